/**
 * The agent-permissions check compares the head with the commit the pull request's changes are
 * taken from: the merge base of the base branch's tip and the head, as GitHub's own diff (and so
 * the file list the check reads) takes them. Not with `baseRefOid` (REST `base.sha`): GitHub
 * records the base branch's tip when the PR was opened and does not move it with the branch
 * (github/docs#431; rust-lang/bors#40, jenkins-x/lighthouse#1618 and Mergifyio/mergify#3480 stop
 * reading it for that reason), so once the base moved it is neither what the PR started from nor
 * what it merges into. Not with the base tip either: a statement the base removed since, which the
 * head still holds untouched, is no change of the PR (merging keeps the removal).
 *
 * Payload: the real pull_request.opened of @octokit/webhooks-examples (MIT; Codertocat/Hello-World
 * #2, head ec26c3e); the template is the helpers' production template with a Kiro agent role.
 */
import nock from "nock";
import type { Probot } from "probot";
import { CHECK_NAME as AGENT_PERMISSIONS_CHECK } from "../../src/github/checks/agent-permissions.js";
import { agentRoleTemplate, ALL_DYNAMODB, examplePayload, pullData, RATE_HEADERS, READ_ORDERS, testProbot } from "./helpers.js";
import { API, CONFIG, githubOnlyThroughNock, HEAD, REPO } from "./wire.js";

githubOnlyThroughNock();
let probot: Probot;
beforeEach(async () => {
  probot = await testProbot();
});

const TEMPLATE = "infra/cdk.out/OrdersProdStack.template.json";
/** master when the PR was opened (GitHub's baseRefOid, never moved since). */
const OPENED_ON = "380387fbc80638b734a49e1be1c4dfec1c01b33c";
/** master now (baseRef.target.oid). */
const TIP = "9a1e0b4c2d3f5a6b7c8d9e0f1a2b3c4d5e6f7a8b";
const contents = (file: string) => new RegExp(`/contents/${file.split("/").map((p) => p.replace(/[.[\]]/g, "\\$&")).join("(%2F|/)")}$`);
const RAW = { "content-type": "application/vnd.github.raw; charset=utf-8" };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL JSON edited in place
type Body = { name: string; conclusion: string; output: { title: string; summary: string } };

/**
 * A Kiro PR changing the template, opened on OPENED_ON, master now at TIP; GitHub's comparison of
 * TIP...HEAD names `mergeBase`; `at` gives the template at each commit the check may read.
 */
