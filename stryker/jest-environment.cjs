/**
 * Jest environment for Stryker runs only (jest.stryker.config.js; `npm test` does not use it).
 * Two jobs, both to make a mutant cheap on two cores (docs/mutation-testing.md):
 * - It records, per test file, the full names of its tests (the ids Stryker's per-test coverage
 *   uses), so that test-sequencer.cjs can drop the test files none of whose tests cover a mutant.
 * - Bail: once a test has failed, the mutant is killed, so the remaining tests of this Jest run
 *   are skipped (Jest has no programmatic bail; Stryker's own `disableBail` is therefore ignored).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { TestEnvironment } = require("jest-environment-node");
const { BAIL, recordFile } = require("./test-names.cjs");

/** A test's full name as Jest reports it and as Stryker's per-test coverage names it. */
function fullName(test) {
  const parts = [];
  for (let block = test.parent; block && block.parent; block = block.parent) parts.unshift(block.name);
  return [...parts, test.name].join(" ").trim();
}

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
    else if (event.name === "run_finish") this.record(testsOf(state.rootDescribeBlock, []));
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
