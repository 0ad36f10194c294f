/**
 * Who pushed, on the wire: GitHub's repository activity (REST "List repository activities", the
 * `activity` schema of github/rest-api-description: before, after, ref, timestamp, activity_type,
 * actor) and the pull request read as an issue (`performed_via_github_app`). Sources, licences
 * and the verdicts decided before running: test/fixtures/github/pushers/README.md.
 *
 * Event: the real pull_request.synchronize of @octokit/webhooks-examples (MIT): Codertocat/Hello-World#2,
 * branch "changes", f95f852 → ec26c3e, sent by Codertocat.
 */
import nock from "nock";
import { completeFacts } from "../../src/github/evaluate.js";
import { MAX_ACTIVITY_PAGES } from "../../src/github/provenance.js";
import { fetchPull } from "../../src/github/pull.js";
import { rule } from "../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { examplePayload, pullData, RATE_HEADERS, type PullInput } from "./helpers.js";
import { activityRow, API, createRun, github, githubOnlyThroughNock, graphqlReply, HEAD, noConfig, octokitApi, provenanceOf, REPO, twoPersonAppPerTest } from "./wire.js";
import { markdownText } from "../../src/github/checks/markdown.js";

githubOnlyThroughNock();
const { receive } = twoPersonAppPerTest({ retryDelaysMs: [] });
const policy = resolvePolicy();

const BEFORE = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"; // the example's `before`
const AT = "2026-11-20T10:00:00Z";
const CODERTOCAT = { name: "Codertocat", email: "21031067+Codertocat@users.noreply.github.com", login: "Codertocat" };

/** Codertocat's PR as its commits tell it: his name, no trailer, a CDK stack changed, bob approved. */
function person(overrides: Partial<PullInput> = {}): PullInput {
  return {
    number: 2,
    headSha: HEAD,
    headRef: "changes",
    author: { login: "Codertocat", type: "User" },
    body: "Recreate the orders table with a composite key",
    files: [{ path: "infra/lib/orders-stack.ts" }],
    commits: [{ oid: HEAD, message: "Recreate orders table", author: CODERTOCAT }],
    reviews: [{ id: 1, login: "bob", state: "APPROVED", commit: HEAD, at: AT }],
    ...overrides,
  };
}
/** bob's and carol's approvals of the head: two independent humans. */
const reviews = [
  { id: 1, login: "bob", state: "APPROVED" as const, commit: HEAD, at: AT },
  { id: 2, login: "carol", state: "APPROVED" as const, commit: HEAD, at: AT },
];
const pushedBy = (login: string, type: "User" | "Bot" = "Bot") => [activityRow({ before: BEFORE, after: HEAD, branch: "changes", login, type })];

async function synchronize(input: PullInput, records: (scope: nock.Scope) => void) {
  const { scope, rec } = github();
  graphqlReply(scope, rec, pullData(input));
  noConfig(scope);
  records(scope);
  createRun(scope, rec);
  await receive("pull_request", examplePayload("pull_request", "synchronize"));
  return rec.checkRuns[0]?.body;
}

describe("an agent's token pushing a person's commits (claude-code-action pushes with its app's installation token)", () => {
  it("claude[bot] pushed Codertocat's commit: the run fails, naming the push, although every commit says Codertocat", async () => {
    const run = await synchronize(person(), (s) => provenanceOf(s, { number: 2, branch: "changes", head: HEAD, rows: pushedBy("claude[bot]") }));
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain(markdownText("commit ec26c3e was pushed by agent claude[bot] (push f95f852→ec26c3e at 2026-11-20T09:00:00Z), whatever its commits say"));
    expect(run?.output.summary).toContain("1 of 2 independent human approvals of the head ec26c3e; 1 more needed");
  });

  it("the Copilot coding agent's bot (REST login Copilot) pushing to a person's branch: the run fails without two approvals", async () => {
    const run = await synchronize(person(), (s) => provenanceOf(s, { number: 2, branch: "changes", head: HEAD, rows: pushedBy("Copilot") }));
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("pushed by agent Copilot");
  });

  it("an ordinary push by Codertocat himself (the example's own sender): passes as before", async () => {
    const run = await synchronize(person(), (s) => provenanceOf(s, { number: 2, branch: "changes", head: HEAD, rows: pushedBy("Codertocat", "User") }));
    expect(run?.conclusion).toBe("success");
    expect(run?.output.title).toBe("Not guarded: not agent-authored");
  });
});

