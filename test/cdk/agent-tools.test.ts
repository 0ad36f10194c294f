/**
 * The Aspect and `scan` judge an agent's tools alike (src/core/cfn/agent-tools.ts): a Lambda
 * function a Bedrock agent's action group runs acts as its role with the agent's inputs. Real
 * `aws-cdk-lib` synth, in-process.
 */
import { Aspects, Stack, Stage } from "aws-cdk-lib";
import * as bedrock from "aws-cdk-lib/aws-bedrock";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { newApp, synth } from "./apps.js";

test("a CfnAgent action group's function whose role can terminate instances fails synth, at the role's policy", () => {
  const { app, outdir } = newApp();
  const guardrails = new AgentGuardrails();
  Aspects.of(app).add(guardrails);
  const stack = new Stack(new Stage(app, "Prod"), "OpsAgent", { terminationProtection: true });
  const tool = new lambda.Function(stack, "FleetTool", { runtime: lambda.Runtime.PYTHON_3_12, handler: "index.handler", code: lambda.Code.fromInline("def handler(event, context):\n    return {}\n") });
  tool.addToRolePolicy(new iam.PolicyStatement({ actions: ["ec2:DescribeInstances", "ec2:TerminateInstances"], resources: ["*"] }));
  new bedrock.CfnAgent(stack, "Agent", {
    agentName: "ops-assistant",
    foundationModel: "anthropic.claude-3-5-sonnet-20241022-v2:0",
    instruction: "You help the on-call engineer operate the fleet of instances.",
    actionGroups: [{ actionGroupName: "fleet", actionGroupExecutor: { lambda: tool.functionArn }, functionSchema: { functions: [{ name: "stopInstance" }] } }],
  });
  const s = synth(app, outdir, guardrails);
  const errors = s.messages.filter((m) => m.level === "error");
  expect(errors.map((m) => m.path)).toEqual(["/Prod/OpsAgent/FleetTool/ServiceRole/DefaultPolicy/Resource"]);
  expect(errors[0]?.text).toMatch(/^\[agent-destructive-prod\] /);
  expect(errors[0]?.text).toContain("ec2:TerminateInstances");
});

test("a CodeBuild project made a GitHub Actions runner (webhook WORKFLOW_JOB_QUEUED) acts as an agent's role: its admin grant fails synth, as `scan` reports it", () => {
  // CodeBuild User Guide, "Tutorial: Configure a CodeBuild-hosted GitHub Actions runner": any
  // workflow job whose runs-on names the project runs as its role, one an agent writes included.
  const build = (event: codebuild.EventAction) => {
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails();
    Aspects.of(app).add(guardrails);
    const stack = new Stack(new Stage(app, "Prod"), "Runners", { terminationProtection: true });
    const project = new codebuild.Project(stack, "Runner", {
      source: codebuild.Source.gitHub({ owner: "acme", repo: "app", webhook: true, webhookFilters: [codebuild.FilterGroup.inEventOf(event)] }),
    });
    project.role?.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess"));
    return synth(app, outdir, guardrails).messages.filter((m) => m.level === "error").map((m) => m.text.slice(0, m.text.indexOf("]") + 1));
  };
  expect(build(codebuild.EventAction.WORKFLOW_JOB_QUEUED).sort()).toEqual(["[agent-destructive-prod]", "[agent-privilege-escalation]"]);
  expect(build(codebuild.EventAction.PUSH)).toEqual([]);
});
