/**
 * Real public dashboards (sources, licences and the verdict decided before running the rule:
 * test/fixtures/dashboards/real/README.md).
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { defaultPolicy, evaluateFixture, readFixture } from "./helpers.js";

/** A CloudFormation template as `scan` reads it: through the template engine. */
function evaluateTemplateFixture(relative: string): ReturnType<typeof evaluateTemplates> {
  const f = readFixture(relative);
  const result = evaluateTemplates([{ file: f.file, value: f.value, lineOf: f.lineOf }], defaultPolicy, loadCatalogue());
  return { findings: result.findings.filter((x) => x.rule === "adoption-dashboard-no-incidents"), errors: result.errors };
}

describe("real public dashboards", () => {
  it.each([
    ["real/copilot-kleeadrian.json", "error", 'dashboard "Copilot Dashboard" (uid bdk9wxug71ptsd)'],
    ["real/copilot-usage-advanced-satomic.json", "error", 'dashboard "Copilot Usage Advanced Dashboard"'],
    ["real/devlake-GithubCopilotAdoption.json", "error", 'dashboard "GitHub Copilot Adoption" (uid copilot_adoption)'],
    // Warning, not error: the green step at 0.8 in "Model Breakdown" colours its "Cache %" column (a
    // field override), a prompt-cache hit rate, not a bar on use; its other steps cap cost.
    ["real/claude-code-metrics-0x7067.json", "warning", 'dashboard "Claude Code Metrics" (uid claude-code-metrics)'],
    ["real/devlake-qdev_user_data.json", "warning", 'dashboard "Kiro Code Metrics Dashboard" (uid qdev_user_data)'],
    ["real/devlake-qdev_user_report.json", "warning", 'dashboard "Kiro Usage Dashboard" (uid qdev_user_report)'],
    // Added for issue 14.
    ["real/claude-code-otel-colemurray.json", "warning", 'dashboard "Claude Code Observability" (uid claude-code-obs)'],
    ["real/copilot-metrics-exporter-asmild.json", "warning", 'dashboard "Github Copilot Stats" (uid CDopRYoIk)'],
    ["real/codex-token-economics-vishal8shah.json", "warning", 'dashboard "Codex / Token Economics" (uid codex-token-economics)'],
    ["real/devlake-GithubCopilot.json", "error", 'dashboard "GitHub Copilot User Data Dashboard" (uid github_copilot_user_data)'],
    // DAU/WAU/MAU, sessions by client and version; its health row (API errors, retries, compaction
    // failures) is the tool's own reliability, not incidents.
    ["real/krci-claude-code-ops.json", "warning", 'dashboard "Claude Code — Operations & Adoption" (uid claude-code-ops)'],
    // Cost rate per user among its governance panels; its only mention of incidents is "API retries
    // exhausted — provider/proxy stability incidents", the tool's own API failing, which passed it
    // before the fix.
    ["real/krci-claude-code-governance.json", "warning", 'dashboard "Claude Code — Governance & Security" (uid claude-code-governance)'],
    // DevLake's 2026 Kiro and Copilot dashboards (DevExpGbb fork), read before running: credits per PR,
    // deployment and issue of Kiro (tags name it); Kiro and Copilot active users, suggestions and
    // acceptance side by side; Kiro requests per model. Only Grafana's base steps, no incident panel.
    ["real/devlake-gbb-AICostEfficiency.json", "warning", 'dashboard "AI Cost-Efficiency" (uid ai_cost_efficiency)'],
    ["real/devlake-gbb-MultiAIComparison.json", "warning", 'dashboard "Multi-AI Tool Comparison" (uid multi_ai_comparison)'],
    ["real/devlake-gbb-AIModelROI.json", "warning", 'dashboard "Kiro AI Model ROI" (uid kiro_model_roi)'],
    // Read before running (rt-dash3): Claude Code sessions, tokens, cost and active time; its targets
    // name no data source (Grafana's default, a Prometheus `expr`), base steps only, no incident panel.
    ["real/claude-code-telemetry-hexsleeves.json", "warning", 'dashboard "Claude Code Metrics"'],
    // Read before running (rt-dash3): a platform's "AI Coding Assistant Metrics" (tags name Copilot,
    // ai_copilot_* metrics): acceptance rate gauge red → yellow 0.3 → green 0.5, a bar to reach.
    ["real/fawkes-ai-telemetry.json", "error", 'dashboard "AI Coding Assistant Metrics" (uid ai-telemetry)'],
  ])("flags the adoption dashboard %s (%s)", (file, severity, subject) => {
    const { findings, errors } = evaluateFixture(file);
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe(severity);
    expect(findings[0]!.subject).toBe(subject);
    for (const e of findings[0]!.evidence) {
      expect(e.pointer).toMatch(/^(\/dashboard)?\/(panels|rows|__elements)\//);
      expect(e.line).toBeGreaterThan(0);
      expect(e.note).toMatch(/^adoption panel ".*": measures .+ of .+ \(named in /);
    }
  });

  it.each([
    "real/devlake-GithubCopilotDORACorrelation.json",
    "real/devlake-QDevDORA.json",
    "real/devlake-DORA.json",
    "real/fourkeys-dora-team.json",
    // Added for issue 14: the tool's own reliability, infrastructure "usage", incident and DORA
    // dashboards, a correlation dashboard, LLM applications and "agent" in other products' names.
    "real/codex-api-request-reliability-vishal8shah.json",
    "real/codex-tool-failure-diagnosis-vishal8shah.json",
    "real/k8s-views-global-dotdc.json",
    "real/k8s-views-nodes-dotdc.json",
    "real/devlake-PagerDuty.json",
    "real/devlake-Opsgenie.json",
    "real/devlake-DORADetails-ChangeFailureRate.json",
    "real/devlake-GithubCopilotDORA.json",
    "real/aws-blockchain-single-node-dashboard.json",
    "real/datadog-pagerduty-overview.json",
    "real/datadog-open-policy-agent-overview.json",
    "real/datadog-aimon.json",
    "real/datadog-robust-intelligence-ai-firewall.json",
    "real/datadog-auth0-api-usage.json",
    // The OpenTelemetry collector that carries Claude Code's telemetry: metric points and log
    // records its receiver "accepted" are the pipeline's health, not use of the tool (flagged before
    // the fix: "accepted" alone was an adoption term).
    "real/krci-claude-code-collector-health.json",
    // The node dashboard of Codex, the decentralized storage network (codex-storage/nim-codex): "Codex
    // Dashboard" over libp2p peers and streams, discovery requests, GC heap and CPU. Not OpenAI's
    // coding agent; flagged before the fix by "Discovery LRU" (discovery_session_lru_cache_hits_total).
    "real/codex-storage-nim-codex-grafana.json",
    // The same platform's DORA dashboard (rt-dash3, read before running): CFR, MTTR, incident count
    // and an incident annotation beside an "AI Adoption Rate" of no named tool and a recording rule
    // (dora:acceleration_whiplash:score); and its SPACE dashboard, whose "AI Tool Adoption" stands
    // next to change failure rate and an incident annotation.
    "real/fawkes-dora-metrics.json",
    "real/fawkes-devex.json",
  ])("does not flag %s", (file) => {
    expect(evaluateFixture(file)).toEqual({ findings: [], errors: [] });
  });

  it("a dashboard that gives panels twice: the last list, the one Grafana's import keeps, is empty, and is cited", () => {
    const { findings, errors } = evaluateFixture("real/ccusage-graphs-jeremyeder.json");
    expect(findings).toEqual([]);
    expect(errors).toEqual([{ file: expect.stringMatching(/ccusage-graphs-jeremyeder\.json$/), line: 699, message: expect.stringContaining('"Claude Code CLI Usage Dashboard" (uid claude-usage-dashboard) has no panels') }]);
  });

  it("fails closed on a published adoption dashboard with no panels", () => {
    const { findings, errors } = evaluateFixture("real/devlake-copilot-adoption-empty.json");
    expect(findings).toEqual([]);
    // At its empty panel list (line 20), where a reader sees why.
    expect(errors).toEqual([{ file: expect.stringMatching(/devlake-copilot-adoption-empty\.json$/), line: 20, message: expect.stringContaining("has no panels") }]);
  });

  it("flags the Claude Code CloudFormation dashboard whose chart widgets query PromQL in data.queries", () => {
    const { findings, errors } = evaluateTemplateFixture("real/aws-guidance-claude-code-dashboard.yaml");
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.severity).toBe("warning");
    expect(f.message).toContain("Claude Code");
    const notes = f.evidence.map((e) => e.note ?? "");
    expect(notes.some((n) => n.startsWith('adoption panel "Active Users"') && n.includes("/widgets/2"))).toBe(true);
    // The Bedrock throttles and errors widgets are the tool's API health, not adoption.
    expect(notes.some((n) => n.includes("Bedrock"))).toBe(false);
    for (const e of f.evidence) expect(e.pointer).toBe("/Resources/Dashboard/Properties/DashboardBody");
  });

  it("flags the Claude Cowork dashboard of the same guidance: its ClaudeCoWork metrics (tokens, cost, sessions, active users) put the tool in view", () => {
    // Expected before running: usage of an agentic tool (Claude Cowork, whose desktop mode emits
    // claude_code.* events), no target line or annotation, no incident or rollback widget: a warning.
    const { findings, errors } = evaluateTemplateFixture("real/aws-guidance-cowork-dashboard.yaml");
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.severity).toBe("warning");
    expect(f.message).toContain("Claude Cowork");
    const notes = f.evidence.map((e) => e.note ?? "");
    expect(notes.some((n) => n.startsWith('adoption panel "Active Users"'))).toBe(true);
    // Its raw events table (a Logs Insights query without stats) lists events and measures nothing; nor does the markdown header.
    expect(notes.some((n) => n.includes("Recent CoWork Events"))).toBe(false);
    expect(f.evidence.some((e) => e.note?.includes("Telemetry Dashboard"))).toBe(false);
  });

  it("flags both CodeWhisperer dashboards of the CDK example: accept rates of suggestions and characters written by the tool", () => {
    // Expected before running: AWS/CodeWhisperer InvocationCount by SuggestionState (ACCEPT/REJECT)
    // and "Accept Rate" expressions; CodeWhispererCharacterCount over TotalCharacterCount. Use of
    // the tool, no threshold, no incident widget: two warnings. Before the fix neither was flagged:
    // "accept rate", "suggestion", "invocation count" and "character count" were no adoption terms.
    const { findings, errors } = evaluateTemplateFixture("real/aws-cdk-examples-codewhisperer-cwh-cw.yaml");
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.severity, f.evidence[0]?.pointer])).toEqual([
      ["warning", "/Resources/Dashboard/Properties/DashboardBody"],
      ["warning", "/Resources/DashboardChar/Properties/DashboardBody"],
    ]);
    expect(findings[0]!.message).toMatch(/^Measures adoption of Amazon Q Developer \(suggestion, invocation count, accept rate\) in "Python Block Accept\/Reject"/);
    expect(findings[1]!.message).toMatch(/^Measures adoption of Amazon Q Developer \(character count, characters written\) in "Python Characters Written"/);
  });

  it.each([
    // Expected before running: Google's own dashboards of its coding tools, from
    // GoogleCloudPlatform/monitoring-dashboard-samples. Daily and monthly active users, sessions,
    // tokens and lines changed of Gemini CLI; active users, acceptance rate, suggestions and lines
    // accepted of Gemini Code Assist (Log Analytics SQL). No thresholds, no incident widget: warnings.
    // Before the Cloud Monitoring reader both were "not a recognized input", skipped in a directory.
    ["real/gcp-gemini-cli-monitoring.json", 'dashboard "Gemini CLI Monitoring"', "Gemini CLI", 14],
    ["real/gcp-gemini-code-assist-overview-from-metadata-logs.json", 'dashboard "Gemini Code Assist Overview from Metadata Logs"', "Gemini Code Assist", 5],
  ])("flags the Cloud Monitoring dashboard %s", (file, subject, tool, panels) => {
    const { findings, errors } = evaluateFixture(file);
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.severity, f.subject])).toEqual([["warning", subject]]);
    expect(findings[0]!.message).toMatch(new RegExp(`^Measures adoption of ${tool} `));
    expect(findings[0]!.evidence).toHaveLength(panels);
    for (const e of findings[0]!.evidence) expect(e.pointer).toMatch(/^\/mosaicLayout\/tiles\/\d+\/widget$/);
  });

  it.each([
    // Cloud Spanner's throughput and errors with an incident list; Apigee's Cassandra in a grid layout.
    "real/gcp-spanner.json",
    "real/gcp-hybrid-cassandra-monitoring.json",
    // Gemini CLI's own API health (GoogleCloudPlatform/professional-services): success vs error rate
    // and response codes from log-based metrics; its text says "API health and usage", but no panel
    // measures use.
    "real/gcp-ps-gemini-cli-health-dashboard.json",
  ])("does not flag the ordinary Cloud Monitoring dashboard %s", (file) => {
    expect(evaluateFixture(file)).toEqual({ findings: [], errors: [] });
  });

  it("does not flag an LLM product's CloudFormation dashboard (Bedrock Nova Pro usage, tokens, cost per user)", () => {
    expect(evaluateTemplateFixture("real/nova-pro-dashboard-compact.yaml")).toEqual({ findings: [], errors: [] });
  });
});
