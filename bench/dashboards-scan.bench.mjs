// Scan 1,000 dashboards generated from the shapes of the real and hand-made fixtures
// (test/fixtures/dashboards: Grafana classic, provisioning wrapper, legacy rows, library panels,
// Grafana v2, CloudWatch bodies with metric, log and `chart` widgets (data.queries: PromQL, SQL,
// Logs Insights; also taken out of the CloudFormation templates there), Datadog groups) and compare, in the same run, against the floor:
// reading + parsing the same files with the parser `scan` uses (parseSource, which keeps line
// numbers). Reported: dashboards per second and the ratio scan / floor in CPU time (wall time is
// printed too; on a shared machine it mostly measures the wait for a core). Target (issues 6, 14): <= 3x.
// Each generated dashboard is a fixture with renamed titles/uids and its panels rotated, so no
// two files are identical. Median of 5 rounds after one warm-up round; with --expose-gc every
// phase starts from a collected heap.
// Run: npx tsc -p tsconfig.build.json && node --expose-gc bench/dashboards-scan.bench.mjs   (or npm run bench)
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { evaluateDashboardFile, normalizeDashboard } from "../dist/core/dashboards/index.js";
import { parseSource } from "../dist/core/source/parse.js";
import { resolvePolicy } from "../dist/policy/load.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtureDir = path.join(here, "../test/fixtures/dashboards");
const COUNT = 1000;
const ROUNDS = 5;

function fixtureShapes() {
  const out = [];
  for (const sub of ["real", "handmade"]) {
    for (const name of readdirSync(path.join(fixtureDir, sub)).filter((n) => /\.(json|ya?ml)$/.test(n)).sort()) {
      const value = parseSource(readFileSync(path.join(fixtureDir, sub, name), "utf8")).value;
      out.push({ name: `${sub}/${name}`, value });
      out.push(...dashboardBodies(value).map((body, i) => ({ name: `${sub}/${name}#${i}`, value: body })));
    }
  }
  return out;
}

/**
 * The CloudWatch bodies of a CloudFormation template's AWS::CloudWatch::Dashboard resources
 * (a `Fn::Sub` string or a `Fn::Join`), parameters replaced by 0: the chart widgets with
 * data.queries that real templates carry become dashboard files of their own.
 */
function dashboardBodies(template) {
  const resources = template && typeof template === "object" ? template.Resources : undefined;
  if (!resources || typeof resources !== "object") return [];
  const out = [];
  for (const r of Object.values(resources)) {
    const body = r?.Type === "AWS::CloudWatch::Dashboard" ? r.Properties?.DashboardBody : undefined;
    const sub = body?.["Fn::Sub"];
    const join = body?.["Fn::Join"];
    const text = typeof body === "string" ? body : typeof sub === "string" ? sub : Array.isArray(sub) ? sub[0] : Array.isArray(join) ? join[1].map((p) => (typeof p === "string" ? p : "0")).join(join[0]) : undefined;
    if (typeof text === "string") out.push(JSON.parse(text.replace(/\$\{[^}]*\}/g, "0")));
  }
  return out;
}

/** A variant of a dashboard: titles and uid suffixed with i, top-level panel lists rotated by i. */
function variant(value, i) {
  const copy = JSON.parse(JSON.stringify(value));
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (typeof node.title === "string") node.title = `${node.title} ${i}`;
    for (const v of Object.values(node)) walk(v);
  };
  walk(copy);
  const root = copy.dashboard ?? copy;
  if (typeof root.uid === "string") root.uid = `${root.uid}-${i}`;
  for (const key of ["panels", "widgets"]) {
    const list = root[key];
    if (Array.isArray(list) && list.length > 1) root[key] = [...list.slice(i % list.length), ...list.slice(0, i % list.length)];
  }
  return copy;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const policy = resolvePolicy();

