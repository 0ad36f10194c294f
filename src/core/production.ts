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

/** The configured tokens, each as ` word word `, and each one's first word (tokenized once per list: the lists are asked of every resource). */
interface Wanted {
  phrases: string[];
  firstWords: string[];
}
const wantedCache = new WeakMap<readonly string[], Wanted>();

function wantedOf(tokens: readonly string[]): Wanted {
  let wanted = wantedCache.get(tokens);
  if (!wanted) {
    const words = tokens.map((t) => nameTokens(t)).filter((w) => w.length > 0);
    wanted = { phrases: words.map((w) => ` ${w.join(" ")} `), firstWords: words.map((w) => w[0] as string) };
    wantedCache.set(tokens, wanted);
  }
  return wanted;
}

/**
 * The non-production environments, each as one word (`preprod`, `nonprod`, `pre prod` → `preprod`):
 * a name may write one as separate words (`PreProd`, the CDK Pipelines docs' stage; `non-prod`),
 * and those words name that environment, not production.
 */
const compoundCache = new WeakMap<readonly string[], Set<string>>();

function compoundsOf(nonProductionTokens: readonly string[]): Set<string> {
  let compounds = compoundCache.get(nonProductionTokens);
  if (!compounds) {
    compounds = new Set(nonProductionTokens.map((t) => nameTokens(t).join("")).filter((w) => w.length > 0));
    compoundCache.set(nonProductionTokens, compounds);
  }
  return compounds;
}

/** Most words a name splits a non-production environment into (`non-pro-duction`). */
const MAX_COMPOUND_WORDS = 4;

/**
 * Words that begin with an environment's name and name none: DevOps and DevSecOps, a practice
 * (`DevOpsStack`, `DevSecOpsPipeline` split into dev, ops). Read as one word, so a production
 * stack named for its DevOps tooling is not a dev environment (it made one pass, fail open).
 */
const NOT_ENVIRONMENTS: ReadonlySet<string> = new Set(["devops", "devsecops"]);

/**
 * The words of a name, with each run of adjacent words that spells a non-production environment
 * (`pre`, `prod` → `preprod`), or a word that names none (`dev`, `ops` → `devops`), read as that
 * one word.
 */
function environmentWords(text: string, nonProductionTokens: readonly string[]): string[] {
  const words = nameTokens(text);
  const compounds = compoundsOf(nonProductionTokens);
  if (compounds.size === 0 || words.length < 2) return words;
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    let n = Math.min(MAX_COMPOUND_WORDS, words.length - i);
    for (; n >= 2; n--) {
      const joined = words.slice(i, i + n).join("");
      if (compounds.has(joined) || NOT_ENVIRONMENTS.has(joined)) break;
    }
    if (n >= 2) {
      out.push(words.slice(i, i + n).join(""));
      i += n;
    } else {
      out.push(words[i] as string);
      i++;
    }
  }
  return out;
}

/** Per list of environments: a pattern that finds any of them, as one word or split across separators (`pre-prod`). */
const acrossSeparatorsCache = new WeakMap<readonly string[], RegExp>();

function acrossSeparators(nonProductionTokens: readonly string[]): RegExp {
  let pattern = acrossSeparatorsCache.get(nonProductionTokens);
  if (!pattern) {
    const alternatives = [...compoundsOf(nonProductionTokens)].map((w) => [...w].join("[^a-z0-9]*"));
    // No environment listed: a pattern that matches nothing.
    pattern = new RegExp(alternatives.length ? alternatives.join("|") : "[^\\s\\S]");
    acrossSeparatorsCache.set(nonProductionTokens, pattern);
  }
  return pattern;
}

/**
 * Whether some phrase occurs in the name's words. Every word of the text is a piece of its lower
 * case, and every run of adjacent words joined (`pre-prod` → `preprod`) a piece of its lower case
 * without separators: when no phrase's first word is there, nothing matches, and the text is not
 * tokenized (most resources; issue 17). Only a first word that is a joined environment needs the
 * second look.
 */
