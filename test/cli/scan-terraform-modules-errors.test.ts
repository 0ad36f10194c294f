/**
 * Failures while finding the modules a Terraform configuration calls: each is an error naming
 * what could not be read, never a pass, and the other configurations are still judged.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { jest } from "@jest/globals";

const unreadable = new Set<string>();
let failTree: string | undefined;
let failCalled = false;
const realFs = await import("node:fs");
jest.unstable_mockModule("node:fs", () => ({
  ...realFs,
  readFileSync: (file: unknown, options?: unknown) => {
    if (typeof file === "string" && unreadable.has(path.resolve(file))) throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: "EACCES" });
    return (realFs.readFileSync as (f: unknown, o?: unknown) => unknown)(file, options);
  },
}));
const realModules = await import("../../src/cli/terraform-modules.js");
jest.unstable_mockModule("../../src/cli/terraform-modules.js", () => ({
  ...realModules,
  calledDirectories: (...args: Parameters<typeof realModules.calledDirectories>) => {
    if (failCalled) throw new TypeError("calls unavailable");
    return realModules.calledDirectories(...args);
  },
  moduleTree: (root: { dir: string }, ...rest: Parameters<typeof realModules.moduleTree> extends [unknown, ...infer R] ? R : never) => {
    if (failTree && root.dir.endsWith(failTree)) throw new TypeError("module tree unavailable");
    return realModules.moduleTree(root as Parameters<typeof realModules.moduleTree>[0], ...rest);
  },
}));
const { runScan } = await import("../../src/cli/scan-run.js");
const { resolvePolicy } = await import("../../src/policy/load.js");

const FIXTURES = "test/fixtures/iam/terraform-hcl";

test("a called module's file that cannot be read is an error at the call (Terraform could not use it either)", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfmod-eacces-"));
  // A module with neither IAM nor calls is not walked as a configuration: read through its call.
  mkdirSync(path.join(dir, "modules", "names"), { recursive: true });
  writeFileSync(path.join(dir, "modules", "names", "main.tf"), 'output "role" {\n  value = "claude-code-runner"\n}\n');
  writeFileSync(path.join(dir, "main.tf"), 'module "names" {\n  source = "./modules/names"\n}\nresource "aws_iam_role" "r" {\n  name = module.names.role\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })\n}\n');
  unreadable.add(path.resolve(dir, "modules", "names", "main.tf"));
  const report = await runScan([dir], resolvePolicy());
  // The walk's own error for the file, and the call's: what the module gives cannot be read.
  expect(report.errors).toEqual([
    { file: path.join(dir, "modules", "names", "main.tf"), message: "cannot read: permission denied" },
    { file: path.join(dir, "main.tf"), line: 1, message: `module.names (source ./modules/names): ${path.join(dir, "modules", "names", "main.tf")}: cannot read: permission denied; the IAM it makes cannot be read (fail closed)` },
  ]);
});

test("a configuration whose modules cannot be found for an unforeseen reason is that configuration's error; the others are still judged", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfmod-boom-"));
  cpSync(path.join(FIXTURES, "claude-deployer"), path.join(dir, "ok"), { recursive: true });
  cpSync(path.join(FIXTURES, "claude-deployer"), path.join(dir, "boom"), { recursive: true });
  failTree = "boom";
  const report = await runScan([dir], resolvePolicy());
  failTree = undefined;
  expect(report.errors).toEqual([{ file: path.join(dir, "boom", "main.tf"), message: "the modules it calls could not be read (internal error: module tree unavailable); nothing in it was checked" }]);
  expect(report.findings.map((f) => f.subject)).toEqual(["aws_iam_role.claude", "aws_iam_role.claude"]);
});

test("an unforeseen failure finding which directories are called is an error; every directory is then judged as a root (fail closed)", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tfmod-calls-"));
  cpSync(path.join(FIXTURES, "module-calls"), dir, { recursive: true });
  failCalled = true;
  const report = await runScan([dir], resolvePolicy());
  failCalled = false;
  expect(report.errors).toEqual([{ file: path.join(dir, "live", "admin"), message: "could not be evaluated (internal error: calls unavailable); nothing in it was checked" }]);
  // The agent module alone (its broad default) and the admin caller's agent role both flagged.
  expect([...new Set(report.findings.map((f) => f.subject))].sort()).toEqual(["aws_iam_role.this", 'module.deployers["claude-code-deployer"].aws_iam_role.this']);
});
