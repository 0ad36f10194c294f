/**
 * Dashboards in Terraform files (src/core/dashboards/terraform.ts, src/core/source/hcl.ts): the
 * bodies the providers take (jsonencode, heredoc, quoted JSON, a local, native blocks), what
 * cannot be evaluated, and the scan of a directory (fixtures: handmade/terraform/).
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { evaluateTerraformFile } from "../../../src/core/dashboards/terraform.js";
import { parseHcl } from "../../../src/core/source/hcl.js";
import { runScan } from "../../../src/cli/scan-run.js";
import { defaultPolicy, fixtures } from "./helpers.js";

const dir = path.join(fixtures, "handmade/terraform");
const evaluate = (name: string) => evaluateTerraformFile({ file: name, text: readFileSync(path.join(dir, name), "utf8") }, defaultPolicy);
const evaluateText = (text: string) => evaluateTerraformFile({ file: "main.tf", text }, defaultPolicy);

describe("Terraform dashboards", () => {
  it.each([
    // The body as HCL objects, with a data source for its region: the `.tf.json` form was flagged, this passed.
    ["q-developer-jsonencode.tf", 11, "Amazon Q Developer"],
    ["q-developer-heredoc.tf", 7, "Amazon Q Developer"],
    ["datadog-native.tf", 5, "Cursor"],
    ["newrelic-native.tf", 7, "GitHub Copilot"],
  ])("flags the adoption dashboard of %s where its panel is written", (name, line, tool) => {
    const result = evaluate(name);
    expect(result.errors).toEqual([]);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.message).toContain(tool);
    expect(result.findings[0]!.evidence[0]).toMatchObject({ file: name, line });
  });

  it("a real module's dashboards from URLs and for_each files show no coding tool: named in notes, not failed", () => {
    const name = "../../real/terraform/aws-observability-eks-monitoring-dashboards.tf";
    const result = evaluate(name);
    expect(result).toMatchObject({ findings: [], errors: [], dashboards: 2 });
    expect(result.notes).toEqual([expect.stringContaining("data.http.dashboard_json[each.key].response_body"), expect.stringContaining("file(...)")]);
  });

  it("passes a dashboard whose local also records rollbacks", () => {
    expect(evaluate("q-developer-with-incidents.tf")).toMatchObject({ findings: [], errors: [], dashboards: 1 });
  });

  it("refuses an adoption body it cannot evaluate, naming the file and line (fail closed)", () => {
    const result = evaluate("opaque-q-developer.tf");
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([expect.objectContaining({ file: "opaque-q-developer.tf", line: 3, message: expect.stringContaining("data.template_file.q_dashboard.rendered") })]);
  });

  it("says, without failing, that a module's body from variables shows no coding tool", () => {
    const result = evaluate("opaque-module.tf");
    expect(result.errors).toEqual([]);
    expect(result.notes).toEqual([expect.stringContaining("var.widgets")]);
  });

  it("refuses an adoption body whose only incident-free verdict depends on an interpolation", () => {
    const result = evaluateText(`resource "aws_cloudwatch_dashboard" "q" {
  dashboard_body = jsonencode({
    widgets = [{ type = "metric", properties = { metrics = [["AWS/Q", "DailyActiveUsers"]], title = "Amazon Q Developer daily active users" } },
               { type = "metric", properties = { metrics = [["Deploys", var.incident_metric]], title = "\${var.panel_title}" } }]
  })
}`);
    // The unknown title could be "Incidents": neither a pass nor a finding is shown, but the rule's
    // finding stands (it cannot make the dashboard record incidents it does not name).
    expect(result.findings.length + result.errors.length).toBeGreaterThan(0);
  });

  it("reads a dynamic widget's content; its values from for_each are not evaluated", () => {
    const dynamic = (title: string) => `resource "datadog_dashboard_v2" "d" {
  title       = "Team board"
  layout_type = "ordered"
  dynamic "widget" {
    for_each = var.widgets
    content {
      timeseries_definition {
        title = ${title}
        request {
          dynamic "query" {
            for_each = widget.value["queries"]
            content {
              metric_query {
                name  = query.value["name"]
                query = query.value["query"]
              }
            }
          }
        }
      }
    }
  }
}`;
    // A module's widgets from variables, as qqwerty222/jenkins-datadog writes them: nothing to show.
    const module = evaluateText(dynamic('widget.value["title"]'));
    expect(module.errors).toEqual([]);
    expect(module.notes).toHaveLength(1);
    // The same with a title that names Cursor's users: the queries could be anything, it fails closed.
    const cursor = evaluateText(dynamic('"Cursor AI daily active users"'));
    expect(cursor.findings.length + cursor.errors.length).toBe(1);
  });

  it('reads Terraform 0.11\'s "${...}" as the expression inside', () => {
    const result = evaluateText('resource "grafana_dashboard" "metrics" {\n  config_json = "${file(var.config_json)}"\n}\n');
    expect(result.errors).toEqual([]);
    expect(result.notes).toEqual([expect.stringContaining("file(...)")]);
  });

  it('a Terraform 0.11 "${...}" whose expression does not parse is read as the text it is: judged by that text, never thrown', () => {
    const named = evaluateText('resource "grafana_dashboard" "adoption" {\n  config_json = "${file("dashboards/copilot-adoption.json") ??}"\n}\n');
    expect(named.findings).toEqual([]);
    expect(named.errors).toEqual([{ file: "main.tf", line: 2, message: expect.stringMatching(/uses \$\{file\("dashboards\/copilot-adoption\.json"\) \?\?\} \(line 2\).* GitHub Copilot use .*\(fail closed\)/) }]);
    const plain = evaluateText('resource "grafana_dashboard" "metrics" {\n  config_json = "${file(var.config_json}"\n}\n');
    expect(plain).toMatchObject({ findings: [], errors: [], dashboards: 1 });
    expect(plain.notes).toEqual([expect.stringContaining("uses ${file(var.config_json} (line 2), which agent-guardrail does not evaluate")]);
  });

  it("reads a heredoc whose interpolations stand for numbers; JSON built by directives is not evaluated", () => {
    const numbers = evaluateText(`resource "aws_cloudwatch_dashboard" "q" {
  dashboard_body = <<EOF
{"widgets": [{"type": "metric", "properties": {"period": \${var.period}, "region": "\${var.region}", "metrics": [["AWS/Q", "DailyActiveUsers"]], "title": "Amazon Q Developer daily active users"}}]}
EOF
}`);
    expect(numbers.errors).toEqual([]);
    expect(numbers.findings).toHaveLength(1);
    const directives = evaluateText(`resource "aws_cloudwatch_dashboard" "q" {
  dashboard_name = "Amazon Q Developer adoption"
  dashboard_body = <<EOF
{"widgets": [%{ for m in var.metrics }{"type": "metric", "properties": {"metrics": [["AWS/Q", "\${m}"]], "title": "Daily active users"}},%{ endfor }{"type": "text", "properties": {"markdown": "x"}}]}
EOF
}`);
    expect(directives.findings).toEqual([]);
    expect(directives.errors).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining("%{ for m in var.metrics }") })]);
  });

  it("names a body kept in another file for the caller to read", () => {
    const result = evaluate("body-file/main.tf");
    expect(result.bodyFiles).toEqual([{ resource: "aws_cloudwatch_dashboard.q", function: "templatefile", path: "q-dashboard.json.tftpl", line: 3, known: expect.arrayContaining(["q-developer"]) }]);
  });

  it("reads bare labels, escapes, comments and a quoted JSON body", () => {
    const result = evaluateText(`// comment
resource aws_cloudwatch_dashboard q { # bare labels
  dashboard_body = "{\\"widgets\\": [{\\"type\\": \\"metric\\", \\"properties\\": {\\"metrics\\": [[\\"AWS/Q\\", \\"DailyActiveUsers\\"]], \\"title\\": \\"Amazon Q Developer \\u0061ctive users\\"}}]}"
}`);
    expect(result.errors).toEqual([]);
    expect(result.findings).toHaveLength(1);
  });

  it("refuses a heredoc body that is not JSON at its line", () => {
    const result = evaluateText(`resource "grafana_dashboard" "g" {
  config_json = <<EOF
{ "title": "x", "panels": [ }
EOF
}`);
    expect(result.errors).toEqual([expect.objectContaining({ file: "main.tf", line: 3, message: expect.stringContaining("not valid JSON") })]);
  });

  it("refuses a file it cannot parse when it declares a dashboard", () => {
    const result = evaluateText(`resource "aws_cloudwatch_dashboard" "q" {\n  dashboard_body = "unterminated\n}`);
    expect(result.errors).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining("unterminated string") })]);
  });

  it("parses what ordinary Terraform files hold around a dashboard", () => {
    const body = parseHcl(`terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}
resource "x" "y" {
  count = var.on ? 1 : 0
  tags  = merge(local.tags, { Name = "\${var.p}-x" })
  list  = [for s in var.subnets : s.id if s.public]
  map   = { for k, v in var.m : k => v }
  arn   = aws_iam_role.r[0].arn
  neg   = -1.5e3
  dynamic "setting" {
    for_each = var.settings
    content { name = setting.value }
  }
}
`);
    expect(body.blocks.map((b) => b.type)).toEqual(["terraform", "resource"]);
    expect(body.blocks[1]!.body.attributes.map((a) => a.value.kind)).toEqual(["opaque", "call", "opaque", "opaque", "traversal", "literal"]);
  });
});

describe("scan of Terraform files", () => {
  it("reads only the .tf files that declare a dashboard, and a body file the walk does not read", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ag-tf-"));
    mkdirSync(path.join(root, "body"));
    // Not valid HCL, and no dashboard: not parsed, no error.
    writeFileSync(path.join(root, "storage.tf"), 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  broken = \n}\n');
    writeFileSync(path.join(root, "q.tf"), readFileSync(path.join(dir, "q-developer-jsonencode.tf")));
    writeFileSync(path.join(root, "body/main.tf"), readFileSync(path.join(dir, "body-file/main.tf")));
    writeFileSync(path.join(root, "body/q-dashboard.json.tftpl"), readFileSync(path.join(dir, "body-file/q-dashboard.json.tftpl")));
    const report = await runScan([root], defaultPolicy);
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => path.relative(root, f.evidence[0]!.file ?? "")).sort()).toEqual([path.join("body", "q-dashboard.json.tftpl"), "q.tf"]);
    expect(report.notes).toEqual([expect.stringContaining('templatefile("q-dashboard.json.tftpl")')]);
  });

  it("renders nothing of a templatefile body: interpolations standing for numbers are kept as text", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ag-tf-"));
    writeFileSync(path.join(root, "main.tf"), 'resource "aws_cloudwatch_dashboard" "ops" {\n  dashboard_body = templatefile("board.json.tftpl", { period = 300 })\n}\n');
    writeFileSync(path.join(root, "board.json.tftpl"), '{"widgets": [{"type": "metric", "properties": {"period": ${period}, "metrics": [["AWS/EC2", "CPUUtilization"]], "title": "CPU"}}]}\n');
    const report = await runScan([root], defaultPolicy);
    expect(report.errors).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.notes).toEqual([expect.stringContaining("judged as"), expect.stringContaining("${period}")]);
  });

  it("fails closed when the body file is outside the scanned paths", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ag-tf-"));
    mkdirSync(path.join(root, "mod"));
    writeFileSync(path.join(root, "mod/main.tf"), 'resource "aws_cloudwatch_dashboard" "q" {\n  dashboard_body = file("${path.module}/../board.json")\n}\n');
    const report = await runScan([path.join(root, "mod")], defaultPolicy);
    expect(report.errors).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining("outside the scanned paths") })]);
  });

  it("fails closed when the body file cannot be read", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ag-tf-"));
    writeFileSync(path.join(root, "main.tf"), 'resource "grafana_dashboard" "g" {\n  config_json = file("missing.json")\n}\n');
    const report = await runScan([root], defaultPolicy);
    expect(report.errors).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining("cannot be read") })]);
  });
});
