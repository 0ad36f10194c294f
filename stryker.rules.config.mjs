/**
 * `npm run mutate:rules`: the six rule files (one per rule id), killed by the unit tests of
 * src/core alone (the rules are pure functions; their core tests must pin them without the
 * adapters). See stryker.config.mjs and docs/mutation-testing.md.
 */
import base from "./stryker.config.mjs";

export default {
  ...base,
  mutate: [
    "src/core/iam/agent-destructive-prod.ts",
    "src/core/iam/agent-privilege-escalation.ts",
    "src/core/cfn/prod-resource-unprotected.ts",
    "src/core/cfn/changeset-destroys-prod.ts",
    "src/core/review/two-person-review.ts",
    "src/core/dashboards/adoption-dashboard-no-incidents.ts",
  ],
  jest: {
    ...base.jest,
    config: { testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/(aws|cdk|cli|report|github|policy)/", "\\.e2e\\.test\\.ts$"] },
  },
  // No TypeScript checker here: on a loaded two-core machine the checker, not the tests, was the
  // bottleneck (a run of one rule file was estimated at hours). Mutants that would not compile
  // are run like any other; ts-jest transpiles without type checks, so such a mutant is killed by
  // a test or listed (as a compile error, not a gap) in docs/mutation-testing.md.
  checkers: [],
  concurrency: 2,
};
