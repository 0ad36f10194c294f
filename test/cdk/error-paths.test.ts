/**
 * The Aspect fails the synth (errors on the stacks) whenever it cannot evaluate: a config path
 * that cannot be read, or a template the evaluator reports an input error for. Never a clean synth.
 */
import { tmpdir } from "node:os";
import path from "node:path";
import { Aspects, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { newApp, synth } from "./apps.js";

describe("AgentGuardrails when it cannot evaluate", () => {
  test("a config file that cannot be read is an error on every stack, not a pass", () => {
    const missing = path.join(tmpdir(), "ag-no-such-dir", "agent-guardrail.yml");
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails({ config: missing });
    Aspects.of(app).add(guardrails);
    new Stack(app, "OrdersProd");
    new Stack(app, "BillingProd");
    const s = synth(app, outdir, guardrails);
    const errors = s.messages.filter((m) => m.level === "error");
    expect(errors.map((m) => m.path).sort()).toEqual(["/BillingProd", "/OrdersProd"]);
    for (const e of errors) expect(e.text).toBe(`agent-guardrail: cannot load config: ${missing}: cannot read: ENOENT`);
    expect(guardrails.result?.errors).toEqual([{ file: "AgentGuardrails config", message: `agent-guardrail: cannot load config: ${missing}: cannot read: ENOENT` }]);
  });

  test("an input error of the evaluator (a statement without a valid Effect) becomes a synth error on its stack", () => {
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails();
    Aspects.of(app).add(guardrails);
    const stack = new Stack(app, "OrdersProd", { terminationProtection: true });
    const role = new iam.Role(stack, "KiroAgentRole", { assumedBy: new iam.ServicePrincipal("bedrock.amazonaws.com") });
    role.addToPolicy(new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: ["*"] }));
    const policy = role.node.findChild("DefaultPolicy").node.defaultChild as iam.CfnPolicy;
    policy.addPropertyOverride("PolicyDocument.Statement.0.Effect", "Maybe");
    const s = synth(app, outdir, guardrails);
    const errors = s.messages.filter((m) => m.level === "error" && m.text.startsWith("agent-guardrail: could not evaluate:"));
    expect(errors.map((m) => m.path)).toEqual(["/OrdersProd"]);
    expect(errors[0]?.text).toMatch(/Effect/);
  });
});
