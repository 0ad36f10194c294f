#!/usr/bin/env node
/**
 * package.json "bin" once bundled (scripts/bundle.js): the command line, run from the chunks
 * beside this file with their code cache (chunk-loader.ts). The build's own runs set
 * AG_WRITE_CODE_CACHE=1 to write that cache.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { types } from "node:util";
import { ChunkLoader } from "./chunk-loader.js";
import { applyShortRunFlags } from "./v8-flags.js";

const writingCodeCache = process.env.AG_WRITE_CODE_CACHE === "1";
// Before any chunk compiles: the code cache is written and read under these flags.
applyShortRunFlags(undefined, writingCodeCache);
// Packages resolve from here as from the chunks: both are in dist/cli/bundle/.
const loader = new ChunkLoader(path.dirname(fileURLToPath(import.meta.url)), (specifier) => import(specifier));
if (writingCodeCache) process.on("exit", () => loader.writeCaches());
/**
 * The entry chunk runs the command line, whose own errors end in exit code 2 (bin.ts, main.ts).
 * One that cannot even be loaded (a broken install: a chunk missing or unreadable beside this file)
 * threw out of this top level, so Node printed a stack trace and exited 1, which reads as
 * "findings": it is an internal error, exit code 2, like any other.
 */
try {
  loader.load("main");
} catch (error) {
  const native = types.isNativeError(error) ? error : undefined;
  process.stderr.write(`agent-guardrail: internal error: the command line could not start: ${native ? native.message : String(error)} (reinstall agent-guardrail)\n`);
  if (process.env.AGENT_GUARDRAIL_DEBUG && native) process.stderr.write(`${native.stack}\n`);
  process.exitCode = 2;
}
