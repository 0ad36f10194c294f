/**
 * Google Cloud Monitoring dashboards (src/core/dashboards/cloud-monitoring.ts), in the Monitoring
 * API's JSON as `gcloud monitoring dashboards describe --format=json` prints it: the four layouts,
 * each widget content, thresholds (Cloud Monitoring has no green: a line that colours the values
 * below it is a bar to reach), and what cannot be read (an input error, never a pass).
 */
import { parseSource } from "../../../src/core/source/parse.js";
import { evaluateDashboardFile, isDashboard, normalizeDashboard } from "../../../src/core/dashboards/index.js";
import { mayBeDashboard } from "../../../src/core/input-text.js";
import { defaultPolicy, evaluateValue } from "./helpers.js";

const promql = (expr: string) => ({ timeSeriesQuery: { prometheusQuery: expr } });
const chart = (title: string, query: unknown, extra: Record<string, unknown> = {}) => ({ title, xyChart: { dataSets: [{ ...(query as object), plotType: "LINE" }], ...extra } });
const scorecard = (title: string, query: unknown, thresholds: unknown[] = []) => ({ title, scorecard: { ...(query as object), thresholds } });
const mosaic = (displayName: string, ...widgets: unknown[]) => ({
  displayName,
  mosaicLayout: { columns: 48, tiles: widgets.map((widget, i) => ({ xPos: 0, yPos: i * 8, width: 24, height: 8, widget })) },
});

const sessions = chart("Gemini CLI sessions", { timeSeriesQuery: { timeSeriesFilter: { filter: 'metric.type="custom.googleapis.com/gemini_cli/gemini_cli.session.count"', aggregation: { alignmentPeriod: "86400s", perSeriesAligner: "ALIGN_DELTA" } } } });
const activeUsers = scorecard("Daily active users", promql('count(sum by (user_email) (increase({"__name__"="custom.googleapis.com/gemini_cli/gemini_cli.session.count"}[1d])) > 0)'));

