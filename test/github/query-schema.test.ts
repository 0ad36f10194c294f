/**
 * Every GraphQL query the adapter sends must be one GitHub accepts: GitHub validates the whole
 * document and rejects it for a single invalid fragment or unused variable, and the check then
 * fails closed on every pull request. Each query is validated against GitHub's public schema as
 * `@octokit/graphql-schema` publishes it (MIT; graphql-js's validation rules, as GitHub applies
 * them): a fragment on a type the union cannot hold (an issue's timeline holds no
 * BaseRefChangedEvent), a field or type the schema lacks, a declared variable never used.
 */
import { validate } from "@octokit/graphql-schema";
import type { GitHubApi } from "../../src/github/checks/types.js";
import { mergeGroupPulls, openPullsInto, openPullsWithHead } from "../../src/github/evaluate.js";
import { fetchInfraRoots } from "../../src/github/projects.js";
import { fetchPull, fetchTeams } from "../../src/github/pull.js";

const tl = (nodes: unknown[], hasNextPage = false) => ({ totalCount: nodes.length, pageInfo: { hasNextPage, endCursor: "c" }, nodes });
const HEAD = "a".repeat(40);
/** A PR whose every list has a second page, with an edited comment and an unlinked "Fixes #12": every query is sent. */
function widePull() {
  return {
    number: 2, state: "OPEN", title: "t", body: "Fixes #12", headRefName: "h", headRefOid: HEAD, baseRefName: "main", baseRefOid: "b".repeat(40), changedFiles: 1, lastEditedAt: null,
    author: { login: "u", __typename: "User" }, labels: { pageInfo: { hasNextPage: false }, nodes: [] }, baseRef: { target: { committedDate: "2026-01-01T00:00:00Z" } },
    userContentEdits: { totalCount: 0, nodes: [] },
    timelineItems: tl([{ __typename: "IssueComment", id: "IC1", createdAt: "2026-01-01T00:00:00Z", lastEditedAt: "2026-01-02T00:00:00Z", author: { login: "bob" }, body: "hi" }], true),
    closingIssuesReferences: { totalCount: 0, nodes: [] },
    files: { pageInfo: { hasNextPage: true }, nodes: [{ path: "a.tf", changeType: "MODIFIED" }] },
    commits: { totalCount: 1, pageInfo: { hasNextPage: true }, nodes: [{ commit: { oid: HEAD, message: "m", author: null, committer: null } }] },
    reviews: { totalCount: 0, pageInfo: { hasNextPage: true }, nodes: [] },
    head: { nodes: [{ commit: { oid: HEAD, associatedPullRequests: { pageInfo: { hasNextPage: false }, nodes: [] } } }] },
  };
}

/** Sends every query the adapter has (a wide PR, teams, project roots, merge queue, open PRs) and returns them. */
async function everyQuery(): Promise<string[]> {
  const sent: string[] = [];
  const api: GitHubApi = {
    request: () => Promise.resolve({ data: [] } as never),
    graphql: <T>(query: string) => {
      sent.push(query);
      const reply = (data: unknown) => Promise.resolve(data as T);
      if (query.includes("PullFactsPage")) return reply({ repository: { pullRequest: { headRefOid: HEAD, files: { pageInfo: { hasNextPage: false }, nodes: [] }, commits: { totalCount: 1, pageInfo: { hasNextPage: false }, nodes: [] }, reviews: { totalCount: 0, pageInfo: { hasNextPage: false }, nodes: [] }, timelineItems: tl([]) } } });
      if (query.includes("TextEdits")) return reply({ nodes: [{ id: "IC1", userContentEdits: { totalCount: 0, nodes: [] } }] });
      if (query.includes("UnlinkedIssues")) return reply({ repository: { i0: null } });
      if (query.includes("BaseProjects")) return reply({ repository: {} });
      if (query.includes("ApproverTeams")) return reply({ organization: { u0: { totalCount: 0, nodes: [] } } });
      if (query.includes("OpenPullHeads")) return reply({ repository: { openPulls: { totalCount: 101, pageInfo: { hasNextPage: false }, nodes: [] } } });
      if (query.includes("MergeGroup")) return reply({ repository: { mergeQueue: { entries: { pageInfo: { hasNextPage: false }, nodes: [{ position: 1, headCommit: { oid: HEAD }, pullRequest: { number: 2 } }] } } } });
      if (query.includes("OpenPulls")) return reply({ repository: { pullRequests: { totalCount: 0, nodes: [] } } });
      return reply({ repository: { openPulls: { totalCount: 101, pageInfo: { hasNextPage: true, endCursor: "o" }, nodes: [] }, pullRequest: widePull() } });
    },
  };
  await fetchPull(api, "o", "r", 2, { appId: 1 });
  await fetchTeams(api, "o", ["alice"], ["platform"]);
  await fetchInfraRoots(api, "o", "r", "b".repeat(40), ["x/y.ts"]);
  await openPullsWithHead(api, "o", "r", HEAD);
  await mergeGroupPulls(api, "o", "r", { head_sha: HEAD, head_ref: `refs/heads/gh-readonly-queue/main/pr-2-${HEAD}`, base_ref: "refs/heads/main" });
  await openPullsInto(api, "o", "r", "main", 50);
  return sent;
}

describe("the adapter's GraphQL queries are valid against GitHub's schema", () => {
  let queries: string[] = [];
  beforeAll(async () => {
    queries = await everyQuery();
  });

  it("every operation is sent (PullFacts, its pages, edits, unlinked issues, teams, project roots, merge queue, open PRs)", () => {
    const names = new Set(queries.map((q) => /query (\w+)/.exec(q)?.[1]));
    expect([...names].sort()).toEqual(["ApproverTeams", "BaseProjects", "MergeGroup", "OpenPullHeads", "OpenPulls", "PullFacts", "PullFactsPage", "TextEdits", "UnlinkedIssues"]);
    expect(queries.filter((q) => q.includes("PullFactsPage"))).toHaveLength(4);
  });

  it("each operation is valid against GitHub's schema", () => {
    const invalid = queries.map((q) => ({ operation: /query (\w+)/.exec(q)?.[1], errors: validate(q).map((e) => e.message) })).filter((r) => r.errors.length > 0);
    expect(invalid).toEqual([]);
  });

  it("the validation sees what GitHub rejects (an unused variable, a fragment an issue's timeline cannot hold)", () => {
    const pull = queries.find((q) => /query PullFacts\b/.test(q)) ?? "";
    expect(validate(pull.replace("query PullFacts(", "query PullFacts($unused: Int, ")).map((e) => e.message)).toContainEqual(expect.stringContaining('"$unused" is never used'));
    const issueTimeline = "query T($o: String!, $r: String!) { repository(owner: $o, name: $r) { issue(number: 1) { timelineItems(first: 1) { nodes { ... on BaseRefChangedEvent { id } } } } } }";
    expect(validate(issueTimeline).length).toBeGreaterThan(0);
  });
});
