/**
 * Terraform module calls judged with their callers' arguments (src/core/iam/terraform-hcl.ts).
 * Each verdict was decided from reading the configuration before running; the README of
 * test/fixtures/iam/terraform-hcl records them with the real inputs.
 */
import { evaluateTerraformHcl, terraformModuleCalls, type TerraformModuleSource } from "../../../src/core/iam/terraform-hcl.js";
import { catalogue, policy } from "./helpers.js";

const PROVIDER = 'provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\n';

/** A reusable role module: its name, trust service and attached ARNs from variables, its role's name an output. */
const ROLE_MODULE = `
variable "name" {
  type    = string
  default = "deploy-role"
}
variable "service" {
  type    = string
  default = "ec2.amazonaws.com"
}
variable "policy_arns" {
  type    = list(string)
  default = []
}
resource "aws_iam_role" "this" {
  name = var.name
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = var.service } }]
  })
}
resource "aws_iam_role_policy_attachment" "this" {
  count      = length(var.policy_arns)
  role       = aws_iam_role.this.name
  policy_arn = var.policy_arns[count.index]
}
output "role_name" {
  value = aws_iam_role.this.name
}
`;

function configuration(root: string, modules: Record<string, TerraformModuleSource> = {}) {
  return evaluateTerraformHcl({ files: [{ file: "main.tf", text: `${PROVIDER}${root}` }], modules: new Map(Object.entries(modules)) }, policy, catalogue);
}

const roleModule = (dir = "modules/role"): TerraformModuleSource => ({ dir, files: [{ file: `${dir}/main.tf`, text: ROLE_MODULE }] });
const rulesOf = (findings: { rule: string; subject: string }[]) => findings.map((f) => `${f.rule} ${f.subject}`).sort();

test("the module calls of a directory, with their literal sources, for the caller to find", () => {
  const files = [{ file: "main.tf", text: 'module "a" {\n  source = "./modules/a"\n}\nmodule "b" {\n  source = "terraform-aws-modules/iam/aws//modules/iam-role"\n  version = "~> 6.0"\n}\nmodule "c" {\n  source = local.src\n}\n' }];
  expect(terraformModuleCalls(files)).toEqual([
    { name: "a", source: "./modules/a", file: "main.tf", line: 1 },
    { name: "b", source: "terraform-aws-modules/iam/aws//modules/iam-role", file: "main.tf", line: 4 },
    { name: "c", file: "main.tf", line: 8 },
  ]);
});

