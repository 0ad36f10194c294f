/**
 * What a reviewer reads on the pull request: the two-person check's title and summary, for the
 * bundled example pull requests (the real rule) and for decisions the examples do not reach.
 */
import { readFileSync } from "node:fs";
import { twoPersonOutcome, verdictLine } from "../../../src/github/checks/two-person-review.js";
import type { Decision, PullFacts } from "../../../src/core/review/facts.js";
import { rule } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const example = (name: string): PullFacts => JSON.parse(readFileSync(new URL(`../../../examples/pull-requests/${name}`, import.meta.url), "utf8")) as PullFacts;
const HTML = "https://github.com/acme/platform";
const policy = resolvePolicy();

test("one approval of two: FAIL, how many more and who may give them", () => {
  const facts = example("copilot-infra-one-approval.json");
  const out = twoPersonOutcome(facts, rule.evaluate(facts, policy), HTML);
  expect(out.conclusion).toBe("failure");
  expect(out.title).toBe("Agent-authored infrastructure change: 1 more independent human approval needed");
  const lines = out.summary.split("\n");
  expect(lines[0]).toBe(`**FAIL** acme/platform#318 at [\`9f2c1e7\`](${HTML}/commit/${facts.headSha}): ${out.title}.`);
  expect(lines).toContain("**Reasons**");
  expect(lines).toContain("**Approvals** (1 counted, 1 still needed)");
  expect(lines).toContain("- still needed: 1 human with write access who did not write, co-author or request this change, approving `9f2c1e7`");
  expect(lines.at(-1)).toBe("Re-run offline: `agent-guardrail review --repo acme/platform --pr 318 --save-facts facts.json`, then `agent-guardrail review --facts facts.json`.");
});

test("two approvals: PASS, with the approvals counted and linked", () => {
  const facts = example("copilot-infra-two-approvals.json");
  const decision = rule.evaluate(facts, policy);
  const out = twoPersonOutcome(facts, decision, HTML);
  expect(out.conclusion).toBe("success");
  expect(out.title).toBe("Agent-authored infrastructure change with 2 independent human approvals of the head");
  expect(out.summary.split("\n")[0]).toMatch(/^\*\*PASS\*\* acme\/platform#\d+ at /);
  for (const a of decision.approvals) expect(out.summary).toContain(`- @${a.login} — [review ${a.reviewId}](${HTML}/pull/${facts.number}#pullrequestreview-${a.reviewId})`);
  expect(out.summary).not.toContain("still needed:");
});

describe("decisions the examples do not reach", () => {
  const base: Decision = { conclusion: "failure", guarded: true, reasons: [], approvals: [], missing: 2, evidence: { reviewIds: [], commitShas: [], files: [] } };
  const facts = example("copilot-infra-one-approval.json");

  test("several approvals still needed: plural", () => {
    const decision = { ...base, approvals: [{ login: "alice", reviewId: 11 }], missing: 2 };
    expect(verdictLine(decision)).toBe("Agent-authored infrastructure change: 2 more independent human approvals needed");
    expect(twoPersonOutcome(facts, decision, HTML).summary).toContain("- still needed: 2 humans with write access who did not write, co-author or request this change, approving `9f2c1e7`");
  });

  test("no approval yet, or a failure that is not about approvals: the last reason, else 'cannot be verified'", () => {
    expect(verdictLine({ ...base, reasons: ["infrastructure files changed", "the facts are incomplete: commits truncated (fail closed)"] })).toBe("Agent-authored infrastructure change: the facts are incomplete: commits truncated (fail closed)");
    expect(verdictLine(base)).toBe("Agent-authored infrastructure change: cannot be verified");
  });

  test("not guarded: the last reason, else 'not agent-authored'", () => {
    expect(verdictLine({ ...base, guarded: false, conclusion: "success", missing: 0, reasons: ["no infrastructure file changed"] })).toBe("Not guarded: no infrastructure file changed");
    const unguarded = { ...base, guarded: false, conclusion: "success" as const, missing: 0 };
    expect(verdictLine(unguarded)).toBe("Not guarded: not agent-authored");
    expect(twoPersonOutcome(facts, unguarded, HTML).summary).not.toContain("**Approvals**");
  });

  test("evidence: files linked at the head (50 at most, then a count), commits and reviews", () => {
    const files = Array.from({ length: 52 }, (_, i) => `infra/stack ${i}.ts`);
    const summary = twoPersonOutcome(facts, { ...base, evidence: { files, commitShas: [facts.headSha], reviewIds: [7] } }, HTML).summary.split("\n");
    expect(summary).toContain("**Evidence**");
    expect(summary).toContain(`- infrastructure file [infra/stack 0.ts](${HTML}/blob/${facts.headSha}/infra/stack%200.ts)`);
    expect(summary.filter((l) => l.startsWith("- infrastructure file "))).toHaveLength(50);
    expect(summary).toContain("- … and 2 more infrastructure files");
    expect(summary).toContain(`- commit [\`9f2c1e7\`](${HTML}/commit/${facts.headSha})`);
    expect(summary).toContain(`- [review 7](${HTML}/pull/318#pullrequestreview-7)`);
  });

  test("the title is cut to 200 characters; the summary keeps the whole verdict", () => {
    const long = twoPersonOutcome(facts, { ...base, reasons: ["x".repeat(300)] }, HTML);
    expect(long.title).toHaveLength(200);
    expect(long.summary.split("\n")[0]).toContain("x".repeat(300));
  });
});
