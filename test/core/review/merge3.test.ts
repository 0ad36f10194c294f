/**
 * The line-by-line three-way merge (src/core/review/merge3.ts): on a real file git merged while
 * "Update branch"-ing buildkite/elastic-ci-stack-for-aws (MIT; test/fixtures/github/merges), and on
 * the cases that decide whether a merger chose lines of their own.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { diffHunks, mergeLines, splitLines } from "../../../src/core/review/merge3.js";

const dir = path.join(process.cwd(), "test/fixtures/github/merges/line-merge");
const version = (which: string): string => readFileSync(path.join(dir, `install-buildkite-agent.${which}.sh`), "latin1");
const gitBlobSha = (text: string): string => {
  const bytes = Buffer.from(text, "latin1");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
};

describe("a real merge git made line by line", () => {
  it("main bumped AGENT_VERSION, the branch changed useradd: the merge's very blob (7486b58)", () => {
    // Expected from reading the three versions: line 4 from main, lines 13-17 and 25 from the branch.
    const merged = mergeLines(version("base"), version("ours"), version("theirs"));
    expect(merged).toBe(version("merged"));
    expect(gitBlobSha(merged as string)).toBe("7486b5845788629d89692b3548233c5c9361526a");
  });
});

const text = (...lines: string[]): string => lines.map((l) => `${l}\n`).join("");
const BASE = text("a", "b", "c", "d", "e", "f", "g");

describe("merging two sides of a base", () => {
  it("one side unchanged gives the other; both the same gives it once", () => {
    const changed = text("a", "B", "c", "d", "e", "f", "g", "h");
    expect(mergeLines(BASE, changed, BASE)).toBe(changed);
    expect(mergeLines(BASE, BASE, changed)).toBe(changed);
    expect(mergeLines(BASE, changed, changed)).toBe(changed);
  });

  it("changes apart are both kept, in place", () => {
    expect(mergeLines(BASE, text("A", "b", "c", "d", "e", "f", "g"), text("a", "b", "c", "d", "e", "f", "G"))).toBe(text("A", "b", "c", "d", "e", "f", "G"));
    expect(mergeLines(BASE, text("a", "b", "c", "d", "e", "f", "g", "end"), text("start", "a", "b", "c", "d", "e", "f", "g"))).toBe(text("start", "a", "b", "c", "d", "e", "f", "g", "end"));
  });

  it("different changes to the same line, or to neighbouring lines, are a conflict (as git counts them)", () => {
    expect(mergeLines(BASE, text("a", "B", "c", "d", "e", "f", "g"), text("a", "b2", "c", "d", "e", "f", "g"))).toBeUndefined();
    expect(mergeLines(BASE, text("a", "B", "c", "d", "e", "f", "g"), text("a", "b", "C", "d", "e", "f", "g"))).toBeUndefined();
    // Both insert at the same place, differently.
    expect(mergeLines(BASE, text("a", "x", "b", "c", "d", "e", "f", "g"), text("a", "y", "b", "c", "d", "e", "f", "g"))).toBeUndefined();
  });

  it("keeps bytes as they are: CRLF endings and a last line without one", () => {
    const crlf = "a\r\nb\r\nc\r\nd\r\ne";
    expect(mergeLines(crlf, "A\r\nb\r\nc\r\nd\r\ne", "a\r\nb\r\nc\r\nd\r\nE")).toBe("A\r\nb\r\nc\r\nd\r\nE");
    expect(splitLines("")).toEqual([]);
    expect(splitLines("x\ny")).toEqual(["x\n", "y"]);
  });

  it("gives up on sides too different to compare cheaply (the proof then fails, the strict side)", () => {
    const many = (prefix: string) => text(...Array.from({ length: 1200 }, (_, i) => `${prefix}${i}`));
    expect(diffHunks(splitLines(many("a")), splitLines(many("b")))).toBeUndefined();
    expect(mergeLines(many("a"), many("b"), many("a"))).toBeUndefined();
  });

  it("whatever it merges holds only the sides' lines: on 500 generated bases and edits", () => {
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const words = ["alpha", "beta", "gamma", "}", "{", ""];
    for (let i = 0; i < 500; i++) {
      const base = Array.from({ length: 3 + rnd(30) }, () => `${words[rnd(words.length)]}\n`);
      const edit = (tag: string) => {
        const out = [...base];
        for (let k = 0; k < 1 + rnd(3); k++) out.splice(rnd(out.length + 1), rnd(2), `${tag}${rnd(100)}\n`);
        return out;
      };
      const [ours, theirs] = [edit("o"), edit("t")];
      const merged = mergeLines(base.join(""), ours.join(""), theirs.join(""));
      if (merged === undefined) continue;
      const allowed = new Set([...base, ...ours, ...theirs]);
      expect(splitLines(merged).every((l) => allowed.has(l))).toBe(true);
      // Each side's own new lines are all there.
      for (const side of [ours, theirs]) for (const line of side.filter((l) => !base.includes(l))) expect(merged.includes(line)).toBe(true);
    }
  });
});
