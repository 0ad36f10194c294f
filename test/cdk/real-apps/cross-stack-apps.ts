/**
 * Public CDK apps that define roles in one stack and grant or use them in another, reproduced as
 * our own compact TypeScript with each app's construct structure (facts only: none of the repositories
 * states a licence). Sources, commits and what was changed: README.md beside this file.
 */
import { BootstraplessSynthesizer, CfnOutput, Duration, RemovalPolicy, Stack, Tags, type App } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as agentcore from "aws-cdk-lib/aws-bedrockagentcore";
import * as budgets from "aws-cdk-lib/aws-budgets";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";

const inline = { runtime: lambda.Runtime.NODEJS_20_X, handler: "index.handler", code: lambda.Code.fromInline("exports.handler = async () => ({});") };
const logsPolicy = () =>
  new iam.PolicyDocument({ assignSids: true, statements: [new iam.PolicyStatement({ actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:CreateLogGroup"], resources: ["arn:aws:logs:*:*:*"] })] });

/**
 * colinmxs/trfrt-sbmt (C#, `TrfrtSbmt.Cdk`) before it became one stack: an API stack and a vote
 * stream stack each make a Lambda execution role (named, unless `named` is false: our variant);
 * a DB stack the submissions table (RETAIN), an S3 stack a public-read bucket; the IAM stack
 * attaches `dynamodb:*` on the table and `s3:*` on the bucket to the API stack's role
 * (`new Policy(this, …, { Roles = [props.Role] })`: a cross-stack reference). `asp_env=Production`.
 */
export function trfrtSbmt(app: App, account: string, named = true): void {
  Tags.of(app).add("Owner", "owner@example.com");
  Tags.of(app).add("Application", "Submit Api");
  Tags.of(app).add("Billing", "Treefort");
  const env = { region: "us-west-2", account };
  const lambdaStack = (id: string, name: string, functionId: string): iam.Role => {
    const stack = new Stack(app, id, { env });
    const role = new iam.Role(stack, "ApiLambdaExecutionRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      ...(named ? { roleName: `${name}LambdaExecutionRole` } : {}),
      inlinePolicies: { "cloudwatch-policy": logsPolicy() },
    });
    Tags.of(role).add("Name", `${name}LambdaExecutionRole`);
    const fn = new lambda.Function(stack, functionId, { ...inline, functionName: `${name}LambdaFunction`, memorySize: 2048, timeout: Duration.seconds(10), retryAttempts: 1, role, environment: { ASPNETCORE_ENVIRONMENT: "Production" } });
    if (functionId === "LambdaFunction") {
      new apigateway.LambdaRestApi(stack, "RestApi", {
        handler: fn,
        proxy: true,
        deployOptions: { stageName: "v1" },
        restApiName: `${name}RestApi`,
        endpointTypes: [apigateway.EndpointType.REGIONAL],
        defaultCorsPreflightOptions: { allowOrigins: apigateway.Cors.ALL_ORIGINS, allowMethods: apigateway.Cors.ALL_METHODS, allowHeaders: apigateway.Cors.DEFAULT_HEADERS },
      });
    }
    return role;
  };
  const apiRole = lambdaStack("TrfrtSbmt-ApiStack-us-west-2", "TrfrtSbmt-us-west-2", "LambdaFunction");
  const db = new Stack(app, "TrfrtSbmt-DbStack", { env });
  const table = new dynamodb.Table(db, "DynamoTable", {
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    partitionKey: { name: "PartitionKey", type: dynamodb.AttributeType.STRING },
    sortKey: { name: "SortKey", type: dynamodb.AttributeType.STRING },
    removalPolicy: RemovalPolicy.RETAIN,
    tableName: "Production-Submissions",
    stream: dynamodb.StreamViewType.NEW_IMAGE,
  });
  for (const [index, key] of [["LocationIndex", "Location"], ["RankIndex", "Rank"]] as const) table.addLocalSecondaryIndex({ indexName: index, projectionType: dynamodb.ProjectionType.ALL, sortKey: { name: key, type: dynamodb.AttributeType.STRING } });
  lambdaStack("TrfrtSbmt-VoteStreamStack", "TreefortSubmitVoteProcessor", "VoteStream.Function");
  const s3Stack = new Stack(app, "TrfrtSbmt-S3Stack", { env });
  const bucket = new s3.Bucket(s3Stack, "Bucket", {
    bucketName: "sbmt-api-1",
    cors: [{ allowedHeaders: ["*"], allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.POST, s3.HttpMethods.PUT, s3.HttpMethods.DELETE, s3.HttpMethods.HEAD], allowedOrigins: ["*"] }],
    publicReadAccess: true,
    blockPublicAccess: new s3.BlockPublicAccess({ blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false }),
  });
  const iamStack = new Stack(app, "TrfrtSbmt-IamStack", { env });
  const imported = dynamodb.Table.fromTableArn(iamStack, "table", table.tableArn);
  new iam.Policy(iamStack, "smbt-policy", {
    policyName: "sbmt-policy",
    roles: [apiRole],
    statements: [
      new iam.PolicyStatement({ actions: ["dynamodb:*"], resources: [imported.tableArn, `${imported.tableArn}/index/*`, table.tableStreamArn as string] }),
      new iam.PolicyStatement({ actions: ["ses:SendEmail", "ses:VerifyEmailIdentity"], resources: ["*"] }),
      new iam.PolicyStatement({ actions: ["s3:*"], resources: [bucket.bucketArn, `${bucket.bucketArn}/*`] }),
    ],
  });
}

/**
 * Endika/eslojusto `api/infra/stacks.ts`: a global stack (BootstraplessSynthesizer) holds every IAM
 * role by name (three Lambda roles, a Budgets action role, a GitHub OIDC deploy role for the
 * protected `production` environment) and two managed policies; the regional API stack imports
 * the Lambda roles by name (`Role.fromRoleName(…, { mutable: false })`) for its functions, each
 * with a DESTROY log group and a public function URL. Env-agnostic accounts, as published.
 */
export function eslojusto(app: App): void {
  const REGION = "eu-south-2";
  const names = { extract: "eslojusto-api-extract", checkout: "eslojusto-api-checkout", pass: "eslojusto-api-pass" } as const;
  const api = new Stack(app, "EslojustoApi", { env: { region: REGION }, analyticsReporting: false });
  for (const key of Object.keys(names) as (keyof typeof names)[]) {
    const logGroup = new logs.LogGroup(api, `${key}Logs`, { logGroupName: `/aws/lambda/${names[key]}`, retention: logs.RetentionDays.TWO_WEEKS, removalPolicy: RemovalPolicy.DESTROY });
    const fn = new lambda.Function(api, key, { ...inline, functionName: names[key], role: iam.Role.fromRoleName(api, `${key}Role`, names[key], { mutable: false }), logGroup });
    const url = fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE, cors: { allowedOrigins: ["https://example.org"], allowedMethods: [lambda.HttpMethod.POST] } });
    new CfnOutput(api, `${key}Url`, { value: url.url });
  }

  const global = new Stack(app, "EslojustoApiGlobal", { env: { region: "eu-west-1" }, synthesizer: new BootstraplessSynthesizer(), analyticsReporting: false });
  const account = global.account;
  const regional = (service: string, resource: string): string => `arn:aws:${service}:${REGION}:${account}:${resource}`;
  const lambdaRole = (key: keyof typeof names, statements: iam.PolicyStatement[]): iam.Role =>
    new iam.Role(global, `${key}Role`, {
      roleName: names[key],
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      inlinePolicies: { [key]: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [regional("logs", `log-group:/aws/lambda/${names[key]}:*`)] }), ...statements] }) },
    });
  const profile = regional("bedrock", "inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0");
  const extract = lambdaRole("extract", [
    new iam.PolicyStatement({ actions: ["bedrock:InvokeModel"], resources: [profile] }),
    new iam.PolicyStatement({ actions: ["ssm:GetParameter"], resources: [regional("ssm", "parameter/eslojusto/api/token-hmac-key")] }),
  ]);
  const checkout = lambdaRole("checkout", [new iam.PolicyStatement({ actions: ["ssm:GetParameter"], resources: [regional("ssm", "parameter/eslojusto/api/stripe-secret-key")] })]);
  const pass = lambdaRole("pass", [new iam.PolicyStatement({ actions: ["ssm:GetParameter"], resources: [regional("ssm", "parameter/eslojusto/api/stripe-secret-key")] })]);
  const denyBedrock = new iam.ManagedPolicy(global, "DenyBedrock", {
    managedPolicyName: "eslojusto-api-deny-bedrock",
    statements: [new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], resources: ["*"] })],
  });
  const budgetActionRole = new iam.Role(global, "BudgetActionRole", {
    roleName: "eslojusto-api-budget-action",
    assumedBy: new iam.ServicePrincipal("budgets.amazonaws.com"),
    inlinePolicies: {
      attachDeny: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ actions: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"], resources: [extract.roleArn], conditions: { ArnEquals: { "iam:PolicyARN": denyBedrock.managedPolicyArn } } })],
      }),
    },
  });
  const budget = new budgets.CfnBudget(global, "Budget", { budget: { budgetName: "eslojusto-api-monthly", budgetType: "COST", timeUnit: "MONTHLY", budgetLimit: { amount: 10, unit: "USD" } } });
  const action = new budgets.CfnBudgetsAction(global, "DenyBedrockAt100", {
    budgetName: "eslojusto-api-monthly",
    actionType: "APPLY_IAM_POLICY",
    actionThreshold: { type: "PERCENTAGE", value: 100 },
    notificationType: "ACTUAL",
    approvalModel: "AUTOMATIC",
    executionRoleArn: budgetActionRole.roleArn,
    definition: { iamActionDefinition: { policyArn: denyBedrock.managedPolicyArn, roles: [names.extract] } },
    subscribers: [{ type: "EMAIL", address: "alerts@example.org" }],
  });
  action.node.addDependency(budget, extract, budgetActionRole);
  const github = new iam.CfnOIDCProvider(global, "GitHubOidc", { url: "https://token.actions.githubusercontent.com", clientIdList: ["sts.amazonaws.com"] });
  new iam.Role(global, "GitHubDeployRole", {
    roleName: "eslojusto-github-deploy",
    maxSessionDuration: Duration.hours(1),
    assumedBy: new iam.WebIdentityPrincipal(github.attrArn, {
      StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:Endika/eslojusto:environment:production" },
    }),
    inlinePolicies: {
      assumeCdkRoles: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ actions: ["sts:AssumeRole"], resources: ["deploy", "file-publishing"].map((r) => `arn:aws:iam::${account}:role/cdk-hnb659fds-${r}-role-${account}-${REGION}`) })],
      }),
    },
  });
  const functionArns = Object.values(names).map((n) => regional("lambda", `function:${n}`));
  new iam.ManagedPolicy(global, "CfnExecutionPolicy", {
    managedPolicyName: "eslojusto-api-cfn-execution",
    statements: [
      new iam.PolicyStatement({ actions: ["lambda:*"], resources: functionArns }),
      new iam.PolicyStatement({ actions: ["logs:*"], resources: Object.values(names).map((n) => regional("logs", `log-group:/aws/lambda/${n}`)) }),
      new iam.PolicyStatement({ actions: ["logs:DescribeLogGroups"], resources: ["*"] }),
      new iam.PolicyStatement({ actions: ["iam:PassRole"], resources: [extract.roleArn, checkout.roleArn, pass.roleArn], conditions: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } }),
    ],
  });
}

