/**
 * Errors of the command line's own output (src/cli/output-errors.ts): a reader that closes the
 * pipe early leaves the verdict as the exit code, with no stack trace; any other failed write of
 * the report is exit code 2, never a pass.
 */
import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { copyFileSync, existsSync, mkdtempSync, openSync, closeSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { watchOutput, watchUncaught, type OutputProcess } from "../../src/cli/output-errors.js";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
const bin = path.join(root, pkg.bin["agent-guardrail"] as string);

function fakeProcess(): OutputProcess & { stdout: EventEmitter; stderr: EventEmitter & { written: string[]; write(text: string): boolean } } {
  const stderr = Object.assign(new EventEmitter(), {
    written: [] as string[],
    write(text: string): boolean {
      stderr.written.push(text);
      return true;
    },
  });
  return { stdout: new EventEmitter(), stderr };
}

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`write ${code}`), { code });

describe("watchOutput", () => {
  it("a closed pipe on stdout leaves the exit code and says nothing", () => {
    const proc = fakeProcess();
    watchOutput(proc);
    proc.exitCode = 1;
    proc.stdout.emit("error", errno("EPIPE"));
    expect(proc.exitCode).toBe(1);
    expect(proc.stderr.written).toEqual([]);
  });

  it("any other failed write of the report is exit code 2 with the reason, even after a clean verdict", () => {
    for (const code of ["ENOSPC", "EIO", "EBADF"]) {
      const proc = fakeProcess();
      watchOutput(proc);
      proc.exitCode = 0;
      proc.stdout.emit("error", errno(code));
      expect(proc.exitCode).toBe(2);
      expect(proc.stderr.written).toEqual([`agent-guardrail: cannot write the report: ${code}\n`]);
    }
  });

  it("an error without a code is named by its message", () => {
    const proc = fakeProcess();
    watchOutput(proc);
    proc.stdout.emit("error", new Error("stream destroyed"));
    expect(proc.exitCode).toBe(2);
    expect(proc.stderr.written).toEqual(["agent-guardrail: cannot write the report: stream destroyed\n"]);
  });

  it("stderr: a closed pipe is ignored, another failure is exit code 2", () => {
    const proc = fakeProcess();
    watchOutput(proc);
    proc.exitCode = 1;
    proc.stderr.emit("error", errno("EPIPE"));
    expect(proc.exitCode).toBe(1);
    proc.stderr.emit("error", errno("EIO"));
    expect(proc.exitCode).toBe(2);
  });
});

/**
 * An error no command awaits (thrown in a timer or an event listener of a library, a promise
 * nobody awaits) ended the process with Node's stack trace and exit code 1, which reads as
 * "findings" (and under --fail-on never the run had no other way to say it failed). It is
 * agent-guardrail's own failure: "internal error", exit code 2, at once (what ran after it is not
 * to be trusted), as main.ts ends every error it catches.
 */
describe("watchUncaught", () => {
  function crashable() {
    const exits: number[] = [];
    return Object.assign(new EventEmitter(), { stderr: fakeProcess().stderr, exitCode: undefined as number | undefined, exits, exit: (code: number) => void exits.push(code) });
  }

  it("an uncaught exception or an unhandled rejection is an internal error, exit code 2 at once", () => {
    for (const event of ["uncaughtException", "unhandledRejection"] as const) {
      const proc = crashable();
      watchUncaught(proc, {});
      proc.exitCode = 0;
      proc.emit(event, new Error("socket hang up"));
      expect(proc.stderr.written).toEqual(["agent-guardrail: internal error: socket hang up\n"]);
      expect(proc.exits).toEqual([2]);
    }
  });

  it("a thrown non-error is named as it is; the stack only with AGENT_GUARDRAIL_DEBUG", () => {
    const proc = crashable();
    watchUncaught(proc, { AGENT_GUARDRAIL_DEBUG: "1" });
    proc.emit("unhandledRejection", "gone");
    proc.emit("uncaughtException", new Error("boom"));
    expect(proc.stderr.written[0]).toBe("agent-guardrail: internal error: gone\n");
    expect(proc.stderr.written[1]).toBe("agent-guardrail: internal error: boom\n");
    expect(proc.stderr.written[2]).toMatch(/^Error: boom\n\s+at /);
  });

  it("in the bundled command line: exit code 2, one line, no stack trace, also under --fail-on never", async () => {
    // A promise nobody awaits, rejected as the report is written (the verdict, 0, is already known).
    const late = 'data:text/javascript,const w=process.stdout.write.bind(process.stdout);process.stdout.write=(...a)=>{Promise.reject(new Error("late failure"));return w(...a)}';
    const child = spawn(process.execPath, ["--import", late, bin, "scan", "examples", "--fail-on", "never"], { cwd: root, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, AGENT_GUARDRAIL_DEBUG: "" } });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("agent-guardrail: internal error: late failure\n");
    expect(code).toBe(2);
  });
});

