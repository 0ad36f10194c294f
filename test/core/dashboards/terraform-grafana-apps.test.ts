/**
 * The Grafana Terraform provider's app-platform dashboards (`grafana_apps_dashboard_dashboard_v1beta1`,
 * `_v2beta1`, `_v2`, `grafana_dashboard_dashboard_v0alpha1`): the dashboard in `spec { json }`, its
 * title and tags beside it, and the v2 spec on its own that `_v2` takes. Before they were read, a
 * `.tf` file of one was no input: skipped unseen while walking, and refused only when named.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { evaluateTerraformFile, mayHoldTerraformDashboard } from "../../../src/core/dashboards/terraform.js";
import { runScan } from "../../../src/cli/scan-run.js";
import { checkAdoptionDashboards } from "../../../src/github/checks/adoption-dashboards.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { defaultPolicy, evaluateValue } from "./helpers.js";

const evaluateText = (text: string) => evaluateTerraformFile({ file: "dashboards.tf", text }, defaultPolicy);

const copilotPanel = `{
          type    = "stat"
          title   = "Copilot weekly active users"
          targets = [{ refId = "A", expr = "sum(copilot_weekly_active_users)" }]
        }`;
const incidentPanel = `{
          type    = "timeseries"
          title   = "Incidents and rollbacks linked to agent PRs"
          targets = [{ refId = "B", expr = "sum(increase(incidents_opened_total[1d]))" }]
        }`;

const v1beta1 = (panels: string, specExtra = "") => `resource "grafana_apps_dashboard_dashboard_v1beta1" "copilot" {
  metadata {
    uid        = "copilot-adoption"
    folder_uid = grafana_folder.ai.uid
  }

  spec {${specExtra}
    json = jsonencode({
      title         = "Copilot adoption"
      uid           = "copilot-adoption"
      schemaVersion = 42
      panels = [
        ${panels}
      ]
    })
  }

  options {
    overwrite = true
  }
}
`;

/** A v2 spec as `grafana_apps_dashboard_dashboard_v2` takes it: elements placed by a layout, no resource around it. */
const v2Spec = (title: string, elements: Record<string, { title: string; expr: string }>) => ({
  title,
  cursorSync: "Off",
  elements: Object.fromEntries(
    Object.entries(elements).map(([key, e], i) => [
      key,
      {
        kind: "Panel",
        spec: {
          id: i + 1,
          title: e.title,
          description: "",
          links: [],
          data: { kind: "QueryGroup", spec: { queries: [{ kind: "PanelQuery", spec: { refId: "A", hidden: false, query: { kind: "prometheus", spec: { expr: e.expr } } } }], transformations: [], queryOptions: {} } },
          vizConfig: { kind: "stat", spec: { pluginVersion: "", options: {}, fieldConfig: { defaults: {}, overrides: [] } } },
        },
      },
    ]),
  ),
  layout: { kind: "GridLayout", spec: { items: Object.keys(elements).map((name, i) => ({ kind: "GridLayoutItem", spec: { x: 0, y: i * 8, width: 12, height: 8, element: { kind: "ElementReference", name } } })) } },
  links: [],
  preload: false,
  annotations: [],
  variables: [],
  timeSettings: { timezone: "browser", from: "now-6h", to: "now" },
});

