/**
 * An incident panel whose queries Grafana does not run, or that read no data, records no incidents.
 * Before, a panel titled "Incidents" passed an adoption dashboard when its only query was switched
 * off in the editor (the eye icon: `"hide": true`, v2 `"hidden": true`), was a constant
 * (`vector(0)`, `SELECT 0 AS incidents`) or came from Grafana's TestData source (generated
 * series). Grafana still runs a hidden query that a server-side expression of the panel reads, so
 * such a panel counts. Each case has its control: the same panel with a query Grafana runs passes.
 * Shapes are what Grafana 11 exports (a panel's eye icon writes `"hide": true` on its target).
 */
import { clone, evaluateValue, grafanaV2CopilotWith, readFixture, rulesFlagging as flagged } from "./helpers.js";

type Json = Record<string, unknown>;
const RULE = "adoption-dashboard-no-incidents";
const PROM = { type: "prometheus", uid: "prom" };
const EXPR = { type: "__expr__", uid: "__expr__", name: "Expression" };
const INCIDENTS = "sum(increase(pagerduty_incidents_total[1d]))";

// A real Copilot metrics dashboard (kleeadrian/Grafana-Copilot-Metrics), flagged as published.
const withPanel = (panel: Json): Json => {
  const d = clone(readFixture("real/copilot-kleeadrian.json").value) as Json;
  (d["panels"] as Json[]).push({ id: 900, type: "timeseries", title: "Incidents linked to Copilot PRs", datasource: PROM, gridPos: { h: 8, w: 12, x: 0, y: 90 }, ...panel });
  return d;
};

describe("Grafana classic: hidden queries", () => {
  it("an incident panel whose only query is hidden records none: the finding names it", () => {
    const { findings } = evaluateValue(withPanel({ targets: [{ refId: "A", datasource: PROM, expr: INCIDENTS, hide: true }] }));
    expect(findings.map((f) => f.rule)).toEqual([RULE]);
    expect(findings[0]!.evidence.at(-1)!.note).toBe('panel "Incidents linked to Copilot PRs" is named for incidents but Grafana runs none of its queries (hidden): it shows no data');
  });

  it("a hidden incident query beside a shown query of something else records none", () => {
    const targets = [{ refId: "A", datasource: PROM, expr: INCIDENTS, hide: true, legendFormat: "incidents" }, { refId: "B", datasource: PROM, expr: "sum(increase(deployments_total[1d]))" }];
    expect(flagged(withPanel({ title: "Deployments per day", targets }))).toEqual([RULE]);
  });

  it("controls: the same query shown, `hide: false`, or hidden but read by a server-side expression, counts", () => {
    expect(flagged(withPanel({ targets: [{ refId: "A", datasource: PROM, expr: INCIDENTS }] }))).toEqual([]);
    expect(flagged(withPanel({ targets: [{ refId: "A", datasource: PROM, expr: INCIDENTS, hide: false }] }))).toEqual([]);
    const math = [
      { refId: "A", datasource: PROM, expr: INCIDENTS, hide: true },
      { refId: "B", datasource: PROM, expr: "sum(increase(deployments_total[1d]))", hide: true },
      { refId: "C", datasource: EXPR, type: "math", expression: "$A / $B" },
    ];
    expect(flagged(withPanel({ title: "Incidents per deployment", targets: math }))).toEqual([]);
  });

  it("a hidden goal line is not drawn: no usage target (warning), the shown one is (error)", () => {
    const d = clone(readFixture("real/copilot-metrics-exporter-asmild.json").value) as Json;
    const panels = d["panels"] as Json[];
    const adoption = panels.find((p) => Array.isArray(p["targets"]) && JSON.stringify(p["targets"]).includes("copilot"))!;
    const goal = (hide: boolean): Json => ({ refId: "Z", datasource: PROM, expr: "vector(80)", legendFormat: "Goal", hide });
    adoption["targets"] = [...(adoption["targets"] as Json[]), goal(true)];
    expect(evaluateValue(d).findings.map((f) => f.severity)).toEqual(["warning"]);
    adoption["targets"] = [...(adoption["targets"] as Json[]).slice(0, -1), goal(false)];
    expect(evaluateValue(d).findings.map((f) => f.severity)).toEqual(["error"]);
  });
});

