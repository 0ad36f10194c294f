/**
 * scan of Terraform configurations that call modules (verdicts decided before running:
 * test/fixtures/iam/terraform-hcl/README.md, "module-calls").
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";

const FIXTURES = "test/fixtures/iam/terraform-hcl";

interface Report {
  findings: { rule: string; subject: string; message: string; evidence: { file?: string; line?: number; note?: string }[] }[];
  errors: { file: string; line?: number; message: string }[];
  summary: { inputs: number };
  notes?: string[];
}

async function scan(...args: string[]): Promise<{ code: number; report: Report }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-tfmod-out-")), "report.json");
  const code = await main(["scan", ...args, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as Report };
}

const rulesOf = (findings: Report["findings"]) => findings.map((f) => `${f.rule} ${f.subject}`).sort();

test("a caller's arguments decide a local module's roles: the agent name it passes is flagged, a broad default every caller narrows is not, the modules are not judged alone", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfmod-"));
  cpSync(path.join(FIXTURES, "module-calls"), dir, { recursive: true });
  const { code, report } = await scan(dir);
  expect(report.errors).toEqual([]);
  expect(code).toBe(1);
  expect(rulesOf(report.findings)).toEqual([
    'agent-destructive-prod module.deployers["claude-code-deployer"].aws_iam_role.this',
    'agent-privilege-escalation module.deployers["claude-code-deployer"].aws_iam_role.this',
  ]);
  // Cited in the module's file, the call named with its file and line.
  const admin = report.findings[0]?.evidence.find((e) => e.note?.includes("aws_iam_role_policy_attachment"));
  expect(admin).toMatchObject({ file: path.join(dir, "modules", "ci-role", "main.tf"), line: 40 });
  expect(admin?.note).toContain(`module.deployers["claude-code-deployer"] called at ${path.join(dir, "live", "admin", "main.tf")}:7`);
  // The two root configurations; the module directories are read through them.
  expect(report.summary.inputs).toBe(2);
});

test("a module directory scanned without its callers is judged alone with its defaults, as before", async () => {
  const { report } = await scan(path.join(FIXTURES, "module-calls", "modules"));
  expect(report.errors).toEqual([]);
  expect(rulesOf(report.findings)).toEqual(["agent-destructive-prod aws_iam_role.this", "agent-privilege-escalation aws_iam_role.this"]);
});

test("a registry module terraform init installed (.terraform/modules/modules.json) is read through its call; one not installed that makes an agent's role is an error naming the call", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfmod-registry-"));
  const call = (name: string) => `module "${name}" {\n  source  = "example-org/agent-role/aws"\n  version = "1.0.0"\n  name    = "claude-code-${name}"\n}\n`;
  writeFileSync(path.join(dir, "main.tf"), `provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\n${call("installed")}${call("missing")}`);
  // Installed as terraform init lays it out; the module's own copy is not walked as a configuration.
  const installed = path.join(dir, ".terraform", "modules", "installed");
  mkdirSync(installed, { recursive: true });
  cpSync(path.join(FIXTURES, "module-calls", "modules", "ci-role", "main.tf"), path.join(installed, "main.tf"));
  writeFileSync(path.join(dir, ".terraform", "modules", "modules.json"), JSON.stringify({ Modules: [{ Key: "", Source: "", Dir: "." }, { Key: "installed", Source: "registry.terraform.io/example-org/agent-role/aws", Version: "1.0.0", Dir: ".terraform/modules/installed" }] }));
  const { code, report } = await scan(dir);
  expect(code).toBe(2);
  expect(rulesOf(report.findings)).toEqual(["agent-destructive-prod module.installed.aws_iam_role.this", "agent-privilege-escalation module.installed.aws_iam_role.this"]);
  expect(report.errors.map((e) => `${path.relative(dir, e.file)}:${e.line}`)).toEqual(["main.tf:9"]);
  expect(report.errors[0]?.message).toContain("module.missing (source example-org/agent-role/aws) may make an agent's IAM");
  expect(report.summary.inputs).toBe(1);
});

test("a local module whose directory does not exist is an error naming the call; a policy file() in a called module is read from the module's directory", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfmod-local-"));
  cpSync(path.join(FIXTURES, "file-policy"), path.join(dir, "modules", "cursor"), { recursive: true });
  writeFileSync(path.join(dir, "main.tf"), 'module "cursor" {\n  source = "./modules/cursor"\n}\nmodule "gone" {\n  source = "./modules/gone"\n}\n');
  const { code, report } = await scan(dir);
  expect(code).toBe(2);
  expect(report.errors.map((e) => `${path.relative(dir, e.file)}:${e.line}`)).toEqual(["main.tf:4"]);
  expect(report.errors[0]?.message).toContain("module.gone (source ./modules/gone): its directory");
  const cursor = report.findings.find((f) => f.subject === "module.cursor.aws_iam_role.cursor");
  expect(cursor?.evidence[0]).toMatchObject({ file: path.join(dir, "modules", "cursor", "policies", "orders.json"), line: 10 });
});

test("a caller that makes no instance of a module (count = 0, for_each over an empty map) does not hide it: the module is judged alone", async () => {
  // Decided before running: the only caller deploys it nowhere, so nothing judges the module's
  // defaults unless it is judged alone (ai-agent-runner with AdministratorAccess: both rules).
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfmod-unused-"));
  cpSync(path.join(FIXTURES, "module-calls", "modules"), path.join(dir, "modules"), { recursive: true });
  mkdirSync(path.join(dir, "examples"));
  writeFileSync(path.join(dir, "examples", "main.tf"), 'module "off" {\n  source = "../modules/agent-role"\n  count  = 0\n}\nmodule "none" {\n  source   = "../modules/agent-role"\n  for_each = {}\n}\n');
  const { report } = await scan(dir);
  expect(report.errors).toEqual([]);
  expect(rulesOf(report.findings)).toEqual(["agent-destructive-prod aws_iam_role.this", "agent-privilege-escalation aws_iam_role.this"]);
});

test("without terraform init (no .terraform/modules/modules.json) a registry call that may make an agent's role is an error, an ordinary one a note; a local source naming a file is an error", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfmod-uninit-"));
  writeFileSync(
    path.join(dir, "main.tf"),
    'module "codex_role" {\n  source   = "terraform-aws-modules/iam/aws//modules/iam-role"\n  name     = "codex-runner"\n  policies = { Admin = "arn:aws:iam::aws:policy/AdministratorAccess" }\n}\nmodule "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\nmodule "file" {\n  source = "./main.tf"\n}\n',
  );
  const { code, report } = await scan(dir);
  expect(code).toBe(2);
  expect(report.errors.map((e) => `${e.line} ${e.message.slice(0, e.message.indexOf(")") + 1)}`)).toEqual(["1 module.codex_role (source terraform-aws-modules/iam/aws//modules/iam-role)", "9 module.file (source ./main.tf)"]);
  expect(report.errors[0]?.message).toContain("may make an agent's IAM");
  expect(report.errors[1]?.message).toContain("is not a directory");
  expect(report.notes?.join("\n")).toContain("module.vpc at");
});

test("a local module outside the scanned paths is not read: an error for a call that may make an agent's role; a configuration calling itself is an error", async () => {
  const { report } = await scan(path.join(FIXTURES, "module-calls", "live", "admin"));
  expect(report.errors.map((e) => `${e.line} ${e.message.slice(0, e.message.indexOf(")") + 1)}`)).toEqual(['7 module.deployers["claude-code-deployer"] (source ../../modules/ci-role)']);
  expect(report.errors[0]?.message).toContain("outside the scanned paths");
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfmod-self-"));
  writeFileSync(path.join(dir, "main.tf"), 'module "self" {\n  source = "./"\n}\nresource "aws_iam_role" "r" {\n  name               = "x"\n  assume_role_policy = "{}"\n}\n');
  const self = await scan(dir);
  expect(self.report.errors.map((e) => e.message)).toEqual([expect.stringContaining("module.self (source ./): it calls")]);
});
