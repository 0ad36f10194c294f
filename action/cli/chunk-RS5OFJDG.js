import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);

// src/core/glob.ts
var cache = /* @__PURE__ */ new Map();
function wildcardToRegExp(pattern, caseInsensitive = true) {
  const key = (caseInsensitive ? "i:" : "s:") + pattern;
  let re = cache.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, caseInsensitive ? "is" : "s");
    cache.set(key, re);
  }
  return re;
}
function wildcardMatch(pattern, text, caseInsensitive = true) {
  if (pattern === "*") return true;
  if (!pattern.includes("*") && !pattern.includes("?")) {
    return caseInsensitive ? pattern.toLowerCase() === text.toLowerCase() : pattern === text;
  }
  return wildcardToRegExp(pattern, caseInsensitive).test(text);
}
function matchesAny(patterns, text, caseInsensitive = true) {
  return patterns.some((p) => wildcardMatch(p, text, caseInsensitive));
}

export {
  wildcardToRegExp,
  wildcardMatch,
  matchesAny
};
