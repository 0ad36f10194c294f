import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  evaluateIam,
  guardedEvaluation,
  readAuthorizationDetails
} from "./chunk-5WQ6HDOQ.js";
import {
  arnAccount,
  isProductionStack
} from "./chunk-AECFORZA.js";
import {
  explainAwsError
} from "./chunk-6AEDFH4L.js";

// src/aws/audit.ts
import { DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { GetAccountAuthorizationDetailsCommand } from "@aws-sdk/client-iam";
var LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"];
async function fetchAuthorizationDetails(session, progress) {
  const merged = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false };
  let marker;
  do {
    const page = await session.iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1e3, ...marker ? { Marker: marker } : {} }));
    for (const key of LISTS) merged[key].push(...page[key] ?? []);
    if (page.IsTruncated && !page.Marker) throw new Error("GetAccountAuthorizationDetails: IsTruncated without a Marker (cannot read the remaining pages)");
    marker = page.IsTruncated ? page.Marker : void 0;
    progress?.(`IAM: ${merged.RoleDetailList.length} roles, ${merged.UserDetailList.length} users, ${merged.Policies.length} managed policies`);
  } while (marker);
  return JSON.parse(JSON.stringify(merged));
}
async function fetchStacks(session, progress) {
  const stacks = [];
  let token;
  do {
    const page = await session.cloudformation.send(new DescribeStacksCommand(token ? { NextToken: token } : {}));
    stacks.push(...page.Stacks ?? []);
    token = page.NextToken;
    progress?.(`CloudFormation: ${stacks.length} stacks`);
  } while (token);
  return stacks;
}
var tagsOf = (stack) => Object.fromEntries((stack.Tags ?? []).filter((t) => t.Key !== void 0).map((t) => [t.Key, t.Value ?? ""]));
function evaluateStacks(stacks, policy, source) {
  const findings = [];
  stacks.forEach((stack, i) => {
    if (stack.StackStatus === "DELETE_COMPLETE") return;
    const name = stack.StackName ?? stack.StackId ?? `stack ${i}`;
    const account = stack.StackId ? arnAccount(stack.StackId) : void 0;
    if (!isProductionStack({ names: [name], tags: tagsOf(stack), ...account ? { account } : {} }, policy.production)) return;
    if (stack.ParentId) return;
    if (stack.EnableTerminationProtection === true) return;
    findings.push({
      rule: "prod-resource-unprotected",
      severity: "error",
      message: `Production stack ${name} has no termination protection: one DeleteStack call (by an agent or a pipeline) deletes every resource in it`,
      subject: stack.StackId ?? name,
      evidence: [{ ...stack.StackId ? { arn: stack.StackId } : {}, file: source, pointer: `/Stacks/${i}/EnableTerminationProtection`, note: `EnableTerminationProtection: ${String(stack.EnableTerminationProtection ?? false)}` }],
      suppressed: null
    });
  });
  return findings;
}
async function auditAccount(session, policy, catalogue, label, progress) {
  const findings = [];
  const errors = [];
  let inputs = 0;
  let snapshot;
  const iamSource = `${label}:iam:GetAccountAuthorizationDetails`;
  try {
    snapshot = await fetchAuthorizationDetails(session, progress);
  } catch (error) {
    errors.push({ file: iamSource, message: explainAwsError(error, "GetAccountAuthorizationDetails") });
  }
  if (snapshot) {
    const fetched = snapshot;
    const evaluated = guardedEvaluation(iamSource, () => {
      const read = readAuthorizationDetails(fetched, iamSource);
      inputs += read.input.principals.length;
      const result = evaluateIam(read.input, policy, catalogue);
      return { findings: result.findings, errors: [...read.errors, ...result.errors] };
    });
    findings.push(...evaluated.findings);
    errors.push(...evaluated.errors);
  }
  const stackSource = `${label}:cloudformation:DescribeStacks`;
  let stacks;
  try {
    stacks = await fetchStacks(session, progress);
  } catch (error) {
    errors.push({ file: stackSource, message: explainAwsError(error, "DescribeStacks") });
  }
  if (stacks) {
    const fetched = stacks;
    inputs += fetched.length;
    const evaluated = guardedEvaluation(stackSource, () => ({ findings: evaluateStacks(fetched, policy, stackSource), errors: [] }));
    findings.push(...evaluated.findings);
    errors.push(...evaluated.errors);
  }
  return { report: { findings, errors, inputs }, ...snapshot ? { snapshot } : {} };
}

export {
  fetchAuthorizationDetails,
  fetchStacks,
  evaluateStacks,
  auditAccount
};
