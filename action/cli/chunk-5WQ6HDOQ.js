import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  arnAccount,
  isNonProductionAccount,
  isProductionResource
} from "./chunk-AECFORZA.js";
import {
  isRecord
} from "./chunk-ERERLVZB.js";
import {
  errorMessage
} from "./chunk-UOL4YUVM.js";
import {
  wildcardMatch
} from "./chunk-RS5OFJDG.js";
import {
  compareFindings,
  defineLazyLine
} from "./chunk-CZPWBJK5.js";
import {
  SID_PREFIX,
  versionOfSid
} from "./chunk-ZKYDBKFZ.js";
import {
  actionMatches,
  actionPatternRegExp,
  deniedActions,
  hasWildcard,
  statementActions,
  tierIndex,
  tiersOfUnknownAction
} from "./chunk-QI6GDGWH.js";
import {
  compareText
} from "./chunk-UWV76DWW.js";

// src/core/iam/authorization-details.ts
var str = (v) => typeof v === "string" && v !== "" ? v : void 0;
var list = (v) => Array.isArray(v) ? v : [];
var DETAIL_LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"];
function isAuthorizationDetails(value) {
  if (!isRecord(value)) return false;
  const present = DETAIL_LISTS.filter((k) => k in value);
  return present.length >= 2 && present.every((k) => Array.isArray(value[k]));
}
function readAuthorizationDetails(value, file, lineOf) {
  const errors = [];
  const fail = (pointer, message) => {
    const line = lineOf?.(pointer);
    errors.push({ file, ...line !== void 0 ? { line } : {}, message });
  };
  if (!isRecord(value)) {
    fail("", "not an authorization details document");
    return { input: { principals: [] }, errors };
  }
  if (value["IsTruncated"] === true) {
    fail("/IsTruncated", "authorization details are truncated (IsTruncated: true): principals or policies on later pages were not evaluated; fetch every page (the CLI paginates by default)");
  }
  const evidenceAt = (pointer, extra = {}) => lineOf ? Object.assign(defineLazyLine({ file, pointer }, () => lineOf(pointer)), extra) : { file, pointer, ...extra };
  const sourceLineOf = (documentPointer) => lineOf ? (p) => lineOf(p) ?? lineOf(documentPointer) : void 0;
  const source = (name, document, pointer, extra) => {
    const lines = sourceLineOf(pointer);
    return { name, document, evidence: evidenceAt(pointer, { policyName: name, ...extra }), ...lines ? { lineOf: lines } : {} };
  };
  const managed = /* @__PURE__ */ new Map();
  list(value["Policies"]).forEach((policy, i) => {
    const pointer = `/Policies/${i}`;
    if (!isRecord(policy)) return fail(pointer, "Policies entry is not an object");
    const arn = str(policy["Arn"]);
    const name = str(policy["PolicyName"]) ?? arn ?? `Policies[${i}]`;
    if (!arn) return fail(pointer, `managed policy ${name} has no Arn`);
    const versions = list(policy["PolicyVersionList"]);
    const defaultId = str(policy["DefaultVersionId"]);
    const j = versions.findIndex((v) => isRecord(v) && (v["IsDefaultVersion"] === true || defaultId !== void 0 && v["VersionId"] === defaultId));
    const version = versions[j];
    if (!isRecord(version) || version["Document"] === void 0) {
      return fail(pointer, `managed policy ${arn} has no default version document in PolicyVersionList`);
    }
    managed.set(arn, source(name, version["Document"], `${pointer}/PolicyVersionList/${j}/Document`, { arn }));
  });
  const principals = [];
  const attachments = (entry2, pointer, inlineKey, ownerArn, into) => {
    list(entry2[inlineKey]).forEach((inline, k) => {
      const p = `${pointer}/${inlineKey}/${k}`;
      if (!isRecord(inline) || inline["PolicyDocument"] === void 0) return fail(p, `${inlineKey} entry has no PolicyDocument`);
      const name = str(inline["PolicyName"]) ?? `${inlineKey}[${k}]`;
      into.policies.push(source(name, inline["PolicyDocument"], `${p}/PolicyDocument`, ownerArn ? { arn: ownerArn } : {}));
    });
    list(entry2["AttachedManagedPolicies"]).forEach((attached, k) => {
      const p = `${pointer}/AttachedManagedPolicies/${k}`;
      const arn = isRecord(attached) ? str(attached["PolicyArn"]) : void 0;
      if (!arn) return fail(p, "AttachedManagedPolicies entry has no PolicyArn");
      const doc = managed.get(arn);
      if (doc) into.policies.push(doc);
      else (into.unresolvedPolicies ??= []).push({ arn, evidence: evidenceAt(p, { arn }) });
    });
  };
  const tags = (entry2) => {
    const out = {};
    for (const tag of list(entry2["Tags"])) if (isRecord(tag) && typeof tag["Key"] === "string") out[tag["Key"]] = String(tag["Value"] ?? "");
    return out;
  };
  const boundary = (entry2, into) => {
    const b = entry2["PermissionsBoundary"];
    if (!isRecord(b)) return;
    const arn = str(b["PermissionsBoundaryArn"]);
    into.boundary = arn && managed.get(arn) || "unresolved";
  };
  const groups = /* @__PURE__ */ new Map();
  list(value["GroupDetailList"]).forEach((group, i) => {
    const name = isRecord(group) ? str(group["GroupName"]) : void 0;
    if (!isRecord(group) || !name) return fail(`/GroupDetailList/${i}`, "group entry has no GroupName");
    groups.set(name, { entry: group, pointer: `/GroupDetailList/${i}` });
  });
  const accounts = /* @__PURE__ */ new Set();
  const base = (kind, entry2, pointer, nameKey) => {
    const name = str(entry2[nameKey]);
    const arn = str(entry2["Arn"]);
    if (!name || !arn) {
      fail(pointer, `${kind} entry has no ${!name ? nameKey : "Arn"}`);
      return void 0;
    }
    const account = arnAccount(arn);
    if (account) accounts.add(account);
    return {
      kind,
      subject: arn,
      name,
      arn,
      ...account ? { account } : {},
      tags: tags(entry2),
      policies: [],
      evidence: evidenceAt(pointer, { arn })
    };
  };
  list(value["RoleDetailList"]).forEach((role, i) => {
    const pointer = `/RoleDetailList/${i}`;
    if (!isRecord(role)) return fail(pointer, "RoleDetailList entry is not an object");
    const principal = base("role", role, pointer, "RoleName");
    if (!principal) return;
    if (role["AssumeRolePolicyDocument"] !== void 0) {
      principal.trustPolicy = source(`${principal.name} trust policy`, role["AssumeRolePolicyDocument"], `${pointer}/AssumeRolePolicyDocument`, { arn: principal.arn ?? "" });
    }
    attachments(role, pointer, "RolePolicyList", principal.arn, principal);
    boundary(role, principal);
    principals.push(principal);
  });
  list(value["UserDetailList"]).forEach((user, i) => {
    const pointer = `/UserDetailList/${i}`;
    if (!isRecord(user)) return fail(pointer, "UserDetailList entry is not an object");
    const principal = base("user", user, pointer, "UserName");
    if (!principal) return;
    attachments(user, pointer, "UserPolicyList", principal.arn, principal);
    list(user["GroupList"]).forEach((groupName, k) => {
      const group = typeof groupName === "string" ? groups.get(groupName) : void 0;
      if (!group) return fail(`${pointer}/GroupList/${k}`, `user ${principal.name} is in group ${String(groupName)}, which is not in GroupDetailList: its policies were not evaluated`);
      attachments(group.entry, group.pointer, "GroupPolicyList", str(group.entry["Arn"]), principal);
    });
    boundary(user, principal);
    principals.push(principal);
  });
  const input = { principals };
  if (accounts.size === 1) input.account = [...accounts][0];
  return { input, errors };
}

