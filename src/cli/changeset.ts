/** `agent-guardrail changeset`: the deploy gate over a CloudFormation change set (or two local templates). */
import type { Command } from "commander";
import type { SessionOptions } from "../aws/session.js";
import type { InputError } from "../core/finding.js";
import type { Policy } from "../core/policy.js";
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

export async function runChangeset(opts: ChangesetOptions, policy: Policy, clientConfig?: Record<string, unknown>): Promise<Report> {
  if (!opts.stackName || !opts.changeSetName) throw new UsageError("changeset needs --stack-name and --change-set-name (or --template-diff OLD NEW)");
  // The AWS SDK loads with a change set read, not with the command line (issue 17).
  const { readChangeSet } = await import("../aws/changeset.js");
  const { ApiCounter, closeSession, explainAwsError, openSession, sessionOptions } = await import("../aws/session.js");
  const { countChanges } = await import("../core/cfn/changeset.js");
  const { describeProtections, evaluateChangeSet } = await import("../core/cfn/changeset-destroys-prod.js");
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
    // An AwsCustomResource's calls are judged by the destructive tiers of the action catalogue.
    const { loadCatalogue } = await import("../policy/catalogue.js");
    const findings = facts ? evaluateChangeSet(facts, policy, { allowConditional: opts.allowConditional === true, catalogue: loadCatalogue() }) : [];
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
      .option("--template-diff <files...>", "compare two synthesized templates or cloud assemblies (cdk.out) locally (OLD NEW), no AWS; same as the diff command")
      .option("--profile <name>", "AWS shared-config profile")
      .option("--region <region>", "AWS region")
      .option("--role-arn <arn>", "assume this (read-only) role first"),
  ).action(async (opts: ChangesetOptions, cmd: Command) => {
    const { policy, errors } = await policyFor(opts);
    let report: Report;
    if (opts.templateDiff) {
      const [oldPath, newPath, ...rest] = opts.templateDiff;
      if (!oldPath || !newPath || rest.length) throw new UsageError("--template-diff takes two templates or two cloud assemblies: OLD NEW");
      if (opts.changeSetName) throw new UsageError("--template-diff compares local files: drop --change-set-name");
      // Loaded on use: the diff library and its schema database are not needed for a live change set.
      const { runTemplateDiff } = await import("./template-diff.js");
      report = await runTemplateDiff(oldPath, newPath, policy, { allowConditional: opts.allowConditional === true, ...(opts.stackName ? { stackName: opts.stackName } : {}) });
    } else {
      report = await runChangeset(opts, policy);
    }
    report.errors.unshift(...errors);
    setExitCode(cmd, await finish(report, opts, policy));
  });
}
