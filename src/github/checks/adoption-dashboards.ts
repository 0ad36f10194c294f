/**
 * Check "agent-guardrail / adoption dashboards": on a pull request that adds or changes dashboard
 * files (Grafana, CloudWatch, Datadog JSON/YAML, or CloudFormation templates with an
 * AWS::CloudWatch::Dashboard or Datadog::Dashboards::Dashboard), evaluate `adoption-dashboard-no-incidents` on their content at the
 * head SHA with the base branch's policy, and annotate the dashboard files.
 *
 * A dashboard that sets a usage target without incident panels fails the check (error); one that
 * tracks adoption without a target is `neutral` with warning annotations (visible, not blocking),
 * like `scan --fail-on error`.
 */
import type { Finding, InputError } from "../../core/finding.js";
import type { ActionCatalogue } from "../../core/iam/catalogue.js";
import { evaluateDashboardFile, unreadAdoptionDashboardAt, unreadJsonnetDashboard, unreadTableauWorkbook } from "../../core/dashboards/index.js";
import { guardedEvaluation } from "../../core/guarded.js";
import { detectKind } from "../../core/inputs.js";
import type { Policy } from "../../core/policy.js";
import { applySuppressions } from "../../core/suppress.js";
import { loadCatalogue } from "../../policy/catalogue.js";
import { readChangedFile } from "./changed-file.js";
import { parseInputSource } from "../../core/source/parse.js";
import { errorAnnotation, errorSummaryLine, findingAnnotations, findingSummaryLines } from "./findings.js";
import { blobUrl, markdownText } from "./markdown.js";
import type { ChangedFile, CheckOutcome, PullCheck, PullCheckContext } from "./types.js";
import { mayBeDashboard, mayHoldTerraformDashboard, TEMPLATE_DASHBOARD_TYPES } from "../../core/input-text.js";
import { detectFormat } from "../../core/source/source.js";
import { evaluateTerraformBodyFile, evaluateTerraformBodyFileBeside, evaluateTerraformFile, type TerraformEvaluation } from "../../core/dashboards/terraform.js";
import { errorMessage } from "../../core/error-message.js";
import { posix } from "node:path";
import { packagedDashboardKind, unreadPackagedDashboard, type PackagedDashboardKind } from "../../core/dashboards/packaged.js";
import { zipSourceOf } from "../../core/source/zip.js";
import { FileTooLargeError, readRepoBytes } from "../config.js";

/** The largest .zip the check fetches to look for a Superset export (one is kilobytes of YAML). */
const MAX_SUPERSET_EXPORT_BYTES = 16 * 1024 * 1024;

export const ADOPTION_DASHBOARDS_CHECK = "agent-guardrail / adoption dashboards";
const RULE = "adoption-dashboard-no-incidents";
// `.workbook`: an Azure Monitor workbook's JSON (not read: one of a coding tool's use fails closed, as in scan).
// `.jsonnet`, `.libsonnet`: not evaluated; a source that builds an adoption dashboard fails closed, as in scan.
// `.lookml`: a Looker LookML dashboard (YAML; not read: one of a coding tool's use fails closed, as in scan).
// `.twb`: a Tableau workbook (XML; not read: one of a coding tool's use fails closed, as in scan).
// `.pbix`, `.pbit`, `.twbx`, `.zip` (a Superset export): dashboards packaged as zips, read as bytes and opened as in scan.
const CANDIDATE = /\.(json|ndjson|jsonl|ya?ml|template|tf|tofu|workbook|jsonnet|libsonnet|lookml|twb|pbix|pbit|twbx|zip)$/i;

export interface AdoptionDashboardsInput {
  policy: Policy;
  files: ChangedFile[];
  filesComplete: boolean;
  /** File content at the pull request's head SHA; undefined when absent there. */
  read: (path: string) => Promise<string | undefined>;
  /**
   * A binary file's bytes at the head SHA (a packaged dashboard), no more than `maxBytes` (larger:
   * FileTooLargeError); without it such a file fails closed.
   */
  readBytes?: (path: string, maxBytes?: number) => Promise<Uint8Array | undefined>;
  /** Templates are evaluated by the template engine, which needs the action catalogue. */
  catalogue: () => ActionCatalogue;
  blobUrl?: (file: string, line?: number) => string;
}

