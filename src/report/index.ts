/** Reports: the findings and input errors of one run, rendered as text, JSON or SARIF. */
import type { Finding, InputError } from "../core/finding.js";
import { SEVERITY_RANK } from "../core/finding.js";
import { renderJson } from "./json.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";
import type { FailOn, Format } from "./formats.js";

export { FAIL_ON, FORMATS, type FailOn, type Format } from "./formats.js";

export interface Report {
  findings: Finding[];
  errors: InputError[];
  /** How many inputs were evaluated (files, stacks, principals' accounts, pull requests). */
  inputs: number;
  /** Facts worth showing beside the verdict: API calls spent, "SCPs not verified", ... */
  notes?: string[];
}

export interface ToolInfo {
  name: string;
  version: string;
}

export function render(report: Report, format: Format, tool: ToolInfo, options: { color?: boolean } = {}): string {
  switch (format) {
    case "json":
      return renderJson(report, tool);
    case "sarif":
      return renderSarif(report, tool);
    case "text":
      return renderText(report, options);
  }
}

/**
 * 2 when any input could not be evaluated (fail closed: it outranks a clean result), 1 when an
 * unsuppressed finding is at or above `failOn`, else 0.
 */
export function exitCode(report: Report, failOn: FailOn): 0 | 1 | 2 {
  if (report.errors.length > 0) return 2;
  if (failOn === "never") return 0;
  const threshold = SEVERITY_RANK[failOn];
  return report.findings.some((f) => f.suppressed === null && SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

export function mergeReports(reports: Report[]): Report {
  const notes = reports.flatMap((r) => r.notes ?? []);
  return {
    findings: reports.flatMap((r) => r.findings),
    errors: reports.flatMap((r) => r.errors),
    inputs: reports.reduce((n, r) => n + r.inputs, 0),
    ...(notes.length ? { notes: [...new Set(notes)] } : {}),
  };
}

export function summarize(report: Report): { inputs: number; findings: number; errors: number; suppressed: number } {
  return {
    inputs: report.inputs,
    findings: report.findings.filter((f) => f.suppressed === null).length,
    errors: report.errors.length,
    suppressed: report.findings.filter((f) => f.suppressed !== null).length,
  };
}
