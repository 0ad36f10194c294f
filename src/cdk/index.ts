/**
 * The CDK adapter: `Aspects.of(app).add(new AgentGuardrails({ config }))` makes `cdk synth` fail
 * when an agent role could delete, replace or escalate on production. It evaluates the same
 * templates that land in cdk.out, through the same core as `agent-guardrail scan`, so both reach
 * the same verdicts. aws-cdk-lib and constructs are imported only here (peer dependencies).
 */
import path from "node:path";
import { Annotations, CfnElement, CfnResource, type NestedStack, Stack, Stage, Token, type IAspect } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { evaluateTemplates, MIN_REASON_LENGTH, SUPPRESSION_METADATA_KEY } from "../core/cfn/evaluate.js";
import { evaluateTemplateSet } from "../core/guarded.js";
import { nestedStackInput, productTemplateId, resourceTagsOf, templateLabel, templateStackFacts, type TemplateInput } from "../core/cfn/template.js";
import { RULE_IDS, type Finding, type RuleId } from "../core/finding.js";
import { agentNamePattern } from "../core/iam/agents.js";
import type { Policy } from "../core/policy.js";
import { isProductionStack } from "../core/production.js";
import { parsePointer } from "../core/source/pointer.js";
import { applySuppressions } from "../core/suppress.js";
import { POLICY_REPORT_FILE, POLICY_SYNTHESIZER_ID, REPORT_ROLE_SUPPRESSIONS_KEY, withPolicyReport, type PolicyReportInput, type WithPolicyReport } from "../core/cfn/policy-report.js";
import { loadCatalogue } from "../policy/catalogue.js";
import { readUserConfig, resolvePolicy } from "../policy/load.js";
import { userConfig, type UserConfig } from "../policy/schema.js";
import { enforceBoundary, type EnforceProps } from "./enforce.js";
import { errorMessage } from "../core/error-message.js";
import { isRecord } from "../core/is-record.js";

export type { EnforceProps } from "./enforce.js";

export interface AgentGuardrailsProps {
  /** The user configuration (same shape as `.github/agent-guardrail.yml`), or a path to that YAML file. */
  config?: UserConfig | string;
}

/** What one evaluation produced, kept for callers (and the parity tests). */
export interface GuardrailsResult {
  findings: Finding[];
  errors: { file: string; line?: number; message: string }[];
}

export function loadConfig(config: AgentGuardrailsProps["config"]): { policy: Policy } | { error: string } {
  try {
    if (config === undefined) return { policy: resolvePolicy() };
    if (typeof config === "string") return { policy: resolvePolicy(readUserConfig(config), config) };
    const parsed = userConfig.safeParse(config);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
      return { error: `agent-guardrail: invalid AgentGuardrails config: ${issues}` };
    }
    return { policy: resolvePolicy(parsed.data, "AgentGuardrails config") };
  } catch (error) {
    return { error: `agent-guardrail: cannot load config: ${errorMessage(error)}` };
  }
}

/**
 * The stacks a scope holds: the scope itself when it is a stack, and every stack under it, in
 * stages (CDK Pipelines stages live under the pipeline stack) and nested stacks alike. Parents
 * come before their nested stacks (pre-order).
 */
function stacksUnder(scope: IConstruct, all: readonly IConstruct[] = scope.node.findAll()): Stack[] {
  return all.filter((c): c is Stack => Stack.isStack(c));
}

/** The nearest stack above a construct that is not itself a stack, stage or app (undefined otherwise). */
function enclosingStack(node: IConstruct): Stack | undefined {
  if (Stack.isStack(node) || Stage.isStage(node)) return undefined;
  for (let scope = node.node.scope; scope && !Stage.isStage(scope); scope = scope.node.scope) if (Stack.isStack(scope)) return scope;
  return undefined;
}

/** What the evaluation needs from the construct tree, gathered in one walk. */
interface Tree {
  stacks: Stack[];
  /** Each stack's own CfnResources (not those of nested stacks). */
  resources: Map<Stack, CfnResource[]>;
  imported: ImportedRole[];
}

function walkTree(scope: IConstruct): Tree {
  const all = scope.node.findAll();
  const stacks = stacksUnder(scope, all);
  const resources = new Map<Stack, CfnResource[]>(stacks.map((s) => [s, []]));
  const imported: ImportedRole[] = [];
  for (const c of all) {
    if (CfnResource.isCfnResource(c)) resources.get(Stack.of(c))?.push(c);
    const role = importedRole(c);
    if (role) imported.push(role);
  }
  // `Role.fromRoleArn(..., { mutable: false })` (and a role of another account) makes two
  // constructs, the import (`MutableRole<id>`) and the wrapper the app uses (`<id>`): one role.
  const wrapped = new Set(imported.map((r) => (r.construct as unknown as { role?: unknown }).role));
  return { stacks, resources, imported: imported.filter((r) => !wrapped.has(r.construct)) };
}

