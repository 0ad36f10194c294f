/**
 * What the BASE branch's own project files say is infrastructure (DESIGN.md "Two-person review",
 * issue 11 item 12): the folder of every `cdk.json` (and the folders its `app` command runs),
 * `Pulumi.yaml`, `sst.config.ts`, `cdktf.json`, SAM and Serverless templates, Terraform modules and Flux
 * clusters (a folder holding `flux-system/`). Only the folders on the
 * path of a changed file are looked at, in one GraphQL query (aliases), and only when the globs
 * alone did not already make an agent-authored PR an infrastructure PR.
 */
import type { Policy } from "../core/policy.js";
import { agentSignals } from "../core/review/agents.js";
import { provenance } from "../core/review/pushes.js";
import type { InfraRoot, PullFacts } from "../core/review/facts.js";
import { hasUnknownWriters, infraFiles } from "../core/review/two-person-review.js";
import type { GitHubApi } from "./checks/types.js";

/** Folders per query, and at most this many queries (a PR touching more folders fails closed). */
const DIRS_PER_QUERY = 150;
const MAX_QUERIES = 4;

/** File names (lower-case) that make their folder a project of infrastructure code. */
export const PROJECT_FILES: Readonly<Record<string, string>> = {
  "cdk.json": "CDK app",
  "pulumi.yaml": "Pulumi project",
  "pulumi.yml": "Pulumi project",
  "pulumi.json": "Pulumi project",
  "samconfig.toml": "SAM application",
  "samconfig.yaml": "SAM application",
  "samconfig.yml": "SAM application",
  "template.yaml": "SAM/CloudFormation template",
  "template.yml": "SAM/CloudFormation template",
  "template.json": "SAM/CloudFormation template",
  "serverless.yml": "Serverless service",
  "serverless.yaml": "Serverless service",
  "serverless.ts": "Serverless service",
  "serverless.json": "Serverless service",
  "terragrunt.hcl": "Terragrunt module",
  "sst.config.ts": "SST app",
  "sst.config.js": "SST app",
  "sst.config.mjs": "SST app",
  "cdktf.json": "CDK for Terraform app",
  "cdk8s.yaml": "cdk8s app",
  // Kubernetes manifests are deployed from the folder that holds them, whatever it is named.
  "chart.yaml": "Helm chart",
  "helmfile.yaml": "Helmfile",
  "kustomization.yaml": "Kustomize",
  "kustomization.yml": "Kustomize",
  kustomization: "Kustomize",
  "ansible.cfg": "Ansible project",
};

/** Extensions that make their folder a module: Terraform/OpenTofu and Bicep deploy every such file of a folder. */
export const MODULE_EXTENSIONS: readonly string[] = [".tf", ".tf.json", ".tofu", ".tofu.json", ".bicep"];
const MODULE_FILE = new RegExp(`(${MODULE_EXTENSIONS.map((e) => e.replace(/\./g, "\\.")).join("|")})$`, "i");
/** Amplify Gen 2: `amplify/backend.ts` defines the backend (CDK underneath), and its folder holds every resource. */
const AMPLIFY_BACKEND = /^backend\.(ts|js|mjs)$/i;

/**
 * Whether the decision could change with project roots: complete, no glob match, and either
 * agent-authored, written by someone no account identifies (who fails an infrastructure PR too),
 * or force-pushed (the commits it replaced, read only for an infrastructure PR, may be an agent's).
 */
export function needsInfraRoots(facts: PullFacts, policy: Policy, forcePushed = false): boolean {
  if (!facts.filesComplete || !facts.commitsComplete || facts.files.length === 0) return false;
  if (infraFiles(facts, policy.review.infraPaths).length > 0) return false;
  const pushed = provenance(facts, policy.agents);
  return forcePushed || agentSignals(facts, policy.agents).some((s) => s.strong) || hasUnknownWriters(facts, policy) || pushed.signals.length > 0 || pushed.unknown.length > 0;
}

/**
 * Ansible role folders (tasks/ beside meta/, handlers/ or defaults/): the main.yml that Ansible reads
 * in each one makes or unmakes a role. Only that file: `src/handlers/` of Lambda code is no role.
 */
const ROLE_FOLDERS = new Set(["tasks", "meta", "handlers", "defaults"]);
const ROLE_ENTRY = /^main\.ya?ml$/;

/**
 * Whether a push's changes can change which folders of that branch are projects of infrastructure
 * code (as fetchInfraRoots reads them): a project file added or removed, a Terraform/Bicep file
 * added or removed (a module folder appears or goes), an Amplify backend, a Flux bootstrap, an
 * Ansible role's main.yml, or a cdk.json modified (its `app` names the folders it runs).
 */
export function mayChangeInfraRoots(changed: { added: string[]; removed: string[]; modified: string[] }): boolean {
  const name = (p: string) => (p.split("/").pop() ?? "").toLowerCase();
  const appearsOrGoes = (p: string) => {
    const parts = p.split("/");
    const folder = parts.at(-2)?.toLowerCase() ?? "";
    return (
      PROJECT_FILES[name(p)] !== undefined ||
      MODULE_FILE.test(p) ||
      (folder === "amplify" && AMPLIFY_BACKEND.test(name(p))) ||
      parts.slice(0, -1).some((s) => s.toLowerCase() === "flux-system") ||
      (ROLE_FOLDERS.has(folder) && ROLE_ENTRY.test(name(p)))
    );
  };
  return [...changed.added, ...changed.removed].some(appearsOrGoes) || changed.modified.some((p) => name(p) === "cdk.json");
}

