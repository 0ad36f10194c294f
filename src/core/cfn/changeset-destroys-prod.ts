/**
 * Rule `changeset-destroys-prod`: a change set that removes or replaces a production resource.
 * `Remove` and `Replacement: True` fail; `Conditional` fails unless allowed. A resource kept by
 * `DeletionPolicy`/`UpdateReplacePolicy: Retain` passes but is reported (severity note). Custom
 * and third-party resource types fail closed: their handlers can delete anything.
 */
import type { Evidence, Finding, Severity } from "../finding.js";
import type { ActionCatalogue } from "../iam/catalogue.js";
import { tierIndex } from "../iam/tiers.js";
import type { Policy, ProductionScope } from "../policy.js";
import { arnAccount, hasNonProductionToken, hasProductionToken, isNonProductionAccount, productionVerdict, type ProductionVerdict, type ResourceTags } from "../production.js";
import { callsThatRun, destructiveTiers, type SdkCall, type SdkCallRead } from "./aws-custom-resource.js";
import { isOpaqueResourceType, NESTED_STACK_TYPES, STACK_SET_TEMPLATE_INPUTS, STACK_SET_TYPE, TEMPLATE_INPUT, type ChangeSetFacts, type ResourceChange, type StackScope } from "./changeset.js";
import { appliedInPlace, KNOWN_HANDLER_TYPES } from "./in-place-updates.js";
import { isAwsType, isCustomResourceType } from "./intrinsics.js";

export interface ChangeSetOptions {
  allowConditional?: boolean;
  /** The action catalogue, for an AwsCustomResource's calls (the destructive tiers are its actions); without it they fail closed. */
  catalogue?: ActionCatalogue;
}

const RETAIN = new Set(["Retain", "RetainExceptOnCreate"]);
/** The values CloudFormation takes for DeletionPolicy and UpdateReplacePolicy. */
const POLICY_VALUES = new Set(["Delete", "Retain", "RetainExceptOnCreate", "Snapshot"]);

/** A policy as the template writes it; one that is not a value (an intrinsic, read as its JSON) is decided at deployment. */
const shownPolicy = (policy: string): string => (POLICY_VALUES.has(policy) ? policy : `${policy} (known only at deployment: not counted as Retain)`);

export function describeProtections(facts: ChangeSetFacts): string {
  const p = facts.protections;
  if (p.terminationProtection === undefined && p.stackPolicy === undefined) return "not read (no live stack)";
  const tp = p.terminationProtection === undefined ? "unknown" : p.terminationProtection ? "on" : "off";
  const sp = p.stackPolicy === undefined ? "unknown" : p.stackPolicy ? "set" : "none";
  return `termination protection ${tp}, stack policy ${sp}`;
}

/** The properties whose change forces replacement (Details[].Target with RequiresRecreation), with what decided it. */
export function replacementCauses(change: ResourceChange): string[] {
  const causes = change.details
    .filter((d) => d.requiresRecreation === "Always" || d.requiresRecreation === "Conditionally")
    .map((d) => {
      const caused = d.causingEntity ? `, caused by ${d.changeSource === "ParameterReference" ? "parameter " : ""}${d.causingEntity}` : "";
      return d.impact ? `${d.name ?? d.attribute ?? "?"} (${d.impact}${caused})` : `${d.name ?? d.attribute ?? "?"} (RequiresRecreation: ${d.requiresRecreation}${caused})`;
    });
  return [...new Set(causes)];
}

/**
 * Whether a property is the resource's own physical name: `Name`, or a name or identifier named
 * after the type (`TableName` of a table, `DBInstanceIdentifier` of a DB instance, `ClusterName`
 * of a cache cluster, `ReplicationGroupId`). Not `SnapshotName`, `DBSubnetGroupName` or a DB
 * instance's `DBClusterIdentifier`: those name another resource it starts from or uses, and
 * keeping them is not keeping a name.
 */