describe("the app a pull request was opened through", () => {
  it("opened through Codex cloud's connector under Codertocat's account: guarded, one approval fails", async () => {
    const run = await synchronize(person(), (s) => provenanceOf(s, { number: 2, branch: "changes", head: HEAD, login: "Codertocat", app: { slug: "chatgpt-codex-connector", name: "ChatGPT Codex Connector" } }));
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("opened by Codertocat through the agent app chatgpt-codex-connector");
  });
});

describe("a record GitHub does not give is never a pass on one approval", () => {
  it("the activity refused (403, the installation lacks contents: read): guarded, the reason is in the summary", async () => {
    const run = await synchronize(person(), (s) => {
      s.get(`${REPO}/activity`).query(true).reply(403, { message: "Resource not accessible by integration" });
      s.get(`${REPO}/issues/2`).reply(200, { number: 2, performed_via_github_app: null });
    });
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain(markdownText("GitHub answered 403 to the repository activity of Codertocat/Hello-World (branch changes) (Resource not accessible by integration): the installation has not granted `contents: read`; treated as agent-authored (fail closed)"));
  });

  it("no activity API (404, GitHub Enterprise Server before 3.11): two independent approvals still pass it", async () => {
    const run = await synchronize(person({ reviews }), (s) => {
      s.get(`${REPO}/activity`).query(true).reply(404, { message: "Not Found" });
      s.get(`${REPO}/issues/2`).reply(200, { number: 2, performed_via_github_app: null });
    });
    expect(run?.conclusion).toBe("success");
    expect(run?.output.summary).toContain("GitHub answered 404 to the repository activity");
  });

  it("a server error (500) fails the check with the error, even with two approvals: it may pass on a re-run", async () => {
    const run = await synchronize(person({ reviews }), (s) => s.get(`${REPO}/activity`).query(true).reply(500, { message: "Server Error" }));
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("GitHub API error 500");
  });

  it("a rate limit (403 with no requests left) is an API error, not a refused record: the check fails", async () => {
    const run = await synchronize(person(), (s) =>
      s
        .get(`${REPO}/activity`)
        .query(true)
        .reply(403, { message: "API rate limit exceeded for installation ID 1." }, { "x-ratelimit-remaining": "0", "x-ratelimit-limit": "5000", "x-ratelimit-resource": "core" }),
    );
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("GitHub API error 403: API rate limit exceeded");
  });

  it("a server error reading the pull request as an issue fails the check, even with two approvals", async () => {
    const run = await synchronize(person({ reviews }), (s) => {
      s.get(`${REPO}/activity`).query(true).reply(200, pushedBy("Codertocat", "User"));
      s.get(`${REPO}/issues/2`).reply(502, { message: "Bad Gateway" });
    });
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("GitHub API error 502");
  });

  it("the pull request unreadable as an issue (404): the app it was opened through is unknown, guarded", async () => {
    const run = await synchronize(person(), (s) => {
      s.get(`${REPO}/activity`).query(true).reply(200, pushedBy("Codertocat", "User"));
      s.get(`${REPO}/issues/2`).reply(404, { message: "Not Found" });
    });
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("GitHub answered 404 to pull request #2 read as an issue");
  });
});

