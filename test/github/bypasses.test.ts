/**
 * Issue 11 on the wire: Probot with real webhook payloads (@octokit/webhooks-examples), the
 * GitHub API through nock — merge-queue names, retargeted bases, requesters on the timeline,
 * stale passes, lists read to their end, config pushes and signed commits.
 */
import nock from "nock";
import type { Probot } from "probot";
import { TWO_PERSON_CHECK, twoPersonReviewCheck } from "../../src/github/checks/two-person-review.js";
import { metrics, type EvaluationResult } from "../../src/github/evaluate.js";
import { BASE_SHA, COPILOT, examplePayload, GITHUB_NOREPLY, pullData, type PullInput, RATE_HEADERS, testProbot, timelineNode } from "./helpers.js";
import { agentPushedHead, API, CONFIG, createRun, github, graphqlReply, HEAD, noConfig, REPO, requestsDuring as requestsWithoutInterceptors, updateRun, type CheckBody, type Recorder } from "./wire.js";

let probot: Probot;
let results: EvaluationResult[];
beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  nock.cleanAll();
  results = [];
  probot = await testProbot({ checks: [twoPersonReviewCheck], onEvaluated: (r) => results.push(r), retryDelaysMs: [1, 1] });
});
afterEach(() => expect(nock.pendingMocks()).toEqual([]));

const receive = (name: string, payload: Record<string, unknown>, id = "d1") => probot.receive({ id, name, payload } as never);
const approval = (id: number, login: string, at = "2026-11-20T10:00:00Z") => ({ id, login, state: "APPROVED" as const, commit: HEAD, at });
const twoApprovals = [approval(11, "alice"), approval(12, "bob")];
/** pull_request.opened for a PR with these facts, the base config (none when undefined): the run written. */
async function openedWith(pull: PullInput, config?: string, records?: (scope: nock.Scope) => void): Promise<CheckBody | undefined> {
  const { scope, rec } = github();
  graphqlReply(scope, rec, pullData(pull));
  if (config === undefined) noConfig(scope);
  else scope.get(CONFIG).query({ ref: BASE_SHA }).reply(200, config);
  records?.(scope);
  createRun(scope, rec);
  await receive("pull_request", examplePayload("pull_request", "opened", 1));
  return rec.checkRuns[0]?.body;
}
type Data = { repository: { pullRequest: Record<string, any> } }; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL JSON edited in place

