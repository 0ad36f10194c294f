/**
 * Grafana normalizers: classic JSON (panels with nested or collapsed rows, legacy `rows`, library
 * panels resolved through `__elements`) and v2 (`spec.elements`).
 */
import { childPointer } from "../source/pointer.js";
import { isRecord } from "../is-record.js";
import { collectStrings } from "../collect-strings.js";
import { byStepValue, collectQueries, namesInTree, normalizedDashboard, str, type NormalizedDashboard, type NormalizeProblem, type Panel, type PanelThreshold } from "./model.js";
import { constantPromQL, constantSQL } from "./no-data.js";
import { interpolate, variableValues, type Variables } from "./variables.js";

/** Panel types that show single log lines or traces: they list events and measure nothing. */
const LISTING_PANELS = new Set(["logs", "traces", "news"]);
/** Panels that show their own text (markdown or HTML), no data. */
const PROSE_PANELS = new Set(["text"]);
/**
 * Grafana's panels that show data with no query: the alert list (alert states) and the annotation
 * list (annotations, filtered by their options). A news panel reads its feed (optionQueries). Any
 * other panel without a query, a plugin's included (a name is all a file needs to claim one),
 * shows nothing of what it is titled.
 */
const SELF_READING_PANELS = new Set(["alertlist", "annolist"]);

/** The news panel's feed is what it reads: its query. */
function optionQueries(type: string, options: unknown): string[] {
  return type === "news" && isRecord(options) && typeof options["feedUrl"] === "string" && options["feedUrl"].trim() ? [options["feedUrl"]] : [];
}

/** How a panel of this type shows data: prose, a list of events, or data it reads by itself. */
function kindFlags(type: string): Pick<Panel, "listsEvents" | "prose" | "readsOwnData"> {
  if (PROSE_PANELS.has(type)) return { prose: true };
  return { ...(LISTING_PANELS.has(type) ? { listsEvents: true } : {}), ...(SELF_READING_PANELS.has(type) ? { readsOwnData: true } : {}) };
}

// Query keys that name the data source or the query's slot, not what it measures.
const NON_QUERY_KEYS = new Set(["refId", "datasource", "hide", "uid", "type", "key", "group", "kind", "version", "interval", "format", "instant", "range", "editorMode", "intervalMs", "maxDataPoints"]);

/** A range mapping's bounds and result (`{ type: "range", options: { from, to, result } }`). */
interface RangeMapping {
  from: number | null;
  to: number | null;
  color?: string;
  text?: string;
}

const bound = (v: unknown): number | null => (typeof v === "number" ? v : null);

/**
 * Value mappings colour and rename values as steps do. The highest range, from a value that
 * something lies below (another range, or values from 0 up), is a step: drawn green, it turns
 * the panel green there. A mapping's text is its label ("On target", "Goal met"): a target word in it
 * states one. Special mappings (null, NaN) map no measure.
 */
function mappingThresholds(mappings: unknown): PanelThreshold[] {
  if (!Array.isArray(mappings)) return [];
  const out: PanelThreshold[] = [];
  const ranges: RangeMapping[] = [];
  for (const m of mappings) {
    if (!isRecord(m) || !isRecord(m["options"])) continue;
    const options = m["options"];
    if (m["type"] === "range") {
      const result = isRecord(options["result"]) ? options["result"] : {};
      ranges.push({ from: bound(options["from"]), to: bound(options["to"]), ...(typeof result["color"] === "string" ? { color: result["color"] } : {}), ...(str(result["text"]) ? { text: str(result["text"]) } : {}) });
    } else if (m["type"] === "value") {
      for (const result of Object.values(options)) if (isRecord(result) && str(result["text"])) out.push({ value: null, label: str(result["text"]) });
    }
  }
  const top = Math.max(...ranges.map((r) => r.from ?? -Infinity));
  for (const r of ranges) {
    const below = ranges.some((other) => other !== r && (other.from ?? -Infinity) < (r.from ?? -Infinity)) || (r.from ?? 0) > 0;
    // The classifier decides whether its colour is green, as for any step.
    const step = r.from !== null && r.from === top && below;
    if (step || r.text) out.push({ value: r.from, ...(step && r.color ? { color: r.color } : {}), ...(r.text ? { label: r.text } : {}) });
  }
  return out;
}

/**
 * The column names an override's matcher selects by: a name, a pattern, or a list of names.
 * Matchers by query, type or value name no column: the override is judged as the panel.
 */
function matcherFields(matcher: unknown): string[] | undefined {
  if (!isRecord(matcher)) return undefined;
  const options = matcher["options"];
  if ((matcher["id"] === "byName" || matcher["id"] === "byRegexp") && str(options)) return [str(options)];
  if (matcher["id"] === "byNames" && isRecord(options) && Array.isArray(options["names"])) {
    const names = options["names"].map(str).filter(Boolean);
    return names.length > 0 ? names : undefined;
  }
  return undefined;
}

