/** Terraform `.tf` module directories read for IAM (verdicts decided first: test/fixtures/iam/terraform-hcl/README.md). */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { evaluateTerraformHcl, readTerraformHcl, type TerraformModuleFiles } from "../../../src/core/iam/terraform-hcl.js";
import { catalogue, policy } from "./helpers.js";

const ROOT = "test/fixtures/iam/terraform-hcl";

/** A fixture folder as scan hands it over: its `.tf` files, var files and the JSON files `file()` names. */
function moduleOf(folder: string, edit: (text: string, file: string) => string = (t) => t) {
  const dir = path.join(ROOT, folder);
  // The Deny variants add a file to claude-deployer's role (one module directory each).
  const dirs = folder.startsWith("claude-deployer-") ? [path.join(ROOT, "claude-deployer"), dir] : [dir];
  const names = dirs.flatMap((d) => readdirSync(d).sort().map((n) => path.join(d, n)));
  const read = (file: string) => ({ file, text: edit(readFileSync(file, "utf8"), path.basename(file)) });
  const module: TerraformModuleFiles & { otherVarFiles: { file: string; text: string }[] } = {
    files: names.filter((n) => n.endsWith(".tf") || n.endsWith(".tf.json")).map(read),
    otherVarFiles: names.filter((n) => n.endsWith(".tfvars")).map(read),
  };
  const bodies = new Map(readTerraformHcl(module).wanted.map((w) => [w.path, { file: path.join(dir, w.path), text: readFileSync(path.join(dir, w.path), "utf8") }]));
  return { ...module, bodies };
}

function scan(folder: string, edit?: (text: string, file: string) => string) {
  return evaluateTerraformHcl(moduleOf(folder, edit), policy, catalogue);
}

const rulesOf = (findings: { rule: string; subject: string }[]) => findings.map((f) => `${f.rule} ${f.subject}`).sort();

describe("an agent role written in Terraform", () => {
  it("a GitHub OIDC role whose subjects come from variables without a value, with AdministratorAccess: both rules, by address, cited at file and line", () => {
    const result = scan("github-oidc-admin");
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.github_actions_role", "agent-privilege-escalation aws_iam_role.github_actions_role"]);
    const evidence = result.findings[0]?.evidence.find((e) => e.arn === "arn:aws:iam::aws:policy/AdministratorAccess");
    expect(evidence).toMatchObject({ file: path.join(ROOT, "github-oidc-admin", "main.tf"), line: 18 });
    expect(evidence?.note).toContain("aws_iam_role_policy_attachment.attach_admin_policy");
  });

  it("the same role in a non-production account: nothing", () => {
    const result = scan("github-oidc-admin", (t) => t.replace("111111111111", "222222222222"));
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it("claude-code-deployer with AdministratorAccess through the partition data source: both rules", () => {
    const result = scan("claude-deployer");
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.claude", "agent-privilege-escalation aws_iam_role.claude"]);
    expect(result.findings[0]?.evidence[0]).toMatchObject({ file: path.join(ROOT, "claude-deployer", "main.tf") });
  });

  it("the same role with an aws_iam_policy_document Deny of everything: nothing", () => {
    const result = scan("claude-deployer-denied");
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it("a Deny whose resources are unknown is dropped (it may deny nothing): both rules, no error", () => {
    const result = scan("claude-deployer-deny-unknown");
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.claude", "agent-privilege-escalation aws_iam_role.claude"]);
  });

  it("a non-agent role with AdministratorAccess and an unreadable inline policy: nothing, no noise", () => {
    const result = scan("non-agent");
    expect(result).toMatchObject({ findings: [], errors: [] });
  });

  it("an agent role whose inline policy cannot be read: an input error naming file, line and address; the other agent role is still judged", () => {
    const result = scan("agentcore-unresolvable");
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: path.join(ROOT, "agentcore-unresolvable", "runtime.tf"), line: 28 });
    expect(result.errors[0]?.message).toContain("aws_iam_role.agentcore_runtime is an agent principal");
    expect(result.errors[0]?.message).toContain("aws_iam_role_policy.runtime policy is var.runtime_policy_json");
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.kiro", "agent-privilege-escalation aws_iam_role.kiro"]);
  });

  it("a policy in a JSON file beside the module (file()): judged, cited at the statement in that file", () => {
    const result = scan("file-policy");
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.cursor"]);
    expect(result.findings[0]?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(result.findings[0]?.evidence[0]).toMatchObject({ file: path.join(ROOT, "file-policy", "policies", "orders.json"), line: 10, pointer: "/Statement/1" });
  });

  it("a policy file the caller could not read: an input error for the agent that holds it (fail closed)", () => {
    const module = moduleOf("file-policy");
    const result = evaluateTerraformHcl({ ...module, bodies: new Map([["policies/orders.json", { file: "x/policies/orders.json", error: "outside the scanned paths" }]]) }, policy, catalogue);
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringContaining("aws_iam_policy.orders policy is read from x/policies/orders.json: outside the scanned paths")]);
  });

  it("a name from a variable: judged with its default, and again with each var file beside the module", () => {
    const result = scan("tfvars");
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.runner", "agent-privilege-escalation aws_iam_role.runner"]);
    expect(result.findings.every((f) => f.message.includes(`(with -var-file=${path.join(ROOT, "tfvars", "prod.tfvars")})`))).toBe(true);
    const base = evaluateTerraformHcl({ ...moduleOf("tfvars"), otherVarFiles: [] }, policy, catalogue);
    expect(base.findings).toEqual([]);
  });
});

/** One module written inline: file name → text; `bodies`: the files file() and templatefile() read. */
function inline(files: Record<string, string>, bodies: Record<string, string> = {}) {
  return evaluateTerraformHcl({ files: Object.entries(files).map(([file, text]) => ({ file, text })), bodies: new Map(Object.entries(bodies).map(([p, text]) => [p, { file: p, text }])) }, policy, catalogue);
}

const PROVIDER = 'provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\n';
const EC2_TRUST = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })';