describe("item 1: merge-queue branch names are not proof", () => {
  const SHA = "d6fde92930d4715a2b49857d24b940956b26d2d3"; // the head_sha of the real check_run.rerequested example
  const repo = "/repos/github/hello-world";
  function rerun(branch: string) {
    const payload = examplePayload("check_run", "rerequested");
    payload["check_run"].name = TWO_PERSON_CHECK;
    payload["check_run"].check_suite.head_branch = branch;
    return payload;
  }

  it("a pushed gh-readonly-queue/<base>/pr-N-… branch the queue does not hold is judged by the PRs whose head it is, not by #N", async () => {
    const { scope, rec } = github();
    const branches: unknown[] = [];
    scope.post("/graphql", (b: { query: string; variables: { branch?: string } }) => b.query.includes("MergeGroup") && (branches.push(b.variables.branch), true)).reply(200, {
      data: { repository: { mergeQueue: { entries: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ position: 1, headCommit: { oid: "e".repeat(40) }, pullRequest: { number: 3 } }] } } } },
    });
    scope.post("/graphql", (b: { query: string }) => b.query.includes("OpenPullHeads")).reply(200, {
      data: { repository: { openPulls: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ number: 9, headRefOid: SHA }] } } },
    });
    graphqlReply(scope, rec, pullData({ number: 9, headSha: SHA, baseRef: "release/1.0" }));
    scope.get(`${repo}/contents/.github%2Fagent-guardrail.yml`).query({ ref: BASE_SHA }).reply(404, { message: "Not Found" });
    scope.post(`${repo}/check-runs`, (body: CheckBody) => (rec.checkRuns.push({ method: "POST", path: "create", body }), true)).reply(201, { id: 5 });
    await receive("check_run", rerun(`gh-readonly-queue/release/1.0/pr-7-${"c".repeat(40)}`));
    expect(branches).toEqual(["release/1.0"]);
    expect(results[0]?.pulls).toEqual([9]);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
  });

  it("a queue longer than one page is read to the end: every entry ahead of the group's is evaluated", async () => {
    const { scope, rec } = github();
    const page = (nodes: unknown[], hasNextPage: boolean) => ({ data: { repository: { mergeQueue: { entries: { pageInfo: { hasNextPage, endCursor: hasNextPage ? "q1" : null }, nodes } } } } });
    scope.post("/graphql", (b: { query: string; variables: { after?: string | null } }) => b.query.includes("MergeGroup") && !b.variables.after).reply(200, page([{ position: 1, headCommit: { oid: "e".repeat(40) }, pullRequest: { number: 5 } }], true));
    scope.post("/graphql", (b: { query: string; variables: { after?: string | null } }) => b.query.includes("MergeGroup") && b.variables.after === "q1").reply(200, page([{ position: 2, headCommit: { oid: SHA }, pullRequest: { number: 7 } }], false));
    graphqlReply(scope, rec, pullData({ number: 5, headSha: "5".repeat(40), baseRef: "main", reviews: [] }));
    graphqlReply(scope, rec, pullData({ number: 7, headSha: "7".repeat(40), baseRef: "main", reviews: [] }));
    scope.get(`${repo}/contents/.github%2Fagent-guardrail.yml`).query({ ref: BASE_SHA }).reply(404, { message: "Not Found" });
    scope.post(`${repo}/check-runs`, (body: CheckBody) => (rec.checkRuns.push({ method: "POST", path: "create", body }), true)).reply(201, { id: 6 });
    await receive("check_run", rerun(`gh-readonly-queue/main/pr-7-${"c".repeat(40)}`));
    expect(results[0]?.pulls).toEqual([5, 7]);
  });

  it("no queue entry and no open PR with that head: the check fails closed", async () => {
    const { scope, rec } = github();
    scope.post("/graphql", (b: { query: string }) => b.query.includes("MergeGroup")).reply(200, { data: { repository: { mergeQueue: { entries: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } } } } });
    scope.post("/graphql", (b: { query: string }) => b.query.includes("OpenPullHeads")).reply(200, { data: { repository: { openPulls: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } } } });
    scope.post(`${repo}/check-runs`, (body: CheckBody) => (rec.checkRuns.push({ method: "POST", path: "create", body }), true)).reply(201, { id: 7 });
    await receive("check_run", rerun(`gh-readonly-queue/main/pr-7-${"c".repeat(40)}`));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("no open pull request has this commit");
  });
});

describe("items 2 and 6: a retargeted base re-evaluates, and a passing run is put in progress first", () => {
  function edited(): Record<string, unknown> {
    // pull_request.edited as GitHub sends it when the base changes (no such example ships: the opened one, retargeted).
    const payload = examplePayload("pull_request", "opened", 1);
    payload["action"] = "edited";
    payload["changes"] = { base: { ref: { from: "master" }, sha: { from: "380387fbc80638b734a49e1be1c4dfec1c01b33c" } } };
    return payload;
  }
  it("approvals given before the base changed no longer count; the old pass is replaced (in progress first)", async () => {
    const { scope, rec } = github();
    graphqlReply(
      scope,
      rec,
      pullData({ number: 2, headSha: HEAD, baseRef: "release", reviews: twoApprovals, timeline: [{ type: "BaseRefChangedEvent", at: "2026-11-20T11:00:00Z" }], checkRuns: [{ id: 4242, name: TWO_PERSON_CHECK, conclusion: "SUCCESS" }] }),
    );
    noConfig(scope);
    updateRun(scope, rec, 4242);
    updateRun(scope, rec, 4242);
    await receive("pull_request", edited());
    expect(rec.checkRuns.map((r) => [r.body.status, r.body.conclusion])).toEqual([
      ["in_progress", undefined],
      ["completed", "failure"],
    ]);
    expect(rec.checkRuns[1]?.body.output.summary).toContain("before the base branch changed (2026-11-20T11:00:00Z): it approved another diff");
  });

  it("a final write that keeps failing is retried with backoff, counted, and leaves the run in progress (never the old pass)", async () => {
    const { scope, rec } = github();
    const before = metrics.checkRunWriteFailures;
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, reviews: [approval(11, "alice")], checkRuns: [{ id: 4242, name: TWO_PERSON_CHECK, conclusion: "SUCCESS" }] }));
    noConfig(scope);
    updateRun(scope, rec, 4242);
    scope.patch(`${REPO}/check-runs/4242`).times(3).reply(502, { message: "Bad Gateway" });
    await receive("pull_request_review", examplePayload("pull_request_review", "dismissed"));
    expect(rec.checkRuns.map((r) => r.body.status)).toEqual(["in_progress"]);
    expect(results[0]?.writeFailures).toBe(1);
    expect(metrics.checkRunWriteFailures).toBe(before + 1);
  });
});

