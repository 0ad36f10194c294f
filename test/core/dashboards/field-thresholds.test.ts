/**
 * A Grafana field override scopes its thresholds and value mappings to the columns its matcher
 * names. A green step on the "Cache %" column of a per-model table measures prompt caching, not
 * use, even when the table's other columns count sessions and tokens: 0x7067/claude-code-metrics'
 * "Model Breakdown" (test/fixtures/dashboards/real/claude-code-metrics-0x7067.json) was reported
 * as setting a usage target for it, an error where the design asks for a warning.
 */
import { evaluateValue } from "./helpers.js";

type Json = Record<string, unknown>;

const copilotQueries = [
  { refId: "A", datasource: { type: "prometheus", uid: "prom" }, expr: "sum by (language) (copilot_suggestions_accepted_total) / sum by (language) (copilot_suggestions_shown_total)" },
  { refId: "B", datasource: { type: "prometheus", uid: "prom" }, expr: "sum by (language) (copilot_active_users)" },
];

/** A Copilot table per language with one override; the defaults hold Grafana's base step only. */
function tableWithOverride(matcher: Json, steps: Json[] = [{ color: "red", value: null }, { color: "green", value: 0.3 }]): Json {
  return {
    title: "Copilot by language",
    uid: "copilot-by-language",
    schemaVersion: 39,
    panels: [
      {
        id: 1,
        type: "table",
        title: "Copilot by language",
        gridPos: { h: 8, w: 24, x: 0, y: 0 },
        targets: copilotQueries,
        fieldConfig: {
          defaults: { thresholds: { mode: "absolute", steps: [{ color: "green", value: null }] } },
          overrides: [{ matcher, properties: [{ id: "custom.cellOptions", value: { type: "color-text" } }, { id: "thresholds", value: { mode: "absolute", steps } }] }],
        },
      },
    ],
  };
}

function verdict(dashboard: Json): { severity: string | undefined; message: string } {
  const { findings, errors } = evaluateValue(dashboard);
  expect(errors).toEqual([]);
  expect(findings).toHaveLength(1);
  return { severity: findings[0]?.severity, message: findings[0]?.message ?? "" };
}

describe("thresholds of a field override", () => {
  it.each([
    ["byName", "Cache %"],
    ["byName", "Cache Hit"],
    ["byName", "Success rate"],
    ["byName", "p95 latency (s)"],
    ["byRegexp", "/.*latency.*/"],
  ])("a green step on a column named for an efficiency or reliability measure (%s %s) is no usage target", (id, options) => {
    const { severity, message } = verdict(tableWithOverride({ id, options }));
    expect(severity).toBe("warning");
    expect(message).not.toContain("usage target");
  });

  it("byNames: every column it names is an efficiency measure, so no usage target", () => {
    expect(verdict(tableWithOverride({ id: "byNames", options: { mode: "include", names: ["Cache %", "Error rate"] } })).severity).toBe("warning");
  });

  it.each([
    ["byName", "Acceptance rate"],
    ["byName", "Active users"],
    // Grafana's own names for a query's values say nothing of the measure: the panel's do.
    ["byName", "Value #A"],
    ["byFrameRefID", "A"],
    ["byType", "number"],
  ])("a green step on a column of use, or one the name does not describe (%s %s), is a usage target", (id, options) => {
    const { severity, message } = verdict(tableWithOverride({ id, options }));
    expect(severity).toBe("error");
    expect(message).toContain('"Copilot by language": threshold 0.3 turns it green');
  });

  it("byNames naming a column of use beside an efficiency one is a usage target", () => {
    expect(verdict(tableWithOverride({ id: "byNames", options: { mode: "include", names: ["Cache %", "Acceptance rate"] } })).severity).toBe("error");
  });

  it("a value mapping labelled as a target on an efficiency column is no usage target; on a column of use it is", () => {
    const mapping = (name: string): Json => {
      const d = tableWithOverride({ id: "byName", options: name }, [{ color: "green", value: null }]);
      const panel = (d["panels"] as Json[])[0] as Json;
      const override = ((panel["fieldConfig"] as Json)["overrides"] as Json[])[0] as Json;
      (override["properties"] as Json[]).push({ id: "mappings", value: [{ type: "value", options: { "1": { text: "Target met", color: "green" } } }] });
      return d;
    };
    expect(verdict(mapping("Cache %")).severity).toBe("warning");
    expect(verdict(mapping("Acceptance rate")).severity).toBe("error");
  });
});
