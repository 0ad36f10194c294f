/**
 * Effective access of one principal (DESIGN.md "Effective access"): identity policies minus
 * explicit Denies that protect, intersected with the permission boundary and SCPs when present.
 * Only the actions of the destructive tiers are tracked (see tiers.ts), which keeps this fast.
 */
import { BoundedMemo, POINTER_COST } from "../bounded-memo.js";
import type { InputError } from "../finding.js";
import type { DestructiveActions, Policy, ProductionScope } from "../policy.js";
import { arnAccount, hasNonProductionToken, hasProductionToken, isNonProductionAccount, isProductionResource } from "../production.js";
import type { ActionCatalogue } from "./catalogue.js";
import { actionMatches } from "./catalogue.js";
import type { Principal, PolicySource, ResourceRef } from "./model.js";
import { arnSegments, globCovers, globsOverlap, resourceCovers, resourcesOverlap } from "./patterns.js";
import { conditionCannotHold, PINNING_STRING_OPERATORS } from "./conditions.js";
import { holdsForEvery, principalKeyValues, principalTagValues } from "./deny-conditions.js";
import { wildcardMatch } from "../glob.js";
import { parsePolicyDocument, type ConditionBlock, type PolicyStatement } from "./policy-document.js";
import { actionReachesResource } from "./resource-types.js";
import { isSqlApi, loginReachesAdmin, readsAdminSecret } from "./database-logins.js";
import { lockObject } from "./lock-objects.js";
import { readOnlyPath } from "./read-only-paths.js";
import { readOnlySession } from "./read-only-sessions.js";
import { statementActions, unmemoizedStatementActions, tierIndex, tiersOfUnknownAction, type StatementActions, type Tier, type TierIndex } from "./tiers.js";

export interface Grant {
  /** Canonical catalogue action, or an unknown action with its own spelling. */
  action: string;
  tiers: ReadonlySet<Tier>;
  /** The resource the grant effectively reaches (after intersecting with a boundary). */
  ref: ResourceRef;
  statement: PolicyStatement;
  /** The resource is production (DESIGN.md "Production scope"). */
  production: boolean;
  /** Not a catalogue action: classified by its name. */
  unknownAction?: boolean;
  /** Resources inside `ref` it does not reach (a NotResource, a Deny on part of it). */
  except?: readonly string[];
}

export interface PrincipalAccess {
  principal: Principal;
  grants: Grant[];
  /** Notes for the evidence: "SCPs not verified", unresolved boundary, ignored Denies. */
  notes: string[];
  /** Allow patterns that match no catalogue action: their effect cannot be judged. */
  unmatchedPatterns: { pattern: string; statement: PolicyStatement }[];
  /**
   * Whether a request another policy allows (a trust policy naming this principal) survives this
   * principal's boundary, SCPs and protecting Denies: the limits that apply whoever grants.
   */
  passesLimits(action: string, resource: string): boolean;
  /**
   * Set when a tag-limited Allow or a tag-keyed Deny was read as holding because the principal
   * cannot change tags: a principal it can become that can would change this access (analysis.ts).
   */
  tagSensitive?: boolean;
}

/** Parses each policy source once (the same managed policy is attached to many principals). */
export class PolicyParser {
  private readonly parsed = new WeakMap<PolicySource, PolicyStatement[]>();
  readonly errors: InputError[] = [];
  statements(source: PolicySource): PolicyStatement[] {
    let statements = this.parsed.get(source);
    if (!statements) {
      const result = parsePolicyDocument(source);
      statements = result.statements;
      if (result.errors.length) this.errors.push(...result.errors);
      this.parsed.set(source, statements);
    }
    return statements;
  }

  /** The statements of every source, in order, added to `into`: no array per source (once per principal). */
  collect(sources: readonly PolicySource[], into: PolicyStatement[] = []): PolicyStatement[] {
    for (let i = 0; i < sources.length; i++) {
      const parsed = this.statements(sources[i] as PolicySource);
      for (let j = 0; j < parsed.length; j++) into.push(parsed[j] as PolicyStatement);
    }
    return into;
  }
}

interface AllowEntry {
  ref: ResourceRef;
  statement: PolicyStatement;
  /** NotResource patterns (of this statement or a limit it passed through): never reached. */
  except?: string[];
}

interface DenyEntry {
  statement: PolicyStatement;
  /** The tracked actions it names: a set made on the first question (denyCoversAction). */
  matched: StatementActions;
  actions?: ReadonlySet<string>;
}

/** Resources a statement names; NotResource reaches everything but the listed (so: `*`). */
function statementRefs(statement: PolicyStatement): ResourceRef[] {
  if (statement.resources) return statement.resources;
  const except = (statement.notResources ?? []).map((r) => r.pattern).join(", ");
  return [{ pattern: "*", origin: `* except ${except}` }];
}

function entry(ref: ResourceRef, statement: PolicyStatement): AllowEntry {
  return statement.notResources ? { ref, statement, except: statement.notResources.map((r) => r.pattern) } : { ref, statement };
}

function tiersOf(index: TierIndex, action: string, unknown: boolean): ReadonlySet<Tier> {
  return (unknown ? tiersOfUnknownAction(index, action) : index.tiersOf(action)) ?? new Set<Tier>();
}

/**
 * Which of a statement's resources each relevant action reaches (indexes into statementRefs),
 * with its unknown actions and unmatched patterns. It depends only on the statement's
 * Action/NotAction and resource patterns, so it is computed once per content: a managed policy
 * attached to many principals, and the same statement written in many policies, cost one
 * expansion. What differs per principal (other policies, boundary, Denies, account) is applied
 * afterwards by the caller.
 */
interface StatementReach {
  /** The actions that reach at least one of the statement's resources, in order (unknown ones last). */
  actions: readonly string[];
  /** Per action, the indexes of the resources it reaches; undefined: every action reaches every one. */
  refs?: readonly (readonly number[])[];
  /** Unknown actions with tiers, in order (also in `actions` when a resource reaches them). */
  unknown: readonly string[];
  unmatchedPatterns: readonly string[];
}

/** Shared by every memoized reach without unknown actions (most): less for each collection to copy. */
const NO_UNKNOWN: readonly string[] = Object.freeze([]);
/** The reach of a statement that names no tracked action and no pattern left unmatched. */
const NO_REACH: StatementReach = Object.freeze({ actions: NO_UNKNOWN, unknown: NO_UNKNOWN, unmatchedPatterns: NO_UNKNOWN });
const reachByContent = new WeakMap<TierIndex, BoundedMemo<StatementReach>>();
const contentKeys = new WeakMap<PolicyStatement, string>();
const entriesByStatement = new WeakMap<PolicyStatement, AllowEntry[]>();

