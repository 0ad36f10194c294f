/**
 * The configuration of the tools that plan and apply a repository's Terraform/OpenTofu from its
 * pull requests, with the cloud credentials they hold. Each was judged before running the check:
 * an agent's change to it decides which folders are planned and applied, and with which commands,
 * so the PR is an infrastructure PR, as a change of `.github/workflows/**` or `buildspec.yml` is.
 *
 * - runatlantis/atlantis @08e9c5a1 (Apache-2.0) runatlantis.io/docs/repo-level-atlantis-yaml.md:
 *   "Atlantis uses the atlantis.yaml version from the pull request"; with custom workflows allowed,
 *   "anyone that can create a pull request to your repo can run arbitrary code on the Atlantis
 *   server"; once it lists projects, Atlantis plans only those (a project left out is never applied
 *   through it). 962+ public repositories hold atlantis.yaml (find_files).
 * - diggerhq/digger_custom_commands_demo @4c17d92a (licence not read: paths only): digger.yml
 *   projects (dir: infra/dev) and workflows with `run:` steps executed in the job that holds the
 *   cloud credentials; 200+ repositories hold digger.yml.
 * - ChetanBhasin/terrateam-demo @8d284fb5 (paths only): .terrateam/config.yml (Terrateam's
 *   workflows, hooks and apply requirements); 110+ repositories hold it.
 * - Spacelift reads .spacelift/config.yml (stack settings, before/after hooks) from the repository;
 *   env0 reads env0.yml (custom flows with run steps) from the template's folder.
 */
import { infraFiles } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr } from "./facts.js";

const globs = resolvePolicy().review.infraPaths;
const byGlob = (path: string): string[] => infraFiles(copilotPr({ files: [{ path }] }), globs);

describe("Terraform pull-request automation files are infrastructure", () => {
  it.each(["atlantis.yaml", "atlantis.yml", "digger.yml", "digger.yaml", ".terrateam/config.yml", ".terrateam/hooks/pre-apply.sh", ".spacelift/config.yml", "stacks/network/env0.yml", "env0.yaml"])("%s", (path) => {
    expect(byGlob(path)).toEqual([path]);
  });
});

describe("like-named application files stay outside", () => {
  it.each(["src/atlantis/map.ts", "docs/digger.md", "src/env0/client.ts"])("%s", (path) => {
    expect(byGlob(path)).toEqual([]);
  });
});
