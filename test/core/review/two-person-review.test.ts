import type { PullFacts } from "../../../src/core/review/facts.js";
import { copilotPr, HEAD } from "./facts.js";
import { decisionToFindings, rule } from "../../../src/core/review/two-person-review.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";

const OLD = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
const policy = resolvePolicy();

const approve = (id: number, login: string, commitId = HEAD, submittedAt = `2026-11-20T10:0${id % 10}:00Z`, type: "User" | "Bot" = "User") => ({
  id,
  user: { login, type },
  state: "APPROVED" as const,
  commitId,
  submittedAt,
});
const evaluate = (facts: PullFacts, p = policy) => rule.evaluate(facts, p);

describe("two-person-review: not guarded", () => {
  it("a human PR touching infrastructure passes without approvals", () => {
    const d = evaluate(
      copilotPr({
        author: { login: "bob", type: "User" },
        headRef: "bob/orders",
        body: "",
        commits: [{ sha: HEAD, message: "Orders table", author: { name: "Bob", email: "bob@acme.example", login: "bob" }, committer: { name: "Bob", email: "bob@acme.example", login: "bob" } }],
      }),
    );
    expect(d).toMatchObject({ conclusion: "success", guarded: false, reasons: ["not agent-authored"] });
  });

  it("an agent PR touching only docs passes", () => {
    const d = evaluate(copilotPr({ files: [{ path: "docs/runbook.md" }] }));
    expect(d.conclusion).toBe("success");
    expect(d.guarded).toBe(false);
    expect(d.reasons.at(-1)).toBe("no infrastructure files");
  });
});

