/**
 * The destructive-action tiers of policies/destructive-actions.yaml, expanded once per catalogue
 * and policy into concrete catalogue actions. Statements are then tested against this (small)
 * set, grouped by service, instead of expanding every policy wildcard against all ~22,000 actions.
 */
import type { DestructiveActions, EscalationPaths } from "../policy.js";
import {
  actionMatches,
  actionPatternRegExp,
  expandActionPattern,
  hasWildcard,
  NON_ASCII,
  findLower,
  indexCatalogue,
  sortedLower,
  splitAction,
  type SortedLower,
  type ActionCatalogue,
  type CatalogueIndex,
} from "./catalogue.js";
import { lowerBound } from "../sorted.js";
import { BoundedMemo, POINTER_COST } from "../bounded-memo.js";

export type Tier =
  | "delete" // T1
  | "protectionOff" // T2
  | "replace" // T3
  | "escalate" // T4, by itself
  | "passRole" // iam:PassRole: T4 only with a passRoleWith action
  | "passRoleWith"
  | "assumeRole" // T4 unless the assumed role is proven compliant
  | "codeExecution" // T4: runs code as another identity
  | "pathStep" // an action of an escalation path (policies/escalation-paths.yaml)
  | "tagging"; // lets the agent change tags (undoes tag-keyed Denies)

/** iam:PassRole is AWS's one action for handing a role to a service. */
export const PASS_ROLE = "iam:PassRole";

/**
 * Tagging actions across services: they let an agent undo a Deny keyed on a tag, or retag a
 * production resource for an Allow limited to `dev` ones. Not every service says Tag or Tags
 * where the name starts: S3 writes `PutBucketTagging` and `DeleteObjectTagging`, Auto Scaling
 * `CreateOrUpdateTags`, Route 53 `ChangeTagsForResource`, Inspector `SetTagsForResource`, Batch
 * `SetCapacityTags`, Keyspaces `UnTagMultiRegionResource` (each of access level Tagging in the
 * Service Authorization Reference; test/core/iam/tiers.test.ts walks the catalogue for others).
 */
export const TAGGING_NAME =
  /^(Tag|Un[Tt]ag)([A-Z]|$)|^(Add|Remove|Create|CreateOrUpdate|Delete|Put|Update|Change|Set|Replicate)Tags|^(AddTagsTo|RemoveTagsFrom)|^Set\w*Tags$|^(Put|Delete)\w*Tagging$/;

/**
 * The tiered ("relevant") actions, built per service when a statement first names that service:
 * most policies name a few services, and scanning all ~22,000 action names against the tiers'
 * name patterns was most of an evaluation's fixed cost. Every view is the one a full build gives:
 * `all` in the same order, each service's actions in that order, the same tiers per action.
 */
export interface TierIndex {
  /** The tiers of a catalogue action (canonical `service:Name`), undefined when it has none. */
  tiersOf(action: string): ReadonlySet<Tier> | undefined;
  /** The relevant actions of a service (lower-case prefix), in the order of `all`. */
  serviceActions(prefix: string): readonly string[];
  /** The relevant canonical action for an action in any case, if it is one. */
  relevant(action: string): string | undefined;
  /** relevant() of an action already lower-cased, given with its service prefix: no string made. */
  relevantIn(prefix: string, lower: string): string | undefined;
  /** Every relevant action: name-pattern matches in catalogue order, then the listed actions. */
  readonly all: readonly string[];
  destructive: DestructiveActions;
  catalogue: ActionCatalogue;
  t1Patterns: RegExp[];
}

const cache = new WeakMap<ActionCatalogue, WeakMap<DestructiveActions, WeakMap<EscalationPaths | typeof NO_PATHS, TierIndex>>>();
const NO_PATHS: EscalationPaths = { paths: [], notEscalation: [] };

