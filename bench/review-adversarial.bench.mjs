// Untrusted text is parsed in linear time (issue 11 item 8): the time to decide a pull request
// whose commit message (and body, and one comment) is 1 MB of adversarial text, for several
// shapes that make backtracking parsers explode (unclosed "Requested by: (", "<" runs, "@" runs,
// phrase repetitions on one line), against the baseline of the same PR with ordinary text,
// measured in the same run. Two figures:
// 1. the decision itself (rule.evaluate on PullFacts in this process; median of 5 after a warm-up);
// 2. the whole process, cold: `agent-guardrail review --facts` on a 1 MB-message facts file
//    vs the same command on the ordinary facts file (median of 3 each).
// Run: npm run build && node bench/review-adversarial.bench.mjs   (or npm run bench -- adversarial)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { rule } from "../dist/core/review/two-person-review.js";
import { resolvePolicy } from "../dist/policy/load.js";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const HEAD = "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f6a7b8c9d0e";
const MB = 1 << 20;
const policy = resolvePolicy();
const COPILOT = { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };

function facts(text) {
  return {
    repo: "acme/platform", number: 42, author: { login: "Copilot", type: "Bot" }, headSha: HEAD, headRef: "copilot/orders", baseRef: "main",
    title: "Raise capacity", body: `${text}\n<!-- START COPILOT CODING AGENT SUFFIX -->`, labels: [],
    files: [{ path: "infra/lib/orders-stack.ts" }], filesComplete: true,
    commits: [{ sha: HEAD, message: text, author: COPILOT, committer: { name: "GitHub", email: "noreply@github.com", login: null } }], commitsComplete: true,
    reviews: [1, 2].map((id) => ({ id, user: { login: `reviewer${id}`, type: "User" }, state: "APPROVED", commitId: HEAD, submittedAt: `2026-11-20T10:0${id}:00Z` })),
    permissions: { reviewer1: "write", reviewer2: "write" },
    triggers: [{ login: "dev", kind: "comment", text, at: "2026-11-20T09:00:00Z" }],
  };
}
const fill = (unit) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
const shapes = {
  "ordinary text (baseline)": fill("Raise the orders table's read capacity to 200 units.\n"),
  "unclosed 'Requested by: ('": fill("Requested by: (a"),
  "'Co-authored-by: <' runs on one line": fill("Co-authored-by: <<<"),
  "'@' runs": fill("@@@@@@@@"),
  "'requested by @' repeated": fill("requested by @"),
  "'on behalf of x(y@' repeated": fill(" on behalf of x(y@"),
  "trailer lines without '>'": fill("\nCo-authored-by: a <b@c"),
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log("Decision time for a PR whose commit message, body and a comment are each 1 MB (in process, median of 5):");
let baseline = 0;
for (const [name, text] of Object.entries(shapes)) {
  const f = facts(text);
  rule.evaluate(f, policy);
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const d = rule.evaluate(f, policy);
    times.push(performance.now() - t);
    if (!d.guarded) throw new Error(`${name}: not guarded`);
  }
  const ms = median(times);
  if (baseline === 0) baseline = ms;
  console.log(`  ${name.padEnd(40)} ${ms.toFixed(1).padStart(7)} ms   ${(ms / baseline).toFixed(2)}x baseline`);
}

const dir = mkdtempSync(path.join(tmpdir(), "ag-adversarial-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const ordinary = path.join(dir, "ordinary.json");
const hostile = path.join(dir, "hostile.json");
writeFileSync(ordinary, JSON.stringify(facts(shapes["ordinary text (baseline)"])));
writeFileSync(hostile, JSON.stringify(facts(shapes["unclosed 'Requested by: ('"])));
const cli = path.join(root, "dist/cli/bin.js");
const run = (file) => {
  const t = performance.now();
  const r = spawnSync(process.execPath, [cli, "review", "--facts", file, "--format", "json"], { encoding: "utf8" });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`review exited ${r.status}: ${r.stderr}`);
  return ms;
};
const [a, b] = [[], []];
for (let i = 0; i < 3; i++) {
  a.push(run(ordinary));
  b.push(run(hostile));
}
console.log(`\nWhole process, cold (agent-guardrail review --facts, 1 MB message; median of 3):`);
console.log(`  ordinary 1 MB facts: ${median(a).toFixed(0)} ms`);
console.log(`  adversarial 1 MB facts: ${median(b).toFixed(0)} ms   ${(median(b) / median(a)).toFixed(2)}x ordinary`);
