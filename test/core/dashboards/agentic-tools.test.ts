/**
 * Agents that act on a developer's files and tools, beyond the coding tools of issue 14: Claude
 * Cowork, Augment Code, Roo Code, OpenHands, Qodo, Replit Agent (policies/dashboards.yaml). A
 * dashboard of their use is an adoption dashboard like Copilot's; a dashboard that only shares a
 * word with one (a coworking space's bookings) is not. Bodies are CloudWatch dashboard JSON, as
 * `aws cloudwatch get-dashboard` returns it.
 */
import { evaluateValue } from "./helpers.js";

const metric = (title: string, namespace: string, name: string) => ({
  type: "metric",
  x: 0,
  y: 0,
  width: 12,
  height: 6,
  properties: { title, region: "eu-west-1", metrics: [[namespace, name, { stat: "Sum" }]], view: "timeSeries", period: 86400 },
});
const body = (...widgets: unknown[]) => ({ widgets });

describe("agentic tools in view", () => {
  it.each([
    ["Claude Cowork", body(metric("Session Turns", "ClaudeCoWork", "session.turns"), metric("Active Users", "ClaudeCoWork", "active.users"))],
    ["Augment Code", body(metric("Augment Code completions accepted", "DevTools", "completions.accepted"))],
    ["Roo Code", body(metric("Daily sessions", "RooCode", "sessions"))],
    ["OpenHands", body(metric("OpenHands conversations: tokens", "AI/Agents", "tokens"))],
    ["Qodo", body(metric("Qodo merge suggestions accepted", "DevTools", "suggestions"))],
    ["Replit Agent", body(metric("Replit Agent usage (credits)", "DevTools", "credits"))],
    // Coding tools the vocabulary did not know (each passed unseen before): GitLab Duo's Code Suggestions
    // and Chat, Kilo Code, Qwen Code, TabbyML's self-hosted Tabby, Supermaven, Refact.ai, Trae, Grok CLI.
    ["GitLab Duo", body(metric("Duo Code Suggestions acceptance rate", "GitLab", "code_suggestions.acceptance_rate"))],
    ["GitLab Duo", body(metric("Duo Chat users", "DevTools", "active.users"))],
    ["Kilo Code", body(metric("Kilo Code tokens", "DevTools", "tokens"))],
    ["Qwen Code", body(metric("Qwen Code sessions", "DevTools", "sessions"))],
    ["Tabby", body(metric("Completions", "TabbyML", "completions"))],
    ["Supermaven", body(metric("Supermaven suggestions accepted", "DevTools", "suggestions"))],
    ["Refact.ai", body(metric("Refact.ai completions", "DevTools", "completions"))],
    ["Trae", body(metric("Trae IDE active users", "DevTools", "active.users"))],
    ["Grok CLI", body(metric("Grok CLI sessions", "DevTools", "sessions"))],
  ])("%s: its use without an incident panel is a warning", (tool, dashboard) => {
    const { findings, errors } = evaluateValue(dashboard);
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([["adoption-dashboard-no-incidents", "warning"]]);
    expect(findings[0]?.message).toContain(tool);
  });

  it("Cisco Duo's logins, a Tabby terminal's and Logstash grok's words are not those tools", () => {
    const dashboard = body(metric("Duo authentications (active users)", "Security/Duo", "active.users"), metric("Grok parse failures by pipeline usage", "Logstash", "usage"));
    expect(evaluateValue(dashboard)).toEqual({ findings: [], errors: [] });
  });

  it("a coworking space's bookings (sessions, active members, usage) name no tool: not flagged", () => {
    const dashboard = body(metric("Cowork space sessions booked", "Facilities/Cowork", "sessions"), metric("Active members", "Facilities/Cowork", "active.users"), metric("Desk usage", "Facilities/Cowork", "usage"));
    expect(evaluateValue(dashboard)).toEqual({ findings: [], errors: [] });
  });

  it("the same Cowork use with a rollbacks widget records incidents: not flagged", () => {
    const dashboard = body(metric("Session Turns", "ClaudeCoWork", "session.turns"), metric("Rollbacks of agent changes", "Deployments", "rollbacks"));
    expect(evaluateValue(dashboard)).toEqual({ findings: [], errors: [] });
  });
});
