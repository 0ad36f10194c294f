/**
 * Minified authorization details (every pointer on one line: `lineOf.everyLine`) are read with
 * plain evidence, not evidence that looks its line up when cited. Both readings must give the
 * same principals, findings and input errors, field for field and in the same key order.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { readAuthorizationDetails } from "../../../src/core/iam/authorization-details.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import type { PolicySource } from "../../../src/core/iam/model.js";
import { parsePolicyDocument } from "../../../src/core/iam/policy-document.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { catalogue, policy } from "./helpers.js";

const ACCOUNT = "111111111111";

/** Everything a reading gives, as JSON text (key order included), read through plain or deferred evidence. */
function reading(text: string, deferred: boolean): string {
  const parsed = parseSource(text);
  // A wrapper has no everyLine: the reading defers every line to when evidence is cited.
  const lineOf = deferred ? (pointer: string) => parsed.lineOf(pointer) : parsed.lineOf;
  const { input, errors } = readAuthorizationDetails(parsed.value, "gaad.json", lineOf);
  const sources = new Set<PolicySource>();
  for (const p of input.principals) {
    for (const s of p.policies) sources.add(s);
    if (p.trustPolicy) sources.add(p.trustPolicy);
    if (p.boundary && p.boundary !== "unresolved") sources.add(p.boundary);
  }
  const statements = [...sources].map((s) => {
    const { statements, errors } = parsePolicyDocument(s);
    return { evidence: s.evidence, statements: statements.map((st) => st.evidence), errors };
  });
  const evaluated = evaluateIam(input, policy, catalogue);
  const principals = input.principals.map((p) => ({ name: p.name, evidence: p.evidence, unresolved: p.unresolvedPolicies }));
  return JSON.stringify({ principals, statements, errors, findings: evaluated.findings, evaluationErrors: evaluated.errors });
}

function expectSameReadings(value: unknown, lead = "", trail = ""): void {
  const text = lead + JSON.stringify(value) + trail;
  expect(parseSource(text).lineOf.everyLine).toBe(lead.split("\n").length);
  expect(reading(text, false)).toBe(reading(text, true));
}

describe("authorization details on one line", () => {
  it.each(["gaad-cli.json", "gaad-sdk.json"])("%s minified: the same reading with plain evidence as with deferred lines", (name) => {
    const value: unknown = JSON.parse(readFileSync(new URL(`../../fixtures/iam/${name}`, import.meta.url), "utf8"));
    expectSameReadings(value);
    expectSameReadings(value, "\n\n", "\n");
  });

  it("without lines (an account read through the API), evidence has no line at all", () => {
    const value: unknown = JSON.parse(readFileSync(new URL("../../fixtures/iam/gaad-cli.json", import.meta.url), "utf8"));
    const { input } = readAuthorizationDetails(value, "iam", undefined);
    const role = input.principals.find((p) => p.name === "kiro-agent-deployer");
    expect(role?.evidence).toStrictEqual({ file: "iam", pointer: "/RoleDetailList/0", arn: `arn:aws:iam::${ACCOUNT}:role/kiro-agent-deployer` });
    expect(Object.keys(role?.policies[0]?.evidence ?? {})).toEqual(["file", "pointer", "policyName", "arn"]);
  });

  it("generated accounts, broken entries and statements included", () => {
    const statement = fc.oneof(
      fc.constant({ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-prod` }),
      fc.constant({ Effect: "Allow", Action: ["iam:PutRolePolicy", " s3:DeleteBucket "], Resource: "*" }),
      fc.constant({ Effect: "Deny", NotAction: "s3:GetObject", Resource: "*" }),
      fc.constant({ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${ACCOUNT}:role/*` }),
      fc.constant({ Action: "s3:DeleteBucket", Resource: "*" }),
      fc.constant({ Effect: "Allow", Action: [], Resource: [] }),
      fc.constant({ Effect: "Allow", Action: ["ok:Get", 7], NotResource: "arn:aws:s3:::x" }),
      fc.constant({ Effect: "Allow", Action: "*", Resource: "*", Condition: "nope" }),
      fc.constant("not a statement"),
    );
    const document = fc.oneof(
      fc.array(statement, { maxLength: 3 }).map((Statement) => ({ Version: "2012-10-17", Statement })),
      statement.map((Statement) => ({ Version: "2012-10-17", Statement })),
      // The SDK's URL-encoded JSON string, and one that is not JSON at all.
      fc.array(statement, { maxLength: 2 }).map((Statement) => encodeURIComponent(JSON.stringify({ Version: "2012-10-17", Statement }))),
      fc.constantFrom("%7Bbroken", { Version: "2012-10-17" }),
    );
    const managed = fc.array(document, { maxLength: 3 }).map((docs) =>
      docs.map((Document, i) => ({ PolicyName: `managed-${i}`, Arn: `arn:aws:iam::${ACCOUNT}:policy/managed-${i}`, DefaultVersionId: "v1", PolicyVersionList: [{ VersionId: "v1", IsDefaultVersion: true, Document }] })),
    );
    const role = fc.record({
      name: fc.constantFrom("kiro-agent-deployer", "claude-code-agent", "DeployFromGitHub", ""),
      inline: fc.array(document, { maxLength: 2 }),
      attached: fc.array(fc.nat(3), { maxLength: 2 }),
      boundary: fc.option(fc.nat(3)),
      tagged: fc.boolean(),
    });
    fc.assert(
      fc.property(managed, fc.array(role, { maxLength: 3 }), fc.boolean(), fc.constantFrom(["", ""], ["\n", "\n"], [" \r\n", "\t"]), (Policies, roles, truncated, [lead, trail]) => {
        const RoleDetailList = roles.map((r, i) => ({
          ...(r.name ? { RoleName: `${r.name}-${i}` } : {}),
          Arn: `arn:aws:iam::${ACCOUNT}:role/${r.name || "nameless"}-${i}`,
          AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] },
          RolePolicyList: r.inline.map((PolicyDocument, k) => ({ PolicyName: `inline-${k}`, PolicyDocument })),
          AttachedManagedPolicies: r.attached.map((n) => ({ PolicyName: `managed-${n}`, PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/managed-${n}` })),
          ...(r.boundary !== null ? { PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/managed-${r.boundary}` } } : {}),
          Tags: r.tagged ? [{ Key: "agent", Value: "true" }] : [],
        }));
        const value = { UserDetailList: [{ UserName: "cursor-bot", Arn: `arn:aws:iam::${ACCOUNT}:user/cursor-bot`, GroupList: ["missing"] }], GroupDetailList: [], RoleDetailList, Policies, ...(truncated ? { IsTruncated: true } : {}) };
        expectSameReadings(value, lead, trail);
      }),
      { numRuns: 150 },
    );
  });
});
