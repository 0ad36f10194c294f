/**
 * The Probot app on the wire: real webhook payloads (@octokit/webhooks-examples), GitHub API via
 * nock 14, and the exact check-run requests the app sends.
 */
import nock from "nock";
import type { Probot } from "probot";
import { TWO_PERSON_CHECK, twoPersonReviewCheck } from "../../src/github/checks/two-person-review.js";
import type { PullCheck } from "../../src/github/checks/types.js";
import type { EvaluationResult } from "../../src/github/evaluate.js";
import { APP_ID, BASE_SHA, COPILOT, examplePayload, GITHUB_NOREPLY, pullData, type PullInput, RATE_HEADERS, testProbot } from "./helpers.js";
import { agentPushedHead, CONFIG, createRun, github, graphqlReply, HEAD, noConfig, OLD, REPO, updateRun, type CheckBody } from "./wire.js";

const approval = (id: number, login: string, commit = HEAD, at = "2026-11-20T10:00:00Z") => ({ id, login, state: "APPROVED" as const, commit, at });

let probot: Probot;
let results: EvaluationResult[];

beforeAll(() => {
  nock.disableNetConnect();
});
afterAll(() => {
  nock.enableNetConnect();
});
beforeEach(async () => {
  nock.cleanAll();
  results = [];
  // The two-person check alone: the other checks' runs are covered in app-checks.test.ts.
  probot = await testProbot({ checks: [twoPersonReviewCheck], onEvaluated: (r) => results.push(r) });
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

const receive = (name: string, payload: Record<string, unknown>, id = "d1") => probot.receive({ id, name, payload } as never);

describe("pull_request.opened", () => {
  it("posts a failing two-person check on the head of a Copilot infrastructure PR without approvals, in 4 requests (+ the installation token)", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD }));
    noConfig(scope);
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));

    expect(rec.graphql[0]?.variables).toEqual(expect.objectContaining({ owner: "Codertocat", name: "Hello-World", number: 2, appId: APP_ID, withChecks: true }));
    expect(rec.checkRuns).toHaveLength(1);
    const run = rec.checkRuns[0]!;
    expect(run.method).toBe("POST");
    expect(run.body).toEqual(expect.objectContaining({ name: TWO_PERSON_CHECK, head_sha: HEAD, status: "completed", conclusion: "failure" }));
    expect(run.body.output.summary).toMatch(/^\*\*FAIL\*\* Codertocat\/Hello-World#2/);
    expect(run.body.output.summary).toContain("opened by agent copilot-swe-agent");
    expect(run.body.output.summary).toContain("[infra/lib/orders-stack.ts](https://github.com/Codertocat/Hello-World/blob/ec26c3e57ca3a959ca5aad62de7213c562f8c821/infra/lib/orders-stack.ts)");
    expect(run.body.output.summary).toContain("0 of 2 independent human approvals");
    // Accounting: installation token (first event of an installation; then cached ~1 h), the
    // facts query, the base config, the re-read of the runs before writing, and the check-run write.
    expect(run.body.output.summary).toContain("GitHub API: 5 requests for this evaluation (4 to evaluate, 1 to publish the check runs); rate limit remaining: graphql 4990, core 4996.");
    expect(rec.requests).toHaveLength(5);
    expect(results[0]).toEqual(expect.objectContaining({ sha: HEAD, pulls: [2], conclusions: { [TWO_PERSON_CHECK]: "failure" } }));
  });

  it("passes a human's PR that touches only docs and says why", async () => {
    const { scope, rec } = github();
    graphqlReply(
      scope,
      rec,
      pullData({
        number: 2,
        headSha: HEAD,
        author: { login: "Codertocat", type: "User" },
        headRef: "changes",
        body: "Update the readme",
        files: [{ path: "README.md" }],
        commits: [{ oid: HEAD, message: "Update README.md", author: { name: "Codertocat", email: "21031067+Codertocat@users.noreply.github.com", login: "Codertocat" } }],
      }),
    );
    noConfig(scope);
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body).toEqual(expect.objectContaining({ conclusion: "success", head_sha: HEAD }));
    expect(rec.checkRuns[0]?.body.output.title).toBe("Not guarded: not agent-authored");
  });
});

