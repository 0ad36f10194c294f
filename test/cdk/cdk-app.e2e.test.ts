import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runScan } from "../../src/cli/scan-run.js";
import { resolvePolicy } from "../../src/policy/load.js";

// The real `cdk synth` runs as a user runs it: with aws-cdk-lib's CloudFormation validation, which
// the suite turns off for its own processes (test/setup/global-setup.js). A CDK Pipelines stage's
// errors reach a bare `cdk synth` only through that validation's report (round 12: with
// CDK_VALIDATION=false the pipeline app below synthesizes with status 0).
const { CDK_VALIDATION: _suiteOnly, ...userEnvironment } = process.env;

const root = path.resolve(import.meta.dirname, "../..");
const exampleDir = path.join(root, "examples/cdk-app");

beforeAll(() => {
  // The example imports agent-guardrail/cdk, which resolves to dist/ (built by `npm ci`).
  if (!existsSync(path.join(root, "dist/cdk/index.js"))) execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}, 180_000);

test("the real `cdk synth` fails on the production agent role and names rule, construct, actions and how to suppress", () => {
  const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-cdk-e2e-"));
  const run = spawnSync(path.join(root, "node_modules/.bin/cdk"), ["synth", "**", "--no-notices", "--no-version-reporting", "-o", outdir], {
    cwd: exampleDir,
    env: { ...userEnvironment, CDK_DISABLE_VERSION_CHECK: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.status).not.toBe(0);
  expect(output).toContain("[agent-destructive-prod] Role Prod/OrdersService/KiroAgentRole/Resource can delete or replace production resources");
  expect(output).toContain("dynamodb:DeleteTable");
  expect(output).toContain("Prod/OrdersService/KiroAgentRole/DefaultPolicy/Resource");
  expect(output).toContain('AgentGuardrails.suppress(construct, "agent-destructive-prod"');
  // The fixed role and the staging stage are not errors.
  expect(output).not.toMatch(/ERROR[^\n]*ReviewAgentRole/);
  expect(output).not.toMatch(/ERROR[^\n]*Staging\//);
}, 120_000);

test("synth.mjs prints the Aspect's errors, and scan on its cdk.out reaches the same verdicts (suppression as audit trail)", async () => {
  const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-cdk-demo-"));
  const printed = execFileSync("node", [path.join(exampleDir, "synth.mjs"), outdir], { cwd: root, encoding: "utf8" });
  // One annotation per finding, on the construct that grants (the role's default policy).
  expect(printed).toContain("[error] /Prod/OrdersService/KiroAgentRole/DefaultPolicy/Resource: [agent-destructive-prod]");
  expect(printed).not.toContain("[error] /Prod/OrdersService/KiroAgentRole/Resource:");
  expect(printed).not.toContain("/Staging/");
  const report = await runScan([outdir], resolvePolicy());
  expect(report.errors).toEqual([]);
  const open = report.findings.filter((f) => !f.suppressed).map((f) => `${f.rule} ${f.subject}`);
  expect(open).toEqual([expect.stringMatching(/^agent-destructive-prod Prod-OrdersService\/KiroAgentRole/)]);
  const suppressed = report.findings.filter((f) => f.suppressed);
  expect(suppressed.map((f) => f.subject)).toEqual([expect.stringMatching(/^Prod-OrdersService\/ArtifactCleanupAgentRole/)]);
}, 60_000);

// The stage's stacks fail a bare synth through the CLI's check of `validateOnSynth` stacks, which
// `--no-validation` skips: the pipeline stack carries their errors too, so it fails either way.
test.each([[[] as string[]], [["--no-validation"]]])("CDK Pipelines: a bare `cdk synth` %j fails on an agent role in a pipeline stage, with the Aspect added after addStage", (flags) => {
  const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-cdk-pipeline-"));
  const run = spawnSync(path.join(root, "node_modules/.bin/cdk"), ["synth", "--no-notices", "--no-version-reporting", ...flags, "-o", outdir], {
    cwd: path.join(root, "test/cdk/pipeline-app"),
    env: { ...userEnvironment, CDK_DISABLE_VERSION_CHECK: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.status).not.toBe(0);
  expect(output).toMatch(flags.length ? /agent-guardrail: stage PipelineStack\/Prod, which this stack deploys, has 1 error of agent-guardrail/ : /ERROR \[agent-destructive-prod\] Role PipelineStack\/Prod\/Api\/AgentRole\/Resource can delete or replace production resources/);
}, 120_000);
