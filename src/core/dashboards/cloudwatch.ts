/**
 * CloudWatch dashboard bodies: metric widgets (metric arrays with "." and "..." shorthand, math
 * expressions, SEARCH and Metrics Insights SQL, alarm annotations), `chart` widgets whose data is
 * in `properties.data.queries` (PromQL over OpenTelemetry metrics, Metrics Insights, Logs
 * Insights), log widgets (Logs Insights), explorer, custom, text and alarm widgets. Any other
 * widget type, or a known type without the data it needs, is a problem (fail closed): a widget we
 * cannot read could be the incident panel.
 */
import { childPointer } from "../source/pointer.js";
import { isRecord } from "../is-record.js";
import { collectQueries, str, type NormalizedDashboard, type NormalizeProblem, type Panel, type PanelThreshold } from "./model.js";
import { constantPromQL, constantSQL } from "./no-data.js";

/**
 * Expands one metric row against the previous one: "." repeats the item at the same position,
 * "..." repeats all leading items of the previous row so the items after it line up at the end.
 */
export function expandMetricRow(row: readonly unknown[], previous: readonly string[] | undefined): { items: string[]; options?: Record<string, unknown> } {
  const last = row[row.length - 1];
  const options = isRecord(last) ? last : undefined;
  const items = (options ? row.slice(0, -1) : row).map((v) => str(v));
  let expanded: string[];
  const ellipsis = items.indexOf("...");
  if (ellipsis >= 0 && previous) {
    const after = items.slice(ellipsis + 1);
    const before = items.slice(0, ellipsis);
    const keep = Math.max(before.length, previous.length - after.length);
    expanded = [...before, ...previous.slice(before.length, keep), ...after];
  } else expanded = items;
  expanded = expanded.map((v, i) => (v === "." ? (previous?.[i] ?? v) : v));
  return { items: expanded, ...(options ? { options } : {}) };
}

/**
 * A metric row as query text: namespace and metric name as identifiers, each dimension as
 * `Name="value"`, the way PromQL writes a label, so a dimension value (a service that happens to
 * be called "copilot") reads as a value and never as a metric name.
 */
export function metricRowQuery(items: readonly string[]): string {
  const [namespace = "", metric = "", ...dimensions] = items;
  const parts = [namespace, metric];
  for (let i = 0; i < dimensions.length; i += 2) {
    const value = dimensions[i + 1];
    parts.push(value === undefined ? (dimensions[i] as string) : `${dimensions[i] as string}=${JSON.stringify(value)}`);
  }
  return parts.filter(Boolean).join(" ");
}

interface MetricRow {
  queries: string[];
  label?: string;
  visible: boolean;
  /** A math expression: it may read any row by id, hidden or not. */
  expression?: string;
}

/**
 * The metric rows a widget draws. A row with `visible: false` is there for an expression to read,
 * and an expression of constants (`TIME_SERIES(0)`) reads no metric: neither draws data. When a
 * visible expression reads metrics, every row is kept (which ones it reads is its business).
 */
function metricQueries(metrics: unknown[], pointer: string, problems: NormalizeProblem[]): { queries: string[]; labels: string[]; noDataBecause?: string } {
  const rows: MetricRow[] = [];
  let previous: string[] | undefined;
  metrics.forEach((row, i) => {
    if (!Array.isArray(row)) {
      problems.push({ pointer: childPointer(pointer, i), message: "metric entry is not an array" });
      return;
    }
    const { items, options } = expandMetricRow(row, previous);
    const read: MetricRow = { queries: [], visible: options?.["visible"] !== false };
    if (items.length) {
      read.queries.push(metricRowQuery(items));
      previous = items;
    }
    if (options) {
      if (typeof options["expression"] === "string") {
        read.queries.push(options["expression"]);
        read.expression = options["expression"];
      }
      if (typeof options["label"] === "string") read.label = options["label"];
    }
    rows.push(read);
  });
  const constant = (r: MetricRow): boolean => r.expression !== undefined && constantPromQL(r.expression);
  const readingExpression = rows.some((r) => r.visible && r.expression !== undefined && !constant(r));
  const drawn = readingExpression ? rows : rows.filter((r) => r.visible && !constant(r));
  const queries = drawn.flatMap((r) => r.queries);
  const labels = drawn.flatMap((r) => (r.label !== undefined ? [r.label] : []));
  const written = rows.some((r) => r.queries.some((q) => q.trim() !== ""));
  if (queries.some((q) => q.trim() !== "") || !written) return { queries, labels };
  const noDataBecause = rows.some((r) => r.visible) ? "its queries read no data (a constant expression)" : "CloudWatch draws none of its metrics (visible: false)";
  return { queries, labels, noDataBecause };
}

