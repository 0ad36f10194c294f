// Generate the guardrail boundary from the full catalogue, whole process, cold (issue 18):
//   `agent-guardrail boundary --format json` (and `--kind scp`), each run a fresh node process,
// against two floors measured in the same run: a bare `node` start and `agent-guardrail --version`
// (the CLI's own start-up). Target: under 1 s whole process on 2 cores.
// Also reports what the default tiers produce: policy sizes, statements, patterns, collateral.
// Run: npm run build && node bench/boundary.bench.mjs   (or npm run bench boundary)
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(root, "dist/cli/bin.js");
const runs = Number(process.argv[2] ?? 7);

function timed(args) {
  const t = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t;
  if (run.status !== 0) throw new Error(`${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return { ms, stdout: run.stdout };
}

// The generator alone in a fresh process: catalogue load + tiers + compression + packing, timed
// after the imports (the part of the whole-process figure that is this command's own work).
const generatorOnly = `
const { performance } = await import("node:perf_hooks");
const { loadCatalogue, catalogueData } = await import(${JSON.stringify(path.join(root, "dist/policy/catalogue.js"))});
const { loadPolicy } = await import(${JSON.stringify(path.join(root, "dist/policy/load.js"))});
const { generateBoundary } = await import(${JSON.stringify(path.join(root, "dist/core/boundary/generate.js"))});
const t = performance.now();
generateBoundary({ kind: "boundary", catalogue: loadCatalogue(), catalogueVersion: catalogueData().version, policy: loadPolicy() });
process.stdout.write(String(performance.now() - t));
`;
const inProcess = [];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cases = {
  "node (floor)": ["-e", ""],
  "agent-guardrail --version": [bin, "--version"],
  "boundary --kind boundary": [bin, "boundary", "--format", "json"],
  "boundary --kind scp": [bin, "boundary", "--kind", "scp", "--format", "json"],
};
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const outputs = {};
// Rotate the order each round so no case always runs first (cold caches, CPU frequency).
for (let i = 0; i < runs; i++) {
  const names = Object.keys(cases);
  for (let j = 0; j < names.length; j++) {
    const name = names[(i + j) % names.length];
    const { ms, stdout } = timed(cases[name]);
    times[name].push(ms);
    outputs[name] = stdout;
  }
  inProcess.push(Number(timed(["--input-type=module", "-e", generatorOnly]).stdout));
}
const floor = median(times["agent-guardrail --version"]);
console.log(`whole process, median of ${runs} cold runs (2-core machine, load ${(await import("node:os")).loadavg()[0].toFixed(1)}):`);
for (const [name, xs] of Object.entries(times)) {
  console.log(`  ${name.padEnd(28)} ${median(xs).toFixed(0).padStart(5)} ms  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})  ${(median(xs) / floor).toFixed(2)}x the CLI start-up`);
}
console.log(`  generator alone, cold process, after imports: ${median(inProcess).toFixed(0)} ms (min ${Math.min(...inProcess).toFixed(0)})`);
for (const name of ["boundary --kind boundary", "boundary --kind scp"]) {
  const out = JSON.parse(outputs[name]);
  const s = out.summary;
  console.log(`\n${name}: ${out.policies.length} policies, sizes ${out.policies.map((p) => p.size).join(", ")} of ${out.limit} characters`);
  console.log(`  denied ${s.deniedTotal} catalogue actions (${Object.entries(s.denied).map(([g, n]) => `${g} ${n}`).join(", ")}) + ${s.uncatalogued.length} uncatalogued patterns`);
  console.log(`  ${s.patterns} patterns in ${s.statements} statements; collateral ${s.collateral} (bound ${s.maxCollateral}); integrity actions: ${s.integrityActions.join(", ")}`);
  const target = median(times[name]) < 1000 ? "met" : "NOT met";
  console.log(`  target < 1 s whole process: ${target}`);
}