/** The patterns of statementRefs: a NotResource statement's one ref is `*`. */
function resourcePatterns(statement: PolicyStatement): string[] {
  const refs = statement.resources;
  if (!refs) return ["*"];
  // Indexed, no callback, made to size: once per statement of an account, in code that is never optimized.
  const patterns = new Array<string>(refs.length);
  for (let i = 0; i < refs.length; i++) patterns[i] = (refs[i] as ResourceRef).pattern;
  return patterns;
}

/** What statementReach depends on: the Action/NotAction and resource patterns (cached per statement). */
function statementReachKey(statement: PolicyStatement): string {
  let key = contentKeys.get(statement);
  if (key === undefined) {
    // One join into one flat string: a key made of joined pieces is copied again by the first
    // Map lookup that hashes it.
    const actions = statement.notActions ?? statement.actions ?? [];
    const resources = resourcePatterns(statement);
    const parts = new Array<string>(actions.length + 1 + resources.length);
    for (let i = 0; i < actions.length; i++) parts[i] = actions[i] as string;
    parts[actions.length] = statement.notActions ? "\u0000!" : "\u0000";
    for (let i = 0; i < resources.length; i++) parts[actions.length + 1 + i] = resources[i] as string;
    key = parts.join("\n");
    contentKeys.set(statement, key);
  }
  return key;
}

/** Whether every resource of the statement is `*` (a NotResource statement's one ref is). */
function reachesEverywhere(statement: PolicyStatement): boolean {
  const refs = statement.resources;
  if (!refs) return true;
  for (let i = 0; i < refs.length; i++) if ((refs[i] as ResourceRef).pattern !== "*") return false;
  return true;
}

/** The unknown actions of a statement's match that have tiers, in order. */
function tieredUnknown(index: TierIndex, matched: StatementActions): string[] {
  const unknown: string[] = [];
  for (let i = 0; i < matched.unknown.length; i++) {
    const action = matched.unknown[i] as string;
    if (tiersOfUnknownAction(index, action).size > 0) unknown.push(action);
  }
  return unknown;
}

/** The reach of a statement on `*`: every action it names, known ones first. */
function reachEverywhere(index: TierIndex, matched: StatementActions): StatementReach {
  const unknown = matched.unknown.length ? tieredUnknown(index, matched) : NO_UNKNOWN;
  return { actions: unknown.length ? [...matched.actions, ...unknown] : matched.actions, unknown: unknown.length ? unknown : NO_UNKNOWN, unmatchedPatterns: matched.unmatchedPatterns };
}

function statementReach(index: TierIndex, statement: PolicyStatement): StatementReach {
  // The actions first, from each pattern's memo: most statements of an account name no tracked
  // action (Describe*, Get*), and need neither a content key nor a memo entry of their own.
  const not = statement.notActions !== undefined;
  const matched = unmemoizedStatementActions(index, not ? (statement.notActions ?? []) : (statement.actions ?? []), not);
  if (matched.actions.length === 0 && matched.unknown.length === 0) {
    return matched.unmatchedPatterns.length === 0 ? NO_REACH : { actions: NO_UNKNOWN, unknown: NO_UNKNOWN, unmatchedPatterns: matched.unmatchedPatterns };
  }
  // `"Resource": "*"` (most statements, and every NotResource one) reaches every action: the
  // action list serves as it is, and there is nothing to remember by content. Its key (every
  // pattern joined) and memo entry cost more than the reach itself (issue 17).
  if (reachesEverywhere(statement)) return reachEverywhere(index, matched);
  let memo = reachByContent.get(index);
  if (!memo) reachByContent.set(index, (memo = new BoundedMemo("statement reach")));
  const key = statementReachKey(statement);
  let reach = memo.get(key);
  if (!reach) {
    const patterns = resourcePatterns(statement);
    const unknown = tieredUnknown(index, matched);
    const candidates = unknown.length ? [...matched.actions, ...unknown] : matched.actions;
    const all = patterns.map((_, i) => i);
    const actions: string[] = [];
    const refs: (readonly number[])[] = [];
    let partial = false;
    // Indexed loops: this runs for each of thousands of (action, resource) pairs, mostly in
    // code V8 has not optimized yet, where iterators and closures allocate per step.
    for (let k = 0; k < candidates.length; k++) {
      const action = candidates[k] as string;
      let reached: number[] | undefined;
      for (let i = 0; i < patterns.length; i++) if (actionReachesResource(index.catalogue, action, patterns[i] as string)) (reached ??= []).push(i);
      if (reached === undefined) continue;
      partial ||= reached.length < all.length;
      actions.push(action);
      refs.push(reached.length === all.length ? all : reached);
    }
    reach = { actions, ...(partial ? { refs } : {}), unknown: unknown.length ? unknown : NO_UNKNOWN, unmatchedPatterns: matched.unmatchedPatterns };
    memo.set(key, reach);
    memo.charge((reach.refs ? 2 : 1) * reach.actions.length * POINTER_COST);
  }
  return reach;
}

/**
 * Action → where the Allow statements grant it. Unknown actions are kept under their own name.
 * A resource reaches an action only when one of the action's resource types can match it
 * (resource-types.ts); an Allow whose condition can no longer hold (conditions.ts) grants nothing.
 */
function collectAllows(
  index: TierIndex,
  statements: readonly PolicyStatement[],
  now: number,
  unmatched?: PrincipalAccess["unmatchedPatterns"],
): { allows: Map<string, AllowEntry[]>; unknown: Set<string> } {
  const allows = new Map<string, AllowEntry[]>();
  const unknownActions = new Set<string>();
  for (let s = 0; s < statements.length; s++) {
    const statement = statements[s] as PolicyStatement;
    if (statement.effect !== "Allow") continue;
    if (!statement.invalid && conditionCannotHold(statement.condition, now)) continue;
    const reach = statementReach(index, statement);
    for (let i = 0; i < reach.unknown.length; i++) unknownActions.add(reach.unknown[i] as string);
    if (unmatched) for (let i = 0; i < reach.unmatchedPatterns.length; i++) unmatched.push({ pattern: reach.unmatchedPatterns[i] as string, statement });
    // Most statements grant no tracked action: nothing more to record.
    if (reach.actions.length === 0) continue;
    // A statement's entries are the same for every action it grants (thousands for `*`): made once.
    let entries = entriesByStatement.get(statement);
    if (!entries) entriesByStatement.set(statement, (entries = statementRefs(statement).map((ref) => entry(ref, statement))));
    const { actions, refs } = reach;
    for (let k = 0; k < actions.length; k++) {
      const action = actions[k] as string;
      const list = allows.get(action);
      const reached = refs?.[k];
      // A new list is made to size: `[]` grown by push reserves room for 17 entries, and most hold one.
      if (!list) allows.set(action, reached ? pickEntries(entries, reached) : entries.slice());
      else if (reached) for (let i = 0; i < reached.length; i++) list.push(entries[reached[i] as number] as AllowEntry);
      else for (let i = 0; i < entries.length; i++) list.push(entries[i] as AllowEntry);
    }
  }
  return { allows, unknown: unknownActions };
}

