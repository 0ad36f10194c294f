/**
 * Fn::ForEach (src/core/cfn/foreach.ts): loops expanded as CloudFormation's AWS::LanguageExtensions
 * transform expands them, so the rules judge the resources the stack will have. Verdicts decided
 * from the templates before running; the templates follow the shapes of the Fn::ForEach examples
 * of the AWS CloudFormation Template Reference (written here).
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { expandForEach } from "../../../src/core/cfn/foreach.js";
import { isCloudFormationTemplate, type TemplateInput } from "../../../src/core/cfn/template.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

function template(yaml: string): TemplateInput {
  const parsed = parseSource(yaml);
  return { file: "loops.template.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111", terminationProtection: true };
}

function evaluate(yaml: string) {
  const { findings, errors } = evaluateTemplates([template(yaml)], policy, catalogue);
  return { findings: findings.map((f) => ({ rule: f.rule, subject: f.subject, lines: f.evidence.map((e) => e.line) })), errors };
}

const HEAD = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::LanguageExtensions\n";

describe("Fn::ForEach in Resources", () => {
  it("each table a loop makes is judged, at the line of the fragment that made it", () => {
    const { findings, errors } = evaluate(
      `${HEAD}Resources:
  Fn::ForEach::Tables:
    - TableName
    - [orders, payments]
    - \${TableName}Table:
        Type: AWS::DynamoDB::Table
        Properties:
          TableName: !Ref TableName
`,
    );
    expect(errors).toEqual([]);
    expect(findings).toEqual([
      { rule: "prod-resource-unprotected", subject: "OrdersProd/ordersTable", lines: [7] },
      { rule: "prod-resource-unprotected", subject: "OrdersProd/paymentsTable", lines: [7] },
    ]);
  });

  it("agent roles made by a loop: &{} in logical ids, ${} and Ref in their properties", () => {
    const { findings, errors } = evaluate(
      `${HEAD}Resources:
  Fn::ForEach::AgentRoles:
    - Team
    - [team-a, team-b]
    - '&{Team}AgentRole':
        Type: AWS::IAM::Role
        Properties:
          RoleName: coding-agent-\${Team}
          AssumeRolePolicyDocument:
            Statement: [{Effect: Allow, Principal: {Service: bedrock.amazonaws.com}, Action: sts:AssumeRole}]
          Policies:
            - PolicyName: !Ref Team
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: dynamodb:DeleteTable
                    Resource: !Sub arn:aws:dynamodb:eu-west-1:111111111111:table/\${Team}-orders
`,
    );
    expect(errors).toEqual([]);
    // Evidence: the statement (line 17) and the role (line 7), both in the fragment.
    expect(findings).toEqual([
      { rule: "agent-destructive-prod", subject: "OrdersProd/teamaAgentRole", lines: [17, 7] },
      { rule: "agent-destructive-prod", subject: "OrdersProd/teambAgentRole", lines: [17, 7] },
    ]);
    const read = expandForEach(template(`${HEAD}Resources:\n  Fn::ForEach::R:\n    - Team\n    - [team-a]\n    - '&{Team}Role':\n        Type: AWS::IAM::Role\n        Properties: {RoleName: 'agent-\${Team}', Description: {Ref: Team}}\n`));
    expect((read.input.value as { Resources: unknown }).Resources).toEqual({ teamaRole: { Type: "AWS::IAM::Role", Properties: { RoleName: "agent-team-a", Description: "team-a" } } });
  });

  it("a Ref or GetAtt whose logical id is an Fn::Sub names the copy it spells (the tables of the agent roles made beside them)", () => {
    const yaml = `${HEAD}Resources:
  Fn::ForEach::Tables:
    - Name
    - [orders, payments]
    - \${Name}Table:
        Type: AWS::DynamoDB::Table
        DeletionPolicy: Retain
        UpdateReplacePolicy: Retain
        Properties: {TableName: !Ref Name}
      \${Name}AgentRole:
        Type: AWS::IAM::Role
        Properties:
          RoleName: coding-agent-\${Name}
          Policies:
            - PolicyName: data
              PolicyDocument:
                Statement:
                  - {Effect: Allow, Action: dynamodb:DeleteTable, Resource: !GetAtt [!Sub '\${Name}Table', Arn]}
                  - {Effect: Allow, Action: dynamodb:DescribeTable, Resource: {Ref: {Fn::Sub: '\${Name}Table'}}}
                  - {Effect: Allow, Action: dynamodb:DescribeTable, Resource: {Ref: {Fn::Sub: '\${Name}\${AWS::Region}'}}}
`;
    const resources = (expandForEach(template(yaml)).input.value as { Resources: Record<string, { Properties: { Policies?: { PolicyDocument: { Statement: { Resource: unknown }[] } }[] } }> }).Resources;
    expect(resources["paymentsAgentRole"]?.Properties.Policies?.[0]?.PolicyDocument.Statement.map((st) => st.Resource)).toEqual([
      { "Fn::GetAtt": ["paymentsTable", "Arn"] },
      { Ref: "paymentsTable" },
      // Something left to substitute at deployment: left to the template reader as written.
      { Ref: { "Fn::Sub": "payments${AWS::Region}" } },
    ]);
    const { findings } = evaluateTemplates([template(yaml)], policy, catalogue);
    // Each role's delete is on its own table, not on any resource.
    expect(findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => [f.subject, /DeleteTable on AWS::DynamoDB::Table (\w+) of stack/.exec(f.message)?.[1]])).toEqual([
      ["OrdersProd/ordersAgentRole", "ordersTable"],
      ["OrdersProd/paymentsAgentRole", "paymentsTable"],
    ]);
  });

  it("loops nest: the inner collection and keys may use the outer identifier", () => {
    const { input, errors } = expandForEach(
      template(`${HEAD}Resources:
  Fn::ForEach::Envs:
    - Env
    - [prod, stage]
    - Fn::ForEach::Queues:
        - Name
        - [orders, '\${Env}-audit']
        - '\${Env}&{Name}Queue':
            Type: AWS::SQS::Queue
            Properties: {QueueName: '\${Env}-\${Name}'}
`),
    );
    expect(errors).toEqual([]);
    const resources = (input.value as { Resources: Record<string, { Properties: { QueueName: string } }> }).Resources;
    expect(Object.entries(resources).map(([id, r]) => [id, r.Properties.QueueName])).toEqual([
      ["prodordersQueue", "prod-orders"],
      ["prodprodauditQueue", "prod-prod-audit"],
      ["stageordersQueue", "stage-orders"],
      ["stagestageauditQueue", "stage-stage-audit"],
    ]);
    // Lines: a pointer into a copy is read at the inner fragment's line.
    expect(input.lineOf?.("/Resources/stageordersQueue/Properties/QueueName")).toBe(12);
    expect(input.lineOf?.("/Resources/stageordersQueue")).toBe(10);
  });

  it("a loop in resource properties, in Conditions and in Outputs", () => {
    const { input, errors } = expandForEach(
      template(`${HEAD}Conditions:
  Fn::ForEach::Envs:
    - Env
    - [prod, stage]
    - Is\${Env}: !Equals [!Ref AWS::StackName, '\${Env}']
Resources:
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Fn::ForEach::Props:
        - P
        - [Namespace, MetricName]
        - \${P}: value-of-\${P}
Outputs:
  Fn::ForEach::Out:
    - Env
    - [prod]
    - \${Env}Name: {Value: '\${Env}'}
`),
    );
    expect(errors).toEqual([]);
    const value = input.value as Record<string, unknown>;
    expect(value["Conditions"]).toEqual({ Isprod: { "Fn::Equals": [{ Ref: "AWS::StackName" }, "prod"] }, Isstage: { "Fn::Equals": [{ Ref: "AWS::StackName" }, "stage"] } });
    expect(value["Resources"]).toEqual({ Alarm: { Type: "AWS::CloudWatch::Alarm", Properties: { Namespace: "value-of-Namespace", MetricName: "value-of-MetricName" } } });
    expect(value["Outputs"]).toEqual({ prodName: { Value: "prod" } });
  });

  it("numbers and booleans in a collection are their text; a key substituted inside a copy keeps its line; loops in lists of mappings", () => {
    const { input, errors } = expandForEach(
      template(`${HEAD}Resources:
  Fn::ForEach::Shards:
    - N
    - [1, true]
    - Shard\${N}:
        Type: AWS::SQS::Queue
        Properties:
          \${N}Label: shard-\${N}
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Subscription:
        - Fn::ForEach::Subs:
            - E
            - [a, b]
            - \${E}: mail-\${E}
`),
    );
    expect(errors).toEqual([]);
    expect((input.value as { Resources: unknown }).Resources).toEqual({
      Shard1: { Type: "AWS::SQS::Queue", Properties: { "1Label": "shard-1" } },
      Shardtrue: { Type: "AWS::SQS::Queue", Properties: { trueLabel: "shard-true" } },
      Topic: { Type: "AWS::SNS::Topic", Properties: { Subscription: [{ a: "mail-a", b: "mail-b" }] } },
    });
    expect(input.lineOf?.("/Resources/Shardtrue/Properties/trueLabel")).toBe(10);
    expect(input.lineOf?.("/Resources/Topic/Properties/Subscription/0/b")).toBe(18);
  });

  it("a loop found only inside a list is expanded; a mapping that is not exactly {Ref: identifier} is not a Ref", () => {
    const { input } = expandForEach(template(`${HEAD}Outputs:\n  Names:\n    Value:\n      - Fn::ForEach::N:\n          - X\n          - [a]\n          - \${X}: {Ref: X, Note: kept}\n`));
    expect((input.value as { Outputs: unknown }).Outputs).toEqual({ Names: { Value: [{ a: { Ref: "X", Note: "kept" } }] } });
  });

  it("without the AWS::LanguageExtensions transform, loops are not expanded: CloudFormation rejects them, and so does the reader", () => {
    for (const transform of ["", "Transform: AWS::Serverless-2016-10-31\n"]) {
      const yaml = `AWSTemplateFormatVersion: '2010-09-09'\n${transform}Resources:\n  Fn::ForEach::Q:\n    - N\n    - [a]\n    - Q\${N}: {Type: AWS::SQS::Queue}\n`;
      expect(expandForEach(template(yaml)).input.value).toEqual(parseSource(yaml).value);
      expect(evaluate(yaml).errors.map((e) => e.message)).toContainEqual(expect.stringContaining("resource Fn::ForEach::Q has no Type"));
    }
    // Declared in a list, or as {Name}: read.
    for (const transform of ["Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions]\n", "Transform: {Name: AWS::LanguageExtensions}\n"]) {
      const yaml = `AWSTemplateFormatVersion: '2010-09-09'\n${transform}Resources:\n  Fn::ForEach::Q:\n    - N\n    - [a]\n    - Q\${N}: {Type: AWS::SQS::Queue}\n`;
      expect((expandForEach(template(yaml)).input.value as { Resources: unknown }).Resources).toEqual({ Qa: { Type: "AWS::SQS::Queue" } });
    }
  });

  it("a template without loops is passed on as it is", () => {
    const plain = template(`${HEAD}Resources:\n  Queue: {Type: AWS::SQS::Queue}\nMetadata: {Note: '\${NotALoop}'}\n`);
    expect(expandForEach(plain)).toEqual({ input: plain, errors: [], openLoops: [] });
    expect(expandForEach(plain).input).toBe(plain);
  });

  it("a template whose only resources are loops is a template", () => {
    expect(isCloudFormationTemplate(parseSource("Resources:\n  Fn::ForEach::Q:\n    - N\n    - [a]\n    - Q${N}: {Type: AWS::SQS::Queue}\n").value)).toBe(true);
  });
});

describe("a collection known only at deployment: one copy that stands for any value (fail closed)", () => {
  it.each([
    ["a CommaDelimitedList parameter", "!Ref ServiceNames"],
    ["a mapping lookup", "!FindInMap [Teams, !Ref AWS::AccountId, Names]"],
  ])("%s: the copy is judged with the identifier as *", (_name, collection) => {
    const yaml = `${HEAD}Parameters:
  ServiceNames: {Type: CommaDelimitedList, Default: 'users,orders'}
Resources:
  Fn::ForEach::Services:
    - Name
    - ${collection}
    - '&{Name}AgentRole':
        Type: AWS::IAM::Role
        Properties:
          RoleName: coding-agent-\${Name}
          Policies:
            - PolicyName: data
              PolicyDocument:
                Statement: [{Effect: Allow, Action: dynamodb:DeleteTable, Resource: !Sub 'arn:aws:dynamodb:eu-west-1:111111111111:table/\${Name}'}]
      \${Name}Table:
        Type: AWS::DynamoDB::Table
        Properties: {TableName: !Ref Name}
`;
    const { findings, errors } = evaluate(yaml);
    expect(errors).toEqual([]);
    expect(findings).toEqual([
      { rule: "agent-destructive-prod", subject: "OrdersProd/*AgentRole", lines: [16, 9] },
      { rule: "prod-resource-unprotected", subject: "OrdersProd/*Table", lines: [17] },
    ]);
    const resources = (expandForEach(template(yaml)).input.value as { Resources: Record<string, { Properties: Record<string, unknown> }> }).Resources;
    expect(resources["*AgentRole"]?.Properties["RoleName"]).toBe("coding-agent-*");
    expect(resources["*Table"]?.Properties["TableName"]).toBe("*");
  });

  it("a lookup in the template's own Mappings with its keys written out is that list; the others stay open loops", () => {
    const yaml = `${HEAD}Mappings:\n  Cfg: {tables: {names: [Orders, Invoices]}}\nResources:\n  Fn::ForEach::Tables:\n    - Name\n    - !FindInMap [Cfg, tables, names]\n    - \${Name}Table: {Type: AWS::SQS::Queue}\n  Fn::ForEach::Queues:\n    - Name\n    - !FindInMap [Cfg, !Ref AWS::Region, names]\n    - \${Name}Queue: {Type: AWS::SQS::Queue}\n`;
    const { input, errors, openLoops } = expandForEach(template(yaml));
    expect(errors).toEqual([]);
    expect(Object.keys((input.value as { Resources: object }).Resources)).toEqual(["OrdersTable", "InvoicesTable", "*Queue"]);
    expect(openLoops).toEqual([{ pointer: "/Resources/Fn::ForEach::Queues", collection: { "Fn::FindInMap": ["Cfg", { Ref: "AWS::Region" }, "names"] } }]);
  });

  it("an empty list makes nothing", () => {
    const { input, errors } = expandForEach(template(`${HEAD}Resources:\n  Fn::ForEach::None:\n    - N\n    - []\n    - Q\${N}: {Type: AWS::SQS::Queue}\n  Keep: {Type: AWS::SQS::Queue}\n`));
    expect(errors).toEqual([]);
    expect((input.value as { Resources: unknown }).Resources).toEqual({ Keep: { Type: "AWS::SQS::Queue" } });
  });
});

describe("loops that cannot be expanded are input errors with their line (fail closed); the rest is judged", () => {
  const agent = `  AgentRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: coding-agent
      Policies:
        - PolicyName: p
          PolicyDocument: {Statement: [{Effect: Allow, Action: dynamodb:DeleteTable, Resource: '*'}]}
`;

  it.each([
    ["a collection that is a mapping, not a list", "    - TableName\n    - {orders: payments}\n    - ${TableName}Table: {Type: AWS::DynamoDB::Table}\n", "Fn::ForEach::Tables: its collection must be a list: what it makes is not evaluated (fail closed)"],
    ["a collection that is a mapping with a Ref and more", "    - TableName\n    - {Ref: TableNames, Extra: 1}\n    - ${TableName}Table: {Type: AWS::DynamoDB::Table}\n", "Fn::ForEach::Tables: its collection must be a list: what it makes is not evaluated (fail closed)"],
    ["two parts instead of three", "    - TableName\n    - [orders]\n", "Fn::ForEach::Tables: a loop is [identifier, collection, fragment]: what it makes is not evaluated (fail closed)"],
    ["an identifier that is not alphanumeric", "    - Table-Name\n    - [orders]\n    - ${Table-Name}Table: {Type: AWS::DynamoDB::Table}\n", "Fn::ForEach::Tables: its identifier must be alphanumeric: what it makes is not evaluated (fail closed)"],
    ["a fragment that is not a mapping", "    - TableName\n    - [orders]\n    - [oops]\n", "Fn::ForEach::Tables: its fragment must be a mapping of keys to values: what it makes is not evaluated (fail closed)"],
    ["a collection of mappings", "    - TableName\n    - [{a: b}]\n    - ${TableName}Table: {Type: AWS::DynamoDB::Table}\n", "Fn::ForEach::Tables: its collection must be a list of strings: what it makes is not evaluated (fail closed)"],
    ["a key without the identifier", "    - TableName\n    - [orders, payments]\n    - OrdersTable: {Type: AWS::DynamoDB::Table}\n", 'Fn::ForEach::Tables: the key "OrdersTable" must hold ${TableName} or &{TableName}: what it makes is not evaluated (fail closed)'],
  ])("%s", (_name, loop, message) => {
    const { findings, errors } = evaluate(`${HEAD}Parameters:\n  TableNames: {Type: CommaDelimitedList}\nResources:\n  Fn::ForEach::Tables:\n${loop}${agent}`);
    expect(errors).toEqual([{ file: "loops.template.yaml", line: 6, message }]);
    expect(findings.map((f) => f.subject)).toEqual(["OrdersProd/AgentRole"]);
  });

  it("loops that would make more than 10,000 copies stop there: an error, and the copies made before are judged", () => {
    // 200 x 200 queues: 40,000 copies, far past what CloudFormation deploys (500 resources).
    const names = JSON.stringify(Array.from({ length: 200 }, (_, i) => `n${i}`));
    const yaml = `${HEAD}Resources:\n  Fn::ForEach::Outer:\n    - A\n    - ${names}\n    - Fn::ForEach::Inner:\n        - B\n        - ${names}\n        - Q\${A}x\${B}: {Type: AWS::SQS::Queue}\n${agent}`;
    const { input, errors } = expandForEach(template(yaml));
    expect(errors).toEqual([{ file: "loops.template.yaml", line: 7, message: "Fn::ForEach::Inner: the template's loops make more than 10000 copies (CloudFormation allows 500 resources in a template): what it makes is not evaluated (fail closed)" }]);
    const resources = Object.keys((input.value as { Resources: Record<string, unknown> }).Resources);
    expect(resources).toHaveLength(10_001);
    expect(resources.at(-1)).toBe("AgentRole");
    expect(evaluate(yaml).findings.map((f) => f.subject)).toContain("OrdersProd/AgentRole");
  });

  it("a copy whose logical id another resource has: an error, judged once", () => {
    const { findings, errors } = evaluate(`${HEAD}Resources:\n  ordersTable: {Type: AWS::SQS::Queue}\n  Fn::ForEach::Tables:\n    - TableName\n    - [orders]\n    - \${TableName}Table: {Type: AWS::DynamoDB::Table}\n${agent}`);
    expect(errors).toEqual([{ file: "loops.template.yaml", line: 5, message: 'Fn::ForEach::Tables makes the key "ordersTable" twice (CloudFormation rejects it): it is evaluated once (fail closed)' }]);
    // The resource written first (a queue, unprotected) is the one judged.
    expect(findings.map((f) => f.subject)).toEqual(["OrdersProd/AgentRole", "OrdersProd/ordersTable"]);
    expect(expandForEach(template(`${HEAD}Resources:\n  ordersTable: {Type: AWS::SQS::Queue}\n  Fn::ForEach::Tables:\n    - TableName\n    - [orders]\n    - \${TableName}Table: {Type: AWS::DynamoDB::Table}\n`)).input.value).toMatchObject({ Resources: { ordersTable: { Type: "AWS::SQS::Queue" } } });
  });
});
