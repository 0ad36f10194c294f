/**
 * Check "agent-guardrail / agent permissions": on a PR that changes CloudFormation templates or
 * IAM policy files, evaluate them at the head and at the base, and report the agent-destructive-prod
 * / agent-privilege-escalation findings that are NEW (same rule + subject with an action the base
 * did not grant) as annotations on the head lines. Success when nothing new.
 *
 * `checkAgentPermissions` needs only the structural `AgentPermissionsInput` (testable without
 * Probot); `agentPermissionsCheck` is the registry entry that feeds it from the pull request.
 */
import type { Finding, InputError } from "../../core/finding.js";
import type { ActionCatalogue } from "../../core/iam/catalogue.js";
import { evaluateTemplateSet, guardedEvaluation } from "../../core/guarded.js";
import { detectKind, evaluateInput } from "../../core/inputs.js";
import { inTemplateAnswers, isTemplateAnswer, templateAnswerInput, templateAnswerNeedsYaml } from "../../core/cfn/template-answer.js";
import type { Policy } from "../../core/policy.js";
import { applySuppressions } from "../../core/suppress.js";
import { loadCatalogue } from "../../policy/catalogue.js";
import { readChangedFile } from "./changed-file.js";
import { repeatedPolicyNameError } from "../../core/iam/policy-file.js";
import { repeatedNameIn } from "../../core/source/json.js";
import { withoutByteOrderMark } from "../../core/source/source.js";
import { errorAnnotation, errorSummaryLine, findingAnnotations, findingSummaryLines } from "./findings.js";
import { blobUrl } from "./markdown.js";
import type { ChangedFile, CheckOutcome, PullCheck, PullCheckContext } from "./types.js";
import { mayBeTemplateOrPolicy } from "../../core/input-text.js";
import type { NestedTemplateSource } from "../../core/cfn/nested-stacks.js";
import type { TemplateInput } from "../../core/cfn/template.js";
import { posix } from "node:path";

export const CHECK_NAME = "agent-guardrail / agent permissions";
const IAM_RULES = new Set(["agent-destructive-prod", "agent-privilege-escalation"]);
const CANDIDATE = /\.(json|ya?ml|template)$/i;

export type TemplateEvaluator = (inputs: TemplateInput[], policy: Policy, catalogue: ActionCatalogue) => { findings: Finding[]; errors: InputError[] };

/** Nested templates read at one side of a pull request, at most: each is a request to GitHub. */
export const MAX_NESTED_TEMPLATES = 100;

export interface AgentPermissionsInput {
  policy: Policy;
  catalogue: ActionCatalogue;
  files: ChangedFile[];
  filesComplete: boolean;
  /** File content at the PR's head or base SHA; undefined when the file does not exist there. */
  read: (side: "head" | "base", path: string) => Promise<string | undefined>;
  /**
   * Resolves the base side's commit before any base file is read; a failure fails the check with
   * its reason (without it nothing says what the PR adds), not as one unreadable base file.
   */
  baseCommit?: () => Promise<string>;
  /** Link to a file line at the head SHA, for the summary's evidence. */
  blobUrl?: (file: string, line?: number) => string;
  /** CloudFormation evaluation; default src/core/cfn/evaluate.ts evaluateTemplates. null: none available. */
  evaluateTemplates?: TemplateEvaluator | null;
}

export interface AgentPermissionsOutcome extends CheckOutcome {
  newFindings: Finding[];
}

interface SideResult {
  findings: Finding[];
  errors: InputError[];
  relevant: boolean;
}

/**
 * Nested templates of the changed ones: read from the repository at the same commit, only
 * within it (a template could name `../../etc/...` or a parent directory's file).
 */
function repositorySource(input: AgentPermissionsInput, side: "head" | "base"): NestedTemplateSource {
  let reads = 0;
  const nestedKey = (parentFile: string, location: string): string => posix.normalize(posix.join(posix.dirname(parentFile), location));
  return {
    key: (file) => file,
    nestedKey,
    refusal: async (key, location) => (posix.isAbsolute(location) || key === ".." || key.startsWith("../") ? "is outside the repository: not read (fail closed)" : undefined),
    read: async (parentFile, location) => {
      const file = nestedKey(parentFile, location);
      if (++reads > MAX_NESTED_TEMPLATES) return { file, message: `not read: over ${MAX_NESTED_TEMPLATES} nested templates at the ${side} SHA (fail closed)` };
      const content = await readChangedFile(file, `${side} SHA`, () => input.read(side, file), () => true, false);
      if ("absent" in content) return { file, message: `${file} does not exist at the ${side} SHA` };
      if ("error" in content) return { file, message: content.error.message, ...(content.error.line !== undefined ? { line: content.error.line } : {}) };
      return { file, value: content.parsed.value, lineOf: content.parsed.lineOf };
    },
    advice: (property) => `commit the template whose ${property} is a local path (before \`aws cloudformation package\` or \`sam package\`) beside it, or the CDK app's cdk.out`,
  };
}