describe("Terraform values an agent's access is written with", () => {
  it("a role whose trust names the agent role by reference: read as that role's ARN, not as any principal", () => {
    // Decided: claude-runner can sts:AssumeRole deployer, whose trust names aws_iam_role.claude.arn;
    // deployer holds AdministratorAccess, so claude reaches it (DESIGN "Who an agent can become"),
    // and deployer is an agent's role by its trust (it admits an agent by name), as in a template.
    // I expected agent-destructive-prod for claude too; the engine reports acting through a role
    // the agent can assume as escalation (DESIGN T4: sts:AssumeRole on a role not itself compliant).
    const result = inline({
      "main.tf": `${PROVIDER}
resource "aws_iam_role" "claude" {
  name               = "claude-runner"
  assume_role_policy = ${EC2_TRUST}
}
resource "aws_iam_role_policy" "hop" {
  role   = aws_iam_role.claude.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = aws_iam_role.deployer.arn }] })
}
resource "aws_iam_role" "deployer" {
  name = "deployer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = aws_iam_role.claude.arn } }]
  })
}
resource "aws_iam_role_policy_attachment" "deployer_admin" {
  role       = aws_iam_role.deployer.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`,
    });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
      "agent-destructive-prod aws_iam_role.deployer",
      "agent-privilege-escalation aws_iam_role.claude",
      "agent-privilege-escalation aws_iam_role.deployer",
    ]);
    const text = JSON.stringify(result.findings);
    expect(text).toContain("trust policy admits arn:aws:iam::111111111111:role/claude-runner, an agent by name");
    expect(text).not.toContain("any AWS principal");
    expect(result.findings.find((f) => f.subject === "aws_iam_role.claude")?.message).toContain("deployer");
  });

  it("a heredoc policy with interpolations: the unknown part of an Allow's resource is any, the statement cited at its line", () => {
    // Decided: s3:DeleteBucket on arn:aws:s3:::${var.bucket} (no value) is some bucket of the production account.
    const result = inline({
      "main.tf": `${PROVIDER}
variable "bucket" {}
resource "aws_iam_role" "agent" {
  name               = "q-developer-agent"
  assume_role_policy = ${EC2_TRUST}
}
resource "aws_iam_role_policy" "data" {
  role   = aws_iam_role.agent.name
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        { "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*" },
        { "Effect": "Allow", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::\${var.bucket}" }
      ]
    }
  EOT
}
`,
    });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.rule} ${f.actions?.join(",")}`)).toEqual(["agent-destructive-prod s3:DeleteBucket"]);
    expect(result.findings[0]?.evidence[0]).toMatchObject({ file: "main.tf", line: 17 });
  });

  it("a policy of the module attached by its ARN written with the caller's account: its document, not an unverifiable ARN", () => {
    const result = inline({
      "main.tf": `${PROVIDER}
data "aws_caller_identity" "current" {}
resource "aws_iam_role" "agent" {
  name               = "devin-agent"
  assume_role_policy = ${EC2_TRUST}
}
resource "aws_iam_policy" "read" {
  name   = "reports-read"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }] })
}
resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.agent.name
  policy_arn = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:policy/reports-read"
}
`,
    });
    expect(result).toMatchObject({ findings: [], errors: [] });
  });

  it("attachments by for_each over a set of ARNs and a name_prefix: each ARN attached, the prefix judged as a name", () => {
    const result = inline({
      "main.tf": `${PROVIDER}
