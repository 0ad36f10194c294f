/**
 * Who a role's trust policy admits, when the template writes the principal with an intrinsic or
 * as a role session: an agent that may become a production deploy role holds that role's access
 * (DESIGN "Who an agent can become"). Verdicts decided from the templates before running.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();
const bedrockTrust = { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] };

/** A production deploy role that may delete the orders table, trusting `principal`. */
function deployRoleTrusting(principal: unknown, extra: Record<string, unknown> = {}) {
  const value = {
    Parameters: { AgentRoleName: { Type: "String" } },
    Resources: {
      Orders: { Type: "AWS::DynamoDB::Table", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", Properties: { TableName: "orders" } },
      DeployRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: "release-deployer",
          AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }] },
          Policies: [{ PolicyName: "deploy", PolicyDocument: { Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: { "Fn::GetAtt": ["Orders", "Arn"] } }] } }],
        },
      },
      ...extra,
    },
  };
  const parsed = parseSource(JSON.stringify(value, null, 2));
  const { findings, errors } = evaluateTemplates([{ file: "prod.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111" }], policy, catalogue);
  expect(errors).toEqual([]);
  return findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.subject);
}

const generatedAgentRole = { AgentRole: { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: bedrockTrust } } };

it("a role name built from a parameter may be an agent's: the deploy role is reachable", () => {
  expect(deployRoleTrusting({ "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/${AgentRoleName}" })).toEqual(["OrdersProd/DeployRole"]);
  expect(deployRoleTrusting({ "Fn::Join": ["", ["arn:aws:iam::111111111111:role/", { Ref: "AgentRoleName" }]] })).toEqual(["OrdersProd/DeployRole"]);
});

it("the template's agent role written with !Sub (by Ref) is that role", () => {
  expect(deployRoleTrusting({ "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/${AgentRole}" }, generatedAgentRole)).toEqual(["OrdersProd/DeployRole"]);
});

it("a session of an agent role (sts assumed-role ARN) is that role", () => {
  expect(deployRoleTrusting("arn:aws:sts::111111111111:assumed-role/coding-agent/pr-42")).toEqual(["OrdersProd/DeployRole"]);
  expect(deployRoleTrusting({ "Fn::Sub": "arn:${AWS::Partition}:sts::${AWS::AccountId}:assumed-role/coding-agent/pr-42" })).toEqual(["OrdersProd/DeployRole"]);
});

it("a human role, written literally, by !Sub or as a session, does not make the deploy role an agent's", () => {
  expect(deployRoleTrusting({ "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/release-manager" })).toEqual([]);
  expect(deployRoleTrusting("arn:aws:sts::111111111111:assumed-role/release-manager/alice")).toEqual([]);
  // The partition and account left to the deployment are no reason to admit anyone.
  expect(deployRoleTrusting({ "Fn::Sub": "arn:${AWS::Partition}:iam::${AccountParam}:role/release-manager" })).toEqual([]);
});

it("an agent tag whose value the template cannot resolve (a parameter) may mark an agent", () => {
  // A CI runner's role: trusted by CodeBuild, so only its tag can make it an agent's.
  const codebuildTrust = { Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }] };
  const escalations = (value: unknown) => {
    const template = {
      Resources: {
        Orders: { Type: "AWS::DynamoDB::Table", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", Properties: { TableName: "orders" } },
        RunnerRole: { Type: "AWS::IAM::Role", Properties: { RoleName: "release-runner", AssumeRolePolicyDocument: codebuildTrust, Tags: [{ Key: "agent-guardrail:agent", Value: value }] } },
        DeployRole: {
          Type: "AWS::IAM::Role",
          Properties: {
            RoleName: "release-deployer",
            AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { AWS: { "Fn::GetAtt": ["RunnerRole", "Arn"] } }, Action: "sts:AssumeRole" }] },
            Policies: [{ PolicyName: "deploy", PolicyDocument: { Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: { "Fn::GetAtt": ["Orders", "Arn"] } }] } }],
          },
        },
      },
    };
    const parsed = parseSource(JSON.stringify(template, null, 2));
    const { findings } = evaluateTemplates([{ file: "prod.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111" }], policy, catalogue);
    return findings.filter((f) => f.rule === "agent-privilege-escalation").map((f) => f.subject);
  };
  // The runner may become the deploy role: reported on it when its tag says agent, or may say so.
  expect(escalations({ Ref: "RunnerKind" })).toEqual(["OrdersProd/RunnerRole"]);
  expect(escalations("true")).toEqual(["OrdersProd/RunnerRole"]);
  expect(escalations("false")).toEqual([]);
});

