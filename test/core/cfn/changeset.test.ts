import { evaluateChangeSet, replacementCauses } from "../../../src/core/cfn/changeset-destroys-prod.js";
import { diffTemplates, type TemplateSide } from "../../../src/core/cfn/changeset-template-diff.js";
import { isOpaqueResourceType, type ChangeSetFacts, type ResourceChange } from "../../../src/core/cfn/changeset.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();

function facts(changes: ResourceChange[], extra: Partial<ChangeSetFacts> = {}): ChangeSetFacts {
  return { stackName: "orders-prod", changeSetName: "cs", id: "arn:cs", tags: {}, protections: { terminationProtection: true, stackPolicy: false }, deletionPolicies: {}, updateReplacePolicies: {}, changes, ...extra };
}
const change = (c: Partial<ResourceChange>): ResourceChange => ({ logicalId: "Res", resourceType: "AWS::DynamoDB::Table", action: "Modify", details: [], evidence: { arn: "arn:cs", pointer: "/Changes/0/ResourceChange" }, ...c });

function side(file: string, template: unknown, yaml?: string): TemplateSide {
  const parsed = parseSource(yaml ?? JSON.stringify(template, null, 2));
  return { file, value: parsed.value, lineOf: parsed.lineOf };
}

describe("changeset-destroys-prod (pure)", () => {
  test("unknown DeletionPolicy (template not read) fails closed on Remove", () => {
    const [f] = evaluateChangeSet(facts([change({ action: "Remove" })], { deletionPolicies: undefined }), policy);
    expect(f).toMatchObject({ severity: "error" });
    expect(f?.message).toContain("DeletionPolicy unknown (stack template not read)");
  });

  test("DeletionPolicy Snapshot still fails: the live resource is deleted", () => {
    const [f] = evaluateChangeSet(facts([change({ action: "Remove" })], { deletionPolicies: { Res: "Snapshot" } }), policy);
    expect(f?.severity).toBe("error");
    expect(f?.message).toContain("Snapshot: the live resource is still deleted");
  });

  test("replacement kept by UpdateReplacePolicy Retain is a note", () => {
    const [f] = evaluateChangeSet(facts([change({ replacement: "True" })], { updateReplacePolicies: { Res: "Retain" } }), policy);
    expect(f?.severity).toBe("note");
  });

  test("Dynamic changes and unread nested stacks fail closed; Add and Replacement False pass", () => {
    const out = evaluateChangeSet(
      facts([
        change({ logicalId: "A", action: "Dynamic" }),
        change({ logicalId: "B", resourceType: "AWS::CloudFormation::Stack", replacement: "False" }),
        change({ logicalId: "C", action: "Add" }),
        change({ logicalId: "D", replacement: "False" }),
      ]),
      policy,
    );
    expect(out.map((f) => [f.subject, f.severity])).toEqual([["orders-prod/A", "error"], ["orders-prod/B", "error"]]);
    expect(out[1]?.message).toContain("IncludeNestedStacks");
  });

  test("an unknown Replacement value fails closed", () => {
    expect(evaluateChangeSet(facts([change({ replacement: "Maybe" })]), policy).map((f) => f.severity)).toEqual(["error"]);
  });

  test("production by tag and by configured account; a staging-tagged stack is not production", () => {
    const replaced = [change({ replacement: "True" })];
    expect(evaluateChangeSet(facts(replaced, { stackName: "orders", tags: { Environment: "production" } }), policy)).toHaveLength(1);
    expect(evaluateChangeSet(facts(replaced, { stackName: "orders", tags: { Environment: "staging" } }), policy)).toHaveLength(0);
    const cfg = resolvePolicy(parseUserConfig("c.yml", "production:\n  accounts: ['999999999999']\n"));
    expect(evaluateChangeSet(facts(replaced, { stackName: "orders-staging", account: "999999999999" }), cfg)).toHaveLength(1);
  });

  test("a nested stack of a production root is production even when its own name says nothing", () => {
    const nested = facts([change({ replacement: "True" })], { stackName: "Root-Data-ABC", tags: { Environment: "staging" } });
    const root = facts([change({ logicalId: "Data", resourceType: "AWS::CloudFormation::Stack", replacement: "False", nested })]);
    expect(evaluateChangeSet(root, policy).map((f) => f.subject)).toEqual(["Root-Data-ABC/Res"]);
  });

  test("replacement causes list only recreating properties, once each", () => {
    const c = change({ details: [
      { name: "KeySchema", requiresRecreation: "Always" },
      { name: "KeySchema", requiresRecreation: "Always" },
      { name: "BillingMode", requiresRecreation: "Never" },
    ] });
    expect(replacementCauses(c)).toEqual(["KeySchema (RequiresRecreation: Always)"]);
  });

  test("opaque types: custom and third-party registry types, not AWS ones", () => {
    expect(isOpaqueResourceType("Custom::Seeder")).toBe(true);
    expect(isOpaqueResourceType("AWS::CloudFormation::CustomResource")).toBe(true);
    expect(isOpaqueResourceType("MongoDB::Atlas::Cluster")).toBe(true);
    expect(isOpaqueResourceType("AWS::S3::Bucket")).toBe(false);
  });
});

