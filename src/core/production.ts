/**
 * Production scope (DESIGN.md "Production scope"). Fail closed: a resource is production unless
 * something positively says otherwise: its account is listed as non-production, or its literal
 * (non-wildcard) text names a non-production environment and no production token.
 */
import type { ProductionScope } from "./policy.js";
import type { ResourceRef } from "./iam/model.js";

/** Split a name or ARN into lower-case word tokens: `OrdersProdTable` → orders, prod, table. */
export function nameTokens(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function hasToken(text: string, tokens: readonly string[]): boolean {
  const words = nameTokens(text);
  const joined = ` ${words.join(" ")} `;
  return tokens.some((t) => {
    const wanted = nameTokens(t);
    return wanted.length > 0 && joined.includes(` ${wanted.join(" ")} `);
  });
}

export function hasProductionToken(text: string, scope: ProductionScope): boolean {
  return hasToken(text, scope.nameTokens);
}

export function hasNonProductionToken(text: string, scope: ProductionScope): boolean {
  return hasToken(text, scope.nonProductionTokens);
}

function tagSaysProduction(tags: Record<string, string>, scope: ProductionScope): boolean | undefined {
  let verdict: boolean | undefined;
  for (const [key, values] of Object.entries(scope.tags)) {
    const value = tags[key];
    if (value === undefined) continue;
    if (values.some((v) => v.toLowerCase() === value.toLowerCase())) return true;
    if (hasNonProductionToken(value, scope) && !hasProductionToken(value, scope)) verdict = false;
  }
  return verdict;
}

export interface StackFacts {
  /** Stack name, stage path (`Prod/ServiceStack`) or both joined. */
  names: string[];
  tags: Record<string, string>;
  account?: string;
}

/**
 * Whether a stack (or account, or stage) is production. Production signals win over
 * non-production ones; with no signal either way the answer is production (fail closed),
 * except that an explicitly non-production account or name is not.
 */
export function isProductionStack(stack: StackFacts, scope: ProductionScope): boolean {
  if (stack.account && scope.accounts.includes(stack.account)) return true;
  const byTag = tagSaysProduction(stack.tags, scope);
  if (byTag === true) return true;
  if (stack.names.some((n) => hasProductionToken(n, scope))) return true;
  if (stack.account && scope.nonProductionAccounts.includes(stack.account)) return false;
  if (byTag === false) return false;
  if (stack.names.some((n) => hasNonProductionToken(n, scope))) return false;
  return true;
}

/** The account field of an ARN (`arn:partition:service:region:account:resource`), if literal. */
export function arnAccount(pattern: string): string | undefined {
  const parts = pattern.split(":");
  if (parts[0]?.toLowerCase() !== "arn" || parts.length < 6) return undefined;
  const account = parts[4] ?? "";
  return /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * The literal words of a pattern: a word touching a wildcard is dropped, since `dev*` may be
 * `devices` while `dev-*` names the dev environment.
 */
function literalText(pattern: string): string {
  return pattern
    .split(/[^A-Za-z0-9*?]+/)
    .filter((word) => !/[*?]/.test(word))
    .join(" ");
}

export interface ResourceContext {
  /** Account of the principal: a resource with no literal account is in it. */
  account?: string;
}

/** Is a resource a policy names production? See the module comment for the fail-closed rule. */
export function isProductionResource(ref: ResourceRef, context: ResourceContext, scope: ProductionScope): boolean {
  if (ref.production !== undefined) return ref.production;
  const account = arnAccount(ref.pattern) ?? context.account;
  if (account && scope.accounts.includes(account)) return true;
  if (hasProductionToken(ref.pattern, scope)) return true;
  if (account && scope.nonProductionAccounts.includes(account)) return false;
  const literal = literalText(ref.pattern);
  if (hasNonProductionToken(literal, scope)) return false;
  return true;
}

