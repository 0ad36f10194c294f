/**
 * A revision deleted from an edit history ("Delete revision from history": the comment's author or
 * anyone with write access may, GitHub changelog 2018-05-24 "Comment edit history") leaves its
 * entry with `diff: null` and says who deleted it (`deletedBy`, GraphQL UserContentEdit). The text
 * can no longer be read, so it may have asked the agent or named who did: whoever wrote or erased it
 * is treated as a requester, as the author of a deleted comment already is.
 *
 * Hand-written GraphQL answers, shaped as GitHub returns them; the Jules body follows the form the
 * research notes record ("PR created automatically by Jules for task [id](…) started by @login").
 * Expected before running: bob erased the record that he asked the agent, so his approval does not
 * count and the PR (one other approval) fails; the same PR without the deletion passes with bob and
 * carol, which shows the deletion is what decides.
 */
import type { GitHubApi } from "../../src/github/checks/types.js";
import { fetchPull } from "../../src/github/pull.js";
import { rule } from "../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { pullData } from "./helpers.js";

const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL JSON edited in place
const policy = resolvePolicy();
const approval = (id: number, login: string) => ({ id, login, state: "APPROVED" as const, commit: HEAD, at: "2026-11-20T10:00:00Z" });
const JULES = { name: "google-labs-jules[bot]", email: "161369871+google-labs-jules[bot]@users.noreply.github.com", login: null };
const NOW_BODY = "PR created automatically by Jules for task [8431](https://jules.google.com/task/8431)";
const FIRST_BODY = `${NOW_BODY} started by @bob`;

/** GitHub answering the PR query with `data`, and the edit-history query with `histories` (by node id). */
function api(data: Json, histories: Record<string, Json[]> = {}): GitHubApi {
  return {
    request: () => Promise.reject(new Error("no REST call expected")),
    graphql: <T>(query: string, variables?: Record<string, unknown>) => {
      if (query.includes("TextEdits")) {
        const ids = (variables?.["ids"] ?? []) as string[];
        return Promise.resolve({ nodes: ids.map((id) => ({ id, userContentEdits: { totalCount: (histories[id] ?? []).length, nodes: histories[id] ?? [] } })) } as T);
      }
      return Promise.resolve(data as T);
    },
  };
}

function julesPull(edits: Json[]): Json {
  const data = pullData({
    number: 7,
    headSha: HEAD,
    author: { login: "google-labs-jules", type: "Bot" },
    headRef: "jules/orders-capacity",
    body: NOW_BODY,
    commits: [{ oid: HEAD, message: "Raise the orders table's read capacity", author: JULES, committer: JULES }],
    reviews: [approval(11, "bob"), approval(12, "carol")],
  }) as Json;
  const pull = data["repository"]["pullRequest"] as Json;
  pull["lastEditedAt"] = "2026-11-19T09:00:00Z";
  pull["userContentEdits"] = { totalCount: edits.length, nodes: edits };
  return data;
}

describe("a revision deleted from an edit history", () => {
  it("bob edits 'started by @bob' out of a Jules PR body and deletes the first revision: his approval does not count", async () => {
    const data = julesPull([
      // Newest first, as GitHub lists them.
      { diff: NOW_BODY, editedAt: "2026-11-19T09:00:00Z", editor: { login: "bob" }, deletedAt: null, deletedBy: null },
      { diff: null, editedAt: "2026-11-19T08:00:00Z", editor: { login: "google-labs-jules" }, deletedAt: "2026-11-19T09:05:00Z", deletedBy: { login: "bob" } },
    ]);
    const { facts } = await fetchPull(api(data), "acme", "platform", 7);
    const d = rule.evaluate(facts, policy);
    expect(d.conclusion).toBe("failure");
    expect(d.approvals.map((a) => a.login)).toEqual(["carol"]);
    expect(d.reasons.some((r) => r.startsWith("bob (review 11) does not count: asked the agent for this change (deleted an earlier revision of the PR body"))).toBe(true);
  });

  it("the same PR whose first revision is still readable names bob from it; without any such record bob and carol pass it", async () => {
    const readable = julesPull([
      { diff: NOW_BODY, editedAt: "2026-11-19T09:00:00Z", editor: { login: "bob" }, deletedAt: null, deletedBy: null },
      { diff: FIRST_BODY, editedAt: "2026-11-19T08:00:00Z", editor: { login: "google-labs-jules" }, deletedAt: null, deletedBy: null },
    ]);
    expect(rule.evaluate((await fetchPull(api(readable), "acme", "platform", 7)).facts, policy).approvals.map((a) => a.login)).toEqual(["carol"]);
    const never = julesPull([]);
    expect(rule.evaluate((await fetchPull(api(never), "acme", "platform", 7)).facts, policy)).toMatchObject({ conclusion: "success" });
  });

  it("bob's comment '@jules …' edited to 'LGTM' with its first revision deleted: his approval does not count", async () => {
    const data = julesPull([]);
    const pull = data["repository"]["pullRequest"] as Json;
    pull["timelineItems"].nodes.push({ __typename: "IssueComment", id: "IC_kwDOB1", createdAt: "2026-11-19T08:30:00Z", lastEditedAt: "2026-11-19T08:40:00Z", author: { login: "bob" }, body: "LGTM" });
    pull["timelineItems"].totalCount = 1;
    const { facts } = await fetchPull(
      api(data, {
        IC_kwDOB1: [
          { diff: "LGTM", editedAt: "2026-11-19T08:40:00Z", editor: { login: "bob" }, deletedAt: null, deletedBy: null },
          { diff: null, editedAt: "2026-11-19T08:30:00Z", editor: { login: "bob" }, deletedAt: "2026-11-19T08:41:00Z", deletedBy: { login: "bob" } },
        ],
      }),
      "acme",
      "platform",
      7,
    );
    const d = rule.evaluate(facts, policy);
    expect(d.approvals.map((a) => a.login)).toEqual(["carol"]);
    expect(d.conclusion).toBe("failure");
  });
});
