/**
 * The wildcards of subjects, tags, logins and principal patterns (src/core/glob.ts): `*` any run
 * (crossing `/`), `?` exactly one character, everything else literal.
 */
import { matchesAny, wildcardMatch } from "../../src/core/glob.js";

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
