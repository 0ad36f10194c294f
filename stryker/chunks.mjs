/**
 * `npm run mutate`: Stryker over src/core and src/github, one run per chunk of files. A full run
 * takes hours on two cores, and Stryker writes its results (incremental file, reports) only when
 * a run ends: in chunks, a stopped run keeps every finished chunk, and the next `npm run mutate`
 * starts where it stopped. A chunk whose sources, tests and configuration have not changed since
 * it finished is skipped; one that changed re-runs incrementally (only the mutants its change
 * touches). `npm run mutate:report` prints the figures (stryker/summarize.mjs).
 *
 *   npm run mutate                  every chunk, in order
 *   npm run mutate -- review cfn    the named chunks only
 *   npm run mutate -- --list        the chunks and their files
 *   npm run mutate -- --check       exit 2 unless every file of src/core and src/github is in
 *                                   exactly one chunk (checked before every run too)
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import picomatch from "picomatch";

// MUTATE_ROOT: another checkout (the tests check the chunking of a made-up tree).
const root = process.env.MUTATE_ROOT ?? path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const I = "src/core/iam";

/** The six rule files first, one per chunk (the acceptance asks 100 % of them), then the rest. */
export const RULE_FILES = [
  "src/core/review/two-person-review.ts",
  `${I}/agent-privilege-escalation.ts`,
  "src/core/cfn/changeset-destroys-prod.ts",
  "src/core/cfn/prod-resource-unprotected.ts",
  "src/core/dashboards/adoption-dashboard-no-incidents.ts",
  `${I}/agent-destructive-prod.ts`,
];
const notRules = RULE_FILES.map((f) => `!${f}`);

const iamSplit = {
  "iam-rules": [`${I}/escalation-paths.ts`, `${I}/evaluate.ts`, `${I}/finding-text.ts`],
  "iam-access": [`${I}/access.ts`, `${I}/conditions.ts`, `${I}/model.ts`, `${I}/policy-file.ts`, `${I}/aws-managed-policies.ts`],
  "iam-tiers": [`${I}/tiers.ts`, `${I}/patterns.ts`, `${I}/catalogue.ts`],
  "iam-reach": [`${I}/reach.ts`, `${I}/resource-types.ts`, `${I}/analysis.ts`],
};
// The App's code is covered by its wire tests (Probot + nock), a few mutants a minute: chunks of a
// few hundred mutants each, so that one finishes within a working session.
const G = "src/github";
const githubSplit = {
  "github-pull": [`${G}/pull.ts`],
  "github-evaluate": [`${G}/evaluate.ts`],
  "github-repo": [`${G}/config.ts`, `${G}/requests.ts`, `${G}/projects.ts`],
  "github-checks": [`${G}/checks/**/*.ts`, `${G}/check-runs.ts`],
  "github-app": [`${G}/app.ts`, `${G}/webhook-signature.ts`],
};
const not = (files) => files.map((f) => `!${f}`);

/**
 * Chunk name → Stryker `mutate` globs (a `!glob` leaves files out, as in Stryker). The last chunk
 * of a folder takes whatever the others do not name, so a new file is never left out.
 */
export const CHUNKS = {
  ...Object.fromEntries(RULE_FILES.map((f) => [path.basename(f, ".ts"), [f]])),
  review: ["src/core/review/**/*.ts", ...notRules],
  cfn: ["src/core/cfn/**/*.ts", ...notRules],
  dashboards: ["src/core/dashboards/**/*.ts", ...notRules],
  ...iamSplit,
  "iam-rest": [`${I}/**/*.ts`, ...notRules, ...not(Object.values(iamSplit).flat())],
  rest: ["src/core/*.ts", "src/core/boundary/**/*.ts", "src/core/source/**/*.ts"],
  ...githubSplit,
  "github-rest": [`${G}/**/*.ts`, ...not(Object.values(githubSplit).flat())],
};

/**
 * What the tests read under mutation testing, unless set already (stryker.config.mjs sets it for
 * every run; docs/mutation-testing.md): one seed for the property tests and fewer runs, and 64 KB
 * hostile texts instead of 1 MB.
 */
