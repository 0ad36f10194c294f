/**
 * scripts/uncovered-catches.mjs (issue 15, "every catch entered by a test"): which catch blocks of
 * src/ none of whose statements ran, from an Istanbul coverage file as Jest writes it.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const script = path.resolve(import.meta.dirname, "../../scripts/uncovered-catches.mjs");
let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "ag-catches-"));
  mkdirSync(path.join(root, "src/core"), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const source = `export function read(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return { error: String(error) };
  }
}

export function quiet(run: () => void): void {
  try {
    run();
  } catch {
    console.log("ignored");
  }
}
`;

/** Istanbul's statement map of the source above, with how often each statement ran. */
function coverage(file: string, counts: { parse: number; readCatch: number; run: number; quietCatch: number }) {
  const at = (line: number, start: number, end: number) => ({ start: { line, column: start }, end: { line, column: end } });
  return {
    [file]: {
      path: file,
      statementMap: { "0": at(3, 4, 28), "1": at(5, 4, 39), "2": at(11, 4, 10), "3": at(13, 4, 28) },
      s: { "0": counts.parse, "1": counts.readCatch, "2": counts.run, "3": counts.quietCatch },
      fnMap: {},
      f: {},
      branchMap: {},
      b: {},
    },
  };
}

function run(counts: Parameters<typeof coverage>[1] | undefined): { status: number | null; stdout: string; stderr: string } {
  const file = path.join(root, "src/core/read.ts");
  writeFileSync(file, source);
  writeFileSync(path.join(root, "src/core/types.d.ts"), "export type T = string;\n");
  if (counts) writeFileSync(path.join(root, "coverage.json"), JSON.stringify(coverage(file, counts)));
  const result = spawnSync(process.execPath, [script, "--root", root, "coverage.json"], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("every catch entered: exit 0", () => {
  const out = run({ parse: 3, readCatch: 1, run: 2, quietCatch: 1 });
  expect(out.stdout).toBe("2 catch blocks in 1 source file of src/, 2 entered by a test\n");
  expect(out.status).toBe(0);
});

test("a catch whose statements never ran is listed with its file and line: exit 1", () => {
  const out = run({ parse: 3, readCatch: 1, run: 2, quietCatch: 0 });
  expect(out.stdout).toBe("2 catch blocks in 1 source file of src/, 1 entered by a test\n  src/core/read.ts:12 (never entered)\n");
  expect(out.status).toBe(1);
});

test("a source file the coverage does not know: its catches count as not entered", () => {
  writeFileSync(path.join(root, "src/core/other.ts"), "export const f = () => {\n  try {\n    return 1;\n  } catch {\n    return 2;\n  }\n};\n");
  const out = run({ parse: 1, readCatch: 1, run: 1, quietCatch: 1 });
  expect(out.stdout).toContain("  src/core/other.ts:4 (file not in the coverage)\n");
  expect(out.status).toBe(1);
});

test("no coverage file: a clear error, exit 2", () => {
  const out = run(undefined);
  expect(out.stderr).toBe("coverage.json: ENOENT (run `npm test -- --coverage` first)\n");
  expect(out.status).toBe(2);
});