function hasPhrase(text: string, wanted: Wanted, nonProductionTokens: readonly string[]): boolean {
  const lower = text.toLowerCase();
  let possible = false;
  for (let i = 0; i < wanted.firstWords.length && !possible; i++) possible = lower.includes(wanted.firstWords[i] as string);
  if (!possible) {
    const compounds = compoundsOf(nonProductionTokens);
    if (!wanted.firstWords.some((w) => compounds.has(w))) return false;
    // A phrase can only then begin with an environment found split across separators.
    if (!acrossSeparators(nonProductionTokens).test(lower)) return false;
  }
  const joined = ` ${environmentWords(text, nonProductionTokens).join(" ")} `;
  return wanted.phrases.some((w) => joined.includes(w));
}

/** The non-production environments as phrases of one word each (`pre prod` → ` preprod `). */
const nonProductionWantedCache = new WeakMap<readonly string[], Wanted>();

function nonProductionWanted(nonProductionTokens: readonly string[]): Wanted {
  let wanted = nonProductionWantedCache.get(nonProductionTokens);
  if (!wanted) {
    const words = [...compoundsOf(nonProductionTokens)];
    wanted = { phrases: words.map((w) => ` ${w} `), firstWords: words };
    nonProductionWantedCache.set(nonProductionTokens, wanted);
  }
  return wanted;
}

export function hasProductionToken(text: string, scope: ProductionScope): boolean {
  return hasPhrase(text, wantedOf(scope.nameTokens), scope.nonProductionTokens);
}

/**
 * `MainStage`, `UsEastStage`: CDK's Stage class written after a word in a stage's id (its stacks
 * are `<stage id>-<stack id>`), not the staging environment that `orders-stage`, `Stage-1` or
 * `STAGE` name. Read as `stage`, it made a production stage non-production (fail open).
 */
const CDK_STAGE_SUFFIX = /(?<=[a-z0-9])Stage(?![a-z])/g;

export function hasNonProductionToken(text: string, scope: ProductionScope): boolean {
  const words = text.includes("Stage") ? text.replace(CDK_STAGE_SUFFIX, " ") : text;
  return hasPhrase(words, nonProductionWanted(scope.nonProductionTokens), scope.nonProductionTokens);
}

/** A configured environment tag names a non-production environment, and no production one. */
function tagSaysNonProduction(tags: Record<string, string>, scope: ProductionScope): boolean {
  return Object.keys(scope.tags).some((key) => {
    const value = tags[key];
    return value !== undefined && hasNonProductionToken(value, scope) && !hasProductionToken(value, scope);
  });
}

/** The tags a template writes on one of its resources (literal values only): resourceTagsOf. */
export interface ResourceTags {
  /** Its logical id (a nested stack's: `<nested stack>/<logical id>`). */
  resource: string;
  tags: Record<string, string>;
}

/** The first resource whose environment tag has a production value (as a stack tag would have it). */
function productionResourceTag(resources: readonly ResourceTags[], scope: ProductionScope): { resource: string; key: string; value: string } | undefined {
  for (const { resource, tags } of resources) {
    for (const [key, values] of Object.entries(scope.tags)) {
      const value = tags[key];
      if (value !== undefined && values.some((v) => v.toLowerCase() === value.toLowerCase())) return { resource, key, value };
    }
  }
  return undefined;
}

/**
 * Every tagged resource names a non-production environment, and the stack's own tags name none
 * (the manifest's explicit tag decides then). One tagged resource without such a tag (untagged
 * by `excludeResourceTypes`, tagged by hand, or tagged by a value the template does not resolve)
 * says the tag is not the stack's: production, fail closed.
 */
