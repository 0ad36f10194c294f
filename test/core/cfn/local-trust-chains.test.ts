/**
 * A role of the template that trusts another role of it by reference (`AWS: !GetAtt Runtime.Arn`,
 * `!Sub arn:...:role/${RoleName}` of a literal name): IAM lets the named role assume it with no
 * sts:AssumeRole of its own (same account; src/core/iam/trust.ts). An agent's runtime role with no
 * policy at all, trusted so by an administrator role, can become that administrator: the chain
 * is the agent's. Verdicts decided from the templates before running.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

function template(runtime: Record<string, unknown>, trusted: unknown, account?: string) {
  const value = {
    AWSTemplateFormatVersion: "2010-09-09",
    Resources: {
      Runtime: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole" }] },
          ...runtime,
        },
      },
      Deployer: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: trusted }, Action: "sts:AssumeRole" }] },
          ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        },
      },
    },
  };
  const { findings, errors } = evaluateTemplates([{ file: "agent.template.json", value, stackName: "AgentProd", ...(account ? { account } : {}) }], policy, catalogue);
  expect(errors).toEqual([]);
  return findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject.split("/").pop() ?? ""}: ${f.message}`);
}

it.each([
  ["a GetAtt of a generated name", {}, { "Fn::GetAtt": ["Runtime", "Arn"] }, undefined],
  ["a GetAtt of a literal name", { RoleName: "support-runtime" }, { "Fn::GetAtt": ["Runtime", "Arn"] }, undefined],
  ["an ARN built from the literal name", { RoleName: "support-runtime" }, { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/support-runtime" }, undefined],
  ["a GetAtt, the account known", {}, { "Fn::GetAtt": ["Runtime", "Arn"] }, "111111111111"],
])("an agent role trusted by an administrator role of its template through %s can become it", (_how, runtime, trusted, account) => {
  const found = template(runtime, trusted, account);
  expect(found).toEqual([expect.stringMatching(/^agent-privilege-escalation Runtime: .*→ Deployer \(sts:AssumeRole\), which can delete or replace production resources/)]);
});

it("a role trusted by no agent, and an agent trusted by nobody, are no chain", () => {
  const value = (trusted: unknown) => template({ AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] } }, trusted);
  expect(value({ "Fn::GetAtt": ["Runtime", "Arn"] })).toEqual([]);
});
