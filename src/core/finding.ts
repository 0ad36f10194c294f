/** The one shape every rule emits (DESIGN.md "Finding (JSON)"). */
import { compareText } from "./sorted.js";
import type { LineOf } from "./source/source.js";

export type Severity = "error" | "warning" | "note";

export const RULE_IDS = [
  "agent-destructive-prod",
  "agent-privilege-escalation",
  "prod-resource-unprotected",
  "changeset-destroys-prod",
  "two-person-review",
  "adoption-dashboard-no-incidents",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/**
 * Points back to the exact bytes behind a verdict. Templates and dashboards use file + line +
 * pointer; live IAM uses arn + policyName + statementIndex; pull requests use reviewId/commitSha.
 */
export interface Evidence {
  file?: string;
  line?: number;
  pointer?: string;
  arn?: string;
  policyName?: string;
  statementIndex?: number;
  reviewId?: number;
  commitSha?: string;
  url?: string;
  note?: string;
}

/**
 * Gives `target` an enumerable `line` found when first read (a finding's evidence rendered, an
 * error reported), not when the evidence is made: an account dump has evidence for every
 * principal and statement, and findings cite a few of them (issue 17). It takes the key's place
 * in `target` as a plain property would; once read it is one, or it is removed when there is no
 * line, as if never set.
 */
export function defineLazyLine<T extends { line?: number }>(target: T, find: () => number | undefined): T {
  Object.defineProperty(target, "line", {
    enumerable: true,
    configurable: true,
    get(this: T): number | undefined {
      const line = find();
      if (line === undefined) delete this.line;
      else Object.defineProperty(this, "line", { value: line, enumerable: true, configurable: true, writable: true });
      return line;
    },
    set(this: T, value: number | undefined) {
      Object.defineProperty(this, "line", { value, enumerable: true, configurable: true, writable: true });
    },
  });
  return target;
}

export interface Suppression {
  reason: string;
  by: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  subject: string;
  actions?: string[];
  evidence: Evidence[];
  suppressed: Suppression | null;
}

/** An input that could not be evaluated: reported, and it makes the run exit 2 (fail closed). */
export interface InputError {
  file: string;
  line?: number;
  message: string;
}

/** Evidence at `pointer` of `file`, with its line when the source knows it. */
export function evidenceAt(file: string, pointer: string, lineOf: LineOf | undefined): Evidence {
  const line = lineOf?.(pointer);
  return line === undefined ? { file, pointer } : { file, pointer, line };
}

/** An input error about `pointer` of `file` (none: the whole file), at its line when known. */
export function inputErrorAt(file: string, pointer: string | undefined, lineOf: LineOf | undefined, message: string): InputError {
  const line = pointer === undefined ? undefined : lineOf?.(pointer);
  return line === undefined ? { file, message } : { file, line, message };
}

export const SEVERITY_RANK: Record<Severity, number> = { note: 0, warning: 1, error: 2 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.rule, b.rule) ||
    compareText(a.subject, b.subject) ||
    compareText(a.evidence[0]?.file ?? "", b.evidence[0]?.file ?? "") ||
    (a.evidence[0]?.line ?? 0) - (b.evidence[0]?.line ?? 0) ||
    compareText(a.message, b.message)
  );
}
