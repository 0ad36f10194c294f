/**
 * Evaluation of Terraform expressions (the tree ../source/hcl.ts reads) as far as a module's own
 * files decide them: literals, templates, lists and objects, `local.x`, `var.x` (its value from
 * the directory's `terraform.tfvars` / `*.auto.tfvars`, else its default), `each`/`count`, the
 * partition, operators and conditionals on known values, and a few pure functions. Whatever else
 * (another resource's attribute, a module output, a data source, a `for` expression, a function
 * not listed) is an Unknown that keeps its text and line, never a guess. References to the
 * resources the caller tracks (`aws_iam_policy.x.arn`) are kept as references. Pure, no I/O.
 */
import { parseHclExpression, type HclExpr, type HclOperation } from "./hcl.js";
import { isRecord } from "../is-record.js";

/** A value known only when the configuration is applied or planned with values not written here. */
export class Unknown {
  constructor(
    readonly source: string,
    readonly file: string,
    readonly line: number,
  ) {}
}

/**
 * An object some of whose keys are not known (`{ "${local.issuer}:sub" = "system:serviceaccount:a:b" }`):
 * unknown as a whole to every reader, as Terraform would be, with what is known of it in `entries`,
 * each unknown key written as its pattern (unknown parts `*`: `*:sub`). Only a reader that can use
 * a partly known key (an Allow's condition, terraform-hcl.ts) looks inside.
 */
export class KeyedUnknown extends Unknown {
  constructor(
    source: string,
    file: string,
    line: number,
    readonly entries: { readonly [key: string]: Value },
  ) {
    super(source, file, line);
  }
}

/**
 * An attribute or element a known object or list does not have: an error in Terraform, which
 * `try()` passes over to its next argument; elsewhere read as any unknown value.
 */
export class Missing extends Unknown {}

/** A string written with interpolations some of which are unknown. */
export class Partial {
  constructor(readonly parts: readonly (string | Unknown)[]) {}
}

/** `jsonencode(value)`: a JSON string, kept as the value it encodes. */
export class Json {
  constructor(
    readonly value: Value,
    readonly line: number,
  ) {}
}

/** `file("x.json")` / `templatefile(...)`: text in another file, relative to the module's directory. */
export class FileText {
  constructor(
    readonly fn: string,
    readonly path: string,
    readonly line: number,
    /** `templatefile`'s variables. */
    readonly vars?: Value,
  ) {}
}

/** An attribute of a resource or data source the caller tracks (`aws_iam_role.agent[0].name`). */
export class Ref<T = unknown> {
  constructor(
    readonly target: T,
    readonly attribute: string,
    readonly source: string,
    readonly line: number,
  ) {}
}

export type Value = string | number | boolean | null | Unknown | Partial | Json | FileText | Ref | Value[] | { [key: string]: Value };

/** A plain object value (not one of the marker classes). */
export const isObjectValue = (v: Value): v is { [key: string]: Value } => isRecord(v) && Object.getPrototypeOf(v) === Object.prototype;

/** What the evaluator asks its caller: resources it tracks, data sources it knows. */
export interface EvalContext {
  file: string;
  locals: ReadonlyMap<string, { expr: HclExpr; file: string }>;
  variables: ReadonlyMap<string, Value>;
  each?: { key: Value; value: Value };
  count?: Value;
  /** Names a `for` expression binds. */
  names?: ReadonlyMap<string, Value>;
  /** Iterators of `dynamic` blocks being expanded. */
  iterators?: ReadonlyMap<string, { key: Value; value: Value }>;
  /** A reference rooted at `root` (a resource type, `data`) with its path, or undefined when untracked. */
  reference: (root: string, path: readonly string[], source: string, line: number, ctx: EvalContext) => Value | undefined;
  /** The text of a tracked reference inside a string (a role's literal name), when known. */
  refText?: (ref: Ref) => string | undefined;
  /** Locals being evaluated (a local that names itself is unknown). */
  resolving?: Set<string>;
  depth?: number;
}

const unknownOf = (expr: HclExpr, ctx: EvalContext, source = "source" in expr ? expr.source : expr.kind): Unknown => new Unknown(source, ctx.file, expr.line);

