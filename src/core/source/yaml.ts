/**
 * YAML: parsed by the `yaml` package into plain data, turning CloudFormation short-form tags
 * (`!Ref`, `!GetAtt`, `!Sub`, ...) into their long form. No line is recorded while converting:
 * the line of a pointer is found when evidence asks for it, by following the pointer through the
 * parsed document's nodes (aliases, merge keys and short forms resolved as the conversion does).
 */
import { isAlias, isMap, isNode, isScalar, isSeq, parseAllDocuments, parseDocument, visit, type Document, type Node, type Pair, type ParsedNode, type Scalar, type YAMLMap } from "yaml";
import { parsePointer, toPointer } from "./pointer.js";
import { LineIndex, lineAtOffset, registerYamlParser, SourceParseError, type ParsedSource } from "./source.js";
import { isRecord } from "../is-record.js";
import { lowerBound } from "../sorted.js";
import { closingQuote, indentFlowCollection, indentQuotedScalar, isFlowIndentationError } from "./yaml-flow-indentation.js";

/**
 * CloudFormation short forms and the long form each one stands for. A Map, not an object: a tag
 * such as `!<constructor>` must not find Object's own properties and hide its value under them.
 */
const CFN_TAGS = new Map<string | undefined, string>(Object.entries({
  "!Ref": "Ref",
  "!Condition": "Condition",
  "!GetAtt": "Fn::GetAtt",
  "!Sub": "Fn::Sub",
  "!Join": "Fn::Join",
  "!Select": "Fn::Select",
  "!Split": "Fn::Split",
  "!If": "Fn::If",
  "!Equals": "Fn::Equals",
  "!And": "Fn::And",
  "!Or": "Fn::Or",
  "!Not": "Fn::Not",
  "!FindInMap": "Fn::FindInMap",
  "!Base64": "Fn::Base64",
  "!Cidr": "Fn::Cidr",
  "!ImportValue": "Fn::ImportValue",
  "!GetAZs": "Fn::GetAZs",
  "!Transform": "Fn::Transform",
  "!Length": "Fn::Length",
  "!ToJsonString": "Fn::ToJsonString",
  "!FindInMapOrDefault": "Fn::FindInMap",
  // Rule-specific functions, in a template's Rules section.
  "!Contains": "Fn::Contains",
  "!EachMemberEquals": "Fn::EachMemberEquals",
  "!EachMemberIn": "Fn::EachMemberIn",
  "!RefAll": "Fn::RefAll",
  "!ValueOf": "Fn::ValueOf",
  "!ValueOfAll": "Fn::ValueOfAll",
}));

/** The YAML types the yaml package resolves (`!!str`, `!!int`, ...): any other tag is unknown. */
const YAML_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq", "binary", "timestamp", "set", "omap", "pairs"].map((t) => `tag:yaml.org,2002:${t}`));

/** A tag as written: `!Name`, `!!name` for one of YAML's own, `!<name>` for a verbatim one. */
const writtenTag = (tag: string): string => (tag.startsWith("!") ? tag : tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice(18)}` : `!<${tag}>`);

/**
 * Why a value under a tag that is neither CloudFormation's nor YAML's cannot be read. The yaml
 * package only warns and keeps the untagged value, so `Resource: !Sbu arn:...:${AWS::AccountId}:*`
 * would be judged as a literal string that CloudFormation never deploys (it rejects the template),
 * and `Type: !Rain::Module vpc.yml` as a resource of type `vpc.yml`.
 */
export function unknownTagMessage(tag: string): string {
  const written = writtenTag(tag);
  if (written.startsWith("!Rain::")) {
    return `${written} is a Rain directive: \`rain pkg\` replaces it before deployment, and what it stands for is not in this file (fail closed): scan the template \`rain pkg\` writes instead`;
  }
  return `unknown tag ${written}: neither a CloudFormation short form (!Ref, !Sub, !GetAtt, ...) nor a YAML type, so the value it tags cannot be read (fail closed)`;
}

