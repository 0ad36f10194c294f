/**
 * The GitHub API on the wire for Probot tests (nock 14): a recorder of every request and check-run
 * write, and GitHub's state of this app's runs on a commit (listed when the app re-reads them).
 */
import nock from "nock";
import { Octokit } from "octokit";
import type { Probot } from "probot";
import type { AppOptions } from "../../src/github/app.js";
import { twoPersonReviewCheck } from "../../src/github/checks/two-person-review.js";
import type { EvaluationResult } from "../../src/github/evaluate.js";
import type { GitHubApi } from "../../src/github/checks/types.js";
import { countRequests } from "../../src/github/requests.js";
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { BASE_SHA, pullData, RATE_HEADERS, testProbot, type PullInput } from "./helpers.js";

export const API = "https://api.github.com";
export const REPO = "/repos/Codertocat/Hello-World";
export const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const OLD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
export const CONFIG = /\/contents\/\.github(%2F|\/)agent-guardrail\.yml/;

/** A check run as GitHub keeps and lists it (stateful stubs of GitHub in tests). */
export interface StoredRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
}

export type CheckBody = { name: string; head_sha?: string; status: string; conclusion: string; output: { title: string; summary: string; annotations?: unknown[] } };

export interface Recorder {
  requests: string[];
  checkRuns: { method: string; path: string; body: CheckBody }[];
  graphql: { query: string; variables: Record<string, unknown> }[];
  /** GitHub's state: this app's runs on the commit (from the facts replies and the runs created), newest last. */
  runs: { id: number; name: string; external_id?: string; conclusion?: string | null; status?: string }[];
  /** Set by tests that mock the check-run list themselves. */
  customList?: boolean;
}

type GqlRun = { databaseId: number; name: string };
function runsIn(data: Record<string, unknown>): GqlRun[] {
  const pull = (data["repository"] as { pullRequest?: { head?: { nodes: { commit: { checkSuites?: { nodes: { checkRuns: { nodes: GqlRun[] } }[] } } }[] } } } | undefined)?.pullRequest;
  return (pull?.head?.nodes[0]?.commit.checkSuites?.nodes ?? []).flatMap((s) => s.checkRuns.nodes);
}

export function github(): { scope: nock.Scope; rec: Recorder } {
  const rec: Recorder = { requests: [], checkRuns: [], graphql: [], runs: [] };
  const scope = nock(API);
  scope.on("request", (req: { method: string; path: string }) => rec.requests.push(`${req.method} ${decodeURIComponent(req.path)}`));
  // The re-read before each write: GitHub lists the runs it holds (the facts' runs and those created since).
  scope
    .get(/\/repos\/[^/]+\/[^/]+\/commits\/[0-9a-f]+\/check-runs/)
    .query(() => !rec.customList)
    .optionally()
    .times(50)
    .reply(() => {
      const byName = new Map(rec.runs.map((r) => [r.name, r]));
      const runs = [...byName.values()].map((r) => ({ id: r.id, name: r.name, status: r.status ?? "completed", conclusion: r.conclusion ?? "failure", external_id: r.external_id ?? null, output: { annotations_count: 0 } }));
      return [200, { total_count: runs.length, check_runs: runs }, RATE_HEADERS("core", 4996)];
    });
  scope.post("/app/installations/1/access_tokens").reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: { checks: "write", pull_requests: "read", contents: "read", metadata: "read" }, repository_selection: "all" });
  return { scope, rec };
}

export function graphqlReply(scope: nock.Scope, rec: Recorder, data: Record<string, unknown>, status = 200): void {
  scope.post("/graphql", (body: { query: string; variables: Record<string, unknown> }) => {
    rec.graphql.push(body);
    return true;
  }).reply(() => {
    for (const r of runsIn(data)) if (!rec.runs.some((k) => k.id === r.databaseId)) rec.runs.push({ id: r.databaseId, name: r.name });
    return [status, status === 200 ? { data } : { message: "Server Error" }, RATE_HEADERS("graphql", 4990)];
  });
}

/** No config on the base branch, read at its tip (pullData's BASE_SHA unless the test moved it). */
export function noConfig(scope: nock.Scope, ref = BASE_SHA): void {
  scope.get(CONFIG).query({ ref }).reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content", status: "404" }, RATE_HEADERS("core", 4999));
}

/**
 * GitHub's comparison of the base's tip with the head (`base...head`), naming their merge base: where
 * the agent-permissions check reads the base side. Optional: only a PR changing a template asks.
 */
export function mergeBaseIs(scope: nock.Scope, mergeBase: string, tip = BASE_SHA, head = HEAD): void {
  scope
    .get(new RegExp(`/compare/${tip}\\.\\.\\.${head}$`))
    .query(true)
    .optionally()
    .reply(200, { merge_base_commit: { sha: mergeBase }, files: [] }, RATE_HEADERS("core", 4995));
}

