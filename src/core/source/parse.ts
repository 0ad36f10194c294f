/**
 * Parse JSON or YAML text into plain data while keeping the way back to lines: every finding
 * names file + line + JSON pointer (DESIGN.md, "Recoverable, not lossy"). Parsing keeps no
 * positions; a line is found from the pointer only when evidence or an error asks for it.
 */
import { parseJson } from "./json.js";
import type { ParsedSource, SourceFormat } from "./source.js";
import { parseYaml } from "./yaml.js";

export { SourceParseError, type ParsedSource, type SourceFormat } from "./source.js";

export function detectFormat(text: string): SourceFormat {
  const first = text.match(/^\s*(\S)/)?.[1];
  return first === "{" || first === "[" ? "json" : "yaml";
}

export function parseSource(text: string): ParsedSource {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return detectFormat(body) === "json" ? parseJson(body) : parseYaml(body);
}
