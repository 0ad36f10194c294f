/**
 * `audit` of a Control Tower member account (test/aws/landing-zone.ts; sources and the verdicts,
 * decided before the tool ran: test/fixtures/aws/landing-zone/README.md), on the wire: only the
 * agents are judged, and a role an agent may assume is judged by what it can do in the account.
 */
import { runAudit } from "../../src/cli/audit.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { accountHandler, ACCOUNT, stackMember } from "./account.js";
import { agentRole, cdkRole, landingZoneAccount, SAM_PREFIX } from "./landing-zone.js";
import { stubPerTest } from "./stub.js";

const policy = resolvePolicy();
const { serve } = stubPerTest();

const assume = (Resource: string): Record<string, unknown> => ({ Effect: "Allow", Action: "sts:AssumeRole", Resource });
const AGENTS = [
  agentRole("claude-code-cdk-lookup", [assume(`arn:aws:iam::${ACCOUNT}:role/${cdkRole("lookup")}`)]),
  agentRole("kiro-cdk-lookup-any-region", [assume(`arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-lookup-role-${ACCOUNT}-*`)]),
  agentRole("q-developer-cdk-deploy", [assume(`arn:aws:iam::${ACCOUNT}:role/cdk-*`)]),
  agentRole("codex-cdk-lookup-any-account", [assume("arn:aws:iam::*:role/cdk-hnb659fds-lookup-role-*")]),
  // Roles whose trust does not admit the agent, whatever the grant covers: Identity Center's (SAML
  // only), OrganizationAccountAccessRole (the management account), Control Tower's (the audit account, services).
  agentRole("cursor-sso-roles", [assume(`arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/*`)]),
  agentRole("devin-org-access", [assume(`arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`)]),
  agentRole("gemini-control-tower", [assume(`arn:aws:iam::${ACCOUNT}:role/aws-controltower-*`)]),
  // Publishes container images only (PutImage to an IMMUTABLE repository deletes nothing).
  agentRole("codex-image-publishing", [assume(`arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-image-publishing-role-*`)]),
  // SAM's pipeline execution role trusts the account's principals tagged Role=aws-sam-pipeline-codebuild-service-role:
  // a session tag sets it (this role's trust allows sts:TagSession), so it may hold; it deletes stacks, runs change sets.
  agentRole("cursor-sam-pipeline", [assume(`arn:aws:iam::${ACCOUNT}:role/aws-sam-cli-managed-*`)]),
  // Dangerous: every role of the account; the file-publishing role (deletes asset objects; production by default); passing cfn-exec to a new stack.
  agentRole("claude-any-role", [assume(`arn:aws:iam::${ACCOUNT}:role/*`)]),
  agentRole("kiro-file-publishing", [assume(`arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-file-publishing-role-*`)]),
  agentRole("q-developer-pass-cfn-exec", [
    { Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-*` },
    { Effect: "Allow", Action: "cloudformation:CreateStack", Resource: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/sandbox-*/*` },
  ]),
];
const FLAGGED = ["claude-any-role", "codex-cdk-lookup-any-account", "cursor-sam-pipeline", "kiro-file-publishing", "q-developer-cdk-deploy", "q-developer-pass-cfn-exec"];

