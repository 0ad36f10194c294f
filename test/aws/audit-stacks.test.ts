/**
 * Live stacks in `audit`: deleted stacks and nested stacks are not judged on their own
 * (nested ones inherit the root's protection); a production stack without termination
 * protection is flagged even when DescribeStacks leaves fields out.
 */
import { runAudit } from "../../src/cli/audit.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { accountHandler, kiroAccount, stackMember } from "./account.js";
import { stubPerTest } from "./stub.js";

const policy = resolvePolicy();
const { serve } = stubPerTest();

test("deleted and nested production stacks are skipped; one with tags without keys and no StackId is still judged", async () => {
  const data = kiroAccount();
  const deleted = { ...stackMember("old-prod"), StackStatus: "DELETE_COMPLETE" };
  const nested = { ...stackMember("orders-prod-DataNested-1A2B"), ParentId: "arn:aws:cloudformation:us-east-1:111111111111:stack/orders-prod/x", RootId: "arn:aws:cloudformation:us-east-1:111111111111:stack/orders-prod/x" };
  const { StackId: _id, ...noId } = stackMember("billing-prod");
  void _id;
  data.stacks = [deleted, nested, { ...noId, Tags: [{ Value: "orphan value" }, { Key: "team", Value: "billing" }] }];
  await serve(accountHandler(data));
  const report = await runAudit({ format: "json", failOn: "error" }, policy);
  const stacks = report.findings.filter((f) => f.rule === "prod-resource-unprotected");
  expect(stacks.map((f) => f.subject)).toEqual(["billing-prod"]);
  expect(stacks[0]?.evidence[0]).toMatchObject({ pointer: "/Stacks/2/EnableTerminationProtection", note: "EnableTerminationProtection: false" });
  expect(stacks[0]?.evidence[0]?.arn).toBeUndefined();
});

/**
 * A first deploy that failed leaves its stack in ROLLBACK_COMPLETE, and a CREATE change set never
 * executed leaves one in REVIEW_IN_PROGRESS: CloudFormation's stack status codes say neither holds
 * a resource ("Any resources that were created during the create stack operation are deleted";
 * "without any templates or resources"), and the first can only be deleted. Decided: no finding
 * for them (deleting them deletes nothing); a failed rollback (ROLLBACK_FAILED) or a failed delete
 * (DELETE_FAILED) still holds resources and is flagged. The tool flagged all four.
 */
test("production stacks that hold no resources (failed first deploy, unexecuted CREATE change set) are not flagged; failed rollbacks and deletes are", async () => {
  const data = kiroAccount();
  data.stacks = [
    { ...stackMember("orders-prod"), StackStatus: "ROLLBACK_COMPLETE" },
    { ...stackMember("payments-prod"), StackStatus: "REVIEW_IN_PROGRESS" },
    { ...stackMember("billing-prod"), StackStatus: "ROLLBACK_FAILED" },
    { ...stackMember("ledger-prod"), StackStatus: "DELETE_FAILED" },
  ];
  await serve(accountHandler(data));
  const report = await runAudit({ format: "json", failOn: "error" }, policy);
  expect(report.errors).toEqual([]);
  const flagged = report.findings.filter((f) => f.rule === "prod-resource-unprotected").map((f) => f.subject.replace(/^.*:stack\/([^/]+)\/.*$/, "$1"));
  expect(flagged).toEqual(["billing-prod", "ledger-prod"]);
});
