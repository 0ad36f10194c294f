/** Messages and evidence of the IAM rules' findings: a few examples, then "and N more". */
import { BoundedMemo } from "../bounded-memo.js";
import type { Evidence, Finding } from "../finding.js";
import type { Grant } from "./access.js";
import type { AgentAnalysis } from "./analysis.js";
import type { PolicyStatement } from "./policy-document.js";
import { compareText } from "../sorted.js";

const KIND_LABEL = { role: "Role", user: "User", group: "Group" } as const;

export function principalLabel(agent: AgentAnalysis): string {
  const p = agent.principal;
  return p.label ?? `${KIND_LABEL[p.kind]} ${p.name}`;
}

/** `arn:aws:dynamodb:us-east-1:1:table/orders-prod` → `table/orders-prod`; other text as is. */
export function shortResource(pattern: string): string {
  const parts = pattern.split(":");
  if (parts[0]?.toLowerCase() === "arn" && parts.length >= 6) {
    const resource = parts.slice(5).join(":");
    return resource === "*" && parts[2] && parts[2] !== "*" ? `${parts[2]} *` : resource;
  }
  return pattern;
}

export function grantResource(grant: Grant): string {
  return grant.ref.origin ?? shortResource(grant.ref.pattern);
}

// Services whose loss the seed incident was about come first in examples.
const SERVICE_ORDER = ["cloudformation", "dynamodb", "rds", "s3", "kms", "ec2", "iam", "sts", "lambda", "logs", "backup", "elasticfilesystem"];
const SERVICE_RANK = new Map(SERVICE_ORDER.map((service, i) => [service, i]));
function servicePriority(action: string): number {
  return SERVICE_RANK.get(action.slice(0, action.indexOf(":")).toLowerCase()) ?? SERVICE_ORDER.length;
}

// Asked for each action of each agent's grants: catalogue actions recur across agents.
const priorities = new BoundedMemo<number>("action priorities");
function cachedPriority(action: string): number {
  let priority = priorities.get(action);
  if (priority === undefined) priorities.set(action, (priority = servicePriority(action)));
  return priority;
}

/** The grants' actions, each once, in the order first granted. */
function distinctActions(grants: readonly Grant[]): string[] {
  const actions = new Set<string>();
  for (let i = 0; i < grants.length; i++) actions.add((grants[i] as Grant).action);
  return [...actions];
}

export function sortedActions(grants: readonly Grant[]): string[] {
  return distinctActions(grants).sort();
}

/** An action with the resources it reaches (`on`) and its text alone ("a on r"). */
export interface GrantItem {
  action: string;
  on: string;
  text: string;
}

/** Items that reach the same resources share one "on": "a, b on r, c on r2" (not "a on r, b on r"). */
export function groupedText(items: readonly GrantItem[]): string {
  const groups = new Map<string, GrantItem[]>();
  for (const item of items) {
    const group = groups.get(item.on);
    if (group) group.push(item);
    else groups.set(item.on, [item]);
  }
  return [...groups.values()].map((g) => (g.length === 1 ? (g[0] as GrantItem).text : `${g.map((i) => i.action).join(", ")} on ${(g[0] as GrantItem).on}`)).join(", ");
}

/**
 * "a, b on r, c on r2 and N more actions": the `shown` first actions in example order, with the
 * resources each reaches. Grants can run to tens of thousands (an admin role): the actions are
 * ranked first, and items are built for the shown ones only. Indexed loops and a best list kept
 * in order by insertion: this runs for every agent, in code V8 never optimizes (issue 17).
 * `actions`: the grants' actions, each once, in any order (the ranking is total), when the caller
 * has them already (sortedActions).
 */
export function summarizeGrants(grants: readonly Grant[], shown = 3, actions: readonly string[] = distinctActions(grants), best: readonly string[] = exampleActions(actions, shown)): string {
  const items = grantItemsOf(grants, best);
  const more = actions.length - best.length;
  return more > 0 ? `${groupedText(items)} and ${more} more action${more === 1 ? "" : "s"}` : groupedText(items);
}

/** The actions summarizeGrants names as examples (the rest are "and N more"), in its order. */
export function exampleActions(actions: readonly string[], shown = 3): string[] {
  // Core services first; within one, shorter names first (DeleteTable before DeleteTableReplica).
  // Actions are distinct, so the order is total and insertion gives what a sort would.
  const best: string[] = [];
  const ranks: number[] = [];
  for (let a = 0; a < actions.length; a++) {
    const action = actions[a] as string;
    const priority = cachedPriority(action);
    let at = best.length;
    while (at > 0 && before(action, priority, best[at - 1] as string, ranks[at - 1] as number)) at--;
    if (at >= shown) continue;
    best.splice(at, 0, action);
    ranks.splice(at, 0, priority);
    if (best.length > shown) {
      best.pop();
      ranks.pop();
    }
  }
  return best;
}

