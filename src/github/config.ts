/**
 * The repository's policy: `.github/agent-guardrail.yml` read at the pull request's BASE branch (a
 * PR cannot weaken its own gate), `_extends` for org-wide defaults, validated by the same loader
 * as the CLI so a mistake names the file, the key and the line. The raw file is fetched (not
 * Probot's parsed `context.config`) because only the text keeps line numbers.
 *
 * The base is read at its tip's SHA, never by the branch's short name: a tag of the same name
 * (which a token with contents: write may push) would make "main" ambiguous, and git's rev-parse
 * order picks the tag (gitrevisions(7)); GitHub documents no order for the contents API's `ref`.
 */
import type { Policy } from "../core/policy.js";
import { ConfigError, parseUserConfig, resolvePolicy } from "../policy/load.js";
import type { UserConfig } from "../policy/schema.js";
import type { GitHubApi } from "./checks/types.js";

export const CONFIG_PATH = ".github/agent-guardrail.yml";
/** The name the app does not read: a file there on the base is an error, never silently the defaults. */
export const UNREAD_CONFIG_PATH = ".github/agent-guardrail.yaml";
const MAX_EXTENDS = 3;

/** File text at a ref (default branch when ref is undefined); undefined on 404. */
export async function readRepoFile(api: GitHubApi, owner: string, repo: string, path: string, ref?: string): Promise<string | undefined> {
  try {
    const res = await api.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner,
      repo,
      path,
      ...(ref ? { ref } : {}),
      mediaType: { format: "raw" },
    });
    if (typeof res.data === "string") return res.data;
    // A directory or a submodule is not a file: say so rather than guess.
    throw new Error(`${owner}/${repo}:${path} is not a file`);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/** A blob's bytes (the git data API reads blobs of any size up to 100 MB). */
export async function readBlob(api: GitHubApi, owner: string, repo: string, sha: string): Promise<Buffer | undefined> {
  const res = await api.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { owner, repo, file_sha: sha });
  const data = res.data as { content?: string; encoding?: string };
  return data.encoding === "base64" && typeof data.content === "string" ? Buffer.from(data.content, "base64") : undefined;
}

/** A file larger than the reader was asked to read (its size known before its content is fetched). */
export class FileTooLargeError extends Error {}

/**
 * A file's bytes at `ref` (a binary file: a Power BI report, a packaged workbook), or undefined when
 * it is not there. The raw media type is decoded as text by the client, so the contents API's JSON
 * is asked for: its base64 content up to 1 MB; past that it names the blob, read through the git
 * data API (up to 100 MB). Content that cannot be had whole is an error, never an empty file.
 */
export async function readRepoBytes(api: GitHubApi, owner: string, repo: string, path: string, ref: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer | undefined> {
  let data: { type?: string; size?: number; sha?: string; content?: string; encoding?: string };
  try {
    data = (await api.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path, ref })).data as typeof data;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
  if (data.type !== "file") throw new Error(`${owner}/${repo}:${path} is not a file`);
  if (typeof data.size === "number" && data.size > maxBytes) throw new FileTooLargeError(`${owner}/${repo}:${path} is ${data.size} bytes, over the ${maxBytes} read here`);
  const bytes = data.encoding === "base64" && typeof data.content === "string" && data.content !== "" ? Buffer.from(data.content, "base64") : typeof data.sha === "string" ? await readBlob(api, owner, repo, data.sha) : undefined;
  if (!bytes || bytes.length !== data.size) throw new Error(`${owner}/${repo}:${path} could not be read whole (${bytes ? `${bytes.length} of ${String(data.size)} bytes` : `its content came as ${String(data.encoding)}`})`);
  return bytes;
}

/** `_extends: repo`, `owner/repo` or `owner/repo:path/to/file.yml` (Probot's convention). */
export function parseExtends(value: string, owner: string): { owner: string; repo: string; path: string } {
  const m = /^(?:([A-Za-z0-9_.-]+)\/)?([A-Za-z0-9_.-]+)(?::(.+))?$/.exec(value.trim());
  if (!m?.[2]) throw new Error(`_extends "${value}" is not "repo", "owner/repo" or "owner/repo:path"`);
  return { owner: m[1] ?? owner, repo: m[2], path: m[3] ?? CONFIG_PATH };
}

/** A path as a glob matching only itself. */
const literalGlob = (path: string): string => path.replace(/^\/+/, "").replace(/[\\*?[\]{}()!+@]/g, "\\$&");

