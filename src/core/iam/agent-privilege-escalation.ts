/**
 * agent-privilege-escalation (T4): an agent principal that can grant itself, or become a
 * principal that has, more access: every escalation path of policies/escalation-paths.yaml whose
 * actions it holds, and every dangerous principal it can become (reach.ts), with the chain.
 */
import type { Evidence, Finding } from "../finding.js";
import type { Policy } from "../policy.js";
import type { Grant } from "./access.js";
import { analyzeInput, type AgentAnalysis, type AnalysisOptions } from "./analysis.js";
import type { ActionCatalogue } from "./catalogue.js";
import { findingEvidence, grantItems, principalLabel, sortedActions, summarize, unverifiableEvidence, unverifiableText } from "./finding-text.js";
import type { IamInput, Principal } from "./model.js";
import type { Chain, Danger, Escalation } from "./reach.js";

const SHOWN = 3;

/** `deploy-role` for a role, the last segment of a managed policy ARN for a policy. */
const shortName = (name: string): string => name.slice(name.lastIndexOf("/") + 1);

function dangerText(danger: Danger): string {
  if (danger.destructive.length) {
    const policies = [...new Set(danger.destructive.map((g) => shortName(g.statement.source.name)))];
    return `can delete or replace production resources (${summarize(grantItems(danger.destructive), 2)}; through ${policies.slice(0, 2).join(", ")})`;
  }
  if (danger.paths.length) return `can escalate (${danger.paths.slice(0, 2).map((m) => `path ${m.path.id}`).join(", ")})`;
  return "has managed policies that cannot be verified";
}

export function chainText(agent: Principal, chain: Chain): string {
  const route = [agent.name, ...chain.hops.map((h) => `${h.to.name} (${h.via})`)].join(" → ");
  return `${route}, which ${dangerText(chain.danger)}`;
}

function pathText(grants: readonly Grant[], id: string, actions: readonly string[]): string {
  const wanted = new Set(actions.map((a) => a.toLowerCase()));
  const items = grantItems(grants.filter((g) => wanted.has(g.action.toLowerCase())));
  return `${items.map((i) => i.text).join(", ")} (path ${id})`;
}

/** The message's items: paths that count by themselves, then the principals it can become. */
export function escalationItems(agent: Principal, escalation: Escalation): string[] {
  return [
    ...escalation.paths.map((m) => pathText(m.grants, m.path.id, m.path.actions)),
    ...escalation.chains.map((c) => `it can become ${chainText(agent, c)}`),
  ];
}

function chainEvidence(agent: Principal, chain: Chain): Evidence[] {
  const first = chain.hops[0];
  const evidence: Evidence[] = [];
  // Trust alone (no identity grant): the trust policy that names the agent is the evidence.
  if (first && first.grants.length === 0 && first.to.trustPolicy) {
    evidence.push({ ...first.to.trustPolicy.evidence, note: `trust policy of ${first.to.name} admits ${agent.name}` });
  }
  evidence.push({ ...chain.target.evidence, note: `reachable: ${chainText(agent, chain)}` });
  return evidence;
}

function finding(agent: AgentAnalysis, escalation: Escalation): Finding | undefined {
  const unverifiable = unverifiableEvidence(agent);
  const items = escalationItems(agent.principal, escalation);
  if (items.length === 0 && unverifiable.length === 0) return undefined;
  const label = principalLabel(agent);
  const actions = new Set(sortedActions(escalation.grants));
  for (const chain of escalation.chains) if (chain.hops[0]?.via === "sts:AssumeRole") actions.add("sts:AssumeRole");
  const more = items.length - SHOWN;
  const message = items.length
    ? `${label} can escalate its privileges: ${items.slice(0, SHOWN).join("; ")}${more > 0 ? `; and ${more} more` : ""}`
    : `${label} cannot be verified not to escalate its privileges: ${unverifiableText(agent)} (fail closed)`;
  const extra = [...escalation.chains.slice(0, SHOWN).flatMap((c) => chainEvidence(agent.principal, c)), ...unverifiable];
  return {
    rule: "agent-privilege-escalation",
    severity: "error",
    message,
    subject: agent.principal.subject,
    ...(items.length ? { actions: [...actions].sort() } : {}),
    evidence: findingEvidence(agent, escalation.grants.map((g) => g.statement), extra),
    suppressed: null,
  };
}

export const rule = {
  id: "agent-privilege-escalation",
  defaultSeverity: "error",
  evaluate(input: IamInput, policy: Policy, catalogue: ActionCatalogue, options: AnalysisOptions = {}): Finding[] {
    const analysis = analyzeInput(input, policy, catalogue, options);
    return analysis.agents.flatMap((agent) => finding(agent, analysis.escalation(agent.access)) ?? []);
  },
} as const;
