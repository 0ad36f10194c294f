/**
 * JSON: parsed by JSON.parse (native speed on large account dumps); the line of a pointer is found
 * only when evidence asks for it, by walking the text along the pointer (memoized per container, so
 * many lookups into one document cross each part of the text about once). Minified JSON needs no
 * walk: everything is on one line.
 */
import { detectFormat, everyLineIs, LineIndex, lineAtOffset, loadedYamlParser, SourceParseError, withoutByteOrderMark, type ParsedSource } from "./source.js";
import { unescapeSegment } from "./pointer.js";
import { errorMessage } from "../error-message.js";

/**
 * `refuseDuplicateKeys`: a name given twice in one object is an error (configuration: a mistake to
 * report, not a value to pick). Otherwise the last occurrence counts, as in JSON.parse and
 * CloudFormation, and its line is the one cited.
 */
export function parseJson(text: string, options: { refuseDuplicateKeys?: boolean } = {}): ParsedSource {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8's message carries no position on Node 20: find the first bad byte ourselves.
    const offset = jsonSyntaxErrorOffset(text);
    const line = lineAtOffset(text, offset);
    const found = offset >= text.length ? "end of input" : JSON.stringify(text.slice(offset, offset + 12));
    const detail = errorMessage(error).split("\n")[0];
    throw new SourceParseError(`invalid JSON at line ${line}: unexpected ${found} (${detail})`, line);
  }
  if (options.refuseDuplicateKeys) {
    const repeated = firstRepeatedName(text);
    if (repeated) {
      const line = lineAtOffset(text, repeated.at);
      throw new SourceParseError(`invalid JSON at line ${line}: ${repeated.message}`, line);
    }
  }
  const flat = flatLine(text);
  if (flat !== undefined) return { format: "json", value, lineOf: everyLineIs(flat) };
  const walked = new Map<number, Walk>();
  const lines = new LineIndex(text);
  let backslash: number | undefined;
  const lastBackslash = (): number => (backslash ??= text.lastIndexOf("\\"));
  return {
    format: "json",
    value,
    lineOf(pointer) {
      return lines.lineAt(jsonOffsetOf(text, pointer, walked, lastBackslash));
    },
  };
}

/**
 * The line of the root value when no newline breaks its span (minified JSON, as the SDK and
 * JSON.stringify write it): every value lies within that span, so every pointer is on that line.
 */
function flatLine(text: string): number | undefined {
  const start = skipWs(text, 0);
  // JSON.parse accepted the text: only JSON whitespace follows the root value.
  const end = text.trimEnd().length;
  const newline = text.indexOf("\n", start);
  return newline === -1 || newline >= end ? lineAtOffset(text, start) : undefined;
}

/** Offset of the first syntax error in text that JSON.parse rejected. */
function jsonSyntaxErrorOffset(text: string): number {
  const fail = (at: number): never => {
    throw at;
  };
  const literal = (at: number): number => {
    for (const word of ["true", "false", "null"]) if (text.startsWith(word, at)) return at + word.length;
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    return number ? at + number[0].length : fail(at);
  };
  const string = (at: number): number => {
    for (let i = at + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return i + 1;
      if (c < 0x20) return fail(i);
      if (c === 0x5c) {
        const next = text.charAt(i + 1);
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail(i);
          i += 5;
        } else if ('"\\/bfnrt'.includes(next) && next !== "") i++;
        else return fail(i);
      }
    }
    return fail(text.length);
  };
  const value = (at: number, depth: number): number => {
    // Far below where this recursion would overflow the stack (~5,000 levels on Node's default
    // stack), so the error names where the nesting went too deep, not the document's first byte.
    if (depth > 1000) return fail(at);
    at = skipWs(text, at);
    const c = text[at];
    if (c === '"') return string(at);
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      at = skipWs(text, at + 1);
      if (text[at] === close) return at + 1;
      for (;;) {
        if (c === "{") {
          if (text[at] !== '"') return fail(at);
          at = skipWs(text, string(at));
          if (text[at] !== ":") return fail(at);
          at++;
        }
        at = skipWs(text, value(at, depth + 1));
        if (text[at] === ",") at = skipWs(text, at + 1);
        else if (text[at] === close) return at + 1;
        else return fail(at);
      }
    }
    return literal(at);
  };
  try {
    return skipWs(text, value(0, 0));
  } catch (at) {
    return typeof at === "number" ? at : 0;
  }
}

