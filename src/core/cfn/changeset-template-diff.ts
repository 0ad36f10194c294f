/**
 * Local change-set prediction from synthesized templates (no AWS), for the pull-request gate.
 *
 * What each changed resource does (update, replacement, possible replacement) is not decided
 * here: `@aws-cdk/cloudformation-diff`, the library `cdk diff` uses, reads it from the
 * CloudFormation registry schemas. It loads those schemas from disk, so it runs in an adapter
 * (src/aws/template-impact.ts) that hands this pure module plain `ResourceImpact` data. This
 * module pairs that data with the two templates (lines, DeletionPolicy/UpdateReplacePolicy),
 * whole stacks that disappeared, and nested stacks, and produces the `ChangeSetFacts` that the
 * `changeset-destroys-prod` rule judges exactly like a live change set.
 *
 * What the library does not know is kept here, each with its reason:
 * - a property (or a type) the schema has no entry for: the library calls it NO_CHANGE; here it is
 *   UNKNOWN and the rule fails closed;
 * - a changed `Condition`: when the new condition is false at deploy time CloudFormation deletes
 *   the resource (CloudFormation User Guide, "Conditions"), so it may remove it;
 * - `AWS::CDK::Metadata`, which the registry schemas do not list: CDK's version-reporting resource
 *   (CDK Developer Guide, "Version reporting"), holding no data; its `Analytics` string changes
 *   whenever a construct type is added, so judging it "unknown" would fail most pull requests.
 */
import { evidenceAt as evidenceIn, inputErrorAt, type InputError } from "../finding.js";
import { childPointer } from "../source/pointer.js";
import { TEMPLATE_INPUT, type ChangeDetail, type ChangeSetFacts, type ResourceChange, type StackScope } from "./changeset.js";
import type { ResourceTags } from "../production.js";
import { isRecord } from "../is-record.js";
import { moduleResourceError, moduleSectionError, unfollowedTransforms } from "./transforms.js";
import type { OpenLoop } from "./foreach.js";
import type { RemovedInstances } from "./stack-set-instances.js";
import { samGlobalPointer } from "./sam-globals.js";
import { customResourceCalls, type CustomResourceCalls } from "./aws-custom-resource.js";
import { isCustomResourceType } from "./intrinsics.js";

export interface TemplateSide {
  file: string;
  value: unknown;
  lineOf?: (pointer: string) => number | undefined;
  /** Fn::ForEach loops whose collection is known only at deployment (each expanded to one copy standing for any value). */
  openLoops?: OpenLoop[];
}

/** `ResourceImpact` of `@aws-cdk/cloudformation-diff`, as plain strings. */
export type ChangeImpact = "WILL_UPDATE" | "WILL_CREATE" | "WILL_REPLACE" | "MAY_REPLACE" | "WILL_DESTROY" | "WILL_ORPHAN" | "WILL_IMPORT" | "NO_CHANGE";

export interface AttributeImpact {
  /** "Properties" for a property, else the resource attribute itself ("Type", "Condition", "DeletionPolicy", ...). */
  attribute: string;
  /** The property name (for Properties) or the attribute name. */
  name: string;
  /** The library's verdict; undefined = the registry schema has no entry for this property or type. */
  impact?: ChangeImpact;
  /** Logical ids whose replacement changes this value (a Ref/GetAtt to them), when that is the only change. */
  causedBy?: string[];
  /** Parameters of this nested template whose value the parent changes, when that is the only change. */
  causedByParameters?: string[];
  /**
   * Conditions and mappings this value reads whose value the change alters while the resource's
   * text stays (`condition IsProd`, `mapping Names`), when that is the only change.
   */
  causedByTemplate?: string[];
  /** When a create-only property below this one decided the impact: its path (`BrokerNodeGroupInfo.ClientSubnets`). */
  nestedPath?: string;
  /** When something other than the property's schema entry decided the impact (its resource's UpdatePolicy): why, in words. */
  reason?: string;
}

export interface ResourceImpact {
  logicalId: string;
  oldType?: string;
  newType?: string;
  impact: ChangeImpact;
  changes: AttributeImpact[];
  /** A stack set's instances the head no longer lists (deleted with their stacks). */
  removedInstances?: RemovedInstances;
}

