import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  arnAccount,
  isNonProductionAccount,
  isProductionResource
} from "./chunk-2Y573YT4.js";
import {
  wildcardMatch
} from "./chunk-RS5OFJDG.js";
import {
  compareFindings
} from "./chunk-2QL3WTTD.js";
import {
  SID_PREFIX,
  versionOfSid
} from "./chunk-VV563U4Y.js";
import {
  actionMatches,
  actionPatternRegExp,
  deniedActions,
  hasWildcard,
  statementActions,
  tierIndex,
  tiersOfUnknownAction
} from "./chunk-HDBVTYGY.js";

// src/core/iam/patterns.ts
function arnSegments(pattern) {
  if (!/^arn:/i.test(pattern)) return void 0;
  const parts = pattern.split(":");
  if (parts.length < 6) return void 0;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}
function bySegments(a, b, relation) {
  const x = arnSegments(a);
  const y = arnSegments(b);
  if (!x || !y) return void 0;
  return x.every((segment, i) => relation(segment, y[i] ?? ""));
}
function globsOverlap(a, b) {
  if (a === "*" || b === "*") return true;
  return bySegments(a, b, stringGlobsOverlap) ?? stringGlobsOverlap(a, b);
}
function stringGlobsOverlap(a, b) {
  if (a === "*" || b === "*") return true;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const n = x.length;
  const m = y.length;
  const memo = new Uint8Array((n + 1) * (m + 1));
  const visit = (i, j) => {
    const key = i * (m + 1) + j;
    const known = memo[key];
    if (known) return known === 1;
    let result;
    if (i === n && j === m) result = true;
    else if (i < n && x[i] === "*") result = visit(i + 1, j) || j < m && visit(i, j + 1);
    else if (j < m && y[j] === "*") result = visit(i, j + 1) || i < n && visit(i + 1, j);
    else if (i < n && j < m && (x[i] === "?" || y[j] === "?" || x[i] === y[j])) result = visit(i + 1, j + 1);
    else result = false;
    memo[key] = result ? 1 : 2;
    return result;
  };
  return visit(0, 0);
}
var ANY_RUN = "";
var ANY_CHAR = "";
var coverCache = /* @__PURE__ */ new Map();
function globCovers(outer, inner) {
  if (outer === "*") return true;
  return bySegments(outer, inner, stringGlobCovers) ?? stringGlobCovers(outer, inner);
}
function stringGlobCovers(outer, inner) {
  if (outer === "*") return true;
  let re = coverCache.get(outer);
  if (!re) {
    const body = outer.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, `[^${ANY_RUN}]`);
    re = new RegExp(`^${body}$`, "is");
    coverCache.set(outer, re);
  }
  return re.test(inner.replace(/\*/g, ANY_RUN).replace(/\?/g, ANY_CHAR));
}

