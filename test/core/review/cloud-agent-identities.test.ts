/**
 * Cloud agents of 2026 that the shipped agents.yaml must recognize by their own GitHub identity:
 * Kilo Code (kiloconnect[bot]), Roo Code's Roomote (roomote@roocode.com, roomote-*[bot]) and Junie
 * for GitHub (junie-eap[bot]), and Codex cloud's task link in the PR body however it is written.
 * Where each input comes from, and the verdict expected before running it:
 * test/fixtures/github/agent-identities/README.md.
 */
import { readFileSync } from "node:fs";
import { pullFactsSchema, type Person, type PullFacts } from "../../../src/core/review/facts.js";
import { rule } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const fixture = (name: string): PullFacts => pullFactsSchema.parse(JSON.parse(readFileSync(new URL(`../../fixtures/github/agent-identities/${name}`, import.meta.url), "utf8"))) as PullFacts;

describe("cloud agents recognized by their GitHub identity", () => {
  it("Kilo Code: a commit co-authored by kiloconnect[bot] is agent-authored (Kilo-Org/kilo-marketplace#164)", () => {
    const d = rule.evaluate(fixture("kilo-marketplace-164.json"), policy);
    expect(d.reasons[0]).toBe("commit ae87d54 is co-authored by agent kiloconnect[bot] <240665456+kiloconnect[bot]@users.noreply.github.com>");
    // No infrastructure in that PR: it passes, unguarded.
    expect(d).toMatchObject({ conclusion: "success", guarded: false });
  });

  it("Kilo Code: the same commit on a Terraform file needs two approvals", () => {
    const facts = fixture("kilo-marketplace-164.json");
    expect(rule.evaluate({ ...facts, files: [{ path: "terraform/main.tf" }] }, policy)).toMatchObject({ conclusion: "failure", guarded: true, missing: 2 });
  });

  it("Roomote: its commit on a deploy folder is guarded, and two others' approvals pass it (RooCodeInc/Roomote#1)", () => {
    const d = rule.evaluate(fixture("roomote-1.json"), policy);
    expect(d.guarded).toBe(true);
    expect(d.reasons).toContain("commit a3050aa committer Roomote <roomote@roocode.com> is an agent");
    expect(d.approvals.map((a) => a.login)).toEqual(["daniel-lxs", "cte"]);
    expect(d.conclusion).toBe("success");
  });

  it("Roomote: a PR its bot opened is agent-authored, whatever the deployment's app is named", () => {
    const facts = fixture("roomote-1.json");
    for (const login of ["roomote", "roomote-roomote", "roomote-community"]) {
      const d = rule.evaluate({ ...facts, author: { login, type: "Bot" }, commits: facts.commits.map((c) => ({ ...c, message: "Heal Render first-boot race", committer: c.author })) }, policy);
      expect(d.reasons[0]).toBe(`opened by agent ${login}`);
    }
  });

  it("Junie for GitHub: a junie-eap[bot] commit on alice's Terraform PR is guarded; bob alone is not enough", () => {
    const d = rule.evaluate(fixture("junie-on-human-pr.json"), policy);
    expect(d).toMatchObject({ conclusion: "failure", guarded: true, missing: 1 });
    expect(d.reasons[0]).toBe("commit 6b1f0c2 author junie-eap[bot] <junie-eap[bot]@users.noreply.github.com> is an agent");
  });

  it("a PR the Junie GitHub App opened is agent-authored", () => {
    const facts = fixture("junie-on-human-pr.json");
    expect(rule.evaluate({ ...facts, author: { login: "jetbrains-junie", type: "Bot" } }, policy).reasons[0]).toBe("opened by agent jetbrains-junie");
  });

  it("Codex cloud: the 2026 task link (chatgpt.com/codex/cloud/tasks/) in the body makes the PR agent-authored (ggenelot/these#43)", () => {
    const d = rule.evaluate(fixture("codex-cloud-these-43.json"), policy);
    expect(d.reasons[0]).toBe('the PR body carries the agent marker "chatgpt.com/codex/cloud/tasks/"');
    // A Python module, no infrastructure: it passes, unguarded.
    expect(d).toMatchObject({ conclusion: "success", guarded: false });
  });

  it("Codex cloud: the same PR on a workflow needs two approvals, and its author's is none of them", () => {
    const facts = fixture("codex-cloud-these-43.json");
    const onWorkflow = { ...facts, files: [{ path: ".github/workflows/ci.yml" }] };
    expect(rule.evaluate(onWorkflow, policy)).toMatchObject({ conclusion: "failure", guarded: true, missing: 2 });
    const approved = {
      ...onWorkflow,
      reviews: [{ id: 1, user: { login: "ggenelot", type: "User" as const }, state: "APPROVED" as const, commitId: facts.headSha, submittedAt: "2026-04-22T13:10:00Z" }],
      permissions: { ggenelot: "admin" as const },
    };
    expect(rule.evaluate(approved, policy).reasons).toContain("ggenelot (review 1) does not count: opened the pull request");
  });

  it("Codex cloud: a bare task URL (the 2025 body's last line) is the same link", () => {
    const facts = fixture("codex-cloud-these-43.json");
    const body = "## Summary\n- add a deploy step\n\n## Testing\n- `pytest -q`\n\n------\nhttps://chatgpt.com/codex/tasks/task_e_0123456789abcdef0123456789abcdef";
    const d = rule.evaluate({ ...facts, body, files: [{ path: ".github/workflows/ci.yml" }] }, policy);
    expect(d.reasons[0]).toBe('the PR body carries the agent marker "chatgpt.com/codex/tasks/"');
    expect(d).toMatchObject({ conclusion: "failure", guarded: true });
  });

  it("Augment: its PR footer makes a person's PR agent-authored (nsbradford/ai-devtool-leaderboard#302)", () => {
    const d = rule.evaluate(fixture("augment-leaderboard-302.json"), policy);
    expect(d.reasons[0]).toBe('the PR body carries the agent marker "opened by [Augment Code]"');
    // A JSON data file, no infrastructure: it passes, unguarded.
    expect(d).toMatchObject({ conclusion: "success", guarded: false });
  });

  it("Augment: the same PR on a workflow, its commit by the author's linked address, needs two approvals", () => {
    const facts = fixture("augment-leaderboard-302.json");
    const linked = { name: "siyu-augment", email: "siyu@augmentcode.com", login: "siyu-augment" };
    const onWorkflow = { ...facts, files: [{ path: ".github/workflows/sync.yml" }], commits: facts.commits.map((c) => ({ ...c, author: linked, committer: linked })) };
    expect(rule.evaluate(onWorkflow, policy)).toMatchObject({ conclusion: "failure", guarded: true, missing: 2 });
  });

  it("Augment: its 'Generated with [Augment Code]' footer in a commit is an agent marker", () => {
    const facts = fixture("augment-leaderboard-302.json");
    const linked = { name: "siyu-augment", email: "siyu@augmentcode.com", login: "siyu-augment" };
    const commits = facts.commits.map((c) => ({ ...c, message: "Add sync workflow\n\nGenerated with [Augment Code](https://www.augmentcode.com/)\n", author: linked, committer: linked }));
    const d = rule.evaluate({ ...facts, body: "", files: [{ path: ".github/workflows/sync.yml" }], commits }, policy);
    expect(d.reasons[0]).toBe('commit 2ea9428 carries the agent marker "Generated with [Augment Code]"');
    expect(d).toMatchObject({ conclusion: "failure", guarded: true });
  });

  it("Cursor Bugbot's summary note in a person's PR body names a reviewer, not a writer: no agent marker", () => {
    const facts = fixture("augment-leaderboard-302.json");
    const linked = { name: "siyu-augment", email: "siyu@augmentcode.com", login: "siyu-augment" };
    const note = facts.body.slice(facts.body.indexOf("> [!NOTE]"));
    const d = rule.evaluate({ ...facts, body: `Adds a sync workflow.\n\n---\n\n${note}`, files: [{ path: ".github/workflows/sync.yml" }], commits: facts.commits.map((c) => ({ ...c, author: linked, committer: linked })) }, policy);
    expect(d).toMatchObject({ conclusion: "success", guarded: false, reasons: ["not agent-authored"] });
  });

  it("Claude through GitHub's agents (anthropic-code-agent[bot], committing as 242468646+Claude@…) is an agent: guarded, passing with two others' approvals", () => {
    const d = rule.evaluate(fixture("agent-hq-claude.json"), policy);
    expect(d.reasons[0]).toBe("opened by agent anthropic-code-agent");
    expect(d.reasons).toContain("commit 81a68e1 author anthropic-code-agent[bot] <242468646+Claude@users.noreply.github.com> is an agent");
    expect(d.approvals.map((a) => a.login)).toEqual(["bob", "carol"]);
    expect(d.conclusion).toBe("success");
  });

  it("whoever assigned anthropic-code-agent asked for the change: their approval does not count, also without a co-author trailer", () => {
    const facts = fixture("agent-hq-claude.json");
    const untrailered = { ...facts, commits: facts.commits.map((c) => ({ ...c, message: c.message.replace(/\n\nCo-authored-by:.*\n/, "\n") })) };
    const d = rule.evaluate(untrailered, policy);
    expect(d.reasons).toContain("alice (review 31) does not count: asked the agent for this change (assigned agent anthropic-code-agent (2026-02-16T11:00:00Z))");
    expect(d.approvals.map((a) => a.login)).toEqual(["bob", "carol"]);
  });

  it("Codex through GitHub's agents (openai-code-agent[bot], 242516109+Codex@…) likewise", () => {
    const facts = fixture("agent-hq-claude.json");
    const codex = { name: "openai-code-agent[bot]", email: "242516109+Codex@users.noreply.github.com", login: null };
    const d = rule.evaluate(
      {
        ...facts,
        author: { login: "openai-code-agent", type: "Bot" },
        headRef: "codex/add-e2e-workflow",
        commits: facts.commits.map((c) => ({ ...c, author: codex, committer: codex })),
        triggers: [{ login: "alice", kind: "assignment", text: "openai-code-agent", at: "2026-02-16T11:00:00Z" }],
      },
      policy,
    );
    expect(d.reasons[0]).toBe("opened by agent openai-code-agent");
    expect(d.approvals.map((a) => a.login)).toEqual(["bob", "carol"]);
    expect(d.conclusion).toBe("success");
  });

  it("an agent committing under its GitHub account's ID-based no-reply address, which GitHub links to no user, is that agent (ryancormack/strands-acp 6c58a8d, Kiro Agent)", () => {
    // 2026, MIT: author and committer "Kiro Agent <244629292+kiro-agent@users.noreply.github.com>",
    // the identity Kiro commits with, pinning the actions of .github/workflows/publish.yml. The
    // account is no User (as Copilot's 198982749+Copilot@ and Claude's 242468646+Claude@), so
    // GraphQL links the address to nobody; as a co-author the same address was already Kiro's.
    const kiro = { name: "Kiro Agent", email: "244629292+kiro-agent@users.noreply.github.com", login: null };
    const facts = fixture("agent-hq-claude.json");
    const d = rule.evaluate(
      {
        ...facts,
        repo: "ryancormack/strands-acp",
        author: { login: "ryancormack", type: "User" },
        headRef: "kiro/improve-github-workflows",
        files: [{ path: ".github/workflows/publish.yml" }, { path: ".agents/tasks/task-improve-github-workflows/features/FEAT-001.json" }],
        commits: [{ sha: facts.headSha, message: "fix: harden publish.yml: pin actions to SHAs, pin pnpm 9\n", author: kiro, committer: kiro }],
        triggers: [],
      },
      policy,
    );
    expect(d.reasons[0]).toBe("commit 5e0d3c1 author Kiro Agent <244629292+kiro-agent@users.noreply.github.com> is an agent");
    expect(d.reasons.join("\n")).not.toContain("an email linked to no GitHub account");
    expect(d.approvals.map((a) => a.login)).toEqual(["alice", "bob", "carol"]);
    expect(d).toMatchObject({ conclusion: "success", guarded: true });
    // Any other agent login likewise (gemini-cli's account, 218195315+gemini-cli@…), with or without the id.
    for (const email of ["218195315+gemini-cli@users.noreply.github.com", "kiro-agent@users.noreply.github.com"]) {
      const bot = { name: "agent", email, login: null };
      expect(rule.evaluate({ ...facts, commits: [{ ...facts.commits[1]!, author: bot, committer: bot }] }, policy).reasons).toContain(`commit 5e0d3c1 author agent <${email}> is an agent`);
    }
  });

  it("a person's unlinked no-reply address stays an unknown writer: only an agent's login names an agent", () => {
    const facts = fixture("agent-hq-claude.json");
    const gone = { name: "Dana", email: "1009+dana@users.noreply.github.com", login: null };
    const d = rule.evaluate({ ...facts, author: { login: "bob", type: "User" }, triggers: [], commits: [{ ...facts.commits[1]!, message: "ci: pin\n", author: gone, committer: gone }] }, policy);
    expect(d.reasons[0]).toContain("an email linked to no GitHub account");
    expect(d.conclusion).toBe("failure");
  });

  it("Qoder's action commits as qoderai[bot]: a person's workflow PR it changed is guarded, and who commented @qoder asked for it", () => {
    // Its git identity as wenxinax/qoder-action scripts/configure-qoder-auth.sh (79adf51, MIT) sets it.
    const qoder = { name: "qoderai[bot]", email: "215938697+qoderai[bot]@users.noreply.github.com", login: null };
    const alice = { name: "alice", email: "1001+alice@users.noreply.github.com", login: "alice" };
    const head = "7a1e0c9d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
    const facts = {
      ...fixture("agent-hq-claude.json"),
      author: { login: "alice", type: "User" as const },
      headRef: "fix/deploy",
      commits: [
        { sha: "1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e", message: "Add deploy workflow\n", author: alice, committer: alice },
        { sha: head, message: "Pin the deploy action to a commit\n", author: qoder, committer: qoder },
      ],
      headSha: head,
      reviews: [
        { id: 41, user: { login: "bob", type: "User" as const, id: 1002 }, state: "APPROVED" as const, commitId: head, submittedAt: "2026-03-02T10:00:00Z" },
        { id: 42, user: { login: "carol", type: "User" as const, id: 1003 }, state: "APPROVED" as const, commitId: head, submittedAt: "2026-03-02T10:05:00Z" },
      ],
      triggers: [{ login: "bob", kind: "comment" as const, text: "@qoder pin the deploy action to a commit", at: "2026-03-02T09:00:00Z" }],
    };
    const d = rule.evaluate(facts, policy);
    expect(d.reasons[0]).toBe("commit 7a1e0c9 author qoderai[bot] <215938697+qoderai[bot]@users.noreply.github.com> is an agent");
    expect(d.reasons).toContain("bob (review 41) does not count: asked the agent for this change (mentioned agent @qoder in a comment (2026-03-02T09:00:00Z))");
    expect(d).toMatchObject({ conclusion: "failure", guarded: true, missing: 1 });
  });
});

