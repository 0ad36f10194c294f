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
import { externalId, listCheckRuns, markInProgress, planAnnotations, publishCheckRun, publishRequests, type PlannedRun } from "./check-runs.js";
import { loadRepoPolicy, readRepoFile } from "./config.js";
import type { CheckOutcome, ExistingRun, GitHubApi, PullCheck, PullCheckContext } from "./checks/types.js";
import { markdownText } from "./checks/markdown.js";
import { mergeBaseOf } from "./merges.js";
import { fetchInfraRoots, needsInfraRoots } from "./projects.js";
import { fetchPull, fetchTeams, listOpenPullsWithHead, type FetchedPull } from "./pull.js";
import { fetchProvenance, fetchPushes, needsProvenance, needsPushers, type ProvenanceOptions } from "./provenance.js";
import { fetchReplacedCommits } from "./replaced-commits.js";
import { infraFiles } from "../core/review/two-person-review.js";
import { describeLedger, type RequestLedger } from "./requests.js";
import { setTimeout as sleep } from "node:timers/promises";

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
  /** Waits between attempts of a failed check-run write (default 0.5 s, 2 s); tests pass []. */
  retryDelaysMs?: number[];
}

export interface EvaluationResult {
  sha: string;
  pulls: number[];
  conclusions: Record<string, CheckOutcome["conclusion"]>;
  requests: number;
  remaining: Record<string, number>;
  /** The facts version the verdict was computed from ("" when the facts could not be read). */
  version: string;
  /** Checks whose run was left alone because another evaluation had written it from newer facts. */
  superseded: string[];
  /** Check-run writes that failed after every retry (the run is left in progress or as it was). */
  writeFailures: number;
}

/** Process-wide counters (logs and metrics): check-run writes that failed after their retries. */
export const metrics = { checkRunWriteFailures: 0, supersededWrites: 0 };

const DEFAULT_RETRY_DELAYS_MS = [500, 2000];

/** Retry a write with backoff; the last error propagates. Errors are logged per attempt. */
async function withRetries<T>(deps: EvaluationDeps, what: object, work: () => Promise<T>): Promise<T> {
  const delays = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const delay = delays[attempt];
      deps.log.error({ ...what, attempt: attempt + 1, err: describeError(error) }, delay === undefined ? "check-run write failed" : "check-run write failed; retrying");
      if (delay === undefined) throw error;
      await sleep(delay);
    }
  }
}

export function describeError(error: unknown): string {
  if (error instanceof ConfigError) return `invalid configuration: ${error.message}`;
  const e = error as { status?: number; message?: string; response?: { headers?: Record<string, unknown> }; request?: { url?: unknown } };
  // Octokit throws a request that got no answer at all (DNS, a refused connection, a proxy not
  // used) as status 500 with no response: GitHub said nothing, so no "GitHub API error 500".
  const unanswered = e.status === 500 && e.response === undefined && typeof e.request?.url === "string";
  const status = unanswered ? `cannot reach GitHub (${originOf(String(e.request?.url))})` : typeof e.status === "number" ? `GitHub API error ${e.status}` : "error";
  const retryAfter = e.response?.headers?.["retry-after"];
  const permission = missingPermission(error);
  const advice = permission
    ? `. The installation has not granted the app ${permission}: an organization owner accepts the permissions app.yml asks for (Organization settings → GitHub Apps → the app → Review request; or adds it on the app's Permissions page), then re-runs the check`
    : "";
  return `${status}: ${e.message ?? String(error)}${retryAfter !== undefined ? ` (retry after ${String(retryAfter)} s)` : ""}${advice}`;
}

const originOf = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
};

/** GitHub's text (REST 403, GraphQL FORBIDDEN) when an installation lacks a permission a request needs. */
const NOT_ACCESSIBLE = "Resource not accessible by integration";

/**
 * Which permission of app.yml a request refused for want of one needs, from the request itself
 * (GraphQL: the operation and the refused paths; REST: the route). GitHub's message names none.
 */
