#!/usr/bin/env node
// `npm run demo`: the guardrail on the bundled examples. Every command is expected to find
// something (exit 1); the demo itself fails only when a command crashes or cannot evaluate
// its input (exit 2), so it doubles as a smoke test of a fresh clone.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, "dist/cli/bundle/agent-guardrail.js");
const rel = (p) => path.relative(root, p) || ".";

if (!existsSync(cli)) {
  console.log("building (dist/ is missing)...");
  // The steps of `npm run build`: tsc, the build data, the bundled command line.
  for (const args of [[path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], [path.join(root, "scripts/generate-build-data.js")], [path.join(root, "scripts/bundle.js")]]) {
    const step = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
    if (step.status !== 0) process.exit(step.status ?? 1);
  }
}

let broken = 0;
function step(title, command, args, { expect = [0, 1] } = {}) {
  console.log(`\n\u2501\u2501\u2501 ${title}\n$ ${[path.basename(command) === "node" ? "node" : command, ...args].join(" ")}\n`);
  const run = spawnSync(command === "agent-guardrail" ? process.execPath : command, command === "agent-guardrail" ? [cli, ...args] : args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: "1" },
  });
  const code = run.status ?? 2;
  if (!expect.includes(code)) {
    broken++;
    console.log(`\n(unexpected exit code ${code})`);
  } else console.log(`\n(exit code ${code})`);
  return code;
}

// 1. A CDK app: the Aspect fails the production stage, the staging stage passes.
const cdkOut = mkdtempSync(path.join(tmpdir(), "agent-guardrail-demo-"));
process.on("exit", () => rmSync(cdkOut, { recursive: true, force: true }));
const synth = path.join(root, "examples/cdk-app/synth.mjs");
if (existsSync(synth)) {
  step("CDK Aspect on examples/cdk-app (production stage fails, staging passes)", process.execPath, [rel(synth), cdkOut]);
}

// 2. scan: the synthesized cloud assembly, plain templates, IAM documents, dashboards.
const scanTargets = [cdkOut, "examples/templates", "examples/iam", "examples/dashboards"].filter(
  (p) => existsSync(path.resolve(root, p)) && (p !== cdkOut || existsSync(path.join(cdkOut, "manifest.json"))),
);
step("scan: templates, cdk.out, IAM policies, account authorization details, dashboards", "agent-guardrail", ["scan", ...scanTargets.map((p) => (path.isAbsolute(p) ? p : p))]);

// 3. review: the two-person rule on recorded pull-request facts.
const prDir = path.join(root, "examples/pull-requests");
if (existsSync(prDir)) {
  for (const facts of readdirSync(prDir).filter((f) => f.endsWith(".json")).sort()) {
    step(`review: two-person rule on ${facts}`, "agent-guardrail", ["review", "--facts", path.join("examples/pull-requests", facts)]);
  }
}

// 4. diff: the pull-request gate. The head only sets a context value, yet the orders table would be recreated.
const replacement = path.join(root, "examples/replacement/synth.mjs");
if (existsSync(replacement)) {
  const baseOut = path.join(cdkOut, "base.out");
  const headOut = path.join(cdkOut, "head.out");
  step("synthesize the base branch of examples/replacement", process.execPath, [rel(replacement), baseOut], { expect: [0] });
  step("synthesize the pull request (context orders:partitionKey=customerId)", process.execPath, [rel(replacement), headOut, "orders:partitionKey=customerId"], { expect: [0] });
  const code = step("diff: the replacement gate fails the pull request that would recreate the orders table", "agent-guardrail", ["diff", baseOut, headOut], { expect: [1] });
  if (code === 1) console.log("(the gate failed as it should: KeySchema forces CloudFormation to delete and recreate the table)");
}

console.log(broken ? `\ndemo: ${broken} step(s) failed unexpectedly` : "\ndemo: done. Each finding above names the file, line and JSON pointer (or ARN, review and commit ids) behind it.");
process.exit(broken ? 1 : 0);
