/**
 * Item 7 of issue 11: several instances of the app (replicas, Lambda concurrency) against ONE
 * GitHub — here a loopback stub that keeps check runs as GitHub does (created, updated, listed
 * with their external_id). Events interleave: an instance that read older facts must not
 * overwrite the verdict another instance wrote from newer facts; the last write is the newest verdict.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Probot, ProbotOctokit } from "probot";
import { createApp } from "../../src/github/app.js";
import { TWO_PERSON_CHECK, twoPersonReviewCheck } from "../../src/github/checks/two-person-review.js";
import type { EvaluationResult } from "../../src/github/evaluate.js";
import { examplePayload, privateKey, pullData, type ReviewInput } from "./helpers.js";
import { activityRow, type StoredRun } from "./wire.js";

const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const REPO = "/repos/Codertocat/Hello-World";

/** GitHub's state, and a gate that holds one instance's requests (by its installation token). */
const state = {
  reviews: [] as ReviewInput[],
  runs: [] as StoredRun[],
  writes: [] as { token: string; method: string; status: string; conclusion: string | null; external_id: string | null }[],
  tokens: 0,
  held: undefined as string | undefined,
  waiting: [] as (() => void)[],
};

function reply(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "x-ratelimit-remaining": "4999", "x-ratelimit-resource": "core" }).end(JSON.stringify(value));
}

async function handle(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
  const url = req.url ?? "";
  const token = (req.headers.authorization ?? "").replace(/^token /, "");
  if (url.startsWith("/app/installations/")) return reply(res, 201, { token: `ghs_${++state.tokens}`, expires_at: "2099-01-01T00:00:00Z" });
  const isFacts = url === "/graphql" && body.includes("PullFacts");
  // The held instance's every request after its facts query waits until the test releases it.
  if (!isFacts && token === state.held) await new Promise<void>((resolve) => state.waiting.push(resolve));
  if (isFacts) {
    const runs = state.runs.map((r) => ({ id: r.id, name: r.name, status: r.status.toUpperCase(), conclusion: r.conclusion?.toUpperCase() ?? null }));
    return reply(res, 200, { data: pullData({ number: 2, headSha: HEAD, reviews: state.reviews, checkRuns: runs }) });
  }
  if (url.startsWith(`${REPO}/contents/`)) return reply(res, 404, { message: "Not Found" });
  // Who pushed the agent's PR about to pass: Copilot created its branch at the head.
  if (url.startsWith(`${REPO}/activity`)) return reply(res, 200, [activityRow({ before: "0000000000000000000000000000000000000000", after: HEAD, branch: "copilot/fix-12", login: "Copilot", type: "Bot", kind: "branch_creation" })]);
  if (req.method === "GET" && url.startsWith(`${REPO}/commits/${HEAD}/check-runs`)) {
    return reply(res, 200, { total_count: state.runs.length, check_runs: state.runs.map((r) => ({ ...r, output: { annotations_count: 0 } })) });
  }
  const write = JSON.parse(body || "{}") as { name?: string; status?: string; conclusion?: string; external_id?: string };
  if (req.method === "POST" && url === `${REPO}/check-runs`) {
    const run: StoredRun = { id: state.runs.length + 1, name: write.name ?? "", status: write.status ?? "queued", conclusion: write.conclusion ?? null, external_id: write.external_id ?? null };
    state.runs.push(run);
    state.writes.push({ token, method: "POST", status: run.status, conclusion: run.conclusion, external_id: run.external_id });
    return reply(res, 201, run);
  }
  const patch = /\/check-runs\/(\d+)$/.exec(url);
  if (req.method === "PATCH" && patch) {
    const run = state.runs.find((r) => r.id === Number(patch[1]));
    if (!run) return reply(res, 404, { message: "Not Found" });
    run.status = write.status ?? run.status;
    run.conclusion = write.status === "in_progress" ? null : (write.conclusion ?? run.conclusion);
    if (write.external_id !== undefined) run.external_id = write.external_id;
    state.writes.push({ token, method: "PATCH", status: run.status, conclusion: run.conclusion, external_id: run.external_id });
    return reply(res, 200, run);
  }
  reply(res, 404, { message: `stub: no route ${req.method} ${url}` });
}

let stub: Server;
let base = "";
beforeAll(async () => {
  stub = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => void handle(req, body, res));
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  const address = stub.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise((resolve) => stub.close(resolve)));

async function instance(results: EvaluationResult[]): Promise<Probot> {
  const probot = new Probot({
    appId: 123,
    privateKey: privateKey(),
    baseUrl: base,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  await probot.load(createApp({ appId: 123, checks: [twoPersonReviewCheck], onEvaluated: (r) => results.push(r), retryDelaysMs: [] }));
  return probot;
}

const approve = (id: number, login: string, at: string): ReviewInput => ({ id, login, state: "APPROVED", commit: HEAD, at });
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!ok()) throw new Error("condition not reached");
};

