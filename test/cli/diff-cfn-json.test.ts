/**
 * The replacement gate on aws-cdk-lib's CfnJson (real `aws-cdk-lib` synth, in-process): an EKS
 * service account's role whose trust condition is keyed by the cluster's OIDC issuer, a token, so
 * CDK writes the condition through a `Custom::AWSCDKCfnJson`. Its handler (aws-cdk-lib,
 * custom-resource-handlers/lib/core/cfn-utils-provider, Apache-2.0) only parses `Value` and returns
 * it: no API call. Renaming the service account changes that value and the role's trust policy in
 * place: it passes (before, the CfnJson failed as an unknown custom resource). Another handler
 * still fails closed. Verdicts written before running.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, CfnJson, CfnParameter, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { gate as runGate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-cfnjson-"));

function synth(name: string, serviceAccount: string, options: { handler?: string } = {}): string {
  const outdir = path.join(work, `${name}.out`);
  const app = new App({ outdir });
  const stack = new Stack(app, "OrdersProd", { env: { account: "111111111111", region: "eu-west-1" }, terminationProtection: true });
  const issuer = new CfnParameter(stack, "OidcIssuer", { type: "String" }).valueAsString;
  const condition = new CfnJson(stack, "ServiceAccountCondition", {
    value: { [`${issuer}:sub`]: `system:serviceaccount:orders:${serviceAccount}`, [`${issuer}:aud`]: "sts.amazonaws.com" },
  });
  new iam.Role(stack, "OrdersApiRole", {
    assumedBy: new iam.FederatedPrincipal(`arn:aws:iam::111111111111:oidc-provider/${issuer}`, { StringEquals: condition }, "sts:AssumeRoleWithWebIdentity"),
  });
  app.synth();
  if (options.handler) {
    const file = path.join(outdir, "OrdersProd.template.json");
    const template = JSON.parse(readFileSync(file, "utf8")) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const json = Object.values(template.Resources).filter((r) => r.Type === "Custom::AWSCDKCfnJson");
    expect(json).toHaveLength(1);
    for (const resource of json) resource.Properties["ServiceToken"] = options.handler;
    writeFileSync(file, JSON.stringify(template, null, 1));
  }
  return outdir;
}

const gate = (base: string, head: string) => runGate(work, base, head);
const base = synth("base", "api");

test("a renamed service account changes the CfnJson value and the trust policy in place: the gate passes", async () => {
  const { code, out } = await gate(base, synth("renamed", "api-v2"));
  expect(out.errors).toEqual([]);
  expect(out.findings).toEqual([]);
  expect(code).toBe(0);
});

test("a CfnJson behind another handler still fails closed", async () => {
  const { code, out } = await gate(base, synth("other-handler", "api", { handler: "arn:aws:lambda:eu-west-1:111111111111:function:json" }));
  expect(code).toBe(1);
  expect(out.findings.map((f) => f.message)).toEqual([expect.stringMatching(/Custom::AWSCDKCfnJson .* whose handler CloudFormation cannot describe/)]);
});
