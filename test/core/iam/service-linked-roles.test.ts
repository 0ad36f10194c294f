/**
 * Service-linked roles in an account snapshot (aws iam get-account-authorization-details). AWS
 * defines their trust and permissions, only the service assumes them, and their policies (under
 * `arn:aws:iam::aws:policy/aws-service-role/`) cannot be attached to any other IAM entity (AWS
 * docs, "Using service-linked roles for Amazon Bedrock AgentCore"). Accounts that run AgentCore,
 * AWS DevOps Agent or AWS Security Agent hold such roles with "Agent" and "Bedrock" in their names.
 * Verdicts decided before running: AWS's own are no agent's (nothing the agent or the user can
 * change or assume); the same path with anything of the user's in it stays an agent's (fail closed).
 */
import { readAuthorizationDetails } from "../../../src/core/iam/authorization-details.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { catalogue, policy } from "./helpers.js";
import { readManagedPolicyCorpus } from "./managed-policy-corpus.js";

const corpus = readManagedPolicyCorpus();
const published = (name: string) => {
  const p = corpus[name];
  if (!p) throw new Error(`${name} is not in the corpus`);
  return { PolicyName: name, Arn: p.arn, DefaultVersionId: p.latestVersionId, PolicyVersionList: [{ VersionId: p.latestVersionId, IsDefaultVersion: true, Document: p.versions[p.latestVersionId]?.document }] };
};
const serviceTrust = (service: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });

// AgentCore's roles as its developer guide names them, with the services they trust.
const SLRS: [name: string, service: string, policy: string][] = [
  ["AWSServiceRoleForBedrockAgentCoreNetwork", "network.bedrock-agentcore.amazonaws.com", "BedrockAgentCoreNetworkServiceRolePolicy"],
  ["AWSServiceRoleForBedrockAgentCoreGatewayNetwork", "network.bedrock-agentcore.amazonaws.com", "AWSBedrockAgentCoreGatewayNetworkServiceRolePolicy"],
  ["AWSServiceRoleForBedrockAgentCoreRuntimeInstances", "runtime-instances.bedrock-agentcore.amazonaws.com", "AWSBedrockAgentCoreRuntimeInstancesServiceRolePolicy"],
];

function snapshot(roles: Record<string, unknown>[], policies: string[]) {
  return { RoleDetailList: roles, UserDetailList: [], GroupDetailList: [], Policies: policies.map(published) };
}
function slr(name: string, service: string, policyName: string, extra: Record<string, unknown> = {}) {
  const path = `/aws-service-role/${service}/`;
  return {
    Path: path,
    RoleName: name,
    RoleId: "AROAEXAMPLE",
    Arn: `arn:aws:iam::111111111111:role${path}${name}`,
    AssumeRolePolicyDocument: serviceTrust(service),
    RolePolicyList: [],
    AttachedManagedPolicies: [{ PolicyName: policyName, PolicyArn: corpus[policyName]?.arn }],
    Tags: [],
    ...extra,
  };
}
function verdicts(value: unknown): Record<string, string[]> {
  const { input, errors } = readAuthorizationDetails(value, "gaad.json");
  expect(errors).toEqual([]);
  const out: Record<string, string[]> = {};
  for (const f of evaluateIam(input, policy, catalogue).findings) (out[f.subject.split("/").pop() as string] ??= []).push(f.rule);
  return out;
}

it("AWS's service-linked roles are no agent's, whatever their names say", () => {
  expect(verdicts(snapshot(SLRS.map(([n, s, p]) => slr(n, s, p)), SLRS.map(([, , p]) => p)))).toEqual({});
});

it("the service-linked path with anything of the user's in it is judged as any role (fail closed)", () => {
  const [name, service, p] = SLRS[2] as [string, string, string];
  const deleteTables = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: "*" }] };
  const cases: Record<string, unknown>[] = [
    // An inline policy: none of AWS's.
    slr(`${name}Inline`, service, p, { RolePolicyList: [{ PolicyName: "extra", PolicyDocument: deleteTables }] }),
    // A customer managed policy attached.
    slr(`${name}Customer`, service, p, { AttachedManagedPolicies: [{ PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }] }),
    // A trust that admits someone other than the service.
    slr(`${name}Trust`, service, p, { AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] } }),
  ];
  // A role of the user's own, named like a service-linked one, at the ordinary path.
  cases.push({ ...slr(`${name}Named`, service, p), Path: "/", Arn: `arn:aws:iam::111111111111:role/${name}Named` });
  const got = verdicts(snapshot(cases, [p, "AdministratorAccess"]));
  for (const suffix of ["Inline", "Customer", "Trust", "Named"]) expect([suffix, got[`${name}${suffix}`]]).toEqual([suffix, expect.arrayContaining(["agent-destructive-prod"])]);
});

it("a service-linked role whose trust cannot be decoded is judged as any role, and the trust is named (fail closed)", () => {
  const [name, service, p] = SLRS[2] as [string, string, string];
  // URL-encoded as IAM returns it, cut short: decodeURIComponent throws on it.
  const role = slr(name, service, p, { AssumeRolePolicyDocument: "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%E0%A4%A" });
  const { input, errors } = readAuthorizationDetails(snapshot([role], [p]), "gaad.json");
  expect(errors).toEqual([]);
  const result = evaluateIam(input, policy, catalogue);
  expect(result.findings.map((f) => [f.subject.split("/").pop(), f.rule])).toEqual(expect.arrayContaining([[name, "agent-destructive-prod"]]));
  expect(result.errors).toEqual([
    { file: "gaad.json", message: expect.stringMatching(new RegExp(`^${name} trust policy: not valid JSON \\(URI malformed\\); treated as admitting anyone$`)) },
  ]);
});

it("a trust policy that is not an object is named as an input error, and the role is judged as trusting anyone", () => {
  const role = { ...slr("deploy-agent", "ec2.amazonaws.com", "AWSBedrockAgentCoreRuntimeInstancesServiceRolePolicy"), Path: "/", Arn: "arn:aws:iam::111111111111:role/deploy-agent", AssumeRolePolicyDocument: "%5B%5D" };
  const { input } = readAuthorizationDetails(snapshot([role], ["AWSBedrockAgentCoreRuntimeInstancesServiceRolePolicy"]), "gaad.json");
  const result = evaluateIam(input, policy, catalogue);
  expect(result.errors).toEqual([{ file: "gaad.json", message: "deploy-agent trust policy: not an object; treated as admitting anyone" }]);
  expect(result.findings.map((f) => f.rule)).toContain("agent-destructive-prod");
});
