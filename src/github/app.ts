/**
 * The GitHub App (Probot): on pull_request events, fetch the PR's facts (one GraphQL query) and the
 * policy from the BASE branch, run every registered PullCheck and publish one check run per check
 * on the head SHA, created or updated by name. Every error fails the check closed with its reason.
 */
import type { Probot } from "probot";
import { ConfigError } from "../policy/load.js";
import type { Policy } from "../core/policy.js";
import { publishCheckRun } from "./check-runs.js";
import { twoPersonReviewCheck } from "./checks/two-person-review.js";
import type { CheckOutcome, GitHubApi, PullCheck } from "./checks/types.js";
import { loadRepoPolicy, readRepoFile } from "./config.js";
import { fetchPull, type FetchedPull } from "./pull.js";
import { countRequests, describeLedger } from "./requests.js";

/** Every check the app posts. Add yours here (see src/github/checks/types.ts). */
export const CHECKS: PullCheck[] = [twoPersonReviewCheck];

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

function failure(title: string, error: unknown): CheckOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return {
    conclusion: "failure",
    title: `${title}: ${message}`.slice(0, 200),
    summary: `**FAIL** (fail closed): ${title}.\n\n\`\`\`\n${message}\n\`\`\``,
    annotations: [],
  };
}

export interface EvaluateInput {
  api: GitHubApi;
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  htmlUrl: string;
  appId?: number;
  checks?: PullCheck[];
}

/** Evaluate and publish every check for one PR; returns each check's conclusion by name. */
export async function evaluatePull(input: EvaluateInput, ledger: { requests: number; remaining: Record<string, number> }): Promise<Map<string, CheckOutcome>> {
  const { api, owner, repo, number } = input;
  const checks = input.checks ?? CHECKS;
  const outcomes = new Map<string, CheckOutcome>();
  let fetched: FetchedPull | undefined;
  let policy: Policy | undefined;
  let setupError: CheckOutcome | undefined;
  try {
    fetched = await fetchPull(api, owner, repo, number, input.appId !== undefined ? { appId: input.appId } : {});
    policy = await loadRepoPolicy(api, owner, repo, fetched.facts.baseRef);
    if (policy.review.approverTeams.length) {
      fetched = await fetchPull(api, owner, repo, number, { ...(input.appId !== undefined ? { appId: input.appId } : {}), approverTeams: policy.review.approverTeams });
    }
  } catch (error) {
    setupError = failure(error instanceof ConfigError ? "invalid .github/agent-guardrail.yml on the base branch" : "could not read the pull request", error);
  }
  const headSha = fetched?.facts.headSha ?? input.headSha;
  for (const check of checks) {
    let outcome: CheckOutcome;
    if (setupError || !fetched || !policy) outcome = setupError ?? failure("could not evaluate", "no facts");
    else {
      const pull = fetched;
      try {
        outcome = await check.run({
          owner,
          repo,
          htmlUrl: input.htmlUrl,
          pull: { number, headSha: pull.facts.headSha, headRef: pull.facts.headRef, baseSha: pull.baseSha, baseRef: pull.facts.baseRef },
          policy,
          facts: pull.facts,
          files: pull.files,
          filesComplete: pull.facts.filesComplete,
          readFile: (ref, path) => readRepoFile(api, owner, repo, path, ref),
          github: api,
        });
      } catch (error) {
        outcome = failure(`${check.name} could not evaluate`, error);
      }
    }
    // +1: the publishing request itself.
    const summary = `${outcome.summary}\n\n${describeLedger(ledger, 1)}`;
    const existingId = fetched?.checkRuns.get(check.name);
    await publishCheckRun(api, { owner, repo, headSha, name: check.name, outcome: { ...outcome, summary }, ...(existingId !== undefined ? { existingId } : {}) });
    outcomes.set(check.name, outcome);
  }
  return outcomes;
}

interface PullPayload {
  pull_request: { number: number; head: { sha: string } };
  repository: { name: string; html_url: string; owner: { login: string } };
}

export default function agentGuardrailApp(app: Probot): void {
  app.on([...PULL_EVENTS], async (context) => {
    const payload = context.payload as unknown as PullPayload;
    const { api, ledger } = countRequests(context.octokit as never);
    const appIdRaw = (app as unknown as { state?: { appId?: number | string } }).state?.appId;
    const appId = appIdRaw !== undefined ? Number(appIdRaw) : undefined;
    await evaluatePull(
      {
        api,
        owner: payload.repository.owner.login,
        repo: payload.repository.name,
        number: payload.pull_request.number,
        headSha: payload.pull_request.head.sha,
        htmlUrl: payload.repository.html_url,
        ...(appId !== undefined && Number.isFinite(appId) ? { appId } : {}),
      },
      ledger,
    );
  });
}
