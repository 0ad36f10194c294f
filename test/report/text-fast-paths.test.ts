/**
 * The text report written without intermediate arrays (issue 17: evidence fields concatenated,
 * each finding's lines appended in place) is the report the array version wrote, kept here as the
 * definition: on generated evidence (every field present or not, empty strings, line and indexes
 * 0) and generated reports (subjects shared, every severity, suppressed or not, with and without
 * colour).
 */
import fc from "fast-check";
import { compareFindings, type Evidence, type Finding } from "../../src/core/finding.js";
import { compareText } from "../../src/core/sorted.js";
import type { Report } from "../../src/report/index.js";
import { formatEvidence, renderText } from "../../src/report/text.js";

const runs = (n: number) => ({ numRuns: Number(process.env.FC_RUNS ?? n), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) });

function plainFormatEvidence(e: Evidence): string {
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

const paint = (color: boolean, code: number, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

function plainFindingLines(f: Finding, color: boolean): string[] {
  const label = f.suppressed !== null ? paint(color, 90, "suppressed") : f.severity === "error" ? paint(color, 31, "error     ") : f.severity === "warning" ? paint(color, 33, "warning   ") : "note      ";
  const lines = [`  ${label} ${f.rule}  ${f.message}`];
  if (f.actions?.length) {
    const shown = f.actions.slice(0, 12).join(", ");
    const more = f.actions.length > 12 ? ` (+${f.actions.length - 12} more)` : "";
    lines.push(`      actions: ${shown}${more}`);
  }
  for (const e of f.evidence) lines.push(`      at ${plainFormatEvidence(e)}`);
  if (f.suppressed) lines.push(`      suppressed by ${f.suppressed.by}: ${f.suppressed.reason}`);
  return lines;
}

/** The findings part of the report as the array version wrote it (errors, notes and the summary line are not on the fast path). */
function plainFindingsPart(findings: readonly Finding[], color: boolean): string {
  const out: string[] = [];
  const bySubject = new Map<string, Finding[]>();
  for (const f of [...findings].sort(compareFindings)) bySubject.set(f.subject, [...(bySubject.get(f.subject) ?? []), f]);
  for (const [subject, list] of [...bySubject].sort(([a], [b]) => compareText(a, b))) {
    out.push(paint(color, 1, subject), ...list.flatMap((f) => plainFindingLines(f, color)), "");
  }
  return out.length ? out.join("\n") + "\n" : "";
}

const text = fc.constantFrom("", "a.json", "arn:aws:iam::1:role/x", "note with  two spaces", "(x)");
const evidenceArb: fc.Arbitrary<Evidence> = fc.record(
  {
    file: text,
    line: fc.constantFrom(0, 1, 42),
    pointer: text,
    arn: text,
    policyName: text,
    statementIndex: fc.constantFrom(0, 3),
    reviewId: fc.constantFrom(0, 7),
    commitSha: text,
    url: text,
    note: text,
  },
  { requiredKeys: [] },
);

const findingArb: fc.Arbitrary<Finding> = fc.record({
  rule: fc.constantFrom("agent-destructive-prod", "agent-privilege-escalation", "two-person-review"),
  severity: fc.constantFrom("error", "warning", "note"),
  message: fc.constantFrom("m", "can delete", "z"),
  subject: fc.constantFrom("arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b", "acme/platform#7"),
  actions: fc.option(fc.array(fc.constantFrom("s3:DeleteBucket", "dynamodb:DeleteTable", "iam:PassRole"), { maxLength: 15 }), { nil: undefined }),
  evidence: fc.array(evidenceArb, { maxLength: 4 }),
  suppressed: fc.option(fc.record({ reason: fc.constantFrom("reviewed"), by: fc.constantFrom("config") }), { nil: null }),
}) as fc.Arbitrary<Finding>;

describe("text report fast paths (issue 17)", () => {
  it("formatEvidence writes the fields the joined array wrote, two spaces apart", () => {
    fc.assert(
      fc.property(evidenceArb, (e) => expect(formatEvidence(e)).toBe(plainFormatEvidence(e))),
      runs(3000),
    );
  });

  it("renderText writes the findings the array version wrote", () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 8 }), fc.boolean(), (findings, color) => {
        const report: Report = { findings, errors: [], inputs: 2 };
        const text = renderText(report, { color });
        // Everything but the summary line, which the fast path does not write.
        expect(text.slice(0, text.lastIndexOf("\n", text.length - 2) + 1)).toBe(plainFindingsPart(findings, color));
      }),
      runs(1000),
    );
  });
});