interface SynthesizesLogicalId {
  _synthesizeLogicalId?: () => unknown;
}

/**
 * The logical id CDK writes for a resource. `cfn.logicalId` is a token whose resolution is what
 * CDK's own rendering calls (`_synthesizeLogicalId`: an override, else the stack's allocation);
 * calling it directly skips the token machinery, about half the cost for thousands of resources.
 */
function logicalIdOf(stack: Stack, cfn: CfnResource): string {
  const id = (cfn as unknown as SynthesizesLogicalId)._synthesizeLogicalId?.();
  return typeof id === "string" && !Token.isUnresolved(id) ? id : (stack.resolve(cfn.logicalId) as string);
}

function resourceType(template: unknown, id: string): string | undefined {
  const resources = isRecord(template) ? template["Resources"] : undefined;
  const resource = isRecord(resources) ? resources[id] : undefined;
  return isRecord(resource) && typeof resource["Type"] === "string" ? resource["Type"] : undefined;
}

const literal = (value: string): string | undefined => (Token.isUnresolved(value) ? undefined : value);

interface RendersTemplate {
  _toCloudFormation(): unknown;
}

/** IAM principals: the resources whose construct path the core reads (as the principal's name). */
const PRINCIPAL_TYPES = ["AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"];

/**
 * A stack's CfnResources by logical id. An id costs CDK a hash of the construct path, so ids are
 * computed per resource type, when a resource of that type is asked for.
 */
class StackResources {
  private readonly byType = new Map<string, CfnResource[]>();
  private readonly byId = new Map<string, CfnResource>();

  constructor(
    readonly stack: Stack,
    resources: readonly CfnResource[],
  ) {
    for (const cfn of resources) {
      const list = this.byType.get(cfn.cfnResourceType);
      if (list) list.push(cfn);
      else this.byType.set(cfn.cfnResourceType, [cfn]);
    }
  }

  /** The resources of these types (all types when omitted), by logical id. */
  ofTypes(types: readonly string[] = [...this.byType.keys()]): Map<string, CfnResource> {
    const out = new Map<string, CfnResource>();
    for (const type of types) {
      const list = this.byType.get(type);
      if (!list) continue;
      this.byType.delete(type);
      for (const cfn of list) this.byId.set(logicalIdOf(this.stack, cfn), cfn);
    }
    for (const [id, cfn] of this.byId) if (types.includes(cfn.cfnResourceType)) out.set(id, cfn);
    return out;
  }

  /** The resource with this logical id; `type`, from the template, narrows the search. */
  get(id: string, type?: string): CfnResource | undefined {
    if (!this.byId.has(id) && type !== undefined) this.ofTypes([type]);
    if (!this.byId.has(id)) this.ofTypes();
    return this.byId.get(id);
  }
}

/**
 * The template CDK writes to cdk.out, exactly (construct paths included only when the app writes
 * them, as `cdk synth` does by default), so principals are named as `scan cdk.out` names them.
 * `reuse`: the stack is synthesized right after this validation step, so CDK's own rendering takes
 * this one (once) instead of resolving every token a second time, as long as no construct was
 * added to the stack since. CDK's DefaultStackSynthesizer adds the BootstrapVersion parameter and
 * its CheckBootstrapVersion rule while it synthesizes, and a later validation may add constructs:
 * then CDK renders again and writes that; `changed` is given it when it differs from the template
 * judged in more than added parameters and rules (which no resource of the judged one references),
 * to be judged in its turn.
 */
function templateOf(stack: Stack, reuse: boolean, changed: (fresh: unknown) => void): unknown {
  const renders = stack as unknown as RendersTemplate;
  const rendered = renders._toCloudFormation();
  if (reuse && !Object.prototype.hasOwnProperty.call(stack, "_toCloudFormation")) {
    const judged = new Set(stack.node.findAll());
    Object.defineProperty(stack, "_toCloudFormation", {
      configurable: true,
      value: () => {
        delete (stack as unknown as Partial<RendersTemplate>)._toCloudFormation;
        const added = stack.node.findAll().filter((c) => !judged.has(c));
        if (added.length === 0) return rendered;
        // The bootstrap version check alone: add its two fragments, as CDK merges them, without rendering the rest again.
        const withAdded = withParametersAndRules(stack, rendered, added);
        if (withAdded !== undefined) return withAdded;
        const fresh = renders._toCloudFormation();
        if (!onlyAddsParametersAndRules(rendered, fresh)) changed(fresh);
        return fresh;
      },
    });
  }
  return rendered;
}

interface RendersFragment {
  _toCloudFormation(): unknown;
}