function namesItself(property: string, resourceType: string): boolean {
  const stem = /^(.*?)(?:Name|Identifier|Id)$/.exec(property)?.[1];
  if (stem === undefined) return false;
  const own = resourceType.split("::").pop() ?? "";
  return stem === "" || property === own || (stem.length > 0 && own.endsWith(stem));
}

/** How to keep the resource, in the terms of the CDK code that most templates come from. */
export function avoidance(change: ResourceChange): string {
  if (change.action === "Remove") {
    const renamed = change.addedSameType?.length
      ? `If it was renamed (the head adds ${change.addedSameType.join(", ")} of the same type), keep the old logical id: \`(construct.node.defaultChild as CfnResource).overrideLogicalId("${change.logicalId}")\`. `
      : "";
    const movedTo = [
      change.addedInNestedStack?.length ? `into a nested stack (the head adds ${change.addedInNestedStack.join(", ")} of the same type)` : "",
      change.addedInOtherStack?.length ? `to another stack (the head adds ${change.addedInOtherStack.join(", ")} of the same type)` : "",
    ].filter(Boolean);
    const moved = movedTo.length
      ? `If it moved ${movedTo.join(" or ")}, that one is created empty and this one deleted: to move it with its data, first deploy \`removalPolicy: RemovalPolicy.RETAIN\`, then remove it here and import it there (\`cdk import\`). `
      : "";
    return `${renamed}${moved}To delete it on purpose, first deploy \`removalPolicy: RemovalPolicy.RETAIN\` (DeletionPolicy Retain) so the data outlives the stack.`;
  }
  const forcing = change.details.filter((d) => d.requiresRecreation === "Always" || d.requiresRecreation === "Conditionally");
  const byParameter = forcing.filter((d) => d.causingEntity && d.changeSource === "ParameterReference").map((d) => d.causingEntity);
  const byInput = forcing.filter((d) => d.causingEntity && d.changeSource === TEMPLATE_INPUT).map((d) => d.causingEntity);
  const byReference = forcing.filter((d) => d.causingEntity && d.attribute !== "Type" && d.changeSource !== "ParameterReference" && d.changeSource !== TEMPLATE_INPUT).map((d) => d.causingEntity);
  const names = forcing.filter((d) => !d.causingEntity || d.attribute === "Type").map((d) => d.name ?? d.attribute ?? "?");
  if (!forcing.length) return "";
  const own = [...new Set(names)];
  const physical = own.filter((n) => namesItself(n, change.resourceType));
  const identity = physical.length ? ` (${physical.join(", ")} is its physical name: a new name is a new resource)` : "";
  const keep = own.length ? `keep ${own.join(", ")} as deployed${identity}` : "";
  const upstream = byReference.length ? `avoid replacing ${[...new Set(byReference)].join(", ")} that it references` : "";
  const parameters = byParameter.length ? `deploy with the same value of parameter ${[...new Set(byParameter)].join(", ")}` : "";
  const inputs = byInput.length ? `keep ${[...new Set(byInput)].join(", ")} as deployed` : "";
  // A changed Condition deletes the resource (kept by DeletionPolicy); a replacing property replaces it (UpdateReplacePolicy).
  const byCondition = forcing.some((d) => d.attribute === "Condition");
  const policies = !byCondition ? "UpdateReplacePolicy" : forcing.every((d) => d.attribute === "Condition") ? "DeletionPolicy" : "DeletionPolicy and UpdateReplacePolicy";
  return `To keep it, ${[keep, upstream, parameters, inputs].filter(Boolean).join(" and ")}; for an intended migration, first deploy \`removalPolicy: RemovalPolicy.RETAIN\` (${policies} Retain) so the old resource and its data are kept, then move the data.`;
}

/** What else a removal deletes when the resource is a stack, or a set of them. */
function wholeStacks(type: string): string {
  if (NESTED_STACK_TYPES.has(type)) return " (a nested stack: every resource in it is deleted)";
  return type === STACK_SET_TYPE ? " (a stack set: its stack instances, and every resource in them, are deleted)" : "";
}

