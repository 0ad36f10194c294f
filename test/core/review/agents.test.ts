/**
 * Who is an agent and who asked it (src/core/review/agents.ts), pinned directly. The two-person
 * rule's tests reach these through whole pull requests; here each reader meets the inputs an
 * attacker or an ordinary repository gives it. Each test builds its own signals, so the matcher
 * memo (per pattern list) never hides which test exercised it.
 */
import type { AgentSignals } from "../../../src/core/policy.js";
import type { PullFacts } from "../../../src/core/review/facts.js";
import type { AgentSignal } from "../../../src/core/review/agents.js";
import {
  bodyTexts,
  coAuthorsIn,
  commandIn,
  isAgentEmail,
  isAgentLogin,
  isAgentName,
  isAgentPerson,
  agentSignals,
  loginFromEmail,
  markerIn,
  mentionedAgents,
  parseNameEmail,
  requesters,
  requestersIn,
  triggerReason,
} from "../../../src/core/review/agents.js";

function signals(overrides: Partial<AgentSignals> = {}): AgentSignals {
  return {
    logins: ["copilot", "devin-*", "bot-?"],
    emails: ["agent@example.com", "*@agents.example.com"],
    names: ["Cursor Agent", "Claude*"],
    roleNamePatterns: [],
    trustPrincipals: [],
    tags: {},
    markers: ["Generated with [Claude Code]"],
    requesterPhrases: ["Requested by", "on behalf of"],
    triggers: { labels: ["agent:*"], commands: ["/q dev"] },
    weak: { branchPrefixes: [], labels: [] },
    ...overrides,
  };
}

describe("logins, emails and names against literal and wildcard patterns", () => {
  it("a literal pattern matches exactly, in any case, and a [bot] suffix is ignored", () => {
    const s = signals();
    expect(isAgentLogin("copilot", s)).toBe(true);
    expect(isAgentLogin("Copilot", s)).toBe(true);
    expect(isAgentLogin("Copilot[bot]", s)).toBe(true);
    expect(isAgentLogin("copilot-fan", s)).toBe(false);
    expect(isAgentLogin("my-copilot", s)).toBe(false);
  });
  it("a list of literal patterns alone matches (no wildcard in the list)", () => {
    const s = signals({ logins: ["copilot", "sweep"] });
    expect(isAgentLogin("SWEEP", s)).toBe(true);
    expect(isAgentLogin("sweeper", s)).toBe(false);
  });
  it("`*` and `?` patterns match as globs, anchored, in any case", () => {
    const s = signals();
    expect(isAgentLogin("devin-ai-integration", s)).toBe(true);
    expect(isAgentLogin("Devin-AI", s)).toBe(true);
    expect(isAgentLogin("my-devin-ai", s)).toBe(false);
    expect(isAgentLogin("bot-1", s)).toBe(true);
    expect(isAgentLogin("bot-12", s)).toBe(false);
    expect(isAgentLogin("bot-", s)).toBe(false);
  });
  it("a wildcard pattern written in capitals still matches in any case (logins are lower-cased, emails are not)", () => {
    const s = signals({ logins: ["Devin-*"], emails: ["*@Agents.Example.com"] });
    expect(isAgentLogin("devin-ai-integration", s)).toBe(true);
    expect(isAgentEmail("ci@agents.example.com", s)).toBe(true);
    expect(isAgentEmail("CI@AGENTS.EXAMPLE.COM", s)).toBe(true);
  });
  it("only a trailing [bot] (a GitHub App's suffix) is dropped from a login, not one inside it", () => {
    const s = signals();
    expect(isAgentLogin("cop[bot]ilot", s)).toBe(false);
    expect(loginFromEmail("1+cop[bot]ilot@users.noreply.github.com")).toBe("cop[bot]ilot");
  });
  it("a list of wildcard patterns alone matches (no literal in the list)", () => {
    const s = signals({ logins: ["*-agent", "agent?"] });
    expect(isAgentLogin("review-agent", s)).toBe(true);
    expect(isAgentLogin("agent7", s)).toBe(true);
    expect(isAgentLogin("agent", s)).toBe(false);
  });
  it("emails: literal in any case, and wildcard domains", () => {
    const s = signals();
    expect(isAgentEmail("Agent@Example.COM", s)).toBe(true);
    expect(isAgentEmail("ci@agents.example.com", s)).toBe(true);
    expect(isAgentEmail("alice@example.com", s)).toBe(false);
    expect(isAgentEmail("", signals({ emails: ["*"] }))).toBe(false);
  });
  it("names: literal and wildcard, an empty name is nobody", () => {
    const s = signals();
    expect(isAgentName("cursor agent", s)).toBe(true);
    expect(isAgentName("Claude Code", s)).toBe(true);
    expect(isAgentName("Alice Claude", s)).toBe(false);
    expect(isAgentName("", signals({ names: ["*"] }))).toBe(false);
  });
  it("tokens longer than 320 characters are not logins, emails or names (bounded matching)", () => {
    const all = signals({ logins: ["*"], emails: ["*"], names: ["*"] });
    expect(isAgentLogin("a".repeat(320), all)).toBe(true);
    expect(isAgentLogin("a".repeat(321), all)).toBe(false);
    expect(isAgentEmail(`${"a".repeat(308)}@example.com`, all)).toBe(true);
    expect(isAgentEmail(`${"a".repeat(309)}@example.com`, all)).toBe(false);
    expect(isAgentName("n".repeat(320), all)).toBe(true);
    expect(isAgentName("n".repeat(321), all)).toBe(false);
  });
});

