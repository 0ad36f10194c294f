/**
 * A resource of a stack in one Region referenced by a stack in another, with CDK's
 * `crossRegionReferences: true`: CDK writes the value into an SSM parameter from the producing
 * stack (`Custom::CrossRegionExportWriter`, `WriterProps.exports`) and reads it back in the
 * consuming one (`Custom::CrossRegionExportReader`), where a grant's resource becomes
 * `Fn::GetAtt [ExportsReader…, "/cdk/exports/<consumer>/…"]`. That value is the producing stack's
 * resource, as `Fn::ImportValue` of an export is.
 *
 * Input: aws-cdk-lib 2.276.0 synthesized in-process (class probes of ours). The shape is real:
 * aws-samples/remote-swe-agents @ 788c6c5d9f7bae7ed5f35f28baa8bc73748c2a00 (MIT-0; `cdk/bin/cdk.ts`:
 * `RemoteSweUsEast1Stack` and `RemoteSweStack`, both `crossRegionReferences: true`) writes a
 * policy of its main stack on `Fn::GetAtt [ExportsReader8B249524, "/cdk/exports/RemoteSweStack-…"]`
 * (its Lambda@Edge version, a read).
 * Expected before the first run:
 * - an agent role in `AgentDev` (us-east-1; `dev`, not production) given `bucket.grantDelete` on a
 *   bucket of `DataProd` (eu-west-1): agent-destructive-prod, as with both stacks in one Region.
 *   Before: nothing (the reader's value was read as a resource of AgentDev, which is no production
 *   stack): a development agent could delete a production bucket.
 * - with `production.accounts` and a put grant only (`bucket.grantPut`): no finding, as in one
 *   Region. Before: agent-privilege-escalation, `s3:PutObject` "on" the reader read as any bucket,
 *   CDK's asset buckets included.
 * - the consumer's template scanned without the producer's: the value stays unknown, and the
 *   delete grant is still reported (fail closed).
 * The same class without the reader: any custom resource's Ref or attribute is what its provider
 * returns (an AwsCustomResource's `getResponseField`), not a resource of the stack that reads it.
 */
import path from "node:path";
import { Aspects, CfnResource, RemovalPolicy, Stack, type App } from "aws-cdk-lib";
import * as agentcore from "aws-cdk-lib/aws-bedrockagentcore";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as cr from "aws-cdk-lib/custom-resources";
import { runScan } from "../../src/cli/scan-run.js";
import type { Finding } from "../../src/core/finding.js";
import { resolvePolicy } from "../../src/policy/load.js";
import type { UserConfig } from "../../src/policy/schema.js";
import { aspectAndScan } from "./aspect-scan.js";
import { newApp } from "./apps.js";
import { AgentGuardrails } from "../../src/cdk/index.js";

const ACCOUNT = "111111111111";
const agentErrors = (findings: Finding[]): string[] =>
  findings.filter((f) => f.rule.startsWith("agent-") && f.severity === "error" && !f.suppressed).map((f) => `${f.rule} ${f.subject}: ${f.message}`).sort();