beforeEach(() => {
  Object.assign(state, { reviews: [], runs: [], writes: [], tokens: 0, held: undefined, waiting: [] });
});

describe("two app instances, one GitHub", () => {
  it("an instance that read older facts (two approvals) does not overwrite the failure another wrote after a changes-request", async () => {
    const resultsA: EvaluationResult[] = [];
    const resultsB: EvaluationResult[] = [];
    const [a, b] = [await instance(resultsA), await instance(resultsB)];
    state.reviews = [approve(11, "alice", "2026-11-20T10:00:00Z"), approve(12, "bob", "2026-11-20T10:01:00Z")];
    const event = examplePayload("pull_request_review", "submitted", 1);

    // A reads the facts (two approvals: a pass), then stalls (a slow replica, a GC pause).
    state.held = "ghs_1";
    const first = a.receive({ id: "a", name: "pull_request_review", payload: event } as never);
    await until(() => state.waiting.length > 0);
    // Meanwhile bob requests changes; B evaluates that newer state completely.
    state.reviews = [...state.reviews, { id: 13, login: "bob", state: "CHANGES_REQUESTED", commit: HEAD, at: "2026-11-20T10:05:00Z" }];
    await b.receive({ id: "b", name: "pull_request_review", payload: event } as never);
    expect(state.runs).toEqual([expect.objectContaining({ name: TWO_PERSON_CHECK, status: "completed", conclusion: "failure", external_id: `v2|2|2026-11-20T10:05:00Z` })]);
    // A resumes: it re-reads the run, sees a verdict from newer facts, and leaves it.
    state.held = undefined;
    for (const go of state.waiting.splice(0)) go();
    await first;

    expect(state.writes.map((w) => [w.token, w.method, w.conclusion])).toEqual([["ghs_2", "POST", "failure"]]);
    expect(state.runs[0]).toEqual(expect.objectContaining({ conclusion: "failure", external_id: "v2|2|2026-11-20T10:05:00Z" }));
    expect(resultsA[0]).toEqual(expect.objectContaining({ version: "2026-11-20T10:01:00Z", superseded: [TWO_PERSON_CHECK] }));
  });

  it("the newer instance finishing last simply writes; the older one finishing first is replaced (either order ends on the newest verdict)", async () => {
    const resultsA: EvaluationResult[] = [];
    const resultsB: EvaluationResult[] = [];
    const [a, b] = [await instance(resultsA), await instance(resultsB)];
    const event = examplePayload("pull_request_review", "submitted", 1);
    state.reviews = [approve(11, "alice", "2026-11-20T10:00:00Z")];
    await a.receive({ id: "a", name: "pull_request_review", payload: event } as never);
    state.reviews = [...state.reviews, approve(12, "bob", "2026-11-20T10:01:00Z")];
    await b.receive({ id: "b", name: "pull_request_review", payload: event } as never);
    expect(state.writes.map((w) => [w.token, w.method, w.conclusion])).toEqual([
      ["ghs_1", "POST", "failure"],
      ["ghs_2", "PATCH", "success"],
    ]);
    expect(state.runs).toEqual([expect.objectContaining({ conclusion: "success", external_id: "v2|2|2026-11-20T10:01:00Z" })]);
  });

  it("a stale pass hidden by an older instance's in-progress mark is re-evaluated from fresh facts, never left in progress", async () => {
    const resultsA: EvaluationResult[] = [];
    const resultsB: EvaluationResult[] = [];
    const [a, b] = [await instance(resultsA), await instance(resultsB)];
    const event = examplePayload("pull_request_review", "submitted", 1);
    state.reviews = [approve(11, "alice", "2026-11-20T10:00:00Z"), approve(12, "bob", "2026-11-20T10:01:00Z")];
    state.runs = [{ id: 1, name: TWO_PERSON_CHECK, status: "completed", conclusion: "success", external_id: "v2|2|2026-11-20T10:01:00Z" }];
    // A reads facts (the same two approvals) and stalls before marking the passing run in progress.
    state.held = "ghs_1";
    const first = a.receive({ id: "a", name: "pull_request_review", payload: event } as never);
    await until(() => state.waiting.length > 0);
    // carol approves too (newer facts, still a pass); B writes it.
    state.reviews = [...state.reviews, approve(13, "carol", "2026-11-20T10:02:00Z")];
    await b.receive({ id: "b", name: "pull_request_review", payload: event } as never);
    state.held = undefined;
    for (const go of state.waiting.splice(0)) go();
    await first;
    expect(state.runs[0]).toEqual(expect.objectContaining({ status: "completed", conclusion: "success", external_id: "v2|2|2026-11-20T10:02:00Z" }));
    expect(state.writes.at(-1)).toEqual(expect.objectContaining({ status: "completed", conclusion: "success" }));
  });
});
