/**
 * AWS Lambda entry point (API Gateway REST/HTTP API or a function URL) over the same app as the
 * server. Handler: `dist/github/lambda.handler`; the CDK app in deploy/ sets it up.
 *
 * - Secrets: with GITHUB_PRIVATE_KEY_SECRET_ARN / GITHUB_WEBHOOK_SECRET_ARN the private key and
 *   the webhook secret are read from Secrets Manager at cold start and kept for the container;
 *   otherwise PRIVATE_KEY(_PATH) / WEBHOOK_SECRET as for `npm start`. On a signature mismatch the
 *   webhook secret is read again (at most once per 60 s), so a rotation needs no cold start.
 * - The signature is checked before anything else and the delivery is handled before the
 *   response, so a failure is a 500 in GitHub's delivery log. A secret that cannot be read is a
 *   500 too, before anything is evaluated or sent to GitHub (fail closed).
 * - Every 500 is recorded in DEAD_LETTER_QUEUE_URL (SQS) as the delivery's id and coordinates,
 *   never its body, so an operator can redeliver it; see docs/operations.md.
 * - One set of CloudWatch Embedded Metric Format lines per delivery on stdout (src/github/metrics.ts).
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createProbot, ProbotOctokit, type Probot } from "probot";
import { createApp } from "./app.js";
import { emfLines, inDelivery, newDelivery, type DeliveryMetrics } from "./metrics.js";
import { checkEnvironment, readPrivateKey, webhookSecretProblem } from "./server.js";
import { signatureMatches } from "./webhook-signature.js";
import { errorMessage } from "../core/error-message.js";

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

/**
 * Probot's Octokit as the function uses it: a rate limit is an error, never a wait. Probot's
 * default waits for the limit to reset (up to an hour; a secondary limit's retry-after is often
 * 60 s) and tries again, which outlasts the function's timeout: Lambda kills the invocation with
 * no verdict written, no 500 and no dead letter, and the delivery is lost. As an error, the
 * evaluation fails closed with GitHub's reason, or its check-run writes fail, which is a 500
 * recorded for redelivery after the reset. (The server, which has no timeout, keeps Probot's wait.)
 */
const LambdaOctokit = ProbotOctokit.defaults((options: { throttle?: object }) => ({
  ...options,
  throttle: { ...options.throttle, onRateLimit: () => false, onSecondaryRateLimit: () => false },
}));

/** A rotated webhook secret is looked up again after a signature mismatch, at most this often. */
export const SECRET_REREAD_MS = 60_000;

/**
 * A delivery still being handled this long before the function's timeout is recorded in the
 * dead-letter queue then: Lambda ends a timed-out invocation without running any more of it.
 */
export const DEADLINE_MARGIN_MS = 3_000;

export interface HandlerOptions {
  /** Clock in milliseconds (tests move it past the re-read interval). */
  now?: () => number;
  /** Where the metric lines and the handler's own log lines go: stdout, one line each. */
  write?: (line: string) => void;
}

/** What the dead-letter queue holds per failed delivery (never the payload, never a secret). */
export interface DeadLetter {
  deliveryId: string;
  event: string;
  action: string | null;
  installationId: number | null;
  repository: string | null;
  receivedAt: string;
  error: string;
}

interface Runtime {
  probot: Probot;
  webhookSecret: string;
  /** When the webhook secret was last read from Secrets Manager. */
  secretReadAt: number;
}

/** A secret that could not be read; its message names the variable, never the value. */
class SecretError extends Error {
  override name = "SecretError";
}

/** An AWS SDK error as its code and message (the code says what to fix: AccessDenied, ResourceNotFound…). */
const describeAwsError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * The content type @octokit/webhooks' middleware, which the server runs, accepts: a GitHub App's
 * deliveries are JSON. A form-encoded one (`payload=…`, what a repository or organization webhook
 * set to application/x-www-form-urlencoded sends) carries no installation the app could act for.
 */
const JSON_CONTENT_TYPE = /^\s*application\/json\s*(?:;|$)/iu;

const reply = (statusCode: number, body: object): LambdaHttpResult => ({ statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** The delivery's coordinates from its body, as far as it has them (a body is not trusted to be JSON). */
function coordinates(body: string): Pick<DeadLetter, "action" | "installationId" | "repository"> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined; // not JSON: the record still names the delivery, which is what redelivery needs
  }
  const payload: { action?: unknown; installation?: { id?: unknown }; repository?: { full_name?: unknown } } = parsed && typeof parsed === "object" ? parsed : {};
  return {
    action: typeof payload.action === "string" ? payload.action : null,
    installationId: typeof payload.installation?.id === "number" ? payload.installation.id : null,
    repository: typeof payload.repository?.full_name === "string" ? payload.repository.full_name : null,
  };
}

