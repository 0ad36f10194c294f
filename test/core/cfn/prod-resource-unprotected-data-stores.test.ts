/**
 * prod-resource-unprotected on templates holding the data stores statefulResourceTypes used to
 * miss (test/fixtures/cfn/stateful/README.md: what each template holds, and the verdicts decided
 * from CloudFormation's documentation before running). In a production stack each store without
 * Retain is an error naming both gaps; each one with DeletionPolicy and UpdateReplacePolicy Retain
 * passes. None of these types supports Snapshot, so Snapshot protects none of them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { rule } from "../../../src/core/cfn/prod-resource-unprotected.js";
import { readTemplate, type TemplateInput } from "../../../src/core/cfn/template.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const dir = path.join(import.meta.dirname, "../../fixtures/cfn/stateful");

function evaluate(name: string, stackName = "OrdersProd", edit?: (resources: Record<string, Record<string, unknown>>) => void) {
  const file = path.join(dir, name);
  const parsed = parseSource(readFileSync(file, "utf8"));
  if (edit) edit((parsed.value as { Resources: Record<string, Record<string, unknown>> }).Resources);
  const input: TemplateInput = { file, value: parsed.value, lineOf: parsed.lineOf, stackName, terminationProtection: true };
  const read = readTemplate(input, policy);
  expect(read.errors).toEqual([]);
  return rule.evaluate(input, read, policy);
}

const BOTH_GAPS = /is unprotected: a stack delete destroys it \(DeletionPolicy is Delete \(the default\)\); a replacement destroys it \(UpdateReplacePolicy is Delete \(the default\)\)\. Set DeletionPolicy and UpdateReplacePolicy to Retain\.$/;

describe.each([
  ["databases-caches.yaml", ["SessionCache", "MetricsDb", "ShopDatabase"], ["SessionCacheRetained", "MetricsCluster", "PatientRecords"]],
  ["messages-events.yaml", ["OrdersBroker", "OrdersArchive", "DockCameraStream"], ["OrdersArchiveRetained", "InboundMailArchive"]],
  ["storage.yaml", ["ProjectsVolume", "WebDisk", "ArchiveVolume", "ClickstreamTable"], ["MediaBucket", "DesktopVolume", "RecoveryVault"]],
  ["source-keys-identities.yaml", ["PlatformRepo", "RootCA", "PaymentsHsm", "AppIdentities"], ["IssuingCA", "SharingPolicies"]],
  ["records.yaml", ["CustomerFeatures", "IncidentReplication"], ["OpsInvestigations"]],
])("%s", (name, unprotected, retained) => {
  it("flags each production data store without Retain, with both gaps, at its line", () => {
    const findings = evaluate(name);
    expect(findings.map((f) => f.subject)).toEqual(unprotected.map((id) => `OrdersProd/${id}`));
    for (const finding of findings) {
      expect(finding.severity).toBe("error");
      expect(finding.message).toMatch(BOTH_GAPS);
      expect(finding.evidence[0]?.line).toBeGreaterThan(1);
    }
  });

  it("passes the stores kept with DeletionPolicy and UpdateReplacePolicy Retain", () => {
    const subjects = evaluate(name).map((f) => f.subject);
    for (const id of retained) expect(subjects).not.toContain(`OrdersProd/${id}`);
    // Retain alone decides: the same store with its policies removed is flagged.
    const stripped = evaluate(name, "OrdersProd", (resources) => {
      for (const id of retained) {
        delete resources[id]?.DeletionPolicy;
        delete resources[id]?.UpdateReplacePolicy;
      }
    }).map((f) => f.subject);
    expect(stripped).toEqual(expect.arrayContaining(retained.map((id) => `OrdersProd/${id}`)));
  });

  it("Snapshot protects none of them", () => {
    const findings = evaluate(name, "OrdersProd", (resources) => {
      for (const id of unprotected) Object.assign(resources[id] ?? {}, { DeletionPolicy: "Snapshot", UpdateReplacePolicy: "Snapshot" });
    });
    expect(findings.map((f) => f.subject)).toEqual(unprotected.map((id) => `OrdersProd/${id}`));
    for (const finding of findings) expect(finding.message).toContain("Snapshot, which CloudFormation does not support for");
  });

  it("a non-production stack is not judged", () => {
    expect(evaluate(name, "orders-dev").filter((f) => f.subject !== "orders-dev")).toEqual([]);
  });
});

test("deletion protection that is not read as such (SSM Incidents' DeletionProtected guards the last Region; a policy store's is an object) leaves the delete gap", () => {
  const findings = evaluate("records.yaml").filter((f) => f.subject === "OrdersProd/IncidentReplication");
  expect(findings.map((f) => f.message.includes("a stack delete destroys it"))).toEqual([true]);
  const store = evaluate("source-keys-identities.yaml", "OrdersProd", (resources) => {
    delete resources.SharingPolicies?.DeletionPolicy;
  }).filter((f) => f.subject === "OrdersProd/SharingPolicies");
  expect(store.map((f) => f.message.includes("a stack delete destroys it"))).toEqual([true]);
});
