/**
 * The command line's V8 flags (src/cli/v8-flags.ts): short-run flags from the start, V8's defaults
 * again once a run has lasted LONG_RUN_MS, once, and only in a process that started with them.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { applyShortRunFlags, LONG_RUN_MS, LONG_RUN_V8_FLAGS, SHORT_RUN_V8_FLAGS, tuneForLongRun } from "../../src/cli/v8-flags.js";

const root = path.resolve(import.meta.dirname, "../..");
const TUNING = Symbol.for("agent-guardrail.v8Tuning");

afterEach(() => {
  delete (globalThis as { [TUNING]?: unknown })[TUNING];
});

function recorder(): { flags: string[]; set: (flag: string) => void } {
  const flags: string[] = [];
  return { flags, set: (flag) => flags.push(flag) };
}

describe("V8 flags of the command line", () => {
  it("switch to the long-run flags once, after LONG_RUN_MS", () => {
    const r = recorder();
    applyShortRunFlags(r.set);
    expect(r.flags).toEqual(SHORT_RUN_V8_FLAGS);
    expect(tuneForLongRun(r.set, LONG_RUN_MS - 1)).toBe(false);
    expect(r.flags).toEqual(SHORT_RUN_V8_FLAGS);
    expect(tuneForLongRun(r.set, LONG_RUN_MS)).toBe(true);
    expect(r.flags).toEqual([...SHORT_RUN_V8_FLAGS, ...LONG_RUN_V8_FLAGS]);
    expect(tuneForLongRun(r.set, 10 * LONG_RUN_MS)).toBe(false);
    expect(r.flags).toHaveLength(SHORT_RUN_V8_FLAGS.length + LONG_RUN_V8_FLAGS.length);
  });

  it("leave alone a process that did not start with the short-run flags (tests, the Action, the compiled modules)", () => {
    const r = recorder();
    expect(tuneForLongRun(r.set, 10 * LONG_RUN_MS)).toBe(false);
    expect(r.flags).toEqual([]);
  });

  it("keep the short-run flags to the end of a run that writes the code cache", () => {
    const r = recorder();
    applyShortRunFlags(r.set, true);
    expect(tuneForLongRun(r.set, 10 * LONG_RUN_MS)).toBe(false);
    expect(r.flags).toEqual(SHORT_RUN_V8_FLAGS);
  });

  it("V8 takes both sets at run time: nothing is optimized under the short-run flags, hot code is after the switch", () => {
    const flags = pathToFileURL(path.join(root, "dist/cli/v8-flags.js")).href;
    const script = `
      const { applyShortRunFlags, tuneForLongRun } = await import(${JSON.stringify(flags)});
      applyShortRunFlags();
      function hotBefore(x) { return (x * 31 + 7) % 1013; }
      let sum = 0;
      for (let i = 0; i < 2e6; i++) sum += hotBefore(i);
      if (!tuneForLongRun(undefined, 1e9)) throw new Error("no switch");
      function hotAfter(x) { return (x * 37 + 11) % 1019; }
      for (let i = 0; i < 2e6; i++) sum += hotAfter(i);
      console.log("sum", sum);
    `;
    const run = spawnSync(process.execPath, ["--trace-opt", "--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/completed optimizing .*<JSFunction hotAfter/);
    expect(run.stdout).not.toMatch(/completed optimizing .*<JSFunction hotBefore/);
  });
});
