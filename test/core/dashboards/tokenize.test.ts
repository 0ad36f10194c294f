import fc from "fast-check";
import { stripNegated } from "../../../src/core/dashboards/negation.js";
import { matchedTerms, normalizeTerm, TermMatcher, tokenize } from "../../../src/core/dashboards/tokenize.js";

describe("tokenize", () => {
  it("splits camelCase, snake_case, dotted and slashed names into lower-case words", () => {
    expect(tokenize("copilot_ide_code_completions_total_engaged_users")).toEqual(["copilot", "ide", "code", "completions", "total", "engaged", "users"]);
    expect(tokenize("WeeklyActiveUsers")).toEqual(["weekly", "active", "users"]);
    expect(tokenize("AIAcceptanceRate")).toEqual(["ai", "acceptance", "rate"]);
    expect(tokenize("claude_code.token.usage")).toEqual(["claude", "code", "token", "usage"]);
    expect(tokenize("AWS/Bedrock InputTokenCount")).toEqual(["aws", "bedrock", "input", "token", "count"]);
    expect(tokenize("HTTP 429s")).toEqual(["http", "429", "s"]);
    expect(tokenize("PRs by agent")).toEqual(["prs", "by", "agent"]);
  });

  it("matches multi-word terms and terms glued in one identifier", () => {
    const terms = ["codewhisperer", "q developer", "active users", "pagerduty", "incident"].map(normalizeTerm);
    const found = new TermMatcher(terms).match(["CodeWhisperer accepted suggestions", "q_developer.active_users", "PagerDuty"]);
    expect(matchedTerms(found, terms)).toEqual([
      "codewhisperer",
      "q developer",
      "active users",
      "pagerduty",
    ]);
  });

  it("does not match a word inside another word", () => {
    expect([...new TermMatcher(["sev", "ai", "active users"]).match(["severity_level", "main", "inactive users"])]).toEqual([]);
  });

  it("matches glued text against spaced terms and the reverse", () => {
    const m = new TermMatcher(["Active Users", "qdeveloper", "change failure rate"]);
    expect([...m.match(["weeklyActiveUsers"])]).toEqual(["active users"]);
    expect([...m.match(["Q Developer seats"])]).toEqual(["qdeveloper"]);
    expect([...m.match(["dora_change_failure_rate"])]).toEqual(["change failure rate"]);
    // Also when every term is one word; but a glued term is spelled by four words at most.
    expect([...new TermMatcher(["codewhisperer"]).match(["Code Whisperer suggestions"])]).toEqual(["codewhisperer"]);
    expect([...new TermMatcher(["abcd", "abcde"]).match(["a b c d e"])]).toEqual(["abcd"]);
  });
});

