/**
 * Errors of the process's own output. A reader that stops early (`agent-guardrail scan . | head`)
 * closes the pipe: the report is cut where the reader chose and the exit code stays the scan's
 * verdict, where Node would otherwise end the process on an unhandled EPIPE with a stack trace
 * (and exit code 1, which reads as "findings"). Any other failure to write the report (a full
 * disk, a closed descriptor) means no one got it: exit code 2 and a message, never a pass.
 */
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
