/**
 * The Aspect on more public CDK apps (reproduced in test/cdk/real-apps/more-apps.ts, sources in
 * its README) and on one class probe, synthesized in-process. The expected open error findings
 * (and, for the dashboards, warnings) were written from reading each app before the first run,
 * with the reason. As in real-apps.test.ts: every error finding is an error annotation of the
 * cloud assembly, nothing else is, and `scan` on that cdk.out reaches the same verdicts.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Aspects, CfnResource, NestedStack, RemovalPolicy, Stack, type AppProps } from "aws-cdk-lib";
import * as agentcore from "aws-cdk-lib/aws-bedrockagentcore";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { runScan } from "../../src/cli/scan-run.js";
import type { Finding } from "../../src/core/finding.js";
import { resolvePolicy } from "../../src/policy/load.js";
import type { UserConfig } from "../../src/policy/schema.js";
import { messagesOf } from "./apps.js";
import * as more from "./real-apps/more-apps.js";

interface RealApp {
  name: string;
  build: (app: App) => void;
  agents?: string[];
  /** The app's context (`cdk synth -c key=value`). */
  context?: Record<string, string>;
  /** [rule, subject] of every open error finding, with why. */
  expected: [rule: Finding["rule"], subject: RegExp, why: string][];
  /** [rule, subject] of every open warning finding. */
  warnings?: [rule: Finding["rule"], subject: RegExp, why: string][];
}

const TP = "termination protection is off";
const STACK = "BedrockAgentCdkStack";

