/** agent-guardrail command line: `scan`, `audit`, `changeset`, `diff`, `review`, `boundary` (DESIGN.md "CLI"). */
import { types } from "node:util";
import { Command, CommanderError } from "commander";
import { refuseEmptyOptionValues, TOOL, UsageError } from "./common.js";
import { registerAudit } from "./audit.js";
import { registerBoundary } from "./boundary.js";
import { registerChangeset } from "./changeset.js";
import { registerDiff } from "./diff.js";
import { registerReview } from "./review.js";
import { registerScan } from "./scan.js";

const COMMANDS: Record<string, (program: Command) => void> = {
  scan: registerScan,
  audit: registerAudit,
  changeset: registerChangeset,
  diff: registerDiff,
  review: registerReview,
  boundary: registerBoundary,
};

/**
 * The command line. Given the arguments, only the command they start with is defined (its
 * options, help and parsing are the same; defining all six costs a pre-commit hook's scan
 * several milliseconds); anything else (`--help`, `help`, an unknown command) gets all of them.
 */
export function buildProgram(argv?: readonly string[]): Command {
  const program = new Command()
    .name("agent-guardrail")
    .description("Keep AI coding agents from doing to production what no human may do alone.")
    .version(TOOL.version)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .hook("preAction", (_program, command) => refuseEmptyOptionValues(command));
  const first = argv?.[0];
  const only = first !== undefined && Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (only) only(program);
  else for (const register of Object.values(COMMANDS)) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: "user" });
    return (program.getOptionValue("__exitCode") as number | undefined) ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with code 0; every other parse problem is a usage error (exit 2).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`agent-guardrail: ${error.message}\n`);
      return 2;
    }
    // isNativeError: errors from Node's own modules may come from another realm (e.g. a test VM).
    const native = types.isNativeError(error) ? error : undefined;
    process.stderr.write(`agent-guardrail: internal error: ${native ? native.message : String(error)}\n`);
    if (process.env.AGENT_GUARDRAIL_DEBUG && native) process.stderr.write(`${native.stack}\n`);
    return 2;
  }
}
