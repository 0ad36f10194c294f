/**
 * A panel named for incidents that queries nothing shows nothing: it records no incidents. Before,
 * an empty "Incidents" chart, or one whose query was left blank, passed every adoption dashboard
 * it was dropped into. Panels that read their data by themselves (Grafana's alert and annotation
 * lists, Cloud Monitoring's incident list) still count, as do charts that query; a panel of any
 * other type, a plugin's named or made up, does not count without a query.
 * Each format's case has its control: the same panel with a query passes.
 */
import { clone, evaluateValue, grafanaV2CopilotWith, readFixture, v2QueryGroup, rulesFlagging as flagged } from "./helpers.js";

type Json = Record<string, unknown>;
const RULE = "adoption-dashboard-no-incidents";

describe("Grafana: an incident panel with no query", () => {
  // A real Copilot metrics dashboard (kleeadrian/Grafana-Copilot-Metrics), flagged as published.
  const withPanel = (panel: Json): Json => {
    const d = clone(readFixture("real/copilot-kleeadrian.json").value) as Json;
    (d["panels"] as Json[]).push({ id: 900, gridPos: { h: 8, w: 12, x: 0, y: 90 }, ...panel });
    return d;
  };
  const pagerDuty = [{ refId: "A", datasource: { type: "prometheus", uid: "prom" }, expr: "sum(increase(pagerduty_incidents_total[7d]))" }];

  it("an empty chart titled Incidents records none: the finding says why it did not count, and cites it", () => {
    const { findings } = evaluateValue(withPanel({ type: "timeseries", title: "Incidents", targets: [] }));
    expect(findings.map((f) => f.rule)).toEqual([RULE]);
    expect(findings[0]!.message).toContain('("Incidents" is named for incidents but queries nothing)');
    expect(findings[0]!.evidence.at(-1)).toMatchObject({ pointer: expect.stringMatching(/^\/panels\/\d+$/), note: 'panel "Incidents" is named for incidents but has no query: it shows no data' });
  });

  it.each([
    ["no targets at all", { type: "stat", title: "Incidents caused by Copilot changes" }],
    ["a target whose query was left blank", { type: "timeseries", title: "Rollbacks", targets: [{ refId: "A", datasource: { type: "prometheus", uid: "prom" }, expr: "  " }] }],
    ["a table of change failure rate with only a data source", { type: "table", title: "Change failure rate", targets: [{ refId: "A", datasource: { type: "mysql", uid: "devlake" }, rawSql: "" }] }],
    ["a plugin type (real or made up) with no query", { type: "example-oncall-incidents-panel", title: "Incidents", options: { team: "platform" } }],
    ["a news panel with no feed", { type: "news", title: "Incidents", options: { showImage: true } }],
    ["a dashboard list titled after incidents", { type: "dashlist", title: "Incident dashboards", options: { query: "incident" } }],
  ])("%s: flagged", (_what, panel) => {
    expect(flagged(withPanel(panel))).toEqual([RULE]);
  });

  it("the same panel with a query passes (control)", () => {
    expect(flagged(withPanel({ type: "timeseries", title: "Incidents", targets: pagerDuty }))).toEqual([]);
  });

  it.each([
    ["an annotation list of incident annotations", { type: "annolist", title: "Incidents", options: { onlyFromThisDashboard: false, tags: ["incident"], limit: 10 } }],
    ["an alert list", { type: "alertlist", title: "Open incidents", options: { showOptions: "current", stateFilter: { firing: true } } }],
    ["a news panel reading a status page's incident history", { type: "news", title: "Incidents", options: { feedUrl: "https://status.example.com/history.rss" } }],
    ["a plugin panel with a query", { type: "grafana-polystat-panel", title: "Incidents", targets: [{ refId: "A", datasource: { type: "prometheus", uid: "prom" }, expr: "sum by (service) (pagerduty_incidents_open)" }] }],
  ])("%s shows data and still counts", (_what, panel) => {
    expect(flagged(withPanel(panel))).toEqual([]);
  });

  it("a news panel lists its feed's entries: a feed about Copilot use is no adoption panel", () => {
    const value = { uid: "eng-news", title: "Engineering news", panels: [{ id: 1, type: "news", title: "Copilot usage updates", gridPos: { h: 8, w: 12, x: 0, y: 0 }, options: { feedUrl: "https://github.blog/changelog/label/copilot/feed/" } }] };
    expect(flagged(value)).toEqual([]);
  });

  it("a panel that shows another panel's data (the -- Dashboard -- data source) counts with that panel's queries; naming no panel of the dashboard, it is empty", () => {
    const alerts = { id: 901, type: "timeseries", title: "Alerts firing", gridPos: { h: 8, w: 12, x: 12, y: 90 }, targets: [{ refId: "A", datasource: { type: "prometheus", uid: "prom" }, expr: 'sum(ALERTS{alertstate="firing"})' }] };
    const reusing = (panelId: number) => ({ type: "table", title: "Incidents", targets: [{ refId: "A", datasource: { type: "datasource", uid: "-- Dashboard --" }, panelId }] });
    const withBoth = (panelId: number): Json => {
      const d = withPanel(reusing(panelId));
      (d["panels"] as Json[]).push(alerts);
      return d;
    };
    expect(flagged(withBoth(901))).toEqual([]);
    expect(flagged(withBoth(999))).toEqual([RULE]);
  });

  it("v2 (dashboard.grafana.app): an element with no query group records none; with one it counts", () => {
    const element = (data?: Json) => ({ kind: "Panel", spec: { title: "Incidents", vizConfig: { kind: "timeseries", spec: {} }, ...(data ? { data } : {}) } });
    expect(flagged(grafanaV2CopilotWith(element()))).toEqual([RULE]);
    expect(flagged(grafanaV2CopilotWith(element({ kind: "QueryGroup", spec: { queries: [] } })))).toEqual([RULE]);
    expect(flagged(grafanaV2CopilotWith(element(v2QueryGroup("sum(increase(pagerduty_incidents_total[7d]))"))))).toEqual([]);
    // Showing the adoption element's data (its id 1) is showing data; naming no element is not.
    const reusing = (panelId: number) => ({ kind: "QueryGroup", spec: { queries: [{ kind: "PanelQuery", spec: { refId: "A", query: { kind: "datasource", spec: { panelId } } } }] } });
    const withIds = (panelId: number): Record<string, unknown> => {
      const d = grafanaV2CopilotWith(element(reusing(panelId)));
      const elements = (d["spec"] as Json)["elements"] as Record<string, Json>;
      (elements["panel-1"]!["spec"] as Json)["id"] = 1;
      return d;
    };
    expect(flagged(withIds(1))).toEqual([]);
    expect(flagged(withIds(7))).toEqual([RULE]);
  });
});

