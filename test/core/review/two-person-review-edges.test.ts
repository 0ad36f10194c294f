/**
 * two-person-review: the edges the mutation run of 3 December found unpinned (each test names
 * what a wrong rule would do). Decided on PullFacts, with the default policy unless a test says.
 */
import type { PullFacts } from "../../../src/core/review/facts.js";
import { infraFiles, rule } from "../../../src/core/review/two-person-review.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr, HEAD } from "./facts.js";

const policy = resolvePolicy();
const AT = "2026-11-20T10:00:00Z";
const approve = (id: number, login: string) => ({ id, user: { login, type: "User" as const }, state: "APPROVED" as const, commitId: HEAD, submittedAt: AT });
const twoApprovals = [approve(1, "bob"), approve(2, "carol")];
const COPILOT = { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };
const WEB_FLOW = { name: "GitHub", email: "noreply@github.com", login: null };
const SECOND = "5d41402abc4b2a76b9719d911017c592a1b2c3d4";
const evaluate = (facts: PullFacts, p = policy) => rule.evaluate(facts, p);

describe("fail closed before anything else", () => {
  it("a truncated commit list fails even with two valid approvals, and counts nobody", () => {
    const d = evaluate(copilotPr({ commitsComplete: false, reviews: twoApprovals }));
    expect(d).toEqual({
      conclusion: "failure",
      guarded: true,
      reasons: ["the list of commits is truncated: cannot tell who wrote the change (fail closed)"],
      approvals: [],
      missing: 2,
      evidence: { reviewIds: [], commitShas: [], files: [] },
    });
  });
  it("a truncated file list: no approval is reported either", () => {
    const d = evaluate(copilotPr({ filesComplete: false, reviews: twoApprovals }));
    expect(d.approvals).toEqual([]);
    expect(d.missing).toBe(2);
  });
});

describe("which changed files are infrastructure", () => {
  it("dotfiles and dot folders under an infrastructure path are infrastructure", () => {
    const custom = resolvePolicy(parseUserConfig("c.yml", 'review:\n  infraPaths: ["infra/**"]\n'));
    const facts = copilotPr({ files: [{ path: "infra/.env.production" }, { path: "infra/.github/deploy.yml" }, { path: "app/.env" }] });
    expect(infraFiles(facts, custom.review.infraPaths)).toEqual(["infra/.env.production", "infra/.github/deploy.yml"]);
    expect(evaluate({ ...facts, reviews: [approve(1, "bob")] }, custom)).toMatchObject({ conclusion: "failure", guarded: true });
  });
  it("the shipped globs cover SST, CDK for Terraform, Bicep and deploy scripts; application code stays out", () => {
    const paths = ["sst.config.ts", "apps/web/sst.config.mjs", "tf/cdktf.json", "azure/main.bicep", "azure/prod.bicepparam", "deploy/prod/values.env", "scripts/deploy-prod.sh", "ops/deploy.ps1", "src/app/handler.ts", "scripts/test.sh", "docs/deployment-notes.md"];
    expect(infraFiles(copilotPr({ files: paths.map((path) => ({ path })) }), policy.review.infraPaths)).toEqual(paths.slice(0, 8));
  });
  it("a project root written with several trailing slashes still covers its folder", () => {
    const facts = copilotPr({ files: [{ path: "services/orders/handler.py" }], infraRoots: [{ root: "services/orders//", source: "services/orders/cdk.json" }] });
    expect(infraFiles(facts, [])).toEqual(["services/orders/handler.py"]);
  });
  it("exactly five files are listed without an 'and N more'", () => {
    const files = ["a", "b", "c", "d", "e"].map((n) => ({ path: `infra/${n}.ts` }));
    const d = evaluate(copilotPr({ files, reviews: twoApprovals }));
    expect(d.reasons).toContain("touches infrastructure: infra/a.ts, infra/b.ts, infra/c.ts, infra/d.ts, infra/e.ts");
  });
});

