/**
 * SigNoz exports (widgets with panelTypes) and Perses dashboards (SigNoz's current export, and
 * Perses's own `kind: Dashboard`). Inputs are the real SigNoz fixtures
 * (test/fixtures/dashboards/real/README.md) with one thing changed, or Perses's documented shapes.
 */
import { normalizeDashboard } from "../../../src/core/dashboards/index.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { clone, evaluateFixture, evaluateValue, readFixture } from "./helpers.js";

type Json = Record<string, unknown>;
const v1 = (): Json => clone(readFixture("real/signoz-claude-code-v1.json").value) as Json;
const perses = (): Json => clone(readFixture("real/signoz-claude-code-perses.json").value) as Json;
const widgets = (d: Json): Json[] => d["widgets"] as Json[];
const panels = (d: Json): Record<string, Json> => (d["spec"] as Json)["panels"] as Record<string, Json>;
const layoutItems = (d: Json): Json[] => (((d["spec"] as Json)["layouts"] as Json[])[0]!["spec"] as Json)["items"] as Json[];

/** A SigNoz v1 widget counting PagerDuty incidents, as SigNoz's query builder writes one. */
function incidentWidget(id: string, queryType = "builder"): Json {
  return {
    id,
    panelTypes: "graph",
    title: "Incidents",
    description: "PagerDuty incidents opened",
    query: {
      queryType,
      builder: { queryData: [{ aggregations: [{ metricName: "pagerduty.incidents.count", timeAggregation: "sum", spaceAggregation: "sum" }], dataSource: "metrics", disabled: false, expression: "A", queryName: "A", legend: "" }], queryFormulas: [] },
      promql: [{ name: "A", query: "", legend: "", disabled: false }],
      clickhouse_sql: [{ name: "A", query: "", legend: "", disabled: false }],
    },
    thresholds: [],
  };
}

/** A SigNoz Perses panel counting PagerDuty incidents. */
function incidentPanel(): Json {
  return {
    kind: "Panel",
    spec: {
      display: { name: "Incidents", description: "PagerDuty incidents opened" },
      plugin: { kind: "signoz/TimeSeriesPanel", spec: { thresholds: null } },
      queries: [{ kind: "time_series", spec: { name: "A", plugin: { kind: "signoz/BuilderQuery", spec: { name: "A", signal: "metrics", aggregations: [{ metricName: "pagerduty.incidents.count", timeAggregation: "sum", spaceAggregation: "sum" }], filter: { expression: "" }, legend: "" } } } }],
    },
  };
}

