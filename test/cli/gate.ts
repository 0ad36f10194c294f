/** Runs the replacement gate (`diff BASE HEAD`) through the CLI and reads its JSON report. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { cli } from "../aws/cli.js";

export interface GateReport {
  findings: { rule: string; severity: string; subject: string; message: string; evidence: { file: string; line?: number; pointer: string }[] }[];
  errors: { file: string; line?: number; message: string }[];
}

/** `outDir` holds the report; `extra` are further arguments (`--stack-name`, `--allow-conditional`). */
export async function gate(outDir: string, base: string, head: string, extra: string[] = []): Promise<{ code: number; out: GateReport }> {
  const file = path.join(outDir, `out-${Math.random().toString(36).slice(2)}.json`);
  const code = await cli(["diff", base, head, ...extra, "--format", "json", "--output", file]);
  return { code, out: JSON.parse(readFileSync(file, "utf8")) as GateReport };
}