/** The tiers of a policy's destructive lists, plus the actions of its escalation paths ("pathStep"). */
export function tierIndex(catalogue: ActionCatalogue, destructive: DestructiveActions, escalation: EscalationPaths = NO_PATHS): TierIndex {
  let perPolicy = cache.get(catalogue);
  if (!perPolicy) cache.set(catalogue, (perPolicy = new WeakMap()));
  let perPaths = perPolicy.get(destructive);
  if (!perPaths) perPolicy.set(destructive, (perPaths = new WeakMap()));
  const cached = perPaths.get(escalation);
  if (cached) return cached;
  const index = new LazyTierIndex(catalogue, destructive, escalation);
  perPaths.set(escalation, index);
  return index;
}

interface ServiceTiers {
  /** Relevant actions in index order: name matches first (catalogue order), then listed ones. */
  actions: string[];
  tiers: Map<string, Set<Tier>>;
  /** How many of `actions`, the first ones, matched by name (the first phase of the order). */
  byName: number;
}

const prefixOf = (action: string): string => action.slice(0, action.indexOf(":"));

/**
 * Action patterns, each with a value, expanded against the catalogue one service at a time: the
 * tier lists name ~60 actions across ~20 services, and finding each one's spelling sorted every
 * one of those services' action lists, on every run, for the few services a policy names.
 */
class ServicePatterns<T> {
  /** Pattern positions by the (lower-case) service they name; a pattern whose service is a glob is in every service's list. */
  private readonly byService = new Map<string, number[]>();
  private readonly anyService: number[] = [];
  private readonly expanded = new BoundedMemo<(readonly [string, T])[]>("tier patterns by service");
  /** Each glob-service pattern's actions by service: expanded once (it scans every action), not once per service. */
  private readonly anyServiceActions = new Map<number, ReadonlyMap<string, readonly string[]>>();

  constructor(
    private readonly catalogue: ActionCatalogue,
    private readonly patterns: readonly (readonly [string, T])[],
  ) {
    patterns.forEach(([pattern], i) => {
      const service = splitAction(pattern.trim())?.service.toLowerCase();
      if (service === undefined || hasWildcard(service)) this.anyService.push(i);
      else {
        const list = this.byService.get(service);
        if (list) list.push(i);
        else this.byService.set(service, [i]);
      }
    });
  }

  /** The actions of a service the patterns name, each with its pattern's value, in pattern order. */
  inService(prefix: string): readonly (readonly [string, T])[] {
    let actions = this.expanded.get(prefix);
    if (actions) return actions;
    actions = [];
    const positions = this.byService.get(prefix) ?? [];
    // Both lists are ascending: merged, the patterns keep their order.
    for (let a = 0, b = 0; a < positions.length || b < this.anyService.length; ) {
      const fromService = b >= this.anyService.length || (a < positions.length && (positions[a] as number) < (this.anyService[b] as number));
      const at = fromService ? (positions[a++] as number) : (this.anyService[b++] as number);
      const [pattern, value] = this.patterns[at] as readonly [string, T];
      const named = fromService ? expandActionPattern(this.catalogue, pattern).actions : (this.byServiceOf(at).get(prefix) ?? []);
      for (const action of named) if (prefixOf(action) === prefix) actions.push([action, value]);
    }
    this.expanded.set(prefix, actions);
    return actions;
  }

  private byServiceOf(at: number): ReadonlyMap<string, readonly string[]> {
    let grouped = this.anyServiceActions.get(at);
    if (!grouped) {
      const byPrefix = new Map<string, string[]>();
      for (const action of expandActionPattern(this.catalogue, (this.patterns[at] as readonly [string, T])[0]).actions) {
        const list = byPrefix.get(prefixOf(action));
        if (list) list.push(action);
        else byPrefix.set(prefixOf(action), [action]);
      }
      this.anyServiceActions.set(at, (grouped = byPrefix));
    }
    return grouped;
  }

