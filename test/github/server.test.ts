/**
 * The server in-process (the spawned one is in server.e2e.test.ts): what it refuses to start
 * without, every problem named at once; /health and /healthz; a 404 for other paths; stop, also
 * with a delivery still being evaluated (GitHub through nock).
 */
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import { unusedProxy } from "../../src/github/proxy.js";
import { checkEnvironment, main, startServer, StartupError } from "../../src/github/server.js";
import { examplePayload, privateKey, pullData, RATE_HEADERS, webhookSignature } from "./helpers.js";
import { createRun, github, HEAD, noConfig } from "./wire.js";

const get = (port: number, path: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET", agent: false }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });

describe("checkEnvironment", () => {
  it("names every problem at once", () => {
    expect(checkEnvironment({})).toEqual([
      "WEBHOOK_SECRET is not set: refusing to start (webhooks could not be verified)",
      "APP_ID is not set to the GitHub App's numeric id",
      "PRIVATE_KEY or PRIVATE_KEY_PATH is not set",
    ]);
  });

  it("refuses Probot's default secret, a blank secret and a non-numeric APP_ID", () => {
    expect(checkEnvironment({ WEBHOOK_SECRET: "development", APP_ID: "1", PRIVATE_KEY: privateKey() })).toEqual(['WEBHOOK_SECRET is Probot\'s default "development": set the secret of your GitHub App']);
    expect(checkEnvironment({ WEBHOOK_SECRET: "  ", APP_ID: "1", PRIVATE_KEY_PATH: keyFile })).toEqual(["WEBHOOK_SECRET is not set: refusing to start (webhooks could not be verified)"]);
    expect(checkEnvironment({ WEBHOOK_SECRET: "s3cret", APP_ID: "my-app", PRIVATE_KEY: privateKey() })).toEqual(["APP_ID is not set to the GitHub App's numeric id"]);
    expect(checkEnvironment({ WEBHOOK_SECRET: "s3cret", APP_ID: "1", PRIVATE_KEY: privateKey() })).toEqual([]);
  });

  // The forms Probot documents for the key: the .pem's text, its newlines written as \n (one line
  // of an env file), the whole file in base64, or the file's path.
  const keyFile = path.join(mkdtempSync(path.join(tmpdir(), "ag-key-")), "app.private-key.pem");
  writeFileSync(keyFile, privateKey());
  it.each([
    ["the .pem text", () => ({ PRIVATE_KEY: privateKey() })],
    ["its newlines escaped", () => ({ PRIVATE_KEY: privateKey().replaceAll("\n", "\\n") })],
    ["its Windows line ends", () => ({ PRIVATE_KEY: privateKey().replaceAll("\n", "\r\n") })],
    ["base64 of the file", () => ({ PRIVATE_KEY: Buffer.from(privateKey()).toString("base64") })],
    ["a file", () => ({ PRIVATE_KEY_PATH: keyFile })],
  ])("accepts a private key given as %s", (_form, key) => {
    expect(checkEnvironment({ WEBHOOK_SECRET: "s3cret", APP_ID: "1", ...key() })).toEqual([]);
  });

  // A key that is not one started the server (Probot checks only for the PEM's BEGIN and END lines,
  // and takes no key at all when it cannot read one), and every delivery then failed to sign its
  // token: a healthy /health, no check run ever written. The shapes a first day gives (moneyman#29:
  // a docker --env-file keeps the quotes around a value), each refused at start, naming the variable.
  const body = () => privateKey().split("\n").slice(1, -2).join("\n");
  it.each([
    ["in the quotes a docker --env-file keeps", () => ({ PRIVATE_KEY: JSON.stringify(privateKey()) }), /^PRIVATE_KEY is not a private key \(.+\): it is in quotes, which docker --env-file keeps/],
    ["cut short", () => ({ PRIVATE_KEY: `-----BEGIN RSA PRIVATE KEY-----\n${body().slice(0, 200)}\n-----END RSA PRIVATE KEY-----\n` }), /^PRIVATE_KEY is not a private key \(.+\): give the whole \.pem file/],
    ["with its newlines removed", () => ({ PRIVATE_KEY: privateKey().replaceAll("\n", "") }), /^PRIVATE_KEY is not a private key \(.+\): give the whole \.pem file/],
    ["as a word", () => ({ PRIVATE_KEY: "k" }), /^PRIVATE_KEY is not a private key \(.+\): give the whole \.pem file/],
    ["as a file that does not exist", () => ({ PRIVATE_KEY_PATH: path.join(tmpdir(), "no-such-dir", "app.pem") }), /^PRIVATE_KEY_PATH cannot be read: ENOENT/],
    ["as the public key", () => ({ PRIVATE_KEY: createPublicKey(privateKey()).export({ type: "spki", format: "pem" }).toString() }), /^PRIVATE_KEY is not a private key \(.+\): give the whole \.pem file/],
    ["as an EC key", () => ({ PRIVATE_KEY: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString() }), /^PRIVATE_KEY is an ec key: a GitHub App's private key is RSA/],
  ])("refuses a private key %s, naming the variable", (_shape, key, problem) => {
    const problems = checkEnvironment({ WEBHOOK_SECRET: "s3cret", APP_ID: "1", ...key() });
    expect(problems).toEqual([expect.stringMatching(problem)]);
    // Never the key itself in the message.
    expect(problems.join("")).not.toContain(body().slice(0, 40));
  });
});

/**
 * A corporate egress proxy (HTTPS_PROXY): Probot 14's Octokit calls Node's fetch, which reads no
 * proxy variable unless NODE_USE_ENV_PROXY=1 on Node.js 22.21/24 or later. The server started,
 * answered /health, and every delivery failed to reach GitHub ("getaddrinfo ENOTFOUND
 * api.github.com", netbootxyz/webapp#66): refused at start instead, saying what to set.
 */
describe("checkEnvironment with an egress proxy", () => {
  const ok = () => ({ WEBHOOK_SECRET: "s3cret", APP_ID: "1", PRIVATE_KEY: privateKey() });

  it("refuses a proxy the requests to GitHub would not use, never quoting its URL (a password)", () => {
    const problems = checkEnvironment({ ...ok(), HTTPS_PROXY: "http://svc:pr0xy-pw@proxy.corp.example:3128", NO_PROXY: "localhost,169.254.169.254" });
    expect(problems).toEqual([expect.stringMatching(/^HTTPS_PROXY is set, but requests to GitHub \(https:\/\/api\.github\.com\) would not use it: .*NODE_USE_ENV_PROXY=1/)]);
    expect(problems.join("")).not.toContain("pr0xy-pw");
    // GitHub Enterprise Server over http: the proxy for http, lower case first.
    expect(checkEnvironment({ ...ok(), GHE_HOST: "ghe.corp.example", GHE_PROTOCOL: "http", http_proxy: "http://proxy:3128" })).toEqual([expect.stringMatching(/^http_proxy is set, but requests to GitHub \(http:\/\/ghe\.corp\.example\)/)]);
  });

  it("starts when NO_PROXY exempts the host, or no proxy is named for its scheme", () => {
    for (const noProxy of ["*", ".corp.example", "*.corp.example", "ghe.corp.example:443", "localhost, corp.example"]) {
      expect(checkEnvironment({ ...ok(), GHE_HOST: "ghe.corp.example", HTTPS_PROXY: "http://proxy:3128", NO_PROXY: noProxy })).toEqual([]);
    }
    expect(checkEnvironment({ ...ok(), GHE_HOST: "ghe.corp.example", HTTPS_PROXY: "http://proxy:3128", NO_PROXY: "ghe.corp.example:8443" })).toHaveLength(1);
    expect(checkEnvironment({ ...ok(), HTTPS_PROXY: "http://proxy:3128", NO_PROXY: "github.com.evil.example" })).toHaveLength(1);
    expect(checkEnvironment({ ...ok(), HTTP_PROXY: "http://proxy:3128", HTTPS_PROXY: " " })).toEqual([]);
  });

  it("NODE_USE_ENV_PROXY=1 (or --use-env-proxy) is enough on Node.js 22.21, 24 and later, not before", () => {
    const env = { HTTPS_PROXY: "http://proxy:3128", NODE_USE_ENV_PROXY: "1" };
    expect(unusedProxy(env, "https://api.github.com", { version: "24.11.1", execArgv: [] })).toBeUndefined();
    expect(unusedProxy(env, "https://api.github.com", { version: "22.21.0", execArgv: [] })).toBeUndefined();
    expect(unusedProxy({ HTTPS_PROXY: "http://proxy:3128" }, "https://api.github.com", { version: "24.11.1", execArgv: ["--use-env-proxy"] })).toBeUndefined();
    expect(unusedProxy({ HTTPS_PROXY: "http://proxy:3128", NODE_OPTIONS: "--use-env-proxy" }, "https://api.github.com", { version: "24.11.1", execArgv: [] })).toBeUndefined();
    expect(unusedProxy(env, "https://api.github.com", { version: "22.20.0", execArgv: [] })).toMatch(/Node\.js 22\.20\.0 ignores NODE_USE_ENV_PROXY: run on Node\.js 22\.21, 24 or later/);
    expect(unusedProxy({ HTTPS_PROXY: "http://proxy:3128" }, "https://api.github.com", { version: "20.20.2", execArgv: [] })).toMatch(/Node\.js 20\.20\.2 ignores NODE_USE_ENV_PROXY: run on Node\.js 22\.21, 24 or later with NODE_USE_ENV_PROXY=1/);
    expect(unusedProxy(env, "https://api.github.com", { version: "20.20.2", execArgv: [] })).toMatch(/ignores NODE_USE_ENV_PROXY/);
    expect(unusedProxy({ HTTPS_PROXY: "http://proxy:3128" }, "https://api.github.com", { version: "24.11.1", execArgv: [] })).toMatch(/set NODE_USE_ENV_PROXY=1/);
    // A GITHUB_API_URL that is no URL (no scheme) is not this check's to judge: its request fails and says so.
    expect(unusedProxy({ HTTPS_PROXY: "http://proxy:3128" }, "ghe.corp.example/api/v3", { version: "24.11.1", execArgv: [] })).toBeUndefined();
  });

  it("startServer refuses to listen with it", async () => {
    await expect(startServer({ ...ok(), HTTPS_PROXY: "http://proxy:3128", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "fatal" })).rejects.toThrow(/HTTPS_PROXY is set/);
  });
});

describe("startServer", () => {
  it("throws a StartupError instead of listening when misconfigured", async () => {
    await expect(startServer({ APP_ID: "1" })).rejects.toThrow(StartupError);
  });

  it("answers health probes, 404 elsewhere, and stops listening when stopped", async () => {
    const running = await startServer({ WEBHOOK_SECRET: "s3cret", APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "fatal" });
    try {
      expect(await get(running.port, "/health")).toEqual({ status: 200, body: '{"status":"ok"}' });
      expect((await get(running.port, "/healthz")).status).toBe(200);
      expect(await get(running.port, "/nope")).toEqual({ status: 404, body: '{"error":"not found"}' });
    } finally {
      await running.stop(1000);
    }
    await expect(get(running.port, "/health")).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe("stop", () => {
  it("resolves as soon as the server has closed, not at the end of the grace period", async () => {
    const running = await startServer({ WEBHOOK_SECRET: "s3cret", APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "fatal" });
    expect((await get(running.port, "/health")).status).toBe(200);
    let bound: NodeJS.Timeout | undefined;
    const late = new Promise<"grace period waited out">((resolve) => (bound = setTimeout(() => resolve("grace period waited out"), 5_000)));
    try {
      expect(await Promise.race([running.stop(60_000).then(() => "closed" as const), late])).toBe("closed");
    } finally {
      clearTimeout(bound);
    }
  });
});

describe("startServer when the port is taken", () => {
  it("rejects (npm start then exits 1) instead of running without listening", async () => {
    const first = await startServer({ WEBHOOK_SECRET: "s3cret", APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "fatal" });
    try {
      await expect(startServer({ WEBHOOK_SECRET: "s3cret", APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: String(first.port), HOST: "127.0.0.1", LOG_LEVEL: "fatal" })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.stop(1000);
    }
  });
});

describe("main (what `npm start` runs)", () => {
  it("a server that cannot start is one fatal JSON log line naming why, then exit 1", async () => {
    const first = await startServer({ WEBHOOK_SECRET: "s3cret", APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "fatal" });
    let stderr = "";
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
    const exited = new Error("exit");
    const codes: number[] = [];
    try {
      const exit = (code: number): never => {
        codes.push(code);
        throw exited;
      };
      await expect(main({ APP_ID: "123" }, exit)).rejects.toBe(exited);
      await expect(main({ WEBHOOK_SECRET: "s3cret", APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: String(first.port), HOST: "127.0.0.1", LOG_LEVEL: "fatal" }, exit)).rejects.toBe(exited);
    } finally {
      process.stderr.write = write;
      await first.stop(1000);
    }
    expect(codes).toEqual([1, 1]);
    const lines = stderr.trim().split("\n").map((l) => JSON.parse(l) as { level: string; name: string; msg: string });
    expect(lines).toEqual([
      { level: "fatal", time: expect.any(Number), name: "agent-guardrail", msg: expect.stringContaining("WEBHOOK_SECRET is not set: refusing to start") },
      { level: "fatal", time: expect.any(Number), name: "agent-guardrail", msg: expect.stringContaining("EADDRINUSE") },
    ]);
  });
});

describe("main on a signal", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("%s: one info log line saying so, then exit 0 once the server has stopped", async (signal) => {
    const before = { SIGTERM: process.listeners("SIGTERM"), SIGINT: process.listeners("SIGINT") };
    let stdout = "";
    const write = process.stdout.write.bind(process.stdout);
    const codes: number[] = [];
    let exited: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (exited = resolve));
    const exit = (code: number): never => {
      codes.push(code);
      exited();
      return undefined as never;
    };
    const env = { WEBHOOK_SECRET: "s3cret", APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "fatal" as const };
    try {
      await main(env, exit);
      process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
      process.emit(signal);
      await done;
    } finally {
      process.stdout.write = write;
      // The listeners main added for the other signal stay registered: remove them.
      for (const s of ["SIGTERM", "SIGINT"] as const) for (const l of process.listeners(s)) if (!before[s].includes(l)) process.removeListener(s, l);
    }
    expect(codes).toEqual([0]);
    expect(stdout.trim().split("\n").map((l) => JSON.parse(l) as unknown)).toEqual([{ level: "info", time: expect.any(Number), name: "agent-guardrail", msg: `${signal}: shutting down` }]);
  });
});

describe("stop with a delivery still being evaluated", () => {
  afterEach(() => nock.cleanAll());

  it("waits for the delivery, not only its connection, and names it when the grace period runs out first", async () => {
    const { scope, rec } = github();
    // GitHub answers the facts query slowly; the evaluation then writes its three runs.
    scope.post("/graphql").delay(1_500).reply(200, { data: pullData({ number: 2, headSha: HEAD }) }, RATE_HEADERS("graphql", 4990));
    noConfig(scope);
    for (const id of [1, 2, 3]) createRun(scope, rec, id);
    const running = await startServer({ WEBHOOK_SECRET: "s3cret", APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "fatal" });
    const body = JSON.stringify(examplePayload("pull_request", "opened", 1));
    const req = request({ host: "127.0.0.1", port: running.port, path: "/api/github/webhooks", method: "POST", agent: false, headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "d-stop", "x-hub-signature-256": webhookSignature(body, "s3cret") } });
    req.on("error", () => undefined);
    req.end(body);
    while (!rec.requests.some((r) => r.startsWith("POST /graphql"))) await new Promise((resolve) => setTimeout(resolve, 20));
    // The sender has gone (GitHub stops waiting after 10 s): no connection holds the server open.
    req.destroy();
    expect(await running.stop(300)).toEqual([{ id: "d-stop", name: "pull_request" }]);
    // Before: stop resolved as soon as the connection was gone, naming nothing. The evaluation goes on here (no process exit): let it end.
    while (rec.checkRuns.length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(scope.isDone()).toBe(true);
  });
});

describe("WEBHOOK_SECRET_PREVIOUS (rotating the webhook secret)", () => {
  afterEach(() => nock.cleanAll());
  const NEW = "secret-after-rotation";
  const OLD = "secret-before-rotation";
  const post = (port: number, name: string, body: string, secret: string) =>
    fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": name, "x-github-delivery": `d-${secret}`, "x-hub-signature-256": webhookSignature(body, secret) },
      body,
    }).then(async (res) => ({ status: res.status, text: await res.text() }));
  const serverEnv = (extra: Record<string, string> = {}) => ({ WEBHOOK_SECRET: NEW, APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "fatal" as const, ...extra });

  it("is optional, but never Probot's default", () => {
    expect(checkEnvironment({ WEBHOOK_SECRET: NEW, APP_ID: "1", PRIVATE_KEY: privateKey(), WEBHOOK_SECRET_PREVIOUS: " " })).toEqual([]);
    expect(checkEnvironment({ WEBHOOK_SECRET: NEW, APP_ID: "1", PRIVATE_KEY: privateKey(), WEBHOOK_SECRET_PREVIOUS: "development" })).toEqual(['WEBHOOK_SECRET_PREVIOUS is Probot\'s default "development": set the secret of your GitHub App']);
  });

  it("a delivery GitHub still signs with the previous secret is evaluated; one signed with neither is refused with nothing sent to GitHub", async () => {
    const { scope, rec } = github();
    scope.post("/graphql").reply(200, { data: pullData({ number: 2, headSha: HEAD }) }, RATE_HEADERS("graphql", 4990));
    noConfig(scope);
    for (const id of [1, 2, 3]) createRun(scope, rec, id);
    const running = await startServer(serverEnv({ WEBHOOK_SECRET_PREVIOUS: OLD, AGENT_GUARDRAIL_METRICS: "1" }));
    try {
      const body = JSON.stringify(examplePayload("pull_request", "opened", 1));
      // Before: 400 "signature does not match" until the server was restarted with the new value.
      expect((await post(running.port, "pull_request", body, OLD)).status).toBe(200);
      expect(rec.checkRuns.map((r) => r.body.name)).toHaveLength(3);
      expect(scope.isDone()).toBe(true);
      const requests = rec.requests.length;
      const issue = JSON.stringify(examplePayload("issues", "opened"));
      expect((await post(running.port, "issues", issue, NEW)).status).toBe(200);
      expect((await post(running.port, "issues", issue, "a-third-secret")).status).toBe(400);
      // Signed with the previous secret but no JSON: 400 as for the current one, not a 500.
      const broken = await post(running.port, "issues", "{not json", OLD);
      expect(broken.status).toBe(400);
      expect(broken.text).toContain("Invalid JSON");
      expect(rec.requests).toHaveLength(requests);
      // Counted as deliveries, not as refused signatures (the third secret's is).
      const metrics = await get(running.port, "/metrics");
      expect(metrics.body).toContain("agent_guardrail_webhook_signature_failures_total 1\n");
      expect(metrics.body).toContain('agent_guardrail_webhook_deliveries_total{event="pull_request"} 1\n');
    } finally {
      await running.stop(1000);
    }
  });

  it("without it, a delivery signed with an old secret is refused", async () => {
    const running = await startServer(serverEnv());
    try {
      expect((await post(running.port, "issues", JSON.stringify(examplePayload("issues", "opened")), OLD)).status).toBe(400);
    } finally {
      await running.stop(1000);
    }
  });
});

/**
 * The App's webhook URL and WEBHOOK_PATH disagreeing (a URL ending in `/`, as Probot 12's default
 * was: philip-gai/announcement-drafter#109, github-community-projects/safe-settings#743): every
 * delivery was a bare 404 while /health said ok, and nothing was logged. A delivery signed with the
 * webhook secret that comes to another path is now said to be one, in the answer GitHub's
 * delivery log shows and in the server's log; anything else stays a plain 404.
 */
describe("a delivery to a path other than WEBHOOK_PATH", () => {
  const SECRET = "s3cret";
  const serverEnv = (extra: Record<string, string> = {}) => ({ WEBHOOK_SECRET: SECRET, APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "fatal" as const, ...extra });
  const post = (port: number, path: string, body: string, secret: string) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": "d-path", "x-hub-signature-256": webhookSignature(body, secret) },
      body,
    }).then(async (res) => ({ status: res.status, text: await res.text() }));

  // The answer is what GitHub's delivery log shows (App settings → Advanced → Recent Deliveries);
  // the server logs the same as an error (pino writes to the descriptor, not read here).
  it("signed with the webhook secret: a 404 that says where the server receives them", async () => {
    const running = await startServer(serverEnv({ WEBHOOK_SECRET_PREVIOUS: "secret-before" }));
    try {
      const body = JSON.stringify(examplePayload("issues", "opened"));
      const answer = await post(running.port, "/?token=do-not-echo", body, SECRET);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.text)).toEqual({ error: "a GitHub webhook delivery to /, but this server receives them at /api/github/webhooks (WEBHOOK_PATH): set the App's webhook URL to end in /api/github/webhooks, or WEBHOOK_PATH to /" });
      expect((await post(running.port, "/github", body, "secret-before")).text).toContain("a GitHub webhook delivery to /github, but");
      // Not signed with a secret it holds (anyone can send the headers): a plain 404, nothing told.
      expect(await post(running.port, "/hooks", body, "not-the-secret")).toEqual({ status: 404, text: '{"error":"not found"}' });
    } finally {
      await running.stop(1000);
    }
  });

  // `PORT=${PORT}` in a compose file or a Helm value with the variable unset is PORT="": read as
  // Number("") = 0, the server listened on a random port, logged it and took nothing on 3000.
  it("PORT that is no port number (blank, a word, out of range) is refused at start", () => {
    const env = { WEBHOOK_SECRET: SECRET, APP_ID: "1", PRIVATE_KEY: privateKey() };
    for (const value of ["", " ", "http", "3000x", "65536", "-1"]) {
      expect(checkEnvironment({ ...env, PORT: value })).toEqual([`PORT is "${value}", not a port number (0 to 65535): set it, or leave it unset for 3000`]);
    }
    for (const value of ["0", "3000", "65535"]) expect(checkEnvironment({ ...env, PORT: value })).toEqual([]);
  });

  // Probot makes the API `${GHE_PROTOCOL || "https"}://${GHE_HOST}/api/v3`: a URL given as the host
  // (https://github.acme.example, as the App's settings page shows it) made https://https://…, and
  // every delivery failed to create its token while /health said ok. deploy/ refused these already.
  it("GHE_HOST that is no host name (a URL, a path, github.com) or a GHE_PROTOCOL other than http/https is refused at start", () => {
    const env = { WEBHOOK_SECRET: SECRET, APP_ID: "1", PRIVATE_KEY: privateKey() };
    for (const value of ["https://github.acme.example", "github.acme.example/api/v3", "github.com", "api.github.com"]) {
      expect(checkEnvironment({ ...env, GHE_HOST: value })).toEqual([expect.stringMatching(new RegExp(`^GHE_HOST is "${value.replace(/[.]/g, "\\.")}": `))]);
    }
    expect(checkEnvironment({ ...env, GHE_HOST: "github.acme.example", GHE_PROTOCOL: "https://" })).toEqual(['GHE_PROTOCOL is "https://": http or https']);
    for (const host of ["github.acme.example", "ghe.internal:8443", "GHE"]) expect(checkEnvironment({ ...env, GHE_HOST: host, GHE_PROTOCOL: "http" })).toEqual([]);
  });

  it("WEBHOOK_PATH that is not a path (no leading /, a URL) is refused at start: no delivery could reach it", () => {
    for (const value of ["api/github/webhooks", "https://guardrail.corp.example/api/github/webhooks"]) {
      expect(checkEnvironment({ WEBHOOK_SECRET: SECRET, APP_ID: "1", PRIVATE_KEY: privateKey(), WEBHOOK_PATH: value })).toEqual([`WEBHOOK_PATH is "${value}", not a path: set the path part of the App's webhook URL, starting with / (default /api/github/webhooks)`]);
    }
    expect(checkEnvironment({ WEBHOOK_SECRET: SECRET, APP_ID: "1", PRIVATE_KEY: privateKey(), WEBHOOK_PATH: "/" })).toEqual([]);
  });
});