function pickEntries(entries: readonly AllowEntry[], positions: readonly number[]): AllowEntry[] {
  const picked = new Array<AllowEntry>(positions.length);
  for (let i = 0; i < positions.length; i++) picked[i] = entries[positions[i] as number] as AllowEntry;
  return picked;
}

/** Allow entries of statements whose Action/NotAction patterns cover one (unknown) action. */
function allowEntriesFor(statements: readonly PolicyStatement[], action: string): AllowEntry[] {
  const out: AllowEntry[] = [];
  for (const statement of statements) {
    if (statement.effect !== "Allow") continue;
    const covered = statement.notActions
      ? !statement.notActions.some((p) => actionMatches(p, action))
      : (statement.actions ?? []).some((p) => actionMatches(p, action));
    if (covered) for (const ref of statementRefs(statement)) out.push(entry(ref, statement));
  }
  return out;
}

/** The set of a (memoized) StatementActions, shared by every Deny with the same Action list. */
const actionSets = new WeakMap<StatementActions, ReadonlySet<string>>();

function actionSetOf(matched: StatementActions): ReadonlySet<string> {
  let actions = actionSets.get(matched);
  if (!actions) actionSets.set(matched, (actions = new Set(matched.actions)));
  return actions;
}

function denyEntries(index: TierIndex, statements: readonly PolicyStatement[]): DenyEntry[] {
  const out: DenyEntry[] = [];
  for (const statement of statements) {
    if (statement.effect !== "Deny" || statement.invalid) continue;
    const not = statement.notActions !== undefined;
    out.push({ statement, matched: statementActions(index, not ? (statement.notActions ?? []) : (statement.actions ?? []), not) });
  }
  return out;
}

function denyCoversAction(deny: DenyEntry, action: string, unknown: boolean): boolean {
  if (!unknown) {
    // Made when first asked: most Denies (a `Deny *` quarantine, a principal with no Allow) never are.
    deny.actions ??= actionSetOf(deny.matched);
    return deny.actions.has(action);
  }
  const s = deny.statement;
  if (s.notActions) return !s.notActions.some((p) => actionMatches(p, action));
  return (s.actions ?? []).some((p) => actionMatches(p, action));
}

/**
 * Every resource `ref` can stand for (minus what the grant already excludes) is inside the Deny's
 * resources. A Deny with NotResource spares its listed resources: it covers the grant when each
 * spared one is outside the grant or excluded from it anyway.
 */
function denyCoversResource(deny: DenyEntry, ref: ResourceRef, except: readonly string[] = []): boolean {
  const s = deny.statement;
  if (s.resources) return s.resources.some((r) => resourceCovers(r.pattern, ref.pattern));
  return (s.notResources ?? []).every((r) => !globsOverlap(r.pattern, ref.pattern) || except.some((x) => resourceCovers(x, r.pattern)));
}

const MFA_KEYS = new Set(["aws:multifactorauthpresent", "aws:multifactorauthage"]);
const TAG_KEY = /^(aws:(resourcetag|requesttag|principaltag)\/|aws:tagkeys$)/i;

/**
 * The tag a condition key reads from the resource, lower case, or undefined: `aws:ResourceTag/<k>`
 * and each service's own keys for the same tag (Service Authorization Reference, each service's
 * condition keys): `ec2:ResourceTag/<k>` and its kind, RDS's `rds:db-tag/<k>`, `rds:cluster-tag/<k>`
 * (every `-tag` but `req-tag`, the request's), S3's `s3:ExistingObjectTag/<k>` and bucket, access
 * point and table bucket tags, Data Pipeline's `datapipeline:Tag/<k>`. `key` in lower case.
 */
function resourceTagOf(key: string): string | undefined {
  return RESOURCE_TAG_KEY.exec(key)?.[1];
}

const RESOURCE_TAG_KEY = /^(?:[a-z0-9-]+:(?:resourcetag|existingobjecttag|buckettag|accesspointtag|tablebuckettag|vectorbuckettag)|datapipeline:tag|rds:(?!req-tag\/)[a-z-]+-tag)\/(.+)$/;
const PRINCIPAL_ARN_KEY = "aws:principalarn";

/**
 * Whether a condition operator is true when the request lacks its key (IAM User Guide, "Condition
 * operators"): negated operators, `...IfExists` and `ForAllValues:` are; positive ones,
 * `ForAnyValue:` and `Null` (true only for one of missing or present) are not.
 */
function appliesWithoutKey(operator: string): boolean {
  const op = operator.toLowerCase();
  if (op === "null" || op.startsWith("foranyvalue:")) return false;
  return op.startsWith("forallvalues:") || op.endsWith("ifexists") || op.includes("not");
}

/**
 * Whether a Deny's condition holds for the agent whatever it does. Unconditional: yes. MFA keys:
 * never (agents run inside a human's MFA session). Tag keys: only when the agent cannot change
 * tags (a resource's tag: cannot retag a resource beyond the non-production-tagged ones,
 * `tags.production`; any other tag key: cannot tag at all, `tags.any`), and a resource or request tag only under an operator that also holds where the tag is
 * missing (`StringNotEquals aws:ResourceTag/Environment: dev`) and what it spares is
 * non-production (sparesOnlyNonProduction); a principal tag only when the
 * test holds for the principal's own tags, which no session may override (deny-conditions.ts).
 * aws:PrincipalArn: decided against the principal's ARN when known; aws:PrincipalAccount,
 * aws:PrincipalIsAWSService, aws:PrincipalServiceName and aws:PrincipalType against what the
 * agent's requests carry (deny-conditions.ts). Anything else the agent
 * may be able to avoid (a region, an IP, TLS...): not proven, so the Deny does not protect.
 */