/** Every folder on the way to each changed path ("" = the repository root). */
export function ancestorDirs(paths: string[]): string[] {
  const dirs = new Set<string>([""]);
  for (const p of paths) {
    const parts = p.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  return [...dirs].sort();
}

const join = (dir: string, rel: string): string | undefined => {
  const out: string[] = dir === "" ? [] : dir.split("/");
  for (const part of rel.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
};

/** Folders a cdk.json `app` command runs code from (`npx ts-node bin/app.ts`, `python3 ../deploy/app.py`). */
export function cdkAppDirs(cdkJsonText: string, dir: string): string[] {
  let app: unknown;
  try {
    app = (JSON.parse(cdkJsonText) as { app?: unknown }).app;
  } catch {
    return []; // the folder of an unparseable cdk.json is still infrastructure; only the app's is unknown
  }
  if (typeof app !== "string") return [];
  const out = new Set<string>();
  for (const token of app.split(/\s+/)) {
    if (token.startsWith("-") || !(token.includes("/") || /\.(ts|js|mjs|cjs|py|java|go|cs|fs|sh|jar)$/.test(token))) continue;
    const file = join(dir, token.replace(/^["']|["']$/g, ""));
    if (file === undefined) continue;
    const parent = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
    out.add(parent);
  }
  return [...out];
}

interface TreeEntries {
  entries?: { name: string; type: string }[];
}

/** The project roots among the folders of `paths` on the base commit. */
export async function fetchInfraRoots(api: GitHubApi, owner: string, repo: string, baseSha: string, paths: string[]): Promise<InfraRoot[]> {
  const dirs = ancestorDirs(paths);
  const changed = new Set(paths);
  if (dirs.length > DIRS_PER_QUERY * MAX_QUERIES) throw new Error(`the changed files span ${dirs.length} folders: more than ${DIRS_PER_QUERY * MAX_QUERIES} cannot be checked for project files (fail closed)`);
  const roots: InfraRoot[] = [];
  for (let start = 0; start < dirs.length; start += DIRS_PER_QUERY) {
    const batch = dirs.slice(start, start + DIRS_PER_QUERY);
    const fields = batch
      .map((dir, i) => {
        const at = (p: string) => JSON.stringify(`${baseSha}:${p}`);
        return `d${i}: object(expression: ${at(dir)}) { ... on Tree { entries { name type } } }\n c${i}: object(expression: ${at(dir === "" ? "cdk.json" : `${dir}/cdk.json`)}) { ... on Blob { text } }`;
      })
      .join("\n");
    const data = await api.graphql<{ repository: Record<string, (TreeEntries & { text?: string | null }) | null> | null }>(
      `query BaseProjects($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { ${fields} } }`,
      { owner, name: repo },
    );
    if (!data.repository) throw new Error(`${owner}/${repo} not found: cannot read the base branch's project files`);
    batch.forEach((dir, i) => {
      const entries = data.repository?.[`d${i}`]?.entries ?? []; // a folder new in this PR has no entries on the base
      const source = (name: string) => (dir === "" ? name : `${dir}/${name}`);
      const project = entries.find((e) => e.type === "blob" && PROJECT_FILES[e.name.toLowerCase()] !== undefined);
      const module = entries.find((e) => e.type === "blob" && MODULE_FILE.test(e.name));
      const amplify = dir.split("/").pop()?.toLowerCase() === "amplify" ? entries.find((e) => e.type === "blob" && AMPLIFY_BACKEND.test(e.name)) : undefined;
      // An Ansible role: tasks/ beside meta/, handlers/ or defaults/ (a role repository has them at its root).
      const folders = new Set(entries.filter((e) => e.type === "tree").map((e) => e.name.toLowerCase()));
      const role = folders.has("tasks") && ["meta", "handlers", "defaults"].some((f) => folders.has(f)) ? { name: "tasks/" } : undefined;
      // A Flux cluster: `flux bootstrap --path=<dir>` writes <dir>/flux-system/, and the manifests
      // beside it (Kustomizations, HelmReleases; no kustomization.yaml needed) are what it deploys.
      const flux = folders.has("flux-system") ? { name: "flux-system/" } : undefined;
      const marker = project ?? module ?? amplify ?? role ?? flux;
      if (marker) roots.push({ root: dir, source: source(marker.name) });
      // A submodule (a gitlink) is code nobody here can read: a bump of one is judged as infrastructure.
      for (const e of entries) if (e.type === "commit" && changed.has(source(e.name))) roots.push({ root: source(e.name), source: `${source(e.name)} (submodule)` });
      const cdk = data.repository?.[`c${i}`]?.text;
      if (typeof cdk === "string") for (const appDir of cdkAppDirs(cdk, dir)) if (appDir !== dir) roots.push({ root: appDir, source: `${source("cdk.json")} (app)` });
    });
  }
  return roots;
}
