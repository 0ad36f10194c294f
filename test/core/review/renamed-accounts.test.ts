/**
 * A co-author or requester named by a no-reply address who renamed their account since.
 * GitHub's ID-based no-reply address (`<id>+<login>@users.noreply.github.com`) keeps the id of the
 * account, and GitHub keeps attributing it to that account after a rename (github/docs
 * "Setting your commit email address", CC-BY-4.0: facts only); the login in it is the old one.
 * GraphQL names the reviewer by the login they have now. Before this change the two were compared
 * by login only, so renaming made the co-author of the agent's commit an "independent" approver.
 *
 * The shape is Copilot's: its commits are co-authored by the person who asked, with their no-reply
 * address (`Co-authored-by: dev <1+dev@users.noreply.github.com>` in bench/github-requests.bench.mjs;
 * test/core/review/facts.ts). Verdicts decided before running:
 * 1. alice co-authored through `1001+alice@…`, renamed to alice-platform, approves with bob: she is
 *    the same account (id 1001): FAIL, 1 of 2. Before: PASS.
 * 2. The same with a requester trailer (`Requested-by: alice <1001+alice@…>`): FAIL.
 * 3. carol (id 1003) and bob approve: neither is named: PASS.
 * 4. A reviewer whose id was not recorded (a facts file saved before): decided by login, as before.
 */
import type { PullFacts } from "../../../src/core/review/facts.js";
import { pullFactsSchema } from "../../../src/core/review/facts.js";
import { rule } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr, HEAD } from "./facts.js";

const policy = resolvePolicy();
const AT = "2026-11-20T10:00:00Z";
const approve = (reviewId: number, login: string, id?: number) => ({ id: reviewId, user: { login, type: "User" as const, ...(id !== undefined ? { id } : {}) }, state: "APPROVED" as const, commitId: HEAD, submittedAt: AT });
const COPILOT = { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };
const WEB_FLOW = { name: "GitHub", email: "noreply@github.com", login: "web-flow" };
const pr = (message: string, reviews: PullFacts["reviews"]) =>
  copilotPr({ commits: [{ sha: HEAD, message, author: COPILOT, committer: WEB_FLOW }], reviews, permissions: { bob: "write", carol: "write", "alice-platform": "write" } });
const coAuthored = "Recreate orders table\n\nCo-authored-by: alice <1001+alice@users.noreply.github.com>";

describe("a no-reply address names its account by id, whatever its login now", () => {
  it("alice co-authored the agent's commit, renamed to alice-platform and approved: she does not count", () => {
    const d = rule.evaluate(pr(coAuthored, [approve(1, "bob", 1002), approve(2, "alice-platform", 1001)]), policy);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("alice-platform (review 2) does not count: co-authored commit 9f2c1e7 (as 1001+alice@users.noreply.github.com: account 1001, whatever its login now)");
    expect(d.approvals.map((a) => a.login)).toEqual(["bob"]);
  });

  it("the same for a requester named by a trailer with that address", () => {
    const d = rule.evaluate(pr("Recreate orders table\n\nRequested-by: alice <1001+alice@users.noreply.github.com>", [approve(1, "bob", 1002), approve(2, "alice-platform", 1001)]), policy);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons.some((r) => r.startsWith("alice-platform (review 2) does not count: asked the agent for this change"))).toBe(true);
  });

  it("two reviewers the address does not name pass", () => {
    expect(rule.evaluate(pr(coAuthored, [approve(1, "bob", 1002), approve(3, "carol", 1003)]), policy).conclusion).toBe("success");
  });

  it("a reviewer without a recorded id (facts saved before it was) is compared by login, as before", () => {
    const old = pullFactsSchema.parse(JSON.parse(JSON.stringify(pr(coAuthored, [approve(1, "bob"), approve(2, "alice-platform")])))) as PullFacts;
    expect(rule.evaluate(old, policy).conclusion).toBe("success");
  });

  it("an id is read from a facts file strictly (a positive integer)", () => {
    const json = JSON.parse(JSON.stringify(pr(coAuthored, [approve(2, "alice-platform", 1001)]))) as { reviews: { user: Record<string, unknown> }[] };
    expect(pullFactsSchema.safeParse(json).success).toBe(true);
    const bad = structuredClone(json);
    if (bad.reviews[0]) bad.reviews[0].user["id"] = "1001";
    expect(pullFactsSchema.safeParse(bad).success).toBe(false);
  });
});
