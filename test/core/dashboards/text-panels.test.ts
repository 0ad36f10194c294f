/**
 * A text panel (Grafana `text`, a CloudWatch text widget) is prose, not a KPI: it never makes a
 * dashboard an adoption dashboard, however much it talks about Copilot adoption. It can still
 * state a usage target next to real adoption panels. (A mutant that dropped "queries data" from
 * the adoption test survived the suite before this file.)
 */
import { clone, evaluateValue, grafanaV2CopilotWith, readFixture, v2QueryGroup, rulesFlagging } from "./helpers.js";

const textPanel = (id: number, content: string) => ({
  id,
  type: "text",
  title: "About this dashboard",
  gridPos: { h: 6, w: 24, x: 0, y: 0 },
  options: { mode: "markdown", content },
});
const statPanel = (id: number, title: string, expr: string) => ({
  id,
  type: "stat",
  title,
  datasource: { type: "prometheus", uid: "prom" },
  gridPos: { h: 6, w: 8, x: 0, y: 6 },
  targets: [{ refId: "A", expr }],
  fieldConfig: { defaults: { thresholds: { mode: "absolute", steps: [{ color: "green", value: null }, { color: "red", value: 80 }] } } },
});
const dashboard = (title: string, panels: unknown[]) => ({ uid: "eng-tools", title, tags: [], timezone: "browser", schemaVersion: 39, version: 3, panels });

describe("text panels", () => {
  it("a dashboard whose only Copilot words are in a text panel is no adoption dashboard", () => {
    const value = dashboard("Engineering tools", [
      textPanel(1, "## GitHub Copilot adoption\nWeekly active users and acceptance rate of Copilot suggestions are on the vendor's portal."),
      statPanel(2, "Build duration p95", 'histogram_quantile(0.95, sum(rate(ci_build_duration_seconds_bucket[1h])) by (le))'),
    ]);
    expect(evaluateValue(value)).toEqual({ findings: [], errors: [] });
  });

  it("a text-only Copilot dashboard is no adoption dashboard either", () => {
    const value = dashboard("Copilot adoption", [textPanel(1, "Copilot seats: 120 of 150 assigned. Acceptance rate and active users are reviewed monthly.")]);
    expect(evaluateValue(value).findings).toEqual([]);
  });

  it("next to a real adoption panel, a text panel's stated target makes it an error and the text panel is not listed as an adoption panel", () => {
    const value = dashboard("Copilot adoption", [
      textPanel(1, "Goal: 80% weekly Copilot usage across engineering."),
      statPanel(2, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})'),
    ]);
    const { findings, errors } = evaluateValue(value);
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["error"]);
    expect(findings[0]!.message).toContain('in "Copilot weekly active users" and sets a usage target ("About this dashboard": its text states a target');
    expect(findings[0]!.evidence.map((e) => [e.pointer, e.note])).toEqual([
      ["/panels/1", expect.stringMatching(/^adoption panel "Copilot weekly active users": measures /)],
      ["/panels/0", expect.stringMatching(/^usage target: its text states a target/)],
    ]);
  });

  it("a panel's description and its markdown are separate lines: the words where they meet are not glued into one", () => {
    const value = dashboard("Copilot adoption", [
      { ...textPanel(1, "target: 80% by Q3"), description: "Weekly Copilot usage" },
      statPanel(2, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})'),
    ]);
    const { findings, errors } = evaluateValue(value);
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["error"]);
    expect(findings[0]!.message).toContain('its text states a target: "About this dashboard Weekly Copilot usage target: 80% by Q3"');
  });

  it("the stated target is quoted as plain text: markdown marks dropped, white space and blank lines collapsed", () => {
    const value = dashboard("Copilot adoption", [
      { ...textPanel(1, "## Q3 OKR\n\n**80%**  weekly _Copilot_ usage target\n\n> agreed with `eng-leads`\n"), title: "" },
      statPanel(2, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})'),
    ]);
    const { findings } = evaluateValue(value);
    expect(findings[0]!.message).toContain('and sets a usage target (its text states a target: "Q3 OKR 80% weekly Copilot usage target agreed with eng-leads")');
  });

  it("a stated target of up to 80 characters is quoted whole, a longer one cut to 77 and '...'", () => {
    const quoted = (content: string) =>
      evaluateValue(dashboard("Copilot adoption", [{ ...textPanel(1, content), title: "" }, statPanel(2, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})')])).findings[0]!.message;
    const eighty = "Goal: 80% weekly Copilot usage target, reviewed each Monday by the platform team";
    expect(eighty).toHaveLength(80);
    expect(quoted(eighty)).toContain(`its text states a target: "${eighty}")`);
    expect(quoted(`${eighty}!`)).toContain(`its text states a target: "${eighty.slice(0, 77)}...")`);
  });

  it("a target stated on a panel that is no adoption panel (infrastructure) sets none", () => {
    const value = dashboard("Copilot adoption", [
      statPanel(1, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})'),
      { ...statPanel(2, "Node memory usage", 'avg(node_memory_usage_ratio{job="copilot-proxy"})'), description: "Target: keep below 80%" },
    ]);
    const { findings } = evaluateValue(value);
    expect(findings.map((f) => [f.severity, f.message.includes("usage target")])).toEqual([["warning", false]]);
  });

  it("a green threshold on an adoption panel whose query measures latency sets no target", () => {
    const latency = {
      ...statPanel(1, "Copilot completions", "histogram_quantile(0.95, sum(rate(copilot_completions_duration_seconds_bucket[5m])) by (le))"),
      fieldConfig: { defaults: { thresholds: { mode: "absolute", steps: [{ color: "red", value: null }, { color: "green", value: 0.5 }] } } },
    };
    const { findings } = evaluateValue(dashboard("Copilot adoption", [latency]));
    expect(findings.map((f) => [f.severity, f.message.includes("usage target")])).toEqual([["warning", false]]);
  });

  it.each([
    ["a target on something other than use", "Deploy frequency target: 20 per week"],
    ["a target on an efficiency measure", "Target: 30% acceptance rate with p95 latency under 200 ms"],
  ])("%s is no usage target", (_what, content) => {
    const value = dashboard("Copilot adoption", [textPanel(1, content), statPanel(2, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})')]);
    expect(evaluateValue(value).findings.map((f) => [f.severity, f.message.includes("usage target")])).toEqual([["warning", false]]);
  });
});

