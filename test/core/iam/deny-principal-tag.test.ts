/**
 * A Deny conditioned on aws:PrincipalTag applies to the principals whose own tags meet the
 * condition (IAM User Guide, "AWS global condition context keys": aws:PrincipalTag is the tag
 * attached to the principal; a session tag of the same key overrides it, and a session may carry
 * tags only where the role's trust allows sts:TagSession). So the Deny protects an agent only when
 * the condition holds for the agent's tags, and the tags are known: read from the input, not
 * settable by whoever starts the session. Verdicts written from IAM's evaluation logic, before
 * running (the operator semantics are checked against iam-simulate in deny-condition-oracle.test).
 */
import { allow, deny, destructive, escalation, role, source, type Statement } from "./helpers.js";

const serviceTrust = source("Trust", [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }]);
const agent = (condition: Record<string, unknown>, tags: Record<string, string>, trust: Statement[] | null = null) =>
  role([allow("dynamodb:DeleteTable"), deny("dynamodb:DeleteTable", "*", { Condition: condition })], {
    tags,
    ...(trust === null ? { trustPolicy: serviceTrust } : trust.length ? { trustPolicy: source("Trust", trust) } : {}),
  });
const flagged = (condition: Record<string, unknown>, tags: Record<string, string>, trust: Statement[] | null = null) =>
  destructive(agent(condition, tags, trust)).length > 0;

