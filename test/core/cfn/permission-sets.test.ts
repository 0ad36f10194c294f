/**
 * IAM Identity Center permission sets (AWS::SSO::PermissionSet) are roles in the accounts they are
 * assigned to (template.ts permissionSetRole): one for an agent (by name or tag) is judged like an
 * agent role. Written the way the CloudFormation reference shows them; verdicts decided before
 * running. Before, permission sets were not read at all: an agent's permission set with
 * AdministratorAccess passed.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

function scan(resources: string) {
  const text = `Parameters:\n  InstanceArn: { Type: String }\nResources:\n${resources}`;
  const parsed = parseSource(text);
  const { findings, errors } = evaluateTemplates([{ file: "identity.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "IdentityProd" }], policy, catalogue);
  return { errors, findings: findings.filter((f) => f.rule !== "prod-resource-unprotected") };
}

const permissionSet = (id: string, name: string, body: string) => `  ${id}:\n    Type: AWS::SSO::PermissionSet\n    Properties:\n      InstanceArn: !Ref InstanceArn\n      Name: ${name}\n${body}`;

describe("AWS::SSO::PermissionSet", () => {
  it("an agent's permission set with an AWS managed policy: the agent can delete production resources, cited at the policy", () => {
    const { errors, findings } = scan(permissionSet("AgentAccess", "CodingAgentAccess", "      ManagedPolicies:\n        - arn:aws:iam::aws:policy/AdministratorAccess\n"));
    expect(errors).toEqual([]);
    const destructive = findings.find((f) => f.rule === "agent-destructive-prod");
    expect(destructive?.subject).toBe("IdentityProd/AgentAccess");
    expect(destructive?.message).toMatch(/^Permission set CodingAgentAccess \(role AWSReservedSSO_CodingAgentAccess_…\) can delete or replace production resources/);
    expect(destructive?.evidence.map((e) => e.line)).toContain(10);
  });

  it("a name given by a parameter is judged by the parameter's default (ClaudeCodeAccess): an agent's permission set", () => {
    const text = `Parameters:\n  InstanceArn: { Type: String }\n  PermissionSetName: { Type: String, Default: ClaudeCodeAccess }\nResources:\n${permissionSet("Developers", "!Ref PermissionSetName", "      ManagedPolicies: [arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess]\n")}`;
    const parsed = parseSource(text);
    const { findings, errors } = evaluateTemplates([{ file: "identity.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "IdentityProd" }], policy, catalogue);
    expect(errors).toEqual([]);
    const destructive = findings.find((f) => f.rule === "agent-destructive-prod");
    expect(destructive?.subject).toBe("IdentityProd/Developers");
    expect(destructive?.evidence.some((e) => e.note?.startsWith('agent principal: name may be ClaudeCodeAccess (the defaults of its parameters), which matches "*claude*"'))).toBe(true);
  });

  it("an inline policy, as a JSON string or as an object, and an agent tag instead of an agent name", () => {
    const asString = scan(permissionSet("Deploy", "Deployer", "      Tags: [{ Key: agent, Value: claude-code }]\n      InlinePolicy: '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:DeleteTable\",\"Resource\":\"*\"}]}'\n"));
    const asObject = scan(permissionSet("Deploy", "Deployer", "      Tags: [{ Key: agent, Value: claude-code }]\n      InlinePolicy:\n        Version: '2012-10-17'\n        Statement: [{ Effect: Allow, Action: dynamodb:DeleteTable, Resource: '*' }]\n"));
    for (const { errors, findings } of [asString, asObject]) {
      expect(errors).toEqual([]);
      expect(findings.map((f) => [f.rule, f.subject, f.actions])).toEqual([["agent-destructive-prod", "IdentityProd/Deploy", ["dynamodb:DeleteTable"]]]);
    }
  });

  it("a customer managed policy by reference cannot be verified, and a boundary by reference cannot be shown to restrict (fail closed)", () => {
    const { findings } = scan(
      permissionSet("AgentPs", "KiroAgent", "      CustomerManagedPolicyReferences:\n        - Name: agent-deploy\n          Path: /agents/\n      PermissionsBoundary:\n        CustomerManagedPolicyReference: { Name: agent-boundary }\n      ManagedPolicies: [arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess]\n"),
    );
    expect(findings.map((f) => f.rule).sort()).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
    const evidence = findings.find((f) => f.rule === "agent-destructive-prod")?.evidence ?? [];
    expect(evidence.find((e) => e.pointer === "/Resources/AgentPs/Properties/CustomerManagedPolicyReferences/0")?.arn).toBe("customer managed policy /agents/agent-deploy of each assigned account");
    expect(evidence.find((e) => e.pointer === "/Resources/AgentPs")?.note).toContain("permission boundary set but its document is not in the input");
  });

  it("a human's permission set is no agent's, and no role of the template can assume a permission set's role", () => {
    const { errors, findings } = scan(
      permissionSet("Admins", "PlatformAdmins", "      ManagedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess]\n") +
        "  AgentRole:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: coding-agent\n      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: bedrock.amazonaws.com }, Action: sts:AssumeRole }] }\n      Policies: [{ PolicyName: hop, PolicyDocument: { Statement: [{ Effect: Allow, Action: sts:AssumeRole, Resource: 'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*' }] } }]\n",
    );
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.subject)).toEqual(["IdentityProd/AgentRole"]);
    expect(findings[0]?.message).not.toContain("PlatformAdmins");
  });
});