/** Whether any part of a value is unknown. */
export function holdsUnknown(v: Value): boolean {
  if (v instanceof Unknown || v instanceof Partial) return true;
  if (v instanceof Json) return holdsUnknown(v.value);
  if (Array.isArray(v)) return v.some(holdsUnknown);
  if (isObjectValue(v)) return Object.values(v).some(holdsUnknown);
  return false;
}

/** The first unknown part of a value, for messages. */
export function firstUnknown(v: Value): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (v instanceof Partial) return v.parts.find((p): p is Unknown => p instanceof Unknown);
  if (v instanceof Json) return firstUnknown(v.value);
  const items = Array.isArray(v) ? v : isObjectValue(v) ? Object.values(v) : [];
  for (const item of items) {
    const u = firstUnknown(item);
    if (u) return u;
  }
  return undefined;
}

/** A value made only of known primitives, lists and objects (JSON as it is). */
function isPlainKnown(v: Value): boolean {
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return true;
  if (Array.isArray(v)) return v.every(isPlainKnown);
  return isObjectValue(v) && Object.values(v).every(isPlainKnown);
}

/** A known primitive as the string Terraform would interpolate; undefined otherwise. */
function primitiveText(v: Value): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** Index `[...]` written in a traversal, evaluated. */
function indexValue(segment: string, ctx: EvalContext, line: number): Value {
  const inner = segment.slice(1, -1);
  if (inner === "*") return new Unknown(segment, ctx.file, line);
  try {
    return evaluate(parseHclExpression(inner, line), ctx);
  } catch {
    return new Unknown(segment, ctx.file, line);
  }
}

/** `.attr` and `[index]` applied to a value. */
export function applyPath(value: Value, path: readonly string[], ctx: EvalContext, line: number, source: string): Value {
  let v = value;
  for (const segment of path) {
    if (v instanceof Unknown) return v;
    const key: Value = segment.startsWith("[") ? indexValue(segment, ctx, line) : segment;
    if (key instanceof Unknown) return key;
    // An attribute or element that is null is null (`statement.value.not_actions` of an `optional`).
    if (Array.isArray(v) && typeof key === "number") v = key >= 0 && key < v.length ? (v[key] as Value) : new Missing(source, ctx.file, line);
    else if (isObjectValue(v) && (typeof key === "string" || typeof key === "number")) v = Object.hasOwn(v, String(key)) ? (v[String(key)] as Value) : new Missing(source, ctx.file, line);
    else return new Unknown(source, ctx.file, line);
  }
  return v;
}

/** Two known values are equal (Terraform compares by value). */
function sameValue(a: Value, b: Value): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function operate(operator: string, left: Value, right: Value): Value | undefined {
  // `var.x != null`: a list, object or string is not null however unknown its parts (modules
  // write `for_each = var.statements != null ? var.statements : {}`); only an Unknown may be.
  if ((operator === "==" || operator === "!=") && (left === null || right === null)) {
    const other = left === null ? right : left;
    if (other instanceof Unknown) return undefined;
    return (other === null) === (operator === "==");
  }
  if (holdsUnknown(left) || holdsUnknown(right) || left instanceof Ref || right instanceof Ref) return undefined;
  switch (operator) {
    case "==":
      return sameValue(left, right);
    case "!=":
      return !sameValue(left, right);
    case "&&":
      return typeof left === "boolean" && typeof right === "boolean" ? left && right : undefined;
    case "||":
      return typeof left === "boolean" && typeof right === "boolean" ? left || right : undefined;
  }
  if (typeof left !== "number" || typeof right !== "number") return undefined;
  switch (operator) {
    case "<":
      return left < right;
    case ">":
      return left > right;
    case "<=":
      return left <= right;
    case ">=":
      return left >= right;
    case "+":
      return left + right;
    case "-":
      return left - right;
    case "*":
      return left * right;
    case "/":
      return right === 0 ? undefined : left / right;
    case "%":
      return right === 0 ? undefined : left % right;
  }
  return undefined;
}

