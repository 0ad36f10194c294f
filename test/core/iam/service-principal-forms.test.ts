/**
 * A service principal has more than one spelling (IAM User Guide, "AWS service principals"; CDK's
 * ServicePrincipal and region-info): regional (`states.us-east-1.amazonaws.com`, what the Step
 * Functions console and the Step Functions Developer Guide's template trust), China's
 * `.amazonaws.com.cn` (`ec2.amazonaws.com.cn`) and the ISO partitions' (`ec2.c2s.ic.gov`). A role
 * trusting such a spelling is that service's role, and an iam:PassedToService condition naming one
 * passes roles to that service. Sources and verdicts: test/fixtures/iam/service-principals/README.md.
 */
import { readFileSync } from "node:fs";
import type { Principal } from "../../../src/core/iam/model.js";
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import type { TemplateInput } from "../../../src/core/cfn/template.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { agentReason } from "../../../src/core/iam/agents.js";
import { allow, catalogue, escalation, flaggedPaths, policy, PROD_ACCOUNT, role, source, type Statement } from "./helpers.js";

const arn = (name: string) => `arn:aws:iam::${PROD_ACCOUNT}:role/${name}`;
const trust = (service: unknown) => source("Trust", [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }], "trust.json");
/** A service role that can delete production data, trusting `service`. */
const serviceRole = (service: unknown, name = "ServiceRole"): Principal => role([allow("s3:*")], { name, trustPolicy: trust(service) });
/** An agent (by name) whose own policy is harmless but passes ServiceRole to the services that run it. */
const agent = (extra: Statement[] = []): Principal =>
  role([allow("iam:PassRole", arn("ServiceRole")), allow(["states:CreateStateMachine", "states:StartExecution", "ec2:RunInstances", "lambda:CreateFunction", "lambda:InvokeFunction"]), ...extra], { name: "kiro-agent" });
const chains = (principals: Principal[]): string[] =>
  escalation(principals)
    .filter((f) => f.subject === arn("kiro-agent"))
    .flatMap((f) => [...f.message.matchAll(/kiro-agent → ServiceRole \(([a-z0-9-]+)\)/g)].map((m) => m[1] as string));

