/**
 * A panel that lists single events measures no use: a Grafana logs or traces panel, a panel whose
 * queries are all Loki log queries (a table of log lines), a CloudWatch Logs Insights query without
 * `stats`, a Datadog log or event stream. Before, a log viewer's `session={{.session_id}}` or a raw
 * events table with token columns made an AI tool's drill-down and anomaly dashboards "adoption"
 * dashboards (the Claude Code monitoring dashboards published with the OTel guides have both).
 * Dashboards are written as each tool exports them.
 */
import { evaluateValue } from "./helpers.js";

const loki = { type: "loki", uid: "loki" };
const prometheus = { type: "prometheus", uid: "prom" };
const grafana = (...panels: unknown[]) => ({
  title: "Claude Code - Session Drill-down",
  uid: "cc-sessions",
  schemaVersion: 39,
  panels: panels.map((p, i) => ({ id: i + 1, gridPos: { h: 8, w: 12, x: 0, y: i * 8 }, ...(p as object) })),
});
const logsPanel = {
  type: "logs",
  title: "Recent sessions",
  datasource: loki,
  targets: [{ refId: "A", datasource: loki, expr: '{service_name="claude-code"} | json | event_name=`api_request` | line_format "session={{.session_id}} tokens={{.input_tokens}} cost={{.cost_usd}}"' }],
};
const tracesPanel = { type: "traces", title: "Session traces", datasource: { type: "tempo", uid: "tempo" }, targets: [{ refId: "A", query: '{resource.service.name="claude-code" && span.session_id="$session_id"}' }] };
const logTable = {
  type: "table",
  title: "API requests of the session (tokens, cost)",
  datasource: loki,
  // Fields picked from the log lines: still one row per line.
  transformations: [{ id: "extractFields", options: { source: "labels" } }, { id: "filterFieldsByName", options: { include: { names: ["Time", "model", "input_tokens", "cost_usd"] } } }],
  targets: [{ refId: "A", datasource: loki, expr: '{service_name="claude-code"} | json | session_id=`$session_id` | event_name=`api_request` | label_format model="{{.model}}"' }],
};
const weeklySessions = {
  type: "stat",
  title: "Sessions this week",
  datasource: prometheus,
  targets: [{ refId: "A", datasource: prometheus, expr: "sum(increase(claude_code_session_count_total[7d]))" }],
};
const sessionsPerUser = {
  type: "table",
  title: "Sessions per user",
  datasource: loki,
  targets: [{ refId: "A", datasource: loki, expr: 'sum by (user_email) (count_over_time({service_name="claude-code"} | json | event_name=`user_prompt` [$__range]))' }],
};