/** Horizontal and vertical annotations: classic widgets keep them in properties, chart widgets in plotOptions. */
function annotationThresholds(annotations: unknown, out: PanelThreshold[] = []): PanelThreshold[] {
  if (!isRecord(annotations)) return out;
  for (const key of ["horizontal", "vertical"]) {
    const list = annotations[key];
    if (!Array.isArray(list)) continue;
    for (const a of list) {
      // `visible: false` keeps an annotation in the body without drawing it.
      if (!isRecord(a) || a["visible"] === false) continue;
      out.push({
        value: typeof a["value"] === "number" ? a["value"] : null,
        ...(typeof a["color"] === "string" ? { color: a["color"] } : {}),
        ...(typeof a["label"] === "string" ? { label: a["label"] } : {}),
        // The side a horizontal line shades: its colour marks the values below it.
        ...(key === "horizontal" && a["fill"] === "below" ? { below: true } : {}),
      });
    }
  }
  return out;
}

/** The `type` of a query in a chart widget's `data.queries`: metrics (PromQL, Metrics Insights SQL) or logs. */
const CHART_QUERY_TYPES = new Set(["cloudwatch-metrics", "cloudwatch-logs"]);

/** What a widget contributes to its panel; problems are pushed with their pointer. */
interface WidgetContent {
  queries: string[];
  text: string[];
  thresholds: PanelThreshold[];
  listsEvents?: boolean;
  prose?: boolean;
  noDataBecause?: string;
}

type WidgetReader = (p: Record<string, unknown>, pointer: string, problems: NormalizeProblem[]) => WidgetContent | undefined;

const at = (pointer: string, ...keys: (string | number)[]): string => childPointer(pointer, "properties", ...keys);

function missing(problems: NormalizeProblem[], pointer: string, message: string): undefined {
  problems.push({ pointer, message });
  return undefined;
}

