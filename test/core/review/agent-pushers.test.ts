/**
 * Who pushed an agent's commits into its pull request cannot approve it (sources, licences and each
 * verdict decided before running: test/fixtures/github/pushers/README.md, "Pushers of an agent's
 * pull request").
 *
 * The case: OpenHands' sandbox runs `git config --global user.name "openhands"` and
 * `user.email "openhands@all-hands.dev"` before the agent works (All-Hands-AI/OpenHands
 * openhands/runtime/client/client.py at 0b6d9e781bb8bf2e469bfea83679d136c266c884, MIT), so its
 * commits name the agent as author and committer, nobody else. A person who pushes them (their own
 * credentials, or a token the agent was given) is neither author nor committer; GitHub's
 * repository activity records them as the pusher. Before this change their approval counted.
 */
import { pullFactsSchema, type Push, type PullFacts } from "../../../src/core/review/facts.js";
import { rule } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const C1 = "5b1d7e3c9a2f4d6b8e0c1a3f5d7b9e1c3a5f7d9b";
const HEAD = "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f6a7b8c9d0e";
const NONE = "0000000000000000000000000000000000000000";
// The real clean "Update branch" merge of buildkite/elastic-ci-stack-for-aws (test/fixtures/github/merges, MIT) and its parents.
const MERGE = "77bb5daf589d4ce348f4d9093fb6d79a9548402e";
const MERGE_PARENTS = ["6ab5acf1fd27aca731fcc87e73d17172153cf5ef", "27ceea0abdd63611e0857f6c5447edaa5d5dbeea"];
const OPENHANDS = { name: "openhands", email: "openhands@all-hands.dev", login: null };
const AT = "2026-11-20T10:00:00Z";
const approve = (id: number, login: string, commitId = HEAD) => ({ id, user: { login, type: "User" as const }, state: "APPROVED" as const, commitId, submittedAt: AT });
const push = (before: string, after: string, login: string | null, kind: Push["kind"] = "push", at = "2026-11-20T09:00:00Z", type: "User" | "Bot" = "User"): Push => ({ before, after, kind, actor: login === null ? null : { login, type }, at });

/**
 * dave ran OpenHands on his machine; its two commits touch the CDK stack; dave pushed the branch,
 * a workflow opened the pull request (github-actions[bot]); dave and bob approved.
 */
function openhandsPr(overrides: Partial<PullFacts> = {}): PullFacts {
  return {
    repo: "acme/platform",
    number: 7,
    author: { login: "github-actions[bot]", type: "Bot" },
    headSha: HEAD,
    headRef: "openhands/orders-key",
    baseRef: "main",
    title: "Recreate the orders table with a composite key",
    body: "Opened for the openhands/orders-key branch.",
    labels: [],
    files: [{ path: "infra/lib/orders-stack.ts" }],
    filesComplete: true,
    commits: [
      { sha: C1, message: "Add the composite key", author: OPENHANDS, committer: OPENHANDS },
      { sha: HEAD, message: "Recreate orders table", author: OPENHANDS, committer: OPENHANDS },
    ],
    commitsComplete: true,
    reviews: [approve(1, "dave"), approve(2, "bob")],
    permissions: { bob: "write", carol: "write", dave: "write" },
    ...overrides,
  };
}
const byDave = [push(C1, HEAD, "dave"), push(NONE, C1, "dave", "branch_creation", "2026-11-20T08:00:00Z")];

describe("who pushed an agent's commits into its pull request", () => {
  it("dave pushed the commits OpenHands made under its own identity: he cannot approve them; one of two", () => {
    const d = rule.evaluate(openhandsPr({ pushes: byDave }), policy);
    expect(d.guarded).toBe(true);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain(
      "dave (review 1) does not count: pushed 9f2c1e7 to openhands/orders-key (push 5b1d7e3→9f2c1e7 at 2026-11-20T09:00:00Z): whoever pushes the change into the pull request cannot be its independent reviewer",
    );
    expect(d.approvals.map((a) => a.login)).toEqual(["bob"]);
  });

  it("pushing only an earlier commit of the chain is pushing the change too", () => {
    const d = rule.evaluate(openhandsPr({ pushes: [push(C1, HEAD, "erin"), push(NONE, C1, "dave", "branch_creation", "2026-11-20T08:00:00Z")], permissions: { bob: "write", dave: "write", erin: "write" } }), policy);
    expect(d.reasons.some((r) => r.startsWith("dave (review 1) does not count: pushed 5b1d7e3 to openhands/orders-key (branch_creation"))).toBe(true);
    expect(d.conclusion).toBe("failure");
  });

  it("pushing a commit a force push later took out counts as pushing the change", () => {
    const GONE = "7e9a1c3f5b7d9e1a3c5f7b9d1e3a5c7f9b1d3e5a";
    const d = rule.evaluate(
      openhandsPr({ replacedCommits: [{ sha: GONE, message: "wip", author: OPENHANDS, committer: OPENHANDS }], pushes: [push(GONE, HEAD, "erin", "force_push"), push(C1, GONE, "dave", "push", "2026-11-20T08:30:00Z"), push(NONE, C1, "erin", "branch_creation", "2026-11-20T08:00:00Z")] }),
      policy,
    );
    expect(d.reasons.some((r) => r.startsWith("dave (review 1) does not count: pushed 7e9a1c3"))).toBe(true);
  });

  it("two approvals by people who pushed nothing pass", () => {
    const d = rule.evaluate(openhandsPr({ pushes: byDave, reviews: [approve(2, "bob"), approve(3, "carol")] }), policy);
    expect(d).toMatchObject({ guarded: true, conclusion: "success", missing: 0 });
  });

  it("a pusher whose push GitHub no longer attributes (the account deleted) cannot approve: no block", () => {
    const d = rule.evaluate(openhandsPr({ pushes: [push(C1, HEAD, null), push(NONE, C1, null, "branch_creation", "2026-11-20T08:00:00Z")], reviews: [approve(2, "bob"), approve(3, "carol")] }), policy);
    expect(d.conclusion).toBe("success");
  });
});

