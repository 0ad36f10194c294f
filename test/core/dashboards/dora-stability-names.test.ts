/**
 * DORA's own names for its two stability keys count as incident panels: "change fail rate" (the
 * DORA Quick Check's and the 2024 report's name, "change fail percentage" in Accelerate),
 * "failed deployment recovery time" (what DORA has called time to restore since 2023, Apache
 * DevLake's DORA dashboards among the users) and the 2024 report's "deployment rework rate". An
 * adoption dashboard beside one of them records the risk its changes bring, as one beside
 * "change failure rate" or MTTR does; before, it was flagged.
 */
import { evaluateValue } from "./helpers.js";

/** A Copilot adoption dashboard with a second panel, its title and query as given. */
function withSecondPanel(title: string, expr: string): Record<string, unknown> {
  return {
    title: "Copilot adoption and delivery",
    uid: "copilot-dora",
    schemaVersion: 39,
    panels: [
      { type: "stat", title: "Copilot weekly active users", targets: [{ refId: "A", expr: "sum(copilot_weekly_active_users)" }] },
      { type: "stat", title, targets: [{ refId: "A", expr }] },
    ],
  };
}

const findingsOf = (value: unknown): number => {
  const { findings, errors } = evaluateValue(value);
  expect(errors).toEqual([]);
  return findings.length;
};

describe("DORA's stability keys by their current names", () => {
  it.each([
    ["Change fail rate", "sum(dora_deployments_failed_total) / sum(dora_deployments_total)"],
    ["Change fail percentage (30d)", "100 * sum(dora_deployments_failed_total) / sum(dora_deployments_total)"],
    ["Change failure percentage", "100 * sum(deploys_failed) / sum(deploys)"],
    ["Failed deployment recovery time (median)", "histogram_quantile(0.5, sum by (le) (rate(dora_recovery_seconds_bucket[30d])))"],
    ["Deployment rework rate", "sum(deployments_unplanned_total) / sum(deployments_total)"],
    // Named only in the query, as the four keys exporters name their series.
    ["Stability", "avg(dora_change_fail_rate)"],
    ["Stability", "avg(dora_failed_deployment_recovery_time_seconds)"],
  ])("%s (%s) records the risk: the dashboard passes", (title, expr) => {
    expect(findingsOf(withSecondPanel(title, expr))).toBe(0);
  });

  // Incident and rollback measures by the names engineering-metrics dashboards give them (round 12
  // left these flagged): resolving, recovering from, acknowledging and detecting incidents, the
  // minutes a service was down, the hotfixes that repaired a change, and change failures counted.
  it.each([
    ["Mean time to resolve", "avg(resolution_hours)"],
    ["Median Time to Resolve", "quantile(0.5, resolution_hours)"],
    ["Mean time to recover", "avg(recovery_hours)"],
    ["Time to recover (h)", "avg(recovery_hours)"],
    ["Mean time to repair", "avg(repair_hours)"],
    ["MTTA", "avg(ack_minutes)"],
    ["Mean time to acknowledge", "avg(ack_minutes)"],
    ["MTTD", "avg(detect_minutes)"],
    ["Downtime (min)", "sum(service_down_minutes)"],
    ["Hotfixes", "sum(deployments_total)"],
    ["Hotfix rate", "sum(deploys_hotfix) / sum(deploys)"],
    ["CFR", "sum(deploys_bad) / sum(deploys)"],
    ["Change failures (30d)", "sum(deploys_bad)"],
    ["Failed changes", "sum(deploys_bad)"],
    // Named only in the query.
    ["Stability", "sum(increase(hotfix_deployments_total[30d]))"],
    ["Stability", "avg(service_downtime_seconds)"],
  ])("%s (%s) records incidents or the changes that failed: the dashboard passes", (title, expr) => {
    expect(findingsOf(withSecondPanel(title, expr))).toBe(0);
  });

  it.each([
    // A code-review measure (code rewritten soon after it was written), not a deployment's.
    ["Rework rate", "sum(lines_reworked) / sum(lines_added)"],
    // The CI job failing says nothing of production.
    ["Pipeline failure rate", "sum(ci_pipelines_failed_total) / sum(ci_pipelines_total)"],
    ["Deployments", "sum(deployments_total)"],
    // A deploy job that failed is CI's health, as a pipeline's is; a bug found in production is a
    // defect, not an incident; "time to resolve" a review comment is review speed.
    ["Failed deployments", "sum(argocd_app_sync_total{phase=\"Failed\"})"],
    ["Escaped defects", "sum(bugs_found_in_production)"],
    ["Time to resolve review comments", "avg(review_thread_resolution_hours)"],
  ])("%s (%s) records none: the dashboard is flagged", (title, expr) => {
    expect(findingsOf(withSecondPanel(title, expr))).toBe(1);
  });
});