/** Whether action `a` comes before `b` in example order (distinct actions: never a tie). */
function before(a: string, aPriority: number, b: string, bPriority: number): boolean {
  return (aPriority - bPriority || a.length - b.length || compareText(a, b)) < 0;
}

/** grantItems of the grants of `actions`, in the order of `actions` (a few: looked up by scan). */
function grantItemsOf(grants: readonly Grant[], actions: readonly string[]): GrantItem[] {
  const resources: Set<string>[] = actions.map(() => new Set<string>());
  for (let i = 0; i < grants.length; i++) {
    const grant = grants[i] as Grant;
    const at = actions.indexOf(grant.action);
    if (at >= 0) (resources[at] as Set<string>).add(grantResource(grant));
  }
  return actions.map((action, i) => item(action, resources[i] as Set<string>));
}

function item(action: string, resources: ReadonlySet<string>): GrantItem {
  const on = [...resources].join(", ");
  return { action, on, text: `${action} on ${on}` };
}

export function grantItems(grants: readonly Grant[]): GrantItem[] {
  const byAction = new Map<string, Set<string>>();
  for (const g of grants) {
    let set = byAction.get(g.action);
    if (!set) byAction.set(g.action, (set = new Set()));
    set.add(grantResource(g));
  }
  return [...byAction].map(([action, resources]) => item(action, resources));
}

/** Each granting statement once, in input order, then the principal with the notes. */
export function findingEvidence(agent: AgentAnalysis, grants: readonly Grant[], extra: readonly Evidence[] = []): Evidence[] {
  const seen = new Set<PolicyStatement>();
  const evidence: Evidence[] = [];
  let last: PolicyStatement | undefined;
  for (let i = 0; i < grants.length; i++) {
    const s = (grants[i] as Grant).statement;
    // Grants of one statement mostly come together: the set is asked once per run of them.
    if (s === last) continue;
    last = s;
    if (seen.has(s)) continue;
    seen.add(s);
    evidence.push(s.invalid ? { ...s.evidence, note: "statement could not be read; evaluated in its widest reading" } : s.evidence);
  }
  for (let i = 0; i < extra.length; i++) evidence.push(extra[i] as Evidence);
  const notes = [`agent principal: ${agent.reason}`, ...agent.access.notes];
  evidence.push({ ...agent.principal.evidence, note: notes.join("; ") });
  return evidence;
}

/** Evidence for what cannot be verified: unresolved managed policies and unknown patterns. */
export function unverifiableEvidence(agent: AgentAnalysis): Evidence[] {
  return [
    ...agent.unresolved.map((u) => ({ ...u.evidence, arn: u.arn, note: u.evidence.note ?? "managed policy document not in the input: not verified (fail closed)" })),
    ...agent.unverifiablePatterns.map((u) => ({ ...u.statement.evidence, note: `${u.pattern} matches no catalogue action: cannot be verified (fail closed)` })),
  ];
}

export function unverifiableText(agent: AgentAnalysis): string {
  const names = [...agent.unresolved.map((u) => u.arn), ...agent.unverifiablePatterns.map((u) => `action pattern ${u.pattern}`)];
  return `${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""}`;
}

/**
 * The findings of one IAM rule: one per agent principal that has grants of the rule's tiers or
 * that cannot be verified (fail closed). Both IAM rules share this shape.
 */
export function principalFindings(
  rule: "agent-destructive-prod" | "agent-privilege-escalation",
  agents: readonly AgentAnalysis[],
  grantsOf: (agent: AgentAnalysis) => Grant[],
  describe: { grants: (label: string, grants: Grant[], actions: readonly string[]) => string; unverifiable: string },
  /** What the agent can do that no IAM grant shows (Kubernetes access): message items and their evidence. */
  beyondIam: (agent: AgentAnalysis) => { items: string[]; evidence: Evidence[] } = () => ({ items: [], evidence: [] }),
): Finding[] {
  const findings: Finding[] = [];
  for (let i = 0; i < agents.length; i++) {
    const agent = agents[i] as AgentAnalysis;
    const grants = grantsOf(agent);
    const unverifiable = unverifiableEvidence(agent);
    const beyond = beyondIam(agent);
    if (grants.length === 0 && unverifiable.length === 0 && beyond.items.length === 0) continue;
    const label = principalLabel(agent);
    const actions = sortedActions(grants);
    const also = beyond.items.join("; ");
    const message = grants.length
      ? `${describe.grants(label, grants, actions)}${also ? `; and through ${also}` : ""}`
      : also
        ? `${label} can ${describe.unverifiable}: ${also}`
        : `${label} cannot be verified not to ${describe.unverifiable}: ${unverifiableText(agent)} (fail closed)`;
    findings.push({
      rule,
      severity: "error",
      message,
      subject: agent.principal.subject,
      ...(grants.length ? { actions } : {}),
      evidence: findingEvidence(agent, grants, [...beyond.evidence, ...unverifiable]),
      suppressed: null,
    });
  }
  return findings;
}
