#!/usr/bin/env node
// Every `catch` in src/ entered by a test (issue 15): lists the catch blocks of src/ none of whose
// statements ran, from the coverage that `npm test -- --coverage` writes.
//
//   npm test -- --coverage && npm run coverage:catches
//   node scripts/uncovered-catches.mjs [--root DIR] [COVERAGE_FILE]   (default coverage/coverage-final.json)
//
// Exit 1 when a catch block was never entered (or has no statement to tell), 2 when the coverage
// cannot be read, 0 otherwise.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const args = process.argv.slice(2);
const rootAt = args.indexOf("--root");
const root = rootAt >= 0 ? path.resolve(args.splice(rootAt, 2)[1] ?? ".") : path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const coverageFile = path.resolve(root, args[0] ?? "coverage/coverage-final.json");

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [file] : [];
  });
}

/** Each catch block of a file: its 1-based first and last line and column range. */
function catchBlocks(file) {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const blocks = [];
  const visit = (node) => {
    if (ts.isCatchClause(node)) {
      const start = source.getLineAndCharacterOfPosition(node.block.getStart(source));
      const end = source.getLineAndCharacterOfPosition(node.block.getEnd());
      blocks.push({ start: { line: start.line + 1, column: start.character }, end: { line: end.line + 1, column: end.character } });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return blocks;
}

const before = (a, b) => a.line < b.line || (a.line === b.line && a.column <= b.column);
let coverage;
try {
  coverage = JSON.parse(readFileSync(coverageFile, "utf8"));
} catch (error) {
  console.error(`${path.relative(root, coverageFile)}: ${error.code ?? error.message} (run \`npm test -- --coverage\` first)`);
  process.exit(2);
}
const files = sourceFiles(path.join(root, "src"));
let total = 0;
const unentered = [];
for (const file of files) {
  const blocks = catchBlocks(file);
  if (blocks.length === 0) continue;
  const entry = coverage[file];
  for (const block of blocks) {
    total++;
    const where = `${path.relative(root, file)}:${block.start.line}`;
    if (!entry) {
      unentered.push(`${where} (file not in the coverage)`);
      continue;
    }
    const inside = Object.entries(entry.statementMap).filter(([, loc]) => before(block.start, loc.start) && before(loc.end, block.end));
    if (inside.length === 0) unentered.push(`${where} (no statement to measure)`);
    else if (!inside.some(([id]) => entry.s[id] > 0)) unentered.push(`${where} (never entered)`);
  }
}
console.log(`${total} catch blocks in ${files.length} source file${files.length === 1 ? "" : "s"} of src/, ${total - unentered.length} entered by a test`);
for (const line of unentered) console.log(`  ${line}`);
process.exit(unentered.length ? 1 : 0);
