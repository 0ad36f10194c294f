import { evaluateChangeSet, replacementCauses } from "../../../src/core/cfn/changeset-destroys-prod.js";
import { diffStackPair, type ResourceImpact, type StackPair, type TemplateSide } from "../../../src/core/cfn/changeset-template-diff.js";
import { countChanges, isOpaqueResourceType, type ChangeSetFacts, type ResourceChange } from "../../../src/core/cfn/changeset.js";
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

  test("production as deployed or as changed: the head's tags or account cannot make a production stack's removal pass", () => {
    // Verdicts written first, from DESIGN's production scope with accounts listed: an env-agnostic
    // stack is production (it may be deployed to a production account), one in a listed
    // non-production account is not.
    const cfg = resolvePolicy(parseUserConfig("c.yml", "production:\n  accounts: ['111111111111']\n  nonProductionAccounts: ['222222222222']\n"));
    const removed = [change({ action: "Remove" })];
    const at = { file: "head/manifest.json", pointer: "/artifacts/Orders/environment", line: 9 };
    // Env-agnostic as deployed, a non-production account in the head: the removal and the move out of production fail.
    const agnostic = evaluateChangeSet(facts(removed, { stackName: "orders", after: { tags: {}, account: "222222222222", evidence: at } }), cfg);
    expect(agnostic.map((f) => [f.subject, f.severity])).toEqual([["orders", "error"], ["orders/Res", "error"]]);
    expect(agnostic[0]?.message).toContain("account 222222222222 is in production.nonProductionAccounts (as deployed it is production: nothing says otherwise");
    expect(agnostic[0]?.evidence).toEqual([at]);
    // Non-production as deployed (dev tag), production in the head (prod tag): the removal is judged; no declassification.
    const promoted = evaluateChangeSet(facts(removed, { stackName: "orders", account: "222222222222", tags: { Environment: "dev" }, after: { tags: { Environment: "prod" }, account: "222222222222", evidence: at } }), cfg);
    expect(promoted.map((f) => f.subject)).toEqual(["orders/Res"]);
    // Non-production on both sides: nothing.
    expect(evaluateChangeSet(facts(removed, { stackName: "orders", account: "222222222222", after: { tags: { Environment: "test" }, account: "222222222222", evidence: at } }), cfg)).toEqual([]);
    // A nested stack inherits its parent's verdict and never reports the parent's retagging again.
    expect(evaluateChangeSet(facts(removed, { stackName: "orders/Data", after: { tags: { Environment: "dev" }, evidence: at } }), policy, {}, true).map((f) => f.subject)).toEqual(["orders/Data/Res"]);
  });

  test("a live stack set update that deploys a new template, parameters or instances fails closed: the change set does not show what it does to their stacks", () => {
    const stackSet = (name: string) => change({ logicalId: "Baseline", resourceType: "AWS::CloudFormation::StackSet", replacement: "False", details: [{ attribute: "Properties", name, requiresRecreation: "Never", changeSource: "DirectModification" }] });
    for (const name of ["TemplateBody", "TemplateURL", "Parameters", "StackInstancesGroup"]) {
      const [f] = evaluateChangeSet(facts([stackSet(name)]), policy);
      expect(f).toMatchObject({ severity: "error", subject: "orders-prod/Baseline" });
      expect(f?.message).toContain(`updated in ${name}, which CloudFormation deploys to every stack instance`);
    }
    // A property change CloudFormation does not name (ChangeSource Automatic) may be any of them.
    const unnamed = change({ logicalId: "Baseline", resourceType: "AWS::CloudFormation::StackSet", replacement: "False", details: [{ attribute: "Properties", requiresRecreation: "Never", changeSource: "Automatic" }] });
    expect(evaluateChangeSet(facts([unnamed]), policy)[0]?.message).toContain("updated in an unnamed property");
    // What the stack set itself is (its description, how fast it rolls out) reaches no stack.
    expect(evaluateChangeSet(facts([stackSet("OperationPreferences"), stackSet("Description")]), policy)).toEqual([]);
    // Removed stack instances fail whatever else is known.
    const removed = { ...stackSet("StackInstancesGroup"), removedInstances: { instances: ["account 111111111111 in us-west-2"], computed: [] }, nested: facts([]) };
    expect(evaluateChangeSet(facts([removed]), policy)[0]?.message).toContain("no longer lists the stack instances account 111111111111 in us-west-2");
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

  test("countChanges counts the changes of nested change sets too", () => {
    const inner = facts([change({ logicalId: "Table" }), change({ logicalId: "Queue", resourceType: "AWS::SQS::Queue" })]);
    const nested = change({ logicalId: "OrdersNested", resourceType: "AWS::CloudFormation::Stack", nested: facts([change({}), change({ nested: inner })]) });
    expect(countChanges(facts([change({}), nested]))).toBe(6);
    expect(countChanges(facts([]))).toBe(0);
  });

  test("opaque types: custom and third-party registry types, not AWS ones", () => {
    expect(isOpaqueResourceType("Custom::Seeder")).toBe(true);
    expect(isOpaqueResourceType("AWS::CloudFormation::CustomResource")).toBe(true);
    expect(isOpaqueResourceType("MongoDB::Atlas::Cluster")).toBe(true);
    expect(isOpaqueResourceType("AWS::S3::Bucket")).toBe(false);
    // Alexa::ASK::Skill is an AWS-published namespace (CloudFormation documents it): judged like AWS types.
    expect(isOpaqueResourceType("Alexa::ASK::Skill")).toBe(false);
    expect(isOpaqueResourceType("AWSCommunity::S3::DeleteBucketContents")).toBe(true);
  });
});

