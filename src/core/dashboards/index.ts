/**
 * Dashboards: content detection and evaluation of one dashboard file (DESIGN.md "Adoption
 * dashboards"). Grafana classic (with provisioning wrapper and legacy rows), Grafana v2,
 * CloudWatch dashboard bodies, Datadog dashboards, SigNoz exports, Perses dashboards, New Relic
 * dashboards and Google Cloud Monitoring dashboards, also when another file (a Kubernetes manifest, Helm values) carries one as JSON text.
 */
import { inputErrorAt, type Evidence, type Finding, type InputError, type Suppression } from "../finding.js";
import type { Policy } from "../policy.js";
import { rule } from "./adoption-dashboard-no-incidents.js";
import { adoptionWordsIn } from "./classify.js";
import { normalizeCloudWatch } from "./cloudwatch.js";
import { normalizeDatadog } from "./datadog.js";
import { normalizeGrafanaClassic, normalizeGrafanaV2, normalizeGrafanaV2Spec } from "./grafana.js";
import { embeddedDashboardTexts, parsesToObject } from "./embedded.js";
import { shownText } from "./markup.js";
import { isNewRelicDashboard, normalizeNewRelic } from "./newrelic.js";
import { isCloudMonitoringDashboard, normalizeCloudMonitoring } from "./cloud-monitoring.js";
import { isPersesDashboard, normalizePerses } from "./perses.js";
import { isSigNozDashboard, normalizeSigNoz } from "./signoz.js";
import { isRecord } from "../is-record.js";
import { str, type NormalizedDashboard, type Panel } from "./model.js";

export type { NormalizedDashboard, Panel } from "./model.js";
export { tokenize } from "./tokenize.js";

/** The formats read, as messages name them. */
const FORMATS = "Grafana, CloudWatch, Datadog, SigNoz, Perses, New Relic or Cloud Monitoring JSON";

const CLOUDWATCH_BODY_KEYS = new Set(["widgets", "start", "end", "periodOverride", "variables"]);

/**
 * Which normalizer reads a value, or undefined when it is not a dashboard. Every format below is
 * recognized by one of these keys (a new format adds its own): asked of every object of every file
 * searched for embedded dashboards, most of which hold none of them.
 */
function locate(value: unknown): { normalize: () => NormalizedDashboard } | undefined {
  if (!isRecord(value)) return undefined;
  if (!("widgets" in value || "panels" in value || "rows" in value || "spec" in value || "dashboard" in value || "pages" in value || "displayName" in value || "elements" in value)) return undefined;
  // Grafana provisioning / API wrapper: {dashboard: {...}, folderId, overwrite}
  if (isRecord(value["dashboard"]) && !("widgets" in value)) {
    const inner = value["dashboard"];
    if (isGrafanaClassic(inner)) return { normalize: () => normalizeGrafanaClassic(inner, "/dashboard") };
    return undefined;
  }
  if (isGrafanaClassic(value)) return { normalize: () => normalizeGrafanaClassic(value, "") };
  // A resource whose spec is a classic dashboard: Grafana's own API versions before v2
  // (dashboard.grafana.app/v0alpha1, v1beta1: what grafanactl pulls and Git Sync stores) and Grizzly.
  const spec = value["spec"];
  if (str(value["kind"]) === "Dashboard" && isRecord(spec) && isGrafanaClassic(spec)) {
    const metadata = isRecord(value["metadata"]) ? value["metadata"] : {};
    return {
      normalize: () => {
        const d = normalizeGrafanaClassic(spec, "/spec");
        // The resource's name is the dashboard's uid there.
        if (d.uid === undefined && str(metadata["name"])) d.uid = str(metadata["name"]);
        return d;
      },
    };
  }
  if (isRecord(value["spec"]) && "elements" in value["spec"] && (str(value["kind"]) === "Dashboard" || str(value["apiVersion"]).startsWith("dashboard.grafana.app"))) {
    return { normalize: () => normalizeGrafanaV2(value, "") };
  }
  // The v2 spec alone, as the dashboard API and Terraform's grafana_apps_dashboard_dashboard_v2 take it.
  if (isGrafanaV2Spec(value)) return { normalize: () => normalizeGrafanaV2Spec(value, "", undefined) };
  if (isPersesDashboard(value)) return { normalize: () => normalizePerses(value, "") };
  if (isNewRelicDashboard(value)) return { normalize: () => normalizeNewRelic(value, "") };
  if (isCloudMonitoringDashboard(value)) return { normalize: () => normalizeCloudMonitoring(value, "") };
  const widgets = value["widgets"];
  if (Array.isArray(widgets)) {
    if ("layout_type" in value) return { normalize: () => normalizeDatadog(value, "") };
    if (isSigNozDashboard(value)) return { normalize: () => normalizeSigNoz(value, "") };
    const cloudWatchShaped = widgets.some((w) => isRecord(w) && typeof w["type"] === "string" && isRecord(w["properties"]));
    if (cloudWatchShaped || Object.keys(value).every((k) => CLOUDWATCH_BODY_KEYS.has(k))) return { normalize: () => normalizeCloudWatch(value, "") };
  }
  return undefined;
}

