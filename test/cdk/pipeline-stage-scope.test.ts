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
import { App, NestedStack, RemovalPolicy, Stack, Stage } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as pipelines from "aws-cdk-lib/pipelines";
import type { Construct } from "constructs";
import type { Finding } from "../../src/core/finding.js";
import type { UserConfig } from "../../src/policy/schema.js";
import { aspectAndScan } from "./aspect-scan.js";

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

const subjects = (findings: Finding[]): string[] => [...new Set(findings.filter((f) => f.severity === "error").map((f) => `${f.rule} ${f.subject}`))].sort();

const both = (build: (app: App) => void, config: UserConfig = {}): Promise<string[]> => aspectAndScan(build, config, subjects);

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

/**
 * Checked input, no defect: aws-samples/aws-cdk-pipelines-datalake-infrastructure @
 * 089f1756747c2e963189dd9acd1f6e012fae8152 (MIT-0; `app.py`, `lib/pipeline_stack.py`,
 * `lib/pipeline_deploy_stage.py`, `lib/s3_bucket_zones_stack.py`, `lib/iam_stack.py`,
 * `lib/configuration.py` @ 1c4b49b6). Three pipeline stacks in the deployment account
 * 763833843198 (`Dev|Test|ProdDataLakeCDKBlogInfrastructurePipeline`, crossAccountKeys), each
 * adding as its child a stage named for its environment, deployed to that environment's account
 * (dev 431670122812, test 278032850134, prod 927825637834): a VPC stack, the bucket zones stack
 * (KMS key and raw/conformed/purpose-built buckets RETAIN in Test and Prod, DESTROY in Dev; access
 * logs bucket RETAIN) and an IAM stack (a role the deployment account assumes, dynamodb:* on every
 * table). Reproduced in TypeScript (CDK v1 CdkPipeline → v2 CodePipeline; the VPC cut to one AZ
 * without NAT; the SSM sync step, lifecycle rules and bucket policies left out).
 *
 * Expected before the first run, config `production.accounts: ["927825637834"]` (the prod
 * account): the Prod stage's three stacks lack termination protection; the Prod pipeline stack is
 * production by its name (a name token outweighs an unlisted account) without termination
 * protection, and its pipeline's artifact key (CDK's default, removal DESTROY) is unprotected; the
 * Dev and Test pipelines and stages are not production; the RETAIN stores pass; the DynamoDB role
 * is no agent's. The first run agreed.
 */
describe("a data lake's three CDK pipelines, one stage each (aws-cdk-pipelines-datalake-infrastructure)", () => {
  const ACCOUNTS: Record<string, string> = { Dev: "431670122812", Test: "278032850134", Prod: "927825637834" };
  const PREFIX = "DataLakeCDKBlog";
  class PipelineDeployStage extends Stage {
    constructor(scope: Construct, env: string) {
      super(scope, env, { env: { account: ACCOUNTS[env] as string, region: "us-east-2" } });
      const vpcStack = new Stack(this, `${env}${PREFIX}InfrastructureVpc`);
      new ec2.Vpc(vpcStack, `${env}${PREFIX}Vpc`, { maxAzs: 1, natGateways: 0 });
      const zones = new Stack(this, `${env}${PREFIX}InfrastructureS3BucketZones`);
      const removalPolicy = env === "Prod" || env === "Test" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
      const key = new kms.Key(zones, `${env}${PREFIX}KmsKey`, { removalPolicy, admins: [new iam.AccountPrincipal(ACCOUNTS[env])] });
      const logs = new s3.Bucket(zones, `${env}${PREFIX}AccessLogsBucket`, { encryptionKey: key, removalPolicy: RemovalPolicy.RETAIN, versioned: true });
      for (const zone of ["Raw", "Conformed", "PurposeBuilt"]) {
        new s3.Bucket(zones, `${env}${PREFIX}${zone}Bucket`, { encryptionKey: key, removalPolicy, versioned: true, serverAccessLogsBucket: logs });
      }
      const iamStack = new Stack(this, `${env}${PREFIX}InfrastructureIam`);
      new iam.Role(iamStack, `${env}${PREFIX}CrossAccountDynamoDbRole`, {
        assumedBy: new iam.AccountPrincipal("763833843198"),
        inlinePolicies: { ddb: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ["dynamodb:*"], resources: ["arn:aws:dynamodb:*:*:table/*"] })] }) },
      });
    }
  }

  test("only the Prod stage's stacks and the Prod pipeline are production", async () => {
    const found = await both(
      (app) => {
        for (const env of ["Dev", "Test", "Prod"]) {
          const stack = new Stack(app, `${env}${PREFIX}InfrastructurePipeline`, { env: { account: "763833843198", region: "us-east-2" } });
          const pipeline = new pipelines.CodePipeline(stack, `${env}${PREFIX}InfrastructurePipeline`, {
            crossAccountKeys: true,
            synth: new pipelines.ShellStep("Synth", { input: pipelines.CodePipelineSource.gitHub("aws-samples/aws-cdk-pipelines-datalake-infrastructure", "main"), commands: ["npm install -g aws-cdk && pip3 install -r requirements.txt", "cdk synth --verbose"] }),
          });
          pipeline.addStage(new PipelineDeployStage(stack, env));
        }
      },
      { production: { accounts: ["927825637834"] } },
    );
    expect(found).toEqual([
      `prod-resource-unprotected Prod-Prod${PREFIX}InfrastructureIam`,
      `prod-resource-unprotected Prod-Prod${PREFIX}InfrastructureS3BucketZones`,
      `prod-resource-unprotected Prod-Prod${PREFIX}InfrastructureVpc`,
      `prod-resource-unprotected Prod${PREFIX}InfrastructurePipeline`,
      expect.stringMatching(new RegExp(`^prod-resource-unprotected Prod${PREFIX}InfrastructurePipeline/.*ArtifactsBucketEncryptionKey`)),
    ]);
  }, 120_000);
});
