/**
 * Property tests: the verdict (flagged or not, and severity) depends on what panels measure, not
 * on their title case, order, or the rows they sit in; nor on what the services it watches are
 * called (issue 14).
 */
import fc from "fast-check";
import { loadDefaults } from "../../../src/policy/load.js";
import { clone, evaluateValue, readFixture } from "./helpers.js";

interface PanelSpec {
  title: string;
  expr: string;
  steps: { color: string; value: number | null }[];
}

const DEFAULT_STEPS = [
  { color: "green", value: null },
  { color: "red", value: 80 },
];

const adoption: PanelSpec[] = [
  { title: "Copilot weekly active users", expr: "copilot_weekly_active_users", steps: DEFAULT_STEPS },
  { title: "Acceptance rate", expr: "sum(copilot_code_acceptances) / sum(copilot_code_suggestions)", steps: DEFAULT_STEPS },
  { title: "Claude Code tokens", expr: "sum(rate(claude_code_token_usage_tokens_total[1d]))", steps: DEFAULT_STEPS },
  { title: "Seats in use", expr: "copilot_seats_active / copilot_seats_total", steps: [{ color: "red", value: null }, { color: "green", value: 80 }] },
];
const incidents: PanelSpec[] = [
  { title: "Incidents caused by agent PRs", expr: 'sum(incidents_total{cause="agent_pr"})', steps: DEFAULT_STEPS },
  { title: "Change failure rate", expr: "sum(deploys_failed) / sum(deploys)", steps: DEFAULT_STEPS },
  { title: "Rollbacks", expr: "sum(increase(deploy_rollbacks_total[1d]))", steps: DEFAULT_STEPS },
];
const neutral: PanelSpec[] = [
  { title: "p99 latency", expr: "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))", steps: DEFAULT_STEPS },
  { title: "Deploys", expr: 'sum(deploys_total{kind!="incident"})', steps: DEFAULT_STEPS },
  { title: "Copilot API errors (429)", expr: 'sum(rate(copilot_proxy_responses_total{code="429"}[5m]))', steps: DEFAULT_STEPS },
];

function grafanaPanel(spec: PanelSpec, id: number): Record<string, unknown> {
  return {
    datasource: { type: "prometheus", uid: "prom" },
    fieldConfig: { defaults: { color: { mode: "thresholds" }, mappings: [], thresholds: { mode: "absolute", steps: spec.steps } }, overrides: [] },
    gridPos: { h: 8, w: 12, x: 0, y: id * 8 },
    id,
    targets: [{ datasource: { type: "prometheus", uid: "prom" }, expr: spec.expr, refId: "A" }],
    title: spec.title,
    type: "timeseries",
  };
}

/** Panels laid out flat, or split into open and collapsed rows at the given cut points. */
function dashboard(specs: PanelSpec[], rows: { cut: number; collapsed: boolean }[]): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let start = 0;
  const cuts = [...rows].sort((a, b) => a.cut - b.cut).filter((r) => r.cut <= specs.length);
  const chunks: { specs: PanelSpec[]; row?: { collapsed: boolean } }[] = [];
  for (const r of cuts) {
    chunks.push({ specs: specs.slice(start, r.cut), ...(chunks.length ? { row: { collapsed: cuts[chunks.length - 1]!.collapsed } } : {}) });
    start = r.cut;
  }
  chunks.push({ specs: specs.slice(start), ...(chunks.length ? { row: { collapsed: cuts[chunks.length - 1]!.collapsed } } : {}) });
  for (const chunk of chunks) {
    const inner = chunk.specs.map((s) => grafanaPanel(s, id++));
    if (!chunk.row) panels.push(...inner);
    else if (chunk.row.collapsed) panels.push({ collapsed: true, gridPos: { h: 1, w: 24, x: 0, y: 0 }, id: id++, panels: inner, title: "Row", type: "row" });
    else panels.push({ collapsed: false, gridPos: { h: 1, w: 24, x: 0, y: 0 }, id: id++, panels: [], title: "Row", type: "row" }, ...inner);
  }
  return { title: "Engineering", uid: "eng", schemaVersion: 39, tags: [], panels };
}

