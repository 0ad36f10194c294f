/**
 * AI attribution that real histories carry and the shipped agents.yaml must read. Each input is a
 * real commit (test/fixtures/github/agent-attribution/README.md: source, commit, licence, and the
 * verdict decided before running the rule).
 */
import { readFileSync } from "node:fs";
import { pullFactsSchema, type PullFacts } from "../../../src/core/review/facts.js";
import { rule } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const fixture = (name: string): PullFacts => pullFactsSchema.parse(JSON.parse(readFileSync(new URL(`../../fixtures/github/agent-attribution/${name}`, import.meta.url), "utf8"))) as PullFacts;
const andrey = { name: "Andrey Nering", email: "andreynering@users.noreply.github.com", login: "andreynering" };
const approve = (id: number, login: string, facts: PullFacts) => ({ id, user: { login, type: "User" as const }, state: "APPROVED" as const, commitId: facts.headSha, submittedAt: "2026-02-07T10:00:00Z" });
/** andreynering's PR on a workflow with one commit of his own carrying `message`. */
const workflowPr = (message: string, body = ""): PullFacts => ({
  ...fixture("crush-assisted-by-workflow.json"),
  author: { login: "andreynering", type: "User" },
  body,
  commits: [{ sha: "437d27533da2925b4c81c9f8cbe90b4cee9c059d", message, author: andrey, committer: andrey }],
  files: [{ path: ".github/workflows/lint.yml" }],
});

describe("the Assisted-by trailer (Linux kernel convention for AI coding assistants)", () => {
  it("Crush's bare `Assisted-by: Crush` on a workflow change makes the PR agent-authored (charmbracelet/crush 598e3ff)", () => {
    const d = rule.evaluate(fixture("crush-assisted-by-workflow.json"), policy);
    expect(d).toMatchObject({ guarded: true, conclusion: "failure" });
    expect(d.reasons[0]).toBe('commit 598e3ff carries the AI attribution trailer "Assisted-by: Crush"');
  });

  it.each([
    ["the kernel's form AGENT_NAME:MODEL_VERSION", "efi/capsule-loader: fix size\n\nAssisted-by: Claude:claude-sonnet-4-5\nSigned-off-by: Thomas Huth <thuth@redhat.com>\n"],
    ["Crush's model form", "feat: x\n\nAssisted-by: Crush:qwen3.7-max\n"],
    ["a model alone", "feat: x\n\nAssisted-by: Claude Fable 5\n"],
    ["an agent with an address no list names", "feat: x\n\nAssisted-by: Karigor Chintok via Karigor <karigor@faisal.click>\n"],
    ["any case of the key", "feat: x\n\nassisted-by: Crush\n"],
    // git reads blanks between a trailer's key and its ":" (git interpret-trailers --parse prints "Assisted-by: Crush").
    ["blanks before the separator, as git reads them", "feat: x\n\nAssisted-by \t: Crush\n"],
  ])("%s is read", (_form, message) => {
    expect(rule.evaluate(workflowPr(message), policy)).toMatchObject({ guarded: true, conclusion: "failure" });
  });

  it("a commit that quotes the convention in its text (indented, mid-line) is no trailer (charmbracelet/crush 437d275)", () => {
    const message = "fix: properly follow the `Assisted-by` header spec (#2871)\n\nWe were not using the correct format. According to the SPEC it should be:\n\n    Assisted-by: AGENT_NAME:MODEL_VERSION\n\nSo now it'll look like this:\n\n    Assisted-by: Crush:kimi-k2.6\n\nSee:\n\nhttps://docs.kernel.org/process/coding-assistants.html#attribution\n";
    expect(rule.evaluate(workflowPr(message), policy)).toMatchObject({ guarded: false, conclusion: "success" });
  });

  it.each(["Assisted-by:", "Assisted-by:   ", "Assisted-by: none", "Assisted-by: N/A", "Assisted-by: -"])("%j names no assistant", (trailer) => {
    expect(rule.evaluate(workflowPr(`ci: pin actions\n\n${trailer}\n`), policy)).toMatchObject({ guarded: false, conclusion: "success" });
  });

  it("a PR body's Assisted-by line is not read: PR templates hold disclosure forms ('Assisted-by: <tool, if any>')", () => {
    expect(rule.evaluate(workflowPr("ci: pin actions\n", "## AI disclosure\nAssisted-by: <tool, if any>\n"), policy)).toMatchObject({ guarded: false });
  });
});

