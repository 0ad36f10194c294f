#!/usr/bin/env node
/**
 * package.json "bin" once bundled (scripts/bundle.js): the command line, run from the chunks
 * beside this file with their code cache (chunk-loader.ts). The build's own runs set
 * AG_WRITE_CODE_CACHE=1 to write that cache.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ChunkLoader } from "./chunk-loader.js";
import { applyShortRunFlags } from "./v8-flags.js";

const writingCodeCache = process.env.AG_WRITE_CODE_CACHE === "1";
// Before any chunk compiles: the code cache is written and read under these flags.
applyShortRunFlags(undefined, writingCodeCache);
// Packages resolve from here as from the chunks: both are in dist/cli/bundle/.
const loader = new ChunkLoader(path.dirname(fileURLToPath(import.meta.url)), (specifier) => import(specifier));
if (writingCodeCache) process.on("exit", () => loader.writeCaches());
loader.load("main");
