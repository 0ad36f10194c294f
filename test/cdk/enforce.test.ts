/**
 * AgentGuardrails.enforce: the guardrail boundary on every agent role of the production stacks
 * (real aws-cdk-lib synth in-process, validation off). The example app's production stage is
 * rebuilt here with the same construct structure as examples/cdk-app/service.mjs; the real
 * `cdk synth` of the example itself runs in enforce.e2e.test.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Aspects, CfnParameter, Fn, Lazy, RemovalPolicy, Stack, Stage } from "aws-cdk-lib";
import * as bedrock from "aws-cdk-lib/aws-bedrock";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { AgentGuardrails, type EnforceProps } from "../../src/cdk/index.js";
import { runScan } from "../../src/cli/scan-run.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { newApp, synth, type Synthesized } from "./apps.js";
import * as more from "./real-apps/more-apps.js";

/** The example's OrdersService: a table, a bucket, a deploy role, three agent roles (one suppressed). */
class OrdersService extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { terminationProtection: true });
    const table = new dynamodb.Table(this, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, deletionProtection: true });
    const bucket = new s3.Bucket(this, "BuildArtifacts", { versioned: true });
    table.grantFullAccess(new iam.Role(this, "DeployRole", { assumedBy: new iam.AccountRootPrincipal() }));
    table.grantFullAccess(new iam.Role(this, "KiroAgentRole", { assumedBy: new iam.AccountRootPrincipal() }));
    const review = new iam.Role(this, "ReviewAgentRole", { assumedBy: new iam.AccountRootPrincipal() });
    table.grantReadData(review);
    const cleanup = new iam.Role(this, "ArtifactCleanupAgentRole", { assumedBy: new iam.AccountRootPrincipal() });
    bucket.grantDelete(cleanup, "builds/*");
    AgentGuardrails.suppress(cleanup, "agent-destructive-prod", "prunes build artifacts only; the bucket is versioned (PLAT-214)");
  }
}

function exampleApp(enforce: boolean): Synthesized {
  const { app, outdir } = newApp();
  const guardrails = new AgentGuardrails();
  Aspects.of(app).add(guardrails);
  if (enforce) AgentGuardrails.enforce(app);
  for (const stage of ["Prod", "Staging"]) new OrdersService(new Stage(app, stage), "OrdersService");
  return synth(app, outdir, guardrails);
}

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
const template = (s: Synthesized, stage: string): Template => {
  const dir = path.join(s.outdir, `assembly-${stage}`);
  const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as { artifacts: Record<string, { type: string; properties?: { templateFile?: string } }> };
  const file = Object.values(manifest.artifacts).find((a) => a.type === "aws:cloudformation:stack")?.properties?.templateFile as string;
  return JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Template;
};
const roleId = (t: Template, prefix: string): string => Object.keys(t.Resources).find((id) => id.startsWith(prefix) && t.Resources[id]?.Type === "AWS::IAM::Role") as string;