describe("a co-author named by an address that is no no-reply one, as GitHub's agents write the requester's public email", () => {
  // lucyscript/companion (all rights reserved: facts only): Copilot's, Claude's and Codex's PRs
  // #125, #127, #131, #132, #133 (2026-02) carry "Co-authored-by: lucyscript <the account's own
  // gmail address>", the address of 253 commits GitHub attributes to that account. Here as alice's.
  const ADDRESS = "alice.lindqvist@example.org";
  const AGENT = { name: "anthropic-code-agent[bot]", email: "242468646+Claude@users.noreply.github.com", login: null };
  const withPublicEmail = (linked: string | null, recorded = true): PullFacts => {
    const facts = fixture("agent-hq-claude.json");
    const { triggers: _assignedBy, ...rest } = facts;
    return {
      ...rest,
      commits: facts.commits.map((c) => ({
        ...c,
        message: c.message.replace("alice <1001+alice@users.noreply.github.com>", `alice <${ADDRESS}>`),
        ...(recorded ? { authors: [c.author, { name: "alice", email: ADDRESS, login: linked }] } : {}),
      })),
    };
  };

  it("GitHub links the address to alice: she does not count, bob and carol pass it", () => {
    const d = rule.evaluate(withPublicEmail("alice"), policy);
    expect(d.reasons).toContain(`alice (review 31) does not count: co-authored commit 81a68e1 (GitHub links ${ADDRESS} to this account)`);
    expect(d.reasons.join("\n")).not.toContain("maps to no GitHub login");
    expect(d.approvals.map((a) => a.login)).toEqual(["bob", "carol"]);
    expect(d.conclusion).toBe("success");
  });

  it("a co-author GitHub lists is a writer whatever the message holds (GitHub's list is its record of the trailers)", () => {
    const facts = withPublicEmail("alice");
    const d = rule.evaluate({ ...facts, commits: facts.commits.map((c) => ({ ...c, message: "Add Playwright e2e workflow\n", author: AGENT })) }, policy);
    expect(d.approvals.map((a) => a.login)).toEqual(["bob", "carol"]);
    expect(d.reasons).toContain(`alice (review 31) does not count: co-authored commit 81a68e1 (GitHub links ${ADDRESS} to this account)`);
  });

  it("fails closed when GitHub links the address to no account, or the facts do not record GitHub's link", () => {
    for (const facts of [withPublicEmail(null), withPublicEmail("alice", false)]) {
      const d = rule.evaluate(facts, policy);
      expect(d.reasons).toContain(`co-author alice <${ADDRESS}> (commit 81a68e1) maps to no GitHub login: cannot exclude them from approving (fail closed)`);
      expect(d.conclusion).toBe("failure");
    }
  });

  it("a facts file with GitHub's authors of a commit replays; a typo in one is an error", () => {
    const facts = withPublicEmail("alice");
    expect(pullFactsSchema.safeParse(JSON.parse(JSON.stringify(facts))).success).toBe(true);
    const typo = JSON.parse(JSON.stringify(facts)) as { commits: { authors: Record<string, unknown>[] }[] };
    typo.commits[0]!.authors[1] = { name: "alice", email: ADDRESS, logn: "alice" };
    expect(pullFactsSchema.safeParse(typo).success).toBe(false);
  });
});

