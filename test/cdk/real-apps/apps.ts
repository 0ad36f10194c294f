/**
 * Ten public CDK apps, reproduced: our own compact code with each app's construct structure
 * (resources, props, grants), synthesizing offline (inline Lambda code instead of NodejsFunction
 * bundling or assets; a new VPC instead of Vpc.fromLookup). Sources and what was reproduced:
 * README.md beside this file. Each builder adds its stacks to `app`; the test adds the Aspect.
 */
import { App, Duration, Fn, NestedStack, RemovalPolicy, Stack, Stage, Tags, type NestedStackProps, type StackProps, type StageProps } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as autoscaling from "aws-cdk-lib/aws-applicationautoscaling";
import * as backup from "aws-cdk-lib/aws-backup";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as ecsPatterns from "aws-cdk-lib/aws-ecs-patterns";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as rds from "aws-cdk-lib/aws-rds";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as cr from "aws-cdk-lib/custom-resources";
import * as pipelines from "aws-cdk-lib/pipelines";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import * as tasks from "aws-cdk-lib/aws-stepfunctions-tasks";
import type { Construct } from "constructs";

export const PROD_ACCOUNT = "111111111111";
export const OTHER_ACCOUNT = "222222222222";
export const REPLICA_ACCOUNT = "333333333333";
const prodEnv = { account: PROD_ACCOUNT, region: "us-east-1" };

const inlineFunction = (scope: Construct, id: string, props: Partial<lambda.FunctionProps> = {}): lambda.Function =>
  new lambda.Function(scope, id, { runtime: lambda.Runtime.NODEJS_20_X, handler: "index.handler", code: lambda.Code.fromInline("exports.handler = async () => ({ statusCode: 200 });"), ...props });

/** 1. api-cors-lambda-crud-dynamodb: REST API, five CRUD functions, one table (removalPolicy DESTROY). */
export function apiCrud(app: App): void {
  const stack = new Stack(app, "ApiLambdaCrudDynamoDBExample", { env: prodEnv });
  const table = new dynamodb.Table(stack, "items", { partitionKey: { name: "itemId", type: dynamodb.AttributeType.STRING }, tableName: "items", removalPolicy: RemovalPolicy.DESTROY });
  const api = new apigateway.RestApi(stack, "itemsApi", { restApiName: "Items Service" });
  const items = api.root.addResource("items");
  const single = items.addResource("{id}");
  const routes: [string, apigateway.Resource, string][] = [
    ["getAllItemsFunction", items, "GET"],
    ["createItemFunction", items, "POST"],
    ["getOneItemFunction", single, "GET"],
    ["updateItemFunction", single, "PATCH"],
    ["deleteItemFunction", single, "DELETE"],
  ];
  for (const [id, resource, method] of routes) {
    const fn = inlineFunction(stack, id, { environment: { PRIMARY_KEY: "itemId", TABLE_NAME: table.tableName } });
    table.grantReadWriteData(fn);
    resource.addMethod(method, new apigateway.LambdaIntegration(fn));
  }
  for (const resource of [items, single]) {
    resource.addMethod("OPTIONS", new apigateway.MockIntegration({ integrationResponses: [{ statusCode: "200" }], requestTemplates: { "application/json": '{"statusCode": 200}' } }), {
      methodResponses: [{ statusCode: "200" }],
    });
  }
}

