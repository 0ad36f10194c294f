/**
 * Publish a check run on a commit, created or updated by name (idempotent: a re-delivered event
 * updates the run it made the first time). GitHub accepts 50 annotations per request and a
 * summary of at most 65,535 bytes of UTF-8 (its docs say characters; it answers 422 "summary
 * exceeds a maximum bytesize of 65535").
 */
import type { CheckAnnotation, CheckOutcome, ExistingRun, GitHubApi } from "./checks/types.js";

export const MAX_SUMMARY = 65_535;
export const ANNOTATIONS_PER_REQUEST = 50;

/** The summary within GitHub's limit in UTF-8 bytes, cut between characters, its start (the verdict) kept. */
export function truncateSummary(summary: string, max = MAX_SUMMARY): string {
  const bytes = Buffer.from(summary, "utf8");
  if (bytes.length <= max) return summary;
  const note = `\n\n… truncated: ${bytes.length - max} more bytes (GitHub's limit is ${max}).`;
  let end = max - Buffer.byteLength(note, "utf8");
  // Never inside a character: back up over UTF-8 continuation bytes (10xxxxxx).
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8") + note;
}

/**
 * A run's `external_id` records what it was written from: `v2|<PR numbers>|<facts version>`.
 * The version is an ISO time (the latest change the facts saw), so versions compare as strings.
 */
export function externalId(pulls: number[], version: string): string {
  return `v2|${pulls.join(",")}|${version}`;
}

/** How far GitHub's clock may run ahead of this one: a version later than that is from no record GitHub made. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The facts version in an external_id ("" when the run was written by an older release or has
 * none, or when it is no time GitHub can have recorded yet: an earlier release took commit dates,
 * which committers choose, and a run written from a future one must not outrank every later verdict).
 */
export function versionOf(externalIdText: string | null | undefined, now = Date.now()): string {
  const parts = (externalIdText ?? "").split("|");
  const version = parts[0] === "v2" ? (parts[2] ?? "") : "";
  return version !== "" && !(Date.parse(version) <= now + CLOCK_SKEW_MS) ? "" : version;
}

interface RestCheckRun {
  id: number;
  name: string;
  status?: string;
  conclusion?: string | null;
  external_id?: string | null;
  output?: { annotations_count?: number };
}

/** This app's check runs on a commit, by name, with the state and facts version each was written with. */
export async function listCheckRuns(api: GitHubApi, owner: string, repo: string, sha: string, appId: number | undefined): Promise<Map<string, ExistingRun>> {
  const res = await api.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    owner,
    repo,
    ref: sha,
    per_page: 100,
    filter: "latest",
    ...(appId !== undefined ? { app_id: appId } : {}),
  });
  const data = res.data as { total_count?: number; check_runs?: RestCheckRun[] };
  if (!Array.isArray(data.check_runs)) throw new Error(`GitHub returned no check runs for ${sha.slice(0, 7)}`);
  // More runs than one page (other apps' runs when app_id is unknown): the one we need may be missing.
  if ((data.total_count ?? 0) > data.check_runs.length) throw new Error(`more than ${data.check_runs.length} check runs on ${sha.slice(0, 7)}: cannot read them all`);
  const out = new Map<string, ExistingRun>();
  for (const run of data.check_runs) {
    if (out.has(run.name)) continue;
    const state = (run.conclusion ?? run.status ?? "").toLowerCase();
    out.set(run.name, { id: run.id, annotations: run.output?.annotations_count ?? 0, ...(state ? { state } : {}), version: versionOf(run.external_id) });
  }
  return out;
}

const annotationKey = (a: CheckAnnotation): string => [a.path, a.start_line, a.end_line, a.annotation_level, a.title ?? "", a.message].join("\u0000");

