/**
 * V8 flags of a command-line process (issue 17, bench/cli-process.bench.mjs), set by the entry
 * before any chunk compiles (flags given to `node` itself would make V8 reject the code cache).
 *
 * `--no-opt`: a run is one pass over its inputs: the evaluation's functions meet new object
 * shapes input by input, so code that TurboFan optimized was thrown away and optimized again (a
 * 1,594-role scan compiled statementReach and collectAllows three and four times, about 1.3 s of
 * compiler CPU for under 0.8 s of run). Ignition and Sparkplug alone ran that scan in half the
 * CPU time and a fifth less wall time, and a 7,970-role one a third faster.
 *
 * `--semi-space-growth-factor=1`: the young generation keeps its first size (1 MB semi-spaces)
 * instead of growing to 16 MB once a parsed input survives: allocation stays in the processor's
 * cache. The 1,594-role scan took 6 % less wall time and 10 % less CPU; template scans, an 11.7 MB
 * pretty-printed account and a 7,970-role one took the same. V8 reads this flag each time it would
 * grow the young generation, so setting it at run time takes effect (the semi-space sizes
 * themselves are fixed when the process starts).
 *
 * Only the command line sets them: the CDK Aspect and the GitHub App run inside long-lived
 * processes that are not ours to tune.
 */
import v8 from "node:v8";

export const SHORT_RUN_V8_FLAGS: readonly string[] = ["--no-opt", "--semi-space-growth-factor=1"];

/**
 * A run still going after this long (process time, ms) is a long one: a scan of a repository's
 * thousands of files spends seconds in the YAML parser, where TurboFan's code pays for its
 * compilation many times over. aws-samples/serverless-patterns (4,364 files) took 3.6 s with the
 * short-run flags throughout, 2.8 s with V8's defaults throughout, and 2.7 s switching to
 * LONG_RUN_V8_FLAGS after one second; every case of the CLI benchmark ends before it.
 */
export const LONG_RUN_MS = 1000;

/** V8's defaults again: TurboFan, and a young generation that grows with what survives. */
export const LONG_RUN_V8_FLAGS: readonly string[] = ["--turbofan", "--semi-space-growth-factor=2"];

const setV8Flag = (flag: string): void => v8.setFlagsFromString(flag);

/** Which flags this process runs with, shared by the entry and the chunks (each bundles its own copy of this module). */
const TUNING = Symbol.for("agent-guardrail.v8Tuning");
type Tuning = "short" | "fixed" | "long";
const state = globalThis as { [TUNING]?: Tuning };

/**
 * The entry's call, before any chunk compiles. `forWholeRun`: keep them to the end (the build's
 * runs that write the code cache: a cache written under other flags is rejected).
 */
export function applyShortRunFlags(setFlags: (flag: string) => void = setV8Flag, forWholeRun = false): void {
  for (const flag of SHORT_RUN_V8_FLAGS) setFlags(flag);
  state[TUNING] = forWholeRun ? "fixed" : "short";
}

/**
 * Asked between units of work (a file read, an input evaluated): once a process that started with
 * the short-run flags has run LONG_RUN_MS, it switches to LONG_RUN_V8_FLAGS, once. Flags decide
 * speed only, never a verdict. Processes that did not start with them (tests, the Action, the
 * compiled modules) are left alone. `now`: milliseconds since the process started.
 */
export function tuneForLongRun(setFlags: (flag: string) => void = setV8Flag, now: number = process.uptime() * 1000): boolean {
  if (state[TUNING] !== "short" || now < LONG_RUN_MS) return false;
  state[TUNING] = "long";
  for (const flag of LONG_RUN_V8_FLAGS) setFlags(flag);
  return true;
}
