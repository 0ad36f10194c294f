/**
 * Compute that runs a coding agent, written in Terraform: the role it runs as is the agent's, as the
 * same compute in a CloudFormation template makes it (test/core/cfn/agent-hosts.test.ts). A
 * CodeBuild project whose buildspec installs Claude Code, an ECS task of the OpenHands image, a
 * Lambda function with Claude Code's CLAUDE_CODE_USE_BEDROCK switch (Claude Code docs, "Amazon
 * Bedrock"), an EC2 dev box (directly or through a launch template) whose user data installs Claude
 * Code. Verdicts decided before running: each role holds AdministratorAccess in the production
 * account 111111111111, so as an agent's it is destructive and can escalate; the same compute
 * without an agent, and an ECS task's execution role, are no agent's. Before the fix every module
 * here said nothing: the Terraform readers did not read agents.hostMarkers at all.
 */
import { evaluateTerraformHcl, type TerraformModuleSource } from "../../../src/core/iam/terraform-hcl.js";
import { evaluateInput } from "../../../src/core/inputs.js";
import { catalogue, policy } from "./helpers.js";

const PROVIDER = `provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}
`;

/** A role trusting `service`, named `name`, with AdministratorAccess. */
const adminRole = (id: string, name: string, service: string): string => `
resource "aws_iam_role" "${id}" {
  name = "${name}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "${service}" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_iam_role_policy_attachment" "${id}_admin" {
  role       = aws_iam_role.${id}.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`;

/** A Lambda function with AdministratorAccess that no agent names by itself (the agents below wire it as their tool). */
const claimsLookupFunction = adminRole("fn", "claims-lookup-fn-role", "lambda.amazonaws.com") + `
resource "aws_lambda_function" "lookup" {
  function_name = "claims-lookup"
  role          = aws_iam_role.fn.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "app.zip"
}
`;

