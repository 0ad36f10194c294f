/**
 * Find and read the inputs of `scan`: walk directories (skipping node_modules and .git), treat a
 * directory with a cloud-assembly manifest as one cdk.out, parse every candidate file. What cannot
 * be read or parsed becomes an InputError naming the file (and line); the rest is still scanned.
 */
// Synchronous calls: a scan reads one file at a time anyway, and node:fs/promises would load
// about twenty more built-in modules (streams, readline) into every run (issue 17).
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { InputError } from "../core/finding.js";
import { parseJsonInput } from "../core/source/ndjson.js";
import { repeatedNameIn } from "../core/source/json.js";
import { detectFormat, SourceParseError, withoutByteOrderMark, type ParsedSource } from "../core/source/source.js";
import { DEFAULT_MAX_FILE_BYTES } from "./common.js";
import { compareText } from "../core/sorted.js";
import { errorMessage, isTooDeep, TOO_DEEP } from "../core/error-message.js";
import { decodeText } from "../core/source/decode.js";
import { tuneForLongRun } from "./v8-flags.js";
import { mayBeInputText, mayHoldTerraformDashboard } from "../core/input-text.js";
import { mayCallTerraformModule, mayHoldTerraformIam } from "../core/iam/terraform-hcl.js";
import { packagedDashboardKind, type PackagedDashboardKind } from "../core/dashboards/packaged.js";
import type { ZipSource } from "../core/source/zip.js";

export { DEFAULT_MAX_FILE_BYTES };

/** Files worth opening when a directory is walked; named files are always opened. */
// `.tfstate`: Terraform's state file, read for the IAM it holds (src/core/iam/terraform-plan.ts).
// `.ndjson`, `.jsonl`: JSON Lines, as Kibana exports its saved objects (a dashboard among them).
// `.workbook`: an Azure Monitor workbook's JSON, as Microsoft's gallery (Application-Insights-Workbooks)
// keeps them: a format not read, so one of a coding tool's use must fail closed, not pass unopened.
// `.lookml`: Looker's LookML dashboards (`*.dashboard.lookml`, YAML), likewise a format not read.
const CANDIDATE_EXTENSIONS = new Set([".json", ".yaml", ".yml", ".template", ".tfstate", ".ndjson", ".jsonl", ".workbook", ".lookml"]);
// `.terraform`: what `terraform init` installed (providers, remote modules); a module there is read
// through the call that installed it (.terraform/modules/modules.json), not as a configuration.
const SKIPPED_DIRS = new Set(["node_modules", ".git", ".terraform"]);

export interface ParsedFile extends ParsedSource {
  file: string;
  /** Named on the command line (an unrecognized one is an error) rather than found by walking. */
  explicit: boolean;
  /** JSON text only: its first name given twice in one object (found when asked: most inputs never need it). */
  repeatedName?: () => { line: number; message: string } | undefined;
}

export interface CollectedInputs {
  files: ParsedFile[];
  /** cdk.out directories (cloud assemblies), read as a whole. */
  assemblies: string[];
  errors: InputError[];
  /** Walked files that could not be parsed and do not look like an input. */
  skipped: number;
  /** Terraform files that may declare a dashboard. */
  terraform: { file: string; text: string }[];
  /**
   * Terraform module directories whose files declare IAM (`aws_iam_`): every `.tf` of the
   * directory (Terraform merges them), and its variable files.
   */
  terraformModules: TerraformModuleDir[];
  /** Terragrunt configurations (`terragrunt.hcl`): module calls whose inputs are not followed. */
  terragrunt: { file: string; text: string }[];
  /** Jsonnet sources (`.jsonnet`, `.libsonnet`): not evaluated, looked at for an adoption dashboard they build. */
  jsonnet: { file: string; text: string; explicit: boolean }[];
  /** Tableau workbooks (`.twb`, XML): not read, looked at for an adoption dashboard they hold. */
  tableau: { file: string; text: string; explicit: boolean }[];
  /**
   * Dashboards packaged as zip archives (Power BI `.pbix`/`.pbit`, Tableau `.twbx`): opened with
   * `readZipFile` when judged, by position (only the directory and the report are read).
   */
  packaged: { file: string; kind: PackagedDashboardKind; explicit: boolean }[];
}

