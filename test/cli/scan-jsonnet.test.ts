/**
 * Grafana dashboards written in Jsonnet (Grafonnet: `g.dashboard.new(...)`, `.addPanels([...])`)
 * are compiled by the team's build, not kept as JSON: `.jsonnet` and `.libsonnet` files were not
 * opened, so an adoption dashboard of a coding tool kept only as its Jsonnet source passed a
 * repository scan, while the same source in a grafana-operator GrafanaDashboard's `spec.jsonnet`
 * was refused. Jsonnet is not evaluated here: a source that builds a dashboard and names a coding
 * tool and a measure of its use is an input error (fail closed), in `scan` and the pull request
 * check; any other (a mixin of CPU and memory, Performance Co-Pilot's) is no input.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";
import { unreadJsonnetDashboard } from "../../src/core/dashboards/index.js";
import { checkAdoptionDashboards } from "../../src/github/checks/adoption-dashboards.js";
import { loadCatalogue } from "../../src/policy/catalogue.js";
import { resolvePolicy } from "../../src/policy/load.js";

interface JsonReport {
  findings: { rule: string }[];
  errors: { file: string; line?: number; message: string }[];
  summary: { inputs: number };
  notes?: string[];
}

const policy = resolvePolicy();
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/dashboards/${name}`, import.meta.url));
const workspace = (): string => mkdtempSync(path.join(tmpdir(), "ag-jsonnet-"));

async function scanJson(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(workspace(), "report.json");
  const code = await main(["scan", ...args, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

/** A Grafonnet (v10+) dashboard, as grafana/grafonnet's examples build one. */
const grafonnet = (title: string, panelTitle: string, expr: string): string => `local g = import 'github.com/grafana/grafonnet/gen/grafonnet-latest/main.libsonnet';

g.dashboard.new('${title}')
+ g.dashboard.withUid('${title.toLowerCase().replace(/\W+/g, "-")}')
+ g.dashboard.withPanels([
  g.panel.timeSeries.new('${panelTitle}')
  + g.panel.timeSeries.queryOptions.withTargets([
    g.query.prometheus.new('$datasource', '${expr}'),
  ]),
])
`;

const copilot = grafonnet("GitHub Copilot rollout", "Weekly active users", "sum(copilot_active_users)");
const nodes = grafonnet("Node exporter", "CPU usage", "sum(rate(node_cpu_seconds_total[5m]))");

describe("Jsonnet sources of dashboards", () => {
  it("one of GitHub Copilot's use: an input error that says Jsonnet is not evaluated", () => {
    expect(unreadJsonnetDashboard(copilot, policy)).toMatch(/^Jsonnet source of a dashboard, not evaluated: looks like a dashboard of GitHub Copilot use \(active users, weekly active users\)/);
  });

  it.each([
    ["a node dashboard", nodes],
    ["Jsonnet of a coding tool's use that builds no dashboard (a config)", "{ tool: 'GitHub Copilot', weekly_active_users: 12 }\n"],
  ])("%s: no input", (_name, text) => {
    expect(unreadJsonnetDashboard(text, policy)).toBeUndefined();
  });

  it("found while walking: an input error; a node dashboard's source beside it is skipped", async () => {
    const dir = workspace();
    cpSync(fixture("real/devlake-DORA.json"), path.join(dir, "dora.json"));
    writeFileSync(path.join(dir, "copilot.jsonnet"), copilot);
    writeFileSync(path.join(dir, "nodes.libsonnet"), nodes);
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "copilot.jsonnet"), message: expect.stringMatching(/^Jsonnet source of a dashboard, not evaluated: looks like a dashboard of GitHub Copilot use/) })]);
    expect(report.summary.inputs).toBe(1);
    expect(report.notes).toContain("1 file found while walking directories is not a recognized input and was skipped");
  });

  // Jsonnet is a superset of JSON: a mixin may keep a dashboard's plain JSON in a .libsonnet file.
  // That is read as the dashboard it is (judged, with its incident panels), not refused unevaluated.
  it("a .libsonnet file of plain dashboard JSON is read as that dashboard", async () => {
    const dir = workspace();
    cpSync(fixture("handmade/grafana-copilot-default-thresholds.json"), path.join(dir, "copilot.libsonnet"));
    const { code, report } = await scanJson([dir]);
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => f.rule)).toEqual(["adoption-dashboard-no-incidents"]);
    expect(code).toBe(0);
  });

  it("named on the command line, a source that is no adoption dashboard is refused as not a recognized input", async () => {
    const dir = workspace();
    writeFileSync(path.join(dir, "nodes.jsonnet"), nodes);
    const { code, report } = await scanJson([path.join(dir, "nodes.jsonnet")]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "nodes.jsonnet"), message: expect.stringMatching(/^not a recognized input: Jsonnet is not evaluated/) })]);
  });

  it("the pull request check reads a changed .libsonnet of plain dashboard JSON as that dashboard, as scan does", async () => {
    const file = "mixin/dashboards/copilot.libsonnet";
    const text = readFileSync(fixture("handmade/grafana-copilot-target-80.json"), "utf8");
    const out = await checkAdoptionDashboards({ policy, files: [{ path: file, status: "added" }], filesComplete: true, read: async (p) => (p === file ? text : undefined), catalogue: loadCatalogue });
    expect(out.errors).toEqual([]);
    expect(out.findings.map((f) => f.severity)).toEqual(["error"]);
    expect(out.conclusion).toBe("failure");
  });

  it("the pull request check fails closed on a changed Jsonnet source of Copilot's use, as scan does", async () => {
    const file = "dashboards/copilot.jsonnet";
    const out = await checkAdoptionDashboards({ policy, files: [{ path: file, status: "modified" }], filesComplete: true, read: async (p) => (p === file ? copilot : undefined), catalogue: loadCatalogue });
    expect(out.conclusion).toBe("failure");
    expect(out.errors).toEqual([{ file, message: expect.stringMatching(/^Jsonnet source of a dashboard, not evaluated: looks like a dashboard of GitHub Copilot use/) }]);
  });
});
