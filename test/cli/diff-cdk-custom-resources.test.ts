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
import { App, CfnJson, CfnParameter, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3n from "aws-cdk-lib/aws-s3-notifications";
import * as ssm from "aws-cdk-lib/aws-ssm";
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
