#!/usr/bin/env node
// Runs every benchmark in bench/ (each in its own process) against a fresh build of src/.
// Benchmarks print their own figures as ratios against a baseline measured in the same run.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv.slice(2);
// The build (`npm run build`): tsc, the data the compiled modules read (catalogue, defaults), the bundled CLI.
execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
execFileSync(process.execPath, [path.join(root, "scripts/generate-build-data.js")], { stdio: "inherit" });
execFileSync(process.execPath, [path.join(root, "scripts/bundle.js")], { stdio: "inherit" });
const benches = readdirSync(path.join(root, "bench"))
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark matches ${only.join(", ") || "bench/*.bench.mjs"}`);
  process.exit(2);
}
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench}`);
  const run = spawnSync(process.execPath, ["--expose-gc", path.join(root, "bench", bench)], { stdio: "inherit", cwd: root });
  if (run.status !== 0) {
    failed++;
    console.log(`=== ${bench} exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed ? 1 : 0);
