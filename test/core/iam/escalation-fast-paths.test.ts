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
import { globCovers, resourceCovers, resourcesOverlap } from "../../../src/core/iam/patterns.js";
import { escalationRelevant, type Escalation } from "../../../src/core/iam/reach.js";
import { TrustIndex } from "../../../src/core/iam/trust.js";
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
    return escalation.notEscalation.some(
      (rule) => rule.actions.some((a) => a.toLowerCase() === action) && rule.resources.some((r) => globCovers(r, grant.ref.pattern)) && (!rule.condition || plainPinned(grant, rule.condition)),
    );
  };
  const byAction = new Map<string, Grant[]>();
  for (const grant of grants) {
    if (!grant.tiers.has("pathStep") || excluded(grant)) continue;
    const key = grant.action.toLowerCase();
    byAction.set(key, [...(byAction.get(key) ?? []), grant]);
  }
  return byAction;
}

/** The grant's statement allows the rule's condition key only values its globs cover (positive operators, no IfExists). */
function plainPinned(grant: Grant, condition: { key: string; values: string[] }): boolean {
  return Object.entries(grant.statement.condition ?? {}).some(
    ([operator, block]) =>
      ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"].includes(operator.toLowerCase()) &&
      Object.entries(block).some(([key, value]) => {
        const values = ([] as unknown[]).concat(value);
        return key.toLowerCase() === condition.key.toLowerCase() && values.length > 0 && values.every((v) => typeof v === "string" && condition.values.some((c) => globCovers(c, v)));
      }),
  );
}

