/**
 * What a resource reads from the template outside its own text: a parameter's `Default`, a
 * mapping's entry (`Fn::FindInMap`), a condition (`Condition`, `Fn::If`). A pull request can
 * change those and leave every resource's text as it was, so `@aws-cdk/cloudformation-diff`,
 * which compares resources, sees no change: a condition that turns false deletes the table it
 * guards, a mapping entry or a parameter default that feeds `TableName` replaces it. The inputs
 * whose value may change are found here, and the resources that read them are then marked as
 * changed in the property that reads them (template-impact.ts), so the library judges that
 * property as it judges any other change.
 *
 * What counts as changed, and why:
 * - a parameter whose `Default` differs (an update that passes no value deploys the default;
 *   whether the deployer passes one cannot be told from the templates), or whose `Type` differs
 *   (`AWS::SSM::Parameter::Value<String>` deploys what Parameter Store holds under the Default's
 *   name, not that name), or whose value the parent of a nested template changes;
 * - a mapping lookup whose keys can reach an entry that differs; an entry only on one side is
 *   not a change (CloudFormation fails the deploy that looks up a missing entry), unless the
 *   lookup has a `DefaultValue` (AWS::LanguageExtensions), which then stands for it; a lookup
 *   whose map name is not written out may read any mapping;
 * - a mapping lookup keyed by a changed parameter, unless that parameter's `Default` alone changes
 *   and the entry the base's Default selects in the base's map holds the value the head's Default
 *   selects in the head's (`!FindInMap [DBFamilyMap, !Ref DBEngineVersion, family]` from 9.6.9
 *   to 9.6.12: the same `aurora-postgresql9.6`). The lookup of a value the deployer passes is the
 *   entry comparison above; only the value deployed when none is passed moves with the Default;
 * - a condition whose definition differs, or that reads a changed parameter, mapping entry or
 *   condition.
 */
import { sameValue } from "./template-equal.js";
import { intrinsicKey } from "../core/cfn/intrinsics.js";
import { isRecord } from "../core/is-record.js";

/** `${Name}` and `${Name.Attribute}` in a `Fn::Sub` text (not `${!Literal}`). */
export const SUB_REFERENCE = /\$\{([^!}.][^}.]*)(\.[^}]*)?\}/g;

export interface ChangedInputs {
  parameters: ReadonlySet<string>;
  conditions: ReadonlySet<string>;
  /** Whether a `Fn::FindInMap` with these arguments may read a value the change alters. */
  lookupChanges(args: unknown): boolean;
  /** Nothing a resource reads from outside its text changes. */
  none: boolean;
}

const section = (template: unknown, name: string): Record<string, unknown> => {
  const value = isRecord(template) ? template[name] : undefined;
  return isRecord(value) ? value : {};
};

/** The keys of `level` a lookup key can select: the key itself when written out, else every key. */
function candidates(key: unknown, ...levels: Record<string, unknown>[]): string[] {
  if (typeof key === "string" || typeof key === "number") return [String(key)];
  return [...new Set(levels.flatMap((level) => Object.keys(level)))];
}

/**
 * The key a parameter's Default selects in a mapping: a text, or a number as its own text (`14.7`
 * unquoted in YAML; a mapping's key written so is read the same way, and the gate counts a number
 * and its own text as one value).
 */
function defaultKey(parameter: unknown): string | undefined {
  const value = isRecord(parameter) ? parameter["Default"] : undefined;
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value)) ? String(value) : undefined;
}

