/**
 * Principals whose statements say the same thing share one analysis (shared-access.ts; issue 13,
 * performance). Property: on generated accounts of twins (same statements, other names, policy
 * names and places) and near-twins (another account, a boundary, an SCP, a Deny), the access
 * analyzeInput gives every principal is exactly the one analyzePrincipal builds for it alone:
 * the same grants citing its own statements, notes, unmatched patterns and limits.
 */
import fc from "fast-check";
import { analyzePrincipal, PolicyParser, type AnalysisContext, type PrincipalAccess } from "../../../src/core/iam/access.js";
import { analyzeInput } from "../../../src/core/iam/analysis.js";
import type { Principal } from "../../../src/core/iam/model.js";
import type { PolicyStatement } from "../../../src/core/iam/policy-document.js";
import { retargetAccess, sharedAccessKey, sharedAccessOutline } from "../../../src/core/iam/shared-access.js";
import { allow, catalogue, deny, DEV_ACCOUNT, policy, PROD_ACCOUNT, role, source, type Statement } from "./helpers.js";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const PAST = { DateLessThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } };

// Wide statements stay within a few services (dynamodb:*, NotAction on all but a few): `*` alone
// grants thousands of actions, which would only slow the property down.
const POOL: Statement[] = [
  allow(["dynamodb:*", "s3:Delete*", "iam:*"]),
  allow(["dynamodb:PutItem", "dynamodb:DeleteItem"], `arn:aws:dynamodb:us-east-1:${PROD_ACCOUNT}:table/orders`),
  allow(["dynamodb:PutItem", "dynamodb:DeleteItem"], "arn:aws:dynamodb:us-east-1:*:table/orders-staging"),
  allow(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3:::data", "arn:aws:s3:::data/*"]),
  allow("sts:AssumeRole", `arn:aws:iam::${PROD_ACCOUNT}:role/svc-*`),
  allow("iam:PassRole"),
  allow(["lambda:CreateFunction", "lambda:InvokeFunction"]),
  { Effect: "Allow", NotAction: ["iam:*", "ec2:*", "s3:*", "rds:*", "sagemaker:*"], Resource: "*" },
  { Effect: "Allow", Action: "dynamodb:*", NotResource: `arn:aws:dynamodb:us-east-1:${PROD_ACCOUNT}:table/keep` },
  allow("dynamodb:*", "*", { Condition: PAST }),
  allow("newservice:DeleteEverything"),
  allow("unknownsvc:*"),
  allow("rds:DeleteDBInstance", "*", { Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } }),
  { Effect: "Allow", Action: [], Resource: "*" },
  deny("dynamodb:DeleteItem"),
  deny("*", "*", { Condition: { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${PROD_ACCOUNT}:role/coding-agent-0-0` } } }),
];

interface Spec {
  statements: number[][];
  /** How the twins differ from the first of them: 0 not at all, else one thing that may change the access. */
  variants: number[];
}

const specArb = fc.record({
  statements: fc.array(fc.array(fc.nat(POOL.length - 1), { maxLength: 3 }), { minLength: 1, maxLength: 2 }),
  variants: fc.array(fc.nat(5), { minLength: 1, maxLength: 3 }),
});

/** Every generated principal is an agent (by name), so analyzeInput builds the access of each. */
function build(specs: Spec[]): Principal[] {
  const out: Principal[] = [];
  specs.forEach((spec, i) => {
    [0, ...spec.variants].forEach((variant, j) => {
      const name = `coding-agent-${i}-${j}`;
      const account = variant === 1 ? DEV_ACCOUNT : PROD_ACCOUNT;
      const limits: Partial<Principal> = [
        {},
        {},
        { boundary: source("Boundary", [allow(["dynamodb:*", "sts:AssumeRole", "s3:*"])]) },
        { boundary: "unresolved" as const },
        { serviceControlPolicies: [source("Scp", [allow("*"), deny("iam:*")])] },
        {},
      ][variant] as Partial<Principal>;
      const documents = spec.statements.map((list, k) => source(`${name}-policy-${k}`, list.map((s) => POOL[s] as Statement), `${name}.json`));
      if (variant === 5) documents.push(source(`${name}-deny`, [deny("s3:DeleteBucket")]));
      out.push(
        role([], {
          name,
          subject: `arn:aws:iam::${account}:role/${name}`,
          arn: `arn:aws:iam::${account}:role/${name}`,
          account,
          policies: documents,
          ...limits,
        }),
      );
    });
  });
  return out;
}

const cite = (s: PolicyStatement) => `${s.source.name}#${s.index}`;
const REQUESTS = ["sts:AssumeRole", "dynamodb:DeleteItem", "iam:PassRole", "s3:DeleteBucket"];

/** Everything of an access the rules read, as plain data. */
function plain(access: PrincipalAccess, principals: readonly Principal[]) {
  return {
    principal: access.principal.name,
    grants: access.grants.map((g) => [g.action, [...g.tiers].sort(), g.ref.pattern, g.ref.origin, g.production, g.unknownAction, cite(g.statement)]),
    notes: access.notes,
    unmatched: access.unmatchedPatterns.map((u) => [u.pattern, cite(u.statement)]),
    limits: principals.flatMap((q) => REQUESTS.filter((a) => !access.passesLimits(a, q.arn ?? "*")).map((a) => `${a} ${q.name}`)),
  };
}

const runs = { numRuns: Number(process.env.FC_RUNS ?? 20), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };

describe("shared access of principals with the same statements", () => {
  it("gives every principal the access analyzePrincipal builds for it alone", () => {
    let shared = 0;
    fc.assert(
      fc.property(fc.array(specArb, { minLength: 1, maxLength: 3 }), (specs) => {
        const principals = build(specs);
        const analysis = analyzeInput({ principals, account: PROD_ACCOUNT }, policy, catalogue, { now: NOW });
        const alone: AnalysisContext = { policy, catalogue, parser: new PolicyParser(), productionVerdicts: new Map(), now: NOW, account: PROD_ACCOUNT };
        expect(analysis.agents.map((a) => a.principal.name)).toEqual(principals.map((p) => p.name));
        const keys = new Set<string>();
        for (const agent of analysis.agents) {
          expect(plain(agent.access, principals)).toEqual(plain(analyzePrincipal(agent.principal, alone), principals));
          const key = sharedAccessKey(agent.principal, agent.principal.policies.flatMap((s) => alone.parser.statements(s)), PROD_ACCOUNT);
          if (key !== undefined && keys.has(key)) shared++;
          if (key !== undefined) keys.add(key);
        }
      }),
      runs,
    );
    // The generator makes twins that do share.
    expect(shared).toBeGreaterThan(0);
  });

  it("shares nothing whose access can depend on the principal: limits, Denies, another account", () => {
    const parser = new PolicyParser();
    const statements = (p: Principal) => p.policies.flatMap((s) => parser.statements(s));
    const [plainRole, devRole, bounded, unresolvedBoundary, scp, denied] = build([{ statements: [[0]], variants: [1, 2, 3, 4, 5] }]) as Principal[];
    const key = (p: Principal | undefined) => (p ? sharedAccessKey(p, statements(p), PROD_ACCOUNT) : "missing");
    expect([key(bounded), key(scp), key(denied)]).toEqual([undefined, undefined, undefined]);
    expect(key(plainRole)).toBeDefined();
    expect(key(devRole)).not.toEqual(key(plainRole));
    expect(key(unresolvedBoundary)).not.toEqual(key(plainRole));
    // Same content, another statement place: the evidence differs, the key does not.
    const twin = role([], { name: "twin", policies: [source("Other", [POOL[0] as Statement], "other.json")] });
    expect(key(twin)).toEqual(key(plainRole));
  });

  it("compares the whole statements of principals whose actions and resources are the same", () => {
    // Same Action and Resource, one condition that can no longer hold: one outline, two keys.
    const open = role([allow("dynamodb:*")], { name: "coding-agent-open" });
    const expired = role([allow("dynamodb:*", "*", { Condition: PAST })], { name: "coding-agent-expired" });
    const parser = new PolicyParser();
    const statements = (p: Principal) => p.policies.flatMap((s) => parser.statements(s));
    expect(sharedAccessOutline(expired, statements(expired), PROD_ACCOUNT)).toEqual(sharedAccessOutline(open, statements(open), PROD_ACCOUNT));
    expect(sharedAccessKey(expired, statements(expired), PROD_ACCOUNT)).not.toEqual(sharedAccessKey(open, statements(open), PROD_ACCOUNT));
    const analysis = analyzeInput({ principals: [open, expired], account: PROD_ACCOUNT }, policy, catalogue, { now: NOW });
    const [openAccess, expiredAccess] = analysis.agents.map((a) => a.access);
    expect(openAccess?.grants.some((g) => g.action === "dynamodb:DeleteTable")).toBe(true);
    expect(expiredAccess?.grants).toEqual([]);
  });

  it("outlines statements by content: same content and order, one outline; another order, count or first action or resource, another", () => {
    const parser = new PolicyParser();
    const outline = (statements: Statement[], name: string) => {
      const p = role(statements, { name });
      return sharedAccessOutline(p, p.policies.flatMap((s) => parser.statements(s)), PROD_ACCOUNT);
    };
    const first = outline([allow("s3:*"), allow("dynamodb:*", "arn:aws:dynamodb:*:*:table/orders")], "a");
    expect(outline([allow("s3:*"), allow("dynamodb:*", "arn:aws:dynamodb:*:*:table/orders")], "b")).toBe(first);
    expect(outline([allow("dynamodb:*", "arn:aws:dynamodb:*:*:table/orders"), allow("s3:*")], "c")).not.toBe(first);
    expect(outline([allow("s3:*"), allow("dynamodb:*", "arn:aws:dynamodb:*:*:table/other")], "d")).not.toBe(first);
    expect(outline([allow("s3:*")], "e")).not.toBe(outline([allow("s3:*"), allow("s3:*")], "f"));
    expect(outline([allow(["s3:GetObject", "s3:PutObject"])], "g")).not.toBe(outline([allow("s3:GetObject")], "h"));
    expect(outline([allow("s3:GetObject")], "i")).not.toBe(outline([{ Effect: "Allow", NotAction: "s3:GetObject", Resource: "*" }], "j"));
    // A statement counts in it by its first action and resource only: no copy of a long list is kept as a key.
    const long = Array.from({ length: 200 }, (_, i) => `s3:GetObjectVersion${i}`);
    expect(outline([allow(long)], "k")?.length).toBeLessThan(60);
    // Distinct statements may share an outline (only the first action counts): the full key tells them apart.
    const [l, m] = [role([allow(["s3:GetObject", "s3:DeleteObject"])], { name: "coding-agent-l" }), role([allow(["s3:GetObject", "s3:PutObject"])], { name: "coding-agent-m" })];
    const statements = (p: Principal) => p.policies.flatMap((s) => parser.statements(s));
    expect(sharedAccessOutline(l, statements(l), PROD_ACCOUNT)).toBe(sharedAccessOutline(m, statements(m), PROD_ACCOUNT));
    expect(sharedAccessKey(l, statements(l), PROD_ACCOUNT)).not.toBe(sharedAccessKey(m, statements(m), PROD_ACCOUNT));
    const analysis = analyzeInput({ principals: [l, m], account: PROD_ACCOUNT }, policy, catalogue, { now: NOW });
    expect(analysis.agents.map((a) => a.access.grants.some((g) => g.action === "s3:DeleteObject"))).toEqual([true, false]);
  });

  it("gives a principal that has limits or a Deny no outline (its access is its own)", () => {
    const parser = new PolicyParser();
    const statements = (p: Principal) => p.policies.flatMap((s) => parser.statements(s));
    const bounded = role([allow("dynamodb:*")], { name: "bounded", boundary: source("Boundary", [allow("s3:*")]) });
    const denied = role([allow("dynamodb:*"), deny("dynamodb:DeleteTable")], { name: "denied" });
    expect(sharedAccessOutline(bounded, statements(bounded), PROD_ACCOUNT)).toBeUndefined();
    expect(sharedAccessOutline(denied, statements(denied), PROD_ACCOUNT)).toBeUndefined();
  });

  it("refuses to re-point a grant at a statement the twin does not have (a bug, never a pass)", () => {
    const parser = new PolicyParser();
    const context: AnalysisContext = { policy, catalogue, parser, productionVerdicts: new Map(), now: NOW };
    const admin = role([allow("*")], { name: "admin" });
    const access = analyzePrincipal(admin, context);
    const other = role([allow("*")], { name: "other" });
    expect(() => retargetAccess(access, [], other, [])).toThrow(/other: shared access cites a statement its twin does not have/);
  });
});
