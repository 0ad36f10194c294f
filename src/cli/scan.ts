/**
 * `agent-guardrail scan [PATH...]`: templates, cdk.out, IAM policy documents, account
 * authorization details, Terraform plans, state and module directories, and dashboards, each
 * recognized by its content.
 */
import type { Command } from "commander";
import { DEFAULT_MAX_FILE_BYTES, finish, policyFor, setExitCode, UsageError, withCommonOptions, type CommonOptions } from "./common.js";

export interface ScanOptions extends CommonOptions {
  maxFileSize?: number;
}

function parseSize(value: string): number {
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError(`--max-file-size takes a size in MB, got "${value}"`);
  return Math.round(mb * 1024 * 1024);
}

export function registerScan(program: Command): void {
  withCommonOptions(
    program
      .command("scan")
      .description("scan CloudFormation templates, cdk.out, IAM policies, account authorization details, Terraform plans, state and .tf files (with the modules they call), and dashboards")
      .argument("[path...]", "files or directories (default: the current directory)")
      .option("--max-file-size <MB>", `largest file to read, in MB (default ${DEFAULT_MAX_FILE_BYTES / 1024 / 1024})`),
  ).action(async (paths: string[], opts: ScanOptions & { maxFileSize?: string }, cmd: Command) => {
    const maxBytes = opts.maxFileSize ? parseSize(opts.maxFileSize) : DEFAULT_MAX_FILE_BYTES;
    const { runScan } = await import("./scan-run.js");
    const { policy, errors } = await policyFor(opts);
    const report = await runScan(paths, policy, maxBytes);
    report.errors.unshift(...errors);
    setExitCode(cmd, await finish(report, opts, policy));
  });
}