describe("SigNoz exports (widgets with panelTypes)", () => {
  it("reads the title, uuid, tags and every placed widget but rows; evidence points at the widget", () => {
    const d = normalizeDashboard(v1());
    expect(d).toMatchObject({ format: "signoz", title: "Claude Code Metrics", uid: "019b2dff-eeba-718d-8124-570c3944f717", tags: ["claude", "ai", "opentelemetry"], panelsAt: "/widgets" });
    expect(d?.panels.map((p) => p.title)).not.toContain("Overview");
    expect(d?.panels.find((p) => p.title === "Commits")).toMatchObject({ path: "/widgets/5", description: "Git commits created", queries: expect.arrayContaining(["claude_code.commit.count"]) });
  });

  it("an incident widget makes it record incidents; the same widget left out of the layout does not", () => {
    const shown = v1();
    widgets(shown).push(incidentWidget("incidents"));
    (shown["layout"] as Json[]).push({ i: "incidents", x: 0, y: 99, w: 6, h: 6 });
    expect(evaluateValue(shown)).toEqual({ findings: [], errors: [] });

    // On SigNoz's canvas only what the layout (or a collapsed row's layout) places is drawn.
    const hidden = v1();
    widgets(hidden).push(incidentWidget("incidents"));
    expect(evaluateValue(hidden).findings).toHaveLength(1);

    const inCollapsedRow = v1();
    widgets(inCollapsedRow).push(incidentWidget("incidents"));
    inCollapsedRow["panelMap"] = { row1: { collapsed: true, widgets: [{ i: "incidents", x: 0, y: 0, w: 6, h: 6 }] } };
    expect(evaluateValue(inCollapsedRow)).toEqual({ findings: [], errors: [] });
  });

  it("only the query type the widget runs counts: incidents in an unused PromQL query record nothing", () => {
    const d = v1();
    const widget: Json = { ...incidentWidget("incidents"), title: "Commits by repository", description: "" };
    (widget["query"] as Json)["builder"] = { queryData: [{ aggregations: [{ metricName: "claude_code.commit.count" }], expression: "A", queryName: "A" }], queryFormulas: [] };
    (widget["query"] as Json)["promql"] = [{ name: "A", query: "sum(pagerduty_incidents_total)", legend: "", disabled: false }];
    widgets(d).push(widget);
    (d["layout"] as Json[]).push({ i: "incidents", x: 0, y: 99, w: 6, h: 6 });
    expect(evaluateValue(d).findings).toHaveLength(1);
    (widget["query"] as Json)["queryType"] = "promql";
    expect(evaluateValue(d)).toEqual({ findings: [], errors: [] });
  });

  it("a query type SigNoz does not run, or a widget without a query, is an input error at it (fail closed)", () => {
    const d = v1();
    (widgets(d)[5]!["query"] as Json)["queryType"] = "sql";
    delete widgets(d)[6]!["query"];
    (d["widgets"] as unknown[])[7] = "Incidents";
    const { findings, errors } = evaluateValue(d);
    expect(findings).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      'malformed signoz dashboard at /widgets/5/query/queryType: query type "sql" is not one SigNoz runs (builder, promql, clickhouse_sql)',
      "malformed signoz dashboard at /widgets/6/query: widget has no query object",
      "malformed signoz dashboard at /widgets/7: widget is not an object",
    ]);
  });

  it("a green threshold above an adoption measure is a usage target (error); green below it is a cap", () => {
    const above = v1();
    widgets(above)[5]!["thresholds"] = [{ index: "t1", thresholdColor: "Green", thresholdOperator: ">", thresholdValue: 20, thresholdLabel: "", thresholdFormat: "Text", thresholdUnit: "none" }];
    expect(evaluateValue(above).findings[0]).toMatchObject({ severity: "error", message: expect.stringContaining('"Commits": threshold 20 turns it green') });
    const below = v1();
    widgets(below)[5]!["thresholds"] = [{ index: "t1", thresholdColor: "Green", thresholdOperator: "<", thresholdValue: 20, thresholdLabel: "", thresholdFormat: "Text", thresholdUnit: "none" }];
    expect(evaluateValue(below).findings[0]).toMatchObject({ severity: "warning" });
  });

  it("a list of log lines or spans measures no use", () => {
    const d = v1();
    for (const w of widgets(d)) if (w["panelTypes"] !== "row") w["panelTypes"] = "list";
    expect(evaluateValue(d)).toEqual({ findings: [], errors: [] });
  });

  it("CloudWatch bodies are not mistaken for SigNoz: their widgets say `type`", () => {
    expect(normalizeDashboard({ widgets: [{ type: "metric", properties: { metrics: [["ClaudeCode", "Sessions"]] } }] })?.format).toBe("cloudwatch");
  });
});

