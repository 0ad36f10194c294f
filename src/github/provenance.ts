/**
 * Who pushed a pull request's commits and which app opened it, as GitHub records them
 * (`facts.pushes`, `facts.openedViaApp`; the pure rule reads them in src/core/review/pushes.ts):
 * - REST "List repository activities" (`GET /repos/{owner}/{repo}/activity`, filtered by the head
 *   branch): each update of the branch with the account GitHub authenticated (`actor`), its
 *   `before`/`after` and time. Needs `contents: read`; GitHub Enterprise Server has it from 3.11.
 * - REST "Get an issue" on the pull request: `performed_via_github_app`, the GitHub App a person's
 *   token opened it through (Codex cloud's connector). Needs `issues: read` (or pull_requests).
 * A record GitHub cannot give (403 refused, 404, 422) is written to `facts.provenanceUnread` with
 * why: the pusher is unknown and the rule guards an infrastructure PR. Other errors (5xx, rate
 * limit) propagate and fail the check, as every API error does.
 */
import { agentSignals } from "../core/review/agents.js";
import type { Push, PullFacts } from "../core/review/facts.js";
import type { Policy } from "../core/policy.js";
import { pushChain } from "../core/review/pushes.js";
import { hasUnknownWriters, mayTouchInfra, rule } from "../core/review/two-person-review.js";
import type { GitHubApi } from "./checks/types.js";
import type { FetchedPull } from "./pull.js";
import { headersOf, rateLimitOf } from "./requests.js";
import { setTimeout as sleep } from "node:timers/promises";

/** Activity pages read per evaluation (100 updates each); a head built by more fails closed. */
export const MAX_ACTIVITY_PAGES = 10;
const PAGE = 100;
const KINDS = new Set<Push["kind"]>(["push", "force_push", "branch_creation", "branch_deletion", "pr_merge", "merge_queue_merge"]);

interface RestActivity {
  before?: string;
  after?: string;
  ref?: string;
  timestamp?: string;
  activity_type?: string;
  actor?: { login?: string; type?: string } | null;
}


/** The `after` cursor of the `rel="next"` link GitHub pages the activity list with. */
function nextCursor(link: unknown): string | undefined {
  if (typeof link !== "string") return undefined;
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (m?.[1]) return new URL(m[1]).searchParams.get("after") ?? undefined;
  }
  return undefined;
}

/** Why GitHub cannot give this record (a refusal that a retry will not change), or undefined: an error to propagate. */
function unreadable(error: unknown, what: string, permission: string): string | undefined {
  const e = error as { status?: number; message?: string };
  const headers = headersOf(error);
  // A rate limit is a 403 or 429 too: it passes, so it fails the check like any API error.
  const limited = e.status === 429 || rateLimitOf(headers)?.remaining === 0 || headers?.["retry-after"] !== undefined;
  if (limited || ![403, 404, 410, 422].includes(e.status ?? 0)) return undefined;
  const hint = e.status === 403 ? `: the installation has not granted ${permission}` : e.status === 404 ? " (not found: GitHub Enterprise Server before 3.11 has no activity API, and a fork the app cannot read answers so)" : "";
  return `GitHub answered ${e.status} to ${what} (${e.message ?? "no message"})${hint}`;
}

/**
 * The updates of `branch` in `owner/repo`, newest first: read until every push that built `head`
 * (and each replaced head, as far as the list goes) is found, or the list ends.
 */
async function readPushes(api: GitHubApi, owner: string, repo: string, branch: string, head: string, commits: ReadonlySet<string>, replacedHeads: readonly string[]): Promise<{ pushes: Push[]; capped: boolean }> {
  const ref = `refs/heads/${branch}`;
  const withReplaced = new Set([...commits, ...replacedHeads]);
  const pushes: Push[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_ACTIVITY_PAGES; page++) {
    const res = await api.request("GET /repos/{owner}/{repo}/activity", { owner, repo, ref, per_page: PAGE, ...(after !== undefined ? { after } : {}) });
    for (const a of (res.data ?? []) as RestActivity[]) {
      // The filter is GitHub's; a row of another ref (or a shape it never documented) is no push of this branch.
      if (a.ref !== ref || !a.before || !a.after || !a.timestamp || !KINDS.has(a.activity_type as Push["kind"])) continue;
      const actor = a.actor?.login ? { login: a.actor.login, type: (a.actor.type === "Bot" || a.actor.type === "Organization" ? a.actor.type : "User") as "User" | "Bot" | "Organization" } : null;
      pushes.push({ before: a.before, after: a.after, kind: a.activity_type as Push["kind"], actor, at: a.timestamp });
    }
    const resolved = pushChain(pushes, head, commits).missing === undefined && replacedHeads.every((r) => pushChain(pushes, r, withReplaced).missing === undefined);
    after = nextCursor(res.headers["link"]);
    if (resolved || after === undefined) return { pushes, capped: false };
  }
  return { pushes, capped: pushChain(pushes, head, commits).missing !== undefined };
}