describe("AgentGuardrails.enforce on the example app", () => {
  const enforced = exampleApp(true);
  const prod = template(enforced, "Prod");

  it("the production stage synthesizes with no error (without enforce it fails on KiroAgentRole)", () => {
    expect(enforced.messages.filter((m) => m.level === "error")).toEqual([]);
    // One annotation per finding, on the construct that grants (the role's default policy).
    expect(exampleApp(false).messages.filter((m) => m.level === "error").map((m) => m.path)).toContain("/Prod/OrdersService/KiroAgentRole/DefaultPolicy/Resource");
  });

  it("the template shows the boundary on the agent roles and the other parts attached to them", () => {
    const boundaries = Object.entries(prod.Resources).filter(([, r]) => r.Type === "AWS::IAM::ManagedPolicy");
    // The denied set fills more than one policy (`agent-guardrail boundary` prints their sizes;
    // how many follows the tiers): the boundary, then its parts numbered from 2.
    const ids = boundaries.map(([id]) => id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(ids).toEqual(ids.map((_, i) => (i === 0 ? "AgentGuardrailBoundary" : `AgentGuardrailBoundaryPart${i + 1}`)));
    for (const agent of ["KiroAgentRole", "ReviewAgentRole"]) expect(prod.Resources[roleId(prod, agent)]?.Properties?.["PermissionsBoundary"]).toEqual({ Ref: "AgentGuardrailBoundary" });
    for (const part of ids.slice(1)) {
      expect(prod.Resources[part]?.Properties?.["Roles"]).toEqual([{ Ref: roleId(prod, "KiroAgentRole") }, { Ref: roleId(prod, "ReviewAgentRole") }]);
    }
    const doc = prod.Resources["AgentGuardrailBoundary"]?.Properties?.["PolicyDocument"] as { Statement: { Sid: string }[] };
    expect(doc.Statement[0]?.Sid).toMatch(/^AgentGuardrailAllowOtherV/);
  });

  it("leaves the deploy role, the suppressed agent role and the staging stage alone", () => {
    expect(prod.Resources[roleId(prod, "DeployRole")]?.Properties?.["PermissionsBoundary"]).toBeUndefined();
    expect(prod.Resources[roleId(prod, "ArtifactCleanupAgentRole")]?.Properties?.["PermissionsBoundary"]).toBeUndefined();
    expect(enforced.messages).toContainEqual(expect.objectContaining({ level: "info", path: "/Prod/OrdersService/ArtifactCleanupAgentRole/Resource", text: expect.stringMatching(/boundary not applied: .*PLAT-214/) }));
    const staging = template(enforced, "Staging");
    expect(Object.values(staging.Resources).some((r) => r.Type === "AWS::IAM::ManagedPolicy")).toBe(false);
  });

  it("scan on the cdk.out reaches the same verdict: no open finding", async () => {
    const report = await runScan([enforced.outdir], resolvePolicy());
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => !f.suppressed)).toEqual([]);
  });
});

