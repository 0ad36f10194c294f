/**
 * Whether an egress proxy the environment names (`HTTPS_PROXY`, as a corporate network sets it)
 * goes unused by the requests to GitHub. The App (Probot 14) and `review --repo` reach GitHub
 * through Octokit, which calls Node's own `fetch`, and that fetch reads no proxy variable: only
 * with `NODE_USE_ENV_PROXY=1` (or `--use-env-proxy`), on Node.js 22.21 or 24 and later, does it
 * tunnel through `HTTP_PROXY`/`HTTPS_PROXY` and honour `NO_PROXY`. Where the proxy is the only way
 * out, every request then fails to connect ("getaddrinfo ENOTFOUND api.github.com", netbootxyz/webapp#66)
 * while the server answers /health: said at start, with what to set, instead.
 */
export interface NodeRuntime {
  /** `process.versions.node` */
  version: string;
  /** `process.execArgv` */
  execArgv: readonly string[];
}

const CURRENT: NodeRuntime = { version: process.versions.node, execArgv: process.execArgv };

/** The proxy variable that names a proxy for `scheme`, lower case first (as curl and undici read them); blank is none. */
function proxyVariable(env: NodeJS.ProcessEnv, scheme: "http" | "https"): string | undefined {
  // An https URL is proxied by HTTPS_PROXY alone: only that one says for certain a proxy is meant
  // for it (curl does not fall back to HTTP_PROXY), and a false alarm here refuses a working start.
  return [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`].find((name) => (env[name] ?? "").trim() !== "");
}

/** Whether NO_PROXY (or no_proxy) exempts `host`:`port`, as curl reads it: `*`, a name and its subdomains (`.corp.example`, `*.corp.example`), optionally with a port. */
function exempted(env: NodeJS.ProcessEnv, host: string, port: string): boolean {
  const list = [env.no_proxy, env.NO_PROXY].find((v) => (v ?? "").trim() !== "")?.toLowerCase() ?? "";
  for (const raw of list.split(/[\s,]+/)) {
    if (raw === "") continue;
    if (raw === "*") return true;
    const [, name = "", entryPort] = /^(.*?)(?::(\d+))?$/.exec(raw) ?? [];
    if (entryPort !== undefined && entryPort !== port) continue;
    const suffix = name.replace(/^\*?\./, "");
    if (suffix !== "" && (host === suffix || host.endsWith(`.${suffix}`))) return true;
  }
  return false;
}

/** Whether this Node.js sends `fetch` through the environment's proxy. */
function fetchUsesEnvProxy(env: NodeJS.ProcessEnv, node: NodeRuntime): boolean {
  const asked = env.NODE_USE_ENV_PROXY === "1" || node.execArgv.includes("--use-env-proxy") || /(^|\s)--use-env-proxy(\s|$)/.test(env.NODE_OPTIONS ?? "");
  return asked && supportsEnvProxy(node);
}

/** Node.js 22.21 and 24 brought NODE_USE_ENV_PROXY to fetch (nodejs/node#57165). */
function supportsEnvProxy(node: NodeRuntime): boolean {
  const [major = 0, minor = 0] = node.version.split(".").map(Number);
  return major >= 24 || (major === 22 && minor >= 21);
}

/**
 * Why requests to `url` would not go through the proxy the environment names for it, or undefined
 * (no proxy named, NO_PROXY exempts the host, or Node.js uses it). Never quotes the proxy's URL,
 * which may hold a password.
 */
export function unusedProxy(env: NodeJS.ProcessEnv, url: string, node: NodeRuntime = CURRENT): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // the URL's own error is told where it is used
  }
  const scheme = parsed.protocol === "http:" ? "http" : "https";
  const variable = proxyVariable(env, scheme);
  if (variable === undefined) return undefined;
  const port = parsed.port || (scheme === "http" ? "80" : "443");
  if (exempted(env, parsed.hostname.toLowerCase().replace(/^\[|\]$/g, ""), port) || fetchUsesEnvProxy(env, node)) return undefined;
  const fix = !supportsEnvProxy(node) ? `Node.js ${node.version} ignores NODE_USE_ENV_PROXY: run on Node.js 22.21, 24 or later with NODE_USE_ENV_PROXY=1` : "set NODE_USE_ENV_PROXY=1";
  return `${variable} is set, but requests to GitHub (${parsed.origin}) would not use it: Node.js's fetch, which Octokit calls, reads no proxy variable by itself; ${fix}, or name ${parsed.hostname} in NO_PROXY if it is reached directly`;
}
