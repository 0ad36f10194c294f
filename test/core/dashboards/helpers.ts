import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateDashboardFile } from "../../../src/core/dashboards/index.js";
import type { Policy } from "../../../src/core/policy.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const here = path.dirname(fileURLToPath(import.meta.url));
export const fixtures = path.resolve(here, "../../fixtures/dashboards");
export const defaultPolicy = resolvePolicy();

export function readFixture(relative: string): { file: string; text: string; value: unknown; lineOf: (p: string) => number | undefined } {
  const file = path.join(fixtures, relative);
  const text = readFileSync(file, "utf8");
  const parsed = parseSource(text);
  return { file, text, value: parsed.value, lineOf: parsed.lineOf };
}

export function evaluateFixture(relative: string, policy: Policy = defaultPolicy): ReturnType<typeof evaluateDashboardFile> {
  const f = readFixture(relative);
  return evaluateDashboardFile({ file: f.file, value: f.value, lineOf: f.lineOf }, policy);
}

export function evaluateValue(value: unknown, policy: Policy = defaultPolicy): ReturnType<typeof evaluateDashboardFile> {
  return evaluateDashboardFile({ file: "dashboard.json", value }, policy);
}

/** The rules that flag a dashboard value, which must read without an input error. */
export function rulesFlagging(value: unknown): string[] {
  const { findings, errors } = evaluateValue(value);
  expect(errors).toEqual([]);
  return findings.map((f) => f.rule);
}

/** The severities of the findings on a dashboard value, which must read without an input error. */
export function severitiesFlagging(value: unknown): string[] {
  const { findings, errors } = evaluateValue(value);
  expect(errors).toEqual([]);
  return findings.map((f) => f.severity);
}

/** A deep copy we can edit without touching the parsed fixture. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** A Grafana v2 query group (dashboard.grafana.app) of one PromQL query. */
export const v2QueryGroup = (expr: string) => ({ kind: "QueryGroup", spec: { queries: [{ kind: "PanelQuery", spec: { query: { kind: "prometheus", spec: { expr } } } }] } });

/** A Grafana v2 dashboard with one Copilot adoption element and `incidents` placed below it. */
export function grafanaV2CopilotWith(incidents: unknown): Record<string, unknown> {
  return {
    apiVersion: "dashboard.grafana.app/v2beta1",
    kind: "Dashboard",
    metadata: { name: "copilot-adoption" },
    spec: {
      title: "Copilot adoption",
      elements: {
        "panel-1": { kind: "Panel", spec: { title: "Copilot weekly active users", vizConfig: { kind: "stat", spec: {} }, data: v2QueryGroup("sum(github_copilot_active_users)") } },
        "panel-2": incidents,
      },
      layout: { kind: "GridLayout", spec: { items: ["panel-1", "panel-2"].map((name, i) => ({ kind: "GridLayoutItem", spec: { x: 0, y: i * 8, width: 12, height: 8, element: { kind: "ElementReference", name } } })) } },
    },
  };
}