/** A PassRole grant's iam:PassedToService condition lets the role go to `service` (positive operators must name it, negative ones must not). */
function plainPassesTo(grant: Grant, service: string): boolean {
  return Object.entries(grant.statement.condition ?? {}).every(([operator, block]) =>
    Object.entries(block)
      .filter(([key]) => key.toLowerCase() === "iam:passedtoservice")
      .every(([, value]) => {
        const op = operator.toLowerCase().replace(/^for(any|all)values:/, "").replace(/ifexists$/, "");
        const named = ([] as unknown[]).concat(value).some((v) => typeof v === "string" && (op.endsWith("like") ? new RegExp(`^${v.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i").test(service) : v.toLowerCase() === service.toLowerCase()));
        if (["stringequals", "stringequalsignorecase", "stringlike"].includes(op)) return named;
        if (["stringnotequals", "stringnotequalsignorecase", "stringnotlike"].includes(op)) return !named;
        return true;
      }),
  );
}

/** A grant reaches a path resource (`arn:*:…`, read in the grant's partition) it covers, or names by its start, and does not leave it out. */
function plainReaches(grant: Grant, resource: string): boolean {
  const inPartition = (pattern: string): string => resource.replace(/^arn:\*:/, `arn:${/^arn:([^:*?]+):/.exec(pattern)?.[1] ?? "*"}:`);
  const named = inPartition(grant.ref.pattern);
  const start = (p: string): string => p.split(/[*?]/)[0] ?? "";
  const reaches = (!grant.ref.createdHere && resourceCovers(grant.ref.pattern, named)) || (resourcesOverlap(grant.ref.pattern, named) && start(grant.ref.pattern).startsWith(start(named)));
  return reaches && !(grant.except ?? []).some((x) => resourceCovers(x, inPartition(x)));
}

function plainMatchPaths(byAction: ReadonlyMap<string, readonly Grant[]>, escalation: EscalationPaths): PathMatch[] {
  return escalation.paths.flatMap((path: EscalationPath) => {
    const actions = path.actions.map((a) => a.toLowerCase());
    const of = (a: string): Grant[] =>
      [...(byAction.get(a) ?? [])].filter((g) =>
        path.resources ? path.resources.some((r) => plainReaches(g, r)) : a !== "iam:passrole" || path.via !== "passed-role" || !path.service || [path.service, ...(path.passedToService ?? [])].some((s) => plainPassesTo(g, s)),
      );
    return actions.every((a) => of(a).length > 0) ? [{ path, grants: actions.flatMap(of) }] : [];
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
    // iam:PassRole scoped to services (passed-role paths count only where it reaches theirs).
    condition: fc.option(
      fc.record({
        operator: fc.constantFrom("StringEquals", "StringLike", "StringNotEquals", "ForAnyValue:StringEquals", "StringEqualsIfExists", "Bool"),
        services: fc.subarray(["lambda.amazonaws.com", "ec2.amazonaws.com", "*.amazonaws.com", "ecs-tasks.amazonaws.com"], { minLength: 1 }),
      }),
      { nil: undefined },
    ),
  })
  .map(({ action, tiers, unknownAction, pattern, condition }) => ({
    action,
    tiers: new Set(tiers),
    ...(unknownAction === undefined ? {} : { unknownAction }),
    ref: { pattern },
    statement: { effect: "Allow", actions: [action], resources: [pattern], ...(condition ? { condition: { [condition.operator]: { "iam:PassedToService": condition.services } } } : {}) },
    production: true,
  }) as unknown as Grant);

/** The grants a finding cites, as escalation() gathered them before issue 17. */
const plainCited = (e: Escalation): Grant[] => {
  const grants = new Set<Grant>(e.paths.flatMap((m) => m.grants));
  for (const chain of e.chains) for (const g of chain.hops[0]?.grants ?? []) grants.add(g);
  return [...grants];
};

const corpusPrincipals = (): Principal[] =>
  Object.entries(readManagedPolicyCorpus()).map(([name, managed], i) =>
    role([], {
      name: `role-${i}`,
      assumeAgent: "every role is an agent here",
      policies: [{ ...source(name, []), document: managed.versions[managed.latestVersionId]?.document }],
      // As bench/authorization-details-corpus.mjs: each role trusts a service only.
      trustPolicy: source("Trust", [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }], "trust.json"),
    }),
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
      const escalation = analysis.escalation(agent.access);
      // Every role trusts a service: no agent can become another, and the search is skipped.
      expect(escalation.chains.length).toBe(0);
      expect(escalation.grants).toEqual(plainCited(escalation));
      const got = escalation.paths.map((m): [string, Grant[]] => [m.path.id, m.grants]);
      const want = plainCounted(grants, agent.principal, depth > 0, roleArns);
      expect(got.map(([id, g]) => [id, g.length])).toEqual(want.map(([id, g]) => [id, g.length]));
      expect(got).toEqual(want);
      if (want.length) counting++;
    }
    expect(counting).toBeGreaterThan(150);
  });

  it("cites the grants the plain gathering cited when agents can become other roles", () => {
    const arn = (i: number) => `arn:aws:iam::${PROD_ACCOUNT}:role/role-${i}`;
    fc.assert(
      fc.property(fc.array(fc.record({ assume: fc.array(fc.nat(3), { maxLength: 2 }), trusted: fc.array(fc.nat(3), { maxLength: 2 }), wildcard: fc.boolean(), destructive: fc.boolean(), path: fc.boolean() }), { minLength: 2, maxLength: 4 }), fc.integer({ min: 0, max: 3 }), (specs, depth) => {
        const principals = specs.map((spec, i) =>
          role(
            [
              ...(spec.assume.length ? [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: spec.assume.map(arn) }] : []),
              ...(spec.wildcard ? [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${PROD_ACCOUNT}:role/*` }] : []),
              ...(spec.destructive ? [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: "*" }] : []),
              ...(spec.path ? [{ Effect: "Allow", Action: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" }] : []),
            ],
            {
              name: `role-${i}`,
              assumeAgent: "every role is an agent here",
              trustPolicy: source("Trust", [{ Effect: "Allow", Principal: spec.trusted.length ? { AWS: spec.trusted.map(arn) } : { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }], "trust.json"),
            },
          ),
        );
        const analysis = analyzeInput({ principals }, policy, catalogue, { now: 0, maxChainDepth: depth });
        for (const agent of analysis.agents) {
          const escalation = analysis.escalation(agent.access);
          expect(escalation.grants).toEqual(plainCited(escalation));
        }
      }),
      runs(300),
    );
  });

  it("TrustIndex.assumable finds what the full search finds, with or without trusts naming principals and caller grants", () => {
    const arnOf = (i: number) => `arn:aws:iam::${PROD_ACCOUNT}:role/role-${i}`;
    const trustArb = fc.oneof(
      fc.constantFrom<Record<string, unknown>>(
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${PROD_ACCOUNT}:root` }, Action: "sts:AssumeRole" },
        { Effect: "Allow", Principal: { AWS: "999999999999" }, Action: "sts:AssumeRole" },
        { Effect: "Deny", Principal: { AWS: `arn:aws:iam::${PROD_ACCOUNT}:root` }, Action: "sts:AssumeRole" },
        { Effect: "Allow", Principal: { Service: ["ec2.amazonaws.com", "bedrock.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"] },
      ),
      // Rarer: a trust naming a role of the input, or anyone.
      fc.nat(3).map((i) => ({ Effect: "Allow", Principal: { AWS: arnOf(i) }, Action: "sts:AssumeRole" })),
      fc.constant({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }),
    );
    const identityArb = fc.constantFrom("none", "roles", "some");
    fc.assert(
      fc.property(fc.array(fc.array(trustArb, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 4 }), fc.boolean(), identityArb, fc.array(fc.nat(3)), (trusts, otherAccount, kind, granted) => {
        const roles = trusts.map((statements, i) =>
          role([], { name: `role-${i}`, ...(otherAccount && i === 0 ? { account: "999999999999", arn: "arn:aws:iam::999999999999:role/role-0" } : {}), trustPolicy: source("Trust", statements, "trust.json") }),
        );
        const covered = new Set(granted.flatMap((i) => roles[i] ?? []));
        const identity = kind === "none" ? ({ kind } as const) : kind === "roles" ? ({ kind, roles: covered } as const) : ({ kind, covers: (r: Principal) => covered.has(r) } as const);
        // A role without a trust policy may admit anyone (fail closed), given the caller's own grant,
        // which none covers: it is nobody's, and the index with it always takes the full search.
        const decoy = role([], { name: "decoy" });
        const fast = new TrustIndex(roles, 0);
        const full = new TrustIndex([...roles, decoy], 0);
        const names = (found: Principal[]) => found.map((r) => r.name);
        for (const caller of roles) {
          expect(names(fast.assumable(caller, identity))).toEqual(names(full.assumable(caller, identity)));
          // No grant of the caller's, asked as an empty list of covered roles: the same search, never cut short.
          expect(names(fast.assumable(caller, { kind: "none" }))).toEqual(names(fast.assumable(caller, { kind: "roles", roles: new Set() })));
        }
      }),
      runs(1000),
    );
  });
});