export function changedInputs(base: unknown, head: unknown, parentChanged: readonly string[] = []): ChangedInputs {
  const parameters = new Set(parentChanged);
  // Parameters whose Default alone changes: the key each side's Default selects, [base, head].
  const defaults = new Map<string, [string, string]>();
  const [baseParameters, headParameters] = [section(base, "Parameters"), section(head, "Parameters")];
  for (const [name, p] of Object.entries(headParameters)) {
    const old = baseParameters[name];
    // A new Type reads the same Default another way (a Parameter Store type deploys the value stored under that name).
    if (isRecord(p) && isRecord(old) && (!sameValue(old["Default"], p["Default"]) || !sameValue(old["Type"], p["Type"]))) {
      parameters.add(name);
      const [was, is] = [defaultKey(old), defaultKey(p)];
      if (!parentChanged.includes(name) && sameValue(old["Type"], p["Type"]) && was !== undefined && is !== undefined) defaults.set(name, [was, is]);
    }
  }
  const [baseMaps, headMaps] = [section(base, "Mappings"), section(head, "Mappings")];
  const changedMaps = Object.keys(headMaps).filter((name) => !sameValue(baseMaps[name], headMaps[name]));
  // Filled below; a lookup's keys may read a condition (read when a lookup is judged, after that).
  const conditions = new Set<string>();
  const lookupChanges = (args: unknown): boolean => entryChanges(args) || keyChanges(args);
  /**
   * Whether the keys of a lookup read a changed input so that the entry it selects may differ:
   * each key a text, a parameter whose Default alone changes (the entry each side's Default
   * selects), or, when it reads nothing changed, any key of its level; anything else that reads a
   * changed input cannot be followed (fail closed).
   */
  const keyChanges = (args: unknown): boolean => {
    if (!readsChanged(args, parameters, conditions, lookupChanges)) return false;
    if (!Array.isArray(args) || typeof args[0] !== "string") return true;
    const [map, first, second, options] = args as unknown[];
    // A DefaultValue that reads a changed input is not followed (fail closed).
    if (readsChanged(options, parameters, conditions, lookupChanges)) return true;
    const fallback = isRecord(options) ? options["DefaultValue"] : undefined;
    const pairs = (key: unknown, levelB: Record<string, unknown>, levelH: Record<string, unknown>): [string, string][] | undefined => {
      if (typeof key === "string" || typeof key === "number") return [[String(key), String(key)]];
      const ref = isRecord(key) && intrinsicKey(key) === "Ref" ? key["Ref"] : undefined;
      const moved = typeof ref === "string" ? defaults.get(ref) : undefined;
      if (moved) return [moved];
      if (readsChanged(key, parameters, conditions, lookupChanges)) return undefined;
      return candidates(undefined, levelB, levelH).map((k) => [k, k]);
    };
    const [mapB, mapH] = [section(baseMaps, map as string), section(headMaps, map as string)];
    const firsts = pairs(first, mapB, mapH);
    if (!firsts) return true;
    for (const [b1, h1] of firsts) {
      const [levelB, levelH] = [section(mapB, b1), section(mapH, h1)];
      const seconds = pairs(second, levelB, levelH);
      if (!seconds) return true;
      for (const [b2, h2] of seconds) {
        // An entry missing on one side fails that deploy (or is the DefaultValue): not a change, as below.
        const [was, is] = [levelB[b2] ?? fallback, levelH[h2] ?? fallback];
        if (was !== undefined && is !== undefined && !sameValue(was, is)) return true;
      }
    }
    return false;
  };
  const entryChanges = (args: unknown): boolean => {
    if (!changedMaps.length) return false;
    if (!Array.isArray(args)) return true;
    const [map, first, second, options] = args as unknown[];
    const fallback = isRecord(options) ? options["DefaultValue"] : undefined;
    const names = typeof map === "string" ? (changedMaps.includes(map) ? [map] : []) : changedMaps;
    for (const name of names) {
      const [before, after] = [section(baseMaps, name), section(headMaps, name)];
      for (const k1 of candidates(first, before, after)) {
        const [b1, a1] = [section(before, k1), section(after, k1)];
        for (const k2 of candidates(second, b1, a1)) {
          const [was, is] = [b1[k2] ?? fallback, a1[k2] ?? fallback];
          if (was !== undefined && is !== undefined && !sameValue(was, is)) return true;
        }
      }
    }
    return false;
  };
  const [baseConditions, headConditions] = [section(base, "Conditions"), section(head, "Conditions")];
  for (const name of Object.keys(headConditions)) if (name in baseConditions && !sameValue(baseConditions[name], headConditions[name])) conditions.add(name);
  // A condition that reads a changed input changes too (conditions may read conditions: to a fixed point).
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, definition] of Object.entries(headConditions)) {
      if (!conditions.has(name) && readsChanged(definition, parameters, conditions, lookupChanges)) {
        conditions.add(name);
        grew = true;
      }
    }
  }
  return { parameters, conditions, lookupChanges, none: parameters.size === 0 && conditions.size === 0 && changedMaps.length === 0 };
}

/** Whether a value reads a changed parameter (`Ref`), condition (`Condition`, `Fn::If`) or mapping entry. */
export function readsChanged(value: unknown, parameters: ReadonlySet<string>, conditions: ReadonlySet<string>, lookupChanges: (args: unknown) => boolean): boolean {
  if (Array.isArray(value)) return value.some((v) => readsChanged(v, parameters, conditions, lookupChanges));
  if (!isRecord(value)) return false;
  const key = intrinsicKey(value);
  const arg = key === undefined ? undefined : value[key];
  if (key === "Ref" && typeof arg === "string" && parameters.has(arg)) return true;
  const sub = key === "Fn::Sub" ? (Array.isArray(arg) ? arg[0] : arg) : undefined;
  if (typeof sub === "string" && [...sub.matchAll(SUB_REFERENCE)].some((m) => m[1] !== undefined && parameters.has(m[1]))) return true;
  if (key === "Condition" && typeof arg === "string" && conditions.has(arg)) return true;
  if (key === "Fn::If" && Array.isArray(arg) && typeof arg[0] === "string" && conditions.has(arg[0])) return true;
  // A lookup judges its own keys (a changed parameter there may select an entry of the same value).
  if (key === "Fn::FindInMap") return lookupChanges(arg);
  return Object.values(value).some((v) => readsChanged(v, parameters, conditions, lookupChanges));
}
