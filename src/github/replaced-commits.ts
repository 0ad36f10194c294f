/**
 * The commits force pushes took out of a pull request (`replacedCommits`). GitHub's timeline keeps
 * the head before each force push (HeadRefForcePushedEvent.beforeCommit); the commits that head
 * ended are what the compare API lists from the current base to it. Read only for a pull request
 * that touches infrastructure (see completeFacts): one request per replaced head.
 */
import type { PullFacts } from "../core/review/facts.js";
import type { GitHubApi } from "./checks/types.js";
import { IncompleteDataError } from "./pull.js";
import { BoundedMemo, POINTER_COST } from "../core/bounded-memo.js";

/**
 * Replaced heads read per evaluation; a pull request force-pushed more often fails closed. A bot
 * that rebases its branch whenever the base moves (Renovate's rebaseWhen: behind-base-branch)
 * gathers dozens on a long-open PR: each one already read is remembered (below), not asked again.
 */
export const MAX_REPLACED_HEADS = 50;

/**
 * The commits each replaced head held, by repository and head: a commit never changes, so what a
 * head held beyond the base when first read stays what the PR held then (a later base only drops
 * commits merged since, which were the PR's too). Bounded with the engine's memos.
 */
export const replacedSeriesMemo = new BoundedMemo<PullFacts["commits"]>("force-pushed series");
/** The compare API pages commits by 100; a replaced series longer than this fails closed. */
const MAX_COMPARE_PAGES = 3;
const PAGE = 100;

interface RestPerson {
  name?: string | null;
  email?: string | null;
}
interface RestCommit {
  sha: string;
  commit: { message: string; author: RestPerson | null; committer: RestPerson | null };
  author: { login?: string } | null;
  committer: { login?: string } | null;
}

const person = (p: RestPerson | null, account: { login?: string } | null) => ({ name: p?.name ?? "", email: p?.email ?? "", login: account?.login || null });

/**
 * The commits of base...before, every one, or it throws; undefined when GitHub no longer holds
 * `before` (404: a replaced head is collected in time, as when the timeline's beforeCommit is null).
 */
async function series(api: GitHubApi, owner: string, repo: string, baseSha: string, before: string): Promise<PullFacts["commits"] | undefined> {
  const out: PullFacts["commits"] = [];
  let total = 0;
  for (let page = 1; page <= MAX_COMPARE_PAGES; page++) {
    let data: { total_commits?: number; commits?: RestCommit[] };
    try {
      data = (await api.request("GET /repos/{owner}/{repo}/compare/{basehead}", { owner, repo, basehead: `${baseSha}...${before}`, per_page: PAGE, page })).data as typeof data;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404) return undefined;
      // 422: GitHub holds it but cannot compare it (no common history): who wrote it is unknown.
      if (status === 422) throw new IncompleteDataError(`commit ${before.slice(0, 7)}, the head a force push replaced, cannot be compared with the base (GitHub answered 422): who wrote the commits it held cannot be read (fail closed)`);
      throw error;
    }
    const commits = data.commits ?? [];
    for (const c of commits) out.push({ sha: c.sha, message: c.commit.message, author: person(c.commit.author, c.author), committer: person(c.commit.committer, c.committer) });
    // The count is what says the list is whole: without it (GitHub always sends it; a proxy or an
    // older API may not) the first page would be read as every commit the head held.
    if (typeof data.total_commits !== "number") throw new IncompleteDataError(`GitHub's comparison of ${baseSha.slice(0, 7)}...${before.slice(0, 7)} gives no total_commits: whether the ${out.length} commit${out.length === 1 ? "" : "s"} listed ${out.length === 1 ? "is" : "are"} all the head a force push replaced held is unknown (fail closed)`);
    total = data.total_commits;
    if (out.length >= total) return out;
    if (commits.length < PAGE) break; // GitHub stopped short of its own count
  }
  throw new IncompleteDataError(`the head ${before.slice(0, 7)} a force push replaced held ${total} commits, of which ${out.length} could be read: who wrote the others is unknown (fail closed)`);
}

/** Every commit the replaced heads held (each once), newest head first. */
export async function fetchReplacedCommits(api: GitHubApi, owner: string, repo: string, baseSha: string, befores: readonly string[]): Promise<PullFacts["commits"]> {
  const heads = [...new Set(befores)];
  if (heads.length > MAX_REPLACED_HEADS) throw new IncompleteDataError(`the pull request was force-pushed ${heads.length} times: more than ${MAX_REPLACED_HEADS} replaced heads cannot be read for who wrote them (fail closed)`);
  const seen = new Map<string, PullFacts["commits"][number]>();
  for (const before of heads) {
    const key = `${owner}/${repo}@${before}`.toLowerCase();
    let held = replacedSeriesMemo.get(key);
    if (!held) {
      held = await series(api, owner, repo, baseSha, before);
      if (!held) continue; // gone: nothing is left to read
      replacedSeriesMemo.set(key, held);
      replacedSeriesMemo.charge(held.reduce((n, c) => n + c.message.length + c.author.email.length + c.committer.email.length + POINTER_COST, 0));
    }
    for (const c of held) if (!seen.has(c.sha)) seen.set(c.sha, c);
  }
  return [...seen.values()];
}
