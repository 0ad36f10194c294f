/**
 * Load and validate the shipped policy data and the user's configuration, and merge them into
 * one Policy. A broken file is a ConfigError naming the file, the key and the line: never a
 * silent default (DESIGN.md, "Fail closed").
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import type { z } from "zod";
import type { Policy, SuppressionRule } from "../core/policy.js";
import { parseSource, SourceParseError, type ParsedSource } from "../core/source/parse.js";
import { toPointer } from "../core/source/pointer.js";
import {
  agentsFile,
  dashboardsFile,
  destructiveActionsFile,
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
  agents: z.infer<typeof agentsFile>;
  production: z.infer<typeof productionFile>;
  infraPaths: string[];
  dashboards: z.infer<typeof dashboardsFile>;
}

const defaultsCache = new Map<string, Defaults>();

export function loadDefaults(dir: string = DEFAULT_POLICIES_DIR): Defaults {
  const cached = defaultsCache.get(dir);
  if (cached) return cached;
  const read = <S extends z.ZodType>(name: string, schema: S): z.infer<S> =>
    validate(path.join(dir, name), readText(path.join(dir, name)), schema);
  const defaults: Defaults = {
    destructive: read("destructive-actions.yaml", destructiveActionsFile),
    agents: read("agents.yaml", agentsFile),
    production: read("production.yaml", productionFile),
    infraPaths: read("infra-paths.yaml", infraPathsFile).infraPaths,
    dashboards: read("dashboards.yaml", dashboardsFile),
  };
  defaultsCache.set(dir, defaults);
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