describe("a person (commit author or committer) is an agent by any one of login, email and name", () => {
  const s = signals();
  it.each([
    ["login only", { name: "Jane Doe", email: "jane@example.com", login: "copilot" }, true],
    ["email only", { name: "Jane Doe", email: "agent@example.com", login: null }, true],
    ["email only, with a human login", { name: "Jane Doe", email: "agent@example.com", login: "jane" }, true],
    ["name only", { name: "Cursor Agent", email: "jane@example.com", login: "jane" }, true],
    ["none of them", { name: "Jane Doe", email: "jane@example.com", login: "jane" }, false],
    ["none, and no login", { name: "Jane Doe", email: "jane@example.com", login: null }, false],
  ])("%s", (_why, person, agent) => {
    expect(isAgentPerson(person, s)).toBe(agent);
  });
});

describe("GitHub no-reply addresses name their login", () => {
  it.each([
    ["198982749+Copilot@users.noreply.github.com", "copilot"],
    ["octocat@users.noreply.github.com", "octocat"],
    ["41898282+github-actions[bot]@users.noreply.github.com", "github-actions"],
    ["OctoCat@USERS.NOREPLY.GITHUB.COM", "octocat"],
    // Only a numeric id before "+" is GitHub's: anything else stays part of the name.
    ["ab12+octocat@users.noreply.github.com", "ab12+octocat"],
    ["12ab+octocat@users.noreply.github.com", "12ab+octocat"],
    // 320 characters in all: still an address.
    [`${"a".repeat(320 - "@users.noreply.github.com".length)}@users.noreply.github.com`, "a".repeat(320 - "@users.noreply.github.com".length)],
  ])("%s → %s", (email, login) => {
    expect(loginFromEmail(email)).toBe(login);
  });
  it.each([
    ["another domain", "octocat@example.com"],
    ["no local part", "@users.noreply.github.com"],
    ["an id and no login", "123+@users.noreply.github.com"],
    ["a second @", "a@b@users.noreply.github.com"],
    ["longer than 320 characters", `${"a".repeat(300)}@users.noreply.github.com`],
  ])("%s names nobody", (_why, email) => {
    expect(loginFromEmail(email)).toBeUndefined();
  });
});

describe("name <email> values", () => {
  it("reads `Name <email>` and a bare email, trimmed", () => {
    expect(parseNameEmail("  Alice Smith  < alice@example.com > ")).toEqual({ name: "Alice Smith", email: "alice@example.com" });
    expect(parseNameEmail(" alice@example.com ")).toEqual({ name: "", email: "alice@example.com" });
    expect(parseNameEmail("<alice@example.com>")).toEqual({ name: "", email: "alice@example.com" });
    expect(parseNameEmail("Alice><alice@example.com>")).toEqual({ name: "Alice>", email: "alice@example.com" });
  });
  it("no email, an unclosed bracket or a bare value with a blank is no value", () => {
    expect(parseNameEmail("Alice <alice>")).toBeUndefined();
    expect(parseNameEmail("Alice <alice@example.com")).toBeUndefined();
    expect(parseNameEmail("Alice alice@example.com")).toBeUndefined();
    expect(parseNameEmail("Alice")).toBeUndefined();
  });
  it("bounds the parts it keeps (a hostile value cannot grow what is compared)", () => {
    const parsed = parseNameEmail(`${"N".repeat(500)} <${"e".repeat(500)}@example.com>`);
    expect(parsed?.name).toHaveLength(320);
    expect(parsed?.email).toHaveLength(321);
    expect(parseNameEmail(`${"e".repeat(500)}@example.com`)?.email).toHaveLength(321);
  });
});

