/**
 * changeset-destroys-prod: the whole message of each kind of finding, and the branches that only
 * show in it (stack protections, rename advice, physical ids, the removed-stack summary). The
 * message is what a deploy gate prints to the person deciding whether to go ahead: a wrong word
 * here misleads them as much as a wrong severity.
 */
import { avoidance, describeProtections, evaluateChangeSet, replacementCauses } from "../../../src/core/cfn/changeset-destroys-prod.js";
import type { ChangeSetFacts, ResourceChange } from "../../../src/core/cfn/changeset.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const RETAIN_ADVICE = "first deploy `removalPolicy: RemovalPolicy.RETAIN`";

function facts(changes: ResourceChange[], extra: Partial<ChangeSetFacts> = {}): ChangeSetFacts {
  return { stackName: "orders-prod", changeSetName: "cs", id: "arn:cs", tags: {}, protections: { terminationProtection: true, stackPolicy: false }, deletionPolicies: {}, updateReplacePolicies: {}, changes, ...extra };
}
const change = (c: Partial<ResourceChange>): ResourceChange => ({ logicalId: "Res", resourceType: "AWS::DynamoDB::Table", action: "Modify", details: [], evidence: { arn: "arn:cs", pointer: "/Changes/0/ResourceChange" }, ...c });
const messages = (f: ChangeSetFacts, allowConditional = false) => evaluateChangeSet(f, policy, { allowConditional }).map((x) => x.message);

describe("stack protections, as the gate reports them", () => {
  test.each([
    [{}, "not read (no live stack)"],
    [{ terminationProtection: true, stackPolicy: true }, "termination protection on, stack policy set"],
    [{ terminationProtection: false, stackPolicy: false }, "termination protection off, stack policy none"],
    [{ terminationProtection: false }, "termination protection off, stack policy unknown"],
    [{ stackPolicy: true }, "termination protection unknown, stack policy set"],
  ])("%j → %s", (protections, text) => {
    expect(describeProtections(facts([], { protections }))).toBe(text);
  });

  test("every finding ends with them", () => {
    const [m] = messages(facts([change({ replacement: "True" })], { protections: { terminationProtection: false } }));
    expect(m).toMatch(/ Stack protections: termination protection off, stack policy unknown$/);
  });
});

describe("removal", () => {
  test("default DeletionPolicy, renamed logical id: the whole message", () => {
    const removed = change({ action: "Remove", physicalId: "orders-prod-table", addedSameType: ["OrdersV2", "OrdersV3"] });
    expect(messages(facts([removed]))).toEqual([
      "AWS::DynamoDB::Table Res (orders-prod-table) in production stack orders-prod would be removed; DeletionPolicy Delete (default). " +
        "If it was renamed (the head adds OrdersV2, OrdersV3 of the same type), keep the old logical id: `(construct.node.defaultChild as CfnResource).overrideLogicalId(\"Res\")`. " +
        `To delete it on purpose, ${RETAIN_ADVICE} (DeletionPolicy Retain) so the data outlives the stack. Stack protections: termination protection on, stack policy none`,
    ]);
  });

  test("kept by DeletionPolicy Retain: a note that says so, without advice", () => {
    const f = evaluateChangeSet(facts([change({ action: "Remove" })], { deletionPolicies: { Res: "RetainExceptOnCreate" } }), policy)[0];
    expect(f?.severity).toBe("note");
    expect(f?.message).toBe("AWS::DynamoDB::Table Res in production stack orders-prod would be removed from the stack but kept by DeletionPolicy RetainExceptOnCreate. Stack protections: termination protection on, stack policy none");
  });

  test("no rename: only the advice to retain first", () => {
    expect(avoidance(change({ action: "Remove", addedSameType: [] }))).toBe(`To delete it on purpose, ${RETAIN_ADVICE} (DeletionPolicy Retain) so the data outlives the stack.`);
  });

  test("a removed nested stack says that everything in it goes", () => {
    const [m] = messages(facts([change({ action: "Remove", resourceType: "AWS::CloudFormation::Stack" })]));
    expect(m).toContain("would be removed (a nested stack: every resource in it is deleted); DeletionPolicy Delete (default).");
  });
});

