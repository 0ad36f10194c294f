/**
 * A GitHub Enterprise Server host as Probot takes it (GHE_HOST): a host name, optionally with a
 * port, from which Probot makes the API `${GHE_PROTOCOL || "https"}://${GHE_HOST}/api/v3`. Shared
 * by deploy/ (its `gheHost` context) and the server and Lambda (their GHE_HOST), which otherwise
 * started with a URL there and failed every delivery on https://https://….
 */
const HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;

/** What is wrong with `host` as GHE_HOST: not a host name, or github.com's own; undefined when usable. */
export function gheHostProblem(host: string): "not a host name" | "github.com" | undefined {
  if (!HOST.test(host)) return "not a host name";
  if (/^(?:[^.]+\.)*github\.com(?::\d+)?$/i.test(host)) return "github.com";
  return undefined;
}

/** The API the App calls, as Probot reads it: `GHE_HOST` (and `GHE_PROTOCOL`), else github.com. */
export function probotApiUrl(env: NodeJS.ProcessEnv): string {
  return env.GHE_HOST ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3` : "https://api.github.com";
}
