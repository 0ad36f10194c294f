// Cost of AgentGuardrails on `cdk synth` (issue 4). A generated app of 50 stacks x 40 resources
// (agent and service roles with inline policies, tables, buckets, queues, functions, grants between
// them; half the stacks production) is synthesized in-process, each mode in a fresh child process:
// bare synth, + AgentGuardrails, + cdk-nag 3 AwsSolutionsChecks (a validation plugin), with aws-cdk-lib's built-in
// CloudFormation validation off (median of REPS runs), then once per mode with validation on.
// Timed: app.synth() (building the construct tree is the same in every mode), and the whole process.
// Wall time is what the targets are about; the synth's CPU time (process.cpuUsage, all threads) is
// printed too, as it is less disturbed by other load on a shared machine. Modes alternate within
// each repetition (in a rotating order), so load drifts hit them alike.
// Targets: the Aspect adds <= 15% to bare synth (validation off) and <= 1/3 of what cdk-nag adds.
// The package is measured as `npm run build` leaves it: the bench first (re)writes the build's
// data files (scripts/generate-build-data.js), which a bare `tsc` does not.
// Run: npx tsc -p tsconfig.build.json && node bench/cdk-synth.bench.mjs   (or npm run bench cdk)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const STACKS = 50;
const GROUPS_PER_STACK = 5; // 8 resources per group: 40 per stack
const REPS = Number(process.env.BENCH_REPS ?? 5);
const self = fileURLToPath(import.meta.url);

async function child(mode, validation) {
  const { App, Aspects, Duration, Stack, Validations } = await import("aws-cdk-lib");
  const dynamodb = await import("aws-cdk-lib/aws-dynamodb");
  const iam = await import("aws-cdk-lib/aws-iam");
  const lambda = await import("aws-cdk-lib/aws-lambda");
  const s3 = await import("aws-cdk-lib/aws-s3");
  const sqs = await import("aws-cdk-lib/aws-sqs");
  const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-bench-cdk-"));
  const app = new App({ outdir, builtinCloudFormationValidation: validation });
  if (mode === "guardrails") {
    const { AgentGuardrails } = await import("../dist/cdk/index.js");
    Aspects.of(app).add(new AgentGuardrails());
  } else if (mode === "cdk-nag") {
    // cdk-nag 3 is a CDK validation plugin (it was an Aspect up to v2).
    const { AwsSolutionsChecks } = await import("cdk-nag");
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  let resources = 0;
  for (let s = 0; s < STACKS; s++) {
    const stack = new Stack(app, `${s % 2 ? "Prod" : "Staging"}Service${s}`, { terminationProtection: s % 4 !== 1 });
    for (let g = 0; g < GROUPS_PER_STACK; g++) {
      const table = new dynamodb.Table(stack, `Table${g}`, { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING } });
      const bucket = new s3.Bucket(stack, `Bucket${g}`);
      const queue = new sqs.Queue(stack, `Queue${g}`, { visibilityTimeout: Duration.seconds(60) });
      const role = new iam.Role(stack, g % 2 ? `CodingAgentRole${g}` : `ServiceRole${g}`, { assumedBy: new iam.AccountRootPrincipal() });
      role.addToPolicy(new iam.PolicyStatement({ actions: ["dynamodb:Query", "dynamodb:GetItem"], resources: [table.tableArn] }));
      bucket.grantRead(role);
      queue.grantSendMessages(role);
      if (g === 3) table.grantFullAccess(role);
      const fn = new lambda.Function(stack, `Handler${g}`, {
        runtime: lambda.Runtime.NODEJS_20_X,
        handler: "index.handler",
        code: lambda.Code.fromInline("exports.handler = async () => ({ ok: true });"),
      });
      table.grantReadWriteData(fn);
      queue.grantConsumeMessages(fn);
      resources += 8;
    }
  }
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  // Timed: app.synth() alone. Counting the error annotations afterwards reads every stack's
  // metadata back from the assembly: bookkeeping of this bench, not part of a synth.
  let assembly;
  let failure;
  try {
    assembly = app.synth();
  } catch (error) {
    // A validation plugin (cdk-nag 3) reports its violations by failing synth after it ran to the end.
    if (mode !== "cdk-nag" || !/validation/i.test(String(error?.message))) throw error;
    failure = error;
  }
  const ms = performance.now() - start;
  const cpuUsed = process.cpuUsage(cpuStart);
  const cpu = (cpuUsed.user + cpuUsed.system) / 1000;
  const errors = assembly
    ? assembly.stacks.reduce((n, st) => n + st.messages.filter((m) => m.level === "error").length, 0)
    : (String(failure.message).match(/^ERROR /gm) ?? []).length;
  // total: the whole process (imports, building the tree, synth), what `cdk synth` users wait for.
  process.stdout.write(JSON.stringify({ ms, cpu, total: performance.now(), resources, errors }));
  rmSync(outdir, { recursive: true, force: true });
}

