/**
 * GitHub's API can lag its webhooks: right after a push, the API may still answer with the
 * previous head (JasonEtco/todo#169 "Replication lag"; tanium/octobot#75: "the old commit hash is
 * being returned by the api, even though the push webhook already fired"; rocq-prover/bot#1). The
 * new head must not be left without a run (a required check that never reports blocks the PR with
 * no run to re-run), and an event for an older head must not be re-read in a loop.
 * Payload: the real `pull_request.synchronize` of @octokit/webhooks-examples (MIT; head ec26c3e).
 */
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { COPILOT, examplePayload, GITHUB_NOREPLY, pullData } from "./helpers.js";
import { createRun, github, githubOnlyThroughNock, graphqlReply, HEAD, noConfig, OLD, REPO, twoPersonAppPerTest, type CheckBody } from "./wire.js";

githubOnlyThroughNock();
const app = twoPersonAppPerTest({ retryDelaysMs: [0, 0] });
const { results } = app;
const synchronize = () => app.receive("pull_request", examplePayload("pull_request", "synchronize"));
const plan = { oid: OLD, message: "Initial plan", author: COPILOT, committer: GITHUB_NOREPLY };

describe("the API behind the webhook", () => {
  it("a head the API does not show yet is read again, and its run is written on it", async () => {
    // Decided before running: the API first answers with the previous head 6dcb09b, then with
    // ec26c3e. The run must be written on ec26c3e (Copilot, infra, no approvals: FAIL); before, it
    // was written on 6dcb09b only and ec26c3e never got one.
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: OLD, commits: [plan] }));
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, commits: [plan, { ...plan, oid: HEAD, message: "Scale the table" }] }));
    noConfig(scope);
    createRun(scope, rec);
    await synchronize();
    expect(results.map((r) => r.sha)).toEqual([HEAD]);
    expect(rec.checkRuns.map((r) => [r.body.head_sha, r.body.conclusion])).toEqual([[HEAD, "failure"]]);
  });

  it("still behind after the retries: the event's head gets a failing run saying why (a Re-run reads it again)", async () => {
    const { scope, rec } = github();
    for (let i = 0; i < 3; i++) graphqlReply(scope, rec, pullData({ number: 2, headSha: OLD, commits: [plan] }));
    noConfig(scope);
    scope.post(`${REPO}/check-runs`, (body: CheckBody) => (rec.checkRuns.push({ method: "POST", path: "create", body }), true)).times(2).reply(201, { id: 5 });
    await synchronize();
    const onHead = rec.checkRuns.find((r) => r.body.head_sha === HEAD);
    expect(onHead?.body).toEqual(expect.objectContaining({ name: TWO_PERSON_CHECK, conclusion: "failure" }));
    expect(onHead?.body.output.summary).toContain("GitHub's API does not show ec26c3e as the head of #2 yet (it shows 6dcb09b)");
  });

  it("an event for an older head of the PR (delivered late) is not read again: the current head is evaluated once", async () => {
    // ec26c3e is a commit of the PR but no longer its head (6dcb09b came after it).
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: OLD, commits: [{ ...plan, oid: HEAD }, plan] }));
    noConfig(scope);
    createRun(scope, rec);
    await synchronize();
    expect(rec.graphql).toHaveLength(1);
    expect(rec.checkRuns.map((r) => r.body.head_sha)).toEqual([OLD]);
  });
});
