/**
 * Conditions of an Allow that cannot hold when the policy is evaluated (issue 13, item 4): a
 * `DateLessThan` on the current time with a date already past never matches a request again, so
 * the Allow is inert (IAM User Guide, "IAM JSON policy elements: Condition operators", date
 * condition operators; "AWS global condition context keys": aws:CurrentTime, aws:EpochTime,
 * aws:TokenIssueTime). Every other condition may hold: a conditional Allow still counts.
 */
import type { ConditionBlock } from "./policy-document.js";

/**
 * String operators that allow only the values they list (IAM User Guide, "Condition operators"):
 * `IfExists` also allows a request without the key, negations every other value, set operators
 * what their other half leaves open. Compared with the operator in lower case.
 */
export const PINNING_STRING_OPERATORS: ReadonlySet<string> = new Set(["stringequals", "stringequalsignorecase", "stringlike"]);
/** PINNING_STRING_OPERATORS and their ARN twins, for keys whose values are ARNs. */
export const PINNING_OPERATORS: ReadonlySet<string> = new Set([...PINNING_STRING_OPERATORS, "arnequals", "arnlike"]);

/**
 * The longest a temporary credential lives (GetSessionToken: 36 hours; IAM User Guide,
 * "Comparing the AWS STS credentials"). A session issued before a date less than this long ago
 * may still be in use, so `aws:TokenIssueTime` before such a date can still hold.
 */
const MAX_SESSION_MS = 36 * 60 * 60 * 1000;

const CLOCK_KEYS: Record<string, number> = { "aws:currenttime": 0, "aws:epochtime": 0, "aws:tokenissuetime": MAX_SESSION_MS };

/** A date condition value: epoch seconds (number or digits) or an ISO 8601 date; undefined if neither. */
function dateValue(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== "string") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * True when the block can never match a request made at `now` (milliseconds) or later: one of
 * its `DateLessThan(Equals)` tests on a clock key has only past dates. `IfExists` on
 * aws:TokenIssueTime holds for long-term keys (the key is absent), so it is not inert.
 */
export function conditionCannotHold(condition: ConditionBlock | undefined, now: number): boolean {
  if (!condition) return false;
  // Asked of every conditional Allow of an account (most test strings, tags or ARNs): only a
  // DateLessThan operator is looked into, and no [operator, block] pair is made for the others.
  for (const operator in condition) {
    if (!operator.startsWith("DateLessThan") || !Object.hasOwn(condition, operator)) continue;
    const block = condition[operator] as ConditionBlock[string];
    const ifExists = /IfExists$/.test(operator);
    const op = operator.replace(/IfExists$/, "");
    if (op !== "DateLessThan" && op !== "DateLessThanEquals") continue;
    for (const [key, raw] of Object.entries(block)) {
      const lifetime = CLOCK_KEYS[key.toLowerCase()];
      if (lifetime === undefined) continue;
      if (ifExists && lifetime > 0) continue;
      const values = (Array.isArray(raw) ? raw : [raw]).map(dateValue);
      // Values are alternatives: the test fails only when every one is a readable, past date.
      if (values.length > 0 && values.every((v) => v !== undefined && v + lifetime < now)) return true;
    }
  }
  return false;
}
