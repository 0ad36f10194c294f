/**
 * What every command shares: the common options, policy loading, rendering and exit codes.
 * Only commander and the option lists load with the command line (`--help`, `--version`); the
 * policy loader (zod, yaml) and the renderers load when a command runs (issue 17). Commands
 * import their modules one `await import()` at a time, not in a Promise.all: concurrent dynamic
 * imports of modules that share dependencies race in Jest's ESM loader ("request for ... is not
 * in cache").
 */
import { readFileSync, writeFileSync } from "node:fs";
import { types } from "node:util";
import { Option, type Command } from "commander";
import type { InputError } from "../core/finding.js";
import type { Policy } from "../core/policy.js";
import type { ConfigError } from "../policy/defaults.js";
import { FAIL_ON, FORMATS, type FailOn, type Format } from "../report/formats.js";
import type { Report, ToolInfo } from "../report/index.js";

export interface CommonOptions {
  format: Format;
  output?: string;
  config?: string;
  failOn: FailOn;
  color?: boolean;
}

export const TOOL: ToolInfo = (() => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
})();

/** The largest input file read unless --max-file-size says otherwise. */
export const DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024;

/** A mistake in how the command was called: printed without a stack trace, exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * An option given an empty value (`--config "$CONFIG"`, `--role-arn "$AUDIT_ROLE"` with the
 * variable unset) is a usage error, never the same as leaving the option out: the run would read
 * the defaults instead of the configuration meant, audit the caller's own account instead of the
 * role's, or print a report meant for a file. Checked before any command runs, for every option
 * of the command and of its parents, so an option added later is covered too.
 */
export function refuseEmptyOptionValues(command: Command): void {
  for (let cmd: Command | null = command; cmd; cmd = cmd.parent) {
    for (const option of cmd.options) {
      if (cmd.getOptionValue(option.attributeName()) === "") throw new UsageError(`${option.long ?? option.flags} was given an empty value: give it one, or leave the option out`);
    }
  }
}

export function withCommonOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--format <format>", "output format").choices(FORMATS as string[]).default("text"))
    .option("--output <file>", "write the report to a file instead of standard output")
    .option("--config <file>", "configuration file (YAML), e.g. .github/agent-guardrail.yml")
    .addOption(new Option("--fail-on <level>", "lowest severity that fails the run (exit 1)").choices(FAIL_ON as string[]).default("error"))
    .option("--no-color", "plain text output even on a terminal");
}

/**
 * The policy for `--config`. A broken config is an input error (exit 2) naming the file, key and
 * line; evaluation still runs on the defaults so the user sees the rest of the verdict.
 */
export async function policyFor(opts: Pick<CommonOptions, "config">): Promise<{ policy: Policy; errors: InputError[] }> {
  if (opts.config === undefined) {
    // The build's validated defaults need neither zod nor the YAML of policies/ (issue 17).
    const { cachedDefaults, mergePolicy } = await import("../policy/defaults.js");
    const defaults = cachedDefaults();
    if (defaults) return { policy: mergePolicy({}, "defaults", defaults), errors: [] };
  }
  const { ConfigError, loadPolicy, resolvePolicy } = await import("../policy/load.js");
  try {
    return { policy: loadPolicy(opts.config), errors: [] };
  } catch (error) {
    if (error instanceof ConfigError) return { policy: resolvePolicy(), errors: [configNotApplied(error)] };
    throw error;
  }
}

/** A configuration error as a report's input error: file and line in their fields, not repeated in the message. */
export function configNotApplied(error: ConfigError): InputError {
  const prefix = `${error.file}${error.line ? `:${error.line}` : ""}: `;
  const reason = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return { file: error.file, ...(error.line ? { line: error.line } : {}), message: `configuration not applied: ${reason}` };
}

/** Apply config suppressions, render, write, and return the exit code of DESIGN.md "CLI". */
export async function finish(report: Report, opts: CommonOptions, policy: Policy): Promise<number> {
  const { applySuppressions } = await import("../core/suppress.js");
  const { exitCode, render } = await import("../report/index.js");
  const final: Report = { ...report, findings: applySuppressions(report.findings, policy) };
  const color = opts.color !== false && !opts.output && opts.format === "text" && process.stdout.isTTY === true;
  const text = render(final, opts.format, TOOL, { color });
  if (opts.output) {
    if (!writeReport(opts.output, text)) return 2;
  } else process.stdout.write(text);
  return exitCode(final, opts.failOn);
}

/**
 * Writes a file the user named (`--output`, `--save-facts`, `--save-snapshot`): undefined when
 * written, else why not (`ENOENT: no such file or directory, open '…'`). A path that cannot be
 * written (a mistyped directory, a directory, no permission) is the user's mistake, told as such:
 * thrown, it ended the command as an "internal error" (a bug to report) with the verdict lost.
 */
export function writeUserFile(file: string, text: string): string | undefined {
  try {
    writeFileSync(file, text);
    return undefined;
  } catch (error) {
    // isNativeError: fs errors may come from another realm (main.ts).
    return types.isNativeError(error) ? error.message : String(error);
  }
}

/**
 * The report to `--output FILE`; false (said on standard error) when it cannot be written: nobody
 * got the report, so the exit code is 2 whatever the verdict (as for a failed write to standard
 * output, output-errors.ts), never the verdict itself.
 */
export function writeReport(file: string, text: string): boolean {
  const failed = writeUserFile(file, text);
  if (failed !== undefined) process.stderr.write(`agent-guardrail: cannot write the report to ${file}: ${failed}\n`);
  return failed === undefined;
}

/** Commands report their exit code here instead of calling process.exit, so tests can run them in-process. */
export function setExitCode(command: Command, code: number): void {
  let root: Command = command;
  while (root.parent) root = root.parent;
  root.setOptionValue("__exitCode", Math.max(code, (root.getOptionValue("__exitCode") as number | undefined) ?? 0));
}
