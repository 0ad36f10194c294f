/**
 * The replacement gate on a static site (real `aws-cdk-lib` synth, in-process): BucketDeployment's
 * `Custom::CDKBucketDeployment` changes its source objects with every build. Its handler copies the
 * source into the same destination (aws-s3-deployment), so that update passes; a new destination,
 * or `prune` turned on (both decide what is deleted), still fails closed, as does any other
 * custom resource. Before, every content change of every CDK static site failed the gate.
 * Verdicts written from the construct's documentation before running.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, CustomResource, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as deploy from "aws-cdk-lib/aws-s3-deployment";
import { gate as runGate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-site-"));

/** A cdk.out of the site stack with `html` as its content. */
function synth(name: string, html: string, options: { prefix?: string; other?: string; prune?: boolean } = {}): string {
  const site = path.join(work, `${name}-site`);
  mkdirSync(site, { recursive: true });
  writeFileSync(path.join(site, "index.html"), html);
  const outdir = path.join(work, `${name}.out`);
  const app = new App({ outdir });
  const stack = new Stack(app, "WebsiteProd", { terminationProtection: true });
  const bucket = new s3.Bucket(stack, "Site", { removalPolicy: RemovalPolicy.RETAIN });
  new deploy.BucketDeployment(stack, "Deploy", { sources: [deploy.Source.asset(site)], destinationBucket: bucket, ...(options.prefix ? { destinationKeyPrefix: options.prefix } : {}), ...(options.prune !== undefined ? { prune: options.prune } : {}) });
  if (options.other) new CustomResource(stack, "Seed", { serviceToken: "arn:aws:lambda:eu-west-1:111111111111:function:seed", properties: { Version: options.other } });
  app.synth();
  return outdir;
}

const gate = (base: string, head: string) => runGate(work, base, head);

const v1 = synth("v1", "<h1>Orders</h1>", { other: "1" });

test("new site content (new source objects): the deployment copies them into the same bucket, the gate passes", async () => {
  const { code, out } = await gate(v1, synth("v2", "<h1>Orders, now with search</h1>", { other: "1" }));
  expect(out.errors).toEqual([]);
  expect(out.findings).toEqual([]);
  expect(code).toBe(0);
});

test("a new destination prefix: what happens to the old one's files is the handler's, so it fails closed", async () => {
  const { code, out } = await gate(v1, synth("moved", "<h1>Orders</h1>", { prefix: "app/", other: "1" }));
  expect(code).toBe(1);
  expect(out.findings.map((f) => [f.severity, f.subject.split("/").pop()?.replace(/[0-9A-F]{8}$/, "")])).toEqual([["error", "DeployCustomResource"]]);
  expect(out.findings[0]?.message).toContain("whose handler CloudFormation cannot describe");
});

test("prune turned on (it decides what is deleted at the destination): fails closed", async () => {
  const noPrune = synth("keep", "<h1>Orders</h1>", { other: "1", prune: false });
  const { code, out } = await gate(noPrune, synth("prune", "<h1>Orders</h1>", { other: "1", prune: true }));
  expect(code).toBe(1);
  expect(out.findings.map((f) => f.subject.split("/").pop()?.replace(/[0-9A-F]{8}$/, ""))).toEqual(["DeployCustomResource"]);
});

test("any other custom resource changed still fails closed", async () => {
  const { code, out } = await gate(v1, synth("seed2", "<h1>Orders</h1>", { other: "2" }));
  expect(code).toBe(1);
  expect(out.findings.map((f) => f.subject.split("/").pop())).toEqual(["Seed"]);
});
