/**
 * `@aws-cdk/core:explicitStackTags` (aws-cdk-lib 2.205+, `true` in every app `cdk init` makes):
 * `Tags.of(stack).add("Environment", "prod")` then tags the stack's resources and not the stack, so
 * the stack's own tags (the manifest's `tags`, `stack.tags`) no longer say what the team plainly
 * tagged it. Decided before the run (config `production.accounts: ["111111111111"]`, every stack
 * in another account or env-agnostic):
 * - `Orders`, account 222222222222, `Tags.of(stack).add("Environment", "prod")`: production, as
 *   the same line made it before the flag: its agent role's `table.grantFullAccess` is
 *   agent-destructive-prod, and its nested stack's too (it inherits its parent's scope).
 * - `Payments`, env-agnostic, `Tags.of(stack).add("Environment", "dev")`: not production, as
 *   before the flag: its agent's full access to its own table is no error.
 * - `Ledger`, account 222222222222, the stack tagged `Environment: dev` in its props (the manifest
 *   carries it) and one table tagged `Environment: production`: production (a production signal
 *   wins, fail closed), and so is its nested stack, whose own resources are not tagged (it
 *   inherits its parent's scope).
 * - `Billing` (tagged prod that way) and `ReportsProd` (named so), account 222222222222: an
 *   agent's DeleteTable (and Billing's iam:PutRolePolicy, an escalation) on `*` or on the tables
 *   of the stack's own account is production (the
 *   account a production stack deploys to holds production, listed or not); on another unlisted
 *   account's tables it is not.
 * - `Scratch`, account 222222222222, one bucket tagged `Environment: dev`: not production (an
 *   unlisted account, no production signal), as before.
 * Before the fix Orders passed (no finding at all), Payments failed on its agent role; the Aspect
 * and `scan` of the same cdk.out agree on each.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, NestedStack, RemovalPolicy, Stack, Tags } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import type { Finding } from "../../src/core/finding.js";
import { gate } from "../cli/gate.js";
import { aspectAndScan } from "./aspect-scan.js";

const config = { production: { accounts: ["111111111111"] } };
const env = { account: "222222222222", region: "eu-west-1" };
const agentTrust = () => new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com");

function tableWithAgent(scope: Construct): void {
  const table = new dynamodb.Table(scope, "Table", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
  table.grantFullAccess(new iam.Role(scope, "CodingAgentRole", { assumedBy: agentTrust() }));
}

const errors = (findings: Finding[]): string[] =>
  [...new Set(findings.filter((f) => f.severity === "error" && !f.suppressed).map((f) => `${f.rule} ${f.subject.replace(/[0-9A-F]{8}(?=\/|$)/g, "")}`))].sort();

let outdir = "";
function build(app: App): void {
  app.node.setContext("@aws-cdk/core:explicitStackTags", true);
  outdir = app.outdir;
  const orders = new Stack(app, "Orders", { env, terminationProtection: true });
  tableWithAgent(orders);
  tableWithAgent(new NestedStack(orders, "Data"));
  Tags.of(orders).add("Environment", "prod");

  const payments = new Stack(app, "Payments", { terminationProtection: true });
  tableWithAgent(payments);
  Tags.of(payments).add("Environment", "dev");

  const ledger = new Stack(app, "Ledger", { env, terminationProtection: true, tags: { Environment: "dev" } });
  tableWithAgent(ledger);
  tableWithAgent(new NestedStack(ledger, "Archive"));
  Tags.of(ledger.node.findChild("Table")).add("Environment", "production");

  // What a production stack's agent may do in its own account, named by `*` or by an ARN of that
  // account: production, whether the stack is production by a resource tag or by its name.
  const billing = new Stack(app, "Billing", { env, terminationProtection: true });
  new iam.Role(billing, "CodingAgentRole", { assumedBy: agentTrust() }).addToPolicy(new iam.PolicyStatement({ actions: ["dynamodb:DeleteTable", "iam:PutRolePolicy"], resources: ["*"] }));
  Tags.of(billing).add("Environment", "prod");
  const reports = new Stack(app, "ReportsProd", { env, terminationProtection: true });
  new iam.Role(reports, "CodingAgentRole", { assumedBy: agentTrust() }).addToPolicy(
    new iam.PolicyStatement({ actions: ["dynamodb:DeleteTable"], resources: [`arn:aws:dynamodb:eu-west-1:${env.account}:table/*`] }),
  );
  // Another unlisted account than its own: not production (no production signal names it).
  new iam.Role(reports, "ElsewhereAgentRole", { assumedBy: agentTrust() }).addToPolicy(
    new iam.PolicyStatement({ actions: ["dynamodb:DeleteTable"], resources: ["arn:aws:dynamodb:eu-west-1:333333333333:table/*"] }),
  );

  const scratch = new Stack(app, "Scratch", { env, terminationProtection: true });
  tableWithAgent(scratch);
  Tags.of(new s3.Bucket(scratch, "Bucket")).add("Environment", "dev");
}

describe("@aws-cdk/core:explicitStackTags: a stack tagged through Tags.of(stack)", () => {
  let found: string[] = [];
  beforeAll(async () => {
    found = await aspectAndScan(build, config, errors);
  });

  it("the flag is in effect: CDK writes the tag on the resources, not on the stack", () => {
    const manifest = JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8")) as { artifacts: Record<string, { properties?: { tags?: unknown } }> };
    expect(manifest.artifacts["Orders"]?.properties?.tags).toBeUndefined();
    expect(manifest.artifacts["Ledger"]?.properties?.tags).toEqual({ Environment: "dev" });
    const orders = JSON.parse(readFileSync(path.join(outdir, "Orders.template.json"), "utf8")) as { Resources: Record<string, { Type: string; Properties?: { Tags?: unknown } }> };
    const table = Object.values(orders.Resources).find((r) => r.Type === "AWS::DynamoDB::Table");
    expect(table?.Properties?.Tags).toEqual([{ Key: "Environment", Value: "prod" }]);
  });

  it("Environment: prod on the resources is production: the agent's full access is an error, in the nested stack too; dev stays not production", () => {
    expect(found).toEqual([
      "agent-destructive-prod Billing/CodingAgentRole",
      "agent-destructive-prod Ledger.ArchiveNestedStackArchiveNestedStackResource/CodingAgentRole",
      "agent-destructive-prod Ledger/CodingAgentRole",
      "agent-destructive-prod Orders.DataNestedStackDataNestedStackResource/CodingAgentRole",
      "agent-destructive-prod Orders/CodingAgentRole",
      "agent-destructive-prod ReportsProd/CodingAgentRole",
      "agent-privilege-escalation Billing/CodingAgentRole",
    ]);
  });
});

/**
 * The replacement gate (`diff BASE HEAD` of two cloud assemblies) reads the same tags. Decided
 * before the run: Orders, tagged Environment: prod by Tags.of(stack) in 222222222222, drops its
 * DESTROY table while the head retags it dev: two errors, the table's removal (production as
 * deployed) and the retag; Scratch, tagged dev that way on both sides, drops its table: nothing.
 * Before, the gate read only the manifest's stack tags: Orders was not production, both passed.
 */
