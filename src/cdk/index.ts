/**
 * The CDK adapter: `Aspects.of(app).add(new AgentGuardrails({ config }))` makes `cdk synth` fail
 * when an agent role could delete, replace or escalate on production. It evaluates the same
 * templates that land in cdk.out, through the same core as `agent-guardrail scan`, so both reach
 * the same verdicts. aws-cdk-lib and constructs are imported only here (peer dependencies).
 */
import { Annotations, CfnResource, Stack, Stage, Token, type IAspect } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { evaluateTemplates, MIN_REASON_LENGTH, SUPPRESSION_METADATA_KEY } from "../core/cfn/evaluate.js";
import type { TemplateInput } from "../core/cfn/template.js";
import { RULE_IDS, type Finding, type RuleId } from "../core/finding.js";
import { wildcardMatch } from "../core/glob.js";
import type { Policy } from "../core/policy.js";
import { isProductionStack } from "../core/production.js";
import { parsePointer } from "../core/source/pointer.js";
import { applySuppressions } from "../core/suppress.js";
import { loadCatalogue } from "../policy/catalogue.js";
import { readUserConfig, resolvePolicy } from "../policy/load.js";
import { userConfig, type UserConfig } from "../policy/schema.js";

export interface AgentGuardrailsProps {
  /** The user configuration (same shape as `.github/agent-guardrail.yml`), or a path to that YAML file. */
  config?: UserConfig | string;
}