/**
 * amitkalawat/aws-mcp-multi-account-repo- `agentcore-gateway/infrastructure` (bin/infrastructure.ts,
 * lib/*-stack.ts): an AgentCore operations agent split over stacks: a Lambda stack's bridge
 * function (its role may sts:AssumeRole `CentralOpsTargetRole` in any account and call the AWS MCP
 * server), a roles stack's gateway role (invokes the bridge) and runtime role (models, workload
 * tokens, gateway, logs, ECR pulls, and the accounts table by `grantReadData` from the DynamoDB
 * stack), a member-account stack's `CentralOpsTargetRole` (ReadOnlyAccess and the MCP tools,
 * trusting the bridge role's ARN with an `aws:PrincipalAccount` condition), a gateway stack whose
 * Lambda target is the bridge, a runtime stack running the agent as the runtime role, an ECR
 * stack. `environment` as `cdk deploy -c environment=prod -c deployRuntime=true`. `sameAccount`
 * (our variant, for the app's "target role for same account setup"): every stack in `account` and
 * the bridge's sts:AssumeRole on that account's `CentralOpsTargetRole` only.
 */
export function centralOps(app: App, options: { account?: string; sameAccount?: boolean } = {}): void {
  const environment = "prod";
  const env = { region: "us-east-1", ...(options.account ? { account: options.account } : {}) };
  const discoveryUrl = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE/.well-known/openid-configuration";
  const clientId = "exampleclientid";

  const dynamo = new Stack(app, `CentralOps-DynamoDB-${environment}`, { env });
  const accountsTable = new dynamodb.Table(dynamo, "AccountsTable", {
    tableName: `central-ops-accounts-${environment}`,
    partitionKey: { name: "account_id", type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    removalPolicy: RemovalPolicy.DESTROY,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });

  const lambdaStack = new Stack(app, `CentralOps-Lambda-${environment}`, { env });
  const bridgeRole = new iam.Role(lambdaStack, "BridgeLambdaRole", {
    roleName: `CentralOpsBridgeRole-${environment}`,
    assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaBasicExecutionRole")],
  });
  const targetAccount = options.sameAccount && options.account ? options.account : "*";
  bridgeRole.addToPolicy(new iam.PolicyStatement({ actions: ["sts:AssumeRole"], resources: [`arn:aws:iam::${targetAccount}:role/CentralOpsTargetRole`] }));
  bridgeRole.addToPolicy(new iam.PolicyStatement({ actions: ["aws-mcp:InvokeMcp", "aws-mcp:CallReadOnlyTool"], resources: ["*"] }));
  const bridge = new lambda.Function(lambdaStack, "BridgeLambda", {
    functionName: `aws-mcp-bridge-${environment}`,
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: "index.handler",
    code: lambda.Code.fromInline("def handler(event, context):\n    return {}\n"),
    role: bridgeRole,
    timeout: Duration.seconds(120),
    memorySize: 256,
  });

  const roles = new Stack(app, `CentralOps-Roles-${environment}`, { env });
  const gatewayRole = new iam.Role(roles, "GatewayServiceRole", { roleName: `CentralOpsGatewayRole-${environment}`, assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
  gatewayRole.addToPolicy(new iam.PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [bridge.functionArn] }));
  const runtimeRole = new iam.Role(roles, "RuntimeExecutionRole", { roleName: `CentralOpsRuntimeRole-${environment}`, assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
  const { account, region } = roles;
  for (const [actions, resources] of [
    [["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], ["arn:aws:bedrock:*::foundation-model/anthropic.claude-*", `arn:aws:bedrock:*:${account}:inference-profile/*`]],
    [["bedrock-agentcore:GetWorkloadAccessToken", "bedrock-agentcore:GetWorkloadAccessTokenForJWT"], [`arn:aws:bedrock-agentcore:${region}:${account}:workload-identity-directory/default`, `arn:aws:bedrock-agentcore:${region}:${account}:workload-identity-directory/default/workload-identity/*`]],
    [["bedrock-agentcore:InvokeGateway"], [`arn:aws:bedrock-agentcore:${region}:${account}:gateway/*`]],
    [["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], [`arn:aws:logs:${region}:${account}:log-group:/aws/bedrock-agentcore/*`]],
    [["dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query"], ["arn:aws:dynamodb:*:*:table/central-ops-accounts-*"]],
    [["ecr:GetAuthorizationToken"], ["*"]],
    [["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"], [`arn:aws:ecr:${region}:${account}:repository/central-ops-agent-*`]],
  ] as const) {
    runtimeRole.addToPolicy(new iam.PolicyStatement({ actions: [...actions], resources: [...resources] }));
  }
  roles.addDependency(lambdaStack);
  accountsTable.grantReadData(runtimeRole);

  const member = new Stack(app, `CentralOps-MemberRole-${environment}`, { env });
  const target = new iam.Role(member, "CentralOpsTargetRole", {
    roleName: "CentralOpsTargetRole",
    assumedBy: new iam.ArnPrincipal(bridgeRole.roleArn),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess")],
  });
  target.addToPolicy(new iam.PolicyStatement({ actions: ["aws-mcp:InvokeMcp", "aws-mcp:CallReadOnlyTool", "aws-mcp:CallReadWriteTool"], resources: ["*"] }));
  (target.node.defaultChild as iam.CfnRole).addPropertyOverride("AssumeRolePolicyDocument.Statement.0.Condition", { StringEquals: { "aws:PrincipalAccount": options.account ?? "111111111111" } });
  member.addDependency(lambdaStack);

  const ecrStack = new Stack(app, `CentralOps-ECR-${environment}`, { env });
  const repository = new ecr.Repository(ecrStack, "AgentRepository", { repositoryName: `central-ops-agent-${environment}`, removalPolicy: RemovalPolicy.DESTROY, emptyOnDelete: true, lifecycleRules: [{ maxImageCount: 5 }] });

  const gatewayStack = new Stack(app, `CentralOps-Gateway-${environment}`, { env });
  const gateway = new agentcore.CfnGateway(gatewayStack, "Gateway", {
    name: `centralOpsGateway${environment}`,
    roleArn: gatewayRole.roleArn,
    protocolType: "MCP",
    authorizerType: "CUSTOM_JWT",
    authorizerConfiguration: { customJwtAuthorizer: { discoveryUrl, allowedAudience: [clientId] } },
  });
  new agentcore.CfnGatewayTarget(gatewayStack, "LambdaTarget", {
    gatewayIdentifier: gateway.attrGatewayIdentifier,
    name: "bridge-lambda",
    targetConfiguration: {
      mcp: {
        lambda: {
          lambdaArn: bridge.functionArn,
          toolSchema: { inlinePayload: [{ name: "query", description: "Query AWS resources", inputSchema: { type: "object", properties: { account_id: { type: "string" }, tool_name: { type: "string" } }, required: ["tool_name"] } }] },
        },
      },
    },
    credentialProviderConfigurations: [{ credentialProviderType: "GATEWAY_IAM_ROLE" }],
  }).addDependency(gateway);
  gatewayStack.addDependency(roles);

  const runtimeStack = new Stack(app, `CentralOps-Runtime-${environment}`, { env });
  const runtime = new agentcore.CfnRuntime(runtimeStack, "AgentRuntime", {
    agentRuntimeName: `centralOpsAgent${environment}`,
    roleArn: runtimeRole.roleArn,
    agentRuntimeArtifact: { containerConfiguration: { containerUri: `${repository.repositoryUri}:v20260127181837` } },
    networkConfiguration: { networkMode: "PUBLIC" },
    protocolConfiguration: "HTTP",
    environmentVariables: { GATEWAY_URL: gateway.attrGatewayUrl, ACCOUNTS_TABLE_NAME: accountsTable.tableName },
    authorizerConfiguration: { customJwtAuthorizer: { discoveryUrl, allowedAudience: [clientId] } },
  });
  new agentcore.CfnRuntimeEndpoint(runtimeStack, "AgentRuntimeEndpoint", { agentRuntimeId: runtime.attrAgentRuntimeId, name: "default" }).addDependency(runtime);
}
