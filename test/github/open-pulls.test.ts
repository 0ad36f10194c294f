/**
 * openPullsWithHead (src/github/evaluate.ts): the open pull requests whose head is a commit, for
 * events that carry none (a re-run requested on a fork's PR). Every one or an error: a page
 * GitHub does not give, or more than ten pages, fails closed.
 */
import nock from "nock";
import { openPullsWithHead } from "../../src/github/evaluate.js";
import { githubOnlyThroughNock, octokitApi } from "./wire.js";

const API = "https://api.github.com";
const SHA = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
const api = octokitApi;
const page = (nodes: { number: number; state: string; headRefOid: string }[], next: string | null) => ({
  data: { repository: { object: { associatedPullRequests: { pageInfo: { hasNextPage: next !== null, endCursor: next }, nodes } } } },
});

githubOnlyThroughNock();

describe("openPullsWithHead", () => {
  it("keeps the open pull requests whose head is the commit, over every page", async () => {
    const afters: (string | null)[] = [];
    nock(API)
      .post("/graphql", (b: { variables: { after: string | null } }) => (afters.push(b.variables.after), true))
      .reply(200, page([{ number: 1, state: "OPEN", headRefOid: SHA }, { number: 2, state: "CLOSED", headRefOid: SHA }, { number: 3, state: "OPEN", headRefOid: "f".repeat(40) }], "Y3Vyc29yOjE="))
      .post("/graphql", (b: { variables: { after: string | null } }) => (afters.push(b.variables.after), true))
      .reply(200, page([{ number: 4, state: "OPEN", headRefOid: SHA }, { number: 5, state: "MERGED", headRefOid: SHA }], null));
    await expect(openPullsWithHead(api(), "acme", "platform", SHA)).resolves.toEqual([1, 4]);
    expect(afters).toEqual([null, "Y3Vyc29yOjE="]);
  });

  it("a commit or repository GitHub does not find is an error, not 'no pull requests'", async () => {
    nock(API).post("/graphql").reply(200, { data: { repository: { object: null } } });
    await expect(openPullsWithHead(api(), "acme", "platform", SHA)).rejects.toThrow("commit 0a1b2c3 not found in acme/platform (fail closed)");
    nock(API).post("/graphql").reply(200, { data: { repository: null } });
    await expect(openPullsWithHead(api(), "acme", "platform", SHA)).rejects.toThrow("commit 0a1b2c3 not found in acme/platform (fail closed)");
  });

  it("more than ten pages (1,000 pull requests) is an error: the rest could hide one with this head", async () => {
    nock(API).post("/graphql").times(10).reply(200, page([{ number: 7, state: "CLOSED", headRefOid: SHA }], "Y3Vyc29yOjk="));
    await expect(openPullsWithHead(api(), "acme", "platform", SHA)).rejects.toThrow("more than 1,000 pull requests contain 0a1b2c3: cannot find every one with this head (fail closed)");
  });
});
