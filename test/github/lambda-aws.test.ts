/**
 * The Lambda handler as deploy/ runs it: the private key and webhook secret come from Secrets
 * Manager and failed deliveries go to an SQS dead-letter queue, both through the real AWS SDK
 * against a loopback stub speaking their JSON wire protocols (test/aws/stub.ts); GitHub through
 * nock. A secret that cannot be read is a 500 with nothing evaluated and nothing sent to GitHub.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { createHandler, SECRET_REREAD_MS, type LambdaHttpEvent } from "../../src/github/lambda.js";
import { awsEnv, startStub, type Stub, type StubReply, type StubRequest } from "../aws/stub.js";
import { examplePayload, privateKey, pullData, webhookSignature } from "./helpers.js";
import { API, createRun, github, graphqlReply, HEAD, noConfig } from "./wire.js";

const KEY_ARN = "arn:aws:secretsmanager:us-east-1:111111111111:secret:agent-guardrail/private-key-AbCdEf";
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:111111111111:secret:agent-guardrail/webhook-secret-GhIjKl";
const SECRET = "webhook-secret-from-secrets-manager";
const ROTATED = "webhook-secret-after-rotation";

const delivery = (name: string, body: string, secret: string, id = "a1b2c3d4-0000-11ef-8000-000000000001"): LambdaHttpEvent => ({
  headers: { "Content-Type": "application/json", "X-GitHub-Event": name, "X-GitHub-Delivery": id, "X-Hub-Signature-256": webhookSignature(body, secret) },
  body: Buffer.from(body).toString("base64"),
  isBase64Encoded: true,
});
const opened = JSON.stringify(examplePayload("pull_request", "opened", 1));
/** An event the app does not handle: verified and answered without a GitHub request. */
const issue = JSON.stringify(examplePayload("issues", "opened"));

/** What Secrets Manager and SQS answer; tests change it between deliveries. */
let secrets: Record<string, StubReply>;
let sqsReply: ((body: string) => StubReply) | undefined;
let stub: Stub;
let restoreEnv: () => void;
const queueUrl = () => `${stub.url}/111111111111/agent-guardrail-dead-letters`;
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  APP_ID: "123",
  GITHUB_PRIVATE_KEY_SECRET_ARN: KEY_ARN,
  GITHUB_WEBHOOK_SECRET_ARN: SECRET_ARN,
  DEAD_LETTER_QUEUE_URL: queueUrl(),
  LOG_LEVEL: "fatal",
  ...extra,
});
const secretValue = (arn: string, value: string): StubReply => ({ result: { ARN: arn, Name: arn.split(":").pop(), SecretString: value, VersionId: "v1", VersionStages: ["AWSCURRENT"], CreatedDate: 1764000000 } });
const reads = (): string[] => stub.requests.filter((r) => r.service === "secretsmanager").map((r) => `${r.action} ${String(r.json["SecretId"])}`);
const deadLetters = (): Record<string, unknown>[] => stub.requests.filter((r) => r.service === "sqs").map((r) => JSON.parse(String(r.json["MessageBody"])) as Record<string, unknown>);

