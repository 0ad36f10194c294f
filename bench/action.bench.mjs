// The GitHub Action, from "action starts" to "SARIF written", on examples/ (issue 17): the `run:`
// steps of action.yml, run locally the way a runner runs them (bench/action-steps.mjs), in a copy
// of what the runner checks out for the action (git-tracked files only: no node_modules, no dist/).
// Baseline in the same run: `node -e 0` (the floor of any step that runs Node).
// Run: npm run bench -- action
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runActionSteps } from "./action-steps.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const RUNS = 5;
const work = mkdtempSync(path.join(tmpdir(), "ag-action-bench-"));
const actionPath = path.join(work, "action");
// What actions/checkout of the action's repository gives the runner: the committed files.
for (const file of execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean)) {
  if (!existsSync(path.join(root, file))) continue;
  mkdirSync(path.dirname(path.join(actionPath, file)), { recursive: true });
  cpSync(path.join(root, file), path.join(actionPath, file));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const times = [];
const floors = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const sarif = path.join(work, `out-${i}.sarif`);
    let t = process.hrtime.bigint();
    execFileSync(process.execPath, ["-e", "0"]);
    floors.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    const { steps, outputs } = runActionSteps(actionPath, { cwd: root, inputs: { paths: "examples", "sarif-file": sarif } });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    const failed = steps.find((s) => !s.skipped && s.status !== 0 && !(s.name === "Scan" && s.status === 1));
    if (failed || !existsSync(sarif)) throw new Error(`action failed (${failed?.name}: ${failed?.stderr ?? "no SARIF"})`);
    if (outputs["sarif-file"] !== sarif) throw new Error(`sarif-file output is ${outputs["sarif-file"]}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`action starts -> SARIF written (examples/, median of ${RUNS}): ${median(times).toFixed(0)} ms; node -e 0: ${median(floors).toFixed(0)} ms (${(median(times) / median(floors)).toFixed(1)}x)`);
console.log(`steps run: ${"every run: step of action.yml whose if: holds"}; a scan installs nothing (action/ is committed)`);
