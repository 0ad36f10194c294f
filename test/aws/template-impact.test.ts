/**
 * The change-impact adapter over @aws-cdk/cloudformation-diff. Each expected impact was read from
 * the CloudFormation resource reference ("Update requires") before the test was run.
 */
import { referencedNames, templateImpacts } from "../../src/aws/template-impact.js";

const t = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ Resources: resources, ...extra });
const byId = (impacts: ReturnType<typeof templateImpacts>) => Object.fromEntries(impacts.resources.map((r) => [r.logicalId, r]));

test("types the old hand-written list did not know are judged from the registry schema", () => {
  const base = t({
    Cluster: { Type: "AWS::MemoryDB::Cluster", Properties: { ClusterName: "sessions", NodeType: "db.t4g.small", ACLName: "open-access" } },
    Ap: { Type: "AWS::EFS::AccessPoint", Properties: { FileSystemId: "fs-1" } },
    Cache: { Type: "AWS::ElastiCache::CacheCluster", Properties: { Engine: "redis", CacheNodeType: "cache.t3.micro", NumCacheNodes: 1 } },
  });
  const head = t({
    Cluster: { Type: "AWS::MemoryDB::Cluster", Properties: { ClusterName: "sessions-v2", NodeType: "db.t4g.medium", ACLName: "open-access" } },
    Ap: { Type: "AWS::EFS::AccessPoint", Properties: { FileSystemId: "fs-2" } },
    Cache: { Type: "AWS::ElastiCache::CacheCluster", Properties: { Engine: "memcached", CacheNodeType: "cache.t3.small", NumCacheNodes: 1 } },
  });
  const r = byId(templateImpacts(base, head));
  // ClusterName: Replacement; NodeType: No interruption.
  expect(r["Cluster"]?.changes).toEqual([{ attribute: "Properties", name: "ClusterName", impact: "WILL_REPLACE" }, { attribute: "Properties", name: "NodeType", impact: "WILL_UPDATE" }]);
  expect(r["Ap"]).toMatchObject({ impact: "WILL_REPLACE", changes: [{ name: "FileSystemId", impact: "WILL_REPLACE" }] });
  expect(r["Cache"]?.impact).toBe("WILL_REPLACE");
});

test("a property or a type the schema does not describe has no impact (the rule fails closed), not NO_CHANGE", () => {
  const r = byId(templateImpacts(
    t({ Table: { Type: "AWS::DynamoDB::Table", Properties: { Bogus: 1 } }, W: { Type: "AWS::NotAService::Widget", Properties: { Size: 1 } } }),
    t({ Table: { Type: "AWS::DynamoDB::Table", Properties: { Bogus: 2 } }, W: { Type: "AWS::NotAService::Widget", Properties: { Size: 2 } } }),
  ));
  expect(r["Table"]?.changes).toEqual([{ attribute: "Properties", name: "Bogus" }]);
  expect(r["W"]?.changes).toEqual([{ attribute: "Properties", name: "Size" }]);
});

test("removed, added, retained and type-changed resources", () => {
  const r = byId(templateImpacts(
    t({ Gone: { Type: "AWS::SQS::Queue" }, Kept: { Type: "AWS::S3::Bucket", DeletionPolicy: "Retain" }, Swap: { Type: "AWS::SQS::Queue" } }),
    t({ New: { Type: "AWS::SQS::Queue" }, Swap: { Type: "AWS::SNS::Topic" } }),
  ));
  expect([r["Gone"]?.impact, r["Kept"]?.impact, r["New"]?.impact, r["Swap"]?.impact]).toEqual(["WILL_DESTROY", "WILL_ORPHAN", "WILL_CREATE", "WILL_REPLACE"]);
});

