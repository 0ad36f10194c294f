import { readFileSync } from "node:fs";
import { isAuthorizationDetails, readAuthorizationDetails } from "../../../src/core/iam/authorization-details.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { isPolicyDocument, readPolicyDocumentFile } from "../../../src/core/iam/policy-file.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { catalogue, policy } from "./helpers.js";

const FIXTURES = new URL("../../fixtures/iam/", import.meta.url);

function scan(name: string) {
  const file = `test/fixtures/iam/${name}`;
  const parsed = parseSource(readFileSync(new URL(name, FIXTURES), "utf8"));
  expect(isAuthorizationDetails(parsed.value)).toBe(true);
  const read = readAuthorizationDetails(parsed.value, file, parsed.lineOf);
  const evaluated = evaluateIam(read.input, policy, catalogue);
  return { ...read, ...evaluated, parsed, file };
}

describe.each(["gaad-cli.json", "gaad-sdk.json"])("get-account-authorization-details (%s)", (name) => {
  const result = scan(name);
  const bySubject = (rule: string) =>
    Object.fromEntries(result.findings.filter((f) => f.rule === rule).map((f) => [f.subject.replace("arn:aws:iam::111111111111:", ""), f]));

  it("reads every principal without errors, with the account from the ARNs", () => {
    expect(result.errors).toEqual([]);
    expect(result.input.account).toBe("111111111111");
    expect(result.input.principals.map((p) => p.name).sort()).toEqual(["DeployFromGitHub", "OpsAdmin", "alice", "claude-code-readonly", "cursor-bot", "kiro-agent-deployer"]);
  });

  it("flags the agent role that can delete and replace production, with file, line, pointer, arn, policy and statement", () => {
    const destructive = bySubject("agent-destructive-prod");
    expect(Object.keys(destructive)).toEqual(["role/kiro-agent-deployer"]);
    const f = destructive["role/kiro-agent-deployer"];
    expect(f?.actions).toEqual(["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet", "dynamodb:DeleteTable"]);
    expect(f?.message).toContain("dynamodb:DeleteTable on table/orders-prod");
    const inline = f?.evidence.find((e) => e.policyName === "orders-table");
    const pointer = "/RoleDetailList/0/RolePolicyList/0/PolicyDocument/Statement/0";
    expect(inline).toMatchObject({ file: result.file, pointer, arn: "arn:aws:iam::111111111111:role/kiro-agent-deployer", statementIndex: 0 });
    // Decoded documents cite the statement's own line; encoded ones the line of the document string.
    const expectedLine = result.parsed.lineOf(pointer) ?? result.parsed.lineOf("/RoleDetailList/0/RolePolicyList/0/PolicyDocument");
    expect(inline?.line).toBe(expectedLine);
    expect(inline?.line).toBeGreaterThan(1);
    const managed = f?.evidence.find((e) => e.policyName === "AgentDeployPolicy");
    expect(managed).toMatchObject({ arn: "arn:aws:iam::111111111111:policy/AgentDeployPolicy", pointer: "/Policies/0/PolicyVersionList/0/Document/Statement/0" });
  });

  it("escalation: sts:AssumeRole on role/cdk-*, change sets run by a stack's service role, and a user's group policy with iam:PutRolePolicy", () => {
    const escalation = bySubject("agent-privilege-escalation");
    expect(Object.keys(escalation).sort()).toEqual(["role/kiro-agent-deployer", "user/cursor-bot"]);
    // CreateChangeSet + ExecuteChangeSet act through the stack's existing service role (issue 13 item 2).
    // The made-up account lacks AWS Support's role, which every account holds, so its role list is
    // not known to be whole: role/cdk-* may name roles the file does not hold (complete-account.test.ts).
    expect(escalation["role/kiro-agent-deployer"]?.actions).toEqual(["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet", "sts:AssumeRole"]);
    expect(escalation["role/kiro-agent-deployer"]?.message).toContain("(path cloudformation-change-set)");
    expect(escalation["user/cursor-bot"]?.actions).toEqual(["iam:PutRolePolicy"]);
    expect(escalation["user/cursor-bot"]?.evidence[0]).toMatchObject({ policyName: "deployers-iam", pointer: "/GroupDetailList/0/GroupPolicyList/0/PolicyDocument/Statement/0" });
  });

  it("does not flag the admin under a read-only boundary, the read-only agent, or non-agents", () => {
    const subjects = result.findings.map((f) => f.subject);
    for (const s of ["role/DeployFromGitHub", "role/claude-code-readonly", "role/OpsAdmin", "user/alice"]) {
      expect(subjects).not.toContain(`arn:aws:iam::111111111111:${s}`);
    }
  });
});

