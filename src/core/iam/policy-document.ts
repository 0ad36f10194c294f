/**
 * Parse one IAM policy document into statements the engine can evaluate. Invalid input is an
 * InputError naming file and line, and the broken statement is kept in its most permissive
 * reading (an Allow of everything it might name), so a broken policy can never make a principal
 * pass (fail closed).
 */
import { defineLazyLine, type Evidence, type InputError } from "../finding.js";
import type { PolicySource, ResourceRef } from "./model.js";
import { isRecord } from "../is-record.js";

export type Effect = "Allow" | "Deny";

/** Condition block as written: operator → condition key → value(s). */
export type ConditionBlock = Record<string, Record<string, unknown>>;

export interface PolicyStatement {
  effect: Effect;
  /** Action patterns; undefined when the statement uses NotAction. */
  actions?: string[];
  notActions?: string[];
  /** Resources; undefined when the statement uses NotResource. */
  resources?: ResourceRef[];
  notResources?: ResourceRef[];
  condition?: ConditionBlock;
  /** The statement could not be read as written; it was widened (Allow) or ignored (Deny). */
  invalid?: boolean;
  /** Index within the document's Statement list (0 for a single Statement object). */
  index: number;
  evidence: Evidence;
  source: PolicySource;
}

export interface ParsedPolicy {
  statements: PolicyStatement[];
  errors: InputError[];
}

function errorFile(source: PolicySource): string {
  return source.evidence.file ?? source.evidence.arn ?? source.name;
}

/** Policy documents may arrive as JSON text, URL-encoded or not (IAM APIs return them encoded). */
export function decodePolicyDocument(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  const text = raw.trim();
  if (text.startsWith("{")) return JSON.parse(text);
  return JSON.parse(decodeURIComponent(text));
}

/** An input error about `source`, at the line of `pointer` when the input keeps lines. */
function sourceError(source: PolicySource, pointer: string, message: string): InputError {
  const line = source.lineOf?.(pointer) ?? source.evidence.line;
  return { file: errorFile(source), ...(line !== undefined ? { line } : {}), message: `${source.name}: ${message}` };
}

/**
 * Why a trust policy cannot be read, or undefined when it can. A trust that cannot be read
 * admits anyone (trust.ts, fail closed); this tells the user which one and why.
 */
export function unreadableTrustPolicy(source: PolicySource): InputError | undefined {
  const pointer = source.evidence.pointer ?? "";
  let document: unknown;
  try {
    document = decodePolicyDocument(source.document);
  } catch (error) {
    return sourceError(source, pointer, `not valid JSON (${(error as Error).message}); treated as admitting anyone`);
  }
  return isRecord(document) ? undefined : sourceError(source, pointer, "not an object; treated as admitting anyone");
}

/**
 * A trust policy's statements (one written alone is a list of one), or undefined when there is no
 * trust, or it cannot be read or is not an object: each reader decides what that admits.
 */
export function trustStatements(source: PolicySource | undefined): unknown[] | undefined {
  if (!source) return undefined;
  let document: unknown;
  try {
    document = decodePolicyDocument(source.document);
  } catch {
    return undefined;
  }
  if (!isRecord(document)) return undefined;
  const raw = document["Statement"];
  return Array.isArray(raw) ? raw : [raw];
}

export function parsePolicyDocument(source: PolicySource): ParsedPolicy {
  const errors: InputError[] = [];
  const base = source.evidence.pointer ?? "";
  const fail = (pointer: string, message: string): void => {
    errors.push(sourceError(source, pointer, message));
  };
  let document: unknown;
  try {
    document = decodePolicyDocument(source.document);
  } catch (error) {
    fail(base, `policy document is not valid JSON (${(error as Error).message}); treated as allowing everything`);
    return { statements: [widened(source, 0, base)], errors };
  }
  if (!isRecord(document)) {
    fail(base, "policy document is not an object; treated as allowing everything");
    return { statements: [widened(source, 0, base)], errors };
  }
  const raw = document["Statement"];
  if (raw === undefined) {
    fail(base, "policy document has no Statement");
    return { statements: [], errors };
  }
  const variables = document["Version"] === "2012-10-17";
  if (!Array.isArray(raw)) return { statements: [parseStatement(source, raw, `${base}/Statement`, 0, fail, variables)], errors };
  // Indexed: this runs for every statement of an account, in code that is never optimized.
  const statements: PolicyStatement[] = [];
  const origins = source.statementOrigins;
  for (let i = 0; i < raw.length; i++) {
    const origin = origins?.[i];
    statements.push(parseStatement(source, raw[i], origin?.pointer ?? `${base}/Statement/${i}`, origin?.index ?? i, fail, variables));
  }
  return { statements, errors };
}

