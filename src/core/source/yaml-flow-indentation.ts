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
 */
import { CST, Lexer, Parser, type YAMLError } from "yaml";

/** The error the yaml package gives a flow collection whose lines are not indented past its parent's. */
export function isFlowIndentationError(error: YAMLError): boolean {
  return error.code === "BAD_INDENT" && /^Flow (map|sequence) in block collection must be sufficiently indented/.test(error.message);
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
    const column = start - lineStart;
    let changed = false;
    let out = text.slice(0, lineStart);
    let at = lineStart;
    while (at <= close) {
      const newline = text.indexOf("\n", at);
      const next = newline === -1 ? text.length : newline + 1;
      const line = text.slice(at, next);
      const indent = /^ */.exec(line)?.[0].length ?? 0;
      // The opening line stays; a blank line is left blank (inside a quoted scalar it is a newline either way).
      if (at !== lineStart && line.trim() !== "" && indent <= column) {
        out += " ".repeat(column + 1 - indent);
        changed = true;
      }
      out += line;
      at = next;
    }
    return changed ? out + text.slice(at) : undefined;
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