/** A template's text with its `${...}` evaluated; `%{...}` directives are unknown. */
function template(expr: HclExpr & { kind: "template" }, ctx: EvalContext): Value {
  if (expr.interpolations.length === 0) return expr.text;
  // A template that is one interpolation and nothing else is that value, list or object alike.
  const only = expr.interpolations.length === 1 && expr.text === expr.interpolations[0] && expr.text.startsWith("${") ? expr.text.slice(2, -1).replace(/^~|~$/g, "") : undefined;
  if (only !== undefined) {
    try {
      return evaluate(parseHclExpression(only, expr.line), ctx);
    } catch {
      return new Unknown(expr.text, ctx.file, expr.line);
    }
  }
  const parts: (string | Unknown)[] = [];
  let rest = expr.text;
  for (const written of expr.interpolations) {
    const at = rest.indexOf(written);
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + written.length);
    let v: Value = new Unknown(written, ctx.file, expr.line);
    if (written.startsWith("${")) {
      try {
        v = evaluate(parseHclExpression(written.slice(2, -1).replace(/^~|~$/g, ""), expr.line), ctx);
      } catch {
        v = new Unknown(written, ctx.file, expr.line);
      }
    }
    // `${jsonencode(x)}` in a template (a JSON template's list) is its JSON text when wholly known.
    const text = primitiveText(v) ?? (v instanceof Ref ? ctx.refText?.(v) : v instanceof Json && isPlainKnown(v.value) ? JSON.stringify(v.value) : undefined);
    if (text !== undefined) parts.push(text);
    else if (v instanceof Partial) parts.push(...v.parts);
    else if (v instanceof Unknown) parts.push(v);
    else parts.push(new Unknown(written, ctx.file, expr.line));
  }
  parts.push(rest);
  if (parts.every((p) => typeof p === "string")) return parts.join("");
  return new Partial(parts.filter((p) => p !== ""));
}

const asList = (v: Value): Value[] | undefined => (Array.isArray(v) ? v : undefined);

type Parts = (string | Unknown)[];

/** A string-like value as its known and unknown parts; undefined for a list, object or marker. */
function partsOf(v: Value, ctx: EvalContext, line: number): Parts | undefined {
  const known = primitiveText(v) ?? (v instanceof Ref ? ctx.refText?.(v) : undefined);
  if (known !== undefined) return [known];
  if (v instanceof Partial) return [...v.parts];
  if (v instanceof Unknown) return [v];
  if (v instanceof Ref) return [new Unknown(v.source, ctx.file, line)];
  return undefined;
}

/** Parts as a value: a string when all are known, else a Partial (adjacent texts joined). */
function fromParts(parts: Parts): Value {
  const out: Parts = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === "string" && typeof last === "string") out[out.length - 1] = last + p;
    else if (p !== "") out.push(p);
  }
  if (out.every((p) => typeof p === "string")) return out.join("");
  // Nothing known of it: the unknown itself (a policy read from a variable is still that variable).
  if (out.length === 1) return out[0] as Unknown;
  return new Partial(out);
}

/**
 * lower, upper, format, join, trimprefix, trimsuffix, replace, startswith and endswith over
 * strings part of which may be unknown: the known text transformed, each unknown part still
 * unknown (it may be any text); a test the known text cannot decide is unknown.
 * Returns undefined for another function, null when nothing is known of the result.
 */
