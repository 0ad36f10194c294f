/** How a user config merges with the shipped defaults: tags, replaceDefaults, suppression fields. */
import { parseUserConfig, resolvePolicy } from "../../src/policy/load.js";

const resolve = (yaml: string) => resolvePolicy(parseUserConfig("agent-guardrail.yml", yaml), "agent-guardrail.yml");

describe("config merge", () => {
  it("tags: a single value or a list, added to the defaults' values of that key", () => {
    const p = resolve("production:\n  tags:\n    Environment: prod-eu\n    Tier: [gold, platinum]\nagents:\n  tags:\n    ai-agent: 'true'\n");
    expect(p.production.tags["Environment"]).toEqual(expect.arrayContaining(["prod", "prod-eu"]));
    expect(p.production.tags["Tier"]).toEqual(["gold", "platinum"]);
    expect(p.agents.tags["ai-agent"]).toEqual(expect.arrayContaining(["true"]));
  });

  it("replaceDefaults replaces tags and lists of that section only", () => {
    const p = resolve("production:\n  replaceDefaults: true\n  tags:\n    Stage: [live]\n  nameTokens: [prd]\n");
    expect(p.production.tags).toEqual({ Stage: ["live"] });
    expect(p.production.nameTokens).toEqual(["prd"]);
    expect(p.agents.roleNamePatterns.length).toBeGreaterThan(5);
    const noTags = resolve("production:\n  replaceDefaults: true\n  nameTokens: [prd]\n");
    expect(noTags.production.tags["Environment"]).toEqual(expect.arrayContaining(["prod"]));
  });

  it("suppressions keep expiry and approver; a YAML date is written back as YYYY-MM-DD; the reason is trimmed", () => {
    const p = resolve(
      "suppressions:\n  - rule: agent-destructive-prod\n    subject: OrdersProd/*\n    reason: '  reviewed by the platform team  '\n    expires: 2027-01-31\n    approvedBy: alice\n  - rule: two-person-review\n    subject: acme/platform#7\n    reason: merged in an outage by the on-call\n",
    );
    expect(p.suppressions).toEqual([
      { rule: "agent-destructive-prod", subject: "OrdersProd/*", reason: "reviewed by the platform team", expires: "2027-01-31", approvedBy: "alice" },
      { rule: "two-person-review", subject: "acme/platform#7", reason: "merged in an outage by the on-call" },
    ]);
    expect(p.configSource).toBe("agent-guardrail.yml");
  });

  it("review and dashboards defaults, overridden when set", () => {
    const d = resolve("{}\n");
    expect([d.review.requiredApprovals, d.review.approverTeams, d.dashboards.enabled, d.dashboards.targetIsError]).toEqual([2, [], true, true]);
    const o = resolve("review:\n  requiredApprovals: 3\n  approverTeams: [leads]\ndashboards:\n  enabled: false\n  targetIsError: false\nneverWaivable: [two-person-review]\n");
    expect([o.review.requiredApprovals, o.review.approverTeams, o.dashboards.enabled, o.dashboards.targetIsError, o.neverWaivable]).toEqual([3, ["leads"], false, false, ["two-person-review"]]);
  });

  it("an empty config file is the defaults", () => {
    expect(resolve("").review.requiredApprovals).toBe(2);
  });
});