export interface YamlOptions {
  /**
   * List tags that are neither CloudFormation's nor YAML's instead of refusing the text at the
   * first: for files met while walking a directory, most of which (CI pipelines, Ansible) are not
   * inputs at all. Whoever recognizes the file as an input reports them.
   */
  listUnknownTags?: boolean;
  /**
   * Refuse a key written twice (configuration: a mistake to report, not a value to pick). In
   * templates it keeps its last value, as CloudFormation deploys it.
   */
  refuseDuplicateKeys?: boolean;
}

export function parseYaml(source: string, options: YamlOptions = {}): ParsedSource {
  const { doc, text } = parseLikeCloudFormation(source, options);
  const firstError = doc.errors[0];
  if (firstError?.code === "MULTIPLE_DOCS") {
    const stream = parseKubernetesStream(text, options);
    if (stream) return stream;
  }
  if (firstError) {
    const line = lineAtOffset(text, firstError.pos[0]);
    throw new SourceParseError(`invalid YAML: ${firstError.message.split("\n")[0]}${outputBeforeTemplate(text, line)}`, line);
  }
  refuseUnclosedQuote(doc, text);
  const lines = new LineIndex(text);
  const { value, unknownTags } = plainValue(doc, text, lines, options);
  return {
    format: "yaml",
    value,
    ...(unknownTags.length ? { unknownTags } : {}),
    lineOf(pointer) {
      const offset = yamlOffsetOf(doc, pointer);
      return offset === undefined ? undefined : lines.lineAt(offset);
    },
  };
}

/**
 * One document's plain value; a value that cannot be read is a SourceParseError at its line.
 * `left`: the values the text may still make (the documents of one text share one budget).
 */
function plainValue(
  doc: Document.Parsed,
  text: string,
  lines: LineIndex,
  options: YamlOptions,
  left: number = valueBudget(text),
): { value: unknown; unknownTags: NonNullable<ParsedSource["unknownTags"]>; left: number } {
  const budget = valueBudget(text);
  const conversion: Conversion = {
    doc,
    left,
    ...(options.listUnknownTags ? { unknownTags: new Map() } : {}),
    ...(/[\n\r]$/.test(text) ? {} : { openEnd: text.length }),
  };
  let value: unknown;
  try {
    value = toPlain(conversion, doc.contents, 0);
  } catch (error) {
    if (error instanceof UnknownTag) {
      const line = lineAtOffset(text, error.offset);
      throw new SourceParseError(unknownTagMessage(error.tag), line);
    }
    if (error instanceof UnresolvedAlias) {
      const line = lineAtOffset(text, error.offset);
      throw new SourceParseError(`invalid YAML at line ${line}: alias *${error.alias} names no anchor before it`, line);
    }
    if (error instanceof DuplicateKey) {
      const line = lineAtOffset(text, error.offset);
      throw new SourceParseError(`invalid YAML at line ${line}: duplicate key ${JSON.stringify(error.key)} (two keys that read as the same name)`, line);
    }
    if (error instanceof AliasBomb) {
      const line = lineAtOffset(text, error.offset ?? 0);
      throw new SourceParseError(
        `invalid YAML at line ${line}: its aliases expand to more than ${budget} values (${ALIAS_EXPANSION}x the document's size), refused as an alias bomb`,
        line,
      );
    }
    throw error;
  }
  const unknownTags = [...(conversion.unknownTags ?? [])].map(([offset, tag]) => ({ tag, line: lines.lineAt(offset), message: unknownTagMessage(tag) }));
  return { value, unknownTags, left: conversion.left };
}

const isKubernetesObject = (value: unknown): boolean => isRecord(value) && typeof value["apiVersion"] === "string" && typeof value["kind"] === "string";

/** A template section's key at the start of a line (CloudFormation's top-level sections). */
const TEMPLATE_SECTION = /^(?:AWSTemplateFormatVersion|Description|Metadata|Parameters|Rules|Mappings|Conditions|Transform|Resources|Outputs)[ \t]*:/m;

/**
 * Why a file whose YAML breaks before its template's first section cannot be read: text saved
 * with it (`cdk synth > file` saves what the app and its build print first). Empty unless a
 * template (with Resources) starts after the line that broke.
 */
