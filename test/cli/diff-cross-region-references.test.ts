/**
 * The replacement gate on a CDK app with `crossRegionReferences` (real `aws-cdk-lib` synth,
 * in-process): a Lambda@Edge-style function in us-east-1 whose current version a stack in
 * eu-west-1 reads. A code change makes a new version, so the producer's
 * `Custom::CrossRegionExportWriter` exports another value and the consumer's
 * `Custom::CrossRegionExportReader` imports it. Their handlers (aws-cdk-lib,
 * custom-resource-handlers/lib/core/cross-region-ssm-writer-handler and -reader-handler,
 * Apache-2.0) read: on Update the writer fails the deploy when an exported value changes or a
 * removed export is still read, otherwise puts and deletes only its /cdk/exports/ SSM parameters;
 * the reader only tags and untags those. So the change is in place: it passes (before, both failed
 * as unknown custom resources on every code change). The old version's removal stays a note (a
 * revision). A new handler for the writer still fails closed. Verdicts written before running.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Stack } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as ssm from "aws-cdk-lib/aws-ssm";
import { gate as runGate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-xregion-"));
const ACCOUNT = "111111111111";

function synth(name: string, code: string, options: { writerHandler?: string } = {}): string {
  const outdir = path.join(work, `${name}.out`);
  const app = new App({ outdir });
  const edge = new Stack(app, "EdgeProd", { env: { account: ACCOUNT, region: "us-east-1" }, crossRegionReferences: true, terminationProtection: true });
  const fn = new lambda.Function(edge, "ViewerRequest", { runtime: lambda.Runtime.NODEJS_22_X, handler: "index.handler", code: lambda.Code.fromInline(code) });
  const web = new Stack(app, "WebProd", { env: { account: ACCOUNT, region: "eu-west-1" }, crossRegionReferences: true, terminationProtection: true });
  new ssm.StringParameter(web, "ViewerRequestVersion", { stringValue: fn.currentVersion.functionArn });
  app.synth();
  if (options.writerHandler) {
    // Another handler behind the writer (CDK adds the writer while it synthesizes, so the
    // template is edited): what that handler does on Update is not aws-cdk-lib's to say.
    const file = path.join(outdir, "EdgeProd.template.json");
    const template = JSON.parse(readFileSync(file, "utf8")) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const writers = Object.values(template.Resources).filter((r) => r.Type === "Custom::CrossRegionExportWriter");
    expect(writers).toHaveLength(1);
    for (const writer of writers) writer.Properties["ServiceToken"] = options.writerHandler;
    writeFileSync(file, JSON.stringify(template, null, 1));
  }
  return outdir;
}

const gate = (base: string, head: string) => runGate(work, base, head);
const base = synth("base", "exports.handler = async (e) => e.Records[0].cf.request;");

test("a code change exports the function's new version across regions: the writer and reader change in place, and the gate passes", async () => {
  const { code, out } = await gate(base, synth("code-change", "exports.handler = async (e) => { const r = e.Records[0].cf.request; r.uri = r.uri.toLowerCase(); return r; };"));
  expect(out.errors).toEqual([]);
  expect(out.findings.filter((f) => f.severity !== "note")).toEqual([]);
  // The old version's removal is reported as what it is: a revision.
  expect(out.findings.map((f) => [f.severity, f.subject.split("/")[0]])).toEqual([["note", "EdgeProd"]]);
  expect(code).toBe(0);
});

test("a writer behind another handler still fails closed", async () => {
  const { code, out } = await gate(base, synth("other-handler", "exports.handler = async (e) => e.Records[0].cf.request;", { writerHandler: "arn:aws:lambda:us-east-1:111111111111:function:export-writer" }));
  expect(code).toBe(1);
  expect(out.findings.filter((f) => f.severity === "error").map((f) => f.message)).toEqual([expect.stringMatching(/Custom::CrossRegionExportWriter .* whose handler CloudFormation cannot describe/)]);
});
