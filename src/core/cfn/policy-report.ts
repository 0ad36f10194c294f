/**
 * `iam.Role.customizeRoles` (CDK): the roles in its scope are precreated outside CDK, so the
 * templates hold no AWS::IAM::Role or AWS::IAM::Policy for their grants (with preventSynthesis
 * false, the role is there but its grants are not). CDK writes those grants only to the cloud
 * assembly's `iam-policy-report.json` (aws-cdk-lib core/lib/helpers-internal/customize-roles.ts):
 * per role its construct path, precreated name (`missing role` when unmapped), trust statements,
 * managed policy ARNs and statements, and identity statements, references written as
 * `(Path/To/Resource.Attr)` and pseudo parameters as `(ACCOUNT)`, `(PARTITION)`, `(REGION)`.
 *
 * Here each report role becomes what CDK would have synthesized, in the template of its stack:
 * an AWS::IAM::Role with the report's statements (or, when the template has the role, its
 * policies gain the report's), so the rules judge it as any other role. The findings' evidence
 * then names the report file and the role's entry, not the template. Pure: the caller reads the
 * report and says where each construct path's resource is (the manifest's logical ids, or the
 * construct tree in the CDK Aspect).
 */
import type { Evidence, Finding, InputError } from "../finding.js";
import { isRecord } from "../is-record.js";
import { childPointer, parsePointer } from "../source/pointer.js";
import { SUPPRESSION_METADATA_KEY } from "./evaluate.js";
import type { TemplateInput } from "./template.js";

/** The report's name in the cloud assembly directory (CDK writes a `.txt` rendering beside it). */
export const POLICY_REPORT_FILE = "iam-policy-report.json";
/** The construct CDK adds under the app root when any role is customized: the report must exist. */
export const POLICY_SYNTHESIZER_ID = "PolicySynthesizer";
/**
 * Template metadata where `AgentGuardrails.suppress` writes suppressions of a report role (it has
 * no resource of its own to carry them): `{ "<role construct path>": { suppressions: [...] } }`.
 */
export const REPORT_ROLE_SUPPRESSIONS_KEY = "agent-guardrail-report-roles";

export interface PolicyReportInput {
  file: string;
  value: unknown;
  lineOf?: (pointer: string) => number | undefined;
}

/** Where the CloudFormation resource at a construct path is (its template and logical id). */
export type LocateConstruct = (constructPath: string) => { file: string; logicalId: string } | undefined;

interface ReportRole {
  index: number;
  path: string;
  name?: string;
  assume: unknown[];
  managedArns: unknown[];
  managedStatements: unknown[];
  identityStatements: unknown[];
}

/** Synthetic pointer prefixes in a template → the report entry they came from. */
interface Relocation {
  templateFile: string;
  from: string;
  to: string;
  /** Index shift of a list appended to the template's own (ManagedPolicyArns of a synthesized role). */
  shift?: number;
}

export interface WithPolicyReport {
  templates: TemplateInput[];
  errors: InputError[];
  /** Evidence inside what the report added now points into the report. */
  relocate: (findings: Finding[]) => Finding[];
  /** The construct path of the report role a finding is about, when it is one. */
  roleOf: (finding: Finding) => string | undefined;
}

const list = (value: unknown): unknown[] | undefined => (value === undefined ? [] : Array.isArray(value) ? value : undefined);

function readRoles(report: PolicyReportInput, errors: InputError[]): ReportRole[] {
  const fail = (message: string): ReportRole[] => {
    errors.push({ file: report.file, message: `${message}: the grants of Role.customizeRoles roles cannot be judged (fail closed)` });
    return [];
  };
  if (!isRecord(report.value) || !Array.isArray(report.value["roles"])) return fail("not a CDK IAM policy report (no roles list)");
  const roles: ReportRole[] = [];
  for (const [index, entry] of report.value["roles"].entries()) {
    const path = isRecord(entry) ? entry["roleConstructPath"] : undefined;
    if (!isRecord(entry) || typeof path !== "string" || path === "") return fail(`role ${index} has no roleConstructPath`);
    const fields = ["assumeRolePolicy", "managedPolicyArns", "managedPolicyStatements", "identityPolicyStatements"].map((k) => list(entry[k]));
    const bad = fields.findIndex((f) => f === undefined);
    if (bad >= 0) return fail(`role ${path}: ${["assumeRolePolicy", "managedPolicyArns", "managedPolicyStatements", "identityPolicyStatements"][bad]} is not a list`);
    const [assume, managedArns, managedStatements, identityStatements] = fields as unknown[][];
    const name = entry["missing"] !== true && typeof entry["roleName"] === "string" && entry["roleName"] !== "missing role" ? entry["roleName"] : undefined;
    roles.push({ index, path, ...(name ? { name } : {}), assume: assume ?? [], managedArns: managedArns ?? [], managedStatements: managedStatements ?? [], identityStatements: identityStatements ?? [] });
  }
  return roles;
}

