/**
 * Grafana template variables: a query or title is read as Grafana draws it, with each variable's
 * values in place of `$name`, `${name}`, `${name:format}` and `[[name]]`. Shapes are what Grafana
 * 11 exports (classic `templating.list`) and the v2 resource (`spec.variables`).
 */
import { interpolate, variableValues } from "../../../src/core/dashboards/variables.js";
import { evaluateValue } from "./helpers.js";

type Json = Record<string, unknown>;
const custom = (name: string, query: string, current: unknown): Json => ({
  name,
  type: "custom",
  query,
  current: { selected: true, text: current, value: current },
  options: query.split(",").map((value) => ({ selected: value === current, text: value, value })),
  multi: false,
  includeAll: false,
});

describe("variableValues and interpolate", () => {
  it("reads the current value, the options and a custom query's values; Grafana's All entry is no value", () => {
    const list = [
      { ...custom("tool", "copilot,cursor", "copilot"), includeAll: true, options: [{ text: "All", value: "$__all" }, { text: "copilot", value: "copilot" }] },
      { name: "env", type: "custom", query: "Production : prod,Staging : stage", current: { text: ["Production"], value: ["prod"] } },
      { name: "region", type: "constant", query: "eu-west-1" },
      { name: "nothing", type: "query", query: "label_values(up, job)", current: {}, options: [] },
      { type: "custom", query: "no,name" },
      "junk",
    ];
    expect(variableValues(list)).toEqual(
      new Map([
        ["tool", ["copilot", "cursor"]],
        ["env", ["prod", "stage"]],
        ["region", ["eu-west-1"]],
      ]),
    );
  });

  it("replaces every reference form; one value as itself, several as an alternation; unknown and built-in references stay", () => {
    const variables = new Map([
      ["tool", ["copilot"]],
      ["team", ["a", "b"]],
    ]);
    expect(interpolate('sum(x{tool="$tool", team=~"${team:regex}"}) [[tool]] ${tool}', variables)).toBe('sum(x{tool="copilot", team=~"(a|b)"}) copilot copilot');
    expect(interpolate("rate(x[$__rate_interval]) $toolbox $unknown", variables)).toBe("rate(x[$__rate_interval]) $toolbox $unknown");
    expect(interpolate("no references", variables)).toBe("no references");
  });
});

describe("dashboards that keep the tool in a variable", () => {
  const panel = (id: number, title: string, expr: string): Json => ({ id, type: "timeseries", title, datasource: { type: "prometheus", uid: "prom" }, gridPos: { h: 8, w: 12, x: 0, y: id * 8 }, targets: [{ refId: "A", expr }] });
  const classic = (variables: Json[], panels: Json[]): Json => ({ uid: "eng", title: "Engineering productivity", schemaVersion: 39, version: 4, templating: { list: variables }, panels });
  const usage = [panel(1, "Weekly active users", 'sum(ai_assistant_active_users{tool="$tool"})'), panel(2, "Acceptance rate", 'sum(ai_assistant_suggestions_accepted{tool=~"${tool:regex}"}) / sum(ai_assistant_suggestions_shown{tool=~"${tool:regex}"})')];

  it("a tool label whose value is a variable of AI coding tools puts them in view: flagged", () => {
    const { findings, errors } = evaluateValue(classic([custom("tool", "copilot,cursor,claude-code", "copilot")], usage));
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain("Measures adoption of GitHub Copilot, Cursor, Claude Code");
  });

  it("the same dashboard without the variable's values names no tool, and a variable of other values names none", () => {
    expect(evaluateValue(classic([], usage)).findings).toEqual([]);
    expect(evaluateValue(classic([custom("tool", "eslint,prettier", "eslint")], usage)).findings).toEqual([]);
  });

  it("a title that repeats per tool names the tool as a written title does", () => {
    const repeated = { ...panel(1, "$tool weekly active users", "sum(assistant_weekly_active_users)"), repeat: "tool" };
    expect(evaluateValue(classic([custom("tool", "copilot,cursor", "copilot")], [repeated])).findings.map((f) => f.rule)).toEqual(["adoption-dashboard-no-incidents"]);
  });

  it("a service label whose variable lists a tool-named service does not put the tool in view", () => {
    const services = [panel(1, "Weekly active users", 'sum(app_active_users{service="$service"})')];
    expect(evaluateValue(classic([custom("service", "checkout,cursor", "checkout")], services)).findings).toEqual([]);
  });

  it("Grafana v2: a CustomVariable's values are read the same way", () => {
    const v2 = {
      apiVersion: "dashboard.grafana.app/v2beta1",
      kind: "Dashboard",
      metadata: { name: "eng" },
      spec: {
        title: "Engineering productivity",
        variables: [{ kind: "CustomVariable", spec: { name: "tool", query: "copilot,cursor", current: { text: "copilot", value: "copilot" }, options: [], multi: false, includeAll: false, hide: "dontHide" } }],
        elements: { "panel-1": { kind: "Panel", spec: { title: "Weekly active users", vizConfig: { kind: "timeseries", spec: {} }, data: { kind: "QueryGroup", spec: { queries: [{ kind: "PanelQuery", spec: { query: { kind: "prometheus", spec: { expr: 'sum(ai_assistant_active_users{tool="$tool"})' } } } }] } } } } },
        layout: { kind: "GridLayout", spec: { items: [{ kind: "GridLayoutItem", spec: { x: 0, y: 0, width: 12, height: 8, element: { kind: "ElementReference", name: "panel-1" } } }] } },
      },
    };
    expect(evaluateValue(v2).findings.map((f) => f.rule)).toEqual(["adoption-dashboard-no-incidents"]);
  });
});

describe("Datadog template variables", () => {
  const board = (templateVariables: Json[], query: string): Json => ({
    title: "Engineering productivity",
    layout_type: "ordered",
    template_variables: templateVariables,
    widgets: [{ definition: { type: "query_value", title: "Weekly active users", requests: [{ q: query, aggregator: "last" }] } }],
  });

  it("`$tool` stands for its prefix and value (tool:copilot): a tool tag in view, flagged", () => {
    const tool = { name: "tool", prefix: "tool", available_values: ["copilot", "cursor"], default: "copilot" };
    expect(evaluateValue(board([tool], "sum:ai_assistant.active_users{$tool}")).findings.map((f) => f.rule)).toEqual(["adoption-dashboard-no-incidents"]);
    expect(evaluateValue(board([tool], "sum:ai_assistant.active_users{tool:$tool.value}")).findings.map((f) => f.rule)).toEqual(["adoption-dashboard-no-incidents"]);
  });

  it("without the variable, a wildcard default, or a service variable, no tool is in view", () => {
    expect(evaluateValue(board([], "sum:ai_assistant.active_users{$tool}")).findings).toEqual([]);
    expect(evaluateValue(board([{ name: "tool", prefix: "tool", default: "*" }], "sum:ai_assistant.active_users{$tool}")).findings).toEqual([]);
    expect(evaluateValue(board([{ name: "service", prefix: "service", available_values: ["cursor"], default: "cursor" }], "sum:app.active_users{$service}")).findings).toEqual([]);
  });
});