describe("a trust naming the stack's own account, in a template file whose account is not known", () => {
  /**
   * An agent role allowed to assume an admin role of the same template, which trusts its own
   * account in one of the ways templates write it. Read as a loose file: no account.
   */
  function agentAndAdmin(trusted: unknown) {
    const value = {
      Resources: {
        AgentRole: {
          Type: "AWS::IAM::Role",
          Properties: {
            RoleName: "coding-agent",
            AssumeRolePolicyDocument: bedrockTrust,
            Policies: [{ PolicyName: "hop", PolicyDocument: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: { "Fn::GetAtt": ["AdminRole", "Arn"] } }] } }],
          },
        },
        AdminRole: {
          Type: "AWS::IAM::Role",
          Properties: {
            AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { AWS: trusted }, Action: "sts:AssumeRole" }] },
            ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
          },
        },
      },
    };
    const parsed = parseSource(JSON.stringify(value, null, 2));
    const { findings, errors } = evaluateTemplates([{ file: "admin.template.json", value: parsed.value, lineOf: parsed.lineOf }], policy, catalogue);
    expect(errors).toEqual([]);
    return findings.filter((f) => f.rule !== "prod-resource-unprotected").map((f) => [f.rule, f.subject, f.message.includes("it can become coding-agent → AdminRole")]);
  }

  it.each([
    ["!Ref AWS::AccountId", { Ref: "AWS::AccountId" }],
    ["!Sub ${AWS::AccountId}", { "Fn::Sub": "${AWS::AccountId}" }],
    ["!Sub arn:...:${AWS::AccountId}:root", { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }],
    ["a written account id", "111111111111"],
    ["a written account root", "arn:aws:iam::111111111111:root"],
  ])("%s: the agent, allowed to assume the admin role, can become it; the admin role is no agent's by itself", (_, trusted) => {
    expect(agentAndAdmin(trusted)).toEqual([["agent-privilege-escalation", "admin/AgentRole", true]]);
  });
});

/** A template file of unknown account with these parameters and resources, evaluated. */
function evaluateFile(parameters: Record<string, unknown>, resources: Record<string, unknown>) {
  const parsed = parseSource(JSON.stringify({ Parameters: parameters, Resources: resources }, null, 2));
  return evaluateTemplates([{ file: "member.template.json", value: parsed.value, lineOf: parsed.lineOf }], policy, catalogue);
}

/** A role with AdministratorAccess trusting `trusted` (under `condition`, if any). */
const adminRole = (trusted: unknown, condition?: unknown) => ({
  Type: "AWS::IAM::Role",
  Properties: {
    AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { AWS: trusted }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }] },
    ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
  },
});

