/**
 * New Relic dashboards as NerdGraph exports them (`{name, pages: [{widgets}]}`, the JSON the UI
 * copies and `newrelic_one_dashboard_json` deploys): NRQL queries in `rawConfiguration`.
 */
import { childPointer } from "../source/pointer.js";
import { isRecord } from "../is-record.js";
import { collectQueries, normalizedDashboard, str, type NormalizedDashboard, type NormalizeProblem, type Panel, type PanelThreshold } from "./model.js";

/** Configuration keys that style a widget or name an account, not what it measures. */
const NON_QUERY_KEYS = new Set(["accountId", "accountIds", "chartStyles", "colors", "facet", "legend", "markers", "platformOptions", "yAxisLeft", "yAxisRight", "units", "dataFormatters", "billboardSettings", "linkedEntityGuids", "isLabelVisible"]);

/** Widgets that show single events: they list, and measure nothing. */
const LISTING_VISUALIZATIONS = new Set(["viz.event-feed", "logger.log-table-widget"]);

/** An NRQL function that aggregates: a query with none (and no FACET) returns the events themselves. */
const AGGREGATE = /\b(count|sum|average|avg|max|min|uniqueCount|uniques|percentile|percentage|rate|filter|latest|earliest|median|stddev|histogram|funnel|cdfPercentage|derivative|bucketPercentile)\s*\(|\bFACET\b/i;

export function isNewRelicDashboard(value: Record<string, unknown>): boolean {
  const pages = value["pages"];
  return Array.isArray(pages) && "name" in value && pages.some((p) => isRecord(p) && Array.isArray(p["widgets"]));
}

/**
 * Billboard thresholds (`[{alertSeverity, value}]`: warning and critical only) and chart
 * thresholds (`{thresholds: [{from, to, name, severity}]}`, where `success` is drawn green).
 */
function thresholdsOf(config: Record<string, unknown>): PanelThreshold[] {
  const raw = config["thresholds"];
  const list = Array.isArray(raw) ? raw : isRecord(raw) && Array.isArray(raw["thresholds"]) ? raw["thresholds"] : [];
  const out: PanelThreshold[] = [];
  for (const t of list) {
    if (!isRecord(t)) continue;
    const bound = t["value"] ?? t["from"] ?? t["to"];
    const severity = str(t["alertSeverity"] ?? t["severity"]).toLowerCase();
    out.push({
      value: typeof bound === "number" ? bound : null,
      ...(severity ? { color: severity === "success" ? "green" : severity } : {}),
      ...(str(t["name"]) ? { label: str(t["name"]) } : {}),
    });
  }
  return out;
}

/**
 * A bullet chart (`viz.bullet`) draws its value against `limit`, "the target value shown as the
 * bullet goal line": on an adoption widget, a goal of use. A limit given as text is read as its number.
 */
function bulletGoal(visualization: string, config: Record<string, unknown>): PanelThreshold[] {
  const limit = config["limit"];
  const value = typeof limit === "number" ? limit : typeof limit === "string" && limit.trim() !== "" && Number.isFinite(Number(limit)) ? Number(limit) : undefined;
  return visualization === "viz.bullet" && value !== undefined ? [{ value, label: "Goal (bullet limit)" }] : [];
}

function widgetPanel(widget: unknown, pointer: string, problems: NormalizeProblem[]): Panel | undefined {
  if (!isRecord(widget)) {
    problems.push({ pointer, message: "widget is not an object" });
    return undefined;
  }
  const visualization = isRecord(widget["visualization"]) ? str(widget["visualization"]["id"]) : "";
  const config = isRecord(widget["rawConfiguration"]) ? widget["rawConfiguration"] : isRecord(widget["configuration"]) ? widget["configuration"] : {};
  const nrql = Array.isArray(config["nrqlQueries"]) ? config["nrqlQueries"].filter(isRecord).map((q) => str(q["query"])).filter((q) => q.trim() !== "") : [];
  const markdown = visualization === "viz.markdown";
  // A custom visualization keeps its queries under its own keys: every string but styling is read.
  const queries = markdown ? [] : nrql.length ? nrql : collectQueries(config, NON_QUERY_KEYS);
  const listsEvents = LISTING_VISUALIZATIONS.has(visualization) || ((visualization === "viz.table" || visualization === "viz.json") && nrql.length > 0 && nrql.every((q) => !AGGREGATE.test(q)));
  return {
    path: pointer,
    title: str(widget["title"]),
    text: markdown ? str(config["text"]) : "",
    queries,
    thresholds: [...thresholdsOf(config), ...bulletGoal(visualization, config)],
    ...(listsEvents ? { listsEvents: true } : {}),
    ...(markdown ? { prose: true } : {}),
  };
}

export function normalizeNewRelic(dashboard: Record<string, unknown>, base: string): NormalizedDashboard {
  const problems: NormalizeProblem[] = [];
  const panels: Panel[] = [];
  (dashboard["pages"] as unknown[]).forEach((page, p) => {
    const pagePointer = childPointer(base, "pages", p);
    if (!isRecord(page) || !Array.isArray(page["widgets"])) {
      problems.push({ pointer: pagePointer, message: "page has no widgets list" });
      return;
    }
    page["widgets"].forEach((w, i) => {
      const panel = widgetPanel(w, childPointer(pagePointer, "widgets", i), problems);
      if (panel) panels.push(panel);
    });
  });
  return normalizedDashboard("newrelic", { title: dashboard["name"], description: dashboard["description"], tags: dashboard["tags"] }, undefined, panels, problems, childPointer(base, "pages"));
}
