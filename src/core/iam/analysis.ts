/**
 * Shared work of the two IAM rules over one input: which principals are agents, their effective
 * access, and whether a role they can assume is itself compliant. Computed once per
 * (input, policy, catalogue) and shared by both rules.
 */
import type { Evidence, InputError } from "../finding.js";
import type { Policy } from "../policy.js";
import { agentReason } from "./agents.js";
import { analyzePrincipal, inProductionAccount, PolicyParser, provablyGrants, provablyInert, tagRightsOf, type Grant, type PrincipalAccess } from "./access.js";
import type { AwsManagedPolicyLookup } from "./aws-managed-policies.js";
import type { ActionCatalogue } from "./catalogue.js";
import type { IamInput, PolicySource, Principal } from "./model.js";
import { hasWildcard } from "./catalogue.js";
import { DEFAULT_MAX_CHAIN_DEPTH, EscalationGraph, type Escalation, type Hop } from "./reach.js";
import { tierIndex } from "./tiers.js";
import { globsOverlap } from "./patterns.js";
import { BoundedMemo } from "../bounded-memo.js";
import { unreadableTrustPolicy, type PolicyStatement } from "./policy-document.js";
import { retargetAccess, sharedAccessKey, sharedAccessOutline } from "./shared-access.js";

export interface AgentAnalysis {
  principal: Principal;
  reason: string;
  access: PrincipalAccess;
  /** Managed policies attached by ARN whose documents are unknown: not verifiable. */
  unresolved: { arn: string; evidence: Evidence }[];
  /** Allow patterns matching no catalogue action that might name a destructive one. */
  unverifiablePatterns: PrincipalAccess["unmatchedPatterns"];
}

export interface InputAnalysis {
  agents: AgentAnalysis[];
  errors: InputError[];
  /** T1–T3 grants that count (production resources). */
  destructiveGrants(access: PrincipalAccess): Grant[];
  /** How the principal can escalate: its own paths and the principals it can become. */
  escalation(access: PrincipalAccess): Escalation;
}

export interface AnalysisOptions {
  /** Evaluation time (ms since the epoch), for conditions on the clock; default: now. */
  now?: number;
  /** How many hops of "can become" to follow (0: no role chaining). Default 5. */
  maxChainDepth?: number;
}

const DESTRUCTIVE_TIERS = ["delete", "protectionOff", "replace"] as const;

/** A production grant of one of DESTRUCTIVE_TIERS: asked of every grant, so no closure per grant (issue 17). */
function isDestructive(g: Grant): boolean {
  if (!g.production) return false;
  for (let i = 0; i < DESTRUCTIVE_TIERS.length; i++) if (g.tiers.has(DESTRUCTIVE_TIERS[i] as (typeof DESTRUCTIVE_TIERS)[number])) return true;
  return false;
}

/**
 * A statement of the role of another template this principal may be (Principal.mayBeHeldBy): it
 * counts with the principal's own, but alone it is that role's finding, reported there.
 */
export function heldThere(principal: Principal, statement: PolicyStatement): boolean {
  return principal.mayBeHeldBy?.policies.includes(statement.source) === true;
}

/** A principal whose access was built, kept for its twins; `key`: its sharing key, once asked. */
interface Analysed {
  principal: Principal;
  access: PrincipalAccess;
  statements: PolicyStatement[];
  key?: string | undefined;
}

const cache = new WeakMap<IamInput, WeakMap<Policy, WeakMap<ActionCatalogue, Map<string, InputAnalysis>>>>();

export function analyzeInput(input: IamInput, policy: Policy, catalogue: ActionCatalogue, options: AnalysisOptions = {}): InputAnalysis {
  let byPolicy = cache.get(input);
  if (!byPolicy) cache.set(input, (byPolicy = new WeakMap()));
  let byCatalogue = byPolicy.get(policy);
  if (!byCatalogue) byPolicy.set(policy, (byCatalogue = new WeakMap()));
  let byOptions = byCatalogue.get(catalogue);
  if (!byOptions) byCatalogue.set(catalogue, (byOptions = new Map()));
  // Both rules of one evaluation share the analysis: the clock is read once and kept in the key.
  const key = `${options.now ?? ""}|${options.maxChainDepth ?? ""}`;
  let analysis = byOptions.get(key);
  if (!analysis) byOptions.set(key, (analysis = buildAnalysis(input, policy, catalogue, options)));
  return analysis;
}

