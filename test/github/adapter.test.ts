/**
 * The fetching adapter on the wire (nock): pagination and honest completeness, old paths of
 * renames, team memberships, base-branch config with `_extends`, check-run publishing limits.
 */
import nock from "nock";
import { ANNOTATIONS_PER_REQUEST, MAX_SUMMARY, publishCheckRun, truncateSummary } from "../../src/github/check-runs.js";
import type { CheckAnnotation } from "../../src/github/checks/types.js";
import { loadRepoPolicy, parseExtends } from "../../src/github/config.js";
import { fetchPull, fetchTeams } from "../../src/github/pull.js";
import { pullData } from "./helpers.js";
import { countedApi } from "./wire.js";

/** The base branch and its tip: the config is read at the SHA, and named by both. */
const MAIN = { ref: "main", sha: "4f3c2d1e0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e" };

const API = "https://api.github.com";
const HEAD = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";

const client = countedApi;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

type PR = { repository: { pullRequest: Record<string, any> } }; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL JSON edited in place

describe("fetchPull", () => {
  it("follows the files, commits and reviews pages and reports complete lists", async () => {
    const first = pullData({ number: 5, headSha: HEAD, files: [{ path: "README.md" }] }) as PR;
    const pr = first.repository.pullRequest;
    pr["changedFiles"] = 2;
    pr["files"].pageInfo = { hasNextPage: true, endCursor: "f1" };
    pr["commits"].totalCount = 2;
    pr["commits"].pageInfo = { hasNextPage: true, endCursor: "c1" };
    pr["reviews"].totalCount = 1;
    pr["reviews"].pageInfo = { hasNextPage: true, endCursor: "r1" };
    const reviewNode = { databaseId: 71, body: "", state: "APPROVED", submittedAt: "2026-12-01T10:00:00Z", authorCanPushToRepository: true, author: { login: "alice", __typename: "User" }, commit: { oid: HEAD } };
    const reviewsPage = { repository: { pullRequest: { headRefOid: HEAD, reviews: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: "r2" }, nodes: [reviewNode] } } } };
    const filesPage = { repository: { pullRequest: { headRefOid: HEAD, files: { pageInfo: { hasNextPage: false, endCursor: "f2" }, nodes: [{ path: "infra/main.tf", changeType: "ADDED" }] } } } };
    const commitsPage = {
      repository: {
        pullRequest: {
          headRefOid: HEAD,
          commits: {
            totalCount: 2,
            pageInfo: { hasNextPage: false, endCursor: "c2" },
            nodes: [{ commit: { oid: "1".repeat(40), message: "more", author: { name: "A", email: "a@example.com", user: { login: "a" } }, committer: { name: "A", email: "a@example.com", user: { login: "a" } } } }],
          },
        },
      },
    };
    const seen: Record<string, unknown>[] = [];
    nock(API)
      .post("/graphql", (b: { variables: Record<string, unknown> }) => (seen.push(b.variables), true))
      .reply(200, { data: first })
      .post("/graphql", (b: { variables: Record<string, unknown> }) => (seen.push(b.variables), true))
      .reply(200, { data: filesPage })
      .post("/graphql", (b: { variables: Record<string, unknown> }) => (seen.push(b.variables), true))
      .reply(200, { data: commitsPage })
      .post("/graphql", (b: { variables: Record<string, unknown> }) => (seen.push(b.variables), true))
      .reply(200, { data: reviewsPage });
    const { api, ledger } = client();
    const got = await fetchPull(api, "acme", "platform", 5);
    // Each page is asked for from the cursor the previous one ended at, with the PR's own variables.
    expect(seen.map((v) => [v["files"] ?? null, v["commits"] ?? null, v["reviews"] ?? null])).toEqual([[null, null, null], ["f1", null, null], [null, "c1", null], [null, null, "r1"]]);
    expect(seen.every((v) => v["owner"] === "acme" && v["name"] === "platform" && v["number"] === 5)).toBe(true);
    expect(got.facts.reviews.map((r) => r.id)).toEqual([71]);
    expect(got.facts.files.map((f) => f.path)).toEqual(["README.md", "infra/main.tf"]);
    expect(got.files[1]?.status).toBe("added");
    expect(got.facts.filesComplete).toBe(true);
    expect(got.facts.commits).toHaveLength(2);
    expect(got.facts.commitsComplete).toBe(true);
    expect(ledger.requests).toBe(4);
  });

  it("says filesComplete: false when GitHub lists fewer files than the PR changed (3,000-file cap)", async () => {
    const data = pullData({ number: 5, headSha: HEAD }) as PR;
    data.repository.pullRequest["changedFiles"] = 3500;
    nock(API).post("/graphql").reply(200, { data });
    const got = await fetchPull(client().api, "acme", "platform", 5);
    expect(got.facts.filesComplete).toBe(false);
  });

  it("reads the old path of a renamed file from the REST list (GraphQL has none)", async () => {
    nock(API)
      .post("/graphql")
      .reply(200, { data: pullData({ number: 5, headSha: HEAD, files: [{ path: "docs/stack.md", changeType: "RENAMED" }] }) })
      .get("/repos/acme/platform/pulls/5/files")
      .query({ per_page: 100, page: 1 })
      .reply(200, [{ sha: "bbcd538c8e72b8c175046e27cc8f907076331401", filename: "docs/stack.md", status: "renamed", previous_filename: "infra/stack.ts", additions: 0, deletions: 0, changes: 0 }]);
    const got = await fetchPull(client().api, "acme", "platform", 5);
    expect(got.facts.files).toEqual([{ path: "docs/stack.md", previousPath: "infra/stack.ts" }]);
    expect(got.facts.filesComplete).toBe(true);
  });

  it("maps reviewers' push access to permissions, skips pending reviews, and treats non-User authors as bots", async () => {
    const reviews = [
      { id: 1, login: "alice", state: "APPROVED" as const, commit: HEAD, at: "2026-11-24T09:00:00Z", canPush: true },
      { id: 2, login: "eve", state: "APPROVED" as const, commit: HEAD, at: "2026-11-24T09:01:00Z", canPush: false },
      { id: 3, login: "bob", state: "PENDING" as const, commit: HEAD, at: "" },
      { id: 4, login: "copilot-pull-request-reviewer", type: "Bot" as const, state: "COMMENTED" as const, commit: HEAD, at: "2026-11-24T09:02:00Z" },
    ];
    nock(API).post("/graphql").reply(200, { data: pullData({ number: 5, headSha: HEAD, reviews }) });
    const got = await fetchPull(client().api, "acme", "platform", 5);
    expect(got.facts.permissions).toEqual({ alice: "write", eve: "read", "copilot-pull-request-reviewer": "write" });
    expect(got.facts.reviews.map((r) => [r.id, r.user.type])).toEqual([[1, "User"], [2, "User"], [4, "Bot"]]);
  });

  it("refuses to decide on a partial review list", async () => {
    const data = pullData({ number: 5, headSha: HEAD }) as PR;
    data.repository.pullRequest["reviews"].pageInfo = { hasNextPage: true, endCursor: "r" };
    const page = { repository: { pullRequest: { headRefOid: HEAD, reviews: { totalCount: 9999, pageInfo: { hasNextPage: true, endCursor: "r" }, nodes: [] } } } };
    const scope = nock(API).post("/graphql").reply(200, { data });
    for (let i = 1; i < 20; i++) scope.post("/graphql").reply(200, { data: page });
    await expect(fetchPull(client().api, "acme", "platform", 5)).rejects.toThrow("more than 2000 reviews: cannot read them all (fail closed)");
  });
});

