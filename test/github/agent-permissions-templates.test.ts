import { checkAgentPermissions, type AgentPermissionsInput, type ChangedFile } from "../../src/github/checks/agent-permissions.js";
import { loadCatalogue } from "../../src/policy/catalogue.js";
import { resolvePolicy } from "../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();
const readOnly = { Sid: "ReadOrders", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:Query"], Resource: "arn:aws:dynamodb:us-east-1:111111111111:table/orders-prod" };
const wide = { Sid: "AgentData", Effect: "Allow", Action: "dynamodb:*", Resource: "*" };

function pr(files: ChangedFile[], head: Record<string, string>, base: Record<string, string>): AgentPermissionsInput {
  return { policy, catalogue, files, filesComplete: true, read: async (side, path) => (side === "head" ? head : base)[path] };
}

const agentTemplate = (statements: unknown[]): string =>
  `${JSON.stringify(
    {
      AWSTemplateFormatVersion: "2010-09-09",
      Resources: {
        KiroAgentRole: {
          Type: "AWS::IAM::Role",
          Properties: {
            RoleName: "kiro-agent-prod",
            AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            Policies: [{ PolicyName: "agent", PolicyDocument: { Version: "2012-10-17", Statement: statements } }],
          },
        },
      },
    },
    null,
    2,
  )}\n`;

test("CloudFormation: adding dynamodb:* on * to an agent role fails with an annotation in the role's policy; narrowing passes", async () => {
  const t = "cdk.out/ShopProdStack.template.json";
  const head = agentTemplate([readOnly, wide]);
  const out = await checkAgentPermissions(pr([{ path: t, status: "modified" }], { [t]: head }, { [t]: agentTemplate([readOnly]) }));
  expect(out.conclusion).toBe("failure");
  const annotation = out.annotations.find((a) => a.title === "agent-destructive-prod");
  expect(annotation?.path).toBe(t);
  const policyStart = head.split("\n").findIndex((l) => l.includes('"Policies"')) + 1;
  expect(annotation?.start_line).toBeGreaterThan(policyStart);
  const narrowed = await checkAgentPermissions(pr([{ path: t, status: "modified" }], { [t]: agentTemplate([readOnly]) }, { [t]: head }));
  expect(narrowed.conclusion).toBe("success");
});
