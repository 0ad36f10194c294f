import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);

// src/github/requests.ts
function record(ledger, headers) {
  const remaining = headers?.["x-ratelimit-remaining"];
  if (remaining === void 0) return;
  const resource = typeof headers?.["x-ratelimit-resource"] === "string" ? headers["x-ratelimit-resource"] : "core";
  const n = Number(remaining);
  if (Number.isFinite(n)) ledger.remaining[resource] = n;
}
function countRequests(octokit) {
  const ledger = { requests: 0, remaining: {} };
  octokit.hook.after("request", (response) => {
    ledger.requests += 1;
    record(ledger, response.headers);
  });
  octokit.hook.error("request", (error) => {
    ledger.requests += 1;
    record(ledger, error.response?.headers);
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
  countRequests,
  describeLedger
};
