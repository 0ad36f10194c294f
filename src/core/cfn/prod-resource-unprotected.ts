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
import type { TemplateResource } from "./intrinsics.js";
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

/** Advice in the user's terms: CDK props for a CDK resource, template attributes otherwise. */
function advice(gaps: { delete: boolean }, row: ResourceProtection, cdk: boolean): string {
  const dp = row.deletionProtection?.property;
  if (cdk) {
    const removal = `removalPolicy: RemovalPolicy.${row.snapshot ? "SNAPSHOT (or RETAIN)" : "RETAIN"}`;
    if (!gaps.delete) return `Set ${removal} so the replaced resource is kept too (deletion protection does not stop a replacement).`;
    return `Set ${removal}${dp ? `, or turn on deletion protection (${dp}) against deletes` : ""}.`;
  }
  const attrs = gaps.delete ? "DeletionPolicy and UpdateReplacePolicy" : "UpdateReplacePolicy";
  return `Set ${attrs} to ${row.snapshot ? "Retain or Snapshot" : "Retain"}${gaps.delete && dp ? ` (or ${dp} against deletes)` : ""}.`;
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
    for (const [id, resource] of Object.entries(read.resources)) {
      if (!stateful.has(resource.Type)) continue;
      const row = policy.protection[resource.Type] ?? UNKNOWN_TYPE;
      if (row.partOf && resource.Properties?.[row.partOf.property] !== undefined) continue; // judged by the resource holding its data
      const protectedFromDelete = deletionProtectionOn(resource, row);
      const deleteGap = protectedFromDelete ? undefined : policyGap(resource.DeletionPolicy, row.defaultDeletionPolicy ?? "Delete", row, resource.Type);
      const replaceGap = policyGap(resource.UpdateReplacePolicy, "Delete", row, resource.Type);
      if (!deleteGap && !replaceGap) continue;
      const gaps = [
        ...(deleteGap ? [`a stack delete destroys it (DeletionPolicy ${deleteGap})`] : []),
        ...(replaceGap ? [`a replacement destroys it (UpdateReplacePolicy ${replaceGap}${protectedFromDelete ? "; deletion protection does not stop a replacement" : ""})`] : []),
      ];
      const cdk = typeof resource.Metadata?.["aws:cdk:path"] === "string" || cdkStack;
      findings.push({
        rule: rule.id,
        severity: "error",
        message: `Stateful production resource ${id} (${resource.Type}) is unprotected: ${gaps.join("; ")}. ${advice({ delete: deleteGap !== undefined }, row, cdk)}`,
        subject: `${read.stackLabel}/${id}`,
        evidence: [{ ...at(`/Resources/${id}`), note: `protection per CloudFormation: ${row.source}` }],
        suppressed: null,
      });
    }
    return findings;
  },
};
