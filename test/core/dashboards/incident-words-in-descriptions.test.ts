/**
 * A panel's description (Grafana's ⓘ tooltip, SigNoz's and Perses's panel description) is what
 * its author says about it, not what it shows: incident words there record no incidents. Before,
 * one adoption panel described as "compare with incidents on the SRE board" passed the whole
 * dashboard. What the panel is titled and queries still counts; a description still names the
 * tool and states a target.
 */
import { clone, evaluateValue, grafanaV2CopilotWith, readFixture, v2QueryGroup, rulesFlagging as rules } from "./helpers.js";

type Json = Record<string, unknown>;
const RULE = "adoption-dashboard-no-incidents";
const example = (): Json => clone(readFixture("../../../examples/dashboards/copilot-adoption.grafana.json").value) as Json;
const seats = (d: Json): Json => (d["panels"] as Json[]).find((p) => p["title"] === "Seats assigned")!;

describe("incident words in a panel's description", () => {
  it.each([
    "Seats assigned. Compare with incidents on the SRE board.",
    "Rollbacks and change failure rate are tracked elsewhere.",
    "No outage has been linked to Copilot so far (see the postmortem index).",
  ])("Grafana classic: an adoption panel described as %j records none", (description) => {
    const d = example();
    seats(d)["description"] = description;
    expect(rules(d)).toEqual([RULE]);
  });

  it("Grafana v2: an element described after incidents that queries seats records none", () => {
    const element = { kind: "Panel", spec: { title: "Copilot seats", description: "See the incident review for rollbacks.", vizConfig: { kind: "stat", spec: {} }, data: v2QueryGroup("sum(github_copilot_seats_total)") } };
    expect(rules(grafanaV2CopilotWith(element))).toEqual([RULE]);
  });

  it("SigNoz: a widget described after incidents that queries Claude Code tokens records none (real dashboard, signoz-claude-code-v1)", () => {
    const d = clone(readFixture("real/signoz-claude-code-v1.json").value) as Json;
    expect(rules(d)).toEqual([RULE]);
    const widgets = d["widgets"] as Json[];
    const adoption = widgets.find((w) => JSON.stringify(w["query"] ?? "").includes("claude_code"))!;
    adoption["description"] = "Read next to the incident timeline and MTTR.";
    expect(rules(d)).toEqual([RULE]);
  });

  it("controls: a title or a query of incidents counts", () => {
    const titled = example();
    (titled["panels"] as Json[]).push({ id: 90, type: "timeseries", title: "Incidents linked to Copilot PRs", gridPos: { h: 8, w: 12, x: 0, y: 90 }, targets: [{ refId: "A", datasource: { type: "prometheus", uid: "prom" }, expr: 'sum(increase(deployments_failed_total{author_kind="ai_agent"}[1d]))' }] });
    expect(rules(titled)).toEqual([]);
    const queried = example();
    (queried["panels"] as Json[]).push({ id: 90, type: "timeseries", title: "Risk", description: "Deploy health", gridPos: { h: 8, w: 12, x: 0, y: 90 }, targets: [{ refId: "A", datasource: { type: "prometheus", uid: "prom" }, expr: "sum(increase(pagerduty_incidents_total[1d]))" }] });
    expect(rules(queried)).toEqual([]);
  });

  it("a description still names the tool and states a target", () => {
    const value = { uid: "ai", title: "Engineering", schemaVersion: 39, panels: [{ id: 1, type: "stat", title: "Weekly active users", description: "GitHub Copilot users; target: 80% weekly usage", gridPos: { h: 4, w: 6, x: 0, y: 0 }, targets: [{ refId: "A", datasource: { type: "prometheus", uid: "prom" }, expr: "sum(active_users_weekly)" }] }] };
    const { findings } = evaluateValue(value);
    expect(findings.map((f) => f.severity)).toEqual(["error"]);
    expect(findings[0]!.message).toContain("GitHub Copilot");
  });
});