test("replacement through a Ref (the library) and through Fn::Sub (added here) names what caused it", () => {
  const base = t({
    Bucket: { Type: "AWS::S3::Bucket", Properties: { BucketName: "uploads" } },
    Fn: { Type: "AWS::Lambda::Function", Properties: { FunctionName: { "Fn::Sub": "${Bucket}-resizer" }, Role: "r" } },
    Subnets: { Type: "AWS::RDS::DBSubnetGroup", Properties: { DBSubnetGroupName: "db", DBSubnetGroupDescription: "d", SubnetIds: ["s"] } },
    Db: { Type: "AWS::RDS::DBInstance", Properties: { DBSubnetGroupName: { Ref: "Subnets" }, Engine: "postgres" } },
  });
  const head = structuredClone(base) as typeof base;
  (head.Resources["Bucket"] as { Properties: Record<string, unknown> }).Properties["BucketName"] = "uploads-v2";
  (head.Resources["Subnets"] as { Properties: Record<string, unknown> }).Properties["DBSubnetGroupName"] = "db-v2";
  const r = byId(templateImpacts(base, head));
  // FunctionName and DBSubnetGroupName are "Update requires: Replacement".
  expect(r["Fn"]?.changes).toEqual([{ attribute: "Properties", name: "FunctionName", impact: "WILL_REPLACE", causedBy: ["Bucket"] }]);
  expect(r["Db"]?.changes).toEqual([{ attribute: "Properties", name: "DBSubnetGroupName", impact: "WILL_REPLACE", causedBy: ["Subnets"] }]);
  // The base and head objects handed in are not changed.
  expect((head.Resources["Fn"] as { Properties: Record<string, unknown> }).Properties["FunctionName"]).toEqual({ "Fn::Sub": "${Bucket}-resizer" });
});

test("nested stacks: parameters whose value changes are reported, and they replace what uses them inside", () => {
  const parentBase = t({
    Table: { Type: "AWS::DynamoDB::Table", Properties: { TableName: "orders", KeySchema: [] } },
    Child: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "u", Parameters: { TableName: { Ref: "Table" }, Stage: "prod", Same: "x" } } },
  });
  const parentHead = structuredClone(parentBase);
  (parentHead.Resources["Table"] as { Properties: Record<string, unknown> }).Properties["TableName"] = "orders-v2";
  expect(templateImpacts(parentBase, parentHead).nestedParameters).toEqual({ Child: ["TableName"] });

  const child = t({ Alarm: { Type: "AWS::CloudWatch::Alarm", Properties: { AlarmName: { "Fn::Sub": "${TableName}-throttles" }, Threshold: 1 } }, Q: { Type: "AWS::SQS::Queue", Properties: { QueueName: { Ref: "Stage" } } } }, { Parameters: { TableName: { Type: "String" }, Stage: { Type: "String" } } });
  const r = byId(templateImpacts(child, child, { changedParameters: ["TableName"] }));
  // AlarmName: Replacement.
  expect(r["Alarm"]?.changes).toEqual([{ attribute: "Properties", name: "AlarmName", impact: "WILL_REPLACE", causedByParameters: ["TableName"] }]);
  expect(r["Q"]).toBeUndefined();
});

test("a nested stack's parameter that reads a redefined condition or mapping entry changes, though its text does not", () => {
  const parent = (env: string, table: string) => t(
    { Child: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "u", Parameters: { Name: { "Fn::If": ["IsProd", "orders", "orders-dev"] }, Other: { "Fn::FindInMap": ["Names", "prod", "table"] }, Same: "x" } } } },
    { Conditions: { IsProd: { "Fn::Equals": [env, "prod"] } }, Mappings: { Names: { prod: { table } } } },
  );
  expect(templateImpacts(parent("prod", "orders"), parent("production", "orders")).nestedParameters).toEqual({ Child: ["Name"] });
  expect(templateImpacts(parent("prod", "orders"), parent("prod", "orders-v2")).nestedParameters).toEqual({ Child: ["Other"] });
  expect(templateImpacts(parent("prod", "orders"), parent("prod", "orders")).nestedParameters).toEqual({ Child: [] });
});

test("replacement reaches what names the replaced resource by GetAtt in string form or ${X.Attr} in a list-form Fn::Sub, DependsOn written as a string", () => {
  const base = t({
    Bucket: { Type: "AWS::S3::Bucket", Properties: { BucketName: "uploads" } },
    Fn: { Type: "AWS::Lambda::Function", Properties: { FunctionName: { "Fn::Sub": ["${Bucket.Arn}-resizer", {}] }, Role: "r" } },
    Q: { Type: "AWS::SQS::Queue", DependsOn: "Bucket", Properties: { QueueName: { "Fn::GetAtt": "Bucket.DomainName" } } },
    Child: { Type: "AWS::CloudFormation::Stack" },
  });
  const head = structuredClone(base);
  (head.Resources["Bucket"] as { Properties: Record<string, unknown> }).Properties["BucketName"] = "uploads-v2";
  const impacts = templateImpacts(base, head);
  const r = byId(impacts);
  // FunctionName and QueueName are "Update requires: Replacement".
  expect(r["Fn"]?.changes).toEqual([{ attribute: "Properties", name: "FunctionName", impact: "WILL_REPLACE", causedBy: ["Bucket"] }]);
  expect(r["Q"]?.changes).toEqual([{ attribute: "Properties", name: "QueueName", impact: "WILL_REPLACE", causedBy: ["Bucket"] }]);
  // A nested stack without parameters on either side: none changed.
  expect(impacts.nestedParameters).toEqual({ Child: [] });
});

