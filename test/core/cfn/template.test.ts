import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findUnknownIntrinsics, resolveText, type ResolveContext } from "../../../src/core/cfn/intrinsics.js";
import { isCloudFormationTemplate, nestedStackFiles, nestedStackInput, readTemplate, collectExports, resourceTagsOf, type TemplateInput } from "../../../src/core/cfn/template.js";
import type { ResourceRef } from "../../../src/core/iam/model.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): TemplateInput => {
  const file = path.join(here, "../../fixtures/cfn", name);
  const parsed = parseSource(readFileSync(file, "utf8"));
  return { file, value: parsed.value, lineOf: parsed.lineOf };
};
const policy = resolvePolicy();

describe("template detection", () => {
  it("recognizes templates by content", () => {
    expect(isCloudFormationTemplate({ Resources: { A: { Type: "AWS::S3::Bucket" } } })).toBe(true);
    expect(isCloudFormationTemplate({ AWSTemplateFormatVersion: "2010-09-09", Resources: {} })).toBe(true);
    expect(isCloudFormationTemplate({ Resources: {} })).toBe(false);
    expect(isCloudFormationTemplate({ Version: "2012-10-17", Statement: [] })).toBe(false);
  });

  it("a declared template without Resources (outputs or parameters only) is a template; other shapes are not", () => {
    expect(isCloudFormationTemplate({ AWSTemplateFormatVersion: "2010-09-09", Outputs: {} })).toBe(true);
    // Reading it finds nothing wrong and no principal.
    const outputsOnly = readTemplate({ file: "outputs.template.json", value: { AWSTemplateFormatVersion: "2010-09-09", Outputs: { Name: { Value: "x" } } } }, policy);
    expect(outputsOnly.errors).toEqual([]);
    expect(outputsOnly.iam.principals).toEqual([]);
    expect(isCloudFormationTemplate([{ Resources: { A: { Type: "AWS::S3::Bucket" } } }])).toBe(false);
    expect(isCloudFormationTemplate(null)).toBe(false);
    expect(isCloudFormationTemplate({ Resources: { A: { Properties: {} } } })).toBe(false);
    expect(isCloudFormationTemplate({ Resources: { A: { Type: 3 } } })).toBe(false);
  });

  it("a resource without a Type (or a declared template with broken Resources) is still a template: the broken part is an input error", () => {
    // Before: not a template, so a directory scan skipped the whole file, the admin role beside it included.
    expect(isCloudFormationTemplate({ Resources: { A: { Type: "AWS::S3::Bucket" }, B: { Properties: {} } } })).toBe(true);
    expect(isCloudFormationTemplate({ AWSTemplateFormatVersion: "2010-09-09", Resources: "none" })).toBe(true);
    const text = [
      "Resources:",
      "  Broken:",
      "    Properties: {}",
      "  AlsoBroken: just a string",
      "  AgentRole:",
      "    Type: AWS::IAM::Role",
      "    Properties:",
      "      RoleName: kiro-agent-prod",
      "      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: 'sts:AssumeRole' }] }",
      "",
    ].join("\n");
    const parsed = parseSource(text);
    const read = readTemplate({ file: "agent.yaml", value: parsed.value, lineOf: parsed.lineOf }, policy);
    expect(read.errors).toEqual([
      { file: "agent.yaml", line: 2, message: "resource Broken has no Type (CloudFormation rejects the template): it is not evaluated (fail closed)" },
      { file: "agent.yaml", line: 4, message: "resource AlsoBroken has no Type (CloudFormation rejects the template): it is not evaluated (fail closed)" },
    ]);
    expect(read.iam.principals.map((p) => p.name)).toEqual(["kiro-agent-prod"]);
    const declared = parseSource('AWSTemplateFormatVersion: "2010-09-09"\nResources: none\n');
    expect(readTemplate({ file: "t.yaml", value: declared.value, lineOf: declared.lineOf }, policy).errors).toEqual([
      { file: "t.yaml", line: 2, message: "Resources is not a mapping of logical ids to resources: no resource of the template is evaluated (fail closed)" },
    ]);
  });
});