function stringFunction(name: string, args: readonly Value[], ctx: EvalContext, line: number): Value | null | undefined {
  const parts = (v: Value | undefined) => (v === undefined ? undefined : partsOf(v, ctx, line));
  const [first, second] = args;
  switch (name) {
    case "lower":
    case "upper": {
      const p = parts(first);
      if (p === undefined || args.length !== 1 || p.every((x) => x instanceof Unknown)) return null;
      return fromParts(p.map((x) => (typeof x === "string" ? (name === "lower" ? x.toLowerCase() : x.toUpperCase()) : x)));
    }
    case "format": {
      if (typeof first !== "string") return null;
      const out: Parts = [];
      let i = 1;
      let rest = first;
      // %%, %s, %d and %v; any other verb leaves the result unknown.
      for (let m = /%./.exec(rest); m; m = /%./.exec(rest)) {
        out.push(rest.slice(0, m.index));
        rest = rest.slice(m.index + 2);
        if (m[0] === "%%") {
          out.push("%");
          continue;
        }
        const arg = parts(args[i++]);
        if (!/^%[sdv]$/.test(m[0]) || arg === undefined) return null;
        out.push(...arg);
      }
      out.push(rest);
      return fromParts(out);
    }
    case "join": {
      if (typeof first !== "string" || !Array.isArray(second) || args.length !== 2) return null;
      const items = second.map((v) => parts(v));
      if (items.some((p) => p === undefined)) return null;
      return fromParts((items as Parts[]).flatMap((p, k) => (k === 0 ? p : [first, ...p])));
    }
    case "trimprefix":
    case "trimsuffix":
    case "startswith":
    case "endswith": {
      const p = parts(first);
      if (p === undefined || typeof second !== "string" || args.length !== 2) return null;
      const atStart = name === "trimprefix" || name === "startswith";
      const edge = atStart ? p[0] : p[p.length - 1];
      if (typeof edge !== "string") return null;
      const has = atStart ? edge.startsWith(second) : edge.endsWith(second);
      // The known edge decides only when it is as long as the affix (else an unknown part may end it).
      const decided = edge.length >= second.length || p.length === 1;
      // A test the edge cannot decide is still false where the edge already differs from the affix.
      if (name.endsWith("with")) return decided ? has : (atStart ? second.startsWith(edge) : second.endsWith(edge)) ? null : false;
      if (!decided) return null;
      const trimmed = has && second ? (atStart ? edge.slice(second.length) : edge.slice(0, -second.length)) : edge;
      return fromParts(atStart ? [trimmed, ...p.slice(1)] : [...p.slice(0, -1), trimmed]);
    }
    case "replace": {
      const [, from, to] = args;
      const p = parts(first);
      // A pattern between slashes is a regular expression: not evaluated. Of a partly unknown
      // string, only a one-character pattern is replaced: a longer one may straddle a part.
      if (p === undefined || typeof from !== "string" || typeof to !== "string" || /^\/.*\/$/.test(from) || (p.length > 1 && from.length !== 1)) return null;
      return fromParts(p.map((x) => (typeof x === "string" ? x.split(from).join(to) : x)));
    }
  }
  return undefined;
}

