/**
 * The escalation search's shortcuts (issue 17) give the general answers: escalationRelevant (the
 * length compared before lower-casing) against its definition; escalationGrantsByAction and
 * matchPaths (lower-cased actions and `notEscalation` rules made once per policy) against the code
 * they replaced; and the paths that count by themselves, from grants scope-checked only when they
 * can matter, against every grant scope-checked. On generated actions and grants and on every AWS
 * managed policy on its own agent role, with and without role chaining.
 */
import fc from "fast-check";
import type { Grant } from "../../../src/core/iam/access.js";
import { inProductionAccount } from "../../../src/core/iam/access.js";
import { analyzeInput } from "../../../src/core/iam/analysis.js";
import { hasWildcard } from "../../../src/core/iam/catalogue.js";
import { escalationGrantsByAction, matchPaths, type PathMatch } from "../../../src/core/iam/escalation-paths.js";
import type { Principal } from "../../../src/core/iam/model.js";
import { globCovers } from "../../../src/core/iam/patterns.js";
import { escalationRelevant } from "../../../src/core/iam/reach.js";
import type { Tier } from "../../../src/core/iam/tiers.js";
import type { EscalationPath, EscalationPaths } from "../../../src/core/policy.js";
import { readManagedPolicyCorpus } from "./managed-policy-corpus.js";
import { catalogue, policy, PROD_ACCOUNT, role, source } from "./helpers.js";

const runs = (n: number) => ({ numRuns: Number(process.env.FC_RUNS ?? n), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) });

// The definitions: the code before issue 17's rewrite.
const relevantByDefinition = (g: Grant): boolean => g.tiers.has("pathStep") || g.unknownAction === true || g.action.toLowerCase() === "sts:assumerole";

function plainGrantsByAction(grants: readonly Grant[], escalation: EscalationPaths): Map<string, Grant[]> {
  const excluded = (grant: Grant): boolean => {
    const action = grant.action.toLowerCase();
    return escalation.notEscalation.some((rule) => rule.actions.some((a) => a.toLowerCase() === action) && rule.resources.some((r) => globCovers(r, grant.ref.pattern)));
  };
  const byAction = new Map<string, Grant[]>();
  for (const grant of grants) {
    if (!grant.tiers.has("pathStep") || excluded(grant)) continue;
    const key = grant.action.toLowerCase();
    byAction.set(key, [...(byAction.get(key) ?? []), grant]);
  }
  return byAction;
}

function plainMatchPaths(byAction: ReadonlyMap<string, readonly Grant[]>, escalation: EscalationPaths): PathMatch[] {
  return escalation.paths.flatMap((path: EscalationPath) => {
    const actions = path.actions.map((a) => a.toLowerCase());
    return actions.every((a) => (byAction.get(a)?.length ?? 0) > 0) ? [{ path, grants: actions.flatMap((a) => [...(byAction.get(a) ?? [])]) }] : [];
  });
}

/** The paths that count by themselves (reach.ts ownOf) from every grant scope-checked. */
function plainCounted(grants: readonly Grant[], principal: Principal, chaining: boolean, roleArns: ReadonlySet<string>): [string, Grant[]][] {
  const inScope = grants.filter((g) => inProductionAccount(g.ref, principal, policy));
  const unknownRole = (g: Grant): boolean => hasWildcard(g.ref.pattern) || !roleArns.has(g.ref.pattern.toLowerCase());
  const counted: [string, Grant[]][] = [];
  for (const { path, grants: matched } of plainMatchPaths(plainGrantsByAction(inScope, policy.escalation), policy.escalation)) {
    if (path.via === "assume") {
      const kept = matched.filter((g) => !chaining || g.action.toLowerCase() !== "sts:assumerole" || unknownRole(g));
      if (kept.length) counted.push([path.id, kept]);
    } else if (path.via === "passed-role") {
      if (!chaining || matched.some((g) => g.action.toLowerCase() === "iam:passrole" && unknownRole(g))) counted.push([path.id, matched]);
    } else counted.push([path.id, matched]);
  }
  for (const g of inScope) {
    if (g.unknownAction && (g.tiers.has("escalate") || g.tiers.has("codeExecution") || g.tiers.has("assumeRole"))) counted.push(["unknown-action", [g]]);
  }
  return counted;
}

