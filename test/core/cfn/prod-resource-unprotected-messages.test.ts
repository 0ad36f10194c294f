/**
 * prod-resource-unprotected: whole messages and evidence. The advice is the fix the user applies,
 * in their terms (CDK props for CDK code, template attributes otherwise): a wrong word in it is a
 * wrong fix. Per-type facts live in prod-resource-unprotected.test.ts.
 */
import { rule } from "../../../src/core/cfn/prod-resource-unprotected.js";
import { readTemplate, type TemplateInput } from "../../../src/core/cfn/template.js";
import type { Finding } from "../../../src/core/finding.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();

function evaluate(resources: Record<string, unknown>, extra: Partial<TemplateInput> = {}): Finding[] {
  const input: TemplateInput = { file: "t.json", value: { Resources: resources }, stackName: "OrdersProd", terminationProtection: true, ...extra };
  return rule.evaluate(input, readTemplate(input, policy), policy);
}
const only = (resource: Record<string, unknown>, extra: Partial<TemplateInput> = {}): string => {
  const findings = evaluate({ Data: resource }, extra);
  expect(findings).toHaveLength(1);
  return findings[0]!.message;
};
const CDK = { Metadata: { "aws:cdk:path": "Prod/Service/Data/Resource" } };

describe("template advice", () => {
  test("an explicit Delete is named as written (not as the default), both gaps, with the deletion-protection alternative", () => {
    expect(only({ Type: "AWS::DynamoDB::Table", DeletionPolicy: "Delete" })).toBe(
      "Stateful production resource Data (AWS::DynamoDB::Table) is unprotected: a stack delete destroys it (DeletionPolicy is Delete); " +
        "a replacement destroys it (UpdateReplacePolicy is Delete (the default)). Set DeletionPolicy and UpdateReplacePolicy to Retain (or DeletionProtectionEnabled against deletes).",
    );
  });

  test("deletion protection on: only the replacement gap, and why the protection does not help there", () => {
    expect(only({ Type: "AWS::DynamoDB::Table", Properties: { DeletionProtectionEnabled: true } })).toBe(
      "Stateful production resource Data (AWS::DynamoDB::Table) is unprotected: a replacement destroys it (UpdateReplacePolicy is Delete (the default); " +
        "deletion protection does not stop a replacement). Set UpdateReplacePolicy to Retain.",
    );
  });

  test("deletion protection written as the string \"true\" (as YAML and CDK tokens give it) counts; \"false\" does not", () => {
    expect(only({ Type: "AWS::DynamoDB::Table", Properties: { DeletionProtectionEnabled: "true" } })).not.toContain("a stack delete destroys it");
    expect(only({ Type: "AWS::DynamoDB::Table", Properties: { DeletionProtectionEnabled: "false" } })).toContain("a stack delete destroys it");
  });

  test("only a delete gap (UpdateReplacePolicy Retain): the message names that gap alone", () => {
    expect(only({ Type: "AWS::SQS::Queue", DeletionPolicy: "Delete", UpdateReplacePolicy: "Retain" })).toBe(
      "Stateful production resource Data (AWS::SQS::Queue) is unprotected: a stack delete destroys it (DeletionPolicy is Delete). Set DeletionPolicy and UpdateReplacePolicy to Retain.",
    );
  });

  test("a member type (an RDS instance) written without any Properties is judged by itself, not skipped and not a crash", () => {
    expect(only({ Type: "AWS::RDS::DBInstance" })).toBe(
      "Stateful production resource Data (AWS::RDS::DBInstance) is unprotected: a replacement destroys it (UpdateReplacePolicy is Delete (the default)). Set UpdateReplacePolicy to Retain or Snapshot.",
    );
  });

  test("a type without deletion protection gets no such alternative", () => {
    expect(only({ Type: "AWS::SQS::Queue" })).toBe(
      "Stateful production resource Data (AWS::SQS::Queue) is unprotected: a stack delete destroys it (DeletionPolicy is Delete (the default)); " +
        "a replacement destroys it (UpdateReplacePolicy is Delete (the default)). Set DeletionPolicy and UpdateReplacePolicy to Retain.",
    );
  });
});