function thresholdsOf(fieldConfig: unknown): PanelThreshold[] {
  const out: PanelThreshold[] = [];
  if (!isRecord(fieldConfig)) return out;
  const configs: { config: unknown; fields?: string[] }[] = [{ config: fieldConfig["defaults"] }];
  const overrides = fieldConfig["overrides"];
  if (Array.isArray(overrides)) {
    for (const o of overrides) {
      if (isRecord(o) && Array.isArray(o["properties"])) {
        const fields = matcherFields(o["matcher"]);
        const scope = fields ? { fields } : {};
        for (const p of o["properties"]) {
          if (isRecord(p) && p["id"] === "thresholds") configs.push({ config: { thresholds: p["value"] }, ...scope });
          if (isRecord(p) && p["id"] === "mappings") configs.push({ config: { mappings: p["value"] }, ...scope });
        }
      }
    }
  }
  for (const { config: c, fields } of configs) {
    const scoped = (t: PanelThreshold): PanelThreshold => (fields ? { ...t, fields } : t);
    if (isRecord(c)) out.push(...mappingThresholds(c["mappings"]).map(scoped));
    if (!isRecord(c) || !isRecord(c["thresholds"])) continue;
    const steps = c["thresholds"]["steps"];
    if (!Array.isArray(steps)) continue;
    let under: string | undefined;
    // Grafana draws the steps in the order of their values, whatever their order in the file.
    byStepValue(steps.filter(isRecord)).forEach((s, i) => {
      const color = typeof s["color"] === "string" ? s["color"] : undefined;
      out.push(
        scoped({
          value: typeof s["value"] === "number" ? s["value"] : null,
          ...(color !== undefined ? { color } : {}),
          ...(i === 0 ? { base: true } : { under: under !== undefined ? { color: under } : {} }),
        }),
      );
      under = color;
    });
  }
  return out;
}

/** Graph panels before Grafana 7 kept thresholds on the panel: colorMode "ok" is green, `op` the side it marks. */
function legacyThresholds(panel: Record<string, unknown>): PanelThreshold[] {
  const out: PanelThreshold[] = [];
  const list = panel["thresholds"];
  if (Array.isArray(list)) {
    for (const t of list) {
      if (!isRecord(t) || typeof t["value"] !== "number") continue;
      const color = t["colorMode"] === "ok" ? "green" : t["colorMode"] === "custom" ? str(t["fillColor"] ?? t["lineColor"]) : str(t["colorMode"]);
      // `op: "lt"` marks the values below the line.
      out.push({ value: t["value"], color, ...(t["op"] === "lt" ? { below: true } : {}) });
    }
  } else if (typeof list === "string" && list.trim() !== "") {
    // Singlestat: "50,80" with colors [bad, middle, good] when the last color is green.
    const colors = Array.isArray(panel["colors"]) ? panel["colors"].map(str) : [];
    list.split(",").forEach((v, i) => {
      const value = Number(v);
      if (Number.isFinite(value)) out.push({ value, ...(colors[i + 1] ? { color: colors[i + 1] as string } : {}) });
    });
  }
  return out;
}

/** A panel's markdown (text panels, legacy text panels): what it renders. Its description is apart (`describe`). */
function panelText(panel: Record<string, unknown>, options: unknown): string {
  const parts: string[] = [];
  if (isRecord(options)) parts.push(str(options["content"]));
  parts.push(str(panel["content"])); // legacy text panels
  return parts.filter(Boolean).join("\n");
}

/**
 * A panel's description as the model keeps it: apart from its text on a panel that shows data;
 * a text panel's description is more of its prose.
 */
function describe(panel: Record<string, unknown>, text: string, prose: boolean, resolve: (s: string) => string): Pick<Panel, "text" | "description"> {
  const description = resolve(str(panel["description"]));
  if (!description) return { text };
  return prose ? { text: [description, text].filter(Boolean).join("\n") } : { text, description };
}

/**
 * Series names a panel gives outside its queries: `displayName` in its field config (defaults or an
 * override), a field a transformation adds (`calculateField` alias) or renames (`organize`
 * renameByName). A series named "Goal" there is a target line as a legend's is.
 */
function renamedSeries(source: Record<string, unknown>): PanelThreshold[] {
  const names: string[] = [];
  const fieldConfig = source["fieldConfig"];
  if (isRecord(fieldConfig)) {
    if (isRecord(fieldConfig["defaults"])) names.push(str(fieldConfig["defaults"]["displayName"]));
    if (Array.isArray(fieldConfig["overrides"])) {
      for (const o of fieldConfig["overrides"]) {
        if (!isRecord(o) || !Array.isArray(o["properties"])) continue;
        for (const p of o["properties"]) if (isRecord(p) && (p["id"] === "displayName" || p["id"] === "displayNameFromDS")) names.push(str(p["value"]));
      }
    }
  }
  const transformations = Array.isArray(source["transformations"]) ? source["transformations"] : [];
  for (const item of transformations) {
    // v2 keeps each transformation's settings in its spec.
    const t = isRecord(item) && isRecord(item["spec"]) ? item["spec"] : item;
    if (!isRecord(t) || !isRecord(t["options"])) continue;
    const options = t["options"];
    if (t["id"] === "calculateField") names.push(str(options["alias"]));
    if (t["id"] === "organize" && isRecord(options["renameByName"])) names.push(...Object.values(options["renameByName"]).map(str));
  }
  return names.filter(Boolean).map((label) => ({ value: null, label }));
}

