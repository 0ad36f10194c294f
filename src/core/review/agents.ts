/**
 * Who is an agent, and who asked it, on GitHub: logins (normalized: lower case, no `[bot]`),
 * emails, author names, Co-authored-by trailers, attribution markers and requester records.
 *
 * Commit messages, PR bodies and comments are untrusted text of any size, so everything here
 * reads them in linear time: line splits, `indexOf` on lower-cased text and bounded scans, never
 * a backtracking regular expression (a 1 MB adversarial message is decided in milliseconds).
 */
import { matchesAny, wildcardToRegExp } from "../glob.js";
import type { AgentSignals } from "../policy.js";
import type { Person, PullFacts, Trigger } from "./facts.js";

/** Longer names or emails are not real ones: bounded so matching stays cheap on hostile input. */
const MAX_TOKEN = 320;

export const normalizeLogin = (login: string): string => login.toLowerCase().replace(/\[bot\]$/, "");

/** GitHub's own address, on the commits it makes for a person (web edits, "Update branch", squash merges). */
export const isNoreplyOfGitHub = (email: string): boolean => email.toLowerCase() === "noreply@github.com";

const matchers = new WeakMap<readonly string[], (text: string) => boolean>();

/**
 * A case-insensitive matcher for a list of globs, built once per list: literal entries are one
 * Set lookup, so a text with 100,000 distinct `@mentions` costs 100,000 lookups, not 1.7 million
 * glob matches.
 */
function matcherFor(patterns: readonly string[]): (text: string) => boolean {
  let match = matchers.get(patterns);
  if (!match) {
    const literal = new Set(patterns.filter((p) => !p.includes("*") && !p.includes("?")).map((p) => p.toLowerCase()));
    const wild = patterns.filter((p) => p.includes("*") || p.includes("?")).map((p) => wildcardToRegExp(p, true));
    match = (text: string) => literal.has(text.toLowerCase()) || wild.some((re) => re.test(text));
    matchers.set(patterns, match);
  }
  return match;
}

export function isAgentLogin(login: string, agents: AgentSignals): boolean {
  return login.length <= MAX_TOKEN && matcherFor(agents.logins)(normalizeLogin(login));
}

export function isAgentEmail(email: string, agents: AgentSignals): boolean {
  return email !== "" && email.length <= MAX_TOKEN && matcherFor(agents.emails)(email);
}

export function isAgentName(name: string, agents: AgentSignals): boolean {
  return name !== "" && name.length <= MAX_TOKEN && matcherFor(agents.names)(name);
}

export function isAgentPerson(p: Person, agents: AgentSignals): boolean {
  // A no-reply address GitHub links to no user names its account by login: an agent's account
  // that is no User (Kiro Agent's `244629292+kiro-agent@…`, like Copilot's `…+Copilot@`) comes
  // back unlinked, and was read as an unknown person whose PR could never pass. A co-author's
  // address is read so already (isAgentCoAuthor); a linked address is the account GitHub says.
  const login = accountOf(p) ?? loginFromEmail(p.email);
  return (login !== null && login !== undefined && isAgentLogin(login, agents)) || isAgentEmail(p.email, agents) || isAgentName(p.name, agents);
}

const NOREPLY = "@users.noreply.github.com";

/**
 * `<id>+<name>[bot]` (or `<name>[bot]`): the local part of a bot account's no-reply address. No
 * person's login holds `[`, so the address names that bot and nobody else.
 */
const BOT_NOREPLY_LOCAL = /^(?:\d+\+)?([A-Za-z0-9-]+\[bot\])$/i;

/**
 * The account a commit author or committer is: its login, or the bot whose no-reply address it is
 * (`49699333+dependabot[bot]@users.noreply.github.com` → `dependabot[bot]`). GitHub's GraphQL API
 * links a commit email to a User only (`GitActor.user: User`), so every bot's own commits arrive
 * with login null: read as unlinked, every Dependabot bump of a workflow failed, and an agent's bot
 * (`opencode-agent[bot]`) went unrecognized by its login.
 */
export function accountOf(p: Person): string | null {
  if (p.login !== null) return p.login;
  if (p.email.length > MAX_TOKEN || !p.email.toLowerCase().endsWith(NOREPLY)) return null;
  return BOT_NOREPLY_LOCAL.exec(p.email.slice(0, p.email.length - NOREPLY.length))?.[1] ?? null;
}

