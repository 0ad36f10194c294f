/**
 * OpenSearch Service HTTP requests (destructive-actions.yaml t1Delete.include and
 * t1Delete.readOnlyPaths): `POST /<index>/_delete_by_query` and `POST|PUT /_bulk` with `delete`
 * lines delete documents, so es:ESHttpPost and es:ESHttpPut delete as es:ESHttpDelete does. The
 * request's path is part of the resource (OpenSearch Developer Guide, "Identity and Access
 * Management": subresources include indexes and APIs, e.g. `domain/test-domain/commerce-data/_search`),
 * so a POST scoped to search APIs deletes nothing. Verdicts written before running: a POST or PUT
 * on a production domain's subresources deletes; a POST whose every resource ends in a read API
 * (`/_search`, `/_msearch`, `/_count`, ...) does not; a resource that can reach any other path
 * (a trailing wildcard, `*_search` without the slash) still does.
 */
import { PolicyParser, analyzePrincipal, provablyGrants, type AnalysisContext } from "../../../src/core/iam/access.js";
import { allow, catalogue, destructive, policy, role } from "./helpers.js";
import type { Policy } from "../../../src/core/policy.js";

const DOMAIN = "arn:aws:es:us-east-1:111111111111:domain/orders-prod";
const flagged = (statements: Record<string, unknown>[], p: Policy = policy): boolean => destructive(role(statements), p).length > 0;

describe("OpenSearch Service HTTP requests", () => {
  it("POST or PUT on a production domain's subresources: T1 (_delete_by_query, _bulk deletes)", () => {
    expect(flagged([allow("es:ESHttpPost", `${DOMAIN}/*`)])).toBe(true);
    expect(flagged([allow("es:ESHttpPut", `${DOMAIN}/*`)])).toBe(true);
    expect(flagged([allow(["es:ESHttpGet", "es:ESHttpPost", "es:ESHttpHead"], `${DOMAIN}/orders/*`)])).toBe(true);
    expect(flagged([allow("es:ESHttp*", `${DOMAIN}/*`)])).toBe(true);
  });
  it("GET and HEAD alone read: not T1", () => {
    expect(flagged([allow(["es:ESHttpGet", "es:ESHttpHead"], `${DOMAIN}/*`)])).toBe(false);
  });
  it("POST scoped to read APIs (search, multi-search, count, multi-get, templates): not T1", () => {
    expect(flagged([allow("es:ESHttpPost", `${DOMAIN}/orders/_search`)])).toBe(false);
    expect(flagged([allow("es:ESHttpPost", [`${DOMAIN}/*/_search`, `${DOMAIN}/_msearch`, `${DOMAIN}/orders-*/_count`, `${DOMAIN}/orders/_mget`, `${DOMAIN}/_search/template`])])).toBe(false);
    expect(flagged([allow(["es:ESHttpGet", "es:ESHttpPost"], `${DOMAIN}/orders/_search`)])).toBe(false);
  });
  it("PPL and explaining a query read; SQL may run DELETE (a cluster setting IAM does not show): T1", () => {
    expect(flagged([allow("es:ESHttpPost", [`${DOMAIN}/_plugins/_ppl`, `${DOMAIN}/_opendistro/_ppl`, `${DOMAIN}/_plugins/_sql/_explain`])])).toBe(false);
    // AWS's AWSQuicksightOpenSearchPolicy grants exactly these two on every domain.
    expect(flagged([allow(["es:ESHttpPost", "es:ESHttpGet"], ["arn:aws:es:*:*:domain/*/_opendistro/_sql", "arn:aws:es:*:*:domain/*/_plugin/_sql"])])).toBe(true);
    expect(flagged([allow("es:ESHttpPost", `${DOMAIN}/_plugins/_sql`)])).toBe(true);
  });
  it("a resource that reaches any other path still deletes", () => {
    expect(flagged([allow("es:ESHttpPost", `${DOMAIN}/orders/_search*`)])).toBe(true);
    expect(flagged([allow("es:ESHttpPost", `${DOMAIN}/orders*_search`)])).toBe(true);
    expect(flagged([allow("es:ESHttpPost", [`${DOMAIN}/orders/_search`, `${DOMAIN}/orders/_delete_by_query`])])).toBe(true);
    expect(flagged([allow("es:ESHttpPost", `${DOMAIN}/orders/_SEARCH`)])).toBe(true);
    // PUT has no read API: `PUT /_bulk` deletes whatever its path.
    expect(flagged([allow("es:ESHttpPut", `${DOMAIN}/orders/_search`)])).toBe(true);
  });
  it("a non-production domain: not T1", () => {
    expect(flagged([allow(["es:ESHttpPost", "es:ESHttpPut"], "arn:aws:es:us-east-1:222222222222:domain/orders/*")])).toBe(false);
  });
  it("without readOnlyPaths in the config, a search-scoped POST counts", () => {
    const strict: Policy = { ...policy, destructive: { ...policy.destructive, t1Delete: { ...policy.destructive.t1Delete, readOnlyPaths: [] } } };
    expect(flagged([allow("es:ESHttpPost", `${DOMAIN}/orders/_search`)], strict)).toBe(true);
  });
  it("a config naming the action in another case still scopes it, and a list naming another action does not (each list is asked only for the actions one of them names)", () => {
    const t1 = policy.destructive.t1Delete;
    const respelled: Policy = { ...policy, destructive: { ...policy.destructive, t1Delete: { ...t1, readOnlyPaths: (t1.readOnlyPaths ?? []).map((p) => ({ ...p, action: p.action.toUpperCase() })) } } };
    expect(flagged([allow("es:ESHttpPost", `${DOMAIN}/orders/_search`)], respelled)).toBe(false);
    expect(flagged([allow("es:ESHttpPost", `${DOMAIN}/orders/_delete_by_query`)], respelled)).toBe(true);
    const otherAction: Policy = { ...policy, destructive: { ...policy.destructive, t1Delete: { ...t1, readOnlyPaths: [{ action: "es:ESHttpPut", paths: ["_search"] }] } } };
    expect(flagged([allow("es:ESHttpPost", `${DOMAIN}/orders/_search`)], otherAction)).toBe(true);
    expect(flagged([allow("es:ESHttpPut", `${DOMAIN}/orders/_search`)], otherAction)).toBe(false);
  });
  it("the finding says why a POST counts", () => {
    const [f] = destructive(role([allow("es:ESHttpPost", `${DOMAIN}/*`)]));
    expect(f?.message).toContain("es:ESHttpPost: it counts because its requests can delete (unless every resource ends in a read-only API:");
  });
  it("the fast proof agrees with the full analysis", () => {
    const context = (): AnalysisContext => ({ policy, catalogue, parser: new PolicyParser(), now: Date.now() });
    for (const [statements, expected] of [
      [[allow("es:ESHttpPost", `${DOMAIN}/*`)], true],
      [[allow("es:ESHttpPost", `${DOMAIN}/orders/_search`)], false],
    ] as const) {
      const principal = role([...statements]);
      expect(analyzePrincipal(principal, context()).grants.some((g) => g.production && g.tiers.has("delete"))).toBe(expected);
      expect(provablyGrants(principal, context(), ["delete"])).toBe(expected);
    }
  });
});
