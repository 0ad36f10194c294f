/**
 * What is infrastructure depends on the base branch's project files (a folder holding cdk.json,
 * Terraform files, a Helm chart, …), as it does on its config: a push to a branch that adds or
 * removes one re-evaluates the open pull requests into it, or a pass given while the folder was
 * ordinary code would stay on a PR that now merges into a CDK app. Payload: the real push to
 * refs/heads/master of Codertocat/Hello-World in @octokit/webhooks-examples (MIT), its one commit's
 * files replaced.
 */
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { mayChangeInfraRoots } from "../../src/github/projects.js";
import { examplePayload } from "./helpers.js";
import { baseProjects, devinOrdersPull, github, githubOnlyThroughNock, graphqlReply, HEAD, noConfig, requestsDuring, twoPersonAppPerTest, updateRun } from "./wire.js";

githubOnlyThroughNock();
const app = twoPersonAppPerTest({ retryDelaysMs: [] });

/** The real push, its commit adding, removing or modifying these files. */
function push(files: { added?: string[]; removed?: string[]; modified?: string[] }) {
  const payload = examplePayload("push", undefined as unknown as string, 4);
  Object.assign(payload["commits"][0], { added: [], removed: [], modified: [], ...files });
  return payload;
}

describe("a push that changes the base branch's project files re-evaluates the open PRs into it", () => {
  it("master gains services/orders/cdk.json: Devin's open PR changing services/orders/src/table.ts now fails", async () => {
    // Decided before running: #2 passed while services/orders was ordinary code (not infrastructure);
    // master now makes it a CDK app, so #2 is an agent's infrastructure change with one approval
    // of two: it must be re-evaluated and FAIL. Before, only a config change re-evaluated.
    const { scope, rec } = github();
    scope.post("/graphql", (b: { query: string }) => b.query.includes("query OpenPulls(")).reply(200, { data: { repository: { pullRequests: { totalCount: 1, nodes: [{ number: 2, headRefOid: HEAD }] } } } });
    graphqlReply(scope, rec, devinOrdersPull({ checkRuns: [{ id: 4242, name: TWO_PERSON_CHECK, conclusion: "SUCCESS" }] }));
    noConfig(scope);
    baseProjects(scope, (_sha, folder) => (folder === "services/orders" ? [{ name: "cdk.json", type: "blob" }, { name: "src", type: "tree" }] : []));
    updateRun(scope, rec, 4242);
    updateRun(scope, rec, 4242);
    await app.receive("push", push({ added: ["services/orders/cdk.json"] }));
    expect(rec.checkRuns.map((r) => [r.body.status, r.body.conclusion])).toEqual([
      ["in_progress", undefined],
      ["completed", "failure"],
    ]);
    expect(rec.checkRuns[1]?.body.output.summary).toContain("touches infrastructure: services/orders/src/table.ts");
  });

  it("a push that changes no project file costs nothing", async () => {
    const sent = await requestsDuring(() => app.receive("push", push({ added: ["services/orders/src/util.ts"], modified: ["services/orders/main.tf", "charts/web/Chart.yaml.md"] })));
    expect(sent).toEqual([]);
    expect(app.results).toEqual([]);
  });
});

describe("mayChangeInfraRoots", () => {
  it.each([
    [{ added: ["services/orders/cdk.json"] }, true],
    [{ removed: ["deploy/Pulumi.yaml"] }, true],
    [{ added: ["modules/network/main.tf"] }, true],
    [{ removed: ["infra/main.bicep"] }, true],
    [{ added: ["charts/web/Chart.yaml"] }, true],
    [{ added: ["k8s/overlays/prod/Kustomization"] }, true],
    [{ added: ["app/amplify/backend.ts"] }, true],
    [{ added: ["clusters/production/flux-system/gotk-sync.yaml"] }, true],
    [{ added: ["roles/web/tasks/main.yml"] }, true],
    [{ removed: ["roles/web/meta/main.yml"] }, true],
    [{ modified: ["services/orders/cdk.json"] }, true], // its `app` names the folders it runs
    [{ modified: ["modules/network/main.tf"] }, false], // the folder was a module and stays one
    [{ modified: ["charts/web/Chart.yaml"] }, false],
    [{ added: ["src/app.ts", "README.md"] }, false],
    [{ added: ["src/amplify/data.ts", "docs/tasks.md"] }, false],
    [{ added: ["src/handlers/orders.ts", "src/tasks/cleanup.ts"] }, false], // Lambda code, not a role's main.yml
  ])("%j → %s", (files, expected) => {
    expect(mayChangeInfraRoots({ added: [], removed: [], modified: [], ...files })).toBe(expected);
  });
});
