/**
 * New Relic dashboards (NerdGraph's JSON): the real Claude Code dashboard New Relic publishes
 * (test/fixtures/dashboards/real/README.md), and that dashboard with one thing changed.
 */
import { normalizeDashboard } from "../../../src/core/dashboards/index.js";
import { clone, evaluateFixture, evaluateValue, readFixture } from "./helpers.js";

type Json = Record<string, unknown>;
const FIXTURE = "real/newrelic-claude-code-monitoring.json";
const board = (): Json => clone(readFixture(FIXTURE).value) as Json;
const widgets = (d: Json, page: number): Json[] => ((d["pages"] as Json[])[page]!["widgets"] as Json[]);

/** A widget as the New Relic UI exports it, with one NRQL query. */
const widget = (title: string, query: string, visualization = "viz.billboard", extra: Json = {}): Json => ({
  id: "600000001",
  title,
  layout: { column: 1, row: 10, width: 4, height: 3 },
  linkedEntityGuids: null,
  visualization: { id: visualization },
  rawConfiguration: { nrqlQueries: [{ accountIds: [6729598], query }], platformOptions: { ignoreTimeRange: false }, ...extra },
});

describe("New Relic dashboards", () => {
  it("the published Claude Code dashboard: flagged, a warning, evidence at each adoption widget", () => {
    const { findings, errors } = evaluateFixture(FIXTURE);
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: "adoption-dashboard-no-incidents", severity: "warning", subject: 'dashboard "ClaudeCode Monitoring"' });
    expect(findings[0]!.evidence[0]).toMatchObject({ line: 143, pointer: "/pages/1/widgets/0", note: expect.stringContaining('adoption panel "Total Cost($)"') });
    for (const e of findings[0]!.evidence) expect(e.pointer).toMatch(/^\/pages\/\d\/widgets\/\d+$/);
  });

  it("reads NRQL as queries; a table of raw log records lists events", () => {
    const d = normalizeDashboard(board());
    expect(d).toMatchObject({ format: "newrelic", title: "ClaudeCode Monitoring", panelsAt: "/pages" });
    expect(d?.panels[3]).toMatchObject({ title: "Total Cost($)", queries: [expect.stringContaining("sum(`claude_code.cost.usage`)")] });
    // "Prompts & Responses": FROM Log SELECT body.content, prompt: the records themselves.
    expect(d?.panels[2]).toMatchObject({ title: "Prompts & Responses", listsEvents: true });
    expect(d?.panels[6]?.listsEvents).toBeUndefined();
  });

  it("an incident widget (New Relic's NrAiIncident events) makes it record incidents", () => {
    const d = board();
    widgets(d, 0).push(widget("Critical issues", "SELECT count(*) FROM NrAiIncident WHERE priority = 'critical' AND event = 'open' SINCE 1 week ago"));
    expect(evaluateValue(d)).toEqual({ findings: [], errors: [] });
  });

  it("a chart threshold New Relic draws green (severity success) on an adoption widget is a usage target", () => {
    const d = board();
    (widgets(d, 1)[1]!["rawConfiguration"] as Json)["thresholds"] = { isLabelVisible: true, thresholds: [{ from: 500, to: null, name: "Spend goal", severity: "success" }] };
    const { findings } = evaluateValue(d);
    expect(findings[0]).toMatchObject({ severity: "error", message: expect.stringContaining('"Total Cost($)"') });
    // Billboard thresholds are warning and critical only: they cap, they set no target.
    const capped = board();
    (widgets(capped, 1)[0]!["rawConfiguration"] as Json)["thresholds"] = [{ alertSeverity: "WARNING", value: 100 }, { alertSeverity: "CRITICAL", value: 500 }];
    expect(evaluateValue(capped).findings[0]).toMatchObject({ severity: "warning" });
  });

  it("a bullet chart's limit (its goal line) on an adoption widget is a usage target; on another widget, or without a number, none", () => {
    // New Relic's viz.bullet draws the value against `limit`, "the target value shown as the bullet
    // goal line" (also `widget_bullet { limit = ... }` in Terraform's newrelic_one_dashboard).
    const d = board();
    widgets(d, 0).push(widget("Claude Code active users this week", "SELECT uniqueCount(user.id) FROM Metric WHERE metricName = 'claude_code.session.count' SINCE 1 week ago", "viz.bullet", { limit: 250 }));
    const { findings } = evaluateValue(d);
    expect(findings[0]).toMatchObject({ severity: "error", message: expect.stringContaining('"Goal (bullet limit)" line at 250') });
    const other = board();
    widgets(other, 0).push(widget("Ingest (GB) against the free tier", "SELECT sum(GigabytesIngested) FROM NrConsumption SINCE 1 month ago", "viz.bullet", { limit: 100 }));
    widgets(other, 0).push(widget("Claude Code active users this week", "SELECT uniqueCount(user.id) FROM Metric WHERE metricName = 'claude_code.session.count'", "viz.bullet", { limit: null }));
    expect(evaluateValue(other).findings[0]).toMatchObject({ severity: "warning" });
  });

  it("markdown is prose: a stated goal on an adoption dashboard sets a target", () => {
    const d = board();
    widgets(d, 0).push({ ...widget("About", ""), visualization: { id: "viz.markdown" }, rawConfiguration: { text: "# Goal\nEvery engineer uses Claude Code weekly: target 80% weekly active users." } });
    expect(evaluateValue(d).findings[0]).toMatchObject({ severity: "error" });
  });

  it("a page without a widgets list, or a widget that is not an object, is an input error (fail closed)", () => {
    const d = board();
    (d["pages"] as Json[]).push({ guid: "x", name: "Incidents", description: null });
    (widgets(d, 0) as unknown[]).push(7);
    expect(evaluateValue(d)).toEqual({
      findings: [],
      errors: [
        expect.objectContaining({ message: "malformed newrelic dashboard at /pages/0/widgets/3: widget is not an object" }),
        expect.objectContaining({ message: "malformed newrelic dashboard at /pages/4: page has no widgets list" }),
      ],
    });
  });

  it("a custom visualization's own configuration is read: its queries are not skipped", () => {
    const d = board();
    widgets(d, 0).push({ ...widget("Ops", ""), visualization: { id: "a1b2c3.incident-timeline" }, rawConfiguration: { accountId: 6729598, nrql: "SELECT count(*) FROM NrAiIncident SINCE 30 days ago" } });
    expect(evaluateValue(d)).toEqual({ findings: [], errors: [] });
  });
});