/** What else a removal keeps when the resource is a stack, or a set of them. */
function wholeStacksKept(type: string): string {
  if (NESTED_STACK_TYPES.has(type)) return " (a nested stack: it stays, a stack of its own, with every resource in it)";
  return type === STACK_SET_TYPE ? " (a stack set: it stays, with its stack instances and every resource in them)" : "";
}

/**
 * A removal that keeps the resource: CloudFormation's PolicyAction Retain, or (without one) the
 * deployed template's DeletionPolicy Retain. Retain keeps any resource type "without deleting the
 * resource or its contents" (User Guide, DeletionPolicy attribute): a nested stack or a stack set
 * with everything in it.
 */
function keptOnRemoval(change: ResourceChange, facts: ChangeSetFacts): boolean {
  if (change.action !== "Remove") return false;
  if (change.policyAction !== undefined) return change.policyAction === "Retain";
  const deletion = facts.deletionPolicies?.[change.logicalId];
  return deletion !== undefined && RETAIN.has(deletion);
}

interface Verdict {
  severity: Severity;
  why: string;
  /** Where the verdict comes from, when not the change itself (the custom resource's calls). */
  evidence?: Evidence[];
}

/**
 * Whether a call reaches production: one whose literals name production (a token, an account in
 * production.accounts) does, from any stack; in a production stack so does every other one,
 * unless each literal it names (parameters, the role it assumes) names a non-production
 * environment or account and nothing in it is known only at deployment (fail closed).
 */
function callReachesProduction(call: SdkCall, stackProduction: boolean, scope: ProductionScope): boolean {
  const accounts = call.literals.map(arnAccount).filter((a): a is string => a !== undefined);
  if (accounts.some((a) => scope.accounts.includes(a)) || call.literals.some((l) => hasProductionToken(l, scope))) return true;
  if (!stackProduction) return false;
  if (call.computed.length > 0 || call.literals.length === 0) return true;
  return !call.literals.every((l) => hasNonProductionToken(l, scope) || (arnAccount(l) !== undefined && isNonProductionAccount(arnAccount(l), scope)));
}

/**
 * The resources a call acts on when each parameter naming its target (TableName, DomainName, ...)
 * is a Ref or GetAtt of a resource this change creates: aws-cdk-lib configures what it creates
 * this way (an OpenSearch domain's access policy by `updateDomainConfig` on the new domain).
 * Not a custom resource's or a nested stack's value: those are whatever the handler or the
 * stack answers (a lookup's answer may name production); nor a call that assumes a role or names
 * a region (the new table's name, used in another account, may be a production table's).
 */
function createdHere(call: SdkCall, added: Record<string, string> | undefined): string[] | undefined {
  // In another account or Region the new resource's name may be an existing one's.
  if (!added || call.targets.length === 0 || call.elsewhere) return undefined;
  const ids = call.targets.flatMap((t) => t.resources ?? [""]);
  const made = (id: string): boolean => Object.hasOwn(added, id) && isAwsType(added[id] ?? "") && !NESTED_STACK_TYPES.has(added[id] ?? "");
  return ids.every(made) ? [...new Set(ids)] : undefined;
}

/**
 * An AwsCustomResource's change, judged by the SDK calls its handler makes because of it
 * (aws-custom-resource.ts): a destructive call (T1-T3 of the catalogue) on production is an
 * error, also on a resource the change only adds; a call that cannot be read fails closed. One
 * that destroys nothing passes, where any other custom resource's change fails closed. "judge":
 * the change is not decided by its calls (kept by Retain, replaced, another handler on one side).
 */
