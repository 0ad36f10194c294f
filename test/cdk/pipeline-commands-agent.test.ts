/**
 * A CodePipeline Commands action (aws-cdk-lib `CommandsAction`, CodePipeline V2) runs its shell
 * commands in CodePipeline-managed compute as the action's role (else the pipeline's): commands
 * that install and run a coding agent make that role the agent's, as a CodeBuild project's
 * buildspec does (CodePipeline User Guide, "Commands action reference").
 *
 * Input: aws-cdk-lib 2.276.0's own CommandsAction synthesized in-process (a class probe of ours, no
 * public app found that runs an agent this way). Expected before the first run, config
 * `production.accounts: ["111111111111"]`, stack `Release` in that account:
 * - review commands `npm install -g @anthropic-ai/claude-code` + `claude -p …`, its own action role
 *   (`ReviewActionRole`, trusting the account) allowed sts:AssumeRole on the production account's
 *   CDK deploy role: agent-privilege-escalation on that role (the deploy role's access is outside
 *   the app). Before the fix: nothing, the
 *   role was no agent's (its name says Review, and a Commands action was no agent host).
 * - the same pipeline running `npm ci` / `npm test`: no agent finding.
 */
import { Stack } from "aws-cdk-lib";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Finding } from "../../src/core/finding.js";
import { aspectAndScan } from "./aspect-scan.js";

const config = { production: { accounts: ["111111111111"] } };
const agentSubjects = (findings: Finding[]): string[] => [...new Set(findings.filter((f) => f.rule.startsWith("agent-") && f.severity === "error").map((f) => `${f.rule} ${f.subject}`))].sort();

function run(commands: string[]): Promise<string[]> {
  return aspectAndScan(
    (app) => {
      const stack = new Stack(app, "Release", { env: { account: "111111111111", region: "us-east-1" }, terminationProtection: true });
      const source = new codepipeline.Artifact();
      const pipeline = new codepipeline.Pipeline(stack, "Pipeline", { pipelineType: codepipeline.PipelineType.V2 });
      const src = new s3.Bucket(stack, "Src");
      pipeline.addStage({ stageName: "Source", actions: [new actions.S3SourceAction({ actionName: "Src", bucket: src, bucketKey: "src.zip", output: source })] });
      // The action's own role, allowed to assume the CDK deploy role (to run `cdk diff`/`deploy`).
      const role = new iam.Role(stack, "ReviewActionRole", { assumedBy: new iam.AccountRootPrincipal() });
      role.addToPolicy(new iam.PolicyStatement({ actions: ["sts:AssumeRole"], resources: ["arn:aws:iam::111111111111:role/cdk-hnb659fds-deploy-role-111111111111-us-east-1"] }));
      pipeline.addStage({ stageName: "Review", actions: [new actions.CommandsAction({ actionName: "Review", input: source, commands, role })] });
    },
    config,
    agentSubjects,
  );
}

describe("a CodePipeline Commands action that runs a coding agent", () => {
  test("its action role is the agent's", async () => {
    const found = await run(["npm install -g @anthropic-ai/claude-code", "claude -p 'review the change set' --dangerously-skip-permissions"]);
    expect(found).toEqual([expect.stringMatching(/^agent-privilege-escalation Release\/ReviewActionRole[0-9A-F]{8}$/)]);
  }, 60_000);

  test("an ordinary Commands action's role is no agent's", async () => {
    expect(await run(["npm ci", "npm test"])).toEqual([]);
  }, 60_000);
});