// src/core/iam/policy-document.ts
function errorFile(source) {
  return source.evidence.file ?? source.evidence.arn ?? source.name;
}
function decodePolicyDocument(raw) {
  if (typeof raw !== "string") return raw;
  const text = raw.trim();
  if (text.startsWith("{")) return JSON.parse(text);
  return JSON.parse(decodeURIComponent(text));
}
var isRecord = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function parsePolicyDocument(source) {
  const errors = [];
  const base = source.evidence.pointer ?? "";
  const fail = (pointer, message) => {
    const line = source.lineOf?.(pointer) ?? source.evidence.line;
    errors.push({ file: errorFile(source), ...line !== void 0 ? { line } : {}, message: `${source.name}: ${message}` });
  };
  let document;
  try {
    document = decodePolicyDocument(source.document);
  } catch (error) {
    fail(base, `policy document is not valid JSON (${error.message}); treated as allowing everything`);
    return { statements: [widened(source, 0, base)], errors };
  }
  if (!isRecord(document)) {
    fail(base, "policy document is not an object; treated as allowing everything");
    return { statements: [widened(source, 0, base)], errors };
  }
  const raw = document["Statement"];
  const list2 = [];
  if (Array.isArray(raw)) {
    raw.forEach((value, i) => {
      const origin = source.statementOrigins?.[i];
      list2.push({ value, pointer: origin?.pointer ?? `${base}/Statement/${i}`, index: origin?.index ?? i });
    });
  } else if (raw !== void 0) list2.push({ value: raw, pointer: `${base}/Statement`, index: 0 });
  else {
    fail(base, "policy document has no Statement");
    return { statements: [], errors };
  }
  const statements = [];
  for (const item of list2) {
    const statement = parseStatement(source, item.value, item.pointer, item.index, fail);
    if (statement) statements.push(statement);
  }
  return { statements, errors };
}
function statementEvidence(source, pointer, index) {
  const line = source.lineOf?.(pointer);
  return {
    ...source.evidence,
    pointer,
    ...line !== void 0 ? { line } : {},
    policyName: source.evidence.policyName ?? source.name,
    statementIndex: index
  };
}
function widened(source, index, pointer) {
  return {
    effect: "Allow",
    actions: ["*"],
    resources: [{ pattern: "*" }],
    invalid: true,
    index,
    evidence: statementEvidence(source, pointer, index),
    source
  };
}
function stringList(value, pointer, key, fail) {
  const items2 = Array.isArray(value) ? value : [value];
  const list2 = [];
  let ok = items2.length > 0;
  items2.forEach((item, i) => {
    if (typeof item === "string" && item.trim() !== "") list2.push(item.trim());
    else {
      ok = false;
      fail(Array.isArray(value) ? `${pointer}/${key}/${i}` : `${pointer}/${key}`, `${key} must be a non-empty string or a list of them`);
    }
  });
  if (items2.length === 0) fail(`${pointer}/${key}`, `${key} is empty`);
  return { list: list2, ok };
}
function resourceList(source, value) {
  const items2 = Array.isArray(value) ? value : [value];
  return items2.map((item) => {
    if (typeof item === "string") return { pattern: item };
    return source.resolveResource ? source.resolveResource(item) : { pattern: "*" };
  });
}
function parseStatement(source, value, pointer, index, fail) {
  if (!isRecord(value)) {
    fail(pointer, `Statement ${index} is not an object; treated as allowing everything`);
    return widened(source, index, pointer);
  }
  let invalid = false;
  const effectRaw = value["Effect"];
  let effect;
  if (effectRaw === "Allow" || effectRaw === "Deny") effect = effectRaw;
  else {
    fail(
      effectRaw === void 0 ? pointer : `${pointer}/Effect`,
      effectRaw === void 0 ? `Statement ${index} has no Effect; treated as Allow (fail closed)` : `Statement ${index} has Effect ${JSON.stringify(effectRaw)} (expected "Allow" or "Deny"); treated as Allow (fail closed)`
    );
    effect = "Allow";
    invalid = true;
  }
  const statement = { effect, index, evidence: statementEvidence(source, pointer, index), source };
  const hasAction = "Action" in value;
  const hasNotAction = "NotAction" in value;
  if (hasAction === hasNotAction) {
    fail(pointer, `Statement ${index} must have exactly one of Action and NotAction`);
    invalid = true;
    statement.actions = ["*"];
  } else if (hasAction) {
    const { list: list2, ok } = stringList(value["Action"], pointer, "Action", fail);
    if (!ok) invalid = true;
    statement.actions = ok ? list2 : ["*"];
  } else {
    const { list: list2, ok } = stringList(value["NotAction"], pointer, "NotAction", fail);
    if (!ok) {
      invalid = true;
      statement.actions = ["*"];
    } else statement.notActions = list2;
  }
  const hasResource = "Resource" in value;
  const hasNotResource = "NotResource" in value;
  if (hasResource === hasNotResource) {
    fail(pointer, `Statement ${index} must have exactly one of Resource and NotResource; treated as Resource "*"`);
    invalid = true;
    statement.resources = [{ pattern: "*" }];
  } else if (hasResource) {
    const raw = value["Resource"];
    statement.resources = Array.isArray(raw) && raw.length === 0 ? [] : resourceList(source, raw);
    if (statement.resources.length === 0) {
      fail(`${pointer}/Resource`, 'Resource is empty; treated as "*"');
      invalid = true;
      statement.resources = [{ pattern: "*" }];
    }
  } else statement.notResources = resourceList(source, value["NotResource"]);
  if ("Condition" in value) {
    const condition = value["Condition"];
    if (isRecord(condition) && Object.values(condition).every(isRecord)) statement.condition = condition;
    else {
      fail(`${pointer}/Condition`, "Condition must map operators to key/value objects");
      invalid = true;
      statement.condition = { Unreadable: {} };
    }
  }
  if (invalid) statement.invalid = true;
  return statement;
}

