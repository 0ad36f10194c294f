/**
 * `agent-guardrail boundary`: print the guardrail boundary (or SCPs) that AWS enforces on agent
 * principals. The generator, the catalogue and the config loader are imported when the command
 * runs, so other commands do not pay for them.
 */
import { Option, type Command } from "commander";
import { setExitCode, TOOL, UsageError, writeReport } from "./common.js";

export interface BoundaryOptions {
  kind: "boundary" | "scp";
  format: "json" | "cdk" | "terraform" | "cloudformation";
  maxCollateral?: string;
  scpMatch: "tag" | "name";
  scpTagKey?: string;
  config?: string;
  output?: string;
}

export interface BoundaryRun {
  /** The rendered output. */
  text: string;
  /** Lines for standard error: the headline and the notes (splits, limits). */
  messages: string[];
  exitCode: number;
}

/** Generate and render; user mistakes (bad numbers, a broken config) are UsageErrors (exit 2). */
export async function runBoundary(opts: BoundaryOptions): Promise<BoundaryRun> {
  const { generateBoundary, BoundaryError, DEFAULT_MAX_COLLATERAL } = await import("../core/boundary/generate.js");
  const { BoundaryDataError } = await import("../core/boundary/denied.js");
  const { renderBoundary, boundaryHeadline } = await import("../core/boundary/render.js");
  const catalogueModule = await import("../policy/catalogue.js");
  const load = await import("../policy/load.js");
  let maxCollateral = DEFAULT_MAX_COLLATERAL;
  if (opts.maxCollateral !== undefined) {
    maxCollateral = Number(opts.maxCollateral);
    if (!/^\d+$/.test(opts.maxCollateral.trim()) || !Number.isSafeInteger(maxCollateral)) throw new UsageError(`--max-collateral takes a whole number >= 0, got "${opts.maxCollateral}"`);
  }
  if (opts.kind !== "scp" && (opts.scpTagKey !== undefined || opts.scpMatch !== "tag")) throw new UsageError("--scp-match and --scp-tag-key apply to --kind scp");
  if (opts.scpMatch === "name" && opts.scpTagKey !== undefined) throw new UsageError("--scp-tag-key applies to --scp-match tag");

  let policy;
  try {
    policy = load.loadPolicy(opts.config);
  } catch (error) {
    // A boundary built from the defaults while the user's config is broken would deny the wrong set.
    if (error instanceof load.ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const catalogue = catalogueModule.loadCatalogue();
  const { version } = catalogueModule.catalogueData();
  let generated;
  try {
    generated = generateBoundary({
      kind: opts.kind,
      catalogue,
      catalogueVersion: version,
      policy,
      maxCollateral,
      scpMatch: opts.scpMatch === "name" ? { by: "name" } : { by: "tag", ...(opts.scpTagKey !== undefined ? { tagKey: opts.scpTagKey } : {}) },
    });
  } catch (error) {
    if (error instanceof BoundaryError || error instanceof BoundaryDataError) throw new UsageError(`${opts.config ? `${opts.config}: ` : ""}${error.message}`);
    throw error;
  }
  return { text: renderBoundary(generated, opts.format, TOOL), messages: [boundaryHeadline(generated), ...generated.notes], exitCode: 0 };
}

export function registerBoundary(program: Command): void {
  program
    .command("boundary")
    .description("print the guardrail boundary (or SCPs) that makes AWS deny agents the destructive and escalation tiers")
    .addOption(new Option("--kind <kind>", "boundary: managed policies for agent roles; scp: service control policies for agent principals").choices(["boundary", "scp"]).default("boundary"))
    .addOption(new Option("--format <format>", "output format").choices(["json", "cdk", "terraform", "cloudformation"]).default("json"))
    .option("--max-collateral <n>", "most non-destructive actions the wildcards may also deny (default 50)")
    .addOption(new Option("--scp-match <how>", "with --kind scp: agent principals by principal tag or by role/user name").choices(["tag", "name"]).default("tag"))
    .option("--scp-tag-key <key>", "with --scp-match tag: the agents.tags key (default agent-guardrail:agent when configured)")
    .option("--config <file>", "configuration file (YAML): its agents section selects the principals of --kind scp")
    .option("--output <file>", "write to a file instead of standard output")
    .action(async (opts: BoundaryOptions, cmd: Command) => {
      const run = await runBoundary(opts);
      for (const line of run.messages) process.stderr.write(`agent-guardrail: ${line}\n`);
      if (opts.output && !writeReport(opts.output, run.text)) {
        setExitCode(cmd, 2);
        return;
      }
      if (!opts.output) process.stdout.write(run.text);
      setExitCode(cmd, run.exitCode);
    });
}
