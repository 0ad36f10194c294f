/**
 * Every template rule over a set of templates that may refer to each other (a cdk.out, or the
 * templates named on one command line): IAM rules, prod-resource-unprotected, and adoption
 * dashboards in AWS::CloudWatch::Dashboard bodies. Suppressions written into template metadata
 * (by `AgentGuardrails.suppress` in a CDK app) are applied here.
 */
import { evaluateCloudWatchDashboardBody, evaluateDatadogDashboardDefinition } from "../dashboards/cloudwatch-resource.js";
import { compareFindings, evidenceAt, inputErrorAt, RULE_IDS, type Finding, type InputError, type RuleId } from "../finding.js";
import type { ActionCatalogue } from "../iam/catalogue.js";
import { evaluateIam } from "../iam/evaluate.js";
import type { Principal, ResourceRef } from "../iam/model.js";
import type { Policy } from "../policy.js";
import { parsePointer } from "../source/pointer.js";
import { expandForEach } from "./foreach.js";
import { withSamFunctionRoles } from "./sam-roles.js";
import { withStackSetTemplates } from "./stack-sets.js";
import { withDynamicReferences } from "./dynamic-references.js";
import { resolveText } from "./intrinsics.js";
import { rule as unprotected } from "./prod-resource-unprotected.js";
import { collectExports, collectRoleReferencesOf, collectToolImports, readTemplate, templateProductionVerdict, type ReadTemplate, type TemplateInput } from "./template.js";
import { linkRolesAcrossTemplates, type ExportedRole } from "./cross-stack-roles.js";
import { isRecord } from "../is-record.js";
import { collectStrings } from "../collect-strings.js";
import { trustNameKey } from "../iam/trust.js";

/** Where the CDK Aspect writes suppressions, on a resource or at the template root. */
export const SUPPRESSION_METADATA_KEY = "agent-guardrail";
export const MIN_REASON_LENGTH = 10;

interface MetadataSuppression {
  rule: RuleId;
  reason: string;
  by: string;
}

function readSuppressions(metadata: unknown, by: string, pointer: string, input: TemplateInput, errors: InputError[]): MetadataSuppression[] {
  const block = isRecord(metadata) ? metadata[SUPPRESSION_METADATA_KEY] : undefined;
  if (block === undefined) return [];
  const entries = isRecord(block) && Array.isArray(block["suppressions"]) ? block["suppressions"] : undefined;
  const fail = (message: string) => errors.push(inputErrorAt(input.file, pointer, input.lineOf, `${message} at ${pointer}; it suppresses nothing`));
  if (!entries) {
    fail(`metadata "${SUPPRESSION_METADATA_KEY}" needs a "suppressions" list`);
    return [];
  }
  const out: MetadataSuppression[] = [];
  for (const entry of entries) {
    const ruleId = isRecord(entry) ? entry["rule"] : undefined;
    const reason = isRecord(entry) && typeof entry["reason"] === "string" ? entry["reason"].trim() : "";
    if (!(RULE_IDS as readonly unknown[]).includes(ruleId)) fail(`suppression for unknown rule ${JSON.stringify(ruleId)}`);
    else if (reason.length < MIN_REASON_LENGTH) fail(`suppression of ${ruleId} needs a reason of at least ${MIN_REASON_LENGTH} characters`);
    else out.push({ rule: ruleId as RuleId, reason, by });
  }
  return out;
}

/** A template's suppressions: its own (root metadata) and each resource's. */
interface TemplateSuppressions {
  stackWide: MetadataSuppression[];
  byResource: Map<string, MetadataSuppression[]>;
}

function readMetadataSuppressions(input: TemplateInput, read: ReadTemplate, errors: InputError[]): TemplateSuppressions {
  const stackWide = readSuppressions(isRecord(input.value) ? input.value["Metadata"] : undefined, `${read.stackLabel} template metadata`, "/Metadata", input, errors);
  const byResource = new Map<string, MetadataSuppression[]>();
  for (const [id, r] of Object.entries(read.resources)) {
    byResource.set(id, readSuppressions(r.Metadata, `${read.stackLabel}/${id} metadata`, `/Resources/${id}/Metadata`, input, errors));
  }
  return { stackWide, byResource };
}

/**
 * The suppressions of the resources a finding cites, in whichever template of the set they are (a
 * role of one stack granted by a policy of another is reported where the role is defined, citing
 * the policy where it is written); with none cited, those of its own template's root.
 */
