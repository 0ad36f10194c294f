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
 * A role granted in several stacks is one role, reported once where it is defined (its subject
 * there), each grant cited in the stack that writes it.
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
    expect(agentFindings([agents, data])).toEqual(["agent-destructive-prod AgentsProd/Exec"]);
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
    expect(agentFindings([exporting, input("OrdersProd", { Extra: deleteTablePolicy([parse(5)]) }, "111111111111")])).toEqual(["agent-destructive-prod AgentsProd/Runtime"]);
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
    expect(agentFindings([roles, ci, data])).toEqual(["agent-destructive-prod IamProd/Build"]);
    expect(agentFindings([roles, data])).toEqual([]);
  });
});

/**
 * One role's policies split across stacks: escalation complete only in their union. Verdicts
 * decided from the templates before running (production.accounts 111111111111):
 * - the agent role `orders-exec` (AgentsProd) may pass `role/fn-*`; the tools stack's
 *   AWS::IAM::Policy on it (by its literal name, or by Fn::ImportValue of its Ref) adds
 *   lambda:CreateFunction + lambda:InvokeFunction: path lambda-create-invoke, one finding on the role,
 *   citing both stacks' statements. Before: nothing (each stack held half).
 * - the halves the other way round, the second half an AWS::IAM::ManagedPolicy's `Roles`: the same.
 * - the same name in a staging account (222222222222): another role, no finding.
 * - halves that make nothing (lambda:InvokeFunction here, s3:GetObject there): no finding.
 * - the tools stack's destructive grant to the role is reported once, on the role, at that stack's
 *   statement (not once per stack).
 */
describe("one role's policies in two stacks", () => {
  const P = "111111111111";
  const doc = (Action: unknown, Resource: unknown = "*") => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] });
  const agentWith = (name: string | undefined, statements: unknown) => agentRole({ ...(name ? { RoleName: name } : {}), Policies: [{ PolicyName: "own", PolicyDocument: statements }] });
  const policyOn = (type: "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy", roles: unknown[], d: unknown) => ({
    Type: type,
    Properties: { ...(type === "AWS::IAM::Policy" ? { PolicyName: "tools" } : {}), PolicyDocument: d, Roles: roles },
  });
  const passFn = doc("iam:PassRole", `arn:aws:iam::${P}:role/fn-*`);
  const createInvoke = doc(["lambda:CreateFunction", "lambda:InvokeFunction"]);
  const escalations = (templates: TemplateInput[]) => {
    const { findings, errors } = evaluateTemplates(templates, policy, catalogue);
    expect(errors).toEqual([]);
    return findings.filter((f) => f.rule.startsWith("agent-")).map((f) => ({ rule: f.rule, subject: f.subject, message: f.message, files: [...new Set(f.evidence.map((e) => e.file))].sort() }));
  };

  test("PassRole in the agent's stack, CreateFunction + InvokeFunction in a policy of another on it by name: escalation", () => {
    const found = escalations([input("AgentsProd", { Exec: agentWith("orders-exec", passFn) }, P), input("ToolsProd", { Tools: policyOn("AWS::IAM::Policy", ["orders-exec"], createInvoke) }, P)]);
    expect(found).toEqual([{ rule: "agent-privilege-escalation", subject: "AgentsProd/Exec", message: expect.stringMatching(/path lambda-create-invoke/), files: ["AgentsProd.template.json", "ToolsProd.template.json"] }]);
  });

  test("the same by Fn::ImportValue of the role's Ref", () => {
    const agents = input("AgentsProd", { Exec: agentWith(undefined, passFn) }, P, { Name: { Value: { Ref: "Exec" }, Export: { Name: "agents-exec-name" } } });
    const found = escalations([agents, input("ToolsProd", { Tools: policyOn("AWS::IAM::Policy", [{ "Fn::ImportValue": "agents-exec-name" }], createInvoke) }, P)]);
    expect(found).toEqual([expect.objectContaining({ rule: "agent-privilege-escalation", subject: "AgentsProd/Exec", message: expect.stringMatching(/path lambda-create-invoke/) })]);
  });

  test("the halves the other way round, the PassRole in a managed policy of another stack: escalation", () => {
    const found = escalations([input("AgentsProd", { Exec: agentWith("orders-exec", createInvoke) }, P), input("ToolsProd", { Pass: policyOn("AWS::IAM::ManagedPolicy", ["orders-exec"], passFn) }, P)]);
    expect(found).toEqual([expect.objectContaining({ rule: "agent-privilege-escalation", subject: "AgentsProd/Exec", files: ["AgentsProd.template.json", "ToolsProd.template.json"] })]);
  });

  test("the role of that name in a staging account is another role: no finding", () => {
    expect(escalations([input("AgentsStaging", { Exec: agentWith("orders-exec", passFn) }, "222222222222"), input("ToolsProd", { Tools: policyOn("AWS::IAM::Policy", ["orders-exec"], createInvoke) }, P)])).toEqual([]);
  });

  test("halves that make no path: no finding", () => {
    expect(escalations([input("AgentsProd", { Exec: agentWith("orders-exec", doc("lambda:InvokeFunction")) }, P), input("ToolsProd", { Tools: policyOn("AWS::IAM::Policy", ["orders-exec"], doc("s3:GetObject")) }, P)])).toEqual([]);
  });

  test("a destructive grant of the other stack is reported once, on the role, at that stack's statement", () => {
    const found = escalations([input("AgentsProd", { Exec: agentWith("orders-exec", doc("s3:GetObject")) }, P), input("OrdersProd", { Extra: deleteTablePolicy(["orders-exec"]) }, P)]);
    expect(found).toEqual([{ rule: "agent-destructive-prod", subject: "AgentsProd/Exec", message: expect.stringMatching(/dynamodb:DeleteTable/), files: ["AgentsProd.template.json", "OrdersProd.template.json"] }]);
    const { findings } = evaluateTemplates([input("AgentsProd", { Exec: agentWith("orders-exec", doc("s3:GetObject")) }, P), input("OrdersProd", { Extra: deleteTablePolicy(["orders-exec"]) }, P)], policy, catalogue);
    expect(findings.find((f) => f.rule === "agent-destructive-prod")?.evidence).toContainEqual(expect.objectContaining({ file: "OrdersProd.template.json", pointer: "/Resources/Extra/Properties/PolicyDocument/Statement/0" }));
  });
});

