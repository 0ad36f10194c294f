/**
 * The replacement gate on aws-cdk-lib's own custom resources whose update is known (real
 * `aws-cdk-lib` synth, in-process). Each handler was read in aws-cdk-lib's
 * custom-resource-handlers (Apache-2.0):
 *   - crossRegionReferences: `Custom::CrossRegionExportWriter` (cross-region-ssm-writer-handler)
 *     fails the deploy when an exported value changes or a removed export is still read, otherwise
 *     puts and deletes only its /cdk/exports/ SSM parameters; `Custom::CrossRegionExportReader`
 *     (cross-region-ssm-reader-handler) only tags and untags them;
 *   - CfnJson: `Custom::AWSCDKCfnJson` (cfn-utils-provider) only parses `Value` and returns it;
 *   - `bucket.addEventNotification`: `Custom::S3BucketNotifications`
 *     (aws-s3/notifications-resource-handler) only puts the bucket's notification configuration;
 *   - `cloudfront.experimental.EdgeFunction` outside us-east-1:
 *     `Custom::CrossRegionStringParameterReader` (aws-cloudfront/edge-function) only reads the
 *     function's ARN from SSM, its `RefreshToken` new with each version.
 * An ordinary change of each (a Lambda@Edge code change exported to another region or read by an
 * EdgeFunction, a renamed EKS service account in a trust condition, a new prefix filter) is in
 * place and passes; before, each
 * failed as an unknown custom resource. The same resource behind another handler fails closed.
 * Verdicts written before running.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, CfnJson, CfnParameter, Fn, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3n from "aws-cdk-lib/aws-s3-notifications";
import * as ssm from "aws-cdk-lib/aws-ssm";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { CustomResource, NestedStack, Tags } from "aws-cdk-lib";
import * as cr from "aws-cdk-lib/custom-resources";
import * as opensearch from "aws-cdk-lib/aws-opensearchservice";
import { gate as runGate, withOtherHandler } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-cdk-custom-"));
const env = { account: "111111111111", region: "eu-west-1" };
const inline = (body: string) => lambda.Code.fromInline(`exports.handler = async (e) => ${body};`);

interface Scenario {
  name: string;
  /** The resource type whose handler the fail-closed case replaces, and the template that holds it. */
  type: string;
  template: string;
  /** The app, in its base or head version. */
  build(app: App, head: boolean): void;
}

const SCENARIOS: Scenario[] = [
  {
    name: "crossRegionReferences: a Lambda@Edge code change exports the function's new version to another region",
    type: "Custom::CrossRegionExportWriter",
    template: "EdgeProd.template.json",
    build(app, head) {
      const edge = new Stack(app, "EdgeProd", { env: { ...env, region: "us-east-1" }, crossRegionReferences: true, terminationProtection: true });
      const fn = new lambda.Function(edge, "ViewerRequest", { runtime: lambda.Runtime.NODEJS_22_X, handler: "index.handler", code: inline(head ? "({ ...e.Records[0].cf.request, uri: '/v2' })" : "e.Records[0].cf.request") });
      const web = new Stack(app, "WebProd", { env, crossRegionReferences: true, terminationProtection: true });
      new ssm.StringParameter(web, "ViewerRequestVersion", { stringValue: fn.currentVersion.functionArn });
    },
  },
  {
    name: "CfnJson: an EKS service account's role, its trust condition keyed by the OIDC issuer, for a renamed service account",
    type: "Custom::AWSCDKCfnJson",
    template: "OrdersProd.template.json",
    build(app, head) {
      const stack = new Stack(app, "OrdersProd", { env, terminationProtection: true });
      const issuer = new CfnParameter(stack, "OidcIssuer", { type: "String" }).valueAsString;
      const condition = new CfnJson(stack, "ServiceAccountCondition", {
        value: { [`${issuer}:sub`]: `system:serviceaccount:orders:${head ? "api-v2" : "api"}`, [`${issuer}:aud`]: "sts.amazonaws.com" },
      });
      new iam.Role(stack, "OrdersApiRole", { assumedBy: new iam.FederatedPrincipal(`arn:aws:iam::111111111111:oidc-provider/${issuer}`, { StringEquals: condition }, "sts:AssumeRoleWithWebIdentity") });
    },
  },
  {
    name: "cloudfront.experimental.EdgeFunction outside us-east-1: a code change makes a new version, read again across regions",
    type: "Custom::CrossRegionStringParameterReader",
    template: "WebProd.template.json",
    build(app, head) {
      const web = new Stack(app, "WebProd", { env, terminationProtection: true });
      const edge = new cloudfront.experimental.EdgeFunction(web, "ViewerRequest", { runtime: lambda.Runtime.NODEJS_22_X, handler: "index.handler", code: inline(head ? "({ ...e.Records[0].cf.request, uri: '/v2' })" : "e.Records[0].cf.request") });
      new ssm.StringParameter(web, "ViewerRequestVersion", { stringValue: edge.currentVersion.edgeArn });
    },
  },
  {
    name: "bucket.addEventNotification: a new prefix filter for the function's events",
    type: "Custom::S3BucketNotifications",
    template: "UploadsProd.template.json",
    build(app, head) {
      const stack = new Stack(app, "UploadsProd", { env, terminationProtection: true });
      const bucket = new s3.Bucket(stack, "Uploads", { removalPolicy: RemovalPolicy.RETAIN });
      const thumbnails = new lambda.Function(stack, "Thumbnails", { runtime: lambda.Runtime.NODEJS_22_X, handler: "index.handler", code: inline("'ok'") });
      bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(thumbnails), { prefix: head ? "incoming/" : "uploads/" });
    },
  },
];

