/**
 * Who an agent can become (issue 13, item 3) and acting through existing service roles (item 2):
 * account snapshots where the agent's own policies are harmless but a role it can become is not.
 */
import type { Principal } from "../../../src/core/iam/model.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { allow, catalogue, DEV_ACCOUNT, escalation, policy, PROD_ACCOUNT, role, source, type Statement } from "./helpers.js";

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

describe("how a trust policy names the agent (IAM User Guide, \"AWS JSON policy elements: Principal\")", () => {
  const agent = role([], { name: "kiro-agent" });
  /** The message of the agent's finding when breakGlass (admin) trusts as given. */
  const chainTo = (trustPolicy: ReturnType<typeof trust>, principals: Principal[] = [agent]) =>
    agentFinding([...principals, target("break-glass", ADMIN, trustPolicy)])[0]?.message;

  it("a session of the agent's role (arn:aws:sts::…:assumed-role/…) admits the agent, whatever session it runs as", () => {
    const session = trust({ AWS: `arn:aws:sts::${PROD_ACCOUNT}:assumed-role/kiro-agent/kiro-1733312000` });
    expect(chainTo(session)).toContain("kiro-agent → break-glass (sts:AssumeRole)");
    // A session of another role admits nobody the input holds.
    expect(chainTo(trust({ AWS: `arn:aws:sts::${PROD_ACCOUNT}:assumed-role/ci-runner/kiro-agent` }))).toBeUndefined();
  });

  it("the agent's role ARN with or without its path names the same role", () => {
    const pathed = role([], { name: "kiro-agent", arn: `arn:aws:iam::${PROD_ACCOUNT}:role/agents/kiro-agent`, subject: arn("kiro-agent") });
    expect(chainTo(trust({ AWS: arn("kiro-agent") }), [pathed])).toContain("kiro-agent → break-glass (sts:AssumeRole)");
    expect(chainTo(trust({ AWS: `arn:aws:sts::${PROD_ACCOUNT}:assumed-role/kiro-agent/s` }), [pathed])).toContain("kiro-agent → break-glass");
  });

  it("a role whose name ends in twelve digits is a role, not an account", () => {
    const numbered = role([], { name: "kiro-agent-222222222222" });
    expect(chainTo(trust({ AWS: arn("kiro-agent-222222222222") }), [numbered])).toBeUndefined(); // not the agent the finding is about
    const [f] = agentFinding([numbered, target("break-glass", ADMIN, trust({ AWS: arn("kiro-agent-222222222222") }))], "kiro-agent-222222222222");
    expect(f?.message).toContain("kiro-agent-222222222222 → break-glass (sts:AssumeRole)");
  });

  it("a bare account id is the account: it admits the agent given the agent's own sts:AssumeRole grant", () => {
    const granted = role([allow("sts:AssumeRole", arn("break-glass"))], { name: "kiro-agent" });
    expect(chainTo(trust({ AWS: PROD_ACCOUNT }), [granted])).toContain("kiro-agent → break-glass (sts:AssumeRole)");
    expect(chainTo(trust({ AWS: PROD_ACCOUNT }))).toBeUndefined();
  });

  it("the caller's and the role's accounts are read from their ARNs when the input does not say them", () => {
    const bare = (p: Principal): Principal => {
      const { account: _account, ...rest } = p;
      return rest;
    };
    const devAgent = role([], { name: "kiro-agent", arn: arn("kiro-agent", DEV_ACCOUNT), subject: arn("kiro-agent", DEV_ACCOUNT), account: DEV_ACCOUNT });
    const trusting = target("break-glass", ADMIN, trust({ AWS: arn("kiro-agent", DEV_ACCOUNT) }));
    const ofAgent = (principals: Principal[]) => escalation(principals).filter((f) => f.subject === arn("kiro-agent", DEV_ACCOUNT));
    // Another account's agent named by ARN needs its own grant, whichever side's account comes from its ARN.
    expect(ofAgent([bare(devAgent), trusting])).toEqual([]);
    expect(ofAgent([devAgent, bare(trusting)])).toEqual([]);
  });

  it("where the input says neither account (an env-agnostic stack), a trust of any principal admits the agent by itself (fail closed)", () => {
    const anonymous = (p: Principal): Principal => {
      const { account: _account, arn: _arn, ...rest } = p;
      return rest;
    };
    const agentOf = (principals: Principal[]) => escalation(principals).filter((f) => f.subject === arn("kiro-agent"));
    const known = target("break-glass", ADMIN, trust({ AWS: "*" }, { Condition: { StringEquals: { "aws:PrincipalTag/team": "ops" } } }));
    const open = anonymous(known);
    expect(agentOf([anonymous(agent), open])[0]?.message).toContain("kiro-agent → break-glass (sts:AssumeRole)");
    expect(agentOf([agent, open])[0]?.message).toContain("kiro-agent → break-glass (sts:AssumeRole)");
    expect(agentOf([anonymous(agent), known])[0]?.message).toContain("kiro-agent → break-glass (sts:AssumeRole)");
  });

  it("a production role trusting an agent of another account by ARN needs the agent's own grant too", () => {
    const devAgent = (statements: Statement[]) =>
      role(statements, { name: "kiro-agent", arn: arn("kiro-agent", DEV_ACCOUNT), subject: arn("kiro-agent", DEV_ACCOUNT), account: DEV_ACCOUNT });
    const trusting = target("break-glass", ADMIN, trust({ AWS: arn("kiro-agent", DEV_ACCOUNT) }));
    const ofAgent = (principals: Principal[]) => escalation(principals).filter((f) => f.subject === arn("kiro-agent", DEV_ACCOUNT));
    expect(ofAgent([devAgent([]), trusting])).toEqual([]);
    expect(ofAgent([devAgent([allow("sts:AssumeRole", arn("break-glass"))]), trusting])[0]?.message).toContain("kiro-agent → break-glass (sts:AssumeRole)");
  });

  it("a wildcard sts:AssumeRole grant names the account-trusting roles of the input it reaches", () => {
    const wild = role([allow("sts:AssumeRole", `arn:aws:iam::${PROD_ACCOUNT}:role/*`)], { name: "kiro-agent" });
    expect(chainTo(trust({ AWS: `arn:aws:iam::${PROD_ACCOUNT}:root` }), [wild])).toContain("kiro-agent → break-glass (sts:AssumeRole)");
  });

  it("NotAction in a trust statement: admits when it leaves sts:AssumeRole out, not when it names it", () => {
    const notAction = (NotAction: unknown) => source("Trust", [{ Effect: "Allow", Principal: { AWS: arn("kiro-agent") }, NotAction }], "trust.json");
    expect(chainTo(notAction("sts:TagSession"))).toContain("kiro-agent → break-glass (sts:AssumeRole)");
    expect(chainTo(notAction("sts:AssumeRole"))).toBeUndefined();
    expect(chainTo(notAction(["sts:TagSession", "sts:AssumeRole"]))).toBeUndefined();
  });

  it("a statement for a service and the agent that grants only sts:TagSession admits the service, not the agent", () => {
    const both = source("Trust", [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com", AWS: arn("kiro-agent") }, Action: "sts:TagSession" }], "trust.json");
    expect(chainTo(both)).toBeUndefined();
  });

  it("a statement without Principal (IAM rejects it) admits nobody; the other statements still count", () => {
    const noPrincipal = source("Trust", [{ Effect: "Allow", Action: "sts:AssumeRole" }, { Effect: "Allow", Principal: { AWS: arn("kiro-agent") }, Action: "sts:AssumeRole" }], "trust.json");
    expect(chainTo(noPrincipal)).toContain("kiro-agent → break-glass (sts:AssumeRole)");
    expect(chainTo(source("Trust", [{ Effect: "Allow", Action: "sts:AssumeRole" }], "trust.json"))).toBeUndefined();
  });

  it("Statement as a single object, as IAM allows", () => {
    const single = { ...trust({ AWS: arn("kiro-agent") }), document: { Version: "2012-10-17", Statement: { Effect: "Allow", Principal: { AWS: arn("kiro-agent") }, Action: "sts:AssumeRole" } } };
    expect(chainTo(single)).toContain("kiro-agent → break-glass (sts:AssumeRole)");
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

  it("a service named in a trust statement counts whatever assume action the statement grants (fail closed, as for agents)", () => {
    const agent = role([allow("lambda:UpdateFunctionCode", `arn:aws:lambda:us-east-1:${PROD_ACCOUNT}:function:*`)], { name: "kiro-agent" });
    const tagOnly = trust({ Service: "lambda.amazonaws.com" }, { Action: "sts:TagSession" });
    const [f] = escalation([agent, target("orders-fn-role", [allow("dynamodb:DeleteTable")], tagOnly)]);
    expect(f?.message).toContain("kiro-agent → orders-fn-role (lambda-update-code)");
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

// An identity pool's roles trust the Cognito identity service as a web-identity provider, not as a
// service principal (Cognito Developer Guide, "Role trust and permissions":
// Principal {"Federated": "cognito-identity.amazonaws.com"}, sts:AssumeRoleWithWebIdentity).
describe("roles an identity pool hands out", () => {
  const cognitoTrust = (provider = "cognito-identity.amazonaws.com") =>
    source("Trust", [{ Effect: "Allow", Principal: { Federated: provider }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:pool" } } }], "trust.json");
  const pool = "arn:aws:cognito-identity:us-east-1:111111111111:identitypool/us-east-1:pool";
  // SetIdentityPoolRoles has no resource type (Service Authorization Reference): it is granted on "*".

  it("passing an admin pool role to the pool it trusts escalates, through that role", () => {
    const agent = role([allow("cognito-identity:SetIdentityPoolRoles"), allow("iam:PassRole", arn("pool-auth"))], { name: "kiro-agent" });
    const [f] = agentFinding([agent, target("pool-auth", ADMIN, cognitoTrust())]);
    expect(f?.message).toContain("kiro-agent → pool-auth (cognito-identity-set-identity-pool-roles)");
  });

  // The GovCloud names as AWS's guidance for Claude Code with Amazon Bedrock writes them
  // (aws-solutions-library-samples/guidance-for-claude-code-with-amazon-bedrock, MIT-0,
  // deployment/infrastructure/bedrock-auth-okta.yaml, CognitoAuthenticatedRole).
  it.each(["cognito-identity-us-gov.amazonaws.com", "cognito-identity.us-gov-east-1.amazonaws.com"])("the GovCloud identity provider %s names the same service", (provider) => {
    const agent = role([allow("cognito-identity:SetIdentityPoolRoles"), allow("iam:PassRole", arn("pool-auth"))], { name: "kiro-agent" });
    expect(agentFinding([agent, target("pool-auth", ADMIN, cognitoTrust(provider))])).toHaveLength(1);
  });

  it("a harmless pool role, or a role trusting another identity provider, is not escalation", () => {
    const agent = role([allow("cognito-identity:SetIdentityPoolRoles"), allow("iam:PassRole", arn("pool-auth"))], { name: "kiro-agent" });
    expect(agentFinding([agent, target("pool-auth", [allow("s3:GetObject", "arn:aws:s3:::site/*")], cognitoTrust())])).toEqual([]);
    expect(agentFinding([agent, target("pool-auth", ADMIN, cognitoTrust("accounts.google.com"))])).toEqual([]);
  });

  it("changing the pool itself reaches its admin role (the finding names it)", () => {
    const agent = role([allow("cognito-identity:UpdateIdentityPool", pool)], { name: "kiro-agent" });
    const [f] = agentFinding([agent, target("pool-auth", ADMIN, cognitoTrust())]);
    expect(f?.evidence.some((e) => e.note?.includes("kiro-agent → pool-auth (cognito-identity-update-identity-pool)"))).toBe(true);
  });
});