function applyMetadataSuppressions(findings: Finding[], file: string, byFile: ReadonlyMap<string, TemplateSuppressions>): Finding[] {
  // No rule marks its findings suppressed: metadata is the first thing that can.
  return findings.map((f) => {
    const candidates: MetadataSuppression[] = [];
    for (const e of f.evidence) {
      const id = e.file !== undefined && e.pointer?.startsWith("/Resources/") ? parsePointer(e.pointer)[1] : undefined;
      if (id) candidates.push(...(byFile.get(e.file as string)?.byResource.get(id) ?? []));
    }
    // Template-level suppressions accept findings about the stack itself (termination protection),
    // never its resources' findings: each resource is suppressed on its own.
    if (!f.evidence.some((e) => e.file !== undefined && byFile.has(e.file) && e.pointer?.startsWith("/Resources/") && parsePointer(e.pointer)[1])) {
      candidates.push(...(byFile.get(file)?.stackWide ?? []));
    }
    const match = candidates.find((s) => s.rule === f.rule);
    return match ? { ...f, suppressed: { reason: match.reason, by: match.by } } : f;
  });
}

function dashboardFindings(input: TemplateInput, read: ReadTemplate, policy: Policy): { findings: Finding[]; errors: InputError[] } {
  const findings: Finding[] = [];
  const errors: InputError[] = [];
  for (const [id, r] of Object.entries(read.resources)) {
    if (r.Type === "Datadog::Dashboards::Dashboard" && r.Properties?.["DashboardDefinition"] !== undefined) {
      const pointer = `/Resources/${id}/Properties/DashboardDefinition`;
      const body = resolveText(r.Properties["DashboardDefinition"], read.context).text;
      const result = evaluateDatadogDashboardDefinition({ body, subject: `${read.stackLabel}/${id}`, evidence: evidenceAt(input.file, pointer, input.lineOf) }, policy);
      findings.push(...result.findings);
      errors.push(...result.errors);
      continue;
    }
    if (r.Type !== "AWS::CloudWatch::Dashboard" || r.Properties?.["DashboardBody"] === undefined) continue;
    const pointer = `/Resources/${id}/Properties/DashboardBody`;
    const name = r.Properties["DashboardName"] !== undefined ? resolveText(r.Properties["DashboardName"], read.context).text : undefined;
    const result = evaluateCloudWatchDashboardBody(
      {
        body: resolveText(r.Properties["DashboardBody"], read.context).text,
        subject: `${read.stackLabel}/${id}`,
        evidence: evidenceAt(input.file, pointer, input.lineOf),
        ...(name && !name.includes("*") ? { dashboardName: name } : {}),
      },
      policy,
    );
    findings.push(...result.findings);
    errors.push(...result.errors);
  }
  return { findings, errors };
}

/**
 * A stack that is production only because nothing says otherwise (fail closed): each finding of
 * its production rules says so, and which line of config changes it.
 */
function withProductionReason(findings: Finding[], input: TemplateInput, read: ReadTemplate, policy: Policy): Finding[] {
  const verdict = templateProductionVerdict(input, policy);
  // Fail-closed verdicts are production ones (src/core/production.ts).
  if (!verdict.failClosed) return findings;
  const note = ` Stack ${read.stackLabel} counts as production because ${verdict.reason}.`;
  const sentence = (m: string): string => (/[.!?]$/.test(m) ? m : `${m}.`);
  return findings.map((f) => (PRODUCTION_RULES.has(f.rule) ? { ...f, message: `${sentence(f.message)}${note}` } : f));
}

/** The rules whose verdict depends on the stack being production. */
const PRODUCTION_RULES = new Set<RuleId>(["agent-destructive-prod", "agent-privilege-escalation", "prod-resource-unprotected"]);