/**
 * Whether the records can change the verdict: a pull request no commit, text or author already
 * marks as an agent's (one that does is guarded whoever pushed it), that changes something besides
 * tests and docs. Read before the base's project files, which an agent's push makes worth reading.
 */
export function needsProvenance(facts: PullFacts, policy: Policy): boolean {
  if (!facts.filesComplete || !facts.commitsComplete || !mayTouchInfra(facts, policy.review.infraPaths)) return false;
  // An unknown writer already decides an infrastructure PR (it fails), and nothing else.
  return !agentSignals(facts, policy.agents).some((s) => s.strong) && !hasUnknownWriters(facts, policy);
}

export interface ProvenanceOptions {
  /** Waits before reading the activity again when it does not show the head's push yet (GitHub records it moments after the webhook). */
  retryDelaysMs?: number[];
}

/**
 * Whether who pushed an agent's pull request can change its verdict: it is guarded and would pass,
 * and the record was not read yet. A pusher of its commits cannot approve it, so an approval may
 * stop counting; a verdict that fails already cannot fail more (no request spent on it).
 */
export function needsPushers(facts: PullFacts, policy: Policy): boolean {
  if (facts.pushes !== undefined || facts.provenanceUnread !== undefined) return false;
  const decision = rule.evaluate(facts, policy);
  return decision.guarded && decision.conclusion === "success";
}

/** Reads who pushed the head branch into `fetched.facts` (pushes; provenanceUnread when it cannot be read). */
export async function fetchPushes(api: GitHubApi, owner: string, repo: string, fetched: FetchedPull, options: ProvenanceOptions = {}): Promise<void> {
  const unread: string[] = [];
  await readActivity(api, owner, repo, fetched, options, unread);
  if (unread.length) fetched.facts.provenanceUnread = unread;
}

/** Reads both records into `fetched.facts` (pushes, openedViaApp, provenanceUnread). */
export async function fetchProvenance(api: GitHubApi, owner: string, repo: string, fetched: FetchedPull, options: ProvenanceOptions = {}): Promise<void> {
  const facts: PullFacts = fetched.facts;
  const unread: string[] = [];
  await readActivity(api, owner, repo, fetched, options, unread);
  try {
    const issue = (await api.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: facts.number })).data as { performed_via_github_app?: { slug?: string; name?: string } | null };
    const app = issue.performed_via_github_app;
    facts.openedViaApp = app?.slug ? { slug: app.slug, name: app.name ?? app.slug } : null;
  } catch (error) {
    const why = unreadable(error, `pull request #${facts.number} read as an issue (the app it was opened through)`, "`issues: read`");
    if (why === undefined) throw error;
    unread.push(why);
  }
  if (unread.length) facts.provenanceUnread = unread;
}

/** The head branch's updates into `fetched.facts.pushes`; why they cannot be read into `unread`. */
async function readActivity(api: GitHubApi, owner: string, repo: string, fetched: FetchedPull, options: ProvenanceOptions, unread: string[]): Promise<void> {
  const facts: PullFacts = fetched.facts;
  const commits = new Set(facts.commits.map((c) => c.sha));
  // The head branch lives in the head repository (a fork's own), where its pushes are recorded.
  const head = fetched.headRepo === undefined ? { owner, name: repo } : fetched.headRepo;
  if (head === null) {
    unread.push("the pull request's head repository no longer exists: who pushed its commits cannot be read");
  } else {
    const where = `the repository activity of ${head.owner}/${head.name} (branch ${facts.headRef})`;
    try {
      let read = await readPushes(api, head.owner, head.name, facts.headRef, facts.headSha, commits, fetched.replacedHeads);
      for (const delay of options.retryDelaysMs ?? []) {
        if (read.capped || read.pushes.some((p) => p.after === facts.headSha)) break;
        await sleep(delay);
        read = await readPushes(api, head.owner, head.name, facts.headRef, facts.headSha, commits, fetched.replacedHeads);
      }
      facts.pushes = read.pushes;
      if (read.capped) unread.push(`${facts.headRef} was updated more than ${MAX_ACTIVITY_PAGES * PAGE} times since the pushes that built the head: they cannot all be read`);
    } catch (error) {
      const why = unreadable(error, where, "`contents: read`");
      if (why === undefined) throw error;
      unread.push(why);
    }
  }
}
