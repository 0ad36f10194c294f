/**
 * Products that share a coding tool's name (policies/dashboards.yaml `namesakes`): Microsoft 365
 * Copilot, whose use Datadog's Microsoft Copilot integration draws (its `microsoft_copilot_usage`
 * dashboard: "Track the adoption of Copilot within your Microsoft 365 organization", active over
 * enabled users per application, green at 60%), and AWS Copilot, a command line that deploys
 * containers. Where one is named, "copilot" and "copilot chat" alone name that product, not
 * GitHub Copilot; a term only GitHub's tool has still names it.
 */
import { dashboardsFile } from "../../../src/policy/schema.js";
import { evaluateValue } from "./helpers.js";

/** A Datadog query value of active over enabled users, as the Microsoft Copilot integration draws it. */
const activeShare = (title: string, app: string) => ({
  definition: {
    title,
    type: "query_value",
    requests: [
      {
        formulas: [{ formula: "(query1 / query2) * 100" }],
        conditional_formats: [
          { comparator: "<", palette: "white_on_red", value: 25 },
          { comparator: ">=", palette: "white_on_green", value: 60 },
        ],
        response_format: "scalar",
        queries: [
          { query: `avg:microsoft_copilot.${app}.users.active{*}`, data_source: "metrics", name: "query1", aggregator: "avg" },
          { query: `avg:microsoft_copilot.${app}.users.enabled{*}`, data_source: "metrics", name: "query2", aggregator: "avg" },
        ],
      },
    ],
  },
});
const timeseries = (title: string, query: string) => ({ definition: { title, type: "timeseries", requests: [{ queries: [{ query, data_source: "metrics", name: "query1" }], response_format: "timeseries" }] } });
const datadog = (title: string, description: string, ...widgets: unknown[]) => ({ title, description, widgets, layout_type: "ordered" });

describe("a product that shares a coding tool's name", () => {
  it("Microsoft 365 Copilot's usage dashboard (a usage target on 'Usage of Copilot in Any Application') is not GitHub Copilot's: not flagged", () => {
    const value = datadog(
      "Microsoft Copilot Usage",
      "Track the adoption of Copilot within your Microsoft 365 organization.",
      activeShare("Usage of Copilot in Any Application", "anyapp"),
      activeShare("Copilot Chat", "copilotchat"),
      { definition: { type: "note", content: "Copilot usage within eight applications is reported: Copilot Chat, Outlook, Word, Teams, OneNote, PowerPoint, Excel, and Loop." } },
    );
    expect(evaluateValue(value)).toEqual({ findings: [], errors: [] });
  });

  it("a panel whose metrics are Microsoft 365 Copilot's is shadowed on its own; GitHub Copilot's panel beside it is still flagged", () => {
    const value = datadog(
      "AI assistants",
      "",
      timeseries("Copilot Chat usage", "avg:microsoft_copilot.copilotchat.users.active{*}"),
      timeseries("GitHub Copilot acceptance rate", "avg:github.copilot.acceptance_rate{*}"),
    );
    const [f] = evaluateValue(value).findings;
    expect(f?.evidence.map((e) => e.pointer)).toEqual(["/widgets/1"]);
    expect(f?.message).toMatch(/^Measures adoption of GitHub Copilot \(acceptance rate, acceptance\) in "GitHub Copilot acceptance rate"/);
  });

  it("a dashboard of a service AWS Copilot deploys (sessions, usage) names no coding tool", () => {
    const value = datadog("Checkout (AWS Copilot service)", "Deployed with AWS Copilot: copilot svc deploy --name checkout", timeseries("Active sessions", "sum:checkout.sessions.active{*}"), timeseries("Copilot env usage", "sum:checkout.requests{env:prod}"));
    expect(evaluateValue(value)).toEqual({ findings: [], errors: [] });
  });

  it("Amazon Q Business's chat use is not Amazon Q Developer's; Amazon Q Developer's beside it is", () => {
    const business = datadog("Amazon Q Business usage", "Conversations of the Amazon Q Business web experience", timeseries("Amazon Q active users", "sum:aws.qbusiness.active_users{*}"));
    expect(evaluateValue(business)).toEqual({ findings: [], errors: [] });
    const developer = datadog("Amazon Q usage", "", timeseries("Amazon Q active users", "sum:aws.q.developer.active_users{*}"));
    expect(evaluateValue(developer).findings[0]?.message).toContain("Amazon Q Developer");
  });

  it("'Copilot' with no namesake in sight is still GitHub Copilot", () => {
    // GitHub's metrics, not microsoft_copilot.*: a namesake's metrics in any panel shadow the title's "Copilot".
    const value = datadog("Copilot adoption", "", JSON.parse(JSON.stringify(activeShare("Usage of Copilot", "anyapp")).replaceAll("microsoft_copilot.", "github.copilot.")));
    const [f] = evaluateValue(value).findings;
    expect(f?.severity).toBe("error");
    expect(f?.message).toContain("GitHub Copilot");
  });

  it("the policy refuses shared terms that are not the tool's, and namesakes without them", () => {
    const base = { codingTools: [{ name: "T", terms: ["copilot"], source: "https://example.com" }], adoption: ["usage"], infrastructure: ["cpu"], efficiency: ["latency"], incidents: ["incident"], toolErrors: ["429"], targets: ["target"] };
    const withTool = (extra: Record<string, unknown>) => ({ ...base, codingTools: [{ ...base.codingTools[0], ...extra }] });
    expect(dashboardsFile.safeParse(withTool({ namesakes: ["aws copilot"], sharedTerms: ["copilot"] })).success).toBe(true);
    expect(dashboardsFile.safeParse(withTool({ namesakes: ["aws copilot"], sharedTerms: ["pilot"] })).success).toBe(false);
    expect(dashboardsFile.safeParse(withTool({ namesakes: ["aws copilot"] })).success).toBe(false);
  });
});

