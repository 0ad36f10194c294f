/**
 * Compute that runs a coding agent: the role it runs as is the agent's, whatever its name or trust
 * (a CodeBuild project whose buildspec installs Claude Code, an ECS task of the OpenHands image, an
 * EC2 dev box whose user data installs Claude Code, a Lambda function with Claude Code's Bedrock
 * switch). Verdicts decided before running: each role below holds AdministratorAccess, so as an
 * agent's it is destructive and can escalate; the same compute without an agent is no agent's.
 * Markers: Claude Code's npm package and native installer and its CLAUDE_CODE_USE_BEDROCK switch
 * (Claude Code docs, "Amazon Bedrock"), OpenHands' images (docker.all-hands.dev/all-hands-ai/openhands),
 * the Codex and Gemini CLI packages, aider's pip package (policies/agents.yaml hostMarkers).
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

function agentFindings(resources: Record<string, unknown>, using = policy, top: Record<string, unknown> = {}): string[] {
  const text = JSON.stringify({ ...top, Resources: resources });
  const parsed = parseSource(text);
  const { findings, errors } = evaluateTemplates([{ file: "hosts.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "Hosts" }], using, catalogue);
  expect(errors).toEqual([]);
  return [...new Set(findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`))].sort();
}
function notes(resources: Record<string, unknown>): string[] {
  const parsed = parseSource(JSON.stringify({ Resources: resources }));
  const { findings } = evaluateTemplates([{ file: "hosts.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "Hosts" }], policy, catalogue);
  return findings.flatMap((f) => f.evidence.map((e) => e.note ?? "")).filter((n) => n.includes("agent principal"));
}

const ADMIN = ["arn:aws:iam::aws:policy/AdministratorAccess"];
const role = (service: string) => ({
  Type: "AWS::IAM::Role",
  Properties: { AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] }, ManagedPolicyArns: ADMIN },
});
const flagged = (id: string) => [`agent-destructive-prod Hosts/${id}`, `agent-privilege-escalation Hosts/${id}`];

const codebuild = (buildspec: string, env: { Name: string; Value: string }[] = []) => ({
  BuildRole: role("codebuild.amazonaws.com"),
  Build: {
    Type: "AWS::CodeBuild::Project",
    Properties: {
      ServiceRole: { "Fn::GetAtt": ["BuildRole", "Arn"] },
      Artifacts: { Type: "NO_ARTIFACTS" },
      Environment: { Type: "LINUX_CONTAINER", ComputeType: "BUILD_GENERAL1_MEDIUM", Image: "aws/codebuild/standard:7.0", EnvironmentVariables: env },
      Source: { Type: "NO_SOURCE", BuildSpec: buildspec },
    },
  },
});

describe("a role that compute running a coding agent acts as", () => {
  it("CodeBuild: a buildspec that installs and runs Claude Code, or the project's CLAUDE_CODE_USE_BEDROCK", () => {
    const claude = "version: 0.2\nphases:\n  install:\n    commands:\n      - npm install -g @anthropic-ai/claude-code\n  build:\n    commands:\n      - claude -p \"$TASK\" --dangerously-skip-permissions\n";
    expect(agentFindings(codebuild(claude))).toEqual(flagged("BuildRole"));
    expect(notes(codebuild(claude)).join("\n")).toContain("runs CodeBuild project Build, whose configuration names @anthropic-ai/claude-code");
    expect(agentFindings(codebuild("version: 0.2\nphases:\n  build:\n    commands:\n      - node /app/worker.js\n", [{ Name: "CLAUDE_CODE_USE_BEDROCK", Value: "1" }]))).toEqual(flagged("BuildRole"));
    // An ordinary build that deploys with the same role is no agent's.
    expect(agentFindings(codebuild("version: 0.2\nphases:\n  build:\n    commands:\n      - npm ci\n      - npx cdk deploy --all\n"))).toEqual([]);
  });

  it("CodeBuild as a GitHub Actions runner (webhook event WORKFLOW_JOB_QUEUED): every workflow job of the repository runs as its role, an agent's branch's included", () => {
    // AWS CodeBuild User Guide, "Tutorial: Configure a CodeBuild-hosted GitHub Actions runner": a
    // project whose webhook filter group has EVENT WORKFLOW_JOB_QUEUED runs any job whose `runs-on`
    // names it (`codebuild-<project>-${{ github.run_id }}-${{ github.run_attempt }}`); a workflow an
    // agent writes on its own branch may name it, as a trust of every branch's OIDC token admits
    // it (alphagov/forms-deploy review/github_actions_runner.tf: facts only). Its buildspec is the
    // runner's, so no marker shows.
    const runner = (groups: unknown) => {
      const resources = codebuild("version: 0.2\nphases:\n  build:\n    commands:\n      - echo runner\n");
      return { ...resources, Build: { ...resources.Build, Properties: { ...resources.Build.Properties, Triggers: { Webhook: true, FilterGroups: groups } } } };
    };
    expect(agentFindings(runner([[{ Type: "EVENT", Pattern: "WORKFLOW_JOB_QUEUED" }]]))).toEqual(flagged("BuildRole"));
    expect(notes(runner([[{ Type: "EVENT", Pattern: "WORKFLOW_JOB_QUEUED" }]])).join("\n")).toContain("runs GitHub Actions jobs as CodeBuild project Build");
    // Among other events, limited to repositories or a workflow's name (which the workflow file, an agent's too, sets): still a runner.
    expect(agentFindings(runner([[{ Type: "EVENT", Pattern: "PUSH, WORKFLOW_JOB_QUEUED" }, { Type: "WORKFLOW_NAME", Pattern: "^Deploy$" }]]))).toEqual(flagged("BuildRole"));
    // A build project triggered by pushes or pull requests runs its own buildspec: no runner.
    expect(agentFindings(runner([[{ Type: "EVENT", Pattern: "PUSH" }, { Type: "HEAD_REF", Pattern: "^refs/heads/main$" }]]))).toEqual([]);
    expect(agentFindings(runner([[{ Type: "EVENT", Pattern: "WORKFLOW_JOB_QUEUED", ExcludeMatchedPattern: true }]]))).toEqual([]);
  });

  it("ECS: a task of the OpenHands image acts as its task role, not its execution role", () => {
    const resources = {
      TaskRole: role("ecs-tasks.amazonaws.com"),
      ExecutionRole: role("ecs-tasks.amazonaws.com"),
      Task: {
        Type: "AWS::ECS::TaskDefinition",
        Properties: {
          TaskRoleArn: { "Fn::GetAtt": ["TaskRole", "Arn"] },
          ExecutionRoleArn: { "Fn::GetAtt": ["ExecutionRole", "Arn"] },
          ContainerDefinitions: [{ Name: "app", Image: "docker.all-hands.dev/all-hands-ai/openhands:0.59", Environment: [{ Name: "LLM_MODEL", Value: "bedrock/anthropic.claude" }] }],
        },
      },
    };
    expect(agentFindings(resources)).toEqual(flagged("TaskRole"));
    const plain = { ...resources, Task: { ...resources.Task, Properties: { ...resources.Task.Properties, ContainerDefinitions: [{ Name: "app", Image: "public.ecr.aws/nginx/nginx:latest" }] } } };
    expect(agentFindings(plain)).toEqual([]);
  });

  it("EC2: a dev box whose user data installs Claude Code acts as its instance profile's role (an instance or a launch template)", () => {
    const userData = { "Fn::Base64": { "Fn::Sub": "#!/bin/bash\ncurl -fsSL https://claude.ai/install.sh | bash\necho ${AWS::Region}\n" } };
    const profile = { Type: "AWS::IAM::InstanceProfile", Properties: { Roles: [{ Ref: "BoxRole" }] } };
    expect(agentFindings({ BoxRole: role("ec2.amazonaws.com"), BoxProfile: profile, Box: { Type: "AWS::EC2::Instance", Properties: { ImageId: "ami-123", IamInstanceProfile: { Ref: "BoxProfile" }, UserData: userData } } })).toEqual(flagged("BoxRole"));
    expect(
      agentFindings({
        BoxRole: role("ec2.amazonaws.com"),
        BoxProfile: profile,
        Template: { Type: "AWS::EC2::LaunchTemplate", Properties: { LaunchTemplateData: { IamInstanceProfile: { Arn: { "Fn::GetAtt": ["BoxProfile", "Arn"] } }, UserData: userData } } },
      }),
    ).toEqual(flagged("BoxRole"));
    expect(agentFindings({ BoxRole: role("ec2.amazonaws.com"), BoxProfile: profile, Box: { Type: "AWS::EC2::Instance", Properties: { ImageId: "ami-123", IamInstanceProfile: { Ref: "BoxProfile" }, UserData: { "Fn::Base64": "#!/bin/bash\nyum install -y nginx\n" } } } })).toEqual([]);
  });

  it("Lambda: a function with Claude Code's Bedrock switch (the Claude Agent SDK) acts as its role", () => {
    const fn = (Variables: Record<string, string>) => ({
      FnRole: role("lambda.amazonaws.com"),
      Fn: { Type: "AWS::Lambda::Function", Properties: { Role: { "Fn::GetAtt": ["FnRole", "Arn"] }, PackageType: "Image", Code: { ImageUri: "111111111111.dkr.ecr.us-east-1.amazonaws.com/app:1" }, Environment: { Variables } } },
    });
    expect(agentFindings(fn({ CLAUDE_CODE_USE_BEDROCK: "1", ANTHROPIC_MODEL: "us.anthropic.claude-sonnet-4" }))).toEqual(flagged("FnRole"));
    expect(agentFindings(fn({ TABLE: "orders" }))).toEqual([]);
    // A SAM function: the role SAM makes for it (<Function>Role) is the agent's.
    const sam = (Variables: Record<string, string>) => ({
      Fn: { Type: "AWS::Serverless::Function", Properties: { Handler: "index.handler", Runtime: "nodejs20.x", CodeUri: "src/", Policies: ["AdministratorAccess"], Environment: { Variables } } },
    });
    const transform = { Transform: "AWS::Serverless-2016-10-31" };
    expect(agentFindings(sam({ CLAUDE_CODE_USE_BEDROCK: "1" }), policy, transform)).toEqual(flagged("FnRole"));
    expect(agentFindings(sam({ TABLE: "orders" }), policy, transform)).toEqual([]);
  });

  it("CodePipeline: a Commands action that runs Claude Code acts as its RoleArn, else the pipeline's role", () => {
    const action = (commands: string[], extra: Record<string, unknown> = {}) => ({ Name: "Review", ActionTypeId: { Category: "Compute", Owner: "AWS", Provider: "Commands", Version: "1" }, Commands: commands, ...extra });
    const pipeline = (actions: unknown[]) => ({
      PipelineRole: role("codepipeline.amazonaws.com"),
      ActionRole: role("codepipeline.amazonaws.com"),
      Pipeline: {
        Type: "AWS::CodePipeline::Pipeline",
        Properties: { PipelineType: "V2", RoleArn: { "Fn::GetAtt": ["PipelineRole", "Arn"] }, ArtifactStore: { Type: "S3", Location: "artifacts" }, Stages: [{ Name: "Review", Actions: actions }] },
      },
    });
    const claude = ["npm install -g @anthropic-ai/claude-code", "claude -p \"$TASK\""];
    expect(agentFindings(pipeline([action(claude)]))).toEqual(flagged("PipelineRole"));
    expect(agentFindings(pipeline([action(claude, { RoleArn: { "Fn::GetAtt": ["ActionRole", "Arn"] } })]))).toEqual(flagged("ActionRole"));
    // Its environment variables say so too.
    expect(agentFindings(pipeline([action(["node review.js"], { EnvironmentVariables: [{ Name: "CLAUDE_CODE_USE_BEDROCK", Value: "1" }] })]))).toEqual(flagged("PipelineRole"));
    // Ordinary commands, or another provider's action naming the package (a CodeBuild action runs as its project's role): no agent's.
    expect(agentFindings(pipeline([action(["npm ci", "npm test"])]))).toEqual([]);
    const codebuildAction = { Name: "Build", ActionTypeId: { Category: "Build", Owner: "AWS", Provider: "CodeBuild", Version: "1" }, Configuration: { ProjectName: "review", EnvironmentVariables: JSON.stringify([{ name: "PKG", value: "@anthropic-ai/claude-code" }]) } };
    expect(agentFindings(pipeline([codebuildAction]))).toEqual([]);
  });

  it("a marker counts only as a word of its own: raider-chat is not aider-chat", () => {
    expect(agentFindings(codebuild("version: 0.2\nphases:\n  build:\n    commands:\n      - pip install raider-chat-tools\n"))).toEqual([]);
    expect(agentFindings(codebuild("version: 0.2\nphases:\n  build:\n    commands:\n      - pip install aider-chat==0.86.1\n      - aider --yes-always --message \"$TASK\"\n"))).toEqual(flagged("BuildRole"));
    // At the start of a line (a requirements file written by the buildspec): the line break is no letter.
    expect(agentFindings(codebuild("version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        cat > requirements.txt <<EOF\n        boto3\naider-chat==0.86.1\n        EOF\n"))).toEqual(flagged("BuildRole"));
  });

  it("a team's own agent CLI, named in agents.hostMarkers, makes its compute's role the agent's", () => {
    const own = resolvePolicy(parseUserConfig("c.yml", "agents:\n  hostMarkers: [acme-agent-cli]\n"));
    const spec = "version: 0.2\nphases:\n  build:\n    commands:\n      - npx acme-agent-cli run --task \"$TASK\"\n";
    expect(agentFindings(codebuild(spec))).toEqual([]);
    expect(agentFindings(codebuild(spec), own)).toEqual(flagged("BuildRole"));
  });
});

/**
 * A pipeline written as CloudFormation (CodePipeline User Guide tutorials) names its CodeBuild
 * project by its literal name, not by `Ref`. Decided before running: the stack role of the deploy
 * action that reads the agent build's artifact (AdministratorAccess) is the agent's, whichever way
 * the project is named; with an ordinary build, no agent finding.
 */
