/**
 * AWS Lambda entry point (API Gateway REST/HTTP API or a function URL) over the same app as the
 * server: the body is verified against WEBHOOK_SECRET with `probot.webhooks.verifyAndReceive`
 * and handled before the response, so a failure is visible as a 500 in the delivery log.
 * Handler: `dist/github/lambda.handler`. Same environment variables as `npm start`.
 */
import { createProbot, type Probot } from "probot";
import { createApp } from "./app.js";
import { checkEnvironment } from "./server.js";

export interface LambdaHttpEvent {
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}
export interface LambdaHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

let ready: Promise<Probot> | undefined;

async function probotFor(env: NodeJS.ProcessEnv): Promise<Probot> {
  const problems = checkEnvironment(env);
  if (problems.length) throw new Error(problems.join("; "));
  const probot = createProbot({ env: { ...env, LOG_FORMAT: env.LOG_FORMAT ?? "json", LOG_LEVEL: env.LOG_LEVEL ?? "info" } });
  await probot.load(createApp({ appId: Number(env.APP_ID) }));
  return probot;
}

const reply = (statusCode: number, body: object): LambdaHttpResult => ({ statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

export async function handler(event: LambdaHttpEvent, env: NodeJS.ProcessEnv = process.env): Promise<LambdaHttpResult> {
  let probot: Probot;
  try {
    ready ??= probotFor(env);
    probot = await ready;
  } catch (error) {
    ready = undefined;
    return reply(500, { error: `not configured: ${error instanceof Error ? error.message : String(error)}` });
  }
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? ""]));
  const id = headers["x-github-delivery"];
  const name = headers["x-github-event"];
  const signature = headers["x-hub-signature-256"];
  if (!id || !name || !signature) return reply(400, { error: "missing x-github-delivery, x-github-event or x-hub-signature-256" });
  const payload = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : (event.body ?? "");
  try {
    await probot.webhooks.verifyAndReceive({ id, name: name as never, signature, payload });
    return reply(200, { ok: true });
  } catch (error) {
    const status = (error as { status?: number }).status;
    const bad = status === 400 || /signature does not match/.test(String((error as Error).message));
    probot.log.error({ err: error, delivery: id, event: name }, bad ? "rejected webhook" : "webhook handling failed");
    return bad ? reply(400, { error: "signature does not match the payload" }) : reply(500, { error: "webhook handling failed" });
  }
}
