import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  errorMessage
} from "./chunk-UOL4YUVM.js";
import {
  LineIndex,
  SourceParseError,
  lineAtOffset
} from "./chunk-ORPBBT7N.js";
import {
  unescapeSegment
} from "./chunk-IYA5QU4J.js";

// src/core/source/json.ts
function parseJson(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const offset = jsonSyntaxErrorOffset(text);
    const line = lineAtOffset(text, offset);
    const found = offset >= text.length ? "end of input" : JSON.stringify(text.slice(offset, offset + 12));
    const detail = errorMessage(error).split("\n")[0];
    throw new SourceParseError(`invalid JSON at line ${line}: unexpected ${found} (${detail})`, line);
  }
  const walked = /* @__PURE__ */ new Map();
  const lines = new LineIndex(text);
  return {
    format: "json",
    value,
    lineOf(pointer) {
      const offset = jsonOffsetOf(text, pointer, walked);
      return offset === void 0 ? void 0 : lines.lineAt(offset);
    }
  };
}
function jsonSyntaxErrorOffset(text) {
  const fail = (at) => {
    throw at;
  };
  const literal = (at) => {
    for (const word of ["true", "false", "null"]) if (text.startsWith(word, at)) return at + word.length;
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    return number ? at + number[0].length : fail(at);
  };
  const string = (at) => {
    for (let i = at + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) return i + 1;
      if (c < 32) return fail(i);
      if (c === 92) {
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
  const value = (at, depth) => {
    if (depth > 1e4) return fail(at);
    at = skipWs(text, at);
    const c = text[at];
    if (c === '"') return string(at);
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      at = skipWs(text, at + 1);
      if (text[at] === close) return at + 1;
      for (; ; ) {
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
function jsonOffsetOf(text, pointer, walked) {
  const segments = pointer === "" ? [] : pointer.slice(1).split("/").map(unescapeSegment);
  let pos = skipWs(text, 0);
  for (const segment of segments) {
    const open = text.charCodeAt(pos);
    if (open !== 123 && open !== 91) return pos;
    let walk = walked.get(pos);
    if (!walk) {
      walk = open === 123 ? { names: /* @__PURE__ */ new Map(), next: skipWs(text, pos + 1), pending: -1 } : { items: [], next: skipWs(text, pos + 1), pending: -1 };
      walked.set(pos, walk);
    }
    const known = walk.names ? walk.names.get(segment) : ARRAY_INDEX.test(segment) ? walk.items[Number(segment)] : void 0;
    if (known !== void 0) {
      pos = known;
      continue;
    }
    const found = walkTo(text, walked, walk, segment, open === 123 ? 125 : 93);
    if (found < 0) return walk.next;
    pos = found;
  }
  return pos;
}
var ARRAY_INDEX = /^(0|[1-9]\d*)$/;
function walkTo(text, walked, walk, segment, close) {
  let pos = walk.next;
  if (walk.pending >= 0) pos = afterMember(text, walked.get(walk.pending)?.end ?? valueEnd(text, walk.pending));
  walk.pending = -1;
  while (pos < text.length && text.charCodeAt(pos) !== close) {
    let name;
    if (walk.names) {
      if (text.charCodeAt(pos) !== 34) break;
      const keyEnd = stringEnd(text, pos);
      const raw = text.slice(pos, keyEnd);
      name = raw.includes("\\") ? JSON.parse(raw) : raw.slice(1, -1);
      pos = skipWs(text, skipWs(text, keyEnd) + 1);
      if (!walk.names.has(name)) walk.names.set(name, pos);
    } else {
      name = String(walk.items.length);
      walk.items.push(pos);
    }
    if (name === segment) {
      walk.next = pos;
      walk.pending = pos;
      return pos;
    }
    pos = afterMember(text, valueEnd(text, pos));
  }
  walk.next = pos;
  if (text.charCodeAt(pos) === close) walk.end = pos + 1;
  return -1;
}
function afterMember(text, end) {
  const pos = skipWs(text, end);
  return text.charCodeAt(pos) === 44 ? skipWs(text, pos + 1) : pos;
}
function skipWs(text, pos) {
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    pos++;
  }
  return pos;
}
function stringEnd(text, pos) {
  let quote = text.indexOf('"', pos + 1);
  while (quote !== -1) {
    let backslashes = 0;
    for (let i = quote - 1; text.charCodeAt(i) === 92; i--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}
var TO_BRACKET = /[^"{}[\]]*(?:"[^"\\]*(?:\\[^][^"\\]*){0,64}"[^"{}[\]]*){0,64}/y;
function valueEnd(text, pos) {
  const c = text.charCodeAt(pos);
  if (c === 34) return stringEnd(text, pos);
  if (c === 123 || c === 91) {
    let depth = 1;
    let at = pos + 1;
    while (at < text.length) {
      TO_BRACKET.lastIndex = at;
      TO_BRACKET.test(text);
      at = TO_BRACKET.lastIndex;
      const ch = text.charCodeAt(at);
      if (ch === 34) at = stringEnd(text, at);
      else if (ch === 123 || ch === 91) {
        depth++;
        at++;
      } else {
        if (--depth === 0) return at + 1;
        at++;
      }
    }
    return text.length;
  }
  let i = pos;
  for (; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 44 || ch === 125 || ch === 93 || ch === 32 || ch === 10 || ch === 13 || ch === 9) break;
  }
  return i;
}

export {
  parseJson
};