const APPS: RealApp[] = [
  {
    name: "amazon-bedrock-samples agents/bedrock-agent-cdk",
    build: more.bedrockAgentCdk,
    expected: [
      ["prod-resource-unprotected", new RegExp(`^${STACK}$`), `${TP}; env-agnostic, so production (fail closed)`],
      ["prod-resource-unprotected", new RegExp(`^${STACK}/agentassets4242Bucket`), "schema bucket DESTROY + autoDeleteObjects"],
      ["agent-destructive-prod", new RegExp(`^${STACK}/BedrockIamConstruct4242BedrockAgentRole`), "the Bedrock agent role has * on the schema bucket (s3:DeleteBucket) and on the Lambda role (iam:DeleteRole)"],
      ["agent-privilege-escalation", new RegExp(`^${STACK}/BedrockIamConstruct4242BedrockAgentRole`), "* on the action-group Lambda's role: iam:PutRolePolicy / UpdateAssumeRolePolicy on it"],
      ["agent-destructive-prod", new RegExp(`^${STACK}/LambdaIamConstruct4242LambdaRole`), "named bedrock-agent-lambda-role-* (an agent's name): CloudWatchLogsFullAccess deletes log groups"],
      ["agent-destructive-prod", new RegExp(`^${STACK}/custombedrockagentconstruct4242bedrockAgentCustomResourceRole`), "its path names the agent: * on the bucket and on bedrock"],
      ["agent-privilege-escalation", new RegExp(`^${STACK}/custombedrockagentconstruct4242bedrockAgentCustomResourceRole`), "* on the agent role's ARN (its trust and policies); not through arn:aws:bedrock:*"],
      // CDK's helper roles (BucketDeployment, LogRetention, the autoDeleteObjects provider, the
      // Provider framework's onEvent role) are not agents, or grant nothing destructive.
    ],
  },
  {
    name: "aws-cdk-examples codewhisperer-cloudwatch",
    build: more.codewhispererDashboards,
    expected: [["prod-resource-unprotected", /^CodewhispererDashboardStack$/, TP]],
    warnings: [
      ["adoption-dashboard-no-incidents", /CodeWhisperer-AcceptRates/, "Amazon Q Developer accept rates, no incident panel"],
      ["adoption-dashboard-no-incidents", /CodeWhisperer-WrittenBy/, "characters written by Amazon Q Developer, no incident panel"],
    ],
  },
  {
    name: "aws-cdk-examples ec2-instance",
    build: (app) => more.ec2Instance(app),
    agents: ["*serverEc2Role*"],
    expected: [
      ["prod-resource-unprotected", /^EC2InstanceStack$/, TP],
      ["prod-resource-unprotected", /^EC2InstanceStack\/assetBucket/, "asset bucket DESTROY + autoDeleteObjects"],
      ["agent-destructive-prod", /^EC2InstanceStack\/serverEc2Role/, "assetBucket.grantReadWrite: s3:DeleteObject*"],
    ],
  },
  {
    name: "aws-cdk-examples airflow-lambda-dynamodb-approval",
    build: (app) => more.mwaaApproval(app),
    agents: ["*MwaaRole*"],
    expected: [
      ["prod-resource-unprotected", /^MwaaApprovalWorkflowStack$/, TP],
      ["prod-resource-unprotected", /^MwaaApprovalWorkflowStack\/DagsBucket/, "DESTROY + autoDeleteObjects"],
      ["prod-resource-unprotected", /^MwaaApprovalWorkflowStack\/ApprovalTable/, "DESTROY"],
      ["agent-destructive-prod", /^MwaaApprovalWorkflowStack\/MwaaRole/, "grantReadWriteData: dynamodb:DeleteItem; sqs:DeleteMessage on the Celery queues is no deletion of a resource"],
    ],
  },
  {
    name: "airflow-lambda-dynamodb-approval, the execution role imported by name (Role.fromRoleName)",
    build: (app) => more.mwaaApproval(app, "mwaa-agent-exec"),
    expected: [
      ["prod-resource-unprotected", /^MwaaApprovalWorkflowStack$/, TP],
      ["prod-resource-unprotected", /^MwaaApprovalWorkflowStack\/DagsBucket/, "DESTROY + autoDeleteObjects"],
      ["prod-resource-unprotected", /^MwaaApprovalWorkflowStack\/ApprovalTable/, "DESTROY"],
      ["agent-destructive-prod", /^MwaaApprovalWorkflowStack\/mwaa-agent-exec$/, "the AWS::IAM::Policy attached to mwaa-agent-exec (an agent's name) gives DeleteItem"],
    ],
  },
  {
    name: "dannysteenman/aws-cdk-examples openid-connect-github",
    build: more.githubOpenIdConnect,
    expected: [
      ["prod-resource-unprotected", /^GitHubOpenIDConnect$/, `${TP}; env-agnostic, so production (fail closed)`],
      ["agent-destructive-prod", /^GitHubOpenIDConnect\/cloudNationGitHubDeployRole/, "AdministratorAccess on a role the Copilot agent's branches may assume (sub repo:dannysteenman/aws-cdk-examples:*)"],
      ["agent-privilege-escalation", /^GitHubOpenIDConnect\/cloudNationGitHubDeployRole/, "AdministratorAccess includes iam:*"],
    ],
  },
  {
    name: "GitHub Actions OIDC deploy role that assumes the CDK bootstrap roles (Prod and Dev stages)",
    build: more.githubOidcDeployRole,
    expected: [
      ["agent-privilege-escalation", /^Prod-GithubOidc\/GitHubDeployRole/, "trusts repo:acme/infra:* (the Copilot agent's copilot/* branches) and may assume the CDK bootstrap roles, whose access is outside the app"],
      // Dev: account 222222222222 is not production.
    ],
  },
  {
    name: "aws-samples sample-multi-agent-orchestration-chat-on-agentcore (AgentCore Runtime L2)",
    build: more.agentcoreRuntime,
    expected: [
      // Read before the first run as: DeleteBrowser on browser/* is destructive. That reading holds:
      // the Service Authorization Reference writes the account's browsers browser-custom/*, but
      // AgentCore issues them as <account>:browser/<id> too (its API's ARN pattern
      // (aws|[0-9]{12}):browser(-custom)?/…, and this app grants its runtime browser/* in its own
      // account for the browsers it creates), so the grant reaches DeleteBrowser on them.
      // StartBrowserSession there is no escalation: ConnectBrowserAutomationStream acts only on *
      // (the reference lists no resource type for it), which the app does not grant. The AWS managed
      // code interpreter (…:aws:code-interpreter/aws.codeinterpreter.v1) runs as no role of the
      // account: no escalation (before the fix, a false escalation finding).
      ["agent-destructive-prod", /^AgentCoreApp\/AgentCoreRuntimeExecutionRole/, "bedrock-agentcore:DeleteBrowser on the account's browser/*"],
    ],
  },
  {
    name: "aws-samples aws-cdk-pipelines-cucumber-bdd (CDK Pipelines: PreProd, Prod and Dev stages)",
    build: more.cucumberBddPipelines,
    expected: [
      ["prod-resource-unprotected", /^MainPipeline$/, `${TP}; env-agnostic and no name token, so production (fail closed)`],
      ["prod-resource-unprotected", /^MainPipeline\/CognitoTestUserPreProdTestUserPassword/, "secretsmanager.Secret defaults to DESTROY, in a production (fail closed) stack"],
      // Added with CodeCommit among the stateful types: the app's own repository (its Git history) has
      // no removal policy, so deleting the pipeline stack deletes it.
      ["prod-resource-unprotected", /^MainPipeline\/Repo02AC86CF$/, "codecommit.Repository sets no removal policy (Delete), in a production (fail closed) stack"],
      ["prod-resource-unprotected", /^DeployRestAPI-Prod-RestAPIStack$/, `${TP}; the stage is named Prod`],
      // The user pool and the access log group keep CDK's default RETAIN; no role is an agent's.
      // DeployRestAPI-PreProd names a pre-production environment (production.yaml lists preprod
      // among the non-production tokens), written PreProd as in the CDK Pipelines docs: not
      // production. DevelopPipeline and DeployRestAPI-Dev name dev environments: not production.
    ],
  },
  {
    name: "aws-samples sample-multi-agent-orchestration-chat-on-agentcore, its data in the prd environment (-c env=prd)",
    build: more.mocaAgentCoreData,
    context: { env: "prd" },
    expected: [
      ["prod-resource-unprotected", /^MocaAgentCoreAppPrd\/AccessLogsBucket/, "DESTROY + autoDeleteObjects, written so for every environment"],
      ["prod-resource-unprotected", /^MocaAgentCoreAppPrd\/AgentCoreMemory/, "the AgentCore Memory (a year of conversation memory in prd) has no removal policy: a stack delete, or a replacement on Name or EncryptionKeyArn, deletes it"],
      // Termination protection, the user pool's deletion protection and RETAIN on the tables and
      // the user storage bucket are on in prd. The memory's execution role (trusted by
      // bedrock-agentcore.amazonaws.com) only writes logs; the resolver only reads the memory.
    ],
  },
  {
    name: "aws-cdk framework-integ aws-secretsmanager integ.hosted-rotation (the AWS::SecretsManager transform)",
    build: more.hostedRotation,
    expected: [
      ["prod-resource-unprotected", /^cdk-integ-secret-hosted-rotation$/, `${TP}; env-agnostic, so production (fail closed)`],
      ["prod-resource-unprotected", /^cdk-integ-secret-hosted-rotation\/Secret[0-9A-F]{8}$/, "secretsmanager.Secret defaults to DESTROY"],
      ["prod-resource-unprotected", /^cdk-integ-secret-hosted-rotation\/CustomSecret/, "secretsmanager.Secret defaults to DESTROY"],
      ["prod-resource-unprotected", /^cdk-integ-secret-hosted-rotation\/MySecret/, "secretsmanager.Secret defaults to DESTROY"],
      // The transform's rotation functions run as roles with AWS's rotation permissions, named for
      // this stack and its schedules: no agent's, nothing to evaluate (and no input error).
    ],
  },
  {
    name: "class probe: grants across stacks, to a nested stack, on names known at deploy time",
    build: more.crossStackGrants,
    expected: [["agent-destructive-prod", /^Prod-Agent\/RuntimeRole/, "grantPurge (sqs:PurgeQueue) and grantWriteData on the nested table (DeleteItem); the reads, decrypt and imported names add nothing"]],
  },
];

