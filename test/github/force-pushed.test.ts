/**
 * A force push that rewrote an agent's commits as a person's, on the wire. GitHub's timeline keeps
 * the head each force push replaced (HeadRefForcePushedEvent.beforeCommit, GraphQL schema in
 * @octokit/graphql-schema); the compare API lists the commits it held (REST "Compare two commits",
 * shaped as GitHub documents it). Real input: the trailer Codex asks the model to end every commit
 * message with, `Co-authored-by: Codex <noreply@openai.com>` (openai/codex
 * codex-rs/core/src/commit_attribution.rs, DEFAULT_ATTRIBUTION_VALUE; Apache-2.0, fact only).
 *
 * Decided before running: alice pushed Codex's commit (trailer and all) to her PR touching
 * infra/lib/orders-stack.ts, then squashed it into one commit of her own without the trailer and
 * force-pushed. An agent wrote the change: the PR is guarded, and bob's approval alone is one of
 * two → failure. Before this change the adapter never read the force push, and the PR passed as
 * "not agent-authored".
 */
import nock from "nock";
import { completeFacts } from "../../src/github/evaluate.js";
import { fetchPull, IncompleteDataError } from "../../src/github/pull.js";
import { MAX_REPLACED_HEADS, replacedSeriesMemo } from "../../src/github/replaced-commits.js";
import { rule } from "../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { examplePayload, pullData, type PullInput, type TimelineInput } from "./helpers.js";
import { activityRow, createRun, github, githubOnlyThroughNock, graphqlReply, HEAD as WIRE_HEAD, noConfig, octokitApi, provenanceOf, REPO as WIRE_REPO, twoPersonAppPerTest } from "./wire.js";
import { markdownText } from "../../src/github/checks/markdown.js";

githubOnlyThroughNock();
beforeEach(() => replacedSeriesMemo.clear());

const API = "https://api.github.com";
const REPO = "acme/platform";
const BASE = "380387fbc80638b734a49e1be1c4dfec1c01b33c";
const HEAD = "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f6a7b8c9d0e";
const OLD = "5b1d7e3c9a2f4d6b8e0c1a3f5d7b9e1c3a5f7d9b";
const AT = "2026-11-20T10:00:00Z";
const ALICE = { name: "Alice", email: "1001+alice@users.noreply.github.com", login: "alice" };
const policy = resolvePolicy();

const forcePush = (before: string | null, at = "2026-11-20T09:00:00Z"): TimelineInput => ({ type: "HeadRefForcePushedEvent", at, before });

function pull(overrides: Partial<PullInput> = {}): PullInput {
  return {
    number: 7,
    headSha: HEAD,
    headRef: "orders-table",
    author: { login: "alice", type: "User" },
    body: "Recreates the orders table with the new key schema.",
    commits: [{ oid: HEAD, message: "Recreate orders table", author: ALICE }],
    reviews: [{ id: 1, login: "bob", state: "APPROVED", commit: HEAD, at: AT }],
    timeline: [forcePush(OLD)],
    ...overrides,
  };
}

/** One commit of the compare API's `commits`, as GitHub answers it. */
function restCommit(sha: string, message: string, login = "alice") {
  const person = { name: "Alice", email: "1001+alice@users.noreply.github.com", date: "2026-11-19T09:00:00Z" };
  const user = { login, id: 1001, node_id: "MDQ6VXNlcjEwMDE=", type: "User", site_admin: false };
  return {
    sha,
    node_id: `C_${sha.slice(0, 8)}`,
    url: `${API}/repos/${REPO}/commits/${sha}`,
    html_url: `https://github.com/${REPO}/commit/${sha}`,
    commit: { author: person, committer: person, message, tree: { sha: "d670460b4b4aece5915caf5c68d12f560a9fe3e4", url: "" }, comment_count: 0, verification: { verified: false, reason: "unsigned", signature: null, payload: null } },
    author: user,
    committer: user,
    parents: [{ sha: BASE, url: `${API}/repos/${REPO}/commits/${BASE}` }],
  };
}

function compare(before: string, commits: ReturnType<typeof restCommit>[], total = commits.length, page = 1) {
  return nock(API)
    .get(`/repos/${REPO}/compare/${BASE}...${before}`)
    .query({ per_page: 100, page })
    .reply(200, { status: "ahead", ahead_by: total, behind_by: 0, total_commits: total, base_commit: { sha: BASE }, merge_base_commit: { sha: BASE }, commits, files: [] });
}

