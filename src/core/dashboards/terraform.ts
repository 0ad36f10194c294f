/**
 * Dashboards in Terraform files (HCL native syntax, read by ../source/hcl.ts): the body of
 * `aws_cloudwatch_dashboard`, `grafana_dashboard`, `datadog_dashboard_json`,
 * `newrelic_one_dashboard_json` and `google_monitoring_dashboard` written as `jsonencode({...})`,
 * a heredoc or a quoted JSON string (or a `local` holding one), and the native blocks of
 * `datadog_dashboard` and `newrelic_one_dashboard`, turned into the readers' JSON with the line
 * of each part. A body in another file (`file()`, `templatefile()`) is named for the caller to
 * read. What cannot be evaluated here (a variable, another function, an interpolation) never
 * passes a dashboard that tracks a coding tool's use: it is an input error there.
 */
import type { Evidence, Finding, InputError } from "../finding.js";
import type { Policy } from "../policy.js";
import { parseHcl, parseHclExpression, templateText, type HclAttribute, type HclBlock, type HclBody, type HclExpr } from "../source/hcl.js";
import { parseJson } from "../source/json.js";
import { childPointer } from "../source/pointer.js";
import { SourceParseError } from "../source/source.js";
import { isRecord } from "../is-record.js";
import { adoptionWordsIn } from "./classify.js";
import { dashboardSubject, evaluateNormalized, normalizeDashboard, unreadAdoptionDashboardAt } from "./index.js";
import { normalizeDatadog } from "./datadog.js";
import { normalizeNewRelic } from "./newrelic.js";
import { GRAFANA_APPS_DASHBOARD_TYPE, mayHoldReadTerraformDashboard, UNREAD_TERRAFORM_DASHBOARD_TYPE } from "../input-text.js";

/** Resources whose attribute holds a dashboard's JSON. */
const JSON_BODIES: Readonly<Record<string, string>> = {
  aws_cloudwatch_dashboard: "dashboard_body",
  grafana_dashboard: "config_json",
  datadog_dashboard_json: "dashboard",
  newrelic_one_dashboard_json: "json",
  google_monitoring_dashboard: "dashboard_json",
};
/**
 * The Grafana provider's app-platform dashboards (GRAFANA_APPS_DASHBOARD_TYPE) hold the dashboard's
 * JSON in `spec { json }` (a classic dashboard, or from v2 a v2 spec), its `title` and `tags` there
 * when set (they replace the JSON's, as the provider sends them).
 */
const GRAFANA_APPS_BODY = "spec.json";

/** Resources that write the dashboard as blocks. */
const NATIVE = new Set(["datadog_dashboard", "datadog_dashboard_v2", "newrelic_one_dashboard"]);

export { mayHoldTerraformDashboard } from "../input-text.js";

/** A body in another file: `file("${path.module}/board.json")` names `board.json` beside the `.tf` file. */
export interface TerraformBodyFile {
  resource: string;
  function: string;
  /** Relative to the directory of the `.tf` file (a leading `${path.module}/` or `${path.root}/` removed). */
  path: string;
  line: number;
  /** The resource's own strings (its name): they show whose use a body not evaluated tracks. */
  known: string[];
  /**
   * The `title` and `tags` written beside an app-platform dashboard's `json` (appsSpec): what
   * Grafana shows instead of the file's own.
   */
  shown?: Record<string, unknown>;
}

export interface TerraformEvaluation {
  findings: Finding[];
  errors: InputError[];
  /** Bodies in other files, for the caller to read and judge on their own. */
  bodyFiles: TerraformBodyFile[];
  /** Dashboards nothing here could evaluate that show no coding tool's use: said, not failed. */
  notes: string[];
  /** Dashboard resources found. */
  dashboards: number;
  /**
   * The file declares no dashboard read here, and none of another provider's that shows a coding
   * tool's use: it is no input (as before such resources were looked at).
   */
  noInput?: true;
}

interface Unknown {
  source: string;
  line: number;
}