describe("a Co-authored-by trailer with blanks before its separator, which git reads as one", () => {
  // `git interpret-trailers --parse` prints "Co-authored-by : Claude <…>" as "Co-authored-by: Claude <…>".
  it("names the agent: the PR is agent-authored", () => {
    const d = rule.evaluate(workflowPr("ci: pin actions\n\nCo-authored-by : Claude <noreply@anthropic.com>\n"), policy);
    expect(d.reasons[0]).toBe("commit 437d275 is co-authored by agent Claude <noreply@anthropic.com>");
    expect(d).toMatchObject({ guarded: true, conclusion: "failure" });
  });
  it("names a person, who then cannot approve", () => {
    const facts = workflowPr("ci: pin actions\n\nAssisted-by: Crush\nCo-authored-by\t: Kujtim Hoxha <1002+kujtimiihoxha@users.noreply.github.com>\n");
    const d = rule.evaluate({ ...facts, reviews: [approve(1, "kujtimiihoxha", facts), approve(2, "meowgorithm", facts)], permissions: { kujtimiihoxha: "write", meowgorithm: "write" } }, policy);
    expect(d.reasons).toContain("kujtimiihoxha (review 1) does not count: co-authored commit 437d275");
  });
  it("a key that runs on, or no separator, is no trailer", () => {
    for (const line of ["Co-authored-byx: Claude <noreply@anthropic.com>", "Co-authored-by Claude <noreply@anthropic.com>"]) {
      expect(rule.evaluate(workflowPr(`ci: pin actions\n\n${line}\n`), policy)).toMatchObject({ guarded: false, conclusion: "success" });
    }
  });
});

describe("Crush's co-author and footer", () => {
  it("Co-Authored-By: Crush <noreply@crush.charm.land> makes caarlos0's commit agent-authored; .goreleaser.yml is no infrastructure (charmbracelet/crush 4784272)", () => {
    const d = rule.evaluate(fixture("crush-co-author-goreleaser.json"), policy);
    expect(d).toMatchObject({ guarded: false, conclusion: "success" });
    expect(d.reasons).toEqual(['commit 4784272 carries the agent marker "Generated with Crush"', "commit 4784272 is co-authored by agent Crush <noreply@crush.charm.land>", "no infrastructure files"]);
  });

  it("the same commit on a workflow needs two approvals", () => {
    expect(rule.evaluate({ ...fixture("crush-co-author-goreleaser.json"), files: [{ path: ".github/workflows/release.yml" }] }, policy)).toMatchObject({ guarded: true, conclusion: "failure", missing: 2 });
  });

  it.each([
    ["Co-Authored-By: Charm Crush <crush@charm.land> (0b8f974)", "chore(server): remove generated swagger stuff\n\nCo-Authored-By: Charm Crush <crush@charm.land>\n"],
    ["Assisted-by: GLM-5 via Crush <crush@charm.land>", "feat: x\n\nAssisted-by: GLM-5 via Crush <crush@charm.land>\n"],
    ["the footer alone, in any of its emoji", "feat: x\n\n🐾 Generated with Crush\n"],
  ])("%s is Crush's", (_form, message) => {
    expect(rule.evaluate(workflowPr(message), policy)).toMatchObject({ guarded: true, conclusion: "failure" });
  });

  it("the co-author line alone is Crush's, by its address", () => {
    const d = rule.evaluate(workflowPr("chore(server): remove generated swagger stuff\n\nCo-Authored-By: Charm Crush <crush@charm.land>\n"), policy);
    expect(d.reasons[0]).toBe("commit 437d275 is co-authored by agent Charm Crush <crush@charm.land>");
  });
});

describe("Copilot Autofix", () => {
  it("its fix of a workflow, co-authored under GitHub Advanced Security's bot address, is agent-authored (Paul-16098/my-http-server 0a14184)", () => {
    const d = rule.evaluate(fixture("copilot-autofix-workflow.json"), policy);
    expect(d).toMatchObject({ guarded: true, conclusion: "failure", missing: 2 });
    expect(d.reasons[0]).toBe("commit 0a14184 is co-authored by agent Copilot Autofix powered by AI <62310815+github-advanced-security[bot]@users.noreply.github.com>");
  });

  it("GitHub Advanced Security's bot by another name (its code scanning alerts) is no agent", () => {
    const facts = fixture("copilot-autofix-workflow.json");
    const message = "ci: add permissions\n\nCo-authored-by: github-advanced-security[bot] <62310815+github-advanced-security[bot]@users.noreply.github.com>\n";
    expect(rule.evaluate({ ...facts, commits: facts.commits.map((c) => ({ ...c, message })) }, policy)).toMatchObject({ guarded: false, conclusion: "success" });
  });
});

