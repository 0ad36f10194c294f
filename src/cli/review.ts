/**
 * `agent-guardrail review`: the two-person rule — the same decision the GitHub App posts as a
 * check run. `--facts FILE` evaluates recorded PullFacts offline; `--repo OWNER/NAME --pr N`
 * fetches them through the app's adapter (token from GITHUB_TOKEN, API from GITHUB_API_URL) and
 * can record them with `--save-facts FILE`. Without `--config`, `--repo` reads the repository's
 * `.github/agent-guardrail.yml` at the PR's base, as the app does.
 */
import type { Command } from "commander";
import type { InputError } from "../core/finding.js";
import type { Policy } from "../core/policy.js";
import type { PullFacts } from "../core/review/facts.js";
import { firstIssue } from "../core/source/validation-issue.js";
import type { Report } from "../report/index.js";
import { configNotApplied, DEFAULT_MAX_FILE_BYTES, finish, policyFor, setExitCode, UsageError, withCommonOptions, writeUserFile, type CommonOptions } from "./common.js";

export async function readFacts(file: string): Promise<{ facts?: PullFacts; error?: InputError }> {
  const { readParsedFile } = await import("./inputs.js");
  const { pullFactsSchema } = await import("../core/review/facts.js");
  const parsed = await readParsedFile(file, DEFAULT_MAX_FILE_BYTES, true);
  if (!("value" in parsed)) return { error: parsed };
  const result = pullFactsSchema.safeParse(parsed.value);
  if (result.success) return { facts: result.data };
  const { message, line } = firstIssue(result.error, parsed.lineOf);
  return { error: { file, ...(line !== undefined ? { line } : {}), message: `not valid PullFacts: ${message}` } };
}

async function evaluateInto(report: Report, facts: PullFacts, policy: Policy): Promise<void> {
  const { decisionToFindings, rule } = await import("../core/review/two-person-review.js");
  report.inputs = 1;
  const decision = rule.evaluate(facts, policy);
  report.findings.push(...decisionToFindings(decision, facts));
  report.notes = [
    `${facts.repo}#${facts.number} at ${facts.headSha.slice(0, 7)}: ${decision.conclusion === "success" ? "PASS" : "FAIL"}${decision.guarded ? " (guarded: agent-authored and touches infrastructure)" : ""}`,
    ...decision.reasons,
    ...(report.notes ?? []),
  ];
}

export async function runReview(factsFile: string, opts: CommonOptions): Promise<number> {
  const { policy, errors } = await policyFor(opts);
  const report: Report = { findings: [], errors: [...errors], inputs: 0 };
  const { facts, error } = await readFacts(factsFile);
  if (error) report.errors.push(error);
  if (facts) await evaluateInto(report, facts, policy);
  return finish(report, opts, policy);
}

export interface RemoteOptions extends CommonOptions {
  repo: string;
  pr: string;
  saveFacts?: string;
}

