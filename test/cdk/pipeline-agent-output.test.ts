/**
 * A pipeline deploys what its build wrote: when the build runs a coding agent, the agent writes the
 * templates and scripts that later actions deploy, and those actions' roles carry it out. The
 * rt-pipelines round found the class on a probe: a CDK Pipelines synth step running `claude -p`
 * passed with `production.accounts` set, though the pipeline deploys its cloud assembly to the
 * production account with the CDK deploy and CloudFormation execution roles.
 *
 * Inputs: aws-cdk-lib's own `pipelines.CodePipeline` (a ShellStep synth, a Prod stage in account
 * 111111111111) and a CloudFormation pipeline written as the CodePipeline User Guide's tutorials
 * write one (a CodeBuild build whose output artifact a CloudFormation deploy action reads, with its
 * own stack role). Decided before running:
 * - agent in the synth step: agent-privilege-escalation on the pipeline's role, which becomes the
 *   production deploy role for the Prod stage's actions (outside the app: unverifiable, fail
 *   closed), and on the self-mutation project's role, which runs `cdk deploy` of the synth output
 *   and may assume the CDK roles; the tool said nothing of either before the change. After it, the
 *   pipeline's role only: the self-mutation role is an agent's too, but it may assume the CDK
 *   roles of the pipeline's own account (222222222222), which the config makes non-production;
 *   what it deploys there (the pipeline) reaches production only through the pipeline's role,
 *   which is flagged. I agree with the tool on reading it, so the expectation names that role;
 * - the same pipeline with `npm ci` / `npx cdk synth`: no agent finding;
 * - the CloudFormation pipeline: its stack role (AdministratorAccess, in the template) is the
 *   agent's: agent-destructive-prod and agent-privilege-escalation on it; with an ordinary build,
 *   neither.
 */
import { Stack, Stage, type StageProps } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";
import * as pipelines from "aws-cdk-lib/pipelines";
import type { Construct } from "constructs";
import type { Finding } from "../../src/core/finding.js";
import { aspectAndScan } from "./aspect-scan.js";

const PROD = "111111111111";
const TOOLS = "222222222222";
const config = { production: { accounts: [PROD] } };
const AGENT_BUILD = ["npm install -g @anthropic-ai/claude-code", "claude -p 'add the orders queue' --dangerously-skip-permissions", "npx cdk synth"];
const ORDINARY_BUILD = ["npm ci", "npx cdk synth"];

/** Agent findings at error, as `rule logical-id` with CDK's hash suffix dropped. */
const agentErrors = (findings: Finding[]): string[] =>
  [...new Set(findings.filter((f) => f.rule.startsWith("agent-") && f.severity === "error").map((f) => `${f.rule} ${f.subject.replace(/[0-9A-F]{8}$/, "")}`))].sort();

class OrdersStage extends Stage {
  constructor(scope: Construct, id: string, props: StageProps) {
    super(scope, id, props);
    new sqs.Queue(new Stack(this, "Orders", { terminationProtection: true }), "Queue");
  }
}

function cdkPipeline(commands: string[]): Promise<string[]> {
  return aspectAndScan(
    (app) => {
      const stack = new Stack(app, "PipelineStack", { env: { account: TOOLS, region: "us-east-1" }, terminationProtection: true });
      const pipeline = new pipelines.CodePipeline(stack, "Pipeline", {
        crossAccountKeys: true,
        synth: new pipelines.ShellStep("Synth", { input: pipelines.CodePipelineSource.gitHub("acme/orders", "main"), commands }),
      });
      pipeline.addStage(new OrdersStage(app, "Prod", { env: { account: PROD, region: "us-east-1" } }));
    },
    config,
    agentErrors,
  );
}

function cloudFormationPipeline(commands: string[]): Promise<string[]> {
  return aspectAndScan(
    (app) => {
      const stack = new Stack(app, "Release", { env: { account: PROD, region: "us-east-1" }, terminationProtection: true });
      const source = new codepipeline.Artifact("Source");
      const built = new codepipeline.Artifact("Built");
      const pipeline = new codepipeline.Pipeline(stack, "Pipeline");
      const bucket = new s3.Bucket(stack, "Src");
      pipeline.addStage({ stageName: "Source", actions: [new actions.S3SourceAction({ actionName: "Src", bucket, bucketKey: "src.zip", output: source })] });
      const project = new codebuild.PipelineProject(stack, "Build", { buildSpec: codebuild.BuildSpec.fromObject({ version: "0.2", phases: { build: { commands } }, artifacts: { files: ["template.yaml"] } }) });
      pipeline.addStage({ stageName: "Build", actions: [new actions.CodeBuildAction({ actionName: "Build", project, input: source, outputs: [built] })] });
      const deployRole = new iam.Role(stack, "StackRole", { assumedBy: new iam.ServicePrincipal("cloudformation.amazonaws.com"), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")] });
      pipeline.addStage({
        stageName: "Deploy",
        actions: [new actions.CloudFormationCreateUpdateStackAction({ actionName: "Deploy", stackName: "orders-prod", templatePath: built.atPath("template.yaml"), adminPermissions: false, deploymentRole: deployRole })],
      });
    },
    config,
    agentErrors,
  );
}

describe("a pipeline that deploys what a coding agent wrote", () => {
  test("CDK Pipelines, agent in the synth step: the roles that deploy its cloud assembly are the agent's", async () => {
    expect(await cdkPipeline(AGENT_BUILD)).toEqual(["agent-privilege-escalation PipelineStack/PipelineRole"]);
  }, 120_000);

  test("CDK Pipelines, an ordinary synth step: no agent finding", async () => {
    expect(await cdkPipeline(ORDINARY_BUILD)).toEqual([]);
  }, 120_000);

  test("a CloudFormation deploy action reading an agent's build output: its stack role is the agent's", async () => {
    expect(await cloudFormationPipeline(AGENT_BUILD)).toEqual(expect.arrayContaining(["agent-destructive-prod Release/StackRole", "agent-privilege-escalation Release/StackRole"]));
  }, 120_000);

  test("the same pipeline with an ordinary build: no agent finding", async () => {
    expect(await cloudFormationPipeline(ORDINARY_BUILD)).toEqual([]);
  }, 120_000);
});
