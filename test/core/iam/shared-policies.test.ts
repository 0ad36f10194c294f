/**
 * A managed policy attached to many principals is expanded once (issue 17 item 3: the engine
 * memoizes a statement's reach by its content). What differs per principal must still decide its
 * own verdict: another policy, a Deny, a boundary, and a statement written the same way in
 * another policy (which must cite that policy, not the first one read).
 */
import { readAuthorizationDetails } from "../../../src/core/iam/authorization-details.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import type { Finding } from "../../../src/core/finding.js";
import type { IamInput } from "../../../src/core/iam/model.js";
import { catalogue, policy, PROD_ACCOUNT } from "./helpers.js";

const NOW = Date.parse("2026-06-01T00:00:00Z");
const arn = (kind: string, name: string): string => `arn:aws:iam::${PROD_ACCOUNT}:${kind}/${name}`;
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement });
const shared = { Effect: "Allow", Action: ["s3:DeleteBucket", "dynamodb:DeleteTable"], Resource: "*" };

const managed = (name: string, document: unknown) => ({
  PolicyName: name,
  Arn: arn("policy", name),
  DefaultVersionId: "v1",
  PolicyVersionList: [{ VersionId: "v1", IsDefaultVersion: true, Document: document }],
});

const role = (name: string, extra: Record<string, unknown> = {}) => ({
  RoleName: name,
  Arn: arn("role", name),
  AssumeRolePolicyDocument: doc({ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }),
  RolePolicyList: [],
  AttachedManagedPolicies: [{ PolicyName: "Shared", PolicyArn: arn("policy", "Shared") }],
  ...extra,
});

const roles = [
  role("agent-plain"),
  role("agent-denied", { RolePolicyList: [{ PolicyName: "no-buckets", PolicyDocument: doc({ Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }) }] }),
  role("agent-bounded", { PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: arn("policy", "ReadTables") } }),
  role("agent-copy", {
    AttachedManagedPolicies: [],
    RolePolicyList: [{ PolicyName: "copy", PolicyDocument: doc(shared, { Effect: "Allow", Action: "rds:DeleteDBInstance", Resource: "*" }) }],
  }),
];

const details = (list: unknown[]) => ({
  UserDetailList: [],
  GroupDetailList: [],
  RoleDetailList: list,
  Policies: [managed("Shared", doc(shared)), managed("ReadTables", doc({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }))],
});

function verdicts(input: IamInput): Map<string, Finding[]> {
  const { findings, errors } = evaluateIam(input, policy, catalogue, { now: NOW });
  expect(errors).toEqual([]);
  const out = new Map<string, Finding[]>();
  for (const f of findings) out.set(f.subject, [...(out.get(f.subject) ?? []), f]);
  return out;
}

/** A verdict without the principal's position in the file (which moves when the list is reordered). */
const verdict = (findings: Finding[] | undefined) =>
  findings?.map((f) => ({ rule: f.rule, message: f.message, actions: f.actions, cited: f.evidence.map((e) => [e.policyName, e.statementIndex, e.arn, e.note]) }));

const read = (list: unknown[]) => readAuthorizationDetails(details(list), "gaad.json").input;
const destructive = (found: Map<string, Finding[]>, name: string) => found.get(arn("role", name))?.find((f) => f.rule === "agent-destructive-prod");

describe("principals sharing a managed policy", () => {
  const together = verdicts(read(roles));

  it("share one document object (the case the memo is for)", () => {
    const input = read(roles);
    const [plain, denied] = input.principals;
    const sharedOf = (p: typeof plain) => p?.policies.find((s) => s.name === "Shared");
    expect(sharedOf(plain)).toBeDefined();
    expect(sharedOf(plain)).toBe(sharedOf(denied));
  });

  it("each get their own verdict: another policy, a Deny and a boundary still decide", () => {
    expect(destructive(together, "agent-plain")?.actions).toEqual(["dynamodb:DeleteTable", "s3:DeleteBucket"]);
    expect(destructive(together, "agent-denied")?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(destructive(together, "agent-bounded")).toBeUndefined();
    expect(destructive(together, "agent-copy")?.actions).toEqual(["dynamodb:DeleteTable", "rds:DeleteDBInstance", "s3:DeleteBucket"]);
  });

  it("a statement written like the shared one cites its own policy", () => {
    const names = destructive(together, "agent-copy")?.evidence.map((e) => e.policyName).filter(Boolean);
    expect(names).toEqual(["copy", "copy"]);
    expect(destructive(together, "agent-plain")?.evidence.map((e) => e.policyName).filter(Boolean)).toEqual(["Shared"]);
  });

  it("match what each principal gets when evaluated alone, in any order", () => {
    const reversed = verdicts(read([...roles].reverse()));
    for (const r of roles) {
      const alone = verdicts(read([r]));
      const subject = arn("role", r.RoleName);
      expect(verdict(together.get(subject))).toEqual(verdict(alone.get(subject)));
      expect(verdict(reversed.get(subject))).toEqual(verdict(alone.get(subject)));
    }
  });
});
