/**
 * What the CLI does with an error nobody anticipated (here: standard output throwing as the report
 * is written; an --output FILE that cannot be written is the user's mistake, test/cli/output-errors.test.ts):
 * one line on stderr naming it, exit 2, no stack trace unless AGENT_GUARDRAIL_DEBUG is set.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";

async function run(args: string[], env: Record<string, string | undefined> = {}, throwingStdout = false): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const write = process.stderr.write.bind(process.stderr);
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  const writeOut = process.stdout.write.bind(process.stdout);
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  if (throwingStdout) {
    process.stdout.write = (() => {
      throw Object.assign(new Error("EBADF: bad file descriptor, write"), { code: "EBADF" });
    }) as typeof process.stdout.write;
  }
  try {
    return { code: await main(args), stderr };
  } finally {
    process.stderr.write = write;
    process.stdout.write = writeOut;
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe("an unexpected error", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-main-"));
  const policy = path.join(dir, "policy.json");
  writeFileSync(policy, JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }));

  it("is one line naming it, exit 2, no stack", async () => {
    const { code, stderr } = await run(["scan", policy], { AGENT_GUARDRAIL_DEBUG: undefined }, true);
    expect(code).toBe(2);
    expect(stderr).toBe("agent-guardrail: internal error: EBADF: bad file descriptor, write\n");
  });

  it("prints the stack with AGENT_GUARDRAIL_DEBUG", async () => {
    const { code, stderr } = await run(["scan", policy], { AGENT_GUARDRAIL_DEBUG: "1" }, true);
    expect(code).toBe(2);
    expect(stderr).toMatch(/internal error: EBADF[^\n]*\nError: EBADF[^\n]*\n\s+at /);
  });

  it("--help exits 0; an unknown command is a usage error", async () => {
    const out = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      expect((await run(["--help"])).code).toBe(0);
    } finally {
      process.stdout.write = out;
    }
    expect((await run(["frobnicate"])).code).toBe(2);
  });
});
