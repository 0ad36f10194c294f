/**
 * Every path of the GitHub App that turns an error or an unknown into a check run concludes
 * `failure` with the reason (fail closed), never `success`: a check that throws, a commit with no
 * open pull request, a head SHA whose pull requests cannot be looked up, annotations that cannot be
 * listed, a changed file that answers 404 at the head, a broken `_extends`, truncated team
 * memberships, a Lambda without its configuration. GitHub through nock 14, payloads from
 * @octokit/webhooks-examples.
 */
import nock from "nock";
import { Octokit } from "octokit";
import type { Probot } from "probot";
import { CHECK_NAME as AGENT_PERMISSIONS_CHECK } from "../../src/github/checks/agent-permissions.js";
import type { CheckOutcome, GitHubApi, PullCheck } from "../../src/github/checks/types.js";
import { loadRepoPolicy } from "../../src/github/config.js";
import { createHandler } from "../../src/github/lambda.js";
import { fetchTeams, IncompleteDataError } from "../../src/github/pull.js";
import { ConfigError } from "../../src/policy/load.js";
import { agentRoleTemplate, APP_ID, BASE_SHA, examplePayload, pullData, RATE_HEADERS, READ_ORDERS, testProbot } from "./helpers.js";
import { mergeBaseIs } from "./wire.js";

/** The base branch and its tip: the config is read at the SHA, and named by both. */
const MAIN = { ref: "main", sha: "4f3c2d1e0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e" };

const API = "https://api.github.com";
const REPO = "/repos/Codertocat/Hello-World";
const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const CONFIG = /\/contents\/\.github(%2F|\/)agent-guardrail\.yml/;

type CheckBody = { name: string; head_sha?: string; status?: string; conclusion: string; output: { title: string; summary: string; annotations?: unknown[] } };

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => nock.cleanAll());
afterEach(() => expect(nock.pendingMocks()).toEqual([]));

/** The installation token, and every check-run write recorded. */
function github(): { scope: nock.Scope; runs: { method: string; body: CheckBody }[] } {
  const scope = nock(API);
  const runs: { method: string; body: CheckBody }[] = [];
  scope.post("/app/installations/1/access_tokens").optionally().reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
  scope
    .post(/\/check-runs$/, (body: CheckBody) => (runs.push({ method: "POST", body }), true))
    .optionally()
    .times(3)
    .reply(201, { id: 1 }, RATE_HEADERS("core", 4990));
  return { scope, runs };
}

const FAILING_ANNOTATION = { path: "infra/app.ts", start_line: 3, end_line: 3, annotation_level: "failure" as const, message: "broken on purpose" };
const check = (name: string, run: (ctx?: unknown) => Promise<CheckOutcome>): PullCheck => ({ name, run });

