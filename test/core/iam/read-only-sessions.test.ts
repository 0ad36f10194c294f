/**
 * S3 Express One Zone sessions (destructive-actions.yaml t1Delete.readOnlySessions): every object
 * request to a directory bucket is authorized by s3express:CreateSession, whose session is
 * ReadWrite (DeleteObject included) unless the s3express:SessionMode condition key pins ReadOnly
 * (S3 User Guide, "Authorizing Zonal endpoint API operations with CreateSession"). Verdicts
 * written before running: a session on a production directory bucket deletes unless every Allow
 * of it pins the read-only mode.
 */
import { PolicyParser, analyzePrincipal, provablyGrants, type AnalysisContext } from "../../../src/core/iam/access.js";
import { allow, catalogue, destructive, policy, role } from "./helpers.js";

const BUCKET = "arn:aws:s3express:us-east-1:111111111111:bucket/orders-prod--use1-az4--x-s3";
const flagged = (statements: Record<string, unknown>[]): boolean => destructive(role(statements)).length > 0;
const session = (condition?: Record<string, unknown>) => allow("s3express:CreateSession", BUCKET, condition ? { Condition: condition } : {});

describe("s3express:CreateSession", () => {
  it("with no condition (the S3 User Guide's read-write example, and s3express:* ): T1", () => {
    expect(flagged([session()])).toBe(true);
    expect(flagged([allow("s3express:*", BUCKET)])).toBe(true);
    expect(flagged([allow("S3Express:createsession", BUCKET)])).toBe(true);
  });
  it("pinned to ReadOnly (StringEquals, StringEqualsIgnoreCase, StringLike without a wildcard): not T1", () => {
    expect(flagged([session({ StringEquals: { "s3express:SessionMode": "ReadOnly" } })])).toBe(false);
    expect(flagged([session({ StringEquals: { "S3Express:SessionMode": ["ReadOnly"] } })])).toBe(false);
    expect(flagged([session({ StringEqualsIgnoreCase: { "s3express:SessionMode": "readonly" } })])).toBe(false);
    expect(flagged([session({ StringLike: { "s3express:SessionMode": "ReadOnly" } })])).toBe(false);
  });
  it("IfExists, a negation, a wildcard, ReadWrite among the values, another key, or a value in the wrong case: T1", () => {
    expect(flagged([session({ StringEqualsIfExists: { "s3express:SessionMode": "ReadOnly" } })])).toBe(true);
    expect(flagged([session({ StringNotEquals: { "s3express:SessionMode": "ReadWrite" } })])).toBe(true);
    expect(flagged([session({ StringLike: { "s3express:SessionMode": "Read*" } })])).toBe(true);
    expect(flagged([session({ StringEquals: { "s3express:SessionMode": ["ReadOnly", "ReadWrite"] } })])).toBe(true);
    expect(flagged([session({ StringEquals: { "aws:RequestedRegion": "us-east-1" } })])).toBe(true);
    expect(flagged([session({ StringEquals: { "s3express:SessionMode": "readonly" } })])).toBe(true);
  });
  it("the finding says why a session counts", () => {
    const [f] = destructive(role([session()]));
    expect(f?.message).toContain("s3express:CreateSession: it counts because its session can delete (it is read-write unless the Allow pins s3express:SessionMode to ReadOnly)");
  });
  it("a read-only Allow beside a read-write one still deletes", () => {
    expect(flagged([session({ StringEquals: { "s3express:SessionMode": "ReadOnly" } }), allow("s3express:CreateSession", "arn:aws:s3express:us-east-1:111111111111:bucket/*")])).toBe(true);
  });
  it("the fast proof agrees with the full analysis", () => {
    const context = (): AnalysisContext => ({ policy, catalogue, parser: new PolicyParser(), now: Date.now() });
    for (const [statements, expected] of [
      [[session()], true],
      [[session({ StringEquals: { "s3express:SessionMode": "ReadOnly" } })], false],
    ] as const) {
      const principal = role([...statements]);
      expect(analyzePrincipal(principal, context()).grants.some((g) => g.production && g.tiers.has("delete"))).toBe(expected);
      expect(provablyGrants(principal, context(), ["delete"])).toBe(expected);
    }
  });
});
