/**
 * SigNoz dashboards as SigNoz exports them before its Perses-based format (perses.ts): `widgets`
 * with `panelTypes` and a `query` that holds a builder, a PromQL and a ClickHouse SQL version,
 * of which `queryType` says which one the panel runs.
 */
import { childPointer } from "../source/pointer.js";
import { isRecord } from "../is-record.js";
import { collectQueries, normalizedDashboard, str, type NormalizedDashboard, type NormalizeProblem, type Panel, type PanelThreshold } from "./model.js";

/** Keys of a SigNoz query that name its slot, source or arithmetic, not what it measures. */
export const SIGNOZ_NON_QUERY_KEYS = new Set([
  "id", "name", "queryName", "dataType", "type", "isColumn", "isJSON", "disabled", "dataSource", "signal", "source",
  "stepInterval", "temporality", "timeAggregation", "spaceAggregation", "reduceTo", "aggregateOperator", "op", "order",
  "direction", "limit", "offset", "unit", "format", "datasource", "kind",
]);

/** The query types a SigNoz panel runs: only the one `queryType` names is on the dashboard. */
const QUERY_TYPES = new Set(["builder", "promql", "clickhouse_sql"]);

/** Threshold operators under which "green" rewards a value below a line: a cap, not a target. */
const BELOW = new Set(["<", "<=", "below", "below_or_equal"]);

/**
 * A SigNoz threshold (`{thresholdValue, thresholdColor, thresholdLabel, thresholdOperator}`, or
 * `{value, color, label, operator}` in later exports). Green below a line caps use; it sets no target.
 */
export function signozThreshold(t: Record<string, unknown>): PanelThreshold {
  const raw = t["thresholdValue"] ?? t["value"];
  const value = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : null;
  const color = str(t["thresholdColor"] ?? t["color"]);
  const label = str(t["thresholdLabel"] ?? t["label"]);
  const below = BELOW.has(str(t["thresholdOperator"] ?? t["operator"]));
  return { value, ...(color && !below ? { color } : {}), ...(label ? { label } : {}) };
}

export function signozThresholds(list: unknown): PanelThreshold[] {
  return Array.isArray(list) ? list.filter(isRecord).map(signozThreshold) : [];
}

/** Legends name the series a panel draws: a series called "Goal" is a target line. */
export function legendLabels(queries: unknown): PanelThreshold[] {
  const out: PanelThreshold[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isRecord(value)) {
      const legend = str(value["legend"]);
      if (legend) out.push({ value: null, label: legend });
      for (const v of Object.values(value)) if (typeof v === "object") visit(v);
    }
  };
  visit(queries);
  return out;
}

/**
 * Widget ids the dashboard shows: its layout and the layouts of collapsed rows (`panelMap`).
 * Undefined when it has no layout list: then every widget is read.
 */
function shownWidgets(dashboard: Record<string, unknown>): Set<string> | undefined {
  if (!Array.isArray(dashboard["layout"])) return undefined;
  const shown = new Set<string>();
  const add = (items: unknown): void => {
    if (Array.isArray(items)) for (const item of items) if (isRecord(item)) shown.add(str(item["i"]));
  };
  add(dashboard["layout"]);
  if (isRecord(dashboard["panelMap"])) {
    for (const row of Object.values(dashboard["panelMap"])) add(isRecord(row) ? row["widgets"] : row);
  }
  return shown;
}

