/**
 * Drift of the guardrail boundary: in an input that uses it, a production agent role without it,
 * or with one built from an older catalogue (fewer actions denied), is an agent-destructive-prod
 * warning with the count it misses. Inputs without the guardrail get no drift warning.
 */
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import type { ActionCatalogue } from "../../../src/core/iam/catalogue.js";
import { indexCatalogue } from "../../../src/core/iam/catalogue.js";
import type { PolicySource, Principal } from "../../../src/core/iam/model.js";
import { deniedActions } from "../../../src/core/boundary/denied.js";
import type { GeneratedBoundary } from "../../../src/core/boundary/generate.js";
import { catalogue, CATALOGUE_VERSION, generated, matchedActions, policy } from "./helpers.js";
import { DEV_ACCOUNT, PROD_ACCOUNT } from "../iam/helpers.js";

const readOnly: PolicySource = { name: "ReadOnly", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }] }, evidence: { file: "t.json", pointer: "/ro" } };

function agent(name: string, b?: GeneratedBoundary, account = PROD_ACCOUNT): Principal {
  const src = (i: number): PolicySource => ({ name: b?.policies[i]?.name ?? "", document: b?.policies[i]?.document, evidence: { file: "t.json", pointer: `/${name}/part${i}` } });
  return {
    kind: "role",
    subject: `arn:aws:iam::${account}:role/${name}`,
    name,
    arn: `arn:aws:iam::${account}:role/${name}`,
    account,
    tags: {},
    policies: [readOnly, ...(b ? b.policies.slice(1).map((_, i) => src(i + 1)) : [])],
    ...(b ? { boundary: src(0) } : {}),
    evidence: { file: "t.json", pointer: `/${name}` },
  };
}

const warnings = (principals: Principal[]) => evaluateIam({ principals }, policy, catalogue).findings.filter((f) => f.severity === "warning");

