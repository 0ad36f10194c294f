/**
 * The base branch's project files decide which folders are infrastructure: a cdk.json that does
 * not parse still makes its folder a CDK project (only the folders its `app` command names are
 * unknown).
 */
import type { GitHubApi } from "../../src/github/checks/types.js";
import type { PullFacts } from "../../src/core/review/facts.js";
import { cdkAppDirs, fetchInfraRoots, needsInfraRoots } from "../../src/github/projects.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { copilotPr } from "../core/review/facts.js";

const noCall: GitHubApi = { request: () => Promise.reject(new Error("no call expected")), graphql: () => Promise.reject(new Error("no call expected")) };

type Entry = { name: string; type: string };

/** GitHub's answer to the BaseProjects query: each folder's entries, and its cdk.json's text when it has one. */
function baseBranch(entriesByDir: Record<string, Entry[]>, cdkJsonByDir: Record<string, string> = {}): GitHubApi {
  return {
    request: () => Promise.reject(new Error("no REST call expected")),
    graphql: <T>(query: string) => {
      // d<i>/c<i> fields are numbered in the order of the folders in the query.
      const dirs = [...query.matchAll(/d(\d+): object\(expression: "[0-9a-f]+:([^"]*)"\)/g)].map((m) => [m[1], m[2] ?? ""] as const);
      const repository: Record<string, unknown> = {};
      for (const [i, dir] of dirs) {
        repository[`d${i}`] = { entries: entriesByDir[dir] ?? [] };
        const text = cdkJsonByDir[dir];
        repository[`c${i}`] = text === undefined ? null : { text };
      }
      return Promise.resolve({ repository } as T);
    },
  };
}

/** The base branch with a CDK project in `projectDir` (infra/ unless said): a cdk.json, whose text is given. */
const baseWithCdkJson = (text: string, projectDir = "infra"): GitHubApi =>
  baseBranch({ [projectDir]: [{ name: "cdk.json", type: "blob" }, { name: "bin", type: "tree" }] }, { [projectDir]: text });

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

  it("a project at the repository's root: its files are named without a leading slash", async () => {
    const roots = await fetchInfraRoots(baseWithCdkJson('{ "app": "npx ts-node --prefer-ts-exts bin/app.ts" }', ""), "o", "r", "a".repeat(40), ["lib/stack.ts"]);
    expect(roots).toEqual([
      { root: "", source: "cdk.json" },
      { root: "bin", source: "cdk.json (app)" },
    ]);
  });

  it("app folders: quoted, ./ and ../ resolved against the cdk.json's folder; a path above the repository and flags are no folder; an app that is not a string names none", () => {
    expect(cdkAppDirs(JSON.stringify({ app: "python3 './deploy/app.py' --verbose" }), "infra")).toEqual(["infra/deploy"]);
    expect(cdkAppDirs(JSON.stringify({ app: "node app.mjs" }), "")).toEqual([""]);
    expect(cdkAppDirs(JSON.stringify({ app: "node ../../outside/app.js" }), "infra")).toEqual([]);
    expect(cdkAppDirs(JSON.stringify({ app: ["node", "bin/app.js"] }), "infra")).toEqual([]);
  });
});

