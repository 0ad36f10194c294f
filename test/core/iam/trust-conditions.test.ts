/**
 * Trust policies that admit "*" under a condition, and GitHub OIDC without a `sub` condition:
 * an agent is ruled out only when the condition names the principals (aws:PrincipalArn) and none
 * of them can be an agent. Anything else cannot rule one out (fail closed: the role is an agent's).
 */
import { agentReason } from "../../../src/core/iam/agents.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { catalogue, policy, role, source } from "./helpers.js";

const agents = resolvePolicy().agents;
const assume = (statement: Record<string, unknown>) => role([], { name: "SharedDeploy", trustPolicy: source("Trust", [{ Effect: "Allow", Action: "sts:AssumeRole", ...statement }]) });

describe('"*" under a condition', () => {
  it.each([
    ["an organization condition", { Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }],
    ["a source IP condition on AWS *", { Principal: { AWS: "*" }, Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }],
    ["a negated principal condition (everyone else may)", { Principal: "*", Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/blocked" } } }],
    ["an IfExists principal condition (absent key passes)", { Principal: { AWS: "*" }, Condition: { ArnLikeIfExists: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/deploy" } } }],
  ])("cannot rule out an agent with %s", (_name, statement) => {
    expect(agentReason(assume(statement), agents)).toMatch(/under a condition that does not name the principals: cannot rule out an agent$/);
  });

  it("names the principal pattern an agent can match", () => {
    expect(agentReason(assume({ Principal: "*", Condition: { ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/deploy", "arn:aws:iam::111111111111:role/*"] } } }), agents)).toMatch(
      /^trust policy admits any principal \("\*"\) with aws:PrincipalArn arn:aws:iam::111111111111:role\/\*, which an agent can match/,
    );
    expect(agentReason(assume({ Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/kiro-runner" } } }), agents)).toContain('which an agent can match ("*kiro*")');
    expect(agentReason(assume({ Principal: "*", Condition: { StringLike: { "aws:PrincipalArn": "*" } } }), agents)).toContain('which an agent can match ("*")');
  });

  it("is not an agent when the condition names only non-agent principals", () => {
    expect(agentReason(assume({ Principal: "*", Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/release-pipeline" }, StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }), agents)).toBeUndefined();
    expect(agentReason(assume({ Principal: { AWS: "*" }, Condition: { ArnLike: { "aws:principalarn": "arn:aws:iam::*:role/ops-deployer" } } }), agents)).toBeUndefined();
  });
});

describe("GitHub OIDC without a sub condition", () => {
  const oidc = { Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } };

  it("admits any repository's workflow: an agent's, with or without agent subjects configured", () => {
    expect(agentReason(assume(oidc), agents)).toMatch(/^trust policy admits GitHub OIDC without a sub condition \(any workflow, repo:\*:ref:refs\/heads\/copilot\/\* included\)$/);
    const noSubjects = resolvePolicy(parseUserConfig("c.yml", "agents:\n  replaceDefaults: true\n  roleNamePatterns: ['*agent*']\n  trustPrincipals: []\n")).agents;
    expect(agentReason(assume(oidc), noSubjects)).toBe("trust policy admits GitHub OIDC without a sub condition (any workflow, an agent's included)");
    expect(agentReason(assume({ ...oidc, Condition: undefined }), noSubjects)).toBe("trust policy admits GitHub OIDC without a sub condition (any workflow, an agent's included)");
  });
});

describe("trust statements that let nobody assume the role (issue 13 item 4; DESIGN.md \"Agent principals\")", () => {
  const NOW = Date.parse("2026-06-01T12:00:00Z");
  const kiro = { AWS: "arn:aws:iam::111111111111:role/kiro-runner" };
  const past = { DateLessThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } };
  const future = { DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } };

  it("a condition that can no longer hold admits no agent; one that can still hold does", () => {
    expect(agentReason(assume({ Principal: kiro, Condition: past }), agents, NOW)).toBeUndefined();
    expect(agentReason(assume({ Principal: "*", Condition: past }), agents, NOW)).toBeUndefined();
    expect(agentReason(assume({ Principal: kiro, Condition: future }), agents, NOW)).toContain('an agent by name ("*kiro*")');
    // The same trust evaluated before the date: the agent may assume the role.
    expect(agentReason(assume({ Principal: kiro, Condition: past }), agents, Date.parse("2025-06-01T00:00:00Z"))).toContain("kiro-runner");
  });

  it("a statement granting no assume action admits no agent, unless it names a service or cannot be read", () => {
    expect(agentReason(assume({ Principal: kiro, Action: "sts:TagSession" }), agents, NOW)).toBeUndefined();
    expect(agentReason(assume({ Principal: kiro, NotAction: "sts:*", Action: undefined }), agents, NOW)).toBeUndefined();
    expect(agentReason(assume({ Principal: kiro, Action: "sts:*" }), agents, NOW)).toContain("kiro-runner");
    expect(agentReason(assume({ Principal: kiro, Action: ["sts:TagSession", "sts:AssumeRoleWith*"] }), agents, NOW)).toContain("kiro-runner");
    expect(agentReason(assume({ Principal: kiro, NotAction: "sts:TagSession", Action: undefined }), agents, NOW)).toContain("kiro-runner");
    expect(agentReason(assume({ Principal: kiro, Action: undefined }), agents, NOW)).toContain("kiro-runner");
    expect(agentReason(assume({ Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:TagSession" }), agents, NOW)).toContain("bedrock.amazonaws.com");
  });

  it("an admin role whose only agent trust has expired is not reported", () => {
    const admin = (condition: unknown) =>
      role([{ Effect: "Allow", Action: "*", Resource: "*" }], { name: "BreakGlass", trustPolicy: source("Trust", [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: kiro, Condition: condition }]) });
    const rules = (condition: unknown) => evaluateIam({ principals: [admin(condition)] }, policy, catalogue, { now: NOW }).findings.map((f) => f.rule);
    expect(rules(past)).toEqual([]);
    expect(rules(future)).toEqual(expect.arrayContaining(["agent-destructive-prod", "agent-privilege-escalation"]));
  });
});
