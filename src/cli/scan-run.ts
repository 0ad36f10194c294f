/**
 * What `scan` runs, loaded in one piece when a scan starts (issue 17): the evaluators, the input
 * readers and the report are static imports here, so the process loads them as one module graph
 * instead of a dynamic import each (every sequential `await import()` costs a few milliseconds
 * of a process that should take little more than Node's own start). The YAML parser stays lazy:
 * a scan of JSON inputs never loads it.
 */
import path from "node:path";
import { enclosingStackPath, fileAssetsOf, logicalIdsOf, readAssemblyManifest, type AssemblyStack } from "../core/cfn/assembly.js";
import { POLICY_REPORT_FILE, POLICY_SYNTHESIZER_ID, withPolicyReport, type PolicyReportInput } from "../core/cfn/policy-report.js";
import { evaluateTemplates } from "../core/cfn/evaluate.js";
import { stackSetBodiesNeedYaml } from "../core/cfn/stack-sets.js";
import { inTemplateAnswers, isTemplateAnswer, templateAnswerInput, templateAnswerNeedsYaml } from "../core/cfn/template-answer.js";
import { nestedStackFiles, nestedStackInput, productTemplateId, resourceTagsOf, type TemplateInput } from "../core/cfn/template.js";
import { withNestedStacks, type NestedTemplateSource } from "../core/cfn/nested-stacks.js";
import type { Finding, InputError } from "../core/finding.js";
import { evaluateTemplateSet, guardedEvaluation, type Evaluated } from "../core/guarded.js";
import { unreadAdoptionDashboardAt, unreadJsonnetDashboard, unreadTableauWorkbook } from "../core/dashboards/index.js";
import { evaluateTerraformBodyFile, evaluateTerraformBodyFileBeside, evaluateTerraformFile, type TerraformEvaluation } from "../core/dashboards/terraform.js";
import { unreadLegacyTerraformState, unreadTerraformUiChange } from "../core/iam/terraform-plan.js";
import { unreadServerlessConfig } from "../core/cfn/serverless-framework.js";
import { unreadPulumiYamlIam } from "../core/iam/pulumi-yaml.js";
import { evaluateTerraformHcl, mayHoldTerraformIam, readTerraformHcl, terragruntCall, type TerraformHclEvaluation, type TerraformModuleFiles, type TerraformModuleSource, type UnfollowedModule } from "../core/iam/terraform-hcl.js";
import { calledDirectories, moduleTree } from "./terraform-modules.js";
import { readdirSync, readFileSync, statSync, type Stats } from "node:fs";
import { withoutByteOrderMark, type SourceFormat } from "../core/source/source.js";
import { decodeText } from "../core/source/decode.js";
import { errorMessage } from "../core/error-message.js";
import { detectKind, evaluateInput } from "../core/inputs.js";
import { repeatedPolicyNameError } from "../core/iam/policy-file.js";
import type { Policy } from "../core/policy.js";
import { loadCatalogue } from "../policy/catalogue.js";
import type { Report } from "../report/index.js";
import { DEFAULT_MAX_FILE_BYTES } from "./common.js";
import { collectInputs, describeFsError, isWithin, outsideAssembly, readParsedFile, readTerraformModuleDir, readZipFile, type CollectedInputs, type TerraformModuleDir } from "./inputs.js";
import { unreadPackagedDashboard } from "../core/dashboards/packaged.js";
// Loaded with the scan rather than by a later `await import()` of policyFor and finish (common.ts).
import "../policy/defaults.js";
import "../core/suppress.js";
import "../report/index.js";
import { isRecord } from "../core/is-record.js";
import { tuneForLongRun } from "./v8-flags.js";

/**
 * File assets of a cloud assembly (every `*.assets.json`): source hash → path in the assembly.
 * One that cannot be read is an error in `errors`: read as listing nothing, a product's template
 * it names would be taken for one CDK did not make and skipped (a pass).
 */
async function assetFiles(dir: string, errors: InputError[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".assets.json")).sort()) {
    const parsed = await readParsedFile(path.join(dir, name), DEFAULT_MAX_FILE_BYTES, true);
    if (!("value" in parsed)) {
      errors.push({ ...parsed, message: `${parsed.message}: the nested stacks and Service Catalog product templates it locates cannot be found (fail closed)` });
      continue;
    }
    const files = isRecord(parsed.value) && isRecord(parsed.value["files"]) ? parsed.value["files"] : {};
    for (const [hash, entry] of Object.entries(files)) {
      const source = isRecord(entry) && isRecord(entry["source"]) ? entry["source"]["path"] : undefined;
      if (typeof source === "string") out.set(hash, source);
    }
  }
  return out;
}

