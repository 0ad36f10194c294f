/**
 * Files that exist but cannot be read (EACCES: no read permission for a normal user; tests run as
 * root here, so the refusal is simulated by failing `readFileSync` for those paths) are input
 * errors naming them, never a pass, and the other inputs are still judged:
 * - a Terraform file, named or met while walking;
 * - a cdk.out's tree.json, which says whether the app customized IAM roles (Role.customizeRoles),
 *   whose grants CDK writes only to iam-policy-report.json: with the report absent, whether its
 *   roles can be judged is unknown.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { jest } from "@jest/globals";

const root = mkdtempSync(path.join(tmpdir(), "ag-read-errors-"));
const unreadable = new Set<string>();
const real = await import("node:fs");
jest.unstable_mockModule("node:fs", () => ({
  ...real,
  readFileSync: (file: unknown, options?: unknown) => {
    if (typeof file === "string" && unreadable.has(path.resolve(file))) throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: "EACCES" });
    return (real.readFileSync as (f: unknown, o?: unknown) => unknown)(file, options);
  },
}));
const { collectInputs, isWithin } = await import("../../src/cli/inputs.js");
const { main } = await import("../../src/cli/main.js");
const { agentTemplate } = await import("./agent-template.js");

const dashboardTf = `resource "aws_cloudwatch_dashboard" "q" {
  dashboard_name = "q-adoption"
  dashboard_body = jsonencode({ widgets = [] })
}
`;

test("an unreadable Terraform file, named or walked, is an error naming it; its siblings are still collected", async () => {
  const dir = path.join(root, "tf");
  mkdirSync(dir);
  const locked = path.join(dir, "dashboards.tf");
  writeFileSync(locked, dashboardTf);
  writeFileSync(path.join(dir, "policy.json"), JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }));
  unreadable.add(locked);
  const walked = await collectInputs([dir]);
  expect(walked.errors).toEqual([{ file: locked, message: "cannot read: permission denied" }]);
  expect(walked.terraform).toEqual([]);
  expect(walked.files.map((f) => path.basename(f.file))).toEqual(["policy.json"]);
  const named = await collectInputs([locked]);
  expect(named.errors).toEqual([{ file: locked, message: "cannot read: permission denied" }]);
});

test("a root that cannot be resolved holds nothing: a file is not within it", async () => {
  const file = path.join(root, "tf", "policy.json");
  expect(await isWithin(path.join(root, "tf"), file)).toBe(true);
  expect(await isWithin(path.join(root, "gone"), path.join(root, "gone", "policy.json"))).toBe(false);
});

test("a cdk.out whose tree.json cannot be read, without a policy report: an error naming tree.json (exit 2); its templates are still judged", async () => {
  const dir = path.join(root, "cdk.out");
  mkdirSync(dir);
  const manifest = {
    version: "48.0.0",
    artifacts: {
      OrdersProd: {
        type: "aws:cloudformation:stack",
        environment: "aws://111111111111/us-east-1",
        properties: { templateFile: "OrdersProd.template.json", terminationProtection: true, validateOnSynth: false },
        displayName: "OrdersProd",
      },
      Tree: { type: "cdk:tree", properties: { file: "tree.json" } },
    },
  };
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(dir, "OrdersProd.template.json"), JSON.stringify(agentTemplate, null, 2));
  // CDK's construct tree with the PolicySynthesizer of Role.customizeRoles at the app's root.
  const tree = path.join(dir, "tree.json");
  writeFileSync(tree, JSON.stringify({ version: "tree-0.1", tree: { id: "App", path: "", children: { PolicySynthesizer: { id: "PolicySynthesizer", path: "PolicySynthesizer" } } } }));
  const out = path.join(root, "report.json");
  const scan = async (): Promise<{ code: number; report: { findings: { rule: string }[]; errors: { file: string; message: string }[] } }> => {
    const code = await main(["scan", dir, "--format", "json", "--output", out]);
    return { code, report: JSON.parse(readFileSync(out, "utf8")) };
  };
  // Readable: the tree names the PolicySynthesizer, so the missing report is the error.
  const readable = await scan();
  expect(readable.code).toBe(2);
  expect(readable.report.errors).toEqual([{ file: path.join(dir, "iam-policy-report.json"), line: null, message: expect.stringMatching(/^missing: the app customizes IAM roles/) }]);
  unreadable.add(tree);
  const { code, report } = await scan();
  expect(code).toBe(2);
  expect(report.errors).toEqual([{ file: tree, line: null, message: expect.stringMatching(/^cannot read: permission denied; whether the app customizes IAM roles .* cannot be told \(fail closed\)$/) }]);
  expect(report.findings.map((f) => f.rule)).toContain("agent-destructive-prod");
});
