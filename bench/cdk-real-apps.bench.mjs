// Cost of AgentGuardrails on the ten real public CDK apps of test/cdk/real-apps (issue 12).
// Each mode runs in a fresh child process that builds every app and times the sum of their
// app.synth() calls (built-in CloudFormation validation off): bare, + AgentGuardrails (the
// real-apps config), + cdk-nag 3 AwsSolutionsChecks. Modes rotate within each round (REPS rounds,
// medians reported), so load drifts hit them alike. The whole process and the synths' CPU time are printed too.
// Targets: the Aspect adds <= 20% to the sum of bare synth times and <= 1/4 of what cdk-nag adds.
// The apps are TypeScript: the bench transpiles test/cdk/real-apps/apps.ts into dist/bench/ first.
// Run: npm run bench real-apps   (builds first), or npx tsc -p tsconfig.build.json && node bench/cdk-real-apps.bench.mjs
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const REPS = Number(process.env.BENCH_REPS ?? 5);
const self = fileURLToPath(import.meta.url);
const root = path.join(path.dirname(self), "..");
const compiledApps = path.join(root, "dist", "bench", "real-apps.mjs");

async function child(mode) {
  const { App, Aspects, Validations } = await import("aws-cdk-lib");
  const apps = await import(compiledApps);
  const builders = [
    apps.apiCrud, apps.fargateService, apps.aurora, apps.parallelStepFunctions, apps.crossAccountReplication,
    apps.backupS3, apps.cdkPipelineEcs, apps.provisionedConcurrencyScaling, apps.globalTableWithCmk, apps.jobPoller,
  ];
  const { AgentGuardrails } = mode === "guardrails" ? await import("../dist/cdk/index.js") : {};
  const { AwsSolutionsChecks } = mode === "cdk-nag" ? await import("cdk-nag") : {};
  let ms = 0;
  let cpu = 0;
  let errors = 0;
  for (const build of builders) {
    const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-bench-real-"));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    build(app);
    if (mode === "guardrails") Aspects.of(app).add(new AgentGuardrails({ config: { production: { accounts: [apps.PROD_ACCOUNT, apps.REPLICA_ACCOUNT] } } }));
    if (mode === "cdk-nag") Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    try {
      app.synth();
    } catch (error) {
      // cdk-nag 3 reports its violations by failing synth after it ran to the end.
      if (mode !== "cdk-nag" || !/validation/i.test(String(error?.message))) throw error;
      errors += (String(error.message).match(/^ERROR /gm) ?? []).length;
    }
    ms += performance.now() - start;
    const used = process.cpuUsage(cpuStart);
    cpu += (used.user + used.system) / 1000;
    rmSync(outdir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify({ ms, cpu, total: performance.now(), apps: builders.length, errors }));
}

function measure(mode) {
  const run = spawnSync(process.execPath, ["--max-old-space-size=4096", self, "--child", mode], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${mode} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.slice(run.stdout.lastIndexOf('{"ms"')));
}

/** test/cdk/real-apps/apps.ts as an ES module beside the build (imports resolve from the package root). */
async function transpileApps() {
  const ts = (await import("typescript")).default;
  const source = readFileSync(path.join(root, "test", "cdk", "real-apps", "apps.ts"), "utf8");
  const out = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
  mkdirSync(path.dirname(compiledApps), { recursive: true });
  writeFileSync(compiledApps, out.outputText);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

if (process.argv[2] === "--child") {
  await child(process.argv[3]);
} else {
  const generate = spawnSync(process.execPath, [path.join(root, "scripts", "generate-build-data.js")], { encoding: "utf8" });
  if (generate.status !== 0) throw new Error(`scripts/generate-build-data.js failed (run npx tsc -p tsconfig.build.json first):\n${generate.stderr}`);
  await transpileApps();
  console.log(`load average at start: ${load()}`);
  const modes = ["bare", "guardrails", "cdk-nag"];
  const runs = Object.fromEntries(modes.map((m) => [m, []]));
  for (let r = 0; r < REPS; r++) for (let i = 0; i < modes.length; i++) runs[modes[(r + i) % modes.length]].push(measure(modes[(r + i) % modes.length]));
  console.log(`sum of app.synth() over ${runs.bare[0].apps} real CDK apps, median of ${REPS} fresh processes per mode, built-in validation OFF`);
  const m = Object.fromEntries(modes.map((mode) => [mode, median(runs[mode].map((x) => x.ms))]));
  for (const mode of modes) console.log(`  ${mode.padEnd(11)} ${fmt(m[mode])}  (${(m[mode] / m.bare).toFixed(2)}x bare)`);
  const total = Object.fromEntries(modes.map((mode) => [mode, median(runs[mode].map((x) => x.total))]));
  console.log(`  whole process: ${modes.map((mode) => `${mode} ${fmt(total[mode])} (${(total[mode] / total.bare).toFixed(2)}x)`).join(", ")}`);
  const aspectAdds = m.guardrails - m.bare;
  const nagAdds = m["cdk-nag"] - m.bare;
  console.log(`  AgentGuardrails adds ${((aspectAdds / m.bare) * 100).toFixed(1)}% to the sum of bare synth times (target <= 20%)`);
  console.log(`  AgentGuardrails adds ${(aspectAdds / nagAdds).toFixed(2)} of what AwsSolutionsChecks adds (target <= 0.25)`);
  // CPU time is less disturbed by other load on a shared machine than wall time.
  const cpu = Object.fromEntries(modes.map((mode) => [mode, median(runs[mode].map((x) => x.cpu))]));
  console.log(
    `  synth CPU time (median): ${modes.map((mode) => `${mode} ${fmt(cpu[mode])}`).join(", ")}; AgentGuardrails adds ${(((cpu.guardrails - cpu.bare) / cpu.bare) * 100).toFixed(1)}%, ` +
      `${((cpu.guardrails - cpu.bare) / (cpu["cdk-nag"] - cpu.bare)).toFixed(2)} of what AwsSolutionsChecks adds`,
  );
  console.log(`load average at end: ${load()}`);
}
