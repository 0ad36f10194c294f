/**
 * Reading this app's runs on a commit: an answer without the list, or with more runs than one
 * page holds, is an error (the run to update could be the one missing), never "no runs"; a name
 * listed twice keeps the first (GitHub lists the latest first). When the runs cannot be read,
 * the evaluation still writes its verdict as a new run, so a failure is never lost.
 */
import nock from "nock";
import { listCheckRuns, publishCheckRun } from "../../src/github/check-runs.js";
import type { CheckAnnotation, GitHubApi } from "../../src/github/checks/types.js";
import { examplePayload, testProbot } from "./helpers.js";

const SHA = "d6fde92930d4715a2b49857d24b940956b26d2d3";
const answering = (data: unknown): GitHubApi => ({
  request: () => Promise.resolve({ status: 200, headers: {}, data }),
  graphql: () => Promise.reject(new Error("no GraphQL expected")),
});
const run = (id: number, name: string, conclusion: string) => ({ id, name, status: "completed", conclusion, external_id: null, output: { annotations_count: 0 } });

describe("listCheckRuns", () => {
  it("asks only for this app's runs when its id is known: another app's run of the same name is never taken for ours", async () => {
    const asked: Record<string, unknown>[] = [];
    const github: GitHubApi = {
      request: (_route: string, params?: Record<string, unknown>) => (asked.push(params ?? {}), Promise.resolve({ status: 200, headers: {}, data: { total_count: 0, check_runs: [] } })) as never,
      graphql: () => Promise.reject(new Error("no GraphQL expected")),
    };
    await listCheckRuns(github, "o", "r", SHA, 123);
    await listCheckRuns(github, "o", "r", SHA, undefined);
    expect(asked.map((p) => p["app_id"])).toEqual([123, undefined]);
    expect(asked.map((p) => p["filter"])).toEqual(["latest", "latest"]);
  });

  it("an answer without check_runs is an error", async () => {
    await expect(listCheckRuns(answering({ total_count: 0 }), "o", "r", SHA, 1)).rejects.toThrow("GitHub returned no check runs for d6fde92");
  });

  it("more runs than the page holds is an error, not the first page taken as all", async () => {
    await expect(listCheckRuns(answering({ total_count: 101, check_runs: [run(1, "a", "success")] }), "o", "r", SHA, undefined)).rejects.toThrow("more than 1 check runs on d6fde92: cannot read them all");
  });

  it("a name listed twice: the first (latest) is kept", async () => {
    const runs = await listCheckRuns(answering({ total_count: 2, check_runs: [run(2, "agent-guardrail / x", "failure"), run(1, "agent-guardrail / x", "success")] }), "o", "r", SHA, 1);
    expect(runs.get("agent-guardrail / x")).toMatchObject({ id: 2, state: "failure" });
  });
});

describe("listCheckRuns, runs as GitHub may list them", () => {
  it("a run without output or state counts no annotations and has no state (neither passed nor neutral)", async () => {
    const bare = { id: 7, name: "agent-guardrail / two-person review", status: null, conclusion: null, external_id: null };
    const runs = await listCheckRuns(answering({ total_count: 1, check_runs: [bare] }), "o", "r", SHA, 1);
    expect(runs.get("agent-guardrail / two-person review")).toEqual({ id: 7, annotations: 0, version: "" });
  });
});

describe("publishCheckRun", () => {
  const annotation = (i: number): CheckAnnotation => ({ path: "infra/orders.template.yaml", start_line: i + 1, end_line: i + 1, annotation_level: "failure", message: `finding ${i}` });
  const recording = () => {
    const sent: { route: string; params: Record<string, unknown> }[] = [];
    const api: GitHubApi = {
      request: (route: string, params?: Record<string, unknown>) => (sent.push({ route, params: params ?? {} }), Promise.resolve({ status: 201, headers: {}, data: { id: 99 } })) as never,
      graphql: () => Promise.reject(new Error("no GraphQL expected")),
    };
    return { api, sent };
  };

  it.each([
    [0, 1],
    [50, 1],
    [100, 2],
    [101, 3],
  ])("%i annotations take %i request(s), 50 at most in each", async (count, requests) => {
    const { api, sent } = recording();
    const outcome = { conclusion: "failure" as const, title: "2 findings", summary: "s", annotations: Array.from({ length: count }, (_, i) => annotation(i)) };
    const result = await publishCheckRun(api, { owner: "o", repo: "r", headSha: SHA, name: "agent-guardrail / agent permissions", outcome });
    expect(sent).toHaveLength(requests);
    expect(result).toEqual({ id: 99, requests });
    const batches = sent.map((r) => ((r.params["output"] as { annotations?: unknown[] }).annotations ?? []).length);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(count);
    expect(Math.max(...batches)).toBeLessThanOrEqual(50);
  });

  it("a title longer than GitHub's 1,000 characters is cut to 1,000", async () => {
    const { api, sent } = recording();
    await publishCheckRun(api, { owner: "o", repo: "r", headSha: SHA, name: "n", outcome: { conclusion: "failure", title: "x".repeat(1200), summary: "s", annotations: [] } });
    expect(((sent[0]?.params["output"] as { title: string }).title)).toHaveLength(1000);
  });
});

describe("a re-run whose commit's runs cannot be read", () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });

  it("writes the failure as a new run (the latest of its name is what GitHub shows)", async () => {
    const name = "agent-guardrail / always passes";
    const probot = await testProbot({ checks: [{ name, run: () => Promise.resolve({ conclusion: "success", title: "ok", summary: "ok", annotations: [] }) }] });
    const payload = examplePayload("check_run", "rerequested");
    payload["check_run"].name = name;
    const writes: { method: string; conclusion: string }[] = [];
    const scope = nock("https://api.github.com");
    scope.post("/app/installations/1/access_tokens").optionally().reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
    scope.post("/graphql", (b: { query: string }) => b.query.includes("OpenPullHeads")).reply(200, { data: { repository: { openPulls: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } } } });
    // Both reads of the runs (before marking, before writing) see more runs than one page.
    scope.get(`/repos/github/hello-world/commits/${SHA}/check-runs`).query(true).times(2).reply(200, { total_count: 250, check_runs: [run(77, name, "success")] });
    scope.post("/repos/github/hello-world/check-runs", (b: { conclusion: string }) => (writes.push({ method: "POST", conclusion: b.conclusion }), true)).reply(201, { id: 78 });
    await probot.receive({ id: "r1", name: "check_run", payload } as never);
    expect(writes).toEqual([{ method: "POST", conclusion: "failure" }]);
  });
});