describe("AgentGuardrails.enforce on a stack", () => {
  function adminAgentStack(setup: (stack: Stack, role: iam.Role) => void, config?: EnforceProps["config"]): Synthesized {
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails();
    Aspects.of(app).add(guardrails);
    const stack = new Stack(app, "PaymentsProd", { terminationProtection: true });
    const role = new iam.Role(stack, "ClaudeCodeRole", { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")] });
    setup(stack, role);
    AgentGuardrails.enforce(stack, config === undefined ? {} : { config });
    return synth(app, outdir, guardrails);
  }

  it("AdministratorAccess on an agent role: the boundary makes synth pass", () => {
    const s = adminAgentStack(() => undefined);
    expect(s.messages.filter((m) => m.level === "error")).toEqual([]);
    expect(s.guardrails.result?.findings).toEqual([]);
  });

  const ownBoundary = (stack: Stack) => new iam.ManagedPolicy(stack, "OwnBoundary", { statements: [new iam.PolicyStatement({ actions: ["*"], resources: ["*"] })] });

  it("keeps a boundary the role already has (AWS allows one), with a warning, and the evaluation still judges the role", () => {
    const s = adminAgentStack((stack, role) => ((role.node.defaultChild as iam.CfnRole).permissionsBoundary = ownBoundary(stack).managedPolicyArn));
    expect(s.messages).toContainEqual(expect.objectContaining({ level: "warning", text: expect.stringMatching(/already has a permissions boundary/) }));
    expect(s.messages.filter((m) => m.level === "error").length).toBeGreaterThan(0);
  });

  it("says so when another aspect replaces the guardrail boundary later in the synth", () => {
    const s = adminAgentStack((stack, role) => iam.PermissionsBoundary.of(role).apply(ownBoundary(stack)));
    expect(s.messages).toContainEqual(expect.objectContaining({ level: "warning", text: expect.stringMatching(/replaced the guardrail boundary/) }));
    expect(s.messages.filter((m) => m.level === "error").length).toBeGreaterThan(0);
  });

  // AWS attaches at most 10 managed policies to a role: the boundary's parts count among them, so a
  // role already holding 9 would fail at deploy ("Cannot exceed quota for PoliciesPerRole: 10").
  const awsManaged = ["ReadOnlyAccess", "AmazonS3FullAccess", "AmazonDynamoDBFullAccess", "CloudWatchLogsFullAccess", "AWSLambda_FullAccess", "AmazonSQSFullAccess", "AmazonSNSFullAccess", "AmazonEC2FullAccess"];
  const parts = (s: Synthesized): number => Object.keys(s.assembly.stacks[0]?.template.Resources as Record<string, unknown>).filter((id) => id.startsWith("AgentGuardrailBoundaryPart")).length;

  it("an agent role that cannot hold the boundary's parts (10 managed policies a role) is an error naming the count, not a failed deploy", () => {
    // AdministratorAccess + 7 AWS managed + one customer managed policy attached through its Roles: 9 of the role's own.
    const full = adminAgentStack((stack, role) => {
      for (const name of awsManaged.slice(0, 7)) role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(name));
      new iam.ManagedPolicy(stack, "TeamPolicy", { roles: [role], statements: [new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: ["*"] })] });
    });
    const needed = 9 + parts(full);
    expect(needed).toBeGreaterThan(10);
    expect(full.messages).toContainEqual(
      expect.objectContaining({
        level: "error",
        path: "/PaymentsProd/ClaudeCodeRole/Resource",
        text: `agent-guardrail: enforce: this agent role would hold ${needed} managed policies (9 of its own and ${parts(full)} parts of the guardrail boundary); AWS attaches at most 10 to a role, so the deploy would fail. Merge some of the role's own policies.`,
      }),
    );
    // 10 - parts of its own: exactly at the quota, no such error.
    const fits = adminAgentStack((_stack, role) => {
      for (const name of awsManaged.slice(0, 10 - parts(full) - 1)) role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(name));
    });
    expect(fits.messages.filter((m) => /managed policies/.test(m.text))).toEqual([]);
  });

  it("a config that cannot be loaded is an error on the stack (fail closed)", () => {
    const s = adminAgentStack(() => undefined, "/nonexistent/agent-guardrail.yml");
    expect(s.messages).toContainEqual(expect.objectContaining({ level: "error", path: "/PaymentsProd", text: expect.stringMatching(/enforce: .*nonexistent/) }));
  });
});

describe("role names CDK resolves at synth (Lazy, Fn.join) or leaves to a parameter", () => {
  test("each gets the boundary the evaluation expects of an agent's role: no finding left, as before only a literal name did", () => {
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails();
    Aspects.of(app).add(guardrails);
    AgentGuardrails.enforce(app);
    const stack = new Stack(new Stage(app, "Prod"), "Orders", { terminationProtection: true });
    const table = new dynamodb.Table(stack, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, deletionProtection: true });
    const env = new CfnParameter(stack, "Env", { type: "String" });
    const names: Record<string, string> = { Worker: "" };
    const roles = {
      Worker: Lazy.string({ produce: () => `kiro-agent-${names["Worker"] || "prod"}` }),
      Joined: Fn.join("-", ["codex", "deployer"]),
      ByParameter: `claude-runner-${env.valueAsString}`,
    };
    for (const [id, roleName] of Object.entries(roles)) table.grantFullAccess(new iam.Role(stack, id, { roleName, assumedBy: new iam.AccountRootPrincipal() }));
    const s = synth(app, outdir, guardrails);
    const template = s.assembly.getNestedAssembly("assembly-Prod").getStackByName("Prod-Orders").template as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    const bounded = Object.entries(template.Resources).filter(([, r]) => r.Type === "AWS::IAM::Role").map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ""), r.Properties?.["PermissionsBoundary"] !== undefined]);
    expect(bounded).toEqual([["Worker", true], ["Joined", true], ["ByParameter", true]]);
    expect((s.guardrails.result?.findings ?? []).filter((f) => f.rule.startsWith("agent-"))).toEqual([]);
  }, 60_000);
});

