// A repository of templates for the CLI benchmark (cli-process.bench.mjs): the real ones of
// examples/ and test/fixtures/cfn/ (their folders as they are: nested stacks name their children
// by relative path), copied `copies` times over, without those a scan refuses (input errors by
// design: a Rain module, a private transform, the Count macro's samples in cfn/macros, nested
// stacks read from S3 or the Serverless Application Repository, SAM's own connector test inputs,
// which declare its test macro or are meant to fail).
// Check: node bench/repository-corpus.mjs --check   (one copy scanned: exit 0 when a scan takes
// every file, as the benchmark needs; test/bench/repository-corpus.test.ts runs it)
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const REFUSED = /stacksets-common-resources|execution-role-builder|buildkite-elastic-ci-stack|sam-connectors|^macros$/;
const TEMPLATE_DIRS = ["examples/templates", "test/fixtures/cfn"];
const keep = (file) => !REFUSED.test(path.basename(file)) && (!/\.[a-z]+$/i.test(file) || /\.(ya?ml|json)$/.test(file));

/** Writes the repository into `target`; returns how many files it holds. */
export function writeRepository(target, copies) {
  for (let copy = 0; copy < copies; copy++) {
    for (const dir of TEMPLATE_DIRS) cpSync(path.join(root, dir), path.join(target, `service-${String(copy).padStart(2, "0")}`, path.basename(dir)), { recursive: true, filter: keep });
  }
  return readdirSync(target, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

if (process.argv[2] === "--check") {
  const target = mkdtempSync(path.join(tmpdir(), "ag-repository-"));
  try {
    writeRepository(target, 1);
    const cli = path.join(root, "dist/cli/bundle/agent-guardrail.js");
    const scan = spawnSync(process.execPath, [cli, "scan", target], { encoding: "utf8" });
    // 0 or 1 (findings) is what the benchmark accepts; 2 means a file it would refuse.
    if (scan.status !== 0 && scan.status !== 1) process.stderr.write(scan.stdout.split("\n").filter((l) => /error|could not/.test(l)).join("\n") + "\n");
    process.exitCode = scan.status === 0 || scan.status === 1 ? 0 : 2;
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
}