  /** Every action the patterns name, with its value, in pattern order. */
  everyService(): (readonly [string, T])[] {
    return this.patterns.flatMap(([pattern, value]) => expandActionPattern(this.catalogue, pattern).actions.map((action) => [action, value] as const));
  }
}

/** Bits of nameTiers. */
const DELETES = 1;
const TAGGING = 2;

class LazyTierIndex implements TierIndex {
  readonly t1Patterns: RegExp[];
  private readonly catalogueIndex: CatalogueIndex;
  /** t1Delete's exclusions and the tier lists' patterns, by the service they name (expanded per service). */
  private readonly excluded: ServicePatterns<null>;
  private readonly listed: ServicePatterns<Tier>;
  // Keyed by what inputs spell (an unknown service, an action in any case): bounded.
  private readonly services = new BoundedMemo<ServiceTiers>("service tiers");
  private readonly tiersByAction = new BoundedMemo<ReadonlySet<Tier> | null>("action tiers");
  private allActions: string[] | undefined;

  constructor(
    readonly catalogue: ActionCatalogue,
    readonly destructive: DestructiveActions,
    escalation: EscalationPaths,
  ) {
    this.catalogueIndex = indexCatalogue(catalogue);
    // IAM matches action names in any case, and not every service writes them in PascalCase:
    // API Gateway's management actions are HTTP verbs (`apigateway:DELETE` deletes any API).
    this.t1Patterns = destructive.t1Delete.namePatterns.map((p) => new RegExp(p, "i"));
    this.excluded = new ServicePatterns(catalogue, destructive.t1Delete.exclude.map((p) => [p, null] as const));
    const tiered = (patterns: readonly string[], tier: Tier): (readonly [string, Tier])[] => patterns.map((p) => [p, tier] as const);
    this.listed = new ServicePatterns(catalogue, [
      ...tiered(destructive.t1Delete.include, "delete"),
      ...tiered(destructive.t2ProtectionOff.actions, "protectionOff"),
      ...tiered(destructive.t3Replace.actions, "replace"),
      ...tiered(destructive.t4Escalation.actions, "escalate"),
      ...tiered([PASS_ROLE], "passRole"),
      ...tiered(destructive.t4Escalation.passRoleWith, "passRoleWith"),
      ...tiered(destructive.t4Escalation.assumeRole, "assumeRole"),
      ...tiered(destructive.t4Escalation.codeExecution, "codeExecution"),
      ...tiered([...new Set(escalation.paths.flatMap((p) => p.actions))], "pathStep"),
    ]);
  }

  /** DELETES and TAGGING bits of an action name: asked for every name of every service, so no object. */
  private nameTiers(prefix: string, name: string): number {
    const taggingName = TAGGING_NAME.test(name);
    const bits = taggingName || prefix === "tag" ? TAGGING : 0;
    // Removing tags (ec2:DeleteTags, rds:RemoveTagsFromResource) deletes no resource or data, as
    // UntagResource does not: it is the tagging tier's concern (it undoes tag-keyed Denies).
    if (taggingName) return bits;
    const patterns = this.t1Patterns;
    for (let i = 0; i < patterns.length; i++) if ((patterns[i] as RegExp).test(name)) return bits | DELETES;
    return bits;
  }

  private service(prefix: string): ServiceTiers {
    const known = this.services.get(prefix);
    if (known) return known;
    const service: ServiceTiers = { actions: [], tiers: new Map(), byName: 0 };
    const add = (action: string, tier: Tier): void => {
      let set = service.tiers.get(action);
      if (!set) {
        service.tiers.set(action, (set = new Set()));
        service.actions.push(action);
      }
      set.add(tier);
    };
    // By name: `service:Name` is built only for the (few) matches.
    const names = this.catalogueIndex.serviceNames(prefix) ?? [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const bits = this.nameTiers(prefix, name);
      if (bits === 0) continue;
      const action = `${prefix}:${name}`;
      if (bits & DELETES && !this.excluded.inService(prefix).some(([excluded]) => excluded === action)) add(action, "delete");
      if (bits & TAGGING) add(action, "tagging");
    }
    service.byName = service.actions.length;
    const listed = this.listed.inService(prefix);
    for (let i = 0; i < listed.length; i++) add((listed[i] as readonly [string, Tier])[0], (listed[i] as readonly [string, Tier])[1]);
    this.services.set(prefix, service);
    return service;
  }

