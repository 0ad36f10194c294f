/**
 * The IAM a Terraform module directory declares in its `.tf` files (Terraform merges every `.tf`
 * of a directory into one module) → IamInput, as terraform-plan.ts reads it from a plan: roles,
 * users and groups, trust, inline, managed and AWS managed policies, boundaries, attachments and
 * group memberships. Documents are read from `jsonencode({...})`, JSON strings and heredocs,
 * `file()` of a JSON file (named for the caller to read: `wanted`) and
 * `data "aws_iam_policy_document"` (statements, dynamic statements, source/override documents).
 *
 * Values are what `terraform plan` in the directory would take without `-var`/`-var-file`:
 * locals, variables from `terraform.tfvars`/`*.auto.tfvars`, else their defaults (the caller
 * judges each other `.tfvars` file beside them as one more configuration), `count`/`for_each`
 * over known values. Anything else (another resource's attribute, a module output, a data
 * source, a variable with no value) is unknown and read the way terraform-plan.ts reads a value
 * known only after apply: an Allow's unknown resource or principal is any (`*`), its unknown
 * condition dropped; a Deny with anything unknown is dropped; unknown actions or a document that
 * cannot be read make the principal's access unreadable (`unreadable`: an input error when the
 * principal is an agent's, else an unverifiable policy that matters only if an agent reaches it).
 * Evidence: file + line of the resource or statement, pointers in Terraform's JSON syntax
 * (`/resource/aws_iam_role/agent/inline_policy/0/policy/Statement/0`). Pure, no I/O.
 */
import { join as joinPath } from "node:path";
import { compareFindings, type Evidence, type Finding, type InputError } from "../finding.js";
import type { Evaluated } from "../guarded.js";
import type { Policy } from "../policy.js";
import { agentReason, agentRunsAsReason, lambdaFunctionName, markAgentHosts, startsGitHubActionsJobs, toolFunctionReason, type AgentHost } from "./agents.js";
import type { ActionCatalogue } from "./catalogue.js";
import { evaluateIam } from "./evaluate.js";
import { isRecord } from "../is-record.js";
import { errorMessage } from "../error-message.js";
import { parseHclJson } from "../source/hcl-json.js";
import { parseHcl, parseHclExpression, templateText, type HclBlock, type HclBody, type HclExpr } from "../source/hcl.js";
import { applyPath, evaluate, FileText, firstUnknown, holdsUnknown, isObjectValue, Json, KeyedUnknown, Partial, pattern, Ref, Unknown, type EvalContext, type Value } from "../source/hcl-eval.js";
import { convertValue, typeOf } from "../source/hcl-types.js";
import { parseJson } from "../source/json.js";
import { childPointer } from "../source/pointer.js";
import { SourceParseError } from "../source/source.js";
import type { IamInput, PolicySource, Principal, PrincipalKind } from "./model.js";
import { agentToolReason, LAMBDA_PERMISSION, TF_AGENT_HOSTS, TF_AGENT_RUNTIMES, TF_AGENT_TOOLS, withGroupPolicies } from "./terraform-plan.js";

export interface TerraformModuleFiles {
  /** The directory's `.tf` files. */
  files: readonly { file: string; text: string }[];
  /** Variable files applied in this order (`terraform.tfvars`, `*.auto.tfvars`, then one `-var-file`). */
  varFiles?: readonly { file: string; text: string }[];
  /**
   * Files `file()` names, read by the caller: the root module's by their path relative to its
   * directory, a called module's by its directory joined with that path (`wanted` says which).
   */
  bodies?: ReadonlyMap<string, { file: string; text: string } | { file: string; error: string }>;
  /**
   * What the module calls lead to, by the call's key from this root module (`agent`,
   * `agent.role`: `.terraform/modules/modules.json`'s keys): the called directory and its `.tf`
   * files, or why it cannot be read (`broken`: Terraform itself could not use it, a local source
   * with no directory). A call not here is not followed (a remote module not installed).
   */
  modules?: ReadonlyMap<string, TerraformModuleSource>;
}

export type TerraformModuleSource = { dir: string; files: readonly { file: string; text: string }[] } | { error: string; broken?: boolean };

/** A `module` block as written: for the caller to find the directory it names. */
export interface TerraformModuleCall {
  name: string;
  /** `source` when written as a literal string. */
  source?: string;
  file: string;
  line: number;
}

/** A module call not followed (its module not installed, unreadable): what its arguments say of it. */
export interface UnfollowedModule {
  address: string;
  source: string;
  file: string;
  line: number;
  why: string;
  broken: boolean;
  /** Names the call and its `*name*` arguments give (the module's roles may be named by them). */
  names: string[];
  tags: Record<string, string>;
  /** GitHub OIDC subjects written in its arguments (`repo:org/app:*`). */
  subjects: string[];
  /** Whether its source or arguments speak of IAM (policies, roles, trust, ARNs, actions). */
  iam: boolean;
}

export interface TerraformHclRead {
  input: IamInput;
  errors: InputError[];
  /** Why a principal's access cannot be read in full: an error only when it is an agent's. */
  unreadable: Map<Principal, InputError[]>;
  /**
   * Files `file()` names that `bodies` does not hold: where it is named, and its key in `bodies`,
   * the path relative to the root's directory, or (`inModule`) the called module's joined with it.
   */
  wanted: { path: string; file: string; line: number; inModule?: true }[];
  /** IAM resources declared. */
  resources: number;
  /** Module calls not followed. */
  unfollowed: UnfollowedModule[];
  /** The called module directories of which the configuration makes an instance. */
  instantiated: Set<string>;
  /**
   * Compute that may run a coding agent (TF_AGENT_HOSTS): the module's roles it runs as and what
   * its configuration says it runs, as written; agents.hostMarkers decide (evaluateOnce).
   */
  hosts: AgentHost[];
}

/** One instance of a module in a configuration: the root (prefix "") or a module call's. */
interface ModuleScope {
  /** The called module's directory (file() paths are relative to it); undefined for the root. */
  dir: string | undefined;
  /** Address prefix of its resources (`module.agent["x"].`). */
  prefix: string;
  /** The call's key from the root (`agent.role`), "" for the root. */
  key: string;
  /** The calls that made it, for evidence (`module.agent called at main.tf:12`). */
  via: string;
  /** The directories on the way from the root (a module calling itself is refused). */
  chain: readonly string[];
  /** The account its default AWS provider is pinned to, when known. */
  account: string | undefined;
  declared: Map<string, Declared>;
  locals: Map<string, { expr: HclExpr; file: string }>;
  vars: Map<string, Value>;
  outputs: Map<string, { expr: HclExpr; file: string }>;
  calls: { file: string; block: HclBlock }[];
  /** Module instances by call name, made on first use. */
  children: Map<string, { key: Value | undefined; scope: ModuleScope }[] | "expanding">;
}

interface Declared {
  scope: ModuleScope;
  file: string;
  mode: "resource" | "data";
  type: string;
  name: string;
  /** As written, with what override files write merged in. */
  block: HclBlock;
}

interface Instance {
  decl: Declared;
  key: Value | undefined;
  address: string;
  pointer: string;
  ctx: EvalContext;
}

const PRINCIPALS: Readonly<Record<string, PrincipalKind>> = { aws_iam_role: "role", aws_iam_user: "user", aws_iam_group: "group" };

/**
 * A value as its configuration writes it, for markers to be found in: known text as is, a JSON
 * encoding as the value it encodes, and what is not known here (`base64encode(<<EOF …)`, an
 * interpolation) as the expression's own text, literal parts included, as a template's
 * intrinsics are read. References and other files' text say nothing of what runs.
 */
function writtenText(v: Value): unknown {
  if (v instanceof Json) return writtenText(v.value);
  if (v instanceof Partial) return v.parts.map((p) => (typeof p === "string" ? p : p.source)).join("");
  if (v instanceof Unknown) return v.source;
  if (v instanceof Ref || v instanceof FileText) return null;
  if (Array.isArray(v)) return v.map(writtenText);
  if (isObjectValue(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, writtenText(x)]));
  return v;
}
/**
 * The data sources that look a principal up by name: the argument naming it and the attributes
 * that are that name (a role's id is its name; a user's or group's id is its unique id).
 */
interface Lookup {
  key: string;
  attributes: readonly string[];
}
const LOOKUPS: Readonly<Record<string, Lookup>> = {
  aws_iam_role: { key: "name", attributes: ["name", "id"] },
  aws_iam_user: { key: "user_name", attributes: ["user_name"] },
  aws_iam_group: { key: "group_name", attributes: ["group_name"] },
};
const INLINE: Readonly<Record<string, PrincipalKind>> = { aws_iam_role_policy: "role", aws_iam_user_policy: "user", aws_iam_group_policy: "group" };
const ATTACHMENT: Readonly<Record<string, PrincipalKind>> = { aws_iam_role_policy_attachment: "role", aws_iam_user_policy_attachment: "user", aws_iam_group_policy_attachment: "group" };
/** A member of the JSON an attribute holds: `jsonencode({ … })` as written, or a JSON string (container_properties' `jobRoleArn`). */
function jsonMember(v: Value | undefined, key: string): Value | undefined {
  if (v instanceof Json) return isObjectValue(v.value) ? v.value[key] : undefined;
  if (typeof v !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return isRecord(parsed) && typeof parsed[key] === "string" ? parsed[key] : undefined;
  } catch {
    return undefined; // not JSON: no role is named there (Terraform would refuse it too)
  }
}

/** A resource block's meta-arguments: Terraform's, no attribute of the resource. */
const META_ARGUMENTS: ReadonlySet<string> = new Set(["count", "for_each", "provider", "depends_on", "lifecycle"]);
const POLICY_DOCUMENT = "aws_iam_policy_document";

/** What makes an AWS provider sign as someone else than the environment's credentials. */
const CREDENTIALS = new Set(["assume_role", "assume_role_with_web_identity", "profile", "access_key", "secret_key", "token", "shared_credentials_files", "shared_config_files", "shared_credentials_file"]);

/** The account a configuration is applied in, as a trust policy names it (`data.aws_caller_identity.current.account_id`). */
const CALLER_ACCOUNT = /^data\.aws_caller_identity\.[\w-]+(\[[^\]]*\])?\.account_id$/;

/** The Like test that admits what a positive string or ARN test may admit when part of its value is unknown. */
const LIKE_OF: Readonly<Record<string, string>> = { StringEquals: "StringLike", StringLike: "StringLike", ArnEquals: "ArnLike", ArnLike: "ArnLike" };

/** Whether a value holds anything not known here (unknown parts, references, other files). */
/**
 * A condition key partly unknown that is still read: an OIDC issuer's `sub` or `aud` claim under an
 * issuer not known here (`*:sub`, `oidc.eks.*.amazonaws.com/id/*:aud`), keys of trust policies only.
 * Any other (`${var.service}:RequestedRegion`) is dropped as before: kept, an identity policy's
 * Allow would read as conditional on a key no engine here knows.
 */
const KNOWN_CLAIM = /:(?:sub|aud)$/;

