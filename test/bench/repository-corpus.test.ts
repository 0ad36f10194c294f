/**
 * The CLI benchmark's repository of templates (bench/repository-corpus.mjs) holds only templates a
 * scan takes: a fixture a scan refuses by design (a nested stack read from S3, a test macro), added
 * without being left out there, made `npm run bench` fail on that case.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = process.cwd();

test("a scan takes every template of the benchmark's repository (exit 0 or 1, no input error)", () => {
  const check = spawnSync(process.execPath, [path.join(root, "bench/repository-corpus.mjs"), "--check"], { cwd: root, encoding: "utf8" });
  expect(check.stderr).toBe("");
  expect(check.status).toBe(0);
});
