/**
 * Objects a tool writes and deletes as a lock (policies/destructive-actions.yaml
 * t1Delete.lockObjects): Terraform's and OpenTofu's S3 backend locks a state with the object
 * `<state key>.tflock` and deletes it when the run ends, so its documented least privilege grants
 * s3:DeleteObject there. Deleting a lock deletes no data. A grant counts as such only where its
 * resource ends in the suffix: a wildcard before it (`bucket/*.tflock`) still names lock objects
 * only, one after it (`*.tflock*`) or any other resource reaches other objects.
 */
import type { LockObject } from "../policy.js";
import type { Tier } from "./tiers.js";

/** Whether a T1-only grant of `action` on `resource` can delete lock objects only. */
export function lockObject(entries: readonly LockObject[] | undefined, action: string, tiers: ReadonlySet<Tier>, resource: string): boolean {
  if (!entries?.length || tiers.size !== 1 || !tiers.has("delete")) return false;
  const lower = action.toLowerCase();
  const entry = entries.find((e) => e.action.toLowerCase() === lower);
  // An object ARN (bucket/key): the suffix ends the key, so a key of any other name is out of reach.
  return entry !== undefined && resource.includes("/") && entry.suffixes.some((suffix) => resource.endsWith(suffix));
}
