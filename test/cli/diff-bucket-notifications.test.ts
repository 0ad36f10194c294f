/**
 * The replacement gate on a bucket's event notifications (real `aws-cdk-lib` synth, in-process):
 * `bucket.addEventNotification` makes aws-cdk-lib's `Custom::S3BucketNotifications`, whose handler
 * (aws-cdk-lib, custom-resource-handlers/lib/aws-s3/notifications-resource-handler, Apache-2.0) on
 * Update puts the bucket's notification configuration and nothing else. A new prefix filter for the
 * function's events is in place: it passes (before, it failed as an unknown custom resource). The
 * bucket itself is unchanged. Another handler still fails closed. Verdicts written before running.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3n from "aws-cdk-lib/aws-s3-notifications";
import { gate as runGate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-s3notify-"));

function synth(name: string, prefix: string, options: { handler?: string } = {}): string {
  const outdir = path.join(work, `${name}.out`);
  const app = new App({ outdir });
  const stack = new Stack(app, "UploadsProd", { env: { account: "111111111111", region: "eu-west-1" }, terminationProtection: true });
  const bucket = new s3.Bucket(stack, "Uploads", { removalPolicy: RemovalPolicy.RETAIN });
  const thumbnails = new lambda.Function(stack, "Thumbnails", { runtime: lambda.Runtime.NODEJS_22_X, handler: "index.handler", code: lambda.Code.fromInline("exports.handler = async () => 'ok';") });
  bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(thumbnails), { prefix });
  app.synth();
  if (options.handler) {
    const file = path.join(outdir, "UploadsProd.template.json");
    const template = JSON.parse(readFileSync(file, "utf8")) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const notifications = Object.values(template.Resources).filter((r) => r.Type === "Custom::S3BucketNotifications");
    expect(notifications).toHaveLength(1);
    for (const resource of notifications) resource.Properties["ServiceToken"] = options.handler;
    writeFileSync(file, JSON.stringify(template, null, 1));
  }
  return outdir;
}

const gate = (base: string, head: string) => runGate(work, base, head);
const base = synth("base", "uploads/");

test("a new prefix filter on the bucket's notifications is set in place: the gate passes", async () => {
  const { code, out } = await gate(base, synth("prefix", "incoming/"));
  expect(out.errors).toEqual([]);
  expect(out.findings).toEqual([]);
  expect(code).toBe(0);
});

test("the notifications behind another handler still fail closed", async () => {
  const { code, out } = await gate(base, synth("other-handler", "uploads/", { handler: "arn:aws:lambda:eu-west-1:111111111111:function:notify" }));
  expect(code).toBe(1);
  expect(out.findings.map((f) => f.message)).toEqual([expect.stringMatching(/Custom::S3BucketNotifications .* whose handler CloudFormation cannot describe/)]);
});