describe("two-person-review: guarded", () => {
  it("passes with two independent approvals of the head", () => {
    const d = evaluate(copilotPr({ reviews: [approve(1, "bob"), approve(2, "carol")] }));
    expect(d).toMatchObject({ conclusion: "success", guarded: true, missing: 0, approvals: [{ login: "bob", reviewId: 1 }, { login: "carol", reviewId: 2 }] });
  });

  it("counts approvals of every permission from write up: write, maintain and admin, not triage or read", () => {
    const permissions = { bob: "admin", carol: "maintain", dave: "write", frank: "triage", grace: "read" } as const;
    const reviews = (a: string, b: string) => [approve(1, a), approve(2, b)];
    expect(evaluate(copilotPr({ permissions, reviews: reviews("bob", "carol") })).conclusion).toBe("success");
    expect(evaluate(copilotPr({ permissions, reviews: reviews("bob", "dave") })).conclusion).toBe("success");
    const lower = evaluate(copilotPr({ permissions, reviews: reviews("frank", "grace") }));
    expect(lower).toMatchObject({ conclusion: "failure", missing: 2 });
    expect(lower.reasons).toContain("frank (review 1) does not count: has triage permission, write or higher is required");
  });

  it("fails with one approval", () => {
    const d = evaluate(copilotPr({ reviews: [approve(1, "bob")] }));
    expect(d).toMatchObject({ conclusion: "failure", missing: 1 });
  });

  it("does not count an approval of an older commit (a push invalidates it)", () => {
    const d = evaluate(copilotPr({ reviews: [approve(1, "bob"), approve(2, "carol", OLD)] }));
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain(`carol (review 2) does not count: approved 1a2b3c4, not the current head 9f2c1e7`);
  });

  it("excludes the requester recorded as co-author (Copilot), the committer, and the PR author", () => {
    const d = evaluate(copilotPr({ reviews: [approve(1, "alice"), approve(2, "bob")] }));
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("alice (review 1) does not count: co-authored commit 9f2c1e7");
    const byAuthor = evaluate(copilotPr({ author: { login: "erin", type: "User" }, reviews: [approve(1, "erin"), approve(2, "bob")] }));
    expect(byAuthor.reasons).toContain("erin (review 1) does not count: opened the pull request");
    const committed = copilotPr({ reviews: [approve(1, "erin"), approve(2, "bob")] });
    committed.commits[0]!.committer = { name: "Erin", email: "erin@acme.example", login: "erin" };
    expect(evaluate(committed).reasons).toContain("erin (review 1) does not count: committed 9f2c1e7");
  });

  it("excludes a human co-author of an agent commit and the requester named in the body (Devin)", () => {
    const devin = copilotPr({
      author: { login: "devin-ai-integration[bot]", type: "Bot" },
      headRef: "devin/1732-orders",
      body: "Link to Devin run: https://app.devin.ai/sessions/abc\nRequested by: @carol",
      commits: [
        {
          sha: HEAD,
          message: "Orders\n\nCo-Authored-By: bob <2002+bob@users.noreply.github.com>",
          author: { name: "Devin AI", email: "158243242+devin-ai-integration[bot]@users.noreply.github.com", login: "devin-ai-integration" },
          committer: { name: "Devin AI", email: "158243242+devin-ai-integration[bot]@users.noreply.github.com", login: "devin-ai-integration" },
        },
      ],
      reviews: [approve(1, "bob"), approve(2, "carol"), approve(3, "erin")],
    });
    const d = evaluate(devin);
    expect(d.approvals.map((a) => a.login)).toEqual(["erin"]);
    expect(d.reasons).toContain("carol (review 2) does not count: asked the agent for this change (the PR body)");
    expect(d.reasons).toContain("bob (review 1) does not count: co-authored commit 9f2c1e7");
  });

  it("needs write permission or higher", () => {
    const d = evaluate(copilotPr({ reviews: [approve(1, "bob"), approve(2, "dave")] }));
    expect(d.reasons).toContain("dave (review 2) does not count: has read permission, write or higher is required");
    expect(d.conclusion).toBe("failure");
  });

  it("never counts a bot, nor a User account that is an agent, whatever its permission", () => {
    const d = evaluate(copilotPr({ permissions: { bob: "write", "devin-ai-integration": "admin", renovate: "admin" }, reviews: [approve(1, "bob"), approve(2, "renovate[bot]", HEAD, "2026-11-20T10:02:00Z", "Bot"), approve(3, "devin-ai-integration")] }));
    expect(d.approvals.map((a) => a.login)).toEqual(["bob"]);
    expect(d.reasons).toContain("renovate[bot] (review 2) does not count: a Bot account");
    expect(d.reasons).toContain("devin-ai-integration (review 3) does not count: an agent account");
  });

  it("counts the same person once", () => {
    const d = evaluate(copilotPr({ reviews: [approve(1, "bob", HEAD, "2026-11-20T10:01:00Z"), approve(2, "Bob", HEAD, "2026-11-20T10:02:00Z")] }));
    expect(d).toMatchObject({ conclusion: "failure", approvals: [{ login: "Bob", reviewId: 2 }] });
  });

  it("a later changes-request cancels that person's approval; a later comment does not", () => {
    const cancelled = evaluate(copilotPr({ reviews: [approve(1, "bob"), approve(2, "carol"), { ...approve(3, "carol", HEAD, "2026-11-20T11:00:00Z"), state: "CHANGES_REQUESTED" }] }));
    expect(cancelled.conclusion).toBe("failure");
    expect(cancelled.reasons).toContain("carol (review 3): latest decisive review is CHANGES_REQUESTED");
    const commented = evaluate(copilotPr({ reviews: [approve(1, "bob"), approve(2, "carol"), { ...approve(3, "carol", HEAD, "2026-11-20T11:00:00Z"), state: "COMMENTED" }] }));
    expect(commented.conclusion).toBe("success");
  });

  it("a dismissed review does not count", () => {
    const d = evaluate(copilotPr({ reviews: [approve(1, "bob"), { ...approve(2, "carol"), state: "DISMISSED" }] }));
    expect(d.conclusion).toBe("failure");
  });

  it("a rename out of an infrastructure path is still infrastructure", () => {
    const d = evaluate(copilotPr({ files: [{ path: "old/orders-stack.ts.bak", previousPath: "infra/lib/orders-stack.ts" }] }));
    expect(d.guarded).toBe(true);
  });

  it("touching the guardrail's own configuration is infrastructure", () => {
    const d = evaluate(copilotPr({ files: [{ path: ".github/agent-guardrail.yml" }] }));
    expect(d.guarded).toBe(true);
    expect(d.conclusion).toBe("failure");
  });

  it("recognizes Claude Code by its co-author trailer on a human's commit", () => {
    const d = evaluate(
      copilotPr({
        author: { login: "erin", type: "User" },
        headRef: "orders",
        body: "",
        commits: [{ sha: HEAD, message: "Orders\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>", author: { name: "Erin", email: "erin@acme.example", login: "erin" }, committer: { name: "Erin", email: "erin@acme.example", login: "erin" } }],
        reviews: [approve(1, "bob"), approve(2, "carol")],
      }),
    );
    expect(d).toMatchObject({ guarded: true, conclusion: "success" });
  });

  it("weak signals alone (branch prefix, label) do not make a PR agent-authored", () => {
    const d = evaluate(
      copilotPr({
        author: { login: "bob", type: "User" },
        body: "",
        labels: ["codex"],
        commits: [{ sha: HEAD, message: "x", author: { name: "Bob", email: "bob@acme.example", login: "bob" }, committer: { name: "Bob", email: "bob@acme.example", login: "bob" } }],
      }),
    );
    expect(d.guarded).toBe(false);
  });

  it("restricts approvers to approverTeams when set", () => {
    const teams = resolvePolicy(parseUserConfig("c.yml", "review:\n  approverTeams: [platform]\n"));
    const d = evaluate(copilotPr({ reviews: [approve(1, "bob"), approve(2, "carol")], teams: { bob: ["platform"], carol: ["frontend"] } }), teams);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("carol (review 2) does not count: is in none of the approver teams (platform)");
  });

  it("accepts approver teams written as org/slug, and passes when both approvers are members", () => {
    const teams = resolvePolicy(parseUserConfig("c.yml", "review:\n  approverTeams: [acme/Platform]\n"));
    const d = evaluate(copilotPr({ reviews: [approve(1, "bob"), approve(2, "carol")], teams: { bob: ["platform"], carol: ["platform", "frontend"] } }), teams);
    expect(d.conclusion).toBe("success");
  });
});