describe("Replit Agent", () => {
  const quickshoe = { name: "quickshoe", email: "52273161+quickshoe@users.noreply.github.com", login: "quickshoe" };

  it("its checkpoint commit is agent-authored by its trailer, not only an unknown writer (quickshoe/Replit_Export efaaf1d)", () => {
    const facts = fixture("replit-agent-checkpoint.json");
    expect(rule.evaluate(facts, policy)).toMatchObject({ guarded: false, conclusion: "success", reasons: ['commit efaaf1d carries the agent marker "Replit-Commit-Author: Agent"', "no infrastructure files"] });
    const onWorkflow = rule.evaluate({ ...facts, files: [{ path: ".github/workflows/deploy.yml" }] }, policy);
    expect(onWorkflow).toMatchObject({ guarded: true, conclusion: "failure" });
    expect(onWorkflow.reasons[0]).toBe('commit efaaf1d carries the agent marker "Replit-Commit-Author: Agent"');
  });

  it("authored under the person's GitHub address, the commit is still the agent's", () => {
    const facts = fixture("replit-agent-checkpoint.json");
    const d = rule.evaluate({ ...facts, files: [{ path: ".github/workflows/deploy.yml" }], commits: facts.commits.map((c) => ({ ...c, author: quickshoe })) }, policy);
    expect(d).toMatchObject({ guarded: true, conclusion: "failure", missing: 2 });
  });

  it("Replit's Assistant is an agent too; a Deployment checkpoint is no writing", () => {
    const facts = fixture("replit-agent-checkpoint.json");
    const pr = (trailer: string) => ({ ...facts, files: [{ path: ".github/workflows/deploy.yml" }], commits: facts.commits.map((c) => ({ ...c, author: quickshoe, message: `Assistant checkpoint: tidy\n\nReplit-Commit-Author: ${trailer}\n` })) });
    expect(rule.evaluate(pr("Assistant"), policy)).toMatchObject({ guarded: true });
    expect(rule.evaluate(pr("Deployment"), policy)).toMatchObject({ guarded: false });
  });
});

describe("AI code reviewers whose suggested code is committed", () => {
  it("a Gemini Code Assist suggestion on a workflow, squashed with its co-author line, is agent-authored (google-gemini/gemini-cli 6f1a5bf, #18496)", () => {
    const d = rule.evaluate(fixture("gemini-code-assist-suggestion-workflow.json"), policy);
    expect(d).toMatchObject({ guarded: true, conclusion: "failure", missing: 2 });
    expect(d.reasons[0]).toBe("commit 6f1a5bf is co-authored by agent gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>");
  });

  it.each([
    ["Gemini Code Assist without its id", "gemini-code-assist[bot] <gemini-code-assist[bot]@users.noreply.github.com>"],
    ["Sourcery (gemini-cli 67df4d1)", "sourcery-ai[bot] <58596630+sourcery-ai[bot]@users.noreply.github.com>"],
    ["Greptile (gemini-cli 89a3ea3)", "greptile-apps[bot] <165735046+greptile-apps[bot]@users.noreply.github.com>"],
    ["CodeRabbit", "coderabbitai[bot] <136622811+coderabbitai[bot]@users.noreply.github.com>"],
  ])("%s as co-author makes the commit agent-authored", (_who, coAuthor) => {
    expect(rule.evaluate(workflowPr(`Update .github/workflows/lint.yml\n\nCo-authored-by: ${coAuthor}\n`), policy)).toMatchObject({ guarded: true, conclusion: "failure" });
  });

  it("CodeRabbit's own commit and its suggestion on publish.yml: guarded, its requester excluded, two others pass it (landmanbester/spimple#21)", () => {
    const facts = fixture("coderabbit-spimple-21.json");
    const d = rule.evaluate({ ...facts, reviews: [approve(1, "landmanbester", facts), approve(2, "carol", facts), approve(3, "dave", facts)], permissions: { landmanbester: "admin", carol: "write", dave: "write" } }, policy);
    expect(d.reasons[0]).toBe("commit e52fdf3 author coderabbitai[bot] <136622811+coderabbitai[bot]@users.noreply.github.com> is an agent");
    expect(d.reasons).toContain("commit 80e18b2 is co-authored by agent coderabbitai[bot] <136622811+coderabbitai[bot]@users.noreply.github.com>");
    expect(d.reasons).toContain("landmanbester (review 1) does not count: opened the pull request");
    expect(d).toMatchObject({ guarded: true, conclusion: "success" });
    expect(d.approvals.map((a) => a.login)).toEqual(["carol", "dave"]);
  });

  it("CodeRabbit's docstrings PR names who asked for it, who may not approve (landmanbester/spimple#25, e52fdf3)", () => {
    const full = fixture("coderabbit-spimple-21.json");
    const facts = { ...full, number: 25, author: { login: "coderabbitai", type: "Bot" as const }, headSha: "e52fdf31581053070a77ba24b5927085f28ca1c0", commits: full.commits.slice(0, 1), files: [{ path: "deploy/beam.py" }] };
    const d = rule.evaluate({ ...facts, reviews: [approve(1, "landmanbester", facts)], permissions: { landmanbester: "admin" } }, policy);
    expect(d.reasons).toContain("landmanbester (review 1) does not count: asked the agent for this change (commit e52fdf3)");
  });

  it("asking these reviewers for a review asks no change: the reviewer who wrote '@coderabbitai full review' or '/gemini review' still approves", () => {
    const facts = fixture("gemini-code-assist-suggestion-workflow.json");
    const triggers = [
      { login: "carol", kind: "comment" as const, text: "@coderabbitai full review", at: "2026-02-07T09:00:00Z" },
      { login: "dave", kind: "comment" as const, text: "/gemini review\n\n@gemini-code-assist can you look again?", at: "2026-02-07T09:00:00Z" },
    ];
    const d = rule.evaluate({ ...facts, triggers, reviews: [approve(1, "carol", facts), approve(2, "dave", facts)], permissions: { carol: "write", dave: "write" } }, policy);
    expect(d).toMatchObject({ guarded: true, conclusion: "success" });
  });
});

