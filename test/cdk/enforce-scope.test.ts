/**
 * Which roles AgentGuardrails.enforce bounds: only a suppression of an IAM rule (on the construct
 * or in the config) exempts an agent role; production by account and agents by tag are read as
 * the evaluation reads them. Real aws-cdk-lib synth in-process, validation off.
 */
import { Aspects, Stack, Tags } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { AgentGuardrails, type AgentGuardrailsProps } from "../../src/cdk/index.js";
import { newApp, synth, type Synthesized } from "./apps.js";

const REASON = "termination protection is set by the org's StackSets (OPS-7)";

function app(build: (stack: Stack) => void, props: AgentGuardrailsProps = {}, stackProps: ConstructorParameters<typeof Stack>[2] = {}): { s: Synthesized; stack: Stack } {
  const { app: cdkApp, outdir } = newApp();
  const guardrails = new AgentGuardrails(props);
  Aspects.of(cdkApp).add(guardrails);
  const stack = new Stack(cdkApp, "PaymentsProd", { terminationProtection: true, ...stackProps });
  build(stack);
  AgentGuardrails.enforce(cdkApp, props);
  return { s: synth(cdkApp, outdir, guardrails), stack };
}
const boundaryOf = (role: iam.Role): unknown => (role.node.defaultChild as iam.CfnRole).permissionsBoundary;