function call(expr: HclExpr & { kind: "call" }, ctx: EvalContext): Value {
  const name = expr.name;
  if (name === "try") {
    // The first argument Terraform can evaluate: one naming what a known value does not have is
    // passed over; an unknown one may be the one it takes.
    for (const arg of expr.args) {
      const v = evaluate(arg, ctx);
      if (!(v instanceof Missing)) return v;
    }
    return unknownOf(expr, ctx, `${name}(...)`);
  }
  const args = expr.args.map((a) => evaluate(a, ctx));
  const unknown = (): Unknown => new Unknown(`${name}(...)`, ctx.file, expr.line);
  const first = args[0] as Value;
  switch (name) {
    case "jsonencode":
      return args.length === 1 ? new Json(first, expr.line) : unknown();
    case "file":
    case "templatefile": {
      const path = typeof first === "string" ? first : undefined;
      return path === undefined ? unknown() : new FileText(name, path.replace(/^(\.\/)+/, ""), expr.line, args[1]);
    }
    case "one":
      // A list of none is null, of one its element; of more Terraform refuses it.
      if (!Array.isArray(first) || args.length !== 1) return unknown();
      return first.length === 0 ? null : first.length === 1 ? (first[0] as Value) : unknown();
    case "tolist":
    case "toset":
    case "tomap":
    case "tostring":
      return args.length === 1 ? first : unknown();
  }
  // String functions keep the known text of a partly unknown string (a bucket named
  // lower("${local.name}-site-${random_id.x.hex}") is still bstri-prod-site-…).
  const text = stringFunction(name, args, ctx, expr.line);
  if (text !== undefined) return text ?? unknown();
  if (args.some((a) => a instanceof Unknown)) return args.find((a) => a instanceof Unknown) as Unknown;
  switch (name) {
    case "concat": {
      const lists = args.map(asList);
      return lists.every((l) => l !== undefined) ? (lists as Value[][]).flat() : unknown();
    }
    case "merge":
      return args.every((a) => isObjectValue(a) || a === null) ? Object.assign({}, ...args.filter((a) => a !== null)) : unknown();
    case "flatten": {
      const flat = (v: Value): Value[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
      return Array.isArray(first) ? flat(first) : unknown();
    }
    case "distinct":
      return Array.isArray(first) ? first.filter((v, i) => first.findIndex((w) => sameValue(v, w)) === i) : unknown();
    case "compact":
      return Array.isArray(first) ? first.filter((v) => v !== "" && v !== null) : unknown();
    case "coalesce":
      for (const a of args) {
        if (a instanceof Partial || a instanceof Ref) return unknown();
        if (a !== null && a !== "") return a;
      }
      return unknown();
    case "coalescelist":
      for (const a of args) if (!Array.isArray(a) || a.length > 0) return a;
      return unknown();
    case "lookup": {
      const [map, key, fallback] = args;
      if (!isObjectValue(map as Value) || typeof key !== "string") return unknown();
      return (map as Record<string, Value>)[key] ?? fallback ?? unknown();
    }
    case "element":
      return Array.isArray(first) && typeof args[1] === "number" && first.length ? (first[args[1] % first.length] as Value) : unknown();
    case "length":
      return Array.isArray(first) ? first.length : isObjectValue(first) ? Object.keys(first).length : typeof first === "string" ? first.length : unknown();
    case "keys":
      return isObjectValue(first) ? Object.keys(first).sort() : unknown();
    case "values":
      return isObjectValue(first) ? Object.keys(first).sort().map((k) => first[k] as Value) : unknown();
    case "contains":
      return Array.isArray(first) && !holdsUnknown(first) ? first.some((v) => sameValue(v, args[1] as Value)) : unknown();
    case "zipmap": {
      // A map of known keys to their values (a module's `for_each = zipmap(var.names, var.files)`);
      // keys convert to strings as Terraform's list(string) argument does.
      const values = args[1];
      const keys = Array.isArray(first) && first.every((k) => ["string", "number", "boolean"].includes(typeof k)) ? first.map(String) : undefined;
      if (args.length !== 2 || !keys || !Array.isArray(values) || keys.length !== values.length) return unknown();
      const out: { [key: string]: Value } = {};
      keys.forEach((k, i) => (out[k] = values[i] as Value));
      return out;
    }
  }
  return unknown();
}

export function evaluate(expr: HclExpr, ctx: EvalContext): Value {
  const depth = (ctx.depth ?? 0) + 1;
  if (depth > 100) return unknownOf(expr, ctx);
  const inner: EvalContext = { ...ctx, depth };
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "template":
      return template(expr, inner);
    case "tuple":
      return expr.items.map((item) => evaluate(item, inner));
    case "object": {
      const out: { [key: string]: Value } = {};
      for (const item of expr.items) out[item.key] = evaluate(item.value, inner);
      return out;
    }
    case "call":
      return call(expr, inner);
    case "traversal":
      return traversal(expr, inner);
    case "opaque": {
      const op = expr.op;
      if (!op) return unknownOf(expr, inner);
      if (op.kind === "paren") return evaluate(op.inner, inner);
      if (op.kind === "not") {
        const v = evaluate(op.operand, inner);
        return typeof v === "boolean" ? !v : unknownOf(expr, inner);
      }
      if (op.kind === "for") return forExpression(op, expr, inner);
      if (op.kind === "object") return computedObject(op, expr, inner);
      if (op.kind === "conditional") {
        const test = evaluate(op.test, inner);
        if (typeof test !== "boolean") return unknownOf(expr, inner);
        return evaluate(test ? op.then : op.else, inner);
      }
      const result = operate(op.operator, evaluate(op.left, inner), evaluate(op.right, inner));
      return result === undefined ? unknownOf(expr, inner) : result;
    }
  }
}

/**
 * An object with computed keys: a known object when every key is known (as Terraform reads it),
 * else a KeyedUnknown holding each key's pattern.
 */