// Spellings around sts:AssumeRole: any case, one letter off, longer and shorter, and characters
// whose lower case is another letter (Kelvin sign) or two characters (İ).
const actionArb = fc.oneof(
  fc.constantFrom("sts:AssumeRole", "STS:ASSUMEROLE", "sts:assumerole", "sts:AssumeRolf", "sts:AssumeRoleWithSAML", "sts:AssumeRol", "ſts:AssumeRole", "sts:AssumeRoİe", "sts:\u212AssumeRole", "iam:PassRole", "s3:GetObject", ""),
  fc.array(fc.constantFrom("s", "S", "t", ":", "a", "A", "u", "m", "e", "r", "R", "o", "l", "İ", "\u212A"), { maxLength: 15 }).map((c) => c.join("")),
);
const TIERS: Tier[] = ["pathStep", "escalate", "codeExecution", "assumeRole", "delete"];
const grantArb = fc
  .record({
    action: fc.oneof(actionArb, fc.constantFrom("iam:AttachRolePolicy", "IAM:attachrolepolicy", "iam:CreatePolicyVersion", "lambda:CreateFunction", "iam:PutUserPolicy")),
    tiers: fc.subarray(TIERS),
    unknownAction: fc.option(fc.boolean(), { nil: undefined }),
    pattern: fc.constantFrom("*", "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/*", `arn:aws:iam::${PROD_ACCOUNT}:role/x`, "arn:aws:lambda:*:*:function:*"),
  })
  .map(({ action, tiers, unknownAction, pattern }) => ({ action, tiers: new Set(tiers), ...(unknownAction === undefined ? {} : { unknownAction }), ref: { pattern }, production: true }) as unknown as Grant);

const corpusPrincipals = (): Principal[] =>
  Object.entries(readManagedPolicyCorpus()).map(([name, managed], i) =>
    role([], { name: `role-${i}`, assumeAgent: "every role is an agent here", policies: [{ ...source(name, []), document: managed.versions[managed.latestVersionId]?.document }] }),
  );

describe("escalation fast paths (issue 17)", () => {
  it("escalationRelevant is its definition, on generated actions and every catalogue action", () => {
    fc.assert(
      fc.property(grantArb, (g) => expect(escalationRelevant(g)).toBe(relevantByDefinition(g))),
      runs(3000),
    );
    const actions = Object.entries(catalogue.services).flatMap(([service, names]) => names.map((n) => `${service}:${n}`));
    expect(actions.length).toBeGreaterThan(10000);
    for (const action of actions) {
      const g = { action, tiers: new Set(), ref: { pattern: "*" } } as unknown as Grant;
      expect(escalationRelevant(g)).toBe(relevantByDefinition(g));
    }
  });

  it("escalationGrantsByAction and matchPaths give what the plain versions gave on generated grants", () => {
    fc.assert(
      fc.property(fc.array(grantArb, { maxLength: 12 }), (grants) => {
        const byAction = escalationGrantsByAction(grants, policy.escalation);
        expect([...byAction]).toEqual([...plainGrantsByAction(grants, policy.escalation)]);
        expect(matchPaths(byAction, policy.escalation)).toEqual(plainMatchPaths(byAction, policy.escalation));
      }),
      runs(1000),
    );
  });

  it.each([0, 5])("counts the same paths for every AWS managed policy on its own agent role (chain depth %i)", (depth) => {
    const principals = corpusPrincipals();
    const roleArns = new Set(principals.map((p) => (p.arn ?? "").toLowerCase()));
    const analysis = analyzeInput({ principals }, policy, catalogue, { now: 0, maxChainDepth: depth });
    let counting = 0;
    for (const agent of analysis.agents) {
      const { grants } = agent.access;
      expect([...escalationGrantsByAction(grants, policy.escalation)]).toEqual([...plainGrantsByAction(grants, policy.escalation)]);
      const got = analysis.escalation(agent.access).paths.map((m): [string, Grant[]] => [m.path.id, m.grants]);
      const want = plainCounted(grants, agent.principal, depth > 0, roleArns);
      expect(got.map(([id, g]) => [id, g.length])).toEqual(want.map(([id, g]) => [id, g.length]));
      expect(got).toEqual(want);
      if (want.length) counting++;
    }
    expect(counting).toBeGreaterThan(150);
  });
});