describe("AgentGuardrails.enforce: which roles it bounds", () => {
  it("a suppression of another rule on the role does not exempt it: the boundary is set", () => {
    let role!: iam.Role;
    app((stack) => {
      role = new iam.Role(stack, "ClaudeCodeRole", { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")] });
      AgentGuardrails.suppress(role, "prod-resource-unprotected", REASON);
    });
    expect(boundaryOf(role)).toBeDefined();
  });

  it("a config suppression of the role's IAM finding exempts it: no boundary, an info saying why", () => {
    let role!: iam.Role;
    const { s } = app(
      (stack) => {
        role = new iam.Role(stack, "ClaudeCodeRole", { assumedBy: new iam.AccountRootPrincipal() });
        role.addToPolicy(new iam.PolicyStatement({ actions: ["dynamodb:DeleteTable"], resources: ["*"] }));
      },
      { config: { suppressions: [{ rule: "agent-destructive-prod", subject: "PaymentsProd/ClaudeCodeRole*", reason: "break-glass role, paged on use (OPS-9)" }] } },
    );
    expect(boundaryOf(role)).toBeUndefined();
    expect(s.messages).toContainEqual(
      expect.objectContaining({ level: "info", text: "agent-guardrail: guardrail boundary not applied: a finding on this role is suppressed (break-glass role, paged on use (OPS-9))" }),
    );
  });

  it("production by the stack's account and an agent by the tags written on its CfnRole, as the evaluation decides: bounded; an untagged role is not", () => {
    let tagged!: iam.CfnRole;
    let plain!: iam.CfnRole;
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }] };
    const config = { agents: { tags: { "ai-agent": "true" } }, production: { accounts: ["999999999999"] } };
    app(
      (stack) => {
        tagged = new iam.CfnRole(stack, "Worker", { assumeRolePolicyDocument: trust, tags: [{ key: "ai-agent", value: "true" }, { key: "team", value: "payments" }] });
        plain = new iam.CfnRole(stack, "Batch", { assumeRolePolicyDocument: trust });
      },
      { config },
      { stackName: "payments", env: { account: "999999999999", region: "eu-west-1" } },
    );
    expect(tagged.permissionsBoundary).toBeDefined();
    expect(plain.permissionsBoundary).toBeUndefined();
  });

  // Tags.of(...).add is CDK's usual way to tag: an aspect that reaches each construct only when
  // the synth visits it, after the scope enforce was called on.
  const admin = (stack: Stack, id: string) =>
    new iam.Role(stack, id, { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")] });

  it("production by an Environment tag that Tags.of(app) gives the stacks: the agent role is bounded and synth passes", () => {
    const { app: cdkApp, outdir } = newApp();
    const guardrails = new AgentGuardrails({ config: { production: { accounts: ["111111111111"] } } });
    Aspects.of(cdkApp).add(guardrails);
    // Another account than the production one: only the tag says production.
    const stack = new Stack(cdkApp, "Payments", { terminationProtection: true, env: { account: "222222222222", region: "eu-west-1" } });
    const role = admin(stack, "ClaudeCodeRole");
    Tags.of(cdkApp).add("Environment", "production");
    AgentGuardrails.enforce(cdkApp, { config: { production: { accounts: ["111111111111"] } } });
    const s = synth(cdkApp, outdir, guardrails);
    expect(boundaryOf(role)).toBeDefined();
    expect(s.messages.filter((m) => m.level === "error")).toEqual([]);
  });

  it("a non-production Environment tag from Tags.of(stack): the stack is not production, its agent role is left alone", () => {
    const { app: cdkApp, outdir } = newApp();
    const guardrails = new AgentGuardrails();
    Aspects.of(cdkApp).add(guardrails);
    const stack = new Stack(cdkApp, "Payments", { terminationProtection: true });
    const role = admin(stack, "ClaudeCodeRole");
    Tags.of(stack).add("Environment", "staging");
    AgentGuardrails.enforce(cdkApp);
    synth(cdkApp, outdir, guardrails);
    expect(boundaryOf(role)).toBeUndefined();
    // Without the tag the same stack is production (fail closed) and the role is bounded.
    const untagged = newApp();
    const bounded = admin(new Stack(untagged.app, "Payments", { terminationProtection: true }), "ClaudeCodeRole");
    AgentGuardrails.enforce(untagged.app);
    synth(untagged.app, untagged.outdir, new AgentGuardrails());
    expect(boundaryOf(bounded)).toBeDefined();
  });

  // @aws-cdk/core:explicitStackTags (new apps' default): Tags.of(...) tags the stack's resources,
  // not the stack, and the evaluation reads them as the stack's (explicit-stack-tags.test.ts).
  it("with explicitStackTags, production by Tags.of(stack) on its resources: the agent role is bounded and synth passes; staging by it: left alone", () => {
    const { app: cdkApp, outdir } = newApp();
    cdkApp.node.setContext("@aws-cdk/core:explicitStackTags", true);
    const config = { production: { accounts: ["111111111111"] } };
    const guardrails = new AgentGuardrails({ config });
    Aspects.of(cdkApp).add(guardrails);
    const prod = new Stack(cdkApp, "Payments", { terminationProtection: true, env: { account: "222222222222", region: "eu-west-1" } });
    const bounded = admin(prod, "ClaudeCodeRole");
    Tags.of(prod).add("Environment", "production");
    // Env-agnostic, where only the tag says staging; full access to its own table only (an
    // AdministratorAccess on `*` would reach production accounts from any stack).
    const staging = new Stack(cdkApp, "Ledger", { terminationProtection: true });
    const left = new iam.Role(staging, "ClaudeCodeRole", { assumedBy: new iam.AccountRootPrincipal() });
    new dynamodb.Table(staging, "Table", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING } }).grantFullAccess(left);
    Tags.of(staging).add("Environment", "staging");
    AgentGuardrails.enforce(cdkApp, { config });
    const s = synth(cdkApp, outdir, guardrails);
    expect(prod.tags.tagValues()).toEqual({});
    expect(boundaryOf(bounded)).toBeDefined();
    expect(boundaryOf(left)).toBeUndefined();
    expect(s.messages.filter((m) => m.level === "error")).toEqual([]);
  });

  it("an agent by a tag that Tags.of(role) adds: bounded, and synth passes", () => {
    let role!: iam.Role;
    const { s } = app((stack) => {
      role = admin(stack, "Worker");
      Tags.of(role).add("ai-agent", "true");
    });
    expect(boundaryOf(role)).toBeDefined();
    expect(s.messages.filter((m) => m.level === "error")).toEqual([]);
  });
});
