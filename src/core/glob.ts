/** `*` and `?` wildcards as IAM, tags and subjects use them (no path semantics: `*` crosses `/`). */

const cache = new Map<string, RegExp>();

export function wildcardToRegExp(pattern: string, caseInsensitive = true): RegExp {
  const key = (caseInsensitive ? "i:" : "s:") + pattern;
  let re = cache.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, caseInsensitive ? "is" : "s");
    cache.set(key, re);
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