describe("oh-my-openagent's Sisyphus (an orchestrating agent over opencode)", () => {
  it("its footer and co-author make Tom Hale's commit agent-authored; .gitignore and a build script are no infrastructure (google-gemini/gemini-cli#23992, e0f16d6)", () => {
    const d = rule.evaluate(fixture("sisyphus-gemini-cli-23992.json"), policy);
    expect(d).toMatchObject({ guarded: false, conclusion: "success" });
    expect(d.reasons).toEqual(['commit e0f16d6 carries the agent marker "Ultraworked with [Sisyphus]"', "commit e0f16d6 is co-authored by agent Sisyphus <clio-agent@sisyphuslabs.ai>", "no infrastructure files"]);
  });

  it.each([
    ["the co-author alone", "ci: x\n\nCo-authored-by: Sisyphus <clio-agent@sisyphuslabs.ai>\n"],
    ["the footer alone, unlinked", "ci: x\n\nUltraworked with Sisyphus\n"],
  ])("%s on a workflow is guarded", (_form, message) => {
    expect(rule.evaluate(workflowPr(message), policy)).toMatchObject({ guarded: true, conclusion: "failure" });
  });
});

describe("Co-authored-by lines without a well-formed address", () => {
  it("'Co-authored-by: Claude' with no address names the agent (flashinfer-ai/flashinfer 42391ff); its CUDA files are no infrastructure", () => {
    const d = rule.evaluate(fixture("flashinfer-claude-name-only.json"), policy);
    expect(d).toMatchObject({ guarded: false, conclusion: "success", reasons: ["commit 42391ff is co-authored by agent Claude", "no infrastructure files"] });
    expect(rule.evaluate({ ...fixture("flashinfer-claude-name-only.json"), files: [{ path: ".github/workflows/ci.yml" }] }, policy)).toMatchObject({ guarded: true, conclusion: "failure", missing: 2 });
  });

  it.each([
    ["a reviewer bot by its login (flashinfer 7e8ffa8, 'apply AI review')", "apply AI review\n\nco-authored with: coderabbitai\nco-authored-by: gemini-code-assist[bot]\n"],
    ["an address left unclosed (crush eea3bf7)", "feat: add verb-first lsp add/remove shell config commands\n\nCo-Authored-By: Charm Crush <crush@charm.land\n"],
    ["an address written as HTML entities (crush 8853d25)", "feat: implement command history persistence\n\nCo-Authored-By: Crush &lt;crush@charm.land&gt;\n"],
  ])("%s is read", (_form, message) => {
    expect(rule.evaluate(workflowPr(message), policy)).toMatchObject({ guarded: true, conclusion: "failure" });
  });

  it("a person named without an address on a human PR changes nothing (flashinfer-ai/flashinfer#2397, c8d76d3: 'Co-Authored-By: Kevin Vincent')", () => {
    expect(rule.evaluate(fixture("flashinfer-name-only-co-author-workflow.json"), policy)).toMatchObject({ guarded: false, conclusion: "success" });
  });

  it("on an agent's PR, that person cannot be excluded from approving: the check fails closed naming them", () => {
    const facts = fixture("flashinfer-name-only-co-author-workflow.json");
    const agentPr = { ...facts, body: "🤖 Generated with [Claude Code](https://claude.com/claude-code)", reviews: [approve(1, "kvincent", facts), approve(2, "carol", facts)], permissions: { kvincent: "write" as const, carol: "write" as const } };
    const d = rule.evaluate(agentPr, policy);
    expect(d).toMatchObject({ guarded: true, conclusion: "failure", missing: 0 });
    expect(d.reasons).toContain("co-author Kevin Vincent (commit c8d76d3) maps to no GitHub login: cannot exclude them from approving (fail closed)");
  });

  it("a co-author written as @login is that login, who may not approve", () => {
    const facts = fixture("flashinfer-name-only-co-author-workflow.json");
    const message = "[Feature] Support batch prefill for POD Attention (#2079)\n\nCo-authored-by: @Edenzzzz\n";
    const agentPr = { ...facts, body: "🤖 Generated with [Claude Code](https://claude.com/claude-code)", commits: facts.commits.map((c) => ({ ...c, message })), reviews: [approve(1, "Edenzzzz", facts)], permissions: { Edenzzzz: "write" as const } };
    expect(rule.evaluate(agentPr, policy).reasons).toContain("Edenzzzz (review 1) does not count: co-authored commit c8d76d3");
  });

  it("a name alone is an agent only when it is an agent's login or name", () => {
    const flagged = (value: string) => rule.evaluate(workflowPr(`Fix\n\nCo-authored-by: ${value}\n`), policy).guarded;
    expect(["Claude", "Copilot", "codex", "gemini-code-assist[bot]", "coderabbitai[bot]", "Cursor Agent"].map(flagged)).toEqual([true, true, true, true, true, true]);
    expect(["Kevin Vincent", "hasanfq6", "@Edenzzzz", "dependabot[bot]", "Claude Martin"].map(flagged)).toEqual([false, false, false, false, false]);
  });
});