function resourceTagsSayNonProduction(stack: StackFacts, scope: ProductionScope): boolean {
  const resources = stack.resourceTags ?? [];
  if (resources.length === 0 || Object.keys(scope.tags).some((key) => stack.tags[key] !== undefined)) return false;
  return resources.every((r) => tagSaysNonProduction(r.tags, scope));
}

export interface StackFacts {
  /** Stack name, stage path (`Prod/ServiceStack`) or both joined. */
  names: string[];
  /**
   * Names of the stack that holds the stack's stage (a stage a CDK Pipelines pipeline stack adds
   * as its child: `Prod-Pipeline/Staging/Service`). They name the pipeline, not the stage, which
   * deploys in its own environment: they speak only when the stack's own names name none.
   */
  outerNames?: string[];
  tags: Record<string, string>;
  /**
   * A CDK stack's resources' tags, which speak for the stack: `Tags.of(stack).add(...)` writes
   * them on each resource, and with `@aws-cdk/core:explicitStackTags` (the default of every app
   * `cdk init` makes since aws-cdk-lib 2.205) only there, not on the stack. Any one of them naming
   * production makes the stack production; all of them naming a non-production environment make
   * it not production, as the same stack tag would.
   */
  resourceTags?: ResourceTags[];
  account?: string;
}

/**
 * An account that is not production: listed in `nonProductionAccounts`, or (when the user lists
 * their production accounts) a concrete account not in `accounts`.
 */
export function isNonProductionAccount(account: string | undefined, scope: ProductionScope): boolean {
  if (account === undefined || scope.accounts.includes(account)) return false;
  return scope.nonProductionAccounts.includes(account) || scope.accounts.length > 0;
}

/** Why a stack is production, or not: the signal that decided, in words a message can quote. */
export interface ProductionVerdict {
  production: boolean;
  reason: string;
  /** Production only because nothing said otherwise (fail closed). */
  failClosed: boolean;
}

export function productionVerdict(stack: StackFacts, scope: ProductionScope): ProductionVerdict {
  const yes = (reason: string): ProductionVerdict => ({ production: true, reason, failClosed: false });
  const no = (reason: string): ProductionVerdict => ({ production: false, reason, failClosed: false });
  if (stack.account && scope.accounts.includes(stack.account)) return yes(`account ${stack.account} is in production.accounts`);
  const tag = Object.entries(scope.tags).find(([key, values]) => {
    const value = stack.tags[key];
    return value !== undefined && values.some((v) => v.toLowerCase() === value.toLowerCase());
  });
  if (tag) return yes(`tag ${tag[0]}=${stack.tags[tag[0]] ?? ""}`);
  const resourceTag = productionResourceTag(stack.resourceTags ?? [], scope);
  if (resourceTag) return yes(`its resource ${resourceTag.resource} is tagged ${resourceTag.key}=${resourceTag.value} (Tags.of(stack) tags the stack's resources, with @aws-cdk/core:explicitStackTags not the stack)`);
  const named = stack.names.find((n) => hasProductionToken(n, scope));
  if (named) return yes(`its name ${named} has a production token (production.nameTokens)`);
  const ownNonProd = stack.names.find((n) => hasNonProductionToken(n, scope));
  const outer = stack.outerNames ?? [];
  const outerNamed = ownNonProd === undefined ? outer.find((n) => hasProductionToken(n, scope)) : undefined;
  if (outerNamed) return yes(`the stack holding its stage, ${outerNamed}, has a production token (production.nameTokens) and its own names name no environment`);
  if (stack.account && scope.nonProductionAccounts.includes(stack.account)) return no(`account ${stack.account} is in production.nonProductionAccounts`);
  if (stack.account && scope.accounts.length > 0) return no(`account ${stack.account} is not in production.accounts`);
  // Asked only once no tag value named production (above).
  if (tagSaysNonProduction(stack.tags, scope)) return no("its environment tag names a non-production environment");
  if (resourceTagsSayNonProduction(stack, scope)) return no("its resources' environment tags (Tags.of(stack), with @aws-cdk/core:explicitStackTags written on the resources only) all name a non-production environment");
  if (ownNonProd) return no(`its name ${ownNonProd} names a non-production environment`);
  const outerNonProd = outer.find((n) => hasNonProductionToken(n, scope));
  if (outerNonProd) return no(`the stack holding its stage, ${outerNonProd}, names a non-production environment and its own names name none`);
  // With production accounts listed, a stack with an account was decided above: this one has none.
  if (scope.accounts.length > 0) {
    return {
      production: true,
      failClosed: true,
      reason: "it has no account (env-agnostic), so it may be deployed to a production account (fail closed); give it env: { account } or tag it with a non-production Environment",
    };
  }
  const where = stack.account ? `list ${stack.account} under production.nonProductionAccounts, or ` : "";
  return {
    production: true,
    failClosed: true,
    reason: `no production signal is configured, so every stack counts as production (fail closed); to change it, ${where}list your production accounts under production.accounts in the agent-guardrail config`,
  };
}

