/**
 * Flow collections written less indented than YAML 1.2 asks. PyYAML and SnakeYAML ignore
 * indentation inside a flow collection ("we make the scanner less restrictive than specification
 * requires"), so SAM CLI and cfn-lint read templates such as
 *
 *     CustomStatements: [{
 *       "Effect": "Allow"
 *     }]
 *
 * where the closing bracket sits at its key's indentation, or a JSON schema pasted after
 * `Schema: {` with its lines at the key's column. The yaml package refuses them (two of the 400
 * serverless-patterns templates). Such a collection is read with its lines indented: spaces are
 * added at the start of its lines, where flow content ignores them, so the values and every line
 * number stay as written.
 *
 * Quoted scalars alike: PyYAML's scanner checks no indentation inside one ("instead of checking
 * indentation, we check for document separators"), so a multi-line "..." or '...' value whose
 * lines sit at its key's column (a Bedrock agent's Instruction in aws-samples/amazon-bedrock-samples)
 * deploys, where the yaml package reports a missing closing quote. Leading white space of a quoted
 * scalar's continuation lines is no part of its value, so those lines are indented the same way.
 */
import { CST, Lexer, Parser, type YAMLError } from "yaml";

/** The error the yaml package gives a flow collection whose lines are not indented past its parent's. */
export function isFlowIndentationError(error: YAMLError): boolean {
  return error.code === "BAD_INDENT" && /^Flow (map|sequence) in block collection must be sufficiently indented/.test(error.message);
}

/**
 * The text with the first quoted scalar whose lines are not indented past the line it opens on
 * indented so; undefined when there is none, one before it does not close, or a line of it is a
 * document marker (PyYAML stops there too). Asked when the yaml package found an error, which
 * such a scalar shows as a missing quote, a multi-line implicit key or a mapping item out of
 * column, at or after the scalar. The first such scalar is the one to repair: what comes before
 * it was read as written, so its opening quote is one.
 */
export function indentQuotedScalar(text: string): string | undefined {
  const starts: number[] = [];
  for (const token of new Parser().parse(text)) {
    if (token.type !== "document") continue;
    CST.visit(token, (item) => {
      for (const node of [item.key, item.value]) if (node?.type === "double-quoted-scalar" || node?.type === "single-quoted-scalar") starts.push(node.offset);
    });
  }
  for (const start of starts.sort((x, y) => x - y)) {
    const close = closingQuote(text, start, text[start] as string);
    if (close === undefined) return undefined;
    const lineStart = text.lastIndexOf("\n", start) + 1;
    const column = /^ */.exec(text.slice(lineStart))?.[0].length ?? 0;
    const indented = indentPast(text, lineStart, close, column, true);
    if (indented === null) return undefined;
    if (indented !== undefined) return indented;
  }
  return undefined;
}

/**
 * The text with the lines after the one at `lineStart`, up to the one holding `close`, indented
 * past `column` (a blank line is left blank: inside a flow collection or a quoted scalar it reads
 * the same either way); undefined when none needed it. `quoted`: a document marker among them
 * ends the scalar for PyYAML too, so there is nothing to repair (null).
 */
function indentPast(text: string, lineStart: number, close: number, column: number, quoted: boolean): string | undefined | null {
  let out = text.slice(0, lineStart);
  let at = lineStart;
  let changed = false;
  while (at <= close) {
    const newline = text.indexOf("\n", at);
    const next = newline === -1 ? text.length : newline + 1;
    const line = text.slice(at, next);
    if (quoted && at !== lineStart && /^(---|\.\.\.)(\s|$)/.test(line)) return null;
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    if (at !== lineStart && line.trim() !== "" && indent <= column) {
      out += " ".repeat(column + 1 - indent);
      changed = true;
    }
    out += line;
    at = next;
  }
  return changed ? out + text.slice(at) : undefined;
}

/** The offset of the quote closing the scalar that opens at `start` (`\"` escapes in "...", `''` in '...'). */
export function closingQuote(text: string, start: number, quote: string): number | undefined {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote === '"' && ch === "\\") i++;
    else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return undefined;
}

/**
 * The text with the outermost flow collection around `offset` (where the yaml package found a
 * line not indented enough) indented past its opening bracket; undefined when there is no such
 * collection that closes, or it needs no more indentation (the error is something else).
 */
export function indentFlowCollection(text: string, offset: number): string | undefined {
  for (const start of flowCollectionStarts(text)) {
    if (start >= offset) break;
    const close = closingBracket(text, start);
    if (close === undefined || close < offset) continue;
    const lineStart = text.lastIndexOf("\n", start) + 1;
    return indentPast(text, lineStart, close, start - lineStart, false) ?? undefined;
  }
  return undefined;
}

/** Offsets of the opening brackets of the flow collections the yaml package's parser met, in order. */
function flowCollectionStarts(text: string): number[] {
  const starts: number[] = [];
  for (const token of new Parser().parse(text)) {
    if (token.type !== "document") continue;
    if (token.value?.type === "flow-collection") starts.push(token.value.start.offset);
    CST.visit(token, (item) => {
      for (const node of [item.key, item.value]) if (node?.type === "flow-collection") starts.push(node.start.offset);
    });
  }
  return starts.sort((a, b) => a - b);
}

/** Lexemes of the yaml package's lexer that stand for no text of the source: document, flow error end, scalar. */
const CONTROL_LEXEMES = new Set(["\x02", "\x18", "\x1f"]);

/**
 * The offset of the bracket that closes the flow collection opening at `start`, lexed as the root
 * of a document of its own, where any indentation is enough (and the lexer stops at the bracket,
 * not at the end of the text); undefined when it does not close.
 */
function closingBracket(text: string, start: number): number | undefined {
  let offset = start;
  let depth = 0;
  for (const lexeme of new Lexer().lex(text.slice(start))) {
    const type = CST.tokenType(lexeme);
    if (type === "flow-map-start" || type === "flow-seq-start") depth++;
    else if (type === "flow-map-end" || type === "flow-seq-end") {
      if (--depth === 0) return text[start] === "{" && lexeme === "}" ? offset : text[start] === "[" && lexeme === "]" ? offset : undefined;
    } else if (type === "flow-error-end" || (type === "doc-start" && offset > start)) return undefined;
    if (!CONTROL_LEXEMES.has(lexeme)) offset += lexeme.length;
  }
  return undefined;
}
