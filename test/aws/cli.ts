/**
 * Runs `audit`/`changeset` in-process the way `main()` does (exit code via setExitCode, usage
 * errors → 2), on a program holding only these commands: main.ts also pulls in every other
 * command, some of which are written concurrently.
 */
import { Command, CommanderError } from "commander";
import { registerAudit } from "../../src/cli/audit.js";
import { registerChangeset } from "../../src/cli/changeset.js";
import { UsageError } from "../../src/cli/common.js";
import { registerDiff } from "../../src/cli/diff.js";

export async function cli(args: string[]): Promise<number> {
  const program = new Command().name("agent-guardrail").exitOverride();
  registerAudit(program);
  registerChangeset(program);
  registerDiff(program);
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(args, { from: "user" });
    return (program.getOptionValue("__exitCode") as number | undefined) ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) return 2;
    throw error;
  }
}
