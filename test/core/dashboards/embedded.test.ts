/**
 * Dashboards other files carry as JSON text (embedded.ts): a ConfigMap entry loaded by Grafana's
 * dashboard sidecar, grafana-operator's GrafanaDashboard `spec.json`, Helm values. The dashboards
 * are the real fixtures (test/fixtures/dashboards/real/README.md), embedded as those files write them.
 */
import { detectKind } from "../../../src/core/inputs.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { evaluateDashboardFile, unreadAdoptionDashboard } from "../../../src/core/dashboards/index.js";
import { gzipSync } from "node:zlib";
import { MAX_INFLATED_BYTES } from "../../../src/core/dashboards/embedded.js";
import { clone, defaultPolicy, readFixture } from "./helpers.js";

const indent = (text: string, spaces: number): string => text.split("\n").map((l) => " ".repeat(spaces) + l).join("\n");

/** A ConfigMap as the grafana Helm chart's sidecar reads them: one `|-` block per file. */
function configMap(entries: Record<string, string>): string {
  return [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    "  name: ai-dashboards",
    "  namespace: monitoring",
    "  labels:",
    '    grafana_dashboard: "1"',
    "data:",
    ...Object.entries(entries).flatMap(([key, text]) => [`  ${key}: |-`, indent(text, 4)]),
    "",
  ].join("\n");
}

function evaluateManifest(text: string): ReturnType<typeof evaluateDashboardFile> & { kind: string | undefined } {
  const parsed = parseSource(text);
  return { kind: detectKind(parsed.value), ...evaluateDashboardFile({ file: "k8s/dashboards.yaml", value: parsed.value, lineOf: parsed.lineOf }, defaultPolicy) };
}

const claudeCode = readFixture("real/claude-code-metrics-0x7067.json").text.trimEnd();
const pagerDuty = readFixture("real/devlake-PagerDuty.json").text.trimEnd();
const datasource = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://prometheus:9090";

