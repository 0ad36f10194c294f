/**
 * The identifiers of a query without its literal values: what a query is ABOUT (metric, table,
 * namespace and field names) rather than which service, job or host it filters on. A tool named
 * only in a value (`job="copilot"`, `WHERE service = 'cursor'`, `{service:codex}`, a CloudWatch
 * dimension value) is a service named after the tool, not the tool's telemetry (issue 14).
 *
 * Removed: a quoted string after a comparison (`=`, `=~`, `!=`, `!~`, `==`, `<>`, `:`, LogQL
 * `|=`), and an unquoted `key:value` inside Datadog `{...}` scopes and in search syntax. Kept: a
 * quoted metric name that is not compared (PromQL `{"claude_code.token.usage", ...}`), and the
 * values of keys that hold metric names (`__name__`, `MetricName`, `metric`, `metric.type`). Values of the keys
 * the vocabulary lists as naming a tool (`toolLabels`) are read apart (toolLabelValues).
 */

const QUOTED = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|` + "`[^`]*`";
/** `key <op> "value"`: the key (bare or quoted) is group 1, the value group 2. */
const COMPARED_VALUE = new RegExp(String.raw`((?:[A-Za-z_@][\w.@-]*|"[^"]*")?)\s*(?:=~|!~|==|!=|<>|=|:)\s*(${QUOTED})`, "g");
/** A Datadog scope `{a:b, c:d}` (no nested braces). */
const SCOPE = /\{([^{}]*)\}/g;
/** `key:value` unquoted, as in Datadog scopes and search queries; not `sum:metric`, `[5m:1m]` or a URL. */
const UNQUOTED_PAIR = /(^|[\s,({!-])(@?[A-Za-z_][\w.@-]*):(?!\/\/)([^\s,(){}'"`]+)/g;

/**
 * Keys whose value is a metric name: keep it (the metric is what the query measures). Cloud
 * Monitoring filters name theirs `metric.type="custom.googleapis.com/gemini_cli/gemini_cli.session.count"`.
 */
const METRIC_NAME_KEYS = new Set(["__name__", "metricname", "metric", "metric_name", "namespace", "metric.type"]);

/** Datadog aggregators before a metric name (`sum:claude_code.token.usage{*}`): not a key. */
const AGGREGATORS = new Set(["sum", "avg", "min", "max", "count", "p50", "p75", "p90", "p95", "p99", "pct", "cardinality"]);

const keyOf = (key: string): string => key.replace(/^"|"$/g, "").replace(/^@/, "").toLowerCase();

/**
 * A Prometheus recording rule's name (`level:metric:operations`, `team:copilot_seats:sum`), not a
 * `key:value` pair: a second colon in the value, or a selector or range right after a name
 * (`job:claude_code_sessions{...}`, `[1d]`), which no search term has.
 */
function recordingRule(value: string, next: string | undefined): boolean {
  return value.includes(":") || /^[A-Za-z_]\w*\[/.test(value) || (next === "{" && /^[A-Za-z_]\w*$/.test(value));
}

export function identifiersOnly(query: string): string {
  let out = query;
  // Only a shortcut: every operator COMPARED_VALUE matches has one of these characters.
  if (/[=:<~]/.test(out)) out = out.replace(COMPARED_VALUE, (whole, key: string) => (METRIC_NAME_KEYS.has(keyOf(key)) ? whole : `${key} `));
  if (out.includes(":")) {
    out = out.replace(SCOPE, (_whole, inner: string) => `{${inner.replace(UNQUOTED_PAIR, (pair, lead: string, key: string) => (METRIC_NAME_KEYS.has(keyOf(key)) ? pair : `${lead}${key}`))}}`);
    out = out.replace(UNQUOTED_PAIR, (pair, lead: string, key: string, value: string, at: number, whole: string) =>
      AGGREGATORS.has(key.toLowerCase()) || METRIC_NAME_KEYS.has(keyOf(key)) || recordingRule(value, whole[at + pair.length]) ? pair : `${lead}${key}`,
    );
  }
  return out;
}

/**
 * The values of the labels and tags whose key names a tool (`tool="copilot"`,
 * `{assistant:cursor}`; `toolKeys` lower-case): they name the tool as plainly as a title does.
 */
export function toolLabelValues(query: string, toolKeys: ReadonlySet<string>): string {
  // A shortcut, as in identifiersOnly: no tool keys, or no operator either pattern matches.
  if (toolKeys.size === 0 || !/[=:<~]/.test(query)) return "";
  const values: string[] = [];
  for (const m of query.matchAll(COMPARED_VALUE)) if (toolKeys.has(keyOf(m[1] ?? ""))) values.push((m[2] ?? "").slice(1, -1));
  for (const m of query.matchAll(UNQUOTED_PAIR)) if (toolKeys.has(keyOf(m[2] ?? ""))) values.push(m[3] ?? "");
  return values.join("\n");
}