describe("template diff → change set (pure: the impacts are what the adapter over @aws-cdk/cloudformation-diff hands in)", () => {
  const base = {
    Resources: {
      OrdersTable: { Type: "AWS::DynamoDB::Table", Properties: { TableName: "orders", BillingMode: "PAY_PER_REQUEST" } },
      Assets: { Type: "AWS::S3::Bucket", DeletionPolicy: "Retain" },
      Queue: { Type: "AWS::SQS::Queue" },
      Widget: { Type: "AWS::NewService::Widget", Properties: { Size: 1 } },
      Kept: { Type: "AWS::RDS::DBInstance", UpdateReplacePolicy: "Retain", Properties: { Mystery: 1 } },
      HalfKept: { Type: "AWS::RDS::DBCluster", UpdateReplacePolicy: "Retain", Properties: { Engine: "aurora-postgresql" } },
    },
  };
  const head = {
    Resources: {
      OrdersTable: { Type: "AWS::DynamoDB::Table", Properties: { TableName: "orders-v2", BillingMode: "PAY_PER_REQUEST" } },
      Queue: { Type: "AWS::SNS::Topic" },
      Widget: { Type: "AWS::NewService::Widget", Properties: { Size: 2 } },
      Kept: { Type: "AWS::RDS::DBInstance", UpdateReplacePolicy: "Retain", Properties: { Mystery: 2 } },
      HalfKept: { Type: "AWS::RDS::DBCluster", Properties: { Engine: "aurora-mysql" } },
    },
  };
  const impacts: ResourceImpact[] = [
    { logicalId: "OrdersTable", oldType: "AWS::DynamoDB::Table", newType: "AWS::DynamoDB::Table", impact: "WILL_REPLACE", changes: [{ attribute: "Properties", name: "TableName", impact: "WILL_REPLACE" }] },
    { logicalId: "Assets", oldType: "AWS::S3::Bucket", impact: "WILL_ORPHAN", changes: [] },
    { logicalId: "Queue", oldType: "AWS::SQS::Queue", newType: "AWS::SNS::Topic", impact: "WILL_REPLACE", changes: [] },
    // Unknown to the registry schema: the library says NO_CHANGE, the adapter leaves impact out.
    { logicalId: "Widget", oldType: "AWS::NewService::Widget", newType: "AWS::NewService::Widget", impact: "NO_CHANGE", changes: [{ attribute: "Properties", name: "Size" }] },
    { logicalId: "Kept", oldType: "AWS::RDS::DBInstance", newType: "AWS::RDS::DBInstance", impact: "NO_CHANGE", changes: [{ attribute: "Properties", name: "Mystery" }] },
    { logicalId: "HalfKept", oldType: "AWS::RDS::DBCluster", newType: "AWS::RDS::DBCluster", impact: "MAY_REPLACE", changes: [{ attribute: "Properties", name: "Engine", impact: "MAY_REPLACE" }, { attribute: "UpdateReplacePolicy", name: "UpdateReplacePolicy", impact: "WILL_UPDATE" }] },
  ];
  const pair = (extra: Partial<StackPair> = {}): StackPair => ({ id: "Shop", stackName: "ShopProdStack", tags: {}, base: side("base.json", base), head: side("head.json", head), impacts, ...extra });

  test("each impact becomes a change: replacement, orphaned remove, type change, unknown property; evidence in head (base for removals)", () => {
    const { facts: diff, errors } = diffStackPair(pair());
    expect(errors).toEqual([]);
    const bySubject = Object.fromEntries(evaluateChangeSet(diff as ChangeSetFacts, policy).map((f) => [f.subject.split("/")[1], f]));
    expect(Object.keys(bySubject).sort()).toEqual(["Assets", "HalfKept", "Kept", "OrdersTable", "Queue", "Widget"]);
    expect(bySubject["OrdersTable"]).toMatchObject({ severity: "error", evidence: [{ file: "head.json", pointer: "/Resources/OrdersTable/Properties/TableName", line: 6 }] });
    expect(bySubject["OrdersTable"]?.message).toContain("TableName (WILL_REPLACE)");
    expect(bySubject["OrdersTable"]?.message).toContain("TableName is its physical name");
    expect(bySubject["Assets"]).toMatchObject({ severity: "note", evidence: [{ file: "base.json", pointer: "/Resources/Assets" }] });
    expect(bySubject["Queue"]?.message).toContain("Type AWS::SQS::Queue → AWS::SNS::Topic");
    expect(bySubject["Widget"]?.severity).toBe("error");
    expect(bySubject["Widget"]?.message).toContain("does not describe for AWS::NewService::Widget");
    expect(bySubject["Kept"]?.severity).toBe("note");
    // Retain in the base only: the head drops it, so the old cluster is not counted as kept.
    expect(bySubject["HalfKept"]?.severity).toBe("error");
    expect(bySubject["HalfKept"]?.message).toContain("Engine (MAY_REPLACE)");
  });

  test("MAY_REPLACE is Replacement: Conditional — a note with --allow-conditional, never for unknown impacts", () => {
    const { facts: diff } = diffStackPair(pair());
    const severities = Object.fromEntries(evaluateChangeSet(diff as ChangeSetFacts, policy, { allowConditional: true }).map((f) => [f.subject.split("/")[1], f.severity]));
    expect(severities).toMatchObject({ HalfKept: "note", Widget: "error" });
  });

  test("a changed Condition may delete the resource: Conditional", () => {
    const conditioned: ResourceImpact[] = [{ logicalId: "OrdersTable", oldType: "AWS::DynamoDB::Table", newType: "AWS::DynamoDB::Table", impact: "WILL_UPDATE", changes: [{ attribute: "Condition", name: "Condition", impact: "WILL_UPDATE" }] }];
    const { facts: diff } = diffStackPair(pair({ impacts: conditioned }));
    expect(diff?.changes[0]).toMatchObject({ replacement: "Conditional" });
    expect(evaluateChangeSet(diff as ChangeSetFacts, policy).map((f) => f.severity)).toEqual(["error"]);
  });

  test("a stack only in the base: stateful resources one by one, the rest in one finding; only in the head: nothing", () => {
    const { facts: removed } = diffStackPair({ id: "Shop", stackName: "ShopProdStack", tags: {}, base: side("base.json", base) });
    const subjects = evaluateChangeSet(removed as ChangeSetFacts, policy).map((f) => [f.subject, f.severity]);
    expect(subjects).toEqual([
      ["ShopProdStack/OrdersTable", "error"], ["ShopProdStack/Assets", "note"], ["ShopProdStack/Queue", "error"],
      ["ShopProdStack/Kept", "error"], ["ShopProdStack/HalfKept", "error"], ["ShopProdStack", "error"],
    ]);
    expect(diffStackPair({ id: "Shop", stackName: "ShopProdStack", tags: {}, head: side("head.json", head) }).facts).toBeUndefined();
  });

  test("a staging stack name passes the same diff", () => {
    const { facts: diff } = diffStackPair(pair({ stackName: "ShopStagingStack" }));
    expect(evaluateChangeSet(diff as ChangeSetFacts, policy)).toEqual([]);
  });

  test("fail closed: no impacts computed, no Resources object", () => {
    expect(diffStackPair(pair({ impacts: undefined })).errors).toEqual([{ file: "head.json", message: "change impact of base.json → head.json was not computed" }]);
    const notTemplate = diffStackPair(pair({ head: side("new.json", { foo: 1 }) }));
    expect(notTemplate).toEqual({ errors: [{ file: "new.json", message: "not a CloudFormation template: no Resources object" }] });
  });

  test("the hand-written property list is gone: the change-set module exports no replacement table", async () => {
    const module = (await import("../../../src/core/cfn/changeset.js")) as Record<string, unknown>;
    expect(Object.keys(module).filter((k) => /PROPERT/i.test(k))).toEqual([]);
  });
});

