// Role chaining (issue 13, item 3) on generated accounts of 1,000 / 2,000 / 5,000 roles with random
// trust links: each role's trust policy names 1–3 random other roles by ARN (one role in ten also
// trusts the account root, one in ten a compute service); 2% are agent roles (harmless policies,
// half of them with sts:AssumeRole on a few random roles), 1% hold AdministratorAccess-like
// policies, the rest read-only or single-table writers. The account is saved as
// GetAccountAuthorizationDetails JSON and evaluated by a fresh process (cold: node start, module
// load, catalogue, parse, both IAM rules), with role chaining (default depth 5) and without it
// (maxChainDepth 0), 3 runs each, median. Reports the process's CPU time (user + system, from
// process.cpuUsage at exit: wall time on a machine shared with other jobs is mostly waiting) and
// wall time, the ratio chaining / no chaining (target <= 2x) and how time grows with the account
// (target: linear).
// Run: npm run bench -- role-chaining
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ACCOUNT = "111111111111";
const SIZES = [1000, 2000, 5000];
const RUNS = 3;

/** A small deterministic PRNG (mulberry32): the same account on every run. */
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function account(size) {
  const rand = random(size);
  const pick = () => Math.floor(rand() * size);
  const name = (i) => (i % 50 === 0 ? `coding-agent-${i}` : `svc-${i}`);
  const arn = (i) => `arn:aws:iam::${ACCOUNT}:role/${name(i)}`;
  const roles = Array.from({ length: size }, (_, i) => {
    const trusted = Array.from({ length: 1 + Math.floor(rand() * 3) }, pick).filter((j) => j !== i).map(arn);
    const statements = [{ Effect: "Allow", Principal: { AWS: trusted }, Action: "sts:AssumeRole" }];
    if (i % 10 === 3) statements.push({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" });
    if (i % 10 === 7) statements.push({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });
    let policy;
    if (i % 100 === 37) policy = [{ Effect: "Allow", Action: "*", Resource: "*" }];
    else if (i % 50 === 0) {
      policy = [{ Effect: "Allow", Action: ["s3:GetObject", "dynamodb:Query"], Resource: "*" }];
      if (i % 100 === 0) policy.push({ Effect: "Allow", Action: "sts:AssumeRole", Resource: [arn(pick()), arn(pick())] });
    } else if (i % 3 === 0) policy = [{ Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:DeleteItem"], Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t-${i}` }];
    else policy = [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::data-${i}`, `arn:aws:s3:::data-${i}/*`] }];
    return {
      Path: "/",
      RoleName: name(i),
      RoleId: `AROA${String(i).padStart(17, "0")}`,
      Arn: arn(i),
      CreateDate: "2025-06-02T10:41:07Z",
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: statements },
      InstanceProfileList: [],
      RolePolicyList: [{ PolicyName: `${name(i)}-inline`, PolicyDocument: { Version: "2012-10-17", Statement: policy } }],
      AttachedManagedPolicies: [],
      Tags: [],
    };
  });
  return { UserDetailList: [], GroupDetailList: [], RoleDetailList: roles, Policies: [] };
}

// The evaluation a cold process runs: what `agent-guardrail scan snapshot.json` does for IAM.
const child = `
import { readFileSync } from "node:fs";
import { readAuthorizationDetails } from "${root}/dist/core/iam/authorization-details.js";
import { evaluateIam } from "${root}/dist/core/iam/evaluate.js";
import { loadCatalogue } from "${root}/dist/policy/catalogue.js";
import { resolvePolicy } from "${root}/dist/policy/load.js";
const [file, depth] = process.argv.slice(1);
const { input } = readAuthorizationDetails(JSON.parse(readFileSync(file, "utf8")), file);
const { findings } = evaluateIam(input, resolvePolicy(), loadCatalogue(), depth === "default" ? {} : { maxChainDepth: Number(depth) });
const chained = findings.filter((f) => f.rule === "agent-privilege-escalation" && f.message.includes("it can become")).length;
const cpu = process.cpuUsage();
console.log(JSON.stringify({ findings: findings.length, chained, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(file, depth) {
  const wall = [];
  const cpu = [];
  let out;
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    const p = spawnSync(process.execPath, ["--input-type=module", "-e", child, file, depth], { encoding: "utf8", cwd: root });
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (p.status !== 0) throw new Error(`evaluation failed: ${p.stderr}`);
    out = JSON.parse(p.stdout);
    cpu.push(out.cpuMs);
  }
  return { ms: median(cpu), wallMs: median(wall), ...out };
}

const dir = mkdtempSync(path.join(tmpdir(), "ag-chaining-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const rows = [];
for (const size of SIZES) {
  const file = path.join(dir, `account-${size}.json`);
  writeFileSync(file, JSON.stringify(account(size)));
  const chaining = run(file, "default");
  const plain = run(file, "0");
  rows.push({ size, chaining, plain });
  console.log(
    `role-chaining: ${size} roles: CPU ${chaining.ms.toFixed(0)} ms with chaining (${chaining.chained} agents escalate through a chain) vs ${plain.ms.toFixed(0)} ms without: ${(chaining.ms / plain.ms).toFixed(2)}x (target <= 2x: ${chaining.ms / plain.ms <= 2 ? "met" : "MISSED"}); wall ${chaining.wallMs.toFixed(0)} vs ${plain.wallMs.toFixed(0)} ms`,
  );
}
const first = rows[0];
for (const row of rows.slice(1)) {
  const growth = (row.chaining.ms - first.chaining.ms) / (row.size - first.size);
  console.log(`  ${first.size} -> ${row.size} roles: chaining CPU time x${(row.chaining.ms / first.chaining.ms).toFixed(2)} for x${(row.size / first.size).toFixed(1)} roles (${growth.toFixed(3)} ms per added role)`);
}
const last = rows.at(-1);
const perRole = (r) => r.chaining.ms / r.size;
// Linear: the marginal cost per role stays flat (a fixed process cost makes small accounts look dearer per role).
const marginalFirst = (rows[1].chaining.ms - first.chaining.ms) / (rows[1].size - first.size);
const marginalLast = (last.chaining.ms - rows[1].chaining.ms) / (last.size - rows[1].size);
console.log(`  marginal cost per role: ${marginalFirst.toFixed(3)} ms (1k->2k) vs ${marginalLast.toFixed(3)} ms (2k->5k): ${marginalLast <= marginalFirst * 1.5 ? "linear" : "SUPERLINEAR"}; per role overall ${perRole(first).toFixed(3)} -> ${perRole(last).toFixed(3)} ms`);
if (rows.some((r) => r.chaining.ms / r.plain.ms > 2) || marginalLast > marginalFirst * 1.5) process.exitCode = 1;
