/**
 * `npm run mutate:sample`: the mutation score of all of src/core and src/github, estimated from a
 * uniform random sample (docs/mutation-testing.md, "Sampled score"). A full run tests about
 * 14,000 mutants at 5-15 s each on two cores (most of a day); a sample of a few hundred takes
 * about an hour and bounds the score within a few points (95 % interval).
 *
 *   npm run mutate:sample                          400 nodes, seed 20261203
 *   npm run mutate:sample -- --size 600 --seed 7   another sample
 *   npm run mutate:sample -- --report              the estimate of the last run only
 *   npm run mutate:sample -- --survivors           and the survivors of the sample
 *   npm run mutate:sample -- --plan                write the plan (reports/sample/plan.json), run nothing
 *   npm run mutate:sample -- --same-plan           run the last plan again (after new tests: incremental,
 *                                                  only what changed is tested again)
 *
 * Every mutant Stryker would make in the mutated files is listed (its own instrumenter, the same
 * mutators) and grouped by the code it changes (a node: `a > b` gives four mutants). `--size`
 * nodes are drawn with a seeded generator (the same seed on the same sources draws the same
 * ones) and all their mutants are tested: Stryker mutates only the drawn nodes (mutate ranges,
 * plus stryker/sample-ignorer.mjs, which drops the other nodes inside a drawn one). The score is
 * the ratio of detected to counted mutants over the drawn nodes, with the interval of a ratio
 * estimator over a cluster sample. Static mutants (left out, as in `npm run mutate`) and listed
 * equivalent mutants are not counted. Incremental: a re-run with the same plan only tests what
 * changed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { filesUnder, missingBuild } from "./chunks.mjs";
import { loadEquivalents } from "./summarize.mjs";

// MUTATE_ROOT: another checkout (the tests use an empty one).
const root = process.env.MUTATE_ROOT ?? path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const SAMPLE_DIR = path.join("reports", "sample");
export const PLAN_FILE = path.join(SAMPLE_DIR, "plan.json");
const REPORT_FILE = path.join(SAMPLE_DIR, "mutation.json");
const MUTATED_DIRS = ["src/core", "src/github"];
const DEFAULTS = { size: 400, seed: 20261203 };

/** mulberry32: a small seeded generator, so a sample is reproducible from its seed. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` items drawn uniformly without replacement (a partial Fisher-Yates shuffle), in list order. */
export function drawSample(items, size, seed) {
  const random = seededRandom(seed);
  const index = items.map((_, i) => i);
  const n = Math.min(size, items.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (index.length - i));
    [index[i], index[j]] = [index[j], index[i]];
  }
  return index
    .slice(0, n)
    .sort((x, y) => x - y)
    .map((i) => items[i]);
}

/**
 * The ratio Σdetected / Σcounted over sampled clusters (nodes), in percent, with its 95 %
 * interval (the ratio estimator's standard error over the clusters, normal approximation,
 * clamped to 0-100). `clusters`: [{ detected, counted }].
 */
export function ratioEstimate(clusters, z = 1.96) {
  const n = clusters.length;
  const detected = clusters.reduce((s, c) => s + c.detected, 0);
  const counted = clusters.reduce((s, c) => s + c.counted, 0);
  if (counted === 0) return undefined;
  const r = detected / counted;
  const meanCounted = counted / n;
  const spread = n > 1 ? clusters.reduce((s, c) => s + (c.detected - r * c.counted) ** 2, 0) / (n - 1) : 0;
  const half = z * Math.sqrt(spread / n) / meanCounted;
  return { percent: 100 * r, interval: { low: Math.max(0, 100 * (r - half)), high: Math.min(100, 100 * (r + half)) }, detected, counted, clusters: n };
}

/** A mutant's identity across the instrumenter (0-based lines and columns) and Stryker's JSON report (1-based). */
export const planKey = (file, m) => `${file}\0${m.start.line}:${m.start.column}-${m.end.line}:${m.end.column}\0${m.mutator}\0${m.replacement}`;

