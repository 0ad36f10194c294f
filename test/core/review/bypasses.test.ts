/**
 * Issue 11: every way the adversarial review found to make the two-person check pass without two
 * independent, current, write-access human approvals — decided on PullFacts (pure rule).
 */
import fc from "fast-check";
import type { PullFacts } from "../../../src/core/review/facts.js";
import { infraFiles, rule } from "../../../src/core/review/two-person-review.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr, HEAD } from "./facts.js";

const policy = resolvePolicy();
const COPILOT = { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };
const WEB_FLOW = { name: "GitHub", email: "noreply@github.com", login: null };

/** The Copilot PR of the rule's tests, by Copilot alone (no human co-author), with two approvals. */
function pr(overrides: Partial<PullFacts> = {}): PullFacts {
  return copilotPr({ commits: [{ sha: HEAD, message: "Raise capacity", author: COPILOT, committer: WEB_FLOW }], reviews: [approve(1, "bob"), approve(2, "carol")], ...overrides });
}
function approve(id: number, login: string, submittedAt = `2026-11-20T10:0${id % 10}:00Z`) {
  return { id, user: { login, type: "User" as const }, state: "APPROVED" as const, commitId: HEAD, submittedAt };
}
const evaluate = (facts: PullFacts, p = policy) => rule.evaluate(facts, p);
const human = (name: string, email: string, login: string | null) => ({ name, email, login });

describe("item 2: retargeting the base invalidates approvals", () => {
  it("approvals given before the latest base change do not count", () => {
    const d = evaluate(pr({ baseChangedAt: "2026-11-20T10:01:30Z" }));
    expect(d.conclusion).toBe("failure");
    expect(d.approvals.map((a) => a.login)).toEqual(["carol"]);
    expect(d.reasons).toContain("bob (review 1) does not count: approved at 2026-11-20T10:01:00Z, before the base branch changed (2026-11-20T10:01:30Z): it approved another diff");
  });
  it("approvals after the base change count; no baseChangedAt (older facts) changes nothing", () => {
    expect(evaluate(pr({ baseChangedAt: "2026-11-20T09:00:00Z" })).conclusion).toBe("success");
    expect(evaluate(pr()).conclusion).toBe("success");
  });
  it("an unparseable base-change time counts no approval (fail closed)", () => {
    expect(evaluate(pr({ baseChangedAt: "yesterday" })).conclusion).toBe("failure");
  });
});

