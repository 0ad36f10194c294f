/**
 * The pull-request replacement gate: read two synthesized templates, or two cloud assemblies
 * (cdk.out), pair their stacks by artifact id (stage assemblies and nested stacks included), get
 * each pair's change impact from the adapter over `@aws-cdk/cloudformation-diff`, and judge the
 * predicted change sets with `changeset-destroys-prod`. Used by `diff` and `changeset --template-diff`.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { readAssemblyManifest } from "../core/cfn/assembly.js";
import { countChanges, sameTags, STACK_SET_TYPE, type StackScope } from "../core/cfn/changeset.js";
import { evaluateChangeSet } from "../core/cfn/changeset-destroys-prod.js";
import { diffStackPair, type StackPair, type TemplateSide } from "../core/cfn/changeset-template-diff.js";
import { expandForEach } from "../core/cfn/foreach.js";
import { evidenceAt, inputErrorAt, type Evidence, type Finding, type InputError } from "../core/finding.js";
import type { Policy } from "../core/policy.js";
import type { Report } from "../report/index.js";
import { UsageError } from "./common.js";
import { DEFAULT_MAX_FILE_BYTES, isWithin, outsideAssembly, readParsedFile } from "./inputs.js";
import { localLocation } from "../core/cfn/nested-stacks.js";
import { locationText, nestedStackLocations, resourceTagsOf } from "../core/cfn/template.js";
import type { ResourceTags } from "../core/production.js";
import { collectStrings } from "../core/collect-strings.js";
import { isRecord } from "../core/is-record.js";
import { childPointer } from "../core/source/pointer.js";
import { parseEmbeddedText } from "../core/source/json.js";
import { detectFormat, withoutByteOrderMark } from "../core/source/source.js";

type ImpactAdapter = typeof import("../aws/template-impact.js");

/** One stack as read from disk, with its nested stacks' templates. */
interface ReadStack {
  key: string;
  stackName: string;
  tags: Record<string, string>;
  /** A CDK stack's resources' tags (assembly stacks only: StackFacts.resourceTags). */
  resourceTags?: ResourceTags[];
  account?: string;
  region?: string;
  terminationProtection?: boolean;
  /** Where the assembly manifest writes the stack's tags and environment (absent for template files). */
  scopeEvidence?: { tags: Evidence; account: Evidence };
  side: TemplateSide;
  /** Nested stacks by the logical id of their AWS::CloudFormation::Stack resource; null = its template was not found or not read. */
  nested: Record<string, ReadStack | null>;
}

async function readSide(file: string, errors: InputError[]): Promise<TemplateSide | undefined> {
  const parsed = await readParsedFile(file, DEFAULT_MAX_FILE_BYTES, true);
  if (!("value" in parsed)) {
    errors.push({ ...parsed, message: `cannot read template: ${parsed.message}` });
    return undefined;
  }
  // Fn::ForEach loops as CloudFormation expands them: a resource a loop stops making is removed.
  const expanded = expandForEach({ file, value: parsed.value, lineOf: parsed.lineOf });
  errors.push(...expanded.errors);
  return expanded.openLoops.length ? { ...expanded.input, openLoops: expanded.openLoops } : expanded.input;
}

/** S3 object key (as a template's TemplateURL ends) → local file, from the assembly's asset manifests. */
type AssetFiles = Map<string, string>;

/**
 * The local template of a nested stack: CDK's `aws:asset:path` metadata when the CLI wrote it,
 * else the asset whose object key ends the resource's TemplateURL (what every synth writes).
 */
function nestedTemplateFile(resource: Record<string, unknown>, dir: string, assets: AssetFiles): string | undefined {
  const asset = isRecord(resource["Metadata"]) ? resource["Metadata"]["aws:asset:path"] : undefined;
  if (typeof asset === "string") return path.join(dir, asset);
  const url = isRecord(resource["Properties"]) ? resource["Properties"]["TemplateURL"] : undefined;
  for (const text of collectStrings(url)) {
    const file = assets.get(text.slice(text.lastIndexOf("/") + 1));
    if (file) return file;
  }
  return undefined;
}

