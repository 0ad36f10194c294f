/**
 * Queries that read no data: a constant or generated series shows the same whatever happened, so
 * a panel of nothing else records nothing (an "Incidents" chart of `vector(0)`).
 */

/** PromQL words that are neither a metric nor a function. */
const PROMQL_KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"]);

/**
 * A PromQL (or LogQL) expression that selects no series: only numbers, operators and function
 * calls over them (`vector(0)`, `scalar(vector(1)) * 0`, `time()`). A selector (`{...}`), a range,
 * a metric name or a template variable (which may hold a metric) reads data.
 */
export function constantPromQL(expr: string): boolean {
  if (expr.trim() === "" || /[{[$]/.test(expr)) return false;
  // Strings, then numbers and durations (1e3, 0x1f, 5m): what is left that is a word names a series or a function.
  const words = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, " ").replace(/(?<![\w:])\d[\w.]*(?:[eE][+-]?\d+)?/g, " ");
  for (const m of words.matchAll(/[A-Za-z_:][\w:]*/g)) {
    if (/^\s*\(/.test(words.slice(m.index + m[0].length))) continue;
    if (!PROMQL_KEYWORDS.has(m[0].toLowerCase())) return false;
  }
  return true;
}

/** SQL that reads no table: a `SELECT` of literals with no `FROM` (`SELECT 0 AS incidents`). */
export function constantSQL(sql: string): boolean {
  const text = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, " ").replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, " ");
  return /^\s*\(?\s*select\b/i.test(text) && !/\bfrom\b/i.test(text) && !/\$/.test(text);
}