  tiersOf(action: string): ReadonlySet<Tier> | undefined {
    // Asked for every action of every grant: one lookup, no prefix string to cut each time.
    let tiers = this.tiersByAction.get(action);
    if (tiers === undefined) this.tiersByAction.set(action, (tiers = this.service(prefixOf(action).toLowerCase()).tiers.get(action) ?? null));
    return tiers ?? undefined;
  }

  serviceActions(prefix: string): readonly string[] {
    return this.service(prefix.toLowerCase()).actions;
  }

  relevant(action: string): string | undefined {
    const lower = action.toLowerCase();
    const colon = lower.indexOf(":");
    return colon < 0 ? undefined : this.relevantIn(lower.slice(0, colon), lower);
  }

  relevantIn(prefix: string, lower: string): string | undefined {
    return findLower(this.service(prefix).actions, lower);
  }

  get all(): readonly string[] {
    if (!this.allActions) {
      const all: string[] = [];
      const seen = new Set<string>();
      const push = (action: string): void => {
        if (seen.has(action)) return;
        seen.add(action);
        all.push(action);
      };
      const services = this.catalogueIndex.services;
      for (let k = 0; k < services.length; k++) {
        const pair = services[k] as (typeof services)[number];
        const prefix = pair[0];
        const names = pair[1];
        const service = this.service(prefix);
        if (service.byName === 0) continue;
        if (names === this.catalogueIndex.serviceNames(prefix)) {
          // The prefix's only key: its name matches lead the service's actions, in name order.
          for (let i = 0; i < service.byName; i++) push(service.actions[i] as string);
          continue;
        }
        // Two keys differing only in case: this key's names that matched, in its order.
        const matched = new Set(service.actions.slice(0, service.byName));
        for (let i = 0; i < names.length; i++) if (matched.has(`${prefix}:${names[i]}`)) push(`${prefix}:${names[i]}`);
      }
      for (const [action] of this.listed.everyService()) push(action);
      this.allActions = all;
    }
    return this.allActions;
  }
}

/**
 * One tier list as tiersOfUnknownAction asks it: an ASCII action against the list's ASCII literal
 * names by its lower-case spelling (what each literal's `[xX]`-per-letter expression accepts of an
 * ASCII action, and nothing else), the rest through their expressions as before. The lists hold
 * about 300 names, two of them globs: testing each name's expression compiled about 300 regular
 * expressions and ran them for every unknown action (issue 17).
 */
interface ListMatcher {
  asciiLiterals: ReadonlySet<string>;
  /** Globs and names outside ASCII, in list order. */
  others: readonly string[];
  /** The whole list, for an action outside ASCII. */
  all: readonly string[];
}

function listMatcher(patterns: readonly string[]): ListMatcher {
  const asciiLiterals = new Set<string>();
  const others: string[] = [];
  for (const p of patterns) {
    if (!hasWildcard(p) && !NON_ASCII.test(p)) asciiLiterals.add(p.toLowerCase());
    else others.push(p);
  }
  return { asciiLiterals, others, all: patterns };
}

function listMatches(list: ListMatcher, action: string, asciiLower: string | undefined): boolean {
  const patterns = asciiLower === undefined ? list.all : list.others;
  if (asciiLower !== undefined && list.asciiLiterals.has(asciiLower)) return true;
  return patterns.some((p) => actionPatternRegExp(p).test(action));
}

interface UnknownTiers {
  exclude: ListMatcher;
  lists: readonly (readonly [ListMatcher, Tier])[];
  /** Answers by action as spelled (input text: bounded). */
  known: BoundedMemo<ReadonlySet<Tier>>;
}

