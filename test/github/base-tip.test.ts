/**
 * A pull request's recorded base commit (REST `base.sha`, GraphQL `baseRefOid`) is the base
 * branch's tip when the PR was opened, not its tip now: GitHub does not move it when the base
 * branch moves on (github/docs#431, "the .base.sha field is … the latest commit of the base branch
 * at the time the PR got created"; rust-lang/bors#40 and Mergifyio/mergify#3480 resolve the base
 * branch's tip for that reason). The project folders that make a path infrastructure are those
 * of the base branch the PR merges into, read at its tip (`baseRef.target.oid`), as the config is.
 * Payload: the real pull_request.opened of @octokit/webhooks-examples (MIT; PR #2, head ec26c3e).
 */
import { BASE_SHA, examplePayload, pullData } from "./helpers.js";
import { baseProjects, CONFIG, createRun, devinOrdersPull, github, githubOnlyThroughNock, graphqlReply, HEAD, noConfig, twoPersonAppPerTest } from "./wire.js";

githubOnlyThroughNock();
const app = twoPersonAppPerTest({ retryDelaysMs: [] });

/** master when the PR was opened: services/orders was a plain folder. */
const OPENED_ON = "380387fbc80638b734a49e1be1c4dfec1c01b33c";
/** master now: a merged PR made services/orders a CDK app (services/orders/cdk.json). */
const TIP = "9a1e0b4c2d3f5a6b7c8d9e0f1a2b3c4d5e6f7a8b";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL JSON edited in place

describe("project folders are read on the base branch's tip, not on the base commit GitHub recorded when the PR was opened", () => {
  it("a Devin PR changing services/orders/src/table.ts after master made services/orders a CDK app is guarded", async () => {
    // Decided before running: merged now, the change lands inside the CDK app master holds
    // (services/orders/cdk.json): infrastructure, agent-authored, one approval of two → FAIL.
    // Before, the folder was read at 380387f (no cdk.json then) and the PR passed unreviewed.
    const { scope, rec } = github();
    const data = devinOrdersPull({ baseSha: OPENED_ON }) as Json;
    data["repository"].pullRequest.baseRef.target.oid = TIP;
    graphqlReply(scope, rec, data);
    noConfig(scope, TIP);
    const asked: string[] = [];
    baseProjects(scope, (sha, folder) => (folder !== "services/orders" ? [] : sha === TIP ? [{ name: "cdk.json", type: "blob" }, { name: "src", type: "tree" }] : [{ name: "src", type: "tree" }]), asked);
    createRun(scope, rec);
    await app.receive("pull_request", examplePayload("pull_request", "opened", 1));
    expect(asked).toContain(`${TIP}:services/orders`);
    expect(asked.some((a) => a.startsWith(OPENED_ON))).toBe(false);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("touches infrastructure: services/orders/src/table.ts");
  });
});

describe("a PR retargeted to another base is judged by that base's config (a probe that holds)", () => {
  it("retargeted from master to release/1.0, whose config asks for three approvals: two given after the retarget fail", async () => {
    // Decided before running: the gate is the new base's (release/1.0: requiredApprovals 3), and
    // alice and bob approved after the base changed, so two of three: FAIL.
    const { scope, rec } = github();
    const approvals = [
      { id: 11, login: "alice", state: "APPROVED" as const, commit: HEAD, at: "2026-11-21T10:00:00Z" },
      { id: 12, login: "bob", state: "APPROVED" as const, commit: HEAD, at: "2026-11-21T10:01:00Z" },
    ];
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, baseRef: "release/1.0", reviews: approvals, timeline: [{ type: "BaseRefChangedEvent", at: "2026-11-21T09:00:00Z" }] }));
    scope.get(CONFIG).query({ ref: BASE_SHA }).reply(200, "review:\n  requiredApprovals: 3\n");
    createRun(scope, rec);
    const edited = examplePayload("pull_request", "opened", 1);
    edited["action"] = "edited";
    edited["changes"] = { base: { ref: { from: "master" }, sha: { from: OPENED_ON } } };
    await app.receive("pull_request", edited);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("2 of 3 independent human approvals");
  });
});
