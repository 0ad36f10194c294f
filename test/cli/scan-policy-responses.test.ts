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

/**
 * A bare policy document with a name given twice in one statement, as a hand edit leaves it
 * (`"Effect": "Allow"` above a pasted `"Effect": "Deny"`; `"Action"` twice). IAM's documentation
 * says nothing of which one it applies, and the AWS CLI sends the file as written; the
 * Terraform provider refuses such JSON since 5.18 (hashicorp/terraform-provider-aws#33570,
 * MPL-2.0: facts only). Decided before running: an input error at the second name (exit 2), the
 * document not judged on either reading, the file beside it still judged, and a document whose
 * names are all given once judged as before.
 */
test("a bare policy document naming Effect or Action twice in one statement: an input error at the second, not a pass on the last", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-repeated-"));
  writeFileSync(path.join(dir, "agent-policy.json"), '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:DeleteBucket",\n      "Resource": "*",\n      "Effect": "Deny"\n    }\n  ]\n}\n');
  writeFileSync(path.join(dir, "reader.json"), '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "dynamodb:DeleteTable", "Action": "dynamodb:GetItem", "Resource": "*" }]\n}\n');
  writeFileSync(path.join(dir, "admin.json"), JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, null, 2));
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-repeated-out-")), "report.json");
  const code = await main(["scan", dir, "--format", "json", "--output", out]);
  const report = JSON.parse(readFileSync(out, "utf8")) as { findings: { rule: string; evidence: { file?: string }[] }[]; errors: { file: string; line?: number; message: string }[] };
  expect(code).toBe(2);
  expect(report.errors.map((e) => [path.basename(e.file), e.line, e.message.split(";")[0]])).toEqual([
    ["agent-policy.json", 8, 'policy document with a name given twice in one object: duplicate key "Effect" (two keys that read as the same name)'],
    ["reader.json", 3, 'policy document with a name given twice in one object: duplicate key "Action" (two keys that read as the same name)'],
  ]);
  expect(report.errors[0]?.message).toContain("not evaluated (fail closed)");
  expect([...new Set(report.findings.map((f) => path.basename(f.evidence[0]?.file ?? "")))]).toEqual(["admin.json"]);
});
