/**
 * Dashboards and workbooks of providers agent-guardrail does not read, declared in Terraform
 * (`azurerm_application_insights_workbook`, `dynatrace_json_dashboard`, `aws_quicksight_dashboard`):
 * one that shows a coding tool's use fails closed, as the same dashboard's JSON file does. Before,
 * a `.tf` file of one was no input: walked, it passed unseen, while its JSON twin was refused.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { evaluateTerraformFile, mayHoldTerraformDashboard } from "../../../src/core/dashboards/terraform.js";
import { runScan } from "../../../src/cli/scan-run.js";
import { checkAdoptionDashboards } from "../../../src/github/checks/adoption-dashboards.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { defaultPolicy, fixtures } from "./helpers.js";

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

  // Honeycomb's boards (`honeycombio_board`, `honeycombio_flexible_board`) are its dashboards, named
  // "board": a `.tf` file of one was no input (walked, a pass), while the board's JSON (the Boards
  // API's `panels`) was refused when it showed a coding tool's use. Real control: Honeycomb's own
  // OpenTelemetry starter pack board (honeycombio/terraform-honeycombio-opentelemetry-starter-pack
  // @3ad483b9, modules/environment_boards/all_services.tf, Apache-2.0): traces and spans by service.
  describe("Honeycomb boards", () => {
    const flexible = (name: string, description: string) => `resource "honeycombio_query_annotation" "q1" {
  dataset  = "claude-code"
  query_id = honeycombio_query.q1.id
  name     = "Sessions per developer"
}

resource "honeycombio_flexible_board" "rollout" {
  name        = "${name}"
  description = "${description}"

  panel {
    type = "query"
    query_panel {
      query_id            = honeycombio_query.q1.id
      query_annotation_id = honeycombio_query_annotation.q1.id
      query_style         = "graph"
    }
  }
}
`;

    it.each([
      ["a flexible board", flexible("Claude Code rollout", "Weekly active users and sessions of Claude Code"), 7, "Claude Code"],
      ["a classic board", 'resource "honeycombio_board" "copilot" {\n  name        = "Copilot adoption"\n  description = "Seats and acceptance rate"\n  query {\n    query_id = honeycombio_query.seats.id\n  }\n}\n', 1, "GitHub Copilot"],
    ])("%s that shows a coding tool's use fails closed at its line", (_, text, line, tool) => {
      expect(mayHoldTerraformDashboard(text)).toBe(true);
      const result = evaluateText(text);
      expect(result.errors).toEqual([expect.objectContaining({ file: "main.tf", line, message: expect.stringContaining(tool) })]);
      expect(result.errors[0]!.message).toMatch(/^honeycombio_(flexible_)?board\.\w+ looks like a dashboard of .* in a format agent-guardrail does not read/);
    });

    // A board names its panels' queries by id: the titles it shows are the query annotations'.
    it("a board named for the tool whose measures are in the query annotations it refers to fails closed; one naming no tool does not", () => {
      const text = flexible("Claude Code rollout", "How the pilot is going");
      expect(evaluateText(text).errors).toEqual([expect.objectContaining({ line: 7, message: expect.stringMatching(/^honeycombio_flexible_board\.rollout looks like a dashboard of Claude Code use \(sessions\)/) })]);
      expect(evaluateText(text.replace("Claude Code rollout", "Pilot rollout"))).toMatchObject({ errors: [], noInput: true });
    });

    it("Honeycomb's own starter-pack board (no coding tool), a board of no tool's use, and a board's view: no input", () => {
      const real = readFileSync(path.join(fixtures, "real/terraform/honeycomb-otel-starter-pack-all-services-board.tf"), "utf8");
      expect(mayHoldTerraformDashboard(real)).toBe(true);
      expect(evaluateText(real)).toMatchObject({ errors: [], findings: [], noInput: true });
      expect(evaluateText(flexible("Checkout latency", "p95 by endpoint"))).toMatchObject({ errors: [], noInput: true });
      const view = 'resource "honeycombio_board_view" "mine" {\n  board_id = honeycombio_flexible_board.rollout.id\n  name     = "Copilot adoption, my team"\n}\n';
      expect(mayHoldTerraformDashboard(view)).toBe(false);
    });
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