export function createRun(scope: nock.Scope, rec: Recorder, id = 4242): void {
  scope.post(`${REPO}/check-runs`, (body: CheckBody & { external_id?: string }) => {
    rec.checkRuns.push({ method: "POST", path: `${REPO}/check-runs`, body });
    rec.runs.push({ id, name: body.name, conclusion: body.conclusion, ...(body.external_id ? { external_id: body.external_id } : {}) });
    return true;
  }).reply(201, { id, name: TWO_PERSON_CHECK }, RATE_HEADERS("core", 4998));
}

export function updateRun(scope: nock.Scope, rec: Recorder, id: number): void {
  scope.patch(`${REPO}/check-runs/${id}`, (body: CheckBody) => {
    rec.checkRuns.push({ method: "PATCH", path: `${REPO}/check-runs/${id}`, body });
    return true;
  }).reply(200, { id, name: TWO_PERSON_CHECK }, RATE_HEADERS("core", 4997));
}

const testOctokit = () => new Octokit({ auth: "ghs_test", retry: { enabled: false }, throttle: { enabled: false } });

/** The adapter's GitHub client as the App builds it, without retries or throttling (nock answers). */
export const octokitApi = (): GitHubApi => testOctokit() as unknown as GitHubApi;

/** The same client with the App's request ledger (src/github/requests.ts). */
export const countedApi = (): ReturnType<typeof countRequests> => countRequests(testOctokit() as unknown as Parameters<typeof countRequests>[0]);

/** For a test file: no request leaves the machine, and every mocked answer is used by its test. */
export function githubOnlyThroughNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });
}


/**
 * For a test file: the app with the two-person check alone, loaded afresh before each test;
 * `receive` delivers an event to it and `results` holds the evaluations of the current test.
 */
export function twoPersonAppPerTest(options: AppOptions = {}): { results: EvaluationResult[]; receive: (name: string, payload: Record<string, unknown>) => Promise<void> } {
  const results: EvaluationResult[] = [];
  let probot: Probot | undefined;
  beforeEach(async () => {
    results.length = 0;
    probot = await testProbot({ checks: [twoPersonReviewCheck], onEvaluated: (r) => results.push(r), ...options });
  });
  return {
    results,
    receive: (name, payload) => {
      if (!probot) throw new Error("twoPersonAppPerTest: no app loaded (call it at the top of a test file)");
      return probot.receive({ id: "d1", name, payload } as never);
    },
  };
}

/** The requests the App sends while `run` runs, with no interceptor set: each one is a "no match" (the network is off). */
export async function requestsDuring(run: () => Promise<void>): Promise<string[]> {
  const unmatched: string[] = [];
  const record = (req: { method?: string; path?: string }) => unmatched.push(`${req.method} ${req.path}`);
  nock.emitter.on("no match", record);
  try {
    await run();
  } finally {
    nock.emitter.removeListener("no match", record);
  }
  return unmatched;
}

/**
 * GitHub's answer to the base-projects query (src/github/projects.ts): each folder's entries at a
 * commit as `entries(sha, folder)` gives them, and no cdk.json text.
 */
export function baseProjects(scope: nock.Scope, entries: (sha: string, folder: string) => { name: string; type: string }[], asked: string[] = []): void {
  scope
    .post("/graphql", (b: { query: string }) => b.query.includes("BaseProjects"))
    .reply(200, (_uri: string, body: { query: string }) => {
      const out: Record<string, unknown> = {};
      for (const m of body.query.matchAll(/(d|c)(\d+): object\(expression: "([0-9a-f]+):([^"]*)"\)/g)) {
        const [kind, i, sha, path] = [m[1], m[2], m[3] ?? "", m[4] ?? ""];
        asked.push(`${sha}:${path}`);
        out[`${kind}${i}`] = kind === "c" ? null : { entries: entries(sha, path) };
      }
      return { data: { repository: out } };
    });
}

/** Devin's commits, under its bot's no-reply address. */
export const DEVIN = { name: "Devin AI", email: "158243242+devin-ai-integration[bot]@users.noreply.github.com", login: "devin-ai-integration" };

/** A Devin PR (#2, head ec26c3e) changing services/orders/src/table.ts, approved by alice alone. */
export function devinOrdersPull(extra: Partial<PullInput> = {}): Record<string, unknown> {
  return pullData({
    number: 2,
    headSha: HEAD,
    author: { login: "devin-ai-integration", type: "Bot" },
    body: "Link to Devin run: https://app.devin.ai/sessions/5b1e",
    files: [{ path: "services/orders/src/table.ts" }],
    commits: [{ oid: HEAD, message: "Bigger table", author: DEVIN }],
    reviews: [{ id: 11, login: "alice", state: "APPROVED", commit: HEAD, at: "2026-11-20T10:00:00Z" }],
    ...extra,
  });
}