/** Computes once, when first asked. */
function lazy<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

/**
 * The nested stacks of a cdk.out template (and theirs), read from the assembly directory.
 * `stackAssets`: the file assets the stack's own metadata lists (CDK v1's synthesizer), its nested
 * stacks' included.
 */
async function readNestedStacks(parent: TemplateInput, dir: string, root: string, maxBytes: number, errors: InputError[], assets: () => Promise<Map<string, string>>, stackAssets: ReadonlyMap<string, string>): Promise<TemplateInput[]> {
  const out: TemplateInput[] = [];
  for (const nested of nestedStackFiles(parent.value)) {
    const assetPath = nested.assetPath ?? (nested.assetHash ? ((await assets()).get(nested.assetHash) ?? stackAssets.get(nested.assetHash)) : undefined);
    if (assetPath === undefined && nested.product) continue; // not a template CDK wrote (the Aspect sees none either)
    if (assetPath === undefined) {
      errors.push({ file: parent.file, message: `nested stack ${nested.resourceId}: its template is not in the cloud assembly, so it cannot be evaluated` });
      continue;
    }
    // A product's template is labelled by its file (the Aspect knows the ProductStack, not the product resource).
    const productId = nested.product ? productTemplateId(assetPath) : undefined;
    if (nested.product && productId === undefined) continue; // a template of the product not made by CDK's ProductStack: another asset
    const file = path.join(dir, assetPath);
    const outside = await outsideAssembly(root, file, `nested stack ${nested.resourceId}: its template`);
    if (outside) {
      errors.push({ file: parent.file, message: outside });
      continue;
    }
    const parsed = await readParsedFile(file, maxBytes, true);
    if (!("value" in parsed)) {
      errors.push({ ...parsed, message: `nested stack ${nested.resourceId} of ${parent.file}: ${parsed.message}` });
      continue;
    }
    const input = nestedStackInput(parent, productId ?? nested.resourceId, file, parsed.value, parsed.lineOf);
    out.push(input, ...(await readNestedStacks(input, dir, root, maxBytes, errors, assets, stackAssets)));
  }
  return out;
}

interface ReadAssembly {
  templates: TemplateInput[];
  errors: InputError[];
  /** Construct path → where its resource is (for the IAM policy report's references). */
  located: Map<string, { file: string; logicalId: string }>;
}

/**
 * The metadata CDK writes beside the manifest for a stack (`additionalMetadataFile`), or undefined
 * when there is none or it is outside the assembly or unreadable: then references into the stack
 * stay unresolved (`*`) and a nested template only it would locate is an error (fail closed).
 */
async function readStackMetadata(stack: AssemblyStack, root: string, maxBytes: number): Promise<unknown> {
  if (!stack.metadataFile || (await outsideAssembly(root, stack.metadataFile, ""))) return undefined;
  const parsed = await readParsedFile(stack.metadataFile, maxBytes, true);
  return "value" in parsed ? parsed.value : undefined;
}

/** The stack's logical ids by construct path (manifest and its metadata file), in the template or one of its nested ones. */
function locateResources(stack: AssemblyStack, metadata: unknown, own: TemplateInput[], into: ReadAssembly["located"]): void {
  const entries = [...stack.logicalIds, ...logicalIdsOf(metadata)];
  for (const [constructPath, logicalId] of entries) {
    const holder = own.find((t) => isRecord(t.value) && isRecord(t.value["Resources"]) && logicalId in t.value["Resources"]);
    if (holder) into.set(constructPath, { file: holder.file, logicalId });
  }
}

/**
 * `outerStacks`: the construct paths of the stacks of the assemblies that hold this one; a stage
 * inside one of them (a CDK Pipelines pipeline stack) is judged by its own names first.
 */
