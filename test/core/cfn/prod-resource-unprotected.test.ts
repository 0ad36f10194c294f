/**
 * prod-resource-unprotected per resource type (policies/resource-protection.yaml). The expected
 * facts are written here from CloudFormation's documentation (DeletionPolicy attribute page and
 * each type's reference page), not read from the table, so a wrong row fails a test.
 */
import { rule } from "../../../src/core/cfn/prod-resource-unprotected.js";
import { readTemplate, type TemplateInput } from "../../../src/core/cfn/template.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();

function gapsOf(type: string, resource: Record<string, unknown> = {}, extra: Partial<TemplateInput> = {}): string[] {
  const input: TemplateInput = { file: "t.json", value: { Resources: { Data: { Type: type, ...resource } } }, stackName: "OrdersProd", terminationProtection: true, ...extra };
  const findings = rule.evaluate(input, readTemplate(input, policy), policy);
  return findings.map((f) => f.message);
}

/** Types CloudFormation can snapshot on delete (DeletionPolicy attribute, "Snapshot"). */
const SNAPSHOT = ["AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "AWS::EC2::Volume", "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup", "AWS::Redshift::Cluster", "AWS::Neptune::DBCluster", "AWS::DocDB::DBCluster"];
/** Types whose DeletionPolicy defaults to Snapshot (same page, "Exception"). */
const DEFAULT_SNAPSHOT = ["AWS::RDS::DBCluster", "AWS::RDS::DBInstance"];
/** Deletion-protection properties and the value that turns them on (each type's reference page). */
const DELETION_PROTECTION: Record<string, [string, unknown]> = {
  "AWS::RDS::DBCluster": ["DeletionProtection", true],
  "AWS::RDS::DBInstance": ["DeletionProtection", true],
  "AWS::Neptune::DBCluster": ["DeletionProtection", true],
  "AWS::DocDB::DBCluster": ["DeletionProtection", true],
  "AWS::DynamoDB::Table": ["DeletionProtectionEnabled", true],
  "AWS::Cognito::UserPool": ["DeletionProtection", "ACTIVE"],
  "AWS::Logs::LogGroup": ["DeletionProtectionEnabled", true],
  "AWS::QLDB::Ledger": ["DeletionProtection", true],
  "AWS::DSQL::Cluster": ["DeletionProtectionEnabled", true],
  "AWS::NeptuneGraph::Graph": ["DeletionProtection", true],
  "AWS::OpenSearchServerless::Collection": ["DeletionProtection", "ENABLED"],
  "AWS::CloudTrail::EventDataStore": ["TerminationProtectionEnabled", true],
};

describe("the protection table", () => {
  it("has a row, with its documentation source, for every stateful type", () => {
    for (const type of policy.destructive.statefulResourceTypes) {
      // SAM's resources are documented in the SAM developer guide.
      expect(policy.protection[type]?.source).toMatch(type.startsWith("AWS::Serverless::") ? /^https:\/\/docs\.aws\.amazon\.com\/serverless-application-model\// : /^https:\/\/docs\.aws\.amazon\.com\/AWSCloudFormation\//);
    }
  });
});

describe.each(policy.destructive.statefulResourceTypes.map((t) => [t]))("%s", (type) => {
  const canSnapshot = SNAPSHOT.includes(type);
  const dp = DELETION_PROTECTION[type];
  // QLDB ledgers have deletion protection on unless turned off.
  const dpOff: Record<string, unknown> = dp ? { Properties: { [dp[0]]: dp[1] === "ACTIVE" ? "INACTIVE" : dp[1] === "ENABLED" ? "DISABLED" : false } } : {};

  it("Retain on both policies protects", () => {
    expect(gapsOf(type, { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", ...dpOff })).toEqual([]);
    expect(gapsOf(type, { DeletionPolicy: "RetainExceptOnCreate", UpdateReplacePolicy: "Retain", ...dpOff })).toEqual([]);
  });

  it(`Snapshot ${canSnapshot ? "protects" : "is not supported and protects nothing"}`, () => {
    const gaps = gapsOf(type, { DeletionPolicy: "Snapshot", UpdateReplacePolicy: "Snapshot", ...dpOff });
    if (canSnapshot) expect(gaps).toEqual([]);
    else expect(gaps.join()).toContain(`Snapshot, which CloudFormation does not support for ${type}`);
  });

  it(`no policy written: ${DEFAULT_SNAPSHOT.includes(type) ? "only the replacement gap (DeletionPolicy defaults to Snapshot)" : "both gaps (Delete is the default)"}`, () => {
    const [message] = gapsOf(type, dpOff);
    expect(message).toContain("a replacement destroys it (UpdateReplacePolicy is Delete (the default))");
    if (DEFAULT_SNAPSHOT.includes(type)) expect(message).not.toContain("a stack delete destroys it");
    else expect(message).toContain("a stack delete destroys it (DeletionPolicy is Delete (the default))");
  });

  if (dp) {
    it(`${dp[0]} protects against deletes, not against a replacement`, () => {
      const [message] = gapsOf(type, { Properties: { [dp[0]]: dp[1] } });
      expect(message).not.toContain("a stack delete destroys it");
      expect(message).toContain("deletion protection does not stop a replacement");
      expect(gapsOf(type, { UpdateReplacePolicy: "Retain", Properties: { [dp[0]]: dp[1] } })).toEqual([]);
    });
  } else {
    it("has no deletion-protection property", () => {
      expect(policy.protection[type]?.deletionProtection).toBeUndefined();
    });
  }
});

describe("special cases", () => {
  it("an Aurora instance (DBInstance with DBClusterIdentifier) is judged by its cluster, not by itself", () => {
    expect(gapsOf("AWS::RDS::DBInstance", { Properties: { DBClusterIdentifier: { Ref: "Cluster" } } })).toEqual([]);
  });

  it("a SAM SimpleTable is the DynamoDB table the transform makes, protected only by the attributes it passes on", () => {
    const sam = { Transform: "AWS::Serverless-2016-10-31" };
    const table = (attributes: Record<string, unknown>) => {
      const input: TemplateInput = { file: "t.yaml", value: { ...sam, Resources: { Orders: { Type: "AWS::Serverless::SimpleTable", Properties: { PrimaryKey: { Name: "id", Type: "String" } }, ...attributes } } }, stackName: "OrdersProd", terminationProtection: true };
      return rule.evaluate(input, readTemplate(input, policy), policy).map((f) => [f.subject, f.message.split(" is unprotected")[0]]);
    };
    expect(table({})).toEqual([["OrdersProd/Orders", "Stateful production resource Orders (AWS::Serverless::SimpleTable)"]]);
    expect(table({ DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" })).toEqual([]);
  });

  it("a QLDB ledger without the property has deletion protection (its default)", () => {
    const [message] = gapsOf("AWS::QLDB::Ledger");
    expect(message).not.toContain("a stack delete destroys it");
  });

  it("an intrinsic DeletionPolicy cannot be shown to protect (fail closed)", () => {
    expect(gapsOf("AWS::S3::Bucket", { DeletionPolicy: { "Fn::If": ["IsProd", "Retain", "Delete"] }, UpdateReplacePolicy: "Retain" }).join()).toContain("is not a literal value");
  });

  it("advice is in CDK terms for a CDK resource and in template terms otherwise", () => {
    const cdk = gapsOf("AWS::DynamoDB::Table", { Metadata: { "aws:cdk:path": "Prod/Service/Orders/Resource" } }, { stagePath: "Prod/Service" }).join();
    expect(cdk).toContain("removalPolicy: RemovalPolicy.RETAIN");
    expect(cdk).toContain("DeletionProtectionEnabled");
    const template = gapsOf("AWS::DynamoDB::Table").join();
    expect(template).toContain("Set DeletionPolicy and UpdateReplacePolicy to Retain");
    expect(gapsOf("AWS::RDS::DBCluster").join()).toContain("Set UpdateReplacePolicy to Retain or Snapshot");
  });

  it("a nested stack's template has no termination-protection finding of its own; a root stack does", () => {
    expect(gapsOf("AWS::SQS::Queue", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" }, { terminationProtection: false, nestedIn: "OrdersProd" })).toEqual([]);
    expect(gapsOf("AWS::SQS::Queue", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" }, { terminationProtection: false }).join()).toContain("no termination protection");
  });
});
