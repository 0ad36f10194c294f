#!/usr/bin/env node
// Bundles the command line with esbuild (issue 17: one file to load instead of ~160 modules).
//
//   node scripts/bundle.js            part of `npm run build`, after tsc: dist/cli/bundle/, from
//                                     the compiled dist/ (package.json "bin"); dist/lambda/, the
//                                     App's Lambda asset (issue 19); dist/deploy/app.js, the CDK
//                                     app of deploy/ (`cdk deploy --app "node dist/deploy/app.js"`).
//                                     Not in git.
//   node scripts/bundle.js --action   action/: the GitHub Action's committed entry, from src/, with
//                                     the compact action catalogue beside it, so the Action runs
//                                     without installing anything (action.yml).
//   node scripts/bundle.js --action --check   exit 1 when the committed action/ is not what the
//                                     sources build today (run by the test suite, so CI fails on a
//                                     stale Action).
//
// Dynamic imports become lazy chunks: --help loads commander and the option lists only, scan
// never loads the AWS SDK or Octokit. The AWS SDK, Octokit, Probot and @aws-cdk/* are not
// bundled: audit, changeset, review --repo and diff load them from node_modules (the Action
// installs its production dependencies for diff only).
//
// Modules find their data beside themselves (`new URL("./x.json", import.meta.url)`). Each
// module's import.meta.url is rewritten to where that module lives in the tree the bundle
// stands for (dist/ for the CLI; action/, mirroring src/, for the Action), so the bundle reads
// the same files: ../../package.json, ../../policies/, the catalogue beside src/policy/.
import { build, transform } from "esbuild";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { withPlainExports } from "./plain-exports.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// @aws-cdk/cloudformation-diff reads its schema database beside its own files: it cannot be bundled.
const EXTERNAL = ["@aws-sdk/*", "@smithy/*", "@octokit/*", "octokit", "probot", "@aws-cdk/*"];
const ENTRY_NAME = "agent-guardrail";
const CHUNK_INPUTS_FILE = "chunk-inputs.json";

const TARGETS = {
  cli: { from: "dist", entry: "dist/cli/bin.js", mirror: "dist", outdir: "dist/cli/bundle" },
  action: { from: "src", entry: "src/cli/bin.ts", mirror: "action", outdir: "action/cli" },
  // The Lambda asset is a small copy of the package: dist/github/lambda.js (the handler the
  // contract names, everything bundled in: the zip carries no node_modules) beside the data the
  // modules read (dist/policy/*.json, policies/*.yaml, package.json for `"type": "module"`).
  lambda: { from: "dist", entry: "dist/github/lambda.js", mirror: "dist/lambda/dist", outdir: "dist/lambda/dist/github", asset: "dist/lambda" },
  // The CDK app: its packages (aws-cdk-lib, cdk-nag, ...) stay in node_modules, src/ is compiled in
  // and reads its data from dist/ as the compiled modules do.
  deploy: { from: "src", entry: "deploy/app.ts", mirror: "dist", outdir: "dist/deploy" },
};

/**
 * What every bundle here shares: Node 20 ESM, quiet unless something is wrong. preserveSymlinks:
 * module paths (written into the bundles as comments, and so into chunk hashes) are the ones
 * under this checkout even when node_modules is a symlink (git worktrees), so action/ builds the
 * same bytes everywhere.
 */
const COMMON = { bundle: true, preserveSymlinks: true, platform: "node", format: "esm", target: "node20", absWorkingDir: root, legalComments: "none", logLevel: "warning" };
// CommonJS dependencies bundled into ESM still call require() for Node built-ins.
const REQUIRE_BANNER = { js: 'import { createRequire as __agCreateRequire } from "node:module";\nconst require = __agCreateRequire(import.meta.url);' };

/** Data files the Lambda's modules read beside themselves (dist/policy/) or from the package root. */
const LAMBDA_DATA = ["dist/policy/action-catalogue.json", "dist/policy/aws-managed-policies.json"];

function ownImportMetaUrl(target) {
  const outdir = path.join(root, target.outdir);
  return {
    name: "own-import-meta-url",
    setup(b) {
      b.onLoad({ filter: /\.[jt]s$/ }, (args) => {
        const source = readFileSync(args.path, "utf8");
        const loader = args.path.endsWith(".ts") ? "ts" : "js";
        const inTree = path.relative(path.join(root, target.from), args.path);
        if (!source.includes("import.meta.url") || inTree.startsWith("..")) return { contents: source, loader };
        const mirrored = path.join(root, target.mirror, inTree.replace(/\.ts$/, ".js"));
        const relative = path.relative(outdir, mirrored).split(path.sep).join("/");
        return { contents: source.replaceAll("import.meta.url", `new URL(${JSON.stringify(relative)}, import.meta.url).href`), loader };
      });
    },
  };
}

