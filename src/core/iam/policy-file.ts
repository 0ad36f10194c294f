/**
 * A bare IAM policy document (a file holding `{ "Version", "Statement" }`). Where it is attached
 * is unknown, so it is evaluated as if attached to an agent role in a production account
 * (fail closed); messages say "if attached to an agent role".
 */
import type { InputError } from "../finding.js";
import type { IamInput, Principal } from "./model.js";
import { isRecord } from "../is-record.js";

/** A policy document: a Statement (object or list) of statement-shaped objects, and no template keys. */
export function isPolicyDocument(value: unknown): boolean {
  if (!isRecord(value) || !("Statement" in value)) return false;
  if ("Resources" in value || "AWSTemplateFormatVersion" in value) return false;
  const statements = Array.isArray(value["Statement"]) ? value["Statement"] : [value["Statement"]];
  if ("Version" in value) return true;
  return statements.length > 0 && statements.every((s) => isRecord(s) && ("Effect" in s || "Action" in s || "NotAction" in s));
}

export function readPolicyDocumentFile(
  value: unknown,
  file: string,
  lineOf?: (pointer: string) => number | undefined,
): { input: IamInput; errors: InputError[] } {
  const line = lineOf?.("");
  const principal: Principal = {
    kind: "role",
    subject: file,
    name: file,
    production: true,
    tags: {},
    policies: [
      {
        name: file,
        document: value,
        evidence: { file, pointer: "", ...(line !== undefined ? { line } : {}) },
        ...(lineOf ? { lineOf } : {}),
      },
    ],
    evidence: { file, ...(line !== undefined ? { line } : {}) },
    assumeAgent: "a bare policy document is evaluated as if attached to an agent role in a production account",
    label: `Policy ${file}, if attached to an agent role,`,
  };
  return { input: { principals: [principal], production: true }, errors: [] };
}
