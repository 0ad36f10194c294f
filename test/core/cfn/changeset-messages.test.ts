/**
 * changeset-destroys-prod: the whole message of each kind of finding, and the branches that only
 * show in it (stack protections, rename advice, physical ids, the removed-stack summary). The
 * message is what a deploy gate prints to the person deciding whether to go ahead: a wrong word
 * here misleads them as much as a wrong severity.
 */
import { avoidance, describeProtections, evaluateChangeSet, replacementCauses } from "../../../src/core/cfn/changeset-destroys-prod.js";
import type { ChangeSetFacts, ResourceChange } from "../../../src/core/cfn/changeset.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { readSdkCall, type CustomResourceCalls, type SdkCallPhase } from "../../../src/core/cfn/aws-custom-resource.js";
import type { Evidence } from "../../../src/core/finding.js";

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

  test("adding or importing a registry type destroys nothing (its publisher's handler creates its own resource)", () => {
    expect(evaluateChangeSet(facts([change({ resourceType: "MongoDB::Atlas::Cluster", action: "Add" }), change({ resourceType: "MongoDB::Atlas::Cluster", action: "Import" })]), policy)).toEqual([]);
  });

  // Decided: an added custom resource runs its handler's Create, code the gate cannot read. A
  // warning (the default --fail-on error passes it): most are a team's own provisioning, and an
  // AwsCustomResource, whose call is data, is judged instead. aws-cdk-lib's own handlers whose
  // Create was read pass; a BucketDeployment prunes its destination, so it is reported.
  test("adding a custom resource whose handler is not read is a warning; aws-cdk-lib's read ones pass", () => {
    const found = evaluateChangeSet(facts(["Custom::Seeder", "AWS::CloudFormation::CustomResource", "Custom::CDKBucketDeployment", "Custom::S3AutoDeleteObjects", "Custom::LogRetention", "Custom::VpcRestrictDefaultSG"].map((resourceType, i) => change({ logicalId: `R${i}`, resourceType, action: "Add" }))), policy);
    expect(found.map((f) => [f.subject, f.severity])).toEqual([
      ["orders-prod/R0", "warning"],
      ["orders-prod/R1", "warning"],
      ["orders-prod/R2", "warning"],
    ]);
    expect(found[0]?.message).toBe(
      "Custom::Seeder R0 in production stack orders-prod would be added: a custom resource of type Custom::Seeder, whose handler runs code on Create that the gate cannot read (it may delete or change anything its role can); review what the handler does, or write the call as an AwsCustomResource, whose calls are judged. Stack protections: termination protection on, stack policy none",
    );
  });
});

