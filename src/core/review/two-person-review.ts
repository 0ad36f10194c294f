/**
 * two-person-review (DESIGN.md "Two-person review"): an agent-authored pull request that touches
 * infrastructure passes only with `requiredApprovals` distinct, independent humans whose latest
 * decisive review approves the current head. Anything that cannot be verified fails.
 */
import picomatch from "picomatch";
import type { Finding } from "../finding.js";
import type { Policy } from "../policy.js";
import { accountIdFromEmail, accountOf, agentSignals, coAuthors, coAuthorsIn, bodyTexts, describeCoAuthor, writtenCommits, isAgentCoAuthor, isAgentEmail, isAgentLogin, isAgentPerson, isNoreplyOfGitHub, loginFromEmail, normalizeLogin, requesters } from "./agents.js";
import type { Approval, Decision, Person, PullFacts, ReviewState } from "./facts.js";
import { provenance } from "./pushes.js";
import { compareText } from "../sorted.js";

const WRITE_OR_HIGHER = new Set(["admin", "maintain", "write"]);
const DECISIVE = new Set<ReviewState>(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);

/** Documentation: never infrastructure inside a project folder (globs still decide for it). */
const DOCS = ["**/*.{md,markdown,rst}", "**/README{,.txt}", "**/{LICENSE,LICENCE,CHANGELOG,NOTICE}*"];
const IS_DOCS = picomatch(DOCS, { dot: true, nocase: true });

/**
 * Inside a project of code (CDK, Pulumi, SST, Serverless, Terraform, an Ansible role), its tests
 * and docs are not infrastructure either (globs still decide for them). Not every `.txt`: a CDK
 * Python app's requirements.txt is what the pipeline installs before `cdk deploy` runs the app
 * with deploy credentials. Matched against the path inside the project: a project that lives in a
 * folder named test/ or docs/ (an environment envs/test/, an SST app apps/docs/) is all infrastructure.
 */
const NOT_INFRA_IN_PROJECT = picomatch(["**/{test,tests,__tests__,spec,docs,doc}/**", "**/*.{test,spec}.*", ...DOCS], { dot: true, nocase: true });

/**
 * A project of manifests, whose every file may be deployed: a Helm chart renders all of templates/
 * (its tests/ hooks included, installed with the release once their annotation is dropped), and a
 * Kustomize folder, a Helmfile or a Flux cluster's folder is applied as it is (an overlay named
 * test/ is an environment). Only documentation and the test files of code, by their names
 * (`main_test.go` beside a kustomization.yaml at a repository's root), are excepted there. Known
 * by the project file fetchInfraRoots names as the source.
 */
const MANIFEST_PROJECT = /(^|\/)(chart\.yaml|kustomization(\.ya?ml)?|helmfile\.ya?ml|flux-system\/)$/i;

/** Test files by their names alone, in the languages projects of code are written in (never a manifest). */
const IS_TEST_FILE = picomatch(["**/*.{test,spec}.{ts,tsx,js,jsx,mjs,cjs,py,go,java,kt,cs,rb}", "**/*_test.go", "**/test_*.py"], { dot: true, nocase: true });

/**
 * The changed paths (and previous paths of renames) that are infrastructure: matching
 * `review.infraPaths` (case-insensitive: `Infra/`, `CDK/`), or inside a folder the base branch's
 * project files declare as infrastructure (`infraRoots`), tests and docs of that project excepted.
 */
export function infraFiles(facts: PullFacts, infraPaths: string[]): string[] {
  const isInfra = picomatch(infraPaths, { dot: true, nocase: true });
  const roots = facts.infraRoots ?? [];
  // A root is a folder, or a submodule's path itself (its bump is the change). The part of the
  // path inside it decides whether it is a test or a doc of that project.
  const inside = (p: string, root: string): string | undefined => {
    const dir = root.replace(/\/+$/, "");
    if (dir === "") return p;
    if (p.toLowerCase() === dir.toLowerCase()) return "";
    return p.toLowerCase().startsWith(`${dir.toLowerCase()}/`) ? p.slice(dir.length + 1) : undefined;
  };
  const inProject = (p: string) =>
    roots.some((r) => {
      const rel = inside(p, r.root);
      if (rel === undefined) return false;
      return MANIFEST_PROJECT.test(r.source) ? !IS_DOCS(rel) && !IS_TEST_FILE(rel) : !NOT_INFRA_IN_PROJECT(rel);
    });
  return facts.files.flatMap((f) => [f.path, ...(f.previousPath ? [f.previousPath] : [])]).filter((p) => isInfra(p) || inProject(p));
}

