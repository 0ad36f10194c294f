/**
 * A query slot whose query text is blank reads nothing, whatever else the slot holds: Grafana's
 * Prometheus and Loki data sources skip a target without `expr` (their `filterQuery`), CloudWatch
 * one without a namespace and metric, expression or SQL (`filterMetricsQuery`), and a Datadog
 * formula over a blank metrics query draws nothing. Before, such a slot counted as a query because
 * of the settings it carries (`legendFormat: "__auto"`, the default of every new Prometheus query
 * since Grafana 9; `region: "default"`; a formula's `query1`, an alias), so an "Incidents" panel
 * left as Grafana creates it, or given a legend, passed an adoption dashboard. Each case has its
 * control: the same slot with its query written counts, and sources that read data with a blank
 * search (Elasticsearch, a Datadog logs query) or by a plugin's query type still count.
 */
import { clone, evaluateValue, grafanaV2CopilotWith, readFixture, rulesFlagging as flagged } from "./helpers.js";

type Json = Record<string, unknown>;
const RULE = "adoption-dashboard-no-incidents";
const PROM = { type: "prometheus", uid: "prom" };
const CLOUDWATCH = { type: "cloudwatch", uid: "cw" };

// A real Copilot metrics dashboard (kleeadrian/Grafana-Copilot-Metrics), flagged as published.
const withPanel = (panel: Json): Json => {
  const d = clone(readFixture("real/copilot-kleeadrian.json").value) as Json;
  (d["panels"] as Json[]).push({ id: 900, type: "timeseries", title: "Incidents", gridPos: { h: 8, w: 12, x: 0, y: 90 }, ...panel });
  return d;
};

/** What Grafana 11 saves for a new CloudWatch metrics query left untouched (builder mode). */
const cloudWatchDefault: Json = {
  datasource: CLOUDWATCH, refId: "A", queryMode: "Metrics", region: "default", namespace: "", metricName: "", expression: "", sqlExpression: "",
  dimensions: {}, id: "", label: "", logGroups: [], matchExact: true, metricEditorMode: 0, metricQueryType: 0, period: "", statistic: "Average",
};