function measure(mode, validation) {
  const run = spawnSync(process.execPath, ["--max-old-space-size=4096", self, "--child", mode, String(validation)], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${mode} (validation ${validation}) failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.slice(run.stdout.lastIndexOf('{"ms"')));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4] === "true");
} else {
  const generate = spawnSync(process.execPath, [path.join(path.dirname(self), "..", "scripts", "generate-build-data.js")], { encoding: "utf8" });
  if (generate.status !== 0) throw new Error(`scripts/generate-build-data.js failed (run npx tsc -p tsconfig.build.json first):\n${generate.stderr}`);
  console.log(`load average at start: ${load()}`);
  const modes = ["bare", "guardrails", "cdk-nag"];
  const off = {};
  for (const mode of modes) off[mode] = [];
  // The order rotates between repetitions, so that no mode always follows the same one.
  for (let r = 0; r < REPS; r++) for (let i = 0; i < modes.length; i++) off[modes[(r + i) % modes.length]].push(measure(modes[(r + i) % modes.length], false));
  const first = off.bare[0];
  console.log(`cdk synth of ${STACKS} stacks x ${first.resources / STACKS} resources, median of ${REPS} fresh processes, built-in validation OFF`);
  const m = Object.fromEntries(modes.map((mode) => [mode, median(off[mode].map((x) => x.ms))]));
  for (const mode of modes) console.log(`  ${mode.padEnd(11)} ${fmt(m[mode])}  (${(m[mode] / m.bare).toFixed(2)}x bare${mode === "cdk-nag" ? ", fails synth with its report" : `, ${off[mode][0].errors} error annotations`})`);
  const total = Object.fromEntries(modes.map((mode) => [mode, median(off[mode].map((x) => x.total))]));
  console.log(`  whole process: ${modes.map((mode) => `${mode} ${fmt(total[mode])} (${(total[mode] / total.bare).toFixed(2)}x)`).join(", ")}`);
  const aspectAdds = m.guardrails - m.bare;
  const nagAdds = m["cdk-nag"] - m.bare;
  console.log(`  AgentGuardrails adds ${((aspectAdds / m.bare) * 100).toFixed(1)}% to bare synth (target <= 15%)`);
  console.log(`  AgentGuardrails adds ${(aspectAdds / nagAdds).toFixed(2)} of what AwsSolutionsChecks adds (target <= 0.33)`);
  const range = (xs) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
  const fastest = Object.fromEntries(modes.map((mode) => [mode, Math.min(...off[mode].map((x) => x.ms))]));
  console.log(
    `  synth wall time range: ${modes.map((mode) => `${mode} ${range(off[mode].map((x) => x.ms))}`).join(", ")}; fastest runs: AgentGuardrails adds ` +
      `${(((fastest.guardrails - fastest.bare) / fastest.bare) * 100).toFixed(1)}%, ${((fastest.guardrails - fastest.bare) / (fastest["cdk-nag"] - fastest.bare)).toFixed(2)} of AwsSolutionsChecks`,
  );
  const cpu = Object.fromEntries(modes.map((mode) => [mode, median(off[mode].map((x) => x.cpu))]));
  console.log(
    `  synth CPU time (median): ${modes.map((mode) => `${mode} ${fmt(cpu[mode])}`).join(", ")}; AgentGuardrails adds ${(((cpu.guardrails - cpu.bare) / cpu.bare) * 100).toFixed(1)}%, ` +
      `${((cpu.guardrails - cpu.bare) / (cpu["cdk-nag"] - cpu.bare)).toFixed(2)} of what AwsSolutionsChecks adds`,
  );
  console.log(`load average after validation-off runs: ${load()}`);
  console.log(`built-in validation ON (one run each)`);
  const on = Object.fromEntries(modes.map((mode) => [mode, measure(mode, true).ms]));
  for (const mode of modes) console.log(`  ${mode.padEnd(11)} ${fmt(on[mode])}  (${(on[mode] / on.bare).toFixed(2)}x bare)`);
}