/** One stack of the base assembly paired with its counterpart in the head (either may be absent). */
export interface StackPair {
  /** The pairing key: artifact id (with the stage directory), or parent key + "/" + logical id for nested stacks. */
  id: string;
  stackName: string;
  /** Tags and account as deployed: the base's, or the head's for a stack the base lacks. */
  tags: Record<string, string>;
  /** A CDK stack's resources' tags as deployed (StackFacts.resourceTags); a nested stack's are its parent's. */
  resourceTags?: ResourceTags[];
  account?: string;
  /** The head's tags and account, when they differ from the base's. */
  after?: StackScope;
  terminationProtection?: boolean;
  base?: TemplateSide;
  head?: TemplateSide;
  /** From the change-impact adapter: required when both sides exist. */
  impacts?: ResourceImpact[];
  /**
   * From the change-impact adapter: head loops (source pointers) whose collection, known only at
   * deployment, may differ from the base's: which copies the change removes cannot be told.
   */
  changedLoops?: string[];
  /** Nested stacks, by the logical id of their AWS::CloudFormation::Stack resource in this stack. */
  nested?: Record<string, StackPair>;
  /** With a base and no head: why the stack is gone (e.g. renamed: a new stack replaces it). */
  removedBecause?: string;
}

function resourcesOf(side: TemplateSide, errors: InputError[]): Record<string, Record<string, unknown>> {
  const resources = isRecord(side.value) ? side.value["Resources"] : undefined;
  if (!isRecord(resources)) {
    errors.push({ file: side.file, message: "not a CloudFormation template: no Resources object" });
    return {};
  }
  const out: Record<string, Record<string, unknown>> = {};
  // A module's resources are not in the template: what the change does to them cannot be told.
  const section = moduleSectionError(side.value);
  if (section) errors.push(inputErrorAt(side.file, "/Modules", side.lineOf, section));
  for (const [id, r] of Object.entries(resources)) {
    const moduleError = moduleResourceError(id, isRecord(r) ? r["Type"] : undefined, r);
    if (moduleError) {
      errors.push(inputErrorAt(side.file, childPointer("/Resources", id), side.lineOf, moduleError));
      continue;
    }
    if (!isRecord(r) || typeof r["Type"] !== "string") {
      errors.push(inputErrorAt(side.file, childPointer("/Resources", id), side.lineOf, `resource ${id} has no Type`));
      continue;
    }
    out[id] = r;
  }
  return out;
}

function evidenceAt(side: TemplateSide, pointer: string): ResourceChange["evidence"] {
  return evidenceIn(side.file, pointer, side.lineOf);
}

/** Each resource's type, by logical id. */
const typesOf = (resources: Record<string, Record<string, unknown>>): Record<string, string> => Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, r["Type"] as string]));

/** An AwsCustomResource's calls as one side writes them (undefined for any other resource). */
function callsIn(side: TemplateSide, resource: unknown, id: string): CustomResourceCalls | undefined {
  // The side's own resources say which of the values its calls are filled with are identifiers.
  const resources = isRecord(side.value) && isRecord(side.value["Resources"]) ? side.value["Resources"] : {};
  return customResourceCalls(resource, (pointer) => evidenceAt(side, pointer), childPointer("/Resources", id), resources);
}

/**
 * A custom resource the head adds: its handler runs on Create, so unlike any other added resource
 * it is judged (an AwsCustomResource by its calls, any other custom resource as code not read).
 */
function addedCustomResource(side: TemplateSide, id: string, resource: Record<string, unknown>): ResourceChange | undefined {
  const type = resource["Type"];
  if (typeof type !== "string" || !isCustomResourceType(type)) return undefined;
  const after = callsIn(side, resource, id);
  return { logicalId: id, resourceType: type, action: "Add", details: [], evidence: evidenceAt(side, childPointer("/Resources", id)), ...(after ? { customCalls: { after } } : {}) };
}

const RETAIN = new Set(["Retain", "RetainExceptOnCreate"]);

/** Resource types with no data and no effect on others: their changes are not judged. */
const INERT_TYPES = new Set(["AWS::CDK::Metadata"]);

/** DeletionPolicy of the deployed (base) resources; UpdateReplacePolicy kept only when both sides keep it. */
function policies(before: Record<string, Record<string, unknown>>, after: Record<string, Record<string, unknown>>) {
  const deletionPolicies: Record<string, string> = {};
  const updateReplacePolicies: Record<string, string> = {};
  // A policy written with an intrinsic (AWS::LanguageExtensions resolves `!Ref DataPolicy` at
  // deployment) is kept as written: never Retain here, and shown as it is in the template.
  const written = (policy: unknown): string | undefined => (policy === undefined || typeof policy === "string" ? policy : JSON.stringify(policy));
  for (const [id, r] of Object.entries(before)) {
    const deletion = written(r["DeletionPolicy"]);
    if (deletion !== undefined) deletionPolicies[id] = deletion;
    const old = written(r["UpdateReplacePolicy"]);
    const next = written(after[id]?.["UpdateReplacePolicy"]);
    // Which side's policy CloudFormation applies to a replacement made by this very update is not
    // something a reviewer should have to know: the old resource is counted as kept only when both say so.
    if (typeof old === "string" && typeof next === "string") updateReplacePolicies[id] = RETAIN.has(old) && !RETAIN.has(next) ? next : old;
    else if (typeof old === "string" && !RETAIN.has(old)) updateReplacePolicies[id] = old;
    else if (typeof next === "string" && !RETAIN.has(next)) updateReplacePolicies[id] = next;
  }
  return { deletionPolicies, updateReplacePolicies };
}

