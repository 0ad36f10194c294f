/**
 * The SigNoz, Perses, New Relic and embedded-text (Kubernetes, Helm values) readers on malformed input: any part of a real
 * dashboard replaced by any JSON value gives findings or input errors, never an exception.
 */
import fc from "fast-check";
import { evaluateDashboardFile, isDashboard } from "../../../src/core/dashboards/index.js";
import { defaultPolicy, readFixture } from "./helpers.js";

type Path = (string | number)[];

function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function replaced(value: unknown, path: Path, by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaced(v, rest, by) : v));
  return { ...(value as Record<string, unknown>), [head as string]: replaced((value as Record<string, unknown>)[head as string], rest, by) };
}

const configMap = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "dashboards" },
  data: { "claude-code.json": readFixture("real/signoz-claude-code-v1.json").text, "datasource.yaml": "apiVersion: 1" },
};

describe.each([
  ["SigNoz export", readFixture("real/signoz-codex-v1.json").value],
  ["Perses (SigNoz)", readFixture("real/signoz-opencode-perses.json").value],
  ["New Relic", readFixture("real/newrelic-claude-code-monitoring.json").value],
  ["Kubernetes ConfigMap", configMap],
  ["Kubernetes List", { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "m" } }, configMap] }],
  ["Helm values", { grafana: { dashboards: { default: { "claude-code": { json: readFixture("real/newrelic-claude-code-monitoring.json").text }, node: { gnetId: 1860 } } } } }],
])("%s with one part replaced by anything", (_name, value) => {
  const all = paths(value);
  it("is judged or refused, never an exception", () => {
    fc.assert(
      fc.property(fc.nat({ max: all.length - 1 }), fc.jsonValue({ maxDepth: 3 }), (i, by) => {
        const input = replaced(value, all[i] as Path, by);
        if (!isDashboard(input)) return;
        const result = evaluateDashboardFile({ file: "d.json", value: input }, defaultPolicy);
        for (const f of result.findings) expect(f.evidence.length).toBeGreaterThan(0);
        for (const e of result.errors) expect(e.message).toEqual(expect.any(String));
      }),
      { numRuns: 300 },
    );
  });
});
