/**
 * One temporary directory per Jest run: tests (and the processes they start) create theirs
 * under it through os.tmpdir(), and the run removes it at the end, so repeated runs do not fill
 * the machine's /tmp (they left tens of gigabytes of synthesized apps and scan outputs).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const VARIABLE = "AGENT_GUARDRAIL_TEST_TMPDIR";

export function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-test-"));
  process.env[VARIABLE] = dir;
  // Workers are started after global setup and inherit this environment; os.tmpdir() reads TMPDIR on each call.
  process.env.TMPDIR = dir;
}

export function teardown() {
  const dir = process.env[VARIABLE];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