type Section = Record<string, unknown>;

/** The extending file wins key by key inside each section (lists are replaced, not appended). */
function overlay(base: UserConfig, top: UserConfig): UserConfig {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const below = out[key];
    out[key] =
      value && typeof value === "object" && !Array.isArray(value) && below && typeof below === "object" && !Array.isArray(below)
        ? { ...(below as Section), ...(value as Section) }
        : value;
  }
  delete out["_extends"];
  return out as UserConfig;
}

/** The base branch of a pull request: its name (for messages) and its tip's SHA (what is read). */
export interface BaseCommit {
  ref: string;
  sha: string;
}

/**
 * The policy for `owner/repo` at the base commit. Throws ConfigError (file, key, line) for an
 * invalid file or a broken `_extends`; other API errors propagate (the caller fails the check closed).
 */
export interface LoadOptions {
  unreadConfigOnBase?: boolean;
  /** The config's text at `base.sha` already read (null: no such file there); undefined: read it. */
  configText?: string | null;
}

export async function loadRepoPolicy(api: GitHubApi, owner: string, repo: string, base: BaseCommit, options: LoadOptions = {}): Promise<Policy> {
  return (await loadRepoConfig(api, owner, repo, base, options)).policy;
}

/**
 * The policy, and the files of this repository it was read from besides the config itself (those
 * it `_extends`): a push changing one changes the gate of the pull requests into that branch.
 */
export async function loadRepoConfig(api: GitHubApi, owner: string, repo: string, base: BaseCommit, options: LoadOptions = {}): Promise<{ policy: Policy; extendedHere: string[] }> {
  const at = `@${base.ref} (${base.sha.slice(0, 7)})`;
  if (options.unreadConfigOnBase) throw new ConfigError(`${owner}/${repo}:${UNREAD_CONFIG_PATH}${at}`, `the app reads ${CONFIG_PATH}, not this file: rename it to ${CONFIG_PATH} (one file)`);
  const source = `${owner}/${repo}:${CONFIG_PATH}${at}`;
  // The facts query reads it at the same commit (its SHA): the REST read only when it did not.
  const text = options.configText === undefined ? await readRepoFile(api, owner, repo, CONFIG_PATH, base.sha) : (options.configText ?? undefined);
  if (text === undefined) return { policy: resolvePolicy({}, "defaults"), extendedHere: [] };
  let config = parseUserConfig(source, text);
  const seen = new Set([`${owner}/${repo}:${CONFIG_PATH}`.toLowerCase()]);
  let from = { owner, repo };
  const chain: string[] = [source];
  // Files of this repository the config extends: a PR here that edits one rewrites the gate.
  const gates: string[] = [];
  for (let depth = 0; config._extends !== undefined; depth++) {
    const file = chain[chain.length - 1] ?? source;
    if (depth >= MAX_EXTENDS) throw new ConfigError(file, `_extends goes deeper than ${MAX_EXTENDS} files`);
    let target;
    try {
      target = parseExtends(config._extends, from.owner);
    } catch (error) {
      throw new ConfigError(file, (error as Error).message);
    }
    const key = `${target.owner}/${target.repo}:${target.path}`;
    if (seen.has(key.toLowerCase())) throw new ConfigError(file, `_extends "${config._extends}" loops back to ${key}`);
    seen.add(key.toLowerCase());
    // A file of this repository is the base's own (the same commit: a PR into release/1.0 is gated
    // by release/1.0's copy, which only a PR into it changes); another repository's, its default branch.
    const here = target.owner.toLowerCase() === owner.toLowerCase() && target.repo.toLowerCase() === repo.toLowerCase();
    const parentText = await readRepoFile(api, target.owner, target.repo, target.path, here ? base.sha : undefined);
    if (parentText === undefined) throw new ConfigError(file, `_extends "${config._extends}": ${key}${here ? at : ""} not found (or the app is not installed there)`);
    const parent = parseUserConfig(here ? `${key}${at}` : key, parentText);
    config = overlay(parent, config);
    if (parent._extends !== undefined) config._extends = parent._extends;
    chain.push(here ? `${key}${at}` : key);
    if (here) gates.push(target.path);
    from = target;
  }
  const policy = resolvePolicy(config, chain.join(" extends "));
  if (gates.length) policy.review.infraPaths = [...policy.review.infraPaths, ...gates.map(literalGlob)];
  return { policy, extendedHere: gates.map((g) => g.replace(/^\/+/, "")) };
}
