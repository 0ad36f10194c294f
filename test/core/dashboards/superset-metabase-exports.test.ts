/**
 * Apache Superset and Metabase keep dashboards as code in YAML, one object a file: Superset's
 * export (`dashboards/<title>_<id>.yaml` with `dashboard_title` and a `position` of its charts by
 * `sliceName`, `charts/<name>_<id>.yaml` with `slice_name`, `viz_type` and `params`), Metabase's
 * serialization (a dashboard's `dashcards` by `card_id`, each card in its own file). Neither had a
 * dashboard's shape here, and their titles (`dashboard_title`, `slice_name`) were not read as what
 * a reader sees: a GitHub Copilot adoption dashboard in either passed a repository scan as no
 * input. They are formats not read now: one that names a coding tool and a measure, or a dashboard
 * that names the tool while its charts or cards are kept in other files, is an input error.
 */
import { unreadAdoptionDashboard } from "../../../src/core/dashboards/index.js";
import { defaultPolicy } from "./helpers.js";

const unread = (value: unknown): string | undefined => unreadAdoptionDashboard(value, defaultPolicy);

/** A Superset dashboard export (`superset export-dashboards`), as deeppavlov/chatsky's superset_dashboard/ has it. */
const supersetDashboard = (title: string, sliceName: string): Record<string, unknown> => ({
  dashboard_title: title,
  description: null,
  css: "",
  slug: title.toLowerCase().replace(/\W+/g, "-"),
  uuid: "3f0b5a4e-6d4b-4c53-8f61-0e6a0c2f9b11",
  position: {
    "CHART-x1a2b3": { children: [], id: "CHART-x1a2b3", meta: { chartId: 12, height: 50, sliceName, uuid: "0b9e1c1e-7a0c-4f6e-9f4e-2b7e0b1d2c33", width: 4 }, parents: ["ROOT_ID", "GRID_ID", "ROW-1"], type: "CHART" },
    DASHBOARD_VERSION_KEY: "v2",
    GRID_ID: { children: ["ROW-1"], id: "GRID_ID", parents: ["ROOT_ID"], type: "GRID" },
    ROOT_ID: { children: ["GRID_ID"], id: "ROOT_ID", type: "ROOT" },
  },
  metadata: { color_scheme: "", refresh_frequency: 0, expanded_slices: {}, chart_configuration: {}, native_filter_configuration: [] },
  version: "1.0.0",
});

const supersetChart = (sliceName: string): Record<string, unknown> => ({
  slice_name: sliceName,
  description: null,
  viz_type: "big_number",
  params: { datasource: "2__table", viz_type: "big_number", metric: { expressionType: "SQL", sqlExpression: "COUNT(DISTINCT user_login)", label: "users" } },
  query_context: null,
  cache_timeout: null,
  uuid: "0b9e1c1e-7a0c-4f6e-9f4e-2b7e0b1d2c33",
  version: "1.0.0",
  dataset_uuid: "1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
});

/** A Metabase serialized dashboard (`mb export`): its cards by entity id, each in a file of its own. */
const metabaseDashboard = (name: string): Record<string, unknown> => ({
  name,
  description: null,
  entity_id: "Xq3vHnU2cQYb0lFhK1sPz",
  collection_id: "M-Q4pcV0qkiyJ0kiSWECl",
  archived: false,
  dashcards: [{ card_id: "9cTq2WJzWmVb3T0aXzF4P", entity_id: "lZp7f8vW0c5q3Kj1sA2bR", row: 0, col: 0, size_x: 12, size_y: 6, parameter_mappings: [], visualization_settings: {} }],
  "serdes/meta": [{ id: "Xq3vHnU2cQYb0lFhK1sPz", label: name.toLowerCase().replace(/\W+/g, "_"), model: "Dashboard" }],
});

