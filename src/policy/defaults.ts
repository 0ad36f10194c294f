/**
 * The shipped policy data as the build validated it, and the merge of a user's configuration
 * into one Policy. Nothing here loads zod or the schemas: a command without `--config` whose
 * build cache is current never needs them (issue 17: zod builds its schemas at import, tens of
 * milliseconds of every `scan`). Validation lives in load.ts, which re-exports all of this.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import type { z } from "zod";
import type { Policy, SuppressionRule } from "../core/policy.js";
import { decodeText } from "../core/source/decode.js";
import type {
  agentsFile,
  dashboardsFile,
  destructiveActionsFile,
  escalationPathsFile,
  productionFile,
  resourceProtectionFile,
  UserConfig,
} from "./schema.js";

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ""}: ${message}`);
    this.name = "ConfigError";
  }
}

/** policies/ beside the package root (the same depth from src/policy and dist/policy). */
export const DEFAULT_POLICIES_DIR = fileURLToPath(new URL("../../policies/", import.meta.url));

export interface Defaults {
  destructive: z.infer<typeof destructiveActionsFile>;
  escalation: z.infer<typeof escalationPathsFile>;
  agents: z.infer<typeof agentsFile>;
  production: z.infer<typeof productionFile>;
  infraPaths: string[];
  dashboards: z.infer<typeof dashboardsFile>;
  protection: z.infer<typeof resourceProtectionFile>["resourceTypes"];
}

/** The shipped policy files, in the order they are read (load.ts pairs each with its schema). */
export const DEFAULT_FILE_NAMES = {
  destructive: "destructive-actions.yaml",
  escalation: "escalation-paths.yaml",
  agents: "agents.yaml",
  production: "production.yaml",
  infraPaths: "infra-paths.yaml",
  dashboards: "dashboards.yaml",
  protection: "resource-protection.yaml",
} as const satisfies Record<keyof Defaults, string>;

/** Defaults already loaded in this process, by policies directory (shared with load.ts). */
export const loadedDefaults = new Map<string, Defaults>();