locals {
  policies = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"]
}
resource "aws_iam_role" "agent" {
  name_prefix        = "copilot-"
  assume_role_policy = ${EC2_TRUST}
}
resource "aws_iam_role_policy_attachment" "all" {
  for_each   = toset(local.policies)
  role       = aws_iam_role.agent.name
  policy_arn = each.value
}
`,
    });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.rule).sort()).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
  });

  it("count = 0 declares no role; a count from a variable without a value stands for the role that may exist", () => {
    const role = (count: string) => `${PROVIDER}
variable "enabled" {}
resource "aws_iam_role" "agent" {
  count              = ${count}
  name               = "kiro-agent"
  assume_role_policy = ${EC2_TRUST}
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
`;
    expect(inline({ "main.tf": role("0") }).findings).toEqual([]);
    expect(inline({ "main.tf": role("var.enabled ? 1 : 0") }).findings.map((f) => f.rule).sort()).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
  });

  it("a policy for_each over the roles themselves (for_each = aws_iam_role.runtime, role = each.value.name): each role gets its own policy, no error", () => {
    // aws-ia/terraform-aws-agentcore iam.tf @dbb87ae (Apache-2.0; the shape only): runtime, gateway,
    // browser and code interpreter roles made for_each over a variable, each with an
    // aws_iam_role_policy "for_each = aws_iam_role.runtime" whose role is each.value.name. Decided
    // before running: as Terraform plans it, each policy attaches to the role of its key; with
    // s3:DeleteBucket on * for the agent's runtime (trust bedrock-agentcore.amazonaws.com), one
    // agent-destructive-prod per role, no input error. Before: each policy was "which role it applies
    // to cannot be read here" (18 such errors on the module's complete example, exit 2).
    const module = (forEach: string) => `${PROVIDER}
variable "runtimes" {
  default = { orders = {}, billing = {} }
}
resource "aws_iam_role" "runtime" {
  for_each           = ${forEach}
  name               = "acme-\${each.key}-runtime"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "bedrock-agentcore.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "runtime" {
  for_each = aws_iam_role.runtime
  role     = each.value.name
  policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:DeleteBucket", Resource = "*" }] })
}
`;
    const result = inline({ "main.tf": module("var.runtimes") });
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(['agent-destructive-prod aws_iam_role.runtime["billing"]', 'agent-destructive-prod aws_iam_role.runtime["orders"]']);
    // The roles' keys unknown (a variable without a value): which role each policy is for stays unknown, an error as before.
    const unknown = inline({ "main.tf": module("var.missing").replace('variable "runtimes"', 'variable "missing" {}\nvariable "runtimes"') });
    expect(unknown.errors.map((e) => e.message).join("\n")).toContain("which role it applies to cannot be read here");
  });

  it("a dynamic statement over a variable without a value: read once, its unknown actions an error for the agent naming the variable; the written statements still judged", () => {
    const result = inline({
      "main.tf": `${PROVIDER}
variable "statements" {}
data "aws_iam_policy_document" "p" {
  dynamic "statement" {
    for_each = var.statements
    content {
      actions   = statement.value.actions
      resources = ["*"]
    }
  }
  statement {
    effect    = "Allow"
    actions   = ["dynamodb:DeleteTable"]
    resources = ["*"]
  }
}
resource "aws_iam_role" "agent" {
  name               = "codex-agent"
  assume_role_policy = ${EC2_TRUST}
  inline_policy {
    name   = "p"
    policy = data.aws_iam_policy_document.p.json
  }
}
`,
    });
    expect(result.errors.map((e) => `${e.line} ${e.message.slice(0, 60)}`)).toEqual(["25 aws_iam_role.agent is an agent principal (name codex-agent m"]);
    expect(result.errors[0]?.message).toContain("the Action of the statement at /data/aws_iam_policy_document/p/statement/0 uses var.statements (main.tf:8)");
    expect(result.findings.map((f) => f.rule)).toContain("agent-destructive-prod");
  });
});

describe("conditions written with values not known here", () => {
  // The shape of a public bootstrap module (read through the code index, repository not named,
  // licence unknown: shape only): a deploy role trusting one environment's subject whose
  // repository part is a variable, next to a pull_request plan role. Decided: the deploy role
  // admits only `<something>:environment:prod`, no agent's subject: not an agent; the plan role
  // admits `<something>:pull_request`, an agent's (pull_request jobs run the PR's code).
  const trust = (sub: string, operator = "StringEquals") => `data "aws_iam_policy_document" "t_${sub.replace(/\W/g, "")}" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [data.aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "${operator}"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["\${var.sub_prefix}:${sub}"]
    }
  }
}
`;
  const module = (sub: string, operator?: string) =>
    inline({
      "main.tf": `${PROVIDER}