export interface TerraformModuleDir {
  dir: string;
  files: { file: string; text: string }[];
  /** `terraform.tfvars` and `*.auto.tfvars` (what `terraform plan` reads by itself), in Terraform's order. */
  autoVarFiles: { file: string; text: string }[];
  /** The directory's other `.tfvars` files (given with `-var-file`). */
  otherVarFiles: { file: string; text: string }[];
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory (or a broken link)";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ELOOP":
      return "a link that leads back to itself (ELOOP)";
    default:
      return code ?? errorMessage(error);
  }
}

export async function isCloudAssembly(dir: string): Promise<boolean> {
  let text: string;
  try {
    text = withoutByteOrderMark(decodeText(readFileSync(path.join(dir, "manifest.json"))));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    // A manifest that exists but cannot be read is reported when the assembly is read.
    return true;
  }
  try {
    const manifest = JSON.parse(text) as { artifacts?: unknown };
    return typeof manifest === "object" && manifest !== null && typeof manifest.artifacts === "object";
  } catch {
    // One that does not parse is a cloud assembly's when it names artifacts (a merge conflict
    // committed in cdk.out: reported when the assembly is read). A web app's or a browser
    // extension's manifest.json (comments, cut short) is not: its directory is walked as any other.
    return /"artifacts"\s*:/.test(text);
  }
}

/**
 * A file met while walking that is no input and cannot be parsed either (a Helm template, a
 * multi-document Kubernetes manifest): skipped like any other file that is no input.
 */
export const NOT_AN_INPUT = Symbol("not an input");

export async function readParsedFile(file: string, maxBytes: number, explicit: true): Promise<ParsedFile | InputError>;
export async function readParsedFile(file: string, maxBytes: number, explicit: boolean): Promise<ParsedFile | InputError | typeof NOT_AN_INPUT>;
export async function readParsedFile(file: string, maxBytes: number, explicit: boolean): Promise<ParsedFile | InputError | typeof NOT_AN_INPUT> {
  tuneForLongRun();
  let text: string | undefined;
  try {
    const info = statSync(file);
    if (info.size > maxBytes) {
      const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
      return { file, message: `file is ${mb(info.size)} MB, over the ${mb(maxBytes)} MB limit (raise it with --max-file-size)` };
    }
    // One read into one flat string, decoded byte for byte when ASCII (account dumps and templates
    // nearly always are): readFile(file, "utf8") validated and decoded it in pieces that the first
    // look at the text joined again, a few milliseconds of every 5 MB input.
    text = decodeText(readFileSync(file));
    // Not `text.trim()`: that copies a whole account dump to learn it is not blank. A named empty
    // file is an error; one met while walking (a placeholder secrets.json, an empty template) holds nothing to judge: skipped.
    if (/^\s*$/.test(text)) return explicit ? { file, message: "file is empty" } : NOT_AN_INPUT;
    const body = withoutByteOrderMark(text);
    // The YAML parser (the yaml package) loads with the first YAML file: JSON inputs do without it.
    if (detectFormat(body) === "json") return { ...parseJsonInput(body), file, explicit, repeatedName: () => repeatedNameIn(body) };
    const parsed = (await import("../core/source/yaml.js")).parseYaml(body, { listUnknownTags: !explicit });
    return { ...parsed, file, explicit };
  } catch (error) {
    if (error instanceof SourceParseError) {
      // A walked file that fails to parse is an input's error only when it may be one.
      if (!explicit && text !== undefined && !mayBeInputText(text)) return NOT_AN_INPUT;
      return { file, ...(error.line ? { line: error.line } : {}), message: error.message };
    }
    if (isTooDeep(error)) return { file, message: `cannot be parsed: ${TOO_DEEP}` };
    return { file, message: `cannot read: ${describeFsError(error)}` };
  }
}

/** The JSON a text is, or undefined when it is not JSON (Jsonnet's own syntax). */
function plainJson(text: string): ParsedSource | undefined {
  try {
    return parseJsonInput(text);
  } catch (error) {
    if (error instanceof SourceParseError) return undefined;
    throw error;
  }
}

/** A Jsonnet source or library (Grafonnet dashboards are written in it). */
const isJsonnetFile = (name: string): boolean => /\.(jsonnet|libsonnet)$/i.test(name);

/** A Tableau workbook (`.twb`, XML; a `.twbx`, the zip that packages one, is a packaged dashboard). */
const isTableauWorkbook = (name: string): boolean => /\.twb$/i.test(name);

/** Terragrunt's configuration of a unit (its HCL form; `root.hcl` and other includes are read through it by Terragrunt). */
const isTerragruntFile = (name: string): boolean => name.toLowerCase() === "terragrunt.hcl";