describe("a pipeline naming its build project by its literal name", () => {
  const pipeline = (buildspec: string, projectName: unknown) => ({
    ...codebuild(buildspec),
    StackRole: role("cloudformation.amazonaws.com"),
    PipelineRole: { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "codepipeline.amazonaws.com" }, Action: "sts:AssumeRole" }] } } },
    Pipeline: {
      Type: "AWS::CodePipeline::Pipeline",
      Properties: {
        RoleArn: { "Fn::GetAtt": ["PipelineRole", "Arn"] },
        ArtifactStore: { Type: "S3", Location: "artifacts-111111111111" },
        Stages: [
          { Name: "Source", Actions: [{ Name: "Src", ActionTypeId: { Category: "Source", Owner: "AWS", Provider: "S3", Version: "1" }, Configuration: { S3Bucket: "src-111111111111", S3ObjectKey: "src.zip" }, OutputArtifacts: [{ Name: "SourceOutput" }] }] },
          { Name: "Build", Actions: [{ Name: "Build", ActionTypeId: { Category: "Build", Owner: "AWS", Provider: "CodeBuild", Version: "1" }, Configuration: { ProjectName: projectName }, InputArtifacts: [{ Name: "SourceOutput" }], OutputArtifacts: [{ Name: "BuildOutput" }] }] },
          {
            Name: "Deploy",
            Actions: [
              {
                Name: "Deploy",
                ActionTypeId: { Category: "Deploy", Owner: "AWS", Provider: "CloudFormation", Version: "1" },
                Configuration: { ActionMode: "CREATE_UPDATE", StackName: "orders-prod", TemplatePath: "BuildOutput::template.yaml", RoleArn: { "Fn::GetAtt": ["StackRole", "Arn"] } },
                InputArtifacts: [{ Name: "BuildOutput" }],
              },
            ],
          },
        ],
      },
    },
  });
  const claude = "version: 0.2\nphases:\n  build:\n    commands:\n      - npm install -g @anthropic-ai/claude-code\n      - claude -p \"$TASK\" --dangerously-skip-permissions\nartifacts:\n  files: [template.yaml]\n";
  const named = (resources: Record<string, unknown>, name: string): Record<string, unknown> => {
    const build = resources["Build"] as { Properties: Record<string, unknown> };
    build.Properties["Name"] = name;
    return resources;
  };

  it.each([
    ["Ref", { Ref: "Build" }],
    ["its literal Name", "orders-synth"],
  ])("the stack role reading the agent's build output is the agent's (project named by %s)", (_, projectName) => {
    const found = agentFindings(named(pipeline(claude, projectName), "orders-synth"));
    expect(found).toEqual(expect.arrayContaining(flagged("StackRole")));
    expect(notes(named(pipeline(claude, projectName), "orders-synth")).join("\n")).toContain("deploys or runs artifact BuildOutput of pipeline Pipeline, which the coding agent of CodeBuild project Build");
  });

  it("an ordinary build: the stack role is no agent's", () => {
    expect(agentFindings(named(pipeline("version: 0.2\nphases:\n  build:\n    commands:\n      - npm ci\n", "orders-synth"), "orders-synth"))).toEqual([]);
  });
});