export function readText(file: string): string {
  try {
    return decodeText(readFileSync(file));
  } catch (error) {
    throw new ConfigError(file, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** The text of every shipped policy file, by file name. */
export function readDefaultTexts(dir: string): Record<string, string> {
  return Object.fromEntries(Object.values(DEFAULT_FILE_NAMES).map((name) => [name, readText(path.join(dir, name))]));
}

/**
 * Parsing and validating the shipped YAML is most of a CDK Aspect's fixed cost (the YAML parser
 * and zod run cold, once per `cdk synth`). The build (`npm run build`) therefore stores the
 * validated defaults beside this module, keyed by the exact text of every policy file and by
 * the code that produced them (this package's compiled schema, loader and parser, the yaml and
 * zod versions). Any difference, or no such file (e.g. running from src/), means a full validation.
 */
/** Defined by scripts/bundle.js in the command-line bundle only; undeclared (typeof "undefined") elsewhere. */
declare const AG_BUNDLED_DEFAULTS_CODE: string | undefined;

export const DEFAULTS_CACHE_FILE = fileURLToPath(new URL("./defaults-cache.json", import.meta.url));

export interface DefaultsCache {
  code: string;
  texts: Record<string, string>;
  defaults: Defaults;
}

/**
 * What turns policy text into Defaults: the text of this package's compiled schema, loader and
 * parser and of the yaml and zod package.json files, compared whole (no hash: node:crypto would
 * load ~36 built-in modules on every run). Undefined when it cannot be read (not built).
 */
export function defaultsCodeFingerprint(): string | undefined {
  // The command-line bundle carries its own copy of that code: scripts/bundle.js stores the
  // fingerprint of what it bundled, so a run need not read eight files to recompute it.
  if (typeof AG_BUNDLED_DEFAULTS_CODE === "string") return AG_BUNDLED_DEFAULTS_CODE;
  try {
    const require = createRequire(import.meta.url);
    const modules = ["./schema.js", "./load.js", "../core/source/parse.js", "../core/source/source.js", "../core/source/yaml.js", "../core/source/json.js"].map((module) => readFileSync(new URL(module, import.meta.url), "utf8"));
    const packages = ["yaml/package.json", "zod/package.json"].map((pkg) => readFileSync(require.resolve(pkg), "utf8"));
    return JSON.stringify([...modules, ...packages]);
  } catch {
    return undefined; // no compiled modules beside this one (src/ under ts-jest): no cache, full validation
  }
}

/** The cached defaults when the cache was made from exactly these texts by this code, else undefined. */
export function readDefaultsCache(file: string, texts: Record<string, string>, code: string | undefined = defaultsCodeFingerprint()): Defaults | undefined {
  if (code === undefined) return undefined;
  let cache: Partial<DefaultsCache>;
  try {
    cache = JSON.parse(readFileSync(file, "utf8")) as Partial<DefaultsCache>;
  } catch {
    return undefined; // no cache (not built) or a damaged one: validate the files instead
  }
  if (cache.code !== code || !cache.texts || !cache.defaults) return undefined;
  const names = Object.keys(texts);
  if (names.length !== Object.keys(cache.texts).length || names.some((name) => cache.texts?.[name] !== texts[name])) return undefined;
  return cache.defaults;
}

/**
 * The shipped defaults without validating anything: already loaded, or from a current build
 * cache. Undefined when they must be validated (load.ts `loadDefaults`); an unreadable policy
 * file is a ConfigError, as there.
 */
export function cachedDefaults(dir: string = DEFAULT_POLICIES_DIR, texts?: Record<string, string>): Defaults | undefined {
  const loaded = loadedDefaults.get(dir);
  if (loaded) return loaded;
  const defaults = readDefaultsCache(DEFAULTS_CACHE_FILE, texts ?? readDefaultTexts(dir));
  if (defaults) loadedDefaults.set(dir, defaults);
  return defaults;
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];

function extend<T>(defaults: T[], extra: T[] | undefined, replace: boolean | undefined): T[] {
  if (extra === undefined) return [...defaults];
  return replace ? unique(extra) : unique([...defaults, ...extra]);
}

function tagLists(tags: Record<string, string | string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
}

function mergeTags(
  defaults: Record<string, string | string[]>,
  extra: Record<string, string | string[]> | undefined,
  replace: boolean | undefined,
): Record<string, string[]> {
  const base = replace && extra ? {} : tagLists(defaults);
  for (const [k, v] of Object.entries(tagLists(extra ?? {}))) base[k] = unique([...(base[k] ?? []), ...v]);
  return base;
}

function normalizeSuppression(entry: NonNullable<UserConfig["suppressions"]>[number]): SuppressionRule {
  const expires = entry.expires instanceof Date ? entry.expires.toISOString().slice(0, 10) : entry.expires;
  return {
    rule: entry.rule,
    subject: entry.subject,
    reason: entry.reason.trim(),
    ...(expires !== undefined ? { expires } : {}),
    ...(entry.approvedBy !== undefined ? { approvedBy: entry.approvedBy } : {}),
  };
}

/**
 * The guardrail's own configuration and the gates around it (workflows that can post a check of
 * the same name, code owners, rulesets, and the settings-as-code files that apps such as
 * repository-settings/app and github/safe-settings sync to branch protection, required checks,
 * rulesets and collaborators): infrastructure whatever `review.replaceDefaults` says, or an agent
 * PR that narrows nothing else could rewrite the gate for every later PR without review.
 */
export const GATE_PATHS: readonly string[] = [
  ".github/agent-guardrail.yml",
  ".github/agent-guardrail.yaml",
  ".github/workflows/**",
  ".github/actions/**",
  "**/CODEOWNERS",
  ".github/rulesets/**",
  ".github/settings.{yml,yaml}",
  ".github/repos/**",
  ".github/suborgs/**",
];

/** Merge: every list extends the defaults unless its section sets `replaceDefaults: true`. */
export function mergePolicy(user: UserConfig, configSource: string, defaults: Defaults): Policy {
  // The GitHub App reads the file `_extends` names (src/github/config.ts, which merges it in and
  // drops the key before this). Anywhere else (--config, the Aspect) that file is not read: what
  // it sets (production accounts, agent patterns, requiredApprovals) would silently not apply.
  if (user._extends !== undefined) {
    throw new ConfigError(configSource, `_extends "${user._extends}": the file it names is read by the GitHub App only, so what it sets would not apply here (fail closed); give this configuration with its parent's settings merged in and no _extends`);
  }
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
      nonAgentPhrases: extend(defaults.agents.nonAgentPhrases, a?.nonAgentPhrases, a?.replaceDefaults),
      // The model words were roleNamePatterns once: replacing those replaces these unless they are written too.
      modelNamePatterns: extend(defaults.agents.modelNamePatterns, a?.modelNamePatterns ?? (a?.replaceDefaults && a.roleNamePatterns ? [] : undefined), a?.replaceDefaults),
      trustPrincipals: extend(defaults.agents.trustPrincipals, a?.trustPrincipals, a?.replaceDefaults),
      nonAgentSourceArns: extend(defaults.agents.nonAgentSourceArns, a?.nonAgentSourceArns, a?.replaceDefaults),
      hostMarkers: extend(defaults.agents.hostMarkers, a?.hostMarkers, a?.replaceDefaults),
      tags: mergeTags(defaults.agents.tags, a?.tags, a?.replaceDefaults),
    },
    production: {
      accounts: extend(defaults.production.accounts, p?.accounts, p?.replaceDefaults),
      nonProductionAccounts: extend(defaults.production.nonProductionAccounts, p?.nonProductionAccounts, p?.replaceDefaults),
      nameTokens: extend(defaults.production.nameTokens, p?.nameTokens, p?.replaceDefaults),
      nonProductionTokens: [...defaults.production.nonProductionTokens],
      tags: mergeTags(defaults.production.tags, p?.tags, p?.replaceDefaults),
    },
    review: {
      requiredApprovals: r?.requiredApprovals ?? 2,
      approverTeams: r?.approverTeams ?? [],
      infraPaths: [...new Set([...extend(defaults.infraPaths, r?.infraPaths, r?.replaceDefaults), ...GATE_PATHS])],
      requireVerifiedCommits: r?.requireVerifiedCommits ?? false,
    },
    dashboards: {
      enabled: user.dashboards?.enabled ?? true,
      targetIsError: user.dashboards?.targetIsError ?? true,
      vocabulary: defaults.dashboards,
    },
    suppressions: (user.suppressions ?? []).map(normalizeSuppression),
    neverWaivable: user.neverWaivable ?? [],
    configSource,
  };
}

/** GitHub logins are compared lower-case and without the REST `[bot]` suffix (GraphQL omits it). */
export function normalizeLogin(login: string): string {
  return login.toLowerCase().replace(/\[bot\]$/, "");
}