/** The definition tokenize implements by hand: ASCII words, "PRs" one word. */
const WORD = /[A-Z]{2,}s(?![a-z])|[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g;
const referenceTokens = (text: string): string[] => [...text.matchAll(WORD)].map((m) => m[0].toLowerCase());

/** Every run of up to four words glued and looked up: what TermMatcher finds without building them. */
function referenceMatch(terms: readonly string[], texts: readonly string[]): Set<string> {
  const byGlued = new Map<string, string[]>();
  for (const term of terms) {
    const words = referenceTokens(term);
    if (!words.length) continue;
    byGlued.set(words.join(""), [...new Set([...(byGlued.get(words.join("")) ?? []), words.join(" ")])]);
  }
  const found = new Set<string>();
  for (const text of texts) {
    const tokens = referenceTokens(text);
    for (let i = 0; i < tokens.length; i++) {
      for (let n = 1; n <= 4 && i + n <= tokens.length; n++) {
        for (const hit of byGlued.get(tokens.slice(i, i + n).join("")) ?? []) found.add(hit);
      }
    }
  }
  return found;
}

describe("tokenize and TermMatcher against their definitions", () => {
  // Letters around the acronym/plural and case boundaries, digits, separators and non-ASCII.
  const text = fc.string({ unit: fc.constantFrom("a", "e", "s", "z", "A", "E", "S", "Z", "0", "7", "_", ".", " ", "-", "/", "é", "İ", "Ł", "😀", "\uD800", "\n"), maxLength: 40 });
  const word = fc.constantFrom("ai", "active", "users", "code", "whisperer", "codewhisperer", "sev", "1", "PRs", "Q", "developer", "incident", "s", "error", "budget", "burn");
  const phrase = fc.array(word, { minLength: 1, maxLength: 5 });
  const joined = fc.tuple(phrase, fc.constantFrom(" ", "_", ".", "", "-")).map(([words, sep]) => words.join(sep));

  it("tokenize splits exactly as the word regex", () => {
    fc.assert(fc.property(text, (t) => expect(tokenize(t)).toEqual(referenceTokens(t))), { numRuns: 2000 });
  });

  it("keeps to the definition on texts longer than its first buffers, and after them", () => {
    const long = "aBcD1é😀 weeklyActiveUsers İPRs\u0141x ".repeat(400);
    expect(tokenize(long)).toEqual(referenceTokens(long));
    const m = new TermMatcher(["active users", "prs", "lx"]);
    expect([...m.match([long, "PRs"])].sort()).toEqual([...referenceMatch(["active users", "prs", "lx"], [long, "PRs"])].sort());
    expect([...m.match(["aB"])]).toEqual([]);
    const huge = `${"x_".repeat(300_000)}weekly_active_users`;
    expect([...m.match([huge])]).toEqual(["active users"]);
    expect([...m.match(["PRs by agent"])]).toEqual(["prs"]);
  });

  it("a TermMatcher reused on a shorter text reads only that text, never a byte left from the one before", () => {
    const m = new TermMatcher(["aws", "prs", "sa"]);
    // "AW" after "AWS": the upper-case run ends at the text's end, not at the old "S".
    m.matchText("AWS", new Set());
    expect([...m.matchText("AW", new Set())]).toEqual([]);
    // "PRs" after "PRsa": the plural acronym ends the text, whatever letter followed it before.
    m.matchText("PRsa", new Set());
    expect([...m.matchText("PRs", new Set())]).toEqual(["prs"]);
    // "PR" after "PRsa": no "s" follows at all.
    m.matchText("PRsa", new Set());
    expect([...m.matchText("PR", new Set())]).toEqual([]);
    // "active" after "active users": no word of the old text follows it.
    const users = new TermMatcher(["active users"]);
    users.matchText("active users", new Set());
    expect([...users.matchText("active", new Set())]).toEqual([]);
    fc.assert(
      fc.property(fc.array(joined, { maxLength: 6 }), fc.array(fc.oneof(joined, text), { minLength: 2, maxLength: 6 }), (terms, texts) => {
        const reused = new TermMatcher(terms);
        for (const t of texts) expect([...reused.matchText(t, new Set())].sort()).toEqual([...new TermMatcher(terms).matchText(t, new Set())].sort());
      }),
      { numRuns: 500 },
    );
  });

  it("TermMatcher finds exactly the glued runs of up to four words that are terms", () => {
    fc.assert(
      fc.property(fc.array(joined, { maxLength: 8 }), fc.array(fc.oneof(joined, text), { maxLength: 4 }), (terms, texts) => {
        const found = new TermMatcher(terms).match(texts);
        expect([...found].sort()).toEqual([...referenceMatch(terms, texts)].sort());
      }),
      { numRuns: 1000 },
    );
  });
});

describe("stripNegated", () => {
  it.each([
    ['{app="proxy"} != "incident"', "incident"],
    ['{kind!~"incident|outage"}', "incident"],
    ["WHERE type != 'INCIDENT'", "INCIDENT"],
    ["WHERE type <> 'incident'", "incident"],
    ["WHERE type NOT IN ('incident', 'rollback')", "rollback"],
    ["WHERE title NOT LIKE '%outage%'", "outage"],
    ["| filter kind not like /incident/", "incident"],
    ["SEARCH('{Ops} NOT \"Incidents\"', 'Sum', 300)", "Incidents"],
    ["service:web -tag:incident status:error", "incident"],
    ["sum:deploys{!kind:rollback}", "rollback"],
    ["service:web NOT kind:incident", "incident"],
  ])("removes the excluded word from %s", (query, word) => {
    expect(stripNegated(query)).not.toContain(word);
  });

  it("gives what every negation pattern applied in turn gives (the cheap pre-checks skip only patterns that cannot match)", () => {
    const QUOTED = String.raw`(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|` + "`[^`]*`)";
    const patterns = [
      new RegExp(String.raw`(?:!=|!~|<>)\s*${QUOTED}`, "g"),
      /\bnot\s+in\s*\([^)]*\)/gi,
      new RegExp(String.raw`\bnot\s+i?like\s*(?:${QUOTED}|/(?:[^/\\]|\\.)*/)`, "gi"),
      new RegExp(String.raw`\bnot\s+${QUOTED}`, "gi"),
      /\bNOT\s+[\w.@-]+:[^\s)]+/g,
      /(^|[\s(,{])-[\w.@]+:[^\s),}]+/g,
      /(^|[\s(,{])![\w.@]+:[^\s),}]+/g,
    ];
    const reference = (q: string): string => patterns.reduce((out, re) => out.replace(re, (_m, lead: unknown) => (typeof lead === "string" ? `${lead} ` : " ")), q);
    const fragment = fc.constantFrom("!=", "!~", "<>", "!", "-", ":", " ", "\t", "(", ")", "{", "}", ",", "not", "NOT", "Not", " in ", "like", "ilike", "'x'", '"incident"', "`y`", "/re/", "kind", "tag", "a.b", "@c", "\\");
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 14 }), (parts) => {
        const q = parts.join("");
        expect(stripNegated(q)).toBe(reference(q));
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps the character before a removed -tag:value or !tag:value, so a Datadog scope keeps its brace", () => {
    expect(stripNegated("sum:copilot.seats.active{-env:staging,team:platform}")).toBe("sum:copilot.seats.active{ ,team:platform}");
    expect(stripNegated("sum:deploys{!kind:rollback,env:prod}.as_count()")).toBe("sum:deploys{ ,env:prod}.as_count()");
  });

  it("keeps positive mentions", () => {
    expect(stripNegated('{kind="incident"} |= "outage"')).toContain("incident");
    expect(stripNegated("WHERE type = 'INCIDENT' AND x != 'y'")).toContain("INCIDENT");
    expect(stripNegated("sum:datadog.incident.count{severity:sev-1}")).toContain("incident");
  });
});