/** A v2 spec: elements by name and a layout of a kind (GridLayout, RowsLayout, TabsLayout, AutoGridLayout) that places them. */
function isGrafanaV2Spec(value: Record<string, unknown>): boolean {
  const layout = value["layout"];
  return isRecord(value["elements"]) && isRecord(layout) && /Layout$/.test(str(layout["kind"])) && !("spec" in value);
}

function isGrafanaClassic(value: Record<string, unknown>): boolean {
  const hasPanels = Array.isArray(value["panels"]) || Array.isArray(value["rows"]);
  const looksGrafana = "schemaVersion" in value || "uid" in value || "title" in value || "__inputs" in value || "__elements" in value;
  return hasPanels && looksGrafana && !("Resources" in value) && !isOtherProductsDashboard(value);
}

/**
 * Another product's dashboard with Grafana's `title` and `panels`: Kibana's Dashboards API
 * (dashboards as code, Kibana 9.4 on: each panel `{ type, id, grid, config }`, its title and query
 * in `config`, sections holding their own `panels`) and Sumo Logic's content export
 * (`DashboardV2SyncDefinition`: each panel `{ key, title, panelType, queries }`). Read as Grafana,
 * their panels queried nothing, so one of a coding tool's use passed; they are formats not read.
 * Grafana places a panel by `gridPos` (`span` in legacy rows) and queries it by `targets`: a
 * dashboard whose panels carry none of Grafana's keys and another product's is not Grafana's.
 */
const GRAFANA_PANEL_KEYS = ["gridPos", "span", "targets", "fieldConfig", "datasource"];
const isForeignPanel = (p: Record<string, unknown>): boolean => (isRecord(p["grid"]) && isRecord(p["config"])) || typeof p["panelType"] === "string";
function isOtherProductsDashboard(value: Record<string, unknown>): boolean {
  const panels: Record<string, unknown>[] = [];
  const collect = (list: unknown, depth: number): void => {
    if (!Array.isArray(list) || depth > 2) return;
    for (const p of list) {
      if (!isRecord(p)) continue;
      panels.push(p);
      collect(p["panels"], depth + 1);
    }
  };
  collect(value["panels"], 0);
  return !panels.some((p) => GRAFANA_PANEL_KEYS.some((k) => k in p)) && panels.some(isForeignPanel);
}

/**
 * A dashboard inside another file: a shape a reader recognizes, with a panel it can read. An
 * object that only looks like one (`{"widgets": [{"id": "news"}]}` in an app's settings) is not.
 */
const isEmbeddedDashboard = (value: unknown): boolean => (locate(value)?.normalize().panels.length ?? 0) > 0;

/** A dashboard file, or a file that carries one (embedded.ts). */
export function isDashboard(value: unknown): boolean {
  return locate(value) !== undefined || embeddedDashboardTexts(value, isEmbeddedDashboard) !== undefined;
}

/** Normalized panels of a dashboard, or undefined when the value is not one. */
export function normalizeDashboard(value: unknown): NormalizedDashboard | undefined {
  return locate(value)?.normalize();
}

