/**
 * The base branch's project files decide which folders are infrastructure: a cdk.json that does
 * not parse still makes its folder a CDK project (only the folders its `app` command names are
 * unknown).
 */
import type { GitHubApi } from "../../src/github/checks/types.js";
import { cdkAppDirs, fetchInfraRoots } from "../../src/github/projects.js";

/** GitHub's answer to the BaseProjects query for `infra/`: a cdk.json, whose text is given. */
function baseWithCdkJson(text: string): GitHubApi {
  return {
    request: () => Promise.reject(new Error("no REST call expected")),
    graphql: <T>(query: string) => {
      // d<i>/c<i> fields are numbered in the order of the folders in the query.
      const dirs = [...query.matchAll(/d(\d+): object\(expression: "[0-9a-f]+:([^"]*)"\)/g)].map((m) => [m[1], m[2]] as const);
      const repository: Record<string, unknown> = {};
      for (const [i, dir] of dirs) {
        repository[`d${i}`] = dir === "infra" ? { entries: [{ name: "cdk.json", type: "blob" }, { name: "bin", type: "tree" }] } : { entries: [] };
        repository[`c${i}`] = dir === "infra" ? { text } : null;
      }
      return Promise.resolve({ repository } as T);
    },
  };
}

describe("cdk.json on the base branch", () => {
  it("a cdk.json that does not parse: its folder is still a CDK project, no app folders are guessed", async () => {
    expect(cdkAppDirs('{ "app": "npx ts-node ../deploy/app.ts", }', "infra")).toEqual([]);
    const roots = await fetchInfraRoots(baseWithCdkJson('{ "app": "npx ts-node ../deploy/app.ts", }'), "o", "r", "a".repeat(40), ["infra/lib/stack.ts"]);
    expect(roots).toEqual([{ root: "infra", source: "infra/cdk.json" }]);
  });

  it("the same cdk.json, valid: the app's folder outside infra/ is a root too", async () => {
    const roots = await fetchInfraRoots(baseWithCdkJson('{ "app": "npx ts-node ../deploy/app.ts" }'), "o", "r", "a".repeat(40), ["infra/lib/stack.ts"]);
    expect(roots).toEqual([
      { root: "infra", source: "infra/cdk.json" },
      { root: "deploy", source: "infra/cdk.json (app)" },
    ]);
  });
});