/**
 * The account id a no-reply address carries (`123+login@users.noreply.github.com` → 123): the
 * account whatever it is called now (GitHub attributes such commits by it after a rename).
 */
export function accountIdFromEmail(email: string): number | undefined {
  if (email.length > MAX_TOKEN || !email.toLowerCase().endsWith(NOREPLY)) return undefined;
  const m = /^(\d{1,15})\+[^@]+$/.exec(email.slice(0, email.length - NOREPLY.length));
  return m?.[1] ? Number(m[1]) : undefined;
}

/** GitHub's no-reply addresses carry the login: `123+login@users.noreply.github.com`. */
export function loginFromEmail(email: string): string | undefined {
  if (email.length > MAX_TOKEN || !email.toLowerCase().endsWith(NOREPLY)) return undefined;
  const local = email.slice(0, email.length - NOREPLY.length);
  const plus = local.indexOf("+");
  const login = plus >= 0 && /^\d+$/.test(local.slice(0, plus)) ? local.slice(plus + 1) : local;
  return login !== "" && !login.includes("@") ? normalizeLogin(login) : undefined;
}

/** `name <email>` (or a bare email) → its parts; undefined when there is no email. Linear. */
export function parseNameEmail(value: string): { name: string; email: string } | undefined {
  const open = value.indexOf("<");
  if (open >= 0) {
    const close = value.indexOf(">", open + 1);
    if (close < 0) return undefined;
    const email = value.slice(open + 1, close).trim();
    return email.includes("@") ? { name: value.slice(0, open).trim().slice(0, MAX_TOKEN), email: email.slice(0, MAX_TOKEN + 1) } : undefined;
  }
  const bare = value.trim();
  return bare.includes("@") && !bare.includes(" ") ? { name: "", email: bare.slice(0, MAX_TOKEN + 1) } : undefined;
}

export interface CoAuthor {
  name: string;
  /** "" when the trailer gives no address ("Co-authored-by: Claude"). */
  email: string;
  /** The account a trailer without an address names: `@login`, or a bot's `name[bot]`. */
  login?: string;
  /** The commit whose message carries the trailer; undefined when it is in the PR body. */
  sha?: string;
}

/** A co-author as the reasons name it: as written, with its address when it has one. */
export const describeCoAuthor = (co: CoAuthor): string => (co.email ? `${co.name} <${co.email}>` : co.name);

const LOGIN_SHAPED = /^[A-Za-z0-9-]{1,39}$/;
const MENTION = /^@([A-Za-z0-9-]{1,39})$/;
const BOT_LOGIN = /^[A-Za-z0-9-]{1,39}\[bot\]$/i;

/**
 * A Co-authored-by value (one bounded line) as people and agents really write it: `Name <email>`,
 * an address left unclosed (`Charm Crush <crush@charm.land`) or HTML-escaped (`&lt;…&gt;`), an
 * address without brackets, or no address at all (`Claude`, `@login`, `gemini-code-assist[bot]`).
 * Every form names someone: ignoring one let an agent go unseen and a co-writer approve.
 */
function coAuthorValue(value: string): Omit<CoAuthor, "sha"> | undefined {
  const text = value.replace(/&lt;/gi, "<").replace(/&gt;/gi, ">").trim();
  if (text === "") return undefined;
  const mention = MENTION.exec(text)?.[1];
  if (mention !== undefined) return { name: text, email: "", login: mention };
  const parsed = parseNameEmail(text);
  if (parsed) return parsed;
  const open = text.indexOf("<");
  const words = text.split(/\s+/);
  const at = open >= 0 ? (text.slice(open + 1).trim().split(/\s/)[0] ?? "") : (words.find((w) => w.includes("@") && !w.startsWith("@")) ?? "");
  if (at.includes("@")) return { name: (open >= 0 ? text.slice(0, open) : words.filter((w) => w !== at).join(" ")).trim().slice(0, MAX_TOKEN), email: at.slice(0, MAX_TOKEN + 1) };
  // A template's placeholder ("<name>", "<!-- who -->") or "none" names nobody; a name before an
  // address that is none ("Kevin <kevin at example dot com>") is still that person.
  const name = (open >= 0 ? text.slice(0, open) : text).trim().slice(0, MAX_TOKEN);
  if (name === "" || name.includes(">") || NO_ASSISTANT.has(name.toLowerCase())) return undefined;
  return { name, email: "", ...(BOT_LOGIN.test(name) ? { login: name } : {}) };
}