describe("panels that list events", () => {
  it("a drill-down of log lines, traces and a table of log lines is no adoption dashboard", () => {
    expect(evaluateValue(grafana(logsPanel, tracesPanel, logTable))).toEqual({ findings: [], errors: [] });
  });

  it.each([
    ["a stat panel that counts sessions", weeklySessions],
    ["a table of a LogQL metric query (count_over_time per user)", sessionsPerUser],
    ["a stat panel over log lines (its reduce counts them)", { ...logTable, type: "stat", title: "API requests (tokens)", options: { reduceOptions: { calcs: ["count"] } } }],
    ["a table of log lines grouped by user (a Group by transformation)", { ...logTable, title: "Tokens per user", transformations: [...logTable.transformations, { id: "groupBy", options: { fields: { user_email: { operation: "groupby" }, input_tokens: { aggregations: ["sum"], operation: "aggregate" } } } }] }],
  ])("beside them, %s still measures use: a warning", (_, measure) => {
    const { findings, errors } = evaluateValue(grafana(logsPanel, tracesPanel, logTable, measure));
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["warning"]);
    expect(findings[0]?.evidence.map((e) => e.pointer)).toEqual(["/panels/3"]);
  });

  it("the same panels in Grafana's v2 schema (v2beta1 and v2alpha1): a table of log lines lists, grouped by user it measures", () => {
    // As Grafana's v0 → v2beta1 conversion writes a classic panel: the type in vizConfig.group, each
    // query a DataQuery of its data source's group, each transformation's settings (with its id) in its spec.
    type Classic = { type: string; title: string; targets: { refId: string; expr?: string; query?: string; datasource?: { type: string } }[]; datasource?: { type: string }; transformations?: { id: string; options: unknown }[] };
    const beta = (p: Classic) => ({
      kind: "Panel",
      spec: {
        id: 1,
        title: p.title,
        description: "",
        links: [],
        data: {
          kind: "QueryGroup",
          spec: {
            queries: p.targets.map(({ refId, datasource, ...spec }) => ({ kind: "PanelQuery", spec: { refId, hidden: false, query: { kind: "DataQuery", group: (datasource ?? p.datasource)?.type, version: "v0", datasource: { name: "ds" }, spec } } })),
            transformations: (p.transformations ?? []).map((t) => ({ kind: t.id, spec: t })),
            queryOptions: {},
          },
        },
        vizConfig: { kind: "VizConfig", group: p.type, version: "12.1.0", spec: { options: {}, fieldConfig: { defaults: {}, overrides: [] } } },
      },
    });
    // v2alpha1: the type in vizConfig.kind, each query { kind: <data source>, spec }.
    const alpha = (p: Classic) => {
      const e = beta(p);
      return { ...e, spec: { ...e.spec, vizConfig: { kind: p.type, spec: {} }, data: { kind: "QueryGroup", spec: { ...e.spec.data.spec, queries: e.spec.data.spec.queries.map((q) => ({ kind: "PanelQuery", spec: { ...q.spec, query: { kind: q.spec.query.group, spec: q.spec.query.spec } } })) } } } };
    };
    const grouped = { ...logTable, title: "Tokens per user", transformations: [...logTable.transformations, { id: "groupBy", options: { fields: { user_email: { operation: "groupby" } } } }] };
    for (const element of [beta, alpha]) {
      const v2 = (...panels: Classic[]) => ({ apiVersion: "dashboard.grafana.app/v2beta1", kind: "Dashboard", metadata: { name: "cc-sessions" }, spec: { title: "Claude Code - Session Drill-down", elements: Object.fromEntries(panels.map((p, i) => [`panel-${i + 1}`, element(p)])) } });
      expect(evaluateValue(v2(logsPanel, tracesPanel, logTable))).toEqual({ findings: [], errors: [] });
      const { findings } = evaluateValue(v2(logsPanel, tracesPanel, logTable, grouped));
      expect(findings.map((f) => f.evidence.map((e) => e.pointer))).toEqual([["/spec/elements/panel-4"]]);
    }
  });

  it("a CloudWatch Logs Insights widget: without stats a list, with stats a measure", () => {
    const log = (query: string) => ({ type: "log", x: 0, y: 0, width: 24, height: 6, properties: { title: "Claude Code sessions", region: "eu-west-1", view: "table", query } });
    const raw = "SOURCE '/aws/claude-code/events' | fields @timestamp, session_id, input_tokens, cost_usd | sort @timestamp desc | limit 50";
    const counted = "SOURCE '/aws/claude-code/events' | stats count_distinct(session_id) as sessions by bin(1d)";
    expect(evaluateValue({ widgets: [log(raw)] })).toEqual({ findings: [], errors: [] });
    expect(evaluateValue({ widgets: [log(counted)] }).findings.map((f) => f.severity)).toEqual(["warning"]);
  });

  it("a Datadog log stream lists; a timeseries of the same tool's sessions measures", () => {
    const stream = { id: 1, definition: { type: "log_stream", title: "Claude Code sessions (raw)", query: "service:claude-code @event_name:api_request", columns: ["session_id", "input_tokens"], indexes: [] } };
    const series = { id: 2, definition: { type: "timeseries", title: "Claude Code sessions", requests: [{ q: "sum:claude_code.session.count{*}.as_count()", display_type: "bars" }] } };
    const dashboard = (...widgets: unknown[]) => ({ title: "Claude Code", layout_type: "ordered", widgets });
    expect(evaluateValue(dashboard(stream))).toEqual({ findings: [], errors: [] });
    expect(evaluateValue(dashboard(stream, series)).findings.map((f) => f.severity)).toEqual(["warning"]);
  });
});
