/**
 * An AWS::CloudWatch::Dashboard's DashboardName is the dashboard's title: it names the dashboard in
 * the finding, and an AI coding tool named only there is in view of every widget.
 */
import { evaluateCloudWatchDashboardBody } from "../../../src/core/dashboards/cloudwatch-resource.js";
import { defaultPolicy } from "./helpers.js";

const body = JSON.stringify({ widgets: [{ type: "metric", properties: { title: "Weekly active users", metrics: [["DevTools/Usage", "WeeklyActiveUsers"]] } }] });
const evaluate = (dashboardName?: string) =>
  evaluateCloudWatchDashboardBody({ body, subject: "stack dev-metrics/UsageBoard", evidence: { file: "dev-metrics.template.json", line: 9 }, ...(dashboardName ? { dashboardName } : {}) }, defaultPolicy);

describe("DashboardName", () => {
  it("a tool named only in DashboardName puts it in view: the adoption panel is found and the finding names the dashboard", () => {
    const { findings, errors } = evaluate("copilot-adoption");
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.subject, f.severity])).toEqual([['dashboard "copilot-adoption" (stack dev-metrics/UsageBoard)', "warning"]]);
    expect(findings[0]!.evidence[0]).toMatchObject({ file: "dev-metrics.template.json", line: 9, note: expect.stringMatching(/^adoption panel "Weekly active users": .*\(named in the dashboard title, description or tags\) \(widget \/widgets\/0 in the dashboard body\)$/) });
  });

  it("without it, usage that names no tool is no adoption panel", () => {
    expect(evaluate()).toEqual({ findings: [], errors: [] });
  });
});
