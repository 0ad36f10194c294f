import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  arnAccount
} from "./chunk-AECFORZA.js";
import {
  isRecord
} from "./chunk-ERERLVZB.js";
import {
  explainAwsError
} from "./chunk-6AEDFH4L.js";
import {
  parseSource
} from "./chunk-5VXMLTJZ.js";
import "./chunk-VOIQVE24.js";
import "./chunk-UOL4YUVM.js";
import "./chunk-7AX5E4TP.js";
import "./chunk-ORPBBT7N.js";
import "./chunk-IYA5QU4J.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";

// src/aws/changeset.ts
import { DescribeChangeSetCommand, DescribeStacksCommand, GetStackPolicyCommand, GetTemplateCommand } from "@aws-sdk/client-cloudformation";
async function readStack(session, stack, errors) {
  const side = { tags: {} };
  const source = `cloudformation:${stack}`;
  try {
    const out = await session.cloudformation.send(new DescribeStacksCommand({ StackName: stack }));
    const s = out.Stacks?.[0];
    if (!s) throw new Error("no stack in the answer: its tags and termination protection are unknown");
    side.tags = Object.fromEntries((s.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    side.terminationProtection = s.EnableTerminationProtection === true;
  } catch (error) {
    errors.push({ file: source, message: explainAwsError(error, "DescribeStacks") });
  }
  try {
    const out = await session.cloudformation.send(new GetStackPolicyCommand({ StackName: stack }));
    side.stackPolicy = Boolean(out.StackPolicyBody);
  } catch (error) {
    errors.push({ file: source, message: explainAwsError(error, "GetStackPolicy") });
  }
  try {
    const out = await session.cloudformation.send(new GetTemplateCommand({ StackName: stack, TemplateStage: "Processed" }));
    const parsed = parseSource(out.TemplateBody ?? "");
    const resources = isRecord(parsed.value) ? parsed.value["Resources"] : void 0;
    if (!isRecord(resources)) throw new Error("the stack's template has no Resources");
    side.deletionPolicies = {};
    side.updateReplacePolicies = {};
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
function toChange(change, index, changeSetId) {
  const rc = change.ResourceChange;
  if (change.Type !== "Resource" || !rc) return void 0;
  return {
    logicalId: rc.LogicalResourceId ?? `Changes[${index}]`,
    ...rc.PhysicalResourceId ? { physicalId: rc.PhysicalResourceId } : {},
    resourceType: rc.ResourceType ?? "unknown",
    action: rc.Action ?? "unknown",
    ...rc.Replacement ? { replacement: rc.Replacement } : {},
    details: (rc.Details ?? []).map((d) => ({
      ...d.Target?.Attribute ? { attribute: d.Target.Attribute } : {},
      ...d.Target?.Name ? { name: d.Target.Name } : {},
      ...d.Target?.RequiresRecreation ? { requiresRecreation: d.Target.RequiresRecreation } : {},
      ...d.CausingEntity ? { causingEntity: d.CausingEntity } : {}
    })),
    evidence: { arn: changeSetId, pointer: `/Changes/${index}/ResourceChange` }
  };
}
async function readChangeSet(session, stackName, changeSetName, errors, depth = 0) {
  const source = `cloudformation:${stackName}:${changeSetName}`;
  const changes = [];
  let id = changeSetName;
  let actualStack = stackName;
  let status;
  let token;
  try {
    do {
      const page = await session.cloudformation.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName, ...token ? { NextToken: token } : {} }));
      changes.push(...page.Changes ?? []);
      id = page.ChangeSetId ?? id;
      actualStack = page.StackName ?? actualStack;
      status = page.Status;
      token = page.NextToken;
    } while (token);
  } catch (error) {
    errors.push({ file: source, message: explainAwsError(error, "DescribeChangeSet") });
    return void 0;
  }
  if (status && status !== "CREATE_COMPLETE") {
    errors.push({ file: source, message: `change set status is ${status}, not CREATE_COMPLETE: its changes are not final` });
  }
  const stack = await readStack(session, actualStack, errors);
  const resourceChanges = [];
  for (const [i, change] of changes.entries()) {
    const rc = toChange(change, i, id);
    if (!rc) continue;
    const nestedId = change.ResourceChange?.ChangeSetId;
    if (rc.resourceType === "AWS::CloudFormation::Stack" && nestedId && rc.action !== "Remove") {
      if (depth >= 10) errors.push({ file: source, message: `nested change set ${nestedId} deeper than 10 levels not read` });
      else {
        const nested = await readChangeSet(session, rc.physicalId ?? nestedId, nestedId, errors, depth + 1);
        if (nested) rc.nested = nested;
      }
    }
    resourceChanges.push(rc);
  }
  const account = arnAccount(id);
  return {
    stackName: actualStack,
    changeSetName,
    id,
    ...account ? { account } : {},
    tags: stack.tags,
    protections: { ...stack.terminationProtection !== void 0 ? { terminationProtection: stack.terminationProtection } : {}, ...stack.stackPolicy !== void 0 ? { stackPolicy: stack.stackPolicy } : {} },
    ...stack.deletionPolicies ? { deletionPolicies: stack.deletionPolicies } : {},
    ...stack.updateReplacePolicies ? { updateReplacePolicies: stack.updateReplacePolicies } : {},
    changes: resourceChanges
  };
}
export {
  readChangeSet
};