describe("a namesake named in any panel's queries shadows the shared name for the whole dashboard", () => {
  const grafana = (title: string, ...panels: { title: string; expr: string }[]) => ({
    title,
    uid: "x",
    schemaVersion: 39,
    panels: panels.map((p, id) => ({ id, type: "timeseries", title: p.title, targets: [{ refId: "A", expr: p.expr }] })),
  });

  it("a 'Codex Dashboard' of the storage network (libp2p peers beside a session cache) is not OpenAI Codex's", () => {
    const value = grafana("Codex Dashboard", { title: "libp2p peers", expr: "sum by(type) (libp2p_peers)" }, { title: "Discovery LRU", expr: "discovery_session_lru_cache_hits_total" });
    expect(evaluateValue(value)).toEqual({ findings: [], errors: [] });
  });

  it("a 'Cursor' dashboard whose other panel queries MongoDB is the database's cursors", () => {
    const value = grafana("Cursor", { title: "Open", expr: "mongodb_mongod_metrics_cursor_open" }, { title: "Usage", expr: "sum(rate(getmore_requests_total[5m]))" });
    expect(evaluateValue(value)).toEqual({ findings: [], errors: [] });
  });

  it("a decoy panel of a namesake does not hide a panel that names the tool itself", () => {
    const value = grafana("Copilot", { title: "M365", expr: "microsoft_copilot_users_active" }, { title: "Copilot acceptance rate", expr: "avg(copilot_acceptance_rate)" });
    const [f] = evaluateValue(value).findings;
    expect(f?.evidence.map((e) => e.pointer)).toEqual(["/panels/1"]);
  });

  it("a name only the coding tool has still names it beside a namesake: OpenAI Codex's sessions are flagged", () => {
    const value = grafana("Codex Dashboard", { title: "libp2p peers", expr: "libp2p_peers" }, { title: "OpenAI Codex sessions", expr: "sum(codex_session_count)" });
    const [f] = evaluateValue(value).findings;
    expect(f?.message).toMatch(/^Measures adoption of OpenAI Codex \(sessions\) in "OpenAI Codex sessions"/);
  });
});

describe("more products that share a tool's name", () => {
  const grafana = (title: string, description: string, ...panels: { title: string; expr: string; description?: string }[]) => ({
    title,
    description,
    uid: "x",
    schemaVersion: 39,
    panels: panels.map((p, id) => ({ id, type: "timeseries", title: p.title, description: p.description, targets: [{ refId: "A", expr: p.expr }] })),
  });

  it.each([
    // SQL Server's "Cursor Manager by Type" performance counters (Microsoft's docs): Cursor worktable usage, Cursor Cache Use Counts/sec, Cursor memory usage.
    ["SQL Server's cursor worktable usage", grafana("SQL Server", "", { title: "Cursor worktable usage", expr: 'sqlserver_performance{object="SQLServer:Cursor Manager by Type", counter="Cursor worktable usage"}' })],
    ["MSSQL cursor cache use", grafana("MSSQL instance", "", { title: "Cursor cache use", expr: "rate(mssql_cursor_cache_use_counts_total[5m])" })],
    // Performance Co-Pilot (PCP): grafana-pcp's dashboards describe "the Performance Co-Pilot metric mem.vmstat.thp_split"; "Co-Pilot" glued reads as "copilot".
    ["Performance Co-Pilot's pmproxy sessions", grafana("PCP Redis: Host Overview", "Performance Co-Pilot metrics through pmproxy", { title: "Active sessions", expr: "pmproxy.webgroup.active_sessions" })],
  ])("%s is not the coding tool's", (_name, value) => {
    expect(evaluateValue(value)).toEqual({ findings: [], errors: [] });
  });

  // The mouse's cursor in help text (Power BI Desktop's blog demo reports, microsoft/powerbi-desktop-samples:
  // "A tooltip can be found by moving your cursor over top of a data element") named the Cursor editor,
  // so a cost report with such a description was a Cursor adoption dashboard (`notNames`).
  it("'moving your cursor over' a chart is the mouse's; Cursor named elsewhere, even in the same text, still counts", () => {
    const help = "Some visuals are built with tooltips. A tooltip can be found by moving your cursor over top of a data element.";
    expect(evaluateValue(grafana("Cloud spend", help, { title: "Daily spend", expr: "sum(aws_billing_estimated_charges)" }))).toEqual({ findings: [], errors: [] });
    expect(evaluateValue(grafana("Cloud spend", "Hover the cursor over a bar for its team; the mouse cursor shows the day.", { title: "Daily spend", expr: "sum(aws_billing_estimated_charges)" }))).toEqual({ findings: [], errors: [] });
    expect(evaluateValue(grafana("Cursor adoption", help, { title: "Daily spend", expr: "sum(team_spend_dollars)" })).findings).toHaveLength(1);
    expect(evaluateValue(grafana("Engineering", `Cursor seats and spend. ${help}`, { title: "Daily spend", expr: "sum(team_spend_dollars)" })).findings).toHaveLength(1);
  });

  it("Cursor and Copilot named as the coding tools beside those names still count", () => {
    expect(evaluateValue(grafana("SQL Server team: Cursor AI", "", { title: "Cursor AI usage", expr: "sum(cursor_daily_lines_added_total)" })).findings).toHaveLength(1);
    expect(evaluateValue(grafana("PCP and GitHub Copilot", "", { title: "GitHub Copilot sessions", expr: "sum(copilot_sessions)" })).findings).toHaveLength(1);
  });
});