describe("pull requests no agent wrote", () => {
  const byBob = (commits: PullFacts["commits"], files = [{ path: "infra/lib/orders-stack.ts" }]) =>
    copilotPr({ author: { login: "bob", type: "User" }, headRef: "bob/orders", body: "", files, commits });
  const stranger = { name: "Sam Roe", email: "sam@contractor.example", login: null };

  it("a writer linked to no account blocks only when infrastructure is touched; the evidence names the commit", () => {
    const commits = [{ sha: SECOND, message: "Tune the table", author: stranger, committer: WEB_FLOW }];
    const withInfra = evaluate(byBob(commits));
    expect(withInfra).toMatchObject({ conclusion: "failure", guarded: true, approvals: [] });
    expect(withInfra.evidence.commitShas).toEqual([SECOND]);
    expect(withInfra.reasons).toEqual([
      "commit 5d41402 is by Sam Roe <sam@contractor.example>, an email linked to no GitHub account: cannot tell whether an agent wrote it, nor exclude its author from approving (fail closed). If a person wrote it, they add that email to their GitHub account (Settings → Emails, verified; it may stay private) and the check is re-run",
    ]);
    const docsOnly = evaluate(byBob(commits, [{ path: "README.md" }]));
    expect(docsOnly).toEqual({ conclusion: "success", guarded: false, reasons: ["not agent-authored"], approvals: [], missing: 0, evidence: { reviewIds: [], commitShas: [], files: [] } });
  });
});

describe("agent pull requests outside infrastructure", () => {
  it("pass unguarded, approving nobody, with the signals (weak ones marked) as reasons", () => {
    const d = evaluate(copilotPr({ files: [{ path: "README.md" }], labels: ["ai-generated"], reviews: twoApprovals }));
    expect(d.conclusion).toBe("success");
    expect(d.guarded).toBe(false);
    expect(d.approvals).toEqual([]);
    expect(d.reasons.at(-1)).toBe("no infrastructure files");
    expect(d.reasons.filter((r) => r.endsWith(" (weak signal)"))).toEqual(["branch copilot/fix-orders-table starts with copilot/ (weak signal)", 'label "ai-generated" (weak signal)']);
  });
});

describe("evidence: the agent's commits, once each", () => {
  it("a commit with several agent signals is listed once; a writer linked to no account adds its commit", () => {
    const d = evaluate(
      copilotPr({
        commits: [
          { sha: HEAD, message: "Recreate orders table\n\nGenerated with [Claude Code]", author: COPILOT, committer: WEB_FLOW },
          { sha: SECOND, message: "Fix", author: { name: "Sam Roe", email: "sam@contractor.example", login: null }, committer: WEB_FLOW },
        ],
        reviews: twoApprovals,
      }),
    );
    expect(d.conclusion).toBe("failure");
    expect(d.evidence.commitShas).toEqual([HEAD, SECOND]);
  });
  it("an unknown committer on the agent's own commit does not list that commit twice", () => {
    const d = evaluate(copilotPr({ commits: [{ sha: HEAD, message: "Recreate", author: COPILOT, committer: { name: "Sam Roe", email: "sam@contractor.example", login: null } }], reviews: twoApprovals }));
    expect(d.conclusion).toBe("failure");
    expect(d.evidence.commitShas).toEqual([HEAD]);
  });
});

describe("review.requireVerifiedCommits", () => {
  const strict = resolvePolicy(parseUserConfig("c.yml", "review:\n  requireVerifiedCommits: true\n"));
  it("a commit missing from the signature records is unverified (fail closed), with its short sha", () => {
    const d = evaluate(
      copilotPr({
        commits: [
          { sha: HEAD, message: "Recreate", author: COPILOT, committer: WEB_FLOW },
          { sha: SECOND, message: "Fix", author: COPILOT, committer: WEB_FLOW },
        ],
        commitSignatures: { [HEAD]: { verified: true, signer: null } },
        reviews: twoApprovals,
      }),
      strict,
    );
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain(
      "commit 5d41402 has no signature GitHub verified: with review.requireVerifiedCommits its author copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com> is unknown (commit metadata can be forged) (fail closed)",
    );
  });
});