/** Series names ("Goal", "Target") of a panel's queries: a constant series named so is a target line. */
function seriesLabels(targets: unknown): PanelThreshold[] {
  if (!Array.isArray(targets)) return [];
  const out: PanelThreshold[] = [];
  for (const t of targets) {
    if (!isRecord(t)) continue;
    for (const key of ["legendFormat", "alias", "displayName"]) {
      const label = str(t[key]);
      if (label) out.push({ value: null, label });
    }
  }
  return out;
}

/** An annotation's settings that say how and where it is drawn, not what it queries. */
const ANNOTATION_NON_QUERY_KEYS = new Set([...NON_QUERY_KEYS, "name", "enable", "hide", "iconColor", "builtIn", "filter", "showIn", "mappings"]);
/** How an annotation's events are titled and tagged from the data its query returns: no query themselves. */
const ANNOTATION_FORMAT_KEYS = new Set([...ANNOTATION_NON_QUERY_KEYS, "titleFormat", "textFormat", "tagKeys", "titleField", "textField", "tagsField", "timeField", "timeEndField", "useValueForTime", "step", "limit", "matchAny"]);

/**
 * Whether an annotation's panel filter (Grafana's "Show in": `filter: { exclude, ids }`) leaves it
 * on a panel of the dashboard. Without ids known (panels without `id`) it is taken as drawn.
 */
function onSomePanel(filter: unknown, panelIds: ReadonlySet<number>): boolean {
  if (!isRecord(filter) || !Array.isArray(filter["ids"]) || panelIds.size === 0) return true;
  const ids = new Set(filter["ids"].filter((id): id is number => typeof id === "number"));
  if (filter["exclude"] === true) return [...panelIds].some((id) => !ids.has(id));
  return ids.size === 0 || [...ids].some((id) => panelIds.has(id));
}

/** An annotation read from Grafana itself (the built-in "-- Grafana --" source): the events people add, no query. */
function grafanaOwnAnnotations(datasource: unknown): boolean {
  const { type, uid } = sourceOf(datasource);
  return type === "grafana" || uid === "-- Grafana --" || uid === "grafana";
}

/**
 * What an annotation queries, or nothing when it draws no data: a blank query, a constant
 * (`vector(1)`), TestData's generated events. `queries` are the records that hold its query (the
 * annotation itself and its `target` in classic, the query's spec in v2), `datasource` its source.
 */
function annotationQueries(annotation: Record<string, unknown>, queries: readonly unknown[], datasource: unknown): string[] {
  const { type, uid } = sourceOf(datasource);
  if (type === "testdata" || type === "grafana-testdata-datasource" || uid === "testdata") return [];
  const records = queries.filter(isRecord);
  if (collectQueries(records, ANNOTATION_FORMAT_KEYS).length === 0) return [];
  if (records.every((r) => collectQueries(r, ANNOTATION_FORMAT_KEYS).length === 0 || readsNoData(r, datasource))) return [];
  return collectQueries(annotation, ANNOTATION_NON_QUERY_KEYS);
}

interface AnnotationShape {
  /** The annotation's settings (name, enable, filter). */
  spec: (item: Record<string, unknown>) => unknown;
  /** The records that hold its query, and its data source. */
  query: (annotation: Record<string, unknown>) => { records: unknown[]; datasource: unknown };
}

const CLASSIC_ANNOTATION: AnnotationShape = {
  spec: (a) => a,
  query: (a) => ({ records: [a, a["target"]], datasource: a["datasource"] }),
};

const V2_ANNOTATION: AnnotationShape = {
  spec: (a) => a["spec"],
  query: (a) => {
    const query = a["query"];
    if (!isRecord(query)) return { records: [], datasource: a["datasource"] };
    const type = str(query["group"]) || (str(query["kind"]) !== "DataQuery" ? str(query["kind"]) : "");
    return { records: [query["spec"]], datasource: type ? { type, uid: sourceOf(query["datasource"]).uid } : (query["datasource"] ?? a["datasource"]) };
  },
};

/**
 * The dashboard's annotations (Grafana draws them on every time-series panel, the adoption charts
 * included): each one switched on is an overlay, so that one querying incidents, outages or
 * rollbacks records them. One switched off (`enable: false`) is drawn only once a viewer turns
 * it on, and one whose filter leaves it on no panel of the dashboard is drawn nowhere: they record
 * nothing. One that queries no data has no queries (Grafana's own annotations read what people
 * add: they read their own data).
 */