test("an unreadable statement of another stack's policy on the role is one input error, at that stack's file", () => {
  const agents = input("AgentsProd", { Exec: agentRole({ RoleName: "orders-exec" }) }, "111111111111");
  const broken = input("ToolsProd", { Tools: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "tools", Roles: ["orders-exec"], PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Maybe", Action: "s3:GetObject", Resource: "*" }] } } } }, "111111111111");
  const { errors } = evaluateTemplates([agents, broken], policy, catalogue);
  expect(errors).toEqual([expect.objectContaining({ file: "ToolsProd.template.json", message: expect.stringContaining("Effect") })]);
});

/**
 * Whom an agent can become, when the role is defined in another template of the input. Verdicts
 * decided before running (production.accounts 111111111111; the agent role `orders-exec` trusts
 * bedrock-agentcore.amazonaws.com and its name is no agent's):
 * - `deployer` (AdminProd, AdministratorAccess) trusts the agent role by its ARN, written as the
 *   literal ARN or as `Fn::ImportValue` of the agent stack's export: the agent can become it with
 *   no grant of its own (same account), so agent-privilege-escalation on the agent, the chain
 *   through deployer. Before: nothing (AgentsProd does not hold deployer, AdminProd no agent).
 * - the agent may sts:AssumeRole `reader`, or pass `fn-reader` to a function it creates and
 *   invokes; both are defined in another stack and read S3 objects only: no finding. Before: each
 *   was reported as reaching a role not in the input (fail closed), though the input holds it.
 * - the same with `fn-admin` (AdministratorAccess) in the other stack: a finding, the chain named.
 * - `fn-reader` defined only in a staging account's template (222222222222): the production
 *   account's `fn-reader` is not in the input, so the pass still counts (fail closed).
 */
describe("a role the agent can become, defined in another template", () => {
  const P = "111111111111";
  const doc = (Action: unknown, Resource: unknown = "*") => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] });
  const roleTrusting = (name: string, principal: unknown, props: Record<string, unknown>) => ({
    Type: "AWS::IAM::Role",
    Properties: { RoleName: name, AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] }, ...props },
  });
  const admin = { ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] };
  const reads = { Policies: [{ PolicyName: "reads", PolicyDocument: doc("s3:GetObject") }] };
  const agent = (statements?: unknown) =>
    input("AgentsProd", { Exec: agentRole({ RoleName: "orders-exec", ...(statements ? { Policies: [{ PolicyName: "own", PolicyDocument: statements }] } : {}) }) }, P, {
      Arn: { Value: { "Fn::GetAtt": ["Exec", "Arn"] }, Export: { Name: "agents-exec-arn" } },
    });
  const found = (templates: TemplateInput[]) => {
    const { findings, errors } = evaluateTemplates(templates, policy, catalogue);
    expect(errors).toEqual([]);
    return findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}: ${f.message}`);
  };
  const passAndRun = (role: string, account = P) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${account}:role/${role}` }, { Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" }] });

  test.each([["its literal ARN", `arn:aws:iam::${P}:role/orders-exec`], ["Fn::ImportValue of its export", { "Fn::ImportValue": "agents-exec-arn" }]])("an administrator role of another stack trusting the agent role by %s: escalation", (_, arn) => {
    expect(found([agent(), input("AdminProd", { Deployer: roleTrusting("deployer", { AWS: arn }, admin) }, P)])).toEqual([
      expect.stringMatching(/^agent-privilege-escalation AgentsProd\/Exec: Role orders-exec can escalate its privileges: it can become orders-exec → deployer \(sts:AssumeRole\), which can delete or replace production resources/),
    ]);
  });

  test("sts:AssumeRole on a read-only role of another stack, or passing one to a function it creates: no finding", () => {
    const readers = input("ReadersProd", { Reader: roleTrusting("reader", { AWS: `arn:aws:iam::${P}:role/orders-exec` }, reads), FnReader: roleTrusting("fn-reader", { Service: "lambda.amazonaws.com" }, reads) }, P);
    expect(found([agent(doc("sts:AssumeRole", `arn:aws:iam::${P}:role/reader`)), readers])).toEqual([]);
    expect(found([agent(passAndRun("fn-reader")), readers])).toEqual([]);
  });

  test("passing an administrator role of another stack: escalation through it", () => {
    expect(found([agent(passAndRun("fn-admin")), input("FnProd", { FnAdmin: roleTrusting("fn-admin", { Service: "lambda.amazonaws.com" }, admin) }, P)])).toEqual([
      expect.stringMatching(/it can become orders-exec → fn-admin \(lambda-create-invoke\), which can delete or replace production resources/),
    ]);
  });

  test("a role of that name only in a staging account's template: the production account's is not in the input (fail closed)", () => {
    expect(found([agent(passAndRun("fn-reader")), input("FnStaging", { FnReader: roleTrusting("fn-reader", { Service: "lambda.amazonaws.com" }, reads) }, "222222222222")])).toEqual([
      expect.stringMatching(/iam:PassRole on role\/fn-reader, lambda:CreateFunction, lambda:InvokeFunction on \* \(path lambda-create-invoke\)/),
    ]);
  });
});