describe("a module instance judged with its caller's arguments", () => {
  it("an agent name and AdministratorAccess passed to a module whose defaults are narrow: both rules at module.agent.aws_iam_role.this, the call named", () => {
    const result = configuration(`module "agent" {\n  source      = "./modules/role"\n  name        = "claude-code-runner"\n  policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]\n}\n`, { agent: roleModule() });
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod module.agent.aws_iam_role.this", "agent-privilege-escalation module.agent.aws_iam_role.this"]);
    const admin = result.findings[0]?.evidence.find((e) => e.arn === "arn:aws:iam::aws:policy/AdministratorAccess");
    expect(admin).toMatchObject({ file: "modules/role/main.tf", line: 24 });
    expect(admin?.note).toContain("module.agent called at main.tf:4");
  });

  it("a trust service passed as an argument: a Bedrock AgentCore runtime role is an agent's", () => {
    const result = configuration(`module "runtime" {\n  source      = "./modules/role"\n  service     = "bedrock-agentcore.amazonaws.com"\n  policy_arns = ["arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"]\n}\n`, { runtime: roleModule() });
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod module.runtime.aws_iam_role.this"]);
  });

  it("count and for_each on the call: one instance per key, each with its arguments", () => {
    const result = configuration(
      `module "roles" {\n  source   = "./modules/role"\n  for_each = { claude = "claude-code-deployer", release = "release-deployer" }\n  name        = each.value\n  policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]\n}\nmodule "none" {\n  source = "./modules/role"\n  count  = 0\n  name   = "codex-runner"\n}\n`,
      { roles: roleModule(), none: roleModule() },
    );
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(['agent-destructive-prod module.roles["claude"].aws_iam_role.this', 'agent-privilege-escalation module.roles["claude"].aws_iam_role.this']);
  });

  it("a caller attaching AdministratorAccess to the module's role by its output: the module's role holds it (before: an error, the role unknown)", () => {
    const result = configuration(
      `module "agent" {\n  source = "./modules/role"\n  name   = "kiro-agent"\n}\nresource "aws_iam_role_policy_attachment" "admin" {\n  role       = module.agent.role_name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n`,
      { agent: roleModule() },
    );
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod module.agent.aws_iam_role.this", "agent-privilege-escalation module.agent.aws_iam_role.this"]);
  });

  it("a module calling another: the inner role named module.outer.module.inner.aws_iam_role.this, the outer call's arguments passed through", () => {
    const outer = `variable "agent_name" {}\nmodule "inner" {\n  source      = "../role"\n  name        = var.agent_name\n  policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]\n}\n`;
    const result = configuration(`module "outer" {\n  source     = "./modules/outer"\n  agent_name = "devin-runner"\n}\n`, {
      outer: { dir: "modules/outer", files: [{ file: "modules/outer/main.tf", text: outer }] },
      "outer.inner": roleModule(),
    });
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod module.outer.module.inner.aws_iam_role.this", "agent-privilege-escalation module.outer.module.inner.aws_iam_role.this"]);
  });

  it("a broad default the caller narrows: nothing", () => {
    const result = configuration(`module "agent" {\n  source      = "./modules/role"\n  name        = "claude-reader"\n  policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]\n}\n`, { agent: roleModule() });
    expect(result).toMatchObject({ findings: [], errors: [] });
  });
});

describe("a module call not followed", () => {
  const REGISTRY = (name: string, args: string) => `module "${name}" {\n  source  = "terraform-aws-modules/iam/aws//modules/iam-role"\n  version = "~> 6.0"\n${args}}\n`;

  it("a registry module not installed whose arguments make an agent's role with AdministratorAccess: an error naming the call, file and line (fail closed)", () => {
    const result = configuration(REGISTRY("claude_deployer", '  name     = "claude-code-deployer"\n  policies = { Admin = "arn:aws:iam::aws:policy/AdministratorAccess" }\n'));
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([{ file: "main.tf", line: 4, message: expect.stringContaining("module.claude_deployer (source terraform-aws-modules/iam/aws//modules/iam-role) may make an agent's IAM") }]);
    expect(result.errors[0]?.message).toContain("not installed");
  });

  it("one whose arguments admit an agent's GitHub workflow (every branch of a repository): an error too", () => {
    const result = configuration(REGISTRY("deploy", '  name               = "deploy"\n  enable_github_oidc = true\n  oidc_subjects      = ["example-org/app:*"]\n'));
    expect(result.errors.map((e) => e.line)).toEqual([4]);
    expect(result.errors[0]?.message).toContain("GitHub");
  });

  it("an ordinary one (a VPC, a role for a service with no agent signal): no error, listed as not followed", () => {
    const result = configuration(`${REGISTRY("ebs_csi", '  name     = "ebs-csi"\n  policies = { EBS = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy" }\n')}module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  name   = "main"\n}\n`);
    expect(result).toMatchObject({ findings: [], errors: [] });
    expect(result.unfollowed.map((u) => u.address)).toEqual(["module.ebs_csi", "module.vpc"]);
  });

  it("a policy module named for Bedrock (it makes a policy, no role): no error (ministryofjustice/analytical-platform airflow-service bedrock_iam_policy)", () => {
    // Decided before running: terraform-aws-iam's iam-policy makes a managed policy and no
    // principal, so its name is no agent's; whoever it is attached to is judged where that is read.
    const result = configuration(`module "bedrock_iam_policy" {\n  source  = "terraform-aws-modules/iam/aws//modules/iam-policy"\n  version = "6.1.0"\n  name    = "bedrock-access"\n  policy  = jsonencode({ Statement = [{ Effect = "Allow", Action = "bedrock:InvokeModel", Resource = "*" }] })\n}\n`);
    expect(result.errors).toEqual([]);
    expect(result.unfollowed.map((u) => u.address)).toEqual(["module.bedrock_iam_policy"]);
  });

  it("an agent-named call that speaks of no IAM (a bucket for an agent's artifacts): no error", () => {
    const result = configuration(`module "agent_artifacts" {\n  source = "terraform-aws-modules/s3-bucket/aws"\n  bucket = "agent-artifacts"\n}\n`);
    expect(result.errors).toEqual([]);
  });

  it("a local module Terraform could not use (no such directory): an error whatever its arguments", () => {
    const result = configuration(`module "network" {\n  source = "./modules/network"\n}\n`, { network: { error: "its directory modules/network cannot be read: no such file or directory", broken: true } });
    expect(result.errors).toEqual([{ file: "main.tf", line: 4, message: expect.stringContaining("module.network (source ./modules/network): its directory modules/network cannot be read") }]);
  });

  it("a module that calls itself: an error, not a loop", () => {
    const loop = `module "again" {\n  source = "../loop"\n  name   = "x"\n}\n`;
    const result = configuration(`module "loop" {\n  source = "./modules/loop"\n}\n`, {
      loop: { dir: "modules/loop", files: [{ file: "modules/loop/main.tf", text: loop }] },
      "loop.again": { dir: "modules/loop", files: [{ file: "modules/loop/main.tf", text: loop }] },
    });
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringContaining("it calls itself")]);
  });
});