describe("OpenHands under a per-model address", () => {
  it("Co-authored-by: OpenHands-Claude <openhands-claude@all-hands.dev> is the agent (All-Hands-AI/OpenHands#9435, 0bb4319); a CLI file is no infrastructure", () => {
    const d = rule.evaluate(fixture("openhands-claude-co-author.json"), policy);
    expect(d).toMatchObject({ guarded: false, conclusion: "success", reasons: ["commit 0bb4319 is co-authored by agent OpenHands-Claude <openhands-claude@all-hands.dev>", "no infrastructure files"] });
    expect(rule.evaluate({ ...fixture("openhands-claude-co-author.json"), files: [{ path: "containers/app/Dockerfile" }, { path: ".github/workflows/ghcr-build.yml" }] }, policy)).toMatchObject({ guarded: true, conclusion: "failure" });
  });

  it.each([
    ["the openhands-agent account's address (f0bb7de, 'Fix issue #8145')", { name: "OpenHands", email: "opendevin@all-hands.dev", login: null }],
    ["OpenDevin's (3c0d206, 2024)", { name: "OpenDevin", email: "opendevin@opendevin.ai", login: null }],
  ])("a commit authored under %s is the agent's, not an unknown writer's", (_who, author) => {
    const facts = fixture("openhands-claude-co-author.json");
    const d = rule.evaluate({ ...facts, files: [{ path: ".github/workflows/ghcr-build.yml" }], commits: facts.commits.map((c) => ({ ...c, message: "Fix issue #8145: Add docs about runtime tests", author })) }, policy);
    expect(d.reasons[0]).toBe(`commit 0bb4319 author ${author.name} <${author.email}> is an agent`);
    expect(d.reasons.some((r) => r.includes("linked to no GitHub account"))).toBe(false);
  });

  it("All Hands' people, who commit from the same domain, are no agent", () => {
    expect(rule.evaluate(workflowPr("Fix mobile layout\n\nCo-authored-by: Xingyao Wang <xingyao@all-hands.dev>\n"), policy)).toMatchObject({ guarded: false });
  });
});

