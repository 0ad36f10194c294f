/**
 * End to end: the real server process (`node dist/github/server.js`, what `npm start` runs) on a
 * loopback port, with a loopback GitHub API stub (GHE_HOST) — a correctly signed webhook creates
 * a check run through the stub; a badly signed one is rejected without any API call.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { examplePayload, privateKey, pullData, webhookSignature } from "./helpers.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const serverJs = path.join(root, "dist/github/server.js");
const SECRET = "e2e-webhook-secret";

/**
 * The newest of tsc's inputs under dir: its `.ts` files only. The build writes data files into
 * src/policy/ (git-ignored, for the tests) after tsc has written dist/, so counting every file made
 * each run after a fresh `npm run build` (CI's included) compile all of src/ again here, about
 * half of this file's time, while other test files read dist/.
 */
function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(p));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Whether `built` exists and is no older than every `.ts` file under `sources`. */
function builtAfterSources(built: string, sources: string): boolean {
  return existsSync(built) && statSync(built).mtimeMs >= newestSourceMtime(sources);
}

/** `npm ci` builds dist (prepare); locally, rebuild when the sources are newer than the server. */
function ensureBuilt(): void {
  if (builtAfterSources(serverJs, path.join(root, "src"))) return;
  spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], { stdio: "ignore" });
  if (!existsSync(serverJs)) throw new Error("dist/github/server.js could not be built");
}

interface Recorded {
  method: string;
  url: string;
  body: string;
}

let stub: Server;
let stubPort: number;
const calls: Recorded[] = [];
/** How long the stub takes to answer the facts query (a slow GitHub). */
let graphqlDelayMs = 0;
/** Told when the stub receives a request (before it answers). */
let onCall: ((call: Recorded) => void) | undefined;