async function evaluateSide(input: AgentPermissionsInput, side: "head" | "base", paths: string[]): Promise<SideResult> {
  const findings: Finding[] = [];
  const errors: InputError[] = [];
  const templates: TemplateInput[] = [];
  const answers = new Set<string>();
  let relevant = false;
  for (const path of paths) {
    // At the base, a broken file is no input of this check; at the head, one that looks like a
    // template or policy cannot be evaluated, so it fails closed.
    const content = await readChangedFile(path, `${side} SHA`, () => input.read(side, path), side === "head" ? mayBeTemplateOrPolicy : undefined, side === "head");
    if ("error" in content) {
      errors.push(content.error);
      relevant = true;
      continue;
    }
    if ("absent" in content) continue;
    const { parsed } = content;
    // A saved `aws cloudformation get-template` answer: the template it holds, as scan reads it.
    if (isTemplateAnswer(parsed.value)) {
      relevant = true;
      if (templateAnswerNeedsYaml(parsed.value)) await import("../../core/source/yaml.js");
      const read = templateAnswerInput(path, parsed.value, parsed.lineOf);
      if ("error" in read) errors.push(read.error);
      else {
        templates.push(read.template);
        answers.add(path);
      }
      continue;
    }
    const kind = detectKind(parsed.value);
    if (kind === "cloudformation-template") {
      relevant = true;
      templates.push({ file: path, value: parsed.value, lineOf: parsed.lineOf });
    } else if (kind === "authorization-details" || kind === "policy-document") {
      relevant = true;
      const repeated = kind === "policy-document" ? repeatedPolicyNameError(path, parsed.value, () => (parsed.format === "json" ? repeatedNameIn(withoutByteOrderMark(content.text)) : undefined)) : undefined;
      if (repeated) {
        errors.push(repeated);
        continue;
      }
      const evaluated = guardedEvaluation(path, () => evaluateInput({ file: path, value: parsed.value, lineOf: parsed.lineOf }, kind, input.policy, input.catalogue));
      findings.push(...evaluated.findings);
      errors.push(...evaluated.errors);
    }
  }
  if (templates.length) {
    // Loaded on demand: PRs without templates never pay for (or depend on) the template engine.
    // If the import fails, the check throws and the app concludes it `failure` with the error.
    const evaluate = input.evaluateTemplates === undefined ? (await import("../../core/cfn/evaluate.js")).evaluateTemplates : input.evaluateTemplates;
    if (!evaluate) {
      errors.push(...templates.map((t) => ({ file: t.file, message: "CloudFormation template changed but no template evaluator is available: cannot be evaluated (fail closed)" })));
    } else {
      // A changed template's nested stacks are judged with it, in its scope, as the command line does.
      const { withNestedStacks } = await import("../../core/cfn/nested-stacks.js");
      const nested = await withNestedStacks(templates, repositorySource(input, side), errors);
      const evaluated = evaluateTemplateSet(nested.templates, (set) => evaluate(set, input.policy, input.catalogue));
      findings.push(...(answers.size ? inTemplateAnswers(evaluated.findings, answers) : evaluated.findings));
      errors.push(...evaluated.errors);
    }
  }
  // Config suppressions come from the base branch's policy, like everything else the check reads.
  return { findings: applySuppressions(findings.filter((f) => IAM_RULES.has(f.rule)), input.policy), errors, relevant };
}

/**
 * Findings of head that base did not have: same rule and subject, with at least one action the
 * base finding did not list. A narrowed policy yields no new finding.
 */
export function newFindings(head: Finding[], base: Finding[]): Finding[] {
  const granted = new Map<string, Set<string>>();
  for (const f of base) {
    if (f.suppressed !== null) continue;
    const key = `${f.rule}\u0000${f.subject}`;
    const set = granted.get(key) ?? new Set<string>();
    for (const a of f.actions ?? []) set.add(a.toLowerCase());
    if (!f.actions?.length) set.add("\u0000any");
    granted.set(key, set);
  }
  return head.filter((f) => {
    if (f.suppressed !== null) return false;
    const had = granted.get(`${f.rule}\u0000${f.subject}`);
    if (!had) return true;
    if (!f.actions?.length) return !had.has("\u0000any");
    return f.actions.some((a) => !had.has(a.toLowerCase()));
  });
}

/**
 * New findings the pull request also suppresses in its own files (a template's `agent-guardrail`
 * metadata, as `AgentGuardrails.suppress` writes it), not through the base branch's config. They pass,
 * as every suppressed finding does; the check says so and concludes neutral, so that a waiver an agent
 * wrote for its own new access is seen before the merge, not only in the diff.
 */
export function suppressedByThePullRequest(head: Finding[], base: Finding[], policy: Policy): Finding[] {
  const unsuppressed = (f: Finding): Finding => (f.suppressed === null ? f : { ...f, suppressed: null });
  const plainHead = head.map(unsuppressed);
  const added = new Set(newFindings(plainHead, base.map(unsuppressed)));
  return head.filter((f, i) => {
    const plain = plainHead[i] as Finding;
    return f.suppressed !== null && added.has(plain) && applySuppressions([plain], policy)[0]?.suppressed === null;
  });
}

