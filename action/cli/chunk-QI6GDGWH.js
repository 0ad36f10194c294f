import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  lowerBound
} from "./chunk-UWV76DWW.js";

// src/core/iam/catalogue.ts
var LazyCatalogueIndex = class {
  constructor(catalogue) {
    this.catalogue = catalogue;
    this.keys = Object.keys(catalogue.services);
    for (const key of this.keys) {
      const prefix = key.toLowerCase();
      const entry = this.byPrefix.get(prefix);
      if (entry) entry.keys.push(key);
      else this.byPrefix.set(prefix, { keys: [key] });
    }
  }
  catalogue;
  keys;
  byPrefix = /* @__PURE__ */ new Map();
  servicePairs;
  allActions;
  namesOf(key) {
    return this.catalogue.services[key] ?? [];
  }
  get services() {
    this.servicePairs ??= this.keys.map((key) => [key.toLowerCase(), this.namesOf(key)]);
    return this.servicePairs;
  }
  get all() {
    this.allActions ??= this.services.flatMap(([prefix, names]) => names.map((name) => `${prefix}:${name}`));
    return this.allActions;
  }
  serviceNames(prefix) {
    const entry = this.byPrefix.get(prefix.toLowerCase());
    if (!entry) return void 0;
    entry.names ??= entry.keys.length === 1 ? this.namesOf(entry.keys[0]) : entry.keys.flatMap((key) => this.namesOf(key));
    return entry.names;
  }
  serviceActions(prefix) {
    const lower = prefix.toLowerCase();
    const entry = this.byPrefix.get(lower);
    if (!entry) return void 0;
    entry.actions ??= (this.serviceNames(lower) ?? []).map((name) => `${lower}:${name}`);
    return entry.actions;
  }
  canonical(action) {
    const lower = action.toLowerCase();
    const colon = lower.indexOf(":");
    if (colon < 0) return void 0;
    const entry = this.byPrefix.get(lower.slice(0, colon));
    if (!entry) return void 0;
    if (!entry.byLower) {
      entry.byLower = /* @__PURE__ */ new Map();
      for (const a of this.serviceActions(lower.slice(0, colon)) ?? []) entry.byLower.set(a.toLowerCase(), a);
    }
    return entry.byLower.get(lower);
  }
};
var indexes = /* @__PURE__ */ new WeakMap();
function indexCatalogue(catalogue) {
  let index = indexes.get(catalogue);
  if (!index) indexes.set(catalogue, index = new LazyCatalogueIndex(catalogue));
  return index;
}
var hasWildcard = (text) => text.includes("*") || text.includes("?");
function splitAction(pattern) {
  const colon = pattern.indexOf(":");
  if (colon < 0) return void 0;
  return { service: pattern.slice(0, colon), name: pattern.slice(colon + 1) };
}
var regexCache = /* @__PURE__ */ new Map();
function actionPatternRegExp(pattern) {
  let re = regexCache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, "is");
    regexCache.set(pattern, re);
  }
  return re;
}
function actionMatches(pattern, action) {
  if (pattern === "*") return true;
  if (!hasWildcard(pattern)) return pattern.toLowerCase() === action.toLowerCase();
  return actionPatternRegExp(pattern).test(action);
}
function expandActionPattern(catalogue, pattern) {
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
  const candidates = hasWildcard(parts.service) ? index.all : index.serviceActions(parts.service) ?? [];
  const actions = candidates.filter((a) => re.test(a));
  return actions.length ? { actions } : { actions: [], unknown: trimmed };
}

