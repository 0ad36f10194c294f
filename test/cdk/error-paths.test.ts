/**
 * The Aspect fails the synth (errors on the stacks) whenever it cannot evaluate: a config path
 * that cannot be read, or a template the evaluator reports an input error for. Never a clean synth.
 */
import { tmpdir } from "node:os";
import path from "node:path";
import { Aspects, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { loadCatalogue } from "../../src/policy/catalogue.js";
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
  test("a stack the rules fail on unexpectedly is a synth error on that stack; the other stacks are still judged", () => {
    // The catalogue the Aspect loads, except that GameLift's action list cannot be read.
    const catalogue = loadCatalogue();
    const services = catalogue.services;
    Object.defineProperty(catalogue, "services", {
      configurable: true,
      value: new Proxy(services, {
        get(target, key, receiver) {
          if (key === "gamelift") throw new TypeError("gamelift actions unreadable");
          return Reflect.get(target, key, receiver) as unknown;
        },
      }),
    });
    try {
      const { app, outdir } = newApp();
      const guardrails = new AgentGuardrails();
      Aspects.of(app).add(guardrails);
      const agentStack = (id: string, action: string) => {
        const stack = new Stack(app, id, { terminationProtection: true });
        const role = new iam.Role(stack, "KiroAgentRole", { assumedBy: new iam.ServicePrincipal("bedrock.amazonaws.com") });
        role.addToPolicy(new iam.PolicyStatement({ actions: [action], resources: ["*"] }));
      };
      agentStack("GameServersProd", "gamelift:DeleteFleet");
      agentStack("OrdersProd", "dynamodb:DeleteTable");
      const s = synth(app, outdir, guardrails);
      const internal = s.messages.filter((m) => m.level === "error" && m.text.startsWith("agent-guardrail: could not evaluate:"));
      expect(internal.map((m) => [m.path, m.text])).toEqual([["/GameServersProd", "agent-guardrail: could not evaluate: could not be evaluated (internal error: gamelift actions unreadable); nothing in it was checked"]]);
      const findings = s.messages.filter((m) => m.level === "error" && m.text.startsWith("[agent-destructive-prod]"));
      expect(findings.map((m) => m.path)).toEqual([expect.stringMatching(/^\/OrdersProd\/KiroAgentRole/)]);
    } finally {
      Object.defineProperty(catalogue, "services", { configurable: true, value: services });
    }
  });
});
