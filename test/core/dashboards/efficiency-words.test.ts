/**
 * A panel titled after an efficiency or reliability measure ("Cache hit rate", "p95 latency")
 * reports how well the tool works, and a threshold on what it queries (latency, success rate) is
 * no usage target. Its description does not decide that: before, one sentence in every panel's
 * description ("excludes sessions shorter than a minute in duration", "see the SLO board for
 * availability") made no panel an adoption panel and the finding went away; on one panel it
 * dropped the green step that made it a usage target.
 */
import { clone, evaluateValue, readFixture } from "./helpers.js";

type Json = Record<string, unknown>;
const RULE = "adoption-dashboard-no-incidents";
const example = (): Json => clone(readFixture("../../../examples/dashboards/copilot-adoption.grafana.json").value) as Json;
const panels = (d: Json): Json[] => (d["panels"] as Json[]).filter((p) => p["type"] !== "row" && p["type"] !== "text");
const verdict = (d: Json): string[][] => {
  const { findings, errors } = evaluateValue(d);
  expect(errors).toEqual([]);
  return findings.map((f) => [f.rule, f.severity]);
};

describe("efficiency words in descriptions", () => {
  it("as published the example is an error (control)", () => {
    expect(verdict(example())).toEqual([[RULE, "error"]]);
  });

  it.each(["Excludes sessions shorter than a minute in duration.", "See the SLO board for availability.", "Input to the quarterly efficiency review."])(
    "a sentence in every description (%s) leaves the adoption panels and their targets what they are",
    (sentence) => {
      const d = example();
      for (const p of panels(d)) p["description"] = `${String(p["description"] ?? "")} ${sentence}`.trim();
      expect(verdict(d)).toEqual([[RULE, "error"]]);
    },
  );

  it("a description naming success rate keeps the green step of an adoption panel a usage target", () => {
    const d = example();
    // Without the example's OKR text panel, only the green steps make it an error.
    d["panels"] = (d["panels"] as Json[]).filter((p) => p["type"] !== "text");
    expect(verdict(d)).toEqual([[RULE, "error"]]);
    for (const p of panels(d)) p["description"] = `${String(p["description"] ?? "")} Read next to the success rate on the SRE board.`;
    const [finding] = evaluateValue(d).findings;
    expect(finding?.severity).toBe("error");
    expect(finding?.evidence.some((e) => e.note?.includes("turns it green"))).toBe(true);
  });

  it("controls: a title naming latency or success rate is still no adoption panel, and its green step no target", () => {
    const d = example();
    for (const p of panels(d)) p["title"] = `${String(p["title"])} p95 latency`;
    expect(verdict(d)).toEqual([]);
    const one = example();
    const stepped = panels(one).filter((p) => JSON.stringify(p["fieldConfig"]).includes('"green"'));
    for (const p of stepped) (p["targets"] as Json[]).push({ refId: "Z", datasource: { type: "prometheus", uid: "prom" }, expr: "histogram_quantile(0.95, sum by (le) (rate(copilot_completion_latency_seconds_bucket[5m])))" });
    // Still an error: the example's OKR text panel states a target; its green steps no longer do.
    const [finding] = evaluateValue(one).findings;
    expect(finding?.message).toContain("its text states a target");
    expect(finding?.evidence.some((e) => e.note?.includes("turns it green"))).toBe(false);
  });
});
