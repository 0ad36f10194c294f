/**
 * prod-resource-unprotected: a production stack without termination protection, or a stateful
 * production resource that a stack delete or a replacement would destroy — neither a
 * Retain/Snapshot policy nor the resource type's own deletion protection.
 */
import type { Finding } from "../finding.js";
import type { Policy } from "../policy.js";
import type { TemplateResource } from "./intrinsics.js";
import type { ReadTemplate, TemplateInput } from "./template.js";

export const SAFE_DELETION_POLICIES = new Set(["Retain", "RetainExceptOnCreate", "Snapshot"]);

/** Properties that make CloudFormation refuse to delete the resource, and the value that means "on". */
const DELETION_PROTECTION: Record<string, { property: string; on: (v: unknown) => boolean }> = {
  "AWS::RDS::DBInstance": { property: "DeletionProtection", on: (v) => v === true || v === "true" },
  "AWS::RDS::DBCluster": { property: "DeletionProtection", on: (v) => v === true || v === "true" },
  "AWS::Neptune::DBCluster": { property: "DeletionProtection", on: (v) => v === true || v === "true" },
  "AWS::DocDB::DBCluster": { property: "DeletionProtection", on: (v) => v === true || v === "true" },
  "AWS::DynamoDB::Table": { property: "DeletionProtectionEnabled", on: (v) => v === true || v === "true" },
  "AWS::Cognito::UserPool": { property: "DeletionProtection", on: (v) => v === "ACTIVE" },
  "AWS::Logs::LogGroup": { property: "DeletionProtectionEnabled", on: (v) => v === true || v === "true" },
};

function protectedByType(resource: TemplateResource): string | undefined {
  const rule = DELETION_PROTECTION[resource.Type];
  return rule && rule.on(resource.Properties?.[rule.property]) ? rule.property : undefined;
}

export const rule = {
  id: "prod-resource-unprotected" as const,
  defaultSeverity: "error" as const,
  evaluate(input: TemplateInput, read: ReadTemplate, policy: Policy): Finding[] {
    if (!read.production) return [];
    const findings: Finding[] = [];
    const at = (pointer: string) => {
      const line = input.lineOf?.(pointer);
      return { file: input.file, pointer, ...(line !== undefined ? { line } : {}) };
    };
    const stateful = new Set(policy.destructive.statefulResourceTypes);
    // A nested stack is deleted with its root stack: the root's termination protection is the one that counts.
    if (input.nestedIn === undefined && input.terminationProtection !== true) {
      const known = input.terminationProtection === false;
      findings.push({
        rule: rule.id,
        severity: known ? "error" : "warning",
        message: known
          ? `Production stack ${read.stackLabel} has no termination protection: one DeleteStack destroys it.`
          : `Production stack ${read.stackLabel}: termination protection cannot be read from a template file; make sure the deployed stack has it.`,
        subject: read.stackLabel,
        evidence: [{ ...at(""), note: known ? "terminationProtection is off in the cloud assembly" : "template file without stack settings" }],
        suppressed: null,
      });
    }
    for (const [id, resource] of Object.entries(read.resources)) {
      if (!stateful.has(resource.Type)) continue;
      const byType = protectedByType(resource);
      const deletion = typeof resource.DeletionPolicy === "string" ? resource.DeletionPolicy : "Delete";
      const replace = typeof resource.UpdateReplacePolicy === "string" ? resource.UpdateReplacePolicy : "Delete";
      const gaps: string[] = [];
      if (!SAFE_DELETION_POLICIES.has(deletion) && !byType) gaps.push(`a stack delete destroys it (DeletionPolicy ${deletion})`);
      if (!SAFE_DELETION_POLICIES.has(replace) && !byType) gaps.push(`a replacement destroys it (UpdateReplacePolicy ${replace})`);
      if (gaps.length === 0) continue;
      const protection = DELETION_PROTECTION[resource.Type];
      findings.push({
        rule: rule.id,
        severity: "error",
        message: `Stateful production resource ${id} (${resource.Type}) is unprotected: ${gaps.join("; ")}. Set DeletionPolicy/UpdateReplacePolicy to Retain or Snapshot${protection ? ` or ${protection.property}` : ""}.`,
        subject: `${read.stackLabel}/${id}`,
        evidence: [at(`/Resources/${id}`)],
        suppressed: null,
      });
    }
    return findings;
  },
};
