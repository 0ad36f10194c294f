/**
 * Which pull requests a merge group holds: only what GitHub's merge queue says, read to its end.
 * A queue that cannot be read, an entry for another PR than the branch names, or an entry without
 * a pull request is an error (the App fails the check), never a guess from the branch name.
 */
import type { GitHubApi } from "../../src/github/checks/types.js";
import { mergeGroupPulls, NotInQueueError, openPullsInto, parseQueueBranch } from "../../src/github/evaluate.js";

const SHA = "c".repeat(40);
type Entry = { position: number; headCommit: { oid: string } | null; pullRequest: { number: number } | null };

/** GitHub answering every GraphQL query with the next of `answers` (the last one repeats). */
function api(answers: unknown[]): GitHubApi & { queries: Record<string, unknown>[] } {
  const queries: Record<string, unknown>[] = [];
  return {
    queries,
    request: () => Promise.reject(new Error("no REST call expected")),
    graphql: <T>(_query: string, variables?: Record<string, unknown>) => {
      queries.push(variables ?? {});
      return Promise.resolve(answers[Math.min(queries.length - 1, answers.length - 1)] as T);
    },
  };
}
const queue = (nodes: Entry[], hasNextPage = false) => ({ repository: { mergeQueue: { entries: { pageInfo: { hasNextPage, endCursor: hasNextPage ? "next" : null }, nodes } } } });
const group = (headRef: string) => ({ head_sha: SHA, head_ref: headRef, base_ref: "refs/heads/main" });
const entry = (position: number, number: number | null, oid = "e".repeat(40)): Entry => ({ position, headCommit: { oid }, pullRequest: number === null ? null : { number } });

describe("parseQueueBranch", () => {
  test("base (which may hold slashes) and PR number of a queue branch; anything else is no queue branch", () => {
    expect(parseQueueBranch(`refs/heads/gh-readonly-queue/release/1.0/pr-7-${SHA}`)).toEqual({ base: "release/1.0", number: 7 });
    expect(parseQueueBranch(`gh-readonly-queue/main/pr-12-${SHA.slice(0, 7)}`)).toEqual({ base: "main", number: 12 });
    expect(parseQueueBranch(`gh-readonly-queue/pr-7-${SHA}`)).toBeUndefined();
    expect(parseQueueBranch("gh-readonly-queue/main/pr-7-not-a-sha")).toBeUndefined();
    expect(parseQueueBranch(`feature/pr-7-${SHA}`)).toBeUndefined();
  });
});

describe("mergeGroupPulls", () => {
  test("the group's entry and every entry ahead of it, not those behind; an entry ahead without a PR adds none", async () => {
    const github = api([queue([entry(1, 3), entry(2, null), entry(3, 7, SHA), entry(4, 9)])]);
    await expect(mergeGroupPulls(github, "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).resolves.toEqual([3, 7]);
    expect(github.queries[0]).toMatchObject({ branch: "main", after: null });
  });

  test("a branch without a merge queue: NotInQueueError", async () => {
    await expect(mergeGroupPulls(api([{ repository: { mergeQueue: null } }]), "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).rejects.toThrow(NotInQueueError);
  });

  test("the branch names #7 but the queue's entry for the commit is #9: an error, neither is trusted", async () => {
    await expect(mergeGroupPulls(api([queue([entry(1, 9, SHA)])]), "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).rejects.toThrow(
      `gh-readonly-queue/main/pr-7-${SHA} names #7, but the queue entry for ccccccc is #9 (fail closed)`,
    );
  });

  test("the group's entry has no pull request and none is ahead: an error, not an empty group that passes", async () => {
    await expect(mergeGroupPulls(api([queue([entry(1, null, SHA)])]), "acme", "platform", group("some-branch"))).rejects.toThrow(
      "cannot tell which pull requests merge group ccccccc (some-branch) holds (fail closed)",
    );
  });

  test("a queue that never ends: an error after 20 pages, not the entries read so far", async () => {
    const github = api([queue([entry(1, 3)], true)]);
    await expect(mergeGroupPulls(github, "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).rejects.toThrow("the merge queue of main holds more than 2,000 entries: cannot read it all (fail closed)");
    expect(github.queries).toHaveLength(20);
    expect(github.queries[1]).toMatchObject({ after: "next" });
  });
});

describe("openPullsInto", () => {
  test("the PRs listed and how many more there are; a repository GitHub does not return is an error", async () => {
    const answer = { repository: { pullRequests: { totalCount: 5, nodes: [{ number: 4, headRefOid: SHA }] } } };
    await expect(openPullsInto(api([answer]), "acme", "platform", "main", 1)).resolves.toEqual({ pulls: [{ number: 4, headSha: SHA }], more: 4 });
    await expect(openPullsInto(api([{ repository: null }]), "acme", "platform", "main", 1)).rejects.toThrow("acme/platform not found");
  });
});