// src/core/iam/tiers.ts
var PASS_ROLE = "iam:PassRole";
var TAGGING_NAME = /^(Tag|Untag)[A-Z]|^(Add|Remove|Create|Delete|Put|Update)Tags|^(AddTagsTo|RemoveTagsFrom)|^(Tag|Untag)$/;
var cache = /* @__PURE__ */ new WeakMap();
var NO_PATHS = { paths: [], notEscalation: [] };
function tierIndex(catalogue, destructive, escalation = NO_PATHS) {
  let perPolicy = cache.get(catalogue);
  if (!perPolicy) cache.set(catalogue, perPolicy = /* @__PURE__ */ new WeakMap());
  let perPaths = perPolicy.get(destructive);
  if (!perPaths) perPolicy.set(destructive, perPaths = /* @__PURE__ */ new WeakMap());
  const cached = perPaths.get(escalation);
  if (cached) return cached;
  const index = new LazyTierIndex(catalogue, destructive, escalation);
  perPaths.set(escalation, index);
  return index;
}
var prefixOf = (action) => action.slice(0, action.indexOf(":"));
var LazyTierIndex = class {
  constructor(catalogue, destructive, escalation) {
    this.catalogue = catalogue;
    this.destructive = destructive;
    this.catalogueIndex = indexCatalogue(catalogue);
    this.t1Patterns = destructive.t1Delete.namePatterns.map((p) => new RegExp(p));
    this.excluded = new Set(destructive.t1Delete.exclude.flatMap((p) => expandActionPattern(catalogue, p).actions));
    const addPatterns = (patterns, tier) => {
      for (const p of patterns) {
        for (const action of expandActionPattern(catalogue, p).actions) {
          const prefix = prefixOf(action);
          const list = this.listed.get(prefix);
          if (list) list.push([action, tier]);
          else this.listed.set(prefix, [[action, tier]]);
          this.listedOrder.push(action);
        }
      }
    };
    addPatterns(destructive.t1Delete.include, "delete");
    addPatterns(destructive.t2ProtectionOff.actions, "protectionOff");
    addPatterns(destructive.t3Replace.actions, "replace");
    addPatterns(destructive.t4Escalation.actions, "escalate");
    addPatterns([PASS_ROLE], "passRole");
    addPatterns(destructive.t4Escalation.passRoleWith, "passRoleWith");
    addPatterns(destructive.t4Escalation.assumeRole, "assumeRole");
    addPatterns(destructive.t4Escalation.codeExecution, "codeExecution");
    addPatterns([...new Set(escalation.paths.flatMap((p) => p.actions))], "pathStep");
  }
  catalogue;
  destructive;
  t1Patterns;
  catalogueIndex;
  excluded;
  /** Actions the tier lists name, with their tier, in list order (by service). */
  listed = /* @__PURE__ */ new Map();
  listedOrder = [];
  services = /* @__PURE__ */ new Map();
  allActions;
  nameTiers(prefix, name) {
    const deletes = this.t1Patterns.some((re) => re.test(name));
    const tagging = TAGGING_NAME.test(name) || prefix === "tag";
    return { deletes, tagging };
  }
  service(prefix) {
    const known = this.services.get(prefix);
    if (known) return known;
    const service = { actions: [], tiers: /* @__PURE__ */ new Map(), byName: /* @__PURE__ */ new Set(), namesMatched: /* @__PURE__ */ new Set() };
    const add = (action, tier) => {
      let set = service.tiers.get(action);
      if (!set) {
        service.tiers.set(action, set = /* @__PURE__ */ new Set());
        service.actions.push(action);
      }
      set.add(tier);
    };
    for (const name of this.catalogueIndex.serviceNames(prefix) ?? []) {
      const { deletes, tagging } = this.nameTiers(prefix, name);
      if (!deletes && !tagging) continue;
      const action = `${prefix}:${name}`;
      if (deletes && !this.excluded.has(action)) add(action, "delete");
      if (tagging) add(action, "tagging");
      if (service.tiers.has(action)) {
        service.byName.add(action);
        service.namesMatched.add(name);
      }
    }
    for (const [action, tier] of this.listed.get(prefix) ?? []) add(action, tier);
    this.services.set(prefix, service);
    return service;
  }
  tiersOf(action) {
    return this.service(prefixOf(action).toLowerCase()).tiers.get(action);
  }
  serviceActions(prefix) {
    return this.service(prefix.toLowerCase()).actions;
  }
  relevant(action) {
    const lower = action.toLowerCase();
    const colon = lower.indexOf(":");
    if (colon < 0) return void 0;
    const service = this.service(lower.slice(0, colon));
    if (!service.byLower) {
      service.byLower = /* @__PURE__ */ new Map();
      for (const a of service.actions) service.byLower.set(a.toLowerCase(), a);
    }
    return service.byLower.get(lower);
  }
  get all() {
    if (!this.allActions) {
      const all = [];
      const seen = /* @__PURE__ */ new Set();
      const push = (action) => {
        if (seen.has(action)) return;
        seen.add(action);
        all.push(action);
      };
      for (const [prefix, names] of this.catalogueIndex.services) {
        const service = this.service(prefix);
        if (service.namesMatched.size === 0) continue;
        for (const name of names) if (service.namesMatched.has(name)) push(`${prefix}:${name}`);
      }
      for (const action of this.listedOrder) push(action);
      this.allActions = all;
    }
    return this.allActions;
  }
};
function tiersOfUnknownAction(index, action) {
  const tiers = /* @__PURE__ */ new Set();
  const parts = splitAction(action);
  if (!parts || hasWildcard(action)) return tiers;
  const d = index.destructive;
  const matches = (patterns) => patterns.some((p) => actionPatternRegExp(p).test(action));
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
var patternCache = /* @__PURE__ */ new WeakMap();
function patternMatch(index, pattern) {
  let memo = patternCache.get(index);
  if (!memo) patternCache.set(index, memo = /* @__PURE__ */ new Map());
  let match = memo.get(pattern);
  if (!match) {
    const actions = /* @__PURE__ */ new Set();
    const unknown = [];
    const unmatched = [];
    relevantMatches(index, pattern, actions, unknown, unmatched);
    match = { actions: [...actions], ...unknown.length ? { unknown: true } : {}, ...unmatched.length ? { unmatched: true } : {} };
    memo.set(pattern, match);
  }
  return match;
}
function relevantMatches(index, pattern, out, unknown, unmatched) {
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
    const relevant2 = index.relevant(pattern);
    if (relevant2) out.add(relevant2);
    else if (catalogueIndex.canonical(pattern) === void 0) unknown.push(pattern);
    return;
  }
  if (hasWildcard(parts.service)) {
    const re = actionPatternRegExp(pattern);
    let hit = false;
    for (const a of index.all) {
      if (re.test(a)) {
        out.add(a);
        hit = true;
      }
    }
    if (!hit && !catalogueIndex.all.some((a) => re.test(a))) unmatched.push(pattern);
    return;
  }
  const service = parts.service.toLowerCase();
  const serviceActions = catalogueIndex.serviceActions(service);
  if (!serviceActions) {
    unmatched.push(pattern);
    return;
  }
  const relevant = index.serviceActions(service);
  const hits = positionsMatching(relevant, pattern, false);
  for (const i of hits) out.add(relevant[i]);
  if (hits.length === 0 && positionsMatching(serviceActions, pattern, true).length === 0) unmatched.push(pattern);
}
var sortedLowerCache = /* @__PURE__ */ new WeakMap();
function positionsMatching(actions, pattern, firstOnly) {
  let sorted = sortedLowerCache.get(actions);
  if (!sorted) {
    const order = actions.map((a, i) => [a.toLowerCase(), i]).sort((x, y) => x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]);
    sorted = { lower: order.map(([a]) => a), position: order.map(([, i]) => i) };
    sortedLowerCache.set(actions, sorted);
  }
  const { lower, position } = sorted;
  const literal = pattern.slice(0, pattern.search(/[*?]/)).toLowerCase();
  const from = lowerBound(lower, literal);
  const prefixOnly = literal.length === pattern.length - 1 && pattern.endsWith("*");
  const out = [];
  for (let i = from; i < lower.length && lower[i].startsWith(literal); i++) {
    if (!prefixOnly && !actionPatternRegExp(pattern).test(lower[i])) continue;
    out.push(position[i]);
    if (firstOnly) break;
  }
  return out.sort((x, y) => x - y);
}
var statementCache = /* @__PURE__ */ new WeakMap();
function naiveStatementActions(index, patterns, not) {
  const catalogueIndex = indexCatalogue(index.catalogue);
  const expanded = /* @__PURE__ */ new Set();
  const unknown = [];
  const unmatchedPatterns = [];
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
  const actions = concrete.filter((a) => index.tiersOf(a) !== void 0);
  return not ? { actions, unknown: [], unmatchedPatterns: [] } : { actions, unknown, unmatchedPatterns };
}
function statementActions(index, patterns, not) {
  if (index.catalogue.expansion === "naive") return naiveStatementActions(index, patterns, not);
  let memo = statementCache.get(index);
  if (!memo) statementCache.set(index, memo = /* @__PURE__ */ new Map());
  const key = (not ? "!" : "") + patterns.join("\n");
  const cached = memo.get(key);
  if (cached) return cached;
  const single = patterns.length === 1 && !not ? patterns[0] : void 0;
  if (single !== void 0) {
    const match = patternMatch(index, single);
    const result2 = { actions: match.actions, unknown: match.unknown ? [single] : [], unmatchedPatterns: match.unmatched ? [single] : [] };
    memo.set(key, result2);
    return result2;
  }
  const matched = /* @__PURE__ */ new Set();
  const unknown = [];
  const unmatchedPatterns = [];
  for (const p of patterns) {
    const match = patternMatch(index, p);
    for (const a of match.actions) matched.add(a);
    if (match.unknown) unknown.push(p);
    if (match.unmatched) unmatchedPatterns.push(p);
  }
  let result;
  if (not) {
    result = { actions: index.all.filter((a) => !matched.has(a)), unknown: [], unmatchedPatterns: [] };
  } else result = { actions: [...matched], unknown, unmatchedPatterns };
  memo.set(key, result);
  return result;
}

