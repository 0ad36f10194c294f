/**
 * scan of `terraform show -json` output met while walking a repository (core cases:
 * test/core/iam/terraform-plan.test.ts; verdicts: test/fixtures/iam/terraform-plan/README.md).
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";

const FIXTURES = new URL("../fixtures/iam/terraform-plan/", import.meta.url);

test("a plan with values known only after apply exits 2 naming the resources; the plan's agent with AdministratorAccess and a state beside it are still flagged", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfplan-"));
  copyFileSync(new URL("unknown-values-plan.json", FIXTURES), path.join(dir, "plan.json"));
  // The state file as Terraform writes it, found by its name while walking (terraform.tfstate).
  copyFileSync(new URL("agentcore.tfstate", FIXTURES), path.join(dir, "terraform.tfstate"));
  writeFileSync(path.join(dir, "main.tf"), 'resource "aws_iam_role" "x" {\n  name = "kiro-agent-runner"\n}\n');
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-tfplan-out-")), "report.json");
  const code = await main(["scan", dir, "--format", "json", "--output", out]);
  const report = JSON.parse(readFileSync(out, "utf8")) as { findings: { rule: string; subject: string; evidence: { file?: string }[] }[]; errors: { file: string; line?: number; message: string }[]; summary: { inputs: number } };
  expect(code).toBe(2);
  // The main.tf is a module directory of its own now: an agent role with no policy, nothing to flag.
  expect(report.summary.inputs).toBe(3);
  expect(report.errors.map((e) => `${path.basename(e.file)}:${e.line ?? ""} ${e.message.split(":")[0] ?? ""}`)).toEqual([
    "plan.json:37 aws_iam_role_policy.cursor_agent",
    "plan.json:77 aws_iam_role_policy_attachment.mystery",
  ]);
  expect(report.findings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
    "agent-destructive-prod arn:aws:iam::111111111111:role/orders-runtime",
    "agent-destructive-prod aws_iam_role.kiro_agent",
    "agent-privilege-escalation arn:aws:iam::111111111111:user/cursor-bot",
    "agent-privilege-escalation aws_iam_role.kiro_agent",
  ]);
});

test("a partial plan saved by a failed terraform plan, and a plan that deferred an IAM change, exit 2 naming file and line; a clean plan beside them is still judged", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfplan-partial-"));
  copyFileSync(new URL("errored-plan.json", FIXTURES), path.join(dir, "errored.json"));
  copyFileSync(new URL("deferred-plan.json", FIXTURES), path.join(dir, "deferred.json"));
  copyFileSync(new URL("github-oidc-plan.json", FIXTURES), path.join(dir, "oidc.json"));
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-tfplan-partial-out-")), "report.json");
  const code = await main(["scan", dir, "--format", "json", "--output", out]);
  const report = JSON.parse(readFileSync(out, "utf8")) as { findings: { rule: string; subject: string }[]; errors: { file: string; line?: number; message: string }[] };
  expect(code).toBe(2);
  const lineOf = (name: string, text: string): number => readFileSync(path.join(dir, name), "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;
  expect(report.errors.map((e) => `${path.basename(e.file)}:${e.line ?? ""} ${e.message.split(": ")[0] ?? ""}`).sort()).toEqual([
    `deferred.json:${lineOf("deferred.json", '"deferred_changes"') + 1} aws_iam_role_policy_attachment.agent[*] was deferred to a later plan (instance_count_unknown)`,
    `errored.json:${lineOf("errored.json", '"errored": true')} the plan errored`,
  ]);
  expect(report.findings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
    "agent-destructive-prod module.agent_oidc_role.aws_iam_role.this[0]",
    "agent-privilege-escalation module.agent_oidc_role.aws_iam_role.this[0]",
  ]);
});

test("a walked plan that does not parse because the setup-terraform wrapper wrote its [command] line into it is an input error (exit 2), not skipped", async () => {
  // Verdict decided first: the plan attaches AdministratorAccess to the existing agent role
  // claude-code-deployer (judged by its name: findings when it parses); with the wrapper's lines
  // around it (hashicorp/setup-terraform's terraform_wrapper, cds-snc/terraform-plan#28) it cannot be
  // read, and it names no policy Statement: before, skipped with a note and exit 0.
  const plan = { format_version: "1.2", terraform_version: "1.14.0", planned_values: { root_module: { resources: [{ address: "aws_iam_role_policy_attachment.admin", mode: "managed", type: "aws_iam_role_policy_attachment", name: "admin", values: { policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess", role: "claude-code-deployer" } }] } } };
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfplan-wrapper-"));
  writeFileSync(path.join(dir, "plan.json"), `[command]/home/runner/work/_temp/3f1c2d9e/terraform-bin show -json plan.out\n${JSON.stringify(plan)}\n::debug::Terraform exited with code 0.\n`);
  writeFileSync(path.join(dir, "readonly-policy.json"), JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }));
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-tfplan-wrapper-out-")), "report.json");
  const code = await main(["scan", dir, "--format", "json", "--output", out]);
  const report = JSON.parse(readFileSync(out, "utf8")) as { errors: { file: string; line?: number; message: string }[] };
  expect(code).toBe(2);
  expect(report.errors.map((e) => path.basename(e.file))).toEqual(["plan.json"]);
  expect(report.errors[0]?.message).toMatch(/^invalid/);
  // Without the wrapper's lines the same plan is read and judged.
  writeFileSync(path.join(dir, "plan.json"), JSON.stringify(plan));
  expect(await main(["scan", dir, "--format", "json", "--output", out])).toBe(1);
});

test("terraform plan -json (the machine-readable UI, no values) planning IAM: an input error naming the file and line, named or walked, not skipped", async () => {
  // Verdict decided first: `terraform plan -json > plan.json` writes one UI message per line
  // (hashicorp/terraform internal/command/views/json, "@module": "terraform.ui"; OpenTofu's
  // "tofu.ui"): a planned_change names aws_iam_role_policy_attachment.admin and its action, never
  // its values, so what it grants cannot be read. Before: walked, skipped as no input (exit 0
  // beside a read-only policy); named, "not a recognized input". A stream that plans no IAM stays no input.
  const message = (type: string, extra: Record<string, unknown>) => JSON.stringify({ "@level": "info", "@message": type, "@module": "terraform.ui", "@timestamp": "2026-12-01T10:00:00.000000Z", type, ...extra });
  const change = (addr: string, type: string) => message("planned_change", { change: { resource: { addr, module: "", resource: addr, implied_provider: "aws", resource_type: type, resource_name: addr.split(".")[1], resource_key: null }, action: "create" } });
  const stream = (changes: string[]) => [message("version", { terraform: "1.14.0", ui: "1.2" }), ...changes, message("change_summary", { changes: { add: changes.length, change: 0, import: 0, remove: 0, operation: "plan" } })].join("\n") + "\n";
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfui-"));
  writeFileSync(path.join(dir, "plan.json"), stream([change("aws_s3_bucket.logs", "aws_s3_bucket"), change("aws_iam_role_policy_attachment.admin", "aws_iam_role_policy_attachment")]));
  writeFileSync(path.join(dir, "readonly-policy.json"), JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }));
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-tfui-out-")), "report.json");
  const read = async (args: string[]) => ({ code: await main(["scan", ...args, "--format", "json", "--output", out]), report: JSON.parse(readFileSync(out, "utf8")) as { errors: { file: string; line?: number; message: string }[] } });
  const walked = await read([dir]);
  expect(walked.code).toBe(2);
  expect(walked.report.errors).toEqual([{ file: path.join(dir, "plan.json"), line: 3, message: expect.stringMatching(/^terraform plan -json writes the plan's progress messages, not the plan: aws_iam_role_policy_attachment\.admin is planned here without its values, so what it grants cannot be read \(fail closed\); scan terraform show -json of the saved plan/) }]);
  const named = await read([path.join(dir, "plan.json")]);
  expect(named.code).toBe(2);
  expect(named.report.errors.map((e) => e.message)).toEqual([walked.report.errors[0]?.message]);
  writeFileSync(path.join(dir, "plan.json"), stream([change("aws_s3_bucket.logs", "aws_s3_bucket")]));
  expect((await read([dir])).code).toBe(0);
});

/**
 * A state file of format version 3, as Terraform 0.11 and earlier wrote it (`modules[]` keyed by
 * address, flattened `primary.attributes`; the shape of a Terraform 0.11.13 state a public Go
 * project keeps as a test fixture, facts only). Decided before running: one holding an IAM role
 * and its AdministratorAccess attachment is an input error at that role, walked as
 * terraform.tfstate (exit 2, the state beside it still judged); one holding no IAM is skipped as
 * before. Before: both were skipped as no input, and the scan passed.
 */