function answer(req: StubRequest): StubReply {
  if (req.service === "secretsmanager" && req.action === "GetSecretValue") return secrets[String(req.json["SecretId"])] ?? { error: { code: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." } };
  if (req.service === "sqs" && req.action === "SendMessage") {
    const body = String(req.json["MessageBody"]);
    return sqsReply ? sqsReply(body) : { result: { MessageId: "5fea7756-0ea4-451a-a703-a558b933e274", MD5OfMessageBody: createHash("md5").update(body).digest("hex") } };
  }
  return { error: { code: "InvalidAction", message: `stub: ${req.service} ${req.action}` } };
}

/** Any request to GitHub is recorded (and fails): the fail-closed tests expect none. */
function githubSpy(): string[] {
  const seen: string[] = [];
  const scope = nock(API).persist();
  for (const method of ["get", "post", "patch"] as const) {
    scope[method](/.*/).reply((uri) => {
      seen.push(`${method.toUpperCase()} ${uri}`);
      return [500, { message: "must not be called" }];
    });
  }
  return seen;
}

/** A handler with a clock the test moves and its stdout captured (log and EMF lines). */
function lambda() {
  const clock = { t: Date.parse("2026-12-01T09:00:00Z") };
  const lines: string[] = [];
  const handler = createHandler({ now: () => clock.t, write: (line) => lines.push(line) });
  const json = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { handler, clock, emf: () => json().filter((l) => "_aws" in l), logs: () => json().filter((l) => !("_aws" in l)) };
}

beforeAll(async () => {
  stub = await startStub((req) => answer(req));
  restoreEnv = awsEnv(stub.url);
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1/);
});
afterAll(async () => {
  nock.enableNetConnect();
  restoreEnv();
  await stub.close();
});
beforeEach(() => {
  stub.requests.length = 0;
  secrets = { [KEY_ARN]: secretValue(KEY_ARN, privateKey()), [SECRET_ARN]: secretValue(SECRET_ARN, SECRET) };
  sqsReply = undefined;
});
afterEach(() => nock.cleanAll());

describe("secrets from Secrets Manager", () => {
  it("are read once per container (GetSecretValue per ARN), win over plain variables, and run the app; EMF lines name and count the delivery", async () => {
    const { handler, clock, emf } = lambda();
    const { scope, rec } = github();
    scope.on("request", () => (clock.t += 40)); // every GitHub round trip takes 40 ms on the test clock
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD }));
    noConfig(scope);
    createRun(scope, rec, 1);
    createRun(scope, rec, 2);
    createRun(scope, rec, 3);
    // Stale plain values must not be used when the ARNs are set.
    const stale = { WEBHOOK_SECRET: "stale-plain-secret", PRIVATE_KEY: "not a key" };

    const first = await handler(delivery("pull_request", opened, SECRET), env(stale));
    expect(first).toEqual(expect.objectContaining({ statusCode: 200 }));
    expect(rec.checkRuns.map((r) => [r.body.name, r.body.conclusion])).toEqual([
      [TWO_PERSON_CHECK, "failure"],
      ["agent-guardrail / agent permissions", "success"],
      ["agent-guardrail / adoption dashboards", "success"],
    ]);
    const second = await handler(delivery("issues", issue, SECRET, "a1b2c3d4-0000-11ef-8000-000000000002"), env(stale));
    expect(second.statusCode).toBe(200);
    expect(reads().sort()).toEqual([`GetSecretValue ${KEY_ARN}`, `GetSecretValue ${SECRET_ARN}`].sort());

    // The installation token, the facts, the config, the re-read of the runs, three writes.
    expect(rec.requests).toHaveLength(7);
    const [summary, ...conclusions] = emf().slice(0, 4);
    expect(summary).toEqual({
      _aws: {
        Timestamp: clock.t,
        CloudWatchMetrics: [
          {
            Namespace: "AgentGuardrail",
            Dimensions: [[]],
            Metrics: [
              { Name: "Deliveries", Unit: "Count" },
              { Name: "SignatureFailures", Unit: "Count" },
              { Name: "CheckRunWriteFailures", Unit: "Count" },
              { Name: "GitHubRequests", Unit: "Count" },
              { Name: "EvaluationTime", Unit: "Milliseconds" },
              { Name: "RateLimitRemaining", Unit: "Count" },
              { Name: "RateLimitRemainingPercent", Unit: "Percent" },
            ],
          },
        ],
      },
      DeliveryId: "a1b2c3d4-0000-11ef-8000-000000000001",
      Event: "pull_request",
      Deliveries: 1,
      SignatureFailures: 0,
      CheckRunWriteFailures: 0,
      GitHubRequests: 7,
      EvaluationTime: 7 * 40,
      // GraphQL (4990 of 5000) is tighter than the REST responses that came after it (4996–4999).
      RateLimitRemaining: 4990,
      RateLimitRemainingPercent: 99.8,
    });
    expect(conclusions).toEqual(
      [
        [TWO_PERSON_CHECK, "failure"],
        ["agent-guardrail / agent permissions", "success"],
        ["agent-guardrail / adoption dashboards", "success"],
      ].map(([check, conclusion]) =>
        expect.objectContaining({
          _aws: expect.objectContaining({ CloudWatchMetrics: [{ Namespace: "AgentGuardrail", Dimensions: [["Check", "Conclusion"]], Metrics: [{ Name: "CheckConclusions", Unit: "Count" }] }] }),
          Check: check,
          Conclusion: conclusion,
          CheckConclusions: 1,
        }),
      ),
    );
    // The unhandled event: verified, counted, no request spent, no conclusion.
    expect(emf().slice(4)).toEqual([expect.objectContaining({ Event: "issues", Deliveries: 1, GitHubRequests: 0, SignatureFailures: 0, CheckRunWriteFailures: 0 })]);
    expect(deadLetters()).toEqual([]);
  });

  it("without a key ARN, a key file named by PRIVATE_KEY_PATH is the key (nothing read from Secrets Manager for it)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ag-lambda-key-"));
    const keyFile = path.join(dir, "app.pem");
    writeFileSync(keyFile, privateKey());
    const { handler } = lambda();
    const { GITHUB_PRIVATE_KEY_SECRET_ARN: _unused, ...withoutKeyArn } = env({ PRIVATE_KEY_PATH: keyFile });
    const answered = await handler(delivery("issues", issue, SECRET), withoutKeyArn);
    expect(answered.statusCode).toBe(200);
    expect(reads()).toEqual([`GetSecretValue ${SECRET_ARN}`]);
  });

  it("fails closed when Secrets Manager answers an error: 500, nothing sent to GitHub, the delivery dead-lettered; the next delivery tries again", async () => {
    const { handler, logs } = lambda();
    const sent = githubSpy();
    secrets[KEY_ARN] = { error: { code: "AccessDeniedException", message: "User is not authorized to perform: secretsmanager:GetSecretValue" } };
    const res = await handler(delivery("pull_request", opened, SECRET), env());
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: "not configured: a secret could not be read (see the function's log)" });
    expect(res.body).not.toContain("arn:");
    expect(sent).toEqual([]);
    expect(logs()).toContainEqual(expect.objectContaining({ level: "error", msg: "webhook handling failed", err: expect.stringContaining("GITHUB_PRIVATE_KEY_SECRET_ARN could not be read from Secrets Manager") }));
    expect(deadLetters()).toEqual([
      {
        deliveryId: "a1b2c3d4-0000-11ef-8000-000000000001",
        event: "pull_request",
        action: "opened",
        installationId: 1,
        repository: "Codertocat/Hello-World",
        receivedAt: "2026-12-01T09:00:00.000Z",
        error: expect.stringContaining("AccessDeniedException"),
      },
    ]);
    expect(JSON.stringify(deadLetters())).not.toContain(SECRET);

    secrets[KEY_ARN] = secretValue(KEY_ARN, privateKey());
    expect((await handler(delivery("issues", issue, SECRET), env())).statusCode).toBe(200);
    expect(reads().filter((r) => r.endsWith(KEY_ARN))).toHaveLength(2);
  });

  it("fails closed when a secret is empty", async () => {
    const { handler } = lambda();
    const sent = githubSpy();
    secrets[SECRET_ARN] = secretValue(SECRET_ARN, " ");
    expect((await handler(delivery("pull_request", opened, " "), env())).statusCode).toBe(500);
    expect(sent).toEqual([]);
    expect(deadLetters()).toEqual([expect.objectContaining({ error: "the secret named by GITHUB_WEBHOOK_SECRET_ARN has no SecretString" })]);
  });

  // A key pasted into the secret with its newlines lost (one line) was taken by Probot, which
  // checks only the BEGIN and END lines; every delivery then failed to sign its token.
  it("fails closed when the key secret holds no usable key: 500 naming the secret, never the key, nothing sent to GitHub", async () => {
    const { handler } = lambda();
    const sent = githubSpy();
    const oneLine = privateKey().replaceAll("\n", "");
    secrets[KEY_ARN] = secretValue(KEY_ARN, oneLine);
    const res = await handler(delivery("pull_request", opened, SECRET), env());
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: expect.stringMatching(/^not configured: the secret named by GITHUB_PRIVATE_KEY_SECRET_ARN is not a private key \(/) });
    expect(sent).toEqual([]);
    expect(deadLetters()).toEqual([expect.objectContaining({ error: expect.stringMatching(/^the secret named by GITHUB_PRIVATE_KEY_SECRET_ARN is not a private key/) })]);
    expect(res.body + JSON.stringify(deadLetters())).not.toContain(oneLine.slice(40, 80));
  });

  // A function given an egress proxy (its own CDK app puts it in a VPC whose way out is a proxy):
  // Node's fetch goes direct unless NODE_USE_ENV_PROXY=1, so every delivery failed to reach GitHub.
  it("fails closed on a proxy variable Node.js would not use: 500 naming the variable, never its value, nothing sent to GitHub", async () => {
    const { handler } = lambda();
    const sent = githubSpy();
    const res = await handler(delivery("pull_request", opened, SECRET), { ...env(), HTTPS_PROXY: "http://svc:pr0xy-pw@proxy.corp.example:3128" });
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: expect.stringMatching(/^not configured: HTTPS_PROXY is set, but requests to GitHub \(https:\/\/api\.github\.com\) would not use it/) });
    expect(sent).toEqual([]);
    expect(res.body + JSON.stringify(deadLetters())).not.toContain("pr0xy-pw");
  });

  it("fails closed when Secrets Manager cannot be reached", async () => {
    const closed = await startStub(() => ({ result: {} }));
    await closed.close();
    const restore = awsEnv(closed.url);
    try {
      const { handler, logs } = lambda();
      const sent = githubSpy();
      const res = await handler(delivery("pull_request", opened, SECRET), env({ DEAD_LETTER_QUEUE_URL: `${closed.url}/111111111111/q` }));
      expect(res.statusCode).toBe(500);
      expect(sent).toEqual([]);
      // The queue is unreachable too: logged, and still a 500.
      expect(logs()).toContainEqual(expect.objectContaining({ msg: "delivery failed and could not be recorded in the dead-letter queue", deadLetter: expect.objectContaining({ deliveryId: "a1b2c3d4-0000-11ef-8000-000000000001" }) }));
    } finally {
      restore();
    }
  });
});