variable "sub_prefix" {}
data "aws_iam_openid_connect_provider" "github" {
  url = "https://token.actions.githubusercontent.com"
}
${trust(sub, operator)}
resource "aws_iam_role" "ci" {
  name                = "app-ci"
  assume_role_policy  = data.aws_iam_policy_document.t_${sub.replace(/\W/g, "")}.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/PowerUserAccess"]
}
`,
    });

  it("a sub condition with an unknown part keeps its known part: the prod environment's deploy role is no agent's", () => {
    expect(module("environment:prod")).toMatchObject({ findings: [], errors: [] });
  });

  it("the same shape admitting pull_request jobs is an agent's", () => {
    expect(module("pull_request").findings.map((f) => f.rule)).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
  });

  it("a negated condition with an unknown part is dropped (it could exclude anything): the role admits every workflow", () => {
    expect(module("environment:prod", "StringNotEquals").findings.map((f) => f.rule)).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
  });

  it("a condition keyed by a local (\"${local.github_issuer}:sub\" in jsonencode): read with its key, so main only is no agent's, every branch is", () => {
    // Decided before running: with the key known the sub pins the role to main (no agent's job), or
    // admits every branch (an agent's too). Before d4d0aeaa the object with a computed key was
    // unknown as a whole, its condition dropped: "GitHub OIDC without a sub condition" either way.
    const keyed = (sub: string) =>
      inline({
        "main.tf": `${PROVIDER}
locals { github_issuer = "token.actions.githubusercontent.com" }
resource "aws_iam_role" "ci" {
  name = "app-ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringLike = { "\${local.github_issuer}:sub" = "${sub}" } }
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/PowerUserAccess"]
}
`,
      });
    expect(keyed("repo:acme/app:ref:refs/heads/main")).toMatchObject({ findings: [], errors: [] });
    expect(keyed("repo:acme/app:*").findings.map((f) => f.rule)).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
    // Only an OIDC sub or aud is kept partly unknown: another such key of an agent's Allow is dropped
    // as before, the Allow read as unconditional (it may hold), so deleting any table stays reported.
    const allow = inline({
      "main.tf": `${PROVIDER}
variable "service" {}
resource "aws_iam_role" "agent" {
  name               = "claude-runner"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "codebuild.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  inline_policy {
    name   = "tables"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "dynamodb:DeleteTable", Resource = "*", Condition = { StringEquals = { "\${var.service}:RequestedRegion" = "us-east-1" } } }] })
  }
}
`,
    });
    expect(allow.findings.map((f) => `${f.rule} ${f.severity}`)).toEqual(["agent-destructive-prod error"]);
  });
});

test("an agent's attachment whose policy_arn comes from a variable without a value: one input error at its line, not also a finding", () => {
  // Decided (the shape of a public claude-code-action Bedrock role module): the role is an agent's by
  // its GitHub trust; `count = length(var.additional_iam_policies)` attaches what cannot be read.
  const result = inline({
    "main.tf": `${PROVIDER}
