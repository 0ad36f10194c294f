#!/usr/bin/env node
import { main } from "./main.js";
import { watchOutput, watchUncaught } from "./output-errors.js";

watchOutput(process);
watchUncaught(process, process.env);
main(process.argv.slice(2)).then(
  (code) => {
    // A failed write of the report (output-errors.ts) already set 2: it stays.
    if (process.exitCode !== 2) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`agent-guardrail: internal error: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
