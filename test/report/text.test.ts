/** The text report on every kind of finding and evidence, with and without colour. */
import type { Finding } from "../../src/core/finding.js";
import { renderText } from "../../src/report/text.js";

const finding = (over: Partial<Finding>): Finding => ({ rule: "agent-destructive-prod", severity: "error", message: "m", subject: "s", evidence: [], suppressed: null, ...over });
const many = Array.from({ length: 14 }, (_, i) => `dynamodb:Action${String(i).padStart(2, "0")}`);

describe("renderText", () => {
  const report = {
    findings: [
      finding({ subject: "acme/platform#7", rule: "two-person-review", message: "needs 1 more approval", evidence: [{ url: "https://github.com/acme/platform/pull/7", commitSha: "9f2c1e7", note: "head" }, { reviewId: 42 }] }),
      finding({ subject: "dashboard \"Copilot\"", rule: "adoption-dashboard-no-incidents", severity: "warning", message: "no incidents", evidence: [{ file: "d.json", line: 3, pointer: "/panels/0" }] }),
      finding({ subject: "orders-prod/Table", rule: "changeset-destroys-prod", severity: "note", message: "kept by Retain", evidence: [{ arn: "arn:cs", pointer: "/Changes/0/ResourceChange" }] }),
      finding({ subject: "arn:aws:iam::1:role/kiro", actions: many, evidence: [{ arn: "arn:aws:iam::1:role/kiro", policyName: "p", statementIndex: 0 }] }),
      finding({ subject: "arn:aws:iam::1:role/kiro", rule: "agent-privilege-escalation", suppressed: { reason: "reviewed in OPS-1", by: "config" } }),
    ],
    errors: [{ file: "broken.json", line: 2, message: "invalid JSON" }, { file: "cloudformation:orders-prod", message: "access denied" }],
    inputs: 1,
    notes: ["SCPs not verified"],
  };

  it("groups by subject, labels each severity, shortens long action lists and prints every evidence field", () => {
    const text = renderText(report);
    expect(text).toContain("  error      two-person-review  needs 1 more approval\n      at commit 9f2c1e7  https://github.com/acme/platform/pull/7  (head)\n      at review 42");
    expect(text).toContain("  warning    adoption-dashboard-no-incidents  no incidents\n      at d.json:3  /panels/0");
    expect(text).toContain("  note       changeset-destroys-prod  kept by Retain\n      at /Changes/0/ResourceChange  arn:cs");
    expect(text).toContain(`      actions: ${many.slice(0, 12).join(", ")} (+2 more)`);
    expect(text).toContain("      at arn:aws:iam::1:role/kiro  policy p  statement 0");
    expect(text).toContain("  suppressed agent-privilege-escalation  m\n      suppressed by config: reviewed in OPS-1");
    expect(text).toContain("Inputs that could not be evaluated (fail closed):\n  error broken.json:2  invalid JSON\n  error cloudformation:orders-prod  access denied");
    expect(text).toContain("note: SCPs not verified");
    expect(text.trimEnd().split("\n").at(-1)).toBe("4 findings (2 errors, 1 warning), 1 suppressed, 2 input errors in 1 input");
  });

  it("colours labels and subjects only when asked", () => {
    const coloured = renderText(report, { color: true });
    expect(coloured).toContain("\u001b[31merror     \u001b[0m");
    expect(coloured).toContain("\u001b[33mwarning   \u001b[0m");
    expect(coloured).toContain("\u001b[90msuppressed\u001b[0m");
    expect(coloured).toContain("\u001b[1macme/platform#7\u001b[0m");
    expect(renderText(report)).not.toContain("\u001b[");
  });

  it("singular counts", () => {
    expect(renderText({ findings: [finding({})], errors: [{ file: "x", message: "y" }], inputs: 1 }).trimEnd().split("\n").at(-1)).toBe("1 finding (1 error, 0 warnings), 0 suppressed, 1 input error in 1 input");
  });
});

describe("text from the inputs stays on its line", () => {
  // A file name may hold a line break (git and every Unix file system allow it), an author name anything.
  const forged = "a\n::error file=infra/prod.yaml::all checks passed\n::add-mask::error\r.yaml";
  const escape = "\u001b[2J\u001b[1;32mPASS\u001b[0m \u202eprod";
  const report = {
    findings: [
      finding({ subject: forged, message: `Role ${escape} can delete`, evidence: [{ file: forged, line: 4 }], suppressed: null }),
      finding({ subject: "s", rule: "agent-privilege-escalation", suppressed: { reason: `ok\n::stop-commands::x`, by: "config" } }),
    ],
    errors: [{ file: forged, line: 1, message: `cannot parse\n::warning::${escape}` }],
    inputs: 2,
    notes: [`note\n::group::hidden`],
  };

  it("writes line breaks and control characters as escapes: no line of the report is a workflow command or moves the cursor", () => {
    const text = renderText(report, { color: false });
    const lines = text.split("\n");
    expect(lines.filter((l) => l.trimStart().startsWith("::"))).toEqual([]);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/); // eslint-disable-line no-control-regex -- what must not be written
    expect(text).toContain(`a\\n::error file=infra/prod.yaml::all checks passed\\n::add-mask::error\\r.yaml:4`);
    expect(text).toContain("Role \\u001b[2J\\u001b[1;32mPASS\\u001b[0m \\u202eprod can delete");
    expect(text).toContain("suppressed by config: ok\\n::stop-commands::x");
    expect(text).toContain("cannot parse\\n::warning::");
    expect(text).toContain("note: note\\n::group::hidden");
    // The report's own structure is unchanged: one line per subject, finding, evidence and error.
    expect(lines).toHaveLength(renderText({ ...report, findings: report.findings.map((f) => ({ ...f, subject: f.subject === forged ? "x" : f.subject, message: "y", evidence: f.evidence.map(() => ({ file: "f", line: 4 })) })), errors: [{ file: "f", line: 1, message: "z" }], notes: ["n"] }).split("\n").length);
  });

  it("keeps its own colours", () => {
    expect(renderText(report, { color: true })).toContain("\u001b[31merror     \u001b[0m agent-destructive-prod  Role \\u001b[2J");
  });
});