/**
 * Nested stack templates of a template, recursively; a nested stack whose template is not found
 * is left out (the rule then fails closed on any change to it). `root`, for two template files:
 * their nested templates are the local paths `aws cloudformation package` and `sam` read (SAM's
 * AWS::Serverless::Application too), read only inside that directory. There a URL's content can
 * change while the parent's text does not, so a nested stack that is not read is an input error.
 */
async function readNested(side: TemplateSide, key: string, assets: AssetFiles, errors: InputError[], sites: BodySites, depth: number, root?: string, assembly?: string): Promise<Record<string, ReadStack | null>> {
  const nested: Record<string, ReadStack | null> = await readStackSets(side, key, assets, errors, sites, depth, root, assembly);
  const resources = isRecord(side.value) && isRecord(side.value["Resources"]) ? side.value["Resources"] : {};
  for (const nestedStack of nestedStackLocations(side.value)) {
    const { resourceId: id, type, location, pointer, property } = nestedStack;
    const r = resources[id];
    if (!isRecord(r) || (root === undefined && type !== "AWS::CloudFormation::Stack")) continue;
    nested[id] = null;
    const at = (message: string) => errors.push(inputErrorAt(side.file, pointer, side.lineOf, `nested stack ${id} (${type}): ${message}`));
    const local = root === undefined ? undefined : localLocation(side, id, location);
    const file = root === undefined ? nestedTemplateFile(r, path.dirname(side.file), assets) : local === undefined ? undefined : path.join(path.dirname(side.file), local);
    if (!file) {
      if (root === undefined) continue;
      at(`its template (${locationText(nestedStack)}) is not read, so what the change does to its resources cannot be told (fail closed): compare the templates whose ${property} is a local path (before \`aws cloudformation package\` or \`sam package\`), or two cdk.out directories`);
      continue;
    }
    // A template may not make the gate read, and quote in its errors, other files of the machine.
    if (root !== undefined && !(await isWithin(root, file))) {
      at(`its template ${local ?? file} is outside ${root}: not read (fail closed)`);
      continue;
    }
    const outside = assembly === undefined ? undefined : await outsideAssembly(assembly, file, "its template");
    if (outside) {
      at(outside);
      continue;
    }
    if (depth >= 10) {
      errors.push({ file: side.file, message: `nested stack ${id} deeper than 10 levels not read` });
      continue;
    }
    const inner = await readSide(file, errors);
    if (!inner) continue;
    nested[id] = { key: `${key}/${id}`, stackName: "", tags: {}, side: inner, nested: await readNested(inner, `${key}/${id}`, assets, errors, sites, depth + 1, root, assembly) };
  }
  return nested;
}

/** Where a stack set's TemplateBody is written, by the file name its body is read under (`parent#pointer`). */
type BodySites = Map<string, { file: string; pointer: string; line?: number }>;

/**
 * The templates of a template's stack sets, as nested stacks: the stack set deploys its template
 * as a stack in each of its accounts and Regions and updates them all with it, so a resource the
 * body drops or replaces goes in every one. A TemplateBody written out is read (its evidence cited
 * at the TemplateBody: `sites`); a TemplateURL in an assembly is its asset, as for a nested stack.
 * One not read (an intrinsic, an S3 URL) is left out: the rule fails closed on a change to it,
 * and for two template files an unread TemplateURL is an input error (its content can change
 * while the text does not).
 */
