/**
 * The app's evaluation engine, independent of Probot: for one commit and the pull requests it
 * belongs to, fetch facts and the base-branch policy, run every registered check on every pull
 * request, and publish one check run per check on that commit.
 *
 * A check run attaches to a SHA, not to a pull request: when several open PRs share the head (or
 * a merge group holds several PRs), the run passes only when the check passes for every one of
 * them, so no PR inherits another's approvals.
 */
import type { Policy } from "../core/policy.js";
import { ConfigError } from "../policy/load.js";
import { listCheckRuns, planAnnotations, publishCheckRun, publishRequests, type PlannedRun } from "./check-runs.js";
import { loadRepoPolicy, readRepoFile } from "./config.js";
import type { CheckOutcome, ExistingRun, GitHubApi, PullCheck, PullCheckContext } from "./checks/types.js";
import { fetchPull, fetchTeams, type FetchedPull } from "./pull.js";
import { describeLedger, type RequestLedger } from "./requests.js";

export interface LogLike {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface EvaluationDeps {
  api: GitHubApi;
  ledger: RequestLedger;
  owner: string;
  repo: string;
  /** https://github.com/owner/repo (or the GHE equivalent). */
  htmlUrl: string;
  appId?: number;
  checks: PullCheck[];
  log: LogLike;
}

export interface EvaluationResult {
  sha: string;
  pulls: number[];
  conclusions: Record<string, CheckOutcome["conclusion"]>;
  requests: number;
  remaining: Record<string, number>;
}

export function describeError(error: unknown): string {
  if (error instanceof ConfigError) return `invalid configuration: ${error.message}`;
  const e = error as { status?: number; message?: string; response?: { headers?: Record<string, unknown> } };
  const status = typeof e.status === "number" ? `GitHub API error ${e.status}` : "error";
  const retryAfter = e.response?.headers?.["retry-after"];
  return `${status}: ${e.message ?? String(error)}${retryAfter !== undefined ? ` (retry after ${String(retryAfter)} s)` : ""}`;
}

function failure(title: string, reason: string): CheckOutcome {
  return {
    conclusion: "failure",
    title: title.slice(0, 200),
    summary: `**FAIL**: this pull request could not be evaluated, so it does not pass (fail closed).\n\n- ${reason}`,
    annotations: [],
  };
}

/** File content by commit and path, fetched once however many checks read it (a commit's content never changes). */
function memoizedReader(deps: EvaluationDeps): PullCheckContext["readFile"] {
  const files = new Map<string, Promise<string | undefined>>();
  return (ref, path) => {
    const key = `${ref}\u0000${path}`;
    let text = files.get(key);
    if (!text) {
      text = readRepoFile(deps.api, deps.owner, deps.repo, path, ref);
      files.set(key, text);
    }
    return text;
  };
}

/** Fetch (or reuse) each PR's facts and its base-branch policy; one config read per base ref. */
async function contexts(deps: EvaluationDeps, numbers: number[], known: FetchedPull[] = []): Promise<PullCheckContext[]> {
  const policies = new Map<string, Policy>();
  const out: PullCheckContext[] = [];
  const readFile = memoizedReader(deps);
  for (const number of numbers) {
    const fetched = known.find((k) => k.facts.number === number) ?? (await fetchPull(deps.api, deps.owner, deps.repo, number));
    const baseRef = fetched.facts.baseRef;
    let policy = policies.get(baseRef);
    if (!policy) {
      policy = await loadRepoPolicy(deps.api, deps.owner, deps.repo, baseRef);
      policies.set(baseRef, policy);
    }
    if (policy.review.approverTeams.length > 0) {
      const approvers = [...new Set(fetched.facts.reviews.filter((r) => r.state === "APPROVED" && r.user.type === "User").map((r) => r.user.login))];
      fetched.facts.teams = await fetchTeams(deps.api, deps.owner, approvers, policy.review.approverTeams);
    }
    out.push({
      owner: deps.owner,
      repo: deps.repo,
      htmlUrl: deps.htmlUrl,
      pull: { number, headSha: fetched.facts.headSha, headRef: fetched.facts.headRef, baseSha: fetched.baseSha, baseRef },
      policy,
      facts: fetched.facts,
      files: fetched.files,
      filesComplete: fetched.facts.filesComplete,
      readFile,
      github: deps.api,
    });
  }
  return out;
}

/** One check over every PR of the commit: success only if every PR passes. */
async function runCheck(check: PullCheck, ctxs: PullCheckContext[], groupLabel: string): Promise<CheckOutcome> {
  const results: { number: number; outcome: CheckOutcome }[] = [];
  for (const ctx of ctxs) {
    let outcome: CheckOutcome;
    try {
      outcome = await check.run(ctx);
    } catch (error) {
      outcome = failure(`${check.name} could not be evaluated`, `#${ctx.pull.number}: ${describeError(error)}`);
    }
    results.push({ number: ctx.pull.number, outcome });
  }
  const only = results[0];
  if (results.length === 1 && only) return only.outcome;
  if (!only) return failure("No pull request to evaluate", "no open pull request was found for this commit (fail closed)");
  const failed = results.filter((r) => r.outcome.conclusion === "failure");
  const conclusion: CheckOutcome["conclusion"] = failed.length ? "failure" : results.some((r) => r.outcome.conclusion === "neutral") ? "neutral" : "success";
  const numbers = results.map((r) => `#${r.number}`).join(", ");
  const lead = failed.length
    ? `**FAIL**: ${failed.map((r) => `#${r.number}`).join(", ")} of ${groupLabel} (${numbers}) ${failed.length === 1 ? "does" : "do"} not pass; the check passes only when every one does.`
    : `**PASS**: every pull request of ${groupLabel} (${numbers}) passes.`;
  return {
    conclusion,
    title: failed.length ? `${failed.length} of ${results.length} pull requests fail: ${failed[0]?.outcome.title ?? ""}`.slice(0, 200) : `All ${results.length} pull requests pass`,
    summary: [lead, ...results.map((r) => `\n### #${r.number}\n\n${r.outcome.summary}`)].join("\n"),
    annotations: results.flatMap((r) => r.outcome.annotations),
  };
}

export interface CommitTarget {
  sha: string;
  /** PR numbers this commit belongs to (head of, or merge group of). */
  pulls: number[];
  /** Facts already fetched for some of them. */
  known?: FetchedPull[];
  /** The app's existing check runs on sha by name, when already known. */
  existing?: Map<string, ExistingRun>;
  /** "the merge group", "the pull requests with this head". */
  groupLabel?: string;
  /** Set when finding the PRs failed: every check fails with this reason. */
  error?: unknown;
}

/** Evaluate every check for the commit and publish its runs. Never publishes a pass it could not verify. */
export async function evaluateCommit(deps: EvaluationDeps, target: CommitTarget): Promise<EvaluationResult> {
  const outcomes = new Map<string, CheckOutcome>();
  try {
    if (target.error !== undefined) throw target.error;
    if (target.pulls.length === 0) throw new Error("no open pull request has this commit as its head or merge group (fail closed)");
    const ctxs = await contexts(deps, target.pulls, target.known);
    for (const check of deps.checks) outcomes.set(check.name, await runCheck(check, ctxs, target.groupLabel ?? "the pull requests with this head"));
  } catch (error) {
    for (const check of deps.checks) outcomes.set(check.name, failure(`${check.name} could not be evaluated`, describeError(error)));
  }

  let existing = target.existing;
  if (existing === undefined) {
    try {
      existing = await listCheckRuns(deps.api, deps.owner, deps.repo, target.sha, deps.appId);
    } catch (error) {
      // Cannot look the runs up: create new ones (a new run supersedes an older one of the same name).
      deps.log.error({ err: describeError(error), sha: target.sha }, "listing check runs failed; creating new runs");
      existing = new Map();
    }
  }
  const outcomeOf = (check: PullCheck): CheckOutcome => outcomes.get(check.name) ?? failure(`${check.name} was not evaluated`, "no outcome recorded (fail closed)");
  const plans = new Map<string, PlannedRun>();
  for (const check of deps.checks) {
    const outcome = outcomeOf(check);
    try {
      plans.set(check.name, await planAnnotations(deps.api, deps.owner, deps.repo, outcome, existing.get(check.name)));
    } catch (error) {
      // Cannot tell which annotations the run has: sending them all may repeat some, never hide one.
      deps.log.error({ err: describeError(error), sha: target.sha, check: check.name }, "listing annotations failed; sending all");
      plans.set(check.name, { annotations: outcome.annotations, stale: 0 });
    }
  }
  const publishing = deps.checks.reduce((n, c) => n + publishRequests(plans.get(c.name)?.annotations.length ?? 0), 0);
  const accounting = describeLedger(deps.ledger, publishing);
  const conclusions: Record<string, CheckOutcome["conclusion"]> = {};
  for (const check of deps.checks) {
    const outcome = outcomeOf(check);
    const plan = plans.get(check.name) ?? { annotations: outcome.annotations, stale: 0 };
    conclusions[check.name] = outcome.conclusion;
    const run = existing.get(check.name);
    const stale = plan.stale
      ? `\n\n${plan.stale} annotation${plan.stale === 1 ? "" : "s"} from an earlier evaluation of this commit no longer appl${plan.stale === 1 ? "ies" : "y"} (GitHub keeps a run's annotations; this summary is current).`
      : "";
    await publishCheckRun(deps.api, {
      owner: deps.owner,
      repo: deps.repo,
      headSha: target.sha,
      name: check.name,
      outcome: { ...outcome, annotations: plan.annotations, summary: `${outcome.summary}${stale}\n\n---\n${accounting}` },
      ...(run !== undefined ? { existingId: run.id } : {}),
      externalId: target.pulls.join(","),
    });
  }
  const result: EvaluationResult = { sha: target.sha, pulls: target.pulls, conclusions, requests: deps.ledger.requests, remaining: { ...deps.ledger.remaining } };
  deps.log.info({ repo: `${deps.owner}/${deps.repo}`, ...result }, "agent-guardrail evaluation");
  return result;
}

/** A pull request event: its facts (with the app's runs and other PRs on the same head) first. */
export async function evaluatePull(deps: EvaluationDeps, number: number, payloadHeadSha: string): Promise<EvaluationResult> {
  let first: FetchedPull;
  try {
    first = await fetchPull(deps.api, deps.owner, deps.repo, number, deps.appId !== undefined ? { appId: deps.appId } : {});
  } catch (error) {
    return evaluateCommit(deps, { sha: payloadHeadSha, pulls: [number], error });
  }
  return evaluateCommit(deps, {
    sha: first.facts.headSha,
    pulls: [number, ...first.sameHead],
    known: [first],
    ...(deps.appId !== undefined ? { existing: first.checkRuns } : {}),
  });
}

/** Open PRs whose head is `sha` (check_run.rerequested on a fork PR carries no pull_requests). */
export async function openPullsWithHead(api: GitHubApi, owner: string, repo: string, sha: string): Promise<number[]> {
  const data = await api.graphql<{ repository: { object: { associatedPullRequests?: { nodes: { number: number; state: string; headRefOid: string }[] } } | null } | null }>(
    `query PullsWithHead($owner: String!, $name: String!, $sha: GitObjectID!) {
      repository(owner: $owner, name: $name) { object(oid: $sha) { ... on Commit { associatedPullRequests(first: 20) { nodes { number state headRefOid } } } } }
    }`,
    { owner, name: repo, sha },
  );
  return (data.repository?.object?.associatedPullRequests?.nodes ?? []).filter((p) => p.state === "OPEN" && p.headRefOid === sha).map((p) => p.number);
}

/**
 * The PRs of a merge group: the one named by the queue branch (`gh-readonly-queue/<base>/pr-N-<sha>`)
 * and every entry ahead of it in the queue (they are merged together). Unknown → throws.
 */
export async function mergeGroupPulls(api: GitHubApi, owner: string, repo: string, group: { head_sha: string; head_ref: string; base_ref: string }): Promise<number[]> {
  const named = /\/pr-(\d+)-[0-9a-f]+$/.exec(group.head_ref);
  const branch = group.base_ref.replace(/^refs\/heads\//, "");
  const data = await api.graphql<{ repository: { mergeQueue: { entries: { nodes: { position: number; headCommit: { oid: string } | null; pullRequest: { number: number } | null }[] } } | null } | null }>(
    `query MergeGroup($owner: String!, $name: String!, $branch: String!) {
      repository(owner: $owner, name: $name) { mergeQueue(branch: $branch) { entries(first: 100) { nodes { position headCommit { oid } pullRequest { number } } } } }
    }`,
    { owner, name: repo, branch },
  );
  const entries = data.repository?.mergeQueue?.entries.nodes ?? [];
  const mine = entries.find((e) => e.headCommit?.oid === group.head_sha);
  const numbers = new Set<number>();
  if (named?.[1]) numbers.add(Number(named[1]));
  if (mine) for (const e of entries) if (e.position <= mine.position && e.pullRequest) numbers.add(e.pullRequest.number);
  if (numbers.size === 0) throw new Error(`cannot tell which pull requests merge group ${group.head_sha.slice(0, 7)} (${group.head_ref}) holds (fail closed)`);
  return [...numbers].sort((a, b) => a - b);
}
