/**
 * Commits a bot account made: GitHub's GraphQL API links commit emails to users only, so the
 * adapter records `login: null` for them (test/fixtures/github/bot-commits/README.md says where
 * each fixture comes from and the verdict expected before running it).
 */
import { readFileSync } from "node:fs";
import { pullFactsSchema, type PullFacts } from "../../../src/core/review/facts.js";
import { accountOf } from "../../../src/core/review/agents.js";
import { rule } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const fixture = (name: string): PullFacts => pullFactsSchema.parse(JSON.parse(readFileSync(new URL(`../../fixtures/github/bot-commits/${name}`, import.meta.url), "utf8"))) as PullFacts;

describe("a bot's no-reply address names its bot account", () => {
  it("Dependabot bumping an action in two workflows (actions/checkout#2535) is not agent-authored: it passes", () => {
    // Expected: success, not guarded. Dependabot is no agent; its commit email is its account's.
    const d = rule.evaluate(fixture("dependabot-actions-checkout-2535.json"), policy);
    expect(d).toMatchObject({ conclusion: "success", guarded: false, reasons: ["not agent-authored"] });
  });

  it("opencode's bot commit on a person's PR is an agent's: guarded, and two others' approvals pass it", () => {
    // Expected: guarded by the commit of opencode-agent[bot] (a configured agent login) on a .tf
    // file; bob and carol count, alice (author, co-author by opencode's trailer, asker) does not.
    const d = rule.evaluate(fixture("opencode-on-human-pr.json"), policy);
    expect(d.guarded).toBe(true);
    expect(d.reasons).toContain("commit c3d2e1f author opencode-agent[bot] <opencode-agent[bot]@users.noreply.github.com> is an agent");
    expect(d.approvals.map((a) => a.login)).toEqual(["bob", "carol"]);
    expect(d.reasons).toContain("alice (review 3103) does not count: opened the pull request");
    expect(d.conclusion).toBe("success");
  });

  it("the same PR with one approval still fails: the agent's commit is what guards it", () => {
    const facts = fixture("opencode-on-human-pr.json");
    const d = rule.evaluate({ ...facts, reviews: facts.reviews.filter((r) => r.user.login !== "carol") }, policy);
    expect(d).toMatchObject({ conclusion: "failure", guarded: true, missing: 1 });
  });

  it("only a bot's address names an account: a person's no-reply address or any other email GitHub did not link stays unknown", () => {
    expect(accountOf({ name: "d", email: "49699333+dependabot[bot]@users.noreply.github.com", login: null })).toBe("dependabot[bot]");
    expect(accountOf({ name: "o", email: "Opencode-Agent[bot]@users.noreply.github.com", login: null })).toBe("Opencode-Agent[bot]");
    expect(accountOf({ name: "a", email: "1001+alice@users.noreply.github.com", login: null })).toBeNull();
    expect(accountOf({ name: "x", email: "1+x[bot]@example.com", login: null })).toBeNull();
    expect(accountOf({ name: "x", email: "1+x[bot]y@users.noreply.github.com", login: null })).toBeNull();
    expect(accountOf({ name: "x", email: "a+1+x[bot]@users.noreply.github.com", login: null })).toBeNull();
    // A person's unlinked commit on an infrastructure PR still fails closed.
    const facts = fixture("dependabot-actions-checkout-2535.json");
    const commit = facts.commits[0];
    if (!commit) throw new Error("fixture has a commit");
    const person = { ...facts, commits: [{ ...commit, author: { name: "Mallory", email: "1002+mallory@users.noreply.github.com", login: null } }] };
    expect(rule.evaluate(person, policy)).toMatchObject({ conclusion: "failure" });
  });
});