// src/core/iam/agents.ts
var GITHUB_OIDC = "token.actions.githubusercontent.com";
var isRecord2 = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
var strings = (v) => (Array.isArray(v) ? v : [v]).filter((x) => typeof x === "string");
function arnName(arn) {
  const m = /^arn:[^:]+:(?:iam|sts)::[^:]*:(?:role|user|assumed-role)\/(?:.*\/)?([^/]+?)(?:\/[^/]*)?$/.exec(arn);
  return m?.[1];
}
var ASCII = /^[ -~]*$/;
var containsPatterns = /* @__PURE__ */ new WeakMap();
function firstMatch(patterns, name) {
  let contains = containsPatterns.get(patterns);
  if (!contains) {
    contains = patterns.map((p) => {
      const inner = p.length > 2 && p.startsWith("*") && p.endsWith("*") ? p.slice(1, -1) : void 0;
      return inner !== void 0 && ASCII.test(inner) && !/[*?]/.test(inner) ? inner.toLowerCase() : void 0;
    });
    containsPatterns.set(patterns, contains);
  }
  const lower = ASCII.test(name) ? name.toLowerCase() : void 0;
  return patterns.find((p, i) => {
    const word = contains[i];
    return word !== void 0 && lower !== void 0 ? lower.includes(word) : wildcardMatch(p, name);
  });
}
function agentReason(principal, agents) {
  const namePattern = firstMatch(agents.roleNamePatterns, principal.name);
  if (namePattern) return `name ${principal.name} matches "${namePattern}"`;
  for (const [key, value] of Object.entries(principal.tags)) {
    for (const [wantedKey, values] of Object.entries(agents.tags)) {
      if (key.toLowerCase() !== wantedKey.toLowerCase()) continue;
      if (values.some((v) => wildcardMatch(v, value))) return `tag ${key}=${value}`;
    }
  }
  const trust = principal.trustPolicy;
  if (!trust) return void 0;
  let document;
  try {
    document = decodePolicyDocument(trust.document);
  } catch {
    return "trust policy is unreadable (cannot rule out an agent)";
  }
  if (!isRecord2(document)) return "trust policy is unreadable (cannot rule out an agent)";
  const raw = document["Statement"];
  const statements = Array.isArray(raw) ? raw : [raw];
  for (const statement of statements) {
    if (!isRecord2(statement) || statement["Effect"] === "Deny") continue;
    const reason = trustStatementAdmitsAgent(statement, agents);
    if (reason) return reason;
  }
  return void 0;
}
function trustStatementAdmitsAgent(statement, agents) {
  const principal = statement["Principal"];
  const condition = isRecord2(statement["Condition"]) ? statement["Condition"] : void 0;
  if (principal === "*") {
    return condition ? void 0 : 'trust policy admits any principal ("*") without a condition';
  }
  if (!isRecord2(principal)) return void 0;
  for (const [type, value] of Object.entries(principal)) {
    for (const id of strings(value)) {
      if (type === "AWS" && id === "*" && !condition) return 'trust policy admits any AWS principal ("*") without a condition';
      const configured = agents.trustPrincipals.find((p) => wildcardMatch(p, id));
      if (configured) return `trust policy admits ${type} ${id}`;
      if (type === "AWS") {
        const name = arnName(id);
        const pattern = name && firstMatch(agents.roleNamePatterns, name);
        if (pattern) return `trust policy admits ${id}, an agent by name ("${pattern}")`;
      }
      if (type === "Federated" && id.toLowerCase().endsWith(GITHUB_OIDC)) {
        const reason = githubSubjectAdmitsAgent(condition, agents);
        if (reason) return reason;
      }
    }
  }
  return void 0;
}
function githubSubjectAdmitsAgent(condition, agents) {
  const subjects = [];
  let negated = false;
  for (const [operator, block] of Object.entries(condition ?? {})) {
    if (!isRecord2(block)) continue;
    for (const [key, value] of Object.entries(block)) {
      if (key.toLowerCase() !== `${GITHUB_OIDC}:sub`) continue;
      if (/Not/i.test(operator)) negated = true;
      else subjects.push(...strings(value));
    }
  }
  if (negated && subjects.length === 0) subjects.push("*");
  const agentSubjects = agents.trustPrincipals.filter((p) => p.startsWith("repo:"));
  if (subjects.length === 0) {
    return agentSubjects.length ? `trust policy admits GitHub OIDC without a sub condition (any workflow, ${agentSubjects[0]} included)` : void 0;
  }
  for (const subject of subjects) {
    const agentSubject = agentSubjects.find((p) => globsOverlap(p, subject));
    if (agentSubject) return `trust policy admits GitHub OIDC subject ${subject} (matches agent workflows "${agentSubject}")`;
  }
  return void 0;
}