describe("webhook secret rotation", () => {
  it("re-reads the secret after a mismatch at most once per 60 s, then accepts the new one", async () => {
    const { handler, clock, emf } = lambda();
    expect((await handler(delivery("issues", issue, SECRET), env())).statusCode).toBe(200);
    expect(reads()).toHaveLength(2);

    secrets[SECRET_ARN] = secretValue(SECRET_ARN, ROTATED);
    clock.t += SECRET_REREAD_MS - 1;
    // Too soon after the last read: refused without asking Secrets Manager.
    expect((await handler(delivery("issues", issue, ROTATED), env())).statusCode).toBe(400);
    expect(reads()).toHaveLength(2);

    clock.t += 1;
    expect((await handler(delivery("issues", issue, ROTATED), env())).statusCode).toBe(200);
    expect(reads()).toEqual(expect.arrayContaining([`GetSecretValue ${SECRET_ARN}`]));
    expect(reads()).toHaveLength(3);
    // The old secret no longer verifies, and a mismatch right after a read does not read again.
    expect((await handler(delivery("issues", issue, SECRET), env())).statusCode).toBe(400);
    expect(reads()).toHaveLength(3);
    expect(emf().map((l) => [l["Deliveries"], l["SignatureFailures"]])).toEqual([
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 1],
    ]);
    expect(deadLetters()).toEqual([]);
  });

  it("a secret that changed lets through only deliveries signed with the new one", async () => {
    const { handler, clock } = lambda();
    expect((await handler(delivery("issues", issue, SECRET), env())).statusCode).toBe(200);
    secrets[SECRET_ARN] = secretValue(SECRET_ARN, ROTATED);
    clock.t += SECRET_REREAD_MS;
    // The mismatch makes the handler read the secret again, which changed: the forged signature must still fail.
    expect((await handler(delivery("issues", issue, "not-the-secret"), env())).statusCode).toBe(400);
    expect(reads()).toHaveLength(3);
  });

  it("fails closed when the re-read fails: 500, nothing evaluated, dead-lettered", async () => {
    const { handler, clock } = lambda();
    expect((await handler(delivery("issues", issue, SECRET), env())).statusCode).toBe(200);
    const sent = githubSpy();
    secrets[SECRET_ARN] = { error: { code: "InternalServiceError", message: "stub outage", status: 400 } };
    clock.t += SECRET_REREAD_MS;
    const res = await handler(delivery("pull_request", opened, ROTATED), env());
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: "not configured: the webhook secret could not be read (see the function's log)" });
    expect(sent).toEqual([]);
    expect(deadLetters()).toEqual([expect.objectContaining({ event: "pull_request", action: "opened", error: expect.stringContaining("InternalServiceError") })]);
  });

  it("refuses a secret rotated to Probot's default", async () => {
    const { handler, clock } = lambda();
    expect((await handler(delivery("issues", issue, SECRET), env())).statusCode).toBe(200);
    secrets[SECRET_ARN] = secretValue(SECRET_ARN, "development");
    clock.t += SECRET_REREAD_MS;
    expect((await handler(delivery("issues", issue, "development"), env())).statusCode).toBe(500);
    expect(deadLetters()).toEqual([expect.objectContaining({ error: expect.stringContaining('Probot\'s default "development"') })]);
  });
});