describe("authorization details: fail closed", () => {
  const base = JSON.parse(readFileSync(new URL("gaad-cli.json", FIXTURES), "utf8")) as Record<string, unknown>;

  it("a truncated listing is an error", () => {
    const { errors } = readAuthorizationDetails({ ...base, IsTruncated: true, Marker: "abc" }, "g.json");
    expect(errors[0]?.message).toContain("truncated");
  });

  it("a customer managed policy missing from Policies is not verifiable on an agent; an AWS managed one is read from its published version", () => {
    const { input } = readAuthorizationDetails({ ...base, Policies: [] }, "g.json");
    const { findings } = evaluateIam(input, policy, catalogue);
    const deployer = findings.find((f) => f.subject.endsWith("role/kiro-agent-deployer") && f.rule === "agent-destructive-prod");
    expect(deployer?.evidence).toContainEqual(expect.objectContaining({ arn: "arn:aws:iam::111111111111:policy/AgentDeployPolicy", note: expect.stringContaining("not verified (fail closed)") }));
    // AmazonS3ReadOnlyAccess is AWS managed: its published document is known, and it reads only.
    expect(findings.filter((f) => f.subject.endsWith("role/claude-code-readonly"))).toEqual([]);
    // A missing boundary document cannot restrict: the GitHub deploy role is flagged.
    expect(findings.some((f) => f.subject.endsWith("role/DeployFromGitHub"))).toBe(true);
  });

  it("an AWS managed boundary the file does not list limits as its published document does", () => {
    // The deployer agent under AmazonS3ReadOnlyAccess: nothing of its own grants is left but S3 reads.
    const roles = (base["RoleDetailList"] as Record<string, unknown>[]).map((r) =>
      r["RoleName"] === "kiro-agent-deployer" ? { ...r, PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" } } : r,
    );
    const policies = (base["Policies"] as Record<string, unknown>[]).filter((p) => p["Arn"] !== "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
    const { input, errors } = readAuthorizationDetails({ ...base, RoleDetailList: roles, Policies: policies }, "g.json");
    expect(errors).toEqual([]);
    const { findings } = evaluateIam(input, policy, catalogue);
    expect(findings.filter((f) => f.subject.endsWith("role/kiro-agent-deployer"))).toEqual([]);
    // A customer managed boundary the file does not list still cannot be shown to restrict.
    const unlisted = readAuthorizationDetails({ ...base, Policies: (base["Policies"] as Record<string, unknown>[]).filter((p) => p["PolicyName"] !== "ReadOnlyBoundary") }, "g.json");
    expect(evaluateIam(unlisted.input, policy, catalogue).findings.some((f) => f.subject.endsWith("role/DeployFromGitHub"))).toBe(true);
  });

  it("a group missing from GroupDetailList is an error", () => {
    const { errors } = readAuthorizationDetails({ ...base, GroupDetailList: [] }, "g.json");
    expect(errors.map((e) => e.message)).toContain("user cursor-bot is in group deployers, which is not in GroupDetailList: its policies were not evaluated");
  });

  it("a managed policy without its default version, or a role without a name, is an error (and not a pass)", () => {
    const policies = (base["Policies"] as Record<string, unknown>[]).map((p) => (p["PolicyName"] === "AgentDeployPolicy" ? { ...p, PolicyVersionList: [] } : p));
    const roles = [...(base["RoleDetailList"] as Record<string, unknown>[]), { Arn: "arn:aws:iam::111111111111:role/x", RolePolicyList: [] }];
    const { input, errors } = readAuthorizationDetails({ ...base, Policies: policies, RoleDetailList: roles }, "g.json");
    expect(errors.map((e) => e.message)).toEqual([
      "managed policy arn:aws:iam::111111111111:policy/AgentDeployPolicy has no default version document in PolicyVersionList",
      "role entry has no RoleName",
    ]);
    // The policy it could not read is unverifiable on the agent that has it attached.
    const { findings } = evaluateIam(input, policy, catalogue);
    const kiro = findings.find((f) => f.subject.endsWith("role/kiro-agent-deployer") && f.rule === "agent-destructive-prod");
    expect(kiro?.evidence.some((e) => e.arn === "arn:aws:iam::111111111111:policy/AgentDeployPolicy" && e.note?.includes("not verified"))).toBe(true);
  });

  it("is told apart from other JSON", () => {
    expect(isAuthorizationDetails({ Statement: [] })).toBe(false);
    expect(isAuthorizationDetails({ RoleDetailList: [], Policies: [] })).toBe(true);
  });
});

describe("bare policy document", () => {
  it("is evaluated as if attached to an agent role in production", () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*" }\n  ]\n}\n';
    const parsed = parseSource(text);
    expect(isPolicyDocument(parsed.value)).toBe(true);
    expect(isPolicyDocument({ Resources: {}, Statement: [] })).toBe(false);
    const { input } = readPolicyDocumentFile(parsed.value, "policies/deploy.json", parsed.lineOf);
    const { findings } = evaluateIam(input, policy, catalogue);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      subject: "policies/deploy.json",
      message: "Policy policies/deploy.json, if attached to an agent role, can delete or replace production resources: rds:DeleteDBInstance on *",
    });
    expect(findings[0]?.evidence[0]).toMatchObject({ file: "policies/deploy.json", line: 4, pointer: "/Statement/0" });
    // The document itself (the stand-in principal) is cited at its first line.
    expect(findings[0]?.evidence.at(-1)).toMatchObject({ file: "policies/deploy.json", line: 1 });
    expect(readPolicyDocumentFile(parsed.value, "policies/deploy.json").input.principals[0]?.evidence).toStrictEqual({ file: "policies/deploy.json" }); // no line key without lines
  });
});
