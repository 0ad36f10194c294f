/**
 * The real `cdk synth` of examples/cdk-app with `-c enforce=true`: AgentGuardrails.enforce puts
 * the guardrail boundary on the production agent roles, so the synth that fails without it
 * (cdk-app.e2e.test.ts) passes, and the written template carries the boundary.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// The real `cdk synth` runs as a user runs it: with aws-cdk-lib's CloudFormation validation, which
// the suite turns off for its own processes (test/setup/global-setup.js). A CDK Pipelines stage's
// errors reach a bare `cdk synth` only through that validation's report (test/cdk/cdk-app.e2e.test.ts).
const { CDK_VALIDATION: _suiteOnly, ...userEnvironment } = process.env;

const root = path.resolve(import.meta.dirname, "../..");
const exampleDir = path.join(root, "examples/cdk-app");

beforeAll(() => {
  // The example imports agent-guardrail/cdk, which resolves to dist/ (built by `npm ci`).
  if (!existsSync(path.join(root, "dist/cdk/enforce.js"))) execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}, 180_000);

test("`cdk synth -c enforce=true` passes and the production template shows the boundary on the agent role", () => {
  const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-cdk-enforce-"));
  const run = spawnSync(path.join(root, "node_modules/.bin/cdk"), ["synth", "**", "-c", "enforce=true", "--no-notices", "--no-version-reporting", "-o", outdir], {
    cwd: exampleDir,
    env: { ...userEnvironment, CDK_DISABLE_VERSION_CHECK: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  expect([run.status, output.match(/\[Error[^\n]*/g) ?? []]).toEqual([0, []]);
  const prodDir = path.join(outdir, "assembly-Prod");
  const file = readdirSync(prodDir).find((f) => f.endsWith(".template.json")) as string;
  const template = JSON.parse(readFileSync(path.join(prodDir, file), "utf8")) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  const kiro = Object.entries(template.Resources).find(([id, r]) => id.startsWith("KiroAgentRole") && r.Type === "AWS::IAM::Role")?.[1];
  expect(kiro?.Properties?.["PermissionsBoundary"]).toEqual({ Ref: "AgentGuardrailBoundary" });
  expect(template.Resources["AgentGuardrailBoundary"]?.Type).toBe("AWS::IAM::ManagedPolicy");
}, 120_000);