describe("--template-diff (local, no AWS)", () => {
  const oldTemplate = {
    Resources: {
      OrdersTable: { Type: "AWS::DynamoDB::Table", Properties: { TableName: "orders", BillingMode: "PAY_PER_REQUEST" } },
      Assets: { Type: "AWS::S3::Bucket", DeletionPolicy: "Retain" },
      Logs: { Type: "AWS::Logs::LogGroup", Properties: { RetentionInDays: 30 } },
      Queue: { Type: "AWS::SQS::Queue" },
    },
  };
  const newTemplate = {
    Resources: {
      OrdersTable: { Type: "AWS::DynamoDB::Table", Properties: { TableName: "orders-v2", BillingMode: "PAY_PER_REQUEST" } },
      Logs: { Type: "AWS::Logs::LogGroup", Properties: { RetentionInDays: 90 } },
      Queue: { Type: "AWS::SNS::Topic" },
    },
  };

  test("removed ids, replacement-forcing properties and type changes, with file + line + pointer", () => {
    const { facts: diff, errors } = diffTemplates(side("old.json", oldTemplate), side("new.json", newTemplate), "ShopProdStack");
    expect(errors).toEqual([]);
    const findings = evaluateChangeSet(diff, policy);
    const bySubject = Object.fromEntries(findings.map((f) => [f.subject, f]));
    expect(Object.keys(bySubject).sort()).toEqual(["ShopProdStack/Assets", "ShopProdStack/OrdersTable", "ShopProdStack/Queue"]);
    expect(bySubject["ShopProdStack/Assets"]?.severity).toBe("note");
    expect(bySubject["ShopProdStack/OrdersTable"]?.message).toContain("TableName (RequiresRecreation: Always)");
    expect(bySubject["ShopProdStack/OrdersTable"]?.evidence[0]).toEqual({ file: "new.json", pointer: "/Resources/OrdersTable/Properties/TableName", line: 6 });
    expect(bySubject["ShopProdStack/Queue"]?.severity).toBe("error");
  });

  test("a staging stack name passes the same diff", () => {
    const { facts: diff } = diffTemplates(side("old.json", oldTemplate), side("new.json", newTemplate), "ShopStagingStack");
    expect(evaluateChangeSet(diff, policy)).toEqual([]);
  });

  test("YAML templates with short-form tags diff like JSON", () => {
    const oldYaml = "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBName: !Ref Name\n";
    const newYaml = "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBName: orders\n";
    const { facts: diff } = diffTemplates(side("a.yaml", null, oldYaml), side("b.yaml", null, newYaml), "prod");
    const [f] = evaluateChangeSet(diff, policy);
    expect(f?.evidence[0]).toMatchObject({ file: "b.yaml", line: 5 });
  });

  test("a file without Resources is an input error, not a pass", () => {
    const { errors } = diffTemplates(side("old.json", { foo: 1 }), side("new.json", newTemplate), "prod");
    expect(errors).toEqual([{ file: "old.json", message: "not a CloudFormation template: no Resources object" }]);
  });
});
