/**
 * Property tests of the catalogue's and tier index's fast paths (issue 17) against straightforward
 * builds: the lower-cased sorted lists (insertion sort, with the comparator sort past its budget),
 * canonical() and relevant() by binary search in them, `all` read from each service's name
 * matches, and statementActions against the naive expansion, on generated catalogues (keys that
 * differ only in case, names that do, non-ASCII letters whose lower case depends on context) and
 * on the shipped one.
 */
import fc from "fast-check";
import {
  actionMatches,
  findLower,
  indexCatalogue,
  naiveCatalogue,
  sortedLower,
  type ActionCatalogue,
} from "../../../src/core/iam/catalogue.js";
import { statementActions, tierIndex } from "../../../src/core/iam/tiers.js";
import type { DestructiveActions } from "../../../src/core/policy.js";
import { catalogue, fullIndex, policy } from "./helpers.js";

const runs = (n: number) => ({ numRuns: Number(process.env.FC_RUNS ?? n), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) });

/** The general path: every item lower-cased, sorted by a comparator, equal ones in list order. */
function referenceSorted(actions: readonly string[]): { lower: string[]; position: number[] } {
  const order = actions.map((a, i) => [a.toLowerCase(), i] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
  return { lower: order.map((p) => p[0]), position: order.map((p) => p[1]) };
}

/** A lower-case map filled in list order: the last spelling wins. */
const referenceFind = (actions: readonly string[], lower: string): string | undefined => new Map(actions.map((a) => [a.toLowerCase(), a])).get(lower);

// Letters whose case varies, Greek sigma (its lower case depends on the letters around it), a
// dotted capital I (lower-cased to two code units), and the separators of actions and lists.
const letter = fc.constantFrom("a", "A", "b", "B", "z", ":", "Σ", "σ", "ς", "İ", "i", " ", "\n");
const word = fc.array(letter, { maxLength: 5 }).map((chars) => chars.join(""));

describe("lower-cased sorted lists", () => {
  it("equal the comparator sort on generated lists, near-sorted ones, and ones too far from sorted for the insertion sort", () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.nat(300), fc.boolean(), (words, longer, reverse) => {
        // A long list in reverse order spends the insertion sort's budget: the comparator sort answers.
        const extra = Array.from({ length: longer }, (_, i) => `x${String(1000 + i)}`);
        const list = [...words, ...(reverse ? extra.reverse() : extra)];
        expect(sortedLower(list)).toEqual(referenceSorted(list));
      }),
      runs(300),
    );
  });

  it("findLower gives the last spelling of the list, as a lower-case map does", () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), fc.array(word, { maxLength: 10 }), (list, others) => {
        for (const query of [...list, ...others]) {
          const lower = query.toLowerCase();
          expect(findLower(list, lower)).toBe(referenceFind(list, lower));
        }
      }),
      runs(300),
    );
  });

  it("equal the comparator sort on every service of the shipped catalogue, built from its action list or from its names", () => {
    const index = indexCatalogue({ services: catalogue.services });
    for (const [prefix] of index.services) {
      const actions = index.serviceActions(prefix) ?? [];
      expect(sortedLower(actions)).toEqual(referenceSorted(actions));
      expect(index.sortedActions(prefix)).toEqual(referenceSorted(actions));
    }
  });

  it("lower-casing twice is lower-casing once, and keeps whether there is a colon (relevantMatches lower-cases a literal once for two lookups)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: fc.constantFrom("Σ", "σ", "'", "A", "İ", " ", ":") }), (a, b) => {
        for (const s of [a, b]) {
          expect(s.toLowerCase().toLowerCase()).toBe(s.toLowerCase());
          expect(s.toLowerCase().includes(":")).toBe(s.includes(":"));
        }
      }),
      runs(300),
    );
  });
});

/** Generated catalogues: a few keys (two differ only in case), names that may differ only in case. */
const NAMES = ["DeleteBucket", "deletebucket", "TagResource", "UntagResource", "GetObject", "PurgeQueue", "ScheduleKeyDeletion", "Tag", "AddTagsToStream", "Describe", "DeleteΣ", "Deleteσ", "PutObject"];
const KEYS = ["s3", "tag", "S3", "ec2", "kms", "Ec2"];
const catalogueArb = (distinctInCase: boolean): fc.Arbitrary<ActionCatalogue> =>
  fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1 }).chain((keys) =>
    fc.tuple(...keys.map(() => (distinctInCase ? fc.uniqueArray(fc.constantFrom(...NAMES), { selector: (n) => n.toLowerCase(), maxLength: 8 }) : fc.array(fc.constantFrom(...NAMES), { maxLength: 8 })))).map((lists) => {
      const services: Record<string, string[]> = {};
      const seen = new Set<string>();
      // Distinct in case: also across keys of one prefix (the naive path would list such an action twice).
      const kept = (key: string, names: string[]): string[] => (distinctInCase ? names.filter((n) => !seen.has(`${key}:${n}`.toLowerCase()) && seen.add(`${key}:${n}`.toLowerCase())) : names);
      keys.forEach((key, i) => (services[key] = kept(key, lists[i] as string[])));
      return { services };
    }),
  );

/** Custom tiers over the generated names: listed actions, an exclusion, wildcard services. */
const d = policy.destructive;
const destructive: DestructiveActions = {
  ...d,
  t1Delete: { ...d.t1Delete, include: ["s3:Get*", "*:Purge*", "kms:Describe"], exclude: ["s3:DeleteBucket", "ec2:deleteσ"] },
  t2ProtectionOff: { ...d.t2ProtectionOff, actions: ["ec2:*", "s3:PutObject", "s3:GetObject"] },
  t3Replace: { ...d.t3Replace, actions: ["tag:Describe"] },
};


