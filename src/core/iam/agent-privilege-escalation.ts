/**
 * agent-privilege-escalation (T4): an agent principal that can grant itself, or become a
 * principal that has, more access: every escalation path of policies/escalation-paths.yaml whose
 * actions it holds, and every dangerous principal it can become (reach.ts), with the chain.
 */
import type { Evidence, Finding } from "../finding.js";
import type { Policy } from "../policy.js";
import type { Grant } from "./access.js";
import { analyzeInput, heldThere, type AgentAnalysis, type AnalysisOptions } from "./analysis.js";
import type { ActionCatalogue } from "./catalogue.js";
import { findingEvidence, grantItems, groupedText, principalLabel, sortedActions, summarizeGrants, unverifiableEvidence, unverifiableText } from "./finding-text.js";
import type { IamInput, Principal } from "./model.js";
import { kubernetesAccessText, kubernetesEscalates, kubernetesEvidence } from "./kubernetes-access.js";
import type { Chain, Danger, Escalation } from "./reach.js";

const SHOWN = 3;

/** `deploy-role` for a role, the last segment of a managed policy ARN for a policy. */
const shortName = (name: string): string => name.slice(name.lastIndexOf("/") + 1);

const dangerTexts = new WeakMap<Danger, string>();

/** What a reachable principal can do, in a few words (memoized: many agents reach the same roles). */
function dangerText(danger: Danger): string {
  let text = dangerTexts.get(danger);
  if (text === undefined) dangerTexts.set(danger, (text = describeDanger(danger)));
  return text;
}

function describeDanger(danger: Danger): string {
  if (danger.destructive.length) {
    // Thousands of grants come from a few statements: names are taken per statement.
    const policies = [...new Set([...new Set(danger.destructive.map((g) => g.statement))].map((s) => shortName(s.source.name)))];
    return `can delete or replace production resources (${summarizeGrants(danger.destructive, 2)}; through ${policies.slice(0, 2).join(", ")})`;
  }
  if (danger.paths.length) return `can escalate (${danger.paths.slice(0, 2).map((m) => `path ${m.path.id}`).join(", ")})`;
  if (danger.kubernetes.length) return `has Kubernetes access that deletes or escalates (${danger.kubernetes.slice(0, 2).map(kubernetesAccessText).join(", ")})`;
  return "has managed policies that cannot be verified";
}

export function chainText(agent: Principal, chain: Chain): string {
  const route = [agent.name, ...chain.hops.map((h) => `${h.to.name} (${h.via})`)].join(" → ");
  return `${route}, which ${dangerText(chain.danger)}`;
}

function pathText(grants: readonly Grant[], id: string, actions: readonly string[]): string {
  const wanted = new Set(actions.map((a) => a.toLowerCase()));
  const items = grantItems(grants.filter((g) => wanted.has(g.action.toLowerCase())));
  return `${groupedText(items)} (path ${id})`;
}

/**
 * The message's first `shown` items (paths that count by themselves, then the principals it can
 * become) and how many there are in all. Only the shown ones are rendered: an agent in a large
 * account can reach hundreds of dangerous roles, each with thousands of grants.
 */
export function escalationItems(agent: Principal, escalation: Escalation, shown = SHOWN): { items: string[]; total: number } {
  const items = escalation.paths.slice(0, shown).map((m) => pathText(m.grants, m.path.id, m.path.actions));
  for (const chain of escalation.chains.slice(0, shown - items.length)) items.push(`it can become ${chainText(agent, chain)}`);
  return { items, total: escalation.paths.length + escalation.chains.length };
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

/**
 * Paths and chains the agent has through the statements of the role of another template it may
 * be (Principal.mayBeHeldBy) alone are that role's, reported there; those they share with its own stay.
 */
function ownEscalation(principal: Principal, escalation: Escalation): Escalation {
  if (!principal.mayBeHeldBy) return escalation;
  const there = (grants: readonly Grant[]): boolean => grants.length > 0 && grants.every((g) => heldThere(principal, g.statement));
  const paths = escalation.paths.filter((m) => !there(m.grants));
  const chains = escalation.chains.filter((c) => !there(c.hops[0]?.grants ?? []));
  const cited = new Set([...paths.flatMap((m) => m.grants), ...chains.flatMap((c) => c.hops[0]?.grants ?? [])]);
  return { paths, chains, grants: escalation.grants.filter((g) => cited.has(g)) };
}

function finding(agent: AgentAnalysis, whole: Escalation): Finding | undefined {
  const escalation = ownEscalation(agent.principal, whole);
  const unverifiable = unverifiableEvidence(agent);
  const iam = escalationItems(agent.principal, escalation);
  // An EKS access entry that already gives the agent Kubernetes admin: where the path
  // eks-access-entry-cluster-admin ends, with no IAM action left to hold. Named first: it is given, not reachable.
  const kubernetes = (agent.principal.kubernetesAccess ?? []).filter(kubernetesEscalates);
  const items = [...kubernetes.map((a) => `${kubernetesAccessText(a)}, whose pods run as any service account's IRSA or Pod Identity role there`), ...iam.items];
  const total = iam.total + kubernetes.length;
  if (total === 0 && unverifiable.length === 0) return undefined;
  const label = principalLabel(agent);
  const actions = new Set(sortedActions(escalation.grants));
  for (const chain of escalation.chains) if (chain.hops[0]?.via === "sts:AssumeRole") actions.add("sts:AssumeRole");
  const more = total - items.length;
  const message = total
    ? `${label} can escalate its privileges: ${items.join("; ")}${more > 0 ? `; and ${more} more` : ""}`
    : `${label} cannot be verified not to escalate its privileges: ${unverifiableText(agent)} (fail closed)`;
  const extra = [
    ...kubernetesEvidence(kubernetes, "Kubernetes access that runs pods as its scope's service accounts (their IAM roles) and reads their Secrets"),
    ...escalation.chains.slice(0, SHOWN).flatMap((c) => chainEvidence(agent.principal, c)),
    ...unverifiable,
  ];
  return {
    rule: "agent-privilege-escalation",
    severity: "error",
    message,
    subject: agent.principal.subject,
    ...(iam.total ? { actions: [...actions].sort() } : {}),
    evidence: findingEvidence(agent, escalation.grants, extra),
    suppressed: null,
  };
}

// Outside the `as const` object below: Stryker does not mutate inside a type assertion.
function evaluate(input: IamInput, policy: Policy, catalogue: ActionCatalogue, options: AnalysisOptions = {}): Finding[] {
  const analysis = analyzeInput(input, policy, catalogue, options);
  return analysis.agents.flatMap((agent) => finding(agent, analysis.escalation(agent.access)) ?? []);
}

export const rule = {
  id: "agent-privilege-escalation",
  defaultSeverity: "error",
  evaluate,
} as const;