/** The report's mutants in the plan's coordinates, by planKey. */
function reportedByKey(report) {
  const byKey = new Map();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      const { start, end } = m.location;
      const location = { start: { line: start.line - 1, column: start.column - 1 }, end: { line: end.line - 1, column: end.column - 1 } };
      byKey.set(planKey(file, { ...location, mutator: m.mutatorName, replacement: m.replacement ?? "" }), m);
    }
  }
  return byKey;
}

/**
 * The estimate: each planned mutant's status from the report, per drawn node. Covered score (the
 * issue's figure) counts killed + timeout against killed + timeout + survived; `score` also
 * counts no coverage as undetected. Equivalent (listed) and static mutants are not counted; a
 * planned mutant the report does not hold is "missing" (the run did not finish, or the sources
 * changed since the plan).
 */
export function estimate(plan, report, equivalents = new Map()) {
  const reported = reportedByKey(report);
  const counts = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, equivalent: 0, ignored: 0, errors: 0, missing: 0 };
  const open = [];
  const clusters = new Map();
  for (const m of plan.mutants) {
    const node = `${m.file}\0${m.start.line}:${m.start.column}-${m.end.line}:${m.end.column}`;
    if (!clusters.has(node)) clusters.set(node, { detected: 0, survived: 0, noCoverage: 0 });
    const cluster = clusters.get(node);
    const r = reported.get(planKey(m.file, m));
    const id = `${m.file}\0${m.start.line + 1}\0${m.mutator}\0${m.replacement}`;
    if (!r || r.status === "Pending") counts.missing++;
    else if (r.status === "Killed" || r.status === "Timeout") {
      counts[r.status === "Killed" ? "killed" : "timeout"]++;
      cluster.detected++;
    } else if (r.status === "Survived" || r.status === "NoCoverage") {
      if (equivalents.has(id)) counts.equivalent++;
      else {
        const kind = r.status === "Survived" ? "survived" : "noCoverage";
        counts[kind]++;
        cluster[kind]++;
        open.push({ file: m.file, line: m.start.line + 1, mutator: m.mutator, replacement: m.replacement, status: r.status });
      }
    } else if (r.status === "Ignored") counts.ignored++;
    else counts.errors++;
  }
  const nodes = [...clusters.values()];
  return {
    counts,
    open,
    covered: ratioEstimate(nodes.map((c) => ({ detected: c.detected, counted: c.detected + c.survived }))),
    score: ratioEstimate(nodes.map((c) => ({ detected: c.detected, counted: c.detected + c.survived + c.noCoverage }))),
  };
}

/**
 * The mutants Stryker's instrumenter makes (default mutators, as stryker.config.mjs) in `inputs`
 * ({ name, content, mutate: true | ranges }), with `ignorers`; ignored ones have status "Ignored".
 */
export async function instrument(inputs, ignorers = []) {
  const { Instrumenter } = await import("@stryker-mutator/instrumenter");
  const quiet = new Proxy({}, { get: (_, name) => (String(name).startsWith("is") ? () => false : () => undefined) });
  const { mutants } = await new Instrumenter(quiet).instrument(inputs, { plugins: null, excludedMutations: [], ignorers, noHeader: true });
  return mutants.map((m) => ({
    file: path.relative(root, path.resolve(root, m.fileName)).split(path.sep).join("/"),
    start: m.location.start,
    end: m.location.end,
    mutator: m.mutatorName,
    replacement: m.replacement,
    ...(m.status === "Ignored" ? { ignored: true } : {}),
  }));
}

/** Every mutant of the mutated folders. */
export function listMutants(files = MUTATED_DIRS.flatMap(filesUnder).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).sort()) {
  return instrument(files.map((name) => ({ name, content: readFileSync(path.join(root, name), "utf8"), mutate: true })));
}

/** Mutants grouped by the node they change (file and location), in list order. */
export function groupByNode(mutants) {
  const nodes = new Map();
  for (const m of mutants) {
    const key = `${m.file}\0${m.start.line}:${m.start.column}-${m.end.line}:${m.end.column}`;
    const list = nodes.get(key);
    if (list) list.push(m);
    else nodes.set(key, [m]);
  }
  return [...nodes.values()];
}