describe("two-person-review: fail closed", () => {
  it("fails when the file list is truncated, even with approvals", () => {
    const d = evaluate(copilotPr({ filesComplete: false, reviews: [approve(1, "bob"), approve(2, "carol")] }));
    expect(d).toMatchObject({ conclusion: "failure", guarded: true });
    expect(d.reasons[0]).toMatch(/truncated/);
  });

  it("fails when the commit list is truncated", () => {
    expect(evaluate(copilotPr({ commitsComplete: false })).conclusion).toBe("failure");
  });

  it("fails when an infrastructure commit's email is linked to no account and is no known agent", () => {
    const d = evaluate(
      copilotPr({
        author: { login: "bob", type: "User" },
        headRef: "bob/orders",
        body: "",
        commits: [{ sha: HEAD, message: "x", author: { name: "Ops Bot", email: "ops-bot@build.acme.example", login: null }, committer: { name: "Ops Bot", email: "ops-bot@build.acme.example", login: null } }],
      }),
    );
    expect(d.conclusion).toBe("failure");
    expect(d.reasons[0]).toMatch(/linked to no GitHub account/);
  });

  it("turns a failing decision into a finding with review and commit evidence; a pass into none", () => {
    const facts = copilotPr({ reviews: [approve(7, "bob")] });
    const [finding] = decisionToFindings(evaluate(facts), facts);
    expect(finding).toMatchObject({ rule: "two-person-review", severity: "error", subject: "acme/platform#42" });
    expect(finding?.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ reviewId: 7 }), expect.objectContaining({ commitSha: HEAD })]));
    const passing = copilotPr({ reviews: [approve(1, "bob"), approve(2, "carol")] });
    expect(decisionToFindings(evaluate(passing), passing)).toEqual([]);
  });
});