/** 2. ecs/fargate-application-load-balanced-service, deployed to a non-production account. */
export function fargateService(app: App): void {
  const stack = new Stack(app, "Bonjour", { env: { account: OTHER_ACCOUNT, region: "us-east-1" } });
  const vpc = new ec2.Vpc(stack, "MyVpc", { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, "Cluster", { vpc });
  new ecsPatterns.ApplicationLoadBalancedFargateService(stack, "FargateService", { cluster, taskImageOptions: { image: ecs.ContainerImage.fromRegistry("amazon/amazon-ecs-sample") } });
}

/** 3. rds/aurora: Aurora PostgreSQL cluster (writer + reader), secret, KMS key, rotation; RETAIN + deletionProtection. */
export function aurora(app: App): void {
  const stack = new Stack(app, "AuroraStack", { env: prodEnv });
  const vpc = new ec2.Vpc(stack, "Vpc", { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: "isolated", subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const vpcSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  const dbsg = new ec2.SecurityGroup(stack, "DatabaseSecurityGroup", { vpc, allowAllOutbound: true, securityGroupName: "AuroraStackDatabase" });
  dbsg.addIngressRule(dbsg, ec2.Port.allTraffic(), "all from self");
  const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_15_4 });
  const parameterGroup = new rds.ParameterGroup(stack, "AuroraParameterGroup", { engine, parameters: {} });
  const secret = new secretsmanager.Secret(stack, "AuroraClusterCredentials", {
    secretName: "ordersAuroraClusterCredentials",
    generateSecretString: { excludeCharacters: "\"@/\\ '", generateStringKey: "password", passwordLength: 30, secretStringTemplate: JSON.stringify({ username: "clusteradmin" }) },
  });
  const key = new kms.Key(stack, "AuroraDatabaseKey", { enableKeyRotation: true, alias: "orders" });
  const cluster = new rds.DatabaseCluster(stack, "AuroraDatabase", {
    engine,
    credentials: rds.Credentials.fromSecret(secret, "clusteradmin"),
    backup: { retention: Duration.days(14) },
    parameterGroup,
    writer: rds.ClusterInstance.provisioned("writer", { instanceType: ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.MEDIUM) }),
    readers: [rds.ClusterInstance.provisioned("reader1", { instanceType: ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.MEDIUM) })],
    vpc,
    vpcSubnets,
    securityGroups: [dbsg],
    iamAuthentication: true,
    storageEncrypted: true,
    storageEncryptionKey: key,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.SNAPSHOT,
    copyTagsToSnapshot: true,
    cloudwatchLogsExports: ["postgresql"],
    cloudwatchLogsRetention: logs.RetentionDays.ONE_MONTH,
    clusterIdentifier: "orders",
  });
  cluster.applyRemovalPolicy(RemovalPolicy.RETAIN);
  Tags.of(cluster).add("Name", "orders", { priority: 300 });
  cluster.addRotationSingleUser({ automaticallyAfter: Duration.days(30), excludeCharacters: "\"@/\\ '", vpcSubnets });
}

