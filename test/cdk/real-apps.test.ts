/**
 * The Aspect on ten real, public CDK apps (reproduced in test/cdk/real-apps/, sources in its
 * README), synthesized in-process. For each app, the expected open error findings under the
 * stated config were written from reading the app before the test was first run, with the
 * reason. Every error finding must be an error annotation in the cloud assembly `cdk synth`
 * reads (nested stage assemblies included), and `scan` on that assembly must agree.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Aspects, type AppProps } from "aws-cdk-lib";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { runScan } from "../../src/cli/scan-run.js";
import type { Finding } from "../../src/core/finding.js";
import { resolvePolicy } from "../../src/policy/load.js";
import type { UserConfig } from "../../src/policy/schema.js";
import { messagesOf } from "./apps.js";
import * as apps from "./real-apps/apps.js";

/** The config every app is evaluated under: the team lists its production accounts (item 1). */
const production = { accounts: [apps.PROD_ACCOUNT, apps.REPLICA_ACCOUNT] };

interface RealApp {
  name: string;
  build: (app: App) => void;
  /** Role name patterns the team treats as agents in this app (beyond the defaults). */
  agents?: string[];
  /** [rule, subject] of every open error finding, with why. */
  expected: [rule: Finding["rule"], subject: RegExp, why: string][];
}

const TP = "termination protection is off (none of these apps sets terminationProtection)";

const REAL_APPS: RealApp[] = [
  {
    name: "api-cors-lambda-crud-dynamodb",
    build: apps.apiCrud,
    agents: ["deleteItemFunction*"],
    expected: [
      ["prod-resource-unprotected", /^ApiLambdaCrudDynamoDBExample$/, TP],
      ["prod-resource-unprotected", /^ApiLambdaCrudDynamoDBExample\/items/, "table with removalPolicy DESTROY in a production account"],
      ["agent-destructive-prod", /^ApiLambdaCrudDynamoDBExample\/deleteItemFunctionServiceRole/, "grantReadWriteData gives dynamodb:DeleteItem on the production table; its AWSLambdaBasicExecutionRole is known (no 'cannot be verified')"],
    ],
  },
  {
    name: "ecs/fargate-application-load-balanced-service",
    build: apps.fargateService,
    expected: [], // account 222222222222 is not in production.accounts and nothing names it production
  },
  {
    name: "rds/aurora",
    build: apps.aurora,
    expected: [
      ["prod-resource-unprotected", /^AuroraStack$/, TP],
      ["prod-resource-unprotected", /^AuroraStack\/AuroraClusterCredentials/, "secretsmanager.Secret defaults to RemovalPolicy.DESTROY"],
      // The cluster is RETAIN + deletionProtection; its writer/reader instances are judged by the cluster.
    ],
  },
  {
    name: "api-gateway-parallel-step-functions (nested stack)",
    build: apps.parallelStepFunctions,
    agents: ["mystatemachineRole*"],
    expected: [
      ["prod-resource-unprotected", /^ApiGatewayParallelStepFunctions$/, TP],
      // The state machine role: lambda:InvokeFunction and CDK's log-delivery housekeeping (logs:DeleteLogDelivery) only.
      // The nested VPC stack has nothing stateful and no termination protection of its own.
    ],
  },
  {
    name: "s3-kms-cross-account-replication",
    build: apps.crossAccountReplication,
    expected: [
      ["prod-resource-unprotected", /^Step1SourceAccount$/, TP],
      ["prod-resource-unprotected", /^Step2DestinationAccount$/, TP],
      ["prod-resource-unprotected", /^Step3SourceAccount$/, TP],
      ["prod-resource-unprotected", /^Step2DestinationAccount\/s3crossaccountreplicationdestbucket/, "destination bucket DESTROY + autoDeleteObjects"],
      ["prod-resource-unprotected", /^Step3SourceAccount\/sourcebuckettoreplicatefrom/, "source bucket DESTROY + autoDeleteObjects"],
      // The replication role (s3.amazonaws.com) is no agent; the keys keep the CDK default RETAIN.
    ],
  },
  {
    name: "backup-s3 (autoDeleteObjects)",
    build: apps.backupS3,
    agents: ["CustomS3AutoDeleteObjectsCustomResourceProviderRole*"],
    expected: [
      ["prod-resource-unprotected", /^AwsBackupS3Stack$/, `${TP}; env-agnostic, so production (fail closed)`],
      ["prod-resource-unprotected", /^AwsBackupS3Stack\/testBucket/, "bucket DESTROY + autoDeleteObjects"],
      ["agent-destructive-prod", /^AwsBackupS3Stack\/CustomS3AutoDeleteObjectsCustomResourceProviderRole/, "the bucket policy grants the provider role s3:DeleteObject* and s3:PutBucketPolicy (a resource-based policy)"],
    ],
  },
  {
    name: "cdkpipeline-ecs (CDK Pipelines)",
    build: apps.cdkPipelineEcs,
    expected: [
      ["prod-resource-unprotected", /^CdkPipelineEcsStack$/, TP],
      ["prod-resource-unprotected", /^AppsUS-VPCStack$/, TP],
      ["prod-resource-unprotected", /^AppsUS-ECSStack$/, TP],
      ["prod-resource-unprotected", /^AppsEU-VPCStack$/, TP],
      ["prod-resource-unprotected", /^AppsEU-ECSStack$/, TP],
      // Not foreseen before the first run (recorded in real-apps/README.md): CodePipeline adds a
      // cross-region support stack for the eu-west-1 stage, itself a production stack without termination protection.
      ["prod-resource-unprotected", /^CdkPipelineEcsStack-support-eu-west-1$/, TP],
    ],
  },
  {
    name: "lambda-provisioned-concurrency-autoscaling",
    build: apps.provisionedConcurrencyScaling,
    agents: ["*Role*"],
    expected: [
      ["prod-resource-unprotected", /^LambdaProvisionedConcurrencyScalingSchedule$/, TP],
      // The function role has only AWSLambdaBasicExecutionRole; the scaling target's service-linked role is not an imported agent role.
    ],
  },
  {
    name: "ddb/global-table-with-cmk (nested stacks)",
    build: apps.globalTableWithCmk,
    agents: ["AWS679f53fac002430cb0da5b7982bd2287*"],
    expected: [
      ["prod-resource-unprotected", /^global-ddb-cmk$/, `${TP}; no account in env, so production (fail closed)`],
      ["prod-resource-unprotected", /^global-ddb-cmk\.cmkstack[^/]*\/multiregioncmk/, "L1 CfnKey without DeletionPolicy, in the nested CMK stack"],
      ["prod-resource-unprotected", /^global-ddb-cmk\.ddbstack[^/]*\/globaltable/, "L1 CfnGlobalTable without DeletionPolicy, in the nested table stack"],
      ["agent-destructive-prod", /^global-ddb-cmk\.cmkstack[^/]*\/AWS679f53fac002430cb0da5b7982bd2287ServiceRole/, "the AwsCustomResource role has kms:* on * (ScheduleKeyDeletion, DisableKey)"],
    ],
  },
  {
    name: "stepfunctions-job-poller",
    build: apps.jobPoller,
    agents: ["CronStateMachineRole*"],
    expected: [
      ["prod-resource-unprotected", /^aws-stepfunctions-integ$/, TP],
      // The state machine role only invokes the two functions.
    ],
  },
];

