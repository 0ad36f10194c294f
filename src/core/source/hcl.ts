/**
 * A strict reader of the HCL native syntax Terraform files are written in: comments, blocks,
 * attributes, quoted templates with escapes and interpolations, heredocs, numbers, bools, null,
 * tuples, objects, function calls and traversals. Expressions are kept as a tree: the caller
 * decides what it can evaluate (a literal, `jsonencode` of one) and what it cannot (a variable, an
 * interpolation, an operator, a `for` expression), which stays visible as such. Pure, no I/O.
 */
import { SourceParseError } from "./source.js";

export type HclExpr =
  | { kind: "literal"; value: string | number | boolean | null; line: number }
  /** A quoted string or heredoc; `interpolations` holds the `${...}` / `%{...}` it contains, as written. */
  | { kind: "template"; text: string; interpolations: string[]; line: number; heredoc: boolean }
  | { kind: "tuple"; items: HclExpr[]; line: number }
  | { kind: "object"; items: { key: string; value: HclExpr; line: number }[]; line: number }
  | { kind: "call"; name: string; args: HclExpr[]; line: number }
  /** `var.x`, `local.y[0]`, `data.a.b.c`: the root name and the rest as written. */
  | { kind: "traversal"; root: string; path: string[]; source: string; line: number }
  /**
   * Anything else (an operator, a conditional, a `for` expression, a key computed by an
   * expression): as written, with its operands when it is an operator or a conditional (readers
   * that evaluate expressions use them; the others read it as its text).
   */
  | { kind: "opaque"; source: string; line: number; op?: HclOperation };

export type HclOperation =
  | { kind: "conditional"; test: HclExpr; then: HclExpr; else: HclExpr }
  | { kind: "binary"; operator: string; left: HclExpr; right: HclExpr }
  | { kind: "not"; operand: HclExpr }
  | { kind: "paren"; inner: HclExpr }
  /**
   * An object with a key computed by an expression (`{ "${local.issuer}:sub" = "..." }`, as IRSA trust
   * policies key their conditions): each item's key as written, or the expression that computes it.
   */
  | { kind: "object"; items: { key?: string; keyExpr?: HclExpr; value: HclExpr; line: number }[] }
  /** `[for k, v in c : v if cond]`, `{for k, v in c : k => v... if cond}`. */
  | { kind: "for"; keyName?: string; valueName: string; collection: HclExpr; keyExpr?: HclExpr; valueExpr: HclExpr; condition?: HclExpr; grouping: boolean };