describe("the app fails a check closed", () => {
  let probot: Probot;

  it("when the check itself throws: failure naming the check and the error", async () => {
    probot = await testProbot({ checks: [check("agent-guardrail / exploding", () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'statements')")))] });
    const { scope, runs } = github();
    scope.post("/graphql").reply(200, { data: pullData({ number: 2, headSha: HEAD }) }, RATE_HEADERS("graphql", 4990));
    scope.get(CONFIG).query({ ref: BASE_SHA }).reply(404, { message: "Not Found" });
    await probot.receive({ id: "d1", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.body).toEqual(expect.objectContaining({ name: "agent-guardrail / exploding", head_sha: HEAD, status: "completed", conclusion: "failure" }));
    expect(runs[0]?.body.output.title).toBe("agent-guardrail / exploding could not be evaluated");
    expect(runs[0]?.body.output.summary).toContain("#2: error: Cannot read properties of undefined (reading 'statements')");
  });

  /** A re-run of a check that would pass: whatever fails, fails while finding its pull requests. */
  async function rerun(): Promise<{ sha: string; payload: Record<string, unknown> } & ReturnType<typeof github>> {
    const passing = check("agent-guardrail / always passes", () => Promise.resolve({ conclusion: "success", title: "ok", summary: "ok", annotations: [] }));
    probot = await testProbot({ checks: [passing] });
    const payload = examplePayload("check_run", "rerequested");
    payload["check_run"].name = "agent-guardrail / always passes";
    return { sha: payload["check_run"].head_sha as string, payload, ...github() };
  }

  it("when a re-run's commit is the head of no open pull request", async () => {
    const { sha, payload, scope, runs } = await rerun();
    scope.post("/graphql", (b: { query: string }) => b.query.includes("OpenPullHeads")).reply(200, {
      data: { repository: { openPulls: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: "b3A" }, nodes: [{ number: 4, headRefOid: "f".repeat(40) }] } } },
    });
    scope.get(`/repos/github/hello-world/commits/${sha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    await probot.receive({ id: "d2", name: "check_run", payload } as never);
    expect(runs.map((r) => r.body.conclusion)).toEqual(["failure"]);
    expect(runs[0]?.body.output.summary).toContain("no open pull request has this commit as its head or merge group (fail closed)");
  });

  it("when the pull requests of a re-run's commit cannot be looked up", async () => {
    const { sha, payload, scope, runs } = await rerun();
    scope.post("/graphql").reply(502, { message: "Bad Gateway" });
    scope.get(`/repos/github/hello-world/commits/${sha}/check-runs`).query(true).reply(200, { total_count: 1, check_runs: [{ id: 77, name: "agent-guardrail / always passes" }] });
    scope.patch("/repos/github/hello-world/check-runs/77", (body: CheckBody) => (runs.push({ method: "PATCH", body }), true)).reply(200, { id: 77 });
    await probot.receive({ id: "d3", name: "check_run", payload } as never);
    expect(runs.map((r) => [r.method, r.body.conclusion])).toEqual([["PATCH", "failure"]]);
    expect(runs[0]?.body.output.summary).toContain("GitHub API error 502");
  });

  it("keeps every annotation when the existing run's annotations cannot be listed (repeating beats hiding)", async () => {
    const failing = check("agent-guardrail / annotating", () => Promise.resolve({ conclusion: "failure", title: "1 problem", summary: "**FAIL**", annotations: [FAILING_ANNOTATION] }));
    probot = await testProbot({ checks: [failing] });
    const { scope, runs } = github();
    scope.post("/graphql").reply(200, { data: pullData({ number: 2, headSha: HEAD, checkRuns: [{ id: 13, name: "agent-guardrail / annotating", annotations: 1 }] }) });
    scope.get(CONFIG).query({ ref: BASE_SHA }).reply(404, { message: "Not Found" });
    scope.get(`${REPO}/check-runs/13/annotations`).query(true).reply(500, { message: "Server Error" });
    scope.patch(`${REPO}/check-runs/13`, (body: CheckBody) => (runs.push({ method: "PATCH", body }), true)).reply(200, { id: 13 });
    await probot.receive({ id: "d4", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);
    expect(runs.map((r) => [r.method, r.body.conclusion])).toEqual([["PATCH", "failure"]]);
    expect(runs[0]?.body.output.annotations).toEqual([FAILING_ANNOTATION]);
  });

  it("when a template the pull request changes answers 404 at the head", async () => {
    const { agentPermissionsCheck } = await import("../../src/github/checks/agent-permissions.js");
    probot = await testProbot({ checks: [agentPermissionsCheck] });
    const template = "infra/cdk.out/OrdersProdStack.template.json";
    const { scope, runs } = github();
    scope.post("/graphql").reply(200, { data: pullData({ number: 2, headSha: HEAD, files: [{ path: template }] }) });
    scope.get(CONFIG).query({ ref: BASE_SHA }).reply(404, { message: "Not Found" });
    scope.get(/\/contents\/infra(%2F|\/)cdk\.out(%2F|\/)OrdersProdStack\.template\.json$/).query({ ref: HEAD }).reply(404, { message: "Not Found" });
    mergeBaseIs(scope, BASE_SHA, BASE_SHA, HEAD);
    scope.get(/\/contents\/infra(%2F|\/)cdk\.out(%2F|\/)OrdersProdStack\.template\.json$/).query({ ref: "380387fbc80638b734a49e1be1c4dfec1c01b33c" }).optionally().reply(200, agentRoleTemplate([READ_ORDERS]));
    await probot.receive({ id: "d5", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);
    const body = runs.find((r) => r.body.name === AGENT_PERMISSIONS_CHECK)?.body;
    expect(body?.conclusion).toBe("failure");
    expect(body?.output.summary).toContain(`cannot read ${template} at the head SHA: not found, though the pull request changes it (fail closed)`);
  });
});

describe("several pull requests with one head", () => {
  const byNumber = (outcomes: Record<number, CheckOutcome["conclusion"]>, detail = "") =>
    check("agent-guardrail / per pull request", (ctx?: unknown) => {
      const number = (ctx as { pull: { number: number } }).pull.number;
      const conclusion = outcomes[number] ?? "failure";
      return Promise.resolve({ conclusion, title: `#${number} ${conclusion}${detail}`, summary: `#${number} is ${conclusion}`, annotations: [] });
    });

  async function run(outcomes: Record<number, CheckOutcome["conclusion"]>, detail = ""): Promise<CheckBody> {
    const probot = await testProbot({ checks: [byNumber(outcomes, detail)] });
    const { scope, runs } = github();
    scope.post("/graphql", (b: { variables: { number?: number } }) => b.variables.number === 2).reply(200, { data: pullData({ number: 2, headSha: HEAD, sameHead: [9] }) });
    scope.post("/graphql", (b: { variables: { number?: number } }) => b.variables.number === 9).reply(200, { data: pullData({ number: 9, headSha: HEAD, sameHead: [2] }) });
    scope.get(CONFIG).query({ ref: BASE_SHA }).times(2).optionally().reply(404, { message: "Not Found" });
    await probot.receive({ id: "d11", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);
    expect(runs).toHaveLength(1);
    return runs[0]!.body;
  }

  it("passes only when every one passes, and says so", async () => {
    const body = await run({ 2: "success", 9: "success" });
    expect(body.conclusion).toBe("success");
    expect(body.output.title).toBe("All 2 pull requests pass");
    expect(body.output.summary).toMatch(/^\*\*PASS\*\*: every pull request of the pull requests with this head \(#2, #9\) passes\./);
  });

  it("is neutral when one is neutral and none fails; fails naming every failing one", async () => {
    expect((await run({ 2: "success", 9: "neutral" })).conclusion).toBe("neutral");
    nock.cleanAll();
    const failed = await run({ 2: "failure", 9: "failure" });
    expect(failed.conclusion).toBe("failure");
    expect(failed.output.title).toBe("2 of 2 pull requests fail: #2 failure");
    expect(failed.output.summary).toMatch(/^\*\*FAIL\*\*: #2, #9 of the pull requests with this head \(#2, #9\) do not pass;/);
  });

  it("keeps the combined title short: a long failing title is cut at 200 characters", async () => {
    const failed = await run({ 2: "failure", 9: "success" }, `: ${"orders table can be deleted by coding-agent; ".repeat(10)}`);
    expect(failed.output.title).toHaveLength(200);
    expect(failed.output.title.startsWith("1 of 2 pull requests fail: #2 failure: orders table can be deleted")).toBe(true);
  });
});

describe("adapters that read GitHub", () => {
  const api = (): GitHubApi => new Octokit({ auth: "ghs_test", retry: { enabled: false }, throttle: { enabled: false } }) as unknown as GitHubApi;

  it("an _extends that names no repository is a ConfigError naming the file", async () => {
    nock(API).get("/repos/acme/platform/contents/.github%2Fagent-guardrail.yml").query({ ref: MAIN.sha }).reply(200, "_extends: 'acme/platform/extra/too:many'\n", { "content-type": "application/vnd.github.raw; charset=utf-8" });
    const loading = loadRepoPolicy(api(), "acme", "platform", MAIN);
    await expect(loading).rejects.toThrow(ConfigError);
    await expect(loading).rejects.toThrow('acme/platform:.github/agent-guardrail.yml@main (4f3c2d1): _extends "acme/platform/extra/too:many" is not "repo", "owner/repo" or "owner/repo:path"');
  });

  it("team memberships that GitHub truncated are an IncompleteDataError, not a shorter list", async () => {
    nock(API)
      .post("/graphql")
      .reply(200, { data: { organization: { u0: { totalCount: 101, nodes: Array.from({ length: 100 }, (_, i) => ({ slug: `team-${i}` })) } } } });
    const reading = fetchTeams(api(), "acme", ["alice"], ["platform-leads"]);
    await expect(reading).rejects.toThrow(IncompleteDataError);
    await expect(reading).rejects.toThrow("alice is in more than 100 teams: memberships truncated (fail closed)");
  });

  it("an organization GitHub does not return, or a login missing from the answer, is an error", async () => {
    nock(API).post("/graphql").reply(200, { data: { organization: null } });
    await expect(fetchTeams(api(), "acme", ["alice"], ["leads"])).rejects.toThrow("organization acme not found: cannot check approverTeams");
    nock(API).post("/graphql").reply(200, { data: { organization: {} } });
    await expect(fetchTeams(api(), "acme", ["alice"], ["leads"])).rejects.toThrow("team memberships of alice missing from the response");
  });
});

describe("the Lambda entry point", () => {
  // Configured per call here; the exported `handler` reads process.env (test/github/lambda-entry.test.ts).
  const handler = createHandler();
  it("answers 500 naming what is missing when it is not configured (no WEBHOOK_SECRET), and retries the setup on the next event", async () => {
    const event = { headers: { "X-GitHub-Delivery": "d7", "X-GitHub-Event": "ping", "X-Hub-Signature-256": "sha256=00" }, body: "{}" };
    const first = await handler(event, { APP_ID: String(APP_ID), PRIVATE_KEY: "unused" });
    expect(first.statusCode).toBe(500);
    expect(JSON.parse(first.body)).toEqual({ error: expect.stringMatching(/^not configured: .*WEBHOOK_SECRET/) });
    const second = await handler(event, {});
    expect(second.statusCode).toBe(500);
    expect(JSON.parse(second.body).error).toMatch(/APP_ID/);
  });
});