/**
 * `rendered` with the fragments of the `added` constructs merged in, when each adds only new
 * parameters or rules (CDK's BootstrapVersion parameter and CheckBootstrapVersion rule); else undefined.
 */
function withParametersAndRules(stack: Stack, rendered: unknown, added: readonly IConstruct[]): unknown {
  if (!isRecord(rendered)) return undefined;
  const out: Record<string, unknown> = { ...rendered };
  for (const construct of added) {
    if (!CfnElement.isCfnElement(construct)) continue; // a construct of its own renders nothing; its elements are among `added`
    const fragment: unknown = stack.resolve((construct as unknown as RendersFragment)._toCloudFormation());
    if (!isRecord(fragment)) return undefined;
    for (const [section, entries] of Object.entries(fragment)) {
      if ((section !== "Parameters" && section !== "Rules") || !isRecord(entries)) return undefined;
      const existing = out[section];
      if (existing !== undefined && !isRecord(existing)) return undefined;
      if (Object.keys(entries).some((name) => existing !== undefined && name in existing)) return undefined;
      out[section] = { ...(existing ?? {}), ...entries };
    }
  }
  return out;
}

/** Whether `after` is `before` with parameters or rules added, and nothing else changed. */
function onlyAddsParametersAndRules(before: unknown, after: unknown): boolean {
  if (!isRecord(before) || !isRecord(after)) return JSON.stringify(before) === JSON.stringify(after);
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = before[key];
    const is = after[key];
    if ((key === "Parameters" || key === "Rules") && (was === undefined || isRecord(was)) && isRecord(is)) {
      if (Object.entries(was ?? {}).some(([name, value]) => JSON.stringify(is[name]) !== JSON.stringify(value))) return false;
    } else if (JSON.stringify(was) !== JSON.stringify(is)) return false;
  }
  return true;
}

/**
 * Whether CDK writes into this stack's template while it synthesizes: a Service Catalog
 * `ProductStack` under it adds its template as an asset then and fills the URL the parent names
 * (`LoadTemplateFromURL`). A rendering made in the
 * validation step lacks it, so CDK must render such a stack again.
 */
function fillsInAtSynthesis(stack: Stack): boolean {
  return stack.node.findAll().some((c) => c !== stack && Stack.isStack(c) && productParent(c) === stack);
}

/**
 * The stack a Service Catalog `ProductStack` belongs to (the stack above it, in its stage; CDK
 * names its template `<unique id>.product.template.json`): its template is a product version of
 * that stack, not a stack the app deploys. A plain stack under a stack is a stack of its own.
 */
function productParent(stack: Stack): Stack | undefined {
  if (stack.nested || productTemplateId(stack.templateFile) === undefined) return undefined;
  const stage = Stage.of(stack);
  for (let scope = stack.node.scope; scope && !Stage.isStage(scope); scope = scope.node.scope) if (Stack.isStack(scope)) return Stage.of(scope) === stage ? scope : undefined;
  return undefined;
}

function stackInput(stack: Stack, template: unknown): TemplateInput {
  const account = literal(stack.account);
  const region = literal(stack.region);
  const tags = Object.fromEntries(Object.entries(stack.tags.tagValues()).filter(([k, v]) => !Token.isUnresolved(k) && !Token.isUnresolved(v)));
  const outer = outerStackPath(stack);
  return {
    file: stack.templateFile,
    value: template,
    stackName: stack.stackName,
    stackTags: tags,
    resourceTags: resourceTagsOf(template),
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
    terminationProtection: stack.terminationProtection,
    stagePath: stack.node.path,
    ...(outer ? { outerStackPath: outer } : {}),
  };
}

/** The stack that holds a stack's stage (CDK Pipelines stages are often the pipeline stack's children), if any. */
export function outerStackPath(stack: Stack): string | undefined {
  for (let scope = Stage.of(stack)?.node.scope; scope; scope = scope.node.scope) if (Stack.isStack(scope)) return scope.node.path;
  return undefined;
}

/** An error this Aspect wrote: a rule's finding (`[rule-id] ...`) or a "could not evaluate". */
const OWN_ERROR = new RegExp(`^(\\[(${RULE_IDS.join("|")})\\] |agent-guardrail: )`);

/**
 * The stacks of a stage that a stack holds (a CDK Pipelines stage under its pipeline stack) are not
 * the stacks a bare `cdk synth` selects: their errors fail it only through the CDK CLI's check of
 * stacks marked `validateOnSynth`, which `cdk synth --no-validation` (or `CDK_VALIDATION=false`) turns
 * off, and synth then passed an agent's destructive grant in the Prod stage. The stack that deploys
 * the stage carries one error per such stage, which the CLI reports whatever its validation.
 */
