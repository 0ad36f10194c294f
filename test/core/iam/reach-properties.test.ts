/**
 * Property test of role chaining's shortcuts (issue 13, performance): on generated accounts the
 * optimized reach (one graph shared by every agent, roles proven dangerous by provablyGrants or
 * inert by provablyInert without building their access, their danger worked out when read) gives
 * exactly what a straightforward reach gives (a fresh graph per agent that builds the access of
 * every role it meets). And provablyGrants never claims a grant analyzePrincipal does not give;
 * where nothing can take a grant away (no boundary, SCP or Deny) it finds every one. provablyInert
 * holds only where the access has no grant and lets every request through.
 */
import fc from "fast-check";
import { analyzePrincipal, inProductionAccount, PolicyParser, provablyGrants, provablyInert, type AnalysisContext, type Grant, type PrincipalAccess } from "../../../src/core/iam/access.js";
import type { Principal } from "../../../src/core/iam/model.js";
import { EscalationGraph, type Escalation, type GraphContext } from "../../../src/core/iam/reach.js";
import type { Tier } from "../../../src/core/iam/tiers.js";
import { allow, catalogue, deny, DEV_ACCOUNT, policy, PROD_ACCOUNT, role, source, type Statement } from "./helpers.js";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const DESTRUCTIVE: Tier[] = ["delete", "protectionOff", "replace"];
const PAST = { DateLessThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } };
const FUTURE = { DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } };
const name = (i: number, agent: boolean) => (agent ? `coding-agent-${i}` : `svc-${i}`);

interface RoleSpec {
  agent: boolean;
  statements: number[];
  targets: number[];
  trust: number[];
  trustExtra: number;
  limit: number;
}

const roleSpec = (size: number) =>
  fc.record({
    agent: fc.boolean(),
    statements: fc.array(fc.nat(18), { maxLength: 3 }),
    targets: fc.array(fc.nat(size - 1), { minLength: 1, maxLength: 2 }),
    trust: fc.array(fc.nat(size - 1), { maxLength: 3 }),
    trustExtra: fc.nat(7),
    limit: fc.nat(5),
  });
const accountArb = fc.integer({ min: 2, max: 8 }).chain((size) => fc.record({ roles: fc.array(roleSpec(size), { minLength: size, maxLength: size }), depth: fc.integer({ min: 1, max: 5 }) }));

