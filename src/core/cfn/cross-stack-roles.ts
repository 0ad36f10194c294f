/**
 * One role, several templates. A role defined in one stack of the input is often granted in
 * another, or run as an agent by another: CDK names it there through an export of its stack (a
 * cross-stack reference: `Fn::ImportValue` of its Ref or Arn, or the name CDK parses from an
 * imported ARN), and apps name it by its literal name (`Role.fromRoleName`). Read template by
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
import { intrinsicKey, resolveText, type ResolveContext, type TemplateResource } from "./intrinsics.js";

/** A role of another template: by an export of its Ref or Arn (exactly that role), or by its literal name in an account (when known). */
export type RoleLink = { export: string } | { name: string; account?: string };

/** The role an export names: its template's label and its logical id. */
export interface ExportedRole {
  stack: string;
  logicalId: string;
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
  outside: { link: RoleLink; principal?: Principal; standIn?: boolean; agentReason?: string }[];
}

/** Exports whose value is a role of this template (`Ref` or `Fn::GetAtt Arn` of an AWS::IAM::Role), by export name. */
export function collectRoleExports(value: unknown, stack: string, ctx: ResolveContext, into: Map<string, ExportedRole>): void {
  const outputs = isRecord(value) && isRecord(value["Outputs"]) ? value["Outputs"] : {};
  for (const output of Object.values(outputs)) {
    if (!isRecord(output) || !isRecord(output["Export"])) continue;
    const logicalId = roleIdOf(output["Value"], ctx.resources);
    const name = resolveText(output["Export"]["Name"], ctx).text;
    if (logicalId !== undefined && name && !name.includes("*")) into.set(name, { stack, logicalId });
  }
}

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
 * The export a value imports a role of another template by: `Fn::ImportValue` of its Ref or Arn,
 * or the role name CDK's `Role.fromRoleArn` parses from an imported ARN
 * (`Fn::Select [1, Fn::Split ["/", Fn::Select [5, Fn::Split [":", <import>]]]]`). Any other
 * expression over an import is not read as the role (it may name another).
 */
export function importedRoleExport(value: unknown, ctx: ResolveContext, roleExports: ReadonlyMap<string, ExportedRole>): string | undefined {
  const inner = cdkParsedRoleName(value) ?? value;
  if (intrinsicKey(inner) !== "Fn::ImportValue" || !isRecord(inner)) return undefined;
  const name = resolveText(inner["Fn::ImportValue"], ctx).text;
  return roleExports.has(name) ? name : undefined;
}

function cdkParsedRoleName(value: unknown): unknown {
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
    if ("export" in link) {
      const exported = roleExports.get(link.export);
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
  for (const t of templates) {
    for (const { link, principal, standIn } of t.roles.outside) {
      if (!principal) continue;
      const { roles, exact } = resolve(link);
      const [only] = roles;
      if (exact && only) {
        adopt(principal, only, standIn === true);
        continue;
      }
      if (principal.assumeAgent !== undefined && standIn !== true) continue;
      const agentRole = roles.find((d) => reasonOf(d.principal) !== undefined);
      if (agentRole && reasonOf(principal) === undefined) principal.assumeAgent = `it may be role ${agentRole.principal.subject}, whose ${reasonOf(agentRole.principal) ?? ""}`;
    }
  }
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