function agentFindings(text: string): string[] {
  const result = evaluateTerraformHcl({ files: [{ file: "main.tf", text: PROVIDER + text }] }, policy, catalogue);
  expect(result.errors).toEqual([]);
  return [...new Set(result.findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`))].sort();
}
const flagged = (address: string) => [`agent-destructive-prod ${address}`, `agent-privilege-escalation ${address}`];

const codebuild = (buildspec: string, variables = "") =>
  adminRole("build", "issue-fixer-build", "codebuild.amazonaws.com") +
  `
resource "aws_codebuild_project" "fixer" {
  name         = "issue-fixer"
  service_role = aws_iam_role.build.arn
  artifacts { type = "NO_ARTIFACTS" }
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
${variables}
  }
  source {
    type      = "NO_SOURCE"
    buildspec = <<-YAML
${buildspec}
    YAML
  }
}
`;

describe("compute running a coding agent, written in Terraform, acts as the agent's role", () => {
  it("a CodeBuild project whose buildspec installs Claude Code, or whose environment switches it to Bedrock", () => {
    expect(agentFindings(codebuild("      phases:\n        install:\n          commands:\n            - npm install -g @anthropic-ai/claude-code"))).toEqual(flagged("aws_iam_role.build"));
    const bedrock = '    environment_variable {\n      name  = "CLAUDE_CODE_USE_BEDROCK"\n      value = "1"\n    }';
    expect(agentFindings(codebuild("      phases:\n        build:\n          commands:\n            - make test", bedrock))).toEqual(flagged("aws_iam_role.build"));
    // A build that runs no agent (raider-chat is no aider-chat): no agent's.
    expect(agentFindings(codebuild("      phases:\n        build:\n          commands:\n            - pip install raider-chat && make deploy"))).toEqual([]);
  });

  it("an ECS task of OpenHands' image: its task role, not its execution role", () => {
    const task = (image: string) =>
      adminRole("task", "sandbox-task", "ecs-tasks.amazonaws.com") +
      adminRole("exec", "sandbox-exec", "ecs-tasks.amazonaws.com") +
      `
resource "aws_ecs_task_definition" "sandbox" {
  family                = "sandbox"
  task_role_arn         = aws_iam_role.task.arn
  execution_role_arn    = aws_iam_role.exec.arn
  container_definitions = jsonencode([{ name = "app", image = "${image}", essential = true }])
}
`;
    expect(agentFindings(task("docker.all-hands.dev/all-hands-ai/openhands:0.59"))).toEqual(flagged("aws_iam_role.task"));
    expect(agentFindings(task("public.ecr.aws/nginx/nginx:1.27"))).toEqual([]);
  });

  it("a Batch job of OpenHands' image: its job role, named inside container_properties (jsonencode or a JSON string), as AWS::Batch::JobDefinition's JobRoleArn", () => {
    // Decided before running: a template's Batch job definition running an agent makes its
    // ContainerProperties.JobRoleArn the agent's (test/core/cfn agent-hosts); Terraform writes the
    // same role as container_properties' jobRoleArn. The same job of another image: no agent's.
    const job = (image: string, asString: boolean) =>
      adminRole("job", "sandbox-job", "ecs-tasks.amazonaws.com") +
      `
resource "aws_batch_job_definition" "sandbox" {
  name = "sandbox"
  type = "container"
  container_properties = ${
    asString
      ? `<<-JSON
    {"image": "${image}", "jobRoleArn": "arn:aws:iam::111111111111:role/sandbox-job", "command": ["run"]}
  JSON`
      : `jsonencode({ image = "${image}", jobRoleArn = aws_iam_role.job.arn, command = ["run"] })`
  }
}
`;
    for (const asString of [false, true]) {
      expect([asString, agentFindings(job("docker.all-hands.dev/all-hands-ai/openhands:0.59", asString))]).toEqual([asString, flagged("aws_iam_role.job")]);
      expect([asString, agentFindings(job("public.ecr.aws/nginx/nginx:1.27", asString))]).toEqual([asString, []]);
    }
    // Text that is no JSON (Terraform refuses it) names no job role: nothing is made the agent's, no crash.
    const notJson = adminRole("job", "sandbox-job", "ecs-tasks.amazonaws.com") + 'resource "aws_batch_job_definition" "sandbox" {\n  name = "sandbox"\n  type = "container"\n  container_properties = "image: docker.all-hands.dev/all-hands-ai/openhands"\n}\n';
    expect(agentFindings(notJson)).toEqual([]);
  });

  it("a Lambda function with CLAUDE_CODE_USE_BEDROCK in its environment", () => {
    const fn = (variables: string) =>
      adminRole("fn", "triage-fn", "lambda.amazonaws.com") +
      `
resource "aws_lambda_function" "triage" {
  function_name = "triage"
  role          = aws_iam_role.fn.arn
  package_type  = "Image"
  image_uri     = "111111111111.dkr.ecr.us-east-1.amazonaws.com/triage:latest"
  environment {
    variables = { ${variables} }
  }
}
`;
    expect(agentFindings(fn('CLAUDE_CODE_USE_BEDROCK = "1", TABLE = "orders"'))).toEqual(flagged("aws_iam_role.fn"));
    expect(agentFindings(fn('TABLE = "orders"'))).toEqual([]);
  });

  it("an EC2 dev box whose user data installs Claude Code: the role of its instance profile, directly or through a launch template", () => {
    const profile =
      adminRole("box", "dev-box", "ec2.amazonaws.com") +
      `
resource "aws_iam_instance_profile" "box" {
  name = "dev-box"
  role = aws_iam_role.box.name
}
`;
    const userData = (install: string) => `base64encode(<<-EOF
    #!/bin/bash
    ${install}
  EOF
  )`;
    const instance = (install: string) => `${profile}
resource "aws_instance" "box" {
  ami                  = "ami-0123456789abcdef0"
  instance_type        = "t3.large"
  iam_instance_profile = aws_iam_instance_profile.box.name
  user_data            = <<-EOF
    #!/bin/bash
    ${install}
  EOF
}
`;
    const template = (install: string) => `${profile}
resource "aws_launch_template" "box" {
  name_prefix = "dev-box-"
  iam_instance_profile {
    arn = aws_iam_instance_profile.box.arn
  }
  user_data = ${userData(install)}
}
`;
    expect(agentFindings(instance("curl -fsSL https://claude.ai/install.sh | bash"))).toEqual(flagged("aws_iam_role.box"));
    expect(agentFindings(template("npm install -g @anthropic-ai/claude-code"))).toEqual(flagged("aws_iam_role.box"));
    expect(agentFindings(instance("yum install -y docker"))).toEqual([]);
    expect(agentFindings(template("yum install -y docker"))).toEqual([]);
  });

  it("a CodeBuild project a webhook makes a GitHub Actions runner (aws_codebuild_webhook, WORKFLOW_JOB_QUEUED): its role, as in a template", () => {
    // alphagov/forms-deploy infra/deployments/integration/review/github_actions_runner.tf @4442aacf
    // (licence not found in the index: facts only): the project's source is set by a script, its
    // webhook by Terraform, filter EVENT WORKFLOW_JOB_QUEUED, for PR review apps of a public repository.
    const runner = (filters: string, project = "aws_codebuild_project.runner.name") =>
      adminRole("runner", "review-github-actions-runner", "codebuild.amazonaws.com") +
      `
resource "aws_codebuild_project" "runner" {
  name         = "review-gha-runner"
  service_role = aws_iam_role.runner.arn
  artifacts { type = "NO_ARTIFACTS" }
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/amazonlinux2-aarch64-standard:3.0"
    type         = "ARM_CONTAINER"
  }
  source {
    type     = "GITHUB"
    location = "https://github.com/acme/app"
  }
}
resource "aws_codebuild_webhook" "runner" {
  project_name = ${project}
  build_type   = "BUILD"
  filter_group {
${filters}
  }
}
`;
    const queued = '    filter {\n      type    = "EVENT"\n      pattern = "WORKFLOW_JOB_QUEUED"\n    }';
    expect(agentFindings(runner(queued))).toEqual(flagged("aws_iam_role.runner"));
    expect(agentFindings(runner(queued, '"review-gha-runner"'))).toEqual(flagged("aws_iam_role.runner"));
    expect(agentFindings(runner('    filter {\n      type    = "EVENT"\n      pattern = "PUSH"\n    }'))).toEqual([]);
  });

  it("a role already an agent's keeps its own reason; a role outside the module is not made up", () => {
    const result = evaluateTerraformHcl(
      {
        files: [
          {
            file: "main.tf",
            text:
              PROVIDER +
              `
resource "aws_codebuild_project" "fixer" {
  name         = "issue-fixer"
  service_role = "arn:aws:iam::111111111111:role/made-elsewhere"
  artifacts { type = "NO_ARTIFACTS" }
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }
  source {
    type      = "NO_SOURCE"
    buildspec = "phases: {install: {commands: [npm install -g @openai/codex]}}"
  }
}
`,
          },
        ],
      },
      policy,
      catalogue,
    );
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it("the finding says which compute runs the agent", () => {
    const result = evaluateTerraformHcl({ files: [{ file: "main.tf", text: PROVIDER + codebuild("      phases:\n        install:\n          commands:\n            - npm i -g @openai/codex") }] }, policy, catalogue);
    const notes = result.findings.flatMap((f) => f.evidence.map((e) => e.note ?? "")).filter((n) => n.includes("agent principal"));
    expect(notes[0]).toContain("runs CodeBuild project aws_codebuild_project.fixer, whose configuration names @openai/codex");
  });
});

describe("the same compute in a Terraform plan or state (terraform show -json)", () => {
  const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }] });
  const roleResources = [
    { address: "aws_iam_role.build", mode: "managed", type: "aws_iam_role", name: "build", values: { name: "issue-fixer-build", arn: "arn:aws:iam::111111111111:role/issue-fixer-build", assume_role_policy: trust, tags: {} } },
    { address: "aws_iam_role_policy_attachment.admin", mode: "managed", type: "aws_iam_role_policy_attachment", name: "admin", values: { role: "issue-fixer-build", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" } },
  ];
  const project = (values: Record<string, unknown>) => ({ address: "aws_codebuild_project.fixer", mode: "managed", type: "aws_codebuild_project", name: "fixer", values: { name: "issue-fixer", ...values } });
  const state = (resources: unknown[]) => ({ format_version: "1.0", terraform_version: "1.9.0", values: { root_module: { resources: [...roleResources, ...resources] } } });
  const findings = (doc: unknown): string[] => {
    const { findings: found, errors } = evaluateInput({ file: "state.json", value: doc }, "terraform-plan", policy, catalogue);
    expect(errors).toEqual([]);
    return [...new Set(found.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`))].sort();
  };
  const flaggedArn = flagged("arn:aws:iam::111111111111:role/issue-fixer-build");

  it("a CodeBuild project whose buildspec installs Claude Code, by its service role's ARN", () => {
    const source = (buildspec: string) => [{ type: "NO_SOURCE", buildspec }];
    const env = [{ image: "aws/codebuild/standard:7.0", environment_variable: [] }];
    const with_ = (buildspec: string) => project({ service_role: "arn:aws:iam::111111111111:role/issue-fixer-build", source: source(buildspec), environment: env });
    expect(findings(state([with_("phases:\n  install:\n    commands:\n      - npm install -g @anthropic-ai/claude-code\n")]))).toEqual(flaggedArn);
    expect(findings(state([with_("phases:\n  build:\n    commands:\n      - make deploy\n")]))).toEqual([]);
  });

  it("a launch template whose base64 user data installs Claude Code, through the instance profile", () => {
    const userData = (script: string) => btoa(`#!/bin/bash\n${script}\n`);
    const profile = { address: "aws_iam_instance_profile.box", mode: "managed", type: "aws_iam_instance_profile", name: "box", values: { name: "dev-box", arn: "arn:aws:iam::111111111111:instance-profile/dev-box", role: "issue-fixer-build" } };
    const template = (script: string) => ({ address: "aws_launch_template.box", mode: "managed", type: "aws_launch_template", name: "box", values: { name: "dev-box", iam_instance_profile: [{ arn: "arn:aws:iam::111111111111:instance-profile/dev-box", name: "" }], user_data: userData(script) } });
    expect(findings(state([profile, template("curl -fsSL https://claude.ai/install.sh | bash")]))).toEqual(flaggedArn);
    expect(findings(state([profile, template("yum install -y docker")]))).toEqual([]);
  });

  it("a project a webhook makes a GitHub Actions runner; in a plan, its role known only after apply but named by the configuration", () => {
    const webhook = (pattern: string) => ({ address: "aws_codebuild_webhook.runner", mode: "managed", type: "aws_codebuild_webhook", name: "runner", values: { project_name: "issue-fixer", filter_group: [{ filter: [{ type: "EVENT", pattern, exclude_matched_pattern: false }] }] } });
    expect(findings(state([project({ service_role: "arn:aws:iam::111111111111:role/issue-fixer-build" }), webhook("WORKFLOW_JOB_QUEUED")]))).toEqual(flaggedArn);
    expect(findings(state([project({ service_role: "arn:aws:iam::111111111111:role/issue-fixer-build" }), webhook("PUSH")]))).toEqual([]);
    // A plan: the role's ARN is known after apply; the project's configuration refers to it.
    const plan = {
      format_version: "1.2",
      terraform_version: "1.9.0",
      planned_values: {
        root_module: {
          resources: [
            { ...roleResources[0], values: { name: "issue-fixer-build", assume_role_policy: trust, tags: {} } },
            roleResources[1],
            // A buildspec in YAML's flow style: it looks like JSON but is not, and is read as its text.
            project({ source: [{ type: "NO_SOURCE", buildspec: "{phases: {install: {commands: [npm i -g @openai/codex]}}}" }] }),
          ],
        },
      },
      resource_changes: [{ address: "aws_codebuild_project.fixer", mode: "managed", type: "aws_codebuild_project", name: "fixer", change: { actions: ["create"], after: {}, after_unknown: { service_role: true } } }],
      configuration: { root_module: { resources: [{ address: "aws_codebuild_project.fixer", mode: "managed", type: "aws_codebuild_project", name: "fixer", expressions: { service_role: { references: ["aws_iam_role.build.arn", "aws_iam_role.build"] } } }] } },
    };
    expect(findings(plan)).toEqual(flagged("aws_iam_role.build"));
  });

  it("a Batch job of OpenHands' image, its job role in container_properties' JSON", () => {
    const job = (image: string) => ({ address: "aws_batch_job_definition.sandbox", mode: "managed", type: "aws_batch_job_definition", name: "sandbox", values: { name: "sandbox", type: "container", container_properties: JSON.stringify({ image, jobRoleArn: "arn:aws:iam::111111111111:role/issue-fixer-build" }) } });
    expect(findings(state([job("docker.all-hands.dev/all-hands-ai/openhands:0.59")]))).toEqual(flaggedArn);
    expect(findings(state([job("public.ecr.aws/nginx/nginx:1.27")]))).toEqual([]);
  });

  it("an EKS Pod Identity association of an agent's namespace, in a state (as the .tf above)", () => {
    const association = (namespace: string) => ({ address: "aws_eks_pod_identity_association.worker", mode: "managed", type: "aws_eks_pod_identity_association", name: "worker", values: { cluster_name: "ml", namespace, service_account: "orders-api", role_arn: "arn:aws:iam::111111111111:role/issue-fixer-build" } });
    expect(findings(state([association("kagent")]))).toEqual(flaggedArn);
    expect(findings(state([association("web")]))).toEqual([]);
  });
});