describe("Perses dashboards", () => {
  it("SigNoz's export: display name, {key, value} tags, every placed panel, evidence at /spec/panels/<key>", () => {
    const d = normalizeDashboard(perses());
    expect(d).toMatchObject({ format: "perses", title: "Claude Code Metrics", tags: ["claude", "ai", "opentelemetry"], panelsAt: "/spec/panels" });
    expect(d?.panels.find((p) => p.title === "API Cost (Total)")).toMatchObject({ path: "/spec/panels/api-cost", queries: [expect.stringContaining("metric_name = 'claude_code.cost.usage'"), "Cost ($)"] });
  });

  it("an incident panel placed by a layout records incidents; one no layout places does not", () => {
    const placed = perses();
    panels(placed)["incidents"] = incidentPanel();
    layoutItems(placed).push({ x: 0, y: 99, width: 6, height: 6, content: { $ref: "#/spec/panels/incidents" } });
    expect(evaluateValue(placed)).toEqual({ findings: [], errors: [] });
    const unplaced = perses();
    panels(unplaced)["incidents"] = incidentPanel();
    expect(evaluateValue(unplaced).findings).toHaveLength(1);
  });

  it("a panel key with '/' or '~' is found through its escaped $ref and cited by an escaped pointer", () => {
    const d = perses();
    panels(d)["ops/inc~1"] = incidentPanel();
    layoutItems(d).push({ x: 0, y: 99, width: 6, height: 6, content: { $ref: "#/spec/panels/ops~1inc~01" } });
    expect(normalizeDashboard(d)?.panels.map((p) => p.path)).toContain("/spec/panels/ops~1inc~01");
    expect(evaluateValue(d)).toEqual({ findings: [], errors: [] });
  });

  it("a panel without a spec, or a query without a plugin spec, is an input error (fail closed)", () => {
    const d = perses();
    panels(d)["api-cost"] = { kind: "Panel" };
    ((panels(d)["commits"]!["spec"] as Json)["queries"] as Json[]).push({ kind: "scalar" });
    (panels(d)["active-time"]!["spec"] as Json)["queries"] = { kind: "scalar" };
    const { findings, errors } = evaluateValue(d);
    expect(findings).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      "malformed perses dashboard at /spec/panels/active-time/spec/queries: queries is not a list",
      "malformed perses dashboard at /spec/panels/api-cost: panel api-cost has no spec",
      "malformed perses dashboard at /spec/panels/commits/spec/queries/1: query has no plugin spec",
    ]);
  });

  it("SigNoz's threshold list: green above an adoption measure is a target", () => {
    const d = perses();
    ((panels(d)["commits"]!["spec"] as Json)["plugin"] as Json)["spec"] = { thresholds: [{ value: 20, operator: "above", unit: "none", color: "Green", format: "text" }] };
    expect(evaluateValue(d).findings[0]).toMatchObject({ severity: "error" });
  });

  it("the suppression tag works as a {key, value} tag", () => {
    const d = perses();
    d["tags"] = [{ key: "agent-guardrail:ignore-incidents", value: "incidents live on the SRE board, INC-42" }];
    expect(evaluateValue(d).findings[0]?.suppressed).toEqual({ reason: "incidents live on the SRE board, INC-42", by: "dashboard tag" });
  });

  it("Perses's own dashboard, as percli writes it in YAML: Prometheus queries, threshold steps, a logs table", () => {
    const yaml = [
      "kind: Dashboard",
      "metadata:",
      "  name: copilot-adoption",
      "  project: platform",
      "spec:",
      "  display:",
      "    name: Copilot adoption",
      "  panels:",
      "    wau:",
      "      kind: Panel",
      "      spec:",
      "        display:",
      "          name: Weekly active users",
      "        plugin:",
      "          kind: StatChart",
      "          spec:",
      "            calculation: last",
      "            thresholds:",
      "              steps:",
      "                - value: 80",
      "                  color: green",
      "        queries:",
      "          - kind: TimeSeriesQuery",
      "            spec:",
      "              plugin:",
      "                kind: PrometheusTimeSeriesQuery",
      "                spec:",
      "                  query: sum(copilot_weekly_active_users)",
      "    prompts:",
      "      kind: Panel",
      "      spec:",
      "        display:",
      "          name: Copilot sessions",
      "        plugin:",
      "          kind: LogsTable",
      "          spec: {}",
      "        queries:",
      "          - kind: LogQuery",
      "            spec:",
      "              plugin:",
      "                kind: LokiLogQuery",
      "                spec:",
      '                  query: \'{app="copilot"} |= "session"\'',
      "  layouts:",
      "    - kind: Grid",
      "      spec:",
      "        items:",
      "          - x: 0",
      "            y: 0",
      "            width: 6",
      "            height: 4",
      "            content:",
      '              $ref: "#/spec/panels/wau"',
      "          - x: 6",
      "            y: 0",
      "            width: 6",
      "            height: 4",
      "            content:",
      '              $ref: "#/spec/panels/prompts"',
      "",
    ].join("\n");
    const parsed = parseSource(yaml);
    const d = normalizeDashboard(parsed.value);
    expect(d).toMatchObject({ format: "perses", title: "Copilot adoption", uid: "copilot-adoption" });
    expect(d?.panels[1]?.listsEvents).toBe(true);
    const { findings, errors } = evaluateValue(parsed.value);
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "error", evidence: [{ pointer: "/spec/panels/wau" }] });
  });

  it("Grafana v2 (spec.elements) stays Grafana v2", () => {
    expect(normalizeDashboard({ kind: "Dashboard", spec: { title: "x", elements: {}, panels: {} } })?.format).toBe("grafana-v2");
  });
});

describe("real SigNoz dashboards (verdicts in test/fixtures/dashboards/real/README.md)", () => {
  it.each([
    ["real/signoz-claude-code-v1.json", 'dashboard "Claude Code Metrics" (uid 019b2dff-eeba-718d-8124-570c3944f717)', /^\/widgets\/\d+$/],
    ["real/signoz-claude-code-perses.json", 'dashboard "Claude Code Metrics"', /^\/spec\/panels\/[\w-]+$/],
    ["real/signoz-github-copilot-perses.json", 'dashboard "GitHub Copilot Chat"', /^\/spec\/panels\/[\w-]+$/],
    ["real/signoz-codex-v1.json", 'dashboard "Codex" (uid 019be6f5-b78e-7ed7-8f82-7caba8650995)', /^\/widgets\/\d+$/],
    ["real/signoz-opencode-perses.json", 'dashboard "OpenCode"', /^\/spec\/panels\/[\w-]+$/],
  ])("flags %s (warning: no usage target)", (file, subject, pointer) => {
    const { findings, errors } = evaluateFixture(file);
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: "adoption-dashboard-no-incidents", severity: "warning", subject });
    for (const e of findings[0]!.evidence) {
      expect(e.pointer).toMatch(pointer);
      expect(e.line).toBeGreaterThan(0);
    }
  });

  it.each(["real/signoz-anthropic-perses.json", "real/signoz-nginx-v1.json"])("does not flag %s", (file) => {
    expect(evaluateFixture(file)).toEqual({ findings: [], errors: [] });
  });
});