/** `root`: the outermost assembly's directory, which every file an assembly names must be inside (outsideAssembly). */
async function readAssembly(dir: string, maxBytes: number, seen: Set<string> = new Set(), outerStacks: string[] = [], root = dir): Promise<ReadAssembly> {
  const manifestFile = path.join(dir, "manifest.json");
  const resolved = path.resolve(dir);
  const located: ReadAssembly["located"] = new Map();
  if (seen.has(resolved)) return { templates: [], errors: [], located };
  seen.add(resolved);
  const manifest = await readParsedFile(manifestFile, maxBytes, true);
  if (!("value" in manifest)) return { templates: [], errors: [manifest], located };
  const { stacks, nestedAssemblies, errors } = readAssemblyManifest(manifest.value, dir);
  const templates: TemplateInput[] = [];
  // Read once for every stack of the assembly (an unreadable one is one error).
  const assets = lazy(() => assetFiles(dir, errors));
  for (const stack of stacks) {
    const outside = await outsideAssembly(root, stack.templateFile, `stack ${stack.artifactId}: its template file`);
    if (outside) {
      errors.push({ file: manifestFile, message: outside });
      continue;
    }
    const parsed = await readParsedFile(stack.templateFile, maxBytes, true);
    if (!("value" in parsed)) {
      errors.push(parsed);
      continue;
    }
    const outer = enclosingStackPath(stack.stagePath, outerStacks);
    const input: TemplateInput = {
      file: stack.templateFile,
      value: parsed.value,
      lineOf: parsed.lineOf,
      stackName: stack.stackName,
      stackTags: stack.tags,
      resourceTags: resourceTagsOf(parsed.value),
      ...(stack.account !== undefined ? { account: stack.account } : {}),
      ...(stack.region !== undefined ? { region: stack.region } : {}),
      ...(stack.terminationProtection !== undefined ? { terminationProtection: stack.terminationProtection } : {}),
      ...(stack.stagePath !== undefined ? { stagePath: stack.stagePath } : {}),
      ...(outer !== undefined ? { outerStackPath: outer } : {}),
    };
    const metadata = await readStackMetadata(stack, root, maxBytes);
    const stackAssets = new Map([...(stack.fileAssets ?? []), ...fileAssetsOf(metadata)]);
    const own = [input, ...(await readNestedStacks(input, dir, root, maxBytes, errors, assets, stackAssets))];
    templates.push(...own);
    locateResources(stack, metadata, own, located);
  }
  for (const nested of nestedAssemblies) {
    const outside = await outsideAssembly(root, nested, "a nested assembly's directory");
    if (outside) {
      errors.push({ file: manifestFile, message: outside });
      continue;
    }
    const inner = await readAssembly(nested, maxBytes, seen, [...outerStacks, ...stacks.flatMap((st) => (st.stagePath !== undefined ? [st.stagePath] : []))], root);
    templates.push(...inner.templates);
    errors.push(...inner.errors);
    for (const [k, v] of inner.located) located.set(k, v);
  }
  return { templates, errors, located };
}

/**
 * The IAM policy report of `Role.customizeRoles` (policy-report.ts), read with the assembly
 * whose app wrote it. Missing while the app customized roles (CDK's PolicySynthesizer is in the
 * construct tree, or the report's text rendering is there): an input error, never a pass.
 */
async function readPolicyReport(dir: string, maxBytes: number): Promise<{ report?: PolicyReportInput; error?: InputError }> {
  const file = path.join(dir, POLICY_REPORT_FILE);
  const exists = (f: string): boolean => statOrUndefined(f)?.isFile() ?? false;
  if (exists(file)) {
    const parsed = await readParsedFile(file, maxBytes, true);
    if (!("value" in parsed)) return { error: { ...parsed, message: `${parsed.message}: the grants of Role.customizeRoles roles cannot be judged (fail closed)` } };
    return { report: { file, value: parsed.value, ...(parsed.lineOf ? { lineOf: parsed.lineOf } : {}) } };
  }
  const text = path.join(dir, POLICY_REPORT_FILE.replace(/\.json$/, ".txt"));
  const tree = path.join(dir, "tree.json");
  if (exists(text)) return { error: missingPolicyReport(file) };
  if (!exists(tree)) return {};
  let treeText: string;
  try {
    treeText = readFileSync(tree, "utf8");
  } catch (error) {
    // Whether the app customized roles is unknown: their grants may be in a report that is not here.
    return { error: { file: tree, message: `cannot read: ${describeFsError(error)}; whether the app customizes IAM roles (Role.customizeRoles), whose grants CDK writes only to ${POLICY_REPORT_FILE}, cannot be told (fail closed)` } };
  }
  return treeText.includes(`"${POLICY_SYNTHESIZER_ID}"`) ? { error: missingPolicyReport(file) } : {};
}

