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

/** The production orders table every template here starts with. */
const ORDERS_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
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
`;

const HEAD = `${ORDERS_TEMPLATE}  AgentRole:
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
  const parsed = parseSource(text);
  const { findings, errors } = evaluateTemplates([{ file: "orders-prod.template.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111", terminationProtection: true }], policy, catalogue);
  const destructive = findings.find((f) => f.rule === "agent-destructive-prod");
  return { text, errors, actions: destructive?.actions ?? [], evidence: destructive?.evidence ?? [] };
}

/** The agent role may do anything to the orders table: what a Deny then takes away is what it protects. */
const ALLOW_ALL_ON_ORDERS = `              - Effect: Allow
                Action: dynamodb:*
                Resource: !GetAtt Orders.Arn
`;

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
    const always = scan(`${ALLOW_ALL_ON_ORDERS}              - Effect: Deny
                Action: dynamodb:DeleteTable
                Resource: "*"
`);
    // Control: written without Fn::If, the Deny protects the table from DeleteTable.
    expect(always.errors).toEqual([]);
    expect(always.actions).not.toContain("dynamodb:DeleteTable");
    const conditional = scan(`${ALLOW_ALL_ON_ORDERS}              - !If
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
    const result = scan(`${ALLOW_ALL_ON_ORDERS}              - Effect: Deny
                Action:
                  - dynamodb:DeleteTable
                  - !If [IsProd, dynamodb:UpdateTable, !Ref AWS::NoValue]
                Resource: "*"
`);
    expect(result.errors).toEqual([]);
    expect(result.actions).toContain("dynamodb:DeleteTable");
  });

  it("a Deny whose only deployable form is certain still protects (an empty Action list is rejected by IAM)", () => {
    const result = scan(`${ALLOW_ALL_ON_ORDERS}              - Effect: Deny
                Action:
                  - !If [IsProd, dynamodb:DeleteTable, !Ref AWS::NoValue]
                Resource: "*"
`);
    expect(result.errors).toEqual([]);
    expect(result.actions).not.toContain("dynamodb:DeleteTable");
    expect(result.actions.length).toBeGreaterThan(0);
  });

  it("an unconditional Deny beside a statement under Fn::If still protects", () => {
    const result = scan(`              - !If
                - IsProd
                - Effect: Allow
                  Action: dynamodb:*
                  Resource: !GetAtt Orders.Arn
                - !Ref AWS::NoValue
              - Effect: Deny
                Action: dynamodb:DeleteTable
                Resource: "*"
`);
    expect(result.errors).toEqual([]);
    expect(result.actions).not.toContain("dynamodb:DeleteTable");
    expect(result.actions.length).toBeGreaterThan(0);
  });

  it("an Action list that grows with a condition: the larger list counts", () => {
    const result = scan(`              - Effect: Allow
                Action:
                  - dynamodb:GetItem
                  - !If [IsProd, dynamodb:DeleteTable, !Ref AWS::NoValue]
                Resource: !GetAtt Orders.Arn
`);
    expect(result).toMatchObject({ errors: [], actions: ["dynamodb:DeleteTable"] });
    // The elements outside the Fn::If are in every form.
    const first = scan(`              - Effect: Allow
                Action:
                  - dynamodb:DeleteTable
                  - !If [IsProd, dynamodb:DescribeTable, !Ref AWS::NoValue]
                Resource: !GetAtt Orders.Arn
`);
    expect(first).toMatchObject({ errors: [], actions: ["dynamodb:DeleteTable"] });
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

  it("up to 64 forms are read one by one", () => {
    const branches = Array.from({ length: 6 }, (_, i) => `                  - !If [IsProd, dynamodb:Get${i}, dynamodb:Put${i}]\n`).join("");
    const result = scan(`              - Effect: Allow
                Action:
${branches}                  - dynamodb:DeleteTable
                Resource: !GetAtt Orders.Arn
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

  it("forms of two elements multiply: past 64 the statement is read as written, with an input error", () => {
    const actions = Array.from({ length: 4 }, (_, i) => `                  - !If [IsProd, dynamodb:DeleteTable, dynamodb:Get${i}]\n`).join("");
    const resources = Array.from({ length: 3 }, (_, i) => `                  - !If [IsProd, !GetAtt Orders.Arn, arn:aws:dynamodb:us-east-1:111111111111:table/t${i}]\n`).join("");
    const result = scan(`              - Effect: Allow
                Action:
${actions}                Resource:
${resources}`);
    expect(result.errors.map((e) => e.message)).toContain("agent-access: Action must be a non-empty string or a list of them");
  });

  it("a list of many conditional elements is read at once, not form by form (2^30 forms)", () => {
    const branches = Array.from({ length: 30 }, (_, i) => `                  - !If [IsProd, dynamodb:Get${i}, !Ref AWS::NoValue]\n`).join("");
    const result = scan(`              - Effect: Allow
                Action:
${branches}                Resource: !GetAtt Orders.Arn
`);
    expect(result.errors.map((e) => e.message)).toContain("agent-access: Action must be a non-empty string or a list of them");
  });

  it("an element no branch deploys is an empty list: an input error, read as its widest reading", () => {
    const result = scan(`              - Effect: Allow
                Action: !If [IsProd, !Ref AWS::NoValue, !Ref AWS::NoValue]
                Resource: !GetAtt Orders.Arn
`);
    expect(result.errors.map((e) => e.message)).toContain("agent-access: Action is empty");
    expect(result.actions).toContain("dynamodb:DeleteTable");
  });

  it("Fn::If nested more than 30 deep is read as written (an input error), not followed without end", () => {
    const nest = (leaf: unknown, depth: number): unknown => (depth === 0 ? leaf : { "Fn::If": ["IsProd", nest(leaf, depth - 1), { Ref: "AWS::NoValue" }] });
    const describe = { Effect: "Allow", Action: "dynamodb:DescribeTable", Resource: "*" };
    const template = (statement: unknown) => ({
      AWSTemplateFormatVersion: "2010-09-09",
      Resources: { AgentRole: { Type: "AWS::IAM::Role", Properties: { RoleName: "coding-agent", AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] }, Policies: [{ PolicyName: "agent-access", PolicyDocument: { Statement: [statement] } }] } } },
    });
    const read = (value: unknown) => {
      const parsed = parseSource(JSON.stringify(value, null, 1));
      return evaluateTemplates([{ file: "deep.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111" }], policy, catalogue).errors.map((e) => e.message);
    };
    expect(read(template(nest(describe, 30)))).toEqual([]);
    expect(read(template(nest(describe, 31)))).toContain("agent-access: Statement 0 has no Effect; treated as Allow (fail closed)");
    const action = (depth: number) => ({ ...describe, Action: [nest("dynamodb:DescribeTable", depth)] });
    expect(read(template(action(29)))).toEqual([]);
    expect(read(template(action(31)))).toContain("agent-access: Action must be a non-empty string or a list of them");
  });

  it("a malformed Fn::If (not [condition, then, else]) is read as written: an input error", () => {
    const result = scan(`              - Effect: Allow
                Action: { "Fn::If": "IsProd" }
                Resource: !GetAtt Orders.Arn
`);
    expect(result.errors.map((e) => e.message)).toContain("agent-access: Action must be a non-empty string or a list of them");
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

describe("a role's inline policies and tags under Fn::If", () => {
  function read(role: string) {
    const text = `${ORDERS_TEMPLATE}  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: release-deployer
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: codebuild.amazonaws.com }
            Action: sts:AssumeRole
${role}`;
    const parsed = parseSource(text);
    return evaluateTemplates([{ file: "orders-prod.template.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111" }], policy, catalogue);
  }

  // Expected before running: the policy in either branch may be deployed; before, the Fn::If was
  // read as a policy with no document (an input error and an Allow of everything).
  it("an inline policy under Fn::If is read at its branch", () => {
    const { findings, errors } = read(`      Tags:
        - { Key: ai-agent, Value: claude-code }
      Policies:
        - !If
          - IsProd
          - PolicyName: table-admin
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: dynamodb:DeleteTable
                  Resource: !GetAtt Orders.Arn
          - !Ref AWS::NoValue
`);
    expect(errors).toEqual([]);
    const finding = findings.find((f) => f.rule === "agent-destructive-prod");
    expect(finding?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(finding?.evidence.map((e) => e.pointer)).toContain("/Resources/DeployRole/Properties/Policies/0/Fn::If/1/PolicyDocument/Statement/0");
  });

  // A PolicyDocument is a Json property: Fn::If may choose the whole document. Read as a document
  // with no Statement, neither branch counted (an input error and no finding).
  it("a whole PolicyDocument under Fn::If: each branch's Allows count, at their branch; a Deny in one branch protects nothing", () => {
    const { findings, errors } = read(`      Tags:
        - { Key: ai-agent, Value: claude-code }
      Policies:
        - PolicyName: table-access
          PolicyDocument: !If
            - IsProd
            - Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: dynamodb:GetItem
                  Resource: !GetAtt Orders.Arn
            - Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: dynamodb:*
                  Resource: !GetAtt Orders.Arn
                - Effect: Deny
                  Action: dynamodb:DeleteTable
                  Resource: "*"
`);
    expect(errors).toEqual([]);
    const finding = findings.find((f) => f.rule === "agent-destructive-prod");
    expect(finding?.actions).toContain("dynamodb:DeleteTable");
    expect(finding?.evidence.map((e) => e.pointer)).toContain("/Resources/DeployRole/Properties/Policies/0/PolicyDocument/Fn::If/2/Statement/0");
  });

  it("a PolicyDocument under Fn::If whose branches only read: no finding, no input error", () => {
    const { findings, errors } = read(`      Tags:
        - { Key: ai-agent, Value: claude-code }
      Policies:
        - PolicyName: table-access
          PolicyDocument: !If
            - IsProd
            - Statement: { Effect: Allow, Action: dynamodb:GetItem, Resource: !GetAtt Orders.Arn }
            - Statement: [{ Effect: Allow, Action: dynamodb:Query, Resource: !GetAtt Orders.Arn }]
`);
    expect(errors).toEqual([]);
    expect(findings.filter((f) => f.rule.startsWith("agent-"))).toEqual([]);
  });

  it("a PolicyDocument built by Fn::ToJsonString (AWS::LanguageExtensions) is the document it writes", () => {
    const { findings, errors } = read(`      Tags:
        - { Key: ai-agent, Value: claude-code }
      Policies:
        - PolicyName: table-access
          PolicyDocument:
            Fn::ToJsonString:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: dynamodb:DeleteTable
                  Resource: !GetAtt Orders.Arn
`);
    expect(errors).toEqual([]);
    expect(findings.find((f) => f.rule === "agent-destructive-prod")?.actions).toEqual(["dynamodb:DeleteTable"]);
  });

  it("an agent tag under Fn::If makes the role an agent's (either branch may be deployed)", () => {
    const { findings, errors } = read(`      Tags:
        - !If [IsProd, { Key: ai-agent, Value: claude-code }, !Ref AWS::NoValue]
      Policies:
        - PolicyName: table-admin
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: dynamodb:DeleteTable
                Resource: !GetAtt Orders.Arn
`);
    expect(errors).toEqual([]);
    expect(findings.find((f) => f.rule === "agent-destructive-prod")?.subject).toBe("OrdersProd/DeployRole");
  });
});


describe("Action and NotAction written with intrinsics, and AWS::NoValue without Fn::If", () => {
  // CloudFormation resolves every intrinsic of a Json property before IAM reads the policy:
  // `!Sub`, `!Join`, `!Select`, `!Split`, `!FindInMap` in Action are the actions they resolve to.
  // Read as unreadable, the statement was widened to `*` (escalation too) with an input error.
  const allowDelete = (action: string) => `              - Effect: Allow
                Action: ${action}
                Resource: !GetAtt Orders.Arn
`;
  it.each([
    ["Fn::Sub with a variable map", `!Sub ["\${S}:DeleteTable", { S: dynamodb }]`],
    ["Fn::Join", `!Join [":", [dynamodb, DeleteTable]]`],
    ["Fn::Select", `!Select [1, [dynamodb:GetItem, dynamodb:DeleteTable]]`],
    ["Fn::Split", `!Split [",", "dynamodb:GetItem,dynamodb:DeleteTable"]`],
    ["Fn::Select of Fn::Split", `!Select [1, !Split [",", "dynamodb:GetItem,dynamodb:DeleteTable"]]`],
    ["an item written with Fn::Sub", `[dynamodb:GetItem, !Sub ["dynamodb:\${Verb}Table", { Verb: Delete }]]`],
    ["a list holding AWS::NoValue", `[dynamodb:DeleteTable, !Ref AWS::NoValue]`],
  ])("%s: the action it resolves to, no input error", (_label, action) => {
    const result = scan(allowDelete(action));
    expect(result.errors).toEqual([]);
    expect(result.actions).toEqual(["dynamodb:DeleteTable"]);
  });

  it("a statement written as AWS::NoValue is no statement", () => {
    const result = scan(`${allowDelete("dynamodb:DeleteTable")}              - !Ref AWS::NoValue
`);
    expect(result).toMatchObject({ errors: [], actions: ["dynamodb:DeleteTable"] });
  });

  it("a Deny whose Action resolves to known text protects; one that may be any action (a parameter) does not", () => {
    const known = scan(`${ALLOW_ALL_ON_ORDERS}              - Effect: Deny
                Action: !Join ["", [dynamodb, ":", DeleteTable]]
                Resource: "*"
`);
    expect(known.errors).toEqual([]);
    expect(known.actions).not.toContain("dynamodb:DeleteTable");
    const unknown = scan(`${ALLOW_ALL_ON_ORDERS}              - Effect: Deny
                Action: !Sub "dynamodb:\${Environment}"
                Resource: "*"
`);
    expect(unknown.actions).toContain("dynamodb:DeleteTable");
  });

  it("an Allow of an action a parameter names may be any action (fail closed)", () => {
    const result = scan(allowDelete(`!Sub "dynamodb:\${Environment}"`));
    expect(result.actions).toContain("dynamodb:DeleteTable");
  });
});
