/** Findings as check-run output: where an annotation lands, what it names, and when there is none. */
import type { Finding } from "../../../src/core/finding.js";
import { blobUrl, errorAnnotation, findingAnnotations, findingSummaryLines } from "../../../src/github/checks/findings.js";

const f = (over: Partial<Finding>): Finding => ({ rule: "agent-destructive-prod", severity: "error", message: "Role kiro can delete", subject: "s", evidence: [], suppressed: null, ...over });
const files = new Set(["infra/a.json"]);

describe("findingAnnotations", () => {
  it("lands on the first evidence with a line in a changed file, lists up to 20 actions and 10 other pieces of evidence", () => {
    const actions = Array.from({ length: 22 }, (_, i) => `s3:Action${i}`);
    const others = Array.from({ length: 12 }, (_, i) => ({ arn: `arn:aws:iam::1:role/r${i}` }));
    const [a] = findingAnnotations(f({ actions, evidence: [{ file: "elsewhere.json", line: 3 }, { file: "infra/a.json" }, { file: "infra/a.json", line: 7, pointer: "/Resources/R", note: "agent" }, ...others] }), files);
    expect(a).toMatchObject({ path: "infra/a.json", start_line: 7, end_line: 7, annotation_level: "failure", title: "agent-destructive-prod" });
    expect(a?.message).toContain(`\nActions: ${actions.slice(0, 20).join(", ")}, … (22 in all)`);
    expect(a?.message).toContain("\nAt /Resources/R (agent)");
    expect(a?.message).toContain("\n- elsewhere.json:3");
    expect(a?.message).toContain("\n- … 4 more");
  });

  it("falls back to line 1 of a changed file, carries a note without pointer, maps warning and note levels", () => {
    expect(findingAnnotations(f({ severity: "warning", evidence: [{ file: "infra/a.json", note: "whole file" }] }), files)).toEqual([
      { path: "infra/a.json", start_line: 1, end_line: 1, annotation_level: "warning", title: "agent-destructive-prod", message: "Role kiro can delete\nwhole file" },
    ]);
    expect(findingAnnotations(f({ severity: "note", evidence: [{ file: "infra/a.json", line: 2 }] }), files)[0]?.annotation_level).toBe("notice");
  });

  it("names every other piece of evidence, one per line, when there are at most 10", () => {
    const [a] = findingAnnotations(f({ evidence: [{ file: "infra/a.json", line: 4 }, { file: "elsewhere.json", line: 3 }, { arn: "arn:aws:iam::1:role/r" }] }), files);
    expect(a?.message).toBe("Role kiro can delete\nAlso:\n- elsewhere.json:3\n- arn:aws:iam::1:role/r");
  });

  it("none for a suppressed finding or one whose evidence is in no changed file", () => {
    expect(findingAnnotations(f({ evidence: [{ file: "infra/a.json", line: 2 }], suppressed: { reason: "reviewed in OPS-1", by: "config" } }), files)).toEqual([]);
    expect(findingAnnotations(f({ evidence: [{ arn: "arn:aws:iam::1:role/r" }, { file: "other.json", line: 1 }] }), files)).toEqual([]);
  });
});

describe("summary lines and links", () => {
  it("link file evidence at the head SHA (path segments encoded), plain text otherwise", () => {
    const ctx = { htmlUrl: "https://github.com/acme/platform", pull: { number: 1, headSha: "abc", headRef: "h", baseSha: "def", baseRef: "main" } };
    expect(blobUrl(ctx, "infra/my stack.json", 4)).toBe("https://github.com/acme/platform/blob/abc/infra/my%20stack.json#L4");
    expect(blobUrl(ctx, "a.json")).toBe("https://github.com/acme/platform/blob/abc/a.json");
    const lines = findingSummaryLines(f({ evidence: [{ file: "a.json", line: 2 }, { arn: "arn:x" }], suppressed: { reason: "ok for now", by: "config" } }), (file, line) => blobUrl(ctx, file, line));
    expect(lines).toEqual(["- **suppressed by config: ok for now** `agent-destructive-prod` s: Role kiro can delete", "  - [a.json:2](https://github.com/acme/platform/blob/abc/a.json#L2)", "  - arn:x"]);
    expect(findingSummaryLines(f({ evidence: [{ file: "a.json" }] }))).toEqual(["- **error** `agent-destructive-prod` s: Role kiro can delete", "  - a.json"]);
  });

  it("an input error without a line is annotated on line 1", () => {
    expect(errorAnnotation({ file: "a.json", message: "cannot parse" })).toEqual({ path: "a.json", start_line: 1, end_line: 1, annotation_level: "failure", title: "cannot be evaluated", message: "cannot parse" });
  });
});
