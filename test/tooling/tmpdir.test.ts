import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";

// test/setup/tmpdir.js: every temporary file of a run lives under one directory the run removes.
test("tests and the processes they start write temporary files under the run's own directory", () => {
  const runDir = process.env["AGENT_GUARDRAIL_TEST_TMPDIR"];
  expect(path.basename(runDir ?? "")).toMatch(/^agent-guardrail-test-/);
  expect(tmpdir()).toBe(runDir);
  const child = execFileSync(process.execPath, ["-e", "process.stdout.write(require('node:os').tmpdir())"]).toString();
  expect(child).toBe(runDir);
});
