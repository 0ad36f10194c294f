/**
 * `Action: "*"` scoped to one service's ARNs (`Resource: arn:aws:bedrock:*`, as the custom-resource
 * role of aws-samples/amazon-bedrock-samples agents/bedrock-agent-cdk writes it): a short ARN
 * pattern is compared whole, and the formats' `${Partition}` used to run across its colons, so
 * iam:CreatePolicyVersion or cloudformation:DeleteStack "reached" arn:aws:bedrock:* and the role
 * was reported as able to escalate. A pattern that names its service reaches that service only.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { actionReachesResource } from "../../../src/core/iam/resource-types.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const catalogue = loadCatalogue();

it("a short ARN pattern of one service reaches that service's actions only", () => {
  expect(actionReachesResource(catalogue, "iam:CreatePolicyVersion", "arn:aws:bedrock:*")).toBe(false);
  expect(actionReachesResource(catalogue, "cloudformation:DeleteStack", "arn:aws:bedrock:*")).toBe(false);
  expect(actionReachesResource(catalogue, "bedrock:DeleteAgent", "arn:aws:bedrock:*")).toBe(true);
  // Unchanged: a pattern whose service is a wildcard may be any service's.
  expect(actionReachesResource(catalogue, "iam:CreatePolicyVersion", "arn:aws:*")).toBe(true);
});

it("an agent role with * on arn:aws:bedrock:*: destructive (bedrock deletes), no escalation", () => {
  const template = {
    Resources: {
      CustomResourceRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: "bedrock-agent-custom-resource",
          AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
          Policies: [{ PolicyName: "p", PolicyDocument: { Statement: [{ Effect: "Allow", Action: "*", Resource: "arn:aws:bedrock:*" }] } }],
        },
      },
    },
  };
  const parsed = parseSource(JSON.stringify(template, null, 2));
  const { findings, errors } = evaluateTemplates([{ file: "agent.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "BedrockAgentProd" }], resolvePolicy(), catalogue);
  expect(errors).toEqual([]);
  const agent = findings.filter((f) => f.rule.startsWith("agent-"));
  expect(agent.map((f) => f.rule)).toEqual(["agent-destructive-prod"]);
  expect(agent[0]?.actions).toContain("bedrock:DeleteAgent");
  expect(agent[0]?.actions?.some((a) => a.startsWith("cloudformation:") || a.startsWith("iam:"))).toBe(false);
});
