/**
 * The command line defines only the command a run starts with (the others' options cost every
 * run a few milliseconds); help, an unknown command and no command at all see every command.
 */
import { buildProgram, main } from "../../src/cli/main.js";

const ALL = ["scan", "audit", "changeset", "diff", "review", "boundary"];
const names = (argv?: string[]) => buildProgram(argv).commands.map((c) => c.name());

test("a run of one command defines that command only", () => {
  for (const command of ALL) expect(names([command, "--format", "json"])).toEqual([command]);
});

test("help, an unknown command, a misspelt one, an option first or nothing: every command", () => {
  for (const argv of [["--help"], ["help", "scan"], ["frobnicate"], ["sacn"], ["--version"], ["toString"], ["__proto__"], []]) expect(names(argv)).toEqual(ALL);
  expect(names()).toEqual(ALL);
});

test("the single command parses, helps and fails as it does beside the others", async () => {
  const captured = { out: "", err: "" };
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => ((captured.out += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((captured.err += chunk), true)) as typeof process.stderr.write;
  try {
    expect(await main(["scan", "--help"])).toBe(0);
    expect(captured.out).toMatch(/^Usage: agent-guardrail scan \[options\] \[path\.\.\.\]/);
    expect(captured.out).toContain("--max-file-size <MB>");
    expect(await main(["scan", "--no-such-option"])).toBe(2);
    expect(captured.err).toContain("error: unknown option '--no-such-option'");
    captured.err = "";
    // A misspelt command still gets commander's suggestion, which needs every command defined.
    expect(await main(["sacn"])).toBe(2);
    expect(captured.err).toContain("(Did you mean scan?)");
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
});