function denyHolds(condition: ConditionBlock | undefined, tags: TagRights, principal: Principal, scope: ProductionScope): boolean {
  if (!condition) return true;
  for (const [operator, block] of Object.entries(condition)) {
    for (const [key, value] of Object.entries(block)) {
      const k = key.toLowerCase();
      if (MFA_KEYS.has(k)) return false;
      if (TAG_KEY.test(k) || resourceTagOf(k) !== undefined) {
        // A resource's tag is undone only by retagging the production resource the Deny keeps
        // the agent from; a tagging right confined to dev-tagged resources cannot. The agent's
        // own tags (iam:TagRole on its own role, which may be tagged dev) and a request's: any.
        if (k.startsWith("aws:resourcetag/") || resourceTagOf(k) !== undefined ? tags.production() : tags.any()) return false;
        // The agent's own tags, unless a session may set them (aws:PrincipalTag was credited
        // whatever the tags: a role tagged dp:exclude=true passed a Deny that exempts it).
        if (k.startsWith("aws:principaltag/")) {
          if (holdsForEvery(operator, value, principalTagValues(principal, key.slice("aws:principaltag/".length)))) continue;
          return false;
        }
        // A positive test of a resource or request tag applies only where that tag is: untagged
        // resources, types that carry no tags and requests without tags (every delete) escape it.
        if (!appliesWithoutKey(operator)) return false;
        if (!sparesOnlyNonProduction(operator, k, value, scope)) return false;
        continue;
      }
      if (k === PRINCIPAL_ARN_KEY && principal.arn && principalArnConditionHolds(operator, value, principal.arn)) continue;
      // The agent's account, not a service principal, a role session's type: what its own requests carry.
      const known = principalKeyValues(principal, k);
      if (known !== undefined && holdsForEvery(operator, value, known)) continue;
      return false;
    }
  }
  return true;
}

/**
 * Whether what a negated or IfExists resource-tag test spares is non-production: it applies where
 * the tag is missing and spares the resources tagged otherwise, so `StringNotEquals
 * aws:ResourceTag/Environment: dev` spares dev tables, `…: prod` exactly the production ones, and
 * `StringEqualsIfExists …: prod` a table tagged `production` (or `Prod`: string tests are
 * case-sensitive). Only a negated test of an environment tag (a key of `production.tags`) whose
 * every value names a non-production environment spares nothing production. Request tags and
 * tag keys: a delete carries none, so the test applies (unchanged). `key` in lower case.
 */
function sparesOnlyNonProduction(operator: string, key: string, value: unknown, scope: ProductionScope): boolean {
  const tag = resourceTagOf(key);
  if (tag === undefined) return true;
  const op = operator.replace(/^For(?:AllValues|AnyValue):/, "").replace(/IfExists$/, "");
  if (op !== "StringNotEquals" && op !== "StringNotEqualsIgnoreCase" && op !== "StringNotLike") return false;
  if (!Object.keys(scope.tags).some((k) => k.toLowerCase() === tag)) return false;
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.length > 0 && values.every((v) => typeof v === "string" && !v.includes("${") && hasNonProductionToken(v, scope) && !hasProductionToken(v, scope));
}

/**
 * Whether a condition value matches the principal's ARN as IAM matches it (IAM User Guide,
 * "Condition operators"): string and ARN operators are case-sensitive; StringEquals takes no
 * wildcards; ArnEquals and ArnLike match each of the six colon-separated parts on its own, with
 * `*` and `?` inside a part. (Read case-insensitively, `role/KIRO-*` protected `role/kiro-agent`
 * from a Deny that IAM never applies to it.) `loose` matches case-insensitively: a negated
 * operator is taken to hold only when the value does not match even so (the Deny protects only
 * when it surely applies, whatever an SDK's documentation says of case).
 */
function principalArnMatches(op: string, pattern: string, arn: string, loose: boolean): boolean {
  if (op.startsWith("Arn")) {
    const want = arnSegments(pattern);
    const have = arnSegments(arn);
    return want !== undefined && have !== undefined && want.every((segment, i) => wildcardMatch(segment, have[i] ?? "", loose));
  }
  if (op.includes("Like")) return wildcardMatch(pattern, arn, loose);
  return loose ? pattern.toLowerCase() === arn.toLowerCase() : pattern === arn;
}

function principalArnConditionHolds(operator: string, value: unknown, arn: string): boolean {
  const op = operator.replace(/IfExists$/, "");
  const listed: unknown[] = Array.isArray(value) ? value : [value];
  // A value that is no text (an intrinsic the template leaves open) or none at all: a negated test
  // that read as "matches nothing" credited a Deny exempting the agent itself (`!GetAtt AgentRole.Arn`).
  if (listed.length === 0 || !listed.every((v) => typeof v === "string")) return false;
  const values = listed as string[];
  const matches = values.some((v) => principalArnMatches(op, v, arn, op.includes("Not")));
  if (op === "StringEquals" || op === "StringLike" || op === "ArnEquals" || op === "ArnLike") return matches;
  if (op === "StringNotEquals" || op === "StringNotLike" || op === "ArnNotEquals" || op === "ArnNotLike") return !matches;
  return false;
}

/**
 * The part of a grant a limit (boundary, SCP, the spared resources of a Deny) also reaches. When
 * neither pattern covers the other, either one over-approximates the intersection; a
 * non-production one wins, since everything in the intersection is inside it.
 */
function intersectRefs(identity: ResourceRef, limit: ResourceRef, isProduction: (ref: ResourceRef) => boolean): ResourceRef | undefined {
  if (!resourcesOverlap(identity.pattern, limit.pattern)) return undefined;
  if (resourceCovers(identity.pattern, limit.pattern)) return limit;
  if (resourceCovers(limit.pattern, identity.pattern)) return identity;
  const exact = segmentIntersection(identity.pattern, limit.pattern);
  if (exact !== undefined) return { ...identity, pattern: exact };
  return isProduction(identity) && !isProduction(limit) ? limit : identity;
}

/**
 * Two ARN patterns whose every segment pair is nested (`arn:aws:iam::*:policy/X*` and
 * `arn:*:iam::aws:policy/*`): their exact intersection, the narrower of each segment
 * (`arn:aws:iam::aws:policy/X*`). Otherwise undefined (no single pattern is exact).
 */
function segmentIntersection(a: string, b: string): string | undefined {
  const x = arnSegments(a);
  const y = arnSegments(b);
  if (!x || !y) return undefined;
  const out: string[] = [];
  for (let i = 0; i < x.length; i++) {
    const p = x[i] as string;
    const q = y[i] as string;
    if (globCovers(p, q)) out.push(q);
    else if (globCovers(q, p)) out.push(p);
    else return undefined;
  }
  return out.join(":");
}

/** Keep only what a limiting policy set (a boundary, one SCP) also allows, narrowing resources. */
function limitBy(entries: AllowEntry[], limits: AllowEntry[] | undefined, isProduction: (ref: ResourceRef) => boolean): AllowEntry[] {
  if (!limits || limits.length === 0) return [];
  const out: AllowEntry[] = [];
  for (const entry of entries) {
    for (const limit of limits) {
      const ref = intersectRefs(entry.ref, limit.ref, isProduction);
      if (!ref) continue;
      // What either side excludes with NotResource is not reached, when it covers the whole result.
      const except = [...(entry.except ?? []), ...(limit.except ?? [])];
      if (except.some((x) => resourceCovers(x, ref.pattern))) continue;
      out.push(except.length ? { ref, statement: entry.statement, except } : { ref, statement: entry.statement });
    }
  }
  return out;
}

