/**
 * Kubernetes access an EKS access entry gives an IAM principal (AWS::EKS::AccessEntry, CDK's
 * `cluster.grantAccess`): its access policies are Kubernetes RBAC (EKS User Guide, "Review access
 * policy permissions"), which no IAM statement shows, yet an agent holding one acts on the cluster.
 * - AmazonEKSClusterAdminPolicy, AmazonEKSAdminPolicy, AmazonEKSEditPolicy (like Kubernetes'
 *   cluster-admin, admin and edit roles, in the namespaces of the scope or in all) delete
 *   workloads and namespaces (destructive), and create pods under any service account of their
 *   scope and read its Secrets, so they act as any IRSA or Pod Identity role there (escalation,
 *   as the path eks-access-entry-cluster-admin that ends in such an entry).
 * - The group `system:masters` is cluster-admin without RBAC (the aws-auth ConfigMap's masters).
 * - AmazonEKSAdminViewPolicy reads every object, Secrets included: escalation, no deletion.
 * - AmazonEKSViewPolicy reads most objects but no Secrets and creates no pod: nothing. So does
 *   AmazonAIOpsAssistantPolicy, the read-only access (pods, events, logs, nodes) AWS DevOps Agent's
 *   user guide and CDK's InvestigationGroup.grantEksAccess give an agent's own role.
 * - Any other access policy (a service's own, one the input does not resolve): both (fail closed).
 * Other Kubernetes groups are judged by the cluster's RoleBindings, which the input does not hold.
 */
import type { KubernetesAccess } from "./model.js";

const AWS_POLICY = /^arn:[^:]+:eks::aws:cluster-access-policy\/([A-Za-z0-9]+)$/;

/** The access policy's name when it is one of AWS's (any partition), else what was written. */
export function accessPolicyName(arn: string): string {
  return AWS_POLICY.exec(arn)?.[1] ?? arn;
}

const READ_ONLY = new Set(["AmazonEKSViewPolicy", "AmazonAIOpsAssistantPolicy"]);
const READS_SECRETS = new Set(["AmazonEKSAdminViewPolicy"]);

/** Whether the access deletes what the cluster runs (its scope's workloads, or namespaces). */
export function kubernetesDestroys(access: KubernetesAccess): boolean {
  return access.production && !READ_ONLY.has(access.policy) && !READS_SECRETS.has(access.policy);
}

/** Whether the access acts as the roles of the cluster's pods (IRSA, Pod Identity) or reads their Secrets. */
export function kubernetesEscalates(access: KubernetesAccess): boolean {
  return access.production && !READ_ONLY.has(access.policy);
}

/** How a finding names one access: `AmazonEKSClusterAdminPolicy on EKS cluster orders (cluster scope)`. */
export function kubernetesAccessText(access: KubernetesAccess): string {
  return `${access.policy} on EKS cluster ${access.cluster} (${access.scope === "cluster" ? "cluster scope" : `namespaces ${access.scope}`}, ${access.via})`;
}

/** The evidence of accesses, each noting what it lets the agent do. */
export function kubernetesEvidence(accesses: readonly KubernetesAccess[], what: string): KubernetesAccess["evidence"][] {
  return accesses.map((a) => ({ ...a.evidence, note: `${kubernetesAccessText(a)}: ${what}` }));
}