const PSEUDO: Record<string, string> = { ACCOUNT: "AWS::AccountId", PARTITION: "AWS::Partition", REGION: "AWS::Region", NOVALUE: "AWS::NoValue" };

/** Turns the report's placeholders back into intrinsics of the role's template. */
class Resolver {
  private readonly exports = new Map<string, string>();
  constructor(
    private readonly locate: LocateConstruct,
    /** The Outputs of a template of the set (a copy the report may add exports to). */
    private readonly outputsOf: (file: string) => Record<string, unknown> | undefined,
  ) {}

  value(value: unknown, file: string): unknown {
    if (typeof value === "string") return this.text(value, file);
    if (Array.isArray(value)) return value.map((v) => this.value(v, file));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.value(v, file)]));
    return value;
  }

  private text(text: string, file: string): unknown {
    const parts: unknown[] = [];
    let literal = "";
    // `(...)` a reference or pseudo parameter; `${Token[...]}` a token CDK left unresolved: any value (fail closed).
    const re = /\(([^()\s]+)\)|\$\{Token\[[^\]]*\]\}/g;
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const inner = m[1];
      const replacement = inner === undefined ? "*" : this.reference(inner, file);
      if (replacement === undefined) continue;
      literal += text.slice(last, m.index);
      last = m.index + m[0].length;
      if (typeof replacement === "string") literal += replacement;
      else {
        if (literal) parts.push(literal);
        literal = "";
        parts.push(replacement);
      }
    }
    literal += text.slice(last);
    if (parts.length === 0) return literal;
    if (literal) parts.push(literal);
    return parts.length === 1 ? parts[0] : { "Fn::Join": ["", parts] };
  }

  /** An intrinsic (or `*` when the path is nowhere: fail closed); undefined when it is no placeholder. */
  private reference(inner: string, file: string): unknown {
    const pseudo = PSEUDO[inner];
    if (pseudo) return { Ref: pseudo };
    if (!inner.includes("/") || !inner.includes(".")) return undefined;
    // The attribute follows the last dot that leaves a known construct path (paths may hold dots).
    for (let dot = inner.lastIndexOf("."); dot > 0; dot = inner.lastIndexOf(".", dot - 1)) {
      const at = this.locate(inner.slice(0, dot));
      if (!at) continue;
      const attribute = inner.slice(dot + 1);
      const intrinsic = attribute === "Ref" ? { Ref: at.logicalId } : { "Fn::GetAtt": [at.logicalId, attribute] };
      if (at.file === file) return intrinsic;
      // Another stack's resource: through an export, as CDK itself references across stacks.
      const name = `agent-guardrail-report:${inner}`;
      const outputs = this.outputsOf(at.file);
      if (!outputs) return "*";
      if (!this.exports.has(name)) {
        const id = `AgentGuardrailReportRef${this.exports.size}`;
        this.exports.set(name, id);
        outputs[id] = { Value: intrinsic, Export: { Name: name } };
      }
      return { "Fn::ImportValue": name };
    }
    return "*";
  }
}

/** The report role's place in CDK's logical id style: its path below the stack, letters and digits only. */
function logicalIdFor(path: string, stackPath: string, taken: Record<string, unknown>): string {
  const base = path.slice(stackPath.length + 1).split("/").join("").replace(/[^A-Za-z0-9]/g, "") || "PrecreatedRole";
  let id = base;
  for (let n = 2; id in taken; n++) id = `${base}Precreated${n === 2 ? "" : n}`;
  return id;
}