describe("nested stacks of a cdk.out template", () => {
  it("finds each AWS::CloudFormation::Stack by asset path, else by the asset hash in its TemplateURL, else neither (the caller reports it)", () => {
    const hash = "a".repeat(64);
    const template = {
      Resources: {
        ByPath: { Type: "AWS::CloudFormation::Stack", Metadata: { "aws:asset:path": "ProdByPath.nested.template.json" } },
        ByHash: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: { "Fn::Join": ["", ["https://s3/", `${hash}.json`]] } } },
        Neither: { Type: "AWS::CloudFormation::Stack", Metadata: { "aws:asset:path": 7 }, Properties: { TemplateURL: "https://example.com/t.json" } },
        Bucket: { Type: "AWS::S3::Bucket" },
        Broken: "not a resource",
      },
    };
    expect(nestedStackFiles(template)).toEqual([
      { resourceId: "ByPath", assetPath: "ProdByPath.nested.template.json" },
      { resourceId: "ByHash", assetHash: hash },
      { resourceId: "Neither" },
    ]);
    expect(nestedStackFiles({ Resources: [] })).toEqual([]);
    expect(nestedStackFiles("not a template")).toEqual([]);
  });

  it("a nested stack inherits its parent's account, region, tags, termination protection and stage; a bare parent passes nothing on", () => {
    const parent: TemplateInput = {
      file: "cdk.out/Prod.template.json",
      value: {},
      stackName: "Prod-Service",
      stackTags: { env: "prod" },
      account: "111111111111",
      region: "eu-west-1",
      terminationProtection: true,
      stagePath: "Prod",
    };
    const nested = nestedStackInput(parent, "DbNestedStackResource", "cdk.out/db.json", { Resources: {} });
    expect(nested).toEqual({
      file: "cdk.out/db.json",
      value: { Resources: {} },
      stackName: "Prod-Service.DbNestedStackResource",
      stackTags: { env: "prod" },
      account: "111111111111",
      region: "eu-west-1",
      terminationProtection: true,
      stagePath: "Prod",
      nestedIn: "Prod-Service",
    });
    expect(nestedStackInput({ file: "cdk.out/Loose.template.json", value: {} }, "Db", "cdk.out/db.json", {})).toEqual({
      file: "cdk.out/db.json",
      value: {},
      stackName: "Loose.Db",
      nestedIn: "Loose",
    });
  });
});