function customCallVerdict(change: ResourceChange, facts: ChangeSetFacts, policy: Policy, options: ChangeSetOptions, stackProduction: boolean): Verdict | "judge" | undefined {
  const calls = change.customCalls;
  if (!calls || !["Add", "Modify", "Remove"].includes(change.action)) return "judge";
  if (change.action === "Remove" && keptOnRemoval(change, facts)) return "judge";
  if (change.action === "Modify" && (change.replacement === "True" || change.replacement === "Conditional" || ((!calls.before || !calls.after) && calls.unread === undefined))) return "judge";
  const errors: string[] = [];
  const notes: string[] = [];
  const evidence: Evidence[] = [];
  const kept = (list: string[], text: string, at: Evidence): void => {
    list.push(text);
    evidence.push(at);
  };
  if (calls.unread !== undefined) {
    if (!stackProduction) return undefined;
    return { severity: "error", why: `${change.action === "Add" ? "added" : change.action === "Remove" ? "removed" : "changed"}, an AwsCustomResource whose SDK calls were not read (${calls.unread}): what its handler calls cannot be told (fail closed)` };
  }
  if (!options.catalogue) return stackProduction ? { severity: "error", why: "changed, an AwsCustomResource whose SDK calls cannot be judged: the action catalogue was not given (fail closed)" } : undefined;
  const index = tierIndex(options.catalogue, policy.destructive);
  const running = callsThatRun(change.action, calls.before, calls.after);
  // An added one also holds the call its removal (or its stack's deletion) will make.
  // So does a changed one whose Delete this change rewrites (and does not run now).
  const shown = (read: SdkCallRead | undefined): string | undefined => (read === undefined ? undefined : "call" in read ? read.call.text : read.why);
  const rewritten = change.action === "Modify" && shown(calls.after?.Delete) !== shown(calls.before?.Delete) && !running.some((r) => r.phase === "Delete");
  if ((change.action === "Add" || rewritten) && calls.after?.Delete) running.push({ phase: "Delete", read: calls.after.Delete, when: "later, when it is removed or its stack deleted (not by this change)" });
  for (const { phase, read, when } of running) {
    const later = when.startsWith("later");
    if (!("call" in read)) {
      if (stackProduction) kept(later ? notes : errors, `its ${phase} call ${read.why}, ${when}`, read.evidence);
      continue;
    }
    const tiers = destructiveTiers(read.call, index);
    if (!tiers.length) continue;
    const created = createdHere(read.call, facts.added);
    if (created) {
      if (stackProduction) kept(notes, `its ${phase} call ${read.call.text} needs ${read.call.iamAction} (${tiers.join(", ")}), ${when}, but acts only on ${created.join(", ")}, which this change creates`, read.evidence);
      continue;
    }
    const production = callReachesProduction(read.call, stackProduction, policy.production);
    if (!production && !stackProduction) continue;
    const target = read.call.computed.length ? ` (on ${read.call.computed.join(", ")}: known at deployment, counted as production)` : "";
    const text = `its ${phase} call ${read.call.text} needs ${read.call.iamAction} (${tiers.join(", ")})${target}, ${when}`;
    if (!production) kept(notes, `${text}; every value it names is non-production`, read.evidence);
    else kept(later ? notes : errors, text, read.evidence);
  }
  const kind = change.action === "Add" ? "added" : change.action === "Remove" ? "removed" : "updated";
  if (errors.length) return { severity: "error", why: `${kind}, an AwsCustomResource whose handler makes a destructive AWS call: ${errors.join("; ")}${notes.length ? `; also ${notes.join("; ")}` : ""}. To keep production, remove the call, or point it at what the stack itself creates and delete nothing that holds data`, evidence };
  if (notes.length) return { severity: "note", why: `${kind}, an AwsCustomResource: ${notes.join("; ")}`, evidence };
  return undefined;
}

