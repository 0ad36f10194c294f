/**
 * Merge commits of a pull request that hold nothing but their parents' content ("Update branch",
 * a clean `git merge main`): proven from three REST comparisons each (core/review/clean-merge.ts).
 * Only merges whose maker matters are proven: someone who reviewed the pull request (they could
 * approve) or an email linked to no account (they would block it); the newest first, at most
 * MAX_MERGE_PROOFS and MAX_PROOF_REQUESTS requests. A merge not proven keeps its author a writer,
 * the strict side.
 */
import { createHash } from "node:crypto";
import { mergeBringsOnlyParents, type DiffEntry } from "../core/review/clean-merge.js";
import { mergeLines } from "../core/review/merge3.js";
import { isNoreplyOfGitHub, normalizeLogin } from "../core/review/agents.js";
import type { PullFacts } from "../core/review/facts.js";
import type { GitHubApi } from "./checks/types.js";
import { readBlob } from "./config.js";

/** Merges proven per evaluation (three requests each). */
export const MAX_MERGE_PROOFS = 10;
/** The compare API lists at most this many files: a list that long may be cut. */
const MAX_COMPARE_FILES = 300;
/** Files both parents changed whose merge is checked by content, per merge (three requests each). */
const MAX_LINE_MERGED_FILES = 5;
/** The largest base version of such a file that is read (the contents API's own limit). */
const MAX_LINE_MERGED_BYTES = 1024 * 1024;
/**
 * Requests the proofs may spend per evaluation: a pull request full of merges made to be proven
 * must not use up the installation's rate limit (every check of the organisation would then fail).
 * Merges not proven when it runs out keep their makers writers.
 */
export const MAX_PROOF_REQUESTS = 60;

class OutOfBudget extends Error {}

/** The API, refusing requests past the budget. */
function budgeted(api: GitHubApi, budget: { left: number }): GitHubApi {
  return {
    graphql: (query, variables) => api.graphql(query, variables),
    request: (route, params) => {
      if (budget.left <= 0) return Promise.reject(new OutOfBudget());
      budget.left--;
      return api.request(route, params);
    },
  };
}

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
  let res: Awaited<ReturnType<GitHubApi["request"]>>;
  try {
    // per_page: the first page of commits only; the files come whole with it (up to 300).
    res = await api.request("GET /repos/{owner}/{repo}/compare/{basehead}", { owner, repo, basehead: `${base}...${head}`, per_page: 1 });
  } catch (error) {
    // A commit GitHub does not find or cannot compare here (a fork's parent no ref keeps): the merge is unproven, the strict side.
    const status = (error as { status?: number }).status;
    if (status === 404 || status === 422) return undefined;
    throw error;
  }
  const data = res.data as CompareAnswer;
  const mergeBase = data.merge_base_commit?.sha;
  if (!mergeBase || !Array.isArray(data.files) || data.files.length >= MAX_COMPARE_FILES) return undefined;
  return { mergeBase, files: data.files.map((f) => ({ filename: f.filename, status: f.status, sha: f.sha ?? null, ...(f.previous_filename ? { previousFilename: f.previous_filename } : {}) })) };
}

/**
 * The merge base of `base...head` as GitHub's comparison names it: the commit a pull request's diff
 * is taken from. An error (GitHub cannot compare them, no common history) propagates, naming both.
 */