describe("Grafana: a target with a blank query reads nothing", () => {
  it("a new Prometheus query left as Grafana saves it (expr blank, legend __auto): the finding says why it did not count", () => {
    const target = { datasource: PROM, editorMode: "builder", expr: "", legendFormat: "__auto", range: true, refId: "A" };
    const { findings } = evaluateValue(withPanel({ targets: [target] }));
    expect(findings.map((f) => f.rule)).toEqual([RULE]);
    expect(findings[0]!.evidence.at(-1)!.note).toBe('panel "Incidents" is named for incidents but its queries are blank (no expression, metric or SQL to run): it shows no data');
  });

  it.each([
    ["a legend naming incidents", [{ refId: "A", datasource: PROM, expr: "", legendFormat: "incidents" }]],
    ["any other key on a Prometheus target", [{ refId: "A", datasource: PROM, expr: " ", legendFormat: "{{service}}", note: "pagerduty incidents" }]],
    ["a data source named by a variable (no type written)", [{ refId: "A", datasource: { uid: "${DS_PROMETHEUS}" }, expr: "", legendFormat: "incidents" }]],
    ["a data source named by its name (before Grafana 8)", [{ refId: "A", datasource: "Prometheus", expr: "", legendFormat: "rollbacks" }]],
    ["a new Loki query", [{ refId: "A", datasource: { type: "loki", uid: "loki" }, editorMode: "builder", expr: "", queryType: "range" }]],
    ["a new CloudWatch metrics query (builder)", [cloudWatchDefault]],
    ["a CloudWatch code-mode query with no expression", [{ ...cloudWatchDefault, metricEditorMode: 1, label: "incidents" }]],
    ["a CloudWatch Metrics Insights query with no SQL", [{ ...cloudWatchDefault, metricQueryType: 1, metricEditorMode: 1, namespace: "Ops" }]],
  ])("an incident panel of %s records none", (_what, targets) => {
    expect(flagged(withPanel({ targets }))).toEqual([RULE]);
  });

  it.each([
    ["a Prometheus query", [{ refId: "A", datasource: PROM, expr: "sum(increase(pagerduty_incidents_total[1d]))", legendFormat: "__auto" }]],
    ["a blank query beside one written", [{ refId: "A", datasource: PROM, expr: "", legendFormat: "__auto" }, { refId: "B", datasource: PROM, expr: "sum(rollbacks_total)" }]],
    ["a CloudWatch metric chosen in the builder", [{ ...cloudWatchDefault, namespace: "Ops", metricName: "IncidentsOpened", statistic: "Sum" }]],
    // Before Grafana 8 (monitoringartist/grafana-aws-cloudwatch-dashboards writes 194 targets so): `statistics`, no editor mode.
    ["a CloudWatch metric of a dashboard before Grafana 8 (statistics)", [{ refId: "A", datasource: CLOUDWATCH, region: "default", namespace: "Ops", metricName: "IncidentsOpened", statistics: ["Sum"], dimensions: {}, expression: "", id: "", period: "" }]],
    ["a CloudWatch SEARCH expression", [{ ...cloudWatchDefault, metricEditorMode: 1, expression: "SEARCH('{Ops} MetricName=\"IncidentsOpened\"', 'Sum')" }]],
    ["a CloudWatch Metrics Insights query", [{ ...cloudWatchDefault, metricQueryType: 1, metricEditorMode: 1, sqlExpression: 'SELECT SUM(IncidentsOpened) FROM "Ops"' }]],
    ["a CloudWatch Logs Insights query", [{ ...cloudWatchDefault, queryMode: "Logs", expression: "fields @timestamp | filter type = 'incident' | stats count() by bin(1d)", logGroups: [{ arn: "arn:aws:logs:us-east-1:111111111111:log-group:incidents" }] }]],
    ["Elasticsearch counting every document of its index (a blank search reads them all)", [{ refId: "A", datasource: { type: "elasticsearch", uid: "incidents-index" }, query: "", alias: "", metrics: [{ id: "1", type: "count" }], bucketAggs: [{ id: "2", type: "date_histogram", field: "@timestamp", settings: { interval: "auto" } }], timeField: "@timestamp" }]],
    ["a plugin whose query type selects the data", [{ refId: "A", datasource: { type: "example-pagerduty-datasource", uid: "pd" }, queryType: "incidents" }]],
  ])("controls: %s counts", (_what, targets) => {
    expect(flagged(withPanel({ targets }))).toEqual([]);
  });

  it("v2 (dashboard.grafana.app): a Prometheus query with a blank expression records none; written, it counts", () => {
    const element = (expr: string): Json => ({
      kind: "Panel",
      spec: { title: "Incidents", vizConfig: { kind: "timeseries", spec: {} }, data: { kind: "QueryGroup", spec: { queries: [{ kind: "PanelQuery", spec: { refId: "A", hidden: false, query: { kind: "DataQuery", group: "prometheus", version: "v0", spec: { expr, legendFormat: "__auto", editorMode: "builder" } } } }] } } },
    });
    expect(flagged(grafanaV2CopilotWith(element("")))).toEqual([RULE]);
    expect(flagged(grafanaV2CopilotWith(element("sum(increase(pagerduty_incidents_total[1d]))")))).toEqual([]);
  });

  it("a goal series whose query is blank draws no line: no usage target (warning), written it is one (error)", () => {
    const d = clone(readFixture("real/copilot-metrics-exporter-asmild.json").value) as Json;
    const adoption = (d["panels"] as Json[]).find((p) => Array.isArray(p["targets"]) && JSON.stringify(p["targets"]).includes("copilot"))!;
    const targets = adoption["targets"] as Json[];
    adoption["targets"] = [...targets, { refId: "Z", datasource: PROM, expr: "", legendFormat: "Goal" }];
    expect(evaluateValue(d).findings.map((f) => f.severity)).toEqual(["warning"]);
    adoption["targets"] = [...targets, { refId: "Z", datasource: PROM, expr: "vector(80)", legendFormat: "Goal" }];
    expect(evaluateValue(d).findings.map((f) => f.severity)).toEqual(["error"]);
  });
});

