/**
 * The GitHub Action runs the committed bundle in action/ and installs nothing (issue 17):
 * - action/ is what the sources build today (the CI check that the committed entry is current);
 * - the steps of action.yml, run from a copy of the committed files with no node_modules and no
 *   dist/, write the same SARIF results as `agent-guardrail scan` in-process;
 * - no step installs anything.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { main } from "../../src/cli/main.js";

const root = path.resolve(import.meta.dirname, "../..");

interface StepsResult {
  steps: { name: string; status?: number | null; stderr?: string; skipped?: boolean }[];
  outputs: Record<string, string>;
}

describe("GitHub Action (action.yml + action/)", () => {
  it("action/ is the current bundle of the sources (rebuild: node scripts/bundle.js --action)", () => {
    const check = spawnSync(process.execPath, [path.join(root, "scripts/bundle.js"), "--action", "--check"], { cwd: root, encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("a scan installs nothing; only the replacement gate installs, production dependencies only", () => {
    const action = parse(readFileSync(path.join(root, "action.yml"), "utf8")) as { runs: { steps: { run?: string; uses?: string; if?: string }[] } };
    for (const step of action.runs.steps) {
      if (step.uses) expect(step.uses).toMatch(/^actions\/setup-node@/);
      else if (/\b(npm|npx|yarn|pnpm)\b/.test(step.run ?? "")) {
        expect(step.if).toBe("inputs.base-cdk-out != ''");
        expect(step.run).toMatch(/npm ci --omit=dev --ignore-scripts/);
      }
    }
  });

  it("scans examples/ from the committed files alone and writes the SARIF the CLI writes", async () => {
    const work = mkdtempSync(path.join(tmpdir(), "ag-action-"));
    try {
      const actionPath = path.join(work, "action");
      const tracked = execFileSync("git", ["ls-files", "action.yml", "action", "policies", "package.json"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
      for (const file of tracked) {
        mkdirSync(path.dirname(path.join(actionPath, file)), { recursive: true });
        cpSync(path.join(root, file), path.join(actionPath, file));
      }
      expect(existsSync(path.join(actionPath, "node_modules"))).toBe(false);
      const sarif = path.join(work, "action.sarif");
      const run = spawnSync(process.execPath, [path.join(root, "bench/action-steps.mjs"), actionPath, JSON.stringify({ paths: "examples", "sarif-file": sarif })], { cwd: root, encoding: "utf8" });
      expect(run.stderr).toBe("");
      const result = JSON.parse(run.stdout) as StepsResult;
      expect(result.steps.find((s) => s.name === "Install the replacement gate's dependencies")?.skipped).toBe(true);
      const scan = result.steps.find((s) => s.name === "Scan");
      // The examples hold findings: exit 1, not 2 (nothing failed to evaluate).
      expect(scan?.status).toBe(1);
      expect(result.outputs["exit-code"]).toBe("1");
      expect(result.outputs["sarif-file"]).toBe(sarif);

      const expected = path.join(work, "cli.sarif");
      const cwd = process.cwd();
      process.chdir(root);
      try {
        expect(await main(["scan", "examples", "--format", "sarif", "--output", expected])).toBe(1);
      } finally {
        process.chdir(cwd);
      }
      const results = (file: string): unknown => (JSON.parse(readFileSync(file, "utf8")) as { runs: { results: unknown[] }[] }).runs[0]?.results;
      expect(results(sarif)).toEqual(results(expected));
      expect((results(sarif) as unknown[]).length).toBeGreaterThan(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
