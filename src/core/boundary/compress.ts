/**
 * Compress a set of denied actions into IAM action patterns: per service, a mix of literal
 * actions and `service:Prefix*` wildcards, chosen on the trie of the service's action names.
 *
 * Why trailing wildcards only: IAM rejects wildcards in the service prefix ("Action vendors must
 * not contain wildcards"), and a trailing `*` is valid in every policy type, including SCPs
 * written before AWS accepted wildcards elsewhere in SCP actions.
 *
 * Exactness: every denied action is covered. A wildcard also covers the service's other actions
 * under its prefix: that is the collateral, counted exactly against the catalogue and bounded by
 * the caller. A wildcard whose prefix could ever match a read-only verb (Get, List, Describe...)
 * is never chosen (see prefixMayMatchReadOnly), so reads stay allowed after catalogue updates.
 *
 * The choice minimizes characters + lambda * collateral per service (a dynamic programme over the
 * trie); `compress` searches the smallest lambda whose collateral fits the budget.
 */
import { prefixMayMatchReadOnly } from "./denied.js";
import { compareText } from "../sorted.js";

export interface ServiceActions {
  /** Service prefix as IAM spells it (lower case). */
  service: string;
  /** Every action name of the service in the catalogue. */
  names: readonly string[];
  /** The names to deny (a subset of `names`). */
  denied: ReadonlySet<string>;
  /**
   * Names no wildcard may cover (denied by a statement of their own, on fewer resources):
   * covering them here would deny them everywhere again.
   */
  keep?: ReadonlySet<string>;
}

export interface CompressedPattern {
  /** `service:Name` or `service:Prefix*`. */
  pattern: string;
  /** Denied actions it covers (canonical `service:Name`). */
  covers: string[];
  /** Catalogue actions it covers that are not denied. */
  collateral: string[];
}

export interface Compression {
  patterns: CompressedPattern[];
  /** Total collateral actions. */
  collateral: number;
  /** Characters of the patterns as JSON array items: `"p",` each. */
  characters: number;
}

/**
 * A service's trie, reduced to the nodes above a denied action (the others only add to their
 * ancestors' collateral) and flattened in post-order (children before their parent), so the
 * dynamic programme is one array pass per lambda.
 */
interface FlatTrie {
  service: string;
  parent: Int32Array;
  prefix: string[];
  other: Int32Array;
  /** Collateral of the literal at a denied node (same name in another case). */
  otherHere: Int32Array;
  deniedHere: Uint8Array;
  literalCost: Float64Array;
  /** Cost of `prefix*`, or Infinity where that wildcard is never allowed. */
  wildcardCost: Float64Array;
}

/** JSON array item cost: the quoted pattern plus its comma. */
const itemCost = (pattern: string): number => JSON.stringify(pattern).length + 1;

/**
 * The trie nodes that matter are the prefixes of denied names; how many other names sit under
 * each is counted by binary search over the service's sorted names, so the ~20,000 names that
 * are never denied cost no node. IAM matches action names case-insensitively: prefixes are
 * compared in lower case (`apigateway:D*` also matches `apigateway:DELETE`), and patterns keep
 * the catalogue's spelling of the first denied name through each node.
 */
function buildTrie(service: ServiceActions): FlatTrie {
  const spelling = new Map<string, string>();
  for (const name of service.names) {
    if (!service.denied.has(name)) continue;
    const lower = name.toLowerCase();
    for (let i = 0; i <= name.length; i++) {
      const key = lower.slice(0, i);
      if (!spelling.has(key)) spelling.set(key, name.slice(0, i));
    }
  }
  // Children before parents: longer prefixes first.
  const prefixes = [...spelling.keys()].sort((a, b) => b.length - a.length || compareText(a, b));
  const indexOf = new Map(prefixes.map((p, i) => [p, i]));
  const n = prefixes.length;
  const total = new Int32Array(n);
  const deniedBelow = new Int32Array(n);
  const exactOther = new Int32Array(n);
  const deniedHere = new Uint8Array(n);
  // Each name adds to the nodes along its prefix, as long as those are nodes (prefixes of denied names).
  for (const name of service.names) {
    const lower = name.toLowerCase();
    const isDenied = service.denied.has(name);
    for (let i = 0; i <= lower.length; i++) {
      const at = indexOf.get(lower.slice(0, i));
      if (at === undefined) break;
      total[at] = (total[at] as number) + 1;
      if (isDenied) deniedBelow[at] = (deniedBelow[at] as number) + 1;
      if (i === lower.length) {
        if (isDenied) deniedHere[at] = 1;
        else exactOther[at] = (exactOther[at] as number) + 1;
      }
    }
  }
  const flat: FlatTrie = {
    service: service.service,
    parent: new Int32Array(n),
    prefix: prefixes.map((p) => spelling.get(p) as string),
    other: new Int32Array(n),
    otherHere: new Int32Array(n),
    deniedHere,
    literalCost: new Float64Array(n),
    wildcardCost: new Float64Array(n),
  };
  const head = `${service.service}:`;
  const kept = [...(service.keep ?? [])].map((k) => k.toLowerCase());
  prefixes.forEach((lower, i) => {
    const prefix = flat.prefix[i] as string;
    flat.parent[i] = lower === "" ? -1 : (indexOf.get(lower.slice(0, -1)) as number);
    flat.other[i] = (total[i] as number) - (deniedBelow[i] as number);
    flat.otherHere[i] = deniedHere[i] ? (exactOther[i] as number) : 0;
    flat.literalCost[i] = itemCost(head + prefix);
    // The empty prefix (`service:*`) is among those: it matches every verb.
    flat.wildcardCost[i] = prefixMayMatchReadOnly(prefix) || kept.some((k) => k.startsWith(lower)) ? Infinity : itemCost(`${head}${prefix}*`);
  });
  return flat;
}

