#!/usr/bin/env node
import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  Command,
  CommanderError,
  DEFAULT_MAX_FILE_BYTES,
  Option,
  TOOL,
  UsageError,
  configNotApplied,
  finish,
  policyFor,
  setExitCode,
  withCommonOptions
} from "./chunk-5HVCDFU6.js";
import {
  firstIssue
} from "./chunk-W4UO4LNM.js";
import "./chunk-IYA5QU4J.js";
import "./chunk-IE2V5DSZ.js";
import "./chunk-EO4PYL33.js";

// src/cli/main.ts
import { types } from "node:util";

// src/cli/audit.ts
import { writeFile } from "node:fs/promises";
function terminalProgress() {
  if (!process.stderr.isTTY) return { done: () => void 0 };
  return {
    progress: (message) => process.stderr.write(`\r\x1B[2K${message}`),
    done: () => process.stderr.write("\r\x1B[2K")
  };
}
async function runAudit(opts, policy, catalogue, clientConfig) {
  if (opts.organization && !opts.roleName) throw new UsageError("--organization needs --role-name (the read-only role to assume in each account)");
  if (opts.roleName && !opts.organization) throw new UsageError("--role-name is used with --organization");
  if (opts.organization && opts.saveSnapshot) throw new UsageError("--save-snapshot writes one account's authorization details: use it without --organization");
  const concurrency = opts.concurrency === void 0 ? 4 : Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError(`--concurrency takes 1..32, got "${opts.concurrency}"`);
  const { auditAccount } = await import("./chunk-MYNC4JSG.js");
  const { auditOrganization } = await import("./chunk-NZDYNJPS.js");
  const { ApiCounter, closeSession, explainAwsError, openSession, sessionOptions } = await import("./chunk-QNRHPUG7.js");
  const { loadCatalogue } = await import("./chunk-MBJ3HASL.js");
  catalogue ??= loadCatalogue();
  const session = sessionOptions(opts, clientConfig);
  const counter = new ApiCounter();
  const { progress, done } = terminalProgress();
  let report;
  try {
    if (opts.organization) {
      report = await auditOrganization({ ...session, roleName: opts.roleName, concurrency }, policy, catalogue, counter, progress);
    } else {
      let opened;
      try {
        opened = await openSession(session, counter);
      } catch (error) {
        return { findings: [], errors: [{ file: "aws:sts:AssumeRole", message: `${explainAwsError(error, "AssumeRole")} (role ${opts.roleArn ?? "?"})` }], inputs: 0, notes: [counter.summary()] };
      }
      try {
        const result = await auditAccount(opened, policy, catalogue, "aws", progress);
        report = result.report;
        if (opts.saveSnapshot) {
          if (result.snapshot) {
            await writeFile(opts.saveSnapshot, `${JSON.stringify(result.snapshot, null, 2)}
`);
            report.notes = [...report.notes ?? [], `authorization details saved to ${opts.saveSnapshot} (agent-guardrail scan ${opts.saveSnapshot} reproduces the IAM verdict)`];
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
  report.notes = [...report.notes ?? [], counter.summary(), "SCPs not verified"];
  return report;
}
async function remediationText(report, policy, catalogue) {
  const { generateBoundary } = await import("./chunk-AHJND3RT.js");
  const { remediationCommands } = await import("./chunk-WOGAOTNM.js");
  const { applySuppressions } = await import("./chunk-5P72DUT7.js");
  const { catalogueData, loadCatalogue } = await import("./chunk-MBJ3HASL.js");
  const parts = generateBoundary({ kind: "boundary", catalogue: catalogue ?? loadCatalogue(), catalogueVersion: catalogueData().version, policy }).policies;
  const { lines, skipped } = remediationCommands(applySuppressions(report.findings, policy), parts);
  const out = lines.length ? lines : ["# Remediation: no flagged agent role or user: nothing to change."];
  if (skipped.length) out.push(`# Not IAM principals of the account (fix in their source): ${skipped.join(", ")}`);
  return `${out.join("\n")}
`;
}
function registerAudit(program) {
  withCommonOptions(
    program.command("audit").description("audit a live AWS account (IAM + CloudFormation), read-only").option("--profile <name>", "AWS shared-config profile").option("--region <region>", "AWS region (CloudFormation stacks are regional)").option("--role-arn <arn>", "assume this (read-only) role first").option("--organization", "audit every active account of the AWS Organization").option("--role-name <name>", "with --organization: the read-only role to assume in each account").option("--concurrency <n>", "with --organization: accounts audited at once (default 4)").option("--save-snapshot <file>", "write the fetched authorization details (scan FILE reproduces the verdict)").option("--remediation", "print, per flagged agent principal, the AWS CLI commands that set the guardrail boundary (printed, never run)")
  ).action(async (opts, cmd) => {
    const { policy, errors } = await policyFor(opts);
    const report = await runAudit(opts, policy);
    report.errors.unshift(...errors);
    setExitCode(cmd, await finish(report, opts, policy));
    if (opts.remediation) {
      const text = await remediationText(report, policy);
      if (opts.format !== "text" && !opts.output) process.stderr.write(text);
      else process.stdout.write(text);
    }
  });
}

// src/cli/boundary.ts
import { writeFile as writeFile2 } from "node:fs/promises";
async function runBoundary(opts) {
  const { generateBoundary, BoundaryError, DEFAULT_MAX_COLLATERAL } = await import("./chunk-AHJND3RT.js");
  const { BoundaryDataError } = await import("./chunk-X2Q7PKGI.js");
  const { renderBoundary, boundaryHeadline } = await import("./chunk-WO7NZIOD.js");
  const catalogueModule = await import("./chunk-MBJ3HASL.js");
  const load = await import("./chunk-LRD7AW3S.js");
  let maxCollateral = DEFAULT_MAX_COLLATERAL;
  if (opts.maxCollateral !== void 0) {
    maxCollateral = Number(opts.maxCollateral);
    if (!/^\d+$/.test(opts.maxCollateral.trim()) || !Number.isSafeInteger(maxCollateral)) throw new UsageError(`--max-collateral takes a whole number >= 0, got "${opts.maxCollateral}"`);
  }
  if (opts.kind !== "scp" && (opts.scpTagKey !== void 0 || opts.scpMatch !== "tag")) throw new UsageError("--scp-match and --scp-tag-key apply to --kind scp");
  if (opts.scpMatch === "name" && opts.scpTagKey !== void 0) throw new UsageError("--scp-tag-key applies to --scp-match tag");
  let policy;
  try {
    policy = load.loadPolicy(opts.config);
  } catch (error) {
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
      scpMatch: opts.scpMatch === "name" ? { by: "name" } : { by: "tag", ...opts.scpTagKey !== void 0 ? { tagKey: opts.scpTagKey } : {} }
    });
  } catch (error) {
    if (error instanceof BoundaryError || error instanceof BoundaryDataError) throw new UsageError(`${opts.config ? `${opts.config}: ` : ""}${error.message}`);
    throw error;
  }
  return { text: renderBoundary(generated, opts.format, TOOL), messages: [boundaryHeadline(generated), ...generated.notes], exitCode: 0 };
}
function registerBoundary(program) {
  program.command("boundary").description("print the guardrail boundary (or SCPs) that makes AWS deny agents the destructive and escalation tiers").addOption(new Option("--kind <kind>", "boundary: managed policies for agent roles; scp: service control policies for agent principals").choices(["boundary", "scp"]).default("boundary")).addOption(new Option("--format <format>", "output format").choices(["json", "cdk", "terraform", "cloudformation"]).default("json")).option("--max-collateral <n>", "most non-destructive actions the wildcards may also deny (default 50)").addOption(new Option("--scp-match <how>", "with --kind scp: agent principals by principal tag or by role/user name").choices(["tag", "name"]).default("tag")).option("--scp-tag-key <key>", "with --scp-match tag: the agents.tags key (default agent-guardrail:agent when configured)").option("--config <file>", "configuration file (YAML): its agents section selects the principals of --kind scp").option("--output <file>", "write to a file instead of standard output").action(async (opts, cmd) => {
    const run = await runBoundary(opts);
    for (const line of run.messages) process.stderr.write(`agent-guardrail: ${line}
`);
    if (opts.output) await writeFile2(opts.output, run.text);
    else process.stdout.write(run.text);
    setExitCode(cmd, run.exitCode);
  });
}

// src/cli/changeset.ts
async function runChangeset(opts, policy, clientConfig) {
  if (!opts.stackName || !opts.changeSetName) throw new UsageError("changeset needs --stack-name and --change-set-name (or --template-diff OLD NEW)");
  const { readChangeSet } = await import("./chunk-4Z44EJGH.js");
  const { ApiCounter, closeSession, explainAwsError, openSession, sessionOptions } = await import("./chunk-QNRHPUG7.js");
  const { countChanges } = await import("./chunk-3GD6BAHD.js");
  const { describeProtections, evaluateChangeSet } = await import("./chunk-EKB4WUUG.js");
  const session = sessionOptions(opts, clientConfig);
  const counter = new ApiCounter();
  const errors = [];
  let opened;
  try {
    opened = await openSession(session, counter);
  } catch (error) {
    return { findings: [], errors: [{ file: "aws:sts:AssumeRole", message: explainAwsError(error, "AssumeRole") }], inputs: 0, notes: [counter.summary()] };
  }
  try {
    const facts = await readChangeSet(opened, opts.stackName, opts.changeSetName, errors);
    const findings = facts ? evaluateChangeSet(facts, policy, { allowConditional: opts.allowConditional === true }) : [];
    const notes = facts ? [`change set ${facts.id}: ${countChanges(facts)} resource change(s); stack ${facts.stackName}: ${describeProtections(facts)}`] : [];
    return { findings, errors, inputs: facts ? 1 : 0, notes: [...notes, counter.summary()] };
  } finally {
    closeSession(opened);
  }
}
function registerChangeset(program) {
  withCommonOptions(
    program.command("changeset").description("deploy gate: fail when a change set removes or replaces production resources").option("--stack-name <name>", "stack of the change set (with --template-diff: the stack name used for production scope)").option("--change-set-name <name>", "change set name or ARN").option("--allow-conditional", "do not fail on Replacement: Conditional (still reported)").option("--template-diff <files...>", "compare two synthesized templates or cloud assemblies (cdk.out) locally (OLD NEW), no AWS; same as the diff command").option("--profile <name>", "AWS shared-config profile").option("--region <region>", "AWS region").option("--role-arn <arn>", "assume this (read-only) role first")
  ).action(async (opts, cmd) => {
    const { policy, errors } = await policyFor(opts);
    let report;
    if (opts.templateDiff) {
      const [oldPath, newPath, ...rest] = opts.templateDiff;
      if (!oldPath || !newPath || rest.length) throw new UsageError("--template-diff takes two templates or two cloud assemblies: OLD NEW");
      if (opts.changeSetName) throw new UsageError("--template-diff compares local files: drop --change-set-name");
      const { runTemplateDiff } = await import("./chunk-RRRYAHGT.js");
      report = await runTemplateDiff(oldPath, newPath, policy, { allowConditional: opts.allowConditional === true, ...opts.stackName ? { stackName: opts.stackName } : {} });
    } else {
      report = await runChangeset(opts, policy);
    }
    report.errors.unshift(...errors);
    setExitCode(cmd, await finish(report, opts, policy));
  });
}

// src/cli/diff.ts
function registerDiff(program) {
  withCommonOptions(
    program.command("diff").description("pull-request gate: fail when HEAD (a cdk.out or template) would remove or replace production resources deployed from BASE").argument("<base>", "the base branch's cloud assembly directory (cdk.out) or template file").argument("<head>", "the pull request's cloud assembly directory (cdk.out) or template file").option("--allow-conditional", "do not fail on a possible replacement (MAY_REPLACE, like Replacement: Conditional); still reported").option("--stack-name <name>", "for two template files: the stack name that decides production scope (default: the head file's name)")
  ).action(async (base, head, opts, cmd) => {
    const { policy, errors } = await policyFor(opts);
    const { runTemplateDiff } = await import("./chunk-RRRYAHGT.js");
    const report = await runTemplateDiff(base, head, policy, { allowConditional: opts.allowConditional === true, ...opts.stackName ? { stackName: opts.stackName } : {} });
    report.errors.unshift(...errors);
    setExitCode(cmd, await finish(report, opts, policy));
  });
}

// src/cli/review.ts
import { writeFile as writeFile3 } from "node:fs/promises";
async function readFacts(file) {
  const { readParsedFile } = await import("./chunk-45QHB2Q6.js");
  const { pullFactsSchema } = await import("./chunk-SKJCHAGE.js");
  const parsed = await readParsedFile(file, DEFAULT_MAX_FILE_BYTES, true);
  if (!("value" in parsed)) return { error: parsed };
  const result = pullFactsSchema.safeParse(parsed.value);
  if (result.success) return { facts: result.data };
  const { message, line } = firstIssue(result.error, parsed.lineOf);
  return { error: { file, ...line !== void 0 ? { line } : {}, message: `not valid PullFacts: ${message}` } };
}
async function evaluateInto(report, facts, policy) {
  const { decisionToFindings, rule } = await import("./chunk-M5RTN3QA.js");
  report.inputs = 1;
  const decision = rule.evaluate(facts, policy);
  report.findings.push(...decisionToFindings(decision, facts));
  report.notes = [
    `${facts.repo}#${facts.number} at ${facts.headSha.slice(0, 7)}: ${decision.conclusion === "success" ? "PASS" : "FAIL"}${decision.guarded ? " (guarded: agent-authored and touches infrastructure)" : ""}`,
    ...decision.reasons,
    ...report.notes ?? []
  ];
}
async function runReview(factsFile, opts) {
  const { policy, errors } = await policyFor(opts);
  const report = { findings: [], errors: [...errors], inputs: 0 };
  const { facts, error } = await readFacts(factsFile);
  if (error) report.errors.push(error);
  if (facts) await evaluateInto(report, facts, policy);
  return finish(report, opts, policy);
}
async function runRemoteReview(opts, env = process.env) {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(opts.repo);
  if (!m?.[1] || !m[2]) throw new UsageError(`--repo must be OWNER/NAME (got "${opts.repo}")`);
  const [owner, name] = [m[1], m[2]];
  const number = Number(opts.pr);
  if (!Number.isInteger(number) || number <= 0) throw new UsageError(`--pr must be a pull request number (got "${opts.pr}")`);
  const token = env.GITHUB_TOKEN;
  if (!token) throw new UsageError("GITHUB_TOKEN is not set: review --repo needs a token that can read the repository's pull requests and contents");
  const { Octokit } = await import("octokit");
  const { loadRepoPolicy } = await import("./chunk-U2SV4ZFR.js");
  const { completeFacts, describeError } = await import("./chunk-MLHW2CQ5.js");
  const { fetchPull } = await import("./chunk-4SUVBSWK.js");
  const { countRequests, describeLedger } = await import("./chunk-67MDDIS6.js");
  const { ConfigError, resolvePolicy } = await import("./chunk-LRD7AW3S.js");
  const octokit = new Octokit({ auth: token, ...env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL.replace(/\/+$/, "") } : {} });
  const { api, ledger } = countRequests(octokit);
  const subject = `${owner}/${name}#${number}`;
  const local = opts.config ? await policyFor(opts) : void 0;
  const report = { findings: [], errors: [...local?.errors ?? []], inputs: 0 };
  let policy = local?.policy ?? resolvePolicy();
  try {
    const fetched = await fetchPull(api, owner, name, number);
    if (!local) {
      try {
        policy = await loadRepoPolicy(api, owner, name, fetched.facts.baseRef);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        report.errors.push(configNotApplied(error));
      }
    }
    await completeFacts(api, owner, name, fetched, policy);
    if (opts.saveFacts) await writeFile3(opts.saveFacts, `${JSON.stringify(fetched.facts, null, 2)}
`);
    report.notes = [describeLedger(ledger)];
    await evaluateInto(report, fetched.facts, policy);
  } catch (error) {
    report.errors.push({ file: subject, message: `cannot be evaluated: ${describeError(error)}` });
    report.notes = [describeLedger(ledger)];
  }
  return finish(report, opts, policy);
}
function registerReview(program) {
  withCommonOptions(
    program.command("review").description("two-person rule: an agent-authored infrastructure PR needs two independent human approvals of its head").option("--facts <file>", "PullFacts JSON recorded from a pull request (see examples/pull-requests)").option("--repo <owner/name>", "fetch the pull request from GitHub (token from GITHUB_TOKEN; GITHUB_API_URL for GHE)").option("--pr <number>", "pull request number (with --repo)").option("--save-facts <file>", "with --repo: also write the fetched PullFacts JSON (replay with --facts)")
  ).action(async (opts, cmd) => {
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

// src/cli/scan.ts
function parseSize(value) {
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError(`--max-file-size takes a size in MB, got "${value}"`);
  return Math.round(mb * 1024 * 1024);
}
function registerScan(program) {
  withCommonOptions(
    program.command("scan").description("scan CloudFormation templates, cdk.out, IAM policies, account authorization details and dashboards").argument("[path...]", "files or directories (default: the current directory)").option("--max-file-size <MB>", `largest file to read, in MB (default ${DEFAULT_MAX_FILE_BYTES / 1024 / 1024})`)
  ).action(async (paths, opts, cmd) => {
    const maxBytes = opts.maxFileSize ? parseSize(opts.maxFileSize) : DEFAULT_MAX_FILE_BYTES;
    const { runScan } = await import("./chunk-5IGGTWDX.js");
    const { policy, errors } = await policyFor(opts);
    const report = await runScan(paths, policy, maxBytes);
    report.errors.unshift(...errors);
    setExitCode(cmd, await finish(report, opts, policy));
  });
}

// src/cli/main.ts
var COMMANDS = {
  scan: registerScan,
  audit: registerAudit,
  changeset: registerChangeset,
  diff: registerDiff,
  review: registerReview,
  boundary: registerBoundary
};
function buildProgram(argv) {
  const program = new Command().name("agent-guardrail").description("Keep AI coding agents from doing to production what no human may do alone.").version(TOOL.version).showHelpAfterError("(run with --help for usage)").exitOverride();
  const first = argv?.[0];
  const only = first !== void 0 && Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : void 0;
  if (only) only(program);
  else for (const register of Object.values(COMMANDS)) register(program);
  return program;
}
async function main(argv) {
  const program = buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: "user" });
    return program.getOptionValue("__exitCode") ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`agent-guardrail: ${error.message}
`);
      return 2;
    }
    const native = types.isNativeError(error) ? error : void 0;
    process.stderr.write(`agent-guardrail: internal error: ${native ? native.message : String(error)}
`);
    if (process.env.AGENT_GUARDRAIL_DEBUG && native) process.stderr.write(`${native.stack}
`);
    return 2;
  }
}

// src/cli/bin.ts
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`agent-guardrail: internal error: ${String(error)}
`);
    process.exitCode = 2;
  }
);
