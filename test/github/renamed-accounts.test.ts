/**
 * Reviewers' account ids read with the facts (GraphQL `... on User { databaseId }` of a review's
 * author, @octokit/graphql-schema, MIT): a co-author named by the ID-based no-reply address of an
 * account renamed since is still that account (test/core/review/renamed-accounts.test.ts has the
 * verdicts and why). Event: the real pull_request_review.submitted of @octokit/webhooks-examples (MIT).
 */
import nock from "nock";
import { fetchPull } from "../../src/github/pull.js";
import { rule } from "../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { COPILOT, GITHUB_NOREPLY, pullData, type PullInput } from "./helpers.js";
import { API, githubOnlyThroughNock, HEAD, octokitApi } from "./wire.js";

githubOnlyThroughNock();
const policy = resolvePolicy();
const AT = "2026-11-20T10:00:00Z";

/** The facts the adapter reads of PR #2 at HEAD from one GraphQL answer holding these commits and reviews. */
async function factsOf(pull: Pick<PullInput, "commits" | "reviews">) {
  nock(API)
    .post("/graphql")
    .reply(200, { data: pullData({ number: 2, headSha: HEAD, ...pull }) });
  return (await fetchPull(octokitApi(), "Codertocat", "Hello-World", 2, { sameHead: false })).facts;
}

it("alice-platform (account 1001) approving a commit co-authored by 1001+alice@…: not counted; bob is", async () => {
  const facts = await factsOf({
    commits: [{ oid: HEAD, message: "Recreate orders table\n\nCo-authored-by: alice <1001+alice@users.noreply.github.com>", author: COPILOT, committer: GITHUB_NOREPLY }],
    reviews: [
      { id: 1, login: "bob", state: "APPROVED", commit: HEAD, at: AT, accountId: 1002 },
      { id: 2, login: "alice-platform", state: "APPROVED", commit: HEAD, at: AT, accountId: 1001 },
    ],
  });
  expect(facts.reviews.map((r) => r.user)).toEqual([
    { login: "bob", type: "User", id: 1002 },
    { login: "alice-platform", type: "User", id: 1001 },
  ]);
  const d = rule.evaluate(facts, policy);
  expect(d.conclusion).toBe("failure");
  expect(d.approvals.map((a) => a.login)).toEqual(["bob"]);
});

it("a co-author named by a public email (GitHub's agents write the requester so) is read as GitHub links it: that account does not count", async () => {
  // lucyscript/companion #125–#133 (2026-02, all rights reserved: facts only): Copilot's commits
  // co-authored "lucyscript <the account's gmail address>", not a no-reply address.
  const alice = { name: "alice", email: "alice.lindqvist@example.org", login: "alice" };
  const facts = await factsOf({
    commits: [{ oid: HEAD, message: `Recreate orders table\n\nCo-authored-by: alice <${alice.email}>`, author: COPILOT, committer: GITHUB_NOREPLY, authors: [COPILOT, alice] }],
    reviews: [
      { id: 1, login: "bob", state: "APPROVED", commit: HEAD, at: AT, accountId: 1002 },
      { id: 2, login: "alice", state: "APPROVED", commit: HEAD, at: AT, accountId: 1001 },
      { id: 3, login: "carol", state: "APPROVED", commit: HEAD, at: AT, accountId: 1003 },
    ],
  });
  expect(facts.commits[0]?.authors).toEqual([COPILOT, alice]);
  const d = rule.evaluate(facts, policy);
  expect(d.approvals.map((a) => a.login)).toEqual(["bob", "carol"]);
  expect(d.conclusion).toBe("success");
});
