/**
 * A repository or a directory of saved AWS CLI answers (`aws iam get-policy-version ... >
 * admin.json`) met while walking: the policy they hold is judged, not skipped as "not a
 * recognized input" (core cases: test/core/iam/policy-responses.test.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";

test("a walked get-policy-version answer granting everything is flagged, with its file and line", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-responses-"));
  const answer = { PolicyVersion: { Document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, VersionId: "v1", IsDefaultVersion: true, CreateDate: "2015-02-06T18:39:46+00:00" } };
  // Line 6 holds the statement: {, "PolicyVersion", "Document", "Version", "Statement": [, then its {.
  writeFileSync(path.join(dir, "admin.json"), JSON.stringify(answer, null, 4));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "x", version: "1.0.0" }));
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-responses-out-")), "report.json");
  const code = await main(["scan", dir, "--format", "json", "--output", out]);
  const report = JSON.parse(readFileSync(out, "utf8")) as { findings: { rule: string; evidence: { file?: string; line?: number; pointer?: string }[] }[]; summary: { inputs: number } };
  expect(code).toBe(1);
  expect(report.summary.inputs).toBe(1);
  expect(report.findings.map((f) => f.rule).sort()).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
  expect(report.findings[0]?.evidence[0]).toMatchObject({ file: path.join(dir, "admin.json"), pointer: "/PolicyVersion/Document/Statement/0", line: 6 });
});
