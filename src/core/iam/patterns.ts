/**
 * Relations between two IAM globs (`*` any run, `?` one character), both possibly wildcarded:
 * whether some string matches both (overlap), and whether every string one matches is matched by
 * the other (cover). Used to intersect resources with boundaries and to decide what a Deny removes.
 * Comparison is case-insensitive: for resources that errs towards overlap, i.e. fail closed.
 */
import { BoundedMemo, POINTER_COST } from "../bounded-memo.js";
import { globRegExp } from "../glob.js";

/**
 * An ARN pattern's six segments (`arn:partition:service:region:account:resource`). IAM matches
 * ARNs segment by segment: a wildcard never spans a colon of the first five segments.
 */
export function arnSegments(pattern: string): string[] | undefined {
  if (!/^arn:/i.test(pattern)) return undefined;
  const parts = pattern.split(":");
  if (parts.length < 6) return undefined;
  // Most ARNs have no colon in their resource part: the split is already the six segments.
  return parts.length === 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(":")];
}

function bySegments(a: string, b: string, relation: (x: string, y: string) => boolean): boolean | undefined {
  const x = arnSegments(a);
  const y = arnSegments(b);
  if (!x || !y) return undefined;
  return x.every((segment, i) => relation(segment, y[i] ?? ""));
}

/** Some concrete resource matches both globs (ARNs compared segment by segment). */
export function globsOverlap(a: string, b: string): boolean {
  if (a === "*" || b === "*") return true;
  return bySegments(a, b, stringGlobsOverlap) ?? stringGlobsOverlap(a, b);
}

/**
 * Some resource IAM matches with both patterns: globsOverlap with the resource part of an ARN
 * (after the fifth colon) in its case, as IAM matches it (resourceCovers): a grant on
 * `table/orders-prod` under a boundary allowing `table/Orders-*` reaches no table.
 */
export function resourcesOverlap(a: string, b: string): boolean {
  if (a === "*" || b === "*") return true;
  const x = arnSegments(a);
  const y = arnSegments(b);
  if (!x || !y) return tokensOverlap(globTokens(a, true), globTokens(b, true));
  for (let i = 0; i < x.length; i++) {
    const p = x[i] as string;
    const q = y[i] ?? "";
    if (!(i === 5 ? p === "*" || q === "*" || tokensOverlap(globTokens(p, true), globTokens(q, true)) : stringGlobsOverlap(p, q))) return false;
  }
  return true;
}

/** Some concrete string matches both globs. */
function stringGlobsOverlap(a: string, b: string): boolean {
  if (a === "*" || b === "*") return true;
  return tokensOverlap(globTokens(a), globTokens(b));
}

/** A character class: one literal character (lower case), any character, any but `/`, or any but `:`. */
export type CharClass = string | "ANY" | "NOSLASH" | "NOCOLON";

/** One step of a glob: its class, once (`?`, a literal) or repeated zero or more times (`*`). */
export interface GlobToken {
  cls: CharClass;
  star: boolean;
}

const tokenCache = new BoundedMemo<GlobToken[]>("glob tokens");
const exactTokenCache = new BoundedMemo<GlobToken[]>("glob tokens, case kept");
const ANY_RUN_TOKEN: GlobToken = Object.freeze({ cls: "ANY", star: true });
const ANY_CHAR_TOKEN: GlobToken = Object.freeze({ cls: "ANY", star: false });
const literalTokens = new BoundedMemo<GlobToken>("literal tokens");

/** The (shared, frozen) token of one literal character: thousands of patterns spell the same ones. */
export function literalToken(ch: string): GlobToken {
  let token = literalTokens.get(ch);
  if (!token) literalTokens.set(ch, (token = Object.freeze({ cls: ch, star: false })));
  return token;
}

/** An IAM glob as tokens (case-insensitive: literals lower-cased; `keepCase`: as written). */
export function globTokens(pattern: string, keepCase = false): GlobToken[] {
  const cache = keepCase ? exactTokenCache : tokenCache;
  let tokens = cache.get(pattern);
  if (!tokens) {
    tokens = [];
    for (const ch of keepCase ? pattern : pattern.toLowerCase()) {
      if (ch === "*") tokens.push(ANY_RUN_TOKEN);
      else if (ch === "?") tokens.push(ANY_CHAR_TOKEN);
      else tokens.push(literalToken(ch));
    }
    cache.set(pattern, tokens);
    cache.charge(tokens.length * POINTER_COST);
  }
  return tokens;
}

const isLiteral = (c: CharClass): boolean => c !== "ANY" && c !== "NOSLASH" && c !== "NOCOLON";

/** The one character a class excludes (none for ANY). */
const EXCLUDED: Readonly<Record<string, string>> = { NOSLASH: "/", NOCOLON: ":" };

function compatible(a: CharClass, b: CharClass): boolean {
  if (isLiteral(a) && isLiteral(b)) return a === b;
  if (isLiteral(a)) return a !== EXCLUDED[b];
  if (isLiteral(b)) return b !== EXCLUDED[a];
  // Two classes share a character unless both are one-character-wide (never: each excludes one).
  return true;
}