describe("Superset and Metabase dashboards as code", () => {
  it("a Superset dashboard titled for GitHub Copilot with a chart of weekly active users: an input error", () => {
    expect(unread(supersetDashboard("GitHub Copilot", "Weekly active users"))).toMatch(/^looks like a dashboard of GitHub Copilot use \(active users, weekly active users\)/);
  });

  it("a Superset dashboard titled for Claude Code whose charts name no measure: an input error (its charts are in other files)", () => {
    expect(unread(supersetDashboard("Claude Code", "Overview"))).toMatch(/^looks like a Superset dashboard of Claude Code whose panels are charts kept in other files \(0b9e1c1e-7a0c-4f6e-9f4e-2b7e0b1d2c33\)/);
  });

  it("a Superset chart of Cursor's acceptance rate: an input error", () => {
    expect(unread(supersetChart("Cursor acceptance rate"))).toMatch(/^looks like a dashboard of Cursor use \(acceptance rate/);
  });

  it("a Metabase dashboard titled for GitHub Copilot, its cards in other files: an input error", () => {
    expect(unread(metabaseDashboard("GitHub Copilot"))).toMatch(/^looks like a Metabase dashboard of GitHub Copilot whose panels are cards kept in other files \(9cTq2WJzWmVb3T0aXzF4P\)/);
  });

  // deeppavlov/chatsky @ cdfae50d (Apache-2.0), chatsky/config/superset_dashboard/: a chatbot
  // framework's statistics (node visits, requests, "Service load [users]"): no coding tool.
  it.each([
    ["a Superset dashboard of no coding tool", supersetDashboard("Chatsky statistics dashboard", "Service load [users]")],
    ["a Superset chart of no coding tool", supersetChart("Service load [users]")],
    ["a Metabase dashboard of no coding tool", metabaseDashboard("Orders")],
    ["a Superset export's metadata.yaml", { version: "1.0.0", type: "Dashboard", timestamp: "2023-09-15T11:46:43.125179+00:00" }],
  ])("%s: no input", (_name, value) => {
    expect(unread(value)).toBeUndefined();
  });
});

/**
 * Power BI reports kept as files. pbi-tools' PbixProj and a .pbip's PBIR-legacy report.json keep a
 * page's visuals in `visualContainers`, each visual's `config` JSON text (its title a literal
 * `'…'` in `vcObjects.title`, its fields by `NativeReferenceName`), as kbridgford/pr-dashboard's
 * `powerbi/pbixproj-full/Report/sections/001_CopilotImpact/section.json` does (@46510170; no
 * licence, so written here in its shape). The enhanced format (PBIR) keeps each page in
 * `definition/pages/<page>/page.json` and each visual in `visuals/<visual>/visual.json`.
 */
const literal = (text: string) => ({ expr: { Literal: { Value: `'${text}'` } } });
const pbixprojVisual = (name: string, measure: string, title: string) => ({
  config: JSON.stringify({
    name,
    layouts: [{ id: 0, position: { x: 20, y: 20, width: 220, height: 100 } }],
    singleVisual: {
      visualType: "card",
      projections: { Values: [{ queryRef: `m_${measure}` }] },
      prototypeQuery: { Version: 2, From: [{ Name: "p", Entity: "PRData", Type: 0 }], Select: [{ Measure: { Expression: { SourceRef: { Source: "p" } }, Property: measure }, Name: `m_${measure}`, NativeReferenceName: measure }] },
      drillFilterOtherVisuals: true,
      vcObjects: { title: [{ properties: { show: { expr: { Literal: { Value: "true" } } }, text: literal(title) } }] },
    },
  }),
  filters: "[]",
  x: 20,
  y: 20,
  width: 220,
  height: 100,
  tabOrder: 0,
});
const pbixprojSection = (displayName: string, visuals: unknown[]) => ({ id: 1, name: "impact_page", displayName, ordinal: 1, visualContainers: visuals, displayOption: 1, width: 1280, height: 720 });
const SCHEMA = "https://developer.microsoft.com/json-schemas/fabric/item/report/definition";
const pbirVisual = (entity: string, measure: string, title?: string) => ({
  $schema: `${SCHEMA}/visualContainer/2.4.0/schema.json`,
  name: "3f2a9c0b1d2e4f50",
  position: { x: 0, y: 0, z: 0, height: 150, width: 300, tabOrder: 0 },
  visual: {
    visualType: "card",
    query: { queryState: { Values: { projections: [{ field: { Measure: { Expression: { SourceRef: { Entity: entity } }, Property: measure } }, queryRef: `${entity}.${measure}`, nativeQueryRef: measure }] } } },
    ...(title ? { visualContainerObjects: { title: [{ properties: { text: literal(title) } }] } } : {}),
    drillFilterOtherVisuals: true,
  },
});
const pbirPage = (displayName: string) => ({ $schema: `${SCHEMA}/page/2.0.0/schema.json`, name: "a1b2c3d4e5f6", displayName, displayOption: "FitToPage", height: 720, width: 1280 });

describe("Power BI reports as files", () => {
  it("a PbixProj page of Copilot code review's adoption (PRs with Copilot Review, CCR Adoption %): an input error", () => {
    // Before: no dashboard's shape (visualContainers), and its titles are literals in config text: no input.
    const section = pbixprojSection("Copilot Code Review Impact", [pbixprojVisual("0b766ab2655942dc", "Avg Days Open (With CCR)", "Avg Days Open (With CCR)"), pbixprojVisual("38d60078accf42ea", "PRs with Copilot Review", "Monthly Summary Comparison"), pbixprojVisual("5c1d", "CCR Adoption %", "CCR Adoption %")]);
    expect(unread(section)).toMatch(/^looks like a dashboard of GitHub Copilot use \(/);
    // A PBIR-legacy report.json holds its pages in sections.
    expect(unread({ config: "{}", layoutOptimization: 0, sections: [section] })).toMatch(/^looks like a dashboard of GitHub Copilot use \(/);
  });

  it("a PBIR visual whose title names the tool and whose field counts its use: an input error; its page naming the tool, with visuals in other files: one too", () => {
    expect(unread(pbirVisual("Usage", "Weekly Active Users", "GitHub Copilot weekly active users"))).toMatch(/^looks like a dashboard of GitHub Copilot use \(active users, weekly active users/);
    expect(unread(pbirPage("GitHub Copilot"))).toMatch(/^looks like a Power BI report of GitHub Copilot whose panels are visuals kept in other files \(a1b2c3d4e5f6\)/);
  });

  // A report's heading is a text box: its words are runs (`paragraphs[].textRuns[].value`), which were
  // not read as what the page shows, so a page titled only by its text box named no tool and passed.
  it("a text box naming the tool over a card of weekly active users (PbixProj, PBIR): an input error; its style names nothing", () => {
    const paragraphs = (text: string) => ({ general: [{ properties: { paragraphs: [{ textRuns: [{ value: text, textStyle: { fontWeight: "bold", fontSize: "24pt" } }], horizontalTextAlignment: "center" }] } }] });
    const textbox = (text: string) => ({ config: JSON.stringify({ name: "tb", singleVisual: { visualType: "textbox", drillFilterOtherVisuals: true, objects: paragraphs(text) } }), x: 0, y: 0, width: 600, height: 60 });
    const page = (heading: string) => pbixprojSection("Overview", [textbox(heading), pbixprojVisual("c1", "Weekly Active Users", "Weekly active users")]);
    expect(unread(page("GitHub Copilot adoption"))).toMatch(/^looks like a dashboard of GitHub Copilot use \(active users, weekly active users/);
    const pbirTextbox = (text: string) => ({ ...pbirVisual("Usage", "Weekly Active Users"), name: "tb", visual: { visualType: "textbox", objects: paragraphs(text) } });
    expect(unread([pbirTextbox("GitHub Copilot adoption"), pbirVisual("Usage", "Weekly Active Users")])).toMatch(/^looks like a dashboard of GitHub Copilot use \(/);
    expect(unread(page("Contoso engineering"))).toBeUndefined();
    // Help text about the mouse's cursor, as Power BI Desktop's blog demo reports have it, names no tool.
    expect(unread(page("A tooltip can be found by moving your cursor over top of a data element."))).toBeUndefined();
    // A run's style is not shown: a font named like a tool names none.
    const styled = { config: JSON.stringify({ singleVisual: { visualType: "textbox", objects: { general: [{ properties: { paragraphs: [{ textRuns: [{ value: "Engineering", textStyle: { fontFamily: "Cursor" } }] }] } }] } } }) };
    expect(unread(pbixprojSection("Overview", [styled, pbixprojVisual("c1", "Weekly Active Users", "Weekly active users")]))).toBeUndefined();
  });

  it.each([
    ["a PbixProj page of no coding tool", pbixprojSection("Sales overview", [pbixprojVisual("a", "Active Users", "Active users")])],
    ["a PBIR visual of no coding tool", pbirVisual("Sales", "Active Users", "Monthly active users")],
    ["a PBIR page of no coding tool", pbirPage("Overview")],
    // Microsoft 365 Copilot's analytics (Copilot in Teams and Outlook) are a namesake's.
    ["a PBIR visual of Microsoft 365 Copilot's active users", pbirVisual("CopilotUsage", "Active Users", "Microsoft 365 Copilot active users")],
    ["a .pbip file", { version: "1.0", artifacts: [{ report: { path: "Copilot.Report" } }], settings: { enableAutoRecovery: true } }],
  ])("%s: no input", (_name, value) => {
    expect(unread(value)).toBeUndefined();
  });
});
