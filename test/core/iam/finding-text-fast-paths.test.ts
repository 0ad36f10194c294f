/**
 * The indexed rewrites of the findings' text (issue 17) say what the plain versions said:
 * summarizeGrants (ranked by insertion, priorities cached, items built for the shown actions only),
 * sortedActions and findingEvidence (fed the grants, statements deduplicated by run then by set)
 * against the code they replaced, kept here as the definition. On generated grants (actions of
 * any case and shape, repeated resources and statements, unreadable statements) and on the grants
 * of every AWS managed policy on its own agent role.
 */
import fc from "fast-check";
import type { Evidence } from "../../../src/core/finding.js";
import type { Grant } from "../../../src/core/iam/access.js";
import { analyzeInput, type AgentAnalysis } from "../../../src/core/iam/analysis.js";
import { findingEvidence, grantItems, groupedText, sortedActions, summarizeGrants, type GrantItem } from "../../../src/core/iam/finding-text.js";
import type { Principal } from "../../../src/core/iam/model.js";
import type { PolicyStatement } from "../../../src/core/iam/policy-document.js";
import { compareText } from "../../../src/core/sorted.js";
import { readManagedPolicyCorpus } from "./managed-policy-corpus.js";
import { catalogue, policy, role, source } from "./helpers.js";

const runs = (n: number) => ({ numRuns: Number(process.env.FC_RUNS ?? n), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) });

// The definitions: the code before issue 17's rewrite.
const SERVICE_ORDER = ["cloudformation", "dynamodb", "rds", "s3", "kms", "ec2", "iam", "sts", "lambda", "logs", "backup", "elasticfilesystem"];
const SERVICE_RANK = new Map(SERVICE_ORDER.map((service, i) => [service, i]));
const servicePriority = (action: string): number => SERVICE_RANK.get(action.slice(0, action.indexOf(":")).toLowerCase()) ?? SERVICE_ORDER.length;

function plainSummarize(grants: readonly Grant[], shown = 3): string {
  type Ranked = { action: string; priority: number };
  const before = (a: Ranked, b: Ranked): number => a.priority - b.priority || a.action.length - b.action.length || compareText(a.action, b.action);
  const actions = new Set(grants.map((g) => g.action));
  const best: Ranked[] = [];
  for (const action of actions) {
    const ranked = { action, priority: servicePriority(action) };
    const last = best[best.length - 1];
    if (best.length === shown && last && before(ranked, last) >= 0) continue;
    best.push(ranked);
    best.sort(before);
    if (best.length > shown) best.pop();
  }
  const rank = new Map(best.map((b, i) => [b.action, i]));
  const items: GrantItem[] = grantItems(grants.filter((g) => rank.has(g.action))).sort((a, b) => (rank.get(a.action) ?? 0) - (rank.get(b.action) ?? 0));
  const more = actions.size - best.length;
  return more > 0 ? `${groupedText(items)} and ${more} more action${more === 1 ? "" : "s"}` : groupedText(items);
}

const plainSortedActions = (grants: readonly Grant[]): string[] => [...new Set(grants.map((g) => g.action))].sort();

function plainFindingEvidence(agent: AgentAnalysis, statements: readonly PolicyStatement[], extra: Evidence[] = []): Evidence[] {
  const seen = new Set<PolicyStatement>();
  const evidence: Evidence[] = [];
  for (const s of statements) {
    if (seen.has(s)) continue;
    seen.add(s);
    evidence.push(s.invalid ? { ...s.evidence, note: "statement could not be read; evaluated in its widest reading" } : s.evidence);
  }
  evidence.push(...extra);
  const notes = [`agent principal: ${agent.reason}`, ...agent.access.notes];
  evidence.push({ ...agent.principal.evidence, note: notes.join("; ") });
  return evidence;
}

// Actions that meet the ranking's edges: core services in any case, one service under two
// spellings, names of equal length, prefixes of one another, no colon, an empty service.
const ACTIONS = [
  "dynamodb:DeleteTable",
  "dynamodb:DeleteTableReplica",
  "DynamoDB:DeleteItem",
  "rds:DeleteDBInstance",
  "RDS:DeleteDBCluster",
  "s3:DeleteBucket",
  "s3:DeleteObject",
  "S3:PutObject",
  "cloudformation:DeleteStack",
  "ec2:TerminateInstances",
  "elasticfilesystem:DeleteFileSystem",
  "zzz:Delete",
  "aaa:Delete",
  "aaa:Deletf",
  "noColon",
  ":Delete",
  "iam:PassRole",
];
const RESOURCES = ["*", "arn:aws:dynamodb:us-east-1:111111111111:table/orders-prod", "arn:aws:s3:::bucket/*", "arn:aws:s3:::*", "ARN:aws:rds:eu-west-1:1:db:x", "table/x", "arn:a:b"];

