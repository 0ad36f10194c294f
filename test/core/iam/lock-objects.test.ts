/**
 * Terraform's and OpenTofu's S3 state lock (backend "s3" use_lockfile, Terraform 1.10+): the lock
 * is the object `<state key>.tflock`, written at the start of a run and deleted at its end, so the
 * backend's documented least privilege grants s3:DeleteObject on it (Terraform S3 backend docs,
 * "Permissions Required"; the state object itself needs only GetObject and PutObject). An agent
 * role that runs `terraform plan` on production (ReadOnlyAccess-like plus the backend's
 * permissions) was flagged as deleting production. Verdicts written before running: DeleteObject on
 * resources that all end in `.tflock` deletes a lock, no data (not T1); on the state object, on a
 * prefix (`tfstate/*`), on `*.tflock*` or on any other object it deletes (T1).
 */
import { allow, destructive, policy, role } from "./helpers.js";
import type { Policy } from "../../../src/core/policy.js";

const BUCKET = "arn:aws:s3:::acme-tfstate";
const flagged = (statements: Record<string, unknown>[], p: Policy = policy): boolean => destructive(role(statements), p).length > 0;

// The backend's documented permissions for one state with S3 locking.
const backend = (lock: string): Record<string, unknown>[] => [
  allow("s3:ListBucket", BUCKET),
  allow(["s3:GetObject", "s3:PutObject"], `${BUCKET}/prod/network/terraform.tfstate`),
  allow(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], lock),
];

describe("Terraform's S3 state lock object", () => {
  it("the S3 backend's permissions (DeleteObject on the state's .tflock) are not T1", () => {
    expect(flagged(backend(`${BUCKET}/prod/network/terraform.tfstate.tflock`))).toBe(false);
  });
  it("every lock of a bucket (*.tflock, a key prefix before it) is not T1 either", () => {
    expect(flagged(backend(`${BUCKET}/*.tflock`))).toBe(false);
    expect(flagged(backend(`${BUCKET}/prod/*.tflock`))).toBe(false);
  });
  it("DeleteObject on the state itself, a prefix, a wildcard after .tflock or another object is T1", () => {
    expect(flagged([allow("s3:DeleteObject", `${BUCKET}/prod/network/terraform.tfstate`)])).toBe(true);
    expect(flagged([allow("s3:DeleteObject", `${BUCKET}/prod/*`)])).toBe(true);
    expect(flagged([allow("s3:DeleteObject", `${BUCKET}/*.tflock*`)])).toBe(true);
    expect(flagged([allow("s3:DeleteObject", `${BUCKET}/*.tflock?`)])).toBe(true);
    expect(flagged([allow("s3:DeleteObject", [`${BUCKET}/a.tflock`, `${BUCKET}/b.tfstate`])])).toBe(true);
    expect(flagged([allow("s3:DeleteObject", "*")])).toBe(true);
  });
  it("s3:DeleteObjectVersion on a lock key stays T1: only s3:DeleteObject is the backend's", () => {
    expect(flagged([allow("s3:DeleteObjectVersion", `${BUCKET}/prod/network/terraform.tfstate.tflock`)])).toBe(true);
  });
  it("without the lockObjects entry the lock's DeleteObject is T1 (the entry is what decides)", () => {
    const without: Policy = { ...policy, destructive: { ...policy.destructive, t1Delete: { ...policy.destructive.t1Delete, lockObjects: [] } } };
    expect(flagged(backend(`${BUCKET}/prod/network/terraform.tfstate.tflock`), without)).toBe(true);
  });
});
