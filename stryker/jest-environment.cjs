/**
 * Jest environment for Stryker runs only (jest.stryker.config.js; `npm test` does not use it).
 * Three jobs (docs/mutation-testing.md):
 * - It records, per test file, the full names of its tests (the ids Stryker's per-test coverage
 *   uses), so that test-sequencer.cjs can drop the test files none of whose tests cover a mutant.
 * - In the dry run, it gives the coverage that ran outside any test of a file (loading, fixtures
 *   built in `describe`, `beforeAll`) to that file's tests (outside-test-coverage.cjs), so that
 *   the mutants such code runs also run that file.
 * - Bail: once a test has failed, the mutant is killed, so the remaining tests of this Jest run
 *   are skipped (Jest has no programmatic bail; Stryker's own `disableBail` is therefore ignored).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { TestEnvironment } = require("jest-environment-node");
const { settleFile } = require("./outside-test-coverage.cjs");
const { BAIL, recordFile } = require("./test-names.cjs");

/** A describe block's name as Stryker's mixin builds it (the root block has none). */
function blockName(block) {
  return block.parent ? `${blockName(block.parent)} ${block.name}`.trimStart() : "";
}

/** A test's full name exactly as Stryker's per-test coverage names it (its mutant test filter). */
function fullName(test) {
  return `${blockName(test.parent)} ${test.name}`.trimStart();
}

const DEFINITIONS = new Set(["start_describe_definition", "add_test", "add_hook"]);

function testsOf(block, out) {
  for (const child of block.children) {
    if (child.type === "describeBlock") testsOf(child, out);
    else out.push(fullName(child));
  }
  return out;
}

class StrykerRunEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    this.rootDir = config.projectConfig.rootDir;
    this.started = Date.now();
  }

  async handleTestEvent(event, state) {
    if (event.name === "test_start" && globalThis[BAIL]) event.test.mode = "skip";
    else if (event.name === "test_done" && event.test.errors.length > 0) globalThis[BAIL] = true;
    else if (event.name === "setup") this.atStart = this.staticHits();
    else if (DEFINITIONS.has(event.name) && this.atDefinitions === undefined) this.atDefinitions = this.staticHits();
    else if (event.name === "run_finish") {
      const names = testsOf(state.rootDescribeBlock, []);
      this.record(names);
      this.settleOutsideTestCoverage(names);
    }
  }

  /** Stryker's coverage object in a dry run; undefined in a mutant run (coverage is not read then). */
  coverage() {
    if (process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined) return undefined;
    const strykerGlobal = this.global[this.global.__strykerGlobalNamespace__ ?? "__stryker__"];
    return strykerGlobal?.mutantCoverage;
  }

  staticHits() {
    return { ...this.coverage()?.static };
  }

  settleOutsideTestCoverage(testNames) {
    const coverage = this.coverage();
    if (!coverage || !this.atStart) return;
    settleFile({ coverage, atStart: this.atStart, atDefinitions: this.atDefinitions, testNames });
  }

  /** Written once per sandbox and test file version: every run collects all names, filtered or not. */
  record(names) {
    const file = recordFile(this.rootDir, this.testPath);
    if (fs.existsSync(file)) return;
    const { mtimeMs, size } = fs.statSync(this.testPath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify({ testPath: this.testPath, mtimeMs, size, ms: Date.now() - this.started, names }));
    fs.renameSync(tmp, file);
  }
}

module.exports = StrykerRunEnvironment;
