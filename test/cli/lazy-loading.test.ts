/**
 * The command line loads only what a command needs (issue 17), checked on the bundled entry that
 * package.json "bin" names (built by `npm run build`): the process records every module it loads
 * (a module-load hook for ES modules, the require cache for CommonJS ones, built-in modules) and
 * the bundle's chunks its loader ran (src/cli/chunk-loader.ts).
 * - `--help`, `--version`: neither the AWS SDK nor Octokit, nor zod or yaml; with `scan`, neither
 *   node:child_process nor node:crypto (each loads dozens of built-in modules);
 * - `scan`, `review --facts`: neither the AWS SDK nor Octokit; `scan` without `--config` not zod
 *   either (the build's validated defaults need no schema), with `--config` it does; `scan` of a
 *   JSON input not yaml either;
 * - `audit`, `changeset`: the AWS clients, not Octokit;
 * - `review --repo`: Octokit, not the AWS SDK.
 * Remote commands are pointed at a loopback server that refuses every request (401), so they fail
 * fast (exit 2) after loading, without retries.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
const bin = path.join(root, pkg.bin["agent-guardrail"] as string);
let work: string;
let register: string;
let refusing: http.Server;
let endpoint: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "ag-lazy-"));
  const hooks = path.join(work, "hooks.mjs");
  writeFileSync(hooks, 'import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) {\n  appendFileSync(process.env.AG_LOADED_FILE, url + "\\n");\n  return next(url, context);\n}\n');
  register = path.join(work, "register.mjs");
  // Built-in modules do not pass the load hook: the process lists those it loaded when it exits.
  writeFileSync(
    register,
    `import { appendFileSync } from "node:fs";\nimport { createRequire, register } from "node:module";\nimport { pathToFileURL } from "node:url";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n` +
      `process.on("exit", () => appendFileSync(process.env.AG_LOADED_FILE, process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => "builtin:" + m.slice(13) + "\\n").join("")));\n` +
      // The bundle's chunks are scripts its loader compiles (src/cli/chunk-loader.ts), not modules: it lists them.
      `process.on("exit", () => appendFileSync(process.env.AG_LOADED_FILE, [...(globalThis[Symbol.for("agent-guardrail.loadedChunks")]?.values() ?? [])].map((c) => pathToFileURL(c.file).href + "\\n").join("")));\n` +
      // Packages the chunks require() (the AWS SDK) do not pass the load hook either.
      `process.on("exit", () => appendFileSync(process.env.AG_LOADED_FILE, Object.keys(createRequire(import.meta.url).cache).map((f) => pathToFileURL(f).href + "\\n").join("")));\n`,
  );
  refusing = http.createServer((_req, res) => {
    res.writeHead(401, { "content-type": "application/json" });
    res.end('{"message":"Bad credentials"}');
  });
  await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await new Promise((resolve) => refusing.close(resolve));
});

/** Runs the CLI (asynchronously: the loopback server answers from this process) and lists what it loaded. */
async function loaded(args: string[], env: Record<string, string> = {}, entry: string = bin): Promise<{ status: number | null; modules: string[]; builtins: string[] }> {
  const file = path.join(work, `loaded-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, "");
  const child = spawn(process.execPath, ["--import", register, entry, ...args], {
    cwd: root,
    stdio: "ignore",
    env: { ...process.env, AG_LOADED_FILE: file, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_REGION: "us-east-1", AWS_MAX_ATTEMPTS: "1", ...env },
  });
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
  return { status, modules: lines.filter((m) => !m.startsWith("builtin:")), builtins: lines.filter((m) => m.startsWith("builtin:")).map((m) => m.slice("builtin:".length)) };
}

const uses = (modules: string[], pattern: RegExp): boolean => modules.some((m) => pattern.test(m));

/** The modules bundled into the chunks a process loaded (the build lists each chunk's inputs beside it). */
function bundledIn(modules: string[], entry: string = bin): string[] {
  const chunks = JSON.parse(readFileSync(path.join(path.dirname(entry), "chunk-inputs.json"), "utf8")) as Record<string, string[]>;
  return modules.filter((m) => m.startsWith(pathToFileURL(path.dirname(entry)).href + "/")).flatMap((m) => chunks[path.basename(m)] ?? [`unlisted chunk ${m}`]);
}
const AWS = /\/node_modules\/@aws-sdk\//;
const OCTOKIT = /\/node_modules\/(octokit|@octokit)\//;

describe("lazy loading of the bundled command line", () => {
  it.each([["--help"], ["--version"]])("%s loads commander only", async (flag) => {
    const { status, modules } = await loaded([flag]);
    expect(status).toBe(0);
    expect(uses(modules, AWS)).toBe(false);
    expect(uses(modules, OCTOKIT)).toBe(false);
    expect(modules.filter((m) => m.includes("/node_modules/"))).toEqual([]); // zod, yaml: bundled, and not in a loaded chunk either
    // The launcher, its entry chunk and a few shared ones; the built-ins the launcher imports (node:vm, node:v8) are not counted.
    // The launcher is a CommonJS script: the load hook and the require cache both list it, once counted.
    expect(new Set(modules.filter((m) => !m.startsWith("node:"))).size).toBeLessThan(8);
  });

  it("scan and review --facts load neither the AWS SDK nor Octokit", async () => {
    for (const args of [["scan", "examples/templates/orders-prod.template.yaml"], ["review", "--facts", "examples/pull-requests/copilot-infra-one-approval.json"]]) {
      const { status, modules } = await loaded(args);
      expect([0, 1]).toContain(status);
      expect(uses(modules, AWS)).toBe(false);
      expect(uses(modules, OCTOKIT)).toBe(false);
    }
  });

  it("--help and scan load neither node:child_process (commander's, for executable subcommands), node:crypto nor node:fs/promises (with readline and the file watchers; its internal module is the test hooks' own)", async () => {
    for (const args of [["--help"], ["scan", "examples/templates/orders-prod.template.yaml"], ["scan", "examples/iam", "--output", path.join(work, "scan-output.txt")]]) {
      const { status, builtins } = await loaded(args);
      expect([0, 1]).toContain(status);
      expect(builtins).toContain("fs"); // the list is there
      expect(builtins.filter((m) => m === "child_process" || m === "crypto" || m === "fs/promises")).toEqual([]);
    }
  });

  it("scan loads zod only to validate a --config file", async () => {
    const ZOD = /(^|\/)node_modules\/zod\//;
    const plain = await loaded(["scan", "examples/templates/orders-prod.template.yaml"]);
    expect([0, 1]).toContain(plain.status);
    expect(bundledIn(plain.modules).some((m) => m.endsWith("/cli/scan-run.js"))).toBe(true);
    expect(uses(bundledIn(plain.modules), ZOD)).toBe(false);
    const config = path.join(work, "agent-guardrail.yml");
    writeFileSync(config, "production:\n  accounts: ['111111111111']\n");
    const configured = await loaded(["scan", "--config", config, "examples/templates/orders-prod.template.yaml"]);
    expect([0, 1]).toContain(configured.status);
    expect(uses(bundledIn(configured.modules), ZOD)).toBe(true);
  });

  it("the bundle trusts the build's validated defaults only when they come from the code it bundled", async () => {
    const ZOD = /(^|\/)node_modules\/zod\//;
    // An installed copy: the bundle, the data it reads beside it, the shipped policies.
    const tree = path.join(work, "installed");
    for (const part of ["dist/cli/bundle", "dist/policy", "policies", "package.json"]) cpSync(path.join(root, part), path.join(tree, part), { recursive: true });
    const entry = path.join(tree, path.relative(root, bin));
    const template = path.join(root, "examples/templates/orders-prod.template.yaml");
    const current = await loaded(["scan", "--format", "json", template], {}, entry);
    expect(current.status).toBe(1);
    expect(uses(bundledIn(current.modules, entry), ZOD)).toBe(false);
    // A cache written by other code (another build's schema or parser): validated again, same verdict.
    const cacheFile = path.join(tree, "dist/policy/defaults-cache.json");
    const cache = JSON.parse(readFileSync(cacheFile, "utf8")) as { code: string };
    writeFileSync(cacheFile, JSON.stringify({ ...cache, code: `${cache.code} ` }));
    const stale = await loaded(["scan", "--format", "json", template], {}, entry);
    expect(stale.status).toBe(1);
    expect(uses(bundledIn(stale.modules, entry), ZOD)).toBe(true);
  });

  it("scan loads the YAML parser only for a YAML input", async () => {
    const YAML = /(^|\/)node_modules\/yaml\//;
    const json = await loaded(["scan", "examples/templates/orders-staging.template.json"]);
    expect([0, 1]).toContain(json.status);
    expect(bundledIn(json.modules).some((m) => m.endsWith("/core/source/json.js"))).toBe(true);
    expect(uses(bundledIn(json.modules), YAML)).toBe(false);
    const yaml = await loaded(["scan", "examples/templates/orders-prod.template.yaml"]);
    expect([0, 1]).toContain(yaml.status);
    expect(uses(bundledIn(yaml.modules), YAML)).toBe(true);
    // A JSON template whose stack set's TemplateBody is YAML: loaded for it, and the body judged
    // (its agent role's AdministratorAccess is an error, 1; unread it would be an input error, 2).
    const body = "Resources:\n  KiroAgentRole:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: kiro-agent\n      AssumeRolePolicyDocument:\n        Statement:\n          - { Effect: Allow, Principal: { Service: bedrock.amazonaws.com }, Action: sts:AssumeRole }\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]\n";
    const stackSet = path.join(work, "stack-set.template.json");
    writeFileSync(stackSet, JSON.stringify({ Resources: { Baseline: { Type: "AWS::CloudFormation::StackSet", Properties: { StackSetName: "baseline", PermissionModel: "SERVICE_MANAGED", TemplateBody: body } } } }));
    const embedded = await loaded(["scan", stackSet]);
    expect(embedded.status).toBe(1);
    expect(uses(bundledIn(embedded.modules), YAML)).toBe(true);
  });

  it("audit and changeset load the AWS clients, not Octokit", async () => {
    for (const args of [["audit"], ["changeset", "--stack-name", "orders-prod", "--change-set-name", "pr-1"]]) {
      const { status, modules } = await loaded(args, { AWS_ENDPOINT_URL: endpoint });
      expect(status).toBe(2);
      expect(uses(modules, /\/node_modules\/@aws-sdk\/client-(iam|cloudformation|sts)\//)).toBe(true);
      expect(uses(modules, OCTOKIT)).toBe(false);
    }
  });

  it("review --repo loads Octokit, not the AWS SDK", async () => {
    const { status, modules } = await loaded(["review", "--repo", "acme/platform", "--pr", "1"], { GITHUB_TOKEN: "ghs_example", GITHUB_API_URL: endpoint });
    expect(status).toBe(2);
    expect(uses(modules, OCTOKIT)).toBe(true);
    expect(uses(modules, AWS)).toBe(false);
  });
});
