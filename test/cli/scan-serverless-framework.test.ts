/**
 * Serverless Framework configurations (serverless.yml) met by `scan`: the framework compiles them
 * into a CloudFormation template (variables resolved, plugins run) that the file does not show.
 * Verdicts decided from the files before running:
 * - serverless/examples @ 2286519 (MIT) aws-node-rest-api-with-dynamodb/serverless.yml: v3
 *   `provider.iam.role.statements` (the functions' role gets dynamodb:DeleteItem on the table) and a
 *   DynamoDB table under `resources.Resources`: an input error at the statements, walked or named,
 *   the template beside it still judged (exit 2). Before: walked, skipped as no input (exit 0 with a
 *   clean template beside it); named, "not a recognized input".
 * - the same shape with an `AWS::IAM::Role` named like an agent with AdministratorAccess under
 *   `resources.Resources` (written here): the same error, naming the resource; before, it passed.
 * - a service whose functions keep the framework's default role (logs only) and declare no
 *   resources (serverless/examples legacy/aws-nodejs): nothing to judge, skipped as before.
 * The template `serverless package` writes (.serverless/cloudformation-template-update-stack.json,
 * as public repositories commit it: `IamRoleLambdaExecution` trusting Lambda) is a template, read.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";

interface JsonReport {
  findings: { rule: string; subject: string }[];
  errors: { file: string; line?: number; message: string }[];
  notes?: string[];
  summary: { inputs: number };
}

async function scan(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-sls-out-")), "report.json");
  const code = await main(["scan", ...args, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

/** The shape of serverless/examples' aws-node-rest-api-with-dynamodb/serverless.yml (v3). */
const restApi = `service: serverless-rest-api-with-dynamodb
frameworkVersion: "3"
provider:
  name: aws
  runtime: nodejs18.x
  environment:
    DYNAMODB_TABLE: \${self:service}-\${opt:stage, self:provider.stage}
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:Query, dynamodb:GetItem, dynamodb:PutItem, dynamodb:DeleteItem]
          Resource: "arn:aws:dynamodb:\${opt:region, self:provider.region}:*:table/\${self:provider.environment.DYNAMODB_TABLE}"
functions:
  create:
    handler: todos/create.create
resources:
  Resources:
    TodosDynamoDbTable:
      Type: AWS::DynamoDB::Table
      DeletionPolicy: Retain
      Properties:
        TableName: \${self:provider.environment.DYNAMODB_TABLE}
`;

const agentRoleInResources = `service: coding-agent
provider:
  name: aws
  runtime: python3.12
functions:
  run:
    handler: agent.run
    role: AgentRole
resources:
  Resources:
    AgentRole:
      Type: AWS::IAM::Role
      Properties:
        RoleName: claude-code-agent
        AssumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }
        ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
`;

const defaultRole = `service: aws-nodejs
frameworkVersion: "3"
provider:
  name: aws
  runtime: nodejs18.x
functions:
  hello:
    handler: handler.hello
`;

