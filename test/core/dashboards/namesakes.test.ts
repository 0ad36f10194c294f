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
    const value = datadog("Copilot adoption", "", activeShare("Usage of Copilot", "anyapp"));
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
