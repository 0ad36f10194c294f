/**
 * two-person-review (DESIGN.md "Two-person review"): an agent-authored pull request that touches
 * infrastructure passes only with `requiredApprovals` distinct, independent humans whose latest
 * decisive review approves the current head. Anything that cannot be verified fails.
 */
import picomatch from "picomatch";
import type { Finding } from "../finding.js";
import type { Policy } from "../policy.js";
import { agentSignals, coAuthors, isAgentEmail, isAgentLogin, isAgentPerson, loginFromEmail, normalizeLogin, requesters } from "./agents.js";
import type { Approval, Decision, PullFacts, ReviewState } from "./facts.js";

const WRITE_OR_HIGHER = new Set(["admin", "maintain", "write"]);
const DECISIVE = new Set<ReviewState>(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);

export function infraFiles(facts: PullFacts, infraPaths: string[]): string[] {
  const isInfra = picomatch(infraPaths, { dot: true });
  return facts.files.flatMap((f) => [f.path, ...(f.previousPath ? [f.previousPath] : [])]).filter((p) => isInfra(p));
}

function decide(facts: PullFacts, policy: Policy): Decision {
  const agents = policy.agents;
  const required = policy.review.requiredApprovals;
  const reasons: string[] = [];
  const evidence = { reviewIds: [] as number[], commitShas: [] as string[], files: [] as string[] };
  const fail = (extra: string[] = []): Decision => ({
    conclusion: "failure",
    guarded: true,
    reasons: [...reasons, ...extra],
    approvals: [],
    missing: required,
    evidence,
  });

  if (!facts.filesComplete) return fail(["the list of changed files is truncated: cannot tell whether infrastructure is touched (fail closed)"]);
  if (!facts.commitsComplete) return fail(["the list of commits is truncated: cannot tell who wrote the change (fail closed)"]);

  const signals = agentSignals(facts, agents);
  const strong = signals.filter((s) => s.strong);
  const infra = infraFiles(facts, policy.review.infraPaths);
  evidence.files = infra;
  evidence.commitShas = [...new Set(signals.flatMap((s) => (s.commitSha ? [s.commitSha] : [])))];

  const unlinked = facts.commits.flatMap((c) =>
    [c.author, c.committer].filter((p) => p.login === null && !isAgentPerson(p, agents) && !isNoreplyOfGitHub(p.email)).map((p) => ({ sha: c.sha, p })),
  );
  if (strong.length === 0) {
    if (infra.length > 0 && unlinked.length > 0) {
      evidence.commitShas = unlinked.map((u) => u.sha);
      return {
        ...fail(unlinked.map((u) => `commit ${u.sha.slice(0, 7)} is by ${u.p.name} <${u.p.email}>, an email linked to no GitHub account: cannot tell whether an agent wrote it (fail closed)`)),
      };
    }
    return { conclusion: "success", guarded: false, reasons: ["not agent-authored"], approvals: [], missing: 0, evidence };
  }
  reasons.push(...signals.map((s) => (s.strong ? s.reason : `${s.reason} (weak signal)`)));
  if (infra.length === 0) {
    return { conclusion: "success", guarded: false, reasons: [...reasons, "no infrastructure files"], approvals: [], missing: 0, evidence };
  }
  reasons.push(`touches infrastructure: ${infra.slice(0, 5).join(", ")}${infra.length > 5 ? ` and ${infra.length - 5} more` : ""}`);

  // Who may not approve: the author, everyone who wrote or co-wrote a commit, and the requester.
  const excluded = new Map<string, string>();
  const exclude = (login: string | null | undefined, why: string) => {
    if (login && !excluded.has(normalizeLogin(login))) excluded.set(normalizeLogin(login), why);
  };
  exclude(facts.author.login, "opened the pull request");
  for (const c of facts.commits) {
    exclude(c.author.login, `authored commit ${c.sha.slice(0, 7)}`);
    exclude(c.committer.login, `committed ${c.sha.slice(0, 7)}`);
  }
  const linkedByEmail = new Map<string, string>();
  for (const c of facts.commits) for (const p of [c.author, c.committer]) if (p.login) linkedByEmail.set(p.email.toLowerCase(), p.login);
  for (const co of coAuthors(facts)) exclude(loginFromEmail(co.email) ?? linkedByEmail.get(co.email.toLowerCase()), `co-authored commit ${co.sha.slice(0, 7)}`);
  const asked = requesters(facts, agents);
  for (const login of asked.logins) exclude(login, "asked the agent for this change");
  for (const email of asked.emails) exclude(loginFromEmail(email) ?? linkedByEmail.get(email), "asked the agent for this change");

  // Latest decisive review per person; COMMENTED never overrides.
  const latest = new Map<string, PullFacts["reviews"][number]>();
  const ordered = [...facts.reviews].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.id - b.id);
  for (const r of ordered) if (DECISIVE.has(r.state)) latest.set(normalizeLogin(r.user.login), r);

  const approvals: Approval[] = [];
  for (const [login, review] of latest) {
    const who = `${review.user.login} (review ${review.id})`;
    evidence.reviewIds.push(review.id);
    if (review.state !== "APPROVED") {
      reasons.push(`${who}: latest decisive review is ${review.state}`);
      continue;
    }
    const why = disqualification(facts, policy, login, review, excluded.get(login));
    if (why) reasons.push(`${who} does not count: ${why}`);
    else approvals.push({ login: review.user.login, reviewId: review.id });
  }
  const missing = Math.max(0, required - approvals.length);
  reasons.push(
    missing === 0
      ? `${approvals.length} independent approvals of ${facts.headSha.slice(0, 7)}: ${approvals.map((a) => a.login).join(", ")}`
      : `${approvals.length} of ${required} independent human approvals of the head ${facts.headSha.slice(0, 7)}; ${missing} more needed`,
  );
  return { conclusion: missing === 0 ? "success" : "failure", guarded: true, reasons, approvals, missing, evidence };

  function isNoreplyOfGitHub(email: string): boolean {
    return email.toLowerCase() === "noreply@github.com";
  }
}