/** Every annotation of a run (GitHub lists them 100 at a time). */
async function listAnnotations(api: GitHubApi, owner: string, repo: string, runId: number, count: number): Promise<CheckAnnotation[]> {
  const out: CheckAnnotation[] = [];
  for (let page = 1; out.length < count; page++) {
    const res = await api.request("GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations", { owner, repo, check_run_id: runId, per_page: 100, page });
    const rows = res.data as CheckAnnotation[];
    out.push(...rows);
    if (rows.length < 100) break;
  }
  return out;
}

/** What to send for one run: only annotations it does not carry yet (GitHub appends, never replaces). */
export interface PlannedRun {
  annotations: CheckAnnotation[];
  /** Annotations an earlier evaluation of this commit left on the run that no longer apply. */
  stale: number;
}

/**
 * Re-publishing on the same run must not repeat its annotations: an update appends them. Annotations
 * cannot be removed either, so ones that no longer apply are counted and named in the summary.
 */
export async function planAnnotations(api: GitHubApi, owner: string, repo: string, outcome: CheckOutcome, existing: ExistingRun | undefined): Promise<PlannedRun> {
  const unique = new Map<string, CheckAnnotation>();
  for (const a of outcome.annotations) if (!unique.has(annotationKey(a))) unique.set(annotationKey(a), a);
  if (!existing || existing.annotations === 0) return { annotations: [...unique.values()], stale: 0 };
  const present = new Set((await listAnnotations(api, owner, repo, existing.id, existing.annotations)).map(annotationKey));
  return {
    annotations: [...unique].filter(([key]) => !present.has(key)).map(([, a]) => a),
    stale: [...present].filter((key) => !unique.has(key)).length,
  };
}

/** Requests publishCheckRun will send for this many new annotations. */
export const publishRequests = (annotations: number): number => Math.max(1, Math.ceil(annotations / ANNOTATIONS_PER_REQUEST));

export interface PublishInput {
  owner: string;
  repo: string;
  headSha: string;
  name: string;
  /** Annotations already planned (planAnnotations): only the ones to add. */
  outcome: CheckOutcome;
  /** The existing run of this name on headSha, if any. */
  existingId?: number;
  externalId?: string;
}

/**
 * Mark an existing run as being re-evaluated (no conclusion): if the final write then fails, the
 * run blocks a merge instead of showing the previous verdict. The external_id is left as it is.
 */
export async function markInProgress(api: GitHubApi, owner: string, repo: string, runId: number, name: string): Promise<void> {
  await api.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
    owner,
    repo,
    check_run_id: runId,
    name,
    status: "in_progress",
    output: { title: "Re-evaluating", summary: "The facts of this pull request changed; the previous verdict no longer applies and is being re-evaluated." },
  });
}

/** Create or update the run; returns its id and the number of requests spent. */
export async function publishCheckRun(api: GitHubApi, input: PublishInput): Promise<{ id: number; requests: number }> {
  const { owner, repo, name, outcome } = input;
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < outcome.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(outcome.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const output = (annotations: CheckAnnotation[] | undefined) => ({
    title: outcome.title.slice(0, 1000),
    summary: truncateSummary(outcome.summary),
    ...(annotations?.length ? { annotations } : {}),
  });
  const body = {
    name,
    status: "completed",
    conclusion: outcome.conclusion,
    completed_at: new Date().toISOString(),
    ...(input.externalId ? { external_id: input.externalId } : {}),
    output: output(batches[0]),
  };
  let id: number;
  if (input.existingId !== undefined) {
    await api.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { owner, repo, check_run_id: input.existingId, ...body });
    id = input.existingId;
  } else {
    const res = await api.request("POST /repos/{owner}/{repo}/check-runs", { owner, repo, head_sha: input.headSha, ...body });
    id = (res.data as { id: number }).id;
  }
  // Further annotations are appended by updating the same run, 50 at a time.
  for (const batch of batches.slice(1)) {
    await api.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { owner, repo, check_run_id: id, output: output(batch) });
  }
  return { id, requests: publishRequests(outcome.annotations.length) };
}
