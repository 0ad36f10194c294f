/**
 * Infrastructure paths on real repository layouts (paths only; each source named with its commit
 * and licence): what an agent-authored PR there changes, and whether the check must guard it.
 *
 * - stefanprodan/podinfo @855f772 (Apache-2.0): kustomize/{kustomization,deployment}.yaml, charts/podinfo/
 * - fluxcd/flux2-kustomize-helm-example @7afc0b3 (Apache-2.0): apps/base/podinfo/{kustomization,release}.yaml
 * - aws-samples/amplify-next-template @cc3f82e (MIT-0): amplify/{backend,auth/resource,data/resource}.ts
 * - geerlingguy/ansible-for-devops @e7f47ec (MIT): deployments/playbooks/provision.yml
 * - geerlingguy/ansible-role-docker @d8a4438 (MIT): tasks/, meta/, handlers/, defaults/ at the root
 * - Azure/azure-quickstart-templates @c070d82 (MIT): quickstarts/microsoft.storage/storage-account-create/{azuredeploy.json,main.bicep}
 * - eslint/eslint @354f0fe (MIT): bin/eslint.js (an npm CLI, no CDK app)
 * - horizon-ui/horizon-ui-chakra-nextjs @ad524c8 (MIT): src/components/charts/BarChart.js (a dashboard's chart components)
 * - src/navigation/AuthStack.js: React Navigation's stack screen (2,526 public repositories hold that path)
 */
import { infraFiles } from "../../../src/core/review/two-person-review.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";
import { infraOf } from "./base-tree.js";
import { copilotPr } from "./facts.js";

const globs = resolvePolicy().review.infraPaths;
const byGlob = (path: string): boolean => infraFiles(copilotPr({ files: [{ path }] }), globs).length > 0;

describe("misses: infrastructure no glob named", () => {
  it.each([
    ["Amplify Gen 2 data (AppSync + DynamoDB authorization rules)", "amplify/data/resource.ts"],
    ["Amplify Gen 2 auth (Cognito)", "amplify/auth/resource.ts"],
    ["Amplify Gen 2 backend", "amplify/backend.ts"],
    ["Amplify Gen 1 CloudFormation", "amplify/backend/api/blog/build/stacks/Post.json"],
    ["an Ansible playbook", "deployments/playbooks/provision.yml"],
    ["Ansible group variables", "inventories/production/group_vars/all.yml"],
    ["an ARM template", "quickstarts/microsoft.storage/storage-account-create/azuredeploy.json"],
    ["a committed cloud assembly", "cdk.out/asset.3f2a/index.js"],
    ["a new submodule (or a new URL for one)", ".gitmodules"],
    ["a Helmfile", "deploy-config/helmfile.yaml"],
  ])("%s: %s", (_, path) => expect(byGlob(path)).toBe(true));
});

describe("false alarms: ordinary application files no glob may name", () => {
  it.each([
    ["an npm CLI's entry point", "bin/eslint.js"],
    ["a dashboard's chart component", "src/components/charts/BarChart.js"],
    ["a React Navigation stack screen", "src/navigation/AuthStack.js"],
    ["an inventory service", "src/inventory/service.ts"],
    ["a runbook", "docs/playbooks/incident.md"],
    ["an Amplify client configuration in the frontend", "src/amplify-config.ts"],
    // golang/go @25f042d (BSD-3-Clause) src/runtime/stack.go, the goroutine stack (114+ public copies);
    // src/main/java/Stack.java, a stack data structure in 480+ public repositories; a Python one.
    ["the Go runtime's goroutine stacks", "src/runtime/stack.go"],
    ["a stack data structure in Java", "src/main/java/Stack.java"],
    ["a stack data structure in Python", "app/utils/stack.py"],
    ["a stack data structure in TypeScript", "src/collections/stack.ts"],
  ])("%s: %s", (_, path) => expect(byGlob(path)).toBe(false));

  it("a CDK stack named for what it deploys is still named by the glob", () => {
    for (const path of ["src/main/java/com/myorg/OrdersStack.java", "orders/network_stack.py", "Infra.Stacks/DatabaseStack.cs", "stacks/OrdersStack.go", "lib/orders-stack.ts"]) expect(byGlob(path)).toBe(true);
  });

  it("what these globs no longer name is still found from the base branch: a CDK app's bin/, a Helm chart's files outside templates/", async () => {
    expect(await infraOf(["bin/orders.ts"], ["cdk.json", "bin/orders.ts", "lib/orders-stack.ts"])).toEqual(["bin/orders.ts"]);
    expect(await infraOf(["charts/podinfo/files/config.json"], ["charts/podinfo/Chart.yaml", "charts/podinfo/files/config.json"])).toEqual(["charts/podinfo/files/config.json"]);
  });
});