describe("dashboards in Kubernetes manifests", () => {
  it("a ConfigMap entry holding an adoption dashboard is judged at that entry; a datasource beside it is not a dashboard", () => {
    const { kind, findings, errors } = evaluateManifest(configMap({ "datasource.yaml": datasource, "claude-code.json": claudeCode }));
    expect(kind).toBe("dashboard");
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: "adoption-dashboard-no-incidents",
      // No usage target: its one green step beyond the base is on the "Cache %" column (field-thresholds.test.ts).
      severity: "warning",
      subject: 'dashboard "Claude Code Metrics" (uid claude-code-metrics) (ConfigMap ai-dashboards, data.claude-code.json)',
    });
    // The entry's key is on line 15, after the datasource entry (its key and 5 lines).
    for (const e of findings[0]!.evidence) expect(e).toMatchObject({ file: "k8s/dashboards.yaml", line: 15, pointer: "/data/claude-code.json", note: expect.stringMatching(/\(panel \/panels\/[\d/panels]+ of the dashboard in ConfigMap ai-dashboards, data\.claude-code\.json\)$/) });
  });

  it("each dashboard of a ConfigMap is judged on its own: an incident dashboard beside it does not excuse it", () => {
    const { findings } = evaluateManifest(configMap({ "pagerduty.json": pagerDuty, "claude-code.json": claudeCode }));
    expect(findings.map((f) => f.subject)).toEqual([expect.stringContaining("data.claude-code.json")]);
  });

  it("an entry that reads like a dashboard but is not JSON is an input error at its line (fail closed)", () => {
    const broken = claudeCode.replace('"panels": [', '"panels": [,');
    const { kind, findings, errors } = evaluateManifest(configMap({ "claude-code.json": broken }));
    expect(kind).toBe("dashboard");
    expect(findings).toEqual([]);
    expect(errors).toEqual([{ file: "k8s/dashboards.yaml", line: 9, message: expect.stringMatching(/^ConfigMap ai-dashboards, data\.claude-code\.json is not valid JSON: /) }]);
  });

  it("a ConfigMap's binaryData entry (base64, written decoded by Grafana's dashboard sidecar, kiwigrid/k8s-sidecar) is judged as a data entry is", () => {
    const binary = (entries: Record<string, string>): string =>
      ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: ai-dashboards", "  labels:", '    grafana_dashboard: "1"', "binaryData:", ...Object.entries(entries).map(([key, text]) => `  ${key}: ${Buffer.from(text).toString("base64")}`), ""].join("\n");
    const { kind, findings, errors } = evaluateManifest(binary({ "logo.png": "\u0089PNG\r\n", "claude-code.json": claudeCode }));
    expect(kind).toBe("dashboard");
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.subject)).toEqual(['dashboard "Claude Code Metrics" (uid claude-code-metrics) (ConfigMap ai-dashboards, binaryData.claude-code.json)']);
    expect(findings[0]!.evidence[0]).toMatchObject({ line: 9, pointer: "/binaryData/claude-code.json" });
    // The incident dashboard encoded the same way passes; one that reads like a dashboard but is not JSON is an input error.
    expect(evaluateManifest(binary({ "pagerduty.json": pagerDuty }))).toMatchObject({ findings: [], errors: [] });
    expect(evaluateManifest(binary({ "claude-code.json": claudeCode.replace('"panels": [', '"panels": [,') })).errors).toEqual([{ file: "k8s/dashboards.yaml", line: 8, message: expect.stringMatching(/^ConfigMap ai-dashboards, binaryData\.claude-code\.json is not valid JSON: /) }]);
  });

  it("a ConfigMap with no dashboard (a datasource, an nginx.conf) is not a dashboard input", () => {
    const parsed = parseSource(configMap({ "datasource.yaml": datasource, "nginx.conf": "server { listen 80; }" }));
    expect(detectKind(parsed.value)).toBeUndefined();
  });

  it("grafana-operator's GrafanaDashboard: spec.json is judged; JSON that is no dashboard is an input error", () => {
    const resource = (json: string): string =>
      ["apiVersion: grafana.integreatly.org/v1beta1", "kind: GrafanaDashboard", "metadata:", "  name: claude-code", "spec:", "  instanceSelector:", "    matchLabels:", "      dashboards: grafana", "  json: |-", indent(json, 4), ""].join("\n");
    const adoption = evaluateManifest(resource(claudeCode));
    expect(adoption.findings[0]).toMatchObject({ subject: 'dashboard "Claude Code Metrics" (uid claude-code-metrics) (GrafanaDashboard claude-code, spec.json)', evidence: expect.arrayContaining([expect.objectContaining({ line: 9, pointer: "/spec/json" })]) });
    const notDashboard = evaluateManifest(resource('{"title": "x"}'));
    expect(notDashboard.errors).toEqual([{ file: "k8s/dashboards.yaml", line: 9, message: "GrafanaDashboard claude-code, spec.json is not a recognized dashboard (Grafana, CloudWatch, Datadog, SigNoz, Perses, New Relic or Cloud Monitoring JSON)" }]);
  });

  describe("grafana-operator's other ways to hold a dashboard", () => {
    const resource = (specLines: string[]): string =>
      ["apiVersion: grafana.integreatly.org/v1beta1", "kind: GrafanaDashboard", "metadata:", "  name: eng-board", "spec:", "  instanceSelector:", "    matchLabels:", "      dashboards: grafana", ...specLines, ""].join("\n");
    // What the operator's docs say to write: `cat dashboard.json | gzip | base64 -w0`.
    const gzipped = (text: string): string => gzipSync(Buffer.from(text)).toString("base64");

    it("spec.gzipJson is read as the JSON it compresses: a Claude Code adoption dashboard is judged there", () => {
      const { kind, findings, errors } = evaluateManifest(resource([`  gzipJson: ${gzipped(claudeCode)}`]));
      expect(kind).toBe("dashboard");
      expect(errors).toEqual([]);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ subject: 'dashboard "Claude Code Metrics" (uid claude-code-metrics) (GrafanaDashboard eng-board, spec.gzipJson)', evidence: expect.arrayContaining([expect.objectContaining({ line: 9, pointer: "/spec/gzipJson" })]) });
      // Control: the incident dashboard compressed the same way passes.
      expect(evaluateManifest(resource([`  gzipJson: ${gzipped(pagerDuty)}`]))).toMatchObject({ findings: [], errors: [] });
    });

    it("spec.gzipJson that is not gzip, or not a dashboard once inflated, is an input error at its line (fail closed)", () => {
      expect(evaluateManifest(resource(["  gzipJson: bm90IGd6aXA="])).errors).toEqual([{ file: "k8s/dashboards.yaml", line: 9, message: expect.stringMatching(/^GrafanaDashboard eng-board, spec\.gzipJson is not gzip-compressed base64: /) }]);
      expect(evaluateManifest(resource([`  gzipJson: ${gzipped('{"title": "x"}')}`])).errors).toEqual([{ file: "k8s/dashboards.yaml", line: 9, message: expect.stringMatching(/^GrafanaDashboard eng-board, spec\.gzipJson is not a recognized dashboard/) }]);
    });

    it("spec.gzipJson that inflates past the size limit is an input error, not read", () => {
      const huge = gzipped(`{"title": "x", "panels": [], "pad": "${"a".repeat(MAX_INFLATED_BYTES)}"}`);
      expect(evaluateManifest(resource([`  gzipJson: ${huge}`])).errors).toEqual([{ file: "k8s/dashboards.yaml", line: 9, message: expect.stringMatching(/^GrafanaDashboard eng-board, spec\.gzipJson is not gzip-compressed base64: .*(larger|length)/i) }]);
    });

    const grafonnet = ["local g = import 'g.libsonnet';", "g.dashboard.new('Engineering')", "+ g.dashboard.withPanels([", "  g.panel.stat.new('Weekly active users')", "  + g.panel.stat.queryOptions.withTargets([g.query.prometheus.new('prom', 'sum(copilot_weekly_active_users)')]),", "])"];

    it("spec.jsonnet is not evaluated: Jsonnet that shows a coding tool's use is an input error (fail closed); other Jsonnet is skipped", () => {
      const copilot = parseSource(resource(["  jsonnet: |", indent(grafonnet.join("\n"), 4)])).value;
      expect(detectKind(copilot)).toBeUndefined();
      expect(unreadAdoptionDashboard(copilot, defaultPolicy)).toMatch(/^looks like a dashboard of GitHub Copilot use \(.*weekly active users.*\) in a format agent-guardrail does not read/);
      const jvm = grafonnet.map((l) => l.replace("Weekly active users", "Threads").replace("copilot_weekly_active_users", "jvm_threads_current"));
      expect(unreadAdoptionDashboard(parseSource(resource(["  jsonnet: |", indent(jvm.join("\n"), 4)])).value, defaultPolicy)).toBeUndefined();
    });
  });

  it("a manifest of several documents is read as kubectl reads it: the dashboard's entry keeps its own line", () => {
    const namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: monitoring\n";
    const manifest = `${namespace}---\n${configMap({ "claude-code.json": claudeCode })}---\n# trailing document with only a comment\n`;
    const { kind, findings, errors } = evaluateManifest(manifest);
    expect(kind).toBe("dashboard");
    expect(errors).toEqual([]);
    // Namespace: lines 1-4, `---` on 5, the ConfigMap from line 6: its entry's key on line 14.
    expect(findings[0]?.evidence[0]).toMatchObject({ line: 14, pointer: "/items/1/data/claude-code.json" });
  });

  it("several documents that are not all Kubernetes objects stay an error: one YAML file is one template or dashboard", () => {
    expect(() => parseSource(`AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n---\n${configMap({ "claude-code.json": claudeCode })}`)).toThrow(/multiple documents/);
  });

  it("Helm values that inline a dashboard (the grafana chart's dashboards.<provider>.<name>.json) are judged at that value", () => {
    const values = ["grafana:", "  enabled: true", "  dashboards:", "    default:", "      node-exporter:", "        gnetId: 1860", "        revision: 37", "      claude-code:", "        json: |", indent(claudeCode, 10), "prometheus:", "  enabled: true", ""].join("\n");
    const { kind, findings, errors } = evaluateManifest(values);
    expect(kind).toBe("dashboard");
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      subject: 'dashboard "Claude Code Metrics" (uid claude-code-metrics) (the dashboard JSON at /grafana/dashboards/default/claude-code/json)',
      evidence: expect.arrayContaining([expect.objectContaining({ line: 9, pointer: "/grafana/dashboards/default/claude-code/json" })]),
    });
  });

  it("a file whose strings hold no dashboard (JSON that is not one, text that is not JSON) is not a dashboard input", () => {
    for (const text of [
      'settings:\n  payload: \'{"panels": 3}\'\n',
      "notes: |\n  panels: a list of the dashboard's panels\n",
      '{"name": "pkg", "scripts": {"build": "tsc"}}',
      // An app's settings that only look like a dashboard body: nothing a reader can read.
      '{"home": {"widgets": [{"id": "news"}, {"id": "weather"}]}, "layout": {"widgets": []}}',
    ]) {
      expect([text, detectKind(parseSource(text).value)]).toEqual([text, undefined]);
    }
  });

  it("Grafana's own resource whose spec is a classic dashboard (what grafanactl pulls, Git Sync stores; Grizzly) is a dashboard", () => {
    const classic = JSON.parse(claudeCode) as Record<string, unknown>;
    delete classic["uid"];
    const resource = { apiVersion: "dashboard.grafana.app/v1beta1", kind: "Dashboard", metadata: { name: "claude-code-metrics", namespace: "default" }, spec: classic };
    const { findings, errors } = evaluateDashboardFile({ file: "dashboards/claude-code.json", value: resource }, defaultPolicy);
    expect(errors).toEqual([]);
    expect(findings[0]).toMatchObject({ subject: 'dashboard "Claude Code Metrics" (uid claude-code-metrics)', evidence: expect.arrayContaining([expect.objectContaining({ pointer: "/spec/panels/1" })]) });
  });

  it("grafana-operator's GrafanaManifest carrying a v2 dashboard in spec.template, and a manifest document that is a dashboard resource, are judged", () => {
    // The v2 dashboard of the rule's tests without its rollback panel: an adoption dashboard.
    const v2 = clone(readFixture("handmade/grafana-v2-claude-code.json").value) as { spec: { elements: Record<string, unknown> } };
    delete v2.spec.elements["panel-2"];
    const manifest = { apiVersion: "grafana.integreatly.org/v1beta1", kind: "GrafanaManifest", metadata: { name: "claude-code" }, spec: { instanceSelector: { matchLabels: { instance: "grafana" } }, template: v2 } };
    const wrapped = evaluateDashboardFile({ file: "k8s/claude-code.yaml", value: manifest }, defaultPolicy);
    expect(detectKind(manifest)).toBe("dashboard");
    expect(wrapped.findings).toHaveLength(1);
    expect(wrapped.findings[0]?.subject).toContain("(the dashboard at /spec/template)");
    const list = { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "grafana" } }, v2] };
    expect(evaluateDashboardFile({ file: "k8s/all.yaml", value: list }, defaultPolicy).findings[0]?.subject).toContain("(the dashboard at /items/1)");
  });

  it("Helm values that hold a dashboard as an object are judged at it", () => {
    const values = { grafana: { dashboards: { default: { "claude-code": JSON.parse(claudeCode) as unknown } } } };
    const { findings } = evaluateDashboardFile({ file: "values.yaml", value: values }, defaultPolicy);
    expect(findings[0]?.subject).toContain("(the dashboard at /grafana/dashboards/default/claude-code)");
  });
});