describe("Lovable, which commits each edit a person asks for as its GitHub App's bot", () => {
  // The shape of Lovable's commits (facts only, written here): author and committer
  // gpt-engineer-app[bot] <159125892+gpt-engineer-app[bot]@users.noreply.github.com>, the message
  // "Changes", an X-Lovable-Edit-ID trailer and the requester as co-author.
  const lovable = { name: "gpt-engineer-app[bot]", email: "159125892+gpt-engineer-app[bot]@users.noreply.github.com", login: null };
  const head = "0d5063c4913222769653b59ff31f6e66b068b647";
  const lovablePr = (message: string, author: Person = lovable): PullFacts => ({
    ...fixture("agent-hq-claude.json"),
    author: { login: "alice", type: "User" },
    headRef: "edit/deploy",
    body: "",
    files: [{ path: ".github/workflows/deploy.yml" }],
    commits: [{ sha: head, message, author, committer: author }],
    headSha: head,
    reviews: [
      { id: 51, user: { login: "alice", type: "User", id: 1001 }, state: "APPROVED", commitId: head, submittedAt: "2026-07-10T10:00:00Z" },
      { id: 52, user: { login: "bob", type: "User", id: 1002 }, state: "APPROVED", commitId: head, submittedAt: "2026-07-10T10:05:00Z" },
    ],
    permissions: { alice: "write", bob: "write" },
  });

  it("its commit on a workflow is an agent's: guarded, and the requester it co-authors does not count", () => {
    const d = rule.evaluate(lovablePr("Changes\n\nX-Lovable-Edit-ID: edt-bdb3de5a-f62f-4e50-89d2-f6a75f8ff956\nCo-authored-by: alice <1001+alice@users.noreply.github.com>\n"), policy);
    expect(d.reasons[0]).toBe(`commit 0d5063c author gpt-engineer-app[bot] <159125892+gpt-engineer-app[bot]@users.noreply.github.com> is an agent`);
    expect(d.approvals.map((a) => a.login)).toEqual(["bob"]);
    expect(d).toMatchObject({ conclusion: "failure", guarded: true, missing: 1 });
  });

  it("its edit trailer, its renamed bot (lovable-dev[bot]) and its template's address are agent signals too", () => {
    const alice = { name: "alice", email: "1001+alice@users.noreply.github.com", login: "alice" };
    for (const [message, author] of [
      ["Changes\n\nX-Lovable-Edit-ID: edt-bdb3de5a\n", alice],
      ["Changes\n", { name: "lovable-dev[bot]", email: "49699533+lovable-dev[bot]@users.noreply.github.com", login: null }],
      ["Use tech stack vite_react_shadcn_ts\n", { name: "Lovable", email: "noreply@lovable.dev", login: null }],
    ] as const) {
      expect(rule.evaluate(lovablePr(message, author), policy)).toMatchObject({ conclusion: "failure", guarded: true });
    }
  });
});