function carryStageErrorsToOuterStacks(scope: IConstruct): void {
  const errorsByStage = new Map<Stage, number>();
  for (const c of scope.node.findAll()) {
    const own = c.node.metadata.filter((m) => m.type === "aws:cdk:error" && typeof m.data === "string" && OWN_ERROR.test(m.data)).length;
    if (own === 0) continue;
    const stage = Stage.of(c);
    if (stage) errorsByStage.set(stage, (errorsByStage.get(stage) ?? 0) + own);
  }
  for (const [stage, count] of errorsByStage) {
    let outer: Stack | undefined;
    for (let s = stage.node.scope; s && !outer; s = s.node.scope) if (Stack.isStack(s)) outer = s;
    if (!outer) continue;
    const message = `agent-guardrail: stage ${stage.node.path}, which this stack deploys, has ${count} error${count === 1 ? "" : "s"} of agent-guardrail (\`cdk synth '**'\` shows them): they stand here too, so that \`cdk synth --no-validation\` or CDK_VALIDATION=false, which skip the check of pipeline stages, still fails`;
    if (!outer.node.metadata.some((m) => m.data === message)) Annotations.of(outer).addError(message);
  }
}

/** What to do, in CDK terms, per rule: no "fix the grant" on a finding that has no grant. */
const FIX: Record<RuleId, string> = {
  "agent-destructive-prod": "Narrow the grant (actions or resources), or set a PermissionsBoundary on the role that denies it",
  "agent-privilege-escalation": "Remove the escalation grant, or set a PermissionsBoundary on the role that denies it",
  "prod-resource-unprotected": "Apply the protection named above",
  "changeset-destroys-prod": "Change the deployment so it keeps the resource",
  "two-person-review": "Get the required approvals",
  "adoption-dashboard-no-incidents": "Add an incidents, outages or rollbacks panel to the dashboard",
};

function suppressHint(rule: RuleId, on = "construct"): string {
  return `${FIX[rule]}; or, to accept it, call AgentGuardrails.suppress(${on}, "${rule}", "<why this is safe, 10+ characters>") (on the stack for a stack-level finding).`;
}

const sentence = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function messageOf(finding: Finding): string {
  const actions = finding.actions?.length ? ` Actions: ${finding.actions.join(", ")}.` : "";
  if (finding.suppressed) return `[${finding.rule}] suppressed (${finding.suppressed.reason}; by ${finding.suppressed.by}): ${sentence(finding.message)}${actions}`;
  return `[${finding.rule}] ${sentence(finding.message)}${actions} ${suppressHint(finding.rule)}`;
}

interface ImportedRole {
  construct: IConstruct;
  name: string;
  /** Whether `name` is the role's name as written (not a token's construct id). */
  literal: boolean;
  stack: Stack;
}

/**
 * An `iam.Role` in the scope of `Role.customizeRoles`: CDK keeps its grants out of the template
 * and writes them to the IAM policy report (policy-report.ts), read with the templates.
 */
const isCustomizedRole = (c: IConstruct | undefined): boolean => c !== undefined && (c as unknown as { _precreatedRole?: unknown })._precreatedRole !== undefined;

/** A role imported with `Role.fromRoleArn` & co: a role without a CfnResource behind it. */
function importedRole(c: IConstruct): ImportedRole | undefined {
  const candidate = c as unknown as Record<string, unknown>;
  if (typeof candidate["roleArn"] !== "string" || typeof candidate["roleName"] !== "string" || !("assumeRoleAction" in candidate)) return undefined;
  // A customized role and the precreated/imported roles CDK makes under it: defined here, judged from the report.
  if (isCustomizedRole(c) || isCustomizedRole(c.node.scope)) return undefined;
  if (c.node.defaultChild !== undefined) return undefined; // a role defined here, in the template
  // Service-linked roles (aws-service-role/…/AWSServiceRoleFor…) that CDK imports by itself, e.g.
  // for Application Auto Scaling: AWS owns their policies, no agent can be given them.
  const arnText = JSON.stringify(Stack.of(c).resolve(candidate["roleArn"]));
  if (/aws-service-role\/|AWSServiceRoleFor/.test(arnText)) return undefined;
  const roleName = candidate["roleName"];
  const literal = !Token.isUnresolved(roleName);
  return { construct: c, name: literal ? roleName : c.node.id, literal, stack: Stack.of(c) };
}

/** The literal RoleNames the templates define, by `<account>/<name>` (account empty when not known). */
function definedRoleNames(inputs: readonly TemplateInput[]): Set<string> {
  const names = new Set<string>();
  for (const input of inputs) {
    const resources = isRecord(input.value) ? input.value["Resources"] : undefined;
    for (const r of Object.values(isRecord(resources) ? resources : {})) {
      const name = isRecord(r) && r["Type"] === "AWS::IAM::Role" && isRecord(r["Properties"]) ? r["Properties"]["RoleName"] : undefined;
      if (typeof name === "string") names.add(`${input.account ?? ""}/${name}`);
    }
  }
  return names;
}