describe("Grafana v2: hidden queries", () => {
  const element = (queries: Json[]): Json => ({ kind: "Panel", spec: { title: "Incidents", vizConfig: { kind: "timeseries", spec: {} }, data: { kind: "QueryGroup", spec: { queries } } } });
  const query = (refId: string, spec: Json, hidden: boolean, kind = "prometheus"): Json => ({ kind: "PanelQuery", spec: { refId, hidden, query: { kind, spec } } });

  it("an incident element whose only query is hidden records none; shown, or read by an expression, it does", () => {
    expect(flagged(grafanaV2CopilotWith(element([query("A", { expr: INCIDENTS }, true)])))).toEqual([RULE]);
    expect(flagged(grafanaV2CopilotWith(element([query("A", { expr: INCIDENTS }, false)])))).toEqual([]);
    expect(flagged(grafanaV2CopilotWith(element([query("A", { expr: INCIDENTS }, true), query("B", { type: "reduce", expression: "$A", reducer: "sum" }, false, "__expr__")])))).toEqual([]);
  });
});

describe("Grafana: queries that read no data", () => {
  it.each([
    ["a PromQL constant", [{ refId: "A", datasource: PROM, expr: "vector(0)", legendFormat: "incidents" }]],
    ["PromQL arithmetic on constants", [{ refId: "A", datasource: PROM, expr: "scalar(vector(0)) * 1e3 + 0" }]],
    ["SQL without a table", [{ refId: "A", datasource: { type: "mysql", uid: "devlake" }, rawSql: "SELECT 0 AS incidents", format: "table" }]],
    ["TestData's random walk", [{ refId: "A", datasource: { type: "grafana-testdata-datasource", uid: "td" }, scenarioId: "random_walk", alias: "incidents" }]],
    ["TestData's CSV values", [{ refId: "A", datasource: { type: "testdata", uid: "td" }, scenarioId: "csv_metric_values", stringInput: "0,0,0,0" }]],
    ["Grafana's built-in random walk", [{ refId: "A", datasource: { type: "datasource", uid: "grafana" }, queryType: "randomWalk" }]],
  ])("an incident panel of %s records none", (_what, targets) => {
    expect(flagged(withPanel({ title: "Incidents", targets }))).toEqual([RULE]);
  });

  it("TestData named on the panel, not the target, is generated too", () => {
    expect(flagged(withPanel({ title: "Incidents", datasource: { type: "grafana-testdata-datasource", uid: "td" }, targets: [{ refId: "A", scenarioId: "random_walk" }] }))).toEqual([RULE]);
  });

  it.each([
    ["a PromQL selector", "sum(increase(incidents_opened_total[1d]))"],
    ["a bare metric name", "pagerduty_incidents_open"],
    ["a metric inside a function with an offset", "sum(changes(rollback_total[1h] offset 5m)) > 0"],
    ["a variable that holds the metric", "sum($incident_metric)"],
  ])("controls: %s reads data and counts", (_what, expr) => {
    expect(flagged(withPanel({ title: "Incidents", targets: [{ refId: "A", datasource: PROM, expr }] }))).toEqual([]);
  });

  it("control: SQL from an incident table counts", () => {
    expect(flagged(withPanel({ title: "Incidents", targets: [{ refId: "A", datasource: { type: "mysql", uid: "devlake" }, rawSql: "SELECT count(*) AS incidents FROM issues WHERE type = 'INCIDENT'", format: "table" }] }))).toEqual([]);
  });
});
