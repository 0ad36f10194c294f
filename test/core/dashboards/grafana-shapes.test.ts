/**
 * Grafana shapes the normalizer must read or refuse: thresholds in overrides and on legacy
 * singlestat/graph panels, library panels, malformed panels/rows/elements (input errors, never a
 * silently smaller dashboard), and v2 elements with library panels and transformations.
 */
import { normalizeDashboard } from "../../../src/core/dashboards/index.js";
import { evaluateValue } from "./helpers.js";

const classic = (panels: unknown, extra: Record<string, unknown> = {}) => ({ uid: "u", title: "Copilot adoption", schemaVersion: 39, panels, ...extra });
const adoptionTarget = [{ refId: "A", expr: "sum(copilot_active_users)" }];

describe("classic Grafana", () => {
  it("reads thresholds from overrides and ignores overrides of other properties", () => {
    const d = normalizeDashboard(classic([{ type: "stat", title: "Copilot weekly active users", targets: adoptionTarget, fieldConfig: { defaults: {}, overrides: [{ matcher: { id: "byName" }, properties: [{ id: "unit", value: "percent" }, { id: "thresholds", value: { mode: "absolute", steps: [{ color: "red", value: null }, "junk", { color: "green", value: 80 }] } }] }, "junk"] } }]));
    // Each step after the base keeps the colour below it (the step before): what it turns green from.
    expect(d?.panels[0]?.thresholds).toEqual([{ value: null, color: "red", base: true }, { value: 80, color: "green", under: { color: "red" } }]);
  });

  it("an override without a properties list is skipped, and only an override's thresholds property counts as thresholds", () => {
    const overrides = [
      { matcher: { id: "byName", options: "Seats" } },
      // A panel plugin's own option may hold steps too: they are not the panel's thresholds.
      { matcher: { id: "byName", options: "Active users" }, properties: [{ id: "custom.colorScale", value: { steps: [{ color: "green", value: 10 }] } }, { id: "thresholds", value: { mode: "absolute", steps: [{ color: "red", value: null }, { color: "green", value: 80 }] } }] },
    ];
    const d = normalizeDashboard(classic([{ type: "stat", title: "Copilot weekly active users", targets: adoptionTarget, fieldConfig: { defaults: {}, overrides } }]));
    expect(d?.problems).toEqual([]);
    // Scoped to the column the override's matcher names.
    const fields = ["Active users"];
    expect(d?.panels[0]?.thresholds).toEqual([{ value: null, color: "red", base: true, fields }, { value: 80, color: "green", under: { color: "red" }, fields }]);
  });

  it("threshold parts and targets it cannot read are skipped, never read as a value or a colour", () => {
    const d = normalizeDashboard(
      classic([
        // No defaults, only an override.
        { type: "stat", title: "a", targets: adoptionTarget, fieldConfig: { overrides: [{ matcher: { id: "byName", options: "Seats" }, properties: [{ id: "thresholds", value: { mode: "absolute", steps: [{ color: "green", value: null }, { color: "red", value: 80 }] } }] }] } },
        { type: "stat", title: "b", targets: adoptionTarget, fieldConfig: { defaults: { thresholds: { mode: "percentage" } }, overrides: [] } },
        { type: "stat", title: "c", targets: adoptionTarget, fieldConfig: { defaults: { thresholds: { mode: "absolute", steps: [{ color: "red", value: null }, { color: "green" }, { value: 90 }] } }, overrides: [] } },
        { type: "graph", title: "d", targets: adoptionTarget, thresholds: [null, { value: 80, colorMode: "ok" }] },
        { type: "timeseries", title: "e", targets: [null, ...adoptionTarget, { refId: "B", expr: "vector(80)", legendFormat: "Goal" }] },
        // Targets that are not a list are read as no queries, never as query text.
        { type: "stat", title: "f", targets: { refId: "A", expr: "sum(copilot_active_users)" } },
        // A blank query queries nothing.
        { type: "stat", title: "g", targets: [{ refId: "A", expr: "" }, { refId: "B", expr: " " }] },
        // A Grafana 6 text panel keeps its markdown in `content`, a newer one in `options.content`.
        { type: "text", title: "h", mode: "markdown", content: "Goal: 80% weekly Copilot usage" },
        { type: "text", title: "i", options: { mode: "markdown", content: "Incidents are on the SRE board" } },
      ]),
    );
    expect(d?.problems).toEqual([]);
    expect(d?.panels.map((p) => p.thresholds)).toStrictEqual([
      [{ value: null, color: "green", base: true, fields: ["Seats"] }, { value: 80, color: "red", under: { color: "green" }, fields: ["Seats"] }],
      [],
      [{ value: null, color: "red", base: true }, { value: null, color: "green", under: { color: "red" } }, { value: 90, under: { color: "green" } }],
      [{ value: 80, color: "green" }],
      [{ value: null, label: "Goal" }],
      [],
      [],
      [],
      [],
    ]);
    expect(d?.panels[5]?.queries).toEqual([]);
    expect(d?.panels[6]?.queries).toEqual([]);
    expect(d?.panels.slice(7).map((p) => p.text)).toEqual(["Goal: 80% weekly Copilot usage", "Incidents are on the SRE board"]);
  });

  it("a green step without a value sets no usage target (a warning, not an error)", () => {
    const steps = [{ color: "red", value: null }, { color: "green" }];
    const { findings, errors } = evaluateValue(classic([{ type: "stat", title: "Copilot weekly active users", targets: adoptionTarget, fieldConfig: { defaults: { thresholds: { mode: "absolute", steps } }, overrides: [] } }]));
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.severity, f.message.includes("usage target")])).toEqual([["warning", false]]);
  });

  it("reads a query's series name as a label line: Prometheus legendFormat, InfluxDB and Graphite alias, displayName", () => {
    const d = normalizeDashboard(
      classic([
        { type: "timeseries", title: "p", targets: [...adoptionTarget, { refId: "B", expr: "vector(80)", legendFormat: "Goal" }] },
        { type: "timeseries", title: "i", targets: [{ refId: "A", query: 'SELECT count("user") FROM "copilot_active_users"', rawQuery: true }, { refId: "B", query: "SELECT 80", rawQuery: true, alias: "Target" }] },
        { type: "timeseries", title: "g", targets: [{ refId: "A", target: "sumSeries(copilot.active_users.*)" }, { refId: "B", target: "constantLine(80)", displayName: "Adoption goal" }] },
      ]),
    );
    expect(d?.panels.map((p) => p.thresholds)).toEqual([[{ value: null, label: "Goal" }], [{ value: null, label: "Target" }], [{ value: null, label: "Adoption goal" }]]);
  });

  it("reads legacy graph thresholds (ok = green, custom colours) and singlestat '50,80' with its colours, if any", () => {
    const d = normalizeDashboard(
      classic([
        { type: "graph", title: "g", targets: adoptionTarget, thresholds: [{ value: 80, colorMode: "ok" }, { value: 90, colorMode: "custom", fillColor: "#73BF69" }, { value: 95, colorMode: "critical" }, { colorMode: "ok" }, "junk"] },
        { type: "singlestat", title: "s", targets: adoptionTarget, thresholds: "50, 80,x", colors: ["red", "orange", "green"] },
        { type: "singlestat", title: "t", targets: adoptionTarget, thresholds: " " },
        { type: "singlestat", title: "u", targets: adoptionTarget, thresholds: "50,80" },
      ]),
    );
    expect(d?.panels.map((p) => p.thresholds)).toStrictEqual([
      [{ value: 80, color: "green" }, { value: 90, color: "#73BF69" }, { value: 95, color: "critical" }],
      [{ value: 50, color: "orange" }, { value: 80, color: "green" }],
      [],
      // No colors: values without colour.
      [{ value: 50 }, { value: 80 }],
    ]);
  });

  it("a library panel takes its model, its name when the dashboard gives no title, and finds the element by uid", () => {
    const d = normalizeDashboard(
      classic([{ libraryPanel: { uid: "lib-1", name: "Copilot acceptance" } }], {
        __elements: { "some-key": { uid: "lib-1", name: "Copilot acceptance", kind: 1, model: { type: "stat", targets: [{ refId: "A", expr: "avg(copilot_acceptance_rate)" }] } } },
      }),
    );
    expect(d?.panels).toEqual([expect.objectContaining({ path: "/__elements/some-key/model", title: "Copilot acceptance", queries: ["avg(copilot_acceptance_rate)"] })]);
  });

  it("a library panel takes its own element among several, found by key or by uid, never the first one", () => {
    const element = (uid: string, name: string, expr: string) => ({ name, uid, kind: 1, model: { type: "stat", title: name, targets: [{ refId: "A", expr }] } });
    const d = normalizeDashboard(
      classic([{ libraryPanel: { uid: "cfr", name: "Change failure rate" } }, { libraryPanel: { uid: "mttr-uid", name: "MTTR" } }], {
        __elements: {
          seats: element("seats", "Copilot seats", "sum(copilot_seats_total)"),
          cfr: element("cfr", "Change failure rate", "sum(deployments_failed_total) / sum(deployments_total)"),
          "mttr-key": element("mttr-uid", "MTTR", "avg(incident_time_to_restore_seconds)"),
        },
      }),
    );
    expect(d?.problems).toEqual([]);
    expect(d?.panels.map((p) => [p.path, p.title, p.queries])).toEqual([
      ["/__elements/cfr/model", "Change failure rate", ["sum(deployments_failed_total) / sum(deployments_total)"]],
      ["/__elements/mttr-key/model", "MTTR", ["avg(incident_time_to_restore_seconds)"]],
    ]);
  });

  it("an element without uid is found by its key; with no title or name of its own the panel takes the library panel's name", () => {
    const d = normalizeDashboard(
      classic([{ libraryPanel: { uid: "lead-time", name: "Lead time for changes" } }], {
        __elements: { "lead-time": { kind: 1, model: { type: "stat", targets: [{ refId: "A", expr: "avg(deploy_lead_time_seconds)" }] } } },
      }),
    );
    expect(d?.problems).toEqual([]);
    expect(d?.panels.map((p) => [p.path, p.title, p.queries])).toEqual([["/__elements/lead-time/model", "Lead time for changes", ["avg(deploy_lead_time_seconds)"]]]);
  });

  it("an element that is not an object, or has no model, cannot be read: an input error", () => {
    const { findings, errors } = evaluateValue(classic([{ libraryPanel: { uid: "cfr", name: "Change failure rate" } }, { libraryPanel: { uid: "mttr", name: "MTTR" } }], { __elements: { cfr: null, mttr: { name: "MTTR", uid: "mttr", kind: 1 } } }));
    expect(findings).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      'malformed grafana dashboard at /panels/0: library panel cfr is not in __elements: its queries cannot be read (export the dashboard with "Export for sharing externally")',
      'malformed grafana dashboard at /panels/1: library panel mttr is not in __elements: its queries cannot be read (export the dashboard with "Export for sharing externally")',
    ]);
  });

  it("rows are no panels: a dashboard of empty rows has nothing to evaluate", () => {
    const rows = [
      { type: "row", title: "Copilot adoption: 80% weekly usage target", collapsed: false, panels: [], gridPos: { h: 1, w: 24, x: 0, y: 0 } },
      { type: "row", title: "Incidents", collapsed: true, panels: [], gridPos: { h: 1, w: 24, x: 0, y: 1 } },
    ];
    expect(normalizeDashboard(classic(rows))?.panels).toEqual([]);
    expect(evaluateValue(classic(rows)).errors.map((e) => e.message)).toEqual(['grafana dashboard "Copilot adoption" (uid u) has no panels: nothing to evaluate']);
  });

  it("a library panel missing from __elements is an input error naming its uid, else its name, else 'without uid'", () => {
    const { findings, errors } = evaluateValue(classic([{ libraryPanel: { uid: "cfr", name: "Change failure rate" } }, { libraryPanel: { name: "Incidents (7d)" } }, { libraryPanel: {} }]));
    expect(findings).toEqual([]);
    const cannotRead = 'is not in __elements: its queries cannot be read (export the dashboard with "Export for sharing externally")';
    expect(errors.map((e) => e.message)).toEqual([
      `malformed grafana dashboard at /panels/0: library panel cfr ${cannotRead}`,
      `malformed grafana dashboard at /panels/1: library panel Incidents (7d) ${cannotRead}`,
      `malformed grafana dashboard at /panels/2: library panel without uid ${cannotRead}`,
    ]);
  });

  it("malformed panels, rows and panel lists are input errors with their pointers", () => {
    const { findings, errors } = evaluateValue(classic("not a list", { rows: [{ panels: ["not an object"] }, { title: "no panels" }, null] }));
    expect(findings).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      "malformed grafana dashboard at /panels: panels is not a list",
      "malformed grafana dashboard at /rows/0/panels/0: panel is not an object",
      "malformed grafana dashboard at /rows/1: row has no panels list",
      "malformed grafana dashboard at /rows/2: row has no panels list",
    ]);
    expect(evaluateValue(classic([], { rows: "x" })).errors.map((e) => e.message)).toEqual(["malformed grafana dashboard at /rows: rows is not a list"]);
  });
});

