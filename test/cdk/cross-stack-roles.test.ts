/**
 * A role defined in one stack of the app and granted (or run as an agent) in another: the stack
 * that grants names the role by an export of the defining stack (a CDK cross-stack reference:
 * `new iam.Policy(other, …, { roles: [role] })`, `Role.fromRoleArn(other, …, role.roleArn)`) or by
 * its literal name (`Role.fromRoleName(other, …, "orders-exec")`). The role is one role: what the
 * other stack grants it is judged against what its own stack says of it (its trust, tags, boundary,
 * the agent that runs as it), in the Aspect and in `scan cdk.out` alike.
 *
 * Input: aws-cdk-lib 2.276.0 synthesized in-process (class probes of ours; the layout, an IAM or
 * agent stack beside data and CI stacks, is the one of the real apps in real-apps/README.md).
 * Expected before the first run, config `production.accounts: ["111111111111"]`, every stack in that
 * account with termination protection and RETAIN data:
 * - a role trusting bedrock-agentcore.amazonaws.com (an agent's by its trust) named `orders-exec`,
 *   given `bucket.grantDelete` in the data stack through `Role.fromRoleName(data, …, "orders-exec")`:
 *   agent-destructive-prod on the data stack's policy. Before: nothing (the name has no agent word).
 * - the same role (named, then unnamed) given `dynamodb:DeleteTable` by an `iam.Policy` of the data
 *   stack (`roles: [role]`: a cross-stack reference): agent-destructive-prod. Before: the named one
 *   passed; the unnamed one was reported as "a role named by Fn::ImportValue", fail closed.
 * - the same role given `bucket.grantDelete` through `Role.fromRoleArn(data, …, role.roleArn)` (CDK
 *   writes the policy on a role name it parses from the imported ARN, and a bucket policy naming the
 *   imported ARN): one agent-destructive-prod on the role. Before: two findings on stand-ins ("role
 *   named *", "role of any account").
 * - a Lambda function's role (trusting lambda.amazonaws.com, no agent's) given the same grants the
 *   same ways: no finding. Before: each was reported, as a role that may be an agent's.
 * - the agent role with a read-only permissions boundary in its own stack, given DeleteTable by the
 *   data stack's policy: no finding (the boundary caps it). Before: reported.
 * - a CodeBuild project in the CI stack whose buildspec runs Claude Code, as a role of the IAM
 *   stack (`role.withoutPolicyUpdates()`) that stack gives `table.grantFullAccess`:
 *   agent-destructive-prod on the IAM stack's policy. Before: nothing (the role was no agent's in
 *   the stack that grants it, the project in another).
 * Since the escalation round: each such finding is on the role as its own stack names it (one role,
 * judged once with what every stack grants it), citing the other stack's policy.
 */
import { Aspects, NestedStack, RemovalPolicy, Stack, Stage, type App } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as pipelines from "aws-cdk-lib/pipelines";
import * as s3 from "aws-cdk-lib/aws-s3";
import { AgentGuardrails } from "../../src/cdk/index.js";
import type { Finding } from "../../src/core/finding.js";
import { newApp, synth } from "./apps.js";
import { aspectAndScan } from "./aspect-scan.js";
import * as apps from "./real-apps/cross-stack-apps.js";

const config = { production: { accounts: ["111111111111"] } };
const env = { account: "111111111111", region: "us-east-1" };
const agentErrors = (findings: Finding[]): string[] =>
  [...new Set(findings.filter((f) => f.rule.startsWith("agent-") && f.severity === "error" && !f.suppressed).map((f) => `${f.rule} ${f.subject} @ ${f.evidence.map((e) => `${path(e.file)}${e.pointer ?? ""}`).join(" ")}`))].sort();
const path = (file: string | undefined): string => (file ?? "").replace(/^.*[\\/]/, "");

type RoleKind = "agent" | "lambda";

