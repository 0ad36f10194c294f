/**
 * Escalation paths (policies/escalation-paths.yaml): a path counts for a principal when every one
 * of its actions is granted on some resource the action acts on (resource types are already
 * applied to grants, access.ts), except on the resources where an action cannot escalate
 * (`notEscalation`: AWS managed policies, the caller's own user).
 */
import { BoundedMemo } from "../bounded-memo.js";
import { wildcardMatch } from "../glob.js";
import type { EscalationPath, EscalationPaths } from "../policy.js";
import type { Grant } from "./access.js";
import { PINNING_OPERATORS } from "./conditions.js";
import { globCovers, resourceCovers, resourcesOverlap } from "./patterns.js";
import type { ConditionBlock, PolicyStatement } from "./policy-document.js";
import { servicePrincipalName } from "./service-principals.js";

export interface PathMatch {
  path: EscalationPath;
  /** The grants that give the path's actions (each action at least once). */
  grants: Grant[];
}

/** A `notEscalation` rule with its actions in lower case, made once per policy. */
interface Exclusion {
  actions: ReadonlySet<string>;
  resources: readonly string[];
  condition?: { key: string; values: readonly string[] };
}

const exclusions = new WeakMap<EscalationPaths, Exclusion[]>();

function exclusionsOf(escalation: EscalationPaths): Exclusion[] {
  let rules = exclusions.get(escalation);
  if (!rules) {
    rules = escalation.notEscalation.map((rule) => ({
      actions: new Set(rule.actions.map((a) => a.toLowerCase())),
      resources: rule.resources,
      ...(rule.condition ? { condition: { key: rule.condition.key.toLowerCase(), values: rule.condition.values } } : {}),
    }));
    exclusions.set(escalation, rules);
  }
  return rules;
}

/** Whether `notEscalation` rules take this grant (its action in lower case: `action`) out of every path. */
function excluded(grant: Grant, action: string, rules: readonly Exclusion[]): boolean {
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r] as Exclusion;
    if (!rule.actions.has(action) || !rule.resources.some((pattern) => globCovers(pattern, grant.ref.pattern))) continue;
    if (!rule.condition || pinnedTo(grant.statement.condition, rule.condition.key, rule.condition.values)) return true;
  }
  return false;
}


/** Whether a condition allows `key` (lower case) only values that the `allowed` globs cover. */
function pinnedTo(condition: ConditionBlock | undefined, key: string, allowed: readonly string[]): boolean {
  if (!condition) return false;
  for (const [operator, block] of Object.entries(condition)) {
    if (!PINNING_OPERATORS.has(operator.toLowerCase())) continue;
    for (const [k, value] of Object.entries(block)) {
      if (k.toLowerCase() !== key) continue;
      const values = Array.isArray(value) ? value : [value];
      if (values.length > 0 && values.every((v) => typeof v === "string" && allowed.some((a) => globCovers(a, v)))) return true;
    }
  }
  return false;
}

/** Grants by lower-case action, without those `notEscalation` takes out. */
export function escalationGrantsByAction(grants: readonly Grant[], escalation: EscalationPaths): Map<string, Grant[]> {
  const byAction = new Map<string, Grant[]>();
  const rules = exclusionsOf(escalation);
  for (let i = 0; i < grants.length; i++) {
    const grant = grants[i] as Grant;
    if (!grant.tiers.has("pathStep")) continue;
    const key = grant.action.toLowerCase();
    if (excluded(grant, key, rules)) continue;
    const list = byAction.get(key);
    if (list) list.push(grant);
    else byAction.set(key, [grant]);
  }
  return byAction;
}

/** Each path's actions in lower case, per policy: read once per call, not once per path. */
const lowerActions = new WeakMap<EscalationPaths, string[][]>();

function lowerActionsOf(escalation: EscalationPaths): string[][] {
  let lists = lowerActions.get(escalation);
  if (!lists) lowerActions.set(escalation, (lists = escalation.paths.map((path) => path.actions.map((a) => a.toLowerCase()))));
  return lists;
}

const PASS_ROLE = "iam:passrole";

