/**
 * Reads a change set for the deploy gate: DescribeChangeSet (every page, nested change sets by
 * their ChangeSetId), the stack's tags and termination protection (DescribeStacks), its stack
 * policy (GetStackPolicy) and its current template's DeletionPolicy/UpdateReplacePolicy
 * (GetTemplate). Produces ChangeSetFacts for the pure classifier.
 */
import { DescribeChangeSetCommand, DescribeStacksCommand, GetStackPolicyCommand, GetTemplateCommand, type Change } from "@aws-sdk/client-cloudformation";
import { sameTags, type ChangeSetFacts, type ResourceChange } from "../core/cfn/changeset.js";
import { customResourceCalls } from "../core/cfn/aws-custom-resource.js";
import { resourceTagsOf } from "../core/cfn/template.js";
import { isCustomResourceType } from "../core/cfn/intrinsics.js";
import { childPointer } from "../core/source/pointer.js";
import type { InputError } from "../core/finding.js";
import { parseSource } from "../core/source/parse.js";
import { arnAccount, type ResourceTags } from "../core/production.js";
import { explainAwsError, nextPageToken, type AwsSession } from "./session.js";
import { isRecord } from "../core/is-record.js";

interface StackSide {
  tags: Record<string, string>;
  terminationProtection?: boolean;
  stackPolicy?: boolean;
  deletionPolicies?: Record<string, string>;
  updateReplacePolicies?: Record<string, string>;
  /** The deployed template's resources (their custom resources' calls are judged); undefined: not read. */
  resources?: Record<string, unknown>;
  /**
   * The deployed template's resources' tags (StackFacts.resourceTags): `Tags.of(stack)` under
   * `@aws-cdk/core:explicitStackTags` writes the stack's environment tag there, not on the stack,
   * so DescribeStacks shows none. Undefined: the template was not read (an error already).
   */
  resourceTags?: ResourceTags[];
  /** Made by a CREATE change set and never deployed: no template, nothing to lose. */
  isNew?: boolean;
}