function judge(change: ResourceChange, facts: ChangeSetFacts, options: ChangeSetOptions): Verdict | undefined {
  const deletion = facts.deletionPolicies?.[change.logicalId];
  const replacePolicy = facts.updateReplacePolicies?.[change.logicalId];
  const policyKnown = (v: Record<string, string> | undefined): string => (v === undefined ? "unknown (stack template not read)" : "Delete (default)");
  const action = change.action;
  const policyAction = change.policyAction;
  if (action === "Remove") {
    const kept = keptOnRemoval(change, facts);
    // CloudFormation's own statement of what it will do wins over the deployed template's policy.
    if (policyAction !== undefined) {
      if (kept) return { severity: "note", why: `removed from the stack but kept by PolicyAction Retain${wholeStacksKept(change.resourceType)}` };
      const kind = wholeStacks(change.resourceType);
      return { severity: "error", why: `removed${kind}; PolicyAction ${policyAction}${policyAction === "Delete" ? "" : ": the live resource is still deleted"}` };
    }
    // Kept, but when the head adds one of the same type (a moved construct, a new logical id) the
    // application moves to a new, empty resource while the old one and its data are left behind.
    const renamed = change.addedSameType?.length
      ? `; the head adds ${change.addedSameType.join(", ")} of the same type: if it was renamed, that one starts empty and the data stays in the old one (keep the old logical id: \`(construct.node.defaultChild as CfnResource).overrideLogicalId("${change.logicalId}")\`)`
      : "";
    const elsewhere = [
      change.addedInNestedStack?.length ? `${change.addedInNestedStack.join(", ")} of the same type in a nested stack` : "",
      change.addedInOtherStack?.length ? `${change.addedInOtherStack.join(", ")} of the same type in another stack` : "",
    ].filter(Boolean);
    const moved = elsewhere.length
      ? `; the head adds ${elsewhere.join(" and ")}: if it moved there, that one starts empty and the data stays in the old one (import it there: \`cdk import\`)`
      : "";
    if (kept) return { severity: "note", why: `removed from the stack but kept by DeletionPolicy ${deletion}${wholeStacksKept(change.resourceType)}${renamed}${moved}` };
    const by = deletion !== undefined ? shownPolicy(deletion) : policyKnown(facts.deletionPolicies);
    const kind = wholeStacks(change.resourceType);
    return { severity: "error", why: `removed${kind}; DeletionPolicy ${by}${deletion === "Snapshot" ? ": the live resource is still deleted" : ""}` };
  }
  if (action === "Modify" && change.resourceType === STACK_SET_TYPE) {
    const verdict = stackSetVerdict(change);
    if (verdict) return verdict;
  }
  if (action === "Modify" && appliedInPlace(change)) return undefined;
  // Added, a custom resource runs its handler's Create: code the gate cannot read (aws-cdk-lib's
  // own handlers, read in custom-resource-handlers, excepted). Reported, not failed: most are a
  // team's own provisioning, and the change set shows nothing it deletes. A registry type's
  // handler is its publisher's and creates its own resource: adding one passes.
  if (action === "Add" && isCustomResourceType(change.resourceType) && !KNOWN_HANDLER_TYPES.has(change.resourceType)) {
    return { severity: "warning", why: `added: a custom resource of type ${change.resourceType}, whose handler runs code on Create that the gate cannot read (it may delete or change anything its role can); review what the handler does, or write the call as an AwsCustomResource, whose calls are judged` };
  }
  if (isOpaqueResourceType(change.resourceType) && action !== "Add" && action !== "Import") {
    return { severity: "error", why: `${action} of a resource of type ${change.resourceType} whose handler CloudFormation cannot describe: it may delete or replace data (fail closed)` };
  }
  if (action === "Dynamic") return { severity: "error", why: "change is Dynamic: CloudFormation cannot tell what it does until deploy (fail closed)" };
  if (action !== "Modify") return undefined;
  if (NESTED_STACK_TYPES.has(change.resourceType) && !change.nested) {
    return { severity: "error", why: "changed, but the nested stack's own changes were not read (live: create the change set with IncludeNestedStacks; template diff: its template is not in the assembly): fail closed" };
  }
  const replacement = change.replacement;
  const unknown = change.details.filter((d) => d.requiresRecreation === "Unknown").map((d) => d.name ?? d.attribute ?? "?");
  if (unknown.length && replacement !== "True") {
    // A changed Condition beside it may delete the resource: then DeletionPolicy must keep it too.
    const byCondition = change.details.some((d) => d.attribute === "Condition" && (d.requiresRecreation === "Always" || d.requiresRecreation === "Conditionally"));
    const deletedKept = !byCondition ? "" : deletion !== undefined && RETAIN.has(deletion) ? `, a deleted one (its Condition changes) by DeletionPolicy ${deletion}` : undefined;
    if (replacePolicy && RETAIN.has(replacePolicy) && deletedKept !== undefined) return { severity: "note", why: `changed in ${unknown.join(", ")} (impact unknown); a replaced resource would be kept by UpdateReplacePolicy ${replacePolicy}${deletedKept}` };
    return { severity: "error", why: `changed in ${unknown.join(", ")}, which the CloudFormation registry schema (through @aws-cdk/cloudformation-diff) does not describe for ${change.resourceType}: whether that replaces it cannot be told (fail closed)` };
  }
  if (replacement !== "True" && replacement !== "Conditional") {
    if (replacement === "False" || replacement === undefined) return undefined;
    return { severity: "error", why: `unknown Replacement value "${replacement}" (fail closed)` };
  }
  const causes = replacementCauses(change);
  const because = causes.length ? ` because ${causes.join(", ")} changes` : "";
  // A changed Condition (template diffs) deletes the resource when it turns false: there its
  // DeletionPolicy, not its UpdateReplacePolicy, decides whether it is kept.
  const forcing = change.details.filter((d) => d.requiresRecreation === "Always" || d.requiresRecreation === "Conditionally");
  const byCondition = forcing.some((d) => d.attribute === "Condition");
  const byProperty = !byCondition || forcing.some((d) => d.attribute !== "Condition");
  const what = !byProperty ? "possibly deleted (its Condition changes: when it is false the resource is deleted)" : replacement === "True" ? "replaced" : "possibly replaced (Replacement: Conditional)";
  const keptReplaced = policyAction !== undefined ? policyAction === "ReplaceAndRetain" : replacePolicy !== undefined && RETAIN.has(replacePolicy);
  const keptDeleted = deletion !== undefined && RETAIN.has(deletion);
  const kept = (!byProperty || keptReplaced) && (!byCondition || keptDeleted);
  const policy = [
    byProperty ? (policyAction !== undefined ? `PolicyAction ${policyAction}` : `UpdateReplacePolicy ${replacePolicy !== undefined ? shownPolicy(replacePolicy) : policyKnown(facts.updateReplacePolicies)}`) : "",
    byCondition ? `DeletionPolicy ${deletion !== undefined ? shownPolicy(deletion) : policyKnown(facts.deletionPolicies)}` : "",
  ].filter(Boolean).join(", ");
  if (kept) return { severity: "note", why: `${what}${because}; the old resource is kept by ${policy}` };
  // The option waives a possible replacement only: a changed Condition may delete the resource,
  // which a change set shows as Remove, never waived.
  if (replacement === "Conditional" && options.allowConditional && !byCondition) return { severity: "note", why: `${what}${because}; allowed by --allow-conditional` };
  // A snapshot is taken, but the live resource (what the application uses) is still deleted.
  const snapshot = policyAction === "ReplaceAndSnapshot" || (policyAction === undefined && byProperty && replacePolicy === "Snapshot");
  return { severity: "error", why: `${what}${because}; ${policy}${snapshot ? ": the old resource is still deleted (a snapshot is kept)" : ""}` };
}

