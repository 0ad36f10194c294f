/**
 * The modules a Terraform configuration calls, found on disk for src/core/iam/terraform-hcl.ts: a
 * local source (`./modules/agent-role`) is the directory it names; any other (the registry, git,
 * S3) is where `terraform init` installed it, as `.terraform/modules/modules.json` of the root
 * module's directory records by the call's key (`agent`, `agent.role`). A module outside the
 * scanned paths is not read (a pull request must not make the scan read files elsewhere), as
 * file() targets are not.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { terraformModuleCalls, type TerraformModuleSource } from "../core/iam/terraform-hcl.js";
import { isRecord } from "../core/is-record.js";
import { decodeText } from "../core/source/decode.js";
import { withoutByteOrderMark } from "../core/source/source.js";
import { describeFsError, readTerraformModuleDir, type TerraformModuleDir } from "./inputs.js";

/** Module calls deeper than this are not followed (the core says so for the call). */
const MAX_DEPTH = 32;

/** A source Terraform reads as a local directory. */
export const isLocalSource = (source: string): boolean => /^\.\.?([\\/]|$)/.test(source);

/** The directories some walked configuration calls by a local source: judged through their callers. */
export function calledDirectories(walked: readonly TerraformModuleDir[]): Set<string> {
  const out = new Set<string>();
  for (const m of walked) {
    for (const call of terraformModuleCalls(m.files)) if (call.source !== undefined && isLocalSource(call.source)) out.add(path.resolve(m.dir, call.source));
  }
  return out;
}

/** `.terraform/modules/modules.json` of a root module's directory: installed directory by call key. */
function installedModules(root: string): Map<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(withoutByteOrderMark(decodeText(readFileSync(path.join(root, ".terraform", "modules", "modules.json")))));
  } catch {
    // Not initialized (or not readable): its remote modules are not installed here.
    return undefined;
  }
  const out = new Map<string, string>();
  const modules = isRecord(parsed) && Array.isArray(parsed["Modules"]) ? parsed["Modules"] : [];
  for (const m of modules) if (isRecord(m) && typeof m["Key"] === "string" && typeof m["Dir"] === "string") out.set(m["Key"], m["Dir"]);
  return out;
}

/**
 * What each module call of the configuration rooted at `root` leads to, by its key: the
 * directory and its files, or why not. Calls not in the result are not installed.
 */
export async function moduleTree(
  root: TerraformModuleDir,
  walked: ReadonlyMap<string, TerraformModuleDir>,
  within: (file: string) => Promise<boolean>,
  maxBytes: number,
  /** Module directories read outside the walk, shared by the roots: each file read and parsed once. */
  read: Map<string, ReturnType<typeof readTerraformModuleDir>> = new Map(),
): Promise<Map<string, TerraformModuleSource>> {
  const out = new Map<string, TerraformModuleSource>();
  let installed: Map<string, string> | undefined | null = null;
  const visit = async (dir: string, files: readonly { file: string; text: string }[], key: string, chain: readonly string[]): Promise<void> => {
    for (const call of terraformModuleCalls(files)) {
      const k = key ? `${key}.${call.name}` : call.name;
      if (call.source === undefined || out.has(k)) continue;
      let target: string;
      if (isLocalSource(call.source)) target = path.join(dir, call.source);
      else {
        installed ??= installedModules(root.dir);
        const at = installed?.get(k);
        if (at === undefined) continue;
        target = path.join(root.dir, at);
      }
      const resolved = path.resolve(target);
      let isDir: boolean;
      try {
        isDir = statSync(target).isDirectory();
      } catch (error) {
        out.set(k, { error: `its directory ${target} cannot be read: ${describeFsError(error)}`, broken: true });
        continue;
      }
      if (!isDir) {
        out.set(k, { error: `${target} is not a directory`, broken: true });
        continue;
      }
      if (!(await within(target))) {
        out.set(k, { error: `outside the scanned paths (${target}): not read; scan a directory that holds both` });
        continue;
      }
      if (chain.includes(resolved)) {
        out.set(k, { error: `it calls ${target} again, which calls it: Terraform refuses such a loop`, broken: true });
        continue;
      }
      let got = walked.get(resolved) ?? read.get(resolved);
      if (!got) {
        got = readTerraformModuleDir(target, maxBytes);
        read.set(resolved, got);
      }
      if ("error" in got) {
        out.set(k, { error: got.error, broken: true });
        continue;
      }
      out.set(k, { dir: target, files: got.files });
      if (chain.length < MAX_DEPTH) await visit(target, got.files, k, [...chain, resolved]);
    }
  };
  await visit(root.dir, root.files, "", [path.resolve(root.dir)]);
  return out;
}
