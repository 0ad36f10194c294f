/** Datadog shapes: markers and conditional formats as thresholds, and malformed widget lists as input errors. */
import { normalizeDashboard } from "../../../src/core/dashboards/index.js";
import { evaluateValue } from "./helpers.js";

const board = (widgets: unknown) => ({ title: "Copilot adoption", layout_type: "ordered", widgets });

describe("Datadog", () => {
  it("reads markers (ok = green, a number in the value) and conditional formats (Datadog's green palettes = green)", () => {
    const d = normalizeDashboard(
      board([
        {
          definition: {
            type: "timeseries",
            title: "Copilot weekly active users",
            requests: [{ q: "sum:copilot.active_users{*}", conditional_formats: [{ comparator: ">", value: 80, palette: "white_on_green" }, { comparator: "<", value: "x", palette: "red" }, "junk", { comparator: ">=", value: 90, palette: "black_on_light_green" }, { comparator: ">=", value: 95, palette: "green_on_white" }, { comparator: "<", value: 10, palette: "white_on_red" }] }, "junk", null],
            markers: [{ value: "y = 80", display_type: "ok dashed", label: "Goal" }, { value: "none", display_type: "error bold" }, { value: "y > 3" }, "junk", { value: "y = -2.5", display_type: "warning dashed" }, { value: "99.95 < y < 100", display_type: "ok solid", label: 3 }],
          },
        },
      ]),
    );
    expect(d?.panels[0]?.thresholds).toStrictEqual([
      { value: 80, color: "green", label: "Goal" },
      { value: null, color: "error bold" },
      { value: 3 },
      // The first number, with its sign and decimals; a label only when it is text.
      { value: -2.5, color: "warning dashed" },
      { value: 99.95, color: "green" },
      { value: 80, color: "green" },
      // Comparator "<" marks the values below the line.
      { value: null, color: "red", below: true },
      { value: 90, color: "green" },
      { value: 95, color: "green" },
      { value: 10, color: "white_on_red", below: true },
    ]);
  });

  it("reads the queries of request widgets, of log and event streams (query) and of formula widgets (queries), and notes as text", () => {
    const d = normalizeDashboard(
      board([
        { definition: { type: "query_value", title: "Cursor seats", requests: [{ q: "sum:cursor.seats.active{*}", aggregator: "last" }] } },
        { definition: { type: "log_stream", title: "Incident webhooks", query: "service:pagerduty-webhook status:error", indexes: ["main"], columns: ["host"] } },
        { definition: { type: "timeseries", title: "Copilot suggestions", queries: [{ data_source: "metrics", name: "a", query: "sum:copilot.suggestions{*}" }] } },
        { definition: { type: "note", content: "Goal: 80% weekly Cursor usage", background_color: "white" } },
        { definition: { type: "free_text", text: "Rollout status", color: "#4d4d4d" } },
      ]),
    );
    expect(d?.panels.map((p) => [p.title, p.queries, p.text])).toEqual([
      ["Cursor seats", ["sum:cursor.seats.active{*}"], ""],
      ["Incident webhooks", ["service:pagerduty-webhook status:error"], ""],
      ["Copilot suggestions", ["sum:copilot.suggestions{*}"], ""],
      // Notes and free text are prose.
      ["", [], "Goal: 80% weekly Cursor usage"],
      ["", [], "Rollout status"],
    ]);
  });

  it("a widget list that is not a list, a widget without definition, or a group without widgets, is an input error", () => {
    expect(evaluateValue(board("x")).errors.map((e) => e.message)).toEqual(["not a recognized dashboard (Grafana, CloudWatch, Datadog, SigNoz, Perses, New Relic or Cloud Monitoring JSON)"]);
    expect(evaluateValue(board([{ id: 1 }, null, { definition: { type: "group", title: "Incidents", layout_type: "ordered" } }])).errors.map((e) => e.message)).toEqual([
      "malformed datadog dashboard at /widgets/0: widget has no definition object",
      "malformed datadog dashboard at /widgets/1: widget has no definition object",
      "malformed datadog dashboard at /widgets/2/definition/widgets: group widget has no widgets list",
    ]);
  });
});
