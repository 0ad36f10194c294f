/**
 * Which resources an action can act on (issue 13, item 5): a statement's resource reaches an
 * action only when one of the action's resource types, by its ARN format in the catalogue, can
 * match it. `s3:*` on `arn:aws:s3:::orders/*` (objects) reaches `s3:DeleteObject`, not
 * `s3:DeleteBucket` (a bucket ARN has no `/`) nor `s3:DeleteAccessPoint` (another ARN shape);
 * an action with no resource type is authorized only by `"Resource": "*"` (Service Authorization
 * Reference, "Actions, resources, and condition keys": "if the column is empty, you must specify
 * all resources").
 *
 * Fail closed: an action the catalogue has no resource data for, a resource type it does not
 * describe, or a resource that is not an ARN is reached as before (no narrowing).
 */
import { BoundedMemo, ENTRY_COST } from "../bounded-memo.js";
import type { ActionCatalogue } from "./catalogue.js";
import { arnSegments, globTokens, literalToken, tokensOverlap, type GlobToken } from "./patterns.js";

/**
 * Identifier variables whose values AWS documents without `/`, so `table/${TableName}` does not
 * reach `table/orders/backup/x`. Every other variable may span `/` (log group names, SSM
 * parameter paths, object keys, role paths all contain slashes): it matches anything.
 * Sources: S3 bucket naming rules; DynamoDB naming rules (tables, indexes: [a-zA-Z0-9_.-]);
 * DynamoDB stream labels and backup names (timestamps and ids); KMS key ids (UUIDs); S3 access
 * point naming rules ([a-z0-9-]).
 */
const NO_SLASH_VARIABLES = new Set(["BucketName", "TableName", "IndexName", "StreamLabel", "BackupName", "KeyId", "AccessPointName"]);

/**
 * A service's resource types as the catalogue encodes them: JSON `{"a": {Action: [format index,
 * ...]}, "f": [ARN format, ...]}`. Decoding every action of a service (a scan looks up a few of
 * its hundreds) cost more than all the resource checks: when the text has the encoder's exact
 * shape, an action's indexes are read where its key stands, and the text is decoded whole only
 * otherwise, or for an action not found as spelled.
 */
interface ServiceTypes {
  text: string;
  /** When the text has the shape of `COMPACT`: the text of its action map, and its formats. */
  compact?: { actions: string; f: string[] };
  decoded?: DecodedTypes;
}

interface DecodedTypes {
  /** Action name (canonical spelling) → indexes into `f`. */
  a: Record<string, number[]>;
  f: string[];
  /** Lower-cased action name → its canonical spelling, built only when an action is not spelled canonically. */
  byLower?: Map<string, string>;
}

/**
 * What `encodeResourceTypes` writes when every action name is a word (all are): no spaces, no
 * escapes, and the first `}` closes the action map. Before it, `"Name":[` is the key `Name` and
 * nothing else: a `"` followed by a word character opens a string.
 */
const COMPACT =
  /^\{"a":\{(?:"[\w-]+":\[(?:-?(?:0|[1-9]\d*)(?:,-?(?:0|[1-9]\d*))*)?\](?:,"[\w-]+":\[(?:-?(?:0|[1-9]\d*)(?:,-?(?:0|[1-9]\d*))*)?\])*)?\},"f":\[(?:"[^"\\\p{Cc}]*"(?:,"[^"\\\p{Cc}]*")*)?\]\}$/u;
const WORD = /^[\w-]+$/;

const decoded = new WeakMap<ActionCatalogue, Map<string, ServiceTypes | null>>();

function serviceTypes(catalogue: ActionCatalogue, prefix: string): ServiceTypes | null {
  let perCatalogue = decoded.get(catalogue);
  if (!perCatalogue) decoded.set(catalogue, (perCatalogue = new Map()));
  const known = perCatalogue.get(prefix);
  if (known !== undefined) return known;
  const text = catalogue.resourceTypes?.[prefix];
  let result: ServiceTypes | null = null;
  if (text !== undefined && COMPACT.test(text)) {
    const actionsEnd = text.indexOf("}");
    result = { text, compact: { actions: text.slice(0, actionsEnd), f: JSON.parse(text.slice(actionsEnd + 6, -1)) as string[] } };
  } else if (text !== undefined) {
    // As it always was: malformed data throws here; data that decodes to nothing narrows nothing.
    const whole = JSON.parse(text) as DecodedTypes | null;
    if (whole) result = { text, decoded: whole };
  }
  perCatalogue.set(prefix, result);
  return result;
}

