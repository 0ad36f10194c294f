/** The shipped examples (examples/dashboards) say what the docs say they do. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { evaluateDashboardFile } from "../../../src/core/dashboards/index.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { defaultPolicy, fixtures } from "./helpers.js";

const examples = path.resolve(fixtures, "../../../examples/dashboards");
const evaluate = (name: string) => {
  const file = path.join(examples, name);
  const parsed = parseSource(readFileSync(file, "utf8"));
  return evaluateDashboardFile({ file, value: parsed.value, lineOf: parsed.lineOf }, defaultPolicy);
};

describe("examples/dashboards", () => {
  it("flags the Copilot adoption dashboard with an 80% target as an error", () => {
    const { findings, errors } = evaluate("copilot-adoption.grafana.json");
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.severity, f.subject])).toEqual([["error", 'dashboard "Copilot adoption" (uid copilot-adoption)']]);
    expect(findings[0]!.message).toContain("threshold 80 turns it green");
  });

  it("does not flag the dashboard that shows incidents, rollbacks and change failure rate", () => {
    expect(evaluate("copilot-adoption-with-incidents.grafana.json")).toEqual({ findings: [], errors: [] });
  });
});
