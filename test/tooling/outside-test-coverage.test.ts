// stryker/outside-test-coverage.cjs: the Stryker dry run's coverage outside tests (a test file's
// loading, its describe-time fixtures, its beforeAll) goes to that file's tests, so that the
// mutants such code runs also run that file (docs/mutation-testing.md, "Coverage outside tests").
import { createRequire } from "node:module";

type Hits = Record<string, number>;
interface Coverage {
  static: Hits;
  perTest: Record<string, Hits>;
}
interface RunState {
  coveredAtRunTime: Set<string>;
  pendingImportHits: Map<string, string[][]>;
}
interface FileShare {
  coverage: Coverage;
  atStart: Hits;
  atDefinitions?: Hits;
  testNames: string[];
}

const { settleFile } = createRequire(import.meta.url)("../../stryker/outside-test-coverage.cjs") as {
  settleFile: (share: FileShare, state: RunState) => void;
};

const freshState = (): RunState => ({ coveredAtRunTime: new Set(), pendingImportHits: new Map() });

/** Mutants "1".."9" as ids; the coverage object the instrumented code keeps across test files. */
let coverage: Coverage;
let state: RunState;
beforeEach(() => {
  coverage = { static: {}, perTest: {} };
  state = freshState();
});

/** One test file as Jest runs it: its imports, its describe bodies, then its tests, each with its own hits. */
function runFile(imports: string[], definitions: string[], tests: Record<string, string[]>): void {
  const hit = (target: Hits, ids: string[]) => ids.forEach((id) => (target[id] = (target[id] ?? 0) + 1));
  const atStart = { ...coverage.static };
  hit(coverage.static, imports);
  const atDefinitions = { ...coverage.static };
  hit(coverage.static, definitions);
  for (const [name, ids] of Object.entries(tests)) hit((coverage.perTest[name] ??= {}), ids);
  settleFile({ coverage, atStart, atDefinitions, testNames: Object.keys(tests) }, state);
}

const coveredBy = (id: string) =>
  Object.entries(coverage.perTest)
    .filter(([, hits]) => (hits[id] ?? 0) > 0)
    .map(([name]) => name)
    .sort();

test("a fixture built in a describe body covers every test of its file, though no test ran it", () => {
  runFile([], ["7"], { "boundary size": ["1"], "boundary kind": [] });
  expect(coveredBy("7")).toEqual(["boundary kind", "boundary size"]);
  // Its static hit stays: Stryker sees a hybrid mutant and runs the covering tests with it active.
  expect(coverage.static["7"]).toBe(1);
});

test("module-level code a test elsewhere runs is covered by the tests of every file that loaded it", () => {
  // File A loads the module at import; file B imports it lazily inside a test (run-time coverage).
  runFile(["3"], [], { "table retain protects": ["1"] });
  expect(coveredBy("3")).toEqual([]);
  runFile([], [], { "scan lazily loads the rule": ["3"] });
  expect(coveredBy("3")).toEqual(["scan lazily loads the rule", "table retain protects"]);
  // A file loading it after the first run-time coverage is given it at once.
  runFile(["3"], [], { "table snapshot": [] });
  expect(coveredBy("3")).toEqual(["scan lazily loads the rule", "table retain protects", "table snapshot"]);
});

test("module-level code no test runs stays static: it would otherwise run every file that imports it", () => {
  runFile(["4"], [], { a: ["1"] });
  runFile(["4"], [], { b: ["2"] });
  expect(coveredBy("4")).toEqual([]);
  expect(coverage.static["4"]).toBe(2);
  expect(state.pendingImportHits.get("4")).toEqual([["a"], ["b"]]);
});

test("a describe-time hit counts as run-time coverage for the files that only loaded the module", () => {
  runFile(["5"], [], { a: [] });
  runFile([], ["5"], { b: [] });
  expect(coveredBy("5")).toEqual(["a", "b"]);
});

test("hits inside tests and in other files are left as they were", () => {
  runFile(["6"], ["7"], { own: ["8"] });
  runFile([], [], { other: ["9"] });
  expect(coverage.perTest).toEqual({ own: { "7": 1, "8": 1 }, other: { "9": 1 } });
});

test("a file with no definition before its tests counts every hit before them as loading", () => {
  const atStart = { ...coverage.static };
  coverage.static["2"] = 1;
  coverage.perTest["t"] = { "1": 1 };
  settleFile({ coverage, atStart, testNames: ["t"] }, state);
  expect(coveredBy("2")).toEqual([]);
  expect(state.pendingImportHits.get("2")).toEqual([["t"]]);
});