describe("reading the activity", () => {
  const fetchWith = async (input: PullInput, options: { retryDelaysMs?: number[] } = {}) => {
    nock(API).post("/graphql").reply(200, { data: pullData(input) });
    const fetched = await fetchPull(octokitApi(), "Codertocat", "Hello-World", 2, { sameHead: false });
    await completeFacts(octokitApi(), "Codertocat", "Hello-World", fetched, policy, options);
    return fetched;
  };

  it("pages by the Link header's cursor until the pushes that built the head are found", async () => {
    const C1 = "5b1d7e3c9a2f4d6b8e0c1a3f5d7b9e1c3a5f7d9b";
    const input = person({ commits: [{ oid: C1, message: "Add the key", author: CODERTOCAT }, { oid: HEAD, message: "Recreate orders table", author: CODERTOCAT }] });
    const next = `<${API}${REPO}/activity?ref=refs%2Fheads%2Fchanges&per_page=100&after=Y3Vyc29yOjI%3D>; rel="next"`;
    nock(API).get(`${REPO}/activity`).query({ ref: "refs/heads/changes", per_page: 100 }).reply(200, [activityRow({ before: C1, after: HEAD, branch: "changes", login: "Codertocat" })], { link: next, ...RATE_HEADERS("core", 4990) });
    nock(API)
      .get(`${REPO}/activity`)
      .query({ ref: "refs/heads/changes", per_page: 100, after: "Y3Vyc29yOjI=" })
      .reply(200, [activityRow({ before: "0000000000000000000000000000000000000000", after: C1, branch: "changes", login: "claude[bot]", type: "Bot", kind: "branch_creation", at: "2026-11-20T08:00:00Z" })]);
    nock(API).get(`${REPO}/issues/2`).reply(200, { number: 2, performed_via_github_app: null });
    const fetched = await fetchWith(input);
    expect(fetched.facts.pushes).toHaveLength(2);
    expect(rule.evaluate(fetched.facts, policy).reasons).toContain("commit 5b1d7e3 was pushed by agent claude[bot] (branch_creation 0000000→5b1d7e3 at 2026-11-20T08:00:00Z), whatever its commits say");
  });

  it("stops reading once the head's pushes are found (a long-lived branch costs one page)", async () => {
    const next = `<${API}${REPO}/activity?ref=refs%2Fheads%2Fchanges&per_page=100&after=MORE>; rel="next"`;
    nock(API).get(`${REPO}/activity`).query({ ref: "refs/heads/changes", per_page: 100 }).reply(200, pushedBy("Codertocat", "User"), { link: next });
    nock(API).get(`${REPO}/issues/2`).reply(200, { number: 2, performed_via_github_app: null });
    const fetched = await fetchWith(person());
    expect(fetched.facts.pushes).toHaveLength(1);
    expect(fetched.facts.provenanceUnread).toBeUndefined();
  });

  it(`more than ${MAX_ACTIVITY_PAGES} pages without the head's push: unread, so guarded`, async () => {
    const other = activityRow({ before: BEFORE, after: "1".repeat(40), branch: "changes", login: "Codertocat" });
    for (let page = 0; page < MAX_ACTIVITY_PAGES; page++) {
      nock(API)
        .get(`${REPO}/activity`)
        .query((q) => q["ref"] === "refs/heads/changes" && (page === 0 ? q["after"] === undefined : q["after"] === `p${page}`))
        .reply(200, [other], { link: `<${API}${REPO}/activity?ref=refs%2Fheads%2Fchanges&per_page=100&after=p${page + 1}>; rel="next"` });
    }
    nock(API).get(`${REPO}/issues/2`).reply(200, { number: 2, performed_via_github_app: null });
    const fetched = await fetchWith(person());
    expect(fetched.facts.provenanceUnread).toEqual([`changes was updated more than ${MAX_ACTIVITY_PAGES * 100} times since the pushes that built the head: they cannot all be read`]);
    expect(rule.evaluate(fetched.facts, policy).guarded).toBe(true);
  });

  it("GitHub's activity lagging the webhook: read again after a wait, and the push found then decides", async () => {
    nock(API).get(`${REPO}/activity`).query(true).reply(200, []);
    nock(API).get(`${REPO}/activity`).query(true).reply(200, pushedBy("Codertocat", "User"));
    nock(API).get(`${REPO}/issues/2`).reply(200, { number: 2, performed_via_github_app: null });
    const fetched = await fetchWith(person(), { retryDelaysMs: [1] });
    expect(rule.evaluate(fetched.facts, policy).reasons).toEqual(["not agent-authored"]);
  });

  it("still no push of the head after the waits: unknown, guarded, saying so", async () => {
    nock(API).get(`${REPO}/activity`).query(true).times(2).reply(200, []);
    nock(API).get(`${REPO}/issues/2`).reply(200, { number: 2, performed_via_github_app: null });
    const fetched = await fetchWith(person(), { retryDelaysMs: [1] });
    const decision = rule.evaluate(fetched.facts, policy);
    expect(decision.guarded).toBe(true);
    expect(decision.reasons[0]).toContain("GitHub's repository activity records no push that set changes to ec26c3e");
  });

  it("a fork's branch is read in the fork, where its pushes are recorded", async () => {
    const data = pullData(person()) as { repository: { pullRequest: Record<string, unknown> } };
    data.repository.pullRequest["headRepository"] = { name: "Hello-World", owner: { login: "octocat-fork" } };
    nock(API).post("/graphql").reply(200, { data });
    nock(API).get("/repos/octocat-fork/Hello-World/activity").query({ ref: "refs/heads/changes", per_page: 100 }).reply(200, pushedBy("claude[bot]"));
    nock(API).get(`${REPO}/issues/2`).reply(200, { number: 2, performed_via_github_app: null });
    const fetched = await fetchPull(octokitApi(), "Codertocat", "Hello-World", 2, { sameHead: false });
    await completeFacts(octokitApi(), "Codertocat", "Hello-World", fetched, policy);
    expect(rule.evaluate(fetched.facts, policy).guarded).toBe(true);
  });

  it("a fork deleted since (headRepository null): unknown, guarded; no activity is asked", async () => {
    const data = pullData(person()) as { repository: { pullRequest: Record<string, unknown> } };
    data.repository.pullRequest["headRepository"] = null;
    nock(API).post("/graphql").reply(200, { data });
    nock(API).get(`${REPO}/issues/2`).reply(200, { number: 2, performed_via_github_app: null });
    const fetched = await fetchPull(octokitApi(), "Codertocat", "Hello-World", 2, { sameHead: false });
    await completeFacts(octokitApi(), "Codertocat", "Hello-World", fetched, policy);
    expect(fetched.facts.provenanceUnread).toEqual(["the pull request's head repository no longer exists: who pushed its commits cannot be read"]);
  });

  it("an agent's PR (Copilot opened it) asks neither record: it is guarded whoever pushed", async () => {
    nock(API).post("/graphql").reply(200, { data: pullData({ number: 2, headSha: HEAD }) });
    const fetched = await fetchPull(octokitApi(), "Codertocat", "Hello-World", 2, { sameHead: false });
    await completeFacts(octokitApi(), "Codertocat", "Hello-World", fetched, policy);
    expect(fetched.facts.pushes).toBeUndefined();
    expect(fetched.facts.openedViaApp).toBeUndefined();
  });

  it("a person's PR changing only docs and tests asks neither record: it cannot be infrastructure", async () => {
    nock(API).post("/graphql").reply(200, { data: pullData(person({ files: [{ path: "docs/orders.md" }, { path: "test/orders.test.ts" }] })) });
    const fetched = await fetchPull(octokitApi(), "Codertocat", "Hello-World", 2, { sameHead: false });
    await completeFacts(octokitApi(), "Codertocat", "Hello-World", fetched, policy);
    expect(fetched.facts.pushes).toBeUndefined();
  });
});