/**
 * Whether a stack (or account, or stage) is production. Production signals win over
 * non-production ones; with no signal either way the answer is production (fail closed),
 * except that an explicitly non-production account or name is not. When production accounts
 * are listed, a stack in another concrete account is not production.
 */
export function isProductionStack(stack: StackFacts, scope: ProductionScope): boolean {
  return productionVerdict(stack, scope).production;
}

/**
 * The names of a CDK stack (its stack name and construct path) as StackFacts: when its stage sits
 * inside another stack (`outerStackPath`, the pipeline stack), that stack's part of the path is
 * the outer name, and the rest (`Staging/Service`) the stack's own.
 */
export function cdkStackNames(stackName: string | undefined, constructPath: string | undefined, outerStackPath?: string): Pick<StackFacts, "names" | "outerNames"> {
  if (outerStackPath !== undefined && constructPath?.startsWith(`${outerStackPath}/`)) {
    return { names: [stackName, constructPath.slice(outerStackPath.length + 1)].filter((n): n is string => Boolean(n)), outerNames: [outerStackPath] };
  }
  return { names: [stackName, constructPath].filter((n): n is string => Boolean(n)) };
}

/** The account field of an ARN (`arn:partition:service:region:account:resource`), if literal. */
export function arnAccount(pattern: string): string | undefined {
  // Asked for every grant and role: the fifth field is found without splitting the ARN.
  if (pattern.slice(0, 4).toLowerCase() !== "arn:") return undefined;
  let start = 3;
  for (let field = 1; field < 4; field++) {
    start = pattern.indexOf(":", start + 1);
    if (start < 0) return undefined;
  }
  const end = pattern.indexOf(":", start + 1);
  if (end < 0) return undefined; // fewer than six fields
  const account = pattern.slice(start + 1, end);
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
  /**
   * The principal's stack is production (a production tag or name, in an account
   * `production.accounts` may not list): the account it is deployed to holds production, so its
   * `*` and that account's ARNs are not the unlisted account's non-production (DESIGN: only a
   * stack with no production tag or name reaches no production there).
   */
  production?: boolean;
}

/** Is a resource a policy names production? See the module comment for the fail-closed rule. */
export function isProductionResource(ref: ResourceRef, context: ResourceContext, scope: ProductionScope): boolean {
  if (ref.production !== undefined) return ref.production;
  const account = arnAccount(ref.pattern) ?? context.account;
  if (account && scope.accounts.includes(account)) return true;
  if (hasProductionToken(ref.pattern, scope)) return true;
  // `*` in a policy of a principal in a listed non-production (or unlisted) account stays there,
  // unless the principal's stack is production: then that account holds production.
  const ownProductionAccount = context.production === true && account !== undefined && account === context.account;
  if (isNonProductionAccount(account, scope) && !ownProductionAccount) return false;
  const literal = literalText(ref.pattern);
  if (hasNonProductionToken(literal, scope)) return false;
  return true;
}