/** Terraform's files, and OpenTofu's own (`.tofu`, read in place of a `.tf` of the same name). */
const isTerraformFile = (name: string): boolean => /\.(tf|tofu)(\.json)?$/i.test(name);

/** A Terraform file's text, or why it cannot be read. */
/** A file's text (Terraform, Terragrunt, Jsonnet: files read as text, not parsed here). */
function readTerraformText(file: string, maxBytes: number): { file: string; text: string } | InputError {
  try {
    if (statSync(file).size > maxBytes) return { file, message: `file is over the ${(maxBytes / (1024 * 1024)).toFixed(1)} MB limit (raise it with --max-file-size)` };
    return { file, text: withoutByteOrderMark(decodeText(readFileSync(file))) };
  } catch (error) {
    return { file, message: `cannot read: ${describeFsError(error)}` };
  }
}

const isVarFile = (name: string): boolean => /\.tfvars(\.json)?$/i.test(name);

/**
 * A called module's `.tf` files (no var files: Terraform reads those for the root module only), a
 * `.tofu` file in place of the `.tf` of the same name; or why its directory cannot be read.
 */
export function readTerraformModuleDir(dir: string, maxBytes: number): { files: { file: string; text: string }[] } | { error: string } {
  let names: string[];
  try {
    names = readdirSync(dir).filter(isTerraformFile).sort(compareText);
  } catch (error) {
    return { error: `cannot list its directory ${dir}: ${describeFsError(error)}` };
  }
  const files: { file: string; text: string }[] = [];
  for (const name of names) {
    const got = readTerraformText(path.join(dir, name), maxBytes);
    if (!("text" in got)) return { error: `${got.file}: ${got.message}` };
    files.push(got);
  }
  return { files: withoutShadowedTf(files) };
}

/** A `.tofu` file is read in place of the `.tf` of the same name, as OpenTofu does. */
function withoutShadowedTf<T extends { file: string }>(files: readonly T[]): T[] {
  const tofu = new Set(files.filter((f) => /\.tofu$/i.test(f.file)).map((f) => f.file.replace(/\.tofu$/i, ".tf")));
  return files.filter((f) => !tofu.has(f.file));
}

/**
 * The module directories among the Terraform files read: those where a file declares IAM, with
 * every other `.tf` of the directory (read here when the walk did not: a file named alone) and
 * its variable files. A `.tofu` file is read in place of the `.tf` of the same name, as OpenTofu does.
 */
function terraformModules(read: Map<string, { file: string; text: string }[]>, maxBytes: number, errors: InputError[]): TerraformModuleDir[] {
  const out: TerraformModuleDir[] = [];
  for (const [dir, files] of [...read].sort(([a], [b]) => compareText(a, b))) {
    if (!files.some((f) => mayHoldTerraformIam(f.text) || mayCallTerraformModule(f.text))) continue;
    const have = new Set(files.map((f) => path.basename(f.file)));
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort(compareText);
    } catch (error) {
      errors.push({ file: dir, message: `cannot list directory: ${describeFsError(error)}; the module's other Terraform files were not read (fail closed)` });
    }
    const all = [...files];
    const autoVarFiles: { file: string; text: string }[] = [];
    const otherVarFiles: { file: string; text: string }[] = [];
    for (const name of names) {
      const wantedTf = isTerraformFile(name) && !have.has(name);
      if (!wantedTf && !isVarFile(name)) continue;
      const got = readTerraformText(path.join(dir, name), maxBytes);
      if (!("text" in got)) {
        errors.push(got);
        continue;
      }
      if (wantedTf) all.push(got);
      else if (/^terraform\.tfvars(\.json)?$/i.test(name) || /\.auto\.tfvars(\.json)?$/i.test(name)) autoVarFiles.push(got);
      else otherVarFiles.push(got);
    }
    // terraform.tfvars first, then *.auto.tfvars in lexical order (Terraform's own order).
    autoVarFiles.sort((a, b) => Number(!/^terraform\./i.test(path.basename(a.file))) - Number(!/^terraform\./i.test(path.basename(b.file))) || compareText(a.file, b.file));
    out.push({ dir, files: withoutShadowedTf(all).sort((a, b) => compareText(a.file, b.file)), autoVarFiles, otherVarFiles });
  }
  return out;
}

