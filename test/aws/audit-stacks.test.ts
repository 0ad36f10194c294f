/**
 * Live stacks in `audit`: deleted stacks and nested stacks are not judged on their own
 * (nested ones inherit the root's protection); a production stack without termination
 * protection is flagged even when DescribeStacks leaves fields out.
 */
import { runAudit } from "../../src/cli/audit.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { accountHandler, kiroAccount, stackMember } from "./account.js";
import { awsEnv, startStub, type Stub } from "./stub.js";

const policy = resolvePolicy();
let stub: Stub;
let restore: () => void;
afterEach(async () => {
  restore?.();
  await stub?.close();
});

test("deleted and nested production stacks are skipped; one with tags without keys and no StackId is still judged", async () => {
  const data = kiroAccount();
  const deleted = { ...stackMember("old-prod"), StackStatus: "DELETE_COMPLETE" };
  const nested = { ...stackMember("orders-prod-DataNested-1A2B"), ParentId: "arn:aws:cloudformation:us-east-1:111111111111:stack/orders-prod/x", RootId: "arn:aws:cloudformation:us-east-1:111111111111:stack/orders-prod/x" };
  const { StackId: _id, ...noId } = stackMember("billing-prod");
  void _id;
  data.stacks = [deleted, nested, { ...noId, Tags: [{ Value: "orphan value" }, { Key: "team", Value: "billing" }] }];
  stub = await startStub(accountHandler(data));
  restore = awsEnv(stub.url);
  const report = await runAudit({ format: "json", failOn: "error" }, policy);
  const stacks = report.findings.filter((f) => f.rule === "prod-resource-unprotected");
  expect(stacks.map((f) => f.subject)).toEqual(["billing-prod"]);
  expect(stacks[0]?.evidence[0]).toMatchObject({ pointer: "/Stacks/2/EnableTerminationProtection", note: "EnableTerminationProtection: false" });
  expect(stacks[0]?.evidence[0]?.arn).toBeUndefined();
});
