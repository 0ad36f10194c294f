/** `agent-guardrail changeset`: the deploy gate over a CloudFormation change set (or two local templates). */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { readChangeSet } from "../aws/changeset.js";
import { ApiCounter, closeSession, explainAwsError, openSession, sessionOptions, type SessionOptions } from "../aws/session.js";
import type { ChangeSetFacts } from "../core/cfn/changeset.js";
import { describeProtections, evaluateChangeSet } from "../core/cfn/changeset-destroys-prod.js";
import { diffTemplates, type TemplateSide } from "../core/cfn/changeset-template-diff.js";
import type { InputError } from "../core/finding.js";
import type { Policy } from "../core/policy.js";
import { parseSource, SourceParseError } from "../core/source/parse.js";
import type { Report } from "../report/index.js";
import { finish, policyFor, setExitCode, UsageError, withCommonOptions, type CommonOptions } from "./common.js";

export interface ChangesetOptions extends CommonOptions {
  stackName?: string;
  changeSetName?: string;
  allowConditional?: boolean;
  templateDiff?: string[];
  profile?: string;
  region?: string;
  roleArn?: string;
}

function countChanges(facts: ChangeSetFacts): number {
  return facts.changes.reduce((n, c) => n + 1 + (c.nested ? countChanges(c.nested) : 0), 0);
}

async function readTemplate(file: string, errors: InputError[]): Promise<TemplateSide | undefined> {
  try {
    const parsed = parseSource(await readFile(file, "utf8"));
    return { file, value: parsed.value, lineOf: parsed.lineOf };
  } catch (error) {
    const line = error instanceof SourceParseError ? error.line : undefined;
    errors.push({ file, ...(line ? { line } : {}), message: `cannot read template: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
}

export async function runTemplateDiff(oldFile: string, newFile: string, stackName: string | undefined, policy: Policy, allowConditional: boolean): Promise<Report> {
  const errors: InputError[] = [];
  const before = await readTemplate(oldFile, errors);
  const after = await readTemplate(newFile, errors);
  if (!before || !after) return { findings: [], errors, inputs: 0 };
  const name = stackName ?? path.basename(newFile).replace(/\.template\.(json|ya?ml)$|\.(json|ya?ml)$/i, "");
  const diff = diffTemplates(before, after, name);
  const findings = evaluateChangeSet(diff.facts, policy, { allowConditional });
  return {
    findings,
    errors: [...errors, ...diff.errors],
    inputs: 2,
    notes: [`template diff ${oldFile} → ${newFile} as stack ${name}: ${diff.facts.changes.length} changed resource(s); replacements inferred from a fixed list of properties (docs/aws.md), CloudFormation may find more`],
  };
}

export async function runChangeset(opts: ChangesetOptions, policy: Policy, clientConfig?: Record<string, unknown>): Promise<Report> {
  if (!opts.stackName || !opts.changeSetName) throw new UsageError("changeset needs --stack-name and --change-set-name (or --template-diff OLD NEW)");
  const session: SessionOptions = sessionOptions(opts, clientConfig);
  const counter = new ApiCounter();
  const errors: InputError[] = [];
  let opened;
  try {
    opened = await openSession(session, counter);
  } catch (error) {
    return { findings: [], errors: [{ file: "aws:sts:AssumeRole", message: explainAwsError(error, "AssumeRole") }], inputs: 0, notes: [counter.summary()] };
  }
  try {
    const facts = await readChangeSet(opened, opts.stackName, opts.changeSetName, errors);
    const findings = facts ? evaluateChangeSet(facts, policy, { allowConditional: opts.allowConditional === true }) : [];
    const notes = facts ? [`change set ${facts.id}: ${countChanges(facts)} resource change(s); stack ${facts.stackName}: ${describeProtections(facts)}`] : [];
    return { findings, errors, inputs: facts ? 1 : 0, notes: [...notes, counter.summary()] };
  } finally {
    closeSession(opened);
  }
}

export function registerChangeset(program: Command): void {
  withCommonOptions(
    program
      .command("changeset")
      .description("deploy gate: fail when a change set removes or replaces production resources")
      .option("--stack-name <name>", "stack of the change set (with --template-diff: the stack name used for production scope)")
      .option("--change-set-name <name>", "change set name or ARN")
      .option("--allow-conditional", "do not fail on Replacement: Conditional (still reported)")
      .option("--template-diff <files...>", "compare two synthesized templates locally (OLD NEW), no AWS")
      .option("--profile <name>", "AWS shared-config profile")
      .option("--region <region>", "AWS region")
      .option("--role-arn <arn>", "assume this (read-only) role first"),
  ).action(async (opts: ChangesetOptions, cmd: Command) => {
    const { policy, errors } = policyFor(opts);
    let report: Report;
    if (opts.templateDiff) {
      const [oldFile, newFile, ...rest] = opts.templateDiff;
      if (!oldFile || !newFile || rest.length) throw new UsageError("--template-diff takes two files: OLD NEW");
      if (opts.changeSetName) throw new UsageError("--template-diff compares local files: drop --change-set-name");
      report = await runTemplateDiff(oldFile, newFile, opts.stackName, policy, opts.allowConditional === true);
    } else {
      report = await runChangeset(opts, policy);
    }
    report.errors.unshift(...errors);
    setExitCode(cmd, await finish(report, opts, policy));
  });
}
