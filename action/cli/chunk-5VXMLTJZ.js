import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  parseJson
} from "./chunk-VOIQVE24.js";
import {
  parseYaml
} from "./chunk-7AX5E4TP.js";
import {
  detectFormat,
  withoutByteOrderMark
} from "./chunk-ORPBBT7N.js";

// src/core/source/parse.ts
function parseSource(text) {
  const body = withoutByteOrderMark(text);
  return detectFormat(body) === "json" ? parseJson(body) : parseYaml(body);
}

export {
  parseSource
};
