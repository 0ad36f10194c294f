/**
 * Operational metrics of the GitHub App (issue 19; names in docs/github-app.md#metrics). One
 * record per webhook delivery, fed while the delivery is handled — the Octokit hooks count the
 * requests and read the rate limit from each response, the app adds each evaluation's conclusions
 * and failed check-run writes — then written out by the entry point: CloudWatch Embedded Metric
 * Format lines on Lambda, a Prometheus registry on the server.
 *
 * The record travels with the delivery's async context (AsyncLocalStorage), so concurrent
 * deliveries on the server never count into each other and the app needs no extra parameter.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { memoFootprints } from "../core/bounded-memo.js";
import type { EvaluationResult } from "./evaluate.js";
import { headersOf, rateLimitOf, type HookedOctokit, type RateLimitSample } from "./requests.js";

export const NAMESPACE = "AgentGuardrail";

export interface DeliveryMetrics {
  id: string;
  event: string;
  /** The signature was checked and matched; false: the delivery was refused. */
  verified: boolean;
  conclusions: { check: string; conclusion: string }[];
  requests: number;
  /** The latest rate limit GitHub reported per resource (core, graphql, …). */
  rateLimits: Map<string, RateLimitSample>;
  checkRunWriteFailures: number;
  /** Wall time of handling the delivery, set by the entry point when it is done. */
  durationMs?: number;
}

export function newDelivery(id: string, event: string, verified: boolean): DeliveryMetrics {
  return { id, event, verified, conclusions: [], requests: 0, rateLimits: new Map(), checkRunWriteFailures: 0 };
}

const current = new AsyncLocalStorage<DeliveryMetrics>();

/** Run the handling of one delivery with its record as the current one. */
export const inDelivery = <T>(delivery: DeliveryMetrics, work: () => Promise<T>): Promise<T> => current.run(delivery, work);

const observed = new WeakSet<object>();

/**
 * Count every request of a delivery's Octokit into the delivery being handled when it answers
 * (once per Octokit, however often the app asks). Errors are counted and re-thrown unchanged.
 */
export function observeRequests(octokit: HookedOctokit): void {
  if (observed.has(octokit)) return;
  observed.add(octokit);
  const seen = (responseOrError: unknown): void => {
    const delivery = current.getStore();
    if (!delivery) return;
    delivery.requests += 1;
    const sample = rateLimitOf(headersOf(responseOrError));
    if (sample) delivery.rateLimits.set(sample.resource, sample);
  };
  octokit.hook.after("request", (response) => seen(response));
  octokit.hook.error("request", (error) => {
    seen(error);
    throw error;
  });
}

/** The app reports each evaluation's verdicts and failed writes here. */
export function recordEvaluation(result: EvaluationResult): void {
  const delivery = current.getStore();
  if (!delivery) return;
  for (const [check, conclusion] of Object.entries(result.conclusions)) delivery.conclusions.push({ check, conclusion });
  delivery.checkRunWriteFailures += result.writeFailures;
}

/**
 * The resource closest to its limit in this delivery (lowest remaining share): the one an alarm
 * must see. The app spends GraphQL first and REST last, so "the last response" would hide an
 * exhausted GraphQL budget behind a healthy REST one.
 */
export function tightestRateLimit(delivery: DeliveryMetrics): (RateLimitSample & { limit: number; percent: number }) | undefined {
  let tightest: (RateLimitSample & { limit: number; percent: number }) | undefined;
  for (const sample of delivery.rateLimits.values()) {
    if (sample.limit === undefined) continue;
    const percent = (100 * sample.remaining) / sample.limit;
    if (!tightest || percent < tightest.percent) tightest = { ...sample, limit: sample.limit, percent };
  }
  return tightest;
}

const countBy = <T>(items: T[], key: (item: T) => string): Map<string, { item: T; n: number }> => {
  const out = new Map<string, { item: T; n: number }>();
  for (const item of items) {
    const k = key(item);
    const seen = out.get(k);
    if (seen) seen.n += 1;
    else out.set(k, { item, n: 1 });
  }
  return out;
};