/** `--repo O/N --pr N`: fetch the facts like the app (one GraphQL query), then the same rule. */
export async function runRemoteReview(opts: RemoteOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(opts.repo);
  if (!m?.[1] || !m[2]) throw new UsageError(`--repo must be OWNER/NAME (got "${opts.repo}")`);
  const [owner, name] = [m[1], m[2]];
  const number = Number(opts.pr);
  if (!Number.isInteger(number) || number <= 0) throw new UsageError(`--pr must be a pull request number (got "${opts.pr}")`);
  const token = env.GITHUB_TOKEN;
  if (!token) throw new UsageError("GITHUB_TOKEN is not set: review --repo needs a token that can read the repository's pull requests, issues and contents (who pushed is read from its activity)");

  // Octokit and the GitHub adapter load here, not with the command line: --facts and every other
  // command never need them (issue 17: load only what a command needs).
  const { Octokit } = await import("octokit");
  const { loadRepoPolicy } = await import("../github/config.js");
  const { completeFacts, describeError } = await import("../github/evaluate.js");
  const { fetchPull } = await import("../github/pull.js");
  const { unusedProxy } = await import("../github/proxy.js");
  const { countRequests, describeLedger } = await import("../github/requests.js");
  const { ConfigError, resolvePolicy } = await import("../policy/load.js");
  const baseUrl = env.GITHUB_API_URL ? env.GITHUB_API_URL.replace(/\/+$/, "") : "https://api.github.com";
  // Said, not refused: GitHub may well be reachable directly. When it is not, the failure below
  // ("cannot reach GitHub") comes right after the one line that says why.
  const proxy = unusedProxy(env, baseUrl);
  if (proxy) process.stderr.write(`agent-guardrail: warning: ${proxy}\n`);
  const octokit = new Octokit({ auth: token, baseUrl });
  const { api, ledger } = countRequests(octokit as unknown as Parameters<typeof countRequests>[0]);
  const subject = `${owner}/${name}#${number}`;
  const local = opts.config ? await policyFor(opts) : undefined;
  const report: Report = { findings: [], errors: [...(local?.errors ?? [])], inputs: 0 };
  let policy: Policy = local?.policy ?? resolvePolicy();
  try {
    // The CLI publishes no check run: which other PRs share the head does not matter here.
    const fetched = await fetchPull(api, owner, name, number, { sameHead: false });
    if (!local) {
      try {
        policy = await loadRepoPolicy(api, owner, name, { ref: fetched.facts.baseRef, sha: fetched.baseTip }, { unreadConfigOnBase: fetched.unreadConfigOnBase, configText: fetched.configOnBase });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        report.errors.push(configNotApplied(error));
      }
    }
    await completeFacts(api, owner, name, fetched, policy);
    report.notes = [describeLedger(ledger)];
    if (opts.saveFacts) {
      // A path that cannot be written is the user's error, not the pull request's: its verdict,
      // read with every request paid, is still reported beside it (as audit --save-snapshot does).
      const failed = writeUserFile(opts.saveFacts, `${JSON.stringify(fetched.facts, null, 2)}\n`);
      if (failed !== undefined) report.errors.push({ file: opts.saveFacts, message: `facts not written: ${failed}` });
    }
    await evaluateInto(report, fetched.facts, policy);
  } catch (error) {
    report.errors.push({ file: subject, message: `cannot be evaluated: ${describeError(error)}` });
    report.notes = [describeLedger(ledger)];
  }
  return finish(report, opts, policy);
}

export function registerReview(program: Command): void {
  withCommonOptions(
    program
      .command("review")
      .description("two-person rule: an agent-authored infrastructure PR needs two independent human approvals of its head")
      .option("--facts <file>", "PullFacts JSON recorded from a pull request (see examples/pull-requests)")
      .option("--repo <owner/name>", "fetch the pull request from GitHub (token from GITHUB_TOKEN; GITHUB_API_URL for GHE)")
      .option("--pr <number>", "pull request number (with --repo)")
      .option("--save-facts <file>", "with --repo: also write the fetched PullFacts JSON (replay with --facts)"),
  ).action(async (opts: CommonOptions & { facts?: string; repo?: string; pr?: string; saveFacts?: string }, cmd: Command) => {
    if (opts.facts && (opts.repo || opts.pr)) throw new UsageError("review takes either --facts FILE or --repo OWNER/NAME --pr N, not both");
    if (opts.facts) {
      if (opts.saveFacts) throw new UsageError("--save-facts goes with --repo/--pr");
      setExitCode(cmd, await runReview(opts.facts, opts));
      return;
    }
    if (!opts.repo || !opts.pr) throw new UsageError("review needs --facts FILE, or --repo OWNER/NAME and --pr N");
    setExitCode(cmd, await runRemoteReview({ ...opts, repo: opts.repo, pr: opts.pr }));
  });
}
