/**
 * A threshold step is a bar to reach only where it turns the panel green: the values just below it
 * are drawn in another colour (the step before, Grafana's base, Perses's `defaultColor`, or
 * Perses's theme colour below a first step above 0). A step from 0 with no colour the author chose
 * below it colours every count of use. Dash0's published Claude Code dashboard for Perses (dash0-community/
 * claude-code-monitoring) colours "Lines Added" with one step, `{value: 0, color: green}`, and no
 * default colour, and "Total Cost" green from 0, yellow at 100, red at 500: every value is green
 * or a cap, no bar on use. It was reported as an error ("threshold 0 turns it green").
 */
import { evaluateValue } from "./helpers.js";

type Step = { value: number | null; color: string };

/** A Perses dashboard of Claude Code use, one panel, the thresholds as given, placed by its layout. */
function perses(title: string, query: string, thresholds: Record<string, unknown>): Record<string, unknown> {
  return {
    kind: "Dashboard",
    metadata: { name: "claude-code-metrics", project: "ai-agents" },
    spec: {
      display: { name: "Claude Code Metrics (Prometheus)" },
      duration: "7d",
      panels: {
        p: {
          kind: "Panel",
          spec: {
            display: { name: title },
            plugin: { kind: "StatChart", spec: { calculation: "last", thresholds } },
            queries: [{ kind: "TimeSeriesQuery", spec: { plugin: { kind: "PrometheusTimeSeriesQuery", spec: { query } } } }],
          },
        },
      },
      layouts: [{ kind: "Grid", spec: { items: [{ x: 0, y: 0, width: 6, height: 4, content: { $ref: "#/spec/panels/p" } }] } }],
    },
  };
}

/** A Grafana dashboard of GitHub Copilot use, one stat panel with the steps as written. */
function grafana(title: string, steps: Step[]): Record<string, unknown> {
  return {
    title: "Copilot rollout",
    uid: "copilot-rollout",
    schemaVersion: 39,
    panels: [
      {
        type: "stat",
        title,
        fieldConfig: { defaults: { thresholds: { mode: "absolute", steps } }, overrides: [] },
        targets: [{ refId: "A", expr: "sum(copilot_weekly_active_users)" }],
      },
    ],
  };
}

const severityOf = (value: unknown): string[] => {
  const { findings, errors } = evaluateValue(value);
  expect(errors).toEqual([]);
  return findings.map((f) => f.severity);
};

const LINES_ADDED = 'sum(increase(claude_code_lines_of_code_count_total{type="added"}[$__range])) or vector(0)';
const COST = "sum(increase(claude_code_cost_usage_USD_total[$__range]))";
const ACCEPTANCE = 'sum(rate(claude_code_code_edit_tool_decision_total{decision="accept"}[1h])) / sum(rate(claude_code_code_edit_tool_decision_total[1h]))';

describe("Perses steps", () => {
  it("a single green step with no default colour below it turns nothing green: warning (Dash0's Lines Added)", () => {
    expect(severityOf(perses("Lines Added", LINES_ADDED, { steps: [{ value: 0, color: "green" }] }))).toEqual(["warning"]);
  });

  it("green from 0, then yellow and red, caps spend: warning (Dash0's Total Cost)", () => {
    const steps = [
      { value: 0, color: "green" },
      { value: 100, color: "yellow" },
      { value: 500, color: "red" },
    ];
    expect(severityOf(perses("Total Cost", COST, { steps }))).toEqual(["warning"]);
  });

  it("green after the default colour the author chose, or after a red step, is a bar: error", () => {
    expect(severityOf(perses("Code edit acceptance rate", ACCEPTANCE, { defaultColor: "red", steps: [{ value: 0.5, color: "green" }] }))).toEqual(["error"]);
    // Also at 0: below it the author chose red.
    expect(severityOf(perses("Lines Added", LINES_ADDED, { defaultColor: "#c9190b", steps: [{ value: 0, color: "green" }] }))).toEqual(["error"]);
    const steps = [
      { value: 0.75, color: "green" },
      { value: 0, color: "red" },
    ];
    // Written out of order: Perses colours by value.
    expect(severityOf(perses("Code edit acceptance rate", ACCEPTANCE, { steps }))).toEqual(["error"]);
  });

  it("a first green step above 0 with no default colour is a bar: below it Perses draws its theme's colour (error)", () => {
    expect(severityOf(perses("Lines Added", LINES_ADDED, { steps: [{ value: 100, color: "green" }] }))).toEqual(["error"]);
  });

  it("green after a green default colour turns nothing: warning", () => {
    expect(severityOf(perses("Lines Added", LINES_ADDED, { defaultColor: "#3e8635", steps: [{ value: 10, color: "green" }] }))).toEqual(["warning"]);
  });
});

describe("Grafana steps", () => {
  it("a green step after a green base turns nothing green: warning", () => {
    expect(
      severityOf(
        grafana("Weekly active users", [
          { value: null, color: "green" },
          { value: 50, color: "semi-dark-green" },
        ]),
      ),
    ).toEqual(["warning"]);
  });

  it("a green step after a red base, or after a red step, is a bar, also at 0 (a sign the author coloured): error", () => {
    expect(
      severityOf(
        grafana("Weekly active users", [
          { value: null, color: "red" },
          { value: 0, color: "green" },
        ]),
      ),
    ).toEqual(["error"]);
    expect(
      severityOf(
        grafana("Weekly active users", [
          { value: null, color: "green" },
          { value: 20, color: "red" },
          { value: 50, color: "green" },
        ]),
      ),
    ).toEqual(["error"]);
  });

  it("reads the steps in the order of their values, as Grafana draws them", () => {
    // A bar written before its base.
    expect(
      severityOf(
        grafana("Weekly active users", [
          { value: 80, color: "green" },
          { value: null, color: "red" },
        ]),
      ),
    ).toEqual(["error"]);
    // Grafana's default written backwards: no bar.
    expect(
      severityOf(
        grafana("Weekly active users", [
          { value: 80, color: "red" },
          { value: null, color: "green" },
        ]),
      ),
    ).toEqual(["warning"]);
  });
});
