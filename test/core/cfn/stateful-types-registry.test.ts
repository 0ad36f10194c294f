/**
 * statefulResourceTypes (policies/destructive-actions.yaml) against the CloudFormation registry
 * schemas of @aws-cdk/aws-service-spec (the copy the replacement gate uses): a resource type whose
 * schema shows that it keeps data — a deletion or termination protection, a final snapshot, backup
 * or snapshot settings, a snapshot or backup it is restored from, a retention period — is either
 * listed as stateful or named below with the reason it is not. A type that gains such a property in
 * a dependency update, or a new data store, fails here until it is decided.
 */
import { sharedDatabase } from "../../../src/aws/nested-impacts.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const stateful = new Set(policy.destructive.statefulResourceTypes);

/** A top-level property that only a resource holding data has. */
const KEEPS_DATA = new RegExp(
  "^(" +
    [
      // protection against deletes
      "DeletionProtection\\w*",
      "DeleteProtection",
      "DeletionProtected",
      "TerminationProtect\\w*",
      // copies taken of it
      "FinalSnapshot\\w*",
      "SnapshotRetentionLimit",
      "SnapshotWindow",
      "DailySnapshotTime",
      "PreferredBackupWindow",
      "BackupPolicy",
      "SnapshotOptions",
      "DeleteAutomatedBackups",
      // copies it is restored from
      "SnapshotId",
      "SnapshotIdentifier",
      "DBSnapshotIdentifier",
      "SnapshotArns",
      "SnapshotArnsToRestore",
      "SnapshotArn",
      "BackupId",
      // how long it keeps what it holds
      "\\w*Retention\\w*",
    ].join("|") +
    ")$",
);

/** Types with such a property that are not stateful, each with its reason. */
const NOT_STATEFUL: Record<string, string> = {
  "AWS::AppConfig::ConfigurationProfile": "configuration whose versions are template resources (HostedConfigurationVersion) or live elsewhere (S3, SSM); DeletionProtectionCheck guards a profile in use",
  "AWS::AppConfig::Environment": "a deployment target; DeletionProtectionCheck guards an environment in use, it holds no data",
  "AWS::AutoScaling::AutoScalingGroup": "its instances are made anew from the launch template",
  "AWS::Batch::JobDefinition": "a revision of a job's settings, all in the template (ResourceRetentionPolicy keeps old revisions)",
  "AWS::CloudTrail::Dashboard": "widgets over an event data store, which is listed (AWS::CloudTrail::EventDataStore)",
  "AWS::DocDB::GlobalCluster": "holds no data of its own: its member DBClusters do, and they are listed",
  "AWS::EKS::Cluster":
    "the control plane: what runs in it is applied by deploy tooling, persistent volumes are EBS/EFS resources that outlive it; losing it is an outage, caught by termination protection and changeset-destroys-prod, not lost data",
  "AWS::IoTAnalytics::Channel": "AWS IoT Analytics reached end of support on 2025-12-15",
  "AWS::IoTAnalytics::Dataset": "AWS IoT Analytics reached end of support on 2025-12-15",
  "AWS::IoTAnalytics::Datastore": "AWS IoT Analytics reached end of support on 2025-12-15",
  "AWS::Neptune::DBInstance": "a member of its Neptune DBCluster, which holds the data and is listed",
  "AWS::Neptune::GlobalCluster": "holds no data of its own: its member DBClusters do, and they are listed",
  "AWS::NetworkFirewall::Firewall": "network configuration, all in the template; DeleteProtection guards traffic, not data",
  "AWS::OpsWorksCM::Server": "AWS OpsWorks for Chef Automate and Puppet Enterprise reached end of life on 2024-05-26",
  "AWS::RDS::DBSnapshot": "a point-in-time copy of a listed database, which is judged itself",
  "AWS::RDS::GlobalCluster": "holds no data of its own: its member DBClusters do, and they are listed",
  "AWS::Rbin::Rule": "a rule: the snapshots and images it keeps in the Recycle Bin are separate resources",
  "AWS::Redshift::Snapshot": "a point-in-time copy of a listed Redshift cluster, which is judged itself",
  "AWS::RedshiftServerless::Snapshot": "a point-in-time copy of a listed Redshift Serverless namespace, which is judged itself",
  "AWS::RedshiftServerless::Workgroup": "compute: the data is in its namespace (AWS::RedshiftServerless::Namespace, listed); SnapshotArn only seeds it",
  "AWS::SMSVOICE::PhoneNumber": "an origination identity, not stored data (its protection is tiered T2: test/core/iam/deletion-protection.test.ts)",
  "AWS::SMSVOICE::Pool": "a group of origination identities, not stored data",
  "AWS::SMSVOICE::ProtectConfiguration": "sending rules, all in the template",
  "AWS::SMSVOICE::SenderId": "an origination identity, not stored data",
  "AWS::Serverless::LayerVersion": "code from the template's CodeUri; RetentionPolicy keeps old versions",
  "AWS::StorageGateway::TapePool": "a pool's retention settings: the tapes are separate resources",
  "AWS::Synthetics::Canary": "its artifacts are written to an S3 bucket (ArtifactS3Location), judged as a bucket",
  "AWS::WellArchitected::AgentProfile": "a review tool's profile, no workload data",
};

