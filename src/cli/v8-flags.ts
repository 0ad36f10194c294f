/**
 * V8 flags of a command-line process (issue 17, bench/cli-process.bench.mjs). A run is one pass
 * over its inputs: the evaluation's functions meet new object shapes input by input, so code that
 * TurboFan optimized was thrown away and optimized again (a 1,594-role scan compiled
 * statementReach and collectAllows three and four times, about 1.3 s of compiler CPU for under
 * 0.8 s of run). Ignition and Sparkplug alone ran that scan in half the CPU time and a fifth less
 * wall time, and a 7,970-role one a third faster. Only the command line sets them: the CDK Aspect
 * and the GitHub App run inside long-lived processes that are not ours to tune.
 */
export const SHORT_RUN_V8_FLAGS: readonly string[] = ["--no-opt"];