export interface AdoptionDashboardsOutcome extends CheckOutcome {
  findings: Finding[];
  errors: InputError[];
  /** Changed files that are dashboards (or templates with dashboards). */
  dashboards: string[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function parsesAsJson(text: string): boolean {
  try {
    parseInputSource(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A Terraform file's dashboards, as `scan` reads them; a body in another file is read at the head
 * (fail closed when it is not there). Files that declare no dashboard are not parsed.
 */
async function evaluateTerraform(input: AdoptionDashboardsInput, path: string): Promise<{ findings: Finding[]; errors: InputError[]; dashboard: boolean }> {
  let text: string | undefined;
  try {
    text = await input.read(path);
  } catch (error) {
    return { findings: [], errors: [{ file: path, message: `cannot read ${path} at the head SHA: ${errorMessage(error)}` }], dashboard: true };
  }
  if (text === undefined || !mayHoldTerraformDashboard(text)) return { findings: [], errors: [], dashboard: false };
  const tf = text;
  const evaluated = guardedEvaluation(path, () => evaluateTerraformFile({ file: path, text: tf }, input.policy));
  if ("noInput" in evaluated && evaluated.noInput) return { findings: [], errors: [], dashboard: false };
  const out = { findings: [...evaluated.findings], errors: [...evaluated.errors], dashboard: true };
  for (const ref of "bodyFiles" in evaluated ? (evaluated as TerraformEvaluation).bodyFiles : []) {
    const target = posix.normalize(posix.join(posix.dirname(path), ref.path));
    if (target.startsWith("../")) {
      out.errors.push({ file: path, line: ref.line, message: `${ref.resource} reads its body from ${target}, outside the repository: not read (fail closed)` });
      continue;
    }
    // A body file the pull request changes is judged on its own, once; the title and tags written
    // beside `json` are read for what they add.
    const changed = input.files.some((f) => f.path === target && f.status !== "removed" && CANDIDATE.test(target) && !/\.(tf|tofu)$/i.test(target));
    if (changed && !ref.shown) continue;
    let body: string | undefined;
    try {
      body = await input.read(target);
    } catch (error) {
      out.errors.push({ file: path, line: ref.line, message: `${ref.resource} reads its body from ${target}, which cannot be read at the head (fail closed): ${errorMessage(error)}` });
      continue;
    }
    if (body === undefined) {
      out.errors.push({ file: path, line: ref.line, message: `${ref.resource} reads its body from ${target}, which is not in the repository at the head (fail closed)` });
      continue;
    }
    const text = body;
    const judged = guardedEvaluation(target, () => (changed ? (evaluateTerraformBodyFileBeside({ file: target, text, bodyFile: ref }, input.policy) ?? { findings: [], errors: [] }) : evaluateTerraformBodyFile({ file: target, text, bodyFile: ref }, input.policy)));
    out.findings.push(...judged.findings);
    out.errors.push(...judged.errors);
  }
  return out;
}

/**
 * A source read as text, not parsed (Jsonnet, a Tableau workbook), as `scan` reads it: one that holds
 * an adoption dashboard fails closed. Undefined for a Jsonnet file of plain JSON (Jsonnet is a
 * superset of JSON), read as any JSON file.
 */
async function evaluateUnreadText(input: AdoptionDashboardsInput, path: string, judge: (text: string, policy: Policy) => string | undefined, plainJsonToo: boolean): Promise<{ findings: Finding[]; errors: InputError[]; dashboard: boolean } | undefined> {
  let text: string | undefined;
  try {
    text = await input.read(path);
  } catch (error) {
    return { findings: [], errors: [{ file: path, message: `cannot read ${path} at the head SHA: ${errorMessage(error)}` }], dashboard: true };
  }
  if (text === undefined) return { findings: [], errors: [{ file: path, message: `cannot read ${path} at the head SHA: not found, though the pull request changes it (fail closed)` }], dashboard: true };
  if (plainJsonToo && detectFormat(text) === "json" && parsesAsJson(text)) return undefined;
  const unread = judge(text, input.policy);
  return unread ? { findings: [], errors: [{ file: path, message: unread }], dashboard: true } : { findings: [], errors: [], dashboard: false };
}

/** A dashboard packaged as a zip (Power BI, Tableau), opened as `scan` opens it; what cannot be read fails closed. */
async function evaluatePackaged(input: AdoptionDashboardsInput, path: string, kind: PackagedDashboardKind): Promise<{ findings: Finding[]; errors: InputError[]; dashboard: boolean }> {
  const failed = (message: string) => ({ findings: [], errors: [{ file: path, message }], dashboard: true });
  if (!input.readBytes) return failed(`cannot read ${path} at the head SHA: its bytes are not available here (fail closed)`);
  let bytes: Uint8Array | undefined;
  try {
    // Any .zip a pull request changes is looked at for a Superset export, which is kilobytes: a
    // larger one (a data set, a build) is not fetched and is no dashboard. Reports and workbooks are
    // read whatever their size (up to the 100 MB the git data API gives).
    bytes = await input.readBytes(path, kind === "zip" ? MAX_SUPERSET_EXPORT_BYTES : undefined);
  } catch (error) {
    if (kind === "zip" && error instanceof FileTooLargeError) return { findings: [], errors: [], dashboard: false };
    return failed(`cannot read ${path} at the head SHA: ${errorMessage(error)}`);
  }
  if (bytes === undefined) return failed(`cannot read ${path} at the head SHA: not found, though the pull request changes it (fail closed)`);
  const yaml = kind === "zip" ? await import("../../core/source/yaml.js") : undefined;
  const unread = unreadPackagedDashboard(kind, zipSourceOf(bytes), input.policy, yaml ? (text) => yaml.parseYaml(text).value : undefined);
  return unread ? failed(unread) : { findings: [], errors: [], dashboard: false };
}

async function evaluateFile(input: AdoptionDashboardsInput, path: string): Promise<{ findings: Finding[]; errors: InputError[]; dashboard: boolean }> {
  if (/\.(tf|tofu)$/i.test(path)) return evaluateTerraform(input, path);
  const packaged = packagedDashboardKind(path);
  if (packaged) return evaluatePackaged(input, path, packaged);
  const jsonnet = /\.(jsonnet|libsonnet)$/i.test(path) ? await evaluateUnreadText(input, path, unreadJsonnetDashboard, true) : undefined;
  if (jsonnet) return jsonnet;
  if (/\.twb$/i.test(path)) return (await evaluateUnreadText(input, path, unreadTableauWorkbook, false)) ?? { findings: [], errors: [], dashboard: false };
  const content = await readChangedFile(path, "head SHA", () => input.read(path), mayBeDashboard, true, parseInputSource);
  if ("error" in content) return { findings: [], errors: [content.error], dashboard: true };
  if ("absent" in content) return { findings: [], errors: [], dashboard: false };
  const file = { file: path, value: content.parsed.value, lineOf: content.parsed.lineOf };
  const kind = detectKind(file.value);
  if (kind === "dashboard") return { ...guardedEvaluation(path, () => evaluateDashboardFile(file, input.policy)), dashboard: true };
  if (kind === "cloudformation-template" && TEMPLATE_DASHBOARD_TYPES.some((type) => content.text.includes(type))) {
    const { evaluateTemplates } = await import("../../core/cfn/evaluate.js");
    const evaluated = guardedEvaluation(path, () => evaluateTemplates([file], input.policy, input.catalogue()));
    // The template's other rules belong to the agent-permissions check; its read errors may hide a dashboard body.
    return { findings: evaluated.findings.filter((f) => f.rule === RULE), errors: evaluated.errors, dashboard: true };
  }
  // As `scan` does: an adoption dashboard in a format no reader knows fails closed.
  const unread = kind === undefined ? unreadAdoptionDashboardAt(file.value, input.policy) : undefined;
  const line = unread?.pointer ? file.lineOf(unread.pointer) : undefined;
  if (unread) return { findings: [], errors: [{ file: path, ...(line !== undefined ? { line } : {}), message: unread.message }], dashboard: true };
  return { findings: [], errors: [], dashboard: false };
}

export async function checkAdoptionDashboards(input: AdoptionDashboardsInput): Promise<AdoptionDashboardsOutcome> {
  if (!input.filesComplete) {
    return {
      conclusion: "failure",
      title: "Changed files incomplete",
      summary: "**FAIL**: the pull request's file list was truncated by the API: changed dashboards may be missing (fail closed).",
      annotations: [],
      findings: [],
      errors: [],
      dashboards: [],
    };
  }
  const paths = input.files.filter((f) => f.status !== "removed" && CANDIDATE.test(f.path)).map((f) => f.path);
  const raw: Finding[] = [];
  const errors: InputError[] = [];
  const dashboards: string[] = [];
  for (const path of paths) {
    const result = await evaluateFile(input, path);
    if (result.dashboard) dashboards.push(path);
    raw.push(...result.findings);
    errors.push(...result.errors);
  }
  if (dashboards.length === 0) {
    return {
      conclusion: "success",
      title: "No dashboard files changed",
      summary: "**PASS**: no dashboard files changed. This check applies to pull requests that add or change Grafana, CloudWatch, Datadog, SigNoz, Perses, New Relic or Cloud Monitoring dashboards (or templates with an AWS::CloudWatch::Dashboard or a Datadog::Dashboards::Dashboard, or files that carry a dashboard as JSON text: Kubernetes manifests, Helm values; or Terraform files with a dashboard resource).",
      annotations: [],
      findings: [],
      errors: [],
      dashboards,
    };
  }
  const findings = applySuppressions(raw, input.policy);
  const active = findings.filter((f) => f.suppressed === null);
  const suppressed = findings.filter((f) => f.suppressed !== null);
  const failing = active.filter((f) => f.severity === "error");
  const failed = failing.length > 0 || errors.length > 0;
  const conclusion: CheckOutcome["conclusion"] = failed ? "failure" : active.length ? "neutral" : "success";
  const changed = new Set(paths);
  const title = active.length
    ? `${plural(active.length, "adoption dashboard")} without incidents${failing.length ? ` (${failing.length} with a usage target)` : ""}${errors.length ? `, ${plural(errors.length, "input error")}` : ""}`
    : errors.length
      ? `${plural(errors.length, "input error")}: not every dashboard could be evaluated`
      : `${plural(dashboards.length, "dashboard file")} checked: none tracks AI adoption without incidents`;
  const summary = [
    `**${failed ? "FAIL" : active.length ? "WARN" : "PASS"}**: ${title}.`,
    ...(active.length
      ? [
          "",
          "**Adoption dashboards that do not record incidents**",
          ...active.flatMap((f) => findingSummaryLines(f, input.blobUrl)),
          "",
          "Fix: add a panel that tracks incidents, outages, rollbacks or change failure rate caused by the AI tool's changes (for example a PagerDuty incident count or a change-failure-rate panel) next to the adoption panels. A waiver needs a reason: the dashboard tag `agent-guardrail:ignore-incidents=<reason>` or a `suppressions` entry in `.github/agent-guardrail.yml` on the base branch.",
        ]
      : []),
    ...(errors.length ? ["", "**Could not be evaluated** (fail closed)", ...errors.map(errorSummaryLine)] : []),
    ...(suppressed.length ? ["", "**Suppressed** (audit trail)", ...suppressed.flatMap((f) => findingSummaryLines(f, input.blobUrl))] : []),
    "",
    `Dashboard files evaluated at the head: ${dashboards.map(markdownText).join(", ")}.`,
  ].join("\n");
  const annotations = [...active.flatMap((f) => findingAnnotations(f, changed)), ...errors.filter((e) => changed.has(e.file)).map(errorAnnotation)];
  return { conclusion, title, summary, annotations, findings, errors, dashboards };
}

export const adoptionDashboardsCheck: PullCheck = {
  name: ADOPTION_DASHBOARDS_CHECK,
  run(ctx: PullCheckContext): Promise<CheckOutcome> {
    return checkAdoptionDashboards({
      policy: ctx.policy,
      files: ctx.files,
      filesComplete: ctx.filesComplete,
      read: (path) => ctx.readFile(ctx.pull.headSha, path),
      readBytes: (path, maxBytes) => readRepoBytes(ctx.github, ctx.owner, ctx.repo, path, ctx.pull.headSha, maxBytes),
      catalogue: loadCatalogue,
      blobUrl: (file, line) => blobUrl(ctx.htmlUrl, ctx.pull.headSha, file, line),
    });
  },
};
