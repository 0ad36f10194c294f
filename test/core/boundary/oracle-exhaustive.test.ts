/**
 * Every tier action and every escalation path, not a sample, against @cloud-copilot/iam-simulate
 * (./oracle.ts): the agent holds AdministratorAccess under the generated permissions boundary in a
 * production account, on resources tagged `Environment: prod`.
 *
 * Expected before running, from IAM semantics: the boundary's Denies are on `*` (NotResource only
 * for the `notEscalation` exceptions, a Resource list only for paths limited to named resources)
 * and carry no condition, so every T1–T3 action and every
 * action of the tiers an escalation path names is denied whatever the resource's tags; each path
 * is broken (at least one of its actions denied); and ordinary work (reads, CloudWatch Logs
 * writes, objects in a non-production bucket, data-plane work on dev-tagged resources) is allowed:
 * no tier names it and no wildcard of the boundary may match it. Deleting a dev-tagged resource is
 * denied too: the boundary goes on agent roles of production accounts and stacks, and a tag the
 * agent can change (or a resource that carries none) cannot tell production from dev there
 * (docs/boundary.md, "Conditions").
 *
 * About 3,000 actions at ~10 ms each: the boundary only; the SCPs are sampled in differential.test.ts.
 */
import { deniedActions } from "../../../src/core/boundary/denied.js";
import { ACCOUNT, decide, resourcesFor } from "./oracle.js";
import { catalogue, policy } from "./helpers.js";

const denied = deniedActions(catalogue, policy.destructive);
const PROD_TAGS = { "aws:ResourceTag/Environment": "prod" };
const DEV_TAGS = { "aws:ResourceTag/Environment": "dev" };

/** The actions whose decision is not Denied, with it. */
async function notDenied(actions: readonly string[], context: Record<string, string> = PROD_TAGS): Promise<string[]> {
  const out: string[] = [];
  for (const action of actions) {
    const decision = await decide("boundary", action, undefined, context);
    if (!/Denied/.test(decision)) out.push(`${action}: ${decision}`);
  }
  return out;
}

