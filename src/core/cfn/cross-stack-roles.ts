/**
 * One role, several templates. A role defined in one stack of the input is often granted in
 * another, or run as an agent by another: CDK names it there through an export of its stack (a
 * cross-stack reference: `Fn::ImportValue` of its Ref or Arn, or the name CDK parses from an
 * imported ARN), a nested stack's parameter its parent fills with it, or a nested stack's output
 * its parent reads; and apps name it by its literal name (`Role.fromRoleName`). Read template by
 * template, the other stack saw a role it could judge only by that name (an agent role named
 * `orders-exec` passed), or a stand-in it had to assume was an agent's (every Lambda role granted
 * from another stack failed); and a role whose agent ran in another stack was no agent's where its
 * grants were. Here each such name is joined to the role it names: what the other stack grants is
 * judged against the role's own trust, tags, boundary and agents, and an agent that runs as it in
 * one stack makes it the agent's in all.
 */
import type { Principal } from "../iam/model.js";
import { agentReason } from "../iam/agents.js";
import type { AgentSignals } from "../policy.js";
import { isRecord } from "../is-record.js";
import { crossRegionExports, crossRegionParameter, intrinsicKey, resolveText, trustArnOf, type ResolveContext, type TemplateResource } from "./intrinsics.js";

/**
 * A role of another template: by a reference to its Ref or Arn (exactly that role: `export:<name>`,
 * `xregion:<parameter name>`, `param:<nested label>:<parameter>`, `output:<nested label>:<output>`), or by its literal name in
 * an account (when known).
 */
export type RoleLink = { ref: string } | { name: string; account?: string };

/** The role a reference names: its template's label and its logical id. */
export interface ExportedRole {
  stack: string;
  logicalId: string;
  /** How a trust policy of another template naming it by that reference reads it (trustArnOf). */
  trustedAs?: string;
}

/** What one template says about roles across templates (readTemplate). */
export interface CrossStackRoles {
  /** The roles it defines, with their literal RoleName when written. */
  own: { logicalId: string; name?: string; principal: Principal }[];
  /**
   * The roles of other templates it names: the principal standing for one it grants anything
   * (`standIn`: assumed an agent's only because the template alone cannot tell), or why an agent
   * of this template runs as it.
   */
  outside: { link: RoleLink; principal?: Principal; standIn?: boolean; agentReason?: string; mayBe?: boolean }[];
}

/**
 * How other templates may name this one's roles (`Ref` or `Fn::GetAtt Arn` of an AWS::IAM::Role):
 * its exports, its outputs (a nested stack's, which its parent reads), and the parameters it
 * passes to its nested stacks.
 */
export function collectRoleReferences(value: unknown, stack: string, ctx: ResolveContext, into: Map<string, ExportedRole>): void {
  const outputs = isRecord(value) && isRecord(value["Outputs"]) ? value["Outputs"] : {};
  const role = (logicalId: string): ExportedRole => {
    const resource = ctx.resources[logicalId];
    return { stack, logicalId, ...(resource ? { trustedAs: trustArnOf("role", logicalId, resource, ctx) } : {}) };
  };
  for (const [key, output] of Object.entries(outputs)) {
    const logicalId = isRecord(output) ? roleIdOf(output["Value"], ctx.resources) : undefined;
    if (logicalId === undefined || !isRecord(output)) continue;
    into.set(`output:${stack}:${key}`, role(logicalId));
    const name = isRecord(output["Export"]) ? resolveText(output["Export"]["Name"], ctx).text : "";
    if (name && !name.includes("*")) setReference(into, `export:${name}`, role(logicalId));
  }
  // A CDK cross-Region reference to the role: the parameter its writer fills, which the other
  // Region's stack reads (`xregion:<parameter name>`).
  for (const { parameter, value: written } of crossRegionExports(ctx.resources)) {
    const logicalId = roleIdOf(written, ctx.resources);
    if (logicalId !== undefined) setReference(into, `xregion:${parameter}`, role(logicalId));
  }
  for (const [id, r] of Object.entries(ctx.resources)) {
    const parameters = r.Type === "AWS::CloudFormation::Stack" ? r.Properties?.["Parameters"] : undefined;
    if (!isRecord(parameters)) continue;
    for (const [parameter, written] of Object.entries(parameters)) {
      const logicalId = roleIdOf(written, ctx.resources);
      if (logicalId !== undefined) into.set(`param:${stack}.${id}:${parameter}`, role(logicalId));
    }
  }
}