describe("CDK advice", () => {
  test("a snapshot-capable type: SNAPSHOT or RETAIN, or deletion protection", () => {
    expect(only({ Type: "AWS::RDS::DBCluster", DeletionPolicy: "Delete", ...CDK })).toMatch(/\. Set removalPolicy: RemovalPolicy\.SNAPSHOT or RETAIN in its props \(or call applyRemovalPolicy\(RemovalPolicy\.SNAPSHOT\) on it\), or turn on deletion protection \(DeletionProtection\) against deletes\.$/);
  });

  test("only the replacement gap: removalPolicy keeps the replaced resource too", () => {
    expect(only({ Type: "AWS::DynamoDB::Table", Properties: { DeletionProtectionEnabled: true }, ...CDK })).toMatch(
      /\. Set removalPolicy: RemovalPolicy\.RETAIN in its props \(or call applyRemovalPolicy\(RemovalPolicy\.RETAIN\) on it\) so the replaced resource is kept too \(deletion protection does not stop a replacement\)\.$/,
    );
  });

  test("no deletion-protection property: RETAIN alone", () => {
    expect(only({ Type: "AWS::SQS::Queue", ...CDK })).toMatch(/\)\. Set removalPolicy: RemovalPolicy\.RETAIN in its props \(or call applyRemovalPolicy\(RemovalPolicy\.RETAIN\) on it\)\.$/);
  });

  test("a resource of a CDK stack without its own construct path is still CDK code", () => {
    expect(only({ Type: "AWS::SQS::Queue" }, { stagePath: "Prod/Service" })).toMatch(/Set removalPolicy: RemovalPolicy\.RETAIN in its props \(or call applyRemovalPolicy\(RemovalPolicy\.RETAIN\) on it\)\.$/);
  });
});

describe("the finding around the message", () => {
  test("subject, severity and evidence with line and the documentation source", () => {
    const [f] = evaluate({ Data: { Type: "AWS::SQS::Queue", DeletionPolicy: "Retain", UpdateReplacePolicy: "Delete" } }, { lineOf: (p) => (p === "/Resources/Data" ? 7 : undefined) });
    expect(f).toMatchObject({ rule: "prod-resource-unprotected", severity: "error", subject: "OrdersProd/Data", suppressed: null });
    expect(f?.evidence).toEqual([{ file: "t.json", pointer: "/Resources/Data", line: 7, note: `protection per CloudFormation: ${policy.protection["AWS::SQS::Queue"]?.source}` }]);
  });

  test("evidence whose line is not known has no line field at all (a consumer testing \"line\" in it must not find one)", () => {
    const [f] = evaluate({ Data: { Type: "AWS::SQS::Queue" } }, { lineOf: () => undefined });
    expect(f?.evidence[0]).not.toHaveProperty("line");
    expect(f?.evidence[0]).toMatchObject({ file: "t.json", pointer: "/Resources/Data" });
  });

  test("a stateful type the table does not describe falls back to CloudFormation's defaults (Delete, no snapshot)", () => {
    const custom = resolvePolicy();
    custom.destructive.statefulResourceTypes = [...custom.destructive.statefulResourceTypes, "AWS::Example::Store"];
    const input: TemplateInput = { file: "t.json", value: { Resources: { Data: { Type: "AWS::Example::Store", DeletionPolicy: "Snapshot" } } }, stackName: "OrdersProd", terminationProtection: true };
    const [f] = rule.evaluate(input, readTemplate(input, custom), custom);
    expect(f?.message).toContain("(DeletionPolicy is Snapshot, which CloudFormation does not support for AWS::Example::Store)");
    expect(f?.evidence[0]?.note).toBe("protection per CloudFormation: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html");
  });

  test("termination protection off: an error with the fix for a template stack; unknown: a warning", () => {
    const [off] = evaluate({}, { terminationProtection: false });
    expect(off).toMatchObject({ severity: "error", subject: "OrdersProd", evidence: [{ file: "t.json", pointer: "", note: "terminationProtection is off in the cloud assembly" }] });
    expect(off?.message).toBe("Production stack OrdersProd has no termination protection: one DeleteStack destroys it. Turn on termination protection for the stack (aws cloudformation update-termination-protection).");
    const [cdk] = evaluate({}, { terminationProtection: false, stagePath: "Prod/Service" });
    expect(cdk?.message).toMatch(/destroys it\. Set terminationProtection: true on the stack\.$/);
    const [unknown] = evaluate({}, { terminationProtection: undefined });
    expect(unknown).toMatchObject({ severity: "warning", evidence: [{ note: "template file without stack settings" }] });
    expect(unknown?.message).toBe("Production stack OrdersProd: termination protection cannot be read from a template file; make sure the deployed stack has it.");
  });

  test("a non-production stack is not judged", () => {
    expect(evaluate({ Data: { Type: "AWS::SQS::Queue" } }, { stackName: "OrdersStaging", terminationProtection: false })).toEqual([]);
  });
});