/**
 * Keys of dashboards in formats not read here: Kibana saved objects (`panelsJSON`), Dynatrace
 * (`dashboardMetadata`, `tiles`), Azure portal dashboards (`lenses`) and workbooks (`version:
 * Notebook/1.0`, an ARM `microsoft.insights/workbooks`), OpenLIT (`widgets` by id), Apache
 * Superset's export (a dashboard's `dashboard_title`, a chart's `slice_name`) and Metabase's
 * serialization (a dashboard's `dashcards`, `ordered_cards` before Metabase 47).
 */
const DASHBOARD_PARTS = /widgets?$|panels|tiles|charts$|visuali[sz]ations?|lenses|layouts?$|workbook|^(?:dashboard_title|slice_name|dashcards|ordered_cards)$/i;
/**
 * What a `kind`, `type` or `version` names: a dashboard, workbook, board (Honeycomb's
 * `honeycombio_flexible_board`) or notebook. A key that only names dashboards (a catalogue's
 * `sample_dashboards`, an alert's `dashboard_url`) is no part of one.
 */
const DASHBOARD_KINDS = /dashboard|workbook|(?:^|_)board(?:_|$)|^notebook\//i;

/**
 * Keys whose values are what a reader of the dashboard sees: titles, descriptions, text, display
 * names (Terraform's `display_name`), Superset's titles (`dashboard_title`, a chart's `slice_name`, the
 * `sliceName` a dashboard shows it by) (a workbook
 * keeps its markdown in `json`, grafana-operator's `jsonnet` the dashboard's source, not evaluated), tags.
 */
const PROSE_KEYS = /^(title|name|display_?name|description|subtitle|label|text|content|markdown|json|jsonnet|tags?|labels?|dashboard_title|slice_?name(?:override)?|nativeQueryRef|NativeReferenceName|textRuns|(?:title|subtitle|body|note)_text)$/i;
/**
 * Power BI writes a visual's title and text as an expression, `text: { expr: { Literal: { Value:
 * "'Weekly active users'" } } }`: what a prose key holds through these wrappers is still prose.
 * A text box's words are runs, `paragraphs: [{ textRuns: [{ value: "GitHub Copilot adoption",
 * textStyle }] }]` (PBIR and PBIR-legacy alike): a run's `value` is what the page shows, its style is not.
 * Its fields are shown by `nativeQueryRef` (PBIR) and `NativeReferenceName` (PBIR-legacy), above;
 * a LookML dashboard's text tiles by `title_text`, `subtitle_text` and `body_text`, a tile's note by `note_text`.
 */
const EXPRESSION_WRAPPERS = /^(expr|Literal|[Vv]alue)$/;

/**
 * Every key and string inside a value (`all`), and the strings a reader sees (`prose`): a tool
 * counts only where the dashboard names it to its reader, not in a query that may exclude it
 * (`AND empty(SpanAttributes['coding_agent.client'])`). A string that is JSON text of an object
 * or list is read as what it holds (Kibana's `panelsJSON` and `visState`, a workbook's
 * `serializedData`): a by-value panel's title is in that text.
 */
function wordsOf(value: unknown, out: { all: string[]; prose: string[] }, prose = false): { all: string[]; prose: string[] } {
  if (typeof value === "string") {
    const held = /^\s*[[{]/.test(value) ? parsesToObject(value) : undefined;
    if (held !== undefined) return wordsOf(held, out);
    // Of markdown or HTML a reader sees the text, not its tags and styles (a CSS `cursor: auto`).
    const shown = prose ? shownText(value) : value;
    out.all.push(shown);
    if (prose) out.prose.push(shown);
  } else if (Array.isArray(value)) for (const v of value) wordsOf(v, out, prose);
  else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      out.all.push(k);
      wordsOf(v, out, PROSE_KEYS.test(k) || (prose && EXPRESSION_WRAPPERS.test(k)));
    }
  }
  return out;
}

