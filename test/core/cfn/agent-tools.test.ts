/**
 * Tools of agents (src/core/cfn/agent-tools.ts): a Lambda function a Bedrock agent's action group,
 * an AgentCore gateway target or an agent service's invoke permission runs, acts as its own role
 * with inputs the agent chooses. Before, such a role (trusting lambda.amazonaws.com, named after
 * the function) was no agent's: an agent whose "ops" tool could terminate every instance passed.
 * Templates follow the CloudFormation reference of AWS::Bedrock::Agent (ActionGroups,
 * ActionGroupExecutor.Lambda) and AWS::BedrockAgentCore::GatewayTarget (TargetConfiguration.Mcp.Lambda).
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

function scan(resources: string) {
  const text = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${resources}`;
  const parsed = parseSource(text);
  const { findings, errors } = evaluateTemplates([{ file: "ops-agent.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "OpsAgentProd" }], policy, catalogue);
  return { errors, findings: findings.filter((f) => f.rule.startsWith("agent-")) };
}

const functionWithRole = (id: string, actions: string[]) => `  ${id}Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: ops
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [${actions.join(", ")}]
                Resource: "*"
  ${id}:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: ${id.toLowerCase()}
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt ${id}Role.Arn
      Code: { ZipFile: "def handler(event, context): return {}" }
`;
const agent = (executor: string) => `  OpsAgent:
    Type: AWS::Bedrock::Agent
    Properties:
      AgentName: ops-assistant
      FoundationModel: anthropic.claude-3-5-sonnet-20241022-v2:0
      Instruction: You help the on-call engineer operate the fleet.
      ActionGroups:
        - ActionGroupName: fleet
          ActionGroupExecutor:
            Lambda: ${executor}
          FunctionSchema:
            Functions:
              - Name: stopInstance
                Parameters:
                  instanceId: { Type: string, Required: true }
`;

describe("a function an agent runs is the agent's reach", () => {
  it("a Bedrock agent's action group: the function's role that terminates instances is reported as the agent's", () => {
    const { errors, findings } = scan(functionWithRole("FleetTool", ["ec2:DescribeInstances", "ec2:TerminateInstances"]) + agent("!GetAtt FleetTool.Arn"));
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.rule, f.subject, f.actions])).toEqual([["agent-destructive-prod", "OpsAgentProd/FleetToolRole", ["ec2:TerminateInstances"]]]);
    const note = findings[0]?.evidence.find((e) => e.pointer === "/Resources/FleetToolRole")?.note;
    expect(note).toBe("agent principal: executes function FleetTool, which runs as a tool of Bedrock agent ops-assistant (action group fleet, OpsAgent): the agent chooses its calls; SCPs not verified");
  });

  it.each([
    ["an alias of it", "!Ref FleetToolLive", "  FleetToolLive:\n    Type: AWS::Lambda::Alias\n    Properties:\n      FunctionName: !Ref FleetTool\n      FunctionVersion: $LATEST\n      Name: live\n"],
    ["its ARN written out", "arn:aws:lambda:eu-west-1:111111111111:function:fleettool", ""],
  ])("the action group names %s: the same", (_, executor, extra) => {
    const { errors, findings } = scan(functionWithRole("FleetTool", ["ec2:TerminateInstances"]) + extra + agent(executor));
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.subject)).toEqual(["OpsAgentProd/FleetToolRole"]);
  });

  it("an AgentCore gateway's Lambda target", () => {
    const target = `  FleetTarget:
    Type: AWS::BedrockAgentCore::GatewayTarget
    Properties:
      GatewayIdentifier: gw-0123456789
      Name: fleet
      TargetConfiguration:
        Mcp:
          Lambda:
            LambdaArn: !GetAtt FleetTool.Arn
            ToolSchema: { InlinePayload: [{ Name: stop, Description: stop an instance, InputSchema: { Type: object } }] }
`;
    const { errors, findings } = scan(functionWithRole("FleetTool", ["rds:DeleteDBInstance"]) + target);
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.subject, f.actions])).toEqual([["OpsAgentProd/FleetToolRole", ["rds:DeleteDBInstance"]]]);
    expect(findings[0]?.evidence.some((e) => e.note?.includes("runs as an MCP tool of an AgentCore gateway (target FleetTarget)"))).toBe(true);
  });

  it("a Lambda permission for bedrock.amazonaws.com (the agent's invoke grant, even without the agent in this template)", () => {
    const permission = "  AgentInvoke:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref FleetTool\n      Action: lambda:InvokeFunction\n      Principal: bedrock.amazonaws.com\n      SourceAccount: !Ref AWS::AccountId\n";
    const { errors, findings } = scan(functionWithRole("FleetTool", ["s3:DeleteBucket"]) + permission);
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.subject)).toEqual(["OpsAgentProd/FleetToolRole"]);
  });

  it("a Lambda permission for the agent service in its regional or China spelling", () => {
    for (const principal of ["!Sub bedrock.${AWS::Region}.amazonaws.com", "bedrock.us-west-2.amazonaws.com", "bedrock.amazonaws.com.cn"]) {
      const permission = `  AgentInvoke:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref FleetTool\n      Action: lambda:InvokeFunction\n      Principal: ${principal}\n`;
      const { errors, findings } = scan(functionWithRole("FleetTool", ["s3:DeleteBucket"]) + permission);
      expect(errors).toEqual([]);
      expect(findings.map((f) => f.subject)).toEqual(["OpsAgentProd/FleetToolRole"]);
    }
  });

  it("a Lambda permission for API Gateway, and a function no agent names: no agent's", () => {
    const permission = "  ApiInvoke:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref FleetTool\n      Action: lambda:InvokeFunction\n      Principal: apigateway.amazonaws.com\n";
    const { errors, findings } = scan(functionWithRole("FleetTool", ["ec2:TerminateInstances"]) + functionWithRole("Reporter", ["s3:DeleteBucket"]) + permission);
    expect(errors).toEqual([]);
    expect(findings).toEqual([]);
  });

  it("an action group on a function of another stack: nothing of this template to judge, no error", () => {
    const { errors, findings } = scan(functionWithRole("Reporter", ["s3:DeleteBucket"]) + agent("arn:aws:lambda:eu-west-1:111111111111:function:fleet-tool-of-another-stack"));
    expect(errors).toEqual([]);
    expect(findings).toEqual([]);
  });

  it("the tool's role defined outside the template: what it may do cannot be verified (fail closed)", () => {
    const tool = `  FleetTool:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      Role: arn:aws:iam::111111111111:role/fleet-ops\n      Code: { ZipFile: "def handler(event, context): return {}" }\n`;
    const { errors, findings } = scan(tool + agent("!GetAtt FleetTool.Arn"));
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.rule, f.subject])).toEqual([
      ["agent-destructive-prod", "OpsAgentProd/FleetTool"],
      ["agent-privilege-escalation", "OpsAgentProd/FleetTool"],
    ]);
    for (const f of findings) expect(f.message).toMatch(/^The execution role of function FleetTool \(arn:aws:iam::111111111111:role\/fleet-ops\) cannot be verified not to /);
  });

  it("a SAM function with no Role as the agent's tool: the role SAM makes for it (sam-roles.ts) is the agent's", () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\nResources:\n  FleetTool:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      InlineCode: "def handler(event, context): return {}"\n      Policies: [AmazonEC2FullAccess]\n${agent("!GetAtt FleetTool.Arn")}`;
    const parsed = parseSource(text);
    const { errors, findings } = evaluateTemplates([{ file: "ops-agent.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "OpsAgentProd" }], policy, catalogue);
    expect(errors).toEqual([]);
    const destructive = findings.find((f) => f.rule === "agent-destructive-prod");
    expect(destructive?.subject).toBe("OpsAgentProd/FleetToolRole");
    expect(destructive?.actions).toContain("ec2:TerminateInstances");
    // AmazonEC2FullAccess, named as SAM names it, is cited by its ARN at the function's Policies (line 10).
    expect(destructive?.evidence.find((e) => e.arn !== undefined)).toMatchObject({ arn: "arn:aws:iam::aws:policy/AmazonEC2FullAccess", line: 10 });
    expect(destructive?.evidence.some((e) => e.note?.includes("executes function FleetTool, which runs as a tool of Bedrock agent ops-assistant"))).toBe(true);
  });
});

/**
 * The role an agent resource runs as is the agent's, whatever it is called: a Bedrock agent's
 * AgentResourceRoleArn, an AgentCore runtime's RoleArn. A CDK app that imports that role
 * (`Role.fromRoleArn(..., "…:role/orders-runtime")`, handed to `agentcore.Runtime` as
 * `executionRole`) and grants it `table.grantFullAccess(runtime)` writes an AWS::IAM::Policy on the
 * role's name; before, that name (no agent word) made it no agent's, and the grant passed.
 */