/** Whether this app grants the imported role anything (a policy attached under it). */
const hasGrants = (imported: ImportedRole): boolean =>
  imported.construct.node.findAll().some((d) => CfnResource.isCfnResource(d) && d.cfnResourceType === "AWS::IAM::Policy");

interface PolicySynthesizer {
  createJsonReport?: () => unknown;
}

/**
 * The IAM policy report CDK writes at synthesis when roles are customized, built now (the
 * Aspect runs before CDK writes it) by CDK's own PolicySynthesizer, as that file will hold it.
 */
function policyReportOf(scope: IConstruct): { report?: PolicyReportInput; error?: { file: string; message: string } } {
  const synthesizer = scope.node.root.node.tryFindChild(POLICY_SYNTHESIZER_ID);
  if (!synthesizer) return {};
  const outdir = Stage.of(scope)?.outdir ?? ".";
  const root = scope.node.root;
  const file = path.join(Stage.isStage(root) ? root.outdir : outdir, POLICY_REPORT_FILE);
  const create = (synthesizer as unknown as PolicySynthesizer).createJsonReport;
  try {
    if (typeof create !== "function") throw new Error("this aws-cdk-lib's PolicySynthesizer has no createJsonReport");
    // A copy: CDK resolves the same statements again when it writes the file.
    const value = JSON.parse(JSON.stringify(create.call(synthesizer))) as unknown;
    // No role added yet: CDK writes no file either.
    if (isRecord(value) && value["roles"] === undefined) return {};
    return { report: { file, value } };
  } catch (error) {
    return { error: { file, message: `cannot build the IAM policy report of Role.customizeRoles (${errorMessage(error)}): its roles cannot be judged (fail closed)` } };
  }
}

interface SynthesizedStage {
  /** CDK's cached assembly of the stage (set by its first synth). */
  assembly?: { stacks: { validateOnSynth?: boolean }[] };
}

/**
 * Every Stage inside the scope (under stacks too: CDK Pipelines stages live under the pipeline
 * stack, and nested stages under stages) is synthesized before the scope's own aspects and
 * validations run (`addStage` even synthesizes its stage on the spot), so its stacks' messages
 * were already written: synthesize it again, innermost first, to carry the annotations. A stage
 * CDK Pipelines synthesized with `validateOnSynthesis` keeps it, or `cdk synth` would stop
 * reading its stacks' errors.
 */
function resynthesizeStages(scope: IConstruct): void {
  for (const child of scope.node.children) {
    resynthesizeStages(child);
    if (!Stage.isStage(child)) continue;
    const validateOnSynthesis = (child as unknown as SynthesizedStage).assembly?.stacks.some((s) => s.validateOnSynth === true) ?? false;
    child.synth({ force: true, validateOnSynthesis });
  }
}

interface StackEntry {
  stack: Stack;
  resources: StackResources;
  template: unknown;
}

/**
 * The one construct a finding is annotated on: the construct that grants (the policy the
 * statement is in) rather than the principal it is attached to, else the subject's resource,
 * else its stack. One annotation per finding: `cdk synth` lists each problem once.
 */
function annotationTarget(finding: Finding, byFile: Map<string, StackEntry>, labels: Map<string, StackEntry>): IConstruct | undefined {
  const located: { construct: IConstruct; resource: boolean; principal: boolean }[] = [];
  for (const e of finding.evidence) {
    const owner = e.file ? byFile.get(e.file) : undefined;
    if (!owner) continue;
    const segments = e.pointer?.startsWith("/Resources/") ? parsePointer(e.pointer) : [];
    const id = segments[1];
    const cfn = id ? owner.resources.get(id, resourceType(owner.template, id)) : undefined;
    const principal = cfn !== undefined && PRINCIPAL_TYPES.includes(cfn.cfnResourceType) && segments.length === 2;
    located.push({ construct: cfn ?? owner.stack, resource: cfn !== undefined, principal });
  }
  const best = located.find((l) => l.resource && !l.principal) ?? located.find((l) => l.resource) ?? located[0];
  if (best) return best.construct;
  const slash = finding.subject.lastIndexOf("/");
  const owner = labels.get(slash < 0 ? finding.subject : finding.subject.slice(0, slash));
  if (!owner) return undefined;
  const logicalId = slash < 0 ? undefined : finding.subject.slice(slash + 1);
  return (logicalId && owner.resources.get(logicalId, resourceType(owner.template, logicalId))) || owner.stack;
}

