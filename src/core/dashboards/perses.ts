/**
 * Perses dashboards (`spec.panels` placed by `spec.layouts`): Perses's own (`kind: Dashboard`, or
 * the `PersesDashboard` resource of its operator) and SigNoz's current export, which wraps a
 * Perses spec with `schemaVersion`, `generateName` and `{key, value}` tags.
 */
import { childPointer, unescapeSegment } from "../source/pointer.js";
import { isRecord } from "../is-record.js";
import { byStepValue, collectQueries, namesInTree, normalizedDashboard, str, type NormalizedDashboard, type NormalizeProblem, type Panel, type PanelThreshold } from "./model.js";
import { BLANK, blankQuery, DISABLED, legendLabels, SIGNOZ_NON_QUERY_KEYS, signozThresholds } from "./signoz.js";

const PERSES_KINDS = new Set(["Dashboard", "PersesDashboard"]);

/** Panel plugins that show single log lines or spans: they list events and measure nothing. */
const LISTING_PLUGINS = /(^|\/)(ListPanel|LogsTable|TraceTable|TracingGanttChart)$/;
/** Perses's Markdown panel shows its author's text (`spec.text`), no data. */
const PROSE_PLUGIN = "Markdown";

const PANEL_REF = "#/spec/panels/";

/**
 * The dashboard spec and where it is: `spec`, or, in the operator's `PersesDashboard` of
 * `perses.dev/v1alpha2` (what OpenShift's Cluster Observability Operator applies), `spec.config`,
 * whose panels the layouts still name `#/spec/panels/<key>`.
 */
function persesSpec(value: Record<string, unknown>, base: string): { spec: Record<string, unknown>; pointer: string } | undefined {
  const spec = value["spec"];
  if (!isRecord(spec)) return undefined;
  const config = spec["config"];
  if (str(value["kind"]) === "PersesDashboard" && !("panels" in spec) && isRecord(config)) return { spec: config, pointer: childPointer(base, "spec", "config") };
  return { spec, pointer: childPointer(base, "spec") };
}

export function isPersesDashboard(value: Record<string, unknown>): boolean {
  const spec = persesSpec(value, "")?.spec;
  if (!isRecord(spec) || !isRecord(spec["panels"]) || "elements" in spec) return false;
  const signoz = "schemaVersion" in value && "generateName" in value;
  return PERSES_KINDS.has(str(value["kind"])) || signoz;
}

/** Panel keys the layouts place (`$ref: "#/spec/panels/<key>"`); undefined when there is no layout list. */
function placedPanels(layouts: unknown): Set<string> | undefined {
  if (!Array.isArray(layouts)) return undefined;
  return namesInTree(layouts, (record) => {
    const ref = record["$ref"];
    return typeof ref === "string" && ref.startsWith(PANEL_REF) ? unescapeSegment(ref.slice(PANEL_REF.length)) : undefined;
  });
}

/** Perses's own thresholds (`{steps: [{value, color, name}]}`) or SigNoz's list. */
function thresholdsOf(value: unknown): PanelThreshold[] {
  if (Array.isArray(value)) return signozThresholds(value);
  if (!isRecord(value) || !Array.isArray(value["steps"])) return [];
  // Below the first step, Perses draws `defaultColor`, or its theme's colour when none is written.
  let under = str(value["defaultColor"]) || undefined;
  return byStepValue(value["steps"].filter(isRecord)).map((s) => {
    const step: PanelThreshold = {
      value: typeof s["value"] === "number" ? s["value"] : null,
      ...(str(s["color"]) ? { color: str(s["color"]) } : {}),
      ...(str(s["name"]) ? { label: str(s["name"]) } : {}),
      under: under !== undefined ? { color: under } : {},
    };
    under = str(s["color"]) || undefined;
    return step;
  });
}

/**
 * SigNoz writes tags as `{key, value}`: the value is the tag (`ai`, `github-copilot`), and
 * `key=value` keeps what a named key says (`agent-guardrail:ignore-incidents` = its reason).
 */
function tagTexts(tag: unknown): string[] {
  if (!isRecord(tag)) return [str(tag)];
  const key = str(tag["key"]);
  const value = str(tag["value"]);
  return key && key !== "tag" ? [value, `${key}=${value}`] : [value];
}

