import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  external_exports
} from "./chunk-PGWALTPF.js";
import {
  parseSource
} from "./chunk-5VXMLTJZ.js";
import {
  firstIssue
} from "./chunk-W4UO4LNM.js";
import {
  ConfigError,
  DEFAULTS_CACHE_FILE,
  DEFAULT_FILE_NAMES,
  DEFAULT_POLICIES_DIR,
  cachedDefaults,
  defaultsCodeFingerprint,
  loadedDefaults,
  mergePolicy,
  readDefaultTexts,
  readText
} from "./chunk-OLPIVFOI.js";
import {
  SourceParseError
} from "./chunk-ORPBBT7N.js";
import {
  RULE_IDS
} from "./chunk-CZPWBJK5.js";

// src/policy/load.ts
import { writeFileSync } from "node:fs";
import path from "node:path";

// src/policy/schema.ts
var globs = external_exports.array(external_exports.string().min(1));
var regexSource = external_exports.string().min(1).refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a valid regular expression" }
);
var tagMap = external_exports.record(external_exports.string(), external_exports.union([external_exports.string(), external_exports.array(external_exports.string())]));
var destructiveActionsFile = external_exports.object({
  t1Delete: external_exports.object({
    /** Matched against the action name (without service prefix), case-sensitive as AWS spells it. */
    namePatterns: external_exports.array(regexSource).min(1),
    /** Catalogue actions that match a pattern but destroy nothing (e.g. kms:CancelKeyDeletion). */
    exclude: globs.default([]),
    include: globs.default([])
  }).strict(),
  t2ProtectionOff: external_exports.object({ actions: globs.min(1) }).strict(),
  t3Replace: external_exports.object({ actions: globs.min(1) }).strict(),
  t4Escalation: external_exports.object({
    /** Actions that by themselves let a principal grant itself more access. */
    actions: globs.min(1),
    /** iam:PassRole escalates only together with one of these create/run actions. */
    passRoleWith: globs.min(1),
    /** Assuming another role escalates unless that role is known to be compliant. */
    assumeRole: globs.min(1),
    /** Running code as another, possibly more privileged, identity. */
    codeExecution: globs.default([])
  }).strict(),
  /**
   * Actions AWS managed policies grant that the catalogue does not list (retired services, new
   * actions): the guardrail boundary denies these globs as written.
   */
  uncatalogued: globs.default([]),
  /** Resource types whose loss destroys data (prod-resource-unprotected). */
  statefulResourceTypes: external_exports.array(external_exports.string().min(1)).min(1)
}).strict();
var resourceTypeName = external_exports.string().regex(/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/, "expected a CloudFormation resource type (AWS::Service::Type)");
var resourceProtectionFile = external_exports.object({
  resourceTypes: external_exports.record(
    resourceTypeName,
    external_exports.object({
      snapshot: external_exports.boolean(),
      defaultDeletionPolicy: external_exports.enum(["Delete", "Snapshot", "Retain"]).optional(),
      deletionProtection: external_exports.object({ property: external_exports.string().min(1), enabled: external_exports.array(external_exports.union([external_exports.boolean(), external_exports.string()])).min(1), default: external_exports.boolean() }).strict().optional(),
      partOf: external_exports.object({ property: external_exports.string().min(1), judgedBy: resourceTypeName }).strict().optional(),
      source: external_exports.string().url()
    }).strict()
  )
}).strict();
var escalationPath = external_exports.object({
  /** Stable id, used in findings and in docs/escalation-paths.md. */
  id: external_exports.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: "ids are lower-case words joined by -" }),
  title: external_exports.string().min(1),
  /** Every one must be reachable (exact `service:Action` names, no wildcards). */
  actions: external_exports.array(external_exports.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, { message: "a path names exact actions (service:Action)" })).min(1),
  via: external_exports.enum(["own-policy", "credentials", "assume", "passed-role", "service-role"]),
  /** The service principal whose role the code runs as (passed-role and service-role paths). */
  service: external_exports.string().min(1).optional(),
  sources: external_exports.array(external_exports.string().min(1)).min(1)
}).strict().refine((p) => (p.via === "passed-role" || p.via === "service-role") === (p.service !== void 0), {
  message: "passed-role and service-role paths name their service; other paths do not"
}).refine((p) => p.via === "passed-role" === p.actions.includes("iam:PassRole"), { message: "a passed-role path includes iam:PassRole, and only it" });
var escalationPathsFile = external_exports.object({
  paths: external_exports.array(escalationPath).min(1),
  /** Grants that count for no path: the resources a customer cannot turn into escalation. */
  notEscalation: external_exports.array(external_exports.object({ actions: external_exports.array(external_exports.string().min(1)).min(1), resources: globs.min(1), reason: external_exports.string().min(10) }).strict()).default([])
}).strict().refine((f) => new Set(f.paths.map((p) => p.id)).size === f.paths.length, { message: "path ids must be unique" });
var agentsFile = external_exports.object({
  logins: globs.default([]),
  emails: globs.default([]),
  names: globs.default([]),
  roleNamePatterns: globs.default([]),
  trustPrincipals: globs.default([]),
  tags: tagMap.default({}),
  /** Attribution markers in commit messages or PR bodies: literal text, case-insensitive (no regexes over untrusted text). */
  markers: external_exports.array(external_exports.string().min(1)).default([]),
  /** Phrases after which agents record the human who asked them: "Requested by: @login", "… on behalf of @login". */
  requesterPhrases: external_exports.array(external_exports.string().min(1)).default([]),
  /** Labels and comment commands that make an agent start work (the labeller / commenter is a requester). */
  triggers: external_exports.object({ labels: globs.default([]), commands: external_exports.array(external_exports.string().min(1)).default([]) }).strict().default({ labels: [], commands: [] }),
  /** Weak signals: only together with a strong one do they make a PR agent-authored. */
  weak: external_exports.object({ branchPrefixes: globs.default([]), labels: globs.default([]) }).strict().default({ branchPrefixes: [], labels: [] })
}).strict();
var productionFile = external_exports.object({
  accounts: external_exports.array(external_exports.string()).default([]),
  nonProductionAccounts: external_exports.array(external_exports.string()).default([]),
  nameTokens: external_exports.array(external_exports.string().min(1)).min(1),
  nonProductionTokens: external_exports.array(external_exports.string().min(1)).min(1),
  /** Tag key → values that mark production (stack tags `Environment`, `Stage`, ...). */
  tags: tagMap.default({})
}).strict();
var infraPathsFile = external_exports.object({ infraPaths: globs.min(1) }).strict();
var vocabularyTerms = external_exports.array(external_exports.string().min(1));
var namedTool = external_exports.object({
  name: external_exports.string().min(1),
  /** Count anywhere, metric and table names included. */
  terms: vocabularyTerms.min(1),
  /** Ordinary words elsewhere ("cursor"): count only in titles, descriptions, tags and markdown. */
  proseTerms: vocabularyTerms.default([]),
  source: external_exports.string().url()
}).strict();
var dashboardsFile = external_exports.object({
  codingTools: external_exports.array(namedTool).min(1),
  codingToolWords: vocabularyTerms.default([]),
  /** Label and tag keys whose values name a tool rather than a service (`tool="copilot"`). */
  toolLabels: external_exports.array(external_exports.string().regex(/^[A-Za-z_@][\w.@-]*$/, "a label or tag key")).default([]),
  adoption: vocabularyTerms.min(1),
  /** Resource measures (CPU, memory, disk): a panel about them is never an adoption panel. */
  infrastructure: vocabularyTerms.default([]),
  /** Efficiency and reliability measures: a threshold on them is not a usage target. */
  efficiency: vocabularyTerms.default([]),
  incidents: vocabularyTerms.min(1),
  incidentTools: external_exports.array(namedTool).default([]),
  /** Terms that make an incident-looking panel about the AI tool's own API errors instead. */
  toolErrors: vocabularyTerms.default([]),
  targets: vocabularyTerms.min(1)
}).strict();
var replaceDefaults = { replaceDefaults: external_exports.boolean().optional() };
var suppressionEntry = external_exports.object({
  rule: external_exports.enum(RULE_IDS),
  subject: external_exports.string().min(1),
  reason: external_exports.string().trim().min(10, { message: "a suppression needs a reason of at least 10 characters" }),
  expires: external_exports.union([external_exports.string(), external_exports.date()]).optional(),
  approvedBy: external_exports.string().optional()
}).strict();
var userConfig = external_exports.object({
  _extends: external_exports.string().optional(),
  agents: external_exports.object({
    logins: globs.optional(),
    emails: globs.optional(),
    roleNamePatterns: globs.optional(),
    trustPrincipals: globs.optional(),
    tags: tagMap.optional(),
    ...replaceDefaults
  }).strict().optional(),
  production: external_exports.object({
    accounts: external_exports.array(external_exports.union([external_exports.string(), external_exports.number()]).transform(String)).optional(),
    nonProductionAccounts: external_exports.array(external_exports.union([external_exports.string(), external_exports.number()]).transform(String)).optional(),
    nameTokens: external_exports.array(external_exports.string().min(1)).optional(),
    tags: tagMap.optional(),
    ...replaceDefaults
  }).strict().optional(),
  review: external_exports.object({
    requiredApprovals: external_exports.number().int().min(1).max(10).optional(),
    approverTeams: external_exports.array(external_exports.string().min(1)).optional(),
    infraPaths: globs.optional(),
    requireVerifiedCommits: external_exports.boolean().optional(),
    ...replaceDefaults
  }).strict().optional(),
  dashboards: external_exports.object({ enabled: external_exports.boolean().optional(), targetIsError: external_exports.boolean().optional() }).strict().optional(),
  suppressions: external_exports.array(suppressionEntry).optional(),
  neverWaivable: external_exports.array(external_exports.enum(RULE_IDS)).optional()
}).strict();