/**
 * commander requires node:child_process when it loads, for subcommands that are separate
 * executables (agent-guardrail has none); that pulls ~37 built-in modules (net, dgram, streams)
 * into every run, `--help` included. Inside the command-line bundles commander gets a stand-in
 * that loads the real module on first use.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}commander${path.sep}`) ? { path: "child_process", namespace: "lazy-child-process" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-child-process" }, () => ({
      contents: 'let real;\nconst load = () => (real ??= require("node:child_process"));\nmodule.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });\n',
      loader: "js",
    }));
  },
};

/**
 * The command line bundles the policy schema, loader and parser it validates defaults with: the
 * fingerprint of that code (src/policy/defaults.ts) is fixed when it is bundled, so it is stored
 * in the bundle instead of being recomputed from eight files on every run.
 */
async function bundledDefaultsCode() {
  const { defaultsCodeFingerprint } = await import(path.join(root, "dist/policy/defaults.js"));
  const code = defaultsCodeFingerprint();
  if (code === undefined) throw new Error("dist/policy: cannot fingerprint the compiled schema and parser (run tsc first)");
  return { AG_BUNDLED_DEFAULTS_CODE: JSON.stringify(code) };
}

/**
 * yaml's Node entry is CommonJS, which esbuild cannot tree-shake: the command-line bundles take
 * its ES module build of the same version instead (a quarter smaller; the parser is most of what
 * a YAML scan compiles). It differs only in how toJS() logs warnings, which agent-guardrail never
 * calls; test/cli/bundle-parity.test.ts compares the bundle's reports with the compiled modules'.
 */
const yamlEsm = {
  name: "yaml-esm",
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: path.join(root, "node_modules/yaml/browser/index.js") }));
  },
};

async function bundle(target, write, { banner = true } = {}) {
  const result = await build({
    ...(target === TARGETS.cli ? { define: await bundledDefaultsCode() } : {}),
    entryPoints: { [ENTRY_NAME]: path.join(root, target.entry) },
    outdir: path.join(root, target.outdir),
    ...COMMON,
    chunkNames: "chunk-[hash]",
    splitting: true,
    // A process compiles every module it loads: whitespace and the syntax esbuild can shorten are
    // a quarter of the bytes (names are kept, so stack traces still read).
    minifyWhitespace: true,
    minifySyntax: true,
    external: EXTERNAL,
    plugins: [ownImportMetaUrl(target), lazyChildProcess, yamlEsm],
    ...(banner ? { banner: REQUIRE_BANNER } : {}),
    metafile: true,
    write,
  });
  return result;
}

/** The build's own runs of the command line, which write the code cache (they cover `scan` of every input kind). */
const CODE_CACHE_RUNS = [["--help"], ["scan", "examples/templates", "examples/iam", "examples/dashboards"], ["review", "--facts", "examples/pull-requests/copilot-infra-one-approval.json"]];

/**
 * dist/cli/bundle/: the command line's chunks as CommonJS scripts (`main.cjs` for the entry,
 * `chunk-<hash>.cjs`), run by src/cli/chunk-loader.ts from `agent-guardrail.js` (package.json
 * "bin") with the V8 code cache that CODE_CACHE_RUNS write beside each chunk. Node 20 caches no
 * compiled code for ES modules; the chunks are the same as the ES module build's, each converted
 * on its own: imports of chunks become the loader's require and import, `import.meta.url` the
 * chunk's own URL, and import() of a package outside the bundle the entry module's import().
 */