describe("Kimi Code (Moonshot AI's coding agent) by its co-author address", () => {
  it("a commit co-authored by Kimi Code <noreply@moonshot.ai> is agent-authored (vllm-project/vllm 025d56a)", () => {
    const d = rule.evaluate(fixture("kimi-code-vllm-52035.json"), policy);
    expect(d.reasons[0]).toBe("commit 025d56a is co-authored by agent Kimi Code <noreply@moonshot.ai>");
    // A shell script outside any infrastructure path: unguarded.
    expect(d).toMatchObject({ conclusion: "success", guarded: false });
  });

  it("the same commit on the CI pipeline needs two approvals, and its author's is none of them", () => {
    const facts = fixture("kimi-code-vllm-52035.json");
    const onPipeline = { ...facts, files: [{ path: ".buildkite/test-pipeline.yaml" }] };
    expect(rule.evaluate(onPipeline, policy)).toMatchObject({ conclusion: "failure", guarded: true, missing: 2 });
    const d = rule.evaluate({ ...onPipeline, reviews: [approve(1, "zyy1102000", facts)], permissions: { zyy1102000: "write" } }, policy);
    expect(d.reasons).toContain("zyy1102000 (review 1) does not count: opened the pull request");
  });
});

describe("Claude Code's session link (Claude Code on the web)", () => {
  const chien = { name: "Chien Chern Khor", email: "chienchern.khor@gmail.com", login: "chienchern" };
  const github = { name: "GitHub", email: "noreply@github.com", login: null };
  /** chienchern's PR on a workflow with one commit carrying `message`, authored by `author`. */
  const pr = (message: string, author = chien, committer: { name: string; email: string; login: string | null } = chien): PullFacts => ({
    ...workflowPr(message),
    author: { login: "chienchern", type: "User" },
    commits: [{ sha: "4abdb1b17539439af9795ab28a7c191c820cdb7b", message, author, committer }],
  });

  it("a commit whose message ends with the bare session URL, re-authored as the person (chienchern/Librarian 4abdb1b)", () => {
    const message =
      "Add comprehensive test suite covering models, agents, tools, and API endpoints\n\n84 tests across 6 test files: Pydantic model validation, BooksAPI parsing/search,\nall 5 agent classes with mocked Strands Agent, Exa/Tavily tool wrappers, and\nFastAPI endpoint integration tests.\n\nhttps://claude.ai/code/session_01X66oTpj5hUb3rcHL5LEFnZ\n";
    const d = rule.evaluate(pr(message), policy);
    expect(d.reasons[0]).toBe('commit 4abdb1b carries the agent marker "claude.ai/code/session_"');
    expect(d).toMatchObject({ conclusion: "failure", guarded: true, missing: 2 });
  });

  it("a squash merge of Claude's PR whose message is its body, the footer wrapped across lines by GitHub", () => {
    // Shaped like the squash merges of mydcc/cachy-app's develop branch (2026-08): the merger as
    // author, GitHub as committer, the PR body's "_Generated by [Claude Code](…)_" wrapped at 72.
    const message = "chore(ci): audit the promotion workflow (#1939)\n\n- adds the audit job\n\n---\n_Generated by [Claude\nCode](https://claude.ai/code/session_01AbCdEfGhIjKlMnOpQrStUv)_\n";
    const d = rule.evaluate(pr(message, chien, github), policy);
    expect(d.reasons[0]).toBe('commit 4abdb1b carries the agent marker "claude.ai/code/session_"');
    expect(d.guarded).toBe(true);
  });
});

describe("Warp's Oz agent", () => {
  it("its default trailer Co-Authored-By: Oz <oz-agent@warp.dev> makes a person's workflow commit an agent's", () => {
    // The trailer as Oz writes it (many 2026 histories and the AGENTS.md files that ask for it).
    const d = rule.evaluate(workflowPr("ci(lint): cache the linter\n\nCo-Authored-By: Oz <oz-agent@warp.dev>\n"), policy);
    expect(d.reasons[0]).toBe("commit 437d275 is co-authored by agent Oz <oz-agent@warp.dev>");
    expect(d).toMatchObject({ conclusion: "failure", guarded: true });
  });

  it("a PR opened by the Oz by Warp app (oz-by-warp[bot]) is agent-authored", () => {
    const d = rule.evaluate({ ...workflowPr("ci(lint): cache the linter\n"), author: { login: "oz-by-warp", type: "Bot" } }, policy);
    expect(d.reasons[0]).toBe("opened by agent oz-by-warp");
  });
});

describe("Junie (JetBrains) by its co-author trailer", () => {
  it("Co-authored-by: Junie <junie@jetbrains.com> on a person's workflow commit makes it an agent's", () => {
    const d = rule.evaluate(workflowPr("ci(lint): cache the linter\n\nCo-authored-by: Junie <junie@jetbrains.com>\n"), policy);
    expect(d.reasons[0]).toBe("commit 437d275 is co-authored by agent Junie <junie@jetbrains.com>");
    expect(d).toMatchObject({ conclusion: "failure", guarded: true });
  });
});

