/**
 * A CloudWatch metric widget draws the rows that are visible: a row with `{"visible": false}` is
 * there only for an expression to read, and an expression of constants (`TIME_SERIES(0)`) reads
 * no metric. Before, an "Incidents" widget whose only metric was hidden, or whose only series was
 * `TIME_SERIES(0)`, passed an adoption dashboard. A hidden row that a visible expression reads is
 * drawn through it. Bodies as the console's "View/edit source" shows them.
 */
import { evaluateValue, rulesFlagging as rules } from "./helpers.js";

type Json = Record<string, unknown>;
const RULE = "adoption-dashboard-no-incidents";
const widget = (title: string, metrics: unknown[], y: number): Json => ({ type: "metric", x: 0, y, width: 12, height: 6, properties: { title, region: "us-east-1", view: "timeSeries", stat: "Sum", period: 86400, metrics } });
const body = (incidents: unknown[]): Json => ({
  widgets: [widget("Amazon Q Developer daily active users", [["AWS/Q", "DailyActiveUserTrend", "Application", "QDeveloper"]], 0), widget("Incidents linked to Q Developer changes", incidents, 6)],
});

describe("CloudWatch metric rows that draw nothing", () => {
  it.each([
    ["its only metric hidden", [["Ops/Incidents", "Opened", "Service", "payments", { visible: false }]]],
    ["a constant expression", [[{ expression: "TIME_SERIES(0)", label: "Incidents", id: "e1" }]]],
    ["a constant expression beside a hidden metric it does not read", [["Ops/Incidents", "Opened", { id: "m1", visible: false }], [{ expression: "TIME_SERIES(0)", label: "Incidents", id: "e1" }]]],
  ])("an incident widget with %s records none", (_what, metrics) => {
    const { findings } = evaluateValue(body(metrics));
    expect(findings.map((f) => f.rule)).toEqual([RULE]);
    expect(findings[0]!.evidence.at(-1)!.note).toMatch(/^panel "Incidents linked to Q Developer changes" is named for incidents but (CloudWatch draws none of its metrics|its queries read no data)/);
  });

  it.each([
    ["a visible metric", [["Ops/Incidents", "Opened", "Service", "payments"]]],
    ["a hidden metric a visible expression reads", [["Ops/Incidents", "Opened", { id: "m1", visible: false }], [{ expression: "FILL(m1, 0)", label: "Incidents", id: "e1" }]]],
    ["an expression over a metric search", [[{ expression: "SUM(SEARCH('{Ops/Incidents,Service} MetricName=\"Opened\"', 'Sum', 86400))", label: "Incidents", id: "e1" }]]],
  ])("controls: %s counts", (_what, metrics) => {
    expect(rules(body(metrics))).toEqual([]);
  });
});

describe("CloudWatch chart widgets (PromQL in data.queries) that read no data", () => {
  const chart = (query: string): Json => ({ type: "chart", x: 0, y: 6, width: 12, height: 6, properties: { title: "Incidents", region: "us-east-1", data: { queries: [{ type: "cloudwatch-metrics", query, label: "incidents" }] } } });
  const withChart = (query: string): Json => {
    const b = body([["Ops/Incidents", "Opened", { visible: false }]]);
    (b["widgets"] as Json[]).push(chart(query));
    return b;
  };

  it("a PromQL constant records none; a query of incidents does", () => {
    expect(rules(withChart("vector(0)"))).toEqual([RULE]);
    expect(rules(withChart("sum(increase(incidents_opened_total[1d]))"))).toEqual([]);
  });
});
