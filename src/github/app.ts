/**
 * The GitHub App (Probot): a thin adapter from webhook events to `evaluatePull`
 * (src/github/evaluate.ts), which fetches the facts and the BASE-branch policy, runs every
 * registered PullCheck and publishes one check run per check on the head SHA (created or updated
 * by name). Every error fails the checks closed with its reason.
 */
import type { Probot } from "probot";
import { adoptionDashboardsCheck } from "./checks/adoption-dashboards.js";
import { agentPermissionsCheck } from "./checks/agent-permissions.js";
import { twoPersonReviewCheck } from "./checks/two-person-review.js";
import type { PullCheck } from "./checks/types.js";
import { CONFIG_PATH, loadRepoConfig, UNREAD_CONFIG_PATH } from "./config.js";
import { describeError, evaluateCommit, evaluatePull, mergeGroupPulls, NotInQueueError, openPullsInto, openPullsWithHead, parseQueueBranch, type EvaluationDeps, type EvaluationResult } from "./evaluate.js";
import { observeRequests, recordEvaluation } from "./metrics.js";
import { mayChangeInfraRoots } from "./projects.js";
import { countRequests } from "./requests.js";

/** At most this many open PRs are re-evaluated when the base config changes (each costs ~4 requests). */
export const MAX_REEVALUATED_ON_CONFIG_CHANGE = 50;

/** Every check the app posts. Add yours here (see src/github/checks/types.ts). */
export const CHECKS: PullCheck[] = [twoPersonReviewCheck, agentPermissionsCheck, adoptionDashboardsCheck];

/** Events that can change a verdict: new commits, edits (title/body/labels), reviews. */
export const PULL_EVENTS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
  "pull_request.edited", // includes a retargeted base (changes.base): approvals before it stop counting
  "pull_request.labeled",
  "pull_request.unlabeled",
  "pull_request_review.submitted",
  "pull_request_review.dismissed",
  "pull_request_review.edited",
] as const;

interface RepoPayload {
  name: string;
  html_url: string;
  owner: { login: string };
}
interface PullPayload {
  pull_request: { number: number; head: { sha: string } };
  repository: RepoPayload;
}

/** What the app reads from a Probot event context. */
type EventContext = { octokit: unknown; log: EvaluationDeps["log"] };

export interface AppOptions {
  checks?: PullCheck[];
  /** The app's id, to find its own check runs on the head (idempotent updates). */
  appId?: number;
  /** Called with each evaluation's result (tests, metrics). */
  onEvaluated?: (result: EvaluationResult) => void;
  /** Waits between retries of a failed check-run write (tests pass []). */
  retryDelaysMs?: number[];
}

/**
 * Evaluations of the same commit by one app instance run one after another, so a concurrent
 * re-delivery updates the first run instead of creating a second. (Other instances are kept in
 * order by the facts version in each run's external_id, see evaluateCommit.)
 */
export function serializer(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<unknown>>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const mine = (inFlight.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
    inFlight.set(key, mine);
    try {
      return await mine;
    } finally {
      if (inFlight.get(key) === mine) inFlight.delete(key);
    }
  };
}

/** Merge queue: the group's commit passes only when every PR merged with it passes. */
async function evaluateGroup(d: EvaluationDeps, group: { head_sha: string; head_ref: string; base_ref: string }): Promise<EvaluationResult> {
  let pulls: number[] = [];
  let error: unknown;
  try {
    pulls = await mergeGroupPulls(d.api, d.owner, d.repo, group);
  } catch (e) {
    error = e;
  }
  return evaluateCommit(d, { sha: group.head_sha, pulls, groupLabel: "the merge group", ...(error !== undefined ? { error } : {}) });
}