describe("roles CDK's own providers make (plain CfnResource of type AWS::IAM::Role)", () => {
  test("a production stack with an autoDeleteObjects bucket and a GitHub OIDC provider synthesizes (before: TypeError in enforce)", () => {
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails();
    Aspects.of(app).add(guardrails);
    AgentGuardrails.enforce(app);
    const stack = new Stack(new Stage(app, "Prod"), "Web", { terminationProtection: true });
    new s3.Bucket(stack, "Scratch", { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
    const provider = new iam.OpenIdConnectProvider(stack, "GitHub", { url: "https://token.actions.githubusercontent.com", clientIds: ["sts.amazonaws.com"] });
    // Trusts every branch of the repository, so the Copilot agent's copilot/* ones: an agent's role.
    const deploy = new iam.Role(stack, "GitHubDeployRole", {
      assumedBy: new iam.WebIdentityPrincipal(provider.openIdConnectProviderArn, { StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/web:*" } }),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")],
    });
    const s = synth(app, outdir, guardrails);
    const template = s.assembly.getNestedAssembly("assembly-Prod").getStackByName("Prod-Web").template as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    const deployId = Stack.of(deploy).resolve((deploy.node.defaultChild as iam.CfnRole).logicalId) as string;
    expect(template.Resources[deployId]?.Properties?.["PermissionsBoundary"]).toEqual({ Ref: "AgentGuardrailBoundary" });
    expect((s.guardrails.result?.findings ?? []).filter((f) => f.rule.startsWith("agent-"))).toEqual([]);
  }, 60_000);

  test("an agent-named provider role is bounded through its properties", () => {
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails({ config: { agents: { roleNamePatterns: ["*S3AutoDeleteObjectsCustomResourceProvider*"] } } });
    Aspects.of(app).add(guardrails);
    AgentGuardrails.enforce(app, { config: { agents: { roleNamePatterns: ["*S3AutoDeleteObjectsCustomResourceProvider*"] } } });
    const stack = new Stack(new Stage(app, "Prod"), "Web", { terminationProtection: true });
    new s3.Bucket(stack, "Scratch", { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
    const s = synth(app, outdir, guardrails);
    const template = s.assembly.getNestedAssembly("assembly-Prod").getStackByName("Prod-Web").template as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    const role = Object.entries(template.Resources).find(([id]) => id.startsWith("CustomS3AutoDeleteObjectsCustomResourceProviderRole"));
    expect(role?.[1].Properties?.["PermissionsBoundary"]).toEqual({ Ref: "AgentGuardrailBoundary" });
  }, 60_000);
});

describe("enforce on an AgentCore runtime role (aws-samples multi-agent AgentCore app, test/cdk/real-apps)", () => {
  type Doc = { Statement: { Sid: string; Effect: string; Action: string | string[]; Resource?: string; NotResource?: string[] }[] };
  function agentCoreApp(extra?: (role: iam.IRole, stack: Stack) => void): { s: Synthesized; boundary: Doc[] } {
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails({ config: { production: { accounts: [more.PROD_ACCOUNT] } } });
    Aspects.of(app).add(guardrails);
    more.agentcoreRuntime(app);
    const stack = app.node.findChild("AgentCoreApp") as Stack;
    const runtime = stack.node.findAll().find((c): c is iam.Role => c instanceof iam.Role) as iam.Role;
    extra?.(runtime, stack);
    AgentGuardrails.enforce(app, { config: { production: { accounts: [more.PROD_ACCOUNT] } } });
    const s = synth(app, outdir, guardrails);
    const t = JSON.parse(readFileSync(path.join(outdir, "AgentCoreApp.template.json"), "utf8")) as { Resources: Record<string, { Type: string; Properties: { PolicyDocument?: Doc } }> };
    const boundary = Object.values(t.Resources).filter((r) => r.Type === "AWS::IAM::ManagedPolicy" && JSON.stringify(r).includes("AgentGuardrail")).map((r) => r.Properties.PolicyDocument as Doc);
    return { s, boundary };
  }
  const actions = (st: Doc["Statement"][number]) => (Array.isArray(st.Action) ? st.Action : [st.Action]);

  it("the runtime keeps the AWS managed code interpreter and browser: its boundary denies StartCodeInterpreterSession and StartBrowserSession everywhere else, and nowhere on *", () => {
    const { s, boundary } = agentCoreApp();
    expect(s.messages.filter((m) => m.level === "error")).toEqual([]);
    const statements = boundary.flatMap((d) => d.Statement).filter((st) => st.Effect === "Deny" && actions(st).some((a) => /^bedrock-agentcore:(Start|\*)/i.test(a)));
    expect(statements.map((st) => [actions(st), st.Resource, st.NotResource])).toEqual([
      [["bedrock-agentcore:StartCodeInterpreterSession"], undefined, ["arn:*:bedrock-agentcore:*:aws:code-interpreter/*"]],
      [["bedrock-agentcore:StartBrowserSession"], undefined, ["arn:*:bedrock-agentcore:*:aws:browser/*"]],
    ]);
  });

  it("a custom code interpreter (code-interpreter-custom/*) granted to the same role is escalation without enforce, and denied by the boundary with it", () => {
    const custom = (role: iam.IRole, stack: Stack) =>
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"], resources: [`arn:aws:bedrock-agentcore:us-east-1:${stack.account}:code-interpreter-custom/*`] }));
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails({ config: { production: { accounts: [more.PROD_ACCOUNT] } } });
    Aspects.of(app).add(guardrails);
    more.agentcoreRuntime(app);
    const stack = app.node.findChild("AgentCoreApp") as Stack;
    custom(stack.node.findAll().find((c): c is iam.Role => c instanceof iam.Role) as iam.Role, stack);
    const without = synth(app, outdir, guardrails);
    // agent-destructive-prod: the app's own DeleteBrowser on <account>:browser/* (more-real-apps.test.ts).
    expect((without.guardrails.result?.findings ?? []).filter((f) => !f.suppressed).map((f) => f.rule)).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
    const { s } = agentCoreApp(custom);
    expect((s.guardrails.result?.findings ?? []).filter((f) => !f.suppressed)).toEqual([]);
  });
});

/**
 * A Bedrock agent as awslabs/generative-ai-cdk-constructs' `bedrock.Agent` builds it
 * (src/cdk-lib/bedrock/agents/agent.ts @ 06755d9: a role `AmazonBedrockExecutionRoleForAgents_…`
 * trusting bedrock.amazonaws.com for `agent/*` of its account, `addActionGroup` granting the
 * executor's invoke to it and `addPermission` for bedrock.amazonaws.com on the function), written
 * with aws-cdk-lib's L1 CfnAgent (the construct library is not installed). Its action group's
 * function writes the orders table (`grantReadWriteData`: DeleteItem, a destructive tool of the
 * agent's). Expected before the run: without enforce, an error on the tool's role; with enforce,
 * the boundary on the agent's role and on its tool's role, and `cdk synth` passes. Before the fix
 * enforce bounded only the agent's role (its trust names bedrock), and synth still failed on the
 * tool's role, with a warning to set the boundary by hand.
 */
describe("enforce on a Bedrock agent's action-group function (generative-ai-cdk-constructs bedrock.Agent)", () => {
  function agentApp(enforce: boolean): Synthesized {
    const { app, outdir } = newApp();
    const config = { production: { accounts: [more.PROD_ACCOUNT] } };
    const guardrails = new AgentGuardrails({ config });
    Aspects.of(app).add(guardrails);
    if (enforce) AgentGuardrails.enforce(app, { config });
    const stack = new Stack(app, "OrdersAssistant", { env: { account: more.PROD_ACCOUNT, region: "us-east-1" }, terminationProtection: true });
    const table = new dynamodb.Table(stack, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
    const role = new iam.Role(stack, "Role", {
      roleName: "AmazonBedrockExecutionRoleForAgents_orders",
      assumedBy: new iam.ServicePrincipal("bedrock.amazonaws.com").withConditions({
        StringEquals: { "aws:SourceAccount": stack.account },
        ArnLike: { "aws:SourceArn": stack.formatArn({ service: "bedrock", resource: "agent", resourceName: "*" }) },
      }),
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ["bedrock:InvokeModel*", "bedrock:GetFoundationModel"], resources: [`arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0`] }));
    const tool = new lambda.Function(stack, "OrdersTool", { runtime: lambda.Runtime.NODEJS_20_X, handler: "index.handler", code: lambda.Code.fromInline("exports.handler = async () => ({});") });
    table.grantReadWriteData(tool);
    tool.grantInvoke(role);
    const agent = new bedrock.CfnAgent(stack, "AgentResource", {
      agentName: "orders-agent",
      agentResourceRoleArn: role.roleArn,
      foundationModel: "anthropic.claude-3-5-sonnet-20241022-v2:0",
      instruction: "You answer questions about orders and fix their status.",
      actionGroups: [{ actionGroupName: "orders", actionGroupExecutor: { lambda: tool.functionArn }, functionSchema: { functions: [{ name: "setStatus" }] } }],
    });
    tool.addPermission("BedrockAgentLambdaInvocationPolicy", { principal: new iam.ServicePrincipal("bedrock.amazonaws.com"), sourceArn: agent.attrAgentArn, sourceAccount: stack.account });
    return synth(app, outdir, guardrails);
  }

  it("without enforce the tool's role fails synth; with it both roles carry the boundary and synth and scan pass", async () => {
    const without = agentApp(false);
    expect((without.guardrails.result?.findings ?? []).map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", expect.stringMatching(/^OrdersAssistant\/OrdersToolServiceRole/)]]);
    const enforced = agentApp(true);
    expect(enforced.messages.filter((m) => m.level === "error" || m.level === "warning")).toEqual([]);
    const stack = enforced.assembly.getStackByName("OrdersAssistant");
    const roles = Object.entries(stack.template.Resources as Template["Resources"]).filter(([, r]) => r.Type === "AWS::IAM::Role");
    expect(roles.map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ""), r.Properties?.["PermissionsBoundary"]])).toEqual([
      ["Role", { Ref: expect.stringMatching(/^AgentGuardrailBoundary/) }],
      ["OrdersToolServiceRole", { Ref: expect.stringMatching(/^AgentGuardrailBoundary/) }],
    ]);
    const report = await runScan([enforced.outdir], resolvePolicy({ production: { accounts: [more.PROD_ACCOUNT] } }, "enforce test config"));
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => !f.suppressed)).toEqual([]);
  }, 60_000);
});