describe("the account a role is made in: the provider its module or resource is given", () => {
  // Decided before running: the default provider is pinned to the non-production account, but
  // the role is made through an aliased provider: in production when that alias is pinned to
  // 111111111111, or when it is pinned to nothing (unknown: production, fail closed). Before:
  // every role read as in the default provider's account, so nothing.
  const DEV = 'provider "aws" {\n  allowed_account_ids = ["222222222222"]\n}\n';
  const alias = (pin: string) => `provider "aws" {\n  alias = "prod"\n${pin}}\n`;
  const run = (root: string, modules: Record<string, TerraformModuleSource> = {}) =>
    evaluateTerraformHcl({ files: [{ file: "main.tf", text: root }], modules: new Map(Object.entries(modules)) }, policy, catalogue);
  const AGENT = `  name        = "claude-code-runner"\n  policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]\n`;

  it("a module given the prod alias (providers = { aws = aws.prod }): both rules", () => {
    const result = run(`${DEV}${alias('  allowed_account_ids = ["111111111111"]\n')}module "agent" {\n  source    = "./modules/role"\n  providers = { aws = aws.prod }\n${AGENT}}\n`, { agent: roleModule() });
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod module.agent.aws_iam_role.this", "agent-privilege-escalation module.agent.aws_iam_role.this"]);
  });

  it("an alias pinned to no account with credentials of its own (a profile): production (fail closed)", () => {
    const result = run(`${DEV}${alias('  profile = "prod"\n')}module "agent" {\n  source    = "./modules/role"\n  providers = { aws = aws.prod }\n${AGENT}}\n`, { agent: roleModule() });
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod module.agent.aws_iam_role.this", "agent-privilege-escalation module.agent.aws_iam_role.this"]);
  });

  it("an alias that sets a region only (no credentials of its own) is the default's account: nothing", () => {
    // Decided before running: without assume_role, profile or keys the alias signs with the
    // default's credentials, so it reaches the same (non-production) account.
    const result = run(`${DEV}provider "aws" {\n  alias  = "us_east_1"\n  region = "us-east-1"\n}\nmodule "agent" {\n  source    = "./modules/role"\n  providers = { aws = aws.us_east_1 }\n${AGENT}}\n`, { agent: roleModule() });
    expect(result).toMatchObject({ findings: [], errors: [] });
  });

  it("an alias assuming a role elsewhere, not pinned: production", () => {
    const result = run(`${DEV}provider "aws" {\n  alias = "prod"\n  assume_role {\n    role_arn = var.prod_role\n  }\n}\nmodule "agent" {\n  source    = "./modules/role"\n  providers = { aws = aws.prod }\n${AGENT}}\n`, { agent: roleModule() });
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod module.agent.aws_iam_role.this", "agent-privilege-escalation module.agent.aws_iam_role.this"]);
  });

  it("a resource with provider = aws.prod: both rules; the same module on the default provider: nothing", () => {
    const inline = `${DEV}${alias('  allowed_account_ids = ["111111111111"]\n')}resource "aws_iam_role" "agent" {\n  provider            = aws.prod\n  name                = "claude-code-runner"\n  assume_role_policy  = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })\n  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]\n}\n`;
    expect(rulesOf(run(inline).findings)).toEqual(["agent-destructive-prod aws_iam_role.agent", "agent-privilege-escalation aws_iam_role.agent"]);
    expect(run(`${DEV}module "agent" {\n  source = "./modules/role"\n${AGENT}}\n`, { agent: roleModule() }).findings).toEqual([]);
  });
});

