/**
 * Who pushed a pull request's commits, and which app opened it: what GitHub records and no
 * committer can write (test/fixtures/github/pushers/README.md: sources, and each verdict decided
 * before running).
 *
 * The case: claude-code-action pushes with its GitHub App's installation token
 * (`https://x-access-token:<token>@github.com/...`, anthropics/claude-code-action
 * src/github/operations/git-config.ts, MIT), while the commits carry whatever git identity the
 * working tree holds: a model with a shell can commit as alice, without a trailer. GitHub's
 * repository activity records the push as claude[bot]'s (`actor`, REST "List repository
 * activities"); the commits say alice. Before this change the rule read only the commits.
 */
import { pullFactsSchema, type Push, type PullFacts } from "../../../src/core/review/facts.js";
import { rule } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const BASE = "380387fbc80638b734a49e1be1c4dfec1c01b33c";
const C1 = "5b1d7e3c9a2f4d6b8e0c1a3f5d7b9e1c3a5f7d9b";
const HEAD = "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f6a7b8c9d0e";
const NONE = "0000000000000000000000000000000000000000";
const ALICE = { name: "Alice", email: "1001+alice@users.noreply.github.com", login: "alice" };
const AT = "2026-11-20T10:00:00Z";
const approve = (id: number, login: string) => ({ id, user: { login, type: "User" as const }, state: "APPROVED" as const, commitId: HEAD, submittedAt: AT });

/** alice's PR: her name on both commits, no trailer, no marker, a CDK stack changed; bob approved. */
function alicePr(overrides: Partial<PullFacts> = {}): PullFacts {
  return {
    repo: "acme/platform",
    number: 7,
    author: { login: "alice", type: "User" },
    headSha: HEAD,
    headRef: "orders-table",
    baseRef: "main",
    title: "Recreate the orders table with a composite key",
    body: "Moves the orders table to the new key schema.",
    labels: [],
    files: [{ path: "infra/lib/orders-stack.ts" }],
    filesComplete: true,
    commits: [
      { sha: C1, message: "Add the composite key", author: ALICE, committer: ALICE },
      { sha: HEAD, message: "Recreate orders table", author: ALICE, committer: ALICE },
    ],
    commitsComplete: true,
    reviews: [approve(1, "bob")],
    permissions: { bob: "write", carol: "write", alice: "admin" },
    ...overrides,
  };
}

const push = (before: string, after: string, login: string | null, kind: Push["kind"] = "push", at = "2026-11-20T09:00:00Z", type: "User" | "Bot" = "Bot"): Push => ({ before, after, kind, actor: login === null ? null : { login, type }, at });

