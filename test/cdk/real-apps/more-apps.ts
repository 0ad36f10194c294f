/**
 * More public CDK apps (and a GitHub OIDC deploy role and a class probe), reproduced like apps.ts (our own compact code with each app's
 * construct structure; inline code instead of assets so they synthesize offline). Sources,
 * commits, licences and what was changed: README.md beside this file.
 */
import { App, CfnOutput, Duration, Fn, NestedStack, RemovalPolicy, Stack, Stage, type StackProps } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as cognito from "aws-cdk-lib/aws-cognito";
import * as agentcore from "aws-cdk-lib/aws-bedrockagentcore";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sqs from "aws-cdk-lib/aws-sqs";
import * as ssm from "aws-cdk-lib/aws-ssm";
import * as cr from "aws-cdk-lib/custom-resources";
import * as pipelines from "aws-cdk-lib/pipelines";
import { CustomResource } from "aws-cdk-lib";
import { Construct } from "constructs";

export const PROD_ACCOUNT = "111111111111";
export const DEV_ACCOUNT = "222222222222";

const inline = (runtime = lambda.Runtime.PYTHON_3_12): Pick<lambda.FunctionProps, "runtime" | "handler" | "code"> => ({
  runtime,
  handler: "index.handler",
  code: lambda.Code.fromInline("def handler(event, context):\n    return {}\n"),
});

/**
 * 1. amazon-bedrock-samples agents/bedrock-agent-cdk: a Bedrock agent role (bedrock.amazonaws.com)
 * given `*` on the action-group Lambda's role and on the schema bucket, and bedrock:* on *; the
 * agent is created by a custom resource (Provider framework with logRetention) whose role has `*`
 * on bedrock, the bucket and the agent role; the bucket has autoDeleteObjects and a BucketDeployment.
 */
