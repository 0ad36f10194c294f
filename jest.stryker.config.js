/**
 * Jest as Stryker runs it (stryker.config.mjs); `npm test` uses jest.config.js alone. Same
 * transform and tests, plus a sequencer that runs only the test files holding a mutant's covering
 * tests and an environment that records test names and stops at the first failure
 * (stryker/*.cjs, docs/mutation-testing.md).
 */
import { fileURLToPath } from "node:url";
import base from "./jest.config.js";

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

export default {
  ...base,
  testEnvironment: here("./stryker/jest-environment.cjs"),
  testSequencer: here("./stryker/test-sequencer.cjs"),
};