describe("Windsurf (Cascade) by its bot's address", () => {
  it("a co-author at windsurf-bot[bot]'s no-reply address, named for the model, makes a person's workflow commit an agent's", () => {
    // Windsurf's commit tool writes the models as the name and its bot's address (a 2026 rules file asks for exactly this line).
    const message = "ci(lint): cache the linter\n\nCo-authored-by: gpt-5-high (planning) && gemini-2.5-pro-low (coding) <189301087+windsurf-bot[bot]@users.noreply.github.com>\n";
    const d = rule.evaluate(workflowPr(message), policy);
    expect(d.reasons[0]).toBe("commit 437d275 is co-authored by agent gpt-5-high (planning) && gemini-2.5-pro-low (coding) <189301087+windsurf-bot[bot]@users.noreply.github.com>");
    expect(d).toMatchObject({ conclusion: "failure", guarded: true });
  });

  it("asking windsurf-bot for a review is no request: the commenter may still approve", () => {
    const facts = { ...workflowPr("ci(lint): cache the linter\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"), triggers: [{ login: "bob", kind: "comment" as const, text: "@windsurf-bot review", at: "2026-02-07T09:00:00Z" }] };
    const d = rule.evaluate({ ...facts, reviews: [approve(1, "bob", facts)], permissions: { bob: "write" } }, policy);
    expect(d.approvals.map((a) => a.login)).toEqual(["bob"]);
  });
});

describe("Google Antigravity by the address it co-authors with", () => {
  it("Co-authored-by: Antigravity <antigravity@google.com> on a person's workflow commit makes it an agent's", () => {
    const d = rule.evaluate(workflowPr("ci(lint): cache the linter\n\nCo-authored-by: Antigravity <antigravity@google.com>\n"), policy);
    expect(d.reasons[0]).toBe("commit 437d275 is co-authored by agent Antigravity <antigravity@google.com>");
    expect(d).toMatchObject({ conclusion: "failure", guarded: true });
  });
});

describe("Letta Code by its default trailer", () => {
  it("a squash co-authored by Letta Code on the code-review workflow is agent-authored and guarded (letta-ai/letta-code db60f05)", () => {
    const d = rule.evaluate(fixture("letta-code-review-workflow-3950.json"), policy);
    expect(d.reasons[0]).toBe("commit db60f05 is co-authored by agent Letta Code <noreply@letta.com>");
    expect(d).toMatchObject({ conclusion: "failure", guarded: true, missing: 2 });
  });

  it("its footer alone (the trailer dropped) is an agent marker", () => {
    const d = rule.evaluate(workflowPr("ci: harden code review authentication\n\n👾 Generated with [Letta Code](https://letta.com)\n"), policy);
    expect(d.reasons[0]).toBe('commit 437d275 carries the agent marker "Generated with [Letta Code]"');
    expect(d).toMatchObject({ conclusion: "failure", guarded: true });
  });
});