describe("enforce on compute that runs a coding agent (a CodeBuild project whose buildspec runs Claude Code)", () => {
  function workerApp(enforce: boolean): Synthesized {
    const { app, outdir } = newApp();
    const config = { production: { accounts: [more.PROD_ACCOUNT] } };
    const guardrails = new AgentGuardrails({ config });
    Aspects.of(app).add(guardrails);
    if (enforce) AgentGuardrails.enforce(app, { config });
    const stack = new Stack(app, "CodingWorker", { env: { account: more.PROD_ACCOUNT, region: "us-east-1" }, terminationProtection: true });
    const table = new dynamodb.Table(stack, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
    const project = new codebuild.Project(stack, "Project", {
      buildSpec: codebuild.BuildSpec.fromObject({
        version: "0.2",
        phases: { install: { commands: ["npm install -g @anthropic-ai/claude-code"] }, build: { commands: ['claude -p "$TASK" --dangerously-skip-permissions'] } },
      }),
      environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, environmentVariables: { CLAUDE_CODE_USE_BEDROCK: { value: "1" } } },
    });
    table.grantFullAccess(project);
    return synth(app, outdir, guardrails);
  }

  it("without enforce the project's role fails synth as the agent's; with it the role carries the boundary and synth passes", () => {
    const without = workerApp(false);
    expect((without.guardrails.result?.findings ?? []).map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", expect.stringMatching(/^CodingWorker\/ProjectRole/)]]);
    const enforced = workerApp(true);
    expect(enforced.messages.filter((m) => m.level === "error" || m.level === "warning")).toEqual([]);
    const roles = Object.entries(enforced.assembly.getStackByName("CodingWorker").template.Resources as Template["Resources"]).filter(([, r]) => r.Type === "AWS::IAM::Role");
    expect(roles.map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ""), r.Properties?.["PermissionsBoundary"]])).toEqual([["ProjectRole", { Ref: expect.stringMatching(/^AgentGuardrailBoundary/) }]]);
  }, 60_000);
});