class VpcNestedStack extends NestedStack {
  readonly vpc: ec2.Vpc;
  constructor(scope: Construct, id: string, props?: NestedStackProps) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, "nested-stack-vpc", {
      ipAddresses: ec2.IpAddresses.cidr("10.0.0.0/16"),
      natGateways: 0,
      maxAzs: 3,
      subnetConfiguration: [
        { name: "public-subnet-1", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: "private-isolated-subnet-1", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
  }
}

/** 4. api-gateway-parallel-step-functions: VPC in a NestedStack, two VPC functions, an EXPRESS state machine with logs, StepFunctionsRestApi. */
export function parallelStepFunctions(app: App): void {
  const stack = new Stack(app, "ApiGatewayParallelStepFunctions", { env: prodEnv });
  const { vpc } = new VpcNestedStack(stack, "nested-stack-lambda");
  const fns = [1, 2].map((n) =>
    inlineFunction(stack, `lambda-function-${n}`, {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      memorySize: 128,
      timeout: Duration.seconds(5 * n),
      environment: { VPC_CIDR: vpc.vpcCidrBlock, VPC_ID: vpc.vpcId },
      logRetention: logs.RetentionDays.ONE_DAY,
    }),
  );
  const parallel = new sfn.Parallel(stack, "two-jobs", { resultPath: "$.CombinedOutput" });
  fns.forEach((fn, i) => parallel.branch(new tasks.LambdaInvoke(stack, `job-${i}`, { lambdaFunction: fn })));
  parallel.next(new sfn.Pass(stack, "merge-outcomes", { parameters: { "normal.$": "$.CombinedOutput[0].Payload.body" } }));
  const logGroup = new logs.LogGroup(stack, "stepfunctions-loggroup");
  const stateMachine = new sfn.StateMachine(stack, "my-state-machine", {
    definitionBody: sfn.DefinitionBody.fromChainable(parallel),
    stateMachineType: sfn.StateMachineType.EXPRESS,
    logs: { destination: logGroup, level: sfn.LogLevel.ALL },
  });
  const api = new apigateway.StepFunctionsRestApi(stack, "my-api", { stateMachine, deployOptions: { stageName: "dev" } });
  api.root.addResource("messages").addMethod("GET");
}

/** 5. s3-kms-cross-account-replication: a replication role (source account), destination key + bucket + bucket policy, source key + bucket with replication. */
export function crossAccountReplication(app: App): void {
  const sourceEnv = prodEnv;
  const destinationEnv = { account: REPLICA_ACCOUNT, region: "us-west-2" };
  const step1 = new Stack(app, "Step1SourceAccount", { env: sourceEnv });
  const role = new iam.Role(step1, "s3-cross-account-replication-role", { assumedBy: new iam.ServicePrincipal("s3.amazonaws.com"), roleName: "s3-cross-account-replication-role" });
  role.attachInlinePolicy(
    new iam.Policy(step1, "s3-cross-account-replication-policy", {
      document: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"], resources: ["arn:aws:s3:::orders-source"] }),
          new iam.PolicyStatement({ actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], resources: ["arn:aws:s3:::orders-source/*"] }),
          new iam.PolicyStatement({ actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"], resources: ["arn:aws:s3:::orders-destination/*"] }),
          new iam.PolicyStatement({ actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], resources: ["*"] }),
        ],
      }),
    }),
  );

  const step2 = new Stack(app, "Step2DestinationAccount", { env: destinationEnv });
  const replicationRoleArn = `arn:aws:iam::${PROD_ACCOUNT}:role/s3-cross-account-replication-role`;
  const destinationKey = new kms.Key(step2, "s3-cross-account-replication-dest-key", {
    policy: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(`arn:aws:iam::${REPLICA_ACCOUNT}:root`)], actions: ["kms:*"], resources: ["*"] }),
        new iam.PolicyStatement({ sid: "Enable Replication Permissions", principals: [new iam.ArnPrincipal(replicationRoleArn)], actions: ["kms:Encrypt"], resources: ["*"] }),
      ],
    }),
  });
  const destination = new s3.Bucket(step2, "s3-cross-account-replication-dest-bucket", {
    bucketName: "orders-destination",
    encryptionKey: destinationKey,
    versioned: true,
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  });
  destination.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(`arn:aws:iam::${REPLICA_ACCOUNT}:root`)], actions: ["s3:*"], resources: [destination.bucketArn, destination.arnForObjects("*")] }));
  destination.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(replicationRoleArn)], actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"], resources: [destination.arnForObjects("*")] }));
  destination.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(replicationRoleArn)], actions: ["s3:List*", "s3:GetBucketVersioning", "s3:PutBucketVersioning"], resources: [destination.bucketArn] }));

  const step3 = new Stack(app, "Step3SourceAccount", { env: sourceEnv });
  const sourceKey = new kms.Key(step3, "s3-cross-account-replication-source-key", {
    policy: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(`arn:aws:iam::${PROD_ACCOUNT}:root`)], actions: ["kms:*"], resources: ["*"] }),
        new iam.PolicyStatement({ sid: "Enable Replication Permissions", principals: [new iam.ArnPrincipal(replicationRoleArn)], actions: ["kms:Decrypt"], resources: ["*"] }),
      ],
    }),
  });
  const source = new s3.Bucket(step3, "source-bucket-to-replicate-from", { bucketName: "orders-source", encryptionKey: sourceKey, versioned: true, removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
  (source.node.defaultChild as s3.CfnBucket).replicationConfiguration = {
    role: replicationRoleArn,
    rules: [{ destination: { bucket: "arn:aws:s3:::orders-destination", account: REPLICA_ACCOUNT, accessControlTranslation: { owner: "Destination" } }, status: "Enabled" }],
  };
}

/** 6. backup-s3: versioned bucket with autoDeleteObjects (DESTROY), a vault, a daily plan selecting by tag, a backup service role. Env-agnostic as published. */
export function backupS3(app: App): void {
  const stack = new Stack(app, "AwsBackupS3Stack");
  const bucket = new s3.Bucket(stack, "testBucket", {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    versioned: true,
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
  });
  Tags.of(bucket).add("daily-backup", "true");
  const backupRole = new iam.Role(stack, "Role", { assumedBy: new iam.ServicePrincipal("backup.amazonaws.com") });
  backupRole.addToPolicy(new iam.PolicyStatement({ sid: "S3BucketBackupPermissions", actions: ["s3:GetInventoryConfiguration", "s3:PutInventoryConfiguration", "s3:ListBucketVersions", "s3:ListBucket", "s3:GetBucketVersioning", "s3:GetBucketNotification", "s3:PutBucketNotification", "s3:GetBucketLocation", "s3:GetBucketTagging"], resources: ["arn:aws:s3:::*"] }));
  backupRole.addToPolicy(new iam.PolicyStatement({ sid: "S3ObjectBackupPermissions", actions: ["s3:GetObjectAcl", "s3:GetObject", "s3:GetObjectVersionTagging", "s3:GetObjectVersionAcl", "s3:GetObjectTagging", "s3:GetObjectVersion"], resources: ["arn:aws:s3:::*/*"] }));
  backupRole.addToPolicy(new iam.PolicyStatement({ sid: "S3GlobalPermissions", actions: ["s3:ListAllMyBuckets"], resources: ["*"] }));
  backupRole.addToPolicy(new iam.PolicyStatement({ sid: "KMSBackupPermissions", actions: ["kms:Decrypt", "kms:DescribeKey"], resources: ["*"], conditions: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } } }));
  backupRole.addToPolicy(new iam.PolicyStatement({ sid: "EventsPermissions", actions: ["events:DescribeRule", "events:EnableRule", "events:PutRule", "events:DeleteRule", "events:PutTargets", "events:RemoveTargets", "events:ListTargetsByRule", "events:DisableRule"], resources: ["arn:aws:events:*:*:rule/AwsBackupManagedRule*"] }));
  backupRole.addToPolicy(new iam.PolicyStatement({ sid: "EventsMetricsGlobalPermissions", actions: ["cloudwatch:GetMetricData", "events:ListRules"], resources: ["*"] }));
  const vault = new backup.BackupVault(stack, "Vault", {});
  const plan = backup.BackupPlan.daily35DayRetention(stack, "demo-backup-plan", vault);
  plan.addSelection("Selection", { role: backupRole, resources: [backup.BackupResource.fromTag("daily-backup", "true")] });
}

class VpcStack extends Stack {
  readonly vpc: ec2.Vpc;
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, "Vpc", { maxAzs: 2, natGateways: 1 });
  }
}

class EcsStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { vpc: ec2.IVpc }) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, "Cluster", { vpc: props.vpc });
    new ecsPatterns.ApplicationLoadBalancedFargateService(this, "Service", { cluster, memoryLimitMiB: 1024, cpu: 512, taskImageOptions: { image: ecs.ContainerImage.fromRegistry("amazon/amazon-ecs-sample") } });
  }
}