function statementEvidence(source: PolicySource, pointer: string, index: number): Evidence {
  const { lineOf, evidence } = source;
  const policyName = evidence.policyName ?? source.name;
  if (!lineOf) {
    // Object.assign rather than a spread: without V8's optimizing compiler (the command line runs
    // with --no-opt) a spread copy is several times slower, and this runs once per statement.
    const out: Evidence = Object.assign({}, evidence);
    out.pointer = pointer;
    out.policyName = policyName;
    out.statementIndex = index;
    return out;
  }
  // The statement's line (else the document's) is found when a finding or error cites it: the
  // document's evidence is copied key by key, its own lazy line left unread.
  const out: Evidence = {};
  const record = out as Record<string, unknown>;
  const lazy = (): Evidence => defineLazyLine(out, () => lineOf(pointer) ?? evidence.line);
  for (const key of Object.keys(evidence)) {
    if (key === "line") lazy();
    else record[key] = evidence[key as keyof Evidence];
  }
  out.pointer = pointer;
  if (!("line" in out)) lazy();
  out.policyName = policyName;
  out.statementIndex = index;
  return out;
}

/** The fail-closed reading of an unreadable statement: it may allow anything on anything. */
function widened(source: PolicySource, index: number, pointer: string): PolicyStatement {
  return {
    effect: "Allow",
    actions: ["*"],
    resources: [{ pattern: "*" }],
    invalid: true,
    index,
    evidence: statementEvidence(source, pointer, index),
    source,
  };
}

type Fail = (pointer: string, message: string) => void;

/** The strings of an Action/NotAction value, trimmed; `ok` false when one is not a non-empty string. */
function stringList(value: unknown, pointer: string, key: string, fail: Fail): { list: string[]; ok: boolean } {
  // A list already as it should be (nearly all) serves as it is: no copy of every Action list of
  // an account kept beside the parsed document. Nothing changes a statement's lists.
  if (Array.isArray(value) && value.length > 0 && allTrimmedStrings(value)) return { list: value as string[], ok: true };
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  // Made to size (kept as the statement's actions; `[]` grown by push reserves 17 slots): the
  // caller reads the list only when `ok`, i.e. when every slot was filled.
  const list = new Array<string>(items.length);
  let ok = items.length > 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const trimmed = typeof item === "string" ? item.trim() : "";
    if (trimmed !== "") list[i] = trimmed;
    else {
      ok = false;
      fail(Array.isArray(value) ? `${pointer}/${key}/${i}` : `${pointer}/${key}`, `${key} must be a non-empty string or a list of them`);
    }
  }
  if (items.length === 0) fail(`${pointer}/${key}`, `${key} is empty`);
  return { list, ok };
}

function allTrimmedStrings(items: readonly unknown[]): boolean {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    // trim() returns the string itself when there is nothing to cut.
    if (typeof item !== "string" || item === "" || item.trim() !== item) return false;
  }
  return true;
}

function resourceRef(source: PolicySource, item: unknown): ResourceRef {
  if (typeof item === "string") return { pattern: item };
  return source.resolveResource ? source.resolveResource(item) : { pattern: "*" };
}

function resourceList(source: PolicySource, value: unknown): ResourceRef[] {
  if (!Array.isArray(value)) return [resourceRef(source, value)];
  const refs = new Array<ResourceRef>(value.length);
  for (let i = 0; i < value.length; i++) refs[i] = resourceRef(source, value[i]);
  return refs;
}

/**
 * A policy variable (`${aws:PrincipalTag/team}`, `${aws:ResourceTag/app, 'default'}`): in a
 * 2012-10-17 policy IAM puts the request's value of the key in its place (IAM User Guide, "IAM
 * policy elements: Variables and tags"). `${*}`, `${?}` and `${$}` stand for those characters.
 */
const POLICY_VARIABLE = /\$\{([^}]*)\}/g;
/** The caller's own identity, which the rules read as written (`user/${aws:username}`: its own user). */
const SELF_VARIABLE = /^\s*aws:(username|userid)\s*$/i;

/**
 * What an Allow's resource may be once its variables are replaced: each variable whose value the
 * request decides (a tag, a key the agent may set) any text, i.e. `*`; read as literal text, a
 * `/` in the key's name made `table/${aws:PrincipalTag/team}` no table ARN at all, so nothing.
 * Only an Allow's Resource is widened: a Deny's or a NotResource's variable covers what it
 * cannot be shown to, so it stays literal (it protects, or spares, no more than that text).
 */
function variablesAsWildcards(ref: ResourceRef): ResourceRef {
  if (!ref.pattern.includes("${")) return ref;
  const pattern = ref.pattern.replace(POLICY_VARIABLE, (whole, key: string) => (key === "*" || key === "?" || key === "$" || SELF_VARIABLE.test(key) ? whole : "*"));
  return pattern === ref.pattern ? ref : { ...ref, pattern, origin: ref.origin ?? `${ref.pattern} (a policy variable may be any value)` };
}

