/**
 * Names that say a principal calls a model (agents.modelNamePatterns: `*bedrock*`, `*llm*`,
 * `*genai*`), not that an agent acts with it. Verdicts decided before running, from the real input
 * (test/fixtures/real-repos/README.md, Metrosafetyhost/digivalidation): its document-proofing Lambda
 * functions are all named `bedrock-lambda-<job>` (the Terraform namespace), trust only
 * lambda.amazonaws.com and read and write their own tables and buckets; no model there chooses an
 * AWS call, so none is an agent's, and `bedrock-lambda-salesforce_input`'s dynamodb:DeleteItem on
 * its ProofingMetadata table is the application's own. The same word on a role that a person, an
 * account, a CI job or a federation assumes (Claude Code on Bedrock: `BedrockOktaFederatedRole`,
 * a GitHub Actions `…-bedrock-role`) still names an agent's role, as does a role whose trust the
 * input does not hold, and a CodeBuild project's or an instance's role (a CI runner, a developer's
 * box: coding agents run there).
 */
import { agentNamePattern, agentReason } from "../../../src/core/iam/agents.js";
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";
import { role, source } from "./helpers.js";

const policy = resolvePolicy();
const agents = policy.agents;
const catalogue = loadCatalogue();

const trustOf = (...statements: Record<string, unknown>[]) => source("Trust", statements.map((s) => ({ Effect: "Allow", Action: "sts:AssumeRole", ...s })));
const service = (...services: string[]) => trustOf({ Principal: { Service: services.length === 1 ? services[0] : services } });

