import { isRecord } from "./is-record.js";

const NO_KEYS: ReadonlySet<string> = new Set();

/** Every string inside a value, depth first (a dashboard's queries, a trust's principals, a URL's parts), leaving out the keys named. */
export function collectStrings(value: unknown, out: string[] = [], skipKeys: ReadonlySet<string> = NO_KEYS): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out, skipKeys);
  else if (isRecord(value)) for (const k of Object.keys(value)) if (!skipKeys.has(k)) collectStrings(value[k], out, skipKeys);
  return out;
}