export function bedrockAgentCdk(app: App): void {
  const stack = new Stack(app, "BedrockAgentCdkStack");
  const n = 4242; // the app draws a random number per synth; fixed here
  const lambdaRoleName = `bedrock-agent-lambda-role-${n}`;
  const agentRoleName = `AmazonBedrockExecutionRoleForAgents_${n}`;

  // The app's constructs, kept as scopes: construct paths name the roles that have no roleName.
  const lambdaRole = new iam.Role(new Construct(stack, `LambdaIamConstruct-${n}`), "LambdaRole", {
    roleName: lambdaRoleName,
    assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("CloudWatchLogsFullAccess")],
  });

  const assets = new Construct(stack, `agent-assets-${n}`);
  const bucket = new s3.Bucket(assets, "Bucket", {
    autoDeleteObjects: true,
    bucketName: `agent-assets-${n}-bucket`,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    removalPolicy: RemovalPolicy.DESTROY,
    enforceSSL: true,
  });
  new s3deploy.BucketDeployment(assets, "ApiSchemaBucket", {
    sources: [s3deploy.Source.data("create-agent-schema.json", '{"openapi":"3.0.0"}')],
    destinationBucket: bucket,
    destinationKeyPrefix: "api-schema",
  });

  const iamScope = new Construct(stack, `BedrockIamConstruct-${n}`);
  const agentRole = new iam.Role(iamScope, "BedrockAgentRole", { roleName: agentRoleName, assumedBy: new iam.ServicePrincipal("bedrock.amazonaws.com") });
  const policies: [string, string[], string[]][] = [
    ["BedrockAgentLambdaPolicy", [lambdaRole.roleArn], ["*"]],
    ["BedrockAgentS3BucketPolicy", [bucket.bucketArn, `${bucket.bucketArn}/*`], ["*"]],
    ["BedrockAgentBedrockModelPolicy", ["*"], ["bedrock:*"]],
  ];
  for (const [name, resources, actions] of policies) {
    const policy = new iam.Policy(iamScope, name, { policyName: name, statements: [new iam.PolicyStatement({ effect: iam.Effect.ALLOW, resources, actions })] });
    policy.node.addDependency(agentRole);
    agentRole.attachInlinePolicy(policy);
  }

  const fn = new lambda.Function(new Construct(stack, `LambdaConstruct-${n}`), "BedrockAgentLambda", { ...inline(), functionName: `bedrock-agent-lambda-${n}`, role: lambdaRole });
  fn.addPermission("BedrockInvoke", { principal: new iam.ServicePrincipal("bedrock.amazonaws.com") });

  const crScope = new Construct(stack, `custom-bedrock-agent-construct-${n}`);
  const crRole = new iam.Role(crScope, "bedrockAgentCustomResourceRole", { assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com") });
  crRole.addToPolicy(new iam.PolicyStatement({ actions: ["*"], resources: ["arn:aws:bedrock:*", bucket.bucketArn, `arn:aws:iam::${stack.account}:role/${agentRoleName}`] }));
  const onEvent = new lambda.Function(crScope, "BedrockAgentCustomResourceFunction", {
    ...inline(lambda.Runtime.PYTHON_3_10),
    timeout: Duration.seconds(300),
    environment: { S3_BUCKET: bucket.bucketName, BEDROCK_AGENT_ROLE_ARN: agentRole.roleArn, BEDROCK_AGENT_LAMBDA_ARN: fn.functionArn },
    role: crRole,
  });
  const provider = new cr.Provider(crScope, "BedrockCustomResourceProvider", { onEventHandler: onEvent, logRetention: logs.RetentionDays.ONE_DAY });
  new CustomResource(crScope, "BedrockCustomResource", { serviceToken: provider.serviceToken });
}

/** 2. aws-cdk-examples codewhisperer-cloudwatch: two dashboards of CodeWhisperer accept rates and characters written. */
export function codewhispererDashboards(app: App, rate = "Accept Rate"): void {
  const stack = new Stack(app, "CodewhispererDashboardStack", { env: { account: PROD_ACCOUNT, region: "us-east-1" } });
  const languages = ["Python", "Java", "JavaScript", "TypeScript"];
  const invocations = (language: string, completionType: string, accept: boolean) =>
    new cloudwatch.Metric({
      metricName: "InvocationCount",
      namespace: "AWS/CodeWhisperer",
      dimensionsMap: { SuggestionState: accept ? "ACCEPT" : "REJECT", CompletionType: completionType, ProgrammingLanguage: language.toLowerCase() },
      statistic: "Sum",
      label: `${completionType} Accept`,
      period: Duration.seconds(300),
    });
  const accept = new cloudwatch.Dashboard(stack, "cw-dashboard", { dashboardName: "CodeWhisperer-AcceptRates" });
  for (const language of languages) {
    const [m1, m2, m3, m4] = [invocations(language, "BLOCK", true), invocations(language, "BLOCK", false), invocations(language, "LINE", true), invocations(language, "LINE", false)];
    accept.addWidgets(
      new cloudwatch.GraphWidget({ width: 6, title: `${language} Block Accept/Reject`, left: [m1, m2] }),
      new cloudwatch.GraphWidget({ width: 6, title: `${language} Block ${rate}`, left: [new cloudwatch.MathExpression({ label: "Block Accept Rate", expression: "100*m1/(m1+m2)", usingMetrics: { m1, m2 } })] }),
      new cloudwatch.GraphWidget({ width: 6, title: `${language} Line Accept/Reject`, left: [m3, m4] }),
      new cloudwatch.GraphWidget({ width: 6, title: `${language} Line Accept Rate`, left: [new cloudwatch.MathExpression({ label: "Line Accept Rate", expression: "100*m3/(m3+m4)", usingMetrics: { m3, m4 } })] }),
    );
  }
  const chars = new cloudwatch.Dashboard(stack, "cw-dashboard-char", { dashboardName: "CodeWhisperer-WrittenBy" });
  const charMetric = (language: string, total: boolean) =>
    new cloudwatch.Metric({
      metricName: total ? "TotalCharacterCount" : "CodeWhispererCharacterCount",
      namespace: "AWS/CodeWhisperer",
      dimensionsMap: { ProgrammingLanguage: language.toLowerCase() },
      statistic: "Sum",
      label: total ? "Total" : "CodeWhisperer",
      period: Duration.seconds(300),
    });
  for (const language of languages) {
    const m1 = charMetric(language, false);
    const m2 = charMetric(language, true);
    chars.addWidgets(
      new cloudwatch.GraphWidget({ width: 6, title: `${language} Characters Written`, left: [m1, m2] }),
      new cloudwatch.GraphWidget({ width: 6, title: `${language} Pct by CW`, left: [new cloudwatch.MathExpression({ label: "Pct written by CodeWhisperer", expression: "100*m1/m2", usingMetrics: { m1, m2 } })] }),
    );
  }
}

/** 3. aws-cdk-examples ec2-instance (ServerResources): asset bucket (DESTROY, autoDeleteObjects) + BucketDeployment, instance role with grantReadWrite. */
export function ec2Instance(app: App, props: StackProps = { env: { account: PROD_ACCOUNT, region: "us-east-1" } }): void {
  const stack = new Stack(app, "EC2InstanceStack", props);
  const assetBucket = new s3.Bucket(stack, "assetBucket", { publicReadAccess: false, removalPolicy: RemovalPolicy.DESTROY, objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED, autoDeleteObjects: true });
  new s3deploy.BucketDeployment(stack, "assetBucketDeployment", {
    sources: [s3deploy.Source.data("sample/config.json", "{}")],
    destinationBucket: assetBucket,
    retainOnDelete: false,
    exclude: ["**/node_modules/**", "**/dist/**"],
    memoryLimit: 512,
  });
  const serverRole = new iam.Role(stack, "serverEc2Role", {
    assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com"),
    inlinePolicies: { RetentionPolicy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ resources: ["*"], actions: ["logs:PutRetentionPolicy"] })] }) },
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"), iam.ManagedPolicy.fromAwsManagedPolicyName("CloudWatchAgentServerPolicy")],
  });
  assetBucket.grantReadWrite(serverRole);
}

