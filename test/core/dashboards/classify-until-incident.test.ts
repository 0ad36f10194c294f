/**
 * classifyDashboard in full (every panel classified; test/deploy reads it so) and with
 * `untilIncident`, the rule's mode: it stops at the first incident panel, with the adoption panels
 * and usage targets found before it.
 */
import { classifyDashboard } from "../../../src/core/dashboards/classify.js";
import { normalizeDashboard } from "../../../src/core/dashboards/index.js";
import { defaultPolicy } from "./helpers.js";

const stat = (id: number, title: string, expr: string, steps: unknown[] = [{ color: "green", value: null }, { color: "red", value: 80 }]) => ({
  id,
  type: "stat",
  title,
  gridPos: { h: 6, w: 8, x: 8 * (id % 3), y: 6 * Math.floor(id / 3) },
  targets: [{ refId: "A", expr }],
  fieldConfig: { defaults: { thresholds: { mode: "absolute", steps } }, overrides: [] },
});

const dashboard = normalizeDashboard({
  uid: "eng-health",
  title: "Engineering health",
  schemaVersion: 39,
  panels: [
    stat(0, "Copilot weekly active users", "sum(github_copilot_weekly_active_users)", [{ color: "red", value: null }, { color: "green", value: 120 }]),
    stat(1, "Incidents (7d)", 'sum(increase(pagerduty_incidents_total{service="checkout"}[7d]))'),
    stat(2, "Copilot seats", "sum(github_copilot_seats_total)", [{ color: "red", value: null }, { color: "green", value: 200 }]),
    stat(3, "Rollbacks", "sum(increase(deploy_rollbacks_total[7d]))"),
  ],
})!;
const vocabulary = defaultPolicy.dashboards.vocabulary;
const titles = (panels: { title: string }[]) => panels.map((p) => p.title);

describe("classifyDashboard", () => {
  it("classifies every panel by default: all incident panels, adoption panels and targets", () => {
    const c = classifyDashboard(dashboard, vocabulary);
    expect(titles(c.incidentPanels)).toEqual(["Incidents (7d)", "Rollbacks"]);
    expect(titles(c.adoptionPanels.map((a) => a.panel))).toEqual(["Copilot weekly active users", "Copilot seats"]);
    expect(c.targets.map((t) => [t.panel.title, t.why])).toEqual([
      ["Copilot weekly active users", "threshold 120 turns it green"],
      ["Copilot seats", "threshold 200 turns it green"],
    ]);
  });

  it("an incident panel is never an adoption panel too, whatever use it mentions", () => {
    const d = normalizeDashboard({ uid: "rb", title: "Copilot", schemaVersion: 39, panels: [stat(0, "Copilot sessions during incidents", "sum(increase(copilot_sessions_total[1h])) and on() (sum(incidents_open) > 0)")] })!;
    const c = classifyDashboard(d, vocabulary);
    expect(titles(c.incidentPanels)).toEqual(["Copilot sessions during incidents"]);
    expect(c.adoptionPanels).toEqual([]);
  });

  it("with untilIncident, stops at the first incident panel, keeping what it found before it", () => {
    const c = classifyDashboard(dashboard, vocabulary, { untilIncident: true });
    expect(titles(c.incidentPanels)).toEqual(["Incidents (7d)"]);
    expect(titles(c.adoptionPanels.map((a) => a.panel))).toEqual(["Copilot weekly active users"]);
    expect(c.targets.map((t) => [t.panel.title, t.why])).toEqual([["Copilot weekly active users", "threshold 120 turns it green"]]);
  });
});

describe("a vocabulary term listed twice", () => {
  it("names the first tool that lists it, and a tool's term that is also a generic coding word names the tool", () => {
    const custom = {
      ...vocabulary,
      // A fork of the vocabulary that lists Copilot twice and adds a tool name to the generic words.
      codingTools: [...vocabulary.codingTools, { name: "Copilot Enterprise", terms: ["copilot"], proseTerms: [], source: "https://docs.github.com/en/copilot" }],
      codingToolWords: [...vocabulary.codingToolWords, "kiro"],
    };
    const d = normalizeDashboard({
      uid: "tools",
      title: "AI tools",
      schemaVersion: 39,
      panels: [stat(0, "Copilot weekly active users", "sum(github_copilot_weekly_active_users)"), stat(1, "Kiro weekly active users", "sum(kiro_weekly_active_users)")],
    })!;
    expect(classifyDashboard(d, custom).adoptionPanels.map((a) => [a.panel.title, a.tools])).toEqual([
      ["Copilot weekly active users", ["GitHub Copilot"]],
      ["Kiro weekly active users", ["Kiro"]],
    ]);
  });
});