describe("enforce on a CodePipeline Commands action that runs Claude Code", () => {
  function pipelineApp(enforce: boolean): Synthesized {
    const { app, outdir } = newApp();
    const config = { production: { accounts: [more.PROD_ACCOUNT] } };
    const guardrails = new AgentGuardrails({ config });
    Aspects.of(app).add(guardrails);
    if (enforce) AgentGuardrails.enforce(app, { config });
    const stack = new Stack(app, "Release", { env: { account: more.PROD_ACCOUNT, region: "us-east-1" }, terminationProtection: true });
    const table = new dynamodb.Table(stack, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
    const source = new codepipeline.Artifact();
    const pipeline = new codepipeline.Pipeline(stack, "Pipeline", { pipelineType: codepipeline.PipelineType.V2, artifactBucket: new s3.Bucket(stack, "Artifacts", { removalPolicy: RemovalPolicy.RETAIN }) });
    pipeline.addStage({ stageName: "Source", actions: [new actions.S3SourceAction({ actionName: "Src", bucket: new s3.Bucket(stack, "Src"), bucketKey: "src.zip", output: source })] });
    const role = new iam.Role(stack, "ReviewActionRole", { assumedBy: new iam.AccountRootPrincipal() });
    table.grantFullAccess(role);
    pipeline.addStage({ stageName: "Review", actions: [new actions.CommandsAction({ actionName: "Review", input: source, role, commands: ["npm install -g @anthropic-ai/claude-code", 'claude -p "$TASK"'] })] });
    return synth(app, outdir, guardrails);
  }

  it("without enforce the action's role fails synth as the agent's; with it the role carries the boundary", () => {
    const without = pipelineApp(false);
    expect((without.guardrails.result?.findings ?? []).filter((f) => f.rule.startsWith("agent-")).map((f) => [f.rule, f.subject])).toEqual([["agent-destructive-prod", expect.stringMatching(/^Release\/ReviewActionRole/)]]);
    const enforced = pipelineApp(true);
    expect(enforced.messages.filter((m) => m.level === "error" && m.text.includes("agent-"))).toEqual([]);
    const roles = Object.entries(enforced.assembly.getStackByName("Release").template.Resources as Template["Resources"]).filter(([, r]) => r.Type === "AWS::IAM::Role");
    expect(roles.filter(([id]) => id.startsWith("ReviewActionRole")).map(([, r]) => r.Properties?.["PermissionsBoundary"])).toEqual([{ Ref: expect.stringMatching(/^AgentGuardrailBoundary/) }]);
  }, 60_000);
});
