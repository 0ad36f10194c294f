/**
 * Change impact of a template update, from `@aws-cdk/cloudformation-diff` (the library behind
 * `cdk diff`), which knows for every property of every resource type in the CloudFormation
 * registry schemas whether changing it replaces the resource (WILL_REPLACE), may replace it
 * (MAY_REPLACE) or updates it in place. An adapter, not core: the library reads its schema
 * database from disk on first use. Load this module lazily (dynamic import): it costs ~0.1 s to
 * load and ~0.5 s for the schema database on the first changed resource.
 *
 * Each changed resource is judged by the library's `diffResource` (what its `fullDiff` calls per
 * resource). `fullDiff` itself is not used: on every call it also builds IAM and security-group
 * summaries this gate does not read, which made it ~50x slower per stack (bench/template-diff).
 * Its one other step, "a resource that references a replaced resource is re-judged as if that
 * reference changed", is done here the same way (`Ref`, `Fn::GetAtt`), and extended to what the
 * library does not follow:
 * - `Fn::Sub` references (`${Table}`, `${Table.Arn}`) to a replaced resource;
 * - parameters of a nested stack whose value changes (the parent passes a changed or replaced
 *   value), which the nested template's text alone does not show.
 */
import { createRequire } from "node:module";
// The diff modules only: the package root also loads its table/colour formatting (~30 ms more).
import { diffResource } from "@aws-cdk/cloudformation-diff/lib/diff/index.js";
import { sameValue, withTexts } from "./template-equal.js";
import type { Resource, ResourceDifference } from "@aws-cdk/cloudformation-diff/lib/diff/types.js";
import { propertyOf, type AttributeImpact, type ChangeImpact, type ResourceImpact } from "../core/cfn/changeset-template-diff.js";
import { isRecord } from "../core/is-record.js";
import { NESTED_STACK_TYPES, STACK_SET_TYPE } from "../core/cfn/changeset.js";
import { removedStackInstances } from "../core/cfn/stack-set-instances.js";
import { isSamResourceType, reviseSamImpacts } from "./sam-impacts.js";
import { nestedCause, reviseNestedImpacts } from "./nested-impacts.js";
import { reviseUpdatePolicyImpacts, updatePolicyReason } from "./update-policy-impacts.js";
import { changedInputs, readsChanged, SUB_REFERENCE, type ChangedInputs } from "./template-inputs.js";
import type { OpenLoop } from "../core/cfn/foreach.js";
import { withSamGlobals } from "../core/cfn/sam-globals.js";

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

/** What judged the change impact, for the report's notes. */
export const IMPACT_SOURCE = `@aws-cdk/cloudformation-diff ${versionOf("@aws-cdk/cloudformation-diff")} (CloudFormation registry schemas from @aws-cdk/aws-service-spec ${versionOf("@aws-cdk/aws-service-spec")})`;

export interface TemplateImpacts {
  resources: ResourceImpact[];
  /** Head Fn::ForEach loops (source pointers) whose collection, known only at deployment, may differ from the base's. */
  changedLoops: string[];
  /** For each nested stack (AWS::CloudFormation::Stack, SAM's AWS::Serverless::Application) in both templates: its parameters whose value changes. */
  nestedParameters: Record<string, string[]>;
}

export interface ImpactOptions {
  /** Parameters of this (nested) template whose value the parent changes. */
  changedParameters?: readonly string[];
  /** Each side's Fn::ForEach loops whose collection is known only at deployment. */
  openLoops?: { base: readonly OpenLoop[]; head: readonly OpenLoop[] };
}

type Json = unknown;
const MARK = " (changed by this update)";

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
 * Rewrites, in place, references to `names` so that their values differ from the base, as the
 * library's own propagation does (`Ref`, `Fn::GetAtt`; templates are normalized first), and `${X}` in `Fn::Sub`.
 * With `skipLookups` (changed parameters), a `Fn::FindInMap` is left alone: whether its value
 * changes is the lookup's to say, and markTemplateInputs has marked those that do.
 */