function outputBeforeTemplate(text: string, errorLine: number): string {
  if (!/^Resources[ \t]*:/m.test(text)) return "";
  const start = lineAtOffset(text, text.search(TEMPLATE_SECTION));
  return start > errorLine
    ? `; the template starts at line ${start}, after text that is no YAML: output saved with it (\`cdk synth > file\` saves what the app and its build print first); save the template from cdk.out, or remove the lines before it`
    : "";
}

/**
 * Several documents separated by `---`, each a Kubernetes object (or empty): a manifest, read as
 * kubectl reads it, a `v1` List whose `items` are the documents in order. Pointers go through
 * `/items/<n>` to the n-th non-empty document, so evidence keeps its line. Undefined when a
 * document is something else: one YAML file is one template or dashboard, and several are refused.
 */
function parseKubernetesStream(text: string, options: YamlOptions): ParsedSource | undefined {
  const docs = withoutStackTraces(() => parseAllDocuments(text, documentOptions(options)));
  if (!Array.isArray(docs)) return undefined;
  const lines = new LineIndex(text);
  const items: unknown[] = [];
  const itemDocs: Document.Parsed[] = [];
  const unknownTags: NonNullable<ParsedSource["unknownTags"]>[number][] = [];
  let left = valueBudget(text);
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) throw new SourceParseError(`invalid YAML: ${error.message.split("\n")[0]}`, lineAtOffset(text, error.pos[0]));
    refuseUnclosedQuote(doc, text);
    const read = plainValue(doc, text, lines, options, left);
    const { value } = read;
    left = read.left;
    unknownTags.push(...read.unknownTags);
    // An empty document (nothing, or only a comment, between two `---`) is no object.
    if (value === null) continue;
    if (!isKubernetesObject(value)) return undefined;
    items.push(value);
    itemDocs.push(doc);
  }
  return {
    format: "yaml",
    value: { apiVersion: "v1", kind: "List", items },
    ...(unknownTags.length ? { unknownTags } : {}),
    lineOf(pointer) {
      const [head, index, ...rest] = parsePointer(pointer);
      const doc = head === "items" && index !== undefined ? itemDocs[Number(index)] : undefined;
      const offset = doc ? yamlOffsetOf(doc, toPointer(rest)) : undefined;
      return offset === undefined ? (pointer === "" ? 1 : undefined) : lines.lineAt(offset);
    },
  };
}

/**
 * How the yaml package reads a document. A key written twice keeps its last value, as
 * CloudFormation deploys it, unless asked to refuse it; two spellings of one name are refused
 * later (DuplicateKey).
 */
const documentOptions = (options: YamlOptions) => ({ merge: true, uniqueKeys: options.refuseDuplicateKeys === true, prettyErrors: false, strict: false });

/**
 * Runs the yaml package without stack traces: it makes an Error for every warning, one per
 * CloudFormation short tag it does not know (`!Ref`, `!Sub`: hundreds in a template), and
 * capturing each one's stack was a tenth of a repository scan. Only their codes, messages and
 * offsets are read.
 */
function withoutStackTraces<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** At most this many flow collections are re-indented in one text (each costs a parse). */
const MAX_FLOW_REPAIRS = 50;

/**
 * The document, and the text it was parsed from: the source, or the source with its flow
 * collections indented where PyYAML and SnakeYAML ignore their indentation and the yaml package
 * does not (yaml-flow-indentation.ts). The lines are the source's either way, so an error left
 * after that (one PyYAML would report too) is at the source's line.
 */
function parseLikeCloudFormation(source: string, options: YamlOptions): { doc: Document.Parsed; text: string } {
  const parse = (text: string): Document.Parsed => withoutStackTraces(() => parseDocument(text, documentOptions(options)));
  let text = source;
  let doc = parse(source);
  for (let repairs = 0; repairs < MAX_FLOW_REPAIRS; repairs++) {
    // Not always the first error: a quoted scalar's next line there reads as an unclosed quote first.
    // A flow collection's first: inside one, its quoted scalars' lines are its lines.
    // Then a quoted scalar whose lines sit at its key's column, whatever error it shows as (or
    // none, when a line of it ends on an escaped quote).
    const flow = doc.errors.find(isFlowIndentationError);
    const unclosed = unclosedQuote(doc, text);
    // A string the yaml package closed too early, before the flow collection: the collection is
    // inside the string (as PyYAML reads it), so the string is repaired first.
    const indented =
      unclosed !== undefined && (flow === undefined || unclosed < flow.pos[0])
        ? indentQuotedScalar(text)
        : ((flow && indentFlowCollection(text, flow.pos[0])) ?? (doc.errors.length > 0 || unclosed !== undefined ? indentQuotedScalar(text) : undefined));
    if (indented === undefined) break;
    text = indented;
    doc = parse(text);
  }
  return { doc, text };
}