async function readStack(session: AwsSession, stack: string, errors: InputError[]): Promise<StackSide> {
  const side: StackSide = { tags: {} };
  const source = `cloudformation:${stack}`;
  let status: string | undefined;
  try {
    const out = await session.cloudformation.send(new DescribeStacksCommand({ StackName: stack }));
    const s = out.Stacks?.[0];
    // No stack listed: its tags (production scope) and protection are unknown, never "none".
    if (!s) throw new Error("no stack in the answer: its tags and termination protection are unknown");
    side.tags = Object.fromEntries((s.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    side.terminationProtection = s.EnableTerminationProtection === true;
    status = s.StackStatus;
  } catch (error) {
    errors.push({ file: source, message: explainAwsError(error, "DescribeStacks") });
  }
  try {
    const out = await session.cloudformation.send(new GetStackPolicyCommand({ StackName: stack }));
    side.stackPolicy = Boolean(out.StackPolicyBody);
  } catch (error) {
    errors.push({ file: source, message: explainAwsError(error, "GetStackPolicy") });
  }
  // A stack made by a CREATE change set and never deployed (REVIEW_IN_PROGRESS) has no template
  // and no resources (CreateChangeSet, API reference): nothing it holds can be removed or replaced.
  if (status === "REVIEW_IN_PROGRESS") return { ...side, deletionPolicies: {}, updateReplacePolicies: {}, resources: {}, resourceTags: [], isNew: true };
  try {
    const out = await session.cloudformation.send(new GetTemplateCommand({ StackName: stack, TemplateStage: "Processed" }));
    const parsed = parseSource(out.TemplateBody ?? "");
    const resources = isRecord(parsed.value) ? parsed.value["Resources"] : undefined;
    if (!isRecord(resources)) throw new Error("the stack's template has no Resources");
    side.deletionPolicies = {};
    side.updateReplacePolicies = {};
    side.resources = resources;
    side.resourceTags = resourceTagsOf(parsed.value);
    for (const [id, r] of Object.entries(resources)) {
      if (!isRecord(r)) continue;
      if (typeof r["DeletionPolicy"] === "string") side.deletionPolicies[id] = r["DeletionPolicy"];
      if (typeof r["UpdateReplacePolicy"] === "string") side.updateReplacePolicies[id] = r["UpdateReplacePolicy"];
    }
  } catch (error) {
    errors.push({ file: source, message: `stack template not read, DeletionPolicy unknown: ${explainAwsError(error, "GetTemplate")}` });
  }
  return side;
}

/**
 * The Actions the gate knows what they do to the resource: Add and Import create, SyncWithActual
 * changes only CloudFormation's record of it (a drift-aware change set), Modify, Remove and
 * Dynamic are judged. Another value (one a later API version adds) or none cannot be judged.
 */
const KNOWN_ACTIONS = new Set(["Add", "Modify", "Remove", "Import", "Dynamic", "SyncWithActual"]);

/**
 * A change the gate can judge, undefined for one that is no resource's (nothing it does deletes
 * one), or why it cannot be judged (fail closed: never skipped as harmless).
 */
function toChange(change: Change, index: number, changeSetId: string): ResourceChange | string | undefined {
  const rc = change.ResourceChange;
  const at = `Changes/${index}`;
  if (change.Type !== "Resource") return undefined;
  if (!rc) return `${at}: a change of Type Resource without its ResourceChange: what it does to the resource was not judged (fail closed)`;
  if (!rc.Action || !KNOWN_ACTIONS.has(rc.Action)) {
    const what = `${at} (${rc.LogicalResourceId ?? "no logical id"}, ${rc.ResourceType ?? "no type"})`;
    const action = rc.Action ? `Action ${rc.Action} is not one the gate knows (${[...KNOWN_ACTIONS].join(", ")})` : "no Action";
    return `${what}: ${action}: whether it deletes or replaces the resource cannot be told, so it was not judged (fail closed)`;
  }
  // Replacement is optional in the API model; CloudFormation derives it from the details'
  // RequiresRecreation, so an answer without it is read the same way (never as no replacement).
  const recreation = new Set((rc.Details ?? []).map((d) => d.Target?.RequiresRecreation));
  const derived = recreation.has("Always") ? "True" : recreation.has("Conditionally") ? "Conditional" : undefined;
  const replacement = rc.Replacement ?? (rc.Action === "Modify" ? derived : undefined);
  return {
    logicalId: rc.LogicalResourceId ?? `Changes[${index}]`,
    ...(rc.PhysicalResourceId ? { physicalId: rc.PhysicalResourceId } : {}),
    resourceType: rc.ResourceType ?? "unknown",
    action: rc.Action,
    ...(replacement ? { replacement } : {}),
    ...(rc.PolicyAction ? { policyAction: rc.PolicyAction } : {}),
    details: (rc.Details ?? []).map((d) => ({
      ...(d.Target?.Attribute ? { attribute: d.Target.Attribute } : {}),
      ...(d.Target?.Name ? { name: d.Target.Name } : {}),
      ...(d.Target?.RequiresRecreation ? { requiresRecreation: d.Target.RequiresRecreation } : {}),
      ...(d.CausingEntity ? { causingEntity: d.CausingEntity } : {}),
      ...(d.ChangeSource ? { changeSource: d.ChangeSource } : {}),
    })),
    evidence: { arn: changeSetId, pointer: `/Changes/${index}/ResourceChange` },
  };
}

/** StatusReason of a change set that failed only because the template changes nothing (both wordings CloudFormation uses). */
const NOTHING_TO_CHANGE = /didn't contain changes|No updates are to be performed/;

/** Why a completed change set whose ExecutionStatus is not AVAILABLE is not judged. */
const EXECUTION_WHY: Record<string, string> = {
  UNAVAILABLE: "CloudFormation cannot execute it now (the stack may be in another operation, or the change set still settling): run the gate again when it is AVAILABLE",
  OBSOLETE: "the stack changed after it was created, so CloudFormation will not execute it and the deployed template is not the one it was computed against; create a new change set and gate that",
  EXECUTE_IN_PROGRESS: "it is being executed already: the gate must run before ExecuteChangeSet",
  EXECUTE_COMPLETE: "it was executed already: the gate must run before ExecuteChangeSet",
  EXECUTE_FAILED: "it was executed already (and failed): the gate must run before ExecuteChangeSet",
};

/** The resources of a template GetTemplate returns, or why they are not read. */
function templateResources(body: string | undefined): Record<string, unknown> | string {
  const parsed = parseSource(body ?? "");
  const resources = isRecord(parsed.value) ? parsed.value["Resources"] : undefined;
  return isRecord(resources) ? resources : "the template has no Resources";
}

/**
 * The change set's own template (GetTemplate with ChangeSetName): the resources as they will be,
 * which DescribeChangeSet does not show; or why it was not read.
 */
async function readProposedTemplate(session: AwsSession, stackName: string, changeSetId: string): Promise<Record<string, unknown> | string> {
  try {
    const out = await session.cloudformation.send(new GetTemplateCommand({ StackName: stackName, ChangeSetName: changeSetId, TemplateStage: "Processed" }));
    return templateResources(out.TemplateBody);
  } catch (error) {
    return explainAwsError(error, "GetTemplate");
  }
}

/**
 * A custom resource's calls, as an AwsCustomResource makes them: read from the deployed template
 * (the Delete of a removed one, the old side of a modified one) and from the change set's own
 * template (the Create of an added one, the Update of a modified one). A template not read leaves
 * the change unread (the rule fails closed on it); a custom resource that is no AwsCustomResource
 * gets nothing (as before).
 */
function attachCustomCalls(stackName: string, changeSetId: string, custom: ResourceChange[], deployed: Record<string, unknown> | undefined, proposed: Record<string, unknown> | string | undefined): void {
  for (const change of custom) {
    const pointer = childPointer("/Resources", change.logicalId);
    const needsAfter = change.action !== "Remove";
    const needsBefore = change.action !== "Add";
    const unread = [needsAfter && typeof proposed === "string" ? "the change set's template" : "", needsBefore && deployed === undefined ? "the deployed template" : ""].filter(Boolean);
    if (unread.length) {
      change.customCalls = { unread: `${unread.join(" and ")} not read` };
      continue;
    }
    const after = needsAfter && isRecord(proposed) ? customResourceCalls(proposed[change.logicalId], (p) => ({ arn: changeSetId, pointer: p, note: "the change set's template (GetTemplate)" }), pointer, proposed) : undefined;
    const before = needsBefore && deployed ? customResourceCalls(deployed[change.logicalId], (p) => ({ arn: changeSetId, pointer: p, note: `the deployed template of ${stackName} (GetTemplate)` }), pointer, deployed) : undefined;
    if (after || before) change.customCalls = { ...(before ? { before } : {}), ...(after ? { after } : {}) };
  }
}

/** Whether two readings of resources' tags say the same (the same resources, the same tags, in any order). */
function sameResourceTags(a: readonly ResourceTags[], b: readonly ResourceTags[]): boolean {
  const byResource = new Map(b.map((r) => [r.resource, r.tags]));
  return a.length === b.length && a.every((r) => {
    const other = byResource.get(r.resource);
    return other !== undefined && sameTags(r.tags, other);
  });
}

/** Every page of one change set, then its nested change sets (depth-first, bounded). */
export async function readChangeSet(session: AwsSession, stackName: string, changeSetName: string, errors: InputError[], depth = 0): Promise<ChangeSetFacts | undefined> {
  const source = `cloudformation:${stackName}:${changeSetName}`;
  const changes: Change[] = [];
  let id = changeSetName;
  let actualStack = stackName;
  let status: string | undefined;
  let reason: string | undefined;
  let execution: string | undefined;
  let token: string | undefined;
  const tokens = new Set<string>();
  let newTags: Record<string, string> | undefined;
  let root: string | undefined;
  try {
    do {
      const page = await session.cloudformation.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName, ...(token ? { NextToken: token } : {}) }));
      changes.push(...(page.Changes ?? []));
      id = page.ChangeSetId ?? id;
      actualStack = page.StackName ?? actualStack;
      // A page that leaves a field out does not erase what another page said.
      status = page.Status ?? status;
      reason = page.StatusReason ?? reason;
      execution = page.ExecutionStatus ?? execution;
      token = nextPageToken(tokens, page.NextToken, "DescribeChangeSet");
      root = page.ParentChangeSetId ? (page.RootChangeSetId ?? page.ParentChangeSetId) : undefined;
      if (page.Tags?.length) newTags = Object.fromEntries(page.Tags.map((t) => [t.Key ?? "", t.Value ?? ""]));
    } while (token);
  } catch (error) {
    errors.push({ file: source, message: explainAwsError(error, "DescribeChangeSet") });
    return undefined;
  }
  // CloudFormation fails a change set that changes nothing (the stack is as the template says):
  // it cannot be executed, so it destroys nothing. Any other failure, or one not finished, cannot be judged.
  const nothingToChange = status === "FAILED" && changes.length === 0 && reason !== undefined && NOTHING_TO_CHANGE.test(reason);
  // AWS names both in every answer, but its model makes every member optional: an answer without
  // one (a proxy, an emulator, a page cut short) is no proof the change set is final, or executable.
  if (status === undefined) {
    errors.push({ file: source, message: "CloudFormation's answer gives the change set no Status: whether its changes are final is unknown (fail closed)" });
  } else if (status !== "CREATE_COMPLETE" && !nothingToChange) {
    const wait = status === "CREATE_PENDING" || status === "CREATE_IN_PROGRESS" ? " (wait for it: aws cloudformation wait change-set-create-complete)" : "";
    errors.push({ file: source, message: `change set status is ${status}, not CREATE_COMPLETE${reason ? ` (${reason})` : ""}: its changes are not final${wait}` });
  }
  // Only the root change set is executed (a nested one says "Executable from root change set"). One CloudFormation will no longer execute was computed
  // against another template than the one deployed now, whose DeletionPolicy would decide here.
  if (depth === 0 && root !== undefined) {
    errors.push({ file: source, message: `this is a nested change set, of the root change set ${root}: CloudFormation executes only the root, which may also change its other stacks; gate the root change set` });
  } else if (depth === 0 && status === "CREATE_COMPLETE" && execution === undefined) {
    errors.push({ file: source, message: "CloudFormation's answer gives the change set no ExecutionStatus: whether it can be executed as computed is unknown (fail closed)" });
  } else if (depth === 0 && status === "CREATE_COMPLETE" && execution !== undefined && execution !== "AVAILABLE") {
    const why = Object.hasOwn(EXECUTION_WHY, execution) ? EXECUTION_WHY[execution] : "CloudFormation does not say it can be executed";
    errors.push({ file: source, message: `change set ExecutionStatus is ${execution}, not AVAILABLE: ${why}` });
  }
  const stack = await readStack(session, actualStack, errors);
  const resourceChanges: ResourceChange[] = [];
  for (const [i, change] of changes.entries()) {
    const rc = toChange(change, i, id);
    if (rc === undefined) continue;
    if (typeof rc === "string") {
      errors.push({ file: source, message: rc });
      continue;
    }
    const nestedId = change.ResourceChange?.ChangeSetId;
    // A removed nested stack is judged whole; an added one holds only new resources (nothing to lose)
    // and has no stack yet to read, so only a modified one's change set is read.
    if (rc.resourceType === "AWS::CloudFormation::Stack" && nestedId && rc.action !== "Remove" && rc.action !== "Add") {
      if (depth >= 10) errors.push({ file: source, message: `nested change set ${nestedId} deeper than 10 levels not read` });
      else {
        const nested = await readChangeSet(session, rc.physicalId ?? nestedId, nestedId, errors, depth + 1);
        if (nested) rc.nested = nested;
      }
    }
    resourceChanges.push(rc);
  }
  const custom = resourceChanges.filter((c) => isCustomResourceType(c.resourceType) && ["Add", "Modify", "Remove"].includes(c.action));
  // The change set's template is read for what its custom resources call, and for the tags it
  // writes on the stack's resources: a change that retags them non-production is a
  // declassification as a change of the stack's tags is (diff reads both sides the same way).
  // Not read when the deployed template was not (that is an error already) or there is none.
  const needsCalls = custom.some((c) => c.action !== "Remove");
  const needsTags = stack.resourceTags !== undefined && stack.isNew !== true;
  const proposed = needsCalls || needsTags ? await readProposedTemplate(session, actualStack, id) : undefined;
  if (typeof proposed === "string") {
    const unknown = [needsCalls ? "what its custom resources call" : "", needsTags ? "the tags it writes on the stack's resources (which decide whether the stack is production)" : ""].filter(Boolean).join(", and ");
    errors.push({ file: source, message: `the change set's template was not read, so ${unknown} ${needsTags ? "are" : "is"} unknown (fail closed): ${proposed}` });
  }
  attachCustomCalls(actualStack, id, custom, stack.resources, proposed);
  const account = arnAccount(id);
  const proposedTags = isRecord(proposed) ? resourceTagsOf({ Resources: proposed }) : undefined;
  const retagged = proposedTags !== undefined && stack.resourceTags !== undefined && !sameResourceTags(stack.resourceTags, proposedTags);
  const stackRetagged = newTags !== undefined && !sameTags(newTags, stack.tags);
  return {
    stackName: actualStack,
    changeSetName,
    id,
    ...(account ? { account } : {}),
    tags: stack.tags,
    ...(stack.resourceTags ? { resourceTags: stack.resourceTags } : {}),
    // The tags the stack gets when the change set runs. Only a list that is there counts: a change
    // set made without tags leaves the stack's as they are; the resources' as its template writes them.
    ...(stackRetagged || retagged
      ? {
          after: {
            tags: stackRetagged && newTags ? newTags : stack.tags,
            ...(retagged ? { resourceTags: proposedTags } : stack.resourceTags ? { resourceTags: stack.resourceTags } : {}),
            ...(account ? { account } : {}),
            evidence: stackRetagged ? { arn: id, pointer: "/Tags" } : { arn: id, pointer: "/Resources", note: "the change set's template (GetTemplate): the tags it writes on the stack's resources" },
          },
        }
      : {}),
    protections: { ...(stack.terminationProtection !== undefined ? { terminationProtection: stack.terminationProtection } : {}), ...(stack.stackPolicy !== undefined ? { stackPolicy: stack.stackPolicy } : {}) },
    ...(stack.deletionPolicies ? { deletionPolicies: stack.deletionPolicies } : {}),
    ...(stack.updateReplacePolicies ? { updateReplacePolicies: stack.updateReplacePolicies } : {}),
    changes: resourceChanges,
    added: Object.fromEntries(resourceChanges.filter((c) => c.action === "Add").map((c) => [c.logicalId, c.resourceType])),
  };
}
