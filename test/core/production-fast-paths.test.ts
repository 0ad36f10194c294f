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

/**
 * hasToken before issue 17: every text tokenized, each run of adjacent words that spells a
 * non-production environment (`pre`, `prod` → `preprod`), or DevOps or DevSecOps (no
 * environment), read as that one word, and each non-production environment looked for as one word.
 */
function plainWords(text: string, nonProdTokens: readonly string[]): string[] {
  const compounds = new Set(nonProdTokens.map((t) => nameTokens(t).join("")).filter((w) => w.length > 0));
  // Joined only where some environment is listed (environmentWords has nothing to join otherwise).
  if (compounds.size > 0) compounds.add("devops").add("devsecops");
  const words = nameTokens(text);
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    const n = [4, 3, 2].find((k) => i + k <= words.length && compounds.has(words.slice(i, i + k).join("")));
    out.push(words.slice(i, i + (n ?? 1)).join(""));
    i += n ?? 1;
  }
  return out;
}
function plainHasToken(text: string, tokens: readonly string[], nonProdTokens: readonly string[], asOneWord = false): boolean {
  const wanted = tokens.map((t) => nameTokens(t)).filter((w) => w.length > 0).map((w) => ` ${w.join(asOneWord ? "" : " ")} `);
  const joined = ` ${plainWords(text, nonProdTokens).join(" ")} `;
  return wanted.some((w) => joined.includes(w));
}
const plainProd = (text: string, s: ProductionScope) => plainHasToken(text, s.nameTokens, s.nonProductionTokens);
const plainNonProd = (text: string, s: ProductionScope) => plainHasToken(text, s.nonProductionTokens, s.nonProductionTokens, true);

const defaults = resolvePolicy().production;
const scopeWith = (nameTokens: string[], nonProductionTokens: string[]): ProductionScope => ({ ...defaults, nameTokens, nonProductionTokens });

const CHARS = ["a", "d", "e", "v", "p", "r", "o", "D", "P", "R", "O", "E", "V", "K", "k", "\u212A", "İ", "i", "\u0307", "Σ", "σ", "ς", "1", "-", "/", ":", "*", " ", "_"];
const text = fc.oneof(
  fc.array(fc.constantFrom(...CHARS), { maxLength: 14 }).map((c) => c.join("")),
  fc.array(fc.constantFrom("Prod", "prod", "PROD", "Dev", "DEV", "dev", "Orders", "HTML", "Kelvin", "İdev", "-", ":", "/", "*", "pre", "Pre", "Preprod", "ΣPROD", "live", "Live", "Non", "non", "uction", "Production"), { maxLength: 6 }).map((c) => c.join("")),
);
const tokenList = fc.array(fc.oneof(text, fc.constantFrom("prod", "dev", "pre prod", "Pre-Prod", "kelvin", "\u212Aelvin", "i\u0307", "σ", "ς", "")), { maxLength: 4 });

describe("production token shortcut (issue 17)", () => {
  it("answers as tokenizing every text, on generated texts and token lists", () => {
    fc.assert(
      fc.property(text, tokenList, tokenList, (t, prodTokens, nonProdTokens) => {
        const scope = scopeWith(prodTokens, nonProdTokens);
        expect(hasProductionToken(t, scope)).toBe(plainProd(t, scope));
        expect(hasNonProductionToken(t, scope)).toBe(plainNonProd(t, scope));
        expect(hasProductionToken(t, defaults)).toBe(plainProd(t, defaults));
        expect(hasNonProductionToken(t, defaults)).toBe(plainNonProd(t, defaults));
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
      expect(hasProductionToken(r, defaults)).toBe(plainProd(r, defaults));
      expect(hasNonProductionToken(r, defaults)).toBe(plainNonProd(r, defaults));
      if (hasProductionToken(r, defaults) || hasNonProductionToken(r, defaults)) production++;
    }
    // Both answers occur: some resources name an environment.
    expect(production).toBeGreaterThan(0);
  });
});