let synths = 0;
function synth(scenario: Scenario, head: boolean, otherHandler?: string): string {
  const outdir = path.join(work, `${synths++}.out`);
  const app = new App({ outdir });
  scenario.build(app, head);
  app.synth();
  if (otherHandler) withOtherHandler(path.join(outdir, scenario.template), scenario.type, otherHandler);
  return outdir;
}

describe.each(SCENARIOS)("$type", (scenario) => {
  const base = synth(scenario, false);

  test(`${scenario.name}: in place, the gate passes`, async () => {
    const { code, out } = await runGate(work, base, synth(scenario, true));
    expect(out.errors).toEqual([]);
    // A Lambda version left behind is a revision: a note, not a failure.
    expect(out.findings.filter((f) => f.severity !== "note")).toEqual([]);
    expect(code).toBe(0);
  });

  test("behind another handler it fails closed", async () => {
    const { code, out } = await runGate(work, base, synth(scenario, false, "arn:aws:lambda:eu-west-1:111111111111:function:other"));
    expect(code).toBe(1);
    expect(out.findings.filter((f) => f.severity === "error").map((f) => f.message)).toEqual([expect.stringMatching(new RegExp(`^${scenario.type} .* whose handler CloudFormation cannot describe`))]);
  });
});

/**
 * AwsCustomResource: its handler makes the SDK call written in the template when CloudFormation
 * creates, updates or deletes it, so a resource the pull request only adds can delete production.
 * One app, its base and head synthesized once; verdicts written before running:
 *   - OrdersProd adds DropLegacy (onCreate `DynamoDB.deleteTable` on `orders-legacy`): error, at its Create;
 *   - OrdersProd adds VpcEndpoints (`resourceType: Custom::VpcEndpointLookup`, `EC2.describeVpcEndpoints`): pass;
 *   - OrdersProd's ReadConfig (`SSM.getParameter`) reads another parameter: pass (before: an
 *     unknown custom resource's change, fail closed);
 *   - OrdersProd removes Seed (putItem, no onDelete): nothing is deleted: pass; removes Cleanup
 *     (onDelete `S3.deleteBucket`): error, at the base's Delete;
 *   - OrdersProd adds a custom resource on its own Provider (Custom::Seeder): a warning;
 *   - AuditProd, a new stack, turns off the deletion protection of `orders-cluster`
 *     (`RDS.modifyDBCluster`, T2): error;
 *   - OrdersDev (non-production) deletes its own scratch table: pass; deletes `orders-prod`: error;
 *   - OrdersProd adds a nested stack Cleanup whose AwsCustomResource deletes `orders`: error, in the nested template;
 *   - OrdersProd adds an OpenSearch Domain with access policies: aws-cdk-lib writes them as an
 *     AwsCustomResource (Custom::OpenSearchAccessPolicy, `OpenSearch.updateDomainConfig`, T2) on
 *     the new domain: nothing that exists is touched, a note (before this round's second fix: an error);
 *   - OrdersProd adds `DynamoDB.describeTable` lookups whose TableName CloudFormation fills into
 *     the call's JSON text: a CfnParameter's value, an import, ReadConfig's answer: each may close
 *     the string and write `"action":"deleteTable"` (the handler's JSON.parse keeps the last key):
 *     errors at their Create (before: passed as lookups); on the table's own Ref: pass.
 */
