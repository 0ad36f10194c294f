import { rule } from "../../../src/core/dashboards/adoption-dashboard-no-incidents.js";
import { evaluateDashboardFile, isDashboard, normalizeDashboard } from "../../../src/core/dashboards/index.js";
import { applySuppressions } from "../../../src/core/suppress.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";
import { clone, defaultPolicy, evaluateFixture, evaluateValue, readFixture } from "./helpers.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- editing fixtures in tests

describe("adoption-dashboard-no-incidents", () => {
  it("is an error when a Copilot adoption dashboard sets an 80% target and has no incident panel", () => {
    const { findings, errors } = evaluateFixture("handmade/grafana-copilot-target-80.json");
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ rule: rule.id, severity: "error", subject: 'dashboard "Copilot adoption" (uid copilot-adoption)', suppressed: null });
    expect(f.message).toContain("usage target");
    expect(f.message).toContain("threshold 80 turns it green");
    // Evidence: file, line and pointer of each adoption panel.
    expect(f.evidence.map((e) => e.pointer)).toEqual(["/panels/0", "/panels/1"]);
    const { file, text } = readFixture("handmade/grafana-copilot-target-80.json");
    for (const e of f.evidence) {
      expect(e.file).toBe(file);
      expect(typeof e.line).toBe("number");
      expect(text.split("\n")[e.line! - 1]).toContain("{");
    }
  });

  it("is a warning with Grafana's default thresholds (green, red at 80) and no stated goal", () => {
    const { findings, errors } = evaluateFixture("handmade/grafana-copilot-default-thresholds.json");
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["warning"]);
    expect(findings[0]!.message).not.toContain("usage target");
  });

  it("is a warning, not an error, when the config says targets are not errors", () => {
    const policy = resolvePolicy(parseUserConfig("cfg.yml", "dashboards:\n  targetIsError: false\n"));
    expect(evaluateFixture("handmade/grafana-copilot-target-80.json", policy).findings.map((f) => f.severity)).toEqual(["warning"]);
  });

  it("reports nothing when dashboards are disabled in the config", () => {
    const policy = resolvePolicy(parseUserConfig("cfg.yml", "dashboards:\n  enabled: false\n"));
    expect(evaluateFixture("handmade/grafana-copilot-target-80.json", policy)).toEqual({ findings: [], errors: [] });
  });

  it("treats a text like '80% target' as a usage target", () => {
    const d = clone(readFixture("handmade/grafana-copilot-default-thresholds.json").value) as Json;
    d["panels"].push({ type: "text", id: 9, gridPos: { h: 3, w: 24, x: 0, y: 20 }, title: "", options: { mode: "markdown", content: "**Q3 OKR:** 80% weekly Copilot usage target" } });
    expect(evaluateValue(d).findings.map((f) => f.severity)).toEqual(["error"]);
  });

  it("treats a threshold step that turns an adoption panel green as a target, wherever it is in the list", () => {
    const d = clone(readFixture("handmade/grafana-copilot-default-thresholds.json").value) as Json;
    d["panels"][1]["fieldConfig"]["defaults"]["thresholds"]["steps"] = [
      { color: "red", value: null },
      { color: "#EAB839", value: 0.2 },
      { color: "semi-dark-green", value: 0.35 },
    ];
    expect(evaluateValue(d).findings.map((f) => f.severity)).toEqual(["error"]);
  });

  it("treats a series named Goal on an adoption panel as a target line", () => {
    const d = clone(readFixture("handmade/grafana-copilot-default-thresholds.json").value) as Json;
    d["panels"][0]["targets"].push({ datasource: { type: "prometheus", uid: "prom" }, expr: "vector(80)", legendFormat: "Goal", refId: "B" });
    const { findings } = evaluateValue(d);
    expect(findings.map((f) => f.severity)).toEqual(["error"]);
    expect(findings[0]!.message).toContain('"Goal" line');
  });

  it("applies a config suppression matched on the finding's subject (glob)", () => {
    const policy = resolvePolicy(
      parseUserConfig("cfg.yml", 'suppressions:\n  - rule: adoption-dashboard-no-incidents\n    subject: \'dashboard "Copilot adoption"*\'\n    reason: incidents live on the SRE weekly dashboard\n'),
    );
    const findings = applySuppressions(evaluateFixture("handmade/grafana-copilot-target-80.json", policy).findings, policy);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.suppressed).toMatchObject({ reason: "incidents live on the SRE weekly dashboard" });
  });

  it("is not flagged when the dashboard has an incident panel", () => {
    const d = clone(readFixture("handmade/grafana-copilot-target-80.json").value) as Json;
    d["panels"].push({
      datasource: { type: "prometheus", uid: "prom" },
      gridPos: { h: 8, w: 12, x: 0, y: 8 },
      id: 7,
      targets: [{ datasource: { type: "prometheus", uid: "prom" }, expr: 'sum(increase(pagerduty_incidents_triggered_total{urgency="high"}[7d]))', refId: "A" }],
      title: "High-urgency pages",
      type: "stat",
    });
    expect(evaluateValue(d)).toEqual({ findings: [], errors: [] });
  });

  it("still flags when incidents are only mentioned to exclude them (!=, !~, NOT IN)", () => {
    const { findings, errors } = evaluateFixture("handmade/grafana-negated-incident.json");
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence.map((e) => e.pointer)).toContain("/panels/3"); // "PRs by agent" is adoption
  });

  it("does not count the AI tool's own API errors as incidents", () => {
    const { findings } = evaluateFixture("handmade/grafana-tool-api-errors.json");
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence.map((e) => e.pointer)).not.toContain("/panels/2");
  });

  it("the tool's API errors are exempt whether the tool is named by the dashboard or by the panel alone", () => {
    const byDashboard = clone(readFixture("handmade/grafana-tool-api-errors.json").value) as Json;
    byDashboard["panels"][2]["title"] = "Upstream API outages and throttling";
    byDashboard["panels"][2]["description"] = "";
    byDashboard["panels"][2]["targets"][0]["expr"] = 'sum by (code) (rate(proxy_upstream_responses_total{code=~"5..|429"}[5m]))';
    const byPanel = clone(readFixture("handmade/grafana-tool-api-errors.json").value) as Json;
    byPanel["title"] = "Engineering overview";
    byPanel["tags"] = [];
    for (const d of [byDashboard, byPanel]) {
      const { findings, errors } = evaluateValue(d);
      expect(errors).toEqual([]);
      expect(findings.map((f) => f.rule)).toEqual([rule.id]);
    }
  });

  it("exempts API errors only when they are the AI tool's: a checkout outage panel with 429s still counts", () => {
    const d = clone(readFixture("handmade/grafana-tool-api-errors.json").value) as Json;
    d["title"] = "Engineering overview";
    d["tags"] = [];
    d["panels"][2]["title"] = "Checkout outages and throttling";
    d["panels"][2]["description"] = "";
    d["panels"][2]["targets"][0]["expr"] = 'sum by (code) (rate(checkout_responses_total{code=~"5..|429"}[5m]))';
    expect(evaluateValue(d)).toEqual({ findings: [], errors: [] });
  });

  it("finds the incident panel inside a collapsed row", () => {
    expect(evaluateFixture("handmade/grafana-collapsed-row-incidents.json")).toEqual({ findings: [], errors: [] });
    const d = clone(readFixture("handmade/grafana-collapsed-row-incidents.json").value) as Json;
    d["panels"][2]["panels"] = [];
    expect(evaluateValue(d).findings).toHaveLength(1);
  });

  it("resolves library panels through __elements", () => {
    expect(evaluateFixture("handmade/grafana-library-panel-incidents.json")).toEqual({ findings: [], errors: [] });
    const d = clone(readFixture("handmade/grafana-library-panel-incidents.json").value) as Json;
    d["__elements"] = {};
    // Without its model the panel's queries are unknown: not evaluable, an input error (fail closed).
    d["panels"][2]["libraryPanel"]["name"] = "Shared panel";
    const { findings, errors } = evaluateValue(d);
    expect(findings).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^malformed grafana dashboard at \/panels\/2: library panel \S+ is not in __elements: its queries cannot be read/)]);
  });

  it("reads legacy rows and graph-panel thresholds (colorMode ok = green)", () => {
    const { findings, errors } = evaluateFixture("handmade/grafana-legacy-rows.json");
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "error", subject: 'dashboard "CodeWhisperer usage"' });
    expect(findings[0]!.evidence[0]!.pointer).toBe("/rows/0/panels/0");
  });

  it("reads the provisioning wrapper {dashboard: ...} with pointers into it", () => {
    const inner = readFixture("handmade/grafana-copilot-target-80.json").value;
    const { findings } = evaluateValue({ dashboard: inner, folderUid: "eng", overwrite: true });
    expect(findings[0]!.evidence.map((e) => e.pointer)).toEqual(["/dashboard/panels/0", "/dashboard/panels/1"]);
  });

  it("reads Grafana v2 (spec.elements): flagged without the rollback panel, not with it", () => {
    expect(evaluateFixture("handmade/grafana-v2-claude-code.json")).toEqual({ findings: [], errors: [] });
    const d = clone(readFixture("handmade/grafana-v2-claude-code.json").value) as Json;
    delete d["spec"]["elements"]["panel-2"];
    const { findings } = evaluateValue(d);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "warning", subject: 'dashboard "Claude Code rollout" (uid claude-code-rollout)' });
    expect(findings[0]!.evidence[0]!.pointer).toBe("/spec/elements/panel-1");
    // Recognized by its apiVersion alone (a resource exported without `kind`), or by `kind` alone.
    const noKind = clone(d);
    delete noKind["kind"];
    expect(evaluateValue(noKind).findings).toHaveLength(1);
    const noApiVersion = clone(d);
    delete noApiVersion["apiVersion"];
    expect(evaluateValue(noApiVersion).findings).toHaveLength(1);
    // With neither, what it carries is still a v2 spec (elements its layout places): read as that spec.
    const neither = clone(noKind);
    delete neither["apiVersion"];
    const carried = evaluateValue(neither);
    expect(carried.errors).toEqual([]);
    // Judged at the entry that carries it, the panel named in the note, as any dashboard a file carries.
    expect(carried.findings.map((f) => f.evidence[0]!.pointer)).toEqual(["/spec"]);
    expect(carried.findings[0]!.evidence[0]!.note).toContain("/elements/panel-1");
  });

  it("reads CloudWatch bodies: the incident metric on a '...' line counts, an adoption target annotation is an error", () => {
    expect(evaluateFixture("handmade/cloudwatch-q-developer-shorthand.json")).toEqual({ findings: [], errors: [] });
    const d = clone(readFixture("handmade/cloudwatch-q-developer-shorthand.json").value) as Json;
    d["widgets"].splice(1, 1);
    const { findings } = evaluateValue(d);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "error", subject: "dashboard dashboard.json" });
    expect(findings[0]!.message).toContain('"Adoption target" line at 120');
  });

  it("reads CloudWatch SQL, SEARCH, Logs Insights and alarm widgets; a negated Logs Insights filter is no incident panel", () => {
    const { findings, errors } = evaluateFixture("handmade/cloudwatch-sql-logs-alarm.json");
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence.map((e) => e.pointer)).toEqual(["/widgets/0", "/widgets/1"]);
  });

  it("reads Datadog group widgets: the incident widget in a group counts", () => {
    expect(evaluateFixture("handmade/datadog-group-incidents.json")).toEqual({ findings: [], errors: [] });
    const d = clone(readFixture("handmade/datadog-group-incidents.json").value) as Json;
    d["widgets"][1]["definition"]["widgets"][0]["definition"]["requests"][0]["queries"][0]["query"] = "sum:deploys.count{-tag:incident} by {service}.as_count()";
    d["widgets"][1]["definition"]["widgets"][0]["definition"]["title"] = "Deploys";
    const { findings } = evaluateValue(d);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "error", subject: 'dashboard "Cursor rollout" (uid abc-def-ghi)' });
    expect(findings[0]!.evidence[0]!.pointer).toBe("/widgets/0/definition/widgets/0");
  });

  it("reads a dashboard kept as YAML, with YAML line numbers in the evidence", () => {
    const { findings, errors } = evaluateFixture("handmade/datadog-cursor-adoption.yaml");
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "error", subject: 'dashboard "Cursor rollout (YAML)" (uid abc-def-ghi)' });
    const { text } = readFixture("handmade/datadog-cursor-adoption.yaml");
    const e = findings[0]!.evidence[0]!;
    expect(e.pointer).toBe("/widgets/0/definition/widgets/0");
    expect(text.split("\n")[e.line! - 1]).toBe("    - id: 5436370674582587");
  });

  it("is silent on a dashboard that measures nothing about AI tools", () => {
    const d = clone(readFixture("handmade/grafana-copilot-default-thresholds.json").value) as Json;
    d["title"] = "API latency";
    d["tags"] = [];
    for (const p of d["panels"]) {
      p["title"] = "p99 latency";
      p["description"] = "";
      p["targets"] = [{ expr: "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))", refId: "A" }];
    }
    expect(evaluateValue(d)).toEqual({ findings: [], errors: [] });
  });

  describe("suppression by dashboard tag", () => {
    it("marks the finding suppressed with the tag's reason", () => {
      const d = clone(readFixture("handmade/grafana-copilot-target-80.json").value) as Json;
      d["tags"].push("agent-guardrail:ignore-incidents=incidents are on the SRE dashboard sre-weekly");
      const { findings, errors } = evaluateValue(d);
      expect(errors).toEqual([]);
      expect(findings[0]!.suppressed).toEqual({ reason: "incidents are on the SRE dashboard sre-weekly", by: "dashboard tag" });
      expect(findings[0]!.severity).toBe("error");
    });

    it.each(["agent-guardrail:ignore-incidents", "agent-guardrail:ignore-incidents=later"])("rejects %s (reason under 10 characters) as an input error", (tag) => {
      const d = clone(readFixture("handmade/grafana-copilot-target-80.json").value) as Json;
      d["tags"].push(tag);
      const { findings, errors } = evaluateValue(d);
      expect(findings).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toContain("at least 10 characters");
    });

    it("evidence of a value read without lines has a file and pointer and no line", () => {
      const { findings } = evaluateValue(readFixture("handmade/grafana-copilot-target-80.json").value);
      expect(findings[0]!.evidence[0]).toStrictEqual({ file: "dashboard.json", pointer: "/panels/0", note: expect.stringMatching(/^adoption panel /) });
    });

    it("a short reason in a file read with lines is an error of the file, with no line of its own", () => {
      const f = readFixture("handmade/grafana-copilot-target-80.json");
      const d = clone(f.value) as Json;
      d["tags"].push("agent-guardrail:ignore-incidents=later");
      expect(evaluateDashboardFile({ file: f.file, value: d, lineOf: f.lineOf }, defaultPolicy).errors).toStrictEqual([
        { file: f.file, message: 'dashboard tag "agent-guardrail:ignore-incidents=later" needs a reason of at least 10 characters (agent-guardrail:ignore-incidents=<reason>)' },
      ]);
    });
  });

  describe("empty or malformed dashboards fail closed", () => {
    it("an empty Grafana dashboard is an input error naming the file", () => {
      expect(isDashboard({ title: "Copilot", panels: [], schemaVersion: 39 })).toBe(true);
      const r = evaluateDashboardFile({ file: "dash/empty.json", value: { title: "Copilot", panels: [], schemaVersion: 39 }, lineOf: () => 1 }, defaultPolicy);
      expect(r.findings).toEqual([]);
      expect(r.errors).toEqual([{ file: "dash/empty.json", line: 1, message: expect.stringContaining("has no panels") }]);
    });

    it("an empty CloudWatch body is an input error: a dashboard with nothing to evaluate", () => {
      expect(evaluateValue({ widgets: [] }).errors.map((e) => e.message)).toEqual(["cloudwatch dashboard dashboard.json has no panels: nothing to evaluate"]);
      expect(evaluateValue({ widgets: [], start: "-PT3H", periodOverride: "inherit" }).errors.map((e) => e.message)).toEqual(["cloudwatch dashboard dashboard.json has no panels: nothing to evaluate"]);
    });

    it("a body with keys CloudWatch does not know is still a CloudWatch dashboard when its widgets are CloudWatch widgets", () => {
      const body = { name: "copilot-adoption", widgets: [{ type: "metric", properties: { title: "Copilot weekly active users", metrics: [["DevTools/Copilot", "WeeklyActiveUsers"]] } }] };
      expect(isDashboard(body)).toBe(true);
      expect(evaluateValue(body).findings.map((f) => f.rule)).toEqual(["adoption-dashboard-no-incidents"]);
      expect(isDashboard({ name: "not a dashboard", widgets: [{ id: 1 }] })).toBe(false);
      expect(isDashboard({ name: "not a dashboard", widgets: [{ properties: { title: "x" } }] })).toBe(false);
      expect(isDashboard({ name: "not a dashboard", widgets: [{ type: "metric" }] })).toBe(false);
      // One broken widget among CloudWatch widgets is a problem of the dashboard, not a sign that it is none; so is a `dashboard` key beside them.
      const broken = { ...body, dashboard: { name: "copilot-adoption" }, widgets: [...body.widgets, { type: "text" }] };
      expect(evaluateValue(broken).errors.map((e) => e.message)).toEqual(["malformed cloudwatch dashboard at /widgets/1: widget has no properties object"]);
    });

    it("a panel that is not an object is an input error with its line", () => {
      const { text: _t, ...f } = readFixture("handmade/grafana-copilot-target-80.json");
      const value = clone(f.value) as Json;
      value["panels"][1] = "oops";
      const r = evaluateDashboardFile({ file: f.file, value, lineOf: f.lineOf }, defaultPolicy);
      expect(r.findings).toEqual([]);
      expect(r.errors).toEqual([{ file: f.file, line: f.lineOf("/panels/1"), message: expect.stringContaining("/panels/1: panel is not an object") }]);
    });

    it("malformed widgets (no properties, no definition, group without widgets) are input errors", () => {
      expect(evaluateValue({ widgets: [{ type: "metric", properties: { metrics: [["A", "B"]] } }, { type: "metric" }] }).errors[0]!.message).toContain("/widgets/1");
      expect(evaluateValue({ layout_type: "ordered", widgets: [{ id: 1 }] }).errors[0]!.message).toContain("no definition");
      expect(evaluateValue({ layout_type: "ordered", widgets: [{ definition: { type: "group" } }] }).errors[0]!.message).toContain("group widget");
      expect(evaluateValue({ apiVersion: "dashboard.grafana.app/v2beta1", kind: "Dashboard", spec: { title: "x", elements: [] } }).errors[0]!.message).toContain("elements");
    });

    it("a value that is not a dashboard is an input error, never a pass", () => {
      expect(isDashboard({ Resources: {} })).toBe(false);
      expect(isDashboard({ Version: "2012-10-17", Statement: [] })).toBe(false);
      expect(evaluateValue({ hello: "world" }).errors[0]!.message).toContain("not a recognized dashboard");
      expect(evaluateValue({ hello: "world" }).findings).toEqual([]);
      expect(evaluateValue(null).errors).toHaveLength(1);
    });
  });

  it("detects every supported format by content", () => {
    for (const f of [
      "handmade/grafana-copilot-target-80.json",
      "handmade/grafana-legacy-rows.json",
      "handmade/grafana-v2-claude-code.json",
      "handmade/cloudwatch-q-developer-shorthand.json",
      "handmade/datadog-group-incidents.json",
    ]) {
      expect([f, isDashboard(readFixture(f).value)]).toEqual([f, true]);
    }
    expect(normalizeDashboard(readFixture("handmade/datadog-group-incidents.json").value)?.format).toBe("datadog");
  });

  it("counts a vocabulary term for every list it is in", () => {
    const dashboard = {
      title: "Copilot",
      uid: "copilot",
      schemaVersion: 39,
      panels: [{ type: "stat", title: "Copilot quota 80", targets: [{ refId: "A", expr: "sum(copilot_quota_consumed)" }] }],
    };
    const vocabulary = defaultPolicy.dashboards.vocabulary;
    const withQuota = (lists: ("adoption" | "targets")[]): typeof defaultPolicy => ({
      ...defaultPolicy,
      dashboards: {
        ...defaultPolicy.dashboards,
        vocabulary: {
          ...vocabulary,
          adoption: lists.includes("adoption") ? [...vocabulary.adoption, "quota"] : vocabulary.adoption.filter((t) => t !== "quota"),
          targets: lists.includes("targets") ? [...new Set([...vocabulary.targets, "quota"])] : vocabulary.targets.filter((t) => t !== "quota"),
        },
      },
    });
    // An adoption term and a target term at once: an adoption panel that states a target.
    expect(evaluateValue(dashboard, withQuota(["adoption", "targets"])).findings.map((f) => f.severity)).toEqual(["error"]);
    expect(evaluateValue(dashboard, withQuota(["adoption"])).findings.map((f) => f.severity)).toEqual(["warning"]);
    expect(evaluateValue(dashboard, withQuota(["targets"])).findings).toEqual([]);
  });
});
