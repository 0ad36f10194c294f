/**
 * CloudFormation dynamic references (`{{resolve:ssm:/org/deployer-arn}}`, `{{resolve:secretsmanager:…}}`,
 * `{{resolve:ssm-secure:…}}`): CloudFormation replaces them with a value it reads at deployment, so
 * the template does not say what they are, as it does not for a parameter. Verdicts decided before
 * running: each is read as any value (fail closed), as `!Ref` of a parameter without a default is;
 * read as its own text, a principal, role name or action written so named no one and passed.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();
const bedrockTrust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const orders = { Orders: { Type: "AWS::DynamoDB::Table", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", Properties: { TableName: "orders" } } };

function agentFindings(resources: Record<string, unknown>) {
  const parsed = parseSource(JSON.stringify({ Resources: { ...orders, ...resources } }, null, 2));
  const { findings, errors } = evaluateTemplates([{ file: "prod.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111" }], policy, catalogue);
  return { errors, agent: findings.filter((f) => f.rule !== "prod-resource-unprotected") };
}

it("a trust principal kept in Parameter Store may be an agent's role: the admin role it may become is an agent's", () => {
  const { errors, agent } = agentFindings({
    DeployRole: {
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: "release-deployer",
        AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { AWS: "{{resolve:ssm:/org/trusted-principal}}" }, Action: "sts:AssumeRole" }] },
        ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      },
    },
  });
  expect(errors).toEqual([]);
  const destructive = agent.find((f) => f.rule === "agent-destructive-prod");
  expect(destructive?.subject).toBe("OrdersProd/DeployRole");
  expect(destructive?.evidence.map((e) => e.note)).toContain(
    'agent principal: trust policy admits {{resolve:ssm:/org/trusted-principal}}, which the template does not resolve: read as any AWS principal ("*") without a condition; SCPs not verified',
  );
  // The same ARN with the account only left to Parameter Store names a human role.
  const human = agentFindings({
    DeployRole: {
      Type: "AWS::IAM::Role",
      Properties: {
        AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::{{resolve:ssm:/org/tooling-account}}:role/release-manager" }, Action: "sts:AssumeRole" }] },
        ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      },
    },
  });
  expect(human.agent).toEqual([]);
});

it("a policy attached to a role named in Parameter Store is judged as an agent's, as one attached by a parameter is", () => {
  const { agent } = agentFindings({
    ToolPolicy: {
      Type: "AWS::IAM::ManagedPolicy",
      Properties: {
        Roles: ["{{resolve:ssm:/org/runner-role-name}}"],
        PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: { "Fn::GetAtt": ["Orders", "Arn"] } }] },
      },
    },
  });
  expect(agent.map((f) => [f.rule, f.actions])).toEqual([["agent-destructive-prod", ["dynamodb:DeleteTable"]]]);
});

it("an Allow's action or resource read from Parameter Store may be any: the agent role's grant counts", () => {
  const role = (statement: Record<string, unknown>) => ({
    AgentRole: {
      Type: "AWS::IAM::Role",
      Properties: { RoleName: "kiro-agent", AssumeRolePolicyDocument: bedrockTrust, Policies: [{ PolicyName: "p", PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", ...statement }] } }] },
    },
  });
  const byAction = agentFindings(role({ Action: "{{resolve:ssm:/agents/allowed-action}}", Resource: { "Fn::GetAtt": ["Orders", "Arn"] } }));
  expect(byAction.agent.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.actions)).toEqual([expect.arrayContaining(["dynamodb:DeleteTable"])]);
  const byTable = agentFindings(role({ Action: "dynamodb:DeleteTable", Resource: "arn:aws:dynamodb:eu-west-1:111111111111:table/{{resolve:ssm:/agents/table}}" }));
  expect(byTable.agent.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.actions)).toEqual([["dynamodb:DeleteTable"]]);
});

it("a dynamic reference where no rule looks (a database password, a function's environment) changes nothing", () => {
  const { errors, agent } = agentFindings({
    Fn: {
      Type: "AWS::Lambda::Function",
      Properties: { Runtime: "nodejs20.x", Handler: "index.handler", Code: { ZipFile: "exports.handler=async()=>1" }, Role: "arn:aws:iam::111111111111:role/app", Environment: { Variables: { TOKEN: "{{resolve:secretsmanager:app/token:SecretString:value}}" } } },
    },
  });
  expect(errors).toEqual([]);
  expect(agent).toEqual([]);
});

it("inside !Sub text or its variables, a dynamic reference is any value too; the rest of the text stays", () => {
  const deployRole = (principal: unknown) => ({
    DeployRole: {
      Type: "AWS::IAM::Role",
      Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }] }, ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
    },
  });
  const subjects = (principal: unknown) => agentFindings(deployRole(principal)).agent.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.subject);
  expect(subjects({ "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/{{resolve:ssm:/org/runner-role}}" })).toEqual(["OrdersProd/DeployRole"]);
  expect(subjects({ "Fn::Sub": ["arn:aws:iam::${AWS::AccountId}:role/${Runner}", { Runner: "{{resolve:ssm:/org/runner-role}}" }] })).toEqual(["OrdersProd/DeployRole"]);
  expect(subjects({ "Fn::Sub": "arn:aws:iam::{{resolve:ssm:/org/tooling-account}}:role/${AWS::StackName}-release-manager" })).toEqual([]);
});