const isAnyRun = (t: GlobToken | undefined): boolean => t?.star === true && t.cls === "ANY";

function allStarred(tokens: readonly GlobToken[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!tokens[i]?.star) return false;
  return true;
}

// The automaton's memo, reused: a new array per call fed the collector on large inputs.
let scratch = new Uint8Array(1024);

/**
 * Some string matches both token sequences: a walk of the product automaton, memoized. Two
 * starred tokens never need to consume a character together (skipping that run keeps a match).
 * Single-character tokens at either end must meet the same character of any common string: they
 * are compared pairwise first, which settles most pairs (`vpc-endpoint/*` against
 * `volume/${VolumeId}`) without the automaton; so does what is left when one side is then empty
 * (the other must match the empty string) or a lone `*` (it matches whatever the other does).
 */
export function tokensOverlap(x: readonly GlobToken[], y: readonly GlobToken[]): boolean {
  let head = 0;
  let xEnd = x.length;
  let yEnd = y.length;
  for (; head < xEnd && head < yEnd; head++) {
    const a = x[head] as GlobToken;
    const b = y[head] as GlobToken;
    if (a.star || b.star) break;
    if (!compatible(a.cls, b.cls)) return false;
  }
  for (; xEnd > head && yEnd > head; xEnd--, yEnd--) {
    const a = x[xEnd - 1] as GlobToken;
    const b = y[yEnd - 1] as GlobToken;
    if (a.star || b.star) break;
    if (!compatible(a.cls, b.cls)) return false;
  }
  const n = xEnd - head;
  const m = yEnd - head;
  if (n === 0) return allStarred(y, head, yEnd);
  if (m === 0) return allStarred(x, head, xEnd);
  if ((n === 1 && isAnyRun(x[head])) || (m === 1 && isAnyRun(y[head]))) return true;
  // memo[i * (m + 1) + j]: 0 unknown, 1 true, 2 false (i, j counted from `head`)
  const size = (n + 1) * (m + 1);
  if (scratch.length < size) scratch = new Uint8Array(size);
  const memo = scratch.fill(0, 0, size);
  const visit = (i: number, j: number): boolean => {
    const key = i * (m + 1) + j;
    const known = memo[key];
    if (known) return known === 1;
    const a = i < n ? x[head + i] : undefined;
    const b = j < m ? y[head + j] : undefined;
    let result = i === n && j === m;
    if (!result && a?.star) result = visit(i + 1, j);
    if (!result && b?.star) result = visit(i, j + 1);
    if (!result && a && b && compatible(a.cls, b.cls)) {
      if (a.star && !b.star) result = visit(i, j + 1);
      else if (!a.star && b.star) result = visit(i + 1, j);
      else if (!a.star && !b.star) result = visit(i + 1, j + 1);
    }
    memo[key] = result ? 1 : 2;
    return result;
  };
  return visit(0, 0);
}

const ANY_RUN = "\u0001";
const ANY_CHAR = "\u0002";
const coverCache = new BoundedMemo<RegExp>("covering globs");

/**
 * Every string `inner` matches is matched by `outer`. Sound, not complete: a wildcard of `inner`
 * is covered only by a `*` of `outer` (a `?` of `inner` also by a `?`).
 */
export function globCovers(outer: string, inner: string): boolean {
  if (outer === "*") return true;
  return bySegments(outer, inner, stringGlobCovers) ?? stringGlobCovers(outer, inner);
}

function stringGlobCovers(outer: string, inner: string, caseSensitive = false): boolean {
  if (outer === "*") return true;
  const cache = caseSensitive ? caseSensitiveCoverCache : coverCache;
  let re = cache.get(outer);
  if (!re) {
    re = globRegExp(outer, !caseSensitive, ".*", `[^${ANY_RUN}]`);
    cache.set(outer, re);
  }
  return re.test(inner.replace(/\*/g, ANY_RUN).replace(/\?/g, ANY_CHAR));
}

const caseSensitiveCoverCache = new BoundedMemo<RegExp>("covering globs, case kept");

/**
 * globCovers for what a Deny, or a NotResource, takes away from a grant: the resource part of an
 * ARN (after the fifth colon) in its case, as IAM matches it (IAM User Guide, "IAM JSON policy
 * elements: Resource": the IAM user name is case sensitive; table names and object keys are too).
 * A Deny of `table/orders-*` spares `table/Orders-Prod`; read case-insensitively it was credited
 * with protecting it. The other segments, and a pattern that is no ARN, as globCovers (the first
 * five segments compared in any case, as iam-simulate does; no other text is a resource).
 */
export function resourceCovers(outer: string, inner: string): boolean {
  if (outer === "*") return true;
  const x = arnSegments(outer);
  const y = arnSegments(inner);
  if (!x || !y) return stringGlobCovers(outer, inner, true);
  for (let i = 0; i < x.length; i++) if (!stringGlobCovers(x[i] as string, y[i] ?? "", i === 5)) return false;
  return true;
}
