/**
 * On the wire: agent PRs that change infrastructure kept in ordinary layouts no glob named before —
 * podinfo's kustomize/ (stefanprodan/podinfo @855f772, Apache-2.0), an Amplify Gen 2 backend
 * (aws-samples/amplify-next-template @cc3f82e, MIT-0), a submodule of Terraform modules and a CDK
 * Python app's requirements.txt (aws-samples/aws-cdk-examples @bccff1d, Apache-2.0: the tree's
 * paths only) — are guarded; a dashboard's chart component (horizon-ui/horizon-ui-chakra-nextjs
 * @ad524c8, MIT) and that app's README.md are not.
 */
import nock from "nock";
import type { Probot } from "probot";
import { twoPersonReviewCheck } from "../../src/github/checks/two-person-review.js";
import { examplePayload, pullData, testProbot } from "./helpers.js";
import { API, createRun, github, graphqlReply, HEAD, noConfig, provenanceOf, type CheckBody } from "./wire.js";
import { markdownText } from "../../src/github/checks/markdown.js";

let probot: Probot;
beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  nock.cleanAll();
  probot = await testProbot({ checks: [twoPersonReviewCheck], retryDelaysMs: [] });
});
afterEach(() => expect(nock.pendingMocks()).toEqual([]));

const approval = (id: number, login: string) => ({ id, login, state: "APPROVED" as const, commit: HEAD, at: "2026-11-20T10:00:00Z" });

/** A Copilot PR changing `files`, one approval, the base branch holding `base` (paths; gitlinks: submodules). */
async function runFor(files: string[], base?: { files: string[]; gitlinks?: string[] }, pull: Partial<Parameters<typeof pullData>[0]> = {}): Promise<CheckBody | undefined> {
  const { scope, rec } = github();
  graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, files: files.map((path) => ({ path })), reviews: [approval(11, "alice")], ...pull }));
  noConfig(scope);
  if (base) {
    scope
      .post("/graphql", (b: { query: string }) => b.query.includes("BaseProjects"))
      .reply(200, (_uri: string, body: { query: string }) => {
        const data: Record<string, unknown> = {};
        for (const m of body.query.matchAll(/(d|c)(\d+): object\(expression: "[0-9a-f]+:([^"]*)"\)/g)) {
          const [kind, i, dir] = [m[1], m[2], m[3] ?? ""];
          if (kind === "c") {
            data[`c${i}`] = null;
            continue;
          }
          const prefix = dir === "" ? "" : `${dir}/`;
          const entries = new Map<string, string>();
          for (const f of [...base.files, ...(base.gitlinks ?? [])].filter((f) => f.startsWith(prefix))) {
            const [name = "", ...rest] = f.slice(prefix.length).split("/");
            entries.set(name, rest.length ? "tree" : base.gitlinks?.includes(f) ? "commit" : "blob");
          }
          data[`d${i}`] = { entries: [...entries].map(([name, type]) => ({ name, type })) };
        }
        return { data: { repository: data } };
      });
  }
  createRun(scope, rec);
  await probot.receive({ id: "d1", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);
  return rec.checkRuns[0]?.body;
}

it("podinfo's kustomize/deployment.yaml: a Kustomize folder on the base branch makes it infrastructure", async () => {
  const run = await runFor(["kustomize/deployment.yaml"], { files: ["kustomize/kustomization.yaml", "kustomize/deployment.yaml", "kustomize/hpa.yaml", "cmd/podinfo/main.go"] });
  expect(run?.conclusion).toBe("failure");
  expect(run?.output.summary).toContain("touches infrastructure: kustomize/deployment.yaml");
});

it("an Amplify Gen 2 data model (amplify/data/resource.ts) is infrastructure by its path", async () => {
  const run = await runFor(["amplify/data/resource.ts"]);
  expect(run?.conclusion).toBe("failure");
  expect(run?.output.summary).toContain("touches infrastructure: amplify/data/resource.ts");
});

it("a bump of a submodule of Terraform modules is infrastructure (its content cannot be read)", async () => {
  const run = await runFor(["modules/shared"], { files: ["main.go"], gitlinks: ["modules/shared"] });
  expect(run?.conclusion).toBe("failure");
  expect(run?.output.summary).toContain("touches infrastructure: modules/shared");
});

it("a dashboard's src/components/charts/BarChart.js is no Helm chart: not guarded", async () => {
  const run = await runFor(["src/components/charts/BarChart.js"], { files: ["src/components/charts/BarChart.js", "package.json"] });
  expect(run?.conclusion).toBe("success");
  expect(run?.output.summary).toContain("no infrastructure files");
});