async function cliBundle() {
  const outdir = path.join(root, TARGETS.cli.outdir);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  // No createRequire banner: a chunk's `require` is the loader's (chunks, then node_modules).
  const { outputFiles, metafile } = await bundle(TARGETS.cli, false, { banner: false });
  const scriptName = (file) => (path.basename(file) === `${ENTRY_NAME}.js` ? "main.cjs" : path.basename(file).replace(/\.js$/, ".cjs"));
  for (const file of outputFiles) {
    const esm = file.text.replace(/^#!.*\n/, "").replace(/\bimport\("(\.\/chunk-[A-Z0-9]+\.js)"\)/g, '__agImportChunk("$1")')
      .replace(/\bimport\("([^"]+)"\)/g, '__agImportPackage("$1")');
    const { code } = await transform(esm, {
      format: "cjs",
      loader: "js",
      target: "node20",
      define: { "import.meta.url": "__agImportMetaUrl" },
      minifyWhitespace: true,
      minifySyntax: true,
      logLevel: "warning",
    });
    const script = withPlainExports(code, scriptName(file.path));
    // The id line ties each code cache file to the chunk it was made for (src/cli/chunk-loader.ts).
    writeFileSync(path.join(outdir, scriptName(file.path)), `// chunk ${createHash("sha256").update(script).digest("hex")}\n${script}`);
  }
  // The entry is a CommonJS script (the package.json beside it says so): Node runs a CommonJS main
  // without starting its ES module loader, which took ~1.5 ms of every run. Its import() of
  // packages stays a real import(), so Octokit, an ES module only, still loads.
  writeFileSync(path.join(outdir, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
  await build({
    entryPoints: { [ENTRY_NAME]: path.join(root, "dist/cli/launch.js") },
    outdir,
    ...COMMON,
    format: "cjs",
    define: { "import.meta.url": "__agEntryUrl" },
    banner: { js: 'const __agEntryUrl = require("node:url").pathToFileURL(__filename).href;' },
    minifyWhitespace: true,
    minifySyntax: true,
  });
  // Which modules each chunk holds, for the tests that check what a command loads (test/cli/lazy-loading.test.ts).
  const chunks = Object.fromEntries(Object.entries(metafile.outputs).map(([file, out]) => [scriptName(file), Object.keys(out.inputs).sort()]));
  writeFileSync(path.join(outdir, CHUNK_INPUTS_FILE), `${JSON.stringify(chunks, null, 1)}\n`);
  // A plain run's V8 flags: a cache written under other flags is rejected.
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  for (const args of CODE_CACHE_RUNS) {
    const run = spawnSync(process.execPath, [path.join(outdir, `${ENTRY_NAME}.js`), ...args], { cwd: root, stdio: ["ignore", "ignore", "pipe"], env: { ...env, AG_WRITE_CODE_CACHE: "1" }, encoding: "utf8" });
    if (run.status !== 0 && run.status !== 1) throw new Error(`agent-guardrail ${args.join(" ")} (writing the code cache) exited ${run.status ?? run.signal}: ${run.stderr}`);
  }
}

/** The Action's files: the bundle and the build data src/policy/ reads beside itself (catalogue, managed policies). */
async function actionFiles() {
  const files = new Map();
  for (const f of (await bundle(TARGETS.action, false)).outputFiles) files.set(path.relative(root, f.path), f.text);
  const { compactCatalogue, formatCompactCatalogue } = await import(path.join(root, "dist/policy/catalogue.js"));
  files.set("action/policy/action-catalogue.json", formatCompactCatalogue(compactCatalogue()));
  // AWS managed policy documents (attached by ARN in templates and account snapshots).
  const { compactManagedPolicies } = await import(path.join(root, "dist/policy/managed-policies.js"));
  files.set("action/policy/aws-managed-policies.json", `${JSON.stringify(compactManagedPolicies())}\n`);
  return files;
}

/** dist/lambda/: one file of code (no splitting: Lambda loads one module) and the data it reads. */
async function lambdaAsset() {
  const target = TARGETS.lambda;
  rmSync(path.join(root, target.asset), { recursive: true, force: true });
  await build({
    entryPoints: { lambda: path.join(root, target.entry) },
    outdir: path.join(root, target.outdir),
    ...COMMON,
    plugins: [ownImportMetaUrl(target)],
    banner: REQUIRE_BANNER,
  });
  for (const file of LAMBDA_DATA) cpSync(path.join(root, file), path.join(root, target.asset, file));
  cpSync(path.join(root, "policies"), path.join(root, target.asset, "policies"), { recursive: true });
  const { name, version, type, license } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  writeFileSync(path.join(root, target.asset, "package.json"), `${JSON.stringify({ name, version, type, license, private: true }, null, 2)}\n`);
}

/** dist/deploy/app.js: deploy/ with the project's own modules compiled in, packages left to node_modules. */
async function deployApp() {
  const target = TARGETS.deploy;
  rmSync(path.join(root, target.outdir), { recursive: true, force: true });
  await build({
    entryPoints: { app: path.join(root, target.entry) },
    outdir: path.join(root, target.outdir),
    ...COMMON,
    packages: "external",
    plugins: [ownImportMetaUrl(target)],
  });
}

function committedFiles() {
  const files = new Map();
  for (const dir of ["action/cli", "action/policy"]) {
    if (!existsSync(path.join(root, dir))) continue; // not there yet: every expected file is reported missing
    const names = readdirSync(path.join(root, dir));
    for (const name of names) files.set(`${dir}/${name}`, readFileSync(path.join(root, dir, name), "utf8"));
  }
  return files;
}

const args = process.argv.slice(2);
if (args.includes("--action")) {
  const expected = await actionFiles();
  if (args.includes("--check")) {
    const actual = committedFiles();
    const stale = [...new Set([...expected.keys(), ...actual.keys()])].filter((f) => expected.get(f) !== actual.get(f)).sort();
    if (stale.length) {
      console.error(`action/ is not current (${stale.join(", ")}): run \`npm run build && npm run build:action\` and commit action/`);
      process.exit(1);
    }
    console.log(`action/ is current (${expected.size} files)`);
  } else {
    rmSync(path.join(root, "action/cli"), { recursive: true, force: true });
    rmSync(path.join(root, "action/policy"), { recursive: true, force: true });
    for (const [file, text] of expected) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    console.log(`action/: ${expected.size} files written (commit them)`);
  }
} else {
  await cliBundle();
  console.log(`${TARGETS.cli.outdir}/${ENTRY_NAME}.js: the command line, bundled, with its code cache`);
  await lambdaAsset();
  console.log(`${TARGETS.lambda.asset}/: the App's Lambda asset (handler dist/github/lambda.handler)`);
  await deployApp();
  console.log(`${TARGETS.deploy.outdir}/app.js: the CDK app of deploy/`);
}
