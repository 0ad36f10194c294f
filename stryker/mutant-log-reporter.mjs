/**
 * Stryker reporter `mutant-log`: appends one JSON line per tested mutant to
 * reports/mutants.jsonl as it finishes. Stryker writes its own reports only at the end, and a
 * full run on two shared cores can outlast the day: this keeps what a stopped run measured
 * (count, score so far, survivors to work on, the pace). See docs/mutation-testing.md.
 */
import fs from "node:fs";
import path from "node:path";
import { PluginKind, declareClassPlugin } from "@stryker-mutator/api/plugin";

const FILE = path.join("reports", "mutants.jsonl");

class MutantLogReporter {
  constructor() {
    fs.mkdirSync(path.dirname(FILE), { recursive: true });
  }

  onMutantTested(result) {
    const line = {
      at: new Date().toISOString(),
      file: result.fileName,
      line: result.location.start.line,
      column: result.location.start.column,
      mutator: result.mutatorName,
      replacement: result.replacement,
      status: result.status,
      static: result.static,
      coveredBy: result.coveredBy?.length,
      killedBy: result.killedBy?.slice(0, 1),
    };
    fs.appendFileSync(FILE, `${JSON.stringify(line)}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, "mutant-log", MutantLogReporter)];
