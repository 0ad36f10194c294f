/**
 * describeError (src/github/evaluate.ts): what a failed check says about the error that made it
 * fail closed, and what the logs record. Octokit's RequestError carries the status and, when
 * GitHub rate-limits, a Retry-After header; a response may carry no headers at all.
 */
import { Octokit } from "@octokit/core";
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

/**
 * A request that never reached GitHub (no DNS answer, connection refused, an egress proxy the
 * runtime does not use: netbootxyz/webapp#66) is thrown by Octokit as a RequestError of status
 * 500 with no response. "GitHub API error 500" sent the operator to githubstatus.com; nothing
 * was answered at all.
 */
describe("describeError of a request that never reached GitHub", () => {
  const unreachable = (cause: Error) =>
    new Octokit({ request: { fetch: () => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause })) } }).request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "platform" }).then(
      () => undefined,
      (error: unknown) => error,
    );

  it("says GitHub could not be reached, naming the host and the reason", async () => {
    const error = await unreachable(Object.assign(new Error("getaddrinfo ENOTFOUND api.github.com"), { code: "ENOTFOUND" }));
    expect(describeError(error)).toBe("cannot reach GitHub (https://api.github.com): getaddrinfo ENOTFOUND api.github.com");
  });

  it("an API URL that is no URL (GITHUB_API_URL without its scheme) is named as given", async () => {
    const error = await new Octokit({ baseUrl: "ghe.corp.example/api/v3" }).request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "platform" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(describeError(error)).toMatch(/^cannot reach GitHub \(ghe\.corp\.example\/api\/v3\/repos\/acme\/platform\): /);
  });

  it("a 500 GitHub answered stays GitHub's error", () => {
    expect(describeError({ status: 500, message: "Server Error", response: { headers: {} }, request: { url: "https://api.github.com/graphql" } })).toBe("GitHub API error 500: Server Error");
  });
});