test("a template that is new (no base) creates everything; a head that is no template destroys everything", () => {
  const head = t({ Bucket: { Type: "AWS::S3::Bucket" }, Child: { Type: "AWS::CloudFormation::Stack" } });
  expect(templateImpacts(undefined, head)).toEqual({
    resources: [
      { logicalId: "Bucket", newType: "AWS::S3::Bucket", impact: "WILL_CREATE", changes: [] },
      { logicalId: "Child", newType: "AWS::CloudFormation::Stack", impact: "WILL_CREATE", changes: [] },
    ],
    nestedParameters: {},
    changedLoops: [],
  });
  expect(templateImpacts(head, "not a template").resources.map((x) => [x.logicalId, x.impact])).toEqual([
    ["Bucket", "WILL_DESTROY"],
    ["Child", "WILL_DESTROY"],
  ]);
});

test("referencedNames: Ref, GetAtt (both forms), Sub (string and list; ${!literal} skipped)", () => {
  expect([...referencedNames({ a: { Ref: "A" }, b: { "Fn::GetAtt": ["B", "Arn"] }, c: { "Fn::GetAtt": "C.Arn" }, d: { "Fn::Sub": ["${D.Arn}/${!Literal}", {}] }, e: { "Fn::Sub": "${E}" } })].sort()).toEqual(["A", "B", "C", "D", "E"]);
});

test("same verdicts as the library's fullDiff on real synthesized stacks (the adapter calls its per-resource diffResource)", async () => {
  const { fullDiff } = await import("@aws-cdk/cloudformation-diff");
  const { synthReplacementApp } = await import("../cli/replacement-apps.js");
  const { existsSync, readdirSync, readFileSync } = await import("node:fs");
  const path = await import("node:path");
  const [base, head] = [synthReplacementApp("base"), synthReplacementApp("head")];
  const templates = readdirSync(head).filter((f) => f.endsWith(".template.json"));
  expect(templates.length).toBeGreaterThan(8);
  let compared = 0;
  for (const file of templates) {
    if (!existsSync(path.join(base, file))) continue; // only in the head: nothing to compare
    const old = JSON.parse(readFileSync(path.join(base, file), "utf8")) as Record<string, unknown>;
    const next = JSON.parse(readFileSync(path.join(head, file), "utf8")) as Record<string, unknown>;
    const library: Record<string, string> = {};
    fullDiff(old, next).resources.forEachDifference((id, c) => {
      library[id] = String(c.changeImpact);
    });
    const ours = Object.fromEntries(templateImpacts(old, next).resources.map((r) => [r.logicalId, r.impact]));
    expect(ours).toEqual(library);
    compared += Object.keys(ours).length;
  }
  expect(compared).toBeGreaterThan(5);
});

/**
 * Create-only properties below the top level. The CloudFormation registry schema of
 * AWS::MSK::Cluster (as cfn-lint ships it, aws-cloudformation/cfn-lint@099df82d,
 * src/cfnlint/data/schemas/providers/us_east_1/aws-msk-cluster.json, MIT-0) lists
 * `/properties/BrokerNodeGroupInfo/ClientSubnets`, `.../SecurityGroups`,
 * `/properties/EncryptionInfo/EncryptionAtRest` and `.../EncryptionInTransit/InCluster` in
 * `createOnlyProperties`; AWS::Elasticsearch::Domain's reference page gives
 * EncryptionAtRestOptions.KmsKeyId "Update requires: Replacement". The library read only the
 * top-level property (BrokerNodeGroupInfo: "No interruption") and called these updates.
 */
