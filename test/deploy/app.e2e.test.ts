/**
 * The README's path: `cdk deploy --app "node dist/deploy/app.js"` runs the bundled app with the
 * context and output directory the CDK CLI passes in the environment (CDK_CONTEXT_JSON,
 * CDK_OUTDIR). One real synth (about 8 s of CPU, most of it CDK's CloudFormation validation):
 * the bundle finds dist/lambda/ beside itself.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const app = path.join(root, "dist/deploy/app.js");
const outdirs: string[] = [];

function run(context: Record<string, unknown>) {
  const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-deploy-app-"));
  outdirs.push(outdir);
  const result = spawnSync(process.execPath, [app], {
    cwd: tmpdir(),
    encoding: "utf8",
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
  });
  return { ...result, outdir };
}

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

test("node dist/deploy/app.js synthesizes the stack with the handler asset", () => {
  expect(existsSync(app)).toBe(true);
  const r = run({ appId: "123456" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  // The handler's zip is the staged copy of dist/lambda/.
  const assets = JSON.parse(readFileSync(path.join(r.outdir, "AgentGuardrailGitHubApp.assets.json"), "utf8")) as { files: Record<string, { displayName: string; source: { path: string; packaging: string } }> };
  const code = Object.values(assets.files).find((f) => f.displayName === "Handler/Code");
  expect(code?.source.packaging).toBe("zip");
  for (const file of ["package.json", "dist/github/lambda.js", "dist/policy/action-catalogue.json", "policies/agents.yaml"]) {
    expect(existsSync(path.join(r.outdir, code?.source.path ?? "missing", file))).toBe(true);
  }
  // CDK's built-in CloudFormation validation (off in the in-process tests) ran and found nothing:
  // it is what flags a deprecated runtime.
  expect(JSON.parse(readFileSync(path.join(r.outdir, "validation-report.json"), "utf8"))).toMatchObject({ pluginReports: [] });
});

test("without an App id it exits non-zero and says which context is missing", () => {
  const r = run({});
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('context "appId" must be the GitHub App\'s numeric id');
  expect(existsSync(path.join(r.outdir, "AgentGuardrailGitHubApp.template.json"))).toBe(false);
});