function disqualification(
  facts: PullFacts,
  policy: Policy,
  login: string,
  review: PullFacts["reviews"][number],
  excludedBecause: string | undefined,
): string | undefined {
  if (review.user.type !== "User") return `a ${review.user.type} account`;
  if (isAgentLogin(login, policy.agents) || isAgentEmail(`${login}@users.noreply.github.com`, policy.agents)) return "an agent account";
  if (excludedBecause) return `${excludedBecause}`;
  if (review.commitId !== facts.headSha) return `approved ${review.commitId.slice(0, 7)}, not the current head ${facts.headSha.slice(0, 7)}`;
  const permission = Object.entries(facts.permissions).find(([l]) => normalizeLogin(l) === login)?.[1] ?? "none";
  if (!WRITE_OR_HIGHER.has(permission)) return `has ${permission} permission, write or higher is required`;
  const teams = policy.review.approverTeams;
  if (teams.length > 0) {
    const memberOf = Object.entries(facts.teams ?? {}).find(([l]) => normalizeLogin(l) === login)?.[1] ?? [];
    // Config may name a team "slug" or "org/slug"; memberships are slugs of the repository's org.
    const slugs = new Set(teams.map((t) => (t.split("/").pop() ?? t).toLowerCase()));
    if (!memberOf.some((t) => slugs.has(t.toLowerCase()))) return `is in none of the approver teams (${teams.join(", ")})`;
  }
  return undefined;
}

export const rule = {
  id: "two-person-review" as const,
  defaultSeverity: "error" as const,
  evaluate: decide,
};

/** A failing decision as a Finding (CLI, reports); a pass yields none. */
export function decisionToFindings(decision: Decision, facts: PullFacts): Finding[] {
  if (decision.conclusion === "success") return [];
  const url = `https://github.com/${facts.repo}/pull/${facts.number}`;
  return [
    {
      rule: rule.id,
      severity: rule.defaultSeverity,
      message: `Pull request ${facts.repo}#${facts.number} fails the two-person rule: ${decision.reasons.at(-1) ?? "no reason recorded"}.`,
      subject: `${facts.repo}#${facts.number}`,
      evidence: [
        { url, commitSha: facts.headSha, note: "head" },
        ...decision.evidence.reviewIds.map((reviewId) => ({ reviewId, url: `${url}#pullrequestreview-${reviewId}` })),
        ...decision.evidence.commitShas.map((commitSha) => ({ commitSha, note: "agent-authored" })),
        ...decision.evidence.files.slice(0, 20).map((file) => ({ file, note: "infrastructure file" })),
      ],
      suppressed: null,
    },
  ];
}