describe("incident tools", () => {
  it("a tool's prose names count as well as its terms", () => {
    const custom = { ...vocabulary, incidentTools: [...vocabulary.incidentTools, { name: "Atlassian Statuspage", terms: [], proseTerms: ["statuspage"], source: "https://developer.statuspage.io/" }] };
    const d = normalizeDashboard({ uid: "ops", title: "Ops", schemaVersion: 39, panels: [stat(0, "Statuspage", "sum(statuspage_component_status_changes_total)")] })!;
    expect(titles(classifyDashboard(d, custom).incidentPanels)).toEqual(["Statuspage"]);
  });
});

describe("generic coding-tool words", () => {
  it("name 'an AI coding tool' alone, and nothing more once a tool is named", () => {
    const d = normalizeDashboard({
      uid: "ai",
      title: "Engineering",
      schemaVersion: 39,
      panels: [stat(0, "AI coding assistant weekly active users", "sum(assistant_weekly_active_users)"), stat(1, "Copilot coding assistant weekly active users", "sum(assistant_weekly_active_users)")],
    })!;
    expect(classifyDashboard(d, vocabulary).adoptionPanels.map((a) => a.tools)).toEqual([["an AI coding tool"], ["GitHub Copilot"]]);
  });
});

describe("the dashboard's tags", () => {
  it("put a tool in view of panels that do not name one", () => {
    const d = normalizeDashboard({ uid: "wau", title: "Engineering", tags: ["claude-code", "kpi"], schemaVersion: 39, panels: [stat(0, "Weekly active users", "sum(weekly_active_users)")] })!;
    expect(classifyDashboard(d, vocabulary).adoptionPanels.map((a) => [a.panel.title, a.tools, a.toolSource])).toEqual([["Weekly active users", ["Claude Code"], "dashboard"]]);
  });
});

describe("infrastructure", () => {
  it("a resource's usage on a dashboard about a tool is not use of the tool", () => {
    const d = normalizeDashboard({
      uid: "copilot-proxy",
      title: "Copilot proxy",
      schemaVersion: 39,
      panels: [stat(0, "Memory usage", 'sum(container_memory_working_set_bytes{pod=~"copilot-proxy-.*"})'), stat(1, "CPU usage", 'sum(rate(container_cpu_usage_seconds_total{pod=~"copilot-proxy-.*"}[5m]))')],
    })!;
    expect(classifyDashboard(d, vocabulary).adoptionPanels).toEqual([]);
  });
});

describe("targets stated in prose", () => {
  it("need a number: a goal without one is no target", () => {
    const d = normalizeDashboard({
      uid: "goal",
      title: "Copilot adoption",
      schemaVersion: 39,
      panels: [{ id: 9, type: "text", title: "Goal", options: { mode: "markdown", content: "Our goal: grow weekly Copilot usage across every team" } }, stat(1, "Copilot weekly active users", "sum(github_copilot_weekly_active_users)")],
    })!;
    expect(classifyDashboard(d, vocabulary).targets).toEqual([]);
  });

  it("a dashboard description's target points at the first panel, and there is none without panels", () => {
    const description = "Rollout tracking. Goal: 80% weekly active users of Copilot by end of Q3.";
    const withPanel = normalizeDashboard({ uid: "d", title: "Copilot", description, schemaVersion: 39, panels: [stat(0, "Copilot weekly active users", "sum(github_copilot_weekly_active_users)")] })!;
    expect(classifyDashboard(withPanel, vocabulary).targets.map((t) => [t.panel.title, t.why])).toEqual([["Copilot weekly active users", `the dashboard description states a target: "${description}"`]]);
    const empty = normalizeDashboard({ uid: "d", title: "Copilot", description, schemaVersion: 39, panels: [] })!;
    expect(classifyDashboard(empty, vocabulary).targets).toEqual([]);
  });
});

describe("target lines", () => {
  it("a series named after a target is a line, with its value when it has one", () => {
    const goal = { ...stat(0, "Copilot weekly active users", "sum(github_copilot_weekly_active_users)"), targets: [{ refId: "A", expr: "sum(github_copilot_weekly_active_users)" }, { refId: "B", expr: "vector(250)", legendFormat: "Goal" }] };
    const d = normalizeDashboard({ uid: "g", title: "Copilot", schemaVersion: 39, panels: [goal] })!;
    expect(classifyDashboard(d, vocabulary).targets.map((t) => t.why)).toEqual(['"Goal" line']);
  });
});

describe("threshold steps", () => {
  it("the base step is green below every threshold, whatever value it was written with: no target", () => {
    const d = normalizeDashboard({ uid: "b", title: "Copilot", schemaVersion: 39, panels: [stat(0, "Copilot weekly active users", "sum(github_copilot_weekly_active_users)", [{ color: "green", value: 0 }, { color: "red", value: 80 }])] })!;
    expect(classifyDashboard(d, vocabulary).targets).toEqual([]);
  });
});
