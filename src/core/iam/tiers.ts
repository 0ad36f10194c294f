/**
 * The destructive-action tiers of policies/destructive-actions.yaml, expanded once per catalogue
 * and policy into concrete catalogue actions. Statements are then tested against this (small)
 * set, grouped by service, instead of expanding every policy wildcard against all ~22,000 actions.
 */
import type { DestructiveActions } from "../policy.js";
import { actionMatches, actionPatternRegExp, expandActionPattern, hasWildcard, indexCatalogue, splitAction, type ActionCatalogue } from "./catalogue.js";

export type Tier =
  | "delete" // T1
  | "protectionOff" // T2
  | "replace" // T3
  | "escalate" // T4, by itself
  | "passRole" // iam:PassRole: T4 only with a passRoleWith action
  | "passRoleWith"
  | "assumeRole" // T4 unless the assumed role is proven compliant
  | "codeExecution" // T4: runs code as another identity
  | "tagging"; // lets the agent change tags (undoes tag-keyed Denies)

/** iam:PassRole is AWS's one action for handing a role to a service. */
export const PASS_ROLE = "iam:PassRole";

/** Tagging actions across services: they let an agent undo a Deny keyed on a tag. */
const TAGGING_NAME = /^(Tag|Untag)[A-Z]|^(Add|Remove|Create|Delete|Put|Update)Tags|^(AddTagsTo|RemoveTagsFrom)|^(Tag|Untag)$/;

export interface TierIndex {
  /** Relevant action (canonical `service:Name`) → its tiers. */
  tiers: Map<string, Set<Tier>>;
  /** Lower-case service prefix → relevant actions of that service. */
  byService: Map<string, string[]>;
  /** Lower-case action → relevant canonical action. */
  byLower: Map<string, string>;
  all: string[];
  destructive: DestructiveActions;
  catalogue: ActionCatalogue;
  t1Patterns: RegExp[];
}

const cache = new WeakMap<ActionCatalogue, WeakMap<DestructiveActions, TierIndex>>();

export function tierIndex(catalogue: ActionCatalogue, destructive: DestructiveActions): TierIndex {
  let perPolicy = cache.get(catalogue);
  if (!perPolicy) cache.set(catalogue, (perPolicy = new WeakMap()));
  const cached = perPolicy.get(destructive);
  if (cached) return cached;
  const index = buildTierIndex(catalogue, destructive);
  perPolicy.set(destructive, index);
  return index;
}

function buildTierIndex(catalogue: ActionCatalogue, destructive: DestructiveActions): TierIndex {
  const catalogueIndex = indexCatalogue(catalogue);
  const tiers = new Map<string, Set<Tier>>();
  const add = (action: string, tier: Tier): void => {
    let set = tiers.get(action);
    if (!set) tiers.set(action, (set = new Set()));
    set.add(tier);
  };
  const addPatterns = (patterns: readonly string[], tier: Tier): void => {
    for (const p of patterns) for (const a of expandActionPattern(catalogue, p).actions) add(a, tier);
  };
  const t1Patterns = destructive.t1Delete.namePatterns.map((p) => new RegExp(p));
  const excluded = new Set(destructive.t1Delete.exclude.flatMap((p) => expandActionPattern(catalogue, p).actions));
  // By name, over the whole catalogue: `service:Name` is built only for the (few) matches.
  for (const [prefix, names] of catalogueIndex.services) {
    for (const name of names) {
      const deletes = t1Patterns.some((re) => re.test(name));
      const tagging = TAGGING_NAME.test(name) || prefix === "tag";
      if (!deletes && !tagging) continue;
      const action = `${prefix}:${name}`;
      if (deletes && !excluded.has(action)) add(action, "delete");
      if (tagging) add(action, "tagging");
    }
  }
  addPatterns(destructive.t1Delete.include, "delete");
  addPatterns(destructive.t2ProtectionOff.actions, "protectionOff");
  addPatterns(destructive.t3Replace.actions, "replace");
  addPatterns(destructive.t4Escalation.actions, "escalate");
  addPatterns([PASS_ROLE], "passRole");
  addPatterns(destructive.t4Escalation.passRoleWith, "passRoleWith");
  addPatterns(destructive.t4Escalation.assumeRole, "assumeRole");
  addPatterns(destructive.t4Escalation.codeExecution, "codeExecution");

  const byService = new Map<string, string[]>();
  const byLower = new Map<string, string>();
  const all = [...tiers.keys()];
  for (const action of all) {
    const service = action.slice(0, action.indexOf(":"));
    const list = byService.get(service) ?? [];
    list.push(action);
    byService.set(service, list);
    byLower.set(action.toLowerCase(), action);
  }
  return { tiers, byService, byLower, all, destructive, catalogue, t1Patterns };
}

/**
 * Tiers of an action the catalogue does not know, judged by its name alone: it may be a new
 * action (`newservice:DeleteEverything`) and must not be dropped.
 */
