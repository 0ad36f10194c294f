/**
 * Kubernetes access a CDK app gives an agent's role on a production EKS cluster, judged alike by
 * the Aspect and `scan` of the cdk.out (aspect-scan.ts). aws-cdk-lib 2.276.0 synthesized in-process:
 * `cluster.grantAccess(id, role.roleArn, [AccessPolicy.fromAccessPolicyName(...)])` writes an
 * AWS::EKS::AccessEntry naming the role by `Fn::GetAtt`. Decided before running (EKS User Guide,
 * "Review access policy permissions"): AmazonEKSClusterAdminPolicy on the agent's role is both
 * agent-destructive-prod and agent-privilege-escalation; AmazonEKSViewPolicy on it, or cluster
 * admin on a human's deploy role, adds nothing to what the cluster alone gives (CDK's own roles:
 * nothing; prod-resource-unprotected on the stack). `cluster.awsAuth.addMastersRole(role)` writes
 * the aws-auth ConfigMap (a Custom::AWSCDK-EKS-KubernetesResource manifest) mapping the role into
 * system:masters: decided the same as cluster admin (both rules on an agent's role, nothing on a
 * human's); `addRoleMapping` into another group: nothing (that group's RBAC is not in the app).
 */
import { NestedStack, Stack, type App } from "aws-cdk-lib";
import * as eks from "aws-cdk-lib/aws-eks";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import type { Finding } from "../../src/core/finding.js";
import { aspectAndScan } from "./aspect-scan.js";

const config = { production: { accounts: ["111111111111"] } };
const env = { account: "111111111111", region: "us-east-1" };
const agentFindings = (findings: Finding[]): string[] => findings.filter((f) => f.rule.startsWith("agent-") && !f.suppressed).map((f) => `${f.rule} ${f.message}`).sort();

function app(policyName: string, who: "agent" | "human") {
  return (a: App): void => {
    const stack = new Stack(a, "OrdersProd", { env });
    const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(stack, "kubectl", "arn:aws:lambda:us-east-1:111111111111:layer:kubectl:1");
    const cluster = new eks.Cluster(stack, "Cluster", { clusterName: "orders", version: eks.KubernetesVersion.V1_34, defaultCapacity: 0, kubectlLayer, authenticationMode: eks.AuthenticationMode.API_AND_CONFIG_MAP });
    const role =
      who === "agent"
        ? new iam.Role(stack, "AgentRuntimeRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") })
        : new iam.Role(stack, "DeployRole", { assumedBy: new iam.AccountRootPrincipal() });
    cluster.grantAccess("Access", role.roleArn, [eks.AccessPolicy.fromAccessPolicyName(policyName, { accessScopeType: eks.AccessScopeType.CLUSTER })]);
  };
}

it("grantAccess with AmazonEKSClusterAdminPolicy to an agent's role: destructive and escalation, in the Aspect and scan alike", async () => {
  const found = await aspectAndScan(app("AmazonEKSClusterAdminPolicy", "agent"), config, agentFindings);
  expect(found).toEqual([
    expect.stringMatching(/^agent-destructive-prod Role AgentRuntimeRole\w* can delete or replace production resources: AmazonEKSClusterAdminPolicy on EKS cluster orders \(cluster scope, access entry\)$/),
    expect.stringMatching(/^agent-privilege-escalation Role AgentRuntimeRole\w* can escalate its privileges: AmazonEKSClusterAdminPolicy on EKS cluster orders \(cluster scope, access entry\)/),
  ]);
}, 60_000);

it.each([
  ["AmazonEKSViewPolicy", "agent"],
  ["AmazonEKSClusterAdminPolicy", "human"],
] as const)("grantAccess with %s to the %s's role: nothing", async (name, who) => {
  expect(await aspectAndScan(app(name, who), config, agentFindings)).toEqual([]);
}, 60_000);

function masters(who: "agent" | "human", groups = ["system:masters"]) {
  return (a: App): void => {
    const stack = new Stack(a, "OrdersProd", { env });
    const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(stack, "kubectl", "arn:aws:lambda:us-east-1:111111111111:layer:kubectl:1");
    const cluster = new eks.Cluster(stack, "Cluster", { clusterName: "orders", version: eks.KubernetesVersion.V1_34, defaultCapacity: 0, kubectlLayer });
    const role =
      who === "agent"
        ? new iam.Role(stack, "AgentRuntimeRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") })
        : new iam.Role(stack, "DeployRole", { assumedBy: new iam.AccountRootPrincipal() });
    if (groups.includes("system:masters")) cluster.awsAuth.addMastersRole(role);
    else cluster.awsAuth.addRoleMapping(role, { groups });
  };
}

it("awsAuth.addMastersRole of an agent's role: destructive and escalation at the aws-auth manifest, in the Aspect and scan alike", async () => {
  const found = await aspectAndScan(masters("agent"), config, agentFindings);
  expect(found).toEqual([
    expect.stringMatching(/^agent-destructive-prod Role AgentRuntimeRole\w* can delete or replace production resources: group system:masters on EKS cluster orders \(cluster scope, aws-auth ConfigMap\)$/),
    expect.stringMatching(/^agent-privilege-escalation Role AgentRuntimeRole\w* can escalate its privileges: group system:masters on EKS cluster orders \(cluster scope, aws-auth ConfigMap\)/),
  ]);
}, 60_000);

