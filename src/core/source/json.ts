/**
 * JSON: parsed by JSON.parse (native speed on large account dumps); the line of a pointer is found
 * only when evidence asks for it, by walking the text along the pointer (memoized per container, so
 * many lookups into one document cross each part of the text about once). Minified JSON needs no
 * walk: everything is on one line.
 */
import { everyLineIs, LineIndex, lineAtOffset, SourceParseError, type ParsedSource } from "./source.js";
import { unescapeSegment } from "./pointer.js";
import { errorMessage } from "../error-message.js";

export function parseJson(text: string): ParsedSource {
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
  const flat = flatLine(text);
  if (flat !== undefined) return { format: "json", value, lineOf: everyLineIs(flat) };
  const walked = new Map<number, Walk>();
  const lines = new LineIndex(text);
  return {
    format: "json",
    value,
    lineOf(pointer) {
      return lines.lineAt(jsonOffsetOf(text, pointer, walked));
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
 * document crosses each part of the text about once: a member that a lookup descends into is not
 * skipped over until a later lookup needs what follows it. A name given twice answers its first
 * occurrence, whatever was asked before.
 */
function jsonOffsetOf(text: string, pointer: string, walked: Map<number, Walk>): number {
  const segments = pointer === "" ? [] : pointer.slice(1).split("/").map(unescapeSegment);
  let pos = skipWs(text, 0);
  for (const segment of segments) {
    const open = text.charCodeAt(pos);
    if (open !== 0x7b && open !== 0x5b) return pos;
    let walk = walked.get(pos);
    if (!walk) {
      walk = open === 0x7b ? { names: new Map(), next: skipWs(text, pos + 1), pending: -1 } : { items: [], next: skipWs(text, pos + 1), pending: -1 };
      walked.set(pos, walk);
    }
    const known = walk.names ? walk.names.get(segment) : ARRAY_INDEX.test(segment) ? walk.items[Number(segment)] : undefined;
    if (known !== undefined) {
      pos = known;
      continue;
    }
    const found = walkTo(text, walked, walk, segment, open === 0x7b ? 0x7d : 0x5d);
    if (found < 0) return walk.next;
    pos = found;
  }
  return pos;
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/** Where the members of one container were walked so far. */
type Walk = ({ names: Map<string, number>; items?: undefined } | { items: number[]; names?: undefined }) & {
  /** Where the next member starts (its key, or its value in an array), unless `pending` is set. */
  next: number;
  /** The last member's value, passed into but not yet skipped (-1: none). */
  pending: number;
  /** Just past the closing bracket, once every member was walked. */
  end?: number;
};

/** Walks on through a container's members up to `segment`: its value's offset, or -1 (then `next` is where the members end). */
function walkTo(text: string, walked: Map<number, Walk>, walk: Walk, segment: string, close: number): number {
  let pos = walk.next;
  if (walk.pending >= 0) pos = afterMember(text, walked.get(walk.pending)?.end ?? valueEnd(text, walk.pending));
  walk.pending = -1;
  while (pos < text.length && text.charCodeAt(pos) !== close) {
    let name: string;
    if (walk.names) {
      // Well-formed JSON: a member of an object starts with its key's quote.
      const keyEnd = stringEnd(text, pos);
      const raw = text.slice(pos, keyEnd);
      name = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      pos = skipWs(text, skipWs(text, keyEnd) + 1); // past ':'
      if (!walk.names.has(name)) walk.names.set(name, pos);
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
  return -1;
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

