/**
 * `iam.Role.customizeRoles`: CDK synthesizes no AWS::IAM::Role/Policy for the roles in its scope
 * (preventSynthesis, the default) or none of their grants (preventSynthesis false); the grants
 * are only in cdk.out/iam-policy-report.json. Both the Aspect and `scan cdk.out` judge them as
 * they judge a synthesized role (same findings, same suppressions), cite the report and the
 * role's construct path, and fail closed when the report cannot be read. Apps synthesized
 * in-process with aws-cdk-lib; the Lambda app reproduces aws/aws-cdk's own integ test
 * (test/cdk/real-apps/README.md).
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Aspects, RemovalPolicy, Stack, Stage, type App } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { runScan } from "../../src/cli/scan-run.js";
import { POLICY_REPORT_FILE, POLICY_SYNTHESIZER_ID } from "../../src/core/cfn/policy-report.js";
import type { Finding } from "../../src/core/finding.js";
import { resolvePolicy } from "../../src/policy/load.js";
import type { UserConfig } from "../../src/policy/schema.js";
import { messagesOf, newApp, type Message } from "./apps.js";

const PROD = "111111111111";
const env = { account: PROD, region: "us-east-1" };

interface Run {
  outdir: string;
  findings: Finding[];
  messages: Message[];
  config: UserConfig;
}

function synthesize(build: (app: App) => void, agents?: string[]): Run {
  const { app, outdir } = newApp();
  build(app);
  const config: UserConfig = { production: { accounts: [PROD] }, ...(agents ? { agents: { roleNamePatterns: agents } } : {}) };
  const guardrails = new AgentGuardrails({ config });
  Aspects.of(app).add(guardrails);
  const assembly = app.synth();
  expect(guardrails.result?.errors).toEqual([]);
  return { outdir, findings: guardrails.result?.findings ?? [], messages: messagesOf(assembly), config };
}

const scan = (run: Run) => runScan([run.outdir], resolvePolicy(run.config, "customize-roles config"));
const key = (f: Finding) => JSON.stringify([f.rule, f.subject, [...(f.actions ?? [])].sort(), f.severity, f.suppressed !== null]);
const agentFindings = (findings: Finding[]) => findings.filter((f) => f.rule.startsWith("agent-"));

/** The brief's reproduction: a production stack whose coding agent role CDK does not create. */
function codingAgentApp(options: { preventSynthesis?: boolean; suppress?: boolean } = {}) {
  return (app: App): void => {
    const data = new Stack(app, "Data", { env, terminationProtection: true });
    const bucket = new s3.Bucket(data, "Artifacts", { removalPolicy: RemovalPolicy.RETAIN });
    const stack = new Stack(app, "Prod", { env, terminationProtection: true });
    iam.Role.customizeRoles(stack, { usePrecreatedRoles: { CodingAgentRole: "coding-agent" }, ...(options.preventSynthesis === false ? { preventSynthesis: false } : {}) });
    const table = new dynamodb.Table(stack, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
    const role = new iam.Role(stack, "CodingAgentRole", { assumedBy: new iam.ServicePrincipal("bedrock.amazonaws.com") });
    table.grantFullAccess(role);
    // Another stack's bucket: the report writes `(Data/Artifacts/Resource.Arn)/*`.
    bucket.grantDelete(role);
    if (options.suppress) AgentGuardrails.suppress(role, "agent-destructive-prod", "the agent rebuilds the orders table by design (OPS-7)");
  };
}

describe("Role.customizeRoles: a precreated agent role's grants are judged from the IAM policy report", () => {
  let run: Run;
  beforeAll(() => {
    run = synthesize(codingAgentApp());
  }, 60_000);

  test("the Aspect finds the destructive grants (before: 0 findings), on the role's construct, and no 'imported agent role' warning", () => {
    const found = agentFindings(run.findings);
    expect(found.map((f) => [f.rule, f.subject, f.suppressed])).toEqual([["agent-destructive-prod", "Prod/CodingAgentRole", null]]);
    expect(found[0]?.actions).toEqual(expect.arrayContaining(["dynamodb:DeleteTable", "dynamodb:DeleteItem", "s3:DeleteObject"]));
    const evidence = found[0]?.evidence ?? [];
    expect(evidence.filter((e) => e.file === path.join(run.outdir, POLICY_REPORT_FILE)).map((e) => e.pointer)).toEqual(
      expect.arrayContaining(["/roles/1/identityPolicyStatements/0", "/roles/1/identityPolicyStatements/1", "/roles/1"]),
    );
    expect(evidence.some((e) => e.note?.includes("Role.customizeRoles role Prod/CodingAgentRole"))).toBe(true);
    expect(run.messages.filter((m) => m.level === "error" && m.text.includes("[agent-destructive-prod]")).map((m) => m.path)).toEqual(["/Prod/CodingAgentRole"]);
    expect(run.messages.filter((m) => m.text.includes("imported agent role"))).toEqual([]);
  });

  test("scan cdk.out reaches the same verdicts, citing iam-policy-report.json (with lines) and the construct path", async () => {
    const report = await scan(run);
    expect(report.errors).toEqual([]);
    expect(report.findings.map(key).sort()).toEqual(run.findings.map(key).sort());
    const cited = agentFindings(report.findings)[0]?.evidence.find((e) => e.pointer === "/roles/1/identityPolicyStatements/0");
    expect(cited).toEqual(expect.objectContaining({ file: path.join(run.outdir, POLICY_REPORT_FILE), line: expect.any(Number), note: expect.stringContaining("Prod/CodingAgentRole") }));
  });

  test("fails closed when the report is unreadable: not a report, unparseable, or missing (an input error naming the file)", async () => {
    const file = path.join(run.outdir, POLICY_REPORT_FILE);
    const errorsWith = async (content: string | undefined) => {
      if (content === undefined) rmSync(file, { force: true });
      else writeFileSync(file, content);
      const report = await scan(run);
      expect(agentFindings(report.findings)).toEqual([]);
      return report.errors.map((e) => [e.file, e.message]);
    };
    expect(await errorsWith('{"roles": {}}')).toEqual([[file, expect.stringMatching(/not a CDK IAM policy report.*fail closed/)]]);
    expect(await errorsWith('{"roles": [{"roleName": "x"}]}')).toEqual([[file, expect.stringMatching(/role 0 has no roleConstructPath/)]]);
    expect(await errorsWith('{"roles": [')).toEqual([[file, expect.stringMatching(/fail closed/)]]);
    // Missing: the text rendering (and the PolicySynthesizer in tree.json) say the app customized roles.
    expect(await errorsWith(undefined)).toEqual([[file, expect.stringMatching(/^missing: the app customizes IAM roles/)]]);
    rmSync(file.replace(/\.json$/, ".txt"));
    expect(await errorsWith(undefined)).toEqual([[file, expect.stringMatching(/^missing/)]]);
  }, 60_000);
});

describe("Role.customizeRoles variants: Aspect = scan", () => {
  test("preventSynthesis false: the role is in the template, its grants only in the report: judged together", async () => {
    const run = synthesize(codingAgentApp({ preventSynthesis: false }));
    const found = agentFindings(run.findings);
    expect(found.map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", expect.stringMatching(/^Prod\/CodingAgentRole[0-9A-F]{8}$/)]]);
    expect(found[0]?.actions).toEqual(expect.arrayContaining(["dynamodb:DeleteTable", "s3:DeleteObject"]));
    expect(found[0]?.evidence.some((e) => e.file?.endsWith(POLICY_REPORT_FILE))).toBe(true);
    const report = await scan(run);
    expect(report.errors).toEqual([]);
    expect(report.findings.map(key).sort()).toEqual(run.findings.map(key).sort());
  }, 60_000);

  test("AgentGuardrails.suppress(role) accepts the finding on both sides; synth shows no error", async () => {
    const run = synthesize(codingAgentApp({ suppress: true }));
    expect(agentFindings(run.findings).map((f) => [f.subject, f.suppressed?.reason])).toEqual([["Prod/CodingAgentRole", "the agent rebuilds the orders table by design (OPS-7)"]]);
    expect(run.messages.filter((m) => m.level === "error")).toEqual([]);
    const report = await scan(run);
    expect(report.findings.map(key).sort()).toEqual(run.findings.map(key).sort());
  }, 60_000);

  test("customizeRoles(app) over a stage: the report at the root of cdk.out, the stacks in the stage's assembly", async () => {
    const run = synthesize((app) => {
      iam.Role.customizeRoles(app, { usePrecreatedRoles: { "Prod/Service/KiroAgent": "kiro-agent" } });
      const stack = new Stack(new Stage(app, "Prod", { env }), "Service", { terminationProtection: true });
      const queue = new s3.Bucket(stack, "Data", { removalPolicy: RemovalPolicy.RETAIN });
      queue.grantReadWrite(new iam.Role(stack, "KiroAgent", { assumedBy: new iam.AccountRootPrincipal() }));
    });
    expect(agentFindings(run.findings).map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", "Prod-Service/KiroAgent"]]);
    const report = await scan(run);
    expect(report.errors).toEqual([]);
    expect(report.findings.map(key).sort()).toEqual(run.findings.map(key).sort());
  }, 60_000);
});

describe("aws/aws-cdk integ.lambda-customize-roles (Apache-2.0): a precreated Lambda service role", () => {
  // The integ test's app, in a production account; agents named precreated-* (our config) to make its role an agent's.
  const app = (write: boolean) => (a: App) => {
    const stack = new Stack(a, "integ-lambda-customize-roles", { env, terminationProtection: true });
    iam.Role.customizeRoles(stack, { usePrecreatedRoles: { "integ-lambda-customize-roles/MyLambda/ServiceRole": "precreated-role" } });
    const fn = new lambda.Function(stack, "MyLambda", { code: new lambda.InlineCode("foo"), handler: "index.handler", runtime: lambda.Runtime.NODEJS_20_X });
    const bucket = new s3.Bucket(stack, "Bucket", { removalPolicy: RemovalPolicy.RETAIN });
    if (write) bucket.grantReadWrite(fn);
    else bucket.grantRead(fn);
  };

  test.each([
    [false, []],
    [true, [["agent-destructive-prod", "integ-lambda-customize-roles/MyLambdaServiceRole"]]],
  ] as const)("grantReadWrite %s: read-only grants pass; s3:DeleteObject* on the bucket is destructive", async (write, expected) => {
    const run = synthesize(app(write), ["precreated-*"]);
    expect(agentFindings(run.findings).map((f) => [f.rule, f.subject])).toEqual(expected);
    const report = await scan(run);
    expect(report.errors).toEqual([]);
    expect(report.findings.map(key).sort()).toEqual(run.findings.map(key).sort());
  }, 60_000);
});

describe("the Aspect fails closed when CDK's policy report cannot be built", () => {
  test.each([
    ["createJsonReport throws", () => () => {
      throw new Error("Cannot resolve token ${Token[TOKEN.42]}");
    }, /cannot build the IAM policy report of Role\.customizeRoles \(Cannot resolve token \$\{Token\[TOKEN\.42\]\}\): its roles cannot be judged \(fail closed\)/],
    ["this aws-cdk-lib's PolicySynthesizer has none", () => undefined, /PolicySynthesizer has no createJsonReport\): its roles cannot be judged \(fail closed\)/],
  ])("%s: an error naming the report", (_name, replacement, message) => {
    const { app } = newApp();
    codingAgentApp()(app);
    const synthesizer = app.node.tryFindChild(POLICY_SYNTHESIZER_ID);
    expect(synthesizer).toBeDefined();
    Object.defineProperty(synthesizer, "createJsonReport", { value: replacement() });
    const guardrails = new AgentGuardrails({ config: { production: { accounts: [PROD] } } });
    Aspects.of(app).add(guardrails);
    // CDK calls the same method after the Aspects to write the report, and fails there itself;
    // the Aspect, which ran first, has recorded why the roles could not be judged.
    expect(() => app.synth()).toThrow();
    expect(guardrails.result?.errors).toEqual([{ file: expect.stringMatching(/iam-policy-report\.json$/), message: expect.stringMatching(message) }]);
    // The precreated role's grants are only in the report: nothing of it is judged.
    expect(agentFindings(guardrails.result?.findings ?? [])).toEqual([]);
  }, 60_000);
});