describe("catalogue index and tier index on generated catalogues", () => {
  it("canonical() answers like a lower-case map of every action filled in catalogue order", () => {
    fc.assert(
      fc.property(catalogueArb(false), fc.array(fc.tuple(fc.constantFrom(...KEYS, "nosuch"), word), { maxLength: 5 }), (cat, queries) => {
        const actions = Object.entries(cat.services).flatMap(([key, names]) => names.map((name) => `${key.toLowerCase()}:${name}`));
        const index = indexCatalogue(cat);
        const asked = [...actions.flatMap((a) => [a, a.toUpperCase(), a.toLowerCase()]), ...queries.map(([key, name]) => `${key}:${name}`), "s3", "S3:"];
        for (const action of asked) expect(index.canonical(action)).toBe(referenceFind(actions, action.toLowerCase()));
        // knows(): canonicalIn's answer without its string, for every action asked (prefix cut as tiers.ts cuts it).
        for (const action of asked) {
          const lower = action.toLowerCase();
          const colon = lower.indexOf(":");
          if (colon >= 0) expect(index.knows(lower.slice(0, colon), lower)).toBe(referenceFind(actions, lower) !== undefined);
        }
        for (const [prefix] of index.services) expect(index.sortedActions(prefix)).toEqual(referenceSorted(index.serviceActions(prefix) ?? []));
      }),
      runs(300),
    );
  });

  it("all, tiersOf, serviceActions and relevant() equal the full build, services touched first or not", () => {
    fc.assert(
      fc.property(catalogueArb(false), fc.subarray(["s3", "ec2", "tag"]), (cat, touched) => {
        const lazy = tierIndex(cat, destructive);
        for (const service of touched) lazy.serviceActions(service);
        const full = fullIndex(cat, destructive);
        expect(lazy.all).toEqual(full.all);
        for (const action of full.all) expect([...(lazy.tiersOf(action) ?? [])]).toEqual(full.tiers.get(action));
        for (const prefix of new Set(Object.keys(cat.services).map((k) => k.toLowerCase()))) {
          const actions = full.all.filter((a) => a.startsWith(`${prefix}:`));
          expect(lazy.serviceActions(prefix)).toEqual(actions);
          for (const action of [...actions, `${prefix}:GetObject`, `${prefix}:nosuch`]) {
            for (const asked of [action, action.toUpperCase()]) expect(lazy.relevant(asked)).toBe(referenceFind(actions, asked.toLowerCase()));
          }
        }
      }),
      runs(300),
    );
  });

  it("statementActions gives the naive expansion's actions, unknown and unmatched patterns", () => {
    // Names distinct in case (for a literal naming two spellings, the indexed path takes the last,
    // the naive one both), and some action (for `*`, the naive path reports an empty catalogue).
    const cats = catalogueArb(true).filter((cat) => Object.values(cat.services).some((names) => names.length > 0));
    const globs = fc.oneof(
      fc.tuple(fc.constantFrom(...KEYS, "nosuch", "*", "s?"), fc.constantFrom(...NAMES, "*", "Delete*", "*Tag*", "get?bject", "Nosuch", "DELETEBUCKET")).map(([s, n]) => `${s}:${n}`),
      fc.constantFrom("*", "s3", "s3:"),
    );
    const cases = cats.chain((cat) => {
      // The catalogue's own actions, as spelled or in upper case: tiered, and known but untiered.
      const own = Object.entries(cat.services).flatMap(([key, names]) => names.map((name) => `${key}:${name}`));
      const named = own.length ? fc.oneof(fc.constantFrom(...own), fc.constantFrom(...own).map((a) => a.toUpperCase())) : globs;
      return fc.tuple(fc.constant(cat), fc.array(fc.oneof(named, globs), { minLength: 1, maxLength: 4 }), fc.boolean());
    });
    fc.assert(
      fc.property(cases, ([cat, patterns, not]) => {
        const indexed = statementActions(tierIndex(cat, destructive), patterns, not);
        const naive = statementActions(tierIndex(naiveCatalogue(cat), destructive), patterns, not);
        expect({ ...indexed, actions: [...indexed.actions].sort() }).toEqual({ ...naive, actions: [...naive.actions].sort() });
      }),
      runs(300),
    );
  });
});

describe("actionMatches on a literal pattern", () => {
  it("equals comparing both lower-cased, on ASCII and on letters that lower-case to another length (dotted I, Kelvin sign)", () => {
    // Lengths differ after lower-casing only outside ASCII: İ becomes two code units, K (Kelvin) an ASCII k.
    const char = fc.constantFrom("a", "A", "i", "I", "k", "K", "İ", "\u212a", "\u0307", "σ", "Σ", ":", "s", "3");
    const text = fc.array(char, { minLength: 1, maxLength: 6 }).map((chars) => chars.join(""));
    fc.assert(
      fc.property(text, text, (pattern, action) => {
        expect(actionMatches(pattern, action)).toBe(pattern.toLowerCase() === action.toLowerCase());
      }),
      runs(1000),
    );
    expect(actionMatches("İ", "i\u0307")).toBe(true);
    expect(actionMatches("S3:GetObject", "s3:getobject")).toBe(true);
    expect(actionMatches("s3:GetObjects", "s3:GetObject")).toBe(false);
  });
});
