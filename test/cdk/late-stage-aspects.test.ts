/**
 * An aspect added to a CDK Pipelines stage after `pipeline.addStage(stage)` (which synthesizes the
 * stage on the spot). CDK alone never runs it: the App reuses the stage's cached assembly. The
 * Aspect on the App synthesizes the stage again to carry its annotations, and that synthesis runs
 * every aspect of the stage, the late one included, so what cdk.out holds may differ from what was
 * judged. Expected before the run (config `production.accounts: ["111111111111"]`, the Prod stage
 * in that account): a late aspect that sets the Prod table to DESTROY is prod-resource-unprotected,
 * one that gives the agent role `grantFullAccess` is agent-destructive-prod, each in `cdk synth` and
 * `scan` of the same cdk.out. Before the fix both passed `cdk synth` (the Aspect judged the stage as
 * first synthesized) while cdk.out held the DESTROY table and the full-access grant.
 * An aspect that writes a different template at every synthesis cannot be judged: an error.
 */
import { Aspects, CfnResource, RemovalPolicy, Stack, Stage, type App, type IAspect } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as pipelines from "aws-cdk-lib/pipelines";
import type { IConstruct } from "constructs";
import type { Finding } from "../../src/core/finding.js";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { aspectAndScan } from "./aspect-scan.js";
import { newApp, synth } from "./apps.js";

const config = { production: { accounts: ["111111111111"] } };
const picked = (findings: Finding[]): string[] => [...new Set(findings.filter((f) => f.severity === "error" && !f.suppressed).map((f) => `${f.rule} ${f.subject}`))].sort();

interface Prod {
  stage: Stage;
  table: dynamodb.Table;
  agent: iam.Role;
}

/** A pipeline in a tools account deploying a Prod stage whose table is protected and whose agent only reads. */
function pipelineApp(app: App): Prod {
  const tools = new Stack(app, "Pipeline", { env: { account: "999999999999", region: "us-east-1" }, terminationProtection: true });
  const pipeline = new pipelines.CodePipeline(tools, "Pipeline", {
    crossAccountKeys: true,
    synth: new pipelines.ShellStep("Synth", { input: pipelines.CodePipelineSource.gitHub("acme/orders", "main"), commands: ["npx cdk synth"] }),
  });
  const stage = new Stage(app, "Prod", { env: { account: "111111111111", region: "us-east-1" } });
  const stack = new Stack(stage, "Orders", { terminationProtection: true });
  const table = new dynamodb.Table(stack, "Table", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
  const agent = new iam.Role(stack, "CodingAgentRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
  table.grantReadData(agent);
  pipeline.addStage(stage);
  return { stage, table, agent };
}

const destroyTables: IAspect = {
  visit: (node: IConstruct) => {
    if (node instanceof CfnResource && node.cfnResourceType === "AWS::DynamoDB::Table") node.applyRemovalPolicy(RemovalPolicy.DESTROY);
  },
};

describe("an aspect added to a pipeline stage after addStage", () => {
  test("nothing late: the read-only agent and the protected table pass", async () => {
    expect(await aspectAndScan((app) => void pipelineApp(app), config, picked)).toEqual([]);
  }, 120_000);

  test("a late aspect setting the table to DESTROY: prod-resource-unprotected, Aspect = scan", async () => {
    const found = await aspectAndScan((app) => Aspects.of(pipelineApp(app).stage).add(destroyTables), config, picked);
    expect(found).toEqual([expect.stringMatching(/^prod-resource-unprotected Prod-Orders\/Table[0-9A-F]{8}$/)]);
  }, 120_000);

  test("a late aspect granting the agent full access: agent-destructive-prod, Aspect = scan", async () => {
    const found = await aspectAndScan(
      (app) => {
        const prod = pipelineApp(app);
        Aspects.of(prod.stage).add({ visit: (node: IConstruct) => (node === prod.agent ? void prod.table.grantFullAccess(prod.agent) : undefined) });
      },
      config,
      picked,
    );
    expect(found).toEqual([expect.stringMatching(/^agent-destructive-prod Prod-Orders\/CodingAgentRole[0-9A-F]{8}$/)]);
  }, 120_000);

  test("a late aspect writing another template at each synthesis: an error in cdk synth, never a pass", () => {
    const { app, outdir } = newApp();
    const prod = pipelineApp(app);
    let runs = 0;
    // RETAIN on odd runs, DESTROY on even ones: no synthesis writes what the one before it wrote.
    Aspects.of(prod.stage).add({
      visit: (node: IConstruct) => {
        if (node !== prod.table.node.defaultChild) return;
        runs += 1;
        (node as CfnResource).applyRemovalPolicy(runs % 2 === 0 ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);
      },
    });
    const guardrails = new AgentGuardrails({ config });
    Aspects.of(app).add(guardrails);
    const s = synth(app, outdir, guardrails);
    expect(guardrails.result?.errors.map((e) => e.message).join("\n")).toMatch(/changed when its stage was synthesized again/);
    expect(s.messages.filter((m) => m.level === "error" && m.path.startsWith("/Prod/Orders")).map((m) => m.text).join("\n")).toMatch(/could not evaluate: .*changed when its stage was synthesized again/);
  }, 120_000);
});