/** The formats an action's key lists in a compact text; null when the key is not there as spelled, or is there twice (JSON.parse keeps the last). */
function formatsInText(compact: NonNullable<ServiceTypes["compact"]>, name: string): (string | undefined)[] | null {
  if (!WORD.test(name)) return null;
  const search = `"${name}":[`;
  const key = compact.actions.indexOf(search);
  if (key === -1 || compact.actions.indexOf(search, key + 1) !== -1) return null;
  const list = compact.actions.slice(key + search.length, compact.actions.indexOf("]", key));
  return list === "" ? [] : list.split(",").map((i) => compact.f[Number(i)]);
}

/**
 * ARN formats AWS issues that the Service Authorization Reference writes another way. AgentCore
 * gives an account's custom code interpreters and browsers ARNs `<account>:code-interpreter/<id>`
 * and `<account>:browser/<id>` (its API's ARN patterns are `(aws|[0-9]{12}):code-interpreter(-custom)?/`
 * and `…:browser(-custom)?/`; AgentCore Developer Guide, "Creating an AgentCore Code Interpreter"),
 * where the reference lists only `code-interpreter-custom/` and `browser-custom/` in the account:
 * without these, a grant on the ARNs AWS issues would reach nothing and its escalation be missed.
 */
const ISSUED_AS: ReadonlyMap<string, string> = new Map([
  [
    "arn:${Partition}:bedrock-agentcore:${Region}:${Account}:code-interpreter-custom/${CodeInterpreterId}",
    "arn:${Partition}:bedrock-agentcore:${Region}:${Account}:code-interpreter/${CodeInterpreterId}",
  ],
  ["arn:${Partition}:bedrock-agentcore:${Region}:${Account}:browser-custom/${BrowserId}", "arn:${Partition}:bedrock-agentcore:${Region}:${Account}:browser/${BrowserId}"],
]);
const ISSUED_AS_SERVICES = new Set([...ISSUED_AS.keys()].map((f) => f.split(":")[2]));

/** `formats` with the ARN formats AWS issues for them (ISSUED_AS) added. */
function withIssuedFormats(formats: readonly string[]): readonly string[] {
  const extra = formats.flatMap((f) => ISSUED_AS.get(f) ?? []);
  return extra.length ? [...formats, ...extra] : formats;
}

/**
 * The ARN formats of an action's resource types: `[]` when it has none (only `*` reaches it),
 * undefined when unknown (not narrowed). The name is looked up as spelled first (the tiers name
 * catalogue actions canonically), then in any case, as IAM matches actions.
 */
export function resourceFormats(catalogue: ActionCatalogue, action: string): readonly string[] | undefined {
  const colon = action.indexOf(":");
  if (colon < 0) return undefined;
  const formats = catalogueFormats(catalogue, action);
  return formats && ISSUED_AS_SERVICES.has(action.slice(0, colon).toLowerCase()) ? withIssuedFormats(formats) : formats;
}

/** resourceFormats as the catalogue alone gives them (without ISSUED_AS). */
export function catalogueFormats(catalogue: ActionCatalogue, action: string): readonly string[] | undefined {
  const colon = action.indexOf(":");
  if (colon < 0) return undefined;
  const types = serviceTypes(catalogue, action.slice(0, colon).toLowerCase());
  if (!types) return undefined;
  let formats = types.compact ? formatsInText(types.compact, action.slice(colon + 1)) : null;
  if (!formats) {
    const all = (types.decoded ??= JSON.parse(types.text) as DecodedTypes);
    let name = action.slice(colon + 1);
    if (!Object.hasOwn(all.a, name)) {
      all.byLower ??= new Map(Object.keys(all.a).map((key) => [key.toLowerCase(), key]));
      const canonical = all.byLower.get(name.toLowerCase());
      if (canonical === undefined) return undefined;
      name = canonical;
    }
    formats = (all.a[name] ?? []).map((i) => all.f[i]);
  }
  return formats.every((f): f is string => f !== undefined) ? formats : undefined;
}