describe("pull_request.synchronize", () => {
  it("re-evaluates on the new head: approvals of the previous head no longer count", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, reviews: [approval(11, "alice", OLD), approval(12, "bob", OLD)] }));
    noConfig(scope);
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "synchronize"));
    const run = rec.checkRuns[0]!;
    expect(run.body).toEqual(expect.objectContaining({ head_sha: HEAD, conclusion: "failure" }));
    expect(run.body.output.summary).toContain(`alice (review 11) does not count: approved ${OLD.slice(0, 7)}, not the current head ${HEAD.slice(0, 7)}`);
  });
});

describe("pull_request_review", () => {
  it("submitted: a second independent approval of the head turns the existing run green (updated, not duplicated)", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, reviews: [approval(11, "alice"), approval(237895671, "Codertocat")], checkRuns: [{ id: 4242, name: TWO_PERSON_CHECK }] }));
    noConfig(scope);
    agentPushedHead(scope);
    updateRun(scope, rec, 4242);
    await receive("pull_request_review", examplePayload("pull_request_review", "submitted", 1));
    expect(rec.checkRuns).toEqual([expect.objectContaining({ method: "PATCH", path: `${REPO}/check-runs/4242` })]);
    expect(rec.checkRuns[0]?.body).toEqual(expect.objectContaining({ name: TWO_PERSON_CHECK, conclusion: "success", status: "completed" }));
    expect(rec.checkRuns[0]?.body.output.summary).toContain("- @alice — [review 11](https://github.com/Codertocat/Hello-World/pull/2#pullrequestreview-11)");
    // The evidence lists each review the verdict rests on, linked.
    expect(rec.checkRuns[0]?.body.output.summary).toMatch(/\*\*Evidence\*\*[\s\S]*\n- \[review 11\]\(https:\/\/github\.com\/Codertocat\/Hello-World\/pull\/2#pullrequestreview-11\)/);
  });

  it("dismissed: the dismissed approval stops counting and the run turns red", async () => {
    const { scope, rec } = github();
    graphqlReply(
      scope,
      rec,
      pullData({ number: 2, headSha: HEAD, reviews: [approval(11, "alice"), { ...approval(237895671, "Codertocat"), state: "DISMISSED" }], checkRuns: [{ id: 4242, name: TWO_PERSON_CHECK }] }),
    );
    noConfig(scope);
    updateRun(scope, rec, 4242);
    await receive("pull_request_review", examplePayload("pull_request_review", "dismissed"));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("Codertocat (review 237895671): latest decisive review is DISMISSED");
  });
});

