/**
 * The check registry: every check the GitHub App posts is a `PullCheck`, listed once in
 * `CHECKS` (src/github/app.ts). The app fetches the pull request's facts and the policy from the
 * BASE branch once, runs every registered check on them, and publishes one check run per check,
 * by name, on the head SHA (created or updated: re-deliveries never add a second run).
 *
 * To add a check: write `export const myCheck: PullCheck = { name: "agent-guardrail / …", run }`
 * under src/github/checks/ and add it to `CHECKS` in src/github/app.ts. `run` gets everything it
 * needs in `PullCheckContext`; it returns a `CheckOutcome`. The app takes care of:
 * - the 65,535-character summary limit (long summaries are truncated with a note),
 * - annotations in batches of 50 (GitHub's limit per request),
 * - the API requests the evaluation spent and the rate limit left (appended to the summary),
 * - failing closed: when `run` throws, the check run concludes `failure` with the error.
 * A check that does not apply must return `success` and say why ("no templates changed").
 */
import type { Policy } from "../../core/policy.js";
import type { PullFacts } from "../../core/review/facts.js";

/** One annotation of a check run (GitHub's shape; lines are 1-based). */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "failure" | "warning" | "notice";
  message: string;
  title?: string;
}

/** One of this app's check runs on a commit: its id and how many annotations it already carries. */
export interface ExistingRun {
  id: number;
  annotations: number;
  /** Lower-case conclusion, or status while not completed ("success", "failure", "in_progress", …). */
  state?: string;
  /** The facts version the run was written from (from its external_id), "" when unknown. */
  version?: string;
}

export interface CheckOutcome {
  conclusion: "success" | "failure" | "neutral";
  /** One line: the verdict. */
  title: string;
  /** Markdown: verdict, reasons, evidence. The app appends the request accounting. */
  summary: string;
  annotations: CheckAnnotation[];
}

/** A changed file as the REST API names it (`status`) plus the old path of a rename. */
export interface ChangedFile {
  path: string;
  status: "added" | "modified" | "removed" | "renamed" | "copied" | "changed";
  previousPath?: string;
}

/** The minimum of Octokit the app uses (both Probot's Octokit and the `octokit` package fit). */
export interface GitHubApi {
  request(route: string, params?: Record<string, unknown>): Promise<{ status: number; headers: Record<string, unknown>; data: unknown }>;
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export interface PullCheckContext {
  owner: string;
  repo: string;
  /** Web URL of the repository (github.com or GHE), for links in summaries. */
  htmlUrl: string;
  /**
   * `baseSha` is the base commit GitHub recorded (`baseRefOid`: the base's tip when the PR was
   * opened, not moved with the branch): what a PR adds is judged against `mergeBase()` instead.
   */
  pull: { number: number; headSha: string; headRef: string; baseSha: string; baseRef: string };
  /**
   * The commit the PR's changes are taken from, as GitHub's diff (and so `files`) takes them: the
   * merge base of the base branch's tip and the head. One comparison, asked once; errors propagate.
   */
  mergeBase(): Promise<string>;
  /** Resolved from `.github/agent-guardrail.yml` on the BASE branch (never the PR's own copy). */
  policy: Policy;
  /** Everything the two-person rule decides on (author, files, commits, reviews, permissions). */
  facts: PullFacts;
  /** Changed files with their status; `filesComplete` false when the API truncated the list. */
  files: ChangedFile[];
  filesComplete: boolean;
  /** File content at a commit (`pull.headSha`, `await mergeBase()`); undefined when absent there. */
  readFile(ref: string, path: string): Promise<string | undefined>;
  /** Request-counting API client, for anything else a check needs. */
  github: GitHubApi;
}

export interface PullCheck {
  /** The check run's name, e.g. "agent-guardrail / two-person review". Unique in CHECKS. */
  name: string;
  run(ctx: PullCheckContext): Promise<CheckOutcome>;
}
