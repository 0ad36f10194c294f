/** Real public dashboards (sources and licences: test/fixtures/dashboards/real/README.md). */
import { evaluateFixture } from "./helpers.js";

describe("real public dashboards", () => {
  it.each([
    ["real/copilot-kleeadrian.json", "error", 'dashboard "Copilot Dashboard" (uid bdk9wxug71ptsd)'],
    ["real/copilot-usage-advanced-satomic.json", "error", 'dashboard "Copilot Usage Advanced Dashboard"'],
    ["real/devlake-GithubCopilotAdoption.json", "error", undefined],
    ["real/claude-code-metrics-0x7067.json", "error", 'dashboard "Claude Code Metrics" (uid claude-code-metrics)'],
    ["real/devlake-qdev_user_data.json", "warning", undefined],
    ["real/devlake-qdev_user_report.json", "warning", undefined],
  ])("flags the adoption dashboard %s (%s)", (file, severity, subject) => {
    const { findings, errors } = evaluateFixture(file);
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe(severity);
    if (subject) expect(findings[0]!.subject).toBe(subject);
    for (const e of findings[0]!.evidence) {
      expect(e.pointer).toMatch(/^(\/dashboard)?\/(panels|rows|__elements)\//);
      expect(e.line).toBeGreaterThan(0);
    }
  });

  it.each([
    "real/devlake-GithubCopilotDORACorrelation.json",
    "real/devlake-QDevDORA.json",
    "real/devlake-DORA.json",
    "real/fourkeys-dora-team.json",
  ])("does not flag %s (DORA, or adoption next to change failure rate)", (file) => {
    expect(evaluateFixture(file)).toEqual({ findings: [], errors: [] });
  });
});
