/**
 * fetchPull on the sparse records GitHub really returns: deleted accounts (null actors),
 * Mannequins, events without their object, null connections. None of them may become a
 * human's approval, a trigger nobody sent, or a complete file list (fail closed).
 */
import type { GitHubApi } from "../../src/github/checks/types.js";
import { fetchPull, fetchTeams } from "../../src/github/pull.js";
import { COPILOT, GITHUB_NOREPLY, pullData } from "./helpers.js";

const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL JSON edited in place

/** GitHub answering the pull request query with `data`; no REST call expected unless `rest` answers it. */
function api(data: Json, rest: (page: number) => unknown[] = () => []): GitHubApi {
  return {
    request: (_route: string, params?: Record<string, unknown>) => Promise.resolve({ data: rest(Number(params?.["page"])) }) as never,
    graphql: <T>() => Promise.resolve(data as T),
  };
}
const pullOf = (data: Json): Json => data["repository"]["pullRequest"] as Json;

describe("fetchPull on sparse records", () => {
  it("no file list: no files and the list is not complete (the checks that read files fail closed)", async () => {
    const data = pullData({ number: 2, headSha: HEAD }) as Json;
    pullOf(data)["files"] = null;
    const { facts, files } = await fetchPull(api(data), "acme", "platform", 2);
    expect(files).toEqual([]);
    expect(facts.filesComplete).toBe(false);
  });

  it("a Mannequin (an imported account) author or reviewer is no User", async () => {
    const data = pullData({ number: 2, headSha: HEAD, reviews: [{ id: 7, login: "old-import", state: "APPROVED", commit: HEAD, at: "2026-11-20T10:00:00Z" }] }) as Json;
    pullOf(data)["author"] = { login: "old-import", __typename: "Mannequin" };
    pullOf(data)["reviews"].nodes[0].author.__typename = "Mannequin";
    const { facts } = await fetchPull(api(data), "acme", "platform", 2);
    expect(facts.author).toEqual({ login: "old-import", type: "Bot" });
    expect(facts.reviews.map((r) => r.user)).toEqual([{ login: "old-import", type: "Bot" }]);
  });

  it("events without their actor, assignee, label or author are no triggers; a linked issue's base change is not the PR's", async () => {
    const data = pullData({
      number: 2,
      headSha: HEAD,
      timeline: [
        { type: "BaseRefChangedEvent", at: "2026-11-19T10:00:00Z" },
        { type: "BaseRefChangedEvent", at: "2026-11-19T12:00:00Z" },
        { type: "BaseRefChangedEvent", at: "2026-11-19T11:00:00Z" },
        { type: "AssignedEvent", at: "2026-11-19T13:00:00Z", actor: "alice", assignee: "Copilot" },
        { type: "LabeledEvent", at: "2026-11-19T14:00:00Z", actor: "alice", label: "agent" },
        { type: "IssueComment", at: "2026-11-19T15:00:00Z", author: "alice", body: "@copilot fix it" },
      ],
      closingIssues: [{ number: 12, timeline: [{ type: "BaseRefChangedEvent", at: "2026-11-21T09:00:00Z" }] }],
    }) as Json;
    const nodes = pullOf(data)["timelineItems"].nodes as Json[];
    nodes.push(
      { __typename: "AssignedEvent", createdAt: "2026-11-19T16:00:00Z", actor: { login: "bob" }, assignee: null },
      { __typename: "AssignedEvent", createdAt: "2026-11-19T16:00:00Z", actor: null, assignee: { login: "Copilot" } },
      { __typename: "LabeledEvent", createdAt: "2026-11-19T16:00:00Z", actor: { login: "bob" }, label: null },
      { __typename: "IssueComment", createdAt: "2026-11-19T16:00:00Z", author: null, body: "@copilot delete the table" },
      { __typename: "IssueComment", createdAt: "2026-11-19T16:30:00Z", author: { login: "carol" }, body: null },
    );
    const { facts } = await fetchPull(api(data), "acme", "platform", 2);
    expect(facts.baseChangedAt).toBe("2026-11-19T12:00:00Z");
    expect(facts.triggers).toEqual([
      { login: "alice", kind: "assignment", text: "Copilot", at: "2026-11-19T13:00:00Z" },
      { login: "alice", kind: "label", text: "agent", at: "2026-11-19T14:00:00Z" },
      { login: "alice", kind: "comment", text: "@copilot fix it", at: "2026-11-19T15:00:00Z" },
      { login: "carol", kind: "comment", text: "", at: "2026-11-19T16:30:00Z" },
    ]);
  });

  it("a review's text is a trigger of its author; an edit whose text GitHub withholds is no earlier body; the version is the latest record", async () => {
    const data = pullData({
      number: 2,
      headSha: HEAD,
      body: "Fixes #12.",
      reviews: [{ id: 7, login: "alice", state: "COMMENTED", commit: HEAD, at: "2026-11-22T10:00:00Z", body: "@copilot use a GSI instead" }],
      edits: [
        { diff: "Fixes #12 and drops the table.", editedAt: "2026-11-20T10:00:00Z" },
        { diff: "Fixes #12.", editedAt: "2026-11-20T11:00:00Z" },
      ],
    }) as Json;
    (pullOf(data)["userContentEdits"].nodes as Json[]).push({ diff: null, editedAt: "2026-11-23T08:00:00Z" });
    pullOf(data)["userContentEdits"].totalCount = 3;
    const fetched = await fetchPull(api(data), "acme", "platform", 2);
    expect(fetched.facts.triggers).toEqual([{ login: "alice", kind: "comment", text: "@copilot use a GSI instead", at: "2026-11-22T10:00:00Z" }]);
    expect(fetched.facts.bodyRevisions).toEqual(["Fixes #12 and drops the table."]);
    expect(fetched.version).toBe("2026-11-23T08:00:00Z");
  });

  it("a base branch GitHub no longer returns (baseRef null, as after the branch was deleted): the PR is still read, its version is the latest other record", async () => {
    const data = pullData({ number: 2, headSha: HEAD, reviews: [{ id: 7, login: "alice", state: "APPROVED", commit: HEAD, at: "2026-11-21T09:30:00Z" }] }) as Json;
    pullOf(data)["baseRef"] = null;
    const fetched = await fetchPull(api(data), "acme", "platform", 2);
    expect(fetched.facts.baseRef).toBe("master");
    expect(fetched.version).toBe("2026-11-21T09:30:00Z");
  });

  it("commit dates, which committers write, never move the version: a future one (GIT_COMMITTER_DATE, a wrong clock) neither on the PR nor on the base's tip", async () => {
    const data = pullData({
      number: 2,
      headSha: HEAD,
      commits: [{ oid: HEAD, message: "Raise read capacity", author: COPILOT, committer: GITHUB_NOREPLY, committedDate: "2099-01-01T00:00:00Z" }],
      timeline: [{ type: "BaseRefChangedEvent", at: "2026-11-21T09:30:00Z" }],
    }) as Json;
    pullOf(data)["baseRef"].target.committedDate = "2098-01-01T00:00:00Z";
    expect((await fetchPull(api(data), "acme", "platform", 2)).version).toBe("2026-11-21T09:30:00Z");
  });

  it("no review list (reviews: null): no reviews, so no approval and no reviewer's permission", async () => {
    const data = pullData({ number: 2, headSha: HEAD }) as Json;
    pullOf(data)["reviews"] = null;
    const { facts } = await fetchPull(api(data), "acme", "platform", 2);
    expect(facts.reviews).toEqual([]);
    expect(facts.permissions).toEqual({});
  });

  it("a second page of files that GitHub does not give leaves the list incomplete; a change type of a later page it does not know is 'changed'", async () => {
    const paged = (second: Json): GitHubApi => ({
      request: () => Promise.reject(new Error("no REST call expected")),
      graphql: <T>(query: string) => {
        if (query.includes("query PullFactsPage")) return Promise.resolve({ repository: { pullRequest: { headRefOid: HEAD, ...second } } } as T);
        const data = pullData({ number: 2, headSha: HEAD, files: [{ path: "infra/lib/orders-stack.ts" }] }) as Json;
        Object.assign(pullOf(data), { changedFiles: 2 });
        pullOf(data)["files"].pageInfo = { hasNextPage: true, endCursor: "Y3Vyc29yOjE=" };
        return Promise.resolve(data as T);
      },
    });
    const missing = await fetchPull(paged({ files: null }), "acme", "platform", 2);
    expect(missing.files).toEqual([{ path: "infra/lib/orders-stack.ts", status: "modified" }]);
    expect(missing.facts.filesComplete).toBe(false);
    const unknown = await fetchPull(paged({ files: { pageInfo: { hasNextPage: false, endCursor: "Y3Vyc29yOjI=" }, nodes: [{ path: "infra/main.tf", changeType: "SOMETHING_NEW" }] } }), "acme", "platform", 2);
    expect(unknown.files[1]).toEqual({ path: "infra/main.tf", status: "changed" });
    expect(unknown.facts.filesComplete).toBe(true);
  });

  it("a timeline record without a time (a type the query has no fields for) is no trigger and does not move the version", async () => {
    const data = pullData({ number: 2, headSha: HEAD, timeline: [{ type: "ReviewDismissedEvent", at: "2026-11-19T09:00:00Z" }] }) as Json;
    (pullOf(data)["timelineItems"].nodes as Json[]).push({ __typename: "ReviewRequestedEvent" });
    const fetched = await fetchPull(api(data), "acme", "platform", 2);
    expect(fetched.facts.triggers).toBeUndefined();
    expect(fetched.version).toBe("2026-11-19T09:00:00Z");
  });

  it("only submitted reviews are decisions: a pending one (even with a time), one without an id or one without a submission time is left out", async () => {
    const approve = (id: number) => ({ id, login: `reviewer-${id}`, state: "APPROVED" as const, commit: HEAD, at: "2026-11-20T10:00:00Z" });
    const data = pullData({ number: 2, headSha: HEAD, reviews: [approve(1), approve(2), approve(3), approve(4)] }) as Json;
    const nodes = pullOf(data)["reviews"].nodes as Json[];
    Object.assign(nodes[1] as Json, { state: "PENDING" });
    Object.assign(nodes[2] as Json, { databaseId: null });
    Object.assign(nodes[3] as Json, { submittedAt: null });
    const { facts } = await fetchPull(api(data), "acme", "platform", 2);
    expect(facts.reviews.map((r) => r.id)).toEqual([1]);
    expect(facts.permissions).toEqual({ "reviewer-1": "write" });
  });

  it("no head commit connection at all: IncompleteDataError (the PRs sharing the head cannot be found)", async () => {
    const data = pullData({ number: 2, headSha: HEAD }) as Json;
    delete pullOf(data)["head"];
    await expect(fetchPull(api(data), "acme", "platform", 2)).rejects.toThrow("the head commit was not returned: cannot find the pull requests that share its check runs (fail closed)");
  });

  it("check runs are asked for only with this app's id: without one, GitHub would list every app's runs", async () => {
    const asked: Record<string, unknown>[] = [];
    const github = (data: Json): GitHubApi => ({
      request: () => Promise.reject(new Error("no REST call expected")),
      graphql: <T>(_query: string, variables?: Record<string, unknown>) => (asked.push(variables ?? {}), Promise.resolve(data as T)),
    });
    await fetchPull(github(pullData({ number: 2, headSha: HEAD }) as Json), "acme", "platform", 2);
    await fetchPull(github(pullData({ number: 2, headSha: HEAD }) as Json), "acme", "platform", 2, { appId: 123 });
    expect(asked.map((v) => [v["appId"], v["withChecks"]])).toEqual([
      [null, false],
      [123, true],
    ]);
  });

  it("head connections GitHub leaves out: no other PR shares the head, no runs; a run without state or annotation count has neither", async () => {
    const bare = pullData({ number: 2, headSha: HEAD }) as Json;
    const bareHead = pullOf(bare)["head"].nodes[0].commit as Json;
    bareHead["associatedPullRequests"] = null;
    bareHead["checkSuites"] = null;
    const none = await fetchPull(api(bare), "acme", "platform", 2, { appId: 1 });
    expect(none.sameHead).toEqual([]);
    expect(none.checkRuns.size).toBe(0);

    const data = pullData({ number: 2, headSha: HEAD, checkRuns: [{ id: 9, name: "agent-guardrail / two-person review" }] }) as Json;
    const suites = pullOf(data)["head"].nodes[0].commit.checkSuites.nodes as Json[];
    Object.assign(suites[0]?.["checkRuns"].nodes[0] as Json, { status: null, conclusion: null, annotations: null });
    suites.push({ checkRuns: null }, { checkRuns: { nodes: [{ databaseId: 10, name: "agent-guardrail / two-person review", status: "COMPLETED", conclusion: "SUCCESS", annotations: { totalCount: 0 } }] } });
    const fetched = await fetchPull(api(data), "acme", "platform", 2, { appId: 1 });
    // The first run of a name is this app's; a later one of the same name does not replace it.
    expect([...fetched.checkRuns]).toEqual([["agent-guardrail / two-person review", { id: 9, annotations: 0 }]]);
  });

  it("renames: old paths from the REST list, page after page; a rename the list does not name leaves the files incomplete", async () => {
    const files = [{ path: "infra/new.ts", changeType: "RENAMED" }, ...Array.from({ length: 100 }, (_, i) => ({ path: `src/f${i}.ts` }))];
    const data = pullData({ number: 2, headSha: HEAD, files }) as Json;
    const rows = [{ filename: "infra/new.ts", status: "renamed", previous_filename: "infra/old.ts" }, ...files.slice(1).map((f) => ({ filename: f.path, status: "modified" }))];
    const fetched = await fetchPull(api(data, (page) => rows.slice((page - 1) * 100, page * 100)), "acme", "platform", 2);
    expect(fetched.facts.files[0]).toEqual({ path: "infra/new.ts", previousPath: "infra/old.ts" });
    expect(fetched.facts.filesComplete).toBe(true);

    const unnamed = await fetchPull(api(pullData({ number: 2, headSha: HEAD, files }) as Json, (page) => (page === 1 ? rows.slice(1, 101) : [])), "acme", "platform", 2);
    expect(unnamed.facts.files[0]).toEqual({ path: "infra/new.ts" });
    expect(unnamed.facts.filesComplete).toBe(false);
  });

  it("renames: the REST list must name every rename AND list every file; a row for a file GraphQL did not list is ignored", async () => {
    const files = [{ path: "infra/new.ts", changeType: "RENAMED" }, { path: "src/a.ts" }, { path: "src/b.ts" }];
    const renamed = { filename: "infra/new.ts", status: "renamed", previous_filename: "infra/old.ts" };
    const read = (rows: unknown[]) => fetchPull(api(pullData({ number: 2, headSha: HEAD, files }) as Json, (page) => (page === 1 ? rows : [])), "acme", "platform", 2);
    // The rename is named, but the list stops short of the files GraphQL counts.
    expect((await read([renamed, { filename: "src/a.ts", status: "modified" }])).facts.filesComplete).toBe(false);
    // Every file listed, but the rename without its old path.
    expect((await read([{ filename: "infra/new.ts", status: "renamed" }, { filename: "src/a.ts", status: "modified" }, { filename: "src/b.ts", status: "modified" }])).facts.filesComplete).toBe(false);
    const extra = await read([renamed, { filename: "src/a.ts", status: "modified" }, { filename: "src/b.ts", status: "modified" }, { filename: "src/c.ts", status: "renamed", previous_filename: "src/old-c.ts" }]);
    expect(extra.facts.files).toEqual([{ path: "infra/new.ts", previousPath: "infra/old.ts" }, { path: "src/a.ts" }, { path: "src/b.ts" }]);
    expect(extra.facts.filesComplete).toBe(true);
  });

  it("renames: the REST list is read to its 30th page (GitHub's 3,000-file cap), never a 31st", async () => {
    const files = [{ path: "infra/new.ts", changeType: "RENAMED" }];
    const pages: number[] = [];
    const rows = (page: number) => {
      pages.push(page);
      const full = Array.from({ length: 100 }, (_, i) => ({ filename: `src/p${page}/f${i}.ts`, status: "modified" }));
      return page === 30 ? [{ filename: "infra/new.ts", status: "renamed", previous_filename: "infra/old.ts" }, ...full.slice(1)] : full;
    };
    const fetched = await fetchPull(api(pullData({ number: 2, headSha: HEAD, files }) as Json, rows), "acme", "platform", 2);
    expect(pages).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(fetched.facts.files).toEqual([{ path: "infra/new.ts", previousPath: "infra/old.ts" }]);
  });

  it("earlier bodies oldest first, each once; a review without a time does not move the version; a deleted account's review text is no trigger", async () => {
    const data = pullData({
      number: 2,
      headSha: HEAD,
      body: "Fixes #12.",
      commits: [
        { oid: HEAD, message: "Raise read capacity", author: COPILOT, committer: GITHUB_NOREPLY },
        { oid: "1".repeat(40), message: "Drop the table", author: COPILOT, committer: GITHUB_NOREPLY },
      ],
      reviews: [{ id: 7, login: "alice", state: "COMMENTED", commit: HEAD, at: "2026-11-19T10:00:00Z", body: "@copilot drop the table" }],
      edits: [
        { diff: "Fixes #12 by dropping the table.", editedAt: "2026-11-19T08:00:00Z" },
        { diff: "Fixes #12 by raising capacity.", editedAt: "2026-11-19T08:30:00Z" },
        { diff: "Fixes #12 by dropping the table.", editedAt: "2026-11-19T08:45:00Z" },
        { diff: "Fixes #12 with a GSI.", editedAt: "2026-11-19T08:50:00Z" },
      ],
    }) as Json;
    const pull = pullOf(data);
    pull["reviews"].nodes[0].author = null;
    pull["reviews"].nodes.push({ databaseId: 8, body: "", state: "COMMENTED", submittedAt: null, authorCanPushToRepository: true, author: { login: "bob", __typename: "User" }, commit: { oid: HEAD } });
    pull["reviews"].totalCount = 2;
    const fetched = await fetchPull(api(data), "acme", "platform", 2);
    expect(fetched.facts.bodyRevisions).toEqual(["Fixes #12 by dropping the table.", "Fixes #12 by raising capacity.", "Fixes #12 with a GSI."]);
    expect(fetched.facts.triggers).toBeUndefined();
    expect(fetched.version).toBe("2026-11-19T10:00:00Z");
  });

  it("commit signatures: none when GitHub's answer carries no signature field; unsigned (null) is unverified", async () => {
    const data = pullData({ number: 2, headSha: HEAD }) as Json;
    delete pullOf(data)["commits"].nodes[0].commit.signature;
    expect((await fetchPull(api(data), "acme", "platform", 2)).facts.commitSignatures).toBeUndefined();
    const unsigned = await fetchPull(api(pullData({ number: 2, headSha: HEAD }) as Json), "acme", "platform", 2);
    expect(unsigned.facts.commitSignatures).toEqual({ [HEAD]: { verified: false, signer: null } });
  });
});

describe("fetchTeams", () => {
  it("no approvers: no query, no memberships", async () => {
    const github: GitHubApi = { request: () => Promise.reject(new Error("no call expected")), graphql: () => Promise.reject(new Error("no call expected")) };
    await expect(fetchTeams(github, "acme", [], ["platform-leads"])).resolves.toEqual({});
  });

  it("a team of another organization is an error, not an empty membership", async () => {
    const github: GitHubApi = { request: () => Promise.reject(new Error("no call expected")), graphql: () => Promise.reject(new Error("no call expected")) };
    await expect(fetchTeams(github, "acme", ["alice"], ["acme/leads", "other-org/leads"])).rejects.toThrow("approverTeams must be teams of acme (got acme/leads, other-org/leads)");
  });
});
