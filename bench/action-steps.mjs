// Runs the `run:` steps of a composite action.yml the way a runner would, locally: inputs from
// their defaults (or overrides), `${{ inputs.x }}` substituted, `if: inputs.x != ''` evaluated,
// GITHUB_ACTION_PATH and GITHUB_OUTPUT set, each step in bash. `uses:` steps (actions/setup-node) are skipped: Node is
// already here. Shared by bench/action.bench.mjs and test/action/action.test.ts.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";

export function runActionSteps(actionPath, { inputs = {}, cwd, env = {} } = {}) {
  const action = parse(readFileSync(path.join(actionPath, "action.yml"), "utf8"));
  const values = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) values[name] = inputs[name] ?? spec.default ?? "";
  const expand = (text) =>
    String(text).replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name) => {
      if (!(name in values)) throw new Error(`action.yml uses unknown input ${name}`);
      return values[name];
    });
  const outputDir = mkdtempSync(path.join(tmpdir(), "ag-github-output-"));
  const outputFile = path.join(outputDir, "output");
  writeFileSync(outputFile, "");
  const steps = [];
  // The one form of `if:` the action uses: an input compared with the empty string.
  const condition = (text) => {
    const m = /^\s*inputs\.([\w-]+)\s*(==|!=)\s*''\s*$/.exec(String(text));
    if (!m) throw new Error(`action-steps cannot evaluate if: ${text}`);
    return (values[m[1]] === "") === (m[2] === "==");
  };
  for (const step of action.runs.steps) {
    if (!step.run) continue;
    if (step.if !== undefined && !condition(step.if)) {
      steps.push({ name: step.name ?? step.id, skipped: true });
      continue;
    }
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)]));
    const run = spawnSync("bash", ["-e", "-c", expand(step.run)], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, ...env, ...stepEnv, GITHUB_ACTION_PATH: actionPath, GITHUB_OUTPUT: outputFile },
    });
    steps.push({ name: step.name ?? step.id, status: run.status, stdout: run.stdout, stderr: run.stderr });
    if (run.status !== 0) break;
  }
  const outputs = Object.fromEntries(
    readFileSync(outputFile, "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  rmSync(outputDir, { recursive: true, force: true });
  return { steps, outputs };
}

// `node bench/action-steps.mjs ACTION_PATH '{"paths":"examples"}'`: run from the current
// directory, print { steps, outputs } as JSON (the test suite's way in).
if (import.meta.url === `file://${process.argv[1]}`) {
  const [actionPath, inputs = "{}"] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(runActionSteps(path.resolve(actionPath), { cwd: process.cwd(), inputs: JSON.parse(inputs) })));
}
