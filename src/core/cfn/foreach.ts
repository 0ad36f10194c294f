/**
 * `Fn::ForEach` loops (the `AWS::LanguageExtensions` transform), expanded as CloudFormation
 * expands them before it deploys: the rules judge the resources, conditions and outputs the stack
 * will have, not a loop they cannot read. In each copy of a loop's fragment, `${Identifier}` and
 * `&{Identifier}` (the value without its non-alphanumeric characters) are replaced in keys and
 * strings, and `{"Ref": "Identifier"}` by the value; a `Ref` or `Fn::GetAtt` whose logical id is an
 * `Fn::Sub` with nothing left to substitute names that id; loops nest. Evidence keeps the source's
 * lines: a pointer into an expanded resource (`/Resources/ordersTable/Properties`) is read at the
 * line of the fragment it came from.
 *
 * Loops are read only in a template that declares the transform, as CloudFormation reads them.
 * A collection read from the template's own `Mappings` (`Fn::FindInMap` with keys written out) is
 * that list. Fail closed: a collection known only at deployment (`!Ref` a CommaDelimitedList
 * parameter, a lookup keyed by `AWS::Region`, ...) makes one copy that stands for any value: the identifier is `*`, as the
 * template reader reads any value it cannot know (`${Name}Table` is judged as `*Table`). A loop
 * CloudFormation would reject is an input error naming it; the rest of the template is still
 * evaluated. Source: AWS CloudFormation Template Reference, "Fn::ForEach".
 */
import { inputErrorAt, type InputError } from "../finding.js";
import { childPointer } from "../source/pointer.js";
import { isRecord } from "../is-record.js";
import type { TemplateInput } from "./template.js";
import { declaresLanguageExtensions } from "./transforms.js";

const LOOP_PREFIX = "Fn::ForEach::";

/** A key that is a loop (`Fn::ForEach::Tables`), not a logical id or property. */
export const isLoopKey = (key: string): boolean => key.startsWith(LOOP_PREFIX);
/** The sections CloudFormation expands loops in (resource properties included). */
const LOOP_SECTIONS = ["Resources", "Conditions", "Outputs"] as const;

type Bindings = ReadonlyMap<string, string>;

interface Expansion {
  errors: { pointer: string; message: string }[];
  /** Expanded pointer → the source pointer it was copied from, where the two differ. */
  origins: Map<string, string>;
  /** Fragment copies made so far, against MAX_COPIES. */
  copies: number;
  /** The template's Mappings, for a collection looked up there. */
  mappings: Record<string, unknown>;
  /** Loops whose collection is known only at deployment: the loop's source pointer and collection as written. */
  open: OpenLoop[];
}

/** A loop expanded to one copy standing for any value: where it is written, and its collection. */
export interface OpenLoop {
  pointer: string;
  collection: unknown;
}

/**
 * Copies one template's loops may make: twenty times the 500 resources CloudFormation allows a
 * template (conditions and outputs counted too), so no deployable template nears it, while loops
 * nested to make millions of copies stop here rather than exhaust memory.
 */
const MAX_COPIES = 10_000;

/** A template as read: a scan's TemplateInput, or a side of a template diff. */
export type Template = Pick<TemplateInput, "file" | "value" | "lineOf">;

/** The template with its loops expanded (the input itself when it has none), and the loops it could not expand. */
export function expandForEach<T extends Template>(input: T): { input: T; errors: InputError[]; openLoops: OpenLoop[] } {
  const template = input.value;
  // Without the transform CloudFormation rejects a loop (the reader reports its key as a resource
  // without a Type), and a template without it (nearly all) is not walked in search of one.
  if (!isRecord(template) || !declaresLanguageExtensions(template) || !LOOP_SECTIONS.some((section) => hasLoop(template[section]))) return { input, errors: [], openLoops: [] };
  const expansion: Expansion = { errors: [], origins: new Map(), copies: 0, mappings: isRecord(template["Mappings"]) ? template["Mappings"] : {}, open: [] };
  const value: Record<string, unknown> = { ...template };
  for (const section of LOOP_SECTIONS) {
    if (isRecord(template[section])) value[section] = expandNode(template[section], `/${section}`, `/${section}`, new Map(), expansion);
  }
  const { lineOf } = input;
  const expanded: T = { ...input, value, ...(lineOf ? { lineOf: (pointer: string) => lineOf(sourcePointer(pointer, expansion.origins)) } : {}) };
  // Errors point into the source template, so they are read with its own lines.
  return { input: expanded, errors: expansion.errors.map((e) => inputErrorAt(input.file, e.pointer, lineOf, e.message)), openLoops: expansion.open };
}

