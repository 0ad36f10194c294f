/**
 * Errors of the process's own output. A reader that stops early (`agent-guardrail scan . | head`)
 * closes the pipe: the report is cut where the reader chose and the exit code stays the scan's
 * verdict, where Node would otherwise end the process on an unhandled EPIPE with a stack trace
 * (and exit code 1, which reads as "findings"). Any other failure to write the report (a full
 * disk, a closed descriptor) means no one got it: exit code 2 and a message, never a pass.
 */
import { types } from "node:util";

interface OutputStream {
  on(event: "error", listener: (error: NodeJS.ErrnoException) => void): unknown;
}

export interface OutputProcess {
  stdout: OutputStream;
  stderr: OutputStream & { write(text: string): unknown };
  exitCode?: number | string | null | undefined;
}

export function watchOutput(proc: OutputProcess): void {
  proc.stdout.on("error", (error) => {
    if (error.code === "EPIPE") return;
    proc.exitCode = 2;
    proc.stderr.write(`agent-guardrail: cannot write the report: ${error.code ?? error.message}\n`);
  });
  // Nowhere left to tell of a failed warning: the exit code says it.
  proc.stderr.on("error", (error) => {
    if (error.code !== "EPIPE") proc.exitCode = 2;
  });
}

export interface CrashableProcess {
  on(event: "uncaughtException" | "unhandledRejection", listener: (error: unknown) => void): unknown;
  stderr: { write(text: string): unknown };
  exit(code: number): void;
}

/**
 * An error no command awaits (thrown in a library's timer or event listener, a promise nobody
 * awaits) passed by main.ts's catch: Node printed its stack trace and exited 1, which reads as
 * "findings" (and, under --fail-on never, said nothing at all of a run that failed). It is
 * agent-guardrail's own failure, told as main.ts tells one: "internal error", exit code 2. At
 * once: what the run would still do after it (a report, a verdict) is not to be trusted.
 */
export function watchUncaught(proc: CrashableProcess, env: NodeJS.ProcessEnv): void {
  const fail = (error: unknown): void => {
    // isNativeError: errors of Node's own modules may come from another realm (main.ts).
    const native = types.isNativeError(error) ? error : undefined;
    proc.stderr.write(`agent-guardrail: internal error: ${native ? native.message : String(error)}\n`);
    if (env.AGENT_GUARDRAIL_DEBUG && native) proc.stderr.write(`${native.stack}\n`);
    proc.exit(2);
  };
  proc.on("uncaughtException", fail);
  proc.on("unhandledRejection", fail);
}
