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

/** A service's resource types as the catalogue encodes them, decoded from JSON once. */
interface ServiceTypes {
  /** Action name (canonical spelling) → indexes into `f`. */
  a: Record<string, number[]>;
  f: string[];
  /** Lower-cased action name → its canonical spelling, built only when an action is not spelled canonically. */
  byLower?: Map<string, string>;
}

const decoded = new WeakMap<ActionCatalogue, Map<string, ServiceTypes | null>>();

function serviceTypes(catalogue: ActionCatalogue, prefix: string): ServiceTypes | null {
  let perCatalogue = decoded.get(catalogue);
  if (!perCatalogue) decoded.set(catalogue, (perCatalogue = new Map()));
  const known = perCatalogue.get(prefix);
  if (known !== undefined) return known;
  const text = catalogue.resourceTypes?.[prefix];
  const result = text === undefined ? null : (JSON.parse(text) as ServiceTypes);
  perCatalogue.set(prefix, result);
  return result;
}

/**
 * The ARN formats of an action's resource types: `[]` when it has none (only `*` reaches it),
 * undefined when unknown (not narrowed). The name is looked up as spelled first (the tiers name
 * catalogue actions canonically), then in any case, as IAM matches actions: decoding every
 * action of a service up front was a tenth of the resource checks of a large account.
 */
export function resourceFormats(catalogue: ActionCatalogue, action: string): readonly string[] | undefined {
  const colon = action.indexOf(":");
  if (colon < 0) return undefined;
  const types = serviceTypes(catalogue, action.slice(0, colon).toLowerCase());
  if (!types) return undefined;
  let name = action.slice(colon + 1);
  if (!Object.hasOwn(types.a, name)) {
    types.byLower ??= new Map(Object.keys(types.a).map((key) => [key.toLowerCase(), key]));
    const canonical = types.byLower.get(name.toLowerCase());
    if (canonical === undefined) return undefined;
    name = canonical;
  }
  const formats = (types.a[name] ?? []).map((i) => types.f[i]);
  return formats.every((f): f is string => f !== undefined) ? formats : undefined;
}

/** An ARN format as glob tokens: each `${Variable}` a run of any characters (but `/` for some). */
function formatTokens(format: string): GlobToken[] {
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

/** A format or a resource pattern as tokens: whole, and per ARN segment when it is an ARN. */
interface Compiled {
  whole: readonly GlobToken[];
  segments: readonly (readonly GlobToken[])[] | undefined;
}

// Formats and patterns recur across actions, statements and principals: tokenized once each.
const compiledFormats = new Map<string, Compiled>();
const compiledPatterns = new Map<string, Compiled>();

function compiledFormat(format: string): Compiled {
  let compiled = compiledFormats.get(format);
  if (!compiled) {
    compiled = {
      whole: formatTokens(format).map((t) => (t.star ? { cls: "ANY", star: true } : t)),
      segments: arnSegments(format)?.map(formatTokens),
    };
    compiledFormats.set(format, compiled);
  }
  return compiled;
}

function compiledPattern(pattern: string): Compiled {
  let compiled = compiledPatterns.get(pattern);
  if (!compiled) {
    compiled = { whole: globTokens(pattern), segments: arnSegments(pattern)?.map(globTokens) };
    compiledPatterns.set(pattern, compiled);
  }
  return compiled;
}

/** `${Region}`, `*`: one run of any characters, which shares a string with every glob. */
const matchesAnything = (tokens: readonly GlobToken[]): boolean => tokens.length === 1 && tokens[0]?.star === true && tokens[0].cls === "ANY";

/** Two segments share a string (`${Region}` and `*` share one with anything). */
function segmentsOverlap(format: readonly GlobToken[], pattern: readonly GlobToken[]): boolean {
  return matchesAnything(format) || matchesAnything(pattern) || tokensOverlap(format, pattern);
}

/** A resource pattern and an ARN format share a resource (segment by segment, like IAM). */
export function formatOverlaps(format: string, pattern: string): boolean {
  const f = compiledFormat(format);
  const p = compiledPattern(pattern);
  if (!f.segments || !p.segments) return tokensOverlap(f.whole, p.whole);
  for (let i = 0; i < f.segments.length; i++) if (!segmentsOverlap(f.segments[i] as GlobToken[], p.segments[i] ?? [])) return false;
  return true;
}

/** A pattern that matches the literal request resource `*` (what actions without resource types see). */
const matchesStar = (pattern: string): boolean => /^[*?]*$/.test(pattern) && pattern.replace(/\*/g, "").length <= 1;

/** An action's resource formats, and its verdicts per resource pattern (shared by actions with the same formats). */
interface ActionReach {
  formats: readonly string[] | undefined;
  verdicts?: Map<string, boolean>;
}

const reachCache = new WeakMap<ActionCatalogue, { byAction: Map<string, ActionReach>; byFormats: Map<string, Map<string, boolean>> }>();

/** Whether a statement's resource pattern can name a resource the action acts on. */
export function actionReachesResource(catalogue: ActionCatalogue, action: string, pattern: string): boolean {
  if (pattern === "*") return true;
  let cache = reachCache.get(catalogue);
  if (!cache) reachCache.set(catalogue, (cache = { byAction: new Map(), byFormats: new Map() }));
  let reach = cache.byAction.get(action);
  if (!reach) {
    const formats = resourceFormats(catalogue, action);
    reach = { formats };
    if (formats !== undefined && formats.length > 0) {
      const key = formats.join("\n");
      let verdicts = cache.byFormats.get(key);
      if (!verdicts) cache.byFormats.set(key, (verdicts = new Map()));
      reach.verdicts = verdicts;
    }
    cache.byAction.set(action, reach);
  }
  const { formats, verdicts } = reach;
  if (formats === undefined) return true;
  if (!verdicts) return matchesStar(pattern);
  let known = verdicts.get(pattern);
  if (known === undefined) {
    known = formats.some((format) => formatOverlaps(format, pattern));
    verdicts.set(pattern, known);
  }
  return known;
}