describe("a model's name on a role (agents.modelNamePatterns)", () => {
  it("an AWS service's workload role named for the model it calls is no agent's by that name", () => {
    for (const [name, trust] of [
      ["bedrock-lambda-salesforce_input", service("lambda.amazonaws.com")],
      ["bedrock_lambda_execution_role", service("lambda.amazonaws.com")],
      ["BedrockChatStack/ChatFunction/ServiceRole", service("lambda.amazonaws.com")],
      ["bedrock-chat-ecs-task-role", service("ecs-tasks.amazonaws.com")],
      ["llm-summarizer-task-role", service("ecs-tasks.amazonaws.com")],
      ["bedrock-pod-identity", service("pods.eks.amazonaws.com")],
      ["GenAIChatBotStack-RagEnginesWorkflowRole", service("states.amazonaws.com", "lambda.amazonaws.com")],
      // A Deny statement admits nobody; only the Allow decides.
      ["bedrock-report-fn", source("Trust", [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }, { Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }])],
    ] as const) {
      expect([name, agentReason(role([], { name, trustPolicy: trust }), agents)]).toEqual([name, undefined]);
    }
  });

  it("the same name on a role people, accounts, CI or federations assume, or whose trust is not in the input, is an agent's (Claude Code on Bedrock)", () => {
    const cases: [string, ReturnType<typeof trustOf> | undefined][] = [
      // guidance-for-claude-code-with-amazon-bedrock: developers' Claude Code through their IdP.
      ["BedrockOktaFederatedRole", trustOf({ Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/example.okta.com" }, Action: "sts:AssumeRoleWithWebIdentity" })],
      ["BedrockCognitoFederatedRole", trustOf({ Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" })],
      ["github-actions-bedrock-role", trustOf({ Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main" } } })],
      ["bedrock-developer", trustOf({ Principal: { AWS: "arn:aws:iam::111111111111:root" } })],
      ["llm-ops", trustOf({ Principal: { Service: "lambda.amazonaws.com", AWS: "arn:aws:iam::111111111111:role/ops" } })],
      ["genai-runner", trustOf({ Principal: { Service: "lambda.amazonaws.com" } }, { Principal: { AWS: "arn:aws:iam::222222222222:root" } })],
      ["bedrock-any", trustOf({ Principal: "*" })],
      // No trust in the input (a role named in an attachment only): it may be anyone's.
      ["bedrock-lambda-salesforce_input", undefined],
    ];
    for (const [name, trust] of cases) {
      expect([name, agentReason(role([], { name, ...(trust ? { trustPolicy: trust } : {}) }), agents)]).toEqual([name, expect.stringMatching(/^name .* matches "\*(bedrock|llm|genai)\*"$/)]);
    }
    // An IAM user has no trust: its keys are held by whoever uses them.
    expect(agentReason(role([], { kind: "user", name: "bedrock-cli" }), agents)).toBe('name bedrock-cli matches "*bedrock*"');
    // A service principal that is not text (an intrinsic left unread), or none at all: not known to be an application's.
    for (const Service of [{ "Fn::If": ["IsCi", "codebuild.amazonaws.com", "lambda.amazonaws.com"] }, []]) {
      expect(agentReason(role([], { name: "bedrock-fn", trustPolicy: trustOf({ Principal: { Service } }) }), agents)).toMatch(/^name bedrock-fn matches/);
    }
    // A trust that cannot be read cannot show the role a service's (fail closed).
    expect(agentReason(role([], { name: "bedrock-fn", trustPolicy: { ...service("lambda.amazonaws.com"), document: "%zz" } }), agents)).toMatch(/^name bedrock-fn matches/);
  });

  it("a build project's or an instance's role named for Bedrock stays an agent's: CI runners and developers' boxes are where coding agents run", () => {
    // A CodeBuild project hosting GitHub Actions jobs (claude-code-action on Bedrock), an EC2 dev box
    // or self-hosted runner: the jobs and sessions they run are not in the template.
    for (const [name, services] of [
      ["github-runner-bedrock", ["codebuild.amazonaws.com"]],
      ["bedrock-dev-box", ["ec2.amazonaws.com"]],
      ["bedrock-dev-box-cn", ["ec2.amazonaws.com.cn"]],
      ["llm-build", ["codebuild.amazonaws.com", "lambda.amazonaws.com"]],
      // A service the input does not resolve (`Service: !Ref Svc`) may be CodeBuild's.
      ["bedrock-runner", ["*"]],
    ] as const) {
      expect([name, agentReason(role([], { name, trustPolicy: service(...services) }), agents)]).toEqual([name, expect.stringMatching(/^name .* matches/)]);
    }
  });

  it("an agent's word, trust, tag or host still makes a service's role an agent's, whatever model word it holds", () => {
    expect(agentReason(role([], { name: "bedrock-agent-fn", trustPolicy: service("lambda.amazonaws.com") }), agents)).toBe('name bedrock-agent-fn matches "*agent*"');
    expect(agentReason(role([], { name: "BedrockClaudeWorker", trustPolicy: service("ecs-tasks.amazonaws.com") }), agents)).toBe('name BedrockClaudeWorker matches "*claude*"');
    expect(agentReason(role([], { name: "bedrock-mcp-server", trustPolicy: service("lambda.amazonaws.com") }), agents)).toBe('name bedrock-mcp-server matches "*mcp*"');
    expect(agentReason(role([], { name: "bedrock-x", trustPolicy: service("bedrock.amazonaws.com") }), agents)).toBe("trust policy admits Service bedrock.amazonaws.com");
    expect(agentReason(role([], { name: "bedrock-y", tags: { "agent-guardrail:agent": "true" }, trustPolicy: service("lambda.amazonaws.com") }), agents)).toBe("tag agent-guardrail:agent=true");
  });

  it("a name the deploy chooses (possibleNames) is read the same way", () => {
    const possible = { possibleNames: [{ name: "*-bedrock-fn", from: "the parameter Env" }] };
    expect(agentReason(role([], { name: "Fn/Role", ...possible, trustPolicy: service("lambda.amazonaws.com") }), agents)).toBeUndefined();
    expect(agentReason(role([], { name: "Fn/Role", ...possible }), agents)).toMatch(/\*bedrock\*/);
  });

  it("named anywhere but on a role whose trust is read (a trust naming it, an imported role), a model's name is an agent's", () => {
    expect(agentNamePattern(agents, "bedrock-lambda-salesforce_input")).toBe("*bedrock*");
    const trusting = role([], { name: "ops", trustPolicy: trustOf({ Principal: { AWS: "arn:aws:iam::111111111111:role/bedrock-lambda-x" } }) });
    expect(agentReason(trusting, agents)).toBe('trust policy admits arn:aws:iam::111111111111:role/bedrock-lambda-x, an agent by name ("*bedrock*")');
  });

  it("configurable: replaceDefaults drops the defaults, a team's own model words read the same way", () => {
    const own = resolvePolicy(parseUserConfig("c.yml", "agents:\n  modelNamePatterns: ['*sagemaker*']\n")).agents;
    expect(own.modelNamePatterns).toEqual(expect.arrayContaining(["*bedrock*", "*sagemaker*"]));
    expect(agentReason(role([], { name: "sagemaker-infer", trustPolicy: service("lambda.amazonaws.com") }), own)).toBeUndefined();
    expect(agentReason(role([], { name: "sagemaker-infer" }), own)).toBe('name sagemaker-infer matches "*sagemaker*"');
    const none = resolvePolicy(parseUserConfig("c.yml", "agents:\n  replaceDefaults: true\n  roleNamePatterns: ['*agent*']\n")).agents;
    expect(none.modelNamePatterns).toEqual([]);
    expect(agentReason(role([], { name: "bedrock-cli" }), none)).toBeUndefined();
  });
});

describe("a template's Lambda calling Bedrock (digivalidation's shape as CloudFormation)", () => {
  const lambdaRole = (name: string, statements: Record<string, unknown>[]) => ({
    Type: "AWS::IAM::Role",
    Properties: {
      RoleName: name,
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
      Policies: [{ PolicyName: "app", PolicyDocument: { Version: "2012-10-17", Statement: statements } }],
    },
  });
  const app = [
    { Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:GetFoundationModel"], Resource: "arn:aws:bedrock:eu-west-2::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0" },
    { Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Scan", "dynamodb:Query"], Resource: "arn:aws:dynamodb:eu-west-2:111111111111:table/ProofingMetadata" },
  ];
  const agentFindings = (resources: Record<string, unknown>) => {
    const parsed = parseSource(JSON.stringify({ Resources: resources }));
    const { findings, errors } = evaluateTemplates([{ file: "proofing.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "Proofing" }], policy, catalogue);
    expect(errors).toEqual([]);
    return findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`);
  };

  it("the proofing function's role deletes its own items: no agent finding", () => {
    expect(agentFindings({ SalesforceInputRole: lambdaRole("bedrock-lambda-salesforce_input", app) })).toEqual([]);
  });

  it("the same role trusting a service a parameter names: the service may be CodeBuild, an agent's by the name", () => {
    const role = lambdaRole("bedrock-lambda-salesforce_input", app);
    (role.Properties.AssumeRolePolicyDocument.Statement[0] as { Principal: unknown }).Principal = { Service: { Ref: "Svc" } };
    const parsed = parseSource(JSON.stringify({ Parameters: { Svc: { Type: "String", Default: "lambda.amazonaws.com" } }, Resources: { SalesforceInputRole: role } }));
    const { findings } = evaluateTemplates([{ file: "proofing.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "Proofing" }], policy, catalogue);
    expect(findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`)).toEqual(["agent-destructive-prod Proofing/SalesforceInputRole"]);
  });

  it("the same role trusted by a person's account as well: an agent's (the name counts)", () => {
    const shared = lambdaRole("bedrock-lambda-salesforce_input", app);
    shared.Properties.AssumeRolePolicyDocument.Statement.push({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" } as never, Action: "sts:AssumeRole" });
    expect(agentFindings({ SalesforceInputRole: shared })).toEqual(["agent-destructive-prod Proofing/SalesforceInputRole"]);
  });

  it("the same function as a Bedrock agent's action group: its role is the agent's tool", () => {
    const resources = {
      SalesforceInputRole: lambdaRole("bedrock-lambda-salesforce_input", app),
      Fn: { Type: "AWS::Lambda::Function", Properties: { Role: { "Fn::GetAtt": ["SalesforceInputRole", "Arn"] }, Handler: "i.h", Runtime: "python3.13", Code: { ZipFile: "x" } } },
      Invoke: { Type: "AWS::Lambda::Permission", Properties: { Action: "lambda:InvokeFunction", FunctionName: { Ref: "Fn" }, Principal: "bedrock.amazonaws.com" } },
    };
    expect(agentFindings(resources)).toEqual(["agent-destructive-prod Proofing/SalesforceInputRole"]);
  });
});