function annotationOverlays(list: unknown, pointer: string, panelIds: ReadonlySet<number>, shape: AnnotationShape = CLASSIC_ANNOTATION): Panel[] {
  if (!Array.isArray(list)) return [];
  const overlays: Panel[] = [];
  list.forEach((item, i) => {
    const annotation = isRecord(item) ? shape.spec(item) : undefined;
    if (!isRecord(annotation) || annotation["enable"] === false || !onSomePanel(annotation["filter"], panelIds)) return;
    const { records, datasource } = shape.query(annotation);
    const own = grafanaOwnAnnotations(datasource);
    const queries = own ? collectQueries(annotation, ANNOTATION_NON_QUERY_KEYS) : annotationQueries(annotation, records, datasource);
    overlays.push({ path: childPointer(pointer, i), title: str(annotation["name"]), text: "", queries, thresholds: [], listsEvents: true, ...(own ? { readsOwnData: true } : {}) });
  });
  return overlays;
}

/** A data source reference's type and uid (a string names one by name or uid). */
function sourceOf(datasource: unknown): { type: string; uid: string } {
  if (typeof datasource === "string") return { type: datasource, uid: datasource };
  return isRecord(datasource) ? { type: str(datasource["type"]), uid: str(datasource["uid"]) } : { type: "", uid: "" };
}

/** Grafana's server-side expressions (math, reduce, resample, SQL expressions): they read other queries of the panel. */
function isExpressionSource(datasource: unknown): boolean {
  const { type, uid } = sourceOf(datasource);
  return type === "__expr__" || uid === "__expr__" || uid === "-100";
}

/** Generated series: TestData's scenarios and the built-in Grafana source's random walk (its default query). */
function generatedSeries(target: Record<string, unknown>, datasource: unknown): boolean {
  const { type, uid } = sourceOf(datasource);
  if (type === "testdata" || type === "grafana-testdata-datasource" || uid === "testdata") return true;
  const builtIn = uid === "grafana" || uid === "-- Grafana --" || type === "grafana";
  return builtIn && (target["queryType"] === undefined || target["queryType"] === "randomWalk");
}

/** Data sources whose query is the target's `expr`: Grafana skips a target whose `expr` is blank (their `filterQuery`). */
const EXPR_SOURCES = new Set(["prometheus", "loki"]);

const blank = (value: unknown): boolean => typeof value !== "string" || value.trim() === "";

/**
 * A target Grafana does not run because its query is blank, whatever else it holds (a legend, the
 * editor's mode, a region): Prometheus and Loki need an `expr` (a target with `expr` and no data
 * source type written is theirs), CloudWatch metrics a namespace, metric and statistic in the
 * builder, an expression in code mode, SQL for Metrics Insights (its `filterMetricsQuery`). Other
 * sources may read with no query text (Elasticsearch counts a whole index; a plugin's query type
 * selects data): their targets are not judged here.
 */
function blankQuery(target: Record<string, unknown>, datasource: unknown): boolean {
  const { type } = sourceOf(datasource);
  const typeWritten = isRecord(datasource) ? type !== "" : false;
  if (EXPR_SOURCES.has(type) || (!typeWritten && typeof target["expr"] === "string")) return blank(target["expr"]);
  if (type !== "cloudwatch" || target["queryMode"] === "Logs") return false;
  // MetricQueryType 1 is Metrics Insights (SQL); MetricEditorMode 1 is code (an expression), else the builder.
  if (target["metricQueryType"] === 1) return blank(target["sqlExpression"]);
  const code = target["metricEditorMode"] === 1 || (target["metricEditorMode"] === undefined && !blank(target["expression"]));
  if (code) return blank(target["expression"]);
  // Dashboards before Grafana 8 list `statistics` (Grafana migrates each to a query of its own).
  const statistics = Array.isArray(target["statistics"]) ? target["statistics"] : [];
  return blank(target["namespace"]) || blank(target["metricName"]) || (blank(target["statistic"]) && statistics.every(blank));
}

/** A target that reads no data: generated, blank (`blankQuery`), or a query of constants (`vector(0)`, `SELECT 0`) and nothing else. */
function readsNoData(target: Record<string, unknown>, panelSource: unknown): boolean {
  const datasource = target["datasource"] ?? panelSource;
  if (isExpressionSource(datasource)) return false;
  if (generatedSeries(target, datasource) || blankQuery(target, datasource)) return true;
  const expr = target["expr"];
  const sql = target["rawSql"];
  const constant = (typeof expr === "string" && constantPromQL(expr)) || (typeof sql === "string" && constantSQL(sql));
  if (!constant) return false;
  // Nothing else in the target queries: its other strings name the series (legend, alias) or how it is drawn.
  return !["query", "target", "queryText", "rawQuery", "expression"].some((k) => typeof target[k] === "string" && target[k].trim() !== "");
}

