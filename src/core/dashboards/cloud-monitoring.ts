/**
 * Google Cloud Monitoring dashboards (the Monitoring API's `Dashboard`: `{displayName, mosaicLayout
 * | gridLayout | rowLayout | columnLayout}`), as `gcloud monitoring dashboards describe` prints them,
 * Terraform's `google_monitoring_dashboard` takes them and Config Connector's `MonitoringDashboard`
 * spec holds them. Gemini Code Assist and Claude Code on Vertex AI report their use there.
 * Reference: https://cloud.google.com/monitoring/api/ref_v3/rest/v1/projects.dashboards
 */
import { childPointer } from "../source/pointer.js";
import { isRecord } from "../is-record.js";
import { normalizedDashboard, str, type NormalizedDashboard, type NormalizeProblem, type Panel, type PanelThreshold } from "./model.js";

/** Each layout and where it keeps its widgets: a list of widgets, or of records each holding one. */
const LAYOUTS: Record<string, (layout: Record<string, unknown>, pointer: string) => { widget: unknown; pointer: string }[]> = {
  mosaicLayout: (l, p) => listAt(l, "tiles", p).map(({ item, pointer }) => ({ widget: isRecord(item) ? item["widget"] : item, pointer: childPointer(pointer, "widget") })),
  gridLayout: (l, p) => listAt(l, "widgets", p).map(({ item, pointer }) => ({ widget: item, pointer })),
  rowLayout: (l, p) => listAt(l, "rows", p).flatMap(({ item, pointer }) => (isRecord(item) ? listAt(item, "widgets", pointer).map((w) => ({ widget: w.item, pointer: w.pointer })) : [{ widget: undefined, pointer }])),
  columnLayout: (l, p) => listAt(l, "columns", p).flatMap(({ item, pointer }) => (isRecord(item) ? listAt(item, "widgets", pointer).map((w) => ({ widget: w.item, pointer: w.pointer })) : [{ widget: undefined, pointer }])),
};

function listAt(record: Record<string, unknown>, key: string, pointer: string): { item: unknown; pointer: string }[] {
  const list = record[key];
  return Array.isArray(list) ? list.map((item, i) => ({ item, pointer: childPointer(pointer, key, i) })) : [];
}

/** Widget fields beside its one content. */
const WIDGET_FIELDS = new Set(["title", "id", "visibilityCondition"]);
/** Charts of time series: their queries are in `timeSeriesQuery`, once or per data set. */
const CHARTS = new Set(["xyChart", "scorecard", "timeSeriesTable", "pieChart"]);
/** Where a time series query is written: a Monitoring filter, MQL, PromQL, Log Analytics SQL. */
const QUERY_KEYS = new Set(["filter", "timeSeriesQueryLanguage", "prometheusQuery", "sql"]);
/** Templates of legend, slice and column names: labels a reader sees, read as prose. */
const LABEL_KEYS = new Set(["legendTemplate", "sliceNameTemplate", "tableTemplate"]);

export function isCloudMonitoringDashboard(value: Record<string, unknown>): boolean {
  return typeof value["displayName"] === "string" && Object.keys(LAYOUTS).some((k) => isRecord(value[k]));
}

/** The strings under the keys named, anywhere inside a value. */
function stringsUnder(value: unknown, keys: ReadonlySet<string>, out: string[]): string[] {
  if (Array.isArray(value)) for (const v of value) stringsUnder(v, keys, out);
  else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (keys.has(k) && typeof v === "string") {
        if (v.trim() !== "") out.push(v);
      } else if (typeof v === "object") stringsUnder(v, keys, out);
    }
  }
  return out;
}

/**
 * `{value, color: YELLOW|RED, direction: ABOVE|BELOW, label}`. Cloud Monitoring colours the values
 * past the line and has no green: a line that colours the values *below* it marks too little, a
 * bar to reach.
 */
function thresholdsOf(content: Record<string, unknown>): PanelThreshold[] {
  const raw = Array.isArray(content["thresholds"]) ? content["thresholds"] : [];
  return raw.filter(isRecord).map((t) => ({
    value: typeof t["value"] === "number" ? t["value"] : null,
    ...(str(t["color"]) ? { color: str(t["color"]).toLowerCase() } : {}),
    ...(str(t["label"]) ? { label: str(t["label"]) } : {}),
    ...(str(t["direction"]) === "BELOW" ? { below: true } : {}),
  }));
}

