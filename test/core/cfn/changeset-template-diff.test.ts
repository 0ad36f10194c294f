/**
 * diffStackPair on the shapes the assemblies of test/cli do not produce: a removed stack with
 * nested stacks, impacts without types, evidence for attributes the head dropped, nested pairs
 * with nothing to say. Every removal stays a removal (never dropped), every replacement keeps its cause.
 */
import { diffStackPair, type ResourceImpact, type StackPair, type TemplateSide } from "../../../src/core/cfn/changeset-template-diff.js";
import { parseSource } from "../../../src/core/source/parse.js";

function side(file: string, template: unknown): TemplateSide {
  const parsed = parseSource(JSON.stringify(template, null, 2));
  return { file, value: parsed.value, lineOf: parsed.lineOf };
}
const table = (name: string) => ({ Type: "AWS::DynamoDB::Table", Properties: { TableName: name } });
/** Stack ShopProd from base.json to head.json (both `parent`), unchanged itself, with `nested` pairs. */
const parentPair = (parent: (file: string) => TemplateSide, nested: StackPair["nested"]): StackPair => ({ id: "Shop", stackName: "ShopProd", tags: {}, base: parent("base.json"), head: parent("head.json"), impacts: [], nested });
const same = (logicalId: string, type: string, changes: ResourceImpact["changes"], impact: ResourceImpact["impact"] = "WILL_UPDATE"): ResourceImpact => ({ logicalId, oldType: type, newType: type, impact, changes });

