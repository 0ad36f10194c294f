/**
 * The guardrail boundary generator on the real catalogue and the shipped tiers: exact (every
 * destructive/escalation action denied, collateral counted and bounded, reads never denied),
 * within AWS's size limits (split when needed), Sids with the catalogue version, tiers read from
 * the shared data (a tier that grows grows the boundary).
 */
import { deniedActions, isReadOnlyName, BoundaryDataError } from "../../../src/core/boundary/denied.js";
import { compareVersions, DEFAULT_MAX_COLLATERAL, POLICY_SIZE_LIMIT, versionOfSid, versionTag, type GeneratedBoundary } from "../../../src/core/boundary/generate.js";
import { indexCatalogue, type ActionCatalogue } from "../../../src/core/iam/catalogue.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import type { PolicySource, Principal } from "../../../src/core/iam/model.js";
import type { Policy } from "../../../src/core/policy.js";
import { catalogue, CATALOGUE_VERSION, generated, matchedActions, policy, tierDenyPatterns } from "./helpers.js";

const denied = deniedActions(catalogue, policy.destructive);

/** The shipped tiers with more T4 entries (policies/destructive-actions.yaml growing). */
const withEscalation = (extra: string[]): Policy => ({
  ...policy,
  destructive: { ...policy.destructive, t4Escalation: { ...policy.destructive.t4Escalation, actions: [...policy.destructive.t4Escalation.actions, ...extra] } },
});
const allDenied = [...denied.groupOf.keys()];

function checkExact(b: GeneratedBoundary, maxCollateral: number, services: ActionCatalogue = catalogue): void {
  const matched = matchedActions(tierDenyPatterns(b), services);
  const expected = deniedActions(services, policy.destructive);
  const missing = [...expected.groupOf.keys()].filter((a) => !matched.has(a));
  expect(missing).toEqual([]);
  const collateral = [...matched].filter((a) => !expected.groupOf.has(a)).sort();
  expect(collateral).toEqual(b.summary.collateralActions);
  expect(b.summary.collateral).toBeLessThanOrEqual(maxCollateral);
  expect([...matched].filter((a) => isReadOnlyName(a.slice(a.indexOf(":") + 1)))).toEqual([]);
  for (const p of b.policies) {
    expect(JSON.stringify(p.document).length).toBe(p.size);
    expect(p.size).toBeLessThanOrEqual(POLICY_SIZE_LIMIT[b.kind]);
  }
}

describe("denied set", () => {
  it("is T1–T3 plus T4 (escalate, code execution, assume role, iam:PassRole) of the shared tier data", () => {
    expect(allDenied).toEqual(expect.arrayContaining(["dynamodb:DeleteTable", "kms:ScheduleKeyDeletion", "rds:ModifyDBCluster", "cloudformation:UpdateStack", "iam:PutRolePolicy", "iam:PassRole", "sts:AssumeRole", "ssm:SendCommand"]));
    // passRoleWith actions escalate only with iam:PassRole, which is denied: they stay allowed.
    expect(denied.groupOf.has("lambda:CreateFunction")).toBe(false);
    // Excluded from T1 by the data, so not denied.
    expect(denied.groupOf.has("ec2messages:DeleteMessage")).toBe(false);
    expect(denied.groupOf.has("kms:CancelKeyDeletion")).toBe(false);
    expect(denied.groupOf.get("iam:DeleteRolePermissionsBoundary")).toBe("Delete");
  });

  it("refuses tiers that name a read-only action (a boundary never denies reads)", () => {
    const custom = withEscalation(["secretsmanager:GetSecretValue"]);
    expect(() => deniedActions(catalogue, custom.destructive)).toThrow(BoundaryDataError);
    expect(() => deniedActions(catalogue, custom.destructive)).toThrow(/secretsmanager:GetSecretValue/);
    // Named as such where it is logged (the App, a stack trace), not as a bare Error.
    expect(() => deniedActions(catalogue, custom.destructive)).toThrow(expect.objectContaining({ name: "BoundaryDataError" }));
  });
});