/**
 * 4. aws-cdk-examples airflow-lambda-dynamodb-approval: MWAA execution role with grantRead on the
 * DAGs bucket, grantReadWriteData on the approval table, grantInvoke, scoped logs/SQS/KMS statements.
 * `importRole`: the same grants on the team's existing execution role, imported by name (a
 * variant: the role is not defined in this app).
 */
export function mwaaApproval(app: App, importRole?: string): void {
  const stack = new Stack(app, "MwaaApprovalWorkflowStack", { env: { account: PROD_ACCOUNT, region: "us-east-1" } });
  const dagsBucket = new s3.Bucket(stack, "DagsBucket", { versioned: true, removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
  new s3deploy.BucketDeployment(stack, "DeployDags", { sources: [s3deploy.Source.data("approval_dag.py", "# dag")], destinationBucket: dagsBucket, destinationKeyPrefix: "dags" });
  const approvalTable = new dynamodb.Table(stack, "ApprovalTable", {
    partitionKey: { name: "id", type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    removalPolicy: RemovalPolicy.DESTROY,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
  });
  const demoFunction = new lambda.Function(stack, "DemoFunction", { ...inline(), timeout: Duration.seconds(30), memorySize: 128 });
  const mwaaRole: iam.IRole = importRole ? iam.Role.fromRoleName(stack, "MwaaRole", importRole) : new iam.Role(stack, "MwaaRole", { assumedBy: new iam.ServicePrincipal("airflow-env.amazonaws.com") });
  dagsBucket.grantRead(mwaaRole);
  approvalTable.grantReadWriteData(mwaaRole);
  demoFunction.grantInvoke(mwaaRole);
  const statements: [string[], string[], Record<string, unknown>?][] = [
    [["logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents", "logs:GetLogEvents", "logs:GetLogRecord", "logs:GetLogGroupFields", "logs:GetQueryResults"], [`arn:aws:logs:${stack.region}:${stack.account}:log-group:airflow-*`]],
    [["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"], [`arn:aws:sqs:${stack.region}:${stack.account}:airflow-celery-*`]],
    [["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt"], ["*"], { StringEquals: { "kms:ViaService": [`sqs.${stack.region}.amazonaws.com`, `s3.${stack.region}.amazonaws.com`] } }],
    [["cloudwatch:PutMetricData"], ["*"], { StringEquals: { "cloudwatch:namespace": "AWS/MWAA" } }],
  ];
  for (const [actions, resources, conditions] of statements) mwaaRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources, ...(conditions ? { conditions } : {}) }));
  new CfnOutput(stack, "ApprovalTableName", { value: approvalTable.tableName });
}

/**
 * 5. dannysteenman/aws-cdk-examples openid-connect-github: a GitHub OIDC provider and a deploy role
 * with AdministratorAccess, trusting `repo:<owner>/<repo>:*` (all branches, so the Copilot coding
 * agent's `copilot/*` too) and another repository's `main`. Env-agnostic, as published.
 */