describe("who pushed: an agent's token pushing commits written as a person's", () => {
  it("claude[bot] created the branch with alice's commits and pushed her head: guarded, bob alone is one of two", () => {
    const decision = rule.evaluate(alicePr({ pushes: [push(C1, HEAD, "claude[bot]"), push(NONE, C1, "claude[bot]", "branch_creation", "2026-11-20T08:00:00Z")] }), policy);
    expect(decision.guarded).toBe(true);
    expect(decision.conclusion).toBe("failure");
    expect(decision.reasons).toContain("commit 9f2c1e7 was pushed by agent claude[bot] (push 5b1d7e3→9f2c1e7 at 2026-11-20T09:00:00Z), whatever its commits say");
    expect(decision.reasons).toContain("commit 5b1d7e3 was pushed by agent claude[bot] (branch_creation 0000000→5b1d7e3 at 2026-11-20T08:00:00Z), whatever its commits say");
    expect(decision.reasons.at(-1)).toBe("1 of 2 independent human approvals of the head 9f2c1e7; 1 more needed");
    expect(decision.evidence.commitShas).toEqual(expect.arrayContaining([HEAD, C1]));
  });

  it("the Copilot coding agent's bot (REST login Copilot) pushing only an earlier commit of the chain still makes it an agent's", () => {
    const decision = rule.evaluate(alicePr({ pushes: [push(C1, HEAD, "alice", "push", AT, "User"), push(BASE, C1, "Copilot")] }), policy);
    expect(decision.guarded).toBe(true);
    expect(decision.reasons).toContain("commit 5b1d7e3 was pushed by agent Copilot (push 380387f→5b1d7e3 at 2026-11-20T09:00:00Z), whatever its commits say");
  });

  it("with two independent approvals of the head it passes (the record guards, it does not block)", () => {
    const decision = rule.evaluate(alicePr({ pushes: [push(BASE, HEAD, "claude[bot]")], reviews: [approve(1, "bob"), approve(2, "carol")] }), policy);
    expect(decision).toMatchObject({ guarded: true, conclusion: "success", missing: 0 });
  });

  it("an ordinary human push changes nothing: alice pushed her own commits, her PR is hers", () => {
    const decision = rule.evaluate(alicePr({ pushes: [push(C1, HEAD, "alice", "push", AT, "User"), push(NONE, C1, "alice", "branch_creation", "2026-11-20T08:00:00Z", "User")], openedViaApp: null }), policy);
    expect(decision).toMatchObject({ guarded: false, conclusion: "success", reasons: ["not agent-authored"] });
  });

  it("an agent's push of another series on a reused branch name (its head is no commit of this PR) is not this PR's", () => {
    const OTHER = "1c3a5f7d9b5b1d7e3c9a2f4d6b8e0c1a3f5d7b9e";
    const decision = rule.evaluate(
      alicePr({ pushes: [push(C1, HEAD, "alice", "push", AT, "User"), push(BASE, C1, "alice", "push", "2026-11-20T08:00:00Z", "User"), push(OTHER, NONE, "claude[bot]", "branch_deletion", "2026-10-01T08:00:00Z"), push(NONE, OTHER, "claude[bot]", "branch_creation", "2026-10-01T07:00:00Z")] }),
      policy,
    );
    expect(decision.reasons).toEqual(["not agent-authored"]);
  });

  it("an agent's push of commits a force push since replaced still counts (they are read like the PR's own)", () => {
    const GONE = "7e9a1c3f5b7d9e1a3c5f7b9d1e3a5c7f9b1d3e5a";
    const decision = rule.evaluate(
      alicePr({
        replacedCommits: [{ sha: GONE, message: "wip", author: ALICE, committer: ALICE }],
        pushes: [push(GONE, HEAD, "alice", "force_push", AT, "User"), push(C1, GONE, "claude[bot]"), push(BASE, C1, "alice", "push", "2026-11-20T07:00:00Z", "User")],
      }),
      policy,
    );
    expect(decision.guarded).toBe(true);
    expect(decision.reasons).toContain("commit 7e9a1c3 was pushed by agent claude[bot] (push 5b1d7e3→7e9a1c3 at 2026-11-20T09:00:00Z), whatever its commits say");
  });

  it("an agent's push on a PR that touches no infrastructure guards nothing", () => {
    const decision = rule.evaluate(alicePr({ files: [{ path: "docs/orders.md" }], pushes: [push(BASE, HEAD, "claude[bot]")] }), policy);
    expect(decision.guarded).toBe(false);
    expect(decision.conclusion).toBe("success");
  });
});

describe("the app a pull request was opened through under a person's account", () => {
  it("Codex cloud's connector (performed_via_github_app chatgpt-codex-connector) under alice: guarded", () => {
    const decision = rule.evaluate(alicePr({ openedViaApp: { slug: "chatgpt-codex-connector", name: "ChatGPT Codex Connector" } }), policy);
    expect(decision.guarded).toBe(true);
    expect(decision.reasons).toContain("opened by alice through the agent app chatgpt-codex-connector (ChatGPT Codex Connector), as GitHub records it (performed_via_github_app)");
    expect(decision.conclusion).toBe("failure");
  });

  it("an app that is no agent (a project tracker opening PRs for people) changes nothing", () => {
    expect(rule.evaluate(alicePr({ openedViaApp: { slug: "linear", name: "Linear" } }), policy).reasons).toEqual(["not agent-authored"]);
  });
});

