/**
 * Grafana template variables (`$tool`, `${tool}`, `${tool:regex}`, `[[tool]]`): a panel's query
 * and title are read as Grafana draws them, with each variable's values in its place. A dashboard
 * that keeps the tool in a variable (`{tool="$tool"}` with options copilot, cursor) names it as
 * plainly as one that writes it out.
 */
import { isRecord } from "../is-record.js";

/** Values read per variable: a dashboard's own lists are short; this bounds a generated one. */
const MAX_VALUES = 50;
/** Grafana's "All" entry (`$__all`, shown as All) and an empty value stand for no value of their own. */
const NOT_A_VALUE = new Set(["$__all", "all", ""]);

export type Variables = ReadonlyMap<string, readonly string[]>;

/**
 * The distinct values among `sources` (strings, or lists of them, nested), trimmed, without
 * Grafana's All, empty values and those `skip` refuses; at most MAX_VALUES.
 */
function distinctValues(sources: readonly unknown[], skip: (value: string) => boolean = () => false): string[] {
  const values = new Set<string>();
  const add = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(add);
    else if (typeof value === "string" && values.size < MAX_VALUES) {
      const trimmed = value.trim();
      if (!NOT_A_VALUE.has(trimmed.toLowerCase()) && !skip(trimmed)) values.add(trimmed);
    }
  };
  sources.forEach(add);
  return [...values];
}

/** Each variable's values: its current selection, its options and, for a custom or constant one, the values its query lists. */
export function variableValues(list: unknown, specOf: (variable: Record<string, unknown>) => unknown = (v) => v): Variables {
  const variables = new Map<string, string[]>();
  if (!Array.isArray(list)) return variables;
  for (const item of list) {
    const variable = isRecord(item) ? specOf(item) : undefined;
    if (!isRecord(variable) || typeof variable["name"] !== "string") continue;
    const sources: unknown[] = [];
    if (isRecord(variable["current"])) sources.push(variable["current"]["value"]);
    if (Array.isArray(variable["options"])) for (const option of variable["options"]) if (isRecord(option)) sources.push(option["value"]);
    const kind = variable["type"] ?? variable["kind"];
    if ((kind === "custom" || kind === "constant" || kind === "CustomVariable" || kind === "ConstantVariable") && typeof variable["query"] === "string") {
      // "a,b" or "text : value" pairs; a constant is one value.
      const items = kind === "constant" || kind === "ConstantVariable" ? [variable["query"]] : variable["query"].split(/(?<!\\),/);
      for (const entry of items) sources.push(entry.includes(" : ") ? entry.slice(entry.lastIndexOf(" : ") + 3) : entry);
    }
    const values = distinctValues(sources);
    if (values.length > 0) variables.set(variable["name"], values);
  }
  return variables;
}

/**
 * Datadog template variables (`template_variables: [{name, prefix, available_values, default}]`):
 * `$tool` in a query stands for `tool:<value>` (its prefix and value), `$tool.value` for the value.
 */
export function datadogVariableValues(list: unknown): Variables {
  const variables = new Map<string, string[]>();
  if (!Array.isArray(list)) return variables;
  for (const variable of list) {
    if (!isRecord(variable) || typeof variable["name"] !== "string") continue;
    // A `*` default selects every value: no value of its own.
    const values = distinctValues([variable["default"], variable["defaults"], variable["available_values"]], (value) => value === "*");
    if (values.length === 0) continue;
    const prefix = typeof variable["prefix"] === "string" && variable["prefix"] !== "" ? variable["prefix"] : undefined;
    variables.set(variable["name"], values.map((value) => (prefix ? `${prefix}:${value}` : value)));
    variables.set(`${variable["name"]}.value`, values);
  }
  return variables;
}

const REFERENCE = /\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::[^\]]*)?\]\]|\$(\w+(?:\.value)?)/g;

/**
 * The text with each reference to a known variable replaced by its value, or by its values as
 * an alternation `(a|b)` (what Grafana writes for a multi-value variable in a regex). Unknown
 * references (`$__rate_interval`) are left as written.
 */
export function interpolate(text: string, variables: Variables): string {
  if (variables.size === 0 || (!text.includes("$") && !text.includes("[["))) return text;
  return text.replace(REFERENCE, (reference: string, braced?: string, bracketed?: string, plain?: string) => {
    const name = braced ?? bracketed ?? plain ?? "";
    const values = variables.get(name);
    if (values) return valueText(values);
    // `$name.value` of a variable that has no such form is `$name` followed by ".value".
    const variable = name.endsWith(".value") ? variables.get(name.slice(0, -".value".length)) : undefined;
    return variable ? `${valueText(variable)}.value` : reference;
  });
}

/** A variable's values as Grafana writes them in a query: one as itself, several as `(a|b)`. */
const valueText = (values: readonly string[]): string => (values.length === 1 ? (values[0] as string) : `(${values.join("|")})`);
