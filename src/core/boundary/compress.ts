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

export interface ServiceActions {
  /** Service prefix as IAM spells it (lower case). */
  service: string;
  /** Every action name of the service in the catalogue. */
  names: readonly string[];
  /** The names to deny (a subset of `names`). */
  denied: ReadonlySet<string>;
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

interface TrieNode {
  children: Map<string, TrieNode>;
  deniedHere: boolean;
  /** Non-denied names ending here (names that differ from a denied one only in case). */
  otherHere: number;
  /** This node's character as the catalogue spells it. */
  display: string;
  denied: number;
  other: number;
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

const PLAIN = /^[\x20-\x7e]*$/;
/** JSON array item cost: the quoted pattern plus its comma. */
const itemCost = (pattern: string): number => (PLAIN.test(pattern) && !/["\\]/.test(pattern) ? pattern.length + 3 : JSON.stringify(pattern).length + 1);

/**
 * IAM matches action names case-insensitively, so the trie is keyed on lower-case characters
 * (`apigateway:D*` also matches `apigateway:DELETE`); patterns keep the catalogue's spelling of
 * the first name through each node.
 */
function buildTrie(service: ServiceActions): FlatTrie {
  const fresh = (): TrieNode => ({ children: new Map(), deniedHere: false, otherHere: 0, display: "", denied: 0, other: 0 });
  const root = fresh();
  for (const name of service.names) {
    const denied = service.denied.has(name);
    let current = root;
    current.denied += denied ? 1 : 0;
    current.other += denied ? 0 : 1;
    for (const ch of name) {
      const key = ch.toLowerCase();
      let next = current.children.get(key);
      if (!next) {
        next = fresh();
        next.display = ch;
        current.children.set(key, next);
      }
      current = next;
      current.denied += denied ? 1 : 0;
      current.other += denied ? 0 : 1;
    }
    if (denied) current.deniedHere = true;
    else current.otherHere++;
  }
  const kept: { node: TrieNode; prefix: string; parent: number }[] = [];
  // Post-order over the nodes with a denied action below them.
  const visit = (node: TrieNode, prefix: string): number => {
    const children: number[] = [];
    for (const child of node.children.values()) if (child.denied > 0) children.push(visit(child, prefix + child.display));
    const index = kept.length;
    kept.push({ node, prefix, parent: -1 });
    for (const c of children) (kept[c] as (typeof kept)[number]).parent = index;
    return index;
  };
  visit(root, "");
  const n = kept.length;
  const flat: FlatTrie = {
    service: service.service,
    parent: new Int32Array(n),
    prefix: kept.map((k) => k.prefix),
    other: new Int32Array(n),
    otherHere: new Int32Array(n),
    deniedHere: new Uint8Array(n),
    literalCost: new Float64Array(n),
    wildcardCost: new Float64Array(n),
  };
  kept.forEach(({ node, prefix, parent }, i) => {
    flat.parent[i] = parent;
    flat.other[i] = node.other;
    flat.otherHere[i] = node.deniedHere ? node.otherHere : 0;
    flat.deniedHere[i] = node.deniedHere ? 1 : 0;
    flat.literalCost[i] = itemCost(`${service.service}:${prefix}`);
    flat.wildcardCost[i] = prefix === "" || prefixMayMatchReadOnly(prefix) ? Infinity : itemCost(`${service.service}:${prefix}*`);
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
    const here = trie.deniedHere[i] ? (trie.otherHere[i] as number) : 0;
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

const escapeRegExp = (text: string): string => text.replace(/[.+^${}()|[\]\\?]/g, "\\$&");

/** What one pattern covers among a service's names (case-insensitive, like IAM). */
function coverage(pattern: string, service: ServiceActions): { covers: string[]; collateral: string[] } {
  const name = pattern.slice(pattern.indexOf(":") + 1);
  const re = name.endsWith("*") ? new RegExp(`^${escapeRegExp(name.slice(0, -1))}`, "i") : new RegExp(`^${escapeRegExp(name)}$`, "i");
  const covers: string[] = [];
  const collateral: string[] = [];
  for (const n of service.names) {
    if (!re.test(n)) continue;
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