describe("a record that cannot be read: the pusher is unknown, so an infrastructure PR is guarded (never a pass on one approval)", () => {
  it("the adapter could not read the activity (its reason): guarded, one approval fails, the reason is named", () => {
    const why = "GitHub answered 403 to the repository activity of acme/platform (Resource not accessible by integration)";
    const decision = rule.evaluate(alicePr({ provenanceUnread: [why] }), policy);
    expect(decision).toMatchObject({ guarded: true, conclusion: "failure", missing: 1 });
    expect(decision.reasons[0]).toBe(`who pushed this pull request's commits or opened it cannot be read: ${why}; treated as agent-authored (fail closed): two independent approvals are needed`);
  });

  it("two independent approvals pass it: an unreadable record does not block a person's PR for good", () => {
    const decision = rule.evaluate(alicePr({ provenanceUnread: ["no activity API (GitHub answered 404)"], reviews: [approve(1, "bob"), approve(2, "carol")] }), policy);
    expect(decision).toMatchObject({ guarded: true, conclusion: "success" });
  });

  it("a record that holds no push of the head (GitHub's activity lags, or the branch lives elsewhere) is unknown, not a person's", () => {
    const decision = rule.evaluate(alicePr({ pushes: [push(BASE, C1, "alice", "push", AT, "User")] }), policy);
    expect(decision.guarded).toBe(true);
    expect(decision.reasons[0]).toContain("GitHub's repository activity records no push that set orders-table to 9f2c1e7: who pushed it is unknown");
  });

  it("a chain broken in the middle (a commit of the PR no recorded push brought) is unknown too", () => {
    const decision = rule.evaluate(alicePr({ pushes: [push(C1, HEAD, "alice", "push", AT, "User")] }), policy);
    expect(decision.guarded).toBe(true);
    expect(decision.reasons[0]).toContain("records no push that set orders-table to 5b1d7e3");
  });

  it("a push of the chain by an account GitHub no longer has (actor null) is unknown", () => {
    const decision = rule.evaluate(alicePr({ pushes: [push(BASE, HEAD, null)] }), policy);
    expect(decision.guarded).toBe(true);
    expect(decision.reasons[0]).toContain("9f2c1e7 was pushed by an account GitHub no longer has");
  });

  it("an unreadable record on a PR already agent-authored is no pseudo-signal, but its pushers cannot be excluded: it fails (agent-pushers.test.ts)", () => {
    const decision = rule.evaluate(alicePr({ author: { login: "Copilot", type: "Bot" }, provenanceUnread: ["x"], reviews: [approve(1, "bob"), approve(2, "carol")] }), policy);
    expect(decision.reasons.some((r) => r.startsWith("who pushed this pull request's commits or opened it cannot be read"))).toBe(false);
    expect(decision.reasons).toContain(`who pushed this agent-authored pull request's commits cannot be read (x): an approver may have pushed them, and cannot be excluded (fail closed); "Re-run" reads the record again`);
    expect(decision).toMatchObject({ guarded: true, conclusion: "failure" });
  });

  it("an unreadable record on a PR that touches no infrastructure passes as before", () => {
    expect(rule.evaluate(alicePr({ files: [{ path: "README.md" }], provenanceUnread: ["x"] }), policy).reasons).toEqual(["not agent-authored"]);
  });
});

describe("facts files", () => {
  it("a facts file saved before these fields existed replays as before: nothing recorded, nothing read into it", () => {
    const old = pullFactsSchema.parse(JSON.parse(JSON.stringify(alicePr()))) as PullFacts;
    expect(rule.evaluate(old, policy)).toEqual({ conclusion: "success", guarded: false, reasons: ["not agent-authored"], approvals: [], missing: 0, evidence: { reviewIds: [], commitShas: [], files: ["infra/lib/orders-stack.ts"] } });
  });

  it("pushes, openedViaApp and provenanceUnread are read from a facts file, strictly", () => {
    const parsed = pullFactsSchema.safeParse(JSON.parse(JSON.stringify(alicePr({ pushes: [push(BASE, HEAD, "claude[bot]")], openedViaApp: null, provenanceUnread: [] }))));
    expect(parsed.success).toBe(true);
    const typo = pullFactsSchema.safeParse({ ...JSON.parse(JSON.stringify(alicePr())), pushes: [{ ...push(BASE, HEAD, "claude[bot]"), kind: "pushed" }] });
    expect(typo.success).toBe(false);
    const extra = pullFactsSchema.safeParse({ ...JSON.parse(JSON.stringify(alicePr())), pushes: [{ ...push(BASE, HEAD, "claude[bot]"), pusher: "x" }] });
    expect(extra.success).toBe(false);
  });
});