describe("misses: folders the base branch's project files make infrastructure", () => {
  it("a Kustomize folder (podinfo's kustomize/deployment.yaml)", async () => {
    expect(await infraOf(["kustomize/deployment.yaml"], ["kustomize/kustomization.yaml", "kustomize/deployment.yaml", "cmd/podinfo/main.go"])).toEqual(["kustomize/deployment.yaml"]);
  });
  it("a Flux app folder (apps/base/podinfo/release.yaml beside its kustomization.yaml)", async () => {
    expect(await infraOf(["apps/base/podinfo/release.yaml"], ["apps/base/podinfo/kustomization.yaml", "apps/base/podinfo/release.yaml"])).toEqual(["apps/base/podinfo/release.yaml"]);
  });
  it("a Helm chart in a folder named neither charts/ nor helm/ (chart/templates/daemonset.yaml)", async () => {
    expect(await infraOf(["chart/templates/daemonset.yaml"], ["chart/Chart.yaml", "chart/templates/daemonset.yaml", "main.go"])).toEqual(["chart/templates/daemonset.yaml"]);
  });
  it("a cdk8s app (cdk8s.yaml beside main.ts)", async () => {
    expect(await infraOf(["k8s-app/main.ts"], ["k8s-app/cdk8s.yaml", "k8s-app/main.ts"])).toEqual(["k8s-app/main.ts"]);
  });
  it("an Amplify Gen 2 function's handler (amplify/functions/…, deployed as a Lambda by amplify/backend.ts)", async () => {
    expect(await infraOf(["amplify/functions/say-hello/handler.ts"], ["amplify/backend.ts", "amplify/functions/say-hello/handler.ts", "app/page.tsx"])).toEqual(["amplify/functions/say-hello/handler.ts"]);
  });
  it("an Ansible role repository (tasks/ beside meta/ at the root), its README excepted", async () => {
    expect(await infraOf(["tasks/setup-Debian.yml", "README.md"], ["defaults/main.yml", "handlers/main.yml", "meta/main.yml", "tasks/main.yml", "tasks/setup-Debian.yml", "README.md"])).toEqual(["tasks/setup-Debian.yml"]);
  });
  it("a Bicep module's folder (metadata beside main.bicep)", async () => {
    expect(await infraOf(["quickstarts/storage/metadata.json"], ["quickstarts/storage/main.bicep", "quickstarts/storage/metadata.json"])).toEqual(["quickstarts/storage/metadata.json"]);
  });
  it("a submodule bump: its content cannot be read here, so it is judged as infrastructure", async () => {
    expect(await infraOf(["vendor/tf-modules"], ["src/app.py"], ["vendor/tf-modules"])).toEqual(["vendor/tf-modules"]);
  });
  it("none of these: a web app's files stay outside", async () => {
    expect(await infraOf(["app/page.tsx", "src/components/charts/BarChart.js"], ["amplify/backend.ts", "app/page.tsx", "src/components/charts/BarChart.js", "package.json"])).toEqual([]);
  });
});

describe("a config that narrows infraPaths keeps the gates around the guardrail", () => {
  // docs/github-app.md tells a team to narrow with replaceDefaults: an agent PR must still not rewrite the gate unreviewed.
  const narrowed = resolvePolicy(parseUserConfig(".github/agent-guardrail.yml", 'review:\n  replaceDefaults: true\n  infraPaths: ["terraform/**"]\n'));
  it.each([".github/agent-guardrail.yml", ".github/agent-guardrail.yaml", ".github/workflows/deploy.yml", ".github/CODEOWNERS", ".github/rulesets/main.json"])("%s stays infrastructure", (path) => {
    expect(infraFiles(copilotPr({ files: [{ path }] }), narrowed.review.infraPaths)).toEqual([path]);
  });
  it("what the team narrowed away is gone", () => {
    expect(infraFiles(copilotPr({ files: [{ path: "k8s/deployment.yaml" }, { path: "terraform/main.tf" }] }), narrowed.review.infraPaths)).toEqual(["terraform/main.tf"]);
  });
});

