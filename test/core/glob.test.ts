/**
 * The wildcards of subjects, tags, logins and principal patterns (src/core/glob.ts): `*` any run
 * (crossing `/`), `?` exactly one character, everything else literal.
 */
import fc from "fast-check";
import { globRegExp, matchesAny, wildcardMatch } from "../../src/core/glob.js";

describe("wildcardMatch", () => {
  it("`?` stands for exactly one character", () => {
    expect(wildcardMatch("dev-?", "dev-1")).toBe(true);
    expect(wildcardMatch("dev-?", "dev-12")).toBe(false);
    expect(wildcardMatch("dev-?", "dev-")).toBe(false);
  });

  it("`*` crosses `/` and matches nothing at all too", () => {
    expect(wildcardMatch("ProdStack/*", "ProdStack/Orders/Table")).toBe(true);
    expect(wildcardMatch("ProdStack/*", "ProdStack/")).toBe(true);
    expect(wildcardMatch("Orders*Table", "Orders\nTable")).toBe(true); // any character, a line break too
    expect(wildcardMatch("Orders?Table", "Orders\nTable")).toBe(true);
  });

  it("every other character is literal, a backslash and regex syntax included", () => {
    expect(wildcardMatch("C:\\agents\\*", "C:\\agents\\kiro")).toBe(true);
    expect(wildcardMatch("\\d*", "1")).toBe(false);
    expect(wildcardMatch("a.b*", "axb")).toBe(false);
    expect(wildcardMatch("(prod)|x*", "(prod)|xy")).toBe(true);
  });

  it("ignores case unless asked not to, with or without wildcards", () => {
    expect(wildcardMatch("AgentRole", "agentrole")).toBe(true);
    expect(wildcardMatch("AgentRole", "agentrole", false)).toBe(false);
    expect(wildcardMatch("Prod*", "prod-orders")).toBe(true);
    expect(wildcardMatch("Prod*", "prod-orders", false)).toBe(false);
    expect(wildcardMatch("Prod*", "Prod\norders", false)).toBe(true);
    // Each mode keeps its own compiled pattern: asking one first does not decide the other.
    expect(wildcardMatch("Stage?", "stage1", false)).toBe(false);
    expect(wildcardMatch("Stage?", "stage1")).toBe(true);
  });
});

describe("matchesAny", () => {
  it("is true when one pattern matches", () => {
    expect(matchesAny(["*-bot", "kiro*"], "kiro-agent")).toBe(true);
    expect(matchesAny(["*-bot", "kiro*"], "alice")).toBe(false);
    expect(matchesAny([], "alice")).toBe(false);
  });
});

describe("globRegExp: case-insensitive without the `i` flag, as with it", () => {
  // The reference: what every glob compiled to before (the `i` flag, `.` for any character).
  const reference = (pattern: string, caseInsensitive: boolean, anyRun: string, anyChar: string): RegExp =>
    new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, anyRun).replace(/\?/g, anyChar)}$`, caseInsensitive ? "is" : "s");
  // Letters whose cases cross ASCII under some foldings (Kelvin sign, long s, dotted and dotless i), others outside ASCII, regex syntax.
  const CHARS = ["a", "A", "k", "K", "s", "S", "i", "I", "z", "0", "-", "/", ":", "\u212a", "\u017f", "\u0130", "\u0131", "é", "É", "ß", "\u{1F600}", ".", "+", "^", "$", "(", ")", "[", "]", "{", "}", "|", "\\", "\n", "\u0001"];
  const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((cs) => cs.join(""));
  const pattern = fc.array(fc.constantFrom(...CHARS, "*", "?"), { maxLength: 6 }).map((cs) => cs.join(""));
  const variants: [string, string][] = [[".*", "."], [".*", "[^\u0001]"]];

  it("matches exactly the strings the `i` flag matched, for every glob and text", () => {
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.constantFrom(...variants), (glob, texts, caseInsensitive, [anyRun, anyChar]) => {
        const ours = globRegExp(glob, caseInsensitive, anyRun, anyChar);
        const theirs = reference(glob, caseInsensitive, anyRun, anyChar);
        // Texts derived from the glob itself too, so that matches are common, not only misses.
        const derived = [glob.replace(/[*?]/g, "x"), glob.replace(/[*?]/g, "").toUpperCase(), glob.replace(/[*?]/g, "").toLowerCase()];
        for (const t of [...texts, ...derived]) expect([glob, t, ours.test(t)]).toEqual([glob, t, theirs.test(t)]);
      }),
      { numRuns: 3000 },
    );
  });

  it("spells each ASCII letter's two cases and keeps the flag only for a glob with other characters", () => {
    expect(globRegExp("s3:Get*", true).source).toBe("^[sS]3:[gG][eE][tT].*$");
    expect(globRegExp("s3:Get*", true).flags).toBe("s");
    expect(globRegExp("bücket*", true).flags).toBe("is");
    expect(globRegExp("Get*", false).source).toBe("^Get.*$");
    expect(globRegExp("Get*", false).flags).toBe("s");
    // Under the `i` flag an ASCII letter matches its two cases only: not the Kelvin sign, not the long s.
    expect(globRegExp("k*", true).test("\u212a")).toBe(false);
    expect(globRegExp("s*", true).test("\u017f")).toBe(false);
    expect(globRegExp("a?c", true, ".*", "[^\u0001]").test("A\u0001C")).toBe(false);
  });
});