/**
 * Whether an iam:PassRole grant may hand a role to `service`. iam:PassedToService is the service
 * the request passes the role to (AWS sets it; the agent cannot choose it), so a grant limited
 * to another service (`StringEquals iam:PassedToService lambda.amazonaws.com`, AWS's documented
 * way to scope PassRole) passes no role to this path's. Any other condition may hold.
 */
function passesTo(grant: Grant, service: string): boolean {
  const { statement } = grant;
  const condition = statement.condition;
  if (!condition) return true;
  // Asked per grant and passed-role path (dozens of paths): answered once per statement and service.
  let byService = passVerdicts.get(statement);
  if (!byService) passVerdicts.set(statement, (byService = new Map()));
  let verdict = byService.get(service);
  if (verdict === undefined) byService.set(service, (verdict = conditionPassesTo(condition, service)));
  return verdict;
}

const passVerdicts = new WeakMap<PolicyStatement, Map<string, boolean>>();

/**
 * One test of iam:PassedToService in a condition: its operator (bare, lower case) and string
 * values, each also in lower case and as the service it names in any spelling (servicePrincipalName),
 * worked out once per condition: the test is asked for every passed-role path's service.
 */
interface PassTest {
  op: string;
  like: boolean;
  values: readonly string[];
  lowerValues: readonly string[];
  spellings: readonly string[];
  /** A value holding a policy variable: the request's value, any service. */
  variable: boolean;
}

/** A condition's iam:PassedToService tests, read once per condition (it is asked per passed-role path). */
const passTestsByCondition = new WeakMap<ConditionBlock, readonly PassTest[]>();

function passTestsOf(condition: ConditionBlock): readonly PassTest[] {
  let tests = passTestsByCondition.get(condition);
  if (!tests) {
    const found: PassTest[] = [];
    for (const [operator, block] of Object.entries(condition)) {
      const op = operator.replace(/^For(Any|All)Values:/i, "").replace(/IfExists$/i, "").toLowerCase();
      for (const [key, value] of Object.entries(block)) {
        if (key.toLowerCase() !== "iam:passedtoservice") continue;
        const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
        found.push({
          op,
          like: op.endsWith("like"),
          values,
          lowerValues: values.map((v) => v.toLowerCase()),
          spellings: values.map(servicePrincipalName),
          variable: values.some((v) => v.includes("${")),
        });
      }
    }
    passTestsByCondition.set(condition, (tests = found));
  }
  return tests;
}

/** Whether one of `values` names `service` (`lower`: in lower case), as a StringLike or a StringEquals test reads it. */
function names(values: readonly string[], like: boolean, service: string, lower: string): boolean {
  for (let i = 0; i < values.length; i++) {
    if (like ? wildcardMatch(values[i] as string, service) : values[i] === lower) return true;
  }
  return false;
}

function conditionPassesTo(condition: ConditionBlock, service: string): boolean {
  const tests = passTestsOf(condition);
  const lower = service.toLowerCase();
  for (let i = 0; i < tests.length; i++) {
    const test = tests[i] as PassTest;
    const { op, like } = test;
    const named = names(like ? test.values : test.lowerValues, like, service, lower);
    // A value naming the service in another spelling (ec2.amazonaws.com.cn, as a China deployment
    // writes it) allows the request there, and a policy variable is the request's value, any
    // service; a negated test still excludes only what it spells (fail closed).
    const namedInAnySpelling = named || test.variable || names(test.spellings, like, service, lower);
    if ((op === "stringequals" || op === "stringequalsignorecase" || op === "stringlike") && !namedInAnySpelling) return false;
    if ((op === "stringnotequals" || op === "stringnotequalsignorecase" || op === "stringnotlike") && named) return false;
  }
  return true;
}

const NO_GRANTS: readonly Grant[] = Object.freeze([]);

/**
 * The grants of one of a path's actions that serve it: iam:PassRole only where it can reach the
 * path's service (`passRoleTo`: those grants by service, made once per principal for its paths).
 */