function unresolved(v: Value): boolean {
  if (v instanceof Ref || v instanceof FileText || holdsUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(unresolved);
  return isObjectValue(v) && Object.values(v).some(unresolved);
}

/** The first part of a value not known here, for messages. */
function firstUnresolved(v: Value): Unknown | Ref | FileText | undefined {
  if (v instanceof Ref || v instanceof FileText) return v;
  const u = firstUnknown(v);
  if (u) return u;
  const items = Array.isArray(v) ? v : isObjectValue(v) ? Object.values(v) : v instanceof Json ? [v.value] : [];
  for (const item of items) {
    const found = firstUnresolved(item);
    if (found) return found;
  }
  return undefined;
}

/** What a value uses that is not known here, for messages (another resource's attribute, a variable without a value). */
function describe(v: Value | undefined): string {
  const u = v === undefined ? undefined : firstUnresolved(v);
  if (u instanceof Unknown) return `${u.source} (${u.file}:${u.line})`;
  if (u instanceof Ref) return `${u.source} (line ${u.line})`;
  if (u instanceof FileText) return `${u.fn}("${u.path}")`;
  return "a value not written here";
}

/** Whether a Terraform file's text may declare IAM (no other `.tf` file needs parsing). */
export const mayHoldTerraformIam = (text: string): boolean => /\baws_iam_/.test(text);

function attribute(body: HclBody, name: string): HclExpr | undefined {
  return body.attributes.find((a) => a.name === name)?.value;
}

function lineOfAttribute(body: HclBody, name: string, fallback: number): number {
  return body.attributes.find((a) => a.name === name)?.line ?? fallback;
}

const NO_CONTEXT: EvalContext = { file: "", locals: new Map(), variables: new Map(), reference: () => undefined };

/** A variable's value converted to its `type` (object attributes, `optional` defaults), as Terraform does. */
function typed(block: HclBlock, file: string, v: Value): Value {
  return convertValue(v, typeOf(attribute(block.body, "type")), { ...NO_CONTEXT, file });
}

/** A variable's value from the tfvars files, else its default; undefined (unknown) without either. */
function variables(declared: { file: string; block: HclBlock }[], varFiles: readonly { file: string; text: string }[], errors: InputError[]): Map<string, Value> {
  const none = NO_CONTEXT;
  const out = new Map<string, Value>();
  for (const { file, block } of declared) {
    const name = block.labels[0];
    const fallback = attribute(block.body, "default");
    if (name !== undefined && fallback) out.set(name, evaluate(fallback, { ...none, file }));
  }
  for (const vf of varFiles) {
    let body: HclBody;
    try {
      body = vf.file.endsWith(".json") ? jsonVarFile(vf.text) : parseHcl(vf.text);
    } catch (e) {
      errors.push({ file: vf.file, ...(e instanceof SourceParseError && e.line ? { line: e.line } : {}), message: `${(e as Error).message}: the variables it sets are unknown` });
      for (const name of out.keys()) out.delete(name);
      continue;
    }
    for (const a of body.attributes) out.set(a.name, evaluate(a.value, { ...none, file: vf.file }));
  }
  for (const { file, block } of declared) {
    const name = block.labels[0];
    const v = name === undefined ? undefined : out.get(name);
    if (v !== undefined) out.set(name as string, typed(block, file, v));
  }
  return out;
}

/** A called module's variables: the call's arguments, else their defaults, each converted to its type. */
function argumentVariables(declared: { file: string; block: HclBlock }[], args: ReadonlyMap<string, Value>): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const { file, block } of declared) {
    const name = block.labels[0];
    if (name === undefined) continue;
    const fallback = attribute(block.body, "default");
    const nullable = attribute(block.body, "nullable");
    let v = args.get(name);
    // A null argument is null, unless the variable says `nullable = false` (then its default).
    if (v === null && nullable?.kind === "literal" && nullable.value === false) v = undefined;
    if (v === undefined && fallback) v = evaluate(fallback, { ...NO_CONTEXT, file });
    if (v !== undefined) out.set(name, typed(block, file, v));
  }
  return out;
}

/** Each file parsed once, however many module instances read it. */
const parsedFiles = new WeakMap<object, HclBody | InputError>();
function parsedFile(f: { file: string; text: string }): HclBody | InputError {
  const known = parsedFiles.get(f);
  if (known) return known;
  let out: HclBody | InputError;
  try {
    // `*.tf.json`: Terraform's JSON syntax.
    out = /\.json$/i.test(f.file) ? parseHclJson(f.text) : parseHcl(f.text);
  } catch (e) {
    const line = e instanceof SourceParseError ? e.line : undefined;
    out = { file: f.file, ...(line !== undefined ? { line } : {}), message: `${(e as Error).message}: the IAM of this Terraform module directory cannot be read in full (fail closed)` };
  }
  parsedFiles.set(f, out);
  return out;
}
const isParseError = (b: HclBody | InputError): b is InputError => "message" in b;

/** Whether a Terraform file's text may call a module (its directory is read for the IAM the module makes). */
export const mayCallTerraformModule = (text: string): boolean => /(^|\n)[ \t]*module[ \t]+"|"module"\s*:/.test(text);

/** The `module` blocks of a directory's files, for the caller to find the directories they name. */
export function terraformModuleCalls(files: readonly { file: string; text: string }[]): TerraformModuleCall[] {
  const out: TerraformModuleCall[] = [];
  for (const f of files) {
    const body = parsedFile(f);
    if (isParseError(body)) continue;
    for (const block of body.blocks) {
      if (block.type !== "module" || block.labels[0] === undefined) continue;
      const source = attribute(block.body, "source");
      const literal = source?.kind === "template" && source.interpolations.length === 0 ? source.text : source?.kind === "literal" && typeof source.value === "string" ? source.value : undefined;
      out.push({ name: block.labels[0], ...(literal !== undefined ? { source: literal } : {}), file: f.file, line: block.line });
    }
  }
  return out;
}

/** A `.tfvars.json` file as attributes holding literal values. */
function jsonVarFile(text: string): HclBody {
  const parsed = parseJson(text).value;
  const literal = (v: unknown): HclExpr => {
    if (Array.isArray(v)) return { kind: "tuple", items: v.map(literal), line: 1 };
    if (isRecord(v)) return { kind: "object", items: Object.entries(v).map(([key, value]) => ({ key, value: literal(value), line: 1 })), line: 1 };
    return typeof v === "string" ? { kind: "template", text: v, interpolations: [], line: 1, heredoc: false } : { kind: "literal", value: v as number | boolean | null, line: 1 };
  };
  return { attributes: Object.entries(isRecord(parsed) ? parsed : {}).map(([name, v]) => ({ name, value: literal(v), line: 1 })), blocks: [] };
}

/** A JSON document with unknown parts marked (`\ue000n\ue001`, private-use characters JSON strings may hold) turned back into a Value. */
function unmark(v: unknown, unknowns: readonly Unknown[]): Value {
  if (typeof v === "string") {
    if (!v.includes("\ue000")) return v;
    const parts = v.split(/\ue000(\d+)\ue001/).map((p, i) => (i % 2 ? (unknowns[Number(p)] as Unknown) : p));
    return new Partial(parts.filter((p) => p !== ""));
  }
  if (Array.isArray(v)) return v.map((x) => unmark(x, unknowns));
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unmark(x, unknowns)]));
  return v as Value;
}

/** A document built from a value, with what could not be read. */
interface Built {
  document?: Record<string, unknown>;
  /** Why some of what it grants cannot be read (an input error for an agent). */
  unreadable: string[];
  lines: Map<string, number>;
  unresolvedPrincipals: string[];
  origins?: { pointer: string; index: number }[];
  /** The file holding the document, when not the resource's (`file()`). */
  file?: string;
}

/** Module calls deeper than this are not followed (Terraform has no limit; a real tree is a few levels). */
const MAX_MODULE_DEPTH = 32;

/** Arguments of a `module` block that are no input variable of the module. */
const MODULE_META = new Set(["source", "version", "count", "for_each", "providers", "depends_on"]);

/** An IAM policy or role ARN, or an action (`s3:DeleteBucket`), written in a module call's arguments. */
const IAM_TEXT = /^arn:[^:]+:iam::|^[a-z0-9-]+:[A-Za-z*]+$/;
const IAM_WORD = /polic|role|trust|assume|permission|principal|oidc|irsa|statement|iam/i;