/** Managed policies attached by ARN: AWS managed ones resolve to their published documents. */
function bundledSources(principal: Principal, lookup: AwsManagedPolicyLookup | undefined): { sources: PolicySource[]; unresolved: { arn: string; evidence: Evidence }[] } {
  const sources: PolicySource[] = [];
  const unresolved: { arn: string; evidence: Evidence }[] = [];
  for (const entry of principal.unresolvedPolicies ?? []) {
    const published = lookup?.(entry.arn);
    if (published) {
      // A policy named by its name alone (SAM's `Policies`) is cited by its ARN.
      const arn = entry.arn.startsWith("arn:") ? entry.arn : published.arn;
      sources.push({
        name: arn,
        document: published.document,
        // What the adapter noted (the Terraform attachment's address) stays.
        evidence: { ...entry.evidence, arn, note: [entry.evidence.note, `AWS managed policy, published version ${published.versionId} (${published.source})`].filter(Boolean).join("; ") },
      });
    } else unresolved.push(entry);
  }
  return { sources, unresolved };
}

/**
 * The input with each boundary that is an AWS managed policy (set by ARN, its document not in the
 * input) read as its published document: `AmazonDynamoDBReadOnlyAccess` as a boundary limits an
 * agent to reads. Any other unresolved boundary stays so (it cannot be shown to restrict).
 */
function withPublishedBoundaries(input: IamInput, lookup: AwsManagedPolicyLookup | undefined): IamInput {
  const unresolvedArn = (p: Principal): boolean => p.boundary === "unresolved" && p.boundaryArn !== undefined;
  if (!lookup || !(input.principals.some(unresolvedArn) || input.reachable?.some(unresolvedArn))) return input;
  const withPublished = (principal: Principal): Principal => {
    const written = principal.boundary === "unresolved" ? principal.boundaryArn : undefined;
    const published = written ? lookup(written.arn) : undefined;
    if (!written || !published) return principal;
    const boundary: PolicySource = {
      name: published.arn,
      document: published.document,
      evidence: { ...written.evidence, arn: published.arn, note: `AWS managed policy, published version ${published.versionId} (${published.source})` },
    };
    return { ...principal, boundary };
  };
  return { ...input, principals: input.principals.map(withPublished), ...(input.reachable ? { reachable: input.reachable.map(withPublished) } : {}) };
}

/**
 * The tier lists' action globs, by the service they name (lower case) where it has no wildcard:
 * two globs whose service parts have none share a string only when those parts are equal in any
 * case (the first colon of any string both match ends both), so a pattern the catalogue cannot
 * expand is compared with its own service's globs and the wildcard-service ones, not with all
 * ~300 (each comparison tokenizes and walks both globs; issue 17).
 */
export interface TierGlobs {
  overlap(pattern: string): boolean;
}

const tierGlobsByPolicy = new WeakMap<Policy, TierGlobs>();

/**
 * The literal service of an action glob as globsOverlap compares it: the glob lower-cased whole
 * (a final sigma lower-cases by what follows it), up to its first colon; undefined when a wildcard
 * comes before that colon or there is none.
 */
function literalService(glob: string): string | undefined {
  const lower = glob.toLowerCase();
  const colon = lower.indexOf(":");
  if (colon < 0) return undefined;
  const service = lower.slice(0, colon);
  return hasWildcard(service) ? undefined : service;
}

export function tierGlobsOf(policy: Policy): TierGlobs {
  let found = tierGlobsByPolicy.get(policy);
  if (found) return found;
  const globs = [
    ...policy.destructive.t1Delete.include,
    ...policy.destructive.t2ProtectionOff.actions,
    ...policy.destructive.t3Replace.actions,
    ...policy.destructive.t4Escalation.actions,
    ...policy.destructive.t4Escalation.codeExecution,
    ...policy.destructive.t4Escalation.assumeRole,
    ...policy.escalation.paths.flatMap((p) => p.actions),
  ];
  const byService = new Map<string, string[]>();
  const anyService: string[] = [];
  for (const glob of globs) {
    const service = literalService(glob);
    if (service === undefined) anyService.push(glob);
    else {
      const list = byService.get(service);
      if (list) list.push(glob);
      else byService.set(service, [glob]);
    }
  }
  const verdicts = new BoundedMemo<boolean>("unverifiable patterns near a tier");
  found = {
    overlap(pattern: string): boolean {
      let verdict = verdicts.get(pattern);
      if (verdict === undefined) {
        const service = literalService(pattern);
        const near = service === undefined ? globs : (byService.get(service) ?? []);
        verdict = near.some((g) => globsOverlap(g, pattern)) || (service !== undefined && anyService.some((g) => globsOverlap(g, pattern)));
        verdicts.set(pattern, verdict);
      }
      return verdict;
    },
  };
  tierGlobsByPolicy.set(policy, found);
  return found;
}