export const MUTATION_TEST_ENV = { FC_SEED: "20261125", FC_RUNS: "60", HOSTILE_TEXT_BYTES: String(64 * 1024) };

const CONFIG_FILES = ["stryker.config.mjs", "jest.config.js", "jest.stryker.config.js", "package-lock.json", "tsconfig.json"];

/** Every file under `dir` (relative to the checkout), as forward-slash paths. */
export function filesUnder(dir) {
  const out = [];
  if (!existsSync(path.join(root, dir))) return out;
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(rel));
    else out.push(rel);
  }
  return out;
}

/** What a chunk's result depends on: every source, test and configuration file (contents). */
function inputsHash() {
  const hash = createHash("sha256");
  const files = [...filesUnder("src"), ...filesUnder("test"), ...filesUnder("stryker"), ...CONFIG_FILES].sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(root, file))).update("\0");
  return hash.digest("hex");
}

/** Files of the mutated folders in no chunk or in several: a run would skip or double them. */
export function chunkingProblems() {
  const matchers = Object.entries(CHUNKS).map(([name, globs]) => {
    const include = picomatch(globs.filter((g) => !g.startsWith("!")));
    const excluded = globs.filter((g) => g.startsWith("!")).map((g) => g.slice(1));
    const exclude = excluded.length ? picomatch(excluded) : () => false;
    return [name, (file) => include(file) && !exclude(file)];
  });
  const problems = [];
  for (const file of [...filesUnder("src/core"), ...filesUnder("src/github")].filter((f) => f.endsWith(".ts"))) {
    const owners = matchers.filter(([, match]) => match(file)).map(([name]) => name);
    if (owners.length !== 1) problems.push(`${file}: ${owners.length ? `in chunks ${owners.join(", ")}` : "in no chunk"}`);
  }
  return problems;
}

/**
 * Some covering tests read the built CLI and the App's Lambda asset: without them a run's initial
 * test run fails after minutes of work. The message to stop with, or undefined when built.
 */
export function missingBuild() {
  if (existsSync(path.join(root, "dist", "lambda"))) return undefined;
  return "dist/ is missing or incomplete: run `npm run build` first (tests read the built CLI and Lambda asset)";
}

export const doneMarker = (chunk) => path.join(root, "reports", "chunks", `${chunk}.done`);

function main(argv) {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]);
    return 0;
  }
  if (argv.includes("--list")) {
    for (const [name, files] of Object.entries(CHUNKS)) console.log(`${name}: ${files.join(" ")}`);
    return 0;
  }
  const problems = chunkingProblems();
  if (problems.length || argv.includes("--check")) {
    for (const p of problems) console.error(`stryker/chunks.mjs: ${p}`);
    return problems.length ? 2 : 0;
  }
  const missing = missingBuild();
  if (missing) {
    console.error(missing);
    return 2;
  }
  const unknown = argv.filter((a) => !(a in CHUNKS));
  if (unknown.length) {
    console.error(`unknown chunk: ${unknown.join(", ")} (npm run mutate -- --list)`);
    return 2;
  }
  const selected = argv.length ? argv : Object.keys(CHUNKS);
  mkdirSync(path.join(root, "reports", "chunks"), { recursive: true });
  const inputs = inputsHash();
  let failed = 0;
  for (const chunk of selected) {
    const marker = doneMarker(chunk);
    if (existsSync(marker) && readFileSync(marker, "utf8") === inputs) {
      console.log(`${chunk}: unchanged since its last run, skipped`);
      continue;
    }
    rmSync(marker, { force: true });
    const started = Date.now();
    console.log(`${chunk}: ${CHUNKS[chunk].join(" ")}`);
    const result = spawnSync("npx", ["stryker", "run"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, MUTATE_CHUNK: chunk },
    });
    const minutes = ((Date.now() - started) / 60000).toFixed(1);
    if (result.status === 0) {
      writeFileSync(marker, inputs);
      console.log(`${chunk}: done in ${minutes} min`);
    } else {
      failed++;
      console.error(`${chunk}: Stryker exited ${result.status ?? result.signal} after ${minutes} min`);
    }
  }
  return failed ? 1 : 0;
}

if (path.resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