describe("Co-authored-by trailers", () => {
  it("reads every trailer that starts its line, in any case, quoted or listed, with the commit", () => {
    const text = [
      "Fix the queue",
      "",
      "Co-authored-by: Claude <noreply@anthropic.com>",
      "co-authored-by: Alice <alice@example.com>",
      "> Co-Authored-By: Bob <bob@example.com>",
      "- Co-authored-by: Carol <carol@example.com>",
      "\tCo-authored-by: Dan <dan@example.com>",
    ].join("\n");
    expect(coAuthorsIn(text, "abc1234")).toEqual([
      { name: "Claude", email: "noreply@anthropic.com", sha: "abc1234" },
      { name: "Alice", email: "alice@example.com", sha: "abc1234" },
      { name: "Bob", email: "bob@example.com", sha: "abc1234" },
      { name: "Carol", email: "carol@example.com", sha: "abc1234" },
      { name: "Dan", email: "dan@example.com", sha: "abc1234" },
    ]);
  });
  it("a trailer inside a sentence is not one; one without an address names its co-author by name; without a commit there is no sha", () => {
    expect(coAuthorsIn("We never add Co-authored-by: Eve <eve@example.com> lines", "abc1234")).toEqual([]);
    expect(coAuthorsIn("Co-authored-by: Eve")).toStrictEqual([{ name: "Eve", email: "" }]);
    expect(coAuthorsIn("Co-authored-by:   ")).toEqual([]);
    expect(coAuthorsIn("Co-authored-by: Eve <eve@example.com>")).toStrictEqual([{ name: "Eve", email: "eve@example.com" }]);
  });
  it("a trailer at the very start of the text after blanks counts; one after any other first character does not", () => {
    expect(coAuthorsIn(" Co-authored-by: Eve <eve@example.com>")).toEqual([{ name: "Eve", email: "eve@example.com" }]);
    expect(coAuthorsIn("xCo-authored-by: Eve <eve@example.com>")).toEqual([]);
  });
  it("a lone carriage return (old Mac line ends) starts a line too", () => {
    expect(coAuthorsIn("Fix\rCo-authored-by: Eve <eve@example.com>")).toEqual([{ name: "Eve", email: "eve@example.com" }]);
  });
  it("a lone carriage return ends a trailer's value too, and a value is read up to 1,000 characters", () => {
    expect(coAuthorsIn("Co-authored-by: eve@example.com\rnext")).toStrictEqual([{ name: "", email: "eve@example.com" }]);
    // The 1,001st character would complete an address: it is not read, and what was read is a name.
    expect(coAuthorsIn(`Co-authored-by:${" ".repeat(999)}a@example.com`)).toStrictEqual([{ name: "a", email: "" }]);
    expect(coAuthorsIn(`Co-authored-by:${" ".repeat(998)}a@example.com`)).toStrictEqual([{ name: "", email: "a@" }]);
  });
  it("Windows line ends end a trailer's value", () => {
    expect(coAuthorsIn("x\r\nCo-authored-by: Eve <eve@example.com>\r\nmore")).toEqual([{ name: "Eve", email: "eve@example.com" }]);
  });
});