async function permissionsRun(mergeBase: string | null | { status: number }, at: Record<string, string | undefined>): Promise<{ body: Body | undefined; reads: string[]; compared: string[] }> {
  const scope = nock(API);
  const reads: string[] = [];
  const compared: string[] = [];
  const runs: Body[] = [];
  scope.post("/app/installations/1/access_tokens").optionally().reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
  const data = pullData({ number: 2, headSha: HEAD, baseSha: OPENED_ON, files: [{ path: TEMPLATE }] }) as Json;
  data["repository"].pullRequest.baseRef.target.oid = TIP;
  scope.post("/graphql", (b: { query: string }) => !b.query.includes("BaseProjects")).reply(200, { data }, RATE_HEADERS("graphql", 4990));
  scope.get(CONFIG).query({ ref: TIP }).reply(404, { message: "Not Found" });
  scope
    .get(`${REPO}/compare/${TIP}...${HEAD}`)
    .query(true)
    .optionally()
    .reply(() => {
      compared.push(`${TIP}...${HEAD}`);
      if (mergeBase !== null && typeof mergeBase === "object") return [mergeBase.status, { message: "Not Found" }];
      return [200, { merge_base_commit: mergeBase === null ? null : { sha: mergeBase }, files: [{ filename: TEMPLATE, status: "modified", sha: "1".repeat(40) }] }];
    });
  for (const [sha, text] of Object.entries(at)) {
    scope
      .get(contents(TEMPLATE))
      .query({ ref: sha })
      .optionally()
      .reply(() => (reads.push(sha), text === undefined ? [404, { message: "Not Found" }] : [200, text, RAW]));
  }
  scope.post(`${REPO}/check-runs`, (body: Body) => (runs.push(body), true)).times(3).reply(201, { id: 1 });
  await probot.receive({ id: "d1", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);
  return { body: runs.find((r) => r.name === AGENT_PERMISSIONS_CHECK), reads, compared };
}

describe("agent permissions compares the head with the merge base, not the base commit GitHub recorded when the PR was opened", () => {
  it("master dropped the agent's dynamodb:* since the PR opened; the PR merges master and puts it back: new, FAIL", async () => {
    // Decided before running: the PR was opened when master (OPENED_ON) granted the Kiro role
    // dynamodb:* on *; the security team removed it (TIP). The agent then merged master into its
    // branch (merge base TIP) and wrote the statement back. GitHub's diff of this PR adds it, and
    // merging grants it again: a new destructive finding → failure. Compared with OPENED_ON (which
    // still had it) it was "not new" and the check passed.
    const { body, reads, compared } = await permissionsRun(TIP, {
      [HEAD]: agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]),
      [TIP]: agentRoleTemplate([READ_ORDERS]),
      [OPENED_ON]: agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]),
    });
    expect(compared).toEqual([`${TIP}...${HEAD}`]);
    expect(reads.sort()).toEqual([HEAD, TIP].sort());
    expect(body?.conclusion).toBe("failure");
    expect(body?.output.summary).toContain("dynamodb:DeleteTable");
  });

  it("a reviewed PR gave the role dynamodb:* on master since; the agent's PR merges master and edits the template elsewhere: nothing new, success", async () => {
    // Decided before running: the widening came from master (a person's reviewed PR merged at
    // TIP, now the merge base); this PR's diff does not add it, so nothing the PR adds is new →
    // success. Compared with OPENED_ON (before the widening) it was the PR's and failed it.
    const { body } = await permissionsRun(TIP, {
      [HEAD]: agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]).replace("Orders service (production)", "Orders service (production, eu)"),
      [TIP]: agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]),
      [OPENED_ON]: agentRoleTemplate([READ_ORDERS]),
    });
    expect(body?.conclusion).toBe("success");
  });

  it("master dropped the statement since, and the PR's branch (merge base OPENED_ON) never touched it: merging keeps the removal, success", async () => {
    // Decided before running: the head still holds dynamodb:* because it branched before master
    // removed it; GitHub's diff (from the merge base OPENED_ON) does not add it and the merge keeps
    // master's removal → nothing new, success. Compared with the tip it would look added.
    const { body } = await permissionsRun(OPENED_ON, {
      [HEAD]: agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]).replace("Orders service (production)", "Orders service (production, eu)"),
      [TIP]: agentRoleTemplate([READ_ORDERS]),
      [OPENED_ON]: agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]),
    });
    expect(body?.conclusion).toBe("success");
  });

  it("GitHub cannot compare the base's tip with the head (404): the check fails closed, naming the comparison", async () => {
    // Decided before running: without the merge base nothing says what the PR adds → failure with the reason.
    const { body } = await permissionsRun({ status: 404 }, { [HEAD]: agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]) });
    expect(body?.conclusion).toBe("failure");
    expect(body?.output.summary).toContain(`merge base of ${TIP.slice(0, 7)} and ${HEAD.slice(0, 7)}`);
  });

  it("GitHub's comparison names no merge base: the check fails closed, saying so", async () => {
    // Decided before running: an answer without merge_base_commit leaves the base side unknown → failure, never a pass.
    const { body } = await permissionsRun(null, { [HEAD]: agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]) });
    expect(body?.conclusion).toBe("failure");
    expect(body?.output.summary).toContain(`names no merge base of ${TIP.slice(0, 7)} and ${HEAD.slice(0, 7)}`);
  });

  it("a PR whose head changes no template or policy asks no comparison", async () => {
    // Decided before running: nothing to compare, so no request for the merge base (the cost stays as documented).
    const { body, compared } = await permissionsRun(TIP, { [HEAD]: "# orders\n" });
    expect(body?.conclusion).toBe("success");
    expect(compared).toEqual([]);
  });
});
