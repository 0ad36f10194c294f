/**
 * An installation that has not accepted a permission the app asks for (app.yml): GitHub answers
 * REST with 403 "Resource not accessible by integration" and GraphQL with a FORBIDDEN error of the
 * same text (and the refused part null). The check fails closed, and says which permission is
 * missing and how an owner grants it: "Resource not accessible by integration" alone names neither.
 * Payloads: the real pull_request.opened of @octokit/webhooks-examples (MIT; PR #2, head ec26c3e).
 */
import { describeError } from "../../src/github/evaluate.js";
import { BASE_SHA, examplePayload, pullData, RATE_HEADERS } from "./helpers.js";
import { CONFIG, createRun, github, githubOnlyThroughNock, graphqlReply, HEAD, noConfig, twoPersonAppPerTest } from "./wire.js";
import { markdownText } from "../../src/github/checks/markdown.js";

githubOnlyThroughNock();
const app = twoPersonAppPerTest({ retryDelaysMs: [] });
const opened = () => app.receive("pull_request", examplePayload("pull_request", "opened", 1));

const FORBIDDEN = "Resource not accessible by integration";
const approvals = [
  { id: 11, login: "alice", state: "APPROVED" as const, commit: HEAD, at: "2026-11-20T10:00:00Z" },
  { id: 12, login: "bob", state: "APPROVED" as const, commit: HEAD, at: "2026-11-20T10:01:00Z" },
];

describe("a permission the installation has not accepted: the check fails and names it", () => {
  it("review.approverTeams without members: read", async () => {
    // Decided before running: who is in platform-leads cannot be read, so no approval can be
    // counted: FAIL, naming members: read (an organization permission) as what to grant.
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, reviews: approvals }));
    scope.get(CONFIG).query({ ref: BASE_SHA }).reply(200, "review:\n  approverTeams: [platform-leads]\n");
    scope
      .post("/graphql", (b: { query: string }) => b.query.includes("query ApproverTeams"))
      .reply(
        200,
        {
          data: { organization: { u0: null, u1: null } },
          errors: [
            { type: "FORBIDDEN", path: ["organization", "u0"], locations: [{ line: 1, column: 54 }], message: FORBIDDEN },
            { type: "FORBIDDEN", path: ["organization", "u1"], locations: [{ line: 2, column: 1 }], message: FORBIDDEN },
          ],
        },
        RATE_HEADERS("graphql", 4989),
      );
    createRun(scope, rec);
    await opened();
    const run = rec.checkRuns[0]?.body;
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain(FORBIDDEN);
    expect(run?.output.summary).toContain(markdownText("has not granted the app `members: read` (organization permission), which review.approverTeams needs"));
    expect(run?.output.summary).toContain("Review request");
  });

  it("the base branch's config without contents: read", async () => {
    // Decided before running: the gate's own configuration cannot be read: FAIL, naming contents: read.
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, reviews: approvals }));
    scope.get(CONFIG).query({ ref: BASE_SHA }).reply(403, { message: FORBIDDEN, documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content", status: "403" });
    createRun(scope, rec);
    await opened();
    const run = rec.checkRuns[0]?.body;
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("GitHub API error 403");
    expect(run?.output.summary).toContain(markdownText("has not granted the app `contents: read`"));
  });

  it("the issues a PR closes without issues: read", async () => {
    // Decided before running: who asked the agent on the issue cannot be read: FAIL, naming issues: read.
    const { scope, rec } = github();
    const data = pullData({ number: 2, headSha: HEAD, reviews: approvals }) as { repository: { pullRequest: Record<string, unknown> } };
    data.repository.pullRequest["closingIssuesReferences"] = null;
    scope
      .post("/graphql")
      .reply(200, { data, errors: [{ type: "FORBIDDEN", path: ["repository", "pullRequest", "closingIssuesReferences"], locations: [{ line: 14, column: 7 }], message: FORBIDDEN }] }, RATE_HEADERS("graphql", 4990));
    createRun(scope, rec);
    await opened();
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain(markdownText("has not granted the app `issues: read`"));
  });

  it("an error that is not a missing permission gets no such advice", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, reviews: approvals }));
    noConfig(scope);
    createRun(scope, rec);
    await opened();
    expect(rec.checkRuns[0]?.body.output.summary).not.toContain("has not granted");
  });
});

describe("describeError: the permission each refused request needs", () => {
  /** As @octokit/graphql throws it (GraphqlResponseError: the request with its query, GitHub's errors). */
  const graphql = (query: string, path: string[] = []) => Object.assign(new Error(`Request failed due to following response errors:\n - ${FORBIDDEN}`), { request: { query }, errors: [{ type: "FORBIDDEN", path, message: FORBIDDEN }] });
  /** As @octokit/request throws it (RequestError: status, the request with its url). */
  const rest = (url: string, message = FORBIDDEN) => Object.assign(new Error(message), { status: 403, request: { method: "GET", url } });
  it.each([
    [graphql("query MergeGroup($owner: String!) { x }"), "`merge_queues: read`"],
    [graphql("query BaseProjects($owner: String!) { x }"), "`contents: read`"],
    [graphql("query UnlinkedIssues($owner: String!) { x }"), "`issues: read` (who asked an agent on the issues a pull request closes)"],
    [graphql("query PullFacts($owner: String!) { x }", ["repository", "pullRequest", "files"]), "`pull_requests: read` and `contents: read`"],
    [rest("https://api.github.com/repos/acme/platform/check-runs/5"), "`checks: write`"],
    [rest("https://api.github.com/repos/acme/platform/compare/a...b"), "`contents: read`"],
    [rest("https://api.github.com/repos/acme/platform/git/blobs/abc"), "`contents: read`"],
    [rest("https://api.github.com/repos/acme/platform/pulls/2/files"), "`pull_requests: read`"],
    [rest("https://api.github.com/repos/acme/platform/commits/abc/pulls"), "a permission app.yml asks for"],
  ])("%#", (error, permission) => {
    expect(describeError(error)).toContain(`has not granted the app ${permission}:`);
  });
  it("a 403 for another reason (an IP allow list, a SAML session) is reported as GitHub said, with no permission named", () => {
    const said = "Although you appear to have the correct authorization credentials, the `acme` organization has an IP allow list enabled";
    expect(describeError(rest("https://api.github.com/repos/acme/platform/contents/x", said))).toBe(`GitHub API error 403: ${said}`);
  });
});