describe("check_run.rerequested", () => {
  it("finds the open PR of the head SHA and re-evaluates it", async () => {
    const payload = examplePayload("check_run", "rerequested");
    payload["check_run"].name = TWO_PERSON_CHECK;
    const sha = payload["check_run"].head_sha as string;
    const { scope, rec } = github();
    scope.post("/graphql", (b: { query: string }) => b.query.includes("OpenPullHeads")).reply(200, {
      data: { repository: { openPulls: { totalCount: 2, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ number: 7, headRefOid: sha }, { number: 3, headRefOid: "a".repeat(40) }] } } },
    });
    scope.post("/graphql").reply(200, { data: pullData({ number: 7, headSha: sha, checkRuns: [{ id: 9, name: TWO_PERSON_CHECK }] }) });
    rec.runs.push({ id: 9, name: TWO_PERSON_CHECK });
    scope.get(`/repos/github/hello-world/contents/.github%2Fagent-guardrail.yml`).query({ ref: BASE_SHA }).reply(404, { message: "Not Found" });
    scope.patch("/repos/github/hello-world/check-runs/9", (body: CheckBody) => {
      rec.checkRuns.push({ method: "PATCH", path: "9", body });
      return true;
    }).reply(200, { id: 9 });
    await receive("check_run", payload);
    expect(rec.checkRuns).toHaveLength(1);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(results[0]?.pulls).toEqual([7]);
    // One PR: its facts query already names this app's runs on the head; the REST listing is only the re-read before writing.
    expect(rec.requests.filter((r) => /^GET \S+\/commits\/[0-9a-f]+\/check-runs/.test(r))).toHaveLength(1);
  });

  it("with several checks installed, a re-run of any one of them re-evaluates the head", async () => {
    const other: PullCheck = { name: "agent-guardrail / other", run: () => Promise.resolve({ conclusion: "success", title: "ok", summary: "ok", annotations: [] }) };
    probot = await testProbot({ checks: [twoPersonReviewCheck, other], onEvaluated: (r) => results.push(r) });
    const payload = examplePayload("check_run", "rerequested");
    payload["check_run"].name = other.name;
    const sha = payload["check_run"].head_sha as string;
    const { scope, rec } = github();
    scope.post("/graphql", (b: { query: string }) => b.query.includes("OpenPullHeads")).reply(200, {
      data: { repository: { openPulls: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ number: 7, headRefOid: sha }] } } },
    });
    scope.post("/graphql").reply(200, { data: pullData({ number: 7, headSha: sha, checkRuns: [{ id: 9, name: TWO_PERSON_CHECK }, { id: 10, name: other.name }] }) });
    rec.runs.push({ id: 9, name: TWO_PERSON_CHECK }, { id: 10, name: other.name });
    scope.get(`/repos/github/hello-world/contents/.github%2Fagent-guardrail.yml`).query({ ref: BASE_SHA }).reply(404, { message: "Not Found" });
    for (const id of [9, 10]) {
      scope.patch(`/repos/github/hello-world/check-runs/${id}`, (body: CheckBody) => (rec.checkRuns.push({ method: "PATCH", path: String(id), body }), true)).reply(200, { id });
    }
    await receive("check_run", payload);
    expect(results[0]).toEqual(expect.objectContaining({ pulls: [7], conclusions: { [TWO_PERSON_CHECK]: "failure", [other.name]: "success" } }));
  });

  /** A re-run of the two-person check on the merge-queue branch of #7, whose check run 31 is listed `lists` times and updated. */
  function queueRerun(lists = 1) {
    const payload = examplePayload("check_run", "rerequested");
    payload["check_run"].name = TWO_PERSON_CHECK;
    payload["check_run"].check_suite.head_branch = `gh-readonly-queue/main/pr-7-${"c".repeat(40)}`;
    const sha = payload["check_run"].head_sha as string;
    const { scope, rec } = github();
    rec.customList = true;
    scope.get(`/repos/github/hello-world/commits/${sha}/check-runs`).query(true).times(lists).reply(200, { total_count: 1, check_runs: [{ id: 31, name: TWO_PERSON_CHECK }] });
    scope.patch("/repos/github/hello-world/check-runs/31", (body: CheckBody) => {
      rec.checkRuns.push({ method: "PATCH", path: "31", body });
      return true;
    }).reply(200, { id: 31 });
    return { payload, sha, scope, rec };
  }

  it("a re-run on a merge group's commit re-evaluates the group", async () => {
    const { payload, sha, scope, rec } = queueRerun();
    scope.post("/graphql", (b: { query: string; variables: { branch?: string } }) => b.query.includes("MergeGroup") && b.variables.branch === "main").reply(200, {
      data: { repository: { mergeQueue: { entries: { nodes: [{ position: 1, headCommit: { oid: sha }, pullRequest: { number: 7 } }] } } } },
    });
    scope.post("/graphql", (b: { variables: { number?: number } }) => b.variables.number === 7).reply(200, { data: pullData({ number: 7, headSha: "d".repeat(40), baseRef: "main" }) });
    scope.get("/repos/github/hello-world/contents/.github%2Fagent-guardrail.yml").query({ ref: BASE_SHA }).reply(404, { message: "Not Found" });
    await receive("check_run", payload);
    expect(results[0]).toEqual(expect.objectContaining({ sha, pulls: [7] }));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
  });

  it("a re-run on a queue branch naming another PR than the queue's entry for the commit fails closed", async () => {
    const { payload, sha, scope, rec } = queueRerun(2);
    // GitHub's queue holds this commit as the entry of #8, not of the #7 the branch name claims.
    scope.post("/graphql", (b: { query: string; variables: { branch?: string } }) => b.query.includes("MergeGroup") && b.variables.branch === "main").reply(200, {
      data: { repository: { mergeQueue: { entries: { nodes: [{ position: 1, headCommit: { oid: sha }, pullRequest: { number: 8 } }] } } } },
    });
    await receive("check_run", payload);
    expect(results[0]).toEqual(expect.objectContaining({ sha, pulls: [] }));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain(`refs/heads/gh-readonly-queue/main/pr-7-${"c".repeat(40)} names #7, but the queue entry for ${sha.slice(0, 7)} is #8 (fail closed)`);
  });

  it("a re-run on a queue branch whose queue cannot be read fails with that error, not as an ordinary commit", async () => {
    const { payload, sha, scope, rec } = queueRerun(2);
    scope.post("/graphql", (b: { query: string }) => b.query.includes("MergeGroup")).reply(502, { message: "Bad Gateway" });
    await receive("check_run", payload);
    expect(results[0]).toEqual(expect.objectContaining({ sha, pulls: [] }));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("GitHub API error 502");
  });

  it("ignores a rerequest of another app's check", async () => {
    // No interceptor is set up: any request the app sent would be a "no match" (network is off).
    const unmatched: string[] = [];
    const record = (req: { method?: string; path?: string }) => unmatched.push(`${req.method} ${req.path}`);
    nock.emitter.on("no match", record);
    try {
      await receive("check_run", examplePayload("check_run", "rerequested"));
    } finally {
      nock.emitter.removeListener("no match", record);
    }
    expect(unmatched).toEqual([]);
    expect(results).toEqual([]);
  });
});