async function readStackSets(side: TemplateSide, key: string, assets: AssetFiles, errors: InputError[], sites: BodySites, depth: number, root?: string, assembly?: string): Promise<Record<string, ReadStack | null>> {
  const nested: Record<string, ReadStack | null> = {};
  const resources = isRecord(side.value) && isRecord(side.value["Resources"]) ? side.value["Resources"] : {};
  for (const [id, r] of Object.entries(resources)) {
    if (!isRecord(r) || r["Type"] !== STACK_SET_TYPE) continue;
    nested[id] = null;
    const props = isRecord(r["Properties"]) ? r["Properties"] : {};
    const [body, url] = [props["TemplateBody"], props["TemplateURL"]];
    const pointer = childPointer("/Resources", id, "Properties", body !== undefined ? "TemplateBody" : "TemplateURL");
    const at = (message: string) => errors.push(inputErrorAt(side.file, pointer, side.lineOf, `stack set ${id}: ${message}`));
    if (depth >= 10) {
      at("nested deeper than 10 levels: not read");
      continue;
    }
    let inner: TemplateSide | undefined;
    if (typeof body === "string") {
      if (detectFormat(withoutByteOrderMark(body)) === "yaml") await import("../core/source/yaml.js");
      const read = parseEmbeddedText(body);
      if ("why" in read) {
        at(`its TemplateBody ${read.why}, so what the change does to the stacks it deploys cannot be told (fail closed)`);
        continue;
      }
      const line = side.lineOf?.(pointer);
      const file = `${side.file}#${pointer}`;
      sites.set(file, { file: side.file, pointer, ...(line !== undefined ? { line } : {}) });
      const expanded = expandForEach({ file, value: read.parsed.value, lineOf: () => line });
      errors.push(...expanded.errors);
      inner = expanded.openLoops.length ? { ...expanded.input, openLoops: expanded.openLoops } : expanded.input;
    } else if (body === undefined && url !== undefined) {
      const file = root === undefined ? nestedTemplateFile(r, path.dirname(side.file), assets) : undefined;
      if (file === undefined) {
        if (root !== undefined) at(`its template (${locationText({ location: url, property: "TemplateURL" })}) is not read, so what the change does to the stacks it deploys cannot be told (fail closed): write it as TemplateBody, or compare two cdk.out directories`);
        continue;
      }
      const outside = assembly === undefined ? undefined : await outsideAssembly(assembly, file, "its template");
      if (outside) {
        at(outside);
        continue;
      }
      inner = await readSide(file, errors);
    }
    if (!inner) continue;
    // A body's own nested stacks cannot be local files (the stack set deploys it as it is): none are read.
    nested[id] = { key: `${key}/${id}`, stackName: "", tags: {}, side: inner, nested: await readNested(inner, `${key}/${id}`, new Map(), errors, sites, depth + 1, undefined, assembly) };
  }
  return nested;
}

/** Evidence and errors inside a stack set's body, cited at its TemplateBody in the file given (through every body it is in). */
function relocate(sites: BodySites): { evidence: (e: Evidence) => Evidence; error: (e: InputError) => InputError } {
  const evidence = (e: Evidence): Evidence => {
    let out = e;
    for (let site = out.file === undefined ? undefined : sites.get(out.file); site !== undefined; site = out.file === undefined ? undefined : sites.get(out.file)) {
      const { line: _line, ...rest } = out;
      out = { ...rest, file: site.file, pointer: `${site.pointer}${out.pointer ?? ""}`, ...(site.line !== undefined ? { line: site.line } : {}) };
    }
    return out;
  };
  const error = (e: InputError): InputError => {
    const at = evidence({ file: e.file });
    if (at.file === e.file || at.file === undefined) return e;
    const { line: _line, ...rest } = e;
    return { ...rest, file: at.file, ...(at.line !== undefined ? { line: at.line } : {}), message: `stack set body ${at.pointer ?? ""}: ${e.message}` };
  };
  return { evidence, error };
}