test("a Terraform 0.11 state (version 3) holding IAM, walked: an input error at its first IAM resource, not skipped; one without IAM is skipped", async () => {
  const legacy = (resources: Record<string, unknown>) => ({ version: 3, terraform_version: "0.11.13", serial: 3, lineage: "56a6b1ae-aa91-ccb9-bb23-cfd3ab19176f", modules: [{ path: ["root"], outputs: {}, resources: {}, depends_on: [] }, { path: ["root", "agent"], outputs: {}, resources, depends_on: [] }] });
  const primary = (id: string, attributes: Record<string, string>) => ({ id, attributes: { id, ...attributes }, meta: {}, tainted: false });
  const withIam = legacy({
    "aws_cloudwatch_log_group.agent": { type: "aws_cloudwatch_log_group", depends_on: [], primary: primary("/agent", { name: "/agent" }), deposed: [], provider: "provider.aws" },
    "aws_iam_role.agent": { type: "aws_iam_role", depends_on: [], primary: primary("claude-code-runner", { name: "claude-code-runner", assume_role_policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }] }) }), deposed: [], provider: "provider.aws" },
    "aws_iam_role_policy_attachment.admin": { type: "aws_iam_role_policy_attachment", depends_on: ["aws_iam_role.agent"], primary: primary("claude-code-runner-2019", { role: "claude-code-runner", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" }), deposed: [], provider: "provider.aws" },
  });
  const withoutIam = legacy({ "aws_cloudwatch_log_group.agent": { type: "aws_cloudwatch_log_group", depends_on: [], primary: primary("/agent", { name: "/agent" }), deposed: [], provider: "provider.aws" } });
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfstate-v3-"));
  writeFileSync(path.join(dir, "terraform.tfstate"), JSON.stringify(withIam, null, 4));
  writeFileSync(path.join(dir, "logs.tfstate"), JSON.stringify(withoutIam, null, 4));
  copyFileSync(new URL("agentcore.tfstate", FIXTURES), path.join(dir, "current.tfstate"));
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-tfstate-v3-out-")), "report.json");
  const code = await main(["scan", dir, "--format", "json", "--output", out]);
  const report = JSON.parse(readFileSync(out, "utf8")) as { findings: { rule: string }[]; errors: { file: string; line?: number; message: string }[]; notes?: string[] };
  expect(code).toBe(2);
  expect(report.errors).toEqual([
    { file: path.join(dir, "terraform.tfstate"), line: 37, message: expect.stringMatching(/^a Terraform state of format version 3 or earlier .*: module\.agent\.aws_iam_role\.agent is in it, so what it grants was not evaluated \(fail closed\); scan terraform show -json of it/) },
  ]);
  expect(report.findings.length).toBeGreaterThan(0);
  expect(report.notes).toContainEqual(expect.stringContaining("1 file found while walking directories is not a recognized input"));
});
