import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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

// test/setup/global-setup.js: aws-cdk-lib's CloudFormation validation, seconds of CPU per test file
// that synthesizes, is off in the workers and in the processes they start (test/deploy/app.e2e.test.ts
// gives its process its own environment, where it is on).
test("CDK's built-in CloudFormation validation is off in the suite and its child processes", () => {
  expect(process.env["CDK_VALIDATION"]).toBe("false");
  expect(execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.env.CDK_VALIDATION))"]).toString()).toBe("false");
});

// test/setup/sequencer.js: without timings (a fresh clone, as in CI) the end-to-end files start
// first; by file size alone they started among the last and one of them ended the run alone.
test("with no timings in Jest's cache the end-to-end files are listed first", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const cache = mkdtempSync(path.join(tmpdir(), "ag-jest-cache-"));
  try {
    const listed = execFileSync(process.execPath, [path.join(root, "node_modules/jest/bin/jest.js"), "--listTests", "--cacheDirectory", cache], { cwd: root, env: { ...process.env, NODE_OPTIONS: "--experimental-vm-modules" } })
      .toString()
      .trim()
      .split("\n")
      .map((file) => path.relative(root, file));
    const endToEnd = listed.filter((file) => file.endsWith(".e2e.test.ts"));
    expect(endToEnd.length).toBeGreaterThanOrEqual(4);
    expect(listed.slice(0, endToEnd.length).sort()).toEqual([...endToEnd].sort());
    expect(listed.length).toBeGreaterThan(400);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