/** File assets of an assembly directory (asset manifests listed in its manifest.json); `root`: the outermost assembly's directory. */
async function readAssetFiles(manifest: unknown, dir: string, root: string, errors: InputError[]): Promise<AssetFiles> {
  const files: AssetFiles = new Map();
  const artifacts = isRecord(manifest) && isRecord(manifest["artifacts"]) ? manifest["artifacts"] : {};
  for (const artifact of Object.values(artifacts)) {
    if (!isRecord(artifact) || artifact["type"] !== "cdk:asset-manifest") continue;
    const file = isRecord(artifact["properties"]) ? artifact["properties"]["file"] : undefined;
    if (typeof file !== "string") continue;
    const outside = await outsideAssembly(root, path.join(dir, file), "an asset manifest");
    if (outside) {
      errors.push({ file: path.join(dir, "manifest.json"), message: outside });
      continue;
    }
    const parsed = await readParsedFile(path.join(dir, file), DEFAULT_MAX_FILE_BYTES, true);
    if (!("value" in parsed)) {
      errors.push(parsed);
      continue;
    }
    const entries = isRecord(parsed.value) && isRecord(parsed.value["files"]) ? parsed.value["files"] : {};
    for (const entry of Object.values(entries)) {
      if (!isRecord(entry) || !isRecord(entry["source"]) || typeof entry["source"]["path"] !== "string") continue;
      const local = path.join(dir, entry["source"]["path"]);
      for (const destination of Object.values(isRecord(entry["destinations"]) ? entry["destinations"] : {})) {
        if (isRecord(destination) && typeof destination["objectKey"] === "string") files.set(destination["objectKey"], local);
      }
    }
  }
  return files;
}

/**
 * Every stack of a cloud assembly, keyed by artifact id (prefixed with the stage assembly's
 * directory). `unread` gets the key prefix of each assembly whose manifest could not be read
 * ("" for the root): its stacks are unknown, not absent.
 */
async function readAssemblyStacks(root: string, dir: string, errors: InputError[], sites: BodySites, out: Map<string, ReadStack | undefined>, seen: Set<string>, unread: Set<string>): Promise<void> {
  const resolved = path.resolve(dir);
  if (seen.has(resolved)) return;
  seen.add(resolved);
  const prefix = path.relative(root, dir).split(path.sep).join("/");
  const manifest = await readParsedFile(path.join(dir, "manifest.json"), DEFAULT_MAX_FILE_BYTES, true);
  if (!("value" in manifest)) {
    errors.push({ ...manifest, message: `not a readable cloud assembly (cdk.out): ${manifest.message}` });
    unread.add(prefix);
    return;
  }
  const read = readAssemblyManifest(manifest.value, dir);
  errors.push(...read.errors);
  const assets = await readAssetFiles(manifest.value, dir, root, errors);
  for (const stack of read.stacks) {
    const key = prefix ? `${prefix}/${stack.artifactId}` : stack.artifactId;
    const outside = await outsideAssembly(root, stack.templateFile, `stack ${stack.artifactId}: its template file`);
    if (outside) errors.push({ file: manifest.file, message: outside });
    const side = outside ? undefined : await readSide(stack.templateFile, errors);
    // Unreadable: kept as a key so the other side's stack is neither "removed" nor "added" (the error is reported).
    if (!side) {
      out.set(key, undefined);
      continue;
    }
    const artifact = childPointer("/artifacts", stack.artifactId);
    const tagsPointer = Object.keys(stack.tags).length ? childPointer(artifact, "properties", "tags") : artifact;
    out.set(key, {
      key,
      stackName: stack.stackName,
      tags: stack.tags,
      resourceTags: resourceTagsOf(side.value),
      scopeEvidence: { tags: evidenceAt(manifest.file, tagsPointer, manifest.lineOf), account: evidenceAt(manifest.file, childPointer(artifact, "environment"), manifest.lineOf) },
      ...(stack.account !== undefined ? { account: stack.account } : {}),
      ...(stack.region !== undefined ? { region: stack.region } : {}),
      terminationProtection: stack.terminationProtection,
      side,
      nested: await readNested(side, key, assets, errors, sites, 1, undefined, root),
    });
  }
  for (const nested of read.nestedAssemblies) {
    const outside = await outsideAssembly(root, nested, "a nested assembly's directory");
    if (outside) errors.push({ file: manifest.file, message: outside });
    else await readAssemblyStacks(root, nested, errors, sites, out, seen, unread);
  }
}

/** A stack key inside an assembly directory whose manifest was not read (prefix "" is the root). */
const underUnread = (key: string, unread: ReadonlySet<string>): boolean => [...unread].some((prefix) => prefix === "" || key.startsWith(`${prefix}/`));