describe("item 3: requesters on the timeline", () => {
  it("the person who assigned Copilot to the issue the PR closes cannot approve", async () => {
    const run = await openedWith({ number: 2, headSha: HEAD, reviews: twoApprovals, closingIssues: [{ number: 12, timeline: [{ type: "AssignedEvent", at: "2026-11-19T08:00:00Z", actor: "bob", assignee: "Copilot" }] }] });
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("bob (review 12) does not count: asked the agent for this change (assigned agent Copilot");
  });

  it("an edit that removed 'Requested by' from the body changes nothing; a labeller of an agent label and an @agent commenter are requesters too", async () => {
    const run = await openedWith({
        number: 2,
        headSha: HEAD,
        reviews: [approval(11, "alice"), approval(12, "bob"), approval(13, "carol"), approval(14, "dave")],
        edits: [{ diff: "Fixes #12\n\nRequested by: @alice\n\n<!-- START COPILOT CODING AGENT SUFFIX -->", editedAt: "2026-11-19T07:00:00Z" }],
        timeline: [
          { type: "LabeledEvent", at: "2026-11-19T08:00:00Z", actor: "bob", label: "Amazon Q development agent" },
          { type: "IssueComment", at: "2026-11-19T09:00:00Z", author: "carol", body: "@copilot please also raise the write capacity" },
        ],
      });
    const summary = run?.output.summary ?? "";
    expect(run?.conclusion).toBe("failure");
    expect(summary).toContain("alice (review 11) does not count: asked the agent for this change (an earlier revision of the PR body)");
    expect(summary).toContain('bob (review 12) does not count: asked the agent for this change (applied the agent label "Amazon Q development agent"');
    expect(summary).toContain("carol (review 13) does not count: asked the agent for this change (mentioned agent @copilot in a comment");
  });
});