const missingPolicyReport = (file: string): InputError => ({
  file,
  message: "missing: the app customizes IAM roles (Role.customizeRoles), whose grants CDK writes only to this report; its roles cannot be judged (fail closed). Scan the cdk.out as `cdk synth` wrote it",
});

/** Nested templates of loose templates: read from the file system, within the scanned paths. */
function fileSystemSource(roots: readonly string[], maxBytes: number): NestedTemplateSource {
  return {
    key: (file) => path.resolve(file),
    nestedKey: (parentFile, location) => path.resolve(path.dirname(parentFile), location),
    refusal: async (file) => ((await someWithin(roots, file)) ? undefined : "is outside the scanned paths: not read (fail closed); scan a directory that holds both"),
    read: (parentFile, location) => readParsedFile(path.join(path.dirname(parentFile), location), maxBytes, true),
    advice: (property) => `scan the template whose ${property} is a local path (before \`aws cloudformation package\` or \`sam package\`), or a CDK app's cdk.out directory`,
  };
}

/** The directories a scan was asked to read: each directory named, and the directory of each file named. */
function scannedDirectories(paths: readonly string[]): string[] {
  return paths.map((p) => (statOrUndefined(p)?.isDirectory() ? p : path.dirname(p)));
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

async function someWithin(roots: readonly string[], file: string): Promise<boolean> {
  for (const root of roots) if (await isWithin(root, file)) return true;
  return false;
}

/** A Terraform body file's text, or why it cannot be read. */
function readBodyFile(target: string, maxBytes: number): string | Error {
  try {
    if (statSync(target).size > maxBytes) throw new Error(`over the ${(maxBytes / (1024 * 1024)).toFixed(1)} MB limit (raise it with --max-file-size)`);
    return withoutByteOrderMark(decodeText(readFileSync(target)));
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Dashboards of Terraform files. A body in another file (`file()`, `templatefile()`) is judged as
 * that file: said when the walk reads it anyway, read here when it does not (a `.tftpl`), and an
 * error when it is outside the scanned paths or cannot be read (fail closed).
 */
async function scanTerraform(collected: CollectedInputs, roots: readonly string[], policy: Policy, maxBytes: number, report: Report, notes: string[]): Promise<void> {
  const walked = new Set([...collected.files.map((f) => path.resolve(f.file)), ...collected.errors.map((e) => path.resolve(e.file))]);
  for (const tf of collected.terraform) {
    let extra: TerraformEvaluation;
    try {
      extra = evaluateTerraformFile(tf, policy);
    } catch (error) {
      report.errors.push(...guardedEvaluation(tf.file, () => {
          throw error;
        }).errors);
      continue;
    }
    report.findings.push(...extra.findings);
    report.errors.push(...extra.errors);
    if (extra.noInput) {
      notes.push(`${tf.file}: declares only dashboards of other providers, which agent-guardrail does not read; none shows an AI coding tool's use`);
      continue;
    }
    report.inputs++;
    notes.push(...extra.notes);
    for (const ref of extra.bodyFiles) {
      const target = path.join(path.dirname(tf.file), ref.path);
      const at = `${tf.file}:${ref.line}: ${ref.resource} reads its body with ${ref.function}("${ref.path}")`;
      if (walked.has(path.resolve(target))) {
        notes.push(`${at}: judged as ${target}, scanned on its own`);
        // The title and tags written beside `json` may name the tool the file does not.
        const beside = ref.shown ? readBodyFile(target, maxBytes) : undefined;
        const judged = beside !== undefined && !(beside instanceof Error) ? guardedEvaluation(target, () => evaluateTerraformBodyFileBeside({ file: target, text: beside, bodyFile: ref }, policy) ?? { findings: [], errors: [] }) : undefined;
        if (beside instanceof Error) report.errors.push({ file: tf.file, line: ref.line, message: `${ref.resource} reads its body from ${target}, which cannot be read (fail closed): ${errorMessage(beside)}` });
        if (judged && (judged.findings.length || judged.errors.length)) {
          notes.push(`${at}: judged again as ${target} with the title and tags written beside it`);
          report.findings.push(...judged.findings);
          report.errors.push(...judged.errors);
        }
        continue;
      }
      if (!(await someWithin(roots, target))) {
        report.errors.push({ file: tf.file, line: ref.line, message: `${ref.resource} reads its body from ${target}, outside the scanned paths: not read (fail closed); scan a directory that holds both` });
        continue;
      }
      const text = readBodyFile(target, maxBytes);
      if (text instanceof Error) {
        report.errors.push({ file: tf.file, line: ref.line, message: `${ref.resource} reads its body from ${target}, which cannot be read (fail closed): ${errorMessage(text)}` });
        continue;
      }
      walked.add(path.resolve(target));
      notes.push(`${at}: judged as ${target}`);
      const body = guardedEvaluation(target, () => evaluateTerraformBodyFile({ file: target, text, bodyFile: ref }, policy));
      notes.push(...("notes" in body ? (body as TerraformEvaluation).notes : []));
      report.findings.push(...body.findings);
      report.errors.push(...body.errors);
    }
  }
}

/**
 * A file of JSON values one per line (JSON Lines) is read for the dashboards it may be (a Kibana
 * export); a template or policy among its records is no input of its own, and is not skipped
 * either: such a file did not parse before (fail closed). So for an input that is an item of a
 * JSON or YAML list: `--output yaml-stream` of the AWS CLI writes one item per page of an answer
 * (get-account-authorization-details), and some tools write a list of policy documents.
 */
function recordInput(file: { file: string; value: unknown; format: SourceFormat; lineOf: (pointer: string) => number | undefined }): InputError | undefined {
  const records = Array.isArray(file.value) ? file.value : [];
  for (const [at, record] of records.entries()) {
    const kind = detectKind(record);
    // A dashboard in a list is left to the adoption-dashboard check (a list of panels' titles and
    // layouts is common in web apps): the list rule is for what grants access.
    if (kind === undefined || (kind === "dashboard" && file.format !== "json-lines")) continue;
    const line = file.lineOf(`/${at}`);
    const what = kind === "authorization-details" ? "authorization details" : `a ${kind.replace(/-/g, " ")}`;
    const where = file.format === "json-lines" ? "as one JSON value per line among others" : `as item ${at} of a list`;
    const advice = kind === "authorization-details" ? "write the answer with --output json or yaml (--output yaml-stream writes one list item per page)" : "give it a file of its own";
    return { file: file.file, ...(line !== undefined ? { line } : {}), message: `holds ${what} ${where}: not read (fail closed); ${advice}` };
  }
  return undefined;
}

/**
 * The IAM of Terraform configurations: each module directory no other one calls is a root, read
 * with the modules it calls (their roles judged with the caller's arguments); a directory some
 * walked configuration calls is judged only through its callers. A policy in another file
 * (`file("policy.json")`) is read here when it is inside the scanned paths; outside them, or
 * unreadable, what it grants is unknown (an error when an agent holds it).
 */
async function scanTerraformIam(collected: CollectedInputs, roots: readonly string[], policy: Policy, catalogue: ReturnType<typeof loadCatalogue>, maxBytes: number, report: Report, notes: string[]): Promise<void> {
  const walked = new Map(collected.terraformModules.map((m) => [path.resolve(m.dir), m]));
  const within = (file: string): Promise<boolean> => someWithin(roots, file);
  let called = new Set<string>();
  const finding = guardedEvaluation(collected.terraformModules[0]?.dir ?? ".", () => {
    called = calledDirectories(collected.terraformModules);
    return { findings: [], errors: [] };
  });
  report.errors.push(...finding.errors);
  const unfollowed: UnfollowedModule[] = [];
  // A Terragrunt unit is a module call whose inputs are not followed (src/core/iam/terraform-hcl.ts).
  for (const unit of collected.terragrunt) {
    let call: ReturnType<typeof terragruntCall> | undefined;
    const evaluated = guardedEvaluation(unit.file, () => {
      call = terragruntCall(unit.file, unit.text, policy);
      return { findings: [], errors: "error" in call ? [call.error] : [] };
    });
    // As a configuration calling only modules that make no IAM here, a unit is no input of its own.
    report.errors.push(...evaluated.errors);
    if (call && "unfollowed" in call) unfollowed.push(call.unfollowed);
  }
  const readOutsideWalk = new Map<string, ReturnType<typeof readTerraformModuleDir>>();
  // Module directories some root makes an instance of; a called one no root instantiates
  // (`count = 0`, an empty for_each: deployed nowhere here) is judged alone after the roots.
  const instantiated = new Set<string>();
  const isCalled = (m: TerraformModuleDir): boolean => called.has(path.resolve(m.dir));
  const order = [...collected.terraformModules.filter((m) => !isCalled(m)), ...collected.terraformModules.filter(isCalled)];
  for (const m of order) {
    if (isCalled(m) && instantiated.has(path.resolve(m.dir))) continue;
    const first = m.files[0]?.file ?? m.dir;
    let modules: Map<string, TerraformModuleSource>;
    try {
      modules = await moduleTree(m, walked, within, maxBytes, readOutsideWalk);
    } catch (error) {
      report.inputs++;
      report.errors.push({ file: first, message: `the modules it calls could not be read (internal error: ${errorMessage(error)}); nothing in it was checked` });
      continue;
    }
    const module: TerraformModuleFiles & { otherVarFiles: typeof m.otherVarFiles } = { files: m.files, varFiles: m.autoVarFiles, otherVarFiles: m.otherVarFiles, modules };
    const bodies = new Map<string, { file: string; text: string } | { file: string; error: string }>();
    // What file() names is read first; a module that cannot be read at all is its error, as below.
    let wanted: { path: string; inModule?: true }[] | undefined;
    const reading = guardedEvaluation(first, () => {
      wanted = readTerraformHcl(module).wanted;
      return { findings: [], errors: [] };
    });
    if (!wanted) {
      report.inputs++;
      report.errors.push(...reading.errors);
      continue;
    }
    for (const w of wanted) {
      if (bodies.has(w.path)) continue;
      // A called module's file() path is already joined with its directory.
      const target = w.inModule ? w.path : path.join(m.dir, w.path);
      if (!(await someWithin(roots, target))) {
        bodies.set(w.path, { file: target, error: "outside the scanned paths: not read (fail closed); scan a directory that holds both" });
        continue;
      }
      try {
        if (statSync(target).size > maxBytes) throw new Error(`over the ${(maxBytes / (1024 * 1024)).toFixed(1)} MB limit (raise it with --max-file-size)`);
        bodies.set(w.path, { file: target, text: withoutByteOrderMark(decodeText(readFileSync(target))) });
      } catch (error) {
        bodies.set(w.path, { file: target, error: `cannot be read: ${error instanceof Error && "code" in error ? describeFsError(error) : errorMessage(error)}` });
      }
    }
    const evaluated = guardedEvaluation(first, () => evaluateTerraformHcl({ ...module, bodies }, policy, catalogue)) as Partial<TerraformHclEvaluation> & Evaluated;
    for (const dir of evaluated.instantiated ?? []) instantiated.add(path.resolve(dir));
    // A configuration that only calls modules which make no IAM is no input.
    if (!evaluated.resources && !evaluated.errors.length && !m.files.some((f) => mayHoldTerraformIam(f.text))) {
      unfollowed.push(...(evaluated.unfollowed ?? []));
      continue;
    }
    report.inputs++;
    report.findings.push(...evaluated.findings);
    report.errors.push(...evaluated.errors);
    unfollowed.push(...(evaluated.unfollowed ?? []));
  }
  if (unfollowed.length) {
    const shown = unfollowed.slice(0, 5).map((u) => `${u.address} at ${u.file}:${u.line} (${u.source}: ${u.why})`);
    notes.push(`${unfollowed.length} Terraform module call${unfollowed.length === 1 ? " was" : "s were"} not followed, the roles ${unfollowed.length === 1 ? "it makes" : "they make"} not judged (nothing in ${unfollowed.length === 1 ? "its" : "their"} arguments names an agent): ${shown.join("; ")}${unfollowed.length > 5 ? "; …" : ""}`);
  }
}

export async function runScan(paths: string[], policy: Policy, maxBytes: number = DEFAULT_MAX_FILE_BYTES): Promise<Report> {
  const collected = await collectInputs(paths.length ? paths : ["."], maxBytes);
  const report: Report = { findings: [], errors: [...collected.errors], inputs: 0 };
  const catalogue = loadCatalogue();
  const looseTemplates: TemplateInput[] = [];
  let skipped = collected.skipped;
  // Jsonnet is not evaluated: a source that builds an adoption dashboard fails closed, any other is no input.
  for (const source of collected.jsonnet) {
    const unread = unreadJsonnetDashboard(source.text, policy);
    if (unread) report.errors.push({ file: source.file, message: unread });
    else if (source.explicit) report.errors.push({ file: source.file, message: "not a recognized input: Jsonnet is not evaluated (compile it, e.g. with jsonnet or grr, and scan the JSON it writes); this source builds no dashboard of an AI coding tool's use" });
    else skipped++;
  }
  // Tableau workbooks are not read: one that holds an adoption dashboard fails closed, any other is no input.
  for (const source of collected.tableau) {
    const unread = unreadTableauWorkbook(source.text, policy);
    if (unread) report.errors.push({ file: source.file, message: unread });
    else if (source.explicit) report.errors.push({ file: source.file, message: "not a recognized input: a Tableau workbook is not read; this one shows no dashboard of an AI coding tool's use" });
    else skipped++;
  }
  // Dashboards packaged as zips (Power BI .pbix/.pbit, Tableau .twbx) are opened and judged as the
  // report they hold; one of a coding tool's use, or an archive that cannot be opened, fails closed.
  // Superset exports are YAML: the parser is loaded only when a .zip is met.
  const yaml = collected.packaged.some((p) => p.kind === "zip") ? await import("../core/source/yaml.js") : undefined;
  for (const source of collected.packaged) {
    const judged = readZipFile(source.file, (zip) => unreadPackagedDashboard(source.kind, zip, policy, yaml ? (text) => yaml.parseYaml(text).value : undefined));
    if ("error" in judged) report.errors.push(judged.error);
    else if (judged.value) report.errors.push({ file: source.file, message: judged.value });
    else if (source.explicit) report.errors.push({ file: source.file, message: `not a recognized input: ${source.kind === "zip" ? "a zip archive is opened for a Superset dashboard export; this one holds none of an AI coding tool's use" : `a ${source.kind === "tableau" ? "Tableau packaged workbook" : "Power BI report"} is not read; this one shows no dashboard of an AI coding tool's use`}` });
    else skipped++;
  }
  // Files holding a template in a saved `aws cloudformation get-template` answer.
  const answers = new Set<string>();
  for (const file of collected.files) {
    tuneForLongRun();
    if (isTemplateAnswer(file.value)) {
      report.inputs++;
      if (templateAnswerNeedsYaml(file.value)) await import("../core/source/yaml.js");
      const read = templateAnswerInput(file.file, file.value, file.lineOf);
      if ("error" in read) report.errors.push(read.error);
      else {
        looseTemplates.push(read.template);
        answers.add(file.file);
      }
      continue;
    }
    const kind = detectKind(file.value);
    if (!kind) {
      // An adoption dashboard in a format no reader knows is not skipped: its incident panels cannot be looked for.
      const unread = unreadAdoptionDashboardAt(file.value, policy);
      const line = unread?.pointer ? file.lineOf(unread.pointer) : undefined;
      const record = recordInput(file);
      const ui = Array.isArray(file.value) ? unreadTerraformUiChange(file.value) : undefined;
      const uiLine = ui ? file.lineOf(ui.pointer) : undefined;
      const serverless = unreadServerlessConfig(file.value);
      const serverlessLine = serverless ? file.lineOf(serverless.pointer) : undefined;
      const pulumi = unreadPulumiYamlIam(file.value);
      const pulumiLine = pulumi ? file.lineOf(pulumi.pointer) : undefined;
      const legacyState = unreadLegacyTerraformState(file.value);
      const legacyLine = legacyState ? file.lineOf(legacyState.pointer) : undefined;
      if (unread) report.errors.push({ file: file.file, ...(line !== undefined ? { line } : {}), message: unread.message });
      else if (serverless) report.errors.push({ file: file.file, ...(serverlessLine !== undefined ? { line: serverlessLine } : {}), message: serverless.message });
      else if (pulumi) {
        const message = `a Pulumi YAML program declaring AWS IAM resources (${pulumi.resources.join(", ")}), which are not read: Pulumi resolves its values and deploys them through its provider, with no template to scan, so what they grant was not evaluated (fail closed); judge the deployed account with agent-guardrail audit`;
        report.errors.push({ file: file.file, ...(pulumiLine !== undefined ? { line: pulumiLine } : {}), message });
      } else if (legacyState) {
        const message = `a Terraform state of format version 3 or earlier (Terraform 0.11 and before), which is not read: ${legacyState.address} is in it, so what it grants was not evaluated (fail closed); scan terraform show -json of it (Terraform 0.12 or later reads and upgrades such a state), or the state after a terraform apply of 0.12 or later`;
        report.errors.push({ file: file.file, ...(legacyLine !== undefined ? { line: legacyLine } : {}), message });
      }
      else if (ui) {
        const message = `terraform plan -json writes the plan's progress messages, not the plan: ${ui.address} is planned here without its values, so what it grants cannot be read (fail closed); scan terraform show -json of the saved plan (terraform plan -out plan.out, then terraform show -json plan.out)`;
        report.errors.push({ file: file.file, ...(uiLine !== undefined ? { line: uiLine } : {}), message });
      }
      else if (record) report.errors.push(record);
      else if (file.explicit) {
        report.errors.push({
          file: file.file,
          message: "not a recognized input: expected a CloudFormation template, an IAM policy document (or the aws iam get-role-policy, get-user-policy, get-group-policy or get-policy-version output holding one), get-account-authorization-details output, terraform show -json of a plan or state, or a dashboard",
        });
      } else skipped++;
      continue;
    }
    report.inputs++;
    // Listed only for walked files (named ones are refused at their first): now an input's.
    for (const tag of file.unknownTags ?? []) report.errors.push({ file: file.file, line: tag.line, message: tag.message });
    if (kind === "cloudformation-template") {
      looseTemplates.push({ file: file.file, value: file.value, lineOf: file.lineOf });
      continue;
    }
    const repeated = kind === "policy-document" ? repeatedPolicyNameError(file.file, file.value, () => file.repeatedName?.()) : undefined;
    if (repeated) {
      report.errors.push(repeated);
      continue;
    }
    // An input that fails unexpectedly is that input's error; the others are still evaluated.
    const evaluated = guardedEvaluation(file.file, () => evaluateInput(file, kind, policy, catalogue));
    report.findings.push(...evaluated.findings);
    report.errors.push(...evaluated.errors);
  }
  const notes: string[] = [];
  await scanTerraform(collected, scannedDirectories(paths.length ? paths : ["."]), policy, maxBytes, report, notes);
  await scanTerraformIam(collected, scannedDirectories(paths.length ? paths : ["."]), policy, catalogue, maxBytes, report, notes);
  const nested = await withNestedStacks(looseTemplates, fileSystemSource(scannedDirectories(paths.length ? paths : ["."]), maxBytes), report.errors);
  report.inputs += nested.read;
  const loose = nested.templates;
  const templateSets: { templates: TemplateInput[]; relocate?: (findings: Finding[]) => Finding[] }[] = loose.length
    ? [{ templates: loose, ...(answers.size ? { relocate: (findings: Finding[]) => inTemplateAnswers(findings, answers) } : {}) }]
    : [];
  for (const dir of collected.assemblies) {
    const assembly = await readAssembly(dir, maxBytes);
    report.errors.push(...assembly.errors);
    if (assembly.templates.length === 0 && assembly.errors.length === 0) {
      report.errors.push({ file: path.join(dir, "manifest.json"), message: "cloud assembly lists no stacks" });
    }
    report.inputs += assembly.templates.length;
    if (!assembly.templates.length) continue;
    const policyReport = await readPolicyReport(dir, maxBytes);
    if (policyReport.error) report.errors.push(policyReport.error);
    if (!policyReport.report) {
      templateSets.push({ templates: assembly.templates });
      continue;
    }
    const added = withPolicyReport(assembly.templates, policyReport.report, (p) => assembly.located.get(p));
    report.errors.push(...added.errors);
    templateSets.push({ templates: added.templates, relocate: added.relocate });
  }
  // A stack set's TemplateBody may be YAML in a JSON template (the YAML parser loads only when needed).
  if (templateSets.some((set) => stackSetBodiesNeedYaml(set.templates))) await import("../core/source/yaml.js");
  for (const set of templateSets) {
    tuneForLongRun();
    const evaluated = evaluateTemplateSet(set.templates, (templates) => evaluateTemplates(templates, policy, catalogue));
    report.findings.push(...(set.relocate ? set.relocate(evaluated.findings) : evaluated.findings));
    report.errors.push(...evaluated.errors);
  }
  if (skipped) notes.push(`${skipped} file${skipped === 1 ? "" : "s"} found while walking directories ${skipped === 1 ? "is" : "are"} not a recognized input and ${skipped === 1 ? "was" : "were"} skipped`);
  if (notes.length) report.notes = notes;
  if (report.inputs === 0 && report.errors.length === 0) {
    report.errors.push({ file: paths.join(" ") || ".", message: "no inputs found to scan (templates, cdk.out, policies, authorization details, dashboards)" });
  }
  return report;
}
