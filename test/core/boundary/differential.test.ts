/**
 * Differential property test against @cloud-copilot/iam-simulate (./oracle.ts): the agent asks for
 * - a random destructive/escalation action on a production resource (an ARN of the action's own
 *   resource type, from the catalogue's ARN templates, named "orders-prod"): AWS must deny it;
 * - a random read-only action (Get*, List*, Describe*): AWS must allow it.
 * A principal without the agent tag is not touched by the SCPs (the condition selects agents).
 */
import fc from "fast-check";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import type { Principal } from "../../../src/core/iam/model.js";
import { agentReason } from "../../../src/core/iam/agents.js";
import { role, source } from "../iam/helpers.js";
import { catalogue, policy } from "./helpers.js";
import { ACCOUNT, decide, destructive, readNamedButDenied, reads } from "./oracle.js";

const RUNS = Number(process.env.BOUNDARY_DIFFERENTIAL_RUNS ?? 150);

describe("differential: generated boundary and SCPs vs @cloud-copilot/iam-simulate", () => {
  it.each(["boundary", "scp"] as const)("%s: random destructive actions on production resources are denied", async (setup) => {
    // A conditional notEscalation rule on `*` (once read as sparing every resource: nothing left to ask).
    expect(await decide(setup, "eks:AssociateAccessPolicy")).toMatch(/Denied/);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...destructive), async (action) => {
        expect([action, await decide(setup, action)]).toEqual([action, expect.stringMatching(/Denied/)]);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it.each(["boundary", "scp"] as const)("%s: random read-only actions are allowed; those named like reads that log in to a database as its administrator are denied", async (setup) => {
    expect(readNamedButDenied).toContain("redshift:GetClusterCredentials");
    for (const action of readNamedButDenied) expect([action, await decide(setup, action)]).toEqual([action, expect.stringMatching(/Denied/)]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...reads), async (action) => {
        expect([action, await decide(setup, action)]).toEqual([action, "Allowed"]);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it("scp: a principal without the agent tag is not restricted", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...destructive), async (action) => {
        expect([action, await decide("scp-untagged", action)]).toEqual([action, "Allowed"]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("scp: the agent tag's value is matched ignoring case, as the evaluation matches it (a role tagged True or YES is an agent there, and the SCP applies to it)", async () => {
    // Python writes str(True) as "True"; the rules (agentReason) count that role as an agent's.
    expect(agentReason(role([], { name: "OrdersService", tags: { "agent-guardrail:agent": "True" } }), policy.agents)).toBe("tag agent-guardrail:agent=True");
    const table = [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-prod`];
    const tagged = (value: string) => ({ "aws:PrincipalTag/agent-guardrail:agent": value });
    for (const value of ["true", "True", "TRUE", "yes", "Yes", "YES"]) expect([value, await decide("scp-untagged", "dynamodb:DeleteTable", table, tagged(value))]).toEqual([value, expect.stringMatching(/Denied/)]);
    for (const value of ["false", "no", "trueish"]) expect([value, await decide("scp-untagged", "dynamodb:DeleteTable", table, tagged(value))]).toEqual([value, "Allowed"]);
    // An agent value in any case is one a session may carry (it still selects the agent); another is not.
    const agentRole = [`arn:aws:iam::${ACCOUNT}:role/claude-code-agent`];
    const session = (value: string) => ({ "aws:TagKeys": ["agent-guardrail:agent"], "aws:RequestTag/agent-guardrail:agent": value });
    expect(await decide("scp-untagged", "sts:TagSession", agentRole, session("True"))).toBe("Allowed");
    expect(await decide("scp-untagged", "sts:TagSession", agentRole, session("False"))).toMatch(/Denied/);
  });

  it("scp: no principal can start a session whose tags override the agent tag with another value", async () => {
    // Session tags override role tags of the same key in aws:PrincipalTag: an agent role's session
    // tagged agent-guardrail:agent=false would fall outside every Deny. The caller is not an agent.
    const role = [`arn:aws:iam::${ACCOUNT}:role/claude-code-agent`];
    const tagging = (value: string, key = "agent-guardrail:agent") => ({ "aws:TagKeys": [key], [`aws:RequestTag/${key}`]: value });
    expect(await decide("scp-untagged", "sts:TagSession", role, tagging("false"))).toMatch(/Denied/);
    expect(await decide("scp-untagged", "sts:TagSession", role, { "aws:TagKeys": ["AGENT-GUARDRAIL:AGENT"] })).toMatch(/Denied/);
    expect(await decide("scp-untagged", "sts:TagSession", role, tagging("true"))).toBe("Allowed");
    expect(await decide("scp-untagged", "sts:TagSession", role, tagging("payments", "team"))).toBe("Allowed");
  });

  it("a boundary of one's own whose Deny tests a resource tag: the engine counts it as protecting exactly when AWS applies it to every production resource: untagged, tagged prod, production or Prod, an object of an untagged bucket", async () => {
    const table = `arn:aws:iam::${ACCOUNT}:table/x`.replace("iam::", "dynamodb:us-east-1:");
    const asks: [string, string, Record<string, string>][] = [
      ["dynamodb:DeleteTable", table, {}],
      ["dynamodb:DeleteTable", table, { "aws:ResourceTag/Environment": "prod" }],
      ["dynamodb:DeleteTable", table, { "aws:ResourceTag/Environment": "production" }],
      ["dynamodb:DeleteTable", table, { "aws:ResourceTag/Environment": "Prod" }],
      ["s3:DeleteObject", "arn:aws:s3:::orders/key", {}],
    ];
    const operators: [string, string][] = [
      ["StringEquals", "prod"], ["StringLike", "prod*"], ["StringNotEquals", "dev"], ["StringNotLike", "dev*"], ["StringEqualsIfExists", "prod"],
      ["ForAllValues:StringNotEquals", "dev"], ["ForAnyValue:StringEquals", "prod"], ["Null", "true"], ["Null", "false"],
      ["StringNotEquals", "prod"], ["StringNotEquals", "production"], ["StringNotLike", "*"],
    ];
    for (const [operator, value] of operators) {
      const deny = { Effect: "Deny", Action: ["dynamodb:DeleteTable", "s3:DeleteObject"], Resource: "*", Condition: { [operator]: { "aws:ResourceTag/Environment": value } } };
      const boundary = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, deny] };
      const aws = await Promise.all(asks.map(([action, resource, context]) => decide({ boundary }, action, [resource], context)));
      // Granted the two deletes and no tagging right: it cannot retag a table to escape the Deny.
      const principal: Principal = { ...role([{ Effect: "Allow", Action: deny.Action, Resource: "*" }]), boundary: source("Boundary", boundary.Statement) };
      const engine = evaluateIam({ principals: [principal] }, policy, catalogue).findings.filter((f) => f.rule === "agent-destructive-prod").length === 0;
      expect([operator, value, engine]).toEqual([operator, value, aws.every((d) => /Denied/.test(d))]);
    }
  });

  it("a boundary of one's own whose Deny tests the principal's tag: the engine counts it as protecting exactly when AWS applies it to the role as tagged", async () => {
    const table = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/x`;
    const operators: [string, string][] = [
      ["StringEquals", "platform"], ["StringNotEquals", "platform"], ["StringEqualsIfExists", "platform"], ["StringNotEqualsIfExists", "platform"],
      ["StringLike", "plat*"], ["StringNotLike", "plat*"], ["StringEqualsIgnoreCase", "PLATFORM"], ["StringNotEqualsIgnoreCase", "PLATFORM"],
      ["ForAnyValue:StringEquals", "platform"], ["ForAllValues:StringEquals", "platform"], ["ForAllValues:StringNotEquals", "platform"],
      ["ForAnyValue:StringNotEquals", "platform"], ["Null", "true"], ["Null", "false"],
    ];
    const trustPolicy = source("Trust", [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    for (const tags of [{}, { team: "platform" }, { team: "data" }] as Record<string, string>[]) {
      const context = Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v]));
      for (const [operator, value] of operators) {
        const deny = { Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "*", Condition: { [operator]: { "aws:PrincipalTag/team": value } } };
        const boundary = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, deny] };
        const aws = await decide({ boundary }, "dynamodb:DeleteTable", [table], context);
        const principal: Principal = { ...role([{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: "*" }], { tags, trustPolicy }), boundary: source("Boundary", boundary.Statement) };
        const engine = evaluateIam({ principals: [principal] }, policy, catalogue).findings.filter((f) => f.rule === "agent-destructive-prod").length === 0;
        expect([tags, operator, value, engine]).toEqual([tags, operator, value, /Denied/.test(aws)]);
      }
    }
  });

  it("a boundary of one's own whose Deny tests aws:PrincipalAccount, aws:PrincipalIsAWSService, aws:PrincipalServiceName or aws:PrincipalType: the engine counts it exactly when AWS applies it to the agent role's session", async () => {
    const table = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/x`;
    // What AWS puts in an IAM role session's request (IAM User Guide, "AWS global condition context keys"); no service name.
    const context = { "aws:PrincipalAccount": ACCOUNT, "aws:PrincipalIsAWSService": "false", "aws:PrincipalType": "AssumedRole" };
    const conditions: Record<string, Record<string, unknown>>[] = [
      { StringEquals: { "aws:PrincipalAccount": ACCOUNT } }, { StringEquals: { "aws:PrincipalAccount": "222222222222" } },
      { StringNotEquals: { "aws:PrincipalAccount": "222222222222" } }, { StringNotEqualsIfExists: { "aws:PrincipalAccount": ACCOUNT } },
      { Bool: { "aws:PrincipalIsAWSService": "false" } }, { Bool: { "aws:PrincipalIsAWSService": "true" } }, { BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
      { Null: { "aws:PrincipalServiceName": "true" } }, { Null: { "aws:PrincipalServiceName": "false" } },
      { StringEquals: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" } }, { StringNotEqualsIfExists: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" } },
      { StringEquals: { "aws:PrincipalType": "AssumedRole" } }, { StringEquals: { "aws:PrincipalType": "User" } }, { StringNotEquals: { "aws:PrincipalType": "Account" } },
      { StringLike: { "aws:PrincipalType": "Assumed*" } }, { "ForAnyValue:StringEquals": { "aws:PrincipalServiceNamesList": "ec2.amazonaws.com" } },
    ];
    const trustPolicy = source("Trust", [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    for (const condition of conditions) {
      const deny = { Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "*", Condition: condition };
      const boundary = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, deny] };
      const aws = await decide({ boundary }, "dynamodb:DeleteTable", [table], context);
      const principal: Principal = { ...role([{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: "*" }], { trustPolicy }), boundary: source("Boundary", boundary.Statement) };
      const engine = evaluateIam({ principals: [principal] }, policy, catalogue).findings.filter((f) => f.rule === "agent-destructive-prod").length === 0;
      expect([condition, engine]).toEqual([condition, /Denied/.test(aws)]);
    }
  });

  it.each(["boundary", "scp"] as const)("%s: the AWS managed code interpreter is allowed; custom ones, and every escalation tier, are still denied", async (setup) => {
    const managed = "arn:aws:bedrock-agentcore:us-east-1:aws:code-interpreter/aws.codeinterpreter.v1";
    const custom = `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:code-interpreter-custom/orders-prod-abc123`;
    // (InvokeCodeInterpreter is in no tier: it needs a session, which StartCodeInterpreterSession opens.)
    for (const action of ["bedrock-agentcore:StartCodeInterpreterSession"]) {
      expect([action, await decide(setup, action, [managed])]).toEqual([action, "Allowed"]);
      expect([action, await decide(setup, action, [custom])]).toEqual([action, expect.stringMatching(/Denied/)]);
    }
    // Rules with a policy variable are not turned into exceptions: AWS may drop such a Deny.
    expect(await decide(setup, "iam:CreateAccessKey", [`arn:aws:iam::${ACCOUNT}:user/coding-agent`])).toMatch(/Denied/);
    // The account's own policies stay denied (the exception is AWS managed policies only).
    expect(await decide(setup, "iam:CreatePolicyVersion", [`arn:aws:iam::${ACCOUNT}:policy/orders-prod`])).toMatch(/Denied/);
    expect(await decide(setup, "iam:SetDefaultPolicyVersion", [`arn:aws:iam::${ACCOUNT}:policy/orders-prod`])).toMatch(/Denied/);
  });

  it("boundary: parts attached through a group stay attached (DetachGroupPolicy of a guardrail part is denied, of another policy allowed)", async () => {
    // An agent user given the parts through its group would otherwise detach them from the group.
    const group = [`arn:aws:iam::${ACCOUNT}:group/agents`];
    expect(await decide("boundary", "iam:DetachGroupPolicy", group, { "iam:PolicyARN": `arn:aws:iam::${ACCOUNT}:policy/agent-guardrail-boundary-2` })).toMatch(/Denied/);
    expect(await decide("boundary", "iam:DetachGroupPolicy", group, { "iam:PolicyARN": `arn:aws:iam::${ACCOUNT}:policy/team-read-only` })).toBe("Allowed");
  });

  // IAM ARNs carry their partition (aws, aws-us-gov, aws-cn), and ArnLike compares it like every
  // other segment: a condition written for arn:aws: selects nothing in GovCloud or China.
  it.each(["aws", "aws-us-gov", "aws-cn"])("boundary, partition %s: detaching a guardrail part is denied, another policy allowed", async (partition) => {
    const agent = `arn:${partition}:iam::${ACCOUNT}:role/coding-agent`;
    const detach = (policyName: string) => decide("boundary", "iam:DetachRolePolicy", [agent], { "iam:PolicyARN": `arn:${partition}:iam::${ACCOUNT}:policy/${policyName}` }, { principal: agent });
    expect(await detach("agent-guardrail-boundary-2")).toMatch(/Denied/);
    expect(await detach("ProdStack-AgentGuardrailBoundaryPart3-1A2B3C4D5E6F")).toMatch(/Denied/);
    expect(await detach("team-read-only")).toBe("Allowed");
  });

  it.each(["aws", "aws-us-gov", "aws-cn"])("scp by name, partition %s: an agent-named role is denied, another role is not", async (partition) => {
    const table = [`arn:${partition}:dynamodb:us-east-1:${ACCOUNT}:table/orders-prod`];
    const as = (name: string) => ({ principal: `arn:${partition}:iam::${ACCOUNT}:role/${name}`, scpMatch: { by: "name" as const } });
    expect(await decide("scp", "dynamodb:DeleteTable", table, { "aws:PrincipalArn": as("claude-code-agent").principal }, as("claude-code-agent"))).toMatch(/Denied/);
    expect(await decide("scp", "dynamodb:DeleteTable", table, { "aws:PrincipalArn": as("orders-deployer").principal }, as("orders-deployer"))).toBe("Allowed");
  });

  it("the probes include the actions the seed incident was about", async () => {
    expect(await decide("boundary", "cloudformation:DeleteStack")).toMatch(/Denied/);
    expect(await decide("scp", "dynamodb:DeleteTable")).toMatch(/Denied/);
    expect(await decide("boundary", "dynamodb:DescribeTable")).toBe("Allowed");
  });
});