/** What the yaml package read as closed and CloudFormation does not: refused, at its line (fail closed). */
function refuseUnclosedQuote(doc: Document.Parsed, text: string): void {
  const at = unclosedQuote(doc, text);
  if (at !== undefined) throw new SourceParseError("invalid YAML: a quoted string has no closing quote (its last quote is escaped)", lineAtOffset(text, at));
}

/** A line that ends on an escaped quote (`\\"`, `''`): where a quoted scalar can look closed without being so. */
const ESCAPED_QUOTE_AT_LINE_END = /(\\"|'')[ \t]*(\r?\n|$)/;

/**
 * The offset of a quoted scalar the yaml package ended at a line end although its last quote is
 * escaped (`Key: "say \\"hi\\"` or `Key: 'it''` with the next line at the key's column): it
 * reports no error and reads the next line as a key of its own, where PyYAML (and so
 * CloudFormation) reads it as the rest of the string. Undefined when there is none.
 */
function unclosedQuote(doc: Document.Parsed, text: string): number | undefined {
  if (!ESCAPED_QUOTE_AT_LINE_END.test(text)) return undefined;
  let found: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      if ((node.type !== "QUOTE_DOUBLE" && node.type !== "QUOTE_SINGLE") || !node.range) return undefined;
      const [start, end] = node.range;
      // Closed where the yaml package ends it, or later (or never) by the quoting rules.
      if (closingQuote(text, start, text[start] as string) === end - 1) return undefined;
      found = start;
      return visit.BREAK;
    },
  });
  return found;
}

// ---------------------------------------------------------------- values

class UnresolvedAlias extends Error {
  constructor(
    readonly alias: string,
    readonly offset: number,
  ) {
    super(`unresolved alias *${alias}`);
  }
}

/**
 * Two keys of one mapping that read as the same name but are not the same key: `1` and `"1"`,
 * `true` and `"true"`, or two mappings as keys. The plain object keeps one value for both, and
 * which one CloudFormation's parser keeps is not known. The same key written twice is not this:
 * CloudFormation deploys its last value (go-to-k/cdk-real-drift#1074 verified it against the
 * service; cfn-lint#35), and so it is read.
 */
class DuplicateKey extends Error {
  constructor(
    readonly key: string,
    readonly offset: number,
  ) {
    super(`duplicate key ${key}`);
  }
}

class UnknownTag extends Error {
  constructor(
    readonly tag: string,
    readonly offset: number,
  ) {
    super(`unknown tag ${tag}`);
  }
}

/** Thrown when the values made exceed the budget; `offset`: the innermost alias being expanded. */
class AliasBomb extends Error {
  offset: number | undefined;
}

/**
 * Without aliases a document makes at most one value per character, so a budget of a multiple
 * of its size never refuses one; nested aliases (`a: [*b, *b, ...]`, "billion laughs") can make
 * exponentially many and would hang a scan (or the App on a pull request's template).
 */
const ALIAS_EXPANSION = 20;
const valueBudget = (text: string): number => ALIAS_EXPANSION * text.length + 1000;

interface Conversion {
  doc: Document;
  /** Values that may still be made. */
  left: number;
  /** Where unknown tags are (offset → tag), when they are listed rather than refused. */
  unknownTags?: Map<number, string>;
  /** Where the tags the yaml package warned of start, in order (tagOffset). */
  tagStarts?: number[];
  /** The text's length when it ends without a line break (blockScalarValue). */
  openEnd?: number;
}

