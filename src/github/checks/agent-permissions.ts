/**
 * Check "agent-guardrail / agent permissions": on a PR that changes CloudFormation templates or
 * IAM policy files, evaluate them at the head and at the base, and report the agent-destructive-prod
 * / agent-privilege-escalation findings that are NEW (same rule + subject with an action the base
 * did not grant) as annotations on the head lines. Success when nothing new.
 *
 * The registry glue (src/github/checks/types.ts, written concurrently) supplies the PR's changed
 * files, content at head/base and the base-branch Policy; this module needs only the structural
 * `AgentPermissionsInput` below, so it is testable without Probot.
 */
import { isCloudFormationTemplate } from "../../core/cfn/template.js";
import type { Finding, InputError } from "../../core/finding.js";
import { isAuthorizationDetails, readAuthorizationDetails } from "../../core/iam/authorization-details.js";
import type { ActionCatalogue } from "../../core/iam/catalogue.js";
import { evaluateIam } from "../../core/iam/evaluate.js";
import { isPolicyDocument, readPolicyDocumentFile } from "../../core/iam/policy-file.js";
import type { Policy } from "../../core/policy.js";
import { parseSource, SourceParseError } from "../../core/source/parse.js";

export const CHECK_NAME = "agent-guardrail / agent permissions";
const IAM_RULES = new Set(["agent-destructive-prod", "agent-privilege-escalation"]);
const CANDIDATE = /\.(json|ya?ml|template)$/i;

export interface ChangedFile {
  path: string;
  status: string; // added | modified | removed | renamed | copied | changed
  previousPath?: string;
}

export interface TemplateFile {
  file: string;
  value: unknown;
  lineOf: (pointer: string) => number | undefined;
}
export type TemplateEvaluator = (inputs: TemplateFile[], policy: Policy, catalogue: ActionCatalogue) => { findings: Finding[]; errors: InputError[] };

export interface AgentPermissionsInput {
  policy: Policy;
  catalogue: ActionCatalogue;
  files: ChangedFile[];
  filesComplete: boolean;
  /** File content at the PR's head or base SHA; undefined when the file does not exist there. */
  read: (side: "head" | "base", path: string) => Promise<string | undefined>;
  /** CloudFormation evaluation; default src/core/cfn/evaluate.ts evaluateTemplates. null: none available. */
  evaluateTemplates?: TemplateEvaluator | null;
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "failure" | "warning" | "notice";
  title: string;
  message: string;
}

export interface CheckOutcome {
  conclusion: "success" | "failure";
  title: string;
  summary: string;
  annotations: Annotation[];
  newFindings: Finding[];
}


interface SideResult {
  findings: Finding[];
  errors: InputError[];
  relevant: boolean;
}