export function readTerraformHcl(module: TerraformModuleFiles): TerraformHclRead {
  const errors: InputError[] = [];
  const wanted: TerraformHclRead["wanted"] = [];
  const unfollowed: UnfollowedModule[] = [];
  const instantiated = new Set<string>();
  const allDeclared: Declared[] = [];
  const providers: { file: string; block: HclBlock }[] = [];

  /** A module's files read into a scope: its resources, locals, outputs and calls; `vars` from its variable blocks. */
  function scopeOf(files: readonly { file: string; text: string }[], at: Omit<ModuleScope, "declared" | "locals" | "vars" | "outputs" | "calls" | "children">, vars: (blocks: { file: string; block: HclBlock }[]) => Map<string, Value>): ModuleScope {
    const scope: ModuleScope = { ...at, declared: new Map(), locals: new Map(), vars: new Map(), outputs: new Map(), calls: [], children: new Map() };
    const variableBlocks: { file: string; block: HclBlock }[] = [];
    // Override files (`override.tf`, `*_override.tf`) come after the others, merged into the blocks they name.
    const isOverride = (f: { file: string }): boolean => /(^|[\\/_])override\.tf(\.json)?$/i.test(f.file);
    for (const f of [...files.filter((x) => !isOverride(x)), ...files.filter(isOverride)]) {
      const top = parsedFile(f);
      if (isParseError(top)) {
        if (!errors.some((e) => e.file === top.file && e.message === top.message)) errors.push(top);
        continue;
      }
      const file = f.file;
      for (const block of top.blocks) {
        if (isOverride(f) && overrideBlock(scope, variableBlocks, block)) continue;
        if (block.type === "locals") for (const a of block.body.attributes) scope.locals.set(a.name, { expr: a.value, file });
        else if (block.type === "variable") variableBlocks.push({ file, block });
        // The root's default provider; a called module uses the one it is given.
        else if (block.type === "provider" && !at.prefix && block.labels[0] === "aws") providers.push({ file, block });
        else if (block.type === "output" && block.labels[0] !== undefined) {
          const value = attribute(block.body, "value");
          if (value) scope.outputs.set(block.labels[0], { expr: value, file });
        } else if (block.type === "module" && block.labels[0] !== undefined) scope.calls.push({ file, block });
        else if ((block.type === "resource" || block.type === "data") && block.labels.length >= 2) {
          const [type, name] = block.labels as [string, string];
          const decl: Declared = { scope, file, mode: block.type, type, name, block };
          scope.declared.set(`${block.type === "data" ? "data." : ""}${type}.${name}`, decl);
          allDeclared.push(decl);
        }
      }
    }
    scope.vars = vars(variableBlocks);
    return scope;
  }

  /**
   * An override file's block merged into the block of the same kind and name (Terraform: its
   * attributes replace the original's, its nested blocks of a type replace all of that type);
   * false when there is none to merge into (then it is read as written). Lines of what it
   * writes are the override file's, cited in the original's file.
   */
  function overrideBlock(scope: ModuleScope, variableBlocks: { file: string; block: HclBlock }[], over: HclBlock): boolean {
    const merge = (original: HclBlock): HclBlock => {
      const types = new Set(over.body.blocks.map((b) => (b.type === "dynamic" ? (b.labels[0] ?? "") : b.type)));
      const written = new Set(over.body.attributes.map((a) => a.name));
      return {
        ...original,
        body: {
          attributes: [...original.body.attributes.filter((a) => !written.has(a.name)), ...over.body.attributes],
          blocks: [...original.body.blocks.filter((b) => !types.has(b.type === "dynamic" ? (b.labels[0] ?? "") : b.type)), ...over.body.blocks],
        },
      };
    };
    const [first, second] = over.labels;
    if ((over.type === "resource" || over.type === "data") && first !== undefined && second !== undefined) {
      const decl = scope.declared.get(`${over.type === "data" ? "data." : ""}${first}.${second}`);
      if (!decl) return false;
      decl.block = merge(decl.block);
      return true;
    }
    if (over.type === "variable") {
      const v = variableBlocks.find((x) => x.block.labels[0] === first);
      if (v) v.block = merge(v.block);
      return v !== undefined;
    }
    if (over.type === "module") {
      const call = scope.calls.find((c) => c.block.labels[0] === first);
      if (call) call.block = merge(call.block);
      return call !== undefined;
    }
    // locals and outputs: the override's value replaces the original's, as reading it does.
    return false;
  }

  const root = scopeOf(module.files, { dir: undefined, prefix: "", key: "", via: "", chain: [], account: undefined }, (blocks) => variables(blocks, module.varFiles ?? [], errors));
  // The account the default AWS provider is pinned to (`allowed_account_ids`): where its principals live.
  const pinned = providers.map(({ file, block }) => {
    const ids = attribute(block.body, "allowed_account_ids");
    const aliasExpr = attribute(block.body, "alias");
    const alias = aliasExpr ? pattern(evaluate(aliasExpr, { file, locals: root.locals, variables: root.vars, reference: () => undefined })) : "";
    const v = ids ? evaluate(ids, { file, locals: root.locals, variables: root.vars, reference: () => undefined }) : undefined;
    // Credentials of its own: it may sign into another account than a provider without them.
    const credentials = block.body.attributes.some((a) => CREDENTIALS.has(a.name)) || block.body.blocks.some((b) => CREDENTIALS.has(b.type));
    return { alias, credentials, account: Array.isArray(v) && v.length === 1 && typeof v[0] === "string" && /^\d{12}$/.test(v[0]) ? v[0] : undefined };
  });
  /**
   * The account a provider of the root is pinned to (`""` the default, else an alias); an alias
   * setting no credentials (a region only) signs as the default does, so is in its account when
   * the default sets none either; undefined when not known.
   */
  const pinnedTo = (alias: string): string | undefined => {
    const found = pinned.filter((p) => p.alias === alias);
    const only = found.length === 1 ? found[0] : undefined;
    if (!only || only.account || alias === "") return only?.account;
    const base = pinned.filter((p) => p.alias === "");
    return !only.credentials && base.length === 1 && !base[0]?.credentials ? base[0]?.account : undefined;
  };
  const account = pinnedTo("");
  root.account = account;
  /**
   * The account of the provider a `provider = aws.x` argument or a call's `providers = { aws = aws.x }`
   * names in `scope`: the root's alias when pinned, the scope's own for `aws`; else unknown
   * (production, fail closed). `expr` undefined: the scope's.
   */
  const providerAccount = (scope: ModuleScope, expr: HclExpr | undefined): string | undefined => {
    if (!expr) return scope.account;
    if (expr.kind !== "traversal" || expr.root !== "aws") return undefined;
    if (expr.path.length === 0) return scope.account;
    return scope.prefix === "" && expr.path.length === 1 ? pinnedTo(expr.path[0] as string) : undefined;
  };
  /** The account a resource is made in. */
  const accountOf = (decl: Declared): string | undefined => providerAccount(decl.scope, attribute(decl.block.body, "provider"));

  /**
   * The instances of a module call (one per `count` index or `for_each` key when known, else one
   * standing for all), each a scope whose variables are the call's arguments; made once, on first
   * use (a sibling's output may be an argument). A call whose module is not read here is noted.
   */
  function childrenOf(scope: ModuleScope, name: string): { key: Value | undefined; scope: ModuleScope }[] {
    const known = scope.children.get(name);
    if (known === "expanding") return [];
    if (known) return known;
    const call = scope.calls.find((c) => c.block.labels[0] === name);
    if (!call) return [];
    scope.children.set(name, "expanding");
    const out: { key: Value | undefined; scope: ModuleScope }[] = [];
    const { block, file } = call;
    const key = scope.key ? `${scope.key}.${name}` : name;
    const address = `${scope.prefix}module.${name}`;
    const ctx = contextOf(scope, file);
    const sourceExpr = attribute(block.body, "source");
    const source = sourceExpr ? pattern(evaluate(sourceExpr, ctx)) ?? "(not a string)" : "(no source)";
    const found = module.modules?.get(key);
    const instances: { key: Value | undefined; suffix: string; ctx: EvalContext }[] = [];
    const count = attribute(block.body, "count");
    const forEach = attribute(block.body, "for_each");
    if (count) {
      const n = evaluate(count, ctx);
      if (typeof n === "number") for (let k = 0; k < n; k++) instances.push({ key: k, suffix: `[${k}]`, ctx: { ...ctx, count: k } });
      else instances.push({ key: undefined, suffix: "", ctx: { ...ctx, count: n instanceof Unknown ? n : new Unknown("count.index", file, block.line) } });
    } else if (forEach) {
      const v = evaluate(forEach, ctx);
      const entries: [string, Value][] | undefined = isObjectValue(v) ? Object.entries(v) : Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]).map((x) => [x, x]) : undefined;
      if (entries) for (const [k, value] of entries) instances.push({ key: k, suffix: `[${JSON.stringify(k)}]`, ctx: { ...ctx, each: { key: k, value } } });
      else {
        const u = v instanceof Unknown ? v : new Unknown(`for_each of ${address}`, file, block.line);
        instances.push({ key: undefined, suffix: "", ctx: { ...ctx, each: { key: u, value: u } } });
      }
    } else instances.push({ key: undefined, suffix: "", ctx });
    const argsOf = (c: EvalContext): Map<string, Value> => new Map(block.body.attributes.filter((a) => !MODULE_META.has(a.name)).map((a) => [a.name, evaluate(a.value, c)]));
    let why: string | undefined;
    let broken = false;
    if (!found) why = sourceExpr?.kind === "template" && sourceExpr.interpolations.length === 0 ? "not installed (no .terraform/modules entry for it: run terraform init before scanning)" : "its source is not a literal string";
    else if ("error" in found) {
      why = found.error;
      broken = found.broken === true;
    } else if (scope.chain.length >= MAX_MODULE_DEPTH) why = `more than ${MAX_MODULE_DEPTH} modules deep`;
    else if (scope.chain.includes(found.dir)) {
      why = `it calls itself (${found.dir}), which Terraform refuses`;
      broken = true;
    }
    if (why !== undefined || !found || "error" in found) {
      for (const inst of instances) unfollowed.push(describeCall(`${address}${inst.suffix}`, source, file, block, argsOf(inst.ctx), why ?? "", broken));
      scope.children.set(name, out);
      return out;
    }
    for (const inst of instances) {
      const via = `${address}${inst.suffix} called at ${file}:${block.line}`;
      // The default provider it is given: the caller's, or the one `providers` maps to `aws` (none: unknown).
      const providersExpr = attribute(block.body, "providers");
      const given = providersExpr?.kind === "object" ? providersExpr.items.find((i) => i.key === "aws")?.value : undefined;
      const childAccount = providersExpr ? (given ? providerAccount(scope, given) : undefined) : scope.account;
      const child = scopeOf(found.files, { dir: found.dir, prefix: `${address}${inst.suffix}.`, key, via: scope.via ? `${scope.via}; ${via}` : via, chain: [...scope.chain, found.dir], account: childAccount }, (blocks) => argumentVariables(blocks, argsOf(inst.ctx)));
      out.push({ key: inst.key, scope: child });
      instantiated.add(found.dir);
    }
    scope.children.set(name, out);
    return out;
  }


  const instancesOf = new Map<Declared, Instance[]>();
  /** The literal name of a role, user or group instance, when written. */
  const nameOf = (target: Instance): string | undefined => {
    const name = evaluate(attribute(target.decl.block.body, "name") ?? { kind: "literal", value: null, line: 0 }, target.ctx);
    return typeof name === "string" ? name : undefined;
  };
  /**
   * The ARN of a role or user of the module with a literal name: its account is the provider's,
   * or `*` (then it is the key its module's trust policies name it by, `trustKey`).
   */
  const arnOf = (target: Instance): string | undefined => {
    const kind = PRINCIPALS[target.decl.type];
    const name = nameOf(target);
    if (!kind || kind === "group" || name === undefined) return undefined;
    const written = attribute(target.decl.block.body, "path");
    const path = written ? evaluate(written, target.ctx) : "/";
    if (typeof path !== "string") return undefined;
    return `arn:aws:iam::${accountOf(target.decl) ?? "*"}:${kind}${path.endsWith("/") ? path : `${path}/`}${name}`;
  };
  /** A reference inside a string or a policy: a principal's name or ARN, when the module writes it. */
  const refText = (ref: Ref): string | undefined => {
    const target = ref.target as Instance;
    if (!PRINCIPALS[target.decl.type]) return undefined;
    if (ref.attribute === "name" || ref.attribute === "id") return nameOf(target);
    return ref.attribute === "arn" ? arnOf(target) : undefined;
  };
  const referenceIn = (scope: ModuleScope, root: string, path: readonly string[], source: string, line: number, ctx: EvalContext): Value | undefined => {
    if (root === "module") return moduleOutput(scope, path, source, line, ctx);
    if (root === "data") {
      const [type, name, ...rest] = path;
      // The caller's account: the provider's when pinned, else unknown (an account all the same: callerAccount).
      const caller = scope.declared.get(`data.${type ?? ""}.${name ?? ""}`);
      const callerAccount = caller ? accountOf(caller) : scope.account;
      if (type === "aws_caller_identity" && rest.at(-1) === "account_id" && callerAccount) return callerAccount;
      if (type === "aws_partition") return { partition: "aws", id: "aws", dns_suffix: "amazonaws.com", reverse_dns_prefix: "com.amazonaws" }[(rest.find((s) => !s.startsWith("[")) ?? "") as "partition"];
      const lookup = LOOKUPS[type ?? ""];
      if (lookup) return lookedUp(scope.declared.get(`data.${type ?? ""}.${name ?? ""}`), lookup, rest, source, line, ctx);
      if (type !== POLICY_DOCUMENT) return undefined;
      const decl = scope.declared.get(`data.${type}.${name}`);
      return decl ? refTo(decl, rest, source, line, ctx) : undefined;
    }
    if (root === "aws_s3_bucket") return bucketReference(scope, path);
    if (!root.startsWith("aws_iam_")) return undefined;
    const [name, ...rest] = path;
    const decl = scope.declared.get(`${root}.${name}`);
    return decl ? refTo(decl, rest, source, line, ctx) : undefined;
  };
  /**
   * A bucket the configuration creates, by the name it gives it: its ARN, id or name, with what is
   * unknown of it (`bucket = "orders-${var.env}"`) left unknown. Without `bucket` the provider
   * names it `bucket_prefix` or `terraform-` and a unique suffix. A bucket of several instances
   * (count, for_each), or named by an expression it cannot read, stays unknown.
   */
  const bucketReference = (scope: ModuleScope, path: readonly string[]): Value | undefined => {
    const [name, ...rest] = path;
    const decl = scope.declared.get(`aws_s3_bucket.${name ?? ""}`);
    const attr = rest.length === 1 ? rest[0] : undefined;
    const all = decl ? instances(decl) : [];
    const [only] = all;
    if (!only || all.length !== 1 || (attr !== "arn" && attr !== "id" && attr !== "bucket")) return undefined;
    const given = valueOf(only, "bucket");
    const prefix = given === undefined ? (valueOf(only, "bucket_prefix") ?? "terraform-") : undefined;
    const named = given ?? (typeof prefix === "string" ? new Partial([prefix, new Unknown(`${name ?? ""} name suffix`, only.decl.file, only.decl.block.line)]) : prefix);
    if (typeof named !== "string" && !(named instanceof Partial)) return undefined;
    if (attr !== "arn") return named;
    return new Partial(["arn:aws:s3:::", ...(typeof named === "string" ? [named] : named.parts)]);
  };
  const contextOf = (scope: ModuleScope, file: string): EvalContext => ({ file, locals: scope.locals, variables: scope.vars, reference: (r, p, s, l, c) => referenceIn(scope, r, p, s, l, c), refText });
  /**
   * `module.<name>.<output>` of a call of `scope`: the output's value in the instance the
   * reference names (`module.x["k"].arn`), or the only one; unknown when the module is not read.
   */
  function moduleOutput(scope: ModuleScope, path: readonly string[], source: string, line: number, ctx: EvalContext): Value | undefined {
    const [name, ...rest] = path;
    if (name === undefined) return undefined;
    const all = childrenOf(scope, name);
    let chosen = all.length === 1 && all[0]?.key === undefined ? all[0] : undefined;
    if (rest[0]?.startsWith("[")) {
      let key: Value = new Unknown(source, ctx.file, line);
      try {
        key = evaluate(parseHclExpression(rest[0].slice(1, -1), line), ctx);
      } catch {
        // `[*]`: which instance is unknown.
      }
      chosen = all.find((x) => x.key !== undefined && x.key === key);
      rest.shift();
    }
    const output = rest[0] === undefined ? undefined : chosen?.scope.outputs.get(rest[0]);
    if (!chosen || !output) return undefined;
    return applyPath(evaluate(output.expr, { ...contextOf(chosen.scope, output.file), depth: ctx.depth ?? 0 }), rest.slice(1), ctx, line, source);
  }
  /**
   * A role, user or group a data source looks up by name: its name attributes are the name it is
   * given (`data.aws_iam_role.x.name`, `.id`), the whole lookup of several (`for_each =
   * data.aws_iam_role.many`) each instance's by its key; anything else, or a name not known, unknown.
   */
  function lookedUp(decl: Declared | undefined, lookup: Lookup, rest: readonly string[], source: string, line: number, ctx: EvalContext): Value | undefined {
    if (!decl) return undefined;
    const namesOf = (inst: Instance): Value | undefined => {
      const named = valueOf(inst, lookup.key);
      return typeof named === "string" ? Object.fromEntries(lookup.attributes.map((a) => [a, named])) : undefined;
    };
    if (rest.length === 0) {
      const all = instances(decl).map((inst) => [inst.key, namesOf(inst)] as const);
      return all.every(([key, names]) => typeof key === "string" && names !== undefined) ? Object.fromEntries(all) : undefined;
    }
    const ref = refTo(decl, rest, source, line, ctx);
    return ref instanceof Ref && lookup.attributes.includes(ref.attribute) ? valueOf(ref.target as Instance, lookup.key) : undefined;
  }
  /**
   * A whole resource instance as a value (`each.value` of `for_each = aws_iam_role.runtime`): an
   * object of its written arguments and the attributes every IAM resource exports, each a reference
   * to that attribute of the instance, so `each.value.name` reads as `aws_iam_role.runtime["k"].name`.
   */
  const wholeInstance = (inst: Instance, source: string, line: number): Value => {
    const out: { [key: string]: Value } = {};
    for (const a of inst.decl.block.body.attributes) if (!META_ARGUMENTS.has(a.name)) out[a.name] = new Ref(inst, a.name, source, line);
    for (const exported of ["arn", "id", "name", "unique_id"]) out[exported] ??= new Ref(inst, exported, source, line);
    return out;
  };
  /** A reference to an instance of `decl`: by its index when written, the only one otherwise. */
  function refTo(decl: Declared, rest: readonly string[], source: string, line: number, ctx: EvalContext): Value {
    const all = instances(decl);
    // The whole resource (`for_each = aws_iam_role.runtime`, Terraform's map of its instances by
    // key, or list by index), when each instance's key is known; else unknown as before.
    if (rest.length === 0) {
      const repeated = attribute(decl.block.body, "for_each") ?? attribute(decl.block.body, "count");
      if (!repeated && all.length === 1 && all[0]) return wholeInstance(all[0], source, line);
      if (repeated && all.length > 0 && all.every((x) => typeof x.key === "string")) return Object.fromEntries(all.map((x) => [x.key as string, wholeInstance(x, source, line)]));
      if (repeated && all.length === 0) return attribute(decl.block.body, "for_each") ? {} : [];
      if (repeated && all.every((x) => typeof x.key === "number")) return all.map((x) => wholeInstance(x, source, line));
      return new Unknown(source, ctx.file, line);
    }
    let chosen: Instance | undefined = all.length === 1 ? all[0] : undefined;
    let attr = rest[0];
    // A splat: the attribute of every instance, as a list.
    if ((rest[0] === "[*]" || rest[0] === "*") && rest[1] !== undefined && !rest[1].startsWith("[")) return all.map((x) => new Ref(x, rest[1] as string, source, line));
    if (rest[0]?.startsWith("[")) {
      attr = rest[1];
      let key: Value = new Unknown(source, ctx.file, line);
      try {
        key = evaluate(parseHclExpression(rest[0].slice(1, -1), line), ctx);
      } catch {
        // `[*]` and other splats: which instance is unknown.
      }
      chosen = all.find((x) => x.key !== undefined && x.key === key) ?? chosen;
    }
    if (!chosen || attr === undefined || attr.startsWith("[")) return new Unknown(source, ctx.file, line);
    return new Ref(chosen, attr, source, line);
  }
  /** The instances of a resource: one per `count` index or `for_each` key when known, else one standing for all. */
  function instances(decl: Declared): Instance[] {
    const known = instancesOf.get(decl);
    if (known) return known;
    const out: Instance[] = [];
    instancesOf.set(decl, out);
    const base = `${decl.scope.prefix}${decl.mode === "data" ? "data." : ""}${decl.type}.${decl.name}`;
    const pointer = `/${decl.mode}/${decl.type}/${decl.name}`;
    const ctx = contextOf(decl.scope, decl.file);
    const count = attribute(decl.block.body, "count");
    const forEach = attribute(decl.block.body, "for_each");
    if (count) {
      const n = evaluate(count, ctx);
      if (typeof n === "number") for (let k = 0; k < n; k++) out.push({ decl, key: k, address: `${base}[${k}]`, pointer, ctx: { ...ctx, count: k } });
      else out.push({ decl, key: undefined, address: base, pointer, ctx: { ...ctx, count: n instanceof Unknown ? n : new Unknown("count.index", decl.file, decl.block.line) } });
    } else if (forEach) {
      const v = evaluate(forEach, ctx);
      const entries: [string, Value][] | undefined = isObjectValue(v) ? Object.entries(v) : Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]).map((x) => [x, x]) : undefined;
      if (entries) for (const [key, value] of entries) out.push({ decl, key, address: `${base}[${JSON.stringify(key)}]`, pointer, ctx: { ...ctx, each: { key, value } } });
      else {
        const u = v instanceof Unknown ? v : new Unknown(`for_each of ${base}`, decl.file, decl.block.line);
        out.push({ decl, key: undefined, address: base, pointer, ctx: { ...ctx, each: { key: u, value: u } } });
      }
    } else out.push({ decl, key: undefined, address: base, pointer, ctx });
    return out;
  }
  const valueOf = (inst: Instance, name: string): Value | undefined => {
    const expr = attribute(inst.decl.block.body, name);
    return expr ? evaluate(expr, inst.ctx) : undefined;
  };
  const lineOf = (inst: Instance, name: string): number => lineOfAttribute(inst.decl.block.body, name, inst.decl.block.line);
  const evidenceOf = (inst: Instance, pointer = inst.pointer, line = inst.decl.block.line, extra: Evidence = {}): Evidence => ({ file: inst.decl.file, line, pointer, note: `Terraform resource ${inst.address}${inst.decl.scope.via ? ` (${inst.decl.scope.via})` : ""}`, ...extra });

  /** Blocks of `type` in a body, `dynamic` ones expanded over known values (once, may be absent, over unknown ones). */
  function blocksOf(body: HclBody, type: string, ctx: EvalContext): { body: HclBody; line: number; ctx: EvalContext; mayBeAbsent: boolean }[] {
    const out: { body: HclBody; line: number; ctx: EvalContext; mayBeAbsent: boolean }[] = [];
    for (const b of body.blocks) {
      if (b.type === type) out.push({ body: b.body, line: b.line, ctx, mayBeAbsent: false });
      if (b.type !== "dynamic" || b.labels[0] !== type) continue;
      const content = b.body.blocks.find((c) => c.type === "content");
      if (!content) continue;
      const iteratorExpr = attribute(b.body, "iterator");
      const iterator = iteratorExpr?.kind === "traversal" ? iteratorExpr.root : type;
      const forEachExpr = attribute(b.body, "for_each");
      const v = forEachExpr ? evaluate(forEachExpr, ctx) : new Unknown(`dynamic "${type}"`, ctx.file, b.line);
      const entries: [Value, Value][] | undefined = isObjectValue(v) ? Object.entries(v) : Array.isArray(v) ? v.map((x, k) => [k, x]) : undefined;
      const withIterator = (key: Value, value: Value): EvalContext => ({ ...ctx, iterators: new Map([...(ctx.iterators ?? []), [iterator, { key, value }]]) });
      if (entries) for (const [key, value] of entries) out.push({ body: content.body, line: content.line, ctx: withIterator(key, value), mayBeAbsent: false });
      else {
        const u = v instanceof Unknown ? v : new Unknown(`for_each of dynamic "${type}"`, ctx.file, b.line);
        out.push({ body: content.body, line: content.line, ctx: withIterator(u, u), mayBeAbsent: true });
      }
    }
    return out;
  }

  /** `data "aws_iam_policy_document"` as the document it renders, each statement cited at its block. */
  const documents = new Map<Instance, Built>();
  function policyDocument(inst: Instance, seen: Set<Instance>): Built {
    const known = documents.get(inst);
    if (known) return known;
    const built: Built = { unreadable: [], lines: new Map(), unresolvedPrincipals: [], origins: [] };
    if (seen.has(inst)) {
      built.unreadable.push(`${inst.address} includes itself`);
      return built;
    }
    seen.add(inst);
    const body = inst.decl.block.body;
    const statements: { value: Value; pointer: string; line: number; mayBeAbsent: boolean }[] = [];
    blocksOf(body, "statement", inst.ctx).forEach((s, i) => {
      const v = (name: string): Value | undefined => {
        const e = attribute(s.body, name);
        return e ? evaluate(e, s.ctx) : undefined;
      };
      const st: { [key: string]: Value } = { Effect: v("effect") ?? "Allow" };
      const sid = v("sid");
      if (sid !== undefined && sid !== null) st["Sid"] = sid;
      for (const [key, name] of [["actions", "Action"], ["not_actions", "NotAction"], ["resources", "Resource"], ["not_resources", "NotResource"]] as const) {
        const x = v(key);
        if (x !== undefined && x !== null) st[name] = x;
      }
      for (const [key, name] of [["principals", "Principal"], ["not_principals", "NotPrincipal"]] as const) {
        const who: { [type: string]: Value } = {};
        for (const p of blocksOf(s.body, key, s.ctx)) {
          const typeExpr = attribute(p.body, "type");
          const idsExpr = attribute(p.body, "identifiers");
          const type = typeExpr ? evaluate(typeExpr, p.ctx) : new Unknown("type", inst.decl.file, p.line);
          const ids = idsExpr ? evaluate(idsExpr, p.ctx) : [];
          const t = typeof type === "string" ? type : "AWS";
          // `type = "*"` renders `"Principal": "*"` (anyone).
          if (t === "*") {
            who["*"] = ["*"];
            continue;
          }
          const list = typeof type === "string" ? (Array.isArray(ids) ? ids : [ids]) : [new Unknown(`${key} type`, inst.decl.file, p.line)];
          who[t] = [...((who[t] as Value[] | undefined) ?? []), ...list];
        }
        if (who["*"]) st[name] = "*";
        else if (Object.keys(who).length) st[name] = who;
      }
      const conditions: { [op: string]: Value } = {};
      for (const c of blocksOf(s.body, "condition", s.ctx)) {
        const get = (n: string): Value => {
          const e = attribute(c.body, n);
          return e ? evaluate(e, c.ctx) : null;
        };
        const test = get("test");
        const variable = get("variable");
        const values = get("values");
        // A condition whose operator or key is unknown: a key no request carries (`?`), read as unknown.
        const op = typeof test === "string" ? test : "\u0002unknown";
        // A key partly unknown (`"${local.oidc_provider}:sub"`) is kept as its pattern for an Allow,
        // as a jsonencode object's computed key is (statement()); a Deny with it is dropped.
        const partKnown = typeof variable !== "string" && variable instanceof Partial ? pattern(variable) : undefined;
        const key = typeof variable === "string" ? variable : `\u0002unknown:${c.line}`;
        const block = (conditions[op] ??= {}) as { [key: string]: Value };
        const marked =
          typeof test === "string" && typeof variable === "string"
            ? values
            : new KeyedUnknown(`condition at line ${c.line}`, inst.decl.file, c.line, typeof test === "string" && partKnown !== undefined ? { [partKnown]: values } : {});
        block[key] = [...((block[key] as Value[] | undefined) ?? []), ...(Array.isArray(marked) ? marked : [marked])];
        if (c.mayBeAbsent) block[key] = new Unknown(`a dynamic condition at line ${c.line}`, inst.decl.file, c.line);
      }
      if (Object.keys(conditions).length) st["Condition"] = conditions;
      statements.push({ value: st, pointer: `${inst.pointer}/statement/${i}`, line: s.line, mayBeAbsent: s.mayBeAbsent });
    });
    // Documents merged in: their statements first, replaced by this one's of the same Sid (source), or replacing them (override).
    const merged: { statement: Record<string, unknown>; pointer: string; line: number }[] = [];
    const merge = (key: string, over: boolean): void => {
      const list = valueOf(inst, key);
      if (list === undefined || list === null) return;
      const docs = Array.isArray(list) ? list : [list];
      for (const d of docs) {
        const b = documentOf(d, inst, key, inst.pointer, lineOf(inst, key), seen);
        built.unreadable.push(...b.unreadable);
        built.unresolvedPrincipals.push(...b.unresolvedPrincipals);
        const sts = b.document?.["Statement"];
        for (const [k, st] of (Array.isArray(sts) ? sts : []).entries()) {
          const origin = b.origins?.[k];
          const entry = { statement: st as Record<string, unknown>, pointer: origin?.pointer ?? `${inst.pointer}/${key}`, line: b.lines.get(origin?.pointer ?? "") ?? lineOf(inst, key) };
          const same = typeof entry.statement["Sid"] === "string" ? merged.findIndex((m) => m.statement["Sid"] === entry.statement["Sid"]) : -1;
          if (same >= 0 && over) merged[same] = entry;
          else if (same < 0) merged.push(entry);
        }
      }
    };
    merge("source_policy_documents", false);
    for (const s of statements) {
      const out = statement(s.value, s.pointer, built, s.mayBeAbsent);
      if (!out) continue;
      const same = typeof out["Sid"] === "string" ? merged.findIndex((m) => m.statement["Sid"] === out["Sid"]) : -1;
      const entry = { statement: out, pointer: s.pointer, line: s.line };
      if (same >= 0) merged[same] = entry;
      else merged.push(entry);
    }
    merge("override_policy_documents", true);
    for (const key of ["source_json", "override_json"]) if (attribute(body, key)) built.unreadable.push(`${inst.address} merges ${key}, not read here`);
    built.document = { Version: "2012-10-17", Statement: merged.map((m) => m.statement) };
    merged.forEach((m, k) => {
      built.origins?.push({ pointer: m.pointer, index: k });
      built.lines.set(m.pointer, m.line);
    });
    documents.set(inst, built);
    seen.delete(inst);
    return built;
  }

  /**
   * One statement with its unknown parts read as terraform-plan.ts reads those known only after
   * apply; undefined when dropped (a Deny that cannot be shown to deny, a statement with no effect).
   */
  function statement(raw: Value, pointer: string, built: Built, mayBeAbsent = false): Record<string, unknown> | undefined {
    if (!isObjectValue(raw)) {
      built.unreadable.push(`the statement at ${pointer} is not an object: ${describe(raw)}`);
      return undefined;
    }
    const effect = raw["Effect"];
    if (typeof effect !== "string") {
      built.unreadable.push(`the effect of the statement at ${pointer} is unknown: ${describe(effect ?? null)}`);
      return undefined;
    }
    const allow = effect === "Allow";
    // A Deny with anything unknown may deny nothing; so may one a dynamic block may not write.
    if (!allow && (unresolved(raw) || mayBeAbsent)) return undefined;
    if (!allow) return raw as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(raw)) {
      if (key === "Action" || key === "NotAction") {
        const list = Array.isArray(v) ? v : [v];
        if (unresolved(v)) built.unreadable.push(`the ${key} of the statement at ${pointer} uses ${describe(v)}`);
        out[key] = list.map((x) => pattern(x) ?? "*");
      } else if (key === "Resource") out[key] = (Array.isArray(v) ? v : [v]).map((x) => pattern(x, refText) ?? "*");
      else if (key === "NotResource") {
        // An unknown NotResource of an Allow excludes what is unknown: read as every resource.
        if (unresolved(v)) out["Resource"] = ["*"];
        else out[key] = v;
      } else if (key === "Principal" || key === "NotPrincipal") {
        if (v === "*") out[key] = v;
        else if (!isObjectValue(v) || key === "NotPrincipal" && unresolved(v)) {
          // Who an Allow names, unknown: anyone (an unknown NotPrincipal excludes what is unknown).
          built.unresolvedPrincipals.push(`the ${key} of the statement at ${pointer} (${describe(v)})`);
          out["Principal"] = { AWS: "*" };
        } else {
          const who: Record<string, string[]> = {};
          for (const [type, ids] of Object.entries(v)) {
            who[type] = (Array.isArray(ids) ? ids : [ids]).map((x) => {
              if (typeof x === "string") return x;
              // A role or user of the module by reference: its ARN (account `*` when not pinned: its trustKey).
              const named = x instanceof Ref ? refText(x) : undefined;
              if (named?.startsWith("arn:")) return named;
              // An ARN whose account alone is unknown (`arn:aws:iam::${var.account_id}:root`)
              // names that principal in some account; an unknown name could be anyone's.
              if (x instanceof Unknown && CALLER_ACCOUNT.test(x.source)) return `arn:aws:iam::${account ?? "*"}:root`;
              const written = pattern(x);
              if (written !== undefined && /^arn:[^:*]+:(iam|sts)::[^:]*:[^*]+$/.test(written)) return written;
              // An unknown principal of an Allow: any principal of its type, named in findings.
              built.unresolvedPrincipals.push(`${type} ${describe(x)} in the statement at ${pointer}`);
              return "*";
            });
          }
          out[key] = who;
        }
      } else if (key === "Condition") {
        // An Allow's unknown condition is dropped: without it the statement allows more.
        if (!isObjectValue(v)) continue;
        const kept: Record<string, Record<string, unknown>> = {};
        for (const [op, written] of Object.entries(v)) {
          // Keys computed from what is not known here (`"${module.eks.oidc_provider}:sub"`, the
          // commonest IRSA trust) are read as their patterns when the claim they end with is known
          // (`*:sub`): whose tokens the statement admits is in that claim, dropping it hides that.
          const block = written instanceof KeyedUnknown ? Object.fromEntries(Object.entries(written.entries).filter(([k]) => KNOWN_CLAIM.test(k))) : written;
          if (op.startsWith("\u0002") || !isObjectValue(block)) continue;
          // An aws_iam_policy_document condition whose variable is partly known: its pattern and values.
          const pairs = Object.entries(block).flatMap(([k, values]): [string, Value][] => {
            if (!k.startsWith("\u0002")) return [[k, values]];
            const inner = Array.isArray(values) && values.length === 1 ? values[0] : values;
            return inner instanceof KeyedUnknown ? Object.entries(inner.entries).filter(([pk]) => KNOWN_CLAIM.test(pk)) : [];
          });
          for (const [k, values] of pairs) {
            if (!unresolved(values)) {
              (kept[op] ??= {})[k] = values;
              continue;
            }
            // A positive string or ARN test keeps what is known of its values, the unknown parts
            // any text (`repo:*:environment:prod`, a Like test): it admits at least as much.
            const like = LIKE_OF[op.replace(/^For(All|Any)Values:/, "").replace(/IfExists$/, "")];
            const list = Array.isArray(values) ? values : [values];
            if (!like || list.some((x) => pattern(x, refText) === undefined)) continue;
            const widened = op.replace(/String(Equals|Like)|Arn(Equals|Like)/, like);
            (kept[widened] ??= {})[k] = [...(((kept[widened] ?? {})[k] as string[] | undefined) ?? []), ...list.map((x) => pattern(x, refText) as string)];
          }
        }
        if (Object.keys(kept).length) out[key] = kept;
      } else if (!unresolved(v)) out[key] = v;
    }
    return out;
  }

  /** A policy document from the value of an attribute (`policy`, `assume_role_policy`, a merged document). */
  function documentOf(v: Value, inst: Instance, attr: string, pointer: string, line: number, seen: Set<Instance> = new Set()): Built {
    const built: Built = { unreadable: [], lines: new Map([[pointer, line]]), unresolvedPrincipals: [] };
    let base = pointer;
    const fromJson = (value: Value, lines: (p: string) => number | undefined): Built => {
      const statements = isObjectValue(value) ? value["Statement"] : undefined;
      if (!isObjectValue(value) || statements === undefined || holdsUnknown(statements) && !Array.isArray(statements) && !isObjectValue(statements)) {
        built.unreadable.push(`${inst.address} ${attr} is not a readable policy document (${describe(value)})`);
        return built;
      }
      const list = Array.isArray(statements) ? statements : [statements];
      const out: Record<string, unknown>[] = [];
      built.origins = [];
      list.forEach((st, i) => {
        const at = Array.isArray(statements) ? `${base}/Statement/${i}` : `${base}/Statement`;
        const s = statement(st, at, built);
        built.lines.set(at, lines(Array.isArray(statements) ? `/Statement/${i}` : "/Statement") ?? line);
        if (!s) return;
        built.origins?.push({ pointer: at, index: out.length });
        out.push(s);
      });
      built.document = { ...(typeof value["Version"] === "string" ? { Version: value["Version"] } : {}), Statement: out };
      return built;
    };
    const fromText = (text: string, first: number, unknowns: readonly Unknown[] = []): Built => {
      let parsed;
      try {
        parsed = parseJson(text);
      } catch (e) {
        built.unreadable.push(unknowns.length ? `${inst.address} ${attr} is JSON written with ${describe(unknowns[0])}, which cannot be read here` : `${inst.address} ${attr} is not valid JSON: ${(e as Error).message}`);
        return built;
      }
      return fromJson(unmark(parsed.value, unknowns), (p) => first - 1 + (parsed.lineOf(p) ?? 1));
    };
    if (v instanceof Json) {
      const lines = new Map<string, number>();
      const expr = attribute(inst.decl.block.body, attr);
      // Lines of the statements of `jsonencode({ Statement = [...] })` as written.
      const arg = expr?.kind === "call" ? expr.args[0] : undefined;
      const stmts = arg?.kind === "object" ? arg.items.find((i) => i.key === "Statement")?.value : undefined;
      if (stmts?.kind === "tuple") stmts.items.forEach((s, i) => lines.set(`/Statement/${i}`, s.line));
      else if (stmts) lines.set("/Statement", stmts.line);
      return fromJson(v.value, (p) => lines.get(p));
    }
    if (typeof v === "string") {
      const expr = attribute(inst.decl.block.body, attr);
      return fromText(v, line + (expr?.kind === "template" && expr.heredoc ? 1 : 0));
    }
    /** JSON text some parts of which are unknown: each marked in a string, or the document unreadable. */
    const fromPartial = (p: Partial, first: number): Built => {
      const unknowns = p.parts.filter((x): x is Unknown => x instanceof Unknown);
      return fromText(p.parts.map((x) => (typeof x === "string" ? x : `\ue000${unknowns.indexOf(x)}\ue001`)).join(""), first, unknowns);
    };
    if (v instanceof Partial) {
      const expr = attribute(inst.decl.block.body, attr);
      return fromPartial(v, line + (expr?.kind === "template" && expr.heredoc ? 1 : 0));
    }
    if (v instanceof Ref && (v.target as Instance).decl.type === POLICY_DOCUMENT && (v.attribute === "json" || v.attribute === "minified_json")) {
      return policyDocument(v.target as Instance, seen);
    }
    if (v instanceof FileText) {
      // A called module's file() paths are relative to its own directory.
      const key = inst.decl.scope.dir === undefined ? v.path : joinPath(inst.decl.scope.dir, v.path);
      const body = module.bodies?.get(key);
      if (!body) {
        wanted.push({ path: key, file: inst.decl.file, line, ...(inst.decl.scope.dir !== undefined ? { inModule: true } : {}) });
        built.unreadable.push(`${inst.address} ${attr} is read from ${v.path}, not read yet`);
        return built;
      }
      if ("error" in body) {
        built.unreadable.push(`${inst.address} ${attr} is read from ${body.file}: ${body.error}`);
        return built;
      }
      // Statements are cited in the file that holds them, by their pointer in it.
      base = "";
      built.lines.clear();
      built.file = body.file;
      if (v.fn !== "templatefile") return fromText(body.text, 1);
      // Rendered with the variables it is given, nothing else in scope; directives (`%{ for }`) stay unknown.
      const vars = v.vars === undefined ? {} : v.vars;
      if (!isObjectValue(vars)) {
        built.unreadable.push(`${inst.address} ${attr} is rendered by templatefile(${v.path}) with variables ${describe(vars)}`);
        return built;
      }
      const t = templateText(body.text);
      const rendered = evaluate({ kind: "template", text: t.text, interpolations: t.interpolations, line: 1, heredoc: false }, { file: body.file, locals: new Map(), variables: new Map(), names: new Map(Object.entries(vars)), reference: () => undefined });
      if (typeof rendered === "string") return fromText(rendered, 1);
      if (rendered instanceof Partial) return fromPartial(rendered, 1);
      built.unreadable.push(`${inst.address} ${attr} is rendered by templatefile(${v.path}) into ${describe(rendered)}`);
      return built;
    }
    built.unreadable.push(`${inst.address} ${attr} is ${describe(v)}, which cannot be read here`);
    return built;
  }

  /** A PolicySource from a built document; undefined when nothing of it is readable. */
  function sourceOf(built: Built, name: string, evidence: Evidence): PolicySource | undefined {
    if (!built.document) return undefined;
    const lines = built.lines;
    return {
      name,
      document: built.document,
      evidence: built.file ? { ...evidence, file: built.file, line: 1, pointer: "" } : evidence,
      lineOf: (p: string) => {
        for (let q = p; q; q = q.slice(0, q.lastIndexOf("/"))) {
          const l = lines.get(q);
          if (l !== undefined) return l;
        }
        return evidence.line;
      },
      ...(built.origins ? { statementOrigins: built.origins } : {}),
      ...(built.unresolvedPrincipals.length ? { unresolvedPrincipals: [...new Set(built.unresolvedPrincipals)] } : {}),
    };
  }

  const unreadable = new Map<Principal, InputError[]>();
  const cannotRead = (principal: Principal, file: string, line: number, message: string): void => {
    const list = unreadable.get(principal) ?? [];
    if (!list.some((e) => e.message === message)) list.push({ file, line, message });
    unreadable.set(principal, list);
  };

  // Managed policies of the module.
  const managed = new Map<Instance, { source?: PolicySource; problems: string[]; evidence: Evidence }>();
  const managedOf = (inst: Instance): { source?: PolicySource; problems: string[]; evidence: Evidence } => {
    const known = managed.get(inst);
    if (known) return known;
    const name = pattern(valueOf(inst, "name") ?? null) ?? inst.address;
    const evidence = evidenceOf(inst, childPointer(inst.pointer, "policy"), lineOf(inst, "policy"), { policyName: name });
    const v = valueOf(inst, "policy");
    const built = v === undefined ? { unreadable: [`${inst.address} has no policy`], lines: new Map(), unresolvedPrincipals: [] } : documentOf(v, inst, "policy", childPointer(inst.pointer, "policy"), lineOf(inst, "policy"));
    const source = sourceOf(built, name, evidence);
    const entry = { ...(source ? { source } : {}), problems: built.unreadable, evidence };
    managed.set(inst, entry);
    return entry;
  };

  const declaredPrincipals: Principal[] = [];
  const byName = new Map<string, Principal[]>();
  const principalOf = new Map<Instance, Principal>();
  // Every module instance of the configuration, its calls followed as far as they are read here.
  for (const pending = [root]; pending.length; ) {
    const scope = pending.pop() as ModuleScope;
    for (const { block } of scope.calls) pending.push(...childrenOf(scope, block.labels[0] as string).map((c) => c.scope));
  }
  const all = allDeclared.filter((d) => d.mode === "resource" && d.type.startsWith("aws_iam_"));
  let resources = 0;
  /** Whether some principal is made through a provider other than the root's default. */
  let elsewhere = false;
  for (const decl of all) {
    resources++;
    const kind = PRINCIPALS[decl.type];
    if (!kind) continue;
    for (const inst of instances(decl)) {
      const nameValue = valueOf(inst, "name") ?? null;
      const prefixValue = valueOf(inst, "name_prefix") ?? null;
      let name: string;
      const possible: { name: string; from: string }[] = [];
      if (typeof nameValue === "string") name = nameValue;
      else if (nameValue !== null && !(nameValue instanceof Unknown && prefixValue !== null)) {
        name = pattern(nameValue) ?? "*";
        possible.push({ name, from: `${inst.address} name, written with ${describe(nameValue)}` });
      } else if (prefixValue !== null) {
        name = `${pattern(prefixValue) ?? ""}*`.replace(/\*+/g, "*");
        possible.push({ name, from: `${inst.address} name_prefix` });
      } else {
        // No name: Terraform makes one (terraform-<timestamp>) for a role; a user or group needs one.
        name = kind === "role" ? "terraform-*" : "*";
        possible.push({ name, from: `${inst.address} without a name` });
      }
      const tags: Record<string, string> = {};
      const tagValue = valueOf(inst, "tags");
      if (isObjectValue(tagValue ?? null)) for (const [k, x] of Object.entries(tagValue as Record<string, Value>)) tags[k] = pattern(x) ?? "*";
      const arn = arnOf(inst);
      const principal: Principal = {
        kind,
        subject: inst.address,
        name,
        ...(possible.length ? { possibleNames: possible } : {}),
        ...(arn && accountOf(decl) ? { arn } : arn ? { trustKey: arn } : {}),
        ...(accountOf(decl) ? { account: accountOf(decl) } : {}),
        tags,
        policies: [],
        evidence: evidenceOf(inst),
      };
      if (kind === "role") {
        const trust = valueOf(inst, "assume_role_policy");
        if (trust !== undefined) {
          const pointer = childPointer(inst.pointer, "assume_role_policy");
          const built = documentOf(trust, inst, "assume_role_policy", pointer, lineOf(inst, "assume_role_policy"));
          const source = sourceOf(built, `${name} trust policy`, evidenceOf(inst, pointer, lineOf(inst, "assume_role_policy"), { policyName: `${name} trust policy` }));
          if (source) principal.trustPolicy = source;
          else principal.trustPolicy = { name: `${name} trust policy`, document: { Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }, evidence: evidenceOf(inst, pointer, lineOf(inst, "assume_role_policy")), unresolvedPrincipals: [`the trust policy of ${inst.address} (${built.unreadable.join("; ")})`] };
        }
        blocksOf(inst.decl.block.body, "inline_policy", inst.ctx).forEach((b, k) => {
          const policyExpr = attribute(b.body, "policy");
          if (!policyExpr) return;
          const nameExpr = attribute(b.body, "name");
          const policyName = (nameExpr && pattern(evaluate(nameExpr, b.ctx))) || `inline_policy[${k}]`;
          const pointer = childPointer(inst.pointer, "inline_policy", k, "policy");
          const line = lineOfAttribute(b.body, "policy", b.line);
          const built = documentOf(evaluate(policyExpr, b.ctx), { ...inst, decl: { ...inst.decl, block: { ...inst.decl.block, body: b.body } } }, "policy", pointer, line);
          const source = sourceOf(built, policyName, evidenceOf(inst, pointer, line, { policyName }));
          if (source) principal.policies.push(source);
          for (const problem of built.unreadable) cannotRead(principal, inst.decl.file, line, problem);
        });
        const arns = valueOf(inst, "managed_policy_arns");
        if (arns !== undefined && arns !== null) attachValue(principal, arns, inst, "managed_policy_arns");
      }
      if (kind !== "group") {
        const boundary = valueOf(inst, "permissions_boundary");
        if (boundary !== undefined && boundary !== null) {
          if (boundary instanceof Ref && (boundary.target as Instance).decl.type === "aws_iam_policy") {
            const m = managedOf(boundary.target as Instance);
            principal.boundary = m.source && m.problems.length === 0 ? m.source : "unresolved";
          } else if (typeof boundary === "string") {
            principal.boundary = "unresolved";
            principal.boundaryArn = { arn: boundary, evidence: evidenceOf(inst, childPointer(inst.pointer, "permissions_boundary"), lineOf(inst, "permissions_boundary"), { arn: boundary }) };
          } else principal.boundary = "unresolved";
        }
      }
      if (accountOf(decl) !== account) elsewhere = true;
      declaredPrincipals.push(principal);
      principalOf.set(inst, principal);
      byName.set(`${kind}/${name}`, [...(byName.get(`${kind}/${name}`) ?? []), principal]);
    }
  }

  /** The principals a value names: references to the module's own, names, or none known (undefined). */
  function targets(v: Value, kind: PrincipalKind, inst: Instance): Principal[] | undefined {
    const list = Array.isArray(v) ? v : [v];
    const out: Principal[] = [];
    for (const x of list) {
      if (x instanceof Ref) {
        const p = principalOf.get(x.target as Instance);
        if (!p || p.kind !== kind) return undefined;
        out.push(p);
      } else if (typeof x === "string") {
        const name = x.startsWith("arn:") ? x.slice(x.lastIndexOf("/") + 1) : x;
        const known = byName.get(`${kind}/${name}`);
        if (known) out.push(...known);
        else {
          // One the module does not declare: judged by its name alone.
          const principal: Principal = { kind, subject: x.startsWith("arn:") ? x : `${kind} ${name}`, name, tags: {}, policies: [], evidence: evidenceOf(inst), ...(x.startsWith("arn:") ? { arn: x } : {}) };
          declaredPrincipals.push(principal);
          byName.set(`${kind}/${name}`, [principal]);
          out.push(principal);
        }
      } else return undefined;
    }
    return out;
  }

  /** Policies a value names (ARNs, references to the module's policies) attached to `principal`. */
  function attachValue(principal: Principal, v: Value, inst: Instance, key: string): void {
    const line = lineOf(inst, key);
    const list = Array.isArray(v) ? v : [v];
    for (const x of list) {
      if (x instanceof Ref && (x.target as Instance).decl.type === "aws_iam_policy" && (x.attribute === "arn" || x.attribute === "id")) {
        const m = managedOf(x.target as Instance);
        if (m.source) principal.policies.push(m.source);
        for (const problem of m.problems) cannotRead(principal, m.evidence.file ?? inst.decl.file, m.evidence.line ?? line, problem);
        continue;
      }
      const arn = pattern(x, refText);
      // A policy of the module named by its ARN (`arn:aws:iam::${account}:policy/deploy`): its document.
      const own = arn === undefined ? undefined : /^arn:[^:]+:iam::(\d{12}|\*):policy\/(?:.*\/)?([^/*]+)$/.exec(arn);
      const policies = own && (own[1] === "*" || account === undefined || own[1] === account) ? all.filter((d) => d.type === "aws_iam_policy").flatMap(instances).filter((p) => nameOf(p) === own[2]) : [];
      if (policies.length === 1) {
        const m = managedOf(policies[0] as Instance);
        if (m.source) principal.policies.push(m.source);
        for (const problem of m.problems) cannotRead(principal, m.evidence.file ?? inst.decl.file, m.evidence.line ?? line, problem);
        continue;
      }
      if (arn !== undefined && !arn.includes("*")) {
        (principal.unresolvedPolicies ??= []).push({ arn, evidence: evidenceOf(inst, childPointer(inst.pointer, key), line, { arn }) });
        continue;
      }
      // An error when an agent holds it; else unverifiable (evaluateOnce).
      cannotRead(principal, inst.decl.file, line, `${inst.address} ${key} is ${describe(x)}: the policy it attaches cannot be read here`);
    }
  }

  const groupMembers = new Map<Principal, Principal[]>();
  /** The principals an attachment applies to, or an error naming it when they cannot be told. */
  const targetsOf = (inst: Instance, key: string, kind: PrincipalKind): Principal[] => {
    const v = valueOf(inst, key);
    if (v === undefined || v === null) return [];
    const found = targets(v, kind, inst);
    if (found) return found;
    errors.push({ file: inst.decl.file, line: lineOf(inst, key), message: `${inst.address}: ${key} is ${describe(v)}: which ${kind} it applies to cannot be read here (fail closed); scan the plan (terraform show -json)` });
    return [];
  };
  for (const decl of all) {
    for (const inst of instances(decl)) {
      const inlineKind = INLINE[decl.type];
      const attachmentKind = ATTACHMENT[decl.type];
      if (inlineKind) {
        const to = targetsOf(inst, inlineKind, inlineKind);
        const name = pattern(valueOf(inst, "name") ?? null) ?? inst.address;
        const pointer = childPointer(inst.pointer, "policy");
        const v = valueOf(inst, "policy");
        const built = v === undefined ? { unreadable: [`${inst.address} has no policy`], lines: new Map(), unresolvedPrincipals: [] } : documentOf(v, inst, "policy", pointer, lineOf(inst, "policy"));
        const source = sourceOf(built, name, evidenceOf(inst, pointer, lineOf(inst, "policy"), { policyName: name }));
        for (const p of to) {
          if (source) p.policies.push(source);
          for (const problem of built.unreadable) cannotRead(p, inst.decl.file, lineOf(inst, "policy"), problem);
        }
      } else if (attachmentKind || decl.type === "aws_iam_policy_attachment") {
        const to = attachmentKind ? targetsOf(inst, attachmentKind, attachmentKind) : [...targetsOf(inst, "roles", "role"), ...targetsOf(inst, "users", "user"), ...targetsOf(inst, "groups", "group")];
        const arn = valueOf(inst, "policy_arn");
        for (const p of to) attachValue(p, arn ?? new Unknown("policy_arn (missing)", inst.decl.file, inst.decl.block.line), inst, "policy_arn");
      } else if (decl.type === "aws_iam_user_group_membership") {
        const users = targetsOf(inst, "user", "user");
        for (const group of targetsOf(inst, "groups", "group")) groupMembers.set(group, [...(groupMembers.get(group) ?? []), ...users]);
      } else if (decl.type === "aws_iam_group_membership") {
        const users = targetsOf(inst, "users", "user");
        for (const group of targetsOf(inst, "group", "group")) groupMembers.set(group, [...(groupMembers.get(group) ?? []), ...users]);
      }
    }
  }
  withGroupPolicies(groupMembers, (group, user) => {
    for (const e of unreadable.get(group) ?? []) cannotRead(user, e.file, e.line ?? 0, e.message);
  });
  // Compute of the module that may run a coding agent, and the module's roles it runs as.
  const hosts: TerraformHclRead["hosts"] = [];
  /**
   * An expression as written: its value where known; a function this reader does not compute
   * (`base64encode(<<EOF …)`, user data's usual form) as what its arguments are.
   */
  const exprText = (expr: HclExpr, ctx: EvalContext): unknown => {
    const value = evaluate(expr, ctx);
    return value instanceof Unknown && expr.kind === "call" ? expr.args.map((a) => exprText(a, ctx)) : writtenText(value);
  };
  /** Everything a block holds, its nested blocks' too (`environment_variable`, `dynamic` ones expanded), as written. */
  const blockText = (body: HclBody, ctx: EvalContext): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const a of body.attributes) out[a.name] = exprText(a.value, ctx);
    for (const type of new Set(body.blocks.map((b) => (b.type === "dynamic" ? (b.labels[0] ?? "") : b.type)))) out[type] = blocksOf(body, type, ctx).map((b) => blockText(b.body, b.ctx));
    return out;
  };
  /** The module's roles a role value names: a role by reference, ARN or name; an instance profile's role. */
  const hostRoles = (v: Value | undefined, depth = 0): Principal[] => {
    if (v === undefined || v === null || depth > 2) return [];
    if (Array.isArray(v)) return v.flatMap((x) => hostRoles(x, depth + 1));
    if (v instanceof Ref) {
      const target = v.target as Instance;
      if (target.decl.type === "aws_iam_instance_profile") return hostRoles(valueOf(target, "role"), depth + 1);
      const p = principalOf.get(target);
      return p?.kind === "role" ? [p] : [];
    }
    if (typeof v !== "string") return [];
    const name = v.slice(v.lastIndexOf("/") + 1);
    // An instance profile of the module named by its name or ARN: its role.
    const profiles = allDeclared.filter((d) => d.mode === "resource" && d.type === "aws_iam_instance_profile").flatMap(instances).filter((p) => valueOf(p, "name") === name);
    if (v.includes(":instance-profile/") || (profiles.length > 0 && !v.includes(":role/"))) return profiles.flatMap((p) => hostRoles(valueOf(p, "role"), depth + 1));
    return byName.get(`role/${name}`) ?? [];
  };
  for (const decl of allDeclared) {
    const host = decl.mode === "resource" ? TF_AGENT_HOSTS[decl.type] : undefined;
    if (!host) continue;
    for (const inst of instances(decl)) {
      const body = inst.decl.block.body;
      // The role: an attribute (`service_role`), or a block's `arn` or `name` (a launch template's `iam_instance_profile { arn = … }`).
      const roleBlocks = blocksOf(body, host.role, inst.ctx);
      const written = valueOf(inst, host.role);
      const roleValues: (Value | undefined)[] = [
        host.roleKey === undefined ? written : jsonMember(written, host.roleKey),
        ...roleBlocks.flatMap((b) => ["arn", "name"].map((k) => (attribute(b.body, k) ? evaluate(attribute(b.body, k) as HclExpr, b.ctx) : undefined))),
      ];
      const roles = [...new Set(roleValues.flatMap((v) => hostRoles(v)))];
      if (roles.length === 0) continue;
      const config = host.config.map((name) => {
        const expr = attribute(body, name);
        return expr ? exprText(expr, inst.ctx) : blocksOf(body, name, inst.ctx).map((b) => blockText(b.body, b.ctx));
      });
      hosts.push({ what: `${host.what} ${inst.address}`, roles, config });
    }
  }
  // A webhook that makes a CodeBuild project a GitHub Actions runner (startsGitHubActionsJobs): the
  // project's role runs every workflow job that names it. The project by reference or by name.
  const projects = allDeclared.filter((d) => d.mode === "resource" && d.type === "aws_codebuild_project");
  for (const decl of allDeclared) {
    if (decl.mode !== "resource" || decl.type !== "aws_codebuild_webhook") continue;
    for (const inst of instances(decl)) {
      const groups = blocksOf(inst.decl.block.body, "filter_group", inst.ctx).map((g) =>
        blocksOf(g.body, "filter", g.ctx).map((f) => {
          const text = (key: string): string => {
            const e = attribute(f.body, key);
            const v = e ? evaluate(e, f.ctx) : undefined;
            return typeof v === "string" ? v : typeof v === "boolean" ? String(v) : "";
          };
          return { type: text("type"), pattern: text("pattern"), exclude: text("exclude_matched_pattern") === "true" };
        }),
      );
      if (!startsGitHubActionsJobs(groups)) continue;
      const named = valueOf(inst, "project_name");
      const ref = named instanceof Unknown ? /^aws_codebuild_project\.([\w-]+)\.(?:name|id|arn)$/.exec(named.source)?.[1] : undefined;
      const project = projects.filter((d) => (ref !== undefined ? d.scope === decl.scope && d.name === ref : typeof named === "string" && instances(d).some((p) => valueOf(p, "name") === named)));
      for (const p of project.flatMap(instances)) {
        const roles = hostRoles(valueOf(p, "service_role"));
        if (roles.length) hosts.push({ what: `CodeBuild project ${p.address}`, roles, config: [], runner: true });
      }
    }
  }
  // An EKS Pod Identity association hands its role (and the target role assumed through it) to the
  // pods of one service account: the agent's when that names an agent (markAgentHosts).
  for (const decl of allDeclared) {
    if (decl.mode !== "resource" || decl.type !== "aws_eks_pod_identity_association") continue;
    for (const inst of instances(decl)) {
      const text = (key: string): string => pattern(valueOf(inst, key) ?? null) ?? "*";
      const roles = [...new Set(["role_arn", "target_role_arn"].flatMap((key) => hostRoles(valueOf(inst, key))))];
      if (roles.length) hosts.push({ what: `EKS Pod Identity association ${inst.address}`, roles, config: [], serviceAccount: { namespace: text("namespace"), name: text("service_account") } });
    }
  }
  // Agents of the module and the functions they run as tools: their roles are the agent's (markAgentHosts).
  const functionDecls = allDeclared.filter((d) => d.mode === "resource" && d.type === "aws_lambda_function");
  /**
   * The module's functions a value names: by reference to a function or to an alias of one
   * (`aws_lambda_function.x.arn`, which this reader leaves unknown: the resource of that name where
   * the reference is written, the scope of the resource naming it or, through a module's output,
   * the file it is written in; the instance its index names, else every one), by name or by ARN.
   */
  const functionsNamed = (v: Value | undefined, scope: ModuleScope, depth = 0): Instance[] => {
    if (v === undefined || v === null || depth > 3) return [];
    if (Array.isArray(v)) return v.flatMap((x) => functionsNamed(x, scope, depth + 1));
    if (v instanceof Unknown) {
      const m = /^(aws_lambda_function|aws_lambda_alias)\.([\w-]+)(\[[^\]]*\])?\.[\w-]+$/.exec(v.source);
      if (!m) return [];
      const [, type, name, index] = m;
      const named = allDeclared.filter((d) => d.mode === "resource" && d.type === type && d.name === name);
      const decls = named.some((d) => d.scope === scope) ? named.filter((d) => d.scope === scope) : named.filter((d) => d.file === v.file);
      const all = decls.flatMap(instances);
      const chosen = index === undefined ? all : all.filter((inst) => inst.address.endsWith(`${type}.${name}${index}`));
      const found = chosen.length > 0 ? chosen : all;
      return type === "aws_lambda_function" ? found : found.flatMap((alias) => functionsNamed(valueOf(alias, "function_name"), alias.decl.scope, depth + 1));
    }
    const name = typeof v === "string" ? lambdaFunctionName(v) : undefined;
    return name === undefined ? [] : functionDecls.flatMap(instances).filter((f) => valueOf(f, "function_name") === name);
  };
  /** What a value holds at a path of object keys, through lists (`[{ action_group_executor = { lambda = … } }]`). */
  const within = (v: Value, path: readonly string[]): Value[] => {
    const [head, ...rest] = path;
    if (head === undefined) return [v];
    if (Array.isArray(v)) return v.flatMap((x) => within(x, path));
    return isObjectValue(v) && v[head] !== undefined ? within(v[head], rest) : [];
  };
  /**
   * The values at the end of a path of nested blocks (`dynamic` ones expanded) or, where a step is
   * an attribute, of the objects it holds (the Cloud Control provider writes blocks so).
   */
  const valuesAt = (body: HclBody, ctx: EvalContext, path: readonly string[]): Value[] => {
    const [head, ...rest] = path;
    if (head === undefined) return [];
    const expr = attribute(body, head);
    if (expr) return within(evaluate(expr, ctx), rest);
    return blocksOf(body, head, ctx).flatMap((b) => valuesAt(b.body, b.ctx, rest));
  };
  const toolHost = (f: Instance, extra: Pick<AgentHost, "agent" | "invokedBy">): void => {
    const roles = hostRoles(valueOf(f, "role"));
    if (roles.length) hosts.push({ what: f.address, roles, config: [], ...extra });
  };
  for (const decl of allDeclared) {
    const runtime = decl.mode === "resource" ? TF_AGENT_RUNTIMES[decl.type] : undefined;
    const tool = decl.mode === "resource" ? TF_AGENT_TOOLS[decl.type] : undefined;
    if (!runtime && !tool && (decl.mode !== "resource" || decl.type !== LAMBDA_PERMISSION)) continue;
    for (const inst of instances(decl)) {
      if (runtime) {
        const roles = [...new Set(runtime.roles.flatMap((key) => hostRoles(valueOf(inst, key))))];
        if (roles.length) hosts.push({ what: `${runtime.what} ${inst.address}`, roles, config: [], agent: agentRunsAsReason(`${runtime.what} ${inst.address}`) });
      }
      if (tool) {
        const functions = new Set(valuesAt(inst.decl.block.body, inst.ctx, tool.path).flatMap((v) => functionsNamed(v, inst.decl.scope)));
        for (const f of functions) toolHost(f, { agent: toolFunctionReason(f.address, agentToolReason(tool.what, inst.address)) });
      }
      if (!runtime && !tool) {
        const principal = valueOf(inst, "principal");
        const action = valueOf(inst, "action");
        if (typeof principal !== "string" || typeof action !== "string") continue;
        for (const f of new Set(functionsNamed(valueOf(inst, "function_name"), inst.decl.scope))) toolHost(f, { invokedBy: { principal, action, permission: inst.address } });
      }
    }
  }
  const input: IamInput = { principals: declaredPrincipals.filter((p) => p.kind !== "group") };
  // The input's account when every principal is in it (a module given another provider may not be).
  if (account && !elsewhere) {
    input.account = account;
    for (const p of input.principals) p.account ??= account;
  }
  return { input, errors, unreadable, wanted, resources, unfollowed, instantiated, hosts };
}