it("awsAuth.addMastersRole of a human's role, or an agent's role mapped into another group: nothing", async () => {
  expect(await aspectAndScan(masters("human"), config, agentFindings)).toEqual([]);
  expect(await aspectAndScan(masters("agent", ["orders-viewers"]), config, agentFindings)).toEqual([]);
}, 60_000);

// eks.Cluster's mastersRole: in CONFIG_MAP mode (the default) CDK maps it into system:masters in
// aws-auth, in API mode it writes an access entry with AmazonEKSClusterAdminPolicy, and both in
// API_AND_CONFIG_MAP. Decided: an agent's role as mastersRole is cluster admin in every mode.
it.each([undefined, eks.AuthenticationMode.API, eks.AuthenticationMode.API_AND_CONFIG_MAP])("mastersRole: an agent's role (authenticationMode %s): both rules", async (mode) => {
  const build = (a: App): void => {
    const stack = new Stack(a, "OrdersProd", { env });
    const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(stack, "kubectl", "arn:aws:lambda:us-east-1:111111111111:layer:kubectl:1");
    const mastersRole = new iam.Role(stack, "AgentRuntimeRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
    new eks.Cluster(stack, "Cluster", { clusterName: "orders", version: eks.KubernetesVersion.V1_34, defaultCapacity: 0, kubectlLayer, mastersRole, ...(mode ? { authenticationMode: mode } : {}) });
  };
  const found = await aspectAndScan(build, config, agentFindings);
  expect(found.map((f) => f.split(" ")[0])).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
  expect(found.join()).toMatch(/on EKS cluster orders \(cluster scope, (access entry|aws-auth ConfigMap)\)/);
}, 60_000);

// The cluster in a NestedStack, or in another stack, granting access to the parent's (or first
// stack's) agent role by its ARN (a parameter or an export): decided, both rules on that role.
it.each(["a nested stack", "another stack"])("grantAccess to an agent's role of the parent, the cluster in %s: both rules on the role", async (where) => {
  const build = (a: App): void => {
    const parent = new Stack(a, "OrdersProd", { env });
    const role = new iam.Role(parent, "AgentRuntimeRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
    const scope = where === "a nested stack" ? new NestedStack(parent, "Nested") : new Stack(a, "ClusterProd", { env });
    const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(scope, "kubectl", "arn:aws:lambda:us-east-1:111111111111:layer:kubectl:1");
    const cluster = new eks.Cluster(scope, "Cluster", { clusterName: "orders", version: eks.KubernetesVersion.V1_34, defaultCapacity: 0, kubectlLayer, authenticationMode: eks.AuthenticationMode.API });
    cluster.grantAccess("Access", role.roleArn, [eks.AccessPolicy.fromAccessPolicyName("AmazonEKSClusterAdminPolicy", { accessScopeType: eks.AccessScopeType.CLUSTER })]);
  };
  const found = await aspectAndScan(build, config, (findings) => findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`).sort());
  expect(found).toEqual([expect.stringMatching(/^agent-destructive-prod OrdersProd\/AgentRuntimeRole\w+$/), expect.stringMatching(/^agent-privilege-escalation OrdersProd\/AgentRuntimeRole\w+$/)]);
}, 60_000);

it("a service account of kagent's namespace (addServiceAccount: IRSA through its CfnJson condition, or Pod Identity) is an agent's in the Aspect and scan alike; a web one is not", async () => {
  // Decided before running: kagent runs its agents as service accounts of its namespace
  // (aws-samples/amazon-eks-machine-learning-with-terraform-and-kubeflow kagent/iam.tf @fa3ce15), so
  // sqs:DeleteQueue on * in production is the agent's, destructive, for either identity type; the
  // same grant to a web service account is an application's: nothing.
  const found = await aspectAndScan(
    (a) => {
      const stack = new Stack(a, "OrdersProd", { env });
      const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(stack, "kubectl", "arn:aws:lambda:us-east-1:111111111111:layer:kubectl:1");
      const cluster = new eks.Cluster(stack, "Cluster", { clusterName: "orders", version: eks.KubernetesVersion.V1_34, defaultCapacity: 0, kubectlLayer });
      for (const [id, namespace, identityType] of [["Orchestrator", "kagent", eks.IdentityType.IRSA], ["Worker", "kagent", eks.IdentityType.POD_IDENTITY], ["Api", "web", eks.IdentityType.IRSA]] as const) {
        const account = cluster.addServiceAccount(id, { name: id.toLowerCase(), namespace, identityType });
        account.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["sqs:DeleteQueue"], resources: ["*"] }));
      }
    },
    config,
    (findings) => agentFindings(findings).map((f) => f.replace(/Role (\w+?)Role\w* can .*/, "Role $1")),
  );
  expect(found).toEqual(["agent-destructive-prod Role ClusterOrchestrator", "agent-destructive-prod Role ClusterWorker"]);
}, 60_000);