// src/core/iam/access.ts
var PolicyParser = class {
  parsed = /* @__PURE__ */ new WeakMap();
  errors = [];
  statements(source) {
    let statements = this.parsed.get(source);
    if (!statements) {
      const result = parsePolicyDocument(source);
      statements = result.statements;
      this.errors.push(...result.errors);
      this.parsed.set(source, statements);
    }
    return statements;
  }
};
function statementRefs(statement) {
  if (statement.resources) return statement.resources;
  const except = (statement.notResources ?? []).map((r) => r.pattern).join(", ");
  return [{ pattern: "*", origin: `* except ${except}` }];
}
function entry(ref, statement) {
  return statement.notResources ? { ref, statement, except: statement.notResources.map((r) => r.pattern) } : { ref, statement };
}
function tiersOf(index, action, unknown) {
  return (unknown ? tiersOfUnknownAction(index, action) : index.tiersOf(action)) ?? /* @__PURE__ */ new Set();
}
function collectAllows(index, statements, unmatched) {
  const allows = /* @__PURE__ */ new Map();
  const unknownActions = /* @__PURE__ */ new Set();
  const entriesOf = /* @__PURE__ */ new Map();
  const add = (action, statement) => {
    let list2 = allows.get(action);
    if (!list2) allows.set(action, list2 = []);
    let entries = entriesOf.get(statement);
    if (!entries) entriesOf.set(statement, entries = statementRefs(statement).map((ref) => entry(ref, statement)));
    for (const e of entries) list2.push(e);
  };
  for (const statement of statements) {
    if (statement.effect !== "Allow") continue;
    const not = statement.notActions !== void 0;
    const matched = statementActions(index, not ? statement.notActions ?? [] : statement.actions ?? [], not);
    for (const action of matched.actions) add(action, statement);
    for (const action of matched.unknown) {
      if (tiersOfUnknownAction(index, action).size === 0) continue;
      unknownActions.add(action);
      add(action, statement);
    }
    if (unmatched) for (const pattern of matched.unmatchedPatterns) unmatched.push({ pattern, statement });
  }
  return { allows, unknown: unknownActions };
}
function allowEntriesFor(statements, action) {
  const out = [];
  for (const statement of statements) {
    if (statement.effect !== "Allow") continue;
    const covered = statement.notActions ? !statement.notActions.some((p) => actionMatches(p, action)) : (statement.actions ?? []).some((p) => actionMatches(p, action));
    if (covered) for (const ref of statementRefs(statement)) out.push(entry(ref, statement));
  }
  return out;
}
function denyEntries(index, statements) {
  const out = [];
  for (const statement of statements) {
    if (statement.effect !== "Deny" || statement.invalid) continue;
    const not = statement.notActions !== void 0;
    const matched = statementActions(index, not ? statement.notActions ?? [] : statement.actions ?? [], not);
    out.push({ statement, actions: new Set(matched.actions) });
  }
  return out;
}
function denyCoversAction(deny, action, unknown) {
  if (!unknown) return deny.actions.has(action);
  const s = deny.statement;
  if (s.notActions) return !s.notActions.some((p) => actionMatches(p, action));
  return (s.actions ?? []).some((p) => actionMatches(p, action));
}
function denyCoversResource(deny, ref, except = []) {
  const s = deny.statement;
  if (s.resources) return s.resources.some((r) => globCovers(r.pattern, ref.pattern));
  return (s.notResources ?? []).every((r) => !globsOverlap(r.pattern, ref.pattern) || except.some((x) => globCovers(x, r.pattern)));
}
var MFA_KEYS = /* @__PURE__ */ new Set(["aws:multifactorauthpresent", "aws:multifactorauthage"]);
var TAG_KEY = /^(aws:(resourcetag|requesttag|principaltag)\/|aws:tagkeys$|[a-z0-9-]+:resourcetag\/)/i;
var PRINCIPAL_ARN_KEY = "aws:principalarn";
function denyHolds(condition, canTag, principal) {
  if (!condition) return true;
  for (const [operator, block] of Object.entries(condition)) {
    for (const [key, value] of Object.entries(block)) {
      const k = key.toLowerCase();
      if (MFA_KEYS.has(k)) return false;
      if (TAG_KEY.test(k)) {
        if (canTag) return false;
        continue;
      }
      if (k === PRINCIPAL_ARN_KEY && principal.arn && principalArnConditionHolds(operator, value, principal.arn)) continue;
      return false;
    }
  }
  return true;
}
function principalArnConditionHolds(operator, value, arn) {
  const op = operator.replace(/IfExists$/, "");
  const values = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === "string");
  const exact = /Equals$/.test(op) && !/Like/.test(op);
  const matches = values.some((v) => exact ? v === arn : globCovers(v, arn));
  if (op === "StringEquals" || op === "StringLike" || op === "ArnEquals" || op === "ArnLike") return matches;
  if (op === "StringNotEquals" || op === "StringNotLike" || op === "ArnNotEquals" || op === "ArnNotLike") return !matches;
  return false;
}
function intersectRefs(identity, limit, isProduction) {
  if (!globsOverlap(identity.pattern, limit.pattern)) return void 0;
  if (globCovers(identity.pattern, limit.pattern)) return limit;
  if (globCovers(limit.pattern, identity.pattern)) return identity;
  return isProduction(identity) && !isProduction(limit) ? limit : identity;
}
function limitBy(entries, limits, isProduction) {
  if (!limits || limits.length === 0) return [];
  const out = [];
  for (const entry2 of entries) {
    for (const limit of limits) {
      const ref = intersectRefs(entry2.ref, limit.ref, isProduction);
      if (!ref) continue;
      const except = [...entry2.except ?? [], ...limit.except ?? []];
      if (except.some((x) => globCovers(x, ref.pattern))) continue;
      out.push(except.length ? { ref, statement: entry2.statement, except } : { ref, statement: entry2.statement });
    }
  }
  return out;
}
function applyDenies(entry2, denies, action, isUnknown, isProduction) {
  let remaining = [entry2];
  for (const deny of denies) {
    if (!denyCoversAction(deny, action, isUnknown)) continue;
    const next = [];
    for (const e of remaining) {
      if (denyCoversResource(deny, e.ref, e.except)) continue;
      const spared = deny.statement.notResources;
      if (!spared) {
        next.push(e);
        continue;
      }
      const sparedEntries = spared.map((r) => ({ ref: r, statement: deny.statement }));
      next.push(...limitBy([e], sparedEntries, isProduction));
    }
    remaining = next;
    if (remaining.length === 0) break;
  }
  return remaining;
}
function analyzePrincipal(principal, context, extraPolicies = []) {
  const { policy, catalogue, parser } = context;
  const index = tierIndex(catalogue, policy.destructive);
  const notes = [];
  const unmatchedPatterns = [];
  const identity = [...principal.policies, ...extraPolicies].flatMap((s) => parser.statements(s));
  const { allows, unknown } = collectAllows(index, identity, unmatchedPatterns);
  const limits = [];
  const denyStatements = [...identity];
  if (principal.boundary === "unresolved") {
    notes.push("permission boundary set but its document is not in the input: it cannot be shown to restrict");
  } else if (principal.boundary) {
    const statements = parser.statements(principal.boundary);
    limits.push({ allows: collectAllows(index, statements).allows, statements });
    denyStatements.push(...statements);
  }
  if (principal.serviceControlPolicies?.length) {
    for (const scp of principal.serviceControlPolicies) {
      const statements = parser.statements(scp);
      limits.push({ allows: collectAllows(index, statements).allows, statements });
      denyStatements.push(...statements);
    }
  } else notes.push("SCPs not verified");
  const denies = denyEntries(index, denyStatements);
  const productionVerdicts = context.productionVerdicts ?? /* @__PURE__ */ new Map();
  const account = principal.account ?? context.account;
  const accountKey = `${account ?? ""}
`;
  const isProduction = (ref) => {
    if (ref.production !== void 0) return ref.production;
    const key = accountKey + ref.pattern;
    let known = productionVerdicts.get(key);
    if (known === void 0) {
      known = isProductionResource(ref, account !== void 0 ? { account } : {}, policy.production);
      productionVerdicts.set(key, known);
    }
    return known;
  };
  const limited = (action, entries, isUnknown) => {
    let current = entries;
    for (const limit of limits) {
      const allowed = isUnknown ? allowEntriesFor(limit.statements, action) : limit.allows.get(action);
      current = limitBy(current, allowed, isProduction);
      if (current.length === 0) break;
    }
    return current;
  };
  let canTag = false;
  for (const [action, entries] of allows) {
    if (!tiersOf(index, action, unknown.has(action)).has("tagging")) continue;
    const remaining = limited(action, entries, unknown.has(action)).filter(
      (e) => !denies.some((d) => !d.statement.condition && denyCoversAction(d, action, unknown.has(action)) && denyCoversResource(d, e.ref))
    );
    if (remaining.length) {
      canTag = true;
      break;
    }
  }
  const protecting = denies.filter((d) => denyHolds(d.statement.condition, canTag, principal));
  const ignored = denies.length - protecting.length;
  if (ignored) notes.push(`${ignored} conditional Deny statement${ignored === 1 ? "" : "s"} not counted: the agent can meet or undo the condition`);
  const grants = [];
  for (const [action, entries] of allows) {
    const isUnknown = unknown.has(action);
    const tiers = tiersOf(index, action, isUnknown);
    if (tiers.size === 0 || tiers.size === 1 && tiers.has("tagging")) continue;
    for (const entry2 of limited(action, entries, isUnknown).flatMap((e) => applyDenies(e, protecting, action, isUnknown, isProduction))) {
      grants.push({
        action,
        tiers,
        ref: entry2.ref,
        statement: entry2.statement,
        production: isProduction(entry2.ref),
        ...isUnknown ? { unknownAction: true } : {}
      });
    }
  }
  const deniedEverywhere = protecting.filter((d) => d.statement.actions && d.statement.resources?.some((r) => r.pattern === "*"));
  const stillUnmatched = unmatchedPatterns.filter(
    (u) => !deniedEverywhere.some((d) => (d.statement.actions ?? []).some((p) => globCovers(p, u.pattern)))
  );
  return { principal, grants, notes, unmatchedPatterns: stillUnmatched };
}
function inProductionAccount(ref, principal, policy, inputAccount) {
  if (ref.production === false) return false;
  const account = arnAccount(ref.pattern) ?? principal.account ?? inputAccount;
  return !isNonProductionAccount(account, policy.production);
}