/**
 * Offset of the value at `pointer` in well-formed JSON text; the deepest found ancestor otherwise
 * (a missing member: where its container's members end). Each container walked into keeps the
 * offsets of the members passed so far and where its walk stopped, so a run of lookups into one
 * document crosses each part of the text about once per container around it.
 *
 * A name given twice answers its last occurrence, the one JSON.parse and CloudFormation keep:
 * evidence must show the line that is deployed, not an earlier one a reviewer would read instead.
 * So an object is walked to its end when a lookup first enters it; but the root object, which in an
 * account's authorization details spans the whole file, only when the name may occur again after
 * the member found (mayFollow). An array is walked only as far as lookups need, and an item a
 * lookup descends into is not skipped over until a later lookup needs what follows it.
 */
function jsonOffsetOf(text: string, pointer: string, walked: Map<number, Walk>, lastBackslash: () => number): number {
  const segments = pointer === "" ? [] : pointer.slice(1).split("/").map(unescapeSegment);
  const root = skipWs(text, 0);
  let pos = root;
  for (const segment of segments) {
    const open = text.charCodeAt(pos);
    if (open !== 0x7b && open !== 0x5b) return pos;
    let walk = walked.get(pos);
    if (!walk) {
      walk = open === 0x7b ? { names: new Map(), next: skipWs(text, pos + 1), pending: -1 } : { items: [], next: skipWs(text, pos + 1), pending: -1 };
      walked.set(pos, walk);
    }
    let found: number | undefined;
    if (walk.names) {
      found = walk.names.get(segment);
      if (walk.end === undefined && !walk.final?.has(segment)) {
        if (pos === root) found ??= walkTo(walked, text, walk, segment);
        if (pos === root && found !== undefined && !mayFollow(text, segment, found, lastBackslash())) (walk.final ??= new Set()).add(segment);
        else {
          walkTo(walked, text, walk, undefined);
          found = walk.names.get(segment);
        }
      }
    } else found = (ARRAY_INDEX.test(segment) ? walk.items[Number(segment)] : undefined) ?? walkTo(walked, text, walk, segment);
    if (found === undefined) return walk.next;
    pos = found;
  }
  return pos;
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/**
 * Whether a member named `name` may follow the text at `pos`: spelled as it reads, it is `"name"`
 * in the text; spelled otherwise, it holds an escape, so a backslash follows `pos`.
 */
function mayFollow(text: string, name: string, pos: number, backslash: number): boolean {
  return backslash > pos || JSON.stringify(name) !== `"${name}"` || text.includes(`"${name}"`, pos);
}

/** Where the members of one container were walked so far. */
type Walk = ({ names: Map<string, number>; items?: undefined } | { items: number[]; names?: undefined }) & {
  /** Where the next member starts (its key, or its value in an array), unless `pending` is set. */
  next: number;
  /** The last member's value, passed into but not yet skipped (-1: none). */
  pending: number;
  /** Just past the closing bracket, once every member was walked. */
  end?: number;
  /** Names whose place is known to be their last, the object not walked to its end. */
  final?: Set<string>;
};

/**
 * Walks on through a container's members up to `segment` (undefined: to the end): its value's
 * offset, or undefined (then `next` is where the members end). A name met again is kept at its
 * later place.
 */
function walkTo(walked: Map<number, Walk>, text: string, walk: Walk, segment: string | undefined): number | undefined {
  const close = walk.names ? 0x7d : 0x5d;
  let pos = walk.next;
  if (walk.pending >= 0) pos = afterMember(text, walked.get(walk.pending)?.end ?? valueEnd(text, walk.pending));
  walk.pending = -1;
  while (pos < text.length && text.charCodeAt(pos) !== close) {
    let name: string;
    if (walk.names) {
      ({ name, value: pos } = memberKey(text, pos));
      walk.names.set(name, pos);
    } else {
      name = String(walk.items.length);
      walk.items.push(pos);
    }
    if (name === segment) {
      // Descend without skipping this member: what follows it is found when a lookup needs it.
      walk.pending = pos;
      return pos;
    }
    pos = afterMember(text, valueEnd(text, pos));
  }
  walk.next = pos;
  if (text.charCodeAt(pos) === close) walk.end = pos + 1;
  return undefined;
}

/**
 * The line of the first name given twice in one object of well-formed JSON text, and what it is
 * (or nesting too deep to check), for inputs whose reader does not document which occurrence it
 * keeps; undefined when every name is given once.
 */
export function repeatedNameIn(text: string): { line: number; message: string } | undefined {
  const repeated = firstRepeatedName(text);
  return repeated && { line: lineAtOffset(text, repeated.at), message: repeated.message };
}

/** The first name given twice in one object of well-formed JSON text, or nesting too deep to check. */
function firstRepeatedName(text: string): { at: number; message: string } | undefined {
  const visit = (pos: number, depth: number): { at: number; message: string } | undefined => {
    const open = text.charCodeAt(pos);
    if (open !== 0x7b && open !== 0x5b) return undefined;
    // Far below where this recursion would overflow the stack, as in jsonSyntaxErrorOffset.
    if (depth > 1000) return { at: pos, message: "nested more than 1000 levels deep" };
    const names = new Set<string>();
    pos = skipWs(text, pos + 1);
    while (pos < text.length && text.charCodeAt(pos) !== (open === 0x7b ? 0x7d : 0x5d)) {
      if (open === 0x7b) {
        const key = memberKey(text, pos);
        if (names.has(key.name)) return { at: pos, message: `duplicate key ${JSON.stringify(key.name)} (two keys that read as the same name)` };
        names.add(key.name);
        pos = key.value;
      }
      const inner = visit(pos, depth + 1);
      if (inner) return inner;
      pos = afterMember(text, valueEnd(text, pos));
    }
    return undefined;
  };
  return visit(skipWs(text, 0), 0);
}

/** The name of the object member at `pos` (well-formed JSON: its key's quote) and where its value starts. */
function memberKey(text: string, pos: number): { name: string; value: number } {
  const keyEnd = stringEnd(text, pos);
  const raw = text.slice(pos, keyEnd);
  const name = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  return { name, value: skipWs(text, skipWs(text, keyEnd) + 1) }; // past ':'
}

/** Past a member's value that ends at `end`: its separating comma and whitespace. */
function afterMember(text: string, end: number): number {
  const pos = skipWs(text, end);
  return text.charCodeAt(pos) === 0x2c ? skipWs(text, pos + 1) : pos;
}

function skipWs(text: string, pos: number): number {
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    pos++;
  }
  return pos;
}

