/**
 * Datadog markers (`"value": "y < 80"`) and conditional formats (`"comparator": "<"`) say which
 * side of the line they mark. Red or error below 80 on an adoption widget asks for more use (a
 * usage target, as green above it does); green or ok below a line caps a measure. Before, the side
 * was ignored: the first set no target and the second did. Shapes are Datadog's dashboard JSON.
 */
import { severitiesFlagging as severities } from "./helpers.js";

type Json = Record<string, unknown>;
const board = (definition: Json): Json => ({
  title: "Copilot adoption",
  layout_type: "ordered",
  widgets: [{ definition: { title: "Copilot weekly active users", type: "timeseries", requests: [{ queries: [{ query: "sum:github_copilot.users.active{*}", data_source: "metrics", name: "query1" }], response_format: "timeseries", display_type: "line" }], ...definition } }],
});
const queryValue = (conditional_formats: Json[]): Json => ({
  title: "Copilot adoption",
  layout_type: "ordered",
  widgets: [{ definition: { title: "Copilot active users (% of seats)", type: "query_value", requests: [{ queries: [{ query: "sum:github_copilot.users.active{*}", data_source: "metrics", name: "query1" }], response_format: "scalar", conditional_formats }] } }],
});

describe("Datadog markers and conditional formats and their side", () => {
  it.each([
    ["an error marker below 80", board({ markers: [{ value: "y < 80", display_type: "error dashed" }] })],
    ["an ok marker above 80", board({ markers: [{ value: "y > 80", display_type: "ok dashed" }] })],
    ["red below 60", queryValue([{ comparator: "<", palette: "white_on_red", value: 60 }])],
    ["green from 60 up", queryValue([{ comparator: ">=", palette: "white_on_green", value: 60 }])],
  ])("%s: a usage target (error)", (_what, value) => {
    expect(severities(value)).toEqual(["error"]);
  });

  it.each([
    ["an ok marker below 500 (a cap)", board({ markers: [{ value: "y < 500", display_type: "ok dashed" }] })],
    ["green below 500 (a cap)", queryValue([{ comparator: "<", palette: "white_on_green", value: 500 }])],
    ["red from 500 up (a cap)", queryValue([{ comparator: ">=", palette: "white_on_red", value: 500 }])],
  ])("%s: no target (warning)", (_what, value) => {
    expect(severities(value)).toEqual(["warning"]);
  });
});