/** A resource's property as written (undefined without Properties). */
export const propertyOf = (resource: Record<string, unknown> | undefined, name: string): unknown => (isRecord(resource?.["Properties"]) ? resource["Properties"][name] : undefined);

const RECREATION: Record<string, string> = { WILL_REPLACE: "Always", MAY_REPLACE: "Conditionally" };

function detailOf(change: AttributeImpact): ChangeDetail {
  const template = change.causedByTemplate?.length ? { causingEntity: change.causedByTemplate.join(", "), changeSource: TEMPLATE_INPUT } : {};
  if (change.attribute === "Condition") {
    // The library reports a changed Condition as an update; CloudFormation deletes a resource whose condition turns false.
    return { attribute: "Condition", name: "Condition", requiresRecreation: "Conditionally", impact: "MAY_DESTROY (the resource is deleted when its new condition is false)", ...template };
  }
  const impact = change.impact === undefined ? "UNKNOWN" : change.nestedPath ? `${change.impact}: ${change.nestedPath} is create-only` : change.reason ? `${change.impact}: ${change.reason}` : change.impact;
  return {
    attribute: change.attribute,
    name: change.name,
    requiresRecreation: change.impact === undefined ? "Unknown" : (RECREATION[change.impact] ?? "Never"),
    impact,
    // As a change set reports it: a replaced resource it references, else a parameter (ParameterReference).
    ...(change.causedBy?.length
      ? { causingEntity: change.causedBy.join(", "), changeSource: "ResourceReference" }
      : change.causedByParameters?.length ? { causingEntity: change.causedByParameters.join(", "), changeSource: "ParameterReference" } : template),
  };
}

function replacementOf(details: ChangeDetail[]): string {
  if (details.some((d) => d.requiresRecreation === "Always")) return "True";
  if (details.some((d) => d.requiresRecreation === "Conditionally")) return "Conditional";
  if (details.some((d) => d.requiresRecreation === "Unknown")) return "Unknown";
  return "False";
}

function removedStackFacts(pair: StackPair, side: TemplateSide, errors: InputError[]): ChangeSetFacts {
  const before = resourcesOf(side, errors);
  const { deletionPolicies } = policies(before, {});
  const changes: ResourceChange[] = Object.entries(before).filter(([, r]) => !INERT_TYPES.has(r["Type"] as string)).map(([id, r]) => {
    const before = callsIn(side, r, id);
    const change: ResourceChange = { logicalId: id, resourceType: r["Type"] as string, action: "Remove", details: [], evidence: evidenceAt(side, childPointer("/Resources", id)), ...(before ? { customCalls: { before } } : {}) };
    const nested = pair.nested?.[id];
    const nestedFacts = nested?.base ? removedStackFacts(nested, nested.base, errors) : undefined;
    if (nestedFacts) change.nested = nestedFacts;
    return change;
  });
  return { ...stackFields(pair, side), deletionPolicies, updateReplacePolicies: {}, changes, removed: true, stackEvidence: evidenceAt(side, "/Resources"), ...(pair.removedBecause ? { removedBecause: pair.removedBecause } : {}) };
}

function stackFields(pair: StackPair, side: TemplateSide): Omit<ChangeSetFacts, "changes"> {
  return {
    stackName: pair.stackName,
    changeSetName: `${pair.base?.file ?? "(none)"} → ${pair.head?.file ?? "(removed)"}`,
    id: side.file,
    tags: pair.tags,
    ...(pair.resourceTags ? { resourceTags: pair.resourceTags } : {}),
    ...(pair.account !== undefined ? { account: pair.account } : {}),
    ...(pair.after && pair.base && pair.head ? { after: pair.after } : {}),
    protections: pair.terminationProtection === undefined ? {} : { terminationProtection: pair.terminationProtection },
  };
}