/** A push as GitHub's repository activity lists it (REST "List repository activities", OpenAPI `activity`). */
export function activityRow(p: { before: string; after: string; branch: string; login: string | null; type?: "User" | "Bot"; kind?: string; at?: string; id?: number }): Record<string, unknown> {
  const id = p.id ?? 1296269;
  const actor = p.login === null ? null : { login: p.login, id: 1001, node_id: "MDQ6VXNlcjEwMDE=", avatar_url: "https://github.com/images/error/octocat_happy.gif", gravatar_id: "", url: `${API}/users/${p.login}`, html_url: `https://github.com/${p.login}`, type: p.type ?? "User", site_admin: false };
  return { id, node_id: "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", before: p.before, after: p.after, ref: `refs/heads/${p.branch}`, timestamp: p.at ?? "2026-11-20T09:00:00Z", activity_type: p.kind ?? "push", actor };
}

/**
 * GitHub's records for a pull request nothing else marks as an agent's: its head branch's pushes
 * (`rows`, newest first; by default one push of the head by `login`) and the PR read as an issue
 * (opened through `app`, by default none). `repo` is "/repos/owner/name".
 */
export function provenanceOf(scope: nock.Scope, p: { repo?: string; number: number; branch: string; head: string; login?: string; rows?: Record<string, unknown>[]; app?: { slug: string; name: string } | null }): void {
  const repo = p.repo ?? REPO;
  const rows = p.rows ?? [activityRow({ before: "0000000000000000000000000000000000000000", after: p.head, branch: p.branch, login: p.login ?? "octocat", kind: "branch_creation" })];
  scope.get(`${repo}/activity`).query({ ref: `refs/heads/${p.branch}`, per_page: 100 }).reply(200, rows, RATE_HEADERS("core", 4994));
  scope.get(`${repo}/issues/${p.number}`).reply(200, { id: 1, number: p.number, state: "open", title: "", user: { login: p.login ?? "octocat", type: "User" }, pull_request: { url: `${API}${repo}/pulls/${p.number}` }, performed_via_github_app: p.app ?? null }, RATE_HEADERS("core", 4993));
}

/**
 * GitHub's record of who pushed an agent's pull request that is about to pass (read then: whoever
 * pushed its commits cannot approve them): by default the Copilot coding agent created the branch
 * at the head, as it does (REST login `Copilot`), so no approver pushed anything.
 */
export function agentPushedHead(scope: nock.Scope, p: { head: string; branch?: string; repo?: string; login?: string; type?: "User" | "Bot" } = { head: HEAD }): void {
  const row = activityRow({ before: "0000000000000000000000000000000000000000", after: p.head, branch: p.branch ?? "copilot/fix-12", login: p.login ?? "Copilot", type: p.type ?? "Bot", kind: "branch_creation" });
  scope.get(`${p.repo ?? REPO}/activity`).query({ ref: `refs/heads/${p.branch ?? "copilot/fix-12"}`, per_page: 100 }).reply(200, [row], RATE_HEADERS("core", 4994));
}

/**
 * GitHub answering a whole evaluation of webhooks-examples' `pull_request.opened` (index 1) on a
 * fresh installation token: the facts, no config file, the three check runs written (each body
 * pushed to `created`). `delayMs`: the token's answer that late. `listsRuns`: the app must re-read
 * its runs on the head before writing (as it does when the evaluation took a while).
 */
export function openedPullEvaluation(p: { created?: CheckBody[]; delayMs?: number; listsRuns?: boolean } = {}): nock.Scope {
  let scope = nock(API)
    .post("/app/installations/1/access_tokens")
    .delay(p.delayMs ?? 0)
    .reply(201, { token: "ghs_x", expires_at: "2099-01-01T00:00:00Z" })
    .post("/graphql")
    .reply(200, { data: pullData({ number: 2, headSha: HEAD }) })
    .get(/\/contents\//)
    .query(true)
    .reply(404, { message: "Not Found" });
  // Whether the app re-reads its runs depends on how long the evaluation took (a cold catalogue on a
  // slow machine): answered either way, required only where the test asks for it, so an unanswered
  // read never waits out the retry plugin's backoff.
  const runs = scope.get(`${REPO}/commits/${HEAD}/check-runs`).query(true);
  scope = (p.listsRuns ? runs : runs.optionally()).reply(200, { total_count: 0, check_runs: [] });
  return scope
    .post(`${REPO}/check-runs`, (body: CheckBody) => (p.created?.push(body), true))
    .times(3)
    .reply(201, { id: 3 });
}
