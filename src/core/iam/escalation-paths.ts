/**
 * Escalation paths (policies/escalation-paths.yaml): a path counts for a principal when every one
 * of its actions is granted on some resource the action acts on (resource types are already
 * applied to grants, access.ts), except on the resources where an action cannot escalate
 * (`notEscalation`: AWS managed policies, the caller's own user).
 */
import type { EscalationPath, EscalationPaths } from "../policy.js";
import type { Grant } from "./access.js";
import { globCovers } from "./patterns.js";

export interface PathMatch {
  path: EscalationPath;
  /** The grants that give the path's actions (each action at least once). */
  grants: Grant[];
}

/** Whether `notEscalation` rules take this grant out of every path. */
function excluded(grant: Grant, escalation: EscalationPaths): boolean {
  const action = grant.action.toLowerCase();
  return escalation.notEscalation.some(
    (rule) => rule.actions.some((a) => a.toLowerCase() === action) && rule.resources.some((r) => globCovers(r, grant.ref.pattern)),
  );
}

/** Grants by lower-case action, without those `notEscalation` takes out. */
export function escalationGrantsByAction(grants: readonly Grant[], escalation: EscalationPaths): Map<string, Grant[]> {
  const byAction = new Map<string, Grant[]>();
  for (let i = 0; i < grants.length; i++) {
    const grant = grants[i] as Grant;
    if (!grant.tiers.has("pathStep") || excluded(grant, escalation)) continue;
    const key = grant.action.toLowerCase();
    const list = byAction.get(key);
    if (list) list.push(grant);
    else byAction.set(key, [grant]);
  }
  return byAction;
}

const lowerActions = new WeakMap<EscalationPath, string[]>();

/** Every path whose actions are all granted. */
export function matchPaths(byAction: ReadonlyMap<string, readonly Grant[]>, escalation: EscalationPaths): PathMatch[] {
  const matches: PathMatch[] = [];
  // Most principals of a large account hold no path step at all.
  if (byAction.size === 0) return matches;
  // Indexed loops, and a path's grants gathered only once it is complete: this runs for every
  // path of every principal holding a path step, mostly before V8 optimizes it.
  const { paths } = escalation;
  for (let p = 0; p < paths.length; p++) {
    const path = paths[p] as EscalationPath;
    let actions = lowerActions.get(path);
    if (!actions) lowerActions.set(path, (actions = path.actions.map((a) => a.toLowerCase())));
    let complete = true;
    for (let i = 0; i < actions.length && complete; i++) complete = (byAction.get(actions[i] as string)?.length ?? 0) > 0;
    if (!complete) continue;
    const grants: Grant[] = [];
    for (let i = 0; i < actions.length; i++) for (const grant of byAction.get(actions[i] as string) ?? []) grants.push(grant);
    matches.push({ path, grants });
  }
  return matches;
}