describe("fetchTeams", () => {
  it("asks for every approver's teams in one query", async () => {
    let query = "";
    nock(API)
      .post("/graphql", (b: { query: string }) => ((query = b.query), true))
      .reply(200, { data: { organization: { u0: { totalCount: 1, nodes: [{ slug: "platform-leads" }] }, u1: { totalCount: 0, nodes: [] } } } });
    const got = await fetchTeams(client().api, "acme", ["alice", "bob"], ["platform-leads"]);
    expect(got).toEqual({ alice: ["platform-leads"], bob: [] });
    expect(query).toContain('u1: teams(first: 100, userLogins: ["bob"])');
  });

  it("rejects teams of another organization", async () => {
    await expect(fetchTeams(client().api, "acme", ["alice"], ["other/leads"])).rejects.toThrow("approverTeams must be teams of acme");
  });
});

describe("loadRepoPolicy", () => {
  it("uses the defaults when the base branch has no config", async () => {
    nock(API).get("/repos/acme/platform/contents/.github%2Fagent-guardrail.yml").query({ ref: MAIN.sha }).reply(404, { message: "Not Found" });
    const policy = await loadRepoPolicy(client().api, "acme", "platform", MAIN);
    expect(policy.review.requiredApprovals).toBe(2);
    expect(policy.configSource).toBe("defaults");
  });

  it("merges an org-wide file named by _extends, the repository's keys winning", async () => {
    nock(API)
      .get("/repos/acme/platform/contents/.github%2Fagent-guardrail.yml")
      .query({ ref: MAIN.sha })
      .reply(200, "_extends: .github\nreview:\n  approverTeams: [platform-leads]\n")
      .get("/repos/acme/.github/contents/.github%2Fagent-guardrail.yml")
      .reply(200, "review:\n  requiredApprovals: 3\n  approverTeams: [everyone]\nagents:\n  logins: [acme-bot]\n");
    const policy = await loadRepoPolicy(client().api, "acme", "platform", MAIN);
    expect(policy.review.requiredApprovals).toBe(3);
    expect(policy.review.approverTeams).toEqual(["platform-leads"]);
    expect(policy.agents.logins).toContain("acme-bot");
    expect(policy.configSource).toBe("acme/platform:.github/agent-guardrail.yml@main (4f3c2d1) extends acme/.github:.github/agent-guardrail.yml");
  });

  it("an invalid extended file is a ConfigError naming that file and line", async () => {
    nock(API)
      .get("/repos/acme/platform/contents/.github%2Fagent-guardrail.yml")
      .query({ ref: MAIN.sha })
      .reply(200, "_extends: acme/policies:guardrail.yml\n")
      .get("/repos/acme/policies/contents/guardrail.yml")
      .reply(200, "review:\n  requiredApprovals: 0\n");
    await expect(loadRepoPolicy(client().api, "acme", "platform", MAIN)).rejects.toThrow(/^acme\/policies:guardrail.yml:2: "review.requiredApprovals"/);
  });

  it("a missing extended file or a loop is an error, not the defaults", async () => {
    nock(API)
      .get("/repos/acme/platform/contents/.github%2Fagent-guardrail.yml")
      .query({ ref: MAIN.sha })
      .reply(200, "_extends: gone\n")
      .get("/repos/acme/gone/contents/.github%2Fagent-guardrail.yml")
      .reply(404, { message: "Not Found" });
    await expect(loadRepoPolicy(client().api, "acme", "platform", MAIN)).rejects.toThrow("not found");
    nock(API)
      .get("/repos/acme/platform/contents/.github%2Fagent-guardrail.yml")
      .query({ ref: MAIN.sha })
      .reply(200, "_extends: other\n")
      .get("/repos/acme/other/contents/.github%2Fagent-guardrail.yml")
      .reply(200, "_extends: platform\n");
    await expect(loadRepoPolicy(client().api, "acme", "platform", MAIN)).rejects.toThrow("loops back");
  });

  it("a loop spelled in another case is still a loop (GitHub names ignore case)", async () => {
    nock(API)
      .get("/repos/acme/platform/contents/.github%2Fagent-guardrail.yml")
      .query({ ref: MAIN.sha })
      .reply(200, "_extends: Acme/Policies\n")
      .get("/repos/Acme/Policies/contents/.github%2Fagent-guardrail.yml")
      .reply(200, "_extends: acme/policies\n");
    await expect(loadRepoPolicy(client().api, "acme", "platform", MAIN)).rejects.toThrow('_extends "acme/policies" loops back to acme/policies:.github/agent-guardrail.yml');
  });

  it("parses the _extends forms", () => {
    expect(parseExtends(".github", "acme")).toEqual({ owner: "acme", repo: ".github", path: ".github/agent-guardrail.yml" });
    expect(parseExtends("org/policies:ci/guardrail.yml", "acme")).toEqual({ owner: "org", repo: "policies", path: "ci/guardrail.yml" });
    expect(() => parseExtends("a/b/c", "acme")).toThrow();
  });
});

