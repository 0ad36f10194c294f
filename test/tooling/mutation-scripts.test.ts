// The mutation-testing scripts (docs/mutation-testing.md): the chunking of `npm run mutate` covers
// every mutated file once, and `npm run mutate:report` computes the acceptance figures.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const node = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });

let work: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), "ag-mutation-"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

test("every file of src/core and src/github is in exactly one chunk of npm run mutate", () => {
  const run = node(["stryker/chunks.mjs", "--check"]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
});

test("a new folder no chunk names is an error before any run, naming the file", () => {
  for (const file of ["src/core/iam/access.ts", "src/core/quota/limits.ts", "src/github/app.ts"]) {
    mkdirSync(path.join(work, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(work, file), "export {};\n");
  }
  const run = node(["stryker/chunks.mjs", "review"], { MUTATE_ROOT: work });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain("src/core/quota/limits.ts: in no chunk");
  expect(run.stderr).not.toContain("access.ts");
});

test("without a build, a run stops at once and says to build first", () => {
  mkdirSync(path.join(work, "src/core/iam"), { recursive: true });
  writeFileSync(path.join(work, "src/core/iam/access.ts"), "export {};\n");
  const run = node(["stryker/chunks.mjs", "review"], { MUTATE_ROOT: work });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain("dist/ is missing or incomplete: run `npm run build` first");
});

const mutant = (line: number, status: string, mutatorName = "ConditionalExpression", replacement = "true") => ({
  id: `${line}-${status}`,
  mutatorName,
  replacement,
  status,
  location: { start: { line, column: 1 }, end: { line, column: 9 } },
});

test("the report counts timeouts as killed, leaves equivalent and static mutants out, and gives both scores", () => {
  const report = {
    schemaVersion: "2",
    thresholds: { high: 90, low: 85 },
    files: {
      "src/core/review/two-person-review.ts": {
        language: "typescript",
        source: "",
        mutants: [
          mutant(10, "Killed"),
          mutant(11, "Killed"),
          mutant(12, "Timeout"),
          mutant(13, "Survived"),
          mutant(14, "Survived", "StringLiteral", '""'),
          mutant(15, "NoCoverage"),
          mutant(16, "Ignored"),
          mutant(17, "CompileError"),
        ],
      },
      "src/core/glob.ts": { language: "typescript", source: "", mutants: [mutant(3, "Killed"), mutant(4, "Pending")] },
    },
  };
  const reportFile = path.join(work, "review.json");
  writeFileSync(reportFile, JSON.stringify(report));
  const equivalents = path.join(work, "equivalent.json");
  writeFileSync(
    equivalents,
    JSON.stringify([{ file: "src/core/review/two-person-review.ts", line: 14, mutator: "StringLiteral", replacement: '""', reason: "made up for the test" }]),
  );
  const run = node(["stryker/summarize.mjs", reportFile, "--equivalents", equivalents, "--survivors"]);
  expect(run.status).toBe(0);
  const rows = Object.fromEntries(run.stdout.trim().split("\n").map((l) => [l.split("\t")[0], l.split("\t").slice(1)]));
  // killed, timeout, survived, no coverage, equivalent, static, score, covered score
  expect(rows["src/core/review/two-person-review.ts (rule)"]).toEqual(["2", "1", "1", "1", "1", "1", "60.00 %", "75.00 %"]);
  expect(rows["all (2 files)"]).toEqual(["3", "1", "1", "1", "1", "1", "66.67 %", "80.00 %"]);
  expect(run.stdout).toContain("1 mutants not tested yet (pending)");
  expect(run.stdout).toContain("Survived\tsrc/core/review/two-person-review.ts:13\tConditionalExpression\ttrue");
  expect(run.stdout).toContain("NoCoverage\tsrc/core/review/two-person-review.ts:15");
  expect(run.stdout).not.toContain(":14\t");
});

test("a report that is not JSON is exit 2 naming the file", () => {
  const broken = path.join(work, "broken.json");
  writeFileSync(broken, "{ not json");
  const run = node(["stryker/summarize.mjs", broken]);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(`${broken}: not a Stryker JSON report`);
});

/** Runs an ES module snippet against stryker/sample.mjs (and the ignorer) in a fresh node, returning its JSON output. */
const sampleJs = (code: string, cwd = root, env: Record<string, string> = {}) => {
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as unknown;
};
const SAMPLE = JSON.stringify(path.join(root, "stryker/sample.mjs"));

test("a sample is drawn without replacement, in list order, the same for the same seed and different for another", () => {
  const out = sampleJs(`
    import { drawSample } from ${SAMPLE};
    const items = Array.from({ length: 50 }, (_, i) => i);
    const counts = Array(10).fill(0);
    for (let seed = 1; seed <= 2000; seed++) counts[drawSample(items.slice(0, 10), 1, seed)[0]]++;
    console.log(JSON.stringify({ a: drawSample(items, 8, 7), b: drawSample(items, 8, 7), c: drawSample(items, 8, 8), all: drawSample(items.slice(0, 3), 9, 1), counts }));
  `) as { a: number[]; b: number[]; c: number[]; all: number[]; counts: number[] };
  expect(out.a).toEqual(out.b);
  expect(out.a).not.toEqual(out.c);
  expect(new Set(out.a).size).toBe(8);
  expect(out.a).toEqual([...out.a].sort((x, y) => x - y));
  expect(out.all).toEqual([0, 1, 2]);
  // 2,000 draws of one of ten: each about 200 times (uniform), none far off.
  for (const n of out.counts) expect(Math.abs(n - 200)).toBeLessThan(60);
});

test("the sampled score is the ratio over the drawn nodes, with the ratio estimator's 95 % interval", () => {
  const out = sampleJs(`
    import { ratioEstimate } from ${SAMPLE};
    console.log(JSON.stringify([
      ratioEstimate([{ detected: 1, counted: 1 }, { detected: 0, counted: 1 }, { detected: 2, counted: 2 }, { detected: 1, counted: 2 }]),
      ratioEstimate([{ detected: 3, counted: 3 }, { detected: 1, counted: 1 }]),
      ratioEstimate([{ detected: 0, counted: 0 }]) ?? null,
    ]));
  `) as [{ percent: number; interval: { low: number; high: number } }, { percent: number; interval: { low: number; high: number } }, null];
  // R = 4/6; residuals 1/3, -2/3, 2/3, -1/3: s² = (10/9)/3, SE = sqrt(s²/4)/1.5 = 0.2029.
  expect(out[0].percent).toBeCloseTo(66.667, 2);
  expect(out[0].interval.low).toBeCloseTo(66.667 - 196 * 0.20286, 1);
  expect(out[0].interval.high).toBe(100);
  expect(out[1]).toMatchObject({ percent: 100, interval: { low: 100, high: 100 } });
  expect(out[2]).toBeNull();
});

test("the estimate reads each planned mutant's status from Stryker's 1-based report, leaving out equivalent and static ones", () => {
  const at = (line: number, column: number, end: number) => ({ start: { line, column }, end: { line, column: end } });
  const planned = (line: number, mutator: string, replacement: string, end = 9) => ({ file: "src/core/x.ts", ...at(line, 4, end), mutator, replacement });
  const plan = {
    seed: 1,
    size: 3,
    population: 40,
    nodes: 20,
    mutants: [planned(9, "ConditionalExpression", "true"), planned(9, "ConditionalExpression", "false"), planned(19, "StringLiteral", '""'), planned(29, "BooleanLiteral", "false"), planned(39, "BlockStatement", "{}", 12), planned(49, "ArrayDeclaration", "[]")],
  };
  const reported = (line: number, mutatorName: string, replacement: string, status: string, end = 9) => ({ id: `${line}${mutatorName}`, mutatorName, replacement, status, location: { start: { line: line + 1, column: 5 }, end: { line: line + 1, column: end + 1 } } });
  const report = {
    files: {
      "src/core/x.ts": {
        mutants: [
          reported(9, "ConditionalExpression", "true", "Killed"),
          reported(9, "ConditionalExpression", "false", "Survived"),
          reported(19, "StringLiteral", '""', "Survived"),
          reported(29, "BooleanLiteral", "false", "Ignored"),
          reported(39, "BlockStatement", "{}", "Timeout", 12),
          reported(59, "BlockStatement", "{}", "Survived"),
        ],
      },
    },
  };
  const out = sampleJs(`
    import { estimate } from ${SAMPLE};
    const equivalents = new Map([["src/core/x.ts\\u000020\\u0000StringLiteral\\u0000\\"\\"", {}]]);
    console.log(JSON.stringify(estimate(${JSON.stringify(plan)}, ${JSON.stringify(report)}, equivalents)));
  `) as { counts: Record<string, number>; open: { line: number }[]; covered: { percent: number; detected: number; counted: number } };
  expect(out.counts).toEqual({ killed: 1, timeout: 1, survived: 1, noCoverage: 0, equivalent: 1, ignored: 1, errors: 0, missing: 1 });
  expect(out.open).toEqual([{ file: "src/core/x.ts", line: 10, mutator: "ConditionalExpression", replacement: "false", status: "Survived" }]);
  expect(out.covered).toMatchObject({ detected: 2, counted: 3 });
  expect(out.covered.percent).toBeCloseTo(66.667, 2);
});

test("in a sampled run Stryker mutates the drawn nodes only: never a drawn mutant ignored, no other node inside a drawn one", () => {
  const source = ["export function f(a: number, b: number): string {", '  if (a > b) return "more";', "  const c = a === b;", '  return c ? "same" : "less";', "}", "export const g = (x: boolean) => !x;", ""].join("\n");
  writeFileSync(path.join(work, "f.ts"), source);
  const out = sampleJs(
    `
    import { writeFileSync } from "node:fs";
    import { instrument, groupByNode, planKey } from ${SAMPLE};
    const content = ${JSON.stringify(source)};
    const all = await instrument([{ name: "f.ts", content, mutate: true }]);
    // Drawn: the function body (a node holding others) and the string "less" inside it.
    const drawn = groupByNode(all).filter((n) => (n[0].mutator === "BlockStatement" && n[0].start.line === 0) || (n[0].mutator === "StringLiteral" && n[0].start.line === 3 && n[0].start.column > 20));
    writeFileSync("plan.json", JSON.stringify({ mutants: drawn.flat() }));
    process.env.MUTATE_SAMPLE = "plan.json";
    const { sampleFocus } = await import(${JSON.stringify(path.join(root, "stryker/sample-ignorer.mjs"))});
    const mutants = await instrument([{ name: "f.ts", content, mutate: drawn.map((n) => ({ start: n[0].start, end: n[0].end })) }], [sampleFocus]);
    const tested = mutants.filter((m) => !m.ignored).map((m) => planKey("f.ts", m));
    console.log(JSON.stringify({ all: all.length, drawn: drawn.flat().map((m) => planKey("f.ts", m)), tested, ignored: mutants.filter((m) => m.ignored).length }));
  `,
    work,
    { MUTATE_ROOT: work },
  ) as { all: number; drawn: string[]; tested: string[]; ignored: number };
  expect(out.drawn.length).toBe(2);
  // Every drawn mutant is tested; the others inside the body (a > b, a === b, "more", "same") are not.
  for (const key of out.drawn) expect(out.tested).toContain(key);
  expect(out.ignored).toBeGreaterThan(4);
  // Only nodes on the way to the drawn string may come along (the return and conditional holding it).
  expect(out.tested.length).toBeLessThanOrEqual(out.drawn.length + 3);
  // Nothing outside the body: g's mutants are not instrumented at all.
  expect(out.tested.some((k) => k.includes("\u00005:"))).toBe(false);
});

test("npm run mutate:sample refuses a bad --size, and --report without a run, with exit 2", () => {
  const bad = node(["stryker/sample.mjs", "--size", "0"]);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("--size needs a positive whole number, got 0");
  const none = node(["stryker/sample.mjs", "--report"], { MUTATE_ROOT: work });
  expect(none.status).toBe(2);
  expect(none.stderr).toContain("no sample report: run `npm run mutate:sample` first");
});

test("--same-plan keeps the last plan (the same nodes), so a re-run after new tests is incremental", () => {
  mkdirSync(path.join(work, "reports", "sample"), { recursive: true });
  const plan = { seed: 7, size: 1, population: 3, nodes: 2, mutants: [{ file: "src/core/x.ts", start: { line: 0, column: 0 }, end: { line: 0, column: 4 }, mutator: "BooleanLiteral", replacement: "false" }] };
  writeFileSync(path.join(work, "reports", "sample", "plan.json"), JSON.stringify(plan));
  const run = node(["stryker/sample.mjs", "--same-plan", "--plan"], { MUTATE_ROOT: work });
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("reports/sample/plan.json: the last plan again, 1 mutants, seed 7");
});
