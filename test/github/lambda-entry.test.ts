/**
 * The exported `handler`, called the way the Lambda runtime calls it: `handler(event, context)`
 * (aws/aws-lambda-nodejs-runtime-interface-client, Apache-2.0: src/Runtime/Runtime.ts @ 773f885
 * calls `this.handler(event, invokeContext.attachEnvironmentData(callbackContext), callback)`;
 * src/runtime/buffered-invoke-processor.ts @ 90b5b5b, the Node.js 24 runtime deploy/ uses, calls
 * `this.handler(event, context)`). The second argument is the invocation's context object, never
 * the function's environment: the configuration (APP_ID, the secrets' ARNs, the queue) is in
 * process.env. The event is a Lambda function URL request (payload format 2.0, the shape of
 * aws/aws-lambda-go events/testdata/lambda-urls-request.json, Apache-2.0) carrying a delivery
 * signed the way GitHub signs it.
 */
import { jest } from "@jest/globals";
import nock from "nock";
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { handler } from "../../src/github/lambda.js";
import { examplePayload, privateKey, webhookSignature } from "./helpers.js";
import { openedPullEvaluation, type CheckBody } from "./wire.js";

const SECRET = "secret-set-on-the-function";
const CONFIG = { APP_ID: "123", PRIVATE_KEY: privateKey(), WEBHOOK_SECRET: SECRET, LOG_LEVEL: "fatal" };

/** A function URL request as Lambda passes it: lower-case headers, a JSON body as text. */
function functionUrlEvent(name: string, body: string, signature: string) {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/",
    rawQueryString: "",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/5f2c4c0",
      "x-github-delivery": "0b9f3c9e-d3f1-11f0-8c0a-9a1c2b3d4e5f",
      "x-github-event": name,
      "x-github-hook-id": "512345678",
      "x-github-hook-installation-target-type": "integration",
      "x-hub-signature-256": signature,
      "x-forwarded-proto": "https",
      host: "abcdefghijklmnopqrstuvwxyz123456.lambda-url.us-east-1.on.aws",
    },
    requestContext: {
      accountId: "anonymous",
      apiId: "abcdefghijklmnopqrstuvwxyz123456",
      domainName: "abcdefghijklmnopqrstuvwxyz123456.lambda-url.us-east-1.on.aws",
      domainPrefix: "abcdefghijklmnopqrstuvwxyz123456",
      http: { method: "POST", path: "/", protocol: "HTTP/1.1", sourceIp: "140.82.115.1", userAgent: "GitHub-Hookshot/5f2c4c0" },
      requestId: "9f0d4b0e-3d1e-4a57-9b0b-7c6f1e2d3c4b",
      routeKey: "$default",
      stage: "$default",
      time: "07/Dec/2026:00:20:00 +0000",
      timeEpoch: 1796602800000,
    },
    body,
    isBase64Encoded: false,
  };
}

/** The context object the runtime builds (InvokeContext.attachEnvironmentData over the callback context). */
const context = () => ({
  callbackWaitsForEmptyEventLoop: true,
  succeed: () => undefined,
  fail: () => undefined,
  done: () => undefined,
  functionVersion: "$LATEST",
  functionName: "AgentGuardrailGitHubApp-Handler886CB40B-AbCdEfGhIjKl",
  memoryLimitInMB: "1024",
  logGroupName: "/aws/lambda/AgentGuardrailGitHubApp-Handler",
  logStreamName: "2026/12/07/[$LATEST]0123456789abcdef0123456789abcdef",
  clientContext: undefined,
  identity: undefined,
  invokedFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:AgentGuardrailGitHubApp-Handler886CB40B-AbCdEfGhIjKl",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
  getRemainingTimeInMillis: () => 59_000,
});

const saved = { ...process.env };
beforeAll(() => {
  nock.disableNetConnect();
  Object.assign(process.env, CONFIG);
  // A machine behind an egress proxy (its HTTPS_PROXY inherited here) would make the handler
  // refuse to start (checkEnvironment): this test is about the entry, on nock, not the network.
  for (const name of ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"]) delete process.env[name];
  // The handler's metric and log lines go to stdout; kept out of the test output.
  jest.spyOn(process.stdout, "write").mockImplementation(() => true);
});
afterAll(() => {
  nock.enableNetConnect();
  for (const key of Object.keys(CONFIG)) if (saved[key] === undefined) delete process.env[key];
  Object.assign(process.env, saved);
  jest.restoreAllMocks();
});
afterEach(() => nock.cleanAll());

describe("the exported Lambda handler, as the runtime calls it", () => {
  it("declares at most two parameters: the Node.js 24 runtime refuses a handler that takes a callback", () => {
    expect(handler.length).toBeLessThan(3);
  });

  it("reads its configuration from the environment, not from the context: a signed pull request is evaluated and its checks created", async () => {
    const body = JSON.stringify(examplePayload("pull_request", "opened", 1));
    const created: CheckBody[] = [];
    const api = openedPullEvaluation({ created });
    const res = await handler(functionUrlEvent("pull_request", body, webhookSignature(body, SECRET)), context());
    expect(JSON.parse(res.body)).toEqual({ ok: true });
    expect(res.statusCode).toBe(200);
    expect(api.isDone()).toBe(true);
    expect(created.map((c) => [c.name, c.conclusion])).toEqual([
      [TWO_PERSON_CHECK, "failure"],
      ["agent-guardrail / agent permissions", "success"],
      ["agent-guardrail / adoption dashboards", "success"],
    ]);
  });

  it("a delivery signed with another secret is still refused with 400 and no GitHub request", async () => {
    const body = JSON.stringify(examplePayload("pull_request", "opened", 1));
    const api = nock("https://api.github.com").post(/.*/).reply(500);
    const res = await handler(functionUrlEvent("pull_request", body, webhookSignature(body, "another-secret")), context());
    expect(res.statusCode).toBe(400);
    expect(api.isDone()).toBe(false);
  });
});