test("a Kubernetes service account's role (IRSA) whose sub names an agent's namespace is the agent's, in Terraform as in a template", () => {
  // Decided before running, on the shape of aws-samples/amazon-eks-machine-learning-with-terraform-and-kubeflow
  // kagent/iam.tf @fa3ce15 (Apache-2.0): the issuer and provider from variables the caller fills,
  // the sub "system:serviceaccount:${var.kagent_namespace}:*-agent" (kagent's agents); the role named
  // for its cluster only, with sqs:* on * (a public multi-agent platform's orchestrator IRSA role):
  // the agent can delete any production queue. The same role for a web service account is no agent's.
  const irsa = (namespace: string, account = "*-agent") => `
variable "cluster_name" { default = "ml-platform" }
variable "kagent_namespace" { default = "${namespace}" }
variable "eks_oidc_issuer" {}
variable "eks_oidc_provider_arn" {}
resource "aws_iam_role" "orchestrator" {
  name = "\${var.cluster_name}-orchestrator"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = var.eks_oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "\${var.eks_oidc_issuer}:aud" = "sts.amazonaws.com" }
        StringLike   = { "\${var.eks_oidc_issuer}:sub" = "system:serviceaccount:\${var.kagent_namespace}:${account}" }
      }
    }]
  })
}
resource "aws_iam_role_policy" "orchestrator" {
  role = aws_iam_role.orchestrator.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["bedrock:InvokeModel", "sqs:*"], Resource = "*" }]
  })
}
`;
  expect(agentFindings(irsa("kagent"))).toEqual(["agent-destructive-prod aws_iam_role.orchestrator"]);
  expect(agentFindings(irsa("web", "api"))).toEqual([]);
  // The same trust from an aws_iam_policy_document, its variable from the cluster module's issuer
  // (terraform-aws-modules/eks outputs), and from a local the module knows.
  const document = (variable: string, namespace: string) => `
variable "oidc_provider_arn" {}
variable "cluster_oidc_issuer_url" {}
locals { issuer = "oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D" }
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${variable}:sub"
      values   = ["system:serviceaccount:${namespace}:runner"]
    }
  }
}
resource "aws_iam_role" "runner" {
  name               = "ml-platform-runner"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
resource "aws_iam_role_policy" "runner" {
  role   = aws_iam_role.runner.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:*", Resource = "*" }] })
}
`;
  expect(agentFindings(document('${replace(var.cluster_oidc_issuer_url, "https://", "")}', "openhands"))).toEqual(["agent-destructive-prod aws_iam_role.runner"]);
  expect(agentFindings(document("${local.issuer}", "openhands"))).toEqual(["agent-destructive-prod aws_iam_role.runner"]);
  expect(agentFindings(document('${replace(var.cluster_oidc_issuer_url, "https://", "")}', "web"))).toEqual([]);
});