describe("generateBoundary (kind boundary)", () => {
  const b = generated();

  it("denies every destructive/escalation action, counts the collateral exactly, never denies a read, and fits the limit", () => {
    checkExact(b, DEFAULT_MAX_COLLATERAL);
    expect(b.summary.deniedTotal).toBe(allDenied.length);
    expect(b.summary.maxCollateral).toBe(DEFAULT_MAX_COLLATERAL);
  });

  it.each([0, 5, 1_000_000])("holds for --max-collateral %d", (max) => {
    const other = generated({ maxCollateral: max });
    checkExact(other, max);
  });

  it("trades characters for collateral: a larger budget never makes the policies bigger", () => {
    const total = (x: GeneratedBoundary) => x.policies.reduce((s, p) => s + p.size, 0);
    expect(total(generated({ maxCollateral: 0 }))).toBeGreaterThanOrEqual(total(b));
    expect(total(b)).toBeGreaterThanOrEqual(total(generated({ maxCollateral: 1_000_000 })));
  });

  it("splits what does not fit one managed policy, says so, and puts Allow + integrity in the boundary", () => {
    expect(b.policies.length).toBeGreaterThan(1);
    expect(b.policies.map((p) => p.use)).toEqual(["boundary", ...b.policies.slice(1).map(() => "attach")]);
    expect(b.notes[0]).toMatch(/does not fit one managed policy \(6,144 characters\): \d policies/);
    const [first, ...rest] = b.policies;
    expect(first?.document.Statement[0]).toMatchObject({ Effect: "Allow", Action: "*", Resource: "*" });
    expect(first?.document.Statement.map((s) => s.Sid)).toEqual(expect.arrayContaining([expect.stringMatching(/^AgentGuardrailKeepBoundary/), expect.stringMatching(/^AgentGuardrailKeepParts/)]));
    for (const p of rest) expect(p.document.Statement.every((s) => s.Effect === "Deny")).toBe(true);
    for (const p of b.policies) expect(p.name).toContain("agent-guardrail");
    expect(b.summary.integrityActions).toEqual(["iam:DetachRolePolicy", "iam:DetachUserPolicy", "iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary"]);
  });

  it("gives every statement an alphanumeric Sid, unique in its policy, naming its group and the catalogue version", () => {
    for (const p of b.policies) {
      const sids = p.document.Statement.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
      for (const sid of sids) {
        expect(sid).toMatch(/^[A-Za-z0-9]+$/);
        expect(versionOfSid(sid)).toBe(CATALOGUE_VERSION);
      }
    }
    const groups = b.policies.flatMap((p) => p.document.Statement.map((s) => /^AgentGuardrailDeny([A-Za-z]+?)V/.exec(s.Sid)?.[1])).filter(Boolean);
    expect(new Set(groups)).toEqual(new Set(["Delete", "ProtectionOff", "Replace", "Escalation", "Uncatalogued"]));
    expect(versionTag("0.21.202609261")).toBe("V0x21x202609261");
    expect(versionOfSid("SomethingElseV1")).toBeUndefined();
    expect(compareVersions("0.21.202609261", "0.21.202610011")).toBeLessThan(0);
    expect(compareVersions("0.22.1", "0.21.202610011")).toBeGreaterThan(0);
  });

  it("reads T4 from the shared data: an escalation entry added to the tiers is denied", () => {
    const grown = withEscalation(["iam:UpdateRoleDescription", "newservice:HijackEverything"]);
    const b2 = generated({ policy: grown });
    expect(matchedActions(tierDenyPatterns(b2)).has("iam:UpdateRoleDescription")).toBe(true);
    expect(matchedActions(tierDenyPatterns(b)).has("iam:UpdateRoleDescription")).toBe(false);
    // Not in the catalogue: denied as written, and said so.
    expect(tierDenyPatterns(b2)).toContain("newservice:HijackEverything");
    expect(b2.summary.uncatalogued).toContain("newservice:HijackEverything");
    expect(b2.notes.join(" ")).toMatch(/not in the catalogue: .*newservice:HijackEverything/);
  });

  it("rejects a negative or fractional collateral bound", () => {
    expect(() => generated({ maxCollateral: -1 })).toThrow(/whole number/);
    expect(() => generated({ maxCollateral: 1.5 })).toThrow(/whole number/);
  });
});

/** The real catalogue plus `count` future services, each with 32 destructive actions of its own. */
function withFutureServices(count: number): ActionCatalogue {
  const services: Record<string, readonly string[]> = {};
  for (const [prefix, names] of indexCatalogue(catalogue).services) services[prefix] = names;
  for (let i = 0; i < count; i++) {
    services[`futureservice${i}`] = ["GetWidget", "ListWidgets", "DescribeWidget", ...Array.from({ length: 30 }, (_, k) => `DeleteWidgetPart${k}Variant${i}`), "RemoveWidgetFromPool", "TerminateWidgetFleet", "CreateWidget"];
  }
  return { services };
}

describe("size: a catalogue update that grows the denied set splits, never exceeds", () => {
  it("a catalogue with 60 more services of destructive actions still yields policies under the limit, all actions denied", () => {
    const grown = withFutureServices(60);
    const now = generated();
    for (const kind of ["boundary", "scp"] as const) {
      const b = generated({ catalogue: grown, kind });
      checkExact(b, DEFAULT_MAX_COLLATERAL, grown);
      expect(b.policies.length).toBeGreaterThanOrEqual(kind === "boundary" ? now.policies.length : 1);
    }
  });
});