/** End of the string starting at `pos` (its opening quote): jumps quote to quote, skipping escaped ones. */
function stringEnd(text: string, pos: number): number {
  let quote = text.indexOf('"', pos + 1);
  while (quote !== -1) {
    let backslashes = 0;
    for (let i = quote - 1; text.charCodeAt(i) === 0x5c; i--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/**
 * From a position inside a container: everything up to the next bracket that is not inside a
 * string, crossing up to 64 strings (each with up to 64 escapes) per match. The bounds keep the
 * regex engine's backtracking stack small; a string beyond them stops the match at its opening
 * quote, and stringEnd crosses it.
 */
const TO_BRACKET = /[^"{}[\]]*(?:"[^"\\]*(?:\\[^][^"\\]*){0,64}"[^"{}[\]]*){0,64}/y;

/** End of the value starting at `pos`; containers are crossed from bracket to bracket. */
function valueEnd(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  if (c === 0x22) return stringEnd(text, pos);
  if (c === 0x7b || c === 0x5b) {
    let depth = 1;
    let at = pos + 1;
    while (at < text.length) {
      TO_BRACKET.lastIndex = at;
      TO_BRACKET.test(text); // always matches, possibly nothing
      at = TO_BRACKET.lastIndex;
      const ch = text.charCodeAt(at);
      if (ch === 0x22) at = stringEnd(text, at);
      else if (ch === 0x7b || ch === 0x5b) {
        depth++;
        at++;
      } else {
        // A closing bracket: nothing else stops TO_BRACKET before the end.
        if (--depth === 0) return at + 1;
        at++;
      }
    }
    return text.length;
  }
  // A number, true, false or null: runs up to the ',' or closing bracket after it. Whitespace
  // before that is no part of it, but its end is only skipped past (afterMember), so it need not stop there.
  let i = pos;
  for (; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x2c || ch === 0x7d || ch === 0x5d) break;
  }
  return i;
}

/**
 * JSON or YAML text held in a value (a stack set's TemplateBody, a saved get-template answer's),
 * YAML parsed with the registered parser: the parsed source, or why it cannot be read.
 */
export function parseEmbeddedText(body: string): { parsed: ParsedSource } | { why: string } {
  const text = withoutByteOrderMark(body);
  const parseYaml = loadedYamlParser();
  const json = detectFormat(text) === "json";
  if (!json && !parseYaml) return { why: "is YAML, and this run loaded no YAML parser (internal error: please report it)" };
  try {
    return { parsed: json || !parseYaml ? parseJson(text) : parseYaml(text) };
  } catch (error) {
    return { why: `cannot be read (${errorMessage(error)})` };
  }
}