function computedObject(op: HclOperation & { kind: "object" }, expr: HclExpr & { kind: "opaque" }, ctx: EvalContext): Value {
  const out: { [key: string]: Value } = {};
  let known = true;
  for (const item of op.items) {
    const key = item.keyExpr ? evaluate(item.keyExpr, ctx) : item.key;
    const text = typeof key === "string" || typeof key === "number" || typeof key === "boolean" ? String(key) : undefined;
    if (text === undefined) known = false;
    const written = text ?? (key === undefined || key === null ? undefined : pattern(key));
    if (written === undefined) return unknownOf(expr, ctx);
    out[written] = evaluate(item.value, ctx);
  }
  return known ? out : new KeyedUnknown(expr.source, ctx.file, expr.line, out);
}

/** A `for` expression over a known collection, in Terraform's order (a map's keys sorted). */
function forExpression(op: HclOperation & { kind: "for" }, expr: HclExpr, ctx: EvalContext): Value {
  const collection = evaluate(op.collection, ctx);
  const entries: [Value, Value][] | undefined = Array.isArray(collection)
    ? collection.map((v, i) => [i, v])
    : isObjectValue(collection)
      ? Object.keys(collection)
          .sort()
          .map((k) => [k, collection[k] as Value])
      : undefined;
  if (!entries) return unknownOf(expr, ctx);
  const list: Value[] = [];
  const object: { [key: string]: Value } = {};
  for (const [key, value] of entries) {
    const names = new Map(ctx.names ?? []);
    names.set(op.valueName, value);
    if (op.keyName !== undefined) names.set(op.keyName, key);
    const scoped: EvalContext = { ...ctx, names };
    if (op.condition) {
      const keep = evaluate(op.condition, scoped);
      if (typeof keep !== "boolean") return unknownOf(expr, ctx);
      if (!keep) continue;
    }
    const v = evaluate(op.valueExpr, scoped);
    if (!op.keyExpr) {
      list.push(v);
      continue;
    }
    const k = evaluate(op.keyExpr, scoped);
    if (typeof k !== "string" && typeof k !== "number") return unknownOf(expr, ctx);
    if (op.grouping) object[String(k)] = [...((object[String(k)] as Value[] | undefined) ?? []), v];
    else object[String(k)] = v;
  }
  return op.keyExpr ? object : list;
}

function traversal(expr: HclExpr & { kind: "traversal" }, ctx: EvalContext): Value {
  const [head, ...rest] = expr.path;
  const at = (v: Value, path: readonly string[]): Value => applyPath(v, path, ctx, expr.line, expr.source);
  const bound = ctx.names?.get(expr.root);
  if (bound !== undefined) return at(bound, expr.path);
  switch (expr.root) {
    case "local": {
      const local = head === undefined ? undefined : ctx.locals.get(head);
      if (!local || ctx.resolving?.has(head as string)) return unknownOf(expr, ctx);
      const resolving = new Set(ctx.resolving ?? []).add(head as string);
      const { each: _each, count: _count, iterators: _iterators, names: _names, ...outer } = ctx;
      return at(evaluate(local.expr, { ...outer, file: local.file, resolving }), rest);
    }
    case "var": {
      const v = head === undefined ? undefined : ctx.variables.get(head);
      return v === undefined ? unknownOf(expr, ctx) : at(v, rest);
    }
    case "each":
      if (!ctx.each || (head !== "key" && head !== "value")) return unknownOf(expr, ctx);
      return at(ctx.each[head], rest);
    case "count":
      return head === "index" && ctx.count !== undefined ? ctx.count : unknownOf(expr, ctx);
    case "path":
      return head === "module" || head === "root" || head === "cwd" ? "." : unknownOf(expr, ctx);
  }
  const iterator = ctx.iterators?.get(expr.root);
  if (iterator && (head === "key" || head === "value")) return at(iterator[head], rest);
  return ctx.reference(expr.root, expr.path, expr.source, expr.line, ctx) ?? unknownOf(expr, ctx);
}

/** A string value with each unknown part read as `*` (what it may be); undefined when not a string. */
export function pattern(v: Value, refText?: (ref: Ref) => string | undefined): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Unknown) return "*";
  if (v instanceof Ref) return refText?.(v) ?? "*";
  if (v instanceof Partial) return v.parts.map((p) => (typeof p === "string" ? p : "*")).join("").replace(/\*+/g, "*");
  return undefined;
}