function markReferences(value: Json, names: ReadonlySet<string>, skipLookups = false): boolean {
  let changed = false;
  if (Array.isArray(value)) {
    for (const v of value) changed = markReferences(v, names, skipLookups) || changed;
    return changed;
  }
  if (!isRecord(value)) return false;
  if (skipLookups && value["Fn::FindInMap"] !== undefined) return false;
  const ref = value["Ref"];
  if (typeof ref === "string" && names.has(ref)) {
    value["Ref"] = `${ref}${MARK}`;
    return true;
  }
  const getAtt = value["Fn::GetAtt"];
  if (Array.isArray(getAtt) && typeof getAtt[0] === "string" && names.has(getAtt[0])) {
    getAtt[0] = `${getAtt[0]}${MARK}`;
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
  for (const v of Object.values(value)) changed = markReferences(v, names, skipLookups) || changed;
  return changed;
}

/** The conditions and mappings a value reads whose value the change alters, as a reviewer would name them. */
function changedTemplateInputs(value: Json, inputs: ChangedInputs, out: Set<string> = new Set()): string[] {
  if (Array.isArray(value)) for (const v of value) changedTemplateInputs(v, inputs, out);
  else if (isRecord(value)) {
    const [condition, lookup] = [value["Fn::If"], value["Fn::FindInMap"]];
    if (Array.isArray(condition) && typeof condition[0] === "string" && inputs.conditions.has(condition[0])) out.add(`condition ${condition[0]}`);
    if (lookup !== undefined && inputs.lookupChanges(lookup)) out.add(`mapping ${Array.isArray(lookup) && typeof lookup[0] === "string" ? lookup[0] : "(computed name)"}`);
    for (const v of Object.values(value)) changedTemplateInputs(v, inputs, out);
  }
  return [...out].sort();
}

function attributeImpacts(id: string, change: ResourceDifference, base: Json, head: Json, replaced: ReadonlySet<string>, inputs: ChangedInputs): AttributeImpact[] {
  const out: AttributeImpact[] = [];
  const changedParameters = inputs.parameters;
  const baseResource = resources(base)[id];
  const headResource = resources(head)[id];
  const baseProps = baseResource?.["Properties"];
  const headProps = headResource?.["Properties"];
  for (const [name, diff] of Object.entries(change.propertyUpdates)) {
    const impact = diff.changeImpact as ChangeImpact | undefined;
    // The library leaves a changed property it has no schema entry for at NO_CHANGE: unknown here.
    const known = impact !== undefined && impact !== "NO_CHANGE";
    const oldValue = isRecord(baseProps) ? baseProps[name] : undefined;
    const newValue = isRecord(headProps) ? headProps[name] : undefined;
    const names = sameValue(oldValue, newValue) ? [...referencedNames(newValue)] : [];
    const causedBy = names.filter((n) => replaced.has(n)).sort();
    // A parameter of this (nested) template whose value the parent changes: a cause, but not a resource.
    const parameters = names.filter((n) => !replaced.has(n) && changedParameters.has(n)).sort();
    const templateInputs = sameValue(oldValue, newValue) ? changedTemplateInputs(newValue, inputs) : [];
    const nested = nestedCause(diff);
    const reason = updatePolicyReason(diff);
    out.push({
      attribute: "Properties", name, ...(known ? { impact } : {}), ...(nested ? { nestedPath: nested } : {}), ...(reason ? { reason } : {}),
      ...(causedBy.length ? { causedBy } : {}), ...(parameters.length ? { causedByParameters: parameters } : {}),
      ...(templateInputs.length ? { causedByTemplate: templateInputs } : {}),
    });
  }
  for (const name of Object.keys(change.otherChanges)) {
    // The same Condition name whose definition changed (a condition is not a property: the library calls it an update).
    const condition = name === "Condition" && sameValue(baseResource?.["Condition"], headResource?.["Condition"]) ? headResource?.["Condition"] : undefined;
    out.push({ attribute: name, name, impact: "WILL_UPDATE", ...(typeof condition === "string" ? { causedByTemplate: [`condition ${condition}`] } : {}) });
  }
  return out;
}

/** A copy in the form the library's `fullDiff` compares: `Fn::GetAtt` as a list, `DependsOn` as a list, numeric-looking texts apart. */
function normalized<T>(value: T): T {
  if (value === undefined) return value;
  // Texts the library would read as one number ("1000", "1e3") kept apart (template-equal.ts).
  const copy = withTexts(value);
  const visit = (v: Json): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isRecord(v)) {
      const getAtt = v["Fn::GetAtt"];
      if (typeof getAtt === "string") v["Fn::GetAtt"] = getAtt.includes(".") ? [getAtt.slice(0, getAtt.indexOf(".")), getAtt.slice(getAtt.indexOf(".") + 1)] : [getAtt];
      if (typeof v["DependsOn"] === "string") v["DependsOn"] = [v["DependsOn"]];
      Object.values(v).forEach(visit);
    }
  };
  visit(copy);
  return copy;
}

