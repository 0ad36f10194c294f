/**
 * Change impact of a template update, from `@aws-cdk/cloudformation-diff` (the library behind
 * `cdk diff`), which knows for every property of every resource type in the CloudFormation
 * registry schemas whether changing it replaces the resource (WILL_REPLACE), may replace it
 * (MAY_REPLACE) or updates it in place. An adapter, not core: the library reads its schema
 * database from disk on first use. Load this module lazily (dynamic import): it costs ~0.1 s to
 * load and ~0.5 s for the schema database on the first diff.
 *
 * Two things the library does not follow are added here by rewriting a copy of the head
 * template before it is diffed, so that the library itself judges the property that changes:
 * - `Fn::Sub` references (`${Table}`, `${Table.Arn}`) to a resource that is replaced (the library
 *   follows `Ref` and `Fn::GetAtt` only);
 * - parameters of a nested stack whose value changes (the parent passes a changed or replaced
 *   value), which the nested template's text alone does not show.
 */
import { createRequire } from "node:module";
import { deepEqual, fullDiff, type ResourceDifference } from "@aws-cdk/cloudformation-diff";
import type { AttributeImpact, ChangeImpact, ResourceImpact } from "../core/cfn/changeset-template-diff.js";

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

/** What judged the change impact, for the report's notes. */
export const IMPACT_SOURCE = `@aws-cdk/cloudformation-diff ${versionOf("@aws-cdk/cloudformation-diff")} (CloudFormation registry schemas from @aws-cdk/aws-service-spec ${versionOf("@aws-cdk/aws-service-spec")})`;

export interface TemplateImpacts {
  resources: ResourceImpact[];
  /** For each AWS::CloudFormation::Stack resource in both templates: its parameters whose value changes. */
  nestedParameters: Record<string, string[]>;
}

export interface ImpactOptions {
  /** Parameters of this (nested) template whose value the parent changes. */
  changedParameters?: readonly string[];
}

type Json = unknown;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const MARK = " (changed by this update)";
const SUB_REFERENCE = /\$\{([^!}.][^}.]*)(\.[^}]*)?\}/g;

function resources(template: Json): Record<string, Record<string, unknown>> {
  const r = isRecord(template) ? template["Resources"] : undefined;
  return isRecord(r) ? (r as Record<string, Record<string, unknown>>) : {};
}

/** Logical ids and parameter names a value references through Ref, Fn::GetAtt or Fn::Sub. */
export function referencedNames(value: Json, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) referencedNames(v, out);
  } else if (isRecord(value)) {
    const ref = value["Ref"];
    if (typeof ref === "string") out.add(ref);
    const getAtt = value["Fn::GetAtt"];
    if (Array.isArray(getAtt) && typeof getAtt[0] === "string") out.add(getAtt[0]);
    if (typeof getAtt === "string") out.add(getAtt.split(".")[0] ?? getAtt);
    const sub = value["Fn::Sub"];
    const subText = typeof sub === "string" ? sub : Array.isArray(sub) && typeof sub[0] === "string" ? sub[0] : undefined;
    if (subText !== undefined) for (const m of subText.matchAll(SUB_REFERENCE)) if (m[1]) out.add(m[1]);
    for (const v of Object.values(value)) referencedNames(v, out);
  }
  return out;
}

/**
 * Rewrites, in place, references to `names` so that their values differ from the base: `Ref` to a
 * parameter and `${X}` in `Fn::Sub` (the library already marks Ref/GetAtt to replaced resources).
 */
function markReferences(value: Json, names: ReadonlySet<string>, refsToo: boolean): boolean {
  let changed = false;
  if (Array.isArray(value)) {
    for (const v of value) changed = markReferences(v, names, refsToo) || changed;
    return changed;
  }
  if (!isRecord(value)) return false;
  if (refsToo && typeof value["Ref"] === "string" && names.has(value["Ref"])) {
    value["Ref"] = `${value["Ref"]}${MARK}`;
    return true;
  }
  const sub = value["Fn::Sub"];
  const mark = (text: string): string => text.replace(SUB_REFERENCE, (all: string, name: string, attr: string | undefined) => (names.has(name) ? `\${${name}${MARK}${attr ?? ""}}` : all));
  if (typeof sub === "string" && mark(sub) !== sub) {
    value["Fn::Sub"] = mark(sub);
    changed = true;
  } else if (Array.isArray(sub) && typeof sub[0] === "string" && mark(sub[0]) !== sub[0]) {
    sub[0] = mark(sub[0]);
    changed = true;
  }
  for (const v of Object.values(value)) changed = markReferences(v, names, refsToo) || changed;
  return changed;
}

