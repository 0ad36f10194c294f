/**
 * `npm run mutate:rules`: the six rule files (one per rule id), killed by the unit tests of
 * src/core alone (the rules are pure functions; their core tests must pin them without the
 * adapters). See stryker.config.mjs and docs/mutation-testing.md.
 */
import base from "./stryker.config.mjs";
import { RULE_FILES } from "./stryker/chunks.mjs";

export default {
  ...base,
  mutate: RULE_FILES,
  jest: {
    ...base.jest,
    config: { testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/(aws|cdk|cli|report|github|policy|action|deploy|docs|tooling)/", "\\.e2e\\.test\\.ts$"] },
  },
  concurrency: 2,
};