// src/core/iam/analysis.ts
var DESTRUCTIVE_TIERS = ["delete", "protectionOff", "replace"];
var cache = /* @__PURE__ */ new WeakMap();
function analyzeInput(input, policy, catalogue) {
  let byPolicy = cache.get(input);
  if (!byPolicy) cache.set(input, byPolicy = /* @__PURE__ */ new WeakMap());
  let byCatalogue = byPolicy.get(policy);
  if (!byCatalogue) byPolicy.set(policy, byCatalogue = /* @__PURE__ */ new WeakMap());
  let analysis = byCatalogue.get(catalogue);
  if (!analysis) byCatalogue.set(catalogue, analysis = buildAnalysis(input, policy, catalogue));
  return analysis;
}
function bundledSources(principal, lookup) {
  const sources = [];
  const unresolved = [];
  for (const entry2 of principal.unresolvedPolicies ?? []) {
    const published = lookup?.(entry2.arn);
    if (published) {
      sources.push({
        name: entry2.arn,
        document: published.document,
        evidence: { ...entry2.evidence, arn: entry2.arn, note: `AWS managed policy, published version ${published.versionId} (${published.source})` }
      });
    } else unresolved.push(entry2);
  }
  return { sources, unresolved };
}
function buildAnalysis(input, policy, catalogue) {
  const parser = new PolicyParser();
  const context = { policy, catalogue, parser, productionVerdicts: /* @__PURE__ */ new Map(), ...input.account !== void 0 ? { account: input.account } : {} };
  const index = tierIndex(catalogue, policy.destructive);
  const accessCache = /* @__PURE__ */ new Map();
  const accessOf = (principal) => {
    let known = accessCache.get(principal);
    if (!known) {
      const bundled = bundledSources(principal, catalogue.awsManagedPolicy);
      known = { access: analyzePrincipal(principal, context, bundled.sources), unresolved: bundled.unresolved };
      accessCache.set(principal, known);
    }
    return known;
  };
  const tierGlobs = [
    ...policy.destructive.t1Delete.include,
    ...policy.destructive.t2ProtectionOff.actions,
    ...policy.destructive.t3Replace.actions,
    ...policy.destructive.t4Escalation.actions,
    ...policy.destructive.t4Escalation.codeExecution,
    ...policy.destructive.t4Escalation.assumeRole
  ];
  const mightBeDestructive = (pattern) => {
    const name = pattern.slice(pattern.indexOf(":") + 1);
    if (/^[*?]/.test(name) || !pattern.includes(":")) return true;
    const literalPrefix = name.split(/[*?]/)[0] ?? "";
    const probe = hasWildcard(name) ? `${literalPrefix}X` : name;
    if (index.t1Patterns.some((re) => re.test(probe))) return true;
    return tierGlobs.some((g) => globsOverlap(g, pattern));
  };
  const agents = [];
  for (const principal of input.principals) {
    const reason = principal.assumeAgent ?? agentReason(principal, policy.agents);
    for (const source of [...principal.policies, ...principal.boundary && principal.boundary !== "unresolved" ? [principal.boundary] : []]) parser.statements(source);
    if (!reason) continue;
    const { access, unresolved } = accessOf(principal);
    agents.push({
      principal,
      reason,
      access,
      unresolved,
      unverifiablePatterns: access.unmatchedPatterns.filter((u) => mightBeDestructive(u.pattern))
    });
  }
  const destructiveGrants = (access) => access.grants.filter((g) => g.production && DESTRUCTIVE_TIERS.some((t) => g.tiers.has(t)));
  const compliance = /* @__PURE__ */ new Map();
  const visiting = /* @__PURE__ */ new Set();
  const roleByArn = /* @__PURE__ */ new Map();
  for (const p of input.principals) if (p.kind === "role" && p.arn) roleByArn.set(p.arn.toLowerCase(), p);
  const isCompliant = (role) => {
    const known = compliance.get(role);
    if (known !== void 0) return known;
    if (visiting.has(role)) return false;
    visiting.add(role);
    const { access, unresolved } = accessOf(role);
    const result = unresolved.length === 0 && destructiveGrants(access).length === 0 && escalationGrants(access).length === 0;
    visiting.delete(role);
    compliance.set(role, result);
    return result;
  };
  const escalationGrants = (access) => {
    const principal = access.principal;
    const inScope = access.grants.filter((g) => inProductionAccount(g.ref, principal, policy, input.account));
    const direct = inScope.filter((g) => g.tiers.has("escalate") || g.tiers.has("codeExecution"));
    const passRole = inScope.filter((g) => g.tiers.has("passRole"));
    const passRoleWith = inScope.filter((g) => g.tiers.has("passRoleWith"));
    const assume = inScope.filter((g) => {
      if (!g.tiers.has("assumeRole")) return false;
      if (hasWildcard(g.ref.pattern)) return true;
      const target = roleByArn.get(g.ref.pattern.toLowerCase());
      return !(target && target !== principal && isCompliant(target));
    });
    const out = /* @__PURE__ */ new Set([...direct, ...assume]);
    if (passRole.length && passRoleWith.length) for (const g of [...passRole, ...passRoleWith]) out.add(g);
    return [...out];
  };
  return { agents, errors: parser.errors, destructiveGrants, escalationGrants };
}