/** Resources the head adds in the nested stacks of a pair (a new nested stack: all of its own), by type, as `Nested/LogicalId`. */
function nestedAdditions(pair: StackPair, out: Map<string, string[]> = new Map(), prefix = ""): Map<string, string[]> {
  const add = (type: unknown, path: string): void => {
    if (typeof type === "string") out.set(type, [...(out.get(type) ?? []), path]);
  };
  for (const [id, nested] of Object.entries(pair.nested ?? {})) {
    const at = `${prefix}${id}/`;
    if (nested.impacts) {
      for (const r of nested.impacts) if (r.impact === "WILL_CREATE") add(r.newType, `${at}${r.logicalId}`);
    } else if (!nested.base && nested.head) {
      const resources = isRecord(nested.head.value) ? nested.head.value["Resources"] : undefined;
      if (isRecord(resources)) for (const [rid, r] of Object.entries(resources)) add(isRecord(r) ? r["Type"] : undefined, `${at}${rid}`);
    }
    nestedAdditions(nested, out, at);
  }
  return out;
}

/**
 * The change set a deploy of `head` over `base` would produce, as far as the templates tell.
 * A stack only in the head adds resources (nothing to judge): no facts.
 */
export function diffStackPair(pair: StackPair): { facts?: ChangeSetFacts; errors: InputError[] } {
  const errors: InputError[] = [];
  const { base, head } = pair;
  if (!base) {
    // A new stack adds only new resources, but a custom resource among them runs its handler.
    if (!head) return { errors };
    const resources = resourcesOf(head, errors);
    const added = Object.entries(resources).map(([id, r]) => addedCustomResource(head, id, r)).filter((c): c is ResourceChange => c !== undefined);
    return added.length ? { facts: { ...stackFields(pair, head), changes: added, added: typesOf(resources) }, errors } : { errors };
  }
  if (!head) return { facts: removedStackFacts(pair, base, errors), errors };
  const before = resourcesOf(base, errors);
  const after = resourcesOf(head, errors);
  // A side that is not a template would read as "every resource removed" (or added): report only the error.
  if (errors.some((e) => e.message.startsWith("not a CloudFormation template"))) return { errors };
  if (!pair.impacts) {
    errors.push({ file: head.file, message: `change impact of ${base.file} → ${head.file} was not computed` });
    return { errors };
  }
  // A macro returns the template CloudFormation deploys (Count makes Bucket1..3 of one Bucket): a
  // change to the file, to the transform, or to a value it reads (a parameter its parent passes,
  // `Count: !Ref TestCount`) may remove what the file never shows. Unchanged, the macro returns
  // what it returned before.
  if (JSON.stringify(base.value) !== JSON.stringify(head.value) || pair.impacts.length > 0) {
    // Cited in the head; a transform only the base declares (dropped) in the base.
    const inHead = unfollowedTransforms(head.value);
    const dropped = unfollowedTransforms(base.value).filter((t) => !inHead.some((h) => h.name === t.name));
    for (const [side, transforms] of [[head, inHead], [base, dropped]] as const) {
      for (const { name, pointer } of transforms) {
        errors.push(inputErrorAt(side.file, pointer, side.lineOf, `Transform ${name} rewrites the template before CloudFormation deploys it, so which resources this change removes or replaces is in what it returns, not in this file (fail closed): gate the deploy with the change set CloudFormation computes from the processed template (\`agent-guardrail changeset\`)`));
      }
    }
  }
  for (const pointer of pair.changedLoops ?? []) {
    const loop = pointer.slice(pointer.lastIndexOf("/") + 1);
    errors.push(inputErrorAt(head.file, pointer, head.lineOf, `${loop}: its collection is known only at deployment and may differ from the base's (the loop or a parameter default or mapping entry it reads changes), so which copies this change removes cannot be told (fail closed): write the collection out, or compare the processed templates`));
  }
  const addedByType = new Map<string, string[]>();
  for (const r of pair.impacts) {
    if (r.impact === "WILL_CREATE" && r.newType) addedByType.set(r.newType, [...(addedByType.get(r.newType) ?? []), r.logicalId]);
  }
  const addedInNested = nestedAdditions(pair);
  const changes: ResourceChange[] = [];
  for (const r of pair.impacts) {
    const id = r.logicalId;
    const resourcePointer = childPointer("/Resources", id);
    if (r.impact === "WILL_CREATE") {
      const added = after[id] ? addedCustomResource(head, id, after[id]) : undefined;
      if (added) changes.push(added);
      continue;
    }
    if (r.impact === "WILL_IMPORT") continue;
    if (INERT_TYPES.has(r.oldType ?? "") && (r.newType === undefined || r.newType === r.oldType)) continue;
    if (r.impact === "WILL_DESTROY" || r.impact === "WILL_ORPHAN" || (r.oldType !== undefined && r.newType === undefined)) {
      const type = r.oldType ?? (before[id]?.["Type"] as string | undefined) ?? "unknown";
      const renamed = addedByType.get(type);
      const moved = addedInNested.get(type);
      const calls = callsIn(base, before[id], id);
      changes.push({
        logicalId: id, resourceType: type, action: "Remove", details: [], evidence: evidenceAt(base, resourcePointer),
        ...(renamed ? { addedSameType: renamed } : {}), ...(moved ? { addedInNestedStack: moved } : {}), ...(calls ? { customCalls: { before: calls } } : {}),
      });
      continue;
    }
    const type = r.oldType ?? r.newType ?? "unknown";
    if (r.oldType !== r.newType) {
      changes.push({
        logicalId: id, resourceType: type, action: "Modify", replacement: "True",
        details: [{ attribute: "Type", name: "Type", requiresRecreation: "Always", impact: "WILL_REPLACE", causingEntity: `Type ${r.oldType ?? "?"} → ${r.newType ?? "?"}` }],
        evidence: evidenceAt(head, childPointer(resourcePointer, "Type")),
      });
      continue;
    }
    const details = r.changes.map(detailOf);
    if (details.length === 0) continue;
    // A custom resource's handler is judged by what changed inside a property (in-place-updates.ts).
    if (type.startsWith("Custom::")) for (const d of details) if (d.attribute === "Properties" && d.name !== undefined) d.values = { before: propertyOf(before[id], d.name), after: propertyOf(after[id], d.name) };
    const replacement = replacementOf(details);
    const rank = (d: ChangeDetail): number => ["Always", "Conditionally", "Unknown"].indexOf(d.requiresRecreation ?? "") >>> 0;
    const first = [...details].sort((a, b) => rank(a) - rank(b))[0];
    const headProps = isRecord(after[id]?.["Properties"]) ? (after[id]["Properties"] as Record<string, unknown>) : {};
    // Evidence in the head: the property that forces the replacement, the SAM Globals entry it
    // comes from when the resource does not set it, or the resource when the head dropped it.
    const global = first?.name !== undefined ? samGlobalPointer(head.value, type, first.name) : undefined;
    const pointer = first?.attribute === "Properties" && first.name !== undefined
      ? headProps[first.name] !== undefined ? childPointer(resourcePointer, "Properties", first.name) : global ?? resourcePointer
      : first?.attribute !== undefined && after[id]?.[first.attribute] !== undefined ? childPointer(resourcePointer, first.attribute) : resourcePointer;
    // Removed stack instances are cited at the head's StackInstancesGroup (the resource when it has none).
    const instances = r.removedInstances ? { removedInstances: r.removedInstances } : {};
    const at = r.removedInstances ? (headProps["StackInstancesGroup"] !== undefined ? childPointer(resourcePointer, "Properties", "StackInstancesGroup") : resourcePointer) : pointer;
    const [callsBefore, callsAfter] = [callsIn(base, before[id], id), callsIn(head, after[id], id)];
    const customCalls = callsBefore || callsAfter ? { customCalls: { ...(callsBefore ? { before: callsBefore } : {}), ...(callsAfter ? { after: callsAfter } : {}) } } : {};
    changes.push({ logicalId: id, resourceType: type, action: "Modify", replacement, details, evidence: evidenceAt(head, at), ...instances, ...customCalls });
  }
  for (const [id, nested] of Object.entries(pair.nested ?? {})) {
    const inner = diffStackPair(nested);
    errors.push(...inner.errors);
    if (!inner.facts) continue;
    let holder = changes.find((c) => c.logicalId === id);
    if (!holder) {
      if (inner.facts.changes.length === 0) continue;
      // The parent's Stack resource is unchanged in text (same template URL) yet the nested template differs.
      const type = after[id]?.["Type"];
      // A nested stack the head adds holds only added resources: judged for its custom resources.
      holder = { logicalId: id, resourceType: typeof type === "string" ? type : "AWS::CloudFormation::Stack", action: before[id] ? "Modify" : "Add", replacement: "False", details: [], evidence: evidenceAt(head, childPointer("/Resources", id)) };
      changes.push(holder);
    }
    holder.nested = inner.facts;
  }
  const { deletionPolicies, updateReplacePolicies } = policies(before, after);
  const created = Object.fromEntries(pair.impacts.filter((r) => r.impact === "WILL_CREATE" && r.newType !== undefined).map((r) => [r.logicalId, r.newType as string]));
  return { facts: { ...stackFields(pair, head), deletionPolicies, updateReplacePolicies, changes, added: created }, errors };
}
