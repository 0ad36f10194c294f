/**
 * `npm start`: the GitHub App's HTTP server. Configured by Probot's variables (APP_ID,
 * PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, WEBHOOK_PATH, PORT, HOST, LOG_LEVEL,
 * GHE_HOST/GHE_PROTOCOL), and WEBHOOK_SECRET_PREVIOUS while the webhook secret is rotated. Refuses to start without WEBHOOK_SECRET (Probot would silently accept
 * "development"), logs JSON, answers `GET /health`, and drains in-flight webhooks on SIGTERM.
 * With AGENT_GUARDRAIL_METRICS=1 it also serves Prometheus metrics on `GET /metrics` (off by
 * default: the endpoint is unauthenticated on the webhook port).
 */
import { createPrivateKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { types } from "node:util";
import { createNodeMiddleware, createProbot, type Probot } from "probot";
import { createApp } from "./app.js";
import { inDelivery, newDelivery, PrometheusRegistry } from "./metrics.js";
import { signatureMatches } from "./webhook-signature.js";
import { unusedProxy } from "./proxy.js";
import { gheHostProblem, probotApiUrl } from "./ghe-host.js";
import { errorMessage } from "../core/error-message.js";

/** GitHub caps webhook payloads at 25 MB; anything larger is refused before it is buffered. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/**
 * Read a request body, refusing it with 413 as soon as it is known to exceed `limit`: from the
 * Content-Length header before reading a byte, else from the bytes counted while streaming (a
 * chunked body). Resolves to the text, or undefined when it refused (the response is then sent).
 */
export function readBoundedBody(req: IncomingMessage, res: ServerResponse, limit = MAX_WEBHOOK_BYTES): Promise<string | undefined> {
  const body = JSON.stringify({ error: `payload larger than ${limit} bytes (GitHub's webhook limit)` });
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    // Known too large before a byte is read: answer, then close the connection (nothing is read).
    res.writeHead(413, { "content-type": "application/json", connection: "close" }).end(body, () => req.socket.end());
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let seen = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return; // discarded: the refused body is drained, never kept
      seen += chunk.length;
      if (seen <= limit) {
        chunks.push(chunk);
        return;
      }
      refused = true;
      chunks.length = 0;
      res.writeHead(413, { "content-type": "application/json" }).end(body);
      // The sender may still be writing: drain what it sends, but not for ever.
      const timer = setTimeout(() => req.socket.destroy(), 10_000);
      timer.unref();
      req.once("end", () => clearTimeout(timer));
      resolve(undefined);
    });
    req.on("end", () => {
      if (!refused) resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", (error) => {
      if (!refused) reject(error);
    });
  });
}

/** Probot's default route for deliveries. */
const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

/**
 * Why a POST that missed the webhook route is a delivery sent to the wrong path, or undefined. Said
 * only of one signed with a secret the server holds (anyone can send GitHub's headers, and the
 * route is then not theirs to learn): the App's webhook URL and WEBHOOK_PATH disagree, and every
 * delivery was a bare 404 while /health said ok (philip-gai/announcement-drafter#109).
 */
function misroutedDelivery(req: IncomingMessage, body: string, secrets: readonly string[], webhooksPath: string): { path: string; message: string } | undefined {
  const signature = req.headers["x-hub-signature-256"];
  if (typeof req.headers["x-github-event"] !== "string" || typeof signature !== "string" || !secrets.some((secret) => signatureMatches(secret, body, signature))) return undefined;
  // The path alone: a query string may hold what a log should not.
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  return { path, message: `a GitHub webhook delivery to ${path}, but this server receives them at ${webhooksPath} (WEBHOOK_PATH): set the App's webhook URL to end in ${webhooksPath}, or WEBHOOK_PATH to ${path}` };
}

export class StartupError extends Error {
  override name = "StartupError";
}

/** Why a webhook secret cannot be used (blank, or Probot's default), named after where it came from. */
export function webhookSecretProblem(secret: string | undefined, source: string): string | undefined {
  if ((secret ?? "").trim() === "") return `${source} is not set: refusing to start (webhooks could not be verified)`;
  if (secret === "development") return `${source} is Probot's default "development": set the secret of your GitHub App`;
  return undefined;
}

/** The previous webhook secret while one is rotated: optional, and a blank value is none. */
const previousWebhookSecret = (env: NodeJS.ProcessEnv): string | undefined => ((env.WEBHOOK_SECRET_PREVIOUS ?? "").trim() === "" ? undefined : env.WEBHOOK_SECRET_PREVIOUS);