export interface TerraformHclEvaluation extends Evaluated {
  wanted: TerraformHclRead["wanted"];
  resources: number;
  /** Module calls not followed that make no error (nothing says they make an agent's IAM). */
  unfollowed: UnfollowedModule[];
  instantiated: Set<string>;
}

/** What an unfollowed call's arguments say of the IAM its module may make. */
function describeCall(address: string, source: string, file: string, block: HclBlock, args: Map<string, Value>, why: string, broken: boolean): UnfollowedModule {
  const names = [block.labels[0] as string];
  const subjects: string[] = [];
  let tags: Record<string, string> = {};
  let iam = IAM_WORD.test(source);
  const strings = (v: Value, out: string[]): string[] => {
    if (typeof v === "string") out.push(v);
    else if (v instanceof Partial) out.push(pattern(v) as string);
    else if (v instanceof Json) strings(v.value, out);
    else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
    else if (isObjectValue(v)) Object.values(v).forEach((x) => strings(x, out));
    return out;
  };
  for (const [arg, v] of args) {
    if (IAM_WORD.test(arg)) iam = true;
    if (/name(_prefix)?$/i.test(arg)) names.push(...strings(v, []));
    if (arg === "tags" && isObjectValue(v)) tags = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pattern(x) ?? "*"]));
    for (const text of strings(v, [])) {
      if (IAM_TEXT.test(text)) iam = true;
      // A GitHub subject, written with or without `repo:` (terraform-aws-iam's oidc_subjects take both).
      if (/^(repo:)?[\w.-]+\/[\w.*-]+:(ref|pull_request|environment|\*|job_workflow_ref)/.test(text)) subjects.push(text.startsWith("repo:") ? text : `repo:${text}`);
    }
  }
  return { address, source, file, line: block.line, why, broken, names, tags, subjects, iam };
}