test("an EKS Pod Identity association of an agent's namespace makes its role the agent's, in Terraform as in a template", () => {
  // aws_eks_pod_identity_association (EKS User Guide, "Assign an IAM role to a Kubernetes service
  // account"): the pods of namespace/service_account get role_arn's credentials, or target_role_arn's.
  // Decided before running: namespace kagent makes the AdministratorAccess role the agent's, destructive
  // and escalation; namespace web, no agent's.
  const association = (namespace: string) =>
    adminRole("pods", "ml-platform-worker", "pods.eks.amazonaws.com") +
    `
resource "aws_eks_pod_identity_association" "worker" {
  cluster_name    = "ml"
  namespace       = "${namespace}"
  service_account = "orders-api"
  role_arn        = aws_iam_role.pods.arn
}
`;
  expect(agentFindings(association("kagent"))).toEqual(flagged("aws_iam_role.pods"));
  expect(agentFindings(association("web"))).toEqual([]);
});

describe("an agent's own role and the functions it runs as tools, written in Terraform, as in a template", () => {
  // Decided before running, on the shapes of real configurations (facts only where no licence):
  // tosi29/bedrock-agent @c0d2fc8 (no licence) gives a Bedrock agent's action groups a Lambda
  // function in a module, its role passed in from the root (test-lambda-role, trusting
  // lambda.amazonaws.com only) with a Lambda permission for bedrock.amazonaws.com beside it; the
  // Terraform AWS provider's own documentation, website/docs/r/bedrockagentcore_gateway_target
  // @0273a63 (MPL-2.0), makes a gateway's Lambda target the same way (example-lambda-role). The
  // agent chooses each call of its tool, so the function's role is the agent's, as
  // test/core/cfn agent-tools reads the same resources in a template: with AdministratorAccess in
  // production, destructive and escalation. The same function that no agent names is no agent's.
  const fn = claimsLookupFunction;
  const agent = adminRole("agent", "claims-assistant-svc", "bedrock.amazonaws.com").replace(/resource "aws_iam_role_policy_attachment"[\s\S]*$/, "") + `
resource "aws_bedrockagent_agent" "claims" {
  agent_name              = "claims-assistant"
  agent_resource_role_arn = aws_iam_role.agent.arn
  foundation_model        = "anthropic.claude-3-5-sonnet-20241022-v2:0"
}
`;
  it("a Bedrock agent's action group executor", () => {
    const group = (lambda: string) => `
resource "aws_bedrockagent_agent_action_group" "lookup" {
  action_group_name = "lookup"
  agent_id          = aws_bedrockagent_agent.claims.agent_id
  agent_version     = "DRAFT"
  action_group_executor {
    lambda = ${lambda}
  }
}
`;
    expect(agentFindings(fn + agent + group("aws_lambda_function.lookup.arn"))).toEqual(flagged("aws_iam_role.fn"));
    // By its ARN as written, and through an alias.
    expect(agentFindings(fn + agent + group('"arn:aws:lambda:us-east-1:111111111111:function:claims-lookup"'))).toEqual(flagged("aws_iam_role.fn"));
    const alias = `
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.lookup.function_name
  function_version = "1"
}
`;
    expect(agentFindings(fn + agent + alias + group("aws_lambda_alias.live.arn"))).toEqual(flagged("aws_iam_role.fn"));
    // A return-control group names no function; a function no agent names is no agent's.
    expect(agentFindings(fn + agent + group('"arn:aws:lambda:us-east-1:111111111111:function:other"'))).toEqual([]);
    expect(agentFindings(fn + agent)).toEqual([]);
  });

  it("a Lambda permission for an agent service, in a module the root passes the role to (tosi29/bedrock-agent's shape)", () => {
    // The module makes the function and lets bedrock.amazonaws.com invoke it; the root's role
    // reaches it as var.lambda_role_arn. lambda.amazonaws.com or a principal no agent is: no agent's.
    const tools = (principal: string): TerraformModuleSource => ({
      dir: "modules/action",
      files: [
        {
          file: "modules/action/main.tf",
          text: `
variable "lambda_role_arn" {}
variable "prefix" {}
resource "aws_lambda_function" "this" {
  function_name = "\${var.prefix}-function"
  role          = var.lambda_role_arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "app.zip"
}
resource "aws_lambda_permission" "this" {
  statement_id  = "AllowExecutionFromBedrock"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "${principal}"
}
`,
        },
      ],
    });
    const root = adminRole("fn", "test-lambda-role", "lambda.amazonaws.com") + 'module "action" {\n  source          = "./modules/action"\n  prefix          = "test-1"\n  lambda_role_arn = aws_iam_role.fn.arn\n}\n';
    const run = (principal: string): string[] => {
      const result = evaluateTerraformHcl({ files: [{ file: "main.tf", text: PROVIDER + root }], modules: new Map([["action", tools(principal)]]) }, policy, catalogue);
      expect(result.errors).toEqual([]);
      return [...new Set(result.findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`))].sort();
    };
    expect(run("bedrock.amazonaws.com")).toEqual(flagged("aws_iam_role.fn"));
    expect(run("bedrock-agentcore.amazonaws.com")).toEqual(flagged("aws_iam_role.fn"));
    expect(run("events.amazonaws.com")).toEqual([]);
  });

  it("an AgentCore gateway's Lambda target (the provider's documented example), and a runtime's role whatever its trust says", () => {
    const target = `
resource "aws_bedrockagentcore_gateway_target" "example" {
  name               = "example-target"
  gateway_identifier = "gw-123"
  credential_provider_configuration {
    gateway_iam_role {}
  }
  target_configuration {
    mcp {
      lambda {
        lambda_arn = aws_lambda_function.lookup.arn
        tool_schema {
          inline_payload {
            name        = "process_request"
            description = "Process incoming requests"
          }
        }
      }
    }
  }
}
`;
    // The role a runtime runs as, trusting an account's root (a shared role AgentCore is given by ARN).
    const runtime = adminRole("shared", "orders-shared-exec", "ecs-tasks.amazonaws.com") + `
resource "aws_bedrockagentcore_agent_runtime" "orders" {
  name     = "orders_runtime"
  role_arn = aws_iam_role.shared.arn
  artifact {
    container_configuration {
      container_uri = "111111111111.dkr.ecr.us-east-1.amazonaws.com/orders:latest"
    }
  }
}
`;
    expect(agentFindings(fn + target + runtime)).toEqual([...flagged("aws_iam_role.fn"), ...flagged("aws_iam_role.shared")].sort());
    const result = evaluateTerraformHcl({ files: [{ file: "main.tf", text: PROVIDER + fn + target }] }, policy, catalogue);
    const notes = result.findings.flatMap((f) => f.evidence.map((e) => e.note ?? "")).filter((n) => n.includes("agent principal"));
    expect(notes[0]).toContain("executes function aws_lambda_function.lookup, which runs as an MCP tool of AgentCore gateway target aws_bedrockagentcore_gateway_target.example: the agent chooses its calls");
  });
});

test("the same agents written with the Cloud Control provider (awscc), as aws-ia's Bedrock module and AgentCore samples write them", () => {
  // Decided before running, on the shapes of public configurations (search hits, facts only): an
  // awscc_bedrock_agent whose action_groups attribute (a list of objects, not blocks) names an
  // aws_lambda_function in action_group_executor.lambda, and an awscc_bedrockagentcore_runtime's
  // role_arn. Both make the role the agent's, as AWS::Bedrock::Agent ActionGroups and
  // AWS::BedrockAgentCore::Runtime RoleArn do in a template (awscc is CloudFormation's schema):
  // the function's role and the runtime's, each with AdministratorAccess, both rules.
  const agentFn = claimsLookupFunction + `
resource "awscc_bedrock_agent" "claims" {
  agent_name              = "claims-assistant"
  agent_resource_role_arn = "arn:aws:iam::111111111111:role/claims-agent-svc"
  foundation_model        = "anthropic.claude-3-5-sonnet-20241022-v2:0"
  action_groups = [{
    action_group_name = "lookup"
    action_group_executor = {
      lambda = aws_lambda_function.lookup.arn
    }
  }]
}
`;
  const runtime = adminRole("shared", "orders-shared-exec", "ecs-tasks.amazonaws.com") + `
resource "awscc_bedrockagentcore_runtime" "orders" {
  agent_runtime_name = "orders_runtime"
  role_arn           = aws_iam_role.shared.arn
}
`;
  expect(agentFindings(agentFn + runtime)).toEqual([...flagged("aws_iam_role.fn"), ...flagged("aws_iam_role.shared")].sort());
});

describe("agents and their tools in a Terraform plan or state, as in the .tf", () => {
  const trust = (service: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
  const role = (name: string, service: string) => [
    { address: `aws_iam_role.${name}`, mode: "managed", type: "aws_iam_role", name, values: { name, arn: `arn:aws:iam::111111111111:role/${name}`, assume_role_policy: trust(service), tags: {} } },
    { address: `aws_iam_role_policy_attachment.${name}`, mode: "managed", type: "aws_iam_role_policy_attachment", name, values: { role: name, policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" } },
  ];
  const fn = { address: "aws_lambda_function.lookup", mode: "managed", type: "aws_lambda_function", name: "lookup", values: { function_name: "claims-lookup", role: "arn:aws:iam::111111111111:role/claims-lookup-fn-role" } };
  const findings = (doc: unknown): string[] => {
    const { findings: found, errors } = evaluateInput({ file: "plan.json", value: doc }, "terraform-plan", policy, catalogue);
    expect(errors).toEqual([]);
    return [...new Set(found.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`))].sort();
  };
  const state = (resources: unknown[]) => ({ format_version: "1.0", terraform_version: "1.9.0", values: { root_module: { resources: [...role("claims-lookup-fn-role", "lambda.amazonaws.com"), fn, ...resources] } } });
  const fnArn = flagged("arn:aws:iam::111111111111:role/claims-lookup-fn-role");

  it("an action group's function, a Lambda permission for Bedrock, a gateway target's, by name or ARN", () => {
    const group = (lambda: string | null) => ({ address: "aws_bedrockagent_agent_action_group.lookup", mode: "managed", type: "aws_bedrockagent_agent_action_group", name: "lookup", values: { action_group_name: "lookup", action_group_executor: [{ lambda, custom_control: lambda ? null : "RETURN_CONTROL" }] } });
    expect(findings(state([group("arn:aws:lambda:us-east-1:111111111111:function:claims-lookup")]))).toEqual(fnArn);
    expect(findings(state([group(null)]))).toEqual([]);
    // awscc's agent: its action groups an attribute of objects.
    const awscc = { address: "awscc_bedrock_agent.claims", mode: "managed", type: "awscc_bedrock_agent", name: "claims", values: { agent_name: "claims", action_groups: [{ action_group_name: "lookup", action_group_executor: { lambda: "arn:aws:lambda:us-east-1:111111111111:function:claims-lookup" } }] } };
    expect(findings(state([awscc]))).toEqual(fnArn);
    const permission = (principal: string) => ({ address: "aws_lambda_permission.bedrock", mode: "managed", type: "aws_lambda_permission", name: "bedrock", values: { action: "lambda:InvokeFunction", function_name: "claims-lookup", principal } });
    expect(findings(state([permission("bedrock.amazonaws.com")]))).toEqual(fnArn);
    expect(findings(state([permission("s3.amazonaws.com")]))).toEqual([]);
    const target = { address: "aws_bedrockagentcore_gateway_target.t", mode: "managed", type: "aws_bedrockagentcore_gateway_target", name: "t", values: { name: "t", target_configuration: [{ mcp: [{ lambda: [{ lambda_arn: "arn:aws:lambda:us-east-1:111111111111:function:claims-lookup:live", tool_schema: [] }], mcp_server: [] }] }] } };
    expect(findings(state([target]))).toEqual(fnArn);
    const runtime = { address: "aws_bedrockagentcore_agent_runtime.orders", mode: "managed", type: "aws_bedrockagentcore_agent_runtime", name: "orders", values: { name: "orders_runtime", role_arn: "arn:aws:iam::111111111111:role/orders-shared-exec" } };
    expect(findings({ ...state([runtime]), values: { root_module: { resources: [...role("orders-shared-exec", "ecs-tasks.amazonaws.com"), runtime] } } })).toEqual(flagged("arn:aws:iam::111111111111:role/orders-shared-exec"));
  });

  it("in a plan, the function's ARN known only after apply but named by the configuration's nested block", () => {
    const plan = {
      format_version: "1.2",
      terraform_version: "1.9.0",
      planned_values: { root_module: { resources: [...role("claims-lookup-fn-role", "lambda.amazonaws.com"), fn, { address: "aws_bedrockagent_agent_action_group.lookup", mode: "managed", type: "aws_bedrockagent_agent_action_group", name: "lookup", values: { action_group_name: "lookup", action_group_executor: [{ custom_control: null }] } }] } },
      resource_changes: [{ address: "aws_bedrockagent_agent_action_group.lookup", mode: "managed", type: "aws_bedrockagent_agent_action_group", name: "lookup", change: { actions: ["create"], after: { action_group_name: "lookup", action_group_executor: [{ custom_control: null }] }, after_unknown: { action_group_executor: [{ lambda: true }] } } }],
      configuration: { root_module: { resources: [{ address: "aws_bedrockagent_agent_action_group.lookup", mode: "managed", type: "aws_bedrockagent_agent_action_group", name: "lookup", expressions: { action_group_executor: [{ lambda: { references: ["aws_lambda_function.lookup.arn", "aws_lambda_function.lookup"] } }] } }] } },
    };
    expect(findings(plan)).toEqual(fnArn);
    // Through an alias whose ARN is known only after apply, as the .tf reader follows one.
    const alias = { address: "aws_lambda_alias.live", mode: "managed", type: "aws_lambda_alias", name: "live", values: { name: "live", function_name: "claims-lookup" } };
    const viaAlias = {
      ...plan,
      planned_values: { root_module: { resources: [...plan.planned_values.root_module.resources, alias] } },
      configuration: { root_module: { resources: [{ ...plan.configuration.root_module.resources[0], expressions: { action_group_executor: [{ lambda: { references: ["aws_lambda_alias.live.arn", "aws_lambda_alias.live"] } }] } }] } },
    };
    expect(findings(viaAlias)).toEqual(fnArn);
  });
});

