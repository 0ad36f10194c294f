import { compareFindings } from "../core/finding.js";
import { summarize, type Report, type ToolInfo } from "./index.js";

/** The JSON contract of DESIGN.md ("CLI"): tool, findings, errors, summary (+ notes when any). */
export function renderJson(report: Report, tool: ToolInfo): string {
  const body = {
    tool: { name: tool.name, version: tool.version },
    findings: [...report.findings].sort(compareFindings),
    errors: report.errors.map((e) => ({ file: e.file, line: e.line ?? null, message: e.message })),
    summary: summarize(report),
    ...(report.notes?.length ? { notes: report.notes } : {}),
  };
  return JSON.stringify(body, null, 2) + "\n";
}
