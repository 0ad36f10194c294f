/**
 * The base branch's `.github/agent-guardrail.yml` read by the facts query itself (`file(path:)` of
 * the base's tip commit, GraphQL `TreeEntry { mode object { ... on Blob { text isBinary
 * isTruncated } } }` in @octokit/graphql-schema, MIT): the same commit the REST read asked for by
 * SHA, one request fewer. Anything the query does not give whole (a symlink's blob holds the path
 * it points to; a submodule; a binary or truncated blob) is read by REST as before.
 *
 * Event: the real pull_request.opened of @octokit/webhooks-examples (MIT), Codertocat/Hello-World#2.
 */
import { examplePayload, pullData, BASE_SHA } from "./helpers.js";
import { agentPushedHead, CONFIG, createRun, github, githubOnlyThroughNock, graphqlReply, HEAD, noConfig, twoPersonAppPerTest } from "./wire.js";

githubOnlyThroughNock();
const { receive, results } = twoPersonAppPerTest({ retryDelaysMs: [] });
const approval = (id: number, login: string) => ({ id, login, state: "APPROVED" as const, commit: HEAD, at: "2026-11-20T10:00:00Z" });

/** Copilot's PR with one approval; the base's tip and, as the query returns it, its config file. */
function withConfig(config: unknown) {
  const data = pullData({ number: 2, headSha: HEAD, reviews: [approval(11, "alice")] }) as { repository: { pullRequest: { baseRef: { target: Record<string, unknown> } } } };
  data.repository.pullRequest.baseRef.target["oid"] = BASE_SHA;
  data.repository.pullRequest.baseRef.target["config"] = config;
  return data;
}
const file = (text: string, extra: Record<string, unknown> = {}) => ({ mode: 0o100644, object: { text, isBinary: false, isTruncated: false, ...extra } });

describe("the config as the facts query returns it", () => {
  it("its text decides, with no REST read: requiredApprovals 1 and one independent approval pass", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, withConfig(file("review:\n  requiredApprovals: 1\n")));
    agentPushedHead(scope);
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("success");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("1 independent approvals of ec26c3e");
  });

  it("no such file on the base (null): the defaults, with no REST read: one approval of two fails", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, withConfig(null));
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    // The installation token, the facts query, the re-read of the runs, the write: no config read.
    expect(results[0]?.requests).toBe(4);
  });

  it("an invalid file names the file, the line and the commit, as the REST read did", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, withConfig(file("review:\n  requiredAprovals: 1\n")));
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain('invalid configuration: Codertocat/Hello-World:.github/agent-guardrail.yml@master (380387f):2: unknown key "review.requiredAprovals"');
  });

  it.each([
    ["a symlink (its blob is the path it points to)", { mode: 0o120000, object: { text: "../shared/guardrail.yml", isBinary: false, isTruncated: false } }],
    ["a truncated blob", file("review:\n  requiredApprovals: 1\n", { isTruncated: true })],
    ["a binary blob", { mode: 0o100644, object: { text: null, isBinary: true, isTruncated: false } }],
    ["a submodule (no blob)", { mode: 0o160000, object: null }],
  ])("%s is read by REST, as before (here: none, so the defaults: one approval fails)", async (_what, entry) => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, withConfig(entry));
    noConfig(scope);
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(results[0]?.requests).toBe(5); // the REST read of the config besides the four above
  });

  it("a REST error on that fallback read fails the check (never the defaults)", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, withConfig({ mode: 0o120000, object: { text: "x", isBinary: false, isTruncated: false } }));
    scope.get(CONFIG).query({ ref: BASE_SHA }).reply(500, { message: "Server Error" });
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("GitHub API error 500");
  });
});