/**
 * A module whose name says it makes policies and no principal (terraform-aws-iam's `iam-policy`,
 * `iam-read-only-policy`): its name is no agent's, and it trusts nobody.
 */
function makesPolicyOnly(source: string): boolean {
  const path = source.replace(/[?#].*$/, "").replace(/\.git$/, "");
  // `ns/name/provider//modules/x`: x; `ns/name/provider` (the registry): name; else the last segment.
  const sub = path.includes("//", path.indexOf("://") + 3) ? path.slice(path.lastIndexOf("//") + 2) : undefined;
  const registry = /^(?:[\w.-]+\/)?[\w-]+\/([\w-]+)\/[\w-]+$/.exec(path);
  const name = (sub ? sub.slice(sub.lastIndexOf("/") + 1) : registry ? (registry[1] as string) : path.slice(path.lastIndexOf("/") + 1)).toLowerCase();
  return /polic/.test(name) && !/role|user|group|oidc|irsa|principal|account/.test(name);
}

/**
 * Why a module call not followed may make an agent's IAM: its arguments speak of IAM and name an
 * agent (the call's or a `*name*` argument's name, its tags, a GitHub subject an agent's branch
 * can present), judged as a role so named, tagged and trusted would be.
 */
function unfollowedAgentReason(call: UnfollowedModule, policy: Policy): string | undefined {
  if (!call.iam || makesPolicyOnly(call.source)) return undefined;
  const [name, ...others] = call.names;
  const trust = call.subjects.length
    ? { name: `${call.address} trust`, evidence: { file: call.file, line: call.line }, document: { Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { "token.actions.githubusercontent.com:sub": call.subjects } } }] } }
    : undefined;
  const principal: Principal = {
    kind: "role",
    subject: call.address,
    name: name ?? call.address,
    possibleNames: others.map((n) => ({ name: n, from: `an argument of ${call.address}` })),
    tags: call.tags,
    policies: [],
    evidence: { file: call.file, line: call.line },
    ...(trust ? { trustPolicy: trust } : {}),
  };
  return agentReason(principal, policy.agents);
}

