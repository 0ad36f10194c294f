/**
 * An account's authorization details hold every role of the account (read to the end, one
 * account, no entry unreadable): a role the agent may assume or pass is then judged by what it can
 * do, whether the grant names it or a same-account pattern (`role/cdk-hnb659fds-lookup-role-*`)
 * covers it. Only what lies outside stays unverifiable (fail closed): another account's roles,
 * a pattern over accounts, any input that is not a whole account (a template, a truncated file).
 *
 * Decided before the fix, from IAM semantics and the CDK bootstrap template (aws/aws-cdk-cli
 * bootstrap-template.yaml @d8fb6797, Apache-2.0: the lookup role has ReadOnlyAccess and denies
 * kms:Decrypt; the deploy role can DeleteStack and pass the cfn-exec role, which has
 * AdministratorAccess): an agent allowed sts:AssumeRole on `…:role/cdk-hnb659fds-lookup-role-*`
 * of its own account reaches only lookup roles and is not escalating; the tool reported
 * "sts:AssumeRole on role/cdk-hnb659fds-lookup-role-* (path sts-assume-role)".
 */
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { readAuthorizationDetails } from "../../../src/core/iam/authorization-details.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { catalogue } from "./helpers.js";

// No production configuration, as a first audit runs: every account counts as production.
const policy = resolvePolicy();

const ACCOUNT = "111111111111";
type Doc = Record<string, unknown>;
const doc = (...Statement: Doc[]): Doc => ({ Version: "2012-10-17", Statement });
const allow = (Action: unknown, Resource: unknown = "*"): Doc => ({ Effect: "Allow", Action, Resource });
const arn = (name: string, account = ACCOUNT): string => `arn:aws:iam::${account}:role/${name}`;
const accountTrust = doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole", Condition: { Null: { "sts:ExternalId": "true" } } });
const lambdaTrust = doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });

function roleEntry(name: string, policy: Doc, trust: Doc = accountTrust): Doc {
  return { Path: "/", RoleName: name, Arn: arn(name), AssumeRolePolicyDocument: trust, RolePolicyList: [{ PolicyName: `${name}-policy`, PolicyDocument: policy }], AttachedManagedPolicies: [], Tags: [] };
}
const lookup = (region: string): Doc => roleEntry(`cdk-hnb659fds-lookup-role-${ACCOUNT}-${region}`, doc(allow(["s3:GetObject", "ec2:Describe*", "ssm:GetParameter"]), { Effect: "Deny", Action: "kms:Decrypt", Resource: "*" }));
const ADMIN = doc(allow("*"));
const agent = (...statements: Doc[]): Doc => roleEntry("kiro-agent", doc(...statements));

