/**
 * Parse JSON or YAML text into plain data while keeping the way back to lines: every finding
 * names file + line + JSON pointer (DESIGN.md, "Recoverable, not lossy"). Parsing keeps no
 * positions; a line is found from the pointer only when evidence or an error asks for it.
 */
import { parseJson } from "./json.js";
import { parseJsonInput } from "./ndjson.js";
import { detectFormat, withoutByteOrderMark, type ParsedSource } from "./source.js";
import { parseYaml, type YamlOptions } from "./yaml.js";

export { detectFormat, SourceParseError, type ParsedSource, type SourceFormat } from "./source.js";

export function parseSource(text: string, options: YamlOptions = {}): ParsedSource {
  const body = withoutByteOrderMark(text);
  return detectFormat(body) === "json" ? parseJson(body, options) : parseYaml(body, options);
}

/** An input file's text: as parseSource, JSON Lines included (a Kibana saved-objects export). */
export function parseInputSource(text: string): ParsedSource {
  const body = withoutByteOrderMark(text);
  return detectFormat(body) === "json" ? parseJsonInput(body) : parseYaml(body);
}