describe("other formats: an incident widget with no query", () => {
  it("Datadog: a query value titled Incidents with no request", () => {
    const board = (incidents: Json) => ({ title: "Copilot adoption", layout_type: "ordered", widgets: [{ definition: { type: "query_value", title: "Copilot seats", requests: [{ q: "sum:github_copilot.seats.active{*}", aggregator: "last" }] } }, { definition: incidents }] });
    expect(flagged(board({ type: "query_value", title: "Incidents", requests: [] }))).toEqual([RULE]);
    expect(flagged(board({ type: "query_value", title: "Incidents", requests: [{ q: "sum:pagerduty.incidents.triggered{*}.as_count()", aggregator: "sum" }] }))).toEqual([]);
  });

  it("CloudWatch: a metric widget titled Incidents with no metric", () => {
    const body = (incidents: Json) => ({
      widgets: [
        { type: "metric", x: 0, y: 0, width: 12, height: 6, properties: { title: "Amazon Q Developer active users", metrics: [["AWS/QDeveloper", "ActiveUsers"]], stat: "Sum", region: "us-east-1" } },
        { type: "metric", x: 12, y: 0, width: 12, height: 6, properties: { title: "Incidents", stat: "Sum", region: "us-east-1", ...incidents } },
      ],
    });
    expect(flagged(body({ metrics: [] }))).toEqual([RULE]);
    expect(flagged(body({ metrics: [["Ops", "IncidentsOpened"]] }))).toEqual([]);
  });

  it("New Relic: a billboard titled Incidents with no NRQL, on the published Claude Code dashboard", () => {
    const withWidget = (nrqlQueries: Json[]) => {
      const d = clone(readFixture("real/newrelic-claude-code-monitoring.json").value) as Json;
      const widget = { id: "600000002", title: "Incidents", layout: { column: 1, row: 20, width: 4, height: 3 }, linkedEntityGuids: null, visualization: { id: "viz.billboard" }, rawConfiguration: { nrqlQueries } };
      (((d["pages"] as Json[])[0] as Json)["widgets"] as Json[]).push(widget);
      return d;
    };
    expect(flagged(withWidget([]))).toEqual([RULE]);
    expect(flagged(withWidget([{ accountIds: [6729598], query: "SELECT count(*) FROM NrAiIncident WHERE event = 'open' SINCE 1 week ago" }]))).toEqual([]);
  });

  it("Cloud Monitoring: an incident list shows every policy's incidents with no filter; an empty chart is an input error, as before", () => {
    const sessions = { title: "Gemini CLI sessions", xyChart: { dataSets: [{ timeSeriesQuery: { prometheusQuery: "sum(increase(gemini_cli_session_count[1d]))" }, plotType: "LINE" }] } };
    const mosaic = (widget: Json) => ({ displayName: "Engineering tools", mosaicLayout: { columns: 48, tiles: [sessions, widget].map((w, i) => ({ xPos: 0, yPos: i * 8, width: 24, height: 8, widget: w })) } });
    expect(flagged(mosaic({ title: "Open issues", incidentList: {} }))).toEqual([]);
    const empty = evaluateValue(mosaic({ title: "Incidents", xyChart: { dataSets: [] } }));
    expect(empty.errors.map((e) => e.message)).toEqual(["malformed cloud-monitoring dashboard at /mosaicLayout/tiles/1/widget/xyChart: xyChart has no query (a filter, MQL, PromQL or SQL) to read"]);
  });
});