export class AgentGuardrails implements IAspect {
  /**
   * Prevent, not only detect: set the generated guardrail boundary on every agent role of the
   * production stacks under `scope` (see enforce.ts). Add the Aspect as well to evaluate.
   */
  static enforce(scope: IConstruct, props: EnforceProps = {}): void {
    enforceBoundary(scope, props);
  }

  /**
   * Accept a finding on a construct: written as template metadata (`agent-guardrail`) on the
   * construct's CloudFormation resources, so `agent-guardrail scan cdk.out` sees it too.
   */
  static suppress(construct: IConstruct, ruleId: string, reason: string): void {
    const trimmed = typeof reason === "string" ? reason.trim() : "";
    if (!(RULE_IDS as readonly string[]).includes(ruleId)) {
      Annotations.of(construct).addError(`agent-guardrail: cannot suppress unknown rule "${ruleId}" (known: ${RULE_IDS.join(", ")})`);
      return;
    }
    if (trimmed.length < MIN_REASON_LENGTH) {
      Annotations.of(construct).addError(
        `agent-guardrail: AgentGuardrails.suppress(${construct.node.path}, "${ruleId}") needs a reason of at least ${MIN_REASON_LENGTH} characters explaining why this is safe; nothing was suppressed`,
      );
      return;
    }
    if (Stack.isStack(construct)) {
      // The stack's own findings (termination protection): template metadata, not every resource's.
      const metadata = (construct.templateOptions.metadata ??= {});
      const existing: unknown = metadata[SUPPRESSION_METADATA_KEY];
      const list = isRecord(existing) && Array.isArray(existing["suppressions"]) ? (existing["suppressions"] as unknown[]) : [];
      if (!list.some((e) => isRecord(e) && e["rule"] === ruleId && e["reason"] === trimmed)) list.push({ rule: ruleId, reason: trimmed });
      metadata[SUPPRESSION_METADATA_KEY] = { suppressions: list };
      return;
    }
    const targets = CfnResource.isCfnResource(construct)
      ? [construct]
      : construct.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
    // Customized roles have no resource in the template: their stack's metadata carries it, by role path.
    const customized = CfnResource.isCfnResource(construct) ? [] : construct.node.findAll().filter(isCustomizedRole);
    for (const role of customized) {
      const metadata = (Stack.of(role).templateOptions.metadata ??= {});
      const byRole: unknown = metadata[REPORT_ROLE_SUPPRESSIONS_KEY];
      const roles = isRecord(byRole) ? byRole : {};
      const existing = roles[role.node.path];
      const list = isRecord(existing) && Array.isArray(existing["suppressions"]) ? (existing["suppressions"] as unknown[]) : [];
      if (!list.some((e) => isRecord(e) && e["rule"] === ruleId && e["reason"] === trimmed)) list.push({ rule: ruleId, reason: trimmed });
      metadata[REPORT_ROLE_SUPPRESSIONS_KEY] = { ...roles, [role.node.path]: { suppressions: list } };
    }
    if (targets.length === 0 && customized.length === 0) {
      Annotations.of(construct).addError(`agent-guardrail: ${construct.node.path} has no CloudFormation resource to carry the suppression of ${ruleId}`);
      return;
    }
    for (const cfn of targets) {
      const existing: unknown = cfn.getMetadata(SUPPRESSION_METADATA_KEY);
      const list = isRecord(existing) && Array.isArray(existing["suppressions"]) ? (existing["suppressions"] as unknown[]) : [];
      const entry = { rule: ruleId, reason: trimmed };
      if (!list.some((e) => isRecord(e) && e["rule"] === ruleId && e["reason"] === trimmed)) list.push(entry);
      cfn.addMetadata(SUPPRESSION_METADATA_KEY, { ...(isRecord(existing) ? existing : {}), suppressions: list });
    }
  }

  private readonly config: AgentGuardrailsProps["config"];
  /** Scopes registered for evaluation, and the nodes visited under them. */
  private readonly covered = new WeakSet<IConstruct>();
  /** Stacks evaluated for a scope inside them (see visit). */
  private readonly enclosing = new WeakSet<IConstruct>();
  /** The findings and errors of the last evaluation (after synth). */
  public result: GuardrailsResult | undefined;

  constructor(props: AgentGuardrailsProps = {}) {
    this.config = props.config;
  }

