/**
 * Jest's order, except that end-to-end files (`*.e2e.test.ts`) Jest has no duration for start first.
 *
 * With no timings in its cache (a fresh clone: every CI run) Jest starts the largest files first,
 * as a guess at the longest. The end-to-end files are short and slow (they start processes and
 * synthesize apps: test/cdk/cdk-app.e2e.test.ts is 61 lines and took 26 s in CI), so they started
 * among the last, and one of them running alone on one worker made the end of the run. Once Jest
 * has timings (a second local run) it orders by them, and this changes nothing.
 */
import Sequencer from "@jest/test-sequencer";

const END_TO_END = /\.e2e\.test\.ts$/u;

export default class EndToEndFirst extends Sequencer {
  sort(tests) {
    // Jest's sort records each test's known duration (undefined when it has none) on the test.
    const sorted = super.sort(tests);
    const first = sorted.filter((test) => test.duration == null && END_TO_END.test(test.path));
    return [...first, ...sorted.filter((test) => !first.includes(test))];
  }
}