describe("markers, mentions and commands", () => {
  it("a marker is found in any case; none gives undefined", () => {
    const s = signals();
    expect(markerIn("🤖 generated with [claude code](https://claude.com)", s)).toBe("Generated with [Claude Code]");
    expect(markerIn("Generated with care", s)).toBeUndefined();
  });
  it("mentions of agents, normalized and once each; email addresses are not mentions", () => {
    const s = signals();
    expect(mentionedAgents("@Copilot please fix, then @copilot[bot] and @devin-ai; cc @alice", s)).toEqual(["copilot", "devin-ai"]);
    expect(mentionedAgents("write to ops@copilot or first.last.@copilot", s)).toEqual([]);
    expect(mentionedAgents("(@copilot)", s)).toEqual(["copilot"]);
    expect(mentionedAgents("@ copilot", s)).toEqual([]);
    expect(mentionedAgents("xcopilot please", s)).toEqual([]);
  });
  it("a mention is made of the characters GitHub allows in a login (letters, digits, -), nothing beside them", () => {
    const s = signals({ logins: ["bot-?"] });
    for (const c of ["0", "9", "A", "Z", "a", "z", "-"]) expect(mentionedAgents(`@bot-${c}`, s)).toEqual([`bot-${c.toLowerCase()}`]);
    // The neighbours of those ranges end the login: "bot-" then matches no one-character pattern.
    for (const c of ["/", ":", "@", "[", "`", "{", ".", "_"]) expect(mentionedAgents(`@bot-${c}`, s)).toEqual([]);
  });
  it("a mention is bounded to GitHub's login length", () => {
    const s = signals({ logins: ["a*"] });
    expect(mentionedAgents(`@${"a".repeat(39)}`, s)).toEqual(["a".repeat(39)]);
    expect(mentionedAgents(`@${"a".repeat(60)}`, s)).toEqual(["a".repeat(40)]);
  });
  it("a command counts at the start of a line, as a whole word", () => {
    const s = signals();
    expect(commandIn("please\n/q dev add a queue", s)).toBe("/q dev");
    expect(commandIn("/Q DEV", s)).toBe("/q dev");
    expect(commandIn("run /q dev now", s)).toBeUndefined();
    expect(commandIn("/q devops", s)).toBeUndefined();
    expect(commandIn("/q dev-x", s)).toBeUndefined();
  });
});

describe("timeline records that ask an agent for work", () => {
  const at = "2026-11-20T10:00:00Z";
  it("assigning an agent, applying an agent label, mentioning or commanding one", () => {
    const s = signals();
    expect(triggerReason({ login: "alice", kind: "assignment", text: "Copilot", at }, s)).toBe("assigned agent Copilot");
    expect(triggerReason({ login: "alice", kind: "assignment", text: "bob", at }, s)).toBeUndefined();
    expect(triggerReason({ login: "alice", kind: "label", text: "agent:fix", at }, s)).toBe('applied the agent label "agent:fix"');
    expect(triggerReason({ login: "alice", kind: "label", text: "bug", at }, s)).toBeUndefined();
    expect(triggerReason({ login: "alice", kind: "comment", text: "@copilot take this", at }, s)).toBe("mentioned agent @copilot in a comment");
    expect(triggerReason({ login: "alice", kind: "comment", text: "/q dev add a queue", at }, s)).toBe('commented the agent command "/q dev"');
    expect(triggerReason({ login: "alice", kind: "comment", text: "looks good", at }, s)).toBeUndefined();
  });
  it("an agent acting, or a review request to an agent, asks for nothing", () => {
    const s = signals();
    expect(triggerReason({ login: "Copilot", kind: "assignment", text: "copilot", at }, s)).toBeUndefined();
    expect(triggerReason({ login: "alice", kind: "review-request", text: "copilot", at }, s)).toBeUndefined();
    // Whatever the request's text: it is not read as a label either.
    expect(triggerReason({ login: "alice", kind: "review-request", text: "agent:fix", at }, s)).toBeUndefined();
  });
});

