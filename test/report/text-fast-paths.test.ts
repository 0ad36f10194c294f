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
import { summarize, type Report } from "../../src/report/index.js";
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

function plainRenderText(report: Report, options: { color?: boolean } = {}): string {
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
    for (const f of findings) out.push(...plainFindingLines(f, color));
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

  it("renderText writes the report the array version wrote", () => {
    fc.assert(
      fc.property(
        fc.array(findingArb, { maxLength: 8 }),
        fc.array(fc.record({ file: fc.constantFrom("a.json", "b"), message: fc.constantFrom("bad"), line: fc.option(fc.constantFrom(0, 2), { nil: undefined }) }), { maxLength: 2 }),
        fc.boolean(),
        (findings, errors, color) => {
          const report: Report = { findings, errors: errors.map((e) => (e.line === undefined ? { file: e.file, message: e.message } : e)), inputs: 2, notes: ["SCPs not verified"] };
          expect(renderText(report, { color })).toBe(plainRenderText(report, { color }));
        },
      ),
      runs(1000),
    );
  });
});
