import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { createApp } from "../../src/github/app.js";
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";

// Real payload: @octokit/webhooks-examples, pull_request.opened with an installation.
const require = createRequire(import.meta.url);
const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as { name: string; examples: Record<string, unknown>[] }[];
const opened = examples.find((e) => e.name === "pull_request")?.examples.find((p) => p["action"] === "opened" && p["installation"]) as {
  pull_request: { number: number; head: { sha: string }; base: { ref: string } };
};
const HEAD = opened.pull_request.head.sha;
const BASE = opened.pull_request.base.ref;
const API = "https://api.github.com";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

function probot(): Probot {
  const p = new Probot({
    appId: 123,
    privateKey,
    Octokit: ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  p.load(createApp({ appId: 123 }));
  return p;
}

const page = { hasNextPage: false, endCursor: null };
const person = (login: string | null, email: string) => ({ name: login ?? "Copilot", email, user: login ? { login } : null });
function pullResponse(existingRunId?: number) {
  return {
    data: {
      repository: {
        pullRequest: {
          number: opened.pull_request.number,
          state: "OPEN",
          title: "Grant the deploy role S3 access",
          body: "",
          headRefName: "copilot/fix-1",
          headRefOid: HEAD,
          baseRefName: BASE,
          baseRefOid: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
          changedFiles: 1,
          author: { login: "Copilot", __typename: "Bot" },
          labels: { nodes: [] },
          files: { pageInfo: page, nodes: [{ path: "infra/main.tf", changeType: "MODIFIED" }] },
          commits: {
            totalCount: 1,
            pageInfo: page,
            nodes: [{ commit: { oid: HEAD, message: "Grant S3", author: person("Copilot", "198982749+Copilot@users.noreply.github.com"), committer: person(null, "noreply@github.com") } }],
          },
          reviews: {
            totalCount: 1,
            pageInfo: page,
            nodes: [{ databaseId: 80, state: "APPROVED", submittedAt: "2026-11-25T08:00:00Z", authorCanPushToRepository: true, author: { login: "alice", __typename: "User" }, commit: { oid: HEAD } }],
          },
          head: {
            nodes: [
              {
                commit: {
                  oid: HEAD,
                  associatedPullRequests: { nodes: [{ number: opened.pull_request.number, state: "OPEN", headRefOid: HEAD }] },
                  checkSuites: { nodes: existingRunId ? [{ checkRuns: { nodes: [{ databaseId: existingRunId, name: TWO_PERSON_CHECK }] } }] : [] },
                },
              },
            ],
          },
        },
      },
    },
  };
}

beforeEach(() => {
  nock.disableNetConnect();
  nock(API).post("/app/installations/1/access_tokens").reply(200, { token: "test", permissions: { checks: "write", pull_requests: "read", contents: "read" } });
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

test("opened: one GraphQL query, config read at the BASE ref, a failing check run created on the head", async () => {
  let created: { name: string; head_sha: string; conclusion: string; output: { summary: string } } | undefined;
  const api = nock(API)
    .post("/graphql")
    .reply(200, pullResponse())
    // Only the base ref is ever asked for: the head branch's copy is never read.
    .get("/repos/Codertocat/Hello-World/contents/.github%2Fagent-guardrail.yml")
    .query({ ref: BASE })
    .reply(404, { message: "Not Found" })
    .post("/repos/Codertocat/Hello-World/check-runs", (body: typeof created) => ((created = body), true))
    .reply(201, { id: 5 });
  await probot().receive({ id: "1", name: "pull_request", payload: opened } as never);
  expect(api.isDone()).toBe(true);
  expect(created?.name).toBe(TWO_PERSON_CHECK);
  expect(created?.head_sha).toBe(HEAD);
  expect(created?.conclusion).toBe("failure");
  expect(created?.output.summary).toContain("1 more independent human approval needed");
  expect(created?.output.summary).toMatch(/GitHub API: \d+ requests/);
});

test("redelivery: the existing run of this app on the head is updated, not duplicated", async () => {
  let patched: { conclusion: string } | undefined;
  const api = nock(API)
    .post("/graphql")
    .reply(200, pullResponse(77))
    .get("/repos/Codertocat/Hello-World/contents/.github%2Fagent-guardrail.yml")
    .query({ ref: BASE })
    .reply(404, { message: "Not Found" })
    .patch("/repos/Codertocat/Hello-World/check-runs/77", (body: typeof patched) => ((patched = body), true))
    .reply(200, { id: 77 });
  await probot().receive({ id: "2", name: "pull_request", payload: opened } as never);
  expect(api.isDone()).toBe(true);
  expect(patched?.conclusion).toBe("failure");
});

test("a 500 from GitHub fails the check closed", async () => {
  let created: { conclusion: string; output: { summary: string } } | undefined;
  const api = nock(API)
    .post("/graphql")
    .reply(500, { message: "Server Error" })
    .get(`/repos/Codertocat/Hello-World/commits/${HEAD}/check-runs`)
    .query(true)
    .reply(200, { total_count: 0, check_runs: [] })
    .post("/repos/Codertocat/Hello-World/check-runs", (body: typeof created) => ((created = body), true))
    .reply(201, { id: 6 });
  await probot().receive({ id: "3", name: "pull_request", payload: opened } as never);
  expect(api.isDone()).toBe(true);
  expect(created?.conclusion).toBe("failure");
  expect(created?.output.summary).toContain("500");
});