describe("item 10: every list is read to the end, or the check fails closed", () => {
  async function failsWith(edit: (d: Data) => void, reason: string, extra?: (scope: nock.Scope, rec: Recorder) => void) {
    const { scope, rec } = github();
    const data = pullData({ number: 2, headSha: HEAD, reviews: twoApprovals }) as Data;
    edit(data);
    graphqlReply(scope, rec, data);
    extra?.(scope, rec);
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain(reason);
  }
  it("more than 100 PRs containing the head (one could share it)", () =>
    failsWith((d) => (d.repository.pullRequest["head"].nodes[0].commit.associatedPullRequests.pageInfo = { hasNextPage: true, endCursor: "p1" }), "more than 100 pull requests contain the head commit"));
  it("no head commit in GitHub's answer (no telling which PRs share its check runs)", () =>
    failsWith((d) => (d.repository.pullRequest["head"].nodes = []), "the head commit was not returned"));
  it("more than 100 labels", () => failsWith((d) => (d.repository.pullRequest["labels"].pageInfo = { hasNextPage: true, endCursor: "l1" }), "more than 100 labels"));
  it("a linked issue's timeline longer than a page", () =>
    failsWith((d) => (d.repository.pullRequest["closingIssuesReferences"] = { totalCount: 1, nodes: [{ number: 12, timelineItems: { totalCount: 150, pageInfo: { hasNextPage: true, endCursor: "t" }, nodes: [] } }] }), "timeline of linked issue #12"));
  it("a body edited more times than can be read", () => failsWith((d) => (d.repository.pullRequest["userContentEdits"] = { totalCount: 101, nodes: [] }), "edited 101 times"));
  it("the PR's timeline is followed to its second page (a base change there still voids the approvals)", async () => {
    const { scope, rec } = github();
    const data = pullData({ number: 2, headSha: HEAD, reviews: twoApprovals }) as Data;
    data.repository.pullRequest["timelineItems"].pageInfo = { hasNextPage: true, endCursor: "t1" };
    graphqlReply(scope, rec, data);
    scope.post("/graphql", (b: { variables: { timeline?: string } }) => b.variables.timeline === "t1").reply(200, {
      data: { repository: { pullRequest: { headRefOid: HEAD, timelineItems: { totalCount: 101, pageInfo: { hasNextPage: false, endCursor: "t2" }, nodes: [timelineNode({ type: "BaseRefChangedEvent", at: "2026-11-21T00:00:00Z" })] } } } },
    });
    noConfig(scope);
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("before the base branch changed (2026-11-21T00:00:00Z): it approved another diff");
  });
  it("a re-run reads the open PRs past their first page (a PR with the head on the second one counts)", async () => {
    const payload = examplePayload("check_run", "rerequested");
    payload["check_run"].name = TWO_PERSON_CHECK;
    const { scope, rec } = github();
    scope.post("/graphql", (b: { query: string; variables: { openPulls?: string | null } }) => b.query.includes("OpenPullHeads") && !b.variables.openPulls).reply(200, {
      data: { repository: { openPulls: { totalCount: 101, pageInfo: { hasNextPage: true, endCursor: "a1" }, nodes: [{ number: 7, headRefOid: payload["check_run"].head_sha }] } } },
    });
    scope.post("/graphql", (b: { query: string; variables: { openPulls?: string | null } }) => b.query.includes("OpenPullHeads") && b.variables.openPulls === "a1").reply(200, {
      data: { repository: { openPulls: { totalCount: 101, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ number: 8, headRefOid: payload["check_run"].head_sha }] } } },
    });
    graphqlReply(scope, rec, pullData({ number: 7, headSha: payload["check_run"].head_sha, reviews: twoApprovals }));
    graphqlReply(scope, rec, pullData({ number: 8, headSha: payload["check_run"].head_sha }));
    scope.get("/repos/github/hello-world/contents/.github%2Fagent-guardrail.yml").query({ ref: BASE_SHA }).reply(404, { message: "Not Found" });
    scope.post("/repos/github/hello-world/check-runs", (body: CheckBody) => (rec.checkRuns.push({ method: "POST", path: "create", body }), true)).reply(201, { id: 8 });
    await receive("check_run", payload);
    expect(results[0]?.pulls).toEqual([7, 8]);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
  });
});

