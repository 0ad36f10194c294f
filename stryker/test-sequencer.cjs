/**
 * Test sequencer for Stryker runs only (jest.stryker.config.js). Stryker runs a mutant with a
 * test-name pattern of the tests that cover it, so Jest loads every test file and then skips most
 * of their tests; loading them (ESM graph, catalogue, fixtures) was most of the ~35 s per mutant,
 * and stryker.config.mjs does not narrow them with `--findRelatedTests` (it missed tests that
 * reach a module through another folder). This keeps only the test
 * files that hold a covering test (names recorded by jest-environment.cjs), fastest first so that
 * the bail in jest-environment.cjs stops early. Anything it cannot decide runs, as before.
 */
"use strict";
const Sequencer = require("@jest/test-sequencer").default;
const { BAIL, readRecord } = require("./test-names.cjs");

class StrykerSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.pattern = options.globalConfig.testNamePattern;
    globalThis[BAIL] = false;
  }

  sort(tests) {
    globalThis[BAIL] = false;
    if (!this.pattern) return super.sort(tests);
    // jest-circus matches the pattern case-insensitively against each test's full name.
    const covering = new RegExp(this.pattern, "i");
    const kept = [];
    const unknown = [];
    for (const test of tests) {
      const record = readRecord(test.context.config.rootDir, test.path);
      if (!record) unknown.push(test);
      else if (record.names.some((name) => covering.test(name))) kept.push({ test, ms: record.ms });
    }
    if (kept.length === 0) return super.sort(tests);
    kept.sort((a, b) => a.ms - b.ms);
    return [...kept.map((k) => k.test), ...unknown];
  }
}

module.exports = StrykerSequencer;