interface Synthesized {
  outdir: string;
  assembly: CloudAssembly;
  guardrails: AgentGuardrails;
  config: UserConfig;
}

function synthesize(build: (app: App) => void, agents?: string[], after?: (app: App) => void, context?: Record<string, string>): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-more-"));
  const app = new App({ outdir, builtinCloudFormationValidation: false, ...(context ? { context } : {}) } as AppProps);
  build(app);
  after?.(app);
  const config: UserConfig = { production: { accounts: [more.PROD_ACCOUNT] }, ...(agents ? { agents: { roleNamePatterns: agents } } : {}) };
  const guardrails = new AgentGuardrails({ config });
  Aspects.of(app).add(guardrails);
  return { outdir, assembly: app.synth(), guardrails, config };
}

const key = (f: Finding) => JSON.stringify([f.rule, f.subject, [...(f.actions ?? [])].sort(), f.severity, f.suppressed !== null]);

function matchAll(found: string[], expected: [string, RegExp, string][]): void {
  const unmatched = [...found];
  for (const [rule, subject] of expected) {
    const i = unmatched.findIndex((k) => k.startsWith(`${rule} `) && subject.test(k.slice(rule.length + 1)));
    expect([rule, subject.source, i >= 0 ? "found" : "missing", found]).toEqual([rule, subject.source, "found", found]);
    unmatched.splice(i, 1);
  }
  expect(unmatched).toEqual([]);
}

