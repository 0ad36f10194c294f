/**
 * The exact words of agent-privilege-escalation findings: iam:PassRole is shown with the
 * create/run actions it needs (two named, then "..."), never those actions alone; PassRole without
 * any of them is no escalation. Expected texts written from the rule's definition, before running.
 */
import { allow, evaluate, policy, role } from "./helpers.js";

const escalation = (actions: string[]) => evaluate(role([allow(actions)], { name: "kiro-agent" })).findings.filter((f) => f.rule === "agent-privilege-escalation");

describe("agent-privilege-escalation messages", () => {
  it("PassRole with one create/run action", () => {
    const [f] = escalation(["iam:PassRole", "lambda:CreateFunction"]);
    expect(f?.message).toBe("Role kiro-agent can escalate its privileges: iam:PassRole on * with lambda:CreateFunction");
    expect(f?.actions).toEqual(["iam:PassRole", "lambda:CreateFunction"]);
  });

  it("PassRole with three: two named, then ...", () => {
    const [f] = escalation(["iam:PassRole", "lambda:CreateFunction", "ecs:RunTask", "ec2:RunInstances"]);
    expect(f?.message).toBe("Role kiro-agent can escalate its privileges: iam:PassRole on * with ec2:RunInstances, ecs:RunTask, ...");
    expect(f?.actions).toEqual(["ec2:RunInstances", "ecs:RunTask", "iam:PassRole", "lambda:CreateFunction"]);
  });

  it("PassRole with exactly two: both named, no ...", () => {
    const [f] = escalation(["iam:PassRole", "lambda:CreateFunction", "ecs:RunTask"]);
    expect(f?.message).toBe("Role kiro-agent can escalate its privileges: iam:PassRole on * with ecs:RunTask, lambda:CreateFunction");
  });

  it("a code-execution action is shown on its own next to PassRole", () => {
    const [f] = escalation(["iam:PassRole", "lambda:CreateFunction", "ssm:SendCommand"]);
    expect(f?.message).toBe("Role kiro-agent can escalate its privileges: iam:PassRole on * with lambda:CreateFunction, ssm:SendCommand on *");
  });

  it("PassRole alone, or create/run actions alone, are no escalation", () => {
    expect(escalation(["iam:PassRole"])).toEqual([]);
    expect(escalation(["lambda:CreateFunction", "ec2:RunInstances"])).toEqual([]);
  });

  it("the finding is an error with the rule's id, on the principal, citing the statement", () => {
    const [f] = escalation(["iam:PutRolePolicy"]);
    expect(f).toMatchObject({ rule: "agent-privilege-escalation", severity: "error", subject: "arn:aws:iam::111111111111:role/kiro-agent", suppressed: null });
    expect(f?.message).toBe("Role kiro-agent can escalate its privileges: iam:PutRolePolicy on *");
    expect(f?.evidence[0]).toMatchObject({ file: "policy.json", pointer: "/Inline/Statement/0", statementIndex: 0 });
  });
});

describe("findings that cannot be verified", () => {
  it("name what could not be verified, per rule", () => {
    const findings = evaluate(role([allow("brandnewdb:*")], { name: "kiro-agent" })).findings;
    expect(findings.map((f) => f.message)).toEqual([
      "Role kiro-agent cannot be verified not to delete or replace production resources: action pattern brandnewdb:* (fail closed)",
      "Role kiro-agent cannot be verified not to escalate its privileges: action pattern brandnewdb:* (fail closed)",
    ]);
    for (const f of findings) expect(f.actions).toBeUndefined();
  });
});

describe("an action that is both a create/run action and an escalation of its own", () => {
  // The shipped tiers keep the lists apart; a custom policy may not. Such an action is shown on
  // its own (it escalates without iam:PassRole), not only after "with".
  const withTier = (tier: "actions" | "codeExecution" | "assumeRole") => ({ ...policy, destructive: { ...policy.destructive, t4Escalation: { ...policy.destructive.t4Escalation, [tier]: [...policy.destructive.t4Escalation[tier], "lambda:CreateFunction"] } } });
  it.each(["actions", "codeExecution", "assumeRole"] as const)("also listed in t4Escalation.%s", (tier) => {
    const [f] = evaluate(role([allow(["iam:PassRole", "lambda:CreateFunction"])], { name: "kiro-agent" }), withTier(tier)).findings.filter((x) => x.rule === "agent-privilege-escalation");
    expect(f?.message).toBe("Role kiro-agent can escalate its privileges: iam:PassRole on * with lambda:CreateFunction, lambda:CreateFunction on *");
  });
});
