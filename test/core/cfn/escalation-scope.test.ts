/**
 * Escalation (T4) is about the account a grant reaches: a grant on a resource of a staging stack
 * stays in staging (access.ts inProductionAccount). Verdicts decided from the template before running.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();
const bedrockTrust = { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] };
it("escalation on a resource of a staging stack stays in staging; the same stack in production is reported", () => {
  const value = {
    Resources: {
      AgentPolicy: { Type: "AWS::IAM::ManagedPolicy", Properties: { PolicyDocument: { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } } },
      AgentRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: "coding-agent",
          AssumeRolePolicyDocument: bedrockTrust,
          ManagedPolicyArns: [{ Ref: "AgentPolicy" }],
          Policies: [{ PolicyName: "self-service", PolicyDocument: { Statement: [{ Effect: "Allow", Action: "iam:CreatePolicyVersion", Resource: { Ref: "AgentPolicy" } }] } }],
        },
      },
    },
  };
  const parsed = parseSource(JSON.stringify(value, null, 2));
  const escalation = (stackName: string) =>
    evaluateTemplates([{ file: "agent.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName }], policy, catalogue).findings.filter((f) => f.rule === "agent-privilege-escalation").map((f) => f.subject);
  expect(escalation("Orders-Staging")).toEqual([]);
  expect(escalation("Orders-Prod")).toEqual(["Orders-Prod/AgentRole"]);
});