beforeAll(async () => {
  ensureBuilt();
  stub = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const call = { method: req.method ?? "", url: req.url ?? "", body };
      calls.push(call);
      onCall?.(call);
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-ratelimit-remaining": "4321", "x-ratelimit-resource": "core", ...headers }).end(JSON.stringify(value));
      if (req.method === "POST" && req.url === "/api/v3/app/installations/1/access_tokens") return json(201, { token: "ghs_e2e", expires_at: "2099-01-01T00:00:00Z", permissions: { checks: "write" } });
      if (req.method === "POST" && req.url === "/api/graphql") {
        const answer = () => json(200, { data: pullData({ number: 2, headSha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821" }) }, { "x-ratelimit-resource": "graphql" });
        return void (graphqlDelayMs ? setTimeout(answer, graphqlDelayMs) : answer());
      }
      if (req.method === "GET" && req.url?.startsWith("/api/v3/repos/Codertocat/Hello-World/contents/")) return json(404, { message: "Not Found" });
      if (req.method === "GET" && req.url?.startsWith("/api/v3/repos/Codertocat/Hello-World/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821/check-runs")) return json(200, { total_count: 0, check_runs: [] });
      if (req.method === "POST" && req.url === "/api/v3/repos/Codertocat/Hello-World/check-runs") return json(201, { id: 1, name: TWO_PERSON_CHECK });
      return json(404, { message: `stub: no route for ${req.method} ${req.url}` });
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  const address = stub.address();
  stubPort = typeof address === "object" && address ? address.port : 0;
}, 120_000);

const children: ChildProcessWithoutNullStreams[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await new Promise((resolve) => stub.close(resolve));
});

function startApp(env: Record<string, string>): { child: ChildProcessWithoutNullStreams; port: Promise<number>; stdout: () => string; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [serverJs], { env: { PATH: process.env.PATH ?? "", ...env }, cwd: root });
  children.push(child);
  let out = "";
  let err = "";
  const port = new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"port":(\d+)[^\n]*"msg":"agent-guardrail listening"/.exec(out);
      if (m?.[1]) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, port, stdout: () => out, stderr: () => err, exit };
}

describe("npm start (dist/github/server.js)", () => {
  it("is not rebuilt for the data files the build writes into src/ after compiling, only for a newer .ts file", () => {
    const tree = mkdtempSync(path.join(tmpdir(), "ag-e2e-built-"));
    const at = (file: string, seconds: number) => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, "");
      utimesSync(file, seconds, seconds);
    };
    try {
      at(path.join(tree, "src/github/server.ts"), 1_000);
      at(path.join(tree, "dist/github/server.js"), 2_000);
      // scripts/generate-build-data.js copies these beside the sources once tsc is done.
      at(path.join(tree, "src/policy/action-catalogue.json"), 3_000);
      expect(builtAfterSources(path.join(tree, "dist/github/server.js"), path.join(tree, "src"))).toBe(true);
      at(path.join(tree, "src/policy/load.ts"), 4_000);
      expect(builtAfterSources(path.join(tree, "dist/github/server.js"), path.join(tree, "src"))).toBe(false);
      expect(builtAfterSources(path.join(tree, "dist/github/missing.js"), path.join(tree, "src"))).toBe(false);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it("refuses to start without WEBHOOK_SECRET, with a clear message and a non-zero exit", async () => {
    const app = startApp({ APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: "0", HOST: "127.0.0.1" });
    app.port.catch(() => undefined);
    expect(await app.exit).toBe(1);
    expect(app.stderr()).toContain("WEBHOOK_SECRET is not set: refusing to start");
  });

  it("serves /health, checks a signed webhook through the API, rejects a badly signed one, counts both in /metrics, stops on SIGTERM", async () => {
    const app = startApp({
      APP_ID: "123",
      PRIVATE_KEY: privateKey(),
      WEBHOOK_SECRET: SECRET,
      PORT: "0",
      HOST: "127.0.0.1",
      GHE_HOST: `127.0.0.1:${stubPort}`,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "info",
      AGENT_GUARDRAIL_METRICS: "1",
    });
    const port = await app.port;
    const base = `http://127.0.0.1:${port}`;

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });

    const body = JSON.stringify(examplePayload("pull_request", "opened", 1));
    const post = (signature: string, id: string) =>
      fetch(`${base}/api/github/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": id, "x-hub-signature-256": signature },
        body,
      });

    const accepted = await post(webhookSignature(body, SECRET), "e2e-1");
    expect(accepted.status).toBe(200);
    const created = calls.filter((c) => c.url === "/api/v3/repos/Codertocat/Hello-World/check-runs");
    // Every registered check posts its run; only the two-person check applies to this PR.
    expect(created.map((c) => JSON.parse(c.body) as { name: string; head_sha: string; conclusion: string })).toEqual([
      expect.objectContaining({ name: TWO_PERSON_CHECK, head_sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", conclusion: "failure" }),
      expect.objectContaining({ name: "agent-guardrail / agent permissions", conclusion: "success" }),
      expect.objectContaining({ name: "agent-guardrail / adoption dashboards", conclusion: "success" }),
    ]);
    expect(calls.map((c) => `${c.method} ${c.url.split("?")[0]}`)).toEqual([
      "POST /api/v3/app/installations/1/access_tokens",
      "POST /api/graphql",
      "GET /api/v3/repos/Codertocat/Hello-World/contents/.github%2Fagent-guardrail.yml",
      "GET /api/v3/repos/Codertocat/Hello-World/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821/check-runs",
      "POST /api/v3/repos/Codertocat/Hello-World/check-runs",
      "POST /api/v3/repos/Codertocat/Hello-World/check-runs",
      "POST /api/v3/repos/Codertocat/Hello-World/check-runs",
    ]);

    const before = calls.length;
    const rejected = await post(webhookSignature(body, "not-the-secret"), "e2e-2");
    expect(rejected.status).toBeGreaterThanOrEqual(400);
    expect(rejected.status).toBeLessThan(500);
    expect(calls.length).toBe(before);

    // Bodies over GitHub's 25 MB limit: 413 before buffering or verifying them, no API call.
    const { request } = await import("node:http");
    const oversized = (chunked: boolean) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          { host: "127.0.0.1", port, path: "/api/github/webhooks", method: "POST", headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "e2e-big", "x-hub-signature-256": webhookSignature("{}", SECRET), ...(chunked ? {} : { "content-length": String(25 * 1024 * 1024 + 1) }) } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
            req.destroy();
          },
        );
        req.on("error", reject);
        if (!chunked) {
          // Declared too large: the headers alone, no body. The server must answer without waiting
          // for the body (else this never resolves). Writing body bytes here raced the server's
          // close and failed the test with EPIPE on a loaded machine.
          req.flushHeaders();
          return;
        }
        // Chunked: one byte over 25 MB streamed, with no end. Only a server that counts the body as
        // it arrives answers (else this never resolves). Nothing more is written after the limit:
        // bytes still in flight when the server gives up on a starved client raced its close (EPIPE).
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        const chunks = [...Array<Buffer>(25).fill(chunk), Buffer.from(" ")];
        const pump = () => {
          for (let next = chunks.shift(); next !== undefined; next = chunks.shift()) {
            if (!req.write(next)) return void req.once("drain", pump);
          }
        };
        pump();
      });
    const beforeBig = calls.length;
    expect(await oversized(false)).toBe(413);
    expect(await oversized(true)).toBe(413);
    expect(calls.length).toBe(beforeBig);

    // A sender that drops the connection mid-body: the request's error is caught and logged, nothing evaluated.
    const failed = new Promise<void>((resolve) => {
      const check = () => {
        if (!app.stdout().includes('"msg":"webhook handling failed"')) return;
        app.child.stdout.off("data", check);
        resolve();
      };
      app.child.stdout.on("data", check);
    });
    const { connect } = await import("node:net");
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(`POST /api/github/webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-GitHub-Event: pull_request\r\nX-GitHub-Delivery: e2e-cut\r\nX-Hub-Signature-256: ${webhookSignature(body, SECRET)}\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 100)}`, () => socket.destroy());
    });
    // The server may close its side first (the body never completes): that is the point, not an error here.
    socket.on("error", () => undefined);
    await failed;
    expect(calls.length).toBe(beforeBig);
    expect((await fetch(`${base}/health`)).status).toBe(200);

    // AGENT_GUARDRAIL_METRICS=1: the verified delivery and the refused one (the 413s and the cut one never reached verification).
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('agent_guardrail_webhook_deliveries_total{event="pull_request"} 1\n');
    expect(metrics).toContain("agent_guardrail_webhook_signature_failures_total 1\n");
    expect(metrics).toContain("agent_guardrail_github_requests_total 7\n");

    // JSON logs: every stdout line is a JSON object; the evaluation logs its request count
    // (installation token, facts query, base config, re-read of the runs, three check-run writes).
    const lines = app.stdout().trim().split("\n");
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.map((l) => JSON.parse(l) as { msg?: string; requests?: number }).find((l) => l.msg === "agent-guardrail evaluation")?.requests).toBe(7);

    app.child.kill("SIGTERM");
    expect(await app.exit).toBe(0);
  });

  it("SIGTERM while a delivery is evaluated and its sender has gone (GitHub drops the connection after 10 s): the check runs are written before the process exits", async () => {
    const app = startApp({ APP_ID: "123", PRIVATE_KEY: privateKey(), WEBHOOK_SECRET: SECRET, PORT: "0", HOST: "127.0.0.1", GHE_HOST: `127.0.0.1:${stubPort}`, GHE_PROTOCOL: "http", LOG_LEVEL: "info" });
    const port = await app.port;
    calls.length = 0;
    graphqlDelayMs = 1_500;
    const body = JSON.stringify(examplePayload("pull_request", "opened", 1));
    const { connect } = await import("node:net");
    // The moment GitHub is asked for the pull request, the evaluation is under way: the sender goes, the platform stops the container.
    const evaluating = new Promise<void>((resolve) => (onCall = (call) => call.url === "/api/graphql" && resolve()));
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(`POST /api/github/webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-GitHub-Event: pull_request\r\nX-GitHub-Delivery: e2e-sigterm\r\nX-Hub-Signature-256: ${webhookSignature(body, SECRET)}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
    socket.on("error", () => undefined);
    try {
      await evaluating;
      socket.destroy();
      app.child.kill("SIGTERM");
      expect(await app.exit).toBe(0);
    } finally {
      graphqlDelayMs = 0;
      onCall = undefined;
    }
    // Before: the process exited as soon as the connection was gone, with no check run written and nothing logged.
    expect(calls.filter((c) => c.method === "POST" && c.url === "/api/v3/repos/Codertocat/Hello-World/check-runs").map((c) => (JSON.parse(c.body) as { name: string }).name)).toEqual([
      TWO_PERSON_CHECK,
      "agent-guardrail / agent permissions",
      "agent-guardrail / adoption dashboards",
    ]);
    expect(app.stdout()).not.toContain("still being handled at shutdown");
  });
});