export function evaluateTemplates(templates: TemplateInput[], policy: Policy, catalogue: ActionCatalogue): { findings: Finding[]; errors: InputError[] } {
  const errors: InputError[] = [];
  // The templates stack sets deploy are judged beside their management template, cited at it.
  const stackSets = withStackSetTemplates(templates);
  errors.push(...stackSets.errors);
  const inputs = stackSets.templates.map((template) => {
    const expanded = expandForEach(template);
    errors.push(...expanded.errors.map(stackSets.relocate));
    return withSamFunctionRoles(withDynamicReferences(expanded.input));
  });
  const exports = new Map<string, ResourceRef>();
  for (const input of inputs) collectExports(input, policy, exports);
  // An agent in one stack, its tool function in another (a CDK cross-stack reference).
  const toolImports = new Map<string, string>();
  for (const input of inputs) collectToolImports(input, policy, exports, toolImports);
  // A role of one template granted, or run as an agent, in another: one role (cross-stack-roles.ts).
  const roleExports = new Map<string, ExportedRole>();
  for (const input of inputs) collectRoleReferencesOf(input, policy, exports, roleExports);
  const reads = inputs.map((input) => readTemplate(input, policy, exports, toolImports, roleExports));
  linkRolesAcrossTemplates(
    reads.map((read) => ({ stackLabel: read.stackLabel, ...(read.iam.account ? { account: read.iam.account } : {}), roles: read.roles })),
    roleExports,
    policy.agents,
  );
  withReachableRoles(reads);
  const suppressions = new Map<string, TemplateSuppressions>();
  const suppressionErrors = new Map<string, InputError[]>();
  for (const [index, input] of inputs.entries()) {
    const found: InputError[] = [];
    suppressions.set(input.file, readMetadataSuppressions(input, reads[index] as ReadTemplate, found));
    suppressionErrors.set(input.file, found);
  }
  const findings: Finding[] = [];
  for (const [index, input] of inputs.entries()) {
    const read = reads[index] as ReadTemplate;
    const inputErrors = [...read.errors];
    const iam = evaluateIam(read.iam, policy, catalogue);
    inputErrors.push(...iam.errors);
    const dashboards = dashboardFindings(input, read, policy);
    inputErrors.push(...dashboards.errors);
    const own = withProductionReason([...iam.findings, ...unprotected.evaluate(input, read, policy), ...dashboards.findings], input, read, policy);
    findings.push(...applyMetadataSuppressions(own, input.file, suppressions).map(stackSets.relocate));
    inputErrors.push(...(suppressionErrors.get(input.file) ?? []));
    errors.push(...inputErrors.map(stackSets.relocate));
  }
  return { findings: findings.sort(compareFindings), errors: distinctErrors(errors) };
}

/**
 * Each template's principals may become the roles the other templates define (a trust naming
 * them or trusting anyone, a role they pass or assume by its ARN), and the roles those can become: such
 * roles are reachable in its analysis, judged by their own policies, as the one role its own copy
 * of them stands for (cross-stack-roles.ts) is not repeated. Only roles so linked are added, never
 * every other template's: a repository of a thousand templates would otherwise build each role's
 * trust and access once per template. A grant on a wildcard already counts as reaching a role
 * the input does not hold (reach.ts), so a role it may also cover changes no verdict.
 */
function withReachableRoles(reads: readonly ReadTemplate[]): void {
  interface Defined {
    principal: Principal;
    read: ReadTemplate;
    order: number;
  }
  const byArn = new Map<string, Defined[]>();
  // A trust's principals by the key TrustIndex matches a caller with (trust.ts trustNameKey), and
  // the roles trusting anyone: no other way admits a caller without a grant of its own.
  const byTrusted = new Map<string, Defined[]>();
  const trustingAnyone: Defined[] = [];
  const add = (index: Map<string, Defined[]>, key: string, role: Defined): void => {
    const list = index.get(key);
    if (list) list.push(role);
    else index.set(key, [role]);
  };
  let order = 0;
  for (const read of reads) {
    for (const { principal } of read.roles.own) {
      const role = { principal, read, order: order++ };
      if (principal.arn) add(byArn, principal.arn.toLowerCase(), role);
      let anyone = false;
      for (const named of trustedNames(principal.trustPolicy?.document)) {
        if (named === "*") anyone = true;
        else add(byTrusted, trustNameKey(named), role);
      }
      if (anyone) trustingAnyone.push(role);
    }
  }
  for (const read of reads) {
    const copied = new Set(read.iam.principals.map((p) => p.judgedWith).filter((s) => s !== undefined));
    const found = new Map<Principal, Defined>();
    const queue: Principal[] = [...read.iam.principals];
    const reach = (role: Defined): void => {
      if (role.read === read || copied.has(role.principal.subject) || found.has(role.principal)) return;
      found.set(role.principal, role);
      queue.push(role.principal);
    };
    trustingAnyone.forEach(reach);
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      for (const key of [next.arn, next.trustKey]) if (key) byTrusted.get(trustNameKey(key))?.forEach(reach);
      for (const source of next.policies) for (const text of collectStrings(source.document)) byArn.get(text.toLowerCase())?.forEach(reach);
    }
    if (found.size > 0) read.iam.reachable = [...found.values()].sort((a, b) => a.order - b.order).map((role) => role.principal);
  }
}

/** The strings a trust policy names as its principals (Principal and NotPrincipal, any type). */
function trustedNames(document: unknown): string[] {
  const names: string[] = [];
  const statements = isRecord(document) ? document["Statement"] : undefined;
  for (const statement of Array.isArray(statements) ? statements : [statements]) {
    if (!isRecord(statement)) continue;
    collectStrings(statement["Principal"], names);
    collectStrings(statement["NotPrincipal"], names);
  }
  return names;
}

/**
 * Each input error once: a role's policies written in two templates are read by both their
 * analyses (cross-stack-roles.ts), so an unreadable statement there would be told twice.
 */
function distinctErrors(errors: InputError[]): InputError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.file}\0${e.line ?? ""}\0${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