function pathGrants(path: EscalationPath, action: string, byAction: ReadonlyMap<string, readonly Grant[]>, passRoleTo: Map<string, readonly Grant[]>): readonly Grant[] {
  const grants = byAction.get(action) ?? NO_GRANTS;
  if (path.resources) return onPathResources(grants, path.resources);
  if (action !== PASS_ROLE || path.via !== "passed-role" || path.service === undefined) return grants;
  const { services, key } = passedToServicesOf(path, path.service);
  let passing = passRoleTo.get(key);
  if (!passing) {
    passing = NO_GRANTS;
    for (let i = 0; i < grants.length; i++) {
      if (passesToAny(grants[i] as Grant, services)) continue;
      // Some grant cannot reach these services: keep only those that can.
      passing = grants.filter((g) => passesToAny(g, services));
      break;
    }
    if (passing === NO_GRANTS) passing = grants;
    passRoleTo.set(key, passing);
  }
  return passing;
}

/** The services a passed-role path's request may carry, and their key: made once per path. */
const passedToServices = new WeakMap<EscalationPath, { services: readonly string[]; key: string }>();

function passedToServicesOf(path: EscalationPath, service: string): { services: readonly string[]; key: string } {
  let known = passedToServices.get(path);
  if (!known) {
    // The trusted service, or another one AWS sets for it (passedToService).
    const services = path.passedToService ? [service, ...path.passedToService] : [service];
    passedToServices.set(path, (known = { services, key: services.join(" ") }));
  }
  return known;
}

function passesToAny(grant: Grant, services: readonly string[]): boolean {
  for (let i = 0; i < services.length; i++) if (passesTo(grant, services[i] as string)) return true;
  return false;
}

/**
 * The grants that reach one of a path's resources (`resources`: where a workload reads what it
 * runs) in a part they do not leave out: a grant on `*` minus a Deny on the CDK asset buckets no
 * longer writes there.
 */
function onPathResources(grants: readonly Grant[], resources: readonly string[]): readonly Grant[] {
  const reaches = (g: Grant): boolean => resources.some((r) => reachesPathResource(g.ref.pattern, r, g.ref.createdHere === true) && !(g.except ?? []).some((x) => resourceCovers(x, inPartitionOf(x, r))));
  return grants.every(reaches) ? grants : grants.filter(reaches);
}

/**
 * Whether a grant reaches the resources a path names: it covers them all (`*`, `arn:aws:s3:::*`,
 * `cdk-*`), or it names them by their own name (`cdk-hnb659fds-assets-…`, a custom qualifier's
 * `cdk-app-*`): its literal start extends the path's. A pattern that only could meet them in a
 * wildcard (`*sagemaker*`, a bucket whose name holds a word, as AWS's service policies write)
 * reaches a CDK bucket only if its qualifier held that word: not counted.
 */
function reachesPathResource(grant: string, resource: string, createdHere: boolean): boolean {
  // Asked for every grant of a path's action (s3:PutObject: hundreds of principals, each on its
  // buckets), of a few path resources: answered once per resource and grant pattern.
  const key = createdHere ? `${resource}\n` : resource;
  let verdicts = pathResourceVerdicts.get(key);
  if (!verdicts) pathResourceVerdicts.set(key, (verdicts = new BoundedMemo("path resource reach")));
  let verdict = verdicts.get(grant);
  if (verdict === undefined) verdicts.set(grant, (verdict = reachesPathResourceNow(grant, resource, createdHere)));
  return verdict;
}

/** reachesPathResource verdicts by path resource (a line feed after it: a resource the input creates), then grant pattern. */
const pathResourceVerdicts = new Map<string, BoundedMemo<boolean>>();

function reachesPathResourceNow(grant: string, resource: string, createdHere: boolean): boolean {
  const named = inPartitionOf(grant, resource);
  // A resource the input creates is that resource only when its name says so (the CDK bootstrap
  // template's own StagingBucket, `cdk-${Qualifier}-assets-…`).
  if (!createdHere && resourceCovers(grant, named)) return true;
  return resourcesOverlap(grant, named) && literalStart(grant).startsWith(literalStart(named));
}

