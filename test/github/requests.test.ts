/** The rate limit a GitHub response reports (src/github/requests.ts): by the resource it names, "core" when it names none. */
import { describeLedger, headersOf, rateLimitOf } from "../../src/github/requests.js";

describe("rateLimitOf", () => {
  it("reads the resource, remaining and limit headers", () => {
    expect(rateLimitOf({ "x-ratelimit-resource": "graphql", "x-ratelimit-remaining": "4990", "x-ratelimit-limit": "5000" })).toEqual({ resource: "graphql", remaining: 4990, limit: 5000 });
  });

  it("a response that names no resource counts against core", () => {
    expect(rateLimitOf({ "x-ratelimit-remaining": "42" })).toEqual({ resource: "core", remaining: 42 });
  });

  it("a resource header that is not a string counts against core", () => {
    expect(rateLimitOf({ "x-ratelimit-resource": ["search"], "x-ratelimit-remaining": "7" })).toEqual({ resource: "core", remaining: 7 });
  });

  it("no sample without a numeric remaining count", () => {
    expect(rateLimitOf(undefined)).toBeUndefined();
    expect(rateLimitOf({ "x-ratelimit-resource": "core", "x-ratelimit-remaining": "soon" })).toBeUndefined();
  });
});

describe("rateLimitOf, the limit", () => {
  it("is left out when the response gives none that is a positive number", () => {
    expect(rateLimitOf({ "x-ratelimit-remaining": "10", "x-ratelimit-limit": "0" })).toEqual({ resource: "core", remaining: 10 });
    expect(rateLimitOf({ "x-ratelimit-remaining": "10", "x-ratelimit-limit": "unlimited" })).toEqual({ resource: "core", remaining: 10 });
    expect(rateLimitOf({ "x-ratelimit-remaining": "10", "x-ratelimit-limit": "Infinity" })).toEqual({ resource: "core", remaining: 10 });
  });
});

describe("describeLedger", () => {
  it("says when GitHub reported no rate limit, and counts one request in the singular", () => {
    expect(describeLedger({ requests: 1, remaining: {} })).toBe("GitHub API: 1 request for this evaluation; rate limit remaining: not reported.");
    expect(describeLedger({ requests: 3, remaining: { core: 4990, graphql: 4998 } }, 2)).toBe(
      "GitHub API: 5 requests for this evaluation (3 to evaluate, 2 to publish the check runs); rate limit remaining: core 4990, graphql 4998.",
    );
  });
});

describe("headersOf", () => {
  const headers = { "x-ratelimit-remaining": "12", "x-ratelimit-resource": "core" };
  it("reads a response's headers, and those of the response an Octokit error carries", () => {
    expect(headersOf({ status: 200, headers, data: {} })).toBe(headers);
    // The shape of Octokit's RequestError: status, request and the response it carries.
    const error = Object.assign(new Error("Not Found"), { name: "HttpError", status: 404, response: { status: 404, url: "https://api.github.com/repos/o/r", headers, data: {} } });
    expect(headersOf(error)).toBe(headers);
  });

  it("an error that never reached GitHub (no response) has none, without throwing", () => {
    expect(headersOf(new Error("getaddrinfo ENOTFOUND api.github.com"))).toBeUndefined();
  });
});

