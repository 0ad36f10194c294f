/**
 * False alarms removed by issue 13 item 4, each with the AWS documentation that makes it safe,
 * and the near misses that must still be flagged.
 */
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { conditionCannotHold } from "../../../src/core/iam/conditions.js";
import { wildcardMatch } from "../../../src/core/glob.js";
import { allow, catalogue, deny, escalation, evaluate, policy, PROD_ACCOUNT, role, type Statement } from "./helpers.js";
import { readManagedPolicyCorpus } from "./managed-policy-corpus.js";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const at = (statements: Parameters<typeof role>[0]) => evaluateIam({ principals: [role(statements)] }, policy, catalogue, { now: NOW }).findings;

describe("AWS managed policies cannot be changed by a customer", () => {
  it("a notEscalation rule takes out a grant on any one of its resources", () => {
    const rule = { actions: ["iam:CreatePolicyVersion"], resources: [`arn:aws:iam::${PROD_ACCOUNT}:policy/sandbox-*`, "arn:*:iam::aws:policy/*"], reason: "managed by AWS or a sandbox" };
    const custom = { ...policy, escalation: { ...policy.escalation, notEscalation: [rule] } };
    expect(escalation(role([allow("iam:CreatePolicyVersion", "arn:aws:iam::aws:policy/AdministratorAccess")]), custom)).toEqual([]);
    expect(escalation(role([allow("iam:CreatePolicyVersion", `arn:aws:iam::${PROD_ACCOUNT}:policy/sandbox-ci`)]), custom)).toEqual([]);
    expect(escalation(role([allow("iam:CreatePolicyVersion", `arn:aws:iam::${PROD_ACCOUNT}:policy/ops`)]), custom)).toHaveLength(1);
  });

  it.each(["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"])("%s on arn:aws:iam::aws:policy/* is not escalation; on a customer policy it is", (action) => {
    expect(escalation(role([allow(action, "arn:aws:iam::aws:policy/*")]))).toEqual([]);
    expect(escalation(role([allow(action, "arn:aws:iam::aws:policy/AdministratorAccess")]))).toEqual([]);
    expect(escalation(role([allow(action, `arn:aws:iam::${PROD_ACCOUNT}:policy/*`)]))).toHaveLength(1);
    // A pattern that also covers customer policies still counts.
    expect(escalation(role([allow(action, "arn:aws:iam::*:policy/*")]))).toHaveLength(1);
  });
});

describe("credentials of the caller's own user", () => {
  it.each(["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"])("%s on user/${aws:username} is not escalation; on other users it is", (action) => {
    expect(escalation(role([allow(action, `arn:aws:iam::${PROD_ACCOUNT}:user/\${aws:username}`)]))).toEqual([]);
    expect(escalation(role([allow(action, `arn:aws:iam::${PROD_ACCOUNT}:user/*`)]))).toHaveLength(1);
    // Any user whose name starts with the caller's: not only its own.
    expect(escalation(role([allow(action, `arn:aws:iam::${PROD_ACCOUNT}:user/\${aws:username}*`)]))).toHaveLength(1);
  });

  it("own-user policies are still escalation (iam:PutUserPolicy on user/${aws:username})", () => {
    expect(escalation(role([allow("iam:PutUserPolicy", `arn:aws:iam::${PROD_ACCOUNT}:user/\${aws:username}`)]))).toHaveLength(1);
  });
});

describe("the AWS managed AgentCore code interpreter runs as no role of the account", () => {
  const session = ["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"];
  it("sessions on aws.codeinterpreter.v1 (an AgentCore runtime's own tool) are not escalation; on the account's code interpreters they are", () => {
    const on = (resource: string) => role(session.map((a) => allow(a, resource)));
    expect(escalation(on("arn:aws:bedrock-agentcore:us-east-1:aws:code-interpreter/aws.codeinterpreter.v1"))).toEqual([]);
    // The account's own (custom) code interpreters carry its execution roles (Service Authorization
    // Reference: code-interpreter-custom/${CodeInterpreterId} in ${Account}, code-interpreter/ in "aws").
    expect(escalation(on(`arn:aws:bedrock-agentcore:us-east-1:${PROD_ACCOUNT}:code-interpreter-custom/*`))).toHaveLength(1);
    expect(escalation(on("arn:aws:bedrock-agentcore:us-east-1:*:*"))).toHaveLength(1);
  });
  it("the ARN AgentCore issues for a custom code interpreter, <account>:code-interpreter/<id>, is one of the account's too", () => {
    // AgentCore Developer Guide, "Creating an AgentCore Code Interpreter": Tool Resource ARN
    // arn:aws:bedrock-agentcore:<Region>:123456789012:code-interpreter/…; the API's ARN pattern is
    // (aws|[0-9]{12}):code-interpreter(-custom)?/…, and pathfinding.cloud bedrock-002 scopes its fix so.
    const on = (resource: string) => role(session.map((a) => allow(a, resource)));
    expect(escalation(on(`arn:aws:bedrock-agentcore:us-east-1:${PROD_ACCOUNT}:code-interpreter/*`))).toHaveLength(1);
    expect(escalation(on(`arn:aws:bedrock-agentcore:us-east-1:${PROD_ACCOUNT}:code-interpreter/myinterp-abc1234567`))).toHaveLength(1);
  });
});