describe("merge_group.checks_requested", () => {
  it("the check on the group's head passes only when every PR of the group passes", async () => {
    const payload = examplePayload("merge_group", "checks_requested");
    const group = payload["merge_group"] as { head_sha: string; base_sha: string };
    const repo = "/repos/octo-org/octo-repo";
    const { scope, rec } = github();
    rec.customList = true;
    scope.post("/graphql", (b: { query: string; variables: { branch?: string } }) => b.query.includes("MergeGroup") && b.variables.branch === "main").reply(200, {
      data: {
        repository: {
          mergeQueue: {
            entries: {
              nodes: [
                { position: 1, headCommit: { oid: "1111111111111111111111111111111111111111" }, pullRequest: { number: 101 } },
                { position: 2, headCommit: { oid: group.head_sha }, pullRequest: { number: 104 } },
                { position: 3, headCommit: { oid: "3333333333333333333333333333333333333333" }, pullRequest: { number: 105 } },
              ],
            },
          },
        },
      },
    });
    const passing: PullInput = { number: 101, headSha: "a".repeat(40), baseRef: "main", reviews: [approval(1, "alice", "a".repeat(40)), approval(2, "bob", "a".repeat(40))] };
    scope.post("/graphql", (b: { variables: { number?: number } }) => b.variables.number === 101).reply(200, { data: pullData(passing) });
    scope.post("/graphql", (b: { variables: { number?: number } }) => b.variables.number === 104).reply(200, { data: pullData({ number: 104, headSha: "b".repeat(40), baseRef: "main", reviews: [approval(3, "alice", "b".repeat(40))] }) });
    scope.get(`${repo}/contents/.github%2Fagent-guardrail.yml`).query({ ref: BASE_SHA }).reply(404, { message: "Not Found" });
    agentPushedHead(scope, { head: "a".repeat(40), repo });
    scope.get(`${repo}/commits/${group.head_sha}/check-runs`).query({ per_page: 100, filter: "latest", app_id: APP_ID }).reply(200, { total_count: 0, check_runs: [] });
    scope.post(`${repo}/check-runs`, (body: CheckBody) => {
      rec.checkRuns.push({ method: "POST", path: "create", body });
      return true;
    }).reply(201, { id: 1 });
    await receive("merge_group", payload);
    expect(results[0]?.pulls).toEqual([101, 104]);
    const run = rec.checkRuns[0]!;
    expect(run.body).toEqual(expect.objectContaining({ head_sha: group.head_sha, conclusion: "failure", name: TWO_PERSON_CHECK }));
    expect(run.body.output.summary).toContain("**FAIL**: #104 of the merge group (#101, #104) does not pass");
    expect(run.body.output.summary).toContain("### #101\n\n**PASS**");
  });

  it("fails closed when the merge queue cannot be read", async () => {
    const payload = examplePayload("merge_group", "checks_requested");
    const repo = "/repos/octo-org/octo-repo";
    const { scope, rec } = github();
    rec.customList = true;
    scope.post("/graphql").reply(502, { message: "Bad Gateway" });
    scope.get(new RegExp(`${repo}/commits/.*/check-runs`)).query(true).reply(200, { total_count: 0, check_runs: [] });
    scope.post(`${repo}/check-runs`, (body: CheckBody) => {
      rec.checkRuns.push({ method: "POST", path: "create", body });
      return true;
    }).reply(201, { id: 1 });
    await receive("merge_group", payload);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("GitHub API error 502");
    // No pull request is known for the group: none is claimed, and the run carries no facts version.
    expect(results[0]?.pulls).toEqual([]);
    expect((rec.checkRuns[0]?.body as { external_id?: string } | undefined)?.external_id).toBe("v2||");
  });
});