describe("Grafana app-platform dashboards in Terraform", () => {
  it("flags the adoption dashboard of a grafana_apps_dashboard_dashboard_v1beta1 at its panel", () => {
    const result = evaluateText(v1beta1(copilotPanel));
    expect(result.errors).toEqual([]);
    expect(result.dashboards).toBe(1);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.message).toContain("GitHub Copilot");
    expect(result.findings[0]!.subject).toContain("grafana_apps_dashboard_dashboard_v1beta1.copilot");
    expect(result.findings[0]!.evidence[0]).toMatchObject({ file: "dashboards.tf", line: 13, pointer: "/panels/0" });
  });

  it("passes one whose dashboard also records incidents", () => {
    expect(evaluateText(v1beta1(`${copilotPanel},\n        ${incidentPanel}`))).toMatchObject({ findings: [], errors: [], dashboards: 1 });
  });

  it("reads the title and tags written beside the JSON: they are what Grafana shows", () => {
    // The JSON names no tool; the resource's title does.
    const panel = `{ type = "stat", title = "Weekly active users", targets = [{ refId = "A", expr = "sum(weekly_active_users)" }] }`;
    const result = evaluateText(v1beta1(panel, `\n    title = "Cursor rollout"\n    tags  = ["ai"]`).replace('title         = "Copilot adoption"', 'title         = "Engineering"'));
    expect(result.errors).toEqual([]);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.message).toContain("Cursor");
    expect(result.findings[0]!.subject).toContain('"Cursor rollout"');
    // A suppression tag there is the dashboard's too.
    const suppressed = evaluateText(v1beta1(copilotPanel, `\n    tags = ["agent-guardrail:ignore-incidents=incidents are on the SRE weekly board"]`));
    expect(suppressed.findings.map((f) => f.suppressed?.reason)).toEqual(["incidents are on the SRE weekly board"]);
  });

  it.each(["grafana_apps_dashboard_dashboard_v2", "grafana_apps_dashboard_dashboard_v2beta1"])("reads the v2 spec %s takes", (type) => {
    const spec = v2Spec("Claude Code usage", { "panel-1": { title: "Sessions per day", expr: "sum(increase(claude_code_session_count_total[1d]))" } });
    const text = `resource "${type}" "claude" {\n  metadata {\n    uid = "claude-code"\n  }\n  spec {\n    json = <<-EOT\n${JSON.stringify(spec, null, 2)}\nEOT\n  }\n}\n`;
    const result = evaluateText(text);
    expect(result.errors).toEqual([]);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.message).toContain("Claude Code");
    expect(result.findings[0]!.evidence[0]).toMatchObject({ pointer: "/elements/panel-1", line: text.split("\n").findIndex((l) => l.includes('"panel-1"')) + 1 });
  });

  it("refuses, at its line, a body it cannot evaluate whose title shows a coding tool's use (fail closed)", () => {
    // The shape Grafana's own examples use for a v2 file: the resource's spec taken out by jsondecode.
    const text = `resource "grafana_apps_dashboard_dashboard_v2" "copilot" {
  metadata {
    uid = "copilot"
  }
  spec {
    title = "Copilot adoption: weekly active users"
    json  = jsonencode(jsondecode(file("\${path.module}/copilot.json")).spec)
  }
}
`;
    const result = evaluateText(text);
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([expect.objectContaining({ file: "dashboards.tf", line: 7, message: expect.stringContaining("fail closed") })]);
  });

  it("refuses one without spec.json: nothing to evaluate", () => {
    const result = evaluateText('resource "grafana_apps_dashboard_dashboard_v1beta1" "x" {\n  metadata {\n    uid = "x"\n  }\n  spec {\n    title = "Copilot"\n  }\n}\n');
    expect(result.errors).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining("has no spec.json") })]);
  });

  it("names a JSON file the resource reads for the caller to judge", () => {
    const result = evaluateText('resource "grafana_dashboard_dashboard_v0alpha1" "my" {\n  metadata {\n    uid = "my"\n  }\n  spec {\n    json  = file("${path.module}/dashboards/my.json")\n    title = "My Dashboard"\n  }\n}\n');
    expect(result).toMatchObject({ errors: [], findings: [], dashboards: 1 });
    expect(result.bodyFiles).toEqual([expect.objectContaining({ resource: "grafana_dashboard_dashboard_v0alpha1.my", path: "dashboards/my.json", line: 6, known: expect.arrayContaining(["My Dashboard"]) })]);
  });

  it("is a Terraform file that may hold a dashboard, found while walking a directory", async () => {
    expect(mayHoldTerraformDashboard('resource "grafana_apps_dashboard_dashboard_v1beta1" "copilot" {')).toBe(true);
    expect(mayHoldTerraformDashboard("resource grafana_apps_dashboard_dashboard_v2 copilot {")).toBe(true);
    // Other app-platform resources hold no dashboard.
    expect(mayHoldTerraformDashboard('resource "grafana_apps_playlist_playlist_v0alpha1" "p" {')).toBe(false);
    const root = mkdtempSync(path.join(tmpdir(), "ag-tf-apps-"));
    writeFileSync(path.join(root, "dashboards.tf"), v1beta1(copilotPanel));
    const report = await runScan([root], defaultPolicy);
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => f.rule === "adoption-dashboard-no-incidents").map((f) => f.evidence[0]?.line)).toEqual([13]);
  });
});

describe("the adoption-dashboards check of a pull request", () => {
  it("judges a changed .tf file that declares one, and a changed v2 spec file", async () => {
    const head: Record<string, string> = {
      "grafana/dashboards.tf": v1beta1(copilotPanel),
      "grafana/claude.json": JSON.stringify(v2Spec("Claude Code usage", { "panel-1": { title: "Sessions per day", expr: "sum(increase(claude_code_session_count_total[1d]))" } }), null, 2),
    };
    const out = await checkAdoptionDashboards({
      policy: defaultPolicy,
      files: Object.keys(head).map((path) => ({ path, status: "added" })),
      filesComplete: true,
      read: async (path) => head[path],
      catalogue: loadCatalogue,
    });
    expect(out.errors).toEqual([]);
    expect(out.dashboards).toEqual(["grafana/dashboards.tf", "grafana/claude.json"]);
    expect(out.findings.map((f) => f.evidence[0]!.file)).toEqual(["grafana/dashboards.tf", "grafana/claude.json"]);
    expect(out.conclusion).toBe("neutral");
  });
});