/** What building a value from the tree collects: the line of each pointer and what could not be evaluated. */
interface Build {
  lines: Map<string, number>;
  unknown: Unknown[];
  locals: Map<string, HclExpr>;
  resolving: Set<string>;
}

const unknownText = (source: string): string => `\${${source}}`;

function build(expr: HclExpr, pointer: string, b: Build): unknown {
  if (!b.lines.has(pointer)) b.lines.set(pointer, expr.line);
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "template":
      for (const source of expr.interpolations) b.unknown.push({ source, line: expr.line });
      return expr.text;
    case "tuple":
      return expr.items.map((item, i) => build(item, childPointer(pointer, i), b));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const item of expr.items) {
        b.lines.set(childPointer(pointer, item.key), item.line);
        out[item.key] = build(item.value, childPointer(pointer, item.key), b);
      }
      return out;
    }
    case "traversal": {
      const local = throughLocal(expr, b, (value) => ({ value: build(value, pointer, b) }));
      if (local) return local.value;
      b.unknown.push({ source: expr.source, line: expr.line });
      return unknownText(expr.source);
    }
    case "call":
      // jsonencode inside a body is a string holding JSON (a New Relic widget's configuration).
      if (expr.name === "jsonencode" && expr.args.length === 1) return JSON.stringify(build(expr.args[0] as HclExpr, pointer, b));
      b.unknown.push({ source: `${expr.name}(...)`, line: expr.line });
      return unknownText(`${expr.name}(...)`);
    case "opaque":
      b.unknown.push({ source: expr.source, line: expr.line });
      return unknownText(expr.source);
  }
}

/**
 * `read` of the value of `local.name` declared in a `locals` block of the same file, marked as
 * being resolved meanwhile (a local that names itself is not followed again); undefined when the
 * expression is no such local.
 */
function throughLocal<T>(expr: HclExpr & { kind: "traversal" }, b: Build, read: (value: HclExpr) => T): T | undefined {
  if (expr.root !== "local" || expr.path.length !== 1 || b.resolving.has(expr.source)) return undefined;
  const local = b.locals.get(expr.path[0] as string);
  if (!local) return undefined;
  b.resolving.add(expr.source);
  try {
    return read(local);
  } finally {
    b.resolving.delete(expr.source);
  }
}

/** A dashboard body read from the tree, or why it cannot be. */
type Body =
  | { kind: "value"; value: unknown; lineOf: (pointer: string) => number | undefined; unknown: Unknown[] }
  | { kind: "file"; function: string; path: string }
  | { kind: "unknown"; unknown: Unknown }
  | { kind: "invalid"; message: string; line: number };

/**
 * JSON text with its interpolations outside strings (`"period": ${var.period}`) written as
 * strings holding them, so that the rest can be read; those inside strings stay as they are.
 */
