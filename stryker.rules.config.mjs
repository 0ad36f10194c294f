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
  concurrency: 2,
};