/**
 * A stack set's update reaches every stack it deployed: the instances its StackInstancesGroup no
 * longer lists are deleted, each with all its resources; a new template or parameters update them
 * all. What that does to their resources is judged from the two templates (the change's nested
 * facts); a change set, or a template the gate could not read, does not show it (fail closed).
 */
function stackSetVerdict(change: ResourceChange): Verdict | undefined {
  const removed = change.removedInstances;
  if (removed) {
    const computed = removed.computed.length ? ` (the head's are computed from ${removed.computed.join(", ")}: which ones a deploy deletes depends on their values)` : "";
    return { severity: "error", why: `updated so that its StackInstancesGroup no longer lists the stack instances ${removed.instances.join("; ")}${computed}: CloudFormation deletes those stacks and every resource in them. To keep them, keep the group's targets and Regions as deployed; to stop managing them, first remove them from the stack set keeping their stacks (\`aws cloudformation delete-stack-instances --retain-stacks\`)` };
  }
  // A property change without a name (ChangeSource Automatic) may be any of them.
  const deployed = [...new Set(change.details.filter((d) => (d.name === undefined ? d.attribute === "Properties" : STACK_SET_TEMPLATE_INPUTS.has(d.name))).map((d) => d.name ?? "an unnamed property"))];
  // A replaced stack set (a new StackSetName) is judged as any replacement.
  if (change.nested || !deployed.length || change.replacement === "True") return undefined;
  return { severity: "error", why: `updated in ${deployed.join(", ")}, which CloudFormation deploys to every stack instance of the stack set; what that does to their resources is not shown here (a change set does not describe it; a template diff could not read the stack set's template): fail closed` };
}

