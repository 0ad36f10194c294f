/**
 * The Perses operator's `PersesDashboard` of `perses.dev/v1alpha2` (what OpenShift's Cluster
 * Observability Operator applies) keeps the dashboard spec in `spec.config`, its layouts still
 * naming `#/spec/panels/<key>`. It was refused as a format not read: an adoption dashboard with
 * its incident panel could not pass, and the message said Perses was read.
 */
import { parseSource } from "../../../src/core/source/parse.js";
import { evaluateDashboardFile } from "../../../src/core/dashboards/index.js";
import { defaultPolicy } from "./helpers.js";

const panel = (name: string, query: string): string[] => [
  `      ${name.toLowerCase().replace(/\W+/g, "-")}:`,
  "        kind: Panel",
  "        spec:",
  "          display:",
  `            name: ${name}`,
  "          plugin:",
  "            kind: StatChart",
  "            spec:",
  "              calculation: last",
  "          queries:",
  "            - kind: TimeSeriesQuery",
  "              spec:",
  "                plugin:",
  "                  kind: PrometheusTimeSeriesQuery",
  "                  spec:",
  `                    query: ${query}`,
];

function manifest(panels: [string, string][], placed = panels.map(([n]) => n)): string {
  return [
    "apiVersion: perses.dev/v1alpha2",
    "kind: PersesDashboard",
    "metadata:",
    "  name: claude-code-usage",
    "  namespace: monitoring",
    "spec:",
    "  config:",
    "    display:",
    "      name: Claude Code usage",
    "    duration: 1h",
    "    panels:",
    ...panels.flatMap(([n, q]) => panel(n, q)),
    "    layouts:",
    "      - kind: Grid",
    "        spec:",
    "          items:",
    ...placed.flatMap((n, i) => [`            - x: 0`, `              y: ${i * 4}`, "              width: 6", "              height: 4", "              content:", `                $ref: '#/spec/panels/${n.toLowerCase().replace(/\W+/g, "-")}'`]),
    "",
  ].join("\n");
}

function evaluate(text: string) {
  const parsed = parseSource(text);
  return evaluateDashboardFile({ file: "dashboard.yaml", value: parsed.value, lineOf: parsed.lineOf }, defaultPolicy);
}

const SESSIONS: [string, string] = ["Sessions", "sum(increase(claude_code_session_count_total[1d]))"];
const INCIDENTS: [string, string] = ["Incidents", "sum(increase(incidents_opened_total[1d]))"];

describe("PersesDashboard v1alpha2 (spec.config)", () => {
  it("is read: an adoption dashboard without incidents is flagged at its panel", () => {
    const text = manifest([SESSIONS]);
    const { findings, errors } = evaluate(text);
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain("Claude Code");
    expect(findings[0]!.evidence[0]).toMatchObject({ pointer: "/spec/config/panels/sessions", line: text.split("\n").indexOf("      sessions:") + 1 });
  });

  it("passes with an incident panel its layout places; one it does not place does not count", () => {
    expect(evaluate(manifest([SESSIONS, INCIDENTS]))).toEqual({ findings: [], errors: [] });
    expect(evaluate(manifest([SESSIONS, INCIDENTS], ["Sessions"])).findings).toHaveLength(1);
  });

  it("an empty one is an input error, never a pass", () => {
    const { findings, errors } = evaluate(manifest([]).replace("    panels:\n", "    panels: {}\n"));
    expect(findings).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining("no panels") })]);
  });

  it("v1alpha1's spec.panels is still read where it is", () => {
    const v1 = manifest([SESSIONS]).replace("perses.dev/v1alpha2", "perses.dev/v1alpha1").replace("  config:\n", "").replace(/^ {4}/gm, "  ");
    const { findings, errors } = evaluate(v1);
    expect(errors).toEqual([]);
    expect(findings[0]!.evidence[0]).toMatchObject({ pointer: "/spec/panels/sessions" });
  });
});
