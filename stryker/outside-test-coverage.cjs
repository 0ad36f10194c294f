/**
 * Coverage that runs outside any test, given to the tests of the file that ran it (Stryker dry
 * run only; jest-environment.cjs calls it). Stryker records a hit as a test's coverage only while
 * that test runs; a hit while a test file loads (its imports' module-level code), while its
 * `describe` bodies build fixtures, or in `beforeAll`/`afterAll` is "static". With `ignoreStatic`,
 * a mutant with static hits and some test's coverage ("hybrid") runs only the tests that covered
 * it at run time, and the sequencer drops every other file: the tests of a file whose fixture
 * (built at collection) or module-level table the mutant changes never ran, and such mutants were
 * counted as survivors (docs/mutation-testing.md, "Coverage outside tests").
 *
 * - Hits after the file's first `describe`/`test`/hook definition (fixtures, hooks) go to every
 *   test of that file.
 * - Hits while the file's imports load go to its tests only when some test anywhere covers the
 *   mutant at run time; a mutant no test covers stays static (ignored, as before), since each
 *   such module-level mutant would otherwise run every test file that imports its module.
 */
"use strict";

const STATE = Symbol.for("agent-guardrail.stryker.outside-test-coverage");

/** Process-wide across the test files of one dry run (Jest runs them in band under Stryker). */
function runState() {
  globalThis[STATE] ??= { coveredAtRunTime: new Set(), pendingImportHits: new Map() };
  return globalThis[STATE];
}

/** The mutant ids hit more often in `now` than in `before` (both id -> count). */
function hitsSince(before, now) {
  return Object.keys(now).filter((id) => now[id] > (before[id] ?? 0));
}

/** Records `ids` as covered by each named test, the way the instrumented code does. */
function attribute(coverage, ids, testNames) {
  if (ids.length === 0) return;
  for (const name of testNames) {
    const hits = (coverage.perTest[name] ??= {});
    for (const id of ids) hits[id] = (hits[id] ?? 0) + 1;
  }
}

/**
 * One test file's share: `atStart` (static hits before the file loaded), `atDefinitions` (before
 * its first definition) and the coverage object after its tests ran; `testNames` are its tests'
 * Stryker ids. `state` defaults to the process-wide one.
 */
function settleFile({ coverage, atStart, atDefinitions, testNames }, state = runState()) {
  const importHits = hitsSince(atStart, atDefinitions ?? coverage.static);
  const definitionHits = atDefinitions ? hitsSince(atDefinitions, coverage.static) : [];
  attribute(coverage, definitionHits, testNames);

  const newlyCovered = [];
  for (const name of testNames) {
    for (const id of Object.keys(coverage.perTest[name] ?? {})) {
      if (state.coveredAtRunTime.has(id)) continue;
      state.coveredAtRunTime.add(id);
      newlyCovered.push(id);
    }
  }
  for (const id of importHits) {
    if (state.coveredAtRunTime.has(id)) attribute(coverage, [id], testNames);
    else state.pendingImportHits.set(id, [...(state.pendingImportHits.get(id) ?? []), testNames]);
  }
  // Earlier files that loaded a mutant this file's tests are the first to cover at run time.
  for (const id of newlyCovered) {
    for (const names of state.pendingImportHits.get(id) ?? []) attribute(coverage, [id], names);
    state.pendingImportHits.delete(id);
  }
}

module.exports = { settleFile, hitsSince };
