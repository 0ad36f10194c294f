/**
 * Templates a transform rewrites before deployment (src/core/cfn/transforms.ts): what the transform
 * adds unseen is an input error at the resource or the Transform, never a silent pass; a SAM role
 * that cannot be an agent's needs nothing. Written the way SAM users write templates; verdicts
 * decided before running.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

function scan(text: string, stackName = "OrdersProd") {
  const parsed = parseSource(text);
  const { errors } = evaluateTemplates([{ file: "template.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName }], policy, catalogue);
  return errors.map((e) => ({ line: e.line, message: e.message }));
}

const SAM = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
`;

describe("the SAM transform", () => {
  it("a function named like an agent, whose role SAM makes from its Policies: an input error at the function", () => {
    const errors = scan(`${SAM}Resources:
  CodingAgentFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: src/
      Policies:
        - AdministratorAccess
`);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(4);
    expect(errors[0]?.message).toMatch(/^AWS::Serverless::Function CodingAgentFunction may run as an agent \(its name or tags\), and the SAM transform makes its role \(from Policies\)/);
    expect(errors[0]?.message).toContain("--template-stage Processed");
  });

  it("an agent tag on the function, or in Globals, makes its role an agent's too (SAM tags the role it makes)", () => {
    const fn = (tags: string) => `  ReviewFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
${tags}`;
    expect(scan(`${SAM}Resources:\n${fn("      Tags:\n        ai-agent: claude-code\n")}`)).toHaveLength(1);
    expect(scan(`${SAM}Globals:\n  Function:\n    Tags:\n      ai-agent: claude-code\nResources:\n${fn("")}`)).toHaveLength(1);
    // A tag value the template cannot resolve may be an agent's.
    expect(scan(`${SAM}Resources:\n${fn("      Tags:\n        agent: !Ref AgentName\n")}`)).toHaveLength(1);
    expect(scan(`${SAM}Resources:\n${fn("      Tags:\n        team: payments\n")}`)).toEqual([]);
  });

  it("the stack's name counts: every role SAM makes is named after it", () => {
    const template = `${SAM}Resources:
  ThumbnailFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
`;
    expect(scan(template)).toEqual([]);
    expect(scan(template, "kiro-sandbox")).toHaveLength(1);
  });

  it("a function with its own Role, or a state machine, reports only what SAM makes", () => {
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
    const machine = scan(`${SAM}Resources:
  AgentWorkflow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/flow.asl.json
`);
    expect(machine.map((e) => e.message)).toEqual([expect.stringMatching(/^AWS::Serverless::StateMachine AgentWorkflow may run as an agent \(its name or tags\), and the SAM transform makes its role \(from Policies, none written here\)/)]);
    // State machines take their Globals from Globals.StateMachine, not Globals.Function.
    const workflow = (globals: string) => scan(`${SAM}Globals:\n${globals}Resources:\n  OrdersWorkflow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: flow.asl.json\n`);
    expect(workflow("  StateMachine:\n    Tags:\n      ai-agent: kiro\n")).toHaveLength(1);
    expect(workflow("  Function:\n    Tags:\n      ai-agent: kiro\n")).toEqual([]);
  });

  it("a connector is always reported: it grants one resource's role access to another", () => {
    const errors = scan(`${SAM}Resources:
  OrdersConnector:
    Type: AWS::Serverless::Connector
    Properties:
      Source:
        Id: ReportFunction
      Destination:
        Id: Orders
      Permissions:
        - Write
`);
    expect(errors).toEqual([{ line: 4, message: expect.stringMatching(/^AWS::Serverless::Connector OrdersConnector: the SAM transform turns it into IAM policies/) }]);
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