/** An ARN format as glob tokens: each `${Variable}` a run of any characters (but `/` for some). */
export function formatTokens(format: string): GlobToken[] {
  const out: GlobToken[] = [];
  const re = /\$\{(\w+)\}/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    for (const ch of format.slice(last, m.index).toLowerCase()) out.push(literalToken(ch));
    out.push({ cls: NO_SLASH_VARIABLES.has(m[1] ?? "") ? "NOSLASH" : "ANY", star: true });
    last = m.index + m[0].length;
  }
  for (const ch of format.slice(last).toLowerCase()) out.push(literalToken(ch));
  return out;
}

/**
 * One ARN segment of a format or a pattern, with what settles most pairs without the automaton:
 * every string it matches starts with `head` and ends with `tail` (lower case), and a segment
 * without wildcards matches only `literal`.
 */
interface Segment {
  /** Matches every string: `*`, `${Region}` (not a variable without `/`). */
  any: boolean;
  /** A format segment that is one run of any characters between its head and tail (`role/${RoleNameWithPath}`). */
  oneRun?: boolean;
  /** A pattern segment without surrogates: every character one UTF-16 unit, so a string cut by length is cut between characters. */
  plain?: boolean;
  literal: string | undefined;
  head: string;
  tail: string;
  /** Its glob tokens, for the pairs the above do not settle. */
  tokens: () => readonly GlobToken[];
}

const VARIABLE = /\$\{(\w+)\}/g;
const SURROGATE = /[\uD800-\uDFFF]/;

function formatSegment(segment: string): Segment {
  const variables = [...segment.matchAll(VARIABLE)];
  const first = variables[0];
  const last = variables.at(-1);
  let tokens: GlobToken[] | undefined;
  return {
    any: first?.[0] === segment && !NO_SLASH_VARIABLES.has(first[1] as string),
    oneRun: variables.length === 1 && !NO_SLASH_VARIABLES.has(first?.[1] as string),
    literal: first ? undefined : segment.toLowerCase(),
    head: segment.slice(0, first?.index ?? segment.length).toLowerCase(),
    tail: last ? segment.slice((last.index ?? 0) + last[0].length).toLowerCase() : segment.toLowerCase(),
    tokens: () => (tokens ??= formatTokens(segment)),
  };
}

function patternSegment(segment: string): Segment {
  const lower = segment.toLowerCase();
  const first = lower.search(/[*?]/);
  return {
    any: lower === "*",
    plain: !SURROGATE.test(lower),
    literal: first < 0 ? lower : undefined,
    head: first < 0 ? lower : lower.slice(0, first),
    tail: first < 0 ? lower : lower.slice(Math.max(lower.lastIndexOf("*"), lower.lastIndexOf("?")) + 1),
    tokens: () => globTokens(segment),
  };
}

/** A format or a resource pattern: per ARN segment when it is an ARN, as whole tokens otherwise. */
interface Compiled {
  whole: () => readonly GlobToken[];
  segments: readonly Segment[] | undefined;
}

// Formats, patterns and their segments recur across actions, statements and principals: compiled once each.
const compiledFormats = new BoundedMemo<Compiled>("resource formats");
const compiledPatterns = new BoundedMemo<Compiled>("resource patterns");
const formatSegments = new BoundedMemo<Segment>("resource format segments");
const patternSegments = new BoundedMemo<Segment>("resource pattern segments");

// Looked up before a maker closure is made: most calls find theirs.
function compiledFormat(format: string): Compiled {
  return compiledFormats.get(format) ?? compiledFormats.remember(format, () => {
    let whole: GlobToken[] | undefined;
    return {
      whole: () => (whole ??= formatTokens(format).map((t) => (t.star ? { cls: "ANY", star: true } : t))),
      segments: arnSegments(format)?.map((segment) => formatSegments.remember(segment, formatSegment)),
    };
  });
}

