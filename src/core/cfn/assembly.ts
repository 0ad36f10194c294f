/**
 * A CDK cloud assembly (cdk.out) from its parsed `manifest.json`: the stacks with their template
 * files, tags, environment, stage path and termination protection, and nested stage assemblies.
 */
import path from "node:path";
import type { InputError } from "../finding.js";
import { isRecord } from "../is-record.js";

export interface AssemblyStack {
  artifactId: string;
  stackName: string;
  templateFile: string;
  tags: Record<string, string>;
  account?: string;
  region?: string;
  terminationProtection: boolean;
  stagePath?: string;
  /** Construct path → logical id of the stack's resources, from the manifest's inline metadata. */
  logicalIds: [path: string, logicalId: string][];
  /** Source hash → path of the file assets the manifest's inline metadata lists (fileAssetsOf). */
  fileAssets?: [hash: string, path: string][];
  /** The metadata CDK writes beside the manifest (`additionalMetadataFile`), to read for more. */
  metadataFile?: string;
}

/** `aws:cdk:logicalId` entries of an artifact's metadata (`{ "/Stack/Table/Resource": [{ type, data }] }`), paths without the leading slash. */
export function logicalIdsOf(metadata: unknown): [path: string, logicalId: string][] {
  if (!isRecord(metadata)) return [];
  const out: [string, string][] = [];
  for (const [key, entries] of Object.entries(metadata)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (isRecord(entry) && entry["type"] === "aws:cdk:logicalId" && typeof entry["data"] === "string") out.push([key.replace(/^\//, ""), entry["data"]]);
    }
  }
  return out;
}

/**
 * The file assets an artifact's metadata lists (`aws:cdk:asset` entries, what CDK v1's synthesizer
 * and v2's LegacyStackSynthesizer write instead of an asset manifest): source hash → path in the
 * assembly. A nested stack's template is one, named in its TemplateURL only by the asset
 * parameters `AssetParameters<hash>S3Bucket…` (nestedStackFiles).
 */
export function fileAssetsOf(metadata: unknown): [hash: string, path: string][] {
  if (!isRecord(metadata)) return [];
  const out: [string, string][] = [];
  for (const entries of Object.values(metadata)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const data = isRecord(entry) && entry["type"] === "aws:cdk:asset" ? entry["data"] : undefined;
      if (!isRecord(data) || data["packaging"] !== "file" || typeof data["path"] !== "string") continue;
      for (const key of ["sourceHash", "id"]) if (typeof data[key] === "string") out.push([data[key], data["path"]]);
    }
  }
  return out;
}

function environment(env: unknown): { account?: string; region?: string } {
  const m = typeof env === "string" ? /^aws:\/\/([^/]+)\/(.+)$/.exec(env) : null;
  if (!m) return {};
  const account = m[1] && /^\d{12}$/.test(m[1]) ? m[1] : undefined;
  const region = m[2] && !m[2].startsWith("unknown-") ? m[2] : undefined;
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

export function readAssemblyManifest(manifest: unknown, dir: string): { stacks: AssemblyStack[]; nestedAssemblies: string[]; errors: InputError[] } {
  const file = path.join(dir, "manifest.json");
  const stacks: AssemblyStack[] = [];
  const nestedAssemblies: string[] = [];
  const errors: InputError[] = [];
  if (!isRecord(manifest) || !isRecord(manifest["artifacts"])) {
    return { stacks, nestedAssemblies, errors: [{ file, message: "not a cloud assembly manifest: no artifacts" }] };
  }
  for (const [artifactId, artifact] of Object.entries(manifest["artifacts"])) {
    if (!isRecord(artifact)) {
      // It may have been a stack: unreadable, not skipped.
      errors.push({ file, message: `artifact ${artifactId} is not an object` });
      continue;
    }
    const props = isRecord(artifact["properties"]) ? artifact["properties"] : {};
    if (artifact["type"] === "cdk:cloud-assembly") {
      if (typeof props["directoryName"] === "string") nestedAssemblies.push(path.join(dir, props["directoryName"]));
      else errors.push({ file, message: `nested assembly ${artifactId} has no directoryName` });
      continue;
    }
    if (artifact["type"] !== "aws:cloudformation:stack") continue;
    if (typeof props["templateFile"] !== "string") {
      errors.push({ file, message: `stack ${artifactId} has no templateFile` });
      continue;
    }
    const tags = isRecord(props["tags"]) ? Object.fromEntries(Object.entries(props["tags"]).filter((e): e is [string, string] => typeof e[1] === "string")) : {};
    const env = environment(artifact["environment"]);
    const fileAssets = fileAssetsOf(artifact["metadata"]);
    stacks.push({
      artifactId,
      stackName: typeof props["stackName"] === "string" ? props["stackName"] : artifactId,
      templateFile: path.join(dir, props["templateFile"]),
      tags,
      ...env,
      // CDK writes the property only when protection is on.
      terminationProtection: props["terminationProtection"] === true,
      ...(typeof artifact["displayName"] === "string" ? { stagePath: artifact["displayName"] } : {}),
      logicalIds: logicalIdsOf(artifact["metadata"]),
      ...(fileAssets.length > 0 ? { fileAssets } : {}),
      ...(typeof artifact["additionalMetadataFile"] === "string" ? { metadataFile: path.join(dir, artifact["additionalMetadataFile"]) } : {}),
    });
  }
  return { stacks, nestedAssemblies, errors };
}

/**
 * The stack that holds a stack's stage: of the stacks of the enclosing assemblies, the innermost
 * whose construct path the stack's path runs through (`Prod-Pipeline` for
 * `Prod-Pipeline/Staging/Service`, a stage CDK Pipelines' pipeline stack adds as its child).
 */
export function enclosingStackPath(stackPath: string | undefined, outerStacks: readonly string[]): string | undefined {
  if (stackPath === undefined) return undefined;
  let best: string | undefined;
  for (const outer of outerStacks) if (stackPath.startsWith(`${outer}/`) && (best === undefined || outer.length > best.length)) best = outer;
  return best;
}
