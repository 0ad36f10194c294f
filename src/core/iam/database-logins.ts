/**
 * Database logins (policies/destructive-actions.yaml t1Delete.databaseLogins): actions that hand
 * out a login as the database user a grant names, so an agent logged in as the administrator can
 * DROP every table without any Delete* action. Such a grant deletes only when the user it reaches
 * can be the administrator: a wildcard user (the master user's name is not in IAM), a user that
 * is a known administrator name, or a user left to an unrestricted condition key. A grant that
 * names one ordinary user (or the caller's own `${aws:username}`) is judged by that user's
 * database grants, which IAM does not show, like dsql:DbConnect.
 */
import { BoundedMemo } from "../bounded-memo.js";
import type { DatabaseLogins } from "../policy.js";
import { actionMatches } from "./catalogue.js";
import { conditionCannotHold, PINNING_STRING_OPERATORS } from "./conditions.js";
import type { ConditionBlock, PolicyStatement } from "./policy-document.js";
import { globsOverlap } from "./patterns.js";

/** Variables that stand for the caller itself: its own database user, no administrator by them. */
const SELF_VARIABLES = /^\$\{aws:(username|userid)\}$/i;

type LoginEntry = DatabaseLogins["actions"][number];

interface LoginIndex {
  /** Login entries by lower-case action. */
  byAction: Map<string, LoginEntry>;
  /** The answer of loginOf by action as spelled (null: no login action), so no lower-casing per grant. */
  bySpelling: BoundedMemo<LoginEntry | null>;
  /** SQL API verdicts by action. */
  sqlApi: BoundedMemo<boolean>;
}

/** Asked for every tiered grant of every principal: indexed once per configuration. */
const indexes = new WeakMap<DatabaseLogins, LoginIndex>();

function indexOf(logins: DatabaseLogins): LoginIndex {
  let index = indexes.get(logins);
  if (!index) {
    const byAction = new Map<string, LoginEntry>();
    for (const entry of logins.actions) if (!byAction.has(entry.action.toLowerCase())) byAction.set(entry.action.toLowerCase(), entry);
    indexes.set(logins, (index = { byAction, bySpelling: new BoundedMemo("login spellings"), sqlApi: new BoundedMemo("SQL API verdicts") }));
  }
  return index;
}

/** The login entry of an action, if it is one (matched in any case, as IAM matches actions). */
function loginOf(logins: DatabaseLogins | undefined, action: string): LoginEntry | undefined {
  if (!logins) return undefined;
  const index = indexOf(logins);
  let entry = index.bySpelling.get(action);
  if (entry === undefined) index.bySpelling.set(action, (entry = index.byAction.get(action.toLowerCase()) ?? null));
  return entry ?? undefined;
}

export function isDatabaseLogin(logins: DatabaseLogins | undefined, action: string): boolean {
  return loginOf(logins, action) !== undefined;
}

/** The resource part (after the account) that precedes the user in the default login ARN: `dbuser:<cluster>/`. */
const DEFAULT_USER_PREFIX = "dbuser:*/";

/**
 * The user part of a resource pattern for a login action: `*` when any user, undefined when the
 * resource is no user at all (a dbname, dbgroup or cluster ARN: the login also needs a user grant,
 * which is judged by itself). `userPrefix` is the resource part before the user, `*` standing for
 * one segment (redshift `dbuser:*\/`, ElastiCache `user:`, MemoryDB `user/`).
 */
function userOf(pattern: string, userPrefix: string): string | undefined {
  if (pattern === "*") return "*";
  const parts = pattern.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return "*"; // not an ARN: fail closed
  const resource = parts.slice(5).join(":");
  const prefix = new RegExp(`^${userPrefix.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/:]*").replace(/\?/g, "[^/:]")}`, "i");
  const match = prefix.exec(resource);
  if (match) return resource.slice(match[0].length) || "*";
  return globsOverlap(resource, `${userPrefix}x`) ? "*" : undefined;
}

