import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  toPointer
} from "./chunk-IYA5QU4J.js";

// src/core/source/validation-issue.ts
function firstIssue(error, lineOf) {
  const issue = error.issues[0];
  if (!issue) return { message: "invalid" };
  const at = issue.path.map((p) => typeof p === "symbol" ? String(p) : p);
  const unknownKey = issue.code === "unrecognized_keys";
  const keys = unknownKey ? [...at, ...issue.keys.slice(0, 1)] : at;
  const line = lineOf(toPointer(keys));
  const message = unknownKey ? `unknown key "${keys.join(".")}"` : `${keys.length ? `"${keys.join(".")}": ` : ""}${issue.message}`;
  return { message, ...line !== void 0 ? { line } : {} };
}

export {
  firstIssue
};