describe("Deny with an aws:PrincipalTag condition", () => {
  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    ["StringEquals naming the agent's tag value", { StringEquals: { "aws:PrincipalTag/team": "platform" } }, { team: "platform" }],
    ["StringLike matching the agent's tag value", { StringLike: { "aws:PrincipalTag/team": ["data", "plat*"] } }, { team: "platform" }],
    ["StringNotEquals exempting another value", { StringNotEquals: { "aws:PrincipalTag/team": "admin" } }, { team: "platform" }],
    ["StringNotEquals exempting a tag the agent does not carry (missing key: a negated operator is true)", { StringNotEquals: { "aws:PrincipalTag/break-glass": "true" } }, {}],
    // aws-samples/data-perimeter-policy-examples restrict_nonvpc_deployment_scp.json's form.
    ["StringNotEqualsIfExists exempting a tag the agent does not carry", { StringNotEqualsIfExists: { "aws:PrincipalTag/dp:exclude": "true" } }, { team: "platform" }],
    ["Null true: the agent has no such tag", { Null: { "aws:PrincipalTag/owner": "true" } }, {}],
    ["Null false: the agent has the tag", { Null: { "aws:PrincipalTag/owner": "false" } }, { owner: "alice" }],
    ["StringEqualsIgnoreCase with the value in another case", { StringEqualsIgnoreCase: { "aws:PrincipalTag/team": "PLATFORM" } }, { team: "platform" }],
  ])("%s: the Deny applies to the agent, no finding", (_what, condition, tags) => {
    expect(flagged(condition, tags)).toBe(false);
  });

  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    ["StringEquals on a tag the agent does not carry", { StringEquals: { "aws:PrincipalTag/team": "platform" } }, {}],
    ["StringEquals naming another value", { StringEquals: { "aws:PrincipalTag/team": "platform" } }, { team: "data" }],
    ["StringEquals is case-sensitive", { StringEquals: { "aws:PrincipalTag/team": "Platform" } }, { team: "platform" }],
    ["StringNotEquals exempting the agent's own value", { StringNotEquals: { "aws:PrincipalTag/may-delete": "yes" } }, { "may-delete": "yes" }],
    ["StringNotEqualsIfExists exempting the agent's own value (the data-perimeter exclusion tag)", { StringNotEqualsIfExists: { "aws:PrincipalTag/dp:exclude": "true" } }, { "dp:exclude": "true" }],
    ["StringNotLike exempting the agent's value by pattern", { StringNotLike: { "aws:PrincipalTag/IAMUserManagementException": "tr*" } }, { IAMUserManagementException: "true" }],
    ["Null true while the agent has the tag", { Null: { "aws:PrincipalTag/owner": "true" } }, { owner: "alice" }],
    ["Null false while the agent has no such tag", { Null: { "aws:PrincipalTag/owner": "false" } }, {}],
    ["ForAnyValue on a tag the agent does not carry", { "ForAnyValue:StringEquals": { "aws:PrincipalTag/team": "platform" } }, {}],
    // A value that depends on the request (the caller's name) cannot be decided here.
    ["a policy variable as the value", { StringNotEquals: { "aws:PrincipalTag/owner": "${aws:username}" } }, { owner: "alice" }],
    // A template tag whose value is a parameter (read as `*`): any value.
    ["a tag value the input leaves open", { StringEquals: { "aws:PrincipalTag/team": "platform" } }, { team: "*" }],
    ["a tag value the input leaves open, negated test", { StringNotEquals: { "aws:PrincipalTag/team": "admin" } }, { team: "*" }],
  ])("%s: the Deny does not apply to the agent, DeleteTable is a finding", (_what, condition, tags) => {
    expect(flagged(condition, tags)).toBe(true);
  });

  it("a tag key spelled in another case counts both ways (found or not): credited only if the Deny holds either way", () => {
    // Holds with the tag and without it: credited.
    expect(flagged({ StringNotEquals: { "aws:PrincipalTag/team": "admin" } }, { Team: "platform" })).toBe(false);
    // Holds only if the key matches: not credited.
    expect(flagged({ StringEquals: { "aws:PrincipalTag/team": "platform" } }, { Team: "platform" })).toBe(true);
    // Holds only if the key does not match: not credited.
    expect(flagged({ StringNotEquals: { "aws:PrincipalTag/team": "platform" } }, { Team: "platform" })).toBe(true);
  });

  describe("session tags", () => {
    const tagged = { team: "platform" };
    const condition = { StringEquals: { "aws:PrincipalTag/team": "platform" } };
    it("a trust that lets the session be tagged (sts:TagSession): the session may carry any value, the Deny is not credited", () => {
      const trust = [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: ["sts:AssumeRole", "sts:TagSession"] }];
      expect(flagged(condition, tagged, trust)).toBe(true);
      expect(flagged({ StringNotEquals: { "aws:PrincipalTag/break-glass": "true" } }, {}, trust)).toBe(true);
    });

    it("sts:TagSession through a wildcard or NotAction counts too", () => {
      expect(flagged(condition, tagged, [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::111111111111:saml-provider/Okta" }, Action: "sts:*" }])).toBe(true);
      expect(flagged(condition, tagged, [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/ci" }, NotAction: "sts:AssumeRoleWithSAML" }])).toBe(true);
    });

    it("a trust whose sts:TagSession limits aws:TagKeys to other keys: still not credited (a role chain's transitive tags are not the request's keys)", () => {
      const onlyProject = [
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/ci" }, Action: "sts:AssumeRole" },
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/ci" }, Action: "sts:TagSession", Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["project"] } } },
      ];
      expect(flagged(condition, tagged, onlyProject)).toBe(true);
    });

    it("a trust that allows no sts:TagSession (other STS actions, a NotAction that leaves it out): no session tags, the role's tag decides", () => {
      expect(flagged(condition, tagged, [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/ci" }, Action: ["sts:AssumeRole", "sts:SetSourceIdentity"] }])).toBe(false);
      expect(flagged(condition, tagged, [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/ci" }, NotAction: ["sts:TagSession", "sts:AssumeRoleWithSAML"] }])).toBe(false);
    });

    it("a role whose trust policy is not in the input (an imported role): its session tags are unknown, not credited", () => {
      expect(flagged(condition, tagged, [])).toBe(true);
    });

    it("an unreadable trust policy: not credited", () => {
      const unreadable = role([allow("dynamodb:DeleteTable"), deny("dynamodb:DeleteTable", "*", { Condition: condition })], {
        tags: tagged,
        trustPolicy: { name: "Trust", document: "{not json", evidence: { file: "t.json", pointer: "" } },
      });
      expect(destructive(unreadable).length).toBeGreaterThan(0);
    });
  });

  it("an IAM user's own tags decide (a user's session tags need sts:TagSession, a tagging right)", () => {
    const user = (tags: Record<string, string>) =>
      role([allow("dynamodb:DeleteTable"), deny("dynamodb:DeleteTable", "*", { Condition: { StringNotEquals: { "aws:PrincipalTag/break-glass": "true" } } })], {
        kind: "user",
        name: "agent-bot",
        arn: "arn:aws:iam::111111111111:user/agent-bot",
        subject: "arn:aws:iam::111111111111:user/agent-bot",
        tags,
      });
    expect(destructive(user({}))).toHaveLength(0);
    expect(destructive(user({ "break-glass": "true" }))).toHaveLength(1);
  });

  // aws-samples/service-control-policy-examples, Privileged-access-controls/Deny-critical-IAM-user-actions.json:
  // Deny iam:CreateUser, iam:CreateAccessKey, ... unless the principal is the privileged role
  // (ArnNotLike aws:PrincipalArn) or is tagged IAMUserManagementException=true (StringNotLike aws:PrincipalTag).
  describe("real SCP: Deny-critical-IAM-user-actions", () => {
    const scp = source("Deny-critical-IAM-user-actions", [
      { Effect: "Allow", Action: "*", Resource: "*" },
      {
        Effect: "Deny",
        Action: ["iam:CreateAccessKey", "iam:CreateUser", "iam:UpdateLoginProfile", "iam:CreateLoginProfile"],
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/break-glass-admin" }, StringNotLike: { "aws:PrincipalTag/IAMUserManagementException": "true" } },
      },
    ]);
    const identityAgent = (tags: Record<string, string>) =>
      role([allow(["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"])], { name: "claude-agent", tags, trustPolicy: serviceTrust, serviceControlPolicies: [scp] });
    it("an agent role without the exception tag: denied, no escalation", () => {
      expect(escalation(identityAgent({ team: "platform" }))).toEqual([]);
    });
    it("an agent role tagged IAMUserManagementException=true: the SCP spares it, it can create users and keys", () => {
      expect(escalation(identityAgent({ IAMUserManagementException: "true" }))).toHaveLength(1);
    });
  });
});

describe("condition values a Deny cannot be read by", () => {
  // An empty list or a value that is no text: what IAM makes of it is not the engine's to guess,
  // so the negated test that would read as "matches nothing" proves nothing (fail closed).
  const trustPolicy = source("Trust", [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }]);
  it.each<[string, Record<string, unknown>]>([
    ["StringNotEquals aws:PrincipalTag with an empty list", { StringNotEquals: { "aws:PrincipalTag/team": [] } }],
    ["StringNotEquals aws:PrincipalTag with an object", { StringNotEquals: { "aws:PrincipalTag/team": { a: 1 } } }],
    ["ArnNotLike aws:PrincipalArn with an empty list", { ArnNotLike: { "aws:PrincipalArn": [] } }],
    ["ArnNotLike aws:PrincipalArn with a value that is no text", { ArnNotLike: { "aws:PrincipalArn": [{ "Fn::Sub": "x" }] } }],
  ])("%s: not credited", (_what, condition) => {
    const principal = role([allow("dynamodb:DeleteTable"), deny("dynamodb:DeleteTable", "*", { Condition: condition })], { trustPolicy });
    expect(destructive(principal)).toHaveLength(1);
  });
});