/** What must be set before the app may listen; every problem is named at once. */
export function checkEnvironment(env: NodeJS.ProcessEnv, keyLabel?: string): string[] {
  const problems: string[] = [];
  const secret = webhookSecretProblem(env.WEBHOOK_SECRET, "WEBHOOK_SECRET");
  if (secret) problems.push(secret);
  // Optional, but never Probot's default, which anyone could sign with.
  const previousSecret = previousWebhookSecret(env);
  if (previousSecret !== undefined) {
    const previous = webhookSecretProblem(previousSecret, "WEBHOOK_SECRET_PREVIOUS");
    if (previous) problems.push(previous);
  }
  if (!env.APP_ID || !/^\d+$/.test(env.APP_ID)) problems.push("APP_ID is not set to the GitHub App's numeric id");
  // Probot makes the API https://<GHE_HOST>/api/v3: a URL there (https://https://…) or github.com's
  // own host started a server whose every delivery failed to create its token.
  if (env.GHE_HOST) {
    const problem = gheHostProblem(env.GHE_HOST);
    if (problem === "not a host name") problems.push(`GHE_HOST is "${env.GHE_HOST}": give your GitHub Enterprise Server's host name (github.acme.example, or host:port), without https:// or a path`);
    if (problem === "github.com") problems.push(`GHE_HOST is "${env.GHE_HOST}": it is for GitHub Enterprise Server; leave it unset for github.com`);
  }
  if (env.GHE_PROTOCOL && !/^https?$/i.test(env.GHE_PROTOCOL)) problems.push(`GHE_PROTOCOL is "${env.GHE_PROTOCOL}": http or https`);
  // Number("") is 0: a blank PORT (a compose file's `${PORT}` unset) listened on a random port.
  if (env.PORT !== undefined && !(/^\d{1,5}$/.test(env.PORT) && Number(env.PORT) <= 65535)) problems.push(`PORT is "${env.PORT}", not a port number (0 to 65535): set it, or leave it unset for 3000`);
  // Matched against each request's path as given: one without its leading / (or a whole URL) matches none.
  if (env.WEBHOOK_PATH !== undefined && !env.WEBHOOK_PATH.startsWith("/")) problems.push(`WEBHOOK_PATH is "${env.WEBHOOK_PATH}", not a path: set the path part of the App's webhook URL, starting with / (default ${DEFAULT_WEBHOOK_PATH})`);
  const key = readPrivateKey(env, keyLabel);
  if ("problem" in key) problems.push(key.problem);
  // Started anyway, the app answered /health and every delivery failed to reach GitHub.
  const proxy = unusedProxy(env, probotApiUrl(env));
  if (proxy) problems.push(proxy);
  return problems;
}

const PEM_BEGIN = "-----BEGIN";

/** An error's message; isNativeError: Node's fs and crypto errors may come from another realm (a test VM). */
const nativeMessage = (error: unknown): string => (types.isNativeError(error) ? error.message : errorMessage(error));

/**
 * The app's private key as Probot documents it (PRIVATE_KEY: the .pem's text, its newlines
 * written as `\n`, or the file in base64; else PRIVATE_KEY_PATH: the file), read and parsed here,
 * or why not. Probot itself checks only for the PEM's BEGIN and END lines, and starts with no key
 * at all when it cannot read one: a key in the quotes a docker --env-file keeps, one cut short, one
 * whose newlines a secret store removed, or a public key started the server (a healthy /health),
 * and every delivery then failed to sign its token, with no check run ever written. The key
 * given to Probot is this one (`overrides.privateKey`), so what was checked is what signs.
 */