/** fluxcd/flux2-kustomize-helm-example @4f1a5b1 (Apache-2.0): the tree `flux bootstrap --path=clusters/production` leaves. */
const FLUX_EXAMPLE = [
  "apps/base/podinfo/kustomization.yaml", "apps/base/podinfo/release.yaml", "apps/production/kustomization.yaml", "apps/production/podinfo-values.yaml",
  "clusters/production/apps.yaml", "clusters/production/artifacts.yaml", "clusters/production/infrastructure.yaml",
  "clusters/production/flux-system/gotk-components.yaml", "clusters/production/flux-system/gotk-sync.yaml", "clusters/production/flux-system/kustomization.yaml",
  "clusters/staging/apps.yaml", "clusters/staging/flux-system/gotk-sync.yaml", "clusters/staging/flux-system/kustomization.yaml",
  "infrastructure/configs/kustomization.yaml", "scripts/validate.sh", "README.md",
];

it("Flux: a cluster's own manifests (clusters/production/apps.yaml, beside the flux-system/ bootstrap wrote) are infrastructure", async () => {
  // Expected guarded: apps.yaml is the Flux Kustomization that deploys ./production (prune: true) to the production cluster.
  const run = await runFor(["clusters/production/apps.yaml"], { files: FLUX_EXAMPLE });
  expect(run?.conclusion).toBe("failure");
  expect(run?.output.summary).toContain("touches infrastructure: clusters/production/apps.yaml");
});

it("a folder named clusters without a Flux bootstrap in it is ordinary code: not guarded", async () => {
  const run = await runFor(["src/clusters/kmeans.py"], { files: ["src/clusters/kmeans.py", "src/clusters/dbscan.py", "pyproject.toml"] });
  expect(run?.conclusion).toBe("success");
  expect(run?.output.summary).toContain("no infrastructure files");
});

describe("a commit by an email linked to no account, in a project folder no glob names", () => {
  const podinfo = { files: ["kustomize/kustomization.yaml", "kustomize/deployment.yaml", "kustomize/hpa.yaml", "cmd/podinfo/main.go"] };
  const human = { author: { login: "Codertocat", type: "User" as const }, headRef: "changes", body: "Raise the replicas" };

  it("is an unknown writer of infrastructure: fails closed, as it does for a file a glob names", async () => {
    // Decided before running: no agent signal, but the commit's author is no GitHub account (an
    // agent committing as "Dev Box <dev@buildbox.local>" looks like that), and podinfo's
    // kustomize/ folder is infrastructure on the base: the run must FAIL. Before, the base's
    // project files were read only for PRs with an agent signal, so it passed as "not agent-authored".
    const run = await runFor(["kustomize/deployment.yaml"], podinfo, {
      ...human,
      commits: [{ oid: HEAD, message: "Raise the replicas", author: { name: "Dev Box", email: "dev@buildbox.local", login: null } }],
    });
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain(markdownText("dev@buildbox.local>, an email linked to no GitHub account"));
  });

  it("a human whose commits GitHub links still passes, and the base is not read for them", async () => {
    // GitHub's records name no agent: Codertocat pushed the head, and no app opened the PR.
    provenanceOf(nock(API), { number: 2, branch: "changes", head: HEAD, login: "Codertocat" });
    const run = await runFor(["kustomize/deployment.yaml"], undefined, {
      ...human,
      commits: [{ oid: HEAD, message: "Raise the replicas", author: { name: "Codertocat", email: "21031067+Codertocat@users.noreply.github.com", login: "Codertocat" } }],
    });
    expect(run?.conclusion).toBe("success");
    expect(run?.output.title).toBe("Not guarded: not agent-authored");
  });
});

/**
 * aws-samples/aws-cdk-examples @bccff1d (Apache-2.0): python/lambda-cron is a CDK app as
 * `cdk init app --language python` lays one out; its requirements.txt (aws-cdk-lib, constructs,
 * pytest) is what the deploy pipeline installs before `cdk deploy` runs the app with deploy
 * credentials. The repository holds 86 requirements.txt and 18 requirements-dev.txt beside its 245 cdk.json.
 */
const LAMBDA_CRON = ["python/lambda-cron/README.md", "python/lambda-cron/app.py", "python/lambda-cron/cdk.json", "python/lambda-cron/lambda-handler.py", "python/lambda-cron/requirements.txt", "python/lambda-cron/test_lambda-cron.py"];

it("a CDK Python app's requirements.txt is infrastructure: what it installs runs at synth with deploy credentials", async () => {
  // Decided before running: an agent's change to python/lambda-cron/requirements.txt (a new
  // package, an --extra-index-url) changes the code `cdk deploy` runs: guarded, one approval of two,
  // FAIL. Before, every *.txt inside a project folder was read as documentation: it passed unreviewed.
  const run = await runFor(["python/lambda-cron/requirements.txt"], { files: LAMBDA_CRON });
  expect(run?.conclusion).toBe("failure");
  expect(run?.output.summary).toContain("touches infrastructure: python/lambda-cron/requirements.txt");
});

it("the same app's README.md stays documentation: not guarded", async () => {
  const run = await runFor(["python/lambda-cron/README.md"], { files: LAMBDA_CRON });
  expect(run?.conclusion).toBe("success");
  expect(run?.output.summary).toContain("no infrastructure files");
});
