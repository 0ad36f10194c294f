/**
 * Security conditions of the two-person rule that no test pinned (a mutant of each survived the
 * suite): a requester named by email cannot approve, and GitHub's own web-flow committer
 * (`noreply@github.com`, linked to no account) is the only unlinked committer that is exempt.
 */
import type { PullFacts } from "../../../src/core/review/facts.js";
import { rule } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { HEAD } from "./facts.js";

const policy = resolvePolicy();
const DEVIN = { name: "Devin AI", email: "158243242+devin-ai-integration[bot]@users.noreply.github.com", login: "devin-ai-integration" };
const approve = (id: number, login: string) => ({ id, user: { login, type: "User" as const }, state: "APPROVED" as const, commitId: HEAD, submittedAt: `2026-11-20T10:0${id}:00Z` });

/** A Devin PR on a CDK stack; Devin writes "Requested by: Name (email)" in the body. */
function devinPr(body: string, extraCommits: PullFacts["commits"] = []): PullFacts {
  return {
    repo: "acme/platform",
    number: 7,
    author: { login: "devin-ai-integration[bot]", type: "Bot" },
    headSha: HEAD,
    headRef: "devin/1732-orders",
    baseRef: "main",
    title: "Recreate the orders table",
    body,
    labels: [],
    files: [{ path: "infra/lib/orders-stack.ts" }],
    filesComplete: true,
    commits: [{ sha: HEAD, message: "Recreate the orders table", author: DEVIN, committer: DEVIN }, ...extraCommits],
    commitsComplete: true,
    reviews: [approve(1, "carol"), approve(2, "erin"), approve(3, "frank")],
    permissions: { carol: "write", erin: "write", frank: "maintain" },
  };
}

describe("a requester named by email", () => {
  it("cannot approve when the email is GitHub's no-reply address of the login", () => {
    const d = rule.evaluate(devinPr("Link to Devin run: https://app.devin.ai/sessions/abc\nRequested by: Carol Doe (1003+carol@users.noreply.github.com)"), policy);
    expect(d.approvals.map((a) => a.login)).toEqual(["erin", "frank"]);
    expect(d.reasons).toContainEqual(expect.stringMatching(/^carol \(review 1\) does not count: asked the agent for this change/));
  });

  it("cannot approve when the email is linked to the login by one of the PR's commits", () => {
    const older = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c";
    const carol = { name: "Carol Doe", email: "carol@acme.example", login: "carol" };
    const facts = devinPr("Requested by: Carol Doe (Carol@Acme.example)", [{ sha: older, message: "Seed the branch", author: carol, committer: carol }]);
    const d = rule.evaluate({ ...facts, reviews: [approve(1, "carol"), approve(2, "erin")] }, policy);
    expect(d.conclusion).toBe("failure");
    expect(d.approvals.map((a) => a.login)).toEqual(["erin"]);
    // Excluded as the commit's author and as the requester: the first reason recorded wins.
    expect(d.reasons).toContain(`carol (review 1) does not count: authored commit ${older.slice(0, 7)}`);
  });

  it("a requester login written with @ is excluded the same way", () => {
    const d = rule.evaluate(devinPr("Requested by: @Carol"), policy);
    expect(d.reasons).toContainEqual(expect.stringMatching(/^carol \(review 1\) does not count: asked the agent for this change/));
  });
});

describe("GitHub's web-flow committer", () => {
  const human = { name: "Bob", email: "bob@acme.example", login: "bob" };
  const humanPr = (committer: PullFacts["commits"][number]["committer"]): PullFacts => ({
    ...devinPr(""),
    author: { login: "bob", type: "User" },
    headRef: "bob/orders",
    commits: [{ sha: HEAD, message: "Raise read capacity", author: human, committer }],
    reviews: [],
  });

  it("noreply@github.com with no account (a commit made in the web UI) is not an unknown author", () => {
    for (const email of ["noreply@github.com", "NoReply@GitHub.com"]) {
      expect(rule.evaluate(humanPr({ name: "GitHub", email, login: null }), policy)).toMatchObject({ conclusion: "success", guarded: false, reasons: ["not agent-authored"] });
    }
  });

  it("any other unlinked committer of an infrastructure change fails closed, look-alikes of GitHub's address included", () => {
    for (const email of ["ci@acme.example", "noreply@github.com.attacker.example", "noreply+x@github.com"]) {
      const d = rule.evaluate(humanPr({ name: "GitHub", email, login: null }), policy);
      expect(d.conclusion).toBe("failure");
      expect(d.reasons).toEqual([expect.stringMatching(new RegExp(`^commit 9f2c1e7 is by GitHub <${email.replace(/[.+]/g, "\\$&")}>, an email linked to no GitHub account: cannot tell whether an agent wrote it`))]);
    }
  });
});
