/**
 * Sessions whose mode a condition key sets (policies/destructive-actions.yaml
 * t1Delete.readOnlySessions): S3 Express One Zone authorizes every object request to a directory
 * bucket through s3express:CreateSession, and a session is ReadWrite (DeleteObject included)
 * unless `s3express:SessionMode` makes it ReadOnly. Such a grant deletes nothing only when its
 * statement pins the mode to a read-only value; any other condition, `IfExists` (a request
 * without the key), a wildcard or a negation leaves the read-write mode open (fail closed).
 */
import type { ReadOnlySession } from "../policy.js";
import type { Tier } from "./tiers.js";
import type { PolicyStatement } from "./policy-document.js";
import { PINNING_STRING_OPERATORS } from "./conditions.js";

/** Whether a T1-only grant of a session action is pinned to a read-only mode by its statement. */
export function readOnlySession(sessions: readonly ReadOnlySession[] | undefined, action: string, tiers: ReadonlySet<Tier>, statement: PolicyStatement): boolean {
  if (!sessions?.length || tiers.size !== 1 || !tiers.has("delete") || !statement.condition) return false;
  const lower = action.toLowerCase();
  const session = sessions.find((s) => s.action.toLowerCase() === lower);
  if (!session) return false;
  for (const [operator, block] of Object.entries(statement.condition)) {
    const op = operator.toLowerCase();
    if (!PINNING_STRING_OPERATORS.has(op)) continue;
    for (const [key, raw] of Object.entries(block)) {
      if (key.toLowerCase() !== session.conditionKey.toLowerCase()) continue;
      const values = Array.isArray(raw) ? raw : [raw];
      const ignoreCase = op === "stringequalsignorecase";
      const readOnly = (value: unknown): boolean =>
        typeof value === "string" && !(op === "stringlike" && /[*?]/.test(value)) && session.readOnly.some((mode) => (ignoreCase ? mode.toLowerCase() === value.toLowerCase() : mode === value));
      // Condition values are alternatives: every one must be a read-only mode.
      if (values.length > 0 && values.every(readOnly)) return true;
    }
  }
  return false;
}
