/**
 * Events drawn over the panels: Grafana's dashboard annotations (classic `annotations.list`, v2
 * `spec.annotations`) and a Datadog graph's `events`. Incidents shown that way sit on the adoption
 * charts themselves, so they record incidents as a panel does; they never measure use, and a
 * dashboard with nothing else is still empty (an input error, fail closed). Shapes are what
 * Grafana 11 and Datadog export.
 */
import { evaluateValue, readFixture, rulesFlagging as rules } from "./helpers.js";

type Json = Record<string, unknown>;
const BUILT_IN = { builtIn: 1, datasource: { type: "grafana", uid: "-- Grafana --" }, enable: true, hide: true, iconColor: "rgba(0, 211, 255, 1)", name: "Annotations & Alerts", type: "dashboard" };
const incidents = (extra: Json = {}): Json => ({ datasource: { type: "prometheus", uid: "prom" }, enable: true, iconColor: "red", name: "Production incidents", expr: 'ALERTS{severity="critical", alertstate="firing"}', titleFormat: "{{alertname}}", ...extra });
const stat = (id: number, title: string, expr: string): Json => ({ id, type: "timeseries", title, datasource: { type: "prometheus", uid: "prom" }, gridPos: { h: 8, w: 12, x: 0, y: id * 8 }, targets: [{ refId: "A", expr }] });
const classic = (panels: Json[], annotations: Json[]): Json => ({ uid: "copilot", title: "Copilot adoption", schemaVersion: 39, version: 2, panels, annotations: { list: annotations } });
const adoption = [stat(1, "Copilot weekly active users", "sum(github_copilot_active_users)"), stat(2, "Copilot acceptance rate", "avg(github_copilot_acceptance_rate)")];

describe("events drawn over the panels", () => {
  it("Grafana: an annotation of production incidents, switched on, records them; switched off, or about deploys, it does not", () => {
    expect(rules(classic(adoption, [BUILT_IN, incidents()]))).toEqual([]);
    expect(rules(classic(adoption, [BUILT_IN, incidents({ enable: false })]))).toEqual(["adoption-dashboard-no-incidents"]);
    expect(rules(classic(adoption, [BUILT_IN, incidents({ name: "Deploys", expr: "changes(app_build_info[5m]) > 0" })]))).toEqual(["adoption-dashboard-no-incidents"]);
    // Grafana's own "Annotations & Alerts" alone is no record of incidents.
    expect(rules(classic(adoption, [BUILT_IN]))).toEqual(["adoption-dashboard-no-incidents"]);
  });

  it("Grafana: an annotation read from an incident tool's tags or query counts; one that only excludes incidents does not", () => {
    const tagged = { datasource: { type: "grafana", uid: "-- Grafana --" }, enable: true, iconColor: "red", name: "Ops events", target: { limit: 100, matchAny: true, tags: ["pagerduty", "sev1"], type: "tags" } };
    expect(rules(classic(adoption, [BUILT_IN, tagged]))).toEqual([]);
    expect(rules(classic(adoption, [BUILT_IN, incidents({ name: "Alerts", expr: 'ALERTS{alertname!~"incident|outage"}' })]))).toEqual(["adoption-dashboard-no-incidents"]);
  });

  it("Grafana: an annotation never makes an adoption panel, and a dashboard of annotations only is still empty (input error)", () => {
    const copilotMarks = incidents({ name: "Copilot rollout", expr: "github_copilot_seats_assigned" });
    expect(rules(classic([stat(1, "Build duration", "avg(ci_build_seconds)")], [BUILT_IN, copilotMarks]))).toEqual([]);
    const { findings, errors } = evaluateValue(classic([], [BUILT_IN, incidents()]));
    expect(findings).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining("has no panels") })]);
  });

  it("Grafana v2: an AnnotationQuery of incidents records them", () => {
    const v2 = (annotations: Json[]): Json => ({
      apiVersion: "dashboard.grafana.app/v2beta1",
      kind: "Dashboard",
      metadata: { name: "copilot-adoption" },
      spec: {
        title: "Copilot adoption",
        annotations,
        elements: { "panel-1": { kind: "Panel", spec: { title: "Copilot weekly active users", vizConfig: { kind: "timeseries", spec: {} }, data: { kind: "QueryGroup", spec: { queries: [{ kind: "PanelQuery", spec: { query: { kind: "prometheus", spec: { expr: "sum(github_copilot_active_users)" } } } }] } } } } },
        layout: { kind: "GridLayout", spec: { items: [{ kind: "GridLayoutItem", spec: { x: 0, y: 0, width: 12, height: 8, element: { kind: "ElementReference", name: "panel-1" } } }] } },
      },
    });
    const annotation = (enable: boolean): Json => ({ kind: "AnnotationQuery", spec: { name: "Rollbacks", enable, hide: false, iconColor: "red", query: { kind: "loki", spec: { expr: '{app="argo-rollouts"} |= "aborted"' } } } });
    expect(rules(v2([annotation(true)]))).toEqual([]);
    expect(rules(v2([annotation(false)]))).toEqual(["adoption-dashboard-no-incidents"]);
  });

  it("Datadog: PagerDuty events drawn on the adoption graph record incidents; the graph stays an adoption widget", () => {
    const board = (events: Json[] | undefined): Json => ({
      title: "Copilot adoption",
      layout_type: "ordered",
      widgets: [{ definition: { type: "timeseries", title: "Copilot seats", requests: [{ q: "sum:github_copilot.seats.active{*}", display_type: "line" }], ...(events ? { events } : {}) } }],
    });
    expect(rules(board([{ q: "sources:pagerduty priority:all", tags_execution: "and_or" }]))).toEqual([]);
    expect(rules(board([{ q: "sources:github tags:deploy", tags_execution: "and_or" }]))).toEqual(["adoption-dashboard-no-incidents"]);
    expect(rules(board(undefined))).toEqual(["adoption-dashboard-no-incidents"]);
  });

  it("a real published Claude Code dashboard with an incident annotation added passes; as published it is flagged", () => {
    const published = readFixture("real/claude-code-otel-colemurray.json").value as Json;
    expect(rules(published)).toEqual(["adoption-dashboard-no-incidents"]);
    const list = ((published["annotations"] as Json | undefined)?.["list"] as Json[] | undefined) ?? [];
    expect(rules({ ...published, annotations: { list: [...list, incidents()] } })).toEqual([]);
  });
});

