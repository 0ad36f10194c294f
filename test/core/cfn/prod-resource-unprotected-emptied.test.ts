/**
 * prod-resource-unprotected: a bucket (or ECR repository) that CDK's auto-delete custom resource
 * empties on stack delete or replacement loses its data whatever its own DeletionPolicy says.
 * Inputs and expected verdicts (decided before running): test/fixtures/cfn/auto-delete/README.md.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { rule } from "../../../src/core/cfn/prod-resource-unprotected.js";
import { readTemplate, type TemplateInput } from "../../../src/core/cfn/template.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const DIR = path.join(import.meta.dirname, "../../fixtures/cfn/auto-delete");
const BUCKET = "Bucket83908E77";
const CR = "BucketAutoDeleteObjectsCustomResourceBAFD23C2";

type Template = { Resources: Record<string, Record<string, unknown>> };
const fixture = (name: string): Template => JSON.parse(readFileSync(path.join(DIR, `${name}.template.json`), "utf8")) as Template;

function messages(value: unknown, stackName = "OrdersProd", extra: Partial<TemplateInput> = {}): Record<string, string> {
  const input: TemplateInput = { file: "t.json", value, stackName, terminationProtection: true, ...extra };
  return Object.fromEntries(rule.evaluate(input, readTemplate(input, policy), policy).map((f) => [f.subject, f.message]));
}

describe("a store emptied by CDK's auto-delete custom resource", () => {
  it("names the custom resource on a DESTROY bucket, and advises removing autoDeleteObjects in CDK", () => {
    const template = fixture("cdk-s3-bucket-auto-delete-objects");
    const m = messages(template)[`OrdersProd/${BUCKET}`];
    expect(m).toContain("a stack delete destroys it (DeletionPolicy is Delete; and");
    expect(m).toContain(`${CR} (Custom::S3AutoDeleteObjects, DeletionPolicy is Delete) deletes every object in it first`);
    expect(m).toContain("Set DeletionPolicy and UpdateReplacePolicy to Retain");
    expect(m).toContain(`remove ${CR} together with the aws-cdk:auto-delete-objects tag`);
    // In CDK terms: RETAIN alone fails synthesis while autoDeleteObjects is on.
    const cdk = messages(template, "OrdersProd", { stagePath: "OrdersProd" })[`OrdersProd/${BUCKET}`];
    expect(cdk).toContain("Remove autoDeleteObjects");
    expect(cdk).toContain("removalPolicy: RemovalPolicy.RETAIN");
  });

  it("flags a retained bucket the custom resource empties on delete and on replacement", () => {
    const m = messages(fixture("retained-bucket-auto-delete-objects"));
    expect(Object.keys(m)).toEqual([`OrdersProd/${BUCKET}`]);
    expect(m[`OrdersProd/${BUCKET}`]).toMatch(/^Stateful production resource Bucket83908E77 \(AWS::S3::Bucket\) is unprotected: a stack delete empties it \(.*DeletionPolicy is Delete.*\); a replacement empties it \(/);
  });

  it("keeps the replacement gap when the custom resource itself is retained", () => {
    const template = fixture("retained-bucket-auto-delete-objects");
    const cr = template.Resources[CR] as Record<string, unknown>;
    cr["DeletionPolicy"] = "Retain";
    let m = messages(template)[`OrdersProd/${BUCKET}`];
    expect(m).not.toContain("a stack delete");
    expect(m).toContain("a replacement empties it");
    cr["UpdateReplacePolicy"] = "Retain";
    m = messages(template)[`OrdersProd/${BUCKET}`];
    expect(m).not.toContain("a stack delete");
    expect(m).toContain("a replacement empties it");
  });

  it("says nothing in a non-production stack, or for a retained bucket no custom resource names", () => {
    expect(messages(fixture("retained-bucket-auto-delete-objects"), "OrdersDev")).toEqual({});
    const template = fixture("retained-bucket-auto-delete-objects");
    delete template.Resources[CR];
    expect(messages(template)).toEqual({});
    // Another custom resource naming the bucket (CDK's put-objects test resource) empties nothing.
    const other = fixture("retained-bucket-auto-delete-objects");
    (other.Resources[CR] as Record<string, unknown>)["Type"] = "Custom::S3PutObjects";
    expect(messages(other)).toEqual({});
  });

  it("follows a literal bucket name to the bucket that has it", () => {
    const template = fixture("retained-bucket-auto-delete-objects");
    (template.Resources[BUCKET]?.["Properties"] as Record<string, unknown>)["BucketName"] = "orders-uploads";
    (template.Resources[CR]?.["Properties"] as Record<string, unknown>)["BucketName"] = "orders-uploads";
    expect(Object.keys(messages(template))).toEqual([`OrdersProd/${BUCKET}`]);
  });

  it("flags a retained ECR repository that Custom::ECRAutoDeleteImages empties", () => {
    const template = {
      Resources: {
        Repo02AC86CF: { Type: "AWS::ECR::Repository", Properties: { Tags: [{ Key: "aws-cdk:auto-delete-images", Value: "true" }] }, DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" },
        RepoAutoDeleteImagesCustomResource6A4C1F2B: {
          Type: "Custom::ECRAutoDeleteImages",
          Properties: { ServiceToken: { "Fn::GetAtt": ["CustomECRAutoDeleteImagesCustomResourceProviderHandler8D89C030", "Arn"] }, RepositoryName: { Ref: "Repo02AC86CF" } },
          DependsOn: ["Repo02AC86CF"],
          UpdateReplacePolicy: "Delete",
          DeletionPolicy: "Delete",
        },
      },
    };
    const m = messages(template)["OrdersProd/Repo02AC86CF"];
    expect(m).toContain("RepoAutoDeleteImagesCustomResource6A4C1F2B (Custom::ECRAutoDeleteImages, DeletionPolicy is Delete) deletes every image in it first");
    expect(m).toContain("a replacement empties it");
  });
});