function panelOf(key: string, panel: unknown, pointer: string, problems: NormalizeProblem[]): Panel | undefined {
  if (!isRecord(panel) || !isRecord(panel["spec"])) {
    problems.push({ pointer, message: `panel ${key} has no spec` });
    return undefined;
  }
  const spec = panel["spec"];
  const display = isRecord(spec["display"]) ? spec["display"] : {};
  const plugin = isRecord(spec["plugin"]) ? spec["plugin"] : {};
  const pluginSpec = isRecord(plugin["spec"]) ? plugin["spec"] : {};
  const written: unknown[] = [];
  const queries = spec["queries"];
  if (queries !== undefined && !Array.isArray(queries)) problems.push({ pointer: childPointer(pointer, "spec", "queries"), message: "queries is not a list" });
  else if (Array.isArray(queries)) {
    queries.forEach((q, i) => {
      const querySpec = isRecord(q) && isRecord(q["spec"]) && isRecord(q["spec"]["plugin"]) ? q["spec"]["plugin"]["spec"] : undefined;
      if (querySpec === undefined) problems.push({ pointer: childPointer(pointer, "spec", "queries", i), message: "query has no plugin spec" });
      else written.push(querySpec);
    });
  }
  const drawn = drawnQuerySpecs(written);
  const querySpecs = withoutBlankQueries(drawn);
  let noDataBecause: string | undefined;
  if (collectQueries(querySpecs, SIGNOZ_NON_QUERY_KEYS).length === 0 && collectQueries(written, SIGNOZ_NON_QUERY_KEYS).length > 0) {
    noDataBecause = collectQueries(drawn, SIGNOZ_NON_QUERY_KEYS).length > 0 ? BLANK : DISABLED;
  }
  return {
    path: pointer,
    title: str(display["name"]),
    ...(str(plugin["kind"]) === PROSE_PLUGIN
      ? { text: [str(display["description"]), str(pluginSpec["text"])].filter(Boolean).join("\n") }
      : { text: "", ...(str(display["description"]) ? { description: str(display["description"]) } : {}) }),
    queries: collectQueries(querySpecs, SIGNOZ_NON_QUERY_KEYS),
    thresholds: [...thresholdsOf(pluginSpec["thresholds"]), ...legendLabels(querySpecs)],
    ...(LISTING_PLUGINS.test(str(plugin["kind"])) ? { listsEvents: true } : {}),
    ...(str(plugin["kind"]) === PROSE_PLUGIN ? { prose: true } : {}),
    ...(noDataBecause ? { noDataBecause } : {}),
  };
}

/** The query specs without those whose query is blank (also inside SigNoz's composite queries): their series names and data sources read nothing. */
function withoutBlankQueries(specs: readonly unknown[]): unknown[] {
  return specs.flatMap((s) => {
    if (blankQuery(s)) return [];
    if (!isRecord(s) || !Array.isArray(s["queries"])) return [s];
    return [{ ...s, queries: s["queries"].filter((i) => !(isRecord(i) && blankQuery(i["spec"]))) }];
  });
}

/**
 * SigNoz's composite queries as SigNoz draws them (`{queries: [{type, spec}]}`): a disabled
 * builder, PromQL or ClickHouse query draws nothing unless an enabled formula (`builder_formula`)
 * of the panel reads it; a disabled query plugin of its own likewise. Other plugins are read whole.
 */
function drawnQuerySpecs(specs: readonly unknown[]): unknown[] {
  const items = specs.flatMap((s) => (isRecord(s) && Array.isArray(s["queries"]) ? s["queries"].filter(isRecord) : []));
  const specOf = (item: Record<string, unknown>): Record<string, unknown> => (isRecord(item["spec"]) ? item["spec"] : {});
  const formulaReads = items.some((i) => /formula/.test(str(i["type"])) && specOf(i)["disabled"] !== true) || specs.some((s) => isRecord(s) && /formula/i.test(str(s["type"])) && s["disabled"] !== true);
  if (formulaReads) return [...specs];
  return specs.flatMap((s) => {
    if (!isRecord(s)) return [s];
    if (s["disabled"] === true) return [];
    if (!Array.isArray(s["queries"])) return [s];
    return [{ ...s, queries: s["queries"].filter((i) => !(isRecord(i) && specOf(i)["disabled"] === true)) }];
  });
}

export function normalizePerses(dashboard: Record<string, unknown>, base: string): NormalizedDashboard {
  const { spec, pointer: specPointer } = persesSpec(dashboard, base) as { spec: Record<string, unknown>; pointer: string };
  const problems: NormalizeProblem[] = [];
  const panels: Panel[] = [];
  // A panel no layout places is not on the dashboard (every panel of SigNoz's 132 published ones is placed).
  const placed = placedPanels(spec["layouts"]);
  for (const [key, panel] of Object.entries(spec["panels"] as Record<string, unknown>)) {
    if (placed && !placed.has(key)) continue;
    const read = panelOf(key, panel, childPointer(specPointer, "panels", key), problems);
    if (read) panels.push(read);
  }
  const display = isRecord(spec["display"]) ? spec["display"] : {};
  const metadata = isRecord(dashboard["metadata"]) ? dashboard["metadata"] : {};
  const tags = Array.isArray(dashboard["tags"]) ? dashboard["tags"] : Array.isArray(metadata["tags"]) ? metadata["tags"] : [];
  const source = { title: display["name"] ?? metadata["name"], description: display["description"], tags: tags.flatMap(tagTexts) };
  return normalizedDashboard("perses", source, metadata["name"], panels, problems, childPointer(specPointer, "panels"));
}