const CO_AUTHORED = "co-authored-by";
const MAX_LINE = 1000;

/**
 * Where a trailer's value starts when its key (lower case, found at `keyEnd`) is followed by its
 * separator: git reads any spaces and tabs between a trailer's key and its ":"
 * (git-interpret-trailers(1); `Co-authored-by : Claude <…>` is `Co-authored-by: Claude <…>` to
 * git), so they are skipped here too; -1 when no ":" follows. Bounded: at most a line's worth.
 */
function trailerValueAt(text: string, keyEnd: number): number {
  let i = keyEnd;
  const limit = Math.min(text.length, keyEnd + MAX_LINE);
  while (i < limit && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return text.charCodeAt(i) === 58 ? i + 1 : -1;
}

/**
 * Whether only indentation or markdown quoting, list or heading marks precede `at` on its line. Walks back over
 * those characters only, so scanning all occurrences of a phrase stays linear on a 1 MB line.
 */
function startsLine(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && " \t>*_#-".includes(text[i] ?? "x")) i--;
  return i < 0 || text[i] === "\n" || text[i] === "\r";
}

/** The rest of the line from `from`, at most `max` characters (bounded: never scans a whole line). */
function restOfLine(text: string, from: number, max: number): string {
  const limit = Math.min(text.length, from + max);
  let end = from;
  while (end < limit && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return text.slice(from, end);
}

/** Every `Co-authored-by:` line of a text (commit message or PR body), line by line. */
export function coAuthorsIn(text: string, sha?: string): CoAuthor[] {
  const out: CoAuthor[] = [];
  const lower = text.toLowerCase();
  for (let at = lower.indexOf(CO_AUTHORED); at >= 0; at = lower.indexOf(CO_AUTHORED, at + CO_AUTHORED.length)) {
    // A trailer starts its line (markdown quoting or list markers allowed in bodies).
    if (!startsLine(text, at)) continue;
    const value = trailerValueAt(text, at + CO_AUTHORED.length);
    if (value < 0) continue;
    const parsed = coAuthorValue(restOfLine(text, value, MAX_LINE));
    if (parsed) out.push({ ...parsed, ...(sha !== undefined ? { sha } : {}) });
  }
  return out;
}

/** A commit of the PR, or one a force push took out of it (`replaced`). */
export interface WrittenCommit {
  commit: PullFacts["commits"][number];
  replaced: boolean;
  /** How reasons name it: "commit 5b1d7e3", "commit 5b1d7e3, replaced by a force push,". */
  label: string;
}

/**
 * Every commit the PR holds and every one a force push replaced: a rewrite (reset author, squash,
 * dropped trailers) does not erase who wrote the change or asked for it.
 */
export function writtenCommits(facts: PullFacts): WrittenCommit[] {
  const held = new Set(facts.commits.map((c) => c.sha));
  const replaced = (facts.replacedCommits ?? []).filter((c) => !held.has(c.sha));
  return [
    ...facts.commits.map((commit) => ({ commit, replaced: false, label: `commit ${commit.sha.slice(0, 7)}` })),
    ...replaced.map((commit) => ({ commit, replaced: true, label: `commit ${commit.sha.slice(0, 7)}, replaced by a force push,` })),
  ];
}

export function coAuthors(facts: PullFacts): (CoAuthor & { replaced: boolean; label: string })[] {
  return writtenCommits(facts).flatMap((w) => coAuthorsIn(w.commit.message, w.commit.sha).map((co) => ({ ...co, replaced: w.replaced, label: w.label })));
}

/** The PR body now and in every earlier revision (oldest first, current last). */
export function bodyTexts(facts: PullFacts): string[] {
  return [...(facts.bodyRevisions ?? []), facts.body];
}

/** The first configured marker the text carries (case-insensitive substring), if any. */
export function markerIn(text: string, agents: AgentSignals): string | undefined {
  const lower = text.toLowerCase();
  return agents.markers.find((m) => lower.includes(m.toLowerCase()));
}

/** Values that name no assistant: a trailer kept in a project's template and answered "none". */
const NO_ASSISTANT = new Set(["none", "n/a", "na", "no", "-"]);

/**
 * The first attribution trailer a commit message carries ("Assisted-by: Crush"), if any. A git
 * trailer starts its line, so text that quotes the convention (indented, mid-sentence) is none.
 */
export function attributionTrailerIn(message: string, agents: AgentSignals): string | undefined {
  const lower = message.toLowerCase();
  for (const key of agents.attributionTrailers ?? []) {
    const needle = key.toLowerCase();
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
      if (at > 0 && message[at - 1] !== "\n" && message[at - 1] !== "\r") continue;
      const from = trailerValueAt(message, at + needle.length);
      if (from < 0) continue;
      const value = restOfLine(message, from, VALUE_SPAN).trim();
      if (value !== "" && !NO_ASSISTANT.has(value.toLowerCase())) return `${message.slice(at, at + key.length)}: ${value}`;
    }
  }
  return undefined;
}