export async function collectInputs(paths: string[], maxBytes: number = DEFAULT_MAX_FILE_BYTES): Promise<CollectedInputs> {
  const out: CollectedInputs = { files: [], assemblies: [], errors: [], skipped: 0, terraform: [], terraformModules: [], terragrunt: [], jsonnet: [], tableau: [], packaged: [] };
  const terraformRead = new Map<string, { file: string; text: string }[]>();
  // Each directory is walked once, known by device and inode: whatever leads back to one (a bind
  // mount of a parent, a path given twice) cannot walk it again.
  const walked = new Set<string>();
  const visit = async (target: string, explicit: boolean, root: string): Promise<void> => {
    let info;
    try {
      info = statSync(target);
    } catch (error) {
      out.errors.push({ file: target, message: `cannot read: ${describeFsError(error)}` });
      return;
    }
    // Reading a named pipe met while walking waits for a writer that never comes: only a path
    // given by name is read whatever it is (`scan <(cat template.json)` passes a pipe).
    if (!explicit && !info.isFile() && !info.isDirectory()) {
      out.errors.push({ file: target, message: "not a regular file (a named pipe, socket or device): not read (fail closed); give it by name to read it" });
      return;
    }
    if (info.isDirectory()) {
      // A file system without inode numbers (0 for all) is known by the resolved path instead:
      // skipping a directory never walked would pass what it holds.
      const identity = info.ino ? `${info.dev}:${info.ino}` : `path:${resolvedPath(target)}`;
      if (walked.has(identity)) return;
      walked.add(identity);
      if (await isCloudAssembly(target)) {
        out.assemblies.push(target);
        return;
      }
      let entries;
      try {
        entries = readdirSync(target, { withFileTypes: true });
      } catch (error) {
        out.errors.push({ file: target, message: `cannot list directory: ${describeFsError(error)}` });
        return;
      }
      for (const entry of entries.sort((a, b) => compareText(a.name, b.name))) {
        if (SKIPPED_DIRS.has(entry.name)) continue;
        const child = path.join(target, entry.name);
        const worthOpening = entry.isDirectory() || CANDIDATE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()) || isTerraformFile(entry.name) || isTerragruntFile(entry.name) || isJsonnetFile(entry.name) || isTableauWorkbook(entry.name) || packagedDashboardKind(entry.name);
        if (worthOpening && notUtf8Name(entry.name, child)) {
          out.errors.push({ file: child, message: "its name is not UTF-8 text: not read (fail closed); rename it in UTF-8" });
          continue;
        }
        if (entry.isDirectory()) await visit(child, false, root);
        else if (entry.isSymbolicLink() && isDirectory(child)) {
          // A link to a directory is not followed, whatever its name: what it links to in the tree
          // is walked by its own path, and following it walked forever (`infra/loop.json -> .`,
          // which a pull request can add). One leading out of the tree holds what the scan never
          // reads (a monorepo's `infra/shared -> ../../shared`): an error, as a link to a file there
          // is, unless another path of the scan holds it (`scan infra shared`: walked there).
          if (!(await isWithinAny(paths, child))) out.errors.push({ file: child, message: `a link to a directory outside ${root}: not walked (fail closed); scan the directory it links to by its own path` });
        } else if (worthOpening) {
          // A link found while walking is read only when it stays in the tree being scanned: a
          // pull request must not make a CI scan read (and quote in its errors) files elsewhere.
          if (entry.isSymbolicLink() && !(await isWithin(root, child))) {
            out.errors.push({ file: child, message: `a link to a file outside ${root}: not read (fail closed); scan the file it links to by its own path` });
            continue;
          }
          await visit(child, false, root);
        }
      }
      return;
    }
    if (isJsonnetFile(target)) {
      const read = readTerraformText(target, maxBytes);
      if (!("text" in read)) {
        out.errors.push(read);
        return;
      }
      // Jsonnet is a superset of JSON: a file of plain JSON (a dashboard a mixin imports) is read as it is.
      const json = detectFormat(read.text) === "json" ? plainJson(read.text) : undefined;
      if (json) out.files.push({ ...json, file: target, explicit, repeatedName: () => repeatedNameIn(read.text) });
      else out.jsonnet.push({ ...read, explicit });
      return;
    }
    if (isTableauWorkbook(target)) {
      const read = readTerraformText(target, maxBytes);
      if ("text" in read) out.tableau.push({ ...read, explicit });
      else out.errors.push(read);
      return;
    }
    const packaged = packagedDashboardKind(target);
    if (packaged) {
      out.packaged.push({ file: target, kind: packaged, explicit });
      return;
    }
    if (isTerragruntFile(path.basename(target))) {
      const read = readTerraformText(target, maxBytes);
      if ("text" in read) out.terragrunt.push(read);
      else out.errors.push(read);
      return;
    }
    if (isTerraformFile(target)) {
      const read = readTerraformText(target, maxBytes);
      if (!("text" in read)) {
        out.errors.push(read);
        return;
      }
      const dashboard = mayHoldTerraformDashboard(read.text);
      if (dashboard) out.terraform.push(read);
      const dir = path.dirname(target);
      terraformRead.set(dir, [...(terraformRead.get(dir) ?? []), read]);
      if (explicit && !dashboard && !mayHoldTerraformIam(read.text) && !mayCallTerraformModule(read.text)) {
        out.errors.push({ file: target, message: "not a recognized input: a Terraform file is read for its IAM (aws_iam_ resources and policy documents, and the modules it calls) and its dashboard resources (aws_cloudwatch_dashboard, grafana_dashboard, grafana_apps_dashboard_dashboard_<version>, datadog_dashboard(_json), newrelic_one_dashboard(_json), google_monitoring_dashboard), and this one declares neither" });
      }
      return;
    }
    const parsed = await readParsedFile(target, maxBytes, explicit);
    if (parsed === NOT_AN_INPUT) out.skipped++;
    else if ("value" in parsed) out.files.push(parsed);
    else out.errors.push(parsed);
  };
  for (const p of paths) await visit(p, true, p);
  out.terraformModules = terraformModules(terraformRead, maxBytes, out.errors);
  return out;
}

