/**
 * A text panel (Grafana `text`, a CloudWatch text widget) is prose, not a KPI: it never makes a
 * dashboard an adoption dashboard, however much it talks about Copilot adoption. It can still
 * state a usage target next to real adoption panels. (A mutant that dropped "queries data" from
 * the adoption test survived the suite before this file.)
 */
import { evaluateValue } from "./helpers.js";

const textPanel = (id: number, content: string) => ({
  id,
  type: "text",
  title: "About this dashboard",
  gridPos: { h: 6, w: 24, x: 0, y: 0 },
  options: { mode: "markdown", content },
});
const statPanel = (id: number, title: string, expr: string) => ({
  id,
  type: "stat",
  title,
  datasource: { type: "prometheus", uid: "prom" },
  gridPos: { h: 6, w: 8, x: 0, y: 6 },
  targets: [{ refId: "A", expr }],
  fieldConfig: { defaults: { thresholds: { mode: "absolute", steps: [{ color: "green", value: null }, { color: "red", value: 80 }] } } },
});
const dashboard = (title: string, panels: unknown[]) => ({ uid: "eng-tools", title, tags: [], timezone: "browser", schemaVersion: 39, version: 3, panels });

describe("text panels", () => {
  it("a dashboard whose only Copilot words are in a text panel is no adoption dashboard", () => {
    const value = dashboard("Engineering tools", [
      textPanel(1, "## GitHub Copilot adoption\nWeekly active users and acceptance rate of Copilot suggestions are on the vendor's portal."),
      statPanel(2, "Build duration p95", 'histogram_quantile(0.95, sum(rate(ci_build_duration_seconds_bucket[1h])) by (le))'),
    ]);
    expect(evaluateValue(value)).toEqual({ findings: [], errors: [] });
  });

  it("a text-only Copilot dashboard is no adoption dashboard either", () => {
    const value = dashboard("Copilot adoption", [textPanel(1, "Copilot seats: 120 of 150 assigned. Acceptance rate and active users are reviewed monthly.")]);
    expect(evaluateValue(value).findings).toEqual([]);
  });

  it("next to a real adoption panel, a text panel's stated target makes it an error and the text panel is not listed as an adoption panel", () => {
    const value = dashboard("Copilot adoption", [
      textPanel(1, "Goal: 80% weekly Copilot usage across engineering."),
      statPanel(2, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})'),
    ]);
    const { findings, errors } = evaluateValue(value);
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["error"]);
    expect(findings[0]!.message).toContain('in "Copilot weekly active users" and sets a usage target ("About this dashboard": its text states a target');
    expect(findings[0]!.evidence.map((e) => [e.pointer, e.note])).toEqual([
      ["/panels/1", expect.stringMatching(/^adoption panel "Copilot weekly active users": measures /)],
      ["/panels/0", expect.stringMatching(/^usage target: its text states a target/)],
    ]);
  });

  it("a panel's description and its markdown are separate lines: the words where they meet are not glued into one", () => {
    const value = dashboard("Copilot adoption", [
      { ...textPanel(1, "target: 80% by Q3"), description: "Weekly Copilot usage" },
      statPanel(2, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})'),
    ]);
    const { findings, errors } = evaluateValue(value);
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["error"]);
    expect(findings[0]!.message).toContain('its text states a target: "About this dashboard Weekly Copilot usage target: 80% by Q3"');
  });

  it("the stated target is quoted as plain text: markdown marks dropped, white space and blank lines collapsed", () => {
    const value = dashboard("Copilot adoption", [
      { ...textPanel(1, "## Q3 OKR\n\n**80%**  weekly _Copilot_ usage target\n\n> agreed with `eng-leads`\n"), title: "" },
      statPanel(2, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})'),
    ]);
    const { findings } = evaluateValue(value);
    expect(findings[0]!.message).toContain('and sets a usage target (its text states a target: "Q3 OKR 80% weekly Copilot usage target agreed with eng-leads")');
  });

  it("a stated target of up to 80 characters is quoted whole, a longer one cut to 77 and '...'", () => {
    const quoted = (content: string) =>
      evaluateValue(dashboard("Copilot adoption", [{ ...textPanel(1, content), title: "" }, statPanel(2, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})')])).findings[0]!.message;
    const eighty = "Goal: 80% weekly Copilot usage target, reviewed each Monday by the platform team";
    expect(eighty).toHaveLength(80);
    expect(quoted(eighty)).toContain(`its text states a target: "${eighty}")`);
    expect(quoted(`${eighty}!`)).toContain(`its text states a target: "${eighty.slice(0, 77)}...")`);
  });

  it("a target stated on a panel that is no adoption panel (infrastructure) sets none", () => {
    const value = dashboard("Copilot adoption", [
      statPanel(1, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})'),
      { ...statPanel(2, "Node memory usage", 'avg(node_memory_usage_ratio{job="copilot-proxy"})'), description: "Target: keep below 80%" },
    ]);
    const { findings } = evaluateValue(value);
    expect(findings.map((f) => [f.severity, f.message.includes("usage target")])).toEqual([["warning", false]]);
  });

  it("a green threshold on an adoption panel whose query measures latency sets no target", () => {
    const latency = {
      ...statPanel(1, "Copilot completions", "histogram_quantile(0.95, sum(rate(copilot_completions_duration_seconds_bucket[5m])) by (le))"),
      fieldConfig: { defaults: { thresholds: { mode: "absolute", steps: [{ color: "red", value: null }, { color: "green", value: 0.5 }] } } },
    };
    const { findings } = evaluateValue(dashboard("Copilot adoption", [latency]));
    expect(findings.map((f) => [f.severity, f.message.includes("usage target")])).toEqual([["warning", false]]);
  });

  it.each([
    ["a target on something other than use", "Deploy frequency target: 20 per week"],
    ["a target on an efficiency measure", "Target: 30% acceptance rate with p95 latency under 200 ms"],
  ])("%s is no usage target", (_what, content) => {
    const value = dashboard("Copilot adoption", [textPanel(1, content), statPanel(2, "Copilot weekly active users", 'sum(github_copilot_active_users{period="week"})')]);
    expect(evaluateValue(value).findings.map((f) => [f.severity, f.message.includes("usage target")])).toEqual([["warning", false]]);
  });
});