describe("the generated boundary, every tier action and escalation path, vs @cloud-copilot/iam-simulate", () => {
  it("denies every T1 delete and T2 protection-off action on a production resource", async () => {
    expect(denied.byGroup.Delete.length).toBeGreaterThan(2000);
    expect(denied.byGroup.ProtectionOff.length).toBeGreaterThan(50);
    expect(await notDenied([...denied.byGroup.Delete, ...denied.byGroup.ProtectionOff])).toEqual([]);
  }, 300_000);

  it("denies every T3 replace and T4 escalation action on a production resource", async () => {
    expect(await notDenied([...denied.byGroup.Replace, ...denied.byGroup.Escalation])).toEqual([]);
  }, 120_000);

  it("breaks every escalation path: each action of it the tiers name is denied, and each path has one", async () => {
    const unbroken: string[] = [];
    for (const path of policy.escalation.paths) {
      if (path.resources) continue; // the next test
      const tiered = path.actions.filter((a) => denied.groupOf.has(a));
      const open = await notDenied(tiered);
      if (tiered.length === 0 || open.length > 0) unbroken.push(`${path.id}: tiered ${JSON.stringify(tiered)}, not denied ${JSON.stringify(open)}`);
    }
    expect(policy.escalation.paths.length).toBeGreaterThan(100);
    expect(unbroken).toEqual([]);
  }, 120_000);

  it("breaks every path limited to named resources there (the CDK asset bucket), and leaves its actions allowed elsewhere", async () => {
    const scoped = policy.escalation.paths.filter((p) => p.resources);
    expect(scoped.length).toBeGreaterThan(0);
    /** A resource a glob names: the partition given, each wildcard a word (`cdk-x1-assets-x1/x1`). */
    const named = (glob: string): string => glob.replace(/^arn:\*:/, "arn:aws:").replace(/\*/g, "x1");
    const open: string[] = [];
    for (const path of scoped) {
      for (const action of path.actions) {
        for (const glob of path.resources ?? []) {
          const decision = await decide("boundary", action, [named(glob)], {});
          if (!/Denied/.test(decision)) open.push(`${path.id}: ${action} on ${named(glob)}: ${decision}`);
        }
        if (!denied.groupOf.has(action)) expect(await decide("boundary", action, ["arn:aws:s3:::orders-dev-artifacts/builds/app.zip"], {})).toBe("Allowed");
      }
    }
    expect(open).toEqual([]);
    expect(await decide("boundary", "s3:PutObject", ["arn:aws:s3:::cdk-hnb659fds-assets-123456789012-us-east-1/4f3c.json"], {})).toMatch(/Denied/);
  });

  const devBucket = "arn:aws:s3:::orders-dev-artifacts";
  const region = `us-east-1:${ACCOUNT}`;
  /** Ordinary work an agent does in a production account: allowed, dev-tagged or not. */
  const ordinary: [string, string][] = [
    ["logs:CreateLogGroup", `arn:aws:logs:${region}:log-group:/agent/dev-runs`],
    ["logs:CreateLogStream", `arn:aws:logs:${region}:log-group:/agent/dev-runs:log-stream:run-1`],
    ["logs:PutLogEvents", `arn:aws:logs:${region}:log-group:/agent/dev-runs:log-stream:run-1`],
    ["logs:StartQuery", `arn:aws:logs:${region}:log-group:/agent/dev-runs`],
    ["s3:GetObject", `${devBucket}/builds/app.zip`],
    ["s3:PutObject", `${devBucket}/builds/app.zip`],
    ["s3:ListBucket", devBucket],
    ["s3:PutObjectTagging", `${devBucket}/builds/app.zip`],
    ["dynamodb:PutItem", `arn:aws:dynamodb:${region}:table/orders-dev`],
    ["dynamodb:UpdateItem", `arn:aws:dynamodb:${region}:table/orders-dev`],
    ["dynamodb:Query", `arn:aws:dynamodb:${region}:table/orders-dev`],
    ["sqs:SendMessage", `arn:aws:sqs:${region}:orders-dev`],
    ["sqs:ReceiveMessage", `arn:aws:sqs:${region}:orders-dev`],
    ["sqs:DeleteMessage", `arn:aws:sqs:${region}:orders-dev`],
    ["sns:Publish", `arn:aws:sns:${region}:orders-dev`],
    ["lambda:InvokeFunction", `arn:aws:lambda:${region}:function:orders-dev`],
    ["states:StartExecution", `arn:aws:states:${region}:stateMachine:orders-dev`],
    ["ec2:StartInstances", `arn:aws:ec2:${region}:instance/i-0123456789abcdef0`],
    ["ec2:StopInstances", `arn:aws:ec2:${region}:instance/i-0123456789abcdef0`],
    ["ec2:CreateTags", `arn:aws:ec2:${region}:instance/i-0123456789abcdef0`],
    ["cloudwatch:PutMetricData", "*"],
    ["cloudwatch:PutMetricAlarm", `arn:aws:cloudwatch:${region}:alarm:orders-dev-errors`],
    ["kms:Decrypt", `arn:aws:kms:${region}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ["kms:GenerateDataKey", `arn:aws:kms:${region}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ["secretsmanager:GetSecretValue", `arn:aws:secretsmanager:${region}:secret:orders-dev-AbCdEf`],
    ["ssm:GetParameter", `arn:aws:ssm:${region}:parameter/orders-dev/url`],
    ["ssm:PutParameter", `arn:aws:ssm:${region}:parameter/orders-dev/url`],
    ["ecr:PutImage", `arn:aws:ecr:${region}:repository/orders-dev`],
    ["ecr:InitiateLayerUpload", `arn:aws:ecr:${region}:repository/orders-dev`],
    ["cloudformation:DescribeStacks", `arn:aws:cloudformation:${region}:stack/orders-dev/1`],
    ["xray:PutTraceSegments", "*"],
    ["sts:GetCallerIdentity", "*"],
  ];

  it("allows ordinary work: CloudWatch Logs writes, objects in a non-production bucket, data-plane work on dev-tagged resources", async () => {
    for (const [action] of ordinary) expect([action, denied.groupOf.has(action)]).toEqual([action, false]);
    const blocked: string[] = [];
    for (const [action, resource] of ordinary) {
      for (const context of [DEV_TAGS, {}]) {
        const decision = await decide("boundary", action, [resource], context);
        if (decision !== "Allowed") blocked.push(`${action} on ${resource} ${JSON.stringify(context)}: ${decision}`);
      }
    }
    expect(blocked).toEqual([]);
  });

  it("a dev tag does not lift the Deny: the boundary does not read tags the agent can change", async () => {
    const instance = `arn:aws:ec2:${region}:instance/i-0123456789abcdef0`;
    for (const context of [DEV_TAGS, PROD_TAGS, {}]) {
      expect(await decide("boundary", "ec2:TerminateInstances", [instance], context)).toMatch(/Denied/);
      expect(await decide("boundary", "s3:DeleteObject", [`${devBucket}/builds/app.zip`], context)).toMatch(/Denied/);
    }
    // Retagging stays allowed (ordinary work), because the Deny never depended on the tag.
    expect(await decide("boundary", "ec2:CreateTags", [instance], { ...PROD_TAGS, "aws:RequestTag/Environment": "dev", "aws:TagKeys": "Environment" })).toBe("Allowed");
    expect((await resourcesFor("ec2:TerminateInstances")).length).toBeGreaterThan(0);
  });
});
