/**
 * A policy attached to a principal the template cannot name (a parameter, an import from outside
 * the scan, a group made elsewhere) is evaluated as if attached to an agent principal of the stack
 * (fail closed), never dropped. Expected verdicts are written from the templates, before running.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import type { TemplateInput } from "../../../src/core/cfn/template.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();
const yamlInput = (text: string, stackName = "OrdersProd"): TemplateInput => {
  const parsed = parseSource(text);
  return { file: "orders.template.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName, terminationProtection: true };
};
const lineOf = (text: string, needle: string): number => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

// The shape of a typical "attach permissions to an existing role" template (AWS docs' AWS::IAM::Policy example).
const byParameter = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  AgentRoleName:
    Type: String
    Default: deploy-helper
Resources:
  AgentPermissions:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: orders-admin
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: dynamodb:DeleteTable
            Resource: "*"
      Roles:
        - !Ref AgentRoleName
`;

describe("policies attached to a role the template cannot resolve", () => {
  it("evaluates a policy on a role named by a parameter as an agent role: DeleteTable on * is a finding with file and line", () => {
    const { findings, errors } = evaluateTemplates([yamlInput(byParameter)], policy, catalogue);
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.rule).toBe("agent-destructive-prod");
    expect(finding?.subject).toBe("OrdersProd/role named by parameter AgentRoleName");
    expect(finding?.message).toMatch(/^Role named by parameter AgentRoleName can delete or replace production resources: dynamodb:DeleteTable/);
    expect(finding?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(finding?.evidence[0]).toMatchObject({
      file: "orders.template.yaml",
      line: lineOf(byParameter, "- Effect: Allow"),
      pointer: "/Resources/AgentPermissions/Properties/PolicyDocument/Statement/0",
    });
    const principal = finding?.evidence.at(-1);
    expect(principal).toMatchObject({ file: "orders.template.yaml", line: lineOf(byParameter, "- !Ref AgentRoleName"), pointer: "/Resources/AgentPermissions/Properties/Roles/0" });
    expect(principal?.note).toMatch(/cannot be resolved from the template/);
  });

  it("does not flag the same role when the policy only reads (the worst case is evaluated, not assumed guilty)", () => {
    const readOnly = byParameter.replace("dynamodb:DeleteTable", "dynamodb:GetItem");
    expect(evaluateTemplates([yamlInput(readOnly)], policy, catalogue)).toEqual({ findings: [], errors: [] });
  });

  it("flags a ManagedPolicy attached through Fn::ImportValue of an export outside the scan", () => {
    const template = {
      Resources: {
        Escalate: {
          Type: "AWS::IAM::ManagedPolicy",
          Properties: {
            PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: "*" }] },
            Roles: [{ "Fn::ImportValue": "Shared-AgentRoleName" }],
          },
        },
      },
    };
    const { findings, errors } = evaluateTemplates([yamlInput(JSON.stringify(template))], policy, catalogue);
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.rule, f.subject])).toEqual([["agent-privilege-escalation", "OrdersProd/role named by Fn::ImportValue Shared-AgentRoleName"]]);
    expect(findings[0]?.evidence.at(-1)?.pointer).toBe("/Resources/Escalate/Properties/Roles/0");
  });

  it("joins two policies attached to the same parameter role: PassRole in one, RunInstances in the other, is escalation", () => {
    const statement = (action: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });
    const template = {
      Parameters: { RoleName: { Type: "String" } },
      Resources: {
        Pass: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "pass", PolicyDocument: statement("iam:PassRole"), Roles: [{ Ref: "RoleName" }] } },
        Create: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "create", PolicyDocument: statement("ec2:RunInstances"), Roles: [{ Ref: "RoleName" }] } },
      },
    };
    const { findings } = evaluateTemplates([yamlInput(JSON.stringify(template))], policy, catalogue);
    expect(findings.map((f) => f.rule)).toEqual(["agent-privilege-escalation"]);
    expect(findings[0]?.actions).toEqual(["ec2:RunInstances", "iam:PassRole"]);
  });

  it("flags an AWS::IAM::RolePolicy whose RoleName is a partly known Fn::Sub", () => {
    const template = {
      Parameters: { Env: { Type: "String" } },
      Resources: {
        Inline: {
          Type: "AWS::IAM::RolePolicy",
          Properties: {
            PolicyName: "p",
            RoleName: { "Fn::Sub": "worker-${Env}" },
            PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "rds:DeleteDBCluster", Resource: "*" }] },
          },
        },
      },
    };
    const { findings } = evaluateTemplates([yamlInput(JSON.stringify(template))], policy, catalogue);
    expect(findings.map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", "OrdersProd/role named worker-*"]]);
  });

  it("still evaluates a literal role name made elsewhere by its name (a non-agent name is not flagged)", () => {
    const literal = byParameter.replace("- !Ref AgentRoleName", "- orders-batch-worker");
    expect(evaluateTemplates([yamlInput(literal)], policy, catalogue).findings).toEqual([]);
    const agent = byParameter.replace("- !Ref AgentRoleName", "- kiro-agent");
    expect(evaluateTemplates([yamlInput(agent)], policy, catalogue).findings.map((f) => f.subject)).toEqual(["OrdersProd/kiro-agent"]);
  });
});

describe("groups the template cannot resolve", () => {
  const deleteTable = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: "*" }] };

  it("evaluates a policy on a group named by a parameter as held by an agent member", () => {
    const template = {
      Parameters: { Team: { Type: "String" } },
      Resources: { P: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "p", PolicyDocument: deleteTable, Groups: [{ Ref: "Team" }] } } },
    };
    const { findings } = evaluateTemplates([yamlInput(JSON.stringify(template))], policy, catalogue);
    expect(findings.map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", "OrdersProd/user a member of group named by parameter Team"]]);
  });

  it("evaluates an AWS::IAM::GroupPolicy on a group made elsewhere the same way", () => {
    const template = { Resources: { P: { Type: "AWS::IAM::GroupPolicy", Properties: { PolicyName: "p", GroupName: "ops", PolicyDocument: deleteTable } } } };
    const { findings } = evaluateTemplates([yamlInput(JSON.stringify(template))], policy, catalogue);
    expect(findings.map((f) => f.subject)).toEqual(["OrdersProd/user a member of group named ops"]);
  });

  it("does not verify an agent user in a group made elsewhere: the group's policies are unknown", () => {
    const template = { Resources: { Agent: { Type: "AWS::IAM::User", Properties: { UserName: "codex-agent", Groups: ["platform-admins"] } } } };
    const { findings } = evaluateTemplates([yamlInput(JSON.stringify(template))], policy, catalogue);
    expect(findings.map((f) => f.rule)).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
    expect(findings[0]?.message).toMatch(/cannot be verified not to delete or replace production resources: policies of group named platform-admins/);
    expect(findings[0]?.evidence[0]).toMatchObject({ pointer: "/Resources/Agent/Properties/Groups/0", note: "group not defined in this template: its policies are not verified (fail closed)" });
  });

  it("gives a user added with AWS::IAM::UserToGroupAddition by literal names the group's policies", () => {
    const template = {
      Resources: {
        Ops: { Type: "AWS::IAM::Group", Properties: { GroupName: "ops", Policies: [{ PolicyName: "p", PolicyDocument: deleteTable }] } },
        Agent: { Type: "AWS::IAM::User", Properties: { UserName: "codex-agent" } },
        Join: { Type: "AWS::IAM::UserToGroupAddition", Properties: { GroupName: "ops", Users: ["codex-agent"] } },
      },
    };
    const { findings } = evaluateTemplates([yamlInput(JSON.stringify(template))], policy, catalogue);
    expect(findings.map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", "OrdersProd/Agent"]]);
  });

  it("adds an unresolvable user of a UserToGroupAddition as an agent member of the group", () => {
    const template = {
      Parameters: { Who: { Type: "String" } },
      Resources: {
        Ops: { Type: "AWS::IAM::Group", Properties: { Policies: [{ PolicyName: "p", PolicyDocument: deleteTable }] } },
        Join: { Type: "AWS::IAM::UserToGroupAddition", Properties: { GroupName: { Ref: "Ops" }, Users: [{ Ref: "Who" }] } },
      },
    };
    const { findings } = evaluateTemplates([yamlInput(JSON.stringify(template))], policy, catalogue);
    expect(findings.map((f) => f.subject)).toEqual(["OrdersProd/user named by parameter Who"]);
  });
});

describe("other attachments and broken policy resources", () => {
  const deleteBucket = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:DeleteBucket", Resource: "*" }] };

  it("an AWS::IAM::UserPolicy on a user named by a parameter is evaluated as an agent user's", () => {
    const template = { Parameters: { Who: { Type: "String" } }, Resources: { P: { Type: "AWS::IAM::UserPolicy", Properties: { PolicyName: "p", UserName: { Ref: "Who" }, PolicyDocument: deleteBucket } } } };
    const { findings } = evaluateTemplates([yamlInput(JSON.stringify(template))], policy, catalogue);
    expect(findings.map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", "OrdersProd/user named by parameter Who"]]);
  });

  it("a user in a group of the template (by Ref) gets the group's inline and attached policies", () => {
    const template = {
      Resources: {
        Ops: { Type: "AWS::IAM::Group", Properties: { Policies: [{ PolicyName: "inline", PolicyDocument: deleteBucket }, "not a policy"] } },
        Extra: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "extra", PolicyDocument: deleteBucket, Groups: [{ Ref: "Ops" }] } },
        Agent: { Type: "AWS::IAM::User", Properties: { UserName: "codex-agent", Groups: [{ Ref: "Ops" }], Tags: [{ Key: "team", Value: "platform" }, "junk"] } },
      },
    };
    const { findings, errors } = evaluateTemplates([yamlInput(JSON.stringify(template))], policy, catalogue);
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", "OrdersProd/Agent"]]);
    expect(findings[0]?.evidence.map((e) => e.pointer).slice(0, 2)).toEqual([
      "/Resources/Ops/Properties/Policies/0/PolicyDocument/Statement/0",
      "/Resources/Extra/Properties/PolicyDocument/Statement/0",
    ]);
  });

  it("a ManagedPolicy or Policy without a PolicyDocument is an input error with its line, not a dropped resource", () => {
    const text = JSON.stringify({ Resources: { Empty: { Type: "AWS::IAM::ManagedPolicy", Properties: { Roles: ["kiro-agent"] } }, Bare: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "bare", Roles: ["kiro-agent"] } } } }, null, 2);
    const { errors } = evaluateTemplates([yamlInput(text)], policy, catalogue);
    // The document is missing: the line is where it would go, the end of the resource's Properties.
    const endOfProperties = (id: string) => text.split("\n").findIndex((l, i, all) => i > all.findIndex((x) => x.includes(`"${id}"`)) && l === "      }") + 1;
    expect(errors).toEqual([
      { file: "orders.template.yaml", line: endOfProperties("Empty"), message: "Empty: policy document is not an object; treated as allowing everything" },
      { file: "orders.template.yaml", line: endOfProperties("Bare"), message: "bare: policy document is not an object; treated as allowing everything" },
    ]);
  });
});