function statement(i: number, invalid: boolean): PolicyStatement {
  const evidence: Evidence = { file: "policy.json", pointer: `/Statement/${i}`, statementIndex: i };
  return { evidence, ...(invalid ? { invalid: true } : {}) } as unknown as PolicyStatement;
}
const STATEMENTS = [statement(0, false), statement(1, true), statement(2, false), statement(3, false)];

const grantArb: fc.Arbitrary<Grant> = fc
  .record({ action: fc.constantFrom(...ACTIONS), pattern: fc.constantFrom(...RESOURCES), origin: fc.option(fc.constantFrom("table/orders-prod", "bucket"), { nil: undefined }), statement: fc.constantFrom(...STATEMENTS) })
  .map(({ action, pattern, origin, statement: s }) => ({ action, tiers: new Set(), ref: { pattern, ...(origin ? { origin } : {}) }, statement: s, production: true }) as unknown as Grant);
const grantsArb = fc.array(grantArb, { maxLength: 25 });

const agent = (notes: string[]): AgentAnalysis =>
  ({ principal: { evidence: { file: "account.json", pointer: "/RoleDetailList/0" } }, reason: "name matches agent", access: { notes } }) as unknown as AgentAnalysis;

describe("finding text fast paths (issue 17)", () => {
  it("summarizeGrants ranks, groups and counts as the sort it replaced, for every number shown", () => {
    fc.assert(
      fc.property(grantsArb, fc.integer({ min: -1, max: 5 }), (grants, shown) => {
        const want = plainSummarize(grants, shown);
        expect(summarizeGrants(grants, shown)).toBe(want);
        expect(summarizeGrants(grants)).toBe(plainSummarize(grants));
        // Given the distinct actions in another order (sorted, as principalFindings has them, or reversed).
        expect(summarizeGrants(grants, shown, sortedActions(grants))).toBe(want);
        expect(summarizeGrants(grants, shown, sortedActions(grants).reverse())).toBe(want);
      }),
      runs(2000),
    );
  });

  it("sortedActions and findingEvidence give what the mapped and spread versions gave", () => {
    fc.assert(
      fc.property(grantsArb, fc.array(fc.constantFrom("SCPs not verified", "boundary unresolved"), { maxLength: 2 }), fc.boolean(), (grants, notes, withExtra) => {
        expect(sortedActions(grants)).toEqual(plainSortedActions(grants));
        const extra: Evidence[] = withExtra ? [{ file: "x.json", note: "reachable" }] : [];
        const a = agent(notes);
        const got = findingEvidence(a, grants, extra);
        const want = plainFindingEvidence(a, grants.map((g) => g.statement), extra);
        expect(got).toEqual(want);
        // The same objects: a readable statement's own evidence and the extra ones, not copies.
        expect(got.map((e, i) => e === want[i])).toEqual(want.map((e) => STATEMENTS.some((s) => s.evidence === e) || extra.includes(e)));
      }),
      runs(1000),
    );
  });

  it("agrees on the grants of every AWS managed policy, each on its own agent role", () => {
    const corpus = readManagedPolicyCorpus();
    const principals: Principal[] = Object.entries(corpus).map(([name, managed], i) =>
      role([], {
        name: `role-${i}`,
        assumeAgent: "every role is an agent here",
        policies: [{ ...source(name, []), document: managed.versions[managed.latestVersionId]?.document }],
      }),
    );
    const analysis = analyzeInput({ principals }, policy, catalogue, { now: 0 });
    let summarized = 0;
    for (const a of analysis.agents) {
      const destructive = analysis.destructiveGrants(a.access);
      for (const grants of [destructive, a.access.grants]) {
        expect(summarizeGrants(grants)).toBe(plainSummarize(grants));
        expect(summarizeGrants(grants, 3, sortedActions(grants))).toBe(plainSummarize(grants));
        expect(summarizeGrants(grants, 2)).toBe(plainSummarize(grants, 2));
        expect(sortedActions(grants)).toEqual(plainSortedActions(grants));
        expect(findingEvidence(a, grants)).toEqual(plainFindingEvidence(a, grants.map((g) => g.statement)));
      }
      if (destructive.length) summarized++;
    }
    expect(summarized).toBeGreaterThan(500);
  });
});