describe("a role of another template that an agent runs as: what this template grants it is the agent's", () => {
  const table = "  Orders:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n    Properties:\n      DeletionProtectionEnabled: true\n      KeySchema: [{ AttributeName: pk, KeyType: HASH }]\n      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]\n      BillingMode: PAY_PER_REQUEST\n";
  const grant = (role: string, actions = "[dynamodb:GetItem, dynamodb:DeleteItem]") =>
    `  Grant:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: grant\n      Roles: [${role}]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: ${actions}\n            Resource: !GetAtt Orders.Arn\n`;
  it.each([
    ["an AgentCore runtime's RoleArn", "  Runtime:\n    Type: AWS::BedrockAgentCore::Runtime\n    Properties:\n      AgentRuntimeName: orders\n      RoleArn: arn:aws:iam::111111111111:role/orders-exec\n      AgentRuntimeArtifact: { ContainerConfiguration: { ContainerUri: 111111111111.dkr.ecr.us-east-1.amazonaws.com/orders:latest } }\n      NetworkConfiguration: { NetworkMode: PUBLIC }\n", "AgentCore runtime orders (Runtime)"],
    ["a Bedrock agent's AgentResourceRoleArn (with a path)", "  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: orders\n      AgentResourceRoleArn: arn:aws:iam::111111111111:role/service/orders-exec\n      FoundationModel: anthropic.claude-3-5-sonnet-20241022-v2:0\n", "Bedrock agent orders (Agent)"],
    ["an AgentCore code interpreter's ExecutionRoleArn", "  Interpreter:\n    Type: AWS::BedrockAgentCore::CodeInterpreterCustom\n    Properties:\n      Name: orders\n      ExecutionRoleArn: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/orders-exec\n      NetworkConfiguration: { NetworkMode: PUBLIC }\n", "AgentCore code interpreter orders (Interpreter)"],
    // AWS DevOps Agent assumes the roles an Agent Space's AWS association names (CloudFormation
    // AWS::DevOpsAgent::Association: Configuration.Aws or .SourceAws, AssumableRoleArn and the
    // elevated role for its mutating actions, AgentElevatedRoleArn); a public CDK app
    // (RaceDayLive's DevOpsAgentStack) writes SourceAws.AssumableRoleArn.
    ["AWS DevOps Agent's elevated role (Configuration.Aws.AgentElevatedRoleArn)", "  Monitor:\n    Type: AWS::DevOpsAgent::Association\n    Properties:\n      AgentSpaceId: space-1\n      ServiceId: aws\n      Configuration:\n        Aws:\n          AccountId: '111111111111'\n          AccountType: monitor\n          AssumableRoleArn: arn:aws:iam::111111111111:role/ops-readonly\n          AgentElevatedRoleArn: arn:aws:iam::111111111111:role/orders-exec\n", "AWS DevOps Agent space-1 (Monitor)"],
    ["AWS DevOps Agent's source account role (Configuration.SourceAws.AssumableRoleArn)", "  Source:\n    Type: AWS::DevOpsAgent::Association\n    Properties:\n      AgentSpaceId: space-1\n      ServiceId: aws\n      Configuration:\n        SourceAws:\n          AccountId: '111111111111'\n          AccountType: source\n          AssumableRoleArn: arn:aws:iam::111111111111:role/orders-exec\n", "AWS DevOps Agent space-1 (Source)"],
  ])("%s", (_, agentResource, who) => {
    const { errors, findings } = scan(table + grant("orders-exec") + agentResource);
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.rule, f.subject, f.actions])).toEqual([["agent-destructive-prod", "OpsAgentProd/orders-exec", ["dynamodb:DeleteItem"]]]);
    expect(findings[0]?.evidence.some((e) => e.note?.includes(`runs as ${who}`))).toBe(true);
  });

  it("a read grant to it passes; a role no agent runs as, granted the same, is no agent's", () => {
    const runtime = "  Runtime:\n    Type: AWS::BedrockAgentCore::Runtime\n    Properties:\n      AgentRuntimeName: orders\n      RoleArn: arn:aws:iam::111111111111:role/orders-exec\n      AgentRuntimeArtifact: { ContainerConfiguration: { ContainerUri: 111111111111.dkr.ecr.us-east-1.amazonaws.com/orders:latest } }\n      NetworkConfiguration: { NetworkMode: PUBLIC }\n";
    expect(scan(table + grant("orders-exec", "[dynamodb:GetItem, dynamodb:Query]") + runtime)).toEqual({ errors: [], findings: [] });
    expect(scan(table + grant("orders-batch") + runtime)).toEqual({ errors: [], findings: [] });
  });

  it("a tool function whose role is imported: what this template grants that role is the agent's too", () => {
    const tool = `  FleetTool:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      Role: arn:aws:iam::111111111111:role/orders-exec\n      Code: { ZipFile: "def handler(event, context): return {}" }\n`;
    const { errors, findings } = scan(table + grant("orders-exec") + tool + agent("!GetAtt FleetTool.Arn"));
    expect(errors).toEqual([]);
    const granted = findings.filter((f) => f.subject === "OpsAgentProd/orders-exec");
    expect(granted.map((f) => [f.rule, f.actions])).toEqual([["agent-destructive-prod", ["dynamodb:DeleteItem"]]]);
  });
});

