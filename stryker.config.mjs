/**
 * Mutation testing (docs/mutation-testing.md): `npm run mutate` over src/core and src/github, in
 * chunks (stryker/chunks.mjs sets MUTATE_CHUNK), `npm run mutate:rules` over the six rule files.
 * Not part of `npm test` (it takes hours). Incremental: a re-run only tests the mutants whose code
 * or covering tests changed. `npx stryker run` alone runs every file in one go.
 */
import { readFileSync } from "node:fs";
import { CHUNKS, MUTATION_TEST_ENV } from "./stryker/chunks.mjs";

// What the tests read under mutation testing, unless set already; the test runners inherit it.
for (const [key, value] of Object.entries(MUTATION_TEST_ENV)) process.env[key] ??= value;

const chunk = process.env.MUTATE_CHUNK;
if (chunk !== undefined && !(chunk in CHUNKS)) throw new Error(`MUTATE_CHUNK=${chunk}: no such chunk in stryker/chunks.mjs`);
// MUTATE_SAMPLE (stryker/sample.mjs): the plan of a sampled run; only its drawn mutants' nodes are mutated.
const samplePlan = process.env.MUTATE_SAMPLE === undefined ? undefined : JSON.parse(readFileSync(process.env.MUTATE_SAMPLE, "utf8"));
const reportBase = samplePlan ? "reports/sample/mutation" : chunk === undefined ? "reports/mutation/mutation" : `reports/chunks/${chunk}`;
/** A drawn mutant's node as a Stryker mutate range (1-based lines, 0-based columns). */
const range = (m) => `${m.file}:${m.start.line + 1}:${m.start.column}-${m.end.line + 1}:${m.end.column}`;
const mutate = samplePlan
  ? samplePlan.mutants.map(range)
  : chunk === undefined
    ? ["src/core/**/*.ts", "src/github/**/*.ts"]
    : CHUNKS[chunk];

export default {
  packageManager: "npm",
  testRunner: "jest",
  // Jest runs ts-jest in ESM mode, like `npm test`.
  testRunnerNodeArgs: ["--experimental-vm-modules"],
  jest: {
    projectType: "custom",
    // Same tests as `npm test`, plus a sequencer and environment that make a mutant cheap (stryker/).
    configFile: "jest.stryker.config.js",
    // Not `--findRelatedTests`: Stryker adds only the mutated file's folder to Jest's `roots`
    // (ours: test/), so Jest's dependency graph stopped at modules in other folders, and a mutant
    // of src/core/boundary/drift.ts, reached from the tests through src/core/iam/evaluate.ts, ran
    // no test at all and "survived". Jest now lists every test file and stryker/test-sequencer.cjs
    // keeps the files holding the mutant's covering tests (per-test coverage of the initial run).
    enableFindRelatedTests: false,
    // Each mutant runs the tests that cover it, in the test folders of the mutated modules: the
    // adapters' wire tests (AWS, CDK synth, CLI, the spawned server) load far more than they pin
    // in src/core and src/github, and would multiply the run time. Mutants only they would kill
    // therefore count as survivors (a conservative score).
    // test/action, deploy, docs and tooling check the repository itself (the committed Action
    // bundle, links, the chunking): they pin nothing in src/core or src/github and fail in a
    // sandbox whose sources are instrumented.
    config: { testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/(aws|cdk|cli|report|action|deploy|docs|tooling)/", "\\.e2e\\.test\\.ts$"] },
  },
  // No TypeScript checker by default: Stryker gives it half of `concurrency`, so on two cores one
  // runner tested mutants while the checker sat mostly idle. A mutant that would not compile runs
  // like any other (ts-jest transpiles without type checks) and is killed or survives on its
  // behaviour. `--checkers typescript` adds the checker (it type-checks src/ only:
  // tsconfig.build.json; with the tests included it re-checked every test file importing a rule).
  checkers: [],
  tsconfigFile: "tsconfig.build.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate,
  ...(samplePlan ? { ignorers: ["sample-focus"] } : {}),
  coverageAnalysis: "perTest",
  // Module-level code (rule ids, constant tables, regexes) runs when a module loads, so each such
  // "static" mutant needs the whole related suite (~1 min on 2 cores): they are left out by default
  // (`npx stryker run --ignoreStatic false` includes them). See docs/mutation-testing.md.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: samplePlan || chunk !== undefined ? `${reportBase}.incremental.json` : "reports/stryker-incremental.json",
  // mutant-log (stryker/mutant-log-reporter.mjs): one line per mutant as it is tested, so a stopped
  // run still says how far it got.
  plugins: ["@stryker-mutator/*", "./stryker/mutant-log-reporter.mjs", "./stryker/sample-ignorer.mjs"],
  reporters: ["clear-text", "progress", "html", "json", "mutant-log"],
  htmlReporter: { fileName: `${reportBase}.html` },
  jsonReporter: { fileName: `${reportBase}.json` },
  // The machines have 2 cores: two runners.
  concurrency: 2,
  timeoutMS: 30000,
  // The initial run (every related test with per-test coverage) takes far over the default 5 min
  // on a loaded two-core machine.
  dryRunTimeoutMinutes: 60,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  // The thresholds of the acceptance: 85% overall.
  thresholds: { high: 90, low: 85, break: null },
};