/** The part of the Lambda runtime's context object (the handler's second argument) read here. */
export interface LambdaContext {
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

/**
 * A handler with its own per-container cache, configured by `env` (tests pass their own). This is
 * not what Lambda may call: the runtime passes its context object as the second argument, which
 * would be read as the environment (see `handler`).
 */
export function createHandler(options: HandlerOptions = {}): (event: LambdaHttpEvent, env?: NodeJS.ProcessEnv, context?: LambdaContext) => Promise<LambdaHttpResult> {
  const now = options.now ?? Date.now;
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const log = (level: "info" | "error", msg: string, fields: object = {}) => write(JSON.stringify({ level, time: now(), name: "agent-guardrail", msg, ...fields }));
  let ready: Promise<Runtime> | undefined;
  let secretsClient: SecretsManagerClient | undefined;
  let sqsClient: SQSClient | undefined;

  async function readSecret(arn: string, variable: string): Promise<string> {
    secretsClient ??= new SecretsManagerClient({});
    let value: string | undefined;
    try {
      value = (await secretsClient.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
    } catch (error) {
      throw new SecretError(`the secret named by ${variable} could not be read from Secrets Manager: ${describeAwsError(error)}`);
    }
    if (value === undefined || value.trim() === "") throw new SecretError(`the secret named by ${variable} has no SecretString`);
    return value;
  }

  async function setUp(env: NodeJS.ProcessEnv): Promise<Runtime> {
    const secretReadAt = now();
    const keyArn = env.GITHUB_PRIVATE_KEY_SECRET_ARN;
    const secretArn = env.GITHUB_WEBHOOK_SECRET_ARN;
    // The ARNs win over plain values (contract of deploy/): a stale PRIVATE_KEY never shadows the secret.
    const [privateKey, webhookSecret] = await Promise.all([
      keyArn ? readSecret(keyArn, "GITHUB_PRIVATE_KEY_SECRET_ARN") : Promise.resolve(env.PRIVATE_KEY),
      secretArn ? readSecret(secretArn, "GITHUB_WEBHOOK_SECRET_ARN") : Promise.resolve(env.WEBHOOK_SECRET),
    ]);
    const effective: NodeJS.ProcessEnv = { ...env, PRIVATE_KEY: privateKey, WEBHOOK_SECRET: webhookSecret };
    if (keyArn) delete effective.PRIVATE_KEY_PATH;
    const keyLabel = keyArn ? "the secret named by GITHUB_PRIVATE_KEY_SECRET_ARN" : undefined;
    const problems = checkEnvironment(effective, keyLabel);
    const key = readPrivateKey(effective, keyLabel);
    if (problems.length || !("key" in key)) throw new Error(problems.join("; "));
    const probot = createProbot({ env: { ...effective, LOG_FORMAT: env.LOG_FORMAT ?? "json", LOG_LEVEL: env.LOG_LEVEL ?? "info" }, overrides: { Octokit: LambdaOctokit, privateKey: key.key } });
    await probot.load(createApp({ appId: Number(env.APP_ID) }));
    return { probot, webhookSecret: webhookSecret ?? "", secretReadAt };
  }

  /** After a mismatch: the secret may have been rotated. Throws a SecretError when it cannot be read. */
  async function rereadWebhookSecret(runtime: Runtime, env: NodeJS.ProcessEnv): Promise<boolean> {
    const arn = env.GITHUB_WEBHOOK_SECRET_ARN;
    if (!arn || now() - runtime.secretReadAt < SECRET_REREAD_MS) return false;
    runtime.secretReadAt = now();
    const secret = await readSecret(arn, "GITHUB_WEBHOOK_SECRET_ARN");
    const problem = webhookSecretProblem(secret, "the secret named by GITHUB_WEBHOOK_SECRET_ARN");
    if (problem) throw new SecretError(problem);
    const changed = secret !== runtime.webhookSecret;
    runtime.webhookSecret = secret;
    if (changed) log("info", "webhook secret changed in Secrets Manager: using the new one");
    return changed;
  }

  /** Record a failed delivery for redelivery; a failure to record is logged, never thrown. */
  async function deadLetter(env: NodeJS.ProcessEnv, letter: DeadLetter): Promise<void> {
    const queue = env.DEAD_LETTER_QUEUE_URL;
    if (!queue) {
      log("error", "delivery failed and DEAD_LETTER_QUEUE_URL is not set: not recorded", { deadLetter: letter });
      return;
    }
    try {
      sqsClient ??= new SQSClient({});
      await sqsClient.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: JSON.stringify(letter) }));
    } catch (error) {
      log("error", "delivery failed and could not be recorded in the dead-letter queue", { deadLetter: letter, err: describeAwsError(error) });
    }
  }

  const emit = (delivery: DeliveryMetrics) => {
    for (const line of emfLines(delivery, now())) write(line);
  };

  return async function handler(event: LambdaHttpEvent, env: NodeJS.ProcessEnv = process.env, context?: LambdaContext): Promise<LambdaHttpResult> {
    const started = now();
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? ""]));
    const id = headers["x-github-delivery"];
    const name = headers["x-github-event"];
    const signature = headers["x-hub-signature-256"];
    if (!id || !name || !signature) {
      emit(newDelivery(id ?? "", name ?? "", false));
      return reply(400, { error: "missing x-github-delivery, x-github-event or x-hub-signature-256" });
    }
    const raw = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64") : Buffer.from(event.body ?? "", "utf8");
    const text = raw.toString("utf8");
    const letter = (error: string): DeadLetter => ({ deliveryId: id, event: name, ...coordinates(text), receivedAt: new Date(started).toISOString(), error });
    const failed = async (error: unknown, body: object): Promise<LambdaHttpResult> => {
      const message = errorMessage(error);
      log("error", "webhook handling failed", { delivery: id, event: name, err: message });
      await deadLetter(env, letter(message));
      return reply(500, body);
    };

    let runtime: Runtime;
    try {
      ready ??= setUp(env);
      runtime = await ready;
    } catch (error) {
      ready = undefined; // the next delivery tries again
      // The response names configuration problems but never Secrets Manager details (they are logged).
      return failed(error, { error: error instanceof SecretError ? "not configured: a secret could not be read (see the function's log)" : `not configured: ${errorMessage(error)}` });
    }

    if (!signatureMatches(runtime.webhookSecret, raw, signature)) {
      let rotated: boolean;
      try {
        rotated = await rereadWebhookSecret(runtime, env);
      } catch (error) {
        return failed(error, { error: "not configured: the webhook secret could not be read (see the function's log)" });
      }
      if (!rotated || !signatureMatches(runtime.webhookSecret, raw, signature)) {
        log("error", "rejected webhook: signature does not match", { delivery: id, event: name });
        emit(newDelivery(id, name, false));
        return reply(400, { error: "signature does not match the payload" });
      }
    }

    // A webhook set to another content type is refused as the server refuses it (415), not a 500
    // recorded for redelivery: every delivery of that webhook, redelivered too, would fail alike.
    const contentType = headers["content-type"] ?? "";
    if (!JSON_CONTENT_TYPE.test(contentType)) {
      const why = `Unsupported "Content-Type" header value ${JSON.stringify(contentType)}. Must be "application/json"`;
      log("error", "refused webhook: not JSON", { delivery: id, event: name, err: why });
      emit(newDelivery(id, name, true));
      return reply(415, { error: why });
    }

    const delivery = newDelivery(id, name, true);
    let error: unknown;
    // At its timeout Lambda stops the invocation: no 500, no dead letter, check runs left as they
    // were. A delivery still running shortly before is recorded while it can be; if it finishes
    // after all, a redelivery only evaluates the same pull request again.
    // NaN when the runtime had no deadline to give (a local emulator): no deadline then.
    const remaining = context?.getRemainingTimeInMillis?.();
    let atRisk = false;
    const deadline =
      remaining === undefined || !Number.isFinite(remaining)
        ? undefined
        : setTimeout(() => {
            atRisk = true;
            const message = `still running ${DEADLINE_MARGIN_MS / 1000} s before the function's timeout: it may be stopped before its check runs are written`;
            log("error", "webhook handling is about to time out", { delivery: id, event: name });
            void deadLetter(env, letter(message));
          }, Math.max(0, remaining - DEADLINE_MARGIN_MS));
    try {
      await inDelivery(delivery, () => runtime.probot.webhooks.receive({ id, name: name as never, payload: JSON.parse(text) as never }));
    } catch (e) {
      error = e;
    } finally {
      clearTimeout(deadline);
    }
    if (atRisk) log("info", "webhook handling finished after it was recorded as about to time out", { delivery: id, event: name, failed: error !== undefined });
    delivery.durationMs = now() - started;
    emit(delivery);
    // A check run that could not be written stays in progress: redelivering the event fixes it.
    if (error === undefined && delivery.checkRunWriteFailures > 0) error = new Error(`${delivery.checkRunWriteFailures} check-run write(s) failed after their retries`);
    if (error !== undefined) return failed(error, { error: "webhook handling failed" });
    return reply(200, { ok: true });
  };
}

const deployed = createHandler();

/**
 * What Lambda calls (`dist/github/lambda.handler`): the runtime calls `handler(event, context)`,
 * and the context (function name, request id, remaining time) is not the configuration: that is
 * the function's environment. At most two parameters: the Node.js 24 runtime refuses to run a
 * handler that declares a third (a callback).
 */
export const handler = (event: LambdaHttpEvent, context?: LambdaContext): Promise<LambdaHttpResult> => deployed(event, process.env, context);