/**
 * CloudWatch Embedded Metric Format: one JSON object per line, the first with the dimensionless
 * metrics, then one per (check, conclusion). A metric nothing observed is left out, except the
 * failure counts, which are 0 rather than absent so their alarms always have data.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export function emfLines(delivery: DeliveryMetrics, timestamp: number): string[] {
  const metrics: { Name: string; Unit: string }[] = [];
  const values: Record<string, number> = {};
  const put = (name: string, unit: string, value: number) => {
    metrics.push({ Name: name, Unit: unit });
    values[name] = value;
  };
  put("Deliveries", "Count", delivery.verified ? 1 : 0);
  put("SignatureFailures", "Count", delivery.verified ? 0 : 1);
  put("CheckRunWriteFailures", "Count", delivery.checkRunWriteFailures);
  if (delivery.verified) {
    put("GitHubRequests", "Count", delivery.requests);
    if (delivery.durationMs !== undefined) put("EvaluationTime", "Milliseconds", delivery.durationMs);
  }
  const rate = tightestRateLimit(delivery);
  if (rate) {
    put("RateLimitRemaining", "Count", rate.remaining);
    put("RateLimitRemainingPercent", "Percent", rate.percent);
  }
  const aws = (dimensions: string[][], list: { Name: string; Unit: string }[]) => ({ Timestamp: timestamp, CloudWatchMetrics: [{ Namespace: NAMESPACE, Dimensions: dimensions, Metrics: list }] });
  // DeliveryId and Event are properties (searchable in Logs Insights), not dimensions.
  const lines = [JSON.stringify({ _aws: aws([[]], metrics), DeliveryId: delivery.id, Event: delivery.event, ...values })];
  for (const { item, n } of countBy(delivery.conclusions, (c) => JSON.stringify([c.check, c.conclusion])).values()) {
    lines.push(JSON.stringify({ _aws: aws([["Check", "Conclusion"]], [{ Name: "CheckConclusions", Unit: "Count" }]), DeliveryId: delivery.id, Check: item.check, Conclusion: item.conclusion, CheckConclusions: n }));
  }
  return lines;
}

/** Upper bounds (seconds) of the evaluation-time histogram: a delivery takes 0.2–5 s normally. */
export const DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const escapeLabel = (value: string): string => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
/** `{k="v",...}` for a sample with labels (a sample without any is written without braces). */
const labels = (pairs: Record<string, string>): string =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(",")}}`;

/**
 * Process-wide totals in Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/), for `GET /metrics`.
 */
export class PrometheusRegistry {
  private readonly deliveries = new Map<string, number>();
  private readonly conclusions = new Map<string, { check: string; conclusion: string; n: number }>();
  private readonly buckets = DURATION_BUCKETS.map(() => 0);
  private durationSum = 0;
  private durationCount = 0;
  private requests = 0;
  private readonly rateLimits = new Map<string, RateLimitSample>();
  private writeFailures = 0;
  private signatureFailures = 0;

  observe(delivery: DeliveryMetrics): void {
    if (!delivery.verified) {
      this.signatureFailures += 1;
      return;
    }
    this.deliveries.set(delivery.event, (this.deliveries.get(delivery.event) ?? 0) + 1);
    for (const { check, conclusion } of delivery.conclusions) {
      const key = JSON.stringify([check, conclusion]);
      const seen = this.conclusions.get(key);
      if (seen) seen.n += 1;
      else this.conclusions.set(key, { check, conclusion, n: 1 });
    }
    if (delivery.durationMs !== undefined) {
      const seconds = delivery.durationMs / 1000;
      DURATION_BUCKETS.forEach((le, i) => {
        if (seconds <= le) this.buckets[i] = (this.buckets[i] ?? 0) + 1;
      });
      this.durationSum += seconds;
      this.durationCount += 1;
    }
    this.requests += delivery.requests;
    for (const [resource, sample] of delivery.rateLimits) this.rateLimits.set(resource, sample);
    this.writeFailures += delivery.checkRunWriteFailures;
  }

  render(): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string, samples: [string, number][]) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map(([suffix, value]) => `${name}${suffix} ${value}`));
    };
    family("agent_guardrail_webhook_deliveries_total", "counter", "Webhook deliveries received with a valid signature.", [...this.deliveries].map(([event, n]) => [labels({ event }), n]));
    family("agent_guardrail_check_conclusions_total", "counter", "Check runs concluded, by check and conclusion.", [...this.conclusions.values()].map((c) => [labels({ check: c.check, conclusion: c.conclusion }), c.n]));
    const histogram = "agent_guardrail_evaluation_duration_seconds";
    out.push(`# HELP ${histogram} Wall time of handling one webhook delivery.`, `# TYPE ${histogram} histogram`);
    DURATION_BUCKETS.forEach((le, i) => out.push(`${histogram}_bucket${labels({ le: String(le) })} ${this.buckets[i] ?? 0}`));
    out.push(`${histogram}_bucket${labels({ le: "+Inf" })} ${this.durationCount}`, `${histogram}_sum ${this.durationSum}`, `${histogram}_count ${this.durationCount}`);
    family("agent_guardrail_github_requests_total", "counter", "GitHub API requests spent on webhook deliveries.", [["", this.requests]]);
    family("agent_guardrail_github_rate_limit_remaining", "gauge", "Rate limit left, as GitHub last reported it per resource.", [...this.rateLimits.values()].map((s) => [labels({ resource: s.resource }), s.remaining]));
    const limits = [...this.rateLimits.values()].filter((s): s is RateLimitSample & { limit: number } => s.limit !== undefined);
    family("agent_guardrail_github_rate_limit_limit", "gauge", "Rate limit per hour, as GitHub last reported it per resource.", limits.map((s) => [labels({ resource: s.resource }), s.limit]));
    family("agent_guardrail_check_run_write_failures_total", "counter", "Check-run writes that failed after their retries.", [["", this.writeFailures]]);
    family("agent_guardrail_webhook_signature_failures_total", "counter", "Webhook deliveries refused for a bad or missing signature.", [["", this.signatureFailures]]);
    const memos = memoFootprints();
    family("agent_guardrail_engine_memo_units", "gauge", "What the rule engine's memos hold (units of about 2.3 bytes of heap).", [["", memos.spent]]);
    family("agent_guardrail_engine_memo_budget_units", "gauge", "The memos' budget: reaching it, they forget everything and start again.", [["", memos.budget]]);
    return `${out.join("\n")}\n`;
  }
}