const unknownTiersOf = new WeakMap<DestructiveActions, UnknownTiers>();

function unknownTiers(d: DestructiveActions): UnknownTiers {
  let found = unknownTiersOf.get(d);
  if (!found) {
    const lists: (readonly [ListMatcher, Tier])[] = [
      [listMatcher(d.t1Delete.include), "delete"],
      [listMatcher(d.t2ProtectionOff.actions), "protectionOff"],
      [listMatcher(d.t3Replace.actions), "replace"],
      [listMatcher(d.t4Escalation.actions), "escalate"],
      [listMatcher(d.t4Escalation.passRoleWith), "passRoleWith"],
      [listMatcher(d.t4Escalation.assumeRole), "assumeRole"],
      [listMatcher(d.t4Escalation.codeExecution), "codeExecution"],
    ];
    unknownTiersOf.set(d, (found = { exclude: listMatcher(d.t1Delete.exclude), lists, known: new BoundedMemo("unknown action tiers") }));
  }
  return found;
}

const NO_TIERS: ReadonlySet<Tier> = new Set<Tier>();

/**
 * Tiers of an action the catalogue does not know, judged by its name alone: it may be a new
 * action (`newservice:DeleteEverything`) and must not be dropped. Remembered per spelling: every
 * grant of the action asks again.
 */
export function tiersOfUnknownAction(index: TierIndex, action: string): ReadonlySet<Tier> {
  const parts = splitAction(action);
  if (!parts || hasWildcard(action)) return NO_TIERS;
  const d = index.destructive;
  const memo = unknownTiers(d);
  const known = memo.known.get(action);
  if (known) return known;
  const tiers = new Set<Tier>();
  const asciiLower = !NON_ASCII.test(action) ? action.toLowerCase() : undefined;
  const tagging = TAGGING_NAME.test(parts.name);
  if (!tagging && index.t1Patterns.some((re) => re.test(parts.name)) && !listMatches(memo.exclude, action, asciiLower)) tiers.add("delete");
  for (const [list, tier] of memo.lists) if (listMatches(list, action, asciiLower)) tiers.add(tier);
  if (tagging) tiers.add("tagging");
  memo.known.set(action, tiers);
  memo.known.charge(tiers.size * POINTER_COST);
  return tiers;
}

export interface StatementActions {
  /** Relevant canonical actions the statement's Action/NotAction covers. */
  actions: readonly string[];
  /** Literal actions the catalogue does not know (kept with their own spelling). */
  unknown: readonly string[];
  /** Globs that match no catalogue action at all (an unknown service, a typo). */
  unmatchedPatterns: readonly string[];
}

/** What one pattern contributes to a statement's StatementActions. */
interface PatternMatch {
  actions: readonly string[];
  /** A literal action the catalogue does not know. */
  unknown?: boolean;
  /** A glob (or malformed pattern) that matches no catalogue action. */
  unmatched?: boolean;
  /** The StatementActions of a statement naming this pattern alone (most statements). */
  alone?: StatementActions;
}

const patternCache = new WeakMap<TierIndex, BoundedMemo<PatternMatch>>();

/**
 * Relevant actions one pattern covers, memoized per pattern: policies repeat patterns
 * (`ec2:Describe*`, `s3:Get*`) across statements and documents, and proving that a glob which
 * names no tiered action still matches some catalogue action scans the whole service.
 */
function patternMatch(index: TierIndex, pattern: string, memo: BoundedMemo<PatternMatch> = patternMemo(index)): PatternMatch {
  let match = memo.get(pattern);
  if (!match) {
    match = relevantMatches(index, pattern);
    memo.set(pattern, match);
    // `*` shares the index's own list (not read here: reading it builds it); any other list is this entry's.
    if (pattern !== "*") memo.charge(match.actions.length * POINTER_COST);
  }
  return match;
}

