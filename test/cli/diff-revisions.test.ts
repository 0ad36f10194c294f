/**
 * Resources made anew for each revision (policies/destructive-actions.yaml
 * `revisionResourceTypes`) in the replacement gate, on real `aws-cdk-lib` synths in-process. CDK
 * gives a RestApi's deployment a new logical id whenever the API changes, and an ECS task
 * definition is replaced by a new revision whenever its containers change: both were errors, so
 * every API or image change failed the gate. Verdicts written from the CDK and CloudFormation
 * documentation before running.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigateway";
import * as autoscaling from "aws-cdk-lib/aws-autoscaling";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { gate as runGate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-revisions-"));

function synth(name: string, variant: { customers?: boolean; image?: string; tableKey?: string }): string {
  const outdir = path.join(work, name);
  const app = new App({ outdir });
  const stack = new Stack(app, "OrdersProd", { terminationProtection: true });
  const fn = new lambda.Function(stack, "Handler", { runtime: lambda.Runtime.NODEJS_22_X, handler: "index.handler", code: lambda.Code.fromInline("exports.handler = async () => ({ statusCode: 200 });") });
  const api = new apigw.RestApi(stack, "Api");
  api.root.addResource("orders").addMethod("GET", new apigw.LambdaIntegration(fn));
  if (variant.customers) api.root.addResource("customers").addMethod("GET", new apigw.LambdaIntegration(fn));
  const task = new ecs.FargateTaskDefinition(stack, "Worker");
  task.addContainer("worker", { image: ecs.ContainerImage.fromRegistry(variant.image ?? "public.ecr.aws/docker/library/busybox:1.36"), memoryLimitMiB: 512 });
  new dynamodb.Table(stack, "Orders", { partitionKey: { name: variant.tableKey ?? "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
  app.synth();
  return outdir;
}

const gate = (base: string, head: string) => runGate(work, base, head);

const base = synth("base.out", {});

test("a new API method: the old deployment is removed as a revision (a note), the gate passes", async () => {
  const { code, out } = await gate(base, synth("api.out", { customers: true }));
  expect(out.errors).toEqual([]);
  expect(out.findings.map((f) => [f.severity, f.subject])).toEqual([["note", expect.stringMatching(/^OrdersProd\/ApiDeployment[0-9A-Za-z]+$/)]]);
  expect(out.findings[0]?.message).toContain("would be removed: a revision of something else");
  expect(code).toBe(0);
});

test("a new container image: the task definition is replaced by a new revision (a note), the gate passes", async () => {
  const { code, out } = await gate(base, synth("image.out", { image: "public.ecr.aws/docker/library/busybox:1.37" }));
  expect(out.findings.map((f) => [f.severity, f.subject])).toEqual([["note", expect.stringMatching(/^OrdersProd\/Worker[0-9A-F]{8}$/)]]);
  expect(out.findings[0]?.message).toContain("would be replaced: a revision of something else");
  expect(code).toBe(0);
});

test("a replaced table beside them still fails the gate", async () => {
  const { code, out } = await gate(base, synth("table.out", { customers: true, tableKey: "orderId" }));
  expect(code).toBe(1);
  expect(out.findings.filter((f) => f.severity === "error").map((f) => f.subject)).toEqual([expect.stringMatching(/^OrdersProd\/Orders/)]);
});

/**
 * An AutoScalingGroup on a launch configuration (CDK's default without the feature flag
 * `@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig`): a launch configuration
 * cannot be updated, so every change to it (new user data, a new instance type) replaces it, the
 * group moves to the new one, and the old one is deleted (CloudFormation User Guide,
 * AWS::AutoScaling::LaunchConfiguration: every property "Update requires: Replacement"). It holds
 * no data. Expected before running: a note for the launch configuration, the group updated in
 * place, exit 0. Before, every user-data change of such a group failed the gate.
 */
test("new user data for an AutoScalingGroup: its launch configuration is replaced as a revision (a note), the gate passes", async () => {
  const asg = (name: string, userData: string): string => {
    const outdir = path.join(work, name);
    const app = new App({ outdir, context: { "@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig": false } });
    const stack = new Stack(app, "WorkersProd");
    const vpc = new ec2.Vpc(stack, "Vpc", { maxAzs: 2, natGateways: 0 });
    const group = new autoscaling.AutoScalingGroup(stack, "Workers", { vpc, instanceType: new ec2.InstanceType("t3.micro"), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
    group.addUserData(userData);
    app.synth();
    return outdir;
  };
  const { code, out } = await gate(asg("asg-base.out", "echo one"), asg("asg-head.out", "echo two"));
  expect(out.errors).toEqual([]);
  expect(out.findings.map((f) => [f.severity, f.subject])).toEqual([["note", expect.stringMatching(/^WorkersProd\/WorkersLaunchConfig[0-9A-F]{8}$/)]]);
  expect(code).toBe(0);
});