/** The head's tags and account when they differ from the base's (what production is decided by). */
function scopeChange(base: ReadStack, head: ReadStack): StackScope | undefined {
  const tagsChanged = !sameTags(base.tags, head.tags);
  // The resources' tags speak for a CDK stack too (`Tags.of(stack)` under explicitStackTags writes only them).
  const resourceTagsChanged = JSON.stringify(base.resourceTags ?? []) !== JSON.stringify(head.resourceTags ?? []);
  if (!tagsChanged && !resourceTagsChanged && base.account === head.account) return undefined;
  const evidence = tagsChanged || base.account !== head.account ? (head.scopeEvidence?.[tagsChanged ? "tags" : "account"] ?? { file: head.side.file, pointer: "" }) : evidenceAt(head.side.file, "/Resources", head.side.lineOf);
  return { tags: head.tags, ...(head.resourceTags ? { resourceTags: head.resourceTags } : {}), ...(head.account !== undefined ? { account: head.account } : {}), evidence };
}

/** Pairs base and head (by key), computing each pair's change impact; nested stacks recursively. */
function pairOf(adapter: ImpactAdapter, base: ReadStack | undefined, head: ReadStack | undefined, parent: { stackName: string; tags: Record<string, string>; resourceTags?: ResourceTags[]; account?: string } | undefined, changedParameters: readonly string[] = []): StackPair {
  const named = head ?? base;
  const deployed = base ?? head;
  if (!named || !deployed) throw new Error("pairOf needs a base or a head");
  const logicalId = named.key.split("/").pop() ?? named.key;
  // Production is decided by the deployed (base) tags and account; the head's, when they differ, are judged too.
  const stack = parent
    ? { stackName: `${parent.stackName}/${logicalId}`, tags: parent.tags, ...(parent.resourceTags ? { resourceTags: parent.resourceTags } : {}), ...(parent.account !== undefined ? { account: parent.account } : {}) }
    : {
        stackName: named.stackName,
        tags: deployed.tags,
        ...(deployed.resourceTags ? { resourceTags: deployed.resourceTags } : {}),
        ...(deployed.account !== undefined ? { account: deployed.account } : {}),
        ...(named.terminationProtection !== undefined ? { terminationProtection: named.terminationProtection } : {}),
      };
  const after = !parent && base && head ? scopeChange(base, head) : undefined;
  const openLoops = { base: base?.side.openLoops ?? [], head: head?.side.openLoops ?? [] };
  const impacts = base && head ? adapter.templateImpacts(base.side.value, head.side.value, { changedParameters, openLoops }) : undefined;
  const nested: Record<string, StackPair> = {};
  for (const id of new Set([...Object.keys(base?.nested ?? {}), ...Object.keys(head?.nested ?? {})])) {
    const [before, after] = [base?.nested[id], head?.nested[id]];
    // A side whose template was not read is not "absent": leave the pair out, the rule fails closed on the parent's change.
    if (before === null || after === null) continue;
    nested[id] = pairOf(adapter, before, after, stack, impacts?.nestedParameters[id] ?? []);
  }
  return {
    id: named.key,
    ...stack,
    ...(after ? { after } : {}),
    ...(base ? { base: base.side } : {}),
    ...(head ? { head: head.side } : {}),
    ...(impacts ? { impacts: impacts.resources, ...(impacts.changedLoops.length ? { changedLoops: impacts.changedLoops } : {}) } : {}),
    nested,
  };
}

async function kindOf(target: string, errors: InputError[]): Promise<"file" | "directory" | undefined> {
  try {
    return statSync(target).isDirectory() ? "directory" : "file";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    errors.push({ file: target, message: `cannot read template or cloud assembly: ${code === "ENOENT" ? "no such file or directory" : (code ?? String(error))}` });
    return undefined;
  }
}

/** Both defined and different: another account or region (an env-agnostic side may deploy anywhere). */
const differs = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a !== b;

/**
 * Base and head stacks to compare, sorted: by artifact id, then a stack only in the base with the
 * one stack only in the head that CloudFormation would update in its place (same stack name,
 * account and region: a construct id changed, the stack did not). Unreadable stacks keep their keys.
 */
