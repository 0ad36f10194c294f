/**
 * A graph panel before Grafana 7 kept its thresholds on the panel with the side they mark
 * (`op: "lt"` colours what falls below the line, `"gt"` what rises above it). A red band below 80
 * active users asks for more use (a usage target, as a green band above it does); a green band
 * below a line caps a measure. Before, the side was ignored: the first set no target and the
 * second did. Shapes are Grafana 6's export (graph panel, `thresholds` list).
 */
import { severitiesFlagging as severities } from "./helpers.js";

type Json = Record<string, unknown>;
const graph = (thresholds: Json[]): Json => ({
  uid: "copilot",
  title: "Copilot adoption",
  schemaVersion: 22,
  panels: [
    {
      id: 1,
      type: "graph",
      title: "Copilot weekly active users",
      datasource: "Prometheus",
      gridPos: { h: 8, w: 12, x: 0, y: 0 },
      targets: [{ refId: "A", expr: "sum(github_copilot_weekly_active_users)" }],
      thresholds,
      lines: true,
      linewidth: 1,
    },
  ],
});

describe("legacy graph thresholds and their side", () => {
  it.each([
    ["values below 80 marked critical", [{ colorMode: "critical", fill: true, line: true, op: "lt", value: 80 }]],
    ["values above 80 marked ok (green)", [{ colorMode: "ok", fill: true, line: true, op: "gt", value: 80 }]],
    ["values below 80 in a custom red", [{ colorMode: "custom", fillColor: "rgba(234, 112, 112, 0.22)", line: true, op: "lt", value: 80 }]],
  ])("%s: a usage target (error)", (_what, thresholds) => {
    expect(severities(graph(thresholds))).toEqual(["error"]);
  });

  it.each([
    ["values below 500 marked ok (a cap)", [{ colorMode: "ok", fill: true, line: true, op: "lt", value: 500 }]],
    ["values above 500 marked critical (a cap)", [{ colorMode: "critical", fill: true, line: true, op: "gt", value: 500 }]],
  ])("%s: no target (warning)", (_what, thresholds) => {
    expect(severities(graph(thresholds))).toEqual(["warning"]);
  });
});