interface ShownTargets<T = unknown> {
  /** The targets Grafana runs and that read data. */
  reading: T[];
  /** The targets Grafana draws (constants included: a "Goal" series is one). */
  drawn: T[];
  /** Why a panel with targets shows no data, when none reads any. */
  noDataBecause?: string;
}

interface TargetKinds<T> {
  hidden(target: T): boolean;
  /** Not run either: its query is blank (`blankQuery`). */
  blank(target: T): boolean;
  expression(target: T): boolean;
  noData(target: T): boolean;
  /** The target's query strings (blank ones left out). */
  queries(targets: readonly T[]): string[];
}

/**
 * What Grafana runs of a panel's targets. A hidden target (the editor's eye icon, `hide: true`)
 * is not run, unless a server-side expression of the panel reads it (then every target is kept:
 * which ones it reads is its expression's business). A target that reads no data draws a
 * constant or generated series.
 */
function shownTargets<T>(targets: readonly T[], kinds: TargetKinds<T>): ShownTargets<T> {
  const run = targets.filter((t) => !kinds.blank(t));
  const drawn = run.some((t) => kinds.expression(t)) ? run : run.filter((t) => !kinds.hidden(t));
  const reading = drawn.filter((t) => !kinds.noData(t));
  let noDataBecause: string | undefined;
  if (kinds.queries(reading).length === 0 && kinds.queries(targets).length > 0) {
    if (kinds.queries(drawn).length > 0) noDataBecause = "its queries read no data (a constant or a generated series)";
    else if (kinds.queries(run).length > 0) noDataBecause = "Grafana runs none of its queries (hidden)";
    else noDataBecause = "its queries are blank (no expression, metric or SQL to run)";
  }
  return { reading, drawn, ...(noDataBecause ? { noDataBecause } : {}) };
}

function classicTargets(source: Record<string, unknown>): ShownTargets {
  const targets: unknown[] = Array.isArray(source["targets"]) ? source["targets"] : [];
  return shownTargets(targets, {
    hidden: (t) => isRecord(t) && t["hide"] === true,
    blank: (t) => isRecord(t) && blankQuery(t, t["datasource"] ?? source["datasource"]),
    expression: (t) => isRecord(t) && isExpressionSource(t["datasource"]),
    noData: (t) => isRecord(t) && readsNoData(t, source["datasource"]),
    queries: (list) => collectQueries(list, NON_QUERY_KEYS),
  });
}

function queriesOf(targets: unknown): string[] {
  if (!Array.isArray(targets)) return [];
  return collectQueries(targets, NON_QUERY_KEYS);
}

/** Grafana transformations that keep one row per row (pick, rename, sort, format fields): no count, sum or group. */
const ROW_PRESERVING_TRANSFORMATIONS = new Set(["extractFields", "filterFieldsByName", "organize", "sortBy", "limit", "convertFieldType", "filterByValue", "renameByRegex", "labelsToFields", "formatTime", "formatString"]);

/**
 * A table whose every query is a Loki log query (a stream selector `{...}` and its pipeline, no
 * `count_over_time`/`rate` around it) and whose transformations keep its rows shows log lines: a
 * list of events. A stat or chart of log lines counts them (its reduce), and so does a table's
 * Reduce or Group by (any transformation not known to keep rows).
 */
function logLineTable(source: Record<string, unknown>): boolean {
  const transformations = Array.isArray(source["transformations"]) ? source["transformations"] : [];
  if (str(source["type"]) !== "table" || !transformations.every((t) => isRecord(t) && ROW_PRESERVING_TRANSFORMATIONS.has(str(t["id"])))) return false;
  const targets = Array.isArray(source["targets"]) ? source["targets"].filter(isRecord) : [];
  const panelSource = isRecord(source["datasource"]) ? str(source["datasource"]["type"]) : "";
  return (
    targets.length > 0 &&
    targets.every((t) => {
      const type = isRecord(t["datasource"]) ? str(t["datasource"]["type"]) : panelSource;
      return type === "loki" && typeof t["expr"] === "string" && t["expr"].trimStart().startsWith("{");
    })
  );
}

interface ClassicContext {
  variables: Variables;
  elements: Record<string, unknown>;
  elementsPointer: string;
  problems: NormalizeProblem[];
  panels: Panel[];
  /** The ids of the panels read: where an annotation's panel filter can draw it. */
  panelIds: Set<number>;
  reuse: PanelReuse;
}

/**
 * Panels that show another panel's data (Grafana's "-- Dashboard --" data source: a target naming
 * a `panelId`): they are given its queries, once every panel is read, so that a panel reusing an
 * incident query counts as the panel it copies does.
 */
class PanelReuse {
  private readonly byId = new Map<number, Panel>();
  private readonly reusing: { panel: Panel; ids: number[] }[] = [];

