/**
 * Removes the parts of a query that mention a word only to exclude it, so `type != 'INCIDENT'`
 * does not make a panel an incident panel: PromQL/LogQL `!=`/`!~` matchers, SQL `!=`, `<>`,
 * `NOT IN (...)`, `NOT LIKE`, Logs Insights `not like /re/`, CloudWatch SEARCH `NOT "x"`,
 * and Datadog `-tag:value` / `NOT tag:value`.
 */

const QUOTED = String.raw`(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|` + "`[^`]*`)";

/** What the three SQL/Logs Insights `not ...` patterns below all start with. */
const NOT_CLAUSE = /\bnot\s+(?:in\s*\(|i?like|["'`])/i;

/** What a query contains, asked once per version of the query as the patterns rewrite it. */
class Clues {
  private notClauseIn: string | undefined;
  private notClause = false;

  /** `not in (`, `not like`, `not ilike` or `not` and a quote; cached for an unchanged text. */
  hasNotClause(s: string): boolean {
    if (this.notClauseIn !== s) {
      this.notClause = NOT_CLAUSE.test(s);
      this.notClauseIn = s;
    }
    return this.notClause;
  }
}

/**
 * Each pattern with what it is replaced by and a cheap test that must hold for it to match at
 * all: most queries negate nothing, and skipping a pattern that cannot match changes nothing.
 */
const NEGATIONS: { re: RegExp; by: string; mayMatch: (s: string, clues: Clues) => boolean }[] = [
  { re: new RegExp(String.raw`(?:!=|!~|<>)\s*${QUOTED}`, "g"), by: " ", mayMatch: (s) => s.includes("!") || s.includes("<>") },
  { re: /\bnot\s+in\s*\([^)]*\)/gi, by: " ", mayMatch: (s, clues) => clues.hasNotClause(s) },
  { re: new RegExp(String.raw`\bnot\s+i?like\s*(?:${QUOTED}|/(?:[^/\\]|\\.)*/)`, "gi"), by: " ", mayMatch: (s, clues) => clues.hasNotClause(s) },
  { re: new RegExp(String.raw`\bnot\s+${QUOTED}`, "gi"), by: " ", mayMatch: (s, clues) => clues.hasNotClause(s) },
  { re: /\bNOT\s+[\w.@-]+:[^\s)]+/g, by: " ", mayMatch: (s) => s.includes("NOT") },
  { re: /(^|[\s(,{])-[\w.@]+:[^\s),}]+/g, by: "$1 ", mayMatch: (s) => s.includes("-") && s.includes(":") },
  { re: /(^|[\s(,{])![\w.@]+:[^\s),}]+/g, by: "$1 ", mayMatch: (s) => s.includes("!") && s.includes(":") },
];

export function stripNegated(query: string): string {
  let out = query;
  const clues = new Clues();
  for (const { re, by, mayMatch } of NEGATIONS) if (mayMatch(out, clues)) out = out.replace(re, by);
  return out;
}
