/**
 * CloudWatch dashboard bodies the normalizer must refuse widget by widget (an input error with
 * its pointer, never a silently smaller dashboard) or read in their less common forms.
 */
import { normalizeCloudWatch } from "../../../src/core/dashboards/cloudwatch.js";

const body = (widgets: unknown) => ({ widgets });

describe("normalizeCloudWatch", () => {
  it("each widget it cannot read is a problem at its pointer, and becomes no panel", () => {
    const d = normalizeCloudWatch(
      body([
        "junk",
        { type: "text", properties: {} },
        { type: "alarm", properties: { title: "a" } },
        { type: "explorer", properties: {} },
        { type: "custom", properties: {} },
        { type: "log", properties: {} },
        { properties: { markdown: "# Incidents" } },
        { type: "chart", properties: { data: { queries: [{ query: "SELECT 1" }] } } },
        { type: "chart", properties: { data: { queries: [] } } },
        { type: "chart", properties: { title: "Copilot users", data: { queries: ["junk", { id: "wau", type: "cloudwatch-metrics", query: 'count(count by ("user.id") ({"copilot_chat.session.count"}))' }] } } },
        null,
        // A name every object inherits is no widget type either.
        { type: "constructor", properties: { title: "Incidents" } },
      ]),
      "",
    );
    expect(d.panels).toEqual([]);
    expect(d.problems).toEqual([
      { pointer: "/widgets/0", message: "widget has no properties object" },
      { pointer: "/widgets/1/properties/markdown", message: "text widget has no markdown" },
      { pointer: "/widgets/2/properties/alarms", message: "alarm widget has no alarms list" },
      { pointer: "/widgets/3/properties/metrics", message: "explorer widget has no metrics list" },
      { pointer: "/widgets/4/properties/endpoint", message: "custom widget has no endpoint" },
      { pointer: "/widgets/5/properties/query", message: "log widget has no query" },
      { pointer: "/widgets/6/type", message: "widget type null is not one agent-guardrail reads (metric, chart, log, text, alarm, explorer, custom)" },
      { pointer: "/widgets/7/properties/data/queries/0/type", message: "chart query type null is not one agent-guardrail reads (cloudwatch-metrics, cloudwatch-logs)" },
      { pointer: "/widgets/8/properties/data/queries", message: "chart widget has no data.queries list" },
      // One unreadable query and the whole chart is no panel.
      { pointer: "/widgets/9/properties/data/queries/0", message: "chart query has no query text" },
      { pointer: "/widgets/10", message: "widget has no properties object" },
      { pointer: "/widgets/11/type", message: 'widget type "constructor" is not one agent-guardrail reads (metric, chart, log, text, alarm, explorer, custom)' },
    ]);
  });

  it("a first metric row with '...' or '.' (nothing to repeat), or a row cut short after the namespace, is read as written", () => {
    const d = normalizeCloudWatch(
      body([
        { type: "metric", properties: { title: "Kiro weekly active users", metrics: [["...", "WeeklyActiveUsers", "Team", "payments"]] } },
        { type: "metric", properties: { title: "Kiro daily active users", metrics: [[".", "DailyActiveUsers"]] } },
        { type: "metric", properties: { title: "Kiro", metrics: [["DevTools/Kiro", { label: "Kiro" }]] } },
        { type: "metric", properties: { title: "Kiro team", metrics: [["DevTools/Kiro", "ActiveUsers", "TeamId", 42]] } },
      ]),
      "",
    );
    expect(d.problems).toEqual([]);
    expect(d.panels.map((p) => p.queries)).toEqual([['... WeeklyActiveUsers Team="payments"'], [". DailyActiveUsers"], ["DevTools/Kiro"], ['DevTools/Kiro ActiveUsers TeamId="42"']]);
  });

  it("a chart widget: its queries, their labels as text, and annotations in properties and in plotOptions", () => {
    const d = normalizeCloudWatch(
      body([
        {
          type: "chart",
          properties: {
            title: "Copilot weekly active users",
            view: "line",
            data: {
              queries: [
                { id: "wau", type: "cloudwatch-metrics", language: "PromQL", query: 'count(count by ("user.id") (last_over_time({"copilot_chat.session.count"}[7d])))', label: "Users" },
                { id: "mi", type: "cloudwatch-metrics", language: "SQL", query: 'SELECT SUM(AcceptedSuggestions) FROM "DevTools/Copilot"', label: 12 },
                { id: "tok", type: "cloudwatch-metrics", language: "PromQL", query: 'sum(rate({"gen_ai.client.token.usage"}[1h]))', label: "weekly usage" },
              ],
            },
            annotations: { horizontal: [{ label: "Seats", value: 300 }] },
            plotOptions: { annotations: { horizontal: [{ type: "static", label: "Adoption goal", value: 250, color: "#2ca02c" }] } },
          },
        },
        { type: "text", properties: { markdown: "## GitHub Copilot adoption: 80% weekly usage target" } },
        { type: "explorer", properties: { title: "Lambda errors", metrics: [null, { metricName: "Errors", resourceType: "AWS::Lambda::Function" }] } },
        // A blank query queries nothing.
        { type: "log", properties: { title: "Copilot usage", query: " " } },
        { type: "log", properties: { title: "Deploy log", query: "SOURCE '/ops/deployments' | filter action = 'rollback' | stats count(*) by bin(1d)" } },
      ]),
      "",
    );
    expect(d.problems).toEqual([]);
    expect(d.panels.map((p) => [p.queries, p.text, p.thresholds])).toEqual([
      [
        ['count(count by ("user.id") (last_over_time({"copilot_chat.session.count"}[7d])))', 'SELECT SUM(AcceptedSuggestions) FROM "DevTools/Copilot"', 'sum(rate({"gen_ai.client.token.usage"}[1h]))'],
        // One label a line: "Users" and "weekly usage" are not glued into "Usersweekly".
        "Users\nweekly usage",
        [{ value: 300, label: "Seats" }, { value: 250, color: "#2ca02c", label: "Adoption goal" }],
      ],
      // A text widget queries nothing: it is prose.
      [[], "## GitHub Copilot adoption: 80% weekly usage target", []],
      [["AWS::Lambda::Function Errors"], "", []],
      [[], "", []],
      [["SOURCE '/ops/deployments' | filter action = 'rollback' | stats count(*) by bin(1d)"], "", []],
    ]);
  });

  it("a metric widget's alarm annotations are queries, beside its metrics or alone", () => {
    const alarm = "arn:aws:cloudwatch:us-east-1:111111111111:alarm:checkout-sev1-incident";
    const d = normalizeCloudWatch(
      body([
        { type: "metric", properties: { title: "Checkout errors", metrics: [["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", "app/checkout/1"]], annotations: { alarms: [alarm] } } },
        { type: "metric", properties: { title: "Checkout alarm", annotations: { alarms: [alarm], horizontal: [{ value: 5, label: "Sev1 threshold" }] } } },
      ]),
      "",
    );
    expect(d.problems).toEqual([]);
    expect(d.panels.map((p) => [p.queries, p.text, p.thresholds])).toEqual([
      [['AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer="app/checkout/1"', alarm], "", []],
      [[alarm], "", [{ value: 5, label: "Sev1 threshold" }]],
    ]);
  });

  it("an expression row between metric rows: '.' repeats the metric row before it, and only a text label is read", () => {
    const d = normalizeCloudWatch(
      body([
        {
          type: "metric",
          properties: {
            title: "Q Developer suggestions",
            metrics: [
              ["AWS/QDeveloper", "SuggestionsShown", "Team", "payments", { id: "m1", label: 2026 }],
              [{ expression: "m2 / m1 * 100", id: "e1", label: "Acceptance rate" }],
              [".", "SuggestionsAccepted", ".", ".", { id: "m2" }],
            ],
          },
        },
      ]),
      "",
    );
    expect(d.panels.map((p) => [p.queries, p.text])).toEqual([
      [['AWS/QDeveloper SuggestionsShown Team="payments"', "m2 / m1 * 100", 'AWS/QDeveloper SuggestionsAccepted Team="payments"'], "Acceptance rate"],
    ]);
  });

  it("an annotation's colour and label are read only when they are text", () => {
    const d = normalizeCloudWatch(
      body([
        {
          type: "metric",
          properties: {
            title: "Kiro weekly active users",
            metrics: [["DevTools/Kiro", "WeeklyActiveUsers"]],
            annotations: { horizontal: [{ value: 150, label: "Adoption goal", color: "#2ca02c" }, { value: 100, label: 100, color: 2 }], vertical: [{ value: "2026-03-02T00:00:00.000Z", label: "Kiro rollout" }] },
          },
        },
      ]),
      "",
    );
    expect(d.panels[0]?.thresholds).toStrictEqual([{ value: 150, color: "#2ca02c", label: "Adoption goal" }, { value: 100 }, { value: null, label: "Kiro rollout" }]);
  });

  it("widgets that are not a list: a problem, no panels", () => {
    expect(normalizeCloudWatch({ widgets: {} }, "/DashboardBody")).toEqual({
      format: "cloudwatch",
      tags: [],
      panels: [],
      problems: [{ pointer: "/DashboardBody/widgets", message: "widgets is not a list" }],
      panelsAt: "/DashboardBody/widgets",
    });
  });

  it("a metric row cut short after a dimension name reads the name alone, with no value", () => {
    const d = normalizeCloudWatch(body([{ type: "metric", properties: { title: "Q Developer active users", metrics: [["DevTools/QDeveloper", "ActiveUsers", "Team", "payments", "Region"], ["DevTools/QDeveloper", "AcceptedSuggestions", "Team", { label: "all teams" }]] } }]), "");
    expect(d.problems).toEqual([]);
    expect(d.panels[0]?.queries).toEqual(['DevTools/QDeveloper ActiveUsers Team="payments" Region', "DevTools/QDeveloper AcceptedSuggestions Team"]);
  });

  it("reads alarm, explorer and custom widgets, annotations without value or colour, and a metric row that is not a list is a problem", () => {
    const d = normalizeCloudWatch(
      body([
        { type: "alarm", properties: { title: "Incidents", alarms: ["arn:aws:cloudwatch:us-east-1:111111111111:alarm:sev1-incidents"] } },
        { type: "explorer", properties: { title: "Lambda errors", metrics: [{ metricName: "Errors", resourceType: "AWS::Lambda::Function" }, "junk", {}], labels: [{ key: "team", value: "agents" }, "junk"] } },
        { type: "custom", properties: { title: "Rollbacks", endpoint: "arn:aws:lambda:us-east-1:111111111111:function:rollbacks", params: { query: "deploy_rollbacks_total" } } },
        {
          type: "metric",
          properties: {
            title: "Copilot sessions",
            metrics: ["junk", ["Agents", "Sessions", "Tool", "copilot"], [".", ".", ".", "kiro", { label: "Kiro sessions" }]],
            annotations: { horizontal: [{ label: "target" }, "junk", { value: 5, color: "#d62728" }], vertical: "junk" },
          },
        },
      ]),
      "",
    );
    expect(d.problems).toEqual([{ pointer: "/widgets/3/properties/metrics/0", message: "metric entry is not an array" }]);
    expect(d.panels.map((p) => [p.title, p.queries, p.text, p.thresholds])).toEqual([
      ["Incidents", ["arn:aws:cloudwatch:us-east-1:111111111111:alarm:sev1-incidents"], "", []],
      ["Lambda errors", ["AWS::Lambda::Function Errors", 'team="agents"'], "", []],
      ["Rollbacks", ["arn:aws:lambda:us-east-1:111111111111:function:rollbacks", "deploy_rollbacks_total"], "", []],
      ["Copilot sessions", ['Agents Sessions Tool="copilot"', 'Agents Sessions Tool="kiro"'], "Kiro sessions", [{ value: null, label: "target" }, { value: 5, color: "#d62728" }]],
    ]);
  });
});