export async function checkAgentPermissions(input: AgentPermissionsInput): Promise<AgentPermissionsOutcome> {
  const candidates = input.files.filter((f) => CANDIDATE.test(f.path) || (f.previousPath !== undefined && CANDIDATE.test(f.previousPath)));
  if (!input.filesComplete) {
    return { conclusion: "failure", title: "Changed files incomplete", summary: "**FAIL**: the pull request's file list was truncated by the API: changed templates or policies may be missing (fail closed).", annotations: [], newFindings: [] };
  }
  const headPaths = candidates.filter((f) => f.status !== "removed").map((f) => f.path);
  const basePaths = candidates.filter((f) => f.status !== "added").map((f) => f.previousPath ?? f.path);
  const head = await evaluateSide(input, "head", headPaths);
  if (!head.relevant && head.errors.length === 0) {
    return { conclusion: "success", title: "No CloudFormation templates or IAM policy files changed", summary: "**PASS**: no CloudFormation templates or IAM policy files changed. This check applies to pull requests that change them (templates, `cdk.out`, policy documents, account authorization details).", annotations: [], newFindings: [] };
  }
  await input.baseCommit?.();
  const base = await evaluateSide(input, "base", basePaths);
  // A renamed file keeps its findings' subjects comparable: map base paths to head paths.
  const renamed = new Map(candidates.filter((f) => f.previousPath).map((f) => [f.previousPath as string, f.path]));
  const baseFindings = base.findings.map((f) => (renamed.has(f.subject) ? { ...f, subject: renamed.get(f.subject) as string } : f));
  const fresh = newFindings(head.findings, baseFindings);
  const changed = new Set(headPaths);
  const annotations = [...fresh.flatMap((f) => findingAnnotations(f, changed)), ...head.errors.map(errorAnnotation)];
  const failing = fresh.filter((f) => f.severity === "error");
  const failed = failing.length > 0 || head.errors.length > 0;
  const ownWaivers = suppressedByThePullRequest(head.findings, baseFindings, input.policy);
  const conclusion: CheckOutcome["conclusion"] = failed ? "failure" : fresh.length || ownWaivers.length ? "neutral" : "success";
  const waived = ownWaivers.length ? `${ownWaivers.length} new finding${ownWaivers.length === 1 ? "" : "s"} suppressed in the pull request's own files` : "";
  const title = fresh.length
    ? `${fresh.length} new agent permission finding${fresh.length === 1 ? "" : "s"}${head.errors.length ? `, ${head.errors.length} input error${head.errors.length === 1 ? "" : "s"}` : ""}${waived ? `, ${waived}` : ""}`
    : head.errors.length
      ? `${head.errors.length} input error${head.errors.length === 1 ? "" : "s"}: not everything could be evaluated`
      : waived
        ? `No new unsuppressed access for agents; ${waived}`
        : "No new destructive or escalation access for agents";
  const suppressed = head.findings.filter((f) => f.suppressed !== null && !ownWaivers.includes(f));
  const summary = [
    `**${failed ? "FAIL" : "PASS"}**: ${title}${failed || waived ? "." : ` (${head.findings.length - suppressed.length} finding(s) at the head, none of them new compared with the base).`}`,
    ...(fresh.length ? ["", "**New compared with the base branch**", ...fresh.flatMap((f) => findingSummaryLines(f, input.blobUrl))] : []),
    ...(head.errors.length ? ["", "**Could not be evaluated** (fail closed)", ...head.errors.map(errorSummaryLine)] : []),
    ...(base.errors.length ? ["", `Base branch: ${base.errors.length} file(s) could not be evaluated; every head finding of those files counts as new.`] : []),
    ...(ownWaivers.length
      ? [
          "",
          "**New, and suppressed by this pull request** (a waiver in the changed files, not in the base branch's config: the approvers of this pull request accept it)",
          ...ownWaivers.flatMap((f) => findingSummaryLines(f, input.blobUrl)),
        ]
      : []),
    ...(suppressed.length ? ["", "**Suppressed** (audit trail)", ...suppressed.flatMap((f) => findingSummaryLines(f, input.blobUrl))] : []),
  ].join("\n");
  return { conclusion, title, summary, annotations, newFindings: fresh };
}

export const agentPermissionsCheck: PullCheck = {
  name: CHECK_NAME,
  run(ctx: PullCheckContext): Promise<CheckOutcome> {
    return checkAgentPermissions({
      policy: ctx.policy,
      catalogue: loadCatalogue(),
      files: ctx.files,
      filesComplete: ctx.filesComplete,
      // The base side is where GitHub's diff starts (the merge base), not baseRefOid: that is the
      // base's tip when the PR was opened, so a base that moved since would hide or invent changes.
      read: async (side, path) => ctx.readFile(side === "head" ? ctx.pull.headSha : await ctx.mergeBase(), path),
      baseCommit: () => ctx.mergeBase(),
      blobUrl: (file, line) => blobUrl(ctx.htmlUrl, ctx.pull.headSha, file, line),
    });
  },
};
