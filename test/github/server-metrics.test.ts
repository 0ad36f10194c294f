/**
 * `GET /metrics` on the server (in-process, loopback port), on only with AGENT_GUARDRAIL_METRICS=1:
 * after a signed webhook (a real payload; GitHub through nock) and a badly signed one, the
 * Prometheus exposition names and counts both. Without the variable, /metrics is a 404.
 */
import { request } from "node:http";
import nock from "nock";
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { startServer, type RunningServer } from "../../src/github/server.js";
import { examplePayload, privateKey, pullData, webhookSignature } from "./helpers.js";
import { createRun, github, graphqlReply, HEAD, noConfig } from "./wire.js";

const SECRET = "metrics-webhook-secret";

function call(port: number, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, agent: false, headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, type: String(res.headers["content-type"] ?? "") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}
const webhook = (port: number, name: string, body: string, secret: string, id: string) =>
  call(port, "POST", "/api/github/webhooks", body, { "content-type": "application/json", "x-github-event": name, "x-github-delivery": id, "x-hub-signature-256": webhookSignature(body, secret) });

/** The samples of an exposition, `name{labels}` → value (comments left out). */
const samples = (text: string): Map<string, number> =>
  new Map(
    text
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => {
        const at = l.lastIndexOf(" ");
        return [l.slice(0, at), Number(l.slice(at + 1))];
      }),
  );

const env = (extra: Record<string, string> = {}) => ({ WEBHOOK_SECRET: SECRET, APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "fatal" as const, ...extra });

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1/);
});
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

describe("GET /metrics", () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.stop(1000);
    running = undefined;
  });

  it("is a 404 unless AGENT_GUARDRAIL_METRICS=1", async () => {
    running = await startServer(env({ AGENT_GUARDRAIL_METRICS: "true" }));
    expect(await call(running.port, "GET", "/metrics")).toEqual(expect.objectContaining({ status: 404, body: '{"error":"not found"}' }));
  });

  it("counts a signed delivery's conclusions, requests, rate limit and duration, and a refused one", async () => {
    running = await startServer(env({ AGENT_GUARDRAIL_METRICS: "1" }));
    const empty = samples((await call(running.port, "GET", "/metrics")).body);
    expect(empty.get("agent_guardrail_webhook_signature_failures_total")).toBe(0);
    expect(empty.get("agent_guardrail_check_run_write_failures_total")).toBe(0);
    expect(empty.get("agent_guardrail_evaluation_duration_seconds_count")).toBe(0);

    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD }));
    noConfig(scope);
    createRun(scope, rec, 1);
    createRun(scope, rec, 2);
    createRun(scope, rec, 3);
    const body = JSON.stringify(examplePayload("pull_request", "opened", 1));
    expect((await webhook(running.port, "pull_request", body, SECRET, "d-1")).status).toBe(200);
    expect(rec.checkRuns).toHaveLength(3);
    expect((await webhook(running.port, "pull_request", body, "not-the-secret", "d-2")).status).toBe(400);

    const res = await call(running.port, "GET", "/metrics");
    expect(res.status).toBe(200);
    expect(res.type).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(res.body).toContain("# TYPE agent_guardrail_evaluation_duration_seconds histogram\n");
    const m = samples(res.body);
    expect(m.get('agent_guardrail_webhook_deliveries_total{event="pull_request"}')).toBe(1);
    expect(m.get(`agent_guardrail_check_conclusions_total{check="${TWO_PERSON_CHECK}",conclusion="failure"}`)).toBe(1);
    expect(m.get('agent_guardrail_check_conclusions_total{check="agent-guardrail / agent permissions",conclusion="success"}')).toBe(1);
    expect(m.get('agent_guardrail_check_conclusions_total{check="agent-guardrail / adoption dashboards",conclusion="success"}')).toBe(1);
    expect(m.get("agent_guardrail_github_requests_total")).toBe(rec.requests.length);
    expect(m.get('agent_guardrail_github_rate_limit_remaining{resource="graphql"}')).toBe(4990);
    expect(m.get('agent_guardrail_github_rate_limit_remaining{resource="core"}')).toBe(4998); // the last REST answer: the last check-run write
    expect(m.get('agent_guardrail_github_rate_limit_limit{resource="graphql"}')).toBe(5000);
    expect(m.get("agent_guardrail_check_run_write_failures_total")).toBe(0);
    expect(m.get("agent_guardrail_webhook_signature_failures_total")).toBe(1);
    expect(m.get("agent_guardrail_evaluation_duration_seconds_count")).toBe(1);
    expect(m.get('agent_guardrail_evaluation_duration_seconds_bucket{le="+Inf"}')).toBe(1);
    expect(m.get("agent_guardrail_evaluation_duration_seconds_sum")).toBeGreaterThan(0);
  });
});
