/**
 * A rate limit on Lambda: the handler runs Probot's production Octokit (throttling and retries
 * on, unlike the test Probot of helpers.ts), whose default is to wait for the limit to reset and
 * try again. A function has a timeout (60 s in deploy/, 30 s in docs/github-app.md): a wait longer
 * than that ends in Lambda killing the invocation, with no verdict written, no dead letter and no
 * 500, so the delivery is lost. The handler must fail closed instead, in time.
 *
 * The limit's shapes are GitHub's ("Troubleshooting the REST API", "Rate limits for the REST
 * API", docs.github.com, CC-BY-4.0): a primary limit is a 403 or 429 with `x-ratelimit-remaining:
 * 0` and `x-ratelimit-reset` (GraphQL: an error of type RATE_LIMITED); a secondary limit is a 403
 * or 429 whose message says "secondary rate limit", with `retry-after` in seconds.
 */
import nock from "nock";
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { createHandler, type LambdaHttpResult } from "../../src/github/lambda.js";
import { examplePayload, privateKey, pullData, webhookSignature } from "./helpers.js";

const SECRET = "lambda-secret";
const env = () => ({ APP_ID: "123", PRIVATE_KEY: privateKey(), WEBHOOK_SECRET: SECRET, LOG_LEVEL: "fatal" as const });
const body = JSON.stringify(examplePayload("pull_request", "opened", 1));
const event = {
  headers: {
    "content-type": "application/json",
    "x-github-event": "pull_request",
    "x-github-delivery": "6a1f3c20-d3f2-11f0-9a7e-3c1d2e4f5a6b",
    "x-hub-signature-256": webhookSignature(body, SECRET),
  },
  body,
  isBase64Encoded: false,
};
const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
/** Well inside the deployed function's 60 s (and the documented 30 s), with room for its retries. */
const IN_TIME_MS = 25_000;

let lines: string[];
const handler = createHandler({ write: (line) => void lines.push(line) });

/** The handler's answer, or a rejection if it has not answered in time (it is still waiting). */
function answer(): Promise<LambdaHttpResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${IN_TIME_MS} ms: the handler is waiting for the rate limit`)), IN_TIME_MS);
  });
  return Promise.race([handler(event, env()), late]).finally(() => clearTimeout(timer));
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  lines = [];
});
afterEach(() => nock.cleanAll());

describe("the Lambda handler under GitHub's rate limits", () => {
  it("GraphQL's primary limit spent, reset in 30 minutes: the checks fail closed with the reason at once, no wait", async () => {
    const reset = Math.floor(Date.now() / 1000) + 1800;
    const created: { name: string; conclusion: string; output: { summary: string } }[] = [];
    nock("https://api.github.com")
      .post("/app/installations/1/access_tokens")
      .reply(201, { token: "ghs_x", expires_at: "2099-01-01T00:00:00Z" })
      .post("/graphql")
      .reply(200, { errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded for installation ID 1." }] }, { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-used": "5000", "x-ratelimit-reset": String(reset), "x-ratelimit-resource": "graphql" })
      // REST has its own limit: the app's runs on the head are listed there (again just before writing), then written.
      .get(`/repos/Codertocat/Hello-World/commits/${HEAD}/check-runs`)
      .query(true)
      .times(2)
      .reply(200, { total_count: 0, check_runs: [] })
      .post("/repos/Codertocat/Hello-World/check-runs", (b: (typeof created)[number]) => (created.push(b), true))
      .times(3)
      .reply(201, { id: 3 });
    const res = await answer();
    expect(res.statusCode).toBe(200);
    expect(created.map((c) => c.name)).toEqual([TWO_PERSON_CHECK, "agent-guardrail / agent permissions", "agent-guardrail / adoption dashboards"]);
    for (const run of created) {
      expect(run.conclusion).toBe("failure");
      expect(run.output.summary).toMatch(/rate limit exceeded/i);
    }
  }, 40_000);

  it("check-run writes refused by a secondary limit (retry after 60 s): a 500 in time, recorded for redelivery", async () => {
    nock("https://api.github.com")
      .post("/app/installations/1/access_tokens")
      .reply(201, { token: "ghs_x", expires_at: "2099-01-01T00:00:00Z" })
      .post("/graphql")
      .reply(200, { data: pullData({ number: 2, headSha: HEAD }) })
      .get(/\/contents\//)
      .query(true)
      .reply(404, { message: "Not Found" })
      .get(`/repos/Codertocat/Hello-World/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      // Each of the three runs: the app's own three attempts.
      .post("/repos/Codertocat/Hello-World/check-runs")
      .times(9)
      .reply(
        403,
        { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0C38:2B4A:1F2E3D:4C5B6A:675378A0.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits", status: "403" },
        { "retry-after": "60", "x-ratelimit-remaining": "4990", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3000) },
      );
    const res = await answer();
    expect(res.statusCode).toBe(500);
    // Without DEAD_LETTER_QUEUE_URL the dead letter is logged: the delivery can be redelivered.
    const dead = lines.map((l) => JSON.parse(l) as { msg?: string; deadLetter?: { deliveryId: string; error: string } }).find((l) => l.deadLetter);
    expect(dead?.deadLetter).toEqual(expect.objectContaining({ deliveryId: "6a1f3c20-d3f2-11f0-9a7e-3c1d2e4f5a6b", error: expect.stringContaining("check-run write(s) failed") }));
  }, 40_000);
});
