/**
 * fetchPull refuses to build facts from a partial answer (fail closed): a missing timeline, a
 * timeline page that does not come, a timeline longer than it reads, a missing edit history or
 * list of linked issues, more linked issues than listed. Each is an IncompleteDataError, which
 * the App turns into a failing check (test/github/error-paths.test.ts). The GraphQL answers are
 * pullData's (the shape GitHub returns), with one part taken away.
 */
import type { GitHubApi } from "../../src/github/checks/types.js";
import { fetchPull, IncompleteDataError } from "../../src/github/pull.js";
import { pullData } from "./helpers.js";

const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
type Pull = Record<string, unknown>;

/** GitHub answering the pull request query with `edit(pull)`, and every timeline page with `page`. */
function api(edit: (pull: Pull) => void, page?: (n: number) => Pull): GitHubApi {
  let pages = 0;
  return {
    request: () => Promise.reject(new Error("no REST call expected")),
    graphql: <T>(query: string) => {
      const data = pullData({ number: 2, headSha: HEAD }) as { repository: { pullRequest: Pull } };
      // Every page of the same head, as GitHub answers while nobody pushes.
      if (query.includes("query PullFactsPage") && page) return Promise.resolve({ repository: { pullRequest: { headRefOid: HEAD, ...page(++pages) } } } as T);
      edit(data.repository.pullRequest);
      return Promise.resolve(data as T);
    },
  };
}
const fetch = (github: GitHubApi) => fetchPull(github, "Codertocat", "Hello-World", 2);
const moreTimeline = (pull: Pull) => (pull["timelineItems"] = { pageInfo: { hasNextPage: true, endCursor: "t1" }, nodes: [] });

describe("fetchPull on a partial answer", () => {
  it("reads the complete answer (the baseline the cases below take a part from)", async () => {
    const fetched = await fetch(api(() => undefined));
    expect(fetched.facts.number).toBe(2);
  });

  it.each<[string, (pull: Pull) => void, RegExp]>([
    ["no timeline", (pull) => delete pull["timelineItems"], /no timeline for the pull request: cannot tell who asked for it/],
    ["no edit history of the body", (pull) => delete pull["userContentEdits"], /no edit history of the PR body/],
    ["no linked issues", (pull) => delete pull["closingIssuesReferences"], /no linked issues/],
    ["more linked issues than listed", (pull) => (pull["closingIssuesReferences"] = { totalCount: 3, nodes: [] }), /closes 3 issues: more than 0 cannot be read/],
    ["a linked issue without its timeline", (pull) => (pull["closingIssuesReferences"] = { totalCount: 1, nodes: [{ number: 12, timelineItems: null }] }), /the timeline of linked issue #12 is longer than 100 events: cannot read it all/],
  ])("%s: IncompleteDataError", async (_what, edit, message) => {
    const error = await fetch(api(edit)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteDataError);
    expect(error).toHaveProperty("name", "IncompleteDataError"); // what logs and `String(error)` show
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/\(fail closed\)$/);
  });

  it("a page of reviews that does not come, or fewer reviews than GitHub counts: IncompleteDataError (a missing one could cancel an approval)", async () => {
    const moreReviews = (pull: Pull) => (pull["reviews"] = { totalCount: 101, pageInfo: { hasNextPage: true, endCursor: "r1" }, nodes: [] });
    const missingPage = await fetch(api(moreReviews, () => ({ reviews: null, timelineItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }))).catch((e: unknown) => e);
    expect(missingPage).toBeInstanceOf(IncompleteDataError);
    expect((missingPage as Error).message).toBe("GitHub returned 0 of 101 reviews (a page did not come): cannot read them all (fail closed)");
    const short = await fetch(api((pull) => (pull["reviews"] = { totalCount: 2, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] }))).catch((e: unknown) => e);
    expect(short).toBeInstanceOf(IncompleteDataError);
    expect((short as Error).message).toBe("GitHub returned 0 of 2 reviews (a page did not come): cannot read them all (fail closed)");
  });

  it("a page read after a push (another head's list) is refused, not glued to the first: IncompleteDataError", async () => {
    // A push between the first query and the next page: the page is of the new head's commits
    // (bob's, where the old list's second page held Copilot's head commit), and the two read together are neither head's list:
    // the head judged would lose the agent's commit and pass as bob's.
    const bob = { name: "Bob", email: "bob@acme.example", user: { login: "bob" } };
    const commit = (oid: string, author: typeof bob) => ({ commit: { oid, message: "m", author, committer: author, signature: null } });
    const PUSHED = "f".repeat(40);
    const github = (pageHead: string | undefined): GitHubApi => ({
      request: () => Promise.reject(new Error("no REST call expected")),
      graphql: <T>(query: string) => {
        if (query.includes("query PullFactsPage")) {
          return Promise.resolve({ repository: { pullRequest: { ...(pageHead !== undefined ? { headRefOid: pageHead } : {}), commits: { totalCount: 2, pageInfo: { hasNextPage: false, endCursor: "c2" }, nodes: [commit(PUSHED, bob)] } } } } as T);
        }
        const data = pullData({ number: 2, headSha: HEAD }) as { repository: { pullRequest: Pull } };
        data.repository.pullRequest["commits"] = { totalCount: 2, pageInfo: { hasNextPage: true, endCursor: "c1" }, nodes: [commit("a".repeat(40), bob)] };
        return Promise.resolve(data as T);
      },
    });
    const error = await fetch(github(PUSHED)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteDataError);
    expect((error as Error).message).toBe(`the head moved from ${HEAD.slice(0, 7)} to fffffff while reading the pull request's commits: its pages are of two heads (fail closed); the push's own event evaluates the new head`);
    // A page that does not say its head is no page of this head either.
    await expect(fetch(github(undefined))).rejects.toThrow(`the head moved from ${HEAD.slice(0, 7)} to a head GitHub did not name while reading the pull request's commits`);
  });

  it("a timeline page that does not come: IncompleteDataError", async () => {
    const error = await fetch(api(moreTimeline, () => ({}))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteDataError);
    expect((error as Error).message).toBe("a timeline page is missing (fail closed)");
  });

  it("a timeline longer than 20 pages: IncompleteDataError, after reading 20 pages (the first and 19 more)", async () => {
    const asked: number[] = [];
    const endless = (n: number): Pull => (asked.push(n), { timelineItems: { pageInfo: { hasNextPage: true, endCursor: `t${n + 1}` }, nodes: [] } });
    const error = await fetch(api(moreTimeline, endless)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteDataError);
    expect((error as Error).message).toBe("more than 2000 timeline events: cannot read them all (fail closed)");
    expect(asked).toHaveLength(19);
  });
});