describe.each(APPS.map((a) => [a.name, a] as const))("%s", (_name, real) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize(real.build, real.agents, undefined, real.context);
  }, 60_000);
  const open = (severity: string): Finding[] => (s.guardrails.result?.findings ?? []).filter((f) => !f.suppressed && f.severity === severity);

  test("exactly the expected findings", () => {
    expect(s.guardrails.result?.errors).toEqual([]);
    matchAll(open("error").map((f) => `${f.rule} ${f.subject}`).sort(), real.expected);
    matchAll(open("warning").map((f) => `${f.rule} ${f.subject}`).sort(), real.warnings ?? []);
  });

  test("the error annotations of the cloud assembly are exactly the error findings, and one on the stack holding each stage with errors", () => {
    const all = messagesOf(s.assembly).filter((m) => m.level === "error");
    // What the pipeline stack carries for a stage (so that `cdk synth --no-validation` still fails).
    const carried = all.filter((m) => m.text.startsWith("agent-guardrail: stage "));
    const errors = all.filter((m) => !carried.includes(m)).map((m) => m.text);
    expect(errors).toHaveLength(open("error").length);
    for (const f of open("error")) expect(errors.some((t) => t.startsWith(`[${f.rule}] ${f.message.slice(0, 60)}`))).toBe(true);
    // The pipeline app's Prod stage holds an error; no other app has a stage under a stack.
    expect(carried.length > 0).toBe(/CDK Pipelines/.test(real.name));
    for (const m of carried) {
      const [, stage, n] = /^agent-guardrail: stage (\S+), which this stack deploys, has (\d+) error/.exec(m.text) ?? [];
      expect(String(all.filter((e) => e.path.startsWith(`/${stage}/`)).length)).toBe(n);
    }
  });

  test("scan on the synthesized cdk.out reaches the same verdicts", async () => {
    const report = await runScan([s.outdir], resolvePolicy(s.config, "more-real-apps config"));
    expect(report.errors).toEqual([]);
    expect(report.findings.map(key).sort()).toEqual((s.guardrails.result?.findings ?? []).map(key).sort());
  }, 30_000);
});