variable "additional_iam_policies" {}
resource "aws_iam_role" "claude" {
  name               = "claude-code-action"
  assume_role_policy = ${EC2_TRUST}
}
resource "aws_iam_role_policy_attachment" "additional" {
  count      = length(var.additional_iam_policies)
  role       = aws_iam_role.claude.name
  policy_arn = var.additional_iam_policies[count.index]
}
`,
  });
  expect(result.findings).toEqual([]);
  expect(result.errors.map((e) => `${e.line} ${e.message.split(":")[0]}`)).toEqual(["13 aws_iam_role.claude is an agent principal (name claude-code-action matches \"*claude*\") whose access cannot be read in full"]);
});

test("Terraform's JSON syntax (a CDK for Terraform cdk.tf.json): the same roles, read as Terraform reads them", () => {
  // Decided: app-deployer trusts the repository's codex/* branches (an agent's workflow) and holds
  // AdministratorAccess in the production account: both rules, cited in cdk.tf.json.
  const result = scan("cdktf-json");
  expect(result.errors).toEqual([]);
  expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.agent_role", "agent-privilege-escalation aws_iam_role.agent_role"]);
  expect(result.findings[0]?.evidence.at(-1)).toMatchObject({ file: path.join(ROOT, "cdktf-json", "cdk.tf.json"), line: 29 });
});

describe("trust principals written with the account alone unknown", () => {
  // Decided: a role another account's root (or this account's, from the caller identity) may
  // assume names no agent: nothing, whatever it holds. Before: read as any AWS principal, so every
  // cross-account role was an agent's (DataDog/pathfinding-labs `arn:aws:iam::${var.account_id}:root`,
  // aws-security-reference-architecture-examples `var.management_account_id`, stratus-red-team).
  const trusted = (principal: string) =>
    inline({
      "main.tf": `${PROVIDER}
variable "management_account_id" {}
data "aws_caller_identity" "current" {}
resource "aws_iam_role" "config" {
  name = "org-config"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = ${principal} } }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
`,
    });

  it("arn:aws:iam::${var.management_account_id}:root: no agent", () => {
    expect(trusted('"arn:aws:iam::${var.management_account_id}:root"')).toMatchObject({ findings: [], errors: [] });
  });

  it("data.aws_caller_identity.current.account_id: no agent", () => {
    expect(trusted("data.aws_caller_identity.current.account_id")).toMatchObject({ findings: [], errors: [] });
  });

  it("a role whose name is unknown (arn:aws:iam::111111111111:role/${var.runner}) may be an agent's: any principal, as before", () => {
    expect(trusted('"arn:aws:iam::111111111111:role/${var.management_account_id}"').findings.map((f) => f.rule)).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
  });
});

test("a conditional broken over lines inside a call's parentheses parses (vllm-project/production-stack's file(cond\\n ? a\\n : b))", () => {
  // Decided: kiro-agent with AdministratorAccess: both rules; before, a syntax error made the
  // whole module directory an input error.
  const result = inline({
    "main.tf": `${PROVIDER}
variable "inference_hardware" {}
resource "aws_iam_role" "agent" {
  name = "kiro-agent"
  assume_role_policy = file(
    var.inference_hardware == "gpu"
    ? "\${path.module}/gpu.json"
    : "\${path.module}/cpu.json"
  )
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
`,
  });
  expect(result.errors).toEqual([]);
  expect(result.findings.map((f) => f.rule)).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
});

describe("templatefile() policies, rendered with the variables they are given", () => {
  // The shape of aws-samples/serverless-patterns kinesis-dataanalytics-flink-s3-sink (MIT-0): trust
  // and policy from .tftpl files rendered with { aws_region, account_id, ... }.
  const module = (name: string) => `${PROVIDER}
variable "region" {}
data "aws_caller_identity" "current" {}
resource "aws_iam_role" "r" {
  name = "${name}"
  assume_role_policy = templatefile("\${path.module}/trust.tftpl", { account_id = data.aws_caller_identity.current.account_id })
}
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = templatefile("\${path.module}/policy.tftpl", { actions = ["s3:GetObject", "s3:DeleteBucket"], region = var.region })
}
`;
  const bodies = {
    "trust.tftpl": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"kinesisanalytics.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"${account_id}"}}}]}\n',
    "policy.tftpl": '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": ${jsonencode(actions)}, "Resource": "arn:aws:s3:::data-${region}" }\n  ]\n}\n',
  };

  it("a service's role: no agent, no error (before: its trust unreadable, so judged an agent's, and an input error)", () => {
    expect(inline({ "main.tf": module("iam_role_for_kinesis_analytics") }, bodies)).toMatchObject({ findings: [], errors: [] });
  });

  it("an agent's role: the rendered actions judged, cited in the template file", () => {
    const result = inline({ "main.tf": module("claude-etl") }, bodies);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.rule} ${f.actions?.join(",")}`)).toEqual(["agent-destructive-prod s3:DeleteBucket"]);
    expect(result.findings[0]?.evidence[0]).toMatchObject({ file: "policy.tftpl", line: 4 });
  });
});

