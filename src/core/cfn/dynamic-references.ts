/**
 * CloudFormation dynamic references (`{{resolve:ssm:/org/deployer-arn}}`, `{{resolve:ssm-secure:…}}`,
 * `{{resolve:secretsmanager:…}}`) in resources and outputs: CloudFormation replaces each with a
 * value it reads at deployment, which the template does not show. Each is rewritten as a `Ref` of
 * its own text, a name no parameter has, so every reader resolves it as it resolves a parameter
 * without a default: any value (`*`, fail closed). Left as text, a trust principal, an attached
 * role's name or an Allow's action written so named nothing and passed.
 */
import { isRecord } from "../is-record.js";
import type { TemplateInput } from "./template.js";

const DYNAMIC_REFERENCE = /\{\{resolve:(?:ssm|ssm-secure|secretsmanager):[^}]*\}\}/g;

/** The sections CloudFormation resolves dynamic references in. */
const SECTIONS = ["Resources", "Outputs"];

export function withDynamicReferences(input: TemplateInput): TemplateInput {
  const value = input.value;
  if (!isRecord(value)) return input;
  let changed = false;
  const out: Record<string, unknown> = { ...value };
  for (const section of SECTIONS) {
    const rewritten = rewrite(value[section]);
    if (rewritten !== value[section]) {
      out[section] = rewritten;
      changed = true;
    }
  }
  return changed ? { ...input, value: out } : input;
}

/** The value with each string holding a dynamic reference rewritten; the same object when none does. */
function rewrite(node: unknown): unknown {
  if (typeof node === "string") return node.includes("{{resolve:") ? asIntrinsic(node) : node;
  if (Array.isArray(node)) {
    const items = node.map(rewrite);
    return items.some((item, i) => item !== node[i]) ? items : node;
  }
  if (!isRecord(node)) return node;
  const sub = node["Fn::Sub"];
  if (Object.keys(node).length === 1 && sub !== undefined) return rewriteSub(node, sub);
  let out: Record<string, unknown> | undefined;
  for (const [key, child] of Object.entries(node)) {
    const next = rewrite(child);
    if (next !== child) (out ??= { ...node })[key] = next;
  }
  return out ?? node;
}

/**
 * `Fn::Sub` keeps its template text: each dynamic reference in it becomes a variable of its own
 * (`${AgentGuardrailDynamicReference0}`) bound to the `Ref` of it, and its variables are rewritten.
 */
function rewriteSub(node: Record<string, unknown>, sub: unknown): unknown {
  const [template, vars] = Array.isArray(sub) ? [sub[0], sub[1]] : [sub, undefined];
  if (typeof template !== "string") return node;
  const bound: Record<string, unknown> = {};
  let n = 0;
  const text = template.replace(DYNAMIC_REFERENCE, (reference) => {
    const name = `AgentGuardrailDynamicReference${n++}`;
    bound[name] = { Ref: reference };
    return `\${${name}}`;
  });
  const rewrittenVars = isRecord(vars) ? rewrite(vars) : vars;
  if (n === 0 && rewrittenVars === vars) return node;
  return { "Fn::Sub": [text, { ...(isRecord(rewrittenVars) ? rewrittenVars : {}), ...bound }] };
}

/** `{{resolve:…}}` alone as `Ref` of it; inside other text as `Fn::Join` of the text and those `Ref`s. */
function asIntrinsic(text: string): unknown {
  const parts: unknown[] = [];
  let last = 0;
  for (const m of text.matchAll(DYNAMIC_REFERENCE)) {
    if ((m.index ?? 0) > last) parts.push(text.slice(last, m.index));
    parts.push({ Ref: m[0] });
    last = (m.index ?? 0) + m[0].length;
  }
  if (parts.length === 0) return text;
  if (last < text.length) parts.push(text.slice(last));
  return parts.length === 1 ? parts[0] : { "Fn::Join": ["", parts] };
}