/**
 * Rewrites, in place, what reads a changed condition or mapping entry (`Fn::If`, `Fn::FindInMap`)
 * so that its value differs from the base, as markReferences does for a replaced resource.
 */
function markTemplateInputs(value: Json, inputs: ChangedInputs): boolean {
  if (Array.isArray(value)) return value.map((v) => markTemplateInputs(v, inputs)).some(Boolean);
  if (!isRecord(value)) return false;
  let changed = false;
  const [condition, lookup] = [value["Fn::If"], value["Fn::FindInMap"]];
  if (Array.isArray(condition) && typeof condition[0] === "string" && inputs.conditions.has(condition[0])) {
    condition[0] = `${condition[0]}${MARK}`;
    changed = true;
  }
  if (lookup !== undefined && inputs.lookupChanges(lookup)) {
    value["Fn::FindInMap"] = [MARK, lookup];
    return true;
  }
  for (const v of Object.values(value)) changed = markTemplateInputs(v, inputs) || changed;
  return changed;
}

/**
 * The values a nested stack or stack set passes its template's parameters, by name: a nested
 * stack's `Parameters` map; a stack set's `Parameters` list (`ParameterKey`, `ParameterValue`)
 * with each StackInstancesGroup's `ParameterOverrides` (all the values a name takes, in order).
 */
function parameterValues(resource: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const params = propertyOf(resource, "Parameters");
  if (resource["Type"] !== STACK_SET_TYPE) {
    for (const [name, value] of Object.entries(isRecord(params) ? params : {})) out.set(name, value);
    return out;
  }
  const groups = propertyOf(resource, "StackInstancesGroup");
  const lists = [params, ...(Array.isArray(groups) ? groups.map((g) => (isRecord(g) ? g["ParameterOverrides"] : undefined)) : [])];
  for (const [at, list] of lists.entries()) {
    for (const p of Array.isArray(list) ? list : []) {
      if (!isRecord(p) || typeof p["ParameterKey"] !== "string") continue;
      const values = (out.get(p["ParameterKey"]) as unknown[] | undefined) ?? [];
      out.set(p["ParameterKey"], [...values, [at, p["ParameterValue"], p["UsePreviousValue"]]]);
    }
  }
  return out;
}

