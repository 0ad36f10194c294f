/**
 * AgentGuardrails.enforce when the boundary cannot be generated (an invalid maxCollateral): an
 * error on the stack, no boundary on the role, and the agent role's own findings still fail the
 * synth (fail closed: enforce never turns a failure into a pass by half-applying).
 */
import { Aspects, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { newApp, synth } from "./apps.js";

describe("AgentGuardrails.enforce that cannot generate the boundary", () => {
  it("is an error on the stack; the AdministratorAccess agent role keeps failing and gets no boundary", () => {
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails();
    Aspects.of(app).add(guardrails);
    const stack = new Stack(app, "PaymentsProd", { terminationProtection: true });
    const role = new iam.Role(stack, "ClaudeCodeRole", { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")] });
    AgentGuardrails.enforce(stack, { maxCollateral: -1 });
    const s = synth(app, outdir, guardrails);
    expect(s.messages).toContainEqual(
      expect.objectContaining({ level: "error", path: "/PaymentsProd", text: "agent-guardrail: enforce: cannot generate the guardrail boundary: maxCollateral must be a whole number >= 0, got -1" }),
    );
    expect((role.node.defaultChild as iam.CfnRole).permissionsBoundary).toBeUndefined();
    expect(s.guardrails.result?.findings.map((f) => f.rule)).toContain("agent-destructive-prod");
    expect(s.messages.filter((m) => m.level === "error" && m.path.startsWith("/PaymentsProd/ClaudeCodeRole")).length).toBeGreaterThan(0);
  });
});
