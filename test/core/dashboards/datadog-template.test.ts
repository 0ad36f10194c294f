/**
 * Datadog dashboards deployed with CloudFormation (Datadog::Dashboards::Dashboard, Datadog's
 * registry type): the dashboard is the JSON string of `DashboardDefinition`. Before, only
 * AWS::CloudWatch::Dashboard bodies were read, and an adoption dashboard deployed this way passed.
 * The definitions below are written as Datadog's API returns them.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

const widget = (title: string, query: string) => ({ definition: { title, type: "timeseries", requests: [{ queries: [{ data_source: "metrics", name: "query1", query }], response_format: "timeseries", display_type: "line" }] } });

function scan(definition: unknown) {
  const template = {
    Resources: {
      CopilotDashboard: {
        Type: "Datadog::Dashboards::Dashboard",
        Properties: { DashboardDefinition: typeof definition === "string" ? definition : JSON.stringify(definition) },
      },
    },
  };
  const parsed = parseSource(JSON.stringify(template, null, 2));
  const { findings, errors } = evaluateTemplates([{ file: "dashboards.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "Dashboards" }], policy, catalogue);
  return { errors: errors.map((e) => [e.line, e.message]), dashboard: findings.filter((f) => f.rule === "adoption-dashboard-no-incidents").map((f) => [f.subject, f.evidence[0]?.line]) };
}

describe("Datadog::Dashboards::Dashboard", () => {
  const adoption = [widget("Copilot active users", "sum:github.copilot.active_users{*}"), widget("Copilot acceptance rate", "avg:github.copilot.acceptance_rate{*}")];

  it("an adoption dashboard without incidents: flagged at its DashboardDefinition", () => {
    expect(scan({ title: "Copilot adoption", layout_type: "ordered", widgets: adoption })).toEqual({ errors: [], dashboard: [["Dashboards/CopilotDashboard", 6]] });
  });

  it("the same dashboard with an incidents widget: not flagged", () => {
    expect(scan({ title: "Copilot adoption", layout_type: "ordered", widgets: [...adoption, widget("Incidents after AI changes", "sum:incidents.count{source:copilot}")] })).toEqual({ errors: [], dashboard: [] });
  });

  it("a definition that is not JSON, or not a Datadog dashboard: an input error at it, never a pass", () => {
    expect(scan("{").errors).toEqual([[6, expect.stringMatching(/^DashboardDefinition of Dashboards\/CopilotDashboard is not valid JSON: /)]]);
    expect(scan({ widgets: adoption }).errors).toEqual([[6, 'DashboardDefinition of Dashboards/CopilotDashboard is not a Datadog dashboard definition (expected {"layout_type": ..., "widgets": [...]})']]);
  });
});
