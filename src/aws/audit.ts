/**
 * Live account audit: GetAccountAuthorizationDetails (every page, merged into one document of the
 * CLI's shape, so `--save-snapshot` + `scan` reproduce the verdict offline) and DescribeStacks
 * (every page: termination protection per production stack). Read-only; counts its API calls.
 */
import { DescribeStacksCommand, type Stack } from "@aws-sdk/client-cloudformation";
import { GetAccountAuthorizationDetailsCommand } from "@aws-sdk/client-iam";
import type { Finding, InputError } from "../core/finding.js";
import { readAuthorizationDetails } from "../core/iam/authorization-details.js";
import type { ActionCatalogue } from "../core/iam/catalogue.js";
import { evaluateIam } from "../core/iam/evaluate.js";
import { guardedEvaluation } from "../core/guarded.js";
import type { Policy } from "../core/policy.js";
import { arnAccount, isProductionStack } from "../core/production.js";
import type { Report } from "../report/index.js";
import { explainAwsError, nextPageToken, type AwsSession } from "./session.js";

export type Progress = (message: string) => void;

const LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;
export type AuthorizationDetails = Record<(typeof LISTS)[number], unknown[]> & { IsTruncated: false };

/** All pages of GetAccountAuthorizationDetails, merged. */
export async function fetchAuthorizationDetails(session: AwsSession, progress?: Progress): Promise<AuthorizationDetails> {
  const merged: AuthorizationDetails = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false };
  let marker: string | undefined;
  const markers = new Set<string>();
  do {
    const page = await session.iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000, ...(marker ? { Marker: marker } : {}) }));
    for (const key of LISTS) merged[key].push(...((page[key] as unknown[] | undefined) ?? []));
    if (page.IsTruncated && !page.Marker) throw new Error("GetAccountAuthorizationDetails: IsTruncated without a Marker (cannot read the remaining pages)");
    marker = nextPageToken(markers, page.IsTruncated ? page.Marker : undefined, "GetAccountAuthorizationDetails", "Marker");
    progress?.(`IAM: ${merged.RoleDetailList.length} roles, ${merged.UserDetailList.length} users, ${merged.Policies.length} managed policies`);
  } while (marker);
  // Plain JSON (dates as ISO strings): exactly what a snapshot file holds.
  return JSON.parse(JSON.stringify(merged)) as AuthorizationDetails;
}

export async function fetchStacks(session: AwsSession, progress?: Progress): Promise<Stack[]> {
  const stacks: Stack[] = [];
  let token: string | undefined;
  const tokens = new Set<string>();
  do {
    const page = await session.cloudformation.send(new DescribeStacksCommand(token ? { NextToken: token } : {}));
    stacks.push(...(page.Stacks ?? []));
    token = nextPageToken(tokens, page.NextToken, "DescribeStacks");
    progress?.(`CloudFormation: ${stacks.length} stacks`);
  } while (token);
  return stacks;
}

const tagsOf = (stack: Stack): Record<string, string> =>
  Object.fromEntries((stack.Tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key as string, t.Value ?? ""]));

/**
 * Stacks that hold no resource, so a DeleteStack deletes nothing (CloudFormation's stack status
 * codes): deleted; ROLLBACK_COMPLETE, a failed creation whose resources were deleted (it can only
 * be deleted); REVIEW_IN_PROGRESS, made by a CREATE change set never executed.
 */
const EMPTY_STACK_STATUSES: ReadonlySet<string> = new Set(["DELETE_COMPLETE", "ROLLBACK_COMPLETE", "REVIEW_IN_PROGRESS"]);

/** `prod-resource-unprotected` for live stacks: a production stack without termination protection. */
export function evaluateStacks(stacks: Stack[], policy: Policy, source: string): Finding[] {
  const findings: Finding[] = [];
  stacks.forEach((stack, i) => {
    if (EMPTY_STACK_STATUSES.has(stack.StackStatus ?? "")) return;
    const name = stack.StackName ?? stack.StackId ?? `stack ${i}`;
    const account = stack.StackId ? arnAccount(stack.StackId) : undefined;
    if (!isProductionStack({ names: [name], tags: tagsOf(stack), ...(account ? { account } : {}) }, policy.production)) return;
    if (stack.ParentId) return; // nested stacks inherit the root's protection
    if (stack.EnableTerminationProtection === true) return;
    findings.push({
      rule: "prod-resource-unprotected",
      severity: "error",
      message: `Production stack ${name} has no termination protection: one DeleteStack call (by an agent or a pipeline) deletes every resource in it`,
      subject: stack.StackId ?? name,
      evidence: [{ ...(stack.StackId ? { arn: stack.StackId } : {}), file: source, pointer: `/Stacks/${i}/EnableTerminationProtection`, note: `EnableTerminationProtection: ${String(stack.EnableTerminationProtection ?? false)}` }],
      suppressed: null,
    });
  });
  return findings;
}

export interface AuditResult {
  report: Report;
  snapshot?: AuthorizationDetails;
}

/** One account: fetch, evaluate, and report what failed (fail closed: an error is never a pass). */
export async function auditAccount(session: AwsSession, policy: Policy, catalogue: ActionCatalogue, label: string, progress?: Progress): Promise<AuditResult> {
  const findings: Finding[] = [];
  const errors: InputError[] = [];
  let inputs = 0;
  let snapshot: AuthorizationDetails | undefined;
  const iamSource = `${label}:iam:GetAccountAuthorizationDetails`;
  try {
    snapshot = await fetchAuthorizationDetails(session, progress);
  } catch (error) {
    errors.push({ file: iamSource, message: explainAwsError(error, "GetAccountAuthorizationDetails") });
  }
  if (snapshot) {
    const fetched = snapshot;
    // A failure of the rules themselves is named as such, not as an AWS error; the stacks are still audited.
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
  let stacks: Awaited<ReturnType<typeof fetchStacks>> | undefined;
  try {
    stacks = await fetchStacks(session, progress);
  } catch (error) {
    errors.push({ file: stackSource, message: explainAwsError(error, "DescribeStacks") });
  }
  const notes: string[] = [];
  if (stacks) {
    const fetched = stacks;
    inputs += fetched.length;
    // Stacks are regional: a pass here says nothing of the account's other regions.
    notes.push(`CloudFormation: stacks of ${await session.cloudformation.config.region()} only (stacks are regional: audit each region you deploy to with --region)`);
    const evaluated = guardedEvaluation(stackSource, () => ({ findings: evaluateStacks(fetched, policy, stackSource), errors: [] }));
    findings.push(...evaluated.findings);
    errors.push(...evaluated.errors);
  }
  return { report: { findings, errors, inputs, notes }, ...(snapshot ? { snapshot } : {}) };
}