describe("item 3: requesters wherever GitHub records them", () => {
  it("an earlier body revision's 'Requested by' still excludes that person after an edit removed it", () => {
    const facts = pr({ author: { login: "devin-ai-integration[bot]", type: "Bot" }, body: "Link to Devin run: https://app.devin.ai/sessions/1", bodyRevisions: ["Link to Devin run: https://app.devin.ai/sessions/1\nRequested by: @bob"] });
    const d = evaluate(facts);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("bob (review 1) does not count: asked the agent for this change (an earlier revision of the PR body)");
  });
  it("the person who assigned Copilot, the labeller of an agent label and the commenter who commanded an agent are excluded", () => {
    const assigned = evaluate(pr({ triggers: [{ login: "bob", kind: "assignment", text: "Copilot", at: "2026-11-19T09:00:00Z" }] }));
    expect(assigned.reasons).toContain("bob (review 1) does not count: asked the agent for this change (assigned agent Copilot (2026-11-19T09:00:00Z))");
    const labelled = evaluate(pr({ triggers: [{ login: "carol", kind: "label", text: "Amazon Q development agent", at: "2026-11-19T09:00:00Z" }] }));
    expect(labelled.conclusion).toBe("failure");
    expect(labelled.reasons.find((r) => r.startsWith("carol (review 2) does not count"))).toContain('applied the agent label "Amazon Q development agent"');
    for (const text of ["@claude please make the table bigger", "Thanks! cc @devin-ai-integration[bot] for the fix", "/q dev add a GSI"]) {
      const d = evaluate(pr({ triggers: [{ login: "bob", kind: "comment", text, at: "2026-11-19T09:00:00Z" }] }));
      expect([text, d.conclusion]).toEqual([text, "failure"]);
    }
  });
  it("a comment that mentions no agent, an email address, or an agent acting itself triggers nothing", () => {
    for (const t of [
      { login: "bob", kind: "comment" as const, text: "LGTM, mail ops@copilot.example if it breaks", at: "2026-11-19T09:00:00Z" },
      { login: "bob", kind: "label" as const, text: "bug", at: "2026-11-19T09:00:00Z" },
      { login: "bob", kind: "assignment" as const, text: "carol", at: "2026-11-19T09:00:00Z" },
      { login: "Copilot", kind: "comment" as const, text: "@copilot done", at: "2026-11-19T09:00:00Z" },
    ]) {
      expect(evaluate(pr({ triggers: [t] })).conclusion).toBe("success");
    }
  });
  it("a 'Requested by' read as GitHub renders it: invisible characters, Unicode spaces, a fullwidth @ and a markdown link still name bob", () => {
    const written = [
      "Requested by: @bob\u200b", // a zero-width space after the login
      "Requested by: @b\u200bob", // and inside it
      "Requested\u00a0by: @bob", // a no-break space in the phrase
      "Requested by:\u3000@bob", // an ideographic space before the mention
      "Requested by: \uff20bob", // a fullwidth @
      "Requested by: [@bob](https://github.com/bob)",
      "Requested by: @\u2066bob\u2069", // direction isolates around the login
    ];
    for (const line of written) {
      const d = evaluate(pr({ body: `Raises the capacity.\n\n${line}` }));
      expect([line, d.conclusion]).toEqual([line, "failure"]);
      expect(d.reasons).toContain("bob (review 1) does not count: asked the agent for this change (the PR body)");
    }
  });
  it("a 'Requested by' login that runs on into letters GitHub logins do not have (a Cyrillic о, an underscore) names nobody who can be excluded: fail closed", () => {
    for (const line of ["Requested by: @b\u043eb", "Requested by: @bob_sre", "Requested by: @bob\u00e9"]) {
      const d = evaluate(pr({ reviews: [approve(1, "bob"), approve(2, "carol"), approve(3, "dave")], permissions: { bob: "write", carol: "write", dave: "write" }, body: `Raises the capacity.\n\n${line}` }));
      expect([line, d.conclusion]).toEqual([line, "failure"]);
      expect(d.reasons.some((r) => r.startsWith("requester ") && r.endsWith("maps to no GitHub login: cannot exclude them from approving (fail closed)"))).toBe(true);
    }
  });
  it("every requester a 'Requested by' line lists is excluded, not only the first", () => {
    for (const line of ["Requested by: @dave and @bob", "Requested by: @dave, @bob", "Requested by: @dave & @bob", "**Requested by:** @dave; @bob"]) {
      const d = evaluate(pr({ reviews: [approve(1, "bob"), approve(2, "carol")], body: `Raises the capacity.\n\n${line}` }));
      expect([line, d.conclusion]).toEqual([line, "failure"]);
      expect(d.reasons).toContain("bob (review 1) does not count: asked the agent for this change (the PR body)");
    }
    // A mention on the next line is not part of the list.
    expect(evaluate(pr({ body: "Requested by: @dave\n@bob please look at the alarms" })).conclusion).toBe("success");
    // A phrase written as a heading lists its requesters on the line after it.
    for (const body of ["**Requested by**\n@bob", "### Requested by\n\n- @dave, @bob"]) {
      const d = evaluate(pr({ body: `Raises the capacity.\n\n${body}` }));
      expect([body, d.conclusion]).toEqual([body, "failure"]);
    }
  });
  it("a phrase written as a commit trailer (Requested-by:) names the requester too", () => {
    const commit = { sha: HEAD, message: "Raise capacity\n\nRequested-by: Bob <1234+bob@users.noreply.github.com>", author: COPILOT, committer: WEB_FLOW };
    const d = evaluate(pr({ commits: [commit] }));
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain(`bob (review 1) does not count: asked the agent for this change (commit ${HEAD.slice(0, 7)})`);
  });
  it("a team named as the requester (@org/team) names no one who can be excluded: fail closed", () => {
    const d = evaluate(pr({ body: "Raises the capacity.\n\nRequested by: @acme/platform-team" }));
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("requester @acme/platform-team in the PR body maps to no GitHub login: cannot exclude them from approving (fail closed)");
  });
  it("a requester written as a name and an email linked to no login fails closed and says so", () => {
    const d = evaluate(pr({ author: { login: "devin-ai-integration[bot]", type: "Bot" }, body: "Link to Devin run: https://app.devin.ai/sessions/1\nRequested by: Alice (alice@corp.example)" }));
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("requester Alice (alice@corp.example) in the PR body maps to no GitHub login: cannot exclude them from approving (fail closed)");
  });
  it("a requester email that a commit links to a login excludes that login instead", () => {
    const facts = pr({
      body: "Requested by: Bob (bob@acme.example)",
      commits: [
        { sha: HEAD, message: "Raise capacity", author: COPILOT, committer: WEB_FLOW },
        { sha: "a".repeat(40), message: "fixup", author: human("Bob", "bob@acme.example", "bob"), committer: human("Bob", "bob@acme.example", "bob") },
      ],
    });
    const d = evaluate(facts);
    expect(d.reasons.find((r) => r.startsWith("bob (review 1)"))).toMatch(/does not count/);
  });
  it("prose that merely contains a phrase names nobody", () => {
    expect(evaluate(pr({ body: "<!-- START COPILOT CODING AGENT SUFFIX -->\nAs requested by the security team, the role acts on behalf of the service." })).conclusion).toBe("success");
  });
});

