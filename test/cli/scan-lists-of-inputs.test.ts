/**
 * A JSON or YAML file whose value is a list holding inputs is not read as those inputs, and is not
 * skipped as no input either (as a JSON Lines file of them is not): `aws iam
 * get-account-authorization-details --output yaml-stream` writes one list item per page of the
 * answer (the AWS CLI v2's streamed YAML output), and a list of policy documents is a file some
 * tools write. Verdicts decided before running: each is an input error at the item (exit 2), named
 * or met while walking, the file beside it still judged; a list of plain values stays no input.
 * Before: a walked one was skipped ("1 file … not a recognized input"), exit 0, though its second
 * page holds an agent role with AdministratorAccess.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";

interface JsonReport {
  findings: { rule: string }[];
  errors: { file: string; line?: number; message: string }[];
  notes?: string[];
}

const role = (name: string, service: string, attached: string[]) => ({
  Arn: `arn:aws:iam::111111111111:role/${name}`,
  AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] },
  AttachedManagedPolicies: attached.map((arn) => ({ PolicyArn: arn, PolicyName: arn.split("/").pop() })),
  Path: "/",
  RoleId: `AROA${name.toUpperCase().replace(/-/g, "")}`,
  RoleName: name,
  RolePolicyList: [],
});
/** Two pages, as `--output yaml-stream` writes them: one list item per page, each with its pagination keys. */
const pagesYaml = [
  "- GroupDetailList: []",
  "  IsTruncated: true",
  "  Marker: AAEAAQ==",
  "  Policies: []",
  "  RoleDetailList:",
  ...JSON.stringify([role("readonly", "ec2.amazonaws.com", [])]).split("\n").map((l) => `  - ${l.slice(1, -1)}`),
  "  UserDetailList: []",
  "- GroupDetailList: []",
  "  IsTruncated: false",
  "  Policies: []",
  "  RoleDetailList:",
  ...JSON.stringify([role("claude-code-runner", "codebuild.amazonaws.com", ["arn:aws:iam::aws:policy/AdministratorAccess"])]).split("\n").map((l) => `  - ${l.slice(1, -1)}`),
  "  UserDetailList: []",
  "",
].join("\n");
const readOnlyPolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };
const adminPolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

async function scan(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-lists-out-")), "report.json");
  const code = await main(["scan", ...args, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

test("get-account-authorization-details --output yaml-stream met while walking: an input error at its first page, not skipped", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-lists-"));
  writeFileSync(path.join(dir, "account.yaml"), pagesYaml);
  writeFileSync(path.join(dir, "readonly.json"), JSON.stringify(readOnlyPolicy));
  const { code, report } = await scan([dir]);
  expect(code).toBe(2);
  expect(report.errors).toEqual([{ file: path.join(dir, "account.yaml"), line: 1, message: expect.stringMatching(/^holds authorization details as item 0 of a list: not read \(fail closed\); .*--output yaml-stream writes one list item per page/) }]);
  expect(report.notes ?? []).not.toContainEqual(expect.stringContaining("not a recognized input"));
  // Named, the same error rather than "not a recognized input".
  const named = await scan([path.join(dir, "account.yaml")]);
  expect(named.code).toBe(2);
  expect(named.report.errors.map((e) => e.message)).toEqual([report.errors[0]?.message]);
});

test("a JSON list of policy documents: an input error at the first; a list of plain values is still no input", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-lists-"));
  writeFileSync(path.join(dir, "policies.json"), JSON.stringify([readOnlyPolicy, adminPolicy], null, 2));
  writeFileSync(path.join(dir, "words.json"), JSON.stringify(["Statement", "Resources", { name: "x" }]));
  writeFileSync(path.join(dir, "readonly.json"), JSON.stringify(readOnlyPolicy));
  const { code, report } = await scan([dir]);
  expect(code).toBe(2);
  expect(report.errors).toEqual([{ file: path.join(dir, "policies.json"), line: 2, message: expect.stringMatching(/^holds a policy document as item 0 of a list: not read \(fail closed\); give it a file of its own$/) }]);
  expect(report.notes).toContainEqual(expect.stringContaining("1 file found while walking directories is not a recognized input"));
});

test("a list of dashboards is left to the adoption-dashboard check, as before (no error of the list rule)", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-lists-"));
  writeFileSync(path.join(dir, "layouts.json"), JSON.stringify([{ title: "Home", panels: [] }]));
  writeFileSync(path.join(dir, "readonly.json"), JSON.stringify(readOnlyPolicy));
  const { code, report } = await scan([dir]);
  expect(code).toBe(0);
  expect(report.errors).toEqual([]);
});