describe("publishCheckRun", () => {
  it("sends annotations 50 per request: the first with the create, the rest as updates of the same run", async () => {
    const annotations: CheckAnnotation[] = Array.from({ length: 120 }, (_, i) => ({ path: "infra/a.json", start_line: i + 1, end_line: i + 1, annotation_level: "failure", message: `m${i}` }));
    const sizes: number[] = [];
    nock(API)
      .post("/repos/acme/platform/check-runs", (b: { output: { annotations: unknown[] } }) => (sizes.push(b.output.annotations.length), true))
      .reply(201, { id: 9 })
      .patch("/repos/acme/platform/check-runs/9", (b: { output: { annotations: unknown[] } }) => (sizes.push(b.output.annotations.length), true))
      .times(2)
      .reply(200, { id: 9 });
    const res = await publishCheckRun(client().api, { owner: "acme", repo: "platform", headSha: HEAD, name: "x", outcome: { conclusion: "failure", title: "t", summary: "s", annotations } });
    expect(sizes).toEqual([ANNOTATIONS_PER_REQUEST, ANNOTATIONS_PER_REQUEST, 20]);
    expect(res).toEqual({ id: 9, requests: 3 });
  });

  it("truncates a summary to GitHub's 65,535 bytes and says so", () => {
    const long = "x".repeat(MAX_SUMMARY + 10);
    const cut = truncateSummary(long);
    expect(Buffer.byteLength(cut)).toBe(MAX_SUMMARY);
    expect(cut).toMatch(/truncated: \d+ more bytes/);
    expect(truncateSummary("short")).toBe("short");
    const exact = "x".repeat(MAX_SUMMARY); // exactly the limit: sent whole
    expect(truncateSummary(exact)).toBe(exact);
  });

  it("counts the limit in UTF-8 bytes, as GitHub does, and never splits a character", () => {
    // GitHub answers 422 "summary exceeds a maximum bytesize of 65535" (dorny/test-reporter#57,
    // github/docs#35252, a summary with emoji under 65,535 characters): the write fails and the run
    // keeps no verdict. Names and paths in a summary are anyone's text: CJK (3 bytes) and emoji (4).
    for (const unit of ["é", "設", "🚀"]) {
      const summary = `**FAIL** acme/platform#2\n${unit.repeat(40_000)}`;
      const cut = truncateSummary(summary);
      expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_SUMMARY);
      expect(Buffer.byteLength(cut)).toBeGreaterThan(MAX_SUMMARY - 100);
      expect(cut.startsWith("**FAIL** acme/platform#2")).toBe(true);
      expect(cut).not.toContain("\uFFFD"); // no character cut in half
      expect(Buffer.from(cut, "utf8").toString("utf8")).toBe(cut);
    }
  });
});