// src/core/iam/conditions.ts
var MAX_SESSION_MS = 36 * 60 * 60 * 1e3;
var CLOCK_KEYS = { "aws:currenttime": 0, "aws:epochtime": 0, "aws:tokenissuetime": MAX_SESSION_MS };
function dateValue(value) {
  if (typeof value === "number") return Number.isFinite(value) ? value * 1e3 : void 0;
  if (typeof value !== "string") return void 0;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1e3;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? void 0 : ms;
}
function conditionCannotHold(condition, now) {
  if (!condition) return false;
  for (const [operator, block] of Object.entries(condition)) {
    const ifExists = /IfExists$/.test(operator);
    const op = operator.replace(/IfExists$/, "");
    if (op !== "DateLessThan" && op !== "DateLessThanEquals") continue;
    for (const [key, raw] of Object.entries(block)) {
      const lifetime = CLOCK_KEYS[key.toLowerCase()];
      if (lifetime === void 0) continue;
      if (ifExists && lifetime > 0) continue;
      const values = (Array.isArray(raw) ? raw : [raw]).map(dateValue);
      if (values.length > 0 && values.every((v) => v !== void 0 && v + lifetime < now)) return true;
    }
  }
  return false;
}

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
  return tokensOverlap(globTokens(a), globTokens(b));
}
var tokenCache = /* @__PURE__ */ new Map();
var ANY_RUN_TOKEN = Object.freeze({ cls: "ANY", star: true });
var ANY_CHAR_TOKEN = Object.freeze({ cls: "ANY", star: false });
var literalTokens = /* @__PURE__ */ new Map();
function literalToken(ch) {
  let token = literalTokens.get(ch);
  if (!token) literalTokens.set(ch, token = Object.freeze({ cls: ch, star: false }));
  return token;
}
function globTokens(pattern) {
  let tokens = tokenCache.get(pattern);
  if (!tokens) {
    tokens = [];
    for (const ch of pattern.toLowerCase()) {
      if (ch === "*") tokens.push(ANY_RUN_TOKEN);
      else if (ch === "?") tokens.push(ANY_CHAR_TOKEN);
      else tokens.push(literalToken(ch));
    }
    tokenCache.set(pattern, tokens);
  }
  return tokens;
}
var isLiteral = (c) => c !== "ANY" && c !== "NOSLASH";
function compatible(a, b) {
  if (isLiteral(a) && isLiteral(b)) return a === b;
  if (isLiteral(a)) return b === "ANY" || a !== "/";
  if (isLiteral(b)) return a === "ANY" || b !== "/";
  return true;
}
function tokensOverlap(x, y) {
  const n = x.length;
  const m = y.length;
  const memo = new Uint8Array((n + 1) * (m + 1));
  const visit = (i, j) => {
    const key = i * (m + 1) + j;
    const known = memo[key];
    if (known) return known === 1;
    const a = x[i];
    const b = y[j];
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
  const list3 = [];
  if (Array.isArray(raw)) {
    raw.forEach((value, i) => {
      const origin = source.statementOrigins?.[i];
      list3.push({ value, pointer: origin?.pointer ?? `${base}/Statement/${i}`, index: origin?.index ?? i });
    });
  } else if (raw !== void 0) list3.push({ value: raw, pointer: `${base}/Statement`, index: 0 });
  else {
    fail(base, "policy document has no Statement");
    return { statements: [], errors };
  }
  const statements = [];
  for (const item of list3) {
    const statement = parseStatement(source, item.value, item.pointer, item.index, fail);
    if (statement) statements.push(statement);
  }
  return { statements, errors };
}
function statementEvidence(source, pointer, index) {
  const { lineOf, evidence } = source;
  const policyName = evidence.policyName ?? source.name;
  if (!lineOf) return { ...evidence, pointer, policyName, statementIndex: index };
  const out = {};
  const record = out;
  const lazy = () => defineLazyLine(out, () => lineOf(pointer) ?? evidence.line);
  for (const key of Object.keys(evidence)) {
    if (key === "line") lazy();
    else record[key] = evidence[key];
  }
  out.pointer = pointer;
  if (!("line" in out)) lazy();
  out.policyName = policyName;
  out.statementIndex = index;
  return out;
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
  const items = Array.isArray(value) ? value : [value];
  const list3 = [];
  let ok = items.length > 0;
  items.forEach((item, i) => {
    if (typeof item === "string" && item.trim() !== "") list3.push(item.trim());
    else {
      ok = false;
      fail(Array.isArray(value) ? `${pointer}/${key}/${i}` : `${pointer}/${key}`, `${key} must be a non-empty string or a list of them`);
    }
  });
  if (items.length === 0) fail(`${pointer}/${key}`, `${key} is empty`);
  return { list: list3, ok };
}
function resourceList(source, value) {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
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
    const { list: list3, ok } = stringList(value["Action"], pointer, "Action", fail);
    if (!ok) invalid = true;
    statement.actions = ok ? list3 : ["*"];
  } else {
    const { list: list3, ok } = stringList(value["NotAction"], pointer, "NotAction", fail);
    if (!ok) {
      invalid = true;
      statement.actions = ["*"];
    } else statement.notActions = list3;
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
function agentReason(principal, agents, now = Date.now()) {
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
  if (!isRecord(document)) return "trust policy is unreadable (cannot rule out an agent)";
  const raw = document["Statement"];
  const statements = Array.isArray(raw) ? raw : [raw];
  for (const statement of statements) {
    if (!isRecord(statement) || statement["Effect"] === "Deny" || admitsNobody(statement, now)) continue;
    const reason = trustStatementAdmitsAgent(statement, agents);
    if (reason) return reason;
  }
  return void 0;
}
var ASSUME_ACTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"];
function admitsNobody(statement, now) {
  if (isRecord(statement["Condition"]) && conditionCannotHold(statement["Condition"], now)) return true;
  const principal = statement["Principal"];
  if (isRecord(principal) && principal["Service"] !== void 0) return false;
  if (statement["NotAction"] !== void 0) {
    const not = strings(statement["NotAction"]);
    return ASSUME_ACTIONS.every((a) => not.some((p) => actionMatches(p, a)));
  }
  const actions = strings(statement["Action"]);
  return actions.length > 0 && !ASSUME_ACTIONS.some((a) => actions.some((p) => actionMatches(p, a)));
}
function trustStatementAdmitsAgent(statement, agents) {
  const principal = statement["Principal"];
  const condition = isRecord(statement["Condition"]) ? statement["Condition"] : void 0;
  if (principal === "*") {
    return condition ? anyPrincipalUnder(condition, agents, "any principal") : 'trust policy admits any principal ("*") without a condition';
  }
  if (!isRecord(principal)) return void 0;
  for (const [type, value] of Object.entries(principal)) {
    for (const id of strings(value)) {
      if (type === "AWS" && id === "*") {
        const reason = condition ? anyPrincipalUnder(condition, agents, "any AWS principal") : 'trust policy admits any AWS principal ("*") without a condition';
        if (reason) return reason;
        continue;
      }
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
function anyPrincipalUnder(condition, agents, what) {
  const named = [];
  for (const [operator, block] of Object.entries(condition)) {
    if (!isRecord(block) || /Not|IfExists/i.test(operator)) continue;
    for (const [key, value] of Object.entries(block)) if (key.toLowerCase() === "aws:principalarn") named.push(...strings(value));
  }
  if (named.length === 0) return `trust policy admits ${what} ("*") under a condition that does not name the principals: cannot rule out an agent`;
  for (const arn of named) {
    const name = arnName(arn);
    const pattern = name === void 0 ? "*" : agents.roleNamePatterns.find((p) => globsOverlap(p, name));
    if (pattern) return `trust policy admits ${what} ("*") with aws:PrincipalArn ${arn}, which an agent can match ("${pattern}")`;
  }
  return void 0;
}
function githubSubjectAdmitsAgent(condition, agents) {
  const subjects = [];
  let negated = false;
  for (const [operator, block] of Object.entries(condition ?? {})) {
    if (!isRecord(block)) continue;
    for (const [key, value] of Object.entries(block)) {
      if (key.toLowerCase() !== `${GITHUB_OIDC}:sub`) continue;
      if (/Not/i.test(operator)) negated = true;
      else subjects.push(...strings(value));
    }
  }
  if (negated && subjects.length === 0) subjects.push("*");
  const agentSubjects = agents.trustPrincipals.filter((p) => p.startsWith("repo:"));
  if (subjects.length === 0) {
    return `trust policy admits GitHub OIDC without a sub condition (any workflow${agentSubjects[0] ? `, ${agentSubjects[0]} included` : ", an agent's included"})`;
  }
  for (const subject of subjects) {
    const agentSubject = agentSubjects.find((p) => globsOverlap(p, subject));
    if (agentSubject) return `trust policy admits GitHub OIDC subject ${subject} (matches agent workflows "${agentSubject}")`;
  }
  return void 0;
}

// src/core/iam/resource-types.ts
var NO_SLASH_VARIABLES = /* @__PURE__ */ new Set(["BucketName", "TableName", "IndexName", "StreamLabel", "BackupName", "KeyId", "AccessPointName"]);
var decoded = /* @__PURE__ */ new WeakMap();
function serviceTypes(catalogue, prefix) {
  let perCatalogue = decoded.get(catalogue);
  if (!perCatalogue) decoded.set(catalogue, perCatalogue = /* @__PURE__ */ new Map());
  const known = perCatalogue.get(prefix);
  if (known !== void 0) return known;
  const text = catalogue.resourceTypes?.[prefix];
  let result = null;
  if (text !== void 0) {
    const data = JSON.parse(text);
    const byName = /* @__PURE__ */ new Map();
    for (const [name, indexes] of Object.entries(data.a)) {
      const formats = indexes.map((i) => data.f[i]);
      byName.set(name.toLowerCase(), formats.every((f) => f !== void 0) ? formats : void 0);
    }
    result = { byName };
  }
  perCatalogue.set(prefix, result);
  return result;
}
function resourceFormats(catalogue, action) {
  const colon = action.indexOf(":");
  if (colon < 0) return void 0;
  const types = serviceTypes(catalogue, action.slice(0, colon).toLowerCase());
  return types?.byName.get(action.slice(colon + 1).toLowerCase());
}
function formatTokens(format) {
  const out = [];
  const re = /\$\{(\w+)\}/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    for (const ch of format.slice(last, m.index).toLowerCase()) out.push(literalToken(ch));
    out.push({ cls: NO_SLASH_VARIABLES.has(m[1] ?? "") ? "NOSLASH" : "ANY", star: true });
    last = m.index + m[0].length;
  }
  for (const ch of format.slice(last).toLowerCase()) out.push(literalToken(ch));
  return out;
}
var compiledFormats = /* @__PURE__ */ new Map();
var compiledPatterns = /* @__PURE__ */ new Map();
function compiledFormat(format) {
  let compiled = compiledFormats.get(format);
  if (!compiled) {
    compiled = {
      whole: formatTokens(format).map((t) => t.star ? { cls: "ANY", star: true } : t),
      segments: arnSegments(format)?.map(formatTokens)
    };
    compiledFormats.set(format, compiled);
  }
  return compiled;
}
function compiledPattern(pattern) {
  let compiled = compiledPatterns.get(pattern);
  if (!compiled) {
    compiled = { whole: globTokens(pattern), segments: arnSegments(pattern)?.map(globTokens) };
    compiledPatterns.set(pattern, compiled);
  }
  return compiled;
}
var matchesAnything = (tokens) => tokens.length === 1 && tokens[0]?.star === true && tokens[0].cls === "ANY";
function segmentsOverlap(format, pattern) {
  if (matchesAnything(format) || matchesAnything(pattern)) return true;
  if (format.length === pattern.length && format.every((t) => !t.star && isLiteralClass(t.cls)) && pattern.every((t) => !t.star)) {
    return pattern.every((t, i) => t.cls === "ANY" || t.cls === format[i]?.cls);
  }
  return tokensOverlap(format, pattern);
}
var isLiteralClass = (cls) => cls !== "ANY" && cls !== "NOSLASH";
function formatOverlaps(format, pattern) {
  const f = compiledFormat(format);
  const p = compiledPattern(pattern);
  if (!f.segments || !p.segments) return tokensOverlap(f.whole, p.whole);
  const patternSegments = p.segments;
  return f.segments.every((segment, i) => segmentsOverlap(segment, patternSegments[i] ?? []));
}
var matchesStar = (pattern) => /^[*?]*$/.test(pattern) && pattern.replace(/\*/g, "").length <= 1;
var reachCache = /* @__PURE__ */ new WeakMap();
function actionReachesResource(catalogue, action, pattern) {
  if (pattern === "*") return true;
  let cache2 = reachCache.get(catalogue);
  if (!cache2) reachCache.set(catalogue, cache2 = { byAction: /* @__PURE__ */ new Map(), byFormats: /* @__PURE__ */ new Map() });
  let reach = cache2.byAction.get(action);
  if (!reach) {
    const formats2 = resourceFormats(catalogue, action);
    reach = { formats: formats2 };
    if (formats2 !== void 0 && formats2.length > 0) {
      const key = formats2.join("\n");
      let verdicts2 = cache2.byFormats.get(key);
      if (!verdicts2) cache2.byFormats.set(key, verdicts2 = /* @__PURE__ */ new Map());
      reach.verdicts = verdicts2;
    }
    cache2.byAction.set(action, reach);
  }
  const { formats, verdicts } = reach;
  if (formats === void 0) return true;
  if (!verdicts) return matchesStar(pattern);
  let known = verdicts.get(pattern);
  if (known === void 0) {
    known = formats.some((format) => formatOverlaps(format, pattern));
    verdicts.set(pattern, known);
  }
  return known;
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
var reachByContent = /* @__PURE__ */ new WeakMap();
var contentKeys = /* @__PURE__ */ new WeakMap();
var entriesByStatement = /* @__PURE__ */ new WeakMap();
function contentKey(statement) {
  let key = contentKeys.get(statement);
  if (key === void 0) {
    const patterns = statement.notActions ? `!${statement.notActions.join("\n")}` : (statement.actions ?? []).join("\n");
    key = `${patterns}\0${statementRefs(statement).map((r) => r.pattern).join("\n")}`;
    contentKeys.set(statement, key);
  }
  return key;
}
function statementReach(index, statement) {
  let memo = reachByContent.get(index);
  if (!memo) reachByContent.set(index, memo = /* @__PURE__ */ new Map());
  const key = contentKey(statement);
  let reach = memo.get(key);
  if (!reach) {
    const not = statement.notActions !== void 0;
    const matched = statementActions(index, not ? statement.notActions ?? [] : statement.actions ?? [], not);
    const patterns = statementRefs(statement).map((r) => r.pattern);
    const unknown = matched.unknown.filter((action) => tiersOfUnknownAction(index, action).size > 0);
    const candidates = unknown.length ? [...matched.actions, ...unknown] : matched.actions;
    if (patterns.every((p) => p === "*")) reach = { actions: candidates, unknown, unmatchedPatterns: matched.unmatchedPatterns };
    else {
      const all = patterns.map((_, i) => i);
      const actions = [];
      const refs = [];
      let partial = false;
      for (const action of candidates) {
        const reached = all.filter((i) => actionReachesResource(index.catalogue, action, patterns[i]));
        if (reached.length === 0) continue;
        partial ||= reached.length < all.length;
        actions.push(action);
        refs.push(reached.length === all.length ? all : reached);
      }
      reach = { actions, ...partial ? { refs } : {}, unknown, unmatchedPatterns: matched.unmatchedPatterns };
    }
    memo.set(key, reach);
  }
  return reach;
}
function collectAllows(index, statements, now, unmatched) {
  const allows = /* @__PURE__ */ new Map();
  const unknownActions = /* @__PURE__ */ new Set();
  for (const statement of statements) {
    if (statement.effect !== "Allow") continue;
    if (!statement.invalid && conditionCannotHold(statement.condition, now)) continue;
    const reach = statementReach(index, statement);
    let entries = entriesByStatement.get(statement);
    if (!entries) entriesByStatement.set(statement, entries = statementRefs(statement).map((ref) => entry(ref, statement)));
    for (const action of reach.unknown) unknownActions.add(action);
    reach.actions.forEach((action, k) => {
      let list3 = allows.get(action);
      if (!list3) allows.set(action, list3 = []);
      const refs = reach.refs?.[k];
      if (refs) for (const i of refs) list3.push(entries[i]);
      else for (const e of entries) list3.push(e);
    });
    if (unmatched) for (const pattern of reach.unmatchedPatterns) unmatched.push({ pattern, statement });
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
var actionSets = /* @__PURE__ */ new WeakMap();
function denyEntries(index, statements) {
  const out = [];
  for (const statement of statements) {
    if (statement.effect !== "Deny" || statement.invalid) continue;
    const not = statement.notActions !== void 0;
    const matched = statementActions(index, not ? statement.notActions ?? [] : statement.actions ?? [], not);
    let actions = actionSets.get(matched);
    if (!actions) actionSets.set(matched, actions = new Set(matched.actions));
    out.push({ statement, actions });
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
        const denied = (deny.statement.resources ?? []).map((r) => r.pattern).filter((p) => globsOverlap(p, e.ref.pattern));
        next.push(denied.length ? { ...e, except: [...e.except ?? [], ...denied] } : e);
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
function productionTest(principal, context) {
  const productionVerdicts = context.productionVerdicts ?? /* @__PURE__ */ new Map();
  const account = principal.account ?? context.account;
  const accountKey = `${account ?? ""}
`;
  return (ref) => {
    if (ref.production !== void 0) return ref.production;
    const key = accountKey + ref.pattern;
    let known = productionVerdicts.get(key);
    if (known === void 0) {
      known = isProductionResource(ref, account !== void 0 ? { account } : {}, context.policy.production);
      productionVerdicts.set(key, known);
    }
    return known;
  };
}
function hasOwnLimits(principal) {
  return principal.boundary !== void 0 && principal.boundary !== "unresolved" || Boolean(principal.serviceControlPolicies?.length);
}
function provablyGrants(principal, context, tiers, extraPolicies = []) {
  if (hasOwnLimits(principal)) return false;
  const identity = [...principal.policies, ...extraPolicies].flatMap((s) => context.parser.statements(s));
  if (identity.some((s) => s.effect !== "Allow")) return false;
  const index = tierIndex(context.catalogue, context.policy.destructive, context.policy.escalation);
  const isProduction = productionTest(principal, context);
  for (const statement of identity) {
    if (!statement.invalid && conditionCannotHold(statement.condition, context.now)) continue;
    const not = statement.notActions !== void 0;
    const refs = statementRefs(statement);
    for (const action of statementActions(index, not ? statement.notActions ?? [] : statement.actions ?? [], not).actions) {
      const granted = index.tiersOf(action);
      if (granted === void 0 || !tiers.some((t) => granted.has(t))) continue;
      if (refs.some((r) => actionReachesResource(context.catalogue, action, r.pattern) && isProduction(r))) return true;
    }
  }
  return false;
}
function provablyInert(principal, context, extraPolicies = []) {
  if (hasOwnLimits(principal)) return false;
  const index = tierIndex(context.catalogue, context.policy.destructive, context.policy.escalation);
  for (const source of [...principal.policies, ...extraPolicies]) {
    for (const statement of context.parser.statements(source)) {
      const not = statement.notActions !== void 0;
      const matched = statementActions(index, not ? statement.notActions ?? [] : statement.actions ?? [], not);
      if (matched.actions.length || matched.unknown.some((action) => tiersOfUnknownAction(index, action).size > 0)) return false;
    }
  }
  return true;
}
function analyzePrincipal(principal, context, extraPolicies = []) {
  const { policy, catalogue, parser } = context;
  const index = tierIndex(catalogue, policy.destructive, policy.escalation);
  const notes = [];
  const unmatchedPatterns = [];
  const identity = [...principal.policies, ...extraPolicies].flatMap((s) => parser.statements(s));
  const { allows, unknown } = collectAllows(index, identity, context.now, unmatchedPatterns);
  const limits = [];
  const denyStatements = [...identity];
  if (principal.boundary === "unresolved") {
    notes.push("permission boundary set but its document is not in the input: it cannot be shown to restrict");
  } else if (principal.boundary) {
    const statements = parser.statements(principal.boundary);
    limits.push({ allows: collectAllows(index, statements, context.now).allows, statements });
    denyStatements.push(...statements);
  }
  if (principal.serviceControlPolicies?.length) {
    for (const scp of principal.serviceControlPolicies) {
      const statements = parser.statements(scp);
      limits.push({ allows: collectAllows(index, statements, context.now).allows, statements });
      denyStatements.push(...statements);
    }
  } else notes.push("SCPs not verified");
  const denies = denyEntries(index, denyStatements);
  const isProduction = productionTest(principal, context);
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
    const reached = limited(action, entries, isUnknown);
    for (const entry2 of protecting.length ? reached.flatMap((e) => applyDenies(e, protecting, action, isUnknown, isProduction)) : reached) {
      if (entry2.ref.pattern !== "*" && !actionReachesResource(catalogue, action, entry2.ref.pattern)) continue;
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
  const passesLimits = (action, resource) => {
    const canonical = index.relevant(action);
    if (!canonical) return true;
    const granted = { effect: "Allow", actions: [canonical], resources: [{ pattern: resource }], index: 0, evidence: {}, source: { name: "resource policy", document: {}, evidence: {} } };
    const entries = limited(canonical, [{ ref: { pattern: resource }, statement: granted }], false);
    return entries.some((e) => applyDenies(e, protecting, canonical, false, isProduction).length > 0);
  };
  return { principal, grants, notes, unmatchedPatterns: stillUnmatched, passesLimits };
}
function inProductionAccount(ref, principal, policy, inputAccount) {
  if (ref.production === false) return false;
  const account = arnAccount(ref.pattern) ?? principal.account ?? inputAccount;
  return !isNonProductionAccount(account, policy.production);
}

// src/core/iam/escalation-paths.ts
function excluded(grant, escalation) {
  const action = grant.action.toLowerCase();
  return escalation.notEscalation.some(
    (rule3) => rule3.actions.some((a) => a.toLowerCase() === action) && rule3.resources.some((r) => globCovers(r, grant.ref.pattern))
  );
}
function escalationGrantsByAction(grants, escalation) {
  const byAction = /* @__PURE__ */ new Map();
  for (const grant of grants) {
    if (!grant.tiers.has("pathStep") || excluded(grant, escalation)) continue;
    const key = grant.action.toLowerCase();
    const list3 = byAction.get(key);
    if (list3) list3.push(grant);
    else byAction.set(key, [grant]);
  }
  return byAction;
}
var lowerActions = /* @__PURE__ */ new WeakMap();
function matchPaths(byAction, escalation) {
  const matches = [];
  if (byAction.size === 0) return matches;
  for (const path of escalation.paths) {
    let actions = lowerActions.get(path);
    if (!actions) lowerActions.set(path, actions = path.actions.map((a) => a.toLowerCase()));
    const grants = [];
    let complete = true;
    for (const action of actions) {
      const granted = byAction.get(action);
      if (!granted?.length) {
        complete = false;
        break;
      }
      grants.push(...granted);
    }
    if (complete) matches.push({ path, grants });
  }
  return matches;
}

// src/core/iam/trust.ts
var strings2 = (v) => (Array.isArray(v) ? v : [v]).filter((x) => typeof x === "string");
var NONE = /* @__PURE__ */ new Set();
function added(set, value) {
  const out = set === NONE ? /* @__PURE__ */ new Set() : set;
  out.add(value);
  return out;
}
function rootAccount(id) {
  if (/^\d{12}$/.test(id)) return id;
  const m = /^arn:[^:]+:iam::(\d{12}):root$/.exec(id);
  return m?.[1];
}
function readTrust(role, now) {
  const trust = { arns: NONE, accounts: NONE, anyone: false, services: NONE, denied: NONE, deniedAccounts: NONE, unknown: false };
  if (!role.trustPolicy) {
    trust.unknown = true;
    return trust;
  }
  let document;
  try {
    document = decodePolicyDocument(role.trustPolicy.document);
  } catch {
    trust.unknown = true;
    return trust;
  }
  if (!isRecord(document)) {
    trust.unknown = true;
    return trust;
  }
  const raw = document["Statement"];
  for (const statement of Array.isArray(raw) ? raw : [raw]) {
    if (!isRecord(statement)) {
      trust.unknown = true;
      continue;
    }
    const actions = strings2(statement["Action"]);
    const notActions = strings2(statement["NotAction"]);
    const coversAssume = statement["NotAction"] !== void 0 ? !notActions.some((a) => actionMatches(a, "sts:AssumeRole")) : actions.some((a) => actionMatches(a, "sts:AssumeRole"));
    const principal = statement["Principal"];
    const ids = principal === "*" ? [["AWS", "*"]] : isRecord(principal) ? Object.entries(principal).flatMap(([type, v]) => strings2(v).map((id) => [type, id])) : [];
    if (statement["Effect"] === "Deny") {
      if (coversAssume && statement["Condition"] === void 0) {
        for (const [type, id] of ids) {
          if (type !== "AWS") continue;
          const account = rootAccount(id);
          if (account) trust.deniedAccounts = added(trust.deniedAccounts, account);
          else trust.denied = added(trust.denied, id.toLowerCase());
        }
      }
      continue;
    }
    if (statement["Effect"] !== "Allow") {
      trust.unknown = true;
      continue;
    }
    const services = ids.filter(([type]) => type === "Service");
    if (!coversAssume && services.length === 0) continue;
    const condition = isRecord(statement["Condition"]) ? statement["Condition"] : void 0;
    if (conditionCannotHold(condition, now)) continue;
    for (const [type, id] of ids) {
      if (type === "Service") trust.services = added(trust.services, id.toLowerCase());
      if (type !== "AWS" || !coversAssume) continue;
      if (id === "*") trust.anyone = true;
      else {
        const account = rootAccount(id);
        if (account) trust.accounts = added(trust.accounts, account);
        else trust.arns = added(trust.arns, id.toLowerCase());
      }
    }
  }
  return trust;
}
var TrustIndex = class {
  trusts = /* @__PURE__ */ new Map();
  byArn = /* @__PURE__ */ new Map();
  byAccount = /* @__PURE__ */ new Map();
  open = [];
  byService = /* @__PURE__ */ new Map();
  constructor(roles, now) {
    const push = (map, key, role) => {
      const list3 = map.get(key);
      if (list3) list3.push(role);
      else map.set(key, [role]);
    };
    for (const role of roles) {
      const trust = readTrust(role, now);
      this.trusts.set(role, trust);
      for (const arn of trust.arns) push(this.byArn, arn, role);
      for (const account of trust.accounts) push(this.byAccount, account, role);
      for (const service of trust.services) push(this.byService, service, role);
      if (trust.anyone || trust.unknown) this.open.push(role);
    }
  }
  trustOf(role) {
    return this.trusts.get(role);
  }
  /**
   * Roles `caller` may assume: the trust admits it and, where IAM of the caller's account must
   * agree (the trust names an account, `*`, or another account's caller), the caller's own
   * sts:AssumeRole covers the role. `identity` says which roles that grant covers: "none", the
   * listed roles (concrete ARNs), or a test for wildcard grants ("some").
   */
  assumable(caller, identity) {
    const arn = caller.arn?.toLowerCase();
    const account = caller.account ?? (caller.arn ? arnAccount(caller.arn) : void 0);
    const candidates = new Set(arn ? this.byArn.get(arn) ?? [] : []);
    for (const role of this.open) candidates.add(role);
    if (identity.kind === "roles") for (const role of identity.roles) candidates.add(role);
    else if (identity.kind === "some" && account) for (const role of this.byAccount.get(account) ?? []) candidates.add(role);
    const identityAllows = (role) => identity.kind === "roles" ? identity.roles.has(role) : identity.kind === "some" ? identity.covers(role) : false;
    const out = [];
    for (const role of candidates) {
      if (role === caller) continue;
      const trust = this.trusts.get(role);
      if (!trust) continue;
      if (arn && trust.denied.has(arn) || trust.denied.has("*") || account !== void 0 && trust.deniedAccounts.has(account)) continue;
      const roleAccount = role.account ?? (role.arn ? arnAccount(role.arn) : void 0);
      const sameAccount = account !== void 0 && roleAccount === account;
      const namedDirectly = arn !== void 0 && trust.arns.has(arn);
      if (sameAccount && (namedDirectly || trust.anyone)) out.push(role);
      else if ((namedDirectly || trust.anyone || trust.unknown || account !== void 0 && trust.accounts.has(account)) && identityAllows(role)) out.push(role);
    }
    return out;
  }
  /** Roles whose trust policy admits a service principal. */
  trusting(service) {
    return this.byService.get(service.toLowerCase()) ?? [];
  }
};

// src/core/iam/reach.ts
var DEFAULT_MAX_CHAIN_DEPTH = 5;
var ASSUME_ROLE = "sts:assumerole";
var PASS_ROLE = "iam:passrole";
function unknownActionPath(action) {
  return {
    id: "unknown-action",
    title: `${action} is not in the action catalogue and is named like an escalation action`,
    actions: [action],
    via: "own-policy",
    sources: ["agent-guardrail (fail closed)"]
  };
}
var EscalationGraph = class {
  constructor(context) {
    this.context = context;
    this.paths = context.policy.escalation;
    const roles = context.principals.filter((p) => p.kind === "role");
    for (const role of roles) if (role.arn) this.roleByArn.set(role.arn.toLowerCase(), role);
    this.roles = roles;
  }
  context;
  trustIndex;
  roles;
  roleByArn = /* @__PURE__ */ new Map();
  nodes = /* @__PURE__ */ new Map();
  paths;
  /** Every role's trust, read when the first hop is looked for (never without chaining). */
  get trust() {
    return this.trustIndex ??= new TrustIndex(this.roles, this.context.now);
  }
  /** A grant's resource names a role the input does not hold (a wildcard, another account, a typo). */
  reachesUnknownRole(grant) {
    return hasWildcard(grant.ref.pattern) || !this.roleByArn.has(grant.ref.pattern.toLowerCase());
  }
  /** Same account as the principal (service roles and passed roles never cross accounts). */
  sameAccount(a, b) {
    return a.account === void 0 || b.account === void 0 || a.account === b.account;
  }
  nodeOf(principal) {
    const known = this.nodes.get(principal);
    if (known) return known;
    let own;
    const ownOf = () => own ??= this.ownOf(principal);
    const node = { dangerous: this.context.provablyDangerous?.(principal) === true || ownOf().danger !== void 0, own: ownOf };
    this.nodes.set(principal, node);
    return node;
  }
  ownOf(principal) {
    if (this.context.provablyInert?.(principal)) return this.inertOwn(principal);
    const access = this.context.accessOf(principal);
    const inScope = access.grants.filter((g) => this.context.inScope(g, principal));
    const matches = matchPaths(escalationGrantsByAction(inScope, this.paths), this.paths);
    const chaining = this.context.maxDepth > 0;
    const counted = [];
    for (const match of matches) {
      const { path } = match;
      if (path.via === "assume") {
        const grants = match.grants.filter((g) => !chaining || g.action.toLowerCase() !== ASSUME_ROLE || this.reachesUnknownRole(g));
        if (grants.length) counted.push({ path, grants });
      } else if (path.via === "passed-role") {
        const passRole = match.grants.filter((g) => g.action.toLowerCase() === PASS_ROLE);
        if (!chaining || passRole.some((g) => this.reachesUnknownRole(g))) counted.push(match);
      } else counted.push(match);
    }
    for (const grant of inScope) {
      if (grant.unknownAction && (grant.tiers.has("escalate") || grant.tiers.has("codeExecution") || grant.tiers.has("assumeRole"))) {
        counted.push({ path: unknownActionPath(grant.action), grants: [grant] });
      }
    }
    const destructive = this.context.destructiveGrants(access);
    const unresolved = this.context.unresolvedOf(principal);
    const danger = destructive.length || counted.length || unresolved ? { destructive, paths: counted, unresolved } : void 0;
    let hops;
    const own = {
      counted,
      danger,
      hops: () => hops ??= chaining ? this.hopsOf(principal, access.passesLimits, inScope, matches) : []
    };
    return own;
  }
  /** What ownOf gives for a principal with no grant and no limit of its own (provablyInert). */
  inertOwn(principal) {
    const unresolved = this.context.unresolvedOf(principal);
    let hops;
    return {
      counted: [],
      danger: unresolved ? { destructive: [], paths: [], unresolved } : void 0,
      hops: () => hops ??= this.context.maxDepth > 0 ? this.hopsOf(principal, () => true, [], []) : []
    };
  }
  /** The principals one can become in one hop, one hop per target (the first way found). */
  hopsOf(principal, passesLimits, inScope, matches) {
    const hopByTarget = /* @__PURE__ */ new Map();
    const add = (hop) => {
      if (!hopByTarget.has(hop.to)) hopByTarget.set(hop.to, hop);
    };
    const services = /* @__PURE__ */ new Set();
    for (const match of matches) {
      const { path } = match;
      if (!path.service || path.via !== "passed-role" && path.via !== "service-role") continue;
      const key = `${path.via} ${path.service}`;
      if (services.has(key)) continue;
      services.add(key);
      const passRole = match.grants.filter((g) => g.action.toLowerCase() === PASS_ROLE);
      for (const role of this.trust.trusting(path.service)) {
        if (role === principal || !this.sameAccount(principal, role)) continue;
        const arn = role.arn;
        if (path.via === "passed-role" && !(arn && passRole.some((g) => globsOverlap(g.ref.pattern, arn)))) continue;
        add({ to: role, via: path.id, grants: match.grants });
      }
    }
    const assume = inScope.filter((g) => g.action.toLowerCase() === ASSUME_ROLE);
    const covering = (role) => {
      const arn = role.arn;
      return assume.filter((g) => g.ref.pattern === "*" || arn !== void 0 && globsOverlap(g.ref.pattern, arn));
    };
    const listed = /* @__PURE__ */ new Set();
    let wildcard = false;
    for (const g of assume) {
      if (hasWildcard(g.ref.pattern)) wildcard = true;
      else {
        const role = this.roleByArn.get(g.ref.pattern.toLowerCase());
        if (role) listed.add(role);
      }
    }
    const identity = wildcard ? { kind: "some", covers: (role) => covering(role).length > 0 } : listed.size ? { kind: "roles", roles: listed } : { kind: "none" };
    for (const role of this.trust.assumable(principal, identity)) {
      if (role.arn !== void 0 && !passesLimits("sts:AssumeRole", role.arn)) continue;
      add({ to: role, via: "sts:AssumeRole", grants: covering(role) });
    }
    return [...hopByTarget.values()];
  }
  /** The principal's escalation: its own paths, and every dangerous principal it can become. */
  escalation(principal) {
    const start = this.nodeOf(principal).own();
    const chains = [];
    const via = /* @__PURE__ */ new Map([[principal, null]]);
    const route = (to) => {
      const hops = [];
      for (let step = via.get(to); step; step = via.get(step.from)) hops.unshift(step.hop);
      return hops;
    };
    let frontier = [principal];
    for (let depth = 0; depth < this.context.maxDepth && frontier.length; depth++) {
      const next = [];
      for (const from of frontier) {
        for (const hop of this.nodeOf(from).own().hops()) {
          if (via.has(hop.to)) continue;
          via.set(hop.to, { from, hop });
          const node = this.nodeOf(hop.to);
          if (node.dangerous) chains.push(chainTo(route(hop.to), hop.to, node));
          else next.push(hop.to);
        }
      }
      frontier = next;
    }
    const grants = new Set(start.counted.flatMap((m) => m.grants));
    for (const chain of chains) for (const g of chain.hops[0]?.grants ?? []) grants.add(g);
    return { paths: start.counted, chains, grants: [...grants] };
  }
};
function chainTo(hops, target, node) {
  return {
    hops,
    target,
    get danger() {
      const { danger } = node.own();
      if (!danger) throw new Error(`${target.name} was proven dangerous, but its access holds nothing dangerous`);
      return danger;
    }
  };
}

// src/core/iam/shared-access.ts
function statementContent(statement) {
  const { index: _index, evidence: _evidence, source: _source, ...said } = statement;
  return JSON.stringify(said);
}
function sharedAccessKey(principal, statements, inputAccount) {
  if (hasOwnLimits(principal)) return void 0;
  if (statements.some((s) => s.effect !== "Allow")) return void 0;
  const head = `${principal.account ?? inputAccount ?? ""}
${principal.boundary ?? ""}`;
  return [head, ...statements.map(statementContent)].join("\n");
}
function retargetAccess(access, from, principal, to) {
  const own = new Map(from.map((s, i) => [s, to[i]]));
  const ownStatement = (statement) => {
    const mine = own.get(statement);
    if (!mine) throw new Error(`${principal.name}: shared access cites a statement its twin does not have`);
    return mine;
  };
  return {
    principal,
    grants: access.grants.map((g) => ({ ...g, statement: ownStatement(g.statement) })),
    notes: [...access.notes],
    unmatchedPatterns: access.unmatchedPatterns.map((u) => ({ ...u, statement: ownStatement(u.statement) })),
    passesLimits: access.passesLimits
  };
}

// src/core/iam/analysis.ts
var DESTRUCTIVE_TIERS = ["delete", "protectionOff", "replace"];
var cache = /* @__PURE__ */ new WeakMap();
function analyzeInput(input, policy, catalogue, options = {}) {
  let byPolicy = cache.get(input);
  if (!byPolicy) cache.set(input, byPolicy = /* @__PURE__ */ new WeakMap());
  let byCatalogue = byPolicy.get(policy);
  if (!byCatalogue) byPolicy.set(policy, byCatalogue = /* @__PURE__ */ new WeakMap());
  let byOptions = byCatalogue.get(catalogue);
  if (!byOptions) byCatalogue.set(catalogue, byOptions = /* @__PURE__ */ new Map());
  const key = `${options.now ?? ""}|${options.maxChainDepth ?? ""}`;
  let analysis = byOptions.get(key);
  if (!analysis) byOptions.set(key, analysis = buildAnalysis(input, policy, catalogue, options));
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
function buildAnalysis(input, policy, catalogue, options) {
  const parser = new PolicyParser();
  const context = {
    policy,
    catalogue,
    parser,
    productionVerdicts: /* @__PURE__ */ new Map(),
    now: options.now ?? Date.now(),
    ...input.account !== void 0 ? { account: input.account } : {}
  };
  const index = tierIndex(catalogue, policy.destructive, policy.escalation);
  const bundledCache = /* @__PURE__ */ new Map();
  const bundledOf = (principal) => {
    let known = bundledCache.get(principal);
    if (!known) bundledCache.set(principal, known = bundledSources(principal, catalogue.awsManagedPolicy));
    return known;
  };
  const accessCache = /* @__PURE__ */ new Map();
  const byContent = /* @__PURE__ */ new Map();
  const accessOf = (principal) => {
    let known = accessCache.get(principal);
    if (!known) {
      const bundled = bundledOf(principal);
      const statements = [...principal.policies, ...bundled.sources].flatMap((s) => parser.statements(s));
      const key = sharedAccessKey(principal, statements, input.account);
      const twin = key === void 0 ? void 0 : byContent.get(key);
      const access = twin ? retargetAccess(twin.access, twin.statements, principal, statements) : analyzePrincipal(principal, context, bundled.sources);
      if (key !== void 0 && !twin) byContent.set(key, { access, statements });
      known = { access, unresolved: bundled.unresolved };
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
    ...policy.destructive.t4Escalation.assumeRole,
    ...policy.escalation.paths.flatMap((p) => p.actions)
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
    const reason = principal.assumeAgent ?? agentReason(principal, policy.agents, context.now);
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
  const widelyWorded = (p) => [...p.policies, ...bundledOf(p).sources].some((source) => parser.statements(source).some((s) => s.notActions !== void 0 || (s.actions ?? []).some(hasWildcard)));
  const graph = new EscalationGraph({
    principals: input.principals,
    policy,
    now: context.now,
    maxDepth: options.maxChainDepth ?? DEFAULT_MAX_CHAIN_DEPTH,
    accessOf: (p) => accessOf(p).access,
    unresolvedOf: (p) => bundledOf(p).unresolved.length,
    destructiveGrants,
    // A role reached by chaining needs only "is it dangerous" unless a finding shows its chain.
    provablyDangerous: (p) => !accessCache.has(p) && widelyWorded(p) && provablyGrants(p, context, DESTRUCTIVE_TIERS, bundledOf(p).sources),
    provablyInert: (p) => !accessCache.has(p) && provablyInert(p, context, bundledOf(p).sources),
    inScope: (g, p) => inProductionAccount(g.ref, p, policy, input.account)
  });
  return { agents, errors: parser.errors, destructiveGrants, escalation: (access) => graph.escalation(access.principal) };
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
var SERVICE_RANK = new Map(SERVICE_ORDER.map((service, i) => [service, i]));
function servicePriority(action) {
  return SERVICE_RANK.get(action.slice(0, action.indexOf(":")).toLowerCase()) ?? SERVICE_ORDER.length;
}
function sortedActions(grants) {
  return [...new Set(grants.map((g) => g.action))].sort();
}
function groupedText(items) {
  const groups = /* @__PURE__ */ new Map();
  for (const item of items) {
    const group = groups.get(item.on);
    if (group) group.push(item);
    else groups.set(item.on, [item]);
  }
  return [...groups.values()].map((g) => g.length === 1 ? g[0].text : `${g.map((i) => i.action).join(", ")} on ${g[0].on}`).join(", ");
}
function summarizeGrants(grants, shown = 3) {
  const before = (a, b) => a.priority - b.priority || a.action.length - b.action.length || compareText(a.action, b.action);
  const actions = new Set(grants.map((g) => g.action));
  const best = [];
  for (const action of actions) {
    const ranked = { action, priority: servicePriority(action) };
    const last = best[best.length - 1];
    if (best.length === shown && last && before(ranked, last) >= 0) continue;
    best.push(ranked);
    best.sort(before);
    if (best.length > shown) best.pop();
  }
  const rank = new Map(best.map((b, i) => [b.action, i]));
  const items = grantItems(grants.filter((g) => rank.has(g.action))).sort((a, b) => (rank.get(a.action) ?? 0) - (rank.get(b.action) ?? 0));
  const more = actions.size - best.length;
  return more > 0 ? `${groupedText(items)} and ${more} more action${more === 1 ? "" : "s"}` : groupedText(items);
}
function grantItems(grants) {
  const byAction = /* @__PURE__ */ new Map();
  for (const g of grants) {
    let set = byAction.get(g.action);
    if (!set) byAction.set(g.action, set = /* @__PURE__ */ new Set());
    set.add(grantResource(g));
  }
  return [...byAction].map(([action, resources]) => {
    const on = [...resources].join(", ");
    return { action, on, text: `${action} on ${on}` };
  });
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
    ...agent.unresolved.map((u) => ({ ...u.evidence, arn: u.arn, note: u.evidence.note ?? "managed policy document not in the input: not verified (fail closed)" })),
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
function evaluate(input, policy, catalogue, options = {}) {
  const analysis = analyzeInput(input, policy, catalogue, options);
  return principalFindings("agent-destructive-prod", analysis.agents, (agent) => analysis.destructiveGrants(agent.access), {
    grants: (label, grants) => `${label} can delete or replace production resources: ${summarizeGrants(grants)}`,
    unverifiable: "delete or replace production resources"
  });
}
var rule = {
  id: "agent-destructive-prod",
  defaultSeverity: "error",
  evaluate
};

// src/core/iam/agent-privilege-escalation.ts
var SHOWN = 3;
var shortName = (name) => name.slice(name.lastIndexOf("/") + 1);
var dangerTexts = /* @__PURE__ */ new WeakMap();
function dangerText(danger) {
  let text = dangerTexts.get(danger);
  if (text === void 0) dangerTexts.set(danger, text = describeDanger(danger));
  return text;
}
function describeDanger(danger) {
  if (danger.destructive.length) {
    const policies = [...new Set([...new Set(danger.destructive.map((g) => g.statement))].map((s) => shortName(s.source.name)))];
    return `can delete or replace production resources (${summarizeGrants(danger.destructive, 2)}; through ${policies.slice(0, 2).join(", ")})`;
  }
  if (danger.paths.length) return `can escalate (${danger.paths.slice(0, 2).map((m) => `path ${m.path.id}`).join(", ")})`;
  return "has managed policies that cannot be verified";
}
function chainText(agent, chain) {
  const route = [agent.name, ...chain.hops.map((h) => `${h.to.name} (${h.via})`)].join(" \u2192 ");
  return `${route}, which ${dangerText(chain.danger)}`;
}
function pathText(grants, id, actions) {
  const wanted = new Set(actions.map((a) => a.toLowerCase()));
  const items = grantItems(grants.filter((g) => wanted.has(g.action.toLowerCase())));
  return `${groupedText(items)} (path ${id})`;
}
function escalationItems(agent, escalation, shown = SHOWN) {
  const items = escalation.paths.slice(0, shown).map((m) => pathText(m.grants, m.path.id, m.path.actions));
  for (const chain of escalation.chains.slice(0, shown - items.length)) items.push(`it can become ${chainText(agent, chain)}`);
  return { items, total: escalation.paths.length + escalation.chains.length };
}
function chainEvidence(agent, chain) {
  const first = chain.hops[0];
  const evidence = [];
  if (first && first.grants.length === 0 && first.to.trustPolicy) {
    evidence.push({ ...first.to.trustPolicy.evidence, note: `trust policy of ${first.to.name} admits ${agent.name}` });
  }
  evidence.push({ ...chain.target.evidence, note: `reachable: ${chainText(agent, chain)}` });
  return evidence;
}
function finding(agent, escalation) {
  const unverifiable = unverifiableEvidence(agent);
  const { items, total } = escalationItems(agent.principal, escalation);
  if (total === 0 && unverifiable.length === 0) return void 0;
  const label = principalLabel(agent);
  const actions = new Set(sortedActions(escalation.grants));
  for (const chain of escalation.chains) if (chain.hops[0]?.via === "sts:AssumeRole") actions.add("sts:AssumeRole");
  const more = total - items.length;
  const message = total ? `${label} can escalate its privileges: ${items.join("; ")}${more > 0 ? `; and ${more} more` : ""}` : `${label} cannot be verified not to escalate its privileges: ${unverifiableText(agent)} (fail closed)`;
  const extra = [...escalation.chains.slice(0, SHOWN).flatMap((c) => chainEvidence(agent.principal, c)), ...unverifiable];
  return {
    rule: "agent-privilege-escalation",
    severity: "error",
    message,
    subject: agent.principal.subject,
    ...total ? { actions: [...actions].sort() } : {},
    evidence: findingEvidence(agent, escalation.grants.map((g) => g.statement), extra),
    suppressed: null
  };
}
function evaluate2(input, policy, catalogue, options = {}) {
  const analysis = analyzeInput(input, policy, catalogue, options);
  return analysis.agents.flatMap((agent) => finding(agent, analysis.escalation(agent.access)) ?? []);
}
var rule2 = {
  id: "agent-privilege-escalation",
  defaultSeverity: "error",
  evaluate: evaluate2
};

// src/core/boundary/drift.ts
var list2 = (v) => Array.isArray(v) ? v : v === void 0 ? [] : [v];
function guardrailPart(source, isBoundary) {
  let document;
  try {
    document = decodePolicyDocument(source.document);
  } catch {
    return void 0;
  }
  if (!isRecord(document)) return void 0;
  const statements = list2(document["Statement"]).filter(isRecord);
  const ours = statements.filter((s) => typeof s["Sid"] === "string" && s["Sid"].startsWith(SID_PREFIX));
  if (ours.length === 0) return void 0;
  const denies = ours.filter((s) => s["Effect"] === "Deny" && s["Condition"] === void 0 && /^AgentGuardrailDeny/.test(s["Sid"])).flatMap((s) => list2(s["Action"]).filter((a) => typeof a === "string"));
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
function evaluateIam(input, policy, catalogue, options = {}) {
  const fixed = { ...options, now: options.now ?? Date.now() };
  const analysis = analyzeInput(input, policy, catalogue, fixed);
  const drift = boundaryDrift(
    analysis.agents.map((a) => a.principal),
    policy,
    catalogue,
    input.account
  );
  const findings = [...IAM_RULES.flatMap((r) => r.evaluate(input, policy, catalogue, fixed)), ...drift].sort(compareFindings);
  const errors = analysis.errors;
  return { findings, errors: [...errors] };
}

// src/core/guarded.ts
function guardedEvaluation(file, evaluate3) {
  try {
    return evaluate3();
  } catch (error) {
    return { findings: [], errors: [{ file, message: `could not be evaluated (internal error: ${errorMessage(error)}); nothing in it was checked` }] };
  }
}
function evaluateTemplateSet(templates, evaluate3) {
  try {
    return evaluate3([...templates]);
  } catch {
    const findings = [];
    const errors = [];
    for (const template of templates) {
      const evaluated = guardedEvaluation(template.file, () => evaluate3([template]));
      findings.push(...evaluated.findings);
      errors.push(...evaluated.errors);
    }
    return { findings, errors };
  }
}

export {
  isAuthorizationDetails,
  readAuthorizationDetails,
  evaluateIam,
  guardedEvaluation,
  evaluateTemplateSet
};
