/**
 * Files AWS's own deploy tools read and turn into AWS resources or the roles a workload runs as,
 * on real repository layouts (paths only; each source named with its commit and licence). Each
 * path was judged before running the check: an agent's change to it changes what is deployed
 * with which permissions, so the PR is an infrastructure PR.
 *
 * - actions/starter-workflows @20731f14 (MIT) deployments/aws.yml, GitHub's "Deploy to Amazon
 *   ECS" starter: the task definition is a JSON file of the repository, "e.g.
 *   .aws/task-definition.json", rendered and registered by the workflow on every push; its
 *   taskRoleArn / executionRoleArn are the roles the service runs as. 1,671+ public repositories
 *   hold .aws/task-definition.json (find_files).
 * - Abdelali12-codes/ecs-blue-green-backend @dd873c5e (no licence: paths only): taskdef.json
 *   (taskRoleArn, executionRoleArn) beside buildspec.yaml, the CodeDeploy ECS blue/green layout
 *   whose appspec the globs already name; 2,584+ repositories hold taskdef.json.
 * - awsdocs/elastic-beanstalk-samples @112a7ac0 (licence not read: paths only):
 *   .ebextensions/*.config hold CloudFormation `Resources` (loadbalancer-accesslogs-newbucket.config:
 *   an S3 bucket and its bucket policy; storage-efs-createfilesystem.config: an EFS file system)
 *   and option_settings (the instance profile, security groups) that Elastic Beanstalk applies.
 * - FlowiseAI/Flowise @48c4a719 (Apache-2.0), an AWS Copilot workspace (copilot/.workspace):
 *   copilot/flowise/addons/flowise-secrets-manager-access-policy.yml (an AWS::IAM::ManagedPolicy
 *   for the task role), copilot/environments/addons/flowise-cluster.yml, and environment manifests
 *   copilot/environments/prod/manifest.yml (a level below copilot/<service>/manifest.yml).
 *   aws/copilot-cli docs (Apache-2.0): addons are CloudFormation templates deployed with the
 *   service or environment; overrides/ patch the generated template.
 */
import { infraFiles, rule } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr } from "./facts.js";

const policy = resolvePolicy();
const byGlob = (path: string): string[] => infraFiles(copilotPr({ files: [{ path }] }), policy.review.infraPaths);

describe("ECS task definitions a workflow or CodeDeploy registers (the roles a service runs as)", () => {
  it.each([".aws/task-definition.json", "taskdef.json", "services/api/.aws/task-definition-prod.json", "deploy-config/ecs-task-definition.json", "ecs/orders-taskdef.json"])("%s is infrastructure", (path) => {
    expect(byGlob(path)).toEqual([path]);
  });
  it("an agent's PR that only points the task definition at another role is guarded: it fails without approvals", () => {
    const decision = rule.evaluate(copilotPr({ files: [{ path: ".aws/task-definition.json" }] }), policy);
    expect(decision.guarded).toBe(true);
    expect(decision.conclusion).toBe("failure");
  });
});

describe("Elastic Beanstalk configuration files (CloudFormation resources and option settings)", () => {
  it.each([".ebextensions/loadbalancer-accesslogs-newbucket.config", ".ebextensions/storage-efs-createfilesystem.config", "backend/.ebextensions/01-iam.config", ".elasticbeanstalk/saved_configs/prod.cfg.yml"])("%s is infrastructure", (path) => {
    expect(byGlob(path)).toEqual([path]);
  });
});

describe("AWS Copilot workspaces (Flowise's copilot/)", () => {
  it.each([
    "copilot/flowise/addons/flowise-secrets-manager-access-policy.yml",
    "copilot/environments/addons/flowise-cluster.yml",
    "copilot/environments/prod/manifest.yml",
    "copilot/pipelines/release/manifest.yml",
    "copilot/api/overrides/cfn.patches.yml",
    "copilot/.workspace",
  ])("%s is infrastructure", (path) => {
    expect(byGlob(path)).toEqual([path]);
  });
});

describe("Amplify Hosting's build specification (amplify.yml runs the backend deploy with the app's service role)", () => {
  it.each(["amplify.yml", "apps/web/amplify.yaml"])("%s is infrastructure", (path) => {
    expect(byGlob(path)).toEqual([path]);
  });
});

describe("ordinary application files with like names stay outside", () => {
  it.each([
    "src/copilot/ChatPanel.tsx", // an in-app "copilot" feature, no AWS Copilot
    "app/copilot/page.tsx",
    "src/tasks/task-list.json",
    "src/data/task-defaults.json",
    "docs/ebextensions.md",
    "src/amplify-config.ts",
  ])("%s", (path) => {
    expect(byGlob(path)).toEqual([]);
  });
});