describe("an imported agent role (Role.fromRoleName) the app grants to", () => {
  test("its destructive grant is an error on the policy, suppressible like any finding; then cdk synth and scan both pass it", async () => {
    const s = synthesize(
      (app) => more.mwaaApproval(app, "mwaa-agent-exec"),
      undefined,
      (app) => {
        const stack = app.node.findChild("MwaaApprovalWorkflowStack") as Stack;
        AgentGuardrails.suppress(stack.node.findChild("MwaaRole"), "agent-destructive-prod", "approval records are deleted by the DAG by design (OPS-42)");
      },
    );
    const findings = s.guardrails.result?.findings ?? [];
    expect(findings.filter((f) => f.subject.endsWith("/mwaa-agent-exec")).map((f) => [f.rule, f.suppressed !== null])).toEqual([["agent-destructive-prod", true]]);
    const messages = messagesOf(s.assembly);
    expect(messages.filter((m) => m.level === "error" && m.path.includes("/MwaaRole"))).toEqual([]);
    expect(messages.filter((m) => m.level === "warning" && m.path === "/MwaaApprovalWorkflowStack/MwaaRole").map((m) => m.text).join("\n")).toContain("imported agent role (mwaa-agent-exec)");
    const report = await runScan([s.outdir], resolvePolicy(s.config, "more-real-apps config"));
    expect(report.findings.map(key).sort()).toEqual(findings.map(key).sort());
  }, 60_000);
});

describe("imported agent roles CDK wraps (mutable: false, another account, addGrantsToResources)", () => {
  test("one warning per role, on the construct the app made; grants written into the bucket policy are judged as scan judges them", async () => {
    const s = synthesize((app) => {
      const stack = new Stack(app, "Prod", { env: { account: more.PROD_ACCOUNT, region: "us-east-1" }, terminationProtection: true });
      const bucket = new s3.Bucket(stack, "Data", { removalPolicy: RemovalPolicy.RETAIN });
      bucket.grantDelete(iam.Role.fromRoleArn(stack, "KiroAgent", `arn:aws:iam::${more.PROD_ACCOUNT}:role/kiro-agent`, { mutable: false, addGrantsToResources: true }));
      bucket.grantRead(iam.Role.fromRoleArn(stack, "CursorAgent", "arn:aws:iam::222222222222:role/cursor-agent"));
    });
    const warnings = messagesOf(s.assembly).filter((m) => /imported agent role/.test(m.text));
    expect(warnings.map((m) => [m.level, m.path])).toEqual([
      ["warning", "/Prod/KiroAgent"],
      ["warning", "/Prod/CursorAgent"],
    ]);
    const findings = (s.guardrails.result?.findings ?? []).filter((f) => f.rule.startsWith("agent-"));
    expect(findings.map((f) => f.subject)).toEqual(["Prod/kiro-agent"]);
    const report = await runScan([s.outdir], resolvePolicy(s.config, "more-real-apps config"));
    expect(report.findings.map(key).sort()).toEqual((s.guardrails.result?.findings ?? []).map(key).sort());
  }, 60_000);
});

describe("roles named by construct path: a built-in agent word read across camelCase ids names no agent", () => {
  test("PollMessagesFunction and SmallModelTrainer are no LLM agents; LlmOpsRole, which an account assumes, is", () => {
    const s = synthesize((app) => {
      const stack = new Stack(app, "Orders", { env: { account: more.PROD_ACCOUNT, region: "us-east-1" }, terminationProtection: true });
      const table = new dynamodb.Table(stack, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
      // LlmRouterFunction: a Lambda function named for the model it calls (agents.modelNamePatterns), no agent.
      for (const id of ["PollMessagesFunction", "SmallModelTrainer", "LlmRouterFunction"]) {
        table.grantReadWriteData(new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_20_X, handler: "index.handler", code: lambda.Code.fromInline("exports.handler = async () => ({});") }));
      }
      table.grantReadWriteData(new iam.Role(stack, "LlmOpsRole", { assumedBy: new iam.AccountRootPrincipal() }));
    });
    expect((s.guardrails.result?.findings ?? []).filter((f) => f.rule.startsWith("agent-")).map((f) => f.subject)).toEqual([expect.stringMatching(/^Orders\/LlmOpsRole/)]);
  }, 60_000);
});


