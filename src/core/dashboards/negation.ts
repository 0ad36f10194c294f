/**
 * Removes the parts of a query that mention a word only to exclude it, so `type != 'INCIDENT'`
 * does not make a panel an incident panel: PromQL/LogQL `!=`/`!~` matchers, SQL `!=`, `<>`,
 * `NOT IN (...)`, `NOT LIKE`, Logs Insights `not like /re/`, CloudWatch SEARCH `NOT "x"`,
 * and Datadog `-tag:value` / `NOT tag:value`.
 */

const QUOTED = String.raw`(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|` + "`[^`]*`)";

const NEGATIONS: RegExp[] = [
  new RegExp(String.raw`(?:!=|!~|<>)\s*${QUOTED}`, "g"),
  /\bnot\s+in\s*\([^)]*\)/gi,
  new RegExp(String.raw`\bnot\s+i?like\s*(?:${QUOTED}|/(?:[^/\\]|\\.)*/)`, "gi"),
  new RegExp(String.raw`\bnot\s+${QUOTED}`, "gi"),
  /\bNOT\s+[\w.@-]+:[^\s)]+/g,
  /(^|[\s(,{])-[\w.@]+:[^\s),}]+/g,
  /(^|[\s(,{])![\w.@]+:[^\s),}]+/g,
];

export function stripNegated(query: string): string {
  let out = query;
  for (const re of NEGATIONS) out = out.replace(re, (_m, lead: unknown) => (typeof lead === "string" ? `${lead} ` : " "));
  return out;
}