function hasLoop(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasLoop);
  if (!isRecord(node)) return false;
  return Object.entries(node).some(([key, child]) => isLoopKey(key) || hasLoop(child));
}

/** The source pointer of an expanded one: the longest expanded prefix that has an origin. */
export function sourcePointer(pointer: string, origins: ReadonlyMap<string, string>): string {
  for (let end = pointer.length; end > 0; end = pointer.lastIndexOf("/", end - 1)) {
    const origin = origins.get(pointer.slice(0, end));
    if (origin !== undefined) return origin + pointer.slice(end);
  }
  return pointer;
}

/** The value of an identifier whose collection is known only at deployment: any value. */
const ANY_VALUE = "*";

function substitute(text: string, bindings: Bindings): string {
  if (bindings.size === 0 || !text.includes("{")) return text;
  let out = text;
  for (const [identifier, value] of bindings) {
    const alphanumeric = value === ANY_VALUE ? ANY_VALUE : value.replace(/[^A-Za-z0-9]/g, "");
    out = out.split(`\${${identifier}}`).join(value).split(`&{${identifier}}`).join(alphanumeric);
  }
  return out;
}

/** `expanded`: where the copy is; `source`: where it was written. */
function expandNode(node: unknown, expanded: string, source: string, bindings: Bindings, expansion: Expansion): unknown {
  if (typeof node === "string") return substitute(node, bindings);
  if (Array.isArray(node)) return node.map((item, i) => expandNode(item, childPointer(expanded, i), childPointer(source, i), bindings, expansion));
  if (!isRecord(node)) return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === "Ref" && typeof node["Ref"] === "string" && bindings.has(node["Ref"])) return bindings.get(node["Ref"]);
  const out: Record<string, unknown> = {};
  if (keys.length === 1 && (keys[0] === "Ref" || keys[0] === "Fn::GetAtt")) {
    // `!Ref {Fn::Sub: PublicSubnet${Id}}`, `!GetAtt [{Fn::Sub: ...}, Arn]`: the transform names the
    // logical id the copy's text spells out.
    const key = keys[0];
    const target = expandNode(node[key], childPointer(expanded, key), childPointer(source, key), bindings, expansion);
    out[key] = key === "Ref" ? spelledId(target) : Array.isArray(target) ? [spelledId(target[0]), ...target.slice(1)] : target;
    return out;
  }
  const place = (key: string, value: unknown, from: string, loop: string | undefined): void => {
    if (Object.hasOwn(out, key)) {
      expansion.errors.push({ pointer: loop ?? from, message: `${loop ? `${lastSegment(loop)} makes` : "the template has"} the key ${JSON.stringify(key)} twice (CloudFormation rejects it): it is evaluated once (fail closed)` });
      return;
    }
    out[key] = value;
  };
  for (const [key, child] of Object.entries(node)) {
    const from = childPointer(source, key);
    if (isLoopKey(key)) {
      expandLoop(key, child, expanded, from, bindings, expansion, place);
      continue;
    }
    const name = substitute(key, bindings);
    const to = childPointer(expanded, name);
    // Under an expanded key, a key kept as written is found through its parent's origin.
    if (name !== key) expansion.origins.set(to, from);
    place(name, expandNode(child, to, from, bindings, expansion), from, undefined);
  }
  return out;
}

/** `{Fn::Sub: "ordersTable"}` with nothing left to substitute: the id it spells; anything else as it is. */
function spelledId(value: unknown): unknown {
  const keys = isRecord(value) ? Object.keys(value) : [];
  const text = keys.length === 1 && keys[0] === "Fn::Sub" ? (value as Record<string, unknown>)["Fn::Sub"] : undefined;
  return typeof text === "string" && !text.includes("${") ? text : value;
}

