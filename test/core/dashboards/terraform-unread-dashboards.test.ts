/**
 * Dashboards and workbooks of providers agent-guardrail does not read, declared in Terraform
 * (`azurerm_application_insights_workbook`, `dynatrace_json_dashboard`, `aws_quicksight_dashboard`):
 * one that shows a coding tool's use fails closed, as the same dashboard's JSON file does. Before,
 * a `.tf` file of one was no input: walked, it passed unseen, while its JSON twin was refused.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { evaluateTerraformFile, mayHoldTerraformDashboard } from "../../../src/core/dashboards/terraform.js";
import { runScan } from "../../../src/cli/scan-run.js";
import { checkAdoptionDashboards } from "../../../src/github/checks/adoption-dashboards.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { defaultPolicy } from "./helpers.js";

const evaluateText = (text: string) => evaluateTerraformFile({ file: "main.tf", text }, defaultPolicy);

const workbook = (displayName: string, title: string) => `resource "azurerm_application_insights_workbook" "usage" {
  name                = "85b3e8bb-fc93-40be-83f2-98f6bec18ba0"
  resource_group_name = azurerm_resource_group.rg.name
  location            = "westeurope"
  display_name        = "${displayName}"
  data_json = jsonencode({
    version = "Notebook/1.0"
    items = [
      { type = 3, content = { version = "KqlItem/1.0", query = "Usage | summarize ActiveUsers = dcount(user) by bin(TimeGenerated, 1d)", title = "${title}" } }
    ]
  })
}
`;

const dynatrace = `resource "dynatrace_json_dashboard" "claude" {
  contents = <<-EOT
    {
      "dashboardMetadata": { "name": "Claude Code rollout", "owner": "platform" },
      "tiles": [ { "name": "Sessions per day", "tileType": "DATA_EXPLORER", "queries": [ { "metric": "claude_code.session.count" } ] } ]
    }
  EOT
}
`;

describe("other providers' dashboards in Terraform", () => {
  it.each([
    ["an Azure workbook named for the tool in its display name", workbook("GitHub Copilot adoption", "Daily active users"), 1, "GitHub Copilot"],
    ["an Azure workbook naming it in a query's title", workbook("Engineering", "Copilot daily active users"), 1, "GitHub Copilot"],
    ["a Dynatrace dashboard in a heredoc", dynatrace, 1, "Claude Code"],
    ['an Amazon QuickSight dashboard', 'resource "aws_quicksight_dashboard" "q" {\n  dashboard_id = "q-dev"\n  name         = "Amazon Q Developer active users"\n  version_description = "v1"\n}\n', 1, "Amazon Q Developer"],
  ])("%s that shows a coding tool's use fails closed at its line", (_, text, line, tool) => {
    const result = evaluateText(text);
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([expect.objectContaining({ file: "main.tf", line, message: expect.stringContaining(tool) })]);
    expect(result.errors[0]!.message).toContain("format agent-guardrail does not read");
    expect(result.noInput).toBeUndefined();
  });

  it("one that shows no coding tool, or a resource that only refers to a dashboard, is no input", () => {
    expect(evaluateText(workbook("Checkout latency", "p95 latency by region"))).toMatchObject({ errors: [], findings: [], noInput: true });
    const permission = 'resource "grafana_dashboard_permission" "copilot" {\n  dashboard_uid = "copilot-adoption"\n  permissions {\n    role       = "Viewer"\n    permission = "View"\n  }\n}\n';
    expect(mayHoldTerraformDashboard(permission)).toBe(false);
    expect(evaluateText(`${permission}resource "datadog_dashboard_list" "ai" {\n  name = "Copilot adoption"\n}\n`)).toMatchObject({ errors: [], noInput: true });
    // Azure Managed Grafana's instance holds no dashboard, whatever it is named for.
    const instance = 'resource "azurerm_dashboard_grafana" "copilot" {\n  name = "amg-copilot-usage"\n  grafana_major_version = 11\n}\n';
    expect(mayHoldTerraformDashboard(instance)).toBe(false);
  });

  it("a file of them that does not parse fails closed only where its text shows a coding tool's use", () => {
    const broken = (name: string) => `resource "azurerm_portal_dashboard" "d" {\n  name = "${name}"\n  dashboard_properties = \n}\n`;
    expect(evaluateText(broken("Checkout latency"))).toMatchObject({ errors: [], noInput: true });
    expect(evaluateText(broken("Copilot weekly active users")).errors).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining("cannot be read") })]);
  });

  it("is found while walking a directory, as its JSON twin is; one of no tool's use is a note", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ag-tf-unread-"));
    writeFileSync(path.join(root, "copilot.tf"), workbook("GitHub Copilot adoption", "Daily active users"));
    writeFileSync(path.join(root, "checkout.tf"), workbook("Checkout latency", "p95 latency by region"));
    const report = await runScan([root], defaultPolicy);
    expect(report.errors.map((e) => [path.relative(root, e.file), e.line])).toEqual([["copilot.tf", 1]]);
    expect(report.notes).toEqual([expect.stringContaining("checkout.tf: declares only dashboards of other providers")]);
  });

  it("the pull request check fails closed on a changed one, and ignores one of no tool's use", async () => {
    const head: Record<string, string> = { "infra/copilot.tf": workbook("GitHub Copilot adoption", "Daily active users"), "infra/checkout.tf": workbook("Checkout latency", "p95 latency by region") };
    const out = await checkAdoptionDashboards({ policy: defaultPolicy, files: Object.keys(head).map((p) => ({ path: p, status: "added" })), filesComplete: true, read: async (p) => head[p], catalogue: loadCatalogue });
    expect(out.dashboards).toEqual(["infra/copilot.tf"]);
    expect(out.errors).toEqual([expect.objectContaining({ file: "infra/copilot.tf", line: 1 })]);
    expect(out.conclusion).toBe("failure");
  });
});