describe("a body in another file, with the title and tags written beside it", () => {
  // The provider's own test data writes them so: `json = file(...)` and `title`, `tags` beside it.
  const tf = (file: string, fn = "file") => `resource "grafana_apps_dashboard_dashboard_v1beta1" "eng" {
  metadata {
    uid = "eng"
  }
  spec {
    json  = ${fn}("\${path.module}/${file}")
    title = "Copilot rollout"
    tags  = ["engineering"]
  }
}
`;
  /** A dashboard that names no coding tool: its use is Copilot's only by the resource's title. */
  const plain = (title: string) => JSON.stringify({ title, uid: "eng", schemaVersion: 39, panels: [{ type: "stat", title: "Weekly active users", targets: [{ refId: "A", expr: "sum(weekly_active_users)" }] }] }, null, 2);
  const adoptionFindings = (report: { findings: { rule: string; evidence: { file?: string }[] }[] }, root: string) =>
    report.findings.filter((f) => f.rule === "adoption-dashboard-no-incidents").map((f) => path.relative(root, f.evidence[0]?.file ?? ""));

  it("judges the file the walk reads with the resource's title: the deployed dashboard is Copilot's", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ag-tf-apps-"));
    writeFileSync(path.join(root, "main.tf"), tf("eng.json"));
    writeFileSync(path.join(root, "eng.json"), plain("Engineering"));
    const report = await runScan([root], defaultPolicy);
    expect(report.errors).toEqual([]);
    expect(adoptionFindings(report, root)).toEqual(["eng.json"]);
    expect(report.findings[0]!.message).toContain("GitHub Copilot");
  });

  it("reports a file that is an adoption dashboard on its own once", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ag-tf-apps-"));
    writeFileSync(path.join(root, "main.tf"), tf("eng.json"));
    writeFileSync(path.join(root, "eng.json"), plain("Copilot adoption"));
    const report = await runScan([root], defaultPolicy);
    expect(adoptionFindings(report, root)).toEqual(["eng.json"]);
  });

  it("reads a template the walk does not with the resource's title", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ag-tf-apps-"));
    writeFileSync(path.join(root, "main.tf"), tf("eng.json.tftpl", "templatefile"));
    writeFileSync(path.join(root, "eng.json.tftpl"), plain("Engineering"));
    const report = await runScan([root], defaultPolicy);
    expect(report.errors).toEqual([]);
    expect(adoptionFindings(report, root)).toEqual(["eng.json.tftpl"]);
  });

  it.each([
    ["both files changed", ["infra/main.tf", "infra/eng.json"]],
    ["only the .tf file changed", ["infra/main.tf"]],
  ])("the pull request check does the same (%s)", async (_, changed) => {
    const head: Record<string, string> = { "infra/main.tf": tf("eng.json"), "infra/eng.json": plain("Engineering") };
    const out = await checkAdoptionDashboards({
      policy: defaultPolicy,
      files: changed.map((p) => ({ path: p, status: "modified" })),
      filesComplete: true,
      read: async (p) => head[p],
      catalogue: loadCatalogue,
    });
    expect(out.errors).toEqual([]);
    expect(out.findings.map((f) => f.evidence[0]!.file)).toEqual(["infra/eng.json"]);
  });
});

describe("a Grafana v2 spec on its own", () => {
  it("is read as the v2 dashboard it is, not refused as a format not read", () => {
    const { findings, errors } = evaluateValue(v2Spec("Copilot adoption", { "panel-1": { title: "Weekly active users", expr: "sum(copilot_weekly_active_users)" } }));
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence[0]).toMatchObject({ pointer: "/elements/panel-1" });
  });

  it("passes with an incident element the layout places; one no layout places does not count", () => {
    const both = v2Spec("Copilot adoption", {
      "panel-1": { title: "Weekly active users", expr: "sum(copilot_weekly_active_users)" },
      "panel-2": { title: "Incidents", expr: "sum(increase(incidents_opened_total[1d]))" },
    });
    expect(evaluateValue(both)).toMatchObject({ findings: [], errors: [] });
    const unplaced = { ...both, layout: { kind: "GridLayout", spec: { items: [both.layout.spec.items[0]] } } };
    expect(evaluateValue(unplaced).findings).toHaveLength(1);
  });
});