function pairKeys(base: Map<string, ReadStack | undefined>, head: Map<string, ReadStack | undefined>): [string | undefined, string | undefined][] {
  const pairs: [string | undefined, string | undefined][] = [];
  const headOnly = new Set([...head.keys()].filter((key) => !base.has(key)));
  const sameStack = (a: ReadStack, b: ReadStack): boolean => a.stackName === b.stackName && !differs(a.account, b.account) && !differs(a.region, b.region);
  for (const key of [...base.keys()].sort()) {
    if (head.has(key)) {
      pairs.push([key, key]);
      continue;
    }
    const stack = base.get(key);
    const candidates = stack ? [...headOnly].filter((k) => { const other = head.get(k); return other !== undefined && sameStack(stack, other); }) : [];
    // Two head stacks with its name: which one CloudFormation updates is not known (fail closed: removed).
    const match = candidates.length === 1 ? candidates[0] : undefined;
    if (match !== undefined) headOnly.delete(match);
    pairs.push([key, match]);
  }
  for (const key of [...headOnly].sort()) pairs.push([undefined, key]);
  return pairs;
}

export interface TemplateDiffOptions {
  /** For two template files: the stack name that decides production scope (default: the head file's name). */
  stackName?: string;
  allowConditional: boolean;
}

/** Resources each stack of the head adds (a new stack: all of its own), by type, as `StackName/LogicalId`. */
function addedByStack(pairs: readonly StackPair[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (type: unknown, at: string): void => {
    if (typeof type === "string") out.set(type, [...(out.get(type) ?? []), at]);
  };
  for (const pair of pairs) {
    if (pair.impacts) for (const r of pair.impacts) if (r.impact === "WILL_CREATE") add(r.newType, `${pair.stackName}/${r.logicalId}`);
    if (pair.base || !pair.head) continue;
    const resources = isRecord(pair.head.value) ? pair.head.value["Resources"] : undefined;
    if (isRecord(resources)) for (const [id, r] of Object.entries(resources)) add(isRecord(r) ? r["Type"] : undefined, `${pair.stackName}/${id}`);
  }
  return out;
}

/** `diff BASE HEAD`: two template files, or two cloud assemblies. */
export async function runTemplateDiff(basePath: string, headPath: string, policy: Policy, options: TemplateDiffOptions): Promise<Report> {
  const errors: InputError[] = [];
  const sites: BodySites = new Map();
  const [baseKind, headKind] = [await kindOf(basePath, errors), await kindOf(headPath, errors)];
  // Without both sides nothing can be judged (a missing side would read as "everything removed").
  if (!baseKind || !headKind) return { findings: [], errors, inputs: 0 };
  if (baseKind !== headKind) throw new UsageError(`compare two template files or two cloud assembly directories: ${basePath} is a ${baseKind}, ${headPath} a ${headKind}`);
  const base = new Map<string, ReadStack | undefined>();
  const head = new Map<string, ReadStack | undefined>();
  const [unreadBase, unreadHead] = [new Set<string>(), new Set<string>()];
  if (baseKind === "directory") {
    if (options.stackName) throw new UsageError("--stack-name applies to two template files; an assembly names its stacks");
    await readAssemblyStacks(basePath, basePath, errors, sites, base, new Set(), unreadBase);
    await readAssemblyStacks(headPath, headPath, errors, sites, head, new Set(), unreadHead);
    if (base.size === 0 && head.size === 0 && errors.length === 0) errors.push({ file: path.join(headPath, "manifest.json"), message: "neither cloud assembly lists a stack" });
  } else {
    const stackName = options.stackName ?? path.basename(headPath).replace(/\.template\.(json|ya?ml)$|\.(json|ya?ml|template)$/i, "");
    for (const [file, into] of [[basePath, base], [headPath, head]] as const) {
      const side = await readSide(file, errors);
      if (side) into.set(stackName, { key: stackName, stackName, tags: {}, side, nested: await readNested(side, stackName, new Map(), errors, sites, 1, path.dirname(file)) });
    }
    // One unreadable side would read as "stack removed" or "stack added": never judge half a pair.
    if (base.size !== 1 || head.size !== 1) return { findings: [], errors: errors.map(relocate(sites).error), inputs: 0 };
  }
  const adapter = await import("../aws/template-impact.js");
  // An AwsCustomResource's calls are judged by the destructive tiers of the action catalogue.
  const { loadCatalogue } = await import("../policy/catalogue.js");
  const catalogue = loadCatalogue();
  const findings: Finding[] = [];
  let compared = 0;
  let changed = 0;
  let byName = 0;
  const removed: string[] = [];
  const pairs: StackPair[] = [];
  /** The head side of stacks judged as removed (renamed, moved): only what they add is read. */
  const newStacks: StackPair[] = [];
  for (const [baseKey, headKey] of pairKeys(base, head)) {
    if ((baseKey !== undefined && !base.get(baseKey)) || (headKey !== undefined && !head.get(headKey))) continue;
    // A stack on one side only, where the other side's assembly that would hold it was not read: not removed, not added.
    if (headKey === undefined && baseKey !== undefined && underUnread(baseKey, unreadHead)) continue;
    if (baseKey === undefined && headKey !== undefined && underUnread(headKey, unreadBase)) continue;
    if (baseKey !== undefined && headKey !== undefined && baseKey !== headKey) byName++;
    const [before, after] = [baseKey === undefined ? undefined : base.get(baseKey), headKey === undefined ? undefined : head.get(headKey)];
    // A new stackName, account or region for the same construct deploys a new stack: the old one,
    // and what it holds, is left to be deleted. (An env-agnostic side may deploy anywhere: not a move.)
    const moved = (field: "account" | "region"): string | undefined => (before && after && differs(before[field], after[field]) ? `${field} ${after[field]}` : undefined);
    const elsewhere = [moved("account"), moved("region")].filter((m): m is string => m !== undefined);
    const gone = before && after && before.stackName !== after.stackName
      ? `is renamed to ${after.stackName} in the head: CloudFormation creates that as a new stack (new, empty resources, or a failed deploy where physical names collide)`
      : before && after && elsewhere.length
        ? `moves to ${elsewhere.join(", ")} in the head: CloudFormation creates it there as a new stack (new, empty resources), and this one is left behind or deleted`
        : undefined;
    const pair = gone ? { ...pairOf(adapter, before, undefined, undefined), removedBecause: gone } : pairOf(adapter, before, after, undefined);
    if (pair.base && !pair.head) removed.push(pair.stackName);
    // A renamed or moved stack is new in the head as well: what it holds is added there.
    if (gone && after) newStacks.push(pairOf(adapter, undefined, after, undefined));
    pairs.push(pair);
  }
  const added = addedByStack([...pairs, ...newStacks]);
  const stateful = new Set(policy.destructive.statefulResourceTypes);
  for (const pair of pairs) {
    compared++;
    const diff = diffStackPair(pair);
    errors.push(...diff.errors);
    if (!diff.facts) continue;
    changed += countChanges(diff.facts);
    // Only where data can be left behind: another stack's new role or permission is no news.
    for (const change of diff.facts.changes) {
      const elsewhere = change.action === "Remove" && stateful.has(change.resourceType) ? (added.get(change.resourceType) ?? []).filter((at) => !at.startsWith(`${pair.stackName}/`)) : [];
      if (elsewhere.length) change.addedInOtherStack = elsewhere;
    }
    findings.push(...evaluateChangeSet(diff.facts, policy, { allowConditional: options.allowConditional, catalogue }));
  }
  const notes = [
    `template diff ${basePath} → ${headPath}: ${compared} stack(s) paired by artifact id${byName ? ` (${byName} by stack name: the construct id changed)` : ""}, ${changed} resource change(s)${removed.length ? `, ${removed.length} stack(s) removed (${removed.join(", ")})` : ""}; change impact from ${adapter.IMPACT_SOURCE}`,
  ];
  const moved = relocate(sites);
  return { findings: findings.map((f) => ({ ...f, evidence: f.evidence.map(moved.evidence) })), errors: errors.map(moved.error), inputs: compared, notes };
}