describe("readTemplate", () => {
  it("reads roles with inline policies, trust policy and evidence lines from YAML short forms", () => {
    const input = fixture("prod-agent.template.yaml");
    const read = readTemplate(input, policy);
    expect(read.errors).toEqual([]);
    expect(read.production).toBe(true);
    const role = read.iam.principals.find((p) => p.subject === "prod-agent/KiroAgentRole");
    expect(role?.name).toBe("kiro-agent");
    expect(role?.trustPolicy?.evidence.line).toBe(23);
    expect(role?.policies[0]?.evidence).toEqual({ file: input.file, line: 32, pointer: "/Resources/KiroAgentRole/Properties/Policies/0/PolicyDocument" });
    const ref = role?.policies[0]?.resolveResource?.({ "Fn::GetAtt": ["OrdersTable", "Arn"] });
    expect(ref).toMatchObject({ pattern: "arn:aws:dynamodb:*:*:table/orders-*", production: true });
  });

  it("resolves Fn::Sub with parameters as wildcards and pseudo parameters from the stack", () => {
    const ctx = { resources: {}, mappings: {}, account: "111111111111", region: "eu-west-1", production: true, stackLabel: "stack S", exports: new Map() } as ResolveContext;
    expect(resolveText({ "Fn::Sub": "arn:${AWS::Partition}:s3:::logs-${AWS::AccountId}-${Env}/*" }, ctx).text).toBe("arn:aws:s3:::logs-111111111111-*/*");
    expect(resolveText({ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::aws:policy/AdministratorAccess"]] }, ctx).text).toBe("arn:aws:iam::aws:policy/AdministratorAccess");
    expect(resolveText({ "Fn::If": ["IsProd", "a", "b"] }, ctx).text).toBe("*");
    expect(resolveText({ "Fn::Sub": ["${A}-x", { A: "lit" }] }, ctx).text).toBe("lit-x");
  });

  it("gives a staging stack's resources their non-production status", () => {
    const prod = fixture("prod-agent.template.yaml");
    const staging: TemplateInput = { ...prod, file: "staging-agent.template.yaml", stackName: "orders-staging" };
    const read = readTemplate(staging, policy);
    expect(read.production).toBe(false);
    const ref = read.iam.principals[0]?.policies[0]?.resolveResource?.({ "Fn::GetAtt": ["OrdersTable", "Arn"] });
    expect(ref?.production).toBe(false);
  });

  it("resolves Fn::ImportValue through another template's exports", () => {
    const exports = new Map<string, ResourceRef>();
    collectExports(
      {
        file: "data-prod.json",
        stackName: "DataProd",
        value: {
          Resources: { Table: { Type: "AWS::DynamoDB::Table", Properties: { TableName: "orders" } } },
          Outputs: { TableArn: { Value: { "Fn::GetAtt": ["Table", "Arn"] }, Export: { Name: "DataProd:TableArn" } } },
        },
      },
      policy,
      exports,
    );
    expect(exports.get("DataProd:TableArn")).toMatchObject({ pattern: "arn:aws:dynamodb:*:*:table/orders", production: true });
  });

  it("reports unknown intrinsics with their pointer", () => {
    expect(findUnknownIntrinsics({ Resources: { R: { Properties: { X: { "Fn::Frobnicate": [] } } } } })).toEqual([
      { key: "Fn::Frobnicate", pointer: "/Resources/R/Properties/X" },
    ]);
  });

  it("attaches AWS::IAM::Policy and ManagedPolicy to roles in and outside the template; AWS managed ARNs stay unresolved", () => {
    const read = readTemplate(
      {
        file: "t.json",
        stackName: "ProdStack",
        value: {
          Resources: {
            Role: { Type: "AWS::IAM::Role", Properties: { ManagedPolicyArns: [{ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::aws:policy/ReadOnlyAccess"]] }, { Ref: "Managed" }] } },
            Managed: { Type: "AWS::IAM::ManagedPolicy", Properties: { PolicyDocument: { Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] } } },
            Pol: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "p", PolicyDocument: { Statement: [] }, Roles: [{ Ref: "Role" }, "devin-agent"] } },
            Boundary: { Type: "AWS::IAM::Role", Properties: { PermissionsBoundary: { Ref: "Managed" } } },
            Imported: { Type: "AWS::IAM::Role", Properties: { PermissionsBoundary: "arn:aws:iam::111111111111:policy/elsewhere" } },
          },
        },
      },
      policy,
    );
    const role = read.iam.principals.find((p) => p.subject === "ProdStack/Role");
    expect(role?.unresolvedPolicies?.map((u) => u.arn)).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    expect(role?.policies.map((p) => p.name)).toEqual(["Managed", "p"]);
    const external = read.iam.principals.find((p) => p.name === "devin-agent");
    expect(external?.subject).toBe("ProdStack/devin-agent");
    expect(external?.policies.map((p) => p.name)).toEqual(["p"]);
    expect(read.iam.principals.find((p) => p.subject === "ProdStack/Boundary")?.boundary).toMatchObject({ name: "Managed" });
    expect(read.iam.principals.find((p) => p.subject === "ProdStack/Imported")?.boundary).toBe("unresolved");
  });

  it("a blank ManagedPolicyArns entry (YAML null) is an unknown policy (any ARN), never a crash", () => {
    const text = [
      "Resources:",
      "  AgentRole:",
      "    Type: AWS::IAM::Role",
      "    Properties:",
      "      RoleName: kiro-agent",
      "      ManagedPolicyArns:",
      "        - arn:aws:iam::aws:policy/ReadOnlyAccess",
      "        -",
    ].join("\n");
    const parsed = parseSource(text);
    const read = readTemplate({ file: "t.yaml", stackName: "ProdStack", value: parsed.value, lineOf: parsed.lineOf }, policy);
    const role = read.iam.principals.find((p) => p.subject === "ProdStack/AgentRole");
    expect(role?.unresolvedPolicies?.map((u) => [u.arn, u.evidence.pointer])).toEqual([
      ["arn:aws:iam::aws:policy/ReadOnlyAccess", "/Resources/AgentRole/Properties/ManagedPolicyArns/0"],
      ["*", "/Resources/AgentRole/Properties/ManagedPolicyArns/1"],
    ]);
  });

  it("a principal's tags: Key/Value entries only (resolved), other entries ignored, never a crash", () => {
    const read = readTemplate(
      {
        file: "t.json",
        account: "111111111111",
        stackName: "ProdStack",
        value: {
          Resources: {
            Role: {
              Type: "AWS::IAM::Role",
              Properties: { Tags: [{ Key: "team", Value: "orders" }, { Key: "stage", Value: { Ref: "AWS::Region" } }, "env=prod", null, { Key: 5, Value: "x" }, { Value: "no key" }] },
            },
          },
        },
      },
      policy,
    );
    expect(read.errors).toEqual([]);
    expect(read.iam.principals.find((p) => p.subject === "ProdStack/Role")?.tags).toEqual({ team: "orders", stage: "*" });
  });

  it("a principal named by a parameter is the worst case in the stack's account (when known)", () => {
    const value = {
      Parameters: { AgentRoleName: { Type: "String" } },
      Resources: { Pol: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "p", PolicyDocument: { Statement: [] }, Roles: [{ Ref: "AgentRoleName" }] } } },
    };
    const known = readTemplate({ file: "t.json", account: "111111111111", stackName: "ProdStack", value }, policy).iam.principals;
    expect(known.map((p) => [p.subject, p.account])).toEqual([["ProdStack/role named by parameter AgentRoleName", "111111111111"]]);
    const agnostic = readTemplate({ file: "t.json", stackName: "ProdStack", value }, policy).iam.principals;
    expect(agnostic.map((p) => [p.subject, "account" in p])).toEqual([["ProdStack/role named by parameter AgentRoleName", false]]);
  });
});


describe("resourceTagsOf: the tags a CDK stack's resources carry (its own under @aws-cdk/core:explicitStackTags)", () => {
  it("reads CDK's tag shapes (a list, a map, a type's own property), literal values only; a resource with no tags property is not listed", () => {
    const template = {
      Resources: {
        Table: { Type: "AWS::DynamoDB::Table", Properties: { Tags: [{ Key: "Environment", Value: "prod" }] } },
        Param: { Type: "AWS::SSM::Parameter", Properties: { Tags: { Environment: "prod" } } },
        Pool: { Type: "AWS::Cognito::UserPool", Properties: { UserPoolTags: { Stage: "live" } } },
        Group: { Type: "AWS::AutoScaling::AutoScalingGroup", Properties: { Tags: [{ Key: "Environment", Value: "prod", PropagateAtLaunch: true }] } },
        ByParameter: { Type: "AWS::S3::Bucket", Properties: { Tags: [{ Key: "Environment", Value: { Ref: "Env" } }] } },
        Service: { Type: "AWS::ECS::Service", Properties: { PropagateTags: "SERVICE" } },
        Policy: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "p", PolicyDocument: {} } },
      },
    };
    expect(resourceTagsOf(template, "Data/")).toEqual([
      { resource: "Data/Table", tags: { Environment: "prod" } },
      { resource: "Data/Param", tags: { Environment: "prod" } },
      { resource: "Data/Pool", tags: { Stage: "live" } },
      { resource: "Data/Group", tags: { Environment: "prod" } },
      { resource: "Data/ByParameter", tags: {} },
    ]);
  });

  it("a nested stack of a CDK stack carries its parent's resources' tags and its own; another template's nested stack none", () => {
    const parent: TemplateInput = { file: "p.json", value: { Resources: { T: { Type: "AWS::SNS::Topic", Properties: { Tags: [{ Key: "Environment", Value: "prod" }] } } } }, stackName: "P", resourceTags: [{ resource: "T", tags: { Environment: "prod" } }] };
    const value = { Resources: { Q: { Type: "AWS::SQS::Queue", Properties: { Tags: [{ Key: "Team", Value: "x" }] } } } };
    expect(nestedStackInput(parent, "Inner", "n.json", value).resourceTags).toEqual([
      { resource: "T", tags: { Environment: "prod" } },
      { resource: "Inner/Q", tags: { Team: "x" } },
    ]);
    const { resourceTags: _, ...plain } = parent;
    expect(nestedStackInput(plain, "Inner", "n.json", value).resourceTags).toBeUndefined();
  });
});
