/**
 * Two versions of one CDK app (base = main, head = a pull request), synthesized in-process with
 * real aws-cdk-lib (validation off), for the replacement gate. One stack per scenario, so one
 * synth per side covers them all. The shapes follow what CDK apps commonly do: an orders table
 * (the aws-samples serverless shop pattern), a Redis cache cluster, EFS access points, a nested
 * data stack, an RDS instance.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, NestedStack, RemovalPolicy, Stack, Tags, type AppProps } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as efs from "aws-cdk-lib/aws-efs";
import * as elasticache from "aws-cdk-lib/aws-elasticache";
import * as rds from "aws-cdk-lib/aws-rds";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sns from "aws-cdk-lib/aws-sns";

export type Side = "base" | "head";

function ordersTable(scope: Stack | NestedStack, id: string, props: Partial<dynamodb.TableProps> = {}): dynamodb.Table {
  return new dynamodb.Table(scope, id, {
    partitionKey: { name: "orderId", type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    removalPolicy: RemovalPolicy.DESTROY,
    ...props,
  });
}

export function synthReplacementApp(side: Side): string {
  const outdir = mkdtempSync(path.join(tmpdir(), `ag-replacement-${side}-`));
  // Version reporting on, as `cdk synth` does: every stack carries AWS::CDK::Metadata.
  const app = new App({ outdir, analyticsReporting: true, builtinCloudFormationValidation: false } as AppProps);
  const head = side === "head";

  // A physical name changes: TableName forces replacement.
  ordersTable(new Stack(app, "RenameTableProd"), "Orders", { tableName: head ? "orders-v2" : "orders" });

  // The partition key changes: KeySchema forces replacement.
  ordersTable(new Stack(app, "KeySchemaProd"), "Orders", { partitionKey: { name: head ? "customerId" : "orderId", type: dynamodb.AttributeType.STRING } });

  // The construct id changes: a new logical id, so CloudFormation deletes the old table and creates another.
  ordersTable(new Stack(app, "LogicalIdProd"), head ? "OrdersTable" : "Orders");

  // The whole stack leaves the app (only in the base).
  if (!head) {
    const gone = new Stack(app, "RemovedProd");
    ordersTable(gone, "Orders");
    new s3.Bucket(gone, "Receipts", { removalPolicy: RemovalPolicy.DESTROY });
    new sns.Topic(gone, "OrderEvents");
  }

  // ElastiCache Engine (a type the old hand-written list did not know), and EFS access points moved
  // to another file system (FileSystemId, also unknown to it).
  const cache = new Stack(app, "CacheProd");
  new elasticache.CfnCacheCluster(cache, "Sessions", { engine: head ? "memcached" : "redis", cacheNodeType: "cache.t3.micro", numCacheNodes: 1 });
  const vpcless = new Stack(app, "FilesProd");
  const fsA = new efs.CfnFileSystem(vpcless, "SharedA", { encrypted: true });
  const fsB = new efs.CfnFileSystem(vpcless, "SharedB", { encrypted: true });
  new efs.CfnAccessPoint(vpcless, "Uploads", { fileSystemId: (head ? fsB : fsA).ref });

  // A nested stack's table is renamed.
  const parent = new Stack(app, "NestedProd");
  const data = new NestedStack(parent, "Data");
  ordersTable(data, "Orders", { tableName: head ? "nested-orders-v2" : "nested-orders" });

  // Safe: tags and provisioned capacity change in place; an added topic (a new construct type
  // changes the AWS::CDK::Metadata Analytics string).
  const safe = new Stack(app, "SafeProd");
  ordersTable(safe, "Orders", { billingMode: dynamodb.BillingMode.PROVISIONED, readCapacity: head ? 10 : 5, writeCapacity: head ? 10 : 5 });
  Tags.of(safe).add("team", head ? "payments" : "orders");
  if (head) new sns.Topic(safe, "OrderShipped");

  // MultiAZ on an RDS instance: "Update requires: Some interruptions" or replacement (MAY_REPLACE).
  new rds.CfnDBInstance(new Stack(app, "DatabaseProd"), "Db", {
    engine: "postgres", dbInstanceClass: "db.t3.micro", allocatedStorage: "20", masterUsername: "app",
    manageMasterUserPassword: true, multiAz: head,
  });

  // The stack's name changes (same construct, same artifact id): CloudFormation gets a new stack.
  ordersTable(new Stack(app, "AccountsProd", { stackName: head ? "accounts-prod-v2" : "accounts-prod" }), "Accounts");

  // The same rename as RenameTableProd, in a staging stack: not production.
  ordersTable(new Stack(app, "RenameTableStaging"), "Orders", { tableName: head ? "orders-v2" : "orders" });

  // The stack's construct id changes and its stackName stays: CloudFormation updates ledger-prod in
  // place, so only the renamed table is replaced; its topic is kept.
  const ledgerProd = new Stack(app, head ? "LedgerStackV2" : "LedgerStack", { stackName: "ledger-prod" });
  ordersTable(ledgerProd, "Entries", { tableName: head ? "ledger-entries-v2" : "ledger-entries" });
  new sns.Topic(ledgerProd, "Posted");

  // No production token in these names: the environment tag decides. The ledger's tag turns from
  // prod to dev in the same change that drops its table; the reports stack, production by default
  // (nothing says otherwise), is only tagged staging; the scratch stack is non-production on both
  // sides (dev → test) and drops its table.
  const ledger = new Stack(app, "Ledger");
  Tags.of(ledger).add("Environment", head ? "dev" : "prod");
  if (!head) ordersTable(ledger, "Entries");
  const reports = new Stack(app, "Reports");
  if (head) Tags.of(reports).add("Environment", "staging");
  ordersTable(reports, "Runs");
  const scratch = new Stack(app, "Scratch");
  Tags.of(scratch).add("Environment", head ? "test" : "dev");
  if (!head) ordersTable(scratch, "Items");

  app.synth();
  return outdir;
}
