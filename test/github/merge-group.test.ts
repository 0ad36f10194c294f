/**
 * Which pull requests a merge group holds: only what GitHub's merge queue says, read to its end.
 * A queue that cannot be read, an entry for another PR than the branch names, or an entry of the
 * group without a pull request is an error (the App fails the check), never a guess from the
 * branch name.
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

  test("names that only resemble a queue branch are none: the prefix elsewhere, an empty base, more around pr-<N>-<sha>", () => {
    expect(parseQueueBranch(`users/alice/gh-readonly-queue/main/pr-7-${SHA}`)).toBeUndefined();
    expect(parseQueueBranch(`gh-readonly-queue//pr-7-${SHA}`)).toBeUndefined();
    expect(parseQueueBranch(`gh-readonly-queue/main/hotfix-pr-7-${SHA}`)).toBeUndefined();
    expect(parseQueueBranch(`gh-readonly-queue/main/pr-7-${SHA.slice(0, 7)}-retry`)).toBeUndefined();
    // Only a leading refs/heads/ is the ref's prefix; one inside is part of the base's name.
    expect(parseQueueBranch(`gh-readonly-queue/refs/heads/main/pr-7-${SHA}`)).toEqual({ base: "refs/heads/main", number: 7 });
  });
});

describe("mergeGroupPulls", () => {
  test("the group's entry and every entry ahead of it, not those behind (an entry behind may name no PR)", async () => {
    const github = api([queue([entry(2, 5), entry(1, 3), entry(3, 7, SHA), entry(4, null)])]);
    await expect(mergeGroupPulls(github, "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).resolves.toEqual([3, 5, 7]);
    expect(github.queries[0]).toMatchObject({ branch: "main", after: null });
  });

  test("an entry ahead of the group whose pull request GitHub does not name: an error, never a group without it", async () => {
    const github = api([queue([entry(1, 3), entry(2, null), entry(3, 7, SHA)])]);
    await expect(mergeGroupPulls(github, "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).rejects.toThrow(
      `cannot tell which pull requests merge group ccccccc (gh-readonly-queue/main/pr-7-${SHA}) holds: the queue entry at position 2 names none (fail closed)`,
    );
  });

  test("the group's own entry names no pull request, though one ahead does: an error, not a group of the others", async () => {
    await expect(mergeGroupPulls(api([queue([entry(1, 3), entry(2, null, SHA)])]), "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).rejects.toThrow(
      "the queue entry at position 2 names none (fail closed)",
    );
  });

  test("an entry whose merge commit GitHub has not built yet (no head commit) is not the group's entry, and the group's entry is still found", async () => {
    const building: Entry = { position: 1, headCommit: null, pullRequest: { number: 3 } };
    await expect(mergeGroupPulls(api([queue([building, entry(2, 7, SHA)])]), "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).resolves.toEqual([3, 7]);
  });

  test("a branch not named like a queue branch: the queue's entry for the commit decides", async () => {
    await expect(mergeGroupPulls(api([queue([entry(1, 3), entry(2, 7, SHA)])]), "acme", "platform", group("feature/orders"))).resolves.toEqual([3, 7]);
  });

  test("a branch without a merge queue, or a repository GitHub does not return: NotInQueueError", async () => {
    await expect(mergeGroupPulls(api([{ repository: { mergeQueue: null } }]), "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).rejects.toThrow(NotInQueueError);
    await expect(mergeGroupPulls(api([{ repository: null }]), "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).rejects.toThrow(NotInQueueError);
  });

  test("the branch names #7 but the queue's entry for the commit is #9: an error, neither is trusted", async () => {
    await expect(mergeGroupPulls(api([queue([entry(1, 9, SHA)])]), "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).rejects.toThrow(
      `gh-readonly-queue/main/pr-7-${SHA} names #7, but the queue entry for ccccccc is #9 (fail closed)`,
    );
  });

  test("the group's entry has no pull request and none is ahead: an error, not an empty group that passes", async () => {
    await expect(mergeGroupPulls(api([queue([entry(1, null, SHA)])]), "acme", "platform", group("some-branch"))).rejects.toThrow(
      "cannot tell which pull requests merge group ccccccc (some-branch) holds: the queue entry at position 1 names none (fail closed)",
    );
  });

  test("entries sharing the group's commit (a group of several pull requests): the group holds them all, whatever order GitHub lists them in", async () => {
    // The queue lists #3 (position 1) first: taking the first entry with the group's commit would
    // leave #5 and #7 out of the group's verdict though the commit holds their changes.
    const shared = [entry(1, 3, SHA), entry(2, 5, SHA), entry(3, 7, SHA), entry(4, 9)];
    await expect(mergeGroupPulls(api([queue(shared)]), "acme", "platform", group("feature/orders"))).resolves.toEqual([3, 5, 7]);
    await expect(mergeGroupPulls(api([queue(shared)]), "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).resolves.toEqual([3, 5, 7]);
    await expect(mergeGroupPulls(api([queue([...shared].reverse())]), "acme", "platform", group(`gh-readonly-queue/main/pr-7-${SHA}`))).resolves.toEqual([3, 5, 7]);
    // The branch names a pull request none of them is: still an error.
    await expect(mergeGroupPulls(api([queue(shared)]), "acme", "platform", group(`gh-readonly-queue/main/pr-9-${SHA}`))).rejects.toThrow("names #9, but the queue entries for ccccccc are #3, #5, #7 (fail closed)");
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
