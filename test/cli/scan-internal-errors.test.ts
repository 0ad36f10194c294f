/**
 * A failure nobody foresaw while evaluating one input is that input's error, never the end of the
 * run: the other inputs are still evaluated and reported, and the run exits 2 (fail closed).
 * The failure is provoked through the policy (its dashboard vocabulary cannot be read), so only
 * the inputs that reach dashboards fail: a Grafana dashboard, a Terraform file declaring one, and a
 * template holding a CloudWatch dashboard beside the agent role of another template it is scanned with.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Policy } from "../../src/core/policy.js";
import { runScan } from "../../src/cli/scan-run.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { agentTemplate } from "./agent-template.js";

const root = path.resolve(import.meta.dirname, "../..");

const dashboardTemplate = {
  Resources: {
    Adoption: {
      Type: "AWS::CloudWatch::Dashboard",
      Properties: { DashboardBody: JSON.stringify({ widgets: [{ type: "text", x: 0, y: 0, width: 6, height: 2, properties: { markdown: "# Copilot adoption" } }] }) },
    },
  },
};

/** The shipped policy, except that reading its dashboard settings throws. */
function brokenDashboards(): Policy {
  const policy = { ...resolvePolicy() };
  Object.defineProperty(policy, "dashboards", {
    get() {
      throw new TypeError("dashboard vocabulary unavailable");
    },
  });
  return policy;
}

test("the inputs that fail get an error each; every other input is still evaluated", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-internal-"));
  const file = (name: string, value: unknown) => {
    writeFileSync(path.join(dir, name), JSON.stringify(value, null, 2));
    return path.join(dir, name);
  };
  const grafana = path.join(dir, "copilot-adoption.grafana.json");
  copyFileSync(path.join(root, "examples/dashboards/copilot-adoption.grafana.json"), grafana);
  const agent = file("agent.template.json", agentTemplate);
  const dashboard = file("dashboard.template.json", dashboardTemplate);
  const policyDocument = file("ops-agent-policy.json", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "rds:DeleteDBCluster", Resource: "*" }] });

  // A Terraform file's dashboard is judged apart from the parsed inputs (scan-run.ts scanTerraform).
  const terraform = path.join(dir, "adoption.tf");
  writeFileSync(terraform, 'resource "aws_cloudwatch_dashboard" "q" {\n  dashboard_name = "q-developer-adoption"\n  dashboard_body = jsonencode({ widgets = [] })\n}\n');
  const report = await runScan([grafana, agent, dashboard, policyDocument, terraform], brokenDashboards());

  const internal = (f: string) => ({ file: f, message: expect.stringMatching(/^could not be evaluated \(internal error: dashboard vocabulary unavailable\); nothing in it was checked$/) });
  expect(report.errors).toEqual(expect.arrayContaining([internal(grafana), internal(dashboard), internal(terraform)]));
  expect(report.errors).toHaveLength(3);
  const judged = new Set(report.findings.map((f) => f.evidence[0]?.file));
  expect(judged).toContain(agent);
  expect(judged).toContain(policyDocument);
  expect(report.findings.some((f) => f.rule === "agent-destructive-prod" && f.actions?.includes("dynamodb:DeleteTable"))).toBe(true);
});

test("with a policy that works, the same inputs evaluate without errors (the failure above is the policy's)", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-internal-"));
  writeFileSync(path.join(dir, "dashboard.template.json"), JSON.stringify(dashboardTemplate));
  writeFileSync(path.join(dir, "agent.template.json"), JSON.stringify(agentTemplate));
  const report = await runScan([dir], resolvePolicy());
  expect(report.errors).toEqual([]);
  expect(report.findings.length).toBeGreaterThan(0);
});