describe("fetchPull says a list is complete only when it was read to its end and GitHub counts no more", () => {
  const commit = (n: number) => ({ commit: { oid: n.toString(16).padStart(40, "0"), message: `step ${n}`, committedDate: "2026-11-19T09:00:00Z", author: { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", user: { login: "Copilot" } }, committer: { name: "GitHub", email: "noreply@github.com", user: { login: "web-flow" } }, signature: null } });
  const file = (n: number) => ({ path: `infra/lib/stack-${n}.ts`, changeType: "MODIFIED" });
  /** GitHub answering: the first query edited by `edit`, page n of the connection with `page(n)`; counts the pages asked for. */
  function paged(edit: (pull: Pull) => void, page: (n: number) => Pull) {
    const asked: number[] = [];
    const github: GitHubApi = {
      request: () => Promise.reject(new Error("no REST call expected")),
      graphql: <T>(query: string) => {
        if (query.includes("query PullFactsPage")) {
          asked.push(asked.length + 1);
          return Promise.resolve({ repository: { pullRequest: { headRefOid: HEAD, ...page(asked.length) } } } as T);
        }
        const data = pullData({ number: 2, headSha: HEAD }) as { repository: { pullRequest: Pull } };
        edit(data.repository.pullRequest);
        return Promise.resolve(data as T);
      },
    };
    return { github, asked };
  }

  it("commits: at most 10 pages are read; a list still going on after them is incomplete (the two-person rule then fails closed)", async () => {
    const { github, asked } = paged(
      (pull) => (pull["commits"] = { totalCount: 5000, pageInfo: { hasNextPage: true, endCursor: "c1" }, nodes: [commit(1)] }),
      (n) => ({ commits: { totalCount: 5000, pageInfo: { hasNextPage: true, endCursor: `c${n + 1}` }, nodes: [commit(n + 1)] } }),
    );
    const { facts } = await fetch(github);
    expect(asked).toHaveLength(9);
    expect(facts.commits).toHaveLength(10);
    expect(facts.commitsComplete).toBe(false);
  });

  it("commits: GitHub saying there is a next page is incomplete even when the count matches; fewer commits than it counts is incomplete without a next page", async () => {
    const more = paged(
      (pull) => (pull["commits"] = { totalCount: 10, pageInfo: { hasNextPage: true, endCursor: "c1" }, nodes: [commit(1)] }),
      (n) => ({ commits: { totalCount: 10, pageInfo: { hasNextPage: true, endCursor: `c${n + 1}` }, nodes: [commit(n + 1)] } }),
    );
    expect((await fetch(more.github)).facts.commitsComplete).toBe(false);
    const fewer = paged(
      (pull) => (pull["commits"] = { totalCount: 3, pageInfo: { hasNextPage: false, endCursor: "c1" }, nodes: [commit(1), commit(2)] }),
      () => ({}),
    );
    expect((await fetch(fewer.github)).facts.commitsComplete).toBe(false);
    const all = paged(
      (pull) => (pull["commits"] = { totalCount: 2, pageInfo: { hasNextPage: false, endCursor: "c1" }, nodes: [commit(1), commit(2)] }),
      () => ({}),
    );
    expect((await fetch(all.github)).facts.commitsComplete).toBe(true);
  });

  it("files: at most 30 pages are read; a list still going on after them is incomplete, even when the count matches", async () => {
    const { github, asked } = paged(
      (pull) => Object.assign(pull, { changedFiles: 30, files: { pageInfo: { hasNextPage: true, endCursor: "f1" }, nodes: [file(1)] } }),
      (n) => ({ files: { pageInfo: { hasNextPage: true, endCursor: `f${n + 1}` }, nodes: [file(n + 1)] } }),
    );
    const fetched = await fetch(github);
    expect(asked).toHaveLength(29);
    expect(fetched.files).toHaveLength(30);
    expect(fetched.facts.filesComplete).toBe(false);
  });

  it("files: a rename whose old path the REST list names does not make a truncated list complete", async () => {
    const github: GitHubApi = {
      request: () => Promise.resolve({ data: [{ filename: "infra/new-stack.ts", status: "renamed", previous_filename: "infra/stack.ts" }] }) as never,
      graphql: <T>() => {
        const data = pullData({ number: 2, headSha: HEAD, files: [{ path: "infra/new-stack.ts", changeType: "RENAMED" }] }) as { repository: { pullRequest: Pull } };
        data.repository.pullRequest["changedFiles"] = 3500;
        return Promise.resolve(data as T);
      },
    };
    const { facts } = await fetch(github);
    expect(facts.files).toEqual([{ path: "infra/new-stack.ts", previousPath: "infra/stack.ts" }]);
    expect(facts.filesComplete).toBe(false);
  });
});
