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
import { evaluateCommit, evaluatePull, mergeGroupPulls, openPullsWithHead, type EvaluationDeps, type EvaluationResult } from "./evaluate.js";
import { countRequests } from "./requests.js";

/** Every check the app posts. Add yours here (see src/github/checks/types.ts). */
export const CHECKS: PullCheck[] = [twoPersonReviewCheck, agentPermissionsCheck, adoptionDashboardsCheck];

/** Events that can change a verdict: new commits, edits (title/body/labels), reviews. */
export const PULL_EVENTS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
  "pull_request.edited",
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

export interface AppOptions {
  checks?: PullCheck[];
  /** The app's id, to find its own check runs on the head (idempotent updates). */
  appId?: number;
  /** Called with each evaluation's result (tests, metrics). */
  onEvaluated?: (result: EvaluationResult) => void;
}

/** Evaluations of the same commit run one after another, so a concurrent re-delivery updates the first run instead of creating a second. */
const inFlight = new Map<string, Promise<unknown>>();
async function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const mine = (inFlight.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
  inFlight.set(key, mine);
  try {
    return await mine;
  } finally {
    if (inFlight.get(key) === mine) inFlight.delete(key);
  }
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
  const deps = (context: { octokit: unknown; log: EvaluationDeps["log"] }, repository: RepoPayload): EvaluationDeps => {
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
    };
  };
  return (app: Probot) => {
    app.on([...PULL_EVENTS], async (context) => {
      const payload = context.payload as unknown as PullPayload;
      const d = deps(context, payload.repository);
      const sha = payload.pull_request.head.sha;
      const result = await serialized(`${d.owner}/${d.repo}@${sha}`, () => evaluatePull(d, payload.pull_request.number, sha));
      options.onEvaluated?.(result);
    });

    // "Re-run" on one of this app's checks: re-evaluate every open PR with that head.
    app.on("check_run.rerequested", async (context) => {
      const payload = context.payload as unknown as { check_run: { name: string; head_sha: string; check_suite?: { head_branch?: string | null } }; repository: RepoPayload };
      if (!checks.some((c) => c.name === payload.check_run.name)) return;
      const d = deps(context, payload.repository);
      const sha = payload.check_run.head_sha;
      const headBranch = payload.check_run.check_suite?.head_branch ?? "";
      const result = await serialized(`${d.owner}/${d.repo}@${sha}`, async (): Promise<EvaluationResult> => {
        // A re-run on a merge group's commit (branch gh-readonly-queue/<base>/pr-N-<sha>).
        if (headBranch.startsWith("gh-readonly-queue/")) {
          const base = headBranch.split("/")[1] ?? "";
          return evaluateGroup(d, { head_sha: sha, head_ref: `refs/heads/${headBranch}`, base_ref: `refs/heads/${base}` });
        }
        let pulls: number[] = [];
        let error: unknown;
        try {
          pulls = await openPullsWithHead(d.api, d.owner, d.repo, sha);
        } catch (e) {
          error = e;
        }
        // One PR: evaluatePull also finds this app's existing runs in the same query.
        const only = pulls.length === 1 ? pulls[0] : undefined;
        return error === undefined && only !== undefined ? evaluatePull(d, only, sha) : evaluateCommit(d, { sha, pulls, ...(error !== undefined ? { error } : {}) });
      });
      options.onEvaluated?.(result);
    });

    // Merge queue: the group's commit passes only when every PR merged with it passes.
    app.on("merge_group.checks_requested", async (context) => {
      const payload = context.payload as unknown as { merge_group: { head_sha: string; head_ref: string; base_ref: string }; repository: RepoPayload };
      const d = deps(context, payload.repository);
      const group = payload.merge_group;
      const result = await serialized(`${d.owner}/${d.repo}@${group.head_sha}`, () => evaluateGroup(d, group));
      options.onEvaluated?.(result);
    });
  };
}

export default createApp({ ...(process.env["APP_ID"] && Number.isFinite(Number(process.env["APP_ID"])) ? { appId: Number(process.env["APP_ID"]) } : {}) });

/** Same as createApp (the name the test helpers and server use). */
export const agentGuardrailApp = createApp;
