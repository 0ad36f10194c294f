/**
 * AWS::CloudFormation::StackSet: the template a stack set deploys into its stack instances'
 * accounts (Control Tower and landing-zone baselines, aws-cloudformation-templates StackSets/).
 * Verdicts decided from the templates before running: a role the TemplateBody makes is a role of
 * every target account, judged as any template's; a body that cannot be read is an input error at
 * it, never a pass.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import type { TemplateInput } from "../../../src/core/cfn/template.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadedYamlParser, registerYamlParser } from "../../../src/core/source/source.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

/** A body making an agent role with AdministratorAccess (JSON text; the real fixture's body is YAML). */
const agentRoleBody = JSON.stringify({
  AWSTemplateFormatVersion: "2010-09-09",
  Resources: {
    KiroAgentRole: {
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: "kiro-agent",
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] },
        ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      },
    },
  },
});

/** A management-account template with one stack set; `body` its TemplateBody (a YAML block). */
function managementTemplate(body: unknown, properties: Record<string, unknown> = {}): string {
  const value = {
    AWSTemplateFormatVersion: "2010-09-09",
    Resources: {
      Baseline: {
        Type: "AWS::CloudFormation::StackSet",
        Properties: {
          StackSetName: "agent-baseline",
          PermissionModel: "SERVICE_MANAGED",
          AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
          StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ["ou-ab12-workloads"] }, Regions: ["eu-west-1"] }],
          TemplateBody: body,
          ...properties,
        },
      },
    },
  };
  return JSON.stringify(value, null, 2);
}

function run(text: string, extra: Partial<TemplateInput> = {}, config = policy) {
  const parsed = parseSource(text);
  return evaluateTemplates([{ file: "org/baseline.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrgBaseline", ...extra }], config, catalogue);
}

it("a role the TemplateBody makes is judged in the stack set's stacks: the agent role with AdministratorAccess is reported, at the body", () => {
  const text = managementTemplate(agentRoleBody);
  const { findings, errors } = run(text);
  expect(errors).toEqual([]);
  const destructive = findings.filter((f) => f.rule === "agent-destructive-prod");
  expect(destructive.map((f) => f.subject)).toEqual(["StackSet-agent-baseline/KiroAgentRole"]);
  const bodyLine = text.split("\n").findIndex((l) => l.includes('"TemplateBody"')) + 1;
  // Cited in the management template, at its TemplateBody, with the path inside the body.
  expect(destructive[0]?.evidence.map((e) => [e.file, e.line, e.pointer])).toContainEqual(["org/baseline.json", bodyLine, "/Resources/Baseline/Properties/TemplateBody/Resources/KiroAgentRole"]);
});

it("a body without agents passes; its stateful resources are judged as production ones", () => {
  const body = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
  const { findings, errors } = run(managementTemplate(body));
  expect(errors).toEqual([]);
  expect(findings.filter((f) => f.rule !== "prod-resource-unprotected")).toEqual([]);
  expect(findings.filter((f) => f.rule === "prod-resource-unprotected" && f.severity === "error").map((f) => f.subject)).toEqual(["StackSet-agent-baseline/Queue"]);
});

it("the stacks are in the target accounts: one non-production account listed makes them non-production; organizational units may hold production (fail closed)", () => {
  const config = resolvePolicy({ production: { accounts: ["111111111111"], nonProductionAccounts: ["222222222222"] } });
  const toDev = managementTemplate(agentRoleBody, { StackInstancesGroup: [{ DeploymentTargets: { Accounts: ["222222222222"] }, Regions: ["eu-west-1"] }] });
  expect(run(toDev, { account: "111111111111" }, config).findings.filter((f) => f.rule === "agent-destructive-prod")).toEqual([]);
  const toProd = managementTemplate(agentRoleBody, { StackInstancesGroup: [{ DeploymentTargets: { Accounts: ["111111111111"] }, Regions: ["eu-west-1"] }] });
  expect(run(toProd, { account: "222222222222" }, config).findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.subject)).toEqual(["StackSet-agent-baseline/KiroAgentRole"]);
  // The management account is not production; the organizational unit's accounts may be.
  expect(run(managementTemplate(agentRoleBody), { account: "222222222222" }, config).findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.subject)).toEqual([
    "StackSet-agent-baseline/KiroAgentRole",
  ]);
});

