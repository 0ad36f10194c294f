/** src/core/sorted.ts: binary search and a locale-free text order, against their definitions. */
import fc from "fast-check";
import { compareText, lowerBound } from "../../src/core/sorted.js";

describe("lowerBound", () => {
  it("is the first index whose item is not below the value", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 })), fc.integer({ min: -1, max: 21 }), (raw, value) => {
        const items = [...raw].sort((a, b) => a - b);
        const expected = items.findIndex((item) => item >= value);
        expect(lowerBound(items, value)).toBe(expected < 0 ? items.length : expected);
      }),
      // Every run explores anew; a failure prints its seed and path (fast-check's report), FC_SEED=<seed> replays it.
      { numRuns: Number(process.env.FC_RUNS ?? 300), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
  });

  it("finds the first of equal strings", () => {
    expect(lowerBound(["ec2:delete", "s3:delete", "s3:delete", "s3:get"], "s3:delete")).toBe(1);
    expect(lowerBound(["a", "b"], "c")).toBe(2);
    expect(lowerBound([], "a")).toBe(0);
  });
});

describe("compareText", () => {
  it("orders by code point, whatever the locale", () => {
    expect(["b", "B", "a", "ä", "A"].sort(compareText)).toEqual(["A", "B", "a", "b", "ä"]);
    expect(compareText("x", "x")).toBe(0);
    expect(compareText("a", "b")).toBe(-1);
    expect(compareText("b", "a")).toBe(1);
  });
});
