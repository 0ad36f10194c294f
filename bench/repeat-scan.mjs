// One process that scans a file three times with the compiled modules (dist/, `npm run build`)
// and prints the faster repeat's wall time (ms) as JSON. A repeat keeps every memo, index and
// compiled function of the scans before it, and still reads and parses the file: what is left is the
// evaluation's own work on that input, which no change to start-up or loading removes (issue 17,
// bench/cli-process.bench.mjs). Under the command line's own V8 flags (src/cli/v8-flags.ts).
// Usage: node bench/repeat-scan.mjs FILE
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { SHORT_RUN_V8_FLAGS } = await import(path.join(root, "dist/cli/v8-flags.js"));
for (const flag of SHORT_RUN_V8_FLAGS) v8.setFlagsFromString(flag);
const { policyFor } = await import(path.join(root, "dist/cli/common.js"));
const { runScan } = await import(path.join(root, "dist/cli/scan-run.js"));
const file = process.argv[2];
if (!file) throw new Error("usage: node bench/repeat-scan.mjs FILE");
const { policy } = await policyFor({});
const first = await runScan([file], policy);
let repeatMs = Infinity;
// Two repeats: the first of them still collects what the first scan left behind.
for (let i = 0; i < 2; i++) {
  const start = performance.now();
  const again = await runScan([file], policy);
  repeatMs = Math.min(repeatMs, performance.now() - start);
  if (again.findings.length !== first.findings.length) throw new Error("the scans disagree");
}
console.log(JSON.stringify({ repeatMs, findings: first.findings.length }));
