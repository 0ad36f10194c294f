/**
 * A CDK Pipelines stage added inside the pipeline stack (`pipeline.addStage(new DeployStage(this,
 * "Staging"))`) has a construct path that runs through that stack (`Prod-Test-Stack/Staging/…`),
 * yet deploys on its own, in its own environment (a Stage does not take its parent stack's env).
 * The pipeline stack's name describes the pipeline: the stage is judged by its own names, and the
 * pipeline's only when the stage's own names name no environment.
 *
 * Real input: GuiPimenta-Dev/demo-lambda-forge @ 0b041cb64a42a5799f1061d023a9fc6b4e8a919d
 * (infra/stacks/prod_stack.py, dev_stack.py, infra/stages/deploy.py, infra/stacks/lambda_stack.py;
 * the repository states no licence, so only its construct structure (facts) is reproduced here, in
 * our own code; README in test/cdk/real-apps/). ProdStack (`Prod-<name>-Stack`) holds the pipeline
 * and adds two stages as its children, `Staging` and `Prod`, each with one `<name>-Lambda-Stack`;
 * DevStack (`Dev-<name>-Stack`) adds one, `Dev`. Everything is env-agnostic, as published.
 *
 * Expected before the first run, default config (no production accounts):
 * - `Prod-Test-Stack` (the pipeline): production (named Prod), no termination protection: error.
 * - `Prod-Test-Lambda-Stack` (stage Prod): production, no termination protection: error.
 * - `Staging-Test-Lambda-Stack` (stage Staging, deployed by the Prod pipeline): not production, the
 *   stage names a staging environment. The first run reported it (the defect): `Prod` in the
 *   pipeline stack's id, part of the stage's construct path, outweighed the stage's own name.
 * - `Dev-Test-Stack` and `Dev-Test-Lambda-Stack`: not production (dev).
 * Class probes (ours, app name `Orders`, since the demo's `Test` is itself a non-production word):
 * a stage with a neutral id (`Deploy`) inside `Dev-Orders-Stack` keeps the pipeline's word (dev:
 * a layout where only the pipeline stack names the environment); inside `Prod-Orders-Stack` it is
 * production. A nested stack with a DESTROY table in each stage of the Prod pipeline is flagged in
 * the Prod stage only.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Aspects, NestedStack, RemovalPolicy, Stack, Stage } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as pipelines from "aws-cdk-lib/pipelines";
import type { Construct } from "constructs";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { runScan } from "../../src/cli/scan-run.js";
import type { Finding } from "../../src/core/finding.js";
import { resolvePolicy } from "../../src/policy/load.js";

const NAME = "Test";

/** lambda_stack.py: one stack of functions named `<name>-Lambda-Stack`, whatever the stage. */
class DeployStage extends Stage {
  constructor(scope: Construct, stage: string, name: string, withData = false) {
    super(scope, stage);
    const stack = new Stack(this, `${name}-Lambda-Stack`);
    new lambda.Function(stack, "HelloWorld", { runtime: lambda.Runtime.PYTHON_3_12, handler: "main.lambda_handler", code: lambda.Code.fromInline("def lambda_handler(e, c): return {}") });
    // Probe (ours): a nested stack holding a DESTROY table judged in its stage's scope.
    if (withData) new dynamodb.Table(new NestedStack(stack, "Data"), "Users", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
  }
}

/** prod_stack.py / dev_stack.py: the pipeline stack, named for its environment, adds its stages as its own children. */
function pipelineStack(app: App, env: "Prod" | "Dev", stages: string[], name = NAME, withData = false): void {
  const stack = new Stack(app, `${env}-${name}-Stack`);
  const pipeline = new pipelines.CodePipeline(stack, "Pipeline", {
    pipelineName: `${env}-${name}-Pipeline`,
    synth: new pipelines.ShellStep("Synth", {
      input: pipelines.CodePipelineSource.gitHub("GuiPimenta-Dev/test", env === "Prod" ? "main" : "dev"),
      installCommands: ["pip install lambda-forge aws-cdk-lib", "npm install -g aws-cdk"],
      commands: ["cdk synth"],
    }),
  });
  for (const stage of stages) pipeline.addStage(new DeployStage(stack, stage, name, withData));
}

function run(build: (app: App) => void): { aspect: string[]; outdir: string } {
  const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-stage-scope-"));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  build(app);
  const guardrails = new AgentGuardrails({ config: {} });
  Aspects.of(app).add(guardrails);
  app.synth();
  expect(guardrails.result?.errors).toEqual([]);
  return { aspect: subjects(guardrails.result?.findings ?? []), outdir };
}

const subjects = (findings: Finding[]): string[] => [...new Set(findings.filter((f) => f.severity === "error").map((f) => `${f.rule} ${f.subject}`))].sort();

async function both(build: (app: App) => void): Promise<string[]> {
  const { aspect, outdir } = run(build);
  const scan = await runScan([outdir], resolvePolicy({}));
  expect(scan.errors).toEqual([]);
  expect(subjects(scan.findings)).toEqual(aspect);
  return aspect;
}

describe("CDK Pipelines stages added inside the pipeline stack (demo-lambda-forge)", () => {
  test("the Prod pipeline's Staging stage is not production; its Prod stage and the pipeline are", async () => {
    expect(await both((app) => pipelineStack(app, "Prod", ["Staging", "Prod"]))).toEqual([
      `prod-resource-unprotected Prod-${NAME}-Lambda-Stack`,
      `prod-resource-unprotected Prod-${NAME}-Stack`,
    ]);
  }, 60_000);

  test("the Dev pipeline and its Dev stage are not production", async () => {
    expect(await both((app) => pipelineStack(app, "Dev", ["Dev"]))).toEqual([]);
  }, 60_000);

  test("a nested stack of a stage keeps its stage's scope, not the pipeline stack's", async () => {
    const found = await both((app) => pipelineStack(app, "Prod", ["Staging", "Prod"], NAME, true));
    expect(found.filter((s) => s.includes("Users"))).toEqual([expect.stringMatching(/^prod-resource-unprotected Prod-Test-Lambda-Stack\.DataNestedStack.*\/Users/)]);
  }, 60_000);

  // The demo's app name, Test, is itself a non-production word: the probes name the app Orders.
  test("a stage whose own names name no environment keeps the pipeline stack's word, either way", async () => {
    expect(await both((app) => pipelineStack(app, "Dev", ["Deploy"], "Orders"))).toEqual([]);
    expect(await both((app) => pipelineStack(app, "Prod", ["Deploy"], "Orders"))).toEqual([
      "prod-resource-unprotected Deploy-Orders-Lambda-Stack",
      "prod-resource-unprotected Prod-Orders-Stack",
    ]);
  }, 60_000);
});

/**
 * Terraleaves/canary_cicd @ 03ff88ae61067e1b7f0a9491a63b1d69ed019fb6 (lib/cicd-stack.ts,
 * lib/pipeline-app-stage.ts, lib/devops-stack.ts @ 0915adb9, bin/cicd.ts; no licence stated: the
 * construct structure only, in our own code, README in test/cdk/real-apps/). `CicdStack` holds a
 * CDK pipeline that deploys `MyPipelineAppStage` twice into account 325861338157: `STAGE` (UAT,
 * tested, then a manual approval) and `DEPLOY`, the production deployment; each has one
 * `DevOpsStack` (a canary function with AdministratorAccess, its alarm log table with DESTROY).
 *
 * Expected before the first run, default config: `DEPLOY-DevOpsStack` is production (nothing
 * says otherwise: fail closed) without termination protection, and its table is unprotected;
 * `CicdStack` is production without termination protection; `STAGE-DevOpsStack` is not production
 * (the stage is named stage). The first run passed `DEPLOY-DevOpsStack` (the defect): `DevOps`,
 * written in camelCase, was read as the words dev and ops, a dev environment.
 */
describe("a production stage whose stack is named for DevOps (Terraleaves/canary_cicd)", () => {
  class MyPipelineAppStage extends Stage {
    constructor(scope: Construct, id: string) {
      super(scope, id, { env: { account: "325861338157", region: "ap-southeast-2" } });
      const stack = new Stack(this, "DevOpsStack");
      const table = new dynamodb.Table(stack, "DevOpsAlarmLog", {
        partitionKey: { name: "websiteName", type: dynamodb.AttributeType.STRING },
        sortKey: { name: "timestamp", type: dynamodb.AttributeType.STRING },
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const fn = new lambda.Function(stack, "DevOpsCanaryFunction", { runtime: lambda.Runtime.NODEJS_20_X, handler: "index.handler", code: lambda.Code.fromInline("exports.handler = async () => {}") });
      table.grantWriteData(fn);
    }
  }

  test("the DEPLOY stage is production; the STAGE stage is not", async () => {
    const found = await both((app) => {
      const stack = new Stack(app, "CicdStack", { env: { account: "325861338157", region: "ap-southeast-2" } });
      const pipeline = new pipelines.CodePipeline(stack, "Pipeline", {
        pipelineName: "DevOpsPipeline",
        synth: new pipelines.ShellStep("Synth", { input: pipelines.CodePipelineSource.gitHub("kiyohiro0310/devops_cicd", "master"), commands: ["npm ci", "npm run build", "npx cdk synth"] }),
      });
      pipeline.addStage(new MyPipelineAppStage(stack, "STAGE"), { post: [new pipelines.ManualApprovalStep("approval")] });
      pipeline.addStage(new MyPipelineAppStage(stack, "DEPLOY"));
    });
    expect(found).toEqual([
      "prod-resource-unprotected CicdStack",
      "prod-resource-unprotected DEPLOY-DevOpsStack",
      expect.stringMatching(/^prod-resource-unprotected DEPLOY-DevOpsStack\/DevOpsAlarmLog/),
    ]);
  }, 60_000);
});
