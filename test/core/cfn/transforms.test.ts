/**
 * Templates a transform rewrites before deployment (src/core/cfn/transforms.ts): what the transform
 * adds unseen is an input error at the resource or the Transform, never a silent pass; a SAM role
 * that cannot be an agent's needs nothing, and the role SAM makes for a function is written in and
 * judged when the template shows all of it (src/core/cfn/sam-roles.ts). Written the way SAM users write templates; verdicts
 * decided before running.
 */
import { readFileSync } from "node:fs";
import { diffStackPair } from "../../../src/core/cfn/changeset-template-diff.js";
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { withSamFunctionRoles } from "../../../src/core/cfn/sam-roles.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

/** Errors and findings, but the stack's own (termination protection cannot be read from a file). */
function evaluate(text: string, stackName = "OrdersProd") {
  const parsed = parseSource(text);
  const { errors, findings } = evaluateTemplates([{ file: "template.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName }], policy, catalogue);
  return { errors, findings: findings.filter((f) => f.subject !== stackName) };
}

function scan(text: string, stackName = "OrdersProd") {
  return evaluate(text, stackName).errors.map((e) => ({ line: e.line, message: e.message }));
}

const SAM = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
`;

describe("the SAM transform", () => {
  it("a function named like an agent: the role SAM makes from its Policies is judged, at the function's lines", () => {
    const { errors, findings } = evaluate(`${SAM}Resources:
  CodingAgentFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: src/
      Policies:
        - AdministratorAccess
`);
    expect(errors).toEqual([]);
    const destructive = findings.find((f) => f.rule === "agent-destructive-prod");
    expect(destructive?.subject).toBe("OrdersProd/CodingAgentFunctionRole");
    expect(destructive?.evidence.map((e) => [e.line, e.arn ?? e.pointer])).toEqual([
      [11, "arn:aws:iam::aws:policy/AdministratorAccess"],
      [4, "/Resources/CodingAgentFunctionRole"],
    ]);
  });

  it("a Role under Fn::If with an AWS::NoValue branch: SAM makes the role for that branch, and it is judged", () => {
    const { errors, findings } = evaluate(`${SAM}Conditions:
  UseShared: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  CodingAgentFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: !If [UseShared, arn:aws:iam::111111111111:role/shared, !Ref AWS::NoValue]
      Policies: [AmazonEC2FullAccess]
`);
    expect(errors).toEqual([]);
    expect(findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.subject)).toContain("OrdersProd/CodingAgentFunctionRole");
    // Not modelled (a policy template SAM does not have): the input error, as for a function without Role.
    const template = evaluate(`${SAM}Resources:\n  CodingAgentFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      Role: !If [UseShared, !Ref AWS::NoValue, arn:aws:iam::111111111111:role/shared]\n      Policies:\n        - S3EverythingPolicy: {BucketName: b}\n`);
    expect(template.errors.map((e) => [e.line, e.message.split(" (")[0]])).toEqual([[4, "AWS::Serverless::Function CodingAgentFunction may run as an agent"]]);
  });

  it("an agent tag on the function, or in Globals, makes its role an agent's too (SAM tags the role it makes)", () => {
    const fn = (tags: string) => `  ReviewFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies: [AmazonEC2FullAccess]
${tags}`;
    const subjects = (text: string) => evaluate(text).findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.subject);
    expect(subjects(`${SAM}Resources:\n${fn("      Tags:\n        ai-agent: claude-code\n")}`)).toEqual(["OrdersProd/ReviewFunctionRole"]);
    expect(subjects(`${SAM}Globals:\n  Function:\n    Tags:\n      ai-agent: claude-code\nResources:\n${fn("")}`)).toEqual(["OrdersProd/ReviewFunctionRole"]);
    // A tag value the template cannot resolve may be an agent's.
    expect(subjects(`${SAM}Parameters:\n  AgentName:\n    Type: String\nResources:\n${fn("      Tags:\n        agent: !Ref AgentName\n")}`)).toEqual(["OrdersProd/ReviewFunctionRole"]);
    expect(subjects(`${SAM}Resources:\n${fn("      Tags:\n        team: payments\n")}`)).toEqual([]);
  });

  it("the role SAM makes is named by its logical id, as in the processed template, like any role without a RoleName", () => {
    const template = `${SAM}Resources:
  ThumbnailFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies: [AmazonS3FullAccess]
`;
    expect(evaluate(template)).toEqual({ errors: [], findings: [] });
    expect(evaluate(template, "kiro-sandbox")).toEqual({ errors: [], findings: [] });
  });

  it("what the transform adds that is not modelled keeps the function an input error when it may run as an agent", () => {
    const fn = (props: string, id = "AgentFunction") => `${SAM}Resources:\n  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs20.x\n${props}`;
    const cases = {
      "an unknown policy template": "      Policies:\n        - S3EverythingPolicy:\n            BucketName: orders\n",
      "a policy template missing a value": "      Policies:\n        - DynamoDBCrudPolicy:\n            Table: orders\n",
      "an Fn::If in Policies": "      Policies:\n        - !If [IsProd, AmazonS3ReadOnlyAccess, !Ref AWS::NoValue]\n",
      "an MQ event": "      Events:\n        Queue:\n          Type: MQ\n          Properties:\n            Broker: arn:aws:mq:us-east-1:111111111111:broker:b:b-1\n            Queues: [q]\n",
      "an event's DestinationConfig": "      Events:\n        Stream:\n          Type: Kinesis\n          Properties:\n            Stream: arn:aws:kinesis:us-east-1:111111111111:stream/s\n            StartingPosition: LATEST\n            DestinationConfig:\n              OnFailure:\n                Destination: arn:aws:sqs:us-east-1:111111111111:dlq\n",
      "EventInvokeConfig destinations": "      EventInvokeConfig:\n        DestinationConfig:\n          OnFailure:\n            Type: SQS\n",
      "a file system": "      FileSystemConfigs:\n        - Arn: arn:aws:elasticfilesystem:us-east-1:111111111111:access-point/fsap-1\n          LocalMountPath: /mnt/efs\n",
      "an unknown event type": "      Events:\n        Future:\n          Type: SomethingNew\n",
    };
    for (const [why, props] of Object.entries(cases)) {
      const { errors, findings } = evaluate(fn(props));
      expect([why, errors.map((e) => [e.line, e.message.split(" (")[0]])]).toEqual([why, [[4, "AWS::Serverless::Function AgentFunction may run as an agent"]]]);
      expect([why, findings]).toEqual([why, []]);
    }
    // A resource already named as SAM would name the role: left to SAM, which refuses the template.
    const taken = evaluate(`${fn("")}  AgentFunctionRole:\n    Type: AWS::SNS::Topic\n`);
    expect(taken.errors.map((e) => e.line)).toEqual([4]);
  });

  it("a policy template is filled in as SAM fills it: an agent's function with DynamoDBCrudPolicy may delete the table's items", () => {
    const { errors, findings } = evaluate(`${SAM}Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      TableName: orders-prod
      DeletionProtectionEnabled: true
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
  SupportAgentFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref Orders
`);
    expect(errors).toEqual([]);
    const destructive = findings.find((f) => f.rule === "agent-destructive-prod");
    expect(destructive?.subject).toBe("OrdersProd/SupportAgentFunctionRole");
    expect(destructive?.actions).toEqual(["dynamodb:BatchWriteItem", "dynamodb:DeleteItem"]);
    expect(destructive?.evidence[0]).toMatchObject({ line: 20, pointer: "/Resources/SupportAgentFunctionRole/Properties/Policies/0/PolicyDocument/Statement/0" });
    // The document SAM makes (samtranslator 1.110.0 gives the same for this template).
    const made = withSamFunctionRoles({ file: "t.yaml", value: parseSource(`${SAM}Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - SQSPollerPolicy:\n            QueueName: !GetAtt Jobs.QueueName\n`).value });
    expect((made.value as { Resources: Record<string, { Properties: { Policies?: unknown } }> }).Resources["FRole"]?.Properties.Policies).toEqual([
      {
        PolicyName: "FRolePolicy0",
        PolicyDocument: {
          Statement: [
            {
              Effect: "Allow",
              Action: ["sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
              Resource: { "Fn::Sub": ["arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}", { queueName: { "Fn::GetAtt": ["Jobs", "QueueName"] } }] },
            },
          ],
        },
      },
    ]);
  });

  it("the role as SAM makes it: trust, basic execution, X-Ray, VPC, Policies in order, the dead-letter queue, pull events, path, boundary, tags", () => {
    const parsed = parseSource(`${SAM}Globals:
  Function:
    Tracing: Active
    PermissionsBoundary: arn:aws:iam::111111111111:policy/boundary
    Tags:
      team: orders
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      RolePath: /app/
      VpcConfig:
        SubnetIds: [subnet-1]
        SecurityGroupIds: [sg-1]
      Policies:
        - AWSLambdaRole
        - Statement:
            - Effect: Allow
              Action: dynamodb:PutItem
              Resource: "*"
        - !Ref SharedPolicy
      DeadLetterQueue:
        Type: SNS
        TargetArn: arn:aws:sns:us-east-1:111111111111:dead
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: arn:aws:sqs:us-east-1:111111111111:jobs
        Api:
          Type: Api
          Properties:
            Path: /
            Method: get
      Tags:
        app: worker
  SharedPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "*"
`);
    const made = withSamFunctionRoles({ file: "template.yaml", value: parsed.value, lineOf: parsed.lineOf });
    const resources = (made.value as { Resources: Record<string, { Properties: Record<string, unknown> }> }).Resources;
    expect(resources["Worker"]?.Properties["Role"]).toEqual({ "Fn::GetAtt": ["WorkerRole", "Arn"] });
    expect(resources["WorkerRole"]).toEqual({
      Type: "AWS::IAM::Role",
      Properties: {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com"] }, Action: ["sts:AssumeRole"] }] },
        ManagedPolicyArns: [
          "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
          "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
          "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
          "AWSLambdaRole",
          { Ref: "SharedPolicy" },
          "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
        ],
        // SAM writes the dead-letter queue's policy first.
        Policies: [
          { PolicyName: "DeadLetterQueuePolicy", PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sns:Publish", Resource: "arn:aws:sns:us-east-1:111111111111:dead" }] } },
          { PolicyName: "WorkerRolePolicy1", PolicyDocument: { Statement: [{ Effect: "Allow", Action: "dynamodb:PutItem", Resource: "*" }] } },
        ],
        Path: "/app/",
        PermissionsBoundary: "arn:aws:iam::111111111111:policy/boundary",
        Tags: [
          { Key: "team", Value: "orders" },
          { Key: "app", Value: "worker" },
          { Key: "lambda:createdBy", Value: "SAM" },
        ],
      },
    });
    // Lines are the source's: the role at its function, each policy at what it came from.
    expect(made.lineOf?.("/Resources/WorkerRole")).toBe(10);
    expect(made.lineOf?.("/Resources/WorkerRole/Properties/ManagedPolicyArns/1")).toBe(5); // Globals' Tracing
    expect(made.lineOf?.("/Resources/WorkerRole/Properties/ManagedPolicyArns/3")).toBe(20);
    expect(made.lineOf?.("/Resources/WorkerRole/Properties/Policies/1/PolicyDocument/Statement/0")).toBe(22);
    expect(made.lineOf?.("/Resources/WorkerRole/Properties/Policies/0/PolicyDocument")).toBe(26); // the DeadLetterQueue
    expect(made.lineOf?.("/Resources/WorkerRole/Properties/ManagedPolicyArns/5")).toBe(30); // the SQS event
    expect(made.lineOf?.("/Resources/WorkerRole/Properties/PermissionsBoundary")).toBe(6);
    expect(made.lineOf?.("/Resources/Worker/Properties/Role")).toBe(10);
    // An SNS event through a queue polls it as an SQS event does (samtranslator push.py).
    const sns = parseSource(`${SAM}Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        Topic:\n          Type: SNS\n          Properties:\n            Topic: arn:aws:sns:us-east-1:111111111111:t\n            SqsSubscription: true\n`);
    const viaQueue = withSamFunctionRoles({ file: "t.yaml", value: sns.value }).value as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    expect(viaQueue.Resources["FRole"]?.Properties["ManagedPolicyArns"]).toEqual([
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
    ]);
    // Without the transform, or with a Role, nothing is made.
    const plain = parseSource("Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: {}\n");
    const input = { file: "t.yaml", value: plain.value, lineOf: plain.lineOf };
    expect(withSamFunctionRoles(input)).toBe(input);
  });

  it("serverless-patterns apigw-lambda-bedrock-js-sam: the API's function calls Bedrock, no agent; named for an agent, its role may delete Bedrock settings (verdicts decided from reading it)", () => {
    const text = readFileSync(new URL("../../fixtures/cfn/real/aws-samples-serverless-patterns-apigw-lambda-bedrock-js-sam.yaml", import.meta.url), "utf8");
    const judge = (t: string) => {
      const parsed = parseSource(t);
      const { errors, findings } = evaluateTemplates([{ file: "template.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "Production", account: "111111111111" }], policy, catalogue);
      expect(errors).toEqual([]);
      return findings.filter((f) => f.rule !== "prod-resource-unprotected").map((f) => [f.rule, f.subject, f.actions, f.evidence[0]?.line]);
    };
    // The role SAM makes trusts lambda.amazonaws.com alone: "Bedrock" in its name is the model it calls
    // (agents.modelNamePatterns), and its code answers an API request, it is no agent's.
    expect(judge(text)).toEqual([]);
    expect(judge(text.replaceAll("BedrockLambdaFunction", "BedrockAgentFunction"))).toEqual([
      ["agent-destructive-prod", "Production/BedrockAgentFunctionRole", ["bedrock:DeleteFoundationModelAgreement", "bedrock:DeleteModelInvocationLoggingConfiguration"], 25],
    ]);
  });

  it("a function with its own Role needs nothing; a state machine's role is made and judged", () => {
    expect(
      scan(`${SAM}Resources:
  AgentFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::111111111111:role/agent-runtime
`),
    ).toEqual([]);
    // A state machine's role is made as SAM makes it (states.amazonaws.com, its Policies, tags) and judged.
    const machine = (policies: string, globals = "") =>
      evaluate(`${SAM}${globals}Resources:\n  AgentWorkflow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: statemachine/flow.asl.json\n${policies}`);
    expect(machine("")).toEqual({ errors: [], findings: [] });
    const destructive = machine("      Policies:\n        - DynamoDBCrudPolicy:\n            TableName: orders\n").findings.filter((f) => f.rule === "agent-destructive-prod");
    expect(destructive.map((f) => [f.subject, f.actions])).toEqual([["OrdersProd/AgentWorkflowRole", ["dynamodb:BatchWriteItem", "dynamodb:DeleteItem"]]]);
    // Not modelled (an Fn::If in Policies): the input error, as before.
    const conditional = machine("      Policies:\n        - !If [IsProd, AmazonS3ReadOnlyAccess, !Ref AWS::NoValue]\n");
    expect(conditional.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^AWS::Serverless::StateMachine AgentWorkflow may run as an agent \(its name or tags\), and the SAM transform makes its role \(from Policies\)/)]);
    // State machines take their Globals from Globals.StateMachine, not Globals.Function.
    const workflow = (globals: string) => evaluate(`${SAM}Globals:\n${globals}Resources:\n  OrdersWorkflow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: flow.asl.json\n      Policies: [AmazonS3FullAccess]\n`).findings.map((f) => f.subject);
    // AmazonS3FullAccess: destructive, and an escalation through the CDK asset and Glue script buckets.
    expect(workflow("  StateMachine:\n    Tags:\n      ai-agent: kiro\n")).toEqual(["OrdersProd/OrdersWorkflowRole", "OrdersProd/OrdersWorkflowRole"]);
    expect(workflow("  Function:\n    Tags:\n      ai-agent: kiro\n")).toEqual([]);
  });

  it("a connector SAM would refuse, or whose role is not in the template, stays an input error", () => {
    const connector = (source: string) => `${SAM}Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  OrdersConnector:
    Type: AWS::Serverless::Connector
    Properties:
      Source:
${source}      Destination:
        Id: Orders
      Permissions:
        - Write
`;
    const reported = [{ line: 6, message: expect.stringMatching(/^AWS::Serverless::Connector OrdersConnector: the SAM transform turns it into IAM policies/) }];
    // A source the template lacks (SAM refuses it), and a function whose role is a literal ARN (SAM cannot name it).
    expect(scan(connector("        Id: ReportFunction\n"))).toEqual(reported);
    expect(scan(connector("        Type: AWS::Lambda::Function\n        Arn: arn:aws:lambda:us-east-1:111111111111:function:report\n"))).toEqual(reported);
  });

  it("an embedded connector (the Connectors attribute of its source) writes its policy on the source's role, judged like any other", () => {
    // SAM (aws-sam-translator 1.110.0) turns this into ReportFunctionTableConnPolicy, a managed policy on
    // the function's role with DynamoDB's read and write actions on the table.
    const fn = (role: string) => `${SAM}Resources:
  KiroAgentRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
  Orders:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
  ReportFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
${role}    Connectors:
      TableConn:
        Properties:
          Destination:
            Id: Orders
          Permissions:
            - Read
            - Write
`;
    // The agent's role (by its name): it can delete the table's items, shown at the connector's Write.
    const agent = evaluate(fn("      Role: !GetAtt KiroAgentRole.Arn\n"));
    expect(agent.errors).toEqual([]);
    expect(agent.findings.map((f) => [f.rule, f.subject, f.actions, f.evidence[0]?.line, f.evidence[0]?.pointer])).toEqual([
      ["agent-destructive-prod", "OrdersProd/KiroAgentRole", ["dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PartiQLDelete"], 26, "/Resources/ReportFunctionTableConnPolicy/Properties/PolicyDocument/Statement/1"],
    ]);
    // The role SAM makes for a function no agent runs: nothing to report, and no input error either.
    expect(evaluate(fn(""))).toEqual({ errors: [], findings: [] });
  });
});

describe("a SAM GraphQL API's data sources", () => {
  const api = (name: string, roleArn = "") => `${SAM}Resources:
  ${name}:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: schema.graphql
      Auth:
        Type: AWS_IAM
      DataSources:
        DynamoDb:
          Memory:
            TableName: agent-memory
${roleArn}`;

  it("the role SAM makes for one is written in and judged: named like an agent's, it can delete the table's items, shown at the data source", () => {
    // SAM (aws-sam-translator 1.110.0) makes AgentMemoryApiMemoryDynamoDBDataSourceRole, trusting AppSync,
    // and AgentMemoryApiMemoryDynamoDBDataSourceToTableConnectorPolicy: DynamoDB's read and write actions on the table.
    const { errors, findings } = evaluate(api("AgentMemoryApi"));
    expect(errors).toEqual([]);
    expect(findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => [f.subject, f.actions, f.evidence[0]?.line])).toEqual([
      ["OrdersProd/AgentMemoryApiMemoryDynamoDBDataSourceRole", ["dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PartiQLDelete"], 12],
    ]);
  });

  it("nothing to report for one no agent's name reaches, or one given its own role", () => {
    expect(evaluate(api("OrdersApi")).findings.filter((f) => f.rule.startsWith("agent-"))).toEqual([]);
    expect(scan(api("OrdersApi"))).toEqual([]);
    expect(scan(api("AgentMemoryApi", "            ServiceRoleArn: arn:aws:iam::111111111111:role/appsync-memory\n"))).toEqual([]);
  });

  it("one whose role cannot be written in (the template already uses its logical id) is reported where it may be an agent's", () => {
    const taken = `${api("AgentMemoryApi")}  AgentMemoryApiMemoryDynamoDBDataSourceRole:\n    Type: AWS::SNS::Topic\n`;
    expect(scan(taken)).toEqual([{ line: 12, message: expect.stringMatching(/^AWS::Serverless::GraphQLApi AgentMemoryApi: the role SAM makes for data source Memory \(AgentMemoryApiMemoryDynamoDBDataSourceRole\) may be an agent's \(its name or tags\)/) }]);
  });
});

describe("other transforms", () => {
  it("a macro may change anything: an input error at its name, in a list or as an object", () => {
    expect(scan(`AWSTemplateFormatVersion: "2010-09-09"\nTransform: ExecutionRoleBuilder\nResources: {}\n`)).toEqual([
      { line: 2, message: expect.stringMatching(/^Transform ExecutionRoleBuilder rewrites the template before it is deployed/) },
    ]);
    const listed = scan(`AWSTemplateFormatVersion: "2010-09-09"\nTransform:\n  - AWS::Serverless-2016-10-31\n  - Name: AWS::Include\n    Parameters:\n      Location: s3://bucket/policies.yaml\nResources: {}\n`);
    expect(listed).toEqual([{ line: 4, message: expect.stringMatching(/^Transform AWS::Include rewrites the template/) }]);
    // A transform without a name is shown as written.
    const unnamed = scan(`AWSTemplateFormatVersion: "2010-09-09"\nTransform:\n  Parameters:\n    Location: s3://bucket/x.yaml\nResources: {}\n`);
    expect(unnamed.map((e) => e.message)).toEqual([expect.stringMatching(/^Transform \{"Parameters":\{"Location":"s3:\/\/bucket\/x.yaml"\}\} rewrites/)]);
  });

  // CDK writes the transform for `secret.addRotationSchedule(..., { hostedRotation })`.
  const hosted = (transform: string, hostedRotation = "      RotationType: MySQLSingleUser\n") =>
    `AWSTemplateFormatVersion: "2010-09-09"\nTransform: ${transform}\nResources:\n  Secret:\n    Type: AWS::SecretsManager::Secret\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n  SecretSchedule:\n    Type: AWS::SecretsManager::RotationSchedule\n    Properties:\n      SecretId: !Ref Secret\n      HostedRotationLambda:\n${hostedRotation.replace(/^/gm, "  ")}      RotationRules:\n        ScheduleExpression: rate(30 days)\n`;

  it("AWS::SecretsManager: the rotation function it makes for a HostedRotationLambda runs as a role with AWS's rotation permissions, nothing to report where that role cannot be an agent's", () => {
    expect(scan(hosted("AWS::SecretsManager-2024-09-16"))).toEqual([]);
    expect(scan(hosted("AWS::SecretsManager-2020-07-23", "      RotationType: PostgreSQLMultiUser\n      MasterSecretArn: arn:aws:secretsmanager:us-east-1:111111111111:secret:master\n      RotationLambdaName: orders-rotation\n"))).toEqual([]);
  });

  it("AWS::SecretsManager: a rotation function whose role may be an agent's (its stack, schedule or function named so) is reported at its HostedRotationLambda", () => {
    const message = expect.stringMatching(/^AWS::SecretsManager::RotationSchedule SecretSchedule: the AWS::SecretsManager-2024-09-16 transform makes its rotation function, whose role may be an agent's \(its name or tags\)/);
    expect(scan(hosted("AWS::SecretsManager-2024-09-16"), "CodingAgentProd")).toEqual([{ line: 12, message }]);
    expect(scan(hosted("AWS::SecretsManager-2024-09-16", "      RotationType: MySQLSingleUser\n      RotationLambdaName: claude-db-rotation\n"))).toEqual([{ line: 12, message }]);
    // A name the template cannot resolve may be any name.
    expect(scan(hosted("AWS::SecretsManager-2024-09-16", "      RotationType: MySQLSingleUser\n      RotationLambdaName: !Ref FunctionName\n"))).toEqual([
      { line: 12, message: expect.stringMatching(/whose role may be an agent's \(its RotationLambdaName is not known\)/) },
    ]);
    // A HostedRotationLambda written as an intrinsic may be any: the same.
    const written = `AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::SecretsManager-2024-09-16\nConditions:\n  Hosted: !Equals [a, a]\nResources:\n  SecretSchedule:\n    Type: AWS::SecretsManager::RotationSchedule\n    Properties:\n      SecretId: arn:aws:secretsmanager:us-east-1:111111111111:secret:x\n      HostedRotationLambda: !If [Hosted, {RotationType: MySQLSingleUser}, !Ref AWS::NoValue]\n`;
    expect(scan(written)).toEqual([{ line: 10, message: expect.stringMatching(/^AWS::SecretsManager::RotationSchedule SecretSchedule: the AWS::SecretsManager-2024-09-16 transform makes its rotation function, whose role may be an agent's \(its HostedRotationLambda is not written out\)/) }]);
  });

  it("AWS::LanguageExtensions alone adds nothing to report (its functions are reported where used)", () => {
    expect(scan(`AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::LanguageExtensions\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n`)).toEqual([]);
  });
});

describe("modules: one resource that stands for others the template does not show", () => {
  it("a registry module (Org::Service::Name::MODULE): an input error at the resource; the others are still judged", () => {
    const parsed = parseSource(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AgentAccess:
    Type: Acme::Platform::AgentRole::MODULE
    Properties:
      RoleName: coding-agent
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      BillingMode: PAY_PER_REQUEST
`);
    const { findings, errors } = evaluateTemplates([{ file: "template.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd" }], policy, catalogue);
    expect(errors.map((e) => ({ line: e.line, message: e.message }))).toEqual([
      {
        line: 3,
        message:
          "resource AgentAccess is the CloudFormation module Acme::Platform::AgentRole::MODULE: CloudFormation expands it at deployment into resources this template does not show, which are not evaluated (fail closed): scan the processed template instead (`aws cloudformation get-template --template-stage Processed`)",
      },
    ]);
    expect(findings.filter((f) => f.subject.endsWith("/Orders")).map((f) => f.rule)).toEqual(["prod-resource-unprotected"]);
  });

  it("a Rain module written in JSON ({\"Rain::Module\": file}): its own input error, not 'no Type'", () => {
    expect(scan(JSON.stringify({ Resources: { Network: { Type: { "Rain::Module": "../modules/vpc.yml" }, Properties: { Name: "gitlab" } }, Queue: { Type: "AWS::SQS::Queue" } } }, null, 2))).toEqual([
      {
        line: 3,
        message: "resource Network is a Rain module (Rain::Module): `rain pkg` expands it into resources this template does not show, which are not evaluated (fail closed): scan the template `rain pkg` writes instead",
      },
    ]);
  });

  /**
   * `aws cloudformation package` local modules (aws/aws-cli, awscli/customizations/cloudformation/
   * modules_readme.md and tests/unit/customizations/cloudformation/modules/basic-template.yaml,
   * Apache-2.0): a `Modules` section, or a resource of `Type: LocalModule` with a `Source` file,
   * is replaced by the module's resources when the template is packaged. Expected before running:
   * an input error each (the bucket basic-module.yaml makes is not in this file), never a pass.
   */
  it("a local module (a Modules section, Type: LocalModule): an input error each; the other resources are still judged", () => {
    const template = `Modules:
  Content:
    Source: ./basic-module.yaml
    Properties:
      Name: foo
    Overrides:
      OverrideMe: def
Resources:
  Data:
    Type: LocalModule
    Source: ./data.yaml
  OtherResource:
    Type: AWS::SQS::Queue
`;
    expect(scan(template)).toEqual([
      { line: 1, message: "the Modules section (Content) is expanded by `aws cloudformation package` (or `rain pkg`) into resources this template does not show, which are not evaluated (fail closed): scan the packaged template instead" },
      { line: 9, message: "resource Data is a local module (Source ./data.yaml): `aws cloudformation package` (or `rain pkg`) expands it into resources this template does not show, which are not evaluated (fail closed): scan the packaged template instead" },
    ]);
  });

  it("a type that only ends like a module's in another case is still refused, and an ordinary third-party type is not a module", () => {
    expect(scan(`Resources:\n  Thing:\n    Type: Acme::Platform::AgentRole::Module\n`).map((e) => e.line)).toEqual([2]);
    expect(scan(`Resources:\n  Monitor:\n    Type: Datadog::Monitors::Monitor\n`)).toEqual([]);
  });
});

describe("Fn::Transform inside the template", () => {
  it("AWS::Include of a policy document or of a resource's properties: an input error at each place, naming what it includes", () => {
    const errors = scan(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AgentRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: coding-agent
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: bedrock.amazonaws.com }, Action: sts:AssumeRole }] }
      Policies:
        - PolicyName: included
          PolicyDocument:
            Fn::Transform:
              Name: AWS::Include
              Parameters:
                Location: s3://artifacts/agent-policy.yaml
  Orders:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      Fn::Transform: { Name: TableDefaults }
      Tags:
        - Key: created
          Value:
            Fn::Transform:
              - Name: Date
                Parameters: { Operation: Current }
`);
    const transforms = errors.filter((e) => e.message.startsWith("Fn::Transform"));
    expect(transforms.map((e) => [e.line, e.message.split(" puts what")[0]])).toEqual([
      [10, "Fn::Transform AWS::Include of s3://artifacts/agent-policy.yaml"],
      [19, "Fn::Transform TableDefaults"],
      [23, "Fn::Transform Date"],
    ]);
    expect(transforms[0]?.message).toContain("--template-stage Processed");
  });
});

describe("Fn::Transform among the resources", () => {
  // The AWS::Include syntax of the CloudFormation User Guide ("AWS::Include transform", embedded in
  // a section: awsdocs/aws-cloudformation-user-guide @ e73634a, a snippet of resources from S3
  // inserted into Resources). CloudFormation deploys it; what it adds is not in the file.
  it("is one input error at its key saying what it includes, not also a resource without a Type", () => {
    const errors = scan(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
  Fn::Transform:
    Name: AWS::Include
    Parameters:
      Location: s3://artifacts/agent-roles.yaml
`);
    expect(errors).toEqual([{ line: 7, message: expect.stringContaining("Fn::Transform AWS::Include of s3://artifacts/agent-roles.yaml in Resources adds the resources it makes at deployment") }]);
    expect(errors[0]?.message).toContain("--template-stage Processed");
  });

  it("in diff too: the transform is named, the resources beside it still compared", () => {
    const side = (file: string) => {
      const parsed = parseSource(JSON.stringify({ Resources: { Orders: { Type: "AWS::SQS::Queue" }, "Fn::Transform": [{ Name: "AWS::Include", Parameters: { Location: "s3://artifacts/agent-roles.json" } }] } }, null, 1));
      return { file, value: parsed.value, lineOf: parsed.lineOf };
    };
    const { errors } = diffStackPair({ id: "Shop", stackName: "ShopProd", tags: {}, base: side("base.json"), head: side("head.json"), impacts: [] });
    expect(errors.map((e) => [e.file, e.line, e.message.split(" adds ")[0]])).toEqual([
      ["base.json", 6, "Fn::Transform AWS::Include of s3://artifacts/agent-roles.json in Resources"],
      ["head.json", 6, "Fn::Transform AWS::Include of s3://artifacts/agent-roles.json in Resources"],
    ]);
  });
});

describe("Fn::Transform where no rule reads", () => {
  it("SAM's OpenAPI body included from a file (AWS::Include in DefinitionBody) and a state machine's definition: no input error", () => {
    expect(
      scan(`${SAM}Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters:
            Location: ./api.yaml
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::111111111111:role/flow
      Definition:
        Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://artifacts/flow.asl.json } }
`),
    ).toEqual([]);
  });
});
