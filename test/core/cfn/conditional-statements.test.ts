/**
 * Policy statements under Fn::If (src/core/cfn/deployed.ts): a template may deploy either branch,
 * so an Allow in any branch grants, and a Deny that may not be deployed protects nothing. Written
 * the way hand-written templates do it (a statement that exists only in production, an Action
 * list that grows with a condition); the verdicts were decided from the templates before running.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

const HEAD = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Environment:
    Type: String
    AllowedValues: [dev, prod]
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      TableName: orders
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      BillingMode: PAY_PER_REQUEST
  AgentRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: coding-agent
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: bedrock.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: agent-access
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
`;

function scan(statements: string) {
  const text = HEAD + statements;
  const parsed = parseSource(text, "orders-prod.template.yaml");
  const { findings, errors } = evaluateTemplates([{ file: "orders-prod.template.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111", terminationProtection: true }], policy, catalogue);
  const destructive = findings.find((f) => f.rule === "agent-destructive-prod");
  return { text, errors, actions: destructive?.actions ?? [], evidence: destructive?.evidence ?? [] };
}

describe("statements under Fn::If in a role's policy", () => {
  it("a statement only production deploys grants in production: a finding at the branch, no input error", () => {
    const result = scan(`              - Effect: Allow
                Action: dynamodb:GetItem
                Resource: !GetAtt Orders.Arn
              - !If
                - IsProd
                - Effect: Allow
                  Action: dynamodb:DeleteTable
                  Resource: !GetAtt Orders.Arn
                - !Ref AWS::NoValue
`);
    expect(result.errors).toEqual([]);
    expect(result.actions).toEqual(["dynamodb:DeleteTable"]);
    const statement = result.evidence.find((e) => e.pointer?.includes("/Statement/"));
    expect(statement?.pointer).toBe("/Resources/AgentRole/Properties/Policies/0/PolicyDocument/Statement/1/Fn::If/1");
    expect(statement?.statementIndex).toBe(1);
    // The line of the branch's statement (its `- Effect: Allow`, just above its Action), not of the policy.
    const actionLine = result.text.split("\n").findIndex((l) => l.includes("Action: dynamodb:DeleteTable")) + 1;
    expect(statement?.line).toBe(actionLine - 1);
  });

  it("a branch that removes the statement (AWS::NoValue) grants nothing", () => {
    const result = scan(`              - !If
                - IsProd
                - !Ref AWS::NoValue
                - Effect: Allow
                  Action: dynamodb:GetItem
                  Resource: !GetAtt Orders.Arn
`);
    expect(result).toMatchObject({ errors: [], actions: [] });
  });

  it("a Deny that only one branch deploys does not protect", () => {
    const allow = `              - Effect: Allow
                Action: dynamodb:*
                Resource: !GetAtt Orders.Arn
`;
    const always = scan(`${allow}              - Effect: Deny
                Action: dynamodb:DeleteTable
                Resource: "*"
`);
    // Control: written without Fn::If, the Deny protects the table from DeleteTable.
    expect(always.errors).toEqual([]);
    expect(always.actions).not.toContain("dynamodb:DeleteTable");
    const conditional = scan(`${allow}              - !If
                - IsProd
                - Effect: Deny
                  Action: dynamodb:DeleteTable
                  Resource: "*"
                - !Ref AWS::NoValue
`);
    expect(conditional.errors).toEqual([]);
    expect(conditional.actions).toContain("dynamodb:DeleteTable");
  });

  it("a Deny whose Action list depends on a condition does not protect either", () => {
    const result = scan(`              - Effect: Allow
                Action: dynamodb:*
                Resource: !GetAtt Orders.Arn
              - Effect: Deny
                Action:
                  - dynamodb:DeleteTable
                  - !If [IsProd, dynamodb:UpdateTable, !Ref AWS::NoValue]
                Resource: "*"
`);
    expect(result.errors).toEqual([]);
    expect(result.actions).toContain("dynamodb:DeleteTable");
  });

  it("an Action list that grows with a condition: the larger list counts", () => {
    const result = scan(`              - Effect: Allow
                Action:
                  - dynamodb:GetItem
                  - !If [IsProd, dynamodb:DeleteTable, !Ref AWS::NoValue]
                Resource: !GetAtt Orders.Arn
`);
    expect(result).toMatchObject({ errors: [], actions: ["dynamodb:DeleteTable"] });
  });

  it("NotAction under Fn::If: the branch that excludes less counts", () => {
    // Union of the two lists would exclude dynamodb:* in both forms and find nothing.
    const result = scan(`              - Effect: Allow
                NotAction: !If [IsProd, ["iam:*"], ["iam:*", "dynamodb:*"]]
                Resource: !GetAtt Orders.Arn
`);
    expect(result.errors).toEqual([]);
    expect(result.actions).toContain("dynamodb:DeleteTable");
  });

  it("a Resource only one branch lists: that form counts, and the empty form (which IAM rejects) is no input error", () => {
    const result = scan(`              - Effect: Allow
                Action: dynamodb:DeleteTable
                Resource:
                  - !If [IsProd, !GetAtt Orders.Arn, !Ref AWS::NoValue]
`);
    expect(result).toMatchObject({ errors: [], actions: ["dynamodb:DeleteTable"] });
  });

  it("more forms than can be listed: read as written, its widest reading with an input error at its line", () => {
    const branches = Array.from({ length: 7 }, (_, i) => `                  - !If [IsProd, dynamodb:Get${i}, dynamodb:Put${i}]\n`).join("");
    const result = scan(`              - Effect: Allow
                Action:
${branches}                Resource: !GetAtt Orders.Arn
`);
    expect(result.errors.map((e) => e.message)).toContain("agent-access: Action must be a non-empty string or a list of them");
    expect(result.errors.every((e) => e.file === "orders-prod.template.yaml" && typeof e.line === "number")).toBe(true);
    expect(result.actions).toContain("dynamodb:DeleteTable");
  });

  it("a condition that is itself under Fn::If leaves the statement as written", () => {
    const result = scan(`              - Effect: Allow
                Action: dynamodb:DeleteTable
                Resource: !GetAtt Orders.Arn
                Condition:
                  StringEquals:
                    aws:RequestedRegion: !If [IsProd, us-east-1, eu-west-1]
`);
    expect(result).toMatchObject({ errors: [], actions: ["dynamodb:DeleteTable"] });
  });
});