/**
 * Text that mentions incidents records none: "incidents are tracked in PagerDuty" beside the
 * adoption panels shows no incident, so the dashboard is flagged as without one, in every format
 * that has text panels. Each case has its control: a panel of the same dashboard that shows data
 * about incidents passes it.
 */
describe("text panels record no incidents", () => {
  type Json = Record<string, unknown>;
  const NOTE = "## Incidents\nProduction incidents and rollbacks are tracked in PagerDuty.";
  const adoption = () => statPanel(2, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})');
  const flagged = rulesFlagging;

  it("Grafana: a text panel about incidents is no incident panel; a stat of incidents, or an alert list titled after them, is", () => {
    expect(flagged(dashboard("Copilot adoption", [{ ...textPanel(1, NOTE), title: "Incidents" }, adoption()]))).toEqual(["adoption-dashboard-no-incidents"]);
    expect(flagged(dashboard("Copilot adoption", [statPanel(1, "Incidents", "sum(increase(pagerduty_incidents_total[7d]))"), adoption()]))).toEqual([]);
    // An alert list has no queries of its own, yet shows the alerts firing: it shows data.
    const alerts = { id: 1, type: "alertlist", title: "Active incidents", gridPos: { h: 6, w: 8, x: 0, y: 0 }, options: { showOptions: "current", maxItems: 10, stateFilter: { firing: true } } };
    expect(flagged(dashboard("Copilot adoption", [alerts, adoption()]))).toEqual([]);
  });

  it("Grafana v2: a text element about incidents is no incident panel", () => {
    const element = (title: string, kind: string, spec: Json) => ({ kind: "Panel", spec: { title, vizConfig: { kind, spec: { options: spec } }, ...(kind === "text" ? {} : { data: v2QueryGroup("sum(increase(pagerduty_incidents_total[7d]))") }) } });
    const v2 = grafanaV2CopilotWith;
    expect(flagged(v2(element("Incidents", "text", { mode: "markdown", content: NOTE })))).toEqual(["adoption-dashboard-no-incidents"]);
    expect(flagged(v2(element("Incidents", "timeseries", {})))).toEqual([]);
  });

  it("CloudWatch: a text widget about incidents is no incident panel", () => {
    const body = (incidents: Json) => ({
      widgets: [
        { type: "metric", x: 0, y: 0, width: 12, height: 6, properties: { title: "Amazon Q Developer active users", metrics: [["AWS/QDeveloper", "ActiveUsers"]], stat: "Sum", region: "us-east-1" } },
        { x: 12, y: 0, width: 12, height: 6, ...incidents },
      ],
    });
    expect(flagged(body({ type: "text", properties: { markdown: NOTE } }))).toEqual(["adoption-dashboard-no-incidents"]);
    expect(flagged(body({ type: "metric", properties: { title: "Incidents", metrics: [["Ops", "IncidentsOpened"]], stat: "Sum", region: "us-east-1" } }))).toEqual([]);
  });

  it("Datadog: a note or free text about incidents is no incident widget", () => {
    const board = (incidents: Json) => ({ title: "Copilot adoption", layout_type: "ordered", widgets: [{ definition: { type: "query_value", title: "Copilot seats", requests: [{ q: "sum:github_copilot.seats.active{*}", aggregator: "last" }] } }, { definition: incidents }] });
    expect(flagged(board({ type: "note", content: NOTE, background_color: "yellow" }))).toEqual(["adoption-dashboard-no-incidents"]);
    expect(flagged(board({ type: "free_text", text: "Incidents: see PagerDuty", color: "#4d4d4d" }))).toEqual(["adoption-dashboard-no-incidents"]);
    // A picture titled after incidents shows a picture.
    expect(flagged(board({ type: "image", title: "Incidents", url: "https://example.com/incident-process.png", sizing: "contain" }))).toEqual(["adoption-dashboard-no-incidents"]);
    expect(flagged(board({ type: "query_value", title: "Incidents", requests: [{ q: "sum:pagerduty.incidents.triggered{*}.as_count()", aggregator: "sum" }] }))).toEqual([]);
  });

  it("New Relic: a markdown widget about incidents on the published Claude Code dashboard is no incident widget", () => {
    const withWidget = (widget: Json) => {
      const d = clone(readFixture("real/newrelic-claude-code-monitoring.json").value) as Json;
      (((d["pages"] as Json[])[0] as Json)["widgets"] as Json[]).push({ id: "600000001", layout: { column: 1, row: 20, width: 4, height: 3 }, linkedEntityGuids: null, ...widget });
      return d;
    };
    expect(flagged(withWidget({ title: "Incidents", visualization: { id: "viz.markdown" }, rawConfiguration: { text: NOTE } }))).toEqual(["adoption-dashboard-no-incidents"]);
    expect(flagged(withWidget({ title: "Incidents", visualization: { id: "viz.billboard" }, rawConfiguration: { nrqlQueries: [{ accountIds: [6729598], query: "SELECT count(*) FROM NrAiIncident WHERE event = 'open' SINCE 1 week ago" }] } }))).toEqual([]);
  });

  it("Perses: a Markdown panel about incidents on SigNoz's Claude Code dashboard is no incident panel", () => {
    const withPanel = (panel: Json) => {
      const d = clone(readFixture("real/signoz-claude-code-perses.json").value) as Json;
      const spec = d["spec"] as Json;
      (spec["panels"] as Json)["incidents"] = panel;
      ((((spec["layouts"] as Json[])[0] as Json)["spec"] as Json)["items"] as Json[]).push({ x: 0, y: 99, width: 12, height: 6, content: { $ref: "#/spec/panels/incidents" } });
      return d;
    };
    expect(flagged(withPanel({ kind: "Panel", spec: { display: { name: "Incidents" }, plugin: { kind: "Markdown", spec: { text: NOTE } } } }))).toEqual(["adoption-dashboard-no-incidents"]);
    expect(
      flagged(
        withPanel({
          kind: "Panel",
          spec: {
            display: { name: "Incidents", description: "PagerDuty incidents opened" },
            plugin: { kind: "signoz/TimeSeriesPanel", spec: { thresholds: null } },
            queries: [{ kind: "time_series", spec: { name: "A", plugin: { kind: "signoz/BuilderQuery", spec: { name: "A", signal: "metrics", aggregations: [{ metricName: "pagerduty.incidents.count", timeAggregation: "sum", spaceAggregation: "sum" }], filter: { expression: "" }, legend: "" } } } }],
          },
        }),
      ),
    ).toEqual([]);
  });
});
