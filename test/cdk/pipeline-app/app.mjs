// A CDK Pipelines app whose only error is in a pipeline stage, with the Aspect added after
// addStage (the stage is synthesized already): a bare `cdk synth` must fail (issue 12 item 10).
import { App, Aspects, Stack, Stage } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as pipelines from "aws-cdk-lib/pipelines";
import { AgentGuardrails } from "agent-guardrail/cdk";
const app = new App();
class Svc extends Stage { constructor(s, id, p) { super(s, id, p); const st = new Stack(this, "Api", { terminationProtection: true });
  const t = new dynamodb.Table(st, "T", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING } });
  t.grantFullAccess(new iam.Role(st, "AgentRole", { assumedBy: new iam.ServicePrincipal("bedrock.amazonaws.com") })); } }
const ps = new Stack(app, "PipelineStack", { env: { account: "111111111111", region: "us-east-1" }, terminationProtection: true });
const pipe = new pipelines.CodePipeline(ps, "Pipeline", { synth: new pipelines.ShellStep("Synth", { input: pipelines.CodePipelineSource.gitHub("o/r", "main"), commands: ["npx cdk synth"] }) });
pipe.addStage(new Svc(ps, "Prod", { env: { account: "111111111111", region: "us-east-1" } }));
Aspects.of(app).add(new AgentGuardrails());
app.synth();