// src/core/boundary/denied.ts
var DENY_GROUPS = ["Delete", "ProtectionOff", "Replace", "Escalation", "Uncatalogued"];
var GROUP_OF_TIER = {
  delete: "Delete",
  protectionOff: "ProtectionOff",
  replace: "Replace",
  escalate: "Escalation",
  codeExecution: "Escalation",
  assumeRole: "Escalation",
  passRole: "Escalation"
};
var READ_ONLY_VERBS = ["Get", "List", "Describe", "BatchGet", "BatchDescribe"];
var READ_ONLY_LOWER = READ_ONLY_VERBS.map((v) => v.toLowerCase());
function isReadOnlyName(name) {
  const lower = name.toLowerCase();
  return READ_ONLY_LOWER.some((verb) => lower.startsWith(verb));
}
function prefixMayMatchReadOnly(prefix) {
  const lower = prefix.toLowerCase();
  return READ_ONLY_LOWER.some((verb) => verb.startsWith(lower) || lower.startsWith(verb));
}
var BoundaryDataError = class extends Error {
  name = "BoundaryDataError";
};
function deniedActions(catalogue, destructive) {
  const tiers = tierIndex(catalogue, destructive);
  const byGroup = { Delete: [], ProtectionOff: [], Replace: [], Escalation: [], Uncatalogued: [] };
  const groupOf = /* @__PURE__ */ new Map();
  for (const action of tiers.all) {
    const of = tiers.tiersOf(action);
    if (!of) continue;
    const group = DENY_GROUPS.find((g) => [...of].some((t) => GROUP_OF_TIER[t] === g));
    if (!group) continue;
    groupOf.set(action, group);
    byGroup[group].push(action);
  }
  const readOnly = [...groupOf.keys()].filter((a) => isReadOnlyName(a.slice(a.indexOf(":") + 1)));
  if (readOnly.length) {
    throw new BoundaryDataError(
      `the destructive tiers name read-only actions, which a guardrail boundary never denies: ${readOnly.slice(0, 5).join(", ")}${readOnly.length > 5 ? ` and ${readOnly.length - 5} more` : ""} (policies/destructive-actions.yaml or the config's destructive section)`
    );
  }
  const uncatalogued = [];
  const listed = [
    [destructive.t1Delete.include, "Delete"],
    [destructive.t2ProtectionOff.actions, "ProtectionOff"],
    [destructive.t3Replace.actions, "Replace"],
    [destructive.t4Escalation.actions, "Escalation"],
    [destructive.t4Escalation.codeExecution, "Escalation"],
    [destructive.t4Escalation.assumeRole, "Escalation"],
    [[PASS_ROLE], "Escalation"]
  ];
  for (const [patterns, group] of listed) {
    for (const pattern of patterns) {
      if (expandActionPattern(catalogue, pattern).actions.length > 0) continue;
      const parts = splitAction(pattern.trim());
      if (!parts || parts.service === "" || /[*?]/.test(parts.service)) {
        throw new BoundaryDataError(`tier entry "${pattern}" is not a service:Action pattern IAM accepts in a policy`);
      }
      if (isReadOnlyName(parts.name)) throw new BoundaryDataError(`tier entry "${pattern}" is a read-only action, which a guardrail boundary never denies`);
      uncatalogued.push({ pattern: pattern.trim(), group });
    }
  }
  for (const pattern of destructive.uncatalogued ?? []) {
    if (expandActionPattern(catalogue, pattern).actions.length > 0) continue;
    const parts = splitAction(pattern.trim());
    if (!parts || parts.service === "" || /[*?]/.test(parts.service)) throw new BoundaryDataError(`uncatalogued entry "${pattern}" is not a service:Action pattern IAM accepts in a policy`);
    uncatalogued.push({ pattern: pattern.trim(), group: "Uncatalogued" });
  }
  return { byGroup, groupOf, uncatalogued };
}

export {
  indexCatalogue,
  hasWildcard,
  actionPatternRegExp,
  actionMatches,
  tierIndex,
  tiersOfUnknownAction,
  statementActions,
  DENY_GROUPS,
  READ_ONLY_VERBS,
  isReadOnlyName,
  prefixMayMatchReadOnly,
  BoundaryDataError,
  deniedActions
};