function quoteBareInterpolations(text: string, interpolations: readonly string[]): string {
  const starts = new Set(interpolations);
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if ((c === "$" || c === "%") && text[i + 1] === "{") {
      const written = [...starts].find((x) => text.startsWith(x, i));
      if (written) {
        out += JSON.stringify(written);
        i += written.length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const MODULE_PATH = /^\$\{path\.(module|root|cwd)\}\//;

function bodyOf(expr: HclExpr, b: Build, label: string): Body {
  const lines = b.lines;
  const lineOf = (pointer: string): number | undefined => {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
      const line = lines.get(p);
      if (line !== undefined || p === "") return line;
    }
  };
  if (expr.kind === "call" && expr.name === "jsonencode" && expr.args.length === 1) {
    const value = build(expr.args[0] as HclExpr, "", b);
    return { kind: "value", value, lineOf, unknown: b.unknown };
  }
  if (expr.kind === "template") {
    // Terraform 0.11 wrote every expression as a template: "${file(var.config_json)}".
    const only = expr.interpolations.length === 1 && expr.text === expr.interpolations[0] && expr.text.startsWith("${") ? expr.text.slice(2, -1) : undefined;
    // An expression inside that does not parse is read as the text it is (below).
    const zeroElevenBody = (text: string): Body | undefined => {
      try {
        return bodyOf(parseHclExpression(text, expr.line), b, label);
      } catch {
        return undefined;
      }
    };
    const inner = only === undefined ? undefined : zeroElevenBody(only);
    if (inner !== undefined) return inner;
    for (const source of expr.interpolations) b.unknown.push({ source, line: expr.line });
    try {
      const parsed = parseJson(expr.interpolations.length ? quoteBareInterpolations(expr.text, expr.interpolations) : expr.text);
      // A heredoc's text starts on the line after its marker.
      const first = expr.line + (expr.heredoc ? 1 : 0);
      return { kind: "value", value: parsed.value, lineOf: (pointer) => first - 1 + (parsed.lineOf(pointer) ?? 1), unknown: b.unknown };
    } catch (e) {
      // JSON that interpolations or template directives build (`%{ for }`) is not evaluated.
      if (expr.interpolations.length) return { kind: "unknown", unknown: b.unknown[b.unknown.length - expr.interpolations.length] ?? { source: "an interpolation", line: expr.line } };
      const line = expr.line + (expr.heredoc ? 1 : 0) + ((e instanceof SourceParseError ? e.line : 1) ?? 1) - 1;
      return { kind: "invalid", message: `${label} is not valid JSON: ${(e as Error).message}`, line };
    }
  }
  if (expr.kind === "call" && (expr.name === "file" || expr.name === "templatefile") && expr.args[0]?.kind === "template") {
    const arg = expr.args[0];
    const relative = arg.text.replace(MODULE_PATH, "");
    if (arg.interpolations.length === (arg.text === relative ? 0 : 1) && !relative.includes("${")) return { kind: "file", function: expr.name, path: relative };
  }
  if (expr.kind === "traversal") {
    const body = throughLocal(expr, b, (value) => bodyOf(value, b, label));
    if (body) return body;
  }
  const source = expr.kind === "call" ? `${expr.name}(...)` : expr.kind === "traversal" || expr.kind === "opaque" ? expr.source : expr.kind;
  return { kind: "unknown", unknown: { source, line: expr.line } };
}

/**
 * A `dynamic "widget" { for_each = ...; content { ... } }` block as the block it repeats: its
 * content, whose iterator values are not evaluated (kept as their text), counted once.
 */
function withDynamicContent(body: HclBody, b: Build): HclBody {
  if (!body.blocks.some((x) => x.type === "dynamic")) return body;
  const blocks: HclBlock[] = [];
  for (const block of body.blocks) {
    if (block.type !== "dynamic") {
      blocks.push(block);
      continue;
    }
    const forEach = block.body.attributes.find((a) => a.name === "for_each");
    b.unknown.push({ source: `dynamic "${block.labels[0] ?? ""}" for_each`, line: forEach?.line ?? block.line });
    const content = block.body.blocks.find((x) => x.type === "content");
    if (content && block.labels[0]) blocks.push({ type: block.labels[0], labels: [], body: content.body, line: content.line });
  }
  return { attributes: body.attributes, blocks };
}

/** Datadog's block names in the provider and the JSON keys the API (and the reader) uses for them. */
const DATADOG_LISTS: Readonly<Record<string, string>> = { request: "requests", marker: "markers", event: "events", query: "queries", formula: "formulas", template_variable: "template_variables", widget: "widgets" };

/** Blocks as the API's JSON: a `widget` holds one `<type>_definition`; repeated blocks are lists. */
function datadogBlocks(written: HclBody, pointer: string, b: Build): Record<string, unknown> {
  const body = withDynamicContent(written, b);
  const out = attributesOf(body, pointer, b);
  for (const block of body.blocks) {
    const key = DATADOG_LISTS[block.type] ?? block.type;
    const list = (out[key] = Array.isArray(out[key]) ? out[key] : []) as unknown[];
    const at = childPointer(pointer, key, list.length);
    b.lines.set(at, block.line);
    if (block.type === "widget") {
      const definition = withDynamicContent(block.body, b).blocks.find((d) => d.type.endsWith("_definition"));
      if (!definition) {
        list.push({});
        continue;
      }
      b.lines.set(childPointer(at, "definition"), definition.line);
      list.push({ definition: { type: definition.type.replace(/_definition$/, ""), ...datadogBlocks(definition.body, childPointer(at, "definition"), b) } });
    } else list.push(datadogBlocks(block.body, at, b));
  }
  return out;
}

function attributesOf(body: HclBody, pointer: string, b: Build): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of body.attributes) {
    b.lines.set(childPointer(pointer, a.name), a.line);
    out[a.name] = build(a.value, childPointer(pointer, a.name), b);
  }
  return out;
}

