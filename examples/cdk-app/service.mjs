// The example service: the same stack in a Prod and a Staging stage, guarded by AgentGuardrails.
import { App, Aspects, Stack, Stage } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { AgentGuardrails } from "agent-guardrail/cdk";

export class OrdersService extends Stack {
  constructor(scope, id, props) {
    super(scope, id, { ...props, terminationProtection: true });
    const table = new dynamodb.Table(this, "Orders", {
      partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      deletionProtection: true,
    });
    const bucket = new s3.Bucket(this, "BuildArtifacts", { versioned: true });

    // Humans deploy through a pipeline role; it is not an agent.
    const deploy = new iam.Role(this, "DeployRole", { assumedBy: new iam.AccountRootPrincipal() });
    table.grantFullAccess(deploy);

    // VIOLATION: the AI coding agent's role can delete the production table.
    const agent = new iam.Role(this, "KiroAgentRole", { assumedBy: new iam.AccountRootPrincipal(), description: "Role the Kiro coding agent assumes" });
    table.grantFullAccess(agent);

    // FIX: a second agent that only reads and writes items it is told to, never deletes.
    const reviewAgent = new iam.Role(this, "ReviewAgentRole", { assumedBy: new iam.AccountRootPrincipal() });
    table.grantReadData(reviewAgent);
    bucket.grantRead(reviewAgent);

    // SUPPRESSION: an agent that prunes old build artifacts, accepted with a reason.
    const cleanupAgent = new iam.Role(this, "ArtifactCleanupAgentRole", { assumedBy: new iam.AccountRootPrincipal() });
    bucket.grantDelete(cleanupAgent, "builds/*");
    AgentGuardrails.suppress(cleanupAgent, "agent-destructive-prod", "prunes build artifacts only; the bucket is versioned (PLAT-214)");
  }
}

/**
 * Build the app; `outdir` for in-process synthesis (the CDK CLI sets it through the environment).
 * `enforce` (or `cdk synth -c enforce=true`) puts the guardrail boundary on every agent role of
 * the production stage: AWS then denies them the destructive tiers, and synth passes.
 */
export function buildApp(outdir, { enforce } = {}) {
  const app = new App(outdir ? { outdir } : {});
  Aspects.of(app).add(new AgentGuardrails());
  if (enforce ?? String(app.node.tryGetContext("enforce")) === "true") AgentGuardrails.enforce(app);
  for (const stage of ["Prod", "Staging"]) new OrdersService(new Stage(app, stage), "OrdersService");
  return app;
}