test("a file of the module that does not parse is an error naming it and its line; the module's other files are still judged", () => {
  const result = inline({
    "broken.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n',
    "main.tf": `${PROVIDER}
resource "aws_iam_role" "agent" {
  name                = "kiro-agent"
  assume_role_policy  = ${EC2_TRUST}
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
`,
  });
  expect(result.errors).toEqual([{ file: "broken.tf", line: 2, message: expect.stringMatching(/^HCL: .*: the IAM of this Terraform module directory cannot be read in full \(fail closed\)$/) }]);
  expect(result.findings.map((f) => f.rule)).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
});

test("a var file that does not parse is an error naming it; every variable is then unknown (fail closed)", () => {
  // Decided: role_name's default would name a CI runner; unknown, the name is any, and AdministratorAccess on an unknown name is no agent's by name.
  const files = [{ file: "main.tf", text: readFileSync(path.join(ROOT, "tfvars", "main.tf"), "utf8") }];
  const result = evaluateTerraformHcl({ files, varFiles: [{ file: "terraform.tfvars", text: 'role_name = "codex-runner\n' }] }, policy, catalogue);
  expect(result.errors).toEqual([{ file: "terraform.tfvars", line: 1, message: expect.stringMatching(/: the variables it sets are unknown$/) }]);
  expect(readTerraformHcl({ files, varFiles: [{ file: "terraform.tfvars", text: 'role_name = "codex-runner\n' }] }).input.principals[0]?.name).toBe("*");
});

describe("a bucket the configuration creates, by the name it gives it (bucket-writers)", () => {
  // Decided before running: an agent role writing a bucket the configuration names
  // (orders-agent-output-<account>) or lets the provider name (terraform-…) writes no bucket CDK
  // or Glue made, so no escalation path; one whose name comes from a variable without a value
  // may be any bucket, the CDK asset bucket too (fail closed).
  const result = scan("bucket-writers");
  const paths = (subject: string) => result.findings.filter((f) => f.subject === subject).flatMap((f) => [...f.message.matchAll(/\(path ([a-z0-9-]+)\)/g)].map((m) => m[1]));

  it("its ARN is the name it is given, what is unknown of it unknown", () => {
    expect(result.errors).toEqual([]);
    expect(paths("aws_iam_role.output_writer")).toEqual([]);
    expect(paths("aws_iam_role.scratch_writer")).toEqual([]);
    expect(paths("aws_iam_role.shared_writer")).toEqual(["s3-overwrite-cdk-asset", "s3-overwrite-glue-script"]);
  });
});

describe("a bucket named through a string function of a partly unknown name (lenhofr/bstri app/main.tf)", () => {
  // Decided before running: bstri-prod-site-<random hex> is no bucket CDK or Glue made (its name
  // does not start as theirs do), so the deploy role writing its objects has no S3 escalation
  // path; deleting its objects is destructive (the name says prod). The same bucket of the staging
  // var file (bstri-staging-site-<hex>, no account given) is not production. Before: lower()/format()/join() of the
  // partly unknown name was wholly unknown, any bucket, so the role was flagged for both S3 paths
  // and for deleting objects of any bucket in staging too.
  const module = (project: string, name: string) => `variable "project_name" {
  default = "${project}"
}
locals {
  name = var.project_name
}
resource "random_id" "bucket_suffix" {
  byte_length = 4
}
resource "aws_s3_bucket" "site" {
  bucket = ${name}
}
resource "aws_iam_role" "deploy" {
  name = "\${local.name}-claude-deploy"
  assume_role_policy = ${EC2_TRUST}
}
resource "aws_iam_role_policy" "deploy" {
  role = aws_iam_role.deploy.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:PutObject", "s3:DeleteObject"], Resource = "\${aws_s3_bucket.site.arn}/*" }]
  })
}
`;
  it.each([
    'lower("${local.name}-site-${random_id.bucket_suffix.hex}")',
    'format("%s-site-%s", local.name, random_id.bucket_suffix.hex)',
    'join("-", [local.name, "site", random_id.bucket_suffix.hex])',
  ])("bucket = %s", (name) => {
    const prod = inline({ "main.tf": module("bstri-prod", name) });
    expect(prod.errors).toEqual([]);
    expect(prod.findings.map((f) => `${f.rule} ${f.message.replace(/^.*: /, "")}`)).toEqual(["agent-destructive-prod s3:DeleteObject on bstri-prod-site-*/*"]);
    expect(inline({ "main.tf": module("bstri-staging", name) })).toMatchObject({ findings: [], errors: [] });
  });
});