export interface AgentSignal {
  strong: boolean;
  reason: string;
  commitSha?: string;
}

/**
 * Whether a co-author is an agent: by address, by the login an address or the trailer names (a
 * bot's also by its id-less no-reply address, `name[bot]@users.noreply.github.com`), by name, or,
 * written without an address, by a name that is an agent's login ("Co-authored-by: Claude").
 */
export function isAgentCoAuthor(co: CoAuthor, agents: AgentSignals): boolean {
  const login = co.login ?? loginFromEmail(co.email);
  if (isAgentEmail(co.email, agents) || isAgentName(co.name, agents)) return true;
  if (login !== undefined && (isAgentLogin(login, agents) || isAgentEmail(`${login}@users.noreply.github.com`, agents))) return true;
  return co.email === "" && namesAgentAccount(co.name, agents);
}

/** How many words of an address-less co-author's name are read (a name, not a paragraph). */
const MAX_NAME_WORDS = 12;

/**
 * Whether a name written without an address names an agent's account: the whole name, a word after
 * the first, or two words joined by "-" as logins are ("GitHub Copilot": copilot; "OpenAI Codex";
 * "Kiro Agent": kiro-agent; "gemini-code-assist", whose bot's address is an AI reviewer's).
 * Projects ask agents for exactly these trailers (vLLM's AGENTS.md: "Co-authored-by: Agent Name
 * Here"); read as one whole login only, they passed as a person's. A first word alone before others
 * is a given name ("Claude Martin" stays a person): product names that start so are
 * `agents.names` ("Claude Code", "Claude Opus*"). With an address, the address decides.
 */
function namesAgentAccount(name: string, agents: AgentSignals): boolean {
  const words = name.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => w !== "").slice(0, MAX_NAME_WORDS);
  const candidates = words.length === 1 ? words : [...words.slice(1), ...words.slice(1).map((w, i) => `${words[i] ?? ""}-${w}`)];
  return candidates.some((w) => LOGIN_SHAPED.test(w) && (isAgentLogin(w, agents) || isAgentEmail(`${w}[bot]@users.noreply.github.com`, agents)));
}