/** The text before a pattern's first wildcard. */
const literalStart = (pattern: string): string => pattern.slice(0, pattern.search(/[*?]|$/));

/**
 * A path resource in any partition (`arn:*:s3:::…`) in the partition another pattern names: a
 * principal acts in one partition, so a Deny on `arn:aws:s3:::cdk-*-assets-*` takes out all it can reach.
 */
function inPartitionOf(pattern: string, resource: string): string {
  const partition = /^arn:([^:*?]+):/.exec(pattern)?.[1];
  return partition !== undefined && resource.startsWith("arn:*:") ? `arn:${partition}:${resource.slice(6)}` : resource;
}

/** The paths by their first action (lower case), in path order: made once per policy. */
const pathsByFirstAction = new WeakMap<EscalationPaths, ReadonlyMap<string, readonly number[]>>();

/**
 * Positions, ascending, of the paths whose first action the principal holds: only those can be
 * complete, and a principal holding a path step holds the first action of few of the paths.
 */
function pathsStartingWith(escalation: EscalationPaths, byAction: ReadonlyMap<string, readonly Grant[]>): number[] {
  let byFirst = pathsByFirstAction.get(escalation);
  if (!byFirst) {
    const index = new Map<string, number[]>();
    lowerActionsOf(escalation).forEach((actions, p) => {
      // A path without actions is complete for anyone holding a path step, as before.
      const first = actions[0] ?? "";
      const list = index.get(first);
      if (list) list.push(p);
      else index.set(first, [p]);
    });
    pathsByFirstAction.set(escalation, (byFirst = index));
  }
  const out: number[] = [...(byFirst.get("") ?? [])];
  // Whichever is smaller is walked: the principal's actions or the paths' first actions.
  if (byAction.size <= byFirst.size) {
    byAction.forEach((_, action) => {
      const positions = byFirst.get(action);
      if (positions) for (let i = 0; i < positions.length; i++) out.push(positions[i] as number);
    });
  } else {
    byFirst.forEach((positions, action) => {
      if (action !== "" && byAction.has(action)) for (let i = 0; i < positions.length; i++) out.push(positions[i] as number);
    });
  }
  return out.length > 1 ? out.sort((x, y) => x - y) : out;
}

/** Every path whose actions are all granted. */
export function matchPaths(byAction: ReadonlyMap<string, readonly Grant[]>, escalation: EscalationPaths): PathMatch[] {
  const matches: PathMatch[] = [];
  // Most principals of a large account hold no path step at all.
  if (byAction.size === 0) return matches;
  // Indexed loops, and a path's grants gathered only once it is complete: this runs for every
  // path of every principal holding a path step, mostly before V8 optimizes it.
  const { paths } = escalation;
  const lists = lowerActionsOf(escalation);
  const passRoleTo = new Map<string, readonly Grant[]>();
  const candidates = pathsStartingWith(escalation, byAction);
  for (let c = 0; c < candidates.length; c++) {
    const p = candidates[c] as number;
    const path = paths[p] as EscalationPath;
    const actions = lists[p] as string[];
    // Every action held at all first (map lookups): 161 paths start with iam:PassRole, and a holder
    // of it filtered its PassRole grants by each path's service before finding the path's next
    // action missing. pathGrants keeps a subset of an action's grants, so this drops no match.
    let complete = true;
    for (let i = 1; i < actions.length && complete; i++) complete = byAction.has(actions[i] as string);
    if (!complete) continue;
    // Each action's grants worked out once: a path resource's test is not repeated to gather them.
    const served: (readonly Grant[])[] = [];
    for (let i = 0; i < actions.length && complete; i++) {
      const list = pathGrants(path, actions[i] as string, byAction, passRoleTo);
      complete = list.length > 0;
      served.push(list);
    }
    if (!complete) continue;
    const grants: Grant[] = [];
    for (let i = 0; i < served.length; i++) {
      const list = served[i] as readonly Grant[];
      for (let k = 0; k < list.length; k++) grants.push(list[k] as Grant);
    }
    matches.push({ path, grants });
  }
  return matches;
}