export function tiersOfUnknownAction(index: TierIndex, action: string): Set<Tier> {
  const tiers = new Set<Tier>();
  const parts = splitAction(action);
  if (!parts || hasWildcard(action)) return tiers;
  const d = index.destructive;
  const matches = (patterns: readonly string[]): boolean => patterns.some((p) => actionPatternRegExp(p).test(action));
  if (index.t1Patterns.some((re) => re.test(parts.name)) && !matches(d.t1Delete.exclude)) tiers.add("delete");
  if (matches(d.t1Delete.include)) tiers.add("delete");
  if (matches(d.t2ProtectionOff.actions)) tiers.add("protectionOff");
  if (matches(d.t3Replace.actions)) tiers.add("replace");
  if (matches(d.t4Escalation.actions)) tiers.add("escalate");
  if (matches(d.t4Escalation.passRoleWith)) tiers.add("passRoleWith");
  if (matches(d.t4Escalation.assumeRole)) tiers.add("assumeRole");
  if (matches(d.t4Escalation.codeExecution)) tiers.add("codeExecution");
  if (TAGGING_NAME.test(parts.name)) tiers.add("tagging");
  return tiers;
}

export interface StatementActions {
  /** Relevant canonical actions the statement's Action/NotAction covers. */
  actions: string[];
  /** Literal actions the catalogue does not know (kept with their own spelling). */
  unknown: string[];
  /** Globs that match no catalogue action at all (an unknown service, a typo). */
  unmatchedPatterns: string[];
}

/** Relevant actions one pattern covers: a map lookup, one service's actions, or all of them. */
function relevantMatches(index: TierIndex, pattern: string, out: Set<string>, unknown: string[], unmatched: string[]): void {
  if (pattern === "*") {
    for (const a of index.all) out.add(a);
    return;
  }
  const parts = splitAction(pattern);
  if (!parts) {
    unmatched.push(pattern);
    return;
  }
  const catalogueIndex = indexCatalogue(index.catalogue);
  if (!hasWildcard(pattern)) {
    const relevant = index.byLower.get(pattern.toLowerCase());
    if (relevant) out.add(relevant);
    else if (catalogueIndex.canonical(pattern) === undefined) unknown.push(pattern);
    return;
  }
  const re = actionPatternRegExp(pattern);
  if (hasWildcard(parts.service)) {
    let hit = false;
    for (const a of index.all) {
      if (re.test(a)) {
        out.add(a);
        hit = true;
      }
    }
    // Matching no tiered action is fine; matching no catalogue action at all is reported.
    if (!hit && !catalogueIndex.all.some((a) => re.test(a))) unmatched.push(pattern);
    return;
  }
  const service = parts.service.toLowerCase();
  const serviceActions = catalogueIndex.serviceActions(service);
  if (!serviceActions) {
    unmatched.push(pattern);
    return;
  }
  let hit = false;
  for (const a of index.byService.get(service) ?? []) {
    if (re.test(a)) {
      out.add(a);
      hit = true;
    }
  }
  if (!hit && !serviceActions.some((a) => re.test(a))) unmatched.push(pattern);
}

const statementCache = new WeakMap<TierIndex, Map<string, StatementActions>>();

/**
 * The baseline: expand each pattern against every catalogue action, then keep the tiered ones.
 * No service grouping, no memo: what a straightforward implementation does.
 */
function naiveStatementActions(index: TierIndex, patterns: readonly string[], not: boolean): StatementActions {
  const catalogueIndex = indexCatalogue(index.catalogue);
  const expanded = new Set<string>();
  const unknown: string[] = [];
  const unmatchedPatterns: string[] = [];
  for (const pattern of patterns) {
    const before = expanded.size;
    let hit = false;
    for (const action of catalogueIndex.all) {
      if (actionMatches(pattern, action)) {
        expanded.add(action);
        hit = true;
      }
    }
    if (!hit && expanded.size === before) {
      if (!splitAction(pattern) || hasWildcard(pattern)) unmatchedPatterns.push(pattern);
      else unknown.push(pattern);
    }
  }
  const concrete = not ? catalogueIndex.all.filter((a) => !expanded.has(a)) : [...expanded];
  const actions = concrete.filter((a) => index.tiers.has(a));
  return not ? { actions, unknown: [], unmatchedPatterns: [] } : { actions, unknown, unmatchedPatterns };
}

/** The relevant actions of an Action or NotAction list (memoized: policies repeat lists). */
export function statementActions(index: TierIndex, patterns: readonly string[], not: boolean): StatementActions {
  if (index.catalogue.expansion === "naive") return naiveStatementActions(index, patterns, not);
  let memo = statementCache.get(index);
  if (!memo) statementCache.set(index, (memo = new Map()));
  const key = (not ? "!" : "") + patterns.join("\n");
  const cached = memo.get(key);
  if (cached) return cached;
  const matched = new Set<string>();
  const unknown: string[] = [];
  const unmatchedPatterns: string[] = [];
  for (const p of patterns) relevantMatches(index, p, matched, unknown, unmatchedPatterns);
  let result: StatementActions;
  if (not) {
    // NotAction: every relevant action except those listed. Unknown names listed are simply excluded.
    result = { actions: index.all.filter((a) => !matched.has(a)), unknown: [], unmatchedPatterns: [] };
  } else result = { actions: [...matched], unknown, unmatchedPatterns };
  memo.set(key, result);
  return result;
}
