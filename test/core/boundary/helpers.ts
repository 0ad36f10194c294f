/** The generated boundary under the shipped tiers and the real catalogue, shared by the boundary tests. */
import { actionPatternRegExp, indexCatalogue, type ActionCatalogue } from "../../../src/core/iam/catalogue.js";
import { generateBoundary, type GenerateOptions, type GeneratedBoundary, type Statement } from "../../../src/core/boundary/generate.js";
import { catalogueData } from "../../../src/policy/catalogue.js";
import { catalogue, policy } from "../iam/helpers.js";

export { catalogue, policy };
export const CATALOGUE_VERSION = catalogueData().version;

const cache = new Map<string, GeneratedBoundary>();
export function generated(options: Partial<GenerateOptions> = {}): GeneratedBoundary {
  const key = JSON.stringify({ ...options, policy: undefined, catalogue: undefined });
  const reuse = options.policy === undefined && options.catalogue === undefined && options.catalogueVersion === undefined;
  const known = reuse ? cache.get(key) : undefined;
  if (known) return known;
  const result = generateBoundary({ kind: "boundary", catalogue, catalogueVersion: CATALOGUE_VERSION, policy, ...options });
  if (reuse) cache.set(key, result);
  return result;
}

const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Deny patterns of the tier groups (not the integrity statements), over all parts. */
export function tierDenyPatterns(b: GeneratedBoundary): string[] {
  // A Deny on a Resource list (a path limited to named resources) denies no tier action.
  return b.policies.flatMap((p) => p.document.Statement.filter((s) => s.Effect === "Deny" && /^AgentGuardrailDeny/.test(s.Sid) && !Array.isArray(s.Resource)).flatMap(actionsOf));
}

/** Every catalogue action some tier Deny pattern matches (IAM matching: case-insensitive globs). */
export function matchedActions(patterns: readonly string[], services: ActionCatalogue = catalogue): Set<string> {
  const index = indexCatalogue(services);
  const out = new Set<string>();
  for (const pattern of patterns) {
    const re = actionPatternRegExp(pattern);
    for (const action of index.serviceActions(pattern.slice(0, pattern.indexOf(":"))) ?? []) if (re.test(action)) out.add(action);
  }
  return out;
}