/** The PromQL of a spec as a Datadog metric query: `{kind!="x"}` becomes `{!kind:x}`. */
function datadogQuery(expr: string): string {
  const filters = [...expr.matchAll(/(\w+)(!?)=~?"([^"]*)"/g)].map((m) => `${m[2] ? "!" : ""}${m[1]}:${m[3]}`);
  const metric = expr
    .replace(/\{[^}]*\}/g, "")
    .replace(/[^\w.]+/g, ".")
    .replace(/^\.+|\.+$/g, "");
  return `sum:${metric}{${filters.join(",") || "*"}}`;
}

function verdict(value: unknown): string {
  const { findings, errors } = evaluateValue(value);
  if (errors.length) return `errors: ${errors.map((e) => e.message).join("; ")}`;
  return findings.map((f) => f.severity).join(",") || "pass";
}

const recase = (title: string, mode: number): string =>
  mode === 0 ? title.toUpperCase() : mode === 1 ? title.toLowerCase() : title.replace(/\b\w/g, (c) => c.toUpperCase());

const specsArb = fc
  .tuple(fc.subarray(adoption), fc.subarray(incidents), fc.subarray(neutral))
  .map(([a, i, n]) => [...a, ...i, ...n])
  .filter((s) => s.length > 0);
// Same convention as the IAM differential test: every run explores anew; a failure prints its
// seed and path (fast-check's report), and FC_SEED=<seed> replays it.
const runs = { numRuns: Number(process.env.FC_RUNS ?? 150), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };
const rowsArb = fc.array(fc.record({ cut: fc.integer({ min: 0, max: 10 }), collapsed: fc.boolean() }), { maxLength: 3 });

describe("dashboard verdict properties", () => {
  it("is the same whatever the panels' title case, order and rows", () => {
    fc.assert(
      fc.property(specsArb, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 10, maxLength: 10 }), rowsArb, fc.context(), (specs, cases, rows, ctx) => {
        const expected = verdict(dashboard(specs, []));
        const renamed = specs.map((s, i) => ({ ...s, title: recase(s.title, cases[i % cases.length]!) }));
        ctx.log(`expected ${expected}`);
        expect(verdict(dashboard(renamed, []))).toBe(expected);
        expect(verdict(dashboard([...specs].reverse(), []))).toBe(expected);
        expect(verdict(dashboard(specs, rows))).toBe(expected);
        expect(verdict(dashboard([...renamed].reverse(), rows))).toBe(expected);
      }),
      runs,
    );
  });

  it("flags exactly when there is an adoption panel and no incident panel", () => {
    fc.assert(
      fc.property(specsArb, rowsArb, (specs, rows) => {
        const hasAdoption = specs.some((s) => adoption.includes(s));
        const hasIncidents = specs.some((s) => incidents.includes(s));
        const target = specs.some((s) => s.title === "Seats in use");
        const expected = hasAdoption && !hasIncidents ? (target ? "error" : "warning") : "pass";
        expect(verdict(dashboard(specs, rows))).toBe(expected);
      }),
      runs,
    );
  });

  it("Datadog: moving widgets in and out of group widgets never changes the verdict", () => {
    const widget = (spec: PanelSpec, id: number) => ({
      id,
      definition: {
        title: spec.title,
        type: "timeseries",
        requests: [{ response_format: "timeseries", queries: [{ data_source: "metrics", name: "query1", query: datadogQuery(spec.expr) }], formulas: [{ formula: "query1" }], display_type: "line" }],
      },
    });
    const datadog = (specs: PanelSpec[], groupOf: number[]) => {
      const top: Record<string, unknown>[] = [];
      const groups = new Map<number, Record<string, unknown>[]>();
      specs.forEach((spec, i) => {
        const g = groupOf[i % groupOf.length]!;
        if (g === 0) top.push(widget(spec, i + 1));
        else groups.set(g, [...(groups.get(g) ?? []), widget(spec, i + 1)]);
      });
      for (const [g, widgets] of groups) top.push({ id: 1000 + g, definition: { title: `Group ${g}`, type: "group", layout_type: "ordered", widgets } });
      return { title: "Engineering", layout_type: "ordered", widgets: top, template_variables: [], id: "eng-123" };
    };
    fc.assert(
      fc.property(specsArb, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 10 }), (specs, groupOf) => {
        const flagged = specs.some((x) => adoption.includes(x)) && !specs.some((x) => incidents.includes(x));
        expect(verdict(datadog(specs, [0]))).toBe(flagged ? "warning" : "pass"); // no thresholds in these widgets
        expect(verdict(datadog(specs, groupOf))).toBe(verdict(datadog(specs, [0])));
      }),
      runs,
    );
  });
});