test("a landing-zone account: only the agents that can reach a dangerous role are flagged, each through what it can reach", async () => {
  await serve(accountHandler(landingZoneAccount(AGENTS)));
  const report = await runAudit({ format: "json", failOn: "error" }, policy);
  expect(report.errors).toEqual([]);
  const iam = report.findings.filter((f) => f.rule !== "prod-resource-unprotected");
  const flagged = [...new Set(iam.map((f) => f.subject.replace(/^.*:role\//, "")))].sort();
  expect(flagged).toEqual(FLAGGED);
  const sam = iam.find((f) => f.rule === "agent-privilege-escalation" && f.subject.endsWith("/cursor-sam-pipeline"));
  expect(sam?.message).toContain(`cursor-sam-pipeline → ${SAM_PREFIX}-PipelineExecutionRole-7QK2M1X9ZB3D (sts:AssumeRole)`);
  const passCfn = iam.find((f) => f.rule === "agent-privilege-escalation" && f.subject.endsWith("/q-developer-pass-cfn-exec"));
  expect(passCfn?.message).toContain(`q-developer-pass-cfn-exec → ${cdkRole("cfn-exec")} (cloudformation-create-stack)`);
  const deploy = iam.find((f) => f.rule === "agent-privilege-escalation" && f.subject.endsWith("/q-developer-cdk-deploy"));
  // Judged by the deploy role's own access (DeleteStack, PassRole of cfn-exec), not as "a role not in the input".
  expect(deploy?.message).toContain(`q-developer-cdk-deploy → ${cdkRole("deploy")} (sts:AssumeRole)`);
  expect(deploy?.message).not.toContain("path sts-assume-role");
  // Another account's lookup role is not in this account: unverifiable, fail closed.
  const other = iam.find((f) => f.subject.endsWith("/codex-cdk-lookup-any-account"));
  expect(other?.message).toContain("sts:AssumeRole on role/cdk-hnb659fds-lookup-role-* (path sts-assume-role)");
});

/**
 * The account is bootstrapped in us-east-1 and eu-west-1; stacks are regional and one audit reads
 * one region's. Decided: the report says which region's stacks it judged, so a pass there is not
 * read as the account's. The tool said nothing of the region.
 */
test("the report names the one region whose stacks were read", async () => {
  await serve(accountHandler(landingZoneAccount(AGENTS)));
  const report = await runAudit({ format: "json", failOn: "error", region: "eu-west-1" }, policy);
  expect(report.notes).toContain("CloudFormation: stacks of eu-west-1 only (stacks are regional: audit each region you deploy to with --region)");
});

/**
 * The region-deny SCP of aws-samples (test/fixtures/iam/real-denies/scp-Deny-access-to-AWS-based-on-the-requested-AWS-region.json)
 * exempts IAM but not CloudFormation: audited from a region it denies, DescribeStacks is refused
 * while GetAccountAuthorizationDetails works. Decided: an error naming the call and the SCP (exit
 * 2), and the IAM verdict still given. The tool said "needs the IAM permission
 * cloudformation:DescribeStacks", which an SCP's Deny makes untrue.
 */
test("DescribeStacks refused by an SCP: an error naming the SCP, IAM still judged", async () => {
  const inner = accountHandler(landingZoneAccount(AGENTS));
  const message = `User: arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AWSAdministratorAccess_3f8e2a9c71b4d605/dev@example.com is not authorized to perform: cloudformation:DescribeStacks on resource: arn:aws:cloudformation:ap-southeast-2:${ACCOUNT}:stack/*/* with an explicit deny in a service control policy`;
  await serve((req) => (req.action === "DescribeStacks" ? { error: { code: "AccessDenied", status: 403, message } } : inner(req)));
  const report = await runAudit({ format: "json", failOn: "error", region: "ap-southeast-2" }, policy);
  expect(report.errors).toEqual([{ file: "aws:cloudformation:DescribeStacks", message: expect.stringMatching(/^access denied: DescribeStacks \(cloudformation:DescribeStacks\) is refused by a service control policy of the organization: granting the permission does not help/) }]);
  expect([...new Set(report.findings.map((f) => f.subject.replace(/^.*:role\//, "")))].sort()).toEqual(FLAGGED);
});

/**
 * A caller without iam:GetAccountAuthorizationDetails (ViewOnlyAccess does not grant it). Decided:
 * an error naming the permission, no IAM verdict at all (not "no agent found"), the stacks still judged.
 */
test("GetAccountAuthorizationDetails denied: an error naming the permission, no IAM verdict, the stacks still judged", async () => {
  const data = landingZoneAccount(AGENTS);
  data.stacks.push(stackMember("payments-prod", ACCOUNT));
  const inner = accountHandler(data);
  const message = `User: arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_ViewOnly_0a1b2c3d4e5f6a7b/dev@example.com is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: * because no identity-based policy allows the iam:GetAccountAuthorizationDetails action`;
  await serve((req) => (req.action === "GetAccountAuthorizationDetails" ? { error: { code: "AccessDenied", status: 403, message } } : inner(req)));
  const report = await runAudit({ format: "json", failOn: "error" }, policy);
  expect(report.errors).toEqual([{ file: "aws:iam:GetAccountAuthorizationDetails", message: expect.stringMatching(/^access denied: GetAccountAuthorizationDetails needs the IAM permission iam:GetAccountAuthorizationDetails/) }]);
  expect(report.findings.map((f) => `${f.rule} ${f.subject.replace(/^.*:stack\/([^/]+)\/.*$/, "$1")}`)).toEqual(["prod-resource-unprotected payments-prod"]);
});