describe("AwsCustomResource: the SDK calls its handler makes", () => {
  const catalogue = loadCatalogue();
  const at = (phase: string): Evidence => ({ file: "head.json", line: 7, pointer: `/Resources/Res/Properties/${phase}` });
  const calls = (written: Partial<Record<SdkCallPhase, unknown>>): CustomResourceCalls =>
    Object.fromEntries(Object.entries(written).map(([phase, value]) => [phase, readSdkCall(typeof value === "string" ? value : JSON.stringify(value), at(phase), {})]));
  const deleteTable = { service: "DynamoDB", action: "deleteTable", parameters: { TableName: "orders" }, physicalResourceId: { id: "x" } };
  const lookup = { service: "SSM", action: "getParameter", parameters: { Name: "/orders/table" }, physicalResourceId: { id: "x" } };
  const custom = (c: Partial<ResourceChange>): ResourceChange => change({ resourceType: "Custom::AWS", ...c });
  const judge = (c: ResourceChange, extra: Partial<ChangeSetFacts> = {}) => evaluateChangeSet(facts([c], extra), policy, { catalogue });

  test("added, a destructive call fails with the call and where it is written; a lookup passes", () => {
    const found = judge(custom({ action: "Add", customCalls: { after: calls({ Create: deleteTable }) } }));
    expect(found).toEqual([
      {
        rule: "changeset-destroys-prod",
        severity: "error",
        message:
          'Custom::AWS Res in production stack orders-prod would be added, an AwsCustomResource whose handler makes a destructive AWS call: its Create call DynamoDB.deleteTable {"TableName":"orders"} needs dynamodb:DeleteTable (T1 delete), when it is created (this change adds it). To keep production, remove the call, or point it at what the stack itself creates and delete nothing that holds data. Stack protections: termination protection on, stack policy none',
        subject: "orders-prod/Res",
        evidence: [at("Create")],
        suppressed: null,
      },
    ]);
    expect(judge(custom({ action: "Add", customCalls: { after: calls({ Create: lookup, Update: lookup }) } }))).toEqual([]);
  });

  test("T2 (deletion protection off) and T3 (a stack deleted) calls fail too; a BatchWriteItem of puts only does not", () => {
    const protectionOff = { service: "RDS", action: "modifyDBCluster", parameters: { DBClusterIdentifier: "orders", DeletionProtection: false } };
    const stackDeleted = { service: "@aws-sdk/client-cloudformation", action: "DeleteStackCommand", parameters: { StackName: "orders-data" } };
    const seed = { service: "DynamoDB", action: "batchWriteItem", parameters: { RequestItems: { orders: [{ PutRequest: { Item: { id: { S: "1" } } } }] } } };
    const wipe = { service: "DynamoDB", action: "batchWriteItem", parameters: { RequestItems: { orders: [{ DeleteRequest: { Key: { id: { S: "1" } } } }] } } };
    const severities = (create: unknown) => judge(custom({ action: "Add", customCalls: { after: calls({ Create: create }) } })).map((f) => f.message.match(/needs (\S+) \(([^)]*)\)/)?.slice(1).join(" ") ?? f.severity);
    expect(severities(protectionOff)).toEqual(["rds:ModifyDBCluster T2 protection off"]);
    expect(severities(stackDeleted)).toEqual(["cloudformation:DeleteStack T1 delete, T3 replace"]);
    expect(severities(seed)).toEqual([]);
    expect(severities(wipe)).toEqual(["dynamodb:BatchWriteItem T1 delete"]);
  });

  test("the target: a literal non-production name is a note; a token or a production name elsewhere is production", () => {
    const onDev = { ...deleteTable, parameters: { TableName: "dev-scratch" } };
    const devAndOther = { ...deleteTable, parameters: { TableName: "orders", Comment: "dev" } };
    const onToken = readSdkCall({ "Fn::Join": ["", ['{"service":"DynamoDB","action":"deleteTable","parameters":{"TableName":"dev-', { Ref: "Suffix" }, '"}}']] }, at("Create"), { Suffix: { Type: "AWS::SSM::Parameter" } });
    expect(judge(custom({ action: "Add", customCalls: { after: calls({ Create: onDev }) } })).map((f) => f.severity)).toEqual(["note"]);
    expect(judge(custom({ action: "Add", customCalls: { after: calls({ Create: devAndOther }) } })).map((f) => f.severity)).toEqual(["error"]);
    // A value known only at deployment may name anything: production (fail closed).
    expect(judge(custom({ action: "Add", customCalls: { after: { Create: onToken } } })).map((f) => [f.severity, f.message.includes("(on Ref Suffix: known at deployment, counted as production)")])).toEqual([["error", true]]);
    // A non-production stack: only a call that names production is judged, and fails.
    const dev = { stackName: "orders-dev" };
    expect(judge(custom({ action: "Add", customCalls: { after: calls({ Create: deleteTable }) } }), dev)).toEqual([]);
    const onProd = judge(custom({ action: "Add", customCalls: { after: calls({ Create: { ...deleteTable, parameters: { TableName: "orders-prod" } } }) } }), dev);
    expect(onProd.map((f) => [f.severity, f.message.slice(0, 48)])).toEqual([["error", "Custom::AWS Res in non-production stack orders-d"]]);
    const assumed = { ...deleteTable, assumedRoleArn: "arn:aws:iam::222222222222:role/cleanup" };
    const prodAccount = { ...policy, production: { ...policy.production, accounts: ["222222222222"] } };
    expect(evaluateChangeSet(facts([custom({ action: "Add", customCalls: { after: calls({ Create: assumed }) } })], { ...dev, account: "333333333333" }), prodAccount, { catalogue }).map((f) => f.severity)).toEqual(["error"]);
  });

  // aws-cdk-lib configures what it creates through AwsCustomResource: an OpenSearch Domain's access
  // policy is `OpenSearch.updateDomainConfig` (es:UpdateDomainConfig, T2) on `Ref` of the new
  // domain (aws-cdk-lib 2.276, Custom::OpenSearchAccessPolicy). Nothing that exists is touched.
  test("a call acting only on resources this change creates is a note; a lookup's answer, a literal beside it, or no target is not", () => {
    // The template's resources: Existing is a domain this change does not create.
    const template = { Search: { Type: "AWS::OpenSearchService::Domain" }, Existing: { Type: "AWS::OpenSearchService::Domain" }, Lookup: { Type: "Custom::AWS" }, Data: { Type: "AWS::CloudFormation::Stack" } };
    const join = (target: unknown[]) => readSdkCall({ "Fn::Join": ["", ['{"action":"updateDomainConfig","service":"OpenSearch","parameters":{"DomainName":"', ...target, '","AccessPolicies":"{}"}}']] }, at("Create"), template);
    const added = { added: { Search: "AWS::OpenSearchService::Domain", Lookup: "Custom::AWS", Data: "AWS::CloudFormation::Stack" } };
    const verdict = (create: ReturnType<typeof readSdkCall>, extra: Partial<ChangeSetFacts> = added) => judge(custom({ action: "Add", customCalls: { after: { Create: create } } }), extra).map((f) => [f.severity, f.message.includes("acts only on Search, which this change creates")]);
    expect(verdict(join([{ Ref: "Search" }]))).toEqual([["note", true]]);
    expect(verdict(join([{ Ref: "Search" }]), {})).toEqual([["error", false]]);
    expect(verdict(join([{ "Fn::GetAtt": ["Lookup", "DomainStatus.DomainName"] }]))).toEqual([["error", false]]);
    expect(verdict(join([{ "Fn::GetAtt": ["Data", "Outputs.DomainName"] }]))).toEqual([["error", false]]);
    expect(verdict(join([{ Ref: "Search" }, "-old"]))).toEqual([["error", false]]);
    expect(verdict(join([{ Ref: "Existing" }]))).toEqual([["error", false]]);
    expect(verdict(readSdkCall('{"service":"DynamoDB","action":"deleteTable","parameters":{"TableName":"orders"}}', at("Create"), template))).toEqual([["error", false]]);
    expect(verdict(readSdkCall({ service: "OpenSearch", action: "deleteDomain", parameters: { DomainName: { Ref: "Search" }, Force: true } }, at("Create"), template))).toEqual([["note", true]]);
    // Used in another account or Region, the new domain's name may be an existing one's.
    expect(verdict(readSdkCall({ service: "OpenSearch", action: "deleteDomain", parameters: { DomainName: { Ref: "Search" } }, assumedRoleArn: "arn:aws:iam::222222222222:role/ops" }, at("Create"), template))).toEqual([["error", false]]);
    expect(verdict(readSdkCall({ service: "OpenSearch", action: "deleteDomain", parameters: { DomainName: { Ref: "Search" } }, region: "us-west-2" }, at("Create"), template))).toEqual([["error", false]]);
  });

  test("removed: its Delete call decides; none, or a harmless one, deletes nothing (a note); Retain keeps it without a call", () => {
    expect(judge(custom({ action: "Remove", customCalls: { before: calls({ Create: lookup, Delete: deleteTable }) } })).map((f) => [f.severity, f.evidence])).toEqual([["error", [at("Delete")]]]);
    expect(judge(custom({ action: "Remove", customCalls: { before: calls({ Create: lookup }) } }))).toEqual([]);
    expect(judge(custom({ action: "Remove", customCalls: { before: calls({ Create: lookup, Delete: deleteTable }) } }), { deletionPolicies: { Res: "Retain" } }).map((f) => f.severity)).toEqual(["note"]);
  });

  test("modified: its Update call runs, and the old Delete when the Update answers a new physical id", () => {
    const update = (before: Partial<Record<SdkCallPhase, unknown>>, after: Partial<Record<SdkCallPhase, unknown>>) =>
      judge(custom({ action: "Modify", replacement: "False", details: [{ attribute: "Properties", name: "Update", requiresRecreation: "Unknown" }], customCalls: { before: calls(before), after: calls(after) } })).map((f) => [f.severity, f.evidence[0]?.pointer]);
    // A lookup reading another parameter: what any other custom resource fails closed on passes.
    expect(update({ Create: lookup, Update: lookup }, { Create: lookup, Update: { ...lookup, parameters: { Name: "/orders/v2" } } })).toEqual([]);
    expect(update({ Create: lookup, Update: lookup }, { Create: lookup, Update: deleteTable })).toEqual([["error", "/Resources/Res/Properties/Update"]]);
    // The same physical id: the old Delete does not run; a new one (or one from the answer): it does.
    expect(update({ Create: lookup, Update: lookup, Delete: deleteTable }, { Create: lookup, Update: lookup, Delete: deleteTable })).toEqual([]);
    const renamed = { ...lookup, physicalResourceId: { id: "y" } };
    expect(update({ Create: lookup, Update: lookup, Delete: deleteTable }, { Create: renamed, Update: renamed, Delete: deleteTable })).toEqual([["error", "/Resources/Res/Properties/Delete"]]);
    const answered = { ...lookup, physicalResourceId: { responsePath: "Parameter.ARN" } };
    expect(update({ Create: lookup, Update: lookup, Delete: deleteTable }, { Create: lookup, Update: answered, Delete: deleteTable })).toEqual([["error", "/Resources/Res/Properties/Delete"]]);
    // No Update call (onCreate only): CloudFormation's Update runs nothing and keeps the id, as when
    // aws-cdk-lib's feature flags rewrite every call's text (logApiResponseData, InstallLatestAwsSdk).
    expect(update({ Create: lookup, Delete: deleteTable }, { Create: { ...lookup, logApiResponseData: false }, Delete: deleteTable })).toEqual([]);
    // A change that arms a destructive Delete runs it later: a note now, judged when it is removed.
    expect(update({ Create: lookup, Update: lookup }, { Create: lookup, Update: lookup, Delete: deleteTable })).toEqual([["note", "/Resources/Res/Properties/Delete"]]);
    // Another handler on one side: any custom resource's change (fail closed).
    expect(judge(custom({ action: "Modify", replacement: "False", customCalls: { after: calls({ Create: lookup }) } })).map((f) => f.message)).toEqual([expect.stringContaining("whose handler CloudFormation cannot describe")]);
  });

  test("added, a destructive Delete is a note (it runs later, judged then); an unreadable call that runs fails closed", () => {
    expect(judge(custom({ action: "Add", customCalls: { after: calls({ Create: lookup, Delete: deleteTable }) } })).map((f) => f.severity)).toEqual(["note"]);
    const found = judge(custom({ action: "Add", customCalls: { after: { Create: readSdkCall({ "Fn::If": ["Prod", "{}", "{}"] }, at("Create"), {}) } } }));
    expect(found.map((f) => [f.severity, f.message.match(/its Create call (.*?), when/)?.[1]])).toEqual([["error", "is written with Fn::If: which call it makes is known only at deployment"]]);
  });

  test("fail closed: calls not read (a template not read), or no catalogue to judge them by", () => {
    expect(judge(custom({ action: "Add", customCalls: { unread: "the change set's template not read" } })).map((f) => f.severity)).toEqual(["error"]);
    expect(evaluateChangeSet(facts([custom({ action: "Add", customCalls: { after: calls({ Create: lookup }) } })]), policy).map((f) => [f.severity, f.message.includes("catalogue was not given")])).toEqual([["error", true]]);
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
