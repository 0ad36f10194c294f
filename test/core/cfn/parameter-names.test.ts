/**
 * A role whose name is a template parameter (`RoleName: !Ref FederatedRoleName`) or a pattern
 * (`!Sub ${Env}-codex-deployer`) is judged by the names a deploy gives it: the parameters'
 * defaults, each allowed value of a parameter that is the whole name, and the pattern every
 * deploy matches. Before, such a role was named by its logical id only: the Claude Code guidance's
 * `BedrockCognitoFederatedRole` was no agent.
 */
import { readFileSync } from "node:fs";
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

function scan(text: string, file = "deploy.yaml") {
  const parsed = parseSource(text);
  const { findings, errors } = evaluateTemplates([{ file, value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd" }], policy, catalogue);
  return { errors, agentFindings: findings.filter((f) => f.rule.startsWith("agent-")) };
}

const template = (parameters: string, roleName: string) => `Parameters:
${parameters}
Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${roleName}
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: cloudformation.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: data
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: dynamodb:DeleteTable
                Resource: "*"
`;
const reasons = (r: ReturnType<typeof scan>) => r.agentFindings.map((f) => f.evidence.find((e) => e.pointer === "/Resources/DeployRole")?.note?.split(";")[0]);

describe("names a template deploys a role with", () => {
  it.each([
    ["a parameter's default", "  RoleName: { Type: String, Default: claude-code-deployer }", "!Ref RoleName", 'agent principal: name may be claude-code-deployer (the defaults of its parameters), which matches "*claude*"'],
    ["a default inside !Sub", "  Team: { Type: String, Default: kiro }", "!Sub ${Team}-orders-deployer", 'agent principal: name may be kiro-orders-deployer (the defaults of its parameters), which matches "*kiro*"'],
    ["an allowed value", "  RoleName: { Type: String, AllowedValues: [orders-deployer, codex-deployer] }", "!Ref RoleName", 'agent principal: name may be codex-deployer (parameter RoleName = codex-deployer), which matches "*codex*"'],
    [
      "an allowed value choosing a mapping entry",
      "  Env: { Type: String, AllowedValues: [dev, prod] }\nMappings:\n  Roles:\n    dev: { Deployer: orders-deployer-dev }\n    prod: { Deployer: kiro-orders-deployer }",
      "!FindInMap [Roles, !Ref Env, Deployer]",
      'agent principal: name may be kiro-orders-deployer (parameter Env = prod), which matches "*kiro*"',
    ],
    ["the pattern every deploy matches", "  Env: { Type: String }", "!Sub ${Env}-copilot-deployer", 'agent principal: name may be *-copilot-deployer (its RoleName pattern), which matches "*copilot*"'],
    [
      "a mapping entry a free parameter selects (every key of the mapping can deploy)",
      "  Env: { Type: String }\nMappings:\n  Roles:\n    dev: { Deployer: orders-deployer-dev }\n    prod: { Deployer: kiro-orders-deployer }",
      "!FindInMap [Roles, !Ref Env, Deployer]",
      'agent principal: name may be kiro-orders-deployer (parameter Env = prod), which matches "*kiro*"',
    ],
  ])("%s naming an agent makes the role an agent's", (_, parameters, roleName, reason) => {
    const r = scan(template(parameters, roleName));
    expect(r.errors).toEqual([]);
    expect(reasons(r)).toEqual([reason]);
  });

  it.each([
    ["a default that names no agent", "  RoleName: { Type: String, Default: orders-deployer }", "!Ref RoleName"],
    ["a parameter with no default and no allowed values", "  RoleName: { Type: String }", "!Ref RoleName"],
    ["a pattern that only may name an agent", "  Prefix: { Type: String }", "!Sub ${Prefix}-deployer"],
  ])("%s: not an agent's by name (its trust names no agent either)", (_, parameters, roleName) => {
    const r = scan(template(parameters, roleName));
    expect(r.errors).toEqual([]);
    expect(r.agentFindings).toEqual([]);
  });
});

describe("real: the Claude Code guidance's Cognito authentication stack (aws-solutions-library-samples, MIT-0)", () => {
  const file = new URL("../../fixtures/cfn/real/aws-guidance-claude-code-bedrock-auth-cognito-pool.yaml", import.meta.url);
  const text = readFileSync(file, "utf8");

  it("as published: its roles invoke Bedrock models only, so no agent finding and no input error", () => {
    const r = scan(text, "bedrock-auth-cognito-pool.yaml");
    expect(r.errors).toEqual([]);
    expect(r.agentFindings).toEqual([]);
  });

  it("with s3:DeleteBucket added to its BedrockAccessPolicy, the role named by FederatedRoleName (default BedrockCognitoFederatedRole) is reported", () => {
    const widened = text.replace("              - 'bedrock:GetInferenceProfile'\n            Resource: '*'\n", "              - 'bedrock:GetInferenceProfile'\n              - 's3:DeleteBucket'\n            Resource: '*'\n");
    expect(widened).not.toBe(text);
    const r = scan(widened, "bedrock-auth-cognito-pool.yaml");
    expect(r.errors).toEqual([]);
    expect(r.agentFindings.map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", "OrdersProd/DirectIAMRole"]]);
    expect(r.agentFindings[0]?.evidence.some((e) => e.note?.includes('name may be BedrockCognitoFederatedRole (the defaults of its parameters), which matches "*bedrock*"'))).toBe(true);
  });
});

describe("real: serverless-patterns lambda-microvms-claude-code-agent (aws-samples, MIT-0)", () => {
  it("Claude Code's MicroVM roles, named !Sub ${ImageName}-...-role with ImageName's default claude-code-agent, are agents': CloudWatchLogsFullAccess deletes log groups", () => {
    const file = new URL("../../fixtures/cfn/real/aws-samples-serverless-patterns-lambda-microvms-claude-code-agent.yaml", import.meta.url);
    const r = scan(readFileSync(file, "utf8"), "template.yaml");
    expect(r.errors).toEqual([]);
    expect(r.agentFindings.map((f) => [f.rule, f.subject])).toEqual([
      ["agent-destructive-prod", "OrdersProd/MicroVMBuildRole"],
      ["agent-destructive-prod", "OrdersProd/MicroVMExecutionRole"],
    ]);
    for (const f of r.agentFindings) expect(f.actions).toContain("logs:DeleteLogGroup");
    expect(r.agentFindings[1]?.evidence.some((e) => e.note?.startsWith('agent principal: name may be claude-code-agent-execution-role (the defaults of its parameters), which matches "*agent*"'))).toBe(true);
  });
});

it("an MCP server's role (ECS task role named after it) is an agent's reach: its table deletes are reported", () => {
  // An MCP server is a tool an agent calls over the protocol; whatever its role may do, the agent's inputs may make it do.
  const text = `Resources:
  OrdersMcpTaskRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-mcp-server-task
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ecs-tasks.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess]
`;
  const r = scan(text, "mcp-servers.yaml");
  expect(r.errors).toEqual([]);
  expect(r.agentFindings.map((f) => f.rule)).toContain("agent-destructive-prod");
  expect(r.agentFindings[0]?.evidence.some((e) => e.note?.startsWith('agent principal: name orders-mcp-server-task matches "*mcp*"'))).toBe(true);
});
