/**
 * What CDK writes with AgentGuardrails on the App is what it writes without it. The Aspect judges
 * each stack's template in the validation step and hands that rendering to CDK for cdk.out (one
 * token resolution, not two); but CDK's DefaultStackSynthesizer adds the `BootstrapVersion`
 * parameter and the `CheckBootstrapVersion` rule after validation, while it synthesizes, and a
 * later validation may add constructs too. Expected before the run: the template written with the
 * Aspect equals the one written without it (any app with the default synthesizer; here the
 * awslabs/amazon-bedrock-agentcore-samples devops-triage gateway stack's shape, cut down); a grant
 * added by a later validation is written and judged, an error in cdk synth as in `scan` of that
 * cdk.out (so is a stack an AppStagingSynthesizer fills while it synthesizes: its staging bucket).
 * Before the fix the Aspect wrote its earlier rendering: no bootstrap version check in any stack
 * outside a stage (a `cdk diff` removing it from every deployed stack), and the later grant
 * silently dropped.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { App, Aspects, CfnResource, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Finding } from "../../src/core/finding.js";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { runScan } from "../../src/cli/scan-run.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { newApp, synth } from "./apps.js";

const config = { production: { accounts: ["111111111111"] } };

function gatewayStack(app: App): { stack: Stack; runtimeRole: iam.Role } {
  const stack = new Stack(app, "SampleAgentGateway", { env: { account: "111111111111", region: "us-east-1" }, terminationProtection: true });
  const repo = new ecr.Repository(stack, "AgentImageRepo", { removalPolicy: RemovalPolicy.RETAIN });
  const runtimeRole = new iam.Role(stack, "RuntimeExecutionRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
  runtimeRole.addToPolicy(new iam.PolicyStatement({ actions: ["bedrock:InvokeModel"], resources: ["*"] }));
  repo.grantPull(runtimeRole);
  return { stack, runtimeRole };
}

const written = (outdir: string): unknown => JSON.parse(readFileSync(path.join(outdir, "SampleAgentGateway.template.json"), "utf8"));

describe("the template CDK writes with the Aspect", () => {
  test("is the template CDK writes without it: the bootstrap version parameter and rule are kept", () => {
    const plain = newApp();
    gatewayStack(plain.app);
    plain.app.synth();
    const guarded = newApp();
    gatewayStack(guarded.app);
    const guardrails = new AgentGuardrails({ config });
    Aspects.of(guarded.app).add(guardrails);
    const s = synth(guarded.app, guarded.outdir, guardrails);
    expect(guardrails.result?.errors).toEqual([]);
    expect(s.messages.filter((m) => m.level === "error")).toEqual([]);
    const template = written(guarded.outdir) as { Rules?: Record<string, unknown>; Parameters?: Record<string, unknown> };
    expect(Object.keys(template.Rules ?? {})).toEqual(["CheckBootstrapVersion"]);
    expect(Object.keys(template.Parameters ?? {})).toEqual(["BootstrapVersion"]);
    expect(template).toEqual(written(plain.outdir));
  }, 60_000);

  test("a grant a later validation adds is written and judged: an error in cdk synth as in scan (never a silent pass)", async () => {
    const { app, outdir } = newApp();
    const { stack, runtimeRole } = gatewayStack(app);
    const guardrails = new AgentGuardrails({ config });
    Aspects.of(app).add(guardrails);
    // The stack's validation runs after the App's, where the Aspect judges.
    stack.node.addValidation({
      validate: () => {
        new iam.Policy(stack, "LatePolicy", { roles: [runtimeRole], statements: [new iam.PolicyStatement({ actions: ["ecr:DeleteRepository"], resources: ["*"] })] });
        return [];
      },
    });
    const s = synth(app, outdir, guardrails);
    expect(JSON.stringify(written(outdir))).toContain("ecr:DeleteRepository");
    const destructive = (findings: Finding[]) => findings.filter((f) => f.rule === "agent-destructive-prod" && f.severity === "error").map((f) => f.subject);
    expect(destructive(guardrails.result?.findings ?? [])).toEqual([expect.stringMatching(/^SampleAgentGateway\/RuntimeExecutionRole[0-9A-F]{8}$/)]);
    // On the role: the policy was not in the stack when its constructs were indexed.
    expect(s.messages.filter((m) => m.level === "error" && m.path.startsWith("/SampleAgentGateway/RuntimeExecutionRole")).map((m) => m.text).join("\n")).toContain("ecr:DeleteRepository");
    const scan = await runScan([outdir], resolvePolicy(config));
    expect(destructive(scan.findings)).toEqual(destructive(guardrails.result?.findings ?? []));
  }, 60_000);

  test("a later validation's policy that cannot be read: an error in cdk synth, never a pass", () => {
    const { app, outdir } = newApp();
    const { stack, runtimeRole } = gatewayStack(app);
    const guardrails = new AgentGuardrails({ config });
    Aspects.of(app).add(guardrails);
    stack.node.addValidation({
      validate: () => {
        // A policy document as JSON text that does not parse: an input error (docs/cdk.md).
        new CfnResource(stack, "LateText", { type: "AWS::IAM::Policy", properties: { PolicyName: "late", Roles: [runtimeRole.roleName], PolicyDocument: "{ not json" } });
        return [];
      },
    });
    const s = synth(app, outdir, guardrails);
    expect(guardrails.result?.errors.length).toBeGreaterThan(0);
    expect(s.messages.filter((m) => m.level === "error" && m.path === "/SampleAgentGateway").map((m) => m.text).join("\n")).toMatch(/could not evaluate/);
  }, 60_000);
});