/**
 * A block scalar that runs to the end of a text without a final line break has no line break to
 * keep (YAML 1.2 b-chomped-last: "| <end-of-input>"). PyYAML and SnakeYAML read `|` there as its
 * lines alone; the yaml package adds "\n", so a policy or ARN in the last value of a file would
 * not be the one CloudFormation deploys.
 */
function blockScalarValue(conversion: Conversion, node: Scalar): unknown {
  const block = node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED";
  if (block && node.range?.[1] === conversion.openEnd && typeof node.value === "string" && node.value.endsWith("\n")) return node.value.slice(0, -1);
  return node.value;
}

function toPlain(conversion: Conversion, node: unknown, depth: number): unknown {
  if (depth > 200) throw new SourceParseError("invalid YAML: nesting deeper than 200 levels");
  if (--conversion.left < 0) throw new AliasBomb();
  // An empty value (the library gives null) converts to null.
  if (!isNode(node)) return null;
  const doc = conversion.doc;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    // The yaml library composes an alias to no anchor as null: an error, not a silent null.
    if (!target) throw new UnresolvedAlias(node.source, startOf(node));
    try {
      return toPlain(conversion, target, depth + 1);
    } catch (error) {
      if (error instanceof AliasBomb) error.offset ??= startOf(node);
      throw error;
    }
  }
  const longForm = shortForm(node);
  if (node.tag !== undefined && longForm === undefined && !YAML_TAGS.has(node.tag)) {
    const offset = tagOffset(conversion, startOf(node));
    if (!conversion.unknownTags) throw new UnknownTag(node.tag, offset);
    conversion.unknownTags.set(offset, node.tag);
  }
  if (longForm) {
    let inner = untagged(conversion, node, depth);
    if (longForm === "Fn::GetAtt" && typeof inner === "string") {
      const dot = inner.indexOf(".");
      inner = dot === -1 ? [inner] : [inner.slice(0, dot), inner.slice(dot + 1)];
    }
    return { [longForm]: inner };
  }
  return untagged(conversion, node, depth);
}

function untagged(conversion: Conversion, node: Node, depth: number): unknown {
  if (isScalar(node)) return blockScalarValue(conversion, node);
  if (isSeq(node)) return node.items.map((item) => toPlain(conversion, item, depth + 1));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    /** Key text → the scalar the key is, or its node when it is a collection. */
    const keys = new Map<string, unknown>();
    for (const pair of node.items) {
      if (isMergeKey(pair)) {
        // Keys already set win over merged ones, and earlier merge sources over later ones.
        const merged = toPlain(conversion, pair.value, depth + 1);
        for (const source of Array.isArray(merged) ? merged : [merged]) {
          if (source && typeof source === "object") {
            for (const [k, v] of Object.entries(source)) if (!(k in out)) out[k] = v;
          }
        }
        continue;
      }
      const key = keyText(pair);
      const written = isScalar(pair.key) ? pair.key.value : pair.key;
      if (keys.has(key) && !(isScalar(pair.key) && Object.is(keys.get(key), written))) throw new DuplicateKey(key, (pair.key as ParsedNode).range[0]);
      keys.set(key, written);
      out[key] = toPlain(conversion, pair.value, depth + 1);
    }
    return out;
  }
  return null;
}

/**
 * Where the tag of the node starting at `start` is written: a block mapping's content starts on
 * the line after its tag. The yaml package warns at every tag it cannot resolve, or finds for
 * another kind of node (`!<constructor>`), and nothing but the node's own properties stands
 * between a tag and its node.
 */
function tagOffset(conversion: Conversion, start: number): number {
  // Indexed once per document: a file may hold thousands of tags (every `!Ref` is warned of too).
  const tags = (conversion.tagStarts ??= conversion.doc.warnings
    .filter((w) => w.code === "TAG_RESOLVE_FAILED" || w.code === "BAD_COLLECTION_TYPE")
    .map((w) => w.pos[0])
    .sort((a, b) => a - b));
  // The last tag at or before `start`.
  const at = lowerBound(tags, start + 1) - 1;
  return at >= 0 ? (tags[at] as number) : start;
}

