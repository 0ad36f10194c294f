import { compareFindings, type Evidence, type Finding } from "../core/finding.js";
import { summarize, type Report } from "./index.js";
import { compareText } from "../core/sorted.js";

const MAX_ACTIONS_SHOWN = 12;

/**
 * The evidence's fields, two spaces apart. Concatenated rather than joined from an array: a report
 * of a large account has thousands of these, and the text is copied once, by the caller (issue 17).
 */
export function formatEvidence(e: Evidence): string {
  let text = e.file ? (e.line ? `${e.file}:${e.line}` : e.file) : "";
  if (e.pointer) text = field(text, e.pointer);
  if (e.arn) text = field(text, e.arn);
  if (e.policyName) text = field(text, `policy ${e.policyName}`);
  if (e.statementIndex !== undefined) text = field(text, `statement ${e.statementIndex}`);
  if (e.reviewId !== undefined) text = field(text, `review ${e.reviewId}`);
  if (e.commitSha) text = field(text, `commit ${e.commitSha}`);
  if (e.url) text = field(text, e.url);
  if (e.note) text = field(text, `(${e.note})`);
  return text;
}

/** `text` and one more non-empty field (every field above is non-empty). */
function field(text: string, next: string): string {
  return text === "" ? next : `${text}  ${next}`;
}

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the inputs on its own line, its control characters written as escapes. A file name may
 * hold a line break, a commit author or a dashboard title anything: written as they are, they would
 * start lines of their own, which a GitHub Actions log runs as workflow commands (`::error ...`,
 * `::add-mask::`, `::stop-commands::`), or move a terminal's cursor and colours.
 */
export function oneLine(text: string): string {
  return text.replace(CONTROL, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

function paint(color: boolean, code: number, text: string): string {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** Appends the finding's lines to `lines`. */
function findingLines(f: Finding, color: boolean, lines: string[]): void {
  const label =
    f.suppressed !== null
      ? paint(color, 90, "suppressed")
      : f.severity === "error"
        ? paint(color, 31, "error     ")
        : f.severity === "warning"
          ? paint(color, 33, "warning   ")
          : "note      ";
  lines.push(`  ${label} ${f.rule}  ${oneLine(f.message)}`);
  if (f.actions?.length) {
    const shown = f.actions.slice(0, MAX_ACTIONS_SHOWN).join(", ");
    const more = f.actions.length > MAX_ACTIONS_SHOWN ? ` (+${f.actions.length - MAX_ACTIONS_SHOWN} more)` : "";
    lines.push(`      actions: ${shown}${more}`);
  }
  for (let i = 0; i < f.evidence.length; i++) lines.push(`      at ${oneLine(formatEvidence(f.evidence[i] as Evidence))}`);
  if (f.suppressed) lines.push(`      suppressed by ${oneLine(`${f.suppressed.by}: ${f.suppressed.reason}`)}`);
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
    out.push(paint(color, 1, oneLine(subject)));
    for (let i = 0; i < findings.length; i++) findingLines(findings[i] as Finding, color, out);
    out.push("");
  }
  if (report.errors.length) {
    out.push(paint(color, 1, "Inputs that could not be evaluated (fail closed):"));
    for (const e of report.errors) out.push(`  ${paint(color, 31, "error")} ${oneLine(`${e.file}${e.line ? `:${e.line}` : ""}  ${e.message}`)}`);
    out.push("");
  }
  for (const note of report.notes ?? []) out.push(`note: ${oneLine(note)}`);
  const s = summarize(report);
  const errors = report.findings.filter((f) => f.suppressed === null && f.severity === "error").length;
  const warnings = report.findings.filter((f) => f.suppressed === null && f.severity === "warning").length;
  out.push(
    `${s.findings} finding${s.findings === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}), ` +
      `${s.suppressed} suppressed, ${s.errors} input error${s.errors === 1 ? "" : "s"} in ${s.inputs} input${s.inputs === 1 ? "" : "s"}`,
  );
  return out.join("\n") + "\n";
}