// src/policy/load.ts
var DEFAULT_FILES = {
  destructive: [DEFAULT_FILE_NAMES.destructive, destructiveActionsFile],
  escalation: [DEFAULT_FILE_NAMES.escalation, escalationPathsFile],
  agents: [DEFAULT_FILE_NAMES.agents, agentsFile],
  production: [DEFAULT_FILE_NAMES.production, productionFile],
  infraPaths: [DEFAULT_FILE_NAMES.infraPaths, infraPathsFile],
  dashboards: [DEFAULT_FILE_NAMES.dashboards, dashboardsFile],
  protection: [DEFAULT_FILE_NAMES.protection, resourceProtectionFile]
};
function loadDefaults(dir = DEFAULT_POLICIES_DIR) {
  const loaded = loadedDefaults.get(dir);
  if (loaded) return loaded;
  const texts = readDefaultTexts(dir);
  const defaults = cachedDefaults(dir, texts) ?? validateDefaults(dir, texts);
  loadedDefaults.set(dir, defaults);
  return defaults;
}
function validateDefaults(dir, texts) {
  const read = (name, schema) => validate(path.join(dir, name), texts[name] ?? "", schema);
  return {
    destructive: read(...DEFAULT_FILES.destructive),
    escalation: read(...DEFAULT_FILES.escalation),
    agents: read(...DEFAULT_FILES.agents),
    production: read(...DEFAULT_FILES.production),
    infraPaths: read(...DEFAULT_FILES.infraPaths).infraPaths,
    dashboards: read(...DEFAULT_FILES.dashboards),
    protection: read(...DEFAULT_FILES.protection).resourceTypes
  };
}
function writeDefaultsCache(file = DEFAULTS_CACHE_FILE, dir = DEFAULT_POLICIES_DIR, code = defaultsCodeFingerprint()) {
  if (code === void 0) throw new Error("cannot fingerprint the compiled schema and parser: run the build first");
  const texts = readDefaultTexts(dir);
  const defaults = validateDefaults(dir, texts);
  const cache = { code, texts, defaults };
  writeFileSync(file, `${JSON.stringify(cache)}
`);
  return defaults;
}
function validate(file, text, schema) {
  let parsed;
  try {
    parsed = parseSource(text);
  } catch (error) {
    if (error instanceof SourceParseError) throw new ConfigError(file, error.message, error.line);
    throw error;
  }
  const value = parsed.value ?? {};
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { message, line } = firstIssue(result.error, parsed.lineOf);
  throw new ConfigError(file, message, line);
}
function parseUserConfig(file, text) {
  return validate(file, text, userConfig);
}
function readUserConfig(file) {
  return parseUserConfig(file, readText(file));
}
function resolvePolicy(user = {}, configSource = "defaults", defaults = loadDefaults()) {
  return mergePolicy(user, configSource, defaults);
}
function loadPolicy(configFile) {
  if (!configFile) return resolvePolicy();
  return resolvePolicy(readUserConfig(configFile), configFile);
}

export {
  loadDefaults,
  writeDefaultsCache,
  validate,
  parseUserConfig,
  readUserConfig,
  resolvePolicy,
  loadPolicy
};