const shapes = fixtureShapes().filter((s) => normalizeDashboard(s.value));
const dir = mkdtempSync(path.join(tmpdir(), "dashboards-bench-"));
const files = [];
let bytes = 0;
for (let i = 0; i < COUNT; i++) {
  const shape = shapes[i % shapes.length];
  const text = JSON.stringify(variant(shape.value, i), null, 2);
  const file = path.join(dir, `${String(i).padStart(4, "0")}-${path.basename(shape.name)}`);
  writeFileSync(file, text);
  files.push(file);
  bytes += text.length;
}

function floor() {
  let n = 0;
  for (const file of files) n += Object.keys(parseSource(readFileSync(file, "utf8")).value).length;
  return n;
}

/** As `scan` does it; withLines false leaves out the evidence line lookups (parseSource's lineOf). */
function scan(withLines = true) {
  const tally = { error: 0, warning: 0, pass: 0, inputErrors: 0 };
  for (const file of files) {
    const parsed = parseSource(readFileSync(file, "utf8"));
    const { findings, errors } = evaluateDashboardFile({ file, value: parsed.value, ...(withLines ? { lineOf: parsed.lineOf } : {}) }, policy);
    tally.inputErrors += errors.length;
    if (findings.length === 0) tally.pass++;
    for (const f of findings) tally[f.severity]++;
  }
  return tally;
}

/**
 * Time one phase from a collected heap, so no phase pays for the garbage of the one before.
 * Returns [wall ms, CPU ms]: CPU time (user + system of this process, GC threads included) is
 * the work done; wall time also counts waiting for a core, which on a shared machine is noise.
 */
function timed(run) {
  globalThis.gc?.();
  const t = performance.now();
  const c = process.cpuUsage();
  run();
  const cpu = process.cpuUsage(c);
  return [performance.now() - t, (cpu.user + cpu.system) / 1000];
}

floor();
const tally = scan(); // warm-up
const floors = [];
const scans = [];
const noLines = [];
for (let r = 0; r < ROUNDS; r++) {
  floors.push(timed(floor));
  scans.push(timed(() => scan()));
  noLines.push(timed(() => scan(false)));
}
rmSync(dir, { recursive: true, force: true });

const wall = (xs) => median(xs.map((x) => x[0]));
const cpu = (xs) => median(xs.map((x) => x[1]));
const f = wall(floors);
const s = wall(scans);
const n = wall(noLines);
const ratio = cpu(scans) / cpu(floors);
console.log(`dashboards: ${COUNT} files (${(bytes / 1e6).toFixed(1)} MB) from ${shapes.length} fixture shapes`);
console.log(`verdicts:   ${tally.error} error, ${tally.warning} warning, ${tally.pass} pass, ${tally.inputErrors} input errors`);
console.log(`floor (read + parseSource):         ${f.toFixed(1)} ms wall, ${cpu(floors).toFixed(1)} ms CPU  (${Math.round((COUNT / f) * 1000)} dashboards/s)`);
console.log(`scan  (read + parse + evaluate):    ${s.toFixed(1)} ms wall, ${cpu(scans).toFixed(1)} ms CPU  (${Math.round((COUNT / s) * 1000)} dashboards/s)`);
console.log(`scan without evidence line lookups: ${n.toFixed(1)} ms wall, ${cpu(noLines).toFixed(1)} ms CPU  (${(cpu(noLines) / cpu(floors)).toFixed(2)}x the floor)`);
const perRound = scans.map((x, r) => x[1] / floors[r][1]);
console.log(`ratio scan / floor (CPU time): ${ratio.toFixed(2)}x (target <= 3x) ${ratio <= 3 ? "OK" : "OVER TARGET"}; per round ${Math.min(...perRound).toFixed(2)}-${Math.max(...perRound).toFixed(2)}x; wall-clock ratio ${(s / f).toFixed(2)}x${globalThis.gc ? "" : " (run with --expose-gc to time each phase from a collected heap)"}`);