const WIDGETS: Record<string, WidgetReader> = {
  metric(p, pointer, problems) {
    const alarms = isRecord(p["annotations"]) && Array.isArray(p["annotations"]["alarms"]) ? p["annotations"]["alarms"].map(str) : [];
    if (!Array.isArray(p["metrics"])) {
      // A metric widget can show one alarm's metric instead of listing metrics.
      if (alarms.length) return { queries: alarms, text: [], thresholds: annotationThresholds(p["annotations"]) };
      return missing(problems, at(pointer, "metrics"), "metric widget has no metrics list (nor an alarm annotation)");
    }
    const m = metricQueries(p["metrics"], at(pointer, "metrics"), problems);
    return { queries: [...m.queries, ...alarms], text: m.labels, thresholds: annotationThresholds(p["annotations"]), ...(m.noDataBecause && !alarms.length ? { noDataBecause: m.noDataBecause } : {}) };
  },
  chart(p, pointer, problems) {
    const data = p["data"];
    if (!isRecord(data) || !Array.isArray(data["queries"]) || data["queries"].length === 0) {
      return missing(problems, at(pointer, "data", "queries"), "chart widget has no data.queries list");
    }
    const queries: string[] = [];
    const text: string[] = [];
    let readable = true;
    let constants = 0;
    data["queries"].forEach((q, i) => {
      const qp = at(pointer, "data", "queries", i);
      if (!isRecord(q) || typeof q["query"] !== "string") {
        readable = false;
        problems.push({ pointer: qp, message: "chart query has no query text" });
        return;
      }
      if (!CHART_QUERY_TYPES.has(str(q["type"]))) {
        readable = false;
        problems.push({ pointer: childPointer(qp, "type"), message: `chart query type ${JSON.stringify(q["type"] ?? null)} is not one agent-guardrail reads (${[...CHART_QUERY_TYPES].join(", ")})` });
        return;
      }
      // A PromQL constant (`vector(0)`) or SQL without a table reads no metric: it draws nothing of its label.
      if (constantPromQL(q["query"]) || constantSQL(q["query"])) {
        constants++;
        return;
      }
      queries.push(q["query"]);
      if (typeof q["label"] === "string") text.push(q["label"]);
    });
    if (!readable) return undefined;
    const plot = isRecord(p["plotOptions"]) ? p["plotOptions"] : {};
    const noData = queries.length === 0 && constants > 0 ? { noDataBecause: "its queries read no data (a constant)" } : {};
    return { queries, text, thresholds: annotationThresholds(plot["annotations"], annotationThresholds(p["annotations"])), ...noData };
  },
  log(p, pointer, problems) {
    if (typeof p["query"] !== "string") return missing(problems, at(pointer, "query"), "log widget has no query");
    // Without `stats` a Logs Insights query returns the log events themselves: a list, no measure.
    return { queries: [p["query"]], text: [], thresholds: [], ...(/\|\s*stats\b/i.test(p["query"]) ? {} : { listsEvents: true }) };
  },
  text(p, pointer, problems) {
    if (typeof p["markdown"] !== "string") return missing(problems, at(pointer, "markdown"), "text widget has no markdown");
    return { queries: [], text: [p["markdown"]], thresholds: [], prose: true };
  },
  alarm(p, pointer, problems) {
    if (!Array.isArray(p["alarms"])) return missing(problems, at(pointer, "alarms"), "alarm widget has no alarms list");
    return { queries: p["alarms"].map(str), text: [], thresholds: [] };
  },
  explorer(p, pointer, problems) {
    // Metrics Explorer: metric names and resource types, filtered by tags ({key, value}).
    if (!Array.isArray(p["metrics"])) return missing(problems, at(pointer, "metrics"), "explorer widget has no metrics list");
    const queries: string[] = [];
    for (const m of p["metrics"]) if (isRecord(m)) queries.push([str(m["resourceType"]), str(m["metricName"])].filter(Boolean).join(" "));
    const labels = Array.isArray(p["labels"]) ? p["labels"].filter(isRecord).map((l) => `${str(l["key"])}=${JSON.stringify(str(l["value"]))}`) : [];
    return { queries: [...queries, ...labels], text: [], thresholds: [] };
  },
  custom(p, pointer, problems) {
    // Drawn by a Lambda function: its endpoint and parameters are all the body says about it.
    if (typeof p["endpoint"] !== "string") return missing(problems, at(pointer, "endpoint"), "custom widget has no endpoint");
    return { queries: collectQueries([p["endpoint"], p["params"]], new Set()), text: [], thresholds: [] };
  },
};

export function normalizeCloudWatch(body: Record<string, unknown>, base: string): NormalizedDashboard {
  const problems: NormalizeProblem[] = [];
  const panels: Panel[] = [];
  const widgets = body["widgets"];
  if (!Array.isArray(widgets)) problems.push({ pointer: childPointer(base, "widgets"), message: "widgets is not a list" });
  else {
    widgets.forEach((widget, i) => {
      const pointer = childPointer(base, "widgets", i);
      if (!isRecord(widget) || !isRecord(widget["properties"])) {
        problems.push({ pointer, message: "widget has no properties object" });
        return;
      }
      const type = str(widget["type"]);
      const read = Object.hasOwn(WIDGETS, type) ? WIDGETS[type] : undefined;
      if (!read) {
        problems.push({ pointer: childPointer(pointer, "type"), message: `widget type ${JSON.stringify(widget["type"] ?? null)} is not one agent-guardrail reads (${Object.keys(WIDGETS).join(", ")})` });
        return;
      }
      const p = widget["properties"];
      const content = read(p, pointer, problems);
      if (!content) return;
      panels.push({
        path: pointer,
        title: str(p["title"]),
        text: content.text.join("\n"),
        queries: content.queries.filter((q) => q.trim() !== ""),
        thresholds: content.thresholds,
        ...(content.listsEvents ? { listsEvents: true } : {}),
        ...(content.prose ? { prose: true } : {}),
        ...(content.noDataBecause ? { noDataBecause: content.noDataBecause } : {}),
      });
    });
  }
  return { format: "cloudwatch", tags: [], panels, problems, panelsAt: childPointer(base, "widgets") };
}
