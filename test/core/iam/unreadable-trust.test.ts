/**
 * A trust policy that cannot be decoded (a broken URL-encoded document, as IAM returns them in
 * GetAccountAuthorizationDetails) may admit anyone: the role is reachable by an agent whose own
 * policy allows sts:AssumeRole on it (fail closed), and the role is evaluated as an agent's, the
 * finding saying why. (The IAM parser reads identity policies and boundaries only: a broken trust
 * policy shows in the verdict, not as an input error.)
 */
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { readTrust } from "../../../src/core/iam/trust.js";
import { allow, catalogue, policy, PROD_ACCOUNT, role } from "./helpers.js";

const arn = (name: string) => `arn:aws:iam::${PROD_ACCOUNT}:role/${name}`;
// "%E0%A4%A" is a truncated UTF-8 escape: decodeURIComponent throws.
const broken = { name: "Trust", document: "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%E0%A4%A", evidence: { file: "account.json", pointer: "/RoleDetailList/1/AssumeRolePolicyDocument" } };

describe("a trust policy that cannot be read", () => {
  const admin = role([allow("*")], { name: "deploy-role", trustPolicy: broken });

  it("an agent allowed sts:AssumeRole on the role can become it: escalation with the chain", () => {
    const agent = role([allow("sts:AssumeRole", arn("deploy-role"))], { name: "kiro-agent" });
    const { findings } = evaluateIam({ principals: [agent, admin] }, policy, catalogue);
    const own = findings.find((f) => f.rule === "agent-privilege-escalation" && f.subject === arn("kiro-agent"));
    expect(own?.message).toContain("kiro-agent → deploy-role (sts:AssumeRole)");
  });

  it("an agent with no sts:AssumeRole grant on the role cannot become it: the trust alone is not proof", () => {
    const agent = role([allow("s3:GetObject", "arn:aws:s3:::artifacts/*")], { name: "kiro-agent" });
    const { findings } = evaluateIam({ principals: [agent, admin] }, policy, catalogue);
    expect(findings.filter((f) => f.subject === arn("kiro-agent"))).toEqual([]);
  });

  it("the role itself is evaluated as an agent's: its trust cannot rule one out", () => {
    const { findings } = evaluateIam({ principals: [admin] }, policy, catalogue);
    const destructive = findings.find((f) => f.rule === "agent-destructive-prod" && f.subject === arn("deploy-role"));
    expect(destructive?.message).toMatch(/can delete or replace production resources/);
    expect(JSON.stringify(destructive)).toContain("trust policy is unreadable (cannot rule out an agent)");
  });
});

describe("a trust statement holding what IAM would not read as written", () => {
  const trustOf = (statement: unknown) =>
    readTrust(role([], { name: "ops-role", trustPolicy: { name: "Trust", document: { Version: "2012-10-17", Statement: [statement] }, evidence: { file: "template.json" } } }), Date.now());

  it("reads a well-formed statement", () => {
    const trust = trustOf({ Effect: "Allow", Principal: { AWS: arn("kiro-agent") }, Action: "sts:AssumeRole" });
    expect(trust.unknown).toBe(false);
    expect([...trust.arns]).toEqual([arn("kiro-agent").toLowerCase()]);
  });

  it("only an account id or an account's root ARN, exactly, names an account", () => {
    const accountsOf = (AWS: string) => [...trustOf({ Effect: "Allow", Principal: { AWS }, Action: "sts:AssumeRole" }).accounts];
    expect(accountsOf(PROD_ACCOUNT)).toEqual([PROD_ACCOUNT]);
    expect(accountsOf(`arn:aws-cn:iam::${PROD_ACCOUNT}:root`)).toEqual([PROD_ACCOUNT]);
    for (const other of [`${PROD_ACCOUNT}2`, `arn:aws:iam::${PROD_ACCOUNT}:rootx`, `xarn:aws:iam::${PROD_ACCOUNT}:root`]) expect(accountsOf(other)).toEqual([]);
  });

  it.each([
    ["an account id as a number", { Effect: "Allow", Principal: { AWS: Number(PROD_ACCOUNT) }, Action: "sts:AssumeRole" }],
    ["an unresolved intrinsic among the principals", { Effect: "Allow", Principal: { AWS: [arn("ci"), { "Fn::ImportValue": "agent-role-arn" }] }, Action: "sts:AssumeRole" }],
    ["an action that is not a string", { Effect: "Allow", Principal: { AWS: arn("kiro-agent") }, Action: ["sts:AssumeRole", { "Fn::If": ["Cond", "sts:TagSession", "sts:AssumeRole"] }] }],
    ["a NotAction that is not a string", { Effect: "Allow", Principal: { AWS: arn("kiro-agent") }, NotAction: 7 }],
    ["an Effect that is neither Allow nor Deny", { Effect: "allow", Principal: { AWS: arn("kiro-agent") }, Action: "sts:AssumeRole" }],
    ["a statement that is not an object", null],
    ["a statement that is a string", "sts:AssumeRole"],
  ])("%s: it may admit anyone (fail closed), never only the rest", (_case, statement) => {
    expect(trustOf(statement).unknown).toBe(true);
  });

  it.each([
    ["no trust policy in the input", undefined],
    ["a document that is JSON null", { name: "Trust", document: "null", evidence: { file: "account.json" } }],
    ["a document that is a list", { name: "Trust", document: "%5B%5D", evidence: { file: "account.json" } }],
  ])("%s: it may admit anyone, given the caller's own grant (fail closed)", (_case, trustPolicy) => {
    const target = role([allow("*")], { name: "deploy-role", ...(trustPolicy ? { trustPolicy } : {}) });
    expect(readTrust(target, Date.now()).unknown).toBe(true);
    const agent = role([allow("sts:AssumeRole", arn("deploy-role"))], { name: "kiro-agent" });
    const own = evaluateIam({ principals: [agent, target] }, policy, catalogue).findings.find((f) => f.subject === arn("kiro-agent"));
    expect(own?.message).toContain("kiro-agent → deploy-role (sts:AssumeRole)");
  });
});
