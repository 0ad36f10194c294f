/**
 * The deploy gate on a drift-aware change set (CreateChangeSet --deployment-mode REVERT_DRIFT,
 * November 2025): its ResourceChange carries ResourceDriftStatus, BeforeContext/AfterContext (JSON
 * text) and the Action SyncWithActual ("resource will not be changed, only CloudFormation metadata
 * will change", DescribeChangeSet API reference, @aws-sdk/client-cloudformation 3.1169.0).
 * Verdicts decided before running, the stack orders-prod being production:
 * - SyncWithActual of the orders table (drifted, MODIFIED): nothing changes on it: passes;
 * - a bucket deleted outside CloudFormation (DELETED) and recreated by the revert (Modify,
 *   Replacement False): nothing left to lose: passes;
 * - an Action the gate does not know (a value a later API version adds), a change without
 *   Action, or a resource change without its ResourceChange: the gate cannot tell what it does
 *   to the resource: an input error naming the change (exit 2), never a pass; the other changes
 *   are still judged. A change whose Type is not Resource stays skipped, as an earlier round
 *   decided (test/aws/error-paths.test.ts): nothing it does deletes a resource.
 */
import { runChangeset } from "../../src/cli/changeset.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { awsEnv, startStub, type Stub } from "./stub.js";

const policy = resolvePolicy();
const STACK = "orders-prod";
const CHANGE_SET = `arn:aws:cloudformation:us-east-1:111111111111:changeSet/${STACK}-cs/0c8e6a9e-1f2b-4c3d-8e9f-0a1b2c3d4e5f`;
const STACK_ID = `arn:aws:cloudformation:us-east-1:111111111111:stack/${STACK}/5b8c1e40-2a3f-11f0-9c7e-0affd1e2c3b4`;
let stub: Stub | undefined;
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  await stub?.close();
});

const synced = {
  Type: "Resource",
  ResourceChange: {
    Action: "SyncWithActual", LogicalResourceId: "OrdersTable", PhysicalResourceId: "orders", ResourceType: "AWS::DynamoDB::Table", Replacement: "False", Scope: ["Properties"],
    ResourceDriftStatus: "MODIFIED",
    Details: [{ Target: { Attribute: "Properties", Name: "BillingMode", RequiresRecreation: "Never", Path: "/Properties/BillingMode", BeforeValue: "PROVISIONED", AfterValue: "PAY_PER_REQUEST", AttributeChangeType: "SyncWithActual", BeforeValueFrom: "ACTUAL_STATE" }, Evaluation: "Static", ChangeSource: "DirectModification" }],
    BeforeContext: '{"Properties":{"TableName":"orders","BillingMode":"PAY_PER_REQUEST"}}',
    AfterContext: '{"Properties":{"TableName":"orders","BillingMode":"PAY_PER_REQUEST"}}',
  },
};
const recreated = {
  Type: "Resource",
  ResourceChange: {
    Action: "Modify", LogicalResourceId: "AssetsBucket", PhysicalResourceId: "orders-assets", ResourceType: "AWS::S3::Bucket", Replacement: "False", Scope: ["Properties"],
    ResourceDriftStatus: "DELETED",
    Details: [{ Target: { Attribute: "Properties", Name: "VersioningConfiguration", RequiresRecreation: "Never" }, Evaluation: "Static", ChangeSource: "DirectModification" }],
    AfterContext: '{"Properties":{"BucketName":"orders-assets"}}',
  },
};
const tableChange = (Action: string | undefined) => ({ Type: "Resource", ResourceChange: { ...(Action ? { Action } : {}), LogicalResourceId: "OrdersTable", PhysicalResourceId: "orders", ResourceType: "AWS::DynamoDB::Table", Replacement: "False", ResourceDriftStatus: "MODIFIED", Details: [] } });
const removedQueue = { Type: "Resource", ResourceChange: { Action: "Remove", LogicalResourceId: "Jobs", PhysicalResourceId: "https://sqs.us-east-1.amazonaws.com/111111111111/jobs", ResourceType: "AWS::SQS::Queue", PolicyAction: "Delete", Details: [] } };

async function serve(changes: unknown[]): Promise<void> {
  stub = await startStub((req) => {
    switch (req.action) {
      case "DescribeChangeSet":
        return {
          result: {
            ChangeSetName: `${STACK}-cs`, ChangeSetId: CHANGE_SET, StackId: STACK_ID, StackName: STACK,
            ExecutionStatus: "AVAILABLE", Status: "CREATE_COMPLETE", CreationTime: "2026-12-01T09:00:00Z",
            DeploymentMode: "REVERT_DRIFT", IncludeNestedStacks: false, Capabilities: [], NotificationARNs: [], Changes: changes,
          },
        };
      case "DescribeStacks":
        return { result: { Stacks: [{ StackId: STACK_ID, StackName: STACK, CreationTime: "2025-01-01T00:00:00Z", StackStatus: "UPDATE_COMPLETE", EnableTerminationProtection: true, Tags: [] }] } };
      case "GetStackPolicy":
        return { result: {} };
      case "GetTemplate":
        return { result: { TemplateBody: JSON.stringify({ Resources: { OrdersTable: { Type: "AWS::DynamoDB::Table" }, AssetsBucket: { Type: "AWS::S3::Bucket" }, Jobs: { Type: "AWS::SQS::Queue" } } }), StagesAvailable: ["Original", "Processed"] } };
      default:
        return { error: { code: "InvalidAction", message: req.action } };
    }
  });
  restore = awsEnv(stub.url);
}

const run = () => runChangeset({ format: "json", failOn: "error", stackName: STACK, changeSetName: `${STACK}-cs` }, policy);

test("a drift-aware change set that syncs a drifted table and recreates a bucket deleted outside CloudFormation passes", async () => {
  await serve([synced, recreated]);
  const report = await run();
  expect(report.errors).toEqual([]);
  expect(report.findings).toEqual([]);
  expect(report.notes?.[0]).toContain("2 resource change(s)");
});

test("an Action the gate does not know, or none, is an input error naming the change; the rest is still judged", async () => {
  await serve([tableChange("Recreate"), tableChange(undefined), removedQueue]);
  const report = await run();
  expect(report.errors.map((e) => e.message)).toEqual([
    expect.stringMatching(/^Changes\/0 \(OrdersTable, AWS::DynamoDB::Table\): Action Recreate is not one the gate knows .*fail closed/),
    expect.stringMatching(/^Changes\/1 \(OrdersTable, AWS::DynamoDB::Table\): no Action: .*fail closed/),
  ]);
  expect(report.errors[0]?.file).toBe(`cloudformation:${STACK}:${STACK}-cs`);
  expect(report.findings.map((f) => `${f.severity} ${f.subject}`)).toEqual([`error ${STACK}/Jobs`]);
});

test("a resource change without its ResourceChange is an input error; a change that is no resource's is still skipped (test/aws/error-paths.test.ts)", async () => {
  await serve([{ Type: "Output" }, { Type: "Resource" }]);
  const report = await run();
  expect(report.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^Changes\/1: a change of Type Resource without its ResourceChange.*fail closed/)]);
  expect(report.findings).toEqual([]);
});