/**
 * What remains of a grant after the Denies that protect: nothing when one covers it; with a
 * NotResource Deny, only the resources that Deny spares (intersected with the grant).
 */
function applyDenies(
  entry: AllowEntry,
  denies: readonly DenyEntry[],
  action: string,
  isUnknown: boolean,
  isProduction: (ref: ResourceRef) => boolean,
): AllowEntry[] {
  let remaining = [entry];
  for (const deny of denies) {
    if (!denyCoversAction(deny, action, isUnknown)) continue;
    const next: AllowEntry[] = [];
    for (const e of remaining) {
      if (denyCoversResource(deny, e.ref, e.except)) continue;
      const spared = deny.statement.notResources;
      if (!spared) {
        // The part this Deny covers is never reached: a later NotResource Deny that spares only
        // that part then leaves nothing (Deny X + Deny NotResource X deny everything).
        const denied = (deny.statement.resources ?? []).map((r) => r.pattern).filter((p) => globsOverlap(p, e.ref.pattern));
        next.push(denied.length ? { ...e, except: [...(e.except ?? []), ...denied] } : e);
        continue;
      }
      for (const r of spared) {
        for (const part of limitBy([e], [{ ref: r, statement: deny.statement }], isProduction)) next.push(withinSpared(part, r, e, isProduction));
      }
    }
    remaining = next;
    if (remaining.length === 0) break;
  }
  return remaining;
}

/**
 * What a NotResource Deny leaves of a grant lies inside the resource it spares. When the two
 * patterns are not nested (a grant on the access entries of clusters `beanstalk-cluster*`, a
 * boundary sparing the access entries of service-linked roles) no glob is their exact
 * intersection and intersectRefs keeps the grant's wider pattern; the spared one is as true an
 * outline, and the one that says the grant is the exception the Deny makes (the notEscalation
 * resources a boundary spares). It is non-production when the grant's own resource is.
 */
function withinSpared(part: AllowEntry, spared: ResourceRef, grant: AllowEntry, isProduction: (ref: ResourceRef) => boolean): AllowEntry {
  if (globCovers(spared.pattern, part.ref.pattern)) return part;
  return { ...part, ref: isProduction(grant.ref) ? spared : { ...spared, production: false } };
}

export interface AnalysisContext {
  policy: Policy;
  catalogue: ActionCatalogue;
  parser: PolicyParser;
  /** Account of the input, when the principal has none. */
  account?: string;
  /**
   * Production verdicts of resource patterns, by account and pattern, shared by every principal
   * of one analysis: thousands of principals name the same resources (`*`, a bucket ARN), and
   * tokenizing each pattern again per principal was a tenth of a large account's evaluation.
   */
  productionVerdicts?: Map<string, Map<string, boolean>>;
  /** Evaluation time (ms since the epoch): an Allow whose date condition has passed is inert. */
  now: number;
}

/** Whether a resource the principal's policies name is production (verdicts shared through the context). */
function productionTest(principal: Principal, context: AnalysisContext): (ref: ResourceRef) => boolean {
  const productionVerdicts = context.productionVerdicts ?? new Map<string, Map<string, boolean>>();
  const account = principal.account ?? context.account;
  // A production stack's principals judge their own account as production (ResourceContext.production).
  const own = principal.production === true && account !== undefined;
  const key = `${account ?? ""}${own ? "/production" : ""}`;
  const known = productionVerdicts.get(key) ?? new Map<string, boolean>();
  productionVerdicts.set(key, known);
  return (ref: ResourceRef): boolean => {
    if (ref.production !== undefined) return ref.production;
    let production = known.get(ref.pattern);
    if (production === undefined) {
      production = isProductionResource(ref, account !== undefined ? { account, ...(own ? { production: true } : {}) } : {}, context.policy.production);
      known.set(ref.pattern, production);
    }
    return production;
  };
}

/**
 * A boundary document or SCPs: limits that analyzePrincipal applies to this principal alone, so
 * no shortcut that skips building its access holds (an unresolved boundary only adds a note).
 */
export function hasOwnLimits(principal: Principal): boolean {
  return (principal.boundary !== undefined && principal.boundary !== "unresolved") || Boolean(principal.serviceControlPolicies?.length);
}

/**
 * Whether analyzePrincipal would give the principal a grant of one of `tiers` on a production
 * resource, proven without building its access (thousands of grants for `*`), stopping at the
 * first one. Only proven where nothing can take a grant away: no boundary or SCP to limit it and
 * no Deny statement; then every Allow of an action on a resource it acts on is a grant. False
 * means "not proven" (build the access), never "has none".
 */
export function provablyGrants(principal: Principal, context: AnalysisContext, tiers: readonly Tier[], extraPolicies: PolicySource[] = []): boolean {
  if (hasOwnLimits(principal)) return false;
  const identity = [...principal.policies, ...extraPolicies].flatMap((s) => context.parser.statements(s));
  if (identity.some((s) => s.effect !== "Allow")) return false;
  const index = tierIndex(context.catalogue, context.policy.destructive, context.policy.escalation);
  const isProduction = productionTest(principal, context);
  for (const statement of identity) {
    if (!statement.invalid && conditionCannotHold(statement.condition, context.now)) continue;
    const not = statement.notActions !== undefined;
    const refs = statementRefs(statement);
    // First hit wins (`*` grants thousands of actions); production verdicts, the dearest test, last.
    for (const action of statementActions(index, not ? (statement.notActions ?? []) : (statement.actions ?? []), not).actions) {
      const granted = index.tiersOf(action);
      if (granted === undefined || !tiers.some((t) => granted.has(t))) continue;
      // A SQL API deletes only with an administrator's secret, another grant: not proven here.
      if (isSqlApi(context.policy.destructive.t1Delete.databaseLogins, action)) continue;
      const t1 = context.policy.destructive.t1Delete;
      if (refs.some((r) => actionReachesResource(context.catalogue, action, r.pattern) && isProduction(r) && !deletesNothingSeen(t1, action, granted, r.pattern, statement))) return true;
    }
  }
  return false;
}

/**
 * Whether analyzePrincipal would give the principal no grant at all and a passesLimits that lets
 * every request through, proven without building its access: no boundary or SCP, and none of its
 * statements names a tiered action (nor an unknown action named like one), so no Allow grants one
 * and no Deny covers one (passesLimits asks about tiered actions only). Most roles of a large
 * account are such; role chaining meets thousands. False: not proven.
 */