/** A dashboard's shape: a key or kind of one, at its top or one level down, or a Kibana panel's saved object or a Power BI report's part. */
function hasDashboardShape(value: Record<string, unknown>): boolean {
  const keys = [...Object.keys(value), ...Object.values(value).filter(isRecord).flatMap((v) => Object.keys(v))];
  return keys.some((k) => DASHBOARD_PARTS.test(k)) || namesDashboardKind(value) || isKibanaPanelObject(value) || isPowerBiReportPart(value) || isLookmlDashboard(value);
}

/** A Looker LookML dashboard (`*.dashboard.lookml`: `- dashboard: <name>` with its `elements`, the tiles). */
const isLookmlDashboard = (value: Record<string, unknown>): boolean => typeof value["dashboard"] === "string" && Array.isArray(value["elements"]);

/**
 * Power BI reports kept as files (a .pbip project, pbi-tools' PbixProj): the enhanced report format
 * (PBIR) names its schema in each file (`definition/report.json`, `pages/<page>/page.json`,
 * `visuals/<visual>/visual.json`: `$schema` of `.../item/report/definition/...`); PBIR-legacy's
 * report.json and PbixProj's `section.json` hold a page's visuals in `visualContainers` (a report
 * its pages in `sections`). A report is a dashboard of visuals none of the readers here read.
 */
const POWER_BI_REPORT_SCHEMA = /\/item\/report\/definition\//i;
const holdsVisualContainers = (value: unknown): boolean => isRecord(value) && Array.isArray(value["visualContainers"]);
function isPowerBiReportPart(value: Record<string, unknown>): boolean {
  if (POWER_BI_REPORT_SCHEMA.test(str(value["$schema"])) || holdsVisualContainers(value)) return true;
  const sections = value["sections"];
  return (Array.isArray(sections) && sections.some(holdsVisualContainers)) || (isRecord(value["visual"]) && typeof value["visual"]["visualType"] === "string");
}

/**
 * A PBIR page (`pages/<page>/page.json`): its visuals are files of their own
 * (`pages/<page>/visuals/<visual>/visual.json`), what they measure is not in the page's file.
 */