/**
 * Whether some changed path is, or may be, infrastructure: one a glob names, or one that a project
 * folder of the base branch could make so: anything but documentation and test files by their
 * names (a file under a folder named test/ may be a Helm chart's test hook, or the project itself
 * may live in test/). Decides whether facts read only for infrastructure PRs are worth a request
 * before the project folders are known.
 */
export function mayTouchInfra(facts: PullFacts, infraPaths: string[]): boolean {
  if (infraFiles(facts, infraPaths).length > 0) return true;
  return facts.files.some((f) => [f.path, ...(f.previousPath ? [f.previousPath] : [])].some((p) => !IS_DOCS(p) && !IS_TEST_FILE(p)));
}

interface UnknownWriter {
  sha: string;
  p: Person;
  why: string;
}

/** Commit authors and committers nobody can identify: linked to no account, or (when required) unsigned. */
function unknownWriters(facts: PullFacts, policy: Policy, clean: ReadonlySet<string>): UnknownWriter[] {
  const out: UnknownWriter[] = [];
  for (const c of facts.commits) {
    if (policy.review.requireVerifiedCommits && facts.commitSignatures?.[c.sha]?.verified !== true) {
      out.push({ sha: c.sha, p: c.author, why: `commit ${c.sha.slice(0, 7)} has no signature GitHub verified: with review.requireVerifiedCommits its author ${c.author.name} <${c.author.email}> is unknown (commit metadata can be forged) (fail closed)` });
      continue;
    }
    // Whoever made a clean merge wrote nothing of the change: who they are does not matter.
    if (clean.has(c.sha)) continue;
    for (const p of [c.author, c.committer]) {
      if (accountOf(p) === null && !isAgentPerson(p, policy.agents) && !isNoreplyOfGitHub(p.email)) {
        out.push({ sha: c.sha, p, why: `commit ${c.sha.slice(0, 7)} is by ${p.name} <${p.email}>, an email linked to no GitHub account: cannot tell whether an agent wrote it, nor exclude its author from approving (fail closed). If a person wrote it, they add that email to their GitHub account (Settings → Emails, verified; it may stay private) and the check is re-run` });
        break;
      }
    }
  }
  return out;
}

/**
 * Whether a commit's author or committer cannot be identified: then even a PR without agent signals
 * fails when it touches infrastructure (an agent committing with an unknown email looks like a person).
 */
export function hasUnknownWriters(facts: PullFacts, policy: Policy): boolean {
  return unknownWriters(facts, policy, new Set(facts.cleanMerges ?? [])).length > 0;
}

