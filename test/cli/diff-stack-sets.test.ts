/**
 * `diff` on a template whose AWS::CloudFormation::StackSet deploys a template (TemplateBody) as a
 * stack in every account and Region its StackInstancesGroup lists. An update of the stack set
 * updates each of those stacks to the new body and parameters, and deletes the stack instances the
 * group no longer lists (the StackSet handler's UpdateHandler calls DeleteStackInstances for them),
 * with every resource in them. The registry marks TemplateBody, Parameters and StackInstancesGroup
 * as updatable in place, so the gate judged all of it as one in-place update and passed.
 *
 * The real input is test/fixtures/cfn/stack-sets (README there): aws-cloudformation-templates
 * 4221f44 → 1d59468. Each verdict was decided from the templates before running:
 * - the real commit: Regions `[us-east-1, us-west-2]` becomes `!Ref StackSetRegions` (default
 *   `us-east-1,eu-west-1`): the stacks in us-west-2 of every account of the OU, with their three
 *   buckets and the queue, are deleted by default, and which ones a deploy deletes depends on the
 *   value passed: error (fail closed). Its body change (the queue gains KmsMasterKeyId) is in place;
 * - the body drops StorageReplicaBucket: deleted in every stack instance: error, at the body;
 * - the body gives StorageBucket another BucketName: replaced in every instance: error;
 * - a literal Regions list that drops us-west-2: those instances are deleted: error naming them;
 * - the stack set's AppName parameter changes: every bucket's name (`!Sub ${AppName}-...`)
 *   changes, so each bucket is replaced: error naming the parameter;
 * - ordinary changes that must pass: the queue gains KmsMasterKeyId, a Region is added, the
 *   operation preferences change;
 * - a body the gate cannot read (built with Fn::Sub) that changes: error (fail closed).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gate } from "./gate.js";

const fixtures = path.join(import.meta.dirname, "..", "fixtures", "cfn", "stack-sets");
const realBase = path.join(fixtures, "common-resources-stackset.4221f44.yaml");
const realHead = path.join(fixtures, "common-resources-stackset.1d59468.yaml");
const baseText = readFileSync(realBase, "utf8");

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "ag-diff-stack-sets-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The base with text replaced (each replacement must apply), run against the base. */
async function variant(name: string, edits: [string, string][]) {
  let text = baseText;
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`${name}: ${JSON.stringify(from)} not in the base`);
    text = text.replace(from, to);
  }
  const head = path.join(work, `${name}.yaml`);
  writeFileSync(head, text);
  return gate(work, realBase, head, ["--stack-name", "org-prod"]);
}

const summary = (out: Awaited<ReturnType<typeof gate>>["out"]) => out.findings.map((f) => [f.severity, f.subject] as const);

