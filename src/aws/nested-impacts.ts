/**
 * Replacements decided below a resource's top-level properties. The CloudFormation registry
 * schemas mark create-only properties by JSON pointer, nested ones included
 * (`/properties/BrokerNodeGroupInfo/ClientSubnets` of AWS::MSK::Cluster,
 * `/properties/EncryptionInfo/EncryptionAtRest`, `.../NodeGroupConfiguration/*\/ReplicaCount`),
 * and `@aws-cdk/aws-service-spec` keeps that mark on the nested type's property. But
 * `@aws-cdk/cloudformation-diff` (`diffResource`) reads only the top-level property's mark, so
 * a change to a nested create-only property reads as an in-place update: a cluster replaced,
 * with its data, passed the gate. This module walks the changed value along the spec's types
 * and raises the property's impact to the worst nested mark whose value changes.
 *
 * How values are compared, and why:
 * - a nested property that changes, appears or disappears counts (CloudFormation compares the
 *   create-only value, set or not);
 * - list items are paired first with an identical item (an unchanged item moved by an insertion
 *   stays unchanged), the rest by position; an item only on one side is an addition or removal
 *   of the list's own, judged by the list property's mark, not a change of its create-only fields
 *   (adding an index or a shard is an update); map entries are paired by key, likewise;
 * - an intrinsic function (`Fn::If`, `Ref`, ...) where the spec has an object or a list cannot be
 *   read: when a create-only property lies below it and the value changes, it may replace
 *   (MAY_REPLACE, fail closed).
 */
import { createRequire } from "node:module";
import { sameValue } from "./template-equal.js";
import type { ResourceDifference } from "@aws-cdk/cloudformation-diff/lib/diff/types.js";
import { intrinsicKey } from "../core/cfn/intrinsics.js";
import { isRecord } from "../core/is-record.js";

type Mark = "yes" | "no" | "maybe";

/** The part of `@aws-cdk/service-spec-types` read here (the package is a dependency of the diff library, not of this one). */
type SpecType =
  | { type: "ref"; reference: { $ref: string } }
  | { type: "array" | "map"; element: SpecType }
  | { type: "union"; types: SpecType[] }
  | { type: string };
interface SpecProperty {
  type: SpecType;
  causesReplacement?: Mark;
}
interface SpecEntity {
  properties: Record<string, SpecProperty>;
}
interface SpecDatabase {
  all(entity: "resource"): (SpecEntity & { cloudFormationType: string })[];
  lookup(entity: "resource", index: "cloudFormationType", op: "equals", value: string): SpecEntity[];
  get(entity: "typeDefinition", id: string): SpecEntity;
}
interface SpecModule {
  loadAwsServiceSpecSync: () => SpecDatabase;
}

// The spec package the diff library itself loads (resolved from the library, so the same copy).
const requireFromDiff = createRequire(createRequire(import.meta.url).resolve("@aws-cdk/cloudformation-diff/package.json"));
const specModule = requireFromDiff("@aws-cdk/aws-service-spec") as SpecModule;
const loadSpec = specModule.loadAwsServiceSpecSync;
let database: SpecDatabase | undefined;
/** The registry schemas, parsed once per process and shared with the diff library (tests read them too). */
export const sharedDatabase = (): SpecDatabase => (database ??= loadSpec());
// The library loads its database through this export on first use and keeps it: handing it the
// same one spares a second parse of the ~15 MB schema database (~0.3 s, ~85 MB).
specModule.loadAwsServiceSpecSync = sharedDatabase;

export type NestedImpact = "WILL_REPLACE" | "MAY_REPLACE";
interface Found {
  impact: NestedImpact;
  /** Where, from the top-level property: `BrokerNodeGroupInfo.ClientSubnets`, `NodeGroupConfiguration[0].ReplicaCount`. */
  path: string;
}

const RANK: Record<string, number> = { NO_CHANGE: 0, WILL_UPDATE: 1, MAY_REPLACE: 2, WILL_REPLACE: 3 };
const worse = (a: Found | undefined, b: Found | undefined): Found | undefined => (!a ? b : !b ? a : (RANK[b.impact] ?? 0) > (RANK[a.impact] ?? 0) ? b : a);
const impactOf = (mark: Mark | undefined): NestedImpact | undefined => (mark === "yes" ? "WILL_REPLACE" : mark === "maybe" ? "MAY_REPLACE" : undefined);