describe("requesters written after a phrase", () => {
  it("@login, Name <email> and Name (email), after a colon or emphasis", () => {
    const s = signals();
    expect(requestersIn("Requested by: @Alice", "the PR body", s)).toEqual([{ login: "alice", source: "the PR body" }]);
    expect(requestersIn("**Requested by:** Bob Smith <Bob@Example.com>", "commit abc1234", s)).toEqual([
      { login: null, email: "bob@example.com", name: "Bob Smith", source: "commit abc1234" },
    ]);
    expect(requestersIn("Working on behalf of Carol (123+carol@users.noreply.github.com) today", "x", s)).toEqual([
      { login: "carol", email: "123+carol@users.noreply.github.com", name: "Carol", source: "x" },
    ]);
  });
  it("at a line start a bare name is a requester (unmappable: the caller fails closed); mid-sentence it is not", () => {
    const s = signals();
    expect(requestersIn("Requested by: Dana Lee__", "x", s)).toEqual([{ login: null, name: "Dana Lee", source: "x" }]);
    expect(requestersIn("Done as requested by the team", "x", s)).toEqual([]);
  });
  it("an agent is never a requester, by login, email or name", () => {
    const s = signals();
    expect(requestersIn("Requested by: @copilot", "x", s)).toEqual([]);
    expect(requestersIn("Requested by: Cursor Agent <someone@example.com>", "x", s)).toEqual([]);
    expect(requestersIn("Requested by: Someone <agent@example.com>", "x", s)).toEqual([]);
    expect(requestersIn("Requested by: Claude", "x", s)).toEqual([]);
    expect(requestersIn("Requested by: devin-ai", "x", s)).toEqual([]);
  });
  it("Name (@login), as Devin writes it since late 2025, is that login (fastrepl/anarlog#2041: 'Requested by: yujonglee (@yujonglee)')", () => {
    const s = signals();
    expect(requestersIn("### Notes\n\nRequested by: yujonglee (@yujonglee)\nLink to Devin run: https://app.devin.ai/sessions/9dd6", "the PR body", s)).toStrictEqual([{ login: "yujonglee", source: "the PR body" }]);
    expect(requestersIn("Requested by: Dana Lee (@Dana-Lee)", "x", s)).toStrictEqual([{ login: "dana-lee", source: "x" }]);
    expect(requestersIn("Requested by: Copilot (@copilot)", "x", s)).toEqual([]);
    // No login shape inside: still someone nobody can map (the caller fails closed).
    expect(requestersIn("Requested by: Dana Lee (@acme/platform)", "x", s)).toStrictEqual([{ login: null, email: "@acme/platform", name: "Dana Lee", source: "x" }]);
  });
  it("a requester after any mix of colon, emphasis and blanks", () => {
    const s = signals();
    for (const text of ["Requested by:@alice", "**Requested by**: @alice", "_Requested by_ @alice", "Requested by\t@alice", "Requested by *@alice*"]) {
      expect(requestersIn(text, "x", s)).toEqual([{ login: "alice", source: "x" }]);
    }
  });
  it("an email in parentheses, bare, or padded inside the parentheses; emphasis around a name is dropped", () => {
    const s = signals();
    expect(requestersIn("Requested by: (bob@example.com)", "x", s)).toStrictEqual([{ login: null, email: "bob@example.com", name: "", source: "x" }]);
    expect(requestersIn("Requested by: bob@example.com", "x", s)).toStrictEqual([{ login: null, email: "bob@example.com", name: "", source: "x" }]);
    expect(requestersIn("Requested by: Carol ( carol@example.com )", "x", s)).toStrictEqual([{ login: null, email: "carol@example.com", name: "Carol", source: "x" }]);
    // An unclosed parenthesis holds no address: the whole value is a name (unmappable: fails closed).
    expect(requestersIn("Requested by: Bob (bob@example.com", "x", s)).toStrictEqual([{ login: null, name: "Bob (bob@example.com", source: "x" }]);
    expect(requestersIn("Requested by: __Dana_Lee__", "x", s)).toStrictEqual([{ login: null, name: "Dana_Lee", source: "x" }]);
    expect(requestersIn("Requested by: **Dana Lee**  ", "x", s)).toStrictEqual([{ login: null, name: "Dana Lee", source: "x" }]);
    expect(requestersIn("Requested by: **Dana Lee **", "x", s)).toStrictEqual([{ login: null, name: "Dana Lee", source: "x" }]);
  });
  it("reads at most 200 characters after the phrase (linear on hostile text)", () => {
    const s = signals();
    expect(requestersIn(`Requested by:${" ".repeat(250)}@alice`, "x", s)).toEqual([]);
    expect(requestersIn(`Requested by: ${"N".repeat(300)}`, "x", s)).toStrictEqual([{ login: null, name: "N".repeat(198), source: "x" }]);
    expect(requestersIn(`Fix it\nRequested by: ${"N".repeat(300)}`, "x", s)).toStrictEqual([{ login: null, name: "N".repeat(198), source: "x" }]);
    // 200 separators are skipped and the mention after them read; a 201st ends the value.
    expect(requestersIn(`Requested by:${" ".repeat(199)}@alice`, "x", s)).toEqual([{ login: "alice", source: "x" }]);
    expect(requestersIn(`Requested by:${" ".repeat(200)}@alice`, "x", s)).toEqual([]);
  });
  it("a phrase with nothing after it, or only emphasis, names nobody", () => {
    const s = signals({ logins: ["*"] });
    expect(requestersIn("Requested by:", "x", s)).toEqual([]);
    expect(requestersIn("Requested by: **\nnext", "x", s)).toEqual([]);
  });
  it("requesters in the body, its earlier revisions and commit messages say where they were read", () => {
    const s = signals();
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const person = { name: "Alice", email: "alice@example.com", login: "alice" };
    const facts = {
      body: "Requested by: @erin",
      bodyRevisions: ["Requested by: @dave"],
      commits: [{ sha, message: "Fix\n\nRequested by: @frank", author: person, committer: person }],
    } as unknown as PullFacts;
    expect(requesters(facts, s)).toEqual([
      { login: "dave", source: "an earlier revision of the PR body" },
      { login: "erin", source: "the PR body" },
      { login: "frank", source: "commit 0123456" },
    ]);
  });
  it("requesters that differ only by email, or only by name, are two", () => {
    const s = signals();
    expect(requestersIn("Requested by: Bob <bob@a.example>\nRequested by: Bob <bob@b.example>", "x", s)).toHaveLength(2);
    expect(requestersIn("Requested by: Bob <bob@a.example>\nRequested by: Robert <bob@a.example>", "x", s)).toHaveLength(2);
  });
  it("the same requester written twice is listed once; two phrases give two", () => {
    const s = signals();
    expect(requestersIn("Requested by @alice\nRequested by @alice\non behalf of @bob", "x", s)).toEqual([
      { login: "alice", source: "x" },
      { login: "bob", source: "x" },
    ]);
  });
});