const statementsPointer = (id: string, policy: number): string => `/Resources/${id}/Properties/Policies/${policy}/PolicyDocument/Statement`;

/**
 * Adds each report role to the template of the stack that holds it (the longest stack path
 * that prefixes its construct path; nested stacks' roles go to their root stack, whose scope
 * they share). A role the report names with nothing granted is left out.
 */
export function withPolicyReport(templates: readonly TemplateInput[], report: PolicyReportInput, locate: LocateConstruct, within?: string): WithPolicyReport {
  const errors: InputError[] = [];
  // `within`: the construct path evaluated (the CDK Aspect's scope); the report covers the whole app.
  const roles = readRoles(report, errors).filter((r) => within === undefined || within === "" || r.path.startsWith(`${within}/`));
  const copies = new Map<string, { input: TemplateInput; resources: Record<string, unknown>; outputs: Record<string, unknown> }>();
  const copyOf = (input: TemplateInput) => {
    let copy = copies.get(input.file);
    if (!copy) {
      const value = isRecord(input.value) ? input.value : {};
      const resources = { ...(isRecord(value["Resources"]) ? value["Resources"] : {}) };
      const outputs = { ...(isRecord(value["Outputs"]) ? value["Outputs"] : {}) };
      copy = { input: { ...input, value: { ...value, Resources: resources, Outputs: outputs } }, resources, outputs };
      copies.set(input.file, copy);
    }
    return copy;
  };
  const resolver = new Resolver(locate, (file) => {
    const input = templates.find((t) => t.file === file);
    return input ? copyOf(input).outputs : undefined;
  });
  const relocations: Relocation[] = [];
  const roleByPointer: { file: string; prefix: string; path: string }[] = [];
  const stacks = templates.filter((t) => t.nestedIn === undefined && t.stagePath !== undefined);

  for (const role of roles) {
    if (role.identityStatements.length + role.managedStatements.length + role.managedArns.length === 0) continue;
    const stack = stacks
      .filter((t) => role.path.startsWith(`${t.stagePath}/`))
      .sort((a, b) => (b.stagePath as string).length - (a.stagePath as string).length)[0];
    const entry = childPointer("/roles", String(role.index));
    if (!stack) {
      errors.push({ file: report.file, message: `role ${role.path}: no stack of this cloud assembly holds it, so its grants cannot be judged (fail closed); scan the whole cdk.out` });
      continue;
    }
    const copy = copyOf(stack);
    const file = stack.file;
    const resolve = (v: unknown) => resolver.value(v, file);
    const document = (statements: unknown[]) => ({ Version: "2012-10-17", Statement: resolve(statements) });
    const added: { name: string; statements: unknown[]; key: string }[] = [
      { name: "identityPolicyStatements", statements: role.identityStatements, key: "identityPolicyStatements" },
      { name: "managedPolicyStatements", statements: role.managedStatements, key: "managedPolicyStatements" },
    ].filter((p) => p.statements.length > 0);
    const at = locate(`${role.path}/Resource`);
    const existing = at && at.file === file ? copy.resources[at.logicalId] : undefined;
    if (isRecord(existing) && existing["Type"] === "AWS::IAM::Role") {
      // preventSynthesis false: the role is in the template, its grants only in the report.
      const id = (at as { logicalId: string }).logicalId;
      const props = isRecord(existing["Properties"]) ? existing["Properties"] : {};
      const policies = Array.isArray(props["Policies"]) ? props["Policies"] : [];
      const arns = Array.isArray(props["ManagedPolicyArns"]) ? props["ManagedPolicyArns"] : [];
      added.forEach((p, i) => relocations.push({ templateFile: file, from: statementsPointer(id, policies.length + i), to: `${entry}/${p.key}` }));
      if (role.managedArns.length) relocations.push({ templateFile: file, from: `/Resources/${id}/Properties/ManagedPolicyArns`, to: `${entry}/managedPolicyArns`, shift: arns.length });
      copy.resources[id] = {
        ...existing,
        Properties: {
          ...props,
          Policies: [...policies, ...added.map((p) => ({ PolicyName: `${POLICY_REPORT_FILE} ${p.name}`, PolicyDocument: document(p.statements) }))],
          ...(role.managedArns.length ? { ManagedPolicyArns: [...arns, ...(resolve(role.managedArns) as unknown[])] } : {}),
        },
      };
      roleByPointer.push({ file, prefix: `/Resources/${id}`, path: role.path });
      continue;
    }
    const id = logicalIdFor(role.path, stack.stagePath as string, copy.resources);
    const suppressions = readRoleSuppressions(stack.value, role.path);
    copy.resources[id] = {
      Type: "AWS::IAM::Role",
      Properties: {
        AssumeRolePolicyDocument: document(role.assume),
        ...(role.name ? { RoleName: role.name } : {}),
        ...(added.length ? { Policies: added.map((p) => ({ PolicyName: `${POLICY_REPORT_FILE} ${p.name}`, PolicyDocument: document(p.statements) })) } : {}),
        ...(role.managedArns.length ? { ManagedPolicyArns: resolve(role.managedArns) } : {}),
      },
      Metadata: { "aws:cdk:path": `${role.path}/Resource`, ...(suppressions !== undefined ? { [SUPPRESSION_METADATA_KEY]: suppressions } : {}) },
    };
    added.forEach((p, i) => relocations.push({ templateFile: file, from: statementsPointer(id, i), to: `${entry}/${p.key}` }));
    relocations.push(
      { templateFile: file, from: `/Resources/${id}/Properties/ManagedPolicyArns`, to: `${entry}/managedPolicyArns` },
      { templateFile: file, from: `/Resources/${id}/Properties/AssumeRolePolicyDocument/Statement`, to: `${entry}/assumeRolePolicy` },
      { templateFile: file, from: `/Resources/${id}`, to: entry },
    );
    roleByPointer.push({ file, prefix: `/Resources/${id}`, path: role.path });
  }

  const note = (path: string): string => `Role.customizeRoles role ${path}: its grants are in the CDK IAM policy report, not in the template`;
  const relocateEvidence = (e: Evidence): Evidence => {
    if (!e.file || !e.pointer) return e;
    for (const r of relocations) {
      if (r.templateFile !== e.file || (e.pointer !== r.from && !e.pointer.startsWith(`${r.from}/`))) continue;
      let rest = e.pointer.slice(r.from.length);
      if (r.shift !== undefined) {
        const [first, ...more] = parsePointer(rest);
        const index = Number(first);
        if (!Number.isInteger(index) || index < r.shift) continue; // the template's own ARN
        rest = [String(index - r.shift), ...more].reduce((p, s) => childPointer(p, s), "");
      }
      const pointer = `${r.to}${rest}`;
      const role = roleByPointer.find((x) => x.file === e.file && e.pointer?.startsWith(x.prefix));
      const line = report.lineOf?.(pointer);
      const moved: Evidence = { ...e, file: report.file, pointer };
      delete moved.line;
      if (line !== undefined) moved.line = line;
      if (role) moved.note = e.note ? `${e.note}; ${note(role.path)}` : note(role.path);
      return moved;
    }
    return e;
  };
  return {
    templates: templates.map((t) => copies.get(t.file)?.input ?? t),
    errors,
    relocate: (findings) => findings.map((f) => ({ ...f, evidence: f.evidence.map(relocateEvidence) })),
    roleOf: (finding) => {
      for (const e of finding.evidence) {
        if (e.file !== report.file || !e.pointer?.startsWith("/roles/")) continue;
        const index = Number(parsePointer(e.pointer)[1]);
        const role = roles.find((r) => r.index === index);
        if (role) return role.path;
      }
      return undefined;
    },
  };
}

/** The suppressions `AgentGuardrails.suppress` wrote for a report role into its stack's template metadata. */
function readRoleSuppressions(template: unknown, path: string): unknown {
  const metadata = isRecord(template) ? template["Metadata"] : undefined;
  const byRole = isRecord(metadata) ? metadata[REPORT_ROLE_SUPPRESSIONS_KEY] : undefined;
  return isRecord(byRole) ? byRole[path] : undefined;
}
