/**
 * Real SCPs from aws-samples (test/fixtures/iam/real-denies/README.md: sources, licences, verdicts
 * decided before running) attached to an agent role of the production account: a Deny protects
 * the agent exactly where its condition holds for the agent's ARN and tags.
 */
import { readFileSync } from "node:fs";
import { allow, destructive, escalation, PROD_ACCOUNT, role, source, type Statement } from "./helpers.js";
import type { PolicySource, Principal } from "../../../src/core/iam/model.js";

const dir = new URL("../../fixtures/iam/real-denies/", import.meta.url);
const scp = (file: string): PolicySource => {
  const text = readFileSync(new URL(file, dir), "utf8").replaceAll("[PRIVILEGED_ROLE]", "claude-admin").replaceAll("${Account}", PROD_ACCOUNT);
  return { name: file, document: JSON.parse(text), evidence: { file, pointer: "" } };
};
const fullAwsAccess = source("FullAWSAccess", [allow("*")]);
const bedrockTrust = source("Trust", [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }]);
const agent = (file: string, statements: Statement[], extra: Partial<Principal> = {}): Principal =>
  role(statements, { name: "claude-agent", trustPolicy: bedrockTrust, serviceControlPolicies: [fullAwsAccess, scp(file)], ...extra });

describe("real SCPs: aws-samples/service-control-policy-examples and data-perimeter-policy-examples", () => {
  describe("Deny-critical-IAM-user-actions (exempt: the privileged role, or IAMUserManagementException=true)", () => {
    const file = "scp-Deny-critical-IAM-user-actions.json";
    const grant = [allow(["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"])];
    it("an agent role neither named nor tagged as exempt: denied, no escalation", () => {
      expect(escalation(agent(file, grant, { tags: { team: "platform" } }))).toEqual([]);
    });
    it("an agent role tagged IAMUserManagementException=true: spared by the SCP, escalation", () => {
      expect(escalation(agent(file, grant, { tags: { IAMUserManagementException: "true" } }))).toHaveLength(1);
    });
    it("an agent role that is the exempt role (claude-admin): escalation", () => {
      expect(escalation(agent(file, grant, { name: "claude-admin" }))).toHaveLength(1);
    });
    it("a permission-set role whose trust lets the IdP tag the session (sts:TagSession): the tag may be set, escalation", () => {
      const sso = source("Trust", [{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${PROD_ACCOUNT}:saml-provider/AWSSSO_abc_DO_NOT_DELETE` }, Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"] }]);
      expect(escalation(agent(file, grant, { name: "AWSReservedSSO_ClaudeAgent_0123456789abcdef", trustPolicy: sso }))).toHaveLength(1);
    });
  });

  describe("Deny-KMS-key-deletion (ArnNotLike aws:PrincipalArn: the privileged role)", () => {
    const file = "scp-Deny-KMS-key-deletion.json";
    it("the agent: denied, no finding; the exempt role: destructive", () => {
      expect(destructive(agent(file, [allow(["kms:ScheduleKeyDeletion", "kms:DeleteAlias"])]))).toEqual([]);
      expect(destructive(agent(file, [allow("kms:ScheduleKeyDeletion")], { name: "claude-admin" }))).toHaveLength(1);
    });
  });

  it("Deny-access-to-AWS-based-on-the-requested-AWS-region: the agent deletes in an allowed region, destructive", () => {
    expect(destructive(agent("scp-Deny-access-to-AWS-based-on-the-requested-AWS-region.json", [allow("dynamodb:DeleteTable")]))).toHaveLength(1);
  });

  describe("restrict_nonvpc_deployment_scp (StringNotEqualsIfExists aws:PrincipalTag/dp:exclude: true)", () => {
    const file = "dp-restrict_nonvpc_deployment_scp.json";
    const grant = [allow(["iam:PassRole", "ssm:CreateDocument", "ssm:StartAutomationExecution"])];
    it("an untagged agent cannot start an automation: no escalation", () => {
      expect(escalation(agent(file, grant))).toEqual([]);
    });
    it("an agent tagged dp:exclude=true is spared: escalation through a runbook", () => {
      expect(escalation(agent(file, grant, { tags: { "dp:exclude": "true" } }))).toHaveLength(1);
    });
  });

  it("data_perimeter_governance_scp: its tag Deny applies only to requests carrying the keys, a delete stays destructive", () => {
    expect(destructive(agent("dp-data_perimeter_governance_scp.json", [allow("dynamodb:DeleteTable")]))).toHaveLength(1);
  });
});