export function githubOpenIdConnect(app: App): void {
  const stack = new Stack(app, "GitHubOpenIDConnect");
  const githubDomain = "token.actions.githubusercontent.com";
  const provider = new iam.OpenIdConnectProvider(stack, "githubProvider", { url: `https://${githubDomain}`, clientIds: ["sts.amazonaws.com"] });
  const repositories = [{ owner: "dannysteenman", repo: "aws-cdk-examples" }, { owner: "dannysteenman", repo: "aws-toolbox", filter: "main" }];
  new iam.Role(stack, "cloudNationGitHubDeployRole", {
    assumedBy: new iam.WebIdentityPrincipal(provider.openIdConnectProviderArn, { StringLike: { [`${githubDomain}:sub`]: repositories.map((r) => `repo:${r.owner}/${r.repo}:${r.filter ?? "*"}`) } }),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")],
    roleName: "exampleGitHubDeployRole",
    description: "This role is used via GitHub Actions to deploy with AWS CDK or Terraform on the target AWS account",
    maxSessionDuration: Duration.hours(1),
  });
}

/**
 * 5b. Variant of 5 (ours): the least-privilege form CDK guides recommend, a deploy role that may only
 * assume the CDK bootstrap roles (`cdk-hnb659fds-*`), in a Prod and a Dev stage.
 */
export function githubOidcDeployRole(app: App): void {
  for (const [name, account] of [["Prod", PROD_ACCOUNT], ["Dev", DEV_ACCOUNT]] as const) {
    const stage = new Stage(app, name, { env: { account, region: "us-east-1" } });
    const stack = new Stack(stage, "GithubOidc", { terminationProtection: true });
    const provider = new iam.OpenIdConnectProvider(stack, "GitHubOidcProvider", { url: "https://token.actions.githubusercontent.com", clientIds: ["sts.amazonaws.com"] });
    const role = new iam.Role(stack, "GitHubDeployRole", {
      roleName: "github-actions-deploy",
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.WebIdentityPrincipal(provider.openIdConnectProviderArn, {
        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/infra:*" },
      }),
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ["sts:AssumeRole"], resources: [`arn:aws:iam::${stack.account}:role/cdk-hnb659fds-*`] }));
  }
}

/**
 * 6. aws-samples/sample-multi-agent-orchestration-chat-on-agentcore: the AgentCore Runtime construct
 * (aws-cdk-lib's bedrockagentcore L2 Runtime, its execution role trusted by
 * bedrock-agentcore.amazonaws.com) and the statements it adds to that role.
 */
