#!/usr/bin/env node
/**
 * package.json "bin" once bundled (scripts/bundle.js): the command line, run from the chunks
 * beside this file with their code cache (chunk-loader.ts). The build's own runs set
 * AG_WRITE_CODE_CACHE=1 to write that cache.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { ChunkLoader } from "./chunk-loader.js";
import { SHORT_RUN_V8_FLAGS } from "./v8-flags.js";

// Before any chunk compiles: the code cache is written and read under these flags.
for (const flag of SHORT_RUN_V8_FLAGS) v8.setFlagsFromString(flag);
// Packages resolve from here as from the chunks: both are in dist/cli/bundle/.
const loader = new ChunkLoader(path.dirname(fileURLToPath(import.meta.url)), (specifier) => import(specifier));
if (process.env.AG_WRITE_CODE_CACHE === "1") process.on("exit", () => loader.writeCaches());
loader.load("main");
