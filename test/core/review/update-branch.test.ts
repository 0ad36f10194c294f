/**
 * "Update branch" on an agent's pull request: GitHub makes a merge commit whose author is whoever
 * clicked, often the reviewer who then approves the new head. A merge the adapter proved clean
 * (`cleanMerges`) does not make its maker a writer; any other commit still does.
 */
import type { PullFacts } from "../../../src/core/review/facts.js";
import { rule } from "../../../src/core/review/two-person-review.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr, HEAD } from "./facts.js";

const policy = resolvePolicy();
const AT = "2026-11-20T10:00:00Z";
const PLAN = "3e1f0c9a8b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";
const COPILOT = { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };
const WEB_FLOW = { name: "GitHub", email: "noreply@github.com", login: "web-flow" };
const approve = (id: number, login: string) => ({ id, user: { login, type: "User" as const }, state: "APPROVED" as const, commitId: HEAD, submittedAt: AT });

/** Copilot's commit, then carol's "Update branch" (the head); bob and carol approve the head. */
function updatedByCarol(overrides: Partial<PullFacts> = {}): PullFacts {
  return copilotPr({
    commits: [
      { sha: PLAN, message: "Recreate orders table", author: COPILOT, committer: WEB_FLOW },
      { sha: HEAD, message: "Merge branch 'main' into copilot/fix-orders-table", author: { name: "Carol", email: "1003+carol@users.noreply.github.com", login: "carol" }, committer: WEB_FLOW },
    ],
    reviews: [approve(1, "bob"), approve(2, "carol")],
    ...overrides,
  });
}

describe("a reviewer who clicked Update branch", () => {
  it("is a writer while the merge is not proven clean: one of two approvals", () => {
    const d = rule.evaluate(updatedByCarol(), policy);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("carol (review 2) does not count: authored commit 9f2c1e7");
  });

  it("is no writer when the merge holds only its parents' content: two approvals pass, and the summary says why", () => {
    const d = rule.evaluate(updatedByCarol({ cleanMerges: [HEAD] }), policy);
    expect(d.conclusion).toBe("success");
    expect(d.approvals.map((a) => a.login)).toEqual(["bob", "carol"]);
    expect(d.reasons).toContain("merge commit 9f2c1e7 holds only its parents' content (a clean update of the branch): making it does not make anyone a writer");
  });

  it("stays a writer for any other commit of theirs, and a clean merge of another commit frees nobody", () => {
    const facts = updatedByCarol({ cleanMerges: [HEAD] });
    facts.commits.push({ sha: "7c4a8d09ca3762af61e59520943dc26494f8941b", message: "fix the key schema", author: { name: "Carol", email: "1003+carol@users.noreply.github.com", login: "carol" }, committer: WEB_FLOW });
    expect(rule.evaluate(facts, policy).reasons).toContain("carol (review 2) does not count: authored commit 7c4a8d0");
    expect(rule.evaluate(updatedByCarol({ cleanMerges: [PLAN] }), policy).conclusion).toBe("failure");
  });

  it("still requested the agent if they did: a clean merge frees only its own authorship", () => {
    const d = rule.evaluate(updatedByCarol({ cleanMerges: [HEAD], body: "Requested by @carol\n\n<!-- START COPILOT CODING AGENT SUFFIX -->" }), policy);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons.some((r) => r.startsWith("carol (review 2) does not count: asked the agent for this change"))).toBe(true);
  });
});

describe("a clean merge made with an email linked to no account", () => {
  const local = (overrides: Partial<PullFacts> = {}) =>
    updatedByCarol({
      commits: [
        { sha: PLAN, message: "Recreate orders table", author: COPILOT, committer: WEB_FLOW },
        { sha: HEAD, message: "Merge remote-tracking branch 'origin/main'", author: { name: "Carol", email: "carol@laptop.local", login: null }, committer: { name: "Carol", email: "carol@laptop.local", login: null } },
      ],
      reviews: [approve(1, "bob"), approve(2, "erin")],
      ...overrides,
    });

  it("blocks while not proven clean (its maker could be an approver)", () => {
    const d = rule.evaluate(local(), policy);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons.some((r) => r.includes("<carol@laptop.local>, an email linked to no GitHub account"))).toBe(true);
  });

  it("does not block once proven clean: whoever made it wrote nothing", () => {
    expect(rule.evaluate(local({ cleanMerges: [HEAD] }), policy).conclusion).toBe("success");
  });

  it("with review.requireVerifiedCommits an unsigned clean merge still has an unknown author", () => {
    const strict = resolvePolicy(parseUserConfig("c.yml", "review:\n  requireVerifiedCommits: true\n"));
    const signed = { [PLAN]: { verified: true, signer: null } };
    const d = rule.evaluate(local({ cleanMerges: [HEAD], commitSignatures: signed }), strict);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons.some((r) => r.startsWith("commit 9f2c1e7 has no signature GitHub verified"))).toBe(true);
  });
});
