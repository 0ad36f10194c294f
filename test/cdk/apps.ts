/**
 * CDK apps the Aspect tests synthesize in-process (real aws-cdk-lib, validation off), shared so
 * each app is synthesized once per test file.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Aspects, RemovalPolicy, Stack, Stage, type AppProps, type StackProps } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sc from "aws-cdk-lib/aws-servicecatalog";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import type { Construct } from "constructs";
import { AgentGuardrails, type AgentGuardrailsProps } from "../../src/cdk/index.js";

export interface Message {
  level: string;
  path: string;
  text: string;
}

export interface Synthesized {
  outdir: string;
  assembly: CloudAssembly;
  guardrails: AgentGuardrails;
  messages: Message[];
}

export function newApp(): { app: App; outdir: string } {
  const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-cdk-"));
  // Validation off: it costs seconds per synth and plays no part in these verdicts.
  const app = new App({ outdir, builtinCloudFormationValidation: false } as AppProps);
  return { app, outdir };
}

export function messagesOf(assembly: CloudAssembly): Message[] {
  const out: Message[] = [];
  for (const stack of assembly.stacks) {
    for (const m of stack.messages) out.push({ level: m.level, path: m.id, text: String(m.entry.data) });
  }
  for (const artifact of assembly.nestedAssemblies) out.push(...messagesOf(artifact.nestedAssembly));
  return out;
}

export function synth(app: App, outdir: string, guardrails: AgentGuardrails): Synthesized {
  const assembly = app.synth();
  return { outdir, assembly, guardrails, messages: messagesOf(assembly) };
}

const agentTrust = () => new iam.ServicePrincipal("bedrock.amazonaws.com");

/** One service stack with every way CDK users grant access, in a stage named after its environment. */
export class ServiceStack extends Stack {
  readonly table: dynamodb.Table;
  readonly bucket: s3.Bucket;
  constructor(scope: Construct, id: string, props: StackProps & { suppressReason?: string } = {}) {
    super(scope, id, props);
    this.table = new dynamodb.Table(this, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING } });
    this.bucket = new s3.Bucket(this, "Artifacts");

    const tableAgent = new iam.Role(this, "TableAgentRole", { assumedBy: agentTrust() });
    this.table.grantFullAccess(tableAgent);

    const bucketAgent = new iam.Role(this, "BucketAgentRole", { assumedBy: agentTrust() });
    this.bucket.grantDelete(bucketAgent);

    const inlineAgent = new iam.Role(this, "InlineAgentRole", { assumedBy: agentTrust() });
    inlineAgent.addToPolicy(new iam.PolicyStatement({ actions: ["rds:DeleteDBCluster"], resources: ["*"] }));

    const adminAgent = new iam.Role(this, "AdminAgentRole", { assumedBy: agentTrust() });
    adminAgent.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess"));

    const laterAgent = new iam.Role(this, "LaterAgentRole", { assumedBy: agentTrust() });
    const later = new iam.Policy(this, "LaterPolicy", { statements: [new iam.PolicyStatement({ actions: ["iam:PutRolePolicy", "iam:AttachRolePolicy"], resources: ["*"] })] });
    later.attachToRole(laterAgent);

    // A read-only permissions boundary caps the agent: not flagged despite the full-access grant.
    const boundedAgent = new iam.Role(this, "BoundedAgentRole", { assumedBy: agentTrust() });
    const readOnly = new iam.ManagedPolicy(this, "ReadOnlyBoundary", {
      statements: [new iam.PolicyStatement({ actions: ["dynamodb:GetItem", "dynamodb:Query", "s3:GetObject"], resources: ["*"] })],
    });
    iam.PermissionsBoundary.of(boundedAgent).apply(readOnly);
    this.table.grantFullAccess(boundedAgent);

    // A human deploy role is not an agent: not flagged.
    const deploy = new iam.Role(this, "DeployRole", { assumedBy: new iam.AccountRootPrincipal() });
    this.table.grantFullAccess(deploy);

    const breakGlass = new iam.Role(this, "BreakGlassAgentRole", { assumedBy: agentTrust() });
    this.table.grantFullAccess(breakGlass);
    AgentGuardrails.suppress(breakGlass, "agent-destructive-prod", props.suppressReason ?? "break-glass agent, every use is paged to SRE (OPS-123)");

    const imported = iam.Role.fromRoleArn(this, "ImportedKiroAgent", "arn:aws:iam::111111111111:role/kiro-agent");
    this.bucket.grantRead(imported);
  }
}

