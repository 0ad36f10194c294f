/**
 * The file names an infrastructure tool reads as its project or module, as the globs see them in a
 * pull request and as the base branch's project folders see them (src/github/projects.ts).
 * "A project file that exists only in the PR is judged by the globs" (docs/github-app.md, Known
 * limits): so a name the base-branch reader knows but no glob names lets an agent's PR add a whole
 * new project unguarded. Real layouts (paths only, nothing copied):
 *
 * - aws-ia/terraform-aws-control_tower_account_factory @dce2e153 (Apache-2.0): every module is
 *   written in `.tofu` files (modules/aft-iam-roles/admin-role/iam.tofu, modules/aft-customizations/iam.tofu);
 *   OpenTofu loads `.tofu` and `.tofu.json` like `.tf` and `.tf.json`, and prefers `foo.tofu` to `foo.tf`
 *   (opentofu.org/docs/language/files, "Extension Precedence").
 * - osinfra-io/github-organization-management @8d19d062 (licence not read; paths only): main.tofu,
 *   providers.tofu, backend.tofu at the root beside main.tf.
 * - pulumi/pulumi @0c8d867 (Apache-2.0) sdk/go/common/encoding/marshal.go: a project file is
 *   Pulumi.json, Pulumi.yaml or Pulumi.yml (encoding.Exts), and a stack's config takes the project
 *   file's extension (workspace/paths.go ProjectStackPath: Pulumi.<stack>.yml).
 */
import { infraFiles } from "../../../src/core/review/two-person-review.js";
import { mayChangeInfraRoots, MODULE_EXTENSIONS, PROJECT_FILES } from "../../../src/github/projects.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { infraOf } from "./base-tree.js";
import { copilotPr } from "./facts.js";

const globs = resolvePolicy().review.infraPaths;
const byGlob = (path: string): string[] => infraFiles(copilotPr({ files: [{ path }] }), globs);

describe("every project file the base-branch reader knows is infrastructure by glob when a PR adds it", () => {
  // The class: a new project (a folder the base branch does not hold yet) is judged by the globs alone.
  it.each(Object.keys(PROJECT_FILES))("services/orders/%s", (name) => {
    expect(byGlob(`services/orders/${name}`)).toEqual([`services/orders/${name}`]);
  });
  it.each(MODULE_EXTENSIONS)("a module file services/orders/network%s", (ext) => {
    expect(byGlob(`services/orders/network${ext}`)).toEqual([`services/orders/network${ext}`]);
  });
  it("the names each tool reads are all known to the base-branch reader", () => {
    for (const name of ["pulumi.json", "pulumi.yaml", "pulumi.yml", "kustomization", "samconfig.toml", "samconfig.yaml", "cdk8s.yaml"]) expect(PROJECT_FILES[name]).toBeDefined();
    for (const ext of [".tf", ".tf.json", ".tofu", ".tofu.json", ".bicep"]) expect(MODULE_EXTENSIONS).toContain(ext);
  });
});

describe("OpenTofu (aws-ia/terraform-aws-control_tower_account_factory, .tofu modules)", () => {
  it("an agent's new module in .tofu (modules/aft-agent-access/iam.tofu) is infrastructure", () => {
    expect(byGlob("modules/aft-agent-access/iam.tofu")).toEqual(["modules/aft-agent-access/iam.tofu"]);
  });
  it("an override in OpenTofu's JSON syntax (main_override.tofu.json) is infrastructure", () => {
    expect(byGlob("modules/aft-iam-roles/admin-role/main_override.tofu.json")).toEqual(["modules/aft-iam-roles/admin-role/main_override.tofu.json"]);
  });
  it("a folder whose only module files are .tofu.json is a project on the base branch: its other files are infrastructure", async () => {
    expect(await infraOf(["generated/network/policy.txt"], ["generated/network/main.tofu.json", "generated/network/policy.txt"])).toEqual(["generated/network/policy.txt"]);
  });
  it("a push adding or removing a .tofu.json module file re-evaluates the open PRs (it makes or unmakes a project)", () => {
    expect(mayChangeInfraRoots({ added: ["generated/network/main.tofu.json"], removed: [], modified: [] })).toBe(true);
  });
});

describe("Terraform's automatically loaded variable files in JSON (terraform.tfvars.json, *.auto.tfvars.json)", () => {
  it.each(["envs/prod/terraform.tfvars.json", "envs/prod/agent.auto.tfvars.json"])("%s is infrastructure, as its .tfvars twin is", (path) => {
    expect(byGlob(path)).toEqual([path]);
  });
});

describe("Pulumi's project file in each format it reads (pulumi/pulumi encoding.Exts)", () => {
  it.each(["infra-orders/Pulumi.yml", "infra-orders/Pulumi.json", "orders/Pulumi.prod.yml", "orders/Pulumi.prod.json"])("a new %s is infrastructure", (path) => {
    expect(byGlob(path)).toEqual([path]);
  });
  it("a folder holding Pulumi.json on the base branch is a project: its index.ts is infrastructure", async () => {
    expect(await infraOf(["orders/index.ts"], ["orders/Pulumi.json", "orders/index.ts", "web/app.ts"])).toEqual(["orders/index.ts"]);
  });
});

describe("ordinary files with like names stay outside", () => {
  it.each(["src/pulumi.ts", "docs/tofu.md", "src/recipes/tofu.json", "web/kustomization-guide.html", "app/cdk8s-notes.txt"])("%s", (path) => {
    expect(byGlob(path)).toEqual([]);
  });
});