/** `newrelic_one_dashboard`: `page` blocks of `widget_<visualization>` blocks with `nrql_query` blocks, as NerdGraph's JSON. */
function newRelicBlocks(written: HclBody, b: Build): Record<string, unknown> {
  const body = withDynamicContent(written, b);
  const out = attributesOf(body, "", b);
  const pages: unknown[] = [];
  for (const page of body.blocks) {
    if (page.type !== "page") continue;
    const at = childPointer("", "pages", pages.length);
    b.lines.set(at, page.line);
    const p = attributesOf(page.body, at, b);
    const widgets: unknown[] = [];
    for (const w of withDynamicContent(page.body, b).blocks) {
      if (!w.type.startsWith("widget_")) continue;
      const wAt = childPointer(at, "widgets", widgets.length);
      b.lines.set(wAt, w.line);
      const attrs = attributesOf(w.body, childPointer(wAt, "rawConfiguration"), b);
      const nrqlQueries = withDynamicContent(w.body, b).blocks.filter((q) => q.type === "nrql_query").map((q, i) => attributesOf(q.body, childPointer(wAt, "rawConfiguration", "nrqlQueries", i), b));
      const viz = w.type.replace(/^widget_/, "");
      widgets.push({ title: attrs["title"], visualization: { id: `viz.${viz}` }, rawConfiguration: { ...attrs, nrqlQueries } });
    }
    pages.push({ ...p, widgets });
  }
  return { ...out, pages };
}

/** Every key and string of a value: what decides whether it tracks a coding tool's use. */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) out.push(k, ...stringsOf(v, []));
  return out;
}

function adoptionOf(strings: readonly string[], policy: Policy): { tools: string[]; terms: string[] } | undefined {
  const words = adoptionWordsIn(strings, policy.dashboards.vocabulary);
  return words.tools.length && words.terms.length ? words : undefined;
}

const describeUnknown = (unknown: readonly Unknown[]): string =>
  [...new Map(unknown.map((u) => [u.source, u])).values()]
    .slice(0, 3)
    .map((u) => `${u.source} (line ${u.line})`)
    .join(", ");

function declaredLocals(body: HclBody): Map<string, HclExpr> {
  const locals = new Map<string, HclExpr>();
  for (const block of body.blocks) if (block.type === "locals") for (const a of block.body.attributes) locals.set(a.name, a.value);
  return locals;
}


/** Where a body is judged: the file it is written in, the resource it belongs to, what is known of that resource. */
interface BodySite {
  file: string;
  resource: string;
  /** `aws_cloudwatch_dashboard.q.dashboard_body`, for messages. */
  where: string;
  /** The resource's other strings (its name, title): they show whose use a body not evaluated tracks. */
  known: readonly string[];
  line: number;
  /** The resource type of native blocks, read by its provider's reader. */
  native: string | undefined;
}

