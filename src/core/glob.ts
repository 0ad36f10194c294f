/** `*` and `?` wildcards as IAM, tags and subjects use them (no path semantics: `*` crosses `/`). */
import { BoundedMemo } from "./bounded-memo.js";

const caseInsensitiveCache = new BoundedMemo<RegExp>("globs");
const caseSensitiveCache = new BoundedMemo<RegExp>("case-sensitive globs");
const REGEX_SYNTAX = /[.+^${}()|[\]\\]/;
const ASCII = /^[^\u0080-\uffff]*$/;
const LETTER = /^[a-z]$/i;

/**
 * A glob as a whole-string regular expression: `*` becomes `anyRun` and `?` becomes `anyChar`
 * (regex source), every other character is literal. `caseInsensitive` matches as the `i` flag does,
 * without it for an ASCII glob: each letter is its own `[xX]` class (under `i`, an ASCII letter
 * matches exactly its two cases). With the flag, V8 closes every class over case through ICU, and
 * `.` is all of Unicode: a fraction of a millisecond per glob, and a large account compiles hundreds.
 */
export function globRegExp(pattern: string, caseInsensitive: boolean, anyRun = ".*", anyChar = "."): RegExp {
  const spellCase = caseInsensitive && ASCII.test(pattern);
  let body = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === "*") body += anyRun;
    else if (ch === "?") body += anyChar;
    else if (REGEX_SYNTAX.test(ch)) body += `\\${ch}`;
    else if (spellCase && LETTER.test(ch)) body += `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    else body += ch;
  }
  return new RegExp(`^${body}$`, caseInsensitive && !spellCase ? "is" : "s");
}

export function wildcardToRegExp(pattern: string, caseInsensitive = true): RegExp {
  // One cache per mode, keyed by the pattern itself: a key made per call is hashed per call.
  const cache = caseInsensitive ? caseInsensitiveCache : caseSensitiveCache;
  let re = cache.get(pattern);
  if (!re) {
    re = globRegExp(pattern, caseInsensitive);
    cache.set(pattern, re);
  }
  return re;
}

export function wildcardMatch(pattern: string, text: string, caseInsensitive = true): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*") && !pattern.includes("?")) {
    return caseInsensitive ? pattern.toLowerCase() === text.toLowerCase() : pattern === text;
  }
  return wildcardToRegExp(pattern, caseInsensitive).test(text);
}

export function matchesAny(patterns: readonly string[], text: string, caseInsensitive = true): boolean {
  return patterns.some((p) => wildcardMatch(p, text, caseInsensitive));
}
