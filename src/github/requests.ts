/**
 * Request accounting (DESIGN.md "Frugal and visible"): every request an evaluation sends through
 * its Octokit is counted, with the rate limit GitHub reports back in the response headers.
 */
import type { GitHubApi } from "./checks/types.js";

export interface RequestLedger {
  /** Requests sent (successful or not). */
  requests: number;
  /** Rate limit left per resource ("core", "graphql", …) from the latest response that said. */
  remaining: Record<string, number>;
}

/** The part of an Octokit that request accounting hooks into. */
export interface HookedOctokit {
  request: (...args: never[]) => Promise<unknown>;
  graphql: (...args: never[]) => Promise<unknown>;
  hook: {
    after(name: "request", fn: (response: { headers: Record<string, unknown> }) => void): void;
    error(name: "request", fn: (error: unknown) => unknown): void;
  };
}

export interface RateLimitSample {
  resource: string;
  remaining: number;
  /** `x-ratelimit-limit`, when the response said. */
  limit?: number;
}

/** The rate limit a GitHub response reports in its headers (undefined when it reports none). */
export function rateLimitOf(headers: Record<string, unknown> | undefined): RateLimitSample | undefined {
  const remaining = Number(headers?.["x-ratelimit-remaining"] ?? Number.NaN);
  if (!Number.isFinite(remaining)) return undefined;
  const resource = typeof headers?.["x-ratelimit-resource"] === "string" ? (headers["x-ratelimit-resource"] as string) : "core";
  const limit = Number(headers?.["x-ratelimit-limit"] ?? Number.NaN);
  return { resource, remaining, ...(Number.isFinite(limit) && limit > 0 ? { limit } : {}) };
}

/** The headers of a response, or of the response an Octokit error carries. */
export const headersOf = (responseOrError: unknown): Record<string, unknown> | undefined => (responseOrError as { headers?: Record<string, unknown>; response?: { headers?: Record<string, unknown> } }).headers ?? (responseOrError as { response?: { headers?: Record<string, unknown> } }).response?.headers;

function record(ledger: RequestLedger, headers: Record<string, unknown> | undefined): void {
  const sample = rateLimitOf(headers);
  if (sample) ledger.remaining[sample.resource] = sample.remaining;
}

/**
 * Count the requests of one Octokit instance (Probot creates one per event; the CLI one per run).
 * Errors are counted and re-thrown unchanged: accounting never swallows a failure.
 */
export function countRequests(octokit: HookedOctokit): { api: GitHubApi; ledger: RequestLedger } {
  const ledger: RequestLedger = { requests: 0, remaining: {} };
  octokit.hook.after("request", (response) => {
    ledger.requests += 1;
    record(ledger, headersOf(response));
  });
  octokit.hook.error("request", (error) => {
    ledger.requests += 1;
    record(ledger, headersOf(error));
    throw error;
  });
  return { api: octokit as unknown as GitHubApi, ledger };
}

export function describeLedger(ledger: RequestLedger, extra = 0): string {
  const left = Object.entries(ledger.remaining)
    .map(([resource, n]) => `${resource} ${n}`)
    .join(", ");
  const total = ledger.requests + extra;
  return `GitHub API: ${total} request${total === 1 ? "" : "s"} for this evaluation${extra ? ` (${ledger.requests} to evaluate, ${extra} to publish the check runs)` : ""}; rate limit remaining: ${left || "not reported"}.`;
}
