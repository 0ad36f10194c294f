/**
 * Rule `changeset-destroys-prod`: a change set that removes or replaces a production resource.
 * `Remove` and `Replacement: True` fail; `Conditional` fails unless allowed. A resource kept by
 * `DeletionPolicy`/`UpdateReplacePolicy: Retain` passes but is reported (severity note). Custom
 * and third-party resource types fail closed: their handlers can delete anything.
 */
import type { Finding, Severity } from "../finding.js";
import type { Policy } from "../policy.js";
import { isProductionStack } from "../production.js";
import { isOpaqueResourceType, type ChangeSetFacts, type ResourceChange } from "./changeset.js";

export interface ChangeSetOptions {
  allowConditional?: boolean;
}

const RETAIN = new Set(["Retain", "RetainExceptOnCreate"]);

export function describeProtections(facts: ChangeSetFacts): string {
  const p = facts.protections;
  if (p.terminationProtection === undefined && p.stackPolicy === undefined) return "not read (no live stack)";
  const tp = p.terminationProtection === undefined ? "unknown" : p.terminationProtection ? "on" : "off";
  const sp = p.stackPolicy === undefined ? "unknown" : p.stackPolicy ? "set" : "none";
  return `termination protection ${tp}, stack policy ${sp}`;
}

/** The properties whose change forces replacement (Details[].Target with RequiresRecreation). */
export function replacementCauses(change: ResourceChange): string[] {
  const causes = change.details
    .filter((d) => d.requiresRecreation === "Always" || d.requiresRecreation === "Conditionally")
    .map((d) => `${d.name ?? d.attribute ?? "?"} (RequiresRecreation: ${d.requiresRecreation}${d.causingEntity ? `, caused by ${d.causingEntity}` : ""})`);
  return [...new Set(causes)];
}

interface Verdict {
  severity: Severity;
  why: string;
}

function judge(change: ResourceChange, facts: ChangeSetFacts, options: ChangeSetOptions): Verdict | undefined {
  const deletion = facts.deletionPolicies?.[change.logicalId];
  const replacePolicy = facts.updateReplacePolicies?.[change.logicalId];
  const policyKnown = (v: Record<string, string> | undefined): string => (v === undefined ? "unknown (stack template not read)" : "Delete (default)");
  const action = change.action;
  if (action === "Remove") {
    if (deletion && RETAIN.has(deletion)) return { severity: "note", why: `removed from the stack but kept by DeletionPolicy ${deletion}` };
    const by = deletion ?? policyKnown(facts.deletionPolicies);
    const kind = change.resourceType === "AWS::CloudFormation::Stack" ? " (a nested stack: every resource in it is deleted)" : "";
    return { severity: "error", why: `removed${kind}; DeletionPolicy ${by}${deletion === "Snapshot" ? ": the live resource is still deleted" : ""}` };
  }
  if (isOpaqueResourceType(change.resourceType) && action !== "Add" && action !== "Import") {
    return { severity: "error", why: `${action} of a resource of type ${change.resourceType} whose handler CloudFormation cannot describe: it may delete or replace data (fail closed)` };
  }
  if (action === "Dynamic") return { severity: "error", why: "change is Dynamic: CloudFormation cannot tell what it does until deploy (fail closed)" };
  if (action !== "Modify") return undefined;
  if (change.resourceType === "AWS::CloudFormation::Stack" && !change.nested) {
    return { severity: "error", why: "nested stack changes were not read (create the change set with IncludeNestedStacks): fail closed" };
  }
  const replacement = change.replacement;
  if (replacement !== "True" && replacement !== "Conditional") {
    if (replacement === "False" || replacement === undefined) return undefined;
    return { severity: "error", why: `unknown Replacement value "${replacement}" (fail closed)` };
  }
  const causes = replacementCauses(change);
  const because = causes.length ? ` because ${causes.join(", ")} changes` : "";
  const what = replacement === "True" ? "replaced" : "possibly replaced (Replacement: Conditional)";
  if (replacePolicy && RETAIN.has(replacePolicy)) return { severity: "note", why: `${what}${because}; the old resource is kept by UpdateReplacePolicy ${replacePolicy}` };
  if (replacement === "Conditional" && options.allowConditional) return { severity: "note", why: `${what}${because}; allowed by --allow-conditional` };
  return { severity: "error", why: `${what}${because}; UpdateReplacePolicy ${replacePolicy ?? policyKnown(facts.updateReplacePolicies)}` };
}

export function evaluateChangeSet(facts: ChangeSetFacts, policy: Policy, options: ChangeSetOptions = {}, parentProduction = false): Finding[] {
  const production = parentProduction || isProductionStack({ names: [facts.stackName], tags: facts.tags, ...(facts.account ? { account: facts.account } : {}) }, policy.production);
  const findings: Finding[] = [];
  for (const change of facts.changes) {
    if (change.nested) findings.push(...evaluateChangeSet(change.nested, policy, options, production));
    if (!production) continue;
    const verdict = judge(change, facts, options);
    if (!verdict) continue;
    const physical = change.physicalId ? ` (${change.physicalId})` : "";
    findings.push({
      rule: "changeset-destroys-prod",
      severity: verdict.severity,
      message: `${change.resourceType} ${change.logicalId}${physical} in production stack ${facts.stackName} would be ${verdict.why}. Stack protections: ${describeProtections(facts)}`,
      subject: `${facts.stackName}/${change.logicalId}`,
      evidence: [change.evidence],
      suppressed: null,
    });
  }
  return findings;
}

export const rule = {
  id: "changeset-destroys-prod" as const,
  defaultSeverity: "error" as Severity,
  evaluate: evaluateChangeSet,
};