/** Prod and Staging stages of ServiceStack; the Aspect is added before any construct exists. */
export function stagesApp(props: AgentGuardrailsProps = {}, suppressReason?: string): Synthesized {
  const { app, outdir } = newApp();
  const guardrails = new AgentGuardrails(props);
  Aspects.of(app).add(guardrails);
  for (const name of ["Prod", "Staging"]) {
    const stage = new Stage(app, name);
    new ServiceStack(stage, "Service", { ...(suppressReason !== undefined ? { suppressReason } : {}) });
  }
  return synth(app, outdir, guardrails);
}

/** A table in one stack, the agent role and its grant in another (an Fn::ImportValue in cdk.out). */
export function crossStackApp(): Synthesized {
  const { app, outdir } = newApp();
  const guardrails = new AgentGuardrails();
  Aspects.of(app).add(guardrails);
  const data = new Stack(app, "ProdData", { terminationProtection: true });
  const table = new dynamodb.Table(data, "Ledger", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING } });
  const agents = new Stack(app, "ProdAgents", { terminationProtection: true });
  const role = new iam.Role(agents, "CodingAgentRole", { assumedBy: agentTrust() });
  // A grant made after the Aspect was added, by a construct in another stack.
  table.grantWriteData(role);
  role.addToPolicy(new iam.PolicyStatement({ actions: ["dynamodb:DeleteTable"], resources: [table.tableArn] }));
  return synth(app, outdir, guardrails);
}

/**
 * The same stack in a Prod and a Staging stage: an agent role (an agent by its construct id only,
 * trusted by the account) with full access to the stage's own table.
 */
export function prodAndStagingApp(): Synthesized {
  const { app, outdir } = newApp();
  const guardrails = new AgentGuardrails();
  Aspects.of(app).add(guardrails);
  for (const name of ["Prod", "Staging"]) {
    const stack = new Stack(new Stage(app, name), "Orders", { terminationProtection: true });
    const table = new dynamodb.Table(stack, "Table", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING } });
    const role = new iam.Role(stack, "AgentRole", { assumedBy: new iam.AccountRootPrincipal() });
    table.grantFullAccess(role);
  }
  return synth(app, outdir, guardrails);
}

/**
 * The ProductStack of aws-samples/aws-cdk-examples @ bccff1d2 (typescript/servicecatalog/
 * portfolio-with-ec2-product, Apache-2.0), reduced, with (ours) an agent role given a retained
 * table's full access inside the product.
 */
export function buildProductApp(app: App): void {
  const stack = new Stack(app, "Ec2CdkStack", { env: { account: "111111111111", region: "us-east-1" }, terminationProtection: true });
  const productStack = new sc.ProductStack(stack, "OpsProduct");
  const table = new dynamodb.Table(productStack, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN });
  table.grantFullAccess(new iam.Role(productStack, "ClaudeOpsRole", { assumedBy: new iam.AccountRootPrincipal() }));
  const product = new sc.CloudFormationProduct(stack, "OpsToolsProduct", { productName: "ops", owner: "IT", productVersions: [{ cloudFormationTemplate: sc.CloudFormationTemplate.fromProductStack(productStack), productVersionName: "v1" }] });
  new sc.Portfolio(stack, "Portfolio", { displayName: "Ops", providerName: "IT" }).addProduct(product);
}