function widgetPanel(widget: unknown, pointer: string, problems: NormalizeProblem[]): Panel | undefined {
  if (!isRecord(widget)) {
    problems.push({ pointer, message: "widget is not an object" });
    return undefined;
  }
  const kinds = Object.keys(widget).filter((k) => !WIDGET_FIELDS.has(k));
  const kind = kinds[0];
  if (kind === undefined || kinds.length > 1) {
    problems.push({ pointer, message: kind === undefined ? "widget has no content (a chart, text, list or group)" : `widget has several contents (${kinds.join(", ")}); the API allows one` });
    return undefined;
  }
  const content = widget[kind];
  const title = str(widget["title"]);
  const base = { path: pointer, title, thresholds: [] as PanelThreshold[] };
  if (kind === "blank") return undefined;
  if (!isRecord(content)) {
    problems.push({ pointer: childPointer(pointer, kind), message: `${kind} is not an object` });
    return undefined;
  }
  // What its author wrote, and groups that only hold other widgets: no data of their own.
  if (kind === "text") return { ...base, text: str(content["content"]), queries: [], prose: true };
  if (kind === "sectionHeader") return { ...base, text: str(content["subtitle"]), queries: [], prose: true };
  if (kind === "collapsibleGroup" || kind === "singleViewGroup") return { ...base, text: "", queries: [], prose: true };
  if (CHARTS.has(kind)) {
    const queries = stringsUnder(content, QUERY_KEYS, []);
    if (queries.length === 0) {
      // The chart we cannot read could be the incident panel (fail closed).
      problems.push({ pointer: childPointer(pointer, kind), message: `${kind} has no query (a filter, MQL, PromQL or SQL) to read` });
      return undefined;
    }
    return { ...base, text: stringsUnder(content, LABEL_KEYS, []).join("\n"), queries, thresholds: thresholdsOf(content) };
  }
  // A chart of an alert policy: its incidents and status, named by the policy.
  if (kind === "alertChart") return { ...base, text: "", queries: [str(content["name"])].filter(Boolean) };
  // Lists of single records; the incident list shows the incidents of its policies (or all of them).
  if (kind === "incidentList") {
    const policies = Array.isArray(content["policyNames"]) ? content["policyNames"].map(str).filter(Boolean) : [];
    return { ...base, text: "Incidents", queries: policies, listsEvents: true, readsOwnData: true };
  }
  if (kind === "logsPanel") return { ...base, text: "", queries: [str(content["filter"])].filter(Boolean), listsEvents: true };
  if (kind === "errorReportingPanel") {
    const names = (key: string): string[] => (Array.isArray(content[key]) ? content[key].map(str).filter(Boolean) : []);
    return { ...base, text: "", queries: [...names("services"), ...names("versions")], listsEvents: true };
  }
  problems.push({ pointer, message: `widget content "${kind}" is not one this reader knows (charts, scorecards, tables, text, logs, alert charts, incident and error lists, groups)` });
  return undefined;
}

export function normalizeCloudMonitoring(dashboard: Record<string, unknown>, base: string): NormalizedDashboard {
  const problems: NormalizeProblem[] = [];
  const panels: Panel[] = [];
  let panelsAt = base;
  for (const [key, widgetsOf] of Object.entries(LAYOUTS)) {
    const layout = dashboard[key];
    if (!isRecord(layout)) continue;
    panelsAt = childPointer(base, key);
    for (const { widget, pointer } of widgetsOf(layout, panelsAt)) {
      const panel = widgetPanel(widget, pointer, problems);
      if (panel) panels.push(panel);
    }
  }
  // Labels are the dashboard's tags: a key alone, or key=value.
  const labels = isRecord(dashboard["labels"]) ? Object.entries(dashboard["labels"]).map(([k, v]) => (str(v) ? `${k}=${str(v)}` : k)) : [];
  return normalizedDashboard("cloud-monitoring", { title: dashboard["displayName"], description: dashboard["description"], tags: labels }, dashboard["name"], panels, problems, panelsAt);
}
