/**
 * openPullsWithHead (src/github/evaluate.ts): the open pull requests whose head is a commit, for
 * events that carry none (a re-run requested on a fork's PR). Read from the list of every open PR,
 * since GitHub links a fork's commit to no PR of the base repository. Every one or an error: a
 * list GitHub does not give, or more than thirty pages, fails closed.
 */
import nock from "nock";
import { openPullsWithHead } from "../../src/github/evaluate.js";
import { githubOnlyThroughNock, octokitApi } from "./wire.js";

const API = "https://api.github.com";
const SHA = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
const api = octokitApi;
const page = (nodes: { number: number; headRefOid: string }[], next: string | null) => ({
  data: { repository: { openPulls: { totalCount: 5, pageInfo: { hasNextPage: next !== null, endCursor: next }, nodes } } },
});

githubOnlyThroughNock();

describe("openPullsWithHead", () => {
  it("keeps the open pull requests whose head is the commit, over every page", async () => {
    const afters: (string | null)[] = [];
    nock(API)
      .post("/graphql", (b: { variables: { openPulls: string | null } }) => (afters.push(b.variables.openPulls), true))
      .reply(200, page([{ number: 1, headRefOid: SHA }, { number: 3, headRefOid: "f".repeat(40) }], "Y3Vyc29yOjE="))
      .post("/graphql", (b: { variables: { openPulls: string | null } }) => (afters.push(b.variables.openPulls), true))
      .reply(200, page([{ number: 4, headRefOid: SHA }], null));
    await expect(openPullsWithHead(api(), "acme", "platform", SHA)).resolves.toEqual([1, 4]);
    expect(afters).toEqual([null, "Y3Vyc29yOjE="]);
  });

  it("a repository GitHub does not find, or no list, is an error, not 'no pull requests'", async () => {
    nock(API).post("/graphql").reply(200, { data: { repository: null } });
    await expect(openPullsWithHead(api(), "acme", "platform", SHA)).rejects.toThrow("acme/platform not found: cannot list the open pull requests that could share 0a1b2c3 (fail closed)");
    nock(API).post("/graphql").reply(200, { data: { repository: { openPulls: null } } });
    await expect(openPullsWithHead(api(), "acme", "platform", SHA)).rejects.toThrow("GitHub returned no list of open pull requests: cannot find every one that shares 0a1b2c3 (fail closed)");
  });

  it("more than thirty pages (3,000 open pull requests) is an error: the rest could hide one with this head", async () => {
    nock(API).post("/graphql").times(30).reply(200, page([{ number: 7, headRefOid: "f".repeat(40) }], "Y3Vyc29yOjk="));
    await expect(openPullsWithHead(api(), "acme", "platform", SHA)).rejects.toThrow("more than 3000 open pull requests: cannot find every one that shares 0a1b2c3 (fail closed)");
  });
});