describe("an AgentCore Memory in production (sample-multi-agent-orchestration-chat-on-agentcore, prd)", () => {
  test("the finding advises removalPolicy; RETAIN on the Memory's CfnMemory (as docs/cdk.md says) passes it, in cdk synth and scan alike", async () => {
    const memoryOf = (app: App) => (app.node.findChild("MocaAgentCoreAppPrd").node.findChild("AgentCoreMemory").node.findChild("Memory") as agentcore.Memory);
    const before = synthesize(more.mocaAgentCoreData, undefined, undefined, { env: "prd" });
    const finding = (before.guardrails.result?.findings ?? []).find((f) => f.subject.startsWith("MocaAgentCoreAppPrd/AgentCoreMemory"));
    expect(finding?.message).toMatch(/AWS::BedrockAgentCore::Memory.*removalPolicy/s);
    const after = synthesize(more.mocaAgentCoreData, undefined, (app) => (memoryOf(app).node.findChild("Memory") as CfnResource).applyRemovalPolicy(RemovalPolicy.RETAIN), { env: "prd" });
    expect((after.guardrails.result?.findings ?? []).map((f) => f.subject)).toEqual([expect.stringMatching(/^MocaAgentCoreAppPrd\/AccessLogsBucket/)]);
    const report = await runScan([after.outdir], resolvePolicy(after.config, "more-real-apps config"));
    expect(report.findings.map(key).sort()).toEqual((after.guardrails.result?.findings ?? []).map(key).sort());
  }, 60_000);
});

/**
 * An AgentCore runtime whose execution role a platform team made (`Role.fromRoleArn`, a name with
 * no agent word), granted by the L2's own grant path (`table.grantFullAccess(runtime)` writes an
 * AWS::IAM::Policy on the imported role's name). Expected before the run: the grant is the agent's
 * (the runtime runs as that role), so DeleteTable & co on a production table fail `cdk synth` on
 * that policy, as `scan cdk.out` reports it; a read grant passes. Before the fix both passed.
 */