export function createApp(options: AppOptions = {}): (app: Probot) => void {
  const checks = options.checks ?? CHECKS;
  const deps = (context: EventContext, repository: RepoPayload): EvaluationDeps => {
    observeRequests(context.octokit as never);
    const { api, ledger } = countRequests(context.octokit as never);
    return {
      api,
      ledger,
      owner: repository.owner.login,
      repo: repository.name,
      htmlUrl: repository.html_url,
      checks,
      log: context.log,
      ...(options.appId !== undefined ? { appId: options.appId } : {}),
      ...(options.retryDelaysMs !== undefined ? { retryDelaysMs: options.retryDelaysMs } : {}),
    };
  };
  const evaluated = (result: EvaluationResult): void => {
    recordEvaluation(result);
    options.onEvaluated?.(result);
  };
  return (app: Probot) => {
    const serialized = serializer();
    app.on([...PULL_EVENTS], async (context) => {
      const payload = context.payload as unknown as PullPayload;
      const d = deps(context, payload.repository);
      const sha = payload.pull_request.head.sha;
      const result = await serialized(`${d.owner}/${d.repo}@${sha}`, () => evaluatePull(d, payload.pull_request.number, sha));
      evaluated(result);
    });

    /** A re-run of this app's checks on a commit: re-evaluate every open PR with that head (or its merge group). */
    const rerun = async (context: EventContext, repository: RepoPayload, sha: string, headBranch: string): Promise<void> => {
      const d = deps(context, repository);
      const result = await serialized(`${d.owner}/${d.repo}@${sha}`, async (): Promise<EvaluationResult> => {
        // A re-run on a merge-queue-named branch (gh-readonly-queue/<base>/pr-N-<sha>): a merge group
        // only if GitHub's queue holds this commit as an entry; otherwise an ordinary commit.
        const queued = parseQueueBranch(headBranch);
        if (queued) {
          try {
            const pulls = await mergeGroupPulls(d.api, d.owner, d.repo, { head_sha: sha, head_ref: `refs/heads/${headBranch}`, base_ref: `refs/heads/${queued.base}` });
            return await evaluateCommit(d, { sha, pulls, groupLabel: "the merge group" });
          } catch (error) {
            if (!(error instanceof NotInQueueError)) return evaluateCommit(d, { sha, pulls: [], error });
            d.log.info({ sha, branch: headBranch }, "not a merge queue entry: evaluating the pull requests with this head");
          }
        }
        let pulls: number[] = [];
        let error: unknown;
        try {
          pulls = await openPullsWithHead(d.api, d.owner, d.repo, sha);
        } catch (e) {
          error = e;
        }
        // One PR: evaluatePull also finds this app's existing runs in the same query. (After an error there is none.)
        const only = pulls.length === 1 ? pulls[0] : undefined;
        return only !== undefined ? evaluatePull(d, only, sha) : evaluateCommit(d, { sha, pulls, error });
      });
      evaluated(result);
    };

    // "Re-run" on one of this app's checks.
    app.on("check_run.rerequested", async (context) => {
      const payload = context.payload as unknown as { check_run: { name: string; head_sha: string; check_suite: { head_branch: string | null } }; repository: RepoPayload };
      if (!checks.some((c) => c.name === payload.check_run.name)) return;
      await rerun(context, payload.repository, payload.check_run.head_sha, payload.check_run.check_suite.head_branch ?? "");
    });

    // "Re-run all checks" on this app's suite: GitHub sends no check_run event then. Apps with
    // checks: write receive every app's suites; another app's is not ours to evaluate.
    app.on("check_suite.rerequested", async (context) => {
      const payload = context.payload as unknown as { check_suite: { head_sha: string; head_branch: string | null; app: { id: number } | null }; repository: RepoPayload };
      if (options.appId !== undefined && payload.check_suite.app?.id !== options.appId) return;
      await rerun(context, payload.repository, payload.check_suite.head_sha, payload.check_suite.head_branch ?? "");
    });

    // A push that changes a branch's config or project files: the open PRs into that branch are
    // re-evaluated under it. Any branch, not only the default one: each PR's gate is its base's config (release/*).
    app.on("push", async (context) => {
      const payload = context.payload as unknown as {
        ref: string;
        after: string;
        deleted?: boolean;
        forced?: boolean;
        commits?: { added?: string[]; modified?: string[]; removed?: string[] }[];
        repository: RepoPayload;
      };
      if (!payload.ref.startsWith("refs/heads/") || payload.deleted) return;
      const base = payload.ref.slice("refs/heads/".length);
      const commits = payload.commits ?? [];
      // GitHub lists at most 20 commits in a push payload: with 20 we cannot tell, so re-evaluate.
      // A force push lists only the commits it adds: one it drops (a config change undone by
      // rewriting the branch) is in no list, so it re-evaluates too.
      // A project file added or removed there changes what is infrastructure as much as the config does.
      const changed = commits.flatMap((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])]);
      let touched =
        payload.forced === true ||
        commits.length >= 20 ||
        changed.some((f) => f === CONFIG_PATH || f === UNREAD_CONFIG_PATH) ||
        commits.some((c) => mayChangeInfraRoots({ added: c.added ?? [], removed: c.removed ?? [], modified: c.modified ?? [] }));
      let read: EvaluationDeps | undefined;
      // A file of this repository the branch's config extends (policy/guardrail-base.yml) is its gate
      // too: read the config as pushed to learn which. A config that cannot be read re-evaluates.
      if (!touched && changed.some((f) => /\.ya?ml$/i.test(f))) {
        read = deps(context, payload.repository);
        try {
          const { extendedHere } = await loadRepoConfig(read.api, read.owner, read.repo, { ref: base, sha: payload.after });
          touched = changed.some((f) => extendedHere.some((g) => g.toLowerCase() === f.toLowerCase()));
        } catch (error) {
          read.log.info({ err: describeError(error), repo: `${read.owner}/${read.repo}`, base }, "the configuration as pushed cannot be read: re-evaluating the open pull requests");
          touched = true;
        }
      }
      if (!touched) return;
      const d = read ?? deps(context, payload.repository);
      let open: { pulls: { number: number; headSha: string }[]; more: number };
      try {
        open = await openPullsInto(d.api, d.owner, d.repo, base, MAX_REEVALUATED_ON_CONFIG_CHANGE);
      } catch (error) {
        d.log.error({ err: describeError(error), repo: `${d.owner}/${d.repo}` }, "configuration or project files changed, but the open pull requests could not be listed: they keep their verdicts until their next event");
        // The delivery fails (a 500, recorded in the dead-letter queue on Lambda): answered 200,
        // nothing would say that passes given under the old gate still stand, nor redeliver it.
        throw new Error(`configuration or project files on ${base} changed, but the open pull requests into it could not be listed (${describeError(error)}): they keep their verdicts; redeliver this push to re-evaluate them`, { cause: error });
      }
      for (const { number, headSha } of open.pulls) {
        // One ledger per PR, so each evaluation reports its own requests; `d.ledger` counts them all.
        const each = deps(context, payload.repository);
        const result = await serialized(`${each.owner}/${each.repo}@${headSha}`, () => evaluatePull(each, number, headSha));
        evaluated(result);
      }
      d.log.info(
        { repo: `${d.owner}/${d.repo}`, base, reevaluated: open.pulls.length, notReevaluated: open.more, requests: d.ledger.requests },
        `configuration or project files on ${base} changed: re-evaluated ${open.pulls.length} open pull request(s)${open.more ? `, ${open.more} more left until their next event (limit ${MAX_REEVALUATED_ON_CONFIG_CHANGE})` : ""}`,
      );
    });

    // Merge queue: the group's commit passes only when every PR merged with it passes.
    app.on("merge_group.checks_requested", async (context) => {
      const payload = context.payload as unknown as { merge_group: { head_sha: string; head_ref: string; base_ref: string }; repository: RepoPayload };
      const d = deps(context, payload.repository);
      const group = payload.merge_group;
      const result = await serialized(`${d.owner}/${d.repo}@${group.head_sha}`, () => evaluateGroup(d, group));
      evaluated(result);
    });
  };
}

export default createApp({ ...(process.env["APP_ID"] && Number.isFinite(Number(process.env["APP_ID"])) ? { appId: Number(process.env["APP_ID"]) } : {}) });

/** Same as createApp (the name the test helpers and server use). */
export const agentGuardrailApp = createApp;