function patternMemo(index: TierIndex): BoundedMemo<PatternMatch> {
  let memo = patternCache.get(index);
  if (!memo) patternCache.set(index, (memo = new BoundedMemo("action patterns")));
  return memo;
}

const NO_ACTIONS: readonly string[] = Object.freeze([]);

/**
 * A concrete action the catalogue knows and no tier names (most of the thousands of distinct
 * actions a large account lists): one shared answer instead of two objects kept per action.
 */
const KNOWN_UNTIERED: PatternMatch = Object.freeze({ actions: NO_ACTIONS, alone: Object.freeze({ actions: NO_ACTIONS, unknown: NO_ACTIONS, unmatchedPatterns: NO_ACTIONS }) });

/**
 * Relevant actions one pattern covers, each once: a map lookup, one service's actions, or all of
 * them (every branch yields distinct actions, in the order of the list it scans).
 */
function relevantMatches(index: TierIndex, pattern: string): PatternMatch {
  if (pattern === "*") return { actions: index.all };
  const catalogueIndex = indexCatalogue(index.catalogue);
  if (!hasWildcard(pattern)) {
    // Lower-cased and cut once for both lookups (lower-casing neither makes nor removes a colon).
    const lower = pattern.toLowerCase();
    const colon = lower.indexOf(":");
    if (colon < 0) return { actions: NO_ACTIONS, unmatched: true };
    const prefix = lower.slice(0, colon);
    const relevant = index.relevantIn(prefix, lower);
    if (relevant) return { actions: [relevant] };
    return catalogueIndex.knows(prefix, lower) ? KNOWN_UNTIERED : { actions: NO_ACTIONS, unknown: true };
  }
  const parts = splitAction(pattern);
  if (!parts) return { actions: NO_ACTIONS, unmatched: true };
  if (hasWildcard(parts.service)) {
    const re = actionPatternRegExp(pattern);
    const actions = index.all.filter((a) => re.test(a));
    // Matching no tiered action is fine; matching no catalogue action at all is reported.
    if (actions.length === 0 && !catalogueIndex.all.some((a) => re.test(a))) return { actions: NO_ACTIONS, unmatched: true };
    return { actions };
  }
  const service = parts.service.toLowerCase();
  if (!catalogueIndex.serviceNames(service)) return { actions: NO_ACTIONS, unmatched: true };
  const relevant = index.serviceActions(service);
  const hits = positionsMatching(sortedLower(relevant), pattern, false);
  if (hits.length === 0) return positionsMatching(catalogueIndex.sortedActions(service) as SortedLower, pattern, true).length === 0 ? { actions: NO_ACTIONS, unmatched: true } : { actions: NO_ACTIONS };
  return { actions: hits.map((i) => relevant[i] as string) };
}

/**
 * Positions (ascending, so callers keep the list's order) of the actions of one service that a
 * glob matches. Only actions that start with the glob's literal prefix can match: they are found
 * by binary search in the lower-cased sorted list instead of testing every action of the service
 * (hundreds for ec2) for each of the thousands of distinct patterns of a large account.
 */
function positionsMatching(sorted: SortedLower, pattern: string, firstOnly: boolean): number[] {
  const { lower, position } = sorted;
  const literal = pattern.slice(0, pattern.search(/[*?]/)).toLowerCase();
  const from = lowerBound(lower, literal);
  // `Prefix*` (most globs in real policies) matches every action with the prefix: no regex to
  // compile and run, which costs more than the scan itself for a pattern seen once.
  const prefixOnly = literal.length === pattern.length - 1 && pattern.endsWith("*");
  const re = prefixOnly ? undefined : actionPatternRegExp(pattern);
  const out: number[] = [];
  for (let i = from; i < lower.length && (lower[i] as string).startsWith(literal); i++) {
    if (re && !re.test(lower[i] as string)) continue;
    out.push(position[i] as number);
    if (firstOnly) break;
  }
  return out.length > 1 ? out.sort((x, y) => x - y) : out;
}