describe("people linked to a login through the PR's own commits", () => {
  it("a requester named by email, linked to a login by a commit in another case, is excluded, not a blocker: two others pass it", () => {
    const d = evaluate(
      copilotPr({
        body: "Requested by: Erin Diaz (erin@acme.example)\n<!-- START COPILOT CODING AGENT SUFFIX -->",
        commits: [
          { sha: HEAD, message: "Recreate", author: COPILOT, committer: WEB_FLOW },
          { sha: SECOND, message: "Adjust", author: { name: "Erin Diaz", email: "Erin@ACME.example", login: "erin" }, committer: WEB_FLOW },
        ],
        reviews: [approve(1, "bob"), approve(2, "carol"), approve(3, "erin")],
      }),
    );
    expect(d.conclusion).toBe("success");
    expect(d.approvals.map((a) => a.login)).toEqual(["bob", "carol"]);
    expect(d.reasons).toContain("erin (review 3) does not count: authored commit 5d41402");
  });
  it("a co-author named only in the PR body is excluded with that reason", () => {
    const d = evaluate(
      copilotPr({
        body: "Co-authored-by: Erin Diaz <1005+erin@users.noreply.github.com>\n<!-- START COPILOT CODING AGENT SUFFIX -->",
        reviews: [approve(1, "bob"), approve(2, "erin")],
      }),
    );
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("erin (review 2) does not count: is named as co-author in the PR body");
  });
});

describe("reasons a review does not count", () => {
  it("a Bot account's approval, by its account type", () => {
    const d = evaluate(copilotPr({ reviews: [...twoApprovals, { id: 3, user: { login: "renovate[bot]", type: "Bot" }, state: "APPROVED", commitId: HEAD, submittedAt: AT }] }));
    expect(d.reasons).toContain("renovate[bot] (review 3) does not count: a Bot account");
  });
  it("an approval submitted at the very moment the base changed approved the old diff", () => {
    const d = evaluate(copilotPr({ baseChangedAt: AT, reviews: twoApprovals }));
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain(`bob (review 1) does not count: approved at ${AT}, before the base branch changed (${AT}): it approved another diff`);
  });
  it("Devin's 'Requested by: Name (@login)' names that login: excluded, and no blocker (fastrepl/anarlog#2041, 2025-12)", () => {
    const devin = { name: "Devin AI", email: "158243242+devin-ai-integration[bot]@users.noreply.github.com", login: null };
    const d = evaluate(
      copilotPr({
        author: { login: "devin-ai-integration[bot]", type: "Bot" },
        headRef: "devin/1764547200-check-details-url",
        body: "## Summary\n\n### Notes\n\nRequested by: erin (@erin)\nLink to Devin run: https://app.devin.ai/sessions/9dd691a894354cbfb1558e3002227078",
        commits: [{ sha: HEAD, message: "Add details_url to the Devin check", author: devin, committer: devin }],
        reviews: [approve(1, "bob"), approve(2, "erin"), approve(3, "carol")],
      }),
    );
    expect(d.reasons).toContain("erin (review 2) does not count: asked the agent for this change (the PR body)");
    expect(d.reasons.join("\n")).not.toContain("maps to no GitHub login");
    expect(d).toMatchObject({ conclusion: "success", approvals: [{ login: "bob", reviewId: 1 }, { login: "carol", reviewId: 3 }] });
  });
  it("a requester known by name only is a blocker named without an empty email", () => {
    const d = evaluate(copilotPr({ body: "Requested by: Dana Lee\n<!-- START COPILOT CODING AGENT SUFFIX -->", reviews: twoApprovals }));
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("requester Dana Lee in the PR body maps to no GitHub login: cannot exclude them from approving (fail closed)");
  });
});

describe("links and agent accounts the defaults do not show", () => {
  it("an email linked to a login by one commit stays linked when another commit shows it without one", () => {
    const webFlow = { name: "GitHub", email: "noreply@github.com", login: "web-flow" };
    const d = evaluate(
      copilotPr({
        body: "Co-authored-by: GitHub <noreply@github.com>\n<!-- START COPILOT CODING AGENT SUFFIX -->",
        commits: [
          { sha: HEAD, message: "Recreate", author: COPILOT, committer: webFlow },
          { sha: SECOND, message: "Merge main", author: COPILOT, committer: WEB_FLOW },
        ],
        reviews: twoApprovals,
      }),
    );
    expect(d.conclusion).toBe("success");
    expect(d.reasons.join("\n")).not.toContain("maps to no GitHub login");
  });
  it("a User account whose no-reply address is a configured agent email is an agent, not an approver", () => {
    const custom = resolvePolicy(parseUserConfig("c.yml", 'agents:\n  emails: ["ops-bot@users.noreply.github.com"]\n'));
    const d = evaluate(copilotPr({ reviews: [...twoApprovals, approve(3, "ops-bot")], permissions: { bob: "write", carol: "write", "ops-bot": "write" } }), custom);
    expect(d.reasons).toContain("ops-bot (review 3) does not count: an agent account");
  });
});
