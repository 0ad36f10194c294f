/**
 * Two different texts that read as the same number. `@aws-cdk/cloudformation-diff`'s `deepEqual`
 * calls a string equal to another whenever `Number()` of both is the same, so "1000" and "1e3",
 * "0123" and "123", "" and "0", "0x10" and "16" were one value: a bucket renamed from "1000" to
 * "1e3" was no change at all. CloudFormation compares a String property as text (a new BucketName
 * is a new bucket), so each of these replaces. Decided from the resource reference before running:
 * BucketName, DBName and TableName are "Update requires: Replacement"; what must stay equal is a
 * number against its own text ("10" and 10, which CloudFormation reads alike) and identical text.
 */
import { templateImpacts } from "../../src/aws/template-impact.js";

const bucket = (name: unknown) => ({ Resources: { Logs: { Type: "AWS::S3::Bucket", Properties: { BucketName: name } } } });
const impactOf = (base: unknown, head: unknown) => templateImpacts(base, head).resources.find((r) => r.logicalId === "Logs")?.impact;

describe("texts that read as the same number are different texts", () => {
  it.each([["1000", "1e3"], ["0123", "123"], ["", "0"], ["0x10", "16"], [" 7", "7"], ["5.0", "5"]])("BucketName %j → %j replaces the bucket", (before, after) => {
    expect(impactOf(bucket(before), bucket(after))).toBe("WILL_REPLACE");
  });

  it("a number and its own text, or the same text, are no change", () => {
    expect(impactOf(bucket("10"), bucket(10))).toBeUndefined();
    expect(impactOf(bucket("1e3"), bucket("1e3"))).toBeUndefined();
  });

  it("a parameter Default, a nested stack's parameter and a mapping entry that change text are changes", () => {
    const withDefault = (value: string) => ({
      Parameters: { Suffix: { Type: "String", Default: value } },
      Resources: { Table: { Type: "AWS::DynamoDB::Table", Properties: { TableName: { "Fn::Sub": "orders-${Suffix}" }, KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] } } },
    });
    expect(templateImpacts(withDefault("0100"), withDefault("100")).resources.find((r) => r.logicalId === "Table")?.impact).toBe("WILL_REPLACE");
    const nested = (value: string) => ({ Resources: { Data: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "./data.yaml", Parameters: { Suffix: value } } } } });
    expect(templateImpacts(nested("0100"), nested("100")).nestedParameters["Data"]).toEqual(["Suffix"]);
    const mapped = (value: string) => ({
      Mappings: { Names: { prod: { suffix: value } } },
      Resources: { Logs: { Type: "AWS::S3::Bucket", Properties: { BucketName: { "Fn::Sub": ["logs-${S}", { S: { "Fn::FindInMap": ["Names", "prod", "suffix"] } }] } } } },
    });
    expect(impactOf(mapped("1e3"), mapped("1000"))).toBe("WILL_REPLACE");
  });
});