const isWild = (user: string): boolean => /[*?]|\$\{/.test(user) && !SELF_VARIABLES.test(user);

/**
 * A user name that is an administrator's (any case), or a glob that may be one: one that starts
 * with a wildcard or a variable (`*`, `*_rw`: the master user's name is not in IAM) or matches an
 * administrator name. A glob with a literal prefix (`sagemaker_access*`, AWS's own convention in
 * AmazonSageMakerCanvasFullAccess) is a family of named users, judged as one ordinary user.
 */
function canBeAdmin(logins: DatabaseLogins, user: string): boolean {
  if (SELF_VARIABLES.test(user)) return false;
  if (/^(?:[*?]|\$\{)/.test(user)) return true;
  const lower = user.toLowerCase();
  if (isWild(user)) return logins.adminUsers.some((a) => globsOverlap(lower, a.toLowerCase()));
  return logins.adminUsers.some((a) => a.toLowerCase() === lower);
}

/**
 * Whether a condition pins every user to literal, non-administrator names through one of the
 * action's user keys (`StringEquals redshift:DbUser: analyst`).
 */
function pinnedToOrdinaryUsers(logins: DatabaseLogins, keys: readonly string[], condition: ConditionBlock | undefined): boolean {
  if (!condition || keys.length === 0) return false;
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  for (const [operator, block] of Object.entries(condition)) {
    if (!PINNING_STRING_OPERATORS.has(operator.toLowerCase())) continue;
    for (const [key, value] of Object.entries(block)) {
      if (!wanted.has(key.toLowerCase())) continue;
      const values = Array.isArray(value) ? value : [value];
      if (values.length > 0 && values.every((v) => typeof v === "string" && !canBeAdmin(logins, v))) return true;
    }
  }
  return false;
}

/**
 * Whether a grant of a login action on `resource` (with its statement's condition) can log in as
 * an administrator. Undefined when the action is no login action.
 */
export function loginReachesAdmin(logins: DatabaseLogins | undefined, action: string, resource: string, condition: ConditionBlock | undefined): boolean | undefined {
  const login = loginOf(logins, action);
  if (!login || !logins) return undefined;
  const user = userOf(resource, login.userPrefix ?? DEFAULT_USER_PREFIX);
  if (user === undefined) return false;
  if (!canBeAdmin(logins, user)) return false;
  return !pinnedToOrdinaryUsers(logins, login.userConditionKeys, condition);
}

/** Whether an action is a SQL API that runs as the user of the secret it is given (rds-data:ExecuteStatement). */
export function isSqlApi(logins: DatabaseLogins | undefined, action: string): boolean {
  if (!logins?.sqlApis?.length) return false;
  const known = indexOf(logins).sqlApi;
  let verdict = known.get(action);
  if (verdict === undefined) known.set(action, (verdict = logins.sqlApis.some((pattern) => actionMatches(pattern, action))));
  return verdict;
}

const GET_SECRET_VALUE = ["secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue"];

/**
 * Whether an Allow of these statements reads a secret that may be an administrator's login (an
 * RDS or Redshift managed master secret, `rds!…`/`redshift!…`): a SQL API then runs as the
 * administrator. Boundaries and Denies are not subtracted (fail closed: the SQL API stays T1).
 */
export function readsAdminSecret(logins: DatabaseLogins | undefined, statements: readonly PolicyStatement[], now: number): boolean {
  const secrets = logins?.adminSecrets ?? [];
  if (secrets.length === 0) return false;
  const live = statements.filter((s) => s.effect === "Allow" && (s.invalid || !conditionCannotHold(s.condition, now)));
  const covers = (statement: PolicyStatement, action: string): boolean =>
    statement.notActions ? !statement.notActions.some((p) => actionMatches(p, action)) : (statement.actions ?? []).some((p) => actionMatches(p, action));
  // Tagging that can reach an untagged administrator's secret: not limited to secrets by other
  // names (atx-db-modernization-*) or to secrets already carrying a tag (AmazonRedshiftQueryEditor).
  // A template's secret is known to be a master secret or not; any other by its ARN.
  const reachesAdminSecret = (statement: PolicyStatement): boolean =>
    (statement.resources ?? [{ pattern: "*" }]).some((r) => r.adminSecret ?? secrets.some((s) => globsOverlap(r.pattern, s)));
  const canTagSecrets = live.some((s) => covers(s, "secretsmanager:TagResource") && reachesAdminSecret(s) && !requiresResourceTag(s.condition));
  for (const statement of live) {
    if (!GET_SECRET_VALUE.some((action) => covers(statement, action))) continue;
    // Only secrets someone tagged for this use (AmazonRedshiftDataFullAccess: tag RedshiftDataFullAccess;
    // AmazonGrafanaRedshiftAccess: RedshiftQueryOwner): an opt-in per secret, like naming it,
    // unless the agent can tag secrets itself.
    if (!canTagSecrets && requiresResourceTag(statement.condition)) continue;
    if (reachesAdminSecret(statement)) return true;
  }
  return false;
}

const RESOURCE_TAG = /^(aws|secretsmanager):resourcetag\//i;

/** A condition that allows only resources carrying a tag: a positive string test or `Null: false` on a resource tag key. */
function requiresResourceTag(condition: ConditionBlock | undefined): boolean {
  if (!condition) return false;
  for (const [operator, block] of Object.entries(condition)) {
    const op = operator.toLowerCase();
    for (const [key, value] of Object.entries(block)) {
      if (!RESOURCE_TAG.test(key)) continue;
      if (PINNING_STRING_OPERATORS.has(op)) return true;
      if (op === "null" && (Array.isArray(value) ? value : [value]).every((v) => v === false || v === "false")) return true;
    }
  }
  return false;
}
