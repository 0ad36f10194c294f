/**
 * Issue 14: CloudWatch's current widget shapes (items 1), adoption only with an AI coding tool in
 * view (2), usage targets only on measures of use (3), the vocabulary as data (4) and evidence
 * that explains the verdict (5). Fixtures are hand-made in the format each tool emits
 * (test/fixtures/dashboards/handmade).
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { evaluateCloudWatchDashboardBody } from "../../../src/core/dashboards/cloudwatch-resource.js";
import { identifiersOnly, toolLabelValues } from "../../../src/core/dashboards/identifiers.js";
import { evaluateDashboardFile } from "../../../src/core/dashboards/index.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { loadDefaults } from "../../../src/policy/load.js";
import { clone, defaultPolicy, evaluateFixture, evaluateValue, readFixture } from "./helpers.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- editing fixtures in tests

const severities = (r: { findings: { severity: string }[] }): string[] => r.findings.map((f) => f.severity);

describe("CloudWatch chart widgets (properties.data.queries)", () => {
  const fixture = "handmade/cloudwatch-chart-copilot-otel.json";

  it("reads PromQL, Metrics Insights SQL and Logs Insights chart queries; the adoption goal annotation makes it an error", () => {
    const { findings, errors } = evaluateFixture(fixture);
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.severity).toBe("error");
    expect(f.message).toContain('"Copilot weekly active users": "Adoption goal" line at 250');
    expect(f.evidence.map((e) => e.pointer)).toEqual(["/widgets/1", "/widgets/2", "/widgets/3"]);
    expect(f.evidence[0]!.note).toBe(
      'adoption panel "Copilot weekly active users": measures active users, weekly active users, session of GitHub Copilot (named in the panel); usage target: "Adoption goal" line at 250',
    );
    // The Metrics Insights panel names Copilot only in its table name.
    expect(f.evidence[2]!.note).toContain("(named in its queries (a metric or table name, or a tool label))");
  });

  it("an SLO target on a latency chart is not a usage target: without the adoption goal it is a warning", () => {
    const d = clone(readFixture(fixture).value) as Json;
    delete d["widgets"][1]["properties"]["plotOptions"]["annotations"];
    expect(severities(evaluateValue(d))).toEqual(["warning"]);
  });

  it("a Logs Insights chart query that records rollbacks is an incident panel; the negated one was not", () => {
    const d = clone(readFixture(fixture).value) as Json;
    d["widgets"][5]["properties"]["data"]["queries"][0]["query"] = "SOURCE '/ops/deployments' | filter action = 'rollback' | stats count(*) as rollbacks by bin(1d)";
    expect(evaluateValue(d)).toEqual({ findings: [], errors: [] });
  });

  it("an unknown widget type is an input error naming the file, line and pointer", () => {
    const f = readFixture(fixture);
    const value = clone(f.value) as Json;
    value["widgets"][3]["type"] = "heatmap";
    const r = evaluateDashboardFile({ file: f.file, value, lineOf: f.lineOf }, defaultPolicy);
    expect(r.findings).toEqual([]);
    expect(r.errors).toEqual([{ file: f.file, line: f.lineOf("/widgets/3/type"), message: expect.stringContaining('/widgets/3/type: widget type "heatmap" is not one agent-guardrail reads') }]);
  });

  it.each([
    ["a chart without data.queries", (w: Json) => delete w["properties"]["data"], "/widgets/2/properties/data/queries: chart widget has no data.queries list"],
    ["an unknown chart query type", (w: Json) => (w["properties"]["data"]["queries"][0]["type"] = "prometheus"), '/widgets/2/properties/data/queries/0/type: chart query type "prometheus"'],
    ["a chart query without text", (w: Json) => delete w["properties"]["data"]["queries"][0]["query"], "/widgets/2/properties/data/queries/0: chart query has no query text"],
    ["a metric widget without metrics", (w: Json) => ((w["type"] = "metric"), (w["properties"] = { title: "x" })), "/widgets/2/properties/metrics: metric widget has no metrics list"],
    ["a log widget without a query", (w: Json) => ((w["type"] = "log"), (w["properties"] = { title: "x" })), "/widgets/2/properties/query: log widget has no query"],
  ])("%s is an input error (fail closed)", (_name, edit, message) => {
    const d = clone(readFixture(fixture).value) as Json;
    edit(d["widgets"][2]);
    const r = evaluateValue(d);
    expect(r.findings).toEqual([]);
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringContaining(message)]);
  });

  it("reads explorer, custom and alarm-annotation metric widgets", () => {
    const d = clone(readFixture(fixture).value) as Json;
    d["widgets"].push(
      { type: "explorer", properties: { metrics: [{ metricName: "CPUUtilization", resourceType: "AWS::EC2::Instance", stat: "Average" }], labels: [{ key: "service", value: "copilot" }], title: "Fleet CPU" } },
      { type: "custom", properties: { endpoint: "arn:aws:lambda:us-east-1:123456789012:function:incident-timeline", params: { days: 7 }, title: "Incident timeline" } },
      { type: "metric", properties: { title: "Proxy alarm", annotations: { alarms: ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:copilot-proxy-5xx"] } } },
    );
    // The custom widget draws the incident timeline: the dashboard records incidents.
    expect(evaluateValue(d)).toEqual({ findings: [], errors: [] });
  });

  it("in CloudFormation (JSON): a Fn::Sub body of chart widgets with a goal annotation whose value is a parameter is an error; the Fn::Join one with a rollback chart passes", () => {
    const f = readFixture("handmade/cloudformation-chart-claude-code.template.json");
    const r = evaluateTemplates([{ file: f.file, value: f.value, lineOf: f.lineOf }], defaultPolicy, loadCatalogue());
    expect(r.errors).toEqual([]);
    const dashboards = r.findings.filter((x) => x.rule === "adoption-dashboard-no-incidents");
    expect(dashboards.map((x) => [x.severity, x.subject])).toEqual([["error", 'dashboard "claude-code-adoption" (cloudformation-chart-claude-code/AdoptionDashboard)']]);
    expect(dashboards[0]!.message).toContain('"Quarterly goal" line');
    expect(dashboards[0]!.evidence[0]).toMatchObject({ pointer: "/Resources/AdoptionDashboard/Properties/DashboardBody", line: f.lineOf("/Resources/AdoptionDashboard/Properties/DashboardBody") });
  });

  it("a parameter standing for a whole value is read; one inside a number is still not JSON", () => {
    const body = (value: string) =>
      `{"widgets":[{"type":"chart","properties":{"title":"Kiro credits","data":{"queries":[{"type":"cloudwatch-metrics","language":"PromQL","query":"sum(kiro_credits_used_total)"}]},"plotOptions":{"annotations":{"horizontal":[{"label":"Team goal","value":${value}}]}}}}]}`;
    const evaluate = (value: string) => evaluateCloudWatchDashboardBody({ body: body(value), subject: "S/D", evidence: { file: "t.json", line: 3 } }, defaultPolicy);
    expect(severities(evaluate("*"))).toEqual(["error"]);
    expect(evaluate("1*").errors).toEqual([{ file: "t.json", line: 3, message: expect.stringContaining("not valid JSON") }]);
  });
});

describe("adoption needs an AI coding tool in view", () => {
  it("CPU and memory usage, sessions and agents of a service named after a tool are not adoption (Grafana)", () => {
    expect(evaluateFixture("handmade/grafana-node-usage-copilot-service.json")).toEqual({ findings: [], errors: [] });
  });

  it("active users and session usage of services named cursor and copilot-gateway are not adoption (Datadog)", () => {
    expect(evaluateFixture("handmade/datadog-service-named-cursor.json")).toEqual({ findings: [], errors: [] });
  });

  it("the same panels are adoption once the panel names the tool", () => {
    const d = clone(readFixture("handmade/datadog-service-named-cursor.json").value) as Json;
    d["widgets"][0]["definition"]["title"] = "Cursor active users";
    const { findings } = evaluateValue(d);
    expect(severities({ findings })).toEqual(["error"]); // white_on_green above 500 rewards use
    // Its metric is users.active: the dotted order of the same measure.
    expect(findings[0]!.evidence[0]!.note).toMatch(/measures active users(, users active)? of Cursor \(named in the panel\); usage target: threshold 500 turns it green/);
  });

  it("a label whose key names a tool (tool=, assistant:, agent=) puts the tool in view; service= and job= do not", () => {
    const dashboard = (expr: string) => ({ title: "Developer tools", uid: "devtools", schemaVersion: 39, panels: [{ type: "stat", title: "Weekly active users", targets: [{ refId: "A", expr }] }] });
    for (const expr of ['sum by (tool) (weekly_active_users{tool=~"copilot|cursor"})', "sum:devtools.weekly_active_users{assistant:cursor}", 'sum(weekly_active_users{agent="claude-code"})']) {
      expect([expr, severities(evaluateValue(dashboard(expr)))]).toEqual([expr, ["warning"]]);
    }
    for (const expr of ['sum(weekly_active_users{service="copilot"})', 'sum(weekly_active_users{job="cursor"})', "sum:storefront.weekly_active_users{service:cursor}"]) {
      expect([expr, evaluateValue(dashboard(expr)).findings]).toEqual([expr, []]);
    }
  });

  it("a label value names a tool only as a whole: CI and monitoring agents named after a word of a tool's name are hosts", () => {
    // Buildkite, Jenkins and Azure Pipelines agents, Zabbix and Datadog agents are named by host or
    // pool ("cursor-runner", "cody-build-01", "devin-mac-mini"), under the same `agent` and `agent_name` keys.
    const dashboard = (expr: string) => ({ title: "CI agents", uid: "ci", schemaVersion: 39, panels: [{ type: "stat", title: "Agent usage", targets: [{ refId: "A", expr }] }] });
    for (const expr of ['sum(buildkite_agent_jobs{agent="cursor-runner"})', 'sum(buildkite_agents_busy{agent_name="cody-build-01"})', 'sum(jenkins_executor_in_use{agent=~"devin-mac-mini|linux-02"})', 'sum(agent_sessions{agent="copilot-pool-7"})']) {
      expect([expr, evaluateValue(dashboard(expr)).findings]).toEqual([expr, []]);
    }
    // The whole value, each alternative of a regex, in any spelling, still names it.
    for (const expr of ['sum(usage_total{agent="Claude Code"})', 'sum(usage_total{tool=~"^(github_copilot|other)$"})', 'sum(usage_total{agent_name=~".*cursor.*"})']) {
      expect([expr, severities(evaluateValue(dashboard(expr)))]).toEqual([expr, ["warning"]]);
    }
  });

  it("an LLM product's own Bedrock dashboard (Claude models, 'AI agent' tokens) is not coding-tool adoption", () => {
    const d = clone(readFixture("handmade/cloudwatch-sql-logs-alarm.json").value) as Json;
    d["widgets"][0]["properties"]["title"] = "Claude usage by model";
    d["widgets"][0]["properties"]["metrics"][0][0]["label"] = "Claude invocations (tokens consumed proxy)";
    d["widgets"][1]["properties"]["metrics"][1][0]["label"] = "AI agent tokens consumed";
    expect(evaluateValue(d)).toEqual({ findings: [], errors: [] });
    // Named as the coding tool, the same widgets are adoption.
    expect(severities(evaluateFixture("handmade/cloudwatch-sql-logs-alarm.json"))).toEqual(["warning"]);
  });

  it("a tool term that is an ordinary word in metric names (a database cursor) names the tool only in prose", () => {
    const mongo = "sum(mongodb_ss_metrics_cursor_open{state=\"total\"}) + sum(mongodb_ss_logicalSessionRecordCache_activeSessionsCount)";
    const dashboard = (title: string, expr = mongo, panel = "Open cursors and sessions") => ({
      title,
      uid: "mongo",
      schemaVersion: 39,
      panels: [{ type: "timeseries", title: panel, targets: [{ refId: "A", expr }] }],
    });
    expect(evaluateValue(dashboard("MongoDB")).findings).toEqual([]);
    // Where no panel names a database (namesakes.test.ts: one that does makes the title's "Cursor" the database's).
    expect(severities(evaluateValue(dashboard("Cursor adoption", "sum(db_cursor_open) + sum(logical_sessions_active)", "Cursors and sessions")))).toEqual(["warning"]);
  });

  it("a query of a tool's own API host (Cursor's and Devin's admin APIs through the Infinity data source) names the tool", () => {
    const infinity = (host: string, path: string) => ({
      title: "Engineering AI usage",
      uid: "ai-usage",
      schemaVersion: 39,
      panels: [
        { id: 1, type: "stat", title: "Active users", datasource: { type: "yesoreyeram-infinity-datasource", uid: "inf" }, gridPos: { h: 6, w: 8, x: 0, y: 0 }, targets: [{ refId: "A", type: "json", source: "url", format: "table", url: `https://${host}${path}`, url_options: { method: "POST" }, root_selector: "$count(data[isActive=true])" }] },
        { id: 2, type: "stat", title: "Tab acceptance rate", datasource: { type: "yesoreyeram-infinity-datasource", uid: "inf" }, gridPos: { h: 6, w: 8, x: 8, y: 0 }, targets: [{ refId: "A", type: "json", source: "url", format: "table", url: `https://${host}${path}`, root_selector: "$sum(data.totalTabsAccepted)/$sum(data.totalTabsShown)" }] },
      ],
    });
    expect(evaluateValue(infinity("api.cursor.com", "/teams/daily-usage-data")).findings.map((f) => f.message.slice(0, 30))).toEqual(["Measures adoption of Cursor (a"]);
    expect(evaluateValue(infinity("api.devin.ai", "/v1/sessions")).findings.map((f) => f.message.slice(0, 29))).toEqual(["Measures adoption of Devin (a"]);
    // Another host with "cursor" in a path segment is a database cursor or anything else.
    expect(evaluateValue(infinity("api.example.com", "/cursor/stats")).findings).toEqual([]);
  });

  it("panels of incident tools (Rootly, FireHydrant, incident.io, Grafana OnCall) are incident panels", () => {
    for (const expr of ["sum(rootly_alerts_total)", "sum(firehydrant_tickets_open)", "count(incident_io_follow_ups)", "sum(grafana_oncall_alert_groups_total)"]) {
      const d = clone(readFixture("handmade/grafana-copilot-target-80.json").value) as Json;
      d["panels"].push({ type: "stat", id: 99, title: "Ops", targets: [{ refId: "A", expr }] });
      expect([expr, evaluateValue(d)]).toEqual([expr, { findings: [], errors: [] }]);
    }
  });

  it("a panel whose only incident word is an incident tool's name (Opsgenie, Splunk On-Call alerts) is an incident panel", () => {
    // A vocabulary object of its own: classify.ts compiles each vocabulary once, so this test
    // compiles the incidentTools terms itself (docs/mutation-testing.md, memoized code).
    const policy = { ...defaultPolicy, dashboards: { ...defaultPolicy.dashboards, vocabulary: { ...defaultPolicy.dashboards.vocabulary } } };
    const withPanel = (title: string, expr: string): Json => {
      const d = clone(readFixture("handmade/grafana-copilot-target-80.json").value) as Json;
      d["panels"].push({ type: "timeseries", id: 99, title, targets: [{ refId: "A", expr }] });
      return d;
    };
    expect(evaluateValue(withPanel("Opsgenie P1 alerts", 'sum(increase(opsgenie_alerts_created_total{priority="P1"}[7d]))'), policy)).toEqual({ findings: [], errors: [] });
    expect(evaluateValue(withPanel("Pages by team", "sum by (team) (increase(victorops_pages_total[7d]))"), policy)).toEqual({ findings: [], errors: [] });
    // The same alerts without the tool's name record nothing: the adoption dashboard is flagged.
    expect(severities(evaluateValue(withPanel("P1 alerts", 'sum(increase(alerts_created_total{priority="P1"}[7d]))'), policy))).toEqual(["error"]);
  });
});

describe("usage targets reward more use", () => {
  const fixture = "handmade/grafana-claude-code-efficiency-thresholds.json";

  it("thresholds on cache hit rate, success rate, latency, a token cap and an SLO text are not usage targets", () => {
    const { findings, errors } = evaluateFixture(fixture);
    expect(errors).toEqual([]);
    expect(severities({ findings })).toEqual(["warning"]);
    // A cache-hit-rate panel reports efficiency: it is not an adoption panel either.
    expect(findings[0]!.evidence.map((e) => e.pointer)).toEqual(["/panels/0", "/panels/3"]);
  });

  it("a step that turns the sessions panel green is one", () => {
    const d = clone(readFixture(fixture).value) as Json;
    d["panels"][0]["fieldConfig"]["defaults"]["thresholds"]["steps"] = [
      { color: "red", value: null },
      { color: "green", value: 50 },
    ];
    const { findings } = evaluateValue(d);
    expect(severities({ findings })).toEqual(["error"]);
    expect(findings[0]!.message).toContain('"Sessions (24h)": threshold 50 turns it green');
  });

  it("a step without a colour, or with an empty one, is no target (and no error)", () => {
    const d = clone(readFixture(fixture).value) as Json;
    for (const step of [{ value: 50 }, { color: "", value: 50 }, { color: "   ", value: 50 }]) {
      d["panels"][0]["fieldConfig"]["defaults"]["thresholds"]["steps"] = [{ color: "red", value: null }, step];
      const { findings, errors } = evaluateValue(d);
      expect(errors).toEqual([]);
      expect(severities({ findings })).toEqual(["warning"]);
    }
  });

  it("a sentence setting a target on use is one; an SLO sentence is not", () => {
    const d = clone(readFixture(fixture).value) as Json;
    d["panels"][5]["options"]["content"] = "Goal for Q3: 80% of engineers start a Claude Code session every week.";
    expect(severities(evaluateValue(d))).toEqual(["error"]);
  });

  it("a target stated in the dashboard's description counts, with the first panel as its evidence; an SLO description does not", () => {
    const d = clone(readFixture(fixture).value) as Json;
    d["description"] = "Rollout tracking. Goal: 80% weekly active users of Claude Code by end of Q3.";
    const { findings, errors } = evaluateValue(d);
    expect(errors).toEqual([]);
    expect(severities({ findings })).toEqual(["error"]);
    expect(findings[0]!.message).toContain('the dashboard description states a target: "Rollout tracking. Goal: 80% weekly active users of Claude Code by end of Q3."');
    expect(findings[0]!.evidence[0]).toMatchObject({ pointer: "/panels/0", note: expect.stringContaining("usage target: the dashboard description states a target") });
    d["description"] = "Claude Code gateway: SLO 99.9% availability, p95 latency under 2s.";
    expect(severities(evaluateValue(d))).toEqual(["warning"]);
    // A target word and an adoption term but no number: no threshold is set.
    d["description"] = "Goal: more weekly active users of Claude Code.";
    expect(severities(evaluateValue(d))).toEqual(["warning"]);
  });
});

describe("vocabulary as data (policies/dashboards.yaml)", () => {
  const vocabulary = loadDefaults().dashboards;

  it("lists the coding tools and incident tools of issue 14, each with a source", () => {
    const tools = vocabulary.codingTools.map((t) => t.name).join(" | ");
    for (const name of ["Gemini Code Assist", "Gemini CLI", "Windsurf", "Tabnine", "Cline", "Aider", "Continue", "Sourcegraph Cody", "JetBrains AI Assistant", "Junie", "Amp", "OpenCode", "Devin", "Jules", "Cursor", "Codex", "Kiro", "Amazon Q Developer", "Copilot", "Claude Code"]) {
      expect([name, tools.includes(name)]).toEqual([name, true]);
    }
    const incidentTools = vocabulary.incidentTools.map((t) => t.name).join(" | ");
    for (const name of ["PagerDuty", "Opsgenie", "incident.io", "FireHydrant", "Rootly", "ServiceNow", "Jira Service Management", "Datadog Incident Management", "Grafana IRM"]) {
      expect([name, incidentTools.includes(name)]).toEqual([name, true]);
    }
    for (const t of [...vocabulary.codingTools, ...vocabulary.incidentTools]) expect(t.source).toMatch(/^https:\/\//);
  });

  it("does not treat generic words as a coding tool", () => {
    const all = vocabulary.codingTools.flatMap((t) => [...t.terms, ...t.proseTerms]).concat(vocabulary.codingToolWords);
    for (const generic of ["ai", "agent", "agents", "llm", "genai", "claude", "gemini", "openai", "bedrock"]) expect([generic, all.includes(generic)]).toEqual([generic, false]);
  });
});

describe("identifiersOnly", () => {
  it.each([
    ['sum(rate(node_cpu_seconds_total{job="copilot", mode!="idle"}[5m]))', "copilot"],
    ['sum({"claude_code.token.usage", "@resource.service.name"="claude-code"})', "claude-code"],
    ["SELECT AVG(x) FROM CWAgent WHERE service = 'cursor'", "cursor"],
    ["sum:trace.http.request.hits{service:cursor,env:prod}.as_rate()", "cursor"],
    ["service:copilot-gateway @http.status_code:200", "copilot"],
    ['{service_name="x"} |= "codex.sse_event"', "codex"],
    ['AWS/EC2 CPUUtilization InstanceId="kiro-build-1"', "kiro"],
    ['sum(rate(node_cpu_seconds_total{job!~"copilot"}[5m]))', "copilot"],
  ])("drops literal values: %s", (query, value) => {
    expect(identifiersOnly(query)).not.toContain(value);
  });

  it.each([
    ['sum({"claude_code.token.usage", "@resource.service.name"="claude-code"})', "claude_code.token.usage"],
    ["sum:claude_code.token.usage{*}", "claude_code.token.usage"],
    ['SEARCH(\'{AWS/Bedrock,ModelId} MetricName="CopilotSuggestions"\', \'Sum\', 300)', "CopilotSuggestions"],
    ["SELECT COUNT(DISTINCT user_id) FROM _tool_github_copilot_user_data", "_tool_github_copilot_user_data"],
    ['count by (user) ({__name__="kiro_credits_used_total"})', "kiro_credits_used_total"],
    ['count by (user) ({"__name__"="kiro_credits_used_total"})', "kiro_credits_used_total"],
    ["@metric:copilot.suggestions.accepted service:web", "copilot.suggestions.accepted"],
    // A compared key is an identifier too: only its value is dropped.
    ['sum(seats{copilot_plan="business"})', "copilot_plan"],
    ["sum:devtools.seats{copilot_plan:business,env:prod}", "{copilot_plan,env}"],
    ["service:web @copilot.plan:business", "service @copilot.plan"],
    // A subquery's colon sends the query through the scope pass, which keeps each {...}.
    ['max_over_time(sum(increase({"claude_code.session.count"}[1d]))[7d:1d])', '{"claude_code.session.count"}'],
    // Prometheus recording rules are named level:metric:operations: a name, not a Datadog key:value.
    ["sum(team:copilot_seats_active:sum)", "team:copilot_seats_active:sum"],
    ['sum by (team) (team:github_copilot_active_users:avg7d{env="prod"})', "team:github_copilot_active_users:avg7d"],
    ['sum(job:claude_code_sessions{env="prod"})', "job:claude_code_sessions"],
    ["increase(job:claude_code_sessions[1d])", "job:claude_code_sessions"],
  ])("keeps metric and table names: %s", (query, name) => {
    expect(identifiersOnly(query)).toContain(name);
  });
});

describe("toolLabelValues", () => {
  it.each([
    ['sum by (tool) (weekly_active_users{tool=~"copilot|cursor", job="devtools"})', "copilot|cursor"],
    ["sum:devtools.weekly_active_users{assistant:cursor,service:web}", "cursor"],
    ['sum(weekly_active_users{Agent="claude-code"}) + sum:devtools.sessions{coding_tool:kiro}', "claude-code\nkiro"],
    ['sum(weekly_active_users{service="copilot", job="cursor"})', ""],
    // PromQL's quoted (UTF-8) label names and Datadog's @ facets name the same keys.
    ['sum(weekly_active_users{"tool"="copilot", "service.name"="devtools"})', "copilot"],
    ["@assistant:cursor @service:web status:ok", "cursor"],
  ])("gives the values of the tool-keyed labels and nothing else: %s", (query, values) => {
    expect(toolLabelValues(query, new Set(defaultPolicy.dashboards.vocabulary.toolLabels))).toBe(values);
  });
});