/** HCL's binary operators by precedence (higher binds tighter). */
const PRECEDENCE: Readonly<Record<string, number>> = { "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6 };

export interface HclAttribute {
  name: string;
  value: HclExpr;
  line: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBody;
  line: number;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

type Token =
  | { t: "ident"; v: string; line: number; start: number; end: number }
  | { t: "number"; v: number; line: number; start: number; end: number }
  | { t: "template"; v: string; interps: string[]; heredoc: boolean; line: number; start: number; end: number }
  | { t: "punct"; v: string; line: number; start: number; end: number }
  | { t: "nl"; v: "\n"; line: number; start: number; end: number }
  | { t: "eof"; v: ""; line: number; start: number; end: number };

const PUNCT = ["==", "!=", "<=", ">=", "&&", "||", "=>", "...", "{", "}", "[", "]", "(", ")", "=", ":", ",", ".", "?", "!", "+", "-", "*", "/", "%", "<", ">"];

/** Nesting deeper than this is refused (as the JSON and YAML readers bound theirs). */
const MAX_DEPTH = 200;

/**
 * A template's text (a heredoc's, or a file `templatefile` renders) with its `$${` and `%%{`
 * escapes decoded, and its `${...}` / `%{...}` sequences as written (kept in the text).
 */
export function templateText(raw: string): { text: string; interpolations: string[] } {
  const interpolations: string[] = [];
  const text = raw.replace(/([$%])\1\{|([$%])\{/g, (whole: string, doubled?: string, _single?: string, offset?: number) => {
    if (doubled) return `${doubled}{`;
    // The sequence as written, up to its closing brace (nested braces counted).
    let depth = 0;
    const from = offset as number;
    for (let k = from + 1; k < raw.length; k++) {
      if (raw[k] === "{") depth++;
      else if (raw[k] === "}" && --depth === 0) {
        interpolations.push(raw.slice(from, k + 1));
        return whole;
      }
    }
    interpolations.push(raw.slice(from));
    return whole;
  });
  return { text, interpolations };
}

class Lexer {
  private i = 0;
  private line = 1;
  readonly tokens: Token[] = [];

  constructor(private readonly text: string) {}

  private fail(message: string, line = this.line): never {
    throw new SourceParseError(`HCL: ${message}`, line);
  }

  run(): Token[] {
    const s = this.text;
    while (this.i < s.length) {
      const c = s[this.i] as string;
      const start = this.i;
      if (c === "\n") {
        this.tokens.push({ t: "nl", v: "\n", line: this.line, start, end: start + 1 });
        this.line++;
        this.i++;
      } else if (c === " " || c === "\t" || c === "\r") this.i++;
      else if (c === "#" || (c === "/" && s[this.i + 1] === "/")) {
        while (this.i < s.length && s[this.i] !== "\n") this.i++;
      } else if (c === "/" && s[this.i + 1] === "*") {
        const close = s.indexOf("*/", this.i + 2);
        if (close < 0) this.fail("unterminated /* comment");
        for (let k = this.i; k < close; k++) if (s[k] === "\n") this.line++;
        this.i = close + 2;
      } else if (/[A-Za-z_]/.test(c)) {
        let j = this.i + 1;
        while (j < s.length && /[\w-]/.test(s[j] as string)) j++;
        this.tokens.push({ t: "ident", v: s.slice(this.i, j), line: this.line, start, end: j });
        this.i = j;
      } else if (/[0-9]/.test(c)) {
        const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(s.slice(this.i, this.i + 64)) as RegExpExecArray;
        this.tokens.push({ t: "number", v: Number(m[0]), line: this.line, start, end: this.i + m[0].length });
        this.i += m[0].length;
      } else if (c === '"') this.quoted();
      else if (c === "<" && s[this.i + 1] === "<" && /^<<-?[A-Za-z_][\w-]*\r?\n/.test(s.slice(this.i, this.i + 200))) this.heredoc();
      else {
        const p = PUNCT.find((q) => s.startsWith(q, this.i));
        if (!p) this.fail(`unexpected character ${JSON.stringify(c)}`);
        this.tokens.push({ t: "punct", v: p, line: this.line, start, end: this.i + p.length });
        this.i += p.length;
      }
    }
    this.tokens.push({ t: "eof", v: "", line: this.line, start: this.i, end: this.i });
    return this.tokens;
  }

  /** The end of a `${...}` or `%{...}` opened at `open` (the `{`), nested braces and strings skipped. */
  private interpolationEnd(open: number): number {
    const s = this.text;
    let depth = 0;
    for (let k = open; k < s.length; k++) {
      const c = s[k];
      if (c === "\n") this.line++;
      if (c === "{") depth++;
      else if (c === "}" && --depth === 0) return k;
      else if (c === '"') {
        for (k++; k < s.length && s[k] !== '"'; k++) if (s[k] === "\\") k++;
      }
    }
    return this.fail("unterminated interpolation");
  }

  private quoted(): void {
    const s = this.text;
    const line = this.line;
    const start = this.i;
    let out = "";
    const interps: string[] = [];
    this.i++;
    for (;;) {
      if (this.i >= s.length || s[this.i] === "\n") this.fail("unterminated string", line);
      const c = s[this.i] as string;
      if (c === '"') break;
      if (c === "\\") {
        const e = s[this.i + 1];
        const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === "u" || e === "U") {
          const n = e === "u" ? 4 : 8;
          const hex = s.slice(this.i + 2, this.i + 2 + n);
          if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex) || Number.parseInt(hex, 16) > 0x10ffff) this.fail(`invalid escape \\${e}${hex}`);
          out += String.fromCodePoint(Number.parseInt(hex, 16));
          this.i += 2 + n;
        } else this.fail(`invalid escape \\${e ?? ""}`);
      } else if ((c === "$" || c === "%") && s[this.i + 1] === c && s[this.i + 2] === "{") {
        out += `${c}{`;
        this.i += 3;
      } else if ((c === "$" || c === "%") && s[this.i + 1] === "{") {
        const end = this.interpolationEnd(this.i + 1);
        const written = s.slice(this.i, end + 1);
        interps.push(written);
        out += written;
        this.i = end + 1;
      } else {
        out += c;
        this.i++;
      }
    }
    this.i++;
    this.tokens.push({ t: "template", v: out, interps, heredoc: false, line, start, end: this.i });
  }

  private heredoc(): void {
    const s = this.text;
    const line = this.line;
    const start = this.i;
    const m = /^<<(-?)([A-Za-z_][\w-]*)\r?\n/.exec(s.slice(this.i, this.i + 200)) as RegExpExecArray;
    const indent = m[1] === "-";
    const marker = m[2] as string;
    this.i += m[0].length;
    this.line++;
    const lines: string[] = [];
    for (;;) {
      if (this.i >= s.length) this.fail(`heredoc <<${marker} is never closed`, line);
      let nl = s.indexOf("\n", this.i);
      if (nl < 0) nl = s.length;
      const raw = s.slice(this.i, nl).replace(/\r$/, "");
      this.i = Math.min(nl + 1, s.length);
      if (raw.trim() === marker) {
        // The closing marker's newline ends the attribute.
        this.i = nl;
        break;
      }
      lines.push(raw);
      this.line++;
    }
    let body = lines;
    if (indent) {
      const widths = lines.filter((l) => l.trim() !== "").map((l) => (/^[ \t]*/.exec(l) as RegExpExecArray)[0].length);
      const cut = widths.length ? Math.min(...widths) : 0;
      body = lines.map((l) => l.slice(cut));
    }
    const { text, interpolations: interps } = templateText(body.join("\n") + (body.length ? "\n" : ""));
    this.tokens.push({ t: "template", v: text, interps, heredoc: true, line, start, end: this.i });
  }
}

class Parser {
  private k = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.k + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.t !== "eof") this.k++;
    return t;
  }

  private fail(message: string, token: Token = this.peek()): never {
    throw new SourceParseError(`HCL: ${message}`, token.line);
  }

  private isPunct(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.t === "punct" && t.v === v;
  }

  private expect(v: string): Token {
    if (!this.isPunct(v)) this.fail(`expected "${v}", found ${this.describe(this.peek())}`);
    return this.next();
  }

  private describe(t: Token): string {
    return t.t === "eof" ? "the end of the file" : t.t === "nl" ? "a line break" : JSON.stringify(this.text.slice(t.start, t.end).slice(0, 40));
  }

  private skipNewlines(): void {
    while (this.peek().t === "nl") this.k++;
  }

  body(closing: boolean): HclBody {
    const out: HclBody = { attributes: [], blocks: [] };
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.t === "eof") {
        if (closing) this.fail("a block is never closed");
        return out;
      }
      if (closing && this.isPunct("}")) return out;
      if (t.t !== "ident") this.fail(`expected an attribute or a block, found ${this.describe(t)}`);
      this.next();
      if (this.isPunct("=")) {
        this.next();
        const value = this.expression();
        out.attributes.push({ name: t.v, value, line: t.line });
        this.endOfItem();
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        const l = this.peek();
        if (l.t === "template" && !l.heredoc && l.interps.length === 0) labels.push(l.v);
        else if (l.t === "ident") labels.push(l.v);
        else break;
        this.next();
      }
      this.expect("{");
      this.enter();
      const inner = this.body(true);
      this.leave();
      this.expect("}");
      out.blocks.push({ type: t.v, labels, body: inner, line: t.line });
      this.endOfItem();
    }
  }

  /** Nothing but line breaks left. */
  expectEnd(): void {
    this.skipNewlines();
    if (this.peek().t !== "eof") this.fail(`unexpected ${this.describe(this.peek())} after the expression`);
  }

  private endOfItem(): void {
    const t = this.peek();
    if (t.t === "nl") this.next();
    else if (!(t.t === "eof" || (t.t === "punct" && t.v === "}"))) this.fail(`expected a line break after an attribute or a block, found ${this.describe(t)}`);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail("nesting too deep");
  }

  private leave(): void {
    this.depth--;
  }

  /** Any expression. Operators and conditionals are kept as written (opaque), with their operands. */
  expression(): HclExpr {
    const startToken = this.peek();
    const test = this.binary(1);
    this.skipNewlinesBefore("?");
    if (!this.isPunct("?")) return test;
    this.next();
    this.skipNewlinesInside();
    const then = this.expression();
    this.skipNewlinesBefore(":");
    this.expect(":");
    this.skipNewlinesInside();
    const otherwise = this.expression();
    return { kind: "opaque", source: this.sourceFrom(startToken), line: startToken.line, op: { kind: "conditional", test, then, else: otherwise } };
  }

  /** Operators binding at least as tightly as `min`, left to right. */
  private binary(min: number): HclExpr {
    const startToken = this.peek();
    let left = this.unary();
    for (;;) {
      if (this.newlinesAllowed > 0 && this.peek().t === "nl") {
        let k = this.k;
        while (this.tokens[k]?.t === "nl") k++;
        const after = this.tokens[k];
        if (after?.t === "punct" && PRECEDENCE[after.v] !== undefined) this.skipNewlines();
      }
      const t = this.peek();
      const precedence = t.t === "punct" ? PRECEDENCE[t.v] : undefined;
      if (precedence === undefined || precedence < min) return left;
      this.next();
      this.skipNewlinesInside();
      const right = this.binary(precedence + 1);
      left = { kind: "opaque", source: this.sourceFrom(startToken), line: startToken.line, op: { kind: "binary", operator: String(t.v), left, right } };
    }
  }

  private newlinesAllowed = 0;

  /** Inside brackets a line break may come before `?` or `:` of a conditional: skipped only then. */
  private skipNewlinesBefore(punct: string): void {
    if (this.newlinesAllowed === 0 || this.peek().t !== "nl") return;
    let k = this.k;
    while (this.tokens[k]?.t === "nl") k++;
    const after = this.tokens[k];
    if (after?.t === "punct" && after.v === punct) this.k = k;
  }

  private skipNewlinesInside(): void {
    if (this.newlinesAllowed > 0) this.skipNewlines();
  }

  private sourceFrom(start: Token): string {
    const end = this.tokens[this.k - 1] as Token;
    return this.text.slice(start.start, end.end);
  }

  private unary(): HclExpr {
    const t = this.peek();
    if (t.t === "punct" && (t.v === "!" || t.v === "-")) {
      this.next();
      const operand = this.unary();
      if (t.v === "-" && operand.kind === "literal" && typeof operand.value === "number") return { ...operand, value: -operand.value, line: t.line };
      return { kind: "opaque", source: this.sourceFrom(t), line: t.line, ...(t.v === "!" ? { op: { kind: "not", operand } as const } : {}) };
    }
    return this.postfix(this.primary());
  }

  /** `.attr`, `[index]`, `.*`, `[*]` after a value: a traversal when it starts from a name, opaque otherwise. */
  private postfix(base: HclExpr): HclExpr {
    let expr = base;
    const startLine = base.line;
    for (;;) {
      if (this.isPunct(".") && (this.peek(1).t === "ident" || this.peek(1).t === "number" || (this.peek(1).t === "punct" && this.peek(1).v === "*"))) {
        this.next();
        const part = this.next();
        const name = part.t === "punct" ? "*" : String(part.v);
        expr = expr.kind === "traversal" ? { ...expr, path: [...expr.path, name], source: `${expr.source}.${name}` } : { kind: "opaque", source: `(${this.exprSource(expr)}).${name}`, line: startLine };
      } else if (this.isPunct("[")) {
        const open = this.next();
        this.newlinesAllowed++;
        this.skipNewlines();
        let index: string;
        if (this.isPunct("*")) {
          this.next();
          index = "*";
        } else index = this.exprSource(this.expression());
        this.skipNewlines();
        this.newlinesAllowed--;
        this.expect("]");
        void open;
        expr = expr.kind === "traversal" ? { ...expr, path: [...expr.path, `[${index}]`], source: `${expr.source}[${index}]` } : { kind: "opaque", source: `${this.exprSource(expr)}[${index}]`, line: startLine };
      } else return expr;
    }
  }

  private exprSource(e: HclExpr): string {
    switch (e.kind) {
      case "literal":
        return JSON.stringify(e.value);
      case "template":
        return JSON.stringify(e.text);
      case "traversal":
      case "opaque":
        return e.source;
      case "call":
        return `${e.name}(...)`;
      default:
        return e.kind;
    }
  }

  private primary(): HclExpr {
    const t = this.peek();
    if (t.t === "number") {
      this.next();
      return { kind: "literal", value: t.v, line: t.line };
    }
    if (t.t === "template") {
      this.next();
      return { kind: "template", text: t.v, interpolations: t.interps, line: t.line, heredoc: t.heredoc };
    }
    if (t.t === "ident") {
      this.next();
      if (t.v === "true" || t.v === "false") return { kind: "literal", value: t.v === "true", line: t.line };
      if (t.v === "null") return { kind: "literal", value: null, line: t.line };
      if (this.isPunct("(")) return this.call(t);
      if (this.atNamespace(t)) return this.call(this.namespacedName(t));
      return { kind: "traversal", root: t.v, path: [], source: t.v, line: t.line };
    }
    if (t.t === "punct" && t.v === "(") {
      this.next();
      this.newlinesAllowed++;
      this.skipNewlines();
      const inner = this.expression();
      this.skipNewlines();
      this.newlinesAllowed--;
      this.expect(")");
      return { kind: "opaque", source: this.sourceFrom(t), line: t.line, op: { kind: "paren", inner } };
    }
    if (t.t === "punct" && t.v === "[") return this.tuple();
    if (t.t === "punct" && t.v === "{") return this.object();
    return this.fail(`expected a value, found ${this.describe(t)}`);
  }

  /**
   * Whether `::` follows the name with no space, as in a provider-defined function
   * (`provider::aws::arn_parse(...)`, Terraform 1.8 and OpenTofu 1.7): hclsyntax reads `::` as one
   * token, so the name, the colons and the next name touch. A conditional's `:` never does this twice.
   */
  private atNamespace(name: Token): boolean {
    const [a, b, c] = [this.peek(), this.peek(1), this.peek(2)];
    return a.t === "punct" && a.v === ":" && b.t === "punct" && b.v === ":" && c.t === "ident" && a.start === name.end && b.start === a.end && c.start === b.end;
  }

  /** `provider::aws::arn_parse`: the whole name of a namespaced function, ending before its `(`. */
  private namespacedName(first: Token & { t: "ident" }): Token & { t: "ident" } {
    let name = first;
    while (this.atNamespace(name)) {
      this.next();
      this.next();
      const part = this.next() as Token & { t: "ident" };
      name = { ...part, v: `${name.v}::${part.v}`, start: first.start };
    }
    if (!this.isPunct("(")) this.fail(`expected "(" after the function name ${name.v}`);
    return name;
  }

  private call(name: Token & { t: "ident" }): HclExpr {
    this.expect("(");
    const args = this.listUntil(")", `the arguments of ${name.v}()`);
    return { kind: "call", name: name.v, args, line: name.line };
  }

  /**
   * Comma-separated expressions up to `close` (consumed), newlines allowed between them; a
   * function call's last argument may be expanded (`...`).
   */
  private listUntil(close: ")" | "]", where: string): HclExpr[] {
    this.enter();
    this.newlinesAllowed++;
    const items: HclExpr[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isPunct(close)) break;
      items.push(this.expression());
      this.skipNewlines();
      if (close === ")" && this.isPunct("...")) this.next();
      if (this.isPunct(",")) this.next();
      else if (!this.isPunct(close)) this.fail(`expected "," or "${close}" in ${where}, found ${this.describe(this.peek())}`);
    }
    this.newlinesAllowed--;
    this.leave();
    this.expect(close);
    return items;
  }

  /**
   * A `for` expression inside brackets or braces, kept as written with its parts; one whose parts
   * this reader does not know is skipped to its closing bracket (as written, without parts).
   */
  private forExpression(open: Token, close: "]" | "}"): HclExpr {
    const saved = { k: this.k, newlines: this.newlinesAllowed, depth: this.depth };
    try {
      return this.forParts(open, close);
    } catch (e) {
      if (!(e instanceof SourceParseError)) throw e;
      this.k = saved.k;
      this.newlinesAllowed = saved.newlines;
      this.depth = saved.depth;
    }
    let depth = 0;
    for (;;) {
      const t = this.next();
      if (t.t === "eof") this.fail("a for expression is never closed", open);
      if (t.t === "punct" && (t.v === "{" || t.v === "[" || t.v === "(")) depth++;
      if (t.t === "punct" && (t.v === "}" || t.v === "]" || t.v === ")")) {
        if (depth === 0) {
          if (t.v !== close) this.fail(`expected "${close}" closing a for expression`, t);
          break;
        }
        depth--;
      }
    }
    return { kind: "opaque", source: this.sourceFrom(open), line: open.line };
  }

  private forParts(open: Token, close: "]" | "}"): HclExpr {
    this.newlinesAllowed++;
    this.next();
    const name = (): string => {
      const t = this.next();
      if (t.t !== "ident") this.fail("expected a name in a for expression", t);
      return t.v;
    };
    let valueName = name();
    let keyName: string | undefined;
    if (this.isPunct(",")) {
      this.next();
      keyName = valueName;
      valueName = name();
    }
    if (name() !== "in") this.fail('expected "in" in a for expression');
    const collection = this.expression();
    this.skipNewlines();
    this.expect(":");
    this.skipNewlines();
    let valueExpr = this.expression();
    let keyExpr: HclExpr | undefined;
    let grouping = false;
    if (close === "}") {
      this.skipNewlines();
      this.expect("=>");
      this.skipNewlines();
      keyExpr = valueExpr;
      valueExpr = this.expression();
      if (this.isPunct("...")) {
        this.next();
        grouping = true;
      }
    }
    this.skipNewlines();
    let condition: HclExpr | undefined;
    const t = this.peek();
    if (t.t === "ident" && t.v === "if") {
      this.next();
      condition = this.expression();
      this.skipNewlines();
    }
    this.newlinesAllowed--;
    this.expect(close);
    return {
      kind: "opaque",
      source: this.sourceFrom(open),
      line: open.line,
      op: { kind: "for", ...(keyName !== undefined ? { keyName } : {}), valueName, collection, ...(keyExpr ? { keyExpr } : {}), valueExpr, ...(condition ? { condition } : {}), grouping },
    };
  }

  private tuple(): HclExpr {
    const open = this.expect("[");
    this.skipNewlines();
    const first = this.peek();
    if (first.t === "ident" && first.v === "for") return this.forExpression(open, "]");
    return { kind: "tuple", items: this.listUntil("]", "a list"), line: open.line };
  }

  private object(): HclExpr {
    const open = this.expect("{");
    this.skipNewlines();
    const first = this.peek();
    if (first.t === "ident" && first.v === "for") return this.forExpression(open, "}");
    this.enter();
    const saved = this.newlinesAllowed;
    // Inside an object a line break separates items; inside its values' brackets it does not.
    this.newlinesAllowed = 0;
    const items: { key: string; value: HclExpr; line: number }[] = [];
    const keyExprs = new Map<number, HclExpr>();
    let computedKey: string | undefined;
    for (;;) {
      this.skipNewlines();
      if (this.isPunct("}")) break;
      const keyToken = this.peek();
      const key = this.expression();
      let name: string;
      if (key.kind === "traversal" && key.path.length === 0) name = key.root;
      else if (key.kind === "template" && key.interpolations.length === 0) name = key.text;
      else if (key.kind === "literal" && key.value !== null) name = String(key.value);
      else {
        name = this.exprSource(key);
        computedKey ??= name;
        keyExprs.set(items.length, key);
      }
      if (!this.isPunct("=") && !this.isPunct(":")) this.fail(`expected "=" or ":" after an object key, found ${this.describe(this.peek())}`);
      this.next();
      this.skipNewlines();
      const value = this.expression();
      items.push({ key: name, value, line: keyToken.line });
      const t = this.peek();
      if (t.t === "nl" || (t.t === "punct" && t.v === ",")) this.next();
      else if (!this.isPunct("}")) this.fail(`expected a line break, "," or "}" after an object item, found ${this.describe(t)}`);
    }
    this.newlinesAllowed = saved;
    this.leave();
    this.expect("}");
    if (computedKey !== undefined) {
      const op: HclOperation = { kind: "object", items: items.map((item, i) => (keyExprs.has(i) ? { keyExpr: keyExprs.get(i) as HclExpr, value: item.value, line: item.line } : item)) };
      return { kind: "opaque", source: this.sourceFrom(open), line: open.line, op };
    }
    return { kind: "object", items, line: open.line };
  }
}

/** The top-level body of a Terraform file; a syntax error is a SourceParseError with its line. */
export function parseHcl(text: string): HclBody {
  const tokens = new Lexer(text).run();
  return new Parser(tokens, text).body(false);
}

/** One expression written alone (the inside of a `"${...}"` template); a SourceParseError when it is not one. */
export function parseHclExpression(text: string, line = 1): HclExpr {
  const tokens = new Lexer(text).run().map((t) => ({ ...t, line: t.line + line - 1 }));
  const parser = new Parser(tokens, text);
  const expr = parser.expression();
  parser.expectEnd();
  return expr;
}
