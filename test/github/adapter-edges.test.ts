/**
 * What GitHub's GraphQL answer leaves out (deleted accounts, unlinked commit emails, missing
 * connections, unknown change types) becomes the failing side of every decision: a deleted
 * account is no human approver, an unlinked email has no login, an unknown change is "changed".
 */
import nock from "nock";
import { fetchPull } from "../../src/github/pull.js";
import { pullData } from "./helpers.js";
import { githubOnlyThroughNock, octokitApi } from "./wire.js";

const API = "https://api.github.com";
const HEAD = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
const api = octokitApi;

githubOnlyThroughNock();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL JSON edited in place

describe("the pull requests that share the head's check runs", () => {
  it("are the other open ones whose head is this commit: not a merged or closed one, not one whose head moved on", async () => {
    const data = pullData({ number: 5, headSha: HEAD, sameHead: [6] }) as Json;
    const nodes = data["repository"]["pullRequest"]["head"]["nodes"][0]["commit"]["associatedPullRequests"]["nodes"] as Json[];
    nodes.push({ number: 7, state: "MERGED", headRefOid: HEAD }, { number: 8, state: "CLOSED", headRefOid: HEAD }, { number: 9, state: "OPEN", headRefOid: "f".repeat(40) });
    // The list of every open PR: #6 shares the head, #9's head moved on, #10 is a fork PR GitHub links to no commit.
    data["repository"]["openPulls"]["nodes"].push({ number: 9, headRefOid: "f".repeat(40) }, { number: 10, headRefOid: HEAD });
    nock(API).post("/graphql").reply(200, { data });
    expect((await fetchPull(api(), "acme", "platform", 5)).sameHead).toEqual([6, 10]);
  });
});

describe("fetchPull on a sparse answer", () => {
  it("a deleted author is the ghost bot; a review by a deleted account carries no commit and is no human's; an unlinked email has no login", async () => {
    const data = pullData({ number: 5, headSha: HEAD, labels: [], files: [{ path: "infra/x.ts", changeType: "SOMETHING_NEW" }], reviews: [{ id: 1, login: "alice", state: "APPROVED", commit: HEAD, at: "2026-11-20T10:00:00Z" }] }) as Json;
    const pull = data["repository"]["pullRequest"];
    pull.author = null;
    pull.labels = null;
    pull.reviews.nodes[0].author = null;
    pull.reviews.nodes[0].commit = null;
    pull.reviews.nodes.push({ databaseId: null, state: "PENDING", submittedAt: null, authorCanPushToRepository: true, author: { login: "bob", __typename: "User" }, commit: { oid: HEAD } });
    pull.commits.nodes[0].commit.author = { name: "Someone", email: "someone@corp.example", user: null };
    pull.commits.nodes[0].commit.committer = null;
    pull.baseRef = { target: null }; // a base branch GitHub no longer resolves to a commit
    nock(API).post("/graphql").reply(200, { data });
    const { facts, files } = await fetchPull(api(), "acme", "platform", 5);
    expect(facts.author).toEqual({ login: "ghost", type: "Bot" });
    expect(facts.labels).toEqual([]);
    expect(files).toEqual([{ path: "infra/x.ts", status: "changed" }]);
    expect(facts.reviews).toEqual([{ id: 1, user: { login: "ghost", type: "Bot" }, state: "APPROVED", commitId: "", submittedAt: "2026-11-20T10:00:00Z" }]);
    expect(facts.permissions).toEqual({});
    expect(facts.commits[0]?.author).toEqual({ name: "Someone", email: "someone@corp.example", login: null });
    expect(facts.commits[0]?.committer).toEqual({ name: "", email: "", login: null });
  });

  it("a repository or pull request GitHub does not return is an error naming it", async () => {
    nock(API).post("/graphql").reply(200, { data: { repository: null } });
    await expect(fetchPull(api(), "acme", "platform", 5)).rejects.toThrow("pull request acme/platform#5 not found");
  });

  it("runs of another commit are not this head's; approverTeams fetches the approvers' teams", async () => {
    const data = pullData({ number: 5, headSha: HEAD, checkRuns: [{ id: 9, name: "agent-guardrail / two-person review" }], reviews: [{ id: 1, login: "alice", state: "APPROVED", commit: HEAD, at: "2026-11-20T10:00:00Z" }] }) as Json;
    data["repository"]["pullRequest"].head.nodes[0].commit.oid = "f".repeat(40);
    nock(API)
      .post("/graphql", (b: { query: string }) => !b.query.includes("ApproverTeams"))
      .reply(200, { data })
      .post("/graphql", (b: { query: string }) => b.query.includes("ApproverTeams"))
      .reply(200, { data: { organization: { u0: { totalCount: 1, nodes: [{ slug: "platform-leads" }] } } } });
    const fetched = await fetchPull(api(), "acme", "platform", 5, { appId: 1, approverTeams: ["acme/platform-leads"] });
    expect(fetched.checkRuns.size).toBe(0);
    expect(fetched.facts.teams).toEqual({ alice: ["platform-leads"] });
  });

  it("approverTeams asks for the teams of human approvers only: not of commenters, reviewers requesting changes or approving bots", async () => {
    const reviews = [
      { id: 1, login: "alice", state: "APPROVED" as const, commit: HEAD, at: "2026-11-20T10:00:00Z" },
      { id: 2, login: "bob", state: "COMMENTED" as const, commit: HEAD, at: "2026-11-20T10:01:00Z" },
      { id: 3, login: "carol", state: "CHANGES_REQUESTED" as const, commit: HEAD, at: "2026-11-20T10:02:00Z" },
      { id: 4, login: "release-bot", type: "Bot" as const, state: "APPROVED" as const, commit: HEAD, at: "2026-11-20T10:03:00Z" },
      { id: 5, login: "alice", state: "APPROVED" as const, commit: HEAD, at: "2026-11-20T10:04:00Z" },
    ];
    const asked: string[] = [];
    nock(API)
      .post("/graphql", (b: { query: string }) => !b.query.includes("ApproverTeams"))
      .reply(200, { data: pullData({ number: 5, headSha: HEAD, reviews }) })
      .post("/graphql", (b: { query: string }) => (asked.push(b.query), b.query.includes("ApproverTeams")))
      .reply(200, { data: { organization: { u0: { totalCount: 1, nodes: [{ slug: "platform-leads" }] } } } });
    const fetched = await fetchPull(api(), "acme", "platform", 5, { approverTeams: ["platform-leads"] });
    expect(asked).toHaveLength(1);
    expect(asked[0]?.match(/userLogins: \[[^\]]*\]/g)).toEqual(['userLogins: ["alice"]']);
    expect(fetched.facts.teams).toEqual({ alice: ["platform-leads"] });
  });
});