function stacks(app: App, kind: RoleKind, roleName?: string, bounded = false) {
  const roles = new Stack(app, "RolesStack", { env, terminationProtection: true });
  const role = new iam.Role(roles, kind === "agent" ? "RuntimeRole" : "FnRole", {
    assumedBy: new iam.ServicePrincipal(kind === "agent" ? "bedrock-agentcore.amazonaws.com" : "lambda.amazonaws.com"),
    ...(roleName ? { roleName } : {}),
  });
  if (bounded) {
    const readOnly = new iam.ManagedPolicy(roles, "ReadOnlyBoundary", { statements: [new iam.PolicyStatement({ actions: ["dynamodb:GetItem", "dynamodb:Query", "s3:GetObject"], resources: ["*"] })] });
    iam.PermissionsBoundary.of(role).apply(readOnly);
  }
  const data = new Stack(app, "DataStack", { env, terminationProtection: true });
  const table = new dynamodb.Table(data, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
  const bucket = new s3.Bucket(data, "Docs", { removalPolicy: RemovalPolicy.RETAIN });
  return { role, data, table, bucket };
}

const deleteTable = (table: dynamodb.Table) => new iam.PolicyStatement({ actions: ["dynamodb:DeleteTable"], resources: [table.tableArn] });

describe("a role of one stack granted in another", () => {
  test("Role.fromRoleName of the agent role's name: the grant is the agent's", async () => {
    const found = await aspectAndScan(
      (app) => {
        const { data, bucket } = stacks(app, "agent", "orders-exec");
        bucket.grantDelete(iam.Role.fromRoleName(data, "Exec", "orders-exec"));
      },
      config,
      agentErrors,
    );
    expect(found).toEqual([expect.stringMatching(/^agent-destructive-prod RolesStack\/RuntimeRole[0-9A-F]{8} @ DataStack\.template\.json\/Resources\/ExecPolicy[0-9A-F]{8}\/Properties\/PolicyDocument\/Statement\/0 RolesStack\.template\.json/)]);
  }, 60_000);

  test.each([["named", "orders-exec"], ["unnamed", undefined]])("an iam.Policy of the data stack on the %s agent role (cross-stack reference)", async (_, roleName) => {
    const found = await aspectAndScan(
      (app) => {
        const { role, data, table } = stacks(app, "agent", roleName);
        new iam.Policy(data, "Extra", { roles: [role], statements: [deleteTable(table)] });
      },
      config,
      agentErrors,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^agent-destructive-prod RolesStack\/RuntimeRole[0-9A-F]{8} @ DataStack\.template\.json\/Resources\/Extra[0-9A-F]{8}\/Properties\/PolicyDocument\/Statement\/0/);
  }, 60_000);

  test("Role.fromRoleArn of the agent role's ARN: one finding on that role, through its policy and the bucket policy", async () => {
    const found = await aspectAndScan(
      (app) => {
        const { role, data, bucket } = stacks(app, "agent");
        bucket.grantDelete(iam.Role.fromRoleArn(data, "Exec", role.roleArn));
      },
      config,
      agentErrors,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^agent-destructive-prod RolesStack\/RuntimeRole[0-9A-F]{8} @ DataStack\.template\.json\/Resources\/(ExecPolicy|DocsPolicy)/);
  }, 60_000);

  test("AgentGuardrails.suppress on the imported role accepts its grant, in the Aspect and in scan", async () => {
    const suppressed = (findings: Finding[]): string[] => findings.filter((f) => f.rule === "agent-destructive-prod" && f.suppressed).map((f) => `${f.subject}: ${f.suppressed?.reason ?? ""}`);
    const found = await aspectAndScan(
      (app) => {
        const { role, data, bucket } = stacks(app, "agent");
        const imported = iam.Role.fromRoleArn(data, "Exec", role.roleArn, { mutable: true });
        bucket.grantDelete(imported);
        AgentGuardrails.suppress(imported, "agent-destructive-prod", "the agent prunes its own scratch prefix (PLAT-9)");
      },
      config,
      suppressed,
    );
    expect(found).toEqual([expect.stringMatching(/^RolesStack\/RuntimeRole[0-9A-F]{8}: the agent prunes/)]);
  }, 60_000);

  test("a Lambda function's role, granted the same ways: no agent's, no finding", async () => {
    const found = await aspectAndScan(
      (app) => {
        const { role, data, table, bucket } = stacks(app, "lambda");
        new iam.Policy(data, "Extra", { roles: [role], statements: [deleteTable(table)] });
        bucket.grantReadWrite(iam.Role.fromRoleArn(data, "Fn", role.roleArn));
      },
      config,
      agentErrors,
    );
    expect(found).toEqual([]);
  }, 60_000);

  test("the agent role's read-only boundary, set in its own stack, caps the other stack's grant", async () => {
    const found = await aspectAndScan(
      (app) => {
        const { role, data, table } = stacks(app, "agent", undefined, true);
        new iam.Policy(data, "Extra", { roles: [role], statements: [deleteTable(table)] });
      },
      config,
      agentErrors,
    );
    expect(found).toEqual([]);
  }, 60_000);

  test("a CodeBuild project of another stack runs Claude Code as the role: the role's own stack's grant is the agent's", async () => {
    const found = await aspectAndScan(
      (app) => {
        const roles = new Stack(app, "IamStack", { env, terminationProtection: true });
        const role = new iam.Role(roles, "BuildRole", { assumedBy: new iam.ServicePrincipal("codebuild.amazonaws.com") });
        const table = new dynamodb.Table(roles, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
        table.grantFullAccess(role);
        const ci = new Stack(app, "CiStack", { env, terminationProtection: true });
        new codebuild.Project(ci, "Fixer", {
          role: role.withoutPolicyUpdates(),
          buildSpec: codebuild.BuildSpec.fromObject({ version: "0.2", phases: { build: { commands: ["npm install -g @anthropic-ai/claude-code", "claude -p 'fix the failing tests'"] } } }),
        });
      },
      config,
      agentErrors,
    );
    expect(found).toEqual([expect.stringMatching(/^agent-destructive-prod IamStack\/BuildRole[0-9A-F]{8} @ IamStack\.template\.json\/Resources\/BuildRoleDefaultPolicy/)]);
  }, 60_000);
});

/**
 * `Role.fromRoleName` of an agent role another stack of the same app defines (same account): its
 * policies are in the app, so the Aspect's warning that they are not ("imported agent role … not
 * verifiable here") is wrong. Expected before the run: no such warning; the role of the same name
 * in another account, or one the app does not define, keeps it. Before: the warning on each.
 */
describe("the imported-agent-role warning", () => {
  test("not on a role another stack of the app defines in the same account; kept for one it does not", () => {
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails({ config });
    Aspects.of(app).add(guardrails);
    const agents = new Stack(app, "Agents", { env, terminationProtection: true });
    new iam.Role(agents, "Agent", { roleName: "coding-agent", assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
    const data = new Stack(app, "Data", { env, terminationProtection: true });
    const bucket = new s3.Bucket(data, "Docs", { removalPolicy: RemovalPolicy.RETAIN });
    bucket.grantRead(iam.Role.fromRoleName(data, "SameAccount", "coding-agent"));
    const other = new Stack(app, "Other", { env: { account: "222222222222", region: "us-east-1" }, terminationProtection: true });
    const otherBucket = new s3.Bucket(other, "Docs", { removalPolicy: RemovalPolicy.RETAIN });
    otherBucket.grantRead(iam.Role.fromRoleName(other, "OtherAccount", "coding-agent"));
    otherBucket.grantRead(iam.Role.fromRoleName(other, "Undefined", "kiro-agent"));
    const warned = synth(app, outdir, guardrails).messages.filter((m) => m.text.includes("imported agent role")).map((m) => m.path);
    expect(warned).toEqual(["/Other/OtherAccount", "/Other/Undefined"]);
  }, 60_000);
});

/**
 * The same across a NestedStack: CDK passes the parent's role to the nested stack as a parameter
 * (`referencetoParent…Ref`/`…Arn`) and reads a nested stack's role through its outputs. Expected
 * before the run: a policy of the nested stack on the parent's agent role (and one of the parent on
 * the nested stack's), or a grant through `Role.fromRoleArn` of its ARN, is an error on that role;
 * on a Lambda function's role, none. Before: every one was reported on a stand-in ("role named by
 * parameter …", "role named *", "role of any account"), the Lambda role's too.
 */
describe("a role of a parent stack granted in its nested stack, and the reverse", () => {
  const build = (kind: RoleKind, how: "policy in nested" | "policy in parent" | "fromRoleArn in nested") => (app: App) => {
    const parent = new Stack(app, "Parent", { env, terminationProtection: true });
    const holder = how === "policy in parent" ? new NestedStack(parent, "Roles") : parent;
    const role = new iam.Role(holder, "Role", { assumedBy: new iam.ServicePrincipal(kind === "agent" ? "bedrock-agentcore.amazonaws.com" : "lambda.amazonaws.com") });
    const data = how === "policy in parent" ? parent : new NestedStack(parent, "Data");
    const table = new dynamodb.Table(data, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
    if (how === "fromRoleArn in nested") table.grantFullAccess(iam.Role.fromRoleArn(data, "Imported", role.roleArn));
    else new iam.Policy(data, "Extra", { roles: [role], statements: [deleteTable(table)] });
  };
  const subjects = (findings: Finding[]): string[] => [...new Set(findings.filter((f) => f.rule.startsWith("agent-") && f.severity === "error").map((f) => `${f.rule} ${f.subject}`))].sort();

  test.each([["policy in nested"], ["policy in parent"], ["fromRoleArn in nested"]] as const)("%s: the agent role's, judged as that role", async (how) => {
    const found = await aspectAndScan(build("agent", how), config, subjects);
    expect(found).toEqual([expect.stringMatching(how === "policy in parent" ? /^agent-destructive-prod Parent\.RolesNestedStack[^/]*\/Role[0-9A-F]{8}$/ : /^agent-destructive-prod Parent\/Role[0-9A-F]{8}$/)]);
  }, 60_000);

  test.each([["policy in nested"], ["policy in parent"], ["fromRoleArn in nested"]] as const)("%s: a Lambda function's role is no agent's", async (how) => {
    expect(await aspectAndScan(build("lambda", how), config, subjects)).toEqual([]);
  }, 60_000);
});

/**
 * Public apps with roles split across stacks (real-apps/cross-stack-apps.ts, sources in
 * real-apps/README.md). Expected before the first run, config `production.accounts:
 * ["111111111111"]`, each stack production (that account, or env-agnostic) without termination
 * protection:
 * - colinmxs/trfrt-sbmt: the IAM stack's policy gives the API stack's Lambda role `dynamodb:*` on
 *   the submissions table and `s3:*` on the bucket; that role trusts lambda.amazonaws.com and is no
 *   agent's, so only the five stacks are reported. Our variant without RoleName likewise (before:
 *   the policy was reported as a possible agent's, the role known only by its import).
 * - Endika/eslojusto: the three DESTROY log groups and the two stacks; the roles imported by name
 *   (`mutable: false`) are given nothing in the API stack, the GitHub deploy role trusts only the
 *   protected `production` environment (no agent's branch), the others trust AWS services.
 */
const allErrors = (findings: Finding[]): string[] => findings.filter((f) => f.severity === "error" && !f.suppressed).map((f) => `${f.rule} ${f.subject}`).sort();

describe("public apps with roles in one stack and grants in another", () => {
  const trfrtStacks = ["TrfrtSbmt-ApiStack-us-west-2", "TrfrtSbmt-DbStack", "TrfrtSbmt-IamStack", "TrfrtSbmt-S3Stack", "TrfrtSbmt-VoteStreamStack"].map((s) => `prod-resource-unprotected ${s}`);

  test.each([["as published (named roles)", true], ["our variant without RoleName", false]])("colinmxs/trfrt-sbmt, %s: the Lambda role the IAM stack grants dynamodb:* is no agent's", async (_, named) => {
    expect(await aspectAndScan((app) => apps.trfrtSbmt(app, "111111111111", named), config, allErrors)).toEqual(trfrtStacks);
  }, 60_000);

  test("Endika/eslojusto: roles by name in the global stack, imported read-only by the API stack", async () => {
    expect(await aspectAndScan(apps.eslojusto, config, allErrors)).toEqual([
      "prod-resource-unprotected EslojustoApi",
      expect.stringMatching(/^prod-resource-unprotected EslojustoApi\/checkoutLogs/),
      expect.stringMatching(/^prod-resource-unprotected EslojustoApi\/extractLogs/),
      expect.stringMatching(/^prod-resource-unprotected EslojustoApi\/passLogs/),
      "prod-resource-unprotected EslojustoApiGlobal",
    ]);
  }, 60_000);
});

/**
 * An agent role's escalation split between stacks: its own stack lets it pass `role/fn-*`
 * (`role.addToPolicy`), another stack of the app gives it lambda:CreateFunction and
 * lambda:InvokeFunction. Expected before the first run (config as above): path
 * lambda-create-invoke, one agent-privilege-escalation error on the role in its own stack, whichever
 * way the other stack writes its half (`new iam.Policy(…, { roles: [role] })`, `new
 * iam.ManagedPolicy(…, { roles: [role] })`, `Role.fromRoleArn(…, role.roleArn).addToPrincipalPolicy`,
 * `Role.fromRoleName(…).addToPrincipalPolicy`, a NestedStack's `iam.Policy`), and inside a `Stage`
 * holding both stacks, also one a CDK Pipelines `addStage` synthesizes early. A Lambda function's role given the same halves: none. Before: none for any
 * (each stack held half of the path). Two stages of one app (Staging in 222222222222, Prod in
 * 111111111111) with the same role name: only Prod's, and Staging's half never joins Prod's.
 */
describe("escalation whose steps are in two stacks", () => {
  type How = "iam.Policy" | "iam.ManagedPolicy" | "fromRoleArn" | "fromRoleName" | "NestedStack";
  const createInvoke = () => new iam.PolicyStatement({ actions: ["lambda:CreateFunction", "lambda:InvokeFunction"], resources: ["*"] });
  const split = (scope: App | Stage, kind: RoleKind, how: How, account = env.account) => {
    const stackEnv = { account, region: "us-east-1" };
    const roles = new Stack(scope, "RolesStack", { env: stackEnv, terminationProtection: true });
    const role = new iam.Role(roles, "RuntimeRole", {
      roleName: "orders-exec",
      assumedBy: new iam.ServicePrincipal(kind === "agent" ? "bedrock-agentcore.amazonaws.com" : "lambda.amazonaws.com"),
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ["iam:PassRole"], resources: [`arn:aws:iam::${account}:role/fn-*`] }));
    const tools = how === "NestedStack" ? new NestedStack(roles, "Tools") : new Stack(scope, "ToolsStack", { env: stackEnv, terminationProtection: true });
    if (how === "iam.Policy" || how === "NestedStack") new iam.Policy(tools, "Deploy", { roles: [role], statements: [createInvoke()] });
    else if (how === "iam.ManagedPolicy") new iam.ManagedPolicy(tools, "Deploy", { roles: [role], statements: [createInvoke()] });
    else if (how === "fromRoleArn") iam.Role.fromRoleArn(tools, "Imported", role.roleArn).addToPrincipalPolicy(createInvoke());
    else iam.Role.fromRoleName(tools, "Imported", "orders-exec").addToPrincipalPolicy(createInvoke());
  };
  const escalations = (findings: Finding[]): string[] =>
    [...new Set(findings.filter((f) => f.rule.startsWith("agent-") && f.severity === "error" && !f.suppressed).map((f) => `${f.rule} ${f.subject} ${/path [a-z-]+/.exec(f.message)?.[0] ?? ""} @ ${[...new Set(f.evidence.map((e) => path(e.file)))].sort().join(" ")}`))].sort();
  const hows: How[] = ["iam.Policy", "iam.ManagedPolicy", "fromRoleArn", "fromRoleName", "NestedStack"];

  test.each(hows)("%s: the agent role's, on the role, citing both stacks", async (how) => {
    const found = await aspectAndScan((app) => split(app, "agent", how), config, escalations);
    expect(found).toEqual([expect.stringMatching(/^agent-privilege-escalation RolesStack\/RuntimeRole[0-9A-F]{8} path lambda-create-invoke @ RolesStack\.template\.json (ToolsStack\.template|RolesStackTools[0-9A-F]{8}\.nested\.template)\.json$/)]);
  }, 60_000);

  test.each(hows)("%s: a Lambda function's role is no agent's", async (how) => {
    expect(await aspectAndScan((app) => split(app, "lambda", how), config, escalations)).toEqual([]);
  }, 60_000);

  test("a CDK Pipelines stage holding both stacks (pipeline.addStage): the same error, from the App's Aspect and scan", async () => {
    const found = await aspectAndScan(
      (app) => {
        const pipelineStack = new Stack(app, "PipelineStack", { env, terminationProtection: true });
        const pipeline = new pipelines.CodePipeline(pipelineStack, "Pipeline", {
          synth: new pipelines.ShellStep("Synth", { input: pipelines.CodePipelineSource.gitHub("acme/orders", "main"), commands: ["npm ci", "npx cdk synth"] }),
        });
        const stage = new Stage(app, "Prod", { env });
        split(stage, "agent", "iam.Policy");
        pipeline.addStage(stage);
      },
      config,
      escalations,
    );
    expect(found).toEqual([expect.stringMatching(/^agent-privilege-escalation Prod-RolesStack\/RuntimeRole[0-9A-F]{8} path lambda-create-invoke @ ProdRolesStack[0-9A-F]{8}\.template\.json ProdToolsStack[0-9A-F]{8}\.template\.json$/)]);
  }, 60_000);

  test("two stages (Staging 222222222222, Prod 111111111111), one role name: Prod's alone, its halves joined", async () => {
    const found = await aspectAndScan(
      (app) => {
        split(new Stage(app, "Staging"), "agent", "fromRoleName", "222222222222");
        split(new Stage(app, "Prod"), "agent", "fromRoleName");
      },
      config,
      escalations,
    );
    expect(found).toEqual([expect.stringMatching(/^agent-privilege-escalation Prod-RolesStack\/RuntimeRole[0-9A-F]{8} path lambda-create-invoke @ ProdRolesStack[0-9A-F]{8}\.template\.json ProdToolsStack[0-9A-F]{8}\.template\.json$/)]);
  }, 60_000);
});

/**
 * Whom the agent can become in another stack of the app. Expected before the first run (config as
 * above; the agent role trusts bedrock-agentcore.amazonaws.com, its name is no agent's):
 * - an `AdminStack` role with AdministratorAccess whose trust is the agent role
 *   (`assumedBy: new iam.ArnPrincipal(agent.roleArn)`, a cross-stack reference): the agent can
 *   become it, agent-privilege-escalation on the agent. Before: nothing.
 * - a read-only role of another stack the agent may assume (its trust names the agent, the agent's
 *   policy its ARN), and a read-only Lambda role of another stack the agent may pass to functions it
 *   creates and invokes: no finding. Before: each was reported as a role not in the input.
 */
describe("a role of another stack the agent can become", () => {
  const agentStack = (app: App) => {
    const agents = new Stack(app, "AgentsStack", { env, terminationProtection: true });
    return new iam.Role(agents, "Runtime", { roleName: "orders-exec", assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
  };
  const subjects = (findings: Finding[]): string[] => [...new Set(findings.filter((f) => f.rule.startsWith("agent-") && f.severity === "error").map((f) => `${f.rule} ${f.subject} ${/it can become [^,]*/.exec(f.message)?.[0] ?? ""}`))].sort();

  test("an administrator role trusting the agent role: escalation", async () => {
    const found = await aspectAndScan(
      (app) => {
        const agent = agentStack(app);
        const admin = new Stack(app, "AdminStack", { env, terminationProtection: true });
        new iam.Role(admin, "Deployer", { assumedBy: new iam.ArnPrincipal(agent.roleArn), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")] });
      },
      config,
      subjects,
    );
    expect(found).toEqual([expect.stringMatching(/^agent-privilege-escalation AgentsStack\/Runtime[0-9A-F]{8} it can become orders-exec → Deployer[0-9A-F]{8} \(sts:AssumeRole\)$/)]);
  }, 60_000);

  test("a read-only role it assumes and a read-only function role it passes, in another stack: no finding", async () => {
    const found = await aspectAndScan(
      (app) => {
        const agent = agentStack(app);
        const readers = new Stack(app, "ReadersStack", { env, terminationProtection: true });
        const reads = new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: ["*"] });
        new iam.Role(readers, "Reader", { roleName: "reader", assumedBy: new iam.ArnPrincipal(agent.roleArn) }).addToPolicy(reads);
        new iam.Role(readers, "FnReader", { roleName: "fn-reader", assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com") }).addToPolicy(reads);
        agent.addToPolicy(new iam.PolicyStatement({ actions: ["sts:AssumeRole"], resources: [`arn:aws:iam::${env.account}:role/reader`] }));
        agent.addToPolicy(new iam.PolicyStatement({ actions: ["iam:PassRole"], resources: [`arn:aws:iam::${env.account}:role/fn-reader`] }));
        agent.addToPolicy(new iam.PolicyStatement({ actions: ["lambda:CreateFunction", "lambda:InvokeFunction"], resources: ["*"] }));
      },
      config,
      subjects,
    );
    expect(found).toEqual([]);
  }, 60_000);
});

/**
 * amitkalawat/aws-mcp-multi-account-repo- (real-apps/cross-stack-apps.ts centralOps, sources in
 * real-apps/README.md): an AgentCore agent whose runtime role, gateway role, tool function and
 * target role are in five stacks. Expected before the first run (config as above, `environment`
 * prod, so every stack is production):
 * - as published (env-agnostic): the bridge function is the gateway's Lambda target, so its role
 *   is an agent's tool role; its sts:AssumeRole on `arn:aws:iam::*:role/CentralOpsTargetRole` names
 *   that role in every account, and the input holds at most one account's (the member stack's),
 *   so agent-privilege-escalation on the bridge role (fail closed). The runtime and gateway roles
 *   (models, tokens, logs, ECR pulls, table reads; invoking the bridge) and the ReadOnlyAccess
 *   target role: no agent finding. prod-resource-unprotected: the seven stacks (no termination
 *   protection), the DESTROY accounts table and the DESTROY, emptied ECR repository.
 * - our variant with every stack in 111111111111 and the bridge assuming that account's
 *   `CentralOpsTargetRole` only: the role it assumes is the member stack's, read-only, so no agent
 *   finding. Before: agent-privilege-escalation, the role read as one not in the input.
 */
describe("an AgentCore agent across five stacks (amitkalawat/aws-mcp-multi-account-repo-)", () => {
  const agentFindings = (findings: Finding[]): string[] => findings.filter((f) => f.rule.startsWith("agent-") && !f.suppressed).map((f) => `${f.rule} ${f.subject}: ${f.message}`).sort();
  const unprotected = (findings: Finding[]): string[] => findings.filter((f) => f.rule === "prod-resource-unprotected").map((f) => f.subject.replace(/[0-9A-F]{8}$/, "")).sort();

  test("as published: the bridge role's sts:AssumeRole on the target role of any account", async () => {
    const found = await aspectAndScan((app) => apps.centralOps(app), config, (f) => [...agentFindings(f), ...unprotected(f)]);
    expect(found).toEqual([
      expect.stringMatching(/^agent-privilege-escalation CentralOps-Lambda-prod\/BridgeLambdaRole[0-9A-F]{8}: Role CentralOpsBridgeRole-prod can escalate its privileges: sts:AssumeRole on role\/CentralOpsTargetRole \(path sts-assume-role\)$/),
      "CentralOps-DynamoDB-prod",
      "CentralOps-DynamoDB-prod/AccountsTable",
      "CentralOps-ECR-prod",
      "CentralOps-ECR-prod/AgentRepository",
      "CentralOps-Gateway-prod",
      "CentralOps-Lambda-prod",
      "CentralOps-MemberRole-prod",
      "CentralOps-Roles-prod",
      "CentralOps-Runtime-prod",
    ]);
  }, 60_000);

  test("our same-account variant: the role the bridge assumes is in the input, read-only: no agent finding", async () => {
    expect(await aspectAndScan((app) => apps.centralOps(app, { account: "111111111111", sameAccount: true }), config, agentFindings)).toEqual([]);
  }, 60_000);
});

/**
 * An agent role writing a bucket another stack of the app creates (`bucket.grantPut(agent)`: CDK
 * writes the grant in the agent's stack, on the bucket's ARN imported from the data stack).
 * Expected before the run: no finding (the bucket is the app's, CloudFormation names it; neither
 * the CDK asset bucket nor a Glue script bucket, and PutObject deletes nothing here). Before: the
 * agent's PutObject counted for both of those escalation paths.
 */
test("bucket.grantPut on another stack's bucket: no escalation", async () => {
  const found = await aspectAndScan(
    (app) => {
      const data = new Stack(app, "DataStack", { env, terminationProtection: true });
      const bucket = new s3.Bucket(data, "Reports", { removalPolicy: RemovalPolicy.RETAIN });
      const agents = new Stack(app, "AgentsStack", { env, terminationProtection: true });
      bucket.grantPut(new iam.Role(agents, "Runtime", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") }));
    },
    config,
    (findings) => findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}: ${f.message}`),
  );
  expect(found).toEqual([]);
}, 60_000);
