/** The rate limit a GitHub response reports (src/github/requests.ts): by the resource it names, "core" when it names none. */
import { rateLimitOf } from "../../src/github/requests.js";

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
