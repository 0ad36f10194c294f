/**
 * SigNoz draws only the queries that are enabled (the eye icon writes `"disabled": true`), and a
 * formula reads the queries it names whether they are drawn or not. Before, an incident widget
 * whose only query was disabled passed an adoption dashboard. Real dashboards: SigNoz's published
 * Claude Code dashboard (v1 export, flagged as published) and its Perses export, whose cost panels
 * draw formulas over disabled queries (still adoption panels).
 */
import { clone, evaluateFixture, readFixture, rulesFlagging as rules } from "./helpers.js";

type Json = Record<string, unknown>;
const RULE = "adoption-dashboard-no-incidents";

const builderQuery = (name: string, metricName: string, disabled: boolean): Json => ({
  aggregations: [{ metricName, reduceTo: "sum", spaceAggregation: "sum", temporality: null, timeAggregation: "increase" }],
  dataSource: "metrics", disabled, expression: name, filters: { items: [], op: "AND" }, groupBy: [], having: { expression: "" }, legend: "", queryName: name, stepInterval: 60,
});

/** The v1 export with one incident widget placed in its layout. */
function v1With(query: Json): Json {
  const d = clone(readFixture("real/signoz-claude-code-v1.json").value) as Json;
  const id = "incidents-widget";
  (d["widgets"] as Json[]).push({ id, panelTypes: "graph", title: "Incidents linked to Claude Code changes", description: "", query, thresholds: [] });
  (d["layout"] as Json[]).push({ h: 6, i: id, moved: false, static: false, w: 6, x: 0, y: 99 });
  return d;
}

describe("SigNoz v1: disabled queries", () => {
  it("an incident widget whose only builder query is disabled records none; enabled, it does", () => {
    const builder = (disabled: boolean): Json => ({ queryType: "builder", builder: { queryData: [builderQuery("A", "pagerduty.incidents.count", disabled)], queryFormulas: [] } });
    expect(rules(v1With(builder(true)))).toEqual([RULE]);
    expect(rules(v1With(builder(false)))).toEqual([]);
  });

  it("a disabled query read by an enabled formula is drawn; under a disabled formula it is not", () => {
    const withFormula = (formulaDisabled: boolean): Json => ({
      queryType: "builder",
      builder: { queryData: [builderQuery("A", "pagerduty.incidents.count", true), builderQuery("B", "deployments.count", true)], queryFormulas: [{ disabled: formulaDisabled, expression: "A / B", legend: "Incidents per deploy", queryName: "F1" }] },
    });
    expect(rules(v1With(withFormula(false)))).toEqual([]);
    expect(rules(v1With(withFormula(true)))).toEqual([RULE]);
  });

  it("a disabled PromQL or ClickHouse query records none", () => {
    expect(rules(v1With({ queryType: "promql", promql: [{ disabled: true, legend: "", name: "A", query: "sum(increase(incidents_opened_total[1d]))" }] }))).toEqual([RULE]);
    expect(rules(v1With({ queryType: "clickhouse_sql", clickhouse_sql: [{ disabled: true, legend: "", name: "A", query: "SELECT count() FROM incidents" }] }))).toEqual([RULE]);
    expect(rules(v1With({ queryType: "promql", promql: [{ disabled: false, legend: "", name: "A", query: "sum(increase(incidents_opened_total[1d]))" }] }))).toEqual([]);
  });
});

describe("SigNoz Perses export: disabled queries", () => {
  it("the published Claude Code dashboard is still flagged with its cost formulas as adoption panels", () => {
    const { findings, errors } = evaluateFixture("real/signoz-claude-code-perses.json");
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.rule)).toEqual([RULE]);
    expect(findings[0]!.evidence.some((e) => e.pointer === "/spec/panels/cumulative-cost")).toBe(true);
  });

  it("an incident panel of a composite query whose only builder query is disabled records none", () => {
    const d = clone(readFixture("real/signoz-claude-code-perses.json").value) as Json;
    const spec = d["spec"] as Json;
    const composite = (disabled: boolean): Json => ({ kind: "Panel", spec: { display: { name: "Incidents" }, plugin: { kind: "signoz/TimeSeriesPanel", spec: {} }, queries: [{ kind: "time_series", spec: { plugin: { kind: "signoz/CompositeQuery", spec: { queries: [{ type: "builder_query", spec: { name: "A", signal: "metrics", aggregations: [{ metricName: "pagerduty.incidents.count", timeAggregation: "increase", spaceAggregation: "sum" }], disabled, filter: { expression: "" } } }] } } } }] } });
    (spec["panels"] as Json)["incidents"] = composite(true);
    const layouts = spec["layouts"] as Json[];
    ((layouts[0] as { spec: { items: Json[] } }).spec.items).push({ x: 0, y: 99, width: 6, height: 6, content: { $ref: "#/spec/panels/incidents" } });
    expect(rules(d)).toEqual([RULE]);
    (spec["panels"] as Json)["incidents"] = composite(false);
    expect(rules(d)).toEqual([]);
  });
});
