/**
 * A check run belongs to a commit: every open pull request whose head it is reads the same run,
 * so the app must evaluate all of them before writing a pass. GitHub links a fork's commit to no
 * pull request of the base repository: `GET /repos/{base}/commits/{sha}/pulls` (and GraphQL's
 * `associatedPullRequests`, the same association) return nothing for a fork PR's head — observed
 * and reported in HypothesisWorks/hypothesis#4840, TooTallNate/nx.js#410 (querying the base repo
 * returned `[]`, the fork returned the upstream PR) and retransmission/retransmission#280 (0
 * results for every fork PR, 1 for every same-repository PR). The app must find fork PRs by
 * listing the open pull requests.
 *
 * Payloads: the real `pull_request.opened` (Codertocat/Hello-World#2, head ec26c3e) and
 * `check_run.rerequested` (github/hello-world, head d6fde92, `pull_requests: []`, as GitHub sends
 * it for a fork PR) of @octokit/webhooks-examples (MIT).
 */
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { BASE_SHA, examplePayload, pullData } from "./helpers.js";
import { createRun, github, githubOnlyThroughNock, graphqlReply, HEAD, noConfig, twoPersonAppPerTest, type CheckBody } from "./wire.js";

githubOnlyThroughNock();
const { results, receive } = twoPersonAppPerTest();

const CODERTOCAT = { name: "Codertocat", email: "21031067+Codertocat@users.noreply.github.com", login: "Codertocat" };
/** A human's docs-only PR: not guarded, it passes on its own. */
const humanDocs = (number: number, headSha: string, extra: Partial<Parameters<typeof pullData>[0]> = {}) =>
  pullData({
    number,
    headSha,
    author: { login: "Codertocat", type: "User" },
    headRef: "changes",
    body: "Update the readme",
    files: [{ path: "README.md" }],
    commits: [{ oid: headSha, message: "Update README.md", author: CODERTOCAT }],
    ...extra,
  });

/** One page of the list of open PRs, as GitHub returns it (`next`: the cursor of the page after it). */
const page = (nodes: { number: number; headRefOid: string }[], next: string | null, totalCount = 101) => ({ totalCount, pageInfo: { hasNextPage: next !== null, endCursor: next ?? "end" }, nodes });
/** #2's facts with the first page of open PRs replaced. */
const withOpenPulls = (openPulls: unknown) => {
  const data = humanDocs(2, HEAD) as { repository: { openPulls: unknown } };
  data.repository.openPulls = openPulls;
  return data;
};
const opened = () => receive("pull_request", examplePayload("pull_request", "opened", 1));

describe("a fork PR sharing the head is evaluated with it", () => {
  it("a same-repository PR passing on its own does not pass the head of a fork's agent PR that GitHub links to no commit", async () => {
    // Decided before running: #7 (Copilot, infra, no approvals, from a fork) has head ec26c3e too,
    // and the run on ec26c3e is what its branch protection reads: the run must FAIL. GitHub's
    // association for ec26c3e names only #2 (the same-repository PR); the list of open PRs names both.
    const { scope, rec } = github();
    graphqlReply(scope, rec, humanDocs(2, HEAD, { openPulls: [{ number: 2, headRefOid: HEAD }, { number: 5, headRefOid: "f".repeat(40) }, { number: 7, headRefOid: HEAD }] }));
    graphqlReply(scope, rec, pullData({ number: 7, headSha: HEAD, headRef: "copilot/fix-12" }));
    noConfig(scope);
    createRun(scope, rec);
    await opened();
    expect(results[0]?.pulls).toEqual([2, 7]);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("**FAIL**: #7 of the pull requests with this head (#2, #7) does not pass");
  });

  it("the list of open PRs is read to its end (the fork PR on its second page still counts)", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, withOpenPulls(page([{ number: 2, headRefOid: HEAD }], "b3Ax")));
    scope.post("/graphql", (b: { query: string; variables: { openPulls?: string } }) => b.query.includes("OpenPullHeads") && b.variables.openPulls === "b3Ax").reply(200, {
      data: { repository: { openPulls: page([{ number: 7, headRefOid: HEAD }], null) } },
    });
    graphqlReply(scope, rec, pullData({ number: 7, headSha: HEAD }));
    noConfig(scope);
    createRun(scope, rec);
    await opened();
    expect(results[0]?.pulls).toEqual([2, 7]);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
  });

  it("a list of open PRs GitHub does not return fails the check closed, not a pass without them", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, withOpenPulls(null));
    createRun(scope, rec);
    await opened();
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("GitHub returned no list of open pull requests");
  });

  it("more than 3,000 open PRs fails closed: the rest could hide one with this head", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, withOpenPulls(page([{ number: 2, headRefOid: HEAD }], "p", 3500)));
    scope.post("/graphql", (b: { query: string }) => b.query.includes("OpenPullHeads")).times(29).reply(200, { data: { repository: { openPulls: page([], "p", 3500) } } });
    createRun(scope, rec);
    await opened();
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("more than 3000 open pull requests: cannot find every one that shares ec26c3e (fail closed)");
  });
});

describe("check_run.rerequested on a fork PR", () => {
  it("re-evaluates the fork PR GitHub links to no commit, instead of failing for 'no open pull request'", async () => {
    // Decided before running: #9 is a human's docs PR from a fork with head d6fde92; "Re-run" must
    // re-evaluate it and PASS (before: the association named no PR, and the run turned red).
    const payload = examplePayload("check_run", "rerequested");
    payload["check_run"].name = TWO_PERSON_CHECK;
    const sha = payload["check_run"].head_sha as string;
    expect(payload["check_run"].pull_requests).toEqual([]);
    const { scope, rec } = github();
    scope.post("/graphql", (b: { query: string }) => b.query.includes("OpenPullHeads")).reply(200, {
      data: { repository: { openPulls: page([{ number: 4, headRefOid: "e".repeat(40) }, { number: 9, headRefOid: sha }], null, 2) } },
    });
    graphqlReply(scope, rec, humanDocs(9, sha, { openPulls: [{ number: 4, headRefOid: "e".repeat(40) }, { number: 9, headRefOid: sha }] }));
    scope.get("/repos/github/hello-world/contents/.github%2Fagent-guardrail.yml").query({ ref: BASE_SHA }).reply(404, { message: "Not Found" });
    scope.post("/repos/github/hello-world/check-runs", (body: CheckBody) => (rec.checkRuns.push({ method: "POST", path: "create", body }), true)).reply(201, { id: 12 });
    await receive("check_run", payload);
    expect(results[0]?.pulls).toEqual([9]);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("success");
  });
});