const cleanTemplate = JSON.stringify({ Resources: { Queue: { Type: "AWS::SQS::Queue", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" } } });

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-sls-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("scan: Serverless Framework configurations", () => {
  it("v3 role statements and resources, walked: an input error at the statements naming both, the template beside it still judged", async () => {
    const dir = project({ "api/serverless.yml": restApi, "queue.json": cleanTemplate });
    const { code, report } = await scan([dir]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([
      {
        file: path.join(dir, "api/serverless.yml"),
        line: 10,
        message: expect.stringMatching(/^a Serverless Framework configuration: what it declares for CloudFormation and IAM \(provider\.iam\.role\.statements \(the role it makes for the functions\); resources\.Resources \(TodosDynamoDbTable\)\) .*not evaluated \(fail closed\): scan the template `serverless package` writes \(\.serverless\/cloudformation-template-update-stack\.json\)/),
      },
    ]);
    expect(report.summary.inputs).toBe(1);
    expect(report.notes ?? []).not.toContainEqual(expect.stringContaining("not a recognized input"));
  });

  it("named on the command line: the same error, not 'not a recognized input'", async () => {
    const dir = project({ "serverless.yml": restApi });
    const { code, report } = await scan([path.join(dir, "serverless.yml")]);
    expect(code).toBe(2);
    expect(report.errors.map((e) => [e.line, e.message.slice(0, 42)])).toEqual([[10, "a Serverless Framework configuration: what"]]);
  });

  it("an agent role with AdministratorAccess under resources.Resources, beside a clean template: exit 2, not a pass", async () => {
    const dir = project({ "serverless.yml": agentRoleInResources, "queue.json": cleanTemplate });
    const { code, report } = await scan([dir]);
    expect(code).toBe(2);
    expect(report.errors.map((e) => [e.line, e.message.match(/\((resources\.Resources \([^)]*\))\)/)?.[1]])).toEqual([[10, "resources.Resources (AgentRole)"]]);
  });

  it("v1/v2 iamRoleStatements, a per-function role (serverless-iam-roles-per-function) and resources from files are errors too", async () => {
    const legacy = `service: legacy\nprovider:\n  name: aws\n  iamRoleStatements:\n    - { Effect: Allow, Action: s3:DeleteObject, Resource: "*" }\n`;
    const perFunction = `service: per-function\nprovider:\n  name: aws\nfunctions:\n  worker:\n    handler: w.run\n    iamRoleStatements:\n      - { Effect: Allow, Action: dynamodb:DeleteTable, Resource: "*" }\n`;
    const included = `service: included\nprovider:\n  name: aws\nresources:\n  - \${file(resources/iam.yml)}\n`;
    const dir = project({ "a/serverless.yml": legacy, "b/serverless.yml": perFunction, "c/serverless.yml": included });
    const { code, report } = await scan([dir]);
    expect(code).toBe(2);
    expect(report.errors.map((e) => [path.relative(dir, e.file), e.line, e.message.match(/IAM \((.*)\) is compiled/)?.[1]])).toEqual([
      ["a/serverless.yml", 4, "provider.iamRoleStatements (the role it makes for the functions)"],
      ["b/serverless.yml", 7, "functions.worker.iamRoleStatements (a role of its own)"],
      ["c/serverless.yml", 4, "resources (files or variables the framework includes)"],
    ]);
  });

  it("functions with the framework's default role and no resources: skipped as before (nothing it makes can be judged)", async () => {
    const dir = project({ "serverless.yml": defaultRole, "queue.json": cleanTemplate });
    const { code, report } = await scan([dir]);
    expect(code).toBe(0);
    expect(report.errors).toEqual([]);
    expect(report.notes).toContainEqual(expect.stringContaining("1 file found while walking directories is not a recognized input"));
  });

  it("the template serverless package writes is read as a template: its role and what it grants are judged", async () => {
    const packaged = {
      AWSTemplateFormatVersion: "2010-09-09",
      Resources: {
        IamRoleLambdaExecution: {
          Type: "AWS::IAM::Role",
          Properties: {
            AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com"] }, Action: ["sts:AssumeRole"] }] },
            Policies: [{ PolicyName: { "Fn::Join": ["-", ["coding-agent", "dev", "lambda"]] }, PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:DeleteTable"], Resource: "*" }] } }],
            RoleName: { "Fn::Join": ["-", ["coding-agent", "dev", { Ref: "AWS::Region" }, "lambdaRole"]] },
          },
        },
      },
    };
    const dir = project({ ".serverless/cloudformation-template-update-stack.json": JSON.stringify(packaged, null, 2) });
    const { code, report } = await scan([path.join(dir, ".serverless")]);
    expect(code).toBe(1);
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.subject)).toEqual(["cloudformation-template-update-stack/IamRoleLambdaExecution"]);
  });
});