class AppStacks extends Stage {
  constructor(scope: Construct, id: string, props: StageProps) {
    super(scope, id, props);
    const vpcStack = new VpcStack(this, "VPCStack", { env: props.env ?? {} });
    new EcsStack(this, "ECSStack", { env: props.env ?? {}, vpc: vpcStack.vpc });
  }
}

/** 7. cdkpipeline-ecs: a CDK Pipelines CodePipeline with one wave of two stages (VPC stack + ECS Fargate stack each). */
export function cdkPipelineEcs(app: App): void {
  const stack = new Stack(app, "CdkPipelineEcsStack", { env: prodEnv });
  const pipeline = new pipelines.CodePipeline(stack, "Pipeline", {
    synth: new pipelines.ShellStep("Synth", { input: pipelines.CodePipelineSource.gitHub("acme/cdkpipeline-ecs", "main"), commands: ["npm ci", "npm run build", "npx cdk synth"] }),
  });
  const wave = pipeline.addWave("DeployWave");
  wave.addStage(new AppStacks(stack, "AppsUS", { env: { account: PROD_ACCOUNT, region: "us-east-1" } }));
  wave.addStage(new AppStacks(stack, "AppsEU", { env: { account: PROD_ACCOUNT, region: "eu-west-1" } }));
}

/** 8. lambda-provisioned-concurrency-autoscaling: alias with provisioned concurrency, scalable target (service-linked role), schedule. */
export function provisionedConcurrencyScaling(app: App): void {
  const stack = new Stack(app, "LambdaProvisionedConcurrencyScalingSchedule", { env: prodEnv });
  const fn = inlineFunction(stack, "LambdaFunction", { functionName: "LambdaPCAutoScalingExampleSchedule", memorySize: 512, timeout: Duration.seconds(6) });
  new lambda.Alias(stack, "LambdaFunctionAlias", { aliasName: "provisioned", version: fn.currentVersion, provisionedConcurrentExecutions: 1 });
  const target = new autoscaling.ScalableTarget(stack, "LambdaPCAutoScalingExampleScheduleScalableSchedule", {
    serviceNamespace: autoscaling.ServiceNamespace.LAMBDA,
    maxCapacity: 1,
    minCapacity: 0,
    resourceId: "function:LambdaPCAutoScalingExampleSchedule:provisioned",
    scalableDimension: "lambda:function:ProvisionedConcurrency",
  });
  target.scaleOnSchedule("ScheduleScaleOut", { schedule: autoscaling.Schedule.expression("cron(0 11 ? * MON-FRI *)"), minCapacity: 1, maxCapacity: 1 });
  target.scaleOnSchedule("ScheduleScaleIn", { schedule: autoscaling.Schedule.expression("cron(0 12 ? * MON-FRI *)"), minCapacity: 0, maxCapacity: 0 });
}

