import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);

// src/github/requests.ts
function rateLimitOf(headers) {
  const remaining = Number(headers?.["x-ratelimit-remaining"] ?? Number.NaN);
  if (!Number.isFinite(remaining)) return void 0;
  const resource = typeof headers?.["x-ratelimit-resource"] === "string" ? headers["x-ratelimit-resource"] : "core";
  const limit = Number(headers?.["x-ratelimit-limit"] ?? Number.NaN);
  return { resource, remaining, ...Number.isFinite(limit) && limit > 0 ? { limit } : {} };
}
var headersOf = (responseOrError) => responseOrError.headers ?? responseOrError.response?.headers;
function record(ledger, headers) {
  const sample = rateLimitOf(headers);
  if (sample) ledger.remaining[sample.resource] = sample.remaining;
}
function countRequests(octokit) {
  const ledger = { requests: 0, remaining: {} };
  octokit.hook.after("request", (response) => {
    ledger.requests += 1;
    record(ledger, headersOf(response));
  });
  octokit.hook.error("request", (error) => {
    ledger.requests += 1;
    record(ledger, headersOf(error));
    throw error;
  });
  return { api: octokit, ledger };
}
function describeLedger(ledger, extra = 0) {
  const left = Object.entries(ledger.remaining).map(([resource, n]) => `${resource} ${n}`).join(", ");
  const total = ledger.requests + extra;
  return `GitHub API: ${total} request${total === 1 ? "" : "s"} for this evaluation${extra ? ` (${ledger.requests} to evaluate, ${extra} to publish the check runs)` : ""}; rate limit remaining: ${left || "not reported"}.`;
}

export {
  rateLimitOf,
  headersOf,
  countRequests,
  describeLedger
};
