/**
 * The PullFacts contract as `review --facts` validates it (src/core/review/facts.ts, DESIGN.md
 * "PullFacts"): strict, so a misspelt or missing field is an error, never a default that could
 * pass the two-person rule.
 */
import { pullFactsSchema, type PullFacts } from "../../../src/core/review/facts.js";
import { copilotPr, HEAD } from "./facts.js";

const issuePaths = (value: unknown): string[] => {
  const result = pullFactsSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.path.join("."));
};

/** Every optional field, filled as the GitHub adapter fills it. */
const complete: PullFacts = copilotPr({
  files: [{ path: "infra/lib/orders-stack.ts", previousPath: "infra/lib/orders.ts" }],
  reviews: [{ id: 80001, user: { login: "bob", type: "User" }, state: "APPROVED", commitId: HEAD, submittedAt: "2026-11-20T10:01:00Z" }],
  teams: { "platform-leads": ["bob", "carol"] },
  baseChangedAt: "2026-11-20T09:00:00Z",
  bodyRevisions: ["Requested by: @alice"],
  triggers: [{ login: "alice", kind: "assignment", text: "Copilot", at: "2026-11-20T08:00:00Z" }],
  commitSignatures: { [HEAD]: { verified: true, signer: "web-flow" } },
  infraRoots: [{ root: "packages/orders", source: "packages/orders/cdk.json" }],
});

describe("PullFacts schema", () => {
  it("accepts the facts of a real Copilot PR, with and without every optional field", () => {
    expect(issuePaths(copilotPr())).toEqual([]);
    expect(issuePaths(complete)).toEqual([]);
    expect(pullFactsSchema.parse(complete)).toEqual(complete);
  });

  it("rejects a field it does not know, at the top and inside every record (strict: a typo is not a default)", () => {
    expect(issuePaths({ ...complete, approvedBy: ["bob"] })).toEqual([""]);
    const c = complete;
    const commit = c.commits[0] as PullFacts["commits"][number];
    const review = c.reviews[0] as PullFacts["reviews"][number];
    for (const [facts, where] of [
      [{ ...c, author: { ...c.author, id: 1 } }, "author"],
      [{ ...c, files: [{ path: "a.ts", status: "added" }] }, "files.0"],
      [{ ...c, commits: [{ ...commit, verified: true }] }, "commits.0"],
      [{ ...c, commits: [{ ...commit, author: { ...commit.author, date: "x" } }] }, "commits.0.author"],
      [{ ...c, commits: [{ ...commit, committer: { ...commit.committer, date: "x" } }] }, "commits.0.committer"],
      [{ ...c, reviews: [{ ...review, body: "LGTM" }] }, "reviews.0"],
      [{ ...c, reviews: [{ ...review, user: { ...review.user, site_admin: false } }] }, "reviews.0.user"],
      [{ ...c, triggers: [{ login: "alice", kind: "label", text: "agent", at: "t", by: "x" }] }, "triggers.0"],
      [{ ...c, commitSignatures: { [HEAD]: { verified: true, signer: null, reason: "valid" } } }, `commitSignatures.${HEAD}`],
      [{ ...c, infraRoots: [{ root: "", source: "cdk.json", kind: "cdk" }] }, "infraRoots.0"],
    ] as const) {
      expect(issuePaths(facts)).toEqual([where]);
    }
  });

  it("requires every field the rule reads", () => {
    for (const key of ["repo", "number", "author", "headSha", "headRef", "baseRef", "title", "body", "labels", "files", "filesComplete", "commits", "commitsComplete", "reviews", "permissions"]) {
      const facts: Record<string, unknown> = { ...complete };
      delete facts[key];
      expect(issuePaths(facts)).toEqual([key]);
    }
  });

  it.each([
    ["a repository without its owner", { repo: "platform" }, "repo"],
    ["a repository path with three parts", { repo: "acme/platform/x" }, "repo"],
    ["a repository with a blank", { repo: "acme/plat form" }, "repo"],
    ["a repository with nothing after the slash", { repo: "acme/" }, "repo"],
    ["PR number 0", { number: 0 }, "number"],
    ["a fractional PR number", { number: 4.2 }, "number"],
    ["an author of another kind", { author: { login: "Copilot", type: "App" } }, "author.type"],
    ["an author without a login", { author: { login: "", type: "Bot" } }, "author.login"],
    ["a head SHA shorter than 7", { headSha: "9f2c1e" }, "headSha"],
    ["a file without a path", { files: [{ path: "" }] }, "files.0.path"],
    ["a rename from an empty path", { files: [{ path: "a.ts", previousPath: "" }] }, "files.0.previousPath"],
    ["a commit SHA shorter than 7", { commits: [{ ...copilotPr().commits[0], sha: "abc" }] }, "commits.0.sha"],
    ["a commit author with an empty login", { commits: [{ ...copilotPr().commits[0], author: { name: "x", email: "x@y", login: "" } }] }, "commits.0.author.login"],
    ["a review in a state GitHub does not have", { reviews: [{ id: 1, user: { login: "bob", type: "User" }, state: "PENDING", commitId: HEAD, submittedAt: "t" }] }, "reviews.0.state"],
    ["a fractional review id", { reviews: [{ id: 1.5, user: { login: "bob", type: "User" }, state: "APPROVED", commitId: HEAD, submittedAt: "t" }] }, "reviews.0.id"],
    ["a permission GitHub does not have", { permissions: { bob: "owner" } }, "permissions.bob"],
    ["a team listing a non-login", { teams: { leads: [1] } }, "teams.leads.0"],
    ["a trigger of another kind", { triggers: [{ login: "alice", kind: "push", text: "", at: "t" }] }, "triggers.0.kind"],
    ["a trigger without a login", { triggers: [{ login: "", kind: "label", text: "agent", at: "t" }] }, "triggers.0.login"],
    ["a signature without its verdict", { commitSignatures: { [HEAD]: { signer: "bob" } } }, `commitSignatures.${HEAD}.verified`],
    ["an infrastructure root without its project file", { infraRoots: [{ root: "infra", source: "" }] }, "infraRoots.0.source"],
    ["labels that are not text", { labels: [7] }, "labels.0"],
    ["completeness given as text", { filesComplete: "true" }, "filesComplete"],
  ])("rejects %s", (_why, override, where) => {
    expect(issuePaths({ ...complete, ...override })).toEqual([where]);
  });

  it("accepts the shortest values GitHub can give (a 7-character SHA, a one-character login, the root folder)", () => {
    const commit = copilotPr().commits[0] as PullFacts["commits"][number];
    const facts = {
      ...complete,
      repo: "a/b",
      number: 1,
      headSha: "9f2c1e7",
      author: { login: "a", type: "User" },
      commits: [{ ...commit, sha: "9f2c1e7", author: { name: "", email: "", login: "a" }, committer: { name: "", email: "", login: null } }],
      infraRoots: [{ root: "", source: "cdk.json" }],
      triggers: [{ login: "a", kind: "comment", text: "", at: "" }],
    };
    expect(issuePaths(facts)).toEqual([]);
  });
});