describe("an aws-eks Cluster on a live change set", () => {
  it("fails closed: CloudFormation's change set names Config, not what changed inside it", () => {
    const eks = change({ logicalId: "Cluster9EE0221C", resourceType: "Custom::AWSCDK-EKS-Cluster", details: [{ attribute: "Properties", name: "Config", requiresRecreation: "Conditionally", changeSource: "DirectModification" }] });
    const [f] = evaluateChangeSet(facts([eks]), policy);
    expect(f?.severity).toBe("error");
    expect(f?.message).toMatch(/whose handler CloudFormation cannot describe/);
    // With both Configs (a template diff), a version upgrade alone is in place.
    const upgraded = { ...eks, details: [{ attribute: "Properties", name: "Config", values: { before: { version: "1.31", roleArn: { "Fn::GetAtt": ["ClusterRole", "Arn"] } }, after: { version: "1.32", roleArn: { "Fn::GetAtt": ["ClusterRole", "Arn"] } } } }] };
    expect(evaluateChangeSet(facts([upgraded]), policy)).toEqual([]);
    const renamed = { ...eks, details: [{ attribute: "Properties", name: "Config", values: { before: { version: "1.31", name: "platform" }, after: { version: "1.31", name: "platform-v2" } } }] };
    expect(evaluateChangeSet(facts([renamed]), policy).map((x) => x.severity)).toEqual(["error"]);
  });
});