const statementCache = new WeakMap<TierIndex, BoundedMemo<StatementActions>>();

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
  const actions = concrete.filter((a) => index.tiersOf(a) !== undefined);
  return not ? { actions, unknown: [], unmatchedPatterns: [] } : { actions, unknown, unmatchedPatterns };
}

/** The relevant actions of an Action or NotAction list (memoized: policies repeat lists). */
export function statementActions(index: TierIndex, patterns: readonly string[], not: boolean): StatementActions {
  if (index.catalogue.expansion === "naive") return naiveStatementActions(index, patterns, not);
  const single = patterns.length === 1 && !not ? patterns[0] : undefined;
  if (single !== undefined) {
    // One pattern (most statements): its memoized actions, already distinct, serve as they are,
    // kept with the pattern's own memo (no key to build for the statement).
    const match = patternMatch(index, single);
    match.alone ??= { actions: match.actions, unknown: match.unknown ? [single] : [], unmatchedPatterns: match.unmatched ? [single] : [] };
    return match.alone;
  }
  let memo = statementCache.get(index);
  if (!memo) statementCache.set(index, (memo = new BoundedMemo("statement actions")));
  const key = (not ? "!" : "") + patterns.join("\n");
  const cached = memo.get(key);
  if (cached) return cached;
  const result = unionOfPatterns(index, patterns, not);
  memo.set(key, result);
  memo.charge(result.actions.length * POINTER_COST);
  return result;
}

/**
 * statementActions for a caller that memoizes by content itself (statementReach): no key joined
 * from the whole list and kept beside its own (issue 17). One pattern, or the naive baseline,
 * goes through statementActions as before.
 */
export function unmemoizedStatementActions(index: TierIndex, patterns: readonly string[], not: boolean): StatementActions {
  if (index.catalogue.expansion === "naive" || (patterns.length === 1 && !not)) return statementActions(index, patterns, not);
  return unionOfPatterns(index, patterns, not);
}

/**
 * The relevant actions of a list of patterns: each pattern's memoized match, united. Most lists
 * have at most one pattern naming a tracked action: its memoized list (distinct already) serves
 * as it is, and no set or empty list is made for each of an account's statements (issue 17).
 */
function unionOfPatterns(index: TierIndex, patterns: readonly string[], not: boolean): StatementActions {
  let matched: Set<string> | undefined;
  // The one list matched so far, while no second pattern has added to it.
  let only: readonly string[] | undefined;
  let unknown: string[] | undefined;
  let unmatchedPatterns: string[] | undefined;
  const patternsMemo = patternMemo(index);
  for (let i = 0; i < patterns.length; i++) {
    const p = patterns[i] as string;
    // The memo read here, not through patternMatch: one call less for each of an account's patterns.
    const match = patternsMemo.get(p) ?? patternMatch(index, p, patternsMemo);
    const { actions } = match;
    if (actions.length > 0) {
      if (matched === undefined && only === undefined) only = actions;
      else {
        if (matched === undefined) {
          matched = new Set(only);
          only = undefined;
        }
        for (let k = 0; k < actions.length; k++) matched.add(actions[k] as string);
      }
    }
    if (match.unknown) (unknown ??= []).push(p);
    if (match.unmatched) (unmatchedPatterns ??= []).push(p);
  }
  if (not) {
    // NotAction: every relevant action except those listed. Unknown names listed are simply excluded.
    const excluded = matched ?? (only ? new Set(only) : undefined);
    return { actions: excluded ? index.all.filter((a) => !excluded.has(a)) : index.all, unknown: NO_ACTIONS, unmatchedPatterns: NO_ACTIONS };
  }
  return { actions: matched ? [...matched] : (only ?? NO_ACTIONS), unknown: unknown ?? NO_ACTIONS, unmatchedPatterns: unmatchedPatterns ?? NO_ACTIONS };
}