function compiledPattern(pattern: string): Compiled {
  return compiledPatterns.get(pattern) ?? compiledPatterns.remember(pattern, () => ({
    whole: () => globTokens(pattern),
    segments: arnSegments(pattern)?.map((segment) => patternSegments.remember(segment, patternSegment)),
  }));
}

/** Two segments share a string. */
function segmentsOverlap(format: Segment, pattern: Segment): boolean {
  if (format.any || pattern.any) return true;
  if (format.literal !== undefined && pattern.literal !== undefined) return format.literal === pattern.literal;
  // A string both match starts with both heads and ends with both tails.
  const patternHeads = pattern.head.startsWith(format.head);
  const patternTails = pattern.tail.endsWith(format.tail);
  // `role/${RoleNameWithPath}` and `role/service-role/*`: a string the pattern matches starts with
  // its head and ends with its tail, which a wildcard holds apart and which hold the format's head
  // and tail; the run takes the rest.
  if (format.oneRun && pattern.plain && pattern.literal === undefined && patternHeads && patternTails) return true;
  const heads = patternHeads || format.head.startsWith(pattern.head);
  const tails = patternTails || format.tail.endsWith(pattern.tail);
  return heads && tails && tokensOverlap(format.tokens(), pattern.tokens());
}

/** An ARN's service (its third segment) when written without a wildcard or placeholder. */
const arnService = (arn: string): string | undefined => /^arn:[^:]*:([^:*?$]*):/.exec(arn)?.[1];

/** A resource pattern and an ARN format share a resource (segment by segment, like IAM). */
export function formatOverlaps(format: string, pattern: string): boolean {
  const f = compiledFormat(format);
  const p = compiledPattern(pattern);
  if (!f.segments || !p.segments) {
    // A short pattern (`arn:aws:bedrock:*`) is compared whole, where a format's `${Partition}` runs
    // across colons: it still names one service only, so it never reaches another service's resources.
    const [fs, ps] = [arnService(format), arnService(pattern)];
    if (fs !== undefined && ps !== undefined && fs !== ps) return false;
    return tokensOverlap(f.whole(), p.whole());
  }
  for (let i = 0; i < f.segments.length; i++) if (!segmentsOverlap(f.segments[i] as Segment, p.segments[i] as Segment)) return false;
  return true;
}

/** A pattern that matches the literal request resource `*` (what actions without resource types see). */
const matchesStar = (pattern: string): boolean => /^[*?]*$/.test(pattern) && pattern.replace(/\*/g, "").length <= 1;

/**
 * An action's resource formats, and the key of its verdicts per resource pattern (shared by
 * actions with the same formats).
 */
interface ActionReach {
  formats: readonly string[] | undefined;
  formatsKey?: string;
}

/** Verdicts by formats key, then pattern: each verdict is charged to the memo that holds its map. */
const reachCache = new WeakMap<ActionCatalogue, { byAction: BoundedMemo<ActionReach>; byFormats: BoundedMemo<Map<string, boolean>> }>();

/** Whether a statement's resource pattern can name a resource the action acts on. */
export function actionReachesResource(catalogue: ActionCatalogue, action: string, pattern: string): boolean {
  if (pattern === "*") return true;
  let cache = reachCache.get(catalogue);
  if (!cache) reachCache.set(catalogue, (cache = { byAction: new BoundedMemo("action formats"), byFormats: new BoundedMemo("resource verdicts") }));
  let reach = cache.byAction.get(action);
  if (!reach) {
    const formats = resourceFormats(catalogue, action);
    reach = formats !== undefined && formats.length > 0 ? { formats, formatsKey: formats.join("\n") } : { formats };
    cache.byAction.set(action, reach);
  }
  const { formats, formatsKey } = reach;
  if (formats === undefined) return true;
  if (formatsKey === undefined) return matchesStar(pattern);
  let verdicts = cache.byFormats.get(formatsKey);
  if (!verdicts) cache.byFormats.set(formatsKey, (verdicts = new Map()));
  let known = verdicts.get(pattern);
  if (known === undefined) {
    known = formats.some((format) => formatOverlaps(format, pattern));
    verdicts.set(pattern, known);
    cache.byFormats.charge(pattern.length + ENTRY_COST);
  }
  return known;
}
