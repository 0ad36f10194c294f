/**
 * JSON: parsed by JSON.parse (native speed on large account dumps); the line of a pointer is found
 * only when evidence asks for it, by walking the text along the pointer (memoized, so many lookups
 * into one document cross each part of the text about once).
 */
import { LineIndex, lineAtOffset, SourceParseError, type ParsedSource } from "./source.js";
import { escapeSegment, unescapeSegment } from "./pointer.js";

export function parseJson(text: string): ParsedSource {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8's message carries no position on Node 20: find the first bad byte ourselves.
    const offset = jsonSyntaxErrorOffset(text);
    const line = lineAtOffset(text, offset);
    const found = offset >= text.length ? "end of input" : JSON.stringify(text.slice(offset, offset + 12));
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new SourceParseError(`invalid JSON at line ${line}: unexpected ${found} (${detail})`, line);
  }
  const memo: JsonOffsetMemo = { known: new Map(), resume: new Map(), ends: new Map() };
  const lines = new LineIndex(text);
  return {
    format: "json",
    value,
    lineOf(pointer) {
      const offset = jsonOffsetOf(text, pointer, memo);
      return offset === undefined ? undefined : lines.lineAt(offset);
    },
  };
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
        const next = text[i + 1] ?? "";
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
    if (depth > 10000) return fail(at);
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
 * Offset of the value at `pointer` in well-formed JSON text; the deepest found ancestor otherwise.
 * `known` memoizes the offset of every value passed on the way (siblings included), so a run of
 * lookups into one document walks each part of the text about once instead of once per lookup:
 * a member that the lookup descends into is not skipped over until a later lookup needs what
 * follows it, and then only in one jump when its end is already known.
 */
function jsonOffsetOf(text: string, pointer: string, memo: JsonOffsetMemo): number | undefined {
  const { known, resume, ends } = memo;
  const segments = pointer === "" ? [] : pointer.slice(1).split("/").map(unescapeSegment);
  let depth = segments.length;
  let prefix = pointer;
  while (depth > 0 && !known.has(prefix)) {
    depth--;
    prefix = prefix.slice(0, prefix.lastIndexOf("/"));
  }
  let pos = known.get(prefix) ?? skipWs(text, 0);
  for (let d = depth; d < segments.length; d++) {
    const segment = segments[d] as string;
    const open = text.charCodeAt(pos);
    if (open !== 0x7b && open !== 0x5b) return pos;
    const close = open === 0x7b ? 0x7d : 0x5d;
    // Members before `resume` are all in `known`: continue after them instead of from the start.
    const from = resume.get(prefix);
    let index = from?.index ?? 0;
    pos = from ? from.pos : skipWs(text, pos + 1);
    if (from?.pending !== undefined) pos = afterMember(text, ends.get(from.pending) ?? valueEnd(text, pos));
    let child: string | undefined;
    while (pos < text.length && text.charCodeAt(pos) !== close) {
      let name: string;
      if (open === 0x7b) {
        if (text.charCodeAt(pos) !== 0x22) break;
        const keyEnd = stringEnd(text, pos);
        const raw = text.slice(pos, keyEnd);
        name = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        pos = skipWs(text, skipWs(text, keyEnd) + 1); // past ':'
      } else name = String(index);
      const member = `${prefix}/${escapeSegment(name)}`;
      known.set(member, pos);
      index++;
      if (name === segment) {
        // Descend without skipping this member: what follows it is found when a lookup needs it.
        resume.set(prefix, { pos, index, pending: member });
        child = member;
        break;
      }
      pos = afterMember(text, valueEnd(text, pos));
      resume.set(prefix, { pos, index });
    }
    if (child === undefined) {
      if (text.charCodeAt(pos) === close) ends.set(prefix, pos + 1);
      return known.get(`${prefix}/${escapeSegment(segment)}`) ?? pos;
    }
    pos = known.get(child) as number;
    prefix = child;
  }
  return pos;
}

interface JsonOffsetMemo {
  /** Pointer → offset of its value. */
  known: Map<string, number>;
  /**
   * Container pointer → where scanning its members stopped and the next array index; `pending`
   * names the member whose value starts at `pos` and has not been skipped yet.
   */
  resume: Map<string, { pos: number; index: number; pending?: string }>;
  /** Container pointer → offset just past its closing bracket, once its members were all walked. */
  ends: Map<string, number>;
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
  // A number, true, false or null: ends at JSON whitespace, ',' or a closing bracket.
  let i = pos;
  for (; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x2c || ch === 0x7d || ch === 0x5d || ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) break;
  }
  return i;
}

