/**
 * The token test's shortcut (issue 17: a text whose lower case holds no phrase's first word is
 * not tokenized) answers as tokenizing every text did, kept here as the definition: on generated
 * texts and token lists of ASCII and of characters whose lower case is special (İ lengthens, Σ
 * depends on what follows, the Kelvin sign becomes k), camelCase runs and separators, and on the
 * resources of every AWS managed policy.
 */
import fc from "fast-check";
import type { ProductionScope } from "../../src/core/policy.js";
import { hasNonProductionToken, hasProductionToken, nameTokens } from "../../src/core/production.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { readManagedPolicyCorpus } from "./iam/managed-policy-corpus.js";

const runs = (n: number) => ({ numRuns: Number(process.env.FC_RUNS ?? n), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) });

/** hasToken before issue 17: every text tokenized. */
function plainHasToken(text: string, tokens: readonly string[]): boolean {
  const wanted = tokens.map((t) => nameTokens(t)).filter((w) => w.length > 0).map((w) => ` ${w.join(" ")} `);
  const joined = ` ${nameTokens(text).join(" ")} `;
  return wanted.some((w) => joined.includes(w));
}

const defaults = resolvePolicy().production;
const scopeWith = (nameTokens: string[], nonProductionTokens: string[]): ProductionScope => ({ ...defaults, nameTokens, nonProductionTokens });

const CHARS = ["a", "d", "e", "v", "p", "r", "o", "D", "P", "R", "O", "E", "V", "K", "k", "\u212A", "İ", "i", "\u0307", "Σ", "σ", "ς", "1", "-", "/", ":", "*", " ", "_"];
const text = fc.oneof(
  fc.array(fc.constantFrom(...CHARS), { maxLength: 14 }).map((c) => c.join("")),
  fc.array(fc.constantFrom("Prod", "prod", "PROD", "Dev", "DEV", "dev", "Orders", "HTML", "Kelvin", "İdev", "-", ":", "/", "*", "pre", "Preprod", "ΣPROD", "live", "Live"), { maxLength: 6 }).map((c) => c.join("")),
);
const tokenList = fc.array(fc.oneof(text, fc.constantFrom("prod", "dev", "pre prod", "Pre-Prod", "kelvin", "\u212Aelvin", "i\u0307", "σ", "ς", "")), { maxLength: 4 });

describe("production token shortcut (issue 17)", () => {
  it("answers as tokenizing every text, on generated texts and token lists", () => {
    fc.assert(
      fc.property(text, tokenList, tokenList, (t, prodTokens, nonProdTokens) => {
        const scope = scopeWith(prodTokens, nonProdTokens);
        expect(hasProductionToken(t, scope)).toBe(plainHasToken(t, prodTokens));
        expect(hasNonProductionToken(t, scope)).toBe(plainHasToken(t, nonProdTokens));
        expect(hasProductionToken(t, defaults)).toBe(plainHasToken(t, defaults.nameTokens));
        expect(hasNonProductionToken(t, defaults)).toBe(plainHasToken(t, defaults.nonProductionTokens));
      }),
      runs(5000),
    );
  });

  it("answers as tokenizing every text, on every resource of the AWS managed policies", () => {
    const resources = new Set<string>();
    const add = (r: unknown) => (Array.isArray(r) ? r : [r]).forEach((x) => typeof x === "string" && resources.add(x));
    for (const managed of Object.values(readManagedPolicyCorpus())) {
      const statements = (managed.versions[managed.latestVersionId]?.document as { Statement?: unknown } | undefined)?.Statement;
      for (const s of Array.isArray(statements) ? statements : [statements]) if (s && typeof s === "object") add((s as Record<string, unknown>)["Resource"] ?? (s as Record<string, unknown>)["NotResource"]);
    }
    expect(resources.size).toBeGreaterThan(1000);
    let production = 0;
    for (const r of resources) {
      expect(hasProductionToken(r, defaults)).toBe(plainHasToken(r, defaults.nameTokens));
      expect(hasNonProductionToken(r, defaults)).toBe(plainHasToken(r, defaults.nonProductionTokens));
      if (hasProductionToken(r, defaults) || hasNonProductionToken(r, defaults)) production++;
    }
    // Both answers occur: some resources name an environment.
    expect(production).toBeGreaterThan(0);
  });
});
