import { compareFindings, type Evidence, type Finding } from "../core/finding.js";
import { summarize, type Report } from "./index.js";
import { compareText } from "../core/sorted.js";

const MAX_ACTIONS_SHOWN = 12;

export function formatEvidence(e: Evidence): string {
  const parts: string[] = [];
  if (e.file) parts.push(e.line ? `${e.file}:${e.line}` : e.file);
  if (e.pointer) parts.push(e.pointer);
  if (e.arn) parts.push(e.arn);
  if (e.policyName) parts.push(`policy ${e.policyName}`);
  if (e.statementIndex !== undefined) parts.push(`statement ${e.statementIndex}`);
  if (e.reviewId !== undefined) parts.push(`review ${e.reviewId}`);
  if (e.commitSha) parts.push(`commit ${e.commitSha}`);
  if (e.url) parts.push(e.url);
  if (e.note) parts.push(`(${e.note})`);
  return parts.join("  ");
}

function paint(color: boolean, code: number, text: string): string {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function findingLines(f: Finding, color: boolean): string[] {
  const label =
    f.suppressed !== null
      ? paint(color, 90, "suppressed")
      : f.severity === "error"
        ? paint(color, 31, "error     ")
        : f.severity === "warning"
          ? paint(color, 33, "warning   ")
          : "note      ";
  const lines = [`  ${label} ${f.rule}  ${f.message}`];
  if (f.actions?.length) {
    const shown = f.actions.slice(0, MAX_ACTIONS_SHOWN).join(", ");
    const more = f.actions.length > MAX_ACTIONS_SHOWN ? ` (+${f.actions.length - MAX_ACTIONS_SHOWN} more)` : "";
    lines.push(`      actions: ${shown}${more}`);
  }
  for (const e of f.evidence) lines.push(`      at ${formatEvidence(e)}`);
  if (f.suppressed) lines.push(`      suppressed by ${f.suppressed.by}: ${f.suppressed.reason}`);
  return lines;
}

/** Human-readable: findings grouped by subject (principal, stack, PR, dashboard), then input errors. */
export function renderText(report: Report, options: { color?: boolean } = {}): string {
  const color = options.color ?? false;
  const out: string[] = [];
  const bySubject = new Map<string, Finding[]>();
  for (const f of [...report.findings].sort(compareFindings)) {
    const list = bySubject.get(f.subject) ?? [];
    list.push(f);
    bySubject.set(f.subject, list);
  }
  for (const [subject, findings] of [...bySubject].sort(([a], [b]) => compareText(a, b))) {
    out.push(paint(color, 1, subject));
    for (const f of findings) out.push(...findingLines(f, color));
    out.push("");
  }
  if (report.errors.length) {
    out.push(paint(color, 1, "Inputs that could not be evaluated (fail closed):"));
    for (const e of report.errors) out.push(`  ${paint(color, 31, "error")} ${e.file}${e.line ? `:${e.line}` : ""}  ${e.message}`);
    out.push("");
  }
  for (const note of report.notes ?? []) out.push(`note: ${note}`);
  const s = summarize(report);
  const errors = report.findings.filter((f) => f.suppressed === null && f.severity === "error").length;
  const warnings = report.findings.filter((f) => f.suppressed === null && f.severity === "warning").length;
  out.push(
    `${s.findings} finding${s.findings === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}), ` +
      `${s.suppressed} suppressed, ${s.errors} input error${s.errors === 1 ? "" : "s"} in ${s.inputs} input${s.inputs === 1 ? "" : "s"}`,
  );
  return out.join("\n") + "\n";
}
