import type { Finding } from "../../src/core/finding.js";
import { applySuppressions } from "../../src/core/suppress.js";
import { parseUserConfig, resolvePolicy } from "../../src/policy/load.js";

const finding: Finding = {
  rule: "agent-destructive-prod",
  severity: "error",
  message: "Role AgentRole can delete or replace production resources",
  subject: "ProdStack/AgentRole",
  evidence: [{ file: "t.json", line: 3 }],
  suppressed: null,
};
const policyWith = (yaml: string) => resolvePolicy(parseUserConfig("agent-guardrail.yml", yaml), "agent-guardrail.yml");
const now = new Date("2026-11-25T12:00:00Z");

describe("config suppressions", () => {
  it("suppress a matching finding with the reason and where it came from", () => {
    const policy = policyWith("suppressions:\n  - rule: agent-destructive-prod\n    subject: ProdStack/*\n    reason: break-glass role reviewed by SecOps\n    approvedBy: alice\n");
    const [out] = applySuppressions([finding], policy, now);
    expect(out?.suppressed).toEqual({ reason: "break-glass role reviewed by SecOps", by: "agent-guardrail.yml (approved by alice)" });
  });

  it("do not touch other rules or subjects", () => {
    const policy = policyWith("suppressions:\n  - rule: agent-privilege-escalation\n    subject: ProdStack/AgentRole\n    reason: break-glass role reviewed by SecOps\n");
    expect(applySuppressions([finding], policy, now)).toEqual([finding]);
  });

  it("an expired suppression suppresses nothing and is itself an error", () => {
    const policy = policyWith("suppressions:\n  - rule: agent-destructive-prod\n    subject: ProdStack/AgentRole\n    reason: break-glass role reviewed by SecOps\n    expires: 2026-11-24\n");
    const out = applySuppressions([finding], policy, now);
    expect(out[0]?.suppressed).toBeNull();
    expect(out[1]).toMatchObject({ rule: "agent-destructive-prod", severity: "error", suppressed: null });
    expect(out[1]?.message).toContain("expired on 2026-11-24");
  });

  it("an unreadable expiry date counts as expired", () => {
    const policy = policyWith("suppressions:\n  - rule: agent-destructive-prod\n    subject: ProdStack/AgentRole\n    reason: break-glass role reviewed by SecOps\n    expires: next tuesday\n");
    expect(applySuppressions([finding], policy, now)[0]?.suppressed).toBeNull();
  });

  it("never waive a rule listed in neverWaivable, not even from template metadata", () => {
    const policy = policyWith("neverWaivable: [agent-destructive-prod]\nsuppressions:\n  - rule: agent-destructive-prod\n    subject: ProdStack/AgentRole\n    reason: break-glass role reviewed by SecOps\n");
    const fromMetadata = { ...finding, suppressed: { reason: "set in the CDK app by the agent", by: "ProdStack/AgentRole metadata" } };
    const out = applySuppressions([finding, fromMetadata], policy, now);
    expect(out.filter((f) => f.suppressed === null)).toHaveLength(3);
    expect(out[1]?.message).toContain("never waivable");
  });

  it("a date-only expiry lasts to the end of that day (UTC), to the millisecond", () => {
    const policy = policyWith("suppressions:\n  - rule: agent-destructive-prod\n    subject: ProdStack/AgentRole\n    reason: break-glass role reviewed by SecOps\n    expires: 2026-11-25\n");
    expect(applySuppressions([finding], policy, new Date("2026-11-25T23:59:59.999Z"))[0]?.suppressed).toMatchObject({ reason: "break-glass role reviewed by SecOps" });
    const after = applySuppressions([finding], policy, new Date("2026-11-26T00:00:00.000Z"));
    expect(after[0]?.suppressed).toBeNull();
    expect(after[1]?.message).toContain("expired on 2026-11-25");
  });

  it("the error for an expired suppression names who approved it", () => {
    const policy = policyWith("suppressions:\n  - rule: agent-destructive-prod\n    subject: ProdStack/AgentRole\n    reason: break-glass role reviewed by SecOps\n    approvedBy: alice\n    expires: 2026-11-24\n");
    expect(applySuppressions([finding], policy, now)[1]?.message).toBe(
      'The suppression of agent-destructive-prod for "ProdStack/AgentRole" approved by alice expired on 2026-11-24; it suppresses nothing.',
    );
  });

  it("the first matching entry is the one a suppressed finding cites", () => {
    const policy = policyWith(
      "suppressions:\n  - rule: agent-destructive-prod\n    subject: ProdStack/*\n    reason: stack-wide waiver\n    approvedBy: alice\n  - rule: agent-destructive-prod\n    subject: ProdStack/AgentRole\n    reason: this role only\n    approvedBy: bob\n",
    );
    expect(applySuppressions([finding], policy, now)[0]?.suppressed).toEqual({ reason: "stack-wide waiver", by: "agent-guardrail.yml (approved by alice)" });
  });

  it("a subject is matched with its case: a waiver for another spelling waives nothing", () => {
    const policy = policyWith("suppressions:\n  - rule: agent-destructive-prod\n    subject: prodstack/agentrole\n    reason: break-glass role reviewed by SecOps\n");
    expect(applySuppressions([finding], policy, now)).toEqual([finding]);
  });

  it("an expiry with a time of day ends at that time", () => {
    const policy = policyWith('suppressions:\n  - rule: agent-destructive-prod\n    subject: ProdStack/AgentRole\n    reason: break-glass role reviewed by SecOps\n    expires: "2026-11-25T18:00:00Z"\n');
    expect(applySuppressions([finding], policy, new Date("2026-11-25T17:59:59Z"))[0]?.suppressed).toMatchObject({ reason: "break-glass role reviewed by SecOps" });
    expect(applySuppressions([finding], policy, new Date("2026-11-25T18:00:01Z"))[0]?.suppressed).toBeNull();
  });
});