function powerBiVisualsElsewhere(records: readonly unknown[]): string[] {
  const pages = records.filter((r): r is Record<string, unknown> => isRecord(r) && /\/item\/report\/definition\/page\//i.test(str(r["$schema"])));
  return pages.map((page) => str(page["name"]) || "(unnamed page)");
}

/**
 * Kibana saved objects a dashboard's panels are (`type` and `attributes`, as the export and
 * elastic-package's `kibana/<type>/<id>.json` write them). A split export keeps each in a file of
 * its own: a legacy visualization names no part of a dashboard (its `visState` is text), yet its
 * title and aggregations are the panel's.
 */
const KIBANA_PANEL_TYPES = new Set(["visualization", "lens", "search", "map"]);
const isKibanaPanelObject = (value: Record<string, unknown>): boolean => KIBANA_PANEL_TYPES.has(str(value["type"])) && isRecord(value["attributes"]);

/**
 * The ids of the saved objects a Kibana dashboard's panels are, that the value read does not hold
 * (a split export: the dashboard in one file, each panel's visualization or Lens in its own; or
 * objects the export left out). Panels added by value hold their own state and are not counted.
 */
function kibanaPanelsElsewhere(records: readonly unknown[]): string[] {
  const held = new Set(records.filter(isRecord).map((r) => str(r["id"])).filter((id) => id !== ""));
  const missing: string[] = [];
  for (const r of records) {
    if (!isRecord(r) || !isRecord(r["attributes"]) || !("panelsJSON" in r["attributes"])) continue;
    const references = Array.isArray(r["references"]) ? r["references"].filter(isRecord) : [];
    // Kibana 7.0 on: each by-reference panel's object in `references` (name `panel_0` or `<panelIndex>:panel_<n>`).
    const ids = references.filter((ref) => KIBANA_PANEL_TYPES.has(str(ref["type"]))).map((ref) => str(ref["id"]));
    // Before 7.0 a panel named its object's `id` and `type` in panelsJSON itself.
    const panels = r["attributes"]["panelsJSON"];
    const list: unknown = typeof panels === "string" ? parsesToObject(panels) : panels;
    if (Array.isArray(list)) for (const p of list) if (isRecord(p) && KIBANA_PANEL_TYPES.has(str(p["type"])) && str(p["id"])) ids.push(str(p["id"]));
    for (const id of ids) if (id !== "" && !held.has(id) && !missing.includes(id)) missing.push(id);
  }
  return missing;
}

/**
 * The ids of the saved queries a Honeycomb board's query panels show (the Boards API's flexible
 * board: `panels[].query_panel.query_id`; the query and its title, a query annotation, are kept in
 * Honeycomb, not in the board).
 */
function honeycombQueriesElsewhere(records: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const r of records) {
    if (!isRecord(r) || !Array.isArray(r["panels"])) continue;
    for (const p of r["panels"]) {
      const query = isRecord(p) ? p["query_panel"] : undefined;
      const id = isRecord(query) ? str(query["query_id"]) : "";
      if (id !== "" && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

/**
 * The charts a Superset dashboard export places (`position`: a `CHART` component's `meta.uuid`, or
 * `chartId`) and the cards a Metabase dashboard holds (`dashcards[].card_id`, `ordered_cards`
 * before Metabase 47): each is a file of its own in the export, whose title and query the
 * dashboard's file does not hold.
 */
function supersetChartsElsewhere(records: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const r of records) {
    if (!isRecord(r) || !("dashboard_title" in r) || !isRecord(r["position"])) continue;
    for (const component of Object.values(r["position"])) {
      if (!isRecord(component) || str(component["type"]) !== "CHART" || !isRecord(component["meta"])) continue;
      const id = str(component["meta"]["uuid"]) || str(component["meta"]["chartId"]);
      if (id !== "" && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

function metabaseCardsElsewhere(records: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const r of records) {
    if (!isRecord(r)) continue;
    for (const key of ["dashcards", "ordered_cards"]) {
      const cards = r[key];
      if (!Array.isArray(cards)) continue;
      for (const c of cards) {
        const id = isRecord(c) ? str(c["card_id"]) : "";
        if (id !== "" && !ids.includes(id)) ids.push(id);
      }
    }
  }
  return ids;
}

/** Panels a dashboard shows from objects it does not hold, and where they are, for the message. */
function panelsElsewhere(records: readonly unknown[]): { what: string; where: string; ids: string[] } | undefined {
  const kibana = kibanaPanelsElsewhere(records);
  if (kibana.length) return { what: "Kibana dashboard", where: "saved objects kept in other files", ids: kibana };
  const honeycomb = honeycombQueriesElsewhere(records);
  if (honeycomb.length) return { what: "Honeycomb board", where: "queries saved in Honeycomb", ids: honeycomb };
  const superset = supersetChartsElsewhere(records);
  if (superset.length) return { what: "Superset dashboard", where: "charts kept in other files", ids: superset };
  const metabase = metabaseCardsElsewhere(records);
  if (metabase.length) return { what: "Metabase dashboard", where: "cards kept in other files", ids: metabase };
  const powerBi = powerBiVisualsElsewhere(records);
  if (powerBi.length) return { what: "Power BI report", where: "visuals kept in other files", ids: powerBi };
  return undefined;
}

const namesDashboardKind = (value: Record<string, unknown>): boolean => [str(value["kind"]), str(value["type"]), str(value["version"])].some((k) => DASHBOARD_KINDS.test(k));

/**
 * A file no reader recognizes that has a dashboard's shape, names an AI coding tool to its reader
 * and holds a measure of use: an adoption dashboard in a format not read here, whose incident
 * panels cannot be looked for. Says why and where (the dashboard's record in a file of records), or
 * undefined when the file does not look like one (a package.json, an app's settings).
 *
 * A list of records (JSON Lines, Kibana's saved-objects export: the dashboard on one line, each
 * panel's visualization on its own) is judged as one file: the dashboard's title may name the tool
 * while only its visualizations name the measures.
 */
export function unreadAdoptionDashboardAt(value: unknown, policy: Policy): { message: string; pointer: string } | undefined {
  if (!policy.dashboards.enabled) return undefined;
  const records = Array.isArray(value) ? value.map((v, i) => ({ v, pointer: `/${i}` })) : [{ v: value, pointer: "" }];
  const shaped = records.filter((r): r is { v: Record<string, unknown>; pointer: string } => isRecord(r.v) && locate(r.v) === undefined && hasDashboardShape(r.v));
  if (shaped.length === 0) return undefined;
  const words = wordsOf(value, { all: [], prose: [] });
  // The tool as its reader sees it named; another product of the same name anywhere in the file
  // (an Azure workbook's "Ask Copilot" link that opens Copilot in Azure) makes the shared name its.
  const { tools } = adoptionWordsIn(words.prose, policy.dashboards.vocabulary, true, words.all);
  if (tools.length === 0) return undefined;
  // The record that is the dashboard itself, before its visualizations.
  const pointer = (shaped.find((r) => namesDashboardKind(r.v)) ?? (shaped[0] as { pointer: string })).pointer;
  const { terms } = adoptionWordsIn(words.all, policy.dashboards.vocabulary);
  if (terms.length > 0) {
    return {
      message:
        `looks like a dashboard of ${tools.join(", ")} use (${terms.slice(0, 4).join(", ")}) in a format agent-guardrail does not read ` +
        `(it reads ${FORMATS}): whether it records incidents cannot be shown (fail closed); keep the dashboard in one of those formats, or scan without this file`,
      pointer,
    };
  }
  // A dashboard that names the tool while what its panels measure is in objects this file does not
  // hold (a Kibana split export's saved objects, a Honeycomb board's saved queries): they may measure
  // its use (fail closed), as the export holding them would.
  const elsewhere = panelsElsewhere(records.map((r) => r.v));
  if (!elsewhere) return undefined;
  const { ids } = elsewhere;
  return {
    message:
      `looks like a ${elsewhere.what} of ${tools.join(", ")} whose panels are ${elsewhere.where} (${ids.slice(0, 3).join(", ")}${ids.length > 3 ? ` and ${ids.length - 3} more` : ""}), ` +
      `in a format agent-guardrail does not read (it reads ${FORMATS}): what they measure and whether the dashboard records incidents cannot be shown (fail closed); keep the dashboard in one of those formats, or scan without this file`,
    pointer,
  };
}

export const unreadAdoptionDashboard = (value: unknown, policy: Policy): string | undefined => unreadAdoptionDashboardAt(value, policy)?.message;

/**
 * Jsonnet that builds a Grafana dashboard: Grafonnet (`import '.../grafonnet/...'`,
 * `dashboard.new(`, `withPanels(`, `addPanel(`) or a `panels` field. Other Jsonnet (a mixin's
 * alerts, a Tanka environment, a config) builds none.
 */
const JSONNET_DASHBOARD = /grafonnet|\bdashboard\s*\.\s*new\s*\(|\.\s*(?:withPanels|addPanels?|addRows?)\s*\(|\bpanels\s*\+?:{1,3}/;

/**
 * A Jsonnet source (`.jsonnet`, `.libsonnet`) of a dashboard that names a coding tool and a measure
 * of its use: why it fails closed, or undefined. Jsonnet is not evaluated, so whether the dashboard
 * it builds records incidents cannot be shown; its text is read as grafana-operator's
 * `spec.jsonnet` is (the whole source as what its reader sees).
 */
export function unreadJsonnetDashboard(text: string, policy: Policy): string | undefined {
  if (!JSONNET_DASHBOARD.test(text)) return undefined;
  const unread = unreadAdoptionDashboardAt({ kind: "Dashboard", jsonnet: text }, policy);
  return unread ? `Jsonnet source of a dashboard, not evaluated: ${unread.message}` : undefined;
}

/**
 * A Tableau workbook (`.twb`: XML, a `<workbook>` with its `<worksheets>` and `<dashboards>`; a
 * `.twbx` is a zip holding one, opened in packaged.ts). What its reader sees: each worksheet's and dashboard's name (a tab,
 * a sheet's default title), a dashboard zone's name (the sheet it shows), the captions of data
 * sources and columns, and the text runs of titles and text objects (`<run>…</run>`); the whole text
 * is read for measures and namesakes, as a file of a format not read is.
 */
const TABLEAU_WORKBOOK = /<workbook[\s>]/;
const TABLEAU_SHEET = /<(?:worksheet|dashboard)[\s>]/;
const XML_ENTITIES: Readonly<Record<string, string>> = { amp: "&", apos: "'", quot: '"', lt: "<", gt: ">" };
const xmlText = (value: string): string =>
  value.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(\w+));/gi, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return XML_ENTITIES[(name ?? "").toLowerCase()] ?? whole;
  });

/** Why a Tableau workbook's text fails closed (a dashboard of a coding tool's use), or undefined. */
export function unreadTableauWorkbook(text: string, policy: Policy): string | undefined {
  const unread = unreadTableauDashboard(text, policy);
  return unread ? `Tableau workbook, not read: ${unread}` : undefined;
}

/** What a Tableau workbook's text shows of a coding tool's use, or undefined (a `.twb`, or one a `.twbx` holds). */
export function unreadTableauDashboard(text: string, policy: Policy): string | undefined {
  if (!TABLEAU_WORKBOOK.test(text) || !TABLEAU_SHEET.test(text)) return undefined;
  const shown: string[] = [];
  for (const m of text.matchAll(/<(?:worksheet|dashboard|zone)\b[^>]*?\sname=(['"])(.*?)\1/g)) shown.push(xmlText(m[2] ?? ""));
  for (const m of text.matchAll(/\scaption=(['"])(.*?)\1/g)) shown.push(xmlText(m[2] ?? ""));
  for (const m of text.matchAll(/<run\b[^>]*>([^<]*)<\/run>/g)) shown.push(xmlText(m[1] ?? ""));
  return unreadAdoptionDashboardAt({ kind: "Dashboard", text: shown, source: xmlText(text) }, policy)?.message;
}

const TAG = "agent-guardrail:ignore-incidents";

/** The dashboard's own suppression tag; a missing or short reason is an input error, not a waiver. */
export function tagSuppression(tags: readonly string[]): { suppression: Suppression | null; error?: string } {
  for (const tag of tags) {
    if (tag !== TAG && !tag.startsWith(`${TAG}=`) && !tag.startsWith(`${TAG}:`)) continue;
    const reason = tag.slice(TAG.length + 1).trim();
    if (reason.length < 10) return { suppression: null, error: `dashboard tag "${tag}" needs a reason of at least 10 characters (${TAG}=<reason>)` };
    return { suppression: { reason, by: "dashboard tag" } };
  }
  return { suppression: null };
}

export function dashboardSubject(d: NormalizedDashboard, fallback: string): string {
  if (!d.title && !d.uid) return `dashboard ${fallback}`;
  return `dashboard "${d.title ?? "untitled"}"${d.uid ? ` (uid ${d.uid})` : ""}`;
}

export interface EvaluatedDashboard {
  findings: Finding[];
  errors: InputError[];
}

/** Shared by files and CloudFormation bodies: problems and empty dashboards fail closed. */
export function evaluateNormalized(
  d: NormalizedDashboard,
  where: { file: string; subject: string; evidenceFor: (panel: Panel) => Evidence; lineOf: (pointer: string) => number | undefined },
  policy: Policy,
): EvaluatedDashboard {
  const errors: InputError[] = [];
  const error = (message: string, pointer?: string): void => {
    errors.push(inputErrorAt(where.file, pointer, where.lineOf, message));
  };
  for (const p of d.problems) error(`malformed ${d.format} dashboard at ${p.pointer || "/"}: ${p.message}`, p.pointer);
  if (d.panels.length === 0 && d.problems.length === 0) error(`${d.format} dashboard ${where.subject.replace(/^dashboard /, "")} has no panels: nothing to evaluate`, d.panelsAt ?? "");
  const tag = tagSuppression(d.tags);
  if (tag.error) error(tag.error);
  // A dashboard we could not read completely cannot be shown not to need incidents (fail closed).
  if (errors.length) return { findings: [], errors };
  const findings = rule.evaluate({ dashboard: d, subject: where.subject, evidenceFor: where.evidenceFor, suppression: tag.suppression }, policy);
  return { findings, errors };
}

/** How a dashboard written as text inside another file is read and named. */
export interface DashboardText {
  text: string;
  /** What the text is, for messages: `DashboardBody of orders-prod/Board`. */
  label: string;
  /** Where the text is written: every finding and error of the dashboard points there. */
  evidence: Evidence;
  expected: string;
  normalize: (body: Record<string, unknown>) => NormalizedDashboard | undefined;
  parse?: (text: string) => unknown;
  subjectOf: (d: NormalizedDashboard) => string;
  panelNote: (panel: Panel) => string;
}

/** A dashboard held as JSON text (a template property, a manifest entry): parsed, normalized, judged where the text is. */
export function evaluateDashboardText(input: DashboardText, policy: Policy): EvaluatedDashboard {
  const file = input.evidence.file ?? input.label;
  const at = (message: string): InputError => ({ file, ...(input.evidence.line !== undefined ? { line: input.evidence.line } : {}), message });
  let body: unknown;
  try {
    body = (input.parse ?? JSON.parse)(input.text);
  } catch (e) {
    return { findings: [], errors: [at(`${input.label} is not valid JSON: ${(e as Error).message}`)] };
  }
  const d = isRecord(body) ? input.normalize(body) : undefined;
  if (!d) return { findings: [], errors: [at(`${input.label} is not ${input.expected}`)] };
  return evaluateNormalized(d, { file, subject: input.subjectOf(d), lineOf: () => input.evidence.line, evidenceFor: (panel) => ({ ...input.evidence, note: input.panelNote(panel) }) }, policy);
}

/** Each dashboard a file carries as JSON text, judged where the text is. */
function evaluateEmbeddedDashboards(input: { file: string; value: unknown; lineOf?: (pointer: string) => number | undefined }, policy: Policy): EvaluatedDashboard | undefined {
  const texts = embeddedDashboardTexts(input.value, isEmbeddedDashboard);
  if (!texts) return undefined;
  const out: EvaluatedDashboard = { findings: [], errors: [] };
  for (const t of texts) {
    const line = input.lineOf?.(t.pointer);
    if (t.error !== undefined) {
      out.errors.push({ file: input.file, ...(line !== undefined ? { line } : {}), message: `${t.label} ${t.error}` });
      continue;
    }
    const result = evaluateDashboardText(
      {
        text: t.text,
        // Read once where it was found; text that did not parse is parsed again for its error.
        ...(t.value !== undefined ? { parse: () => t.value } : {}),
        label: t.label,
        evidence: { file: input.file, ...(line !== undefined ? { line } : {}), pointer: t.pointer },
        expected: `a recognized dashboard (${FORMATS})`,
        normalize: normalizeDashboard,
        subjectOf: (d) => (d.title || d.uid ? `${dashboardSubject(d, "")} (${t.label})` : `dashboard in ${t.label}`),
        panelNote: (panel) => `panel ${panel.path} of the dashboard in ${t.label}`,
      },
      policy,
    );
    out.findings.push(...result.findings);
    out.errors.push(...result.errors);
  }
  return out;
}

export function evaluateDashboardFile(input: { file: string; value: unknown; lineOf?: (pointer: string) => number | undefined }, policy: Policy): EvaluatedDashboard {
  const d = normalizeDashboard(input.value);
  const lineOf = (pointer: string): number | undefined => input.lineOf?.(pointer);
  if (!d) return evaluateEmbeddedDashboards(input, policy) ?? { findings: [], errors: [{ file: input.file, message: `not a recognized dashboard (${FORMATS})` }] };
  return evaluateNormalized(
    d,
    {
      file: input.file,
      subject: dashboardSubject(d, input.file),
      lineOf,
      evidenceFor: (panel) => {
        const line = lineOf(panel.path);
        return { file: input.file, ...(line !== undefined ? { line } : {}), pointer: panel.path };
      },
    },
    policy,
  );
}
