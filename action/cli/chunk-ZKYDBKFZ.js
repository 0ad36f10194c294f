import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  DENY_GROUPS,
  deniedActions,
  indexCatalogue,
  prefixMayMatchReadOnly
} from "./chunk-QI6GDGWH.js";
import {
  compareText
} from "./chunk-UWV76DWW.js";

// src/core/boundary/compress.ts
var PLAIN = /^[\x20-\x7e]*$/;
var itemCost = (pattern) => PLAIN.test(pattern) && !/["\\]/.test(pattern) ? pattern.length + 3 : JSON.stringify(pattern).length + 1;
function buildTrie(service) {
  const spelling = /* @__PURE__ */ new Map();
  for (const name of service.names) {
    if (!service.denied.has(name)) continue;
    const lower = name.toLowerCase();
    for (let i = 0; i <= name.length; i++) {
      const key = lower.slice(0, i);
      if (!spelling.has(key)) spelling.set(key, name.slice(0, i));
    }
  }
  const prefixes = [...spelling.keys()].sort((a, b) => b.length - a.length || compareText(a, b));
  const indexOf = new Map(prefixes.map((p, i) => [p, i]));
  const n = prefixes.length;
  const total = new Int32Array(n);
  const deniedBelow = new Int32Array(n);
  const exactOther = new Int32Array(n);
  const deniedHere = new Uint8Array(n);
  for (const name of service.names) {
    const lower = name.toLowerCase();
    const isDenied = service.denied.has(name);
    for (let i = 0; i <= lower.length; i++) {
      const at = indexOf.get(lower.slice(0, i));
      if (at === void 0) break;
      total[at] = total[at] + 1;
      if (isDenied) deniedBelow[at] = deniedBelow[at] + 1;
      if (i === lower.length) {
        if (isDenied) deniedHere[at] = 1;
        else exactOther[at] = exactOther[at] + 1;
      }
    }
  }
  const plain = service.names.every((name) => /^[\x20-\x7e]*$/.test(name) && !/["\\]/.test(name)) && /^[\x20-\x7e]*$/.test(service.service);
  const cost = (text) => plain ? text.length + 3 : itemCost(text);
  const flat = {
    service: service.service,
    parent: new Int32Array(n),
    prefix: prefixes.map((p) => spelling.get(p)),
    other: new Int32Array(n),
    otherHere: new Int32Array(n),
    deniedHere,
    literalCost: new Float64Array(n),
    wildcardCost: new Float64Array(n)
  };
  const head = `${service.service}:`;
  prefixes.forEach((lower, i) => {
    const prefix = flat.prefix[i];
    flat.parent[i] = lower === "" ? -1 : indexOf.get(lower.slice(0, -1));
    flat.other[i] = total[i] - deniedBelow[i];
    flat.otherHere[i] = deniedHere[i] ? exactOther[i] : 0;
    flat.literalCost[i] = cost(head + prefix);
    flat.wildcardCost[i] = prefix === "" || prefixMayMatchReadOnly(prefix) ? Infinity : cost(`${head}${prefix}*`);
  });
  return flat;
}
function solveService(trie, lambda) {
  const n = trie.parent.length;
  const splitCost = new Float64Array(n);
  const splitCollateral = new Float64Array(n);
  const wildcard = new Uint8Array(n);
  let cost = 0;
  let collateral = 0;
  for (let i = 0; i < n; i++) {
    const here = trie.deniedHere[i] ? trie.otherHere[i] : 0;
    let c = splitCost[i] + (trie.deniedHere[i] ? trie.literalCost[i] + lambda * here : 0);
    let k = splitCollateral[i] + here;
    const other = trie.other[i];
    const w = trie.wildcardCost[i] + lambda * other;
    if (w < c || w === c && other <= k) {
      c = w;
      k = other;
      wildcard[i] = 1;
    }
    const p = trie.parent[i];
    if (p >= 0) {
      splitCost[p] = splitCost[p] + c;
      splitCollateral[p] = splitCollateral[p] + k;
    } else {
      cost = c;
      collateral = k;
    }
  }
  return { cost, collateral, wildcard };
}
function patternsOf(trie, solution) {
  const n = trie.parent.length;
  const covered = new Uint8Array(n);
  const out = [];
  for (let i = n - 1; i >= 0; i--) {
    const p = trie.parent[i];
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
var escapeRegExp = (text) => text.replace(/[.+^${}()|[\]\\?]/g, "\\$&");
function coverage(pattern, service) {
  const name = pattern.slice(pattern.indexOf(":") + 1);
  const re = name.endsWith("*") ? new RegExp(`^${escapeRegExp(name.slice(0, -1))}`, "i") : new RegExp(`^${escapeRegExp(name)}$`, "i");
  const covers = [];
  const collateral = [];
  for (const n of service.names) {
    if (!re.test(n)) continue;
    (service.denied.has(n) ? covers : collateral).push(`${service.service}:${n}`);
  }
  return { covers, collateral };
}
function solveAll(tries, lambda) {
  const solutions = tries.map((trie) => solveService(trie, lambda));
  return { solutions, collateral: solutions.reduce((s, c) => s + c.collateral, 0) };
}
var LAMBDA_MAX = 1e4;
function compress(services, maxCollateral) {
  const withDenied = services.filter((s) => s.denied.size > 0);
  const tries = withDenied.map(buildTrie);
  let best = solveAll(tries, 0);
  if (best.collateral > maxCollateral) {
    let low = 0;
    let high = LAMBDA_MAX;
    best = solveAll(tries, high);
    for (let i = 0; i < 24; i++) {
      const mid = (low + high) / 2;
      const attempt = solveAll(tries, mid);
      if (attempt.collateral <= maxCollateral) {
        best = attempt;
        high = mid;
      } else low = mid;
    }
  }
  const patterns = [];
  let characters = 0;
  withDenied.forEach((service, i) => {
    const trie = tries[i];
    for (const pattern of patternsOf(trie, best.solutions[i]).sort()) {
      patterns.push({ pattern, ...coverage(pattern, service) });
      characters += itemCost(pattern);
    }
  });
  return { patterns, collateral: patterns.reduce((s, p) => s + p.collateral.length, 0), characters };
}

// src/core/boundary/generate.ts
var POLICY_SIZE_LIMIT = { boundary: 6144, scp: 5120 };
var MAX_SCPS_PER_TARGET = 5;
var DEFAULT_MAX_COLLATERAL = 50;
var SID_PREFIX = "AgentGuardrail";
var PART_NAME_MARKERS = ["agent-guardrail", "AgentGuardrail"];
var BoundaryError = class extends Error {
  name = "BoundaryError";
};
function versionTag(version) {
  const tag = version.replace(/[^A-Za-z0-9]+/g, "x");
  return `V${tag}`;
}
function versionOfSid(sid) {
  if (typeof sid !== "string" || !sid.startsWith(SID_PREFIX)) return void 0;
  const match = /V([0-9A-Za-z]+)$/.exec(sid);
  return match?.[1]?.replace(/x/g, ".");
}
function compareVersions(a, b) {
  const pa = a.split(".").map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(".").map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
var minified = (value) => JSON.stringify(value).length;
function servicesOf(catalogue, denied) {
  const index = indexCatalogue(catalogue);
  const byService = /* @__PURE__ */ new Map();
  for (const action of denied.keys()) {
    const colon = action.indexOf(":");
    const service = action.slice(0, colon);
    let set = byService.get(service);
    if (!set) byService.set(service, set = /* @__PURE__ */ new Set());
    set.add(action.slice(colon + 1));
  }
  return [...byService].map(([service, names]) => ({ service, names: index.serviceNames(service) ?? [], denied: names }));
}
function caseVariants(pattern) {
  const capitalized = pattern.replace(/(^|[*?\-_./])([a-z])/g, (_m, sep, ch) => sep + ch.toUpperCase());
  return [.../* @__PURE__ */ new Set([pattern, capitalized])];
}
var DEFAULT_SCP_TAG_KEY = "agent-guardrail:agent";
function scpAlternative(policy, match = { by: "tag" }) {
  if (match.by === "name") {
    const patterns = policy.agents.roleNamePatterns;
    if (!patterns.length) throw new BoundaryError("--scp-match name needs agents.roleNamePatterns: none are configured");
    const arns = [...new Set(patterns.flatMap(caseVariants))].map((name) => `arn:aws:iam::*:*/${name}`);
    return { label: "ByName", condition: { ArnLike: { "aws:PrincipalArn": arns } } };
  }
  const tags = policy.agents.tags;
  const configured = Object.keys(tags).filter((k) => (tags[k] ?? []).length > 0);
  const key = match.tagKey ?? (configured.includes(DEFAULT_SCP_TAG_KEY) ? DEFAULT_SCP_TAG_KEY : configured[0]);
  if (key === void 0) throw new BoundaryError("an SCP keyed on a principal tag needs agents.tags: none are configured (or use --scp-match name)");
  const values = tags[key];
  if (!values?.length) throw new BoundaryError(`tag key "${key}" is not in agents.tags (configured: ${configured.join(", ") || "none"})`);
  return { label: "ByTag", tagKey: key, condition: { StringLike: { [`aws:PrincipalTag/${key}`]: values.length === 1 ? values[0] : [...values] } } };
}
function integrityStatements(kind, tag, alternative) {
  if (kind === "boundary") {
    const partArns = PART_NAME_MARKERS.map((m) => `arn:aws:iam::*:policy/*${m}*`);
    return [
      { Sid: `${SID_PREFIX}KeepBoundary${tag}`, Effect: "Deny", Action: ["iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary"], Resource: "*" },
      {
        Sid: `${SID_PREFIX}KeepParts${tag}`,
        Effect: "Deny",
        Action: ["iam:DetachRolePolicy", "iam:DetachUserPolicy"],
        Resource: "*",
        Condition: { ArnLike: { "iam:PolicyARN": partArns } }
      }
    ];
  }
  if (alternative.tagKey === void 0) return [];
  return [
    {
      Sid: `${SID_PREFIX}KeepTag${tag}`,
      Effect: "Deny",
      Action: ["iam:TagRole", "iam:UntagRole", "iam:TagUser", "iam:UntagUser"],
      Resource: "*",
      Condition: { ...alternative.condition, "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": alternative.tagKey } }
    }
  ];
}
var integrityActionsOf = (statements) => [...new Set(statements.flatMap((s) => Array.isArray(s.Action) ? s.Action : [s.Action]))].sort();
function pack(items, tag, alternative, head, limit) {
  const docs = [];
  let current = { Version: "2012-10-17", Statement: [...head] };
  let size = minified(current);
  if (size > limit) throw new BoundaryError(`the fixed statements alone take ${size} characters, over the ${limit}-character limit`);
  let open;
  const fresh = (group, pattern) => ({
    Sid: `${SID_PREFIX}Deny${group}${alternative.label}${tag}`,
    Effect: "Deny",
    Action: [pattern],
    Resource: "*",
    ...alternative.condition ? { Condition: alternative.condition } : {}
  });
  for (const item of items) {
    const itemSize = JSON.stringify(item.pattern).length + 1;
    if (open && open.group === item.group && size + itemSize <= limit) {
      open.statement.Action.push(item.pattern);
      size += itemSize;
      continue;
    }
    let statement = fresh(item.group, item.pattern);
    let added = minified(statement) + (current.Statement.length ? 1 : 0);
    if (size + added > limit) {
      if (current.Statement.length === 0) throw new BoundaryError(`one statement does not fit in ${limit} characters (its condition is too long)`);
      docs.push(current);
      current = { Version: "2012-10-17", Statement: [] };
      size = minified(current);
      statement = fresh(item.group, item.pattern);
      added = minified(statement);
    }
    current.Statement.push(statement);
    size += added;
    open = { group: item.group, statement };
  }
  if (current.Statement.length) docs.push(current);
  for (const doc of docs) {
    for (const s of doc.Statement) if (Array.isArray(s.Action) && s.Action.length === 1) s.Action = s.Action[0];
    if (minified(doc) > limit) throw new BoundaryError(`internal: a policy of ${minified(doc)} characters exceeds the ${limit}-character limit`);
  }
  return docs;
}
function groupOfPattern(p, groupOf) {
  const groups = new Set(p.covers.map((a) => groupOf.get(a)));
  return DENY_GROUPS.find((g) => groups.has(g)) ?? "Delete";
}
function generateBoundary(options) {
  const { kind, catalogue, catalogueVersion, policy } = options;
  const maxCollateral = options.maxCollateral ?? DEFAULT_MAX_COLLATERAL;
  if (!Number.isInteger(maxCollateral) || maxCollateral < 0) throw new BoundaryError(`maxCollateral must be a whole number >= 0, got ${maxCollateral}`);
  const limit = POLICY_SIZE_LIMIT[kind];
  const tag = versionTag(catalogueVersion);
  const denied = deniedActions(catalogue, policy.destructive);
  const compressed = compress(servicesOf(catalogue, denied.groupOf), maxCollateral);
  const items = [];
  for (const group of DENY_GROUPS) {
    for (const p of compressed.patterns) if (groupOfPattern(p, denied.groupOf) === group) items.push({ group, pattern: p.pattern });
    for (const u of denied.uncatalogued) if (u.group === group && !items.some((i) => i.pattern === u.pattern)) items.push({ group, pattern: u.pattern });
  }
  const alternative = kind === "scp" ? scpAlternative(policy, options.scpMatch) : { label: "" };
  const integrity = integrityStatements(kind, tag, alternative);
  const head = kind === "boundary" ? [{ Sid: `${SID_PREFIX}AllowOther${tag}`, Effect: "Allow", Action: "*", Resource: "*" }, ...integrity] : integrity;
  const docs = pack(items, tag, alternative, head, limit);
  const policies = docs.map((document, i) => ({
    name: kind === "scp" ? `agent-guardrail-scp-${i + 1}` : i === 0 ? "agent-guardrail-boundary" : `agent-guardrail-boundary-${i + 1}`,
    use: kind === "scp" ? "scp" : i === 0 ? "boundary" : "attach",
    document,
    size: minified(document)
  }));
  const deniedCounts = Object.fromEntries(DENY_GROUPS.map((g) => [g, denied.byGroup[g].length]));
  const deniedTotal = denied.groupOf.size;
  const statements = docs.reduce((s, d) => s + d.Statement.length, 0);
  const notes = [];
  const sizes = policies.map((p) => p.size.toLocaleString("en-US")).join(", ");
  if (policies.length > 1) {
    notes.push(
      kind === "boundary" ? `The denied set does not fit one managed policy (${limit.toLocaleString("en-US")} characters): ${policies.length} policies (${sizes} characters). Set the first as the permissions boundary and attach the others to the same role; the boundary keeps the agent from detaching them (their names contain "agent-guardrail").` : `The denied set does not fit one SCP (${limit.toLocaleString("en-US")} characters): ${policies.length} SCPs (${sizes} characters). Attach all of them to the production accounts or OU.`
    );
  } else notes.push(`One policy of ${sizes} characters (limit ${limit.toLocaleString("en-US")}).`);
  if (kind === "scp" && policies.length > MAX_SCPS_PER_TARGET - 1) {
    notes.push(
      `AWS attaches at most ${MAX_SCPS_PER_TARGET} SCPs to an account or OU, FullAWSAccess included: ${policies.length} do not fit one target. Attach some to the OU and the rest to its accounts.`
    );
  }
  if (alternative.condition) notes.push(`The SCP applies to principals matching ${JSON.stringify(alternative.condition)}; it does not apply to the management account or to service-linked roles.`);
  if (denied.uncatalogued.length) notes.push(`Denied as written, not in the catalogue: ${denied.uncatalogued.map((u) => u.pattern).join(", ")}.`);
  const collateralActions = compressed.patterns.flatMap((p) => p.collateral).sort();
  return {
    kind,
    catalogueVersion,
    policies,
    limit,
    summary: {
      denied: deniedCounts,
      deniedTotal,
      patterns: items.length,
      statements,
      collateral: collateralActions.length,
      collateralActions,
      maxCollateral,
      integrityActions: integrityActionsOf(integrity),
      uncatalogued: denied.uncatalogued.map((u) => u.pattern)
    },
    notes
  };
}

export {
  POLICY_SIZE_LIMIT,
  MAX_SCPS_PER_TARGET,
  DEFAULT_MAX_COLLATERAL,
  SID_PREFIX,
  PART_NAME_MARKERS,
  BoundaryError,
  versionTag,
  versionOfSid,
  compareVersions,
  DEFAULT_SCP_TAG_KEY,
  scpAlternative,
  generateBoundary
};
