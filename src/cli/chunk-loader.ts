/**
 * Runs the bundled command line from its chunks with a V8 code cache (issue 17). Node 20 keeps no
 * compiled code between runs of ES modules, and parsing and compiling the chunks a command loads
 * was about a quarter of a one-template scan. scripts/bundle.js therefore writes each chunk as a
 * CommonJS script (`<name>.cjs`) and, from runs of the command line at build time, the code V8
 * compiled for it (`<name>.cjs.cache`); this loader compiles each chunk through node:vm with its
 * cache. A cache V8 rejects (another Node version, other V8 flags) or one written for another
 * chunk (its first line is not the chunk's) is not used: the chunk is compiled from its text, as
 * without a cache. Chunks load when first required, as the ES module chunks did.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";

/** How one chunk names another, as esbuild wrote it (`./chunk-<hash>.js`). */
const CHUNK_SPECIFIER = /^\.\/(chunk-[A-Z0-9]+)\.js$/;
/** Where the loaded chunks are listed, for tests that check what a command loads. */
export const LOADED_CHUNKS = Symbol.for("agent-guardrail.loadedChunks");

/**
 * A chunk's first line, `// chunk <hash of the rest>`, written by the build. A cache file starts
 * with the same line: compared as text, it ties the cache to the chunk it was made for without
 * hashing the chunk on every run (that cost a tenth of a scan's own work).
 */
export function chunkId(text: string): string {
  const end = text.indexOf("\n");
  return end < 0 ? "" : text.slice(0, end);
}

/** A cache file's bytes: the chunk's id line, then V8's data. */
export function cacheFile(text: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${chunkId(text)}\n`), data]);
}

type Import = (specifier: string) => Promise<unknown>;
type ChunkFunction = (exports: object, require: (specifier: string) => unknown, module: { exports: unknown }, importMetaUrl: string, importChunk: Import, importPackage: Import) => void;

interface Chunk {
  module: { exports: unknown };
  script: vm.Script;
  text: string;
  file: string;
  /** V8 took the cache (false: none, rejected, or written for other text). */
  cached: boolean;
}

export class ChunkLoader {
  private readonly chunks = new Map<string, Chunk>();

  /**
   * @param importPackage import() of a package outside the bundle (octokit is an ES module only):
   * node:vm scripts have no import() of their own, so the entry module lends its own.
   */
  constructor(
    private readonly dir: string,
    private readonly importPackage: Import,
  ) {
    (globalThis as Record<symbol, unknown>)[LOADED_CHUNKS] = this.chunks;
  }

  /** The exports of chunk `name` (file name without `.cjs`), run on first use like a module. */
  load(name: string): unknown {
    const known = this.chunks.get(name);
    if (known) return known.module.exports;
    const file = path.join(this.dir, `${name}.cjs`);
    const text = readFileSync(file, "utf8");
    const cachedData = this.readCache(file, text);
    // Strict, as the ES modules it was made from; the wrapper's parameters stand for what a module had.
    const script = new vm.Script(`(function (exports, require, module, __agImportMetaUrl, __agImportChunk, __agImportPackage) {"use strict";${text}\n})`, {
      filename: file,
      ...(cachedData ? { cachedData } : {}),
    });
    const module = { exports: {} as unknown };
    this.chunks.set(name, { module, script, text, file, cached: cachedData !== undefined && !script.cachedDataRejected });
    const nodeRequire = createRequire(file);
    const requireChunk = (specifier: string): unknown => {
      const chunk = CHUNK_SPECIFIER.exec(specifier)?.[1];
      return chunk === undefined ? nodeRequire(specifier) : this.load(chunk);
    };
    const importChunk: Import = (specifier) => Promise.resolve().then(() => requireChunk(specifier));
    const run = script.runInThisContext() as ChunkFunction;
    run(module.exports as object, requireChunk, module, pathToFileURL(file).href, importChunk, this.importPackage);
    return module.exports;
  }

  /** V8's data from `<file>.cache` when it was written for this text; otherwise none. */
  private readCache(file: string, text: string): Buffer | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(`${file}.cache`);
    } catch {
      return undefined; // no cache (not built with one, or removed): compiled from the text
    }
    const id = chunkId(text);
    const idEnd = bytes.indexOf(0x0a);
    if (!id.startsWith("// chunk ") || idEnd !== Buffer.byteLength(id) || bytes.toString("utf8", 0, idEnd) !== id) return undefined;
    return bytes.subarray(idEnd + 1);
  }

  /** Whether each loaded chunk ran from its cache (test/cli/chunk-loader.test.ts). */
  cacheUse(): Record<string, boolean> {
    return Object.fromEntries([...this.chunks].map(([name, chunk]) => [name, chunk.cached]));
  }

  /** Writes the code V8 holds for every loaded chunk beside it (the build's runs). */
  writeCaches(): void {
    for (const chunk of this.chunks.values()) writeFileSync(`${chunk.file}.cache`, cacheFile(chunk.text, chunk.script.createCachedData()));
  }
}
