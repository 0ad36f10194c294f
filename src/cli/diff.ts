/** `agent-guardrail diff BASE HEAD`: the pull-request replacement gate over two synthesized assemblies. */
import type { Command } from "commander";
import { finish, policyFor, setExitCode, withCommonOptions, type CommonOptions } from "./common.js";

export interface DiffOptions extends CommonOptions {
  allowConditional?: boolean;
  stackName?: string;
}

export function registerDiff(program: Command): void {
  withCommonOptions(
    program
      .command("diff")
      .description("pull-request gate: fail when HEAD (a cdk.out or template) would remove or replace production resources deployed from BASE")
      .argument("<base>", "the base branch's cloud assembly directory (cdk.out) or template file")
      .argument("<head>", "the pull request's cloud assembly directory (cdk.out) or template file")
      .option("--allow-conditional", "do not fail on a possible replacement (MAY_REPLACE, like Replacement: Conditional); still reported")
      .option("--stack-name <name>", "for two template files: the stack name that decides production scope (default: the head file's name)"),
  ).action(async (base: string, head: string, opts: DiffOptions, cmd: Command) => {
    const { policy, errors } = await policyFor(opts);
    // Loaded on use: the diff library and its schema database are not needed by other commands.
    const { runTemplateDiff } = await import("./template-diff.js");
    const report = await runTemplateDiff(base, head, policy, { allowConditional: opts.allowConditional === true, ...(opts.stackName ? { stackName: opts.stackName } : {}) });
    report.errors.unshift(...errors);
    setExitCode(cmd, await finish(report, opts, policy));
  });
}
