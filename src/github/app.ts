/**
 * The GitHub App (Probot): a thin adapter from webhook events to `evaluatePull`
 * (src/github/evaluate.ts), which fetches the facts and the BASE-branch policy, runs every
 * registered PullCheck and publishes one check run per check on the head SHA (created or updated
 * by name). Every error fails the checks closed with its reason.
 */
import type { Probot } from "probot";
import { twoPersonReviewCheck } from "./checks/two-person-review.js";
import type { PullCheck } from "./checks/types.js";
import { evaluatePull } from "./evaluate.js";
import { countRequests } from "./requests.js";

/** Every check the app posts. Add yours here (see src/github/checks/types.ts). */
export const CHECKS: PullCheck[] = [twoPersonReviewCheck];

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

interface PullPayload {
  pull_request: { number: number; head: { sha: string } };
  repository: { name: string; html_url: string; owner: { login: string } };
}

export interface AppOptions {
  checks?: PullCheck[];
  /** The app's id, to find its own check runs on the head (idempotent updates). */
  appId?: number;
}

export function createApp(options: AppOptions = {}): (app: Probot) => void {
  return (app: Probot) => {
    app.on([...PULL_EVENTS], async (context) => {
      const payload = context.payload as unknown as PullPayload;
      const { api, ledger } = countRequests(context.octokit as never);
      await evaluatePull(
        {
          api,
          ledger,
          owner: payload.repository.owner.login,
          repo: payload.repository.name,
          htmlUrl: payload.repository.html_url,
          checks: options.checks ?? CHECKS,
          log: context.log,
          ...(options.appId !== undefined ? { appId: options.appId } : {}),
        },
        payload.pull_request.number,
        payload.pull_request.head.sha,
      );
    });
  };
}

export default createApp({ ...(process.env["APP_ID"] && Number.isFinite(Number(process.env["APP_ID"])) ? { appId: Number(process.env["APP_ID"]) } : {}) });

/** Same as createApp (the name the test helpers and server use). */
export const agentGuardrailApp = createApp;