/**
 * An export name is unique only in its account and Region: two stacks of the input exporting
 * the same name (one app deployed to a staging and a production account) name no one role, and a
 * reference to it stays a stand-in (fail closed) instead of taking the last one's boundary.
 */
function setReference(into: Map<string, ExportedRole>, key: string, role: ExportedRole): void {
  const known = into.get(key);
  into.set(key, known === undefined || (known.stack === role.stack && known.logicalId === role.logicalId) ? role : AMBIGUOUS);
}

/** A reference several roles of the input answer to: it joins none of them. */
const AMBIGUOUS: ExportedRole = Object.freeze({ stack: "", logicalId: "" });

function roleIdOf(value: unknown, resources: Record<string, TemplateResource>): string | undefined {
  const key = intrinsicKey(value);
  const arg = key !== undefined && isRecord(value) ? value[key] : undefined;
  let id: unknown;
  if (key === "Ref") id = arg;
  else if (key === "Fn::GetAtt") {
    const [target, attribute] = Array.isArray(arg) ? arg : typeof arg === "string" ? arg.split(/\.(.*)/s) : [];
    if (attribute === "Arn") id = target;
  }
  return typeof id === "string" && resources[id]?.Type === "AWS::IAM::Role" ? id : undefined;
}

/**
 * The reference (collectRoleReferences) by which a value of the template labelled `label` names a
 * role of another: `Fn::ImportValue` of its export, `Fn::GetAtt` of the cross-Region reader of the
 * parameter its writer fills, `Ref` of a parameter its parent fills with it,
 * `Fn::GetAtt [Nested, Outputs.X]` of a nested stack's output, or the role name CDK's
 * `Role.fromRoleArn` parses from such an ARN (`Fn::Select [1, Fn::Split ["/", Fn::Select [5,
 * Fn::Split [":", …]]]]`). Any other expression over them is not read as the role (it may name another).
 */
export function roleReferenceOf(value: unknown, label: string, ctx: ResolveContext, parameters: unknown, references: ReadonlyMap<string, ExportedRole>): string | undefined {
  if (references.size === 0) return undefined;
  const inner = cdkParsedRoleName(value) ?? value;
  const key = intrinsicKey(inner);
  const arg = key !== undefined && isRecord(inner) ? inner[key] : undefined;
  let reference: string | undefined;
  const crossRegion = crossRegionParameter(inner, ctx.resources);
  if (crossRegion !== undefined) reference = `xregion:${crossRegion}`;
  else if (key === "Fn::ImportValue") reference = `export:${resolveText(arg, ctx).text}`;
  else if (key === "Ref" && typeof arg === "string" && isRecord(parameters) && parameters[arg] !== undefined) reference = `param:${label}:${arg}`;
  else if (key === "Fn::GetAtt") {
    const [id, attribute] = Array.isArray(arg) ? arg : typeof arg === "string" ? arg.split(/\.(.*)/s) : [];
    if (typeof id === "string" && typeof attribute === "string" && attribute.startsWith("Outputs.") && ctx.resources[id]?.Type === "AWS::CloudFormation::Stack") {
      reference = `output:${label}.${id}:${attribute.slice("Outputs.".length)}`;
    }
  }
  const role = reference === undefined ? undefined : references.get(reference);
  return role !== undefined && role !== AMBIGUOUS ? reference : undefined;
}

/**
 * A role of another template an expression the template cannot resolve is built on (an
 * `Fn::ImportValue` of its export inside a `Fn::Select`/`Fn::Split` that is not CDK's parse): the
 * name may be that role, though it is not proven to be (roleReferenceOf).
 */
