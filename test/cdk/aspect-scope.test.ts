/**
 * The Aspect added below a stack: a construct library (or an app's own L3 construct) that adds
 * `AgentGuardrails` to itself, cdk-nag style (`Aspects.of(this).add(...)` in its constructor).
 * Its resources live in the enclosing stack's template, judged with that stack's other grants
 * as `scan cdk.out` judges it. Expected before the run (config `production.accounts:
 * ["111111111111"]`): the agent role the construct makes, given `table.grantFullAccess`, is
 * agent-destructive-prod, an error annotation in the assembly, Aspect = scan. Before the fix the
 * Aspect evaluated the stacks under its scope, none, so `cdk synth` passed with no message while
 * `scan` of the same cdk.out failed.
 */
import { Aspects, NestedStack, RemovalPolicy, Stack, type App } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import type { Finding } from "../../src/core/finding.js";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { runScan } from "../../src/cli/scan-run.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { newApp, synth } from "./apps.js";

const config = { production: { accounts: ["111111111111"] } };
const env = { account: "111111111111", region: "us-east-1" };
const agentErrors = (findings: Finding[]): string[] =>
  [...new Set(findings.filter((f) => f.rule.startsWith("agent-") && f.severity === "error" && !f.suppressed).map((f) => `${f.rule} ${f.subject}`))].sort();

/** A construct that adds the guardrail to itself, then makes an agent role. */
class AgentSandbox extends Construct {
  readonly role: iam.Role;
  constructor(scope: Construct, id: string, guardrails: AgentGuardrails) {
    super(scope, id);
    Aspects.of(this).add(guardrails);
    this.role = new iam.Role(this, "CodingAgentRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
  }
}

function table(stack: Stack): dynamodb.Table {
  return new dynamodb.Table(stack, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
}

async function run(build: (app: App, guardrails: AgentGuardrails) => void) {
  const { app, outdir } = newApp();
  const guardrails = new AgentGuardrails({ config });
  build(app, guardrails);
  const s = synth(app, outdir, guardrails);
  expect(guardrails.result?.errors).toEqual([]);
  const scan = await runScan([outdir], resolvePolicy(config));
  expect(scan.errors).toEqual([]);
  expect(agentErrors(guardrails.result?.findings ?? [])).toEqual(agentErrors(scan.findings));
  return { s, aspect: agentErrors(guardrails.result?.findings ?? []) };
}

describe("AgentGuardrails added to a construct inside a stack", () => {
  test("the construct's agent role granted full access to its stack's table: an error in cdk synth, as scan says", async () => {
    const { s, aspect } = await run((app, guardrails) => {
      const stack = new Stack(app, "Orders", { env, terminationProtection: true });
      const sandbox = new AgentSandbox(stack, "Sandbox", guardrails);
      table(stack).grantFullAccess(sandbox.role);
    });
    expect(aspect).toEqual([expect.stringMatching(/^agent-destructive-prod Orders\/SandboxCodingAgentRole[0-9A-F]{8}$/)]);
    expect(s.messages.filter((m) => m.level === "error" && m.path.startsWith("/Orders/Sandbox/CodingAgentRole")).map((m) => m.text).join("\n")).toContain("dynamodb:DeleteTable");
  }, 60_000);

  test("a construct holding a nested stack: the enclosing stack's own resources are judged too, each finding once", async () => {
    const { s, aspect } = await run((app, guardrails) => {
      const stack = new Stack(app, "Orders", { env, terminationProtection: true });
      const holder = new Construct(stack, "Holder");
      Aspects.of(holder).add(guardrails);
      new NestedStack(holder, "Inner");
      const agent = new iam.Role(holder, "CodingAgentRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
      table(stack).grantFullAccess(agent);
      // A second construct of the same stack with the same Aspect: still one evaluation.
      Aspects.of(new Construct(stack, "Other")).add(guardrails);
    });
    expect(aspect).toEqual([expect.stringMatching(/^agent-destructive-prod Orders\/HolderCodingAgentRole[0-9A-F]{8}$/)]);
    expect(s.messages.filter((m) => m.level === "error" && m.text.startsWith("[agent-destructive-prod]"))).toHaveLength(1);
  }, 60_000);

  test("a read-only grant passes both", async () => {
    const { aspect } = await run((app, guardrails) => {
      const stack = new Stack(app, "Orders", { env, terminationProtection: true });
      const sandbox = new AgentSandbox(stack, "Sandbox", guardrails);
      table(stack).grantReadData(sandbox.role);
    });
    expect(aspect).toEqual([]);
  }, 60_000);
});
