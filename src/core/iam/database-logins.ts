/**
 * Database logins (policies/destructive-actions.yaml t1Delete.databaseLogins): actions that hand
 * out a login as the database user a grant names, so an agent logged in as the administrator can
 * DROP every table without any Delete* action. Such a grant deletes only when the user it reaches
 * can be the administrator: a wildcard user (the master user's name is not in IAM), a user that
 * is a known administrator name, or a user left to an unrestricted condition key. A grant that
 * names one ordinary user (or the caller's own `${aws:username}`) is judged by that user's
 * database grants, which IAM does not show, like dsql:DbConnect.
 */
import type { DatabaseLogins } from "../policy.js";
import type { ConditionBlock } from "./policy-document.js";
import { globsOverlap } from "./patterns.js";

/** Variables that stand for the caller itself: its own database user, no administrator by them. */
const SELF_VARIABLES = /^\$\{aws:(username|userid)\}$/i;
/** Operators whose values are the only ones allowed (IfExists and negations allow more). */
const PINNING = new Set(["stringequals", "stringequalsignorecase", "stringlike"]);

/** The login entry of an action, if it is one (matched in any case, as IAM matches actions). */
function loginOf(logins: DatabaseLogins | undefined, action: string): DatabaseLogins["actions"][number] | undefined {
  if (!logins) return undefined;
  const lower = action.toLowerCase();
  return logins.actions.find((a) => a.action.toLowerCase() === lower);
}

export function isDatabaseLogin(logins: DatabaseLogins | undefined, action: string): boolean {
  return loginOf(logins, action) !== undefined;
}

/**
 * The user part of a resource pattern for a login action: `*` when any user, undefined when the
 * resource is no user at all (a dbname or dbgroup ARN: the login also needs a dbuser grant, which
 * is judged by itself).
 */
function userOf(pattern: string): string | undefined {
  if (pattern === "*") return "*";
  const parts = pattern.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return "*"; // not an ARN: fail closed
  const resource = parts.slice(5).join(":");
  if (/^dbuser:/i.test(resource)) {
    const rest = resource.slice("dbuser:".length);
    const slash = rest.indexOf("/");
    return slash < 0 ? "*" : rest.slice(slash + 1);
  }
  return globsOverlap(resource, "dbuser:x/y") ? "*" : undefined;
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
    if (!PINNING.has(operator.toLowerCase())) continue;
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
  const user = userOf(resource);
  if (user === undefined) return false;
  if (!canBeAdmin(logins, user)) return false;
  return !pinnedToOrdinaryUsers(logins, login.userConditionKeys, condition);
}