describe("item 11: a tighter base config re-evaluates open PRs", () => {
  /** Receives the push with open PR #2 (passing under the old config) on the wire: it must be re-evaluated and now fail. */
  async function expectReevaluated(payload: ReturnType<typeof realPush>, base = "master"): Promise<void> {
    const { scope, rec } = github();
    const asked: unknown[] = [];
    scope.post("/graphql", (b: { query: string; variables: Record<string, unknown> }) => b.query.includes("OpenPulls") && (asked.push(b.variables), true)).reply(200, {
      data: { repository: { pullRequests: { totalCount: 1, nodes: [{ number: 2, headRefOid: HEAD }] } } },
    });
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, baseRef: base, reviews: [approval(11, "alice")], checkRuns: [{ id: 4242, name: TWO_PERSON_CHECK, conclusion: "SUCCESS" }] }));
    scope.get(CONFIG).query({ ref: BASE_SHA }).reply(200, "review:\n  requiredApprovals: 2\n", RATE_HEADERS("core", 4990));
    updateRun(scope, rec, 4242);
    updateRun(scope, rec, 4242);
    await receive("push", payload);
    expect(asked).toEqual([expect.objectContaining({ base, first: 50 })]);
    // The PR's evaluation reports its own requests: not the installation token, not the push's listing of open PRs.
    expect(results[0]?.requests).toBe(rec.requests.filter((r) => !r.startsWith("POST /app/")).length - asked.length);
    expect(results.map((r) => r.pulls)).toEqual([[2]]);
    expect(rec.checkRuns.at(-1)?.body.conclusion).toBe("failure");
  }

  /** The requests the App sends while `run` runs, with no interceptor left: each one is a "no match" (the network is off). */
  async function requestsDuring(run: () => Promise<void>): Promise<string[]> {
    nock.cleanAll();
    return requestsWithoutInterceptors(run);
  }

  it("a push to the default branch that changes .github/agent-guardrail.yml re-evaluates its open PRs, bounded", async () => {
    const payload = realPush();
    payload["commits"][0].modified = [".github/agent-guardrail.yml"];
    await expectReevaluated(payload);
  });
  it("a push listing 20 commits (all GitHub puts in the payload) re-evaluates even when none listed touches the config; 19 do not", async () => {
    const pushOf = (n: number) => {
      const payload = realPush();
      const commit = payload["commits"][0];
      payload["commits"] = Array.from({ length: n }, (_, i) => ({ ...commit, id: `${String(i).padStart(2, "0")}${String(commit.id).slice(2)}`, added: [], removed: [], modified: ["README.md"] }));
      return payload;
    };
    expect(await requestsDuring(() => receive("push", pushOf(19)))).toEqual([]);
    expect(results).toEqual([]);
    // With 20 the config may have changed in a commit the payload left out.
    await expectReevaluated(pushOf(20));
  });
  it.each([
    ["added (a first config)", { added: [".github/agent-guardrail.yml"] }],
    ["removed (back to the defaults)", { removed: [".github/agent-guardrail.yml"] }],
    ["modified as .yaml", { modified: [".github/agent-guardrail.yaml"] }],
  ])("a push whose later commit has the config %s re-evaluates its open PRs", async (_, files) => {
    const payload = realPush();
    const first = payload["commits"][0];
    const later = { ...first, id: `1${String(first.id).slice(1)}`, added: [], removed: [], modified: [], ...files };
    payload["commits"] = [first, later];
    await expectReevaluated(payload);
  });
  it("a force push to the default branch re-evaluates: the commit it drops (a config change undone by rewriting) is in no list", async () => {
    // master reset to an older commit: GitHub sends forced: true and no commits.
    const payload = realPush();
    Object.assign(payload, { before: "1f3c2b9e5d7a4c6e8b0a2d4f6c8e0a2b4d6f8a0c", created: false, forced: true, commits: [] });
    await expectReevaluated(payload);
  });
  it("a push that does not touch the config, a tag, or a deleted branch costs nothing", async () => {
    const sent = await requestsDuring(async () => {
      // The real push adds README.md to the default branch.
      await receive("push", realPush());
      const tag = realPush();
      tag["ref"] = "refs/tags/v1.0";
      tag["commits"][0].modified = [".github/agent-guardrail.yml"];
      await receive("push", tag);
      const deleted = realPush();
      Object.assign(deleted, { ref: "refs/heads/release/1.0", deleted: true, forced: true, commits: [] });
      await receive("push", deleted);
    });
    expect(sent).toEqual([]);
    expect(results).toEqual([]);
  });
  it("a push changing the config of another branch re-evaluates the open PRs into that branch: the base's config decides, not the default branch's", async () => {
    // Decided before running: release/1.0 is protected too and its config now asks for 2 approvals;
    // #2 into release/1.0 passed with 1 and must now FAIL (before: only default-branch pushes counted).
    const payload = realPush();
    payload["ref"] = "refs/heads/release/1.0";
    payload["commits"][0].modified = [".github/agent-guardrail.yml"];
    await expectReevaluated(payload, "release/1.0");
  });
  describe("a file of this repository the config extends is the branch's gate too", () => {
    const AFTER = "6113728f27ae82c7b1a177c8d03f9e96e0adf246"; // the real push's after
    const PARENT = /\/contents\/policy(%2F|\/)guardrail-base\.yml/;
    /** master's config as pushed extends policy/guardrail-base.yml (404 text: the push removed it). */
    function configAsPushed(parent: string | undefined): void {
      const scope = nock(API);
      scope.get(CONFIG).query({ ref: AFTER }).reply(200, "_extends: Hello-World:policy/guardrail-base.yml\n");
      scope.get(PARENT).query({ ref: AFTER }).reply(parent === undefined ? 404 : 200, parent ?? { message: "Not Found" });
    }
    it("a push that raises requiredApprovals in policy/guardrail-base.yml re-evaluates the open PRs into master", async () => {
      // Decided before running: master's gate is its config and the file it extends; #2 passed with
      // one approval before, and with two required now it must fail (before: only the config's own path counted).
      configAsPushed("review:\n  requiredApprovals: 2\n");
      const payload = realPush();
      payload["commits"][0].modified = ["policy/guardrail-base.yml"];
      await expectReevaluated(payload);
    });
    it("a push that removes it re-evaluates: the config as pushed cannot be read", async () => {
      // Decided before running: master's config now extends a missing file, an invalid gate: the open PRs must learn it (they fail closed).
      configAsPushed(undefined);
      const payload = realPush();
      payload["commits"][0].removed = ["policy/guardrail-base.yml"];
      await expectReevaluated(payload);
    });
    it("a push changing another YAML file reads the config as pushed and re-evaluates nothing", async () => {
      // Decided before running: deploy/values.yaml is no file the config extends: no PR's gate changed.
      const { rec } = github();
      configAsPushed("review:\n  requiredApprovals: 2\n");
      const payload = realPush();
      payload["commits"][0].modified = ["docs/values.yaml"];
      await receive("push", payload);
      expect(results).toEqual([]);
      expect(rec.requests).toEqual(["POST /app/installations/1/access_tokens"]);
    });
  });
  /** The real push to refs/heads/master of Codertocat/Hello-World (one commit; push events carry no action). */
  function realPush() {
    return examplePayload("push", undefined as unknown as string, 4);
  }
});