describe("coding agents that commit or open pull requests as their GitHub App's bot", () => {
  const facts = fixture("agent-hq-claude.json");
  const person = { login: "ryancormack", type: "User" as const };
  it.each([
    // cto.new's agent: "feat(monorepo): initialize greenfield monorepo with Turborepo, pnpm workspaces, and base infra" (a public git log of 2025-12, 0c87014; facts only).
    ["cto.new", "cto-new[bot]", "140088366+cto-new[bot]@users.noreply.github.com"],
    // GitAuto configures its clone with this identity (its own tests of git config, 2025; facts only).
    ["GitAuto", "gitauto-ai[bot]", "161652217+gitauto-ai[bot]@users.noreply.github.com"],
  ])("%s: its bot's commit on a workflow makes a person's PR an agent's", (_agent, name, email) => {
    const bot = { name, email, login: null };
    const d = rule.evaluate({ ...facts, author: person, triggers: [], commits: [{ ...facts.commits[1]!, message: "ci: add the deploy job\n", author: bot, committer: bot }] }, policy);
    expect(d.reasons[0]).toBe(`commit 5e0d3c1 author ${name} <${email}> is an agent`);
    expect(d).toMatchObject({ guarded: true });
  });

  it.each([
    ["cto.new", "cto-new"],
    ["GitAuto", "gitauto-ai"],
    // Sentry's Seer opens its Autofix and test-writing PRs as seer-by-sentry[bot] ("👋 Hi there! This
    // PR was automatically generated by Autofix 🤖", getsentry/seer; getsentry/sentry#83888).
    ["Sentry Seer", "seer-by-sentry"],
  ])("%s: a PR its bot opened is agent-authored", (_agent, login) => {
    const d = rule.evaluate({ ...facts, author: { login, type: "Bot" }, triggers: [], commits: facts.commits.map((c) => ({ ...c, message: "fix\n", author: { name: "alice", email: "1001+alice@users.noreply.github.com", login: "alice" }, committer: { name: "alice", email: "1001+alice@users.noreply.github.com", login: "alice" } })) }, policy);
    expect(d.reasons[0]).toBe(`opened by agent ${login}`);
  });
});
