/**
 * CloudWatch dashboard bodies: metric widgets (metric arrays with "." and "..." shorthand, math
 * expressions, SEARCH and Metrics Insights SQL), log widgets (Logs Insights), text and alarm widgets.
 */
import { childPointer } from "../source/pointer.js";
import { isRecord, str, type NormalizedDashboard, type NormalizeProblem, type Panel, type PanelThreshold } from "./model.js";

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

function metricQueries(metrics: unknown[], pointer: string, problems: NormalizeProblem[]): { queries: string[]; labels: string[] } {
  const queries: string[] = [];
  const labels: string[] = [];
  let previous: string[] | undefined;
  metrics.forEach((row, i) => {
    if (!Array.isArray(row)) {
      problems.push({ pointer: childPointer(pointer, i), message: "metric entry is not an array" });
      return;
    }
    const { items, options } = expandMetricRow(row, previous);
    if (items.length) {
      queries.push(items.join(" "));
      previous = items;
    }
    if (options) {
      if (typeof options["expression"] === "string") queries.push(options["expression"]);
      if (typeof options["label"] === "string") labels.push(options["label"]);
    }
  });
  return { queries, labels };
}

function annotationThresholds(annotations: unknown): PanelThreshold[] {
  const out: PanelThreshold[] = [];
  if (!isRecord(annotations)) return out;
  for (const key of ["horizontal", "vertical"]) {
    const list = annotations[key];
    if (!Array.isArray(list)) continue;
    for (const a of list) {
      if (!isRecord(a)) continue;
      out.push({
        value: typeof a["value"] === "number" ? a["value"] : null,
        ...(typeof a["color"] === "string" ? { color: a["color"] } : {}),
        ...(typeof a["label"] === "string" ? { label: a["label"] } : {}),
      });
    }
  }
  return out;
}

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
      const p = widget["properties"];
      const queries: string[] = [];
      const text: string[] = [];
      if (Array.isArray(p["metrics"])) {
        const m = metricQueries(p["metrics"], childPointer(pointer, "properties", "metrics"), problems);
        queries.push(...m.queries);
        text.push(...m.labels);
      }
      if (typeof p["query"] === "string") queries.push(p["query"]); // log widget (Logs Insights)
      if (typeof p["sql"] === "string") queries.push(p["sql"]);
      if (Array.isArray(p["alarms"])) queries.push(...p["alarms"].map(str));
      if (typeof p["markdown"] === "string") text.push(p["markdown"]);
      panels.push({
        path: pointer,
        title: str(p["title"]),
        text: text.join("\n"),
        queries: queries.filter((q) => q.trim() !== ""),
        thresholds: annotationThresholds(p["annotations"]),
      });
    });
  }
  return { format: "cloudwatch", tags: [], panels, problems };
}
