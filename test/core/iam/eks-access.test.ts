/**
 * EKS: cluster admin through access entries, and pod roles through Pod Identity. A cluster admin
 * runs pods under any service account (its IRSA or Pod Identity role) or on any node (its
 * instance role); deleting a cluster or a node group deletes production.
 */
import { allow, destructive, escalation, role } from "./helpers.js";

const ids = (statements: Record<string, unknown>[]): string[] =>
  [...new Set(escalation(role(statements)).flatMap((f) => [...f.message.matchAll(/\(path ([a-z0-9-]+)\)/g)].map((m) => m[1] as string)))].sort();

describe("EKS escalation", () => {
  it("eks:AssociateAccessPolicy (AmazonEKSClusterAdminPolicy on the agent's entry) escalates", () => {
    expect(ids([allow(["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"])])).toEqual(["eks-access-entry-cluster-admin"]);
    expect(ids([allow("eks:*")])).toEqual(["eks-access-entry-cluster-admin"]);
  });
  it("iam:PassRole + Create/UpdatePodIdentityAssociation escalates; without PassRole, or PassRole to another service, it does not", () => {
    expect(ids([allow(["iam:PassRole", "eks:CreatePodIdentityAssociation"])])).toEqual(["eks-pod-identity-association"]);
    expect(ids([allow(["iam:PassRole", "eks:UpdatePodIdentityAssociation"])])).toEqual(["eks-pod-identity-association-update"]);
    expect(ids([allow("eks:CreatePodIdentityAssociation")])).toEqual([]);
    expect(ids([allow("eks:CreatePodIdentityAssociation"), allow("iam:PassRole", "*", { Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } })])).toEqual([]);
  });
  it("AssociateAccessPolicy pinned by eks:policyArn to AmazonEKSViewPolicy, or on a service-linked role's entry (AmazonEKSServiceRolePolicy): no escalation", () => {
    const view = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";
    expect(ids([allow("eks:AssociateAccessPolicy", "*", { Condition: { StringEquals: { "eks:policyArn": view } } })])).toEqual([]);
    expect(ids([allow("eks:AssociateAccessPolicy", "*", { Condition: { StringEqualsIfExists: { "eks:policyArn": view } } })])).toEqual(["eks-access-entry-cluster-admin"]);
    const other = "arn:aws:eks::aws:cluster-access-policy/AmazonSagemakerHyperpodInferenceMonitoringPolicy";
    expect(ids([allow("eks:AssociateAccessPolicy", "arn:aws:eks:*:*:access-entry/*", { Condition: { StringEquals: { "eks:policyarn": other } } })])).toEqual(["eks-access-entry-cluster-admin"]);
    expect(ids([allow("eks:AssociateAccessPolicy", "arn:aws:eks:*:*:access-entry/*/role/${aws:PrincipalAccount}/AWSServiceRoleForAmazonEKS/*")])).toEqual([]);
  });
  it("reading access entries escalates nothing", () => {
    expect(ids([allow(["eks:DescribeAccessEntry", "eks:ListAccessEntries", "eks:ListAssociatedAccessPolicies"])])).toEqual([]);
  });
});

describe("EKS deletion", () => {
  it.each(["eks:DeleteCluster", "eks:DeleteNodegroup", "eks:DeleteFargateProfile"])("%s is T1", (action) => {
    expect(destructive(role([allow(action)])).length).toBe(1);
  });
});
