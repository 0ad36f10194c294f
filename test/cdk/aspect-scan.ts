/**
 * Synthesize an app in-process with AgentGuardrails, then `scan` its cdk.out under the same
 * config: neither may report an input error, and both must reach the same findings (as `pick`
 * lists them). Returns the Aspect's.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Aspects } from "aws-cdk-lib";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { runScan } from "../../src/cli/scan-run.js";
import type { Finding } from "../../src/core/finding.js";
import { resolvePolicy } from "../../src/policy/load.js";
import type { UserConfig } from "../../src/policy/schema.js";

export async function aspectAndScan(build: (app: App) => void, config: UserConfig, pick: (findings: Finding[]) => string[]): Promise<string[]> {
  const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-parity-"));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  build(app);
  const guardrails = new AgentGuardrails({ config });
  Aspects.of(app).add(guardrails);
  app.synth();
  expect(guardrails.result?.errors).toEqual([]);
  const aspect = pick(guardrails.result?.findings ?? []);
  const scan = await runScan([outdir], resolvePolicy(config));
  expect(scan.errors).toEqual([]);
  expect(pick(scan.findings)).toEqual(aspect);
  return aspect;
}
