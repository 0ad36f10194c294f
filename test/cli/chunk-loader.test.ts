/**
 * The bundle's chunk loader (src/cli/chunk-loader.ts): chunks run like the modules they were made
 * from, and a code cache is used only when V8 takes it and it was written for that chunk; every
 * other case compiles the chunk from its text and runs it the same.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ChunkLoader, chunkId, LOADED_CHUNKS } from "../../src/cli/chunk-loader.js";

let dir: string;
const write = (name: string, body: string, id = `// chunk ${name}-1`): void => writeFileSync(path.join(dir, `${name}.cjs`), `${id}\n${body}`);
const noPackages = (specifier: string): Promise<unknown> => Promise.reject(new Error(`no package ${specifier} here`));

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ag-chunks-"));
  // What esbuild's CommonJS conversion of the ES module chunks looks like, in small.
  write("main", 'var shared = require("./chunk-AAAA.js"); exports.sum = shared.add(2, 3); exports.url = __agImportMetaUrl; exports.later = () => __agImportChunk("./chunk-BBBB.js"); exports.pkg = () => __agImportPackage("octokit");');
  write("chunk-AAAA", 'exports.add = (a, b) => a + b; exports.back = () => require("./chunk-CCCC.js").value;');
  write("chunk-BBBB", 'exports.loaded = "later";');
  write("chunk-CCCC", 'var a = require("./chunk-AAAA.js"); exports.value = typeof a.add;');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("ChunkLoader", () => {
  it("runs chunks like modules: required once, import() on demand, their own import.meta.url, packages through the entry", async () => {
    const imported: string[] = [];
    const loader = new ChunkLoader(dir, (specifier) => {
      imported.push(specifier);
      return Promise.resolve({ Octokit: "octokit's" });
    });
    const main = loader.load("main") as { sum: number; url: string; later: () => Promise<{ loaded: string }>; pkg: () => Promise<{ Octokit: string }> };
    expect(main.sum).toBe(5);
    expect(main.url).toBe(pathToFileURL(path.join(dir, "main.cjs")).href);
    expect(Object.keys(loader.cacheUse())).toEqual(["main", "chunk-AAAA"]); // chunk-BBBB not yet
    expect((await main.later()).loaded).toBe("later");
    expect((await main.pkg()).Octokit).toBe("octokit's");
    expect(imported).toEqual(["octokit"]);
    expect(loader.load("main")).toBe(main); // run once
    // A cycle (AAAA → CCCC → AAAA) sees the exports already set, as between modules.
    expect((loader.load("chunk-AAAA") as { back: () => string }).back()).toBe("function");
    expect([...((globalThis as Record<symbol, Map<string, unknown>>)[LOADED_CHUNKS]?.keys() ?? [])]).toEqual(["main", "chunk-AAAA", "chunk-BBBB", "chunk-CCCC"]);
  });

  it("runs chunks in strict mode, as the ES modules they were made from", () => {
    write("chunk-DDDD", "undeclared = 1;");
    // (Thrown in Node's own realm, not Jest's: matched by message.)
    expect(() => new ChunkLoader(dir, noPackages).load("chunk-DDDD")).toThrow(/undeclared is not defined/);
  });

  it("requires anything else as Node does, from beside the chunk", () => {
    writeFileSync(path.join(dir, "helper.cjs"), "module.exports = { helper: true };");
    write("chunk-EEEE", 'exports.sep = require("node:path").sep; exports.helper = require("./helper.cjs").helper;');
    expect(new ChunkLoader(dir, noPackages).load("chunk-EEEE")).toEqual({ sep: path.sep, helper: true });
  });

  it("a missing chunk is an error naming it, never an empty module", () => {
    write("chunk-FFFF", 'require("./chunk-ZZZZ.js");');
    expect(() => new ChunkLoader(dir, noPackages).load("chunk-FFFF")).toThrow(/chunk-ZZZZ\.cjs/);
  });

  describe("code cache", () => {
    // V8 keeps what a process compiled: only a fresh process shows whether a cache is taken. Each
    // run loads `main` with the compiled loader (dist/, built by `npm ci`), as the command line does.
    const compiledLoader = pathToFileURL(path.resolve(import.meta.dirname, "../../dist/cli/chunk-loader.js")).href;
    function run(writeCaches = false): { sum: number; cached: Record<string, boolean> } {
      const script = `import { ChunkLoader } from ${JSON.stringify(compiledLoader)};
        const loader = new ChunkLoader(${JSON.stringify(dir)}, (s) => import(s));
        const { sum } = loader.load("main");
        if (${writeCaches}) loader.writeCaches();
        process.stdout.write(JSON.stringify({ sum, cached: loader.cacheUse() }));`;
      const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
      if (child.status !== 0) throw new Error(child.stderr);
      return JSON.parse(child.stdout) as { sum: number; cached: Record<string, boolean> };
    }

    it("is written for every loaded chunk and taken by the next run", () => {
      expect(run(true)).toEqual({ sum: 5, cached: { main: false, "chunk-AAAA": false } });
      expect(readFileSync(path.join(dir, "main.cjs.cache")).subarray(0, 16).toString()).toBe("// chunk main-1\n");
      expect(run()).toEqual({ sum: 5, cached: { main: true, "chunk-AAAA": true } });
    });

    it("without a cache file, the chunk is compiled from its text", () => {
      run(true);
      unlinkSync(path.join(dir, "chunk-AAAA.cjs.cache"));
      expect(run()).toEqual({ sum: 5, cached: { main: true, "chunk-AAAA": false } });
    });

    it("a cache written for another build of the chunk is not used, though V8 would take it", () => {
      run(true);
      // Same length, so V8's own check (the text's length) passes: only the id line tells them apart.
      const length = readFileSync(path.join(dir, "chunk-AAAA.cjs"), "utf8").length;
      const id = "// chunk chunk-AAAA-2";
      write("chunk-AAAA", "exports.add = (a, b) => a * b; exports.back = () => 0;".padEnd(length - id.length - 1), id);
      expect(readFileSync(path.join(dir, "chunk-AAAA.cjs"), "utf8")).toHaveLength(length);
      expect(run()).toEqual({ sum: 6, cached: { main: true, "chunk-AAAA": false } }); // the new text ran: 2 * 3
    });

    it("a cache V8 rejects (damaged, another Node version) leaves the chunk compiled from its text", () => {
      run(true);
      const file = path.join(dir, "main.cjs.cache");
      const bytes = readFileSync(file);
      writeFileSync(file, Buffer.concat([bytes.subarray(0, bytes.indexOf(0x0a) + 1), Buffer.alloc(bytes.length, 7)]));
      expect(run()).toEqual({ sum: 5, cached: { main: false, "chunk-AAAA": true } });
    });

    it("a chunk without an id line never takes a cache", () => {
      writeFileSync(path.join(dir, "main.cjs"), readFileSync(path.join(dir, "main.cjs"), "utf8").split("\n")[1] as string);
      expect(run(true).cached.main).toBe(false);
      expect(run().cached.main).toBe(false);
      expect(chunkId("exports.x = 1;")).toBe("");
    });

    it("the command line's own chunks run from the cache the build wrote", () => {
      const bin = path.resolve(import.meta.dirname, "../../dist/cli/bundle/agent-guardrail.js");
      const report = path.join(dir, "chunks.json");
      const preload = path.join(dir, "report.mjs");
      writeFileSync(preload, `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.fromEntries([...globalThis[Symbol.for("agent-guardrail.loadedChunks")]].map(([name, chunk]) => [name, chunk.cached])))));\n`);
      for (const args of [["--help"], ["scan", "examples/templates/orders-prod.template.yaml"]]) {
        const child = spawnSync(process.execPath, ["--import", preload, bin, ...args], { cwd: path.resolve(import.meta.dirname, "../.."), encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
        expect([0, 1]).toContain(child.status);
        const cached = JSON.parse(readFileSync(report, "utf8")) as Record<string, boolean>;
        expect(Object.keys(cached).length).toBeGreaterThan(1);
        expect(Object.entries(cached).filter(([, taken]) => !taken)).toEqual([]);
      }
    });

    it("the command line runs with its short-run V8 flags: no optimizing compiler (src/cli/v8-flags.ts)", () => {
      const bin = path.resolve(import.meta.dirname, "../../dist/cli/bundle/agent-guardrail.js");
      const report = path.join(dir, "optimized.json");
      const preload = path.join(dir, "optimize.mjs");
      // Asks V8 to optimize a function once the command is done: bit 4 of its status says it was.
      writeFileSync(
        preload,
        `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => {\n  const f = new Function("x", "return x + 1");\n` +
          `  const status = new Function("f", "%PrepareFunctionForOptimization(f); f(1); f(2); %OptimizeFunctionOnNextCall(f); f(3); return %GetOptimizationStatus(f);")(f);\n` +
          `  writeFileSync(${JSON.stringify(report)}, JSON.stringify((status & 16) !== 0));\n});\n`,
      );
      const optimized = (args: string[]): boolean => {
        const child = spawnSync(process.execPath, ["--allow-natives-syntax", "--import", preload, ...args], { cwd: path.resolve(import.meta.dirname, "../.."), encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
        expect(child.status).toBe(0);
        return JSON.parse(readFileSync(report, "utf8")) as boolean;
      };
      expect(optimized(["-e", "0"])).toBe(true); // the probe works: plain Node optimizes
      expect(optimized([bin, "--version"])).toBe(false);
    });
  });
});