describe("Cloud Monitoring dashboards", () => {
  it("use of a coding tool without incidents is flagged, each panel cited at its tile", () => {
    const { findings, errors } = evaluateValue(mosaic("Engineering tools", sessions, activeUsers));
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.severity, f.subject])).toEqual([["warning", 'dashboard "Engineering tools"']]);
    expect(findings[0]!.evidence.map((e) => e.pointer)).toEqual(["/mosaicLayout/tiles/0/widget", "/mosaicLayout/tiles/1/widget"]);
  });

  it.each([
    ["grid", { displayName: "Engineering tools", gridLayout: { columns: "2", widgets: [sessions] } }, "/gridLayout/widgets/0"],
    ["row", { displayName: "Engineering tools", rowLayout: { rows: [{ weight: "1", widgets: [sessions] }] } }, "/rowLayout/rows/0/widgets/0"],
    ["column", { displayName: "Engineering tools", columnLayout: { columns: [{ weight: "1", widgets: [sessions] }] } }, "/columnLayout/columns/0/widgets/0"],
  ])("reads the %s layout", (_name, value, pointer) => {
    expect(evaluateValue(value).findings[0]?.evidence.map((e) => e.pointer)).toEqual([pointer]);
  });

  it("a Monitoring filter's metric type names the tool; a resource label's value names a service", () => {
    const filter = (f: string) => chart("Sessions per day", { timeSeriesQuery: { timeSeriesFilter: { filter: f } } });
    const byMetric = evaluateValue(mosaic("Developer productivity", filter('metric.type="custom.googleapis.com/gemini_cli/gemini_cli.session.count" resource.type="generic_node"')));
    expect(byMetric.findings[0]?.evidence[0]?.note).toContain("of Gemini CLI (named in its queries");
    const byService = mosaic("Developer productivity", filter('metric.type="run.googleapis.com/request_count" resource.label.service_name="copilot-proxy"'));
    expect(evaluateValue(byService)).toEqual({ findings: [], errors: [] });
  });

  it("the dashboard's labels name the tool as tags do", () => {
    const value = { ...mosaic("Usage", scorecard("Sessions", promql("sum(increase(claude_sessions_total[1d]))"))), labels: { "claude-code": "" } };
    expect(evaluateValue(value).findings[0]?.message).toMatch(/^Measures adoption of Claude Code \(sessions\)/);
  });

  describe("what records incidents", () => {
    it("an incident list shows the incidents of alert policies: the dashboard passes", () => {
      const value = mosaic("Engineering tools", sessions, { title: "Open issues", incidentList: { policyNames: ["projects/p/alertPolicies/123"] } });
      expect(evaluateValue(value)).toEqual({ findings: [], errors: [] });
    });

    it("a chart of rollbacks passes it; a text widget that says incidents are tracked elsewhere does not", () => {
      expect(evaluateValue(mosaic("Engineering tools", sessions, chart("Rollbacks", promql("sum(increase(deploy_rollbacks_total[1d]))"))))).toEqual({ findings: [], errors: [] });
      const prose = { title: "", text: { content: "Incidents and rollbacks are tracked in PagerDuty.", format: "MARKDOWN" } };
      expect(evaluateValue(mosaic("Engineering tools", sessions, prose)).findings).toHaveLength(1);
    });

    it("a logs panel lists records: it measures no use", () => {
      const logs = { title: "Gemini CLI sessions (log lines)", logsPanel: { filter: 'logName="projects/p/logs/gemini_cli" jsonPayload.event="session"' } };
      expect(evaluateValue(mosaic("Engineering tools", logs, chart("Error rate", promql("sum(rate(http_errors_total[5m]))"))))).toEqual({ findings: [], errors: [] });
    });
  });

  describe("usage targets", () => {
    it("a line that colours the use below it sets a bar to reach: an error", () => {
      const value = mosaic("Engineering tools", scorecard("Daily active users", activeUsers.scorecard, [{ value: 50, color: "RED", direction: "BELOW" }]));
      const [f] = evaluateValue(value).findings;
      expect(f?.severity).toBe("error");
      expect(f?.message).toContain("values below 50 are drawn red");
    });

    it("a line labelled as a target is one; a cap that colours too much use is not", () => {
      const target = mosaic("Engineering tools", chart("Sessions", sessions.xyChart.dataSets[0], { thresholds: [{ value: 200, label: "Q3 target", color: "YELLOW", direction: "ABOVE" }] }));
      expect(evaluateValue(target).findings[0]?.severity).toBe("error");
      const cap = mosaic("Engineering tools", scorecard("Daily active users", activeUsers.scorecard, [{ value: 500, color: "RED", direction: "ABOVE" }]));
      expect(evaluateValue(cap).findings[0]?.severity).toBe("warning");
    });

    it("a line below a reliability measure is not a usage target", () => {
      const value = mosaic("Gemini CLI", sessions, scorecard("Tool call success rate", promql("sum(gemini_cli_tool_call_count{success='true'}) / sum(gemini_cli_tool_call_count)"), [{ value: 0.95, color: "RED", direction: "BELOW" }]));
      expect(evaluateValue(value).findings[0]?.severity).toBe("warning");
    });
  });

  describe("what cannot be read is an input error, never a pass", () => {
    it.each([
      ["a widget content the reader does not know", { title: "New", treemapChart: { dataSets: [] } }, /widget content "treemapChart" is not one this reader knows/],
      ["a chart without a query", { title: "Sessions", xyChart: { dataSets: [{ plotType: "LINE" }] } }, /xyChart has no query/],
      ["a widget with nothing in it", { title: "Empty" }, /widget has no content/],
      ["a widget with two contents", { title: "Two", text: { content: "a" }, scorecard: promql("up") }, /several contents \(text, scorecard\)/],
    ])("%s", (_name, widget, message) => {
      const { findings, errors } = evaluateValue(mosaic("Engineering tools", sessions, widget));
      expect(findings).toEqual([]);
      expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(message) })]);
    });

    it("a layout without widgets has no panels", () => {
      expect(evaluateValue({ displayName: "Empty", mosaicLayout: { columns: 48 } }).errors).toEqual([expect.objectContaining({ message: expect.stringContaining('cloud-monitoring dashboard "Empty" has no panels') })]);
    });

    it("blank widgets and groups are read and show nothing", () => {
      const value = mosaic("Engineering tools", { blank: {} }, { title: "Adoption", collapsibleGroup: { collapsed: false } }, { title: "", sectionHeader: { subtitle: "Use", dividerBelow: true } }, sessions);
      expect(evaluateValue(value).findings[0]?.evidence.map((e) => e.pointer)).toEqual(["/mosaicLayout/tiles/3/widget"]);
    });
  });

  it("Config Connector's MonitoringDashboard holds one in its spec: found and judged there", () => {
    const text = [
      "apiVersion: monitoring.cnrm.cloud.google.com/v1beta1",
      "kind: MonitoringDashboard",
      "metadata:",
      "  name: gemini-cli-usage",
      "spec:",
      "  displayName: Gemini CLI usage",
      "  mosaicLayout:",
      "    columns: 48",
      "    tiles:",
      "      - width: 24",
      "        height: 8",
      "        widget:",
      "          title: Sessions",
      "          xyChart:",
      "            dataSets:",
      "              - timeSeriesQuery:",
      "                  prometheusQuery: sum(increase(gemini_cli_session_count_total[1d]))",
      "",
    ].join("\n");
    expect(mayBeDashboard(text)).toBe(true);
    const parsed = parseSource(text);
    expect(isDashboard(parsed.value)).toBe(true);
    const { findings, errors } = evaluateDashboardFile({ file: "kcc.yaml", value: parsed.value, lineOf: parsed.lineOf }, defaultPolicy);
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.subject, f.evidence[0]?.pointer])).toEqual([['dashboard "Gemini CLI usage" (the dashboard at /spec)', "/spec"]]);
  });

  it("a file that only has a displayName is no dashboard", () => {
    expect(normalizeDashboard({ displayName: "My service", etag: "x" })).toBeUndefined();
  });
});