const replacedIds = (diff: ReturnType<typeof fullDiff>): Set<string> => {
  const out = new Set<string>();
  diff.resources.forEachDifference((id, change) => {
    if (change.changeImpact === "WILL_REPLACE") out.add(id);
  });
  return out;
};

function attributeImpacts(id: string, change: ResourceDifference, base: Json, head: Json, replaced: ReadonlySet<string>, changedParameters: ReadonlySet<string>): AttributeImpact[] {
  const out: AttributeImpact[] = [];
  const baseProps = resources(base)[id]?.["Properties"];
  const headProps = resources(head)[id]?.["Properties"];
  for (const [name, diff] of Object.entries(change.propertyUpdates)) {
    const impact = diff.changeImpact as ChangeImpact | undefined;
    // The library leaves a changed property it has no schema entry for at NO_CHANGE: unknown here.
    const known = impact !== undefined && impact !== "NO_CHANGE";
    const oldValue = isRecord(baseProps) ? baseProps[name] : undefined;
    const newValue = isRecord(headProps) ? headProps[name] : undefined;
    const causedBy = deepEqual(oldValue, newValue) ? [...referencedNames(newValue)].filter((n) => replaced.has(n) || changedParameters.has(n)).sort() : [];
    out.push({ attribute: "Properties", name, ...(known ? { impact } : {}), ...(causedBy.length ? { causedBy } : {}) });
  }
  for (const name of Object.keys(change.otherChanges)) out.push({ attribute: name, name, impact: "WILL_UPDATE" });
  return out;
}

/** The change impact of deploying `head` over `base` (both parsed templates), resource by resource. */
export function templateImpacts(base: Json, head: Json, options: ImpactOptions = {}): TemplateImpacts {
  const changedParameters = new Set(options.changedParameters ?? []);
  const headCopy = structuredClone(head);
  if (changedParameters.size) markReferences(resources(headCopy), changedParameters, true);
  const baseTemplate = isRecord(base) ? base : {};
  let diff = fullDiff(baseTemplate, isRecord(headCopy) ? headCopy : {});
  // Follow Fn::Sub references to replaced resources until nothing new is replaced (bounded by the resource count).
  for (let round = 0; round <= Object.keys(resources(head)).length; round++) {
    const replaced = replacedIds(diff);
    if (!replaced.size || !markReferences(resources(headCopy), replaced, false)) break;
    diff = fullDiff(baseTemplate, isRecord(headCopy) ? headCopy : {});
  }
  const replaced = replacedIds(diff);
  const out: ResourceImpact[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    const impact = change.changeImpact as ChangeImpact;
    out.push({
      logicalId,
      ...(change.oldResourceType !== undefined ? { oldType: change.oldResourceType } : {}),
      ...(change.newResourceType !== undefined ? { newType: change.newResourceType } : {}),
      impact,
      changes: change.oldResourceType !== undefined && change.oldResourceType === change.newResourceType ? attributeImpacts(logicalId, change, base, head, replaced, changedParameters) : [],
    });
  });
  const nestedParameters: Record<string, string[]> = {};
  const before = resources(base);
  for (const [id, r] of Object.entries(resources(head))) {
    const old = before[id];
    if (r["Type"] !== "AWS::CloudFormation::Stack" || old?.["Type"] !== "AWS::CloudFormation::Stack") continue;
    const oldParams = isRecord(old["Properties"]) ? old["Properties"]["Parameters"] : undefined;
    const newParams = isRecord(r["Properties"]) ? r["Properties"]["Parameters"] : undefined;
    const names = new Set([...Object.keys(isRecord(oldParams) ? oldParams : {}), ...Object.keys(isRecord(newParams) ? newParams : {})]);
    nestedParameters[id] = [...names].filter((name) => {
      const a = isRecord(oldParams) ? oldParams[name] : undefined;
      const b = isRecord(newParams) ? newParams[name] : undefined;
      return !deepEqual(a, b) || [...referencedNames(b)].some((n) => replaced.has(n) || changedParameters.has(n));
    }).sort();
  }
  return { resources: out, nestedParameters };
}