function app(dataRegion: string, grant: "delete" | "put", names = { data: "DataProd", agent: "AgentDev" }) {
  return (a: App): void => {
    const data = new Stack(a, names.data, { env: { account: ACCOUNT, region: dataRegion }, terminationProtection: true, crossRegionReferences: true });
    const bucket = new s3.Bucket(data, "Uploads", { removalPolicy: RemovalPolicy.RETAIN });
    const agent = new Stack(a, names.agent, { env: { account: ACCOUNT, region: "us-east-1" }, terminationProtection: true, crossRegionReferences: true });
    const role = new iam.Role(agent, "RuntimeRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
    if (grant === "delete") bucket.grantDelete(role);
    else bucket.grantPut(role);
  };
}

describe("a grant on a resource of a stack in another Region (crossRegionReferences)", () => {
  test("a development agent's delete grant on a production bucket: reported, as within one Region", async () => {
    const config: UserConfig = {};
    const same = await aspectAndScan(app("us-east-1", "delete"), config, agentErrors);
    const cross = await aspectAndScan(app("eu-west-1", "delete"), config, agentErrors);
    expect(same).toHaveLength(1);
    expect(cross).toHaveLength(1);
    expect(cross[0]).toMatch(/^agent-destructive-prod AgentDev\/RuntimeRole\w+: .*s3:DeleteObject.* on AWS::S3::Bucket Uploads\w+ of stack DataProd/);
  });

  test("a put grant on a production account's bucket: no escalation, as within one Region", async () => {
    const config: UserConfig = { production: { accounts: [ACCOUNT] } };
    expect(await aspectAndScan(app("us-east-1", "put", { data: "Data", agent: "Agent" }), config, agentErrors)).toEqual([]);
    expect(await aspectAndScan(app("eu-west-1", "put", { data: "Data", agent: "Agent" }), config, agentErrors)).toEqual([]);
  });

  test("the consuming stack's template alone (no writer in the input): the value is unknown and the delete stays reported", async () => {
    const { app: a, outdir } = newApp();
    app("eu-west-1", "delete")(a);
    Aspects.of(a).add(new AgentGuardrails({ config: {} }));
    a.synth();
    const scan = await runScan([path.join(outdir, "AgentDev.template.json")], resolvePolicy({}));
    expect(scan.errors).toEqual([]);
    expect(agentErrors(scan.findings)).toEqual([expect.stringMatching(/^agent-destructive-prod AgentDev\/RuntimeRole\w+: .*s3:DeleteObject/)]);
  });
});

describe("a role of a stack in another Region (crossRegionReferences)", () => {
  // Expected before the first run (production.accounts): a role of the Roles stack (us-east-1,
  // trusting Lambda, no agent's name) that an AgentCore runtime of the Runtime stack runs as, and
  // that its own stack gives table.grantFullAccess: agent-destructive-prod on the role, as when both
  // stacks are in one Region. Before: nothing (the runtime named the role through the reader, which
  // linked to no role). And the agent role given DeleteTable by an iam.Policy of a stack in another
  // Region (`roles: [role]`): the error on that role; a Lambda function's role so granted: nothing.
  // Before: both on a stand-in, "role named *" (fail closed, so the Lambda's a false alarm).
  const config: UserConfig = { production: { accounts: [ACCOUNT] } };
  function runtimeApp(runtimeRegion: string) {
    return (a: App): void => {
      const roles = new Stack(a, "Roles", { env: { account: ACCOUNT, region: "us-east-1" }, terminationProtection: true, crossRegionReferences: true });
      const role = new iam.Role(roles, "OrdersExec", { assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com") });
      const table = new dynamodb.Table(roles, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN });
      table.grantFullAccess(role);
      const runtime = new Stack(a, "Runtime", { env: { account: ACCOUNT, region: runtimeRegion }, terminationProtection: true, crossRegionReferences: true });
      new agentcore.CfnRuntime(runtime, "Agent", {
        agentRuntimeName: "orders",
        roleArn: role.roleArn,
        agentRuntimeArtifact: { containerConfiguration: { containerUri: `${ACCOUNT}.dkr.ecr.${runtimeRegion}.amazonaws.com/orders:1` } },
        networkConfiguration: { networkMode: "PUBLIC" },
      });
    };
  }

  test("an agent runtime running as another Region's role makes it the agent's", async () => {
    const same = await aspectAndScan(runtimeApp("us-east-1"), config, agentErrors);
    const cross = await aspectAndScan(runtimeApp("eu-west-1"), config, agentErrors);
    expect(same).toEqual([expect.stringMatching(/^agent-destructive-prod Roles\/OrdersExec\w+: .*dynamodb:DeleteTable/)]);
    expect(cross).toEqual(same);
  });

  test("a policy of a stack in another Region on a role: judged as that role (an agent's: the error; a Lambda function's: nothing)", async () => {
    const build = (service: string) => (a: App): void => {
      const roles = new Stack(a, "Roles", { env: { account: ACCOUNT, region: "us-east-1" }, terminationProtection: true, crossRegionReferences: true });
      const role = new iam.Role(roles, "OrdersExec", { assumedBy: new iam.ServicePrincipal(service) });
      const data = new Stack(a, "Data", { env: { account: ACCOUNT, region: "eu-west-1" }, terminationProtection: true, crossRegionReferences: true });
      const table = new dynamodb.Table(data, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN });
      new iam.Policy(data, "OrdersAdmin", { roles: [role], statements: [new iam.PolicyStatement({ actions: ["dynamodb:DeleteTable"], resources: [table.tableArn] })] });
    };
    expect(await aspectAndScan(build("bedrock-agentcore.amazonaws.com"), config, agentErrors)).toEqual([
      expect.stringMatching(/^agent-destructive-prod Roles\/OrdersExec\w+: .*dynamodb:DeleteTable on AWS::DynamoDB::Table Orders\w+ of stack Data/),
    ]);
    expect(await aspectAndScan(build("lambda.amazonaws.com"), config, agentErrors)).toEqual([]);
  });
});

describe("a grant on a value a custom resource returns", () => {
  // The same class without the cross-Region reader: an AwsCustomResource that looks a table up
  // (DescribeTable of the production table, by its name) in a development stack, its
  // `getResponseField("Table.TableArn")` given to the agent. The ARN is whatever the call returns,
  // here a production table: expected reported. Before: judged a resource of AgentDev (no
  // production stack), so nothing.
  test("an AwsCustomResource's response field is no resource of the reading stack: the delete grant is reported", async () => {
    const build = (a: App): void => {
      const stack = new Stack(a, "AgentDev", { env: { account: ACCOUNT, region: "us-east-1" }, terminationProtection: true });
      const lookup = new cr.AwsCustomResource(stack, "OrdersTable", {
        onUpdate: { service: "DynamoDB", action: "describeTable", parameters: { TableName: "orders-prod" }, physicalResourceId: cr.PhysicalResourceId.of("orders-prod") },
        policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      });
      const role = new iam.Role(stack, "RuntimeRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
      role.addToPolicy(new iam.PolicyStatement({ actions: ["dynamodb:DeleteItem"], resources: [lookup.getResponseField("Table.TableArn")] }));
    };
    expect(await aspectAndScan(build, {}, agentErrors)).toEqual([expect.stringMatching(/^agent-destructive-prod AgentDev\/RuntimeRole\w+: .*dynamodb:DeleteItem/)]);
  });

  test("a custom resource's own Arn stays the resource it manages in its stack (CDK's EKS cluster is one): a development stack's, no finding", async () => {
    const build = (a: App): void => {
      const stack = new Stack(a, "AgentDev", { env: { account: ACCOUNT, region: "us-east-1" }, terminationProtection: true });
      const cluster = new CfnResource(stack, "Cluster", { type: "Custom::AWSCDK-EKS-Cluster", properties: { ServiceToken: "arn:aws:lambda:us-east-1:111111111111:function:provider" } });
      const role = new iam.Role(stack, "RuntimeRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
      role.addToPolicy(new iam.PolicyStatement({ actions: ["eks:DeleteCluster"], resources: [cluster.getAtt("Arn").toString()] }));
    };
    expect(await aspectAndScan(build, {}, agentErrors)).toEqual([]);
  });
});