test.each(['format("%s-claude-runner", var.env)', 'replace("${var.env}_claude_runner", "_", "-")'])("a role named %s is an agent's whatever the environment (before: the name was wholly unknown, no agent's, a miss)", (name) => {
  // Decided: every name it may have ends -claude-runner, which "*claude*" matches; with
  // AdministratorAccess, both rules.
  const result = inline({
    "main.tf": `${PROVIDER}
variable "env" {
  type = string
}
resource "aws_iam_role" "runner" {
  name                = ${name}
  assume_role_policy  = ${EC2_TRUST}
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
`,
  });
  expect(result.errors).toEqual([]);
  expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.runner", "agent-privilege-escalation aws_iam_role.runner"]);
});

describe("statements a module writes from a typed variable (terraform-aws-modules/terraform-aws-iam's iam-user and iam-role)", () => {
  // Decided before running: the variable's object type gives absent `optional` attributes null
  // (not unknown), so the statement has Action alone and its actions are judged; the trust's
  // `var.trust != null ? var.trust : {}` is known (an object is not null however unknown its
  // principal), so the statement is read, its unknown principal any: the agent is flagged.
  const module = (trust: string) =>
    inline({
      "main.tf": `${PROVIDER}
variable "permissions" {
  type = map(object({
    actions     = optional(list(string))
    not_actions = optional(list(string))
    effect      = optional(string, "Allow")
    resources   = optional(list(string))
  }))
  default = { Tables = { actions = ["dynamodb:DeleteTable"], resources = ["*"] } }
}
variable "trust" {
  type = map(object({
    principals = optional(list(object({ type = string, identifiers = list(string) })))
  }))
  default = { Caller = { principals = [{ type = "AWS", identifiers = [${trust}] }] } }
}
data "aws_iam_policy_document" "inline" {
  dynamic "statement" {
    for_each = var.permissions != null ? var.permissions : {}
    content {
      actions     = statement.value.actions
      not_actions = statement.value.not_actions
      effect      = statement.value.effect
      resources   = statement.value.resources
    }
  }
}
data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = var.trust != null ? var.trust : {}
    content {
      actions = ["sts:AssumeRole"]
      dynamic "principals" {
        for_each = statement.value.principals != null ? statement.value.principals : []
        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }
    }
  }
}
resource "aws_iam_role" "this" {
  name               = "orders-runner"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
resource "aws_iam_role_policy" "this" {
  role   = aws_iam_role.this.name
  policy = data.aws_iam_policy_document.inline.json
}
`,
    });

  it("an absent optional attribute is null: Action alone, judged (before: NotAction unknown, an invalid statement)", () => {
    const result = module('"arn:aws:iam::111111111111:role/claude-code"');
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(["agent-destructive-prod aws_iam_role.this"]);
  });

  it("a trust object holding an unknown principal is not null: read, the principal any (before: the statement dropped, no agent)", () => {
    const result = module("data.aws_caller_identity.current.arn");
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(["agent-destructive-prod aws_iam_role.this"]);
  });
});

