/**
 * Options that do not make sense together, or values out of range, stop the command before it
 * reads or fetches anything: one line on stderr naming the option, exit 2 (never a run with a
 * guessed meaning, never exit 0). An empty input file is an input error, exit 2.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";

async function run(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = "";
  let stdout = "";
  const writeErr = process.stderr.write.bind(process.stderr);
  const writeOut = process.stdout.write.bind(process.stdout);
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  try {
    return { code: await main(args), stderr, stdout };
  } finally {
    process.stderr.write = writeErr;
    process.stdout.write = writeOut;
  }
}

const dir = mkdtempSync(path.join(tmpdir(), "ag-usage-"));
const facts = path.join(dir, "facts.json");
writeFileSync(facts, "{}");

describe("usage errors: exit 2, the option named", () => {
  it.each<[string, string[], RegExp]>([
    ["scan --max-file-size 0", ["scan", dir, "--max-file-size", "0"], /--max-file-size takes a size in MB, got "0"/],
    ["scan --max-file-size lots", ["scan", dir, "--max-file-size", "lots"], /--max-file-size takes a size in MB, got "lots"/],
    ["review --facts with --save-facts", ["review", "--facts", facts, "--save-facts", path.join(dir, "out.json")], /--save-facts goes with --repo\/--pr/],
    ["review --pr that is not a number", ["review", "--repo", "octo/orders", "--pr", "12a"], /--pr must be a pull request number \(got "12a"\)/],
    ["review --pr 0", ["review", "--repo", "octo/orders", "--pr", "0"], /--pr must be a pull request number \(got "0"\)/],
    ["audit --role-name without --organization", ["audit", "--role-name", "ReadOnlyAudit"], /--role-name is used with --organization/],
    ["audit --organization with --save-snapshot", ["audit", "--organization", "--role-name", "ReadOnlyAudit", "--save-snapshot", path.join(dir, "snap.json")], /--save-snapshot writes one account's authorization details/],
    // Accounts audited at once: with one account it would be silently ignored.
    ["audit --concurrency without --organization", ["audit", "--concurrency", "8"], /--concurrency is used with --organization/],
    ["audit --concurrency 0", ["audit", "--organization", "--role-name", "ReadOnlyAudit", "--concurrency", "0"], /--concurrency takes 1\.\.32, got "0"/],
    ["audit --concurrency 33", ["audit", "--organization", "--role-name", "ReadOnlyAudit", "--concurrency", "33"], /--concurrency takes 1\.\.32, got "33"/],
    ["diff --stack-name with two assemblies", ["diff", dir, dir, "--stack-name", "orders-prod"], /--stack-name applies to two template files; an assembly names its stacks/],
    ["diff of a file against a directory", ["diff", facts, dir], /compare two template files or two cloud assembly directories: .*facts\.json is a file, .* a directory/],
  ])("%s", async (_what, args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe("an option given an empty value (a shell variable left unset): exit 2 before anything runs, never the option left out", () => {
  // Each of these, read as no option, ran: the defaults judged in place of the configuration
  // meant (a review whose config requires three approvals passed with two), the caller's own
  // account audited in place of the role's, a report meant for a file printed instead.
  const passing = path.resolve("examples/pull-requests/copilot-infra-two-approvals.json");
  const strict = path.join(dir, "strict.yml");
  writeFileSync(strict, "review:\n  requiredApprovals: 3\n");

  it("the review a configuration would fail (three approvals required) is not judged on the defaults", async () => {
    expect((await run(["review", "--facts", passing, "--config", strict])).code).toBe(1);
    const { code, stderr, stdout } = await run(["review", "--facts", passing, "--config", ""]);
    expect(code).toBe(2);
    expect(stderr).toBe("agent-guardrail: --config was given an empty value: give it one, or leave the option out\n");
    expect(stdout).toBe("");
  });

  it.each<[string, string[], string]>([
    ["scan --config", ["scan", passing, "--config", ""], "--config"],
    ["scan --output", ["scan", passing, "--output", ""], "--output"],
    ["audit --role-arn", ["audit", "--role-arn", ""], "--role-arn"],
    ["audit --profile", ["audit", "--profile", ""], "--profile"],
    ["audit --save-snapshot", ["audit", "--save-snapshot", ""], "--save-snapshot"],
    ["review --save-facts", ["review", "--repo", "octo/orders", "--pr", "1", "--save-facts", ""], "--save-facts"],
    ["boundary --config", ["boundary", "--config", ""], "--config"],
    ["boundary --output", ["boundary", "--output", ""], "--output"],
    ["diff --stack-name", ["diff", facts, facts, "--stack-name", ""], "--stack-name"],
  ])("%s", async (_what, args, option) => {
    const { code, stderr, stdout } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toBe(`agent-guardrail: ${option} was given an empty value: give it one, or leave the option out\n`);
    expect(stdout).toBe("");
  });
});

describe("an empty input file", () => {
  // Blank as String#trim reads it: a byte order mark, Unicode spaces and line separators too.
  it.each([["spaces", "  \n"], ["BOM, tab, CRLF, no-break space, line separator", "\uFEFF\t\r\n\u00a0\u2028"]])("(%s) is an input error naming the file (exit 2), not a file with nothing to flag", async (_name, content) => {
    const empty = path.join(dir, "empty.template.json");
    writeFileSync(empty, content);
    const { code, stdout } = await run(["scan", empty, "--format", "json"]);
    expect(code).toBe(2);
    expect((JSON.parse(stdout) as { errors: unknown[] }).errors).toEqual([{ file: empty, line: null, message: "file is empty" }]);
  });

  it("met while walking a directory (aws-samples/serverless-patterns holds four: a placeholder secrets.json, three _response.json) it is no input: skipped and counted, no error", async () => {
    const repo = path.join(dir, "walked-empty");
    mkdirSync(path.join(repo, "pattern"), { recursive: true });
    writeFileSync(path.join(repo, "pattern", "template.yaml"), "\n");
    writeFileSync(path.join(repo, "topics.template.yaml"), 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Alerts:\n    Type: AWS::SNS::Topic\n');
    const { code, stdout } = await run(["scan", repo, "--format", "json"]);
    expect(code).not.toBe(2);
    const report = JSON.parse(stdout) as { errors: unknown[]; notes?: string[] };
    expect(report.errors).toEqual([]);
    expect(report.notes).toContainEqual(expect.stringMatching(/^1 file found while walking directories is not a recognized input and was skipped/));
  });
});