/** Whether a create-only property lies anywhere below this type (memoized per type definition). */
const marksBelow = new Map<string, boolean>();
function hasMarkBelow(db: SpecDatabase, type: SpecType, seen: ReadonlySet<string> = new Set()): boolean {
  if ("reference" in type) {
    const id = type.reference.$ref;
    const known = marksBelow.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return false;
    const inner = new Set(seen).add(id);
    const found = Object.values(db.get("typeDefinition", id).properties).some((p) => impactOf(p.causesReplacement) !== undefined || hasMarkBelow(db, p.type, inner));
    // Inside a recursive type a cut cycle may hide a mark: only an answer from the top is kept.
    if (seen.size === 0) marksBelow.set(id, found);
    return found;
  }
  if ("element" in type) return hasMarkBelow(db, type.element, seen);
  if ("types" in type) return type.types.some((t) => hasMarkBelow(db, t, seen));
  return false;
}

/** Pairs list items: identical ones first, the rest by position; items only on one side are left out. */
function pairItems(a: unknown[], b: unknown[]): [unknown, unknown, number][] {
  const freeB = b.map((_, i) => i);
  const pairedA = new Set<number>();
  a.forEach((item, i) => {
    const at = freeB.findIndex((j) => sameValue(item, b[j]));
    if (at !== -1) {
      freeB.splice(at, 1);
      pairedA.add(i);
    }
  });
  const restA = a.map((_, i) => i).filter((i) => !pairedA.has(i));
  return restA.slice(0, freeB.length).map((i, k) => [a[i], b[freeB[k] as number], freeB[k] as number]);
}

function walk(db: SpecDatabase, type: SpecType, a: unknown, b: unknown, path: string): Found | undefined {
  // Most values (a function's code, a policy document) have no create-only property below: not walked.
  if (!hasMarkBelow(db, type) || sameValue(a, b)) return undefined;
  if ("types" in type) return type.types.reduce<Found | undefined>((w, t) => worse(w, walk(db, t, a, b, path)), undefined);
  if (intrinsicKey(a) !== undefined || intrinsicKey(b) !== undefined) return { impact: "MAY_REPLACE", path: `${path} (an intrinsic function: its value cannot be read)` };
  if ("reference" in type) {
    if ((a !== undefined && !isRecord(a)) || (b !== undefined && !isRecord(b))) return undefined;
    const [ra, rb] = [isRecord(a) ? a : {}, isRecord(b) ? b : {}];
    const properties = db.get("typeDefinition", type.reference.$ref).properties;
    let found: Found | undefined;
    for (const [name, p] of Object.entries(properties)) {
      const [x, y] = [ra[name], rb[name]];
      if (sameValue(x, y)) continue;
      const here = `${path}.${name}`;
      const marked = impactOf(p.causesReplacement);
      found = worse(found, marked ? { impact: marked, path: here } : walk(db, p.type, x, y, here));
    }
    return found;
  }
  if ("element" in type) {
    if (type.type === "array" && Array.isArray(a) && Array.isArray(b)) {
      return pairItems(a, b).reduce<Found | undefined>((w, [x, y, i]) => worse(w, walk(db, type.element, x, y, `${path}[${i}]`)), undefined);
    }
    if (type.type === "map" && isRecord(a) && isRecord(b)) {
      return Object.keys(a).filter((k) => Object.hasOwn(b, k)).reduce<Found | undefined>((w, k) => worse(w, walk(db, type.element, a[k], b[k], `${path}.${k}`)), undefined);
    }
  }
  return undefined;
}

const causes = new WeakMap<object, string>();

/** The nested property that raised this property difference's impact, when one did. */
export function nestedCause(diff: object): string | undefined {
  return causes.get(diff);
}

/**
 * Raises, in place, the impact of each changed property of `change` (a resource of `type`) to the
 * worst create-only property below it whose value changes; the resource's impact follows.
 */
export function reviseNestedImpacts(change: ResourceDifference, type: string): void {
  const model = sharedDatabase().lookup("resource", "cloudFormationType", "equals", type)[0];
  if (!model) return;
  for (const [name, diff] of Object.entries(change.propertyUpdates)) {
    const spec = Object.hasOwn(model.properties, name) ? model.properties[name] : undefined;
    const current = diff.changeImpact === undefined ? undefined : String(diff.changeImpact);
    // Unknown (no schema entry) stays unknown; an already replacing property has nothing to add.
    if (!spec || current === undefined || current === "WILL_REPLACE" || current === "NO_CHANGE") continue;
    const found = walk(sharedDatabase(), spec.type, diff.oldValue, diff.newValue, name);
    if (!found || (RANK[found.impact] ?? 0) <= (RANK[current] ?? 0)) continue;
    diff.changeImpact = found.impact as typeof diff.changeImpact;
    causes.set(diff, found.path);
  }
}