test("one() of a splat (cloudposse's role = one(aws_iam_role.default[*].name)): the role it names, not an error saying the role cannot be told", () => {
  // Decided before running: count is 1 (enabled), one() of the one-element splat is that role:
  // AdministratorAccess attached to the claude role, both rules, no error (cloudposse/terraform-aws-iam-role main.tf).
  const result = inline({
    "main.tf": `${PROVIDER}
variable "enabled" {
  default = true
}
resource "aws_iam_role" "default" {
  count              = var.enabled ? 1 : 0
  name               = "claude-code-runner"
  assume_role_policy = ${EC2_TRUST}
}
resource "aws_iam_role_policy_attachment" "default" {
  count      = var.enabled ? 1 : 0
  role       = one(aws_iam_role.default[*].name)
  policy_arn = one(["arn:aws:iam::aws:policy/AdministratorAccess"])
}
`,
  });
  expect(result.errors).toEqual([]);
  expect(result.findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(["agent-destructive-prod aws_iam_role.default[0]", "agent-privilege-escalation aws_iam_role.default[0]"]);
});

test("one() of a list of two (Terraform refuses it) is unknown: the attachment's role cannot be told, an error (fail closed)", () => {
  const result = inline({
    "main.tf": `${PROVIDER}
resource "aws_iam_role" "default" {
  count              = 2
  name               = "claude-code-runner-\${count.index}"
  assume_role_policy = ${EC2_TRUST}
}
resource "aws_iam_role_policy_attachment" "default" {
  role       = one(aws_iam_role.default[*].name)
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`,
  });
  expect(result.errors.map((e) => e.line)).toEqual([11]);
  expect(result.errors[0]?.message).toMatch(/^aws_iam_role_policy_attachment\.default: role is one\(\.\.\.\) .*which role it applies to cannot be read here \(fail closed\)/);
});

test("try() of an attribute an object does not have takes the next argument (terraform-aws-iam wrappers: try(each.value.policies, var.defaults.policies, {}))", () => {
  // Decided before running: the reader has no `policies`, so try() gives ReadOnlyAccess: nothing
  // for it and no error (before: the missing attribute read as unknown, its attachment an error);
  // the admin's AdministratorAccess: both rules.
  const result = inline({
    "main.tf": `${PROVIDER}
locals {
  items = {
    admin  = { name = "claude-code-admin", policies = ["arn:aws:iam::aws:policy/AdministratorAccess"] }
    reader = { name = "claude-code-reader" }
  }
}
resource "aws_iam_role" "r" {
  for_each           = local.items
  name               = each.value.name
  assume_role_policy = ${EC2_TRUST}
}
resource "aws_iam_role_policy_attachment" "a" {
  for_each   = { for k, v in local.items : k => try(v.policies[0], "arn:aws:iam::aws:policy/ReadOnlyAccess") }
  role       = aws_iam_role.r[each.key].name
  policy_arn = each.value
}
`,
  });
  expect(result.errors).toEqual([]);
  expect(result.findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(['agent-destructive-prod aws_iam_role.r["admin"]', 'agent-privilege-escalation aws_iam_role.r["admin"]']);
});

test("try() whose every argument names what is missing is unknown: the agent's attachment an error (fail closed)", () => {
  const result = inline({
    "main.tf": `${PROVIDER}
locals {
  items = { reader = { name = "claude-code-reader" } }
}
resource "aws_iam_role" "r" {
  for_each           = local.items
  name               = each.value.name
  assume_role_policy = ${EC2_TRUST}
}
resource "aws_iam_role_policy_attachment" "a" {
  for_each   = local.items
  role       = aws_iam_role.r[each.key].name
  policy_arn = try(each.value.policies[0], each.value.policy)
}
`,
  });
  expect(result.errors.map((e) => e.line)).toEqual([16]);
  expect(result.errors[0]?.message).toContain("the policy it attaches cannot be read here");
});

describe("override files (main_override.tf) merge into the blocks they name, as Terraform merges them", () => {
  // Decided before running: Terraform replaces only the attributes (and nested block types) an
  // override block writes. Adding tags keeps AdministratorAccess: both rules. Overriding
  // managed_policy_arns with ReadOnlyAccess narrows it: nothing (before: the override block was
  // read as a second role of the same address beside the original, whose AdministratorAccess
  // was still flagged).
  const role = `${PROVIDER}
resource "aws_iam_role" "agent" {
  name                = "claude-code-runner"
  assume_role_policy  = ${EC2_TRUST}
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
`;
  it("an override adding tags keeps the role's policies: both rules", () => {
    const result = inline({ "main.tf": role, "main_override.tf": 'resource "aws_iam_role" "agent" {\n  tags = { team = "platform" }\n}\n' });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(["agent-destructive-prod aws_iam_role.agent", "agent-privilege-escalation aws_iam_role.agent"]);
  });

  it("an override replacing managed_policy_arns with ReadOnlyAccess: nothing, whatever the file order", () => {
    const result = inline({ "a_override.tf": 'resource "aws_iam_role" "agent" {\n  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]\n}\n', "main.tf": role });
    expect(result).toMatchObject({ findings: [], errors: [] });
  });
});