describe("nested create-only properties", () => {
  const msk = (broker: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    Type: "AWS::MSK::Cluster",
    Properties: { ClusterName: "orders", KafkaVersion: "3.6.0", NumberOfBrokerNodes: 3, BrokerNodeGroupInfo: { InstanceType: "kafka.m5.large", ClientSubnets: ["subnet-0a1", "subnet-0b2", "subnet-0c3"], SecurityGroups: [{ Ref: "KafkaSg" }], ...broker }, ...extra },
  });
  const sg = (name: string) => ({ Type: "AWS::EC2::SecurityGroup", Properties: { GroupDescription: "kafka", GroupName: name, VpcId: "vpc-1" } });

  test("a changed subnet list, or encryption at rest set where there was none, replaces the cluster", () => {
    const r = byId(templateImpacts(
      t({ Kafka: msk({}), Sg: msk({}, { ClusterName: "events" }), KafkaSg: sg("kafka") }),
      t({ Kafka: msk({ ClientSubnets: ["subnet-0a1", "subnet-0b2", "subnet-0d4"] }), Sg: msk({}, { ClusterName: "events", EncryptionInfo: { EncryptionAtRest: { DataVolumeKMSKeyId: "alias/kafka" } } }), KafkaSg: sg("kafka") }),
    ));
    expect(r["Kafka"]).toMatchObject({ impact: "WILL_REPLACE", changes: [{ name: "BrokerNodeGroupInfo", impact: "WILL_REPLACE", nestedPath: "BrokerNodeGroupInfo.ClientSubnets" }] });
    expect(r["Sg"]).toMatchObject({ impact: "WILL_REPLACE", changes: [{ name: "EncryptionInfo", impact: "WILL_REPLACE", nestedPath: "EncryptionInfo.EncryptionAtRest" }] });
  });

  test("a replaced security group named in the nested list replaces the cluster too", () => {
    const r = byId(templateImpacts(t({ Kafka: msk({}), KafkaSg: sg("kafka") }), t({ Kafka: msk({}), KafkaSg: sg("kafka-v2") })));
    expect(r["KafkaSg"]?.impact).toBe("WILL_REPLACE");
    expect(r["Kafka"]).toMatchObject({ impact: "WILL_REPLACE", changes: [{ name: "BrokerNodeGroupInfo", nestedPath: "BrokerNodeGroupInfo.SecurityGroups", causedBy: ["KafkaSg"] }] });
  });

  test("in-place changes beside them stay updates: broker size and storage, a GSI inserted first in a global table", () => {
    const gsi = (name: string, key: string) => ({ IndexName: name, KeySchema: [{ AttributeName: key, KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } });
    const table = (indexes: unknown[]) => ({
      Type: "AWS::DynamoDB::GlobalTable",
      Properties: { TableName: "orders", BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "a", AttributeType: "S" }], Replicas: [{ Region: "us-east-1" }], GlobalSecondaryIndexes: indexes },
    });
    const r = byId(templateImpacts(
      t({ Kafka: msk({}), Table: table([gsi("byA", "a")]), KafkaSg: sg("kafka") }),
      t({ Kafka: msk({ InstanceType: "kafka.m5.xlarge", StorageInfo: { EBSStorageInfo: { VolumeSize: 500 } } }), Table: table([gsi("byPk", "pk"), gsi("byA", "a")]), KafkaSg: sg("kafka") }),
    ));
    expect(r["Kafka"]?.changes).toEqual([{ attribute: "Properties", name: "BrokerNodeGroupInfo", impact: "WILL_UPDATE" }]);
    expect(r["Table"]?.impact).toBe("WILL_UPDATE");
    // The same index with another key: the schema says it may replace.
    const k = byId(templateImpacts(t({ Table: table([gsi("byA", "a")]) }), t({ Table: table([gsi("byA", "pk")]) })));
    expect(k["Table"]?.changes).toEqual([{ attribute: "Properties", name: "GlobalSecondaryIndexes", impact: "MAY_REPLACE", nestedPath: "GlobalSecondaryIndexes[0].KeySchema[0].AttributeName" }]);
  });

  test("an Elasticsearch domain's new KMS key replaces it; an intrinsic over a nested create-only property may", () => {
    const es = (enc: unknown) => ({ Type: "AWS::Elasticsearch::Domain", Properties: { DomainName: "search", ElasticsearchVersion: "7.10", EncryptionAtRestOptions: enc } });
    const r = byId(templateImpacts(
      t({ Es: es({ Enabled: true, KmsKeyId: "alias/a" }), Kafka: msk({}) }),
      t({ Es: es({ Enabled: true, KmsKeyId: "alias/b" }), Kafka: { ...msk({}), Properties: { ...msk({}).Properties, BrokerNodeGroupInfo: { "Fn::If": ["Big", msk({}).Properties.BrokerNodeGroupInfo, { InstanceType: "kafka.t3.small", ClientSubnets: ["subnet-0a1"] }] } } } }),
    ));
    expect(r["Es"]).toMatchObject({ impact: "WILL_REPLACE", changes: [{ name: "EncryptionAtRestOptions", nestedPath: "EncryptionAtRestOptions.KmsKeyId" }] });
    expect(r["Kafka"]?.changes[0]).toMatchObject({ name: "BrokerNodeGroupInfo", impact: "MAY_REPLACE" });
  });
});