describe("the bundled command line with a reader that stops early", () => {
  // examples/ has findings (exit code 1). The test closes its end of the pipe before the report is
  // written, so the first write meets EPIPE whatever the report's size.
  it("keeps the verdict as its exit code and prints no stack trace", async () => {
    const child = spawn(process.execPath, [bin, "scan", "examples"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(1);
  });

  // /dev/full (Linux) fails every write with ENOSPC: the report reached no one.
  (existsSync("/dev/full") ? it : it.skip)("a report that cannot be written is exit code 2, not the verdict", async () => {
    const full = openSync("/dev/full", "w");
    try {
      const child = spawn(process.execPath, [bin, "scan", "examples"], { cwd: root, stdio: ["ignore", full, "pipe"] });
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(stderr).toBe("agent-guardrail: cannot write the report: ENOSPC\n");
      expect(code).toBe(2);
    } finally {
      closeSync(full);
    }
  });
});

describe("--output FILE that cannot be written", () => {
  /** main() in-process, its standard error and output kept. */
  async function run(argv: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
    let stderr = "";
    let stdout = "";
    const [err, out] = [process.stderr.write.bind(process.stderr), process.stdout.write.bind(process.stdout)];
    process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
    process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
    try {
      return { code: await main(argv), stderr, stdout };
    } finally {
      process.stderr.write = err;
      process.stdout.write = out;
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), "ag-output-"));
  const template = path.join(root, "examples/templates/orders-staging.template.json");
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  // A mistyped directory or a directory given as the file is the user's mistake, not agent-guardrail's:
  // the reason and the file, exit code 2 (never the verdict: nobody got the report), no "internal error".
  it.each([
    ["a directory that does not exist", path.join(dir, "no-such-directory", "report.sarif"), "ENOENT"],
    ["a directory", dir, "EISDIR"],
  ])("scan: %s is exit code 2 naming the file and the reason", async (_what, output, code) => {
    const result = await run(["scan", template, "--format", "sarif", "--output", output]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^agent-guardrail: cannot write the report to ${escaped(output)}: ${code}\\b[^\\n]*\\n$`));
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.stdout).toBe("");
  });

  it("boundary: the same (exit code 2, not 0 with nothing written)", async () => {
    const output = path.join(dir, "no-such-directory", "boundary.json");
    const result = await run(["boundary", "--output", output]);
    expect(result.code).toBe(2);
    // After the boundary's own headline lines on standard error.
    expect(result.stderr).toMatch(new RegExp(`\\nagent-guardrail: cannot write the report to ${escaped(output)}: ENOENT\\b[^\\n]*\\n$`));
    expect(result.stderr).not.toMatch(/internal error/);
  });
});

describe("the bundled launcher when the command line cannot start", () => {
  // A broken install (the entry chunk missing beside the launcher) threw out of the launcher's top
  // level: Node printed a stack trace and exited 1, which reads as "findings".
  it("is exit code 2 with one line, no stack trace", async () => {
    const lone = mkdtempSync(path.join(tmpdir(), "ag-launch-"));
    for (const file of [path.basename(bin), "package.json"]) copyFileSync(path.join(path.dirname(bin), file), path.join(lone, file));
    const child = spawn(process.execPath, [path.join(lone, path.basename(bin)), "scan", "examples"], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, AGENT_GUARDRAIL_DEBUG: "" } });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toMatch(/^agent-guardrail: internal error: the command line could not start: ENOENT[^\n]*main\.cjs[^\n]*\n$/);
    expect(code).toBe(2);
  });
});