describe("@aws-cdk/core:explicitStackTags in the replacement gate", () => {
  const work = mkdtempSync(path.join(tmpdir(), "ag-explicit-tags-diff-"));
  const synthSide = (side: "base" | "head"): string => {
    const app = new App({ outdir: path.join(work, side), context: { "@aws-cdk/core:explicitStackTags": true } });
    for (const [id, environment] of [["Orders", side === "base" ? "prod" : "dev"], ["Scratch", "dev"]] as const) {
      const stack = new Stack(app, id, { env, terminationProtection: true });
      new sns.Topic(stack, "Events");
      if (side === "base") new dynamodb.Table(stack, "Table", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
      Tags.of(stack).add("Environment", environment);
    }
    app.synth();
    return app.outdir;
  };

  it("a production stack by its resources' tags: its table's removal and its retag to dev fail; a dev stack's removal passes", async () => {
    const config = path.join(work, "config.yml");
    writeFileSync(config, "production:\n  accounts: ['111111111111']\n");
    const { out } = await gate(work, synthSide("base"), synthSide("head"), ["--config", config]);
    expect(out.errors).toEqual([]);
    const found = out.findings.filter((f) => f.severity === "error").map((f) => f.subject.replace(/[0-9A-F]{8}$/, ""));
    expect(found).toEqual(["Orders", "Orders/Table"]);
    expect(out.findings.find((f) => f.subject === "Orders")?.message).toContain("its resource");
  });
});
