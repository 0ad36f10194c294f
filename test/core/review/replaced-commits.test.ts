/**
 * Commits a force push took out of a pull request (`replacedCommits`): GitHub keeps the head before
 * each force push (the timeline's HeadRefForcePushedEvent) and the adapter reads the series it
 * ended. Rewriting agent commits as a person's (`git commit --amend --reset-author`, a squash into a
 * new commit, a rebase that drops trailers) must not make an agent's pull request a human one, nor
 * free the requester a dropped `Co-authored-by:` named.
 *
 * Verdicts decided before running, from the commits as written:
 * - alice's squash replaced a commit co-authored by Codex (`Co-authored-by: Codex <noreply@openai.com>`,
 *   the trailer openai/codex codex-rs/core/src/commit_attribution.rs writes): an agent wrote it, the
 *   PR touches infra/ → guarded; bob alone approving → failure (one of two).
 * - a Copilot commit co-authored by alice (the requester) was rebased by erin with the trailer
 *   dropped: alice still asked the agent → her approval does not count.
 * - a replaced commit by an email linked to no account blocks nothing (fixing one's email and
 *   force-pushing is how that failure is fixed), but a replaced agent commit still guards; a
 *   co-author trailer there that maps to no login still blocks (it may name the requester).
 */
import type { PullFacts } from "../../../src/core/review/facts.js";
import { rule } from "../../../src/core/review/two-person-review.js";
import { pullFactsSchema as factsSchema } from "../../../src/core/review/facts.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr, HEAD } from "./facts.js";

const policy = resolvePolicy();
const AT = "2026-11-20T10:00:00Z";
const OLD = "5b1d7e3c9a2f4d6b8e0c1a3f5d7b9e1c3a5f7d9b";
const ALICE = { name: "Alice", email: "1001+alice@users.noreply.github.com", login: "alice" };
const ERIN = { name: "Erin", email: "1005+erin@users.noreply.github.com", login: "erin" };
const COPILOT = { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };
const approve = (id: number, login: string) => ({ id, user: { login, type: "User" as const }, state: "APPROVED" as const, commitId: HEAD, submittedAt: AT });

/** alice opened the PR and force-pushed one squashed commit of her own over Codex's work. */
function squashedByAlice(overrides: Partial<PullFacts> = {}): PullFacts {
  return copilotPr({
    author: { login: "alice", type: "User" },
    headRef: "orders-table",
    body: "Recreates the orders table with the new key schema.",
    commits: [{ sha: HEAD, message: "Recreate orders table", author: ALICE, committer: ALICE }],
    reviews: [approve(1, "bob")],
    ...overrides,
  });
}

/** The agent's commit co-authored by `coAuthor` (the requester), rebased by erin with the trailer dropped; bob and alice approve. */
const rebasedByErin = (coAuthor: string): PullFacts =>
  copilotPr({
    commits: [{ sha: HEAD, message: "Recreate orders table", author: COPILOT, committer: ERIN }],
    replacedCommits: [{ sha: OLD, message: `Recreate orders table\n\nCo-authored-by: ${coAuthor}`, author: COPILOT, committer: COPILOT }],
    reviews: [approve(1, "bob"), approve(2, "alice")],
  });

const codexCommit = { sha: OLD, message: "Recreate orders table\n\nCo-authored-by: Codex <noreply@openai.com>", author: ALICE, committer: ALICE };

describe("commits a force push replaced", () => {
  it("without them, the squash reads as alice's own PR (the record the rule must not lose)", () => {
    expect(rule.evaluate(squashedByAlice(), policy)).toMatchObject({ conclusion: "success", guarded: false });
  });

  it("an agent commit squashed away still makes the PR agent-authored: bob alone is one of two", () => {
    const d = rule.evaluate(squashedByAlice({ replacedCommits: [codexCommit] }), policy);
    expect(d.conclusion).toBe("failure");
    expect(d.guarded).toBe(true);
    expect(d.reasons).toContain("commit 5b1d7e3, replaced by a force push, is co-authored by agent Codex <noreply@openai.com>");
    expect(d.evidence.commitShas).toContain(OLD);
    expect(d.missing).toBe(1);
  });

  it("an agent author or marker in a replaced commit counts too", () => {
    const byAgent = { sha: OLD, message: "Recreate orders table", author: COPILOT, committer: COPILOT };
    expect(rule.evaluate(squashedByAlice({ replacedCommits: [byAgent] }), policy).reasons).toContain(
      "commit 5b1d7e3, replaced by a force push, author Copilot <198982749+Copilot@users.noreply.github.com> is an agent",
    );
    const marked = { sha: OLD, message: "Recreate orders table\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)", author: ALICE, committer: ALICE };
    expect(rule.evaluate(squashedByAlice({ replacedCommits: [marked] }), policy).guarded).toBe(true);
  });

  it("the requester a dropped Co-authored-by named still may not approve", () => {
    const facts = rebasedByErin("alice <1001+alice@users.noreply.github.com>");
    const d = rule.evaluate(facts, policy);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("alice (review 2) does not count: co-authored commit 5b1d7e3 (replaced by a force push)");
    // Without the replaced commit alice would count: the record is what excludes her.
    expect(rule.evaluate({ ...facts, replacedCommits: [] }, policy).approvals.map((a) => a.login)).toEqual(["bob", "alice"]);
  });

  it("a replaced commit's unlinked email blocks nothing, but its writers are still excluded", () => {
    const unlinked = { name: "Alice", email: "alice@laptop.local", login: null };
    const facts = squashedByAlice({ replacedCommits: [{ ...codexCommit, author: unlinked, committer: unlinked }], reviews: [approve(1, "bob"), approve(2, "carol")] });
    expect(rule.evaluate(facts, policy).conclusion).toBe("success");
    const byCarol = { ...codexCommit, author: { name: "Carol", email: "1003+carol@users.noreply.github.com", login: "carol" } };
    const d = rule.evaluate(squashedByAlice({ replacedCommits: [byCarol], reviews: [approve(1, "bob"), approve(2, "carol")] }), policy);
    expect(d.reasons).toContain("carol (review 2) does not count: authored commit 5b1d7e3 (replaced by a force push)");
  });

  it("a requester's co-author trailer that maps to no login still blocks when the rewrite dropped it", () => {
    // An agent co-authored alice under her work email (as Devin writes a human Co-Authored-By), linked to no account.
    const d = rule.evaluate(rebasedByErin("Alice <alice@corp.example>"), policy);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("co-author Alice <alice@corp.example> (commit 5b1d7e3, replaced by a force push) maps to no GitHub login: cannot exclude them from approving (fail closed)");
  });

  it("is part of the facts file's shape", () => {
    expect(factsSchema.safeParse(squashedByAlice({ replacedCommits: [codexCommit] })).success).toBe(true);
    expect(factsSchema.safeParse({ ...squashedByAlice(), replacedCommits: [{ sha: OLD }] }).success).toBe(false);
  });
});