/** Every sign that an agent wrote the PR; weak ones (branch, label) count only beside a strong one. */
export function agentSignals(facts: PullFacts, agents: AgentSignals): AgentSignal[] {
  const out: AgentSignal[] = [];
  if (isAgentLogin(facts.author.login, agents)) out.push({ strong: true, reason: `opened by agent ${facts.author.login}` });
  for (const { commit: c, label } of writtenCommits(facts)) {
    for (const [role, p] of [["author", c.author], ["committer", c.committer]] as const) {
      if (isAgentPerson(p, agents)) out.push({ strong: true, reason: `${label} ${role} ${accountOf(p) ?? p.name} <${p.email}> is an agent`, commitSha: c.sha });
    }
    const marker = markerIn(c.message, agents);
    if (marker) out.push({ strong: true, reason: `${label} carries the agent marker "${marker}"`, commitSha: c.sha });
    const trailer = attributionTrailerIn(c.message, agents);
    if (trailer) out.push({ strong: true, reason: `${label} carries the AI attribution trailer "${trailer}"`, commitSha: c.sha });
  }
  for (const co of coAuthors(facts)) {
    if (isAgentCoAuthor(co, agents)) out.push({ strong: true, reason: `${co.label} is co-authored by agent ${describeCoAuthor(co)}`, ...(co.sha ? { commitSha: co.sha } : {}) });
  }
  const bodies = bodyTexts(facts);
  bodies.forEach((body, i) => {
    const where = i === bodies.length - 1 ? "the PR body" : `an earlier revision of the PR body (${i + 1} of ${bodies.length - 1})`;
    const marker = markerIn(body, agents);
    if (marker) out.push({ strong: true, reason: `${where} carries the agent marker "${marker}"` });
    for (const co of coAuthorsIn(body)) if (isAgentCoAuthor(co, agents)) out.push({ strong: true, reason: `${where} says it is co-authored by agent ${describeCoAuthor(co)}` });
  });
  const prefix = agents.weak.branchPrefixes.find((p) => facts.headRef.startsWith(p));
  if (prefix) out.push({ strong: false, reason: `branch ${facts.headRef} starts with ${prefix}` });
  for (const label of facts.labels) if (matchesAny(agents.weak.labels, label)) out.push({ strong: false, reason: `label "${label}"` });
  return out;
}

/** A character GitHub allows in a login: letters, digits, "-". */
function isLoginChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45;
}

/**
 * `@login` at `at` (the index of "@"): the login, bounded to GitHub's 39 characters; "" when no
 * login character follows. A `[bot]` after it is left out: every caller normalizes it away.
 */
function mentionAt(text: string, at: number): string {
  let end = at + 1;
  while (end < text.length && end - at <= 40 && isLoginChar(text.charCodeAt(end))) end++;
  return text.slice(at + 1, end);
}

/** A character after a login's last character that makes the word go on: the login is not all of it. */
const WORD_GOES_ON = /[\p{L}\p{N}_]/u;

/**
 * Text as a reader sees it rendered: compatibility forms folded (`＠` is `@`), every Unicode space
 * a space, and invisible format characters (zero-width spaces and joiners, soft hyphens, direction
 * marks) gone. "Requested\u00a0by: @bob\u200b-sre" reads "Requested by: @bob-sre" on GitHub, and
 * must name bob-sre here too.
 */