describe("fetchInfraRoots fails closed", () => {
  it("a pull request touching more folders than it can check: an error, nothing asked", async () => {
    const paths = Array.from({ length: 700 }, (_, i) => `pkg${i}/file.ts`);
    await expect(fetchInfraRoots(noCall, "o", "r", "a".repeat(40), paths)).rejects.toThrow("the changed files span 701 folders: more than 600 cannot be checked for project files (fail closed)");
  });

  it("a repository GitHub does not return: an error, not 'no project files'", async () => {
    const github: GitHubApi = { ...noCall, graphql: <T>() => Promise.resolve({ repository: null } as T) };
    await expect(fetchInfraRoots(github, "o", "r", "a".repeat(40), ["infra/x.ts"])).rejects.toThrow("o/r not found: cannot read the base branch's project files");
  });

  it("a Terraform file makes its folder a root; a folder new in the pull request (no tree on the base) is none", async () => {
    const github: GitHubApi = {
      ...noCall,
      graphql: <T>(query: string) => {
        const dirs = [...query.matchAll(/d(\d+): object\(expression: "[0-9a-f]+:([^"]*)"\)/g)].map((m) => [m[1], m[2]] as const);
        const repository: Record<string, unknown> = {};
        for (const [i, dir] of dirs) {
          repository[`d${i}`] = dir === "network" ? { entries: [{ name: "main.tf", type: "blob" }] } : dir === "" ? { entries: [{ name: "README.md", type: "blob" }] } : null;
          repository[`c${i}`] = null;
        }
        return Promise.resolve({ repository } as T);
      },
    };
    await expect(fetchInfraRoots(github, "o", "r", "a".repeat(40), ["network/vpc.tf", "brand-new/x.ts"])).resolves.toEqual([{ root: "network", source: "network/main.tf" }]);
  });
});

describe("needsInfraRoots: the base branch is asked only when its answer can change the verdict", () => {
  const policy = resolvePolicy();
  const agentPr = (overrides: Partial<PullFacts>) => copilotPr({ files: [{ path: "services/orders/app.ts" }], ...overrides });
  it("an agent PR whose files are all outside the infrastructure globs: asked", () => {
    expect(needsInfraRoots(agentPr({}), policy)).toBe(true);
  });
  it.each<[string, Partial<PullFacts>]>([
    ["the file list is incomplete (the rule fails closed on that already)", { filesComplete: false }],
    ["the commit list is incomplete (likewise)", { commitsComplete: false }],
    ["no file changed", { files: [] }],
    ["a file is already infrastructure by its path", { files: [{ path: "infra/lib/stack.ts" }] }],
    ["no strong agent signal (a human's PR)", { author: { login: "alice", type: "User" }, body: "", commits: [{ sha: "a".repeat(40), message: "Fix", author: { name: "Alice", email: "alice@example.com", login: "alice" }, committer: { name: "Alice", email: "alice@example.com", login: "alice" } }] }],
  ])("not asked when %s", (_why, overrides) => {
    expect(needsInfraRoots(agentPr(overrides), policy)).toBe(false);
  });
});

describe("folders per query", () => {
  it("150 folders (the root and 149 more) take one query, 151 take two: never an empty one", async () => {
    const queries: number[] = [];
    const api: GitHubApi = {
      request: () => Promise.reject(new Error("no REST call expected")),
      graphql: <T>(query: string) => {
        queries.push([...query.matchAll(/\bd\d+: object/g)].length);
        return Promise.resolve({ repository: {} } as T);
      },
    };
    const files = (n: number) => Array.from({ length: n }, (_, i) => `services/s${String(i).padStart(3, "0")}/main.tf`);
    // services/ plus n folders under it, plus the root.
    await fetchInfraRoots(api, "o", "r", "a".repeat(40), files(148));
    expect(queries).toEqual([150]);
    queries.length = 0;
    await fetchInfraRoots(api, "o", "r", "a".repeat(40), files(149));
    expect(queries).toEqual([150, 1]);
  });
});

describe("project files on the base branch", () => {
  const sha = "a".repeat(40);

  it("are recognized whatever their case: Pulumi.yaml (Pulumi's own spelling), main.TF", async () => {
    const roots = await fetchInfraRoots(baseBranch({ stacks: [{ name: "Pulumi.yaml", type: "blob" }], modules: [{ name: "main.TF", type: "blob" }] }), "o", "r", sha, ["stacks/index.ts", "modules/vars.tf"]);
    expect(roots).toEqual([
      { root: "modules", source: "modules/main.TF" },
      { root: "stacks", source: "stacks/Pulumi.yaml" },
    ]);
  });

  it("an SST app (sst.config.ts) and a CDK for Terraform app (cdktf.json) are projects of infrastructure code", async () => {
    const roots = await fetchInfraRoots(baseBranch({ web: [{ name: "sst.config.ts", type: "blob" }], tf: [{ name: "cdktf.json", type: "blob" }] }), "o", "r", sha, ["web/src/handler.ts", "tf/main.ts"]);
    expect(roots).toEqual([
      { root: "tf", source: "tf/cdktf.json" },
      { root: "web", source: "web/sst.config.ts" },
    ]);
  });

  it("a folder named like a project file is no project file", async () => {
    expect(await fetchInfraRoots(baseBranch({ docs: [{ name: "cdk.json", type: "tree" }, { name: "examples.tf", type: "tree" }] }), "o", "r", sha, ["docs/cdk.json/readme.md"])).toEqual([]);
  });

  it("an app in the cdk.json's own folder adds no second root", async () => {
    const roots = await fetchInfraRoots(baseWithCdkJson('{ "app": "node app.js" }'), "o", "r", sha, ["infra/app.js"]);
    expect(roots).toEqual([{ root: "infra", source: "infra/cdk.json" }]);
  });

  it("a flag that holds a path names no app folder", () => {
    expect(cdkAppDirs(JSON.stringify({ app: "node --require=./tools/register.js bin/app.js" }), "infra")).toEqual(["infra/bin"]);
  });
});

