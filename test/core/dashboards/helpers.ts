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

/** A deep copy we can edit without touching the parsed fixture. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