export function readPrivateKey(env: NodeJS.ProcessEnv, label?: string): { key: string } | { problem: string } {
  let text: string;
  let variable: string;
  if (env.PRIVATE_KEY) {
    // The Lambda's key may come from Secrets Manager: the message names where it came from.
    variable = label ?? "PRIVATE_KEY";
    text = env.PRIVATE_KEY;
    // Base64 of the whole file (a one-line value): it has no PEM line of its own.
    if (!text.includes(PEM_BEGIN) && /^[A-Za-z0-9+/=\s]+$/.test(text)) {
      const decoded = Buffer.from(text, "base64").toString("utf8");
      if (decoded.includes(PEM_BEGIN)) text = decoded;
    }
    text = text.replaceAll("\\n", "\n");
  } else if (env.PRIVATE_KEY_PATH) {
    variable = "PRIVATE_KEY_PATH";
    try {
      text = readFileSync(env.PRIVATE_KEY_PATH, "utf8");
    } catch (error) {
      return { problem: `PRIVATE_KEY_PATH cannot be read: ${nativeMessage(error)}` };
    }
  } else {
    return { problem: "PRIVATE_KEY or PRIVATE_KEY_PATH is not set" };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch (error) {
    // Node's reason names no part of the key (never quote it: it is a secret).
    const quoted = /^\s*["']/.test(text) ? ": it is in quotes, which docker --env-file keeps (write the value without them)" : ": give the whole .pem file GitHub made for the App (as its text, with newlines as \\n on one line, or base64 of the file)";
    return { problem: `${variable} is not a private key (${nativeMessage(error)})${quoted}` };
  }
  if (key.asymmetricKeyType !== "rsa") return { problem: `${variable} is an ${key.asymmetricKeyType ?? "unknown"} key: a GitHub App's private key is RSA (App settings → Private keys)` };
  return { key: text };
}

type VerifyAndReceive = Probot["webhooks"]["verifyAndReceive"];

/**
 * During a rotation of the webhook secret: a delivery signed with the previous secret is received
 * too. A GitHub App has one secret, and the server reads its own once, at start: without this,
 * every delivery between the change on GitHub and the restart with the new value is refused (and
 * lost unless redelivered by hand). Anything signed with neither is refused by Probot's own check.
 */
function acceptPreviousSecret(probot: Probot, current: string, previous: string, log: Probot["log"]): void {
  const webhooks = probot.webhooks;
  const verifyAndReceive: VerifyAndReceive = webhooks.verifyAndReceive.bind(webhooks);
  webhooks.verifyAndReceive = async (event) => {
    if (signatureMatches(current, event.payload, event.signature) || !signatureMatches(previous, event.payload, event.signature)) return verifyAndReceive(event);
    log.info({ delivery: event.id, event: event.name }, "delivery signed with WEBHOOK_SECRET_PREVIOUS: GitHub still has the previous webhook secret");
    let payload: unknown;
    try {
      payload = JSON.parse(event.payload);
    } catch (error) {
      // As @octokit/webhooks' verifyAndReceive answers it: a 400, in the shape its middleware reads.
      throw Object.assign(new AggregateError([Object.assign(new Error(`Invalid JSON: ${errorMessage(error)}`), { status: 400 })], "Invalid JSON"), { status: 400 });
    }
    await webhooks.receive({ id: event.id, name: event.name as never, payload: payload as never });
  };
}

/**
 * Count every delivery Probot's middleware verifies: wraps `verifyAndReceive`, so a delivery is
 * recorded when its handling is done — also when the middleware answered 202 after its 9 s
 * timeout and the evaluation went on. The signature is checked here too (an HMAC, microseconds)
 * to tell refused deliveries from failed ones.
 */
function countDeliveries(probot: Probot, secrets: string[], metrics: PrometheusRegistry): void {
  const webhooks = probot.webhooks;
  const verifyAndReceive: VerifyAndReceive = webhooks.verifyAndReceive.bind(webhooks);
  webhooks.verifyAndReceive = async (event) => {
    const verified = secrets.some((secret) => signatureMatches(secret, event.payload, event.signature));
    const delivery = newDelivery(event.id, event.name, verified);
    const started = performance.now();
    try {
      await (verified ? inDelivery(delivery, () => verifyAndReceive(event)) : verifyAndReceive(event));
    } finally {
      if (verified) delivery.durationMs = performance.now() - started;
      metrics.observe(delivery);
    }
  };
}

/** A delivery whose handling has started and not ended (what SIGTERM must wait for). */
interface InFlight {
  id: string;
  name: string;
  done: Promise<void>;
}

/**
 * Track every delivery handed to `verifyAndReceive` until its handling ends. The HTTP connection
 * is not the delivery: Probot's middleware answers 202 after 9 s and goes on evaluating, and GitHub
 * drops the connection after 10 s, so a server that waits only for its connections exits in the
 * middle of an evaluation, its check runs unwritten and GitHub's log showing the delivery as
 * answered (nothing tells anyone to redeliver it).
 */
function trackDeliveries(probot: Probot): Set<InFlight> {
  const inFlight = new Set<InFlight>();
  const webhooks = probot.webhooks;
  const verifyAndReceive: VerifyAndReceive = webhooks.verifyAndReceive.bind(webhooks);
  webhooks.verifyAndReceive = async (event) => {
    const handling = verifyAndReceive(event);
    const entry: InFlight = { id: event.id, name: event.name, done: handling.then(() => undefined, () => undefined) };
    inFlight.add(entry);
    try {
      await handling;
    } finally {
      inFlight.delete(entry);
    }
  };
  return inFlight;
}

export interface RunningServer {
  server: Server;
  port: number;
  /**
   * Stop accepting, let in-flight requests and the deliveries they started finish (at most
   * graceMs), close. Resolves to the deliveries still being handled when the grace ran out (each
   * also logged as an error), none when everything finished.
   */
  stop(graceMs?: number): Promise<{ id: string; name: string }[]>;
}

export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const problems = checkEnvironment(env);
  const key = readPrivateKey(env);
  if (problems.length || !("key" in key)) throw new StartupError(problems.join("; "));
  const probot = createProbot({ env: { ...env, LOG_FORMAT: env.LOG_FORMAT ?? "json", LOG_LEVEL: env.LOG_LEVEL ?? "info" }, overrides: { privateKey: key.key } });
  await probot.ready();
  const log = probot.log.child({ component: "agent-guardrail" });
  const webhooksPath = env.WEBHOOK_PATH ?? DEFAULT_WEBHOOK_PATH;
  const webhooks = await createNodeMiddleware(createApp({ appId: Number(env.APP_ID) }), { probot, webhooksPath });
  const metrics = env.AGENT_GUARDRAIL_METRICS === "1" ? new PrometheusRegistry() : undefined;
  let stopping = false;

  const previous = previousWebhookSecret(env);
  const secrets = [env.WEBHOOK_SECRET ?? "", ...(previous !== undefined ? [previous] : [])];
  if (previous !== undefined) acceptPreviousSecret(probot, env.WEBHOOK_SECRET ?? "", previous, log);
  if (metrics) countDeliveries(probot, secrets, metrics);
  const inFlight = trackDeliveries(probot);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "GET" && (req.url === "/health" || req.url === "/healthz")) {
      res.writeHead(stopping ? 503 : 200, { "content-type": "application/json" }).end(JSON.stringify({ status: stopping ? "stopping" : "ok" }));
      return;
    }
    if (metrics && req.method === "GET" && req.url === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }).end(metrics.render());
      return;
    }
    let body: string | undefined;
    const notFound = () => {
      if (res.headersSent) return;
      const misrouted = body !== undefined ? misroutedDelivery(req, body, secrets, webhooksPath) : undefined;
      if (misrouted) log.error({ delivery: req.headers["x-github-delivery"], event: req.headers["x-github-event"], path: misrouted.path }, misrouted.message);
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: misrouted?.message ?? "not found" }));
    };
    void (async () => {
      // Webhook bodies are bounded before Probot buffers them or verifies their signature.
      if (req.method === "POST") {
        body = await readBoundedBody(req, res);
        if (body === undefined) return;
        // @octokit/webhooks reads a string `body` instead of the (already consumed) stream.
        (req as IncomingMessage & { body?: string }).body = body;
      }
      await webhooks(req, res, notFound);
    })().catch((error: unknown) => {
      log.error({ err: error }, "webhook handling failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const port = Number(env.PORT ?? 3000);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, ...(env.HOST ? { host: env.HOST } : {}) }, () => resolve());
  });
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  log.info({ port: actual, host: env.HOST ?? "all interfaces" }, "agent-guardrail listening");

  return {
    server,
    port: actual,
    stop: (graceMs = 10_000) =>
      new Promise<{ id: string; name: string }[]>((resolve) => {
        stopping = true;
        const closed = new Promise<void>((done) => server.close(() => done()));
        server.closeIdleConnections();
        // Deliveries started before the close, also those whose connection is gone (answered 202, or
        // dropped by GitHub at 10 s): their evaluation is what writes the check runs.
        const drained = closed.then(() => Promise.all([...inFlight].map((d) => d.done)));
        const timer = setTimeout(() => {
          server.closeAllConnections();
          // Named so the operator can redeliver them (App settings → Advanced → Recent Deliveries).
          const abandoned = [...inFlight].map(({ id, name }) => ({ id, name }));
          for (const d of abandoned) log.error({ delivery: d.id, event: d.name }, "delivery still being handled at shutdown: its check runs may not be written; redeliver it");
          resolve(abandoned);
        }, graceMs);
        timer.unref();
        void drained.then(() => {
          clearTimeout(timer);
          resolve([]);
        });
      }),
  };
}

/** `node dist/github/server.js`: start, or say why not in one fatal log line and exit 1; on SIGTERM/SIGINT drain, then exit 0. */
export async function main(env: NodeJS.ProcessEnv = process.env, exit: (code: number) => never = (code) => process.exit(code)): Promise<void> {
  let running: RunningServer;
  try {
    running = await startServer(env);
  } catch (error) {
    const msg = errorMessage(error);
    process.stderr.write(`${JSON.stringify({ level: "fatal", time: Date.now(), name: "agent-guardrail", msg })}\n`);
    exit(1);
  }
  const shutdown = (signal: string) => {
    process.stdout.write(`${JSON.stringify({ level: "info", time: Date.now(), name: "agent-guardrail", msg: `${signal}: shutting down` })}\n`);
    void running.stop().then(() => exit(0));
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