describe("diff: a stack set's template, parameters and stack instances", () => {
  it("the real commit: Regions made a parameter may delete the us-west-2 stack instances (error)", async () => {
    const { code, out } = await gate(work, realBase, realHead, ["--stack-name", "org-prod"]);
    expect(out.errors).toEqual([]);
    expect(code).toBe(1);
    expect(summary(out)).toEqual([["error", "org-prod/StackSet"]]);
    const [finding] = out.findings;
    expect(finding?.message).toContain("us-west-2");
    expect(finding?.message).toContain("StackInstancesGroup");
    expect(finding?.evidence[0]).toMatchObject({ file: realHead, pointer: "/Resources/StackSet/Properties/StackInstancesGroup" });
  });

  it("a resource the body drops is deleted in every stack instance (error at the body)", async () => {
    const start = baseText.indexOf("          StorageReplicaBucket:\n");
    const end = baseText.indexOf("\n\n", start);
    const { code, out } = await variant("drop-bucket", [[baseText.slice(start, end + 1), ""]]);
    expect(out.errors).toEqual([]);
    expect(code).toBe(1);
    expect(summary(out)).toContainEqual(["error", "org-prod/StackSet/StorageReplicaBucket"]);
    const finding = out.findings.find((f) => f.subject.endsWith("/StorageReplicaBucket"));
    expect(finding?.message).toContain("AWS::S3::Bucket StorageReplicaBucket");
    expect(finding?.evidence[0]).toMatchObject({ file: realBase, pointer: "/Resources/StackSet/Properties/TemplateBody/Resources/StorageReplicaBucket" });
    expect(finding?.evidence[0]?.line).toBe(14); // the TemplateBody line
  });

  it("a new BucketName in the body replaces the bucket in every stack instance (error)", async () => {
    const { code, out } = await variant("rename-bucket", [["BucketName: !Sub ${AppName}-${AWS::Region}", "BucketName: !Sub ${AppName}-data-${AWS::Region}"]]);
    expect(out.errors).toEqual([]);
    expect(code).toBe(1);
    expect(summary(out)).toContainEqual(["error", "org-prod/StackSet/StorageBucket"]);
    expect(out.findings.find((f) => f.subject.endsWith("/StorageBucket"))?.message).toContain("replaced because BucketName");
  });

  it("a Region the group no longer lists deletes its stack instances (error naming them)", async () => {
    const { code, out } = await variant("drop-region", [["            - us-east-1\n            - us-west-2\n", "            - us-east-1\n"]]);
    expect(out.errors).toEqual([]);
    expect(code).toBe(1);
    expect(summary(out)).toEqual([["error", "org-prod/StackSet"]]);
    expect(out.findings[0]?.message).toMatch(/us-west-2/);
    expect(out.findings[0]?.message).not.toMatch(/us-east-1 /);
  });

  it("a changed stack set parameter that names the buckets replaces them (error naming the parameter)", async () => {
    const { code, out } = await variant("app-name", [["ParameterValue: stackset-logging-sample", "ParameterValue: stackset-logging-v2"]]);
    expect(out.errors).toEqual([]);
    expect(code).toBe(1);
    const subjects = summary(out).map(([, s]) => s);
    expect(subjects).toEqual(expect.arrayContaining(["org-prod/StackSet/StorageBucket", "org-prod/StackSet/StorageLogBucket", "org-prod/StackSet/StorageReplicaBucket"]));
    expect(out.findings.find((f) => f.subject.endsWith("/StorageBucket"))?.message).toContain("parameter AppName");
  });

  it("ordinary changes pass: a queue setting, a new Region, new operation preferences", async () => {
    const { code, out } = await variant("ordinary", [
      ["              QueueName: test-events17\n", "              QueueName: test-events17\n              KmsMasterKeyId: alias/aws/sqs\n"],
      ["            - us-west-2\n", "            - us-west-2\n            - eu-west-1\n"],
      ["MaxConcurrentCount: 2", "MaxConcurrentCount: 4"],
    ]);
    expect(out.errors).toEqual([]);
    expect(out.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(code).toBe(0);
  });

  it("a body that cannot be parsed, or a TemplateURL the gate cannot read, is an input error at the stack set (exit 2)", async () => {
    const broken = await variant("broken-body", [["          TestQ:\n", "          TestQ: [\n"]]);
    expect(broken.code).toBe(2);
    expect(broken.out.errors).toEqual([expect.objectContaining({ file: expect.stringMatching(/broken-body\.yaml$/), line: 14, message: expect.stringContaining("stack set StackSet: its TemplateBody cannot be read") })]);
    const url = (key: string) => ({ Resources: { StackSet: { Type: "AWS::CloudFormation::StackSet", Properties: { StackSetName: "s", PermissionModel: "SELF_MANAGED", TemplateURL: `https://bucket.s3.amazonaws.com/${key}` } } } });
    const [b, h] = [path.join(work, "url-base.json"), path.join(work, "url-head.json")];
    writeFileSync(b, JSON.stringify(url("a.yaml")));
    writeFileSync(h, JSON.stringify(url("a.yaml")));
    const unread = await gate(work, b, h, ["--stack-name", "org-prod"]);
    expect(unread.code).toBe(2);
    // One for each side: either may be what is deployed.
    const message = expect.stringContaining("stack set StackSet: its template (https://bucket.s3.amazonaws.com/a.yaml) is not read");
    expect(unread.out.errors).toEqual([expect.objectContaining({ file: b, message }), expect.objectContaining({ file: h, message })]);
  });

  it("a stack set removed from a production stack takes its stack instances with it (error)", async () => {
    const start = baseText.indexOf("  StackSet:\n");
    const head = path.join(work, "no-stack-set.yaml");
    writeFileSync(head, `${baseText.slice(0, start)}  Placeholder:\n    Type: AWS::SNS::Topic\n`);
    const { code, out } = await gate(work, realBase, head, ["--stack-name", "org-prod"]);
    expect(code).toBe(1);
    expect(out.findings.find((f) => f.subject === "org-prod/StackSet")?.message).toContain("a stack set: its stack instances, and every resource in them, are deleted");
  });

  it("a body built with an intrinsic function that changes cannot be read: error (fail closed)", async () => {
    const template = (queue: string) => ({
      Resources: {
        StackSet: {
          Type: "AWS::CloudFormation::StackSet",
          Properties: {
            StackSetName: "queues",
            PermissionModel: "SELF_MANAGED",
            TemplateBody: { "Fn::Sub": `Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: ${queue}\n` },
            StackInstancesGroup: [{ DeploymentTargets: { Accounts: ["111122223333"] }, Regions: ["us-east-1"] }],
          },
        },
      },
    });
    const [b, h] = [path.join(work, "sub-base.json"), path.join(work, "sub-head.json")];
    writeFileSync(b, JSON.stringify(template("orders")));
    writeFileSync(h, JSON.stringify(template("orders-v2")));
    const { code, out } = await gate(work, b, h, ["--stack-name", "org-prod"]);
    expect(code).not.toBe(0);
    expect(out.findings.find((f) => f.subject === "org-prod/StackSet")).toMatchObject({ severity: "error", message: expect.stringContaining("TemplateBody") });
  });
});

describe("diff: a stack set in a cloud assembly (real aws-cdk-lib synth, in-process)", () => {
  // CfnStackSet with its body written out by the app: the same verdicts as for template files.
  async function synth(name: string, body: Record<string, unknown>, regions: string[]): Promise<string> {
    const { App, CfnStackSet, Stack } = await import("aws-cdk-lib");
    const outdir = path.join(work, `${name}.out`);
    const app = new App({ outdir });
    const stack = new Stack(app, "BaselineProd", { terminationProtection: true });
    new CfnStackSet(stack, "Baseline", {
      stackSetName: "baseline",
      permissionModel: "SELF_MANAGED",
      templateBody: JSON.stringify(body),
      stackInstancesGroup: [{ deploymentTargets: { accounts: ["111122223333"] }, regions }],
    });
    app.synth();
    return outdir;
  }
  const body = (bucketName: string, extra: Record<string, unknown> = {}) => ({ Resources: { Audit: { Type: "AWS::S3::Bucket", Properties: { BucketName: bucketName } }, ...extra } });

  it("a renamed bucket in the body fails at the assembly's template; a new queue and a new Region pass", async () => {
    const base = await synth("base", body("audit-111122223333"), ["us-east-1"]);
    const renamed = await gate(work, base, await synth("renamed", body("audit-v2-111122223333"), ["us-east-1"]));
    expect(renamed.out.errors).toEqual([]);
    expect(renamed.out.findings.map((f) => [f.severity, f.subject])).toEqual([["error", "BaselineProd/Baseline/Audit"]]);
    expect(renamed.out.findings[0]?.evidence[0]).toMatchObject({ file: path.join(base.replace("base.out", "renamed.out"), "BaselineProd.template.json"), pointer: "/Resources/Baseline/Properties/TemplateBody/Resources/Audit/Properties/BucketName" });
    const grown = await gate(work, base, await synth("grown", body("audit-111122223333", { Jobs: { Type: "AWS::SQS::Queue" } }), ["us-east-1", "eu-west-1"]));
    expect(grown.out.errors).toEqual([]);
    expect(grown.out.findings).toEqual([]);
    expect(grown.code).toBe(0);
  });
});
