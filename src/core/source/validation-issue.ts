/**
 * The first problem of a failed schema validation, as a message naming its key and that key's
 * line: `unknown key "production.acounts"`, `"suppressions.0.reason": too short`. Shared by the
 * config loader and `review --facts`.
 */
import type { z } from "zod";
import { toPointer } from "./pointer.js";

export function firstIssue(error: z.ZodError, lineOf: (pointer: string) => number | undefined): { message: string; line?: number } {
  const issue = error.issues[0];
  if (!issue) return { message: "invalid" };
  const at = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  const unknownKey = issue.code === "unrecognized_keys";
  const keys = unknownKey ? [...at, ...issue.keys.slice(0, 1)] : at;
  const line = lineOf(toPointer(keys));
  const message = unknownKey ? `unknown key "${keys.join(".")}"` : `${keys.length ? `"${keys.join(".")}": ` : ""}${issue.message}`;
  return { message, ...(line !== undefined ? { line } : {}) };
}