describe("item 4: every human who wrote part of the change is excluded, or the check fails closed", () => {
  it("an agent PR with a commit by an email linked to no account fails (not only PRs without an agent signal)", () => {
    const d = evaluate(pr({ commits: [{ sha: HEAD, message: "x", author: COPILOT, committer: WEB_FLOW }, { sha: "b".repeat(40), message: "tweak", author: human("Mallory", "mallory@laptop.local", null), committer: human("Mallory", "mallory@laptop.local", null) }] }));
    expect(d.conclusion).toBe("failure");
    expect(d.reasons.join("\n")).toContain("commit bbbbbbb is by Mallory <mallory@laptop.local>, an email linked to no GitHub account");
  });
  it("a Co-authored-by person whose email maps to no login fails closed", () => {
    const d = evaluate(pr({ commits: [{ sha: HEAD, message: "Raise capacity\n\nCo-authored-by: Bob Smith <bob.smith@corp.example>", author: COPILOT, committer: WEB_FLOW }] }));
    expect(d.conclusion).toBe("failure");
    expect(d.reasons).toContain("co-author Bob Smith <bob.smith@corp.example> (commit 9f2c1e7) maps to no GitHub login: cannot exclude them from approving (fail closed)");
  });
  it("agent co-authors and GitHub's own committer address are not unknown humans", () => {
    expect(evaluate(pr({ commits: [{ sha: HEAD, message: "x\n\nCo-Authored-By: Claude <noreply@anthropic.com>", author: COPILOT, committer: WEB_FLOW }] })).conclusion).toBe("success");
  });
});

describe("item 5: agent markers in the PR body count", () => {
  const humanCommit = [{ sha: HEAD, message: "Orders", author: human("Erin", "erin@acme.example", "erin"), committer: human("Erin", "erin@acme.example", "erin") }];
  it("a Co-authored-by: agent trailer in the body makes the PR agent-authored", () => {
    const d = evaluate(pr({ author: { login: "erin", type: "User" }, headRef: "orders", body: "Bigger table\n\nCo-authored-by: Claude <noreply@anthropic.com>", commits: humanCommit, reviews: [] }));
    expect(d).toMatchObject({ guarded: true, conclusion: "failure" });
    expect(d.reasons[0]).toBe("the PR body says it is co-authored by agent Claude <noreply@anthropic.com>");
  });
  it("'Generated with …' in the body, or only in an earlier revision of it, counts", () => {
    expect(evaluate(pr({ author: { login: "erin", type: "User" }, headRef: "orders", body: "🤖 Generated with [Claude Code](https://claude.com/claude-code)", commits: humanCommit, reviews: [] })).guarded).toBe(true);
    expect(evaluate(pr({ author: { login: "erin", type: "User" }, headRef: "orders", body: "Bigger table", bodyRevisions: ["Bigger table\n\nGenerated with Amazon Q"], commits: humanCommit, reviews: [] })).guarded).toBe(true);
  });
});

describe("item 8: untrusted text is parsed in linear time", () => {
  const adversarial = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length));
  // 1 MB; mutation runs (stryker/chunks.mjs) set 64 KB: under Stryker's instrumentation 1 MB took
  // ~50 s for each mutant that survives, and a mutant that made parsing quadratic still times out.
  const hostileBytes = Number(process.env.HOSTILE_TEXT_BYTES ?? 1 << 20);
  it("decides PRs whose commit message and body are 1 MB of hostile repetitions", () => {
    for (const unit of ["Requested by: (a", "Co-authored-by: <<<", "requested by @", "@".repeat(50), " on behalf of x(y@", "\nCo-authored-by: a <b@c", "Requested by:" + " ".repeat(300)]) {
      const text = adversarial(unit, hostileBytes);
      const d = evaluate(pr({ body: text, commits: [{ sha: HEAD, message: text, author: COPILOT, committer: WEB_FLOW }], triggers: [{ login: "bob", kind: "comment", text, at: "2026-11-20T00:00:00Z" }] }));
      expect(d.guarded).toBe(true);
    }
  });
  it("property: any text decides, and the verdict never passes with fewer than two countable approvals", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 400 }), (message, body) => {
        const d = evaluate(pr({ body: `${body}\n<!-- START COPILOT CODING AGENT SUFFIX -->`, commits: [{ sha: HEAD, message, author: COPILOT, committer: WEB_FLOW }], reviews: [approve(1, "bob")] }));
        return d.conclusion === "failure" && d.guarded;
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
  });
});