// src/core/iam/finding-text.ts
var KIND_LABEL = { role: "Role", user: "User", group: "Group" };
function principalLabel(agent) {
  const p = agent.principal;
  return p.label ?? `${KIND_LABEL[p.kind]} ${p.name}`;
}
function shortResource(pattern) {
  const parts = pattern.split(":");
  if (parts[0]?.toLowerCase() === "arn" && parts.length >= 6) {
    const resource = parts.slice(5).join(":");
    return resource === "*" && parts[2] && parts[2] !== "*" ? `${parts[2]} *` : resource;
  }
  return pattern;
}
function grantResource(grant) {
  return grant.ref.origin ?? shortResource(grant.ref.pattern);
}
var SERVICE_ORDER = ["cloudformation", "dynamodb", "rds", "s3", "kms", "ec2", "iam", "sts", "lambda", "logs", "backup", "elasticfilesystem"];
function servicePriority(action) {
  const i = SERVICE_ORDER.indexOf(action.slice(0, action.indexOf(":")).toLowerCase());
  return i < 0 ? SERVICE_ORDER.length : i;
}
function sortedActions(grants) {
  return [...new Set(grants.map((g) => g.action))].sort();
}
function summarize(items2, shown = 3) {
  const ordered = [...items2].sort(
    (a, b) => servicePriority(a.action) - servicePriority(b.action) || a.action.length - b.action.length || a.action.localeCompare(b.action)
  );
  const seen = /* @__PURE__ */ new Set();
  const parts = [];
  for (const item of ordered) {
    if (parts.length >= shown) break;
    if (seen.has(item.action)) continue;
    seen.add(item.action);
    parts.push(item.text);
  }
  const total = new Set(items2.map((i) => i.action)).size;
  const more = total - seen.size;
  return more > 0 ? `${parts.join(", ")} and ${more} more action${more === 1 ? "" : "s"}` : parts.join(", ");
}
function grantItems(grants) {
  const byAction = /* @__PURE__ */ new Map();
  for (const g of grants) {
    let set = byAction.get(g.action);
    if (!set) byAction.set(g.action, set = /* @__PURE__ */ new Set());
    set.add(grantResource(g));
  }
  return [...byAction].map(([action, resources]) => ({ action, text: `${action} on ${[...resources].join(", ")}` }));
}
function findingEvidence(agent, statements, extra = []) {
  const seen = /* @__PURE__ */ new Set();
  const evidence = [];
  for (const s of statements) {
    if (seen.has(s)) continue;
    seen.add(s);
    evidence.push(s.invalid ? { ...s.evidence, note: "statement could not be read; evaluated in its widest reading" } : s.evidence);
  }
  evidence.push(...extra);
  const notes = [`agent principal: ${agent.reason}`, ...agent.access.notes];
  evidence.push({ ...agent.principal.evidence, note: notes.join("; ") });
  return evidence;
}
function unverifiableEvidence(agent) {
  return [
    ...agent.unresolved.map((u) => ({ ...u.evidence, arn: u.arn, note: "managed policy document not in the input: not verified (fail closed)" })),
    ...agent.unverifiablePatterns.map((u) => ({ ...u.statement.evidence, note: `${u.pattern} matches no catalogue action: cannot be verified (fail closed)` }))
  ];
}
function unverifiableText(agent) {
  const names = [...agent.unresolved.map((u) => u.arn), ...agent.unverifiablePatterns.map((u) => `action pattern ${u.pattern}`)];
  return `${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""}`;
}
function principalFindings(rule3, agents, grantsOf, describe) {
  const findings = [];
  for (const agent of agents) {
    const grants = grantsOf(agent);
    const unverifiable = unverifiableEvidence(agent);
    if (grants.length === 0 && unverifiable.length === 0) continue;
    const label = principalLabel(agent);
    findings.push({
      rule: rule3,
      severity: "error",
      message: grants.length ? describe.grants(label, grants) : `${label} cannot be verified not to ${describe.unverifiable}: ${unverifiableText(agent)} (fail closed)`,
      subject: agent.principal.subject,
      ...grants.length ? { actions: sortedActions(grants) } : {},
      evidence: findingEvidence(agent, grants.map((g) => g.statement), unverifiable),
      suppressed: null
    });
  }
  return findings;
}