describe("roles a module makes for each key of zipmap() (Metrosafetyhost/digivalidation tf/modules/lambdas-zip)", () => {
  it("the root's attachment by literal name reaches the module's role, whose trust is read", () => {
    // The module makes one role per function, trusted by lambda.amazonaws.com; the root attaches
    // a table policy to one by its name. Decided: the function's role, no agent (it trusts only
    // Lambda, and "bedrock" names the model it calls), so DeleteItem on its table is no finding.
    const child: TerraformModuleSource = {
      dir: "modules/lambdas",
      files: [{ file: "modules/lambdas/main.tf", text: `variable "namespace" { type = string }\nvariable "names" { type = list(string) }\nvariable "files" { type = list(string) }\nvariable "role_arn" {\n  type    = string\n  default = null\n}\nlocals {\n  lambda_map = zipmap(var.names, var.files)\n}\nresource "aws_iam_role" "lambda" {\n  for_each           = var.role_arn == null ? local.lambda_map : {}\n  name               = "\${var.namespace}-\${each.key}"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n` }],
    };
    const root = `module "lambdas_zip" {\n  source    = "./modules/lambdas"\n  namespace = "bedrock-lambda"\n  names     = ["salesforce_input", "gam"]\n  files     = ["salesforce_input.py", "gam.py"]\n}\nresource "aws_iam_policy" "ddb" {\n  name   = "LambdaDynamoDBAccess"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["dynamodb:PutItem", "dynamodb:DeleteItem"], Resource = "arn:aws:dynamodb:eu-west-2:111111111111:table/ProofingMetadata" }] })\n}\nresource "aws_iam_role_policy_attachment" "ddb" {\n  role       = "bedrock-lambda-salesforce_input"\n  policy_arn = aws_iam_policy.ddb.arn\n}\n`;
    const result = configuration(root, { lambdas_zip: child });
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
    // Named for an agent instead, the same role is found by that name, in the module, and judged.
    const agent = configuration(root.replace('"bedrock-lambda"', '"proofing-agent"').replace('"bedrock-lambda-salesforce_input"', '"proofing-agent-salesforce_input"'), { lambdas_zip: child });
    expect(agent.findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(['agent-destructive-prod module.lambdas_zip.aws_iam_role.lambda["salesforce_input"]']);
  });
});

describe("a role, user or group looked up by name (data \"aws_iam_role\"), as digivalidation attaches its policies", () => {
  // Decided before running: the data source names the role (name, and id, which is the name for a
  // role), so an attachment to it is to that role: one the configuration makes (found with its
  // trust), else one judged by its name alone, as `role = "<literal>"` is. A lookup name that is
  // not known stays the input error (fail closed).
  const policyOf = (action: string) => `resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["${action}"], Resource = "arn:aws:dynamodb:eu-west-2:111111111111:table/ProofingMetadata" }] })\n}\n`;
  const lambdaRole = `resource "aws_iam_role" "fn" {\n  name               = "bedrock-lambda-pdf_qa"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n`;

  it("an attachment through data.aws_iam_role.x.name or .id reaches the role of that name", () => {
    for (const attr of ["name", "id"]) {
      const root = `${lambdaRole}${policyOf("dynamodb:DeleteItem")}data "aws_iam_role" "pdf_qa" {\n  name = "bedrock-lambda-pdf_qa"\n}\nresource "aws_iam_role_policy_attachment" "a" {\n  role       = data.aws_iam_role.pdf_qa.${attr}\n  policy_arn = aws_iam_policy.p.arn\n}\n`;
      const result = configuration(root);
      expect([attr, result.errors]).toEqual([attr, []]);
      expect([attr, result.findings]).toEqual([attr, []]);
    }
  });

  it("a role the configuration does not make is judged by the looked-up name: an agent's name is an agent's; an inline policy and a for_each lookup alike", () => {
    const root = `${policyOf("dynamodb:DeleteItem")}data "aws_iam_role" "runner" {\n  name = "claude-runner"\n}\nresource "aws_iam_role_policy_attachment" "a" {\n  role       = data.aws_iam_role.runner.name\n  policy_arn = aws_iam_policy.p.arn\n}\ndata "aws_iam_role" "many" {\n  for_each = toset(["codex-ci", "reporting"])\n  name     = each.key\n}\nresource "aws_iam_role_policy" "b" {\n  for_each = data.aws_iam_role.many\n  role     = each.value.id\n  policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "dynamodb:DeleteTable", Resource = "*" }] })\n}\ndata "aws_iam_user" "u" {\n  user_name = "devin-bot"\n}\nresource "aws_iam_user_policy_attachment" "c" {\n  user       = data.aws_iam_user.u.user_name\n  policy_arn = aws_iam_policy.p.arn\n}\n`;
    const result = configuration(root);
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod role claude-runner", "agent-destructive-prod role codex-ci", "agent-destructive-prod user devin-bot"]);
  });

  it("a lookup whose name is not known, or an attribute that is not the name (a user's id is its unique id): still the input error", () => {
    for (const [data, ref] of [
      ['data "aws_iam_role" "r" {\n  name = var.role_name\n}\nvariable "role_name" { type = string }\n', "data.aws_iam_role.r.name"],
      ['data "aws_iam_role" "r" {\n  name = "claude-runner"\n}\n', "data.aws_iam_role.r.unique_id"],
    ]) {
      const root = `${policyOf("dynamodb:DeleteItem")}${data}resource "aws_iam_role_policy_attachment" "a" {\n  role       = ${ref}\n  policy_arn = aws_iam_policy.p.arn\n}\n`;
      const result = configuration(root);
      expect([ref, result.errors.map((e) => e.message)]).toEqual([ref, [expect.stringMatching(/^aws_iam_role_policy_attachment\.a: role is .*: which role it applies to cannot be read here \(fail closed\)/)]]);
    }
    const user = `${policyOf("dynamodb:DeleteItem")}data "aws_iam_user" "u" {\n  user_name = "devin-bot"\n}\nresource "aws_iam_user_policy_attachment" "c" {\n  user       = data.aws_iam_user.u.id\n  policy_arn = aws_iam_policy.p.arn\n}\n`;
    expect(configuration(user).errors.map((e) => e.message)).toEqual([expect.stringMatching(/: which user it applies to cannot be read here/)]);
  });
});