describe("item 13: requireVerifiedCommits, read from the base config", () => {
  it("an unverified commit makes its author unknown: fail closed; verified commits pass", async () => {
    for (const [isValid, conclusion] of [
      [false, "failure"],
      [true, "success"],
    ] as const) {
      const run = await openedWith(
        { number: 2, headSha: HEAD, reviews: twoApprovals, commits: [{ oid: HEAD, message: "Initial plan", author: COPILOT, committer: GITHUB_NOREPLY, signature: { isValid, signer: null } }] },
        "review:\n  requireVerifiedCommits: true\n",
        // About to pass: who pushed the agent's commit is read (the agent itself).
        isValid ? (scope) => agentPushedHead(scope) : undefined,
      );
      expect(run?.conclusion).toBe(conclusion);
      nock.cleanAll();
    }
  });
});

describe("item 12: the base branch's project files say what is infrastructure", () => {
  const DEVIN = { name: "Devin AI", email: "158243242+devin-ai-integration[bot]@users.noreply.github.com", login: "devin-ai-integration" };
  const BASE = "380387fbc80638b734a49e1be1c4dfec1c01b33c";
  it("an agent PR changing only services/orders/src/*.ts is guarded because services/orders/cdk.json exists on the base (and its app folder too)", async () => {
    const { scope, rec } = github();
    graphqlReply(
      scope,
      rec,
      pullData({
        number: 2,
        headSha: HEAD,
        author: { login: "devin-ai-integration", type: "Bot" },
        body: "Link to Devin run: https://app.devin.ai/sessions/5b1e",
        files: [{ path: "services/orders/src/table.ts" }, { path: "launch/app.py" }, { path: "services/orders/test/table.test.ts" }],
        commits: [{ oid: HEAD, message: "Bigger table", author: DEVIN }],
        reviews: [approval(11, "alice")],
      }),
    );
    noConfig(scope);
    const asked: string[] = [];
    scope
      .post("/graphql", (b: { query: string }) => b.query.includes("BaseProjects") && (asked.push(...[...b.query.matchAll(/expression: "([^"]+)"/g)].map((m) => m[1] ?? "")), true))
      .reply(200, (_uri: string, body: { query: string }) => {
        const data: Record<string, unknown> = {};
        for (const m of body.query.matchAll(/(d|c)(\d+): object\(expression: "[0-9a-f]+:([^"]*)"\)/g)) {
          const [alias, path] = [`${m[1]}${m[2]}`, m[3] ?? ""];
          if (path === "services/orders") data[alias] = { entries: [{ name: "cdk.json", type: "blob" }, { name: "src", type: "tree" }, { name: "test", type: "tree" }] };
          else if (path === "services/orders/cdk.json") data[alias] = { text: '{\n  "app": "python3 ../../launch/app.py",\n  "context": {}\n}\n' };
          else data[alias] = m[1] === "d" ? { entries: [] } : null;
        }
        return { data: { repository: data } };
      });
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(asked).toEqual(expect.arrayContaining([`${BASE}:services/orders`, `${BASE}:services/orders/cdk.json`]));
    const summary = rec.checkRuns[0]?.body.output.summary ?? "";
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(summary).toContain("touches infrastructure: services/orders/src/table.ts, launch/app.py");
    expect(summary).not.toContain("touches infrastructure: services/orders/src/table.ts, launch/app.py, services/orders/test");
  });
});