describe("AwsCustomResource: the calls its handler makes", () => {
  const policy = cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE });
  const build = (app: App, head: boolean): void => {
    const orders = new Stack(app, "OrdersProd", { env, terminationProtection: true });
    const table = new dynamodb.Table(orders, "Orders", { partitionKey: { name: "id", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN });
    const read = { service: "SSM", action: "getParameter", parameters: { Name: head ? "/orders/v2/config" : "/orders/config" }, physicalResourceId: cr.PhysicalResourceId.fromResponse("Parameter.ARN") };
    const readConfig = new cr.AwsCustomResource(orders, "ReadConfig", { onUpdate: read, policy, installLatestAwsSdk: false });
    if (!head) {
      new cr.AwsCustomResource(orders, "Seed", { onCreate: { service: "DynamoDB", action: "putItem", parameters: { TableName: table.tableName, Item: { id: { S: "1" } } }, physicalResourceId: cr.PhysicalResourceId.of("seed") }, policy, installLatestAwsSdk: false });
      new cr.AwsCustomResource(orders, "Cleanup", { onDelete: { service: "S3", action: "deleteBucket", parameters: { Bucket: "orders-archive" } }, policy, installLatestAwsSdk: false });
    } else {
      new cr.AwsCustomResource(orders, "DropLegacy", { onCreate: { service: "DynamoDB", action: "deleteTable", parameters: { TableName: "orders-legacy" }, physicalResourceId: cr.PhysicalResourceId.of("dropped") }, policy, installLatestAwsSdk: false });
      const describe = (id: string, tableName: string): void => {
        new cr.AwsCustomResource(orders, id, { onCreate: { service: "DynamoDB", action: "describeTable", parameters: { TableName: tableName }, physicalResourceId: cr.PhysicalResourceId.of(id) }, policy, installLatestAwsSdk: false });
      };
      describe("DescribeByParameter", new CfnParameter(orders, "LegacyTableName", { type: "String" }).valueAsString);
      describe("DescribeImported", Fn.importValue("OrdersTableName"));
      describe("DescribeFromLookup", readConfig.getResponseField("Parameter.Value"));
      describe("DescribeOrders", table.tableName);
      new cr.AwsCustomResource(orders, "VpcEndpoints", { resourceType: "Custom::VpcEndpointLookup", onUpdate: { service: "EC2", action: "describeVpcEndpoints", physicalResourceId: cr.PhysicalResourceId.of("endpoints") }, policy, installLatestAwsSdk: false });
      new opensearch.Domain(orders, "Search", {
        version: opensearch.EngineVersion.OPENSEARCH_2_11,
        capacity: { dataNodes: 1, multiAzWithStandbyEnabled: false },
        removalPolicy: RemovalPolicy.RETAIN,
        accessPolicies: [new iam.PolicyStatement({ actions: ["es:ESHttpGet"], principals: [new iam.AccountRootPrincipal()], resources: ["*"] })],
      });
      const seeder = new lambda.Function(orders, "SeederFn", { runtime: lambda.Runtime.NODEJS_22_X, handler: "index.handler", code: inline("({})") });
      new CustomResource(orders, "Seeder", { serviceToken: new cr.Provider(orders, "SeederProvider", { onEventHandler: seeder }).serviceToken, resourceType: "Custom::Seeder" });
      const cleanup = new NestedStack(orders, "Cleanup");
      new cr.AwsCustomResource(cleanup, "Drop", { onCreate: { service: "DynamoDB", action: "deleteTable", parameters: { TableName: "orders" }, physicalResourceId: cr.PhysicalResourceId.of("x") }, policy, installLatestAwsSdk: false });
      const audit = new Stack(app, "AuditProd", { env, terminationProtection: true });
      new cr.AwsCustomResource(audit, "Unprotect", { onCreate: { service: "RDS", action: "modifyDBCluster", parameters: { DBClusterIdentifier: "orders-cluster", DeletionProtection: false }, physicalResourceId: cr.PhysicalResourceId.of("unprotect") }, policy, installLatestAwsSdk: false });
    }
    const dev = new Stack(app, "OrdersDev", { env });
    Tags.of(dev).add("Environment", "dev");
    const scratch = new dynamodb.Table(dev, "Scratch", { partitionKey: { name: "id", type: dynamodb.AttributeType.STRING } });
    if (head) {
      new cr.AwsCustomResource(dev, "DropScratch", { onCreate: { service: "DynamoDB", action: "deleteTable", parameters: { TableName: scratch.tableName }, physicalResourceId: cr.PhysicalResourceId.of("x") }, policy, installLatestAwsSdk: false });
      new cr.AwsCustomResource(dev, "DropProd", { onCreate: { service: "DynamoDB", action: "deleteTable", parameters: { TableName: "orders-prod" }, physicalResourceId: cr.PhysicalResourceId.of("y") }, policy, installLatestAwsSdk: false });
    }
  };
  const outOf = (head: boolean): string => {
    const outdir = path.join(work, `${synths++}.out`);
    const app = new App({ outdir });
    build(app, head);
    app.synth();
    return outdir;
  };

  test("destructive calls fail where they are written; lookups, a changed lookup and a removal that deletes nothing pass", async () => {
    const { code, out } = await runGate(work, outOf(false), outOf(true));
    expect(out.errors).toEqual([]);
    // Logical ids without CDK's hash; evidence as file#pointer.
    const id = (text: string): string => text.replace(/[0-9A-F]{8}(?=$|\/)/g, "");
    const found = out.findings.filter((f) => f.severity !== "note").map((f) => [f.severity, id(f.subject), f.evidence.map((e) => id(`${path.basename(e.file ?? "")}#${e.pointer}`)).join(" ")]);
    expect(found.sort()).toEqual([
      ["error", "AuditProd/Unprotect", "AuditProd.template.json#/Resources/Unprotect/Properties/Create"],
      ["error", "OrdersDev/DropProd", "OrdersDev.template.json#/Resources/DropProd/Properties/Create"],
      ["error", "OrdersProd/Cleanup", "OrdersProd.template.json#/Resources/Cleanup/Properties/Delete"],
      // The IAM policy CDK writes beside each removed AwsCustomResource: a removed production resource, as any.
      ["error", "OrdersProd/CleanupCustomResourcePolicy", "OrdersProd.template.json#/Resources/CleanupCustomResourcePolicy"],
      ["error", "OrdersProd/CleanupNestedStackCleanupNestedStackResource/Drop", "OrdersProdCleanupC7502847.nested.template.json#/Resources/Drop/Properties/Create"],
      ["error", "OrdersProd/DescribeByParameter", "OrdersProd.template.json#/Resources/DescribeByParameter/Properties/Create"],
      ["error", "OrdersProd/DescribeFromLookup", "OrdersProd.template.json#/Resources/DescribeFromLookup/Properties/Create"],
      ["error", "OrdersProd/DescribeImported", "OrdersProd.template.json#/Resources/DescribeImported/Properties/Create"],
      ["error", "OrdersProd/DropLegacy", "OrdersProd.template.json#/Resources/DropLegacy/Properties/Create"],
      ["error", "OrdersProd/SeedCustomResourcePolicy", "OrdersProd.template.json#/Resources/SeedCustomResourcePolicy"],
      ["warning", "OrdersProd/Seeder", "OrdersProd.template.json#/Resources/Seeder"],
    ]);
    const message = (subject: string) => out.findings.find((f) => f.subject.startsWith(subject))?.message ?? "";
    expect(message("OrdersProd/DropLegacy")).toContain('its Create call DynamoDB.deleteTable {"TableName":"orders-legacy"} needs dynamodb:DeleteTable (T1 delete), when it is created (this change adds it)');
    expect(message("AuditProd/Unprotect")).toContain("needs rds:ModifyDBCluster (T2 protection off)");
    expect(message("OrdersProd/DescribeByParameter")).toContain("its Create call fills Ref LegacyTableName into the call's JSON text at deployment");
    expect(message("OrdersDev/DropProd")).toMatch(/^Custom::AWS DropProd\w+ in non-production stack OrdersDev /);
    expect(out.findings.filter((f) => f.severity === "note" && f.subject.startsWith("OrdersProd/SearchAccessPolicy")).map((f) => f.message.match(/acts only on (\w+), which this change creates/)?.[1])).toEqual([expect.stringMatching(/^Search[0-9A-F]{8}$/)]);
    expect(code).toBe(1);
  });
});