export async function mergeBaseOf(api: GitHubApi, owner: string, repo: string, base: string, head: string): Promise<string> {
  const what = `the merge base of ${base.slice(0, 7)} and ${head.slice(0, 7)} (the base branch's tip and the head)`;
  let data: CompareAnswer;
  try {
    data = (await api.request("GET /repos/{owner}/{repo}/compare/{basehead}", { owner, repo, basehead: `${base}...${head}`, per_page: 1 })).data as CompareAnswer;
  } catch (error) {
    // Kept: the status and request, so the reason still names a refused permission.
    throw Object.assign(new Error(`cannot read ${what}: ${(error as Error).message}`), { status: (error as { status?: number }).status, request: (error as { request?: unknown }).request });
  }
  const sha = data.merge_base_commit?.sha;
  if (!sha) throw new Error(`GitHub's comparison names no merge base of ${base.slice(0, 7)} and ${head.slice(0, 7)}: what the pull request adds cannot be told (fail closed)`);
  return sha;
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
  const resolved = await lineMergedFiles(api, owner, repo, ours.mergeBase, { ours: ours.files, theirs: theirs.files, merged: merged.files });
  return mergeBringsOnlyParents({ ours: ours.files, theirs: theirs.files, merged: merged.files, resolved });
}

/** git's id of a blob: what the compare API's `sha` of a file is. */
const gitBlobSha = (bytes: Buffer): string => createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");


/**
 * The files both parents modified in place whose version in the merge is what merging them line by
 * line gives, read from their content (the base's version through the contents API at the merge
 * base, the parents' as blobs): three requests a file, at most MAX_LINE_MERGED_FILES files; a file
 * not proven is left out, and the merge then stays unproven.
 */
async function lineMergedFiles(api: GitHubApi, owner: string, repo: string, mergeBase: string, diffs: { ours: DiffEntry[]; theirs: DiffEntry[]; merged: DiffEntry[] }): Promise<Set<string>> {
  const inPlace = (e: DiffEntry | undefined): e is DiffEntry & { sha: string } => e !== undefined && e.status === "modified" && e.previousFilename === undefined && e.sha !== null;
  const both = diffs.theirs
    .filter((t) => {
      const o = diffs.ours.find((x) => x.filename === t.filename);
      return inPlace(t) && inPlace(o) && o.sha !== t.sha;
    })
    .slice(0, MAX_LINE_MERGED_FILES);
  const resolved = new Set<string>();
  for (const theirs of both) {
    const ours = diffs.ours.find((o) => o.filename === theirs.filename);
    // The merge's version: as the merge diff names it, else the first parent's, unchanged.
    const inMerge = diffs.merged.find((m) => m.filename === theirs.filename);
    const expected = inMerge ? (inPlace(inMerge) ? inMerge.sha : undefined) : ours?.sha;
    if (!ours?.sha || !theirs.sha || !expected) continue;
    const res = await api.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: theirs.filename, ref: mergeBase });
    const base = res.data as { type?: string; sha?: string; size?: number; content?: string; encoding?: string };
    // A file too large for the contents API to carry (1 MB) is not read whole three times: unproven.
    if (base.type !== "file" || !base.sha || typeof base.size !== "number" || base.size > MAX_LINE_MERGED_BYTES || base.encoding !== "base64" || typeof base.content !== "string") continue;
    const baseBytes = Buffer.from(base.content, "base64");
    const oursBytes = await readBlob(api, owner, repo, ours.sha);
    const theirsBytes = await readBlob(api, owner, repo, theirs.sha);
    // Each version must be the blob GitHub named: anything else proves nothing.
    if (!baseBytes || !oursBytes || !theirsBytes || gitBlobSha(baseBytes) !== base.sha || gitBlobSha(oursBytes) !== ours.sha || gitBlobSha(theirsBytes) !== theirs.sha) continue;
    // latin1 keeps every byte as one character: lines split at the newline byte, whatever the encoding.
    const result = mergeLines(baseBytes.toString("latin1"), oursBytes.toString("latin1"), theirsBytes.toString("latin1"));
    if (result !== undefined && gitBlobSha(Buffer.from(result, "latin1")) === expected) resolved.add(theirs.filename);
  }
  return resolved;
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
  const limited = budgeted(api, { left: MAX_PROOF_REQUESTS });
  for (const merge of candidates) {
    try {
      if (await isCleanMerge(limited, owner, repo, merge)) proven.push(merge.sha);
    } catch (error) {
      if (error instanceof OutOfBudget) break;
      throw error;
    }
  }
  return proven.reverse();
}
