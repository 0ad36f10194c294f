// Preloaded (node --import) into a measured process: writes its peak resident memory (KB) to the
// file named by AG_BENCH_PEAK_FILE when it exits. Used by cli-process.bench.mjs for both the
// command and its floor, so the preload's own cost is on both sides.
import { writeFileSync } from "node:fs";

const file = process.env.AG_BENCH_PEAK_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