/** The change impact of deploying `head` over `base` (both parsed templates), resource by resource. */
export function templateImpacts(rawBase: Json, rawHead: Json, options: ImpactOptions = {}): TemplateImpacts {
  // SAM resources as the transform makes them, Globals applied: a change to Globals alone changes them all.
  const [base, head] = [withSamGlobals(rawBase), withSamGlobals(rawHead)];
  // Parameters, mappings and conditions the change alters without touching the resources that read them.
  const inputs = changedInputs(base, head, options.changedParameters ?? []);
  const changedParameters = inputs.parameters;
  const before = resources(base);
  const after = resources(head);
  // Normalized copies of head resources whose references were rewritten; everything else is read in place.
  const work = new Map<string, Record<string, unknown>>();
  const mark = (id: string, names: ReadonlySet<string>): boolean => {
    const raw = after[id];
    if (raw === undefined || ![...referencedNames(raw)].some((n) => names.has(n))) return false;
    const copy = work.get(id) ?? normalized(raw);
    if (!markReferences(copy, names)) return false;
    work.set(id, copy);
    return true;
  };
  const ids = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const diffs = new Map<string, ResourceDifference>();
  const judge = (id: string): void => {
    const [a, b] = [before[id], work.get(id) ?? after[id]];
    // Identical resources are skipped before the library is asked (an unchanged PR never loads the schemas).
    if (sameValue(a, b)) {
      diffs.delete(id);
      return;
    }
    const change = diffResource(normalized(a) as Resource | undefined, (work.get(id) ?? normalized(b)) as Resource | undefined, id);
    // The registry marks every SAM property as a replacement: the SAM transform decides (sam-impacts.ts).
    const type = change.oldResourceType;
    if (type === change.newResourceType && isSamResourceType(type)) reviseSamImpacts(change, type as string);
    // The library reads only top-level marks: a nested create-only property (MSK's ClientSubnets) replaces too.
    else if (type !== undefined && type === change.newResourceType) {
      reviseNestedImpacts(change, type);
      // A property that replaces the resource unless its UpdatePolicy says otherwise (a search domain's version).
      reviseUpdatePolicyImpacts(change, type, before[id], after[id]);
    }
    if (change.isDifferent) diffs.set(id, change);
    else diffs.delete(id);
  };
  if (!inputs.none) {
    for (const id of ids) {
      const raw = after[id];
      const condition = raw?.["Condition"];
      const guarded = typeof condition === "string" && inputs.conditions.has(condition);
      if (raw === undefined || before[id] === undefined || (!guarded && !readsChanged(raw, changedParameters, inputs.conditions, inputs.lookupChanges))) continue;
      const copy = work.get(id) ?? normalized(raw);
      // Lookups first: one keyed by a parameter whose new Default selects an entry of the same value is unchanged.
      markTemplateInputs(copy, inputs);
      markReferences(copy, changedParameters, true);
      if (guarded) copy["Condition"] = `${condition}${MARK}`;
      work.set(id, copy);
    }
  }
  for (const id of ids) judge(id);
  // Re-judge what references a replaced resource until nothing new is replaced (bounded by the resource count).
  const marked = new Set<string>();
  for (let round = 0; round <= ids.length; round++) {
    const fresh = new Set([...diffs].filter(([id, d]) => String(d.changeImpact) === "WILL_REPLACE" && !marked.has(id)).map(([id]) => id));
    if (!fresh.size) break;
    for (const id of fresh) marked.add(id);
    for (const id of ids) if (mark(id, fresh)) judge(id);
  }
  const replaced = marked;
  const out: ResourceImpact[] = [];
  // What a value reads that this change alters: a replaced resource, a parameter, condition or mapping entry.
  const changedValue = (value: unknown): boolean => readsChanged(value, changedParameters, inputs.conditions, inputs.lookupChanges) || [...referencedNames(value)].some((n) => replaced.has(n));
  for (const [logicalId, change] of diffs) {
    const impact = String(change.changeImpact) as ChangeImpact;
    if (impact === "NO_CHANGE" && !change.isDifferent) continue;
    const stackSet = change.oldResourceType === STACK_SET_TYPE && change.newResourceType === STACK_SET_TYPE;
    const removedInstances = stackSet ? removedStackInstances(propertyOf(before[logicalId], "StackInstancesGroup"), propertyOf(after[logicalId], "StackInstancesGroup"), changedValue) : undefined;
    out.push({
      ...(removedInstances ? { removedInstances } : {}),
      logicalId,
      ...(change.oldResourceType !== undefined ? { oldType: change.oldResourceType } : {}),
      ...(change.newResourceType !== undefined ? { newType: change.newResourceType } : {}),
      impact,
      changes: change.oldResourceType !== undefined && change.oldResourceType === change.newResourceType ? attributeImpacts(logicalId, change, base, head, replaced, inputs) : [],
    });
  }
  const nestedParameters: Record<string, string[]> = {};
  for (const [id, r] of Object.entries(resources(head))) {
    const old = before[id];
    const type = r["Type"] as string;
    if (old === undefined || !(NESTED_STACK_TYPES.has(type) || type === STACK_SET_TYPE) || old["Type"] !== type) continue;
    const [oldParams, newParams] = [parameterValues(old), parameterValues(r)];
    const names = new Set([...oldParams.keys(), ...newParams.keys()]);
    nestedParameters[id] = [...names].filter((name) => {
      const [a, b] = [oldParams.get(name), newParams.get(name)];
      return !sameValue(a, b) || changedValue(b);
    }).sort();
  }
  // A loop over a collection known only at deployment is one copy on each side: the same copies
  // only when the collection is the same and reads nothing this change alters.
  const changedLoops = (options.openLoops?.head ?? []).filter((loop) => {
    const old = options.openLoops?.base.find((b) => b.pointer === loop.pointer);
    if (old === undefined) return false;
    return !sameValue(old.collection, loop.collection) || readsChanged(loop.collection, changedParameters, inputs.conditions, inputs.lookupChanges) || [...referencedNames(loop.collection)].some((n) => replaced.has(n));
  }).map((loop) => loop.pointer);
  return { resources: out, nestedParameters, changedLoops };
}