/** alice's own force push of the head, as GitHub's activity records it (the PR's commits name no agent, so it is read). */
function aliceForcePushed(scope: nock.Scope, input: PullInput, repo = `/repos/${REPO}`): void {
  const branch = input.headRef ?? "orders-table";
  provenanceOf(scope, { repo, number: input.number, branch, head: input.headSha, rows: [activityRow({ before: OLD, after: input.headSha, branch, login: "alice", kind: "force_push" })] });
}

async function decide(input: PullInput, pushRecordRead = true) {
  nock(API).post("/graphql").reply(200, { data: pullData(input) });
  if (pushRecordRead) aliceForcePushed(nock(API), input);
  const fetched = await fetchPull(octokitApi(), "acme", "platform", input.number, { sameHead: false });
  await completeFacts(octokitApi(), "acme", "platform", fetched, policy);
  return { fetched, decision: rule.evaluate(fetched.facts, policy) };
}

describe("a force push that rewrote agent commits as a person's", () => {
  it("the commits it replaced are read: Codex's co-authored commit guards alice's squash, bob alone is one of two", async () => {
    const scope = compare(OLD, [restCommit(OLD, "Recreate orders table with a composite key\n\nCo-authored-by: Codex <noreply@openai.com>")]);
    const { fetched, decision } = await decide(pull());
    expect(fetched.replacedHeads).toEqual([OLD]);
    expect(decision.conclusion).toBe("failure");
    expect(decision.reasons).toContain("commit 5b1d7e3, replaced by a force push, is co-authored by agent Codex <noreply@openai.com>");
    expect(decision.reasons.at(-1)).toBe("1 of 2 independent human approvals of the head 9f2c1e7; 1 more needed");
    scope.done();
  });

  it("every page of a long replaced series is read, newest replaced head first, each head once", async () => {
    const OLDER = "1c3a5f7d9b5b1d7e3c9a2f4d6b8e0c1a3f5d7b9e";
    const many = Array.from({ length: 100 }, (_, i) => restCommit(`${String(i).padStart(2, "0")}${OLD.slice(2)}`, `step ${i}`));
    const scope = compare(OLD, many, 101)
      .get(`/repos/${REPO}/compare/${BASE}...${OLD}`)
      .query({ per_page: 100, page: 2 })
      .reply(200, { total_commits: 101, commits: [restCommit(OLD, "last\n\nCo-authored-by: Codex <noreply@openai.com>")] });
    compare(OLDER, [restCommit(OLDER, "plain")]);
    const { fetched, decision } = await decide(pull({ timeline: [forcePush(OLDER, "2026-11-19T09:00:00Z"), forcePush(OLD), forcePush(OLD, "2026-11-20T09:30:00Z")] }));
    expect(fetched.replacedHeads).toEqual([OLD, OLD, OLDER]);
    expect(fetched.facts.replacedCommits).toHaveLength(102);
    expect(decision.guarded).toBe(true);
    scope.done();
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("a head already read is not asked again (a bot rebasing on every base push gathers many): the next evaluation asks only the new one", async () => {
    const NEWER = "7e9a1c3f5b7d9e1a3c5f7b9d1e3a5c7f9b1d3e5a";
    compare(OLD, [restCommit(OLD, "Recreate orders table\n\nCo-authored-by: Codex <noreply@openai.com>")]);
    expect((await decide(pull())).decision.guarded).toBe(true);
    const scope = compare(NEWER, [restCommit(NEWER, "plain")]);
    const { fetched, decision } = await decide(pull({ timeline: [forcePush(OLD), forcePush(NEWER, "2026-11-20T09:40:00Z")] }));
    expect(fetched.facts.replacedCommits?.map((c) => c.sha)).toEqual([NEWER, OLD]);
    expect(decision.guarded).toBe(true);
    scope.done();
  });

  it("a series GitHub lists short of its own count fails closed", async () => {
    compare(OLD, [restCommit(OLD, "one")], 2);
    await expect(decide(pull())).rejects.toThrow(/held 2 commits, of which 1 could be read: who wrote the others is unknown \(fail closed\)/);
  });

  // GitHub's compare answer always counts its commits; one that does not (a proxy, an older API)
  // was read as holding only the commits of its first page.
  it("a comparison that gives no total_commits fails closed: its first page is not all the head held", async () => {
    nock(API).get(`/repos/${REPO}/compare/${BASE}...${OLD}`).query({ per_page: 100, page: 1 }).reply(200, { status: "ahead", base_commit: { sha: BASE }, merge_base_commit: { sha: BASE }, commits: [restCommit(OLD, "one")], files: [] });
    await expect(decide(pull())).rejects.toThrow(/GitHub's comparison of .* gives no total_commits: whether the 1 commit listed is all the head .* held is unknown \(fail closed\)/);
  });

  it("a replaced head GitHub holds but cannot compare (422: no common history) fails closed, naming it", async () => {
    nock(API).get(`/repos/${REPO}/compare/${BASE}...${OLD}`).query(true).reply(422, { message: "No common ancestor between 380387f and 5b1d7e3." });
    const error = await decide(pull()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteDataError);
    expect(String(error)).toContain("commit 5b1d7e3, the head a force push replaced, cannot be compared with the base (GitHub answered 422)");
  });

  // GitHub collects a replaced head in time; the compare API then answers 404, as QwenLM/qwen-code#6035's
  // force-push workflow meets it ("the old `before` has been GC'd"). Nothing is left to read, as for a null beforeCommit.
  it("a replaced head GitHub no longer holds (404) is left out, the other heads still read", async () => {
    const NEWER = "7e9a1c3f5b7d9e1a3c5f7b9d1e3a5c7f9b1d3e5a";
    nock(API).get(`/repos/${REPO}/compare/${BASE}...${OLD}`).query(true).reply(404, { message: "Not Found" });
    compare(NEWER, [restCommit(NEWER, "wip\n\nCo-authored-by: Codex <noreply@openai.com>")]);
    const { fetched, decision } = await decide(pull({ timeline: [forcePush(OLD), forcePush(NEWER, "2026-11-20T09:40:00Z")] }));
    expect(fetched.facts.replacedCommits?.map((c) => c.sha)).toEqual([NEWER]);
    expect(decision.guarded).toBe(true);
  });

  it("any other API error on the way propagates (the check then fails with it)", async () => {
    nock(API).get(`/repos/${REPO}/compare/${BASE}...${OLD}`).query(true).reply(500, { message: "Server Error" });
    await expect(decide(pull())).rejects.toMatchObject({ status: 500 });
  });

  it(`more than ${MAX_REPLACED_HEADS} replaced heads fail closed instead of spending a request on each`, async () => {
    const heads = Array.from({ length: MAX_REPLACED_HEADS + 1 }, (_, i) => forcePush(`${String(i).padStart(2, "0")}${OLD.slice(2)}`));
    await expect(decide(pull({ timeline: heads }))).rejects.toThrow(`force-pushed ${MAX_REPLACED_HEADS + 1} times`);
  });

  it("a head GitHub no longer holds (beforeCommit null) is left out: nothing is asked", async () => {
    const { fetched, decision } = await decide(pull({ timeline: [forcePush(null)] }));
    expect(fetched.replacedHeads).toEqual([]);
    expect(fetched.facts.replacedCommits).toBeUndefined();
    expect(decision.guarded).toBe(false);
  });

  it("a force-pushed PR touching no infrastructure asks the base's project files, and no comparison", async () => {
    const roots = nock(API)
      .post("/graphql", (b: { query: string }) => b.query.includes("BaseProjects"))
      .reply(200, { data: { repository: { d0: { entries: [{ name: "README.md", type: "blob" }] }, c0: null, d1: { entries: [] }, c1: null } } });
    // Docs only: who pushed cannot make it guarded, and is not asked.
    const { fetched, decision } = await decide(pull({ files: [{ path: "docs/orders.md" }] }), false);
    expect(fetched.facts.replacedCommits).toBeUndefined();
    expect(decision.reasons).toEqual(["not agent-authored"]);
    roots.done();
  });
});

describe("the commits a replaced head held are those beyond the base branch's tip, not beyond the base GitHub recorded when the PR was opened", () => {
  // baseRefOid is master's tip when the PR was opened and does not move with the branch
  // (github/docs#431); master's commits since are no commits of this PR.
  const OPENED_ON = "2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c1b3d5f7e9a";
  const TIP = "8d0f2b4c6e8a0c2e4a6c8e0b2d4f6a8c0e2b4d6f";
  const COPILOT_ON_MASTER = "3f5b7d9e1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b";

  it("alice clicked Update branch, then rebased and force-pushed: a Copilot commit master holds is not hers, and her PR is no agent's", async () => {
    // Decided before running: the replaced head OLD held alice's commit and her merge of master
    // (TIP). master's own commits, a Copilot PR merged there among them, were reviewed on master and
    // are not this PR's: alice's infrastructure PR is not agent-authored → success. Compared from
    // OPENED_ON, the replaced head "held" Copilot's commit, and her PR was read as an agent's.
    const data = pullData(pull()) as { repository: { pullRequest: { baseRefOid: string; baseRef: { target: Record<string, unknown> } } } };
    data.repository.pullRequest.baseRefOid = OPENED_ON;
    data.repository.pullRequest.baseRef.target["oid"] = TIP;
    nock(API).post("/graphql").reply(200, { data });
    const copilot = { ...restCommit(COPILOT_ON_MASTER, "Initial plan", "Copilot"), commit: { ...restCommit(COPILOT_ON_MASTER, "Initial plan").commit, author: { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com", date: "2026-11-19T08:00:00Z" } } };
    aliceForcePushed(nock(API), pull());
    nock(API)
      .get(`/repos/${REPO}/compare/${TIP}...${OLD}`)
      .query({ per_page: 100, page: 1 })
      .reply(200, { total_commits: 2, merge_base_commit: { sha: TIP }, commits: [restCommit(OLD.replace(/^5/, "4"), "Recreate orders table"), restCommit(OLD, `Merge branch 'master' into orders-table`)], files: [] });
    nock(API)
      .get(`/repos/${REPO}/compare/${OPENED_ON}...${OLD}`)
      .query(true)
      .optionally()
      .reply(200, { total_commits: 3, merge_base_commit: { sha: OPENED_ON }, commits: [copilot, restCommit(OLD.replace(/^5/, "4"), "Recreate orders table"), restCommit(OLD, `Merge branch 'master' into orders-table`)], files: [] });
    const fetched = await fetchPull(octokitApi(), "acme", "platform", 7, { sameHead: false });
    await completeFacts(octokitApi(), "acme", "platform", fetched, policy);
    expect(fetched.facts.replacedCommits?.map((c) => c.sha)).not.toContain(COPILOT_ON_MASTER);
    expect(rule.evaluate(fetched.facts, policy).reasons).toEqual(["not agent-authored"]);
  });
});

describe("through the app, on the real pull_request.synchronize of @octokit/webhooks-examples (MIT; head ec26c3e)", () => {
  const { receive } = twoPersonAppPerTest();

  it("a force push that squashed Codex's commit into alice's fails the check on the new head, naming the replaced commit", async () => {
    // Decided before running: as above, an agent co-wrote the infrastructure change; bob's approval
    // is one of two → the run on ec26c3e concludes failure, and says why.
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData(pull({ number: 2, headSha: WIRE_HEAD, commits: [{ oid: WIRE_HEAD, message: "Recreate orders table", author: ALICE }], reviews: [{ id: 1, login: "bob", state: "APPROVED", commit: WIRE_HEAD, at: AT }] })));
    noConfig(scope);
    aliceForcePushed(scope, pull({ number: 2, headSha: WIRE_HEAD }), WIRE_REPO);
    scope
      .get(`${WIRE_REPO}/compare/${BASE}...${OLD}`)
      .query({ per_page: 100, page: 1 })
      .reply(200, { total_commits: 1, commits: [restCommit(OLD, "Recreate orders table\n\nCo-authored-by: Codex <noreply@openai.com>")] });
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "synchronize"));
    expect(rec.checkRuns[0]?.body.head_sha).toBe(WIRE_HEAD);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain(markdownText("commit 5b1d7e3, replaced by a force push, is co-authored by agent Codex <noreply@openai.com>"));
  });

  it("a replaced head that cannot be read fails the check with the reason, never a pass", async () => {
    // bob and carol approve: without the replaced commit this would pass.
    const { scope, rec } = github();
    const reviews = [
      { id: 1, login: "bob", state: "APPROVED" as const, commit: WIRE_HEAD, at: AT },
      { id: 2, login: "carol", state: "APPROVED" as const, commit: WIRE_HEAD, at: AT },
    ];
    graphqlReply(scope, rec, pullData(pull({ number: 2, headSha: WIRE_HEAD, commits: [{ oid: WIRE_HEAD, message: "Recreate orders table", author: ALICE }], reviews })));
    noConfig(scope);
    aliceForcePushed(scope, pull({ number: 2, headSha: WIRE_HEAD }), WIRE_REPO);
    scope.get(`${WIRE_REPO}/compare/${BASE}...${OLD}`).query(true).reply(422, { message: "No common ancestor" });
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "synchronize"));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("cannot be compared with the base (GitHub answered 422)");
  });
});
