/** Datadog dashboards (`{widgets, layout_type}`), including widgets nested in group widgets. */
import { childPointer } from "../source/pointer.js";
import { isRecord } from "../is-record.js";
import { collectQueries, normalizedDashboard, str, type NormalizedDashboard, type NormalizeProblem, type Panel, type PanelThreshold } from "./model.js";
import { datadogVariableValues, interpolate, type Variables } from "./variables.js";

const NON_QUERY_KEYS = new Set(["data_source", "name", "response_format", "display_type", "style", "palette", "aggregator", "order_by", "comparator", "type"]);

/** Widgets that show single events, log lines or traces: they list, and measure nothing. */
const LISTING_WIDGETS = new Set(["event_stream", "log_stream", "list_stream", "trace_service"]);
/** Widgets that show what their author placed, no data: notes, free text and images. */
const PROSE_WIDGETS = new Set(["note", "free_text", "image"]);
/**
 * Widgets that show data named by an id rather than queried in the file: an alert graph or value
 * its monitor's query, a check status its check, an SLO widget its SLO. They show data (an
 * "Incidents" monitor counts), and measure no use the file shows.
 */
const SELF_READING_WIDGETS = new Set(["alert_graph", "alert_value", "check_status", "slo"]);

/** Datadog's green conditional-format palettes (WidgetPalette in the Datadog API). */
const GREEN_PALETTES = new Set(["green", "white_on_green", "green_on_white", "black_on_light_green"]);

/** A marker that marks the values below its line: `y < 80`, `y <= 80`, `80 > y` (not a band, `0 < y < 50`). */
function markerBelow(value: string): boolean {
  const v = value.replace(/\s+/g, "");
  return /^y<=?-?[\d.]+$/.test(v) || /^-?[\d.]+>=?y$/.test(v);
}

function thresholdsOf(definition: Record<string, unknown>): PanelThreshold[] {
  const out: PanelThreshold[] = [];
  if (Array.isArray(definition["markers"])) {
    for (const m of definition["markers"]) {
      if (!isRecord(m)) continue;
      const match = /-?\d+(?:\.\d+)?/.exec(str(m["value"]));
      const display = str(m["display_type"]);
      out.push({
        value: match ? Number(match[0]) : null,
        ...(display ? { color: display.startsWith("ok") ? "green" : display } : {}),
        ...(typeof m["label"] === "string" ? { label: m["label"] } : {}),
        ...(markerBelow(str(m["value"])) ? { below: true } : {}),
      });
    }
  }
  const requests = Array.isArray(definition["requests"]) ? definition["requests"] : [];
  for (const r of requests) {
    if (!isRecord(r) || !Array.isArray(r["conditional_formats"])) continue;
    for (const c of r["conditional_formats"]) {
      if (!isRecord(c)) continue;
      const palette = str(c["palette"]);
      const below = c["comparator"] === "<" || c["comparator"] === "<=";
      out.push({ value: typeof c["value"] === "number" ? c["value"] : null, color: GREEN_PALETTES.has(palette) ? "green" : palette, ...(below ? { below: true } : {}) });
    }
  }
  return out;
}

const blank = (value: unknown): boolean => typeof value === "string" && value.trim() === "";

/** Keys of a request that hold a query other than `q` and `queries` (classic log, APM, RUM, process queries...). */
const OTHER_QUERY_KEY = /_query$|^query$/;

/**
 * A request that reads nothing: its query text is blank (`q: ""`, or every formula query a metrics
 * query `query: ""`) and it holds no other query. Its formulas, aliases and metadata name what it
 * would draw, not what it reads. A logs or events query with a blank search reads them all: not blank.
 */
function blankRequest(request: unknown): boolean {
  if (!isRecord(request) || Object.keys(request).some((k) => OTHER_QUERY_KEY.test(k))) return false;
  const q = request["q"];
  const queries = request["queries"];
  if (q === undefined && queries === undefined) return false;
  const blankQueries = queries === undefined || (Array.isArray(queries) && queries.every((item) => isRecord(item) && blank(item["query"])));
  return (q === undefined || blank(q)) && blankQueries;
}

function widget(value: unknown, pointer: string, panels: Panel[], problems: NormalizeProblem[], overlays: Panel[], variables: Variables): void {
  if (!isRecord(value) || !isRecord(value["definition"])) {
    problems.push({ pointer, message: "widget has no definition object" });
    return;
  }
  const d = value["definition"];
  const type = str(d["type"]);
  // A powerpack's widgets are in Datadog unless the file carries them (then it is read as a group).
  if (type === "powerpack" && !Array.isArray(d["widgets"])) {
    problems.push({ pointer, message: `powerpack ${str(d["powerpack_id"]) || "without id"} holds its widgets in Datadog, not in this file: they cannot be read (put them in a group widget to have them judged)` });
    return;
  }
  if (type === "group" || type === "powerpack") {
    if (!Array.isArray(d["widgets"])) problems.push({ pointer: childPointer(pointer, "definition", "widgets"), message: "group widget has no widgets list" });
    else d["widgets"].forEach((w, i) => widget(w, childPointer(pointer, "definition", "widgets", i), panels, problems, overlays, variables));
    return;
  }
  // A split graph draws its source widget once per value of a dimension: that widget's queries and thresholds.
  const source = type === "split_graph" && isRecord(d["source_widget_definition"]) ? d["source_widget_definition"] : d;
  const queries: string[] = [];
  const requests = Array.isArray(source["requests"]) ? source["requests"].filter((r) => !blankRequest(r)) : source["requests"];
  for (const part of [requests, source["query"], source["queries"]]) collectQueries(part, NON_QUERY_KEYS, queries);
  for (let i = 0; i < queries.length; i++) queries[i] = interpolate(queries[i] as string, variables);
  panels.push({
    path: pointer,
    title: str(d["title"]),
    text: [str(d["content"]), str(d["text"])].filter(Boolean).join("\n"),
    queries,
    thresholds: thresholdsOf(source),
    ...(LISTING_WIDGETS.has(type) ? { listsEvents: true } : {}),
    ...(PROSE_WIDGETS.has(type) ? { prose: true } : {}),
    ...(SELF_READING_WIDGETS.has(type) ? { readsOwnData: true } : {}),
  });
  // Events drawn over the widget's graph (`events: [{q: "sources:pagerduty"}]`): a list of events
  // beside what it measures, which can record incidents and measures nothing itself.
  const overlay = collectQueries(d["events"], NON_QUERY_KEYS);
  if (overlay.length) overlays.push({ path: childPointer(pointer, "definition", "events"), title: str(d["title"]), text: "", queries: overlay, thresholds: [], listsEvents: true });
}

export function normalizeDatadog(dashboard: Record<string, unknown>, base: string): NormalizedDashboard {
  const problems: NormalizeProblem[] = [];
  const panels: Panel[] = [];
  const overlays: Panel[] = [];
  const widgets = dashboard["widgets"];
  if (!Array.isArray(widgets)) problems.push({ pointer: childPointer(base, "widgets"), message: "widgets is not a list" });
  else {
    const variables = datadogVariableValues(dashboard["template_variables"]);
    widgets.forEach((w, i) => widget(w, childPointer(base, "widgets", i), panels, problems, overlays, variables));
  }
  return normalizedDashboard("datadog", dashboard, dashboard["id"], panels, problems, childPointer(base, "widgets"), overlays);
}
