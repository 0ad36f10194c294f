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
export const SHORT_RUN_V8_FLAGS: readonly string[] = ["--no-opt", "--semi-space-growth-factor=1"];
