/**
 * two-person-review: the whole list of reasons of a decision, in order. The check run shows these
 * lines to the people deciding whether to approve or merge; the last one is the verdict's summary
 * and becomes the CLI finding. Pinned whole so that a reason that goes missing, changes its
 * counts or blames the wrong person fails a test.
 */
import type { Decision, PullFacts } from "../../../src/core/review/facts.js";
import { decisionToFindings, infraFiles, rule } from "../../../src/core/review/two-person-review.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr, HEAD } from "./facts.js";

const policy = resolvePolicy();
const review = (id: number, login: string, state: PullFacts["reviews"][number]["state"], submittedAt: string, commitId = HEAD) => ({ id, user: { login, type: "User" as const }, state, commitId, submittedAt });
const AT = "2026-11-20T10:00:00Z";

describe("the reasons of a guarded decision", () => {
  test("signals, infrastructure (five shown, the rest counted), each reviewer, blockers, then the count", () => {
    const files = ["a", "b", "c", "d", "e", "f", "g"].map((n) => ({ path: `infra/${n}.ts` }));
    const d = rule.evaluate(
      copilotPr({
        files,
        body: "Fixes #41\n\nCo-authored-by: Rita Lee <rita@contractor.example>\n\n<!-- START COPILOT CODING AGENT SUFFIX -->",
        reviews: [review(1, "bob", "APPROVED", AT), review(2, "dave", "APPROVED", AT), review(3, "erin", "CHANGES_REQUESTED", AT), review(4, "zed", "APPROVED", AT)],
      }),
      policy,
    );
    expect(d).toMatchObject({ conclusion: "failure", guarded: true, missing: 1, approvals: [{ login: "bob", reviewId: 1 }] });
    expect(d.reasons.slice(-6)).toEqual([
      "touches infrastructure: infra/a.ts, infra/b.ts, infra/c.ts, infra/d.ts, infra/e.ts and 2 more",
      "dave (review 2) does not count: has read permission, write or higher is required",
      "erin (review 3): latest decisive review is CHANGES_REQUESTED",
      "zed (review 4) does not count: has none permission, write or higher is required",
      "co-author Rita Lee <rita@contractor.example> (PR body) maps to no GitHub login: cannot exclude them from approving (fail closed)",
      "1 of 2 independent human approvals of the head 9f2c1e7; 1 more needed",
    ]);
    expect(d.evidence.files).toEqual(files.map((f) => f.path));
    expect(d.evidence.reviewIds).toEqual([1, 2, 3, 4]);
  });

  test("enough approvals with one unidentifiable writer: the count, and why it still fails", () => {
    const d = rule.evaluate(
      copilotPr({ body: "Requested by: Rita Lee (rita@contractor.example)\n<!-- START COPILOT CODING AGENT SUFFIX -->", reviews: [review(1, "bob", "APPROVED", AT), review(2, "carol", "APPROVED", AT)] }),
      policy,
    );
    expect(d).toMatchObject({ conclusion: "failure", missing: 0 });
    expect(d.reasons.at(-1)).toBe("2 independent approvals of 9f2c1e7: bob, carol, but 1 writer or requester cannot be identified (fail closed)");
  });

  test("two unidentifiable people are counted in the plural", () => {
    const d = rule.evaluate(
      copilotPr({
        body: "Requested by: Rita Lee (rita@contractor.example)\n\nCo-authored-by: Sam Roe <sam@contractor.example>\n<!-- START COPILOT CODING AGENT SUFFIX -->",
        reviews: [review(1, "bob", "APPROVED", AT), review(2, "carol", "APPROVED", AT)],
      }),
      policy,
    );
    expect(d.reasons.at(-1)).toBe("2 independent approvals of 9f2c1e7: bob, carol, but 2 writers or requesters cannot be identified (fail closed)");
  });

  test("a pass says who approved which head", () => {
    const d = rule.evaluate(copilotPr({ reviews: [review(1, "bob", "APPROVED", AT), review(2, "carol", "APPROVED", AT)] }), policy);
    expect(d).toMatchObject({ conclusion: "success", missing: 0 });
    expect(d.reasons.at(-1)).toBe("2 independent approvals of 9f2c1e7: bob, carol");
  });
});

