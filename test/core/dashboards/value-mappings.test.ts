/**
 * A Grafana value mapping colours a stat as a threshold step does: a range from 80 up drawn green
 * is the same bar to reach as a green step at 80, and a mapping whose text names the goal
 * ("On target") states one. Before, such a panel's usage target went unseen (warning, not error).
 * A range mapping that only caps use (green at the bottom, red at the top) or colours a status is
 * no target. Shapes are Grafana 11's (stat panel, `fieldConfig.defaults.mappings`, overrides).
 */
import { clone, readFixture, severitiesFlagging as severities } from "./helpers.js";

type Json = Record<string, unknown>;
const range = (from: number | null, to: number | null, color: string, text?: string): Json => ({ type: "range", options: { from, to, result: { color, index: 0, ...(text ? { text } : {}) } } });

// A real Copilot metrics dashboard (asmild/copilot-metrics-exporter): flagged, warning, as published (no thresholds).
function withMappings(mappings: Json[], where: "defaults" | "override" = "defaults"): Json {
  const d = clone(readFixture("real/copilot-metrics-exporter-asmild.json").value) as Json;
  const seats = (d["panels"] as Json[]).find((p) => p["title"] === "Github Copilot seats")!;
  const fieldConfig = seats["fieldConfig"] as { defaults: Json; overrides: Json[] };
  if (where === "defaults") fieldConfig.defaults["mappings"] = mappings;
  else fieldConfig.overrides = [{ matcher: { id: "byName", options: "Value" }, properties: [{ id: "mappings", value: mappings }] }];
  return d;
}

describe("value mappings on an adoption panel", () => {
  it("as published: warning (control)", () => {
    expect(severities(withMappings([]))).toEqual(["warning"]);
  });

  it.each([
    ["a range from 80 up drawn green", [range(80, null, "green")]],
    ["a range from 80 up drawn green above a red one", [range(0, 80, "red"), range(80, 10000, "semi-dark-green")]],
    ["the same in an override", [range(0, 80, "red"), range(80, null, "#73BF69")]],
    ["a mapping whose text names the goal", [range(0, 80, "orange", "Below target"), range(80, null, "blue", "Goal met")]],
    ["a value mapping whose text names the goal", [{ type: "value", options: { "1": { color: "blue", text: "Adoption target reached", index: 0 } } }]],
  ])("%s: error (a usage target)", (what, mappings) => {
    expect(severities(withMappings(mappings, what.includes("override") ? "override" : "defaults"))).toEqual(["error"]);
  });

  it.each([
    ["green at the bottom, red at the top (a cap)", [range(0, 500, "green"), range(500, null, "red")]],
    ["one green range from zero (every value)", [range(0, null, "green")]],
    ["a range below 80 drawn green (fewer is fine)", [range(null, 80, "green")]],
    ["a special mapping of no data", [{ type: "special", options: { match: "null", result: { color: "green", text: "0", index: 0 } } }]],
    ["a value mapping of a status", [{ type: "value", options: { "1": { color: "green", text: "Enabled", index: 0 } } }]],
  ])("%s: warning (no target)", (_what, mappings) => {
    expect(severities(withMappings(mappings))).toEqual(["warning"]);
  });
});