describe("Grafana v2: only the elements the layout draws", () => {
  const query = (expr: string): Json => ({ kind: "QueryGroup", spec: { queries: [{ kind: "PanelQuery", spec: { query: { kind: "prometheus", spec: { expr } } } }] } });
  const element = (title: string, expr: string): Json => ({ kind: "Panel", spec: { title, vizConfig: { kind: "timeseries", spec: {} }, data: query(expr) } });
  const item = (name: string): Json => ({ kind: "GridLayoutItem", spec: { x: 0, y: 0, width: 12, height: 8, element: { kind: "ElementReference", name } } });
  const v2 = (layout: Json): Json => ({
    apiVersion: "dashboard.grafana.app/v2beta1",
    kind: "Dashboard",
    metadata: { name: "copilot-adoption" },
    spec: {
      title: "Copilot adoption",
      elements: { "panel-1": element("Copilot weekly active users", "sum(github_copilot_active_users)"), "panel-2": element("Incidents", "sum(increase(pagerduty_incidents_total[7d]))") },
      layout,
    },
  });

  it("an incident element no layout item references is on no panel: flagged; placed, it records incidents", () => {
    expect(rules(v2({ kind: "GridLayout", spec: { items: [item("panel-1")] } }))).toEqual(["adoption-dashboard-no-incidents"]);
    expect(rules(v2({ kind: "GridLayout", spec: { items: [item("panel-1"), item("panel-2")] } }))).toEqual([]);
  });

  it("elements placed inside rows and tabs are drawn", () => {
    const rows = { kind: "RowsLayout", spec: { rows: [{ kind: "RowsLayoutRow", spec: { title: "Use", layout: { kind: "GridLayout", spec: { items: [item("panel-1")] } } } }, { kind: "RowsLayoutRow", spec: { title: "Risk", collapse: true, layout: { kind: "TabsLayout", spec: { tabs: [{ kind: "TabsLayoutTab", spec: { title: "On call", layout: { kind: "AutoGridLayout", spec: { items: [{ kind: "AutoGridLayoutItem", spec: { element: { kind: "ElementReference", name: "panel-2" } } }] } } } }] } } } }] } };
    expect(rules(v2(rows))).toEqual([]);
  });
});