describe("guardrail boundary drift", () => {
  const current = generated();

  it("no guardrail in the input: no drift warning", () => {
    expect(warnings([agent("kiro-agent"), agent("claude-agent")])).toEqual([]);
  });

  it("current boundary everywhere: nothing to say", () => {
    expect(warnings([agent("kiro-agent", current), agent("claude-agent", current)])).toEqual([]);
  });

  it("a production agent role without it, beside one with it: warning 'no guardrail boundary'", () => {
    const found = warnings([agent("kiro-agent", current), agent("claude-agent")]);
    expect(found).toEqual([expect.objectContaining({ rule: "agent-destructive-prod", severity: "warning", subject: `arn:aws:iam::${PROD_ACCOUNT}:role/claude-agent`, message: expect.stringMatching(/has no guardrail boundary/) })]);
    // The evidence points at the role, so a reviewer sees which resource lacks the boundary.
    expect(found[0]?.evidence).toEqual([{ file: "t.json", pointer: "/claude-agent", note: "agent principal in production without the guardrail boundary" }]);
    // Not production: not drift (a non-production account, or a principal marked non-production by its tags).
    expect(warnings([agent("kiro-agent", current), agent("claude-agent", undefined, DEV_ACCOUNT)])).toEqual([]);
    expect(warnings([agent("kiro-agent", current), { ...agent("claude-agent"), production: false }])).toEqual([]);
    // IAM groups take no permissions boundary: an agent group is not asked for one.
    const group: Principal = { ...agent("agent-operators"), kind: "group", subject: `arn:aws:iam::${PROD_ACCOUNT}:group/agent-operators`, arn: `arn:aws:iam::${PROD_ACCOUNT}:group/agent-operators` };
    expect(warnings([agent("kiro-agent", current), group])).toEqual([]);
  });

  it("a boundary built from an older catalogue (without a service) misses that service's actions: warning with the count", () => {
    const services: Record<string, readonly string[]> = {};
    for (const [prefix, names] of indexCatalogue(catalogue).services) if (prefix !== "dynamodb") services[prefix] = names;
    const older: ActionCatalogue = { services };
    const old = generated({ catalogue: older, catalogueVersion: "0.20.202501011" });
    // The tier lists name some dynamodb actions literally: the older boundary denied those as written.
    const dynamodbDenied = [...deniedActions(catalogue, policy.destructive).groupOf.keys()].filter(
      (a) => a.startsWith("dynamodb:") && !old.summary.uncatalogued.some((u) => u.toLowerCase() === a.toLowerCase()),
    );
    expect(dynamodbDenied).toContain("dynamodb:DeleteTable");
    const [found] = warnings([agent("kiro-agent", old)]);
    expect(found?.message).toMatch(new RegExp(`built from catalogue 0\\.20\\.202501011\\) is older than the shipped catalogue: it misses ${dynamodbDenied.length} destructive/escalation actions`));
    expect(found?.actions).toEqual(dynamodbDenied);
    // The first three by name, then an ellipsis: the full list is in `actions`.
    expect(found?.message).toContain(`actions (${dynamodbDenied.slice(0, 3).join(", ")}, ...). Regenerate it: agent-guardrail boundary.`);
    expect(found?.evidence[0]).toMatchObject({ file: "t.json", pointer: "/kiro-agent/part0" });
    // The boundary, each attached part, then the role; not its other policies (ReadOnly).
    expect(found?.evidence).toEqual([
      ...old.policies.map((p, i) => ({ file: "t.json", pointer: `/kiro-agent/part${i}`, note: `guardrail ${i === 0 ? "boundary" : "part"} ${p.name}` })),
      { file: "t.json", pointer: "/kiro-agent" },
    ]);
  });

  it("a boundary of the shipped catalogue whose parts are not all attached is not 'older': the warning says to attach the parts, not to regenerate (the same output)", () => {
    // The first-day mistake: the boundary set, the parts (agent-guardrail-boundary-2, -3) never attached.
    expect(catalogue.version).toBe(CATALOGUE_VERSION);
    const boundaryOnly: Principal = { ...agent("claude-agent", current), policies: [readOnly] };
    const [found] = warnings([boundaryOnly]);
    expect(found).toMatchObject({ rule: "agent-destructive-prod", severity: "warning", subject: `arn:aws:iam::${PROD_ACCOUNT}:role/claude-agent` });
    expect(found?.message).not.toMatch(/older|Regenerate/);
    expect(found?.message).toContain(`Role claude-agent's guardrail boundary (built from the shipped catalogue ${CATALOGUE_VERSION}, with 0 parts attached beside it) leaves `);
    expect(found?.message).toMatch(/ leaves \d+ destructive\/escalation actions \(.*\) undenied: a part is not attached, or a Deny of it was edited\. Attach every part agent-guardrail boundary printed \(their names contain "agent-guardrail"\)/);
    // One part attached, one not: still incomplete, counted.
    const onePart: Principal = { ...agent("claude-agent", current), policies: [readOnly, { name: "agent-guardrail-boundary-2", document: current.policies[1]?.document, evidence: { file: "t.json", pointer: "/p2" } }] };
    expect(warnings([onePart])[0]?.message).toContain("with 1 part attached beside it) leaves ");
    // The catalogue's version unknown (a caller that did not say): both causes named, neither excluded.
    const { version: _shipped, ...unversioned } = catalogue;
    const [either] = evaluateIam({ principals: [boundaryOnly] }, policy, unversioned).findings.filter((f) => f.severity === "warning");
    expect(either?.message).toMatch(/is older than the shipped catalogue, or a part of it is not attached/);
  });

  it("the boundary attached as a managed policy, not set as the permissions boundary, is no boundary: warned as missing", () => {
    const attached: Principal = { ...agent("claude-agent"), policies: [readOnly, ...current.policies.map((p, i) => ({ name: p.name, document: p.document, evidence: { file: "t.json", pointer: `/claude-agent/policy${i}` } }))] };
    const found = warnings([agent("kiro-agent", current), attached]);
    expect(found.map((f) => [f.subject, f.message])).toEqual([[`arn:aws:iam::${PROD_ACCOUNT}:role/claude-agent`, expect.stringMatching(/^Role claude-agent has no guardrail boundary/)]]);
  });

  it("action patterns are matched as IAM does, ignoring case: a boundary written with `DynamoDB:Delete*` still covers dynamodb", () => {
    const edited = structuredClone(current);
    for (const st of edited.policies.flatMap((p) => p.document.Statement)) {
      if (st.Sid.startsWith("AgentGuardrailDeny")) st.Action = (Array.isArray(st.Action) ? st.Action : [st.Action]).map((a) => a.toUpperCase());
    }
    expect(warnings([agent("kiro-agent", edited)])).toEqual([]);
  });

  it("a tier Deny of one action, written as a string (as the generator writes it), counts like a list", () => {
    const edited = structuredClone(current);
    const statements = edited.policies[0]!.document.Statement as unknown as Record<string, unknown>[];
    const tierDeny = statements.find((st) => String(st["Sid"]).startsWith("AgentGuardrailDeny") && Array.isArray(st["Action"]) && st["Action"].length > 1);
    const [first, ...rest] = tierDeny!["Action"] as string[];
    tierDeny!["Action"] = first;
    statements.push({ ...tierDeny!, Sid: `${String(tierDeny!["Sid"])}Rest`, Action: rest });
    expect(warnings([agent("kiro-agent", edited)])).toEqual([]);
  });

  it("a boundary document that cannot be read, or is no policy, is left to the IAM rules: no drift warning, no crash", () => {
    for (const document of ["%7B%22Statement%22%3A%5B%ZZ", "null", { Version: "2012-10-17", Statement: [null, "AgentGuardrailDeny", { Sid: "AgentGuardrailNote", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }]) {
      const odd = { ...agent("claude-agent"), boundary: { name: "agent-guardrail-boundary", document, evidence: { file: "t.json", pointer: "/claude-agent/boundary" } } };
      expect([document, warnings([agent("kiro-agent", current), odd])]).toEqual([document, []]);
    }
  });

  it("a scoped Deny (NotResource) counts only while it spares no more than the notEscalation resources", () => {
    const widened = structuredClone(current);
    const scoped = widened.policies.flatMap((p) => p.document.Statement).filter((st) => st.NotResource !== undefined);
    expect(scoped.length).toBeGreaterThan(0);
    expect(warnings([agent("kiro-agent", current)])).toEqual([]);
    for (const st of scoped) st.NotResource = ["arn:*:bedrock-agentcore:*:*:*"];
    const [found] = warnings([agent("kiro-agent", widened)]);
    expect(found?.actions).toEqual(expect.arrayContaining(["bedrock-agentcore:StartCodeInterpreterSession", "iam:CreatePolicyVersion"]));
  });

  it("a scoped Deny sparing * (what a notEscalation rule with a condition names) denies nothing: its actions are missed", () => {
    const widened = structuredClone(current);
    const scoped = widened.policies.flatMap((p) => p.document.Statement).filter((st) => st.NotResource !== undefined);
    // The shipped rule for eks:AssociateAccessPolicy on "*" holds only under eks:policyArn: it is no resource exception.
    for (const st of scoped) st.NotResource = ["*"];
    const [found] = warnings([agent("kiro-agent", widened)]);
    expect(found?.actions).toEqual(expect.arrayContaining(["bedrock-agentcore:StartCodeInterpreterSession", "eks:AssociateAccessPolicy"]));
  });

  it("a boundary missing a single action says so in the singular, naming it", () => {
    const edited = structuredClone(current);
    const statements = edited.policies.flatMap((p) => p.document.Statement as unknown as Record<string, unknown>[]);
    const tierDenies = statements.filter((st) => st["Effect"] === "Deny" && String(st["Sid"]).startsWith("AgentGuardrailDeny"));
    // A literal pattern no other tier Deny pattern covers: dropping it leaves exactly one action undenied.
    const patterns = tierDenies.flatMap((st) => st["Action"] as string[]);
    const lone = patterns.find((p) => !/[*?]/.test(p) && matchedActions([p]).has(p) && !matchedActions(patterns.filter((q) => q !== p)).has(p));
    expect(lone).toBeDefined();
    for (const st of tierDenies) st["Action"] = [st["Action"] as string | string[]].flat().filter((a) => a !== lone);
    // Parts regenerated at different times: every catalogue version they were built from is named.
    for (const st of edited.policies[1]!.document.Statement) st.Sid = st.Sid.replace(/V[0-9A-Za-z]+$/, "V0x20x202501011");
    const [found] = warnings([agent("kiro-agent", edited)]);
    expect(found?.message).toContain(`guardrail boundary (built from catalogue ${CATALOGUE_VERSION}, 0.20.202501011) is older`);
    expect(found?.message).toContain(`it misses 1 destructive/escalation action (${lone!}). Regenerate it`);
    expect(found?.actions).toEqual([lone]);
  });

  it("an Action entry that is no action name (an intrinsic the input left unresolved) denies nothing: its actions are missed, and still reported", () => {
    const edited = structuredClone(current);
    const statements = edited.policies.flatMap((p) => p.document.Statement as unknown as Record<string, unknown>[]);
    const tierDeny = statements.find((st) => String(st["Sid"]).startsWith("AgentGuardrailDeny") && (st["Action"] as string[]).some((a) => a.startsWith("dynamodb:")));
    expect(tierDeny).toBeDefined();
    const actions = tierDeny!["Action"] as unknown[];
    const replaced = actions.findIndex((a) => String(a).startsWith("dynamodb:"));
    actions[replaced] = { "Fn::Sub": "dynamodb:${DeniedAction}" };
    const [found] = warnings([agent("kiro-agent", edited)]);
    // Built from the shipped catalogue: not "older", and regenerating would print the same.
    expect(found?.message).toMatch(/\(built from the shipped catalogue [0-9.]+, with 2 parts attached beside it\) leaves \d+ destructive\/escalation actions? \(.*\) undenied: a part is not attached, or a Deny of it was edited/);
    expect(found?.actions?.every((a) => a.startsWith("dynamodb:"))).toBe(true);
  });

  // A tier Deny only protects when AWS applies it whatever the agent does: one edited to carry a
  // Condition, or turned into an Allow, no longer denies its actions.
  it.each([
    ["given a Condition", (st: Record<string, unknown>) => (st["Condition"] = { StringNotEquals: { "aws:PrincipalTag/break-glass": "true" } })],
    ["turned into an Allow", (st: Record<string, unknown>) => (st["Effect"] = "Allow")],
    ["renamed outside the tier Denies", (st: Record<string, unknown>) => (st["Sid"] = String(st["Sid"]).replace("AgentGuardrailDeny", "AgentGuardrailNote"))],
  ])("a tier Deny %s no longer counts: the boundary misses its actions", (_, edit) => {
    const edited = structuredClone(current);
    const statements = edited.policies.flatMap((p) => p.document.Statement as unknown as Record<string, unknown>[]);
    const tierDeny = statements.find((st) => st["Effect"] === "Deny" && String(st["Sid"]).startsWith("AgentGuardrailDeny") && (st["Action"] as string[]).some((a) => a.startsWith("dynamodb:")));
    expect(tierDeny).toBeDefined();
    const patterns = tierDeny!["Action"] as string[];
    edit(tierDeny!);
    const [found] = warnings([agent("kiro-agent", edited)]);
    // Built from the shipped catalogue: not "older", and regenerating would print the same.
    expect(found?.message).toMatch(/\(built from the shipped catalogue [0-9.]+, with 2 parts attached beside it\) leaves \d+ destructive\/escalation actions? \(.*\) undenied: a part is not attached, or a Deny of it was edited/);
    // What it misses is what the edited statement denied (and no other statement denies).
    expect(found?.actions?.length).toBeGreaterThan(0);
    for (const action of found?.actions ?? []) expect(patterns.some((p) => new RegExp(`^${p.replace(/\*/g, ".*")}$`, "i").test(action))).toBe(true);
  });
});

