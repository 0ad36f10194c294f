/**
 * Actions the catalogue does not know (a service released after it, a typo) are judged by their
 * names or reported as not verifiable, never dropped (DESIGN.md "Destructive access").
 */
import { allow, evaluate, role } from "./helpers.js";

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
    for (const pattern of ["brandnewdb:*", "brandnew*:Delete*", "DeleteTable"]) {
      const { findings } = evaluate(role([allow(pattern)], { name: "kiro-agent" }));
      expect([pattern, findings.map((f) => f.rule)]).toEqual([pattern, ["agent-destructive-prod", "agent-privilege-escalation"]]);
      expect(findings[0]?.message).toContain(`action pattern ${pattern}`);
      expect(findings[0]?.evidence.some((e) => e.note === `${pattern} matches no catalogue action: cannot be verified (fail closed)`)).toBe(true);
    }
  });

  it("a harmless unknown literal action, and an unmatched pattern that can only read, are not findings", () => {
    expect(evaluate(role([allow(["brandnewdb:DescribeCluster", "*:GetBucketLocation", "brandnew*:Get*"])], { name: "kiro-agent" })).findings).toEqual([]);
  });
});