describe("idempotence and shared heads", () => {
  it("a redelivered event updates the check run it created, never a second one", async () => {
    const { scope, rec } = github();
    const payload = examplePayload("pull_request", "opened", 1);
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD }));
    noConfig(scope);
    createRun(scope, rec, 777);
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, checkRuns: [{ id: 777, name: TWO_PERSON_CHECK }] }));
    noConfig(scope);
    updateRun(scope, rec, 777);
    await receive("pull_request", payload, "delivery-1");
    await receive("pull_request", payload, "delivery-1");
    expect(rec.checkRuns.map((r) => r.method)).toEqual(["POST", "PATCH"]);
    expect(rec.checkRuns[1]?.path).toBe(`${REPO}/check-runs/777`);
  });

  it("two deliveries of the same event at the same time still make one check run (evaluations of a commit are serialized)", async () => {
    const { scope, rec } = github();
    const payload = examplePayload("pull_request", "opened", 1);
    // GitHub's state: the facts query lists the app's run once it has been created.
    let created = false;
    scope
      .post("/graphql")
      .times(2)
      .reply(() => [200, { data: pullData({ number: 2, headSha: HEAD, checkRuns: created ? [{ id: 778, name: TWO_PERSON_CHECK }] : [] }) }]);
    noConfig(scope);
    noConfig(scope);
    scope.post(`${REPO}/check-runs`, (body: CheckBody) => {
      rec.checkRuns.push({ method: "POST", path: `${REPO}/check-runs`, body });
      return true;
    }).optionally().times(2).reply(() => {
      created = true;
      rec.runs.push({ id: 778, name: TWO_PERSON_CHECK });
      return [201, { id: 778 }];
    });
    updateRun(scope, rec, 778);
    await Promise.all([receive("pull_request", payload, "delivery-a"), receive("pull_request", payload, "delivery-a")]);
    expect(rec.checkRuns.map((r) => r.method)).toEqual(["POST", "PATCH"]);
  });

  it("another open PR with the same head does not inherit a pass: the run fails unless every PR passes", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, reviews: [approval(11, "alice"), approval(12, "bob")], sameHead: [9] }));
    graphqlReply(scope, rec, pullData({ number: 9, headSha: HEAD, baseRef: "release", sameHead: [2] }));
    noConfig(scope);
    noConfig(scope);
    agentPushedHead(scope);
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(results[0]?.pulls).toEqual([2, 9]);
    const run = rec.checkRuns[0]!;
    expect(run.body.conclusion).toBe("failure");
    expect(run.body.output.summary).toContain("**FAIL**: #9 of the pull requests with this head (#2, #9) does not pass");
  });
});

