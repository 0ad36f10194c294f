/**
 * scan of Terraform module directories (`.tf`) for their IAM (core cases:
 * test/core/iam/terraform-hcl.test.ts; verdicts: test/fixtures/iam/terraform-hcl/README.md).
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { runScan } from "../../src/cli/scan-run.js";
import { resolvePolicy } from "../../src/policy/load.js";

const FIXTURES = "test/fixtures/iam/terraform-hcl";

interface Report {
  findings: { rule: string; subject: string; evidence: { file?: string; line?: number }[] }[];
  errors: { file: string; line?: number; message: string }[];
  summary: { inputs: number };
}

async function scan(...args: string[]): Promise<{ code: number; report: Report }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-tfhcl-out-")), "report.json");
  const code = await main(["scan", ...args, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as Report };
}

test("a repository's module directories: the unreadable agent policy exits 2 naming file and line, the other agents are still flagged, a policy file() names is read", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfhcl-"));
  cpSync(path.join(FIXTURES, "agentcore-unresolvable"), path.join(dir, "infra", "agentcore"), { recursive: true });
  cpSync(path.join(FIXTURES, "file-policy"), path.join(dir, "infra", "cursor"), { recursive: true });
  // A module directory without IAM is not parsed: its syntax error is no input's.
  mkdirSync(path.join(dir, "infra", "network"));
  writeFileSync(path.join(dir, "infra", "network", "main.tf"), 'resource "aws_vpc" "main" {\n  cidr_block = \n');
  const { code, report } = await scan(dir);
  expect(code).toBe(2);
  expect(report.errors.map((e) => `${path.relative(dir, e.file)}:${e.line ?? ""}`)).toEqual([path.join("infra", "agentcore", "runtime.tf:28")]);
  expect(report.findings.map((f) => `${f.rule} ${f.subject.replace(dir, "")}`).sort()).toEqual([
    // The policy file is also an input of its own (a bare document, judged as if an agent held it).
    `agent-destructive-prod ${path.sep}${path.join("infra", "cursor", "policies", "orders.json")}`,
    "agent-destructive-prod aws_iam_role.cursor",
    "agent-destructive-prod aws_iam_role.kiro",
    "agent-privilege-escalation aws_iam_role.kiro",
  ]);
  const cursor = report.findings.find((f) => f.subject === "aws_iam_role.cursor");
  expect(cursor?.evidence[0]).toMatchObject({ file: path.join(dir, "infra", "cursor", "policies", "orders.json"), line: 10 });
});

test("a Terraform file named alone is read with the other files of its directory; one with neither IAM nor a dashboard is refused", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfhcl-named-"));
  cpSync(path.join(FIXTURES, "github-oidc-admin"), dir, { recursive: true });
  // main.tf alone names var.role_name and the trust document of data.tf: both are read beside it.
  const named = await scan(path.join(dir, "main.tf"));
  expect(named.code).toBe(1);
  expect(named.report.findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(["agent-destructive-prod aws_iam_role.github_actions_role", "agent-privilege-escalation aws_iam_role.github_actions_role"]);
  const refused = await scan(path.join(dir, "variables.tf"));
  expect(refused.code).toBe(2);
  expect(refused.report.errors[0]?.message).toMatch(/^not a recognized input: a Terraform file is read for its IAM/);
});

test("a policy file outside the scanned paths is not read: an error for the agent that holds it (fail closed)", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfhcl-outside-"));
  cpSync(path.join(FIXTURES, "file-policy"), dir, { recursive: true });
  writeFileSync(path.join(dir, "main.tf"), readFileSync(path.join(dir, "main.tf"), "utf8").replace("${path.module}/policies/orders.json", "../../etc/orders.json"));
  const { code, report } = await scan(dir);
  expect(code).toBe(2);
  expect(report.errors.map((e) => e.message)).toEqual([expect.stringContaining("outside the scanned paths: not read (fail closed)")]);
});

test("a walked cdk.tf.json (CDK for Terraform's output) is read as Terraform configuration, not skipped as unknown JSON", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfhcl-json-"));
  cpSync(path.join(FIXTURES, "cdktf-json"), path.join(dir, "cdktf.out", "stacks", "agents"), { recursive: true });
  const { code, report } = await scan(dir);
  expect(code).toBe(1);
  expect(report.summary.inputs).toBe(1);
  expect(report.findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(["agent-destructive-prod aws_iam_role.agent_role", "agent-privilege-escalation aws_iam_role.agent_role"]);
});

test("a module directory whose evaluation fails unexpectedly is that directory's error (exit 2); the other inputs are still judged", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfhcl-internal-"));
  cpSync(path.join(FIXTURES, "claude-deployer"), path.join(dir, "tf"), { recursive: true });
  copyFileSync("examples/dashboards/copilot-adoption.grafana.json", path.join(dir, "copilot-adoption.grafana.json"));
  // The shipped policy, except that reading its agent signals throws.
  const policy = { ...resolvePolicy() };
  Object.defineProperty(policy, "agents", {
    get() {
      throw new TypeError("agent signals unavailable");
    },
  });
  const report = await runScan([dir], policy);
  expect(report.errors).toEqual([{ file: path.join(dir, "tf", "main.tf"), message: "could not be evaluated (internal error: agent signals unavailable); nothing in it was checked" }]);
  expect(report.findings.map((f) => f.rule)).toEqual(["adoption-dashboard-no-incidents"]);
});

test("provider-defined functions (provider::aws::arn_parse, and arn_build inside a heredoc) parse: the module is judged, not refused", async () => {
  // Verdict decided first (test/fixtures/iam/terraform-hcl/README.md, provider-functions): the
  // agent role claude-code-runner may delete the orders table: agent-destructive-prod, no input
  // error. What a provider function returns is not computed here: unknown (the table's ARN reads
  // as any table of any account, still production by the provider's pinned account).
  const dir = `${FIXTURES}/provider-functions`;
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-tfhcl-out-")), "report.json");
  const code = await main(["scan", dir, "--format", "json", "--output", out]);
  const report = JSON.parse(readFileSync(out, "utf8")) as { findings: { rule: string; subject: string }[]; errors: { message: string }[] };
  expect(report.errors).toEqual([]);
  expect(report.findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(["agent-destructive-prod aws_iam_role.agent"]);
  expect(code).toBe(1);
});