describe("Grafana v2", () => {
  const v2 = (elements: unknown) => ({ apiVersion: "dashboard.grafana.app/v2beta1", kind: "Dashboard", metadata: { name: "copilot" }, spec: { title: "Copilot adoption", elements } });

  it("reads queries (nested query specs and transformations), library panel names and viz thresholds", () => {
    const d = normalizeDashboard(
      v2({
        a: {
          kind: "Panel",
          spec: {
            title: "",
            libraryPanel: { name: "Copilot seats", uid: "l" },
            data: { kind: "QueryGroup", spec: { queries: [{ kind: "PanelQuery", spec: { query: { kind: "prometheus", spec: { expr: "sum(copilot_seats_total)" } } } }, { spec: { query: "raw text query" } }, { spec: { query: { kind: "prometheus", expr: "sum(incidents_total)" } } }, "junk", { kind: "x" }], transformations: [{ kind: "calculateField", spec: { options: { alias: "Seat usage" } } }] } },
            vizConfig: { kind: "stat", spec: { options: { content: "" }, fieldConfig: { defaults: { thresholds: { steps: [{ value: null, color: "green" }] } } } } },
          },
        },
        note: { kind: "Panel", spec: { title: "Goal", data: { kind: "QueryGroup", spec: { queries: [] } }, vizConfig: { kind: "text", spec: { options: { mode: "markdown", content: "80% weekly Copilot usage by Q3" } } } } },
        b: { kind: "Panel", spec: { title: "No data", data: "junk" } },
        c: { kind: "Panel", spec: { title: "No data either" } },
        untitled: { kind: "Panel", spec: { title: "", data: { kind: "QueryGroup", spec: { queries: [] } } } },
        d: { kind: "Panel", spec: { title: "No query group spec", data: { kind: "QueryGroup" } } },
        e: { kind: "Panel", spec: { title: "No queries", data: { kind: "QueryGroup", spec: { transformations: [] } } } },
        f: { kind: "Panel", spec: { title: "Null query", data: { kind: "QueryGroup", spec: { queries: [null, { kind: "PanelQuery", spec: { query: { kind: "DataQuery", group: "prometheus", version: "v0", spec: { expr: "sum(copilot_seats_total)" } } } }], transformations: "junk" } } } },
        g: { kind: "Panel", spec: { title: "Empty query", data: { kind: "QueryGroup", spec: { queries: [{ kind: "PanelQuery", spec: { query: { kind: "DataQuery", group: "prometheus", version: "v0", spec: { expr: "", legendFormat: " " } } } }] } } } },
      }),
    );
    expect(d?.panels.map((p) => [p.title, p.queries, p.thresholds])).toEqual([
      // A query without a nested spec is read whole (its kind is not a query).
      ["Copilot seats", ["sum(copilot_seats_total)", "raw text query", "sum(incidents_total)", "Seat usage"], [{ value: null, color: "green", base: true }]],
      ["Goal", [], []],
      ["No data", [], []],
      ["No data either", [], []],
      ["", [], []],
      ["No query group spec", [], []],
      ["No queries", [], []],
      ["Null query", ["sum(copilot_seats_total)"], []],
      ["Empty query", [], []],
    ]);
    // A v2 text panel's markdown is in its viz options.
    expect(d?.panels[1]?.text).toBe("80% weekly Copilot usage by Q3");
  });

  it("a LibraryPanel element (Grafana's v2 reference: uid and name, no model) is an input error, as a classic library panel missing from __elements is", () => {
    // What Grafana writes for a library panel in v2 (its v1 → v2 conversion, buildElement): the
    // model stays in the instance. Read as an empty panel, a dashboard of such adoption panels passed.
    const library = (title: string, libraryPanel: unknown) => ({ kind: "LibraryPanel", spec: { id: 1, title, libraryPanel } });
    const incidents = { kind: "Panel", spec: { title: "Incidents", data: { kind: "QueryGroup", spec: { queries: [{ kind: "PanelQuery", spec: { query: { kind: "DataQuery", group: "prometheus", version: "v0", spec: { expr: "sum(incidents_total)" } } } }] } } } };
    const { findings, errors } = evaluateValue(v2({ wau: library("Copilot weekly active users", { uid: "lib-wau", name: "Copilot WAU" }), other: library("", { name: "Seats" }), incidents }));
    expect(findings).toEqual([]);
    const cannotRead = 'is not in this file: its queries cannot be read (export the dashboard with "Export for sharing externally")';
    expect(errors.map((e) => e.message)).toEqual([`malformed grafana-v2 dashboard at /spec/elements/wau: library panel lib-wau ${cannotRead}`, `malformed grafana-v2 dashboard at /spec/elements/other: library panel Seats ${cannotRead}`]);
  });

  it("a v2beta1 panel's type is its vizConfig's group (kind is VizConfig): alert lists, logs and text panels are read as v2alpha1's are", () => {
    // What Grafana 12 writes (its v0 → v2beta1 conversion, Git Sync, grafanactl): vizConfig
    // { kind: "VizConfig", group: "alertlist" }, and a text panel keeps a placeholder query. Read
    // by its kind, an alert list of incidents recorded none, a logs panel of sessions measured them
    // and a text panel was a chart.
    const query = (group: string, spec: Record<string, unknown>) => ({ kind: "QueryGroup", spec: { queries: [{ kind: "PanelQuery", spec: { refId: "A", hidden: false, query: { kind: "DataQuery", group, version: "v0", datasource: { name: "ds" }, spec } } }], transformations: [], queryOptions: {} } });
    const viz = (group: string, options: Record<string, unknown> = {}) => ({ kind: "VizConfig", group, version: "12.1.0", spec: { options, fieldConfig: { defaults: {}, overrides: [] } } });
    const panel = (title: string, data: unknown, vizConfig: unknown) => ({ kind: "Panel", spec: { id: 1, title, description: "", links: [], data, vizConfig } });
    const wau = panel("Weekly active users", query("prometheus", { expr: "sum(github_copilot_active_users)" }), viz("stat"));
    const noQueries = { kind: "QueryGroup", spec: { queries: [], transformations: [], queryOptions: {} } };
    // An honest dashboard: its alert list shows the incidents firing.
    expect(evaluateValue(v2({ wau, alerts: panel("Production incidents", noQueries, viz("alertlist", { stateFilter: { firing: true } })) })).findings).toEqual([]);
    // A log viewer of Claude Code's session events lists them; it measures nothing.
    const logs = panel("Claude Code sessions", query("loki", { expr: '{service_name="claude-code"} |= "session.start"' }), viz("logs"));
    expect(evaluateValue({ ...v2({ logs }), spec: { title: "Claude Code session log", elements: { logs } } })).toEqual({ findings: [], errors: [] });
    // A text panel that says incidents are tracked elsewhere shows none of them.
    const note = panel("Incidents", query("prometheus", {}), viz("text", { mode: "markdown", content: "Incidents and rollbacks caused by Copilot changes are tracked in PagerDuty." }));
    expect(evaluateValue(v2({ wau, note })).findings.map((f) => f.severity)).toEqual(["warning"]);
    const d = normalizeDashboard(v2({ note, logs }));
    expect(d?.panels.map((p) => [p.prose ?? false, p.listsEvents ?? false])).toEqual([
      [true, false],
      [false, true],
    ]);
    // v2alpha1's { kind: "text" } is still read by its kind.
    expect(normalizeDashboard(v2({ note: panel("Incidents", noQueries, { kind: "text", spec: { options: { content: "x" } } }) }))?.panels[0]?.prose).toBe(true);
  });

  it("a v2 series named Goal (a query's legendFormat) on an adoption panel is a target line, as in classic; a hidden one is not drawn", () => {
    // Classic reads every drawn query's series name (legendFormat, alias, displayName); v2 read none.
    const query = (refId: string, expr: string, extra: Record<string, unknown> = {}) => ({ kind: "PanelQuery", spec: { refId, hidden: false, ...extra, query: { kind: "DataQuery", group: "prometheus", version: "v0", datasource: { name: "prom" }, spec: { expr, ...(refId === "B" ? { legendFormat: "Goal" } : {}) } } } });
    const panel = (goal: Record<string, unknown> = {}) => ({ kind: "Panel", spec: { title: "Weekly active users", data: { kind: "QueryGroup", spec: { queries: [query("A", "sum(github_copilot_active_users)"), query("B", "vector(80)", goal)] } }, vizConfig: { kind: "VizConfig", group: "timeseries", spec: {} } } });
    const { findings } = evaluateValue(v2({ wau: panel() }));
    expect(findings.map((f) => f.severity)).toEqual(["error"]);
    expect(findings[0]?.message).toContain('"Goal" line');
    expect(evaluateValue(v2({ wau: panel({ hidden: true }) })).findings.map((f) => f.severity)).toEqual(["warning"]);
  });

  it("elements that are not an object, or an element without spec, are input errors", () => {
    expect(evaluateValue(v2("x")).errors.map((e) => e.message)).toEqual(["malformed grafana-v2 dashboard at /spec/elements: elements is not an object"]);
    expect(evaluateValue(v2({ a: { kind: "Panel" }, b: null })).errors.map((e) => e.message)).toEqual(["malformed grafana-v2 dashboard at /spec/elements/a: element has no spec", "malformed grafana-v2 dashboard at /spec/elements/b: element has no spec"]);
  });
});
