/**
 * The facts version in each run's external_id orders evaluations (several instances may write the
 * same run): a run is never overwritten from facts older than those it was written from. A
 * commit's date is whatever the committer wrote (`GIT_COMMITTER_DATE`, a machine with a wrong
 * clock), so no commit date may order verdicts: a future one would make every later evaluation of
 * that head "older", and once that commit leaves the facts (the base moved on, the PR was
 * retargeted) no event, not even "Re-run", could write a verdict again.
 *
 * GitHub through a stateful nock (runs are created, updated and listed with their external_id as
 * GitHub keeps them); payloads: the real pull_request_review.submitted / .dismissed and
 * pull_request.opened of @octokit/webhooks-examples (MIT; PR #2, head ec26c3e).
 */
import nock from "nock";
import { versionOf } from "../../src/github/check-runs.js";
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { COPILOT, examplePayload, GITHUB_NOREPLY, pullData, RATE_HEADERS, type ReviewInput, type TimelineInput } from "./helpers.js";
import { activityRow, API, githubOnlyThroughNock, HEAD, REPO, twoPersonAppPerTest, type StoredRun } from "./wire.js";

githubOnlyThroughNock();
const app = twoPersonAppPerTest({ retryDelaysMs: [] });

/** GitHub's state: the pull request's facts as the next PullFacts query answers them, and the app's runs on the head. */
interface State {
  data: Record<string, unknown>;
  runs: StoredRun[];
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL JSON edited in place

/** The PullFacts answer with the base branch's tip committed at `baseTipDate`, and this app's runs on the head. */
function facts(reviews: ReviewInput[], baseTipDate: string, timeline: TimelineInput[] = [], extra: Partial<Parameters<typeof pullData>[0]> = {}): Json {
  const data = pullData({ number: 2, headSha: HEAD, reviews, timeline, commits: [{ oid: HEAD, message: "Raise the orders table's read capacity", author: COPILOT, committer: GITHUB_NOREPLY }], ...extra }) as Json;
  // GitHub would send no date the query does not ask for: sent anyway, it must change nothing.
  data["repository"].pullRequest.baseRef.target.committedDate = baseTipDate;
  return data;
}

/** A GitHub that keeps the app's runs: listed with their external_id, created, updated. */
function github(state: State): void {
  const scope = nock(API);
  scope.post("/app/installations/1/access_tokens").optionally().times(10).reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
  scope
    .post("/graphql", (b: { query: string }) => b.query.includes("query PullFacts("))
    .optionally()
    .times(10)
    .reply(() => {
      const data = structuredClone(state.data) as Json;
      const runs = state.runs.map((r) => ({ databaseId: r.id, name: r.name, status: r.status.toUpperCase(), conclusion: r.conclusion?.toUpperCase() ?? null, annotations: { totalCount: 0 } }));
      data["repository"].pullRequest.head.nodes[0].commit.checkSuites = { nodes: runs.length ? [{ checkRuns: { nodes: runs } }] : [] };
      return [200, { data }, RATE_HEADERS("graphql", 4990)];
    });
  scope.get(/\/contents\/\.github(%2F|\/)agent-guardrail\.yml/).query(true).optionally().times(10).reply(404, { message: "Not Found" });
  // Who pushed an agent's PR about to pass: Copilot created the branch at the head.
  scope.get(`${REPO}/activity`).query(true).optionally().times(10).reply(200, [activityRow({ before: "0000000000000000000000000000000000000000", after: HEAD, branch: "copilot/fix-12", login: "Copilot", type: "Bot", kind: "branch_creation" })]);
  scope
    .get(`${REPO}/commits/${HEAD}/check-runs`)
    .query(true)
    .optionally()
    .times(20)
    .reply(() => [200, { total_count: state.runs.length, check_runs: state.runs.map((r) => ({ ...r, output: { annotations_count: 0 } })) }, RATE_HEADERS("core", 4990)]);
  scope
    .post(`${REPO}/check-runs`)
    .optionally()
    .times(5)
    .reply((_uri, body) => {
      const write = body as { name: string; status?: string; conclusion?: string; external_id?: string };
      const run: StoredRun = { id: 4242 + state.runs.length, name: write.name, status: write.status ?? "queued", conclusion: write.conclusion ?? null, external_id: write.external_id ?? null };
      state.runs.push(run);
      return [201, run];
    });
  scope
    .patch(/\/check-runs\/\d+$/)
    .optionally()
    .times(10)
    .reply((uri, body) => {
      const write = body as { status?: string; conclusion?: string; external_id?: string };
      const run = state.runs.find((r) => uri.endsWith(`/check-runs/${r.id}`));
      if (!run) return [404, { message: "Not Found" }];
      run.status = write.status ?? run.status;
      run.conclusion = write.status === "in_progress" ? null : (write.conclusion ?? run.conclusion);
      if (write.external_id !== undefined) run.external_id = write.external_id;
      return [200, run];
    });
}

const approve = (id: number, login: string, at: string): ReviewInput => ({ id, login, state: "APPROVED", commit: HEAD, at });
const twoPerson = (state: State) => state.runs.find((r) => r.name === TWO_PERSON_CHECK);

describe("the facts version is made of GitHub's own times, never of commit dates", () => {
  it("a base branch tip committed with a future date: after it moves on, a dismissed approval fails the run, and a new approval passes it again", async () => {
    // Decided before running, from GitHub's documented behaviour: dismissing bob's approval leaves
    // one approval of two (FAIL); bob approving again makes two (PASS). Before the fix the tip's
    // 2099 date was the run's version: the dismissal's evaluation counted as older facts, marked the
    // run in progress and wrote nothing; bob's new approval did not either, and the PR stayed
    // blocked with no verdict until 2099.
    const alice = approve(11, "alice", "2026-11-20T10:00:00Z");
    const bob = approve(12, "bob", "2026-11-20T10:01:00Z");
    const state: State = { data: facts([alice, bob], "2099-01-01T00:00:00Z"), runs: [] };
    github(state);
    await app.receive("pull_request_review", examplePayload("pull_request_review", "submitted", 1));
    expect(twoPerson(state)).toEqual(expect.objectContaining({ status: "completed", conclusion: "success" }));

    // The base moves on (a squash merge GitHub dates now); bob's approval is dismissed.
    state.data = facts([alice, { ...bob, state: "DISMISSED" }], "2026-11-21T08:00:00Z", [{ type: "ReviewDismissedEvent", at: "2026-11-21T09:00:00Z" }]);
    await app.receive("pull_request_review", examplePayload("pull_request_review", "dismissed"));
    expect(twoPerson(state)).toEqual(expect.objectContaining({ status: "completed", conclusion: "failure" }));

    state.data = facts([alice, { ...bob, state: "DISMISSED" }, approve(13, "bob", "2026-11-21T10:00:00Z")], "2026-11-21T08:00:00Z", [{ type: "ReviewDismissedEvent", at: "2026-11-21T09:00:00Z" }]);
    await app.receive("pull_request_review", examplePayload("pull_request_review", "submitted", 1));
    expect(twoPerson(state)).toEqual(expect.objectContaining({ status: "completed", conclusion: "success" }));
  });

  it("a PR into a branch whose tip is future-dated, retargeted to master where an agent's commit joins it: the run fails", async () => {
    // Decided before running: into `staging` (main plus Copilot's commit, its tip committed with a
    // 2099 date) the PR holds only a person's README change: not agent-authored, PASS. Retargeted
    // to master, its commits are Copilot's infrastructure change and that README change with no
    // approval: FAIL. Before the fix the run was left in progress with the 2099 version, and no
    // later event could write a verdict on it.
    const human = { name: "Dave", email: "dave@example.com", login: "dave" };
    const readme = { oid: HEAD, message: "Mention the new capacity in the README", author: human, committer: human };
    const agent = { oid: "a".repeat(40), message: "Raise the orders table's read capacity", author: COPILOT, committer: GITHUB_NOREPLY };
    const intoStaging = facts([], "2099-01-01T00:00:00Z", [], { baseRef: "staging", author: { login: "dave", type: "User" }, body: "README", commits: [readme], files: [{ path: "README.md" }] });
    const state: State = { data: intoStaging, runs: [] };
    github(state);
    await app.receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(twoPerson(state)).toEqual(expect.objectContaining({ status: "completed", conclusion: "success" }));

    state.data = facts([], "2026-11-21T08:00:00Z", [{ type: "BaseRefChangedEvent", at: "2026-11-21T09:00:00Z" }], {
      author: { login: "dave", type: "User" },
      body: "README",
      commits: [agent, readme],
      files: [{ path: "infra/lib/orders-stack.ts" }, { path: "README.md" }],
    });
    const edited = examplePayload("pull_request", "opened", 1);
    edited["action"] = "edited";
    edited["changes"] = { base: { ref: { from: "staging" }, sha: { from: "b".repeat(40) } } };
    await app.receive("pull_request", edited);
    expect(twoPerson(state)).toEqual(expect.objectContaining({ status: "completed", conclusion: "failure" }));
  });

  it("a run holding a version later than the present (written by an earlier release from a commit date) is no newer verdict: it is replaced", async () => {
    // Decided before running: one approval of two, FAIL. The run's 2099 version cannot come from
    // anything GitHub recorded, so it must not keep its pass.
    const state: State = {
      data: facts([approve(11, "alice", "2026-11-20T10:00:00Z")], "2026-11-18T08:00:00Z", [{ type: "ReviewDismissedEvent", at: "2026-11-21T09:00:00Z" }]),
      runs: [{ id: 4242, name: TWO_PERSON_CHECK, status: "completed", conclusion: "success", external_id: "v2|2|2099-01-01T00:00:00Z" }],
    };
    github(state);
    await app.receive("pull_request_review", examplePayload("pull_request_review", "dismissed"));
    expect(twoPerson(state)).toEqual(expect.objectContaining({ status: "completed", conclusion: "failure" }));
    expect(twoPerson(state)?.external_id).toBe("v2|2|2026-11-21T09:00:00Z");
  });
});

describe("versionOf", () => {
  const now = Date.parse("2026-12-06T16:00:00Z");
  it("keeps a version up to GitHub's possible clock skew (5 minutes) past the present, and reads a later or unreadable one as none", () => {
    expect(versionOf("v2|2|2026-12-06T16:05:00Z", now)).toBe("2026-12-06T16:05:00Z");
    expect(versionOf("v2|2|2026-12-06T16:05:01Z", now)).toBe("");
    expect(versionOf("v2|2|2099-01-01T00:00:00Z", now)).toBe("");
    expect(versionOf("v2|2|not a time", now)).toBe("");
    expect(versionOf("v2|2|", now)).toBe("");
    expect(versionOf("v1|2|2026-11-20T10:00:00Z", now)).toBe("");
  });
});
