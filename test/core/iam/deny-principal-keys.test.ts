/**
 * Denies conditioned on the keys that describe the principal (IAM User Guide, "AWS global condition
 * context keys"): the agent's own requests carry its account as aws:PrincipalAccount,
 * aws:PrincipalIsAWSService false, no aws:PrincipalServiceName, aws:PrincipalType AssumedRole for
 * a role's session (User, or FederatedUser after sts:GetFederationToken, for a user). A Deny whose
 * test holds for those values applies to the agent and protects; one that fails for any of them
 * does not; a key whose value the input does not say (aws:PrincipalOrgID, aws:userid,
 * aws:SourceIdentity) or the agent chooses (region, IP, VPC, CalledVia) never proves it.
 * Verdicts written from the documented values, before running.
 */
import { allow, deny, destructive, PROD_ACCOUNT, role, source } from "./helpers.js";
import type { Principal } from "../../../src/core/iam/model.js";

const trustPolicy = source("Trust", [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }]);
const withDeny = (condition: Record<string, unknown>, extra: Partial<Principal> = {}): Principal =>
  role([allow("dynamodb:DeleteTable"), deny("dynamodb:DeleteTable", "*", { Condition: condition })], { trustPolicy, ...extra });
const user = (condition: Record<string, unknown>): Principal =>
  withDeny(condition, { kind: "user", name: "agent-bot", arn: `arn:aws:iam::${PROD_ACCOUNT}:user/agent-bot`, subject: `arn:aws:iam::${PROD_ACCOUNT}:user/agent-bot` });

describe("Deny conditioned on a key that describes the principal", () => {
  it.each<[string, Record<string, unknown>]>([
    ["StringEquals aws:PrincipalAccount naming the agent's account", { StringEquals: { "aws:PrincipalAccount": PROD_ACCOUNT } }],
    ["StringNotEquals aws:PrincipalAccount naming only other accounts", { StringNotEquals: { "aws:PrincipalAccount": ["222222222222", "333333333333"] } }],
    ["Bool aws:PrincipalIsAWSService false", { Bool: { "aws:PrincipalIsAWSService": "false" } }],
    ["BoolIfExists aws:PrincipalIsAWSService false (JSON boolean)", { BoolIfExists: { "aws:PrincipalIsAWSService": false } }],
    ["Null aws:PrincipalServiceName true", { Null: { "aws:PrincipalServiceName": "true" } }],
    ["StringNotEqualsIfExists aws:PrincipalServiceName", { StringNotEqualsIfExists: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" } }],
    ["StringEquals aws:PrincipalType AssumedRole", { StringEquals: { "aws:PrincipalType": "AssumedRole" } }],
    ["StringNotEquals aws:PrincipalType Account (the root user)", { StringNotEquals: { "aws:PrincipalType": "Account" } }],
    // data-perimeter-policy-examples' pairing: a service principal is spared, the agent is not.
    ["BoolIfExists aws:PrincipalIsAWSService false with an exclusion tag the agent lacks", { BoolIfExists: { "aws:PrincipalIsAWSService": "false" }, StringNotEqualsIfExists: { "aws:PrincipalTag/dp:exclude:identity": "true" } }],
  ])("%s: the Deny applies to the agent, no finding", (_what, condition) => {
    expect(destructive(withDeny(condition))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ["StringEquals aws:PrincipalAccount naming another account", { StringEquals: { "aws:PrincipalAccount": "222222222222" } }],
    ["StringNotEquals aws:PrincipalAccount naming the agent's account", { StringNotEquals: { "aws:PrincipalAccount": PROD_ACCOUNT } }],
    ["Bool aws:PrincipalIsAWSService true", { Bool: { "aws:PrincipalIsAWSService": "true" } }],
    ["StringEquals aws:PrincipalServiceName", { StringEquals: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" } }],
    ["Null aws:PrincipalServiceName false", { Null: { "aws:PrincipalServiceName": "false" } }],
    ["StringEquals aws:PrincipalType User (a role's session is AssumedRole)", { StringEquals: { "aws:PrincipalType": "User" } }],
    // Not in the input, or the agent's choice.
    ["StringNotEqualsIfExists aws:PrincipalOrgID (the organization is not in the input)", { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" } }],
    ["StringEquals aws:PrincipalOrgID", { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }],
    ["StringNotLike aws:userid", { StringNotLike: { "aws:userid": "AROAEXAMPLE:*" } }],
    ["Null aws:SourceIdentity true", { Null: { "aws:SourceIdentity": "true" } }],
    ["StringNotEquals aws:RequestedRegion", { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } }],
    ["NotIpAddress aws:SourceIp", { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } }],
    ["StringNotEqualsIfExists aws:SourceVpc", { StringNotEqualsIfExists: { "aws:SourceVpc": "vpc-1" } }],
    ["Bool aws:ViaAWSService false (the agent may call through CloudFormation)", { Bool: { "aws:ViaAWSService": "false" } }],
    ["ForAnyValue:StringEquals aws:CalledVia", { "ForAnyValue:StringEquals": { "aws:CalledVia": "cloudformation.amazonaws.com" } }],
    ["DateLessThan aws:TokenIssueTime (only older sessions)", { DateLessThan: { "aws:TokenIssueTime": "2026-01-01T00:00:00Z" } }],
    ["BoolIfExists aws:PrincipalIsAWSService false with a source IP test", { BoolIfExists: { "aws:PrincipalIsAWSService": "false" }, NotIpAddressIfExists: { "aws:SourceIp": "10.0.0.0/8" } }],
  ])("%s: not proven to apply, DeleteTable is a finding", (_what, condition) => {
    expect(destructive(withDeny(condition))).toHaveLength(1);
  });

  it("aws:PrincipalAccount of a principal whose account the input does not say: not proven", () => {
    const unknown = withDeny({ StringEquals: { "aws:PrincipalAccount": PROD_ACCOUNT } }, { account: undefined, arn: undefined, trustKey: "arn:aws:iam::*:role/*AgentRole*" });
    expect(destructive(unknown)).toHaveLength(1);
  });

  it("an IAM user is User or, through sts:GetFederationToken, FederatedUser: only a test true for both proves it", () => {
    expect(destructive(user({ StringEquals: { "aws:PrincipalType": "User" } }))).toHaveLength(1);
    expect(destructive(user({ StringNotEquals: { "aws:PrincipalType": ["Account", "AssumedRole"] } }))).toEqual([]);
  });
});
