/**
 * The words coding tools' own telemetry uses for use (policies/dashboards.yaml `adoption`), and a
 * generic word that is not one. Panels are Grafana classic panels as Grafana exports them; each
 * metric or field name is the tool's own:
 * - Amazon CodeWhisperer's AWS/CodeWhisperer namespace (InvocationCount by SuggestionState,
 *   CodeWhispererCharacterCount), as aws-samples/aws-cdk-examples' codewhisperer-cloudwatch draws it;
 * - GitHub's Copilot metrics API (total_lines_suggested, total_chat_turns), as copilot exporters name it;
 * - Cursor's Admin API daily usage (acceptedLinesAdded, totalTabsAccepted);
 * - Gemini CLI's OpenTelemetry metric gemini_cli.lines.changed.
 */
import { evaluateValue } from "./helpers.js";

const panel = (id: number, title: string, expr: string, description = "") => ({
  id,
  type: "timeseries",
  title,
  ...(description ? { description } : {}),
  gridPos: { h: 8, w: 12, x: 0, y: 0 },
  targets: [{ refId: "A", expr }],
});
const dashboard = (title: string, ...panels: unknown[]) => ({ title, uid: "t", schemaVersion: 39, panels });

describe("adoption terms from the tools' own telemetry", () => {
  it.each([
    ["CodeWhisperer accept rate", dashboard("Dev tools", panel(1, "Python Line Accept Rate", "100*m3/(m3+m4)", "AWS/CodeWhisperer"))],
    ["CodeWhisperer invocations by suggestion state", dashboard("Dev tools", panel(1, "Python Block", 'sum(aws_codewhisperer_invocation_count_sum{suggestion_state="ACCEPT"})'))],
    ["characters CodeWhisperer wrote", dashboard("Dev tools", panel(1, "Share of code", "sum(aws_codewhisperer_code_whisperer_character_count_sum) / sum(aws_codewhisperer_total_character_count_sum)"))],
    ["Copilot lines suggested", dashboard("Engineering", panel(1, "Total Lines", "sum(github_copilot_total_lines_suggested)"))],
    ["Copilot Chat turns", dashboard("Engineering", panel(1, "Chat", "sum(github_copilot_total_chat_turns)"))],
    ["Cursor accepted lines", dashboard("Cursor AI team usage", panel(1, "Lines", "sum(cursor_accepted_lines_added)"))],
    ["Cursor tabs accepted", dashboard("Cursor AI team usage", panel(1, "Tab", "sum(cursor_total_tabs_accepted)"))],
    ["Gemini CLI lines changed", dashboard("Engineering", panel(1, "Code written", "sum(rate(gemini_cli_lines_changed_total[1h]))"))],
    // GitHub's Copilot usage metrics API (docs.github.com/en/copilot/reference/copilot-usage-metrics, the
    // 2025 reports): monthly_active_agent_users, monthly_active_chat_users, code_generation_activity_count,
    // loc_added_sum, used_agent; the coding agent's pull requests; and adoption stated as a share of
    // work or of engineers ("AI-assisted PRs", "engineers using").
    ["agent-mode users", dashboard("GitHub Copilot", panel(1, "Agent users", "max(monthly_active_agent_users)"))],
    ["chat users", dashboard("GitHub Copilot", panel(1, "Chat users", "max(monthly_active_chat_users)"))],
    ["code generations", dashboard("GitHub Copilot", panel(1, "Code generations", "sum(code_generation_activity_count)"))],
    ["lines of code added (loc)", dashboard("GitHub Copilot", panel(1, "LoC added", "sum(loc_added_sum)"))],
    ["users of agent mode", dashboard("GitHub Copilot", panel(1, "Agent mode", "count(used_agent == 1)"))],
    ["pull requests the coding agent created", dashboard("Coding agent", panel(1, "Copilot coding agent", "sum(copilot_pull_requests_created)"))],
    ["a share of AI-assisted PRs", dashboard("Engineering impact", panel(1, "AI-assisted PRs (%)", 'sum(pull_requests_merged{ai_assisted="true"}) / sum(pull_requests_merged) * 100'))],
    ["a share of engineers using the tool", dashboard("Copilot rollout", panel(1, "Engineers using Copilot (%)", "count(last_activity_at > 0) / count(engineers) * 100"))],
    // Conversations started and prompts sent, counted from the tools' own events (OpenAI Codex's
    // codex.conversation_starts, Claude Code's user_prompt), as KB1SLN-Labs/agent-observability's
    // "Codex — Logs" and Bardin08/cc-otel's "Prompts Per Hour" count them in Loki.
    ["Codex conversations started", dashboard("Codex — Logs", panel(1, "Conversations", 'sum(count_over_time({service_name=~"codex_exec"} | json | attributes_event_name="codex.conversation_starts" [$__range]))'))],
    ["prompts sent to Claude Code", dashboard("Claude Code", panel(1, "Prompts Per Hour", 'count_over_time({service_name="claude-code"} | event_name = "user_prompt" [1h])'))],
  ])("%s is use of the tool: a warning without an incident panel", (_name, value) => {
    const { findings, errors } = evaluateValue(value);
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["warning"]);
  });

  it("the same use next to an incident panel passes", () => {
    const value = dashboard("Dev tools", panel(1, "Python Line Accept Rate", "100*m3/(m3+m4)", "AWS/CodeWhisperer"), panel(2, "Incidents linked to AI-assisted changes", "sum(increase(incidents_opened_total[1d]))"));
    expect(evaluateValue(value)).toEqual({ findings: [], errors: [] });
  });

  describe("the tool's own API failing is not an incident, whatever the panel calls it", () => {
    const usage = panel(1, "Claude Code sessions", "sum(increase(claude_code_session_count_total[1d]))");
    it.each([
      ["retries exhausted", panel(2, "API retries exhausted", 'sum(count_over_time({service_name="claude-code"} |= "claude_code.api_retries_exhausted" [1h]))', "Provider stability incidents.")],
      ["529 overloaded", panel(2, "Anthropic outages (529 overloaded)", 'sum(count_over_time({service_name="claude-code"} |= "claude_code.api_error" | status_code="529" [1h]))')],
    ])("%s: still flagged", (_name, errors) => {
      expect(evaluateValue(dashboard("Claude Code", usage, errors)).findings.map((f) => f.severity)).toEqual(["warning"]);
    });

    it("incidents the tool's changes caused record them", () => {
      const incidents = panel(2, "Incidents linked to Claude Code PRs", 'sum(increase(incidents_opened_total{cause_author_kind="ai_agent"}[1d]))');
      expect(evaluateValue(dashboard("Claude Code", usage, incidents))).toEqual({ findings: [], errors: [] });
    });
  });

  describe('"accepted" alone names no use', () => {
    it.each([
      [
        "the collector carrying Claude Code's telemetry: points its receiver accepted",
        dashboard("Claude Code — Collector Health", panel(1, "Metric points / sec", "sum(rate(otelcol_receiver_accepted_metric_points[5m]))", "Claude Code metric points accepted by the receiver and exported to Prometheus.")),
      ],
      ["connections NGINX accepted in front of a Copilot proxy", dashboard("Copilot proxy", panel(1, "Connections", "sum(rate(nginx_connections_accepted[5m]))"))],
    ])("%s: not flagged", (_name, value) => {
      expect(evaluateValue(value)).toEqual({ findings: [], errors: [] });
    });

    it("suggestions or lines accepted still are", () => {
      const value = dashboard("Copilot", panel(1, "Accepted", "sum(copilot_suggestions_accepted)"), panel(2, "Lines", "sum(copilot_total_lines_accepted)"));
      expect(evaluateValue(value).findings.map((f) => f.evidence.length)).toEqual([2]);
    });
  });

  it("AI-assisted PRs next to their change failure rate pass; merged PRs of a dashboard naming no coding tool are not adoption", () => {
    const cfr = panel(2, "Change failure rate of AI-assisted PRs", "sum(deployments_failed{ai_assisted=\"true\"}) / sum(deployments{ai_assisted=\"true\"})");
    expect(evaluateValue(dashboard("Engineering impact", panel(1, "AI-assisted PRs (%)", "sum(pull_requests_merged)"), cfr)).findings).toEqual([]);
    expect(evaluateValue(dashboard("Engineering", panel(1, "PRs merged", "sum(pull_requests_merged)"), panel(3, "Engineers using the VPN", "count(vpn_sessions)"))).findings).toEqual([]);
  });
});