function missingPermission(error: unknown): string | undefined {
  const e = error as { message?: string; request?: { query?: unknown; url?: unknown }; errors?: { type?: string; path?: unknown[]; message?: string }[] };
  if (!(e.message ?? "").includes(NOT_ACCESSIBLE)) return undefined;
  const query = typeof e.request?.query === "string" ? e.request.query : undefined;
  if (query !== undefined) {
    const operation = /\bquery\s+(\w+)/.exec(query)?.[1] ?? "";
    const refused = (e.errors ?? []).filter((x) => x.message?.includes(NOT_ACCESSIBLE)).flatMap((x) => x.path ?? []);
    if (operation === "ApproverTeams") return "`members: read` (organization permission), which review.approverTeams needs";
    if (operation === "MergeGroup") return "`merge_queues: read`";
    if (operation === "BaseProjects") return "`contents: read`";
    if (operation === "UnlinkedIssues" || refused.includes("closingIssuesReferences")) return "`issues: read` (who asked an agent on the issues a pull request closes)";
    return "`pull_requests: read` and `contents: read`";
  }
  const url = typeof e.request?.url === "string" ? e.request.url : "";
  if (url.includes("/check-runs")) return "`checks: write`";
  if (/\/(contents|compare|git)\//.test(url)) return "`contents: read`";
  if (url.includes("/pulls/")) return "`pull_requests: read`";
  return "a permission app.yml asks for";
}

function failure(title: string, reason: string): CheckOutcome {
  return {
    conclusion: "failure",
    title: title.slice(0, 200),
    summary: `**FAIL**: this pull request could not be evaluated, so it does not pass (fail closed).\n\n- ${markdownText(reason)}`,
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

/**
 * The facts that depend on the policy: approver-team memberships (when `approverTeams` is set),
 * the base branch's project roots (when globs alone do not make an agent PR an infrastructure PR)
 * and, for an infrastructure PR that was force-pushed, the commits the force pushes replaced.
 */
export async function completeFacts(api: GitHubApi, owner: string, repo: string, fetched: FetchedPull, policy: Policy, options: ProvenanceOptions = {}): Promise<void> {
  if (policy.review.approverTeams.length > 0) {
    const approvers = [...new Set(fetched.facts.reviews.filter((r) => r.state === "APPROVED" && r.user.type === "User").map((r) => r.user.login))];
    fetched.facts.teams = await fetchTeams(api, owner, approvers, policy.review.approverTeams);
  }
  // Who pushed, and the app it was opened through, for a PR nothing else marks as an agent's:
  // an agent's token can push commits written as a person's.
  if (needsProvenance(fetched.facts, policy)) await fetchProvenance(api, owner, repo, fetched, options);
  const forcePushed = fetched.replacedHeads.length > 0;
  if (needsInfraRoots(fetched.facts, policy, forcePushed)) {
    const paths = fetched.facts.files.flatMap((f) => [f.path, ...(f.previousPath ? [f.previousPath] : [])]);
    // The branch as it is now: GitHub's recorded base commit is its tip when the PR was opened.
    fetched.facts.infraRoots = await fetchInfraRoots(api, owner, repo, fetched.baseTip, paths);
  }
  // An infrastructure PR's force-pushed-away commits: a rewrite must not hide the agent that wrote them.
  if (forcePushed && infraFiles(fetched.facts, policy.review.infraPaths).length > 0) {
    // Beyond the base's tip: commits the base holds (merged into the branch by "Update branch") are
    // not the PR's, though they are beyond the base GitHub recorded when the PR was opened.
    fetched.facts.replacedCommits = await fetchReplacedCommits(api, owner, repo, fetched.baseTip, fetched.replacedHeads);
  }
  // An agent's PR about to pass: whoever pushed its commits into the branch cannot approve it.
  // Read last, when every other fact is known, and only when it can still change the verdict.
  if (needsPushers(fetched.facts, policy)) await fetchPushes(api, owner, repo, fetched, options);
}

/** A promise made on first use and shared after (a failure too: it is the check's verdict). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/** Fetch (or reuse) each PR's facts and its base-branch policy; one config read per base commit. */
async function contexts(deps: EvaluationDeps, numbers: number[], known: FetchedPull[] = [], versions: string[] = []): Promise<PullCheckContext[]> {
  const policies = new Map<string, Policy>();
  const out: PullCheckContext[] = [];
  const readFile = memoizedReader(deps);
  for (const number of numbers) {
    const fetched = known.find((k) => k.facts.number === number) ?? (await fetchPull(deps.api, deps.owner, deps.repo, number, { sameHead: false }));
    versions.push(fetched.version);
    const baseRef = fetched.facts.baseRef;
    // Read at the base's tip SHA, never by the branch's name (a tag of that name could answer).
    const key = `${baseRef}\u0000${fetched.baseTip}`;
    let policy = policies.get(key);
    if (!policy) {
      policy = await loadRepoPolicy(deps.api, deps.owner, deps.repo, { ref: baseRef, sha: fetched.baseTip }, { unreadConfigOnBase: fetched.unreadConfigOnBase, configText: fetched.configOnBase });
      policies.set(key, policy);
    }
    await completeFacts(deps.api, deps.owner, deps.repo, fetched, policy, { retryDelaysMs: deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS });
    out.push({
      owner: deps.owner,
      repo: deps.repo,
      htmlUrl: deps.htmlUrl,
      pull: { number, headSha: fetched.facts.headSha, headRef: fetched.facts.headRef, baseSha: fetched.baseSha, baseRef },
      mergeBase: once(() => mergeBaseOf(deps.api, deps.owner, deps.repo, fetched.baseTip, fetched.facts.headSha)),
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

/**
 * Evaluate every check for the commit and publish its runs. Never publishes a pass it could not
 * verify, never leaves an old pass while re-evaluating, and never overwrites a run that another
 * evaluation (another instance) wrote from newer facts.
 */
export async function evaluateCommit(deps: EvaluationDeps, target: CommitTarget, attempt = 1): Promise<EvaluationResult> {
  const outcomes = new Map<string, CheckOutcome>();
  const versions: string[] = [];
  let ctxs: PullCheckContext[] = [];
  let evaluationError: unknown;
  try {
    if (target.error !== undefined) throw target.error;
    if (target.pulls.length === 0) throw new Error("no open pull request has this commit as its head or merge group (fail closed)");
    ctxs = await contexts(deps, target.pulls, target.known, versions);
  } catch (error) {
    evaluationError = error;
  }
  const version = evaluationError === undefined ? versions.reduce((a, b) => (b > a ? b : a), "") : "";

  // 1. Runs that currently pass are put in progress first: a failed final write must block, never keep the old pass.
  let existing = target.existing;
  if (existing === undefined) {
    try {
      existing = await listCheckRuns(deps.api, deps.owner, deps.repo, target.sha, deps.appId);
    } catch (error) {
      deps.log.error({ err: describeError(error), sha: target.sha }, "listing check runs failed");
      existing = new Map();
    }
  }
  const marked = new Set<string>();
  for (const check of deps.checks) {
    const run = existing.get(check.name);
    if (!run || (run.state !== "success" && run.state !== "neutral")) continue;
    if (evaluationError === undefined && (run.version ?? "") > version) continue; // a newer verdict: not ours to touch
    try {
      await markInProgress(deps.api, deps.owner, deps.repo, run.id, check.name);
      marked.add(check.name);
    } catch (error) {
      deps.log.error({ err: describeError(error), sha: target.sha, check: check.name }, "marking the check run in progress failed");
    }
  }

  // 2. Evaluate.
  if (evaluationError === undefined) {
    try {
      for (const check of deps.checks) outcomes.set(check.name, await runCheck(check, ctxs, target.groupLabel ?? "the pull requests with this head"));
    } catch (error) {
      evaluationError = error;
    }
  }
  if (evaluationError !== undefined) {
    for (const check of deps.checks) outcomes.set(check.name, failure(`${check.name} could not be evaluated`, describeError(evaluationError)));
  }

  // 3. Re-read the runs just before writing: another instance may have written newer facts' verdicts.
  try {
    existing = await listCheckRuns(deps.api, deps.owner, deps.repo, target.sha, deps.appId);
  } catch (error) {
    // Cannot re-read: write anyway (a stale verdict can only be replaced by the next event; losing a failure is worse).
    deps.log.error({ err: describeError(error), sha: target.sha }, "re-reading check runs failed; writing without the newer-verdict check");
  }
  const outcomeOf = (check: PullCheck): CheckOutcome => outcomes.get(check.name) ?? failure(`${check.name} was not evaluated`, "no outcome recorded (fail closed)");
  const superseded: string[] = [];
  const toWrite = deps.checks.filter((check) => {
    const newer = existing?.get(check.name)?.version ?? "";
    // A verdict from facts that could not be read is a failure: always written (fail closed).
    if (evaluationError !== undefined || newer <= version) return true;
    superseded.push(check.name);
    return false;
  });
  for (const name of superseded) {
    metrics.supersededWrites += 1;
    deps.log.info({ sha: target.sha, check: name, version, newer: existing?.get(name)?.version }, "check run already holds a verdict from newer facts; not overwritten");
  }
  // A newer evaluation finished between our facts and our in-progress mark, which hid its verdict:
  // evaluate again from fresh facts (at least as new as that verdict's) instead of leaving it hidden.
  if (attempt === 1 && superseded.some((name) => marked.has(name))) {
    deps.log.info({ sha: target.sha }, "a newer verdict was marked in progress by this evaluation; re-evaluating from fresh facts");
    const { known: _known, existing: _existing, ...fresh } = target;
    return evaluateCommit(deps, fresh, 2);
  }

  const plans = new Map<string, PlannedRun>();
  for (const check of toWrite) {
    const outcome = outcomeOf(check);
    try {
      plans.set(check.name, await planAnnotations(deps.api, deps.owner, deps.repo, outcome, existing?.get(check.name)));
    } catch (error) {
      // Cannot tell which annotations the run has: sending them all may repeat some, never hide one.
      deps.log.error({ err: describeError(error), sha: target.sha, check: check.name }, "listing annotations failed; sending all");
      plans.set(check.name, { annotations: outcome.annotations, stale: 0 });
    }
  }
  const publishing = toWrite.reduce((n, c) => n + publishRequests(plans.get(c.name)?.annotations.length ?? 0), 0);
  const accounting = describeLedger(deps.ledger, publishing);
  const conclusions: Record<string, CheckOutcome["conclusion"]> = {};
  let writeFailures = 0;
  for (const check of toWrite) {
    const outcome = outcomeOf(check);
    const plan = plans.get(check.name) ?? { annotations: outcome.annotations, stale: 0 };
    conclusions[check.name] = outcome.conclusion;
    const run = existing?.get(check.name);
    const stale = plan.stale
      ? `\n\n${plan.stale} annotation${plan.stale === 1 ? "" : "s"} from an earlier evaluation of this commit no longer appl${plan.stale === 1 ? "ies" : "y"} (GitHub keeps a run's annotations; this summary is current).`
      : "";
    const written = evaluationError === undefined ? version : (run?.version ?? "");
    try {
      await withRetries(deps, { sha: target.sha, check: check.name }, () =>
        publishCheckRun(deps.api, {
          owner: deps.owner,
          repo: deps.repo,
          headSha: target.sha,
          name: check.name,
          outcome: { ...outcome, annotations: plan.annotations, summary: `${outcome.summary}${stale}\n\n---\n${accounting}` },
          ...(run !== undefined ? { existingId: run.id } : {}),
          externalId: externalId(target.pulls, written),
        }),
      );
    } catch {
      // Logged per attempt by withRetries; the run stays in progress (or absent): it blocks a merge.
      writeFailures += 1;
      metrics.checkRunWriteFailures += 1;
    }
  }
  const result: EvaluationResult = {
    sha: target.sha,
    pulls: target.pulls,
    conclusions,
    requests: deps.ledger.requests,
    remaining: { ...deps.ledger.remaining },
    version,
    superseded,
    writeFailures,
  };
  deps.log.info({ repo: `${deps.owner}/${deps.repo}`, ...result }, "agent-guardrail evaluation");
  return result;
}

/** A pull request event: its facts (with the app's runs and other PRs on the same head) first. */
export async function evaluatePull(deps: EvaluationDeps, number: number, payloadHeadSha: string): Promise<EvaluationResult> {
  let first: FetchedPull;
  // The event names a head the facts do not know (neither the head nor one of the PR's commits):
  // GitHub's API lags its webhooks right after a push. (An older head of the PR is a late event.)
  const behind = (f: FetchedPull) => f.facts.headSha !== payloadHeadSha && !f.facts.commits.some((c) => c.sha === payloadHeadSha);
  try {
    first = await fetchPull(deps.api, deps.owner, deps.repo, number, deps.appId !== undefined ? { appId: deps.appId } : {});
    for (const delay of deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS) {
      if (!behind(first)) break;
      deps.log.info({ number, event: payloadHeadSha, api: first.facts.headSha }, "GitHub's API does not show the event's head yet; reading the pull request again");
      await sleep(delay);
      first = await fetchPull(deps.api, deps.owner, deps.repo, number, deps.appId !== undefined ? { appId: deps.appId } : {});
    }
  } catch (error) {
    return evaluateCommit(deps, { sha: payloadHeadSha, pulls: [number], error });
  }
  const result = await evaluateCommit(deps, {
    sha: first.facts.headSha,
    pulls: [number, ...first.sameHead],
    known: [first],
    ...(deps.appId !== undefined ? { existing: first.checkRuns } : {}),
  });
  // Still unknown: the event's head gets a failing run (a required check that never reports leaves
  // nothing to re-run); "Re-run" on it reads the pull request again.
  if (behind(first)) {
    const error = new Error(`GitHub's API does not show ${payloadHeadSha.slice(0, 7)} as the head of #${number} yet (it shows ${first.facts.headSha.slice(0, 7)}): re-run this check (fail closed)`);
    await evaluateCommit(deps, { sha: payloadHeadSha, pulls: [number], error });
  }
  return result;
}

/**
 * Open PRs whose head is `sha`, for events that name none (a re-run requested on a fork's PR carries
 * no pull_requests, and GitHub links a fork's commit to none of the base repository's PRs):
 * read from the list of every open PR; every one, or it throws.
 */
export async function openPullsWithHead(api: GitHubApi, owner: string, repo: string, sha: string): Promise<number[]> {
  return listOpenPullsWithHead(api, owner, repo, sha);
}

const QUEUE_PREFIX = "gh-readonly-queue/";

/** The merge queue holds no entry for the commit: it is no merge group (whatever its branch is named). */
export class NotInQueueError extends Error {
  override name = "NotInQueueError";
}

/**
 * `gh-readonly-queue/<base>/pr-<N>-<sha>` → base and N (bases may contain "/": `release/1.0`).
 * A name proves nothing (anyone with write access can push such a branch): it only says which
 * queue to read.
 */
export function parseQueueBranch(branch: string): { base: string; number: number } | undefined {
  const name = branch.replace(/^refs\/heads\//, "");
  if (!name.startsWith(QUEUE_PREFIX)) return undefined;
  const rest = name.slice(QUEUE_PREFIX.length);
  const slash = rest.lastIndexOf("/");
  if (slash <= 0) return undefined;
  const m = /^pr-(\d+)-[0-9a-f]{7,64}$/.exec(rest.slice(slash + 1));
  return m?.[1] ? { base: rest.slice(0, slash), number: Number(m[1]) } : undefined;
}

interface QueueEntry {
  position: number;
  headCommit: { oid: string } | null;
  pullRequest: { number: number } | null;
}

/** Every entry of the merge queue of `branch`, read to the end (or it throws). */
async function mergeQueueEntries(api: GitHubApi, owner: string, repo: string, branch: string): Promise<QueueEntry[] | undefined> {
  const entries: QueueEntry[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const data: { repository: { mergeQueue: { entries: { pageInfo?: { hasNextPage: boolean; endCursor: string | null }; nodes: QueueEntry[] } } | null } | null } = await api.graphql(
      `query MergeGroup($owner: String!, $name: String!, $branch: String!, $after: String) {
        repository(owner: $owner, name: $name) { mergeQueue(branch: $branch) { entries(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { position headCommit { oid } pullRequest { number } } } } }
      }`,
      { owner, name: repo, branch, after },
    );
    const queue = data.repository?.mergeQueue;
    if (!queue) return undefined;
    entries.push(...queue.entries.nodes);
    if (!queue.entries.pageInfo?.hasNextPage) return entries;
    after = queue.entries.pageInfo.endCursor;
  }
  throw new Error(`the merge queue of ${branch} holds more than 2,000 entries: cannot read it all (fail closed)`);
}

/**
 * The PRs of a merge group: only what GitHub's merge queue holds. The entry whose head commit is
 * the group's commit, and every entry ahead of it (they are merged together); each must name its
 * pull request. The PR number in the branch name is used only when the queue really holds that
 * commit as an entry. Unknown → throws.
 */
export async function mergeGroupPulls(api: GitHubApi, owner: string, repo: string, group: { head_sha: string; head_ref: string; base_ref: string }): Promise<number[]> {
  const named = parseQueueBranch(group.head_ref);
  const branch = group.base_ref.replace(/^refs\/heads\//, "");
  const entries = (await mergeQueueEntries(api, owner, repo, branch)) ?? [];
  // Every entry whose commit is the group's: a group of several pull requests may share one. The
  // last of them bounds the group, whatever order GitHub lists them in: taking the first would
  // judge the group by the pull requests ahead of it and leave the others' changes unjudged.
  const own = entries.filter((e) => e.headCommit?.oid === group.head_sha);
  const last = own.reduce<QueueEntry | undefined>((a, e) => (a === undefined || e.position > a.position ? e : a), undefined);
  if (!last) throw new NotInQueueError(`the merge queue of ${branch} holds no entry for ${group.head_sha.slice(0, 7)} (${group.head_ref}): a queue branch name alone proves nothing (fail closed)`);
  const numbers = new Set<number>();
  for (const e of entries) {
    if (e.position > last.position) continue;
    // An entry merged with the group whose pull request GitHub does not name would go unevaluated.
    if (!e.pullRequest) throw new Error(`cannot tell which pull requests merge group ${group.head_sha.slice(0, 7)} (${group.head_ref}) holds: the queue entry at position ${e.position} names none (fail closed)`);
    numbers.add(e.pullRequest.number);
  }
  if (named && !own.some((e) => e.pullRequest?.number === named.number)) {
    const are = own.map((e) => `#${e.pullRequest?.number ?? "?"}`).join(", ");
    throw new Error(`${group.head_ref} names #${named.number}, but the queue ${own.length === 1 ? `entry for ${group.head_sha.slice(0, 7)} is` : `entries for ${group.head_sha.slice(0, 7)} are`} ${are} (fail closed)`);
  }
  return [...numbers].sort((a, b) => a - b);
}

/** Open pull requests into `base`, most recently updated first, at most `limit` (and whether there were more). */
export async function openPullsInto(api: GitHubApi, owner: string, repo: string, base: string, limit: number): Promise<{ pulls: { number: number; headSha: string }[]; more: number }> {
  const data = await api.graphql<{ repository: { pullRequests: { totalCount: number; nodes: { number: number; headRefOid: string }[] } } | null }>(
    `query OpenPulls($owner: String!, $name: String!, $base: String!, $first: Int!) {
      repository(owner: $owner, name: $name) { pullRequests(states: OPEN, baseRefName: $base, first: $first, orderBy: { field: UPDATED_AT, direction: DESC }) { totalCount nodes { number headRefOid } } }
    }`,
    { owner, name: repo, base, first: limit },
  );
  const conn = data.repository?.pullRequests;
  if (!conn) throw new Error(`${owner}/${repo} not found`);
  return { pulls: conn.nodes.map((n) => ({ number: n.number, headSha: n.headRefOid })), more: Math.max(0, conn.totalCount - conn.nodes.length) };
}