describe("an agent's pull request about to pass: who pushed its commits is read, and cannot approve", () => {
  // OpenHands commits as "openhands <openhands@all-hands.dev>" (All-Hands-AI/OpenHands
  // openhands/runtime/client/client.py at 0b6d9e78, MIT); carol pushed them to Codertocat's branch.
  const OPENHANDS = { name: "openhands", email: "openhands@all-hands.dev", login: null };
  const agentPr = (overrides: Partial<PullInput> = {}) => person({ commits: [{ oid: HEAD, message: "Recreate orders table", author: OPENHANDS, committer: OPENHANDS }], reviews, ...overrides });
  const activity = (s: nock.Scope, rows: Record<string, unknown>[]) => s.get(`${REPO}/activity`).query({ ref: "refs/heads/changes", per_page: 100 }).reply(200, rows, RATE_HEADERS("core", 4994));

  it("carol pushed the agent's commit and approved: her approval does not count, one of two", async () => {
    const run = await synchronize(agentPr(), (s) => activity(s, pushedBy("carol", "User")));
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("carol (review 2) does not count: pushed ec26c3e to changes (push f95f852→ec26c3e at 2026-11-20T09:00:00Z)");
    expect(run?.output.summary).toContain("1 of 2 independent human approvals of the head ec26c3e; 1 more needed");
  });

  it("pushed by someone who did not approve: passes, for one more request (the activity; not the issue)", async () => {
    const run = await synchronize(agentPr(), (s) => activity(s, pushedBy("dave", "User")));
    expect(run?.conclusion).toBe("success");
  });

  it("the activity refused (403): fails closed, naming the refusal, although both approvals are otherwise independent", async () => {
    const run = await synchronize(agentPr(), (s) => s.get(`${REPO}/activity`).query(true).reply(403, { message: "Resource not accessible by integration" }));
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("who pushed this agent-authored pull request's commits cannot be read (GitHub answered 403 to the repository activity of Codertocat/Hello-World (branch changes)");
  });

  it("a server error reading it fails the check with the error", async () => {
    const run = await synchronize(agentPr(), (s) => s.get(`${REPO}/activity`).query(true).reply(500, { message: "Server Error" }));
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("GitHub API error 500");
  });

  it("no push of the head recorded: fails closed", async () => {
    const run = await synchronize(agentPr(), (s) => activity(s, []));
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("GitHub's repository activity records no push that set changes to ec26c3e");
  });

  it("an agent's PR that fails anyway (one approval) spends no request on it", async () => {
    nock(API).post("/graphql").reply(200, { data: pullData(agentPr({ reviews: [reviews[0] ?? { id: 1, login: "bob", state: "APPROVED", commit: HEAD, at: AT }] })) });
    const fetched = await fetchPull(octokitApi(), "Codertocat", "Hello-World", 2, { sameHead: false });
    await completeFacts(octokitApi(), "Codertocat", "Hello-World", fetched, policy);
    expect(fetched.facts.pushes).toBeUndefined();
    expect(rule.evaluate(fetched.facts, policy).conclusion).toBe("failure");
  });
});