it.each([
  ["not a template", "just: text\n", "is not a CloudFormation template"],
  ["unparseable YAML", "Resources:\n  Role: [unclosed\n", "cannot be read"],
  ["written with an intrinsic", { "Fn::Sub": agentRoleBody }, "is built with Fn::Sub"],
  ["a Rain directive in JSON", { "Rain::Embed": "common-resources-pkg.yaml" }, "is a Rain directive (Rain::Embed)"],
])("a TemplateBody %s is an input error at it, naming the stack set", (_, body, reason) => {
  const text = managementTemplate(body);
  const { errors } = run(text);
  const bodyLine = text.split("\n").findIndex((l) => l.includes('"TemplateBody"')) + 1;
  expect(errors.map((e) => [e.file, e.line])).toEqual([["org/baseline.json", bodyLine]]);
  expect(errors[0]?.message).toContain("stack set Baseline");
  expect(errors[0]?.message).toContain(reason);
});

it("a stack set inside a body (a delegated administrator's baseline) is read too, cited through both bodies", () => {
  const inner = JSON.parse(managementTemplate(agentRoleBody)) as { Resources: { Baseline: { Properties: Record<string, unknown> } } };
  inner.Resources.Baseline.Properties["StackSetName"] = "member-agents";
  const text = managementTemplate(JSON.stringify(inner));
  const { findings, errors } = run(text);
  expect(errors).toEqual([]);
  const destructive = findings.filter((f) => f.rule === "agent-destructive-prod");
  expect(destructive.map((f) => f.subject)).toEqual(["StackSet-member-agents/KiroAgentRole"]);
  const bodyLine = text.split("\n").findIndex((l) => l.includes('"TemplateBody"')) + 1;
  expect(destructive[0]?.evidence.map((e) => [e.file, e.line, e.pointer])).toContainEqual([
    "org/baseline.json",
    bodyLine,
    "/Resources/Baseline/Properties/TemplateBody/Resources/Baseline/Properties/TemplateBody/Resources/KiroAgentRole",
  ]);
  // Unreadable at the second level: an input error at the outer TemplateBody, naming the inner stack set's place.
  inner.Resources.Baseline.Properties["TemplateBody"] = "Resources:\n  Role: [unclosed\n";
  const broken = run(managementTemplate(JSON.stringify(inner)));
  expect(broken.errors.map((e) => [e.file, e.line])).toEqual([["org/baseline.json", bodyLine]]);
  expect(broken.errors[0]?.message).toMatch(/^stack set body \/Resources\/Baseline\/Properties\/TemplateBody: stack set Baseline: its TemplateBody cannot be read/);
});

it("a body four stack sets deep is an input error, not a pass", () => {
  let body = agentRoleBody;
  for (let level = 0; level < 3; level++) body = managementTemplate(body);
  const { errors, findings } = run(managementTemplate(body));
  expect(findings.filter((f) => f.rule === "agent-destructive-prod")).toEqual([]);
  expect(errors.map((e) => e.message)).toEqual([expect.stringContaining("is a stack set's body 3 levels deep, which is not read")]);
});

it("a YAML body in a run that loaded no YAML parser is an input error, not a pass (the command line loads it first)", () => {
  const parser = loadedYamlParser();
  registerYamlParser(undefined);
  try {
    const { errors, findings } = run(managementTemplate("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"));
    expect(findings.filter((f) => f.subject.startsWith("StackSet-"))).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining("is YAML, and this run loaded no YAML parser")]);
  } finally {
    registerYamlParser(parser);
  }
});
