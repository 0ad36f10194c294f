/**
 * A dashboard annotation named for incidents records them only when it draws something. Before,
 * one switched on was enough whatever it queried: "Incidents" with its query left blank, a
 * constant (`vector(1)`), TestData's generated events, or a filter that shows it only on a panel
 * the dashboard does not have (Grafana's "Show in: Selected panels") passed every adoption
 * dashboard. Grafana's own annotations (the built-in "-- Grafana --" source) show what people
 * add on the dashboard: they count without a query. Shapes are Grafana 11's export.
 */
import { rulesFlagging as rules } from "./helpers.js";

type Json = Record<string, unknown>;
const RULE = "adoption-dashboard-no-incidents";
const PROM = { type: "prometheus", uid: "prom" };
const BUILT_IN = { builtIn: 1, datasource: { type: "grafana", uid: "-- Grafana --" }, enable: true, hide: true, iconColor: "rgba(0, 211, 255, 1)", name: "Annotations & Alerts", type: "dashboard" };
const incidents = (extra: Json = {}): Json => ({ datasource: PROM, enable: true, iconColor: "red", name: "Incidents", expr: 'ALERTS{severity="critical", alertstate="firing"}', titleFormat: "{{alertname}}", ...extra });
const stat = (id: number, title: string, expr: string): Json => ({ id, type: "timeseries", title, datasource: PROM, gridPos: { h: 8, w: 12, x: 0, y: id * 8 }, targets: [{ refId: "A", datasource: PROM, expr }] });
const adoption = [stat(1, "Copilot weekly active users", "sum(github_copilot_active_users)"), stat(2, "Copilot acceptance rate", "avg(github_copilot_acceptance_rate)")];
const classic = (annotations: Json[]): Json => ({ uid: "copilot", title: "Copilot adoption", schemaVersion: 39, version: 2, panels: adoption, annotations: { list: [BUILT_IN, ...annotations] } });

describe("Grafana classic: incident annotations that draw nothing", () => {
  it.each([
    ["its query left blank", incidents({ expr: "" })],
    ["no query field at all", { datasource: PROM, enable: true, iconColor: "red", name: "Incidents" }],
    ["a PromQL constant", incidents({ expr: "vector(1)" })],
    ["TestData's generated events", { datasource: { type: "grafana-testdata-datasource", uid: "td" }, enable: true, iconColor: "red", name: "Incidents", target: { refId: "Anno", scenarioId: "annotations", lines: 10 } }],
    ["shown only on a panel the dashboard does not have", incidents({ filter: { exclude: false, ids: [99] } })],
    ["shown on every panel but the dashboard's all", incidents({ filter: { exclude: true, ids: [1, 2] } })],
  ])("%s: records none", (_what, annotation) => {
    expect(rules(classic([annotation]))).toEqual([RULE]);
  });

  it.each([
    ["a query of incidents", incidents()],
    ["shown on a panel the dashboard has", incidents({ filter: { exclude: false, ids: [2, 99] } })],
    ["shown on every panel but one", incidents({ filter: { exclude: true, ids: [1] } })],
    ["an empty filter (every panel)", incidents({ filter: { exclude: false, ids: [] } })],
    ["Grafana's own annotations of this dashboard, named for incidents", { ...BUILT_IN, builtIn: 0, hide: false, name: "Incidents" }],
  ])("controls: %s counts", (_what, annotation) => {
    expect(rules(classic([annotation]))).toEqual([]);
  });
});

describe("Grafana v2: incident annotations that draw nothing", () => {
  const v2 = (annotation: Json): Json => ({
    apiVersion: "dashboard.grafana.app/v2beta1",
    kind: "Dashboard",
    metadata: { name: "copilot-adoption" },
    spec: {
      title: "Copilot adoption",
      annotations: [{ kind: "AnnotationQuery", spec: annotation }],
      elements: { "panel-1": { kind: "Panel", spec: { id: 1, title: "Copilot weekly active users", vizConfig: { kind: "timeseries", spec: {} }, data: { kind: "QueryGroup", spec: { queries: [{ kind: "PanelQuery", spec: { query: { kind: "prometheus", spec: { expr: "sum(github_copilot_active_users)" } } } }] } } } } },
      layout: { kind: "GridLayout", spec: { items: [{ kind: "GridLayoutItem", spec: { x: 0, y: 0, width: 12, height: 8, element: { kind: "ElementReference", name: "panel-1" } } }] } },
    },
  });
  const rollbacks = (spec: Json, extra: Json = {}): Json => ({ name: "Rollbacks", enable: true, hide: false, iconColor: "red", query: { kind: "loki", spec }, ...extra });

  it("a blank query or a panel filter that matches nothing records none; a query of rollbacks on the panel does", () => {
    expect(rules(v2(rollbacks({ expr: "" })))).toEqual([RULE]);
    expect(rules(v2(rollbacks({ expr: '{app="argo-rollouts"} |= "aborted"' }, { filter: { exclude: false, ids: [7] } })))).toEqual([RULE]);
    expect(rules(v2(rollbacks({ expr: '{app="argo-rollouts"} |= "aborted"' }, { filter: { exclude: false, ids: [1] } })))).toEqual([]);
    expect(rules(v2(rollbacks({ expr: '{app="argo-rollouts"} |= "aborted"' })))).toEqual([]);
  });
});