describe("fail closed", () => {
  it("a 500 from GitHub: the check fails with the reason, never success", async () => {
    const { scope, rec } = github();
    rec.customList = true;
    graphqlReply(scope, rec, {}, 500);
    scope.get(`${REPO}/commits/${HEAD}/check-runs`).query({ per_page: 100, filter: "latest", app_id: APP_ID }).reply(200, { total_count: 1, check_runs: [{ id: 55, name: TWO_PERSON_CHECK }] });
    updateRun(scope, rec, 55);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body).toEqual(expect.objectContaining({ conclusion: "failure", status: "completed" }));
    expect(rec.checkRuns[0]?.body.output.summary).toContain("GitHub API error 500");
  });

  it("when the existing runs cannot be listed either, a new failing run is created (it supersedes older runs)", async () => {
    const { scope, rec } = github();
    rec.customList = true;
    graphqlReply(scope, rec, {}, 503);
    scope.get(`${REPO}/commits/${HEAD}/check-runs`).query(true).replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns.map((r) => [r.method, r.body.conclusion])).toEqual([["POST", "failure"]]);
    expect(rec.checkRuns[0]?.body.output.summary).toContain("GitHub API error 503");
  });

  it("a secondary rate limit: the check fails with the reason and the retry delay", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, reviews: [approval(11, "alice"), approval(12, "bob")] }));
    scope.get(CONFIG).query({ ref: BASE_SHA }).reply(
      403,
      { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits", status: "403" },
      { "retry-after": "60", ...RATE_HEADERS("core", 4100) },
    );
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    const body = rec.checkRuns[0]!.body;
    expect(body.conclusion).toBe("failure");
    expect(body.output.summary).toContain("GitHub API error 403: You have exceeded a secondary rate limit");
    expect(body.output.summary).toContain("(retry after 60 s)");
  });

  it("a configuration on the head branch that lowers requiredApprovals is ignored: only the base is read", async () => {
    const { scope, rec } = github();
    const reviews = [approval(11, "alice")];
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, files: [{ path: ".github/agent-guardrail.yml" }], reviews }));
    // The base's config requires 2; the PR's own copy (head) would say 1 and is never fetched.
    scope.get(CONFIG).query({ ref: BASE_SHA }).reply(200, "review:\n  requiredApprovals: 2\n");
    const headConfig = scope.get(CONFIG).query({ ref: HEAD }).reply(200, "review:\n  requiredApprovals: 1\n");
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(headConfig.isDone()).toBe(false);
    nock.cleanAll();
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("1 of 2 independent human approvals");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("touches infrastructure: .github/agent-guardrail.yml");
  });

  it("an invalid configuration on the base fails the check naming the key and line", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, reviews: [approval(11, "alice"), approval(12, "bob")] }));
    scope.get(CONFIG).query({ ref: BASE_SHA }).reply(200, "review:\n  requiredAprovals: 1\n");
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain('invalid configuration: Codertocat/Hello-World:.github/agent-guardrail.yml@master (380387f):2: unknown key "review.requiredAprovals"');
  });

  it("a commit by an email linked to no account on an infrastructure PR fails", async () => {
    const { scope, rec } = github();
    graphqlReply(
      scope,
      rec,
      pullData({
        number: 2,
        headSha: HEAD,
        author: { login: "Codertocat", type: "User" },
        headRef: "changes",
        body: "",
        commits: [{ oid: HEAD, message: "scale up", author: { name: "build", email: "build@ci.internal", login: null }, committer: GITHUB_NOREPLY }],
        reviews: [approval(11, "alice"), approval(12, "bob")],
      }),
    );
    noConfig(scope);
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("build@ci.internal");
  });
});

describe("requester exclusions on the wire", () => {
  it("the developer who asked Copilot (its co-author) cannot be one of the two approvals", async () => {
    const { scope, rec } = github();
    graphqlReply(
      scope,
      rec,
      pullData({
        number: 2,
        headSha: HEAD,
        commits: [
          {
            oid: HEAD,
            message: "Raise read capacity\n\nCo-authored-by: alice <5012345+alice@users.noreply.github.com>",
            author: COPILOT,
            committer: GITHUB_NOREPLY,
          },
        ],
        reviews: [approval(11, "alice"), approval(12, "bob")],
      }),
    );
    noConfig(scope);
    createRun(scope, rec);
    await receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain(`alice (review 11) does not count: co-authored commit ${HEAD.slice(0, 7)}`);
  });
});