/**
 * An agent in one stack and its tool function in another (CDK writes the cross-stack reference as
 * an export of the tools stack and an Fn::ImportValue in the agent's). Before, each template was
 * read alone: the tool's role was no agent's, and its destructive grant passed.
 */
describe("a tool function of another template, named by its export", () => {
  const tools = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${functionWithRole("FleetTool", ["ec2:TerminateInstances"])}${functionWithRole("Reporter", ["ec2:TerminateInstances"])}Outputs:\n  ToolArn:\n    Value: !GetAtt FleetTool.Arn\n    Export: { Name: "OpsTools:FleetToolArn" }\n  ReporterArn:\n    Value: !GetAtt Reporter.Arn\n    Export: { Name: "OpsTools:ReporterArn" }\n`;
  const run = (agentTemplate: string) => {
    const inputs = [
      { file: "tools.yaml", text: tools, stackName: "OpsTools" },
      { file: "agent.yaml", text: `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${agentTemplate}`, stackName: "OpsBot" },
    ].map(({ file, text, stackName }) => {
      const parsed = parseSource(text);
      return { file, value: parsed.value, lineOf: parsed.lineOf, stackName };
    });
    const { findings, errors } = evaluateTemplates(inputs, policy, catalogue);
    return { errors, findings: findings.filter((f) => f.rule.startsWith("agent-")) };
  };

  it("a Bedrock agent's action group on Fn::ImportValue: the exported function's role is the agent's, the other exported function's is not", () => {
    const { errors, findings } = run(agent('{ "Fn::ImportValue": "OpsTools:FleetToolArn" }'));
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.rule, f.subject, f.actions])).toEqual([["agent-destructive-prod", "OpsTools/FleetToolRole", ["ec2:TerminateInstances"]]]);
    expect(findings[0]?.evidence.some((e) => e.note?.includes("runs as a tool of Bedrock agent ops-assistant (action group fleet, OpsAgent): the agent chooses its calls (exported as OpsTools:FleetToolArn)"))).toBe(true);
  });

  it("an import of a name no template exports, or no agent: nothing judged as a tool", () => {
    expect(run(agent('{ "Fn::ImportValue": "Elsewhere:Fn" }'))).toEqual({ errors: [], findings: [] });
    expect(run("  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: { \"Fn::ImportValue\": \"OpsTools:FleetToolArn\" }\n")).toEqual({ errors: [], findings: [] });
  });
});