/**
 * SAM types that SAM turns into a resource of a revision type: a SAM layer version is an
 * AWS::Lambda::LayerVersion under a logical id that changes with its content ("so that old
 * LayerVersions are not automatically deleted", AWS SAM Developer Guide). Judged as that type is
 * in `revisionResourceTypes`, so the policy still decides.
 */
const SAM_MAKES: Readonly<Record<string, string>> = { "AWS::Serverless::LayerVersion": "AWS::Lambda::LayerVersion" };

/**
 * A resource made anew for each revision (policies/destructive-actions.yaml `revisionResourceTypes`):
 * its removal or replacement is the revision itself, not a loss.
 */
function revisionVerdict(change: ResourceChange): Verdict | undefined {
  const replaced = change.action === "Modify" && (change.replacement === "True" || change.replacement === "Conditional");
  if (change.action !== "Remove" && !replaced) return undefined;
  return { severity: "note", why: `${change.action === "Remove" ? "removed" : "replaced"}: a revision of something else (a new one is made and the stage, alias or service moved to it before this one is deleted), which holds no data` };
}

/**
 * A production stack that the change makes non-production (its tags or account in the head): the
 * change is judged as production all the same, and the retagging itself fails, since the next
 * change would remove its resources unseen.
 */
function declassified(facts: ChangeSetFacts, changed: StackScope, deployed: ProductionVerdict, after: ProductionVerdict): Finding {
  return {
    rule: "changeset-destroys-prod",
    severity: "error",
    message: `Production stack ${facts.stackName} would stop being production: ${after.reason} (as deployed it is production: ${deployed.failClosed ? "nothing says otherwise, so it counts as production (fail closed)" : deployed.reason}). Its resources are judged as production in this change, but later changes could remove or replace them without this gate. If the stack really is not production, make this change on its own, reviewed, and suppress this finding with its reason. Stack protections: ${describeProtections(facts)}`,
    subject: facts.stackName,
    evidence: [changed.evidence],
    suppressed: null,
  };
}

