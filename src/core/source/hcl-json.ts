/**
 * Terraform's JSON configuration syntax (`*.tf.json`, what CDK for Terraform writes) read into
 * the tree ./hcl.ts makes of the native syntax: top-level block types, their labels as nested
 * keys, strings as templates (`"${var.x}"`), the line of each part. Without a provider's schema a
 * nested block cannot be told from an attribute holding an object: the blocks IAM documents are
 * written with (`statement`, `principals`, `condition`, `inline_policy`, `dynamic`, `content`)
 * are read as blocks. Pure, no I/O.
 */
import { templateText, type HclAttribute, type HclBlock, type HclBody, type HclExpr } from "./hcl.js";
import { parseJson } from "./json.js";
import { childPointer } from "./pointer.js";
import { isRecord } from "../is-record.js";

/** Labels each top-level block type takes (`resource "type" "name"`). */
const LABELS: Readonly<Record<string, number>> = { resource: 2, data: 2, variable: 1, provider: 1, module: 1, output: 1, locals: 0, terraform: 0 };
const NESTED_BLOCKS = new Set(["statement", "principals", "not_principals", "condition", "inline_policy", "dynamic", "content"]);

export function parseHclJson(text: string): HclBody {
  const parsed = parseJson(text);
  const lineOf = (pointer: string): number => parsed.lineOf(pointer) ?? 1;
  const expr = (v: unknown, pointer: string): HclExpr => {
    const line = lineOf(pointer);
    if (typeof v === "string") {
      const t = templateText(v);
      return { kind: "template", text: t.text, interpolations: t.interpolations, line, heredoc: false };
    }
    if (Array.isArray(v)) return { kind: "tuple", items: v.map((x, i) => expr(x, childPointer(pointer, i))), line };
    if (isRecord(v)) return { kind: "object", items: Object.entries(v).map(([key, x]) => ({ key, value: expr(x, childPointer(pointer, key)), line: lineOf(childPointer(pointer, key)) })), line };
    return { kind: "literal", value: v as string | number | boolean | null, line };
  };
  /** A block's body: nested block types by name (an object or a list of them), the rest attributes. */
  const body = (v: unknown, pointer: string, nested: ReadonlySet<string>): HclBody => {
    const out: HclBody = { attributes: [], blocks: [] };
    if (!isRecord(v)) return out;
    for (const [name, value] of Object.entries(v)) {
      const at = childPointer(pointer, name);
      if (!nested.has(name)) {
        out.attributes.push({ name, value: expr(value, at), line: lineOf(at) } satisfies HclAttribute);
        continue;
      }
      // `dynamic` and the blocks it holds are labelled by their block type: {"dynamic": {"statement": {...}}}.
      if (name === "dynamic" && isRecord(value)) {
        for (const [label, inner] of Object.entries(value)) out.blocks.push(...list(inner, childPointer(at, label)).map(([b, p]) => ({ type: "dynamic", labels: [label], body: body(b, p, nested), line: lineOf(p) })));
        continue;
      }
      out.blocks.push(...list(value, at).map(([b, p]): HclBlock => ({ type: name, labels: [], body: body(b, p, nested), line: lineOf(p) })));
    }
    return out;
  };
  const list = (v: unknown, pointer: string): [unknown, string][] => (Array.isArray(v) ? v.map((x, i) => [x, childPointer(pointer, i)]) : [[v, pointer]]);
  const top: HclBody = { attributes: [], blocks: [] };
  if (!isRecord(parsed.value)) return top;
  for (const [type, value] of Object.entries(parsed.value)) {
    const labels = LABELS[type];
    if (labels === undefined) continue;
    for (const [v, p] of list(value, childPointer("", type))) {
      if (type === "locals") {
        top.blocks.push({ type, labels: [], body: body(v, p, new Set()), line: lineOf(p) });
        continue;
      }
      // Labels are nested keys: {"resource": {"aws_iam_role": {"agent": {...}}}}.
      const walk = (node: unknown, at: string, got: string[]): void => {
        if (got.length === labels) {
          for (const [b, q] of list(node, at)) top.blocks.push({ type, labels: got, body: body(b, q, type === "variable" ? new Set() : NESTED_BLOCKS), line: lineOf(q) });
          return;
        }
        if (isRecord(node)) for (const [k, inner] of Object.entries(node)) walk(inner, childPointer(at, k), [...got, k]);
      };
      walk(v, p, []);
    }
  }
  return top;
}