function option(argv, name, fallback) {
  const i = argv.indexOf(name);
  if (i === -1) return fallback;
  const value = Number(argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive whole number, got ${argv[i + 1] ?? "nothing"}`);
  return value;
}

function printEstimate(plan, report, equivalents, survivors) {
  const { counts, open, covered, score } = estimate(plan, report, equivalents);
  const pct = (s) => (s ? `${s.percent.toFixed(1)} % (95 % interval ${s.interval.low.toFixed(1)}-${s.interval.high.toFixed(1)} %; ${s.detected} of ${s.counted} mutants)` : "–");
  console.log(`sample: ${plan.size} of ${plan.nodes} nodes, ${plan.mutants.length} of ${plan.population} mutants of ${MUTATED_DIRS.join(" and ")}, seed ${plan.seed}`);
  console.log(
    `killed ${counts.killed}, timeout ${counts.timeout}, survived ${counts.survived}, no coverage ${counts.noCoverage}, ` +
      `equivalent ${counts.equivalent}, static (ignored) ${counts.ignored}, errors ${counts.errors}, not in the report ${counts.missing}`,
  );
  console.log(`covered score: ${pct(covered)}`);
  console.log(`score:         ${pct(score)}`);
  if (counts.missing) console.log(`${counts.missing} drawn mutants have no result: the run did not finish or the sources changed since the plan`);
  if (survivors) for (const m of open) console.log(`${m.status}\t${m.file}:${m.line}\t${m.mutator}\t${m.replacement.replace(/\s+/g, " ").slice(0, 100)}`);
}

async function main(argv) {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]);
    return 0;
  }
  const planPath = path.join(root, PLAN_FILE);
  const reportPath = path.join(root, REPORT_FILE);
  const survivors = argv.includes("--survivors");
  if (argv.includes("--report")) {
    if (!existsSync(planPath) || !existsSync(reportPath)) {
      console.error(`no sample report: run \`npm run mutate:sample\` first (${PLAN_FILE}, ${REPORT_FILE})`);
      return 2;
    }
    printEstimate(JSON.parse(readFileSync(planPath, "utf8")), JSON.parse(readFileSync(reportPath, "utf8")), loadEquivalents(), survivors);
    return 0;
  }
  let size;
  let seed;
  try {
    size = option(argv, "--size", DEFAULTS.size);
    seed = option(argv, "--seed", DEFAULTS.seed);
  } catch (error) {
    console.error(`npm run mutate:sample: ${error.message}`);
    return 2;
  }
  let plan;
  if (argv.includes("--same-plan") && existsSync(planPath)) {
    // The same nodes as last time, so Stryker's incremental file answers for whatever did not
    // change. A node whose code moved since is reported as "not in the report" by the estimate.
    plan = JSON.parse(readFileSync(planPath, "utf8"));
    console.log(`${PLAN_FILE}: the last plan again, ${plan.mutants.length} mutants, seed ${plan.seed}`);
  } else {
    const population = await listMutants();
    const nodes = groupByNode(population);
    const drawn = drawSample(nodes, size, seed);
    plan = { seed, size, population: population.length, nodes: nodes.length, mutants: drawn.flat() };
    mkdirSync(path.join(root, SAMPLE_DIR), { recursive: true });
    writeFileSync(planPath, `${JSON.stringify(plan, null, 1)}\n`);
    console.log(`${PLAN_FILE}: ${drawn.length} of ${nodes.length} nodes (${plan.mutants.length} of ${population.length} mutants), seed ${seed}`);
  }
  if (argv.includes("--plan")) return 0;
  const missing = missingBuild();
  if (missing) {
    console.error(missing);
    return 2;
  }
  const started = Date.now();
  const run = spawnSync("npx", ["stryker", "run"], { cwd: root, stdio: "inherit", env: { ...process.env, MUTATE_SAMPLE: PLAN_FILE } });
  console.log(`stryker: exit ${run.status ?? run.signal} after ${((Date.now() - started) / 60000).toFixed(1)} min`);
  if (run.status !== 0 || !existsSync(reportPath) || statSync(reportPath).mtimeMs < started) return 1;
  printEstimate(plan, JSON.parse(readFileSync(reportPath, "utf8")), loadEquivalents(), survivors);
  return 0;
}

if (path.resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