describe("every sign that an agent wrote a PR counts alone, with its reason and commit", () => {
  const s = signals({ weak: { branchPrefixes: ["copilot/"], labels: ["ai-*"] } });
  const SHA = "0123456789abcdef0123456789abcdef01234567";
  const alice = { name: "Alice", email: "alice@example.com", login: "alice" };
  /** A PR by people only: no sign at all. */
  const humanPr = (overrides: Partial<PullFacts> = {}): PullFacts => ({
    repo: "acme/platform",
    number: 7,
    author: { login: "alice", type: "User" },
    headSha: SHA,
    headRef: "fix-queue",
    baseRef: "main",
    title: "Fix the queue",
    body: "Raises the visibility timeout.",
    labels: ["infra"],
    files: [{ path: "infra/queue.ts" }],
    filesComplete: true,
    commits: [{ sha: SHA, message: "Fix the queue", author: alice, committer: alice }],
    commitsComplete: true,
    reviews: [],
    permissions: {},
    ...overrides,
  });
  const commit = (overrides: Partial<PullFacts["commits"][number]>) => [{ sha: SHA, message: "Fix the queue", author: alice, committer: alice, ...overrides }];

  it("a PR by people only has none", () => {
    expect(agentSignals(humanPr(), s)).toEqual([]);
  });
  it.each<[string, Partial<PullFacts>, AgentSignal[]]>([
    ["opened by an agent", { author: { login: "Copilot", type: "Bot" } }, [{ strong: true, reason: "opened by agent Copilot" }]],
    [
      "a commit authored by an agent",
      { commits: commit({ author: { name: "Devin", email: "devin@example.com", login: "devin-ai" } }) },
      [{ strong: true, reason: "commit 0123456 author devin-ai <devin@example.com> is an agent", commitSha: SHA }],
    ],
    [
      "a commit committed by an agent named only by name and email",
      { commits: commit({ committer: { name: "Cursor Agent", email: "cursor@example.com", login: null } }) },
      [{ strong: true, reason: "commit 0123456 committer Cursor Agent <cursor@example.com> is an agent", commitSha: SHA }],
    ],
    [
      "a commit message with an agent marker",
      { commits: commit({ message: "Fix\n\nGenerated with [Claude Code](https://claude.com)" }) },
      [{ strong: true, reason: 'commit 0123456 carries the agent marker "Generated with [Claude Code]"', commitSha: SHA }],
    ],
    [
      "a commit co-authored by an agent (by email)",
      { commits: commit({ message: "Fix\n\nCo-authored-by: Helper <agent@example.com>" }) },
      [{ strong: true, reason: "commit 0123456 is co-authored by agent Helper <agent@example.com>", commitSha: SHA }],
    ],
    [
      "a commit co-authored by an agent (by its no-reply login)",
      { commits: commit({ message: "Fix\n\nCo-authored-by: Helper <198982749+Copilot@users.noreply.github.com>" }) },
      [{ strong: true, reason: "commit 0123456 is co-authored by agent Helper <198982749+Copilot@users.noreply.github.com>", commitSha: SHA }],
    ],
    [
      "a commit co-authored by an agent (by name)",
      { commits: commit({ message: "Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>" }) },
      [{ strong: true, reason: "commit 0123456 is co-authored by agent Claude <noreply@anthropic.com>", commitSha: SHA }],
    ],
    ["the PR body with an agent marker", { body: "Generated with [Claude Code]" }, [{ strong: true, reason: 'the PR body carries the agent marker "Generated with [Claude Code]"' }]],
    [
      "an earlier revision of the body with a marker",
      { bodyRevisions: ["first", "Generated with [Claude Code]"] },
      [{ strong: true, reason: 'an earlier revision of the PR body (2 of 2) carries the agent marker "Generated with [Claude Code]"' }],
    ],
    [
      "the PR body co-authored by an agent",
      { body: "Co-authored-by: Claude <noreply@anthropic.com>" },
      [{ strong: true, reason: "the PR body says it is co-authored by agent Claude <noreply@anthropic.com>" }],
    ],
    ["an agent branch prefix (weak)", { headRef: "copilot/fix-queue" }, [{ strong: false, reason: "branch copilot/fix-queue starts with copilot/" }]],
    ["an agent label (weak)", { labels: ["infra", "ai-generated"] }, [{ strong: false, reason: 'label "ai-generated"' }]],
  ])("%s", (_why, overrides, expected) => {
    expect(agentSignals(humanPr(overrides), s)).toEqual(expected);
  });
  it("a human co-author, a human's marker-free body and a human branch give nothing", () => {
    const facts = humanPr({ body: "Co-authored-by: Bob <bob@example.com>", commits: commit({ message: "x\n\nCo-authored-by: Bob <bob@example.com>" }), headRef: "bob/copilot/x" });
    expect(agentSignals(facts, s)).toEqual([]);
  });
});