describe("the dead-letter queue", () => {
  it("records a signed delivery whose handling failed, with its coordinates only", async () => {
    const { handler, emf } = lambda();
    const sent = githubSpy();
    const res = await handler(delivery("pull_request", "{not json", SECRET), env());
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: "webhook handling failed" });
    expect(sent).toEqual([]);
    expect(deadLetters()).toEqual([{ deliveryId: "a1b2c3d4-0000-11ef-8000-000000000001", event: "pull_request", action: null, installationId: null, repository: null, receivedAt: "2026-12-01T09:00:00.000Z", error: expect.stringMatching(/JSON/) }]);
    expect(emf()).toEqual([expect.objectContaining({ Deliveries: 1, GitHubRequests: 0 })]);
    expect(stub.requests.find((r) => r.service === "sqs")?.json["QueueUrl"]).toBe(queueUrl());
  });

  it("a webhook set to send application/x-www-form-urlencoded (payload=…) is a 415 as on the server: not a 500, nothing recorded or sent to GitHub", async () => {
    const { handler, logs } = lambda();
    const sent = githubSpy();
    // GitHub's form encoding: the JSON as the form parameter `payload`, signed as sent.
    const form = `payload=${encodeURIComponent(opened)}`;
    const formDelivery = delivery("pull_request", form, SECRET);
    const headers = { ...formDelivery.headers, "Content-Type": "application/x-www-form-urlencoded" };
    const res = await handler({ ...formDelivery, headers }, env());
    // Before: 500 {"error":"webhook handling failed"} and a dead letter "Unexpected token 'p'…", on every redelivery too.
    expect(res.statusCode).toBe(415);
    expect(JSON.parse(res.body)).toEqual({ error: 'Unsupported "Content-Type" header value "application/x-www-form-urlencoded". Must be "application/json"' });
    expect(logs()).toContainEqual(expect.objectContaining({ level: "error", msg: "refused webhook: not JSON", delivery: "a1b2c3d4-0000-11ef-8000-000000000001" }));
    // No content type at all is refused alike; a JSON one with parameters is not.
    const bare: Record<string, string | undefined> = { ...formDelivery.headers };
    delete bare["Content-Type"];
    expect((await handler({ ...formDelivery, headers: bare }, env())).statusCode).toBe(415);
    expect(sent).toEqual([]);
    expect(deadLetters()).toEqual([]);
    // The check stays where the signature check put it: a badly signed form is still a 400.
    expect((await handler({ ...delivery("pull_request", form, "wrong"), headers: { ...headers, "X-Hub-Signature-256": webhookSignature(form, "wrong") } }, env())).statusCode).toBe(400);
  });

  it("application/json with a charset parameter is JSON", async () => {
    const { handler } = lambda();
    const signed = delivery("issues", issue, SECRET);
    const res = await handler({ ...signed, headers: { ...signed.headers, "Content-Type": "application/json; charset=utf-8" } }, env());
    expect(res.statusCode).toBe(200);
  });

  it("a check run that could not be written makes the delivery a 500 (redeliver to fix it), counted in CheckRunWriteFailures", async () => {
    const { handler, emf } = lambda();
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD }));
    noConfig(scope);
    createRun(scope, rec, 1);
    createRun(scope, rec, 2);
    // The third write is refused on every attempt (422 is not retried by Octokit; the app tries 3 times).
    scope.post("/repos/Codertocat/Hello-World/check-runs").times(3).reply(422, { message: "Invalid request" });
    const res = await handler(delivery("pull_request", opened, SECRET), env());
    expect(res.statusCode).toBe(500);
    expect(emf()[0]).toEqual(expect.objectContaining({ Deliveries: 1, CheckRunWriteFailures: 1 }));
    expect(deadLetters()).toEqual([expect.objectContaining({ action: "opened", repository: "Codertocat/Hello-World", error: "1 check-run write(s) failed after their retries" })]);
  });

  it("a queue that refuses the record is logged, and the answer stays 500", async () => {
    const { handler, logs } = lambda();
    sqsReply = () => ({ error: { code: "AccessDenied", message: "not authorized to sqs:SendMessage" } });
    const res = await handler(delivery("pull_request", "{not json", SECRET), env());
    expect(res.statusCode).toBe(500);
    expect(logs()).toContainEqual(expect.objectContaining({ level: "error", msg: "delivery failed and could not be recorded in the dead-letter queue", err: expect.stringContaining("AccessDenied") }));
  });

  it("without DEAD_LETTER_QUEUE_URL the failure is logged as not recorded", async () => {
    const { handler, logs } = lambda();
    const res = await handler(delivery("pull_request", "{not json", SECRET), env({ DEAD_LETTER_QUEUE_URL: "" }));
    expect(res.statusCode).toBe(500);
    expect(logs()).toContainEqual(expect.objectContaining({ msg: "delivery failed and DEAD_LETTER_QUEUE_URL is not set: not recorded" }));
    expect(deadLetters()).toEqual([]);
  });
});
