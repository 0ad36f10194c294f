/**
 * `_extends` (Probot's convention, docs/github-app.md "Configuration") names a parent file that
 * only the GitHub App reads. The same `.github/agent-guardrail.yml` given to the command line
 * (`--config`, the Action's `config:`) or to the CDK Aspect used to be applied without its parent,
 * silently: an organization's production accounts, agent patterns or requiredApprovals set there
 * were not in force, and a run they would fail passed. It is a configuration error (exit 2, a
 * synth error), never a pass.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Aspects, Stack } from "aws-cdk-lib";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { main } from "../../src/cli/main.js";
import { newApp, synth } from "../cdk/apps.js";

interface JsonReport {
  findings: { rule: string; suppressed: unknown }[];
  errors: { file: string; line: number | null; message: string }[];
}

const dir = mkdtempSync(path.join(tmpdir(), "ag-extends-"));
// The repository's file as docs/github-app.md shows it: the organization's parent holds the rest.
const withParent = path.join(dir, "agent-guardrail.yml");
writeFileSync(withParent, "_extends: .github\nreview:\n  requiredApprovals: 2\n");
const own = path.join(dir, "own.yml");
writeFileSync(own, "review:\n  requiredApprovals: 2\n");
const passing = path.resolve("examples/pull-requests/copilot-infra-two-approvals.json");
const message = '_extends ".github": the file it names is read by the GitHub App only, so what it sets would not apply here (fail closed); give this configuration with its parent\'s settings merged in and no _extends';

async function run(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-extends-out-")), "report.json");
  const code = await main([...args, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

describe("a configuration with _extends outside the GitHub App", () => {
  it("review --facts: the PR its parent could fail is not passed on the file's own keys (exit 2, the file named)", async () => {
    expect((await run(["review", "--facts", passing, "--config", own])).code).toBe(0);
    const { code, report } = await run(["review", "--facts", passing, "--config", withParent]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: withParent, line: null, message: `configuration not applied: ${message}` }]);
  });

  it("scan: exit 2 with the same error, the inputs still judged", async () => {
    const { code, report } = await run(["scan", path.resolve("examples/templates/orders-prod.template.yaml"), "--config", withParent]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: withParent, line: null, message: `configuration not applied: ${message}` }]);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it("the CDK Aspect, given the file or the same object: an error on every stack, not a clean synth", () => {
    for (const config of [withParent, { _extends: ".github", review: { requiredApprovals: 2 } }]) {
      const { app, outdir } = newApp();
      const guardrails = new AgentGuardrails({ config });
      Aspects.of(app).add(guardrails);
      new Stack(app, "OrdersProd", { terminationProtection: true });
      const s = synth(app, outdir, guardrails);
      const source = typeof config === "string" ? config : "AgentGuardrails config";
      expect(s.messages.filter((m) => m.level === "error").map((m) => [m.path, m.text])).toEqual([["/OrdersProd", `agent-guardrail: cannot load config: ${source}: ${message}`]]);
    }
  });
});
