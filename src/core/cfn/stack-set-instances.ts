/**
 * The stack instances of an AWS::CloudFormation::StackSet that an update deletes. The stack set
 * keeps one stack of its template in each (deployment target, Region) its `StackInstancesGroup`
 * lists; on update, CloudFormation's StackSet handler deletes the instances the new groups no
 * longer list (DeleteStackInstances), and every resource in those stacks with them. The registry
 * marks StackInstancesGroup as updatable in place, which says nothing about that.
 *
 * Targets are read as written: an account or an organizational unit of `DeploymentTargets` each,
 * or the whole `DeploymentTargets` when it filters (`AccountFilterType`, `AccountsUrl`: which
 * accounts it means is not in the template). A value computed by an intrinsic function (a
 * parameter's list of Regions, `!Ref OUID`) is one opaque target or Region: the same text on both
 * sides, reading nothing the change alters, is the same; otherwise which instances go cannot be
 * told, and the group's change counts as deleting them (fail closed).
 */
import { isRecord } from "../is-record.js";
import { intrinsicKey } from "./intrinsics.js";

export interface RemovedInstances {
  /** `OU ou-abc in us-west-2`, `account 111122223333 in eu-west-1`, as the base lists them. */
  instances: string[];
  /** Computed values (intrinsics) that decide the head's instances, as written: which go depends on them. */
  computed: string[];
}

/** JSON text with object keys sorted: the same value written in another key order is the same. */
function keyed(value: unknown): string {
  const sorted = (v: unknown): unknown => (Array.isArray(v) ? v.map(sorted) : isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
  return JSON.stringify(sorted(value)) ?? "undefined";
}

/** One target or Region: literal text, or an intrinsic shown as written. */
function token(value: unknown, changed: (value: unknown) => boolean, computed: Set<string>): string {
  if (typeof value === "string") return value;
  const text = keyed(value);
  // A value reading something this change alters stands for a new value: it matches nothing of the base.
  const out = changed(value) ? `${text} (its input changes)` : text;
  if (intrinsicKey(value) !== undefined) computed.add(out);
  return out;
}

/** Each element of a list, or the list itself when it is computed (`!Ref StackSetRegions`). */
function elements(value: unknown, changed: (value: unknown) => boolean, computed: Set<string>): string[] {
  if (Array.isArray(value)) return value.map((v) => token(v, changed, computed));
  return value === undefined ? [] : [token(value, changed, computed)];
}

function instancesOf(groups: unknown, changed: (value: unknown) => boolean, computed: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const group of Array.isArray(groups) ? groups : groups === undefined ? [] : [groups]) {
    if (!isRecord(group)) {
      out.add(token(group, changed, computed));
      continue;
    }
    const targets = group["DeploymentTargets"];
    const plain = isRecord(targets) && Object.keys(targets).every((k) => k === "Accounts" || k === "OrganizationalUnitIds");
    const named = !isRecord(targets)
      ? [`deployment targets ${token(targets, changed, computed)}`]
      : plain
        ? [...elements(targets["Accounts"], changed, computed).map((a) => `account ${a}`), ...elements(targets["OrganizationalUnitIds"], changed, computed).map((o) => `OU ${o}`)]
        : [`deployment targets ${keyed(targets)}${changed(targets) ? " (its input changes)" : ""}`];
    for (const target of named) for (const region of elements(group["Regions"], changed, computed)) out.add(`${target} in ${region}`);
  }
  return out;
}

/**
 * The base's stack instances the head does not list, or undefined when none goes. `changed` says
 * whether a value reads a parameter, condition or mapping entry the change alters.
 */
export function removedStackInstances(before: unknown, after: unknown, changed: (value: unknown) => boolean): RemovedInstances | undefined {
  const [was, computed] = [new Set<string>(), new Set<string>()];
  const old = instancesOf(before, () => false, was);
  const next = instancesOf(after, changed, computed);
  const instances = [...old].filter((i) => !next.has(i));
  // Only the head's computed values that are new, or read what changes, decide which instances go.
  return instances.length ? { instances, computed: [...computed].filter((c) => !was.has(c)) } : undefined;
}