describe("diffStackPair", () => {
  test("a removed stack removes its nested stacks' resources too; CDK's metadata resource is not judged", () => {
    const pair: StackPair = {
      id: "Shop",
      stackName: "ShopProd",
      tags: { env: "prod" },
      account: "111111111111",
      terminationProtection: false,
      base: side("base.json", { Resources: { CDKMetadata: { Type: "AWS::CDK::Metadata" }, Orders: table("orders"), Child: { Type: "AWS::CloudFormation::Stack" } } }),
      nested: { Child: { id: "Shop/Child", stackName: "ShopProd/Child", tags: {}, base: side("child.json", { Resources: { Ledger: table("ledger") } }) } },
    };
    const { facts, errors } = diffStackPair(pair);
    expect(errors).toEqual([]);
    expect(facts).toMatchObject({ changeSetName: "base.json → (removed)", account: "111111111111", protections: { terminationProtection: false }, removed: true });
    expect(facts?.changes.map((c) => [c.logicalId, c.action, c.nested?.changes.map((n) => [n.logicalId, n.action])])).toEqual([
      ["Orders", "Remove", undefined],
      ["Child", "Remove", [["Ledger", "Remove"]]],
    ]);
  });

  test("a removal without types in the impact takes the base's type, else 'unknown' (still a removal); a type change from CDK's metadata is judged", () => {
    const base = side("base.json", { Resources: { Orders: table("orders"), CDKMetadata: { Type: "AWS::CDK::Metadata" } } });
    const head = side("head.json", { Resources: { CDKMetadata: { Type: "AWS::S3::Bucket" } } });
    const impacts: ResourceImpact[] = [
      { logicalId: "Orders", impact: "WILL_DESTROY", changes: [] },
      { logicalId: "Ghost", impact: "WILL_DESTROY", changes: [] },
      { logicalId: "CDKMetadata", oldType: "AWS::CDK::Metadata", newType: "AWS::S3::Bucket", impact: "WILL_REPLACE", changes: [] },
      { logicalId: "Fresh", newType: "AWS::SQS::Queue", impact: "WILL_UPDATE", changes: [] },
    ];
    const { facts } = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base, head, impacts });
    expect(facts?.changes.map((c) => [c.logicalId, c.action, c.resourceType, c.replacement, c.details[0]?.causingEntity])).toEqual([
      ["Orders", "Remove", "AWS::DynamoDB::Table", undefined, undefined],
      ["Ghost", "Remove", "unknown", undefined, undefined],
      ["CDKMetadata", "Modify", "AWS::CDK::Metadata", "True", "Type AWS::CDK::Metadata → AWS::S3::Bucket"],
      ["Fresh", "Modify", "AWS::SQS::Queue", "True", "Type ? → AWS::SQS::Queue"],
    ]);
    expect(facts?.changes[1]?.evidence).toMatchObject({ file: "base.json", pointer: "/Resources/Ghost" });
  });

  test("a resource whose impact has a base type and no head type is a removal, whatever impact it names", () => {
    const base = side("base.json", { Resources: { Orders: table("orders") } });
    const head = side("head.json", { Resources: {} });
    const impacts: ResourceImpact[] = [{ logicalId: "Orders", oldType: "AWS::DynamoDB::Table", impact: "WILL_UPDATE", changes: [] }];
    const { facts } = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base, head, impacts });
    expect(facts?.changes.map((c) => [c.logicalId, c.resourceType, c.action])).toEqual([["Orders", "AWS::DynamoDB::Table", "Remove"]]);
  });

  test("a change the schema does not describe: impact UNKNOWN, replacement Unknown (never False); a known replacement wins", () => {
    const base = side("base.json", { Resources: { Orders: table("orders"), Jobs: table("jobs"), Ledger: table("ledger"), Audit: table("audit") } });
    const head = side("head.json", {
      Resources: {
        Orders: { ...table("orders"), Properties: { TableName: "orders", Bogus: 2 } },
        Jobs: { ...table("jobs-v2"), Properties: { TableName: "jobs-v2", Bogus: 2 } },
        Ledger: { ...table("ledger"), Properties: { TableName: "ledger", Bogus: 2, BillingMode: "PAY_PER_REQUEST" } },
        Audit: { ...table("audit"), Properties: { TableName: "audit", BillingMode: "PAY_PER_REQUEST" } },
      },
    });
    const impacts: ResourceImpact[] = [
      same("Orders", "AWS::DynamoDB::Table", [{ attribute: "Properties", name: "Bogus" }]),
      same("Jobs", "AWS::DynamoDB::Table", [{ attribute: "Properties", name: "Bogus" }, { attribute: "Properties", name: "TableName", impact: "WILL_REPLACE" }], "WILL_REPLACE"),
      // A known in-place update beside the unknown change: still Unknown, never False.
      same("Ledger", "AWS::DynamoDB::Table", [{ attribute: "Properties", name: "BillingMode", impact: "WILL_UPDATE" }, { attribute: "Properties", name: "Bogus" }]),
      same("Audit", "AWS::DynamoDB::Table", [{ attribute: "Properties", name: "BillingMode", impact: "WILL_UPDATE" }]),
    ];
    const { facts } = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base, head, impacts });
    expect(facts?.changes.map((c) => [c.logicalId, c.replacement, c.details.map((d) => [d.name, d.requiresRecreation, d.impact])])).toEqual([
      ["Orders", "Unknown", [["Bogus", "Unknown", "UNKNOWN"]]],
      ["Jobs", "True", [["Bogus", "Unknown", "UNKNOWN"], ["TableName", "Always", "WILL_REPLACE"]]],
      ["Ledger", "Unknown", [["BillingMode", "Never", "WILL_UPDATE"], ["Bogus", "Unknown", "UNKNOWN"]]],
      ["Audit", "False", [["BillingMode", "Never", "WILL_UPDATE"]]],
    ]);
  });

  test("evidence: the property that forces the replacement, else the resource when the head dropped it; another attribute where the head has it; the cause is named", () => {
    const base = side("base.json", { Resources: { Orders: table("orders"), Audit: { ...table("audit"), DeletionPolicy: "Retain" }, Topic: { Type: "AWS::SNS::Topic", Metadata: { a: 1 } }, Fn: { Type: "AWS::Lambda::Function", Properties: { FunctionName: "f", Timeout: 3 } }, Still: table("still") } });
    const head = side("head.json", { Resources: { Orders: { Type: "AWS::DynamoDB::Table", Properties: {} }, Audit: { ...table("audit"), DeletionPolicy: "Delete" }, Topic: { Type: "AWS::SNS::Topic" }, Fn: { Type: "AWS::Lambda::Function", Properties: { FunctionName: { "Fn::Sub": "${Bucket}-f" }, Timeout: 5 } }, Still: table("still") } });
    const impacts: ResourceImpact[] = [
      same("Orders", "AWS::DynamoDB::Table", [{ attribute: "Properties", name: "TableName", impact: "WILL_REPLACE" }], "WILL_REPLACE"),
      same("Audit", "AWS::DynamoDB::Table", [{ attribute: "DeletionPolicy", name: "DeletionPolicy", impact: "WILL_UPDATE" }]),
      same("Topic", "AWS::SNS::Topic", [{ attribute: "Metadata", name: "Metadata", impact: "WILL_UPDATE" }]),
      same("Fn", "AWS::Lambda::Function", [{ attribute: "Properties", name: "Timeout", impact: "WILL_UPDATE" }, { attribute: "Properties", name: "FunctionName", impact: "WILL_REPLACE", causedBy: ["Bucket"] }], "WILL_REPLACE"),
      same("Still", "AWS::DynamoDB::Table", [], "NO_CHANGE"),
    ];
    const { facts } = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base, head, impacts });
    const byId = Object.fromEntries((facts?.changes ?? []).map((c) => [c.logicalId, c]));
    expect(Object.keys(byId)).toEqual(["Orders", "Audit", "Topic", "Fn"]);
    expect(byId["Orders"]?.evidence.pointer).toBe("/Resources/Orders");
    expect(byId["Audit"]?.evidence.pointer).toBe("/Resources/Audit/DeletionPolicy");
    expect(byId["Topic"]?.evidence.pointer).toBe("/Resources/Topic");
    expect(byId["Fn"]).toMatchObject({ replacement: "True", evidence: { pointer: "/Resources/Fn/Properties/FunctionName" } });
    expect(byId["Fn"]?.details[1]).toEqual({ attribute: "Properties", name: "FunctionName", requiresRecreation: "Always", impact: "WILL_REPLACE", causingEntity: "Bucket", changeSource: "ResourceReference" });
    expect(facts?.changeSetName).toBe("base.json → head.json");
  });

  test("an update impact for a resource the head does not hold (impacts from a caller, not the head): still judged, evidence at the resource", () => {
    const base = side("base.json", { Resources: { Orders: table("orders") } });
    const head = side("head.json", { Resources: { Jobs: table("jobs") } });
    const impacts = [same("Orders", "AWS::DynamoDB::Table", [{ attribute: "Properties", name: "TableName", impact: "WILL_REPLACE" }], "WILL_REPLACE")];
    const { facts, errors } = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base, head, impacts });
    expect(errors).toEqual([]);
    expect(facts?.changes).toMatchObject([{ logicalId: "Orders", action: "Modify", replacement: "True", evidence: { file: "head.json", pointer: "/Resources/Orders" } }]);
  });

  test.each([
    // [base, head, the policy the replacement is judged with: "none" is CloudFormation's default, Delete]
    ["none", "none", "none"],
    ["none", "Retain", "none"], // added by the very update that replaces: not counted as kept
    ["none", "RetainExceptOnCreate", "none"],
    ["none", "Delete", "Delete"],
    ["none", "Snapshot", "Snapshot"],
    ["Retain", "none", "none"],
    ["Retain", "Retain", "Retain"],
    ["RetainExceptOnCreate", "Retain", "RetainExceptOnCreate"],
    ["Retain", "Delete", "Delete"],
    ["Delete", "Retain", "Delete"],
    ["Snapshot", "none", "Snapshot"],
  ])("UpdateReplacePolicy %s on the base and %s on the head: the replacement is judged with %s", (before, after, expected) => {
    const withPolicy = (policy: string) => ({ ...table("orders"), ...(policy !== "none" ? { UpdateReplacePolicy: policy } : {}) });
    const base = side("base.json", { Resources: { Orders: withPolicy(before) } });
    const head = side("head.json", { Resources: { Orders: { ...withPolicy(after), Properties: { TableName: "orders-v2" } } } });
    const impacts = [same("Orders", "AWS::DynamoDB::Table", [{ attribute: "Properties", name: "TableName", impact: "WILL_REPLACE" }], "WILL_REPLACE")];
    const { facts } = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base, head, impacts });
    expect(facts?.updateReplacePolicies).toEqual(expected === "none" ? {} : { Orders: expected });
  });

  test("an imported resource is not a change; the stack's termination protection is carried when known, and only then", () => {
    const base = side("base.json", { Resources: { Orders: table("orders") } });
    const head = side("head.json", { Resources: { Orders: table("orders"), Legacy: table("legacy") } });
    const impacts: ResourceImpact[] = [{ logicalId: "Legacy", newType: "AWS::DynamoDB::Table", impact: "WILL_IMPORT", changes: [] }, same("Orders", "AWS::DynamoDB::Table", [], "NO_CHANGE")];
    const unknown = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base, head, impacts }).facts;
    expect(unknown?.changes).toEqual([]);
    expect(unknown?.protections).toEqual({});
    expect(Object.keys(unknown?.protections ?? {})).toEqual([]);
    const known = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, terminationProtection: true, base, head, impacts }).facts;
    expect(known?.protections).toEqual({ terminationProtection: true });
  });

  test("nested pairs: one only in the head or without changes adds nothing; one with changes under an unchanged Stack resource is a change of it", () => {
    const parent = (file: string) => side(file, { Resources: { New: { Type: "AWS::CloudFormation::Stack" }, Quiet: { Type: "AWS::CloudFormation::Stack" }, Busy: { Type: "AWS::CloudFormation::Stack" } } });
    const inner = (file: string, name: string) => side(file, { Resources: { Ledger: table(name) } });
    const { facts, errors } = diffStackPair(
      parentPair(parent, {
        New: { id: "Shop/New", stackName: "ShopProd/New", tags: {}, head: inner("new.json", "ledger") },
        Quiet: { id: "Shop/Quiet", stackName: "ShopProd/Quiet", tags: {}, base: inner("q1.json", "ledger"), head: inner("q2.json", "ledger"), impacts: [] },
        Busy: { id: "Shop/Busy", stackName: "ShopProd/Busy", tags: {}, base: inner("b1.json", "ledger"), head: inner("b2.json", "ledger-v2"), impacts: [same("Ledger", "AWS::DynamoDB::Table", [{ attribute: "Properties", name: "TableName", impact: "WILL_REPLACE" }], "WILL_REPLACE")] },
      }),
    );
    expect(errors).toEqual([]);
    expect(facts?.changes.map((c) => [c.logicalId, c.replacement, c.nested?.changes.map((n) => [n.logicalId, n.replacement])])).toEqual([["Busy", "False", [["Ledger", "True"]]]]);
  });

  test("a side whose value is not an object: not a template, no facts (never 'every resource removed')", () => {
    const { facts, errors } = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base: { file: "base.json", value: "text" }, head: side("head.json", { Resources: {} }), impacts: [] });
    expect(facts).toBeUndefined();
    expect(errors).toEqual([{ file: "base.json", message: "not a CloudFormation template: no Resources object" }]);
  });

  test("a resource without a Type in a side read without lines: an input error naming it, without a line", () => {
    const { errors } = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base: { file: "base.json", value: { Resources: { Orders: { Properties: {} } } } }, head: side("head.json", { Resources: {} }), impacts: [] });
    expect(errors).toEqual([{ file: "base.json", message: "resource Orders has no Type" }]);
  });
  test("a module on either side: an input error at it (what the change does to its resources cannot be told), never a quiet diff", () => {
    const withModule = (file: string) => side(file, { Resources: { Orders: table("orders"), Network: { Type: "Acme::Network::Vpc::MODULE", Properties: { Cidr: "10.0.0.0/16" } } } });
    const { errors } = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base: withModule("base.json"), head: withModule("head.json"), impacts: [] });
    expect(errors.map((e) => [e.file, e.line, e.message.split(":")[0]])).toEqual([
      ["base.json", 9, "resource Network is the CloudFormation module Acme"],
      ["head.json", 9, "resource Network is the CloudFormation module Acme"],
    ]);
  });

  test("a removed stack says why it is gone when the caller knows (renamed: another stack replaces it)", () => {
    const { facts } = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base: side("base.json", { Resources: { Orders: table("orders") } }), removedBecause: "was renamed to ShopProdV2" });
    expect(facts).toMatchObject({ removed: true, removedBecause: "was renamed to ShopProdV2" });
  });

  test("a removal beside an addition of the same type names the added logical ids (a renamed logical id)", () => {
    const base = side("base.json", { Resources: { Orders: table("orders"), Topic: { Type: "AWS::SNS::Topic" } } });
    const head = side("head.json", { Resources: { OrdersV2: table("orders"), Topic: { Type: "AWS::SNS::Topic" } } });
    const impacts: ResourceImpact[] = [
      { logicalId: "Orders", oldType: "AWS::DynamoDB::Table", impact: "WILL_DESTROY", changes: [] },
      { logicalId: "OrdersV2", newType: "AWS::DynamoDB::Table", impact: "WILL_CREATE", changes: [] },
      { logicalId: "Topic", oldType: "AWS::SNS::Topic", impact: "WILL_DESTROY", changes: [] },
    ];
    const { facts } = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base, head, impacts });
    expect(facts?.changes.map((c) => [c.logicalId, c.action, c.addedSameType])).toEqual([
      ["Orders", "Remove", ["OrdersV2"]],
      ["Topic", "Remove", undefined],
    ]);
  });

  test("a nested pair's input errors are the parent's", () => {
    const parent = (file: string) => side(file, { Resources: { Child: { Type: "AWS::CloudFormation::Stack" } } });
    const { errors } = diffStackPair(
      parentPair(parent, { Child: { id: "Shop/Child", stackName: "ShopProd/Child", tags: {}, base: { file: "child-base.json", value: { Resources: { Ledger: {} } } }, head: side("child-head.json", { Resources: {} }), impacts: [] } }),
    );
    expect(errors).toEqual([{ file: "child-base.json", message: "resource Ledger has no Type" }]);
  });
});