function widgetQueries(query: unknown, pointer: string, problems: NormalizeProblem[]): { queries: string[]; labels: PanelThreshold[]; noDataBecause?: string } {
  if (!isRecord(query)) {
    problems.push({ pointer, message: "widget has no query object" });
    return { queries: [], labels: [] };
  }
  const type = str(query["queryType"]);
  if (!QUERY_TYPES.has(type)) {
    problems.push({ pointer: childPointer(pointer, "queryType"), message: `query type "${type}" is not one SigNoz runs (builder, promql, clickhouse_sql)` });
    return { queries: [], labels: [] };
  }
  const active = query[type];
  const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);
  let parts: unknown[];
  if (type === "builder" && isRecord(active)) {
    const formulas = list(active["queryFormulas"]).filter(enabled);
    parts = [enabledQueries(list(active["queryData"]), formulas.length > 0), formulas];
  } else parts = [Array.isArray(active) ? enabledQueries(list(active), false) : active];
  // A PromQL or ClickHouse query left blank runs nothing: its legend names no data read.
  const run = parts.map((p) => (Array.isArray(p) ? p.filter((q) => !blankQuery(q)) : p));
  const queries = collectQueries(run, SIGNOZ_NON_QUERY_KEYS);
  let noDataBecause: string | undefined;
  if (queries.length === 0 && collectQueries(active, SIGNOZ_NON_QUERY_KEYS).length > 0) noDataBecause = collectQueries(parts, SIGNOZ_NON_QUERY_KEYS).length > 0 ? BLANK : DISABLED;
  return { queries, labels: legendLabels(run), ...(noDataBecause ? { noDataBecause } : {}) };
}

/** Why a panel whose every query is blank shows nothing. */
export const BLANK = "its queries are blank (no query to run)";

/** A query whose text is blank: a blank PromQL or SQL query selects nothing, and Perses's Prometheus, Loki and Tempo plugins return no data for one, without a request. */
export const blankQuery = (spec: unknown): boolean => isRecord(spec) && typeof spec["query"] === "string" && spec["query"].trim() === "";

/** Why a panel whose every query is disabled shows nothing. */
export const DISABLED = "SigNoz runs none of its queries (disabled)";

const enabled = (query: Record<string, unknown>): boolean => query["disabled"] !== true;

/**
 * The queries SigNoz draws: a disabled one (the eye icon, `disabled: true`) draws nothing, unless
 * an enabled formula of the panel reads it (`F1 = A / B` reads A and B, drawn or not; which ones
 * is the formula's business, so all are kept).
 */
function enabledQueries<T extends Record<string, unknown>>(queries: readonly T[], formulaReads: boolean): T[] {
  return formulaReads ? [...queries] : queries.filter(enabled);
}

function widgetListsEvents(widget: Record<string, unknown>): boolean {
  // A list panel shows single log lines or spans.
  return str(widget["panelTypes"]) === "list";
}

export function normalizeSigNoz(dashboard: Record<string, unknown>, base: string): NormalizedDashboard {
  const problems: NormalizeProblem[] = [];
  const panels: Panel[] = [];
  const widgets = dashboard["widgets"] as unknown[];
  const shown = shownWidgets(dashboard);
  widgets.forEach((widget, i) => {
    const pointer = childPointer(base, "widgets", i);
    if (!isRecord(widget)) {
      problems.push({ pointer, message: "widget is not an object" });
      return;
    }
    // A row is a section heading; a widget the layout does not place is not on the dashboard.
    if (str(widget["panelTypes"]) === "row" || (shown && !shown.has(str(widget["id"])))) return;
    const { queries, labels, noDataBecause } = widgetQueries(widget["query"], childPointer(pointer, "query"), problems);
    panels.push({
      path: pointer,
      title: str(widget["title"]),
      text: "",
      ...(str(widget["description"]) ? { description: str(widget["description"]) } : {}),
      queries,
      thresholds: [...signozThresholds(widget["thresholds"]), ...labels],
      ...(widgetListsEvents(widget) ? { listsEvents: true } : {}),
      ...(noDataBecause ? { noDataBecause } : {}),
    });
  });
  return normalizedDashboard("signoz", dashboard, dashboard["uuid"] ?? dashboard["id"], panels, problems, childPointer(base, "widgets"));
}

/** SigNoz's own export: widgets that say which panel type they are (CloudWatch's say `type`). */
export function isSigNozDashboard(value: Record<string, unknown>): boolean {
  const widgets = value["widgets"];
  return Array.isArray(widgets) && widgets.some((w) => isRecord(w) && typeof w["panelTypes"] === "string");
}
