/**
 * Shared work of the two IAM rules over one input: which principals are agents, their effective
 * access, and whether a role they can assume is itself compliant. Computed once per
 * (input, policy, catalogue) and shared by both rules.
 */
import type { Evidence, InputError } from "../finding.js";
import type { Policy } from "../policy.js";
import { agentReason } from "./agents.js";
import { analyzePrincipal, inProductionAccount, PolicyParser, type Grant, type PrincipalAccess } from "./access.js";
import type { AwsManagedPolicyLookup } from "./aws-managed-policies.js";
import type { ActionCatalogue } from "./catalogue.js";
import type { IamInput, PolicySource, Principal } from "./model.js";
import { hasWildcard } from "./catalogue.js";
import { tierIndex } from "./tiers.js";
import { globsOverlap } from "./patterns.js";

export interface AgentAnalysis {
  principal: Principal;
  reason: string;
  access: PrincipalAccess;
  /** Managed policies attached by ARN whose documents are unknown: not verifiable. */
  unresolved: { arn: string; evidence: Evidence }[];
  /** Allow patterns matching no catalogue action that might name a destructive one. */
  unverifiablePatterns: PrincipalAccess["unmatchedPatterns"];
}

export interface InputAnalysis {
  agents: AgentAnalysis[];
  errors: InputError[];
  /** T1–T3 grants that count (production resources). */
  destructiveGrants(access: PrincipalAccess): Grant[];
  /** T4 grants that count, resolving sts:AssumeRole targets inside the input. */
  escalationGrants(access: PrincipalAccess): Grant[];
}

const DESTRUCTIVE_TIERS = ["delete", "protectionOff", "replace"] as const;

const cache = new WeakMap<IamInput, WeakMap<Policy, WeakMap<ActionCatalogue, InputAnalysis>>>();

export function analyzeInput(input: IamInput, policy: Policy, catalogue: ActionCatalogue): InputAnalysis {
  let byPolicy = cache.get(input);
  if (!byPolicy) cache.set(input, (byPolicy = new WeakMap()));
  let byCatalogue = byPolicy.get(policy);
  if (!byCatalogue) byPolicy.set(policy, (byCatalogue = new WeakMap()));
  let analysis = byCatalogue.get(catalogue);
  if (!analysis) byCatalogue.set(catalogue, (analysis = buildAnalysis(input, policy, catalogue)));
  return analysis;
}

/** Managed policies attached by ARN: AWS managed ones resolve to their published documents. */
function bundledSources(principal: Principal, lookup: AwsManagedPolicyLookup | undefined): { sources: PolicySource[]; unresolved: { arn: string; evidence: Evidence }[] } {
  const sources: PolicySource[] = [];
  const unresolved: { arn: string; evidence: Evidence }[] = [];
  for (const entry of principal.unresolvedPolicies ?? []) {
    const published = lookup?.(entry.arn);
    if (published) {
      sources.push({
        name: entry.arn,
        document: published.document,
        evidence: { ...entry.evidence, arn: entry.arn, note: `AWS managed policy, published version ${published.versionId} (${published.source})` },
      });
    } else unresolved.push(entry);
  }
  return { sources, unresolved };
}

