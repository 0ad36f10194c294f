/**
 * "Re-run all checks" on this app's check suite: GitHub sends `check_suite.rerequested` (not a
 * `check_run` event) to the app that owns the suite, and resets the suite to queued. The app must
 * re-evaluate the suite's commit as a re-run of one check does; a suite of another app (GitHub
 * Actions, another CI: apps with `checks: write` receive every suite's events) is none of its
 * business. Payload: the real `check_suite.rerequested` of @octokit/webhooks-examples (MIT;
 * Codertocat/Hello-World, head ec26c3e, pull_requests [#2]).
 */
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { APP_ID, examplePayload, pullData } from "./helpers.js";
import { github, githubOnlyThroughNock, graphqlReply, HEAD, noConfig, REPO, twoPersonAppPerTest, updateRun } from "./wire.js";

githubOnlyThroughNock();
const app = twoPersonAppPerTest();
const { results } = app;
const receive = (payload: Record<string, unknown>) => app.receive("check_suite", payload);

describe("check_suite.rerequested", () => {
  it("re-evaluates the head of this app's suite and updates its run", async () => {
    // Decided before running: #2 is Copilot's infrastructure PR without approvals at ec26c3e: the
    // re-run must write a FAILURE on the existing run 4242 (before: nothing was re-evaluated).
    const payload = examplePayload("check_suite", "rerequested");
    payload["check_suite"].app.id = APP_ID;
    payload["installation"].id = 1; // the installation the test's token is for
    const { scope, rec } = github();
    scope.post("/graphql", (b: { query: string }) => b.query.includes("OpenPullHeads")).reply(200, {
      data: { repository: { openPulls: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ number: 2, headRefOid: HEAD }] } } },
    });
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, checkRuns: [{ id: 4242, name: TWO_PERSON_CHECK, conclusion: "SUCCESS" }] }));
    noConfig(scope);
    updateRun(scope, rec, 4242); // in progress first (it passed), then the verdict
    updateRun(scope, rec, 4242);
    await receive(payload);
    expect(results[0]).toEqual(expect.objectContaining({ sha: HEAD, pulls: [2] }));
    expect(rec.checkRuns.map((r) => [r.path, r.body.status, r.body.conclusion])).toEqual([
      [`${REPO}/check-runs/4242`, "in_progress", undefined],
      [`${REPO}/check-runs/4242`, "completed", "failure"],
    ]);
  });

  it("ignores another app's suite (GitHub Actions, another CI)", async () => {
    const payload = examplePayload("check_suite", "rerequested");
    expect(payload["check_suite"].app.id).not.toBe(APP_ID);
    await receive(payload);
    expect(results).toEqual([]);
  });
});
