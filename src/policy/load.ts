/**
 * Load and validate the shipped policy data and the user's configuration, and merge them into
 * one Policy. A broken file is a ConfigError naming the file, the key and the line: never a
 * silent default (DESIGN.md, "Fail closed").
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import type { z } from "zod";
import type { Policy, SuppressionRule } from "../core/policy.js";
import { parseSource, SourceParseError, type ParsedSource } from "../core/source/parse.js";
import { toPointer } from "../core/source/pointer.js";
import {
  agentsFile,
  dashboardsFile,
  resourceProtectionFile,
  destructiveActionsFile,
  escalationPathsFile,
  infraPathsFile,
  productionFile,
  userConfig,
  type UserConfig,
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

const defaultsCache = new Map<string, Defaults>();

/** The shipped policy files and their schemas, in the order they are read. */
const DEFAULT_FILES = {
  destructive: ["destructive-actions.yaml", destructiveActionsFile],
  escalation: ["escalation-paths.yaml", escalationPathsFile],
  agents: ["agents.yaml", agentsFile],
  production: ["production.yaml", productionFile],
  infraPaths: ["infra-paths.yaml", infraPathsFile],
  dashboards: ["dashboards.yaml", dashboardsFile],
  protection: ["resource-protection.yaml", resourceProtectionFile],
} as const;

export function loadDefaults(dir: string = DEFAULT_POLICIES_DIR): Defaults {
  const cached = defaultsCache.get(dir);
  if (cached) return cached;
  const texts = readDefaultTexts(dir);
  const defaults = readDefaultsCache(DEFAULTS_CACHE_FILE, texts) ?? validateDefaults(dir, texts);
  defaultsCache.set(dir, defaults);
  return defaults;
}

/** The text of every shipped policy file, by file name. */
function readDefaultTexts(dir: string): Record<string, string> {
  return Object.fromEntries(Object.values(DEFAULT_FILES).map(([name]) => [name, readText(path.join(dir, name))]));
}

function validateDefaults(dir: string, texts: Record<string, string>): Defaults {
  const read = <S extends z.ZodType>(name: string, schema: S): z.infer<S> => validate(path.join(dir, name), texts[name] ?? "", schema);
  return {
    destructive: read(...DEFAULT_FILES.destructive),
    escalation: read(...DEFAULT_FILES.escalation),
    agents: read(...DEFAULT_FILES.agents),
    production: read(...DEFAULT_FILES.production),
    infraPaths: read(...DEFAULT_FILES.infraPaths).infraPaths,
    dashboards: read(...DEFAULT_FILES.dashboards),
    protection: read(...DEFAULT_FILES.protection).resourceTypes,
  };
}

/**
 * Parsing and validating the shipped YAML is most of a CDK Aspect's fixed cost (the YAML parser
 * and zod run cold, once per `cdk synth`). The build (`npm run build`) therefore stores the
 * validated defaults beside this module, keyed by the exact text of every policy file and by
 * the code that produced them (this package's compiled schema and parser, the yaml and zod
 * versions). Any difference, or no such file (e.g. running from src/), means a full validation.
 */
export const DEFAULTS_CACHE_FILE = fileURLToPath(new URL("./defaults-cache.json", import.meta.url));

interface DefaultsCache {
  code: string;
  texts: Record<string, string>;
  defaults: Defaults;
}

/** A fingerprint of what turns policy text into Defaults; undefined when it cannot be read (not built). */
export function defaultsCodeFingerprint(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const hash = createHash("sha256");
    for (const module of ["./schema.js", "../core/source/parse.js"]) hash.update(readFileSync(new URL(module, import.meta.url)));
    for (const pkg of ["yaml/package.json", "zod/package.json"]) hash.update(readFileSync(require.resolve(pkg)));
    return hash.digest("hex");
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

/** Validate the shipped policies and store them for readDefaultsCache (run by the build). */
export function writeDefaultsCache(file: string = DEFAULTS_CACHE_FILE, dir: string = DEFAULT_POLICIES_DIR, code: string | undefined = defaultsCodeFingerprint()): Defaults {
  if (code === undefined) throw new Error("cannot fingerprint the compiled schema and parser: run the build first");
  const texts = readDefaultTexts(dir);
  const defaults = validateDefaults(dir, texts);
  const cache: DefaultsCache = { code, texts, defaults };
  writeFileSync(file, `${JSON.stringify(cache)}\n`);
  return defaults;
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(file, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Parse JSON/YAML text and validate it; errors name the offending key and its line. */
export function validate<S extends z.ZodType>(file: string, text: string, schema: S): z.infer<S> {
  let parsed: ParsedSource;
  try {
    parsed = parseSource(text);
  } catch (error) {
    if (error instanceof SourceParseError) throw new ConfigError(file, error.message, error.line);
    throw error;
  }
  const value = parsed.value ?? {};
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ConfigError(file, "invalid configuration");
  const issuePath = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const keyPath = [...issuePath, key];
    throw new ConfigError(file, `unknown key "${keyPath.join(".")}"`, parsed.lineOf(toPointer(keyPath)));
  }
  const where = issuePath.length ? `"${issuePath.join(".")}": ` : "";
  throw new ConfigError(file, `${where}${issue.message}`, parsed.lineOf(toPointer(issuePath)));
}

export function parseUserConfig(file: string, text: string): UserConfig {
  return validate(file, text, userConfig);
}

export function readUserConfig(file: string): UserConfig {
  return parseUserConfig(file, readText(file));
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

/** Merge: every list extends the defaults unless its section sets `replaceDefaults: true`. */
export function resolvePolicy(user: UserConfig = {}, configSource = "defaults", defaults: Defaults = loadDefaults()): Policy {
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
      infraPaths: extend(defaults.infraPaths, r?.infraPaths, r?.replaceDefaults),
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

/** The policy for a config file path, or the defaults when there is none. */
export function loadPolicy(configFile?: string): Policy {
  if (!configFile) return resolvePolicy();
  return resolvePolicy(readUserConfig(configFile), configFile);
}
