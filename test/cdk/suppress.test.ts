/**
 * AgentGuardrails.suppress writes what `scan cdk.out` reads (template metadata); a suppression
 * that cannot be written is a synth error, never a silent no-op.
 */
import { App, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct, type IConstruct } from "constructs";
import { AgentGuardrails, loadConfig } from "../../src/cdk/index.js";
import type { UserConfig } from "../../src/policy/schema.js";

const RULE = "agent-destructive-prod";
const REASON = "break-glass agent, paged to SRE on every use (OPS-1)";

const errorsOn = (c: IConstruct): string[] => c.node.metadata.filter((m) => m.type === "aws:cdk:error").map((m) => String(m.data));

function roleIn(stack: Stack, id = "AgentRole"): { role: iam.Role; cfn: iam.CfnRole } {
  const role = new iam.Role(stack, id, { assumedBy: new iam.AccountRootPrincipal() });
  return { role, cfn: role.node.defaultChild as iam.CfnRole };
}

describe("AgentGuardrails.suppress", () => {
  test("on a CfnResource itself: written on that resource only", () => {
    const stack = new Stack(new App(), "Prod");
    const a = roleIn(stack, "A");
    const b = roleIn(stack, "B");
    AgentGuardrails.suppress(a.cfn, RULE, REASON);
    expect(a.cfn.getMetadata("agent-guardrail")).toEqual({ suppressions: [{ rule: RULE, reason: REASON }] });
    expect(b.cfn.getMetadata("agent-guardrail")).toBeUndefined();
    expect(errorsOn(a.cfn)).toEqual([]);
  });

  test("the same suppression twice is written once; another reason or rule is added; other metadata keys are kept", () => {
    const stack = new Stack(new App(), "Prod");
    const { role, cfn } = roleIn(stack);
    cfn.addMetadata("agent-guardrail", { owner: "platform", suppressions: [] });
    AgentGuardrails.suppress(role, RULE, REASON);
    AgentGuardrails.suppress(role, RULE, `  ${REASON}  `);
    AgentGuardrails.suppress(role, RULE, "a second, different reason (OPS-2)");
    AgentGuardrails.suppress(role, "agent-privilege-escalation", REASON);
    expect(cfn.getMetadata("agent-guardrail")).toEqual({
      owner: "platform",
      suppressions: [
        { rule: RULE, reason: REASON },
        { rule: RULE, reason: "a second, different reason (OPS-2)" },
        { rule: "agent-privilege-escalation", reason: REASON },
      ],
    });
  });

  test("on a construct with no CloudFormation resource under it: an error, nothing written", () => {
    const stack = new Stack(new App(), "Prod");
    const empty = new Construct(stack, "Empty");
    AgentGuardrails.suppress(empty, RULE, REASON);
    expect(errorsOn(empty)).toEqual([`agent-guardrail: Prod/Empty has no CloudFormation resource to carry the suppression of ${RULE}`]);
  });

  test("a reason that is not a string (a JavaScript caller): an error, nothing suppressed", () => {
    const stack = new Stack(new App(), "Prod");
    const { role, cfn } = roleIn(stack);
    AgentGuardrails.suppress(role, RULE, undefined as unknown as string);
    expect(errorsOn(role).join("\n")).toContain("needs a reason of at least 10 characters");
    expect(cfn.getMetadata("agent-guardrail")).toBeUndefined();
  });

  test("on a stack: template metadata, the same suppression once, other template metadata kept", () => {
    const stack = new Stack(new App(), "Prod");
    stack.templateOptions.metadata = { owner: "platform" };
    AgentGuardrails.suppress(stack, "prod-resource-unprotected", REASON);
    AgentGuardrails.suppress(stack, "prod-resource-unprotected", REASON);
    AgentGuardrails.suppress(stack, "prod-resource-unprotected", "termination protection comes from StackSets");
    expect(stack.templateOptions.metadata).toEqual({
      owner: "platform",
      "agent-guardrail": {
        suppressions: [
          { rule: "prod-resource-unprotected", reason: REASON },
          { rule: "prod-resource-unprotected", reason: "termination protection comes from StackSets" },
        ],
      },
    });
  });
});

describe("loadConfig", () => {
  test("a config that is not an object: an error naming the root, no policy", () => {
    const loaded = loadConfig([] as unknown as UserConfig);
    expect(loaded).toEqual({ error: expect.stringMatching(/^agent-guardrail: invalid AgentGuardrails config: \(root\): /) as unknown as string });
  });
});