describe("a trust naming an account by a parameter (the administrator account of a StackSet execution role)", () => {
  /**
   * The role AWS Organizations and StackSets samples make in each member account: AdministratorAccess,
   * trusting the administrator account passed as a parameter (awslabs/aws-deployment-framework
   * resources/OrganizationAccountAccessRole.yaml: `AWS: !Ref AdministratorAccountId`, 12 characters).
   * Decided before running: a parameter whose declaration admits only a 12-digit account id names an
   * account, as a written account id does, so the role is no agent's; one that admits any text may
   * hold an agent role's ARN or `*`, so the role stays an agent's (fail closed).
   */
  function adminTrusting(parameter: Record<string, unknown>, trusted: unknown = { Ref: "AdministratorAccountId" }) {
    const { findings, errors } = evaluateFile({ AdministratorAccountId: { Type: "String", ...parameter } }, { AccessRole: adminRole(trusted) });
    expect(errors).toEqual([]);
    return findings.filter((f) => f.rule !== "prod-resource-unprotected").map((f) => f.rule);
  }

  it.each([
    ["MinLength and MaxLength 12", { MinLength: 12, MaxLength: 12 }],
    ["AllowedPattern ^[0-9]{12}$", { AllowedPattern: "^[0-9]{12}$" }],
    ["AllowedPattern \\d{12}", { AllowedPattern: "\\d{12}" }],
    ["AllowedPattern (\\d{12})", { AllowedPattern: "(\\d{12})" }],
    ["allowed values that are account ids", { AllowedValues: ["111111111111", "222222222222"] }],
  ])("%s: an account, no agent", (_, parameter) => {
    expect(adminTrusting(parameter)).toEqual([]);
    // The same parameter in a list, or as the whole of a !Sub, is the same account.
    expect(adminTrusting(parameter, [{ Ref: "AdministratorAccountId" }])).toEqual([]);
    expect(adminTrusting(parameter, { "Fn::Sub": "${AdministratorAccountId}" })).toEqual([]);
  });

  /** A bucket policy letting the parameter's principal delete the bucket's objects (cross-account access). */
  function bucketGrantingTo(parameter: Record<string, unknown>) {
    const { findings, errors } = evaluateFile(
      { AdministratorAccountId: { Type: "String", ...parameter } },
      {
        Bucket: { Type: "AWS::S3::Bucket", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" },
        BucketPolicy: {
          Type: "AWS::S3::BucketPolicy",
          Properties: {
            Bucket: { Ref: "Bucket" },
            PolicyDocument: { Statement: [{ Effect: "Allow", Principal: { AWS: { Ref: "AdministratorAccountId" } }, Action: "s3:DeleteObject", Resource: { "Fn::Sub": "${Bucket.Arn}/*" } }] },
          },
        },
      },
    );
    expect(errors).toEqual([]);
    return findings.filter((f) => f.rule !== "prod-resource-unprotected").map((f) => f.rule);
  }

  it("a bucket policy granting such an account names no role; any text may be an agent's role", () => {
    expect(bucketGrantingTo({ AllowedPattern: "^\\d{12}$" })).toEqual([]);
    expect(bucketGrantingTo({})).toEqual(["agent-destructive-prod"]);
  });

  it.each([
    ["no constraint", {}],
    ["a default account id only (a deploy may pass any text)", { Default: "111111111111" }],
    ["MaxLength 12 alone (`*` fits)", { MaxLength: 12 }],
    ["MinLength 12 alone (an ARN fits)", { MinLength: 12 }],
    ["an AllowedPattern that admits more than digits", { AllowedPattern: "[0-9a-z:/*-]{12,}" }],
    ["an AllowedPattern of 12 digits, unanchored inside other text", { AllowedPattern: "arn:.*\\d{12}.*" }],
    ["an allowed value that is no account id", { AllowedValues: ["111111111111", "*"] }],
  ])("%s: may be an agent's role or anyone, fail closed", (_, parameter) => {
    expect(adminTrusting(parameter)).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
  });
});

describe("a principal read from the template's own Parameter Store parameter (!GetAtt <param>.Value)", () => {
  /**
   * awslabs/aws-deployment-framework src/template.yml: OrganizationsRole trusts
   * `!GetAtt CrossAccountJumpRoleArn.Value`, an AWS::SSM::Parameter whose Value is the jump role's
   * ARN written with !Sub. CloudFormation's Value attribute is that property, so the trust is the
   * jump role's (no agent's); decided before running. Read as "*", the role was an agent's.
   */
  const parameterHolding = (value: unknown) => ({ JumpRoleArn: { Type: "AWS::SSM::Parameter", Properties: { Name: "/adf/cross_account_jump_role", Type: "String", Value: value } } });
  const jumpRole = { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/adf/account-bootstrapping/jump/adf-bootstrapping-cross-account-jump-role" };

  it.each([
    ["!GetAtt [P, Value]", { "Fn::GetAtt": ["JumpRoleArn", "Value"] }],
    ["!GetAtt P.Value", { "Fn::GetAtt": "JumpRoleArn.Value" }],
    ["!Sub ${P.Value}", { "Fn::Sub": "${JumpRoleArn.Value}" }],
  ])("%s holding a human role's ARN: the role it names, no agent", (_, principal) => {
    expect(deployRoleTrusting(principal, parameterHolding(jumpRole))).toEqual([]);
  });

  it("holding an agent's ARN, the template's agent role, or a parameter: the deploy role is an agent's", () => {
    const principal = { "Fn::GetAtt": ["JumpRoleArn", "Value"] };
    expect(deployRoleTrusting(principal, parameterHolding({ "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/coding-agent" }))).toEqual(["OrdersProd/DeployRole"]);
    expect(deployRoleTrusting(principal, { ...parameterHolding({ "Fn::GetAtt": ["AgentRole", "Arn"] }), ...generatedAgentRole })).toEqual(["OrdersProd/DeployRole"]);
    expect(deployRoleTrusting(principal, parameterHolding({ Ref: "AgentRoleName" }))).toEqual(["OrdersProd/DeployRole"]);
    // Without a Value the parameter holds nothing the template shows: anyone, as before.
    expect(deployRoleTrusting(principal, { JumpRoleArn: { Type: "AWS::SSM::Parameter", Properties: { Type: "String" } } })).toEqual(["OrdersProd/DeployRole"]);
  });
});

describe("what the finding says of a trust principal the template cannot resolve", () => {
  /**
   * Decided before running: a principal written as a parameter or an attribute the template does
   * not know still makes the role an agent's (fail closed), but the note names what was written and
   * says it was read as "*": "admits any AWS principal ("*")" alone reads as if the template
   * trusted everyone, which it does not say.
   */
  function agentNote(trusted: unknown, condition?: unknown) {
    const { findings } = evaluateFile(
      { TrustedPrincipal: { Type: "String" } },
      {
        Lookup: { Type: "Custom::RoleLookup", Properties: { ServiceToken: "arn:aws:lambda:eu-west-1:111111111111:function:lookup" } },
        AccessRole: adminRole(trusted, condition),
      },
    );
    const destructive = findings.find((f) => f.rule === "agent-destructive-prod");
    return destructive?.evidence.map((e) => e.note).find((n) => n?.startsWith("agent principal"));
  }

  it("names the parameter or attribute, read as any AWS principal", () => {
    expect(agentNote({ Ref: "TrustedPrincipal" })).toBe(
      'agent principal: trust policy admits Ref TrustedPrincipal, which the template does not resolve: read as any AWS principal ("*") without a condition; SCPs not verified',
    );
    expect(agentNote([{ "Fn::GetAtt": ["Lookup", "RoleArn"] }, "arn:aws:iam::111111111111:role/release-manager"])).toBe(
      'agent principal: trust policy admits Fn::GetAtt Lookup.RoleArn, which the template does not resolve: read as any AWS principal ("*") without a condition; SCPs not verified',
    );
    expect(agentNote({ Ref: "TrustedPrincipal" }, { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } })).toBe(
      'agent principal: trust policy admits Ref TrustedPrincipal, which the template does not resolve: read as any AWS principal ("*") under a condition that does not name the principals: cannot rule out an agent; SCPs not verified',
    );
  });

  it("a written \"*\" is still said to be one", () => {
    expect(agentNote("*")).toBe('agent principal: trust policy admits any AWS principal ("*") without a condition; SCPs not verified');
  });
});