  visit(node: IConstruct): void {
    // Aspects visit top-down: the first node is the scope the Aspect was added to. Evaluation runs
    // in that scope's validation step, after every aspect and `prepare`, so grants made after
    // `Aspects.of(app).add(...)`, lazy policy documents and cross-stack exports are all final.
    if (this.covered.has(node)) return;
    const parent = node.node.scope;
    // Parents are visited before their children: one lookup for almost every node.
    const underCovered = (parent !== undefined && this.covered.has(parent)) || node.node.scopes.slice(0, -1).some((s) => this.covered.has(s));
    this.covered.add(node);
    if (underCovered) return;
    // A scope inside a stack (a construct adding the Aspect to itself, cdk-nag style) holds no
    // stack of its own: its resources are in the enclosing stack's template, judged with that
    // stack's other grants as `scan cdk.out` judges it; once per stack, however many such scopes.
    const scope = enclosingStack(node) ?? node;
    if (scope !== node) {
      if (this.covered.has(scope) || this.enclosing.has(scope)) return;
      this.enclosing.add(scope);
    }
    node.node.addValidation({
      validate: () => {
        // An aspect added to a stage after its first synthesis (after `pipeline.addStage`) runs
        // only when the stage is synthesized again, as carrying the annotations does: synthesize
        // the stages first, so what is judged is what that synthesis writes, then check it was.
        resynthesizeStages(scope);
        const judged = this.evaluate(scope);
        resynthesizeStages(scope);
        if (this.changedSinceJudged(judged)) resynthesizeStages(scope);
        carryStageErrorsToOuterStacks(scope);
        return [];
      },
    });
  }

  /**
   * Whether a stage's stack was written with another template than the one judged (an aspect of
   * the stage that changes the template each time it runs): an error on that stack (fail closed).
   */
  private changedSinceJudged(judged: ReadonlyMap<Stack, string>): boolean {
    let changed = false;
    for (const [stack, before] of judged) {
      if (JSON.stringify((stack as unknown as RendersTemplate)._toCloudFormation()) === before) continue;
      const message = `${stack.templateFile}: the template changed when its stage was synthesized again (an aspect of the stage writes another template each time it runs), so what cdk.out holds was not judged (fail closed)`;
      Annotations.of(stack).addError(`agent-guardrail: could not evaluate: ${message}`);
      this.result?.errors.push({ file: stack.templateFile, message });
      changed = true;
    }
    return changed;
  }