/**
 * Renames the services an infrastructure dashboard watches: label values in queries
 * (`job="x"`, `{service:x}`, `service = 'x'`), CloudWatch dimension values and template variable
 * values. `pick(i)` says whether the i-th occurrence is renamed.
 */
function renameServices(value: unknown, name: string, pick: (i: number) => boolean): unknown {
  let i = 0;
  const rename = (s: string): string =>
    s
      .replace(/([\w.@"-]+\s*(?:=~|!~|=|!=)\s*)"([^"$]*)"/g, (m, lead: string) => (pick(i++) ? `${lead}"${name}"` : m))
      .replace(/([{,]\s*[\w.@-]+):([\w.-]+)(?=[,}])/g, (m, lead: string) => (pick(i++) ? `${lead}:${name}` : m))
      .replace(/(\b\w+\s*=\s*)'([^']*)'/g, (m, lead: string) => (pick(i++) ? `${lead}'${name}'` : m));
  const walk = (node: unknown, key?: string): unknown => {
    if (typeof node === "string") return rename(node);
    if (Array.isArray(node)) {
      // A CloudWatch metric row: namespace, metric, then dimension name/value pairs.
      const isMetricRow = key === "metrics" || (node.length >= 4 && typeof node[0] === "string" && /^[\w./-]+$/.test(node[0]) && typeof node[2] === "string");
      return node.map((v, j) => (isMetricRow && typeof v === "string" && j >= 3 && j % 2 === 1 && !/^\.{1,3}$/.test(v) && pick(i++) ? name : walk(v)));
    }
    if (node && typeof node === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) {
        if ((k === "current" || k === "default") && v && typeof v === "object") out[k] = { ...v, text: name, value: name };
        else if (k === "default" && typeof v === "string") out[k] = name;
        else out[k] = walk(v, k);
      }
      return out;
    }
    return node;
  };
  return walk(clone(value));
}

describe("renaming a service to an AI tool's name", () => {
  const vocabulary = loadDefaults().dashboards;
  // Service-style spellings of every tool term: "claude-code", "Copilot", "gemini_cli", "cursor".
  const names = [...new Set(vocabulary.codingTools.flatMap((t) => [...t.terms, ...t.proseTerms]).flatMap((t) => [t.replace(/ /g, "-"), t.replace(/ /g, "_"), t.replace(/(^| )\w/g, (c) => c.toUpperCase()).replace(/ /g, "")]))];
  const infrastructure = [
    "real/k8s-views-global-dotdc.json",
    "real/k8s-views-nodes-dotdc.json",
    "real/aws-blockchain-single-node-dashboard.json",
    "real/datadog-open-policy-agent-overview.json",
    "real/datadog-auth0-api-usage.json",
    "handmade/grafana-node-usage-copilot-service.json",
  ];

  it.each(infrastructure)("never makes %s an adoption dashboard", (file) => {
    const value = readFixture(file).value;
    expect(verdict(value)).toBe("pass");
    // The renaming must reach the queries, or the property would hold vacuously.
    expect(JSON.stringify(renameServices(value, "copilot", () => true))).not.toBe(JSON.stringify(value));
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }), (name, mask) => {
        expect(verdict(renameServices(value, name, (i) => mask[i % mask.length]!))).toBe("pass");
      }),
      { ...runs, numRuns: Math.min(runs.numRuns, 60) },
    );
  });
});