function changeFinding(facts: ChangeSetFacts, change: ResourceChange, verdict: Verdict, production = true): Finding {
  const physical = change.physicalId ? ` (${change.physicalId})` : "";
  const advice = verdict.severity === "error" && !isOpaqueResourceType(change.resourceType) && avoidance(change) ? ` ${avoidance(change)}` : "";
  const context = facts.removed ? ` (the stack ${facts.stackName} ${facts.removedBecause ?? "is no longer in the head assembly"})` : "";
  return {
    rule: "changeset-destroys-prod",
    severity: verdict.severity,
    message: `${change.resourceType} ${change.logicalId}${physical} in ${production ? "production stack" : "non-production stack"} ${facts.stackName} would be ${verdict.why}${context}.${advice} Stack protections: ${describeProtections(facts)}`,
    subject: `${facts.stackName}/${change.logicalId}`,
    evidence: verdict.evidence?.length ? verdict.evidence : [change.evidence],
    suppressed: null,
  };
}

export function evaluateChangeSet(facts: ChangeSetFacts, policy: Policy, options: ChangeSetOptions = {}, parentProduction = false): Finding[] {
  const scopeOf = (tags: Record<string, string>, account: string | undefined, resourceTags: ResourceTags[] | undefined) =>
    productionVerdict({ names: [facts.stackName], tags, ...(resourceTags ? { resourceTags } : {}), ...(account ? { account } : {}) }, policy.production);
  const deployed = scopeOf(facts.tags, facts.account, facts.resourceTags);
  const after = facts.after ? scopeOf(facts.after.tags, facts.after.account, facts.after.resourceTags) : deployed;
  // Production as deployed or as changed: a change cannot make its own removals pass by retagging the stack.
  const production = parentProduction || deployed.production || after.production;
  const findings: Finding[] = [];
  if (!parentProduction && facts.after && deployed.production && !after.production) findings.push(declassified(facts, facts.after, deployed, after));
  const stateful = new Set(policy.destructive.statefulResourceTypes);
  const revisions = new Set(policy.destructive.revisionResourceTypes ?? []);
  const summarized: ResourceChange[] = [];
  for (const change of facts.changes) {
    // A nested stack or stack set kept on removal keeps what is in it: its contents are not removed.
    if (change.nested && !keptOnRemoval(change, facts)) findings.push(...evaluateChangeSet(change.nested, policy, options, production));
    // An AwsCustomResource is judged by the calls it makes, which may reach production from any stack.
    const custom = change.customCalls ? customCallVerdict(change, facts, policy, options, production) : "judge";
    if (!production) {
      if (custom !== "judge" && custom?.severity === "error") findings.push(changeFinding(facts, change, custom, false));
      continue;
    }
    // A stack that left the assembly: its stateful resources one by one, the rest in one finding.
    // A nested stack is judged through what it holds, unless Retain keeps it whole (then: a note).
    if (facts.removed && !stateful.has(change.resourceType) && !isOpaqueResourceType(change.resourceType) && !(change.nested && keptOnRemoval(change, facts))) {
      if (!(change.nested && NESTED_STACK_TYPES.has(change.resourceType))) summarized.push(change);
      continue;
    }
    const revision = revisions.has(change.resourceType) || revisions.has(SAM_MAKES[change.resourceType] ?? "");
    const verdict = custom !== "judge" ? custom : revision ? revisionVerdict(change) ?? judge(change, facts, options) : judge(change, facts, options);
    if (!verdict) continue;
    findings.push(changeFinding(facts, change, verdict));
  }
  if (production && facts.removed && summarized.length) {
    const types = [...new Set(summarized.map((c) => c.resourceType))].sort();
    findings.push({
      rule: "changeset-destroys-prod",
      severity: "error",
      message: `Production stack ${facts.stackName} ${facts.removedBecause ?? "is no longer in the head assembly"}: deleting it (cdk destroy, or a pipeline that prunes stacks; cdk deploy leaves it behind unmanaged) removes its ${summarized.length} other resource(s) (${types.join(", ")}). If the stack was renamed, keep its construct id or stackName so it is updated in place. Stack protections: ${describeProtections(facts)}`,
      subject: facts.stackName,
      evidence: [{ ...(facts.stackEvidence ?? { file: facts.id, pointer: "/Resources" }), note: `${summarized.length} resource(s) without data of their own` }],
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
