/**
 * A goal line is a series named as one, wherever Grafana names it: a query's legend, an override
 * that renames a query's series (`displayName`), a transformation that adds a field (`calculateField`
 * alias, e.g. 80% of seats) or renames one (`organize`). Before, only the legend counted: the same
 * "Goal" series named by an override or a transformation set no usage target (warning, not error).
 */
import { clone, readFixture, severitiesFlagging as severities } from "./helpers.js";

type Json = Record<string, unknown>;
const PROM = { type: "prometheus", uid: "prom" };

// A real Copilot metrics dashboard (asmild/copilot-metrics-exporter): flagged, warning, as published.
function seatsWith(change: (panel: Json) => void): Json {
  const d = clone(readFixture("real/copilot-metrics-exporter-asmild.json").value) as Json;
  change((d["panels"] as Json[]).find((p) => p["title"] === "Github Copilot seats")!);
  return d;
}
const overrideNaming = (name: string) => (p: Json): void => {
  (p["targets"] as Json[]).push({ refId: "B", datasource: PROM, expr: "vector(400)" });
  (p["fieldConfig"] as Json)["overrides"] = [{ matcher: { id: "byFrameRefID", options: "B" }, properties: [{ id: "displayName", value: name }, { id: "custom.lineStyle", value: { dash: [10, 10], fill: "dash" } }] }];
};

describe("a goal series named outside the query", () => {
  it.each([
    ["an override's displayName", overrideNaming("Goal")],
    ["a calculateField transformation's alias", (p: Json) => { p["transformations"] = [{ id: "calculateField", options: { mode: "binary", binary: { left: "Value", operator: "*", right: "0.8" }, alias: "Adoption target", replaceFields: false } }]; }],
    ["an organize transformation's new name", (p: Json) => {
      (p["targets"] as Json[]).push({ refId: "B", datasource: PROM, expr: "vector(400)" });
      p["transformations"] = [{ id: "organize", options: { excludeByName: {}, indexByName: {}, renameByName: { "Value #B": "Q3 seat goal" } } }];
    }],
  ])("%s: a usage target (error)", (_what, change) => {
    expect(severities(seatsWith(change))).toEqual(["error"]);
  });

  it("controls: as published, and a series renamed to something else, no target (warning)", () => {
    expect(severities(seatsWith(() => undefined))).toEqual(["warning"]);
    expect(severities(seatsWith(overrideNaming("Seats (last month)")))).toEqual(["warning"]);
  });
});