describe("item 12: infrastructure paths", () => {
  it("defaults match case-insensitively and include deploy specs and pipelines", () => {
    const files = ["Infra/app.ts", "CDK/lib/stack.ts", "buildspec.yml", "deploy/appspec.yml", ".gitlab-ci.yml", ".github/workflows/deploy.yml", ".github/actions/setup/action.yml", "Jenkinsfile", "azure-pipelines.yml", "src/handler.ts"];
    expect(infraFiles(pr({ files: files.map((path) => ({ path })) }), policy.review.infraPaths)).toEqual(files.slice(0, -1));
  });
  it("a folder the base branch's project files declare (infraRoots) is infrastructure, tests and docs excepted", () => {
    const facts = pr({
      files: [{ path: "services/orders/src/table.ts" }, { path: "services/orders/test/table.test.ts" }, { path: "services/orders/README.md" }, { path: "web/app.ts" }],
      infraRoots: [{ root: "services/orders", source: "services/orders/cdk.json" }],
    });
    expect(infraFiles(facts, policy.review.infraPaths)).toEqual(["services/orders/src/table.ts"]);
    expect(evaluate({ ...facts, reviews: [] })).toMatchObject({ guarded: true, conclusion: "failure" });
    expect(evaluate({ ...facts, infraRoots: [] }).guarded).toBe(false);
  });
  it("inside such a folder, tests and docs are excepted whatever the case of their names, as the infraPaths globs match", () => {
    const facts = pr({
      files: [{ path: "services/orders/Tests/table.ts" }, { path: "services/orders/Docs/diagram.png" }, { path: "services/orders/changelog" }, { path: "services/orders/lib/Stack.ts" }],
      infraRoots: [{ root: "services/orders", source: "services/orders/cdk.json" }],
    });
    expect(infraFiles(facts, policy.review.infraPaths)).toEqual(["services/orders/lib/Stack.ts"]);
  });
  it("inside such a folder, a .txt that is no README or licence is infrastructure (requirements.txt, constraints.txt: what the deploy installs)", () => {
    const facts = pr({
      files: ["requirements.txt", "requirements-dev.txt", "constraints.txt", "README.txt", "LICENSE.txt", "docs/notes.txt"].map((f) => ({ path: `python/lambda-cron/${f}` })),
      infraRoots: [{ root: "python/lambda-cron", source: "python/lambda-cron/cdk.json" }],
    });
    expect(infraFiles(facts, policy.review.infraPaths)).toEqual(["python/lambda-cron/requirements.txt", "python/lambda-cron/requirements-dev.txt", "python/lambda-cron/constraints.txt"]);
  });
  it("inside such a folder, the dotfiles of its tests and docs are excepted with them", () => {
    const facts = pr({
      files: [{ path: "services/orders/test/.eslintrc.json" }, { path: "services/orders/docs/.pages" }, { path: "services/orders/.env" }],
      infraRoots: [{ root: "services/orders", source: "services/orders/cdk.json" }],
    });
    expect(infraFiles(facts, policy.review.infraPaths)).toEqual(["services/orders/.env"]);
  });
});

describe("item 13: review.requireVerifiedCommits", () => {
  const strict = resolvePolicy(parseUserConfig("c.yml", "review:\n  requireVerifiedCommits: true\n"));
  it("off by default: unsigned commits are judged by their metadata", () => {
    expect(evaluate(pr()).conclusion).toBe("success");
  });
  it("on: an unverified (or unrecorded) signature makes the author unknown and fails closed", () => {
    const d = evaluate(pr({ commitSignatures: { [HEAD]: { verified: false, signer: null } } }), strict);
    expect(d.conclusion).toBe("failure");
    expect(d.reasons.join("\n")).toContain("has no signature GitHub verified");
    expect(evaluate(pr(), strict).conclusion).toBe("failure");
  });
  it("on: verified commits pass, and the signer may not approve", () => {
    expect(evaluate(pr({ commitSignatures: { [HEAD]: { verified: true, signer: null } } }), strict).conclusion).toBe("success");
    const d = evaluate(pr({ commitSignatures: { [HEAD]: { verified: true, signer: "bob" } } }), strict);
    expect(d.reasons).toContain("bob (review 1) does not count: signed commit 9f2c1e7");
  });
  it("on, for a human's infrastructure PR: an unsigned commit fails (its author could be forged)", () => {
    const humanPr = pr({ author: { login: "erin", type: "User" }, headRef: "orders", body: "", commits: [{ sha: HEAD, message: "x", author: human("Erin", "erin@acme.example", "erin"), committer: human("Erin", "erin@acme.example", "erin") }] });
    expect(evaluate(humanPr).conclusion).toBe("success");
    expect(evaluate(humanPr, strict).conclusion).toBe("failure");
  });
});
