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