describe("bodyTexts", () => {
  it("the body's earlier revisions, oldest first, then the body now; only the body when GitHub kept no revision", () => {
    const pr = { body: "now" } as PullFacts;
    expect(bodyTexts(pr)).toEqual(["now"]);
    expect(bodyTexts({ ...pr, bodyRevisions: ["first", "second"] })).toEqual(["first", "second", "now"]);
  });
});

describe("Co-authored-by values as written in real histories", () => {
  it.each([
    ["an unclosed address", "Charm Crush <crush@charm.land", { name: "Charm Crush", email: "crush@charm.land" }],
    ["an unclosed address followed by words", "Bob <bob@example.com (work)", { name: "Bob", email: "bob@example.com" }],
    ["HTML entities", "Crush &lt;crush@charm.land&gt;", { name: "Crush", email: "crush@charm.land" }],
    ["an address without brackets", "Eve eve@example.com", { name: "Eve", email: "eve@example.com" }],
    ["a mention", "@Edenzzzz", { name: "@Edenzzzz", email: "", login: "Edenzzzz" }],
    ["a bot's login", "gemini-code-assist[bot]", { name: "gemini-code-assist[bot]", email: "", login: "gemini-code-assist[bot]" }],
    ["a name alone", "Kevin Vincent", { name: "Kevin Vincent", email: "" }],
    ["a mention inside a name is no login", "Kevin @kv Vincent", { name: "Kevin @kv Vincent", email: "" }],
    ["a name before an address that is none", "Kevin Vincent <kvincent at nvidia dot com>", { name: "Kevin Vincent", email: "" }],
  ])("%s", (_form, value, expected) => {
    expect(coAuthorsIn(`Fix\n\nCo-authored-by: ${value}\n`)).toStrictEqual([expected]);
  });

  it.each(["<name>", "<!-- who paired with you -->", "none", "N/A"])("a template's placeholder %j names nobody", (value) => {
    expect(coAuthorsIn(`## Checklist\nCo-authored-by: ${value}\n`)).toEqual([]);
  });
});
