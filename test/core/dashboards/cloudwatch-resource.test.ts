import { App, Stack, type AppProps } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { evaluateCloudWatchDashboardBody } from "../../../src/core/dashboards/cloudwatch-resource.js";
import { expandMetricRow } from "../../../src/core/dashboards/cloudwatch.js";
import { normalizeDashboard } from "../../../src/core/dashboards/index.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { defaultPolicy, readFixture } from "./helpers.js";

/** A real CDK synth: the body comes out as Fn::Join of strings and tokens (region, metric ids). */
function synthDashboard(withIncidents: boolean, withTarget: boolean): Record<string, unknown> {
  const app = new App({ builtinCloudFormationValidation: false } as AppProps);
  const stack = new Stack(app, "DevMetrics");
  const dashboard = new cloudwatch.Dashboard(stack, "KiroAdoption", { dashboardName: "kiro-adoption" });
  const wau = new cloudwatch.Metric({ namespace: "DevTools/Kiro", metricName: "WeeklyActiveUsers", statistic: "Maximum", dimensionsMap: { Team: "payments" } });
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: "Kiro weekly active users",
      left: [wau],
      ...(withTarget ? { leftAnnotations: [{ value: 150, label: "Adoption goal", color: cloudwatch.Color.GREEN }] } : {}),
    }),
    new cloudwatch.SingleValueWidget({
      title: "Credits consumed",
      metrics: [new cloudwatch.MathExpression({ expression: "SUM(SEARCH('{DevTools/Kiro,Team} MetricName=\"CreditsUsed\"', 'Sum', 86400))", label: "Kiro credits" })],
    }),
  );
  if (withIncidents) {
    dashboard.addWidgets(
      new cloudwatch.LogQueryWidget({
        title: "Rollbacks",
        logGroupNames: ["/ops/deployments"],
        queryLines: ["fields @timestamp, service", "filter action = 'rollback'", "stats count(*) by bin(1d)"],
      }),
    );
  }
  return app.synth().getStackByName("DevMetrics").template as Record<string, unknown>;
}

function dashboardResource(template: Record<string, unknown>): { id: string; body: unknown } {
  const resources = template["Resources"] as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const [id, r] = Object.entries(resources).find(([, v]) => v.Type === "AWS::CloudWatch::Dashboard")!;
  return { id, body: r.Properties["DashboardBody"] };
}

/** What the template reader hands over: strings kept, tokens replaced by placeholder text. */
function joinWithPlaceholders(body: unknown): string {
  const join = (body as { "Fn::Join": [string, unknown[]] })["Fn::Join"];
  return join[1].map((p) => (typeof p === "string" ? p : "*")).join(join[0]);
}

describe("CloudWatch dashboards in CloudFormation", () => {
  it("reads a CDK Fn::Join body: error with a goal annotation, warning without, nothing with a rollback panel", () => {
    const evaluate = (incidents: boolean, target: boolean) => {
      const { body } = dashboardResource(synthDashboard(incidents, target));
      expect(body).toHaveProperty("Fn::Join");
      return evaluateCloudWatchDashboardBody(
        { body: joinWithPlaceholders(body), subject: "DevMetrics/KiroAdoption", evidence: { file: "cdk.out/DevMetrics.template.json", line: 12, pointer: "/Resources/KiroAdoption/Properties/DashboardBody" }, dashboardName: "kiro-adoption" },
        defaultPolicy,
      );
    };
    const withTarget = evaluate(false, true);
    expect(withTarget.errors).toEqual([]);
    expect(withTarget.findings).toHaveLength(1);
    expect(withTarget.findings[0]).toMatchObject({ severity: "error", subject: 'dashboard "kiro-adoption" (DevMetrics/KiroAdoption)' });
    expect(withTarget.findings[0]!.evidence[0]).toMatchObject({ file: "cdk.out/DevMetrics.template.json", line: 12, pointer: "/Resources/KiroAdoption/Properties/DashboardBody" });
    expect(withTarget.findings[0]!.evidence[0]!.note).toContain("/widgets/0");
    expect(evaluate(false, false).findings.map((f) => f.severity)).toEqual(["warning"]);
    expect(evaluate(true, true)).toEqual({ findings: [], errors: [] });
  });

  it("flags the same dashboard through the template engine (evaluateTemplates)", () => {
    const template = synthDashboard(false, true);
    const result = evaluateTemplates([{ file: "DevMetrics.template.json", value: template }], defaultPolicy, loadCatalogue());
    const dashboards = result.findings.filter((f) => f.rule === "adoption-dashboard-no-incidents");
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.severity).toBe("error");
  });

  it("a body that is not JSON after token replacement is an input error, not a pass", () => {
    const r = evaluateCloudWatchDashboardBody({ body: '{"widgets":[{"type":"metric","properties":{"period":*00}}]}', subject: "S/D", evidence: { file: "t.json", line: 7 } }, defaultPolicy);
    expect(r.findings).toEqual([]);
    expect(r.errors).toEqual([{ file: "t.json", line: 7, message: expect.stringContaining("not valid JSON") }]);
  });

  it("a body without widgets, or with none, is an input error", () => {
    expect(evaluateCloudWatchDashboardBody({ body: '{"start":"-PT3H"}', subject: "S/D", evidence: { file: "t.json" } }, defaultPolicy).errors).toHaveLength(1);
    expect(evaluateCloudWatchDashboardBody({ body: '{"widgets":[]}', subject: "S/D", evidence: { file: "t.json" } }, defaultPolicy).errors).toHaveLength(1);
  });
});

describe("CloudWatch metric shorthand", () => {
  it('expands "." per position and "..." as the previous row\'s leading items', () => {
    const first = ["AWS/EC2", "CPUUtilization", "InstanceId", "i-1"];
    expect(expandMetricRow(["...", "i-2"], first).items).toEqual(["AWS/EC2", "CPUUtilization", "InstanceId", "i-2"]);
    expect(expandMetricRow([".", "NetworkIn", ".", "."], first).items).toEqual(["AWS/EC2", "NetworkIn", "InstanceId", "i-1"]);
    expect(expandMetricRow(["...", { stat: "p99" }], first)).toEqual({ items: first, options: { stat: "p99" } });
  });

  it("puts the incident namespace on the repeated line's query", () => {
    const d = normalizeDashboard(readFixture("handmade/cloudwatch-q-developer-shorthand.json").value)!;
    // The payments row is hidden (`visible: false`) and no expression reads it: not drawn, though the "..." line after it still expands against it.
    expect(d.panels[1]!.queries).toEqual(['Ops/Deployments Succeeded Service="payments"', 'Ops/Incidents Opened Service="checkout"']);
    expect(d.panels[0]!.queries).toContain('DevTools/QDeveloper AcceptedSuggestions Team="payments"');
  });
});
