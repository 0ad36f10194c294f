/**
 * Check "agent-guardrail / two-person review": the pure two-person rule on the PR's facts, with a
 * summary a reviewer can act on: verdict, who approved, who is still needed, why each excluded
 * reviewer does not count, evidence links (files at the head SHA, review and commit ids).
 */
import type { Decision, PullFacts } from "../../core/review/facts.js";
import { rule } from "../../core/review/two-person-review.js";
import { blobUrl, markdownText } from "./markdown.js";
import type { CheckOutcome, PullCheck, PullCheckContext } from "./types.js";

export const TWO_PERSON_CHECK = "agent-guardrail / two-person review";

export function verdictLine(decision: Decision): string {
  if (!decision.guarded) return `Not guarded: ${decision.reasons.at(-1) ?? "not agent-authored"}`;
  if (decision.conclusion === "success") return `Agent-authored infrastructure change with ${decision.approvals.length} independent human approvals of the head`;
  return decision.missing > 0 && decision.approvals.length > 0
    ? `Agent-authored infrastructure change: ${decision.missing} more independent human approval${decision.missing === 1 ? "" : "s"} needed`
    : `Agent-authored infrastructure change: ${decision.reasons.at(-1) ?? "cannot be verified"}`;
}

/** The Markdown summary of one PR's decision (the app appends the request accounting). */
export function decisionSummary(facts: PullFacts, decision: Decision, htmlUrl: string): string {
  const pr = `${htmlUrl}/pull/${facts.number}`;
  const head = facts.headSha;
  const lines = [
    `**${decision.conclusion === "success" ? "PASS" : "FAIL"}** ${facts.repo}#${facts.number} at [\`${head.slice(0, 7)}\`](${htmlUrl}/commit/${head}): ${markdownText(verdictLine(decision))}.`,
    "",
    "**Reasons**",
    ...decision.reasons.map((r) => `- ${markdownText(r)}`),
  ];
  if (decision.guarded) {
    lines.push("", `**Approvals** (${decision.approvals.length} counted, ${decision.missing} still needed)`);
    for (const a of decision.approvals) lines.push(`- @${a.login} — [review ${a.reviewId}](${pr}#pullrequestreview-${a.reviewId})`);
    if (decision.missing > 0) lines.push(`- still needed: ${decision.missing} human${decision.missing === 1 ? "" : "s"} with write access who did not write, co-author or request this change, approving \`${head.slice(0, 7)}\``);
  }
  const ev = decision.evidence;
  if (ev.files.length || ev.commitShas.length || ev.reviewIds.length) {
    lines.push("", "**Evidence**");
    for (const f of ev.files.slice(0, 50)) lines.push(`- infrastructure file [${markdownText(f)}](${blobUrl(htmlUrl, head, f)})`);
    if (ev.files.length > 50) lines.push(`- … and ${ev.files.length - 50} more infrastructure files`);
    for (const sha of ev.commitShas.slice(0, 50)) lines.push(`- commit [\`${sha.slice(0, 7)}\`](${htmlUrl}/commit/${sha})`);
    for (const id of ev.reviewIds) lines.push(`- [review ${id}](${pr}#pullrequestreview-${id})`);
  }
  lines.push("", `Re-run offline: \`agent-guardrail review --repo ${facts.repo} --pr ${facts.number} --save-facts facts.json\`, then \`agent-guardrail review --facts facts.json\`.`);
  return lines.join("\n");
}

export function twoPersonOutcome(facts: PullFacts, decision: Decision, htmlUrl: string): CheckOutcome {
  return {
    conclusion: decision.conclusion,
    title: verdictLine(decision).slice(0, 200),
    summary: decisionSummary(facts, decision, htmlUrl),
    annotations: [],
  };
}

export const twoPersonReviewCheck: PullCheck = {
  name: TWO_PERSON_CHECK,
  run(ctx: PullCheckContext): Promise<CheckOutcome> {
    const decision = rule.evaluate(ctx.facts, ctx.policy);
    return Promise.resolve(twoPersonOutcome(ctx.facts, decision, ctx.htmlUrl));
  },
};
