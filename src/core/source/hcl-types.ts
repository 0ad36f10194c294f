/**
 * A Terraform variable's `type` constraint applied to the value it is given, as Terraform converts
 * a module argument or a default: an `object({...})` keeps its declared attributes only, an absent
 * `optional(T, default)` one takes its default (else null), primitives convert (`86400` to
 * `"86400"` for a `list(string)`), collections convert their elements. Without this a module's
 * `statement.value.not_actions` on a caller's object that omits it reads as unknown where
 * Terraform gives null. What cannot be converted is left as it is (Terraform would refuse it).
 * Pure, no I/O.
 */
import type { HclExpr } from "./hcl.js";
import { evaluate, isObjectValue, Unknown, type EvalContext, type Value } from "./hcl-eval.js";

export type TerraformType =
  | { kind: "any" | "string" | "number" | "bool" }
  | { kind: "list" | "set" | "map"; of: TerraformType }
  | { kind: "object"; attributes: Map<string, { type: TerraformType; optional: boolean; fallback?: HclExpr }> }
  | { kind: "tuple"; items: TerraformType[] };

const ANY: TerraformType = { kind: "any" };

/** The type a `type = ...` expression writes; `any` for what is not read here. */
export function typeOf(expr: HclExpr | undefined): TerraformType {
  if (!expr) return ANY;
  if (expr.kind === "traversal" && expr.path.length === 0 && ["string", "number", "bool", "any"].includes(expr.root)) return { kind: expr.root as "string" };
  if (expr.kind !== "call") return ANY;
  const [arg] = expr.args;
  if ((expr.name === "list" || expr.name === "set" || expr.name === "map") && expr.args.length === 1) return { kind: expr.name, of: typeOf(arg) };
  if (expr.name === "tuple" && arg?.kind === "tuple") return { kind: "tuple", items: arg.items.map(typeOf) };
  if (expr.name === "object" && arg?.kind === "object") {
    const attributes = new Map<string, { type: TerraformType; optional: boolean; fallback?: HclExpr }>();
    for (const item of arg.items) {
      const v = item.value;
      if (v.kind === "call" && v.name === "optional") attributes.set(item.key, { type: typeOf(v.args[0]), optional: true, ...(v.args[1] ? { fallback: v.args[1] } : {}) });
      else attributes.set(item.key, { type: typeOf(v), optional: false });
    }
    return { kind: "object", attributes };
  }
  return ANY;
}

/** `value` converted to `type` as Terraform converts it; `ctx` evaluates `optional` defaults. */
export function convertValue(value: Value, type: TerraformType, ctx: EvalContext): Value {
  if (value === null || type.kind === "any") return value;
  switch (type.kind) {
    case "string":
      return typeof value === "number" || typeof value === "boolean" ? String(value) : value;
    case "number":
      return typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
    case "bool":
      return value === "true" ? true : value === "false" ? false : value;
    case "list":
    case "set": {
      if (!Array.isArray(value)) return value;
      const items = value.map((v) => convertValue(v, type.of, ctx));
      // A set holds each value once.
      return type.kind === "set" ? items.filter((v, i) => items.findIndex((w) => JSON.stringify(w) === JSON.stringify(v)) === i) : items;
    }
    case "map":
      return isObjectValue(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertValue(v, type.of, ctx)])) : value;
    case "tuple":
      return Array.isArray(value) ? value.map((v, i) => convertValue(v, type.items[i] ?? ANY, ctx)) : value;
    case "object": {
      if (!isObjectValue(value)) return value;
      const out: { [key: string]: Value } = {};
      for (const [name, attr] of type.attributes) {
        const given = value[name];
        if (given !== undefined && given !== null) out[name] = convertValue(given, attr.type, ctx);
        else if (attr.optional) out[name] = attr.fallback ? convertValue(evaluate(attr.fallback, ctx), attr.type, ctx) : null;
        else out[name] = given === null ? null : new Unknown(`${name} (a required attribute not given)`, ctx.file, 0);
      }
      return out;
    }
  }
}