describe("latest decisive review per person", () => {
  test("at the same second, the higher review id is the later one, whatever order the facts list them in", () => {
    const pair = [review(7, "bob", "CHANGES_REQUESTED", AT), review(8, "bob", "APPROVED", AT)];
    for (const reviews of [pair, [...pair].reverse()]) {
      const d = rule.evaluate(copilotPr({ reviews: [...reviews, review(9, "carol", "APPROVED", AT)] }), policy);
      expect(d.approvals.map((a) => a.reviewId)).toEqual([8, 9]);
    }
    const back = [review(7, "bob", "APPROVED", AT), review(8, "bob", "CHANGES_REQUESTED", AT)];
    for (const reviews of [back, [...back].reverse()]) {
      const d = rule.evaluate(copilotPr({ reviews: [...reviews, review(9, "carol", "APPROVED", AT)] }), policy);
      expect(d.approvals.map((a) => a.reviewId)).toEqual([9]);
      expect(d.reasons).toContain("bob (review 8): latest decisive review is CHANGES_REQUESTED");
    }
  });
});

describe("approver teams", () => {
  const teamPolicy = resolvePolicy(parseUserConfig("c.yml", "review:\n  approverTeams: [acme/platform-leads]\n"));

  test("the reason lists every approver team as configured", () => {
    const two = resolvePolicy(parseUserConfig("c.yml", "review:\n  approverTeams: [acme/platform-leads, sre]\n"));
    const d = rule.evaluate(copilotPr({ reviews: [review(1, "bob", "APPROVED", AT)], teams: { bob: ["frontend"] } }), two);
    expect(d.reasons).toContain("bob (review 1) does not count: is in none of the approver teams (acme/platform-leads, sre)");
  });

  test("memberships not read at all: nobody is in a team (fail closed)", () => {
    const d = rule.evaluate(copilotPr({ reviews: [review(1, "bob", "APPROVED", AT), review(2, "carol", "APPROVED", AT)] }), teamPolicy);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("bob (review 1) does not count: is in none of the approver teams (acme/platform-leads)");
  });
});

describe("infrastructure files", () => {
  test("a project root written with a trailing slash, and the root of the repository", () => {
    const facts = copilotPr({ files: [{ path: "services/orders/handler.py" }, { path: "services/ordersx/handler.py" }, { path: "README.md" }] });
    expect(infraFiles({ ...facts, infraRoots: [{ root: "services/orders/", source: "services/orders/cdk.json" }] }, [])).toEqual(["services/orders/handler.py"]);
    expect(infraFiles({ ...facts, infraRoots: [{ root: "", source: "cdk.json" }] }, [])).toEqual(["services/orders/handler.py", "services/ordersx/handler.py"]);
  });
});

describe("the finding of a failing decision", () => {
  const facts = copilotPr();
  const failing = (reasons: string[]): Decision => ({ conclusion: "failure", guarded: true, reasons, approvals: [], missing: 2, evidence: { reviewIds: [], commitShas: [], files: [] } });

  test("says the last reason, or that none was recorded (a failure is never silent)", () => {
    expect(decisionToFindings(failing(["first", "second", "the summary"]), facts)[0]?.message).toBe("Pull request acme/platform#42 fails the two-person rule: the summary.");
    expect(decisionToFindings(failing([]), facts)[0]?.message).toBe("Pull request acme/platform#42 fails the two-person rule: no reason recorded.");
  });

  test("the whole finding: head, each review with its link, the agent's commits, at most 20 infrastructure files", () => {
    const files = Array.from({ length: 23 }, (_, i) => `infra/f${i}.ts`);
    const decision: Decision = { ...failing(["1 of 2 independent human approvals of the head 9f2c1e7; 1 more needed"]), evidence: { reviewIds: [7, 9], commitShas: [HEAD], files } };
    const url = "https://github.com/acme/platform/pull/42";
    expect(decisionToFindings(decision, facts)).toEqual([
      {
        rule: "two-person-review",
        severity: "error",
        message: "Pull request acme/platform#42 fails the two-person rule: 1 of 2 independent human approvals of the head 9f2c1e7; 1 more needed.",
        subject: "acme/platform#42",
        evidence: [
          { url, commitSha: HEAD, note: "head" },
          { reviewId: 7, url: `${url}#pullrequestreview-7` },
          { reviewId: 9, url: `${url}#pullrequestreview-9` },
          { commitSha: HEAD, note: "agent-authored" },
          ...files.slice(0, 20).map((file) => ({ file, note: "infrastructure file" })),
        ],
        suppressed: null,
      },
    ]);
  });

  test("a pass is no finding", () => {
    expect(decisionToFindings({ ...failing([]), conclusion: "success" }, facts)).toEqual([]);
  });
});