/**
 * A Terragrunt configuration (`terragrunt.hcl`) deploys the module its `terraform { source }` names
 * (the directory's own `.tf` files without one) with its `inputs` as the variables' values (given
 * as TF_VAR_ values, over the module's defaults), resolved with Terragrunt's own functions
 * (`find_in_parent_folders`, `read_terragrunt_config`, `dependency.<x>.outputs`) and the parents it
 * `include`s. None of that is followed here, so the module as deployed is not read: the file is
 * judged as a module call that is not followed, named by its directory (as Terragrunt names the
 * unit). An input error when its inputs speak of IAM and name an agent (what the module makes with
 * them cannot be read), else listed with the calls not followed; a file that does not parse is an
 * input error at its line.
 */
export function terragruntCall(file: string, text: string, policy: Policy): { error: InputError } | { unfollowed: UnfollowedModule } {
  let body: HclBody;
  try {
    body = parseHcl(text);
  } catch (error) {
    const line = error instanceof SourceParseError ? error.line : undefined;
    return { error: { file, ...(line !== undefined ? { line } : {}), message: errorMessage(error) } };
  }
  const locals = new Map<string, { expr: HclExpr; file: string }>();
  for (const block of body.blocks) if (block.type === "locals") for (const a of block.body.attributes) locals.set(a.name, { expr: a.value, file });
  // Nothing outside the file is known: its references (dependency outputs, included locals) and
  // Terragrunt's functions are unknown values, which still say what they speak of.
  const ctx: EvalContext = { file, locals, variables: new Map(), reference: () => undefined };
  const terraform = body.blocks.find((b) => b.type === "terraform");
  const sourceExpr = terraform ? attribute(terraform.body, "source") : undefined;
  const sourceValue = sourceExpr ? evaluate(sourceExpr, ctx) : ".";
  const source = typeof sourceValue === "string" ? sourceValue : (pattern(sourceValue) ?? "(unknown)");
  const inputsAttr = body.attributes.find((a) => a.name === "inputs");
  const inputs = inputsAttr ? evaluate(inputsAttr.value, ctx) : {};
  const args = new Map<string, Value>(isObjectValue(inputs) ? Object.entries(inputs) : inputsAttr ? [["inputs", inputs]] : []);
  const dir = file.replace(/[\\/][^\\/]*$/, "");
  const unit = dir === file ? "terragrunt" : dir.slice(Math.max(dir.lastIndexOf("/"), dir.lastIndexOf("\\")) + 1);
  const block: HclBlock = { type: "terragrunt", labels: [unit], body, line: inputsAttr?.line ?? terraform?.line ?? 1 };
  const call = describeCall(`terragrunt unit ${unit}`, source, file, block, args, "deployed by Terragrunt with these inputs, which are not followed", false);
  const reason = unfollowedAgentReason(call, policy);
  if (!reason) return { unfollowed: call };
  return {
    error: {
      file,
      line: call.line,
      message: `${call.address} (source ${call.source}) may make an agent's IAM (its inputs speak of IAM; ${reason}), and Terragrunt deploys its module with these inputs, which are not read: what it grants cannot be read (fail closed); scan the plan (terragrunt plan -out plan.out, then terragrunt show -json plan.out)`,
    },
  };
}

