/**
 * Who an agent can become (issue 13, item 3) and acting through existing service roles (item 2):
 * account snapshots where the agent's own policies are harmless but a role it can become is not.
 */
import type { Principal } from "../../../src/core/iam/model.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { allow, catalogue, escalation, policy, PROD_ACCOUNT, role, source, type Statement } from "./helpers.js";

const arn = (name: string, account = PROD_ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
const trust = (principal: Record<string, unknown>, extra: Statement = {}) =>
  source("Trust", [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", ...extra }], "trust.json");
/** A role (not an agent by name) with the given policies and trust. */
const target = (name: string, statements: Statement[], trustPolicy = trust({ AWS: `arn:aws:iam::${PROD_ACCOUNT}:root` })): Principal =>
  role(statements, { name, trustPolicy });
const ADMIN = [allow("*")];
/** The agent's own finding (a role whose trust admits an agent is an agent principal too). */
const agentFinding = (principals: Principal[], name = "kiro-agent") => escalation(principals).filter((f) => f.subject === arn(name));

describe("role chaining", () => {
  it("an agent with no dangerous policy that can assume a role that has one escalates, with the chain", () => {
    const agent = role([allow("sts:AssumeRole", arn("deploy-role")), allow("s3:GetObject", "arn:aws:s3:::artifacts/*")], { name: "kiro-agent" });
    const [f] = escalation([agent, target("deploy-role", ADMIN)]);
    expect(f?.subject).toBe(arn("kiro-agent"));
    expect(f?.message).toContain("it can become kiro-agent → deploy-role (sts:AssumeRole), which can delete or replace production resources");
    expect(f?.actions).toEqual(["sts:AssumeRole"]);
    expect(f?.evidence.some((e) => e.pointer === "/Resources/deploy-role" && e.note?.includes("reachable"))).toBe(true);
    // The agent's own access is harmless: no destructive finding of its own.
    expect(evaluateIam({ principals: [agent, target("deploy-role", ADMIN)] }, policy, catalogue).findings.map((x) => x.rule)).toEqual(["agent-privilege-escalation"]);
  });

  it("the same role, harmless, is not escalation", () => {
    const agent = role([allow("sts:AssumeRole", arn("reader"))], { name: "kiro-agent" });
    expect(escalation([agent, target("reader", [allow("dynamodb:GetItem")])])).toEqual([]);
  });

  it("a trust policy that names the agent's ARN admits it with no identity grant", () => {
    const agent = role([allow("s3:GetObject", "arn:aws:s3:::artifacts/*")], { name: "kiro-agent" });
    const admin = target("break-glass", ADMIN, trust({ AWS: arn("kiro-agent") }));
    const [f] = agentFinding([agent, admin]);
    expect(f?.message).toContain("kiro-agent → break-glass (sts:AssumeRole)");
    expect(f?.actions).toEqual(["sts:AssumeRole"]);
    expect(f?.evidence.find((e) => e.file === "trust.json")?.note).toBe("trust policy of break-glass admits kiro-agent");
  });

  it("a trust policy naming only the account needs the agent's own sts:AssumeRole grant", () => {
    const agent = role([allow("s3:GetObject", "arn:aws:s3:::artifacts/*")], { name: "kiro-agent" });
    expect(escalation([agent, target("admin", ADMIN)])).toEqual([]);
  });

  it("a trust policy that admits only another account is not reachable, even with an identity grant", () => {
    const agent = role([allow("sts:AssumeRole", arn("partner-admin"))], { name: "kiro-agent" });
    const admin = target("partner-admin", ADMIN, trust({ AWS: "arn:aws:iam::999999999999:root" }));
    expect(escalation([agent, admin])).toEqual([]);
  });

  it("a trust statement whose date condition has passed admits nobody", () => {
    const agent = role([], { name: "kiro-agent" });
    const expired = trust({ AWS: arn("kiro-agent") }, { Condition: { DateLessThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } } });
    expect(agentFinding([agent, target("admin", ADMIN, expired)])).toEqual([]);
  });

  it("a cycle of harmless roles ends, and a dangerous role behind it is still found", () => {
    const agent = role([], { name: "kiro-agent" });
    const a = target("role-a", [], trust({ AWS: [arn("kiro-agent"), arn("role-b")] }));
    const b = target("role-b", [], trust({ AWS: arn("role-a") }));
    expect(escalation([agent, a, b])).toEqual([]);
    const c = target("role-c", ADMIN, trust({ AWS: arn("role-b") }));
    const [f] = agentFinding([agent, a, b, c]);
    expect(f?.message).toContain("kiro-agent → role-a (sts:AssumeRole) → role-b (sts:AssumeRole) → role-c (sts:AssumeRole), which can delete");
  });

  it("follows a chain of depth 3, and no further than the configured depth", () => {
    const agent = role([], { name: "kiro-agent" });
    const chain = [
      target("hop-1", [], trust({ AWS: arn("kiro-agent") })),
      target("hop-2", [], trust({ AWS: arn("hop-1") })),
      target("hop-3", ADMIN, trust({ AWS: arn("hop-2") })),
    ];
    const input = { principals: [agent, ...chain] };
    const mine = (f: { rule: string; subject: string }) => f.rule === "agent-privilege-escalation" && f.subject === arn("kiro-agent");
    const deep = evaluateIam(input, policy, catalogue).findings.filter(mine);
    expect(deep[0]?.message).toContain("kiro-agent → hop-1 (sts:AssumeRole) → hop-2 (sts:AssumeRole) → hop-3 (sts:AssumeRole)");
    const shallow = evaluateIam(input, policy, catalogue, { maxChainDepth: 2 }).findings.filter(mine);
    expect(shallow).toEqual([]);
  });

  it("a role whose own escalation path counts is dangerous too", () => {
    const agent = role([allow("sts:AssumeRole", arn("iam-admin"))], { name: "kiro-agent" });
    const [f] = escalation([agent, target("iam-admin", [allow("iam:AttachRolePolicy")])]);
    expect(f?.message).toContain("which can escalate (path iam-attach-role-policy)");
  });

  it("sts:AssumeRole on a role not in the input, or on a wildcard, is escalation (fail closed)", () => {
    const [f] = escalation(role([allow("sts:AssumeRole", arn("elsewhere"))], { name: "kiro-agent" }));
    expect(f?.message).toContain("sts:AssumeRole on role/elsewhere (path sts-assume-role)");
    const [g] = escalation([role([allow("sts:AssumeRole", arn("deploy-*"))], { name: "kiro-agent" }), target("deploy-reader", [allow("s3:GetObject")])]);
    expect(g?.message).toContain("(path sts-assume-role)");
  });
});

describe("acting through an existing service role (item 2)", () => {
  const lambdaTrust = trust({ Service: "lambda.amazonaws.com" });

  it("lambda:UpdateFunctionCode escalates and names the function roles that can destroy", () => {
    const agent = role([allow("lambda:UpdateFunctionCode", `arn:aws:lambda:us-east-1:${PROD_ACCOUNT}:function:*`)], { name: "kiro-agent" });
    const fnRole = target("orders-fn-role", [allow("dynamodb:DeleteTable")], lambdaTrust);
    const [f] = escalation([agent, fnRole, target("harmless-fn-role", [allow("logs:PutLogEvents")], lambdaTrust)]);
    expect(f?.message).toContain("(path lambda-update-code)");
    expect(f?.message).toContain("kiro-agent → orders-fn-role (lambda-update-code), which can delete or replace production resources (dynamodb:DeleteTable on *");
    expect(f?.message).not.toContain("harmless-fn-role");
  });

  it("cloudformation:UpdateStack escalates even when no service role is in the input", () => {
    const [f] = escalation(role([allow("cloudformation:UpdateStack")], { name: "kiro-agent" }));
    expect(f?.actions).toEqual(["cloudformation:UpdateStack"]);
    expect(f?.message).toContain("(path cloudformation-update-stack)");
  });

  it("iam:PassRole limited to a harmless role of the input does not make a passed-role path escalate", () => {
    const ec2Trust = trust({ Service: "ec2.amazonaws.com" });
    const pass = (name: string) => role([allow("iam:PassRole", arn(name)), allow("ec2:RunInstances")], { name: "kiro-agent" });
    expect(escalation([pass("web-instance"), target("web-instance", [allow("s3:GetObject")], ec2Trust)])).toEqual([]);
    const [f] = escalation([pass("ops-instance"), target("ops-instance", ADMIN, ec2Trust)]);
    expect(f?.message).toContain("kiro-agent → ops-instance (ec2-run-instances)");
    // An admin instance role beside the harmless one: RunInstances could launch it, but the agent may only pass the harmless one.
    expect(escalation([pass("web-instance"), target("web-instance", [allow("s3:GetObject")], ec2Trust), target("ops-instance", ADMIN, ec2Trust)])).toEqual([]);
  });
});
