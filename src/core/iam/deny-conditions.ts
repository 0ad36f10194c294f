/**
 * What the agent's own requests carry under the condition keys that describe the principal (IAM
 * User Guide, "AWS global condition context keys"), and whether a Deny's test of such a key holds
 * for every value the request may carry. A Deny protects an agent only where it surely applies:
 * a value the input does not fix (a session tag, a template parameter) is any value, and a test
 * that one of the possible values fails is a Deny the agent can step around.
 */
import { wildcardMatch } from "../glob.js";
import { arnAccount } from "../production.js";
import { actionMatches } from "./catalogue.js";
import type { Principal } from "./model.js";
import { trustStatements } from "./policy-document.js";
import { isRecord } from "../is-record.js";

/**
 * The values a key may have in the agent's requests; `undefined` among them: the request may
 * lack the key. "any": the agent, or whoever starts its session, chooses (or the input does not say).
 */
export type KeyValues = readonly (string | undefined)[] | "any";

const ANY = "any" as const;

/** `true`/`false` of a Null or Bool test, as IAM reads them (strings or JSON booleans). */
function conditionValues(raw: unknown): string[] | undefined {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) return undefined;
  const out: string[] = [];
  for (const v of list) {
    if (typeof v === "string") {
      // A policy variable (`${aws:username}`) depends on the request: not decided here.
      if (v.includes("${")) return undefined;
      out.push(v);
    } else if (typeof v === "number" || typeof v === "boolean") out.push(String(v));
    else return undefined;
  }
  return out;
}

/**
 * Whether one condition test is true for a request whose key has `value` (undefined: missing), as
 * IAM evaluates it (IAM User Guide, "Condition operators" and "Single-valued vs. multivalued
 * context keys"): a missing key makes `...IfExists`, `ForAllValues:` and the negated operators
 * true, every other test false; present, a single value is its own one-element set. Undefined:
 * an operator this does not model.
 */
function testValue(operator: string, wanted: readonly string[], value: string | undefined): boolean | undefined {
  let op = operator;
  let set: "all" | "any" | undefined;
  if (/^ForAllValues:/i.test(op)) set = "all";
  else if (/^ForAnyValue:/i.test(op)) set = "any";
  if (set) op = op.slice(op.indexOf(":") + 1);
  const ifExists = /IfExists$/.test(op);
  if (ifExists) op = op.slice(0, -"IfExists".length);
  if (op === "Null") {
    if (set || ifExists) return undefined;
    return wanted.some((w) => {
      const flag = w.toLowerCase();
      return flag === "true" ? value === undefined : flag === "false" ? value !== undefined : false;
    });
  }
  const negated = op.includes("Not");
  const base = op.replace("Not", "");
  if (!["StringEquals", "StringEqualsIgnoreCase", "StringLike", "Bool"].includes(base)) return undefined;
  if (value === undefined) return ifExists || set === "all" || (set === undefined && negated);
  const matches = wanted.some((w) => {
    if (base === "StringEquals") return w === value;
    if (base === "StringLike") return wildcardMatch(w, value, false);
    return w.toLowerCase() === value.toLowerCase(); // IgnoreCase, Bool
  });
  return negated ? !matches : matches;
}

/** Whether the test is true whatever the request carries among `values` (never for "any"). */
export function holdsForEvery(operator: string, raw: unknown, values: KeyValues): boolean {
  if (values === ANY || values.length === 0) return false;
  const wanted = conditionValues(raw);
  if (wanted === undefined) return false;
  return values.every((v) => testValue(operator, wanted, v) === true);
}

const TAG_SESSION = "sts:TagSession";

/**
 * Whether a session of the role may carry tags (IAM User Guide, "Passing session tags in AWS STS":
 * session tags, and the transitive tags a role chain brings, need sts:TagSession in the role's
 * trust policy, and override the role's tag of the same key). Any key then: a condition on
 * aws:TagKeys in the trust limits the tags of the request, not those a chain carries in. True too
 * for a trust the input does not hold or that cannot be read.
 */
function sessionTagged(principal: Principal): boolean {
  if (principal.kind !== "role") return false; // a user's own requests carry its tags (GetFederationToken with tags is sts:TagSession, a tagging right)
  const statements = trustStatements(principal.trustPolicy);
  if (!statements) return true;
  for (const statement of statements) {
    if (!isRecord(statement)) return true;
    if (statement["Effect"] !== "Allow") continue;
    const actions = statement["NotAction"] ?? statement["Action"];
    const list: unknown[] = Array.isArray(actions) ? actions : [actions];
    if (!list.every((a) => typeof a === "string")) return true;
    const named = (list as string[]).some((a) => actionMatches(a, TAG_SESSION));
    if (statement["NotAction"] !== undefined ? !named : named) return true;
  }
  return false;
}

const sessionTaggedMemo = new WeakMap<Principal, boolean>();

/**
 * The value of aws:PrincipalTag/<key> in the agent's requests: the principal's tag (the key in any
 * case is the same tag to IAM, but a spelling that differs is taken both as found and not, fail
 * closed), unless a session may carry tags; a value the input leaves open (`*`, which no IAM tag
 * value may hold) is any value.
 */
export function principalTagValues(principal: Principal, key: string): KeyValues {
  let session = sessionTaggedMemo.get(principal);
  if (session === undefined) sessionTaggedMemo.set(principal, (session = sessionTagged(principal)));
  if (session) return ANY;
  // A key the input does not spell out (a template parameter: `*`) may be this one.
  for (const k in principal.tags) if (k.includes("*") && wildcardMatch(k, key, true)) return ANY;
  const exact = principal.tags[key];
  if (exact !== undefined) return exact.includes("*") ? ANY : [exact];
  const lower = key.toLowerCase();
  const other = Object.keys(principal.tags).find((k) => k.toLowerCase() === lower);
  if (other === undefined) return [undefined];
  const value = principal.tags[other] as string;
  return value.includes("*") ? ANY : [value, undefined];
}
/**
 * Keys that describe the principal, and what the agent's own requests carry under them; undefined:
 * not one of these (the caller decides). aws:PrincipalArn and aws:PrincipalTag are read elsewhere;
 * aws:PrincipalOrgID, aws:userid and aws:SourceIdentity are not in the inputs, so not here either.
 */
export function principalKeyValues(principal: Principal, key: string): KeyValues | undefined {
  switch (key) {
    case "aws:principalaccount": {
      const account = principal.account ?? (principal.arn ? arnAccount(principal.arn) : undefined);
      return account !== undefined && /^\d{12}$/.test(account) ? [account] : ANY;
    }
    // The agent signs its own requests: no service principal does.
    case "aws:principalisawsservice":
      return ["false"];
    case "aws:principalservicename":
    case "aws:principalservicenameslist":
      return [undefined];
    // A role's session is AssumedRole (SAML and web identity sessions too); a user's requests are
    // User's, or FederatedUser's through sts:GetFederationToken.
    case "aws:principaltype":
      return principal.kind === "role" ? ["AssumedRole"] : principal.kind === "user" ? ["User", "FederatedUser"] : ANY;
    default:
      return undefined;
  }
}
