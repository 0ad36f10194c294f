/** The Lambda handler: signature verified before anything else; a signed event runs the app. */
import { createHmac } from "node:crypto";
import nock from "nock";
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { createHandler } from "../../src/github/lambda.js";
import { examplePayload, privateKey, webhookSignature } from "./helpers.js";
import { openedPullEvaluation, type CheckBody } from "./wire.js";

const SECRET = "lambda-secret";
const env = () => ({ APP_ID: "123", PRIVATE_KEY: privateKey(), WEBHOOK_SECRET: SECRET, LOG_LEVEL: "fatal" as const });
const body = JSON.stringify(examplePayload("pull_request", "opened", 1));
const event = (signature: string) => ({
  headers: { "Content-Type": "application/json", "X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "X-Hub-Signature-256": signature },
  body: Buffer.from(body).toString("base64"),
  isBase64Encoded: true,
});

// Log and metric lines are kept here instead of cluttering the test output.
const handler = createHandler({ write: () => undefined });

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

describe("Lambda handler", () => {
  it("rejects a badly signed event with 400 and no API call", async () => {
    const api = nock("https://api.github.com").post(/.*/).reply(500);
    const res = await handler(event(webhookSignature(body, "wrong")), env());
    expect(res.statusCode).toBe(400);
    expect(api.isDone()).toBe(false);
  });

  it("a signature of another length (a sha1= header, a truncated digest) is the same 400, not an error", async () => {
    const api = nock("https://api.github.com").post(/.*/).reply(500);
    for (const signature of [`sha1=${createHmac("sha1", SECRET).update(body).digest("hex")}`, webhookSignature(body, SECRET).slice(0, -1), "sha256="]) {
      const res = await handler(event(signature), env());
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error: "signature does not match the payload" });
    }
    expect(api.isDone()).toBe(false);
  });

  it("runs the app on a signed event: the check run is created before the response", async () => {
    const created: CheckBody[] = [];
    const api = openedPullEvaluation({ created });
    const res = await handler(event(webhookSignature(body, SECRET)), env());
    expect(res.statusCode).toBe(200);
    // What GitHub's delivery log shows for a handled delivery.
    expect(JSON.parse(res.body)).toEqual({ ok: true });
    expect(api.isDone()).toBe(true);
    expect(created).toEqual([
      expect.objectContaining({ name: TWO_PERSON_CHECK, conclusion: "failure" }),
      expect.objectContaining({ name: "agent-guardrail / agent permissions", conclusion: "success" }),
      expect.objectContaining({ name: "agent-guardrail / adoption dashboards", conclusion: "success" }),
    ]);
  });

  it("a request without the webhook headers is a 400", async () => {
    expect((await handler({ headers: {}, body: "{}" }, env())).statusCode).toBe(400);
    // Each header is required on its own: a delivery without a signature is refused before any secret is read.
    for (const header of ["X-Hub-Signature-256", "X-GitHub-Delivery", "X-GitHub-Event"]) {
      const headers: Record<string, string> = { ...event(webhookSignature(body, SECRET)).headers };
      delete headers[header];
      const res = await handler({ ...event(""), headers }, env());
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error: "missing x-github-delivery, x-github-event or x-hub-signature-256" });
    }
  });

  it("an event without headers or body is a 400; a plain-text body signed with another secret is a 400, no API call", async () => {
    const api = nock("https://api.github.com").post(/.*/).reply(500);
    expect((await handler({ headers: null }, env())).statusCode).toBe(400);
    const plain = { headers: { ...event("").headers, "X-Hub-Signature-256": webhookSignature(body, "wrong") }, body, isBase64Encoded: false };
    expect((await handler(plain, env())).statusCode).toBe(400);
    expect(api.isDone()).toBe(false);
  });
});
