/**
 * Tokenizer for titles, descriptions, metric names and queries: splits camelCase, snake_case,
 * dotted and slashed names into lower-case words, and matches vocabulary terms (word sequences)
 * against them, also when the words are glued together ("CodeWhisperer", "pagerduty").
 */

// "PRs", "APIs": a plural acronym stays one word.
const WORD = /[A-Z]{2,}s(?![a-z])|[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g;

export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) out.push(m[0].toLowerCase());
  return out;
}

const MAX_GRAM = 4;

/** The set of 1..4-word sequences of a text, both space-joined and glued. */
export function termIndex(texts: readonly string[]): Set<string> {
  const grams = new Set<string>();
  for (const text of texts) {
    const tokens = tokenize(text);
    for (let i = 0; i < tokens.length; i++) {
      let spaced = "";
      let glued = "";
      for (let n = 0; n < MAX_GRAM && i + n < tokens.length; n++) {
        const t = tokens[i + n] as string;
        spaced = n === 0 ? t : `${spaced} ${t}`;
        glued += t;
        grams.add(spaced);
        if (n > 0) grams.add(glued);
      }
    }
  }
  return grams;
}

/** A vocabulary term in the same form as termIndex's keys ("Q Developer" → "q developer"). */
export function normalizeTerm(term: string): string {
  return tokenize(term).join(" ");
}

export function matchedTerms(index: ReadonlySet<string>, terms: readonly string[]): string[] {
  return terms.filter((t) => t !== "" && index.has(t));
}