// src/core/iam/agent-destructive-prod.ts
var rule = {
  id: "agent-destructive-prod",
  defaultSeverity: "error",
  evaluate(input, policy, catalogue) {
    const analysis = analyzeInput(input, policy, catalogue);
    return principalFindings("agent-destructive-prod", analysis.agents, (agent) => analysis.destructiveGrants(agent.access), {
      grants: (label, grants) => `${label} can delete or replace production resources: ${summarize(grantItems(grants))}`,
      unverifiable: "delete or replace production resources"
    });
  }
};

// src/core/iam/agent-privilege-escalation.ts
function items(grants) {
  const passRoleWith = [...new Set(grants.filter((g) => g.tiers.has("passRoleWith")).map((g) => g.action))].sort();
  const onlyWithPassRole = (g) => g.tiers.has("passRoleWith") && !g.tiers.has("escalate") && !g.tiers.has("codeExecution") && !g.tiers.has("assumeRole");
  const shown = grants.filter((g) => !onlyWithPassRole(g));
  return grantItems(shown).map(
    (item) => grants.some((g) => g.action === item.action && g.tiers.has("passRole")) && passRoleWith.length ? { ...item, text: `${item.text} with ${passRoleWith.slice(0, 2).join(", ")}${passRoleWith.length > 2 ? ", ..." : ""}` } : item
  );
}
var rule2 = {
  id: "agent-privilege-escalation",
  defaultSeverity: "error",
  evaluate(input, policy, catalogue) {
    const analysis = analyzeInput(input, policy, catalogue);
    return principalFindings("agent-privilege-escalation", analysis.agents, (agent) => analysis.escalationGrants(agent.access), {
      grants: (label, grants) => `${label} can escalate its privileges: ${summarize(items(grants))}`,
      unverifiable: "escalate its privileges"
    });
  }
};

