/**
 * A database's transaction rollbacks are not a deployment's. Percona's dashboards (percona/grafana-
 * dashboards) chart them as "Rollbacks" (`pg_stat_database_xact_rollback`), "Rollback Transactions"
 * (`mysql_info_schema_user_statistics_rollback_transactions_total`), InnoDB's `trx_rollbacks` and
 * "Rollback Segments": a platform dashboard that shows Copilot's adoption beside its database's
 * transactions records no incident its changes caused.
 */
import { clone, readFixture, evaluateValue } from "./helpers.js";

/** asmild/copilot-metrics-exporter's dashboard (a warning alone) with one more panel. */
function copilotWith(title: string, expr: string): unknown {
  const d = clone(readFixture("real/copilot-metrics-exporter-asmild.json").value) as { panels: unknown[] };
  d.panels.push({ id: 99, type: "timeseries", title, gridPos: { h: 8, w: 12, x: 0, y: 40 }, targets: [{ refId: "A", expr }] });
  return d;
}

describe("database transaction rollbacks record no incidents", () => {
  it.each([
    ["Rollbacks", 'sum(rate(pg_stat_database_xact_rollback{datname=~"$db"}[5m]))'],
    ["Rollback Transactions", "avg by (user) (rate(mysql_info_schema_user_statistics_rollback_transactions_total[5m]))"],
    ["InnoDB rollbacks", "rate(mysql_info_schema_innodb_metrics_transaction_trx_rollbacks_total[5m])"],
    ["Local rollbacks", "rate(mysql_perf_schema_transactions_local_rollback_total[5m])"],
    ["Rollback Segments", "mysql_info_schema_innodb_metrics_transaction_trx_rseg_history_len"],
  ])("a Copilot dashboard with a %s panel of its database is still flagged", (title, expr) => {
    const { findings, errors } = evaluateValue(copilotWith(title, expr));
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["warning"]);
  });

  it.each([
    ["Rollbacks", "sum(increase(deployment_rollbacks_total[1d]))"],
    ["Deploys rolled back", "sum(increase(argocd_app_sync_total{phase=\"Rollback\"}[1d]))"],
  ])("a deployment's %s panel passes it", (title, expr) => {
    expect(evaluateValue(copilotWith(title, expr))).toEqual({ findings: [], errors: [] });
  });

  it("a deployment's rollbacks beside the database's pass it", () => {
    const d = copilotWith("Rollbacks", "sum(rate(pg_stat_database_xact_rollback[5m]))") as { panels: unknown[] };
    d.panels.push({ id: 100, type: "timeseries", title: "Rollbacks", targets: [{ refId: "A", expr: "sum(increase(deployment_rollbacks_total[1d]))" }] });
    expect(evaluateValue(d)).toEqual({ findings: [], errors: [] });
  });
});