export function agentcoreRuntime(app: App): void {
  const stack = new Stack(app, "AgentCoreApp", { env: { account: PROD_ACCOUNT, region: "us-east-1" }, terminationProtection: true });
  const repository = new ecr.Repository(stack, "AgentImage", { removalPolicy: RemovalPolicy.RETAIN });
  const runtime = new agentcore.Runtime(new Construct(stack, "AgentCoreRuntime"), "Runtime", {
    runtimeName: "multi_agent_runtime",
    agentRuntimeArtifact: agentcore.AgentRuntimeArtifact.fromEcrRepository(repository, "latest"),
    description: "Strands Agent Runtime: multi_agent_runtime",
    environmentVariables: { AWS_REGION: "us-east-1", LOG_LEVEL: "info" },
    lifecycleConfiguration: { idleRuntimeSessionTimeout: Duration.seconds(300) },
  });
  const [region, account] = ["us-east-1", stack.account];
  const statements: [string[], string[], Record<string, unknown>?][] = [
    [["logs:DescribeLogStreams", "logs:CreateLogGroup"], [`arn:aws:logs:${region}:${account}:log-group:/aws/bedrock-agentcore/runtimes/*`]],
    [["logs:DescribeLogGroups"], [`arn:aws:logs:${region}:${account}:log-group:*`]],
    [["logs:CreateLogStream", "logs:PutLogEvents"], [`arn:aws:logs:${region}:${account}:log-group:/aws/bedrock-agentcore/runtimes/*:log-stream:*`]],
    [["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], ["*"]],
    [["cloudwatch:PutMetricData"], ["*"], { StringEquals: { "cloudwatch:namespace": "bedrock-agentcore" } }],
    [["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], ["arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-6", `arn:aws:bedrock:*:${account}:inference-profile/global.anthropic.claude-sonnet-4-6`]],
    [["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter", "bedrock-agentcore:StopCodeInterpreterSession", "bedrock-agentcore:GetCodeInterpreterSession"], [`arn:aws:bedrock-agentcore:${region}:aws:code-interpreter/aws.codeinterpreter.v1`]],
    [
      ["bedrock-agentcore:CreateBrowser", "bedrock-agentcore:StartBrowserSession", "bedrock-agentcore:UpdateBrowserStream", "bedrock-agentcore:StopBrowserSession", "bedrock-agentcore:GetBrowserSession", "bedrock-agentcore:SaveBrowserSessionProfile", "bedrock-agentcore:DeleteBrowser", "bedrock-agentcore:ListBrowsers", "bedrock-agentcore:GetBrowser", "bedrock-agentcore:ListBrowserSessions", "bedrock-agentcore:ConnectBrowserAutomationStream", "bedrock-agentcore:ConnectBrowserLiveViewStream"],
      [`arn:aws:bedrock-agentcore:${region}:${account}:browser/*`, `arn:aws:bedrock-agentcore:${region}:aws:browser/*`],
    ],
    [["bedrock-agentcore:StopRuntimeSession"], [`arn:aws:bedrock-agentcore:${region}:${account}:runtime/*`]],
    [["appsync:EventPublish"], [`arn:aws:appsync:${region}:${account}:apis/*/channelNamespace/*`]],
  ];
  for (const [actions, resources, conditions] of statements) runtime.addToRolePolicy(new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions, resources, ...(conditions ? { conditions } : {}) }));
}

/**
 * Class probe (not a public app): an AgentCore-style agent role (bedrock-agentcore.amazonaws.com)
 * in its own stack of a Prod stage, granted through L2 grant methods on resources of a data stack
 * (cross-stack references), of a nested stack, and on resources CDK knows only by a deploy-time
 * name (an SSM parameter, an import of another app's export).
 */
export function crossStackGrants(app: App): void {
  const stage = new Stage(app, "Prod", { env: { account: PROD_ACCOUNT, region: "us-east-1" } });
  const data = new Stack(stage, "Data", { terminationProtection: true });
  const agentStack = new Stack(stage, "Agent", { terminationProtection: true });
  const agent = new iam.Role(agentStack, "RuntimeRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
  const table = new dynamodb.Table(data, "Sessions", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
  table.grantReadData(agent);
  const queue = new sqs.Queue(data, "Jobs", { removalPolicy: RemovalPolicy.RETAIN });
  queue.grantPurge(agent);
  const key = new kms.Key(data, "Key", { removalPolicy: RemovalPolicy.RETAIN });
  key.grantDecrypt(agent);
  const secret = new secretsmanager.Secret(data, "ApiKey", { removalPolicy: RemovalPolicy.RETAIN });
  secret.grantRead(agent);
  const nested = new NestedStack(data, "Memory");
  const memory = new dynamodb.Table(nested, "MemoryTable", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
  memory.grantWriteData(agent);
  const byParameter = dynamodb.Table.fromTableName(agentStack, "ConfigTable", ssm.StringParameter.valueForStringParameter(agentStack, "/app/config-table"));
  byParameter.grantReadData(agent);
  const shared = s3.Bucket.fromBucketArn(agentStack, "Shared", Fn.importValue("SharedArtifactsBucketArn"));
  shared.grantRead(agent);
}

/**
 * 8. aws-samples/aws-cdk-pipelines-cucumber-bdd: two CDK Pipelines (CodeCommit source, a pipeline
 * with its own KMS key and logged artifact bucket); `MainPipeline` deploys the stages
 * `DeployRestAPI-PreProd` (BDD tests after it, with a test user's password secret in the pipeline
 * stack) and `DeployRestAPI-Prod` (manual approval first), `DevelopPipeline` the stage
 * `DeployRestAPI-Dev`. Each stage holds one env-agnostic RestAPIStack: a Cognito user pool and
 * client, an API with access logs and a Cognito authorizer, a Lambda alias per stage.
 */
class RestApiStack extends Stack {
  readonly apiUrl: CfnOutput;
  readonly cognitoClientId: CfnOutput;
  readonly cognitoPoolId: CfnOutput;
  constructor(scope: Construct, id: string, props: StackProps & { environment: string }) {
    super(scope, id, props);
    const userPool = new cognito.UserPool(this, "UserPool", {
      selfSignUpEnabled: false,
      passwordPolicy: { minLength: 8, requireUppercase: true, requireDigits: true, requireSymbols: true },
    });
    const webClient = userPool.addClient("WebClient", { authFlows: { userPassword: true, userSrp: true } });
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, "UserPoolAuthorizer", { cognitoUserPools: [userPool] });
    const stageName = props.environment.toLowerCase().replace(/-/g, "");
    const accessLogs = new logs.LogGroup(this, "ApiGatewayAccessLogs");
    const api = new apigateway.RestApi(this, "RestAPI", {
      restApiName: `RESTApi-${props.environment}`,
      cloudWatchRole: true,
      deployOptions: { stageName, variables: { lambdaAliasName: stageName }, accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs), accessLogFormat: apigateway.AccessLogFormat.clf() },
      defaultCorsPreflightOptions: { allowOrigins: apigateway.Cors.ALL_ORIGINS, allowMethods: apigateway.Cors.ALL_METHODS, allowHeaders: apigateway.Cors.DEFAULT_HEADERS },
    });
    authorizer._attachToApi(api);
    const role = new iam.Role(this, "ExecutionRole", { assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com") });
    role.addToPolicy(new iam.PolicyStatement({ sid: "AllowCloudWatchLogs", actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], resources: ["*"] }));
    role.addToPolicy(new iam.PolicyStatement({ sid: "AllowXRayAccess", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"], resources: ["*"] }));
    const fn = new lambda.Function(this, "CalculationsLambda", { runtime: lambda.Runtime.NODEJS_18_X, handler: "index.handler", code: lambda.Code.fromInline("exports.handler = async () => ({ statusCode: 200 });"), role, tracing: lambda.Tracing.ACTIVE, timeout: Duration.seconds(4), memorySize: 256 });
    const alias = new lambda.Alias(this, "LambdaAlias", { aliasName: stageName, version: fn.currentVersion });
    alias.addPermission("PermitAPIGWinvokeCalculationsLambdaAlias", { principal: new iam.ServicePrincipal("apigateway.amazonaws.com"), sourceArn: api.arnForExecuteApi("*").split("/").slice(0, 2).join("/") });
    const resource = api.root.addResource("calculations");
    const method = new apigateway.CfnMethod(this, "ApiGatewayMethod", {
      httpMethod: "POST",
      integration: { integrationHttpMethod: "POST", type: "AWS_PROXY", uri: `arn:${Stack.of(this).partition}:apigateway:${Stack.of(this).region}:lambda:path/2015-03-31/functions/${fn.functionArn}:\${stageVariables.lambdaAliasName}/invocations` },
      resourceId: resource.resourceId,
      restApiId: api.restApiId,
      authorizerId: authorizer.authorizerId,
      authorizationType: "COGNITO_USER_POOLS",
    });
    api.latestDeployment?.node.addDependency(method);
    this.apiUrl = new CfnOutput(this, "ApiUrl", { value: api.url });
    this.cognitoClientId = new CfnOutput(this, "CognitoAppClientId", { value: webClient.userPoolClientId });
    this.cognitoPoolId = new CfnOutput(this, "CognitoPoolId", { value: userPool.userPoolId });
  }
}

class RestApiDeploymentStage extends Stage {
  readonly api: RestApiStack;
  constructor(scope: Construct, id: string, props: { environment: string }) {
    super(scope, id);
    this.api = new RestApiStack(this, "RestAPIStack", { environment: props.environment });
  }
}

export function cucumberBddPipelines(app: App): void {
  const branches = [
    { id: "MainPipeline", createRepo: true, branch: "main", environments: ["PreProd", "Prod"] },
    { id: "DevelopPipeline", createRepo: false, branch: "develop", environments: ["Dev"] },
  ];
  for (const props of branches) {
    const stack = new Stack(app, props.id);
    const repoName = "aws-cdk-pipelines-cucumber-bdd";
    const repo = props.createRepo ? new codecommit.Repository(stack, "Repo", { repositoryName: repoName }) : codecommit.Repository.fromRepositoryName(stack, "Repo", repoName);
    const logging = new Construct(stack, "CodePipelineWithLogging");
    const encryptionKey = new kms.Key(logging, "PipelineEncryptionKey", { enableKeyRotation: true });
    const loggingBucket = new s3.Bucket(logging, "LoggingBucket", { encryption: s3.BucketEncryption.S3_MANAGED, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, enforceSSL: true, versioned: true });
    const artifactBucket = new s3.Bucket(logging, "ArtifactBucket", { encryption: s3.BucketEncryption.KMS, encryptionKey, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, enforceSSL: true, versioned: true, serverAccessLogsBucket: loggingBucket });
    const codePipeline = new codepipeline.Pipeline(logging, "Pipeline", { pipelineName: `${repoName}-${props.branch}`, artifactBucket, enableKeyRotation: true, crossAccountKeys: true });
    const pipeline = new pipelines.CodePipeline(stack, "Pipeline", {
      codePipeline,
      synth: new pipelines.CodeBuildStep("SynthStep", { input: pipelines.CodePipelineSource.codeCommit(repo, props.branch), installCommands: ["npm install -g aws-cdk"], commands: ["npm ci", "npm run test", "npm run build", "npx cdk synth"] }),
      dockerEnabledForSynth: true,
      dockerEnabledForSelfMutation: true,
    });
    for (const environment of props.environments) {
      const deployStage = new RestApiDeploymentStage(stack, `DeployRestAPI-${environment}`, { environment });
      if (environment !== "Prod") {
        const testUser = new Construct(stack, `CognitoTestUser-${environment}`);
        const passwordKey = new kms.Key(testUser, "PasswordEncKey", { enableKeyRotation: true });
        const password = new secretsmanager.Secret(testUser, "TestUserPassword", { encryptionKey: passwordKey, secretName: `test-user-password-${environment}` });
        const bddTests = new pipelines.CodeBuildStep(`BDD-Tests-${environment}`, {
          installCommands: ["npm install -g aws-cdk"],
          commands: ["npm ci", "echo $API_URL", "echo $COGNITO_TEST_USER_PASSWORD_SECRETS_MANAGER_ARN", "echo $COGNITO_CLIENT_ID", "npm run e2e"],
          env: { COGNITO_TEST_USER_PASSWORD_SECRETS_MANAGER_ARN: password.secretArn },
          envFromCfnOutputs: { API_URL: deployStage.api.apiUrl, COGNITO_CLIENT_ID: deployStage.api.cognitoClientId, COGNITO_USER_POOL_ID: deployStage.api.cognitoPoolId },
          rolePolicyStatements: [
            new iam.PolicyStatement({ actions: ["cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword"], resources: [`arn:${stack.partition}:cognito-idp:${stack.region}:${stack.account}:userpool/*`] }),
            new iam.PolicyStatement({ actions: ["kms:Decrypt"], resources: [passwordKey.keyArn] }),
            new iam.PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [password.secretArn] }),
          ],
        });
        pipeline.addStage(deployStage, { post: [bddTests] });
      } else {
        pipeline.addStage(deployStage, { pre: [new pipelines.ManualApprovalStep("ApproveProdDeployment")] });
      }
    }
    pipeline.buildPipeline();
  }
}

/**
 * 9. aws-samples/sample-multi-agent-orchestration-chat-on-agentcore, its data in the `prd`
 * environment (`cdk deploy -c env=prd`: the stack is named from the context, MocaAgentCoreAppPrd;
 * prd turns on termination protection, Cognito deletion protection and RETAIN for buckets and
 * tables): the user pool, the S3 access log bucket (DESTROY and autoDeleteObjects in every
 * environment), the AgentCore Memory construct (Memory with a semantic strategy, its execution
 * role, a GetMemory custom resource), the versioned user storage bucket and the three tables.
 */
export function mocaAgentCoreData(app: App): void {
  const envName = app.node.tryGetContext("env") as string | undefined;
  const stackName = envName ? `MocaAgentCoreApp${envName.charAt(0).toUpperCase()}${envName.slice(1)}` : "MocaAgentCoreApp";
  const prd = envName === "prd";
  const removalPolicy = prd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  const stack = new Stack(app, stackName, { env: { account: PROD_ACCOUNT, region: "us-east-1" }, terminationProtection: prd });
  const resourcePrefix = `moca${envName ?? ""}`;

  const cognitoAuth = new Construct(stack, "CognitoAuth");
  const userPool = new cognito.UserPool(cognitoAuth, "UserPool", {
    userPoolName: `${resourcePrefix}-user-pool`,
    passwordPolicy: { minLength: 8, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
    selfSignUpEnabled: false,
    autoVerify: { email: true, phone: false },
    signInAliases: { username: true, email: true, phone: false },
    deletionProtection: prd,
  });
  userPool.addClient("Client", { userPoolClientName: `${resourcePrefix}-client` });
  if (!prd) userPool.applyRemovalPolicy(RemovalPolicy.DESTROY);

  const accessLogsBucket = new s3.Bucket(stack, "AccessLogsBucket", {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
    lifecycleRules: [{ id: "DeleteOldLogs", expiration: Duration.days(90) }],
    objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
  });

  const memoryName = `${resourcePrefix}_memory`;
  const memoryConstruct = new Construct(stack, "AgentCoreMemory");
  const executionRole = new iam.Role(memoryConstruct, "ExecutionRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
  executionRole.addToPolicy(new iam.PolicyStatement({ actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], resources: [`arn:aws:logs:${stack.region}:${stack.account}:log-group:/aws/bedrock-agentcore/memory/${memoryName}*`] }));
  const memory = new agentcore.Memory(memoryConstruct, "Memory", {
    memoryName,
    description: `AgentCore Memory for ${resourcePrefix} - Conversation history persistence and context management`,
    expirationDuration: Duration.days(prd ? 365 : 30),
    memoryStrategies: [agentcore.MemoryStrategy.usingSemantic({ strategyName: "semantic_memory_strategy", namespaces: ["/strategies/{memoryStrategyId}/actors/{actorId}"] })],
    executionRole,
    tags: { Project: "AgentCore", Component: "Memory", Environment: envName ?? "default" },
  });
  const getMemory: cr.AwsSdkCall = { service: "@aws-sdk/client-bedrock-agentcore-control", action: "GetMemoryCommand", parameters: { memoryId: memory.memoryId }, physicalResourceId: cr.PhysicalResourceId.of(`${memory.memoryId}-strategies`) };
  const resolver = new cr.AwsCustomResource(memoryConstruct, "SemanticStrategyResolver", {
    onCreate: getMemory,
    onUpdate: getMemory,
    policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ["bedrock-agentcore:GetMemory"], resources: [memory.memoryArn] })]),
    installLatestAwsSdk: false,
  });
  resolver.node.addDependency(memory);

  new s3.Bucket(stack, "UserStorageBucket", {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    serverAccessLogsBucket: accessLogsBucket,
    removalPolicy,
    autoDeleteObjects: !prd,
  });
  for (const [id, partitionKey, sortKey] of [["AgentsTable", "userId", "agentId"], ["SessionsTable", "userId", "sessionId"], ["TriggersTable", "userId", "triggerId"]] as const) {
    new dynamodb.Table(new Construct(stack, id), "Table", {
      partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      removalPolicy,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(id === "SessionsTable" ? { stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES } : {}),
    });
  }
}

/**
 * 10. aws/aws-cdk framework-integ `aws-secretsmanager/test/integ.hosted-rotation.ts`: three secrets
 * rotated by hosted rotation functions (MySQL single user twice, PostgreSQL multi user with an
 * imported master secret); CDK writes the AWS::SecretsManager transform into the template.
 */
export function hostedRotation(app: App): void {
  const stack = new Stack(app, "cdk-integ-secret-hosted-rotation");
  const secret = new secretsmanager.Secret(stack, "Secret");
  secret.addRotationSchedule("Schedule", { hostedRotation: secretsmanager.HostedRotation.mysqlSingleUser() });
  const customSecret = new secretsmanager.Secret(stack, "CustomSecret", { generateSecretString: { excludeCharacters: "&@/" } });
  customSecret.addRotationSchedule("Schedule", { hostedRotation: secretsmanager.HostedRotation.mysqlSingleUser(), rotateImmediatelyOnUpdate: false });
  const mySecret = new secretsmanager.Secret(stack, "MySecret");
  const importedSecret = secretsmanager.Secret.fromSecretNameV2(stack, "MasterSecretImported", "MasterSecret");
  mySecret.addRotationSchedule("RotationSchedule", { hostedRotation: secretsmanager.HostedRotation.postgreSqlMultiUser({ masterSecret: importedSecret }) });
}
