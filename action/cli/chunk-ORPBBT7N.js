import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  lowerBound
} from "./chunk-UWV76DWW.js";

// src/core/source/source.ts
function detectFormat(text) {
  const first = text.match(/^\s*(\S)/)?.[1];
  return first === "{" || first === "[" ? "json" : "yaml";
}
var withoutByteOrderMark = (text) => text.charCodeAt(0) === 65279 ? text.slice(1) : text;
var SourceParseError = class extends Error {
  constructor(message, line) {
    super(message);
    this.line = line;
    this.name = "SourceParseError";
  }
  line;
};
var LineIndex = class {
  constructor(text) {
    this.text = text;
  }
  text;
  newlines;
  /** 1 + the number of newlines before `offset`. */
  lineAt(offset) {
    this.newlines ??= newlineOffsets(this.text);
    return lowerBound(this.newlines, offset) + 1;
  }
};
function newlineOffsets(text) {
  const out = [];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) out.push(i);
  return out;
}
function lineAtOffset(text, offset) {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

export {
  detectFormat,
  withoutByteOrderMark,
  SourceParseError,
  LineIndex,
  lineAtOffset
};
