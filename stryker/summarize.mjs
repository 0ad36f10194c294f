/**
 * `npm run mutate:report`: the mutation figures of the last `npm run mutate` (the JSON reports of
 * its chunks under reports/chunks/, or the report files given as arguments), per file and in all.
 *
 *   score         = (killed + timeout) / (killed + timeout + survived + no coverage)
 *   covered score = (killed + timeout) / (killed + timeout + survived)      (the figure)
 *
 * A mutant listed in stryker/equivalent-mutants.json (same file, line, mutator and replacement)
 * is equivalent: it cannot change behaviour, so it leaves both denominators; the list says why.
 * Static mutants ignored by `ignoreStatic`, compile and runtime errors are not counted.
 *
 *   npm run mutate:report                       the table
 *   npm run mutate:report -- --survivors        and every survivor and uncovered mutant
 *   npm run mutate:report -- --markdown         as a Markdown table
 *   npm run mutate:report -- --equivalents F    another list of equivalent mutants
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RULE_FILES } from "./chunks.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));


const key = (file, m) => `${file}\0${m.line}\0${m.mutator}\0${m.replacement}`;

export function loadEquivalents(file = path.join(root, "stryker", "equivalent-mutants.json")) {
  if (!existsSync(file)) return new Map();
  const list = JSON.parse(readFileSync(file, "utf8"));
  return new Map(list.map((e) => [key(e.file, e), e]));
}

const noCounts = () => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, equivalent: 0, ignored: 0, errors: 0, pending: 0, open: [] });

/** file → counts, from Stryker JSON reports (later reports win for a file given twice). */
export function tally(reports, equivalents) {
  const files = new Map();
  for (const report of reports) {
    for (const [file, { mutants }] of Object.entries(report.files)) {
      const counts = noCounts();
      for (const m of mutants) {
        const line = m.location.start.line;
        const id = { line, mutator: m.mutatorName, replacement: m.replacement ?? "" };
        if ((m.status === "Survived" || m.status === "NoCoverage") && equivalents.has(key(file, id))) counts.equivalent++;
        else if (m.status === "Killed") counts.killed++;
        else if (m.status === "Timeout") counts.timeout++;
        else if (m.status === "Survived" || m.status === "NoCoverage") {
          counts[m.status === "Survived" ? "survived" : "noCoverage"]++;
          counts.open.push({ ...id, status: m.status });
        } else if (m.status === "Ignored") counts.ignored++;
        else if (m.status === "CompileError" || m.status === "RuntimeError") counts.errors++;
        else counts.pending++;
      }
      files.set(file, counts);
    }
  }
  return files;
}

export function scores(c) {
  const detected = c.killed + c.timeout;
  const pct = (n, d) => (d === 0 ? undefined : (100 * n) / d);
  return { score: pct(detected, detected + c.survived + c.noCoverage), covered: pct(detected, detected + c.survived) };
}

function sum(list) {
  const total = noCounts();
  for (const c of list) for (const k of Object.keys(total)) if (k !== "open") total[k] += c[k];
  return total;
}

function main(argv) {
  const at = argv.indexOf("--equivalents");
  const equivalentsFile = at === -1 ? undefined : argv[at + 1];
  const given = argv.filter((a, i) => !a.startsWith("--") && (at === -1 || i !== at + 1));
  const dir = path.join(root, "reports", "chunks");
  const paths = given.length
    ? given
    : existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".json") && !f.endsWith(".incremental.json"))
          .sort()
          .map((f) => path.join(dir, f))
      : [];
  if (paths.length === 0) {
    console.error("no mutation report: run `npm run mutate` first (reports/chunks/*.json)");
    return 2;
  }
  const reports = [];
  for (const p of paths) {
    try {
      reports.push(JSON.parse(readFileSync(p, "utf8")));
    } catch (error) {
      console.error(`${p}: not a Stryker JSON report (${error.message})`);
      return 2;
    }
  }
  let equivalents;
  try {
    equivalents = loadEquivalents(equivalentsFile);
  } catch (error) {
    console.error(`${equivalentsFile ?? "stryker/equivalent-mutants.json"}: ${error.message}`);
    return 2;
  }
  const files = tally(reports, equivalents);
  const fmt = (n) => (n === undefined ? "–" : `${n.toFixed(2)} %`);
  const md = argv.includes("--markdown");
  const rows = [...files].sort(([a], [b]) => (a < b ? -1 : 1));
  const header = ["file", "killed", "timeout", "survived", "no coverage", "equivalent", "static (ignored)", "score", "covered score"];
  const line = (cells) => (md ? `| ${cells.join(" | ")} |` : cells.join("\t"));
  console.log(line(header));
  if (md) console.log(line(header.map(() => "---")));
  const row = (name, c) => {
    const s = scores(c);
    return line([name, c.killed, c.timeout, c.survived, c.noCoverage, c.equivalent, c.ignored, fmt(s.score), fmt(s.covered)]);
  };
  for (const [file, c] of rows) console.log(row(RULE_FILES.includes(file) ? `${file} (rule)` : file, c));
  const rules = sum(rows.filter(([f]) => RULE_FILES.includes(f)).map(([, c]) => c));
  const all = sum(rows.map(([, c]) => c));
  console.log(row("six rule files", rules));
  console.log(row(`all (${rows.length} files)`, all));
  const pending = all.pending;
  if (pending) console.log(`${pending} mutants not tested yet (pending): the run did not finish`);
  const missing = RULE_FILES.filter((f) => !files.has(f));
  if (missing.length) console.log(`rule files without a report: ${missing.join(", ")}`);
  if (argv.includes("--survivors")) {
    for (const [file, c] of rows) for (const m of c.open) console.log(`${m.status}\t${file}:${m.line}\t${m.mutator}\t${m.replacement.replace(/\s+/g, " ").slice(0, 100)}`);
  }
  return 0;
}

if (path.resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
