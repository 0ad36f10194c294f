/**
 * JSON Lines (`.ndjson`, `.jsonl`): one JSON value per line, as Kibana exports its saved objects
 * (the dashboard on one line, each panel's visualization on its own). Read as the list of its
 * records, each pointer `/<n>/…` on its record's line.
 */
import { parseJson } from "./json.js";
import { SourceParseError, type ParsedSource } from "./source.js";
import { errorMessage } from "../error-message.js";

/**
 * JSON text as JSON; when it is not one JSON value but several, one per line, as the records of
 * JSON Lines. A record that does not parse is an error at its line; text whose first line is no
 * complete value keeps JSON's own error (a pretty-printed document broken somewhere).
 */
export function parseJsonInput(text: string): ParsedSource {
  try {
    return parseJson(text);
  } catch (error) {
    if (!(error instanceof SourceParseError)) throw error;
    return parseJsonLines(text) ?? rethrow(error);
  }
}

function rethrow(error: Error): never {
  throw error;
}

/** The records, or undefined when the first non-blank line is no JSON value of its own. */
function parseJsonLines(text: string): ParsedSource | undefined {
  const records: unknown[] = [];
  const lines: number[] = [];
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const end = text.indexOf("\n", start);
    const record = text.slice(start, end === -1 ? text.length : end);
    start = end === -1 ? text.length + 1 : end + 1;
    if (/^\s*$/.test(record)) continue;
    try {
      records.push(JSON.parse(record));
    } catch (error) {
      if (records.length === 0) return undefined;
      throw new SourceParseError(`invalid JSON Lines at line ${line}: ${errorMessage(error).split("\n")[0]}`, line);
    }
    lines.push(line);
  }
  if (records.length < 2) return undefined;
  return {
    format: "json-lines",
    value: records,
    lineOf: (pointer) => lines[Number(/^\/(\d+)/.exec(pointer)?.[1] ?? 0)],
  };
}