function lastSegment(pointer: string): string {
  return pointer.slice(pointer.lastIndexOf("/") + 1);
}

function expandLoop(
  key: string,
  loop: unknown,
  expanded: string,
  source: string,
  bindings: Bindings,
  expansion: Expansion,
  place: (key: string, value: unknown, from: string, loop: string) => void,
): void {
  const fail = (message: string): void => {
    expansion.errors.push({ pointer: source, message: `${key}: ${message}: what it makes is not evaluated (fail closed)` });
  };
  if (!Array.isArray(loop) || loop.length !== 3) return fail("a loop is [identifier, collection, fragment]");
  const [identifier, rawCollection, fragment] = loop as [unknown, unknown, unknown];
  if (typeof identifier !== "string" || !/^[A-Za-z0-9]+$/.test(identifier)) return fail("its identifier must be alphanumeric");
  if (!isRecord(fragment)) return fail("its fragment must be a mapping of keys to values");
  const collection = collectionValues(rawCollection, bindings, expansion.mappings);
  if (typeof collection === "string") return fail(collection);
  if (collection.length === 1 && collection[0] === ANY_VALUE) expansion.open.push({ pointer: source, collection: rawCollection });
  for (const value of collection) {
    const inner = new Map(bindings).set(identifier, value);
    for (const [fragmentKey, fragmentValue] of Object.entries(fragment)) {
      const from = childPointer(source, 2, fragmentKey);
      if (isLoopKey(fragmentKey)) {
        // A loop in a loop: its copies land beside this loop's.
        expandLoop(fragmentKey, fragmentValue, expanded, from, inner, expansion, place);
        continue;
      }
      if (!fragmentKey.includes(`\${${identifier}}`) && !fragmentKey.includes(`&{${identifier}}`)) {
        fail(`the key ${JSON.stringify(fragmentKey)} must hold \${${identifier}} or &{${identifier}}`);
        return;
      }
      if (++expansion.copies > MAX_COPIES) {
        if (expansion.copies === MAX_COPIES + 1) fail(`the template's loops make more than ${MAX_COPIES} copies (CloudFormation allows 500 resources in a template)`);
        return;
      }
      const name = substitute(fragmentKey, inner);
      const to = childPointer(expanded, name);
      expansion.origins.set(to, from);
      place(name, expandNode(fragmentValue, to, from, inner, expansion), from, source);
    }
  }
}

/** A loop's values (one that stands for any, when they are known only at deployment), or why CloudFormation would reject it. */
function collectionValues(collection: unknown, bindings: Bindings, mappings: Record<string, unknown>): string[] | string {
  const listed = mappedList(collection, bindings, mappings);
  if (listed !== undefined) return collectionValues(listed, bindings, mappings);
  if (!Array.isArray(collection)) {
    const keys = isRecord(collection) ? Object.keys(collection) : [];
    const intrinsic = keys.length === 1 && (keys[0] === "Ref" || keys[0]?.startsWith("Fn::") === true);
    return intrinsic ? [ANY_VALUE] : "its collection must be a list";
  }
  const values: string[] = [];
  for (const item of collection) {
    if (typeof item === "string") values.push(substitute(item, bindings));
    else if (typeof item === "number" || typeof item === "boolean") values.push(String(item));
    else return "its collection must be a list of strings";
  }
  return values;
}

/** `Fn::FindInMap` with its three names written out (loop identifiers substituted): the list it reads. */
function mappedList(collection: unknown, bindings: Bindings, mappings: Record<string, unknown>): unknown[] | undefined {
  const args = isRecord(collection) && Object.keys(collection).length === 1 ? collection["Fn::FindInMap"] : undefined;
  if (!Array.isArray(args) || args.length < 3 || !args.slice(0, 3).every((a) => typeof a === "string")) return undefined;
  const [map, first, second] = (args.slice(0, 3) as string[]).map((a) => substitute(a, bindings));
  const top = map === undefined ? undefined : mappings[map];
  const level = isRecord(top) && first !== undefined ? top[first] : undefined;
  const list = isRecord(level) && second !== undefined ? level[second] : undefined;
  return Array.isArray(list) ? list : undefined;
}
