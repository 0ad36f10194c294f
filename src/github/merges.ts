/**
 * Merge commits of a pull request that hold nothing but their parents' content ("Update branch",
 * a clean `git merge main`): proven from three REST comparisons each (core/review/clean-merge.ts).
 * Only merges whose maker matters are proven: someone who reviewed the pull request (they could
 * approve) or an email linked to no account (they would block it); the newest first, at most
 * MAX_MERGE_PROOFS. A merge not proven keeps its author a writer, the strict side.
 */
import { mergeBringsOnlyParents, type DiffEntry } from "../core/review/clean-merge.js";
import { isNoreplyOfGitHub, normalizeLogin } from "../core/review/agents.js";
import type { PullFacts } from "../core/review/facts.js";
import type { GitHubApi } from "./checks/types.js";

/** Merges proven per evaluation (three requests each). */
export const MAX_MERGE_PROOFS = 10;
/** The compare API lists at most this many files: a list that long may be cut. */
const MAX_COMPARE_FILES = 300;

export interface MergeCandidate {
  sha: string;
  parents: readonly string[];
}

interface CompareAnswer {
  merge_base_commit?: { sha?: string } | null;
  files?: { filename: string; status: string; sha: string | null; previous_filename?: string }[];
}

/** base...head as GitHub compares it: its merge base and its files, or undefined when the list may be cut. */
async function compare(api: GitHubApi, owner: string, repo: string, base: string, head: string): Promise<{ mergeBase: string; files: DiffEntry[] } | undefined> {
  // per_page: the first page of commits only; the files come whole with it (up to 300).
  const res = await api.request("GET /repos/{owner}/{repo}/compare/{basehead}", { owner, repo, basehead: `${base}...${head}`, per_page: 1 });
  const data = res.data as CompareAnswer;
  const mergeBase = data.merge_base_commit?.sha;
  if (!mergeBase || !Array.isArray(data.files) || data.files.length >= MAX_COMPARE_FILES) return undefined;
  return { mergeBase, files: data.files.map((f) => ({ filename: f.filename, status: f.status, sha: f.sha ?? null, ...(f.previous_filename ? { previousFilename: f.previous_filename } : {}) })) };
}

/** Whether one two-parent merge brings in nothing but its parents' content. */
export async function isCleanMerge(api: GitHubApi, owner: string, repo: string, merge: MergeCandidate): Promise<boolean> {
  const [first, second] = merge.parents;
  if (merge.parents.length !== 2 || first === undefined || second === undefined) return false;
  const ours = await compare(api, owner, repo, second, first);
  if (!ours) return false;
  const theirs = await compare(api, owner, repo, first, second);
  if (!theirs || theirs.mergeBase !== ours.mergeBase) return false;
  const merged = await compare(api, owner, repo, first, merge.sha);
  // The first parent is an ancestor of the merge: anything else is not the merge it claims to be.
  if (!merged || merged.mergeBase !== first) return false;
  return mergeBringsOnlyParents({ ours: ours.files, theirs: theirs.files, merged: merged.files });
}

/** The merges worth proving: two parents, made by a reviewer or by an email linked to no account. */
export function mergesToProve(facts: Pick<PullFacts, "commits" | "reviews">, parents: ReadonlyMap<string, readonly string[]>): MergeCandidate[] {
  const reviewers = new Set(facts.reviews.map((r) => normalizeLogin(r.user.login)));
  const matters = (p: PullFacts["commits"][number]["author"]) => (p.login === null ? !isNoreplyOfGitHub(p.email) : reviewers.has(normalizeLogin(p.login)));
  return facts.commits
    .filter((c) => (parents.get(c.sha)?.length ?? 0) === 2 && (matters(c.author) || matters(c.committer)))
    .reverse()
    .slice(0, MAX_MERGE_PROOFS)
    .map((c) => ({ sha: c.sha, parents: parents.get(c.sha) ?? [] }));
}

/** The shas of the candidates proven clean, in commit order. */
export async function provenCleanMerges(api: GitHubApi, owner: string, repo: string, candidates: readonly MergeCandidate[]): Promise<string[]> {
  const proven: string[] = [];
  for (const merge of candidates) if (await isCleanMerge(api, owner, repo, merge)) proven.push(merge.sha);
  return proven.reverse();
}
