/**
 * `diff` over two template files, for the branches the assemblies of diff.test.ts do not reach:
 * a nested template that changed while its parent's Stack resource did not, a resource without a
 * Type, and an UpdateReplacePolicy that only one side keeps. Expected verdicts are written from
 * the templates, before running.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cli } from "../aws/cli.js";
import { gate, type GateReport } from "./gate.js";

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "ag-diff-edges-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const diff = (base: string, head: string) => gate(work, base, head, ["--stack-name", "ledger-prod"]);
const json = (value: unknown) => JSON.stringify(value, null, 1);
const table = (name: string, extra: Record<string, unknown> = {}) => ({ Type: "AWS::DynamoDB::Table", Properties: { TableName: name, KeySchema: [{ AttributeName: "id", KeyType: "HASH" }] }, ...extra });

describe("diff of template files: branches the assemblies do not reach", () => {
  it("a nested template that changed under an unchanged Stack resource (same asset path): its renamed table is an error", async () => {
    // Same parent text on both sides; the nested file of the same name differs between the two folders.
    // The URL is CDK's asset URL (an intrinsic ending in the source hash): only then does metadata name the template.
    const assetUrl = { "Fn::Join": ["", ["https://s3.", { Ref: "AWS::URLSuffix" }, "/cdk-hnb659fds-assets-111111111111-eu-west-1/5b0d7e4c3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d.json"]] };
    const parent = json({ Resources: { Data: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: assetUrl }, Metadata: { "aws:asset:path": "Data.nested.template.json" } } } });
    for (const [side, name] of [["base", "ledger"], ["head", "ledger-v2"]] as const) {
      mkdirSync(path.join(work, side), { recursive: true });
      writeFileSync(path.join(work, side, "parent.json"), parent);
      writeFileSync(path.join(work, side, "Data.nested.template.json"), json({ Resources: { Ledger: table(name) } }));
    }
    const { code, out } = await diff(path.join(work, "base", "parent.json"), path.join(work, "head", "parent.json"));
    expect(out.errors).toEqual([]);
    expect(code).toBe(1);
    expect(out.findings.map((f) => [f.severity, f.subject, f.evidence[0]?.file])).toEqual([["error", "ledger-prod/Data/Ledger", path.join(work, "head", "Data.nested.template.json")]]);
    expect(out.findings[0]?.message).toContain("TableName (WILL_REPLACE)");
  });

  it("a head resource without a Type is an input error with its line (exit 2), not a removal judged or ignored", async () => {
    writeFileSync(path.join(work, "typed.json"), json({ Resources: { Ledger: table("ledger"), Queue: { Type: "AWS::SQS::Queue" } } }));
    const untyped = json({ Resources: { Ledger: table("ledger"), Queue: { Properties: {} } } });
    writeFileSync(path.join(work, "untyped.json"), untyped);
    const { code, out } = await diff(path.join(work, "typed.json"), path.join(work, "untyped.json"));
    expect(code).toBe(2);
    expect(out.errors).toContainEqual({ file: path.join(work, "untyped.json"), line: untyped.split("\n").findIndex((l) => l.includes('"Queue"')) + 1, message: "resource Queue has no Type" });
  });

  it("UpdateReplacePolicy Retain on the base only: a replacement deletes the old table (error); on both sides it is kept (note)", async () => {
    const write = (file: string, name: string, policy?: string) => writeFileSync(path.join(work, file), json({ Resources: { Ledger: table(name, policy ? { UpdateReplacePolicy: policy, DeletionPolicy: policy } : {}) } }));
    write("kept.json", "ledger", "Retain");
    write("dropped.json", "ledger-v2", "Delete");
    write("kept-v2.json", "ledger-v2", "Retain");
    const dropped = await diff(path.join(work, "kept.json"), path.join(work, "dropped.json"));
    expect(dropped.code).toBe(1);
    expect(dropped.out.findings.map((f) => [f.severity, f.subject])).toEqual([["error", "ledger-prod/Ledger"]]);
    expect(dropped.out.findings[0]?.message).toContain("UpdateReplacePolicy Delete");
    const kept = await diff(path.join(work, "kept.json"), path.join(work, "kept-v2.json"));
    expect(kept.code).toBe(0);
    expect(kept.out.findings.map((f) => [f.severity, f.subject])).toEqual([["note", "ledger-prod/Ledger"]]);
    expect(kept.out.findings[0]?.message).toContain("kept by UpdateReplacePolicy Retain");
  });

  it("a path through a file (ENOTDIR) is an input error naming it and its code (exit 2), nothing judged", async () => {
    writeFileSync(path.join(work, "plain.json"), json({ Resources: { Ledger: table("ledger") } }));
    const through = path.join(work, "plain.json", "head.json");
    const { code, out } = await diff(path.join(work, "plain.json"), through);
    expect(code).toBe(2);
    expect(out.findings).toEqual([]);
    expect(out.errors).toEqual([{ file: through, line: null, message: "cannot read template or cloud assembly: ENOTDIR" }]);
  });

  it("a base template that cannot be parsed: an input error (exit 2), the head's table is not judged as added", async () => {
    writeFileSync(path.join(work, "broken.json"), '{ "Resources": { "Ledger": ');
    writeFileSync(path.join(work, "whole.json"), json({ Resources: { Ledger: table("ledger") } }));
    const { code, out } = await diff(path.join(work, "broken.json"), path.join(work, "whole.json"));
    expect(code).toBe(2);
    expect(out.findings).toEqual([]);
    expect(out.errors.map((e) => e.file)).toEqual([path.join(work, "broken.json")]);
  });

  it("two cloud assemblies that list no stack: an input error (exit 2), never a clean pass", async () => {
    for (const side of ["empty-base", "empty-head"]) {
      mkdirSync(path.join(work, side));
      writeFileSync(path.join(work, side, "manifest.json"), json({ version: "36.0.0", artifacts: {} }));
    }
    const file = path.join(work, "out-empty.json");
    const code = await cli(["diff", path.join(work, "empty-base"), path.join(work, "empty-head"), "--format", "json", "--output", file]);
    expect(code).toBe(2);
    expect((JSON.parse(readFileSync(file, "utf8")) as GateReport).errors).toEqual([{ file: path.join(work, "empty-head", "manifest.json"), line: null, message: "neither cloud assembly lists a stack" }]);
  });
});

describe("diff of template files with nested stacks written as local paths (aws cloudformation package, sam)", () => {
  // Before, such a nested stack was never read: a child template that lost its production table
  // under an unchanged parent passed with "0 resource change(s)".
  const DATA = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]\n      KeySchema: [{ AttributeName: pk, KeyType: HASH }]\n  Queue:\n    Type: AWS::SQS::Queue\n";
  const DATA_WITHOUT_TABLE = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
  const sides = (name: string, parent: string, base: Record<string, string>, head: Record<string, string>): [string, string] => {
    for (const [side, files] of [["base", base], ["head", head]] as const) {
      for (const [file, text] of Object.entries({ "parent.yaml": parent, ...files })) {
        mkdirSync(path.dirname(path.join(work, name, side, file)), { recursive: true });
        writeFileSync(path.join(work, name, side, file), text);
      }
    }
    return [path.join(work, name, "base", "parent.yaml"), path.join(work, name, "head", "parent.yaml")];
  };

  it.each([
    ["AWS::CloudFormation::Stack", "TemplateURL"],
    ["AWS::Serverless::Application", "Location"],
  ])("%s with a local %s: the table the child template drops under an unchanged parent is an error at the base's line", async (type, property) => {
    const parent = `Resources:\n  Data:\n    Type: ${type}\n    Properties:\n      ${property}: ./stacks/data.yaml\n`;
    const [base, head] = sides(`local-${property}`, parent, { "stacks/data.yaml": DATA }, { "stacks/data.yaml": DATA_WITHOUT_TABLE });
    const { code, out } = await diff(base, head);
    expect(out.errors).toEqual([]);
    expect(code).toBe(1);
    expect(out.findings.map((f) => [f.severity, f.subject, f.evidence[0]?.file, f.evidence[0]?.line])).toEqual([["error", "ledger-prod/Data/Orders", path.join(work, `local-${property}`, "base", "stacks", "data.yaml"), 3]]);
  });

  it("a SAM application whose template moved (same content): an update of its stack, nothing replaced", async () => {
    const parent = (location: string) => `Transform: AWS::Serverless-2016-10-31\nResources:\n  Data:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: ${location}\n`;
    mkdirSync(path.join(work, "moved", "base", "stacks"), { recursive: true });
    mkdirSync(path.join(work, "moved", "head", "nested"), { recursive: true });
    writeFileSync(path.join(work, "moved", "base", "parent.yaml"), parent("./stacks/data.yaml"));
    writeFileSync(path.join(work, "moved", "base", "stacks", "data.yaml"), DATA);
    writeFileSync(path.join(work, "moved", "head", "parent.yaml"), parent("./nested/data.yaml"));
    writeFileSync(path.join(work, "moved", "head", "nested", "data.yaml"), DATA);
    const { code, out } = await diff(path.join(work, "moved", "base", "parent.yaml"), path.join(work, "moved", "head", "parent.yaml"));
    expect(out.errors).toEqual([]);
    expect(out.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it("a SAM application given a new parameter its table is named by: the table in the nested stack is replaced", async () => {
    const parent = (name: string) => `Transform: AWS::Serverless-2016-10-31\nResources:\n  Data:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: ./stacks/data.yaml\n      Parameters:\n        TableName: ${name}\n`;
    const child = "Parameters:\n  TableName: { Type: String }\nResources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: !Ref TableName\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]\n      KeySchema: [{ AttributeName: pk, KeyType: HASH }]\n";
    for (const [side, name] of [["base", "orders"], ["head", "orders-v2"]] as const) {
      mkdirSync(path.join(work, "param", side, "stacks"), { recursive: true });
      writeFileSync(path.join(work, "param", side, "parent.yaml"), parent(name));
      writeFileSync(path.join(work, "param", side, "stacks", "data.yaml"), child);
    }
    const { code, out } = await diff(path.join(work, "param", "base", "parent.yaml"), path.join(work, "param", "head", "parent.yaml"));
    expect(out.errors).toEqual([]);
    expect(code).toBe(1);
    expect(out.findings.map((f) => [f.severity, f.subject])).toEqual([["error", "ledger-prod/Data/Orders"]]);
    expect(out.findings[0]?.message).toContain("TableName");
  });

  it("a local nested template missing on one side is an input error (exit 2), never its resources judged as removed", async () => {
    const parent = "Resources:\n  Data:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./stacks/data.yaml\n";
    const [base, head] = sides("missing-child", parent, { "stacks/data.yaml": DATA }, {});
    const { code, out } = await diff(base, head);
    expect(code).toBe(2);
    expect(out.errors.map((e) => [e.file, e.message.split(":")[0]])).toEqual([[path.join(path.dirname(head), "stacks", "data.yaml"), "cannot read template"]]);
    expect(out.findings.filter((f) => f.subject.includes("Orders"))).toEqual([]);
  });

  it("an S3 URL: the content can change while the parent's text does not, so it is an input error at the URL (exit 2) on each side", async () => {
    const parent = "Resources:\n  Data:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://orders-artifacts.s3.amazonaws.com/data.yaml\n";
    const [base, head] = sides("s3", parent, {}, {});
    const { code, out } = await diff(base, head);
    expect(code).toBe(2);
    expect(out.errors.map((e) => [e.file, e.line, e.message.split(", so what")[0]])).toEqual([
      [base, 5, "nested stack Data (AWS::CloudFormation::Stack): its template (https://orders-artifacts.s3.amazonaws.com/data.yaml) is not read"],
      [head, 5, "nested stack Data (AWS::CloudFormation::Stack): its template (https://orders-artifacts.s3.amazonaws.com/data.yaml) is not read"],
    ]);
  });

  it("a nested path out of the template's directory is not read: an input error that quotes nothing of the file", async () => {
    writeFileSync(path.join(work, "credentials"), "[default]\naws_secret_access_key = EXAMPLESECRET\n");
    const parent = "Resources:\n  Data:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ../../credentials\n";
    const [base, head] = sides("outside", parent, {}, {});
    const { code, out } = await diff(base, head);
    expect(code).toBe(2);
    expect(out.errors.map((e) => e.message)).toEqual([
      `nested stack Data (AWS::CloudFormation::Stack): its template ../../credentials is outside ${path.dirname(base)}: not read (fail closed)`,
      `nested stack Data (AWS::CloudFormation::Stack): its template ../../credentials is outside ${path.dirname(head)}: not read (fail closed)`,
    ]);
    expect(JSON.stringify(out)).not.toContain("EXAMPLESECRET");
  });

  /**
   * A local module's change (aws/aws-cli basic-template.yaml and basic-module.yaml, Apache-2.0:
   * `Properties: Name: foo` becomes the bucket's BucketName when packaged). Renaming it to bar
   * replaces the bucket, and a module file edited under an unchanged `Type: LocalModule` parent
   * changes a table's key; neither shows in the parent's text. Expected: exit 2 with the error at
   * each side's module, never a pass.
   */
  it("local modules (a Modules section, Type: LocalModule): an input error on each side, not a pass", async () => {
    const sectioned = (name: string) => `Modules:\n  Content:\n    Source: ./basic-module.yaml\n    Properties:\n      Name: ${name}\n    Overrides:\n      OverrideMe: def\nResources:\n  OtherResource:\n    Type: AWS::S3::Bucket\n`;
    writeFileSync(path.join(work, "modules-base.yaml"), sectioned("foo"));
    writeFileSync(path.join(work, "modules-head.yaml"), sectioned("bar"));
    const section = await diff(path.join(work, "modules-base.yaml"), path.join(work, "modules-head.yaml"));
    expect(section.code).toBe(2);
    expect(section.out.errors.map((e) => [path.basename(e.file), e.line])).toEqual([["modules-base.yaml", 1], ["modules-head.yaml", 1]]);
    const local = "Resources:\n  Content:\n    Type: LocalModule\n    Source: ./m.yaml\n";
    writeFileSync(path.join(work, "local-base.yaml"), local);
    writeFileSync(path.join(work, "local-head.yaml"), local);
    const resource = await diff(path.join(work, "local-base.yaml"), path.join(work, "local-head.yaml"));
    expect(resource.code).toBe(2);
    expect(resource.out.errors.map((e) => [path.basename(e.file), e.line, e.message.slice(0, 40)])).toEqual([["local-base.yaml", 2, "resource Content is a local module (Sour"], ["local-head.yaml", 2, "resource Content is a local module (Sour"]]);
  });
});