/** AWS Support's service-linked role, which every account holds: the list was read whole, not picked. */
const SUPPORT_ROLE: Doc = {
  Path: "/aws-service-role/support.amazonaws.com/",
  RoleName: "AWSServiceRoleForSupport",
  Arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`,
  AssumeRolePolicyDocument: doc({ Effect: "Allow", Principal: { Service: "support.amazonaws.com" }, Action: "sts:AssumeRole" }),
  RolePolicyList: [],
  AttachedManagedPolicies: [{ PolicyName: "AWSSupportServiceRolePolicy", PolicyArn: "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy" }],
  Tags: [],
};
function details(roles: Doc[], extra: Doc = {}): Doc {
  return { UserDetailList: [], GroupDetailList: [], RoleDetailList: roles.length > 0 ? [...roles, SUPPORT_ROLE] : roles, Policies: [], ...extra };
}
function escalation(value: Doc): { messages: string[]; errors: string[] } {
  const read = readAuthorizationDetails(value, "account.json");
  const result = evaluateIam(read.input, policy, catalogue);
  return {
    messages: result.findings.filter((f) => f.rule === "agent-privilege-escalation" && f.subject === arn("kiro-agent")).map((f) => f.message),
    errors: [...read.errors, ...result.errors].map((e) => e.message),
  };
}

const LOOKUP_ANY_REGION = arn(`cdk-hnb659fds-lookup-role-${ACCOUNT}-*`);

describe("a whole account's roles are judged by what they can do", () => {
  it("sts:AssumeRole on a same-account pattern that covers only read-only roles is no escalation", () => {
    expect(escalation(details([agent(allow("sts:AssumeRole", LOOKUP_ANY_REGION)), lookup("us-east-1"), lookup("eu-west-1")]))).toEqual({ messages: [], errors: [] });
  });

  it("the same pattern covering a role that is dangerous escalates, through that role", () => {
    const { messages } = escalation(details([agent(allow("sts:AssumeRole", LOOKUP_ANY_REGION)), lookup("us-east-1"), roleEntry(`cdk-hnb659fds-lookup-role-${ACCOUNT}-eu-west-9`, ADMIN)]));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`kiro-agent → cdk-hnb659fds-lookup-role-${ACCOUNT}-eu-west-9 (sts:AssumeRole)`);
    expect(messages[0]).not.toContain("path sts-assume-role");
  });

  it("a pattern matched case-insensitively, or written with ?, still reaches the dangerous role", () => {
    const roles = [lookup("us-east-1"), roleEntry("CDK-admin", ADMIN)];
    expect(escalation(details([agent(allow("sts:AssumeRole", arn("cdk-*"))), ...roles])).messages[0]).toContain("kiro-agent → CDK-admin");
    expect(escalation(details([agent(allow("sts:AssumeRole", arn("CDK-?dmin"))), ...roles])).messages[0]).toContain("kiro-agent → CDK-admin");
  });

  it("a concrete ARN naming no role of the account reaches nothing (role ARNs carry their path)", () => {
    const sso = { ...roleEntry("AWSReservedSSO_Admin_0123456789abcdef", ADMIN), Path: "/aws-reserved/sso.amazonaws.com/", Arn: arn("aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef") };
    expect(escalation(details([agent(allow("sts:AssumeRole", arn("AWSReservedSSO_Admin_0123456789abcdef"))), sso])).messages).toEqual([]);
    expect(escalation(details([agent(allow("sts:AssumeRole", arn("aws-reserved/*"))), sso])).messages[0]).toContain("kiro-agent → AWSReservedSSO_Admin_0123456789abcdef");
  });

  it("iam:PassRole on a same-account pattern: judged by the roles it covers that the service can take", () => {
    const basic = roleEntry("lambda-orders-reader", doc(allow("dynamodb:GetItem", `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`)), lambdaTrust);
    const admin = roleEntry("lambda-admin", ADMIN, lambdaTrust);
    const grants = [allow("iam:PassRole", arn("lambda-*")), allow(["lambda:CreateFunction", "lambda:InvokeFunction"])];
    expect(escalation(details([agent(...grants), basic])).messages).toEqual([]);
    expect(escalation(details([agent(...grants), basic, admin])).messages[0]).toContain("kiro-agent → lambda-admin");
  });

  describe("fail closed: what is not the whole account stays unverifiable", () => {
    const roles = [agent(allow("sts:AssumeRole", LOOKUP_ANY_REGION)), lookup("us-east-1")];
    it.each([
      ["a pattern over every account", [agent(allow("sts:AssumeRole", "arn:aws:iam::*:role/cdk-hnb659fds-lookup-role-*")), lookup("us-east-1")], {}],
      ["a pattern over every partition", [agent(allow("sts:AssumeRole", `arn:*:iam::${ACCOUNT}:role/cdk-hnb659fds-lookup-role-*`)), lookup("us-east-1")], {}],
      ["Resource *", [agent(allow("sts:AssumeRole")), lookup("us-east-1")], {}],
      ["another account's role, named", [agent(allow("sts:AssumeRole", arn("deploy", "999999999999"))), lookup("us-east-1")], {}],
      ["a truncated file (IsTruncated)", roles, { IsTruncated: true, Marker: "m" }],
      ["one page of the AWS CLI's (NextToken)", roles, { NextToken: "t" }],
      ["a role entry that cannot be read", [...roles, { RoleName: "no-arn" }], {}],
      ["no RoleDetailList (--filter User Group)", [], { RoleDetailList: undefined, UserDetailList: [{ UserName: "kiro-agent", Arn: `arn:aws:iam::${ACCOUNT}:user/kiro-agent`, UserPolicyList: [{ PolicyName: "p", PolicyDocument: doc(allow("sts:AssumeRole", LOOKUP_ANY_REGION)) }] }] }],
      ["an empty RoleDetailList (a --filter that left roles out)", [], { UserDetailList: [{ UserName: "kiro-agent", Arn: `arn:aws:iam::${ACCOUNT}:user/kiro-agent`, UserPolicyList: [{ PolicyName: "p", PolicyDocument: doc(allow("sts:AssumeRole", LOOKUP_ANY_REGION)) }] }] }],
      // `--query` or a hand-made file keeping the roles someone chose: AWS Support's own role, which
      // every account holds, is missing, so other roles may be too.
      ["a hand-picked role list (no AWSServiceRoleForSupport)", [], { RoleDetailList: roles }],
      ["roles of two accounts", [...roles, { ...lookup("us-east-1"), Arn: arn("other", "999999999999"), RoleName: "other" }], {}],
    ])("%s", (_, list, extra) => {
      const value = details(list as Doc[], extra);
      const read = readAuthorizationDetails(value, "account.json");
      const findings = evaluateIam(read.input, policy, catalogue).findings.filter((f) => f.rule === "agent-privilege-escalation" && /kiro-agent$/.test(f.subject));
      expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("(path sts-assume-role)")]);
    });
  });
});