describe("the AWS managed AgentCore browser runs as no role of the account", () => {
  // pathfinding.cloud bedrock-007: only a custom browser created with an execution role has one.
  it("sessions on aws.browser.v1 are not escalation; on the account's custom browsers they are", () => {
    const on = (resource: string) => role([allow("bedrock-agentcore:StartBrowserSession", resource), allow("bedrock-agentcore:ConnectBrowserAutomationStream")]);
    expect(escalation(on("arn:aws:bedrock-agentcore:us-east-1:aws:browser/aws.browser.v1"))).toEqual([]);
    expect(escalation(on(`arn:aws:bedrock-agentcore:us-east-1:${PROD_ACCOUNT}:browser-custom/*`))).toHaveLength(1);
    // As AgentCore issues a custom browser's ARN: pattern (aws|[0-9]{12}):browser(-custom)?/… (API
    // Reference, HarnessAgentCoreBrowserConfig); pathfinding.cloud bedrock-007 scopes its fix so.
    expect(escalation(on(`arn:aws:bedrock-agentcore:us-east-1:${PROD_ACCOUNT}:browser/*`))).toHaveLength(1);
    expect(escalation(on("arn:aws:bedrock-agentcore:us-east-1:*:*"))).toHaveLength(1);
  });
});

describe("conditions that cannot hold at evaluation time", () => {
  const until = (operator: string, key: string, value: unknown) => ({ Condition: { [operator]: { [key]: value } } });

  it("DateLessThan on aws:CurrentTime in the past makes an Allow inert for both rules; in the future it counts", () => {
    expect(at([allow("*", "*", until("DateLessThan", "aws:CurrentTime", "2026-01-01T00:00:00Z"))])).toEqual([]);
    expect(at([allow("*", "*", until("DateLessThan", "aws:CurrentTime", "2027-01-01T00:00:00Z"))]).map((f) => f.rule)).toEqual([
      "agent-destructive-prod",
      "agent-privilege-escalation",
    ]);
  });

  it("aws:EpochTime in epoch seconds, DateLessThanEquals, and a list where one value is still ahead", () => {
    const past = String(Math.floor(Date.parse("2025-01-01T00:00:00Z") / 1000));
    expect(at([allow("iam:PutRolePolicy", "*", until("DateLessThanEquals", "aws:EpochTime", past))])).toEqual([]);
    expect(at([allow("iam:PutRolePolicy", "*", until("DateLessThan", "aws:CurrentTime", ["2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z"]))])).toHaveLength(1);
  });

  it("aws:TokenIssueTime: a session issued before a date may live 36 hours more; IfExists holds for long-term keys", () => {
    expect(at([allow("iam:PutRolePolicy", "*", until("DateLessThan", "aws:TokenIssueTime", "2026-05-31T12:00:00Z"))])).toHaveLength(1);
    expect(at([allow("iam:PutRolePolicy", "*", until("DateLessThan", "aws:TokenIssueTime", "2026-05-25T00:00:00Z"))])).toEqual([]);
    expect(at([allow("iam:PutRolePolicy", "*", until("DateLessThanIfExists", "aws:TokenIssueTime", "2026-05-25T00:00:00Z"))])).toHaveLength(1);
  });

  it("conditions that can hold still count: DateGreaterThan, other keys, unreadable dates", () => {
    expect(at([allow("iam:PutRolePolicy", "*", until("DateGreaterThan", "aws:CurrentTime", "2020-01-01T00:00:00Z"))])).toHaveLength(1);
    expect(at([allow("iam:PutRolePolicy", "*", until("DateLessThan", "aws:RequestTag/expires", "2020-01-01T00:00:00Z"))])).toHaveLength(1);
    expect(conditionCannotHold({ DateLessThan: { "aws:CurrentTime": "not a date" } }, NOW)).toBe(false);
    expect(conditionCannotHold({ DateLessThan: { "aws:CurrentTime": [] } }, NOW)).toBe(false);
  });

  it("date values as IAM takes them: JSON numbers and digit strings are epoch seconds, ISO dates with or without a zone, lists of alternatives", () => {
    const cannot = (key: string, value: unknown, operator = "DateLessThan") => conditionCannotHold({ [operator]: { [key]: value } }, NOW);
    expect(cannot("aws:EpochTime", 1577836800)).toBe(true); // 2020-01-01
    expect(cannot("aws:EpochTime", 1893456000)).toBe(false); // 2030-01-01
    expect(cannot("aws:EpochTime", " 1577836800 ")).toBe(true);
    expect(cannot("aws:CurrentTime", "2020-01-01T00:00:00")).toBe(true);
    expect(cannot("aws:CurrentTime", ["2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"])).toBe(true);
    // aws:CurrentTime is in every request: IfExists changes nothing.
    expect(cannot("aws:CurrentTime", "2020-01-01T00:00:00Z", "DateLessThanIfExists")).toBe(true);
    // Neither a date nor a number: the condition cannot be read, so it may hold.
    for (const odd of [null, true, { "Fn::Sub": "${Expiry}" }]) expect(cannot("aws:CurrentTime", odd)).toBe(false);
  });

  it("a date equal to the evaluation time can still hold (DateLessThanEquals matches it); a second earlier it cannot", () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(conditionCannotHold({ DateLessThanEquals: { "aws:CurrentTime": iso(NOW) } }, NOW)).toBe(false);
    expect(conditionCannotHold({ DateLessThanEquals: { "aws:EpochTime": String(NOW / 1000) } }, NOW)).toBe(false);
    expect(conditionCannotHold({ DateLessThanEquals: { "aws:CurrentTime": iso(NOW - 1000) } }, NOW)).toBe(true);
  });

  it("an expired Allow in a boundary allows nothing (the boundary then stops everything)", () => {
    const boundary = { name: "B", document: { Statement: [allow("*", "*", until("DateLessThan", "aws:CurrentTime", "2026-01-01T00:00:00Z"))] }, evidence: {} };
    expect(evaluateIam({ principals: [role([allow("*")], { boundary })] }, policy, catalogue, { now: NOW }).findings).toEqual([]);
  });

  it("uses the evaluation time: the same policy counts before its date", () => {
    const statements = [allow("dynamodb:DeleteTable", "*", until("DateLessThan", "aws:CurrentTime", "2026-01-01T00:00:00Z"))];
    expect(evaluateIam({ principals: [role(statements)] }, policy, catalogue, { now: Date.parse("2025-12-01T00:00:00Z") }).findings).toHaveLength(1);
    expect(evaluateIam({ principals: [role(statements)] }, policy, catalogue, { now: NOW }).findings).toEqual([]);
  });
});