/** What one evaluation produced, kept for callers (and the parity tests). */
export interface GuardrailsResult {
  findings: Finding[];
  errors: { file: string; line?: number; message: string }[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function loadConfig(config: AgentGuardrailsProps["config"]): { policy?: Policy; error?: string } {
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
    return { error: `agent-guardrail: cannot load config: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function stacksUnder(scope: IConstruct): Stack[] {
  if (Stack.isStack(scope)) return [scope];
  return scope.node.findAll().filter((c): c is Stack => Stack.isStack(c) && !c.nested);
}

function cfnResourcesOf(stack: Stack): CfnResource[] {
  return stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);
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

const literal = (value: string): string | undefined => (Token.isUnresolved(value) ? undefined : value);

interface RendersTemplate {
  _toCloudFormation(): unknown;
}

/**
 * The template CDK writes to cdk.out, with the resource paths `cdk synth` writes by default
 * (principal names of roles without RoleName). `reuse`: the stack is synthesized right after this
 * validation step, with nothing in between that changes templates, so CDK's own rendering takes
 * this one (once) instead of resolving every token a second time.
 */
function templateOf(stack: Stack, resources: Map<string, CfnResource>, reuse: boolean): unknown {
  const renders = stack as unknown as RendersTemplate;
  const rendered = renders._toCloudFormation();
  if (reuse && !Object.prototype.hasOwnProperty.call(stack, "_toCloudFormation")) {
    Object.defineProperty(stack, "_toCloudFormation", {
      configurable: true,
      value: () => {
        delete (stack as unknown as Partial<RendersTemplate>)._toCloudFormation;
        return rendered;
      },
    });
  }
  if (!isRecord(rendered) || !isRecord(rendered["Resources"])) return rendered;
  const missingPaths = Object.entries(rendered["Resources"]).filter(([id, r]) => resources.has(id) && isRecord(r) && !(isRecord(r["Metadata"]) && r["Metadata"]["aws:cdk:path"] !== undefined));
  if (missingPaths.length === 0) return rendered;
  // Our copy only: the template CDK writes keeps its own metadata.
  const copy = { ...rendered, Resources: { ...rendered["Resources"] } } as Record<string, unknown> & { Resources: Record<string, unknown> };
  for (const [id, resource] of missingPaths) {
    const r = resource as Record<string, unknown>;
    copy.Resources[id] = { ...r, Metadata: { ...(isRecord(r["Metadata"]) ? r["Metadata"] : {}), "aws:cdk:path": resources.get(id)?.node.path } };
  }
  return copy;
}

function stackInput(stack: Stack, template: unknown): TemplateInput {
  const account = literal(stack.account);
  const region = literal(stack.region);
  const tags = Object.fromEntries(Object.entries(stack.tags.tagValues()).filter(([k, v]) => !Token.isUnresolved(k) && !Token.isUnresolved(v)));
  return {
    file: stack.templateFile,
    value: template,
    stackName: stack.stackName,
    stackTags: tags,
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
    terminationProtection: stack.terminationProtection,
    stagePath: stack.node.path,
  };
}

function suppressHint(rule: RuleId): string {
  return `To accept it, fix the grant, or call AgentGuardrails.suppress(construct, "${rule}", "<why this is safe, 10+ characters>").`;
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
  stack: Stack;
  hasGrants: boolean;
}

/** Roles imported with `Role.fromRoleArn` & co: resources without a CfnResource behind them. */
function importedRoles(scope: IConstruct): ImportedRole[] {
  const out: ImportedRole[] = [];
  for (const c of scope.node.findAll()) {
    const candidate = c as unknown as Record<string, unknown>;
    if (typeof candidate["roleArn"] !== "string" || typeof candidate["roleName"] !== "string" || !("assumeRoleAction" in candidate)) continue;
    if (c.node.defaultChild !== undefined) continue; // a role defined here, in the template
    const roleName = candidate["roleName"];
    const name = Token.isUnresolved(roleName) ? c.node.id : roleName;
    const hasGrants = c.node.findAll().some((d) => CfnResource.isCfnResource(d) && d.cfnResourceType === "AWS::IAM::Policy");
    out.push({ construct: c, name, stack: Stack.of(c), hasGrants });
  }
  return out;
}

/**
 * A Stage inside the scope is synthesized before the scope's own aspects and validations run, so
 * its stacks' messages were already written: synthesize it again to carry the annotations.
 */
function resynthesizeStages(scope: IConstruct): void {
  for (const child of scope.node.children) {
    if (Stage.isStage(child)) child.synth({ force: true });
    else if (!Stack.isStack(child)) resynthesizeStages(child);
  }
}

export class AgentGuardrails implements IAspect {
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
    const targets = CfnResource.isCfnResource(construct)
      ? [construct]
      : construct.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
    if (targets.length === 0) {
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
  private readonly scopes = new WeakSet<IConstruct>();
  /** The findings and errors of the last evaluation (after synth). */
  public result: GuardrailsResult | undefined;

  constructor(props: AgentGuardrailsProps = {}) {
    this.config = props.config;
  }

  visit(node: IConstruct): void {
    // Aspects visit top-down: the first node is the scope the Aspect was added to. Evaluation runs
    // in that scope's validation step, after every aspect and `prepare`, so grants made after
    // `Aspects.of(app).add(...)`, lazy policy documents and cross-stack exports are all final.
    if (this.scopes.has(node) || [...node.node.scopes].slice(0, -1).some((s) => this.scopes.has(s))) return;
    this.scopes.add(node);
    node.node.addValidation({
      validate: () => {
        this.evaluate(node);
        resynthesizeStages(node);
        return [];
      },
    });
  }

  private evaluate(scope: IConstruct): void {
    const loaded = loadConfig(this.config);
    if (!loaded.policy) {
      // On every stack: messages on the App itself reach no stack's metadata, and the CLI would pass.
      const stacks = stacksUnder(scope);
      for (const target of stacks.length ? stacks : [scope]) Annotations.of(target).addError(loaded.error ?? "agent-guardrail: cannot load config");
      this.result = { findings: [], errors: [{ file: "AgentGuardrails config", message: loaded.error ?? "cannot load config" }] };
      return;
    }
    const policy = loaded.policy;
    const stacks = stacksUnder(scope);
    const byFile = new Map<string, { stack: Stack; resources: Map<string, CfnResource> }>();
    const inputs: TemplateInput[] = [];
    for (const stack of stacks) {
      const resources = new Map<string, CfnResource>();
      for (const cfn of cfnResourcesOf(stack)) resources.set(logicalIdOf(stack, cfn), cfn);
      // Stacks of stages inside the scope were synthesized already and are re-synthesized from scratch.
      const reuse = Stage.of(stack) === (Stage.isStage(scope) ? scope : Stage.of(scope));
      const input = stackInput(stack, templateOf(stack, resources, reuse));
      byFile.set(input.file, { stack, resources });
      inputs.push(input);
    }
    const evaluated = evaluateTemplates(inputs, policy, loadCatalogue());
    const findings = applySuppressions(evaluated.findings, policy);
    this.result = { findings, errors: evaluated.errors };

    for (const finding of findings) {
      const targets = new Set<IConstruct>();
      for (const e of finding.evidence) {
        const owner = e.file ? byFile.get(e.file) : undefined;
        if (!owner) continue;
        const id = e.pointer?.startsWith("/Resources/") ? parsePointer(e.pointer)[1] : undefined;
        targets.add((id && owner.resources.get(id)) || owner.stack);
      }
      if (targets.size === 0) {
        const [stackName, logicalId] = finding.subject.split("/");
        const owner = [...byFile.values()].find((o) => o.stack.stackName === stackName);
        if (owner) targets.add((logicalId && owner.resources.get(logicalId)) || owner.stack);
        else targets.add(scope);
      }
      const message = messageOf(finding);
      for (const target of targets) {
        if (finding.suppressed) Annotations.of(target).addInfo(message);
        else if (finding.severity === "error") Annotations.of(target).addError(message);
        else Annotations.of(target).addWarning(message);
      }
    }
    for (const error of evaluated.errors) {
      const owner = byFile.get(error.file);
      Annotations.of(owner?.stack ?? scope).addError(`agent-guardrail: could not evaluate: ${error.message}`);
    }

    for (const imported of importedRoles(scope)) {
      if (!policy.agents.roleNamePatterns.some((p) => wildcardMatch(p, imported.name))) continue;
      const input = inputs.find((i) => i.file === imported.stack.templateFile) ?? stackInput(imported.stack, {});
      const production = isProductionStack(
        { names: [input.stackName, input.stagePath].filter((n): n is string => Boolean(n)), tags: input.stackTags ?? {}, ...(input.account ? { account: input.account } : {}) },
        policy.production,
      );
      const text = `[agent-destructive-prod] ${imported.construct.node.path} is an imported agent role (${imported.name}): its other policies are not in this app, so its access is not verifiable here. Define the role in CDK, or audit it with \`agent-guardrail audit\`.`;
      if (production && imported.hasGrants) Annotations.of(imported.construct).addError(`${text} This app grants it more access in production. ${suppressHint("agent-destructive-prod")}`);
      else Annotations.of(imported.construct).addWarning(text);
    }
  }
}