export function visibleText(text: string): string {
  // ASCII reads as written (most texts): no copy of a 1 MB message.
  if (!NON_ASCII.test(text)) return text;
  return text.normalize("NFKC").replace(/\p{Cf}/gu, "").replace(/\p{Zs}/gu, " ");
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Between two mentions of one list, on one line: spaces, `,`, `;`, `&`, and the word "and". */
const LIST_SEPARATOR = /^(?:[ \t,;&]|and\b)+/i;

/**
 * The `@` mentions a requester phrase is followed by (`@bob-sre and @carol-dba`, `@a, @b`), up to
 * `limit`. A mention is a login, or `null` with what was written when it names no one who can be
 * excluded: a team (`@org/team`: which member asked is not recorded) or a login that runs on into
 * letters no login has (`@bоb-sre` with a Cyrillic "о").
 */
function mentionsFrom(text: string, from: number, limit: number): { login: string | null; written: string }[] {
  const out: { login: string | null; written: string }[] = [];
  let at = from;
  // The first mention is read wherever the phrase's separators ended; the next ones within `limit`.
  while (text.charCodeAt(at) === 64 && (at === from || at < limit)) {
    const login = mentionAt(text, at);
    const after = at + 1 + login.length;
    const next = text.codePointAt(after);
    const team = next === 47 && isLoginChar(text.charCodeAt(after + 1));
    if (team || (next !== undefined && WORD_GOES_ON.test(String.fromCodePoint(next)))) {
      const written = restOfLine(text, at, VALUE_SPAN).split(/[\s,;]/)[0] ?? "";
      out.push({ login: null, written });
      at += written.length;
    } else {
      out.push({ login, written: `@${login}` });
      at = after;
    }
    const separator = LIST_SEPARATOR.exec(text.slice(at, Math.min(limit, at + 16)));
    if (!separator) break;
    at += separator[0].length;
  }
  return out;
}

/** A requester: a login, or someone recorded only by name and/or email (null login). */
export interface Requester {
  login: string | null;
  email?: string;
  name?: string;
  /** Where it was read: "the PR body", "commit abc1234", "assigned copilot", … */
  source: string;
}

/** How far after a requester phrase its value may go (one line, bounded: linear on hostile text). */
const VALUE_SPAN = 200;

/**
 * Requesters written in a text after a configured phrase: `@login`, `Name (email)`, `Name <email>`.
 * A phrase that starts its line ("Requested by: Alice") names a requester even without a login
 * or email (then it cannot be mapped: the caller fails closed); mid-sentence it must be followed
 * by `@login` or an email, so prose such as "as requested by the team" names nobody.
 */
export function requestersIn(written: string, source: string, agents: AgentSignals, phrases: readonly string[] = agents.requesterPhrases): Requester[] {
  const text = visibleText(written);
  const out: Requester[] = [];
  const seen = new Set<string>();
  const add = (r: Requester) => {
    const key = `${r.login ?? ""}\u0000${r.email ?? ""}\u0000${r.name ?? ""}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(r);
    }
  };
  const lower = text.toLowerCase();
  // A phrase is also written as a trailer, its words joined by "-" ("Requested-by: Bob <bob@…>").
  const needles = new Set(phrases.flatMap((phrase) => [phrase.toLowerCase(), phrase.toLowerCase().replace(/ /g, "-")]));
  for (const needle of needles) {
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
      // Skip ":", "*", "_", "[" (a markdown link's text) and blanks after the phrase by character
      // codes (no slicing per occurrence).
      let from = at + needle.length;
      const limit = Math.min(text.length, from + VALUE_SPAN);
      while (from < limit && (text.charCodeAt(from) === 58 || text.charCodeAt(from) === 42 || text.charCodeAt(from) === 95 || text.charCodeAt(from) === 91 || text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9)) from++;
      const atLineStart = startsLine(text, at);
      // A phrase ending its line as a heading ("**Requested by**") lists its mentions on the next line.
      if (atLineStart && (text.charCodeAt(from) === 10 || text.charCodeAt(from) === 13)) {
        let next = from;
        while (next < limit && (text.charCodeAt(next) === 10 || text.charCodeAt(next) === 13 || " \t>*-".includes(text[next] ?? "x"))) next++;
        if (text.charCodeAt(next) === 64) from = next;
      }
      if (text.charCodeAt(from) === 64) {
        for (const mention of mentionsFrom(text, from, limit)) {
          if (mention.login === null) add({ login: null, name: mention.written, source });
          else if (mention.login && !isAgentLogin(mention.login, agents)) add({ login: normalizeLogin(mention.login), source });
        }
        continue;
      }
      const value = restOfLine(text, from, VALUE_SPAN - (from - at - needle.length)).trim();
      const paren = value.indexOf("(");
      const close = paren >= 0 ? value.indexOf(")", paren) : -1;
      const inParens = paren >= 0 && close > paren ? value.slice(paren + 1, close).trim() : "";
      // Devin's body since late 2025: "Requested by: Name (@login)". The login is who asked; read
      // as an address, "@login" mapped to nobody and failed the PR whatever approved it.
      const mentioned = MENTION.exec(inParens)?.[1];
      if (mentioned !== undefined) {
        if (!isAgentLogin(mentioned, agents)) add({ login: normalizeLogin(mentioned), source });
        continue;
      }
      const parsed = inParens.includes("@") && !inParens.includes(" ") ? { name: value.slice(0, paren).trim(), email: inParens } : parseNameEmail(value);
      if (parsed) {
        if (isAgentEmail(parsed.email, agents) || isAgentName(parsed.name, agents)) continue;
        add({ login: loginFromEmail(parsed.email) ?? null, email: parsed.email.toLowerCase(), name: parsed.name, source });
      } else if (atLineStart) {
        const name = value.replace(/[*_]+$/, "").trim();
        if (name !== "" && !isAgentName(name, agents) && !isAgentLogin(name, agents)) add({ login: null, name, source });
      }
    }
  }
  return out;
}

/** The agent logins a text mentions (`@copilot please …`), in linear time. */
export function mentionedAgents(text: string, agents: AgentSignals): string[] {
  const out = new Set<string>();
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    if (isLoginChar(before) || before === 46) continue; // an email address ("a.b@c"), not a mention
    const login = mentionAt(text, at);
    if (login && isAgentLogin(login, agents)) out.add(normalizeLogin(login));
  }
  return [...out];
}

/** The configured command a text starts a line with (`/q dev`), if any. */
export function commandIn(text: string, agents: AgentSignals): string | undefined {
  const lower = text.toLowerCase();
  for (const command of agents.triggers.commands) {
    const needle = command.toLowerCase();
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
      const after = lower[at + needle.length] ?? " ";
      if (startsLine(lower, at) && !/[a-z0-9-]/.test(after)) return command;
    }
  }
  return undefined;
}

/**
 * The text without its review-only requests ("@codex review": Codex reviews and pushes nothing), so
 * a reviewer who asks an agent for a review can still approve; any other mention still counts.
 * Linear: one indexOf pass per command.
 */
function withoutReviewRequests(text: string, agents: AgentSignals): string {
  const commands = agents.triggers.reviewCommands ?? [];
  if (commands.length === 0) return text;
  let out = text;
  for (const command of commands) {
    const lower = out.toLowerCase();
    const needle = command.toLowerCase();
    const parts: string[] = [];
    let from = 0;
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
      // "@codex reviewer, fix it" is no review command: the word must end there.
      if (/[a-z0-9-]/.test(lower[at + needle.length] ?? " ")) continue;
      parts.push(out.slice(from, at), " ");
      from = at + needle.length;
    }
    parts.push(out.slice(from));
    out = parts.join("");
  }
  return out;
}

/** Why this timeline record shows its actor asking an agent for work, or undefined when it does not. */
export function triggerReason(t: Trigger, agents: AgentSignals): string | undefined {
  if (isAgentLogin(t.login, agents)) return undefined; // the agent itself acting
  switch (t.kind) {
    case "assignment":
      return isAgentLogin(t.text, agents) ? `assigned agent ${t.text}` : undefined;
    case "review-request":
      return undefined; // asking an agent to review is not asking it to write the change
    case "deleted-comment":
      // What a deleted comment (or a revision deleted from an edit history) said cannot be read:
      // it may have commanded the agent, or named who did.
      return t.text ? `${t.text}, which can no longer be read (it may have asked the agent or named who did)` : "deleted a comment whose text can no longer be read (it may have asked the agent)";
    case "label":
      return matchesAny(agents.triggers.labels, t.text) ? `applied the agent label "${t.text}"` : undefined;
    case "comment": {
      const text = withoutReviewRequests(t.text, agents);
      const mentioned = mentionedAgents(text, agents);
      if (mentioned.length) return `mentioned agent @${mentioned[0] ?? ""} in a comment`;
      const command = commandIn(text, agents);
      return command ? `commented the agent command "${command}"` : undefined;
    }
  }
}

/** Humans recorded as having asked the agent for this change, wherever GitHub records them. */
export function requesters(facts: PullFacts, agents: AgentSignals): Requester[] {
  const out: Requester[] = [];
  const bodies = bodyTexts(facts);
  bodies.forEach((body, i) => out.push(...requestersIn(body, i === bodies.length - 1 ? "the PR body" : "an earlier revision of the PR body", agents)));
  for (const w of writtenCommits(facts)) out.push(...requestersIn(w.commit.message, `commit ${w.commit.sha.slice(0, 7)}${w.replaced ? " (replaced by a force push)" : ""}`, agents));
  for (const t of facts.triggers ?? []) {
    const why = triggerReason(t, agents);
    if (why) out.push({ login: normalizeLogin(t.login), source: `${why} (${t.at})` });
    // An agent's own comment names who asked it ("**Claude finished @bob's task**"): that record
    // outlives the asker's comment, which its writer can edit or delete.
    else if (t.kind === "comment" && isAgentLogin(t.login, agents)) {
      out.push(...requestersIn(t.text, `a comment by agent ${t.login} (${t.at})`, agents, [...agents.requesterPhrases, ...(agents.agentCommentPhrases ?? [])]));
    }
  }
  return out;
}
