/**
 * A nested stack (or a stack set) removed from its parent while its DeletionPolicy is Retain (real
 * `aws-cdk-lib` synth, in-process, `applyRemovalPolicy(RETAIN)` on the NestedStack's resource).
 * CloudFormation "keeps the resource without deleting the resource or its contents" (User Guide,
 * DeletionPolicy attribute: any resource type): the nested stack stays, a stack of its own, with
 * every resource in it. Expected before running: one note for the nested stack and nothing for
 * what it holds, as the deploy gate says for the same change set (a Remove with PolicyAction
 * Retain, whose nested change set is not read). Without Retain: an error for the nested stack and
 * one per resource it deletes. Before the fix the retained case also gave an error for each
 * resource inside ("would be removed; DeletionPolicy Delete"): exit 1 on a change that deletes nothing.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, CfnResource, NestedStack, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as ddb from "aws-cdk-lib/aws-dynamodb";
import * as sns from "aws-cdk-lib/aws-sns";
import { gate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-retained-nested-"));

/** OrdersProd (a topic, and with `withData` its nested stack Data holding a table), beside EventsProd; without `withOrders`, EventsProd alone. */
function synth(name: string, withData: boolean, policy: RemovalPolicy, withOrders = true): string {
  const outdir = path.join(work, `${name}.out`);
  const app = new App({ outdir });
  new sns.Topic(new Stack(app, "EventsProd"), "Events");
  if (withOrders) {
    const stack = new Stack(app, "OrdersProd", { terminationProtection: true });
    new sns.Topic(stack, "Events");
    if (withData) {
      const data = new NestedStack(stack, "Data");
      (data.nestedStackResource as CfnResource).applyRemovalPolicy(policy);
      // The table itself is not retained: only its nested stack's policy can keep it.
      new ddb.Table(data, "Orders", { partitionKey: { name: "pk", type: ddb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
    }
  }
  app.synth();
  return outdir;
}

describe("diff: a nested stack removed from its parent", () => {
  it("kept by DeletionPolicy Retain: one note, nothing for the resources it keeps", async () => {
    const { code, out } = await gate(work, synth("retained-base", true, RemovalPolicy.RETAIN), synth("retained-head", false, RemovalPolicy.RETAIN));
    expect(out.errors).toEqual([]);
    expect(out.findings.map((f) => [f.severity, f.subject])).toEqual([["note", expect.stringMatching(/^OrdersProd\/DataNestedStackDataNestedStackResource[0-9A-F]{8}$/)]]);
    expect(out.findings[0]?.message).toContain("kept by DeletionPolicy Retain");
    expect(code).toBe(0);
  });

  it("in a whole stack that leaves the app: a note for the retained nested stack, nothing for its table", async () => {
    const { code, out } = await gate(work, synth("stack-gone-base", true, RemovalPolicy.RETAIN), synth("stack-gone-head", false, RemovalPolicy.RETAIN, false));
    expect(out.errors).toEqual([]);
    expect(out.findings.map((f) => [f.severity, f.subject])).toEqual([
      ["error", "OrdersProd"],
      ["note", expect.stringMatching(/^OrdersProd\/DataNestedStackDataNestedStackResource[0-9A-F]{8}$/)],
    ]);
    expect(out.findings[1]?.message).toContain("it stays, a stack of its own, with every resource in it");
    // The stack's own topic is deleted with it: that stays an error.
    expect(code).toBe(1);
  });

  it("deleted (DeletionPolicy Delete): an error for the nested stack and one for its table", async () => {
    const { code, out } = await gate(work, synth("deleted-base", true, RemovalPolicy.DESTROY), synth("deleted-head", false, RemovalPolicy.DESTROY));
    expect(out.errors).toEqual([]);
    expect(out.findings.map((f) => f.severity)).toEqual(["error", "error"]);
    expect(out.findings.map((f) => f.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/^OrdersProd\/DataNestedStack.*\/Orders[0-9A-F]{8}$/)]));
    expect(code).toBe(1);
  });
});

describe("diff: a stack set removed while DeletionPolicy Retain keeps it", () => {
  it("one note; the resources of its body are not judged as deleted", async () => {
    const body = JSON.stringify({ Resources: { Audit: { Type: "AWS::S3::Bucket", Properties: { BucketName: "audit-111122223333" } } } });
    const stackSet = { Type: "AWS::CloudFormation::StackSet", DeletionPolicy: "Retain", Properties: { StackSetName: "baseline", PermissionModel: "SELF_MANAGED", TemplateBody: body, StackInstancesGroup: [{ DeploymentTargets: { Accounts: ["111122223333"] }, Regions: ["us-east-1"] }] } };
    const topic = { Type: "AWS::SNS::Topic" };
    const [base, head] = [path.join(work, "stack-set-base.json"), path.join(work, "stack-set-head.json")];
    writeFileSync(base, JSON.stringify({ Resources: { Baseline: stackSet, Topic: topic } }));
    writeFileSync(head, JSON.stringify({ Resources: { Topic: topic } }));
    const { code, out } = await gate(work, base, head, ["--stack-name", "org-prod"]);
    expect(out.errors).toEqual([]);
    expect(out.findings.map((f) => [f.severity, f.subject])).toEqual([["note", "org-prod/Baseline"]]);
    expect(code).toBe(0);
  });
});