describe("generateBoundary (kind scp)", () => {
  const scp = generated({ kind: "scp" });

  it("is exact, fits 5,120 characters per SCP, and fits one target with FullAWSAccess (at most 4 parts)", () => {
    checkExact(scp, DEFAULT_MAX_COLLATERAL);
    expect(scp.policies.every((p) => p.use === "scp")).toBe(true);
    expect(scp.policies.length).toBeLessThanOrEqual(4);
  });

  // AWS allows 5 SCPs per target and FullAWSAccess takes one: 4 parts fit, 5 do not.
  it("says the SCPs do not fit one target only when there are 5 or more of them", () => {
    const tooMany = /AWS attaches at most 5 SCPs to an account or OU/;
    expect(scp.notes.join(" ")).not.toMatch(tooMany);
    const four = generated({ kind: "scp", catalogue: withFutureServices(60) });
    expect(four.policies).toHaveLength(4);
    expect(four.notes.join(" ")).not.toMatch(tooMany);
    const five = generated({ kind: "scp", catalogue: withFutureServices(120) });
    expect(five.policies).toHaveLength(5);
    expect(five.notes).toContain("AWS attaches at most 5 SCPs to an account or OU, FullAWSAccess included: 5 do not fit one target. Attach some to the OU and the rest to its accounts.");
  });

  it("applies every Deny only to principals with the agent tag, and denies agents changing that tag", () => {
    for (const p of scp.policies) {
      for (const s of p.document.Statement) {
        expect(s.Effect).toBe("Deny");
        expect(s.Condition?.["StringLike"]).toEqual({ "aws:PrincipalTag/agent-guardrail:agent": ["true", "yes"] });
      }
    }
    const keep = scp.policies[0]?.document.Statement[0];
    expect(keep?.Sid).toMatch(/^AgentGuardrailKeepTag/);
    expect(keep?.Condition?.["ForAnyValue:StringEqualsIgnoreCase"]).toEqual({ "aws:TagKeys": "agent-guardrail:agent" });
    expect(scp.notes.join(" ")).toMatch(/management account or to service-linked roles/);
  });

  it("by name: ArnLike on aws:PrincipalArn from agents.roleNamePatterns, lower and Capitalized", () => {
    const byName = generated({ kind: "scp", scpMatch: { by: "name" } });
    const arns = byName.policies[0]?.document.Statement[0]?.Condition?.["ArnLike"]?.["aws:PrincipalArn"];
    expect(arns).toEqual(expect.arrayContaining(["arn:aws:iam::*:*/*agent*", "arn:aws:iam::*:*/*Agent*", "arn:aws:iam::*:*/*kiro*", "arn:aws:iam::*:*/*Kiro*"]));
    checkExact(byName, DEFAULT_MAX_COLLATERAL);
  });

  it("fails with the reason when the tag key or the agents config cannot select anyone", () => {
    expect(() => generated({ kind: "scp", scpMatch: { by: "tag", tagKey: "not-configured" } })).toThrow(/tag key "not-configured" is not in agents.tags/);
    const none: Policy = { ...policy, agents: { ...policy.agents, tags: {}, roleNamePatterns: [] } };
    expect(() => generated({ kind: "scp", policy: none })).toThrow(/needs agents.tags/);
    expect(() => generated({ kind: "scp", policy: none, scpMatch: { by: "name" } })).toThrow(/needs agents.roleNamePatterns/);
  });
});

describe("the engine honours the generated boundary", () => {
  const source = (name: string, document: unknown): PolicySource => ({ name, document, evidence: { file: `${name}.json` } });
  const admin = source("AdministratorAccess", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
  const agent = (b: GeneratedBoundary, parts: number): Principal => ({
    kind: "role",
    subject: "arn:aws:iam::111111111111:role/coding-agent",
    name: "coding-agent",
    arn: "arn:aws:iam::111111111111:role/coding-agent",
    account: "111111111111",
    tags: {},
    policies: [admin, ...b.policies.slice(1, parts).map((p) => source(p.name, p.document))],
    boundary: source(b.policies[0]?.name ?? "", b.policies[0]?.document),
    evidence: { arn: "arn:aws:iam::111111111111:role/coding-agent" },
  });

  it("AdministratorAccess under the boundary and its parts: no finding", () => {
    const b = generated();
    expect(evaluateIam({ principals: [agent(b, b.policies.length)] }, policy, catalogue).findings).toEqual([]);
  });

  it("without the attached parts the boundary alone is not enough: the agent is flagged", () => {
    const b = generated();
    const findings = evaluateIam({ principals: [agent(b, 1)] }, policy, catalogue).findings;
    expect(findings.map((f) => f.rule)).toContain("agent-destructive-prod");
  });
});