  /** Judges the stacks under `scope`; returns the templates judged of those in stages inside it, which are synthesized again. */
  private evaluate(scope: IConstruct): Map<Stack, string> {
    const resynthesized = new Map<Stack, string>();
    const loaded = loadConfig(this.config);
    if ("error" in loaded) {
      // On every stack: messages on the App itself reach no stack's metadata, and the CLI would pass.
      const stacks = stacksUnder(scope);
      for (const target of stacks.length ? stacks : [scope]) Annotations.of(target).addError(loaded.error);
      this.result = { findings: [], errors: [{ file: "AgentGuardrails config", message: loaded.error }] };
      return resynthesized;
    }
    const policy = loaded.policy;
    const tree = walkTree(scope);
    const byFile = new Map<string, StackEntry>();
    const labels = new Map<string, StackEntry>();
    const inputs: TemplateInput[] = [];
    const inputOf = new Map<Stack, TemplateInput>();
    const inputFor = (stack: Stack, template: unknown): TemplateInput => {
      const parent = stack.nestedStackParent;
      const resource = (stack as NestedStack).nestedStackResource;
      const product = productParent(stack);
      const productId = product ? productTemplateId(stack.templateFile) : undefined;
      // A nested stack inherits its parent's scope (the parent comes first, or is outside the scope),
      // and so does a Service Catalog product's (deployed by Service Catalog in the parent's account).
      return parent && resource
        ? nestedStackInput(inputOf.get(parent) ?? stackInput(parent, {}), logicalIdOf(parent, resource), stack.templateFile, template)
        : product && productId !== undefined
          ? nestedStackInput(inputOf.get(product) ?? stackInput(product, {}), productId, stack.templateFile, template)
          : stackInput(stack, template);
    };
    // A stack CDK wrote with another template than the one judged (a construct its synthesizer or a
    // later validation added: AppStagingSynthesizer's staging bucket): what it writes is judged with
    // the others, and what was not said yet is said on this stack (the others may be written already).
    const rejudge = (stack: Stack, fresh: unknown): void => {
      const before = inputOf.get(stack);
      if (!before) return;
      const input = inputFor(stack, fresh);
      const index = inputs.indexOf(before);
      if (index >= 0) inputs[index] = input;
      inputOf.set(stack, input);
      const entry = byFile.get(input.file);
      if (entry) entry.template = input.value;
      const said = new Set((this.result?.findings ?? []).map(messageOf));
      const again = judge(inputs);
      for (const finding of again.findings) {
        const message = messageOf(finding);
        if (said.has(message)) continue;
        this.result?.findings.push(finding);
        const target = targetOf(finding, again.added);
        annotate(target !== undefined && Stack.of(target) === stack ? target : stack, finding, message);
      }
      for (const error of again.evaluated.errors) {
        if (this.result?.errors.some((e) => e.file === error.file && e.message === error.message)) continue;
        this.result?.errors.push(error);
        Annotations.of(stack).addError(`agent-guardrail: could not evaluate: ${error.message}`);
      }
    };
    for (const stack of tree.stacks) {
      const resources = new StackResources(stack, tree.resources.get(stack) ?? []);
      // Stacks of stages inside the scope were synthesized already and are re-synthesized from scratch.
      const ownStage = Stage.of(stack) === (Stage.isStage(scope) ? scope : Stage.of(scope));
      const reuse = ownStage && !fillsInAtSynthesis(stack);
      // Called while CDK writes this stack, before it collects the stack's messages: they land.
      const template = templateOf(stack, reuse, (fresh) => rejudge(stack, fresh));
      if (!ownStage) resynthesized.set(stack, JSON.stringify(template));
      const input = inputFor(stack, template);
      inputOf.set(stack, input);
      const entry = { stack, resources, template: input.value };
      byFile.set(input.file, entry);
      labels.set(templateLabel(input), entry);
      inputs.push(input);
    }
    const catalogue = loadCatalogue();
    // Role.customizeRoles: the grants CDK will write to cdk.out/iam-policy-report.json, judged as scan judges that file.
    const report = policyReportOf(scope);
    const located = new Map<string, { file: string; logicalId: string }>();
    if (report.report) {
      for (const [stack, list] of tree.resources) {
        const file = inputOf.get(stack)?.file;
        if (file) for (const cfn of list) located.set(cfn.node.path, { file, logicalId: logicalIdOf(stack, cfn) });
      }
    }
    const judge = (set: readonly TemplateInput[]) => {
      const withReport = report.report ? withPolicyReport([...set], report.report, (p) => located.get(p), scope.node.path) : undefined;
      // A template the rules fail on is an error on its stack (synth fails); the others are still judged.
      const evaluated = evaluateTemplateSet(withReport?.templates ?? [...set], (templates) => evaluateTemplates(templates, policy, catalogue));
      return { added: withReport, evaluated, findings: applySuppressions(withReport ? withReport.relocate(evaluated.findings) : evaluated.findings, policy) };
    };
    const constructAt = (p: string): IConstruct | undefined => scope.node.findAll().find((c) => c.node.path === p);
    const targetOf = (finding: Finding, withReport: WithPolicyReport | undefined): IConstruct | undefined => {
      const rolePath = withReport?.roleOf(finding);
      return (rolePath && constructAt(rolePath)) || annotationTarget(finding, byFile, labels);
    };
    const annotate = (target: IConstruct, finding: Finding, message: string): void => {
      if (finding.suppressed) Annotations.of(target).addInfo(message);
      else if (finding.severity === "error") Annotations.of(target).addError(message);
      else Annotations.of(target).addWarning(message);
    };
    const { added, evaluated, findings } = judge(inputs);
    const reportErrors = [...(report.error ? [report.error] : []), ...(added?.errors ?? [])];
    this.result = { findings, errors: [...evaluated.errors, ...reportErrors] };
    for (const error of reportErrors) {
      // On a stack: a message on the App reaches no stack's metadata, and synth would pass.
      Annotations.of(tree.stacks[0] ?? scope).addError(`agent-guardrail: could not evaluate: ${error.file}: ${error.message}`);
    }
    for (const finding of findings) annotate(targetOf(finding, added) ?? scope, finding, messageOf(finding));
    for (const error of evaluated.errors) {
      const owner = byFile.get(error.file);
      Annotations.of(owner?.stack ?? scope).addError(`agent-guardrail: could not evaluate: ${error.message}`);
    }

    const defined = definedRoleNames(inputs);
    for (const imported of tree.imported) {
      if (agentNamePattern(policy.agents, imported.name) === undefined) continue;
      const input = inputs.find((i) => i.file === imported.stack.templateFile) ?? stackInput(imported.stack, {});
      // A role another stack of the app defines in this account: its policies are in the app, judged as one role.
      if (imported.literal && defined.has(`${input.account ?? ""}/${imported.name}`)) continue;
      const production = isProductionStack(templateStackFacts(input), policy.production);
      // A warning, never an error of its own: what the app grants the role is judged with the
      // app's other grants (a destructive one is an error there, suppressible), exactly as
      // `scan cdk.out` judges it; its other policies are outside the app, for `audit`.
      const grants = production && hasGrants(imported) ? " What this app grants it is judged like any other grant." : "";
      Annotations.of(imported.construct).addWarning(
        `[agent-destructive-prod] ${imported.construct.node.path} is an imported agent role (${imported.name}): its other policies are not in this app, so its access is not verifiable here.${grants} Define the role in CDK, or audit it with \`agent-guardrail audit\`.`,
      );
    }
    return resynthesized;
  }
}
