/**
 * Tests and docs inside a project folder are excepted from infrastructure. Two ways that exception
 * hid infrastructure, on real layouts (paths only, nothing copied; each judged before running):
 *
 * - the exception was matched against the whole path, so a project that lives in a folder named
 *   test/, tests/, docs/ or spec/ had nothing in it that counted:
 *   brianpursley/kustomize-multi-env @3dd9a32c (licence not read): overlays/test/kustomization.yaml
 *   beside overlays/test/deployment-patch.yaml, the test environment's Deployment (125+ public
 *   repositories hold overlays/test/kustomization.yaml);
 *   winnie-ui/winnie-ui @665fd244 (licence not read): an SST app at apps/docs/ (apps/docs/sst.config.ts)
 *   whose apps/docs/astro.config.mjs configures the site SST deploys.
 * - in a folder of manifests every file is deployed, tests/ included: a Helm chart renders all of
 *   templates/ (templates/tests/test-connection.yaml is a hook Pod `helm test` runs in the cluster,
 *   and one whose hook annotation is dropped is installed with every release).
 *   Antigenic-OSS/docuseal-helm-chart @a271331c (licence not read): Chart.yaml at the root,
 *   templates/tests/test-connection.yaml (2,808+ repositories hold that root-level path).
 */
import { infraFiles, mayTouchInfra } from "../../../src/core/review/two-person-review.js";
import type { InfraRoot } from "../../../src/core/review/facts.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { infraOf } from "./base-tree.js";
import { copilotPr } from "./facts.js";

const globs = resolvePolicy().review.infraPaths;
const infraIn = (paths: string[], infraRoots: InfraRoot[]): string[] => infraFiles(copilotPr({ files: paths.map((path) => ({ path })), infraRoots }), globs);

describe("the exception is for tests and docs inside the project, not for the folder the project lives in", () => {
  it("a Kustomize overlay named test/ is an environment: its patch is infrastructure", () => {
    expect(infraIn(["overlays/test/deployment-patch.yaml", "overlays/test/ingress-patch.yaml"], [{ root: "overlays/test", source: "overlays/test/kustomization.yaml" }])).toEqual([
      "overlays/test/deployment-patch.yaml",
      "overlays/test/ingress-patch.yaml",
    ]);
  });
  it("an SST app deploying the docs site (apps/docs/sst.config.ts): its configuration is infrastructure, its README is not", () => {
    expect(infraIn(["apps/docs/astro.config.mjs", "apps/docs/README.md"], [{ root: "apps/docs", source: "apps/docs/sst.config.ts" }])).toEqual(["apps/docs/astro.config.mjs"]);
  });
  it("a Terraform environment in envs/test/ (a module by its main.tf): the file its user data reads is infrastructure", () => {
    expect(infraIn(["envs/test/files/user-data.sh"], [{ root: "envs/test", source: "envs/test/main.tf" }])).toEqual(["envs/test/files/user-data.sh"]);
  });
  it("the same name case-insensitively (Docs/, as GitHub keeps the case the repository has)", () => {
    expect(infraIn(["Apps/Docs/astro.config.mjs"], [{ root: "apps/docs", source: "apps/docs/sst.config.ts" }])).toEqual(["Apps/Docs/astro.config.mjs"]);
  });
  it("tests and docs inside a code project stay excepted (a CDK app's test/ and docs/)", () => {
    expect(infraIn(["apps/docs/test/stack.test.ts", "apps/docs/docs/arch.png", "apps/docs/lib/site.ts"], [{ root: "apps/docs", source: "apps/docs/cdk.json" }])).toEqual(["apps/docs/lib/site.ts"]);
  });
});

describe("in a folder of manifests (Helm chart, Kustomize, Helmfile, Flux cluster) only documentation is excepted", () => {
  it("a Helm chart's templates/tests/ hook is infrastructure; its README and CONTRIBUTING are not", () => {
    expect(infraIn(["templates/tests/test-connection.yaml", "README.md", "CONTRIBUTING.md"], [{ root: "", source: "Chart.yaml" }])).toEqual(["templates/tests/test-connection.yaml"]);
  });
  it("a Flux cluster's docs/ app folder is deployed like any other", () => {
    expect(infraIn(["clusters/production/docs/release.yaml"], [{ root: "clusters/production", source: "clusters/production/flux-system/" }])).toEqual(["clusters/production/docs/release.yaml"]);
  });
  it("a Go service with a kustomization.yaml at the repository's root: its Go tests stay excepted, its manifests do not", () => {
    expect(infraIn(["main_test.go", "internal/orders/orders_test.go", "deploy-test/job.yaml", "main.go"], [{ root: "", source: "kustomization.yaml" }])).toEqual(["deploy-test/job.yaml", "main.go"]);
  });
  it("a Kustomize base's tests/ folder of manifests is infrastructure", () => {
    expect(infraIn(["kustomize/tests/job.yaml"], [{ root: "kustomize", source: "kustomize/Kustomization" }])).toEqual(["kustomize/tests/job.yaml"]);
  });
});

describe("from the base branch's tree, as the app reads it", () => {
  it("kustomize-multi-env: the test overlay's patches are infrastructure", async () => {
    const base = ["README.md", "base/kustomization.yaml", "base/sysinfo-deployment.yaml", "overlays/prod/kustomization.yaml", "overlays/prod/deployment-patch.yaml", "overlays/test/kustomization.yaml", "overlays/test/deployment-patch.yaml"];
    expect(await infraOf(["overlays/test/deployment-patch.yaml", "README.md"], base)).toEqual(["overlays/test/deployment-patch.yaml"]);
  });
  it("docuseal-helm-chart: the chart's test hook is infrastructure, its CONTRIBUTING is not", async () => {
    const base = ["Chart.yaml", "README.md", "CONTRIBUTING.md", "values.yaml", "templates/deployment.yaml", "templates/tests/test-connection.yaml"];
    expect(await infraOf(["templates/tests/test-connection.yaml", "CONTRIBUTING.md"], base)).toEqual(["templates/tests/test-connection.yaml"]);
  });
});

describe("whether the base's project files are worth reading (mayTouchInfra)", () => {
  it("a PR changing only a chart's templates/tests/ or an overlay under test/ may touch infrastructure", () => {
    expect(mayTouchInfra(copilotPr({ files: [{ path: "templates/tests/test-connection.yaml" }] }), globs)).toBe(true);
    expect(mayTouchInfra(copilotPr({ files: [{ path: "overlays/test/deployment-patch.yaml" }] }), globs)).toBe(true);
  });
  it("a PR changing only test files and documentation by their names still does not", () => {
    expect(mayTouchInfra(copilotPr({ files: [{ path: "src/orders.test.ts" }, { path: "docs/guide.md" }, { path: "README.md" }] }), globs)).toBe(false);
  });
});