/**
 * A DeletionPolicy or UpdateReplacePolicy written as `!Ref DataPolicy` (AWS::LanguageExtensions
 * resolves intrinsics in both: CloudFormation User Guide, "AWS::LanguageExtensions transform"),
 * here with the parameter's Default `Retain`. Which value a deploy passes is not in the template:
 * the removal or replacement fails closed (decided before running), and the finding shows the
 * policy as written. Before, it said "DeletionPolicy Delete (default)", which the template does
 * not say.
 */
describe("diff: a deletion or replace policy written with an intrinsic function", () => {
  const template = (withTable: boolean, tableName = "orders") => json({
    Transform: "AWS::LanguageExtensions",
    Parameters: { DataPolicy: { Type: "String", Default: "Retain", AllowedValues: ["Retain", "Delete"] } },
    Resources: {
      ...(withTable ? { Orders: table(tableName, { DeletionPolicy: { Ref: "DataPolicy" }, UpdateReplacePolicy: { Ref: "DataPolicy" } }) } : {}),
      Topic: { Type: "AWS::SNS::Topic" },
    },
  });

  it("removed: an error that shows the policy as written, not as Delete (default)", async () => {
    writeFileSync(path.join(work, "policy-base.json"), template(true));
    writeFileSync(path.join(work, "policy-removed.json"), template(false));
    const { code, out } = await diff(path.join(work, "policy-base.json"), path.join(work, "policy-removed.json"));
    expect(out.errors).toEqual([]);
    expect(code).toBe(1);
    expect(out.findings.map((f) => [f.severity, f.subject])).toEqual([["error", "ledger-prod/Orders"]]);
    expect(out.findings[0]?.message).toContain('DeletionPolicy {"Ref":"DataPolicy"} (known only at deployment: not counted as Retain)');
    expect(out.findings[0]?.message).not.toContain("Delete (default)");
  });

  it("replaced: an error that shows the UpdateReplacePolicy as written", async () => {
    writeFileSync(path.join(work, "policy-renamed.json"), template(true, "orders-v2"));
    const { code, out } = await diff(path.join(work, "policy-base.json"), path.join(work, "policy-renamed.json"));
    expect(code).toBe(1);
    expect(out.findings[0]?.message).toContain('UpdateReplacePolicy {"Ref":"DataPolicy"} (known only at deployment: not counted as Retain)');
    expect(out.findings[0]?.message).not.toContain("Delete (default)");
  });
});