describe("attaching only read-only AWS managed policies (iam:PolicyARN)", () => {
  const rules = policy.escalation.notEscalation.filter((r) => r.condition?.key.toLowerCase() === "iam:policyarn");
  const attach = (condition: Statement) => escalation(role([allow("iam:AttachRolePolicy", "*", { Condition: condition })]));

  it("every policy the exception allows is an AWS managed policy the rules pass, as an agent role's policy", () => {
    expect(rules.length).toBeGreaterThan(0);
    const corpus = Object.values(readManagedPolicyCorpus());
    for (const value of rules.flatMap((r) => r.condition?.values ?? [])) {
      const matches = corpus.filter((m) => wildcardMatch(value, m.arn));
      expect([value, matches.length]).toEqual([value, 1]);
      const document = matches[0]?.versions[matches[0].latestVersionId]?.document as { Statement: Statement | Statement[] };
      const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
      expect([value, evaluate(role(statements)).findings]).toEqual([value, []]);
    }
  });

  it("pinned in an Allow to those policies: not escalation; IfExists, a pattern, another policy or a Deny form: escalation", () => {
    expect(attach({ ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" } })).toEqual([]);
    expect(attach({ StringEquals: { "iam:PolicyARN": ["arn:aws:iam::aws:policy/SecurityAudit", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] } })).toEqual([]);
    expect(attach({ ArnEqualsIfExists: { "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" } })).toHaveLength(1);
    expect(attach({ ArnLike: { "iam:PolicyARN": "arn:aws:iam::aws:policy/*ReadOnly*" } })).toHaveLength(1);
    expect(attach({ ArnEquals: { "iam:PolicyARN": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"] } })).toHaveLength(1);
    expect(attach({ ArnEquals: { "iam:PolicyARN": `arn:aws:iam::${PROD_ACCOUNT}:policy/ReadOnlyAccess` } })).toHaveLength(1);
    // The same limit as a Deny with ArnNotEquals is not read: a conditional Deny is not counted
    // unless it holds whatever the agent does (access.ts denyHolds), so this form is still flagged.
    const denyOthers = deny("iam:AttachRolePolicy", "*", { Condition: { ArnNotEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" } } });
    expect(escalation(role([allow("iam:AttachRolePolicy"), denyOthers]))).toHaveLength(1);
  });
});

describe("Systems Manager documents that run nothing (ssm:DocumentType)", () => {
  const update = (types: string[]) => escalation(role([allow(["ssm:UpdateDocument", "ssm:UpdateDocumentDefaultVersion"], "*", { Condition: { StringEquals: { "ssm:DocumentType": types } } })]));
  it("approval policies and change calendars are not escalation; Command or Automation documents are", () => {
    expect(update(["AutoApprovalPolicy", "ManualApprovalPolicy", "ChangeCalendar"])).toEqual([]);
    expect(update(["Command"])).toHaveLength(1);
    expect(update(["AutoApprovalPolicy", "Automation"])).toHaveLength(1);
    expect(escalation(role([allow(["ssm:UpdateDocument", "ssm:UpdateDocumentDefaultVersion"], "*", { Condition: { StringEqualsIfExists: { "ssm:DocumentType": "ChangeCalendar" } } })]))).toHaveLength(1);
  });
});