describe("Datadog: a formula over a blank metrics query reads nothing", () => {
  const board = (incidents: Json) => ({
    title: "Copilot adoption",
    layout_type: "ordered",
    widgets: [{ definition: { type: "query_value", title: "Copilot seats", requests: [{ q: "sum:github_copilot.seats.active{*}", aggregator: "last" }] } }, { definition: { type: "timeseries", title: "Incidents", requests: [incidents] } }],
  });
  const formulaOver = (query: Json, alias?: string): Json => ({ queries: [{ name: "query1", ...query }], formulas: [{ formula: "query1", ...(alias ? { alias } : {}) }], response_format: "timeseries", display_type: "bars" });

  it.each([
    ["a blank metrics query", formulaOver({ data_source: "metrics", query: "" })],
    ["a blank metrics query with an alias naming incidents", formulaOver({ data_source: "metrics", query: " " }, "incidents")],
    ["a classic request whose q is blank, with metadata naming incidents", { q: "", metadata: [{ expression: "", alias_name: "incidents" }], display_type: "bars" }],
  ])("an incident widget of %s records none", (_what, request) => {
    expect(flagged(board(request))).toEqual([RULE]);
  });

  it.each([
    ["a metrics query", formulaOver({ data_source: "metrics", query: "sum:pagerduty.incidents.triggered{*}.as_count()" })],
    ["a logs query with a blank search (it counts every log of its index)", formulaOver({ data_source: "logs", search: { query: "" }, indexes: ["incidents"], compute: { aggregation: "count" } })],
    ["a blank query beside one written", { queries: [{ name: "query1", data_source: "metrics", query: "" }, { name: "query2", data_source: "metrics", query: "sum:pagerduty.incidents.triggered{*}.as_count()" }], formulas: [{ formula: "query2" }], response_format: "timeseries" }],
  ])("controls: %s counts", (_what, request) => {
    expect(flagged(board(request))).toEqual([]);
  });
});

describe("Perses: a query plugin with a blank query reads nothing", () => {
  // Perses's Prometheus (and Tempo, Loki) plugins return no data for a blank `query`, without a request.
  const persesWith = (incidents: Json): Json => ({
    kind: "Dashboard",
    metadata: { name: "copilot-adoption", project: "platform" },
    spec: {
      display: { name: "Copilot adoption" },
      panels: {
        wau: { kind: "Panel", spec: { display: { name: "Weekly active users" }, plugin: { kind: "StatChart", spec: {} }, queries: [{ kind: "TimeSeriesQuery", spec: { plugin: { kind: "PrometheusTimeSeriesQuery", spec: { query: "sum(copilot_weekly_active_users)" } } } }] } },
        incidents: { kind: "Panel", spec: { display: { name: "Incidents" }, plugin: { kind: "TimeSeriesChart", spec: {} }, queries: [{ kind: "TimeSeriesQuery", spec: { plugin: { kind: "PrometheusTimeSeriesQuery", spec: incidents } } }] } },
      },
      layouts: [{ kind: "Grid", spec: { items: ["wau", "incidents"].map((key, i) => ({ x: 0, y: i * 6, width: 12, height: 6, content: { $ref: `#/spec/panels/${key}` } })) } }],
    },
  });

  it("an incident panel whose PromQL is blank (a series name naming incidents, a data source) records none: the finding says why", () => {
    const { findings } = evaluateValue(persesWith({ datasource: { kind: "PrometheusDatasource", name: "prom" }, query: "", seriesNameFormat: "incidents" }));
    expect(findings.map((f) => f.rule)).toEqual([RULE]);
    expect(findings[0]!.evidence.at(-1)!.note).toBe('panel "Incidents" is named for incidents but its queries are blank (no query to run): it shows no data');
  });

  it("control: written, it counts", () => {
    expect(flagged(persesWith({ datasource: { kind: "PrometheusDatasource", name: "prom" }, query: "sum(increase(incidents_opened_total[1d]))", seriesNameFormat: "incidents" }))).toEqual([]);
  });
});

describe("SigNoz v1: a PromQL or ClickHouse query left blank reads nothing", () => {
  // SigNoz's published Claude Code dashboard (v1 export), with one incident widget placed in its layout.
  const v1With = (query: Json): Json => {
    const d = clone(readFixture("real/signoz-claude-code-v1.json").value) as Json;
    (d["widgets"] as Json[]).push({ id: "incidents-widget", panelTypes: "graph", title: "Incidents", description: "", query, thresholds: [] });
    (d["layout"] as Json[]).push({ h: 6, i: "incidents-widget", moved: false, static: false, w: 6, x: 0, y: 99 });
    return d;
  };

  it.each([
    ["PromQL", "promql", "sum(increase(incidents_opened_total[1d]))"],
    ["ClickHouse SQL", "clickhouse_sql", "SELECT count() FROM incidents"],
  ])("%s: blank with a legend naming incidents records none; written, it counts", (_what, queryType, text) => {
    const widget = (query: string): Json => ({ queryType, [queryType]: [{ disabled: false, legend: "incidents", name: "A", query }] });
    expect(flagged(v1With(widget("")))).toEqual([RULE]);
    expect(flagged(v1With(widget(text)))).toEqual([]);
  });
});
