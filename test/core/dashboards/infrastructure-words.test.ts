/**
 * An infrastructure word makes a panel infrastructure only where it names what the panel
 * measures: its title or its queries. Before, any mention anywhere did, and "volume" counted as
 * a disk's: DevLake's own "Daily Model Usage Distribution" of Kiro ("Request volume by model over
 * time") was no adoption panel, and one sentence in each panel's description ("Shown as daily
 * volume", "excludes CPU-bound CI runners") took an adoption dashboard's finding away entirely.
 */
import { clone, evaluateFixture, evaluateValue, readFixture } from "./helpers.js";

type Json = Record<string, unknown>;
const RULE = "adoption-dashboard-no-incidents";

describe("infrastructure words", () => {
  it("DevLake's Kiro AI Model ROI (DevExpGbb fork): both its request counts per model are adoption panels", () => {
    const { findings, errors } = evaluateFixture("real/devlake-gbb-AIModelROI.json");
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["warning"]);
    expect(findings[0]!.evidence.map((e) => e.note?.match(/^adoption panel "([^"]+)"/)?.[1])).toEqual(["Model Performance Summary", "Daily Model Usage Distribution"]);
  });

  const withDescriptions = (sentence: string): Json => {
    const d = clone(readFixture("../../../examples/dashboards/copilot-adoption.grafana.json").value) as Json;
    for (const p of d["panels"] as Json[]) if (p["type"] !== "row" && p["type"] !== "text") p["description"] = `${String(p["description"] ?? "")} ${sentence}`.trim();
    return d;
  };

  it.each(["Shown as daily volume.", "Excludes CPU-bound CI runners.", "Counted from the network proxy logs; see the storage dashboard for retention."])(
    "a sentence in every description (%s) leaves the adoption panels what they are",
    (sentence) => {
      const { findings, errors } = evaluateValue(withDescriptions(sentence));
      expect(errors).toEqual([]);
      expect(findings.map((f) => [f.rule, f.severity])).toEqual([[RULE, "error"]]);
    },
  );

  it.each([
    ["a title naming the resource", { title: "Copilot proxy CPU usage", expr: 'sum(rate(container_cpu_usage_seconds_total{pod=~"copilot-proxy.*"}[5m]))' }],
    ["a query of a volume's bytes", { title: "Copilot cache usage", expr: 'sum(kubelet_volume_stats_used_bytes{persistentvolumeclaim="copilot-cache"})' }],
    ["a query of memory", { title: "Copilot proxy usage", expr: 'sum(container_memory_working_set_bytes{pod=~"copilot-proxy.*"})' }],
  ])("controls: %s is still infrastructure (no adoption panel)", (_what, { title, expr }) => {
    const value = { uid: "copilot-proxy", title: "Copilot proxy", schemaVersion: 39, panels: [{ id: 1, type: "timeseries", title, gridPos: { h: 8, w: 12, x: 0, y: 0 }, targets: [{ refId: "A", datasource: { type: "prometheus", uid: "prom" }, expr }] }] };
    expect(evaluateValue(value)).toEqual({ findings: [], errors: [] });
  });
});
