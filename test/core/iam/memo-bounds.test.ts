/**
 * The engine's memos in a long-lived process (the GitHub App, a CDK watch): what they hold stays
 * within one budget whatever inputs pass through, and forgetting, even in the middle of an
 * analysis, never changes a verdict (bounded-memo.ts).
 */
import v8 from "node:v8";
import vm from "node:vm";
import { memoFootprints, overrideMemoBudget } from "../../../src/core/bounded-memo.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import type { Principal } from "../../../src/core/iam/model.js";
import { catalogue, policy, role, source } from "./helpers.js";
import { readManagedPolicyCorpus } from "./managed-policy-corpus.js";

afterEach(() => overrideMemoBudget(undefined));

const NOW = Date.parse("2026-06-01T12:00:00Z");
const evaluate = (principals: Principal[]) => evaluateIam({ principals }, policy, catalogue, { now: NOW });
const statementReach = (): number | undefined => memoFootprints().memos.find((m) => m.name === "statement reach")?.entries;

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;
const heapUsed = (): number => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

/** A pull request's worth of agent roles, each with statements, patterns and resources of its own. */
function generatedRoles(batch: number): Principal[] {
  return Array.from({ length: 40 }, (_, i) => {
    const n = `${batch}-${i}`;
    return role(
      [
        { Effect: "Allow", Action: ["s3:GetObject", "s3:DeleteObject", `s3:Put${n}*`], Resource: [`arn:aws:s3:::orders-${n}/*`, `arn:aws:s3:::logs-${n}/*`] },
        { Effect: "Allow", Action: [`dynamodb:Delete${n}*`, "dynamodb:DeleteTable", `newservice${n}:DeleteEverything`], Resource: `arn:aws:dynamodb:us-east-1:111111111111:table/t-${n}` },
      ],
      { name: `agent-${n}` },
    );
  });
}

describe("engine memos in a long-lived process", () => {
  it("hold no more than the budget however many distinct statements pass through", () => {
    // What the policy's own patterns cost (tier and path globs, memoized as inputs' are) grows with
    // the shipped data: one batch under the full budget spent about 300,000 units once the
    // catalogue's path-step variants and audit-off tiers were added, above the 200,000 this test
    // used, so every batch forgot at once. The budget is set a few batches above what one costs.
    evaluate(generatedRoles(-1));
    const budget = Math.max(200_000, 2 * memoFootprints().spent);
    overrideMemoBudget(budget);
    let statements = 0;
    let settled = 0;
    // Entries of the statement reach memo after each batch: it is used, and it forgets.
    const held: number[] = [];
    for (let batch = 0; batch < 120; batch++) {
      const { findings } = evaluate(generatedRoles(batch));
      statements += 80;
      // Every role deletes a production table: the verdicts are still given.
      expect(findings.filter((f) => f.rule === "agent-destructive-prod")).toHaveLength(40);
      // One entry may overshoot before the next one makes everything forget.
      expect(memoFootprints().spent).toBeLessThanOrEqual(budget + 10_000);
      held.push(statementReach() ?? 0);
      if (batch === 19) settled = heapUsed();
    }
    // It forgot on the way: the reach of each statement is no longer kept. (Where a batch ends
    // right after everything was forgotten, the memo holds nothing at that moment.)
    expect(Math.max(...held)).toBeGreaterThan(0);
    expect(held.some((entries, i) => i > 0 && entries < (held[i - 1] as number))).toBe(true);
    expect(Math.max(...held)).toBeLessThan(statements / 4);
    // Kept for good, the last 100 batches' 8,000 statements would hold about 20 MB more.
    expect(heapUsed() - settled).toBeLessThan(4_000_000);
  });

  it("keep no statement reach for a statement on every resource: its reach is its action list, worked out as cheaply as looked up", () => {
    const before = statementReach() ?? 0;
    const { findings } = evaluate([
      role([{ Effect: "Allow", Action: ["s3:DeleteObject", "dynamodb:DeleteTable", "newservice:DeleteEverything", "s3:GetObject"], Resource: "*" }], { name: "agent-everywhere" }),
      role([{ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], NotResource: "arn:aws:s3:::audit-logs/*" }], { name: "agent-not-audit" }),
    ]);
    expect(findings.filter((f) => f.rule === "agent-destructive-prod")).toHaveLength(2);
    expect(statementReach() ?? 0).toBe(before);
    // A statement on named resources is still remembered by its content.
    evaluate([role([{ Effect: "Allow", Action: ["s3:DeleteObject"], Resource: "arn:aws:s3:::orders-prod-reach/*" }], { name: "agent-named" })]);
    expect(statementReach()).toBe(before + 1);
  });

  it("give the same findings on every AWS managed policy when they forget in the middle of an analysis", () => {
    const corpus = Object.entries(readManagedPolicyCorpus());
    const roles = (): Principal[] =>
      corpus.map(([name, managed]) => role([], { name: `coding-agent-${name}`.slice(0, 64), policies: [{ ...source(name, []), document: managed.versions[managed.latestVersionId]?.document }] }));
    const asText = (principals: Principal[]): string => JSON.stringify(evaluate(principals));
    const remembered = asText(roles());
    // About one statement's worth: each memo forgets many times per principal.
    overrideMemoBudget(5_000);
    const forgetting = asText(roles());
    expect(forgetting).toEqual(remembered);
    expect(JSON.parse(remembered).findings.length).toBeGreaterThan(1000);
  });
});