describe("a reviewer who clicked Update branch pushed no change", () => {
  /** The head is the real clean merge: its first parent the previous head, its second the base's tip. */
  const updated = (overrides: Partial<PullFacts> = {}) =>
    openhandsPr({
      headSha: MERGE,
      commits: [
        { sha: C1, message: "Add the composite key", author: OPENHANDS, committer: OPENHANDS },
        { sha: MERGE_PARENTS[0] ?? "", message: "Recreate orders table", author: OPENHANDS, committer: OPENHANDS },
        { sha: MERGE, message: "Merge branch 'main' into openhands/orders-key", author: { name: "Carol", email: "1003+carol@users.noreply.github.com", login: "carol" }, committer: { name: "GitHub", email: "noreply@github.com", login: "web-flow" } },
      ],
      cleanMerges: [MERGE],
      cleanMergeParents: { [MERGE]: MERGE_PARENTS },
      pushes: [push(MERGE_PARENTS[0] ?? "", MERGE, "carol", "push", AT), push(C1, MERGE_PARENTS[0] ?? "", "dave"), push(NONE, C1, "dave", "branch_creation", "2026-11-20T08:00:00Z")],
      reviews: [approve(2, "bob", MERGE), approve(3, "carol", MERGE)],
      ...overrides,
    });

  it("carol's push of the clean merge onto the previous head: she still counts", () => {
    const d = rule.evaluate(updated(), policy);
    expect(d.conclusion).toBe("success");
    expect(d.approvals.map((a) => a.login)).toEqual(["bob", "carol"]);
  });

  it("the same push without the merge's parents on record: not proven, she pushed the change", () => {
    const d = rule.evaluate(updated({ cleanMergeParents: undefined }), policy);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons.some((r) => r.startsWith("carol (review 3) does not count: pushed 77bb5da"))).toBe(true);
  });

  it("a clean merge whose second parent is a commit of the PR brought that commit: its pusher pushed the change", () => {
    const d = rule.evaluate(updated({ cleanMergeParents: { [MERGE]: [MERGE_PARENTS[0] ?? "", C1] } }), policy);
    expect(d.reasons.some((r) => r.startsWith("carol (review 3) does not count: pushed 77bb5da"))).toBe(true);
  });

  it("a push that brought other commits with the merge (its before is not the merge's first parent) is pushing them", () => {
    const d = rule.evaluate(updated({ pushes: [push(C1, MERGE, "carol", "push", AT), push(NONE, C1, "dave", "branch_creation", "2026-11-20T08:00:00Z")] }), policy);
    expect(d.reasons.some((r) => r.startsWith("carol (review 3) does not count: pushed 77bb5da"))).toBe(true);
  });
});

describe("an agent's pull request whose pushers cannot be read never passes on approvals that may be theirs", () => {
  const two = { reviews: [approve(2, "bob"), approve(3, "carol")] };
  it("the activity unreadable (the adapter's reason): fails, naming it", () => {
    const why = "GitHub answered 403 to the repository activity of acme/platform (branch openhands/orders-key) (Resource not accessible by integration)";
    const d = rule.evaluate(openhandsPr({ ...two, provenanceUnread: [why] }), policy);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain(`who pushed this agent-authored pull request's commits cannot be read (${why}): an approver may have pushed them, and cannot be excluded (fail closed); "Re-run" reads the record again`);
  });

  it("a commit of the chain no recorded push set the branch to: fails", () => {
    const d = rule.evaluate(openhandsPr({ ...two, pushes: [push(C1, HEAD, "dave")] }), policy);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons.some((r) => r.includes("records no push that set openhands/orders-key to 5b1d7e3") && r.includes("an approver may have pushed them"))).toBe(true);
  });

  it("the record never read (a facts file saved before it existed): decided as before", () => {
    const old = pullFactsSchema.parse(JSON.parse(JSON.stringify(openhandsPr(two)))) as PullFacts;
    expect(rule.evaluate(old, policy).conclusion).toBe("success");
  });

  it("a person's PR guarded only because its pusher is unknown still passes on two approvals (not blocked for good)", () => {
    const alice = { name: "Alice", email: "1001+alice@users.noreply.github.com", login: "alice" };
    const d = rule.evaluate(openhandsPr({ ...two, author: { login: "alice", type: "User" }, commits: [{ sha: HEAD, message: "Recreate orders table", author: alice, committer: alice }], provenanceUnread: ["no activity API (GitHub answered 404)"] }), policy);
    expect(d).toMatchObject({ guarded: true, conclusion: "success" });
  });
});

describe("facts files", () => {
  it("cleanMergeParents is read strictly", () => {
    const json = JSON.parse(JSON.stringify(openhandsPr({ cleanMerges: [MERGE], cleanMergeParents: { [MERGE]: MERGE_PARENTS } }))) as Record<string, unknown>;
    expect(pullFactsSchema.safeParse(json).success).toBe(true);
    expect(pullFactsSchema.safeParse({ ...json, cleanMergeParents: { [MERGE]: "6ab5acf" } }).success).toBe(false);
  });
});
