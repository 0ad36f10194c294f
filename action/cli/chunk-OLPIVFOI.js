import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);

// src/policy/defaults.ts
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
var ConfigError = class extends Error {
  constructor(file, message, line) {
    super(`${file}${line ? `:${line}` : ""}: ${message}`);
    this.file = file;
    this.line = line;
    this.name = "ConfigError";
  }
  file;
  line;
};
var DEFAULT_POLICIES_DIR = fileURLToPath(new URL("../../policies/", new URL("../policy/defaults.js", import.meta.url).href));
var DEFAULT_FILE_NAMES = {
  destructive: "destructive-actions.yaml",
  escalation: "escalation-paths.yaml",
  agents: "agents.yaml",
  production: "production.yaml",
  infraPaths: "infra-paths.yaml",
  dashboards: "dashboards.yaml",
  protection: "resource-protection.yaml"
};
var loadedDefaults = /* @__PURE__ */ new Map();
function readText(file) {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(file, `cannot read: ${error.code ?? String(error)}`);
  }
}
function readDefaultTexts(dir) {
  return Object.fromEntries(Object.values(DEFAULT_FILE_NAMES).map((name) => [name, readText(path.join(dir, name))]));
}
var DEFAULTS_CACHE_FILE = fileURLToPath(new URL("./defaults-cache.json", new URL("../policy/defaults.js", import.meta.url).href));
function defaultsCodeFingerprint() {
  if (typeof AG_BUNDLED_DEFAULTS_CODE === "string") return AG_BUNDLED_DEFAULTS_CODE;
  try {
    const require2 = createRequire(new URL("../policy/defaults.js", import.meta.url).href);
    const modules = ["./schema.js", "./load.js", "../core/source/parse.js", "../core/source/source.js", "../core/source/yaml.js", "../core/source/json.js"].map((module) => readFileSync(new URL(module, new URL("../policy/defaults.js", import.meta.url).href), "utf8"));
    const packages = ["yaml/package.json", "zod/package.json"].map((pkg) => readFileSync(require2.resolve(pkg), "utf8"));
    return JSON.stringify([...modules, ...packages]);
  } catch {
    return void 0;
  }
}
function readDefaultsCache(file, texts, code = defaultsCodeFingerprint()) {
  if (code === void 0) return void 0;
  let cache;
  try {
    cache = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return void 0;
  }
  if (cache.code !== code || !cache.texts || !cache.defaults) return void 0;
  const names = Object.keys(texts);
  if (names.length !== Object.keys(cache.texts).length || names.some((name) => cache.texts?.[name] !== texts[name])) return void 0;
  return cache.defaults;
}
function cachedDefaults(dir = DEFAULT_POLICIES_DIR, texts) {
  const loaded = loadedDefaults.get(dir);
  if (loaded) return loaded;
  const defaults = readDefaultsCache(DEFAULTS_CACHE_FILE, texts ?? readDefaultTexts(dir));
  if (defaults) loadedDefaults.set(dir, defaults);
  return defaults;
}
var unique = (items) => [...new Set(items)];
function extend(defaults, extra, replace) {
  if (extra === void 0) return [...defaults];
  return replace ? unique(extra) : unique([...defaults, ...extra]);
}
function tagLists(tags) {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
}
function mergeTags(defaults, extra, replace) {
  const base = replace && extra ? {} : tagLists(defaults);
  for (const [k, v] of Object.entries(tagLists(extra ?? {}))) base[k] = unique([...base[k] ?? [], ...v]);
  return base;
}
function normalizeSuppression(entry) {
  const expires = entry.expires instanceof Date ? entry.expires.toISOString().slice(0, 10) : entry.expires;
  return {
    rule: entry.rule,
    subject: entry.subject,
    reason: entry.reason.trim(),
    ...expires !== void 0 ? { expires } : {},
    ...entry.approvedBy !== void 0 ? { approvedBy: entry.approvedBy } : {}
  };
}
function mergePolicy(user, configSource, defaults) {
  const a = user.agents;
  const p = user.production;
  const r = user.review;
  return {
    destructive: defaults.destructive,
    protection: defaults.protection,
    escalation: defaults.escalation,
    agents: {
      ...defaults.agents,
      logins: extend(defaults.agents.logins, a?.logins?.map(normalizeLogin), a?.replaceDefaults),
      emails: extend(defaults.agents.emails, a?.emails, a?.replaceDefaults),
      roleNamePatterns: extend(defaults.agents.roleNamePatterns, a?.roleNamePatterns, a?.replaceDefaults),
      trustPrincipals: extend(defaults.agents.trustPrincipals, a?.trustPrincipals, a?.replaceDefaults),
      tags: mergeTags(defaults.agents.tags, a?.tags, a?.replaceDefaults)
    },
    production: {
      accounts: extend(defaults.production.accounts, p?.accounts, p?.replaceDefaults),
      nonProductionAccounts: extend(defaults.production.nonProductionAccounts, p?.nonProductionAccounts, p?.replaceDefaults),
      nameTokens: extend(defaults.production.nameTokens, p?.nameTokens, p?.replaceDefaults),
      nonProductionTokens: [...defaults.production.nonProductionTokens],
      tags: mergeTags(defaults.production.tags, p?.tags, p?.replaceDefaults)
    },
    review: {
      requiredApprovals: r?.requiredApprovals ?? 2,
      approverTeams: r?.approverTeams ?? [],
      infraPaths: extend(defaults.infraPaths, r?.infraPaths, r?.replaceDefaults),
      requireVerifiedCommits: r?.requireVerifiedCommits ?? false
    },
    dashboards: {
      enabled: user.dashboards?.enabled ?? true,
      targetIsError: user.dashboards?.targetIsError ?? true,
      vocabulary: defaults.dashboards
    },
    suppressions: (user.suppressions ?? []).map(normalizeSuppression),
    neverWaivable: user.neverWaivable ?? [],
    configSource
  };
}
function normalizeLogin(login) {
  return login.toLowerCase().replace(/\[bot\]$/, "");
}

export {
  ConfigError,
  DEFAULT_POLICIES_DIR,
  DEFAULT_FILE_NAMES,
  loadedDefaults,
  readText,
  readDefaultTexts,
  DEFAULTS_CACHE_FILE,
  defaultsCodeFingerprint,
  readDefaultsCache,
  cachedDefaults,
  mergePolicy,
  normalizeLogin
};
