/**
 * A role's or user's Path is part of its ARN (`Path: /deploy/` → `arn:aws:iam::1:role/deploy/name`).
 * Policies and conditions that name roles by ARN see the path: a grant on `role/deploy/*` reaches
 * the deploy role, `aws:PrincipalArn` exemptions match it. Verdicts decided from the templates
 * before running: each case below was missed while the template's ARNs left the path out.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();
const bedrockTrust = { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const accountTrust = { Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] };
const orders = { Type: "AWS::DynamoDB::Table", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", Properties: { TableName: "orders" } };
const deleteOrders = { PolicyName: "deploy", PolicyDocument: { Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: { "Fn::GetAtt": ["Orders", "Arn"] } }] } };

function findingsOf(resources: Record<string, unknown>) {
  const parsed = parseSource(JSON.stringify({ Parameters: { DeployPath: { Type: "String" } }, Resources: { Orders: orders, ...resources } }, null, 2));
  const result = evaluateTemplates([{ file: "prod.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111" }], policy, catalogue);
  expect(result.errors).toEqual([]);
  return result.findings;
}

/**
 * The agent may assume roles matching `resource`; the deploy role (path `path`), which the whole
 * account may assume, may delete the orders table. Whether the agent can become it decides.
 */
function allFindings(resource: string, path: unknown) {
  return findingsOf({
    AgentRole: {
      Type: "AWS::IAM::Role",
      Properties: { RoleName: "coding-agent", AssumeRolePolicyDocument: bedrockTrust, Policies: [{ PolicyName: "hop", PolicyDocument: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: resource }] } }] },
    },
    DeployRole: { Type: "AWS::IAM::Role", Properties: { RoleName: "release-deployer", ...(path === undefined ? {} : { Path: path }), AssumeRolePolicyDocument: accountTrust, Policies: [deleteOrders] } },
  });
}

/** The agent role's escalation findings that name the hop to the deploy role. */
const agentAssuming = (resource: string, path: unknown) =>
  allFindings(resource, path)
    .filter((f) => f.rule === "agent-privilege-escalation" && f.message.includes("→ release-deployer"))
    .map((f) => f.subject);

describe("a role's path in its ARN", () => {
  it("a grant on the roles under a path reaches a role with that path, not one without", () => {
    expect(agentAssuming("arn:aws:iam::111111111111:role/deploy/*", "/deploy/")).toEqual(["OrdersProd/AgentRole"]);
    expect(agentAssuming("arn:aws:iam::111111111111:role/deploy/release-deployer", "/deploy/")).toEqual(["OrdersProd/AgentRole"]);
    expect(agentAssuming("arn:aws:iam::111111111111:role/deploy/*", undefined)).toEqual([]);
    expect(agentAssuming("arn:aws:iam::111111111111:role/deploy/*", "/")).toEqual([]);
    // The path-less ARN names another role: this one is not reached by it.
    expect(agentAssuming("arn:aws:iam::111111111111:role/release-deployer", "/deploy/")).toEqual([]);
    expect(agentAssuming("arn:aws:iam::111111111111:role/release-deployer", undefined)).toEqual(["OrdersProd/AgentRole"]);
    expect(agentAssuming("arn:aws:iam::111111111111:role/release-deployer", "/")).toEqual(["OrdersProd/AgentRole"]);
    // Nested paths.
    expect(agentAssuming("arn:aws:iam::111111111111:role/teams/payments/*", "/teams/payments/")).toEqual(["OrdersProd/AgentRole"]);
  });

  it("a path the template leaves to a parameter, or one IAM would refuse, is not guessed: the assume grant is still an escalation", () => {
    for (const path of [{ Ref: "DeployPath" }, "deploy"]) {
      const all = allFindings("arn:aws:iam::111111111111:role/deploy/*", path);
      expect(all.filter((f) => f.rule === "agent-privilege-escalation").map((f) => f.subject)).toEqual(["OrdersProd/AgentRole"]);
    }
  });

  it("an aws:PrincipalArn exemption by path applies to a role with that path", () => {
    // The agent may delete the orders table, except that a Deny holds for every role outside /breakglass/.
    const agent = (path: unknown) =>
      findingsOf({
        AgentRole: {
          Type: "AWS::IAM::Role",
          Properties: {
            RoleName: "coding-agent",
            Path: path,
            AssumeRolePolicyDocument: bedrockTrust,
            Policies: [
              deleteOrders,
              {
                PolicyName: "guard",
                PolicyDocument: { Statement: [{ Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "*", Condition: { StringNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/breakglass/*" } } }] },
              },
            ],
          },
        },
      }).filter((f) => f.rule === "agent-destructive-prod").map((f) => f.subject);
    expect(agent("/breakglass/")).toEqual(["OrdersProd/AgentRole"]);
    expect(agent("/")).toEqual([]);
    expect(agent("/teams/breakglass/")).toEqual([]);
    // A path left to a parameter may be /breakglass/: the Deny is not shown to hold (fail closed).
    expect(agent({ Ref: "DeployPath" })).toEqual(["OrdersProd/AgentRole"]);
    expect(agent({ "Fn::Sub": "/${DeployPath}/" })).toEqual(["OrdersProd/AgentRole"]);
  });
});
