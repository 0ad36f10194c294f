/**
 * Tools named only in a metric or table name, and measures in dotted order (policies/dashboards.yaml):
 * the real Cursor Admin API exporter dashboard (test/fixtures/dashboards/real/README.md) without
 * its title and tags, `copilot.users.active`, and an Oracle exporter's "Cursor usage" kept out.
 */
import { clone, evaluateValue, readFixture } from "./helpers.js";

describe("tools named by metric names, measures in dotted order", () => {
  it("flags the Cursor exporter dashboard when only its metric names name Cursor", () => {
    const board = clone(readFixture("real/cursor-admin-api-exporter-matanbaruch.json").value) as Record<string, unknown>;
    board["title"] = "Admin API Metrics";
    board["tags"] = [];
    const { findings, errors } = evaluateValue(board);
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain("Cursor");
  });

  it.each(["cursor_team_usage_record", "cursor_user_usage_record", "cursor_spending_total_cents"])("the table or metric %s names Cursor", (name) => {
    const board = { title: "Engineering", panels: [{ type: "stat", title: "Daily", targets: [{ rawSql: `SELECT day, sum(total_cents) AS cost FROM ${name} GROUP BY day` }] }] };
    expect(evaluateValue(board).findings).toHaveLength(1);
  });

  it.each([
    ["team:copilot_seats_active:sum", "GitHub Copilot"],
    ["sum by (team) (team:github_copilot_weekly_active_users:avg7d)", "GitHub Copilot"],
    ['sum(job:claude_code_sessions:increase1d{env="prod"})', "Claude Code"],
  ])("a Prometheus recording rule (level:metric:operations) %s names its tool", (expr, tool) => {
    const board = { title: "Engineering", panels: [{ type: "stat", title: "Adoption", targets: [{ refId: "A", datasource: { type: "prometheus", uid: "p" }, expr }] }] };
    const { findings, errors } = evaluateValue(board);
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining(tool)]);
  });

  it("reads users.active as active users", () => {
    const board = { title: "Dev tools", layout_type: "ordered", widgets: [{ definition: { type: "timeseries", title: "Daily", requests: [{ q: "sum:copilot.users.active{*}" }] } }] };
    expect(evaluateValue(board).findings).toHaveLength(1);
  });

  it.each([
    ["an Oracle exporter's cursor usage", { title: "Oracle DB", panels: [{ type: "timeseries", title: "Cursor usage", targets: [{ expr: "oracledb_cursor_usage_open_cursors" }] }] }],
    ["MongoDB's open cursors", { title: "MongoDB", panels: [{ type: "timeseries", title: "Cursor usage", targets: [{ expr: "mongodb_mongod_metrics_cursor_open" }] }] }],
  ])("%s is no coding tool", (_name, board) => {
    expect(evaluateValue(board)).toEqual({ findings: [], errors: [] });
  });

  it("a Cursor adoption panel querying a MySQL table is still Cursor's", () => {
    const board = { title: "Engineering tools", panels: [{ type: "stat", title: "Cursor active users", targets: [{ rawSql: "SELECT count(*) FROM mysql_export.users WHERE active" }] }] };
    expect(evaluateValue(board).findings).toHaveLength(1);
  });
});