async function evaluateSide(input: AgentPermissionsInput, side: "head" | "base", paths: string[]): Promise<SideResult> {
  const findings: Finding[] = [];
  const errors: InputError[] = [];
  const templates: TemplateFile[] = [];
  let relevant = false;
  for (const path of paths) {
    let text: string | undefined;
    try {
      text = await input.read(side, path);
    } catch (error) {
      errors.push({ file: path, message: `cannot read ${path} at the ${side} SHA: ${error instanceof Error ? error.message : String(error)}` });
      relevant = true;
      continue;
    }
    if (text === undefined) continue;
    let parsed;
    try {
      parsed = parseSource(text);
    } catch (error) {
      // Not JSON/YAML: not an input of this check at base; at head a broken .json/.yaml that might be
      // a template or policy cannot be evaluated, so it fails closed only when it looks like one.
      if (side === "head" && /Resources|Statement|AWSTemplateFormatVersion/.test(text)) {
        relevant = true;
        errors.push({ file: path, ...(error instanceof SourceParseError && error.line ? { line: error.line } : {}), message: `cannot parse: ${error instanceof Error ? error.message : String(error)}` });
      }
      continue;
    }
    if (isCloudFormationTemplate(parsed.value)) {
      relevant = true;
      templates.push({ file: path, value: parsed.value, lineOf: parsed.lineOf });
    } else if (isAuthorizationDetails(parsed.value)) {
      relevant = true;
      const read = readAuthorizationDetails(parsed.value, path, parsed.lineOf);
      const evaluated = evaluateIam(read.input, input.policy, input.catalogue);
      findings.push(...evaluated.findings);
      errors.push(...read.errors, ...evaluated.errors);
    } else if (isPolicyDocument(parsed.value)) {
      relevant = true;
      const read = readPolicyDocumentFile(parsed.value, path, parsed.lineOf);
      const evaluated = evaluateIam(read.input, input.policy, input.catalogue);
      findings.push(...evaluated.findings);
      errors.push(...read.errors, ...evaluated.errors);
    }
  }
  if (templates.length) {
    // Loaded on demand: PRs without templates never pay for (or depend on) the template engine.
    let evaluate: TemplateEvaluator | null | undefined = input.evaluateTemplates;
    if (evaluate === undefined) {
      try {
        evaluate = (await import("../../core/cfn/evaluate.js")).evaluateTemplates;
      } catch (error) {
        evaluate = null;
        errors.push({ file: templates[0]?.file ?? "", message: `template engine failed to load: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    if (!evaluate) {
      errors.push(...templates.map((t) => ({ file: t.file, message: "CloudFormation template changed but no template evaluator is available: cannot be evaluated (fail closed)" })));
    } else {
      const evaluated = evaluate(templates, input.policy, input.catalogue);
      findings.push(...evaluated.findings);
      errors.push(...evaluated.errors);
    }
  }
  return { findings: findings.filter((f) => IAM_RULES.has(f.rule)), errors, relevant };
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

export async function checkAgentPermissions(input: AgentPermissionsInput): Promise<CheckOutcome> {
  const candidates = input.files.filter((f) => CANDIDATE.test(f.path) || (f.previousPath !== undefined && CANDIDATE.test(f.previousPath)));
  if (!input.filesComplete) {
    return { conclusion: "failure", title: "Changed files incomplete", summary: "The pull request's file list was truncated by the API: changed templates or policies may be missing (fail closed).", annotations: [], newFindings: [] };
  }
  const headPaths = candidates.filter((f) => f.status !== "removed").map((f) => f.path);
  const basePaths = candidates.filter((f) => f.status !== "added").map((f) => f.previousPath ?? f.path);
  const head = await evaluateSide(input, "head", headPaths);
  if (!head.relevant && head.errors.length === 0) {
    return { conclusion: "success", title: "No CloudFormation templates or IAM policy files changed", summary: "This check applies to pull requests that change CloudFormation templates or IAM policy files.", annotations: [], newFindings: [] };
  }
  const base = await evaluateSide(input, "base", basePaths);
  // A renamed file keeps its findings' subjects comparable: map base paths to head paths.
  const renamed = new Map(candidates.filter((f) => f.previousPath).map((f) => [f.previousPath as string, f.path]));
  const baseFindings = base.findings.map((f) => (renamed.has(f.subject) ? { ...f, subject: renamed.get(f.subject) as string } : f));
  const fresh = newFindings(head.findings, baseFindings);
  const annotations: Annotation[] = fresh.flatMap((f) => {
    const e = f.evidence.find((x) => x.file && x.line) ?? f.evidence.find((x) => x.file);
    if (!e?.file) return [];
    const line = e.line ?? 1;
    const actions = f.actions?.length ? `\nActions: ${f.actions.slice(0, 20).join(", ")}${f.actions.length > 20 ? `, … (${f.actions.length})` : ""}` : "";
    return [{ path: e.file, start_line: line, end_line: line, annotation_level: "failure" as const, title: f.rule, message: `${f.message}${actions}` }];
  });
  const errorLines = head.errors.map((e) => `- ${e.file}${e.line ? `:${e.line}` : ""}: ${e.message}`);
  for (const e of head.errors) {
    annotations.push({ path: e.file, start_line: e.line ?? 1, end_line: e.line ?? 1, annotation_level: "failure", title: "cannot be evaluated", message: e.message });
  }
  const failed = fresh.length > 0 || head.errors.length > 0;
  const title = fresh.length
    ? `${fresh.length} new agent permission finding${fresh.length === 1 ? "" : "s"}`
    : head.errors.length
      ? `${head.errors.length} input error${head.errors.length === 1 ? "" : "s"}: not everything could be evaluated`
      : "No new destructive or escalation access for agents";
  const summary = [
    failed ? `**Failure**: ${title}.` : `**Success**: ${title} (${head.findings.length} finding(s) at head, none new compared with the base).`,
    ...fresh.map((f) => `- \`${f.rule}\` ${f.subject}: ${f.message}`),
    ...(errorLines.length ? ["", "Could not be evaluated:", ...errorLines] : []),
    ...(base.errors.length ? ["", `Base branch: ${base.errors.length} file(s) could not be evaluated; every head finding of those files counts as new.`] : []),
  ].join("\n");
  return { conclusion: failed ? "failure" : "success", title, summary, annotations, newFindings: fresh };
}