interface Solution {
  cost: number;
  collateral: number;
  /** Per node: 1 when the wildcard was chosen. */
  wildcard: Uint8Array;
}

/** Minimize characters + lambda * collateral over one service's trie (post-order pass). */
function solveService(trie: FlatTrie, lambda: number): Solution {
  const n = trie.parent.length;
  const splitCost = new Float64Array(n);
  const splitCollateral = new Float64Array(n);
  const wildcard = new Uint8Array(n);
  let cost = 0;
  let collateral = 0;
  for (let i = 0; i < n; i++) {
    const here = trie.otherHere[i] as number;
    let c = (splitCost[i] as number) + (trie.deniedHere[i] ? (trie.literalCost[i] as number) + lambda * here : 0);
    let k = (splitCollateral[i] as number) + here;
    const other = trie.other[i] as number;
    const w = (trie.wildcardCost[i] as number) + lambda * other;
    // Ties: less collateral wins, then the single pattern.
    if (w < c || (w === c && other <= k)) {
      c = w;
      k = other;
      wildcard[i] = 1;
    }
    const p = trie.parent[i] as number;
    if (p >= 0) {
      splitCost[p] = (splitCost[p] as number) + c;
      splitCollateral[p] = (splitCollateral[p] as number) + k;
    } else {
      cost = c;
      collateral = k;
    }
  }
  return { cost, collateral, wildcard };
}

/** The patterns of a solution: top-down, a chosen wildcard hides everything below it. */
function patternsOf(trie: FlatTrie, solution: Solution): string[] {
  const n = trie.parent.length;
  const covered = new Uint8Array(n);
  const out: string[] = [];
  // Post-order reversed visits parents before children.
  for (let i = n - 1; i >= 0; i--) {
    const p = trie.parent[i] as number;
    if (p >= 0 && covered[p]) {
      covered[i] = 1;
      continue;
    }
    if (solution.wildcard[i]) {
      covered[i] = 1;
      out.push(`${trie.service}:${trie.prefix[i]}*`);
    } else if (trie.deniedHere[i]) out.push(`${trie.service}:${trie.prefix[i]}`);
  }
  return out;
}

/** What one pattern covers among a service's names (case-insensitive, like IAM and the trie). */
function coverage(pattern: string, service: ServiceActions): { covers: string[]; collateral: string[] } {
  const name = pattern.slice(pattern.indexOf(":") + 1).toLowerCase();
  const stem = name.endsWith("*") ? name.slice(0, -1) : undefined;
  const covers: string[] = [];
  const collateral: string[] = [];
  for (const n of service.names) {
    const lower = n.toLowerCase();
    if (stem === undefined ? lower !== name : !lower.startsWith(stem)) continue;
    (service.denied.has(n) ? covers : collateral).push(`${service.service}:${n}`);
  }
  return { covers, collateral };
}

function solveAll(tries: readonly FlatTrie[], lambda: number): { solutions: Solution[]; collateral: number } {
  const solutions = tries.map((trie) => solveService(trie, lambda));
  return { solutions, collateral: solutions.reduce((s, c) => s + c.collateral, 0) };
}

/** Above this weight a wildcard's collateral always costs more than listing its actions. */
const LAMBDA_MAX = 10_000;

/**
 * The cheapest compression (in characters) whose collateral is at most `maxCollateral`.
 * Collateral falls as lambda grows; lambda = LAMBDA_MAX gives zero collateral, so a budget of 0
 * is always met (every action listed or covered by collateral-free wildcards).
 */
export function compress(services: readonly ServiceActions[], maxCollateral: number): Compression {
  const withDenied = services.filter((s) => s.denied.size > 0);
  const tries = withDenied.map(buildTrie);
  let best = solveAll(tries, 0);
  if (best.collateral > maxCollateral) {
    let low = 0;
    let high = LAMBDA_MAX;
    best = solveAll(tries, high);
    // Fractional weights matter: a wildcard saving 12 characters for 5 collateral actions is
    // worth it at lambda < 2.4. 24 halvings of [0, 10000] reach ~6e-4.
    for (let i = 0; i < 24; i++) {
      const mid = (low + high) / 2;
      const attempt = solveAll(tries, mid);
      if (attempt.collateral <= maxCollateral) {
        best = attempt;
        high = mid;
      } else low = mid;
    }
  }
  const patterns: CompressedPattern[] = [];
  let characters = 0;
  withDenied.forEach((service, i) => {
    const trie = tries[i] as FlatTrie;
    for (const pattern of patternsOf(trie, best.solutions[i] as Solution).sort()) {
      patterns.push({ pattern, ...coverage(pattern, service) });
      characters += itemCost(pattern);
    }
  });
  return { patterns, collateral: patterns.reduce((s, p) => s + p.collateral.length, 0), characters };
}
