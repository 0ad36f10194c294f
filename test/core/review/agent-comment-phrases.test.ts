/**
 * "Claude finished @login's task" (anthropics/claude-code-action, src/github/operations/comment-logic.ts
 * getSuccessHeader, MIT) names the requester in claude[bot]'s own tracking comment; the same words
 * in a PR body are prose and name nobody.
 */
import { requesters } from "../../../src/core/review/agents.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr } from "./facts.js";

const agents = resolvePolicy().agents;

it("claude[bot]'s tracking comment names the requester", () => {
  const facts = copilotPr({ triggers: [{ login: "claude", kind: "comment", text: "**Claude finished @bob's task in 1m 52s** —— [View job](https://github.com/acme/platform/actions/runs/1)", at: "2026-11-19T09:01:00Z" }] });
  expect(requesters(facts, agents).filter((r) => r.source.startsWith("a comment by agent"))).toEqual([{ login: "bob", source: "a comment by agent claude (2026-11-19T09:01:00Z)" }]);
});

it("the same words from a human, or in the PR body, name nobody (no unmappable requester, no failure)", () => {
  const facts = copilotPr({
    body: "Claude finished the migration of the orders table.\n\n<!-- START COPILOT CODING AGENT SUFFIX -->",
    triggers: [{ login: "alice", kind: "comment", text: "Claude finished @bob's task, nice", at: "2026-11-19T09:01:00Z" }],
  });
  expect(requesters(facts, agents).filter((r) => r.source === "the PR body" || r.source.includes("alice"))).toEqual([]);
});