describe("Mistral Vibe by its default signature", () => {
  it("the release squash co-authored by Mistral Vibe, on workflows, is agent-authored (mistralai/mistral-vibe 4e495f6)", () => {
    // The message as published (Apache-2.0); the commit changes three workflows among its 130 files.
    const message = "v2.18.3 (#861)\n\nCo-authored-by: Clément Drouin <clement.drouin@mistral.ai>\nCo-authored-by: Laure Hugo <201583486+laure0303@users.noreply.github.com>\nCo-authored-by: Paul VEZIA <166131032+le-codeur-rapide@users.noreply.github.com>\nCo-authored-by: Peter Evers <peter.evers@mistral.ai>\nCo-authored-by: Jules YZERD <newtonlormont@gmail.com>\nCo-authored-by: Mistral Vibe <vibe@mistral.ai>";
    const d = rule.evaluate({ ...workflowPr(message), files: [{ path: ".github/workflows/build-and-upload.yml" }, { path: ".github/workflows/issue-labeler.yml" }, { path: ".github/workflows/release.yml" }] }, policy);
    expect(d.reasons[0]).toBe("commit 437d275 is co-authored by agent Mistral Vibe <vibe@mistral.ai>");
    expect(d).toMatchObject({ conclusion: "failure", guarded: true });
  });

  it("the footer its system prompt asks for, with or without the trailer, and its cloud agent as commit author", () => {
    // vibe/core/system_prompt.py _add_commit_signature (mistralai/mistral-vibe ac8f1a0, Apache-2.0), on by default.
    for (const message of ["ci: pin actions\n\nGenerated by Mistral Vibe.\nCo-Authored-By: Mistral Vibe <vibe@mistral.ai>\n", "ci: pin actions\n\nGenerated by Mistral Vibe.\n"]) {
      expect(rule.evaluate(workflowPr(message), policy)).toMatchObject({ conclusion: "failure", guarded: true });
    }
    // "Vibe Nuage Agent <vibe@mistral.ai>" authors commits of its own (mistral-vibe d2e24a9): an agent, not an unlinked person.
    const nuage = { name: "Vibe Nuage Agent", email: "vibe@mistral.ai", login: null };
    const pr = workflowPr("fix: set defaults\n");
    const d = rule.evaluate({ ...pr, commits: [{ ...pr.commits[0]!, author: nuage, committer: nuage }] }, policy);
    expect(d.reasons[0]).toBe("commit 437d275 author Vibe Nuage Agent <vibe@mistral.ai> is an agent");
    expect(d.reasons.join("\n")).not.toContain("an email linked to no GitHub account");
  });

  it("a Mistral employee's own address is no agent's", () => {
    expect(rule.evaluate(workflowPr("ci: pin actions\n\nCo-authored-by: Peter Evers <peter.evers@mistral.ai>\n"), policy)).toMatchObject({ guarded: false, conclusion: "success" });
  });
});

describe("a co-author written without an address, by the agent's product name (vLLM's AGENTS.md convention)", () => {
  // vllm-project/vllm AGENTS.md (Apache-2.0) asks AI-assisted commits for "Co-authored-by: Agent Name
  // Here"; its earlier text, copied into verl, garak and other projects' AGENTS.md, gives
  // "Co-authored-by: GitHub Copilot", "Co-authored-by: Claude", "Co-authored-by: gemini-code-assist";
  // a public commit of 2026 ends "Co-authored-by: GitHub Copilot\nSigned-off-by: mohankku <…>".
  it.each([
    ["GitHub Copilot"],
    ["gemini-code-assist"],
    ["Claude Code"],
    ["Claude Opus 4.6 (1M context)"],
    ["Kiro Agent"],
    ["OpenAI Codex"],
    ["coderabbitai"],
    // A model under an address made up for it (a list of such trailers in public commit templates, 2026).
    ["Claude 4.5 Haiku <haiku-4.5@anthropic.com>"],
  ])("Co-authored-by: %s makes a person's workflow commit an agent's", (name) => {
    const d = rule.evaluate(workflowPr(`ci: vectorize the RISC-V build\n\nCo-authored-by: ${name}\nSigned-off-by: Andrey Nering <andreynering@users.noreply.github.com>\n`), policy);
    expect(d.reasons[0]).toBe(`commit 437d275 is co-authored by agent ${name}`);
    expect(d).toMatchObject({ conclusion: "failure", guarded: true });
    expect(d.reasons.join("\n")).not.toContain("maps to no GitHub login");
  });

  it("Claude Code under an address it made up (claude-code@anthropic.com, which GitHub links to a stranger) is still Claude Code (anthropics/claude-code#58479)", () => {
    const pr = workflowPr("ci: pin actions\n\nCo-Authored-By: Claude Code <claude-code@anthropic.com>\n");
    const d = rule.evaluate({ ...pr, commits: pr.commits.map((c) => ({ ...c, authors: [c.author, { name: "Claude Code", email: "claude-code@anthropic.com", login: "Karim13014" }] })) }, policy);
    expect(d.reasons[0]).toBe("commit 437d275 is co-authored by agent Claude Code <claude-code@anthropic.com>");
    expect(d).toMatchObject({ conclusion: "failure", guarded: true });
  });

  it("a person named without an address is no agent: not guarded, and on an agent's PR they map to no login (fail closed)", () => {
    for (const person of ["Jane Dev", "Claude Martin", "Claude Martin <claude.martin@example.fr>"]) {
      expect(rule.evaluate(workflowPr(`ci: pin actions\n\nCo-authored-by: ${person}\n`), policy)).toMatchObject({ guarded: false, conclusion: "success" });
    }
    const d = rule.evaluate(workflowPr("ci: pin actions\n\nCo-authored-by: Claude <noreply@anthropic.com>\nCo-authored-by: Jane Dev\n"), policy);
    expect(d.reasons.join("\n")).toContain("co-author Jane Dev (commit 437d275) maps to no GitHub login");
  });
});
