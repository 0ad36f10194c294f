/**
 * Reading one changed file for a check: its parsed content, nothing (absent at that commit, or
 * not JSON/YAML and not the check's business), or an input error that fails the check closed
 * (unreadable, or unparseable while its text looks like an input of the check).
 */
import type { InputError } from "../../core/finding.js";
import { parseSource, SourceParseError, type ParsedSource } from "../../core/source/parse.js";
import { errorMessage } from "../../core/error-message.js";

export type ChangedFileContent = { parsed: ParsedSource; text: string } | { error: InputError } | { absent: true };

/**
 * `mustExist`: the file is listed as changed and not removed at this commit (the head), so a 404
 * there means it cannot be read, not that there is nothing to check (fail closed). `parse`: how
 * the check reads the text (the dashboards check reads JSON Lines too: a Kibana export).
 */
export async function readChangedFile(
  path: string,
  at: string,
  read: () => Promise<string | undefined>,
  looksLikeInput: ((text: string) => boolean) | undefined,
  mustExist: boolean,
  parse: (text: string) => ParsedSource = parseSource,
): Promise<ChangedFileContent> {
  let text: string | undefined;
  try {
    text = await read();
  } catch (error) {
    return { error: { file: path, message: `cannot read ${path} at the ${at}: ${errorMessage(error)}` } };
  }
  if (text === undefined && mustExist) return { error: { file: path, message: `cannot read ${path} at the ${at}: not found, though the pull request changes it (fail closed)` } };
  if (text === undefined) return { absent: true };
  // The contents API's raw text is decoded as UTF-8, so a file saved in UTF-16 or UTF-32 (Windows
  // PowerShell 5's `>`, Out-File) arrives as its characters between zero bytes (its mark and any
  // non-ASCII character as U+FFFD), which no parser reads and no name test recognizes: it passed as
  // no input, while `scan` reads it (src/core/source/decode.ts). Judged by its names without them.
  if (text.includes("\u0000")) {
    if (!looksLikeInput?.(text.replaceAll("\u0000", "").replaceAll("\uFFFD", ""))) return { absent: true };
    return { error: { file: path, message: `cannot read ${path} at the ${at}: it is not UTF-8 text (its zero bytes are those of UTF-16 or UTF-32, as Windows PowerShell writes files), and the app reads files as UTF-8 (fail closed); save it as UTF-8` } };
  }
  try {
    return { parsed: parse(text), text };
  } catch (error) {
    if (!looksLikeInput?.(text)) return { absent: true };
    const line = error instanceof SourceParseError ? error.line : undefined;
    return { error: { file: path, ...(line ? { line } : {}), message: `cannot parse: ${errorMessage(error)}` } };
  }
}
