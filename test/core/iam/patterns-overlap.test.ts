/**
 * tokensOverlap (src/core/iam/patterns.ts) against the definition: two token sequences overlap
 * when some string matches both. Checked by enumerating every string up to the number of tokens
 * of both: in a shortest common string each character meets a single-character token of one of
 * them (one that only starred tokens consume could be dropped).
 */
import fc from "fast-check";
import { globTokens, tokensOverlap, type GlobToken } from "../../../src/core/iam/patterns.js";

const ALPHABET = ["a", "b", "/"];

function matches(tokens: readonly GlobToken[], text: string): boolean {
  // Classic glob matching over tokens, by dynamic programming.
  let reach = new Set<number>([0]);
  const close = (set: Set<number>): Set<number> => {
    // Ascending, so that a run of starred tokens is crossed whole.
    for (let i = 0; i < tokens.length; i++) if (set.has(i) && tokens[i]?.star) set.add(i + 1);
    return set;
  };
  reach = close(reach);
  for (const ch of text) {
    const next = new Set<number>();
    for (const i of reach) {
      const t = tokens[i];
      if (!t) continue;
      const ok = t.cls === "ANY" || (t.cls === "NOSLASH" ? ch !== "/" : t.cls === ch);
      if (!ok) continue;
      next.add(t.star ? i : i + 1);
    }
    reach = close(next);
  }
  return reach.has(tokens.length);
}

function* strings(maxLength: number): Generator<string> {
  yield "";
  let level = [""];
  for (let n = 1; n <= maxLength; n++) {
    level = level.flatMap((s) => ALPHABET.map((c) => s + c));
    yield* level;
  }
}

const token = fc.oneof(
  fc.constantFrom(...ALPHABET).map((cls): GlobToken => ({ cls, star: false })),
  fc.constant<GlobToken>({ cls: "ANY", star: false }),
  fc.constant<GlobToken>({ cls: "ANY", star: true }),
  fc.constant<GlobToken>({ cls: "NOSLASH", star: true }),
  fc.constant<GlobToken>({ cls: "NOSLASH", star: false }),
);
const sequence = fc.array(token, { maxLength: 5 });

describe("tokensOverlap", () => {
  it("is true exactly when some string matches both sequences", () => {
    fc.assert(
      fc.property(sequence, sequence, (x, y) => {
        const witness = [...strings(x.length + y.length)].some((s) => matches(x, s) && matches(y, s));
        expect(tokensOverlap(x, y)).toBe(witness);
      }),
      // Every run explores anew; a failure prints its seed and path (fast-check's report), FC_SEED=<seed> replays it.
      { numRuns: Number(process.env.FC_RUNS ?? 300), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
  });

  it.each([
    ["vpc-endpoint/*", "volume/v-1", false], // settled by the first characters
    ["*/snapshot", "db/*/backup", false], // by the last ones
    ["db/*/backup", "db/orders/*", true],
    ["a?c", "abc", true],
    ["abc", "ab", false],
    ["ab*", "ab", true],
  ])("%s and %s overlap: %s", (a, b, expected) => {
    expect(tokensOverlap(globTokens(a), globTokens(b))).toBe(expected);
    expect(tokensOverlap(globTokens(b), globTokens(a))).toBe(expected);
  });
});
