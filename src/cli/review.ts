/**
 * `agent-guardrail review --facts FILE`: the two-person rule on recorded PullFacts, offline —
 * the same decision the GitHub App posts as a check run.
 */
import type { Command } from "commander";
import type { InputError } from "../core/finding.js";
import { pullFactsSchema, type PullFacts } from "../core/review/facts.js";
import { decisionToFindings, rule } from "../core/review/two-person-review.js";
import { toPointer } from "../core/source/pointer.js";
import type { Report } from "../report/index.js";
import { finish, policyFor, setExitCode, UsageError, withCommonOptions, type CommonOptions } from "./common.js";
import { DEFAULT_MAX_FILE_BYTES, readParsedFile } from "./inputs.js";

export async function readFacts(file: string): Promise<{ facts?: PullFacts; error?: InputError }> {
  const parsed = await readParsedFile(file, DEFAULT_MAX_FILE_BYTES, true);
  if (!("value" in parsed)) return { error: parsed };
  const result = pullFactsSchema.safeParse(parsed.value);
  if (result.success) return { facts: result.data };
  const issue = result.error.issues[0];
  const at = (issue?.path ?? []).map((p) => (typeof p === "symbol" ? String(p) : p));
  const keys = issue?.code === "unrecognized_keys" ? [...at, issue.keys[0] ?? ""] : at;
  const line = parsed.lineOf(toPointer(keys));
  const where = keys.length ? `"${keys.join(".")}": ` : "";
  const message = issue?.code === "unrecognized_keys" ? `unknown key "${keys.join(".")}"` : `${where}${issue?.message ?? "invalid"}`;
  return { error: { file, ...(line !== undefined ? { line } : {}), message: `not valid PullFacts: ${message}` } };
}

export async function runReview(factsFile: string, opts: CommonOptions): Promise<number> {
  const { policy, errors } = policyFor(opts);
  const report: Report = { findings: [], errors: [...errors], inputs: 0 };
  const { facts, error } = await readFacts(factsFile);
  if (error) report.errors.push(error);
  if (facts) {
    report.inputs = 1;
    const decision = rule.evaluate(facts, policy);
    report.findings.push(...decisionToFindings(decision, facts));
    report.notes = [
      `${facts.repo}#${facts.number} at ${facts.headSha.slice(0, 7)}: ${decision.conclusion === "success" ? "PASS" : "FAIL"}${decision.guarded ? " (guarded: agent-authored and touches infrastructure)" : ""}`,
      ...decision.reasons,
    ];
  }
  return finish(report, opts, policy);
}

export function registerReview(program: Command): void {
  withCommonOptions(
    program
      .command("review")
      .description("two-person rule: an agent-authored infrastructure PR needs two independent human approvals of its head")
      .requiredOption("--facts <file>", "PullFacts JSON recorded from a pull request (see examples/pull-requests)"),
  ).action(async (opts: CommonOptions & { facts?: string }, cmd: Command) => {
    if (!opts.facts) throw new UsageError("review needs --facts FILE");
    setExitCode(cmd, await runReview(opts.facts, opts));
  });
}
