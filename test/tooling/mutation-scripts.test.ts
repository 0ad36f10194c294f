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
