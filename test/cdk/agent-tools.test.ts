/**
 * The Aspect and `scan` judge an agent's tools alike (src/core/cfn/agent-tools.ts): a Lambda
 * function a Bedrock agent's action group runs acts as its role with the agent's inputs. Real
 * `aws-cdk-lib` synth, in-process.
 */
import { Aspects, Stack, Stage } from "aws-cdk-lib";
import * as bedrock from "aws-cdk-lib/aws-bedrock";
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
