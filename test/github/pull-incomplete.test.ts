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
      if (query.includes("query PullFactsPage") && page) return Promise.resolve({ repository: { pullRequest: page(++pages) } } as T);
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
