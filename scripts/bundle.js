#!/usr/bin/env node
// Bundles the command line with esbuild (issue 17: one file to load instead of ~160 modules).
//
//   node scripts/bundle.js            part of `npm run build`, after tsc: dist/cli/bundle/, from
//                                     the compiled dist/ (package.json "bin"). Not in git.
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
import { build } from "esbuild";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// @aws-cdk/cloudformation-diff reads its schema database beside its own files: it cannot be bundled.
const EXTERNAL = ["@aws-sdk/*", "@smithy/*", "@octokit/*", "octokit", "probot", "@aws-cdk/*"];
const ENTRY_NAME = "agent-guardrail";

const TARGETS = {
  cli: { from: "dist", entry: "dist/cli/bin.js", mirror: "dist", outdir: "dist/cli/bundle" },
  action: { from: "src", entry: "src/cli/bin.ts", mirror: "action", outdir: "action/cli" },
};

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

async function bundle(target, write) {
  const result = await build({
    entryPoints: { [ENTRY_NAME]: path.join(root, target.entry) },
    outdir: path.join(root, target.outdir),
    chunkNames: "chunk-[hash]",
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: EXTERNAL,
    plugins: [ownImportMetaUrl(target)],
    // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
    banner: { js: 'import { createRequire as __agCreateRequire } from "node:module";\nconst require = __agCreateRequire(import.meta.url);' },
    absWorkingDir: root,
    legalComments: "none",
    logLevel: "warning",
    write,
  });
  return result.outputFiles;
}

/** The Action's files: the bundle and the build data src/policy/ reads beside itself (catalogue, managed policies). */
async function actionFiles() {
  const files = new Map();
  for (const f of await bundle(TARGETS.action, false)) files.set(path.relative(root, f.path), f.text);
  const { compactCatalogue } = await import(path.join(root, "dist/policy/catalogue.js"));
  files.set("action/policy/action-catalogue.json", `${JSON.stringify(compactCatalogue())}\n`);
  // AWS managed policy documents (attached by ARN in templates and account snapshots).
  const { compactManagedPolicies } = await import(path.join(root, "dist/policy/managed-policies.js"));
  files.set("action/policy/aws-managed-policies.json", `${JSON.stringify(compactManagedPolicies())}\n`);
  return files;
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
  rmSync(path.join(root, TARGETS.cli.outdir), { recursive: true, force: true });
  await bundle(TARGETS.cli, true);
  console.log(`${TARGETS.cli.outdir}/${ENTRY_NAME}.js: the command line, bundled`);
}
