/** The base branch as GitHub's BaseProjects query (src/github/projects.ts) answers it, for the infrastructure-path tests. */
import { infraFiles } from "../../../src/core/review/two-person-review.js";
import type { GitHubApi } from "../../../src/github/checks/types.js";
import { fetchInfraRoots } from "../../../src/github/projects.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr } from "./facts.js";

/** A base branch holding `files` (and `gitlinks`: submodules), as the query's tree entries show it. */
export function baseTree(files: string[], gitlinks: string[] = []): GitHubApi {
  return {
    request: () => Promise.reject(new Error("no REST call expected")),
    graphql: <T>(query: string) => {
      const repository: Record<string, unknown> = {};
      for (const m of query.matchAll(/(d|c)(\d+): object\(expression: "[0-9a-f]+:([^"]*)"\)/g)) {
        const [kind, i, path] = [m[1], m[2], m[3] ?? ""];
        if (kind === "c") {
          repository[`c${i}`] = null;
          continue;
        }
        const prefix = path === "" ? "" : `${path}/`;
        const entries = new Map<string, string>();
        for (const f of [...files, ...gitlinks].filter((f) => f.startsWith(prefix))) {
          const [name = "", ...rest] = f.slice(prefix.length).split("/");
          entries.set(name, rest.length ? "tree" : gitlinks.includes(f) ? "commit" : "blob");
        }
        repository[`d${i}`] = { entries: [...entries].map(([name, type]) => ({ name, type })) };
      }
      return Promise.resolve({ repository } as T);
    },
  };
}

/** The changed paths of a Copilot PR that are infrastructure, by the default globs or by the base branch's project files. */
export async function infraOf(changed: string[], base: string[], gitlinks: string[] = []): Promise<string[]> {
  const infraRoots = await fetchInfraRoots(baseTree(base, gitlinks), "o", "r", "b".repeat(40), changed);
  return infraFiles(copilotPr({ files: changed.map((path) => ({ path })), infraRoots }), resolvePolicy().review.infraPaths);
}
