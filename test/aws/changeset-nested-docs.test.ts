/**
 * The deploy gate on the root and nested change sets the CloudFormation User Guide publishes
 * ("Change sets for nested stacks": test/fixtures/cfn/changesets/README.md). Verdicts decided from
 * the outputs before running:
 * - the root change set: the nested stack is modified in place and its change set only changes a
 *   function's Timeout: passes, the nested change set read through its ChangeSetId;
 * - the nested change set given directly: CloudFormation executes only the root ("Executable from
 *   root change set"), which may hold other changes: an input error naming the root change set.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { runChangeset } from "../../src/cli/changeset.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { stubPerTest } from "./stub.js";

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/cfn/changesets/aws-docs-nested-change-sets.json"), "utf8")) as { root: Record<string, unknown>; nested: Record<string, unknown> };
/** The AWS CLI prints an absent member as null; on the wire (XML) it is not there at all. */
const onTheWire = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(onTheWire) : value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, onTheWire(v)])) : value;
const policy = resolvePolicy();
const aws = stubPerTest();

async function gateOn(stackName: string, changeSetName: string) {
  const asked: string[] = [];
  await aws.serve((req) => {
    switch (req.action) {
      case "DescribeChangeSet": {
        const name = req.params["ChangeSetName"] ?? "";
        asked.push(`${req.params["StackName"] ?? ""} ${name}`);
        const answer = [recorded.root, recorded.nested].find((r) => r["ChangeSetName"] === name || r["ChangeSetId"] === name);
        return answer ? { result: onTheWire(answer) } : { error: { code: "ChangeSetNotFound", message: `ChangeSet [${name}] does not exist` } };
      }
      case "DescribeStacks":
        return { result: { Stacks: [{ StackId: "arn:aws:cloudformation:us-west-2:123456789012:stack/s/1", StackName: req.params["StackName"], CreationTime: "2020-11-18T05:00:00Z", StackStatus: "UPDATE_COMPLETE", EnableTerminationProtection: true, Tags: [] }] } };
      case "GetStackPolicy":
        return { result: {} };
      case "GetTemplate":
        return { result: { TemplateBody: JSON.stringify({ Resources: { ChildStack: { Type: "AWS::CloudFormation::Stack" }, function: { Type: "AWS::Lambda::Function" } } }) } };
      default:
        return { error: { code: "InvalidAction", message: req.action } };
    }
  });
  const report = await runChangeset({ format: "json", failOn: "error", stackName, changeSetName, allowConditional: false }, policy);
  return { report, asked };
}

describe("the deploy gate on the User Guide's nested change sets", () => {
  it("the root change set passes, its nested change set read by its ChangeSetId on the nested stack", async () => {
    const { report, asked } = await gateOn("my-root-stack", "my-root-stack-change-set");
    expect(report.errors).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(asked).toEqual([
      "my-root-stack my-root-stack-change-set",
      "arn:aws:cloudformation:us-west-2:123456789012:stack/my-nested-stack/d0a825a0-e4cd-xmpl-b9fb-061c69e99205 arn:aws:cloudformation:us-west-2:123456789012:changeSet/my-nested-stack-change-set/4eca1a01-e285-xmpl-8026-9a1967bfb4b0",
    ]);
  });

  it("the nested change set given directly is an input error naming the root change set, the one CloudFormation executes", async () => {
    const { report } = await gateOn("my-nested-stack", "my-nested-stack-change-set");
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]?.message).toContain("nested change set");
    expect(report.errors[0]?.message).toContain("arn:aws:cloudformation:us-west-2:123456789012:changeSet/my-root-stack-change-set/4eca1a01-e285-xmpl-8026-9a1967bfb4b0");
    expect(report.errors[0]?.message).not.toContain("run the gate again when it is AVAILABLE");
  });
});