/**
 * One configuration of the module judged: what cannot be read of an agent's access is an input
 * error; of another principal's, an unverifiable policy (it counts if an agent can become it).
 */
function evaluateOnce(module: TerraformModuleFiles, policy: Policy, catalogue: ActionCatalogue): TerraformHclEvaluation {
  const read = readTerraformHcl(module);
  const errors = [...read.errors];
  for (const [principal, problems] of read.unreadable) {
    const reason = agentReason(principal, policy.agents);
    for (const e of problems) {
      if (reason) errors.push({ ...e, message: `${principal.subject} is an agent principal (${reason}) whose access cannot be read in full: ${e.message} (fail closed); write the value in the module's files or scan the plan (terraform show -json)` });
      else (principal.unresolvedPolicies ??= []).push({ arn: `${principal.subject}: ${e.message}`, evidence: { file: e.file, ...(e.line !== undefined ? { line: e.line } : {}), note: e.message } });
    }
  }
  // A module not read here: an error when Terraform could not use it either, or when it may make an agent's IAM.
  const unfollowed: UnfollowedModule[] = [];
  for (const call of read.unfollowed) {
    const reason = call.broken ? undefined : unfollowedAgentReason(call, policy);
    if (call.broken) errors.push({ file: call.file, line: call.line, message: `${call.address} (source ${call.source}): ${call.why}; the IAM it makes cannot be read (fail closed)` });
    else if (reason) errors.push({ file: call.file, line: call.line, message: `${call.address} (source ${call.source}) may make an agent's IAM (its arguments speak of IAM; ${reason}) and its module is ${call.why}: what it grants cannot be read (fail closed); scan the plan (terraform show -json)` });
    else unfollowed.push(call);
  }
  // Compute that runs a coding agent (a CodeBuild project installing Claude Code, an OpenHands task,
  // a GitHub Actions runner): its role trusts the compute service, yet the agent acts as it.
  markAgentHosts(read.hosts, policy.agents);
  const evaluated = evaluateIam(read.input, policy, catalogue);
  return { findings: evaluated.findings, errors: [...errors, ...evaluated.errors], wanted: read.wanted, resources: read.resources, unfollowed, instantiated: read.instantiated };
}

