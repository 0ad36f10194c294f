/** What every parsed input offers: its plain value and, on demand, the line of a JSON pointer. */
import { lowerBound } from "../sorted.js";

/** `json-lines`: several JSON values, one per line (src/core/source/ndjson.ts), read as a list of them. */
export type SourceFormat = "json" | "json-lines" | "yaml";

export interface ParsedSource {
  format: SourceFormat;
  value: unknown;
  lineOf: LineOf;
  /** YAML tags that are neither CloudFormation's nor YAML's, when the parser was asked to list them. */
  unknownTags?: readonly { tag: string; line: number; message: string }[];
}

/** 1-based line of the value at a JSON pointer (or of its nearest existing ancestor). */
export interface LineOf {
  (pointer: string): number | undefined;
  /**
   * Set when every pointer is on this one line (minified JSON): evidence can take it at once
   * instead of deferring a lookup per pointer until it is cited.
   */
  readonly everyLine?: number;
}

export const everyLineIs = (line: number): LineOf => Object.assign(() => line, { everyLine: line });

export function detectFormat(text: string): SourceFormat {
  const first = text.match(/^\s*(\S)/)?.[1];
  return first === "{" || first === "[" ? "json" : "yaml";
}

/** The text without its byte-order mark: lines still count from the first line. */
export const withoutByteOrderMark = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

export class SourceParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = "SourceParseError";
  }
}

/**
 * Lines of offsets in one text. The newline offsets are indexed on the first lookup (one
 * `indexOf` pass, a few ms for megabytes) so that each lookup is a binary search: evidence for
 * thousands of findings in a large account dump stays linear in the text.
 */
export class LineIndex {
  private newlines: number[] | undefined;

  constructor(private readonly text: string) {}

  /** 1 + the number of newlines before `offset`. */
  lineAt(offset: number): number {
    this.newlines ??= newlineOffsets(this.text);
    return lowerBound(this.newlines, offset) + 1;
  }
}

function newlineOffsets(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) out.push(i);
  return out;
}

/** The line of one offset without an index (syntax errors: one lookup per text). */
export function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

type YamlParse = (text: string) => ParsedSource;
let yamlParser: YamlParse | undefined;

/**
 * yaml.ts registers its parser when it is loaded. Core code that meets YAML inside a value (a
 * stack set's TemplateBody) parses it with the registered one, so a run that reads only JSON never
 * loads the YAML module; an adapter that may meet such text loads it first (stackSetBodiesNeedYaml).
 */
export function registerYamlParser(parse: YamlParse | undefined): void {
  yamlParser = parse;
}

export function loadedYamlParser(): YamlParse | undefined {
  return yamlParser;
}