describe("an AgentCore runtime on an imported execution role with no agent name", () => {
  const build = (full: boolean) => (app: App) => {
    const stack = new Stack(app, "Orders", { env: { account: more.PROD_ACCOUNT, region: "us-east-1" }, terminationProtection: true });
    const table = new dynamodb.Table(stack, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
    const repository = new ecr.Repository(stack, "Repo", { removalPolicy: RemovalPolicy.RETAIN });
    const runtime = new agentcore.Runtime(stack, "Runtime", {
      runtimeName: "orders",
      executionRole: iam.Role.fromRoleArn(stack, "Exec", `arn:aws:iam::${more.PROD_ACCOUNT}:role/orders-exec`),
      agentRuntimeArtifact: agentcore.AgentRuntimeArtifact.fromEcrRepository(repository, "latest"),
    });
    if (full) table.grantFullAccess(runtime);
    else table.grantReadData(runtime);
  };

  test("grantFullAccess is an error on the grant's policy, in cdk synth and scan alike; grantReadData passes", async () => {
    const s = synthesize(build(true));
    const findings = (s.guardrails.result?.findings ?? []).filter((f) => f.rule.startsWith("agent-"));
    expect(findings.map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", "Orders/orders-exec"]]);
    expect(findings[0]?.actions).toContain("dynamodb:DeleteTable");
    const errors = messagesOf(s.assembly).filter((m) => m.level === "error");
    expect(errors.map((m) => m.path)).toEqual(["/Orders/Exec/Policy/Resource"]);
    expect(errors[0]?.text).toMatch(/^\[agent-destructive-prod\] Role orders-exec can delete or replace production resources/);
    const report = await runScan([s.outdir], resolvePolicy(s.config, "more-real-apps config"));
    expect(report.findings.map(key).sort()).toEqual((s.guardrails.result?.findings ?? []).map(key).sort());
    const read = synthesize(build(false));
    expect(read.guardrails.result?.findings).toEqual([]);
  }, 60_000);
});

/**
 * An AgentCore gateway in one stack and its Lambda target in a tools stack (`gateway.addLambdaTarget`
 * with a function of another stack: CDK exports its ARN). Expected before the run: the function's
 * role deletes items of the production table (grantReadWriteData), and the agent chooses its
 * calls, so `cdk synth` fails on that role's policy, and `scan cdk.out` says the same. Before the
 * fix both passed: each stack was read alone.
 */
describe("an AgentCore gateway whose Lambda target lives in another stack", () => {
  test("the tool's destructive grant is an error in the tools stack, in cdk synth and scan alike", async () => {
    const s = synthesize((app) => {
      const env = { account: more.PROD_ACCOUNT, region: "us-east-1" };
      const tools = new Stack(app, "OrdersTools", { env, terminationProtection: true });
      const table = new dynamodb.Table(tools, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
      const tool = new lambda.Function(tools, "SetStatus", { runtime: lambda.Runtime.NODEJS_20_X, handler: "index.handler", code: lambda.Code.fromInline("exports.handler = async () => ({});") });
      table.grantReadWriteData(tool);
      const bot = new Stack(app, "OrdersBot", { env, terminationProtection: true });
      const gateway = new agentcore.Gateway(bot, "Gateway", { gatewayName: "orders-gateway" });
      gateway.addLambdaTarget("SetStatusTarget", {
        lambdaFunction: tool,
        toolSchema: agentcore.ToolSchema.fromInline([{ name: "setStatus", description: "set an order's status", inputSchema: { type: agentcore.SchemaDefinitionType.OBJECT } }]),
      });
    });
    const findings = s.guardrails.result?.findings ?? [];
    expect(findings.map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", expect.stringMatching(/^OrdersTools\/SetStatusServiceRole/)]]);
    expect(messagesOf(s.assembly).filter((m) => m.level === "error").map((m) => m.path)).toEqual(["/OrdersTools/SetStatus/ServiceRole/DefaultPolicy/Resource"]);
    const report = await runScan([s.outdir], resolvePolicy(s.config, "more-real-apps config"));
    expect(report.errors).toEqual([]);
    expect(report.findings.map(key).sort()).toEqual(findings.map(key).sort());
  }, 60_000);
});

/**
 * The same across a NestedStack, both ways: CDK passes the parent's function to the nested
 * gateway as a parameter of the nested stack, and a nested stack's function to the parent's
 * gateway as an output the parent reads (`Fn::GetAtt [Nested, Outputs.X]`). Expected before the
 * run: an error on the tool's role, wherever it is, Aspect = scan. Before the fix both passed.
 */
describe.each([
  ["the gateway in a nested stack, its tool in the parent", "Bot", /^OrdersApp\/ToolServiceRole/, "/OrdersApp/Tool/ServiceRole/DefaultPolicy/Resource"],
  ["the gateway in the parent, its tool in a nested stack", "Tools", /^OrdersApp\.ToolsNestedStack.*\/ToolServiceRole/, "/OrdersApp/Tools/Tool/ServiceRole/DefaultPolicy/Resource"],
])("%s", (_name, nested, subject, annotated) => {
  test("the tool's destructive grant is an error, in cdk synth and scan alike", async () => {
    const s = synthesize((app) => {
      const stack = new Stack(app, "OrdersApp", { env: { account: more.PROD_ACCOUNT, region: "us-east-1" }, terminationProtection: true });
      const inner = new NestedStack(stack, nested);
      const table = new dynamodb.Table(stack, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
      const tool = new lambda.Function(nested === "Tools" ? inner : stack, "Tool", { runtime: lambda.Runtime.NODEJS_20_X, handler: "index.handler", code: lambda.Code.fromInline("exports.handler = async () => ({});") });
      table.grantReadWriteData(tool);
      const gateway = new agentcore.Gateway(nested === "Bot" ? inner : stack, "Gateway", { gatewayName: "orders-gateway" });
      gateway.addLambdaTarget("Target", {
        lambdaFunction: tool,
        toolSchema: agentcore.ToolSchema.fromInline([{ name: "setStatus", description: "set an order's status", inputSchema: { type: agentcore.SchemaDefinitionType.OBJECT } }]),
      });
    });
    const findings = s.guardrails.result?.findings ?? [];
    expect(findings.map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", expect.stringMatching(subject)]]);
    expect(messagesOf(s.assembly).filter((m) => m.level === "error").map((m) => m.path)).toEqual([annotated]);
    const report = await runScan([s.outdir], resolvePolicy(s.config, "more-real-apps config"));
    expect(report.errors).toEqual([]);
    expect(report.findings.map(key).sort()).toEqual(findings.map(key).sort());
  }, 60_000);
});