function build(specs: RoleSpec[]): Principal[] {
  const arnOf = (j: number) => `arn:aws:iam::${PROD_ACCOUNT}:role/${name(j, specs[j]?.agent ?? false)}`;
  return specs.map((spec, i) => {
    const target = arnOf(spec.targets[0] ?? 0);
    const pool: Statement[] = [
      allow("*"),
      allow(["dynamodb:PutItem", "dynamodb:DeleteItem"], `arn:aws:dynamodb:us-east-1:${PROD_ACCOUNT}:table/orders-${i}`),
      allow(["dynamodb:PutItem", "dynamodb:DeleteItem"], `arn:aws:dynamodb:us-east-1:${DEV_ACCOUNT}:table/orders-${i}`),
      allow(["s3:GetObject", "s3:ListBucket"], [`arn:aws:s3:::data-${i}`, `arn:aws:s3:::data-${i}/*`]),
      allow("sts:AssumeRole", spec.targets.map(arnOf)),
      allow("sts:AssumeRole", `arn:aws:iam::${PROD_ACCOUNT}:role/svc-*`),
      allow("iam:PassRole", target),
      allow(["lambda:CreateFunction", "lambda:InvokeFunction", "lambda:UpdateFunctionCode"]),
      allow("iam:AttachRolePolicy"),
      allow("s3:DeleteBucket", "arn:aws:s3:::bucket-staging"),
      { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
      { Effect: "Allow", Action: "dynamodb:*", NotResource: `arn:aws:dynamodb:us-east-1:${PROD_ACCOUNT}:table/keep` },
      allow("*", "*", { Condition: PAST }),
      allow("rds:DeleteDBInstance", "*", { Condition: FUTURE }),
      deny("dynamodb:DeleteItem"),
      deny("*", "*", { Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }),
      allow("newservice:DeleteEverything"),
      deny(["s3:GetObject", "newservice:DescribeEverything"]),
      { Effect: "Deny", NotAction: "s3:GetObject", Resource: "*" },
    ];
    const trusted: Statement[] = [{ Effect: "Allow", Principal: { AWS: spec.trust.filter((j) => j !== i).map(arnOf) }, Action: "sts:AssumeRole" }];
    const extra: Statement[] = [
      [],
      [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${PROD_ACCOUNT}:root` }, Action: "sts:AssumeRole" }],
      [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }],
      [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } }],
      [{ Effect: "Deny", Principal: { AWS: arnOf(spec.trust[0] ?? 0) }, Action: "sts:AssumeRole" }],
      [{ Effect: "Allow", Principal: { AWS: arnOf(spec.targets[0] ?? 0) }, Action: "sts:AssumeRole", Condition: PAST }],
      [],
    ][spec.trustExtra] as Statement[];
    const limits: Partial<Principal> = [
      {},
      { boundary: source("Boundary", [allow(["dynamodb:*", "sts:AssumeRole", "s3:*"])]) },
      { boundary: "unresolved" as const },
      { serviceControlPolicies: [source("Scp", [allow("*"), deny("iam:*")])] },
      { unresolvedPolicies: [{ arn: `arn:aws:iam::${PROD_ACCOUNT}:policy/unknown`, evidence: { file: "t.json" } }] },
      {},
    ][spec.limit] as Partial<Principal>;
    return role(
      spec.statements.map((s) => pool[s] as Statement),
      { name: name(i, spec.agent), trustPolicy: source("Trust", [...trusted, ...extra], "trust.json"), ...limits },
    );
  });
}

/** A graph's context; `known` (the accesses built) may be shared by several graphs. */
function context(principals: Principal[], depth: number, optimized: boolean, known = new Map<Principal, PrincipalAccess>()): GraphContext {
  const access: AnalysisContext = { policy, catalogue, parser: new PolicyParser(), productionVerdicts: new Map(), now: NOW };
  const accessOf = (p: Principal): PrincipalAccess => {
    let a = known.get(p);
    if (!a) known.set(p, (a = analyzePrincipal(p, access)));
    return a;
  };
  return {
    principals,
    policy,
    now: NOW,
    maxDepth: depth,
    accessOf,
    unresolvedOf: (p) => p.unresolvedPolicies?.length ?? 0,
    destructiveGrants: (a) => a.grants.filter((g) => g.production && DESTRUCTIVE.some((t) => g.tiers.has(t))),
    inScope: (g, p) => inProductionAccount(g.ref, p, policy),
    ...(optimized
      ? {
          provablyDangerous: (p: Principal) => !known.has(p) && provablyGrants(p, access, DESTRUCTIVE),
          provablyInert: (p: Principal) => !known.has(p) && provablyInert(p, access),
        }
      : {}),
  };
}

const grantKey = (g: Grant) => `${g.action} ${g.ref.pattern} ${g.production} ${g.statement.source.name}#${g.statement.index}`;
/** Everything of an escalation the findings can show, as plain data. */
function plain(e: Escalation) {
  return {
    paths: e.paths.map((m) => [m.path.id, m.grants.map(grantKey)]),
    chains: e.chains.map((c) => ({
      hops: c.hops.map((h) => [h.to.name, h.via, h.grants.map(grantKey)]),
      target: c.target.name,
      destructive: c.danger.destructive.map(grantKey),
      paths: c.danger.paths.map((m) => [m.path.id, m.grants.map(grantKey)]),
      unresolved: c.danger.unresolved,
    })),
    grants: e.grants.map(grantKey),
  };
}

const runs = { numRuns: Number(process.env.FC_RUNS ?? 100), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };

describe("role chaining: optimized reach vs straightforward reach", () => {
  it("gives the same paths, chains and dangers for every principal", () => {
    // Every run explores anew; a failure prints its seed and path (fast-check's report), FC_SEED=<seed> replays it.
    fc.assert(
      fc.property(accountArb, ({ roles, depth }) => {
        const principals = build(roles);
        const shared = new EscalationGraph(context(principals, depth, true));
        const accesses = new Map<Principal, PrincipalAccess>();
        for (const p of principals) {
          const straightforward = new EscalationGraph(context(principals, depth, false, accesses));
          expect(plain(shared.escalation(p))).toEqual(plain(straightforward.escalation(p)));
        }
      }),
      runs,
    );
  });

  it("provablyGrants proves only grants the access holds, and all of them where nothing limits or denies", () => {
    fc.assert(
      fc.property(accountArb, ({ roles }) => {
        const access: AnalysisContext = { policy, catalogue, parser: new PolicyParser(), productionVerdicts: new Map(), now: NOW };
        for (const p of build(roles)) {
          const destructive = analyzePrincipal(p, access).grants.filter((g) => g.production && DESTRUCTIVE.some((t) => g.tiers.has(t)));
          const held = destructive.length > 0;
          const proven = provablyGrants(p, access, DESTRUCTIVE);
          if (proven) expect({ principal: p.name, held }).toEqual({ principal: p.name, held: true });
          const unlimited = (p.boundary === undefined || p.boundary === "unresolved") && !p.serviceControlPolicies?.length;
          const denies = p.policies.some((s) => access.parser.statements(s).some((st) => st.effect === "Deny"));
          // Catalogue actions only: an unknown action named like a destructive one is left to the full analysis.
          const heldKnown = destructive.some((g) => !g.unknownAction);
          if (unlimited && !denies) expect({ principal: p.name, proven }).toEqual({ principal: p.name, proven: heldKnown });
        }
      }),
      runs,
    );
  });

  it("provablyInert holds only where the access has no grant and every request passes its limits", () => {
    const requests = ["sts:AssumeRole", "iam:PassRole", "dynamodb:DeleteItem", "s3:GetObject"];
    let inert = 0;
    let limited = 0;
    fc.assert(
      fc.property(accountArb, ({ roles }) => {
        const access: AnalysisContext = { policy, catalogue, parser: new PolicyParser(), productionVerdicts: new Map(), now: NOW };
        const principals = build(roles);
        for (const p of principals) {
          const full = analyzePrincipal(p, access);
          const proven = provablyInert(p, access);
          const blocks = principals.flatMap((q) => requests.filter((action) => !full.passesLimits(action, q.arn ?? "*")).map((action) => `${action} ${q.name}`));
          if (proven) {
            inert++;
            expect({ principal: p.name, grants: full.grants.map(grantKey), blocks }).toEqual({ principal: p.name, grants: [], blocks: [] });
          } else if (blocks.length) limited++;
        }
      }),
      runs,
    );
    // The generator meets both sides: inert roles, and roles whose limits stop a request.
    expect(inert).toBeGreaterThan(0);
    expect(limited).toBeGreaterThan(0);
  });
});
