/**
 * The function's timeout: Lambda stops an invocation that reaches it without running another line
 * (no 500, no dead letter). A delivery still being handled DEADLINE_MARGIN_MS before the timeout
 * (the context's getRemainingTimeInMillis, as the runtime passes it: aws/aws-lambda-nodejs-
 * runtime-interface-client src/Runtime/InvokeContext.ts @ 773f885, Apache-2.0) is recorded for
 * redelivery while it still can be. GitHub answers slowly here (nock delays), as in an incident.
 */
import nock from "nock";
import { createHandler, DEADLINE_MARGIN_MS } from "../../src/github/lambda.js";
import { examplePayload, privateKey, webhookSignature } from "./helpers.js";
import { openedPullEvaluation } from "./wire.js";

const SECRET = "lambda-secret";
const env = () => ({ APP_ID: "123", PRIVATE_KEY: privateKey(), WEBHOOK_SECRET: SECRET, LOG_LEVEL: "fatal" as const });
const body = JSON.stringify(examplePayload("pull_request", "opened", 1));
const ID = "3e0c1a52-d3f4-11f0-8f5e-2b7c9d1e4f60";
const event = {
  headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": ID, "x-hub-signature-256": webhookSignature(body, SECRET) },
  body,
  isBase64Encoded: false,
};

/** GitHub answering the whole evaluation, its first answer `delayMs` late. */
const github = (delayMs: number): nock.Scope => openedPullEvaluation({ delayMs, listsRuns: true });

type Line = { msg?: string; deadLetter?: { deliveryId: string; error: string }; DeliveryId?: string };
let lines: Line[];
/** A fresh function instance (cold start: its own installation token, so every test asks for one). */
const newHandler = () => createHandler({ write: (line) => void lines.push(JSON.parse(line) as Line) });

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  lines = [];
});
afterEach(() => nock.cleanAll());

describe("the Lambda handler near the function's timeout", () => {
  it("a delivery still running shortly before the timeout is recorded for redelivery before Lambda can stop it", async () => {
    // 1 s of the invocation left before the margin; GitHub's first answer takes 2 s.
    const api = github(2_000);
    const res = await newHandler()(event, env(), { awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", getRemainingTimeInMillis: () => DEADLINE_MARGIN_MS + 1_000 });
    expect(api.isDone()).toBe(true);
    const recorded = lines.findIndex((l) => l.deadLetter !== undefined);
    const metrics = lines.findIndex((l) => l.DeliveryId === ID);
    expect(lines[recorded]?.deadLetter).toEqual(expect.objectContaining({ deliveryId: ID, error: expect.stringContaining("before the function's timeout") }));
    // Recorded while the delivery was still being handled (its metric line is written when it ends).
    expect(recorded).toBeGreaterThanOrEqual(0);
    expect(recorded).toBeLessThan(metrics);
    // It finished after all: answered as usual, and the log says its dead letter was not needed.
    expect(res.statusCode).toBe(200);
    expect(lines.some((l) => l.msg === "webhook handling finished after it was recorded as about to time out")).toBe(true);
  }, 30_000);

  it("a delivery that finishes well before the timeout leaves no dead letter", async () => {
    const api = github(0);
    const res = await newHandler()(event, env(), { getRemainingTimeInMillis: () => 60_000 });
    expect(api.isDone()).toBe(true);
    expect(res.statusCode).toBe(200);
    expect(lines.filter((l) => l.deadLetter !== undefined)).toEqual([]);
  }, 30_000);

  it("a context without a deadline (NaN remaining: the runtime's deadline header missing, as in an emulator) sets none", async () => {
    const api = github(0);
    const res = await newHandler()(event, env(), { getRemainingTimeInMillis: () => Number.NaN });
    expect(api.isDone()).toBe(true);
    expect(res.statusCode).toBe(200);
    expect(lines.filter((l) => l.deadLetter !== undefined)).toEqual([]);
  }, 30_000);
});
