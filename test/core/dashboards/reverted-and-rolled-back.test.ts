/**
 * A change that was reverted or a deployment that was rolled back is the risk a coding tool's
 * changes bring, written as the past participle as often as the noun: "PRs reverted", a
 * `github_pull_requests_reverted_total` series (docs/dashboards.md's own example, which counted only
 * by its legend), a deployment `status="rolled_back"`. Before, only "revert(s)" and "rollback(s)"
 * were incident words, so a Copilot dashboard beside such a panel was flagged. The tool undoing its
 * own work (reverted suggestions or edits, a session reverted to a checkpoint) is use, not an
 * incident, whichever form names it: before, "Session reverts" passed a dashboard as its incidents.
 */
import { evaluateValue } from "./helpers.js";

/** A Copilot adoption dashboard with a second panel, its title and query as given. */
function withSecondPanel(title: string, expr: string): Record<string, unknown> {
  return {
    title: "Copilot adoption and delivery",
    uid: "copilot-reverts",
    schemaVersion: 39,
    panels: [
      { type: "stat", title: "Copilot weekly active users", targets: [{ refId: "A", expr: "sum(copilot_weekly_active_users)" }] },
      { type: "timeseries", title, targets: [{ refId: "A", expr }] },
    ],
  };
}

const findingsOf = (value: unknown): number => {
  const { findings, errors } = evaluateValue(value);
  expect(errors).toEqual([]);
  return findings.length;
};

describe("reverted changes and rolled-back deployments", () => {
  it.each([
    ["Agent PRs reverted (7d)", 'sum(increase(github_pull_requests_merged_total{author="copilot-swe-agent"}[7d]))'],
    ["Copilot PRs", 'sum(increase(github_pull_requests_reverted_total{original_author="Copilot"}[1d]))'],
    ["Deployments rolled back", 'sum(increase(deployments_total{status="rolled_back"}[1d]))'],
    ["Reverted commits on main", 'sum(increase(git_commits_total{branch="main"}[1d]))'],
  ])("%s (%s) records the risk: the dashboard passes", (title, expr) => {
    expect(findingsOf(withSecondPanel(title, expr))).toBe(0);
  });

  it.each([
    ["Reverted suggestions", "sum(increase(copilot_suggestions_reverted_total[1d]))"],
    ["Edits reverted by the developer", "sum(increase(claude_code_edits_reverted_total[1d]))"],
    ["Session reverts", 'sum(increase(opencode_session_revert_total[1d]))'],
    ["Lines reverted after acceptance", "sum(increase(copilot_lines_reverted_total[1d]))"],
  ])("the tool undoing its own work, %s (%s), is no incident: the dashboard is flagged", (title, expr) => {
    expect(findingsOf(withSecondPanel(title, expr))).toBe(1);
  });

  // A database's transactions rolled back stay the database's, in either order.
  it("a database's \"Rolled back transactions\" (pg_stat_database_xact_rollback) is no incident: the dashboard is flagged", () => {
    expect(findingsOf(withSecondPanel("Rolled back transactions", "sum(rate(pg_stat_database_xact_rollback[5m]))"))).toBe(1);
  });
});
