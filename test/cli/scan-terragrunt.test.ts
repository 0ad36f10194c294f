/**
 * Terragrunt units (`terragrunt.hcl`) met by `scan`. Terragrunt deploys the module its
 * `terraform { source }` names with its `inputs` as the variables' values (TF_VAR_), resolved
 * with its own functions and included parents; none of that is followed, so a unit is judged as a
 * module call that is not followed. Shapes of panicboat/monorepo @ add40c5 (no licence: facts only:
 * units that `include` a root with `find_in_parent_folders`, a GitHub OIDC role module and
 * claude-code-action's Bedrock role), written here. Decided before running:
 * - a unit named claude-code-runner whose module comes from git and whose inputs give it
 *   AdministratorAccess: an input error at its inputs (exit 2), the template beside it still judged;
 *   before, terragrunt.hcl was not even walked and the scan passed (exit 0);
 * - a unit whose inputs speak of no IAM (a VPC's CIDR): listed with the calls not followed, exit 0;
 * - a terragrunt.hcl that does not parse: an input error at its line.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";

interface JsonReport {
  findings: { rule: string }[];
  errors: { file: string; line?: number; message: string }[];
  notes?: string[];
}

async function scan(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-tg-out-")), "report.json");
  const code = await main(["scan", ...args, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tg-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const agentUnit = `include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "git::https://github.com/example/infra-modules.git//iam-role?ref=v1.2.0"
}

locals {
  env = "prod"
}

inputs = {
  name        = "claude-code-runner-\${local.env}"
  policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
  vpc_id      = dependency.vpc.outputs.vpc_id
}
`;
const vpcUnit = `terraform {\n  source = "../../modules//vpc"\n}\n\ninputs = {\n  cidr = "10.0.0.0/16"\n}\n`;
const cleanTemplate = JSON.stringify({ Resources: { Queue: { Type: "AWS::SQS::Queue", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" } } });

test("a Terragrunt unit giving an agent AdministratorAccess through a module it does not show: an input error at its inputs, walked or named", async () => {
  const dir = project({ "live/prod/claude-code-runner/terragrunt.hcl": agentUnit, "queue.json": cleanTemplate });
  const { code, report } = await scan([dir]);
  expect(code).toBe(2);
  expect(report.errors).toEqual([
    {
      file: path.join(dir, "live/prod/claude-code-runner/terragrunt.hcl"),
      line: 13,
      message: expect.stringMatching(/^terragrunt unit claude-code-runner \(source git::https:\/\/github\.com\/example\/infra-modules\.git\/\/iam-role\?ref=v1\.2\.0\) may make an agent's IAM \(its inputs speak of IAM; .*\), and Terragrunt deploys its module with these inputs, which are not read: .*\(fail closed\); scan the plan/),
    },
  ]);
  const named = await scan([path.join(dir, "live/prod/claude-code-runner/terragrunt.hcl")]);
  expect(named.code).toBe(2);
  expect(named.report.errors.map((e) => e.line)).toEqual([13]);
});

test("a unit whose inputs speak of no IAM is listed with the calls not followed; one that does not parse is an input error at its line", async () => {
  const dir = project({ "live/prod/vpc/terragrunt.hcl": vpcUnit, "queue.json": cleanTemplate });
  const quiet = await scan([dir]);
  expect(quiet.code).toBe(0);
  expect(quiet.report.errors).toEqual([]);
  expect(quiet.report.notes).toContainEqual(expect.stringContaining("terragrunt unit vpc at"));
  writeFileSync(path.join(dir, "live/prod/vpc/terragrunt.hcl"), 'inputs = {\n  cidr = "10.0.0.0/16"\n');
  const broken = await scan([dir]);
  expect(broken.code).toBe(2);
  expect(broken.report.errors.map((e) => [path.basename(e.file), e.message.startsWith("HCL:")])).toEqual([["terragrunt.hcl", true]]);
});
