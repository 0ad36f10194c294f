/**
 * What index.ts decides before any rule runs: which values are dashboards (and of which format),
 * what the dashboard's own suppression tag says, and how a dashboard is named in messages.
 */
import { dashboardSubject, isDashboard, normalizeDashboard, tagSuppression } from "../../../src/core/dashboards/index.js";
import { evaluateValue } from "./helpers.js";

describe("detection", () => {
  it.each([
    ["schemaVersion", 39],
    ["uid", "copilot"],
    ["title", "Copilot adoption"],
    ["__inputs", [{ name: "DS_PROMETHEUS", type: "datasource" }]],
    ["__elements", {}],
  ])("a panels list and %s make a Grafana dashboard", (key, value) => {
    expect(normalizeDashboard({ panels: [], [key]: value })?.format).toBe("grafana");
  });

  it("a panels list alone, or beside CloudFormation Resources, is no Grafana dashboard", () => {
    expect(isDashboard({ panels: [] })).toBe(false);
    expect(isDashboard({ title: "Copilot adoption", panels: [], Resources: {} })).toBe(false);
  });

  it("a Grafana v2 resource is known by its kind or by its API group", () => {
    const spec = { title: "Copilot adoption", elements: {} };
    expect(normalizeDashboard({ kind: "Dashboard", spec })?.format).toBe("grafana-v2");
    expect(normalizeDashboard({ apiVersion: "dashboard.grafana.app/v2beta1", spec })?.format).toBe("grafana-v2");
    expect(isDashboard({ apiVersion: "v1", kind: "ConfigMap", spec })).toBe(false);
    expect(isDashboard({ kind: "Dashboard", spec: { title: "no elements" } })).toBe(false);
  });

  it("a provisioning wrapper is read at /dashboard, and one around anything else is no dashboard", () => {
    const d = normalizeDashboard({ dashboard: { title: "Copilot", panels: ["junk"] }, folderId: 0, overwrite: true });
    expect(d?.problems).toEqual([{ pointer: "/dashboard/panels/0", message: "panel is not an object" }]);
    expect(isDashboard({ dashboard: { title: "Copilot" }, folderId: 0, overwrite: true })).toBe(false);
  });
});

describe("tagSuppression", () => {
  it.each([
    ["agent-guardrail:ignore-incidents=incidents are on the SRE board", "incidents are on the SRE board"],
    ["agent-guardrail:ignore-incidents:incidents are on the SRE board", "incidents are on the SRE board"],
    ["agent-guardrail:ignore-incidents=  ten chars!  ", "ten chars!"],
  ])("%j waives the rule with its reason", (tag, reason) => {
    expect(tagSuppression(["kpi", tag])).toEqual({ suppression: { reason, by: "dashboard tag" } });
  });

  it.each(["agent-guardrail:ignore-incidents", "agent-guardrail:ignore-incidents=nine char", "agent-guardrail:ignore-incidents:"])("%j is an input error: no reason of 10 characters", (tag) => {
    expect(tagSuppression([tag])).toEqual({ suppression: null, error: `dashboard tag "${tag}" needs a reason of at least 10 characters (agent-guardrail:ignore-incidents=<reason>)` });
  });

  it("other tags, and tags that only start with the same words, waive nothing", () => {
    expect(tagSuppression(["kpi", "agent-guardrail:ignore-incidents-later", "x-agent-guardrail:ignore-incidents=incidents elsewhere"])).toEqual({ suppression: null });
  });
});

describe("dashboardSubject", () => {
  const d = (title?: string, uid?: string) => ({ format: "grafana" as const, tags: [], panels: [], problems: [], ...(title ? { title } : {}), ...(uid ? { uid } : {}) });
  it("names a dashboard by title and uid, either alone, or by its file", () => {
    expect(dashboardSubject(d("Copilot adoption", "copilot"), "dash.json")).toBe('dashboard "Copilot adoption" (uid copilot)');
    expect(dashboardSubject(d("Copilot adoption"), "dash.json")).toBe('dashboard "Copilot adoption"');
    expect(dashboardSubject(d(undefined, "copilot"), "dash.json")).toBe('dashboard "untitled" (uid copilot)');
    expect(dashboardSubject(d(), "dash.json")).toBe("dashboard dash.json");
  });
});

describe("the subject of a file's dashboard", () => {
  it("is untitled when the dashboard has a uid and no title", () => {
    const { findings } = evaluateValue({ uid: "copilot", schemaVersion: 39, panels: [{ id: 1, type: "stat", title: "Copilot weekly active users", targets: [{ refId: "A", expr: "sum(github_copilot_weekly_active_users)" }] }] });
    expect(findings.map((f) => f.subject)).toEqual(['dashboard "untitled" (uid copilot)']);
  });
});
