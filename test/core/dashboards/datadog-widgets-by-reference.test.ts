/**
 * Datadog widgets that show data they do not hold as requests (Datadog's widget definitions in its
 * API reference): an alert graph or value shows its monitor's query, a check status its check, an
 * SLO widget its SLO; a split graph holds its query in `source_widget_definition`; a powerpack
 * widget names a powerpack whose widgets live in Datadog. Before, each read as a widget that
 * queries nothing: a "Production incidents" alert graph did not count (an honest dashboard was
 * flagged), a split graph of Copilot use measured nothing (an adoption dashboard passed), and a
 * powerpack of adoption widgets passed unread.
 */
import { evaluateValue, rulesFlagging as flagged } from "./helpers.js";

type Json = Record<string, unknown>;
const RULE = "adoption-dashboard-no-incidents";
const seats: Json = { type: "query_value", title: "Copilot seats", requests: [{ q: "sum:github_copilot.seats.active{*}", aggregator: "last" }] };
const board = (...definitions: Json[]): Json => ({ title: "Copilot adoption", layout_type: "ordered", widgets: definitions.map((definition) => ({ definition })) });

describe("Datadog widgets that read by reference", () => {
  it.each([
    ["an alert graph of an incident monitor", { type: "alert_graph", title: "Production incidents (SEV monitor)", alert_id: "895605", viz_type: "timeseries" }],
    ["an alert value of an incident monitor", { type: "alert_value", title: "Open incidents", alert_id: "895605", precision: 0 }],
    ["a check status of a rollback check", { type: "check_status", title: "Deployment rollbacks", check: "deploy.rollback", grouping: "cluster", group_by: [], tags: [] }],
    ["an SLO widget (error-budget burn)", { type: "slo", title: "Checkout error budget burn", slo_id: "56789", view_type: "detail", time_windows: ["7d"] }],
  ])("%s shows data and records incidents", (_what, widget) => {
    expect(flagged(board(seats, widget))).toEqual([]);
  });

  it("control: the same alert graph titled after something else records nothing", () => {
    expect(flagged(board(seats, { type: "alert_graph", title: "Checkout latency", alert_id: "895605", viz_type: "timeseries" }))).toEqual([RULE]);
  });

  it("a split graph measures what its source widget queries: Copilot use split by team is an adoption widget; split incidents count", () => {
    const split = (title: string, q: string): Json => ({ type: "split_graph", title, size: "md", has_uniform_y_axes: true, source_widget_definition: { type: "timeseries", requests: [{ q, display_type: "line" }] }, split_config: { split_dimensions: [{ one_graph_per: "team" }], limit: 24, sort: { order: "desc" } } });
    const { findings, errors } = evaluateValue(board(split("Weekly active users by team", "sum:github_copilot.users.active{*} by {team}")));
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.rule)).toEqual([RULE]);
    expect(findings[0]!.evidence[0]).toMatchObject({ pointer: "/widgets/0", note: expect.stringContaining('adoption panel "Weekly active users by team"') });
    expect(flagged(board(seats, split("By service", "sum:pagerduty.incidents.triggered{*} by {service}.as_count()")))).toEqual([]);
  });

  it("a powerpack widget holds no widgets in the file: an input error (fail closed), as a library panel missing from the file is", () => {
    const { findings, errors } = evaluateValue(board(seats, { type: "powerpack", powerpack_id: "1a2b3c", title: "Copilot adoption", template_variables: { controlled_externally: [], controlled_by_powerpack: [] } }));
    expect(findings).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual(['malformed datadog dashboard at /widgets/1: powerpack 1a2b3c holds its widgets in Datadog, not in this file: they cannot be read (put them in a group widget to have them judged)']);
  });
});
