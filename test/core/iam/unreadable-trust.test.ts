/**
 * A trust policy that cannot be decoded (a broken URL-encoded document, as IAM returns them in
 * GetAccountAuthorizationDetails) may admit anyone: the role is reachable by an agent whose own
 * policy allows sts:AssumeRole on it (fail closed), and the role is evaluated as an agent's, the
 * finding saying why. (The IAM parser reads identity policies and boundaries only: a broken trust
 * policy shows in the verdict, not as an input error.)
 */
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
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

  it("the role itself is evaluated as an agent's: its trust cannot rule one out", () => {
    const { findings } = evaluateIam({ principals: [admin] }, policy, catalogue);
    const destructive = findings.find((f) => f.rule === "agent-destructive-prod" && f.subject === arn("deploy-role"));
    expect(destructive?.message).toMatch(/can delete or replace production resources/);
    expect(JSON.stringify(destructive)).toContain("trust policy is unreadable (cannot rule out an agent)");
  });
});
