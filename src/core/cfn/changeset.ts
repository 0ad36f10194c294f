/**
 * Change-set classification (DESIGN.md "Change sets and stacks"): plain data describing a
 * CloudFormation change set (as DescribeChangeSet returns it, nested change sets included) and
 * the template facts that decide whether a removal really destroys anything (DeletionPolicy /
 * UpdateReplacePolicy). Pure: the AWS adapter and the template diff both produce this shape.
 */
import type { Evidence } from "../finding.js";

export type ChangeAction = "Add" | "Modify" | "Remove" | "Import" | "Dynamic" | "SyncWithActual";
export type Replacement = "True" | "False" | "Conditional";

export interface ChangeDetail {
  /** Target.Attribute (Properties, Metadata, Tags, ...). */
  attribute?: string;
  /** Target.Name: the property that changed. */
  name?: string;
  /** Target.RequiresRecreation: Never | Conditionally | Always. */
  requiresRecreation?: string;
  causingEntity?: string;
}

export interface ResourceChange {
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  action: string;
  replacement?: string;
  details: ChangeDetail[];
  /** Where this change came from (change-set ARN + pointer, or template file + line). */
  evidence: Evidence;
  /** For AWS::CloudFormation::Stack: the nested change set, when one was read. */
  nested?: ChangeSetFacts;
}

export interface StackProtections {
  /** undefined = not known (not read): reported as such. */
  terminationProtection?: boolean;
  stackPolicy?: boolean;
}

export interface ChangeSetFacts {
  stackName: string;
  changeSetName: string;
  /** Change-set ARN or the template file: the subject prefix of findings. */
  id: string;
  account?: string;
  tags: Record<string, string>;
  protections: StackProtections;
  /** From the stack's current template (GetTemplate): logical id → policy. undefined = unknown. */
  deletionPolicies?: Record<string, string>;
  updateReplacePolicies?: Record<string, string>;
  changes: ResourceChange[];
}

/** Types whose delete/update effects CloudFormation cannot describe: fail closed on any change. */
export function isOpaqueResourceType(type: string): boolean {
  if (type.startsWith("Custom::") || type === "AWS::CloudFormation::CustomResource") return true;
  // Registry (third-party or private) types: `Org::Service::Thing` outside AWS's namespaces.
  const ns = type.split("::")[0] ?? "";
  return !["AWS", "Alexa"].includes(ns);
}

/**
 * Properties known to require replacement when changed, for the stateful types the gate cares
 * about most (from the CloudFormation resource reference, "Update requires: Replacement").
 * Used only by the local template diff: a live change set says it itself.
 */
export const REPLACEMENT_PROPERTIES: Record<string, readonly string[]> = {
  "AWS::DynamoDB::Table": ["TableName", "KeySchema", "LocalSecondaryIndexes"],
  "AWS::DynamoDB::GlobalTable": ["TableName", "KeySchema", "LocalSecondaryIndexes"],
  "AWS::S3::Bucket": ["BucketName", "ObjectLockEnabled"],
  "AWS::RDS::DBInstance": ["DBInstanceIdentifier", "DBName", "Engine", "StorageEncrypted", "KmsKeyId", "AvailabilityZone", "DBClusterIdentifier", "CharacterSetName", "SourceDBInstanceIdentifier", "DBSnapshotIdentifier", "Timezone"],
  "AWS::RDS::DBCluster": ["DBClusterIdentifier", "DatabaseName", "Engine", "StorageEncrypted", "KmsKeyId", "AvailabilityZones", "SnapshotIdentifier", "SourceDBClusterIdentifier", "EngineMode"],
  "AWS::EFS::FileSystem": ["Encrypted", "KmsKeyId", "PerformanceMode", "AvailabilityZoneName"],
  "AWS::KMS::Key": ["KeySpec", "MultiRegion"],
  "AWS::Cognito::UserPool": ["UsernameAttributes", "AliasAttributes"],
  "AWS::Logs::LogGroup": ["LogGroupName"],
  "AWS::SQS::Queue": ["QueueName", "FifoQueue"],
  "AWS::SNS::Topic": ["TopicName", "FifoTopic"],
  "AWS::Kinesis::Stream": ["Name"],
  "AWS::ElastiCache::ReplicationGroup": ["ReplicationGroupId", "Engine", "AtRestEncryptionEnabled", "TransitEncryptionEnabled", "KmsKeyId"],
  "AWS::OpenSearchService::Domain": ["DomainName"],
  "AWS::Elasticsearch::Domain": ["DomainName"],
  "AWS::DocDB::DBCluster": ["DBClusterIdentifier", "StorageEncrypted", "KmsKeyId", "SnapshotIdentifier"],
  "AWS::Neptune::DBCluster": ["DBClusterIdentifier", "StorageEncrypted", "KmsKeyId", "SnapshotIdentifier"],
  "AWS::Backup::BackupVault": ["BackupVaultName", "EncryptionKeyArn"],
  "AWS::ECR::Repository": ["RepositoryName"],
  "AWS::SecretsManager::Secret": ["Name"],
  "AWS::IAM::Role": ["RoleName", "Path"],
  "AWS::IAM::User": [],
  "AWS::Lambda::Function": ["FunctionName"],
  "AWS::EC2::Instance": ["ImageId", "AvailabilityZone", "SubnetId", "KeyName", "PrivateIpAddress", "Tenancy"],
  "AWS::EC2::Volume": ["AvailabilityZone", "SnapshotId", "Encrypted", "KmsKeyId"],
};