function buildAnalysis(input: IamInput, policy: Policy, catalogue: ActionCatalogue): InputAnalysis {
  const parser = new PolicyParser();
  const context = { policy, catalogue, parser, productionVerdicts: new Map<string, boolean>(), ...(input.account !== undefined ? { account: input.account } : {}) };
  const index = tierIndex(catalogue, policy.destructive);
  const accessCache = new Map<Principal, { access: PrincipalAccess; unresolved: { arn: string; evidence: Evidence }[] }>();
  const accessOf = (principal: Principal): { access: PrincipalAccess; unresolved: { arn: string; evidence: Evidence }[] } => {
    let known = accessCache.get(principal);
    if (!known) {
      const bundled = bundledSources(principal, catalogue.awsManagedPolicy);
      known = { access: analyzePrincipal(principal, context, bundled.sources), unresolved: bundled.unresolved };
      accessCache.set(principal, known);
    }
    return known;
  };

  // Does an Allow pattern the catalogue cannot expand possibly name a destructive action?
  const tierGlobs = [
    ...policy.destructive.t1Delete.include,
    ...policy.destructive.t2ProtectionOff.actions,
    ...policy.destructive.t3Replace.actions,
    ...policy.destructive.t4Escalation.actions,
    ...policy.destructive.t4Escalation.codeExecution,
    ...policy.destructive.t4Escalation.assumeRole,
  ];
  const mightBeDestructive = (pattern: string): boolean => {
    const name = pattern.slice(pattern.indexOf(":") + 1);
    if (/^[*?]/.test(name) || !pattern.includes(":")) return true;
    const literalPrefix = name.split(/[*?]/)[0] ?? "";
    const probe = hasWildcard(name) ? `${literalPrefix}X` : name;
    if (index.t1Patterns.some((re) => re.test(probe))) return true;
    return tierGlobs.some((g) => globsOverlap(g, pattern));
  };

  const agents: AgentAnalysis[] = [];
  for (const principal of input.principals) {
    const reason = principal.assumeAgent ?? agentReason(principal, policy.agents);
    // Parse every principal's documents: a broken policy is an input error wherever it is.
    for (const source of [...principal.policies, ...(principal.boundary && principal.boundary !== "unresolved" ? [principal.boundary] : [])]) parser.statements(source);
    if (!reason) continue;
    const { access, unresolved } = accessOf(principal);
    agents.push({
      principal,
      reason,
      access,
      unresolved,
      unverifiablePatterns: access.unmatchedPatterns.filter((u) => mightBeDestructive(u.pattern)),
    });
  }

  const destructiveGrants = (access: PrincipalAccess): Grant[] =>
    access.grants.filter((g) => g.production && DESTRUCTIVE_TIERS.some((t) => g.tiers.has(t)));

  // A role is compliant when, evaluated as an agent, neither rule would flag it.
  const compliance = new Map<Principal, boolean>();
  const visiting = new Set<Principal>();
  const roleByArn = new Map<string, Principal>();
  for (const p of input.principals) if (p.kind === "role" && p.arn) roleByArn.set(p.arn.toLowerCase(), p);
  const isCompliant = (role: Principal): boolean => {
    const known = compliance.get(role);
    if (known !== undefined) return known;
    if (visiting.has(role)) return false; // a cycle of assumable roles: not proven
    visiting.add(role);
    const { access, unresolved } = accessOf(role);
    const result = unresolved.length === 0 && destructiveGrants(access).length === 0 && escalationGrants(access).length === 0;
    visiting.delete(role);
    compliance.set(role, result);
    return result;
  };

  const escalationGrants = (access: PrincipalAccess): Grant[] => {
    const principal = access.principal;
    const inScope = access.grants.filter((g) => inProductionAccount(g.ref, principal, policy, input.account));
    const direct = inScope.filter((g) => g.tiers.has("escalate") || g.tiers.has("codeExecution"));
    const passRole = inScope.filter((g) => g.tiers.has("passRole"));
    const passRoleWith = inScope.filter((g) => g.tiers.has("passRoleWith"));
    const assume = inScope.filter((g) => {
      if (!g.tiers.has("assumeRole")) return false;
      if (hasWildcard(g.ref.pattern)) return true;
      const target = roleByArn.get(g.ref.pattern.toLowerCase());
      return !(target && target !== principal && isCompliant(target));
    });
    const out = new Set<Grant>([...direct, ...assume]);
    if (passRole.length && passRoleWith.length) for (const g of [...passRole, ...passRoleWith]) out.add(g);
    return [...out];
  };

  return { agents, errors: parser.errors, destructiveGrants, escalationGrants };
}