// src/core/boundary/drift.ts
var isRecord3 = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
var list = (v) => Array.isArray(v) ? v : v === void 0 ? [] : [v];
function guardrailPart(source, isBoundary) {
  let document;
  try {
    document = decodePolicyDocument(source.document);
  } catch {
    return void 0;
  }
  if (!isRecord3(document)) return void 0;
  const statements = list(document["Statement"]).filter(isRecord3);
  const ours = statements.filter((s) => typeof s["Sid"] === "string" && s["Sid"].startsWith(SID_PREFIX));
  if (ours.length === 0) return void 0;
  const denies = ours.filter((s) => s["Effect"] === "Deny" && s["Condition"] === void 0 && /^AgentGuardrailDeny/.test(s["Sid"])).flatMap((s) => list(s["Action"]).filter((a) => typeof a === "string"));
  const versions = [...new Set(ours.map((s) => versionOfSid(s["Sid"])).filter((v) => v !== void 0))];
  return { source, denies, versions, isBoundary: isBoundary && ours.some((s) => /^AgentGuardrailAllowOther/.test(s["Sid"])) };
}
function partsOf(principal) {
  const parts = [];
  if (principal.boundary && principal.boundary !== "unresolved") {
    const part = guardrailPart(principal.boundary, true);
    if (part) parts.push(part);
  }
  for (const source of principal.policies) {
    const part = guardrailPart(source, false);
    if (part) parts.push(part);
  }
  return parts;
}
function uncovered(denied, patterns) {
  const byService = /* @__PURE__ */ new Map();
  for (const p of patterns) {
    const service = p.slice(0, p.indexOf(":")).toLowerCase();
    const res = byService.get(service);
    if (res) res.push(actionPatternRegExp(p));
    else byService.set(service, [actionPatternRegExp(p)]);
  }
  return denied.filter((a) => !(byService.get(a.slice(0, a.indexOf(":")).toLowerCase()) ?? []).some((re) => re.test(a)));
}
var KIND_LABEL2 = { role: "Role", user: "User", group: "Group" };
function boundaryDrift(agents, policy, catalogue, inputAccount) {
  const withParts = agents.map((principal) => ({ principal, parts: partsOf(principal) }));
  if (!withParts.some((a) => a.parts.some((p) => p.isBoundary))) return [];
  const inProduction = (p) => {
    if (p.production === false) return false;
    const account = p.account ?? inputAccount;
    return !(account !== void 0 && policy.production.nonProductionAccounts.includes(account));
  };
  let current;
  const findings = [];
  for (const { principal, parts } of withParts) {
    if (principal.kind === "group" || !inProduction(principal)) continue;
    const label = principal.label ?? `${KIND_LABEL2[principal.kind]} ${principal.name}`;
    const boundary = parts.find((p) => p.isBoundary);
    if (!boundary) {
      if (principal.boundary !== void 0) continue;
      findings.push({
        rule: "agent-destructive-prod",
        severity: "warning",
        message: `${label} has no guardrail boundary, while other agent principals here carry it: set it (agent-guardrail boundary, AgentGuardrails.enforce, or audit --remediation) so AWS denies this agent the destructive tiers.`,
        subject: principal.subject,
        evidence: [{ ...principal.evidence, note: "agent principal in production without the guardrail boundary" }],
        suppressed: null
      });
      continue;
    }
    if (!current) {
      const d = deniedActions(catalogue, policy.destructive);
      current = { actions: [...d.groupOf.keys()], uncatalogued: d.uncatalogued.map((u) => u.pattern) };
    }
    const patterns = parts.flatMap((p) => p.denies);
    const missing = uncovered(current.actions, patterns);
    const missingUncatalogued = current.uncatalogued.filter((u) => !patterns.some((p) => p.toLowerCase() === u.toLowerCase()));
    const total = missing.length + missingUncatalogued.length;
    if (total === 0) continue;
    const versions = [...new Set(parts.flatMap((p) => p.versions))];
    const examples = [...missing, ...missingUncatalogued].slice(0, 3).join(", ");
    findings.push({
      rule: "agent-destructive-prod",
      severity: "warning",
      message: `${label}'s guardrail boundary (built from catalogue ${versions.join(", ") || "of unknown version"}) is older than the shipped catalogue: it misses ${total} destructive/escalation action${total === 1 ? "" : "s"} (${examples}${total > 3 ? ", ..." : ""}). Regenerate it: agent-guardrail boundary.`,
      subject: principal.subject,
      ...missing.length ? { actions: missing } : {},
      evidence: [...parts.map((p) => ({ ...p.source.evidence, note: `guardrail ${p.isBoundary ? "boundary" : "part"} ${p.source.name}` })), principal.evidence],
      suppressed: null
    });
  }
  return findings;
}

// src/core/iam/evaluate.ts
var IAM_RULES = [rule, rule2];
function evaluateIam(input, policy, catalogue) {
  const analysis = analyzeInput(input, policy, catalogue);
  const drift = boundaryDrift(
    analysis.agents.map((a) => a.principal),
    policy,
    catalogue,
    input.account
  );
  const findings = [...IAM_RULES.flatMap((r) => r.evaluate(input, policy, catalogue)), ...drift].sort(compareFindings);
  const errors = analysis.errors;
  return { findings, errors: [...errors] };
}

export {
  evaluateIam
};
