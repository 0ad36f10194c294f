/**
 * Equality of template values, as CloudFormation compares them. `@aws-cdk/cloudformation-diff`'s
 * `deepEqual` treats a number and its text alike ("10" and 10), as CloudFormation does, but also
 * any two strings that `Number()` reads as the same number: "1000" and "1e3", "0123" and "123",
 * "" and "0", "0x10" and "16". CloudFormation compares a String property as text, so a bucket
 * renamed from "1000" to "1e3" is a new bucket, and the library called it no change. Here such a
 * string is kept apart: it gets a suffix no number has, on both sides alike, so identical texts
 * stay equal and a number still equals its own text.
 */
import { deepEqual } from "@aws-cdk/cloudformation-diff/lib/diff/util.js";
import { isRecord } from "../core/is-record.js";

const AS_TEXT = " (text)";

/** A string `Number()` reads but that is not its number's own text ("1e3", "007", "", " 7"): suffixed. */
export function asText(s: string): string {
  const n = Number(s);
  return Number.isNaN(n) || String(n) === s ? s : `${s}${AS_TEXT}`;
}

/** A copy whose strings are `asText`: what the library may compare without reading two texts as one number. */
export function withTexts<T>(value: T): T {
  if (typeof value === "string") return asText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => withTexts(v)) as T;
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withTexts(v)])) as T;
  return value;
}

/** Whether every pair of strings at the same place in both values is the same text (DependsOn, whose order the library ignores, aside). */
function sameTexts(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.every((v, i) => sameTexts(v, b[i]));
  if (isRecord(a) && isRecord(b)) return Object.keys(a).every((k) => k === "DependsOn" || sameTexts(a[k], b[k]));
  return true;
}

/** The library's deepEqual, with different texts never equal. */
export function sameValue(a: unknown, b: unknown): boolean {
  return deepEqual(a, b) && sameTexts(a, b);
}