  add(panel: Panel, id: unknown, targets: readonly unknown[]): void {
    if (typeof id === "number") this.byId.set(id, panel);
    const ids = targets.flatMap((t) => (isRecord(t) && typeof t["panelId"] === "number" ? [t["panelId"]] : []));
    if (ids.length) this.reusing.push({ panel, ids });
  }

  /** Each reusing panel gets the queries of the panels it names, through chains of reuse. */
  resolve(): void {
    const queriesOf = (id: number, seen: Set<number>): string[] => {
      const source = this.byId.get(id);
      if (!source || seen.has(id)) return [];
      seen.add(id);
      const reused = this.reusing.find((r) => r.panel === source);
      return [...source.queries, ...(reused ? reused.ids.flatMap((next) => queriesOf(next, seen)) : [])];
    };
    const copied = this.reusing.map(({ panel, ids }) => ({ panel, queries: ids.flatMap((id) => queriesOf(id, new Set())) }));
    for (const { panel, queries } of copied) panel.queries.push(...queries);
  }
}

/**
 * A library panel whose model is not in the file: its queries live in the Grafana instance, so it
 * cannot be evaluated (fail closed). Named by its uid, else its name.
 */
function unreadLibraryPanel(library: Record<string, unknown>, where: string): string {
  // str() gives "" for a missing field, so `||`: the name when there is no uid.
  const name = str(library["uid"]) || str(library["name"]) || "without uid";
  return `library panel ${name} is not ${where}: its queries cannot be read (export the dashboard with "Export for sharing externally")`;
}

function classicPanel(panel: unknown, pointer: string, ctx: ClassicContext): void {
  if (!isRecord(panel)) {
    ctx.problems.push({ pointer, message: "panel is not an object" });
    return;
  }
  let source = panel;
  let title = panel["title"];
  let path = pointer;
  const library = panel["libraryPanel"];
  if (isRecord(library)) {
    const uid = str(library["uid"]);
    const element = Object.entries(ctx.elements).find(([key, e]) => key === uid || (isRecord(e) && e["uid"] === uid));
    if (element && isRecord(element[1]) && isRecord(element[1]["model"])) {
      // The library's model is the panel; the dashboard may rename it.
      source = element[1]["model"];
      title = panel["title"] ?? source["title"] ?? element[1]["name"];
      path = childPointer(ctx.elementsPointer, element[0], "model");
    } else ctx.problems.push({ pointer, message: unreadLibraryPanel(library, "in __elements") });
  }
  const nested = panel["panels"];
  if (str(panel["type"]) === "row") {
    // A collapsed row carries its panels inside it; an open row's panels follow it at top level.
    if (Array.isArray(nested)) nested.forEach((p, i) => classicPanel(p, childPointer(pointer, "panels", i), ctx));
    return;
  }
  const shown = classicTargets(source);
  const read: Panel = {
    path,
    title: interpolate(str(title) || (isRecord(library) ? str(library["name"]) : ""), ctx.variables),
    ...describe(source, interpolate(panelText(source, source["options"]), ctx.variables), PROSE_PANELS.has(str(source["type"])), (t) => interpolate(t, ctx.variables)),
    queries: [...queriesOf(shown.reading), ...optionQueries(str(source["type"]), source["options"])].map((q) => interpolate(q, ctx.variables)),
    thresholds: [...thresholdsOf(source["fieldConfig"]), ...legacyThresholds(source), ...seriesLabels(shown.drawn), ...renamedSeries(source)],
    ...kindFlags(str(source["type"])),
    ...(logLineTable(source) ? { listsEvents: true } : {}),
    ...(shown.noDataBecause ? { noDataBecause: shown.noDataBecause } : {}),
  };
  ctx.panels.push(read);
  if (typeof panel["id"] === "number") ctx.panelIds.add(panel["id"]);
  ctx.reuse.add(read, panel["id"], shown.reading);
}

export function normalizeGrafanaClassic(dashboard: Record<string, unknown>, base: string): NormalizedDashboard {
  const elements = isRecord(dashboard["__elements"]) ? dashboard["__elements"] : {};
  const templating = isRecord(dashboard["templating"]) ? dashboard["templating"]["list"] : undefined;
  const ctx: ClassicContext = { variables: variableValues(templating), elements, elementsPointer: childPointer(base, "__elements"), problems: [], panels: [], panelIds: new Set(), reuse: new PanelReuse() };
  const panels = dashboard["panels"];
  const rows = dashboard["rows"];
  if (panels !== undefined && !Array.isArray(panels)) ctx.problems.push({ pointer: childPointer(base, "panels"), message: "panels is not a list" });
  if (rows !== undefined && !Array.isArray(rows)) ctx.problems.push({ pointer: childPointer(base, "rows"), message: "rows is not a list" });
  if (Array.isArray(panels)) panels.forEach((p, i) => classicPanel(p, childPointer(base, "panels", i), ctx));
  if (Array.isArray(rows)) {
    rows.forEach((row, r) => {
      const rowPointer = childPointer(base, "rows", r);
      if (!isRecord(row) || !Array.isArray(row["panels"])) {
        ctx.problems.push({ pointer: rowPointer, message: "row has no panels list" });
        return;
      }
      row["panels"].forEach((p, i) => classicPanel(p, childPointer(rowPointer, "panels", i), ctx));
    });
  }
  ctx.reuse.resolve();
  const listed = panels !== undefined ? "panels" : rows !== undefined ? "rows" : undefined;
  const annotations = isRecord(dashboard["annotations"]) ? dashboard["annotations"]["list"] : undefined;
  return normalizedDashboard("grafana", dashboard, dashboard["uid"], ctx.panels, ctx.problems, listed ? childPointer(base, listed) : base, annotationOverlays(annotations, childPointer(base, "annotations", "list"), ctx.panelIds));
}