export function roleImportWithin(value: unknown, ctx: ResolveContext, references: ReadonlyMap<string, ExportedRole>, depth = 0): string | undefined {
  if (references.size === 0 || depth > 16) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = roleImportWithin(item, ctx, references, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const crossRegion = crossRegionParameter(value, ctx.resources);
  if (intrinsicKey(value) === "Fn::ImportValue" || crossRegion !== undefined) {
    const reference = crossRegion !== undefined ? `xregion:${crossRegion}` : `export:${resolveText(value["Fn::ImportValue"], ctx).text}`;
    const role = references.get(reference);
    return role !== undefined && role !== AMBIGUOUS ? reference : undefined;
  }
  for (const item of Object.values(value)) {
    const found = roleImportWithin(item, ctx, references, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A reference as the template writes it: `Fn::ImportValue X`, `cross-Region reference /cdk/exports/…`, `parameter P`, `output O of nested stack L`. */
export function writtenReference(reference: string): string {
  const [kind, ...rest] = reference.split(":");
  const text = rest.join(":");
  if (kind === "export") return `Fn::ImportValue ${text}`;
  if (kind === "xregion") return `cross-Region reference ${text}`;
  const colon = text.lastIndexOf(":");
  return kind === "param" ? `parameter ${text.slice(colon + 1)}` : `output ${text.slice(colon + 1)} of nested stack ${text.slice(0, colon)}`;
}

export function cdkParsedRoleName(value: unknown): unknown {
  const select = (v: unknown, index: number, separator: string): unknown => {
    if (!isRecord(v) || intrinsicKey(v) !== "Fn::Select") return undefined;
    const arg = v["Fn::Select"];
    if (!Array.isArray(arg) || Number(arg[0]) !== index || !isRecord(arg[1]) || intrinsicKey(arg[1]) !== "Fn::Split") return undefined;
    const split = arg[1]["Fn::Split"];
    return Array.isArray(split) && split[0] === separator ? split[1] : undefined;
  };
  const resourcePart = select(value, 1, "/");
  return resourcePart === undefined ? undefined : select(resourcePart, 5, ":");
}

interface Defined {
  principal: Principal;
  stack: string;
  account?: string;
}

export interface LinkedTemplate {
  stackLabel: string;
  account?: string;
  roles: CrossStackRoles;
}

/**
 * Join every template's names for other templates' roles to those roles, in place: first each
 * agent's role in another stack becomes the agent's there, then each principal standing for a
 * role of another template takes that role's identity (name, ARN, tags, trust, boundary, agent).
 * A name that may be several roles (same name, accounts not known) takes no boundary (none is
 * proven to apply) and is an agent's when any of them is (fail closed).
 */
export function linkRolesAcrossTemplates(templates: readonly LinkedTemplate[], roleExports: ReadonlyMap<string, ExportedRole>, agents: AgentSignals): void {
  const byId = new Map<string, Defined>();
  const byName = new Map<string, Defined[]>();
  for (const t of templates) {
    for (const own of t.roles.own) {
      const defined: Defined = { principal: own.principal, stack: t.stackLabel, ...(t.account ? { account: t.account } : {}) };
      byId.set(`${t.stackLabel}\0${own.logicalId}`, defined);
      if (own.name !== undefined) byName.set(own.name, [...(byName.get(own.name) ?? []), defined]);
    }
  }
  const resolve = (link: RoleLink): { roles: Defined[]; exact: boolean } => {
    if ("ref" in link) {
      const exported = roleExports.get(link.ref);
      const role = exported ? byId.get(`${exported.stack}\0${exported.logicalId}`) : undefined;
      return { roles: role ? [role] : [], exact: role !== undefined };
    }
    // Role names are unique in an account: another account's role of that name is another role.
    const roles = (byName.get(link.name) ?? []).filter((d) => d.account === undefined || link.account === undefined || d.account === link.account);
    return { roles, exact: roles.length === 1 && link.account !== undefined && roles[0]?.account === link.account };
  };
  const reasonOf = (p: Principal): string | undefined => p.assumeAgent ?? agentReason(p, agents);

  for (const t of templates) {
    for (const { link, agentReason: reason } of t.roles.outside) {
      if (reason === undefined) continue;
      for (const { principal } of resolve(link).roles) if (reasonOf(principal) === undefined) principal.assumeAgent = `${reason} (in stack ${t.stackLabel})`;
    }
  }
  const copies = new Map<Principal, Principal[]>();
  const maybe: [Principal, Principal][] = [];
  for (const t of templates) {
    for (const { link, principal, standIn, mayBe } of t.roles.outside) {
      if (!principal) continue;
      const { roles, exact } = resolve(link);
      const [only] = roles;
      if (mayBe) {
        if (only && roles.length === 1) maybe.push([principal, only.principal]);
        continue;
      }
      if (exact && only) {
        adopt(principal, only, standIn === true);
        copies.set(only.principal, [...(copies.get(only.principal) ?? []), principal]);
        continue;
      }
      if (only && roles.length === 1) maybe.push([principal, only.principal]);
      if (principal.assumeAgent !== undefined && standIn !== true) continue;
      const agentRole = roles.find((d) => reasonOf(d.principal) !== undefined);
      if (agentRole && reasonOf(principal) === undefined) principal.assumeAgent = `it may be role ${agentRole.principal.subject}, whose ${reasonOf(agentRole.principal) ?? ""}`;
    }
  }
  for (const [role, parts] of copies) joinCopies(role, parts, reasonOf);
  // The one role of that name, in an account that may be this one: what both grant counts
  // together (fail closed); the role's own grants stay its findings.
  for (const [principal, role] of maybe) {
    // One stand-in may be named so by several attachments: its statements are added once.
    if (role.policies.length === 0 || principal.mayBeHeldBy !== undefined) continue;
    principal.mayBeHeldBy = { subject: role.subject, policies: role.policies };
    principal.policies = [...principal.policies, ...role.policies];
  }
}

/**
 * One role, one set of policies: a role's policies written in several templates (its own
 * stack's, another stack's `AWS::IAM::Policy` or `ManagedPolicy` on it, a bucket policy naming
 * it) grant together, so an escalation path whose steps are split between stacks is complete only
 * in their union (iam:PassRole here, lambda:CreateFunction there). Every copy holds the union, so
 * a principal of any of those templates that can become the role reaches all of it; the role is
 * judged once, where it is defined (each grant still cited in its own template), and its copies
 * are not judged again. An agent's reason a copy has (an agent of that template runs as it) makes
 * the role the agent's.
 */
function joinCopies(role: Principal, parts: readonly Principal[], reasonOf: (p: Principal) => string | undefined): void {
  const policies = [...role.policies];
  const unresolved = [...(role.unresolvedPolicies ?? [])];
  // Kubernetes access a cluster's stack gives the role (an EKS access entry naming its export) is the role's too.
  const kubernetes = [...(role.kubernetesAccess ?? [])];
  for (const part of parts) {
    policies.push(...part.policies);
    unresolved.push(...(part.unresolvedPolicies ?? []));
    kubernetes.push(...(part.kubernetesAccess ?? []));
    if (reasonOf(role) === undefined && part.assumeAgent !== undefined) role.assumeAgent = part.assumeAgent;
  }
  for (const p of [role, ...parts]) {
    p.policies = [...policies];
    if (unresolved.length > 0) p.unresolvedPolicies = [...unresolved];
    if (kubernetes.length > 0) p.kubernetesAccess = [...kubernetes];
  }
  for (const part of parts) part.judgedWith = role.subject;
}

/** The stand-in takes the identity of the role it names; what its own template granted it stays. */
function adopt(principal: Principal, role: Defined, standIn: boolean): void {
  const from = role.principal;
  principal.name = from.name;
  principal.label = `Role ${from.subject}`;
  if (from.possibleNames) principal.possibleNames = from.possibleNames;
  if (from.arn) principal.arn = from.arn;
  if (from.trustKey) principal.trustKey = from.trustKey;
  if (from.account) principal.account = from.account;
  principal.tags = { ...from.tags };
  if (from.trustPolicy) principal.trustPolicy = from.trustPolicy;
  if (from.boundary && principal.boundary === undefined) {
    principal.boundary = from.boundary;
    if (from.boundaryArn) principal.boundaryArn = from.boundaryArn;
  }
  // A stand-in was an agent's only for want of the role (fail closed): now the role decides.
  if (standIn) {
    if (from.assumeAgent === undefined) delete principal.assumeAgent;
    else principal.assumeAgent = from.assumeAgent;
  } else principal.assumeAgent ??= from.assumeAgent;
}