/** A body read from the tree judged by the rule; what was not evaluated fails closed on an adoption dashboard. */
function judgeBody(body: Body & { kind: "value" | "unknown" }, at: BodySite, policy: Policy, out: TerraformEvaluation): void {
  const { file, resource, where, known } = at;
  const unknownBody = (unknown: readonly Unknown[], line: number, strings: readonly string[]): void => {
    const adoption = adoptionOf(strings, policy);
    const what = `${where} uses ${describeUnknown(unknown)}, which agent-guardrail does not evaluate`;
    if (adoption) {
      out.errors.push({
        file,
        line,
        message: `${what}, in a dashboard of ${adoption.tools.join(", ")} use (${adoption.terms.slice(0, 4).join(", ")}): whether it records incidents cannot be shown (fail closed); write the body's values in the file, or scan the rendered dashboard JSON`,
      });
    } else out.notes.push(`${file}:${line}: ${what}; what is written shows no AI coding tool's use, so it is not judged an adoption dashboard`);
  };
  if (body.kind === "unknown") {
    unknownBody([body.unknown], body.unknown.line, known);
    return;
  }
  // Native blocks are the provider's format whatever they hold; JSON bodies are recognized as files are.
  const d = !isRecord(body.value) ? undefined : at.native === undefined ? normalizeDashboard(body.value) : at.native.startsWith("datadog") ? normalizeDatadog(body.value, "") : normalizeNewRelic(body.value, "");
  if (!d) {
    if (body.unknown.length) unknownBody(body.unknown, body.unknown[0]?.line ?? at.line, [...known, ...stringsOf(body.value)]);
    else out.errors.push({ file, line: body.lineOf("") ?? at.line, message: `${where} is not a recognized dashboard (Grafana, CloudWatch, Datadog, SigNoz, Perses, New Relic or Cloud Monitoring JSON)` });
    return;
  }
  const lineOf = body.lineOf;
  const evaluated = evaluateNormalized(
    d,
    {
      file,
      subject: d.title || d.uid ? `${dashboardSubject(d, "")} (${resource})` : `dashboard ${resource}`,
      lineOf,
      evidenceFor: (panel): Evidence => {
        const line = lineOf(panel.path);
        return { file, ...(line !== undefined ? { line } : {}), pointer: panel.path, note: `panel ${panel.path} of ${where}` };
      },
    },
    policy,
  );
  // What was not evaluated can be what left the dashboard empty or malformed (`widgets = var.widgets`).
  if (body.unknown.length && evaluated.errors.length) {
    unknownBody(body.unknown, body.unknown[0]?.line ?? at.line, [...known, ...stringsOf(body.value)]);
    return;
  }
  out.errors.push(...evaluated.errors);
  out.findings.push(...evaluated.findings);
  // A value not evaluated could hide the incident panel the dashboard would pass with.
  if (body.unknown.length && evaluated.findings.length === 0 && evaluated.errors.length === 0) {
    unknownBody(body.unknown, body.unknown[0]?.line ?? at.line, [...known, ...stringsOf(body.value)]);
  }
}

/**
 * A body `file()` or `templatefile()` reads, judged as that file: `templatefile` renders its
 * `${...}` and `%{...}`, which are not evaluated here (kept as their text, as in a heredoc).
 */
export function evaluateTerraformBodyFile(input: { file: string; text: string; bodyFile: TerraformBodyFile }, policy: Policy): TerraformEvaluation {
  const out: TerraformEvaluation = { findings: [], errors: [], bodyFiles: [], notes: [], dashboards: 1 };
  const rendered = input.bodyFile.function === "templatefile" ? templateText(input.text) : { text: input.text, interpolations: [] };
  const b: Build = { lines: new Map(), unknown: [], locals: new Map(), resolving: new Set() };
  const where = `the body of ${input.bodyFile.resource}`;
  const read = bodyOf({ kind: "template", text: rendered.text, interpolations: rendered.interpolations, line: 1, heredoc: false }, b, `${input.file} (${where})`);
  const shown = input.bodyFile.shown;
  const body = shown && read.kind === "value" && isRecord(read.value) ? { ...read, value: { ...read.value, ...shown } } : read;
  if (body.kind === "invalid") out.errors.push({ file: input.file, line: body.line, message: body.message });
  else if (body.kind === "file") out.errors.push({ file: input.file, message: `${where} is a file name, not a dashboard` });
  else judgeBody(body, { file: input.file, resource: input.bodyFile.resource, where, known: input.bodyFile.known, line: 1, native: undefined }, policy, out);
  return out;
}

