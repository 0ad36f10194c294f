/**
 * Kubernetes access a template gives through an EKS access entry (AWS::EKS::AccessEntry, which
 * CDK's `cluster.grantAccess` synthesizes). Verdicts decided from the EKS User Guide ("Review
 * access policy permissions") before running the tool:
 * - AmazonEKSClusterAdminPolicy / AmazonEKSAdminPolicy / AmazonEKSEditPolicy (cluster or
 *   namespace scope): delete the workloads of their scope (agent-destructive-prod) and run pods as
 *   any service account there, so as its IRSA or Pod Identity role (agent-privilege-escalation).
 * - AmazonEKSAdminViewPolicy: reads Secrets, deletes nothing: escalation only.
 * - AmazonEKSViewPolicy: nothing. A non-agent role, or a non-production stack: nothing.
 * - An access policy the template does not resolve: both (fail closed).
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import type { TemplateInput } from "../../../src/core/cfn/template.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();
const trust = (principal: Record<string, unknown>) => ({ AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] } });
const policyArn = (name: string) => `arn:aws:eks::aws:cluster-access-policy/${name}`;
const clusterScope = { Type: "cluster" };

function run(entry: Record<string, unknown>, stackName = "OrdersProd", extra: Record<string, unknown> = {}, account?: string) {
  const value = {
    Parameters: { AccessPolicyArn: { Type: "String" } },
    Resources: {
      // An agent by its trust (Bedrock), and a human deploy role (the account root).
      AgentRole: { Type: "AWS::IAM::Role", Properties: trust({ Service: "bedrock.amazonaws.com" }) },
      DeployRole: { Type: "AWS::IAM::Role", Properties: trust({ AWS: "arn:aws:iam::111111111111:root" }) },
      Cluster: { Type: "AWS::EKS::Cluster", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", Properties: { Name: "orders", RoleArn: "arn:aws:iam::111111111111:role/eks", ResourcesVpcConfig: { SubnetIds: ["subnet-1"] } } },
      AgentAccess: { Type: "AWS::EKS::AccessEntry", Properties: { ClusterName: { Ref: "Cluster" }, PrincipalArn: { "Fn::GetAtt": ["AgentRole", "Arn"] }, ...entry } },
      ...extra,
    },
  };
  const parsed = parseSource(JSON.stringify(value, null, 2));
  const input: TemplateInput = { file: "prod.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName, terminationProtection: true, ...(account ? { account } : {}) };
  const { findings, errors } = evaluateTemplates([input], policy, catalogue);
  const of = (rule: string) => findings.filter((f) => f.rule === rule);
  return { errors, destructive: of("agent-destructive-prod"), escalation: of("agent-privilege-escalation") };
}

const policies = (name: string, scope: Record<string, unknown> = clusterScope) => ({ AccessPolicies: [{ PolicyArn: policyArn(name), AccessScope: scope }] });

describe("EKS access entries give an agent Kubernetes access", () => {
  it("AmazonEKSClusterAdminPolicy on a production cluster: destructive and escalation, at the access policy", () => {
    const { destructive, escalation, errors } = run(policies("AmazonEKSClusterAdminPolicy"));
    expect(errors).toEqual([]);
    expect(destructive).toHaveLength(1);
    expect(escalation).toHaveLength(1);
    for (const f of [...destructive, ...escalation]) {
      expect(f.subject).toContain("AgentRole");
      expect(f.message).toContain("AmazonEKSClusterAdminPolicy on EKS cluster orders (cluster scope, access entry)");
      const at = f.evidence.find((e) => e.pointer === "/Resources/AgentAccess/Properties/AccessPolicies/0");
      expect(at?.file).toBe("prod.template.json");
      expect(at?.line).toEqual(expect.any(Number));
    }
    expect(escalation[0]?.message).toContain("IRSA or Pod Identity role");
  });

  it.each(["AmazonEKSAdminPolicy", "AmazonEKSEditPolicy"])("%s in namespaces: destructive and escalation, naming the namespaces", (name) => {
    const { destructive, escalation } = run(policies(name, { Type: "namespace", Namespaces: ["payments", "orders"] }));
    expect(destructive).toHaveLength(1);
    expect(escalation).toHaveLength(1);
    expect(destructive[0]?.message).toContain(`${name} on EKS cluster orders (namespaces payments, orders, access entry)`);
  });

  it("an agent role named by its literal ARN (defined elsewhere) with cluster admin: both", () => {
    const { destructive, escalation } = run({ PrincipalArn: "arn:aws:iam::111111111111:role/claude-code-agent", ...policies("AmazonEKSClusterAdminPolicy") });
    expect(destructive.map((f) => f.subject).join()).toContain("claude-code-agent");
    expect(escalation.map((f) => f.subject).join()).toContain("claude-code-agent");
  });

  it("the group system:masters, or a group the template does not resolve: both (fail closed)", () => {
    expect(run({ KubernetesGroups: ["system:masters"] }).escalation[0]?.evidence.some((e) => e.pointer === "/Resources/AgentAccess/Properties/KubernetesGroups/0")).toBe(true);
    expect(run({ KubernetesGroups: ["system:masters"] }).destructive).toHaveLength(1);
    expect(run({ KubernetesGroups: [{ Ref: "AccessPolicyArn" }] }).destructive).toHaveLength(1);
  });

  it("an access policy the template does not resolve: both (fail closed)", () => {
    const { destructive, escalation } = run({ AccessPolicies: [{ PolicyArn: { Ref: "AccessPolicyArn" }, AccessScope: clusterScope }] });
    expect(destructive).toHaveLength(1);
    expect(escalation).toHaveLength(1);
  });

  it("AmazonEKSAdminViewPolicy (reads Secrets): escalation only", () => {
    const { destructive, escalation } = run(policies("AmazonEKSAdminViewPolicy"));
    expect(destructive).toEqual([]);
    expect(escalation).toHaveLength(1);
  });

  it("AmazonEKSViewPolicy, or another Kubernetes group (the cluster's RBAC, not in the template): nothing", () => {
    expect(run(policies("AmazonEKSViewPolicy"))).toMatchObject({ destructive: [], escalation: [] });
    expect(run({ KubernetesGroups: ["orders-viewers"] })).toMatchObject({ destructive: [], escalation: [] });
  });

  it("AmazonAIOpsAssistantPolicy, the read-only access AWS DevOps Agent and CloudWatch investigations are set up with: nothing", () => {
    // The agent's own role (it trusts aidevops.amazonaws.com) with the access entry its user guide
    // and CDK's InvestigationGroup.grantEksAccess create: reads of pods, events, logs and nodes.
    const devOpsAgent = { DevOpsAgentRole: { Type: "AWS::IAM::Role", Properties: trust({ Service: "aidevops.amazonaws.com" }) } };
    const entry = { PrincipalArn: { "Fn::GetAtt": ["DevOpsAgentRole", "Arn"] }, ...policies("AmazonAIOpsAssistantPolicy") };
    expect(run(entry, "OrdersProd", devOpsAgent)).toMatchObject({ destructive: [], escalation: [] });
    // The same agent role with cluster admin is still both.
    const admin = run({ PrincipalArn: { "Fn::GetAtt": ["DevOpsAgentRole", "Arn"] }, ...policies("AmazonEKSClusterAdminPolicy") }, "OrdersProd", devOpsAgent);
    expect([admin.destructive.length, admin.escalation.length]).toEqual([1, 1]);
  });

  it("a non-agent role with cluster admin: nothing", () => {
    expect(run({ PrincipalArn: { "Fn::GetAtt": ["DeployRole", "Arn"] }, ...policies("AmazonEKSClusterAdminPolicy") })).toMatchObject({ destructive: [], escalation: [] });
  });

  it("cluster admin on a non-production stack's cluster: nothing", () => {
    expect(run(policies("AmazonEKSClusterAdminPolicy"), "OrdersDev")).toMatchObject({ destructive: [], escalation: [] });
  });

  it("an agent role that already escalates through IAM: the access entry is named beside its IAM grants", () => {
    const grant = { AgentPolicy: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "p", Roles: [{ Ref: "AgentRole" }], PolicyDocument: { Statement: [{ Effect: "Allow", Action: "eks:DeleteCluster", Resource: "*" }] } } } };
    const { destructive } = run(policies("AmazonEKSClusterAdminPolicy"), "OrdersProd", grant);
    expect(destructive).toHaveLength(1);
    expect(destructive[0]?.message).toMatch(/eks:DeleteCluster.*; and through AmazonEKSClusterAdminPolicy on EKS cluster orders/);
    expect(destructive[0]?.actions).toEqual(["eks:DeleteCluster"]);
  });
});

it("an access entry in the cluster's stack naming the agent role another stack exports (Fn::ImportValue): both, on that role", () => {
  const agents = {
    Resources: { AgentRole: { Type: "AWS::IAM::Role", Properties: trust({ Service: "bedrock.amazonaws.com" }) } },
    Outputs: { Arn: { Value: { "Fn::GetAtt": ["AgentRole", "Arn"] }, Export: { Name: "agent-role-arn" } } },
  };
  const cluster = {
    Resources: {
      Access: {
        Type: "AWS::EKS::AccessEntry",
        Properties: { ClusterName: "orders", PrincipalArn: { "Fn::ImportValue": "agent-role-arn" }, ...policies("AmazonEKSClusterAdminPolicy") },
      },
    },
  };
  const inputs = [
    { file: "AgentsProd.template.json", stackName: "AgentsProd", value: agents },
    { file: "ClusterProd.template.json", stackName: "ClusterProd", value: cluster },
  ];
  const found = evaluateTemplates(inputs, policy, catalogue).findings.filter((f) => f.rule.startsWith("agent-"));
  expect(found.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual(["agent-destructive-prod AgentsProd/AgentRole", "agent-privilege-escalation AgentsProd/AgentRole"]);
  expect(found[0]?.evidence.some((e) => e.file === "ClusterProd.template.json" && e.pointer === "/Resources/Access/Properties/AccessPolicies/0")).toBe(true);
});

describe("the aws-auth ConfigMap a CDK Kubernetes manifest writes (Custom::AWSCDK-EKS-KubernetesResource)", () => {
  const manifest = (mapRoles: string) => ({
    Manifest: { "Fn::Join": ["", ['[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"aws-auth","namespace":"kube-system"},"data":{"mapRoles":', JSON.stringify(mapRoles), "}}]"]] },
  });
  // The role ARN as an intrinsic inside the joined JSON text, the way CDK writes it.
  const joined = (groups: string) => ({
    Manifest: {
      "Fn::Join": [
        "",
        ['[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"aws-auth","namespace":"kube-system"},"data":{"mapRoles":"[{\\"rolearn\\":\\"', { "Fn::GetAtt": ["AgentRole", "Arn"] }, `\\",\\"groups\\":[\\"${groups}\\"]}]","mapUsers":"[]"}}]`],
      ],
    },
  });
  const awsAuth = (properties: Record<string, unknown>) => ({ AwsAuth: { Type: "Custom::AWSCDK-EKS-KubernetesResource", Properties: { ServiceToken: "arn:aws:lambda:us-east-1:111111111111:function:kubectl", ClusterName: { Ref: "Cluster" }, ...properties } } });
  const runAuth = (properties: Record<string, unknown>) => run({ PrincipalArn: { "Fn::GetAtt": ["DeployRole", "Arn"] } }, "OrdersProd", awsAuth(properties));

  it("an agent's role mapped into system:masters: both, at the manifest", () => {
    const { destructive, escalation } = runAuth(joined("system:masters"));
    expect(destructive).toHaveLength(1);
    expect(escalation).toHaveLength(1);
    expect(destructive[0]?.message).toContain("group system:masters on EKS cluster orders (cluster scope, aws-auth ConfigMap)");
    expect(destructive[0]?.evidence.some((e) => e.pointer === "/Resources/AwsAuth/Properties/Manifest")).toBe(true);
  });
  it("mapRoles written as YAML naming an agent's role in system:masters: both (fail closed)", () => {
    const yaml = "- rolearn: arn:aws:iam::111111111111:role/claude-code-agent\n  groups:\n    - system:masters\n";
    expect(runAuth(manifest(yaml)).destructive.map((f) => f.subject).join()).toContain("claude-code-agent");
  });
  it("an agent's role mapped into another group: nothing", () => {
    expect(runAuth(joined("orders-viewers"))).toMatchObject({ destructive: [], escalation: [] });
  });
});

describe("a role the agent can become that has cluster admin", () => {
  // DeployRole (a human's: it trusts the account) may be assumed by the agent, whose policy allows
  // sts:AssumeRole on it. Decided: the agent can become a Kubernetes cluster admin of a production
  // cluster, so agent-privilege-escalation (the chain); DeployRole itself is no agent's.
  const assumable = {
    AgentAssume: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "assume", Roles: [{ Ref: "AgentRole" }], PolicyDocument: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: { "Fn::GetAtt": ["DeployRole", "Arn"] } }] } } },
  };
  it("cluster admin on the role it assumes: escalation through the chain", () => {
    const { escalation, destructive } = run({ PrincipalArn: { "Fn::GetAtt": ["DeployRole", "Arn"] }, ...policies("AmazonEKSClusterAdminPolicy") }, "OrdersProd", assumable);
    expect(destructive).toEqual([]);
    expect(escalation).toHaveLength(1);
    expect(escalation[0]?.subject).toContain("AgentRole");
    expect(escalation[0]?.message).toContain("it can become AgentRole → DeployRole (sts:AssumeRole), which has Kubernetes access that deletes or escalates (AmazonEKSClusterAdminPolicy on EKS cluster orders (cluster scope, access entry))");
  });
  it("a deploy role of a known name in a known account: the chain is the only finding (none before)", () => {
    const named = { ...assumable, DeployRole: { Type: "AWS::IAM::Role", Properties: { RoleName: "orders-deploy", ...trust({ AWS: "arn:aws:iam::111111111111:root" }) } } };
    const { escalation } = run({ PrincipalArn: { "Fn::GetAtt": ["DeployRole", "Arn"] }, ...policies("AmazonEKSClusterAdminPolicy") }, "OrdersProd", named, "111111111111");
    expect(escalation.map((f) => f.message)).toEqual([expect.stringMatching(/^Role AgentRole can escalate its privileges: it can become AgentRole → orders-deploy \(sts:AssumeRole\), which has Kubernetes access/)]);
  });
  // The agent's sts:AssumeRole on a role whose ARN the template leaves to CloudFormation counts by
  // itself (path sts-assume-role, as before): only the chain to Kubernetes access must be absent.
  it("AmazonEKSViewPolicy on the role it assumes, or cluster admin in a non-production stack: no chain to Kubernetes access", () => {
    const kubernetes = (r: ReturnType<typeof run>) => [...r.destructive, ...r.escalation].filter((f) => f.message.includes("Kubernetes") || f.message.includes("EKS cluster"));
    expect(kubernetes(run({ PrincipalArn: { "Fn::GetAtt": ["DeployRole", "Arn"] }, ...policies("AmazonEKSViewPolicy") }, "OrdersProd", assumable))).toEqual([]);
    expect(kubernetes(run({ PrincipalArn: { "Fn::GetAtt": ["DeployRole", "Arn"] }, ...policies("AmazonEKSClusterAdminPolicy") }, "OrdersDev", assumable))).toEqual([]);
  });
});
