/**
 * The guardrail boundary generator on the real catalogue and the shipped tiers: exact (every
 * destructive/escalation action denied, collateral counted and bounded, reads never denied),
 * within AWS's size limits (split when needed), Sids with the catalogue version, tiers read from
 * the shared data (a tier that grows grows the boundary).
 */
import { isDatabaseLogin } from "../../../src/core/iam/database-logins.js";
import { deniedActions, isReadOnlyName, prefixMayMatchReadOnly, BoundaryDataError } from "../../../src/core/boundary/denied.js";
import { DEFAULT_MAX_COLLATERAL, POLICY_SIZE_LIMIT, versionOfSid, versionTag, type GeneratedBoundary } from "../../../src/core/boundary/generate.js";
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
  // Database logins (redshift:GetClusterCredentials) are named like reads and denied whole by design.
  const logins = policy.destructive.t1Delete.databaseLogins;
  expect([...matched].filter((a) => isReadOnlyName(a.slice(a.indexOf(":") + 1)) && !isDatabaseLogin(logins, a))).toEqual([]);
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

  it("lists each denied action once, under the group groupOf names, and the summary counts them per group", () => {
    const listed = Object.entries(denied.byGroup).flatMap(([group, actions]) => actions.map((a) => [a, group] as const));
    expect(new Map(listed)).toEqual(denied.groupOf);
    expect(listed).toHaveLength(denied.groupOf.size);
    // Uncatalogued is for entries denied as written: no catalogue action is counted there.
    expect(denied.byGroup.Uncatalogued).toEqual([]);
    const counts = generated().summary.denied;
    expect(counts).toEqual({ Delete: denied.byGroup.Delete.length, ProtectionOff: denied.byGroup.ProtectionOff.length, Replace: denied.byGroup.Replace.length, Escalation: denied.byGroup.Escalation.length, Uncatalogued: 0 });
    expect(counts.Delete + counts.ProtectionOff + counts.Replace + counts.Escalation).toBe(generated().summary.deniedTotal);
  });

  it("a wildcard prefix may match a read when a read verb starts with it, or it starts with one", () => {
    expect(["", "G", "Li", "Describ", "BatchG", "GetObj", "ListBuckets", "describeinstances"].filter(prefixMayMatchReadOnly)).toHaveLength(8);
    expect(["Delete", "Put", "Lis-", "Terminate", "Batch-Delete"].filter(prefixMayMatchReadOnly)).toEqual([]);
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
    // Each policy's size, comma-grouped, in a list: "2 policies (6,101, 1,988 characters)".
    expect(b.notes[0]).toMatch(new RegExp(`${b.policies.length} policies \\(\\d{1,3}(,\\d{3})?(, \\d{1,3}(,\\d{3})?){${b.policies.length - 1}} characters\\)`));
    const [first, ...rest] = b.policies;
    expect(first?.document.Statement[0]).toMatchObject({ Effect: "Allow", Action: "*", Resource: "*" });
    expect(first?.document.Statement.map((s) => s.Sid)).toEqual(expect.arrayContaining([expect.stringMatching(/^AgentGuardrailKeepBoundary/), expect.stringMatching(/^AgentGuardrailKeepParts/)]));
    for (const p of rest) expect(p.document.Statement.every((s) => s.Effect === "Deny")).toBe(true);
    for (const p of b.policies) expect(p.name).toContain("agent-guardrail");
    expect(b.summary.integrityActions).toEqual(["iam:DetachGroupPolicy", "iam:DetachRolePolicy", "iam:DetachUserPolicy", "iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary"]);
  });

  it("keeps the agent from replacing the boundary or detaching its parts, and only its parts", () => {
    const tag = versionTag(CATALOGUE_VERSION);
    expect(b.policies[0]?.document.Statement.slice(1, 3)).toEqual([
      { Sid: `AgentGuardrailKeepBoundary${tag}`, Effect: "Deny", Action: ["iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary"], Resource: "*" },
      // Unconditional, this would also stop the agent's pipeline detaching its own application policies.
      {
        Sid: `AgentGuardrailKeepParts${tag}`,
        Effect: "Deny",
        Action: ["iam:DetachRolePolicy", "iam:DetachUserPolicy", "iam:DetachGroupPolicy"],
        Resource: "*",
        Condition: { ArnLike: { "iam:PolicyARN": ["arn:*:iam::*:policy/*agent-guardrail*", "arn:*:iam::*:policy/*AgentGuardrail*"] } },
      },
    ]);
  });

  it("refuses fixed statements or a single statement that cannot fit the limit, naming the size", () => {
    // A tag with hundreds of accepted values: the SCP's KeepTag statement alone is over 5,120 characters.
    const values = Array.from({ length: 400 }, (_, i) => `agent-team-${i}`);
    const manyValues: Policy = { ...policy, agents: { ...policy.agents, tags: { "agent-guardrail:agent": values } } };
    expect(() => generated({ kind: "scp", policy: manyValues })).toThrow(/^the fixed statements alone take \d{4,} characters, over the 5120-character limit$/);
    // Exactly at the limit still fits (AWS's limit is inclusive): the fixed statements fill the first SCP alone.
    const exactly = Array.from({ length: 120 }, (_, i) => `agent-team-${i}`);
    const fixedSize = (tagValues: string[]): number => JSON.stringify({ Version: "2012-10-17", Statement: generated({ kind: "scp", policy: { ...policy, agents: { ...policy.agents, tags: { "agent-guardrail:agent": tagValues } } } }).policies[0]!.document.Statement.slice(0, 2) }).length;
    // One more value costs itself, its quotes and a comma, in each of the two fixed statements
    // (KeepTag, KeepSessionTag): sizes move in steps of 2, so the fullest first SCP is 5,120 or 5,119.
    const room = 5120 - fixedSize(exactly);
    exactly.push("x".repeat(Math.floor(room / 2) - 3));
    const withTags = (tagValues: string[]): Policy => ({ ...policy, agents: { ...policy.agents, tags: { "agent-guardrail:agent": tagValues } } });
    const atLimit = generated({ kind: "scp", policy: withTags(exactly) });
    expect(atLimit.policies[0]?.size).toBe(5120 - (room % 2));
    expect(() => generated({ kind: "scp", policy: withTags([...exactly.slice(0, -1), `${exactly.at(-1)}x`]) })).toThrow(/^the fixed statements alone take 512[12] characters/);
    expect(atLimit.policies[0]?.document.Statement.map((s) => s.Sid)).toEqual([expect.stringMatching(/^AgentGuardrailKeepTag/), expect.stringMatching(/^AgentGuardrailKeepSessionTag/)]);
    // Keyed on names there are no fixed statements; the first Deny with its ArnLike list is too long.
    const manyNames: Policy = { ...policy, agents: { ...policy.agents, roleNamePatterns: values } };
    expect(() => generated({ kind: "scp", policy: manyNames, scpMatch: { by: "name" } })).toThrow(/^one statement does not fit in 5120 characters \(its condition is too long\): it takes \d{5} characters by itself$/);
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
    // An Escalation statement of actions excepted on some resources is `EscalationOutsideA`, B...;
    // one of actions denied on named resources only is `EscalationWithinA`, B...
    const groups = b.policies.flatMap((p) => p.document.Statement.map((s) => /^AgentGuardrailDeny([A-Za-z]+?)(Outside[A-Z]+|Within[A-Z]+)?V/.exec(s.Sid)?.[1])).filter(Boolean);
    expect(new Set(groups)).toEqual(new Set(["Delete", "ProtectionOff", "Replace", "Escalation", "Uncatalogued"]));
    expect(versionTag("0.21.202609261")).toBe("V0x21x202609261");
    expect(versionOfSid("SomethingElseV1")).toBeUndefined();
    // Drift reads Sids from deployed documents: one of ours edited by hand, or not a string at all.
    expect(versionOfSid("AgentGuardrailDenyVpcEndpointsV0x21x202609261")).toBe("0.21.202609261");
    expect(versionOfSid("AgentGuardrailCustomNote")).toBeUndefined();
    expect(versionOfSid(42)).toBeUndefined();
    expect(versionOfSid(undefined)).toBeUndefined();
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

/**
 * Escalation-only actions spared on long resource lists (a fork of policies/escalation-paths.yaml
 * with its own notEscalation rules): one rule per action, `count` patterns of ~60 characters each.
 * Each rule's resource set gets a statement of its own (`NotResource`), which cannot be split:
 * two Denies sparing halves of the list deny each half through the other.
 */
function withLongExceptions(rules: number, count: number): Policy {
  const actions = denied.byGroup.Escalation.filter((a) => !policy.escalation.notEscalation.some((r) => r.actions.includes(a))).slice(0, rules);
  const extra = actions.map((action, i) => ({
    actions: [action],
    resources: Array.from({ length: count }, (_, k) => `arn:aws:s3:::team-${i}-deployment-artifacts-bucket-${String(k).padStart(4, "0")}/*`),
    reason: "test: resources where this action cannot escalate",
  }));
  return { ...policy, escalation: { ...policy.escalation, notEscalation: [...policy.escalation.notEscalation, ...extra] } };
}

describe("AWS limits under custom tiers: fit, split, or fail with the reason", () => {
  it("a NotResource list too long for any one policy is refused, naming the statement and its size (never a policy over the limit)", () => {
    // 120 patterns of ~60 characters: ~7,300 characters, over 6,144 even in a policy of its own.
    expect(() => generated({ policy: withLongExceptions(1, 120) })).toThrow(
      /^one statement does not fit in 6144 characters: AgentGuardrailDenyEscalationOutside[A-Z]+V\S+ spares 120 resources \(NotResource, from the notEscalation rules\) and takes \d{4} characters by itself; shorten those resource patterns$/,
    );
    // 80 of them (~4,900 characters) fit a policy of their own: split, each part within the limit.
    const b = generated({ policy: withLongExceptions(1, 80) });
    expect(b.policies.length).toBe(generated().policies.length + 1);
    for (const p of b.policies) expect(p.size).toBeLessThanOrEqual(POLICY_SIZE_LIMIT.boundary);
  });

  it("more parts than a role can hold (10 attached managed policies) are refused; otherwise the notes say how many slots the role keeps", () => {
    expect(() => generated({ policy: withLongExceptions(12, 80) })).toThrow(
      /^the guardrail boundary needs 1\d managed policies: the boundary and 1\d to attach to each agent role, over the 10 managed policies AWS attaches to a role/,
    );
    const fits = generated();
    expect(fits.notes).toContain(`Each agent role keeps ${10 - (fits.policies.length - 1)} of its 10 managed-policy slots (AWS default quota) for its own policies.`);
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
    // 30 more services of delete actions keep the SCPs at four parts, 100 take them to five (round
    // 10's tier entries and case-insensitive tag values took room, then round 11's path-step
    // variants and audit-off entries: 33 is the most that fits four today, 108 the most that fits five).
    const four = generated({ kind: "scp", catalogue: withFutureServices(30) });
    expect(four.policies).toHaveLength(4);
    expect(four.notes.join(" ")).not.toMatch(tooMany);
    const five = generated({ kind: "scp", catalogue: withFutureServices(100) });
    expect(five.policies).toHaveLength(5);
    expect(five.notes).toContain("AWS attaches at most 5 SCPs to an account or OU, FullAWSAccess included: 5 do not fit one target. Attach some to the OU and the rest to its accounts.");
  });

  it("no session can override the agent tag: tagging a session with the key is denied to every principal unless the value is an agent value", () => {
    const statements = scp.policies.flatMap((p) => p.document.Statement).filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes("sts:TagSession"));
    expect(statements).toEqual([
      {
        Sid: expect.stringMatching(/^AgentGuardrailKeepSessionTagV/),
        Effect: "Deny",
        Action: "sts:TagSession",
        Resource: "*",
        // No principal condition: whoever starts the agent's session (a pipeline, a harness) sets the tag.
        Condition: { "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": "agent-guardrail:agent" }, StringNotEqualsIgnoreCase: { "aws:RequestTag/agent-guardrail:agent": ["true", "yes"] } },
      },
    ]);
    // Keyed on names (aws:PrincipalArn), no session tag can change the selection.
    expect(generated({ kind: "scp", scpMatch: { by: "name" } }).policies.flatMap((p) => p.document.Statement).filter((s) => /Session/.test(s.Sid))).toEqual([]);
  });

  it("applies every Deny only to principals with the agent tag, and denies agents changing that tag", () => {
    for (const p of scp.policies) {
      for (const s of p.document.Statement.filter((st) => !/^AgentGuardrailKeepSessionTag/.test(st.Sid))) {
        expect(s.Effect).toBe("Deny");
        // Literal values, compared ignoring case as the evaluation compares them.
        expect(s.Condition?.["StringEqualsIgnoreCase"]).toEqual({ "aws:PrincipalTag/agent-guardrail:agent": ["true", "yes"] });
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
    expect(arns).toEqual(expect.arrayContaining(["arn:*:iam::*:*/*agent*", "arn:*:iam::*:*/*Agent*", "arn:*:iam::*:*/*kiro*", "arn:*:iam::*:*/*Kiro*"]));
    // A model's name too: an SCP sees no trust that would tell an application's role from Claude Code's.
    expect(arns).toEqual(expect.arrayContaining(["arn:*:iam::*:*/*bedrock*", "arn:*:iam::*:*/*Bedrock*"]));
    checkExact(byName, DEFAULT_MAX_COLLATERAL);
    for (const s of byName.policies.flatMap((p) => p.document.Statement)) expect(s.Sid).toMatch(/^AgentGuardrailDeny[A-Za-z]+ByNameV/);
    // A pattern that starts with its name (no leading `*`) is Capitalized from its first letter.
    const leading: Policy = { ...policy, agents: { ...policy.agents, roleNamePatterns: ["kiro-*", "ci_agent"], modelNamePatterns: [] } };
    const own = generated({ kind: "scp", policy: leading, scpMatch: { by: "name" } });
    expect(own.policies[0]?.document.Statement[0]?.Condition).toEqual({
      ArnLike: { "aws:PrincipalArn": ["arn:*:iam::*:*/kiro-*", "arn:*:iam::*:*/Kiro-*", "arn:*:iam::*:*/ci_agent", "arn:*:iam::*:*/Ci_Agent"] },
    });
  });

  it("by tag: a tag key configured with no values selects no one and is passed over", () => {
    // A config that cleared a key (`agent: []` with replaceDefaults) and kept another.
    const cleared: Policy = { ...policy, agents: { ...policy.agents, tags: { agent: [], "ai-agent": ["true"] } } };
    const scpOf = generated({ kind: "scp", policy: cleared });
    expect(scpOf.policies[0]?.document.Statement[0]?.Condition).toEqual({ StringEqualsIgnoreCase: { "aws:PrincipalTag/ai-agent": "true" }, "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": "ai-agent" } });
    expect(() => generated({ kind: "scp", policy: cleared, scpMatch: { by: "tag", tagKey: "agent" } })).toThrow('tag key "agent" is not in agents.tags (configured: ai-agent)');
  });

  it("by tag: a value with a wildcard (no operator ignores case there) is listed as written, lower, upper and Capitalized; * alone stays *", () => {
    const wild: Policy = { ...policy, agents: { ...policy.agents, tags: { "Principal-Type": ["ai-*", "Bot"] } } };
    const scpOf = generated({ kind: "scp", policy: wild, scpMatch: { by: "tag", tagKey: "Principal-Type" } });
    const deny = scpOf.policies.flatMap((p) => p.document.Statement).find((s) => s.Sid.startsWith("AgentGuardrailDeny"));
    expect(deny?.Condition).toEqual({ StringLike: { "aws:PrincipalTag/Principal-Type": ["ai-*", "Ai-*", "AI-*", "Bot", "bot", "BOT"] } });
    const session = scpOf.policies[0]?.document.Statement.find((s) => s.Sid.startsWith("AgentGuardrailKeepSessionTag"));
    expect(session?.Condition?.["StringNotLike"]).toEqual({ "aws:RequestTag/Principal-Type": ["ai-*", "Ai-*", "AI-*", "Bot", "bot", "BOT"] });
    const any = generated({ kind: "scp", policy: { ...policy, agents: { ...policy.agents, tags: { agent: ["*"] } } } });
    expect(any.policies[0]?.document.Statement.find((s) => s.Sid.startsWith("AgentGuardrailDeny"))?.Condition).toEqual({ StringLike: { "aws:PrincipalTag/agent": "*" } });
  });

  it("fails with the reason when the tag key or the agents config cannot select anyone", () => {
    expect(() => generated({ kind: "scp", scpMatch: { by: "tag", tagKey: "not-configured" } })).toThrow(/tag key "not-configured" is not in agents.tags/);
    const none: Policy = { ...policy, agents: { ...policy.agents, tags: {}, roleNamePatterns: [], modelNamePatterns: [] } };
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

describe("notEscalation rules: denied everywhere but where they cannot escalate", () => {
  const statementsOf = (b: GeneratedBoundary) => b.policies.flatMap((p) => p.document.Statement);
  const actionsOf = (s: { Action: string | string[] }): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
  const onEverything = (b: GeneratedBoundary) => matchedActions(statementsOf(b).filter((s) => s.Effect === "Deny" && s.Resource === "*" && /^AgentGuardrailDeny/.test(s.Sid)).flatMap(actionsOf));
  const scopedOf = (b: GeneratedBoundary) => statementsOf(b).filter((s) => s.NotResource !== undefined).map((s) => [s.Sid.replace(/V\d.*$/, ""), actionsOf(s), s.NotResource, s.Resource, s.Effect]);
  const MANAGED_INTERPRETER = "arn:*:bedrock-agentcore:*:aws:code-interpreter/*";
  const MANAGED_POLICIES = "arn:*:iam::aws:policy/*";
  const SERVICE_LINKED_ENTRIES = "arn:*:eks:*:*:access-entry/*/role/*/AWSServiceRoleFor*/*";
  const MANAGED_BROWSER = "arn:*:bedrock-agentcore:*:aws:browser/*";
  const EXCEPTED = ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "bedrock-agentcore:StartCodeInterpreterSession", "eks:AssociateAccessPolicy", "bedrock-agentcore:StartBrowserSession"];

  it("the rules' actions the tiers deny are the ones excepted (the test reads the shipped data)", () => {
    expect(EXCEPTED.filter((a) => denied.groupOf.get(a) !== "Escalation")).toEqual([]);
    expect(policy.escalation.notEscalation.flatMap((r) => r.resources)).toEqual(expect.arrayContaining([MANAGED_INTERPRETER, MANAGED_POLICIES, SERVICE_LINKED_ENTRIES, MANAGED_BROWSER]));
  });

  it.each([
    ["boundary", ""],
    ["scp", "ByTag"],
  ] as const)("%s: denied on every resource but the AWS managed code interpreter / managed policies; no wildcard denies them on *; every other tier action still is", (kind, label) => {
    const b = generated({ kind });
    expect(scopedOf(b)).toEqual([
      [`AgentGuardrailDenyEscalationOutsideA${label}`, ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"], [MANAGED_POLICIES], undefined, "Deny"],
      [`AgentGuardrailDenyEscalationOutsideB${label}`, ["bedrock-agentcore:StartCodeInterpreterSession"], [MANAGED_INTERPRETER], undefined, "Deny"],
      [`AgentGuardrailDenyEscalationOutsideC${label}`, ["eks:AssociateAccessPolicy"], [SERVICE_LINKED_ENTRIES], undefined, "Deny"],
      [`AgentGuardrailDenyEscalationOutsideD${label}`, ["bedrock-agentcore:StartBrowserSession"], [MANAGED_BROWSER], undefined, "Deny"],
    ]);
    const conditions = new Set(statementsOf(b).filter((s) => /^AgentGuardrailDeny/.test(s.Sid)).map((s) => JSON.stringify(s.Condition)));
    expect(conditions.size).toBe(1);
    const everywhere = onEverything(b);
    expect(EXCEPTED.filter((a) => everywhere.has(a))).toEqual([]);
    expect(allDenied.filter((a) => !EXCEPTED.includes(a) && !everywhere.has(a))).toEqual([]);
    checkExact(b, DEFAULT_MAX_COLLATERAL);
  });

  it.each([
    ["boundary", ""],
    ["scp", "ByTag"],
  ] as const)("%s: a path limited to named resources (the CDK asset bucket) is denied there only, each action on every resource its paths name", (kind, label) => {
    const b = generated({ kind });
    const within = statementsOf(b).filter((s) => Array.isArray(s.Resource)).map((s) => [s.Sid.replace(/V\d.*$/, ""), actionsOf(s), s.Resource, s.NotResource]);
    expect(within).toEqual([[`AgentGuardrailDenyEscalationWithinA${label}`, ["s3:PutObject"], ["arn:*:s3:::aws-glue-assets-*/*", "arn:*:s3:::aws-glue-scripts-*/*", "arn:*:s3:::cdk-*-assets-*/*"], undefined]]);
    // Ordinary writes elsewhere stay allowed: no Deny on * names s3:PutObject.
    expect(onEverything(b).has("s3:PutObject")).toBe(false);
  });

  it("rules whose resources hold a policy variable (the caller's own user) stay denied on *: AWS may drop such a Deny", () => {
    const everywhere = onEverything(generated());
    expect(["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"].filter((a) => !everywhere.has(a))).toEqual([]);
  });

  it("a rule with a condition, or on *, spares nothing: NotResource cannot say 'only the view policy', and sparing * would deny nothing", () => {
    const rules = [
      { actions: ["ssm:SendCommand"], resources: ["*"], condition: { key: "ssm:DocumentName", values: ["AWS-RunPatchBaseline"] }, reason: "test" },
      { actions: ["lambda:UpdateFunctionCode"], resources: ["*"], reason: "test" },
    ];
    const custom: Policy = { ...policy, escalation: { ...policy.escalation, notEscalation: [...policy.escalation.notEscalation, ...rules] } };
    const b = generated({ policy: custom });
    expect(scopedOf(b).flatMap((s) => s[1] as string[])).not.toEqual(expect.arrayContaining(["ssm:SendCommand"]));
    expect(scopedOf(b).flatMap((s) => s[1] as string[])).not.toEqual(expect.arrayContaining(["lambda:UpdateFunctionCode"]));
    const everywhere = onEverything(b);
    expect([everywhere.has("ssm:SendCommand"), everywhere.has("lambda:UpdateFunctionCode"), everywhere.has("eks:AssociateAccessPolicy")]).toEqual([true, true, false]);
  });

  it("any rule becomes an exception (not only the shipped ones), for its escalation-only actions; an action of a delete tier stays denied on *", () => {
    const extra = "arn:*:ssm:*:*:document/AWS-RunPatchBaseline";
    const custom: Policy = {
      ...policy,
      escalation: { ...policy.escalation, notEscalation: [...policy.escalation.notEscalation, { actions: ["ssm:SendCommand", "iam:DeleteRole"], resources: [extra], reason: "test" }] },
    };
    const b = generated({ policy: custom });
    expect(scopedOf(b).map((s) => [s[1], s[2]])).toEqual([
      [["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"], [MANAGED_POLICIES]],
      [["bedrock-agentcore:StartCodeInterpreterSession"], [MANAGED_INTERPRETER]],
      [["eks:AssociateAccessPolicy"], [SERVICE_LINKED_ENTRIES]],
      [["bedrock-agentcore:StartBrowserSession"], [MANAGED_BROWSER]],
      [["ssm:SendCommand"], [extra]],
    ]);
    const everywhere = onEverything(b);
    expect([everywhere.has("iam:DeleteRole"), everywhere.has("ssm:SendCommand")]).toEqual([true, false]);
  });
});
