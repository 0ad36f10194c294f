/** The engine's memos share one budget and forget everything when it is spent (bounded-memo.ts). */
import { BoundedMemo, ENTRY_COST, MEMO_BUDGET, memoFootprints, overrideMemoBudget } from "../../src/core/bounded-memo.js";

afterEach(() => overrideMemoBudget(undefined));

const footprintOf = (name: string): number | undefined => memoFootprints().memos.find((m) => m.name === name)?.footprint;

describe("BoundedMemo", () => {
  it("remembers a value and makes it only once", () => {
    const memo = new BoundedMemo<number>("test: remember");
    let made = 0;
    const make = (key: string): number => {
      made++;
      return key.length;
    };
    expect(memo.remember("abc", make)).toBe(3);
    expect(memo.remember("abc", make)).toBe(3);
    expect(made).toBe(1);
    expect(memo.footprint).toBe(3 + ENTRY_COST);
  });

  it("keeps values that are falsy but not undefined (null, 0, false)", () => {
    const memo = new BoundedMemo<number | null | boolean>("test: falsy");
    let made = 0;
    for (const value of [null, 0, false]) {
      const key = String(value);
      memo.remember(key, () => (made++, value));
      expect(memo.remember(key, () => (made++, "other" as unknown as boolean))).toBe(value);
    }
    expect(made).toBe(3);
  });

  it("counts every memo against one budget: the entry that would overspend it makes all of them forget", () => {
    overrideMemoBudget(10 * (ENTRY_COST + 1));
    const base = memoFootprints().spent;
    expect(base).toBeLessThan(10 * (ENTRY_COST + 1));
    const a = new BoundedMemo<string>("test: budget a");
    const b = new BoundedMemo<string>("test: budget b");
    // Room for 10 one-character entries less what other memos of this process hold already.
    const room = Math.floor((10 * (ENTRY_COST + 1) - base) / (ENTRY_COST + 1));
    for (let i = 0; i < room; i++) (i % 2 ? a : b).set(String.fromCharCode(65 + i), "v");
    expect(a.size + b.size).toBe(room);
    a.set("z", "v");
    // Both forgot; only the new entry is kept.
    expect(b.size).toBe(0);
    expect([...a.keys()]).toEqual(["z"]);
    expect(memoFootprints().spent).toBeLessThanOrEqual(base + ENTRY_COST + 1);
  });

  it("forgets everything when a charge for what a value holds overspends the budget", () => {
    overrideMemoBudget(memoFootprints().spent + 1000);
    const memo = new BoundedMemo<number[]>("test: charge");
    memo.set("list", [1, 2, 3]);
    memo.charge(100);
    expect(memo.size).toBe(1);
    expect(memo.footprint).toBe(4 + ENTRY_COST + 100);
    memo.charge(1000);
    expect(memo.size).toBe(0);
    expect(memo.footprint).toBe(0);
  });

  it("gives back what a memo held when it is cleared", () => {
    const before = memoFootprints().spent;
    const memo = new BoundedMemo<string>("test: clear");
    memo.set("key", "value");
    expect(memoFootprints().spent).toBe(before + 3 + ENTRY_COST);
    memo.clear();
    expect(memoFootprints().spent).toBe(before);
  });

  it("lists each live memo by name with its entries, and the budget in force", () => {
    const memo = new BoundedMemo<string>("test: listed");
    memo.set("k", "v");
    expect(memoFootprints().memos).toContainEqual({ name: "test: listed", entries: 1, footprint: 1 + ENTRY_COST });
    expect(footprintOf("test: listed")).toBe(1 + ENTRY_COST);
    expect(memoFootprints().budget).toBe(MEMO_BUDGET);
    overrideMemoBudget(5);
    expect(memoFootprints().budget).toBe(5);
  });
});
