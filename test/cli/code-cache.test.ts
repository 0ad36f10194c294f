/**
 * The bundled command line (package.json "bin") runs every chunk it loads from the code cache the
 * build wrote (scripts/bundle.js, CODE_CACHE_RUNS): a cache written under other V8 flags than a
 * run's (a cache-writing run that switched to the long-run flags, say) would be rejected, and
 * every process would compile its chunks from text again, silently.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
const bin = path.join(root, pkg.bin["agent-guardrail"] as string);
let work: string;
let report: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "ag-code-cache-"));
  report = path.join(work, "report.cjs");
  // Reads the chunk loader's record when the process ends (src/cli/chunk-loader.ts, LOADED_CHUNKS).
  writeFileSync(
    report,
    'process.on("exit", () => { const chunks = globalThis[Symbol.for("agent-guardrail.loadedChunks")]; require("node:fs").writeFileSync(process.env.AG_CACHE_REPORT, JSON.stringify(Object.fromEntries([...chunks].map(([name, c]) => [name, c.cached])))); });\n',
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function cacheUse(args: string[]): Record<string, boolean> {
  const out = path.join(work, "cache-use.json");
  rmSync(out, { force: true });
  const { NODE_OPTIONS: _jest, ...env } = process.env;
  const run = spawnSync(process.execPath, ["--require", report, bin, ...args], { cwd: root, encoding: "utf8", env: { ...env, AG_CACHE_REPORT: out } });
  expect([0, 1]).toContain(run.status);
  return JSON.parse(readFileSync(out, "utf8")) as Record<string, boolean>;
}

it.each([
  [["--help"]],
  [["scan", "examples/templates/orders-prod.template.yaml"]],
  [["scan", "examples/iam"]],
  [["review", "--facts", "examples/pull-requests/copilot-infra-one-approval.json"]],
])("%j runs every chunk it loads from the build's code cache", (args) => {
  const used = cacheUse(args);
  expect(Object.keys(used).length).toBeGreaterThan(1);
  expect(Object.entries(used).filter(([, cached]) => !cached)).toEqual([]);
});
