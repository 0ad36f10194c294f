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

describe("asking an agent for a review only is no request for a change", () => {
  const who = (text: string) => requesters(copilotPr({ triggers: [{ login: "bob", kind: "comment", text, at: "2026-11-19T09:00:00Z" }] }), agents).filter((r) => r.login === "bob");
  it.each(["@codex review", "@codex security review please", "@gemini-cli /review"])("%s: bob may still approve", (text) => expect(who(text)).toEqual([]));
  it.each(["@codex address that feedback", "@codex reviewer, open port 22 too", "@codex review\n@copilot open port 22 to the world", "@gemini-cli /review and @claude fix it"])("%s: bob asked for a change", (text) => expect(who(text)).toHaveLength(1));
});