interface Synthesized {
  outdir: string;
  assembly: CloudAssembly;
  guardrails: AgentGuardrails;
  config: UserConfig;
}

function synthesize(real: RealApp): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-real-"));
  const app = new App({ outdir, builtinCloudFormationValidation: false } as AppProps);
  real.build(app);
  // Added after the app is built: CDK Pipelines stages are synthesized already (item 10).
  const config: UserConfig = { production, ...(real.agents ? { agents: { roleNamePatterns: real.agents } } : {}) };
  const guardrails = new AgentGuardrails({ config });
  Aspects.of(app).add(guardrails);
  return { outdir, assembly: app.synth(), guardrails, config };
}

describe.each(REAL_APPS.map((r) => [r.name, r] as const))("%s", (_name, real) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize(real);
  }, 60_000);

  const open = (): Finding[] => (s.guardrails.result?.findings ?? []).filter((f) => !f.suppressed && f.severity === "error");

  test("evaluates without errors and finds exactly the expected error findings", () => {
    expect(s.guardrails.result?.errors).toEqual([]);
    const found = open().map((f) => `${f.rule} ${f.subject}`).sort();
    const unmatched = [...found];
    for (const [rule, subject] of real.expected) {
      const i = unmatched.findIndex((k) => k.startsWith(`${rule} `) && subject.test(k.slice(rule.length + 1)));
      expect([rule, subject.source, i >= 0 ? "found" : "missing", found]).toEqual([rule, subject.source, "found", found]);
      unmatched.splice(i, 1);
    }
    expect(unmatched).toEqual([]);
    for (const f of open()) expect(f.evidence.some((e) => e.note?.includes("not verified (fail closed)"))).toBe(false);
  });

  test("every error finding is an error annotation in the cloud assembly cdk synth reads", () => {
    const errors = messagesOf(s.assembly).filter((m) => m.level === "error").map((m) => m.text);
    for (const f of open()) expect(errors.some((t) => t.startsWith(`[${f.rule}] ${f.message.slice(0, 60)}`))).toBe(true);
    expect(errors.filter((t) => /imported agent role/.test(t))).toEqual([]);
  });

  test("scan on the synthesized cdk.out reaches the same verdicts", async () => {
    const key = (f: Finding) => JSON.stringify([f.rule, f.subject, [...(f.actions ?? [])].sort(), f.severity, f.suppressed !== null]);
    const report = await runScan([s.outdir], resolvePolicy(s.config, "real-apps config"));
    expect(report.errors).toEqual([]);
    expect(report.findings.map(key).sort()).toEqual((s.guardrails.result?.findings ?? []).map(key).sort());
  }, 30_000);
});

test("CDK Pipelines: the stage stacks keep validateOnSynth, so `cdk synth` reads their errors", () => {
  const s = synthesize(REAL_APPS.find((r) => r.build === apps.cdkPipelineEcs) as RealApp);
  const stageStacks = s.assembly.nestedAssemblies.flatMap((n) => n.nestedAssembly.stacks);
  expect(stageStacks.map((st) => st.stackName).sort()).toEqual(["AppsEU-ECSStack", "AppsEU-VPCStack", "AppsUS-ECSStack", "AppsUS-VPCStack"]);
  for (const st of stageStacks) {
    expect(st.validateOnSynth).toBe(true);
    expect(st.messages.some((m) => m.level === "error" && String(m.entry.data).startsWith("[prod-resource-unprotected]"))).toBe(true);
  }
}, 60_000);
