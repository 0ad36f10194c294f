/** PullFacts of a Copilot coding-agent PR for the two-person rule's tests. */
import type { PullFacts } from "../../../src/core/review/facts.js";

export const HEAD = "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f6a7b8c9d0e";

/** A Copilot coding-agent PR, requested by alice, touching a CDK stack. */
export function copilotPr(overrides: Partial<PullFacts> = {}): PullFacts {
  return {
    repo: "acme/platform",
    number: 42,
    author: { login: "Copilot", type: "Bot" },
    headSha: HEAD,
    headRef: "copilot/fix-orders-table",
    baseRef: "main",
    title: "Recreate the orders table with a new key schema",
    body: "Fixes #41\n\n<!-- START COPILOT CODING AGENT SUFFIX -->",
    labels: [],
    files: [{ path: "infra/lib/orders-stack.ts" }],
    filesComplete: true,
    commits: [
      {
        sha: HEAD,
        message: "Recreate orders table\n\nCo-authored-by: alice <1001+alice@users.noreply.github.com>",
        author: { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" },
        committer: { name: "GitHub", email: "noreply@github.com", login: null },
      },
    ],
    commitsComplete: true,
    reviews: [],
    permissions: { bob: "write", carol: "maintain", dave: "read", alice: "admin", erin: "write" },
    ...overrides,
  };
}