/**
 * A zip archive opened by position (its central directory and the members asked for, not the whole
 * file: a Power BI report of imported data is hundreds of megabytes), given to `use`; or why the
 * file cannot be opened. The descriptor is closed whatever `use` does.
 */
export function readZipFile<T>(file: string, use: (source: ZipSource) => T): { value: T } | { error: InputError } {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    return { error: { file, message: `cannot read: ${describeFsError(error)}` } };
  }
  try {
    const size = fstatSync(fd).size;
    const source: ZipSource = {
      size,
      read: (offset, length) => {
        const bytes = Buffer.alloc(length);
        let got = 0;
        // readSync may return fewer bytes than asked: read until the range is whole or the file ends.
        while (got < length) {
          const n = readSync(fd, bytes, got, length - got, offset + got);
          if (n === 0) break;
          got += n;
        }
        return bytes.subarray(0, got);
      },
    };
    return { value: use(source) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) return { error: { file, message: `cannot read: ${describeFsError(error)}` } };
    throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * Why a file a cloud assembly names (a stack's template, a nested stack's, an asset manifest, a
 * nested assembly) is not read, or undefined when it may be: `cdk synth` writes every one inside
 * the assembly's directory, and a manifest or template in a pull request may not make a scan or
 * gate read, judge and quote in its errors other files of the machine. Links are followed.
 */
export async function outsideAssembly(root: string, file: string, what: string): Promise<string | undefined> {
  return (await isWithin(root, file)) ? undefined : `${what} ${file} is outside the cloud assembly ${root}: not read (fail closed)`;
}

/** The path with links resolved; a path that does not resolve (it does not exist) as given. */
function resolvedPath(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * A name listed in a directory that is not UTF-8 (Linux keeps names as bytes: `café` written in
 * Latin-1 by an archive made on Windows): Node gives it with U+FFFD in place of what it could not
 * decode, and that name opens no file. Said so, not "no such file", for a file that is there.
 */
function notUtf8Name(name: string, listed: string): boolean {
  return name.includes("\uFFFD") && lstatSync(listed, { throwIfNoEntry: false }) === undefined;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    // Unreadable (a dangling link, a loop): reading it reports why.
    return false;
  }
}

/** Whether `file` is inside one of `roots` (isWithin). */
async function isWithinAny(roots: readonly string[], file: string): Promise<boolean> {
  for (const root of roots) if (await isWithin(root, file)) return true;
  return false;
}

/**
 * Whether `file` is `root` or inside it, links followed on both. A file that does not exist is
 * placed by its path (reading it fails anyway); a root that cannot be resolved holds nothing.
 */
export async function isWithin(root: string, file: string): Promise<boolean> {
  let realRoot: string;
  try {
    realRoot = realpathSync.native(root);
  } catch {
    return false;
  }
  const relative = path.relative(realRoot, resolvedPath(file));
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}
