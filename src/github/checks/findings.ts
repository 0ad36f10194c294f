/**
 * Findings and input errors as check-run output: annotations on the lines behind a verdict and
 * Markdown lines for the summary. Shared by every check that reports rule findings on files.
 */
import type { Finding, InputError, Severity } from "../../core/finding.js";
import { formatEvidence } from "../../report/text.js";
import { markdownText } from "./markdown.js";
import type { CheckAnnotation } from "./types.js";

const MAX_ACTIONS_SHOWN = 20;
const LEVEL: Record<Severity, CheckAnnotation["annotation_level"]> = { error: "failure", warning: "warning", note: "notice" };

function actionsText(f: Finding): string {
  if (!f.actions?.length) return "";
  const more = f.actions.length > MAX_ACTIONS_SHOWN ? `, … (${f.actions.length} in all)` : "";
  return `\nActions: ${f.actions.slice(0, MAX_ACTIONS_SHOWN).join(", ")}${more}`;
}

/**
 * The annotation of an unsuppressed finding: on its first evidence in a file of the pull request
 * (GitHub can only place annotations on files of the commit), naming the rest of its evidence.
 */
export function findingAnnotations(f: Finding, files: ReadonlySet<string>): CheckAnnotation[] {
  if (f.suppressed !== null) return [];
  const primary = f.evidence.find((e) => e.file && files.has(e.file) && e.line !== undefined) ?? f.evidence.find((e) => e.file && files.has(e.file));
  if (!primary?.file) return [];
  const line = primary.line ?? 1;
  const at = primary.pointer ? `\nAt ${primary.pointer}${primary.note ? ` (${primary.note})` : ""}` : primary.note ? `\n${primary.note}` : "";
  const others = f.evidence.filter((e) => e !== primary).map((e) => `\n- ${formatEvidence(e)}`);
  const also = others.length ? `\nAlso:${others.slice(0, 10).join("")}${others.length > 10 ? `\n- … ${others.length - 10} more` : ""}` : "";
  return [{ path: primary.file, start_line: line, end_line: line, annotation_level: LEVEL[f.severity], title: f.rule, message: `${f.message}${actionsText(f)}${at}${also}` }];
}

export function errorAnnotation(e: InputError): CheckAnnotation {
  const line = e.line ?? 1;
  return { path: e.file, start_line: line, end_line: line, annotation_level: "failure", title: "cannot be evaluated", message: e.message };
}

/** A Markdown bullet with the finding's evidence (file:line links at the head SHA when a base URL is given). */
export function findingSummaryLines(f: Finding, blobUrl?: (file: string, line?: number) => string): string[] {
  const state = f.suppressed ? `suppressed by ${f.suppressed.by}: ${f.suppressed.reason}` : f.severity;
  const lines = [`- **${markdownText(state)}** \`${f.rule}\` ${markdownText(`${f.subject}: ${f.message}`)}`];
  for (const e of f.evidence) {
    const text = markdownText(formatEvidence(e));
    lines.push(`  - ${e.file && blobUrl ? `[${text}](${blobUrl(e.file, e.line)})` : text}`);
  }
  return lines;
}

export function errorSummaryLine(e: InputError): string {
  return `- ${markdownText(`${e.file}${e.line ? `:${e.line}` : ""}: ${e.message}`)}`;
}
