/**
 * HTTP APIs whose request path is part of the resource ARN (policies/destructive-actions.yaml
 * t1Delete.readOnlyPaths): an OpenSearch Service request is authorized on
 * `domain/<name>/<index>/<api>`, and es:ESHttpPost deletes documents through `_delete_by_query`
 * and `_bulk`. A grant of it deletes nothing only on a resource that ends in one of the read APIs:
 * `/` before the path (so `orders*_search` cannot reach `_update/x_search`) and no wildcard after
 * it (so `_search*` cannot reach `_search_shards/../_bulk`). ARN paths are case-sensitive.
 */
import type { ReadOnlyPath } from "../policy.js";
import type { Tier } from "./tiers.js";

/** Whether a T1-only grant of a path-scoped action on `resource` reaches only read-only APIs. */
export function readOnlyPath(paths: readonly ReadOnlyPath[] | undefined, action: string, tiers: ReadonlySet<Tier>, resource: string): boolean {
  if (!paths?.length || tiers.size !== 1 || !tiers.has("delete")) return false;
  const lower = action.toLowerCase();
  const entry = paths.find((p) => p.action.toLowerCase() === lower);
  return entry !== undefined && entry.paths.some((path) => resource.endsWith(`/${path}`));
}