describe("settings-as-code apps that rewrite the gates (branch protection, required checks, rulesets, collaborators)", () => {
  // repository-settings/app @cb0720a (ISC): "syncs repository settings defined in `.github/settings.yml`",
  // including branches[].protection.required_status_checks.contexts and rulesets, and "inherently
  // escalates anyone with push permissions to the admin role". github/safe-settings (ISC) keeps an
  // org's settings in its admin repo: .github/settings.yml, .github/suborgs/*.yml, .github/repos/*.yml.
  // Expected: each is infrastructure, by default and when replaceDefaults narrows the list (like rulesets).
  const narrowed = resolvePolicy(parseUserConfig(".github/agent-guardrail.yml", 'review:\n  replaceDefaults: true\n  infraPaths: ["terraform/**"]\n'));
  it.each([".github/settings.yml", ".github/repos/platform.yml", ".github/suborgs/payments.yml"])("%s is infrastructure, also with narrowed infraPaths", (path) => {
    expect(infraFiles(copilotPr({ files: [{ path }] }), resolvePolicy().review.infraPaths)).toEqual([path]);
    expect(infraFiles(copilotPr({ files: [{ path }] }), narrowed.review.infraPaths)).toEqual([path]);
  });
  it("an app's own settings file elsewhere is not", () => {
    expect(infraFiles(copilotPr({ files: [{ path: "config/settings.yml" }, { path: "src/repos/list.ts" }] }), resolvePolicy().review.infraPaths)).toEqual([]);
  });
});

/**
 * The pipeline definitions other CI/CD services read from the repository and run with the
 * credentials they hold, as GitHub Actions, Travis, Drone, CircleCI and Buildkite (already named)
 * do. Each read before running the check (paths; a file quoted only where its licence allows):
 * - openshift-pipelines/pipelines-as-code @00bc9d7 (Apache-2.0) .tekton/push.yaml: Pipelines-as-Code
 *   runs the PipelineRuns of the repository's top-level .tekton/ (its docs, "Authoring PipelineRuns
 *   in .tekton/ directory"); this one reads the secret nightly-ci-github-hub-token and pushes to the
 *   repository's nightly branch; Konflux's <component>-push.yaml build pipelines live there too.
 * - 0xd4d/dnlib @2863836 (MIT) appveyor.yml: deploy to NuGet with its api_key on a tag.
 * - ACINQ/eclair @1e3ae87 (Apache-2.0) .semaphore/semaphore.yml: a block with the secrets it names.
 * - Automattic/wp-calypso @f9ed65a (GPL-2.0, paths only) .teamcity/settings.kts: TeamCity's
 *   versioned settings (Kotlin DSL) read from the repository.
 * - BDX-town/Akkoma @b4e37b0 (paths only) .woodpecker.yml; EventStore/EventStore.Charts @aaa1da7
 *   (paths only) codefresh.yml; AaronMT/firefox-ios @9e893a2 (MPL-2.0, paths only) bitrise.yml.
 * - Coykto/foodfeed @9d9e23a (paths only) .codecatalyst/workflows/main.yaml: Amazon CodeCatalyst
 *   workflows, kept there (awslabs/codecatalyst-blueprints-for-aws-pdk README: pr.yaml, release
 *   deploying with the AWS account and IAM role the blueprint is given), run on linked GitHub
 *   repositories too.
 * 1,400 to 2,400 public repositories hold each of appveyor.yml, .semaphore/semaphore.yml,
 * .woodpecker.yml, .teamcity/settings.kts, codefresh.yml and bitrise.yml (find_files).
 */
describe("misses: pipelines other CI/CD services run from the repository", () => {
  it.each([
    ["Pipelines-as-Code (Tekton)", ".tekton/push.yaml"],
    ["a Konflux build pipeline", ".tekton/orders-api-push.yaml"],
    ["a Tekton task beside them", ".tekton/tasks/buildah-user.yaml"],
    ["AppVeyor", "appveyor.yml"],
    ["AppVeyor, hidden name", ".appveyor.yml"],
    ["Semaphore", ".semaphore/semaphore.yml"],
    ["Semaphore's promotion pipeline", ".semaphore/production-deploy.yml"],
    ["TeamCity versioned settings", ".teamcity/settings.kts"],
    ["Woodpecker", ".woodpecker.yml"],
    ["Woodpecker's folder of pipelines", ".woodpecker/deploy.yaml"],
    ["Codefresh", "codefresh.yml"],
    ["Bitrise", "bitrise.yml"],
    ["Amazon CodeCatalyst", ".codecatalyst/workflows/main.yaml"],
  ])("%s: %s", (_, path) => expect(byGlob(path)).toBe(true));

  it.each([
    ["a Tekton client in application code", "pkg/tekton/client.go"],
    ["a page about AppVeyor", "docs/appveyor.md"],
    ["a Semaphore (the synchronization primitive)", "src/sync/semaphore.ts"],
    ["a Bitrise API client", "src/bitrise/api.ts"],
  ])("not infrastructure: %s: %s", (_, path) => expect(byGlob(path)).toBe(false));
});
