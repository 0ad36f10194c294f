/**
 * A role of one template named by another (cross-stack-roles.ts), on hand-written templates in
 * the shapes CDK and `Role.fromRoleName` write. Verdicts written from the templates before running:
 * - an agent role named `orders-exec` in account 222222222222 is another role than `orders-exec`
 *   of account 111111111111, which the production stack grants DeleteTable: no finding (the
 *   name is no agent's);
 * - the same two stacks with no account known: the name may be the agent's role, so the grant is
 *   an agent's (fail closed), and that role's read-only boundary is not proven to apply;
 * - an import by an expression other than CDK's parse of a role ARN (`Fn::Select [0, …]` of it)
 *   may name another role: still an agent's stand-in, as when the exporting stack is not scanned;
 * - an agent that runs as a role of another stack (a CodeBuild project running Claude Code whose
 *   ServiceRole is a third stack's role by name) makes the grants of every stack to it the agent's.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import type { TemplateInput } from "../../../src/core/cfn/template.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy({ production: { accounts: ["111111111111"] } });
const catalogue = loadCatalogue();

const agentRole = (props: Record<string, unknown> = {}) => ({
  Type: "AWS::IAM::Role",
  Properties: {
    AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    ...props,
  },
});
const deleteTablePolicy = (roles: unknown[]) => ({
  Type: "AWS::IAM::Policy",
  Properties: {
    PolicyName: "extra",
    PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: "arn:aws:dynamodb:us-east-1:111111111111:table/orders" }] },
    Roles: roles,
  },
});
const input = (stackName: string, resources: Record<string, unknown>, account?: string, outputs?: Record<string, unknown>): TemplateInput => ({
  file: `${stackName}.template.json`,
  value: { Resources: resources, ...(outputs ? { Outputs: outputs } : {}) },
  stackName,
  terminationProtection: true,
  ...(account ? { account, region: "us-east-1" } : {}),
});
const agentFindings = (templates: TemplateInput[]): string[] => {
  const { findings, errors } = evaluateTemplates(templates, policy, catalogue);
  expect(errors).toEqual([]);
  return findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`);
};
const boundary = { Type: "AWS::IAM::ManagedPolicy", Properties: { PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }] } } };

describe("a role named by its literal name in another template", () => {
  test("another account's role of that name is another role", () => {
    const agents = input("AgentsStaging", { Exec: agentRole({ RoleName: "orders-exec" }) }, "222222222222");
    const data = input("OrdersProd", { Extra: deleteTablePolicy(["orders-exec"]) }, "111111111111");
    expect(agentFindings([agents, data])).toEqual([]);
  });

  test("the same account: the grant is the agent role's, within its boundary", () => {
    const agents = input("AgentsProd", { Exec: agentRole({ RoleName: "orders-exec" }) }, "111111111111");
    const data = input("OrdersProd", { Extra: deleteTablePolicy(["orders-exec"]) }, "111111111111");
    expect(agentFindings([agents, data])).toEqual(["agent-destructive-prod OrdersProd/orders-exec"]);
    const bounded = input("AgentsProd", { Exec: agentRole({ RoleName: "orders-exec", PermissionsBoundary: { Ref: "ReadOnly" } }), ReadOnly: boundary }, "111111111111");
    expect(agentFindings([bounded, data])).toEqual([]);
  });

  test("accounts not known: the name may be the agent's role (fail closed), and its boundary is not proven to apply", () => {
    const agents = input("AgentsStack", { Exec: agentRole({ RoleName: "orders-exec", PermissionsBoundary: { Ref: "ReadOnly" } }), ReadOnly: boundary });
    const other = input("OtherStack", { Exec: { Type: "AWS::IAM::Role", Properties: { RoleName: "orders-exec", AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] } } } });
    const data = input("OrdersStack", { Extra: deleteTablePolicy(["orders-exec"]) });
    expect(agentFindings([agents, other, data])).toEqual(["agent-destructive-prod OrdersStack/orders-exec"]);
  });
});

describe("a role imported by its export", () => {
  const exporting = input("AgentsProd", { Runtime: agentRole() }, "111111111111", {
    RuntimeArn: { Value: { "Fn::GetAtt": ["Runtime", "Arn"] }, Export: { Name: "AgentsProd:RuntimeArn" } },
  });

  test("CDK's parse of the imported ARN is the role; another expression over it is not known to be", () => {
    const parse = (index: number) => ({ "Fn::Select": [1, { "Fn::Split": ["/", { "Fn::Select": [index, { "Fn::Split": [":", { "Fn::ImportValue": "AgentsProd:RuntimeArn" }] }] }] }] });
    expect(agentFindings([exporting, input("OrdersProd", { Extra: deleteTablePolicy([parse(5)]) }, "111111111111")])).toEqual(["agent-destructive-prod OrdersProd/AgentsProd/Runtime"]);
    const lambdaExport = input("FnProd", { Runtime: { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] } } } }, "111111111111", {
      RuntimeArn: { Value: { "Fn::GetAtt": ["Runtime", "Arn"] }, Export: { Name: "AgentsProd:RuntimeArn" } },
    });
    // Not the role name CDK parses: it may be any role, an agent's (fail closed), though the export is a Lambda's role.
    expect(agentFindings([lambdaExport, input("OrdersProd", { Extra: deleteTablePolicy([parse(4)]) }, "111111111111")])).toEqual([expect.stringMatching(/^agent-destructive-prod OrdersProd\/role /)]);
    expect(agentFindings([lambdaExport, input("OrdersProd", { Extra: deleteTablePolicy([parse(5)]) }, "111111111111")])).toEqual([]);
  });

  test("two stacks exporting the same name (one app in a staging and a production account): the import names neither, and stays a stand-in (fail closed)", () => {
    const lambdaStaging = input("FnStaging", { Fn: { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] } } } }, "222222222222", {
      RuntimeArn: { Value: { "Fn::GetAtt": ["Fn", "Arn"] }, Export: { Name: "AgentsProd:RuntimeArn" } },
    });
    const grant = input("OrdersProd", { Extra: deleteTablePolicy([{ "Fn::ImportValue": "AgentsProd:RuntimeArn" }]) }, "111111111111");
    // Whichever comes last, the grant is not taken as the staging Lambda's role.
    for (const order of [[exporting, lambdaStaging, grant], [lambdaStaging, exporting, grant]]) {
      expect(agentFindings(order)).toEqual([expect.stringMatching(/^agent-destructive-prod OrdersProd\/role named by Fn::ImportValue AgentsProd:RuntimeArn/)]);
    }
  });

  test("the exporting stack not in the input: the import stays an agent's stand-in (fail closed)", () => {
    expect(agentFindings([input("OrdersProd", { Extra: deleteTablePolicy([{ "Fn::ImportValue": "AgentsProd:RuntimeArn" }]) }, "111111111111")])).toEqual([
      expect.stringMatching(/^agent-destructive-prod OrdersProd\/role named by Fn::ImportValue AgentsProd:RuntimeArn/),
    ]);
  });
});

describe("an agent of one template runs as a role of another", () => {
  test("a CodeBuild project running Claude Code as a role named in a third stack: each stack's grant to it is the agent's", () => {
    const roles = input("IamProd", { Build: { Type: "AWS::IAM::Role", Properties: { RoleName: "ci-build", AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }] } } } }, "111111111111");
    const ci = input(
      "CiProd",
      {
        Fixer: {
          Type: "AWS::CodeBuild::Project",
          Properties: {
            ServiceRole: "arn:aws:iam::111111111111:role/ci-build",
            Artifacts: { Type: "NO_ARTIFACTS" },
            Environment: { Type: "LINUX_CONTAINER", ComputeType: "BUILD_GENERAL1_SMALL", Image: "aws/codebuild/standard:7.0" },
            Source: { Type: "NO_SOURCE", BuildSpec: "version: 0.2\nphases:\n  build:\n    commands:\n      - npm install -g @anthropic-ai/claude-code\n      - claude -p 'fix the tests'\n" },
          },
        },
      },
      "111111111111",
    );
    const data = input("OrdersProd", { Extra: deleteTablePolicy(["ci-build"]) }, "111111111111");
    expect(agentFindings([roles, ci, data])).toEqual(["agent-destructive-prod OrdersProd/ci-build"]);
    expect(agentFindings([roles, data])).toEqual([]);
  });
});