/** An untagged node's tag is undefined, which no short form is. */
const shortForm = (node: Node): string | undefined => CFN_TAGS.get(node.tag);

/** With `merge: true` the yaml library gives a merge key (`<<: *base`) a Symbol as its value. */
function isMergeKey(pair: Pair): boolean {
  const key = pair.key;
  return isScalar(key) && typeof key.value === "symbol" && key.value.description === "<<";
}

/** The key as the plain object spells it: a scalar's text is its value's, a complex key is kept as its text. */
const keyText = (pair: Pair): string => String(pair.key);

// ---------------------------------------------------------------- lines on demand

/** Where a pointer's value starts: a node (read through aliases) and whether its short-form tag was stepped into. */
interface Place {
  node: Node;
  /** The pointer already named the long form of the node's short-form tag (`/Fn::GetAtt`). */
  inner: boolean;
}

/** The node itself, or the one an alias names (one step: YAML allows no anchor on an alias). */
const resolved = (doc: Document, node: unknown): Node | undefined => ((isAlias(node) ? node.resolve(doc) : node) ?? undefined) as Node | undefined;

/** Every node of a parsed document has its range. */
const startOf = (node: Node): number => (node as ParsedNode).range[0];

/** One step down a pointer: where the member's value is (none when it is null) and the offset its line is read from. */
interface Step {
  place: Place | undefined;
  offset: number;
}

/**
 * Offset of the value at `pointer`, or of its nearest ancestor that has one. A member of a
 * mapping starts at its key; a sequence item, the document and a short form's long-form member
 * at their node (an alias's at the node it names).
 */
function yamlOffsetOf(doc: Document, pointer: string): number | undefined {
  const root = resolved(doc, doc.contents);
  if (!root) return undefined;
  let place: Place | undefined = { node: root, inner: false };
  let offset = startOf(root);
  for (const segment of parsePointer(pointer)) {
    const next: Step | undefined = place ? step(doc, place, segment) : undefined;
    if (!next) break;
    place = next.place;
    offset = next.offset;
  }
  return offset;
}

function step(doc: Document, place: Place, segment: string): Step | undefined {
  const { node } = place;
  const longForm = place.inner ? undefined : shortForm(node);
  if (longForm !== undefined) return segment === longForm ? { place: { node, inner: true }, offset: startOf(node) } : undefined;
  if (isSeq(node)) {
    if (!/^(0|[1-9]\d*)$/.test(segment)) return undefined;
    const item = resolved(doc, node.items[Number(segment)]);
    return item ? { place: { node: item, inner: false }, offset: startOf(item) } : undefined;
  }
  return isMap(node) ? member(doc, node, segment, 0) : undefined;
}

/**
 * The member the plain object holds under `key`: the last ordinary pair of that name (later ones
 * overwrite earlier ones), else the first merge source that has it (sources merge in order, each
 * keeping what is already set; a merged-in short form holds its long-form key).
 */
function member(doc: Document, map: YAMLMap, key: string, depth: number): Step | undefined {
  const found = ordinaryPairs(map).get(key);
  if (found) {
    const value = resolved(doc, found.value);
    return { place: value && { node: value, inner: false }, offset: startOf(found.key as Node) };
  }
  if (depth > 200) return undefined;
  for (const pair of map.items) {
    if (!isMergeKey(pair)) continue;
    const value = resolved(doc, pair.value);
    for (const source of isSeq(value) ? value.items.map((item) => resolved(doc, item)) : [value]) {
      if (!source) continue;
      const longForm = shortForm(source);
      if (longForm !== undefined) {
        if (longForm === key) return { place: { node: source, inner: true }, offset: startOf(source) };
      } else if (isMap(source)) {
        const merged = member(doc, source, key, depth + 1);
        if (merged) return merged;
      }
    }
  }
  return undefined;
}

const pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();

/** A mapping's ordinary pairs by key (the last of a name wins), indexed when first asked. */
function ordinaryPairs(map: YAMLMap): Map<string, Pair> {
  let index = pairsByKey.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) if (!isMergeKey(pair)) index.set(keyText(pair), pair);
    pairsByKey.set(map, index);
  }
  return index;
}

registerYamlParser((text) => parseYaml(text));
