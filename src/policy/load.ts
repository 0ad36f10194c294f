/**
 * Load and validate the shipped policy data and the user's configuration, and merge them into
 * one Policy. A broken file is a ConfigError naming the file, the key and the line: never a
 * silent default (DESIGN.md, "Fail closed"). What needs no zod (the build's cache of the
 * validated defaults, the merge) lives in defaults.ts, so commands without `--config` skip zod.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import type { Policy } from "../core/policy.js";
import { parseSource, SourceParseError, type ParsedSource } from "../core/source/parse.js";
import { firstIssue } from "../core/source/validation-issue.js";
import { isTooDeep, TOO_DEEP } from "../core/error-message.js";
import {
  cachedDefaults,
  ConfigError,
  DEFAULT_FILE_NAMES,
  DEFAULT_POLICIES_DIR,
  DEFAULTS_CACHE_FILE,
  defaultsCodeFingerprint,
  loadedDefaults,
  mergePolicy,
  readDefaultTexts,
  readText,
  type Defaults,
  type DefaultsCache,
} from "./defaults.js";
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

export {
  cachedDefaults,
  ConfigError,
  DEFAULT_POLICIES_DIR,
  DEFAULTS_CACHE_FILE,
  defaultsCodeFingerprint,
  normalizeLogin,
  readDefaultsCache,
  type Defaults,
} from "./defaults.js";

/** The shipped policy files and their schemas, in the order they are read. */
const DEFAULT_FILES = {
  destructive: [DEFAULT_FILE_NAMES.destructive, destructiveActionsFile],
  escalation: [DEFAULT_FILE_NAMES.escalation, escalationPathsFile],
  agents: [DEFAULT_FILE_NAMES.agents, agentsFile],
  production: [DEFAULT_FILE_NAMES.production, productionFile],
  infraPaths: [DEFAULT_FILE_NAMES.infraPaths, infraPathsFile],
  dashboards: [DEFAULT_FILE_NAMES.dashboards, dashboardsFile],
  protection: [DEFAULT_FILE_NAMES.protection, resourceProtectionFile],
} as const;

export function loadDefaults(dir: string = DEFAULT_POLICIES_DIR): Defaults {
  const loaded = loadedDefaults.get(dir);
  if (loaded) return loaded;
  // cachedDefaults remembers what it finds; a validation is remembered here.
  const texts = readDefaultTexts(dir);
  const defaults = cachedDefaults(dir, texts) ?? validateDefaults(dir, texts);
  loadedDefaults.set(dir, defaults);
  return defaults;
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

/** Validate the shipped policies and store them for readDefaultsCache (run by the build). */
export function writeDefaultsCache(file: string = DEFAULTS_CACHE_FILE, dir: string = DEFAULT_POLICIES_DIR, code: string | undefined = defaultsCodeFingerprint()): Defaults {
  if (code === undefined) throw new Error("cannot fingerprint the compiled schema and parser: run the build first");
  const texts = readDefaultTexts(dir);
  const defaults = validateDefaults(dir, texts);
  const cache: DefaultsCache = { code, texts, defaults };
  writeFileSync(file, `${JSON.stringify(cache)}\n`);
  return defaults;
}

/** Parse JSON/YAML text and validate it; errors name the offending key and its line. */
export function validate<S extends z.ZodType>(file: string, text: string, schema: S): z.infer<S> {
  let parsed: ParsedSource;
  try {
    parsed = parseSource(text, { refuseDuplicateKeys: true });
  } catch (error) {
    if (error instanceof SourceParseError) throw new ConfigError(file, error.message, error.line);
    // The YAML parser's walk runs out of stack on nesting no configuration has: the user's file
    // is wrong, not agent-guardrail (an "internal error" ended the run with no report at all).
    if (isTooDeep(error)) throw new ConfigError(file, `cannot be parsed: ${TOO_DEEP}`);
    throw error;
  }
  const value = parsed.value ?? {};
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { message, line } = firstIssue(result.error, parsed.lineOf);
  throw new ConfigError(file, message, line);
}

export function parseUserConfig(file: string, text: string): UserConfig {
  return validate(file, text, userConfig);
}

export function readUserConfig(file: string): UserConfig {
  return parseUserConfig(file, readText(file));
}

/** Merge: every list extends the defaults unless its section sets `replaceDefaults: true`. */
export function resolvePolicy(user: UserConfig = {}, configSource = "defaults", defaults: Defaults = loadDefaults()): Policy {
  return mergePolicy(user, configSource, defaults);
}

/** The policy for a config file path, or the defaults when there is none. */
export function loadPolicy(configFile?: string): Policy {
  if (!configFile) return resolvePolicy();
  return resolvePolicy(readUserConfig(configFile), configFile);
}