class CmkStack extends NestedStack {
  constructor(scope: Construct, id: string, props: NestedStackProps & { tableName: string; replicaRegions: string[]; keyAlias: string }) {
    super(scope, id, props);
    const keyId = new kms.CfnKey(this, "multi-region-cmk", {
      keyPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${this.account}:root` }, Action: "kms:*", Resource: "*" }] },
      description: `CMK for ${props.tableName}`,
      enableKeyRotation: true,
      enabled: true,
      multiRegion: true,
    }).attrKeyId;
    new kms.CfnAlias(this, "multi-region-cmk-alias", { aliasName: props.keyAlias, targetKeyId: keyId });
    for (const region of props.replicaRegions) {
      const call: cr.AwsSdkCall = { service: "KMS", action: "replicateKey", physicalResourceId: cr.PhysicalResourceId.of("CustomResource::KeyReplicaCreation"), parameters: { KeyId: keyId, ReplicaRegion: region } };
      new cr.AwsCustomResource(this, `${region}-custom-resource`, {
        onCreate: call,
        onUpdate: call,
        policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ["kms:*"], resources: ["*"] })]),
        installLatestAwsSdk: false,
      });
    }
  }
}

class DynamoDbStack extends NestedStack {
  constructor(scope: Construct, id: string, props: NestedStackProps & { tableName: string; regions: string[] }) {
    super(scope, id, props);
    new dynamodb.CfnGlobalTable(this, "global-table", {
      tableName: props.tableName,
      billingMode: "PAY_PER_REQUEST",
      attributeDefinitions: [{ attributeName: "id", attributeType: "S" }],
      keySchema: [{ attributeName: "id", keyType: "HASH" }],
      replicas: props.regions.map((region) => ({ region, sseSpecification: { kmsMasterKeyId: Fn.importValue(`cmk-key-arn-${region}`) } })),
      sseSpecification: { sseEnabled: true, sseType: "KMS" },
      streamSpecification: { streamViewType: "KEYS_ONLY" },
    });
  }
}

/** 9. ddb/global-table-with-cmk: a multi-region CMK (with replica custom resources) and a global table, each in a NestedStack; env has a region only. */
export function globalTableWithCmk(app: App): void {
  const stack = new Stack(app, "global-ddb-cmk", { env: { region: "us-east-1" } });
  const regions = ["us-west-2", "us-east-2"];
  const cmk = new CmkStack(stack, "cmk-stack", { tableName: "global-ddb-cmk-demo", replicaRegions: regions, keyAlias: "alias/CMK-for-global-DDB-table-global-ddb-cmk-demo" });
  const ddb = new DynamoDbStack(stack, "ddb-stack", { tableName: "global-ddb-cmk-demo", regions: ["us-east-1", ...regions] });
  ddb.addDependency(cmk);
}

/** 10. stepfunctions-job-poller: submit/check functions (inline code), a polling state machine, a weekday cron rule. */
export function jobPoller(app: App): void {
  const stack = new Stack(app, "aws-stepfunctions-integ", { env: prodEnv });
  const check = inlineFunction(stack, "CheckLambda", { timeout: Duration.seconds(30) });
  const submit = inlineFunction(stack, "SubmitLambda", { timeout: Duration.seconds(30) });
  const wait = new sfn.Wait(stack, "Wait X Seconds", { time: sfn.WaitTime.duration(Duration.seconds(30)) });
  const getStatus = new tasks.LambdaInvoke(stack, "Get Job Status", { lambdaFunction: check, outputPath: "$.Payload" });
  const definition = new tasks.LambdaInvoke(stack, "Submit Job", { lambdaFunction: submit, outputPath: "$.Payload" })
    .next(wait)
    .next(getStatus)
    .next(
      new sfn.Choice(stack, "Job Complete?")
        .when(sfn.Condition.stringEquals("$.status", "FAILED"), new sfn.Fail(stack, "Job Failed", { cause: "AWS Batch Job Failed", error: "DescribeJob returned FAILED" }))
        .when(sfn.Condition.stringEquals("$.status", "SUCCEEDED"), new tasks.LambdaInvoke(stack, "Get Final Job Status", { lambdaFunction: check, outputPath: "$.Payload" }))
        .otherwise(wait),
    );
  const stateMachine = new sfn.StateMachine(stack, "CronStateMachine", { definitionBody: sfn.DefinitionBody.fromChainable(definition), timeout: Duration.minutes(5) });
  submit.grantInvoke(stateMachine.role);
  check.grantInvoke(stateMachine.role);
  new events.Rule(stack, "Rule", { schedule: events.Schedule.expression("cron(0 18 ? * MON-FRI *)"), targets: [new targets.SfnStateMachine(stateMachine)] });
}
