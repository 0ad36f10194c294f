/**
 * A dashboard in a format no reader knows (OpenLIT's layouts, Kibana saved objects, Dynatrace, an
 * Azure workbook) was skipped when found in a directory, so an adoption dashboard in one passed
 * unseen. A file that has a dashboard's shape, names an AI coding tool to its reader and holds a
 * measure of use is now an input error (fail closed); other files stay no input.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { normalizeDashboard, unreadAdoptionDashboard, unreadAdoptionDashboardAt } from "../../../src/core/dashboards/index.js";
import { parseJsonInput } from "../../../src/core/source/ndjson.js";
import { defaultPolicy, fixtures, readFixture } from "./helpers.js";

const unread = (value: unknown): string | undefined => unreadAdoptionDashboard(value, defaultPolicy);

describe("adoption dashboards in formats not read", () => {
  it("OpenLIT's Coding Agents dashboard (sessions, active users, acceptance of Claude Code, Cursor, Codex): an input error that says why", () => {
    expect(unread(readFixture("real/openlit-dashboard-coding-agents-layout.json").value)).toMatch(
      /^looks like a dashboard of Claude Code, Cursor, OpenAI Codex use \(active users, acceptance, accepted lines, usage\) in a format agent-guardrail does not read \(it reads Grafana, .* Cloud Monitoring JSON\): whether it records incidents cannot be shown \(fail closed\)/,
    );
  });

  it("OpenLIT's LLM dashboard names coding agents only in queries that leave them out: no input", () => {
    expect(unread(readFixture("real/openlit-dashboard-LLM-dashboard-layout.json").value)).toBeUndefined();
  });

  it.each([
    ["a Kibana saved object", { type: "dashboard", attributes: { title: "Copilot adoption", panelsJSON: '[{"panelIndex":"1"}]', description: "Weekly active users of GitHub Copilot" } }],
    ["a Dynatrace dashboard", { dashboardMetadata: { name: "Claude Code usage" }, tiles: [{ name: "Sessions", tileType: "DATA_EXPLORER", queries: [{ metric: "claude_code.session.count" }] }] }],
    ["an Azure workbook", { version: "Notebook/1.0", items: [{ type: 1, content: { json: "## Cursor AI adoption" } }, { type: 3, content: { title: "Active users", query: "CursorUsage | summarize dcount(user)" } }] }],
    [
      "an Azure workbook in an ARM template resource",
      { type: "microsoft.insights/workbooks", kind: "shared", properties: { displayName: "Copilot adoption", serializedData: JSON.stringify({ version: "Notebook/1.0", items: [{ type: 3, content: { query: "CopilotMetrics | summarize sum(active_users)" } }] }) } },
    ],
  ])("%s of a coding tool's use: an input error", (_name, value) => {
    expect(unread(value)).toMatch(/^looks like a dashboard of /);
  });

  it.each([
    ["a VS Code extension's package.json", { name: "copilot-helper", description: "Shows GitHub Copilot usage in the status bar", contributes: { commands: [] } }],
    ["an app's widgets without a coding tool", { title: "Home", widgets: [{ title: "Active users", query: "count(users)" }] }],
    ["a dashboard of a service named in a query only", { title: "Checkout", widgets: [{ title: "Sessions", query: "sum(sessions{service='copilot'})" }] }],
    ["a dashboard of a coding tool's health, with no measure of use", { title: "Claude Code collector", panels: [{ title: "Collector up", query: "up{job='otel'}" }] }],
  ])("%s: no input", (_name, value) => {
    expect(unread(value)).toBeUndefined();
  });

  // A key that only names dashboards is no dashboard's part. Before, both were input errors (exit 2):
  // Google's catalogue entry beside its Gemini CLI dashboard (monitoring-dashboard-samples, real
  // file), and an alert's settings with a link to its dashboard. (The Backstage entry, whose
  // annotation names dashboards two levels down, is a control.)
  it("a catalogue of sample dashboards (GoogleCloudPlatform/monitoring-dashboard-samples metadata.yaml): no input", () => {
    expect(unread(readFixture("real/gcp-gemini-cli-metadata.yaml").value)).toBeUndefined();
  });

  it.each([
    ["a Backstage catalog-info.yaml", { apiVersion: "backstage.io/v1alpha1", kind: "Component", metadata: { name: "copilot-metrics-exporter", description: "Exports GitHub Copilot usage metrics (seats, active users)", annotations: { "grafana/dashboard-selector": "tags @> 'copilot'", "grafana/alert-label-selector": "service=copilot-metrics-exporter" } }, spec: { type: "service", lifecycle: "production", owner: "platform" } }],
    ["an alert's settings linking its dashboard", { name: "Copilot seat usage", description: "GitHub Copilot seats nearly used up", dashboard_url: "https://grafana.example.com/d/copilot", severity: "info" }],
  ])("%s names a dashboard, is none: no input", (_name, value) => {
    expect(unread(value)).toBeUndefined();
  });

  it("a dashboard a reader knows is never called unread, nor anything with the rule off", () => {
    expect(unread({ title: "Copilot", uid: "c", schemaVersion: 39, panels: [{ id: 1, type: "stat", title: "Copilot active users", targets: [{ expr: "sum(copilot_active_users)" }] }] })).toBeUndefined();
    const off = { ...defaultPolicy, dashboards: { ...defaultPolicy.dashboards, enabled: false } };
    expect(unreadAdoptionDashboard(readFixture("real/openlit-dashboard-coding-agents-layout.json").value, off)).toBeUndefined();
  });

  // Kibana exports saved objects as JSON Lines (.ndjson): the dashboard on one line, each panel's
  // visualization on its own. Its title names the tool and its Lens records the measures of use,
  // so the export is judged as one file (a real one: liaocCM/claude-otel's "Claude Code · Overview").
  describe("a Kibana saved-objects export (JSON Lines)", () => {
    const kibana = parseJsonInput(readFileSync(path.join(fixtures, "handmade/kibana-claude-code-rollout.ndjson"), "utf8"));

    it("a dashboard titled for Claude Code whose Lens panels count sessions and active users: an input error at the dashboard's record", () => {
      const found = unreadAdoptionDashboardAt(kibana.value, defaultPolicy);
      expect(found?.message).toMatch(/^looks like a dashboard of Claude Code use \(.*sessions.*\) in a format agent-guardrail does not read/);
      expect(found?.pointer).toBe("/3");
      expect(kibana.lineOf(found?.pointer ?? "")).toBe(4);
    });

    // The tools whose names are ordinary words elsewhere (Cursor, Devin, Jules, Tabby, Cody) name
    // the tool in titles, descriptions and tags: a reader counts them there. Before, the check of
    // formats not read took only the tools' telemetry names, so the same export titled for Cursor,
    // Devin or Tabby passed as no input, while its Grafana twin was flagged.
    it.each([
      ["Cursor rollout", "Cursor"],
      ["Devin rollout", "Devin"],
      ["Tabby rollout", "Tabby"],
    ])("titled %s (a tool named by a word that is ordinary elsewhere): an input error", (title, tool) => {
      const renamed = JSON.parse(JSON.stringify(kibana.value).replaceAll("Claude Code", title.replace(" rollout", ""))) as unknown;
      expect(unreadAdoptionDashboardAt(renamed, defaultPolicy)?.message).toMatch(new RegExp(`^looks like a dashboard of ${tool} use `));
    });

    it("a database's cursors in the same shape (a MongoDB dashboard of open cursors' usage): no input", () => {
      const mongo = JSON.parse(JSON.stringify(kibana.value).replaceAll("Claude Code rollout", "MongoDB cursors").replaceAll("Claude Code", "MongoDB")) as unknown;
      expect(unread(mongo)).toBeUndefined();
    });

    it("the same records without the dashboard's title naming the tool, or without the dashboard record: no input", () => {
      const records = kibana.value as Record<string, unknown>[];
      const renamed = JSON.parse(JSON.stringify(records).replaceAll("Claude Code", "Platform")) as unknown;
      expect(unread(renamed)).toBeUndefined();
      // GitHub's Copilot usage metrics export (NDJSON): data, one user-day a record, no dashboard.
      const usage = [
        { day: "2026-11-02", user_login: "octocat", code_generation_activity_count: 41, code_acceptance_activity_count: 12, loc_added_sum: 80, used_agent: true, totals_by_ide: [{ ide: "vscode", code_generation_activity_count: 41 }] },
        { day: "2026-11-03", user_login: "hubot", code_generation_activity_count: 7, code_acceptance_activity_count: 2, loc_added_sum: 11, used_agent: false, totals_by_ide: [{ ide: "jetbrains", code_generation_activity_count: 7 }] },
      ];
      expect(unread(usage)).toBeUndefined();
    });
  });

  // A split export keeps each saved object in a file of its own (elastic-package's
  // kibana/dashboard/<id>.json, kibana/lens/<id>.json, kibana/visualization/<id>.json, as
  // elastic/integrations' packages are written): the dashboard names the tool and refers to its
  // panels by id; each Lens or visualization holds a measure without naming the tool. Before, every
  // one of these files was no input, so the adoption dashboard passed a repository scan.
  describe("a Kibana split export (one saved object a file)", () => {
    const split = (name: string): unknown => readFixture(`handmade/kibana-split/kibana/${name}`).value;
    const dashboard = split("dashboard/copilot-rollout.json") as Record<string, unknown>;

    it("a dashboard titled for GitHub Copilot whose panels are Lens and visualization objects in other files: an input error that names them", () => {
      const found = unreadAdoptionDashboardAt(dashboard, defaultPolicy);
      expect(found?.message).toMatch(/^looks like a Kibana dashboard of GitHub Copilot whose panels are saved objects kept in other files \(6f1c2a90-1b7e-11ef-9a3c-0242ac120002, 7a0e4c10-1b7e-11ef-9a3c-0242ac120002, 8b2d5e30-1b7e-11ef-9a3c-0242ac120002\), in a format agent-guardrail does not read .*\(fail closed\)/);
      expect(found?.pointer).toBe("");
    });

    it("a pre-7.0 dashboard naming each panel's object in panelsJSON text (id and type, no references): an input error", () => {
      const attributes = { title: "Windsurf rollout", panelsJSON: JSON.stringify([{ id: "windsurf-weekly", type: "visualization", panelIndex: "1", gridData: { x: 0, y: 0, w: 24, h: 15, i: "1" } }]) };
      expect(unread({ type: "dashboard", id: "d", attributes })).toMatch(/^looks like a Kibana dashboard of Windsurf \/ Codeium whose panels are saved objects kept in other files \(windsurf-weekly\)/);
    });

    it("the same dashboard with its objects beside it (one export) is judged by what they measure; one naming no tool, or whose panels are all by value, is no input", () => {
      const objects = ["lens/copilot-active-users.json", "lens/copilot-acceptance.json", "visualization/copilot-suggestions-by-language.json"].map(split);
      expect(unread([dashboard, ...objects])).toMatch(/^looks like a dashboard of GitHub Copilot use \(.*active users.*\)/);
      expect(unread(JSON.parse(JSON.stringify(dashboard).replace("GitHub Copilot rollout", "Engineering rollout")))).toBeUndefined();
      const byValue = { ...dashboard, references: [], attributes: { title: "GitHub Copilot rollout", panelsJSON: [{ type: "lens", panelIndex: "1", embeddableConfig: { attributes: { title: "Deploys", visualizationType: "lnsMetric" } } }] } };
      expect(unread(byValue)).toBeUndefined();
    });

    it("a Lens or legacy visualization on its own that names the tool and a measure of use: an input error; one that names no tool, no input", () => {
      const lens = split("lens/copilot-acceptance.json") as Record<string, unknown>;
      expect(unread(lens)).toBeUndefined();
      expect(unread(JSON.parse(JSON.stringify(lens).replace('"title":"Acceptance rate"', '"title":"Copilot acceptance rate"')))).toMatch(/^looks like a dashboard of GitHub Copilot use \(acceptance rate/);
      const vis = split("visualization/copilot-suggestions-by-language.json") as Record<string, unknown>;
      expect(unread(vis)).toBeUndefined();
      expect(unread(JSON.parse(JSON.stringify(vis).replaceAll("Suggestions by language", "Claude Code suggestions by language")))).toMatch(/^looks like a dashboard of Claude Code use \(suggestions/);
    });
  });

  // Honeycomb's Boards API (flexible boards, the only kind since August 2025) writes a query panel as
  // the id of a query saved in Honeycomb (`query_panel.query_id`, its title in a query annotation):
  // a board named for the tool whose panels are such queries could measure its use, unseen. Before,
  // one whose name and description held no measure was no input.
  describe("a Honeycomb board (Boards API JSON)", () => {
    const board = (name: string, description: string, panels: unknown[]) => ({ name, description, type: "flexible", panels });
    const query = { type: "query", query_panel: { query_id: "2wc6yBuGBmY", query_annotation_id: "8Fh1pXk2mQz", query_style: "graph" } };
    const text = { type: "text", text_panel: { content: "Owned by the platform team" } };

    it("named for Claude Code, its query panels saved in Honeycomb: an input error that names them", () => {
      expect(unread(board("Claude Code rollout", "How the pilot is going", [query, text]))).toMatch(/^looks like a Honeycomb board of Claude Code whose panels are queries saved in Honeycomb \(2wc6yBuGBmY\), in a format agent-guardrail does not read .*\(fail closed\)/);
    });

    it("one naming no tool, or of text panels only: no input", () => {
      expect(unread(board("Checkout latency", "p95 by endpoint", [query]))).toBeUndefined();
      expect(unread(board("Claude Code rollout", "How the pilot is going", [text]))).toBeUndefined();
    });
  });

  // Kibana keeps a dashboard's panels as JSON text (`panelsJSON`), and a panel added in Kibana 8 is
  // by value: its Lens title and columns live in that text, not in a saved object of their own
  // (elastic/integrations' github package dashboards are made so). The panels' titles name the tool.
  it("a Kibana dashboard whose by-value Lens panels, inside panelsJSON text, count Copilot's acceptance and active users: an input error", () => {
    const lens = (title: string, column: Record<string, unknown>) => ({
      type: "lens",
      panelIndex: title,
      gridData: { x: 0, y: 0, w: 24, h: 15, i: title },
      embeddableConfig: { attributes: { title, visualizationType: "lnsMetric", state: { datasourceStates: { formBased: { layers: { l: { columns: { c: column } } } } }, query: { query: "", language: "kuery" } } } },
    });
    const panels = [lens("Copilot acceptance rate", { label: "Acceptance rate", operationType: "average", sourceField: "acceptance_rate" }), lens("Copilot weekly active users", { label: "Active users", operationType: "unique_count", sourceField: "user_login" })];
    const dashboard = { type: "dashboard", id: "eng", attributes: { title: "Engineering insights", panelsJSON: JSON.stringify(panels), optionsJSON: "{}" } };
    expect(unread(dashboard)).toMatch(/^looks like a dashboard of GitHub Copilot use \(.*acceptance.*\)/);
    // The same text naming no coding tool is no input.
    expect(unread(JSON.parse(JSON.stringify(dashboard).replaceAll("Copilot ", "")))).toBeUndefined();
  });

  // Kibana 9.5's Dashboards API (dashboards as code, GA): `title` and `panels`, sections holding
  // their own `panels`, each panel `{ type: "vis", id, grid, config }` with its title, ES|QL and
  // columns in `config`, as elastic/agent-skills' skills/kibana/kibana-dashboards/assets/dashboard-esql.json
  // (@423e45d9, Apache-2.0) writes one. `title` beside `panels` made it a Grafana dashboard whose
  // panels query nothing: a Copilot adoption dashboard in it passed (0 findings, 1 input).
  it("a Kibana Dashboards API dashboard of Copilot's weekly active users is a format not read, not a Grafana dashboard of nothing", () => {
    const vis = (id: string, title: string, query: string, column: string) => ({ type: "vis", id, grid: { x: 0, y: 0, w: 24, h: 10 }, config: { type: "metric", title, data_source: { type: "esql", query }, metrics: [{ type: "primary", column }] } });
    const dashboard = (title: string, inner: unknown[]) => ({
      title,
      description: "",
      time_range: { from: "now-30d", to: "now" },
      panels: [{ title: "Key metrics", collapsed: false, grid: { y: 0 }, panels: inner }],
    });
    const copilot = dashboard("GitHub Copilot adoption", [vis("wau", "Weekly active users", "FROM copilot-metrics | STATS `Weekly active users` = COUNT_DISTINCT(user_login)", "Weekly active users")]);
    expect(normalizeDashboard(copilot)).toBeUndefined();
    expect(unread(copilot)).toMatch(/^looks like a dashboard of GitHub Copilot use \(active users, weekly active users/);
    // Its web-traffic example names no coding tool: no input.
    expect(unread(dashboard("Web traffic overview", [vis("requests", "Requests", "FROM kibana_sample_data_logs | STATS `Requests` = COUNT()", "Requests")]))).toBeUndefined();
    // A Grafana dashboard is still one: panels with gridPos, or none of Kibana's grid and config.
    expect(normalizeDashboard({ title: "Copilot", panels: [{ type: "stat", title: "Seats", gridPos: { x: 0, y: 0, w: 6, h: 4 }, targets: [{ refId: "A", expr: "sum(copilot_seats)" }] }] })?.format).toBe("grafana");
    expect(normalizeDashboard({ title: "Copilot", panels: [{ type: "stat", title: "Seats", targets: [{ refId: "A", expr: "sum(copilot_seats)" }] }] })?.format).toBe("grafana");
  });

  // Sumo Logic's content export of a dashboard (`DashboardV2SyncDefinition`: `title` and `panels`,
  // each `{ key, title, panelType: "SumoSearchPanel", queries: [{ queryString }] }`, as Sumo's
  // content API and Terraform's sumologic_content write it) was read as Grafana too: a pass.
  it("a Sumo Logic dashboard of Copilot's weekly active users is a format not read, not a Grafana dashboard of nothing", () => {
    const panel = (title: string, queryString: string) => ({ id: null, key: "panelA", title, visualSettings: '{"general":{"type":"line"}}', panelType: "SumoSearchPanel", queries: [{ queryString, queryType: "Logs", queryKey: "A", parseMode: "Manual", timeSource: "Message" }], description: "", timeRange: null, linkedDashboards: [] });
    const dashboard = (title: string, p: unknown) => ({ type: "DashboardV2SyncDefinition", name: title, description: "", title, rootPanel: null, theme: "Light", refreshInterval: 0, layout: { layoutType: "Grid", layoutStructures: [{ key: "panelA", structure: '{"height":6,"width":12,"x":0,"y":0}' }] }, panels: [p], variables: [] });
    const copilot = dashboard("GitHub Copilot adoption", panel("Weekly active users", '_sourceCategory=github/copilot/metrics | json "total_active_users" as users | max(users) by _timeslice'));
    expect(normalizeDashboard(copilot)).toBeUndefined();
    expect(unread(copilot)).toMatch(/^looks like a dashboard of GitHub Copilot use \(active users, weekly active users/);
    expect(unread(dashboard("Nginx overview", panel("Requests", "_sourceCategory=nginx | count by _timeslice")))).toBeUndefined();
  });
});

