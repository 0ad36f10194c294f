/**
 * agent-privilege-escalation: whole messages. They are the only place the reviewer sees what the
 * agent can become and why that role is dangerous (destructive grants and through which policies,
 * an escalation path, or managed policies nobody could read), so each part is pinned.
 */
import { allow, escalation, PROD_ACCOUNT, role, source } from "./helpers.js";

const arn = (name: string) => `arn:aws:iam::${PROD_ACCOUNT}:role/${name}`;
const accountTrust = source("Trust", [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${PROD_ACCOUNT}:root` }, Action: "sts:AssumeRole" }], "trust.json");
const unresolved = [{ arn: `arn:aws:iam::${PROD_ACCOUNT}:policy/Missing`, evidence: { file: "t.json", pointer: "/Missing" } }];

describe("what a reachable role can do", () => {
  // Three policies of which two are named (short names: the last segment of a policy ARN).
  const destroyer = role([], {
    name: "destroyer",
    trustPolicy: accountTrust,
    policies: [
      source(`arn:aws:iam::${PROD_ACCOUNT}:policy/team/DataAdmin`, [{ Effect: "Allow", Action: ["dynamodb:DeleteTable", "rds:DeleteDBCluster", "s3:DeleteBucket"], Resource: "*" }]),
      source("Inline", [{ Effect: "Allow", Action: "ec2:TerminateInstances", Resource: "*" }]),
      source("Third", [{ Effect: "Allow", Action: "lambda:DeleteFunction", Resource: "*" }]),
    ],
  });
  const unverified = role([], { name: "unverified", trustPolicy: accountTrust, unresolvedPolicies: unresolved });
  const escalator = role([allow("iam:AttachRolePolicy")], { name: "escalator", trustPolicy: accountTrust });
  const agent = role([allow("sts:AssumeRole", arn("*"))], { name: "kiro-agent" });
  // Evaluated inside each test: Stryker attributes code run while describe blocks are collected to no test.
  const agentFinding = () => escalation([agent, destroyer, unverified, escalator]).find((f) => f.subject === arn("kiro-agent"));

  test("destructive (two actions and two policies shown), unverifiable, and the rest counted", () => {
    const finding = agentFinding();
    expect(finding?.message).toBe(
      "Role kiro-agent can escalate its privileges: sts:AssumeRole on role/* (path sts-assume-role); " +
        "it can become kiro-agent → destroyer (sts:AssumeRole), which can delete or replace production resources (dynamodb:DeleteTable, rds:DeleteDBCluster on * and 3 more actions; through DataAdmin, Inline); " +
        "it can become kiro-agent → unverified (sts:AssumeRole), which has managed policies that cannot be verified; and 1 more",
    );
    expect(finding?.actions).toEqual(["sts:AssumeRole"]);
  });

  test("each of the first three reachable roles is evidence, with its chain", () => {
    expect(agentFinding()?.evidence.filter((e) => e.note?.startsWith("reachable: ")).map((e) => [e.pointer, e.note])).toEqual([
      ["/Resources/destroyer", "reachable: kiro-agent → destroyer (sts:AssumeRole), which can delete or replace production resources (dynamodb:DeleteTable, rds:DeleteDBCluster on * and 3 more actions; through DataAdmin, Inline)"],
      ["/Resources/unverified", "reachable: kiro-agent → unverified (sts:AssumeRole), which has managed policies that cannot be verified"],
      ["/Resources/escalator", "reachable: kiro-agent → escalator (sts:AssumeRole), which can escalate (path iam-attach-role-policy)"],
    ]);
  });
});

describe("the agent's own paths", () => {
  test("three shown, the others counted; every action of them listed", () => {
    const [f] = escalation(role([allow(["iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey"])], { name: "kiro-agent" }));
    expect(f?.message).toBe(
      "Role kiro-agent can escalate its privileges: iam:CreatePolicyVersion on * (path iam-create-policy-version); iam:CreateAccessKey on * (path iam-create-access-key); " +
        "iam:PutRolePolicy on * (path iam-put-role-policy); and 5 more",
    );
    expect(f?.actions).toEqual(["iam:AttachRolePolicy", "iam:CreateAccessKey", "iam:CreatePolicyVersion", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"]);
  });
});

describe("nothing shown, but unverifiable", () => {
  test("fails closed naming the unread policy, with no actions", () => {
    const [f] = escalation(role([], { name: "kiro-agent", unresolvedPolicies: unresolved }));
    expect(f?.message).toBe(`Role kiro-agent cannot be verified not to escalate its privileges: arn:aws:iam::${PROD_ACCOUNT}:policy/Missing (fail closed)`);
    expect(f).not.toHaveProperty("actions");
    expect(f?.evidence[0]).toEqual({ file: "t.json", pointer: "/Missing", arn: `arn:aws:iam::${PROD_ACCOUNT}:policy/Missing`, note: "managed policy document not in the input: not verified (fail closed)" });
  });
});