/**
 * The module judged as `terraform plan` in its directory would configure it (`autoVarFiles`), and
 * once more with each other variable file beside it (`-var-file=prod.tfvars`): a value a var file
 * sets is as much the module's as its default. Findings only one var file brings say which.
 */
export function evaluateTerraformHcl(
  module: TerraformModuleFiles & { otherVarFiles?: readonly { file: string; text: string }[] },
  policy: Policy,
  catalogue: ActionCatalogue,
): TerraformHclEvaluation {
  const base = evaluateOnce(module, policy, catalogue);
  const findings: Finding[] = [...base.findings];
  const errors: InputError[] = [...base.errors];
  const key = (x: unknown): string => JSON.stringify(x);
  const seen = new Set([...findings, ...errors].map(key));
  for (const varFile of module.otherVarFiles ?? []) {
    const variant = evaluateOnce({ ...module, varFiles: [...(module.varFiles ?? []), varFile] }, policy, catalogue);
    for (const f of variant.findings) {
      if (seen.has(key(f))) continue;
      seen.add(key(f));
      findings.push({ ...f, message: `${f.message} (with -var-file=${varFile.file})` });
    }
    for (const e of variant.errors) {
      if (seen.has(key(e))) continue;
      seen.add(key(e));
      errors.push({ ...e, message: `${e.message} (with -var-file=${varFile.file})` });
    }
  }
  return { findings: findings.sort(compareFindings), errors, wanted: base.wanted, resources: base.resources, unfollowed: base.unfollowed, instantiated: base.instantiated };
}