export function provablyInert(principal: Principal, context: AnalysisContext, extraPolicies: PolicySource[] = []): boolean {
  if (hasOwnLimits(principal)) return false;
  const index = tierIndex(context.catalogue, context.policy.destructive, context.policy.escalation);
  for (const source of [...principal.policies, ...extraPolicies]) {
    for (const statement of context.parser.statements(source)) {
      const not = statement.notActions !== undefined;
      const matched = statementActions(index, not ? (statement.notActions ?? []) : (statement.actions ?? []), not);
      if (matched.actions.length || matched.unknown.some((action) => tiersOfUnknownAction(index, action).size > 0)) return false;
    }
  }
  return true;
}

/** Whether the agent can change tags at all (`any`), and beyond resources tagged non-production (`production`); asked lazily. */
interface TagRights {
  any(): boolean;
  production(): boolean;
}

/** What of an action's Allow entries the boundary and SCPs also allow. */
type Limited = (action: string, entries: AllowEntry[], isUnknown: boolean) => AllowEntry[];

// agentCanTag and grantsOf are module functions, not closures of analyzePrincipal: a closure
// there would keep the principal's Allow map alive through the shared context of passesLimits
// (a sixth of what a large account's analysis keeps, copied again by every collection).

/**
 * Whether the agent can change tags on something: then Denies keyed on tags do not protect.
 * `beyond`: only a right that may reach a resource not tagged as a non-production environment
 * counts (an Allow of ec2:CreateTags under `ec2:ResourceTag/Environment: dev`, as `ec2:*` limited
 * to dev instances holds it, retags dev instances only: it cannot make a production one dev).
 */
function agentCanTag(index: TierIndex, allows: Map<string, AllowEntry[]>, unknown: ReadonlySet<string>, limited: Limited, denies: readonly DenyEntry[], beyond?: ProductionScope, principals = false): boolean {
  for (const [action, entries] of allows) {
    if (principals && !PRINCIPAL_TAGGING.test(action)) continue;
    if (!tiersOf(index, action, unknown.has(action)).has("tagging")) continue;
    const remaining = limited(action, entries, unknown.has(action)).filter(
      (e) =>
        !tagsOnlyAtCreation(e.statement) &&
        !(beyond && taggedNonProduction(e.statement, beyond)) &&
        !denies.some((d) => !d.statement.condition && denyCoversAction(d, action, unknown.has(action)) && denyCoversResource(d, e.ref)),
    );
    if (remaining.length) return true;
  }
  return false;
}

/**
 * Tagging actions that may change an IAM principal's tags (what aws:PrincipalTag reads): IAM's own
 * (TagRole, TagUser, Untag…) and the Resource Groups Tagging API's, which tag across services
 * (taken to reach IAM too: fail closed).
 */
const PRINCIPAL_TAGGING = /^(iam|tag):/i;

/**
 * The condition keys a request carries only when it tags a resource as it creates it: each
 * service's `<service>:CreateAction`, "the name of a resource-creating API action" (Service
 * Authorization Reference; EC2 User Guide, "Grant permission to tag Amazon EC2 resources during
 * creation"; ECS Developer Guide, "Grant permission to tag resources on creation"). Not
 * `cloudformation:CreateAction`, "a resource-mutating API action": UpdateStack retags an existing
 * stack. test/core/iam/tag-limited-allows.test.ts walks the catalogue for every such key.
 */
export const TAG_ON_CREATE_KEYS: ReadonlySet<string> = new Set(
  ["ec2", "ecs", "elasticloadbalancing", "elasticfilesystem", "drs", "mgn", "vpc-lattice", "s3files"].map((service) => `${service}:createaction`),
);

/**
 * Whether an Allow tags only in the request that creates the resource: a positive test of a
 * TAG_ON_CREATE_KEYS key (`ec2:CreateAction`, `ecs:CreateAction`), false in a tagging call of its
 * own, so no existing resource is retagged. IfExists and negated tests hold without the key: they
 * retag anything.
 */
function tagsOnlyAtCreation(statement: PolicyStatement): boolean {
  const condition = statement.condition;
  if (!condition) return false;
  for (const [operator, block] of Object.entries(condition)) {
    if (!PINNING_STRING_OPERATORS.has(operator.toLowerCase().replace(/^foranyvalue:/, ""))) continue;
    for (const key of Object.keys(block)) if (TAG_ON_CREATE_KEYS.has(key.toLowerCase())) return true;
  }
  return false;
}

/** The tracked grants that survive the limits and the protecting Denies. */
function grantsOf(
  index: TierIndex,
  catalogue: ActionCatalogue,
  allows: Map<string, AllowEntry[]>,
  unknown: ReadonlySet<string>,
  limited: Limited,
  protecting: readonly DenyEntry[],
  isProduction: (ref: ResourceRef) => boolean,
  t1: DestructiveActions["t1Delete"],
): Grant[] {
  const grants: Grant[] = [];
  // Map#forEach, indexed loops: no iterator or entry objects per action (thousands per principal).
  allows.forEach((entries, action) => {
    const isUnknown = unknown.has(action);
    const tiers = tiersOf(index, action, isUnknown);
    if (tiers.size === 0 || (tiers.size === 1 && tiers.has("tagging"))) return;
    const reached = limited(action, entries, isUnknown);
    const remaining = protecting.length ? reached.flatMap((e) => applyDenies(e, protecting, action, isUnknown, isProduction)) : reached;
    // collectAllows kept only the resources each action acts on: asked again only of what a limit
    // or a Deny made, which may narrow `*` to resources the action cannot act on.
    const recheck = remaining !== entries;
    for (let i = 0; i < remaining.length; i++) {
      const entry = remaining[i] as AllowEntry;
      if (recheck && entry.ref.pattern !== "*" && !actionReachesResource(catalogue, action, entry.ref.pattern)) continue;
      if (deletesNothingSeen(t1, action, tiers, entry.ref.pattern, entry.statement)) continue;
      const grant: Grant = { action, tiers, ref: entry.ref, statement: entry.statement, production: isProduction(entry.ref) };
      if (isUnknown) grant.unknownAction = true;
      if (entry.except) grant.except = entry.except;
      grants.push(grant);
    }
  });
  return grants;
}

/** The actions (lower case) t1Delete's login, session, path and lock-object lists name, per policy; answers by spelling. */
const judgedActions = new WeakMap<DestructiveActions["t1Delete"], { named: ReadonlySet<string>; bySpelling: BoundedMemo<boolean> }>();

/**
 * Whether one of t1Delete's login, session, path or lock-object lists names the action (in any case, as each
 * list's own lookup matches it): only then can a grant of it delete nothing seen. Asked for each of
 * tens of thousands of grants of a large account, nearly all of actions no list names, which each
 * list's own lookup answered by lower-casing the action and every name it holds (issue 17).
 */