/** The elements of a permission policy's statement, as IAM's grammar spells them (IAM User Guide, "Grammar of the IAM JSON policy language"). */
const STATEMENT_ELEMENTS: ReadonlySet<string> = new Set(["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"]);

function parseStatement(source: PolicySource, value: unknown, pointer: string, index: number, fail: Fail, variables: boolean): PolicyStatement {
  if (!isRecord(value)) {
    fail(pointer, `Statement ${index} is not an object; treated as allowing everything`);
    return widened(source, index, pointer);
  }
  let invalid = false;
  const effectRaw = value["Effect"];
  let effect: Effect;
  if (effectRaw === "Allow" || effectRaw === "Deny") effect = effectRaw;
  else {
    fail(
      effectRaw === undefined ? pointer : `${pointer}/Effect`,
      effectRaw === undefined
        ? `Statement ${index} has no Effect; treated as Allow (fail closed)`
        : `Statement ${index} has Effect ${JSON.stringify(effectRaw)} (expected "Allow" or "Deny"); treated as Allow (fail closed)`,
    );
    effect = "Allow";
    invalid = true;
  }
  const statement: PolicyStatement = { effect, index, evidence: statementEvidence(source, pointer, index), source };
  // A Deny protects only as IAM reads it, and IAM reads no element it refuses. Every document read
  // here is a permission policy (identity policy, boundary, SCP; resource policies reach the engine
  // with their principals taken out), where Principal is refused (IAM User Guide, "IAM JSON policy
  // elements: Principal"): read as written, a NotPrincipal of the agent's own ARN exempted it and a
  // Principal of another role kept it out. An element outside the grammar (`condition`, `Conditions`)
  // was skipped, so a conditional Deny read as unconditional. Either way the Deny protects nothing;
  // an Allow keeps counting as written (skipping such an element only widens it: fail closed).
  if (effect === "Deny") {
    for (const element in value) {
      if (STATEMENT_ELEMENTS.has(element)) continue;
      fail(
        `${pointer}/${element}`,
        element === "Principal" || element === "NotPrincipal"
          ? `Statement ${index} is a Deny naming ${element}, which IAM refuses in an identity policy, permissions boundary or SCP (only a resource policy names principals); it protects nothing`
          : `Statement ${index} is a Deny with ${JSON.stringify(element)}, which is no element of IAM's policy grammar (Sid, Effect, Action, NotAction, Resource, NotResource, Condition); it protects nothing`,
      );
      invalid = true;
    }
  }

  const hasAction = "Action" in value;
  const hasNotAction = "NotAction" in value;
  if (hasAction === hasNotAction) {
    fail(pointer, `Statement ${index} must have exactly one of Action and NotAction`);
    invalid = true;
    statement.actions = ["*"];
  } else if (hasAction) {
    const { list, ok } = stringList(value["Action"], pointer, "Action", fail);
    if (!ok) invalid = true;
    statement.actions = ok ? list : ["*"];
  } else {
    const { list, ok } = stringList(value["NotAction"], pointer, "NotAction", fail);
    if (!ok) {
      invalid = true;
      statement.actions = ["*"];
    } else statement.notActions = list;
  }

  const hasResource = "Resource" in value;
  const hasNotResource = "NotResource" in value;
  if (hasResource === hasNotResource) {
    fail(pointer, `Statement ${index} must have exactly one of Resource and NotResource; treated as Resource "*"`);
    invalid = true;
    statement.resources = [{ pattern: "*" }];
  } else if (hasResource) {
    const raw = value["Resource"];
    statement.resources = Array.isArray(raw) && raw.length === 0 ? [] : resourceList(source, raw);
    if (statement.resources.length === 0) {
      fail(`${pointer}/Resource`, "Resource is empty; treated as \"*\"");
      invalid = true;
      statement.resources = [{ pattern: "*" }];
    } else if (variables && effect === "Allow") statement.resources = statement.resources.map(variablesAsWildcards);
  } else statement.notResources = resourceList(source, value["NotResource"]);

  if ("Condition" in value) {
    const condition = value["Condition"];
    if (isRecord(condition) && Object.values(condition).every(isRecord)) statement.condition = condition as ConditionBlock;
    else {
      fail(`${pointer}/Condition`, "Condition must map operators to key/value objects");
      invalid = true;
      statement.condition = { Unreadable: {} };
    }
  }
  // An invalid Allow keeps its widest reading; the engine ignores an invalid Deny (it protects nothing).
  if (invalid) statement.invalid = true;
  return statement;
}
