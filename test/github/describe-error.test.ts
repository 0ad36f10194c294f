/**
 * describeError (src/github/evaluate.ts): what a failed check says about the error that made it
 * fail closed, and what the logs record. Octokit's RequestError carries the status and, when
 * GitHub rate-limits, a Retry-After header; a response may carry no headers at all.
 */
import { describeError } from "../../src/github/evaluate.js";
import { ConfigError } from "../../src/policy/load.js";

describe("describeError", () => {
  it.each<[string, unknown, string]>([
    ["an invalid configuration", new ConfigError("acme/platform:.github/agent-guardrail.yml@main", "unknown key", 3), "invalid configuration: acme/platform:.github/agent-guardrail.yml@main:3: unknown key"],
    ["a GitHub error with its status", { status: 502, message: "Bad Gateway" }, "GitHub API error 502: Bad Gateway"],
    ["a rate limit with Retry-After", { status: 403, message: "secondary rate limit", response: { headers: { "retry-after": "60" } } }, "GitHub API error 403: secondary rate limit (retry after 60 s)"],
    ["a response without headers", { status: 500, message: "boom", response: {} }, "GitHub API error 500: boom"],
    ["an error without a status", new Error("socket hang up"), "error: socket hang up"],
    ["a thrown string", "disk full", "error: disk full"],
  ])("%s", (_why, error, text) => {
    expect(describeError(error)).toBe(text);
  });
});