function judgedByGrant(t1: DestructiveActions["t1Delete"], action: string): boolean {
  let judged = judgedActions.get(t1);
  if (!judged) {
    const named = new Set<string>();
    for (const entry of t1.databaseLogins?.actions ?? []) named.add(entry.action.toLowerCase());
    for (const session of t1.readOnlySessions ?? []) named.add(session.action.toLowerCase());
    for (const path of t1.readOnlyPaths ?? []) named.add(path.action.toLowerCase());
    for (const lock of t1.lockObjects ?? []) named.add(lock.action.toLowerCase());
    judgedActions.set(t1, (judged = { named, bySpelling: new BoundedMemo("actions judged by their grant") }));
  }
  let verdict = judged.bySpelling.get(action);
  if (verdict === undefined) judged.bySpelling.set(action, (verdict = judged.named.has(action.toLowerCase())));
  return verdict;
}

/**
 * A grant tiered delete only as a login, a session or an HTTP request that deletes nothing IAM
 * can see: a database login that reaches no administrator user, a session pinned to a read-only
 * mode, a request scoped to read-only APIs, or a delete of a tool's lock objects only (Terraform's
 * `.tflock`). It is no grant at all.
 */
function deletesNothingSeen(t1: DestructiveActions["t1Delete"], action: string, tiers: ReadonlySet<Tier>, resource: string, statement: PolicyStatement): boolean {
  if (tiers.size !== 1 || !tiers.has("delete") || !judgedByGrant(t1, action)) return false;
  if (t1.databaseLogins && loginReachesAdmin(t1.databaseLogins, action, resource, statement.condition) === false) return true;
  return readOnlySession(t1.readOnlySessions, action, tiers, statement) || readOnlyPath(t1.readOnlyPaths, action, tiers, resource) || lockObject(t1.lockObjects, action, tiers, resource);
}

/** What analyzePrincipal reads before any Deny is judged: the Allows, what the limits keep of them, every Deny. */
interface AccessInputs {
  index: TierIndex;
  identity: PolicyStatement[];
  allows: Map<string, AllowEntry[]>;
  unknown: ReadonlySet<string>;
  limited: Limited;
  denies: DenyEntry[];
  isProduction: (ref: ResourceRef) => boolean;
  notes: string[];
  unmatchedPatterns: PrincipalAccess["unmatchedPatterns"];
}

function accessInputs(principal: Principal, context: AnalysisContext, extraPolicies: PolicySource[]): AccessInputs {
  const { policy, catalogue, parser } = context;
  const index = tierIndex(catalogue, policy.destructive, policy.escalation);
  const notes: string[] = [];
  const unmatchedPatterns: PrincipalAccess["unmatchedPatterns"] = [];

  const identity = parser.collect(extraPolicies, parser.collect(principal.policies));
  const { allows, unknown } = collectAllows(index, identity, context.now, unmatchedPatterns);

  // Limits: the boundary and each SCP must also allow; their Denies apply like identity Denies.
  const limits: { allows: Map<string, AllowEntry[]>; statements: PolicyStatement[] }[] = [];
  // A copy only when limits add their statements (most principals have none).
  const denyStatements = hasOwnLimits(principal) ? [...identity] : identity;
  if (principal.boundary === "unresolved") {
    notes.push("permission boundary set but its document is not in the input: it cannot be shown to restrict");
  } else if (principal.boundary) {
    const statements = parser.statements(principal.boundary);
    limits.push({ allows: collectAllows(index, statements, context.now).allows, statements });
    denyStatements.push(...statements);
  }
  if (principal.serviceControlPolicies?.length) {
    // One limit: what any of them allows (FullAWSAccess beside Deny-only SCPs, as AWS attaches
    // them), each one's Denies. AWS asks an Allow of every level; a flat list does not say the
    // levels, and reading each SCP as a level of its own let a Deny-only SCP allow nothing at all.
    const statements = parser.collect(principal.serviceControlPolicies);
    limits.push({ allows: collectAllows(index, statements, context.now).allows, statements });
    denyStatements.push(...statements);
  } else notes.push("SCPs not verified");
  const denies = denyEntries(index, denyStatements);

  const isProduction = productionTest(principal, context);

  const limited: Limited = (action, entries, isUnknown) => {
    if (limits.length === 0) return entries;
    let current = entries;
    for (const limit of limits) {
      // An unknown action is allowed by a limit statement whose own patterns cover it.
      const allowed = isUnknown ? allowEntriesFor(limit.statements, action) : limit.allows.get(action);
      current = limitBy(current, allowed, isProduction);
      if (current.length === 0) break;
    }
    return current;
  };
  return { index, identity, allows, unknown, limited, denies, isProduction, notes, unmatchedPatterns };
}

/**
 * Tag rights a principal has through another it can become (analysis.ts): a role it may assume or
 * pass that can change tags undoes its tag-limited Allows and tag-keyed Denies as its own right would.
 */
export interface TagsThrough {
  /** It can change an IAM principal's tags (tagRightsOf's `principals`): any tag question but a resource's. */
  any: boolean;
  production: boolean;
  /** Why, for the evidence: the chain to the principal that can tag. */
  note: string;
}

/**
 * The principal's own tag rights, asked lazily and remembered. A module function, not closures of
 * analyzePrincipal: those would keep the Allow map alive through the context passesLimits shares
 * (see agentCanTag). `through`: rights it has through another principal (then its own are not asked).
 */
function lazyTagRights(inputs: AccessInputs, scope: ProductionScope, through?: TagsThrough): TagRights & { refused(): boolean } {
  const { index, allows, unknown, limited, denies } = inputs;
  let any: boolean | undefined;
  let production: boolean | undefined;
  return {
    any: () => (any ??= through?.any === true || agentCanTag(index, allows, unknown, limited, denies)),
    production: () => (production ??= through?.production === true || agentCanTag(index, allows, unknown, limited, denies, scope)),
    // A question answered "no": a right reached through another principal would change the access.
    refused: () => any === false || production === false,
  };
}

/**
 * What the principal's tagging right gives an agent that can become it: retagging beyond resources
 * tagged non-production (`production`: undoes the agent's resource-tag conditions) and changing an
 * IAM principal's tags (`principals`: the agent's own role, undoing its aws:PrincipalTag
 * conditions; another principal's right to tag tables does not change what the agent's own
 * requests carry). By its own policies, limits and Denies: asked of the principals an agent can
 * become only when the agent's access turned on a tag (analysis.ts), so read again from its policies.
 */
export function tagRightsOf(principal: Principal, context: AnalysisContext, extraPolicies: PolicySource[] = []): { principals: boolean; production: boolean } {
  const { index, allows, unknown, limited, denies } = accessInputs(principal, context, extraPolicies);
  return {
    principals: agentCanTag(index, allows, unknown, limited, denies, undefined, true),
    production: agentCanTag(index, allows, unknown, limited, denies, context.policy.production),
  };
}

