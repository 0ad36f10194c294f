/**
 * A Deny's condition values written with intrinsics (`!GetAtt AgentRole.Arn`, `!Sub
 * arn:aws:iam::${AWS::AccountId}:role/break-glass`), as templates write them. Left as objects they
 * were dropped from the list, so a negated test read as "matches nothing" and the Deny was
 * credited even when it exempted the agent itself. Verdicts decided from the templates before
 * running: the value is read as CloudFormation deploys it where the template fixes it, and a value
 * it leaves open (a parameter) proves nothing.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

function destructiveWith(condition: unknown, account: string | undefined = "111111111111") {
  const template = {
    Parameters: { ExemptRole: { Type: "String", Default: "break-glass" } },
    Resources: {
      Orders: { Type: "AWS::DynamoDB::Table", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", Properties: { TableName: "orders" } },
      AgentRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: "coding-agent",
          AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] },
          Policies: [
            {
              PolicyName: "agent",
              PolicyDocument: {
                Statement: [
                  { Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: { "Fn::GetAtt": ["Orders", "Arn"] } },
                  { Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "*", Condition: condition },
                ],
              },
            },
          ],
        },
      },
    },
  };
  const parsed = parseSource(JSON.stringify(template, null, 2));
  const result = evaluateTemplates([{ file: "prod.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", ...(account ? { account } : {}) }], policy, catalogue);
  expect(result.errors).toEqual([]);
  return result.findings.filter((f) => f.rule === "agent-destructive-prod");
}

describe("Deny condition values written with intrinsics", () => {
  it("ArnNotEquals aws:PrincipalArn: !GetAtt AgentRole.Arn exempts the agent itself: finding", () => {
    expect(destructiveWith({ ArnNotEquals: { "aws:PrincipalArn": { "Fn::GetAtt": ["AgentRole", "Arn"] } } })).toHaveLength(1);
  });

  it("ArnNotLike aws:PrincipalArn: !Sub ...:role/break-glass exempts another role: the Deny applies, no finding", () => {
    expect(destructiveWith({ ArnNotLike: { "aws:PrincipalArn": { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/break-glass" } } })).toEqual([]);
  });

  it("an exemption named by a parameter may be the agent's role: finding", () => {
    expect(destructiveWith({ ArnNotLike: { "aws:PrincipalArn": { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/${ExemptRole}" } } })).toHaveLength(1);
  });

  it("a Deny only for the agent's role by !GetAtt: no finding; by a parameter (any role): finding", () => {
    expect(destructiveWith({ ArnEquals: { "aws:PrincipalArn": [{ "Fn::GetAtt": ["AgentRole", "Arn"] }] } })).toEqual([]);
    expect(destructiveWith({ ArnLike: { "aws:PrincipalArn": { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/${ExemptRole}" } } })).toHaveLength(1);
  });

  it("a principal tag compared with a parameter: finding", () => {
    expect(destructiveWith({ StringNotEquals: { "aws:PrincipalTag/team": { Ref: "ExemptRole" } } })).toHaveLength(1);
  });
});