describe("replacement", () => {
  test("by a property that is not a physical name: keep it as deployed, then how to migrate", () => {
    const replaced = change({ replacement: "True", details: [{ attribute: "Properties", name: "KeySchema", requiresRecreation: "Always" }, { attribute: "Properties", name: "KeySchema", requiresRecreation: "Always" }] });
    expect(messages(facts([replaced]))).toEqual([
      "AWS::DynamoDB::Table Res in production stack orders-prod would be replaced because KeySchema (RequiresRecreation: Always) changes; UpdateReplacePolicy Delete (default). " +
        `To keep it, keep KeySchema as deployed; for an intended migration, ${RETAIN_ADVICE} (UpdateReplacePolicy Retain) so the old resource and its data are kept, then move the data. ` +
        "Stack protections: termination protection on, stack policy none",
    ]);
  });

  test("by a referenced resource: avoid replacing that one; by a physical name: say so", () => {
    const replaced = change({
      replacement: "True",
      details: [
        { attribute: "Properties", name: "KmsKeyId", requiresRecreation: "Always", causingEntity: "OrdersKey" },
        { attribute: "Properties", name: "TableName", requiresRecreation: "Always" },
      ],
    });
    expect(avoidance(replaced)).toBe(
      "To keep it, keep TableName as deployed (TableName is its physical name: a new name is a new resource) and avoid replacing OrdersKey that it references; " +
        `for an intended migration, ${RETAIN_ADVICE} (UpdateReplacePolicy Retain) so the old resource and its data are kept, then move the data.`,
    );
    expect(replacementCauses(replaced)).toEqual(["KmsKeyId (RequiresRecreation: Always, caused by OrdersKey)", "TableName (RequiresRecreation: Always)"]);
  });

  test("by two referenced resources: both named, once each", () => {
    const twice = change({
      replacement: "True",
      details: [
        { attribute: "Properties", name: "KmsKeyId", requiresRecreation: "Always", causingEntity: "OrdersKey" },
        { attribute: "Properties", name: "StreamArn", requiresRecreation: "Always", causingEntity: "OrdersStream" },
        { attribute: "Properties", name: "KmsKeyAlias", requiresRecreation: "Always", causingEntity: "OrdersKey" },
      ],
    });
    expect(avoidance(twice)).toMatch(/^To keep it, avoid replacing OrdersKey, OrdersStream that it references; /);
  });

  test("only by a referenced resource: nothing of its own to keep", () => {
    expect(avoidance(change({ replacement: "True", details: [{ attribute: "Properties", name: "KmsKeyId", requiresRecreation: "Always", causingEntity: "OrdersKey" }] }))).toBe(
      `To keep it, avoid replacing OrdersKey that it references; for an intended migration, ${RETAIN_ADVICE} (UpdateReplacePolicy Retain) so the old resource and its data are kept, then move the data.`,
    );
  });

  test("a type change (the template diff names the old and new type as its cause) is the resource's own: keep the type", () => {
    const typeChange = change({ replacement: "True", details: [{ attribute: "Type", name: "Type", requiresRecreation: "Always", impact: "WILL_REPLACE", causingEntity: "Type AWS::SQS::Queue → AWS::SNS::Topic" }] });
    expect(avoidance(typeChange)).toMatch(/^To keep it, keep Type as deployed; for an intended migration/);
  });

  test("physical names are the resource's own name (Name, or named after its type), all of them listed; NamespaceId is none", () => {
    const names = (...props: string[]) => avoidance(change({ replacement: "True", details: props.map((name) => ({ attribute: "Properties", name, requiresRecreation: "Always" })) }));
    expect(names("TableName")).toMatch(/^To keep it, keep TableName as deployed \(TableName is its physical name: a new name is a new resource\); /);
    expect(names("NamespaceId")).toMatch(/^To keep it, keep NamespaceId as deployed; /);
    const of = (resourceType: string, ...props: string[]) => avoidance(change({ resourceType, replacement: "True", details: props.map((name) => ({ attribute: "Properties", name, requiresRecreation: "Always" })) }));
    expect(of("AWS::RDS::DBCluster", "DBClusterIdentifier", "Engine")).toContain("(DBClusterIdentifier is its physical name");
    expect(of("AWS::ElastiCache::ReplicationGroup", "ReplicationGroupId")).toContain("(ReplicationGroupId is its physical name");
    expect(of("AWS::ElastiCache::CacheCluster", "ClusterName")).toContain("(ClusterName is its physical name");
    expect(of("AWS::Kinesis::Stream", "Name")).toContain("(Name is its physical name");
  });

  // widdix/aws-cf-templates@df3ad1b (state/elasticache-redis.yaml, Apache-2.0) added
  // `SnapshotName` (the snapshot to restore from) and `KmsKeyId`: the gate called SnapshotName
  // the group's physical name. Names of what a resource starts from or uses are not its own.
  test("a snapshot to restore from, a subnet group, a DB instance's cluster: not the resource's own name", () => {
    const of = (resourceType: string, ...props: string[]) => avoidance(change({ resourceType, replacement: "True", details: props.map((name) => ({ attribute: "Properties", name, requiresRecreation: "Always" })) }));
    expect(of("AWS::ElastiCache::ReplicationGroup", "KmsKeyId", "SnapshotName")).toMatch(/^To keep it, keep KmsKeyId, SnapshotName as deployed; /);
    expect(of("AWS::RDS::DBInstance", "DBSubnetGroupName", "DBClusterIdentifier", "DBSnapshotIdentifier")).toMatch(/^To keep it, keep DBSubnetGroupName, DBClusterIdentifier, DBSnapshotIdentifier as deployed; /);
    expect(of("AWS::MSK::Cluster", "ClusterName", "SnapshotName")).toMatch(/\(ClusterName is its physical name/);
  });

  test("a property that replaces it only conditionally gets the same advice", () => {
    expect(avoidance(change({ replacement: "Conditional", details: [{ attribute: "Properties", name: "Engine", requiresRecreation: "Conditionally" }] }))).toMatch(/^To keep it, keep Engine as deployed; /);
  });

  test("a target without name or attribute is shown as ?, not dropped", () => {
    const nameless = change({ replacement: "True", details: [{ requiresRecreation: "Always" }] });
    expect(replacementCauses(nameless)).toEqual(["? (RequiresRecreation: Always)"]);
    expect(replacementCauses(change({ details: [{ requiresRecreation: "Conditionally", impact: "MAY_REPLACE" }] }))).toEqual(["? (MAY_REPLACE)"]);
    expect(avoidance(nameless)).toMatch(/^To keep it, keep \? as deployed; /);
    const [unknown] = messages(facts([change({ details: [{ requiresRecreation: "Unknown" }] })]));
    expect(unknown).toContain("would be changed in ?, which the CloudFormation registry schema");
  });

  test("the stack's UpdateReplacePolicy not read: unknown, never assumed Delete or Retain", () => {
    const [m] = messages(facts([change({ replacement: "True" })], { updateReplacePolicies: undefined }));
    expect(m).toContain("would be replaced; UpdateReplacePolicy unknown (stack template not read).");
  });

  test("a Dynamic change fails closed and says why", () => {
    expect(messages(facts([change({ action: "Dynamic" })]))).toEqual([
      "AWS::DynamoDB::Table Res in production stack orders-prod would be change is Dynamic: CloudFormation cannot tell what it does until deploy (fail closed). Stack protections: termination protection on, stack policy none",
    ]);
  });

  test("a change that forces nothing has no advice", () => {
    expect(avoidance(change({ replacement: "True", details: [{ name: "Tags", requiresRecreation: "Never" }] }))).toBe("");
    const [m] = messages(facts([change({ replacement: "True" })]));
    expect(m).toBe("AWS::DynamoDB::Table Res in production stack orders-prod would be replaced; UpdateReplacePolicy Delete (default). Stack protections: termination protection on, stack policy none");
  });
});

describe("custom and third-party resource types", () => {
  test("any update fails closed, without advice (their handlers decide what is deleted)", () => {
    expect(evaluateChangeSet(facts([change({ resourceType: "Custom::Seeder", replacement: "False" })]), policy).map((f) => f.severity)).toEqual(["error"]);
    expect(messages(facts([change({ resourceType: "Custom::Seeder", replacement: "False" })]))).toEqual([
      "Custom::Seeder Res in production stack orders-prod would be Modify of a resource of type Custom::Seeder whose handler CloudFormation cannot describe: it may delete or replace data (fail closed). " +
        "Stack protections: termination protection on, stack policy none",
    ]);
  });

  test("adding a nested stack destroys nothing (its own changes are new resources)", () => {
    expect(evaluateChangeSet(facts([change({ logicalId: "Data", resourceType: "AWS::CloudFormation::Stack", action: "Add" })]), policy)).toEqual([]);
  });

  test("adding or importing one destroys nothing", () => {
    expect(evaluateChangeSet(facts([change({ resourceType: "Custom::Seeder", action: "Add" }), change({ resourceType: "MongoDB::Atlas::Cluster", action: "Import" })]), policy)).toEqual([]);
  });
});

describe("a stack that left the assembly", () => {
  const nested = facts([change({ logicalId: "Ledger", action: "Remove" })], { stackName: "orders-prod-Data", removed: true });
  const removed = facts(
    [
      change({ logicalId: "Orders", action: "Remove" }),
      change({ logicalId: "Handler", resourceType: "AWS::Lambda::Function", action: "Remove" }),
      change({ logicalId: "Data", resourceType: "AWS::CloudFormation::Stack", action: "Remove", nested }),
    ],
    { removed: true, protections: {} },
  );

  test("stateful resources one by one, with the reason the stack is gone; the rest (not the nested stack) in one finding", () => {
    const findings = evaluateChangeSet(removed, policy);
    expect(findings.map((f) => f.subject)).toEqual(["orders-prod/Orders", "orders-prod-Data/Ledger", "orders-prod"]);
    expect(findings[0]?.message).toBe(
      "AWS::DynamoDB::Table Orders in production stack orders-prod would be removed; DeletionPolicy Delete (default) (the stack orders-prod is no longer in the head assembly). " +
        `To delete it on purpose, ${RETAIN_ADVICE} (DeletionPolicy Retain) so the data outlives the stack. Stack protections: not read (no live stack)`,
    );
    expect(findings[2]?.message).toContain("removes its 1 other resource(s) (AWS::Lambda::Function).");
  });

  test("the summary: its rule, the reason given (else 'no longer in the head assembly'), and the other types sorted", () => {
    const others = [
      change({ logicalId: "Topic", resourceType: "AWS::SNS::Topic", action: "Remove" }),
      change({ logicalId: "Handler", resourceType: "AWS::Lambda::Function", action: "Remove" }),
      change({ logicalId: "Alarm", resourceType: "AWS::CloudWatch::Alarm", action: "Remove" }),
      change({ logicalId: "Handler2", resourceType: "AWS::Lambda::Function", action: "Remove" }),
    ];
    const [summary] = evaluateChangeSet(facts(others, { removed: true, protections: {} }), policy);
    expect(summary?.rule).toBe("changeset-destroys-prod");
    expect(summary?.message).toBe(
      "Production stack orders-prod is no longer in the head assembly: deleting it (cdk destroy, or a pipeline that prunes stacks; cdk deploy leaves it behind unmanaged) removes its 4 other resource(s) " +
        "(AWS::CloudWatch::Alarm, AWS::Lambda::Function, AWS::SNS::Topic). If the stack was renamed, keep its construct id or stackName so it is updated in place. Stack protections: not read (no live stack)",
    );
    const [because] = evaluateChangeSet(facts(others, { removed: true, removedBecause: "was renamed to orders-prod-v2 in the head assembly", protections: {} }), policy);
    expect(because?.message).toMatch(/^Production stack orders-prod was renamed to orders-prod-v2 in the head assembly: deleting it /);
  });

  test("a removed stack whose resources all hold data gets no summary, only their own findings", () => {
    const findings = evaluateChangeSet(facts([change({ logicalId: "Orders", action: "Remove" })], { removed: true }), policy);
    expect(findings.map((f) => [f.rule, f.subject])).toEqual([["changeset-destroys-prod", "orders-prod/Orders"]]);
  });

  test("without the stack's own evidence the summary points at the facts' Resources", () => {
    const summary = evaluateChangeSet(removed, policy).at(-1);
    expect(summary?.evidence).toEqual([{ file: "arn:cs", pointer: "/Resources", note: "1 resource(s) without data of their own" }]);
  });
});

describe("impact unknown, and what UpdateReplacePolicy decides", () => {
  const unknownTwo = (extra: Partial<ResourceChange> = {}) =>
    change({ details: [{ attribute: "Properties", name: "BillingMode", requiresRecreation: "Unknown" }, { attribute: "Properties", requiresRecreation: "Unknown" }], ...extra });

  test("properties whose impact the schema does not give fail closed, each named by its property (else its attribute)", () => {
    expect(messages(facts([unknownTwo()]))).toEqual([
      "AWS::DynamoDB::Table Res in production stack orders-prod would be changed in BillingMode, Properties, which the CloudFormation registry schema (through @aws-cdk/cloudformation-diff) " +
        "does not describe for AWS::DynamoDB::Table: whether that replaces it cannot be told (fail closed). Stack protections: termination protection on, stack policy none",
    ]);
  });

  test("impact unknown but kept by UpdateReplacePolicy Retain: a note naming the properties and the policy", () => {
    const [f] = evaluateChangeSet(facts([unknownTwo()], { updateReplacePolicies: { Res: "Retain" } }), policy);
    expect(f?.severity).toBe("note");
    expect(f?.message).toBe(
      "AWS::DynamoDB::Table Res in production stack orders-prod would be changed in BillingMode, Properties (impact unknown); a replaced resource would be kept by UpdateReplacePolicy Retain. " +
        "Stack protections: termination protection on, stack policy none",
    );
  });

  test("an explicit UpdateReplacePolicy Delete keeps nothing: impact unknown or replaced, it stays an error", () => {
    const deleting = { updateReplacePolicies: { Res: "Delete" } };
    expect(evaluateChangeSet(facts([unknownTwo()], deleting), policy).map((f) => f.severity)).toEqual(["error"]);
    const [replaced] = evaluateChangeSet(facts([change({ replacement: "True" })], deleting), policy);
    expect(replaced?.severity).toBe("error");
    expect(replaced?.message).toContain("would be replaced; UpdateReplacePolicy Delete.");
  });

  test("Replacement True wins over a property of unknown impact: the message says replaced, and why", () => {
    const both = unknownTwo({ replacement: "True", details: [{ attribute: "Properties", name: "Tags", requiresRecreation: "Unknown" }, { attribute: "Properties", name: "KeySchema", requiresRecreation: "Always" }, { attribute: "Properties", name: "TableName", requiresRecreation: "Always" }] });
    const [m] = messages(facts([both]));
    expect(m).toMatch(/^AWS::DynamoDB::Table Res in production stack orders-prod would be replaced because KeySchema \(RequiresRecreation: Always\), TableName \(RequiresRecreation: Always\) changes; UpdateReplacePolicy Delete \(default\)\. /);
  });

  test("replaced but kept by UpdateReplacePolicy Retain: the note says what and why", () => {
    const replaced = change({ replacement: "Conditional", details: [{ attribute: "Properties", name: "Engine", requiresRecreation: "Conditionally" }] });
    const [f] = evaluateChangeSet(facts([replaced], { updateReplacePolicies: { Res: "RetainExceptOnCreate" } }), policy);
    expect(f?.severity).toBe("note");
    expect(f?.message).toBe(
      "AWS::DynamoDB::Table Res in production stack orders-prod would be possibly replaced (Replacement: Conditional) because Engine (RequiresRecreation: Conditionally) changes; " +
        "the old resource is kept by UpdateReplacePolicy RetainExceptOnCreate. Stack protections: termination protection on, stack policy none",
    );
  });

  test("a Modify that CloudFormation says replaces nothing, or does not say (no Replacement field), passes", () => {
    expect(evaluateChangeSet(facts([change({ replacement: "False" }), change({ logicalId: "Tagged", details: [{ name: "Tags", requiresRecreation: "Never" }] })]), policy)).toEqual([]);
  });

  test("an unknown Replacement value is quoted in the message", () => {
    expect(messages(facts([change({ replacement: "Maybe" })]))).toEqual([
      'AWS::DynamoDB::Table Res in production stack orders-prod would be unknown Replacement value "Maybe" (fail closed). Stack protections: termination protection on, stack policy none',
    ]);
  });

  test("a removed stack's nested stack whose changes were not read is counted in the summary, never dropped", () => {
    const f = facts([change({ logicalId: "Data", resourceType: "AWS::CloudFormation::Stack", action: "Remove" }), change({ logicalId: "Handler", resourceType: "AWS::Lambda::Function", action: "Remove" })], { removed: true });
    const findings = evaluateChangeSet(f, policy);
    expect(findings.map((x) => x.subject)).toEqual(["orders-prod"]);
    expect(findings[0]?.message).toContain("removes its 2 other resource(s) (AWS::CloudFormation::Stack, AWS::Lambda::Function).");
  });
});

/**
 * aws-cloudformation/aws-cloudformation-templates@11d22e3 ("Making Enable Read Replica
 * conditional", aws/services/RDS/RDS_MySQL_With_Read_Replica.yaml, Apache-2.0) adds a Condition
 * to the replica. When the condition is false CloudFormation deletes the resource, which its
 * DeletionPolicy governs; UpdateReplacePolicy is about replacements. Before, an
 * `UpdateReplacePolicy: Retain` made this a note although the DeletionPolicy (Delete) lets the
 * replica go.
 */
describe("a changed Condition is judged by DeletionPolicy", () => {
  const byCondition = (extra: Partial<ChangeSetFacts>, details: ResourceChange["details"] = [{ attribute: "Condition", name: "Condition", requiresRecreation: "Conditionally", impact: "MAY_DESTROY (the resource is deleted when its new condition is false)" }]) =>
    evaluateChangeSet(facts([change({ logicalId: "ReplicaDB", resourceType: "AWS::RDS::DBInstance", replacement: "Conditional", details })], extra), policy);

  test("UpdateReplacePolicy Retain alone keeps nothing: an error naming DeletionPolicy", () => {
    const [f] = byCondition({ updateReplacePolicies: { ReplicaDB: "Retain" }, deletionPolicies: {} });
    expect(f?.severity).toBe("error");
    expect(f?.message).toContain("would be possibly deleted (its Condition changes: when it is false the resource is deleted) because Condition (MAY_DESTROY");
    expect(f?.message).toContain("; DeletionPolicy Delete (default).");
    // The advice names the policy that decides: a deletion is kept by DeletionPolicy, not UpdateReplacePolicy.
    expect(f?.message).toContain("first deploy `removalPolicy: RemovalPolicy.RETAIN` (DeletionPolicy Retain) so the old resource and its data are kept");
  });

  test("DeletionPolicy Retain keeps it (a note); with a replacing property too, both policies must keep it", () => {
    expect(byCondition({ deletionPolicies: { ReplicaDB: "Retain" } }).map((f) => f.severity)).toEqual(["note"]);
    const both = [
      { attribute: "Condition", name: "Condition", requiresRecreation: "Conditionally" },
      { attribute: "Properties", name: "DBInstanceIdentifier", requiresRecreation: "Always" },
    ];
    const [f] = byCondition({ deletionPolicies: { ReplicaDB: "Retain" }, updateReplacePolicies: {} }, both);
    expect(f?.severity).toBe("error");
    expect(f?.message).toContain("; UpdateReplacePolicy Delete (default), DeletionPolicy Retain.");
    expect(f?.message).toContain("(DeletionPolicy and UpdateReplacePolicy Retain)");
    expect(byCondition({ deletionPolicies: { ReplicaDB: "Retain" }, updateReplacePolicies: { ReplicaDB: "Retain" } }, both).map((x) => x.severity)).toEqual(["note"]);
  });
});

/**
 * A CDK construct moved under another (aws-cdk-lib synth: `Table` "Orders" of stack OrdersProd
 * moved into a construct "Data", default removal policy RETAIN) gets a new logical id: the old
 * table is removed from the stack but retained, and a new, empty table is created for the app.
 */
test("a retained resource removed while the head adds one of its type: the note says the new one starts empty", () => {
  const moved = change({ logicalId: "OrdersA9B65338", action: "Remove", addedSameType: ["DataOrders7F9F2B31"] });
  const [f] = evaluateChangeSet(facts([moved], { deletionPolicies: { OrdersA9B65338: "Retain" } }), policy);
  expect(f?.severity).toBe("note");
  expect(f?.message).toContain("kept by DeletionPolicy Retain; the head adds DataOrders7F9F2B31 of the same type: if it was renamed, that one starts empty and the data stays in the old one");
  expect(f?.message).toContain('overrideLogicalId("OrdersA9B65338")');
});

// widdix/aws-cf-templates (state/*.yaml, Apache-2.0) sets `UpdateReplacePolicy: Snapshot` on its databases (b581333):
// a replacement then snapshots the old one, but still deletes it. The message says so.
test("UpdateReplacePolicy Snapshot on a replacement: an error that says the old one is still deleted", () => {
  const replaced = change({ logicalId: "ReplicationGroup", resourceType: "AWS::ElastiCache::ReplicationGroup", replacement: "True", details: [{ attribute: "Properties", name: "KmsKeyId", requiresRecreation: "Always" }] });
  const [f] = evaluateChangeSet(facts([replaced], { updateReplacePolicies: { ReplicationGroup: "Snapshot" } }), policy);
  expect(f?.severity).toBe("error");
  expect(f?.message).toContain("; UpdateReplacePolicy Snapshot: the old resource is still deleted (a snapshot is kept).");
});