function buildAnalysis(written: IamInput, policy: Policy, catalogue: ActionCatalogue, options: AnalysisOptions): InputAnalysis {
  const input = withPublishedBoundaries(written, catalogue.awsManagedPolicy);
  const parser = new PolicyParser();
  for (const principal of input.principals) {
    const unreadable = principal.trustPolicy && unreadableTrustPolicy(principal.trustPolicy);
    if (unreadable) parser.errors.push(unreadable);
  }
  const context = {
    policy,
    catalogue,
    parser,
    productionVerdicts: new Map<string, Map<string, boolean>>(),
    now: options.now ?? Date.now(),
    ...(input.account !== undefined ? { account: input.account } : {}),
  };
  const index = tierIndex(catalogue, policy.destructive, policy.escalation);
  const bundledCache = new Map<Principal, ReturnType<typeof bundledSources>>();
  const bundledOf = (principal: Principal): ReturnType<typeof bundledSources> => {
    let known = bundledCache.get(principal);
    if (!known) bundledCache.set(principal, (known = bundledSources(principal, catalogue.awsManagedPolicy)));
    return known;
  };
  const accessCache = new Map<Principal, { access: PrincipalAccess; unresolved: { arn: string; evidence: Evidence }[] }>();
  // Principals whose statements say the same thing share one analysis (shared-access.ts): the
  // full keys are compared only between principals of one outline.
  const byOutline = new Map<string, Analysed[]>();
  const twinOf = (principal: Principal, statements: PolicyStatement[], analysed: Analysed[] | undefined): Analysed | undefined => {
    if (!analysed) return undefined;
    const key = sharedAccessKey(principal, statements, input.account);
    return analysed.find((other) => (other.key ??= sharedAccessKey(other.principal, other.statements, input.account)) === key);
  };
  const accessOf = (principal: Principal): { access: PrincipalAccess; unresolved: { arn: string; evidence: Evidence }[] } => {
    let known = accessCache.get(principal);
    if (!known) {
      const bundled = bundledOf(principal);
      // Every principal's statements, gathered without intermediate arrays (issue 17).
      const statements = parser.collect(bundled.sources, parser.collect(principal.policies));
      const outline = sharedAccessOutline(principal, statements, input.account);
      const analysed = outline === undefined ? undefined : byOutline.get(outline);
      const twin = twinOf(principal, statements, analysed);
      const access = twin ? retargetAccess(twin.access, twin.statements, principal, statements) : analyzePrincipal(principal, context, bundled.sources);
      if (outline !== undefined && !twin) {
        const entry = { principal, access, statements };
        if (analysed) analysed.push(entry);
        else byOutline.set(outline, [entry]);
      }
      known = { access, unresolved: bundled.unresolved };
      accessCache.set(principal, known);
    }
    return known;
  };

  // Does an Allow pattern the catalogue cannot expand possibly name a destructive action?
  const tierGlobs = tierGlobsOf(policy);
  const mightBeDestructive = (pattern: string): boolean => {
    const name = pattern.slice(pattern.indexOf(":") + 1);
    if (/^[*?]/.test(name) || !pattern.includes(":")) return true;
    const literalPrefix = name.split(/[*?]/)[0] ?? "";
    const probe = hasWildcard(name) ? `${literalPrefix}X` : name;
    if (index.t1Patterns.some((re) => re.test(probe))) return true;
    return tierGlobs.overlap(pattern);
  };

  const unverifiableOf = (principal: Principal, access: PrincipalAccess): PrincipalAccess["unmatchedPatterns"] =>
    access.unmatchedPatterns.filter((u) => mightBeDestructive(u.pattern) && !heldThere(principal, u.statement));

  const agents: AgentAnalysis[] = [];
  for (const principal of input.principals) {
    const reason = principal.assumeAgent ?? agentReason(principal, policy.agents, context.now);
    // Parse every principal's documents: a broken policy is an input error wherever it is.
    for (let i = 0; i < principal.policies.length; i++) parser.statements(principal.policies[i] as PolicySource);
    if (principal.boundary && principal.boundary !== "unresolved") parser.statements(principal.boundary);
    // A copy of a role defined in another template is judged there, with what it holds here.
    if (!reason || principal.judgedWith !== undefined) continue;
    const { access, unresolved } = accessOf(principal);
    agents.push({
      principal,
      reason,
      access,
      unresolved,
      unverifiablePatterns: unverifiableOf(principal, access),
    });
  }

  // Asked by the escalation graph and by the rule for each agent: worked out once per access.
  const destructiveOf = new WeakMap<PrincipalAccess, Grant[]>();
  const destructiveGrants = (access: PrincipalAccess): Grant[] => {
    let destructive = destructiveOf.get(access);
    if (!destructive) {
      destructive = [];
      const { grants } = access;
      for (let i = 0; i < grants.length; i++) {
        if (isDestructive(grants[i] as Grant)) destructive.push(grants[i] as Grant);
      }
      destructiveOf.set(access, destructive);
    }
    return destructive;
  };

  // The proof pays only where the full analysis is dear: action patterns that expand to many
  // actions (wildcards, NotAction). A role naming its actions is analysed as cheaply as proven.
  const widelyWorded = (p: Principal): boolean =>
    [...p.policies, ...bundledOf(p).sources].some((source) => parser.statements(source).some((s) => s.notActions !== undefined || (s.actions ?? []).some(hasWildcard)));

  const graph = new EscalationGraph({
    // Another input's roles are reachable here, and judged there.
    principals: input.reachable?.length ? [...input.principals, ...input.reachable] : input.principals,
    policy,
    now: context.now,
    maxDepth: options.maxChainDepth ?? DEFAULT_MAX_CHAIN_DEPTH,
    ...(input.wholeAccount && input.account !== undefined ? { wholeAccount: input.account } : {}),
    accessOf: (p) => accessOf(p).access,
    unresolvedOf: (p) => bundledOf(p).unresolved.length,
    destructiveGrants,
    // A role reached by chaining needs only "is it dangerous" unless a finding shows its chain.
    provablyDangerous: (p) => !accessCache.has(p) && widelyWorded(p) && provablyGrants(p, context, DESTRUCTIVE_TIERS, bundledOf(p).sources),
    provablyInert: (p) => !accessCache.has(p) && provablyInert(p, context, bundledOf(p).sources),
    inScope: (g, p) => inProductionAccount(g.ref, p, policy, input.account),
  });

  // A principal's reach is the union of what it can become (DESIGN.md "Who an agent can become"):
  // an agent whose tag-limited Allow or tag-keyed Deny held only because it cannot change tags is
  // read again when a principal it can become can (it assumes `tagger`, tags a production table
  // `dev`, then deletes it as itself). Asked only of such agents: the tag rights of the principals
  // on the way are read from their policies then.
  const tagRights = new Map<Principal, { principals: boolean; production: boolean }>();
  const tagRightsOfPrincipal = (p: Principal): { principals: boolean; production: boolean } => {
    let rights = tagRights.get(p);
    // A managed policy the input does not hold may tag anything (fail closed, as it makes the principal dangerous).
    if (!rights) tagRights.set(p, (rights = bundledOf(p).unresolved.length ? { principals: true, production: true } : tagRightsOf(p, context, bundledOf(p).sources)));
    return rights;
  };
  for (const agent of agents) {
    if (!agent.access.tagSensitive) continue;
    // The nearest principal with each right (usually one principal has both).
    const production = graph.find(agent.principal, (p) => tagRightsOfPrincipal(p).production);
    const principals = graph.find(agent.principal, (p) => tagRightsOfPrincipal(p).principals);
    if (!production && !principals) continue;
    const chain = (hops: Hop[]): string => {
      const to = hops[hops.length - 1]?.to;
      const unverified = to && bundledOf(to).unresolved.length ? " (its managed policies cannot be verified)" : "";
      return `it can become ${[agent.principal.name, ...hops.map((h) => `${h.to.name} (${h.via})`)].join(" → ")}${unverified}`;
    };
    const same = production !== undefined && principals !== undefined && chain(production) === chain(principals);
    const texts = same
      ? [`${chain(production)}, which can change the tags of production resources and of IAM principals`]
      : [
          ...(production ? [`${chain(production)}, which can change the tags of production resources`] : []),
          ...(principals ? [`${chain(principals)}, which can change the tags of IAM principals`] : []),
        ];
    const access = analyzePrincipal(agent.principal, context, bundledOf(agent.principal).sources, {
      any: principals !== undefined,
      production: production !== undefined,
      note: texts.join("; "),
    });
    agent.access = access;
    agent.unverifiablePatterns = unverifiableOf(agent.principal, access);
  }

  return { agents, errors: parser.errors, destructiveGrants, escalation: (access) => graph.escalation(access.principal, access) };
}