/**
 * The `spec` block of an app-platform dashboard: its `json` attribute, and the `title` and `tags`
 * written beside it (built, so a variable there is one not evaluated), which are what Grafana shows.
 */
function appsSpec(body: HclBody, b: Build): { json: HclAttribute | undefined; shown: Record<string, unknown>; line?: number } {
  const spec = body.blocks.find((x) => x.type === "spec");
  if (!spec) return { json: undefined, shown: {} };
  const shown: Record<string, unknown> = {};
  for (const a of spec.body.attributes) {
    if (a.name !== "title" && a.name !== "tags") continue;
    b.lines.set(childPointer("", a.name), a.line);
    shown[a.name] = build(a.value, childPointer("", a.name), b);
  }
  return { json: spec.body.attributes.find((x) => x.name === "json"), shown, line: spec.line };
}

/**
 * A body file judged on its own as well (the walk reads it, or the pull request changes it), read
 * for what the title and tags written beside `json` add: judged with them when alone it gives no
 * finding and no error (a Copilot title on a file that names no tool), undefined otherwise (it is
 * reported as itself, once).
 */
export function evaluateTerraformBodyFileBeside(input: { file: string; text: string; bodyFile: TerraformBodyFile }, policy: Policy): TerraformEvaluation | undefined {
  if (!input.bodyFile.shown || Object.keys(input.bodyFile.shown).length === 0) return undefined;
  const { shown: _, ...plain } = input.bodyFile;
  const alone = evaluateTerraformBodyFile({ ...input, bodyFile: plain }, policy);
  if (alone.findings.length || alone.errors.length) return undefined;
  return evaluateTerraformBodyFile(input, policy);
}

const isReadType = (type: string): boolean => type in JSON_BODIES || NATIVE.has(type) || GRAFANA_APPS_DASHBOARD_TYPE.test(type);

/** A resource's attributes and blocks as a value (a repeated block a list): what another provider's dashboard says. */
function blocksAsValue(body: HclBody, pointer: string, b: Build): Record<string, unknown> {
  const out = attributesOf(body, pointer, b);
  for (const block of body.blocks) {
    const list = (out[block.type] = Array.isArray(out[block.type]) ? out[block.type] : []) as unknown[];
    list.push(blocksAsValue(block.body, childPointer(pointer, block.type, list.length), b));
  }
  return out;
}

/**
 * The resources and data sources of the same file that a block refers to (`honeycombio_query_annotation.sessions.id`),
 * and those they refer to in turn, as values: a Honeycomb board names its panels' queries by id, and
 * their names and descriptions (what the board shows as the panels' titles) are in those resources.
 */
function referredBlocks(top: HclBody, from: HclBlock, unknown: readonly Unknown[], locals: Map<string, HclExpr>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const seen = new Set<HclBlock>([from]);
  const queue = [...unknown];
  for (let u = queue.shift(); u !== undefined; u = queue.shift()) {
    const m = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)/.exec(u.source);
    if (!m) continue;
    const block = top.blocks.find((x) => x.type === (m[1] ? "data" : "resource") && x.labels[0] === m[2] && x.labels[1] === m[3]);
    if (!block || seen.has(block)) continue;
    seen.add(block);
    const b: Build = { lines: new Map(), unknown: [], locals, resolving: new Set() };
    out.push({ [`${m[1] ?? ""}${m[2]}`]: blocksAsValue(block.body, "", b) });
    queue.push(...b.unknown);
  }
  return out;
}

