/**
 * The base branch is read at one commit, never by its short name.
 *
 * Git resolves a short name through refs/<name>, refs/tags/<name>, refs/heads/<name> in that order
 * (gitrevisions(7)); GitHub's GraphQL `object(expression:)` takes "a Git revision expression
 * suitable for rev-parse", and the REST contents API's `ref` is "the name of the commit/branch/tag",
 * with no documented order when a tag and a branch share a name (vcpkg#42407 saw archive URLs
 * prefer the branch; GitLab's API prefers the tag). Whoever may push a tag (contents: write, as an
 * agent's token has) can create a tag `master` holding a config of their own: which one a read of
 * "master" returns is then GitHub's undocumented choice. So the config, and the files of this
 * repository it extends, are read at the base branch's tip SHA the PR query returned
 * (`baseRef.target.oid`, the Ref of the PR's base branch, never a tag), the commit the project
 * folders and the unread `.yaml` name are read at too.
 *
 * Payload: the real pull_request.opened of @octokit/webhooks-examples (MIT; Codertocat/Hello-World
 * #2, base master, head ec26c3e). The nock answers stand for GitHub holding a branch and a tag of
 * the same name with different files: a read by the name gets the tag's.
 */
import { examplePayload, pullData, type PullInput } from "./helpers.js";
import { CONFIG, createRun, github, githubOnlyThroughNock, graphqlReply, HEAD, twoPersonAppPerTest } from "./wire.js";

githubOnlyThroughNock();
const app = twoPersonAppPerTest({ retryDelaysMs: [] });

/** The base branch's tip now (baseRef.target.oid), which the PR query returns. */
const TIP = "9a1e0b4c2d3f5a6b7c8d9e0f1a2b3c4d5e6f7a8b";
const PARENT = /\/contents\/policy(%2F|\/)guardrail-base\.yml/;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL JSON edited in place

const approval = (id: number, login: string) => ({ id, login, state: "APPROVED" as const, commit: HEAD, at: "2026-11-20T10:00:00Z" });
/** A Copilot PR changing infra/lib/orders-stack.ts (the helpers' default), its base's tip at TIP. */
function copilotPull(extra: Partial<PullInput>): Json {
  const data = pullData({ number: 2, headSha: HEAD, ...extra }) as Json;
  data["repository"].pullRequest.baseRef.target.oid = TIP;
  return data;
}

describe("a tag named like the base branch does not choose the config", () => {
  it("a tag master holding requiredApprovals: 1 beside branch master without a config: one approval of two fails", async () => {
    // Decided before running: the PR merges into branch master, which has no config: the
    // defaults (two approvals) apply to this Copilot infrastructure PR with one approval → FAIL.
    // A read of "master" may return the tag's file (rev-parse order), and then the PR passed.
    const { scope, rec } = github();
    graphqlReply(scope, rec, copilotPull({ reviews: [approval(11, "alice")] }));
    scope.get(CONFIG).query({ ref: "master" }).optionally().reply(200, "review:\n  requiredApprovals: 1\n");
    scope.get(CONFIG).query({ ref: TIP }).reply(404, { message: "Not Found" });
    createRun(scope, rec);
    await app.receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.requests.filter((r) => r.includes("agent-guardrail.yml"))).toEqual([`GET /repos/Codertocat/Hello-World/contents/.github/agent-guardrail.yml?ref=${TIP}`]);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("1 of 2 independent human approvals");
  });

  it("the config's source names the branch and the commit it was read at", async () => {
    // Decided before running: an invalid config on branch master fails the check, naming the file
    // at master and the commit read (a reader must be able to open what the app read).
    const { scope, rec } = github();
    graphqlReply(scope, rec, copilotPull({ reviews: [approval(11, "alice")] }));
    scope.get(CONFIG).query({ ref: TIP }).reply(200, "review:\n  requiredApprovals: 0\n");
    createRun(scope, rec);
    await app.receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain(`Codertocat/Hello-World:.github/agent-guardrail.yml@master (${TIP.slice(0, 7)})`);
  });
});

describe("a file of this repository the config extends is read on the same base commit", () => {
  it("release/1.0 extends policy/guardrail-base.yml: its own copy (three approvals) applies, not the default branch's (one)", async () => {
    // Decided before running: the PR merges into release/1.0, whose config extends
    // Hello-World:policy/guardrail-base.yml, and release/1.0's copy asks for three approvals. The
    // default branch's copy asks for one (an agent PR into master may change it unreviewed: master's
    // own config need not extend it, so there it is no gate path). Two approvals of three → FAIL.
    // Read without a ref (the default branch), the PR passed with the default branch's one.
    const { scope, rec } = github();
    graphqlReply(scope, rec, copilotPull({ baseRef: "release/1.0", reviews: [approval(11, "alice"), approval(12, "bob")] }));
    scope.get(CONFIG).query({ ref: TIP }).reply(200, "_extends: Hello-World:policy/guardrail-base.yml\n");
    scope.get(PARENT).query({ ref: TIP }).reply(200, "review:\n  requiredApprovals: 3\n");
    scope.get(PARENT).query((q) => q["ref"] === undefined).optionally().reply(200, "review:\n  requiredApprovals: 1\n");
    createRun(scope, rec);
    await app.receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.requests.filter((r) => r.includes("guardrail-base.yml"))).toEqual([`GET /repos/Codertocat/Hello-World/contents/policy/guardrail-base.yml?ref=${TIP}`]);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("2 of 3 independent human approvals");
  });

  it("a file another repository's config extends is read on that repository's default branch, as Probot's _extends does", async () => {
    // Decided before running: acme-wide defaults in Codertocat/.github are that repository's
    // (its default branch); this PR's base commit means nothing there. requiredApprovals 3, two → FAIL.
    const { scope, rec } = github();
    graphqlReply(scope, rec, copilotPull({ reviews: [approval(11, "alice"), approval(12, "bob")] }));
    scope.get(CONFIG).query({ ref: TIP }).reply(200, "_extends: .github\n");
    scope.get(/\/repos\/Codertocat\/\.github\/contents\/\.github(%2F|\/)agent-guardrail\.yml/).query((q) => q["ref"] === undefined).reply(200, "review:\n  requiredApprovals: 3\n");
    createRun(scope, rec);
    await app.receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("2 of 3 independent human approvals");
  });
});