function decide(facts: PullFacts, policy: Policy): Decision {
  const agents = policy.agents;
  const required = policy.review.requiredApprovals;
  const reasons: string[] = [];
  const evidence = { reviewIds: [] as number[], commitShas: [] as string[], files: [] as string[] };
  const fail = (extra: string[]): Decision => ({
    conclusion: "failure",
    guarded: true,
    reasons: [...reasons, ...extra],
    approvals: [],
    missing: required,
    evidence,
  });

  if (!facts.filesComplete) return fail(["the list of changed files is truncated: cannot tell whether infrastructure is touched (fail closed)"]);
  if (!facts.commitsComplete) return fail(["the list of commits is truncated: cannot tell who wrote the change (fail closed)"]);

  // What the commits and texts say, then what GitHub recorded that no committer writes: who pushed, which app opened it.
  const pushed = provenance(facts, agents);
  const signals = [...agentSignals(facts, agents), ...pushed.signals];
  // Known to be an agent's (not only guarded because who pushed is unknown).
  const agentWritten = signals.some((s) => s.strong);
  const infra = infraFiles(facts, policy.review.infraPaths);
  const clean = new Set(facts.cleanMerges ?? []);
  const unknown = unknownWriters(facts, policy, clean);
  // An infrastructure PR whose pusher cannot be read may be an agent's: guarded (two approvals pass
  // it), not failed outright, as nobody can fix a record GitHub does not keep or lets nobody read.
  if (infra.length > 0 && unknown.length === 0 && pushed.unknown.length > 0 && !signals.some((s) => s.strong)) {
    signals.unshift({ strong: true, reason: `who pushed this pull request's commits or opened it cannot be read: ${pushed.unknown.join("; ")}; treated as agent-authored (fail closed): two independent approvals are needed` });
  }
  const strong = signals.filter((s) => s.strong);
  evidence.files = infra;
  evidence.commitShas = [...new Set(signals.flatMap((s) => (s.commitSha ? [s.commitSha] : [])))];

  if (strong.length === 0) {
    if (infra.length > 0 && unknown.length > 0) {
      evidence.commitShas = unknown.map((u) => u.sha);
      return fail(unknown.map((u) => u.why));
    }
    return { conclusion: "success", guarded: false, reasons: ["not agent-authored"], approvals: [], missing: 0, evidence };
  }
  reasons.push(...signals.map((s) => (s.strong ? s.reason : `${s.reason} (weak signal)`)));
  if (infra.length === 0) {
    return { conclusion: "success", guarded: false, reasons: [...reasons, "no infrastructure files"], approvals: [], missing: 0, evidence };
  }
  reasons.push(`touches infrastructure: ${infra.slice(0, 5).join(", ")}${infra.length > 5 ? ` and ${infra.length - 5} more` : ""}`);

  // Anything that makes a writer or requester unidentifiable blocks the pass: they could approve.
  const blockers: string[] = unknown.map((u) => u.why);
  for (const u of unknown) if (!evidence.commitShas.includes(u.sha)) evidence.commitShas.push(u.sha);

  // Who may not approve: the author, everyone who wrote or co-wrote a commit, and the requester.
  const excluded = new Map<string, string>();
  const exclude = (login: string | null | undefined, why: string) => {
    if (login && !excluded.has(normalizeLogin(login))) excluded.set(normalizeLogin(login), why);
  };
  // Whoever a no-reply address names, by the account id it carries: the login in it is the one
  // the account had when it was written, and a rename since must not make its owner a stranger.
  const excludedIds = new Map<number, string>();
  const excludeId = (email: string | undefined, why: string) => {
    const id = email ? accountIdFromEmail(email) : undefined;
    if (id !== undefined && !excludedIds.has(id)) excludedIds.set(id, `${why} (as ${email ?? ""}: account ${id}, whatever its login now)`);
  };
  exclude(facts.author.login, "opened the pull request");
  const cleanMerges = facts.commits.filter((c) => clean.has(c.sha));
  if (cleanMerges.length) {
    const shas = cleanMerges.map((c) => c.sha.slice(0, 7)).join(", ");
    reasons.push(`merge commit${cleanMerges.length === 1 ? "" : "s"} ${shas} hold${cleanMerges.length === 1 ? "s" : ""} only ${cleanMerges.length === 1 ? "its" : "their"} parents' content (a clean update of the branch): making ${cleanMerges.length === 1 ? "it" : "them"} does not make anyone a writer`);
  }
  const written = writtenCommits(facts);
  for (const { commit: c, replaced } of written) {
    if (clean.has(c.sha)) continue;
    const gone = replaced ? " (replaced by a force push)" : "";
    exclude(accountOf(c.author), `authored commit ${c.sha.slice(0, 7)}${gone}`);
    exclude(accountOf(c.committer), `committed ${c.sha.slice(0, 7)}${gone}`);
    const signer = facts.commitSignatures?.[c.sha]?.signer;
    if (signer) exclude(signer, `signed commit ${c.sha.slice(0, 7)}${gone}`);
    // Every co-author GitHub itself links to an account, however the trailer was written.
    for (const p of c.authors ?? []) exclude(accountOf(p), `co-authored commit ${c.sha.slice(0, 7)}${gone} (GitHub links ${p.email} to this account)`);
  }
  const linkedByEmail = new Map<string, string>();
  for (const { commit: c } of written) {
    // GitHub's links of the co-authors' addresses too (`authors`): a trailer naming a person by an
    // address that is no no-reply one (a requester's public email, as GitHub's agents write it)
    // names their account only there, and read as unmapped it failed the PR whatever approved it.
    for (const p of [c.author, c.committer, ...(c.authors ?? [])]) {
      const login = accountOf(p);
      if (login) linkedByEmail.set(p.email.toLowerCase(), login);
    }
  }
  const loginOf = (email: string) => loginFromEmail(email) ?? linkedByEmail.get(email.toLowerCase());
  const bodyCoAuthors = bodyTexts(facts).flatMap((b) => coAuthorsIn(b).map((co) => ({ ...co, replaced: false })));
  for (const co of [...coAuthors(facts), ...bodyCoAuthors]) {
    const where = co.sha ? `co-authored commit ${co.sha.slice(0, 7)}${co.replaced ? " (replaced by a force push)" : ""}` : "is named as co-author in the PR body";
    // A trailer without an address maps only by the login it writes ("@login", "name[bot]").
    const login = co.login ?? (co.email ? loginOf(co.email) : undefined);
    excludeId(co.email, where);
    if (login) exclude(login, where);
    // Also in a replaced commit: dropping the trailer of a requester nobody can map is the rewrite to catch.
    else if (!isAgentCoAuthor(co, agents)) {
      blockers.push(`co-author ${describeCoAuthor(co)} (${co.sha ? `commit ${co.sha.slice(0, 7)}${co.replaced ? ", replaced by a force push" : ""}` : "PR body"}) maps to no GitHub login: cannot exclude them from approving (fail closed)`);
    }
  }
  for (const r of requesters(facts, agents)) {
    const login = r.login ?? (r.email ? loginOf(r.email) : undefined);
    excludeId(r.email, `asked the agent for this change (${r.source})`);
    if (login) exclude(login, `asked the agent for this change (${r.source})`);
    else blockers.push(`requester ${[r.name, r.email ? `(${r.email})` : ""].filter(Boolean).join(" ")} in ${r.source} maps to no GitHub login: cannot exclude them from approving (fail closed)`);
  }
  // Whoever pushed the agent's commits into the branch (a person's credentials in the agent's
  // hands, or commits an agent made under its own git identity) submitted them: not independent.
  for (const p of pushed.pushers) exclude(p.login, p.why);
  if (agentWritten && pushed.pushersUnknown.length > 0) {
    blockers.push(`who pushed this agent-authored pull request's commits cannot be read (${pushed.pushersUnknown.join("; ")}): an approver may have pushed them, and cannot be excluded (fail closed); "Re-run" reads the record again`);
  }

  // Latest decisive review per person; COMMENTED never overrides.
  const latest = new Map<string, PullFacts["reviews"][number]>();
  const ordered = [...facts.reviews].sort((a, b) => compareText(a.submittedAt, b.submittedAt) || a.id - b.id);
  for (const r of ordered) if (DECISIVE.has(r.state)) latest.set(normalizeLogin(r.user.login), r);

  const approvals: Approval[] = [];
  for (const [login, review] of latest) {
    const who = `${review.user.login} (review ${review.id})`;
    evidence.reviewIds.push(review.id);
    if (review.state !== "APPROVED") {
      reasons.push(`${who}: latest decisive review is ${review.state}`);
      continue;
    }
    const why = disqualification(facts, policy, login, review, excluded.get(login) ?? (review.user.id !== undefined ? excludedIds.get(review.user.id) : undefined));
    if (why) reasons.push(`${who} does not count: ${why}`);
    else approvals.push({ login: review.user.login, reviewId: review.id });
  }
  const missing = Math.max(0, required - approvals.length);
  reasons.push(...blockers);
  reasons.push(
    missing === 0
      ? `${approvals.length} independent approvals of ${facts.headSha.slice(0, 7)}: ${approvals.map((a) => a.login).join(", ")}${blockers.length ? `, but ${blockers.length} writer${blockers.length === 1 ? "" : "s"} or requester${blockers.length === 1 ? "" : "s"} cannot be identified (fail closed)` : ""}`
      : `${approvals.length} of ${required} independent human approvals of the head ${facts.headSha.slice(0, 7)}; ${missing} more needed`,
  );
  return { conclusion: missing === 0 && blockers.length === 0 ? "success" : "failure", guarded: true, reasons, approvals, missing, evidence };
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
  if (facts.baseChangedAt !== undefined && !(Date.parse(review.submittedAt) > Date.parse(facts.baseChangedAt))) {
    return `approved at ${review.submittedAt}, before the base branch changed (${facts.baseChangedAt}): it approved another diff`;
  }
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
