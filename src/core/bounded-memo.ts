/**
 * Memos keyed by text that comes from inputs (action patterns, statements, resource globs), with
 * one budget for all of them.
 *
 * The engine's memos live as long as the process. In a long-lived one (the GitHub App, a CDK
 * watch) plain Maps grew with every distinct statement or pattern ever shown: about 2.7 KB per
 * statement, kept forever, and a pull request of generated IAM statements could grow them at will.
 * A memo's values are pure functions of its keys, so when the budget is spent every memo forgets
 * everything and starts again: the only cost is computing again.
 *
 * Units are characters of key plus ENTRY_COST per entry, plus what owners charge for the lists
 * their values hold: about 2.3 bytes of heap each, measured on generated statements. `get` is
 * Map's own: the memos sit on the engine's hottest paths, where a wrapper per lookup costs more
 * than it saves.
 */
export const ENTRY_COST = 64;

/** What a value's list costs per element it holds (charged by the memo's owner). */
export const POINTER_COST = 8;

/**
 * All memos together (about 40 MB of heap): the 1,594-role account of bench/cli-process.bench.mjs
 * spends about 6.7 M, so a large account is analysed without forgetting.
 */
export const MEMO_BUDGET = 16_000_000;

let budget = MEMO_BUDGET;
let spent = 0;

/** Tests spend the budget quickly with a small one; undefined restores MEMO_BUDGET. */
export function overrideMemoBudget(units: number | undefined): void {
  budget = units ?? MEMO_BUDGET;
}

/** A memo's own count, kept apart from the memo so that it can be taken back when the memo is collected. */
interface Account {
  spent: number;
}

// A memo whose owner is collected (a policy's tier index) takes its spending with it.
const finalization = new FinalizationRegistry<Account>((account) => {
  spent -= account.spent;
});
// Weak, so that holding the list keeps no memo alive; pruned as memos are made.
const live = new Set<WeakRef<BoundedMemo<unknown>>>();
const PRUNE_AT = 64;

export class BoundedMemo<V> extends Map<string, V> {
  private readonly account: Account = { spent: 0 };

  constructor(
    /** Named for footprints (tests, diagnostics). */
    readonly name: string,
  ) {
    super();
    if (live.size >= PRUNE_AT) for (const ref of live) if (ref.deref() === undefined) live.delete(ref);
    live.add(new WeakRef(this));
    finalization.register(this, this.account);
  }

  /** What the memo holds, in budget units. */
  get footprint(): number {
    return this.account.spent;
  }

  /**
   * Remembers `value`; every memo forgets everything first when this entry would overspend the
   * budget. A key set again is counted again (memos set each key once, when it is first asked).
   */
  override set(key: string, value: V): this {
    const cost = key.length + ENTRY_COST;
    if (spent + cost > budget) forgetAll();
    this.account.spent += cost;
    spent += cost;
    return super.set(key, value);
  }

  /**
   * Counts what a value holds beyond its entry (the list of a memoized match, a verdict added to
   * a memoized map); every memo forgets everything when that overspends the budget.
   */
  charge(units: number): void {
    this.account.spent += units;
    spent += units;
    if (spent > budget) forgetAll();
  }

  override clear(): void {
    spent -= this.account.spent;
    this.account.spent = 0;
    super.clear();
  }

  /** The memoized value of `key`, made by `make` on first use. */
  remember(key: string, make: (key: string) => V): V {
    let value = this.get(key);
    if (value === undefined) this.set(key, (value = make(key)));
    return value;
  }
}

function forgetAll(): void {
  for (const ref of live) ref.deref()?.clear();
}

export interface MemoFootprint {
  name: string;
  entries: number;
  footprint: number;
}

/** Every memo still alive and what each holds; `spent`: what they hold together, against `budget`. */
export function memoFootprints(): { memos: MemoFootprint[]; spent: number; budget: number } {
  const memos: MemoFootprint[] = [];
  for (const ref of live) {
    const memo = ref.deref();
    if (memo) memos.push({ name: memo.name, entries: memo.size, footprint: memo.footprint });
    else live.delete(ref);
  }
  return { memos, spent, budget };
}