/**
 * Types decided by hand (no registry signal, or asked about), and why they are not stateful. Each
 * is checked to be a real type that the list does not name.
 */
const DECIDED_NOT_STATEFUL: Record<string, string> = {
  "AWS::SageMaker::Domain":
    "CloudFormation's delete keeps the home EFS file system (DeleteDomain's RetentionPolicy defaults to Retain: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DeleteDomain.html; https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1085)",
  "AWS::FSx::StorageVirtualMachine": "its data is in its volumes (AWS::FSx::Volume, listed), which must be deleted before it",
  "AWS::DAX::Cluster": "a write-through cache in front of DynamoDB, whose tables hold the data",
  "AWS::Glue::Database": "catalog metadata; the data stays in S3",
  "AWS::Glue::Table": "catalog metadata; the data stays in S3",
  "AWS::Kendra::Index": "an index of data sources held elsewhere (S3, connectors); a sync rebuilds it",
  "AWS::Route53::HostedZone": "its records are template resources; Route 53 refuses to delete a zone holding others (HostedZoneNotEmpty)",
  "AWS::Bedrock::KnowledgeBase": "the vectors are in its vector store (OpenSearch Serverless collection, S3 vector bucket, Aurora: listed); ingestion rebuilds them from the data source",
  "AWS::Bedrock::DataSource": "DataDeletionPolicy removes vectors that ingestion makes again from the source",
  "AWS::SSM::Parameter": "its Value is in the template",
  "AWS::Omics::SequenceStore":
    "can only be deleted when it holds no read sets (https://docs.aws.amazon.com/omics/latest/dev/deleting-reference-and-sequence-stores.html): a delete fails rather than lose data",
  "AWS::Omics::ReferenceStore": "can only be deleted when it holds no references (same page): a delete fails rather than lose data",
  "AWS::HealthImaging::Datastore":
    "can only be deleted when it holds no image sets (https://docs.aws.amazon.com/healthimaging/latest/devguide/delete-data-store.html): a delete fails rather than lose data",
};

describe("stateful resource types, as the CloudFormation registry knows them", () => {
  const database = sharedDatabase();
  const registryTypes = new Set(database.all("resource").map((r) => r.cloudFormationType));
  const keepingData = database
    .all("resource")
    .filter((r) => Object.keys(r.properties).some((p) => KEEPS_DATA.test(p)))
    .map((r) => r.cloudFormationType)
    .sort();

  it("every type whose schema shows it keeps data is listed as stateful, or named here with its reason", () => {
    // Not vacuous: the registry shows these data stores by their properties.
    expect(keepingData).toEqual(expect.arrayContaining(["AWS::RDS::DBInstance", "AWS::DynamoDB::Table", "AWS::ElastiCache::ServerlessCache", "AWS::Events::Archive", "AWS::EKS::Cluster"]));
    expect(keepingData.filter((type) => !stateful.has(type) && !(type in NOT_STATEFUL))).toEqual([]);
  });

  it("each reasoned exclusion still keeps its signal and is not also listed", () => {
    expect(Object.keys(NOT_STATEFUL).filter((type) => !keepingData.includes(type))).toEqual([]);
    expect(Object.keys({ ...NOT_STATEFUL, ...DECIDED_NOT_STATEFUL }).filter((type) => stateful.has(type))).toEqual([]);
  });

  it("each hand-decided type is a registry type", () => {
    expect(Object.keys(DECIDED_NOT_STATEFUL).filter((type) => !registryTypes.has(type))).toEqual([]);
  });

  it("every listed type is a registry type (a misspelt type protects nothing)", () => {
    expect(policy.destructive.statefulResourceTypes.filter((type) => !registryTypes.has(type))).toEqual([]);
  });
});
