/** `agent-guardrail audit`: a live AWS account (or organization), read-only (DESIGN.md "CLI"). */
import type { Command } from "commander";
import type { Progress } from "../aws/audit.js";
import type { SessionOptions } from "../aws/session.js";
import type { ActionCatalogue } from "../core/iam/catalogue.js";
import type { Policy } from "../core/policy.js";
import type { Report } from "../report/index.js";
import { finish, policyFor, setExitCode, UsageError, withCommonOptions, writeUserFile, type CommonOptions } from "./common.js";

export interface AuditOptions extends CommonOptions {
  profile?: string;
  region?: string;
  roleArn?: string;
  organization?: boolean;
  roleName?: string;
  concurrency?: string;
  saveSnapshot?: string;
  remediation?: boolean;
}

/** Progress on stderr, only on a terminal (pipelines and redirected output stay clean). */
function terminalProgress(): { progress?: Progress; done: () => void } {
  if (!process.stderr.isTTY) return { done: () => undefined };
  return {
    progress: (message) => process.stderr.write(`\r\x1b[2K${message}`),
    done: () => process.stderr.write("\r\x1b[2K"),
  };
}

/** `kept.snapshot`: the account's authorization details, for --remediation (one account only). */
export async function runAudit(opts: AuditOptions, policy: Policy, catalogue?: ActionCatalogue, clientConfig?: Record<string, unknown>, kept: { snapshot?: unknown } = {}): Promise<Report> {
  if (opts.organization && !opts.roleName) throw new UsageError("--organization needs --role-name (the read-only role to assume in each account)");
  if (opts.roleName && !opts.organization) throw new UsageError("--role-name is used with --organization");
  if (opts.concurrency !== undefined && !opts.organization) throw new UsageError("--concurrency is used with --organization (accounts audited at once)");
  if (opts.organization && opts.saveSnapshot) throw new UsageError("--save-snapshot writes one account's authorization details: use it without --organization");
  const concurrency = opts.concurrency === undefined ? 4 : Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError(`--concurrency takes 1..32, got "${opts.concurrency}"`);
  // The AWS SDK loads with the audit, not with the command line (issue 17).
  const { auditAccount } = await import("../aws/audit.js");
  const { auditOrganization } = await import("../aws/organization.js");
  const { ApiCounter, closeSession, explainAwsError, openSession, sessionOptions } = await import("../aws/session.js");
  const { loadCatalogue } = await import("../policy/catalogue.js");
  catalogue ??= loadCatalogue();
  const session: SessionOptions = sessionOptions(opts, clientConfig);
  const counter = new ApiCounter();
  const { progress, done } = terminalProgress();
  let report: Report;
  try {
    if (opts.organization) {
      report = await auditOrganization({ ...session, roleName: opts.roleName as string, concurrency }, policy, catalogue, counter, progress);
    } else {
      let opened;
      try {
        opened = await openSession(session, counter);
      } catch (error) {
        return { findings: [], errors: [{ file: "aws:sts:AssumeRole", message: `${explainAwsError(error, "AssumeRole")} (role ${opts.roleArn ?? "?"})` }], inputs: 0, notes: [counter.summary()] };
      }
      try {
        const result = await auditAccount(opened, policy, catalogue, "aws", progress);
        if (result.snapshot) kept.snapshot = result.snapshot;
        report = result.report;
        if (opts.saveSnapshot) {
          if (result.snapshot) {
            // A path that cannot be written (no such directory, no permission) is the user's error, not
            // the audit's: the account's verdict, paid for in API calls, is still reported, with it.
            const failed = writeUserFile(opts.saveSnapshot, `${JSON.stringify(result.snapshot, null, 2)}\n`);
            if (failed === undefined) report.notes = [...(report.notes ?? []), `authorization details saved to ${opts.saveSnapshot} (agent-guardrail scan ${opts.saveSnapshot} reproduces the IAM verdict)`];
            else report.errors.push({ file: opts.saveSnapshot, message: `snapshot not written: ${failed}` });
          } else {
            report.errors.push({ file: opts.saveSnapshot, message: "snapshot not written: the authorization details could not be read" });
          }
        }
      } finally {
        closeSession(opened);
      }
    }
  } finally {
    done();
  }
  // What the audit does not read (docs/aws.md): SCPs and RCPs only take access away; a resource
  // policy may grant an agent role what its identity policies do not, so a clean audit says so.
  report.notes = [
    ...(report.notes ?? []),
    counter.summary(),
    "SCPs not verified",
    "resource-based policies not read (S3 bucket, KMS key and other resource policies may grant a role more than its IAM policies: scan them, docs/aws.md)",
  ];
  return report;
}

/** The remediation commands for a report's flagged principals (modules loaded only when asked). */
export async function remediationText(report: Report, policy: Policy, catalogue?: ActionCatalogue, snapshot?: unknown): Promise<string> {
  const { generateBoundary } = await import("../core/boundary/generate.js");
  const { principalFacts, remediationCommands } = await import("../core/boundary/remediation.js");
  const { applySuppressions } = await import("../core/suppress.js");
  const { catalogueData, loadCatalogue } = await import("../policy/catalogue.js");
  const parts = generateBoundary({ kind: "boundary", catalogue: catalogue ?? loadCatalogue(), catalogueVersion: catalogueData().version, policy }).policies;
  const { lines, skipped } = remediationCommands(applySuppressions(report.findings, policy), parts, snapshot === undefined ? undefined : principalFacts(snapshot));
  const out = lines.length ? lines : ["# Remediation: no flagged agent role or user: nothing to change."];
  if (skipped.length) out.push(`# Not IAM principals of the account (fix in their source): ${skipped.join(", ")}`);
  return `${out.join("\n")}\n`;
}

export function registerAudit(program: Command): void {
  withCommonOptions(
    program
      .command("audit")
      .description("audit a live AWS account (IAM + CloudFormation), read-only")
      .option("--profile <name>", "AWS shared-config profile")
      .option("--region <region>", "AWS region (CloudFormation stacks are regional)")
      .option("--role-arn <arn>", "assume this (read-only) role first")
      .option("--organization", "audit every active account of the AWS Organization")
      .option("--role-name <name>", "with --organization: the read-only role to assume in each account")
      .option("--concurrency <n>", "with --organization: accounts audited at once (default 4)")
      .option("--save-snapshot <file>", "write the fetched authorization details (scan FILE reproduces the verdict)")
      .option("--remediation", "print, per flagged agent principal, the AWS CLI commands that set the guardrail boundary (printed, never run)"),
  ).action(async (opts: AuditOptions, cmd: Command) => {
    const { policy, errors } = await policyFor(opts);
    const kept: { snapshot?: unknown } = {};
    const report = await runAudit(opts, policy, undefined, undefined, kept);
    report.errors.unshift(...errors);
    setExitCode(cmd, await finish(report, opts, policy));
    if (opts.remediation) {
      const text = await remediationText(report, policy, undefined, kept.snapshot);
      // Stdout carries a machine-readable report unless it went to a file: then use stderr.
      if (opts.format !== "text" && !opts.output) process.stderr.write(text);
      else process.stdout.write(text);
    }
  });
}