describe("service principals in other spellings", () => {
  // Each spelling is the service's own principal in some region or partition: the agent that can
  // pass the role and start the service's compute acts as the role (verdict: escalation).
  it.each([
    ["states.us-east-1.amazonaws.com", "states-create-state-machine"],
    ["States.EU-West-1.AmazonAWS.com", "states-create-state-machine"],
    // `!Sub states.${AWS::Region}.amazonaws.com` with the region left to deployment
    ["states.*.amazonaws.com", "states-create-state-machine"],
    ["states.cn-northwest-1.amazonaws.com.cn", "states-create-state-machine"],
    ["ec2.amazonaws.com.cn", "ec2-run-instances"],
    ["ec2.c2s.ic.gov", "ec2-run-instances"],
    ["ec2.sc2s.sgov.gov", "ec2-run-instances"],
    ["lambda.us-gov-west-1.amazonaws.com", "lambda-create-invoke"],
  ])("a role trusting %s is the service's role", (service, path) => {
    expect(chains([agent(), serviceRole(service)])).toContain(path);
  });

  it("the global spelling still is, and a service that only looks alike is not", () => {
    expect(chains([agent(), serviceRole("states.amazonaws.com")])).toContain("states-create-state-machine");
    // Lambda@Edge's replicator and a name whose middle label is no region are other principals.
    expect(chains([agent(), serviceRole("replicator.lambda.amazonaws.com")])).not.toContain("lambda-create-invoke");
    expect(chains([agent(), serviceRole("states.example.amazonaws.com")])).not.toContain("states-create-state-machine");
    expect(chains([agent(), serviceRole("states.amazonaws.com.evil.example")])).toEqual([]);
  });

  it("a service the input leaves open (`!Sub ${Service}.amazonaws.com`) may be any service (fail closed)", () => {
    // One hop per role is named (the first way found): an agent that runs one service's compute.
    const only = (actions: string[]): Principal => role([allow("iam:PassRole", arn("ServiceRole")), allow(actions)], { name: "kiro-agent" });
    expect(chains([only(["states:CreateStateMachine", "states:StartExecution"]), serviceRole("*.amazonaws.com")])).toEqual(["states-create-state-machine"]);
    expect(chains([only(["lambda:CreateFunction", "lambda:InvokeFunction"]), serviceRole("*.amazonaws.com")])).toEqual(["lambda-create-invoke"]);
    expect(chains([only(["ec2:RunInstances"]), serviceRole("*")])).toEqual(["ec2-run-instances"]);
  });

  it("an agent service trusted in a regional spelling makes the role an agent's", () => {
    const trusting = (service: string) => agentReason(role([], { name: "X", trustPolicy: trust(service) }), policy.agents);
    expect(trusting("bedrock-agentcore.us-west-2.amazonaws.com")).toBe("trust policy admits Service bedrock-agentcore.us-west-2.amazonaws.com");
    expect(trusting("bedrock.*.amazonaws.com")).toBe("trust policy admits Service bedrock.*.amazonaws.com");
    expect(trusting("bedrock.example.amazonaws.com")).toBeUndefined();
  });

  it("iam:PassedToService naming a service in its China or regional spelling passes roles to it", () => {
    // Karpenter's and the EKS node policies list both spellings; a China-only deployment lists one.
    const passTo = (value: unknown) => flaggedPaths([allow("iam:PassRole", "*", { Condition: { StringEquals: { "iam:PassedToService": value } } }), allow("ec2:RunInstances")]).ids;
    expect(passTo("ec2.amazonaws.com.cn")).toContain("ec2-run-instances");
    expect(passTo(["ec2.amazonaws.com", "ec2.amazonaws.com.cn"])).toContain("ec2-run-instances");
    expect(passTo("EC2.amazonaws.com.cn")).toContain("ec2-run-instances");
    // Another service in any spelling still passes nothing to EC2.
    expect(passTo("lambda.amazonaws.com.cn")).not.toContain("ec2-run-instances");
  });

  it("the Step Functions Developer Guide's template: its execution role is the state machines' role", () => {
    // The tutorial's template as published, its execution role given s3:* (the verdict turns on
    // what that role can do) and the name the Step Functions console gives such a role (a known
    // ARN: the agent's iam:PassRole names that role alone, so only its trust makes it the state
    // machines'), beside an agent role that may pass it and run state machines.
    const parsed = parseSource(readFileSync(new URL("../../fixtures/iam/service-principals/step-functions-lambda-state-machine.yaml", import.meta.url), "utf8"));
    const template = parsed.value as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    const execution = template.Resources["StatesExecutionRole"] as { Properties: { Policies: { PolicyDocument: { Statement: Statement[] } }[] } };
    (execution.Properties.Policies[0] as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement.push(allow("s3:*"));
    (execution.Properties as Record<string, unknown>)["RoleName"] = "StatesExecutionRole-us-east-1";
    template.Resources["KiroAgentRole"] = {
      Properties: {
        RoleName: "kiro-agent",
        AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${PROD_ACCOUNT}:root` }, Action: "sts:AssumeRole" }] },
        Policies: [{ PolicyName: "Agent", PolicyDocument: { Statement: [allow("iam:PassRole", { "Fn::GetAtt": ["StatesExecutionRole", "Arn"] }), allow(["states:CreateStateMachine", "states:StartExecution"])] } }],
      },
      Type: "AWS::IAM::Role",
    } as never;
    const input: TemplateInput = { file: "prod.template.yaml", value: template, lineOf: parsed.lineOf, stackName: "OrdersProd", account: PROD_ACCOUNT, terminationProtection: true };
    const { findings, errors } = evaluateTemplates([input], policy, catalogue);
    expect(errors).toEqual([]);
    const agentFindings = findings.filter((f) => f.rule === "agent-privilege-escalation" && f.subject === "OrdersProd/KiroAgentRole");
    expect(agentFindings.map((f) => f.message).join("\n")).toMatch(/kiro-agent → StatesExecutionRole-us-east-1 \(states-create-state-machine\)/);
  });
});