export function analyzePrincipal(principal: Principal, context: AnalysisContext, extraPolicies: PolicySource[] = [], through?: TagsThrough): PrincipalAccess {
  const { policy, catalogue } = context;
  const inputs = accessInputs(principal, context, extraPolicies);
  const { index, identity, allows, unknown, limited, denies, isProduction, notes, unmatchedPatterns } = inputs;

  // Can the agent change tags? Then Denies keyed on tags do not protect. Asked only when a
  // conditional Deny or a tag-limited Allow needs the answer (each walks every Allow).
  const tags = lazyTagRights(inputs, policy.production, through);
  // A loop, not a filter callback: a closure naming `tags` would put it (and through it the Allow
  // map) in the context passesLimits keeps.
  const protecting: DenyEntry[] = [];
  for (let i = 0; i < denies.length; i++) if (denyHolds((denies[i] as DenyEntry).statement.condition, tags, principal, policy.production)) protecting.push(denies[i] as DenyEntry);
  const ignored = denies.length - protecting.length;
  if (ignored) notes.push(`${ignored} conditional Deny statement${ignored === 1 ? "" : "s"} not counted: the agent can meet or undo the condition`);

  const logins = policy.destructive.t1Delete.databaseLogins;
  let grants = grantsOf(index, catalogue, allows, unknown, limited, protecting, isProduction, policy.destructive.t1Delete);
  // SQL through rds-data/redshift-data runs as the user of the secret it is given: it deletes
  // (as the administrator) only when the agent can also read an administrator's secret.
  if (logins?.sqlApis?.length && grants.some((g) => isSqlApi(logins, g.action)) && !readsAdminSecret(logins, identity, context.now)) {
    grants = grants.filter((g) => !(isSqlApi(logins, g.action) && g.tiers.size === 1 && g.tiers.has("delete")));
  }
  // An Allow only for resources tagged as a non-production environment reaches none of the
  // production ones, unless the agent can retag a production resource (then it counts).
  if (grants.some((g) => g.production && taggedNonProduction(g.statement, policy.production)) && !tags.production()) {
    for (const g of grants) if (g.production && taggedNonProduction(g.statement, policy.production)) g.production = false;
  }
  // An Allow pattern the catalogue cannot expand is harmless where a protecting Deny on every
  // resource covers each action it could name (a boundary denying a retired service whole).
  const deniedEverywhere = protecting.filter((d) => d.statement.actions && d.statement.resources?.some((r) => r.pattern === "*"));
  const stillUnmatched = unmatchedPatterns.filter(
    (u) => !deniedEverywhere.some((d) => (d.statement.actions ?? []).some((p) => globCovers(p, u.pattern))),
  );
  const passesLimits = (action: string, resource: string): boolean => {
    const canonical = index.relevant(action);
    if (!canonical) return true; // not a tracked action: no limit is known to stop it (fail closed)
    const granted: PolicyStatement = { effect: "Allow", actions: [canonical], resources: [{ pattern: resource }], index: 0, evidence: {}, source: { name: "resource policy", document: {}, evidence: {} } };
    const entries = limited(canonical, [{ ref: { pattern: resource }, statement: granted }], false);
    return entries.some((e) => applyDenies(e, protecting, canonical, false, isProduction).length > 0);
  };
  if (through && (through.any || through.production)) notes.push(`tag-limited Allows and tag-keyed Denies read as the tags it can change: ${through.note}`);
  return { principal, grants, notes, unmatchedPatterns: stillUnmatched, passesLimits, ...(tags.refused() ? { tagSensitive: true } : {}) };
}

/**
 * Whether an Allow applies only to resources whose environment tag (a key of `production.tags`)
 * names a non-production environment: `StringEquals aws:ResourceTag/Environment: dev`. Such a
 * resource is not production by the tag rule, and a request without the tag is not allowed at
 * all. IfExists and negated operators do not restrict (an untagged resource passes them), nor
 * does a policy variable (the request's value, not its text).
 */
function taggedNonProduction(statement: PolicyStatement, scope: ProductionScope): boolean {
  const condition = statement.condition;
  if (!condition) return false;
  // Asked for each grant (thousands per principal), of a few statements: answered once per statement.
  let verdicts = tagVerdicts.get(scope);
  if (!verdicts) tagVerdicts.set(scope, (verdicts = new WeakMap()));
  let verdict = verdicts.get(statement);
  if (verdict === undefined) verdicts.set(statement, (verdict = onlyNonProductionTags(condition, scope)));
  return verdict;
}

const tagVerdicts = new WeakMap<ProductionScope, WeakMap<PolicyStatement, boolean>>();
const envTags = new WeakMap<ProductionScope, ReadonlySet<string>>();

function onlyNonProductionTags(condition: ConditionBlock, scope: ProductionScope): boolean {
  let envTagNames = envTags.get(scope);
  if (!envTagNames) envTags.set(scope, (envTagNames = new Set(Object.keys(scope.tags).map((k) => k.toLowerCase()))));
  for (const [operator, block] of Object.entries(condition)) {
    // ForAnyValue: on a resource tag (one value) holds as the plain test does, false without the
    // tag (IAM User Guide, "Set operators for multivalued context keys"); ForAllValues: holds without it.
    if (!PINNING_STRING_OPERATORS.has(operator.toLowerCase().replace(/^foranyvalue:/, ""))) continue;
    for (const [key, value] of Object.entries(block)) {
      // aws:ResourceTag or the service's own key for the same tag (`ec2:ResourceTag/Environment`,
      // `rds:db-tag/Environment`): a request of another service lacks the key and fails the test.
      const tag = resourceTagOf(key.toLowerCase());
      if (tag === undefined || !envTagNames.has(tag)) continue;
      const values = Array.isArray(value) ? value : [value];
      // A policy variable is the request's value (`${aws:PrincipalTag/dev}` may say prod), not its text.
      if (values.length > 0 && values.every((v) => typeof v === "string" && !v.includes("${") && hasNonProductionToken(v, scope) && !hasProductionToken(v, scope))) return true;
    }
  }
  return false;
}

/** A resource outside every listed non-production account (T4 is about the account, not names). */
export function inProductionAccount(ref: ResourceRef, principal: Principal, policy: Policy, inputAccount?: string): boolean {
  if (ref.production === false) return false;
  const home = principal.account ?? inputAccount;
  const account = arnAccount(ref.pattern) ?? home;
  // A production stack's own account holds production, listed or not (ResourceContext.production).
  if (principal.production === true && account !== undefined && account === home) return true;
  return !isNonProductionAccount(account, policy.production);
}

