/** Runs the replacement gate (`diff BASE HEAD`) through the CLI and reads its JSON report. */
import { readFileSync, writeFileSync } from "node:fs";
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

/**
 * Puts another handler behind the one resource of `type` in a synthesized template (CDK adds some
 * of its custom resources while it synthesizes, so the template is edited after): what that
 * handler does is not aws-cdk-lib's to say, and the gate must fail closed on it.
 */
export function withOtherHandler(templateFile: string, type: string, serviceToken: string): void {
  const template = JSON.parse(readFileSync(templateFile, "utf8")) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  const resources = Object.values(template.Resources).filter((r) => r.Type === type);
  if (resources.length !== 1) throw new Error(`${templateFile}: expected one ${type}, found ${resources.length}`);
  for (const resource of resources) resource.Properties["ServiceToken"] = serviceToken;
  writeFileSync(templateFile, JSON.stringify(template, null, 1));
}