/** Every dashboard resource of a Terraform file, judged where it is written. */
export function evaluateTerraformFile(input: { file: string; text: string }, policy: Policy): TerraformEvaluation {
  const out: TerraformEvaluation = { findings: [], errors: [], bodyFiles: [], notes: [], dashboards: 0 };
  const file = input.file;
  let top: HclBody;
  try {
    top = parseHcl(input.text);
  } catch (e) {
    // A file of other providers' dashboards only fails closed where its text shows a coding tool's use.
    if (!mayHoldReadTerraformDashboard(input.text) && !adoptionOf([input.text], policy)) return { ...out, noInput: true };
    const line = e instanceof SourceParseError ? e.line : undefined;
    out.errors.push({ file, ...(line !== undefined ? { line } : {}), message: `${(e as Error).message}: the file declares a dashboard that cannot be read (fail closed)` });
    return out;
  }
  const locals = declaredLocals(top);
  const unread = top.blocks.filter((r: HclBlock) => r.type === "resource" && !isReadType(r.labels[0] ?? "") && UNREAD_TERRAFORM_DASHBOARD_TYPE.test(r.labels[0] ?? ""));
  for (const r of unread) {
    if (!policy.dashboards.enabled) break;
    const b: Build = { lines: new Map(), unknown: [], locals, resolving: new Set() };
    const resource = blocksAsValue(r.body, "", b);
    const refers = referredBlocks(top, r, b.unknown, locals);
    const found = unreadAdoptionDashboardAt({ kind: r.labels[0], resource, ...(refers.length ? { refers } : {}) }, policy);
    if (found) {
      out.dashboards++;
      out.errors.push({ file, line: r.line, message: `${r.labels[0] ?? "?"}.${r.labels[1] ?? "?"} ${found.message}` });
    }
  }
  const resources = top.blocks.filter((r: HclBlock) => r.type === "resource" && isReadType(r.labels[0] ?? ""));
  for (const r of resources) {
    if (!policy.dashboards.enabled) break;
    out.dashboards++;
    const type = r.labels[0] as string;
    const resource = `${type}.${r.labels[1] ?? "?"}`;
    const b: Build = { lines: new Map(), unknown: [], locals, resolving: new Set() };
    const apps = GRAFANA_APPS_DASHBOARD_TYPE.test(type) ? appsSpec(r.body, b) : undefined;
    const known = stringsOf(attributesOf(r.body, "", { lines: new Map(), unknown: [], locals, resolving: new Set() }));
    if (apps) known.push(...stringsOf(apps.shown));
    let body: Body;
    const attribute = apps ? GRAFANA_APPS_BODY : JSON_BODIES[type];
    if (attribute !== undefined) {
      const a = apps ? apps.json : r.body.attributes.find((x) => x.name === attribute);
      if (!a) {
        out.errors.push({ file, line: apps?.line ?? r.line, message: `${resource} has no ${attribute}: nothing to evaluate` });
        continue;
      }
      body = bodyOf(a.value, b, `${resource}.${attribute}`);
      if (apps && body.kind === "value" && isRecord(body.value)) body = { ...body, value: { ...body.value, ...apps.shown } };
    } else {
      const value = type.startsWith("datadog_dashboard") ? datadogBlocks(r.body, "", b) : newRelicBlocks(r.body, b);
      const lines = b.lines;
      body = { kind: "value", value, lineOf: (p) => lines.get(p) ?? r.line, unknown: b.unknown };
    }
    const where = `${resource}${attribute ? `.${attribute}` : ""}`;
    if (body.kind === "invalid") {
      out.errors.push({ file, line: body.line, message: body.message });
      continue;
    }
    if (body.kind === "file") {
      const line = (apps ? apps.json : r.body.attributes.find((x) => x.name === attribute))?.line ?? r.line;
      out.bodyFiles.push({ resource, function: body.function, path: body.path, line, known, ...(apps && Object.keys(apps.shown).length ? { shown: apps.shown } : {}) });
      continue;
    }
    judgeBody(body, { file, resource, where, known, line: r.line, native: attribute === undefined ? type : undefined }, policy, out);
  }
  // Only other providers' dashboards, none of a coding tool's use: no input, as before they were looked at.
  if (resources.length === 0 && out.errors.length === 0) out.noInput = true;
  return out;
}
