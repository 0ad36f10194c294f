/**
 * prod-resource-unprotected: a production stack without termination protection, or a stateful
 * production resource that a stack delete or a replacement would destroy. What protects each type
 * is data (policies/resource-protection.yaml, from CloudFormation's documentation): Retain
 * everywhere, Snapshot where CloudFormation supports it, the default DeletionPolicy when none is
 * written, a deletion-protection property against deletes (never against a replacement), and a
 * member resource (an Aurora instance) judged by the resource that holds its data.
 */
import { evidenceAt, type Finding } from "../finding.js";
import type { Policy, ResourceProtection } from "../policy.js";
import { referencedLogicalId, type TemplateResource } from "./intrinsics.js";
import type { ReadTemplate, TemplateInput } from "./template.js";

const RETAINING = new Set(["Retain", "RetainExceptOnCreate"]);

/** A row for a stateful type the table does not describe (a user-added type): CloudFormation's defaults. */
const UNKNOWN_TYPE: ResourceProtection = { snapshot: false, source: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html" };

/** Why a policy value does not protect, or undefined when it does. */
function policyGap(value: unknown, fallback: string, row: ResourceProtection, type: string): string | undefined {
  if (value !== undefined && typeof value !== "string") return "is not a literal value (an intrinsic cannot be shown to protect)";
  const policy = value ?? fallback;
  if (RETAINING.has(policy)) return undefined;
  if (policy === "Snapshot") return row.snapshot ? undefined : `is Snapshot, which CloudFormation does not support for ${type}`;
  return `is ${policy}${value === undefined ? " (the default)" : ""}`;
}

function deletionProtectionOn(resource: TemplateResource, row: ResourceProtection): boolean {
  const dp = row.deletionProtection;
  if (!dp) return false;
  const value = resource.Properties?.[dp.property];
  if (value === undefined) return dp.default;
  return dp.enabled.some((v) => v === value);
}

/** A custom resource that empties a store of the template (the row's `emptiedBy`), with its gaps. */
interface Emptier {
  id: string;
  type: string;
  items: string;
  /** Why its own DeletionPolicy lets a stack delete run it, or undefined when it is retained. */
  deleteGap?: string;
}

/** The stores the template's emptying custom resources name, by logical id (a Ref or GetAtt, or the store's literal value of the same property). */
function emptiersByTarget(resources: Record<string, TemplateResource>, policy: Policy): Map<string, Emptier[]> {
  const byType = new Map<string, { target: string; spec: NonNullable<ResourceProtection["emptiedBy"]> }>();
  for (const [target, row] of Object.entries(policy.protection)) if (row.emptiedBy) byType.set(row.emptiedBy.type, { target, spec: row.emptiedBy });
  const out = new Map<string, Emptier[]>();
  if (byType.size === 0) return out;
  for (const [id, r] of Object.entries(resources)) {
    const known = byType.get(r.Type);
    if (!known) continue;
    const value = r.Properties?.[known.spec.property];
    const named =
      referencedLogicalId(value) ??
      (typeof value === "string" ? Object.keys(resources).find((t) => resources[t]?.Type === known.target && resources[t]?.Properties?.[known.spec.property] === value) : undefined);
    if (named === undefined || resources[named]?.Type !== known.target) continue;
    const deleteGap = policyGap(r.DeletionPolicy, "Delete", UNKNOWN_TYPE, r.Type);
    out.set(named, [...(out.get(named) ?? []), { id, type: r.Type, items: known.spec.items, ...(deleteGap ? { deleteGap } : {}) }]);
  }
  return out;
}

/** Advice in the user's terms: CDK props for a CDK resource, template attributes otherwise. */
function advice(gaps: { delete: boolean }, row: ResourceProtection, cdk: boolean): string {
  const dp = row.deletionProtection?.property;
  if (cdk) {
    // Not every construct takes removalPolicy in its props (codecommit.Repository does not);
    // applyRemovalPolicy is on every L2 resource and CfnResource.
    const removal = `removalPolicy: RemovalPolicy.${row.snapshot ? "SNAPSHOT or RETAIN" : "RETAIN"} in its props (or call applyRemovalPolicy(RemovalPolicy.${row.snapshot ? "SNAPSHOT" : "RETAIN"}) on it)`;
    if (!gaps.delete) return `Set ${removal} so the replaced resource is kept too (deletion protection does not stop a replacement).`;
    return `Set ${removal}${dp ? `, or turn on deletion protection (${dp}) against deletes` : ""}.`;
  }
  const attrs = gaps.delete ? "DeletionPolicy and UpdateReplacePolicy" : "UpdateReplacePolicy";
  return `Set ${attrs} to ${row.snapshot ? "Retain or Snapshot" : "Retain"}${gaps.delete && dp ? ` (or ${dp} against deletes)` : ""}.`;
}

/**
 * Advice for a store a custom resource empties. In CDK, RETAIN alone fails synthesis while the
 * switch is on; CDK removes the tag in the same deployment, and the handler skips an untagged
 * store, so turning the switch off deletes nothing.
 */
function emptierAdvice(ownAdvice: string, empties: Emptier[], spec: NonNullable<ResourceProtection["emptiedBy"]>, cdk: boolean): string {
  if (cdk) return `Remove ${spec.cdkProperty} (CDK removes the ${spec.tag} tag in the same deployment, so the custom resource's removal deletes nothing) and set removalPolicy: RemovalPolicy.RETAIN.`;
  const remove = `remove ${empties.map((e) => e.id).join(", ")} together with the ${spec.tag} tag (without the tag its removal deletes nothing)`;
  return ownAdvice ? `${ownAdvice.replace(/\.$/, "")}, and ${remove}.` : `${remove.charAt(0).toUpperCase()}${remove.slice(1)}.`;
}

export const rule = {
  id: "prod-resource-unprotected" as const,
  defaultSeverity: "error" as const,
  evaluate(input: TemplateInput, read: ReadTemplate, policy: Policy): Finding[] {
    if (!read.production) return [];
    const findings: Finding[] = [];
    const at = (pointer: string) => evidenceAt(input.file, pointer, input.lineOf);
    const stateful = new Set(policy.destructive.statefulResourceTypes);
    const cdkStack = input.stagePath !== undefined;
    // A nested stack is deleted with its root stack: the root's termination protection is the one that counts.
    if (input.nestedIn === undefined && input.terminationProtection !== true) {
      const known = input.terminationProtection === false;
      findings.push({
        rule: rule.id,
        severity: known ? "error" : "warning",
        message: known
          ? `Production stack ${read.stackLabel} has no termination protection: one DeleteStack destroys it. ${cdkStack ? "Set terminationProtection: true on the stack." : "Turn on termination protection for the stack (aws cloudformation update-termination-protection)."}`
          : `Production stack ${read.stackLabel}: termination protection cannot be read from a template file; make sure the deployed stack has it.`,
        subject: read.stackLabel,
        evidence: [{ ...at(""), note: known ? "terminationProtection is off in the cloud assembly" : "template file without stack settings" }],
        suppressed: null,
      });
    }
    const emptiers = emptiersByTarget(read.resources, policy);
    for (const [id, resource] of Object.entries(read.resources)) {
      if (!stateful.has(resource.Type)) continue;
      const row = policy.protection[resource.Type] ?? UNKNOWN_TYPE;
      if (row.partOf && resource.Properties?.[row.partOf.property] !== undefined) continue; // judged by the resource holding its data
      const protectedFromDelete = deletionProtectionOn(resource, row);
      const deleteGap = protectedFromDelete ? undefined : policyGap(resource.DeletionPolicy, row.defaultDeletionPolicy ?? "Delete", row, resource.Type);
      const replaceGap = policyGap(resource.UpdateReplacePolicy, "Delete", row, resource.Type);
      // Retain keeps the store, not what is in it: the custom resource empties it on its own delete,
      // and on a replacement empties the old one, whatever the store's policies (and, since the
      // handler's version is not in the template, whatever the custom resource's UpdateReplacePolicy).
      const empties = emptiers.get(id) ?? [];
      const emptiedOnDelete = empties.filter((e) => e.deleteGap !== undefined).map((e) => `${e.id} (${e.type}, DeletionPolicy ${e.deleteGap}) deletes every ${e.items} in it first`);
      const emptiedOnReplace = empties.map((e) => `${e.id} (${e.type}) deletes every ${e.items} of the replaced one`);
      if (!deleteGap && !replaceGap && empties.length === 0) continue;
      const gap = (event: string, own: string | undefined, emptied: string[], extra = ""): string[] => {
        if (own) return [`${event} destroys it (${[`${own}${extra}`, ...emptied].join("; and ")})`];
        return emptied.length ? [`${event} empties it (${emptied.join("; and ")})`] : [];
      };
      const gaps = [
        ...gap("a stack delete", deleteGap && `DeletionPolicy ${deleteGap}`, emptiedOnDelete),
        ...gap("a replacement", replaceGap && `UpdateReplacePolicy ${replaceGap}`, emptiedOnReplace, protectedFromDelete ? "; deletion protection does not stop a replacement" : ""),
      ];
      const cdk = typeof resource.Metadata?.["aws:cdk:path"] === "string" || cdkStack;
      const ownAdvice = deleteGap || replaceGap ? advice({ delete: deleteGap !== undefined }, row, cdk) : "";
      findings.push({
        rule: rule.id,
        severity: "error",
        message: `Stateful production resource ${id} (${resource.Type}) is unprotected: ${gaps.join("; ")}. ${empties.length && row.emptiedBy ? emptierAdvice(ownAdvice, empties, row.emptiedBy, cdk) : ownAdvice}`,
        subject: `${read.stackLabel}/${id}`,
        evidence: [
          { ...at(`/Resources/${id}`), note: `protection per CloudFormation: ${row.source}` },
          ...empties.map((e) => ({ ...at(`/Resources/${e.id}`), note: `empties ${id}: ${row.emptiedBy?.source ?? e.type}` })),
        ],
        suppressed: null,
      });
    }
    return findings;
  },
};