/**
 * Plain templates (no account known, as `scan` reads them): the tools stack's AWS::IAM::Policy
 * names `Roles: [orders-exec]`, the literal RoleName of the agents stack's role. The name may be
 * that role or another account's (not proven one role), so nothing is folded; but if it is that
 * role, the two halves make a path. Verdicts decided before running:
 * - PassRole in the agents stack, CreateFunction + InvokeFunction in the tools stack's policy:
 *   agent-privilege-escalation on the tools stack's `orders-exec` (what it may be), citing both
 *   files. Before: nothing.
 * - a DeleteTable of the agents stack's own role and an s3:GetObject of the tools stack: the
 *   agents stack's finding alone (not repeated on the name in the tools stack); so for a whole
 *   path the agents stack's role holds by itself.
 * - halves that make no path: no finding.
 */
describe("a role's literal name in another template, accounts not known", () => {
  const doc = (Action: unknown, Resource: unknown = "*") => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] });
  const agents = (statements: unknown) => input("AgentsStack", { Exec: agentRole({ RoleName: "orders-exec", Policies: [{ PolicyName: "own", PolicyDocument: statements }] }) });
  const tools = (statements: unknown) => input("ToolsStack", { Tools: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "tools", Roles: ["orders-exec"], PolicyDocument: statements } } });
  const found = (templates: TemplateInput[]) => {
    const { findings, errors } = evaluateTemplates(templates, policy, catalogue);
    expect(errors).toEqual([]);
    return findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject} @ ${[...new Set(f.evidence.map((e) => e.file))].sort().join(" ")}`);
  };

  test("the halves of a path: escalation on the name, citing both templates", () => {
    expect(found([agents(doc("iam:PassRole", "arn:aws:iam::*:role/fn-*")), tools(doc(["lambda:CreateFunction", "lambda:InvokeFunction"]))])).toEqual([
      "agent-privilege-escalation ToolsStack/orders-exec @ AgentsStack.template.json ToolsStack.template.json",
    ]);
  });

  test("the agents stack's own destructive grant is reported there alone", () => {
    expect(found([agents(deleteTablePolicy([]).Properties.PolicyDocument), tools(doc("s3:GetObject"))])).toEqual(["agent-destructive-prod AgentsStack/Exec @ AgentsStack.template.json"]);
  });

  test("a path the agents stack's role holds alone is reported there alone", () => {
    const whole = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }, { Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" }] };
    expect(found([agents(whole), tools(doc("s3:GetObject"))])).toEqual(["agent-privilege-escalation AgentsStack/Exec @ AgentsStack.template.json"]);
  });

  test("halves that make no path: no finding", () => {
    expect(found([agents(doc("lambda:InvokeFunction")), tools(doc("s3:GetObject"))])).toEqual([]);
  });
});

/**
 * An export name is unique only in its account and Region: one app deployed to a staging
 * (222222222222) and a production account exports `orders-table-arn` from both. Verdict decided
 * before running: the production agent's dynamodb:DeleteTable on `Fn::ImportValue orders-table-arn`
 * is on the production table, whichever template is read last; with the importing account not
 * known, the name may be either table, so it is production too (fail closed). Before: when the
 * staging template came last, the import took the staging table, and the grant passed.
 */
describe("a resource export name two accounts use", () => {
  const table = { Type: "AWS::DynamoDB::Table", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", Properties: { DeletionProtectionEnabled: true, KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" } };
  const exporting = (stackName: string, account: string) => input(stackName, { T: table }, account, { Arn: { Value: { "Fn::GetAtt": ["T", "Arn"] }, Export: { Name: "orders-table-arn" } } });
  const agent = (account?: string) => input("AgentsProd", { Agent: agentRole({ Policies: [{ PolicyName: "d", PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: { "Fn::ImportValue": "orders-table-arn" } }] } }] }) }, account);

  test.each([["the production account", "111111111111"], ["an account not known", undefined]])("the importing stack in %s: a destructive grant, whichever is read last", (_, account) => {
    const staging = exporting("DataStaging", "222222222222");
    const prod = exporting("DataProd", "111111111111");
    for (const order of [[staging, prod, agent(account)], [prod, staging, agent(account)]]) {
      expect(agentFindings(order)).toEqual(["agent-destructive-prod AgentsProd/Agent"]);
    }
  });
});

/**
 * The attacker's spelling: the tools stack names the agent role by an expression over its
 * exported ARN that is not CDK's parse (`!Select [1, !Split ["role/", !ImportValue …]]`), so the
 * name is not proven to be that role and stays a stand-in (any role, an agent's). Verdict decided
 * before running: it may be the agent role, whose policy lets it pass `role/fn-*`, so the stand-in's
 * lambda:CreateFunction + lambda:InvokeFunction complete the path: agent-privilege-escalation on
 * the stand-in, citing both templates. Before: nothing (each half judged alone).
 */
test("a role named by another expression over an imported role ARN may be that role: the halves of a path count", () => {
  const doc = (Action: unknown, Resource: unknown = "*") => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] });
  const agents = input("AgentsProd", { Exec: agentRole({ Policies: [{ PolicyName: "own", PolicyDocument: doc("iam:PassRole", "arn:aws:iam::111111111111:role/fn-*") }] }) }, "111111111111", {
    Arn: { Value: { "Fn::GetAtt": ["Exec", "Arn"] }, Export: { Name: "agents-exec-arn" } },
  });
  const name = { "Fn::Select": [1, { "Fn::Split": ["role/", { "Fn::ImportValue": "agents-exec-arn" }] }] };
  const tools = input(
    "ToolsProd",
    {
      Tools: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "tools", Roles: [name], PolicyDocument: doc(["lambda:CreateFunction", "lambda:InvokeFunction"]) } },
      // A second attachment by the same expression: still one finding.
      Reads: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "reads", Roles: [name], PolicyDocument: doc("s3:GetObject") } },
    },
    "111111111111",
  );
  const { findings, errors } = evaluateTemplates([agents, tools], policy, catalogue);
  expect(errors).toEqual([]);
  expect(findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject} @ ${[...new Set(f.evidence.map((e) => e.file))].sort().join(" ")}`)).toEqual([
    expect.stringMatching(/^agent-privilege-escalation ToolsProd\/role .* @ AgentsProd\.template\.json ToolsProd\.template\.json$/),
  ]);
});