/** The query of a v2 `PanelQuery` (`{ kind, group?, datasource?, spec }`). */
function v2Query(panelQuery: Record<string, unknown>): unknown {
  return isRecord(panelQuery["spec"]) ? panelQuery["spec"]["query"] : undefined;
}

/** A v2 query's data source type: `group` (v2beta1), else its `kind` (v2alpha1), else its datasource's. */
function v2QuerySource(panelQuery: Record<string, unknown>): Record<string, unknown> {
  const query = v2Query(panelQuery);
  if (!isRecord(query)) return {};
  const type = str(query["group"]) || (str(query["kind"]) !== "DataQuery" ? str(query["kind"]) : "") || sourceOf(query["datasource"]).type;
  return { type, uid: sourceOf(query["datasource"]).uid };
}

/**
 * A v2 panel's type (the classic panel's `type`): v2beta1 names it in `group` beside `kind:
 * "VizConfig"` (as Grafana 12 writes it, its queries likewise `kind: "DataQuery"` with a `group`);
 * v2alpha1 in `kind`.
 */
function v2PanelType(vizConfig: unknown): string {
  if (!isRecord(vizConfig)) return "";
  return str(vizConfig["group"]) || (str(vizConfig["kind"]) !== "VizConfig" ? str(vizConfig["kind"]) : "");
}

/** Each query of a v2 element as classic targets hold it: the query's own spec (where a dashboard query names its `panelId`). */
function v2QueryTargets(panelQueries: readonly unknown[]): unknown[] {
  return panelQueries.map((q) => {
    const query = isRecord(q) ? v2Query(q) : undefined;
    return isRecord(query) && query["spec"] !== undefined ? query["spec"] : query;
  });
}

/** The `PanelQuery` items Grafana runs and that read data (as `classicTargets`: `hidden: true` is the eye icon). */
function v2ShownQueries(data: unknown): ShownTargets<Record<string, unknown>> {
  const queries = isRecord(data) && isRecord(data["spec"]) && Array.isArray(data["spec"]["queries"]) ? data["spec"]["queries"].filter(isRecord) : [];
  const targetOf = (q: Record<string, unknown>): unknown => v2QueryTargets([q])[0];
  return shownTargets(queries, {
    hidden: (q) => isRecord(q["spec"]) && q["spec"]["hidden"] === true,
    blank: (q) => {
      const target = targetOf(q);
      return isRecord(target) && blankQuery(target, v2QuerySource(q));
    },
    expression: (q) => isExpressionSource(v2QuerySource(q)),
    noData: (q) => {
      const target = targetOf(q);
      return isRecord(target) && readsNoData(target, v2QuerySource(q));
    },
    queries: (list) => collectQueries(v2QueryTargets(list), NON_QUERY_KEYS),
  });
}

function v2Queries(data: unknown, shown: readonly Record<string, unknown>[]): string[] {
  const out: string[] = [];
  for (const target of v2QueryTargets(shown)) collectStrings(target, out, NON_QUERY_KEYS);
  const transforms = isRecord(data) && isRecord(data["spec"]) ? data["spec"]["transformations"] : undefined;
  if (Array.isArray(transforms)) collectStrings(transforms, out, NON_QUERY_KEYS);
  return out.filter((q) => q.trim() !== "");
}

/**
 * A v2 table of log lines, as `logLineTable` reads a classic one: each query's data source is its
 * group (or kind), its Loki `expr` in its spec; each transformation's id is in its spec (Grafana's
 * conversion) or is its kind (v2alpha1) or group (v2beta1).
 */
function v2LogLineTable(type: string, data: unknown): boolean {
  const spec = isRecord(data) && isRecord(data["spec"]) ? data["spec"] : {};
  const queries = Array.isArray(spec["queries"]) ? spec["queries"].filter(isRecord) : [];
  const transformations = Array.isArray(spec["transformations"]) ? spec["transformations"] : [];
  return logLineTable({
    type,
    transformations: transformations.map((t) => {
      if (!isRecord(t)) return t;
      const settings = isRecord(t["spec"]) ? t["spec"] : {};
      return { ...settings, id: str(settings["id"]) || str(t["group"]) || (str(t["kind"]) !== "Transformation" ? str(t["kind"]) : "") };
    }),
    targets: queries.map((q) => {
      const target = v2QueryTargets([q])[0];
      return { ...(isRecord(target) ? target : {}), datasource: v2QuerySource(q) };
    }),
  });
}

/**
 * The elements a v2 layout draws: every `ElementReference` under `spec.layout`, in grids, rows,
 * tabs and auto grids alike. Undefined when there is no layout object (then every element counts).
 */
function placedElements(layout: unknown): Set<string> | undefined {
  if (!isRecord(layout)) return undefined;
  return namesInTree(layout, (record) => (record["kind"] === "ElementReference" && typeof record["name"] === "string" ? record["name"] : undefined), 64);
}

export function normalizeGrafanaV2(resource: Record<string, unknown>, base: string): NormalizedDashboard {
  const metadata = isRecord(resource["metadata"]) ? resource["metadata"] : {};
  return normalizeGrafanaV2Spec(resource["spec"] as Record<string, unknown>, childPointer(base, "spec"), metadata["name"]);
}

/**
 * A v2 spec on its own (`elements` placed by `layout`, no resource around it): what the dashboard
 * API's `spec` and the Grafana Terraform provider's `grafana_apps_dashboard_dashboard_v2` take.
 */
export function normalizeGrafanaV2Spec(spec: Record<string, unknown>, specPointer: string, name: unknown): NormalizedDashboard {
  const problems: NormalizeProblem[] = [];
  const panels: Panel[] = [];
  const panelIds = new Set<number>();
  const reuse = new PanelReuse();
  // v2 names each variable's kind beside its spec (QueryVariable, CustomVariable, ...).
  const variables = variableValues(spec["variables"], (v) => (isRecord(v["spec"]) ? { kind: v["kind"], ...v["spec"] } : undefined));
  const elements = spec["elements"];
  // As Grafana draws it: an element no layout item references is on no panel of the dashboard.
  const placed = placedElements(spec["layout"]);
  if (!isRecord(elements)) problems.push({ pointer: childPointer(specPointer, "elements"), message: "elements is not an object" });
  else {
    for (const [key, element] of Object.entries(elements)) {
      if (placed && !placed.has(key)) continue;
      const pointer = childPointer(specPointer, "elements", key);
      if (!isRecord(element) || !isRecord(element["spec"])) {
        problems.push({ pointer, message: "element has no spec" });
        continue;
      }
      const s = element["spec"];
      // Grafana's v2 reference to a library panel (uid and name, no model), as it saves one.
      if (element["kind"] === "LibraryPanel") {
        problems.push({ pointer, message: unreadLibraryPanel(isRecord(s["libraryPanel"]) ? s["libraryPanel"] : {}, "in this file") });
        continue;
      }
      const viz = isRecord(s["vizConfig"]) && isRecord(s["vizConfig"]["spec"]) ? s["vizConfig"]["spec"] : {};
      const library = isRecord(s["libraryPanel"]) ? s["libraryPanel"] : undefined;
      const kind = v2PanelType(s["vizConfig"]);
      const shown = v2ShownQueries(s["data"]);
      const read: Panel = {
        path: pointer,
        title: interpolate(str(s["title"]) || (library ? str(library["name"]) : ""), variables),
        ...describe(s, interpolate(panelText(s, viz["options"]), variables), PROSE_PANELS.has(kind), (t) => interpolate(t, variables)),
        queries: [...v2Queries(s["data"], shown.reading), ...optionQueries(kind, viz["options"])].map((q) => interpolate(q, variables)),
        // As classic: each drawn query's series name (legendFormat, alias) is a label line ("Goal").
        thresholds: [...thresholdsOf(viz["fieldConfig"]), ...seriesLabels(v2QueryTargets(shown.drawn)), ...renamedSeries({ fieldConfig: viz["fieldConfig"], transformations: isRecord(s["data"]) && isRecord(s["data"]["spec"]) ? s["data"]["spec"]["transformations"] : undefined })],
        ...kindFlags(kind),
        ...(v2LogLineTable(kind, s["data"]) ? { listsEvents: true } : {}),
        ...(shown.noDataBecause ? { noDataBecause: shown.noDataBecause } : {}),
      };
      panels.push(read);
      if (typeof s["id"] === "number") panelIds.add(s["id"]);
      reuse.add(read, s["id"], v2QueryTargets(shown.reading));
    }
  }
  reuse.resolve();
  // v2 keeps each annotation's settings in its spec (kind AnnotationQuery).
  const overlays = annotationOverlays(spec["annotations"], childPointer(specPointer, "annotations"), panelIds, V2_ANNOTATION);
  return normalizedDashboard("grafana-v2", spec, name, panels, problems, childPointer(specPointer, "elements"), overlays);
}
